"""Repeat rules as other tools' exports write them: "weekly", "every Mon, Wed and Fri",
"first Thursday of the month", "FREQ=WEEKLY;BYDAY=MO", read into RRULE text given the
row's date, or said to be ambiguous or unreadable. Never a guess.

What is ambiguous, and why (each is asked, with its readings):

* **biweekly** — every two weeks (most US tools) or twice a week (dictionaries give both).
  "biweekly on Tue" is not: twice a week cannot fall on one day, nor on three.
* **bimonthly** — every two months or twice a month.
* **biannually / biyearly** — twice a year or every two years.
* **every weekend** — a post each Saturday and Sunday, or one per weekend (which day?).
* **monthly** on a row dated on the last day of a month shorter than 31 days (30 Apr,
  28 Feb): the 30th of every month, or the last day of every month. On any other day
  "monthly" is that day of each month (from the 29th on, the month's last day where the
  month is shorter, as the Repeat section does); on the 31st both readings are one.
* **every second Tuesday** — every other Tuesday, or the second Tuesday of each month
  (likewise third and fourth; "every first Thursday" and "every last Friday" are monthly).
* **a numeric end date** like "until 03/04/2027", where either number can be the month.

Not ambiguous, read without asking: "every weekday" is Monday to Friday (what Google
Calendar and Outlook mean by it); "fortnightly" and "every other week" are every two
weeks; "quarterly" every three months; "semiannually" every six months; "biennially"
every two years.

Unreadable (refused, saying what to write instead): "twice a week" and "3 times a month"
without days (the days are the rule), "twice a month" (two month days make two series),
RRULE parts the Repeat section cannot keep where they change the days (BYMONTH, several
nth weekdays, a plain BYMONTHDAY=31 that skips short months…), "yearly" from 29 February
(it comes every four years: say so), and anything else. "none", "never", "once", "does not
repeat" are no repeat at all.

No Qt and no SQL here; dates are wall-clock days as in :mod:`streamdesk.domain.series`.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date

from dateutil.relativedelta import relativedelta

from streamdesk.domain.errors import ValidationError
from streamdesk.domain.series import (
    DAY_ABBREVIATIONS,
    Frequency,
    RuleParts,
    build_rule,
    expand,
    normalise_rule,
    parse_rule,
)
from streamdesk.domain.text import MONTH_NAMES


@dataclass(frozen=True)
class Rule:
    """The words read as one rule (RRULE text without ``RRULE:``, as ``build_rule`` makes)."""

    rule: str


@dataclass(frozen=True)
class Reading:
    """One way to read ambiguous words: what it means, and the words that say it without
    doubt (``answer``), or None when the meaning needs more than we know (which days)."""

    meaning: str
    answer: str | None


@dataclass(frozen=True)
class Ambiguity:
    text: str
    why: str
    readings: tuple[Reading, ...]


@dataclass(frozen=True)
class Unreadable:
    text: str
    why: str


Recurrence = Rule | Ambiguity | Unreadable | None
"""What words say: a rule, a question, a refusal, or None for "does not repeat"."""

NO_REPEAT = frozenset(
    (
        "",
        "-",
        "none",
        "never",
        "no",
        "n/a",
        "na",
        "once",
        "one time",
        "one-time",
        "one off",
        "one-off",
        "single",
        "does not repeat",
        "doesn't repeat",
        "do not repeat",
        "no repeat",
        "not recurring",
        "no recurrence",
        "false",
    )
)

# English, whatever the locale: the words are read as other tools' English exports write them
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTH_NAMES = MONTH_NAMES
_DAY_NAMES: dict[str, int] = {}
for _n, _name in enumerate(_WEEKDAYS):
    _low = _name.lower()
    for _form in (_low, _low + "s", _low[:3], _low[:2]):
        _DAY_NAMES.setdefault(_form, _n)
_DAY_NAMES.update({"tues": 1, "weds": 2, "thur": 3, "thurs": 3, "thr": 3})
_DAY = "(?:" + "|".join(sorted(_DAY_NAMES, key=len, reverse=True)) + r")\.?"

_NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "other": 2,
    "second": 2,
    "2nd": 2,
    "third": 3,
    "3rd": 3,
    "fourth": 4,
    "4th": 4,
}
_ORDINALS = {
    "first": 1,
    "1st": 1,
    "second": 2,
    "2nd": 2,
    "third": 3,
    "3rd": 3,
    "fourth": 4,
    "4th": 4,
    "fifth": 5,
    "5th": 5,
    "last": -1,
}
_ORDINAL = "(" + "|".join(_ORDINALS) + ")"
_MONTHS: dict[str, int] = {}
for _n, _name in enumerate(_MONTH_NAMES, start=1):
    _MONTHS[_name.lower()] = _n
    _MONTHS[_name[:3].lower()] = _n
_MONTHS["sept"] = 9
_MONTH = "(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"

_UNITS = {
    "day": Frequency.DAILY,
    "week": Frequency.WEEKLY,
    "month": Frequency.MONTHLY,
    "year": Frequency.YEARLY,
}
_EVERY = r"(?:every|each|once (?:a|per|every))"
_MONTHLY = r"(?:monthly|every month|each month|once a month|once per month|a month|per month)"
_OF_MONTH = r"(?: of (?:the|each|every) month| (?:monthly|every month|each month))?"

_WORDS = {
    "daily": (Frequency.DAILY, 1),
    "every day": (Frequency.DAILY, 1),
    "each day": (Frequency.DAILY, 1),
    "everyday": (Frequency.DAILY, 1),
    "once a day": (Frequency.DAILY, 1),
    "once daily": (Frequency.DAILY, 1),
    "weekly": (Frequency.WEEKLY, 1),
    "every week": (Frequency.WEEKLY, 1),
    "each week": (Frequency.WEEKLY, 1),
    "once a week": (Frequency.WEEKLY, 1),
    "once per week": (Frequency.WEEKLY, 1),
    "once weekly": (Frequency.WEEKLY, 1),
    "fortnightly": (Frequency.WEEKLY, 2),
    "every fortnight": (Frequency.WEEKLY, 2),
    "monthly": (Frequency.MONTHLY, 1),
    "every month": (Frequency.MONTHLY, 1),
    "each month": (Frequency.MONTHLY, 1),
    "once a month": (Frequency.MONTHLY, 1),
    "once per month": (Frequency.MONTHLY, 1),
    "once monthly": (Frequency.MONTHLY, 1),
    "quarterly": (Frequency.MONTHLY, 3),
    "every quarter": (Frequency.MONTHLY, 3),
    "each quarter": (Frequency.MONTHLY, 3),
    "semiannually": (Frequency.MONTHLY, 6),
    "semi-annually": (Frequency.MONTHLY, 6),
    "semiannual": (Frequency.MONTHLY, 6),
    "semi-annual": (Frequency.MONTHLY, 6),
    "half-yearly": (Frequency.MONTHLY, 6),
    "half yearly": (Frequency.MONTHLY, 6),
    "twice a year": (Frequency.MONTHLY, 6),
    "yearly": (Frequency.YEARLY, 1),
    "annually": (Frequency.YEARLY, 1),
    "annual": (Frequency.YEARLY, 1),
    "every year": (Frequency.YEARLY, 1),
    "each year": (Frequency.YEARLY, 1),
    "once a year": (Frequency.YEARLY, 1),
    "once per year": (Frequency.YEARLY, 1),
    "biennially": (Frequency.YEARLY, 2),
    "biennial": (Frequency.YEARLY, 2),
}

_COUNT_END = re.compile(
    r"(?:[,;]\s*|\s+)(?:(?:x|×)\s*(\d+)|(\d+)\s*(?:x|×|times?|occurrences?)|"
    r"for\s+(\d+)\s+(?:times?|occurrences?))$"
)
_UNTIL_END = re.compile(
    r"(?:[,;]\s*|\s+)(?:until|till|til|through|thru|ending on|ending|ends on|ends)\s+(.+)$"
)
_NO_END = re.compile(r"(?:[,;]\s*|\s+)(?:no end|forever|indefinitely|ongoing)$")


def read_recurrence(text: str, start: date) -> Recurrence:
    """What ``text`` says for a row dated ``start``: a :class:`Rule`, an :class:`Ambiguity`
    with its readings, :class:`Unreadable` with what to write instead, or None."""
    raw = str(text or "").strip()
    s = _normalise(raw)
    if s in NO_REPEAT:
        return None
    if "freq=" in s:
        return _rfc(raw, start)
    end = _End()
    s, ending = _ending(s, raw, start, end)
    if isinstance(ending, (Ambiguity, Unreadable)):
        return ending
    found = _core(s, raw, start)
    if isinstance(found, Ambiguity) and (end.until or end.count):
        # each answer keeps the ending: "biweekly x 5" is "every 2 weeks x 5"
        tail = f" until {end.until.isoformat()}" if end.until else f" x {end.count}"
        return replace(
            found,
            readings=tuple(
                Reading(r.meaning + tail, None if r.answer is None else r.answer + tail)
                for r in found.readings
            ),
        )
    if not isinstance(found, RuleParts):
        return found
    parts = replace(found, until=end.until, count=end.count)
    if parts.until is not None and parts.until < start:
        return Unreadable(raw, f"it ends ({parts.until.isoformat()}) before the row's date")
    leap_day = (start.month, start.day) == (2, 29)
    if parts.frequency is Frequency.YEARLY and leap_day and parts.interval % 4:
        return Unreadable(
            raw,
            "the row is on 29 Feb, which comes only in leap years; write “every 4 years” "
            "or date the row 28 Feb or 1 Mar",
        )
    return _checked(parts, raw, start)


def _checked(parts: RuleParts, raw: str, start: date) -> Rule | Unreadable:
    try:
        rule = build_rule(parts)
        expand(rule, start, start)  # refuses what dateutil cannot read
    except ValidationError as error:
        return Unreadable(raw, str(error))
    return Rule(rule)


def _normalise(text: str) -> str:
    s = text.casefold().replace("–", "-").replace("—", "-").replace("&", " and ")
    s = re.sub(r"\s+", " ", s).strip().rstrip(".").strip()
    s = re.sub(r"^(?:repeats?|recurring|recurs|recurrence|occurs)\s*:?\s*", "", s)
    return s


# -- endings ---------------------------------------------------------------------------


@dataclass
class _End:
    until: date | None = None
    count: int | None = None


def _ending(s: str, raw: str, start: date, out: _End) -> tuple[str, Ambiguity | Unreadable | None]:
    """The words without their ending ("until 30 Jun 2027", "x 10"), which go in ``out``."""
    s = _NO_END.sub("", s)
    count = _COUNT_END.search(s)
    if count is not None:
        n = int(next(g for g in count.groups() if g))
        if n < 1:
            return s, Unreadable(raw, "a repeat ends after 1 or more times")
        out.count = n
        s = s[: count.start()].strip()
    until = _UNTIL_END.search(s)
    if until is not None:
        if out.count is not None:
            return s, Unreadable(raw, "it gives both an end date and a number of times")
        day = _end_date(until.group(1), raw, s[: until.start()].strip(), start)
        if isinstance(day, date):
            out.until = day
            s = s[: until.start()].strip()
        elif isinstance(day, Ambiguity) or re.search(r"\d", until.group(1)):
            return s, day
        # else "Mon through Fri": not an end, the days
    return s.rstrip(",;").strip(), None


def _end_date(text: str, raw: str, head: str, start: date) -> date | Ambiguity | Unreadable:
    """An end date as people write one; day and month in digits only when it is clear."""
    t = text.strip().rstrip(".").replace(",", " ")
    t = re.sub(r"\s+", " ", t)
    try:
        if m := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", t):
            return date(int(m[1]), int(m[2]), int(m[3]))
        if m := re.fullmatch(r"(\d{4})(\d{2})(\d{2})", t):
            return date(int(m[1]), int(m[2]), int(m[3]))
        if m := re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)? (?:of )?" + _MONTH + r" (\d{4})", t):
            return date(int(m[3]), _MONTHS[m[2]], int(m[1]))
        if m := re.fullmatch(_MONTH + r" (\d{1,2})(?:st|nd|rd|th)? (\d{4})", t):
            return date(int(m[3]), _MONTHS[m[1]], int(m[2]))
        if m := re.fullmatch(r"(\d{1,2})[./](\d{1,2})[./](\d{4})", t):
            a, b, year = int(m[1]), int(m[2]), int(m[3])
            if a > 12 or "." in t:
                return date(year, b, a)  # 30/06/2027; dotted dates are day first
            if b > 12:
                return date(year, a, b)  # 06/30/2027
            if a == b:
                return date(year, a, b)
            first, second = date(year, b, a), date(year, a, b)
            return Ambiguity(
                raw,
                f"{t} may be {_label(first)} or {_label(second)}",
                tuple(
                    Reading(f"until {_label(d)}", f"{head} until {d.isoformat()}")
                    for d in (first, second)
                ),
            )
    except ValueError:
        pass
    return Unreadable(raw, f"“{text.strip()}” is not a date (write it as 2027-06-30)")


def _label(day: date) -> str:
    return f"{day.day} {_MONTH_NAMES[day.month - 1][:3]} {day.year}"


# -- the rule itself -------------------------------------------------------------------


def _days(text: str) -> tuple[int, ...] | None:
    """ "mon, wed and fri", "mon/wed/fri", "mondays and thursdays", "mon-fri": the days."""
    t = text.strip()
    weekday_words = {
        "weekday",
        "weekdays",
        "every weekday",
        "business day",
        "business days",
        "workday",
        "workdays",
        "working day",
        "working days",
    }
    if t in weekday_words:
        return (0, 1, 2, 3, 4)
    if m := re.fullmatch(f"({_DAY}) ?(?:-|to|through|thru|until) ?({_DAY})", t):
        first, last = _DAY_NAMES[m[1].rstrip(".")], _DAY_NAMES[m[2].rstrip(".")]
        if last < first:
            return None
        return tuple(range(first, last + 1))
    tokens = [p for p in re.split(r"\s*(?:,|/|\+|;|\band\b|\s)\s*", t) if p]
    if not tokens:
        return None
    days = []
    for token in tokens:
        day = _DAY_NAMES.get(token.rstrip("."))
        if day is None:
            return None
        days.append(day)
    return tuple(sorted(set(days)))


def _number(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    return _NUMBERS.get(word)


def _month_day(start: date, raw: str, parts: RuleParts, explicit: bool) -> RuleParts | Ambiguity:
    """Monthly on the row's day; asked when that day is the last of a month shorter than
    31 days (the 30th of each month, or each month's last day?)."""
    last = calendar.monthrange(start.year, start.month)[1]
    if explicit or start.day != last or last == 31:
        return replace(parts, month_day=start.day)
    every = _every_text("month", parts.interval)
    return Ambiguity(
        raw,
        f"the row is on {_label(start)}, the last day of its month",
        (
            Reading(
                f"{every} on day {start.day} (or the month's last day)",
                f"{every} on the same day",
            ),
            Reading(f"{every} on the last day", f"{every} on the last day"),
        ),
    )


def _every_text(unit: str, interval: int) -> str:
    return f"every {unit}" if interval == 1 else f"every {interval} {unit}s"


def _core(s: str, raw: str, start: date) -> RuleParts | Ambiguity | Unreadable | None:
    if s in NO_REPEAT:
        return None
    # the words of our own summary ("Every week on Mon and Wed") and their kin
    if s in _WORDS:
        freq, interval = _WORDS[s]
        return _plain(freq, interval, start, raw)
    if m := re.fullmatch(r"(?:every|each) (\w+) (day|week|month|year)s?(?: (?:on )?(.+))?", s):
        n = _number(m[1])
        if n is not None and n >= 1:
            return _with_on(_UNITS[m[2]], n, m[3], start, raw)
    if m := re.fullmatch(r"(week|month|year)ly(?: on)? (.+)", s):
        return _with_on(_UNITS[m[1]], 1, m[2], start, raw)
    if m := re.fullmatch(r"daily (?:on )?(.+)", s):
        return _with_on(Frequency.DAILY, 1, m[1], start, raw)
    if m := re.fullmatch(r"(?:every|each) (day|week|month|year) (?:on )?(.+)", s):
        return _with_on(_UNITS[m[1]], 1, m[2], start, raw)
    if m := re.fullmatch(r"(?:fortnightly|every fortnight)(?: on)? (.+)", s):
        return _with_on(Frequency.WEEKLY, 2, m[1], start, raw)
    # biweekly, bimonthly, biannually: asked
    if m := re.fullmatch(r"bi-?weekly(?: (?:on )?(.+))?", s):
        return _biweekly(m[1], start, raw)
    if re.fullmatch(r"bi-?monthly", s):
        return Ambiguity(
            raw,
            "tools use the word both ways",
            (
                Reading("every 2 months", "every 2 months"),
                Reading("twice a month (two series, one per day of the month)", None),
            ),
        )
    if re.fullmatch(r"bi-?annual(?:ly)?|bi-?yearly", s):
        return Ambiguity(
            raw,
            "tools use the word both ways",
            (
                Reading("twice a year (every 6 months)", "every 6 months"),
                Reading("every 2 years", "every 2 years"),
            ),
        )
    if re.fullmatch(r"(?:every|each) weekend|weekends?|on weekends", s):
        return Ambiguity(
            raw,
            "one item on each weekend day, or one per weekend",
            (
                Reading("every Sat and Sun", "every Sat and Sun"),
                Reading("every Sat", "every Sat"),
                Reading("every Sun", "every Sun"),
            ),
        )
    if m := re.fullmatch(r"(twice|\d+ ?(?:x|times)|two times|three times) (?:a|per|each) (\w+)", s):
        if m[2].startswith("week"):
            hint = "name the days (“every Mon and Thu”)"
        else:
            hint = "make one series per day (“monthly on the 1st”, “monthly on the 15th”)"
        return Unreadable(raw, f"“{m[1]} a {m[2]}” does not say on which days; {hint}")
    if re.fullmatch(r"semi-?monthly|twice monthly", s):
        return Unreadable(
            raw, "twice a month is two series (one per day of the month); name one day each"
        )
    # "every second Tuesday": every other Tuesday, or the second Tuesday of the month?
    if m := re.fullmatch(r"(?:every|each) (second|2nd|third|3rd|fourth|4th) (" + _DAY + ")", s):
        n, day = _ORDINALS[m[1]], _DAY_NAMES[m[2].rstrip(".")]
        name = DAY_ABBREVIATIONS[day]
        full = _WEEKDAYS[day]
        return Ambiguity(
            raw,
            f"every {n} weeks on {full}, or the {m[1]} {full} of each month",
            (
                Reading(f"every {n} weeks on {name}", f"every {n} weeks on {name}"),
                Reading(f"the {m[1]} {full} of each month", f"monthly on the {m[1]} {name}"),
            ),
        )
    # monthly on a day or on an nth weekday
    monthly = _monthly(s, start, raw, 1)
    if monthly is not None:
        return monthly
    # every Monday / Mon, Wed and Fri / every other Tuesday
    if m := re.fullmatch(r"(?:every|each|on) (?:other|alternate) (.+)", s):
        days = _days(m[1])
        if days is not None:
            return RuleParts(Frequency.WEEKLY, 2, days)
    if m := re.fullmatch(r"(?:(?:every|each|on) )?(.+?)(?: (?:weekly|every week|each week))?", s):
        days = _days(m[1])
        if days is not None:
            return RuleParts(Frequency.WEEKLY, 1, days)
    return Unreadable(
        raw,
        "not a repeat StreamDesk can read; write it like “weekly”, “every Mon and Thu”, "
        "“monthly on the 15th”, “first Thursday of the month” or FREQ=WEEKLY;BYDAY=MO",
    )


def _plain(
    freq: Frequency, interval: int, start: date, raw: str
) -> RuleParts | Ambiguity | Unreadable:
    if freq is Frequency.WEEKLY:
        return RuleParts(freq, interval, (start.weekday(),))
    if freq is Frequency.MONTHLY:
        return _month_day(start, raw, RuleParts(freq, interval), explicit=False)
    return RuleParts(freq, interval)


def _with_on(
    freq: Frequency, interval: int, on: str | None, start: date, raw: str
) -> RuleParts | Ambiguity | Unreadable:
    """ "every 2 weeks on Tue", "every month on the first Thursday", "every year on 4 Jan"."""
    if not on:
        return _plain(freq, interval, start, raw)
    on = on.strip()
    if freq is Frequency.WEEKLY:
        days = _days(on)
        if days is not None:
            return RuleParts(freq, interval, days)
    elif freq is Frequency.MONTHLY:
        found = _monthly("monthly on " + on, start, raw, interval)
        if found is not None:
            return found
        if on == "the same day":
            return _month_day(start, raw, RuleParts(freq, interval), explicit=True)
    elif freq is Frequency.YEARLY:
        m = re.fullmatch(r"(\d{1,2}) " + _MONTH + "|" + _MONTH + r" (\d{1,2})(?:st|nd|rd|th)?", on)
        if m is not None:
            day = int(m[1] or m[4])
            month = _MONTHS[m[2] or m[3]]
            if (day, month) == (start.day, start.month):
                return RuleParts(freq, interval)
            return Unreadable(
                raw,
                f"it says {day} {_MONTH_NAMES[month - 1][:3]} but the row is on {_label(start)}; "
                "a yearly repeat starts on the row's date",
            )
    elif on == "the same day" or on == "every day":
        return RuleParts(freq, interval)
    return Unreadable(raw, f"“{on}” is not a day StreamDesk can repeat on")


def _biweekly(on: str | None, start: date, raw: str) -> RuleParts | Ambiguity:
    days = _days(on) if on else None
    if days is not None and len(days) != 2:
        return RuleParts(Frequency.WEEKLY, 2, days)  # twice a week is never on 1 or 3 days
    if days is not None:
        names = " and ".join(DAY_ABBREVIATIONS[d] for d in days)
        return Ambiguity(
            raw,
            "tools use the word both ways",
            (
                Reading(f"every 2 weeks on {names}", f"every 2 weeks on {names}"),
                Reading(f"twice a week: every {names}", f"every {names}"),
            ),
        )
    return Ambiguity(
        raw,
        "tools use the word both ways",
        (
            Reading("every 2 weeks", "every 2 weeks"),
            Reading("twice a week (name the days, e.g. every Mon and Thu)", None),
        ),
    )


def _monthly(s: str, start: date, raw: str, interval: int) -> RuleParts | Ambiguity | None:
    """ "monthly on the 15th", "first Thursday of the month", "every last Friday",
    "monthly on the last day", "on day 15 (or the month's last day)"."""
    s = s.replace(" (or the month's last day)", "")
    month = RuleParts(Frequency.MONTHLY, interval)
    lead = rf"(?:{_MONTHLY} )?(?:on )?(?:{_EVERY} )?(?:the )?"
    if m := re.fullmatch(lead + _ORDINAL + " (" + _DAY + ")" + _OF_MONTH, s):
        weekday = _DAY_NAMES.get(m[2].rstrip("."))
        if weekday is not None:
            return replace(month, nth=_ORDINALS[m[1]], nth_weekday=weekday)
    if re.fullmatch(lead + r"(?:last day|end)(?: of (?:the|each|every) month)?" + _OF_MONTH, s):
        return replace(month, month_day=31)
    if re.fullmatch(r"(?:at )?(?:the )?end of (?:the|each|every) month|month-end|month end", s):
        return replace(month, month_day=31)
    day = None
    for pattern in (
        rf"(?:{_MONTHLY} )(?:on )?(?:the |day )?(\d{{1,2}})(?:st|nd|rd|th)?",
        rf"(?:on )?(?:{_EVERY} )?(?:the )?(\d{{1,2}})(?:st|nd|rd|th) of (?:the|each|every) month",
        r"(?:every|each) (\d{1,2})(?:st|nd|rd|th)",
        rf"(?:on )?(?:the )?(\d{{1,2}})(?:st|nd|rd|th) {_MONTHLY}",
    ):
        if m := re.fullmatch(pattern, s):
            day = int(m[1])
            break
    if day is None:
        return None
    if not 1 <= day <= 31:
        return None
    return replace(month, month_day=day)


# -- RFC 5545 ----------------------------------------------------------------------------


def _rfc(raw: str, start: date) -> Rule | Unreadable:
    """RRULE text, kept only when the Repeat section can keep it: rebuilt from its parts,
    it must make the same days (two years' worth), or later edits would change it."""
    lines = [ln for ln in re.split(r"[\r\n]+", raw) if "freq=" in ln.casefold()]
    text = lines[0] if lines else raw
    rule = normalise_rule(text)
    try:
        parts = parse_rule(rule)
        days = expand(rule, start, start + relativedelta(years=2))
        rebuilt = build_rule(parts)
        again = expand(rebuilt, start, start + relativedelta(years=2))
    except (ValidationError, ValueError, IndexError, KeyError) as error:
        return Unreadable(raw, f"not a repeat rule StreamDesk can read ({error})")
    if parts.until is not None and parts.until < start:
        return Unreadable(raw, f"it ends ({parts.until.isoformat()}) before the row's date")
    if days != again:
        return Unreadable(
            raw,
            f"it uses parts of RRULE the Repeat section cannot keep; the nearest it can: {rebuilt}",
        )
    return Rule(rebuilt)


__all__ = [
    "NO_REPEAT",
    "Ambiguity",
    "Reading",
    "Recurrence",
    "Rule",
    "Unreadable",
    "read_recurrence",
]
