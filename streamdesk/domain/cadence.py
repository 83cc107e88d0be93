"""Cadence commitments: "LinkedIn: 3 per week", kept or missed period by period.

A commitment counts the items of its channel (and campaign, when it names one) in each
week or month: cancelled items never count, ideas only when the commitment says so (an
idea is not yet a promise kept). Weeks start on the plan's week start; a period is met
when it holds at least the target. Pure functions of the items, so the health panel, the
command line and the calendar's ghost slots all agree.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import NamedTuple, Protocol

from dateutil.relativedelta import relativedelta

from streamdesk.domain.errors import ValidationError
from streamdesk.domain.model import (
    ItemStatus,
    _Entity,
    coerce_enum,
    non_negative,
    optional_id,
)


class Per(StrEnum):
    WEEK = "week"
    MONTH = "month"


@dataclass(frozen=True, slots=True)
class Commitment(_Entity):
    channel_id: int
    count: int
    per: Per = Per.WEEK
    campaign_id: int | None = None
    ideas_count: bool = False
    id: int | None = None

    def __post_init__(self) -> None:
        channel_id = optional_id(self.channel_id, "channel")
        if channel_id is None:
            raise ValidationError("a cadence commitment needs a channel", "channel")
        self._set("channel_id", channel_id)
        count = non_negative(self.count, "cadence count", integer=True)
        if not 1 <= count <= 100:
            raise ValidationError(
                f"a cadence is 1 to 100 items per period (got {count})", "cadence count"
            )
        self._set("count", count)
        self._set("per", coerce_enum(Per, self.per, "cadence period"))
        self._set("campaign_id", optional_id(self.campaign_id, "campaign"))
        self._set("ideas_count", bool(self.ideas_count))
        self._set("id", optional_id(self.id, "cadence id"))

    def counts(self, item: CadenceItem) -> bool:
        """Whether ``item`` is one this commitment counts."""
        if item.channel_id != self.channel_id or item.status is ItemStatus.CANCELLED:
            return False
        if item.status is ItemStatus.IDEA and not self.ideas_count:
            return False
        return self.campaign_id is None or item.campaign_id == self.campaign_id


class CadenceItem(Protocol):
    @property
    def date(self) -> date: ...
    @property
    def status(self) -> ItemStatus: ...
    @property
    def channel_id(self) -> int: ...
    @property
    def campaign_id(self) -> int | None: ...


class CadenceFacts(NamedTuple):
    """What cadence needs of an item (cheap to read for a whole plan); ``n`` items alike,
    so that storage can hand a 20,000-item plan over as a few thousand counted rows."""

    date: date
    status: ItemStatus
    channel_id: int
    campaign_id: int | None
    n: int = 1


def _weight(item: CadenceItem) -> int:
    """How many items one fact stands for (an Item or a plain fact: one)."""
    return int(getattr(item, "n", 1))


class Period(NamedTuple):
    first: date
    last: date
    label: str  # 2027-W02 (ISO week of its Monday) or 2027-03


@functools.lru_cache(maxsize=4096)  # a calendar asks for the same days on every edit
def period_of(per: Per, day: date, week_start: int) -> Period:
    if per is Per.MONTH:
        first = day.replace(day=1)
        last: date = first + relativedelta(months=1) - timedelta(days=1)
        return Period(first, last, f"{first:%Y-%m}")
    first = day - timedelta(days=(day.weekday() - week_start) % 7)
    monday = first + timedelta(days=(7 - week_start) % 7)  # the one Monday of the week
    year, week, _ = monday.isocalendar()
    return Period(first, first + timedelta(days=6), f"{year}-W{week:02d}")


def periods(per: Per, first: date, last: date, week_start: int) -> list[Period]:
    """The weeks or months touching [first, last], in order."""
    out: list[Period] = []
    day = first
    while day <= last:
        period = period_of(per, day, week_start)
        out.append(period)
        day = period.last + timedelta(days=1)
    return out


@dataclass(frozen=True)
class PeriodCount:
    period: Period
    planned: int
    target: int

    @property
    def met(self) -> bool:
        return self.planned >= self.target

    @property
    def missing(self) -> int:
        return max(0, self.target - self.planned)


@dataclass(frozen=True)
class CommitmentReport:
    commitment: Commitment
    periods: list[PeriodCount]

    @property
    def kept_share(self) -> float | None:
        """The share of periods met; None when the range has no period."""
        if not self.periods:
            return None
        return sum(p.met for p in self.periods) / len(self.periods)

    @property
    def missed(self) -> list[PeriodCount]:
        return [p for p in self.periods if not p.met]


def keep(
    commitment: Commitment,
    items: Iterable[CadenceItem],
    first: date,
    last: date,
    week_start: int,
) -> CommitmentReport:
    """How ``commitment`` was kept in each week or month touching [first, last]."""
    spans = periods(commitment.per, first, last, week_start)
    by_day: Counter[date] = Counter()
    for item in items:
        if commitment.counts(item):
            by_day[item.date] += _weight(item)
    counted: Counter[date] = Counter()
    for day, n in by_day.items():  # a period per day, not per item: a busy plan has many
        counted[period_of(commitment.per, day, week_start).first] += n
    return CommitmentReport(
        commitment, [PeriodCount(p, counted[p.first], commitment.count) for p in spans]
    )


def keep_all(
    commitments: Sequence[Commitment],
    items: Sequence[CadenceItem],
    first: date,
    last: date,
    week_start: int,
) -> list[CommitmentReport]:
    by_channel: dict[int, list[CadenceItem]] = {}
    for item in items:
        by_channel.setdefault(item.channel_id, []).append(item)
    return [keep(c, by_channel.get(c.channel_id, []), first, last, week_start) for c in commitments]


def usual_weekdays(items: Iterable[CadenceItem], channel_id: int) -> list[int]:
    """The channel's weekdays by how often its items fall on them (then Mon…Fri)."""
    tally: Counter[int] = Counter()
    for i in items:
        if i.channel_id == channel_id and i.status is not ItemStatus.CANCELLED:
            tally[i.date.weekday()] += _weight(i)
    ranked = [d for d, _ in sorted(tally.items(), key=lambda kv: (-kv[1], kv[0]))]
    return ranked + [d for d in (0, 1, 2, 3, 4, 5, 6) if d not in ranked]


