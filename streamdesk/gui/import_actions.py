"""File → Import: choose a workbook or CSV file, preview it, apply it as one undo step."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialog, QFileDialog

if TYPE_CHECKING:
    from streamdesk.gui.main_window import MainWindow

LAST_FOLDER_KEY = "import/lastFolder"


def choose_file(window: MainWindow) -> str:
    settings = QSettings()
    folder = str(settings.value(LAST_FOLDER_KEY, "") or "")
    path, _ = QFileDialog.getOpenFileName(
        window,
        "Import from Excel",
        folder,
        "Spreadsheets (*.xlsx *.xlsm *.csv);;Excel workbooks (*.xlsx *.xlsm);;"
        "CSV files (*.csv *.txt);;All files (*)",
    )
    if path:
        settings.setValue(LAST_FOLDER_KEY, str(Path(path).parent))
    return path


def import_plan(window: MainWindow, path: str | None = None) -> bool:
    """Ask for a file (unless given), show the preview, and import what the user accepts."""
    from streamdesk.excel.limits import ImportFileError
    from streamdesk.excel.readers import open_source
    from streamdesk.gui.commands import PlanCommand
    from streamdesk.gui.import_dialog import ImportDialog

    document = window.document
    if document.read_only:
        window.show_error(f"{document.pf.path.name} is open read-only; nothing can be imported.")
        return False
    path = path or choose_file(window)
    if not path:
        return False
    try:
        source = open_source(path)
    except ImportFileError as error:
        window.show_error(str(error))
        return False
    dialog = ImportDialog(document, source, parent=window)
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
    window.statusBar().showMessage(f"Imported {source.name}: {plan.summary()}", 10000)
    return True
