"""One way to write a date in the calendar: the user's locale's, through QLocale.

Qt's locales have a short format (12/1/26) and a long one (Tuesday, December 1, 2026); the
calendar needs something between, so the long format is abbreviated (weekday and month
names shortened: "Tue, Dec 1, 2026", "Tue, 1 Dec 2026", "Di., 1. Dez. 2026"), in the
locale's own order, and the weekday or year left out where the place already says them.
"""

from __future__ import annotations

import re
from datetime import date, time
from functools import lru_cache

from PySide6.QtCore import QDate, QLocale, QTime

_SEPARATORS = r"[\s,./\-]*"
_LITERAL = r"(?:\s*'[^']*')?"  # a quoted word between fields, e.g. Spanish 'de'


@lru_cache(maxsize=32)
def _format(locale_name: str, long_format: str, weekday: bool, year: bool) -> str:
    fmt = re.sub(r"d{4}", "ddd", long_format)
    fmt = re.sub(r"M{4}", "MMM", fmt)
    if not weekday:
        fmt = re.sub(rf"(?<!d)ddd(?!d){_SEPARATORS}", "", fmt)
        fmt = re.sub(rf"{_SEPARATORS}(?<!d)ddd(?!d)", "", fmt)
    if not year and fmt.startswith("y"):  # year first: drop it and what marks it (年)
        fmt = re.sub(r"^y+[^dM']*", "", fmt)
    elif not year:
        fmt = re.sub(rf"{_LITERAL}{_SEPARATORS}y+", "", fmt, count=1)
    return fmt.strip(" ,")


def date_format(weekday: bool = True, year: bool = True) -> str:
    """The locale's date pattern (for QDateEdit and QLocale.toString)."""
    locale = QLocale()
    long_format = locale.dateFormat(QLocale.FormatType.LongFormat)
    return _format(locale.name(), long_format, weekday, year)


def day_text(day: date, weekday: bool = True, year: bool = True) -> str:
    """``day`` as the user reads dates, e.g. "Tue, 1 Dec 2026"."""
    return QLocale().toString(QDate(day.year, day.month, day.day), date_format(weekday, year))


def time_text(moment: time) -> str:
    return QLocale().toString(QTime(moment.hour, moment.minute), QLocale.FormatType.ShortFormat)


def month_text(day: date) -> str:
    """The month of ``day`` with its year, e.g. "March 2027"."""
    return f"{QLocale().standaloneMonthName(day.month)} {day.year}"


def short_month(day: date) -> str:
    return QLocale().monthName(day.month, QLocale.FormatType.ShortFormat)
