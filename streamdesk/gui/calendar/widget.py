"""The content calendar: three layouts of the downstream items, shared filters, editing.

Reads go through ``document.pf`` and repository functions, for the visible date range
only, kept in a :class:`~streamdesk.gui.calendar.cell_cache.CellCache`; every edit is one
undo command made by :class:`~streamdesk.gui.calendar.editing.ItemEditing`; the other views
are followed and told through the document's signals, never called.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from PySide6.QtCore import QPoint, QSize, Qt, QTimer, Slot
from PySide6.QtGui import QAction, QHideEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLayout,
    QMenu,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from streamdesk.domain import Campaign, Channel, Initiative, Item, Stream
from streamdesk.gui.calendar import menus as calendar_menus
from streamdesk.gui.calendar.cell_cache import CellCache, CellRead, Period
from streamdesk.gui.calendar.channel_grid import ChannelGrid
from streamdesk.gui.calendar.dates import day_text, month_text, short_month
from streamdesk.gui.calendar.day_popup import DayItemsPopup
from streamdesk.gui.calendar.editing import Choices, ItemEditing
from streamdesk.gui.calendar.filter_bar import FilterBar
from streamdesk.gui.calendar.filters import ItemFilter
from streamdesk.gui.calendar.grid import ItemGrid
from streamdesk.gui.calendar.legend import StatusLegend
from streamdesk.gui.calendar.list_view import (
    ItemTable,
    ItemTableModel,
    install_editors,
)
from streamdesk.gui.calendar.menus import CalendarMenus
from streamdesk.gui.calendar.month_grid import MonthGrid
from streamdesk.gui.calendar.toolbar import LAYOUTS, CalendarToolbar
from streamdesk.gui.document import Change, PlanDocument
from streamdesk.storage import NotFoundError, repository

PREFETCH_IDLE_MS = 400  # read the neighbouring periods once the user pauses


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


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
        self._cell_cache = CellCache(lambda: self.document.pf)
        self.editing = ItemEditing(document, self, self._choices)
        self.menus = CalendarMenus(self, self)
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

    def view_actions(self) -> list[QAction]:
        """Month / Channels / List, then Previous / Next period and Today, with their
        shortcuts: for the main window's View menu."""
        return self.toolbar.view_actions()

    def minimumSizeHint(self) -> QSize:
        """Narrow if need be (the tool rows clip), but tall enough for every week of a month."""
        return QSize(300, super().minimumSizeHint().height())

    def _build(self) -> None:
        self.toolbar = CalendarToolbar(self)
        bar = self.toolbar
        bar.stepRequested.connect(self.step)
        bar.todayRequested.connect(self.go_today)
        bar.monthPicked.connect(self.show_month)
        bar.layoutChosen.connect(self.set_layout)
        bar.newRequested.connect(self._new_from_button)
        self.selectionChip = bar.selectionChip
        self.selectionChip.clearRequested.connect(self._clear_initiative)
        self.prevButton, self.todayButton, self.nextButton = (
            bar.prevButton,
            bar.todayButton,
            bar.nextButton,
        )
        self.monthPicker, self.periodLabel, self.newButton = (
            bar.monthPicker,
            bar.periodLabel,
            bar.newButton,
        )

        self.filterBar = FilterBar(self)
        self.filterBar.filterChanged.connect(self.set_filter)
        filters = self.filterBar  # the filters are the calendar's: tests find them here
        self.channelFilter, self.statusFilter = filters.channelFilter, filters.statusFilter
        self.campaignFilter = filters.campaignFilter
        self.initiativeFilter = filters.initiativeFilter
        self.ownerFilter, self.textFilter = filters.ownerFilter, filters.textFilter
        self.clearFiltersButton = filters.clearFiltersButton

        self.monthGrid = MonthGrid(self)
        self.channelGrid = ChannelGrid(self)
        self.model = ItemTableModel(self._edit_from_list, self)
        self.model.editFailed.connect(self.document.errorOccurred)
        self.itemList = ItemTable(self.model, self)
        install_editors(self.itemList, self._choices)
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
            grid.contextMenuRequested.connect(self._grid_menu)
            grid.emptyClicked.connect(self._clear_initiative)
        self.itemList.selectionEdited.connect(self._user_selected)
        self.itemList.editRequested.connect(self.edit_item)
        self.itemList.createRequested.connect(self._new_from_button)
        self.itemList.deleteRequested.connect(self.delete_selected)
        self.itemList.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.itemList.customContextMenuRequested.connect(self._list_menu)

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
        layout.addWidget(self.toolbar)
        layout.addWidget(self.filterBar)
        layout.addWidget(self.stack, 1)
        layout.addLayout(bottom)
        # the bars may be clipped in a very narrow window rather than force the window wider,
        # but never in height: a short pane would cut off the month's last weeks
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self.setMinimumWidth(300)
        self.setFocusProxy(self.monthGrid)

    # -- choices for the inline editors -----------------------------------------------------

    def _choices(self) -> Choices:
        return Choices(self._downstream(), self._campaigns, self._initiatives, self._owners)

    def _downstream(self) -> list[Channel]:
        return [c for c in self._channels if c.stream is Stream.DOWNSTREAM]

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
        self.toolbar.show_layout(name)
        self.stack.setCurrentIndex(index)
        self.setFocusProxy((self.monthGrid, self.channelGrid, self.itemList)[index])
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
        self._update_period_label()
        self._loaded = True
        self.reload()

    def _update_period_label(self) -> None:
        if self._layout == "channels":
            q = self.channelGrid.quarter()
            end = _add_months(q, 2)
            text = f"Q{(q.month - 1) // 3 + 1} {q.year} · {short_month(q)}–{short_month(end)}"
        else:
            text = month_text(self._month)
        self.toolbar.show_month(self._month, text)

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

    def _period(self, grid: ItemGrid, start: date, end: date) -> Period:
        return Period(
            grid.objectName(), start, end, grid.capacity(), self._filter, grid is self.channelGrid
        )

    def _cells(self, grid: ItemGrid, start: date, end: date) -> CellRead:
        """A grid period's first items per cell, cell counts and unfiltered total (kept: see
        ``cell_cache``)."""
        return self._cell_cache.read(self._period(grid, start, end))

    def _prefetch_neighbours(self) -> None:
        grid = self.active_grid()
        if grid is None or not self.isVisible():
            return
        months = 3 if grid is self.channelGrid else 1
        week_start = self.document.plan.week_start
        ranges = (
            grid.range_for(_add_months(self._month, direction * months), week_start)
            for direction in (1, -1)
        )
        self._cell_cache.prefetch(self._period(grid, start, end) for start, end in ranges)

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
        self.filterBar.set_choices(downstream, self._campaigns, self._initiatives, self._owners)

    # -- filters ----------------------------------------------------------------------

    def item_filter(self) -> ItemFilter:
        return self._filter

    def set_filter(self, item_filter: ItemFilter | None = None, **changes: object) -> None:
        """Replace the filter (or change some of its fields) and show the result."""
        new = (item_filter or self._filter).with_(**changes)
        self._filter = new
        self.filterBar.show_filter(new)
        self.reload()

    def clear_filter(self) -> None:
        self.set_filter(ItemFilter())

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
            self._cell_cache.patch(change.item_dates)
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
            self.filterBar.set_owners(owners)

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
        self.menus.set_read_only(read_only)

    def _refuse_if_read_only(self) -> bool:
        return self.editing.refuse_if_read_only()

    @Slot(object)
    def _on_initiative_selected(self, initiative_id: int | None) -> None:
        self._highlight = initiative_id
        title = None
        if initiative_id is not None:
            found = next((i for i in self._initiatives if i.id == initiative_id), None)
            title = found.title if found is not None else f"initiative {initiative_id}"
        self.selectionChip.show_initiative(title)
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
        draft = self.editing.draft(day, channel_id, self._filter, self._highlight)
        if draft is None:
            return None
        saved = self.editing.create(draft)
        if saved is not None and saved.id is not None:
            self._user_selected([saved.id])
        return saved

    def edit_item(self, item_id: int) -> bool:
        return self.editing.edit(item_id)

    def _edit_from_list(self, old: Item, new: Item) -> bool:
        return self.editing.apply(old, new)

    def _edit_from_popup(self, item_id: int) -> None:
        self.dayPopup.close_and_return()
        self.edit_item(item_id)

    def _delete_from_popup(self, ids: list[int]) -> None:
        self.dayPopup.close_and_return()
        self.delete_items(ids)

    def _items(self, ids: Sequence[int]) -> list[Item]:
        return self.editing.items(ids)

    def delete_items(self, ids: Sequence[int], confirm: bool = True) -> bool:
        return self.editing.delete(ids, confirm)

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
        return self.show_edited(self.editing.move(ids, days, channel_id, copy))

    def show_edited(self, items: list[Item] | None) -> bool:
        """Select what an edit made or moved, and turn the page if none of it is in view."""
        if not items:
            return False
        self._user_selected([i.id for i in items if i.id is not None])
        start, end = self.visible_range()
        if not any(start <= i.date <= end for i in items):
            self.show_month(items[0].date)
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
        channel_id: object = None
        if isinstance(key, tuple):  # (channel id, week) in the channel grid
            channel_id, week = key
            first = self.channelGrid.week_start_date(week)
            last = first + timedelta(days=6)
        elif isinstance(key, date):
            first = last = key
        else:
            return []
        items = repository.list_items(self.document.pf, first, last)
        return [
            i
            for i in items
            if self._filter.matches(i) and (channel_id is None or i.channel_id == channel_id)
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
            title = f"{day_text(key)} · {count}"
        elif isinstance(key, tuple):
            channel = self.document.channel(key[0])
            first = self.channelGrid.week_start_date(key[1])
            week = day_text(first, weekday=False, year=False)
            title = f"{channel.name if channel else ''} · week of {week} · {count}"
        else:
            return
        channels = {c.id: c for c in self._channels if c.id is not None}
        self.dayPopup.show_items(title, items, channels, at)
        self.dayPopup.list.clearSelection()

    # -- right-click menus and the initiative shown ----------------------------------------

    def menu_choices(self) -> Choices:
        return self._choices()

    def paste_target(self) -> tuple[date, int | None] | None:
        """Where Paste and New item put things without a menu: the keyboard's cell."""
        grid = self.active_grid()
        key = grid.cursor_key() if grid is not None else None
        if grid is not None and key is not None:
            return grid.create_args(key)
        today = date.today()
        in_month = today.year == self._month.year and today.month == self._month.month
        return (today if in_month else self._month), None

    def _grid_menu(self, key: object, on_items: bool, at: QPoint) -> None:
        grid = self.sender()
        if not isinstance(grid, ItemGrid):
            return
        if on_items and self._selected:
            self._run_menu(self.menus.item_menu(self._selected), at)
        elif key is not None:
            self._run_menu(self.menus.day_menu(*grid.create_args(key)), at)

    def _list_menu(self, pos: QPoint) -> None:
        at = self.itemList.viewport().mapToGlobal(pos)
        if self.itemList.indexAt(pos).isValid() and self._selected:
            self._run_menu(self.menus.item_menu(self._selected), at)
        else:
            target = self.paste_target()
            if target is not None:
                self._run_menu(self.menus.day_menu(*target), at)

    def _run_menu(self, menu: QMenu, at: QPoint) -> None:
        try:
            calendar_menus.pop_up(menu, at)
        finally:
            self.menus.menu_closed()
            menu.deleteLater()

    def _clear_initiative(self) -> None:
        """The ✕ of "Showing: …", or a click on an empty part of a grid: every view shows
        every item alike again (through the document, so the timeline follows)."""
        if self._highlight is not None:
            self.document.select_initiative(None)
