"""Series and cadences in the plan file: create, edit and delete this/following/all,
exceptions kept, the horizon extended once, cadence reports, format 6."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from streamdesk.domain import Item, ItemStatus, ValidationError
from streamdesk.domain.cadence import Commitment
from streamdesk.domain.series import Scope, Series
from streamdesk.storage import PlanFile, repository
from streamdesk.storage import series_repo as sr
from streamdesk.storage.schema import SCHEMA_VERSION, SERIES_FORMAT

TODAY = date(2027, 1, 1)


def _channel(pf: PlanFile) -> int:
    return repository.list_channels(pf)[0].id or 0


def _weekly(pf: PlanFile, rule: str = "FREQ=WEEKLY;BYDAY=MO,WE,FR;UNTIL=20270131") -> Series:
    return Series(rule=rule, start=date(2027, 1, 4), title="Post", channel_id=_channel(pf))


def test_format_6_has_series_and_cadences(empty_pf: PlanFile) -> None:
    assert SERIES_FORMAT == 6 <= SCHEMA_VERSION
    tables = {r[0] for r in empty_pf.conn.execute("SELECT name FROM sqlite_master")}
    assert {"series", "cadences", "items_series"} <= tables
    marks = dict(empty_pf.conn.execute("SELECT name, last_id FROM id_high_water"))
    assert marks["series"] == 0 and marks["cadences"] == 0


def test_create_series_writes_it_and_its_occurrences_at_once(empty_pf: PlanFile) -> None:
    series, items = sr.create_series(empty_pf, _weekly(empty_pf), TODAY)
    assert series.id == 1 and series.horizon == date(2027, 1, 31)
    assert [i.date.day for i in items] == [4, 6, 8, 11, 13, 15, 18, 20, 22, 25, 27, 29]
    stored = sr.series_items(empty_pf, 1)
    assert stored == items and all(i.series_id == 1 and not i.detached for i in stored)
    row = empty_pf.conn.execute("SELECT until_date, count FROM series").fetchone()
    assert row == ("2027-01-31", None)
    assert repository.next_id(empty_pf, Series) == 2


def test_edit_all_keeps_exceptions_and_edit_this_detaches(empty_pf: PlanFile) -> None:
    series, items = sr.create_series(empty_pf, _weekly(empty_pf), TODAY)
    # this one: its own title, detached
    b, a = sr.edit_snapshot(
        empty_pf, items[1], None, Scope.THIS, TODAY, items[1].replace(title="Q&A")
    )
    repository.apply_changes(empty_pf, b, a)
    # all: a new title and owner reach every other occurrence, not the exception
    b, a = sr.edit_snapshot(
        empty_pf, items[0], series.replace(title="Weekly post", owner="Ana"), Scope.ALL, TODAY
    )
    repository.apply_changes(empty_pf, b, a)
    stored = sr.series_items(empty_pf, 1)
    assert [i.title for i in stored[:3]] == ["Weekly post", "Q&A", "Weekly post"]
    assert stored[1].detached and stored[1].owner == ""
    assert {i.owner for i in stored if not i.detached} == {"Ana"}
    assert sr.get_series(empty_pf, 1).title == "Weekly post"
    # undo is the reverse snapshot
    repository.apply_changes(empty_pf, a, b)
    assert {i.title for i in sr.series_items(empty_pf, 1)} == {"Post", "Q&A"}


def test_edit_all_with_a_new_rule_drops_and_adds_days(empty_pf: PlanFile) -> None:
    series, items = sr.create_series(empty_pf, _weekly(empty_pf), TODAY)
    published = items[0].replace(status=ItemStatus.PUBLISHED, reach=100)
    repository.apply_changes(empty_pf, [items[0]], [published])
    new = series.replace(rule="FREQ=WEEKLY;BYDAY=MO,TU;UNTIL=20270131")
    b, a = sr.edit_snapshot(empty_pf, published, new, Scope.ALL, TODAY)
    repository.apply_changes(empty_pf, b, a)
    stored = sr.series_items(empty_pf, 1)
    assert [i.date.day for i in stored] == [4, 5, 11, 12, 18, 19, 25, 26]
    assert stored[0].id == published.id and stored[0].reach == 100  # kept with its results


def test_edit_following_splits_the_series(empty_pf: PlanFile) -> None:
    series, items = sr.create_series(empty_pf, _weekly(empty_pf), TODAY)
    cut = items[6]  # Mon 18 Jan
    b, a = sr.edit_snapshot(empty_pf, cut, series.replace(title="New"), Scope.FOLLOWING, TODAY)
    repository.apply_changes(empty_pf, b, a)
    head, tail = sr.list_series(empty_pf)
    assert head.parts.until == date(2027, 1, 17) and tail.title == "New"
    assert [i.title for i in sr.series_items(empty_pf, head.id or 0)] == ["Post"] * 6
    following = sr.series_items(empty_pf, tail.id or 0)
    assert [i.date.day for i in following] == [18, 20, 22, 25, 27, 29]
    assert {i.title for i in following} == {"New"}
    assert [i.id for i in following] == [i.id for i in items[6:]]  # the same items


def test_delete_this_following_all(empty_pf: PlanFile) -> None:
    _, items = sr.create_series(empty_pf, _weekly(empty_pf), TODAY)
    repository.apply_changes(empty_pf, *sr.delete_snapshot(empty_pf, items[2], Scope.THIS))
    assert len(sr.series_items(empty_pf, 1)) == 11
    b, a = sr.delete_snapshot(empty_pf, items[9], Scope.FOLLOWING)
    repository.apply_changes(empty_pf, b, a)
    assert [i.date.day for i in sr.series_items(empty_pf, 1)] == [4, 6, 11, 13, 15, 18, 20, 22]
    assert sr.get_series(empty_pf, 1).parts.until == date(2027, 1, 24)
    repository.apply_changes(empty_pf, *sr.delete_snapshot(empty_pf, items[0], Scope.ALL))
    assert sr.list_series(empty_pf) == [] and repository.count_items(empty_pf) == 0


def test_move_this_detaches_and_move_all_shifts_the_rule(empty_pf: PlanFile) -> None:
    _, items = sr.create_series(empty_pf, _weekly(empty_pf), TODAY)
    b, a = sr.move_snapshot(empty_pf, items[1], date(2027, 1, 7), Scope.THIS, TODAY)
    repository.apply_changes(empty_pf, b, a)
    moved = repository.get(empty_pf, Item, items[1].id or 0)
    assert moved.date == date(2027, 1, 7) and moved.detached
    b, a = sr.move_snapshot(empty_pf, items[0], date(2027, 1, 5), Scope.ALL, TODAY)
    repository.apply_changes(empty_pf, b, a)
    assert sr.get_series(empty_pf, 1).rule == "FREQ=WEEKLY;BYDAY=TU,TH,SA;UNTIL=20270131"
    days = [i.date for i in sr.series_items(empty_pf, 1)]
    assert date(2027, 1, 7) in days  # the exception stayed where it was dragged
    assert date(2027, 1, 5) in days and date(2027, 1, 4) not in days


# -- a series that ends after N times stays N in all ------------------------------------

COUNTED = "FREQ=WEEKLY;BYDAY=MO,WE,FR;COUNT=12"  # Mon 4 Jan to Fri 29 Jan 2027


def _counted(pf: PlanFile) -> tuple[Series, list[Item]]:
    return sr.create_series(pf, _weekly(pf, COUNTED), TODAY)


def _days(pf: PlanFile) -> dict[str, list[int]]:
    """Each series' rule and the days of its occurrences."""
    return {
        s.rule: [i.date.day for i in sr.series_items(pf, s.id or 0)] for s in sr.list_series(pf)
    }


