"""The calendar's filter bar: one choice per field and a search box, emitting one filter.

It owns no data: the calendar fills its choices from the plan and shows the filter it
applies (so a filter set in code and one picked here look the same); the bar emits the
whole :class:`ItemFilter` the user's choices make, never a field at a time.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QSizePolicy, QToolButton, QWidget

from streamdesk.domain import Campaign, Channel, Initiative, ItemStatus
from streamdesk.gui.calendar.chips import colour_icon
from streamdesk.gui.calendar.filters import ItemFilter
from streamdesk.gui.combo import find_by_typing

Choice = tuple[str, object, QIcon | None]


def _status(value: object) -> ItemStatus | None:
    if value is None or isinstance(value, ItemStatus):
        return value
    return ItemStatus(str(value))


class FilterBar(QWidget):
    """Channel, status, campaign, initiative and owner choices, a search box, "Clear"."""

    filterChanged = Signal(object)  # the ItemFilter the user's choices make

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("calendarFilterBar")
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
        self.textFilter.textChanged.connect(self._widgets_changed)
        self.clearFiltersButton = QToolButton(self)
        self.clearFiltersButton.setObjectName("clearFiltersButton")
        self.clearFiltersButton.setText("Clear filters")
        self.clearFiltersButton.setToolTip("Show every item again")
        self.clearFiltersButton.setAutoRaise(True)
        self.clearFiltersButton.clicked.connect(lambda: self.filterChanged.emit(ItemFilter()))
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        for combo in self._combos():
            row.addWidget(combo, 1)
        row.addWidget(self.textFilter, 1)
        row.addWidget(self.clearFiltersButton)

    def _combos(self) -> tuple[QComboBox, ...]:
        return (
            self.channelFilter,
            self.statusFilter,
            self.campaignFilter,
            self.initiativeFilter,
            self.ownerFilter,
        )

    def _filter_combo(self, name: str, everything: str) -> QComboBox:
        combo = QComboBox(self)
        combo.setObjectName(name)
        combo.addItem(everything, None)
        combo.setMinimumContentsLength(4)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        combo.setToolTip(everything.replace("All", "Show only one of the"))
        combo.currentIndexChanged.connect(self._widgets_changed)
        return combo

    def _make_searchable(self, combo: QComboBox) -> None:
        """Let a long filter list be searched: type any part of an entry, pick a match.
        Text that names no entry is put back to the current choice; empty means "All"."""
        find_by_typing(combo)
        edit = combo.lineEdit()
        assert edit is not None  # find_by_typing made the box editable
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

    # -- what the calendar calls ----------------------------------------------------------

    def set_choices(
        self,
        downstream: Sequence[Channel],
        campaigns: Sequence[Campaign],
        initiatives: Sequence[Initiative],
        owners: Sequence[str],
    ) -> None:
        """Offer the plan's channels (downstream ones: content goes there), campaigns,
        initiatives and owners; a current choice that still exists stays chosen."""
        self._fill(self.channelFilter, [(c.name, c.id, colour_icon(c.colour)) for c in downstream])
        self._fill(self.campaignFilter, [(c.name, c.id, None) for c in campaigns])
        self._fill(self.initiativeFilter, [(i.title, i.id, None) for i in initiatives])
        self.set_owners(owners)

    def set_owners(self, owners: Sequence[str]) -> None:
        self._fill(self.ownerFilter, [(o, o, None) for o in owners])

    def show_filter(self, item_filter: ItemFilter) -> None:
        """Show ``item_filter`` in the widgets (without emitting), active fields in bold."""
        values = (
            item_filter.channel_id,
            item_filter.status,
            item_filter.campaign_id,
            item_filter.initiative_id,
            item_filter.owner,
        )
        for combo, value in zip(self._combos(), values, strict=True):
            with QSignalBlocker(combo):
                combo.setCurrentIndex(max(0, combo.findData(value)) if value is not None else 0)
            self._mark_active(combo, value is not None)
        with QSignalBlocker(self.textFilter):
            if self.textFilter.text() != item_filter.text:
                self.textFilter.setText(item_filter.text)
        self._mark_active(self.textFilter, bool(item_filter.text))
        self.clearFiltersButton.setEnabled(item_filter.active)

    def current_filter(self) -> ItemFilter:
        """The filter the widgets show now."""
        return ItemFilter(
            channel_id=self.channelFilter.currentData(),
            status=_status(self.statusFilter.currentData()),
            campaign_id=self.campaignFilter.currentData(),
            initiative_id=self.initiativeFilter.currentData(),
            owner=self.ownerFilter.currentData(),
            text=self.textFilter.text().strip(),
        )

    # -- inside ---------------------------------------------------------------------------

    def _widgets_changed(self, *_: object) -> None:
        self.filterChanged.emit(self.current_filter())

    @staticmethod
    def _fill(combo: QComboBox, entries: Sequence[Choice]) -> None:
        current = combo.currentData()
        with QSignalBlocker(combo):
            while combo.count() > 1:
                combo.removeItem(1)
            for label, value, icon in entries:
                if icon is None:
                    combo.addItem(label, value)
                else:
                    combo.addItem(icon, label, value)
            index = combo.findData(current) if current is not None else 0
            combo.setCurrentIndex(max(0, index))

    @staticmethod
    def _mark_active(widget: QWidget, active: bool) -> None:
        font = widget.font()
        if font.bold() != active:
            font.setBold(active)
            widget.setFont(font)
