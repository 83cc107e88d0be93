"""The content calendar: three layouts of the downstream items, shared filters, editing.

Reads go through ``document.pf`` and repository functions, for the visible date range
only, kept in a :class:`~streamdesk.gui.calendar.cell_cache.CellCache`; every edit is one
undo command made by :class:`~streamdesk.gui.calendar.editing.ItemEditing`; the other views
are followed and told through the document's signals, never called.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from PySide6.QtCore import QPoint, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QHideEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLayout,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from streamdesk.domain import Item, clock
from streamdesk.gui.calendar import cadence_gaps
from streamdesk.gui.calendar.cell_cache import CellCache, CellRead, Period
from streamdesk.gui.calendar.channel_grid import ChannelGrid
from streamdesk.gui.calendar.dates import day_text, month_text, short_month
from streamdesk.gui.calendar.day_popup import DayItemsPopup
from streamdesk.gui.calendar.editing import CalendarEditing, ItemEditing
from streamdesk.gui.calendar.filter_bar import FilterBar
from streamdesk.gui.calendar.filters import ItemFilter
from streamdesk.gui.calendar.following import DocumentFollowing
from streamdesk.gui.calendar.grid import ItemGrid
from streamdesk.gui.calendar.legend import StatusLegend
from streamdesk.gui.calendar.list_view import (
    ItemTable,
    ItemTableModel,
    install_editors,
)
from streamdesk.gui.calendar.lookups import Choices, PlanLookups
from streamdesk.gui.calendar.menus import CalendarMenus
from streamdesk.gui.calendar.month_grid import MonthGrid
from streamdesk.gui.calendar.toolbar import LAYOUTS, CalendarToolbar
from streamdesk.gui.document import PlanDocument
from streamdesk.storage import repository, series_repo

PREFETCH_IDLE_MS = 400  # read the neighbouring periods once the user pauses


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


class CalendarWidget(QWidget, CalendarEditing, DocumentFollowing):
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
        self.lookups = PlanLookups()
        self._shown = 0
        self._total = 0
        self._cell_cache = CellCache(lambda: self.document.pf)
        self._cadence_facts = cadence_gaps.FactsCache()
        self.editing = ItemEditing(document, self, self.lookups.choices)
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

    def height_for_chips(self, chips: int, weeks: int = 6) -> int:
        """The calendar's height that gives the Month view ``chips`` chips a day in a month
        of ``weeks`` weeks: its tool rows and footer, plus what the grid needs."""
        layout = self.layout()
        stack = None if layout is None else layout.itemAt(layout.indexOf(self.stack))
        assert layout is not None and stack is not None  # made in _build
        around = layout.sizeHint().height() - stack.sizeHint().height()
        return around + self.monthGrid.height_for(chips, weeks)

    def _build(self) -> None:
        self.toolbar = CalendarToolbar(self)
        bar = self.toolbar
        bar.stepRequested.connect(self.step)
        bar.todayRequested.connect(self.go_today)
        bar.monthPicked.connect(self.show_month)
        bar.layoutChosen.connect(self.set_layout)
        bar.newRequested.connect(self._new_from_button)
        bar.fillGapsRequested.connect(self.fill_gaps)
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
        install_editors(self.itemList, self.lookups.choices)
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
        self._fit_list = True  # the list sizes its columns to what it shows next
        index = LAYOUTS.index(name)
        self.toolbar.show_layout(name)
        self.stack.setCurrentIndex(index)
        self.setFocusProxy((self.monthGrid, self.channelGrid, self.itemList)[index])
        self._update_period_label()
        self.reload()

    _loaded = False
    _fit_list = True  # size the list's columns at its next reload (new period or layout)

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
        self._fit_list = True
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
            places = cadence_gaps.ghost_places(
                self.document,
                start,
                end,
                self._filter.channel_id,
                named=grid is self.monthGrid,
                cache=self._cadence_facts,
            )
            grid.set_ghosts(
                [(days[0], channel, words) for days, channel, words in places],
                [days[1:] for days, _, _ in places],
            )
            grid.set_selection(self._selected)
            grid.set_highlight(self._highlight)
            self._shown = sum(grid.cell_count(k) for k in counts)
            self._prefetch.start()
        else:
            items = repository.list_items(pf, start, end)
            self.model.set_items(items)
            self.itemList.proxy.set_filter(self._filter)
            if self._fit_list:  # not after an edit: the columns would shift under the user
                self._fit_list = False
                self.itemList.fit_columns()
            self.itemList.set_selection(self._selected)
            self._shown, self._total = self.itemList.proxy.rowCount(), len(items)
        self._update_summary()

    def fill_gaps(self) -> bool:
        """Idea items for the unmet cadence slots of the visible period: one undo step."""
        if self._refuse_if_read_only():
            return False
        start, end = self.visible_range()
        command = cadence_gaps.fill_gaps(self.document, start, end)
        if command is None:
            if cadence_gaps.slots(self.document, start, end):  # ghosts shown, ideas there
                self.document.errorOccurred.emit(
                    "The gaps of this period already have idea items: they count once "
                    "they are drafts or further on (or tick “Ideas count” in Edit → Cadence…)."
                )
                return False
            self.document.errorOccurred.emit(self._no_gaps_text(end))
            return False
        if not self.document.execute(command):
            return False
        return self.show_edited([e for e in command.after if isinstance(e, Item)])

    def _no_gaps_text(self, end: date) -> str:
        """Why Fill gaps made nothing. "Every commitment is met" was said of a plan with
        none, and of March gone by with two LinkedIn weeks missed."""
        if not series_repo.list_cadences(self.document.pf):
            return "This plan has no cadence commitments yet: set them in Edit → Cadence…."
        if end < clock.today():
            return (
                "This period has passed: Fill gaps plans the weeks and months still to "
                "come. How the commitments were kept is in the health panel's Cadence section."
            )
        return "No cadence gaps to fill here: every commitment of this period is met."

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
        lookups = self.lookups
        lookups.reload(pf, self.document.channels())
        downstream = lookups.downstream()
        for grid in (self.monthGrid, self.channelGrid):
            grid.set_channels(lookups.channels)
        self.channelGrid.set_rows(downstream)
        self.model.set_lookups(lookups.channels, lookups.campaigns, lookups.initiatives)
        self.filterBar.set_choices(
            downstream, lookups.campaigns, lookups.initiatives, lookups.owners
        )

    # -- filters ----------------------------------------------------------------------

    def item_filter(self) -> ItemFilter:
        return self._filter

    def set_filter(self, item_filter: ItemFilter | None = None, **changes: object) -> None:
        """Replace the filter (or change some of its fields) and show the result."""
        new = (item_filter or self._filter).with_(**changes)
        self._filter = new
        self.filterBar.show_filter(new)
        if self._loaded:  # before a first period is shown there is nothing to read yet
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

    def _refuse_if_read_only(self) -> bool:
        return self.editing.refuse_if_read_only()

    # -- small handlers -------------------------------------------------------------------

    def _new_from_button(self) -> None:
        self.create_item(*self.paste_target())

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
        channels = {c.id: c for c in self.lookups.channels if c.id is not None}
        self.dayPopup.show_items(title, items, channels, at)
        self.dayPopup.list.clearSelection()

    # -- right-click menus and the initiative shown ----------------------------------------

    def menu_choices(self) -> Choices:
        return self.lookups.choices()

    def paste_target(self) -> tuple[date, int | None]:
        """Where "+ New item" and Paste put things without a menu: the keyboard's cell,
        else today in today's month, else the month's first day."""
        grid = self.active_grid()
        key = grid.cursor_key() if grid is not None else None
        if grid is not None and key is not None:
            return grid.create_args(key)
        today = date.today()
        in_month = today.year == self._month.year and today.month == self._month.month
        return (today if in_month else self._month), None

    def _grid_menu(self, key: object, on_items: bool, at: QPoint) -> None:
        grid = self.sender()
        if isinstance(grid, ItemGrid):
            self.menus.open(on_items, None if key is None else grid.create_args(key), at)

    def _list_menu(self, pos: QPoint) -> None:
        on_row = self.itemList.indexAt(pos).isValid()
        self.menus.open(on_row, self.paste_target(), self.itemList.viewport().mapToGlobal(pos))

    def _clear_initiative(self) -> None:
        """The ✕ of "Showing: …", or a click on an empty part of a grid: every view shows
        every item alike again (through the document, so the timeline follows)."""
        if self._highlight is not None:
            self.document.select_initiative(None)
