"""The calendar's list layout: a table model of items, a filtering proxy and inline editors.

The model never writes to the plan: an inline edit builds the changed item and hands
(old, new) to the ``edit`` callback, which the calendar turns into one undo command.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QAccessible, QAccessibleEvent, QFont, QIcon, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from streamdesk.domain import Campaign, Channel, Initiative, Item, ItemStatus, ValidationError
from streamdesk.gui.calendar.chips import colour_icon
from streamdesk.gui.calendar.dates import date_format, day_text, time_text
from streamdesk.gui.calendar.filters import ItemFilter
from streamdesk.gui.calendar.lookups import Choices
from streamdesk.gui.combo import find_by_typing

SORT_ROLE = Qt.ItemDataRole.UserRole
ID_ROLE = Qt.ItemDataRole.UserRole + 1

COLUMNS: tuple[tuple[str, str, int], ...] = (
    ("id", "ID", 50),
    ("title", "Title", 240),
    ("date", "Date", 128),
    ("time", "Time", 55),
    ("channel_id", "Channel", 140),
    ("format", "Format", 105),
    ("status", "Status", 90),
    ("owner", "Owner", 90),
    ("campaign_id", "Campaign", 140),
    ("initiative_id", "Initiative", 180),
    ("effort_hours", "Effort (h)", 70),
    ("cost", "Cost", 80),
    ("notes", "Notes", 160),
    ("link", "Link", 120),
    ("reach", "Reach", 70),
    ("clicks", "Clicks", 60),
    ("conversions", "Conversions", 80),
    ("actual_cost", "Actual cost", 85),
)
FIELDS = [c[0] for c in COLUMNS]
NUMERIC = {"id", "effort_hours", "cost", "reach", "clicks", "conversions", "actual_cost"}

# Column widths come from the header and a sample of rows, never from every row: Qt's
# resizeColumnsToContents asks every cell of the model (0.5 s on 100,000 items).
SAMPLE_ROWS = 40
"""Rows whose text sizes the columns: those in view first, then the next ones."""
WIDTH_CAP = 180
"""No column but Title grows wider than this for one long value (it elides)."""
WIDTH_CAPS = {"notes": 220, "link": 200, "initiative_id": 200}
TITLE_MIN = 160
FIRST_READ = FIELDS[: FIELDS.index("campaign_id") + 1]
"""What a planner reads across a row: Title leaves room for these in a laptop's window."""


def column(field: str) -> int:
    return FIELDS.index(field)


