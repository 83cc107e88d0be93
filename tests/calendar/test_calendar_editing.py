"""Creating, editing and deleting items: the item dialog, confirmations, undo and redo,
and a read-only plan that is read but never edited."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from calendar_helpers import (
    CTRL,
    LEFT,
    MARCH,
    answer_delete,
    centre,
    chip_in_month,
    empty_day,
    fill_dialog,
    saved_items,
)
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QMessageBox,
    QWidget,
)

from streamdesk.domain import Item, ItemStatus, Stream
from streamdesk.gui import commands
from streamdesk.gui.calendar import CalendarWidget, create_calendar
from streamdesk.gui.calendar.item_dialog import ItemDialog
from streamdesk.gui.document import PlanDocument
from streamdesk.storage import PlanFile, repository


def test_double_click_creates_and_undo_redo_restore_the_file(
    qtbot, cal: CalendarWidget, document, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    fill_dialog(monkeypatch, title="Spring teaser", status="draft", owner="Kim")
    before = saved_items(document)
    day = empty_day(cal)
    rect = cal.monthGrid.cell_rect(day)
    qtbot.mouseDClick(cal.monthGrid, LEFT, pos=(rect.bottomRight() - rect.center() / 20).toPoint())
    after = saved_items(document)
    (new_id,) = after.keys() - before.keys()
    new = after[new_id]
    assert (new.title, new.date, new.status, new.owner) == ("Spring teaser", day, "draft", "Kim")
    assert cal.selected_ids() == [new_id]
    assert any(i.id == new_id for i in cal.monthGrid.items())
    assert cal.ownerFilter.findData("Kim") > 0  # a new owner becomes a filter choice
    assert document.undo_stack.count() == 1
    document.undo()
    assert saved_items(document) == before
    assert all(i.id != new_id for i in cal.monthGrid.items())
    document.redo()
    assert saved_items(document) == after


def test_ctrl_n_creates_on_the_day_chosen_with_arrows(
    qtbot, cal: CalendarWidget, document, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    fill_dialog(monkeypatch, title="Keyboard post")
    grid = cal.monthGrid
    grid.setFocus()
    grid.set_cursor_key(date(2027, 3, 10))
    qtbot.keyClick(grid, Qt.Key.Key_Right)
    qtbot.keyClick(grid, Qt.Key.Key_Down)
    qtbot.keyClick(grid, Qt.Key.Key_N, CTRL)
    created = [i for i in saved_items(document).values() if i.title == "Keyboard post"]
    assert [i.date for i in created] == [date(2027, 3, 18)]


def test_cancelled_dialog_changes_nothing(
    qtbot, cal: CalendarWidget, document, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(ItemDialog, "exec", lambda self: QDialog.DialogCode.Rejected)
    before = saved_items(document)
    item = chip_in_month(cal)
    qtbot.mouseDClick(cal.monthGrid, LEFT, pos=centre(cal.monthGrid.chip_rect(item.id)))
    assert saved_items(document) == before
    assert document.undo_stack.count() == 0


def test_double_click_chip_edits_it(qtbot, cal: CalendarWidget, document, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    seen = fill_dialog(monkeypatch, title="Renamed", status="published")
    item = chip_in_month(cal)
    qtbot.mouseDClick(cal.monthGrid, LEFT, pos=centre(cal.monthGrid.chip_rect(item.id)))
    assert seen and seen[0].titleEdit.text() == "Renamed"
    saved = saved_items(document)[item.id]
    assert saved == item.replace(title="Renamed", status=ItemStatus.PUBLISHED)
    document.undo()
    assert saved_items(document)[item.id] == item


def test_enter_edits_the_selected_chip(qtbot, cal: CalendarWidget, document, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    fill_dialog(monkeypatch, owner="Enter Person")
    item = chip_in_month(cal)
    qtbot.mouseClick(cal.monthGrid, LEFT, pos=centre(cal.monthGrid.chip_rect(item.id)))
    qtbot.keyClick(cal.monthGrid, Qt.Key.Key_Return)
    assert saved_items(document)[item.id].owner == "Enter Person"


def test_delete_asks_first(qtbot, cal: CalendarWidget, document, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    asked = answer_delete(monkeypatch, [False, True])
    grid = cal.monthGrid
    item = chip_in_month(cal)
    qtbot.mouseClick(grid, LEFT, pos=centre(grid.chip_rect(item.id)))
    qtbot.keyClick(grid, Qt.Key.Key_Delete)
    assert item.id in saved_items(document)
    qtbot.keyClick(grid, Qt.Key.Key_Delete)
    assert item.id not in saved_items(document)
    assert item.title in asked[0][0]
    assert sorted(asked[0][1]) == ["Cancel", "Delete"]  # buttons that say what they do
    assert grid.chip_rect(item.id) is None
    assert cal.selected_ids() == []
    document.undo()
    assert saved_items(document)[item.id] == item


def test_delete_in_a_days_list_asks_then_removes(
    qtbot, cal: CalendarWidget, document, monkeypatch
) -> None:  # type: ignore[no-untyped-def]

    day = date(2027, 3, 17)
    channel = document.channels(Stream.DOWNSTREAM)[0].id
    document.execute(
        commands.create(document, [Item(f"Busy {n}", day, channel) for n in range(12)], "Add")
    )
    asked = answer_delete(monkeypatch, [True])
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


def test_a_read_only_plan_is_read_never_edited(qtbot, plan_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QAbstractItemView, QDialogButtonBox

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
        monkeypatch.setattr(QMessageBox, "exec", lambda *a: pytest.fail("asked to delete"))
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


def test_item_dialog_reads_every_field(qtbot, document) -> None:  # type: ignore[no-untyped-def]
    channels = document.channels(Stream.DOWNSTREAM)
    campaigns = repository.list_campaigns(document.pf)
    initiatives = repository.list_initiatives(document.pf)
    item = Item("Draft", date(2027, 4, 5), channels[0].id, id=99)
    dialog = ItemDialog(
        item, channels=channels, campaigns=campaigns, initiatives=initiatives, owners=["Ana"]
    )
    qtbot.addWidget(dialog)
    dialog.titleEdit.setText("  ")
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert dialog.item() is None and not dialog.errorLabel.isHidden()
    assert "title" in dialog.errorLabel.text().lower()
    dialog.titleEdit.setText("Webinar recap")
    dialog.dateEdit.setDate(date(2027, 4, 9))
    dialog.timeCheck.setChecked(True)
    dialog.timeEdit.setTime(dialog.timeEdit.time().fromString("14:30", "HH:mm"))
    dialog.channelCombo.setCurrentIndex(2)
    dialog.formatCombo.setCurrentText("Video")
    dialog.statusCombo.setCurrentIndex(dialog.statusCombo.findData("published"))
    dialog.ownerCombo.setCurrentText("Ana")
    dialog.campaignCombo.setCurrentIndex(1)
    dialog.initiativeCombo.setCurrentIndex(1)
    dialog.effortSpin.setValue(3.5)
    dialog.costSpin.setValue(120)
    dialog.notesEdit.setPlainText("Short cut\nwith captions")
    dialog.linkEdit.setText("https://example.com/v")
    dialog.reachSpin.setValue(1500)
    dialog.clicksSpin.setValue(80)
    dialog.conversionsSpin.setValue(0)
    dialog.actualCostSpin.setValue(99.5)
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    result = dialog.item()
    assert result == Item(
        "Webinar recap",
        date(2027, 4, 9),
        channels[2].id,
        time="14:30",
        format="Video",
        status="published",
        owner="Ana",
        campaign_id=campaigns[0].id,
        initiative_id=initiatives[0].id,
        effort_hours=3.5,
        cost=120,
        notes="Short cut\nwith captions",
        link="https://example.com/v",
        reach=1500,
        clicks=80,
        conversions=0,
        actual_cost=99.5,
        id=99,
        planned_on=date(2027, 4, 5),  # a new date in the dialog keeps the day first planned
    )
    again = ItemDialog(result, channels=channels, campaigns=campaigns, initiatives=initiatives)
    qtbot.addWidget(again)
    assert again.build() == result  # every field round-trips through the widgets
    blank = ItemDialog(item, channels=channels)
    qtbot.addWidget(blank)
    assert blank.build().reach is None and blank.build().actual_cost is None


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
