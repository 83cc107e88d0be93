"""The list layout: its model (checked by qtmodeltester), sorting, each inline editor,
bad input and the keys."""

from __future__ import annotations

from datetime import timedelta

import pytest
import shiboken6
from calendar_helpers import (
    LEFT,
    MARCH,
    answer_delete,
    fill_dialog,
    other_channel,
    other_initiative,
    saved_items,
)
from PySide6.QtCore import QDate, QPoint, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QLineEdit,
)

from streamdesk.domain import Initiative, Item, ItemStatus, Stream
from streamdesk.gui import commands
from streamdesk.gui.calendar import CalendarWidget
from streamdesk.gui.calendar.dates import day_text, time_text
from streamdesk.gui.calendar.list_view import ID_ROLE, column
from streamdesk.storage import repository


def test_list_inline_editor_changes_status(qtbot, cal: CalendarWidget, document) -> None:  # type: ignore[no-untyped-def]
    cal.set_layout("list")
    view = cal.itemList
    index = view.proxy.index(0, column("status"))
    item_id = view.proxy.index(0, 0).data(Qt.ItemDataRole.UserRole + 1)
    old = saved_items(document)[item_id]
    view.setCurrentIndex(index)
    view.edit(index)
    editor = next(c for c in view.viewport().findChildren(QComboBox) if c.isVisible())
    target = ItemStatus.CANCELLED if old.status is not ItemStatus.CANCELLED else ItemStatus.IDEA
    editor.setCurrentIndex(editor.findData(target.value))
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the delegate commits through a queued call
    qtbot.waitUntil(lambda: saved_items(document)[item_id].status is target)
    assert saved_items(document)[item_id] == old.replace(status=target)
    assert document.undo_stack.count() == 1
    document.undo()
    assert saved_items(document)[item_id] == old


def test_list_sorts_by_column(qtbot, cal: CalendarWidget) -> None:  # type: ignore[no-untyped-def]
    cal.set_layout("list")
    view = cal.itemList
    view.sortByColumn(column("title"), Qt.SortOrder.DescendingOrder)
    titles = [view.proxy.index(r, column("title")).data() for r in range(view.proxy.rowCount())]
    assert titles == sorted(titles, key=str.casefold, reverse=True) and len(titles) > 2


def test_list_model_contract_and_highlight(qtmodeltester, cal: CalendarWidget, document) -> None:  # type: ignore[no-untyped-def]
    cal.set_layout("list")
    qtmodeltester.check(cal.model)
    qtmodeltester.check(cal.itemList.proxy)
    model = cal.model
    linked = next(r for r in range(model.rowCount()) if model.item_at(r).initiative_id is not None)
    initiative = model.item_at(linked).initiative_id
    document.select_initiative(initiative)
    for row in range(model.rowCount()):
        font = model.index(row, 1).data(Qt.ItemDataRole.FontRole)
        assert (font is not None and font.bold()) == (
            model.item_at(row).initiative_id == initiative
        )


def test_the_lists_initiative_editor_finds_an_initiative_by_typing(
    cal: CalendarWidget, document
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QStyleOptionViewItem

    cal.set_layout("list")
    view = cal.itemList
    index = view.model().index(0, column("initiative_id"))
    item_id = view.model().index(0, column("id")).data()
    delegate = view.itemDelegateForColumn(column("initiative_id"))
    editor = delegate.createEditor(view.viewport(), QStyleOptionViewItem(), index)
    delegate.setEditorData(editor, index)
    assert editor.isEditable()
    finder = editor.completer()
    finder.setCompletionPrefix("SMB")  # any part of a title, any case
    found = [finder.completionModel().index(r, 0).data() for r in range(finder.completionCount())]
    assert found and all("SMB" in title for title in found)
    editor.setCurrentIndex(editor.findText(found[0]))
    delegate.setModelData(editor, view.model(), index)
    linked = repository.get(document.pf, Item, item_id).initiative_id
    assert repository.get(document.pf, Initiative, linked).title == found[0]
    editor.deleteLater()


@pytest.mark.parametrize("field", ["date", "channel_id", "initiative_id", "campaign_id"])
def test_each_inline_editor_commits_one_undo_step(
    qtbot, cal: CalendarWidget, document, field: str
) -> None:  # type: ignore[no-untyped-def]
    cal.set_layout("list")
    view = cal.itemList
    index = view.proxy.index(0, column(field))
    item_id = index.data(ID_ROLE)
    old = saved_items(document)[item_id]
    view.setCurrentIndex(index)
    view.edit(index)
    if field == "date":
        editor = next(e for e in view.viewport().findChildren(QDateEdit) if e.isVisible())
        new_value: object = old.date + timedelta(days=3)
        editor.setDate(QDate(new_value.year, new_value.month, new_value.day))  # type: ignore[attr-defined]
    else:
        editor = next(e for e in view.viewport().findChildren(QComboBox) if e.isVisible())
        if field == "channel_id":
            new_value = other_channel(document, old)
        elif field == "initiative_id":
            new_value = other_initiative(document, old)
        else:
            campaigns = [c.id for c in repository.list_campaigns(document.pf)]
            new_value = next(c for c in [*campaigns, None] if c != old.campaign_id)
        assert editor.findData(new_value) >= 0
        editor.setCurrentIndex(editor.findData(new_value))
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: saved_items(document)[item_id] != old)
    assert saved_items(document)[item_id] == old.replace(**{field: new_value})
    assert document.undo_stack.count() == 1
    document.undo()
    assert saved_items(document)[item_id] == old
    document.redo()
    assert getattr(saved_items(document)[item_id], field) == new_value


