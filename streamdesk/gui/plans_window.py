"""The Plans window: every client's plan, and this week across all of them.

*Plans* lists the plans of the data folder and the recent files (``plans_model``): type
to search, Enter or a double-click opens a plan in its own window (one window per plan),
and the buttons rename, duplicate, reveal, remove from the list, or — a separate action
with its own confirmation naming the file — delete from disk.

*Portfolio* shows the items and initiative milestones of every listed plan for this week,
next week or a chosen range, grouped by day then client; a double-click opens the plan at
that entry. "Export to My Calendar…" writes one ``.ics`` of every plan's items.

The window only reads plans (read-only connections); what it changes goes through
``storage.catalogue`` and ``storage.templates`` functions, never SQL.
"""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, QEvent, QObject, Qt, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from streamdesk.domain.portfolio import PortfolioEntry, group_by_day_and_client, week_range
from streamdesk.domain.text import plural
from streamdesk.gui import settings
from streamdesk.gui.calendar.dates import day_text, time_text
from streamdesk.gui.plans_model import PLAN, PlansFilter, PlansModel, SummaryRole
from streamdesk.gui.questions import ask
from streamdesk.storage import PLAN_SUFFIX, StorageError, catalogue
from streamdesk.storage.catalogue import PlanState, PlanSummary

EntryRole = Qt.ItemDataRole.UserRole + 1
RANGES = ("This week", "Next week", "Range")
REFRESH_AFTER_S = 3.0


