"""The content calendar: real mouse and key events on the painted grids, checked in the file."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QComboBox, QDialog, QMessageBox

from streamdesk.domain import Initiative, Item, ItemStatus, Stream
from streamdesk.gui import commands
from streamdesk.gui.calendar import CalendarWidget, create_calendar
from streamdesk.gui.calendar.item_dialog import ItemDialog
from streamdesk.gui.calendar.list_view import column
from streamdesk.storage import PlanFile, repository

MARCH = date(2027, 3, 1)
CTRL = Qt.KeyboardModifier.ControlModifier
LEFT = Qt.MouseButton.LeftButton
ONE_DAY = timedelta(days=1)


@pytest.fixture
def cal(qtbot, document) -> CalendarWidget:  # type: ignore[no-untyped-def]
    widget = create_calendar(document)
    qtbot.addWidget(widget)
    widget.resize(1000, 700)
    widget.show()
    qtbot.waitExposed(widget)
    widget.show_month(MARCH)
    return widget


def saved_items(document) -> dict[int, Item]:  # type: ignore[no-untyped-def]
    """Every item as a second, read-only connection sees the plan file."""
    with PlanFile.open(document.pf.path, read_only=True) as pf:
        return {i.id: i for i in repository.list_items(pf)}


def centre(rect) -> QPoint:  # type: ignore[no-untyped-def]
    return rect.center().toPoint()


def drag(qtbot, widget, start: QPoint, end: QPoint, modifier=Qt.KeyboardModifier.NoModifier):  # type: ignore[no-untyped-def]
    qtbot.mousePress(widget, LEFT, modifier, start)
    qtbot.mouseMove(widget, start + QPoint(8, 6))
    qtbot.mouseMove(widget, end)
    qtbot.mouseRelease(widget, LEFT, modifier, end)


def chip_in_month(cal: CalendarWidget, n: int = 0) -> Item:
    items = [
        i
        for i in cal.monthGrid.items()
        if i.date.month == MARCH.month and cal.monthGrid.chip_rect(i.id) is not None
    ]
    return items[n]


def empty_day(cal: CalendarWidget, after: date = MARCH) -> date:
    day = after
    while cal.monthGrid.cell_items(day):
        day += timedelta(days=1)
    return day


def fill_dialog(monkeypatch, **values):  # type: ignore[no-untyped-def]
    """Replace the modal exec with filling the dialog's widgets and pressing OK."""
    seen: list[ItemDialog] = []

    def fake_exec(dialog: ItemDialog) -> int:
        seen.append(dialog)
        if "title" in values:
            dialog.titleEdit.setText(values["title"])
        if "status" in values:
            dialog.statusCombo.setCurrentIndex(dialog.statusCombo.findData(values["status"]))
        if "owner" in values:
            dialog.ownerCombo.setCurrentText(values["owner"])
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
        return dialog.result()

    monkeypatch.setattr(ItemDialog, "exec", fake_exec)
    return seen


def test_month_grid_shows_only_the_visible_range(cal: CalendarWidget, document) -> None:  # type: ignore[no-untyped-def]
    start, end = cal.monthGrid.visible_range()
    assert start.weekday() == document.plan.week_start and start <= MARCH < end
    expected = repository.list_items(document.pf, start, end)
    assert expected, "the demo plan has items in March 2027"
    grid = cal.monthGrid
    assert sum(grid.cell_count(d) for d in {i.date for i in expected}) == len(expected)
    assert {i.id for i in grid.items()} <= {i.id for i in expected}
    shown = [i for i in expected if grid.chip_rect(i.id) is not None]
    assert all(grid.cell_rect(i.date).contains(grid.chip_rect(i.id)) for i in shown)
    assert cal.summaryLabel.text() == f"{len(expected)} items"
    assert cal.objectName() == "contentCalendar"
    assert cal.periodLabel.text() == "March 2027"


def test_navigation_buttons_and_picker(qtbot, cal: CalendarWidget) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(cal.nextButton, LEFT)
    assert cal.current_month() == date(2027, 4, 1)
    qtbot.mouseClick(cal.prevButton, LEFT)
    qtbot.mouseClick(cal.prevButton, LEFT)
    assert cal.current_month() == date(2027, 2, 1)
    cal.monthPicker.setDate(date(2027, 11, 17))
    assert cal.current_month() == date(2027, 11, 1)
    assert cal.monthGrid.visible_range()[0] <= date(2027, 11, 1)
    cal.set_layout("channels")
    qtbot.mouseClick(cal.nextButton, LEFT)  # a quarter at a time in the channel grid
    assert cal.current_month() == date(2028, 2, 1)
    assert cal.periodLabel.text().startswith("Q1 2028")


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


