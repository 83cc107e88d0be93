"""What the timeline shows and how it follows: lanes, bars, arrows, counts, zoom and scroll,
the fixed headers, tooltips, the today line, the conflict list, and the other views.

The demo plan (tests/conftest.py) has two tracks of ten initiatives chained 1→2→…→10 and
11→12→…→20; initiative 1 has linked items, 12 has none. Shared fixtures are in
tests/timeline/conftest.py, shared helpers in timeline_helpers.py.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QAction, QHelpEvent, QWheelEvent
from PySide6.QtWidgets import QApplication, QToolTip
from timeline_helpers import (
    CTRL,
    LEFT,
    NONE,
    SHIFT,
    button,
    drag,
    point,
    show,
    wheel,
)

from streamdesk.domain import Dependency, clock
from streamdesk.gui import commands
from streamdesk.gui.document import PlanDocument
from streamdesk.gui.timeline import TimelineWidget, create_timeline
from streamdesk.gui.timeline.dates import format_day
from streamdesk.gui.timeline.items import LABEL_MAX
from streamdesk.storage import PlanFile, create_plan, repository


def test_draws_lanes_bars_arrows_and_counts(timeline: TimelineWidget, document) -> None:  # type: ignore[no-untyped-def]
    view = timeline.view
    assert timeline.objectName() == "upstreamTimeline"
    names = [lane.name for lane in view.layout_.lanes]
    assert names[:3] == ["Research", "Segmentation", "Positioning"]
    assert len(view.bars) == 20
    assert len(view.arrows.paths) == len(repository.list_dependencies(document.pf)) == 18
    counts = repository.item_counts_by_initiative(document.pf)
    assert view.bars[1].count == counts[1] > 0
    assert view.bars[12].count == 0
    assert view.bars[5].initiative.is_milestone
    # bars of a lane stay in that lane's band and never overlap
    lane = view.layout_.lanes[0]
    for iid in lane.ids:
        assert lane.top <= view.bars[iid].pos().y() < lane.bottom
    assert timeline.conflict_list.isHidden()


def test_zoom_by_buttons_wheel_and_keys(qtbot, timeline: TimelineWidget) -> None:  # type: ignore[no-untyped-def]
    view = timeline.view
    qtbot.mouseClick(button(timeline, "zoomWeek"), LEFT)
    assert view.zoom == "week" and view.time_scale.levels() == ("month", "day")
    qtbot.keyClick(view, Qt.Key.Key_Minus, CTRL)
    assert view.zoom == "month" and view.time_scale.levels() == ("month", "week")
    assert timeline.findChild(QAction, "zoomMonth").isChecked()

    centre = QPointF(view.viewport().width() / 2, 50)
    wheel = QWheelEvent(
        centre,
        view.viewport().mapToGlobal(centre),
        QPoint(),
        QPoint(0, -120),
        Qt.MouseButton.NoButton,
        CTRL,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(view.viewport(), wheel)
    assert view.zoom == "quarter" and view.time_scale.levels() == ("quarter", "month")
    qtbot.keyClick(view, Qt.Key.Key_Equal, CTRL)
    assert view.zoom == "month"
    view.horizontalScrollBar().setValue(0)
    left = view.horizontalScrollBar().value()
    shift_wheel = QWheelEvent(
        centre,
        view.viewport().mapToGlobal(centre),
        QPoint(),
        QPoint(0, -120),
        Qt.MouseButton.NoButton,
        SHIFT,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(view.viewport(), shift_wheel)
    assert view.horizontalScrollBar().value() == left + 120 and view.zoom == "month"

    qtbot.mouseClick(button(timeline, "fitPlan"), LEFT)
    assert view.zoom == ""
    first = view.mapFromScene(view.bars[1].pos()).x()
    last = view.bars[20].sceneBoundingRect().left()
    assert first >= 0 and view.mapFromScene(QPointF(last, 0)).x() < view.viewport().width()


def test_follows_selection_and_period_from_other_views(timeline: TimelineWidget, document) -> None:  # type: ignore[no-untyped-def]
    view = timeline.view
    view.set_zoom("week")
    document.select_initiative(17)
    assert view.selected == [17] and view.bars[17].selected
    assert view.viewport().rect().intersects(view.bar_rect(17).toRect())
    document.select_initiative(None)
    assert view.selected == []

    document.choose_period(date(2027, 6, 1), date(2027, 6, 30))
    assert abs((view.left_date() - date(2027, 6, 1)).days) <= 3
    button(timeline, "goToday").click()
    today_x = view.mapFromScene(QPointF(view.time_scale.x_of(view.today), 0)).x()
    assert 0 < today_x < view.viewport().width()


def test_header_and_lane_names_stay_while_scrolling(timeline: TimelineWidget) -> None:
    view = timeline.view
    view.set_zoom("quarter")
    header_y, lanes_x = view.header.y(), view.lane_header.x()
    view.horizontalScrollBar().setValue(view.horizontalScrollBar().value() + 300)
    view.verticalScrollBar().setValue(view.verticalScrollBar().maximum())
    assert (view.header.y(), view.lane_header.x()) == (header_y, lanes_x)
    assert view.header.geometry().bottom() < view.viewport().geometry().top() + 1
    image = timeline.grab().toImage()  # paints header, lane names and every visible bar
    assert not image.isNull()


def test_scale_units_and_snapping() -> None:
    from streamdesk.gui.timeline.scale import TimeScale

    scale = TimeScale(date(2027, 1, 1), 10.0)
    assert scale.x_of(date(2027, 1, 11)) == 100
    assert scale.day_at(105) == date(2027, 1, 11)
    assert scale.days_for(14) == 1 and scale.days_for(-16) == -2
    weeks = list(scale.units("week", date(2027, 1, 1), date(2027, 1, 20)))
    assert [w.first for w in weeks] == [date(2026, 12, 28) + timedelta(weeks=n) for n in range(4)]
    quarters = list(
        TimeScale(date(2027, 1, 1), 1.2).units("quarter", date(2027, 2, 1), date(2027, 8, 1))
    )
    assert [q.label for q in quarters] == ["Q1 2027", "Q2 2027", "Q3 2027"]


def test_tooltip_describes_the_bar_under_the_mouse(timeline: TimelineWidget, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QToolTip

    view = timeline.view
    show(view, "month", date(2027, 1, 1))
    shown: list[str] = []
    monkeypatch.setattr(QToolTip, "showText", lambda pos, text, *a: shown.append(text))
    at = point(view, 1)
    event = QHelpEvent(QHelpEvent.Type.ToolTip, at, view.viewport().mapToGlobal(at))
    QApplication.sendEvent(view.viewport(), event)
    assert shown and "Market research: core market" in shown[0]
    assert f"{view.counts[1]} linked downstream items" in shown[0]


def test_fits_a_narrow_window(timeline: TimelineWidget) -> None:
    assert timeline.minimumSizeHint().width() <= 400
    timeline.view.message.emit("a long refusal " * 20)
    assert timeline.minimumSizeHint().width() <= 400


def test_a_palette_change_repaints_with_the_new_colours(timeline: TimelineWidget) -> None:
    from PySide6.QtGui import QColor, QPalette

    view = timeline.view
    dark = QPalette(view.palette())
    dark.setColor(QPalette.ColorRole.Base, QColor(30, 30, 30))
    dark.setColor(QPalette.ColorRole.Text, QColor(220, 220, 220))
    view.setPalette(dark)
    assert view.style_.base == QColor(30, 30, 30)
    assert all(bar.style is view.style_ for bar in view.bars.values())
    image = view.viewport().grab().toImage()
    assert image.pixelColor(image.width() - 2, image.height() - 2).lightness() < 80


def test_bar_counts_follow_items_linked_or_unlinked_elsewhere(
    timeline: TimelineWidget, document, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from streamdesk.domain import Item
    from streamdesk.gui import commands

    view = timeline.view
    item = next(i for i in repository.list_items(document.pf) if i.initiative_id == 1)
    before = view.bars[1].count, view.bars[12].count
    recounts: list[int] = []
    real = repository.item_counts_by_initiative
    monkeypatch.setattr(
        repository, "item_counts_by_initiative", lambda pf: recounts.append(1) or real(pf)
    )

    moved = item.replace(date=item.date + timedelta(days=1))
    change = commands.edit(document, [item], [moved], "Move").change()
    assert change.relinked == frozenset()
    assert document.execute(commands.edit(document, [item], [moved], "Move"))
    assert recounts == []  # a move in time links nothing: no recount of the whole plan

    relinked = moved.replace(initiative_id=12)
    assert document.execute(commands.edit(document, [moved], [relinked], "Link"))
    assert (view.bars[1].count, view.bars[12].count) == (before[0] - 1, before[1] + 1)
    assert recounts
    assert document.undo()
    assert (view.bars[1].count, view.bars[12].count) == before
    new = Item("New", item.date, item.channel_id, initiative_id=12)
    assert commands.create(document, [new], "Add").change().relinked == {12}


def test_a_title_beside_a_bar_scrolled_off_the_left_starts_at_the_views_edge(
    qtbot, timeline: TimelineWidget
) -> None:  # type: ignore[no-untyped-def]
    view = timeline.view
    show(view, "month", date(2027, 1, 1))
    bar = next(b for b in view.bars.values() if not b.inside and b.title_width > 120)
    x, room, pill = bar.label_layout()
    assert room == bar.title_width + 1  # in view: the whole title
    # scroll until the view's left edge falls 30 px into the title
    left = view.mapToScene(QPoint(0, 0)).x()
    scroll = view.horizontalScrollBar()
    scroll.setValue(scroll.value() + round(bar.x() + x + 30 - left))
    edge = view.mapToScene(QPoint(0, 0)).x()
    assert bar.x() + x < edge
    shifted_x, shifted_room, shifted_pill = bar.label_layout()
    assert bar.x() + shifted_x == pytest.approx(edge, abs=1)  # it starts at the edge
    assert shifted_room == pytest.approx(room - (edge - bar.x() - x), abs=1)  # and is elided
    assert shifted_pill == pill  # the count stays after the title's end


def test_the_today_line_moves_when_the_day_changes(qtbot, document, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QColor

    from streamdesk.gui.timeline.items import TODAY

    now = [datetime(2027, 3, 1, 23, 59, 59, 500000)]
    monkeypatch.setattr(clock, "now", lambda: now[0])
    widget = create_timeline(document)
    qtbot.addWidget(widget)
    widget.resize(1000, 560)
    widget.show()
    qtbot.waitExposed(widget)
    view = widget.view
    show(view, "week", date(2027, 2, 25))
    assert view.today == date(2027, 3, 1)
    # the timer waits for the next midnight (half a second away), not a day
    assert view._midnight.isActive() and view._midnight.remainingTime() <= 2000

    def line_at(x: float) -> QColor:
        image = view.viewport().grab().toImage()
        return image.pixelColor(round(view.mapFromScene(QPointF(x, 0)).x()), 5)

    before = view.today_x()
    assert line_at(before) == TODAY

    now[0] = datetime(2027, 3, 2, 0, 0, 1)
    qtbot.waitUntil(lambda: view.today == date(2027, 3, 2), timeout=5000)
    assert view.today_x() == before + view.time_scale.ppd
    assert line_at(view.today_x()) == TODAY and line_at(before) != TODAY
    # and then it waits for the midnight after
    assert view._midnight.remainingTime() > 23 * 3600 * 1000


def test_selecting_a_bar_highlights_its_items_in_the_calendar(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    view = window.timeline.view
    show(view, "month", date(2027, 1, 1))
    qtbot.mouseClick(view.viewport(), LEFT, NONE, point(view, 1))
    assert window.calendar._highlight == 1
    assert window.calendar.monthGrid._highlight == 1
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    assert window.calendar._highlight is None


def test_an_empty_plan_says_how_to_start_and_a_drag_adds_the_first(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "empty.streamdesk"
    create_plan(path).close()
    document = PlanDocument(PlanFile.open(path))
    widget = create_timeline(document)
    qtbot.addWidget(widget)
    widget.resize(900, 420)
    widget.show()
    qtbot.waitExposed(widget)
    view = widget.view
    assert isinstance(widget, TimelineWidget)
    # a lane per upstream kind, ready to be drawn in
    kinds = [c.name for c in sorted(document.channels(), key=lambda c: c.position)]
    assert [lane.name for lane in view.layout_.lanes] == [
        k for k in kinds if k in view.kinds
    ] and view.kinds
    assert widget.empty_hint.isVisible() and "drag across a lane" in widget.empty_hint.text()
    button(widget, "fitPlan").click()
    button(widget, "zoomQuarter").click()
    button(widget, "goToday").click()
    assert not widget.grab().toImage().isNull()

    show(view, "week", date.today())
    lane = view.lane_rect(view.kinds[0])
    y = round(lane.center().y())
    drag(qtbot, view, QPoint(200, y), QPoint(330, y))
    assert len(view.initiatives) == 1
    assert not widget.empty_hint.isVisible()
    assert "press Enter" in widget.status.text()
    assert document.undo()
    assert widget.empty_hint.isVisible()
    document.close()


def test_fit_plan_shows_every_bar_and_the_titles_beside_them(
    qtbot, timeline: TimelineWidget
) -> None:  # type: ignore[no-untyped-def]
    view = timeline.view
    view.set_zoom("week")
    qtbot.mouseClick(button(timeline, "fitPlan"), LEFT)
    width = view.viewport().width()
    for iid, bar in view.bars.items():
        left = view.mapFromScene(bar.pos()).x()
        right = view.mapFromScene(bar.mapToScene(QPointF(bar.boundingRect().right(), 0))).x()
        assert left >= 0 and right <= width, iid


def test_a_very_long_title_is_elided_on_its_bar_and_whole_in_the_tooltip(
    qtbot, timeline: TimelineWidget, document, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    view = timeline.view
    long_title = "Pricing study across every segment and region we sell to " * 5
    old = view.initiatives[12]
    assert document.execute(commands.edit(document, [old], [old.replace(title=long_title)], "R"))
    bar = view.bars[12]
    assert bar.title_width <= LABEL_MAX
    assert bar.boundingRect().width() < LABEL_MAX + bar.width + 80
    show(view, "month", date(2027, 6, 1))
    shown: list[str] = []
    monkeypatch.setattr(QToolTip, "showText", lambda pos, text, *a: shown.append(text))
    at = point(view, 12)
    QApplication.sendEvent(
        view.viewport(), QHelpEvent(QHelpEvent.Type.ToolTip, at, view.viewport().mapToGlobal(at))
    )
    assert shown and long_title.strip() in shown[0]


def test_a_long_lane_name_is_whole_in_the_lane_tooltip(
    timeline: TimelineWidget, document, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    view = timeline.view
    name = "Strategic questions the board asked us to answer first"
    old = view.initiatives[12]
    assert document.execute(commands.edit(document, [old], [old.replace(lane=name)], "Lane"))
    view.verticalScrollBar().setValue(view.verticalScrollBar().maximum())
    shown: list[str] = []
    monkeypatch.setattr(QToolTip, "showText", lambda pos, text, *a: shown.append(text))
    lanes = view.lane_header
    y = round(view.lane_rect(name).center().y())
    at = QPoint(20, y)
    QApplication.sendEvent(lanes, QHelpEvent(QHelpEvent.Type.ToolTip, at, lanes.mapToGlobal(at)))
    assert shown == [f"{name}: 1 initiative"]


def test_the_conflict_list_fits_its_rows_and_a_click_selects_the_late_successor(
    qtbot, timeline: TimelineWidget
) -> None:  # type: ignore[no-untyped-def]
    view = timeline.view
    assert view.move_initiatives([3, 5, 13], -20)  # three broken dependencies
    listing = timeline.conflict_list
    assert listing.count() == 3
    assert listing.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff
    row = listing.sizeHintForRow(0)
    assert listing.height() == 3 * row + 2 * listing.frameWidth()
    assert listing.item(0).toolTip() == listing.item(0).text()
    timeline.resize(1000, 380)  # a short pane keeps its room for the lanes
    qtbot.waitUntil(lambda: listing.height() == 2 * row + 2 * listing.frameWidth())
    # also when the pane is short from the start
    short = create_timeline(timeline.document)
    qtbot.addWidget(short)
    short.resize(800, 380)
    short.show()
    assert short.conflict_list.height() == 2 * row + 2 * listing.frameWidth()

    view.set_zoom("week")
    view.scroll_to_date(date(2027, 12, 1))  # the late successors are out of view
    first = listing.item(0)
    qtbot.mouseClick(listing.viewport(), LEFT, NONE, listing.visualItemRect(first).center())
    late = first.data(Qt.ItemDataRole.UserRole)
    assert view.selected == [late]
    assert view.viewport().rect().intersects(view.bar_rect(late).toRect())


def test_the_wheel_works_over_the_time_axis_and_the_lane_names(
    timeline: TimelineWidget,
) -> None:
    view = timeline.view
    timeline.resize(1000, 300)
    view.set_zoom("week")
    lanes, axis = view.lane_header, view.header
    vertical, horizontal = view.verticalScrollBar(), view.horizontalScrollBar()
    assert vertical.maximum() > 0
    wheel(lanes, QPointF(40, 100), -120)
    assert vertical.value() > 0
    wheel(lanes, QPointF(40, 100), 120)
    assert vertical.value() == 0

    left = horizontal.value()
    wheel(axis, QPointF(300, 10), -120)  # the axis scrolls in time
    assert horizontal.value() == left + 120

    x = 300.0
    day = view.time_scale.day_at(view.mapToScene(QPoint(round(x), 0)).x())
    wheel(axis, QPointF(x, 10), -120, Qt.KeyboardModifier.ControlModifier)
    assert view.zoom == "month"
    # the day under the pointer stays under it
    assert abs((view.time_scale.day_at(view.mapToScene(QPoint(round(x), 0)).x()) - day).days) <= 1
    wheel(lanes, QPointF(40, 100), 120, Qt.KeyboardModifier.ControlModifier)
    assert view.zoom == "week"


def test_dates_are_written_as_the_locale_writes_them(timeline: TimelineWidget, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QEvent, QLocale

    from streamdesk.gui.timeline.dates import day_span, format_day, signed_days

    view = timeline.view
    assert format_day(date(2027, 2, 18)) == "18 Feb 2027"  # en_GB (conftest)
    assert signed_days(-1) == "−1 day" and signed_days(3) == "+3 days"
    assert "15 Feb 2027 – 11 Mar 2027 (25 days)" in view.bars[2].tooltip()
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    assert day_span(date(2027, 2, 18), date(2027, 3, 1)) == "Feb 18, 2027 – Mar 1, 2027"
    QLocale.setDefault(QLocale(QLocale.Language.German, QLocale.Country.Germany))
    assert format_day(date(2027, 5, 3)) == "3. Mai 2027"
    # the time axis names the months in the view's locale
    view.setLocale(QLocale(QLocale.Language.German, QLocale.Country.Germany))
    QApplication.sendEvent(view, QEvent(QEvent.Type.LocaleChange))
    view.set_zoom("week")
    months = list(view.time_scale.units("month", date(2027, 3, 1), date(2027, 3, 2)))
    assert months[0].label == "März 2027"


def test_the_views_actions_for_a_view_menu_have_names_and_keys(
    qtbot, timeline: TimelineWidget
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QKeySequence

    view = timeline.view
    actions = view.view_actions()
    assert [a.objectName() for a in actions] == [
        "actionZoomIn",
        "actionZoomOut",
        "actionFitPlan",
        "actionToday",
    ]
    keys = {a.objectName(): a.shortcut() for a in actions}
    assert keys["actionZoomIn"] in QKeySequence.keyBindings(QKeySequence.StandardKey.ZoomIn)
    assert keys["actionZoomOut"] in QKeySequence.keyBindings(QKeySequence.StandardKey.ZoomOut)
    assert keys["actionFitPlan"] == QKeySequence("Ctrl+0")
    assert keys["actionToday"] == QKeySequence("Home")
    assert all(a.text() and a.statusTip() for a in actions)

    view.set_zoom("month")
    actions[0].trigger()
    assert view.zoom == "week"
    actions[1].trigger()
    actions[1].trigger()
    assert view.zoom == "quarter"
    actions[2].trigger()
    assert view.zoom == ""
    view.scroll_to_date(date(2027, 12, 1))
    actions[3].trigger()
    today_x = view.mapFromScene(QPointF(view.today_x(), 0)).x()
    assert 0 < today_x < view.viewport().width()
    # in a menu of the window they stay the view's: the same objects each time
    assert view.view_actions() == actions and all(a.parent() is view for a in actions)
    assert timeline.view_actions() == actions  # what the main window asks the timeline


def test_a_wheel_notch_scrolls_three_rows_of_bars(timeline: TimelineWidget) -> None:
    from streamdesk.gui.timeline.layout import COMPACT_ROW_HEIGHT

    view = timeline.view
    timeline.resize(1000, 200)  # a short pane: the rows are the compact ones
    vertical = view.verticalScrollBar()
    assert vertical.maximum() > 3 * COMPACT_ROW_HEIGHT and vertical.value() == 0
    assert view.wheel_step() == QApplication.wheelScrollLines() * COMPACT_ROW_HEIGHT
    wheel(view.viewport(), QPointF(300, 60), -120)
    assert vertical.value() == round(view.wheel_step())  # not Qt's ~1/20 of the view
    wheel(view.viewport(), QPointF(300, 60), 120)
    assert vertical.value() == 0


def test_lanes_get_closer_rows_when_they_would_not_fit(qtbot, timeline: TimelineWidget) -> None:  # type: ignore[no-untyped-def]
    from streamdesk.gui.timeline.layout import COMPACT_ROW_HEIGHT, ROW_HEIGHT

    view = timeline.view
    timeline.resize(1366, 700)  # room for every lane: full rows
    qtbot.waitUntil(lambda: view.layout_.row_height == ROW_HEIGHT)
    roomy = view.layout_.height
    assert roomy <= view.viewport().height()

    timeline.resize(1366, 330)  # a laptop's timeline pane at 1366×768
    qtbot.waitUntil(lambda: view.layout_.row_height == COMPACT_ROW_HEIGHT)
    assert view.layout_.height < roomy
    shown = [lane for lane in view.layout_.lanes if lane.bottom <= view.viewport().height()]
    assert len(shown) == len(view.layout_.lanes) == 7  # all seven kinds, none cut off
    for iid, bar in view.bars.items():  # bars still sit inside their own lane
        lane = view.layout_.lanes[view.layout_.place[iid][0]]
        assert lane.top <= bar.pos().y() and bar.pos().y() + 18 <= lane.bottom

    timeline.resize(1366, 700)
    qtbot.waitUntil(lambda: view.layout_.row_height == ROW_HEIGHT)
    assert view.layout_.height == roomy


def test_a_click_on_a_lanes_name_collapses_it_and_another_opens_it(
    qtbot, timeline: TimelineWidget, document
) -> None:  # type: ignore[no-untyped-def]
    view = timeline.view
    show(view, "month", date(2027, 1, 1))
    lanes = view.lane_header
    research = view.layout_.lanes[0]
    ids = list(research.ids)
    open_height, total = research.height, view.layout_.height
    view.select([ids[0]])
    arrows = len(view.arrows.paths)

    qtbot.mouseClick(lanes, LEFT, NONE, QPoint(40, round(view.lane_rect("Research").center().y())))
    lane = view.layout_.lanes[0]
    assert lane.collapsed and lane.height < open_height
    assert view.layout_.height == total - (open_height - lane.height)
    assert all(not view.bars[i].isVisible() for i in ids)
    assert view.selected == []  # a hidden bar is not left selected
    assert len(view.arrows.paths) < arrows  # no arrow points into the strip
    assert view._bar_at(view.bars[ids[0]].sceneBoundingRect().center()) is None
    # Up/Down skip the hidden bars
    view.select([view.layout_.lanes[1].ids[0]])
    qtbot.keyClick(view, Qt.Key.Key_Up)
    assert view.selected[0] not in ids
    # the strip shows where the hidden bars are, in their colour
    image = view.viewport().grab().toImage()
    x0, x1 = view._bar_x(view.initiatives[ids[0]])
    at = view.mapFromScene(QPointF((x0 + x1) / 2, lane.top + lane.height / 2))
    assert image.pixelColor(at.x(), at.y()) == view.bars[ids[0]].colour

    # selected elsewhere (the calendar, the conflict list): its lane opens again
    document.select_initiative(ids[0])
    assert not view.layout_.lanes[0].collapsed and view.bars[ids[0]].isVisible()
    assert view.selected == [ids[0]]

    qtbot.mouseClick(lanes, LEFT, NONE, QPoint(40, round(view.lane_rect("Research").center().y())))
    assert view.layout_.lanes[0].collapsed
    qtbot.mouseClick(lanes, LEFT, NONE, QPoint(40, round(view.lane_rect("Research").center().y())))
    assert not view.layout_.lanes[0].collapsed
    assert view.layout_.height == total and len(view.arrows.paths) == arrows


def test_a_screen_reader_is_told_what_is_selected(
    qtbot, timeline: TimelineWidget, document
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QAccessible

    view = timeline.view
    reader = QAccessible.queryAccessibleInterface(view)
    assert reader.text(QAccessible.Text.Name) == "Upstream timeline"
    assert reader.text(QAccessible.Text.Description) == "No initiative selected"

    show(view, "month", date(2027, 1, 1))
    qtbot.mouseClick(view.viewport(), LEFT, NONE, point(view, 2))
    said = reader.text(QAccessible.Text.Description)
    i = view.initiatives[2]
    assert said.startswith(f"Selected: {i.title}, {i.kind}, 15 Feb 2027 – 11 Mar 2027, 25 days")
    assert f"{view.counts.get(2, 0)} linked item" in said

    qtbot.keyClick(view, Qt.Key.Key_Down)  # the keys move the selection: so does the text
    after = view.initiatives[view.selected[0]]
    assert reader.text(QAccessible.Text.Description).startswith(f"Selected: {after.title}, ")

    assert view.move_initiatives([after.id], 1)  # an edit changes the dates it says
    moved = view.initiatives[after.id]
    assert format_day(moved.start) in reader.text(QAccessible.Text.Description)

    qtbot.keyClick(view, Qt.Key.Key_Escape)
    assert reader.text(QAccessible.Text.Description) == "No initiative selected"
    path = view.arrows.paths[Dependency(1, 2)]
    a, b = path.elementAt(1), path.elementAt(2)
    on_arrow = view.mapFromScene(QPointF((a.x + b.x) / 2, (a.y + b.y) / 2))
    qtbot.mouseClick(view.viewport(), LEFT, NONE, on_arrow)
    first, second = view.initiatives[1].title, view.initiatives[2].title
    assert reader.text(QAccessible.Text.Description) == (
        f"Selected dependency: {second} waits for {first}"
    )


def test_move_successors_along_reads_as_a_toggle(qtbot, timeline: TimelineWidget) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QColor, QIcon, QPalette

    toggle = button(timeline, "moveSuccessors")
    assert toggle.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonTextBesideIcon
    icon = timeline.move_successors.icon()

    def look(icon: QIcon, state: QIcon.State):  # type: ignore[no-untyped-def]
        return icon.pixmap(16, 16, QIcon.Mode.Normal, state).toImage()

    off, on = look(icon, QIcon.State.Off), look(icon, QIcon.State.On)
    assert not off.isNull() and off != on  # a check box, ticked when on
    qtbot.mouseClick(toggle, LEFT)
    assert timeline.view.move_successors and toggle.isChecked()

    dark = QPalette(timeline.palette())
    dark.setColor(QPalette.ColorRole.Base, QColor(30, 30, 30))
    dark.setColor(QPalette.ColorRole.Window, QColor(40, 40, 40))
    timeline.setPalette(dark)  # drawn again in the new palette
    assert look(timeline.move_successors.icon(), QIcon.State.Off) != off


def test_the_toggle_stands_out_on_a_dark_palette(qtbot, timeline: TimelineWidget) -> None:  # type: ignore[no-untyped-def]
    """Under Xvfb with a dark Fusion palette the box was Base on Window, a dark smudge."""
    from PySide6.QtGui import QColor, QIcon, QPalette

    dark = QPalette(timeline.palette())
    colours = {"Window": "#2b2b2b", "Base": "#1e1e1e", "Button": "#353535"}
    for role, colour in colours.items():
        dark.setColor(getattr(QPalette.ColorRole, role), QColor(colour))
    for role in ("WindowText", "Text", "ButtonText"):
        dark.setColor(getattr(QPalette.ColorRole, role), QColor("#e6e6e6"))
    timeline.setPalette(dark)
    image = timeline.move_successors.icon().pixmap(16, 16, QIcon.Mode.Normal, QIcon.State.Off)
    pixels = image.toImage()
    drawn = [
        pixels.pixelColor(x, y)
        for y in range(pixels.height())
        for x in range(pixels.width())
        if pixels.pixelColor(x, y).alpha() > 200
    ]
    assert drawn
    window = QColor(colours["Window"]).lightness()
    assert max(c.lightness() for c in drawn) >= window + 60  # an outline to see the box by


def test_a_title_scrolled_almost_off_the_left_leaves_no_fragment(
    qtbot, timeline: TimelineWidget
) -> None:  # type: ignore[no-untyped-def]
    """Under Xvfb at 1366 px the left edge cut titles into "rket 9" and "t 8": what is left
    of a title at the view's edge is elided from there, or not drawn when too short."""
    from streamdesk.gui.timeline.items import MIN_LABEL_ROOM

    view = timeline.view
    show(view, "month", date(2027, 1, 1))
    bar = next(b for b in view.bars.values() if not b.inside and b.title_width > 120)
    x, room, _pill = bar.label_layout()
    scroll = view.horizontalScrollBar()
    for left_of_end in (MIN_LABEL_ROOM + 10, MIN_LABEL_ROOM - 10):
        # the view's left edge falls so far before the title's end
        left = view.mapToScene(QPoint(0, 0)).x()
        scroll.setValue(scroll.value() + round(bar.x() + x + room - left_of_end - left))
        edge = view.mapToScene(QPoint(0, 0)).x()
        shown_x, shown_room, _ = bar.label_layout()
        assert bar.x() + shown_x >= edge - 1  # never starts left of the edge
        if left_of_end > MIN_LABEL_ROOM:
            assert shown_room == pytest.approx(left_of_end, abs=2)  # elided from the edge
        else:
            assert shown_room == 0  # too little for a word: no fragment
