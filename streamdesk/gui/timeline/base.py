"""What every part of the timeline view shares: its state, its geometry and its selection.

One QGraphicsView receives every event, so the view is one class; its rooms are mixins that
each inherit this base (``scene``, ``zoom``, ``drag``, ``editing``, ``menus``) and meet in
``view.TimelineView``. The state they share is declared here, once, with its type; a method
one room calls in another is declared here too, so no room imports another (no cycles) and
mypy checks every call across them.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QPointF, QRectF, QTimer, Signal
from PySide6.QtGui import QAccessible, QAccessibleEvent, QAction, QColor, QWheelEvent
from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene, QGraphicsView, QLabel, QWidget

from streamdesk.domain import Dependency, Initiative
from streamdesk.domain.dependencies import Conflict
from streamdesk.gui.timeline.items import ArrowsItem, BarItem, Style
from streamdesk.gui.timeline.layout import BAR_HEIGHT, LaneLayout
from streamdesk.gui.timeline.scale import TimeScale

if TYPE_CHECKING:
    from streamdesk.gui.document import Change, PlanDocument

HEADER_HEIGHT = 40
LANE_WIDTH = 150
FALLBACK_COLOUR = "#B0B0B0"


def short_title(title: str, most: int = 40) -> str:
    return title if len(title) <= most else title[: most - 1] + "…"


class ViewBase(QGraphicsView):
    """The shared state of the timeline view (set up by ``TimelineView.__init__``)."""

    zoomChanged = Signal(str)  # "week", "month", "quarter" or "" for a fitted zoom
    conflictsChanged = Signal(object)  # list[Conflict]
    message = Signal(str)  # a short user-facing note (refused link, cycle, …)

    document: PlanDocument
    today: date
    move_successors: bool
    zoom: str
    time_scale: TimeScale  # not "scale": that would hide QGraphicsView.scale()
    style_: Style
    header: QWidget
    lane_header: QWidget
    corner: QWidget
    drag_note: QLabel
    initiatives: dict[int, Initiative]
    dependencies: list[Dependency]
    counts: dict[int, int]
    kinds: list[str]
    colours: dict[str, QColor]
    layout_: LaneLayout
    bars: dict[int, BarItem]
    arrows: ArrowsItem
    conflicts: list[Conflict]
    selected: list[int]
    selected_dependency: Dependency | None
    collapsed: set[str]  # names of the lanes shown as a thin strip
    _roomy_height: float  # the lanes' height at full row height (compact below the view's)
    move_successors_action: QAction  # the "Move successors along" toggle (toolbar and menu)
    _scene: QGraphicsScene
    _first: date
    _last: date
    _content_first: date
    _preview_item: QGraphicsItem | None
    _emitting: bool
    _built: bool
    _sticky: set[BarItem]
    _reuse_items: bool  # False: the next rebuild makes every item anew
    _midnight: QTimer  # moves the today line when the day changes

    # -- geometry -------------------------------------------------------------------------------

    def left_date(self) -> date:
        return self.time_scale.day_at(self.mapToScene(QPoint(0, 0)).x())

    def scroll_to_date(self, day: date, margin: float = 24) -> None:
        self.horizontalScrollBar().setValue(round(self.time_scale.x_of(day) - margin))

    def bar_rect(self, initiative_id: int) -> QRectF:
        """Where a bar is on the viewport (for tests and tools)."""
        bar = self.bars[initiative_id]
        top_left = self.mapFromScene(bar.pos())
        return QRectF(top_left.x(), top_left.y(), bar.width, BAR_HEIGHT)

    def lane_rect(self, name: str) -> QRectF:
        """Where a lane is on the viewport."""
        for lane in self.layout_.lanes:
            if lane.name == name:
                top = self.mapFromScene(QPointF(0, lane.top)).y()
                return QRectF(0, top, self.viewport().width(), lane.height)
        raise KeyError(name)

    def today_x(self) -> float:
        """The scene x of the today line (the middle of today)."""
        return self.time_scale.x_of(self.today) + self.time_scale.ppd / 2

    def _bar_x(self, initiative: Initiative) -> tuple[float, float]:
        if initiative.is_milestone:
            centre = self.time_scale.x_of(initiative.start) + self.time_scale.ppd / 2
            half = BAR_HEIGHT / 2
            return centre - half, centre + half
        return self.time_scale.x_of(initiative.start), self.time_scale.x_after(initiative.end)

    def _bar_at(self, scene_pos: QPointF, labels: bool = True) -> tuple[int, str] | None:
        for item in self._scene.items(scene_pos):
            if isinstance(item, BarItem):
                zone = item.zone(item.mapFromScene(scene_pos), labels)
                if zone is not None and item.initiative.id is not None and item.isVisible():
                    return item.initiative.id, zone
        return None

    def _hit(self, scene_pos: QPointF) -> tuple[tuple[int, str] | None, Dependency | None]:
        """(bar and zone, arrow) under a point: a bar itself comes first, then an arrow,
        then the title beside a bar."""
        hit = self._bar_at(scene_pos, labels=False)
        dep = self.arrows.dependency_at(scene_pos) if hit is None else None
        if hit is None and dep is None:
            hit = self._bar_at(scene_pos)
        return hit, dep

    def _lane_ids(self, name: str) -> list[int]:
        for lane in self.layout_.lanes:
            if lane.name == name:
                return [i for i in lane.ids if i in self.initiatives]
        return []

    # -- selection and messages -------------------------------------------------------------------

    def select(self, ids: list[int], *, emit: bool = True, reveal: bool = False) -> None:
        for iid in self.selected:
            if iid in self.bars:
                self.bars[iid].set_selected(False)
        self.selected = [i for i in dict.fromkeys(ids) if i in self.bars]
        for iid in self.selected:
            self.bars[iid].set_selected(True)
        if ids and self.selected_dependency is not None:
            self._select_dependency(None)
        closed = {self.layout_.lanes[self.layout_.place[i][0]].name for i in self.selected}
        if closed & self.collapsed:  # chosen elsewhere (calendar, list): open its lane
            self.collapsed -= closed
            self.relayout()
        self.announce_selection()
        if reveal and self.selected:
            self.ensureVisible(self.bars[self.selected[-1]].sceneBoundingRect(), 60, 30)
        if emit:
            self._emitting = True
            try:
                self.document.select_initiative(self.selected[-1] if self.selected else None)
            finally:
                self._emitting = False

    def _select_dependency(self, dep: Dependency | None) -> None:
        self.selected_dependency = dep
        self.arrows.set_selected(dep)
        self.announce_selection()

    def announce_selection(self) -> None:
        """Tell assistive technology what is selected: bars are graphics items, which have
        no accessible interface of their own, so the view describes its selection."""
        if self.selected:
            texts = [self.bars[i].accessible_text() for i in self.selected if i in self.bars]
            more = f" and {len(texts) - 1} more" if len(texts) > 1 else ""
            text = f"Selected: {texts[-1]}{more}" if texts else ""
        elif self.selected_dependency is not None:
            dep = self.selected_dependency
            titles = [self.initiatives.get(i) for i in (dep.successor_id, dep.predecessor_id)]
            names = [t.title if t else "?" for t in titles]
            text = f"Selected dependency: {names[0]} waits for {names[1]}"
        else:
            text = "No initiative selected"
        if text != self.accessibleDescription():
            self.setAccessibleDescription(text)
            event = QAccessibleEvent(self, QAccessible.Event.DescriptionChanged)
            QAccessible.updateAccessibility(event)

    def _refuse(self, text: str) -> None:
        self.message.emit(text)
        self.document.errorOccurred.emit(text)

    # -- what one room asks of another (each is defined in the room named) ------------------------

    def rebuild(self, change: Change | None = None) -> None:  # scene
        raise NotImplementedError

    def relayout(self) -> None:  # scene
        raise NotImplementedError

    def _route(self, shown: dict[int, Initiative], only: set[int] | None = None) -> None:  # scene
        raise NotImplementedError

    def toggle_lane(self, name: str) -> None:  # scene
        raise NotImplementedError

    def margin_wheel(self, event: QWheelEvent, anchor_x: float | None, horizontal: bool) -> None:
        raise NotImplementedError  # zoom

    def edit_initiative(self, initiative_id: int) -> bool:  # editing
        raise NotImplementedError

    def new_initiative(
        self, lane: str | None = None, day: date | None = None, *, after: int | None = None
    ) -> bool:  # editing
        raise NotImplementedError

    def link_to(self, predecessor_id: int) -> bool:  # editing
        raise NotImplementedError

    def move_initiatives(self, ids: list[int], days: int) -> bool:  # editing
        raise NotImplementedError

    def delete_selected(self) -> None:  # editing
        raise NotImplementedError

    def add_dependency(self, predecessor_id: int, successor_id: int) -> bool:  # editing
        raise NotImplementedError

    def _commit_moves(self, changed: dict[int, Initiative], moved: int, resize: bool) -> bool:
        raise NotImplementedError  # editing

    def _create_in_lane(self, lane: str, first: date, last: date) -> None:  # editing
        raise NotImplementedError

    def drag_active(self) -> bool:  # drag
        raise NotImplementedError

    def cancel_drag(self) -> None:  # drag
        raise NotImplementedError
