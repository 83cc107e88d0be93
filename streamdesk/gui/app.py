"""The composition root of the GUI: the application object, the plan, the window."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from streamdesk import __version__
from streamdesk.gui.document import PlanDocument
from streamdesk.gui.main_window import MainWindow
from streamdesk.gui.settings import default_plan_path
from streamdesk.storage import PlanFile, StorageError, create_plan


def resource_path(name: str) -> Path:
    """A file from resources/, in a source checkout or a PyInstaller bundle."""
    base = Path(getattr(sys, "_MEIPASS", Path(__file__).resolve().parents[2]))
    return base / "resources" / name


def configure_application(app: QApplication) -> None:
    app.setApplicationName("StreamDesk")
    app.setOrganizationName("StreamDesk")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("streamdesk")
    icon = resource_path("streamdesk.svg")
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))


def open_or_create(path: str | Path | None) -> PlanFile:
    """The plan named on the command line, or the default plan (created on first start)."""
    if path is None:
        default = default_plan_path()
        if not default.exists():
            from streamdesk.domain import Plan

            return create_plan(default, Plan(name="My plan"))
        return PlanFile.open(default)
    return PlanFile.open(path)


def run_gui(path: str | Path | None = None) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    configure_application(app)  # type: ignore[arg-type]
    try:
        pf = open_or_create(path)
    except StorageError as error:
        print(f"streamdesk: error: {error}", file=sys.stderr)
        QMessageBox.critical(None, "StreamDesk", str(error))
        return 1
    window = MainWindow(PlanDocument(pf))
    window.show()
    return app.exec()
