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


@lru_cache(maxsize=16)
def _numeric(short_format: str) -> str:
    if "MMM" in short_format:  # a month's name (the C locale): no digits to follow
        return "d/M"
    fmt = re.sub(r"[^dM]*y+[^dM]*", "", short_format)  # no year, nor the mark that led to it
    fmt = re.sub(r"(?<=[dM])\s+(?=[dM])", "/", fmt)  # "8 2" (the C locale) reads as two numbers
    return re.sub(r"M+", "M", re.sub(r"d+", "d", fmt)).strip(" ./-") or "d/M"


def numeric_day(day: date) -> str:
    """``day`` in digits, without its year, in the locale's order: "1/12" (en_GB), "12/1"
    (en_US), "1.12" (de). For a place too narrow for "1 Dec"."""
    locale = QLocale()
    fmt = _numeric(locale.dateFormat(QLocale.FormatType.ShortFormat))
    return locale.toString(QDate(day.year, day.month, day.day), fmt)


def time_text(moment: time) -> str:
    return QLocale().toString(QTime(moment.hour, moment.minute), QLocale.FormatType.ShortFormat)


def month_text(day: date) -> str:
    """The month of ``day`` with its year, e.g. "March 2027"."""
    return f"{QLocale().standaloneMonthName(day.month)} {day.year}"


def short_month(day: date) -> str:
    return QLocale().monthName(day.month, QLocale.FormatType.ShortFormat)
