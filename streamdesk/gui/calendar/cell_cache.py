"""The calendar's reads of a period, kept: what the grids show for a month or a quarter.

Plain Python (no Qt), so it is tested without a widget. A grid asks for a :class:`Period`
(its first few items per cell, the cell counts and the unfiltered total); the last few
periods shown, and the neighbours prefetched while the user pauses, are kept until the plan
changes, so flipping between months does not read them again. After an edit of items on a
few days, only those days are read again in the day-cell periods kept (a drop touches two
days of 42); periods of week cells are dropped and read again when shown.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from datetime import date, time

from streamdesk.domain import Item
from streamdesk.gui.calendar.filters import ItemFilter
from streamdesk.storage import PlanFile, StorageError, repository

CACHED_PERIODS = 8

CellRead = tuple[list[Item], dict[Hashable, int], int]
"""A period's first items per cell, how many each cell has, and the unfiltered total."""


@dataclass(frozen=True)
class Period:
    """One period of one grid, as it is read (and the key it is kept under)."""

    view: str  # which grid: two grids may show the same dates
    start: date
    end: date
    capacity: int  # chips a cell shows: more are only counted
    item_filter: ItemFilter = field(default_factory=ItemFilter)
    by_week: bool = False  # cells are (channel, week from ``start``), not days


def _order(item: Item) -> tuple[date, bool, time, int]:
    """The order ``repository.items_per_cell`` returns items in."""
    return (item.date, item.time is not None, item.time or time.min, item.id or 0)


class CellCache:
    """A few periods' reads, most recently used last.

    ``plan`` gives the plan file to read at the time of reading (the document's current one).
    """

    def __init__(self, plan: Callable[[], PlanFile], size: int = CACHED_PERIODS) -> None:
        self._plan = plan
        self._size = size
        self._kept: OrderedDict[Period, CellRead] = OrderedDict()

    def __len__(self) -> int:
        return len(self._kept)

    def __contains__(self, period: object) -> bool:
        return period in self._kept

    def clear(self) -> None:
        self._kept.clear()

    def read(self, period: Period) -> CellRead:
        """The period's cells: kept, or read from the plan now and kept."""
        hit = self._kept.get(period)
        if hit is not None:
            self._kept.move_to_end(period)
            return hit
        pf = self._plan()
        items, counts = repository.items_per_cell(
            pf,
            period.start,
            period.end,
            period.capacity,
            week_origin=period.start if period.by_week else None,
            **period.item_filter.query(),
        )
        result: CellRead = (
            items,
            dict(counts),
            repository.count_items_between(pf, period.start, period.end),
        )
        self._kept[period] = result
        while len(self._kept) > self._size:
            self._kept.popitem(last=False)
        return result

    def prefetch(self, periods: Iterable[Period]) -> int:
        """Read ``periods`` ahead of being shown; returns how many were read.

        Best effort: a plan that cannot be read now (a :class:`StorageError`, e.g. a file
        that went away) stops the prefetch quietly, because showing the period will read it
        again and report the error. Anything else is a bug and is raised.
        """
        read = 0
        for period in periods:
            if period in self._kept:
                continue
            try:
                self.read(period)
            except StorageError:
                return read
            read += 1
        return read

    def patch(self, days: Iterable[date]) -> None:
        """After an edit of items on ``days``: read those days again in every day-cell
        period kept, instead of whole months; drop the week-cell periods."""
        days = frozenset(days)
        pf = self._plan()
        for period, (items, counts, _) in list(self._kept.items()):
            if period.by_week:
                del self._kept[period]  # a channel grid's cells are weeks: read again
                continue
            touched = {d for d in days if period.start <= d <= period.end}
            if not touched:
                continue
            kept = [i for i in items if i.date not in touched]
            fresh_counts: dict[Hashable, int] = {
                d: n for d, n in counts.items() if d not in touched
            }
            query = period.item_filter.query()
            for day in sorted(touched):
                fresh, day_counts = repository.items_per_cell(
                    pf, day, day, period.capacity, **query
                )
                kept += fresh
                fresh_counts.update(day_counts)
            kept.sort(key=_order)
            total = repository.count_items_between(pf, period.start, period.end)
            self._kept[period] = (kept, fresh_counts, total)
