"""Reading the calendar's cells: the per-cell query, the cache (without Qt), and an edit
that reads only the days it touched yet shows what a full read shows."""

from __future__ import annotations

import os
import random
import subprocess
import sys
from datetime import date, time, timedelta
from pathlib import Path

import pytest
from calendar_helpers import (
    ONE_DAY,
    chip_in_month,
)

from streamdesk.domain import Item, ItemStatus, Stream
from streamdesk.gui import commands
from streamdesk.gui.calendar import CalendarWidget
from streamdesk.gui.calendar.cell_cache import CellCache, Period
from streamdesk.gui.calendar.filters import ItemFilter
from streamdesk.storage import StorageError, repository

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


@pytest.mark.parametrize("filtered", [False, True])
def test_an_edit_reads_only_the_days_it_touched_and_shows_what_a_full_read_shows(
    cal: CalendarWidget, document, monkeypatch: pytest.MonkeyPatch, filtered: bool
) -> None:  # type: ignore[no-untyped-def]
    from streamdesk.gui.calendar.filters import ItemFilter

    if filtered:
        cal.set_filter(ItemFilter(status=ItemStatus.PUBLISHED))
    grid = cal.monthGrid
    cal.next_month()
    cal.previous_month()  # April is kept too: an edit must not leave it stale
    reads: list[tuple[date, date]] = []
    real = repository.items_per_cell
    monkeypatch.setattr(
        repository,
        "items_per_cell",
        lambda pf, s, e, *a, **k: reads.append((s, e)) or real(pf, s, e, *a, **k),
    )

    def shown() -> tuple[list[int], dict]:
        return [i.id for i in grid.items()], {d: grid.cell_count(d) for d in grid._cells}

    def as_a_full_read_shows() -> bool:
        patched = shown()
        cal._cell_cache.clear()
        cal.reload()
        return patched == shown()

    item = chip_in_month(cal)
    first_shown, _ = grid.visible_range()
    busy = [item.replace(id=None, title=f"Busy {n}", date=first_shown) for n in range(12)]

    def now() -> Item:
        return repository.get(document.pf, Item, item.id)

    edits = [
        lambda: commands.create(document, busy, "Add a busy day"),  # more than a cell shows
        lambda: commands.edit(document, [now()], [item.replace(date=item.date + ONE_DAY)], "Move"),
        lambda: commands.edit(document, [now()], [item.replace(date=first_shown)], "Onto it"),
    ]
    for command in edits:
        reads.clear()
        assert document.execute(command())
        assert reads and all(s == e for s, e in reads), "only single days are read again"
        assert as_a_full_read_shows()
    if not filtered or item.status is ItemStatus.PUBLISHED:
        assert grid.cell_count(first_shown) > len(grid.cell_items(first_shown))  # "+N more"
    document.undo()  # back to the day after
    assert as_a_full_read_shows()
    moved = repository.get(document.pf, Item, item.id)
    assert document.execute(
        commands.edit(document, [moved], [moved.replace(date=date(2027, 4, 2))], "To April")
    )
    assert as_a_full_read_shows()
    cal.next_month()
    assert item.id in [i.id for i in grid.items()] or grid.cell_count(date(2027, 4, 2)) > 0
    assert as_a_full_read_shows()
    document.undo()
    cal.previous_month()
    assert as_a_full_read_shows()


# -- the cache on its own: plain Python, no widget ---------------------------------------------

MONTH = Period("monthGrid", date(2027, 2, 22), date(2027, 4, 4), 3)  # March 2027's six weeks
APRIL = Period("monthGrid", date(2027, 3, 29), date(2027, 5, 2), 3)
MAY = Period("monthGrid", date(2027, 4, 26), date(2027, 6, 6), 3)


def counted_reads(monkeypatch: pytest.MonkeyPatch) -> list[tuple[date, date]]:
    """The (start, end) of every per-cell query from now on."""
    reads: list[tuple[date, date]] = []
    real = repository.items_per_cell
    monkeypatch.setattr(
        repository,
        "items_per_cell",
        lambda pf, s, e, *a, **k: reads.append((s, e)) or real(pf, s, e, *a, **k),
    )
    return reads


def test_a_period_is_read_once_and_the_least_recent_is_dropped(pf, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    reads = counted_reads(monkeypatch)
    cache = CellCache(lambda: pf, size=2)
    items, counts, total = cache.read(MONTH)
    assert total == repository.count_items_between(pf, MONTH.start, MONTH.end) > 0
    assert sum(counts.values()) == total and len(items) <= total
    assert cache.read(MONTH) == (items, counts, total) and len(reads) == 1
    cache.read(APRIL)
    cache.read(MONTH)  # used again: April is now the least recent
    cache.read(MAY)
    assert MONTH in cache and MAY in cache and APRIL not in cache and len(cache) == 2
    assert len(reads) == 3


def test_an_edit_is_read_again_on_the_days_it_touched_only(pf, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    weeks = Period("channelGrid", MONTH.start, MONTH.end, 2, by_week=True)
    published = Period(
        "monthGrid", MONTH.start, MONTH.end, 3, ItemFilter(status=ItemStatus.PUBLISHED)
    )
    cache = CellCache(lambda: pf)
    for period in (MONTH, weeks, published, MAY):
        cache.read(period)
    item = repository.list_items(pf, date(2027, 3, 1), date(2027, 3, 31))[0]
    moved = item.replace(date=item.date + timedelta(days=2), status=ItemStatus.PUBLISHED)
    with pf.transaction():
        repository.apply_changes(pf, [item], [moved])
    reads = counted_reads(monkeypatch)
    cache.patch({item.date, moved.date})
    assert sorted(reads) == sorted((d, d) for d in {item.date, moved.date} for _ in range(2))
    assert weeks not in cache  # week cells are read again when shown
    for period in (MONTH, published, MAY):
        assert cache.read(period) == CellCache(lambda: pf).read(period)
    assert moved.id in [i.id for i in cache.read(published)[0]]


def test_prefetch_reads_what_is_not_kept_and_stops_on_a_plan_it_cannot_read(
    pf, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    cache = CellCache(lambda: pf)
    cache.read(MONTH)
    assert cache.prefetch([MONTH, APRIL]) == 1 and APRIL in cache

    def gone(*args: object, **kwargs: object) -> None:
        raise StorageError("the plan file went away")

    monkeypatch.setattr(repository, "items_per_cell", gone)
    assert cache.prefetch([MAY]) == 0 and MAY not in cache


def test_prefetch_lets_a_bug_surface(pf, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def bug(*args: object, **kwargs: object) -> None:
        raise TypeError("a bug in reading")

    monkeypatch.setattr(repository, "items_per_cell", bug)
    with pytest.raises(TypeError, match="a bug in reading"):
        CellCache(lambda: pf).prefetch([MONTH])


def test_the_cache_and_the_filter_import_no_qt() -> None:
    root = Path(__file__).resolve().parents[2]
    code = (
        "import sys\n"
        "import streamdesk.gui.calendar.cell_cache, streamdesk.gui.calendar.filters\n"
        "print(sorted(m for m in sys.modules if m.startswith('PySide6')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(root)},
        check=True,
    )
    assert done.stdout.strip() == "[]"
