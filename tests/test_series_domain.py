"""Rule expansion, summaries and cadence on hand-computed plans (no Qt, no SQL)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from streamdesk.domain import Item, ItemStatus, ValidationError
from streamdesk.domain.cadence import (
    CadenceFacts,
    Commitment,
    Per,
    gap_days,
    keep,
    period_of,
    periods,
)
from streamdesk.domain.series import (
    Frequency,
    RuleParts,
    Series,
    build_rule,
    describe,
    expand,
    head_rule,
    lay_out,
    parse_rule,
    summary,
    tail_rule,
    until_before,
)


def test_weekly_on_chosen_weekdays_until_a_date() -> None:
    rule = build_rule(RuleParts(Frequency.WEEKLY, 1, (4, 0, 2), until=date(2027, 1, 15)))
    assert rule == "FREQ=WEEKLY;BYDAY=MO,WE,FR;UNTIL=20270115"
    days = expand(rule, date(2027, 1, 4), date(2027, 12, 31))
    assert days == [date(2027, 1, d) for d in (4, 6, 8, 11, 13, 15)]
    assert summary(rule, date(2027, 1, 4), date(2027, 1, 1)) == (
        "Every week on Mon, Wed and Fri until 15 Jan 2027 — 6 items"
    )


def test_every_other_week_and_daily() -> None:
    rule = build_rule(RuleParts(Frequency.WEEKLY, 2, (1,), count=3))
    assert expand(rule, date(2027, 1, 5), date(2030, 1, 1)) == [
        date(2027, 1, 5),
        date(2027, 1, 19),
        date(2027, 2, 2),
    ]
    assert describe(rule, date(2027, 1, 5)) == "Every 2 weeks on Tue, 3 times"
    once = build_rule(RuleParts(Frequency.WEEKLY, 2, (1,), count=1))
    assert describe(once, date(2027, 1, 5)) == "Every 2 weeks on Tue, 1 time"
    daily = build_rule(RuleParts(Frequency.DAILY))
    assert expand(daily, date(2027, 2, 27), date(2027, 3, 2)) == [
        date(2027, 2, 27),
        date(2027, 2, 28),
        date(2027, 3, 1),
        date(2027, 3, 2),
    ]


def test_monthly_on_the_31st_falls_back_to_month_ends_and_leap_day() -> None:
    rule = build_rule(RuleParts(Frequency.MONTHLY, month_day=31))
    days = expand(rule, date(2027, 11, 30), date(2028, 4, 30))
    assert days == [
        date(2027, 11, 30),
        date(2027, 12, 31),
        date(2028, 1, 31),
        date(2028, 2, 29),  # a leap year's February
        date(2028, 3, 31),
        date(2028, 4, 30),
    ]
    assert parse_rule(rule).month_day == 31


def test_monthly_nth_weekday_first_thursday_and_last_friday() -> None:
    first_thu = build_rule(RuleParts(Frequency.MONTHLY, nth=1, nth_weekday=3))
    assert expand(first_thu, date(2027, 1, 1), date(2027, 3, 31)) == [
        date(2027, 1, 7),
        date(2027, 2, 4),
        date(2027, 3, 4),
    ]
    last_fri = build_rule(RuleParts(Frequency.MONTHLY, nth=-1, nth_weekday=4))
    assert expand(last_fri, date(2027, 1, 1), date(2027, 3, 31)) == [
        date(2027, 1, 29),
        date(2027, 2, 26),
        date(2027, 3, 26),
    ]
    assert describe(last_fri, date(2027, 1, 1)) == "Every month on the last Friday"
    assert parse_rule(first_thu) == RuleParts(Frequency.MONTHLY, 1, (), None, 1, 3)


def test_yearly_on_a_leap_day_only_in_leap_years() -> None:
    rule = build_rule(RuleParts(Frequency.YEARLY))
    assert expand(rule, date(2028, 2, 29), date(2036, 12, 31)) == [
        date(2028, 2, 29),
        date(2032, 2, 29),
        date(2036, 2, 29),
    ]


def test_weekly_timed_items_keep_their_wall_clock_across_dst_in_the_plan_zone() -> None:
    """Europe/Berlin moves its clocks on 28 Mar 2027: the Monday 09:00 post stays at 09:00
    local time, one per week, and the DST week is a whole week for cadence."""
    zone = ZoneInfo("Europe/Berlin")
    series = Series(
        rule="FREQ=WEEKLY;BYDAY=MO", start=date(2027, 3, 15), title="Post", channel_id=1,
        time=time(9, 0),
    )  # fmt: skip
    days = series.days(date(2027, 4, 5))
    assert days == [date(2027, 3, 15), date(2027, 3, 22), date(2027, 3, 29), date(2027, 4, 5)]
    local = [datetime.combine(d, series.time or time(), zone) for d in days]
    assert [m.hour for m in local] == [9, 9, 9, 9]
    utc_hours = [m.astimezone(ZoneInfo("UTC")).hour for m in local]
    assert utc_hours == [8, 8, 7, 7]  # the UTC instant moves, the wall clock does not
    dst_week = period_of(Per.WEEK, date(2027, 3, 28), 0)
    assert (dst_week.first, dst_week.last) == (date(2027, 3, 22), date(2027, 3, 28))


def test_never_ending_series_is_laid_out_to_the_horizon_once() -> None:
    series = Series(rule="FREQ=WEEKLY;BYDAY=TH", start=date(2027, 1, 7), title="News", channel_id=2)
    first = lay_out(series, date(2027, 1, 1))
    assert first.series.horizon == date(2028, 1, 1)
    assert len(first.new) == 52  # Thursdays 7 Jan 2027 … 30 Dec 2027
    assert all(i.series_id == series.id and i.title == "News" for i in first.new)
    again = lay_out(first.series, date(2027, 1, 1), first.new)
    assert again.new == []
    # a month later the horizon moves: only the new Thursdays are added
    later = lay_out(first.series, date(2027, 2, 1), first.new[1:])  # one deleted on its own
    assert [i.date for i in later.new] == [
        date(2028, 1, 6),
        date(2028, 1, 13),
        date(2028, 1, 20),
        date(2028, 1, 27),
    ]


def test_bad_rule_is_refused_with_a_message() -> None:
    with pytest.raises(ValidationError, match="repeat rule"):
        Series(rule="FREQ=SOMETIMES", start=date(2027, 1, 1), title="x", channel_id=1)


def test_this_and_following_split_ends_the_rule_the_day_before() -> None:
    rule = "FREQ=WEEKLY;BYDAY=MO"
    head = until_before(rule, date(2027, 2, 1))
    assert expand(head, date(2027, 1, 4), date(2027, 12, 31))[-1] == date(2027, 1, 25)


def test_cutting_a_counted_rule_splits_its_count_between_the_parts() -> None:
    rule, start = "FREQ=MONTHLY;BYDAY=1TH;COUNT=6", date(2027, 1, 7)  # Jan to Jun 2027
    cut = date(2027, 4, 1)  # the 4th occurrence: 3 come before it
    head = head_rule(rule, start, cut)
    tail = tail_rule(rule, cut, 3)
    assert (head, tail) == ("FREQ=MONTHLY;BYDAY=1TH;COUNT=3", "FREQ=MONTHLY;BYDAY=1TH;COUNT=3")
    both = expand(head, start, date(2028, 1, 1)) + expand(tail, cut, date(2028, 1, 1))
    assert both == expand(rule, start, date(2028, 1, 1))
    # a rule with an end date or none is cut by date and goes on unchanged
    assert head_rule("FREQ=DAILY", start, cut) == "FREQ=DAILY;UNTIL=20270331"
    assert tail_rule("FREQ=DAILY;UNTIL=20270630", cut, 84) == "FREQ=DAILY;UNTIL=20270630"
    # cut before the rule's first day: nothing before it to count, the end date closes it
    assert head_rule("FREQ=WEEKLY;BYDAY=FR;COUNT=4", date(2027, 1, 4), date(2027, 1, 6)) == (
        "FREQ=WEEKLY;BYDAY=FR;UNTIL=20270105"
    )
    with pytest.raises(ValidationError, match="3 items before 1 Apr 2027: ending after 3 times"):
        tail_rule("FREQ=MONTHLY;BYDAY=1TH;COUNT=3", cut, 3)


def test_item_carries_series_link_and_detached_flag() -> None:
    item = Item(title="a", date=date(2027, 1, 4), channel_id=1, series_id="7", detached=1)
    assert (item.series_id, item.detached) == (7, True)


# -- cadence --------------------------------------------------------------------------------


def _f(day: date, status: str = "scheduled", channel: int = 1, campaign: int | None = None):
    return CadenceFacts(day, ItemStatus(status), channel, campaign)


def test_kept_and_missed_weeks_on_a_hand_computed_plan() -> None:
    c = Commitment(channel_id=1, count=3, per="week")
    items = [
        # week of Mon 4 Jan 2027: 3 counted (the cancelled one and the idea do not count)
        _f(date(2027, 1, 4)), _f(date(2027, 1, 6)), _f(date(2027, 1, 8)),
        _f(date(2027, 1, 9), "cancelled"), _f(date(2027, 1, 5), "idea"),
        # week of 11 Jan: 2, one on another channel does not count
        _f(date(2027, 1, 11)), _f(date(2027, 1, 13), "published"), _f(date(2027, 1, 12), channel=2),
        # week of 18 Jan: none
    ]  # fmt: skip
    report = keep(c, items, date(2027, 1, 4), date(2027, 1, 24), week_start=0)
    assert [(p.period.label, p.planned, p.met) for p in report.periods] == [
        ("2027-W01", 3, True),
        ("2027-W02", 2, False),
        ("2027-W03", 0, False),
    ]
    assert report.kept_share == pytest.approx(1 / 3)
    with_ideas = keep(c.replace(ideas_count=True), items, date(2027, 1, 4), date(2027, 1, 10), 0)
    assert with_ideas.periods[0].planned == 4


def test_week_start_sunday_moves_items_between_weeks() -> None:
    c = Commitment(channel_id=1, count=1, per=Per.WEEK)
    items = [_f(date(2027, 1, 10))]  # a Sunday
    monday_weeks = keep(c, items, date(2027, 1, 4), date(2027, 1, 17), week_start=0)
    sunday_weeks = keep(c, items, date(2027, 1, 4), date(2027, 1, 17), week_start=6)
    assert [p.planned for p in monday_weeks.periods] == [1, 0]
    assert [p.period.first for p in sunday_weeks.periods] == [
        date(2027, 1, 3),
        date(2027, 1, 10),
        date(2027, 1, 17),
    ]
    assert [p.planned for p in sunday_weeks.periods] == [0, 1, 0]
    # the Sunday-start week 10-16 Jan holds Monday 11 Jan: ISO week 2
    assert sunday_weeks.periods[1].period.label == "2027-W02"


def test_monthly_commitment_with_campaign_over_month_ends() -> None:
    c = Commitment(channel_id=1, count=2, per="month", campaign_id=5)
    items = [
        _f(date(2028, 1, 31), campaign=5), _f(date(2028, 2, 29), campaign=5),
        _f(date(2028, 2, 1), campaign=5), _f(date(2028, 2, 2), campaign=None),
    ]  # fmt: skip
    report = keep(c, items, date(2028, 1, 15), date(2028, 2, 10), 0)
    assert [(p.period.label, p.period.last, p.planned) for p in report.periods] == [
        ("2028-01", date(2028, 1, 31), 1),
        ("2028-02", date(2028, 2, 29), 2),
    ]
    assert report.kept_share == 0.5


def test_gap_days_prefer_the_channels_usual_weekdays() -> None:
    c = Commitment(channel_id=1, count=3, per="week")
    history = [_f(date(2027, 1, 4) + timedelta(days=7 * n + d)) for n in range(3) for d in (0, 2)]
    week = periods(Per.WEEK, date(2027, 2, 1), date(2027, 2, 7), 0)[0]
    this_week = [*history, _f(date(2027, 2, 1))]  # Monday already has one
    # Wednesday is usual and free, then Tuesday (Monday is usual but taken)
    assert gap_days(c, this_week, week, 2) == [date(2027, 2, 2), date(2027, 2, 3)]
    assert gap_days(c, this_week, week, 1, not_before=date(2027, 2, 4)) == [date(2027, 2, 4)]


def test_open_slots_skip_ended_periods_and_say_how_many() -> None:
    from streamdesk.domain.cadence import open_slots

    c = Commitment(channel_id=1, count=3, per="week")
    items = [_f(date(2027, 1, 4)), _f(date(2027, 1, 11)), _f(date(2027, 1, 13))]
    slots = open_slots([c], items, date(2027, 1, 4), date(2027, 1, 24), 0, date(2027, 1, 12))
    # week 1 ended before today; week 2 lacks 1 (from today on); week 3 lacks 3
    assert [(s.period.label, s.missing) for s in slots] == [("2027-W02", 1), ("2027-W03", 3)]
    assert slots[0].text("LinkedIn") == "LinkedIn: 1 more this week"
    assert all(d >= date(2027, 1, 12) for s in slots for d in s.days)


def test_the_summary_counts_what_the_plan_holds_when_fewer() -> None:
    rule = "FREQ=WEEKLY;BYDAY=TH;COUNT=10"
    start, today = date(2027, 1, 7), date(2027, 1, 1)
    assert summary(rule, start, today) == "Every week on Thu, 10 times — 10 items"
    assert summary(rule, start, today, held=10) == "Every week on Thu, 10 times — 10 items"
    assert summary(rule, start, today, held=7) == (
        "Every week on Thu, 10 times — 10 items (7 in the plan; 3 deleted on their own)"
    )
    endless = summary("FREQ=WEEKLY;BYDAY=TH", start, today, held=1)
    assert "(1 in the plan; " in endless and endless.endswith("more as time passes")
