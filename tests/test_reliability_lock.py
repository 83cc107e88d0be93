"""One writer per plan: two windows, a window and the command line, Back Up and Save As onto
a plan open elsewhere. Real processes where it matters: the lock is the operating system's.

A window process is ``tests/crash_worker.py --window PLAN``: a MainWindow on the plan
(offscreen), driven by lines on stdin (``edit TITLE``, ``state``, ``close``) and reporting
on stdout, so that the test can put a second window or a command next to it.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from streamdesk.cli import main
from streamdesk.domain import Item, Stream
from streamdesk.gui import commands
from streamdesk.gui.document import PlanDocument
from streamdesk.gui.main_window import MainWindow
from streamdesk.storage import PlanFile, PlanLockedError, StorageError, repository
from streamdesk.storage.lock import LockHolder, PlanLock, lock_holder, lock_path

WORKER = Path(__file__).with_name("crash_worker.py")


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


class WindowProcess:
    """A StreamDesk window in its own process, on ``plan``."""

    def __init__(self, plan: Path) -> None:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
        self.proc = subprocess.Popen(
            [sys.executable, str(WORKER), str(plan), "0", "0", "--window"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        self.ready = self.read()

    def read(self) -> dict[str, object]:
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        assert line, f"the window process ended: {self.proc.stderr.read()}"  # type: ignore[union-attr]
        return json.loads(line)  # type: ignore[no-any-return]

    def ask(self, command: str) -> dict[str, object]:
        assert self.proc.stdin is not None
        self.proc.stdin.write(command + "\n")
        self.proc.stdin.flush()
        return self.read()

    def until(self, command: str, done: object) -> dict[str, object]:
        """Ask again until the answer satisfies ``done`` (``poll`` runs the window's watch
        at once, as its timer does every second; the writer's commit may still be on its way)."""
        for _ in range(200):
            answer = self.ask(command)
            if done(answer):  # type: ignore[operator]
                return answer
        raise AssertionError(f"{command}: never {done}; last {answer}")

    def close(self) -> int:
        if self.proc.poll() is None:
            self.ask("close")
        return self.proc.wait(timeout=30)

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=30)
        for stream in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            if stream is not None:
                stream.close()


@pytest.fixture
def windows() -> Iterator[list[WindowProcess]]:
    started: list[WindowProcess] = []
    yield started
    for window in started:
        window.kill()


