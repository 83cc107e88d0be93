"""The calendar's per-cell query: the first items of each day or channel-week, and counts."""

from __future__ import annotations

import random
from datetime import date, time, timedelta

import pytest

from streamdesk.domain import Item, ItemStatus, Stream
from streamdesk.gui.calendar.filters import ItemFilter
from streamdesk.storage import repository

START = date(2027, 3, 1)
FILTERS = [
    ItemFilter(),
    ItemFilter(text="ÉTÉ"),  # case-insensitive beyond ASCII, as the list's filter
    ItemFilter(status=ItemStatus.DRAFT, owner="Ana"),
]


@pytest.fixture(params=["sparse", "busy"])
def plan(request, empty_pf):  # type: ignore[no-untyped-def]
    """Items over five weeks: a few a day, or dozens a day (the per-day query path)."""
    rng = random.Random(3)
    channels = [c.id for c in repository.list_channels(empty_pf, Stream.DOWNSTREAM)]
    per_day = 3 if request.param == "sparse" else 40
    items = []
    for day in range(35):
        for n in range(rng.randint(0, per_day)):
            items.append(
                Item(
                    f"{'Été' if n % 5 == 0 else 'Post'} {day}-{n}",
                    START + timedelta(days=day),
                    rng.choice(channels),
                    time=None if n % 3 == 0 else time(rng.randint(8, 17), 0),
                    status=rng.choice(list(ItemStatus)),
                    owner=rng.choice(["Ana", "Bo"]),
                )
            )
    repository.bulk_insert(empty_pf, items)
    return empty_pf


def expected(pf, start: date, end: date, limit: int, origin: date | None, f: ItemFilter):  # type: ignore[no-untyped-def]
    cells: dict[object, list[Item]] = {}
    for item in repository.list_items(pf, start, end):
        if f.matches(item):
            key = item.date if origin is None else (item.channel_id, (item.date - origin).days // 7)
            cells.setdefault(key, []).append(item)
    return {k: v[:limit] for k, v in cells.items()}, {k: len(v) for k, v in cells.items()}


@pytest.mark.parametrize("item_filter", FILTERS)
@pytest.mark.parametrize("by_week", [False, True])
def test_items_per_cell_matches_the_full_list(plan, item_filter: ItemFilter, by_week: bool) -> None:  # type: ignore[no-untyped-def]
    start, end = START + timedelta(days=3), START + timedelta(days=30)
    origin = start if by_week else None
    items, counts = repository.items_per_cell(
        plan,
        start,
        end,
        2,
        week_origin=origin,
        channel_id=item_filter.channel_id,
        status=item_filter.status,
        owner=item_filter.owner,
        text=item_filter.text,
    )
    first, total = expected(plan, start, end, 2, origin, item_filter)
    assert counts == total and total
    got: dict[object, list[Item]] = {}
    for item in items:
        key = item.date if origin is None else (item.channel_id, (item.date - origin).days // 7)
        got.setdefault(key, []).append(item)
    assert got == first
    assert items == sorted(items, key=lambda i: (i.date, i.time is not None, i.time, i.id))
    assert repository.count_items_between(plan, start, end) == len(
        repository.list_items(plan, start, end)
    )
