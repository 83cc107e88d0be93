"""The month and channel grids: what they show, navigation, the keyboard, "+N more",
and following the other views; real mouse and key events, checked in the file."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from calendar_helpers import (
    LEFT,
    MARCH,
    centre,
    chip_in_month,
    fill_dialog,
    saved_items,
)
from PySide6.QtCore import QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QApplication,
)

from streamdesk.domain import Item, Stream
from streamdesk.gui import commands
from streamdesk.gui.calendar import CalendarWidget, create_calendar
from streamdesk.gui.document import PlanDocument
from streamdesk.storage import create_plan, repository


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
        assert grid._more
        for rect, key, hidden in grid._more:
            fm = QFontMetrics(grid.more_font(key))  # bold; smaller on a chip's corner
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


def test_a_narrow_channel_week_keeps_its_width_for_the_title(
    qtbot, cal: CalendarWidget, document
) -> None:  # type: ignore[no-untyped-def]
    """At 1366 px a channel-week is ~60 px: "+N" beside the chip cut titles to "B…". There
    the count is a small badge on the chip's corner and the chip keeps the cell's width;
    a wide cell keeps "+N" beside its chip."""
    channel = document.channels(Stream.DOWNSTREAM)[0].id
    day = date(2027, 3, 17)
    titles = ("Behind the scenes", "Customer story", "Benchmark report")
    document.execute(
        commands.create(document, [Item(t, day, channel) for t in titles], "Add three")
    )
    cal.set_layout("channels")
    grid = cal.channelGrid
    key = (channel, grid._week_of(day))

    def look() -> tuple[QRectF, QRectF, QRectF, str]:
        chips = [grid.chip_rect(i.id) for i in grid.cell_items(key)]
        shown = [r for r in chips if r is not None]
        more = grid.more_rect(key)
        assert len(shown) == 1 and more is not None  # one row: a chip and "+N"
        return grid.cell_rect(key), shown[0], more, grid._more_labels[key]

    cal.resize(2000, 300)
    qtbot.waitUntil(lambda: cal.width() == 2000)
    cell, chip, more, label = look()
    assert label == f"+{len(titles) - 1}"
    assert more.left() >= chip.right() - 0.5  # beside: room enough for both

    cal.resize(900, 300)  # the Channels view at 1366 x 768, the chart beside it
    qtbot.waitUntil(lambda: cal.width() == 900)
    cell, chip, more, label = look()
    assert cell.width() < 70
    assert chip.width() >= cell.width() - 4.5  # the whole cell for the title
    assert cell.contains(more) and more.intersects(chip)  # a badge on the chip's corner
    fm = QFontMetrics(grid.more_font(key))
    assert fm.horizontalAdvance(label) + 4 <= more.width()
    shown = grid.cell_items(key)[0]
    assert grid.chip_at(chip.topLeft() + QPointF(4, 4))[0].id == shown.id  # type: ignore[index]
    qtbot.mouseClick(grid, LEFT, pos=centre(more))  # the badge still opens the list
    qtbot.waitUntil(cal.dayPopup.isVisible)
    assert cal.dayPopup.list.count() == len(titles)
    cal.dayPopup.hide()