def test_edit_following_of_a_counted_series_keeps_the_total(empty_pf: PlanFile) -> None:
    series, items = _counted(empty_pf)
    original = _days(empty_pf)
    cut = items[6]  # Mon 18 Jan: 6 occurrences come before it
    new = series.replace(title="New", start=cut.date)
    b, a = sr.edit_snapshot(empty_pf, cut, new, Scope.FOLLOWING, TODAY)
    repository.apply_changes(empty_pf, b, a)
    head, tail = sr.list_series(empty_pf)
    assert (head.parts.count, tail.parts.count) == (6, 6) and head.parts.until is None
    assert [i.date.day for i in sr.series_items(empty_pf, head.id or 0)] == [4, 6, 8, 11, 13, 15]
    assert [i.date.day for i in sr.series_items(empty_pf, tail.id or 0)] == [18, 20, 22, 25, 27, 29]
    assert repository.count_items(empty_pf) == 12  # no occurrence beyond the 12th
    assert tail.horizon == date(2027, 1, 29)
    # undo restores one series of 12, redo the two parts
    repository.apply_changes(empty_pf, a, b)
    assert _days(empty_pf) == original and repository.count_items(empty_pf) == 12
    repository.apply_changes(empty_pf, b, a)
    assert [s.parts.count for s in sr.list_series(empty_pf)] == [6, 6]
    assert repository.count_items(empty_pf) == 12


