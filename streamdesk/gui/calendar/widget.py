"""The content calendar: three layouts of the downstream items, shared filters, editing.

Reads go through ``document.pf`` and repository functions, for the visible date range
only; every edit is one undo command through ``document.execute``; the other views are
followed and told through the document's signals, never called.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from datetime import date, time, timedelta

from PySide6.QtCore import (
    QDate,
    QEvent,
    QObject,
    QPoint,
    QRectF,
    QSignalBlocker,
    QSize,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QHideEvent,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPixmap,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QButtonGroup,
    QComboBox,
    QDateEdit,
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QSizePolicy,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from streamdesk.domain import Campaign, Channel, Initiative, Item, ItemStatus, Stream
from streamdesk.gui import commands
from streamdesk.gui.calendar.channel_grid import ChannelGrid
from streamdesk.gui.calendar.chips import chip_text, paint_chip
from streamdesk.gui.calendar.filters import ItemFilter
from streamdesk.gui.calendar.grid import ItemGrid
from streamdesk.gui.calendar.item_dialog import ItemDialog, colour_icon
from streamdesk.gui.calendar.list_view import (
    ChoiceDelegate,
    DateDelegate,
    ItemTable,
    ItemTableModel,
    column,
    status_choices,
)
from streamdesk.gui.calendar.month_grid import MonthGrid
from streamdesk.gui.combo import find_by_typing
from streamdesk.gui.document import Change, PlanDocument
from streamdesk.storage import NotFoundError, repository

LAYOUTS = ("month", "channels", "list")
CACHED_PERIODS = 8
PREFETCH_IDLE_MS = 400  # read the neighbouring periods once the user pauses


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _quote(items: Sequence[Item], noun: str = "item") -> str:
    if len(items) == 1:
        return f"“{items[0].title}”"
    return f"{len(items)} {noun}s"


def _status(value: object) -> ItemStatus | None:
    return None if value is None else ItemStatus(value)


class StatusLegend(QWidget):
    """Six sample chips that explain how each status looks."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statusLegend")
        font = QFont(self.font())
        font.setPointSizeF(max(7.0, font.pointSizeF() * 0.85))
        self.setFont(font)
        self._sample = QColor("#3465A4")
        self._cache: tuple[tuple, QPixmap] | None = None
        width = sum(self.fontMetrics().horizontalAdvance(s.value) + 34 for s in ItemStatus)
        self.setFixedSize(width, self.fontMetrics().height() + 6)
        self.setToolTip(
            "Idea: dashed outline · Draft: light fill · Ready: solid · "
            "Scheduled: solid with a clock · Published: solid with a check · "
            "Cancelled: faded and struck through"
        )

    def paintEvent(self, event: QPaintEvent) -> None:
        key = (self.palette().cacheKey(), self.size().toTuple(), self.devicePixelRatioF())
        if self._cache is None or self._cache[0] != key:
            ratio = self.devicePixelRatioF()
            pixmap = QPixmap(self.size() * ratio)
            pixmap.setDevicePixelRatio(ratio)
            pixmap.fill(Qt.GlobalColor.transparent)
            p = QPainter(pixmap)
            p.setFont(self.font())
            x = 0.0
            h = self.height() - 2.0
            for status in ItemStatus:
                width = self.fontMetrics().horizontalAdvance(status.value) + 28
                sample = Item.trusted(
                    title=status.value, date=date.today(), channel_id=0, time=None, status=status
                )
                paint_chip(p, QRectF(x, 1, width, h), sample, self._sample, self.palette())
                x += width + 6
            p.end()
            self._cache = (key, pixmap)
        painter = QPainter(self)
        painter.drawPixmap(0, 0, self._cache[1])
        painter.end()


