"""Moving items: drag and drop in both grids, Ctrl+drag copies, Ctrl+Shift+arrows, and
the programmatic path a drop takes; each one undo step, checked in the file."""

from __future__ import annotations

from datetime import date, timedelta

from calendar_helpers import (
    CTRL,
    LEFT,
    centre,
    chip_in_month,
    drag,
    saved_items,
)
from PySide6.QtCore import Qt

from streamdesk.domain import Stream
from streamdesk.gui.calendar import CalendarWidget


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
    # a copy is a new item of its own (planned for its day, not yet run: Item.copied)
    assert after[copy_id] == item.copied(id=copy_id, date=target)
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


def test_programmatic_reschedule_is_one_undo_step(cal: CalendarWidget, document) -> None:  # type: ignore[no-untyped-def]
    item = chip_in_month(cal)
    assert cal.reschedule(item.id, date(2027, 5, 2))
    assert saved_items(document)[item.id].date == date(2027, 5, 2)
    assert cal.current_month() == date(2027, 5, 1)  # followed the item out of view
    document.undo()
    assert saved_items(document)[item.id] == item