class ItemTableModel(QAbstractTableModel):
    editFailed = Signal(str)

    def __init__(
        self, edit: Callable[[Item, Item], bool] | None = None, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._items: list[Item] = []
        self._edit = edit
        self._channels: dict[int, Channel] = {}
        self._campaigns: dict[int, str] = {}
        self._initiatives: dict[int, str] = {}
        self._icons: dict[int, QIcon] = {}
        self._highlight: int | None = None
        self._bold = QFont()
        self._bold.setBold(True)

    # -- contents ---------------------------------------------------------------------

    def set_lookups(
        self,
        channels: Sequence[Channel],
        campaigns: Sequence[Campaign],
        initiatives: Sequence[Initiative],
    ) -> None:
        self._channels = {c.id: c for c in channels if c.id is not None}
        self._icons = {c.id: colour_icon(c.colour) for c in channels if c.id is not None}
        self._campaigns = {c.id: c.name for c in campaigns if c.id is not None}
        self._initiatives = {i.id: i.title for i in initiatives if i.id is not None}
        if self._items:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._items) - 1, 0))

    def set_items(self, items: Sequence[Item]) -> None:
        """Replace the rows; the same rows in the same order are updated in place."""
        items = list(items)
        if [i.id for i in items] == [i.id for i in self._items]:
            old = self._items
            self._items = items
            last = len(COLUMNS) - 1
            for row, (a, b) in enumerate(zip(old, items, strict=True)):
                if a != b:
                    self.dataChanged.emit(self.index(row, 0), self.index(row, last))
            return
        self.beginResetModel()
        self._items = items
        self.endResetModel()

    def set_highlight(self, initiative_id: int | None) -> None:
        """Show the items linked to this initiative (selected in the timeline) in bold."""
        self._highlight = initiative_id
        if self._items:
            last = len(COLUMNS) - 1
            self.dataChanged.emit(
                self.index(0, 0),
                self.index(len(self._items) - 1, last),
                [Qt.ItemDataRole.FontRole, Qt.ItemDataRole.AccessibleDescriptionRole],
            )

    def item_at(self, row: int) -> Item:
        return self._items[row]

    def row_of(self, item_id: int) -> int:
        for row, item in enumerate(self._items):
            if item.id == item_id:
                return row
        return -1

    # -- the model contract ------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section][1]
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if FIELDS[index.column()] != "id":
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        item = self._items[index.row()]
        field = FIELDS[index.column()]
        value = getattr(item, field)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(field, value)
        if role == Qt.ItemDataRole.EditRole:
            return self._edit_value(field, value)
        if role == SORT_ROLE:
            return self._sort_value(field, value)
        if role == ID_ROLE:
            return item.id
        if role == Qt.ItemDataRole.FontRole:
            linked = self._highlight is not None and item.initiative_id == self._highlight
            return self._bold if linked else None
        if role == Qt.ItemDataRole.DecorationRole and field == "channel_id":
            return self._icons.get(value)
        if role == Qt.ItemDataRole.ToolTipRole and field in ("title", "notes") and item.notes:
            return item.notes
        if role == Qt.ItemDataRole.TextAlignmentRole and field in NUMERIC:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.AccessibleDescriptionRole:
            return self.describe(item)
        return None

    def describe(self, item: Item) -> str:
        """The row in words, for a screen reader moving cell by cell: which item this is,
        and what bold shows sighted users (linked to the initiative selected)."""
        when = day_text(item.date) + (f" {time_text(item.time)}" if item.time else "")
        channel = self._display("channel_id", item.channel_id)
        text = f"{item.title}, {when}, {channel}, {item.status.value}"
        if self._highlight is not None and item.initiative_id == self._highlight:
            text += f"; linked to {self._initiatives.get(self._highlight, 'the initiative')}"
        return text

    def _display(self, field: str, value: Any) -> Any:
        if value is None:
            return ""
        if field == "date":
            return day_text(value)
        if field == "time":
            return time_text(value)
        if field == "channel_id":
            channel = self._channels.get(value)
            return channel.name if channel else str(value)
        if field == "campaign_id":
            return self._campaigns.get(value, str(value))
        if field == "initiative_id":
            return self._initiatives.get(value, str(value))
        if field == "status":
            return value.value.capitalize()
        if field in ("cost", "actual_cost"):
            return f"{value:,.2f}"
        if field == "effort_hours":
            return f"{value:g}"
        if field == "notes":
            return value.replace("\n", " ")
        return value

    @staticmethod
    def _edit_value(field: str, value: Any) -> Any:
        if field == "date":
            return QDate(value.year, value.month, value.day)
        if field == "time":
            return "" if value is None else value.strftime("%H:%M")
        if field == "status":
            return value.value
        if field in ("reach", "clicks", "conversions", "actual_cost"):
            return "" if value is None else str(value)
        return value

    def _sort_value(self, field: str, value: Any) -> Any:
        if field in NUMERIC:
            return -1 if value is None else value
        if field in ("date", "time"):
            return "" if value is None else value.isoformat()
        return str(self._display(field, value)).casefold()

    def setData(
        self, index: QModelIndex | QPersistentModelIndex, value: Any, role: int = 2
    ) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        old = self._items[index.row()]
        field = FIELDS[index.column()]
        if isinstance(value, QDate):
            value = date(value.year(), value.month(), value.day())
        if field in ("reach", "clicks", "conversions", "actual_cost") and value == "":
            value = None
        try:
            new = old.replace(**{field: value})
        except ValidationError as error:
            self.editFailed.emit(str(error).capitalize())
            return False
        if new == old:
            return False
        return self._edit(old, new) if self._edit is not None else False