def test_a_window_and_the_command_line_import_refuses_in_one_line(
    plan_path: Path,
    tmp_path: Path,
    windows: list[WindowProcess],
    capsys: pytest.CaptureFixture[str],
) -> None:
    first = WindowProcess(plan_path)
    windows.append(first)
    assert first.ready["read_only"] is False
    source = tmp_path / "in.csv"
    source.write_text("Date,Channel,Title\n2027-01-04,Email,From the command line\n", "utf-8")
    state = first.ask("state")
    before = digest(plan_path)

    assert main(["import", str(plan_path), str(source)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert f"{plan_path.name} is open for writing in a StreamDesk window" in err
    assert f"process {first.proc.pid}" in err and "it was not changed" in err
    assert main(["demo", str(plan_path), "--force"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"process {first.proc.pid}" in err
    assert digest(plan_path) == before and plan_path.exists()

    assert first.ask("edit Still mine")["ok"] is True  # the window writes on, nothing lost
    after = first.ask("state")
    assert after["items"] == state["items"] and after["title"] == "Still mine"  # type: ignore[index]
    assert first.close() == 0

    assert main(["import", str(plan_path), str(source)]) == 0  # once closed, it may
    with PlanFile.open(plan_path, read_only=True) as pf:
        assert any(i.title == "From the command line" for i in repository.list_items(pf))
        assert repository.get(pf, Item, 1).title == "Still mine"


def test_a_second_window_is_read_only_follows_the_writer_and_takes_over(
    plan_path: Path, windows: list[WindowProcess]
) -> None:
    first = WindowProcess(plan_path)
    windows.append(first)
    second = WindowProcess(plan_path)
    windows.append(second)
    assert first.ready["read_only"] is False
    assert second.ready["read_only"] is True
    assert "[read-only]" in str(second.ready["window_title"])
    assert f"process {first.proc.pid}" in str(second.ready["lock_bar"])
    assert second.ready["take_over"] is False

    assert second.ask("edit Not allowed")["ok"] is False  # read-only: refused, nothing lost
    assert first.ask("edit Written by the first window")["ok"] is True
    followed = second.until("poll", lambda s: s["title"] == "Written by the first window")
    assert followed["items"] == first.ask("state")["items"]

    assert first.close() == 0
    offer = second.until("poll", lambda s: s["take_over"] is True)
    assert "has closed it" in str(offer["lock_bar"])
    taken = second.ask("take-over")
    assert taken["read_only"] is False and taken["lock_bar_visible"] is False
    assert second.ask("edit Now the second writes")["ok"] is True
    assert second.close() == 0
    with PlanFile.open(plan_path, read_only=True) as pf:
        assert repository.get(pf, Item, 1).title == "Now the second writes"


def test_a_killed_writer_leaves_a_stale_lock_that_is_taken_over_silently(
    plan_path: Path, windows: list[WindowProcess]
) -> None:
    first = WindowProcess(plan_path)
    windows.append(first)
    first.kill()
    assert lock_path(plan_path).exists()  # its text stays; the OS lock died with it
    assert lock_holder(plan_path) is None
    with PlanFile.open(plan_path) as pf:
        assert not pf.read_only and pf.lock is not None
        assert lock_holder(plan_path) == pf.lock.holder
    assert not lock_path(plan_path).exists()


def test_back_up_and_save_as_onto_a_plan_open_elsewhere_are_refused(
    plan_path: Path, tmp_path: Path, windows: list[WindowProcess]
) -> None:
    other = tmp_path / "other.streamdesk"
    other.write_bytes(plan_path.read_bytes())
    first = WindowProcess(other)
    windows.append(first)
    before = digest(other)
    with PlanFile.open(plan_path) as pf, pytest.raises(PlanLockedError) as info:
        pf.backup_to(other)
    assert "other.streamdesk was not replaced" in str(info.value)
    assert f"process {first.proc.pid}" in str(info.value)
    assert digest(other) == before and not list(tmp_path.glob("*.part"))
    assert first.ask("edit After the refused backup")["ok"] is True
    assert first.close() == 0
    with PlanFile.open(other, read_only=True) as pf:
        assert repository.get(pf, Item, 1).title == "After the refused backup"


def test_save_as_in_the_window_onto_a_plan_open_elsewhere_says_who(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    target = tmp_path / "taken.streamdesk"
    target.write_bytes(window.document.pf.path.read_bytes())
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: shown.append(text))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    before = digest(target)
    with PlanLock.acquire(target, "a StreamDesk window"):
        window.save_as()
        window.back_up()
    assert len(shown) == 2 and all("taken.streamdesk was not replaced" in s for s in shown)
    assert all("a StreamDesk window" in s for s in shown)
    assert digest(target) == before
    assert window.document.pf.path.name == "demo.streamdesk"


def test_a_lock_from_another_host_refuses_on_the_command_line_and_asks_in_the_window(
    plan_path: Path, qtbot, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    from streamdesk.gui.plan_watch import open_for_window

    elsewhere = LockHolder(
        4242, "laptop-in-the-cloud", "ana", "a StreamDesk window", "2027-03-01T09:00:00"
    )
    assert elsewhere.host != socket.gethostname()
    lock_path(plan_path).write_text(elsewhere.to_json(), encoding="utf-8")
    assert lock_holder(plan_path) == elsewhere
    with pytest.raises(PlanLockedError, match="laptop-in-the-cloud") as info:
        PlanFile.open(plan_path)
    assert info.value.foreign
    source = plan_path.with_name("in.csv")
    source.write_text("Date,Channel,Title\n2027-01-04,Email,Hello\n", encoding="utf-8")
    for argv in (["import", str(plan_path), str(source)], ["demo", str(plan_path), "--force"]):
        assert main(argv) == 1
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "on another computer" in err
        assert "laptop-in-the-cloud" in err

    asked: list[str] = []

    def answer(reply: QMessageBox.StandardButton):  # type: ignore[no-untyped-def]
        return lambda _p, _t, text, *a: (asked.append(text), reply)[1]

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.No))
    pf = open_for_window(plan_path)
    assert pf.read_only and pf.holder == elsewhere and "laptop-in-the-cloud" in asked[0]
    pf.close()
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Yes))
    pf = open_for_window(plan_path)
    assert not pf.read_only and pf.lock is not None and len(asked) == 2
    assert lock_holder(plan_path) == pf.lock.holder
    pf.close()


def test_two_windows_in_one_process_one_writes_the_other_follows(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    from streamdesk.gui.plan_watch import open_for_window

    path = window.document.pf.path
    second = MainWindow(PlanDocument(open_for_window(path)))
    qtbot.addWidget(second)
    second.show()
    assert second.document.read_only and "[read-only]" in second.windowTitle()
    assert second.lockBar.isVisible() and f"process {os.getpid()}" in second.lockBar.message.text()
    second.lockBar.grab().save("/tmp/storage-lockbar.png")

    doc = window.document
    channel = doc.channels(Stream.DOWNSTREAM)[0].id
    assert doc.execute(commands.create(doc, [Item("Followed", date(2027, 1, 6), channel)], "Add"))
    seen: list[object] = []
    second.document.changed.connect(seen.append)
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    assert any(i.title == "Followed" for i in repository.list_items(second.document.pf))

    window.close()
    qtbot.waitUntil(lambda: second.lockBar.takeOverButton.isVisible(), timeout=5000)
    said: list[str] = []
    second.statusBar().messageChanged.connect(said.append)
    second.lockBar.takeOverButton.click()
    assert not second.document.read_only and not second.lockBar.isVisible()
    assert "[read-only]" not in second.windowTitle()
    # it says so, not "Opened …" as if another file had been opened
    assert said[-1] == f"You are editing {path.name} in this window now"
    second.close()


def test_a_plan_that_cannot_be_locked_says_why(tmp_path: Path, plan_path: Path) -> None:
    lock_path(plan_path).mkdir()  # something in the way of the lock file
    with pytest.raises(StorageError, match=r"lock file \.demo\.streamdesk\.lock cannot be made"):
        PlanFile.open(plan_path)


def test_back_up_onto_a_plan_open_read_only_elsewhere_is_refused_naming_the_reader(
    plan_path: Path, tmp_path: Path, windows: list[WindowProcess]
) -> None:
    other = tmp_path / "other.streamdesk"
    other.write_bytes(plan_path.read_bytes())
    first = WindowProcess(other)
    windows.append(first)
    second = WindowProcess(other)
    windows.append(second)
    assert second.ready["read_only"] is True
    assert first.close() == 0  # only the read-only window is left: no writer lock at all
    assert lock_holder(other) is None
    before = digest(other)
    with PlanFile.open(plan_path) as pf, pytest.raises(PlanLockedError) as info:
        pf.backup_to(other)
    message = str(info.value)
    assert "other.streamdesk was not replaced: it is open read-only" in message
    assert f"process {second.proc.pid}" in message
    assert digest(other) == before and not list(tmp_path.glob("*.part"))

    # the reader never blocks a writer: one opens, writes, and the reader follows it
    with PlanFile.open(other) as writer:
        assert not writer.read_only
        item = repository.get(writer, Item, 1)
        assert item.title != "Written beside a reader"
        repository.update(writer, item.replace(title="Written beside a reader"))
    second.until("poll", lambda s: s["title"] == "Written beside a reader")

    second.kill()  # a reader that ended, however it ended, no longer counts
    with PlanFile.open(plan_path) as pf:
        assert pf.backup_to(other) == other
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".reader")]


def test_save_as_and_demo_force_onto_a_plan_open_read_only_say_who(
    window: MainWindow,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    target = tmp_path / "read.streamdesk"
    target.write_bytes(window.document.pf.path.read_bytes())
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: shown.append(text))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    before = digest(target)
    with PlanFile.open(target, read_only=True, program="a StreamDesk window"):
        window.save_as()
        window.back_up()
        assert main(["demo", str(target), "--force"]) == 1
    assert len(shown) == 2
    assert all("read.streamdesk was not replaced: it is open read-only" in s for s in shown)
    assert all(f"a StreamDesk window (process {os.getpid()}" in s for s in shown)
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "is open read-only in a StreamDesk window" in err
    assert digest(target) == before
    assert window.document.pf.path.name == "demo.streamdesk"
    window.back_up()  # closed there: now it may
    assert len(shown) == 2 and "Backed up to" in window.statusBar().currentMessage()