def test_drag_moves_a_chip_to_another_day(qtbot, cal: CalendarWidget, document) -> None:  # type: ignore[no-untyped-def]
    grid = cal.monthGrid
    item = chip_in_month(cal)
    target = item.date + timedelta(days=2)
    drag(qtbot, grid, centre(grid.chip_rect(item.id)), centre(grid.cell_rect(target)))
    saved = saved_items(document)
    assert saved[item.id] == item.replace(date=target)
    assert grid.chip_rect(item.id) is not None
    assert grid.cell_rect(target).contains(grid.chip_rect(item.id))
    assert document.undo_stack.count() == 1
    document.undo()
    assert saved_items(document)[item.id] == item
    document.redo()
    assert saved_items(document)[item.id].date == target


def test_ctrl_drag_copies(qtbot, cal: CalendarWidget, document) -> None:  # type: ignore[no-untyped-def]
    grid = cal.monthGrid
    item = chip_in_month(cal)
    before = saved_items(document)
    target = item.date + timedelta(days=7)
    drag(qtbot, grid, centre(grid.chip_rect(item.id)), centre(grid.cell_rect(target)), CTRL)
    after = saved_items(document)
    assert after[item.id] == item
    (copy_id,) = after.keys() - before.keys()
    assert after[copy_id] == item.replace(id=copy_id, date=target)
    document.undo()
    assert saved_items(document) == before


def test_several_selected_chips_move_together(qtbot, cal: CalendarWidget, document) -> None:  # type: ignore[no-untyped-def]
    grid = cal.monthGrid
    first, second = chip_in_month(cal, 0), chip_in_month(cal, 3)
    qtbot.mouseClick(grid, LEFT, pos=centre(grid.chip_rect(first.id)))
    qtbot.mouseClick(grid, LEFT, CTRL, centre(grid.chip_rect(second.id)))
    assert sorted(cal.selected_ids()) == sorted([first.id, second.id])
    drag(
        qtbot,
        grid,
        centre(grid.chip_rect(second.id)),
        centre(grid.cell_rect(second.date + timedelta(days=1))),
    )
    saved = saved_items(document)
    assert saved[first.id].date == first.date + timedelta(days=1)
    assert saved[second.id].date == second.date + timedelta(days=1)
    assert document.undo_stack.count() == 1  # one drag, one undo step
    document.undo()
    assert saved_items(document)[first.id] == first


def test_ctrl_shift_arrows_move_the_selection(qtbot, cal: CalendarWidget, document) -> None:  # type: ignore[no-untyped-def]
    grid = cal.monthGrid
    item = chip_in_month(cal)
    qtbot.mouseClick(grid, LEFT, pos=centre(grid.chip_rect(item.id)))
    both = CTRL | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(grid, Qt.Key.Key_Right, both)
    assert saved_items(document)[item.id].date == item.date + timedelta(days=1)
    qtbot.keyClick(grid, Qt.Key.Key_Down, both)
    assert saved_items(document)[item.id].date == item.date + timedelta(days=8)
    assert cal.selected_ids() == [item.id]
    assert document.undo_stack.count() == 2
    document.undo()
    document.undo()
    assert saved_items(document)[item.id] == item


def test_channel_grid_drag_changes_channel_and_week(qtbot, cal: CalendarWidget, document) -> None:  # type: ignore[no-untyped-def]
    cal.set_layout("channels")
    grid = cal.channelGrid
    item = next(i for i in grid.items() if grid.chip_rect(i.id) is not None)
    rows = [c.id for c in document.channels(Stream.DOWNSTREAM)]
    other = next(c for c in rows if c != item.channel_id)
    week = (item.date - grid.visible_range()[0]).days // 7
    drag(qtbot, grid, centre(grid.chip_rect(item.id)), centre(grid.cell_rect((other, week + 1))))
    saved = saved_items(document)[item.id]
    assert saved == item.replace(channel_id=other, date=item.date + timedelta(days=7))
    document.undo()
    assert saved_items(document)[item.id] == item


