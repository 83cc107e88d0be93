"""The calendar as a consultant meets it: each inline editor, bad input, the keyboard,
an empty plan and a week that starts on Sunday, all checked in the plan file."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import QDate, QPoint, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QApplication, QComboBox, QDateEdit, QLabel, QLineEdit, QWidget

from streamdesk.domain import Item, Stream
from streamdesk.gui import commands
from streamdesk.gui.calendar import CalendarWidget, create_calendar
from streamdesk.gui.calendar.item_dialog import ItemDialog
from streamdesk.gui.calendar.list_view import ID_ROLE, column
from streamdesk.gui.document import PlanDocument
from streamdesk.storage import create_plan, repository
from tests.test_calendar import MARCH, centre, fill_dialog, saved_items

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def cal(qtbot, document) -> CalendarWidget:  # type: ignore[no-untyped-def]
    widget = create_calendar(document)
    qtbot.addWidget(widget)
    widget.resize(1000, 700)
    widget.show()
    qtbot.waitExposed(widget)
    widget.show_month(MARCH)
    return widget


def _other_channel(document, item: Item) -> int:  # type: ignore[no-untyped-def]
    return next(c.id for c in document.channels(Stream.DOWNSTREAM) if c.id != item.channel_id)


def _other_initiative(document, item: Item) -> int:  # type: ignore[no-untyped-def]
    return next(
        i.id for i in repository.list_initiatives(document.pf) if i.id != item.initiative_id
    )


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
            new_value = _other_channel(document, old)
        elif field == "initiative_id":
            new_value = _other_initiative(document, old)
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


def _tab_chain(dialog: ItemDialog) -> list[str]:
    """The named fields Tab visits from the title, in order, as QWidget's focus chain does."""
    names: list[str] = []
    widget: QWidget = dialog.titleEdit.nextInFocusChain()
    while widget is not dialog.titleEdit and len(names) < 60:
        tab = widget.focusPolicy() & Qt.FocusPolicy.TabFocus == Qt.FocusPolicy.TabFocus
        if tab and widget.isEnabled() and widget.isVisible() and widget.objectName():
            names.append(widget.objectName())
        widget = widget.nextInFocusChain()
    return ["titleEdit", *names]


def test_item_dialog_reads_in_order_and_labels_every_field(qtbot, document) -> None:  # type: ignore[no-untyped-def]
    channels = document.channels(Stream.DOWNSTREAM)
    item = Item("Post", date(2027, 4, 5), channels[0].id, id=1)
    dialog = ItemDialog(item, channels=channels, campaigns=repository.list_campaigns(document.pf))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    chain = _tab_chain(dialog)
    expected = [
        "titleEdit",
        "dateEdit",
        "timeCheck",
        "channelCombo",  # the time is disabled until "at" is ticked
        "formatCombo",
        "statusCombo",
        "ownerCombo",
        "campaignCombo",
        "initiativeCombo",
        "effortSpin",
        "costSpin",
        "linkEdit",
        "reachSpin",
        "clicksSpin",
        "conversionsSpin",
        "actualCostSpin",
        "notesEdit",
    ]
    assert [n for n in chain if n in {*expected, "timeEdit"}] == expected
    dialog.timeCheck.setChecked(True)
    assert "timeEdit" in _tab_chain(dialog)
    labels = [label for label in dialog.findChildren(QLabel) if label.buddy() is not None]
    assert {label.buddy().objectName() for label in labels} >= set(expected) - {"timeCheck"}
    assert all("&" not in label.text().replace("&", "", 1) for label in labels)
    for label in labels:  # a label never touches its field
        field = label.buddy()
        if field.parentWidget() is label.parentWidget() and field.y() == label.y():
            assert label.geometry().right() < field.geometry().left() - 2, label.text()


def test_item_dialog_refuses_a_missing_channel_with_a_message(qtbot) -> None:  # type: ignore[no-untyped-def]
    """No downstream channel to choose: the dialog says so and stays open."""
    dialog = ItemDialog(Item("x", date(2027, 1, 1), 1), channels=[])
    qtbot.addWidget(dialog)
    dialog.titleEdit.setText("Launch post")
    dialog.accept()
    assert dialog.item() is None
    assert "channel" in dialog.errorLabel.text().lower() and not dialog.errorLabel.isHidden()


