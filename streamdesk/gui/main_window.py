"""The main window: one plan, three synchronised views, and the actions around them.

All actions are built in ``_create_actions`` with object names, standard shortcuts
and status tips; menus and toolbars only arrange them.

The window is painted with the calendar and the timeline before matplotlib is even
imported: the chart is built on the next turn of the event loop, into a slot of fixed
minimum size that holds its place, so nothing jumps when it arrives.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QPaintEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QMainWindow,
    QMenu,
    QMessageBox,
    QWidget,
)

from streamdesk import __version__
from streamdesk.gui import settings
from streamdesk.gui.calendar import create_calendar
from streamdesk.gui.document import Change, PlanDocument
from streamdesk.gui.jobs import JobRunner
from streamdesk.gui.timeline import create_timeline
from streamdesk.gui.window_layout import Panes, fit_screen
from streamdesk.storage import PLAN_SUFFIX, PlanFile, StorageError

PLAN_FILTER = f"StreamDesk plans (*{PLAN_SUFFIX});;All files (*)"
# the chart's measure toggles (the same actions as its tool bar) and their keys
MEASURE_SHORTCUTS = {
    "hoursAction": "Ctrl+Alt+H",
    "budgetAction": "Ctrl+Alt+B",
    "countAction": "Ctrl+Alt+N",
}


class MainWindow(QMainWindow):
    chartReady = Signal()
    """The balance chart was built (on the first turn of the event loop after start-up)."""

    def __init__(self, document: PlanDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.document = document
        self.document.setParent(self)
        self.jobs = JobRunner(self)
        self.balance: QWidget | None = None  # the chart panel, once built
        self._closing = False
        self._create_actions()
        self._create_menus()
        self._create_views()
        self.document.errorOccurred.connect(self.show_error)
        self.document.changed.connect(self._on_changed)
        self.document.planReplaced.connect(self._on_plan_replaced)
        self.document.executed.connect(self._on_executed)
        self.document.undone.connect(lambda text: self.show_status(f"Undid: {text}"))
        self.document.redone.connect(lambda text: self.show_status(f"Redid: {text}"))
        self.document.undo_stack.cleanChanged.connect(self._update_title)
        self._restore_state()
        self._on_plan_replaced()
        from streamdesk.gui.lock_bar import install_lock_bar

        self.lockBar = install_lock_bar(self, self.document)  # a plan another window writes
        self._chart_timer = QTimer(self)  # started once the first frame is painted
        self._chart_timer.setSingleShot(True)
        self._chart_timer.timeout.connect(self._create_chart)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        # the views paint in the same pass, before the event loop turns: then the chart
        if self.balance is None and not self._closing and not self._chart_timer.isActive():
            self._chart_timer.start(0)

    # -- building -----------------------------------------------------------------------

    def _action(
        self,
        name: str,
        text: str,
        slot: object,
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
        tip: str = "",
    ) -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        if shortcut is not None:
            if isinstance(shortcut, QKeySequence.StandardKey):
                action.setShortcuts(shortcut)
            else:
                action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _create_actions(self) -> None:
        k = QKeySequence.StandardKey
        self.actionNew = self._action(
            "actionNew", "&New Plan…", self.new_plan, k.New, "Create a new, empty plan file"
        )
        self.actionOpen = self._action(
            "actionOpen", "&Open…", self.open_plan_dialog, k.Open, "Open another plan file"
        )
        self.actionSaveAs = self._action(
            "actionSaveAs",
            "Save &As…",
            self.save_as,
            k.SaveAs,
            "Copy this plan to a new file and continue in the copy",
        )
        self.actionBackUp = self._action(
            "actionBackUp",
            "&Back Up…",
            self.back_up,
            None,
            "Write a consistent copy of this plan, keep working here",
        )
        self.actionImportExcel = self._action(
            "actionImportExcel",
            "&Import from Excel…",
            self.import_excel,
            "Ctrl+I",
            "Import a content calendar from an Excel or CSV file",
        )
        self.actionExportExcel = self._action(
            "actionExportExcel",
            "&Export to Excel…",
            self.export_excel,
            "Ctrl+E",
            "Export a client-ready workbook, CSV or iCalendar file",
        )
        from streamdesk.gui import plans_actions  # File → Plans…, Save as Template…

        self.actionPlans, self.actionSaveAsTemplate = plans_actions.create_actions(self)
        self.actionQuit = self._action("actionQuit", "&Quit", self.close, k.Quit)
        self.actionQuit.setMenuRole(QAction.MenuRole.QuitRole)

        stack = self.document.undo_stack
        self.actionUndo = self._action("actionUndo", "&Undo", self.document.undo, k.Undo)
        self.actionRedo = self._action("actionRedo", "&Redo", self.document.redo, k.Redo)
        self.actionUndo.setEnabled(False)
        self.actionRedo.setEnabled(False)
        stack.canUndoChanged.connect(self._update_undo_actions)
        stack.canRedoChanged.connect(self._update_undo_actions)
        stack.undoTextChanged.connect(self._update_undo_actions)
        stack.redoTextChanged.connect(self._update_undo_actions)
        self.actionPlanSettings = self._action(
            "actionPlanSettings",
            "Plan &Settings…",
            self.plan_settings,
            "Ctrl+,",
            "Name, client, currency, week start and the upstream target band",
        )
        self.actionAbout = self._action("actionAbout", "&About StreamDesk", self.about)
        self.actionAbout.setMenuRole(QAction.MenuRole.AboutRole)
        self.editing_actions: list[QAction] = [self.actionImportExcel, self.actionPlanSettings]
        self.actionCadence = self._action(
            "actionCadence",
            "&Cadence…",
            self.edit_cadence,
            None,
            "What is promised per channel: “LinkedIn: 3 per week”",
        )
        self.editing_actions.append(self.actionCadence)

        self.actionFullScreen = self._action(
            "actionFullScreen",
            "&Full Screen",
            self._set_full_screen,
            k.FullScreen,
            "Use the whole screen for the plan",
        )
        self.actionFullScreen.setCheckable(True)

    def edit_cadence(self) -> bool:
        """Edit → Cadence…: the plan's commitments, one undo step."""
        from streamdesk.gui.cadence_dialog import edit_cadence

        return edit_cadence(self.document, self)

    def _create_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.setObjectName("menuFile")
        file_menu.addAction(self.actionNew)
        file_menu.addAction(self.actionOpen)
        self.menuRecent = QMenu("Open &Recent", self)
        self.menuRecent.setObjectName("menuRecent")
        self.menuRecent.aboutToShow.connect(self._fill_recent_menu)
        file_menu.addMenu(self.menuRecent)
        file_menu.addAction(self.actionPlans)
        file_menu.addSeparator()
        file_menu.addAction(self.actionSaveAs)
        file_menu.addAction(self.actionBackUp)
        file_menu.addAction(self.actionSaveAsTemplate)
        file_menu.addSeparator()
        file_menu.addAction(self.actionImportExcel)
        file_menu.addAction(self.actionExportExcel)
        file_menu.addSeparator()
        file_menu.addAction(self.actionQuit)
        from streamdesk.gui import print_menu  # File → Client Report, Print, Preview, PDF

        print_menu.install_actions(self, file_menu, self.document)

        edit_menu = bar.addMenu("&Edit")
        edit_menu.setObjectName("menuEdit")
        edit_menu.addAction(self.actionUndo)
        edit_menu.addAction(self.actionRedo)
        edit_menu.addSeparator()
        edit_menu.addAction(self.actionPlanSettings)
        edit_menu.addAction(self.actionCadence)
        self.menuEdit = edit_menu

        self.menuView = bar.addMenu("&View")
        self.menuView.setObjectName("menuView")

        help_menu = bar.addMenu("&Help")
        help_menu.setObjectName("menuHelp")
        help_menu.addAction(self.actionAbout)

    def _fill_view_menu(self) -> None:
        """Panes, full screen, the chart's measure, then what each view offers."""
        menu = self.menuView
        menu.clear()
        for action in self.pane_actions.values():
            menu.addAction(action)
        menu.addAction(self.actionFullScreen)
        self.menuChartMeasure = menu.addMenu("Chart &Measure")
        self.menuChartMeasure.setObjectName("menuChartMeasure")
        chart = getattr(self.balance, "chart", None)
        for action in self._measure_actions(chart):
            self.menuChartMeasure.addAction(action)
        self.menuChartMeasure.setEnabled(chart is not None)
        for view in (getattr(self, "timeline", None), getattr(self, "calendar", None)):
            view_actions = getattr(view, "view_actions", None)
            if callable(view_actions):
                actions = list(view_actions())
                if actions:
                    menu.addSeparator()
                    menu.addActions(actions)

    def _create_views(self) -> None:
        self.timeline = create_timeline(self.document, self)
        self.calendar = create_calendar(self.document, self)
        self.panes = Panes(self, self.timeline, self.calendar)
        self.pane_actions = self.panes.actions
        self.chartSlot = self.panes.chartSlot  # the chart's place until it is built
        self.leftSplitter, self.mainSplitter = self.panes.left, self.panes.main
        self.setCentralWidget(self.mainSplitter)
        self.statusBar().setObjectName("statusBar")
        self._fill_view_menu()

    @staticmethod
    def _measure_actions(chart: object) -> list[QAction]:
        found = (getattr(chart, name, None) for name in MEASURE_SHORTCUTS)
        return [a for a in found if isinstance(a, QAction)]

    @Slot()
    def _create_chart(self) -> None:
        """Build the chart (importing matplotlib) once the window has been painted."""
        if self.balance is not None or self._closing:
            return
        from streamdesk.gui.chart import create_balance_panel

        self.balance = create_balance_panel(self.document, self.chartSlot)
        layout = self.chartSlot.layout()
        assert layout is not None  # made in _create_views
        layout.addWidget(self.balance)
        self.panes.split_chart(self.balance, QSettings())
        self.balance.show()
        chart = getattr(self.balance, "chart", None)
        self._follow_calendar_period(chart)
        for name, keys in MEASURE_SHORTCUTS.items():
            action = getattr(chart, name, None)
            if isinstance(action, QAction):
                action.setShortcut(QKeySequence(keys))
        self._fill_view_menu()
        self.chartReady.emit()

    def _follow_calendar_period(self, chart: object) -> None:
        """The chart starts on the month the calendar shows.

        After that it follows ``document.periodShown``, which the calendar emits (through
        ``document.show_period``) as it navigates.
        """
        show_period = getattr(chart, "show_period", None)
        if show_period is None:
            return
        current_month = getattr(self.calendar, "current_month", None)
        if callable(current_month):
            first = current_month()
            next_month = date(first.year + first.month // 12, first.month % 12 + 1, 1)
            show_period(first, next_month - timedelta(days=1))

    def show_pane(self, pane: str, shown: bool) -> None:
        """Show or hide "timeline", "calendar" or "chartSlot"; one always stays."""
        self.panes.show(pane, shown)

    @Slot(bool)
    def _set_full_screen(self, on: bool) -> None:
        if on:
            self._state_before_full_screen = self.windowState() & ~Qt.WindowState.WindowFullScreen
            self.setWindowState(self.windowState() | Qt.WindowState.WindowFullScreen)
        else:
            self.setWindowState(
                getattr(self, "_state_before_full_screen", Qt.WindowState.WindowNoState)
            )

    # -- state ------------------------------------------------------------------------

    def _restore_state(self) -> None:
        s = QSettings()
        geometry = s.value("mainWindow/geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            fit_screen(self)
        self.panes.restore(s)
        state = s.value("mainWindow/state")
        if state is not None:
            self.restoreState(state)

    def _save_state(self) -> None:
        s = QSettings()
        s.setValue("mainWindow/geometry", self.saveGeometry())
        s.setValue("mainWindow/state", self.saveState())
        self.panes.save(s)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._closing = True
        self._chart_timer.stop()
        if self.jobs.jobs():
            self.statusBar().showMessage("Stopping the work in progress…")
        self.jobs.shutdown()  # before the file closes: no thread outlives the window
        self._save_state()
        self.document.close()
        super().closeEvent(event)

    # -- reacting to the document ----------------------------------------------------------

    @Slot()
    def _update_undo_actions(self) -> None:
        stack = self.document.undo_stack
        editable = not self.document.read_only
        self.actionUndo.setEnabled(editable and stack.canUndo())
        self.actionRedo.setEnabled(editable and stack.canRedo())
        undo_text, redo_text = stack.undoText(), stack.redoText()
        self.actionUndo.setText(f"&Undo {undo_text}" if undo_text else "&Undo")
        self.actionRedo.setText(f"&Redo {redo_text}" if redo_text else "&Redo")

    @Slot()
    def _update_title(self) -> None:
        pf = self.document.pf
        title = f"{self.document.plan.name} — {pf.path.name}"
        if pf.read_only:
            title += " [read-only]"
        self.setWindowTitle(f"{title} — StreamDesk")
        self.setWindowFilePath(str(pf.path))

    @Slot(object)
    def _on_changed(self, change: Change) -> None:
        if change.plan:
            self._update_title()

    @Slot()
    def _on_plan_replaced(self) -> None:
        self._update_title()
        editable = not self.document.read_only
        for action in self.editing_actions:
            action.setEnabled(editable)
        self._update_undo_actions()
        if self.document.read_only:
            self.statusBar().showMessage(
                f"{self.document.pf.path.name} is read-only: you can look and export, not edit."
            )
        else:
            self.statusBar().showMessage(f"Opened {self.document.pf.path}", 5000)
        settings.add_recent_file(self.document.pf.path)

    @Slot(str)
    def _on_executed(self, text: str) -> None:
        keys = self.actionUndo.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        self.show_status(f"{text} — {keys} to undo" if keys else text)

    @Slot(str)
    def show_status(self, message: str) -> None:
        """What the actions report when they are done (the status callback they are given)."""
        self.statusBar().showMessage(message, 10000)

    @Slot(str)
    def show_error(self, message: str) -> None:
        self.statusBar().showMessage(message, 10000)
        QMessageBox.warning(self, "StreamDesk", message)

    # -- file actions ---------------------------------------------------------------------

    def _start_folder(self) -> str:
        return str(self.document.pf.path.parent)

    @Slot()
    def new_plan(self) -> None:
        """A template (or an empty plan), a client and a start date, then the file."""
        from streamdesk.gui.new_plan_dialog import ask_new_plan, create_new_plan, created_text
        from streamdesk.gui.plan_watch import WINDOW_PROGRAM

        choice = ask_new_plan(self, settings.data_folder())
        if choice is None:
            return
        path, _ = QFileDialog.getSaveFileName(
            self,
            "New Plan",
            str(Path(self._start_folder()) / f"{choice.client or 'New plan'}{PLAN_SUFFIX}"),
            PLAN_FILTER,
        )
        if not path:
            return
        path = _with_suffix(path)
        if Path(path).exists():
            self.show_error(f"{path} already exists; choose another name for the new plan.")
            return
        try:
            pf = create_new_plan(choice, Path(path), WINDOW_PROGRAM)
        except StorageError as error:
            self.show_error(str(error))
            return
        self.document.replace_file(pf)
        self.show_status(created_text(choice, pf.path))

    @Slot()
    def open_plan_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open Plan", self._start_folder(), PLAN_FILTER)
        if path:
            self.open_plan(path)

    def open_plan(self, path: str | Path) -> bool:
        path = Path(path)
        if path.resolve() == self.document.pf.path.resolve():
            return True
        try:
            from streamdesk.gui.plan_watch import open_for_window

            pf = open_for_window(path, self)
        except StorageError as error:
            self.show_error(str(error))
            if not path.exists():
                settings.remove_recent_file(path)
            return False
        self.document.replace_file(pf)
        return True

    def _fill_recent_menu(self) -> None:
        self.menuRecent.clear()
        files = settings.recent_files()
        for number, file in enumerate(files, start=1):
            action = self.menuRecent.addAction(f"&{number} {Path(file).name}")
            action.setToolTip(file)
            action.setStatusTip(file)
            action.triggered.connect(lambda _=False, f=file: self.open_plan(f))
        if not files:
            empty = self.menuRecent.addAction("No recent plans")
            empty.setEnabled(False)
        self.menuRecent.addSeparator()
        clear = self.menuRecent.addAction("&Clear Menu")
        clear.setObjectName("actionClearRecent")
        clear.triggered.connect(settings.clear_recent_files)

    @Slot()
    def save_as(self) -> None:
        current = self.document.pf.path
        path, _ = QFileDialog.getSaveFileName(
            self,
            "Save Plan As",
            str(current.with_name(f"{current.stem} copy{PLAN_SUFFIX}")),
            PLAN_FILTER,
        )
        if not path:
            return
        path = _with_suffix(path)
        try:
            self.document.pf.backup_to(path)
            pf = PlanFile.open(path)
        except StorageError as error:
            self.show_error(str(error))
            return
        self.document.replace_file(pf)
        self.show_status(f"Saved as {pf.path}")

    @Slot()
    def back_up(self) -> None:
        current = self.document.pf.path
        stamp = datetime.now().strftime("%Y-%m-%d %H%M")
        path, _ = QFileDialog.getSaveFileName(
            self,
            "Back Up Plan",
            str(current.with_name(f"{current.stem} {stamp}{PLAN_SUFFIX}")),
            PLAN_FILTER,
        )
        if not path:
            return
        try:
            written = self.document.pf.backup_to(_with_suffix(path))
        except StorageError as error:
            self.show_error(str(error))
            return
        self.statusBar().showMessage(f"Backed up to {written}", 8000)

    @Slot()
    def import_excel(self) -> None:
        from streamdesk.gui.import_actions import import_plan

        import_plan(self, self.document, self.show_status)

    @Slot()
    def export_excel(self) -> None:
        from streamdesk.gui.export_actions import export_plan

        job = export_plan(self, self.document, self.jobs, self.show_status)
        if job is not None:  # one export at a time
            self.actionExportExcel.setEnabled(False)
            job.finished.connect(lambda: self.actionExportExcel.setEnabled(True))

    @Slot()
    def plan_settings(self) -> None:
        from streamdesk.gui.plan_settings import edit_plan_settings

        edit_plan_settings(self, self.document)

    @Slot()
    def about(self) -> None:
        QMessageBox.about(
            self,
            "About StreamDesk",
            f"<b>StreamDesk {__version__}</b><p>Plan upstream strategy and downstream "
            "content side by side, offline. Every edit is saved at once.</p>",
        )


def _with_suffix(path: str) -> str:
    return path if Path(path).suffix else path + PLAN_SUFFIX
