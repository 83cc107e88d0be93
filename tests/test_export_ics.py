"""The calendar feed: timed events in the plan's zone, versions that replace old events,
deleted items sent as cancelled, an empty plan and a bad link that block nothing.

Every file is read back with the icalendar library, as a calendar app would read it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar, Event

from streamdesk.cli import main
from streamdesk.domain import Channel, Item, ItemStatus, Plan, Stream, ValidationError
from streamdesk.excel.export import export_plan
from streamdesk.storage import PlanFile, create_plan, repository

ZONE = "Europe/Paris"


@pytest.fixture
def feed(tmp_path: Path) -> Iterator[tuple[PlanFile, dict[str, Item]]]:
    """A plan in Paris time with a timed item, a long one, an all-day one and a cancelled one."""
    pf = create_plan(
        tmp_path / "feed.streamdesk", Plan(name="Client\nplan; Q1, 2027", time_zone=ZONE)
    )
    channel = next(c for c in repository.list_channels(pf) if c.stream is Stream.DOWNSTREAM)
    assert channel.id is not None
    made = {
        "timed": Item("Launch post", date(2027, 3, 10), channel.id, time=time(9, 30)),
        "long": Item(
            "Webinar", date(2027, 3, 11), channel.id, time=time(16, 0), duration_minutes=90
        ),
        "all_day": Item("Newsletter", date(2027, 3, 12), channel.id),
        "cancelled": Item("Dropped", date(2027, 3, 13), channel.id, status=ItemStatus.CANCELLED),
    }
    items = {key: repository.insert(pf, item) for key, item in made.items()}
    yield pf, items  # type: ignore[misc]
    pf.close()


def export(pf: PlanFile, path: Path) -> tuple[Calendar, dict[str, Event]]:
    export_plan(pf, path)
    cal = Calendar.from_ical(path.read_bytes())
    return cal, {str(e["UID"]): e for e in cal.walk("VEVENT")}


def uid(pf: PlanFile, item: Item) -> str:
    return f"item-{item.id}.{repository.plan_uid(pf)}@streamdesk"


def test_timed_items_are_timed_events_in_the_plan_zone(
    feed: tuple[PlanFile, dict[str, Item]], tmp_path: Path
) -> None:
    pf, items = feed
    cal, events = export(pf, tmp_path / "feed.ics")
    zones = [str(z["TZID"]) for z in cal.walk("VTIMEZONE")]
    assert zones == [ZONE]
    timed = events[uid(pf, items["timed"])]
    assert timed["DTSTART"].params["TZID"] == ZONE
    start = timed.decoded("DTSTART")
    assert start.replace(tzinfo=None) == datetime(2027, 3, 10, 9, 30)
    assert start.utcoffset() == timedelta(hours=1)  # Paris in March, before summer time
    assert timed.decoded("DURATION") == timedelta(minutes=30)  # the default
    long = events[uid(pf, items["long"])]
    assert long.decoded("DURATION") == timedelta(minutes=90)
    all_day = events[uid(pf, items["all_day"])]
    assert all_day.decoded("DTSTART") == date(2027, 3, 12)
    assert all_day.decoded("DTEND") == date(2027, 3, 13)
    assert str(events[uid(pf, items["cancelled"])]["STATUS"]) == "CANCELLED"


def test_plan_name_with_a_line_break_is_escaped(
    feed: tuple[PlanFile, dict[str, Item]], tmp_path: Path
) -> None:
    pf, _ = feed
    cal, _ = export(pf, tmp_path / "feed.ics")
    # an X- property reaches the parser as it is: unescape it as the TEXT it is (RFC 5545)
    value = str(cal["X-WR-CALNAME"])
    text = re.sub(r"\\(.)", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)
    assert text == "Client\nplan; Q1, 2027"
    raw = (tmp_path / "feed.ics").read_bytes()
    assert b"X-WR-CALNAME:Client\\nplan\\; Q1\\, 2027\r\n" in raw
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))


def test_an_edit_raises_sequence_and_last_modified(
    feed: tuple[PlanFile, dict[str, Item]], tmp_path: Path
) -> None:
    pf, items = feed
    _, before = export(pf, tmp_path / "before.ics")
    event = before[uid(pf, items["timed"])]
    first_sequence = int(event["SEQUENCE"])
    assert isinstance(event.decoded("LAST-MODIFIED"), datetime)
    repository.update(pf, items["timed"].replace(title="Launch post, final"))
    _, after = export(pf, tmp_path / "after.ics")
    changed = after[uid(pf, items["timed"])]
    assert int(changed["SEQUENCE"]) == first_sequence + 1
    assert changed.decoded("LAST-MODIFIED") >= event.decoded("LAST-MODIFIED")
    assert "final" in str(changed["SUMMARY"])
    untouched = uid(pf, items["long"])
    assert int(after[untouched]["SEQUENCE"]) == int(before[untouched]["SEQUENCE"])


def test_a_deleted_item_is_sent_as_cancelled_and_undo_brings_it_back(
    feed: tuple[PlanFile, dict[str, Item]], tmp_path: Path
) -> None:
    pf, items = feed
    gone = items["long"]
    _, before = export(pf, tmp_path / "before.ics")
    old_sequence = int(before[uid(pf, gone)]["SEQUENCE"])
    repository.apply_changes(pf, [gone], [])  # what an undoable delete does
    _, after = export(pf, tmp_path / "after.ics")
    cancelled = after[uid(pf, gone)]
    assert str(cancelled["STATUS"]) == "CANCELLED"
    assert int(cancelled["SEQUENCE"]) > old_sequence
    assert cancelled["DTSTART"].params["TZID"] == ZONE  # where the calendar had it
    assert str(cancelled["SUMMARY"]) == "Webinar"
    assert len(after) == len(before)
    repository.apply_changes(pf, [], [gone])  # undo: the same id again
    _, again = export(pf, tmp_path / "again.ics")
    back = again[uid(pf, gone)]
    assert str(back["STATUS"]) == "CONFIRMED" or str(back["STATUS"]) == "TENTATIVE"
    assert int(back["SEQUENCE"]) > int(cancelled["SEQUENCE"])
    assert repository.list_tombstones(pf) == []


def test_old_tombstones_are_forgotten(
    feed: tuple[PlanFile, dict[str, Item]], tmp_path: Path
) -> None:
    pf, items = feed
    repository.delete(pf, items["long"])
    pf.conn.execute("UPDATE item_tombstones SET deleted = '2020-01-01T00:00:00Z'")
    repository.delete(pf, items["all_day"])
    assert [t.item_id for t in repository.list_tombstones(pf)] == [items["all_day"].id]


def test_an_empty_plan_is_a_valid_calendar(empty_pf: PlanFile, tmp_path: Path) -> None:
    cal, events = export(empty_pf, tmp_path / "empty.ics")
    assert events == {}
    assert cal.subcomponents  # RFC 5545: at least one component
    assert [c.name for c in cal.subcomponents] == ["VTIMEZONE"]
    assert str(cal["VERSION"]) == "2.0" and "PRODID" in cal


def test_a_link_with_a_line_break_is_left_out_and_named(
    feed: tuple[PlanFile, dict[str, Item]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pf, items = feed
    bad = repository.update(pf, items["timed"].replace(link="https://example.com/a\nb"))
    good = repository.update(pf, items["long"].replace(link="https://example.com/webinar"))
    summary = export_plan(pf, tmp_path / "feed.ics")
    cal = Calendar.from_ical((tmp_path / "feed.ics").read_bytes())
    events = {str(e["UID"]): e for e in cal.walk("VEVENT")}
    assert "URL" not in events[uid(pf, bad)]
    assert str(events[uid(pf, good)]["URL"]) == "https://example.com/webinar"
    assert len(events) == 4  # nothing else was held back
    assert summary.notes == (
        f"item {bad.id} 'Launch post': its link has a line break, so the event has no web link",
    )
    assert "left out: item" in summary.describe()
    # on the command line, the same note in the one line that says what was written
    assert main(["export", str(pf.path), str(tmp_path / "cli.ics")]) == 0
    out = capsys.readouterr().out
    assert f"item {bad.id} 'Launch post'" in out and "line break" in out


def test_time_zone_and_duration_are_checked() -> None:
    with pytest.raises(ValidationError, match="time zone 'Mars/Base' is not a time zone"):
        Plan(time_zone="Mars/Base")
    assert Plan(time_zone="America/New_York").time_zone == "America/New_York"
    with pytest.raises(ValidationError, match="duration 0 minutes"):
        Item("x", date(2027, 1, 1), 1, duration_minutes=0)
    with pytest.raises(ValidationError, match="duration 2000 minutes"):
        Item("x", date(2027, 1, 1), 1, duration_minutes=2000)


def test_time_zone_and_duration_round_trip_through_the_file(
    feed: tuple[PlanFile, dict[str, Item]],
) -> None:
    pf, items = feed
    assert repository.get_plan(pf).time_zone == ZONE
    repository.save_plan(pf, repository.get_plan(pf).replace(time_zone="Asia/Tokyo"))
    assert repository.get_plan(pf).time_zone == "Asia/Tokyo"
    stored = {i.id: i for i in repository.list_items(pf)}
    assert stored[items["long"].id].duration_minutes == 90
    assert stored[items["timed"].id].duration_minutes is None
    assert repository.get(pf, Item, items["long"].id or 0).duration_minutes == 90


def test_a_full_disk_during_export_names_the_file_and_what_to_do(
    feed: tuple[PlanFile, dict[str, Item]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import errno

    from streamdesk.excel import export_ics

    def full(data: object, path: Path, progress: object = None) -> list[str]:
        path.write_bytes(b"BEGIN:VCALENDAR\r\n")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(export_ics, "write_ics", full)
    pf, _ = feed
    out = tmp_path / "feed.ics"
    assert main(["export", str(pf.path), str(out)]) == 1
    err = capsys.readouterr().err.strip()
    assert err == (
        f"streamdesk: error: could not write {out}: No space left on device; nothing was "
        "written, free some space and export again"
    )
    assert not out.exists() and not any(p.suffix == ".part" for p in tmp_path.iterdir())


def test_renaming_a_channel_or_moving_the_zone_makes_new_versions(
    feed: tuple[PlanFile, dict[str, Item]],
) -> None:
    """What an event shows changed with them: calendars must replace those events."""
    pf, items = feed
    before = repository.item_versions(pf)
    channel = repository.get(pf, Channel, items["timed"].channel_id)
    repository.update(pf, channel.replace(name="LinkedIn (company page)"))
    after = repository.item_versions(pf)
    assert all(after[i][0] == before[i][0] + 1 for i in before)  # all four use that channel
    repository.save_plan(pf, repository.get_plan(pf).replace(time_zone="Asia/Tokyo"))
    moved = repository.item_versions(pf)
    timed = {items["timed"].id, items["long"].id}
    assert all(moved[i][0] == after[i][0] + (i in timed) for i in after)