@pytest.mark.parametrize(("field", "typed"), [("reach", "lots"), ("time", "25:99")])
def test_bad_inline_input_is_an_error_message_not_a_change(
    qtbot, cal: CalendarWidget, document, field: str, typed: str
) -> None:  # type: ignore[no-untyped-def]
    cal.set_layout("list")
    view = cal.itemList
    index = view.proxy.index(0, column(field))
    before = saved_items(document)
    errors: list[str] = []
    document.errorOccurred.connect(errors.append)
    view.setCurrentIndex(index)
    view.edit(index)
    editor = next(e for e in view.viewport().findChildren(QLineEdit) if e.isVisible())
    editor.setText(typed)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(errors))
    assert field.replace("_", " ") in errors[0].lower() or "time" in errors[0].lower()
    assert saved_items(document) == before
    assert document.undo_stack.count() == 0


def test_negative_effort_in_the_list_is_refused(cal: CalendarWidget, document) -> None:  # type: ignore[no-untyped-def]
    cal.set_layout("list")
    errors: list[str] = []
    document.errorOccurred.connect(errors.append)
    index = cal.itemList.proxy.index(0, column("effort_hours"))
    before = saved_items(document)
    assert not cal.itemList.proxy.setData(index, -2.0, Qt.ItemDataRole.EditRole)
    assert errors and "effort" in errors[0].lower()
    assert saved_items(document) == before


