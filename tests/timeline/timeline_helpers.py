"""Helpers of the timeline tests: points on bars, real mouse drags and wheels, the plan file
as another process reads it, and the dialog on one initiative."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QAction, QWheelEvent
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from streamdesk.domain import Initiative
from streamdesk.gui.document import PlanDocument
from streamdesk.gui.timeline import TimelineWidget
from streamdesk.gui.timeline.initiative_dialog import InitiativeDialog
from streamdesk.gui.timeline.view import TimelineView
from streamdesk.storage import PlanFile, repository

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
NONE = Qt.KeyboardModifier.NoModifier
LEFT = Qt.MouseButton.LeftButton
ACCEPT = QDialog.DialogCode.Accepted.value
REJECT = QDialog.DialogCode.Rejected.value


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


def wheel(widget, at: QPointF, dy: int, mods=NONE) -> None:  # type: ignore[no-untyped-def]
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
