"""Days to pixels and back, and the calendar units the time axis shows at each zoom.

Plain Python (no Qt) so the arithmetic is easy to test and cheap to call per bar.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from streamdesk.domain.text import MONTH_NAMES

ZOOMS: dict[str, float] = {"week": 18.0, "month": 3.5, "quarter": 1.2}
"""Pixels per day of the three zoom presets, from the closest to the widest view."""

MIN_PPD = 0.4
MAX_PPD = 40.0

MONTHS = MONTH_NAMES


@dataclass(frozen=True, slots=True)
class Unit:
    """One labelled span of the axis: [first, after) with its label."""

    first: date
    after: date
    label: str
    weekend: bool = False


def _month_start(d: date) -> date:
    return d.replace(day=1)


def _add_months(d: date, months: int) -> date:
    index = d.year * 12 + d.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


class TimeScale:
    """Maps dates to x positions: day ``origin`` starts at x = 0, each day is ``ppd`` wide."""

    def __init__(self, origin: date, ppd: float, week_start: int = 0) -> None:
        self.origin = origin
        self.ppd = ppd
        self.week_start = week_start
        self.months: Sequence[str] = MONTHS  # the view sets the locale's names
        self.short_months: Sequence[str] = tuple(name[:3] for name in MONTHS)

    def x_of(self, day: date) -> float:
        return (day - self.origin).days * self.ppd

    def x_after(self, day: date) -> float:
        """The right edge of ``day`` (where the next day starts)."""
        return ((day - self.origin).days + 1) * self.ppd

    def day_at(self, x: float) -> date:
        return self.origin + timedelta(days=math.floor(x / self.ppd))

    def days_for(self, dx: float) -> int:
        """A horizontal drag of ``dx`` pixels, snapped to whole days."""
        return round(dx / self.ppd)

    # -- what the axis shows --------------------------------------------------------------

    def levels(self) -> tuple[str, str]:
        """(top, bottom) units of the header at the current zoom."""
        if self.ppd >= 10:
            return "month", "day"
        if self.ppd >= 2.5:
            return "month", "week"
        if self.ppd >= 0.9:
            return "quarter", "month"
        return "year", "quarter"

    def units(self, kind: str, first: date, last: date) -> Iterator[Unit]:
        """The units of ``kind`` that overlap [first, last], labelled to fit their width."""
        if kind == "day":
            day = first
            while day <= last:
                yield Unit(day, day + timedelta(days=1), str(day.day), day.weekday() >= 5)
                day += timedelta(days=1)
        elif kind == "week":
            day = first - timedelta(days=(first.weekday() - self.week_start) % 7)
            while day <= last:
                yield Unit(day, day + timedelta(days=7), str(day.day))
                day += timedelta(days=7)
        elif kind == "month":
            day = _month_start(first)
            width = 30 * self.ppd
            while day <= last:
                name = self.months[day.month - 1]
                short = self.short_months[day.month - 1]
                if width >= 110:
                    label = f"{name} {day.year}"
                elif width >= 60:
                    label = f"{short} {day.year}"
                elif width >= 24:
                    label = short
                else:
                    label = name[0]
                yield Unit(day, _add_months(day, 1), label)
                day = _add_months(day, 1)
        elif kind == "quarter":
            day = _add_months(_month_start(first), -((first.month - 1) % 3))
            width = 91 * self.ppd
            while day <= last:
                quarter = (day.month - 1) // 3 + 1
                label = f"Q{quarter} {day.year}" if width >= 60 else f"Q{quarter}"
                yield Unit(day, _add_months(day, 3), label)
                day = _add_months(day, 3)
        elif kind == "year":
            day = date(first.year, 1, 1)
            while day <= last:
                yield Unit(day, date(day.year + 1, 1, 1), str(day.year))
                day = date(day.year + 1, 1, 1)
        else:
            raise ValueError(f"unknown unit {kind!r}")
