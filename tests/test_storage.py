import os
import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest

from streamdesk.domain import (
    Dependency,
    Initiative,
    Item,
    ItemStatus,
    Plan,
    Stream,
    ValidationError,
)
from streamdesk.storage import (
    SCHEMA_VERSION,
    NewerPlanError,
    NotAPlanError,
    NotFoundError,
    PlanFile,
    PlanWriteError,
    ReadOnlyPlanError,
    StorageError,
    create_plan,
    repository,
)
from streamdesk.storage.schema import APPLICATION_ID


def downstream_channel(pf: PlanFile) -> int:
    return repository.list_channels(pf, Stream.DOWNSTREAM)[0].id


def test_new_plan_has_schema_pragmas_and_channels(empty_pf: PlanFile) -> None:
    conn = empty_pf.conn
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    indexes = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='index'")}
    assert {"items_date_time", "initiatives_start", "initiatives_end"} <= indexes
    assert len(repository.list_channels(empty_pf, Stream.UPSTREAM)) == 7
    assert len(repository.list_channels(empty_pf, Stream.DOWNSTREAM)) == 11
    assert repository.get_plan(empty_pf).name == "My plan"


def test_item_crud_and_date_range(empty_pf: PlanFile) -> None:
    channel = downstream_channel(empty_pf)
    a = repository.insert(empty_pf, Item("A", date(2027, 1, 5), channel, time="10:00"))
    b = repository.insert(empty_pf, Item("B", date(2027, 1, 5), channel))
    c = repository.insert(empty_pf, Item("C", date(2027, 2, 1), channel))
    assert [
        i.title for i in repository.list_items(empty_pf, date(2027, 1, 1), date(2027, 1, 31))
    ] == [
        "B",
        "A",
    ]  # untimed items first, then by time
    repository.update(empty_pf, a.replace(title="A2", status=ItemStatus.READY))
    assert repository.get(empty_pf, Item, a.id).title == "A2"
    repository.delete(empty_pf, b)
    assert [i.id for i in repository.list_items(empty_pf)] == [a.id, c.id]
    with pytest.raises(NotFoundError):
        repository.update(empty_pf, b)
    assert repository.date_range(empty_pf) == (date(2027, 1, 5), date(2027, 2, 1))


def test_apply_changes_round_trips_a_deleted_initiative(pf: PlanFile) -> None:
    linked = repository.item_counts_by_initiative(pf)
    target_id = max(linked, key=linked.get)
    target = repository.get(pf, Initiative, target_id)
    before, after = repository.delete_initiative_snapshot(pf, target)
    deps_before = repository.list_dependencies(pf)
    items_before = repository.list_items(pf)

    repository.apply_changes(pf, before, after)
    assert target_id not in {i.id for i in repository.list_initiatives(pf)}
    assert all(
        d.predecessor_id != target_id and d.successor_id != target_id
        for d in repository.list_dependencies(pf)
    )
    assert target_id not in {i.initiative_id for i in repository.list_items(pf)}

    repository.apply_changes(pf, after, before)
    assert repository.get(pf, Initiative, target_id) == target
    assert repository.list_dependencies(pf) == deps_before
    assert repository.list_items(pf) == items_before


def test_apply_changes_gives_new_records_ids(empty_pf: PlanFile) -> None:
    channel = downstream_channel(empty_pf)
    saved = repository.apply_changes(
        empty_pf, [], [Item("A", date(2027, 1, 1), channel), Item("B", date(2027, 1, 2), channel)]
    )
    assert [i.id for i in saved] == [1, 2]


def test_a_failed_transaction_writes_nothing(empty_pf: PlanFile) -> None:
    channel = downstream_channel(empty_pf)
    with pytest.raises(RuntimeError), empty_pf.transaction():
        repository.insert(empty_pf, Item("A", date(2027, 1, 1), channel))
        raise RuntimeError("boom")
    assert repository.list_items(empty_pf) == []


def test_foreign_key_violation_is_a_storage_error(empty_pf: PlanFile) -> None:
    with pytest.raises(PlanWriteError, match="consistency"):
        repository.insert(empty_pf, Item("A", date(2027, 1, 1), 999))
    assert repository.list_items(empty_pf) == []


def test_dependencies_refuse_cycles_and_unknown_initiatives(empty_pf: PlanFile) -> None:
    a = repository.insert(empty_pf, Initiative("A", "Research", date(2027, 1, 1), date(2027, 1, 9)))
    b = repository.insert(
        empty_pf, Initiative("B", "Research", date(2027, 1, 10), date(2027, 1, 19))
    )
    repository.add_dependency(empty_pf, Dependency(a.id, b.id))
    with pytest.raises(ValidationError, match="cycle"):
        repository.add_dependency(empty_pf, Dependency(b.id, a.id))
    with pytest.raises(NotFoundError):
        repository.add_dependency(empty_pf, Dependency(a.id, 99))
    assert repository.list_dependencies(empty_pf) == [Dependency(a.id, b.id)]


