"""Dates and times from spreadsheet cells, without silent guessing.

A date cell may hold a real date, an Excel serial number, ISO text or text such as
``15/02/2027``, ``2/15/2027``, ``Feb 15, 2027`` or ``15 February 2027``. Whether a
numeric date is day-first or month-first is decided once per column from all its
values (a part over 12 settles it) or by the caller; a column that stays ambiguous
is reported with an example, never guessed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from typing import Any

from streamdesk.excel.wording import (
    DATES_LABEL,
    DAY_FIRST_TEXT,
    MONTH_FIRST_TEXT,
    Fix,
    Flag,
    Worded,
)

MONTHS: dict[str, int] = {}
for _n, _names in enumerate(
    (
        ("january", "jan"),
        ("february", "feb"),
        ("march", "mar"),
        ("april", "apr"),
        ("may",),
        ("june", "jun"),
        ("july", "jul"),
        ("august", "aug"),
        ("september", "sep", "sept"),
        ("october", "oct"),
        ("november", "nov"),
        ("december", "dec"),
    ),
    start=1,
):
    for _name in _names:
        MONTHS[_name] = _n

_TIME_SUFFIX = (
    r"(?:(?:[ T]+|,\s*)\d{1,2}(?::\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:[AaPp]\.?[Mm]\.?)?|h\d{2}))?"
)
_OFFSET = re.compile(r"(?:Z|[+-]\d{2}:?\d{2})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})" + _TIME_SUFFIX + r"(?:Z|[+-]\d{2}:?\d{2})?$")
_WEEKDAY_PREFIX = re.compile(
    r"^(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun|monday|tuesday|wednesday|thursday|friday|"
    r"saturday|sunday|mo|di|mi|do|fr|sa|so|montag|dienstag|mittwoch|donnerstag|freitag|samstag|"
    r"sonntag|lun|mar|mer|jeu|ven|sam|dim|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)"
    r"\.?,?\s+(?=\d)",
    re.I,
)
_WEEKDAY_NUMBER = {
    name: n
    for n, names in enumerate(
        (
            ("mon", "monday", "mo", "montag", "lun", "lundi"),
            ("tue", "tues", "tuesday", "di", "dienstag", "mar", "mardi"),
            ("wed", "wednesday", "mi", "mittwoch", "mer", "mercredi"),
            ("thu", "thur", "thurs", "thursday", "do", "donnerstag", "jeu", "jeudi"),
            ("fri", "friday", "fr", "freitag", "ven", "vendredi"),
            ("sat", "saturday", "sa", "samstag", "sam", "samedi"),
            ("sun", "sunday", "so", "sonntag", "dim", "dimanche"),
        )
    )
    for name in names
}
_SERIAL_TEXT = re.compile(r"^\d{5}(?:\.\d+)?$")
_GMT_SUFFIX = re.compile(r"\s*\((?:GMT|UTC)\s*(?:([+-])(\d{1,2})(?::?(\d{2}))?)?\)\s*$", re.I)
RANGE_ARROWS = ("→", "->", " – ", " to ")
_YMD_SLASH = re.compile(r"^(\d{4})[/.](\d{1,2})[/.](\d{1,2})" + _TIME_SUFFIX + "$")
_NUMERIC = re.compile(r"^(\d{1,2})([/.\-])(\d{1,2})\2(\d{4}|\d{2})" + _TIME_SUFFIX + "$")
_WEEKDAY = r"(?:[A-Za-z]+\.?,?\s+)?"
_MONTH_NAME_FIRST = re.compile(
    r"^"
    + _WEEKDAY
    + r"([A-Za-z]+)\.?[\s\-]+(\d{1,2})(?:st|nd|rd|th)?,?[\s\-]+(\d{4})"
    + _TIME_SUFFIX
    + "$"
)
_DAY_FIRST_NAME = re.compile(
    r"^" + _WEEKDAY + r"(\d{1,2})(?:st|nd|rd|th)?\.?(?:\s+of)?[\s\-/]+([A-Za-z]+)\.?,?[\s\-/]+"
    r"(\d{4}|\d{2})" + _TIME_SUFFIX + "$"
)

EXCEL_EPOCH = date(1899, 12, 30)
FIRST_YEAR, LAST_YEAR = 1950, 2100
"""Excel serial numbers are only read as dates within these years."""

DAY_FIRST, MONTH_FIRST = "day-first", "month-first"

_CHOOSE_ORDER = Flag(
    Fix.DATE_ORDER,
    "(--dayfirst or --monthfirst)",
    f"({DAY_FIRST_TEXT} or {MONTH_FIRST_TEXT} under “{DATES_LABEL}” above)",
)


@dataclass
class DateColumn:
    """A column's parsed dates: ``dates[i]`` is None for an empty cell or an error."""

    dates: list[date | None]
    times: list[time | None]
    errors: dict[int, str] = field(default_factory=dict)
    order: str | None = None  # DAY_FIRST, MONTH_FIRST or None (not needed / undecided)
    problem: str | None = None  # a column-wide problem (ambiguous or mixed order)


