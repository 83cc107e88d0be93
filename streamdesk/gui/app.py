"""The composition root of the GUI: the application object, the plan, the window."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import QApplication, QMessageBox

from streamdesk import __version__, resources
from streamdesk.gui import collection
from streamdesk.gui.document import PlanDocument
from streamdesk.gui.main_window import MainWindow
from streamdesk.gui.plan_watch import open_for_window
from streamdesk.gui.settings import default_plan_path
from streamdesk.storage import PlanFile, StorageError, create_plan


def resource_path(name: str) -> Path:
    """A shipped file as a path on disk: package data, so a wheel and a bundle have it too."""
    return Path(str(resources.resource(name)))


def app_icon() -> QIcon:
    """The StreamDesk icon, from the package (an SVG, sharp at every size)."""
    ref = resources.resource(resources.ICON)
    if isinstance(ref, Path):
        return QIcon(str(ref))
    pixmap = QPixmap()  # a package that is not plain files on disk (a zip): read its bytes
    pixmap.loadFromData(ref.read_bytes(), "SVG")
    return QIcon(pixmap)


def configure_application(app: QApplication) -> None:
    app.setApplicationName("StreamDesk")
    app.setOrganizationName("StreamDesk")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("streamdesk")
    app.setWindowIcon(app_icon())


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


def run_gui(path: str | Path | None = None, quit_after: float | None = None) -> int:
    """Open the window; with `quit_after` close it after so many seconds (smoke tests)."""
    problem = missing_display()
    if problem:
        print(f"streamdesk: error: {problem}", file=sys.stderr)
        return 1
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv)
    configure_application(app)
    first_start = path is None and not default_plan_path().exists()
    try:
        pf = open_or_create(path)
    except StorageError as error:
        print(f"streamdesk: error: {error}", file=sys.stderr)
        QMessageBox.critical(None, "StreamDesk", str(error))
        return 1
    window = MainWindow(PlanDocument(pf))
    window.chartReady.connect(collection.resume)  # paused by the command line, if it was
    window.show()
    from streamdesk.gui import plans_actions

    plans_actions.register_window(window)
    if first_start:  # nothing set up yet: the Plans window shows where plans go and offers
        plans_actions.show_plans_window(window)  # a new one from a template
    if quit_after is not None:
        QTimer.singleShot(round(quit_after * 1000), window.close)
    return app.exec()
