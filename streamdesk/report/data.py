"""What a client report says, read from the plan through storage and computed by the domain.

No Qt here: ``gather`` returns plain data that the page renderers draw, and tests check
the figures without painting anything.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field, replace
from datetime import date

from streamdesk.domain import Channel, Initiative, Item, ItemStatus, Plan
from streamdesk.domain.balance import PeriodBalance, compute_balance_from_days, period_bounds
from streamdesk.domain.cadence import CommitmentReport
from streamdesk.domain.channels import UPSTREAM_KINDS
from streamdesk.domain.health import InitiativeResults, StreamHealth, stream_health
from streamdesk.storage import PlanFile, repository, series_repo

_MONTH = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")
WEEKS_UP_TO_DAYS = 93
"""A period up to about a quarter is shown week by week; a longer one month by month."""


class PeriodError(ValueError):
    """A period the user typed that is not one (the message names what and why)."""


@dataclass(frozen=True)
class ReportPeriod:
    start: date
    end: date  # inclusive

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise PeriodError(
                f"the period ends ({self.end.isoformat()}) before it starts "
                f"({self.start.isoformat()})"
            )

    @classmethod
    def month(cls, day: date) -> ReportPeriod:
        last = calendar.monthrange(day.year, day.month)[1]
        return cls(day.replace(day=1), day.replace(day=last))

    @classmethod
    def parse_month(cls, text: str) -> ReportPeriod:
        match = _MONTH.match(text or "")
        if not match or not 1 <= int(match.group(2)) <= 12:
            raise PeriodError(f"--month {text!r} is not a month (YYYY-MM, e.g. 2026-03)")
        return cls.month(date(int(match.group(1)), int(match.group(2)), 1))

    @classmethod
    def parse_range(cls, first: str, last: str) -> ReportPeriod:
        days = []
        for option, text in (("--from", first), ("--to", last)):
            try:
                days.append(date.fromisoformat((text or "").strip()))
            except ValueError:
                raise PeriodError(f"{option} {text!r} is not a date (YYYY-MM-DD)") from None
        if days[1] < days[0]:
            raise PeriodError(f"--from {days[0].isoformat()} is after --to {days[1].isoformat()}")
        return cls(days[0], days[1])

    @property
    def whole_month(self) -> bool:
        return self.start.day == 1 and self.end == ReportPeriod.month(self.start).end

    @property
    def label(self) -> str:
        if self.whole_month:
            return self.start.strftime("%B %Y")
        if self.start.year == self.end.year:
            return f"{self.start:%-d %b} – {self.end:%-d %b %Y}"
        return f"{self.start:%-d %b %Y} – {self.end:%-d %b %Y}"

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def months(self) -> list[date]:
        """The first day of every month the period touches."""
        return period_bounds(self.start, self.end, "month")


@dataclass(frozen=True)
class Outcome:
    """Planned against what ran, for one channel (or the total when ``channel`` is None)."""

    channel: Channel | None
    planned: int = 0  # everything dated in the period
    published: int = 0
    missed: int = 0  # dated before today, neither published nor cancelled
    cancelled: int = 0
    upcoming: int = 0  # today or later, not yet published
    moved: int = 0  # dated in the period, first planned for another day


@dataclass(frozen=True)
class MovedCounts:
    """What moved, against the day each item was first planned for."""

    total: int = 0
    later: int = 0
    earlier: int = 0
    moved_out: int = 0  # planned in the period, now dated outside it
    moved_in: int = 0  # planned outside the period, now dated in it


def moved_counts(moved: list[Item], period: ReportPeriod) -> MovedCounts:
    later = sum(1 for i in moved if i.date > i.baseline)
    return MovedCounts(
        total=len(moved),
        later=later,
        earlier=len(moved) - later,
        moved_out=sum(1 for i in moved if not period.contains(i.date)),
        moved_in=sum(1 for i in moved if not period.contains(i.baseline)),
    )


@dataclass(frozen=True)
class ChannelResults:
    channel: Channel
    published: int
    reach: int
    clicks: int
    conversions: int
    actual_cost: float  # actual where known, else the planned cost, of published items
    planned_cost: float  # every uncancelled item's planned cost


@dataclass(frozen=True)
class InitiativeLine:
    """Results of one initiative with the budget they are set against."""

    results: InitiativeResults
    budget: float


@dataclass(frozen=True)
class ReportData:
    plan: Plan
    period: ReportPeriod
    today: date
    channels: dict[int, Channel]
    items: list[Item]
    initiatives: list[Initiative]
    balance: list[PeriodBalance]
    balance_by: str
    health: StreamHealth
    outcome: list[Outcome]
    missed: list[Item]
    by_initiative: list[InitiativeLine]
    by_channel: list[ChannelResults]
    lanes: list[str] = field(default_factory=list)
    moved: list[Item] = field(default_factory=list)  # in, out of or within the period
    # each cadence commitment over the weeks or months touching the period (whole ones)
    cadence: list[CommitmentReport] = field(default_factory=list)

    @property
    def moved_counts(self) -> MovedCounts:
        return moved_counts(self.moved, self.period)

    @property
    def total(self) -> Outcome:
        return self.outcome[-1]

    def unlinked_items(self) -> list[Item]:
        wanted = set(self.health.unlinked_item_ids)
        return [i for i in self.items if i.id in wanted]


def lane_order(initiatives: list[Initiative]) -> list[str]:
    """Lanes as the timeline shows them: the upstream kinds first, then others by name."""
    used = {i.lane for i in initiatives}
    names = [k for k in UPSTREAM_KINDS if k in used]
    return names + sorted(used - set(names), key=str.casefold)


def outcomes(
    items: list[Item], channels: dict[int, Channel], today: date
) -> tuple[list[Outcome], list[Item]]:
    counts: dict[int | None, list[int]] = {}
    missed = []
    for item in items:
        for key in (item.channel_id, None):
            c = counts.setdefault(key, [0, 0, 0, 0, 0, 0])
            c[0] += 1
            c[5] += item.moved
            if item.status is ItemStatus.PUBLISHED:
                c[1] += 1
            elif item.status is ItemStatus.CANCELLED:
                c[3] += 1
            elif item.date < today:
                c[2] += 1
            else:
                c[4] += 1
        if item.status not in (ItemStatus.PUBLISHED, ItemStatus.CANCELLED) and item.date < today:
            missed.append(item)
    rows = [
        Outcome(channels.get(key), *counts[key])
        for key in sorted(
            (k for k in counts if k is not None),
            key=lambda k: (channels[k].position, channels[k].name) if k in channels else (999, ""),
        )
    ]
    rows.append(Outcome(None, *counts.get(None, [0, 0, 0, 0, 0, 0])))
    return rows, missed


def channel_results(items: list[Item], channels: dict[int, Channel]) -> list[ChannelResults]:
    sums: dict[int, list[float]] = {}
    for item in items:
        if item.status is ItemStatus.CANCELLED:
            continue
        s = sums.setdefault(item.channel_id, [0, 0, 0, 0, 0.0, 0.0])
        s[5] += item.cost
        if item.status is ItemStatus.PUBLISHED:
            s[0] += 1
            s[1] += item.reach or 0
            s[2] += item.clicks or 0
            s[3] += item.conversions or 0
            s[4] += item.cost if item.actual_cost is None else item.actual_cost
    result = [
        ChannelResults(channels[k], int(s[0]), int(s[1]), int(s[2]), int(s[3]), s[4], s[5])
        for k, s in sums.items()
        if k in channels
    ]
    return sorted(result, key=lambda r: (-r.conversions, -r.reach, r.channel.name))


def gather(pf: PlanFile, period: ReportPeriod, today: date | None = None) -> ReportData:
    today = today or date.today()
    plan = repository.get_plan(pf)
    channels = {c.id: c for c in repository.list_channels(pf) if c.id is not None}
    items = repository.list_items(pf, period.start, period.end)
    all_initiatives = repository.list_initiatives(pf)
    initiatives = [i for i in all_initiatives if i.start <= period.end and i.end >= period.start]
    by = "week" if (period.end - period.start).days < WEEKS_UP_TO_DAYS else "month"
    # weeks or months cut by the period's edges count only their days inside it (an
    # initiative's effort and budget spread over its days), as the workbook's Balance does
    balance = compute_balance_from_days(
        plan,
        all_initiatives,
        repository.daily_item_totals(pf, period.start, period.end),
        by,
        period.start,
        period.end,
        clip=True,
    )
    # served by any item of the plan, as the window's health panel counts it
    all_facts = repository.list_item_facts(pf)
    facts = [f for f in all_facts if period.contains(f.date)]
    # the period's items may serve strategy decided before it: judged against every
    # initiative, or they read as "no strategy" and their results as "initiative 12"
    health = stream_health(plan, all_initiatives, facts, balance)
    served = {f.initiative_id for f in all_facts if f.status is not ItemStatus.CANCELLED}
    health = _with_lonely(health, [i for i in initiatives if i.id not in served])
    outcome, missed = outcomes(items, channels, today)
    budgets = {i.id: i.budget for i in all_initiatives}
    lines = [InitiativeLine(r, budgets.get(r.initiative_id, 0.0)) for r in health.results]
    return ReportData(
        plan=plan,
        period=period,
        today=today,
        channels=channels,
        items=items,
        initiatives=initiatives,
        balance=balance,
        balance_by=by,
        health=health,
        outcome=outcome,
        missed=missed,
        by_initiative=lines,
        by_channel=channel_results(items, channels),
        lanes=lane_order(initiatives),
        moved=repository.list_moved_items(pf, period.start, period.end),
        cadence=series_repo.cadence_report(pf, period.start, period.end),
    )


def _with_lonely(health: StreamHealth, lonely: list[Initiative]) -> StreamHealth:
    return replace(health, initiatives_without_items=tuple(lonely))
