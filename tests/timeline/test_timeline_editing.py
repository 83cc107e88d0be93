"""The edits the timeline asks for, each one undo step: the dialog, new, delete, links,
moves by whole days from the keyboard or the API. The plan file is checked from another
connection.

The demo plan (tests/conftest.py) has two tracks of ten initiatives chained 1→2→…→10 and
11→12→…→20; initiative 1 has linked items, 12 has none. Shared fixtures are in
tests/timeline/conftest.py, shared helpers in timeline_helpers.py.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QDate, QPoint, QPointF, Qt
from PySide6.QtWidgets import QDialog, QMessageBox
from timeline_helpers import (
    ACCEPT,
    LEFT,
    NONE,
    REJECT,
    SHIFT,
    button,
    deps_on_disk,
    on_disk,
    point,
    show,
)

from streamdesk.domain import Dependency, Initiative, InitiativeStatus
from streamdesk.gui.document import PlanDocument
from streamdesk.gui.timeline import TimelineWidget, create_timeline
from streamdesk.gui.timeline.initiative_dialog import InitiativeDialog
from streamdesk.storage import PlanFile, repository


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


def test_double_click_edits_every_field_of_the_issue_in_one_step(
    qtbot, timeline: TimelineWidget, document, plan_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    view = timeline.view
    show(view, "month", date(2027, 3, 1))
    before = on_disk(plan_path, 3)
    assert before is not None and deps_on_disk(plan_path) >= {(2, 3)}

    def fill_in(dialog: InitiativeDialog) -> int:
        assert dialog.budget.suffix() == f" {document.plan.currency}"
        dialog.title.clear()
        qtbot.keyClicks(dialog.title, "Segment sizing")
        dialog.kind.setCurrentText("Pricing")
        dialog.lane.setCurrentText("")
        qtbot.keyClicks(dialog.lane.lineEdit(), "Board asks")  # a lane of the user's own
        dialog.start.setDate(QDate(2027, 4, 5))
        dialog.end.setDate(QDate(2027, 4, 30))
        dialog.owner.setText("Sam")
        dialog.status.setCurrentIndex(dialog.status.findData(InitiativeStatus.ON_HOLD))
        dialog.progress.setValue(35)
        dialog.effort.setValue(12.5)
        dialog.budget.setValue(900)
        dialog.segment.setText("SMB")
        dialog.notes.setPlainText("Waits for the board")
        dialog.gate.setChecked(True)
        dialog.predecessors.setCurrentRow(0)
        dialog.remove_predecessor()  # unlink 2 → 3
        dialog.candidates.setCurrentIndex(dialog.candidates.findData(11))
        assert dialog.add_predecessor()
        return ACCEPT

    monkeypatch.setattr(InitiativeDialog, "exec", fill_in)
    qtbot.mouseDClick(view.viewport(), LEFT, NONE, point(view, 3))

    edited = on_disk(plan_path, 3)
    assert edited == Initiative(
        title="Segment sizing",
        kind="Pricing",
        lane="Board asks",
        start=date(2027, 4, 5),
        end=date(2027, 4, 30),
        owner="Sam",
        status=InitiativeStatus.ON_HOLD,
        progress=35,
        effort_hours=12.5,
        budget=900,
        segment="SMB",
        notes="Waits for the board",
        gate=True,
        id=3,
    )
    deps = deps_on_disk(plan_path)
    assert (11, 3) in deps and (2, 3) not in deps
    # the user's lane is drawn, with its name at the left, after the lanes of the kinds
    names = [lane.name for lane in view.layout_.lanes]
    assert names[-1] == "Board asks" and view.layout_.place[3][0] == len(names) - 1
    lane_top = view.lane_rect("Board asks").top()
    assert view.bar_rect(3).top() >= lane_top
    assert document.undo_stack.count() == 1
    assert document.undo()
    assert on_disk(plan_path, 3) == before
    assert (2, 3) in deps_on_disk(plan_path) and (11, 3) not in deps_on_disk(plan_path)


def test_a_new_initiative_with_its_dependency_is_one_undo_step(
    qtbot, timeline: TimelineWidget, document, plan_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    view = timeline.view
    show(view, "month", date(2027, 2, 1))
    opened: list[InitiativeDialog] = []

    def fill_in(dialog: InitiativeDialog) -> int:
        opened.append(dialog)
        # the placeholder title is selected, so that typing replaces it
        assert dialog.focusWidget() is dialog.title
        assert dialog.title.selectedText() == "New research initiative"
        dialog.title.setText("Win-loss interviews")
        dialog.candidates.setCurrentIndex(dialog.candidates.findData(2))
        assert dialog.add_predecessor()
        return ACCEPT

    monkeypatch.setattr(InitiativeDialog, "exec", fill_in)
    view.select([1])
    qtbot.mouseClick(button(timeline, "newInitiative"), LEFT)

    dialog = opened[0]
    assert dialog.windowTitle() == "New initiative"
    with PlanFile.open(plan_path, read_only=True) as other:
        new = [i for i in repository.list_initiatives(other) if i.id not in range(1, 21)]
    assert len(new) == 1
    created = new[0]
    # in the selected bar's lane, from today (in view), two weeks long
    assert created.title == "Win-loss interviews"
    assert created.lane == view.initiatives[1].lane
    assert (created.start, created.end) == (view.today, view.today + timedelta(days=13))
    assert (2, created.id) in deps_on_disk(plan_path)
    assert view.selected == [created.id]
    assert document.undo_stack.count() == 1 and document.undo_stack.undoText() == (
        "Create initiative"
    )
    assert document.undo()
    assert on_disk(plan_path, created.id) is None
    assert (2, created.id) not in deps_on_disk(plan_path)

    monkeypatch.setattr(InitiativeDialog, "exec", lambda dialog: REJECT)
    qtbot.mouseClick(button(timeline, "newInitiative"), LEFT)
    assert document.undo_stack.count() == 1 and document.undo_stack.index() == 0


def test_double_click_in_an_empty_part_of_a_lane_adds_one_there(
    qtbot, timeline: TimelineWidget, plan_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    view = timeline.view
    show(view, "week", date(2027, 2, 10))
    seen: list[Initiative] = []

    def accept(dialog: InitiativeDialog) -> int:
        seen.append(dialog.initiative())
        return ACCEPT

    monkeypatch.setattr(InitiativeDialog, "exec", accept)
    lane = view.lane_rect("Pricing")
    x = view.mapFromScene(QPointF(view.time_scale.x_of(date(2027, 2, 17)) + 5, 0)).x()
    qtbot.mouseDClick(view.viewport(), LEFT, NONE, QPoint(x, round(lane.center().y())))

    assert len(seen) == 1
    new = on_disk(plan_path, seen[0].id)  # type: ignore[arg-type]
    assert new is not None
    assert (new.lane, new.kind, new.start) == ("Pricing", "Pricing", date(2027, 2, 17))


def test_keyboard_alone_selects_adds_and_edits(qtbot, window, plan_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    timeline = window.timeline
    view = timeline.view
    view.setFocus()
    selected: list[object] = []
    window.document.initiativeSelected.connect(selected.append)

    qtbot.keyClick(view, Qt.Key.Key_Down)  # nothing selected: the first bar in view
    first = view.selected[0]
    qtbot.keyClick(view, Qt.Key.Key_Down)
    second = view.selected[0]
    assert second != first
    lane_of = {iid: view.layout_.place[iid][0] for iid in (first, second)}
    assert lane_of[first] < lane_of[second] or (
        view.initiatives[first].start <= view.initiatives[second].start
    )
    qtbot.keyClick(view, Qt.Key.Key_Up)
    assert view.selected == [first] and selected[-3:] == [first, second, first]
    assert view.viewport().rect().intersects(view.bar_rect(first).toRect())

    opened: list[str] = []

    def accept(dialog: InitiativeDialog) -> int:
        opened.append(dialog.windowTitle())
        return ACCEPT if dialog.windowTitle() == "New initiative" else REJECT

    monkeypatch.setattr(InitiativeDialog, "exec", accept)
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert opened[-1].startswith("Initiative — ")
    # Ctrl+N is New Plan in the window, but a new initiative while the timeline has focus
    qtbot.keyClick(view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert opened[-1] == "New initiative"
    assert window.document.pf.path == plan_path
    created = view.selected[0]
    assert created not in range(1, 21) and on_disk(plan_path, created) is not None
    assert view.initiatives[created].lane == view.initiatives[first].lane
    qtbot.keyClick(view, Qt.Key.Key_Insert)
    assert len(opened) == 3 and window.document.undo_stack.count() == 2

    # the tool row's buttons take no focus: their commands have keys
    qtbot.keyClick(view, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert view.zoom == "" and view.mapFromScene(view.bars[1].pos()).x() >= 0
    view.set_zoom("week")
    view.scroll_to_date(date(2027, 12, 1))
    qtbot.keyClick(view, Qt.Key.Key_Home)
    today_x = view.mapFromScene(QPointF(view.time_scale.x_of(view.today), 0)).x()
    assert 0 < today_x < view.viewport().width()


def test_with_move_successors_along_a_dialog_edit_pushes_them_in_the_same_step(
    qtbot, timeline: TimelineWidget, document, plan_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    view = timeline.view
    timeline.move_successors.setChecked(True)
    first = view.initiatives[1]

    def later_end(dialog: InitiativeDialog) -> int:
        end = first.end + timedelta(days=10)
        dialog.end.setDate(QDate(end.year, end.month, end.day))
        return ACCEPT

    monkeypatch.setattr(InitiativeDialog, "exec", later_end)
    assert view.edit_initiative(1)
    assert on_disk(plan_path, 1).end == first.end + timedelta(days=10)
    assert on_disk(plan_path, 2).start == first.end + timedelta(days=11)
    assert view.conflicts == []
    assert document.undo_stack.count() == 1
    assert document.undo()
    assert on_disk(plan_path, 2).start == view.initiatives[2].start == date(2027, 2, 15)


def test_a_read_only_plan_refuses_a_new_initiative_before_any_dialog(
    qtbot, plan_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    document = PlanDocument(PlanFile.open(plan_path, read_only=True))
    widget = create_timeline(document)
    qtbot.addWidget(widget)
    widget.resize(900, 420)
    widget.show()
    errors: list[str] = []
    document.errorOccurred.connect(errors.append)
    opened: list[object] = []
    monkeypatch.setattr(InitiativeDialog, "exec", lambda dialog: opened.append(dialog) or ACCEPT)
    qtbot.mouseClick(button(widget, "newInitiative"), LEFT)
    assert opened == [] and errors and "read-only" in errors[-1]
    assert document.undo_stack.count() == 0
    document.close()


def test_up_and_down_follow_lanes_then_start_and_alt_right_nudges_that_bar(
    qtbot, window, plan_path: Path
) -> None:  # type: ignore[no-untyped-def]
    view = window.timeline.view
    view.setFocus()
    place = view.layout_.place
    order = sorted(view.bars, key=lambda i: (place[i][0], view.initiatives[i].start))
    view.select([order[0]])
    visited = [order[0]]
    for _ in range(len(order) - 1):
        qtbot.keyClick(view, Qt.Key.Key_Down)
        visited.append(view.selected[-1])
    assert visited == order  # lane by lane, each lane by start, every bar once
    qtbot.keyClick(view, Qt.Key.Key_Down)
    assert view.selected == [order[-1]]  # the last stays selected
    for _ in range(3):
        qtbot.keyClick(view, Qt.Key.Key_Up)
    chosen = order[-4]
    assert view.selected == [chosen]
    assert view.viewport().rect().intersects(view.bar_rect(chosen).toRect())

    starts = {i: on_disk(plan_path, i).start for i in order}
    qtbot.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    moved = {i for i in order if on_disk(plan_path, i).start != starts[i]}
    assert moved == {chosen}
    assert on_disk(plan_path, chosen).start == starts[chosen] + timedelta(days=1)
    assert view.selected == [chosen]  # still the one the keys chose
