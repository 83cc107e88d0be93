"""The upstream timeline editor, driven with real mouse and key events on its view.

The demo plan (conftest) has two tracks of ten initiatives chained 1→2→…→10 and
11→12→…→20; initiative 1 has linked items, 12 has none.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QAction, QWheelEvent
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from streamdesk.domain import Dependency, Initiative, clock
from streamdesk.gui.timeline import TimelineWidget, create_timeline
from streamdesk.gui.timeline.initiative_dialog import InitiativeDialog
from streamdesk.gui.timeline.view import TimelineView
from streamdesk.storage import PlanFile, repository

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
NONE = Qt.KeyboardModifier.NoModifier
LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def timeline(qtbot, document, monkeypatch) -> TimelineWidget:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(clock, "now", lambda: datetime(2027, 3, 1, 12, 0))
    widget = create_timeline(document)
    assert isinstance(widget, TimelineWidget)
    qtbot.addWidget(widget)
    widget.resize(1000, 560)
    widget.show()
    qtbot.waitExposed(widget)
    assert widget.view.today == date(2027, 3, 1)
    return widget


def on_disk(path: Path, initiative_id: int) -> Initiative | None:
    """The initiative as another process reads it from the plan file."""
    with PlanFile.open(path, read_only=True) as other:
        found = [i for i in repository.list_initiatives(other) if i.id == initiative_id]
        return found[0] if found else None


def deps_on_disk(path: Path) -> set[tuple[int, int]]:
    with PlanFile.open(path, read_only=True) as other:
        return {d.id for d in repository.list_dependencies(other)}


def point(view: TimelineView, iid: int, where: str = "middle") -> QPoint:
    rect = view.bar_rect(iid)
    x = {"middle": rect.center().x(), "start": rect.left() + 2, "end": rect.right() - 2}[where]
    return QPoint(round(x), round(rect.center().y()))


def show(view: TimelineView, zoom: str, day: date) -> None:
    view.set_zoom(zoom)
    view.scroll_to_date(day)
    view.verticalScrollBar().setValue(0)


def button(timeline: TimelineWidget, name: str) -> QWidget:
    """The tool button of a timeline action, to click it as a user does."""
    widget = timeline.toolbar.widgetForAction(timeline.findChild(QAction, name))
    assert widget is not None and widget.isVisible(), name
    return widget


def drag(qtbot, view: TimelineView, start: QPoint, end: QPoint, mods=NONE) -> None:  # type: ignore[no-untyped-def]
    """Press, move in several steps (as a hand does), release: all on the viewport."""
    viewport = view.viewport()
    qtbot.mousePress(viewport, LEFT, mods, start)
    for step in range(1, 6):
        qtbot.mouseMove(viewport, start + (end - start) * step / 5)
    qtbot.mouseRelease(viewport, LEFT, mods, end)


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


def test_drag_moves_a_bar_by_whole_days_in_one_undo_step(
    qtbot, timeline: TimelineWidget, document, plan_path: Path
) -> None:  # type: ignore[no-untyped-def]
    view = timeline.view
    show(view, "week", date(2027, 2, 10))
    start = point(view, 2)
    drag(qtbot, view, start, start + QPoint(round(3 * view.time_scale.ppd) + 4, 0))

    moved = on_disk(plan_path, 2)
    assert (moved.start, moved.end) == (date(2027, 2, 18), date(2027, 3, 14))
    assert document.undo_stack.count() == 1
    assert document.undo_stack.undoText() == "Move initiative"
    # now 3 starts before 2 ends: the arrow turns red and the conflict is listed
    assert Dependency(2, 3) in view.arrows.broken
    assert timeline.conflict_list.count() == 1
    assert "Segmentation and ICP" in timeline.conflict_list.item(0).text()
    assert not timeline.conflict_list.isHidden()

    assert document.undo()
    assert on_disk(plan_path, 2).start == date(2027, 2, 15)
    assert timeline.conflict_list.count() == 0
    assert document.redo()
    assert on_disk(plan_path, 2).start == date(2027, 2, 18)


def test_dragging_an_end_resizes(qtbot, timeline: TimelineWidget, plan_path: Path) -> None:  # type: ignore[no-untyped-def]
    view = timeline.view
    show(view, "week", date(2027, 2, 10))
    start = point(view, 2, "end")
    drag(qtbot, view, start, start + QPoint(round(5 * view.time_scale.ppd), 0))
    resized = on_disk(plan_path, 2)
    assert (resized.start, resized.end) == (date(2027, 2, 15), date(2027, 3, 16))

    start = point(view, 2, "start")
    drag(qtbot, view, start, start + QPoint(round(-2 * view.time_scale.ppd), 0))
    assert on_disk(plan_path, 2).start == date(2027, 2, 13)
    assert on_disk(plan_path, 2).end == date(2027, 3, 16)

    # shrinking past the other end leaves a two-day bar, not a milestone
    start = point(view, 2, "end")
    drag(qtbot, view, start, QPoint(0, start.y()))
    assert on_disk(plan_path, 2).end == date(2027, 2, 14)


def test_escape_cancels_a_drag(qtbot, timeline: TimelineWidget, document) -> None:  # type: ignore[no-untyped-def]
    view = timeline.view
    show(view, "week", date(2027, 2, 10))
    start = point(view, 2)
    qtbot.mousePress(view.viewport(), LEFT, NONE, start)
    qtbot.mouseMove(view.viewport(), start + QPoint(60, 0))
    assert view.bars[2].initiative.start > date(2027, 2, 15)  # the preview moved
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    qtbot.mouseRelease(view.viewport(), LEFT, NONE, start + QPoint(60, 0))
    assert view.bars[2].initiative.start == date(2027, 2, 15)
    assert document.undo_stack.count() == 0


def test_dragging_in_an_empty_lane_creates_an_initiative(
    qtbot, timeline: TimelineWidget, document, plan_path: Path
) -> None:  # type: ignore[no-untyped-def]
    view = timeline.view
    show(view, "week", date(2027, 2, 10))
    lane = view.lane_rect("Pricing")
    x0 = view.mapFromScene(QPointF(view.time_scale.x_of(date(2027, 2, 16)) + 5, 0)).x()
    x1 = view.mapFromScene(QPointF(view.time_scale.x_of(date(2027, 2, 25)) + 5, 0)).x()
    y = round(lane.center().y())
    drag(qtbot, view, QPoint(x0, y), QPoint(x1, y))

    with PlanFile.open(plan_path, read_only=True) as other:
        created = [i for i in repository.list_initiatives(other) if i.id not in range(1, 21)]
    assert len(created) == 1
    new = created[0]
    assert (new.kind, new.lane, new.start, new.end) == (
        "Pricing",
        "Pricing",
        date(2027, 2, 16),
        date(2027, 2, 25),
    )
    assert view.selected == [new.id]
    assert document.undo()
    assert on_disk(plan_path, new.id) is None


def test_shift_drag_links_and_a_cycle_is_refused(
    qtbot, timeline: TimelineWidget, document, plan_path: Path
) -> None:  # type: ignore[no-untyped-def]
    view = timeline.view
    show(view, "month", date(2027, 1, 1))
    errors: list[str] = []
    document.errorOccurred.connect(errors.append)

    drag(qtbot, view, point(view, 1), point(view, 3), SHIFT)
    assert (1, 3) in deps_on_disk(plan_path)
    assert document.undo_stack.undoText() == "Add dependency"
    assert len(view.arrows.paths) == 19

    # 3 already (transitively) waits for 1: 1 waiting for 3 would be a cycle
    drag(qtbot, view, point(view, 3), point(view, 1), SHIFT)
    assert (3, 1) not in deps_on_disk(plan_path)
    assert errors and "cycle" in errors[-1] and "Market research: core market" in errors[-1]
    assert timeline.status.text() == errors[-1]
    assert document.undo_stack.count() == 1

    assert document.undo()
    assert (1, 3) not in deps_on_disk(plan_path)


def test_dragging_the_link_handle_of_a_selected_bar_links(
    qtbot, timeline: TimelineWidget, plan_path: Path
) -> None:  # type: ignore[no-untyped-def]
    view = timeline.view
    show(view, "month", date(2027, 1, 1))
    qtbot.mouseClick(view.viewport(), LEFT, NONE, point(view, 11))
    bar = view.bars[11]
    handle = view.mapFromScene(
        bar.mapToScene(QPointF(bar.handle_x, bar.boundingRect().center().y()))
    )
    assert view._bar_at(view.mapToScene(handle)) == (11, "link")
    drag(qtbot, view, handle, point(view, 3))
    assert (11, 3) in deps_on_disk(plan_path)


def test_click_an_arrow_and_delete_removes_the_dependency(
    qtbot, timeline: TimelineWidget, document, plan_path: Path
) -> None:  # type: ignore[no-untyped-def]
    view = timeline.view
    show(view, "month", date(2027, 1, 1))
    path = view.arrows.paths[Dependency(1, 2)]
    a, b = path.elementAt(1), path.elementAt(2)
    on_arrow = view.mapFromScene(QPointF((a.x + b.x) / 2, (a.y + b.y) / 2))
    qtbot.mouseClick(view.viewport(), LEFT, NONE, on_arrow)
    assert view.selected_dependency == Dependency(1, 2)
    qtbot.keyClick(view, Qt.Key.Key_Delete)

    assert (1, 2) not in deps_on_disk(plan_path)
    assert Dependency(1, 2) not in view.arrows.paths
    assert document.undo_stack.undoText() == "Remove dependency"
    assert document.undo()
    assert (1, 2) in deps_on_disk(plan_path)


def test_delete_asks_only_when_items_are_linked(
    qtbot, timeline: TimelineWidget, document, plan_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    view = timeline.view
    asked: list[str] = []
    answer = [QMessageBox.StandardButton.No]

    def question(parent, title, text, *args):  # type: ignore[no-untyped-def]
        asked.append(text)
        return answer[0]

    monkeypatch.setattr(QMessageBox, "question", question)
    show(view, "month", date(2027, 6, 1))
    qtbot.mouseClick(view.viewport(), LEFT, NONE, point(view, 12))
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert asked == []  # nothing is linked to 12
    assert on_disk(plan_path, 12) is None
    assert (11, 12) not in deps_on_disk(plan_path)

    show(view, "month", date(2027, 1, 1))
    linked = view.counts[1]
    qtbot.mouseClick(view.viewport(), LEFT, NONE, point(view, 1))
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert len(asked) == 1 and f"{linked} downstream items" in asked[0]
    assert on_disk(plan_path, 1) is not None  # answered No

    answer[0] = QMessageBox.StandardButton.Yes
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert on_disk(plan_path, 1) is None
    assert repository.item_counts_by_initiative(document.pf).get(1) is None
    assert document.undo()
    assert repository.item_counts_by_initiative(document.pf)[1] == linked
    assert (1, 2) in deps_on_disk(plan_path)


def test_several_selected_bars_move_together(
    qtbot, timeline: TimelineWidget, document, plan_path: Path
) -> None:  # type: ignore[no-untyped-def]
    view = timeline.view
    show(view, "month", date(2027, 1, 1))
    selected: list[object] = []
    document.initiativeSelected.connect(selected.append)
    qtbot.mouseClick(view.viewport(), LEFT, NONE, point(view, 1))
    qtbot.mouseClick(view.viewport(), LEFT, CTRL, point(view, 11))
    assert view.selected == [1, 11]
    assert selected == [1, 11]
    start = point(view, 1)
    drag(qtbot, view, start, start + QPoint(round(7 * view.time_scale.ppd), 0))

    assert on_disk(plan_path, 1).start == date(2027, 1, 13)
    assert on_disk(plan_path, 11).start == date(2027, 6, 7)
    assert document.undo_stack.count() == 1
    assert document.undo()
    assert on_disk(plan_path, 11).start == date(2027, 5, 31)
    # a plain click on one of them (no drag) leaves only that one selected
    qtbot.mouseClick(view.viewport(), LEFT, NONE, point(view, 11))
    assert view.selected == [11]


def test_move_initiatives_api_is_one_step_and_pushes_successors(
    timeline: TimelineWidget, document, plan_path: Path
) -> None:  # type: ignore[no-untyped-def]
    view = timeline.view
    assert view.move_initiatives([3], -2)
    assert on_disk(plan_path, 3).start == date(2027, 3, 10)
    assert [c.dependency for c in view.conflicts] == [Dependency(2, 3)]
    view.move_successors = True
    assert view.move_initiatives([1], 3)
    assert on_disk(plan_path, 2).start == date(2027, 2, 18)
    assert on_disk(plan_path, 3).start == date(2027, 3, 15)  # the day after 2 ends
    assert view.conflicts == []
    assert document.undo_stack.count() == 2


def test_move_successors_along_pushes_the_chain_in_one_step(
    qtbot, timeline: TimelineWidget, document, plan_path: Path
) -> None:  # type: ignore[no-untyped-def]
    view = timeline.view
    timeline.move_successors.setChecked(True)
    show(view, "week", date(2027, 1, 1))
    start = point(view, 1)
    drag(qtbot, view, start, start + QPoint(round(5 * view.time_scale.ppd), 0))

    assert on_disk(plan_path, 1).end == date(2027, 2, 19)
    assert on_disk(plan_path, 2).start == date(2027, 2, 20)
    assert on_disk(plan_path, 10).start > date(2027, 7, 9)
    assert view.conflicts == []
    assert document.undo_stack.count() == 1
    assert document.undo_stack.undoText() == "Move initiative and successors"
    assert document.undo()
    assert on_disk(plan_path, 2).start == date(2027, 2, 15)


def test_double_click_edits_every_field_and_dependencies_in_one_step(
    qtbot, timeline: TimelineWidget, document, plan_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    view = timeline.view
    show(view, "month", date(2027, 3, 1))

    def fake_exec(dialog: InitiativeDialog) -> int:
        dialog.title.setText("Segmentation, revised")
        dialog.lane.setCurrentText("Strategy board")
        dialog.progress.setValue(40)
        dialog.gate.setChecked(True)
        dialog.candidates.setCurrentIndex(dialog.candidates.findData(11))
        assert dialog.add_predecessor()
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(InitiativeDialog, "exec", fake_exec)
    qtbot.mouseDClick(view.viewport(), LEFT, NONE, point(view, 3))

    edited = on_disk(plan_path, 3)
    assert (edited.title, edited.lane, edited.progress, edited.gate) == (
        "Segmentation, revised",
        "Strategy board",
        40,
        True,
    )
    assert {(2, 3), (11, 3)} <= deps_on_disk(plan_path)
    assert "Strategy board" in [lane.name for lane in view.layout_.lanes]
    assert view.bars[3].initiative.title == "Segmentation, revised"
    assert document.undo_stack.count() == 1
    assert document.undo()
    assert on_disk(plan_path, 3).title == "Segmentation and ICP: core market"
    assert view.bars[3].initiative.title == "Segmentation and ICP: core market"
    assert "Strategy board" not in [lane.name for lane in view.layout_.lanes]
    assert (11, 3) not in deps_on_disk(plan_path)


def test_dialog_refuses_a_cycle_and_invalid_fields(qtbot, document) -> None:  # type: ignore[no-untyped-def]
    initiatives = repository.list_initiatives(document.pf)
    deps = repository.list_dependencies(document.pf)
    third = next(i for i in initiatives if i.id == 3)
    dialog = InitiativeDialog(
        third, kinds=["Research"], lanes=["Research"], initiatives=initiatives, dependencies=deps
    )
    qtbot.addWidget(dialog)
    assert dialog.predecessor_ids() == [2]
    dialog.candidates.setCurrentIndex(dialog.candidates.findData(5))  # 5 waits for 3
    assert not dialog.add_predecessor()
    assert "cycle" in dialog.error.text()
    dialog.remove_predecessor()
    assert dialog.predecessor_dependencies() == []

    dialog.kind.setCurrentText("Research")  # the lane was the kind's: it follows
    assert dialog.lane.currentText() == "Research"
    dialog.milestone.setChecked(True)
    assert dialog.initiative().is_milestone
    dialog.title.setText("  ")
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted.value
    assert "title" in dialog.error.text()


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


def test_in_the_main_window_keys_reach_the_timeline_and_undo_is_shared(
    qtbot, window, plan_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QWidget as Widget

    timeline = window.findChild(Widget, "upstreamTimeline")
    assert isinstance(timeline, TimelineWidget)
    view = timeline.view
    show(view, "month", date(2027, 6, 1))
    qtbot.mouseClick(view.viewport(), LEFT, NONE, point(view, 12))
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert on_disk(plan_path, 12) is None
    assert window.actionUndo.text() == "&Undo Delete initiative"
    window.actionUndo.trigger()
    assert on_disk(plan_path, 12) is not None
    assert 12 in view.bars


def test_alt_arrows_nudge_the_selection_by_a_day_or_a_week(
    qtbot, timeline: TimelineWidget, plan_path: Path
) -> None:  # type: ignore[no-untyped-def]
    view = timeline.view
    view.select([12])
    qtbot.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert on_disk(plan_path, 12).start == date(2027, 7, 11)
    qtbot.keyClick(view, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier | SHIFT)
    assert on_disk(plan_path, 12).start == date(2027, 7, 4)


def test_a_read_only_plan_can_be_looked_at_but_not_dragged(qtbot, plan_path: Path) -> None:  # type: ignore[no-untyped-def]
    from streamdesk.gui.document import PlanDocument

    document = PlanDocument(PlanFile.open(plan_path, read_only=True))
    widget = create_timeline(document)
    qtbot.addWidget(widget)
    widget.resize(1000, 560)
    widget.show()
    qtbot.waitExposed(widget)
    view = widget.view
    show(view, "week", date(2027, 2, 10))
    start = point(view, 2)
    drag(qtbot, view, start, start + QPoint(100, 0))
    assert view.selected == [2]
    assert view.bars[2].initiative.start == date(2027, 2, 15)
    assert "read-only" in widget.status.text()
    assert document.undo_stack.count() == 0
    document.close()


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
    assert view._midnight.isActive() and view._midnight.remainingTime() <= 1500

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