class ItemFilterProxy(QSortFilterProxyModel):
    """Sorts by each column's natural order and shows the items the shared filter accepts."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._filter = ItemFilter()
        self.setSortRole(SORT_ROLE)

    def set_filter(self, item_filter: ItemFilter) -> None:
        self.beginFilterChange()
        self._filter = item_filter
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(
        self,
        source_row: int,
        source_parent: QModelIndex | QPersistentModelIndex,
    ) -> bool:
        model = self.sourceModel()
        assert isinstance(model, ItemTableModel)
        return self._filter.matches(model.item_at(source_row))


class DateDelegate(QStyledItemDelegate):
    def createEditor(
        self,
        parent: QWidget,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> QWidget:
        editor = QDateEdit(parent)
        editor.setCalendarPopup(True)
        editor.setDisplayFormat(date_format())
        return editor

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        if isinstance(editor, QDateEdit):  # the editor createEditor made
            editor.setDate(index.data(Qt.ItemDataRole.EditRole))

    def setModelData(
        self,
        editor: QWidget,
        model: Any,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        if isinstance(editor, QDateEdit):
            model.setData(index, editor.date(), Qt.ItemDataRole.EditRole)


class ChoiceDelegate(QStyledItemDelegate):
    """A combo box of (label, value, icon) choices, read when the editor opens."""

    def __init__(
        self,
        choices: Callable[[], list[tuple[str, Any, QIcon | None]]],
        parent: QObject | None = None,
        *,
        searchable: bool = False,
    ) -> None:
        super().__init__(parent)
        self._choices = choices
        self._searchable = searchable  # a long list (initiatives): find one by typing

    def createEditor(
        self,
        parent: QWidget,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> QWidget:
        combo = QComboBox(parent)
        for label, value, icon in self._choices():
            if icon is None:
                combo.addItem(label, value)
            else:
                combo.addItem(icon, label, value)
        if self._searchable:
            find_by_typing(combo)
        return combo

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        combo = editor
        if not isinstance(combo, QComboBox):  # the editor createEditor made is a combo
            return
        value = index.data(Qt.ItemDataRole.EditRole)
        found = combo.findData(value)
        if found < 0:  # not a choice (an upstream channel): keep it, never change it silently
            combo.addItem(str(index.data(Qt.ItemDataRole.DisplayRole)), value)
            found = combo.count() - 1
        combo.setCurrentIndex(found)

    def setModelData(
        self,
        editor: QWidget,
        model: Any,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        combo = editor
        if not isinstance(combo, QComboBox):
            return
        model.setData(index, combo.currentData(), Qt.ItemDataRole.EditRole)


class ItemTable(QTableView):
    """The list layout's view: Enter opens the item dialog, Delete deletes, F2 edits inline."""

    selectionEdited = Signal(list)
    editRequested = Signal(int)
    createRequested = Signal()
    deleteRequested = Signal()

    def __init__(self, model: ItemTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("itemList")
        self.setAccessibleName("Item list")
        self.source = model
        self.proxy = ItemFilterProxy(self)
        self.proxy.setSourceModel(model)
        self.setModel(self.proxy)
        self.setSortingEnabled(True)
        self.sortByColumn(column("date"), Qt.SortOrder.AscendingOrder)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setResizeContentsPrecision(SAMPLE_ROWS)
        for n, (_, _, width) in enumerate(COLUMNS):
            self.setColumnWidth(n, width)
        self._title_wanted: int | None = None  # Title's content width, once fitted
        self._fitting = False
        self._user_sized = False  # a column the user dragged: widths are theirs from then on
        header.sectionResized.connect(self._on_section_resized)
        self._programmatic = False
        self.selectionModel().selectionChanged.connect(self._on_selection_changed)

    # -- column widths -------------------------------------------------------------------

    def fit_columns(self) -> None:
        """Size every column to its header and a sample of rows (capped), then Title to the
        room left: it takes what the columns up to Campaign leave of the view, between
        ``TITLE_MIN`` and its own text's width, or all the rest when every column fits."""
        if self._user_sized:
            return
        header = self.horizontalHeader()
        self._fitting = True
        try:
            for n, field in enumerate(FIELDS):
                wanted = max(header.sectionSizeHint(n), self.sizeHintForColumn(n))
                if field == "title":
                    self._title_wanted = wanted
                else:
                    self.setColumnWidth(n, min(wanted, WIDTH_CAPS.get(field, WIDTH_CAP)))
        finally:
            self._fitting = False
        self._fit_title()

    def _fit_title(self) -> None:
        if self._title_wanted is None or self._user_sized:
            return
        title = column("title")
        room = self.viewport().width()
        others = sum(self.columnWidth(n) for n in range(len(FIELDS)) if n != title)
        if others + self._title_wanted <= room:
            width = room - others  # every column fits: Title takes the rest
        else:
            first = sum(self.columnWidth(column(f)) for f in FIRST_READ if f != "title")
            width = min(max(room - first, TITLE_MIN), max(self._title_wanted, TITLE_MIN))
        self._fitting = True
        try:
            self.setColumnWidth(title, width)
        finally:
            self._fitting = False

    def _on_section_resized(self, *_: object) -> None:
        if not self._fitting and self._title_wanted is not None and self.isVisible():
            self._user_sized = True

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_title()

    def selected_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.selectionModel().selectedRows()})
        return [self.proxy.index(r, 0).data(ID_ROLE) for r in rows]

    def set_selection(self, ids: Sequence[int]) -> None:
        wanted = set(ids)
        selection = QItemSelection()
        first = None
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if index.data(ID_ROLE) in wanted:
                selection.select(index, index)
                first = first or index
        self._programmatic = True
        try:
            flags = (
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows
            )
            self.selectionModel().select(selection, flags)
            if first is not None:
                self.selectionModel().setCurrentIndex(
                    first, QItemSelectionModel.SelectionFlag.NoUpdate
                )
                self.scrollTo(first)
        finally:
            self._programmatic = False

    def _on_selection_changed(self, *_: object) -> None:
        self.announce()
        if not self._programmatic:
            self.selectionEdited.emit(self.selected_ids())

    def announce(self) -> None:
        """Say what is selected in the table's accessible description, as the grids do:
        a screen reader reads it when it changes."""
        rows = sorted({i.row() for i in self.selectionModel().selectedRows()})
        text = ""
        if rows:
            first = self.proxy.index(rows[0], 0)
            more = f" and {len(rows) - 1} more" if len(rows) > 1 else ""
            described = first.data(Qt.ItemDataRole.AccessibleDescriptionRole)
            text = f"selected: {described}{more}"
        if text != self.accessibleDescription():
            self.setAccessibleDescription(text)
            QAccessible.updateAccessibility(
                QAccessibleEvent(self, QAccessible.Event.DescriptionChanged)
            )

    def _handles(self, event: QKeyEvent) -> bool:
        key, mods = event.key(), event.modifiers()
        if key == Qt.Key.Key_N and mods == Qt.KeyboardModifier.ControlModifier:
            return True
        return key in (Qt.Key.Key_Delete, Qt.Key.Key_Return, Qt.Key.Key_Enter) and mods in (
            Qt.KeyboardModifier.NoModifier,
            Qt.KeyboardModifier.KeypadModifier,
        )

    def event(self, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and self.state() != QAbstractItemView.State.EditingState
            and isinstance(event, QKeyEvent)
            and self._handles(event)
        ):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.state() == QAbstractItemView.State.EditingState or not self._handles(event):
            super().keyPressEvent(event)
            return
        if event.key() == Qt.Key.Key_N:
            self.createRequested.emit()
        elif event.key() == Qt.Key.Key_Delete:
            if self.selected_ids():
                self.deleteRequested.emit()
        else:
            ids = self.selected_ids()
            if ids:
                self.editRequested.emit(ids[0])
        event.accept()

    def mouseDoubleClickEvent(self, event: Any) -> None:
        index = self.indexAt(event.position().toPoint())
        if index.isValid() and FIELDS[index.column()] == "id":
            self.editRequested.emit(index.data(ID_ROLE))
            return
        super().mouseDoubleClickEvent(event)


