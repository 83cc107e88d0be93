"""One date format in the whole window, the locale's (issue 19): the timeline writes what the
calendar writes, and a cell too narrow for "1 Dec" writes its digits in the locale's order."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from PySide6.QtCore import QLocale

from streamdesk.gui.calendar.dates import date_format, day_text, numeric_day
from streamdesk.gui.timeline.dates import date_pattern, format_day


@pytest.fixture
def locale_named(qapp) -> Iterator[object]:  # type: ignore[no-untyped-def]
    before = QLocale()

    def use(name: str) -> None:
        QLocale.setDefault(QLocale(name))

    yield use
    QLocale.setDefault(before)


@pytest.mark.parametrize(
    ("name", "medium", "digits"),
    [
        ("en_GB", "8 Feb 2027", "8/2"),
        ("en_US", "Feb 8, 2027", "2/8"),
        ("de_DE", "8. Feb. 2027", "8.2"),
        ("sv_SE", "8 feb. 2027", "2-8"),
    ],
)
def test_timeline_and_calendar_write_a_day_alike(locale_named, name, medium, digits) -> None:  # type: ignore[no-untyped-def]
    locale_named(name)
    day = date(2027, 2, 8)
    assert format_day(day) == day_text(day, weekday=False) == medium
    assert date_pattern() == date_format(weekday=False)
    assert numeric_day(day) == digits


def test_digits_apart_by_a_space_get_a_slash(locale_named) -> None:  # type: ignore[no-untyped-def]
    locale_named("C")  # its short date is "d MM yyyy"
    assert numeric_day(date(2027, 2, 8)) == "8/2"