def _year(text: str) -> int:
    year = int(text)
    return 2000 + year if len(text) == 2 else year


def _month(name: str) -> int | None:
    return MONTHS.get(name.lower().rstrip("."))


def from_serial(value: float) -> date | None:
    days = int(value)
    if days != value and not 0 <= value - days < 1:
        return None
    try:
        # Excel's day 60 is 29 Feb 1900, which never existed; days before it are off by one
        result = EXCEL_EPOCH + timedelta(days=days if days > 60 else days + 1)
    except OverflowError:
        return None
    return result if FIRST_YEAR <= result.year <= LAST_YEAR else None


def _quote(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f'"{value}"'


def _make(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


PLAN_ZONE: tzinfo | None = None
"""The default zone imported timestamps are converted into; None is the system's zone."""


def to_plan_zone(moment: datetime, zone: tzinfo | None = None) -> datetime:
    """A timestamp with an offset (``Z``, ``+02:00``) as wall-clock time in the plan's zone.

    The one place the import decides a zone: ``zone`` is the plan's (Plan Settings, passed
    in ``ImportOptions.zone``), else :data:`PLAN_ZONE`, else the system's zone.
    """
    return moment.astimezone(zone or PLAN_ZONE).replace(tzinfo=None)


def split_range(value: Any) -> tuple[Any, str | None]:
    """A Notion range ``January 5, 2027 → January 7, 2027``: (its start, its end as text)."""
    if not isinstance(value, str):
        return value, None
    for arrow in RANGE_ARROWS:
        if arrow in value:
            start, _, end = value.partition(arrow)
            if start.strip() and end.strip() and any(ch.isdigit() for ch in end):
                return start.strip(), end.strip()
    return value, None


def _time_of(text: str) -> time | None:
    match = re.search(r"(\d{1,2})h(\d{2})", text[6:])
    if match:
        hour, minute = int(match.group(1)), int(match.group(2))
        return time(hour, minute) if hour <= 23 and minute <= 59 else None
    match = re.search(r"(\d{1,2}):(\d{2})(?::\d{2}(?:\.\d+)?)?\s*([AaPp])?", text[6:])
    if not match:
        return None
    hour, minute = int(match.group(1)), int(match.group(2))
    if match.group(3):
        hour = hour % 12 + (12 if match.group(3).lower() == "p" else 0)
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def parse_date_column(
    values: Sequence[Any], order: str | None = None, zone: tzinfo | None = None
) -> DateColumn:
    """Parse one column; ``order`` (DAY_FIRST / MONTH_FIRST) overrides the column's evidence."""
    n = len(values)
    result = DateColumn([None] * n, [None] * n)
    numeric: list[tuple[int, int, int, int, str]] = []  # index, a, b, year, text
    day_first_evidence = month_first_evidence = None
    for i, value in enumerate(values):
        if value is None:
            continue
        if isinstance(value, datetime):
            result.dates[i] = value.date()
            if value.time() != time(0, 0):
                result.times[i] = value.time().replace(second=0, microsecond=0)
            continue
        if isinstance(value, date):
            result.dates[i] = value
            continue
        if isinstance(value, bool):
            result.errors[i] = f"{_quote(value)} is not a date"
            continue
        if isinstance(value, (int, float)):
            parsed = from_serial(value)
            if parsed is None:
                result.errors[i] = f"{_quote(value)} is not a date"
            else:
                result.dates[i] = parsed
                fraction = value - int(value)
                if fraction:
                    minutes = round(fraction * 24 * 60)
                    result.times[i] = time(min(minutes // 60, 23), minutes % 60)
            continue
        text = str(value).strip()
        prefix = _WEEKDAY_PREFIX.match(text)
        weekday = None
        if prefix:
            weekday = _WEEKDAY_NUMBER.get(prefix.group(0).strip(" .,").casefold())
            text = text[prefix.end() :]
        if not text:
            continue
        offset_text = _GMT_SUFFIX.search(text)
        if offset_text:  # Notion: "January 5, 2027 10:00 AM (GMT+1)"
            inner = parse_date_column([text[: offset_text.start()]], order, zone)
            if inner.dates[0] is None:
                result.errors[i] = inner.errors.get(0) or f"{_quote(text)} is not a date"
                continue
            offset = timedelta(
                hours=int(offset_text.group(2) or 0), minutes=int(offset_text.group(3) or 0)
            )
            moment = datetime.combine(inner.dates[0], inner.times[0] or time(0, 0))
            if inner.times[0] is not None:
                sign = -1 if offset_text.group(1) == "-" else 1
                moment = to_plan_zone(moment.replace(tzinfo=timezone(sign * offset)), zone)
                result.times[i] = moment.time()
            result.dates[i] = moment.date()
            continue
        if _SERIAL_TEXT.match(text):  # an Excel serial written as text, in a date column
            parsed = from_serial(float(text))
            if parsed is not None:
                result.dates[i] = parsed
                continue
        if _ISO.match(text) and _OFFSET.search(text):
            try:
                moment = to_plan_zone(datetime.fromisoformat(text.replace(" ", "T", 1)), zone)
            except ValueError:
                result.errors[i] = f"{_quote(text)} is not a date"
                continue
            result.dates[i] = moment.date()
            result.times[i] = moment.time().replace(second=0, microsecond=0)
            continue
        result.times[i] = _time_of(text) if len(text) > 10 else None
        match = _ISO.match(text) or _YMD_SLASH.match(text)
        if match:
            parsed = _make(int(match.group(1)), int(match.group(2)), int(match.group(3)))
            if parsed is None:
                result.errors[i] = f"{_quote(text)} is not a date"
            else:
                result.dates[i] = parsed
            continue
        match = _NUMERIC.match(text)
        if match:
            a, b, year = int(match.group(1)), int(match.group(3)), _year(match.group(4))
            numeric.append((i, a, b, year, text))
            if a > 12 and b <= 12 and day_first_evidence is None:
                day_first_evidence = text
            if b > 12 and a <= 12 and month_first_evidence is None:
                month_first_evidence = text
            if weekday is not None and a != b:  # "Mon 04/01/2027": only 4 January is a Monday
                as_day_first, as_month_first = _make(year, b, a), _make(year, a, b)
                day_fits = as_day_first is not None and as_day_first.weekday() == weekday
                month_fits = as_month_first is not None and as_month_first.weekday() == weekday
                if day_fits and not month_fits and day_first_evidence is None:
                    day_first_evidence = str(value).strip()
                if month_fits and not day_fits and month_first_evidence is None:
                    month_first_evidence = str(value).strip()
            continue
        match = _MONTH_NAME_FIRST.match(text)
        if match and (month := _month(match.group(1))):
            parsed = _make(int(match.group(3)), month, int(match.group(2)))
        else:
            match = _DAY_FIRST_NAME.match(text)
            if match and (month := _month(match.group(2))):
                parsed = _make(_year(match.group(3)), month, int(match.group(1)))
            else:
                parsed = None
        if parsed is None:
            result.errors[i] = f"{_quote(text)} is not a date"
        else:
            result.dates[i] = parsed

    if not numeric:
        return result
    if order is None:
        if day_first_evidence and month_first_evidence:
            result.problem = Worded(
                f"mixes day-first ({day_first_evidence}) and month-first "
                f"({month_first_evidence}) dates; fix the column or choose the order ",
                _CHOOSE_ORDER,
            )
            for i, *_ in numeric:
                result.errors.setdefault(i, "")
            return result
        if day_first_evidence:
            order = DAY_FIRST
        elif month_first_evidence:
            order = MONTH_FIRST
        else:
            example = next((text for _, a, b, _, text in numeric if a != b), None)
            if example is not None:
                result.problem = Worded(
                    f"dates like {example} could be day-first or month-first; choose the order ",
                    _CHOOSE_ORDER,
                )
                for i, *_ in numeric:
                    result.errors.setdefault(i, "")
                return result
            order = DAY_FIRST  # every date reads the same both ways
    result.order = order
    for i, a, b, year, text in numeric:
        day, month = (a, b) if order == DAY_FIRST else (b, a)
        parsed = _make(year, month, day)
        if parsed is None:
            result.errors[i] = f"{_quote(text)} is not a date"
        else:
            result.dates[i] = parsed
    return result


def parse_time(value: Any) -> time | None:
    """A time of day from a cell; None for an empty cell. Raises ValueError otherwise."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.time().replace(second=0, microsecond=0)
    if isinstance(value, time):
        return value.replace(second=0, microsecond=0, tzinfo=None)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value < 1:
        minutes = round(value * 24 * 60)
        return time(min(minutes // 60, 23), minutes % 60)
    text = str(value).strip()
    if not text:
        return None
    hours_only = re.fullmatch(r"(\d{1,2})\s*h", text)  # French "9h"
    if hours_only and int(hours_only.group(1)) <= 23:
        return time(int(hours_only.group(1)), 0)
    match = re.fullmatch(r"(\d{1,2})(?:[:.h](\d{2}))?(?::\d{2})?\s*([AaPp]\.?[Mm]\.?)?", text)
    if match and (match.group(2) or match.group(3)):
        hour, minute = int(match.group(1)), int(match.group(2) or 0)
        if match.group(3):
            if not 1 <= hour <= 12:
                raise ValueError(text)
            hour = hour % 12 + (12 if match.group(3)[0].lower() == "p" else 0)
        if hour <= 23 and minute <= 59:
            return time(hour, minute)
    raise ValueError(text)
