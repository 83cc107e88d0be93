"""The right-click menus of the timeline: what a click can do, also in a menu.

The demo plan (tests/conftest.py) has two tracks of ten initiatives chained 1→2→…→10 and
11→12→…→20; initiative 1 has linked items, 12 has none. Shared fixtures are in
tests/timeline/conftest.py, shared helpers in timeline_helpers.py.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QPoint, QPointF
from PySide6.QtWidgets import QApplication
from timeline_helpers import (
    REJECT,
    deps_on_disk,
    point,
    show,
)

from streamdesk.domain import Dependency, Initiative
from streamdesk.gui.timeline import TimelineWidget
from streamdesk.gui.timeline.initiative_dialog import InitiativeDialog
from streamdesk.gui.timeline.view import TimelineView


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
