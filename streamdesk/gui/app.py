"""The composition root of the GUI: the application object, the plan, the window."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from streamdesk import __version__
from streamdesk.gui.document import PlanDocument
from streamdesk.gui.main_window import MainWindow
from streamdesk.gui.plan_watch import open_for_window
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
        return open_for_window(default)
    return open_for_window(path)


def missing_display() -> str | None:
    """Why Qt could not open a window here, before Qt aborts the process over it."""
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return None
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return None
    return (
        "no display to open the window on (neither DISPLAY nor WAYLAND_DISPLAY is set). "
        "Run StreamDesk from a desktop session, or use the sub-commands (streamdesk --help)."
    )


def run_gui(path: str | Path | None = None) -> int:
    problem = missing_display()
    if problem:
        print(f"streamdesk: error: {problem}", file=sys.stderr)
        return 1
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv)
    configure_application(app)
    try:
        pf = open_or_create(path)
    except StorageError as error:
        print(f"streamdesk: error: {error}", file=sys.stderr)
        QMessageBox.critical(None, "StreamDesk", str(error))
        return 1
    window = MainWindow(PlanDocument(pf))
    window.show()
    return app.exec()
