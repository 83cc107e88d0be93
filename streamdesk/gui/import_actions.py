"""File → Import: choose a workbook or CSV file, preview it, apply it as one undo step."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialog, QFileDialog, QWidget

from streamdesk.gui.document import PlanDocument

LAST_FOLDER_KEY = "import/lastFolder"


def choose_file(parent: QWidget) -> str:
    settings = QSettings()
    folder = str(settings.value(LAST_FOLDER_KEY, "") or "")
    path, _ = QFileDialog.getOpenFileName(
        parent,
        "Import from Excel",
        folder,
        "Spreadsheets (*.xlsx *.xlsm *.csv);;Excel workbooks (*.xlsx *.xlsm);;"
        "CSV files (*.csv *.txt);;All files (*)",
    )
    if path:
        settings.setValue(LAST_FOLDER_KEY, str(Path(path).parent))
    return path


def import_plan(
    parent: QWidget,
    document: PlanDocument,
    status: Callable[[str], None],
    path: str | None = None,
) -> bool:
    """Ask for a file (unless given), show the preview, and import what the user accepts.

    Errors go through the document (``errorOccurred``), which the window shows; ``status``
    gets the one line that says what was imported.
    """
    from streamdesk.excel.limits import ImportFileError
    from streamdesk.excel.readers import open_source
    from streamdesk.excel.wording import Audience
    from streamdesk.gui.commands import PlanCommand
    from streamdesk.gui.import_dialog import ImportDialog

    if document.read_only:
        document.errorOccurred.emit(
            f"{document.pf.path.name} is open read-only; nothing can be imported."
        )
        return False
    path = path or choose_file(parent)
    if not path:
        return False
    try:
        source = open_source(path)
    except ImportFileError as error:
        document.errorOccurred.emit(str(error))
        return False
    dialog = ImportDialog(document, source, parent=parent)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        plan = dialog.plan
    finally:
        dialog.deleteLater()
    if plan is None or not plan.ok or not plan.has_changes:
        return False
    command = PlanCommand(document, f"Import {source.name}", plan.before, plan.after)
    if not document.execute(command):
        return False
    status(f"Imported {source.name}: {plan.summary(Audience.DIALOG)}")
    return True