def test_delete_channel_in_use_is_refused(pf: PlanFile) -> None:
    used = repository.list_items(pf)[0].channel_id
    channel = next(c for c in repository.list_channels(pf) if c.id == used)
    with pytest.raises(StorageError, match="used by"):
        repository.delete_channel(pf, channel)


def test_save_plan_settings(empty_pf: PlanFile) -> None:
    repository.save_plan(empty_pf, Plan(name="Acme", client="Acme Ltd", week_start=6))
    assert repository.get_plan(empty_pf).week_start == 6


def test_reopen_keeps_data(tmp_path: Path) -> None:
    path = tmp_path / "p.streamdesk"
    with create_plan(path) as pf:
        repository.insert(pf, Item("Kept", date(2027, 1, 1), downstream_channel(pf)))
    with PlanFile.open(path) as pf:
        assert [i.title for i in repository.list_items(pf)] == ["Kept"]


def sha(path: Path) -> bytes:
    import hashlib

    return hashlib.sha256(path.read_bytes()).digest()


def test_random_bytes_are_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "junk.streamdesk"
    path.write_bytes(os.urandom(4096))
    digest = sha(path)
    with pytest.raises(NotAPlanError, match="not a StreamDesk plan"):
        PlanFile.open(path)
    assert sha(path) == digest


def test_another_sqlite_database_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (body TEXT)")
    conn.execute("INSERT INTO notes VALUES ('hello')")
    conn.commit()
    conn.close()
    digest = sha(path)
    with pytest.raises(NotAPlanError, match="SQLite database, but not a StreamDesk plan"):
        PlanFile.open(path)
    assert sha(path) == digest
    assert not Path(str(path) + "-wal").exists()


def test_newer_schema_is_refused_naming_both_versions(tmp_path: Path) -> None:
    path = tmp_path / "future.streamdesk"
    create_plan(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 3}")
    conn.commit()
    conn.close()
    digest = sha(path)
    with pytest.raises(NewerPlanError) as info:
        PlanFile.open(path)
    assert f"format {SCHEMA_VERSION + 3}" in str(info.value)
    assert f"up to {SCHEMA_VERSION}" in str(info.value)
    assert sha(path) == digest


def test_zero_byte_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "blank.streamdesk"
    sqlite3.connect(path).close()  # a zero-byte file
    path.write_bytes(b"")
    with pytest.raises(NotAPlanError):
        PlanFile.open(path)  # an empty file is not a plan either


