"""The window under trouble: a busy file, a full disk, a read-only plan, Save As and Back Up.

Each failure ends in a message (QMessageBox.warning is replaced so nothing blocks), a
window that still responds, and an undo stack that matches the file.
"""

from __future__ import annotations

import hashlib
import os
import time
from datetime import date
from pathlib import Path

import pytest
from crash_worker import plan_state
from PySide6.QtWidgets import QFileDialog, QMessageBox
from test_reliability_crash import Child
from test_reliability_disk import fill_disk, free_disk, many_items

from streamdesk.domain import Item, Stream
from streamdesk.gui import commands
from streamdesk.gui.document import PlanDocument
from streamdesk.gui.main_window import MainWindow
from streamdesk.storage import PlanFile, repository
from streamdesk.storage.planfile import DEFAULT_BUSY_TIMEOUT_MS


@pytest.fixture
def warnings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a[2]))
    return shown


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def an_item(window: MainWindow, title: str = "New post") -> Item:
    channel = window.document.channels(Stream.DOWNSTREAM)[0]
    return Item(title, date(2027, 3, 3), channel.id)


def test_an_edit_while_another_process_writes_fails_in_bounded_time(
    window: MainWindow, plan_path: Path, warnings: list[str], qtbot
) -> None:  # type: ignore[no-untyped-def]
    doc = window.document
    assert doc.execute(commands.create(doc, [an_item(window, "Before the lock")], "Add"))
    stack = doc.undo_stack
    holder = Child(plan_path, "0", "0", "--hold-lock", until=lambda line, _: line == "locked\n")
    try:
        holder.wait_until_reached()
        before = plan_state(doc.pf)
        started = time.monotonic()
        assert doc.execute(commands.create(doc, [an_item(window)], "Add post")) is False
        waited = time.monotonic() - started
        # the app's own busy timeout: it waits, but never for long
        assert DEFAULT_BUSY_TIMEOUT_MS / 1000 - 0.1 <= waited < DEFAULT_BUSY_TIMEOUT_MS / 1000 + 2
        assert len(warnings) == 1 and "busy" in warnings[0] and plan_path.name in warnings[0]
        assert window.statusBar().currentMessage() == warnings[0]
        assert (stack.count(), stack.index()) == (1, 1)
        assert window.actionUndo.text() == "&Undo Add"

        doc.pf.conn.execute("PRAGMA busy_timeout = 100")  # the undo fails the same way, faster
        assert doc.undo() is False
        assert (stack.count(), stack.index()) == (1, 1) and len(warnings) == 2
        assert plan_state(doc.pf) == before  # reads go on while the other process writes

        holder.send("release\n")
        assert holder.proc.wait(timeout=10) == 0
        assert doc.execute(commands.create(doc, [an_item(window)], "Add post")) is True
        window.actionUndo.trigger()
        window.actionUndo.trigger()
        assert stack.index() == 0 and doc.pf.integrity_check() == "ok"
        qtbot.waitUntil(lambda: window.isVisible())  # the window still runs its event loop
    finally:
        holder.kill()


def test_a_full_disk_in_the_window_shows_the_message_and_keeps_undo_in_step(
    window: MainWindow, warnings: list[str]
) -> None:
    doc = window.document
    assert doc.execute(commands.create(doc, [an_item(window)], "Add post"))
    limit = fill_disk(doc.pf)
    assert doc.execute(commands.create(doc, many_items(doc.pf), "Add 400 posts")) is False
    assert len(warnings) == 1 and "no space left" in warnings[0]
    assert str(doc.pf.path) in warnings[0]
    assert window.actionUndo.text() == "&Undo Add post"
    assert not window.actionRedo.isEnabled()
    free_disk(doc.pf, limit)
    assert doc.execute(commands.create(doc, many_items(doc.pf), "Add 400 posts")) is True
    assert window.actionUndo.text() == "&Undo Add 400 posts"


