"""Items' baselines (the day first planned for) in the domain and the plan file, format 7."""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from streamdesk.domain import Item, ValidationError
from streamdesk.domain.series import Series
from streamdesk.storage import NewerPlanError, PlanFile, repository, salvage, series_repo
from streamdesk.storage.schema import BASELINE_FORMAT, SCHEMA_VERSION


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_new_item_is_planned_for_its_own_day_and_a_new_date_keeps_it() -> None:
    item = Item("Launch post", date(2027, 3, 3), 1)
    assert item.planned_on == item.baseline == date(2027, 3, 3) and not item.moved
    later = item.replace(date=date(2027, 3, 5))
    assert (later.baseline, later.moved) == (date(2027, 3, 3), True)
    assert later.replace(planned_on=later.date).moved is False  # re-baselined
    assert later.replace(planned_on=None).baseline == date(2027, 3, 5)  # a fresh start
    assert Item("x", "2027-03-05", 1, planned_on="2027-03-01").baseline == date(2027, 3, 1)
    with pytest.raises(ValidationError, match="originally planned for 'soon' is not a date"):
        Item("x", date(2027, 3, 5), 1, planned_on="soon")


def test_format_7_keeps_baselines_in_the_items_table(empty_pf: PlanFile) -> None:
    assert BASELINE_FORMAT == SCHEMA_VERSION == 7
    columns = {r[1] for r in empty_pf.conn.execute("PRAGMA table_info(items)")}
    assert "planned_on" in columns
    channel = repository.list_channels(empty_pf)[0].id or 0
    saved = repository.insert(empty_pf, Item("Post", date(2027, 3, 3), channel))
    assert isinstance(saved, Item)
    moved = saved.replace(date=date(2027, 3, 8))
    repository.apply_changes(empty_pf, [saved], [moved])
    row = empty_pf.conn.execute("SELECT date, planned_on FROM items").fetchone()
    assert row == ("2027-03-08", "2027-03-03")
    assert repository.get(empty_pf, Item, saved.id or 0) == moved
    assert repository.list_items(empty_pf) == [moved]
    assert repository.list_moved_items(empty_pf, date(2027, 3, 1), date(2027, 3, 5)) == [moved]
    assert repository.list_moved_items(empty_pf, date(2027, 3, 9), date(2027, 3, 31)) == []


def as_format_6(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.executescript("ALTER TABLE items DROP COLUMN planned_on; PRAGMA user_version = 6;")
    conn.close()


def test_a_format_6_plan_gets_baselines_on_the_days_items_are_on(plan_path: Path) -> None:
    with PlanFile.open(plan_path) as pf:
        before = repository.list_items(pf)
    as_format_6(plan_path)
    with PlanFile.open(plan_path) as pf:
        assert pf.conn.execute("PRAGMA user_version").fetchone()[0] == 7
        pairs = pf.conn.execute("SELECT date, planned_on FROM items").fetchall()
        assert len(pairs) == 120 and all(day == planned for day, planned in pairs)
        after = repository.list_items(pf)
        assert after == before and not any(i.moved for i in after)


def test_a_read_only_format_6_plan_reads_every_item_as_planned_for_its_day(
    plan_path: Path,
) -> None:
    as_format_6(plan_path)
    digest = sha(plan_path)
    with PlanFile.open(plan_path, read_only=True) as pf:
        items = repository.list_items(pf)
        assert len(items) == 120 and all(i.baseline == i.date for i in items)
        assert repository.list_moved_items(pf, date(2000, 1, 1), date(2100, 1, 1)) == []
    assert sha(plan_path) == digest


def test_a_format_8_plan_is_refused_and_left_as_it_was(plan_path: Path) -> None:
    conn = sqlite3.connect(plan_path)
    conn.execute("PRAGMA user_version = 8")
    conn.commit()
    conn.close()
    digest = sha(plan_path)
    with pytest.raises(NewerPlanError, match=r"plan format 8\).*formats up to 7\."):
        PlanFile.open(plan_path)
    assert sha(plan_path) == digest


def test_salvage_keeps_the_day_first_planned(plan_path: Path, tmp_path: Path) -> None:
    with PlanFile.open(plan_path) as pf:
        item = repository.list_items(pf)[0]
        moved = item.replace(date=date(2027, 12, 24))
        repository.apply_changes(pf, [item], [moved])
    new = tmp_path / "new.streamdesk"
    salvage.salvage(plan_path, new)
    with PlanFile.open(new, read_only=True) as pf:
        assert repository.get(pf, Item, item.id or 0).baseline == item.date


def test_rebaselining_sends_no_new_calendar_version(empty_pf: PlanFile) -> None:
    channel = repository.list_channels(empty_pf)[0].id or 0
    saved = repository.insert(empty_pf, Item("Post", date(2027, 3, 3), channel))
    assert isinstance(saved, Item) and saved.id is not None
    moved = saved.replace(date=date(2027, 3, 8))
    repository.apply_changes(empty_pf, [saved], [moved])
    version = repository.item_versions(empty_pf)[saved.id]
    rebaselined = moved.replace(planned_on=moved.date)
    repository.apply_changes(empty_pf, [moved], [rebaselined])
    assert repository.get(empty_pf, Item, saved.id) == rebaselined
    assert repository.item_versions(empty_pf)[saved.id] == version  # the event did not change


def test_a_read_only_format_6_plans_series_read_without_baselines(empty_pf: PlanFile) -> None:
    channel = repository.list_channels(empty_pf)[0].id or 0
    series = Series(
        rule="FREQ=WEEKLY;COUNT=3", start=date(2027, 1, 4), title="Tip", channel_id=channel
    )
    _, made = series_repo.create_series(empty_pf, series, date(2027, 1, 1))
    path = empty_pf.path
    empty_pf.close()
    as_format_6(path)
    with PlanFile.open(path, read_only=True) as pf:
        read = series_repo.series_items(pf, made[0].series_id or 0)
    assert [i.date for i in read] == [i.date for i in made] and not any(i.moved for i in read)
