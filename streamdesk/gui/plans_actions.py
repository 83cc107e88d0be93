"""File → Plans… and File → Save as Template…, and the app's windows, one per plan.

The windows of this process are kept here (a top-level window without a parent must be
referenced or Python collects it); a plan already open in one of them is raised, never
opened twice (a second window of the same process would only get it read-only).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QInputDialog, QMessageBox, QWidget

from streamdesk.gui import settings
from streamdesk.storage import StorageError

if TYPE_CHECKING:  # the portfolio is for the Plans window, not the first frame
    from streamdesk.domain.portfolio import PortfolioEntry
    from streamdesk.gui.main_window import MainWindow
    from streamdesk.gui.plans_window import PlansWindow

_windows: list[MainWindow] = []
_plans_window: list[PlansWindow] = []


def bring_to_front(window: QWidget) -> None:
    if window.isMinimized():
        window.showNormal()
    window.show()
    if QGuiApplication.platformName() != "offscreen":  # it cannot raise (and warns)
        window.raise_()
    window.activateWindow()


def register_window(window: MainWindow) -> None:
    """Keep a plan window referenced (forgotten once it is closed)."""
    _windows[:] = [w for w in _windows if w.isVisible()]
    if window not in _windows:
        _windows.append(window)


def open_windows() -> list[MainWindow]:
    _windows[:] = [w for w in _windows if w.isVisible()]
    return list(_windows)


def window_for(path: Path) -> MainWindow | None:
    wanted = Path(path).resolve()
    for window in open_windows():
        if window.document.pf.path.resolve() == wanted:
            return window
    return None


def open_plan_window(path: str | Path, parent: QWidget | None = None) -> MainWindow | None:
    """The plan in its own window: the one that has it already, or a new one."""
    from streamdesk.gui.document import PlanDocument
    from streamdesk.gui.main_window import MainWindow
    from streamdesk.gui.plan_watch import open_for_window

    existing = window_for(Path(path))
    if existing is not None:
        bring_to_front(existing)
        return existing
    try:
        pf = open_for_window(path, parent)
    except StorageError as error:
        QMessageBox.warning(parent, "StreamDesk", str(error))
        return None
    window = MainWindow(PlanDocument(pf))
    register_window(window)
    window.show()
    return window


def open_plan_at(entry: PortfolioEntry, parent: QWidget | None = None) -> MainWindow | None:
    """Open the entry's plan and show the entry: the calendar goes to its month and selects
    the item; a milestone is selected on the timeline."""
    window = open_plan_window(entry.plan_path, parent)
    if window is None:
        return None
    window.calendar.show_month(entry.day)
    if entry.kind == "item":
        window.calendar.select_ids([entry.record_id])
    else:
        window.document.select_initiative(entry.record_id)
    return window


def show_plans_window(origin: MainWindow | None = None) -> PlansWindow:
    """The one Plans window of the app, read again and brought to the front."""
    from streamdesk.gui.plans_window import PlansWindow

    if _plans_window:
        window = _plans_window[0]
        window.refresh()
    else:
        window = PlansWindow()
        window.openRequested.connect(lambda path: open_plan_window(path, window))
        window.openAtRequested.connect(lambda entry: open_plan_at(entry, window))
        window.newPlanRequested.connect(lambda: _new_plan_from(window))
        _plans_window.append(window)
    bring_to_front(window)
    return window


def forget_plans_window() -> None:
    """Tests: the next ``show_plans_window`` builds a fresh window."""
    _plans_window.clear()


def _new_plan_from(plans: PlansWindow) -> None:
    """New Plan from the Plans window: in a window of its own, then listed."""
    from PySide6.QtWidgets import QFileDialog

    from streamdesk.gui.document import PlanDocument
    from streamdesk.gui.main_window import PLAN_FILTER, MainWindow, _with_suffix
    from streamdesk.gui.new_plan_dialog import ask_new_plan, create_new_plan, created_text
    from streamdesk.gui.plan_watch import WINDOW_PROGRAM

    choice = ask_new_plan(plans, plans.folder)
    if choice is None:
        return
    suggestion = plans.folder / f"{choice.client or 'New plan'}.streamdesk"
    path, _ = QFileDialog.getSaveFileName(plans, "New Plan", str(suggestion), PLAN_FILTER)
    if not path:
        return
    try:
        pf = create_new_plan(choice, Path(_with_suffix(path)), WINDOW_PROGRAM)
    except StorageError as error:
        QMessageBox.warning(plans, "StreamDesk", str(error))
        return
    window = MainWindow(PlanDocument(pf))
    register_window(window)
    window.show()
    window.show_status(created_text(choice, pf.path))
    plans.refresh()


def create_actions(window: MainWindow) -> tuple[QAction, QAction]:
    """``actionPlans`` (Ctrl+Shift+O) and ``actionSaveAsTemplate`` on a plan window."""
    plans = QAction("&Plans…", window)
    plans.setObjectName("actionPlans")
    plans.setShortcut(QKeySequence("Ctrl+Shift+O"))
    plans.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    plans.setStatusTip("Every client's plan, and this week across all of them")
    plans.triggered.connect(lambda: show_plans_window(window))
    window.addAction(plans)
    template = QAction("Save as &Template…", window)
    template.setObjectName("actionSaveAsTemplate")
    template.setStatusTip(
        "Keep this plan's channels, band, campaigns and initiative skeleton as a template"
    )
    template.triggered.connect(lambda: save_as_template(window))
    window.addAction(template)
    return plans, template


def save_as_template(window: MainWindow) -> Path | None:
    from streamdesk.storage.templates import save_template

    name, ok = QInputDialog.getText(
        window,
        "Save as Template",
        "Template name (channels, band, campaigns and the initiative skeleton are kept; "
        "items are not):",
        text=window.document.plan.name,
    )
    if not ok or not name.strip():
        return None
    try:
        path = save_template(window.document.pf, settings.data_folder(), name)
    except StorageError as error:
        window.show_error(str(error))
        return None
    window.show_status(f"Saved template {name.strip()!r} to {path}")
    return path