def read_only_medium(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests run as root, which ignores permission bits: report no write access instead."""
    real_access = os.access
    monkeypatch.setattr(
        "streamdesk.storage.planfile.os.access",
        lambda p, mode, **kw: False if mode & os.W_OK else real_access(p, mode, **kw),
    )


def test_a_read_only_plan_says_so_and_disables_editing(
    qtbot, plan_path: Path, monkeypatch: pytest.MonkeyPatch, warnings: list[str]
) -> None:  # type: ignore[no-untyped-def]
    read_only_medium(monkeypatch)
    digest = sha(plan_path)
    window = MainWindow(PlanDocument(PlanFile.open(plan_path)))
    qtbot.addWidget(window)
    window.show()
    try:
        assert window.document.read_only
        assert "[read-only]" in window.windowTitle()
        assert "read-only" in window.statusBar().currentMessage()
        assert window.editing_actions, "the window lists its editing actions"
        for action in window.editing_actions:
            assert not action.isEnabled(), action.objectName()
        assert not window.actionUndo.isEnabled() and not window.actionRedo.isEnabled()
        assert window.actionExportExcel.isEnabled() and window.actionBackUp.isEnabled()

        doc = window.document
        assert doc.execute(commands.create(doc, [an_item(window)], "Add post")) is False
        assert "read-only" in warnings[0]
        assert doc.undo_stack.count() == 0
    finally:
        window.close()
    assert sha(plan_path) == digest


def test_opening_a_read_only_plan_from_a_writable_one_switches_editing_off_and_on(
    window: MainWindow, plan_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = tmp_path / "other.streamdesk"
    window.document.pf.backup_to(other)
    real_access = os.access
    monkeypatch.setattr(
        "streamdesk.storage.planfile.os.access",
        lambda p, mode, **kw: False if Path(p) == other else real_access(p, mode, **kw),
    )
    assert window.open_plan(other)
    assert "[read-only]" in window.windowTitle()
    assert not any(a.isEnabled() for a in window.editing_actions)
    assert window.open_plan(plan_path)
    assert "[read-only]" not in window.windowTitle()
    assert all(a.isEnabled() for a in window.editing_actions)


def choose_file(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), ""))


def test_back_up_writes_one_complete_file_through_the_backup_api(
    window: MainWindow, plan_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc = window.document
    doc.pf.conn.execute("PRAGMA wal_autocheckpoint = 0")  # the edits stay in the -wal
    assert doc.execute(commands.create(doc, many_items(doc.pf, 50), "Add posts"))
    assert Path(f"{plan_path}-wal").stat().st_size > 0
    expected = plan_state(doc.pf)
    target = tmp_path / "backups" / "copy.streamdesk"
    target.parent.mkdir()
    choose_file(monkeypatch, target)

    window.back_up()
    assert sorted(p.name for p in target.parent.iterdir()) == ["copy.streamdesk"]
    assert target.read_bytes()[18:20] == b"\x01\x01"  # a rollback-journal file: self-contained
    assert "Backed up to" in window.statusBar().currentMessage()
    assert doc.pf.path == plan_path and doc.undo_stack.count() == 1  # still working here
    with PlanFile.open(target) as copy:
        assert copy.integrity_check() == "ok"
        assert plan_state(copy) == expected


def test_save_as_continues_in_the_copy_and_leaves_the_original_alone(
    window: MainWindow, plan_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc = window.document
    assert doc.execute(commands.create(doc, [an_item(window, "In both")], "Add post"))
    expected = plan_state(doc.pf)
    target = tmp_path / "Saved as"  # no suffix: the window adds it
    choose_file(monkeypatch, target)

    window.save_as()
    saved = tmp_path / "Saved as.streamdesk"
    assert doc.pf.path == saved
    assert "Saved as.streamdesk" in window.windowTitle()
    assert doc.undo_stack.count() == 0  # the history belonged to the other file
    assert plan_state(doc.pf) == expected
    assert doc.execute(commands.create(doc, [an_item(window, "Only in the copy")], "Add"))
    with PlanFile.open(plan_path) as original:
        assert plan_state(original) == expected
    titles = {i.title for i in repository.list_items(doc.pf)}
    assert {"In both", "Only in the copy"} <= titles


def test_a_failed_back_up_says_why_and_leaves_nothing_behind(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, warnings: list[str]
) -> None:
    target = tmp_path / "missing folder" / "copy.streamdesk"
    choose_file(monkeypatch, target)
    window.back_up()
    assert len(warnings) == 1 and str(target) in warnings[0]
    assert not target.parent.exists()
    window.save_as()
    assert len(warnings) == 2 and window.document.pf.path.name == "demo.streamdesk"


def test_save_as_onto_a_plan_that_crashed_is_refused_and_keeps_working_here(
    window: MainWindow,
    plan_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    warnings: list[str],
) -> None:
    crashed = tmp_path / "crashed.streamdesk"
    window.document.pf.backup_to(crashed)
    child = Child(
        crashed, "41", "1000", "--idle-after", "5", until=lambda line, _: line == "idle\n"
    )
    child.wait_until_reached()
    child.kill()
    digest = sha(Path(f"{crashed}-wal"))
    choose_file(monkeypatch, crashed)

    window.save_as()
    assert len(warnings) == 1 and "crashed.streamdesk-wal" in warnings[0]
    assert window.document.pf.path == plan_path
    window.back_up()
    assert len(warnings) == 2
    assert sha(Path(f"{crashed}-wal")) == digest
    with PlanFile.open(crashed) as pf:  # its own edits are still there to recover
        assert pf.integrity_check() == "ok"
