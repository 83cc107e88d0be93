"""File → Export: a save dialog, a background export with progress, and its outcomes."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QFileDialog

from streamdesk.excel.columns import CONTENT_SHEET
from streamdesk.gui.export_actions import FILTERS, ExportJob, export_plan
from streamdesk.gui.main_window import MainWindow
from streamdesk.storage import repository


def answer_save_dialog(monkeypatch: pytest.MonkeyPatch, path: Path | str, chosen: str) -> list:
    asked: list = []

    def fake(*args: object, **kwargs: object) -> tuple[str, str]:
        asked.append(args)
        return str(path), chosen

    monkeypatch.setattr(QFileDialog, "getSaveFileName", fake)
    return asked


def run_job(qtbot, window: MainWindow) -> ExportJob:  # type: ignore[no-untyped-def]
    job = window.findChild(ExportJob, "exportJob")
    assert job is not None
    assert not window.actionExportExcel.isEnabled()  # one export at a time
    with qtbot.waitSignal(job.finished, timeout=30000):
        pass
    assert window.actionExportExcel.isEnabled()
    return job


def test_export_action_writes_the_workbook_in_the_background(
    qtbot,
    window: MainWindow,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    status_messages: list[str],
) -> None:
    asked = answer_save_dialog(monkeypatch, tmp_path / "client", "Excel workbook (*.xlsx)")
    window.actionExportExcel.trigger()
    job = window.findChild(ExportJob, "exportJob")
    progress: list[tuple[int, int]] = []
    job.worker.progressed.connect(lambda done, total: progress.append((done, total)))
    ticks: list[int] = []
    timer = QTimer(window)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(1)
    run_job(qtbot, window)
    timer.stop()

    assert ";;".join(FILTERS) in asked[0]  # xlsx, csv and ics offered
    out = tmp_path / "client.xlsx"  # the chosen filter's extension was added
    assert job.result is not None and job.result.path == out
    book = openpyxl.load_workbook(out, read_only=True)
    rows = book[CONTENT_SHEET].max_row  # the dimension is written, so read-only readers know
    book.close()
    assert rows == repository.count_items(window.document.pf) + 1
    assert progress and progress[-1][0] == progress[-1][1]
    assert ticks  # the event loop ran while the worker exported
    assert any(m.startswith(f"Exported {out}") for m in status_messages)


@pytest.mark.parametrize("suffix", [".csv", ".ics"])
def test_typed_extension_picks_the_format(
    qtbot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    answer_save_dialog(monkeypatch, folder / f"plan{suffix}", "Excel workbook (*.xlsx)")
    window.actionExportExcel.trigger()
    run_job(qtbot, window)
    assert [p.name for p in folder.iterdir()] == [f"plan{suffix}"]


def test_cancelled_dialog_exports_nothing(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    answer_save_dialog(monkeypatch, "", "")
    assert export_plan(window, window.document, window.jobs, window.show_status) is None
    assert window.findChild(ExportJob, "exportJob") is None


def test_cancel_in_the_progress_dialog_writes_nothing(
    qtbot,
    window: MainWindow,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    status_messages: list[str],
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    answer_save_dialog(monkeypatch, folder / "plan.xlsx", "Excel workbook (*.xlsx)")
    start = ExportJob.start
    monkeypatch.setattr(ExportJob, "start", lambda self: None)  # hold it until cancelled
    job = export_plan(window, window.document, window.jobs, window.show_status)
    assert job is not None
    job.dialog.canceled.emit()  # what the Cancel button does
    start(job)
    with qtbot.waitSignal(job.finished, timeout=30000):
        pass
    assert job.result is None and job.error is None
    assert list(folder.iterdir()) == []
    assert any("cancelled" in m for m in status_messages)


def test_a_failed_export_is_reported(
    qtbot,
    window: MainWindow,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    warnings: list[str],
) -> None:
    answer_save_dialog(monkeypatch, tmp_path / "missing" / "plan.xlsx", "")
    window.actionExportExcel.trigger()
    job = run_job(qtbot, window)
    assert job.error is not None and "missing" in job.error
    assert warnings == [job.error]


CLOSE_MID_EXPORT = """
import sys
import threading
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QFileDialog

from streamdesk.gui import export_actions, jobs
from streamdesk.gui.app import run_gui
from streamdesk.gui.export_actions import ExportJob
from streamdesk.gui.main_window import MainWindow

plan, target = Path(sys.argv[1]), Path(sys.argv[2])
app = QApplication(sys.argv[:1])
QFileDialog.getSaveFileName = staticmethod(lambda *a, **k: (str(target), ""))

# The export waits after a progress report until it is cancelled, so it is still running
# when the window closes however fast the writer is (it used to finish first at times).
cancelled = threading.Event()
cancel = jobs._Worker.cancel


def cancel_and_tell(worker):
    cancel(worker)
    cancelled.set()


jobs._Worker.cancel = cancel_and_tell
export_work = export_actions.export_work


def held_work(plan_path, out):
    work = export_work(plan_path, out)

    def run(progress):
        def held(done, total):
            progress(done, total)
            if done < total:
                cancelled.wait(60)  # the next report, after this, stops the export

        return work(held)

    return run


export_actions.export_work = held_work


def export_then_close() -> None:
    window = next(w for w in app.topLevelWidgets() if isinstance(w, MainWindow))
    window.actionExportExcel.trigger()
    job = window.findChild(ExportJob, "exportJob")

    def on_progress(done: int, total: int) -> None:
        if done < total and window.isVisible():
            print(f"closing at {done}/{total}", flush=True)
            window.close()  # as the user does: the last window closes, the app quits

    job.progressed.connect(on_progress)


QTimer.singleShot(0, export_then_close)
sys.exit(run_gui(plan))
"""


def test_closing_the_window_mid_export_cancels_it_and_exits_cleanly(tmp_path: Path) -> None:
    """Closing during an export used to abort the process (a QThread destroyed running)."""
    import subprocess
    import sys

    from streamdesk import demo

    plan = tmp_path / "big.streamdesk"
    # big enough that the export still runs when the window gets its first progress signal
    demo.generate(plan, items=5000, initiatives=30, seed=3).close()
    target = tmp_path / "out" / "big.xlsx"
    target.parent.mkdir()
    done = subprocess.run(
        [sys.executable, "-c", CLOSE_MID_EXPORT, str(plan), str(target)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "closing at" in done.stdout  # it was closed while the export ran
    assert "QThread" not in done.stderr
    assert list(target.parent.iterdir()) == []  # no partial file, under any name