def test_delete_asks_first(qtbot, cal: CalendarWidget, document, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    asked: list[str] = []

    def question(parent, title, text, *args):  # type: ignore[no-untyped-def]
        asked.append(text)
        return answers.pop(0)

    monkeypatch.setattr(QMessageBox, "question", question)
    grid = cal.monthGrid
    item = chip_in_month(cal)
    qtbot.mouseClick(grid, LEFT, pos=centre(grid.chip_rect(item.id)))
    qtbot.keyClick(grid, Qt.Key.Key_Delete)
    assert item.id in saved_items(document)
    qtbot.keyClick(grid, Qt.Key.Key_Delete)
    assert item.id not in saved_items(document)
    assert item.title in asked[0]
    assert grid.chip_rect(item.id) is None
    assert cal.selected_ids() == []
    document.undo()
    assert saved_items(document)[item.id] == item


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


def test_overflowing_day_shows_more_and_lists_them(qtbot, cal: CalendarWidget, document) -> None:  # type: ignore[no-untyped-def]
    day = date(2027, 3, 17)
    channel = document.channels(Stream.DOWNSTREAM)[0].id
    new = [Item(f"Busy {n}", day, channel) for n in range(12)]
    document.execute(commands.create(document, new, "Add many"))
    grid = cal.monthGrid
    total = len(repository.list_items(document.pf, day, day))
    chips = [i for i in grid.cell_items(day) if grid.chip_rect(i.id) is not None]
    assert 0 < len(chips) < total
    more = grid.more_rect(day)
    assert more is not None and grid.cell_rect(day).contains(more.center())
    assert grid._more_labels[day] == f"+{total - len(chips)} more"
    qtbot.mouseClick(grid, LEFT, pos=centre(more))
    popup = cal.dayPopup
    qtbot.waitUntil(popup.isVisible)
    assert popup.list.count() == total
    popup.list.setCurrentRow(total - 1)
    last_id = popup.list.item(total - 1).data(Qt.ItemDataRole.UserRole)
    assert cal.selected_ids() == [last_id]
    popup.hide()


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


def test_follows_and_tells_the_other_views(qtbot, cal: CalendarWidget, document) -> None:  # type: ignore[no-untyped-def]
    document.choose_period(date(2027, 6, 1), date(2027, 6, 30))
    assert cal.current_month() == date(2027, 6, 1)
    target = repository.list_items(document.pf, date(2027, 9, 1), date(2027, 9, 30))[0]
    document.select_items([target.id])
    assert cal.current_month() == date(2027, 9, 1)
    assert cal.selected_ids() == [target.id]
    linked = next(
        i for i in cal.monthGrid.items() if i.initiative_id is not None and i.id != target.id
    )
    document.select_initiative(linked.initiative_id)
    assert cal.monthGrid._highlight == linked.initiative_id
    chip = cal.monthGrid.chip_rect(linked.id)
    with qtbot.waitSignal(document.itemsSelected) as blocker:
        qtbot.mouseClick(cal.monthGrid, LEFT, pos=centre(chip))
    assert blocker.args == [[linked.id]]
    assert cal.current_month() == date(2027, 9, 1)


def test_programmatic_reschedule_is_one_undo_step(cal: CalendarWidget, document) -> None:  # type: ignore[no-untyped-def]
    item = chip_in_month(cal)
    assert cal.reschedule(item.id, date(2027, 5, 2))
    assert saved_items(document)[item.id].date == date(2027, 5, 2)
    assert cal.current_month() == date(2027, 5, 1)  # followed the item out of view
    document.undo()
    assert saved_items(document)[item.id] == item


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
    )
    again = ItemDialog(result, channels=channels, campaigns=campaigns, initiatives=initiatives)
    qtbot.addWidget(again)
    assert again.build() == result  # every field round-trips through the widgets
    blank = ItemDialog(item, channels=channels)
    qtbot.addWidget(blank)
    assert blank.build().reach is None and blank.build().actual_cost is None


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


def test_only_today_is_marked_in_the_month_grid(cal: CalendarWidget) -> None:
    """Today's pill once left its brush set and filled every later day with the highlight."""
    cal.show_month(date.today())
    grid = cal.monthGrid
    grid.clearFocus()
    image = grid.grab().toImage()
    highlight = grid.palette().color(grid.palette().ColorRole.Highlight).rgb()
    start, end = grid.visible_range()
    days = [start + timedelta(days=n) for n in range((end - start).days)]
    assert date.today() in days
    for day in days:
        corner = grid.cell_rect(day).bottomRight().toPoint() - QPoint(4, 4)
        assert image.pixel(corner) != highlight, day


