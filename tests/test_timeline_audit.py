"""The timeline as a user meets it: every dialog field, clear refusals, new initiatives from
the keyboard, an empty plan, long titles, "Fit plan" with the titles beside bars, and the
selection reaching the calendar. Real mouse and key events on the view where a user would
use them; the plan file is checked from another connection.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QPoint, QPointF, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QDialog, QToolTip
from test_timeline import LEFT, NONE, SHIFT, button, deps_on_disk, drag, on_disk, point, show

from streamdesk.domain import Dependency, Initiative, InitiativeStatus, clock
from streamdesk.gui import commands
from streamdesk.gui.document import PlanDocument
from streamdesk.gui.timeline import TimelineWidget, create_timeline
from streamdesk.gui.timeline.initiative_dialog import InitiativeDialog
from streamdesk.gui.timeline.items import LABEL_MAX
from streamdesk.gui.timeline.view import TimelineView
from streamdesk.storage import PlanFile, create_plan, repository

ACCEPT = QDialog.DialogCode.Accepted.value
REJECT = QDialog.DialogCode.Rejected.value


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


def dialog_for(document: PlanDocument, iid: int, **kwargs) -> InitiativeDialog:  # type: ignore[no-untyped-def]
    initiatives = repository.list_initiatives(document.pf)
    return InitiativeDialog(
        next(i for i in initiatives if i.id == iid),
        kinds=["Research", "Segmentation", "Pricing"],
        lanes=["Research", "Segmentation"],
        initiatives=initiatives,
        dependencies=repository.list_dependencies(document.pf),
        **kwargs,
    )


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


def test_dialog_says_clearly_what_is_wrong_with_the_dates(qtbot, document) -> None:  # type: ignore[no-untyped-def]
    long_title = "Quarterly market research with a very long name " * 4
    old = next(i for i in repository.list_initiatives(document.pf) if i.id == 2)
    assert document.execute(commands.edit(document, [old], [old.replace(title=long_title)], "R"))
    dialog = dialog_for(document, 2)
    qtbot.addWidget(dialog)
    dialog.show()
    assert len(dialog.windowTitle()) <= 75 and dialog.windowTitle().endswith("…")

    dialog.end.setDate(dialog.start.date().addDays(-3))
    dialog.accept()
    assert dialog.result() == REJECT and dialog.isVisible()
    text = dialog.error.text()
    assert text.startswith("The end (") and "before the start" in text
    assert long_title not in text  # says what is wrong, not the title again
    assert dialog.focusWidget() is dialog.end

    dialog.end.setDate(dialog.start.date())  # a one-day bar: that is a milestone
    dialog.accept()
    assert dialog.result() == REJECT and "tick Milestone" in dialog.error.text()

    # a milestone has no range: its end follows its start and cannot be edited
    dialog.milestone.setChecked(True)
    assert not dialog.end.isEnabled()
    dialog.start.setDate(QDate(2027, 5, 3))
    assert dialog.initiative().start == dialog.initiative().end == date(2027, 5, 3)
    # back to a bar: it gets a range again instead of staying a one-day bar
    dialog.milestone.setChecked(False)
    new = dialog.initiative()
    assert not new.is_milestone and new.end == date(2027, 5, 16)

    dialog.title.setText("")
    dialog.accept()
    assert dialog.error.text() == "Initiative title cannot be empty."
    assert dialog.focusWidget() is dialog.title


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


def test_dialog_warns_of_the_dependencies_its_dates_would_break(qtbot, document) -> None:  # type: ignore[no-untyped-def]
    initiatives = {i.id: i for i in repository.list_initiatives(document.pf)}
    dialog = dialog_for(document, 3)  # waits for 2, 4 waits for it
    qtbot.addWidget(dialog)
    dialog.show()
    third, second, fourth = initiatives[3], initiatives[2], initiatives[4]
    assert dialog.warning.isHidden()

    length = (third.end - third.start).days
    dialog.start.setDate(QDate(second.end.year, second.end.month, second.end.day))
    assert dialog.warning.isVisible()
    assert f"Starts before {second.title!r} ends" in dialog.warning.text()
    # moving the start keeps the bar's length
    moved = dialog.initiative()
    assert (moved.end - moved.start).days == length

    dialog.predecessors.setCurrentRow(0)
    dialog.remove_predecessor()  # no predecessor, nothing broken upstream
    assert dialog.warning.isHidden()

    start = fourth.start
    dialog.end.setDate(QDate(start.year, start.month, start.day))
    assert f"{fourth.title!r} starts ({start.isoformat()}) before this ends" in (
        dialog.warning.text()
    )


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
    assert note.isVisible() and note.text() == "2027-02-18 – 2027-03-14 (25 days), +3 days"
    assert viewport.geometry().contains(note.geometry().topLeft())
    qtbot.mouseRelease(viewport, LEFT, NONE, start + QPoint(round(3 * view.time_scale.ppd) + 4, 0))
    assert note.isHidden()

    lane = view.lane_rect("Pricing")
    x0 = view.mapFromScene(QPointF(view.time_scale.x_of(date(2027, 2, 16)) + 5, 0)).x()
    x1 = view.mapFromScene(QPointF(view.time_scale.x_of(date(2027, 2, 25)) + 5, 0)).x()
    y = round(lane.center().y())
    qtbot.mousePress(viewport, LEFT, NONE, QPoint(x0, y))
    qtbot.mouseMove(viewport, QPoint(x1, y))
    assert note.text() == "New in Pricing: 2027-02-16 – 2027-02-25 (10 days)"
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


def wheel(widget, at: QPointF, dy: int, mods=NONE) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QWheelEvent

    event = QWheelEvent(
        at,
        widget.mapToGlobal(at),
        QPoint(),
        QPoint(0, dy),
        Qt.MouseButton.NoButton,
        mods,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, event)


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


def test_a_right_click_offers_what_a_click_can_do(
    qtbot, timeline: TimelineWidget, document, plan_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QContextMenuEvent
    from PySide6.QtWidgets import QMenu

    view = timeline.view
    show(view, "month", date(2027, 1, 1))
    offered: list[list[str]] = []
    choose: list[str] = []

    def run(view: TimelineView, menu: QMenu, at: QPoint) -> None:
        offered.append([a.text() for a in menu.actions()])
        for action in menu.actions():
            if choose and action.text().startswith(choose[0]):
                action.trigger()

    monkeypatch.setattr(TimelineView, "run_menu", run)

    def right_click(at: QPoint) -> None:
        event = QContextMenuEvent(
            QContextMenuEvent.Reason.Mouse, at, view.viewport().mapToGlobal(at)
        )
        QApplication.sendEvent(view.viewport(), event)

    right_click(point(view, 12))
    assert offered[-1] == ["Edit…\tEnter", "Delete\tDel"] and view.selected == [12]

    path = view.arrows.paths[Dependency(1, 2)]
    a, b = path.elementAt(1), path.elementAt(2)
    choose.append("Remove dependency")
    right_click(view.mapFromScene(QPointF((a.x + b.x) / 2, (a.y + b.y) / 2)))
    assert offered[-1] == ["Remove dependency\tDel"]
    assert (1, 2) not in deps_on_disk(plan_path)

    seen: list[Initiative] = []
    monkeypatch.setattr(
        InitiativeDialog, "exec", lambda dialog: seen.append(dialog.initiative()) or REJECT
    )
    choose[0] = "New initiative"
    lane = view.lane_rect("Pricing")
    x = view.mapFromScene(QPointF(view.time_scale.x_of(date(2027, 1, 20)) + 1, 0)).x()
    right_click(QPoint(x, round(lane.top() + 4)))
    assert offered[-1] == ["New initiative in Pricing…"]
    assert seen and (seen[0].lane, seen[0].start) == ("Pricing", date(2027, 1, 20))
    assert document.undo_stack.count() == 1  # only the removed dependency


def test_the_kind_is_chosen_among_the_coloured_kinds_never_typed(qtbot, document) -> None:  # type: ignore[no-untyped-def]
    dialog = dialog_for(document, 2)
    qtbot.addWidget(dialog)
    assert not dialog.kind.isEditable()  # a typed kind would have no colour: a grey bar
    offered = [dialog.kind.itemText(n) for n in range(dialog.kind.count())]
    assert offered[:3] == ["Research", "Segmentation", "Pricing"]
    assert set(offered) <= {"Research", "Segmentation", "Pricing", dialog.kind.currentText()}
