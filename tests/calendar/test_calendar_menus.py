"""Right-click menus, the View actions, the initiative shown, and how the calendar reads:
locale dates, titles before times, accessible descriptions, the checked layout button."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from calendar_helpers import (
    CTRL,
    LEFT,
    answer_delete,
    centre,
    chip_in_month,
    empty_day,
    fill_dialog,
    other_channel,
    other_initiative,
    saved_items,
)
from PySide6.QtCore import QLocale, QPoint, Qt
from PySide6.QtGui import QAction, QColor, QContextMenuEvent, QKeySequence, QPalette
from PySide6.QtWidgets import QApplication, QMenu, QWidget

from streamdesk.domain import Item, ItemStatus
from streamdesk.domain.channels import contrast_ratio
from streamdesk.gui.calendar import CalendarWidget, dates, menus
from streamdesk.gui.calendar.chips import chip_colours

ITEM_MENU = [
    "Edit…",
    "Duplicate",
    "Copy",
    "",
    "Status",
    "Channel",
    "Initiative",
    "Move to Date…",
    "",
    "Delete",
]


@pytest.fixture
def shown_menus(monkeypatch: pytest.MonkeyPatch) -> list[QMenu]:
    """Menus are recorded instead of opened; the test triggers their entries."""
    seen: list[QMenu] = []
    monkeypatch.setattr(menus, "pop_up", lambda menu, at: seen.append(menu))
    return seen


def entries(menu: QMenu) -> list[str]:
    return [a.text().replace("&", "") for a in menu.actions()]


def entry(menu: QMenu, text: str) -> QAction:
    return next(a for a in menu.actions() if a.text().replace("&", "") == text)


def right_click(widget: QWidget, pos: QPoint) -> None:
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, pos, widget.mapToGlobal(pos))
    QApplication.sendEvent(widget, event)


def chip_menu(qtbot, cal: CalendarWidget, item: Item, shown: list[QMenu]) -> QMenu:  # type: ignore[no-untyped-def]
    grid = cal.monthGrid
    right_click(grid, centre(grid.chip_rect(item.id)))
    assert cal.selected_ids() == [item.id]  # a right-click selects what it is on
    return shown[-1]


# -- chips and list rows ----------------------------------------------------------------------


def test_a_chips_menu_edits_the_item_each_as_one_undo_step(
    qtbot, cal: CalendarWidget, document, shown_menus, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    item = chip_in_month(cal)
    menu = chip_menu(qtbot, cal, item, shown_menus)
    assert entries(menu) == ITEM_MENU
    assert entry(menu, "Duplicate").shortcut() == QKeySequence("Ctrl+D")
    assert entry(menu, "Delete").shortcut() == QKeySequence("Del")
    assert entry(menu, "Edit…").shortcut() == QKeySequence("Return")

    status = entry(menu, "Status").menu()
    assert [a.text() for a in status.actions()] == [s.value.capitalize() for s in ItemStatus]
    assert [a.isChecked() for a in status.actions()] == [s is item.status for s in ItemStatus]
    new_status = next(s for s in ItemStatus if s is not item.status)
    entry(status, new_status.value.capitalize()).trigger()
    assert saved_items(document)[item.id] == item.replace(status=new_status)

    channel = other_channel(document, item)
    menu = chip_menu(qtbot, cal, item, shown_menus)
    name = document.channel(channel).name
    entry(entry(menu, "Channel").menu(), name).trigger()
    assert saved_items(document)[item.id].channel_id == channel

    initiative = other_initiative(document, item)
    title = next(i.title for i in cal.lookups.initiatives if i.id == initiative)
    menu = chip_menu(qtbot, cal, item, shown_menus)
    entry(entry(menu, "Initiative").menu(), title).trigger()
    assert saved_items(document)[item.id].initiative_id == initiative
    assert document.undo_stack.count() == 3
    for _ in range(3):
        document.undo()
    assert saved_items(document)[item.id] == item

    before = saved_items(document)
    entry(chip_menu(qtbot, cal, item, shown_menus), "Duplicate").trigger()
    copies = [i for k, i in saved_items(document).items() if k not in before]
    assert [c.replace(id=None) for c in copies] == [item.copied()]
    assert cal.selected_ids() == [copies[0].id]

    target = item.date + timedelta(days=9)
    monkeypatch.setattr(menus, "ask_date", lambda parent, initial: target)
    entry(chip_menu(qtbot, cal, item, shown_menus), "Move to Date…").trigger()
    assert saved_items(document)[item.id] == item.replace(date=target)

    asked = answer_delete(monkeypatch, [True])
    entry(chip_menu(qtbot, cal, item, shown_menus), "Delete").trigger()
    assert item.id not in saved_items(document) and item.title in asked[0][0]
    document.undo()
    assert saved_items(document)[item.id] == item.replace(date=target)

    seen = fill_dialog(monkeypatch, title="Renamed in the dialog")
    entry(chip_menu(qtbot, cal, item, shown_menus), "Edit…").trigger()
    assert seen and saved_items(document)[item.id].title == "Renamed in the dialog"


def test_a_list_rows_menu_acts_on_the_rows_selected(
    qtbot, cal: CalendarWidget, document, shown_menus
) -> None:  # type: ignore[no-untyped-def]
    cal.set_layout("list")
    view = cal.itemList
    index = view.proxy.index(2, 1)
    qtbot.mouseClick(view.viewport(), LEFT, pos=view.visualRect(index).center())
    item_id = cal.selected_ids()[0]
    old = saved_items(document)[item_id]
    right_click(view.viewport(), view.visualRect(index).center())
    menu = shown_menus[-1]
    assert entries(menu) == ITEM_MENU
    new_status = next(s for s in ItemStatus if s is not old.status)
    entry(entry(menu, "Status").menu(), new_status.value.capitalize()).trigger()
    assert saved_items(document)[item_id] == old.replace(status=new_status)
    assert document.undo_stack.undoText() == f"Set status of “{old.title}”"


def test_a_days_menu_creates_and_pastes_there(
    qtbot, cal: CalendarWidget, document, shown_menus, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    grid = cal.monthGrid
    day = empty_day(cal, date(2027, 3, 8))
    right_click(grid, centre(grid.cell_rect(day)))
    menu = shown_menus[-1]
    assert entries(menu) == ["New Item Here", "Paste"]
    assert not entry(menu, "Paste").isEnabled()  # nothing copied yet

    fill_dialog(monkeypatch, title="Made from the menu")
    entry(menu, "New Item Here").trigger()
    made = [i for i in saved_items(document).values() if i.title == "Made from the menu"]
    assert [i.date for i in made] == [day]

    item = chip_in_month(cal)
    entry(chip_menu(qtbot, cal, item, shown_menus), "Copy").trigger()
    other_day = empty_day(cal, day + timedelta(days=1))
    right_click(grid, centre(grid.cell_rect(other_day)))
    paste = entry(shown_menus[-1], "Paste")
    assert paste.isEnabled()
    before = saved_items(document)
    paste.trigger()
    pasted = [i for k, i in saved_items(document).items() if k not in before]
    assert [p.replace(id=None) for p in pasted] == [
        item.copied(date=other_day)  # a pasted copy: its own plan, not yet run
    ]
    document.undo()
    assert saved_items(document) == before


def test_the_keys_the_menus_show_do_the_same(qtbot, cal: CalendarWidget, document) -> None:  # type: ignore[no-untyped-def]
    cal.activateWindow()
    qtbot.waitUntil(cal.isActiveWindow)
    grid = cal.monthGrid
    item = chip_in_month(cal)
    qtbot.mouseClick(grid, LEFT, pos=centre(grid.chip_rect(item.id)))
    before = saved_items(document)
    qtbot.keyClick(grid, Qt.Key.Key_D, CTRL)
    copies = [i for k, i in saved_items(document).items() if k not in before]
    assert [c.replace(id=None) for c in copies] == [item.copied()]
    assert document.undo_stack.undoText() == f"Duplicate “{item.title}”"

    qtbot.mouseClick(grid, LEFT, pos=centre(grid.chip_rect(item.id)))
    qtbot.keyClick(grid, Qt.Key.Key_C, CTRL)
    day = empty_day(cal, date(2027, 3, 15))
    grid.set_cursor_key(day)
    before = saved_items(document)
    qtbot.keyClick(grid, Qt.Key.Key_V, CTRL)
    pasted = [i for k, i in saved_items(document).items() if k not in before]
    assert [p.date for p in pasted] == [day] and pasted[0].title == item.title


def test_a_read_only_plan_offers_no_edits(qtbot, plan_path, shown_menus) -> None:  # type: ignore[no-untyped-def]
    from streamdesk.gui.calendar import create_calendar
    from streamdesk.gui.document import PlanDocument
    from streamdesk.storage import PlanFile

    document = PlanDocument(PlanFile.open(plan_path, read_only=True))
    try:
        cal = create_calendar(document)
        qtbot.addWidget(cal)
        cal.resize(1000, 700)
        cal.show()
        qtbot.waitExposed(cal)
        cal.show_month(date(2027, 3, 1))
        item = chip_in_month(cal)
        menu = chip_menu(qtbot, cal, item, shown_menus)
        assert entries(menu)[0] == "Open…"
        for name in ("Duplicate", "Move to Date…", "Delete", "Status", "Channel"):
            assert not entry(menu, name).isEnabled(), name
    finally:
        document.pf.close()


# -- the View actions and the layout switch ----------------------------------------------------


def test_view_actions_switch_and_page_with_their_shortcuts(qtbot, cal: CalendarWidget) -> None:  # type: ignore[no-untyped-def]
    actions = cal.view_actions()
    assert [a.objectName() for a in actions] == [
        "actionMonthView",
        "actionChannelsView",
        "actionListView",
        "actionPreviousPeriod",
        "actionNextPeriod",
        "actionGoToToday",
    ]
    keys = [a.shortcut() for a in actions]
    assert all(not k.isEmpty() for k in keys) and len(set(k.toString() for k in keys)) == 6
    assert all(
        a.shortcut().toString(QKeySequence.SequenceFormat.NativeText) in a.toolTip()
        for a in actions
    )
    cal.activateWindow()
    qtbot.waitUntil(cal.isActiveWindow)
    cal.monthGrid.setFocus()
    qtbot.keyClick(cal.monthGrid, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    assert cal.current_layout() == "channels"
    assert cal.findChild(QWidget, "channelLayoutButton").isChecked()
    assert not cal.findChild(QWidget, "monthLayoutButton").isChecked()
    actions[2].trigger()
    assert cal.current_layout() == "list" and actions[2].isChecked()
    actions[0].trigger()
    assert cal.current_layout() == "month"
    qtbot.keyClick(cal.monthGrid, Qt.Key.Key_PageDown, CTRL)
    assert cal.current_month() == date(2027, 4, 1)
    actions[3].trigger()
    assert cal.current_month() == date(2027, 3, 1)
    actions[5].trigger()
    assert cal.current_month() == date.today().replace(day=1)


@pytest.mark.parametrize("dark", [False, True])
def test_the_chosen_layout_button_is_filled_in_any_palette(cal: CalendarWidget, dark: bool) -> None:
    palette = QPalette(cal.palette())
    if dark:
        for role, colour in (
            (QPalette.ColorRole.Window, "#2b2b2b"),
            (QPalette.ColorRole.Button, "#3a3a3a"),
            (QPalette.ColorRole.ButtonText, "#e6e6e6"),
            (QPalette.ColorRole.Highlight, "#2f65ca"),
            (QPalette.ColorRole.HighlightedText, "#ffffff"),
        ):
            palette.setColor(role, QColor(colour))
    cal.setPalette(palette)
    chosen = cal.findChild(QWidget, "monthLayoutButton")
    other = cal.findChild(QWidget, "channelLayoutButton")

    def fill(button: QWidget) -> QColor:
        image = button.grab().toImage()
        return image.pixelColor(image.width() // 2, 3)

    highlight = palette.color(QPalette.ColorRole.Highlight)
    assert fill(chosen) == highlight
    assert contrast_ratio(fill(chosen).name(), fill(other).name()) >= 1.5


# -- the initiative shown -------------------------------------------------------------------------


def test_an_initiative_rings_its_items_says_so_and_clears(
    qtbot, cal: CalendarWidget, document
) -> None:  # type: ignore[no-untyped-def]
    grid = cal.monthGrid
    linked = next(i for i in grid.items() if i.initiative_id and grid.chip_rect(i.id))
    initiative = linked.initiative_id
    told: list[object] = []
    document.initiativeSelected.connect(told.append)
    document.select_initiative(initiative)
    chip = cal.selectionChip
    title = next(i.title for i in cal.lookups.initiatives if i.id == initiative)
    assert chip.isVisible() and chip.label.text() == f"Showing: {title}"
    for item in grid.items():
        _selected, ringed, faded, dimmed = grid._chip_state(item)
        assert ringed == (item.initiative_id == initiative) and dimmed == (not ringed)
        assert not faded  # readable, not faded as chips being dragged away
    qtbot.mouseClick(chip.clearButton, LEFT)
    assert told[-1] is None and not chip.isVisible()
    assert not any(grid._chip_state(i)[1] or grid._chip_state(i)[3] for i in grid.items())

    document.select_initiative(initiative)
    day = empty_day(cal, date(2027, 3, 8))
    qtbot.mouseClick(grid, LEFT, pos=centre(grid.cell_rect(day)))  # a click on no chip
    assert told[-1] is None and not chip.isVisible()
    qtbot.mouseClick(grid, LEFT, pos=centre(grid.cell_rect(day)))
    assert told.count(None) == 2  # nothing to clear: nothing said


@pytest.mark.parametrize("base", ["#ffffff", "#1e1e1e"])
@pytest.mark.parametrize("channel", ["#3465A4", "#F4D03F", "#2E7D32", "#E91E63", "#555753"])
def test_dimmed_chips_stay_readable(base: str, channel: str) -> None:
    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Base, QColor(base))
    palette.setColor(QPalette.ColorRole.Text, QColor("#000000" if base == "#ffffff" else "#eeeeee"))
    for status in ItemStatus:
        fill, text = chip_colours(status, QColor(channel), palette, dimmed=True)
        assert contrast_ratio(text.name(), fill.name()) >= 4.5, status
        full, _ = chip_colours(status, QColor(channel), palette)
        assert status is ItemStatus.IDEA or fill != full  # lighter, but there


# -- reading: dates, titles before times, screen readers ---------------------------------------


@pytest.fixture
def german() -> Iterator[None]:
    before = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.German, QLocale.Country.Germany))
    yield
    QLocale.setDefault(before)


def test_dates_are_written_the_locales_way(german, cal: CalendarWidget) -> None:  # type: ignore[no-untyped-def]
    day = date(2026, 12, 1)
    assert dates.day_text(day) == "Di., 1. Dez. 2026"
    assert dates.day_text(day, weekday=False, year=False) == "1. Dez."
    assert dates.month_text(day) == "Dezember 2026"
    cal.show_month(date(2027, 5, 1))
    assert cal.periodLabel.text() == "Mai 2027"
    cal.set_layout("list")
    model = cal.model
    first = model.item_at(0)
    shown = model.index(0, 2).data(Qt.ItemDataRole.DisplayRole)
    assert shown == dates.day_text(first.date) and "Mai" in shown


def test_narrow_chips_show_titles_before_times(qtbot, cal: CalendarWidget, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from streamdesk.gui.calendar import grid_paint

    painted: list[tuple[float, bool]] = []
    real = grid_paint.paint_chip

    def spy(p, rect, item, *args, **kwargs):  # type: ignore[no-untyped-def]
        if item.time is not None:
            painted.append((rect.width(), kwargs["with_time"]))
        real(p, rect, item, *args, **kwargs)

    monkeypatch.setattr(grid_paint, "paint_chip", spy)
    cal.resize(900, 700)
    cal.set_layout("channels")
    grid = cal.channelGrid
    grid.grab()
    room = grid._room_for_time()
    assert any(not shown for _, shown in painted), "some channel-week chips are narrow"
    assert all(shown == (width >= room) for width, shown in painted)


def test_the_grid_tells_a_screen_reader_where_it_is_and_what_is_selected(
    qtbot, cal: CalendarWidget
) -> None:  # type: ignore[no-untyped-def]
    grid = cal.monthGrid
    assert grid.accessibleName() == "Month grid"
    item = chip_in_month(cal)
    qtbot.mouseClick(grid, LEFT, pos=centre(grid.chip_rect(item.id)))
    description = grid.accessibleDescription()
    assert description.startswith(dates.day_text(item.date))
    assert f"selected: {item.title}" in description
    qtbot.keyClick(grid, Qt.Key.Key_Right)
    assert grid.accessibleDescription().startswith(dates.day_text(item.date + timedelta(days=1)))
    assert "selected" not in grid.accessibleDescription()


def test_the_menu_key_opens_the_menu_of_the_selection_or_of_the_keyboards_day(
    qtbot, cal: CalendarWidget, shown_menus
) -> None:  # type: ignore[no-untyped-def]
    grid = cal.monthGrid
    day = empty_day(cal, date(2027, 3, 8))
    grid.set_cursor_key(day)
    keyboard = QContextMenuEvent.Reason.Keyboard
    QApplication.sendEvent(
        grid, QContextMenuEvent(keyboard, QPoint(0, 0), grid.mapToGlobal(QPoint(0, 0)))
    )
    assert entries(shown_menus[-1]) == ["New Item Here", "Paste"]
    item = chip_in_month(cal)
    qtbot.mouseClick(grid, LEFT, pos=centre(grid.chip_rect(item.id)))
    QApplication.sendEvent(
        grid, QContextMenuEvent(keyboard, QPoint(0, 0), grid.mapToGlobal(QPoint(0, 0)))
    )
    assert entries(shown_menus[-1]) == ITEM_MENU and cal.selected_ids() == [item.id]
