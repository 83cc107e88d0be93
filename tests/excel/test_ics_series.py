"""A series in the .ics export: one event per occurrence (no RRULE: calendar apps handle an
edited single occurrence better that way) with UIDs that stay put across exports, edits
and a moved occurrence."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

from icalendar import Calendar, Event

from streamdesk.domain import Item
from streamdesk.domain.series import Scope, Series
from streamdesk.excel.export import export_plan
from streamdesk.storage import PlanFile, repository, series_repo


def events(pf: PlanFile, path: Path) -> dict[str, Event]:
    export_plan(pf, path)
    text = path.read_text(encoding="utf-8")
    assert "RRULE" not in text  # occurrences, never a rule
    cal = Calendar.from_ical(text)
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


def uid(pf: PlanFile, item: Item) -> str:
    return f"item-{item.id}.{repository.plan_uid(pf)}@streamdesk"


def weekly(pf: PlanFile) -> list[Item]:
    channel = next(c for c in repository.list_channels(pf) if c.name == "LinkedIn")
    _, items = series_repo.create_series(
        pf,
        Series(
            rule="FREQ=WEEKLY;BYDAY=MO;COUNT=5",
            start=date(2027, 1, 4),
            title="Weekly tips",
            channel_id=channel.id or 0,
            time=time(9, 0),
        ),
        date(2027, 1, 1),
    )
    assert len(items) == 5
    return items


def test_one_event_per_occurrence_with_uids_stable_across_exports(
    empty_pf: PlanFile, tmp_path: Path
) -> None:
    items = weekly(empty_pf)
    first = events(empty_pf, tmp_path / "one.ics")
    assert sorted(first) == sorted(uid(empty_pf, i) for i in items)
    starts = sorted(e.decoded("DTSTART").date() for e in first.values())
    assert starts == [i.date for i in items]
    second = events(empty_pf, tmp_path / "two.ics")
    assert sorted(second) == sorted(first)
    assert [second[u]["SEQUENCE"] for u in first] == [first[u]["SEQUENCE"] for u in first]


def test_a_moved_occurrence_keeps_its_uid_and_raises_its_sequence(
    empty_pf: PlanFile, tmp_path: Path
) -> None:
    items = weekly(empty_pf)
    before = events(empty_pf, tmp_path / "before.ics")
    moved = items[2]
    old, new = series_repo.move_snapshot(
        empty_pf, moved, date(2027, 1, 20), Scope.THIS, date(2027, 1, 1)
    )
    repository.apply_changes(empty_pf, old, new)
    after = events(empty_pf, tmp_path / "after.ics")
    assert sorted(after) == sorted(before)  # the same five events, none added or dropped
    event = after[uid(empty_pf, moved)]
    assert event.decoded("DTSTART").date() == date(2027, 1, 20)
    assert event["SEQUENCE"] > before[uid(empty_pf, moved)]["SEQUENCE"]
    untouched = [uid(empty_pf, i) for i in items if i.id != moved.id]
    assert [after[u]["SEQUENCE"] for u in untouched] == [before[u]["SEQUENCE"] for u in untouched]
    # an edit of all occurrences afterwards keeps every UID, the moved one's too
    series = series_repo.get_series(empty_pf, moved.series_id or 0)
    old, new = series_repo.edit_snapshot(
        empty_pf, items[0], series.replace(title="Tuesday tips"), Scope.ALL, date(2027, 1, 1)
    )
    repository.apply_changes(empty_pf, old, new)
    edited = events(empty_pf, tmp_path / "edited.ics")
    assert sorted(edited) == sorted(before)
    assert edited[uid(empty_pf, moved)].decoded("DTSTART").date() == date(2027, 1, 20)
    renamed = [u for u, e in edited.items() if "Tuesday tips" in str(e["SUMMARY"])]
    assert sorted(renamed) == sorted(untouched)  # the moved one is an exception: kept