def test_tab_walks_a_cells_chips_then_leaves_the_grid(qtbot, cal: CalendarWidget) -> None:  # type: ignore[no-untyped-def]
    grid = cal.monthGrid
    day = MARCH + timedelta(days=9)
    channel = cal.document.channels(Stream.DOWNSTREAM)[0].id
    for item in grid.cell_items(day):
        cal.delete_items([item.id], confirm=False)
    cal.document.execute(
        commands.create(cal.document, [Item(f"Pair {n}", day, channel) for n in (1, 2)], "Add")
    )
    ids = [i.id for i in grid.cell_items(day)]
    assert len(ids) == 2
    cal.activateWindow()
    grid.setFocus()
    qtbot.waitUntil(grid.hasFocus)
    grid.set_cursor_key(day)
    qtbot.keyClick(grid, Qt.Key.Key_Tab)
    assert cal.selected_ids() == ids[:1]
    qtbot.keyClick(grid, Qt.Key.Key_Tab)
    assert cal.selected_ids() == ids[1:2]
    qtbot.keyClick(grid, Qt.Key.Key_Tab)
    assert not grid.hasFocus()  # the keyboard is not trapped in the grid


def test_tab_past_a_busy_days_chips_opens_its_list_and_enter_edits(
    qtbot, cal: CalendarWidget, document, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    day = date(2027, 3, 17)
    channel = document.channels(Stream.DOWNSTREAM)[0].id
    document.execute(
        commands.create(document, [Item(f"Busy {n}", day, channel) for n in range(12)], "Add")
    )
    grid = cal.monthGrid
    cal.activateWindow()
    grid.setFocus()
    qtbot.waitUntil(grid.hasFocus)
    grid.set_cursor_key(day)
    shown = [i for i in grid.cell_items(day) if grid.chip_rect(i.id) is not None]
    for _ in shown:
        qtbot.keyClick(grid, Qt.Key.Key_Tab)
    assert cal.selected_ids() == [shown[-1].id]
    qtbot.keyClick(grid, Qt.Key.Key_Tab)
    popup = cal.dayPopup
    qtbot.waitUntil(popup.isVisible)
    total = len(repository.list_items(document.pf, day, day))
    assert popup.list.count() == total
    assert QApplication.focusWidget() is popup.list
    qtbot.keyClick(popup.list, Qt.Key.Key_Escape)
    assert not popup.isVisible() and grid.hasFocus()  # the keyboard is back where it was
    qtbot.keyClick(grid, Qt.Key.Key_Tab)
    qtbot.waitUntil(popup.isVisible)
    qtbot.keyClick(popup.list, Qt.Key.Key_End)
    last_id = popup.list.currentItem().data(Qt.ItemDataRole.UserRole)
    fill_dialog(monkeypatch, title="Found behind more")
    qtbot.keyClick(popup.list, Qt.Key.Key_Return)
    assert saved_items(document)[last_id].title == "Found behind more"
    assert not popup.isVisible()
    qtbot.waitUntil(grid.hasFocus)


def test_more_labels_fit_their_cells(qtbot, cal: CalendarWidget, document) -> None:  # type: ignore[no-untyped-def]
    """ "+103 more" in a narrow channel-week once lost its last letters."""
    channel = document.channels(Stream.DOWNSTREAM)[0].id
    busy = [Item(f"Post {n}", MARCH + timedelta(days=n % 5), channel) for n in range(140)]
    document.execute(commands.create(document, busy, "Add many"))
    cal.set_layout("channels")
    grid = cal.channelGrid
    for width in (1000, 760, 520):
        cal.resize(width, 700)
        qtbot.waitUntil(lambda w=width: cal.width() == w)
        bold = QFont(grid._chip_font)
        bold.setBold(True)
        fm = QFontMetrics(bold)
        assert grid._more
        for rect, key, hidden in grid._more:
            label = grid._more_labels[key]
            assert label in (f"+{hidden} more", f"+{hidden}", "+")
            assert fm.horizontalAdvance(label) + 4 <= rect.width() + 0.5, (width, label)


def test_a_week_that_starts_on_sunday(qtbot, cal: CalendarWidget, document) -> None:  # type: ignore[no-untyped-def]
    document.execute(commands.set_plan(document, document.plan.replace(week_start=6)))
    grid = cal.monthGrid
    start, end = grid.visible_range()
    assert start.weekday() == 6 and start <= MARCH and end >= date(2027, 3, 31)
    assert grid.cell_rect(start).left() < 1  # Sunday is the first column
    assert grid.cell_rect(start + timedelta(days=6)).left() > grid.width() * 0.8
    cal.set_layout("channels")
    week_one = cal.channelGrid.week_start_date(0)
    assert week_one.weekday() == 6 and week_one <= date(2027, 1, 1)
    # Sun 3 Jan 2027 belongs to ISO week 53 of 2026, but the column holds week 1's days
    third = next(w for w in range(14) if cal.channelGrid.week_start_date(w) == date(2027, 1, 3))
    assert cal.channelGrid.week_label(third) == "W1"
    cal.set_layout("month")
    item = next(i for i in grid.items() if grid.chip_rect(i.id) is not None)
    qtbot.mouseClick(grid, LEFT, pos=centre(grid.chip_rect(item.id)))
    qtbot.keyClick(
        grid,
        Qt.Key.Key_Down,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert saved_items(document)[item.id].date == item.date + timedelta(days=7)


def test_an_empty_plan(qtbot, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """No items and no campaigns: every layout shows, the filters offer only "All", and
    the first item can be added."""
    document = PlanDocument(create_plan(tmp_path / "empty.streamdesk"))
    try:
        cal = create_calendar(document)
        qtbot.addWidget(cal)
        cal.resize(900, 650)
        cal.show()
        qtbot.waitExposed(cal)
        for layout in ("month", "channels", "list"):
            cal.set_layout(layout)
            cal.grab()
            assert cal.summaryLabel.text().startswith("No items here yet")
        assert cal.campaignFilter.count() == 1 and cal.ownerFilter.count() == 1
        cal.set_layout("month")
        fill_dialog(monkeypatch, title="First post")
        day = cal.current_month() + timedelta(days=4)
        rect = cal.monthGrid.cell_rect(day)
        qtbot.mouseDClick(cal.monthGrid, LEFT, pos=centre(rect))
        (item,) = repository.list_items(document.pf)
        assert (item.title, item.date) == ("First post", day)
        assert cal.summaryLabel.text() == "1 item"
    finally:
        document.close()


def test_delete_in_a_days_list_asks_then_removes(
    qtbot, cal: CalendarWidget, document, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    day = date(2027, 3, 17)
    channel = document.channels(Stream.DOWNSTREAM)[0].id
    document.execute(
        commands.create(document, [Item(f"Busy {n}", day, channel) for n in range(12)], "Add")
    )
    asked: list[str] = []
    monkeypatch.setattr(
        QMessageBox,
        "question",
        lambda parent, title, text, *a: asked.append(text) or QMessageBox.StandardButton.Yes,
    )
    grid = cal.monthGrid
    qtbot.mouseClick(grid, LEFT, pos=centre(grid.more_rect(day)))
    popup = cal.dayPopup
    qtbot.waitUntil(popup.isVisible)
    popup.list.setCurrentRow(popup.list.count() - 1)
    gone = popup.list.currentItem().data(Qt.ItemDataRole.UserRole)
    before = saved_items(document)
    qtbot.keyClick(popup.list, Qt.Key.Key_Delete)
    assert len(asked) == 1 and not popup.isVisible()
    after = saved_items(document)
    assert gone not in after and len(after) == len(before) - 1
    document.undo()
    assert saved_items(document) == before


def test_keyboard_moves_in_the_channel_grid(qtbot, cal: CalendarWidget, document) -> None:  # type: ignore[no-untyped-def]
    cal.set_layout("channels")
    grid = cal.channelGrid
    rows = [c.id for c in document.channels(Stream.DOWNSTREAM)]
    item = next(
        i for i in grid.items() if grid.chip_rect(i.id) is not None and i.channel_id != rows[-1]
    )
    qtbot.mouseClick(grid, LEFT, pos=centre(grid.chip_rect(item.id)))
    both = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(grid, Qt.Key.Key_Down, both)
    below = rows[rows.index(item.channel_id) + 1]
    assert saved_items(document)[item.id] == item.replace(channel_id=below)
    qtbot.keyClick(grid, Qt.Key.Key_Right, both)
    assert saved_items(document)[item.id].date == item.date + timedelta(days=1)
    assert document.undo_stack.count() == 2
    document.undo()
    document.undo()
    assert saved_items(document)[item.id] == item


def test_list_keys_edit_create_and_delete(
    qtbot, cal: CalendarWidget, document, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

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
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    click(item_id)
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert item_id not in saved_items(document)
    assert document.undo_stack.count() == 3
    document.undo()
    assert saved_items(document)[item_id].owner == "From the list"


def test_item_dialog_finds_an_initiative_by_typing(qtbot, document) -> None:  # type: ignore[no-untyped-def]
    channels = document.channels(Stream.DOWNSTREAM)
    initiatives = repository.list_initiatives(document.pf)
    target = initiatives[-1]
    item = Item("Post", date(2027, 4, 5), channels[0].id, initiative_id=initiatives[0].id, id=1)
    dialog = ItemDialog(item, channels=channels, initiatives=initiatives)
    qtbot.addWidget(dialog)
    assert dialog.build().initiative_id == initiatives[0].id
    combo = dialog.initiativeCombo
    finder = combo.completer()
    finder.setCompletionPrefix(target.title[3:12].upper())  # any part, any case
    assert target.title in [
        finder.completionModel().index(r, 0).data() for r in range(finder.completionCount())
    ]
    combo.setEditText(target.title.upper())
    assert dialog.build().initiative_id == target.id
    combo.setEditText("")
    assert dialog.build().initiative_id is None
    combo.setEditText("No such initiative")
    dialog.accept()
    assert dialog.item() is None
    assert "no initiative is called" in dialog.errorLabel.text().lower()


def test_arrows_past_the_month_turn_the_page(
    qtbot, cal: CalendarWidget, monkeypatch, document
) -> None:  # type: ignore[no-untyped-def]
    grid = cal.monthGrid
    grid.setFocus()
    grid.set_cursor_key(date(2027, 3, 31))
    qtbot.keyClick(grid, Qt.Key.Key_Down)  # a week on: 7 April, beyond the grid's last row
    assert cal.current_month() == date(2027, 4, 1)
    assert grid.cursor_key() == date(2027, 4, 7)
    qtbot.keyClick(grid, Qt.Key.Key_Up)
    qtbot.keyClick(grid, Qt.Key.Key_Up)  # 24 March: the April grid does not show it
    assert cal.current_month() == date(2027, 3, 1)
    fill_dialog(monkeypatch, title="After paging")
    qtbot.keyClick(grid, Qt.Key.Key_Return)
    created = [i for i in saved_items(document).values() if i.title == "After paging"]
    assert [i.date for i in created] == [date(2027, 3, 24)]


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
    qtbot.waitUntil(lambda: not editor.isVisible())
    assert document.undo_stack.count() == steps


def test_a_read_only_plan_is_read_never_edited(qtbot, plan_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QAbstractItemView, QDialogButtonBox, QMessageBox

    from streamdesk.storage import PlanFile

    document = PlanDocument(PlanFile.open(plan_path, read_only=True))
    try:
        cal = create_calendar(document)
        qtbot.addWidget(cal)
        cal.resize(1000, 700)
        cal.show()
        qtbot.waitExposed(cal)
        cal.show_month(MARCH)
        errors: list[str] = []
        document.errorOccurred.connect(errors.append)
        monkeypatch.setattr(QMessageBox, "question", lambda *a: pytest.fail("asked to delete"))
        grid = cal.monthGrid
        item = next(i for i in grid.items() if i.date.month == 3 and grid.chip_rect(i.id))
        start = centre(grid.chip_rect(item.id))
        qtbot.mousePress(grid, LEFT, pos=start)
        qtbot.mouseMove(grid, start + QPoint(8, 6))
        qtbot.mouseMove(grid, centre(grid.cell_rect(item.date + timedelta(days=2))))
        assert not grid._dragging
        qtbot.mouseRelease(grid, LEFT, pos=centre(grid.cell_rect(item.date + timedelta(days=2))))
        assert cal.selected_ids() == [item.id]  # selecting still works
        seen: list[ItemDialog] = []
        monkeypatch.setattr(ItemDialog, "exec", lambda d: seen.append(d) or 0)
        qtbot.mouseDClick(grid, LEFT, pos=centre(grid.chip_rect(item.id)))
        assert len(seen) == 1 and seen[0].titleEdit.isReadOnly()
        assert seen[0].buttons.standardButtons() == QDialogButtonBox.StandardButton.Close
        assert "read-only" in seen[0].errorLabel.text()
        qtbot.keyClick(grid, Qt.Key.Key_Delete)
        assert errors and "read-only" in errors[-1]
        empty = next(
            d for d in (MARCH + timedelta(days=n) for n in range(28)) if not grid.cell_items(d)
        )
        qtbot.mouseDClick(grid, LEFT, pos=centre(grid.cell_rect(empty)))
        assert len(seen) == 1 and len(errors) == 2  # no dialog for a new item, a message
        assert not cal.newButton.isEnabled()
        cal.set_layout("list")
        triggers = cal.itemList.editTriggers()
        assert triggers == QAbstractItemView.EditTrigger.NoEditTriggers
        assert item in repository.list_items(document.pf)
    finally:
        document.close()


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
