"""File → Export: the GUI wrapper around ``streamdesk.excel`` export (issue 7).

The export runs in a worker thread on its own read-only connection to the plan
file (SQLite connections belong to the thread that made them), reporting
progress through queued signals; the window stays responsive and a progress
dialog with a Cancel button appears when the export takes more than a moment.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot
from PySide6.QtWidgets import QFileDialog, QProgressDialog

from streamdesk.excel.export import ExportCancelled, ExportSummary

if TYPE_CHECKING:
    from streamdesk.gui.main_window import MainWindow

FILTERS = {
    "Excel workbook (*.xlsx)": ".xlsx",
    "CSV, the Content table (*.csv)": ".csv",
    "iCalendar (*.ics)": ".ics",
}
_RUNNING: set[ExportJob] = set()
"""Jobs in flight, kept referenced until their thread has finished."""
PROGRESS_DELAY_MS = 400
"""A progress dialog appears only for exports expected to last longer than this."""


class ExportWorker(QObject):
    """Runs one export in a worker thread; everything it reports goes through signals."""

    progressed = Signal(int, int)
    succeeded = Signal(object)  # ExportSummary
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, plan_path: Path, target: Path) -> None:
        super().__init__()
        self.plan_path = plan_path
        self.target = target
        self._cancel = False

    def cancel(self) -> None:
        """Ask the export to stop at its next progress report (any thread)."""
        self._cancel = True

    def _progress(self, done: int, total: int) -> None:
        if self._cancel:
            raise ExportCancelled
        self.progressed.emit(done, total)

    @Slot()
    def run(self) -> None:
        from streamdesk.domain import ValidationError
        from streamdesk.excel.export import ExportError, export_plan
        from streamdesk.storage import PlanFile, StorageError

        try:
            with PlanFile.open(self.plan_path, read_only=True) as pf:
                summary = export_plan(pf, self.target, progress=self._progress)
        except ExportCancelled:
            self.cancelled.emit()
        except (ExportError, StorageError, ValidationError) as error:
            self.failed.emit(str(error))
        except OSError as error:
            self.failed.emit(f"Could not write {self.target}: {error.strerror or error}")
        except Exception as error:  # a bug must reach the user, not die in a thread
            self.failed.emit(f"The export failed unexpectedly ({type(error).__name__}: {error}).")
        else:
            self.succeeded.emit(summary)


class ExportJob(QObject):
    """One export in flight: the thread, its worker and the progress dialog."""

    finished = Signal()

    def __init__(self, window: MainWindow, target: Path) -> None:
        super().__init__(window)
        self.setObjectName("exportJob")
        self.window = window
        self.target = target
        self.thread = QThread(self)
        self.thread.setObjectName("exportThread")
        self.worker = ExportWorker(window.document.pf.path, target)
        self.worker.moveToThread(self.thread)
        self.dialog = QProgressDialog(f"Exporting to {target.name}…", "Cancel", 0, 0, window)
        self.dialog.setObjectName("exportProgress")
        self.dialog.setWindowTitle("Export")
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(PROGRESS_DELAY_MS)
        self.dialog.setAutoReset(False)
        self.dialog.setAutoClose(False)
        self.dialog.canceled.connect(self.worker.cancel, Qt.ConnectionType.DirectConnection)
        self.thread.started.connect(self.worker.run)
        self.worker.progressed.connect(self._on_progress)
        self.worker.succeeded.connect(self._on_succeeded)
        self.worker.failed.connect(self._on_failed)
        self.worker.cancelled.connect(self._on_cancelled)
        for signal in (self.worker.succeeded, self.worker.failed, self.worker.cancelled):
            signal.connect(self.thread.quit)
        self.thread.finished.connect(self.worker.deleteLater)
        self.thread.finished.connect(self._on_thread_finished)
        self.result: ExportSummary | None = None
        self.error: str | None = None

    def start(self) -> None:
        self.window.actionExportExcel.setEnabled(False)
        self.dialog.setValue(0)
        self.thread.start()

    @Slot(int, int)
    def _on_progress(self, done: int, total: int) -> None:
        if self.dialog.maximum() != total:
            self.dialog.setMaximum(total)
        self.dialog.setValue(done)

    @Slot(object)
    def _on_succeeded(self, summary: ExportSummary) -> None:
        self.result = summary
        self.window.statusBar().showMessage(f"Exported {summary.describe()}", 10000)

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self.error = message
        self.dialog.hide()
        self.window.show_error(message)

    @Slot()
    def _on_cancelled(self) -> None:
        self.window.statusBar().showMessage("Export cancelled; nothing was written.", 8000)

    @Slot()
    def _on_thread_finished(self) -> None:
        self.dialog.close()
        self.dialog.deleteLater()
        self.window.actionExportExcel.setEnabled(True)
        _RUNNING.discard(self)
        self.finished.emit()
        self.deleteLater()


def choose_target(window: MainWindow) -> Path | None:
    """Ask where to export; the chosen filter adds its extension when none is typed."""
    pf = window.document.pf
    suggestion = str(pf.path.with_suffix(".xlsx"))
    path, chosen = QFileDialog.getSaveFileName(
        window, "Export Plan", suggestion, ";;".join(FILTERS), next(iter(FILTERS))
    )
    if not path:
        return None
    target = Path(path)
    if target.suffix.lower() not in FILTERS.values():
        target = target.with_name(target.name + FILTERS.get(chosen, ".xlsx"))
    return target


def export_plan(window: MainWindow) -> ExportJob | None:
    """File → Export: choose a file, then export in the background with progress."""
    target = choose_target(window)
    if target is None:
        return None
    job = ExportJob(window, target)
    _RUNNING.add(job)
    job.start()
    return job