class DayItemsPopup(QFrame):
    """The list behind "+N more": every item of one day (or channel-week).

    A framed child laid over the calendar rather than a popup window, so it needs no
    keyboard grab; it closes on Escape, on the × button or when focus leaves it.
    """

    itemChosen = Signal(int)
    itemActivated = Signal(int)
    deleteRequested = Signal(list)  # the ids selected in the list

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("dayItemsPopup")
        self.setFrameShape(QFrame.Shape.Box)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.Window)
        self.hide()
        self.closeButton = QToolButton(self)
        self.closeButton.setObjectName("dayItemsClose")
        self.closeButton.setText("×")
        self.closeButton.setAutoRaise(True)
        self.closeButton.setToolTip("Close (Esc)")
        self.closeButton.clicked.connect(self.close_and_return)
        self._opener: QWidget | None = None
        QApplication.instance().focusChanged.connect(self._focus_changed)  # type: ignore[union-attr]
        self.title = QLabel()
        self.title.setObjectName("dayItemsTitle")
        bold = QFont(self.title.font())
        bold.setBold(True)
        self.title.setFont(bold)
        self.title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.list = QListWidget()
        self.list.setObjectName("dayItemsList")
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.itemSelectionChanged.connect(self._chosen)
        self.list.itemActivated.connect(  # a double-click, or Enter
            lambda entry: self.itemActivated.emit(entry.data(Qt.ItemDataRole.UserRole))
        )
        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        header.addWidget(self.closeButton)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(header)
        layout.addWidget(self.list)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close_and_return()
            return
        if event.key() == Qt.Key.Key_Delete:
            ids = [e.data(Qt.ItemDataRole.UserRole) for e in self.list.selectedItems()]
            if ids:
                self.deleteRequested.emit(ids)
            return
        super().keyPressEvent(event)

    def close_and_return(self) -> None:
        """Hide, and give the keyboard back to the grid that opened the list."""
        opener, self._opener = self._opener, None
        self.hide()
        if opener is not None and opener.isVisible():
            opener.setFocus(Qt.FocusReason.PopupFocusReason)

    def _focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        if self.isVisible() and new is not None and not self.isAncestorOf(new):
            self.hide()

    def show_items(
        self, title: str, items: Sequence[Item], channels: dict[int, Channel], at: QPoint
    ) -> None:
        self.title.setText(title)
        focus = QApplication.focusWidget()
        self._opener = focus if focus is not None and not self.isAncestorOf(focus) else None
        with QSignalBlocker(self.list):
            self.list.clear()
            for item in items:
                channel = channels.get(item.channel_id)
                name = channel.name if channel else "?"
                entry = QListWidgetItem(f"{chip_text(item)}  ·  {name} · {item.status.value}")
                if channel is not None:
                    entry.setIcon(colour_icon(channel.colour))
                if item.status is ItemStatus.CANCELLED:
                    font = entry.font()
                    font.setStrikeOut(True)
                    entry.setFont(font)
                entry.setData(Qt.ItemDataRole.UserRole, item.id)
                entry.setToolTip(item.title)
                self.list.addItem(entry)
        rows = min(len(items), 12)
        parent = self.parentWidget()
        row_height = max(self.list.sizeHintForRow(0), self.fontMetrics().height() + 4)
        height = self.closeButton.sizeHint().height() + rows * row_height + 24
        width = 360
        if parent is not None:
            height = min(height, parent.height() - 8)
            width = min(width, parent.width() - 8)
            local = parent.mapFromGlobal(at)
            x = max(4, min(local.x(), parent.width() - width - 4))
            y = max(4, min(local.y(), parent.height() - height - 4))
            at = QPoint(x, y)
        self.setGeometry(at.x(), at.y(), width, height)
        self.show()
        self.raise_()
        self.list.setFocus()

    def _chosen(self) -> None:
        for entry in self.list.selectedItems()[:1]:
            self.itemChosen.emit(entry.data(Qt.ItemDataRole.UserRole))