def test_cutting_the_following_part_again_still_adds_up(empty_pf: PlanFile) -> None:
    series, items = _counted(empty_pf)
    b, a = sr.edit_snapshot(
        empty_pf, items[3], series.replace(title="B", start=items[3].date), Scope.FOLLOWING, TODAY
    )
    repository.apply_changes(empty_pf, b, a)
    tail = sr.list_series(empty_pf)[1]
    following = sr.series_items(empty_pf, tail.id or 0)
    assert tail.parts.count == 9 and len(following) == 9
    cut = following[4]  # Fri 22 Jan: 4 of the tail's 9 come before it
    b, a = sr.edit_snapshot(
        empty_pf, cut, tail.replace(title="C", start=cut.date), Scope.FOLLOWING, TODAY
    )
    repository.apply_changes(empty_pf, b, a)
    assert [s.parts.count for s in sr.list_series(empty_pf)] == [3, 4, 5]
    assert [s.title for s in sr.list_series(empty_pf)] == ["Post", "B", "C"]
    assert repository.count_items(empty_pf) == 12


def test_edit_following_with_a_new_count_makes_that_the_whole(empty_pf: PlanFile) -> None:
    series, items = _counted(empty_pf)
    cut = items[6]
    longer = series.replace(rule="FREQ=WEEKLY;BYDAY=MO,WE,FR;COUNT=15", start=cut.date)
    repository.apply_changes(
        empty_pf, *sr.edit_snapshot(empty_pf, cut, longer, Scope.FOLLOWING, TODAY)
    )
    head, tail = sr.list_series(empty_pf)
    assert (head.parts.count, tail.parts.count) == (6, 9)
    assert [i.date for i in sr.series_items(empty_pf, tail.id or 0)][-3:] == [
        date(2027, 2, 1), date(2027, 2, 3), date(2027, 2, 5)
    ]  # fmt: skip
    assert repository.count_items(empty_pf) == 15


def test_a_count_that_leaves_nothing_after_the_cut_is_refused(empty_pf: PlanFile) -> None:
    series, items = _counted(empty_pf)
    shorter = series.replace(rule="FREQ=WEEKLY;BYDAY=MO,WE,FR;COUNT=6", start=items[6].date)
    with pytest.raises(ValidationError, match="6 items before 18 Jan 2027"):
        sr.edit_snapshot(empty_pf, items[6], shorter, Scope.FOLLOWING, TODAY)
    assert repository.count_items(empty_pf) == 12


def test_delete_following_of_a_counted_series_ends_it_after_the_count_before(
    empty_pf: PlanFile,
) -> None:
    _, items = _counted(empty_pf)
    b, a = sr.delete_snapshot(empty_pf, items[8], Scope.FOLLOWING)  # Fri 22 Jan
    repository.apply_changes(empty_pf, b, a)
    head = sr.get_series(empty_pf, 1)
    assert head.rule == "FREQ=WEEKLY;BYDAY=MO,WE,FR;COUNT=8"
    assert [i.date.day for i in sr.series_items(empty_pf, 1)] == [4, 6, 8, 11, 13, 15, 18, 20]
    assert sr.extend_horizons(empty_pf, TODAY + timedelta(days=400)) == []
    repository.apply_changes(empty_pf, a, b)
    assert sr.get_series(empty_pf, 1).rule == COUNTED and repository.count_items(empty_pf) == 12


def test_move_following_of_a_counted_series_moves_the_rest_only(empty_pf: PlanFile) -> None:
    _, items = _counted(empty_pf)
    b, a = sr.move_snapshot(empty_pf, items[6], date(2027, 1, 19), Scope.FOLLOWING, TODAY)
    repository.apply_changes(empty_pf, b, a)
    head, tail = sr.list_series(empty_pf)
    assert head.rule == "FREQ=WEEKLY;BYDAY=MO,WE,FR;COUNT=6"
    assert tail.rule == "FREQ=WEEKLY;BYDAY=TU,TH,SA;COUNT=6" and tail.start == date(2027, 1, 19)
    assert [i.date.day for i in sr.series_items(empty_pf, tail.id or 0)] == [19, 21, 23, 26, 28, 30]
    assert repository.count_items(empty_pf) == 12
    repository.apply_changes(empty_pf, a, b)
    assert sr.list_series(empty_pf) == [sr.get_series(empty_pf, 1)]
    assert [i.date for i in sr.series_items(empty_pf, 1)] == [i.date for i in items]