def status_choices() -> list[tuple[str, Any, QIcon | None]]:
    return [(s.value.capitalize(), s.value, None) for s in ItemStatus]


def install_editors(table: ItemTable, choices: Callable[[], Choices]) -> None:
    """The inline editors of the columns that pick from the plan: read when an editor opens,
    from the same choices as the item dialog (downstream channels only: content goes there)."""

    def channels() -> list[tuple[str, Any, QIcon | None]]:
        return [(c.name, c.id, colour_icon(c.colour)) for c in choices().channels]

    def initiatives() -> list[tuple[str, Any, QIcon | None]]:
        return [("(none)", None, None)] + [(i.title, i.id, None) for i in choices().initiatives]

    def campaigns() -> list[tuple[str, Any, QIcon | None]]:
        return [("(none)", None, None)] + [(c.name, c.id, None) for c in choices().campaigns]

    table.setItemDelegateForColumn(column("date"), DateDelegate(table))
    table.setItemDelegateForColumn(column("channel_id"), ChoiceDelegate(channels, table))
    table.setItemDelegateForColumn(column("status"), ChoiceDelegate(status_choices, table))
    table.setItemDelegateForColumn(
        column("initiative_id"), ChoiceDelegate(initiatives, table, searchable=True)
    )
    table.setItemDelegateForColumn(column("campaign_id"), ChoiceDelegate(campaigns, table))