class CalendarWidget(QWidget):
    """The ``contentCalendar``: month grid, channel grid and list over the same filter.

    Public API (used by tests and benchmarks): :meth:`show_month`, :meth:`next_month`,
    :meth:`previous_month`, :meth:`go_today`, :meth:`set_layout`, :meth:`set_filter`,
    :meth:`move_items` / :meth:`reschedule` (the path a mouse drop takes),
    :meth:`create_item`, :meth:`edit_item`, :meth:`delete_items`, :meth:`selected_ids`.
    """

    def __init__(self, document: PlanDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("contentCalendar")
        self.document = document
        self._month = date.today().replace(day=1)
        self._layout = "month"
        self._filter = ItemFilter()
        self._selected: list[int] = []
        self._highlight: int | None = None
        self._emitting = False
        self._channels: list[Channel] = []
        self._campaigns: list[Campaign] = []
        self._initiatives: list[Initiative] = []
        self._owners: list[str] = []
        self._shown = 0
        self._total = 0
        self._cell_cache: OrderedDict[tuple, tuple[list[Item], dict, int]] = OrderedDict()
        self._prefetch = QTimer(self)
        self._prefetch.setSingleShot(True)
        self._prefetch.setInterval(PREFETCH_IDLE_MS)
        self._prefetch.timeout.connect(self._prefetch_neighbours)

        self._build()
        document.changed.connect(self._on_changed)
        document.planReplaced.connect(self._on_plan_replaced)
        document.initiativeSelected.connect(self._on_initiative_selected)
        document.itemsSelected.connect(self._on_items_selected)
        document.periodChosen.connect(self._on_period_chosen)
        self._on_plan_replaced()
        self._start_month()

    # -- building ---------------------------------------------------------------------

    def minimumSizeHint(self) -> QSize:
        """Narrow if need be (the tool rows clip), but tall enough for every week of a month."""
        return QSize(300, super().minimumSizeHint().height())

    def _tool(self, name: str, text: str, tip: str) -> QToolButton:
        button = QToolButton(self)
        button.setObjectName(name)
        button.setText(text)
        button.setToolTip(tip)
        button.setAutoRaise(True)
        return button

    def _build(self) -> None:
        self.prevButton = self._tool("prevButton", "◀", "Previous month (quarter in Channels)")
        self.todayButton = self._tool("todayButton", "Today", "Go to today")
        self.nextButton = self._tool("nextButton", "▶", "Next month (quarter in Channels)")
        self.prevButton.clicked.connect(lambda: self.step(-1))
        self.nextButton.clicked.connect(lambda: self.step(1))
        self.todayButton.clicked.connect(self.go_today)
        self.monthPicker = QDateEdit(self)
        self.monthPicker.setObjectName("monthPicker")
        self.monthPicker.setDisplayFormat("MMMM yyyy")
        self.monthPicker.setCalendarPopup(True)
        self.monthPicker.setToolTip("Pick a month")
        self.monthPicker.dateChanged.connect(
            lambda qd: self.show_month(date(qd.year(), qd.month(), 1))
        )
        self.periodLabel = QLabel(self)
        self.periodLabel.setObjectName("periodLabel")
        big = QFont(self.periodLabel.font())
        big.setBold(True)
        big.setPointSizeF(big.pointSizeF() * 1.15)
        self.periodLabel.setFont(big)
        self.periodLabel.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

        self.layoutButtons = QButtonGroup(self)
        self.layoutButtons.setExclusive(True)
        layout_buttons = []
        for n, (name, text, tip) in enumerate(
            (
                ("monthLayoutButton", "Month", "Month grid of days"),
                ("channelLayoutButton", "Channels", "Channels × weeks of the quarter"),
                ("listLayoutButton", "List", "Sortable list of the month's items"),
            )
        ):
            button = self._tool(name, text, tip)
            button.setCheckable(True)
            button.setAutoRaise(False)
            self.layoutButtons.addButton(button, n)
            layout_buttons.append(button)
        layout_buttons[0].setChecked(True)
        self.layoutButtons.idClicked.connect(lambda n: self.set_layout(LAYOUTS[n]))
        self.newButton = self._tool("newItemButton", "+ New item", "New item (Ctrl+N)")
        self.newButton.clicked.connect(self._new_from_button)

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.setSpacing(4)
        for w in (self.prevButton, self.todayButton, self.nextButton, self.monthPicker):
            top.addWidget(w)
        top.addSpacing(8)
        top.addWidget(self.periodLabel, 1)
        top.addWidget(self.newButton)
        top.addSpacing(8)
        for button in layout_buttons:
            top.addWidget(button)

        self.channelFilter = self._filter_combo("channelFilter", "All channels")
        self.statusFilter = self._filter_combo("statusFilter", "All statuses")
        for status in ItemStatus:
            self.statusFilter.addItem(status.value.capitalize(), status)
        self.campaignFilter = self._filter_combo("campaignFilter", "All campaigns")
        self.initiativeFilter = self._filter_combo("initiativeFilter", "All initiatives")
        self._make_searchable(self.initiativeFilter)  # hundreds in a big plan
        self.ownerFilter = self._filter_combo("ownerFilter", "All owners")
        self.textFilter = QLineEdit(self)
        self.textFilter.setObjectName("textFilter")
        self.textFilter.setPlaceholderText("Search…")
        self.textFilter.setClearButtonEnabled(True)
        self.textFilter.setMinimumWidth(90)
        self.textFilter.textChanged.connect(self._filter_widgets_changed)
        self.clearFiltersButton = self._tool(
            "clearFiltersButton", "Clear filters", "Show every item again"
        )
        self.clearFiltersButton.clicked.connect(self.clear_filter)
        filters = QHBoxLayout()
        filters.setContentsMargins(0, 0, 0, 0)
        filters.setSpacing(4)
        for w in (
            self.channelFilter,
            self.statusFilter,
            self.campaignFilter,
            self.initiativeFilter,
            self.ownerFilter,
        ):
            filters.addWidget(w, 1)
        filters.addWidget(self.textFilter, 1)
        filters.addWidget(self.clearFiltersButton)

        self.monthGrid = MonthGrid(self)
        self.channelGrid = ChannelGrid(self)
        self.model = ItemTableModel(self._edit_from_list, self)
        self.model.editFailed.connect(self.document.errorOccurred)
        self.itemList = ItemTable(self.model, self)
        self.itemList.setItemDelegateForColumn(column("date"), DateDelegate(self.itemList))
        self.itemList.setItemDelegateForColumn(
            column("channel_id"), ChoiceDelegate(self._channel_choices, self.itemList)
        )
        self.itemList.setItemDelegateForColumn(
            column("status"), ChoiceDelegate(status_choices, self.itemList)
        )
        self.itemList.setItemDelegateForColumn(
            column("initiative_id"),
            ChoiceDelegate(self._initiative_choices, self.itemList, searchable=True),
        )
        self.itemList.setItemDelegateForColumn(
            column("campaign_id"), ChoiceDelegate(self._campaign_choices, self.itemList)
        )
        self.stack = QStackedWidget(self)
        self.stack.setObjectName("calendarStack")
        for view in (self.monthGrid, self.channelGrid, self.itemList):
            self.stack.addWidget(view)
        for grid in (self.monthGrid, self.channelGrid):
            grid.selectionEdited.connect(self._user_selected)
            grid.editRequested.connect(self.edit_item)
            grid.createRequested.connect(self.create_item)
            grid.moveRequested.connect(self.move_items)
            grid.deleteRequested.connect(self.delete_selected)
            grid.moreRequested.connect(self._show_more)
            grid.cursorLeft.connect(self._cursor_left)
            grid.capacityChanged.connect(self._capacity_changed)
        self.itemList.selectionEdited.connect(self._user_selected)
        self.itemList.editRequested.connect(self.edit_item)
        self.itemList.createRequested.connect(self._new_from_button)
        self.itemList.deleteRequested.connect(self.delete_selected)

        self.summaryLabel = QLabel(self)
        self.summaryLabel.setObjectName("filterSummary")
        self.summaryLabel.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.legend = StatusLegend(self)
        bottom = QHBoxLayout()
        bottom.setContentsMargins(0, 0, 0, 0)
        bottom.addWidget(self.summaryLabel, 1)
        bottom.addWidget(self.legend)

        self.dayPopup = DayItemsPopup(self)
        self.dayPopup.itemChosen.connect(lambda i: self._user_selected([i]))
        self.dayPopup.itemActivated.connect(self._edit_from_popup)
        self.dayPopup.deleteRequested.connect(self._delete_from_popup)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addWidget(self.stack, 1)
        layout.addLayout(bottom)
        # the bars may be clipped in a very narrow window rather than force the window wider,
        # but never in height: a short pane would cut off the month's last weeks
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self.setMinimumWidth(300)
        self.setFocusProxy(self.monthGrid)

    def _filter_combo(self, name: str, everything: str) -> QComboBox:
        combo = QComboBox(self)
        combo.setObjectName(name)
        combo.addItem(everything, None)
        combo.setMinimumContentsLength(4)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        combo.setToolTip(everything.replace("All", "Show only one of the"))
        combo.currentIndexChanged.connect(self._filter_widgets_changed)
        return combo

    def _make_searchable(self, combo: QComboBox) -> None:
        """Let a long filter list be searched: type any part of an entry, pick a match.
        Text that names no entry is put back to the current choice; empty means "All"."""
        find_by_typing(combo)
        edit = combo.lineEdit()
        edit.setPlaceholderText(combo.itemText(0))

        def settle() -> None:
            text = edit.text().strip()
            if not text:
                combo.setCurrentIndex(0)
            elif text != combo.currentText() or text != combo.itemText(combo.currentIndex()):
                index = combo.findText(text, Qt.MatchFlag.MatchFixedString)
                if index >= 0:
                    combo.setCurrentIndex(index)
            edit.setText(combo.itemText(combo.currentIndex()))

        edit.editingFinished.connect(settle)
        combo.installEventFilter(self)  # focusing the box selects its text, to type over it
        combo.setToolTip(combo.toolTip() + " (type to search)")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusIn and isinstance(watched, QComboBox):
            edit = watched.lineEdit()
            if edit is not None:  # after the click has placed the cursor
                QTimer.singleShot(0, edit, edit.selectAll)
        return super().eventFilter(watched, event)

    # -- choices for the inline editors -----------------------------------------------------

    def _downstream(self) -> list[Channel]:
        return [c for c in self._channels if c.stream is Stream.DOWNSTREAM]

    def _channel_choices(self) -> list[tuple[str, object, object]]:
        """Downstream channels: content goes there, as in the item dialog."""
        return [(c.name, c.id, colour_icon(c.colour)) for c in self._downstream()]

    def _initiative_choices(self) -> list[tuple[str, object, object]]:
        return [("(none)", None, None)] + [(i.title, i.id, None) for i in self._initiatives]

    def _campaign_choices(self) -> list[tuple[str, object, object]]:
        return [("(none)", None, None)] + [(c.name, c.id, None) for c in self._campaigns]

    # -- navigation (public) ------------------------------------------------------------------

    def current_month(self) -> date:
        return self._month

    def current_layout(self) -> str:
        return self._layout

    def active_grid(self) -> ItemGrid | None:
        return {"month": self.monthGrid, "channels": self.channelGrid}.get(self._layout)

    def show_month(self, day: date) -> None:
        """Show the month containing ``day`` (its quarter in the channel grid)."""
        month = date(day.year, day.month, 1)
        if month == self._month and self._loaded:
            return
        self._month = month
        self._apply_period()

    def next_month(self) -> None:
        self.show_month(_add_months(self._month, 1))

    def previous_month(self) -> None:
        self.show_month(_add_months(self._month, -1))

    def step(self, direction: int) -> None:
        """Previous/next in the current layout's unit: a quarter in the channel grid."""
        months = 3 if self._layout == "channels" else 1
        self.show_month(_add_months(self._month, direction * months))

    def go_today(self) -> None:
        self.show_month(date.today())

    def set_layout(self, name: str) -> None:
        if name not in LAYOUTS:
            raise ValueError(f"unknown calendar layout {name!r} (expected one of {LAYOUTS})")
        self._layout = name
        index = LAYOUTS.index(name)
        self.layoutButtons.button(index).setChecked(True)
        self.stack.setCurrentIndex(index)
        self.setFocusProxy(self.stack.currentWidget())
        self._update_period_label()
        self.reload()

    _loaded = False

    def _start_month(self) -> None:
        today = date.today()
        first_last = repository.date_range(self.document.pf)
        start = today
        if first_last is not None and not first_last[0] <= today <= first_last[1]:
            start = self.document.plan.start
        self._month = date(start.year, start.month, 1)
        self._apply_period()

    def _apply_period(self) -> None:
        week_start = self.document.plan.week_start
        self.monthGrid.set_period(self._month, week_start)
        self.channelGrid.set_period(self._month, week_start)
        with QSignalBlocker(self.monthPicker):
            self.monthPicker.setDate(QDate(self._month.year, self._month.month, 1))
        self._update_period_label()
        self._loaded = True
        self.reload()

    def _update_period_label(self) -> None:
        if self._layout == "channels":
            q = self.channelGrid.quarter()
            end = _add_months(q, 2)
            text = f"Q{(q.month - 1) // 3 + 1} {q.year} · {q:%b}–{end:%b}"
        else:
            text = self._month.strftime("%B %Y")
        self.periodLabel.setText(text)

    # -- reading -------------------------------------------------------------------------

    def visible_range(self) -> tuple[date, date]:
        grid = self.active_grid()
        if grid is not None:
            return grid.visible_range()
        last = _add_months(self._month, 1) - timedelta(days=1)
        return self._month, last

    def reload(self) -> None:
        """Read the visible range of the current layout from the plan file and show it."""
        start, end = self.visible_range()
        grid = self.active_grid()
        pf = self.document.pf
        if grid is not None:
            items, counts, self._total = self._cells(grid, start, end)
            grid.set_items(items, counts)
            grid.set_selection(self._selected)
            grid.set_highlight(self._highlight)
            self._shown = sum(grid.cell_count(k) for k in counts)
            self._prefetch.start()
        else:
            items = repository.list_items(pf, start, end)
            self.model.set_items(items)
            self.itemList.proxy.set_filter(self._filter)
            self.itemList.set_selection(self._selected)
            self._shown, self._total = self.itemList.proxy.rowCount(), len(items)
        self._update_summary()

    def _cells(self, grid: ItemGrid, start: date, end: date) -> tuple[list[Item], dict, int]:
        """A grid period's first items per cell, cell counts and unfiltered total.

        The last few periods shown (and the neighbours prefetched while idle) are kept
        until the plan changes, so flipping between months does not read them again.
        """
        key = (grid.objectName(), start, end, grid.capacity(), self._filter)
        hit = self._cell_cache.get(key)
        if hit is not None:
            self._cell_cache.move_to_end(key)
            return hit
        pf = self.document.pf
        items, counts = repository.items_per_cell(
            pf,
            start,
            end,
            grid.capacity(),
            week_origin=start if grid is self.channelGrid else None,
            **self._filter.query(),
        )
        result = (items, counts, repository.count_items_between(pf, start, end))
        self._cell_cache[key] = result
        while len(self._cell_cache) > CACHED_PERIODS:
            self._cell_cache.popitem(last=False)
        return result

    def _prefetch_neighbours(self) -> None:
        grid = self.active_grid()
        if grid is None or not self.isVisible():
            return
        months = 3 if grid is self.channelGrid else 1
        week_start = self.document.plan.week_start
        for direction in (1, -1):
            start, end = grid.range_for(_add_months(self._month, direction * months), week_start)
            try:
                self._cells(grid, start, end)
            except Exception:  # best effort: the plan may be closing; reload reports errors
                return

    def hideEvent(self, event: QHideEvent) -> None:
        self._prefetch.stop()
        super().hideEvent(event)

    def _update_summary(self) -> None:
        if self._filter.active:
            names = ", ".join(self._filter.active_fields()).replace("_id", "")
            noun = "item" if self._total == 1 else "items"
            text = f"Filtered by {names}: {self._shown} of {self._total} {noun} shown"
        elif self._total == 0:
            text = "No items here yet: double-click a day, or press Ctrl+N, to add one"
        else:
            text = f"{self._total} item" if self._total == 1 else f"{self._total} items"
        self.summaryLabel.setText(text)
        self.clearFiltersButton.setEnabled(self._filter.active)

    def _reload_lookups(self) -> None:
        pf = self.document.pf
        self._channels = self.document.channels()
        self._campaigns = repository.list_campaigns(pf)
        self._initiatives = repository.list_initiatives(pf)
        self._owners = repository.item_owners(pf)
        downstream = self._downstream()
        for grid in (self.monthGrid, self.channelGrid):
            grid.set_channels(self._channels)
        self.channelGrid.set_rows(downstream)
        self.model.set_lookups(self._channels, self._campaigns, self._initiatives)
        self._fill_combo(
            self.channelFilter, [(c.name, c.id, colour_icon(c.colour)) for c in downstream]
        )
        self._fill_combo(self.campaignFilter, [(c.name, c.id, None) for c in self._campaigns])
        self._fill_combo(self.initiativeFilter, [(i.title, i.id, None) for i in self._initiatives])
        self._fill_combo(self.ownerFilter, [(o, o, None) for o in self._owners])

    def _fill_combo(self, combo: QComboBox, entries: list[tuple[str, object, object]]) -> None:
        current = combo.currentData()
        with QSignalBlocker(combo):
            while combo.count() > 1:
                combo.removeItem(1)
            for label, value, icon in entries:
                if icon is None:
                    combo.addItem(label, value)
                else:
                    combo.addItem(icon, label, value)  # type: ignore[call-overload]
            index = combo.findData(current) if current is not None else 0
            combo.setCurrentIndex(max(0, index))

    # -- filters ----------------------------------------------------------------------

    def item_filter(self) -> ItemFilter:
        return self._filter

    def set_filter(self, item_filter: ItemFilter | None = None, **changes: object) -> None:
        """Replace the filter (or change some of its fields) and show the result."""
        new = (item_filter or self._filter).with_(**changes)
        self._filter = new
        combos = (
            (self.channelFilter, new.channel_id),
            (self.statusFilter, new.status),
            (self.campaignFilter, new.campaign_id),
            (self.initiativeFilter, new.initiative_id),
            (self.ownerFilter, new.owner),
        )
        for combo, value in combos:
            with QSignalBlocker(combo):
                combo.setCurrentIndex(max(0, combo.findData(value)) if value is not None else 0)
            self._mark_active(combo, value is not None)
        with QSignalBlocker(self.textFilter):
            if self.textFilter.text() != new.text:
                self.textFilter.setText(new.text)
        self._mark_active(self.textFilter, bool(new.text))
        self.reload()

    def clear_filter(self) -> None:
        self.set_filter(ItemFilter())

    def _filter_widgets_changed(self, *_: object) -> None:
        self.set_filter(
            ItemFilter(
                channel_id=self.channelFilter.currentData(),
                status=_status(self.statusFilter.currentData()),
                campaign_id=self.campaignFilter.currentData(),
                initiative_id=self.initiativeFilter.currentData(),
                owner=self.ownerFilter.currentData(),
                text=self.textFilter.text().strip(),
            )
        )

    @staticmethod
    def _mark_active(widget: QWidget, active: bool) -> None:
        font = widget.font()
        if font.bold() != active:
            font.setBold(active)
            widget.setFont(font)

    # -- selection ------------------------------------------------------------------------

    def selected_ids(self) -> list[int]:
        return list(self._selected)

    def select_ids(self, ids: Sequence[int]) -> None:
        """Select items in every layout (what the user's click does), and tell the others."""
        self._user_selected(list(ids))

    def _set_selection(self, ids: list[int]) -> None:
        self._selected = list(ids)
        for grid in (self.monthGrid, self.channelGrid):
            grid.set_selection(ids)
        if self._layout == "list":
            self.itemList.set_selection(ids)

    def _user_selected(self, ids: list[int]) -> None:
        self._set_selection(ids)
        self._emitting = True
        try:
            self.document.select_items(ids)
        finally:
            self._emitting = False

    # -- following the document ------------------------------------------------------------

    @Slot(object)
    def _on_changed(self, change: Change) -> None:
        only_items = change.kinds == {Item} and not change.plan
        if only_items and change.item_dates is not None and len(change.item_dates) <= 14:
            self._patch_cells(change.item_dates)
        else:
            self._cell_cache.clear()
        if change.plan or change.touches(Channel):
            self._reload_lookups()
            self._apply_period()
            return
        if change.touches(Campaign) or change.touches(Initiative):
            self._reload_lookups()
        elif change.touches(Item):
            self._note_owners(change)
        if change.touches(Item):
            gone = change.ids.get(Item, frozenset())
            alive = [i for i in self._selected if i not in gone or self._exists(i)]
            if alive != self._selected:
                self._set_selection(alive)
        self.reload()

    def _patch_cells(self, days: frozenset[date]) -> None:
        """After an edit of items on a few ``days``: read those days again in every month
        kept, instead of whole months (a drop touches two days of 42)."""
        pf = self.document.pf
        for key, (items, counts, _) in list(self._cell_cache.items()):
            name, start, end, capacity, f = key
            if name != self.monthGrid.objectName():
                del self._cell_cache[key]  # a channel grid's cells are weeks: read again
                continue
            touched = {d for d in days if start <= d <= end}
            if not touched:
                continue
            kept = [i for i in items if i.date not in touched]
            counts = {d: n for d, n in counts.items() if d not in touched}
            for day in sorted(touched):
                fresh, fresh_counts = repository.items_per_cell(pf, day, day, capacity, **f.query())
                kept += fresh
                counts.update(fresh_counts)
            kept.sort(key=lambda i: (i.date, i.time is not None, i.time or time.min, i.id))
            total = repository.count_items_between(pf, start, end)
            self._cell_cache[key] = (kept, counts, total)

    def _note_owners(self, change: Change) -> None:
        """Add owners that edited items introduced to the choices (without a full scan)."""
        ids = change.ids.get(Item, frozenset())
        if change.item_owners is None or len(ids) > 200:
            owners = repository.item_owners(self.document.pf)
        else:
            new = change.item_owners - set(self._owners)
            if not new:
                return
            owners = sorted({*self._owners, *new}, key=str.casefold)
        if owners != self._owners:
            self._owners = owners
            self._fill_combo(self.ownerFilter, [(o, o, None) for o in owners])

    def _exists(self, item_id: int) -> bool:
        try:
            repository.get(self.document.pf, Item, item_id)
        except NotFoundError:
            return False
        return True

    @Slot()
    def _on_plan_replaced(self) -> None:
        self._cell_cache.clear()
        self._selected = []
        self._highlight = None
        self._filter = ItemFilter()
        self._reload_lookups()
        self.set_filter(ItemFilter())
        self._apply_read_only()
        if self._loaded:
            self._start_month()

    def _apply_read_only(self) -> None:
        """A read-only plan is shown and selected in, never edited: no drags, no inline
        editors, no "+ New item"; the item dialog still opens, to read."""
        read_only = self.document.read_only
        for grid in (self.monthGrid, self.channelGrid):
            grid.read_only = read_only
        triggers = QAbstractItemView.EditTrigger
        self.itemList.setEditTriggers(
            triggers.NoEditTriggers
            if read_only
            else triggers.DoubleClicked | triggers.EditKeyPressed
        )
        self.newButton.setEnabled(not read_only)

    def _refuse_if_read_only(self) -> bool:
        if self.document.read_only:
            self.document.errorOccurred.emit(
                f"{self.document.pf.path.name} is open read-only; it cannot be changed."
            )
            return True
        return False

    @Slot(object)
    def _on_initiative_selected(self, initiative_id: int | None) -> None:
        self._highlight = initiative_id
        for grid in (self.monthGrid, self.channelGrid):
            grid.set_highlight(initiative_id)
        self.model.set_highlight(initiative_id)

    @Slot(object)
    def _on_items_selected(self, ids: list[int]) -> None:
        if self._emitting:
            return
        self._set_selection(list(ids))
        if ids:
            try:
                first = repository.get(self.document.pf, Item, ids[0])
            except NotFoundError:
                return
            start, end = self.visible_range()
            if not start <= first.date <= end or (
                self._layout == "month" and first.date.month != self._month.month
            ):
                self.show_month(first.date)

    @Slot(object, object)
    def _on_period_chosen(self, first: date, last: date) -> None:
        self.show_month(first)

    # -- editing (public) --------------------------------------------------------------------

    def _dialog(self, item: Item) -> Item | None:
        pf = self.document.pf
        channels = self._downstream()
        if all(c.id != item.channel_id for c in channels):
            current = self.document.channel(item.channel_id)
            channels = channels + ([current] if current else [])
        dialog = ItemDialog(
            item,
            channels=channels,
            campaigns=self._campaigns,
            initiatives=self._initiatives,
            owners=self._owners,
            formats=repository.item_formats(pf),
            currency=self.document.plan.currency,
            parent=self,
        )
        if self.document.read_only:
            dialog.set_read_only(f"{pf.path.name} is open read-only: this item can be read here.")
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        result = dialog.item() if accepted else None
        dialog.deleteLater()
        return result

    def _default_channel(self) -> int | None:
        if self._filter.channel_id is not None:
            return self._filter.channel_id
        downstream = self._downstream()
        return downstream[0].id if downstream else None

    def create_item(self, day: date, channel_id: int | None = None) -> Item | None:
        """Open the dialog for a new item on ``day``; push one "add" command if accepted."""
        if self._refuse_if_read_only():
            return None
        channel_id = channel_id or self._default_channel()
        if channel_id is None:
            self.document.errorOccurred.emit("Add a downstream channel before adding items.")
            return None
        channel = self.document.channel(channel_id)
        draft = Item.trusted(
            title="",
            date=day,
            channel_id=channel_id,
            time=None,
            format="",
            status=self._filter.status or ItemStatus.IDEA,
            owner=self._filter.owner or "",
            campaign_id=self._filter.campaign_id,
            initiative_id=self._filter.initiative_id or self._highlight,
            effort_hours=channel.default_effort_hours if channel else 0.0,
            cost=0.0,
            notes="",
            link="",
            reach=None,
            clicks=None,
            conversions=None,
            actual_cost=None,
            id=None,
        )
        new = self._dialog(draft)
        if new is None:
            return None
        command = commands.create(self.document, [new], f"Add “{new.title}”")
        if not self.document.execute(command):
            return None
        saved: Item = command.after[0]  # type: ignore[assignment]
        self._user_selected([saved.id])  # type: ignore[list-item]
        return saved

    def edit_item(self, item_id: int) -> bool:
        try:
            old = repository.get(self.document.pf, Item, item_id)
        except NotFoundError as error:
            self.document.errorOccurred.emit(str(error))
            return False
        new = self._dialog(old)
        if new is None or new == old:
            return False
        return self.document.execute(
            commands.edit(self.document, [old], [new], f"Edit “{new.title}”")
        )

    def _edit_from_list(self, old: Item, new: Item) -> bool:
        return self.document.execute(
            commands.edit(self.document, [old], [new], f"Edit “{new.title}”")
        )

    def _edit_from_popup(self, item_id: int) -> None:
        self.dayPopup.close_and_return()
        self.edit_item(item_id)

    def _delete_from_popup(self, ids: list[int]) -> None:
        self.dayPopup.close_and_return()
        self.delete_items(ids)

    def _items(self, ids: Sequence[int]) -> list[Item]:
        found = []
        for item_id in ids:
            try:
                found.append(repository.get(self.document.pf, Item, item_id))
            except NotFoundError:
                continue
        return found

    def delete_items(self, ids: Sequence[int], confirm: bool = True) -> bool:
        items = self._items(ids)
        if not items or self._refuse_if_read_only():
            return False
        if confirm:
            answer = QMessageBox.question(
                self,
                "Delete items",
                f"Delete {_quote(items)}? You can undo this.",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return False
        return self.document.execute(
            commands.delete(self.document, items, f"Delete {_quote(items)}")
        )

    def delete_selected(self) -> bool:
        return self.delete_items(self._selected)

    def move_items(
        self,
        ids: Sequence[int],
        days: int = 0,
        channel_id: int | None = None,
        copy: bool = False,
    ) -> bool:
        """Move (or copy) items by ``days`` and optionally to another channel: one undo step.

        This is what a drop in either grid and Ctrl+Shift+arrow call.
        """
        olds = self._items(ids)
        if not olds:
            return False
        news = [
            o.replace(
                date=o.date + timedelta(days=days),
                channel_id=channel_id if channel_id is not None else o.channel_id,
            )
            for o in olds
        ]
        if copy:
            news = [n.replace(id=None) for n in news]
            command = commands.create(self.document, news, f"Copy {_quote(olds)}")
        else:
            if news == olds:
                return False
            command = commands.edit(self.document, olds, news, f"Move {_quote(olds)}")
        if not self.document.execute(command):
            return False
        moved: list[Item] = command.after  # type: ignore[assignment]
        self._user_selected([i.id for i in moved])  # type: ignore[misc]
        start, end = self.visible_range()
        if not any(start <= i.date <= end for i in moved):
            self.show_month(moved[0].date)
        return True

    def reschedule(
        self, item_id: int, day: date, channel_id: int | None = None, copy: bool = False
    ) -> bool:
        """Put one item (and nothing else) on ``day``: the same path as dropping its chip."""
        olds = self._items([item_id])
        if not olds:
            return False
        return self.move_items([item_id], (day - olds[0].date).days, channel_id, copy)

    # -- small handlers -------------------------------------------------------------------

    def _new_from_button(self) -> None:
        grid = self.active_grid()
        if grid is not None and grid.cursor_key() is not None:
            grid.createRequested.emit(*grid.create_args(grid.cursor_key()))
            return
        today = date.today()
        in_month = today.year == self._month.year and today.month == self._month.month
        self.create_item(today if in_month else self._month)

    def _capacity_changed(self) -> None:
        if self.sender() is self.active_grid():
            self.reload()

    def cell_items(self, grid: ItemGrid, key: object) -> list[Item]:
        """Every item of a grid cell that the filter shows (what "+N more" lists)."""
        if isinstance(key, date):
            first = last = key
        else:
            first = self.channelGrid.week_start_date(key[1])  # type: ignore[index]
            last = first + timedelta(days=6)
        items = repository.list_items(self.document.pf, first, last)
        return [
            i
            for i in items
            if self._filter.matches(i) and (isinstance(key, date) or i.channel_id == key[0])  # type: ignore[index]
        ]

    def _cursor_left(self, day: date) -> None:
        self.show_month(day)

    def _show_more(self, key: object, at: QPoint) -> None:
        grid = self.sender()
        if not isinstance(grid, ItemGrid):
            return
        items = self.cell_items(grid, key)
        count = "1 item" if len(items) == 1 else f"{len(items)} items"
        if isinstance(key, date):
            title = f"{key:%A %-d %B %Y} · {count}"
        else:
            channel = self.document.channel(key[0])  # type: ignore[index]
            first = self.channelGrid.week_start_date(key[1])  # type: ignore[index]
            title = f"{channel.name if channel else ''} · week of {first:%-d %b} · {count}"
        channels = {c.id: c for c in self._channels if c.id is not None}
        self.dayPopup.show_items(title, items, channels, at)
        self.dayPopup.list.clearSelection()
