"""Recurring content: a series is one rule and one item template; its occurrences are items.

The rule is RFC 5545 RRULE text (``FREQ=WEEKLY;BYDAY=MO,WE,FR;UNTIL=20270630``), kept as
text beside the series so that any calendar app, and the next version of this one, reads
it the same way; ``dateutil.rrule`` expands it, never hand-written date arithmetic.

Occurrences are real items (each keeps its own status, copy and results) linked to the
series by ``Item.series_id``. A series with no end is materialised up to a horizon
(``HORIZON_MONTHS`` ahead of today) that moves forward as time passes; ``horizon`` on the
series says how far it has been laid out, so an occurrence deleted on its own is not
laid out again.

Dates are wall-clock days in the plan's zone: an item at 09:00 stays at 09:00 across a
daylight-saving change, which is what a content calendar means by "every Monday at 9".
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import Any

from dateutil.relativedelta import relativedelta
from dateutil.rrule import rrulestr

from streamdesk.domain.errors import ValidationError
from streamdesk.domain.model import (
    Item,
    ItemStatus,
    _Entity,
    check_item_fields,
    coerce_date,
    coerce_optional_date,
    optional_id,
    optional_non_negative,
    required_text,
)
from streamdesk.domain.text import plural

HORIZON_MONTHS = 12
"""How far ahead a series with no end is laid out as items."""

MAX_OCCURRENCES = 5000
"""A rule that would make more items than this (daily for 14 years) is refused."""

_DAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
DAY_ABBREVIATIONS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", -1: "last"}

TEMPLATE_FIELDS = (
    "title",
    "channel_id",
    "time",
    "format",
    "status",
    "owner",
    "campaign_id",
    "initiative_id",
    "effort_hours",
    "cost",
    "notes",
    "link",
    "duration_minutes",
)
"""The item fields a series gives each occurrence (the rest are the occurrence's own)."""


class Frequency(StrEnum):
    DAILY = "DAILY"
    WEEKLY = "WEEKLY"
    MONTHLY = "MONTHLY"
    YEARLY = "YEARLY"


class Ending(StrEnum):
    NEVER = "never"
    UNTIL = "until"
    COUNT = "count"


@dataclass(frozen=True)
class RuleParts:
    """The choices of the Repeat section, and what a rule is made of.

    Monthly is either on ``month_day`` (a day from 29 on falls back to the month's last
    day in shorter months) or on the ``nth`` ``nth_weekday`` (first Thursday = 1, 3;
    last Friday = -1, 4).
    """

    frequency: Frequency = Frequency.WEEKLY
    interval: int = 1
    weekdays: tuple[int, ...] = ()
    month_day: int | None = None
    nth: int | None = None
    nth_weekday: int | None = None
    until: date | None = None
    count: int | None = None

    @property
    def ending(self) -> Ending:
        if self.until is not None:
            return Ending.UNTIL
        if self.count is not None:
            return Ending.COUNT
        return Ending.NEVER


def build_rule(parts: RuleParts) -> str:
    """RRULE text for the choices (without ``RRULE:`` and without DTSTART)."""
    if parts.interval < 1:
        raise ValidationError("a series repeats every 1 or more periods", "repeat")
    pieces = [f"FREQ={parts.frequency.value}"]
    if parts.interval != 1:
        pieces.append(f"INTERVAL={parts.interval}")
    if parts.frequency is Frequency.WEEKLY and parts.weekdays:
        pieces.append("BYDAY=" + ",".join(_DAY_CODES[d] for d in sorted(set(parts.weekdays))))
    if parts.frequency is Frequency.MONTHLY:
        if parts.nth is not None and parts.nth_weekday is not None:
            pieces.append(f"BYDAY={parts.nth}{_DAY_CODES[parts.nth_weekday]}")
        elif parts.month_day is not None:
            day = parts.month_day
            if not 1 <= day <= 31:
                raise ValidationError(f"day {day} is not a day of the month (1-31)", "repeat")
            if day >= 29:  # the 31st: the month's last day where it has no 31st
                pieces.append("BYMONTHDAY=" + ",".join(str(d) for d in range(28, day + 1)))
                pieces.append("BYSETPOS=-1")
            else:
                pieces.append(f"BYMONTHDAY={day}")
    if parts.until is not None:
        pieces.append(f"UNTIL={parts.until:%Y%m%d}")
    elif parts.count is not None:
        if parts.count < 1:
            raise ValidationError("a series ends after 1 or more times", "repeat")
        pieces.append(f"COUNT={parts.count}")
    return ";".join(pieces)


def _fields(rule: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for piece in rule.split(";"):
        if "=" in piece:
            key, value = piece.split("=", 1)
            out[key.strip().upper()] = value.strip().upper()
    return out


def parse_rule(rule: str) -> RuleParts:
    """The choices a rule stands for (the dialog shows them); unknown parts are ignored."""
    f = _fields(normalise_rule(rule))
    freq = Frequency(f.get("FREQ", "WEEKLY"))
    interval = int(f.get("INTERVAL", "1"))
    weekdays: tuple[int, ...] = ()
    nth = nth_weekday = month_day = None
    byday = f.get("BYDAY", "")
    if freq is Frequency.MONTHLY and byday:
        code = byday.split(",")[0]
        nth, nth_weekday = int(code[:-2] or "1"), _DAY_CODES.index(code[-2:])
    elif byday:
        weekdays = tuple(sorted(_DAY_CODES.index(c[-2:]) for c in byday.split(",")))
    if "BYMONTHDAY" in f:
        month_day = max(int(d) for d in f["BYMONTHDAY"].split(","))
    until = None
    if "UNTIL" in f:
        u = f["UNTIL"]
        until = date(int(u[:4]), int(u[4:6]), int(u[6:8]))
    count = int(f["COUNT"]) if "COUNT" in f else None
    return RuleParts(freq, interval, weekdays, month_day, nth, nth_weekday, until, count)


def normalise_rule(rule: str) -> str:
    text_ = str(rule or "").strip()
    if text_.upper().startswith("RRULE:"):
        text_ = text_[6:]
    return ";".join(p.strip().upper() for p in text_.split(";") if p.strip())


def _rrule(rule: str, start: date) -> Any:
    try:
        return rrulestr("RRULE:" + rule, dtstart=datetime.combine(start, time()))
    except (ValueError, TypeError, KeyError, IndexError) as error:
        raise ValidationError(f"repeat rule {rule!r} is not valid: {error}", "repeat") from None


def expand(rule: str, start: date, through: date) -> list[date]:
    """The days of the rule from ``start`` to ``through`` (both included)."""
    if through < start:
        return []
    days: list[date] = []
    for moment in _rrule(rule, start).xafter(
        datetime.combine(start, time()), inc=True, count=MAX_OCCURRENCES + 1
    ):
        day = moment.date()
        if day > through:
            break
        days.append(day)
    if len(days) > MAX_OCCURRENCES:
        raise ValidationError(
            f"this repeat would make more than {MAX_OCCURRENCES} items; "
            "choose an end date or a longer interval",
            "repeat",
        )
    return days


def horizon_from(today: date) -> date:
    """How far a series with no end is laid out: ``HORIZON_MONTHS`` from today."""
    horizon: date = today + relativedelta(months=HORIZON_MONTHS)
    return horizon


def last_day(rule: str, start: date, today: date) -> date:
    """The last day occurrences are laid out to: the rule's own end, else the horizon."""
    parts = parse_rule(rule)
    if parts.until is not None:
        return parts.until
    if parts.count is not None:
        days = expand(rule, start, date.max - timedelta(days=1))
        return days[-1] if days else start
    return max(horizon_from(today), start)


# -- plain-language summary ------------------------------------------------------------


def _and(words: Sequence[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def day_label(day: date) -> str:
    return f"{day.day} {calendar.month_abbr[day.month]} {day.year}"


def _every(unit: str, interval: int) -> str:
    return f"Every {unit}" if interval == 1 else f"Every {interval} {unit}s"


def describe(rule: str, start: date) -> str:
    """The rule in words: "Every week on Mon, Wed and Fri until 30 Jun 2027"."""
    p = parse_rule(rule)
    if p.frequency is Frequency.DAILY:
        words = _every("day", p.interval)
    elif p.frequency is Frequency.WEEKLY:
        days = p.weekdays or (start.weekday(),)
        words = f"{_every('week', p.interval)} on {_and([DAY_ABBREVIATIONS[d] for d in days])}"
    elif p.frequency is Frequency.MONTHLY:
        if p.nth is not None and p.nth_weekday is not None:
            on = f"the {_ORDINALS.get(p.nth, str(p.nth))} {calendar.day_name[p.nth_weekday]}"
        else:
            day = p.month_day or start.day
            on = f"day {day}" + (" (or the month's last day)" if day >= 29 else "")
        words = f"{_every('month', p.interval)} on {on}"
    else:
        words = f"{_every('year', p.interval)} on {start.day} {calendar.month_abbr[start.month]}"
    if p.until is not None:
        words += f" until {day_label(p.until)}"
    elif p.count is not None:
        words += f", {plural(p.count, 'time')}"
    return words


def summary(rule: str, start: date, today: date, held: int | None = None) -> str:
    """The rule in words and how many items it makes (what the Repeat section shows).

    ``held``: how many occurrences the series holds now. Fewer than the rule makes means some
    were deleted on their own; the count says so, or "155 items" reads as a miscount of the
    149 the calendar shows.
    """
    words = describe(rule, start)
    through = last_day(rule, start, today)
    n = len(expand(rule, start, through))
    made = plural(n, "item")
    if held is not None and held < n:
        gone = n - held
        made += (
            f" ({held:,} in the plan; {gone:,} deleted on {'its' if gone == 1 else 'their'} own)"
        )
    if parse_rule(rule).ending is Ending.NEVER:
        return f"{words}, no end — {made} to {day_label(through)}, more as time passes"
    return f"{words} — {made}"


# -- the series entity -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Series(_Entity):
    """A rule, its first day, and the item every occurrence starts as."""

    rule: str
    start: date
    title: str
    channel_id: int
    time: time | None = None
    format: str = ""
    status: ItemStatus = ItemStatus.IDEA
    owner: str = ""
    campaign_id: int | None = None
    initiative_id: int | None = None
    effort_hours: float = 0.0
    cost: float = 0.0
    notes: str = ""
    link: str = ""
    duration_minutes: int | None = None
    horizon: date | None = None  # occurrences are laid out through this day
    id: int | None = None

    def __post_init__(self) -> None:
        rule = normalise_rule(self.rule)
        if not rule.startswith("FREQ=") and "FREQ=" not in rule:
            raise ValidationError(f"repeat rule {self.rule!r} has no FREQ", "repeat")
        start = coerce_date(self.start, "series start")
        _rrule(rule, start)  # refuses what dateutil cannot read
        try:
            parse_rule(rule)
        except (ValueError, IndexError) as error:
            raise ValidationError(f"repeat rule {rule!r} is not valid: {error}", "repeat") from None
        self._set("rule", rule)
        self._set("start", start)
        self._set("title", required_text(self.title, "title"))
        check_item_fields(self, "series")
        self._set(
            "duration_minutes",
            optional_non_negative(self.duration_minutes, "duration", integer=True),
        )
        self._set("horizon", coerce_optional_date(self.horizon, "series horizon"))
        self._set("id", optional_id(self.id, "series id"))

    @property
    def parts(self) -> RuleParts:
        return parse_rule(self.rule)

    def template(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in TEMPLATE_FIELDS}

    def describe(self) -> str:
        return describe(self.rule, self.start)

    def days(self, through: date, after: date | None = None) -> list[date]:
        """The rule's days up to ``through``, those after ``after`` only when given."""
        days = expand(self.rule, self.start, through)
        return days if after is None else [d for d in days if d > after]

    def occurrence(self, day: date) -> Item:
        return Item(date=day, series_id=self.id, **self.template())

    @classmethod
    def from_item(cls, item: Item, rule: str, **changes: Any) -> Series:
        """A series whose template is ``item`` and which starts on its day."""
        values = {name: getattr(item, name) for name in TEMPLATE_FIELDS}
        values.update(changes)
        return cls(
            rule=rule,
            start=changes.get("start", item.date),
            **{k: v for k, v in values.items() if k != "start"},
        )


@dataclass(frozen=True)
class SeriesPlan:
    """A series and the occurrences to add (``new``) and to drop (``gone``)."""

    series: Series
    new: list[Item] = field(default_factory=list)
    gone: list[Item] = field(default_factory=list)


def lay_out(series: Series, today: date, existing: Iterable[Item] = ()) -> SeriesPlan:
    """The occurrences a series lacks up to its last day (the horizon for no end).

    Days up to ``series.horizon`` were laid out before: an occurrence missing there was
    deleted on its own and is not made again. Idempotent: a second call adds nothing.
    """
    through = last_day(series.rule, series.start, today)
    done = series.horizon
    if done is not None and done >= through:
        return SeriesPlan(series)
    have = {i.date for i in existing}
    new = [series.occurrence(day) for day in series.days(through, after=done) if day not in have]
    return SeriesPlan(series.replace(horizon=through), new)


def apply_template(item: Item, series: Series, changed: Iterable[str]) -> Item:
    """An occurrence of ``series`` (linked to it once it has an id) with its template's
    ``changed`` fields, the rest its own: in one ``replace``, as an edit of all of a long
    series makes (and checks) one new item per occurrence."""
    values: dict[str, Any] = {
        name: getattr(series, name) for name in changed if name in TEMPLATE_FIELDS
    }
    if series.id is not None and item.series_id != series.id:
        values["series_id"] = series.id
    if not values:
        return item
    return item.replace(**values)


def template_changes(old: Series, new: Series) -> set[str]:
    return {name for name in TEMPLATE_FIELDS if getattr(old, name) != getattr(new, name)}


def rule_changed(old: Series, new: Series) -> bool:
    return (old.rule, old.start) != (new.rule, new.start)


def until_before(rule: str, day: date) -> str:
    """The rule ending the day before ``day`` (the first half of "this and following")."""
    return build_rule(replace(parse_rule(rule), until=day - timedelta(days=1), count=None))


def count_before(rule: str, start: date, day: date) -> int:
    """How many of the rule's days (from ``start``) come before ``day``."""
    return len(expand(rule, start, day - timedelta(days=1)))


def head_rule(rule: str, start: date, day: date) -> str:
    """The rule of the part before ``day`` when a series is cut there ("this and following").

    It ends where it was cut. A rule that ends after N times keeps ending after a count, the
    count of its days before the cut, so its Repeat section still says "after 6 times" and
    the two parts add up to the N the user chose.
    """
    parts = parse_rule(rule)
    if parts.ending is Ending.COUNT:
        before = count_before(rule, start, day)
        if before:
            return build_rule(replace(parts, count=before))
    return until_before(rule, day)


def tail_rule(rule: str, day: date, before: int) -> str:
    """The rule of the part from ``day`` on, when ``before`` occurrences stay in the part
    before it.

    A count is the whole series' count (the Repeat section counts from the series' first
    day): the part from the cut carries only what remains, so a series of 10 cut after 6
    goes on for 4, not 10 more. A count that leaves nothing from the cut is refused.
    """
    parts = parse_rule(rule)
    if parts.ending is not Ending.COUNT or parts.count is None:
        return normalise_rule(rule)
    left = parts.count - before
    if left < 1:
        raise ValidationError(
            f"the series has {plural(before, 'item')} before {day_label(day)}: ending after "
            f"{plural(parts.count, 'time')} leaves none from there on; choose more times, or "
            "delete this and the following items instead",
            "repeat",
        )
    return build_rule(replace(parts, count=left))


def with_ending(rule: str, ending: Ending, until: date | None, count: int | None) -> str:
    return build_rule(
        replace(
            parse_rule(rule),
            until=until if ending is Ending.UNTIL else None,
            count=count if ending is Ending.COUNT else None,
        )
    )


def shift_rule(rule: str, days: int) -> str:
    """The rule moved by ``days`` (a drag of "all" occurrences): weekdays and the month's
    day move with it, so Mon/Wed/Fri dragged a day later is Tue/Thu/Sat."""
    p = parse_rule(rule)
    if days == 0:
        return normalise_rule(rule)
    weekdays = tuple(sorted((d + days) % 7 for d in p.weekdays))
    nth_weekday = None if p.nth_weekday is None else (p.nth_weekday + days) % 7
    month_day = p.month_day
    if month_day is not None:
        month_day = min(31, max(1, month_day + days))
    return build_rule(replace(p, weekdays=weekdays, month_day=month_day, nth_weekday=nth_weekday))


class Scope(StrEnum):
    """Which occurrences an edit of one of them reaches."""

    THIS = "this"
    FOLLOWING = "following"
    ALL = "all"
