"""The words other tools write in a Recurrence column, read into RRULE text or asked."""

from __future__ import annotations

from datetime import date

import pytest

from streamdesk.domain.recurrence_words import (
    Ambiguity,
    Reading,
    Rule,
    Unreadable,
    read_recurrence,
)
from streamdesk.domain.series import describe, expand

WED = date(2027, 1, 6)  # a Wednesday, the 6th


@pytest.mark.parametrize(
    ("words", "rule"),
    [
        ("daily", "FREQ=DAILY"),
        ("Every day", "FREQ=DAILY"),
        ("every 3 days", "FREQ=DAILY;INTERVAL=3"),
        ("weekly", "FREQ=WEEKLY;BYDAY=WE"),
        ("Every week", "FREQ=WEEKLY;BYDAY=WE"),
        ("once a week", "FREQ=WEEKLY;BYDAY=WE"),
        ("every 2 weeks", "FREQ=WEEKLY;INTERVAL=2;BYDAY=WE"),
        ("every two weeks", "FREQ=WEEKLY;INTERVAL=2;BYDAY=WE"),
        ("every other week", "FREQ=WEEKLY;INTERVAL=2;BYDAY=WE"),
        ("fortnightly", "FREQ=WEEKLY;INTERVAL=2;BYDAY=WE"),
        ("biweekly on Tue", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"),
        ("every other Tuesday", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"),
        ("every Monday", "FREQ=WEEKLY;BYDAY=MO"),
        ("Mondays", "FREQ=WEEKLY;BYDAY=MO"),
        ("Weekly on Mondays", "FREQ=WEEKLY;BYDAY=MO"),
        ("every Mon, Wed and Fri", "FREQ=WEEKLY;BYDAY=MO,WE,FR"),
        ("every Mon, Wed & Fri", "FREQ=WEEKLY;BYDAY=MO,WE,FR"),
        ("Mon/Wed/Fri", "FREQ=WEEKLY;BYDAY=MO,WE,FR"),
        ("Mon-Fri", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"),
        ("Monday through Friday", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"),
        ("every weekday", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"),
        ("every 2 weeks on Mon and Thu", "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH"),
        ("monthly", "FREQ=MONTHLY;BYMONTHDAY=6"),
        ("every month", "FREQ=MONTHLY;BYMONTHDAY=6"),
        ("monthly on the 15th", "FREQ=MONTHLY;BYMONTHDAY=15"),
        ("the 15th of each month", "FREQ=MONTHLY;BYMONTHDAY=15"),
        ("every 15th", "FREQ=MONTHLY;BYMONTHDAY=15"),
        ("monthly on the last day", "FREQ=MONTHLY;BYMONTHDAY=28,29,30,31;BYSETPOS=-1"),
        ("first Thursday of the month", "FREQ=MONTHLY;BYDAY=1TH"),
        ("every first Thursday", "FREQ=MONTHLY;BYDAY=1TH"),
        ("last Friday", "FREQ=MONTHLY;BYDAY=-1FR"),
        ("the last Friday of every month", "FREQ=MONTHLY;BYDAY=-1FR"),
        ("quarterly", "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=6"),
        ("semiannually", "FREQ=MONTHLY;INTERVAL=6;BYMONTHDAY=6"),
        ("yearly", "FREQ=YEARLY"),
        ("Annually", "FREQ=YEARLY"),
        ("every 2 years", "FREQ=YEARLY;INTERVAL=2"),
        ("weekly until 30 Jun 2027", "FREQ=WEEKLY;BYDAY=WE;UNTIL=20270630"),
        ("weekly until 2027-06-30", "FREQ=WEEKLY;BYDAY=WE;UNTIL=20270630"),
        ("every Monday until June 30, 2027", "FREQ=WEEKLY;BYDAY=MO;UNTIL=20270630"),
        ("weekly until 30/06/2027", "FREQ=WEEKLY;BYDAY=WE;UNTIL=20270630"),
        ("weekly x 10", "FREQ=WEEKLY;BYDAY=WE;COUNT=10"),
        ("every Mon 10 times", "FREQ=WEEKLY;BYDAY=MO;COUNT=10"),
        ("daily, 5 times", "FREQ=DAILY;COUNT=5"),
        ("FREQ=WEEKLY;BYDAY=MO", "FREQ=WEEKLY;BYDAY=MO"),
        ("RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH"),
        ("rrule:freq=monthly;byday=1th;count=6", "FREQ=MONTHLY;BYDAY=1TH;COUNT=6"),
        # our own summary, as the Repeats column of an export writes it
        ("Every week on Mon and Wed, 4 times", "FREQ=WEEKLY;BYDAY=MO,WE;COUNT=4"),
        ("Every month on the first Thursday", "FREQ=MONTHLY;BYDAY=1TH"),
        ("Every year on 6 Jan", "FREQ=YEARLY"),
    ],
)
def test_words_read_as_a_rule(words: str, rule: str) -> None:
    assert read_recurrence(words, WED) == Rule(rule)


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=DAILY;INTERVAL=2;COUNT=9",
        "FREQ=WEEKLY;BYDAY=MO,WE,FR;UNTIL=20270630",
        "FREQ=WEEKLY;INTERVAL=3;BYDAY=TU",
        "FREQ=MONTHLY;BYMONTHDAY=6",
        "FREQ=MONTHLY;INTERVAL=2;BYDAY=-1FR",
        "FREQ=MONTHLY;BYMONTHDAY=28,29,30,31;BYSETPOS=-1",
        "FREQ=YEARLY;COUNT=3",
        "FREQ=WEEKLY;BYDAY=WE;COUNT=1",  # a series cut down to one: ", 1 time"
    ],
)
def test_our_own_summary_reads_back_as_its_rule(rule: str) -> None:
    """What an export's Repeats column says, a foreign tool's copy of it still says."""
    assert read_recurrence(describe(rule, WED), WED) == Rule(rule)


def test_the_last_day_of_a_short_month_asks_which_monthly() -> None:
    found = read_recurrence("monthly", date(2027, 4, 30))
    assert isinstance(found, Ambiguity)
    assert found.readings == (
        Reading("every month on day 30 (or the month's last day)", "every month on the same day"),
        Reading("every month on the last day", "every month on the last day"),
    )
    # each answer reads without doubt, and the two differ in May (31 days)
    day30 = read_recurrence("every month on the same day", date(2027, 4, 30))
    last = read_recurrence("every month on the last day", date(2027, 4, 30))
    assert isinstance(day30, Rule) and isinstance(last, Rule)
    may = date(2027, 5, 31)
    assert expand(day30.rule, date(2027, 4, 30), may)[-1] == date(2027, 5, 30)
    assert expand(last.rule, date(2027, 4, 30), may)[-1] == date(2027, 5, 31)


def test_yearly_from_the_29th_of_february_is_refused_unless_every_four_years() -> None:
    leap = date(2028, 2, 29)
    found = read_recurrence("yearly", leap)
    assert isinstance(found, Unreadable) and "only in leap years" in found.why
    assert read_recurrence("every 4 years", leap) == Rule("FREQ=YEARLY;INTERVAL=4")


def test_monthly_on_the_31st_or_a_mid_month_day_is_not_asked() -> None:
    assert read_recurrence("monthly", date(2027, 1, 31)) == Rule(
        "FREQ=MONTHLY;BYMONTHDAY=28,29,30,31;BYSETPOS=-1"
    )
    assert read_recurrence("monthly", date(2027, 1, 30)) == Rule(
        "FREQ=MONTHLY;BYMONTHDAY=28,29,30;BYSETPOS=-1"
    )


@pytest.mark.parametrize(
    ("words", "readings"),
    [
        ("biweekly", [("every 2 weeks", "every 2 weeks"), (None, None)]),
        ("biweekly x 5", [("every 2 weeks x 5", "every 2 weeks x 5"), (None, None)]),
        (
            "every weekend until 2027-06-30",
            [
                ("every Sat and Sun until 2027-06-30", "every Sat and Sun until 2027-06-30"),
                ("every Sat until 2027-06-30", "every Sat until 2027-06-30"),
                ("every Sun until 2027-06-30", "every Sun until 2027-06-30"),
            ],
        ),
        ("Bi-weekly", [("every 2 weeks", "every 2 weeks"), (None, None)]),
        (
            "biweekly on Mon and Thu",
            [
                ("every 2 weeks on Mon and Thu", "every 2 weeks on Mon and Thu"),
                ("twice a week: every Mon and Thu", "every Mon and Thu"),
            ],
        ),
        ("bimonthly", [("every 2 months", "every 2 months"), (None, None)]),
        (
            "biannually",
            [
                ("twice a year (every 6 months)", "every 6 months"),
                ("every 2 years", "every 2 years"),
            ],
        ),
        (
            "every weekend",
            [
                ("every Sat and Sun", "every Sat and Sun"),
                ("every Sat", "every Sat"),
                ("every Sun", "every Sun"),
            ],
        ),
        (
            "every second Tuesday",
            [
                ("every 2 weeks on Tue", "every 2 weeks on Tue"),
                ("the second Tuesday of each month", "monthly on the second Tue"),
            ],
        ),
        (
            "weekly until 03/04/2027",
            [
                ("until 3 Apr 2027", "weekly until 2027-04-03"),
                ("until 4 Mar 2027", "weekly until 2027-03-04"),
            ],
        ),
    ],
)
def test_ambiguous_words_are_asked_with_their_readings(
    words: str, readings: list[tuple[str | None, str | None]]
) -> None:
    found = read_recurrence(words, WED)
    assert isinstance(found, Ambiguity) and found.text == words
    got = [(r.meaning if r.answer else None, r.answer) for r in found.readings]
    assert got == readings
    for reading in found.readings:
        if reading.answer is not None:  # every answer offered reads without doubt
            assert isinstance(read_recurrence(reading.answer, WED), Rule)
        else:
            assert reading.meaning  # a reading we cannot make still says what it means


@pytest.mark.parametrize(
    ("words", "why"),
    [
        ("twice a week", "does not say on which days"),
        ("3 times a month", "one series per day"),
        ("semimonthly", "two series"),
        ("whenever", "not a repeat StreamDesk can read"),
        ("FREQ=HOURLY", "not a repeat rule"),
        ("FREQ=MONTHLY;BYMONTHDAY=31", "cannot keep"),
        ("FREQ=YEARLY;BYMONTH=1,7", "cannot keep"),
        ("weekly until 2026-01-01", "before the row's date"),
        ("weekly until 31 Feb 2027", "is not a date"),
        ("weekly until 2027-06-30 x 3", "both an end date and a number"),
        ("every year on 4 Jul", "a yearly repeat starts on the row's date"),
    ],
)
def test_unreadable_words_say_what_to_write(words: str, why: str) -> None:
    found = read_recurrence(words, WED)
    assert isinstance(found, Unreadable)
    assert why in found.why


@pytest.mark.parametrize("words", ["", "none", "Never", "once", "Does not repeat", "-", "n/a"])
def test_no_repeat(words: str) -> None:
    assert read_recurrence(words, WED) is None
