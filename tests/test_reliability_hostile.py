"""A plan file is data, not code: hostile and damaged plan files are refused by name, before
anything is written, within a time limit, and left byte-identical.

Each case starts from a real plan and changes it the way a stranger's file could be: a
trigger, a view, an extra table, a table with other columns, values StreamDesk never
writes. The refusal must name what was found and leave every byte of the file as it was.
"""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from streamdesk.cli import main
from streamdesk.storage import PlanFile, StorageError, repository
from streamdesk.storage import validate as validation
from streamdesk.storage.errors import DamagedPlanError, UnexpectedSchemaError


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def siblings(path: Path) -> set[str]:
    """The journals beside the plan holding changes (a refused open writes none)."""
    return {
        p.name
        for p in path.parent.iterdir()
        if p.name.startswith(path.name + "-") and not p.name.endswith("-shm") and p.stat().st_size
    }


def tamper(plan_path: Path, script: str) -> Path:
    """What a stranger's tool does to a plan: plain SQL, in the rollback-journal mode."""
    conn = sqlite3.connect(plan_path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.executescript(script)
    conn.close()
    return plan_path


def refused(path: Path, error_type: type[StorageError] = StorageError) -> str:
    before, files = digest(path), siblings(path)
    with pytest.raises(error_type) as caught:
        PlanFile.open(path).close()
    assert digest(path) == before, "a refused file is byte-identical"
    assert siblings(path) == files, "no -wal or -shm was created by a refused open"
    return str(caught.value)


HOSTILE = {
    "wipe-trigger": (
        "CREATE TRIGGER wipe AFTER UPDATE ON items BEGIN "
        "DELETE FROM items; DELETE FROM initiatives; END;",
        "trigger 'wipe'",
    ),
    "phishing-trigger": (
        "CREATE TRIGGER links AFTER INSERT ON items BEGIN "
        "UPDATE items SET link = 'https://phish.example' ; END;",
        "trigger 'links'",
    ),
    "extra-view": ("CREATE VIEW everything AS SELECT * FROM items;", "view 'everything'"),
    "extra-table": ("CREATE TABLE payload (x BLOB);", "table 'payload'"),
    "extra-index": ("CREATE INDEX items_title ON items (title);", "index 'items_title'"),
    "extra-column": ("ALTER TABLE items ADD COLUMN tracker TEXT;", "tracker"),
    "missing-column": ("ALTER TABLE items DROP COLUMN link;", "missing columns: link"),
    "items-as-endless-view": (
        "ALTER TABLE items RENAME TO items_kept;"
        "CREATE VIEW items AS WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) "
        "SELECT n AS id FROM r;",
        "view 'items' where StreamDesk keeps a table",
    ),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_a_hostile_plan_is_refused_by_name_and_left_byte_identical(
    plan_path: Path, case: str
) -> None:
    script, named = HOSTILE[case]
    tamper(plan_path, script)
    message = refused(plan_path, UnexpectedSchemaError)
    assert named in message and plan_path.name in message
    assert "streamdesk salvage" in message


def test_a_hostile_plan_is_refused_by_every_command_in_one_line(
    plan_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tamper(plan_path, HOSTILE["wipe-trigger"][0])
    before = digest(plan_path)
    source = tmp_path / "in.csv"
    source.write_text("Date,Channel,Title\n2027-01-04,Blog,Hello\n", encoding="utf-8")
    for argv in (
        ["balance", str(plan_path)],
        ["export", str(plan_path), str(tmp_path / "out.xlsx")],
        ["import", str(plan_path), str(source)],
    ):
        assert main(argv) == 1
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "trigger 'wipe'" in err, argv
        assert "unexpected" not in err and "Traceback" not in err
    assert digest(plan_path) == before
    assert not (tmp_path / "out.xlsx").exists()


def test_the_triggers_never_ran_so_a_salvage_would_find_everything(plan_path: Path) -> None:
    with PlanFile.open(plan_path) as pf:
        items = repository.count_items(pf)
    tamper(plan_path, HOSTILE["wipe-trigger"][0])
    refused(plan_path)
    conn = sqlite3.connect(f"file:{plan_path}?mode=ro", uri=True)
    assert conn.execute("SELECT count(*) FROM items").fetchone()[0] == items
    conn.close()


def test_an_endless_check_is_cut_off_by_the_time_limit(
    plan_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The time limit, not the schema check, is what stops a query that never ends."""
    monkeypatch.setattr(validation, "VALIDATION_SECONDS", 0.0)
    message = refused(plan_path)
    assert "took longer than" in message and plan_path.name in message


def test_the_time_limit_interrupts_an_endless_recursive_query() -> None:
    conn = sqlite3.connect(":memory:")
    endless = "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT max(n) FROM r"
    with (
        validation.time_limit(conn, 0.2) as limit,
        pytest.raises(sqlite3.OperationalError, match="interrupted"),
    ):
        conn.execute(endless).fetchone()
    assert limit.expired
    conn.close()


DAMAGE = {
    "date": (
        "UPDATE items SET date = '9999-99-99' WHERE id = 17",
        "date '9999-99-99' is not a date",
    ),
    "impossible-day": ("UPDATE items SET date = '2027-02-30' WHERE id = 17", "'2027-02-30'"),
    "status": ("UPDATE items SET status = 'bogus' WHERE id = 17", "status 'bogus' is not"),
    "number": ("UPDATE items SET cost = 'a lot' WHERE id = 17", "cost 'a lot' is not a number"),
    "time": ("UPDATE items SET time = '25:99' WHERE id = 17", "time '25:99' is not a time"),
    "blob-title": ("UPDATE items SET title = x'00ff' WHERE id = 17", "title <2 bytes"),
    "channel": (
        "PRAGMA foreign_keys = OFF; UPDATE items SET channel_id = 999 WHERE id = 17",
        "items row 17: refers to a channels row that does not exist",
    ),
    "initiative-status": (
        "UPDATE initiatives SET status = 'lost' WHERE id = 3",
        "initiatives row 3: status 'lost'",
    ),
    "plan-week-start": ("UPDATE plan SET week_start = 9", "plan row 1: week_start 9"),
    "optional-number": ("UPDATE items SET reach = 'many' WHERE id = 17", "reach 'many' is not"),
    "seconds-time": ("UPDATE items SET time = '09:30:61' WHERE id = 17", "time '09:30:61'"),
    "campaign-link": (
        "PRAGMA foreign_keys = OFF; UPDATE items SET campaign_id = 77 WHERE id = 17",
        "items row 17: refers to a campaigns row that does not exist",
    ),
    "text-id": (
        "UPDATE items SET initiative_id = 'x' WHERE id = 17",
        "initiative_id 'x' is not an id",
    ),
    "channel-colour": ("UPDATE channels SET colour = 'red' WHERE id = 2", "channels row 2"),
    # the calendar feed's columns (format 5)
    "duration-text": (
        "UPDATE items SET duration_minutes = 'abc' WHERE id = 17",
        "items row 17: duration_minutes 'abc' is not a duration in minutes (1 to 1440)",
    ),
    "duration-negative": (
        "UPDATE items SET duration_minutes = -5 WHERE id = 17",
        "duration_minutes -5 is not a duration",
    ),
    "duration-huge": (
        "UPDATE items SET duration_minutes = 99999 WHERE id = 17",
        "duration_minutes 99999 is not a duration",
    ),
    "time-zone": (
        "UPDATE plan SET time_zone = 'Mars/Olympus'",
        "plan row 1: time_zone 'Mars/Olympus' is not a time zone name",
    ),
    "time-zone-blob": ("UPDATE plan SET time_zone = x'00'", "time_zone <1 bytes"),
    "sequence": ("UPDATE items SET sequence = 'abc' WHERE id = 17", "sequence 'abc' is not"),
    "modified": ("UPDATE items SET modified = 'yesterday' WHERE id = 17", "modified 'yesterday'"),
    # items' baselines (format 7)
    "planned-on": (
        "UPDATE items SET planned_on = 'soon' WHERE id = 17",
        "items row 17: planned_on 'soon' is not a date",
    ),
    "tombstone": (
        "INSERT INTO item_tombstones VALUES (9999, '2027-01-05', '25:99', 'abc', 'x', 1, "
        "'2027-01-05T10:00:00Z')",
        "item_tombstones row 9999: time '25:99' is not a time",
    ),
}
FEED_DAMAGE = sorted(
    ("duration-text", "duration-negative", "duration-huge", "time-zone", "sequence", "tombstone")
)


@pytest.mark.parametrize("case", sorted(DAMAGE))
def test_a_damaged_value_is_one_line_naming_row_and_value(
    plan_path: Path, case: str, capsys: pytest.CaptureFixture[str]
) -> None:
    script, expected = DAMAGE[case]
    tamper(plan_path, script + ";")
    message = refused(plan_path, DamagedPlanError)
    assert message.startswith(f"damaged plan {plan_path}: ")
    assert expected in message
    assert message.endswith(f"`streamdesk salvage {plan_path.name} NEW.streamdesk`")
    if case == "date":
        assert (
            "items row 17: date '9999-99-99' is not a date — open a salvaged copy with "
            "`streamdesk salvage" in message
        )
    assert main(["balance", str(plan_path)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and expected in err and "unexpected" not in err


@pytest.mark.parametrize("case", FEED_DAMAGE)
def test_damage_in_the_calendar_feeds_columns_is_one_line_for_every_command_and_the_window(
    plan_path: Path,
    tmp_path: Path,
    case: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from streamdesk.gui import app

    script, expected = DAMAGE[case]
    tamper(plan_path, script + ";")
    before = digest(plan_path)
    source = tmp_path / "in.csv"
    source.write_text("Date,Channel,Title\n2027-01-04,Email,Hello\n", encoding="utf-8")
    for argv in (
        ["balance", str(plan_path)],
        ["export", str(plan_path), str(tmp_path / "out.ics")],
        ["export", str(plan_path), str(tmp_path / "out.xlsx")],
        ["import", str(plan_path), str(source), "--dry-run"],
    ):
        assert main(argv) == 1
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and expected in err, argv
        assert "unexpected" not in err and "Traceback" not in err
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, _t, text: shown.append(text))
    assert app.run_gui(plan_path) == 1
    assert len(shown) == 1 and expected in shown[0] and "damaged plan" in shown[0]
    assert "Traceback" not in capsys.readouterr().err
    assert digest(plan_path) == before


def test_an_older_plan_without_the_feeds_columns_is_checked_without_them(plan_path: Path) -> None:
    tamper(
        plan_path,
        "DROP TABLE item_tombstones; ALTER TABLE plan DROP COLUMN time_zone;"
        "ALTER TABLE items DROP COLUMN duration_minutes; ALTER TABLE items DROP COLUMN sequence;"
        "ALTER TABLE items DROP COLUMN modified;",
    )
    conn = sqlite3.connect(plan_path)
    try:
        assert validation.find_damage(conn) == []
        conn.execute("UPDATE items SET status = 'bogus' WHERE id = 17")
        assert validation.find_damage(conn) == [
            "items row 17: status 'bogus' is not an item status"
        ]
    finally:
        conn.close()


def test_a_read_only_open_checks_the_file_too(plan_path: Path) -> None:
    tamper(plan_path, DAMAGE["status"][0])
    with pytest.raises(DamagedPlanError, match="bogus"):
        PlanFile.open(plan_path, read_only=True)


def test_the_window_shows_a_damaged_plan_in_one_message_box(
    qtbot, plan_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    from streamdesk.gui import app

    tamper(plan_path, DAMAGE["date"][0])
    before = digest(plan_path)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, _t, text: shown.append(text))
    assert app.run_gui(plan_path) == 1
    assert len(shown) == 1 and "items row 17: date '9999-99-99' is not a date" in shown[0]
    assert "Traceback" not in capsys.readouterr().err
    assert digest(plan_path) == before


def test_opening_a_damaged_plan_from_the_window_keeps_the_current_one(
    window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    other = tmp_path / "other.streamdesk"
    other.write_bytes(window.document.pf.path.read_bytes())
    tamper(other, "CREATE TRIGGER t AFTER DELETE ON items BEGIN DELETE FROM channels; END;")
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: shown.append(text))
    current = window.document.pf.path
    assert not window.open_plan(other)
    assert len(shown) == 1 and "trigger 't'" in shown[0]
    assert window.document.pf.path == current


def test_a_valid_plan_of_an_older_format_is_not_mistaken_for_a_stranger(plan_path: Path) -> None:
    """Every format this version migrates from is compared with its own schema."""
    for version in range(1, len(validation.MIGRATIONS) + 1):
        expected = validation.expected_schema(version)
        assert ("table", "items") in expected
    with PlanFile.open(plan_path) as pf:
        assert pf.integrity_check() == "ok"


# -- salvage ------------------------------------------------------------------------------


def salvage_cli(
    bad: Path, new: Path, capsys: pytest.CaptureFixture[str]
) -> tuple[int, list[str], str]:
    status = main(["salvage", str(bad), str(new)])
    out = capsys.readouterr()
    return status, out.out.splitlines(), out.err


def test_salvage_copies_every_readable_row_and_lists_the_damaged_one(
    plan_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with PlanFile.open(plan_path) as pf:
        items = {i.id: i for i in repository.list_items(pf)}
        initiatives = repository.list_initiatives(pf)
        plan = repository.get_plan(pf)
        uid = repository.plan_uid(pf)
    tamper(plan_path, DAMAGE["date"][0])
    before = digest(plan_path)
    new = tmp_path / "new.streamdesk"
    status, lines, err = salvage_cli(plan_path, new, capsys)
    assert status == 0 and err == ""
    assert lines[0].startswith(f"salvaged {plan_path.name} into new.streamdesk: plan settings")
    assert lines[1:] == ["not copied: items row 17: date '9999-99-99' is not a date (YYYY-MM-DD)"]
    assert lines[0].endswith("; 1 thing not copied")
    assert digest(plan_path) == before
    with PlanFile.open(new) as copy:
        kept = {i.id: i for i in repository.list_items(copy)}
        assert kept == {k: v for k, v in items.items() if k != 17}
        assert repository.list_initiatives(copy) == initiatives
        assert repository.get_plan(copy) == plan
        assert repository.plan_uid(copy) == uid


def test_salvage_leaves_a_strangers_triggers_and_columns_behind(
    plan_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with PlanFile.open(plan_path) as pf:
        items = repository.list_items(pf)
    tamper(plan_path, HOSTILE["wipe-trigger"][0] + HOSTILE["extra-column"][0])
    new = tmp_path / "new.streamdesk"
    status, lines, _ = salvage_cli(plan_path, new, capsys)
    assert status == 0
    assert "not copied: trigger 'wipe': not made by StreamDesk; not copied" in lines
    assert "not copied: items.tracker: a column StreamDesk does not know" in lines
    with PlanFile.open(new) as copy:  # a plan of this version: it opens, and edits are safe
        assert repository.list_items(copy) == items
        first = items[0]
        repository.apply_changes(copy, [first], [first.replace(title="Edited")])
        assert repository.count_items(copy) == len(items)


def test_salvage_of_an_endless_view_copies_the_other_tables(
    plan_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tamper(plan_path, HOSTILE["items-as-endless-view"][0])
    new = tmp_path / "new.streamdesk"
    status, lines, _ = salvage_cli(plan_path, new, capsys)
    assert status == 0
    assert "not copied: items: it is a view, not a table; nothing copied" in lines
    with PlanFile.open(new) as copy:
        assert repository.count_items(copy) == 0
        assert repository.list_initiatives(copy)


def test_salvage_with_nothing_readable_exits_1_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "stranger.streamdesk"
    conn = sqlite3.connect(bad)
    conn.execute("CREATE TABLE notes (x)")
    conn.close()
    new = tmp_path / "new.streamdesk"
    status, _, err = salvage_cli(bad, new, capsys)
    assert status == 1 and "Nothing could be read from stranger.streamdesk" in err
    assert err.count("\n") == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["stranger.streamdesk"]


def test_salvage_never_overwrites(
    plan_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    new = tmp_path / "new.streamdesk"
    new.write_bytes(b"mine")
    status, _, err = salvage_cli(plan_path, new, capsys)
    assert status == 1 and "already exists" in err
    assert new.read_bytes() == b"mine"


def test_salvage_reads_past_a_damaged_table_definition(
    plan_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with PlanFile.open(plan_path) as pf:
        items = repository.list_items(pf)
    tamper(
        plan_path,
        "PRAGMA writable_schema = ON;"
        "UPDATE sqlite_master SET sql = 'CREATE TABLE campaigns (' WHERE name = 'campaigns';",
    )
    refused(plan_path)
    new = tmp_path / "new.streamdesk"
    status, lines, _ = salvage_cli(plan_path, new, capsys)
    assert status == 0
    assert (
        "not copied: campaigns: no row could be read (its definition in the file is damaged)"
        in lines
    )
    with PlanFile.open(new) as copy:
        kept = repository.list_items(copy)
        assert [i.replace(campaign_id=None) for i in items] == kept
        assert repository.list_campaigns(copy) == []
