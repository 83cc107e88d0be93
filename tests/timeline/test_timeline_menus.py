"""The right-click menus of the timeline: what a click can do, also in a menu.

The demo plan (tests/conftest.py) has two tracks of ten initiatives chained 1→2→…→10 and
11→12→…→20; initiative 1 has linked items, 12 has none. Shared fixtures are in
tests/timeline/conftest.py, shared helpers in timeline_helpers.py.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF
from PySide6.QtWidgets import QApplication
from timeline_helpers import (
    ACCEPT,
    REJECT,
    button,
    deps_on_disk,
    on_disk,
    point,
    show,
)

from streamdesk.domain import Dependency, Initiative
from streamdesk.gui.document import PlanDocument
from streamdesk.gui.timeline import TimelineWidget, create_timeline
from streamdesk.gui.timeline.initiative_dialog import InitiativeDialog
from streamdesk.gui.timeline.view import TimelineView
from streamdesk.storage import PlanFile


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
    assert offered[-1] == [
        "Edit…\tEnter",
        "Nudge",
        "Link to…\tShift+drag",
        "New after…",
        "Move successors along",
        "",
        "Delete\tDel",
    ]
    assert view.selected == [12]

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
    assert offered[-1] == ["New initiative here…"]
    assert seen and (seen[0].lane, seen[0].start) == ("Pricing", date(2027, 1, 20))
    assert document.undo_stack.count() == 1  # only the removed dependency


def menu_runner(view: TimelineView, monkeypatch, path: list[str]) -> list[list[str]]:  # type: ignore[no-untyped-def]
    """Replace the menu's exec: record what it offers and trigger the entry at ``path``
    (texts up to the tab, through submenus), as a user's click would."""
    from PySide6.QtWidgets import QMenu

    offered: list[list[str]] = []

    def run(_view: TimelineView, menu: QMenu, at: QPoint) -> None:
        offered.append([a.text() for a in menu.actions()])
        current = menu
        for n, step in enumerate(path):
            action = next(a for a in current.actions() if a.text().split("\t")[0] == step)
            assert action.isEnabled(), step
            if n == len(path) - 1:
                action.trigger()
            else:
                current = action.menu()

    monkeypatch.setattr(TimelineView, "run_menu", run)
    return offered


def right_click(view: TimelineView, at: QPoint) -> None:
    from PySide6.QtGui import QContextMenuEvent

    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, at, view.viewport().mapToGlobal(at))
    QApplication.sendEvent(view.viewport(), event)


@pytest.mark.parametrize(
    ("entry", "shift"),
    [
        ("Earlier by a day", -1),
        ("Later by a day", 1),
        ("Earlier by a week", -7),
        ("Later by a week", 7),
    ],
)
def test_a_bars_menu_nudges_it(
    timeline: TimelineWidget, document, plan_path: Path, monkeypatch, entry: str, shift: int
) -> None:  # type: ignore[no-untyped-def]
    view = timeline.view
    show(view, "month", date(2027, 6, 1))
    start = view.initiatives[12].start
    offered = menu_runner(view, monkeypatch, ["Nudge", entry])
    right_click(view, point(view, 12))
    assert offered and view.selected == [12]
    assert on_disk(plan_path, 12).start == start + timedelta(days=shift)
    assert document.undo_stack.count() == 1 and document.undo_stack.undoText() == (
        "Move initiative"
    )


def test_a_bars_menu_links_it_to_a_chosen_successor(
    timeline: TimelineWidget, document, plan_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    view = timeline.view
    show(view, "month", date(2027, 1, 1))
    asked: list[tuple[str, list[str]]] = []
    third = view.initiatives[13]

    def choose(title: str, label: str, options: list[str]) -> str | None:
        asked.append((label, options))
        return next(o for o in options if o.startswith(third.title))

    monkeypatch.setattr(view, "ask_choice", choose)
    menu_runner(view, monkeypatch, ["Link to…"])
    right_click(view, point(view, 1))
    label, options = asked[0]
    assert "Market research: core market" in label
    # not itself, and not what already waits for it (2)
    assert all(not o.startswith(view.initiatives[i].title) for o in options for i in (1, 2))
    assert (1, 13) in deps_on_disk(plan_path)
    assert document.undo_stack.undoText() == "Add dependency"

    # a cycle is refused with a message, nothing written
    errors: list[str] = []
    document.errorOccurred.connect(errors.append)
    first = view.initiatives[1].title
    monkeypatch.setattr(
        view, "ask_choice", lambda title, label, options: next(o for o in options if first in o)
    )
    show(view, "month", date(2027, 6, 1))
    right_click(view, point(view, 13))
    assert errors and "cycle" in errors[-1]
    assert (13, 1) not in deps_on_disk(plan_path)


def test_new_after_opens_the_dialog_waiting_for_the_bar_and_from_its_end(
    timeline: TimelineWidget, document, plan_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    view = timeline.view
    show(view, "month", date(2027, 6, 1))
    before = view.initiatives[12]
    seen: list[tuple[Initiative, list[int]]] = []

    def accept(dialog: InitiativeDialog) -> int:
        seen.append((dialog.initiative(), dialog.predecessor_ids()))
        return ACCEPT

    monkeypatch.setattr(InitiativeDialog, "exec", accept)
    menu_runner(view, monkeypatch, ["New after…"])
    right_click(view, point(view, 12))
    draft, predecessors = seen[0]
    assert (draft.lane, draft.kind) == (before.lane, before.kind)
    assert draft.start == before.end + timedelta(days=1)
    assert predecessors == [12]
    assert draft.id is not None and (12, draft.id) in deps_on_disk(plan_path)
    assert on_disk(plan_path, draft.id) is not None and view.selected == [draft.id]
    assert document.undo_stack.count() == 1


def test_move_successors_along_is_the_same_toggle_in_the_menu_and_the_tool_row(
    timeline: TimelineWidget, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    view = timeline.view
    show(view, "month", date(2027, 1, 1))
    menu_runner(view, monkeypatch, ["Move successors along"])
    assert not view.move_successors
    right_click(view, point(view, 1))
    assert view.move_successors and timeline.move_successors.isChecked()
    assert button(timeline, "moveSuccessors").isChecked()  # the tool row shows it on


def test_a_read_only_plan_offers_the_edits_disabled(qtbot, plan_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    document = PlanDocument(PlanFile.open(plan_path, read_only=True))
    widget = create_timeline(document)
    qtbot.addWidget(widget)
    widget.resize(1000, 560)
    widget.show()
    view = widget.view
    show(view, "month", date(2027, 6, 1))
    menus: list[dict[str, bool]] = []

    def run(_view: TimelineView, menu, at: QPoint) -> None:  # type: ignore[no-untyped-def]
        menus.append({a.text().split("\t")[0]: a.isEnabled() for a in menu.actions()})

    monkeypatch.setattr(TimelineView, "run_menu", run)
    right_click(view, point(view, 12))
    enabled = menus[0]
    assert enabled["Edit…"]  # to look at it
    assert not any(enabled[k] for k in ("Nudge", "Link to…", "New after…", "Delete"))
    document.close()
