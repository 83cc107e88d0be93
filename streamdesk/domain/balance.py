"""Upstream vs downstream effort and budget per period: a pure function of the plan.

An initiative's effort and budget are spread evenly over its days (a milestone
has one day); an item counts on its date; cancelled items count nowhere.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Any, NamedTuple

from streamdesk.domain.errors import ValidationError
from streamdesk.domain.model import BalanceMeasure, Initiative, Item, Plan


class Period(StrEnum):
    WEEK = "week"
    MONTH = "month"


@dataclass(frozen=True, slots=True)
class PeriodBalance:
    period: str
    start: date
    end: date  # inclusive
    upstream_hours: float = 0.0
    downstream_hours: float = 0.0
    upstream_budget: float = 0.0
    downstream_budget: float = 0.0
    upstream_count: float = 0.0
    downstream_count: int = 0
    upstream_share: float | None = None
    in_band: bool | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "period": self.period,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "upstream_hours": round(self.upstream_hours, 2),
            "downstream_hours": round(self.downstream_hours, 2),
            "upstream_budget": round(self.upstream_budget, 2),
            "downstream_budget": round(self.downstream_budget, 2),
            "upstream_share": None
            if self.upstream_share is None
            else round(self.upstream_share, 3),
            "in_band": self.in_band,
        }


def period_start(day: date, by: Period | str, week_start: int = 0) -> date:
    if Period(by) is Period.MONTH:
        return day.replace(day=1)
    return day - timedelta(days=(day.weekday() - week_start) % 7)


def next_period_start(start: date, by: Period | str) -> date:
    if Period(by) is Period.MONTH:
        return date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return start + timedelta(days=7)


def period_label(start: date, by: Period | str) -> str:
    if Period(by) is Period.MONTH:
        return f"{start.year:04d}-{start.month:02d}"
    return start.isoformat()


def period_bounds(first: date, last: date, by: Period | str, week_start: int = 0) -> list[date]:
    """Start dates of every period from the one holding ``first`` to the one holding ``last``."""
    starts = []
    current = period_start(first, by, week_start)
    while current <= last:
        starts.append(current)
        current = next_period_start(current, by)
    return starts


def share(upstream: float, downstream: float) -> float | None:
    total = upstream + downstream
    return None if total <= 0 else upstream / total


class DayTotals(NamedTuple):
    """The downstream items of one day that count in the balance, summed."""

    day: date
    hours: float
    cost: float
    item_count: int  # not `count`, which would hide tuple.count()


def daily_totals(items: Iterable[Item]) -> list[DayTotals]:
    """Sum the items that count in the balance per day, in date order."""
    totals: dict[date, list[float]] = {}
    for item in items:
        if item.counts_in_balance:
            t = totals.setdefault(item.date, [0.0, 0.0, 0])
            t[0] += item.effort_hours
            t[1] += item.cost
            t[2] += 1
    return [DayTotals(d, t[0], t[1], int(t[2])) for d, t in sorted(totals.items())]


def compute_balance(
    plan: Plan,
    initiatives: Iterable[Initiative],
    items: Iterable[Item],
    by: Period | str = Period.WEEK,
    start: date | None = None,
    end: date | None = None,
    *,
    clip: bool = False,
) -> list[PeriodBalance]:
    return compute_balance_from_days(
        plan, initiatives, daily_totals(items), by, start, end, clip=clip
    )


def compute_balance_from_days(
    plan: Plan,
    initiatives: Iterable[Initiative],
    day_totals: Iterable[DayTotals],
    by: Period | str = Period.WEEK,
    start: date | None = None,
    end: date | None = None,
    *,
    clip: bool = False,
) -> list[PeriodBalance]:
    """The balance from per-day downstream totals (what storage can sum without loading items).

    ``clip``: the first and last periods hold only the days from ``start`` to ``end`` (a
    range the user chose, e.g. 15 April to 10 June), and only those days of an initiative
    count; without it every period is a whole week or month.
    """
    try:
        by = Period(by)
    except ValueError:
        raise ValidationError(f"unknown period {by!r} (expected week or month)", "by") from None
    initiatives = list(initiatives)
    day_totals = list(day_totals)
    if start is None or end is None:
        dates = [i.start for i in initiatives] + [i.end for i in initiatives]
        dates += [d.day for d in day_totals]
        if not dates:
            return []
        start = start or min(dates)
        end = end or max(dates)
    if end < start:
        raise ValidationError("the balance period ends before it starts", "end")

    starts = period_bounds(start, end, by, plan.week_start)
    limit = next_period_start(starts[-1], by)
    lower = start if clip else starts[0]  # the days that count: lower <= day < upper
    upper = end + timedelta(days=1) if clip else limit
    n = len(starts)
    up_hours = [0.0] * n
    up_budget = [0.0] * n
    up_count = [0.0] * n
    down_hours = [0.0] * n
    down_budget = [0.0] * n
    down_count = [0] * n

    for initiative in initiatives:
        first = max(initiative.start, lower)
        last = min(initiative.end, upper - timedelta(days=1))
        if last < first:
            continue
        days = initiative.days
        per_day_hours = initiative.effort_hours / days
        per_day_budget = initiative.budget / days
        index = bisect.bisect_right(starts, first) - 1
        while index < n and starts[index] <= last:
            period_end = (starts[index + 1] if index + 1 < n else limit) - timedelta(days=1)
            overlap = (min(last, period_end) - max(first, starts[index])).days + 1
            if overlap > 0:
                up_hours[index] += per_day_hours * overlap
                up_budget[index] += per_day_budget * overlap
                up_count[index] += overlap / days
            index += 1

    for day in day_totals:
        if not lower <= day.day < upper:
            continue
        index = bisect.bisect_right(starts, day.day) - 1
        down_hours[index] += day.hours
        down_budget[index] += day.cost
        down_count[index] += day.item_count

    result = []
    for index, whole_first in enumerate(starts):
        period_first = max(whole_first, lower)
        period_last = (starts[index + 1] if index + 1 < n else upper) - timedelta(days=1)
        if plan.measure is BalanceMeasure.BUDGET:
            up_share = share(up_budget[index], down_budget[index])
        elif plan.measure is BalanceMeasure.COUNT:
            up_share = share(up_count[index], down_count[index])
        else:
            up_share = share(up_hours[index], down_hours[index])
        in_band = None if up_share is None else plan.band_low <= up_share <= plan.band_high
        result.append(
            PeriodBalance(
                period=period_label(whole_first, by),  # the whole period's name
                start=period_first,
                end=period_last,
                upstream_hours=up_hours[index],
                downstream_hours=down_hours[index],
                upstream_budget=up_budget[index],
                downstream_budget=down_budget[index],
                upstream_count=up_count[index],
                downstream_count=down_count[index],
                upstream_share=up_share,
                in_band=in_band,
            )
        )
    return result


def overall_share(plan: Plan, periods: Iterable[PeriodBalance]) -> float | None:
    """The whole plan's upstream share, by the plan's measure."""
    periods = list(periods)
    if plan.measure is BalanceMeasure.BUDGET:
        return share(
            sum(p.upstream_budget for p in periods), sum(p.downstream_budget for p in periods)
        )
    if plan.measure is BalanceMeasure.COUNT:
        return share(
            sum(p.upstream_count for p in periods), sum(p.downstream_count for p in periods)
        )
    return share(sum(p.upstream_hours for p in periods), sum(p.downstream_hours for p in periods))


def share_percent(value: float, low: float, high: float) -> str:
    """``value`` (a share, 0–1) as a percentage that never misreads against the band.

    Whole percents, unless rounding would put the figure on a band edge it is not on,
    or on the other side of one: 40.4 % outside a 20–40 % band reads "40.4%", never
    "40%". Up to two decimals; ``low`` and ``high`` are shares too.
    """
    for decimals in (0, 1, 2):
        shown = round(value * 100, decimals) / 100
        if not any(_misreads(shown, value, edge) for edge in (low, high)):
            break
    return f"{shown * 100:.{decimals}f}%"


def _misreads(shown: float, value: float, edge: float) -> bool:
    side = (value > edge) - (value < edge)
    shown_side = (shown > edge) - (shown < edge)
    return side != shown_side
