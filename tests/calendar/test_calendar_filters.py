"""The filter bar: filters apply to every layout, clear, and a long list is searched."""

from __future__ import annotations

import pytest
from calendar_helpers import (
    LEFT,
)
from PySide6.QtCore import Qt

from streamdesk.domain import ItemStatus
from streamdesk.gui.calendar import CalendarWidget


def test_filters_apply_to_every_layout_and_clear(qtbot, cal: CalendarWidget, document) -> None:  # type: ignore[no-untyped-def]
    everything = cal.monthGrid.items()
    channel = everything[0].channel_id
    combo = cal.channelFilter
    combo.setCurrentIndex(combo.findData(channel))
    shown = cal.monthGrid.items()
    assert shown and all(i.channel_id == channel for i in shown)
    assert len(shown) < len(everything)
    assert "Filtered by channel" in cal.summaryLabel.text()
    assert cal.clearFiltersButton.isEnabled()
    cal.set_layout("list")
    proxy = cal.itemList.proxy
    month_items = [i for i in everything if i.date.month == 3]
    expected = [i for i in month_items if i.channel_id == channel]
    assert proxy.rowCount() == len(expected)
    qtbot.mouseClick(cal.clearFiltersButton, LEFT)
    assert proxy.rowCount() == len(month_items)
    assert not cal.clearFiltersButton.isEnabled()
    cal.set_layout("month")
    word = everything[0].title.split()[0]
    qtbot.keyClicks(cal.textFilter, word)
    assert cal.monthGrid.items()
    assert all(word.lower() in i.title.lower() for i in cal.monthGrid.items())
    cal.set_filter(channel_id=None, text="")
    status = cal.monthGrid.items()[0].status
    cal.statusFilter.setCurrentIndex(cal.statusFilter.findData(status.value))
    assert cal.item_filter().status is status
    assert cal.monthGrid.items()
    assert all(i.status is status for i in cal.monthGrid.items())
    cal.set_filter(status=ItemStatus.CANCELLED)
    assert cal.statusFilter.currentData() == "cancelled"
    assert all(i.status is ItemStatus.CANCELLED for i in cal.monthGrid.items())


@pytest.mark.qt_log_ignore("This plugin does not support")  # the offscreen completer popup
def test_the_initiative_filter_is_searched_by_typing(qtbot, cal: CalendarWidget, document) -> None:  # type: ignore[no-untyped-def]
    combo = cal.initiativeFilter
    edit = combo.lineEdit()
    linked = next(i for i in cal.monthGrid.items() if i.initiative_id is not None)
    title = combo.itemText(combo.findData(linked.initiative_id))
    finder = combo.completer()
    finder.setCompletionPrefix(title[4:14].lower())  # any part of a title, any case
    matches = [finder.completionModel().index(r, 0).data() for r in range(finder.completionCount())]
    assert title in matches and "All initiatives" not in matches
    cal.activateWindow()
    qtbot.mouseClick(edit, LEFT, pos=edit.rect().center())
    qtbot.waitUntil(combo.hasFocus)
    qtbot.waitUntil(lambda: edit.selectedText() == "All initiatives")  # type over it
    qtbot.keyClicks(edit, title.upper())
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert cal.item_filter().initiative_id == linked.initiative_id
    assert all(i.initiative_id == linked.initiative_id for i in cal.monthGrid.items())
    edit.selectAll()
    qtbot.keyClicks(edit, "no such initiative")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert cal.item_filter().initiative_id == linked.initiative_id  # unchanged
    assert edit.text() == title
    edit.clear()
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert cal.item_filter().initiative_id is None and edit.text() == "All initiatives"