def gap_days(
    commitment: Commitment,
    items: Sequence[CadenceItem],
    period: Period,
    missing: int,
    *,
    not_before: date | None = None,
    usual: list[int] | None = None,
) -> list[date]:
    """Days for ``missing`` new items in ``period``: the channel's usual weekdays first,
    days that already hold one of its items last, never before ``not_before``."""
    taken = {i.date for i in items if i.channel_id == commitment.channel_id}
    weekdays = usual if usual is not None else usual_weekdays(items, commitment.channel_id)
    rank = {d: n for n, d in enumerate(weekdays)}
    days = [period.first + timedelta(days=n) for n in range((period.last - period.first).days + 1)]
    days = [d for d in days if not_before is None or d >= not_before]
    days.sort(key=lambda d: (d in taken, rank[d.weekday()], d))
    return sorted(days[:missing])


def plan_range(items: Iterable[CadenceItem], start: date) -> tuple[date, date]:
    """What "over the plan" means for kept shares: the plan's start to its last item."""
    last = max((i.date for i in items), default=start)
    return start, max(start, last)


@dataclass(frozen=True)
class Slot:
    """Unmet slots of one commitment in one period: where they would go and what to say."""

    commitment: Commitment
    period: Period
    missing: int
    days: list[date]  # where Fill gaps puts them (the channel's usual weekdays first)

    def text(self, channel_name: str) -> str:
        span = "this week" if self.commitment.per is Per.WEEK else "this month"
        return f"{channel_name}: {self.missing} more {span}"


def open_slots(
    commitments: Sequence[Commitment],
    items: Sequence[CadenceItem],
    first: date,
    last: date,
    week_start: int,
    today: date,
) -> list[Slot]:
    """The unmet slots of the periods touching [first, last] that have not ended before
    ``today`` (a missed week is the health panel's, not a gap left to fill)."""
    out: list[Slot] = []
    usual: dict[int, list[int]] = {}  # the channel's usual weekdays, worked out once
    for report in keep_all(commitments, items, first, last, week_start):
        for count in report.missed:
            if count.period.last < today:
                continue
            channel = report.commitment.channel_id
            if channel not in usual:
                usual[channel] = usual_weekdays(items, channel)
            days = gap_days(
                report.commitment,
                items,
                count.period,
                count.missing,
                not_before=today,
                usual=usual[channel],
            )
            if days:
                out.append(Slot(report.commitment, count.period, len(days), days))
    return out


def report_json(
    report: CommitmentReport, channel: str, campaign: str | None = None
) -> dict[str, object]:
    """A commitment and how it was kept, as ``balance --health --json`` prints it."""
    share = report.kept_share
    return {
        "channel": channel,
        "campaign": campaign,
        "per": report.commitment.per.value,
        "target": report.commitment.count,
        "ideas_count": report.commitment.ideas_count,
        "kept_share": None if share is None else round(share, 2),
        "periods": [
            {
                "period": p.period.label,
                "start": p.period.first.isoformat(),
                "end": p.period.last.isoformat(),
                "planned": p.planned,
                "target": p.target,
                "met": p.met,
            }
            for p in report.periods
        ],
    }


def report_line(report: CommitmentReport, channel: str) -> str:
    """One line of the text summary: "LinkedIn 3 per week: kept 10 of 12 weeks (83%)"."""
    c = report.commitment
    kept = sum(p.met for p in report.periods)
    share = report.kept_share
    pct = "–" if share is None else f"{share:.0%}"
    missed = ", ".join(p.period.label for p in report.missed[:6])
    more = f" and {len(report.missed) - 6} more" if len(report.missed) > 6 else ""
    line = f"{channel} {c.count} per {c.per.value}: kept {kept} of {len(report.periods)}"
    line += f" {c.per.value}s ({pct})"
    return line + (f"; missed {missed}{more}" if missed else "")