@pytest.mark.parametrize("layout", ["month", "channels"])
def test_repainting_only_changed_cells_looks_like_a_full_repaint(
    qtbot, cal: CalendarWidget, layout: str
) -> None:  # type: ignore[no-untyped-def]
    cal.set_layout(layout)
    grid = cal.active_grid()
    assert grid is not None
    grid.grab()  # the painted state every later paint starts from

    def matches_a_full_repaint() -> bool:
        kept = grid.grab().toImage()
        grid._content = None  # forget what was painted: paint everything again
        return kept == grid.grab().toImage()

    item = chip_in_month(cal)
    grid.set_selection([item.id])
    assert matches_a_full_repaint()
    assert cal.move_items([item.id], 1)  # its old and new cells change, and "+N" labels
    assert matches_a_full_repaint()
    assert cal.move_items([item.id], 7)
    grid.set_selection([])
    assert matches_a_full_repaint()
    cal.document.undo()
    cal.document.undo()
    assert matches_a_full_repaint()


@pytest.mark.parametrize(("base", "link"), [("#1E1E1E", "#0000FF"), ("#FFFFFF", "#8AB4F8")])
def test_more_labels_read_on_any_palette(cal: CalendarWidget, base: str, link: str) -> None:
    from PySide6.QtGui import QColor, QPalette

    from streamdesk.domain.channels import contrast_ratio

    palette = cal.palette()
    palette.setColor(QPalette.ColorRole.Base, QColor(base))
    palette.setColor(QPalette.ColorRole.Link, QColor(link))
    cal.monthGrid.setPalette(palette)
    assert contrast_ratio(cal.monthGrid._more_colour().name(), base) >= 4.5


@pytest.mark.parametrize("filtered", [False, True])
def test_an_edit_reads_only_the_days_it_touched_and_shows_what_a_full_read_shows(
    cal: CalendarWidget, document, monkeypatch: pytest.MonkeyPatch, filtered: bool
) -> None:  # type: ignore[no-untyped-def]
    from streamdesk.gui.calendar.filters import ItemFilter

    if filtered:
        cal.set_filter(ItemFilter(status=ItemStatus.PUBLISHED))
    grid = cal.monthGrid
    cal.next_month()
    cal.previous_month()  # April is kept too: an edit must not leave it stale
    reads: list[tuple[date, date]] = []
    real = repository.items_per_cell
    monkeypatch.setattr(
        repository,
        "items_per_cell",
        lambda pf, s, e, *a, **k: reads.append((s, e)) or real(pf, s, e, *a, **k),
    )

    def shown() -> tuple[list[int], dict]:
        return [i.id for i in grid.items()], {d: grid.cell_count(d) for d in grid._cells}

    def as_a_full_read_shows() -> bool:
        patched = shown()
        cal._cell_cache.clear()
        cal.reload()
        return patched == shown()

    item = chip_in_month(cal)
    first_shown, _ = grid.visible_range()
    busy = [item.replace(id=None, title=f"Busy {n}", date=first_shown) for n in range(12)]

    def now() -> Item:
        return repository.get(document.pf, Item, item.id)

    edits = [
        lambda: commands.create(document, busy, "Add a busy day"),  # more than a cell shows
        lambda: commands.edit(document, [now()], [item.replace(date=item.date + ONE_DAY)], "Move"),
        lambda: commands.edit(document, [now()], [item.replace(date=first_shown)], "Onto it"),
    ]
    for command in edits:
        reads.clear()
        assert document.execute(command())
        assert reads and all(s == e for s, e in reads), "only single days are read again"
        assert as_a_full_read_shows()
    if not filtered or item.status is ItemStatus.PUBLISHED:
        assert grid.cell_count(first_shown) > len(grid.cell_items(first_shown))  # "+N more"
    document.undo()  # back to the day after
    assert as_a_full_read_shows()
    moved = repository.get(document.pf, Item, item.id)
    assert document.execute(
        commands.edit(document, [moved], [moved.replace(date=date(2027, 4, 2))], "To April")
    )
    assert as_a_full_read_shows()
    cal.next_month()
    assert item.id in [i.id for i in grid.items()] or grid.cell_count(date(2027, 4, 2)) > 0
    assert as_a_full_read_shows()
    document.undo()
    cal.previous_month()
    assert as_a_full_read_shows()


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