def test_file_on_a_read_only_path_opens_read_only(
    plan_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # root ignores permission bits, so simulate a read-only medium the way the OS reports it
    real_access = os.access
    monkeypatch.setattr(
        "streamdesk.storage.planfile.os.access",
        lambda p, mode: False if mode == os.W_OK else real_access(p, mode),
    )
    digest = sha(plan_path)
    with PlanFile.open(plan_path) as pf:
        assert pf.read_only
        assert repository.count_items(pf) == 120
    assert sha(plan_path) == digest


def test_read_only_open_refuses_edits(plan_path: Path) -> None:
    digest = sha(plan_path)
    with PlanFile.open(plan_path, read_only=True) as pf:
        assert pf.read_only
        assert repository.count_items(pf) == 120
        with pytest.raises(ReadOnlyPlanError, match="read-only"):
            repository.insert(pf, Item("X", date(2027, 1, 1), downstream_channel(pf)))
    assert sha(plan_path) == digest


def test_backup_is_a_complete_copy(pf: PlanFile, tmp_path: Path) -> None:
    target = pf.backup_to(tmp_path / "copy.streamdesk")
    with PlanFile.open(target) as copy:
        assert repository.list_items(copy) == repository.list_items(pf)
        assert copy.integrity_check() == "ok"
    with pytest.raises(StorageError, match="onto itself"):
        pf.backup_to(pf.path)


def test_busy_file_gives_a_clear_message(plan_path: Path) -> None:
    first = PlanFile.open(plan_path)
    # a second writer that does not take StreamDesk's one-writer lock (another program)
    second = PlanFile(plan_path, sqlite3.connect(plan_path, isolation_level=None), False)
    second.conn.execute("PRAGMA busy_timeout = 50")
    try:
        with first.transaction():
            repository.save_plan(first, Plan(name="Holding the lock"))
            with pytest.raises(PlanWriteError, match="busy"):
                repository.save_plan(second, Plan(name="Second writer"))
        assert repository.get_plan(second).name == "Holding the lock"
    finally:
        second.close()
        first.close()


def test_listed_items_equal_validated_items_field_for_field(pf: PlanFile) -> None:
    """list_items builds Items from row tuples without validation: they must be the same."""
    channel = downstream_channel(pf)
    full = Item(
        "Full", date(2027, 3, 3), channel, time="09:30", status="published", effort_hours=2,
        cost=10, reach=5, clicks=2, conversions=1, actual_cost=7, notes="n", link="https://x",
    )  # fmt: skip
    saved = repository.insert(pf, full)
    listed = repository.list_items(pf)
    assert saved in listed
    for item in listed:
        assert item == Item(**{f: getattr(item, f) for f in Item.__dataclass_fields__})
        assert type(item.effort_hours) is float and type(item.status) is ItemStatus


def test_listed_initiatives_equal_validated_initiatives(pf: PlanFile) -> None:
    """list_initiatives also skips validation; in or out of a range, nothing may differ."""
    every = repository.list_initiatives(pf)
    some = repository.list_initiatives(pf, every[3].start, every[3].start)
    assert every and every[3] in some and set(some) <= set(every)
    for initiative in every:
        fields = {f: getattr(initiative, f) for f in Initiative.__dataclass_fields__}
        assert initiative == Initiative(**fields)
        assert type(initiative.gate) is bool and type(initiative.budget) is float


def as_format_1(path: Path) -> None:
    """Turn a plan back into format 1, the first one that shipped (items indexed by date)."""
    conn = sqlite3.connect(path)
    conn.executescript("ALTER TABLE items DROP COLUMN planned_on;")
    conn.executescript(
        "DROP TABLE cadences; DROP TABLE series; DROP INDEX items_series;"
        "ALTER TABLE items DROP COLUMN series_id; ALTER TABLE items DROP COLUMN detached;"
        "DELETE FROM id_high_water WHERE name IN ('series', 'cadences');"
    )
    conn.executescript(
        "DROP TABLE item_tombstones; ALTER TABLE plan DROP COLUMN time_zone;"
        "ALTER TABLE items DROP COLUMN duration_minutes; ALTER TABLE items DROP COLUMN sequence;"
        "ALTER TABLE items DROP COLUMN modified;"
    )
    conn.executescript(
        "CREATE INDEX items_date ON items (date); DROP INDEX items_date_time;"
        "DROP TABLE identity; DROP TABLE id_high_water; PRAGMA user_version = 1;"
    )
    conn.close()


def test_a_format_1_plan_is_upgraded_in_one_step_keeping_its_data(plan_path: Path) -> None:
    with PlanFile.open(plan_path) as pf:
        # items moved from their first day, as `streamdesk demo` has them: format 1 had no
        # first day, so the upgrade counts each item as planned for the day it is on
        moving = repository.list_items(pf)[:5]
        repository.apply_changes(
            pf, moving, [i.replace(date=i.date + timedelta(days=2)) for i in moving]
        )
        before = repository.list_items(pf)
        assert sum(i.moved for i in before) == len(moving)
    as_format_1(plan_path)
    with PlanFile.open(plan_path) as pf:
        conn = pf.conn
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION >= 4
        columns = {r[1] for r in conn.execute("PRAGMA table_info(items)")}
        assert {"duration_minutes", "sequence", "modified"} <= columns
        assert repository.list_tombstones(pf) == []
        assert all(modified for _, modified in repository.item_versions(pf).values())
        assert len(repository.plan_uid(pf)) == 32
        indexes = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='index'")}
        assert "items_date_time" in indexes and "items_date" not in indexes
        plan = conn.execute(
            "EXPLAIN QUERY PLAN SELECT id FROM items WHERE date = '2027-03-01' "
            "ORDER BY date, time, id LIMIT 2"
        ).fetchall()
        assert "items_date_time" in str(plan) and "TEMP B-TREE" not in str(plan)
        after = repository.list_items(pf)
        assert not [i for i in after if i.moved]
        assert after == [i.replace(planned_on=i.date) for i in before]  # the rest unchanged
        assert repository.next_id(pf, Item) == max(i.id for i in before) + 1  # format 4


def test_a_read_only_plan_in_an_older_readable_format_opens_as_it_is(
    plan_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    as_format_1(plan_path)
    digest = sha(plan_path)
    with PlanFile.open(plan_path, read_only=True) as pf:
        assert pf.read_only and repository.count_items(pf) == 120
        uid = repository.plan_uid(pf)  # no identity stored yet: one from its name, stable
        assert len(uid) == 32 and uid == repository.plan_uid(pf)
        # read without the calendar feed's columns (format 4): no durations, no versions
        items = repository.list_items(pf)
        assert len(items) == 120 and {i.duration_minutes for i in items} == {None}
        assert repository.item_versions(pf) == {} and repository.list_tombstones(pf) == []
        assert repository.get_plan(pf).time_zone
    assert sha(plan_path) == digest
    with PlanFile.open(plan_path) as pf:  # upgraded to the current format
        pass
    digest = sha(plan_path)
    with PlanFile.open(plan_path, read_only=True) as pf:
        assert pf.read_only and repository.count_items(pf) == 120
        uid = repository.plan_uid(pf)
        assert len(uid) == 32 and uid == repository.plan_uid(pf)
    assert sha(plan_path) == digest