class PlansWindow(QWidget):
    openRequested = Signal(object)  # a plan's Path
    openAtRequested = Signal(object)  # a PortfolioEntry: open its plan there
    newPlanRequested = Signal()

    def __init__(
        self, folder: Path | None = None, today: date | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("plansWindow")
        self.setWindowTitle("Plans — StreamDesk")
        self.folder = folder or settings.data_folder()
        self.today = today or date.today()
        self._refreshed = 0.0
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("plansTabs")
        self.tabs.addTab(self._build_plans_tab(), "&Plans")
        self.tabs.addTab(self._build_portfolio_tab(), "P&ortfolio")
        self.tabs.currentChanged.connect(self._tab_changed)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        self.resize(1100, 520)
        self.refresh()

    # -- building ------------------------------------------------------------------------

    def _button(self, name: str, text: str, slot: object, tip: str = "") -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.setToolTip(tip)
        button.clicked.connect(slot)
        return button

    def _build_plans_tab(self) -> QWidget:
        page = QWidget(self)
        self.search = QLineEdit(page)
        self.search.setObjectName("plansSearch")
        self.search.setPlaceholderText("Search plans, clients and files…")
        self.search.setClearButtonEnabled(True)
        self.model = PlansModel(self)
        self.proxy = PlansFilter(self)
        self.proxy.setSourceModel(self.model)
        self.search.textChanged.connect(self._search)
        self.search.returnPressed.connect(self.open_selected)
        self.table = QTableView(page)
        self.table.setObjectName("plansTable")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(PLAN, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.doubleClicked.connect(lambda _index: self.open_selected())
        self.table.installEventFilter(self)  # Enter opens the selected plan
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.empty = QLabel(page)
        self.empty.setObjectName("plansEmpty")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.listing = QStackedWidget(page)
        self.listing.addWidget(self.table)
        self.listing.addWidget(self.empty)

        self.newButton = self._button(
            "plansNew", "&New Plan…", self.newPlanRequested.emit, "Start a plan from a template"
        )
        self.openButton = self._button(
            "plansOpen", "&Open", self.open_selected, "Open the plan in its own window (Enter)"
        )
        self.renameButton = self._button("plansRename", "&Rename…", self.rename_selected)
        self.duplicateButton = self._button(
            "plansDuplicate", "D&uplicate…", self.duplicate_selected
        )
        self.revealButton = self._button(
            "plansReveal", "Show in &Folder", self.reveal_selected, "Show the file's folder"
        )
        self.removeButton = self._button(
            "plansRemove",
            "Remove from &List",
            self.remove_selected,
            "Take the plan off this list; the file stays where it is",
        )
        self.deleteButton = self._button(
            "plansDelete", "&Delete File…", self.delete_selected, "Delete the plan file from disk"
        )
        self.refreshButton = self._button("plansRefresh", "Re&fresh", self.refresh)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Refresh), self).activated.connect(
            self.refresh
        )
        buttons = QHBoxLayout()
        for b in (
            self.newButton,
            self.openButton,
            self.renameButton,
            self.duplicateButton,
            self.revealButton,
            self.removeButton,
            self.deleteButton,
        ):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.refreshButton)
        layout = QVBoxLayout(page)
        layout.addWidget(self.search)
        layout.addWidget(self.listing, 1)
        layout.addLayout(buttons)
        self.setFocusProxy(self.search)
        return page

    def _build_portfolio_tab(self) -> QWidget:
        page = QWidget(self)
        self.rangeBox = QComboBox(page)
        self.rangeBox.setObjectName("portfolioRange")
        self.rangeBox.addItems(RANGES)
        first, last = week_range(self.today)
        self.fromEdit = QDateEdit(QDate(first.year, first.month, first.day), page)
        self.toEdit = QDateEdit(QDate(last.year, last.month, last.day), page)
        for edit, name in ((self.fromEdit, "portfolioFrom"), (self.toEdit, "portfolioTo")):
            edit.setObjectName(name)
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setEnabled(False)
            edit.dateChanged.connect(self._range_edited)
        self.rangeBox.currentIndexChanged.connect(self._range_chosen)
        self.exportButton = self._button(
            "portfolioExport",
            "&Export to My Calendar…",
            self.export_calendar,
            "One .ics of every plan's items, for your own calendar",
        )
        bar = QHBoxLayout()
        bar.addWidget(self.rangeBox)
        bar.addWidget(QLabel("from", page))
        bar.addWidget(self.fromEdit)
        bar.addWidget(QLabel("to", page))
        bar.addWidget(self.toEdit)
        bar.addStretch(1)
        bar.addWidget(self.exportButton)
        self.tree = QTreeWidget(page)
        self.tree.setObjectName("portfolioTree")
        self.tree.setHeaderLabels(["Day / client / entry", "Channel", "Status", "Plan"])
        self.tree.setUniformRowHeights(True)
        self.leaves: list[QTreeWidgetItem] = []  # the entries' rows, in order
        self.tree.itemDoubleClicked.connect(self._entry_activated)
        self.tree.itemActivated.connect(self._entry_activated)
        self.portfolioNote = QLabel(page)
        self.portfolioNote.setObjectName("portfolioNote")
        self.portfolioNote.setWordWrap(True)
        layout = QVBoxLayout(page)
        layout.addLayout(bar)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.portfolioNote)
        return page

    def changeEvent(self, event: QEvent) -> None:
        """Back to the window: read the plans again (locks and edits change elsewhere), at
        most every few seconds so that flicking between windows costs nothing."""
        super().changeEvent(event)
        if (
            event.type() == QEvent.Type.ActivationChange
            and self.isActiveWindow()
            and time.monotonic() - self._refreshed > REFRESH_AFTER_S
        ):
            self.refresh()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.table
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self.open_selected()
            return True
        if (
            watched is self.table
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.text().isprintable()
            and event.text().strip()
            and not event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier
        ):  # type to search, wherever the focus is
            self.search.setFocus()
            self.search.insert(event.text())
            return True
        return super().eventFilter(watched, event)

    # -- the list ------------------------------------------------------------------------

    @Slot()
    def refresh(self) -> None:
        """Read every plan again (read-only) and keep the selected one selected."""
        self._refreshed = time.monotonic()
        kept = self.selected_path()
        self.model.set_plans(catalogue.list_plans(self.folder, settings.recent_files(), self.today))
        self.empty.setText(
            f"No plans yet in {self.folder}.\n\nStart one with New Plan… (from a template "
            "or empty), or open a plan file you already have with File → Open."
        )
        self.listing.setCurrentWidget(self.table if self.model.rowCount() else self.empty)
        if kept is not None:
            self.select_path(kept)
        elif self.proxy.rowCount():
            self.table.selectRow(0)
        self._update_buttons()
        if self.tabs.currentIndex() == 1:
            self.refresh_portfolio()

    @Slot(str)
    def _search(self, text: str) -> None:
        self.proxy.setFilterFixedString(text)
        if self.proxy.rowCount() and not self.table.selectionModel().hasSelection():
            self.table.selectRow(0)
        self._update_buttons()

    def selected(self) -> PlanSummary | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        value = rows[0].data(SummaryRole)
        return value if isinstance(value, PlanSummary) else None

    def selected_path(self) -> Path | None:
        s = self.selected()
        return None if s is None else s.path

    def select_path(self, path: Path) -> bool:
        for row in range(self.proxy.rowCount()):
            s = self.proxy.index(row, 0).data(SummaryRole)
            if isinstance(s, PlanSummary) and s.path == path:
                self.table.selectRow(row)
                return True
        return False

    @Slot()
    def _update_buttons(self) -> None:
        s = self.selected()
        readable = s is not None and s.state is PlanState.OK
        writable = readable and s is not None and not s.locked_by and not s.read_only
        self.openButton.setEnabled(readable)
        self.renameButton.setEnabled(writable)
        self.duplicateButton.setEnabled(readable)
        self.revealButton.setEnabled(s is not None and s.state is not PlanState.MISSING)
        self.removeButton.setEnabled(s is not None)
        self.deleteButton.setEnabled(
            s is not None and s.state is not PlanState.MISSING and not s.locked_by
        )

    def _warn(self, message: str) -> None:
        QMessageBox.warning(self, "StreamDesk", message)

    @Slot()
    def open_selected(self) -> None:
        s = self.selected()
        if s is None:
            return
        if s.state is not PlanState.OK:
            self._warn(s.message or f"{s.path.name} cannot be opened ({s.state.value}).")
            return
        self.openRequested.emit(s.path)

    @Slot()
    def rename_selected(self) -> None:
        s = self.selected()
        if s is None:
            return
        name, ok = QInputDialog.getText(self, "Rename Plan", "Plan name:", text=s.title)
        if not ok or not name.strip() or name.strip() == s.title:
            return
        try:
            catalogue.rename_plan(s.path, name.strip())
        except (StorageError, ValueError) as error:
            self._warn(str(error))
            return
        self.refresh()

    @Slot()
    def duplicate_selected(self) -> None:
        s = self.selected()
        if s is None:
            return
        suggestion = s.path.with_name(f"{s.path.stem} copy{PLAN_SUFFIX}")
        path, _ = QFileDialog.getSaveFileName(
            self, "Duplicate Plan", str(suggestion), f"StreamDesk plans (*{PLAN_SUFFIX})"
        )
        if not path:
            return
        target = Path(path if Path(path).suffix else path + PLAN_SUFFIX)
        try:
            catalogue.duplicate_plan(s.path, target)
        except StorageError as error:
            self._warn(str(error))
            return
        if target.parent.resolve() != self.folder.resolve():
            settings.add_recent_file(target)  # listed, though outside the data folder
        self.refresh()
        self.select_path(target.resolve())

    @Slot()
    def reveal_selected(self) -> None:
        s = self.selected()
        if s is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(s.path.parent)))

    @Slot()
    def remove_selected(self) -> None:
        s = self.selected()
        if s is None:
            return
        settings.remove_recent_file(s.path)
        try:
            catalogue.remove_from_list(self.folder, s.path)
        except OSError as error:
            self._warn(f"Could not update the list in {self.folder}: {error.strerror or error}")
        self.refresh()

    @Slot()
    def delete_selected(self) -> None:
        s = self.selected()
        if s is None:
            return
        if not ask_to_delete_file(self, s.path):
            return
        try:
            catalogue.delete_plan(s.path)
        except StorageError as error:
            self._warn(str(error))
            return
        settings.remove_recent_file(s.path)
        self.refresh()

    # -- the portfolio ---------------------------------------------------------------------

    @Slot(int)
    def _tab_changed(self, index: int) -> None:
        if index == 1:
            self.refresh_portfolio()

    def portfolio_range(self) -> tuple[date, date]:
        choice = RANGES[self.rangeBox.currentIndex()]
        if choice == "Range":
            return self.fromEdit.date().toPython(), self.toEdit.date().toPython()  # type: ignore[return-value]  # QDate.toPython gives a date
        return week_range(self.today, "next" if choice == "Next week" else "this")

    @Slot(int)
    def _range_chosen(self, index: int) -> None:
        custom = RANGES[index] == "Range"
        self.fromEdit.setEnabled(custom)
        self.toEdit.setEnabled(custom)
        if not custom:
            first, last = self.portfolio_range()
            for edit, day in ((self.fromEdit, first), (self.toEdit, last)):
                edit.blockSignals(True)
                edit.setDate(QDate(day.year, day.month, day.day))
                edit.blockSignals(False)
        self.refresh_portfolio()

    @Slot()
    def _range_edited(self) -> None:
        if RANGES[self.rangeBox.currentIndex()] == "Range":
            self.refresh_portfolio()

    def listed_paths(self) -> list[Path]:
        return [s.path for s in self.model.plans() if s.state is PlanState.OK]

    @Slot()
    def refresh_portfolio(self) -> None:
        from streamdesk.storage.portfolio import read_portfolio

        first, last = self.portfolio_range()
        self.tree.clear()
        self.leaves = []
        if last < first:
            self.portfolioNote.setText("The range ends before it starts.")
            return
        portfolio = read_portfolio(self.listed_paths(), first, last)
        for day in group_by_day_and_client(portfolio.entries):
            day_item = QTreeWidgetItem(self.tree, [day_text(day.day)])
            font = day_item.font(0)
            font.setBold(True)
            day_item.setFont(0, font)
            for client in day.clients:
                client_item = QTreeWidgetItem(day_item, [client.heading])
                for e in client.entries:
                    at = f"{time_text(e.at)} " if e.at else ""
                    mark = "◆ " if e.kind == "milestone" else ""
                    leaf = QTreeWidgetItem(
                        client_item, [f"{at}{mark}{e.title}", e.channel, e.status, e.plan_name]
                    )
                    leaf.setData(0, EntryRole, e)
                    self.leaves.append(leaf)
                    leaf.setToolTip(0, f"{e.plan_path}\nDouble-click to open the plan here")
        self.tree.expandAll()
        self.tree.resizeColumnToContents(0)
        entries = plural(len(portfolio.entries), "entry", "entries")
        since = day_text(first, weekday=False, year=first.year != last.year)
        note = f"{entries} from {since} to {day_text(last, weekday=False)}"
        if portfolio.skipped:
            note += "; not read: " + "; ".join(portfolio.skipped)
        self.portfolioNote.setText(note)

    def entries_shown(self) -> list[PortfolioEntry]:
        """The entries in the tree, top to bottom (tests, and what an export would hold)."""
        return [
            e for leaf in self.leaves if isinstance(e := leaf.data(0, EntryRole), PortfolioEntry)
        ]

    @Slot(QTreeWidgetItem, int)
    def _entry_activated(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        value = item.data(0, EntryRole)
        if isinstance(value, PortfolioEntry):
            self.openAtRequested.emit(value)

    @Slot()
    def export_calendar(self) -> None:
        from streamdesk.excel.portfolio_ics import write_portfolio_ics

        path, _ = QFileDialog.getSaveFileName(
            self,
            "Export to My Calendar",
            str(Path.home() / "StreamDesk — all clients.ics"),
            "iCalendar (*.ics)",
        )
        if not path:
            return
        target = Path(path if Path(path).suffix else path + ".ics")
        try:
            result = write_portfolio_ics(self.listed_paths(), target)
        except StorageError as error:
            self._warn(str(error))
            return
        self.portfolioNote.setText(f"Exported {result.describe()}")


def ask_to_delete_file(parent: QWidget, path: Path) -> bool:
    """The second confirmation before a plan file leaves the disk, with buttons that say
    what they do (Delete File / Cancel, not Yes / Cancel); Cancel is the default."""
    return bool(
        ask(
            parent,
            QMessageBox.Icon.Warning,
            "Delete Plan File",
            f"Delete {path.name} from disk?\n\n{path}\n\nThis cannot be undone. To only "
            "take it off this list, use Remove from List instead.",
            "deletePlanFileQuestion",
            [("&Delete File", QMessageBox.ButtonRole.DestructiveRole, True)],
        )
    )