def test_list_keys_edit_create_and_delete(
    qtbot, cal: CalendarWidget, document, monkeypatch
) -> None:  # type: ignore[no-untyped-def]

    cal.set_layout("list")
    view = cal.itemList

    def click(item_id: int) -> None:
        row = next(
            r
            for r in range(view.proxy.rowCount())
            if view.proxy.index(r, 0).data(ID_ROLE) == item_id
        )
        rect = view.visualRect(view.proxy.index(row, column("title")))
        qtbot.mouseClick(view.viewport(), LEFT, pos=rect.center())

    item_id = view.proxy.index(0, 0).data(ID_ROLE)
    click(item_id)
    assert cal.selected_ids() == [item_id]
    fill_dialog(monkeypatch, owner="From the list")
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert saved_items(document)[item_id].owner == "From the list"
    before = saved_items(document)
    fill_dialog(monkeypatch, title="Typed in the list")
    qtbot.keyClick(view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    (new_id,) = saved_items(document).keys() - before.keys()
    assert saved_items(document)[new_id].title == "Typed in the list"
    answer_delete(monkeypatch, [True] * 5)
    click(item_id)
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert item_id not in saved_items(document)
    assert document.undo_stack.count() == 3
    document.undo()
    assert saved_items(document)[item_id].owner == "From the list"


def test_list_channel_editor_offers_downstream_channels_only(
    qtbot, cal: CalendarWidget, document
) -> None:  # type: ignore[no-untyped-def]
    upstream = document.channels(Stream.UPSTREAM)[0]
    odd = Item("On a research lane", MARCH + timedelta(days=2), upstream.id)
    document.execute(commands.create(document, [odd], "Add"))
    steps = document.undo_stack.count()
    cal.set_layout("list")
    view = cal.itemList
    rows = range(view.proxy.rowCount())
    row = next(r for r in rows if view.proxy.index(r, column("title")).data() == odd.title)
    index = view.proxy.index(row, column("channel_id"))
    view.setCurrentIndex(index)
    view.edit(index)
    editor = next(e for e in view.viewport().findChildren(QComboBox) if e.isVisible())
    offered = [editor.itemData(n) for n in range(editor.count())]
    downstream = [c.id for c in document.channels(Stream.DOWNSTREAM)]
    assert offered == [*downstream, upstream.id]  # its own channel stays, at the end
    assert editor.currentData() == upstream.id
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # closing without a choice changes nothing
    # the closed editor may already be deleted (deleteLater), which is closed too
    qtbot.waitUntil(lambda: not shiboken6.isValid(editor) or not editor.isVisible())
    assert document.undo_stack.count() == steps


def test_every_item_model_keeps_the_contract_through_filters_and_reloads(
    qtmodeltester, cal: CalendarWidget, document
) -> None:  # type: ignore[no-untyped-def]
    """The list's model and its filtering proxy, filtered, reloaded for another month and
    emptied; the filter bar's choice lists; the "+N more" list."""
    cal.set_layout("list")
    proxy = cal.itemList.proxy
    rows = proxy.rowCount()
    status = cal.model.item_at(0).status
    cal.set_filter(status=status)
    assert 0 < proxy.rowCount() <= rows
    qtmodeltester.check(proxy)
    cal.set_filter(text="no item is called this")
    assert proxy.rowCount() == 0
    qtmodeltester.check(proxy)
    cal.clear_filter()
    cal.next_month()
    qtmodeltester.check(cal.model)
    qtmodeltester.check(proxy)
    for combo in cal.filterBar.findChildren(QComboBox):
        assert combo.count() > 1
        qtmodeltester.check(combo.model())
    cal.set_layout("month")
    day = max(cal.monthGrid.items(), key=lambda i: cal.monthGrid.cell_count(i.date)).date
    cal.dayPopup.show_items("A day", cal.cell_items(cal.monthGrid, day), {}, QPoint(0, 0))
    assert cal.dayPopup.list.count() == cal.monthGrid.cell_count(day)
    qtmodeltester.check(cal.dayPopup.list.model())


def test_a_screen_reader_hears_the_rows_and_the_selection(
    qtbot, cal: CalendarWidget, document
) -> None:  # type: ignore[no-untyped-def]
    """Each cell's accessible description names its row's item (and the link that bold shows
    to sighted users); the table's own says what is selected, as the grids' do."""
    from PySide6.QtGui import QAccessible

    cal.set_layout("list")
    table, model = cal.itemList, cal.model
    assert table.accessibleName() == "Item list"
    channels = {c.id: c.name for c in document.channels()}
    timed = next(r for r in range(model.rowCount()) if model.item_at(r).time is not None)
    for row in (0, timed):
        item = model.item_at(row)
        said = model.index(row, column("status")).data(Qt.ItemDataRole.AccessibleDescriptionRole)
        assert said.startswith(f"{item.title}, {day_text(item.date)}")
        assert channels[item.channel_id] in said and item.status.value in said
        if item.time is not None:
            assert time_text(item.time) in said

    linked = next(r for r in range(model.rowCount()) if model.item_at(r).initiative_id is not None)
    initiative = model.item_at(linked).initiative_id
    document.select_initiative(initiative)
    title = next(i.title for i in repository.list_initiatives(document.pf) if i.id == initiative)
    for row in range(model.rowCount()):
        said = model.index(row, 1).data(Qt.ItemDataRole.AccessibleDescriptionRole)
        assert (f"linked to {title}" in said) == (model.item_at(row).initiative_id == initiative)

    reader = QAccessible.queryAccessibleInterface(table)
    assert reader is not None and reader.text(QAccessible.Text.Description) == ""
    first, second = model.item_at(0), model.item_at(1)
    cal.select_ids([first.id, second.id])
    heard = reader.text(QAccessible.Text.Description)
    assert heard.startswith("selected: ") and heard.endswith(" and 1 more")
    picked = {first.title, second.title}
    assert any(heard.startswith(f"selected: {t}, ") for t in picked)
    cal.select_ids([])
    assert reader.text(QAccessible.Text.Description) == ""
