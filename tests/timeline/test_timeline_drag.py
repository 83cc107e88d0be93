"""Dragging on the timeline, with real mouse events on its viewport: move, resize, create,
link, several bars at once, successors pushed along, the note beside the pointer, read-only.

The demo plan (tests/conftest.py) has two tracks of ten initiatives chained 1→2→…→10 and
11→12→…→20; initiative 1 has linked items, 12 has none. Shared fixtures are in
tests/timeline/conftest.py, shared helpers in timeline_helpers.py.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QPoint, QPointF, Qt
from timeline_helpers import (
    CTRL,
    LEFT,
    NONE,
    SHIFT,
    deps_on_disk,
    drag,
    on_disk,
    point,
    show,
)

from streamdesk.domain import Dependency
from streamdesk.gui.document import PlanDocument
from streamdesk.gui.timeline import TimelineWidget, create_timeline
from streamdesk.storage import PlanFile, repository


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


def test_a_read_only_plan_can_be_looked_at_but_not_dragged(qtbot, plan_path: Path) -> None:  # type: ignore[no-untyped-def]

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


def test_while_dragging_a_note_beside_the_pointer_says_where_the_drop_lands(
    qtbot, timeline: TimelineWidget
) -> None:  # type: ignore[no-untyped-def]
    view = timeline.view
    note = view.drag_note
    viewport = view.viewport()
    show(view, "week", date(2027, 2, 10))

    start = point(view, 2)
    qtbot.mousePress(viewport, LEFT, NONE, start)
    qtbot.mouseMove(viewport, start + QPoint(round(3 * view.time_scale.ppd) + 4, 0))
    assert note.isVisible() and note.text() == "18 Feb 2027 – 14 Mar 2027 (25 days), +3 days"
    assert viewport.geometry().contains(note.geometry().topLeft())
    qtbot.mouseRelease(viewport, LEFT, NONE, start + QPoint(round(3 * view.time_scale.ppd) + 4, 0))
    assert note.isHidden()

    lane = view.lane_rect("Pricing")
    x0 = view.mapFromScene(QPointF(view.time_scale.x_of(date(2027, 2, 16)) + 5, 0)).x()
    x1 = view.mapFromScene(QPointF(view.time_scale.x_of(date(2027, 2, 25)) + 5, 0)).x()
    y = round(lane.center().y())
    qtbot.mousePress(viewport, LEFT, NONE, QPoint(x0, y))
    qtbot.mouseMove(viewport, QPoint(x1, y))
    assert note.text() == "New in Pricing: 16 Feb 2027 – 25 Feb 2027 (10 days)"
    qtbot.keyClick(view, Qt.Key.Key_Escape)  # cancelled: the note goes with the preview
    assert note.isHidden()
    qtbot.mouseRelease(viewport, LEFT, NONE, QPoint(x1, y))

    show(view, "month", date(2027, 1, 1))
    qtbot.mousePress(viewport, LEFT, SHIFT, point(view, 1))
    qtbot.mouseMove(viewport, point(view, 1) + QPoint(0, 40))
    assert note.text() == "Drop on the initiative that waits for this one"
    qtbot.mouseMove(viewport, point(view, 3))
    titles = view.initiatives[3].title, view.initiatives[1].title
    assert note.text() == f"{titles[0]} waits for {titles[1]}"
    qtbot.mouseRelease(viewport, LEFT, SHIFT, point(view, 3))
    assert note.isHidden()


def test_a_resize_says_how_much_longer_or_shorter_the_bar_gets(
    qtbot, timeline: TimelineWidget
) -> None:  # type: ignore[no-untyped-def]
    view = timeline.view
    note, viewport = view.drag_note, view.viewport()
    show(view, "week", date(2027, 2, 10))
    assert view.initiatives[2].days == 25  # 15 Feb – 11 Mar 2027

    start = point(view, 2, "end")
    qtbot.mousePress(viewport, LEFT, NONE, start)
    qtbot.mouseMove(viewport, start + QPoint(round(5 * view.time_scale.ppd), 0))
    assert note.text() == "15 Feb 2027 – 16 Mar 2027 (30 days), +5 days"
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    qtbot.mouseRelease(viewport, LEFT, NONE, start)

    start = point(view, 2, "start")
    qtbot.mousePress(viewport, LEFT, NONE, start)
    qtbot.mouseMove(viewport, start + QPoint(round(2 * view.time_scale.ppd), 0))
    assert note.text() == "17 Feb 2027 – 11 Mar 2027 (23 days), −2 days"
    qtbot.mouseRelease(viewport, LEFT, NONE, start + QPoint(round(2 * view.time_scale.ppd), 0))
    assert note.isHidden() and view.initiatives[2].start == date(2027, 2, 17)
