"""Dates as the user's locale writes them, the calendar's format for the whole timeline.

ISO dates ("2027-02-18") read as data, not as a planner; the locale's short format is
ambiguous with a two-digit year. The medium format here is the locale's long format
without the weekday and with the month abbreviated: "18 Feb 2027" (en_GB), "Feb 18, 2027"
(en_US), "18. Feb. 2027" (de). ``QLocale()`` is read at each call, so a test (or the
user's settings) that changes the default locale takes effect at once. The pattern is the
calendar's (``gui.calendar.dates``): one date format in the whole window (issue 19).
"""

from __future__ import annotations

from datetime import date

from streamdesk.gui.calendar.dates import date_format, day_text

__all__ = ["date_pattern", "day_span", "format_day", "signed_days"]


def date_pattern() -> str:
    """The medium format as a QDate pattern, for date edits that show what the text says."""
    return date_format(weekday=False) or "d MMM yyyy"


def format_day(day: date) -> str:
    """A day in the locale's medium format, e.g. "18 Feb 2027"."""
    return day_text(day, weekday=False)


def day_span(first: date, last: date) -> str:
    """Two days as a range, e.g. "18 Feb 2027 – 14 Mar 2027"."""
    return f"{format_day(first)} – {format_day(last)}"


def signed_days(n: int) -> str:
    """A change in days with its sign, e.g. "+3 days", "−1 day" (a real minus sign)."""
    sign = "−" if n < 0 else "+"
    return f"{sign}{abs(n)} day{'s' if abs(n) != 1 else ''}"