def test_extend_horizon_is_idempotent(empty_pf: PlanFile) -> None:
    _, items = sr.create_series(empty_pf, _weekly(empty_pf, "FREQ=WEEKLY;BYDAY=MO"), TODAY)
    assert items[-1].date == date(2027, 12, 27)
    assert sr.extend_horizons(empty_pf, TODAY) == []
    added = sr.extend_horizons(empty_pf, TODAY + timedelta(days=31))
    assert [i.date for i in added] == [date(2028, 1, d) for d in (3, 10, 17, 24, 31)]
    assert sr.extend_horizons(empty_pf, TODAY + timedelta(days=31)) == []


def test_cadence_report_over_the_plan(empty_pf: PlanFile) -> None:
    channel = _channel(empty_pf)
    plan = repository.get_plan(empty_pf)
    repository.save_plan(empty_pf, plan.replace(start=date(2027, 1, 4)))
    repository.insert(empty_pf, Commitment(channel_id=channel, count=2, per="week"))
    for day, status in ((4, "draft"), (6, "scheduled"), (12, "idea"), (13, "cancelled"),
                        (19, "ready"), (20, "ready")):  # fmt: skip
        repository.insert(
            empty_pf, Item(title="x", date=date(2027, 1, day), channel_id=channel, status=status)
        )
    (report,) = sr.cadence_report(empty_pf)
    assert [(p.period.label, p.planned) for p in report.periods] == [
        ("2027-W01", 2),
        ("2027-W02", 0),
        ("2027-W03", 2),
    ]
    assert report.kept_share == pytest.approx(2 / 3)
    assert sr.list_cadences(empty_pf)[0].id == 1


def test_cadence_counts_alike_items_together_and_reads_only_committed_channels(
    empty_pf: PlanFile,
) -> None:
    """Read as counted rows (the ghosts and the health panel read them on every edit), three
    posts on one day still count three, and a channel without a commitment is not read."""
    channels = [c.id or 0 for c in repository.list_channels(empty_pf)]
    committed, other = channels[0], channels[1]
    repository.insert(empty_pf, Commitment(channel_id=committed, count=3, per="week"))
    repository.insert_many(
        empty_pf,
        [
            Item(title=f"x{n}", date=date(2027, 1, 5), channel_id=committed, status="scheduled")
            for n in range(3)
        ]
        + [Item(title="y", date=date(2027, 1, 5), channel_id=other)],
    )
    facts = sr.cadence_facts(empty_pf, channels=[committed])
    assert [(f.date, f.channel_id, f.n) for f in facts] == [(date(2027, 1, 5), committed, 3)]
    (report,) = sr.cadence_report(empty_pf, date(2027, 1, 4), date(2027, 1, 10))
    assert [(p.planned, p.met) for p in report.periods] == [(3, True)]


@pytest.mark.parametrize("scope", [Scope.ALL, Scope.FOLLOWING])
def test_a_new_rule_keeps_what_ran_as_exceptions(empty_pf: PlanFile, scope: Scope) -> None:
    """Seen in the window: LinkedIn Mon/Wed/Fri edited (all) to Mon/Fri deleted every past
    Wednesday post, published, with its reach. What ran stays, detached; a plan that the
    new rule drops (nothing published, no results) still goes."""
    series, items = sr.create_series(empty_pf, _weekly(empty_pf), TODAY)
    wednesdays = [i for i in items if i.date.weekday() == 2]
    ran = [
        wednesdays[1].replace(status=ItemStatus.PUBLISHED),
        wednesdays[2].replace(reach=250),
    ]
    repository.apply_changes(empty_pf, [wednesdays[1], wednesdays[2]], ran)
    new = series.replace(rule="FREQ=WEEKLY;BYDAY=MO,FR;UNTIL=20270131")
    edited = items[0] if scope is Scope.ALL else items[1]  # following: from Wed 6 Jan
    b, a = sr.edit_snapshot(empty_pf, edited, new, scope, TODAY)
    repository.apply_changes(empty_pf, b, a)
    stored = {i.id: i for i in repository.list_items(empty_pf)}
    for item in ran:
        kept = stored[item.id]
        assert (kept.date, kept.status, kept.reach) == (item.date, item.status, item.reach)
        assert kept.detached and kept.series_id is not None
    assert wednesdays[3].id not in stored  # only planned: the new rule drops it
    assert {i.date.weekday() for i in stored.values() if not i.detached} == {0, 4}
    repository.apply_changes(empty_pf, a, b)  # undo gives back the series as it was
    assert sorted(i.id for i in sr.series_items(empty_pf, 1)) == sorted(i.id for i in items)
