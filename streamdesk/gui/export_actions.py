"""File → Export: the GUI wrapper around ``streamdesk.excel`` export (issue 7).

The export is a job of the window's :class:`~streamdesk.gui.jobs.JobRunner`: it runs in
a worker thread on its own read-only connection to the plan file (SQLite connections
belong to the thread that made them), the window stays responsive, a progress dialog
with a Cancel button appears when it takes more than a moment, and closing the window
cancels it (the export writes to a temporary file, so nothing is left under the name).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QFileDialog, QWidget

from streamdesk.gui.document import PlanDocument
from streamdesk.gui.jobs import Job, JobFailed, JobRunner, Progress

if TYPE_CHECKING:
    from streamdesk.excel.export import ExportSummary

FILTERS = {
    "Excel workbook (*.xlsx)": ".xlsx",
    "CSV, the Content table (*.csv)": ".csv",
    "iCalendar (*.ics)": ".ics",
}


def export_work(plan_path: Path, target: Path) -> Callable[[Progress], object]:
    """The export as a job's work: runs in the worker thread, opens its own connection."""

    def work(progress: Progress) -> object:
        from streamdesk.domain import ValidationError
        from streamdesk.excel.export import ExportError, export_plan
        from streamdesk.storage import PlanFile, StorageError

        try:
            with PlanFile.open(plan_path, read_only=True) as pf:
                return export_plan(pf, target, progress=progress)
        except (ExportError, StorageError, ValidationError) as error:
            raise JobFailed(str(error)) from error
        except OSError as error:
            raise JobFailed(f"Could not write {target}: {error.strerror or error}") from error

    return work


class ExportJob(Job):
    """One export in flight; ``result`` is its ``ExportSummary`` once it succeeded."""

    def __init__(
        self,
        parent: QWidget,
        document: PlanDocument,
        target: Path,
        status: Callable[[str], None],
    ) -> None:
        super().__init__(
            export_work(document.pf.path, target), "Export", f"Exporting to {target.name}…", parent
        )
        self.setObjectName("exportJob")
        self.target = target
        self._document = document
        self._status = status
        self.succeeded.connect(self._on_exported)
        self.failed.connect(document.errorOccurred)
        self.cancelled.connect(self._on_export_cancelled)

    @Slot(object)
    def _on_exported(self, summary: ExportSummary) -> None:
        self._status(f"Exported {summary.describe()}")

    @Slot()
    def _on_export_cancelled(self) -> None:
        self._status("Export cancelled; nothing was written.")


def choose_target(parent: QWidget, document: PlanDocument) -> Path | None:
    """Ask where to export; the chosen filter adds its extension when none is typed."""
    suggestion = str(document.pf.path.with_suffix(".xlsx"))
    path, chosen = QFileDialog.getSaveFileName(
        parent, "Export Plan", suggestion, ";;".join(FILTERS), next(iter(FILTERS))
    )
    if not path:
        return None
    target = Path(path)
    if target.suffix.lower() not in FILTERS.values():
        target = target.with_name(target.name + FILTERS.get(chosen, ".xlsx"))
    return target


def export_plan(
    parent: QWidget,
    document: PlanDocument,
    runner: JobRunner,
    status: Callable[[str], None],
) -> ExportJob | None:
    """File → Export: choose a file, then export in the background with progress."""
    target = choose_target(parent, document)
    if target is None:
        return None
    job = ExportJob(parent, document, target, status)
    runner.start(job)
    return job
