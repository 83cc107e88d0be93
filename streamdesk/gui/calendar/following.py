"""How the calendar follows the plan and the other views, through the document's signals.

A mixin of :class:`~streamdesk.gui.calendar.widget.CalendarWidget` (the attributes and
methods it uses are the widget's, declared here for the type checker only): an edit
anywhere refreshes what it touched, another plan resets everything, and a selection or a
period chosen elsewhere is shown here.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QAbstractItemView

from streamdesk.domain import Campaign, Channel, Initiative, Item
from streamdesk.gui.calendar.filters import ItemFilter
from streamdesk.gui.document import Change
from streamdesk.storage import NotFoundError, repository

if TYPE_CHECKING:
    from PySide6.QtWidgets import QToolButton

    from streamdesk.gui.calendar.cadence_gaps import FactsCache
    from streamdesk.gui.calendar.cell_cache import CellCache
    from streamdesk.gui.calendar.channel_grid import ChannelGrid
    from streamdesk.gui.calendar.filter_bar import FilterBar
    from streamdesk.gui.calendar.list_view import ItemTable, ItemTableModel
    from streamdesk.gui.calendar.lookups import PlanLookups
    from streamdesk.gui.calendar.menus import CalendarMenus
    from streamdesk.gui.calendar.month_grid import MonthGrid
    from streamdesk.gui.calendar.selection_chip import SelectionChip
    from streamdesk.gui.document import PlanDocument


class DocumentFollowing:
    """The calendar's slots for the document's signals."""

    if TYPE_CHECKING:
        document: PlanDocument
        lookups: PlanLookups
        menus: CalendarMenus
        monthGrid: MonthGrid
        channelGrid: ChannelGrid
        itemList: ItemTable
        model: ItemTableModel
        filterBar: FilterBar
        newButton: QToolButton
        selectionChip: SelectionChip
        _cell_cache: CellCache
        _cadence_facts: FactsCache
        _selected: list[int]
        _highlight: int | None
        _filter: ItemFilter
        _emitting: bool
        _loaded: bool
        _layout: str
        _month: date

        def reload(self) -> None: ...
        def show_month(self, day: date) -> None: ...
        def visible_range(self) -> tuple[date, date]: ...
        def set_filter(self, item_filter: ItemFilter | None = None, **changes: object) -> None: ...
        def _set_selection(self, ids: list[int]) -> None: ...
        def _reload_lookups(self) -> None: ...
        def _apply_period(self) -> None: ...
        def _start_month(self) -> None: ...

    @Slot(object)
    def _on_changed(self, change: Change) -> None:
        only_items = change.kinds == {Item} and not change.plan
        if only_items and change.item_dates is not None and len(change.item_dates) <= 14:
            self._cell_cache.patch(change.item_dates)
            self._cadence_facts.patch(self.document, change.item_dates)
        else:
            self._cell_cache.clear()
            self._cadence_facts.clear()
        if change.plan or change.touches(Channel):
            self._reload_lookups()
            self._apply_period()
            return
        if change.touches(Campaign) or change.touches(Initiative):
            self._reload_lookups()
        elif change.touches(Item):
            edited = len(change.ids.get(Item, frozenset()))
            if self.lookups.note_owners(self.document.pf, edited, change.item_owners):
                self.filterBar.set_owners(self.lookups.owners)
        if change.touches(Item):
            gone = change.ids.get(Item, frozenset())
            alive = [i for i in self._selected if i not in gone or self._exists(i)]
            if alive != self._selected:
                self._set_selection(alive)
        self.reload()

    def _exists(self, item_id: int) -> bool:
        try:
            repository.get(self.document.pf, Item, item_id)
        except NotFoundError:
            return False
        return True

    @Slot()
    def _on_plan_replaced(self) -> None:
        self._cell_cache.clear()
        self._cadence_facts.clear()
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

    @Slot(object)
    def _on_initiative_selected(self, initiative_id: int | None) -> None:
        self._highlight = initiative_id
        self.selectionChip.show_initiative(
            None if initiative_id is None else self.lookups.initiative_title(initiative_id)
        )
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
