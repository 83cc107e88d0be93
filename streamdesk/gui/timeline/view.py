"""The timeline view: a QGraphicsView with a fixed time header and fixed lane names.

The view holds what it shows (initiatives, dependencies, linked item counts) and handles
every mouse and key interaction itself. A drag changes only previews; releasing the mouse
sends ONE undo command through the document, whose ``changed`` signal rebuilds the scene.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, Qt, Signal, Slot
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QFrame,
    QGraphicsLineItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsView,
    QLabel,
    QMenu,
    QMessageBox,
    QToolTip,
    QWidget,
)

from streamdesk.domain import Channel, Dependency, Initiative, Item, Stream, ValidationError
from streamdesk.domain.dependencies import (
    Conflict,
    check_new_dependency,
    conflicts,
    push_successors,
)
from streamdesk.gui import commands
from streamdesk.gui.document import Change, PlanDocument
from streamdesk.gui.timeline.items import TODAY, ArrowsItem, BarItem, Style, escape
from streamdesk.gui.timeline.layout import (
    BAR_HEIGHT,
    LANE_PADDING,
    ROW_HEIGHT,
    Lane,
    LaneLayout,
    pack,
)
from streamdesk.gui.timeline.scale import MAX_PPD, MIN_PPD, ZOOMS, TimeScale
from streamdesk.storage import repository

if TYPE_CHECKING:
    from streamdesk.gui.timeline.initiative_dialog import InitiativeDialog

HEADER_HEIGHT = 40
LANE_WIDTH = 150
DRAG_THRESHOLD = 4  # pixels before a press becomes a drag
FALLBACK_COLOUR = "#B0B0B0"
ONE_DAY = timedelta(days=1)


@dataclass
class _Drag:
    mode: str  # "move", "start", "end", "create", "link"
    press: QPointF  # scene position of the press
    ids: list[int] = field(default_factory=list)
    lane: Lane | None = None
    moved: bool = False
    preview: dict[int, Initiative] = field(default_factory=dict)
    toggle: int | None = None  # Shift-click without a drag toggles this bar's selection
    clicked: int | None = None  # the bar pressed; a click without a drag selects only it


class TimelineView(QGraphicsView):
    """Gantt view of the plan's initiatives; see the module docstring for the editing model."""

    zoomChanged = Signal(str)  # "week", "month", "quarter" or "" for a fitted zoom
    conflictsChanged = Signal(object)  # list[Conflict]
    message = Signal(str)  # a short user-facing note (refused link, cycle, …)

    def __init__(self, document: PlanDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("timelineView")
        self.document = document
        self.today = date.today()
        self.move_successors = False
        self.zoom = "month"
        self.scale = TimeScale(self.today, ZOOMS["month"], document.plan.week_start)
        self.style_ = Style(self.palette(), self.font())

        self._scene = QGraphicsScene(self)
        self._scene.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.BspTreeIndex)
        self.setScene(self._scene)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.NoAnchor)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.NoAnchor)
        self.setDragMode(QGraphicsView.DragMode.NoDrag)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.MinimalViewportUpdate)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setViewportMargins(LANE_WIDTH, HEADER_HEIGHT, 0, 0)

        self.header = TimeHeader(self)
        self.lane_header = LaneHeader(self)
        self.corner = _Corner(self)
        self.drag_note = QLabel(self)
        self.drag_note.setObjectName("timelineDragNote")
        self.drag_note.setAutoFillBackground(True)
        self.drag_note.setBackgroundRole(QPalette.ColorRole.ToolTipBase)
        self.drag_note.setForegroundRole(QPalette.ColorRole.ToolTipText)
        self.drag_note.setFrameShape(QFrame.Shape.Box)
        self.drag_note.setMargin(3)
        self.drag_note.setTextFormat(Qt.TextFormat.PlainText)
        self.drag_note.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.drag_note.hide()

        self.initiatives: dict[int, Initiative] = {}
        self.dependencies: list[Dependency] = []
        self.counts: dict[int, int] = {}
        self.kinds: list[str] = []
        self.colours: dict[str, QColor] = {}
        self.layout_: LaneLayout = LaneLayout([], {})
        self.bars: dict[int, BarItem] = {}
        self.arrows = ArrowsItem(self.style_)
        self.conflicts: list[Conflict] = []
        self.selected: list[int] = []
        self.selected_dependency: Dependency | None = None
        self._first = self._last = self._content_first = self.today
        self._drag: _Drag | None = None
        self._preview_item: QGraphicsRectItem | QGraphicsLineItem | None = None
        self._emitting = False
        self._built = False
        self._sticky: set[BarItem] = set()
        self._reuse_items = False  # False: the next rebuild makes every item anew

        self.horizontalScrollBar().valueChanged.connect(self.header.update)
        self.verticalScrollBar().valueChanged.connect(self.lane_header.update)
        document.changed.connect(self._on_changed)
        document.planReplaced.connect(self._on_plan_replaced)
        document.initiativeSelected.connect(self._on_initiative_selected)
        document.periodChosen.connect(self._on_period_chosen)
        self.rebuild()
        self.go_to_today()

    # -- public API (also what the benchmarks drive) -------------------------------------------

    def rebuild(self, change: Change | None = None) -> None:
        """Read the plan again and rebuild the scene, keeping the scroll position's date.

        With a ``change``, only what it touched is read again (dependencies and item counts
        are kept when it did not touch them), and unchanged bars keep their items."""
        keep = self.left_date() if self._built else None
        keep_y = self.verticalScrollBar().value()
        pf = self.document.pf
        everything = change is None or change.plan or change.touches(Channel)
        self.initiatives = {i.id: i for i in repository.list_initiatives(pf)}  # type: ignore[misc]
        if everything or change.touches(Dependency):  # type: ignore[union-attr]
            self.dependencies = repository.list_dependencies(pf)
        if everything or change.touches(Item):  # type: ignore[union-attr]
            self.counts = repository.item_counts_by_initiative(pf)
        channels = sorted(self.document.channels(Stream.UPSTREAM), key=lambda c: c.position)
        self.kinds = [c.name for c in channels]
        self.colours = {c.name: QColor(c.colour) for c in channels}
        self.scale.week_start = self.document.plan.week_start
        self._set_range()

        self._drag = None
        fallback = QColor(FALLBACK_COLOUR)
        if self._reuse_items:
            # after an edit most bars are unchanged: keep their items, replace the others
            if self._preview_item is not None:
                self._scene.removeItem(self._preview_item)
            for iid, bar in list(self.bars.items()):
                new = self.initiatives.get(iid)
                if (
                    new is None
                    or new != bar.initiative
                    or bar.count != self.counts.get(iid, 0)
                    or bar.colour != self.colours.get(new.kind, fallback)
                ):
                    self._scene.removeItem(bar)
                    self._sticky.discard(bar)
                    del self.bars[iid]
            self.arrows.clear()
        else:
            self._scene.clear()
            self._sticky = set()
            self.bars = {}
            self.arrows = ArrowsItem(self.style_)
            self._scene.addItem(self.arrows)
        self._preview_item = None
        for iid, initiative in self.initiatives.items():
            if iid in self.bars:
                continue
            bar = BarItem(
                self.style_,
                initiative,
                self.colours.get(initiative.kind, fallback),
                self.counts.get(iid, 0),
            )
            self.bars[iid] = bar
            self._scene.addItem(bar)
        self.bars = {iid: self.bars[iid] for iid in self.initiatives}
        self._reuse_items = True
        self.selected = [i for i in self.selected if i in self.bars]
        if self.selected_dependency not in self.dependencies:
            self.selected_dependency = None
        self.arrows.selected = self.selected_dependency
        for iid, bar in self.bars.items():
            bar.set_selected(iid in self.selected)
        self.relayout()
        self._update_conflicts()
        self._built = True
        if keep is not None:
            self.scroll_to_date(keep, margin=0)
            self.verticalScrollBar().setValue(keep_y)

    def relayout(self) -> None:
        """Place every bar and arrow for the current zoom (no reading from the file)."""
        shown = {iid: bar.initiative for iid, bar in self.bars.items()}

        def extent(i: Initiative) -> tuple[float, float]:
            return self.bars[i.id].extent(*self._bar_x(i))  # type: ignore[index]

        self.layout_ = pack(shown.values(), self.kinds, extent)
        for iid, bar in self.bars.items():
            x0, x1 = self._bar_x(bar.initiative)
            bar.place(x0, x1, self.layout_.bar_top(iid))
        self._route(shown)
        self._set_scene_rect()
        self._refresh_sticky_titles()
        self.header.update()
        self.lane_header.update()
        self.viewport().update()

    def set_zoom(self, zoom: str | float, anchor_x: float | None = None) -> None:
        """Zoom to a preset ("week", "month", "quarter") or to pixels per day, keeping the date
        under ``anchor_x`` (viewport x; the centre by default) in place."""
        ppd = ZOOMS[zoom] if isinstance(zoom, str) else float(zoom)
        ppd = min(MAX_PPD, max(MIN_PPD, ppd))
        name = zoom if isinstance(zoom, str) else ""
        if anchor_x is None:
            anchor_x = self.viewport().width() / 2
        anchor_scene = self.mapToScene(QPoint(int(anchor_x), 0)).x()
        anchor_days = anchor_scene / self.scale.ppd
        self.scale.ppd = ppd
        self.zoom = name
        self.relayout()
        self.horizontalScrollBar().setValue(round(anchor_days * ppd - anchor_x))
        self.zoomChanged.emit(name)

    def zoom_in(self, anchor_x: float | None = None) -> None:
        closer = [p for p in sorted(ZOOMS.values()) if p > self.scale.ppd * 1.01]
        if closer:
            self.set_zoom(_preset(closer[0]), anchor_x)

    def zoom_out(self, anchor_x: float | None = None) -> None:
        wider = [p for p in sorted(ZOOMS.values(), reverse=True) if p < self.scale.ppd * 0.99]
        if wider:
            self.set_zoom(_preset(wider[0]), anchor_x)

    def fit_plan(self) -> None:
        """Zoom and scroll so that every initiative (or the plan's year) is in view."""
        if self.initiatives:
            first = min(i.start for i in self.initiatives.values())
            last = max(i.end for i in self.initiatives.values())
        else:
            first = self.document.plan.start
            last = first + timedelta(days=364)
        margin = 20.0
        room = self.viewport().width() - margin - 12
        ppd = bars_only = room / max((last - first).days + 1, 7)
        # a short bar's title is drawn beside it: leave room for the titles at the right end,
        # but never squeeze the bars into less than half the view for them
        for _ in range(4):
            fitted = ppd
            for bar in self.bars.values():
                i = bar.initiative
                days = (i.end - first).days + 1
                label = 0.0
                if i.is_milestone or i.days * ppd < bar.content_width:
                    label = 4 + bar.content_width + (BAR_HEIGHT / 2 if i.is_milestone else 0)
                if room - label >= room / 3:  # a label wider than that may run out of view
                    fitted = min(fitted, (room - label) / max(days, 1))
            fitted = max(fitted, bars_only / 2)
            if fitted >= ppd * 0.995:
                break
            ppd = fitted
        self.set_zoom(ppd)
        self.scroll_to_date(first, margin=margin)

    def go_to_today(self) -> None:
        x = self.scale.x_of(self.today) - self.viewport().width() / 3
        self.horizontalScrollBar().setValue(round(x))

    def scroll_to_date(self, day: date, margin: float = 24) -> None:
        self.horizontalScrollBar().setValue(round(self.scale.x_of(day) - margin))

    def left_date(self) -> date:
        return self.scale.day_at(self.mapToScene(QPoint(0, 0)).x())

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

    def select(self, ids: list[int], *, emit: bool = True, reveal: bool = False) -> None:
        for iid in self.selected:
            if iid in self.bars:
                self.bars[iid].set_selected(False)
        self.selected = [i for i in dict.fromkeys(ids) if i in self.bars]
        for iid in self.selected:
            self.bars[iid].set_selected(True)
        if ids and self.selected_dependency is not None:
            self._select_dependency(None)
        if reveal and self.selected:
            self.ensureVisible(self.bars[self.selected[-1]].sceneBoundingRect(), 60, 30)
        if emit:
            self._emitting = True
            try:
                self.document.select_initiative(self.selected[-1] if self.selected else None)
            finally:
                self._emitting = False

    def delete_selected(self) -> None:
        if self.selected_dependency is not None:
            dep = self.selected_dependency
            self._select_dependency(None)
            self.document.execute(commands.delete(self.document, [dep], "Remove dependency"))
            return
        doomed = [self.initiatives[i] for i in self.selected if i in self.initiatives]
        if not doomed:
            return
        linked = sum(self.counts.get(i.id, 0) for i in doomed)  # type: ignore[misc]
        if linked:
            names = doomed[0].title if len(doomed) == 1 else f"{len(doomed)} initiatives"
            answer = QMessageBox.question(
                self,
                "Delete initiative",
                f"{linked} downstream item{'s are' if linked != 1 else ' is'} linked to "
                f"{names}. Delete anyway? The items stay and are unlinked.",
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        text = "Delete initiative" if len(doomed) == 1 else f"Delete {len(doomed)} initiatives"
        self.select([])
        self.document.execute(commands.delete(self.document, doomed, text))

    def add_dependency(self, predecessor_id: int, successor_id: int) -> bool:
        """Link two initiatives finish-to-start; refuse duplicates and cycles with a message."""
        titles = {i: self.initiatives[i].title for i in (predecessor_id, successor_id)}
        try:
            dep = Dependency(predecessor_id, successor_id)
            check_new_dependency(self.dependencies, dep, titles)
            command = commands.add_dependency(self.document, dep)
        except ValidationError as error:
            self._refuse(str(error))
            return False
        return self.document.execute(command)

    def _dialog(self, initiative: Initiative, title: str = "") -> InitiativeDialog:
        from streamdesk.gui.timeline.initiative_dialog import InitiativeDialog

        return InitiativeDialog(
            initiative,
            kinds=self.kinds,
            lanes=[lane.name for lane in self.layout_.lanes],
            initiatives=list(self.initiatives.values()),
            dependencies=self.dependencies,
            currency=self.document.plan.currency,
            title=title,
            parent=self,
        )

    def edit_initiative(self, initiative_id: int) -> bool:
        """Open the dialog for one initiative; one undo command for all its changes."""
        old = self.initiatives[initiative_id]
        dialog = self._dialog(old)
        if dialog.exec() != dialog.DialogCode.Accepted:
            return False
        new = dialog.initiative()
        old_deps = [d for d in self.dependencies if d.successor_id == initiative_id]
        new_deps = dialog.predecessor_dependencies()
        before: list[Initiative | Dependency] = [old, *old_deps]
        after: list[Initiative | Dependency] = [new, *new_deps]
        if before == after:
            return False
        if self.move_successors and (new.start, new.end) != (old.start, old.end):
            # as a drag does: the successors the new dates would break move later with it
            deps = [d for d in self.dependencies if d.successor_id != initiative_id] + new_deps
            with contextlib.suppress(ValidationError):
                pushed = push_successors({**self.initiatives, initiative_id: new}, deps, [new.id])
                before += [self.initiatives[i] for i in pushed]
                after += list(pushed.values())
        return self.document.execute(commands.edit(self.document, before, after, "Edit initiative"))

    def new_initiative(self, lane: str | None = None, day: date | None = None) -> bool:
        """Open the dialog on a new two-week initiative (in ``lane`` from ``day``; by default
        the selected bar's lane, from today or the middle of the view). Accepting creates it
        with its dependencies in one undo step."""
        if self.document.read_only:
            self._refuse(f"{self.document.pf.path.name} is open read-only; it cannot be changed.")
            return False
        if lane is None:
            chosen = self.initiatives.get(self.selected[-1]) if self.selected else None
            names = [lane.name for lane in self.layout_.lanes]
            lane = chosen.lane if chosen else names[0] if names else ""
        if day is None:
            first = self.left_date()
            last = self.scale.day_at(self.mapToScene(QPoint(self.viewport().width(), 0)).x())
            day = self.today if first <= self.today <= last else first + (last - first) / 2
        kind = self._kind_for_lane(lane) or "Research"
        draft = Initiative(
            title=f"New {kind.lower()} initiative",
            kind=kind,
            lane=lane or kind,
            start=day,
            end=day + timedelta(days=13),
            # the id it will get, so that dependencies chosen in the dialog can name it
            id=repository.next_id(self.document.pf, Initiative),
        )
        dialog = self._dialog(draft, "New initiative")
        if dialog.exec() != dialog.DialogCode.Accepted:
            return False
        new = dialog.initiative()
        command = commands.create(
            self.document, [new, *dialog.predecessor_dependencies()], "Create initiative"
        )
        if not self.document.execute(command):
            return False
        self.select([command.after[0].id], reveal=True)  # type: ignore[list-item]
        return True

    def _lane_ids(self, name: str) -> list[int]:
        for lane in self.layout_.lanes:
            if lane.name == name:
                return [i for i in lane.ids if i in self.initiatives]
        return []

    def select_next(self, step: int) -> None:
        """Select the next (``step`` 1) or previous (-1) bar, lane by lane, in time order."""
        place = self.layout_.place
        order = sorted(self.bars, key=lambda i: (place[i][0], self.initiatives[i].start, place[i]))
        if not order:
            return
        if self.selected and self.selected[-1] in order:
            at = order.index(self.selected[-1]) + step
            at = min(max(at, 0), len(order) - 1)
        else:  # nothing selected: start from the first bar in view
            seen = self.mapToScene(self.viewport().rect()).boundingRect()
            visible = [i for i in order if seen.intersects(self.bars[i].sceneBoundingRect())]
            at = order.index(visible[0 if step > 0 else -1]) if visible else 0
        self.select([order[at]], reveal=True)

    # -- reacting to the document -------------------------------------------------------------

    @Slot(object)
    def _on_changed(self, change: Change) -> None:
        if change.plan or change.kinds & {Initiative, Dependency, Channel}:
            self.rebuild(change)
        elif change.touches(Item) and change.relinked != frozenset():
            self.counts = repository.item_counts_by_initiative(self.document.pf)
            if any(bar.count != self.counts.get(i, 0) for i, bar in self.bars.items()):
                self.rebuild()

    @Slot()
    def _on_plan_replaced(self) -> None:
        self._reuse_items = False
        self.selected = []
        self.selected_dependency = None
        self._built = False
        self.rebuild()
        self.go_to_today()

    @Slot(object)
    def _on_initiative_selected(self, initiative_id: int | None) -> None:
        if self._emitting:
            return
        self.select([] if initiative_id is None else [initiative_id], emit=False, reveal=True)

    @Slot(object, object)
    def _on_period_chosen(self, first: date, last: date) -> None:
        self.scroll_to_date(first)

    # -- geometry helpers -------------------------------------------------------------------------

    def _set_range(self) -> None:
        plan_start = self.document.plan.start
        starts = [i.start for i in self.initiatives.values()]
        ends = [i.end for i in self.initiatives.values()]
        first = min([plan_start, self.today, *starts]) - timedelta(days=45)
        last = max([plan_start + timedelta(days=364), self.today, *ends]) + timedelta(days=120)
        self._first = first.replace(day=1)
        self._content_first = min([plan_start, *starts])
        self._last = last
        self.scale.origin = self._first

    def _set_scene_rect(self) -> None:
        # wide enough to scroll the plan's first day to the left edge at any zoom ("Fit plan")
        width = max(
            self.scale.x_after(self._last),
            self.scale.x_of(self._content_first) + self.viewport().width(),
        )
        self._scene.setSceneRect(QRectF(0, 0, width, max(self.layout_.height, 1.0)))

    def _bar_x(self, initiative: Initiative) -> tuple[float, float]:
        if initiative.is_milestone:
            centre = self.scale.x_of(initiative.start) + self.scale.ppd / 2
            half = BAR_HEIGHT / 2
            return centre - half, centre + half
        return self.scale.x_of(initiative.start), self.scale.x_after(initiative.end)

    def _route(self, shown: dict[int, Initiative], only: set[int] | None = None) -> None:
        bars = self.bars
        for dep in self.dependencies:
            if only is not None and dep.predecessor_id not in only and dep.successor_id not in only:
                continue
            pred, succ = bars.get(dep.predecessor_id), bars.get(dep.successor_id)
            if pred is None or succ is None:
                continue
            self.arrows.set_route(dep, pred.right_anchor(), succ.left_anchor())
        broken = [c.dependency for c in conflicts(shown, self.dependencies)]
        self.arrows.finish(broken, partial=only is not None)

    def _update_conflicts(self) -> None:
        self.conflicts = conflicts(self.initiatives, self.dependencies)  # type: ignore[arg-type]
        self.conflictsChanged.emit(self.conflicts)

    def _bar_at(self, scene_pos: QPointF, labels: bool = True) -> tuple[int, str] | None:
        for item in self._scene.items(scene_pos):
            if isinstance(item, BarItem):
                zone = item.zone(item.mapFromScene(scene_pos), labels)
                if zone is not None:
                    return item.initiative.id, zone  # type: ignore[return-value]
        return None

    def _select_dependency(self, dep: Dependency | None) -> None:
        self.selected_dependency = dep
        self.arrows.set_selected(dep)

    def _refuse(self, text: str) -> None:
        self.message.emit(text)
        self.document.errorOccurred.emit(text)

    # -- mouse ---------------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        self._press(self.mapToScene(event.position().toPoint()), event.modifiers())
        if self._drag is not None:
            self._drag = self._may_edit(self._drag)

    def _press(self, scene_pos: QPointF, mods: Qt.KeyboardModifier) -> None:
        hit, dep = self._hit(scene_pos)
        if hit is not None:
            iid, zone = hit
            if mods & Qt.KeyboardModifier.ControlModifier:
                chosen = [i for i in self.selected if i != iid]
                self.select(chosen if iid in self.selected else [*self.selected, iid])
                return
            if mods & Qt.KeyboardModifier.ShiftModifier:
                self._drag = _Drag("link", scene_pos, [iid], toggle=iid)
                return
            if zone == "link":
                self._drag = _Drag("link", scene_pos, [iid])
                return
            if iid not in self.selected:
                self.select([iid])
            ids = list(self.selected) if zone == "body" else [iid]
            self._drag = _Drag("move" if zone == "body" else zone, scene_pos, ids, clicked=iid)
            return
        if dep is not None:
            self.select([])
            self._select_dependency(dep)
            return
        self._select_dependency(None)
        lane = self.layout_.lane_at(scene_pos.y())
        self._drag = _Drag("create", scene_pos, lane=lane)

    def _hit(self, scene_pos: QPointF) -> tuple[tuple[int, str] | None, Dependency | None]:
        """(bar and zone, arrow) under a point: a bar itself comes first, then an arrow,
        then the title beside a bar."""
        hit = self._bar_at(scene_pos, labels=False)
        dep = self.arrows.dependency_at(scene_pos) if hit is None else None
        if hit is None and dep is None:
            hit = self._bar_at(scene_pos)
        return hit, dep

    def _may_edit(self, drag: _Drag) -> _Drag | None:
        """In a read-only plan a press selects but never starts an edit."""
        if not self.document.read_only:
            return drag
        if drag.toggle is not None:  # Shift+click still toggles the selection
            return drag
        if drag.mode == "create":
            self.select([])
        self.message.emit(f"{self.document.pf.path.name} is open read-only.")
        return None

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        pos = event.position().toPoint()
        scene_pos = self.mapToScene(pos)
        drag = self._drag
        if drag is None:
            self._update_cursor(scene_pos)
            super().mouseMoveEvent(event)
            return
        if not drag.moved:
            view_press = self.mapFromScene(drag.press)
            if (pos - view_press).manhattanLength() < DRAG_THRESHOLD:
                return
            drag.moved = True
            self._start_preview(drag)
        days = self.scale.days_for(scene_pos.x() - drag.press.x())
        if drag.mode in ("move", "start", "end"):
            self._preview_edit(drag, days)
        elif drag.mode == "create":
            self._preview_create(drag, scene_pos)
        elif drag.mode == "link" and isinstance(self._preview_item, QGraphicsLineItem):
            line = self._preview_item.line()
            line.setP2(scene_pos)
            self._preview_item.setLine(line)
        self._show_note(self._drag_note(drag, days, scene_pos), pos)
        self.ensureVisible(QRectF(scene_pos, scene_pos).adjusted(-2, -2, 2, 2), 10, 10)

    def _show_note(self, text: str, viewport_pos: QPoint) -> None:
        """Where the drop will land, beside the pointer (a label, not a tooltip window: it
        follows the pointer without flicker and never takes the focus)."""
        note = self.drag_note
        if not text:
            note.hide()
            return
        if note.text() != text:
            note.setText(text)
            note.adjustSize()
        at = self.viewport().geometry().topLeft() + viewport_pos + QPoint(14, 18)
        x = min(at.x(), self.width() - note.width() - 2)
        y = at.y() if at.y() + note.height() < self.height() else at.y() - note.height() - 24
        note.move(max(0, x), max(0, y))
        note.show()
        note.raise_()

    def _drag_note(self, drag: _Drag, days: int, scene_pos: QPointF) -> str:
        """What a drop here would do, in dates: shown beside the pointer while dragging."""
        if drag.mode in ("move", "start", "end"):
            iid = drag.clicked if drag.clicked is not None else drag.ids[0]
            i = self.bars[iid].initiative
            when = (
                i.start.isoformat()
                if i.is_milestone
                else f"{i.start.isoformat()} – {i.end.isoformat()} ({i.days} days)"
            )
            if drag.mode != "move":
                return when
            shift = f"{days:+d} day{'s' if abs(days) != 1 else ''}"
            if len(drag.ids) > 1:
                return f"{len(drag.ids)} initiatives {shift}"
            return f"{when}, {shift}"
        if drag.mode == "create" and drag.lane is not None:
            first, last = self._create_span(drag, scene_pos)
            n = (last - first).days + 1
            what = "milestone" if n == 1 else f"{n} days"
            return f"New in {drag.lane.name}: {first.isoformat()} – {last.isoformat()} ({what})"
        if drag.mode == "link":
            hit = self._bar_at(scene_pos)
            if hit is None or hit[0] == drag.ids[0]:
                return "Drop on the initiative that waits for this one"
            successor, predecessor = (self.initiatives[i].title for i in (hit[0], drag.ids[0]))
            return f"{_short(successor)} waits for {_short(predecessor)}"
        return ""

    def _create_span(self, drag: _Drag, scene_pos: QPointF) -> tuple[date, date]:
        """The days a create drag covers, whichever way it went."""
        ends = sorted((self.scale.day_at(drag.press.x()), self.scale.day_at(scene_pos.x())))
        return ends[0], ends[1]

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        drag, self._drag = self._drag, None
        self.drag_note.hide()
        if event.button() != Qt.MouseButton.LeftButton or drag is None:
            super().mouseReleaseEvent(event)
            return
        scene_pos = self.mapToScene(event.position().toPoint())
        if self._preview_item is not None:
            self._scene.removeItem(self._preview_item)
            self._preview_item = None
        if not drag.moved:
            if drag.mode == "create":
                self.select([])
            elif drag.mode == "move" and drag.clicked is not None and len(self.selected) > 1:
                self.select([drag.clicked])
            elif drag.mode == "link" and drag.toggle is not None:
                iid = drag.toggle
                chosen = [i for i in self.selected if i != iid]
                self.select(chosen if iid in self.selected else [*self.selected, iid])
            return
        if drag.mode in ("move", "start", "end"):
            self._finish_edit(drag)
        elif drag.mode == "create":
            self._finish_create(drag, scene_pos)
        elif drag.mode == "link":
            hit = self._bar_at(scene_pos)
            if hit is None or hit[0] == drag.ids[0]:
                self.message.emit("Drop the link on another initiative to add a dependency.")
                return
            self.add_dependency(drag.ids[0], hit[0])

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        scene_pos = self.mapToScene(event.position().toPoint())
        hit = self._bar_at(scene_pos)
        self._drag = None
        if event.button() == Qt.MouseButton.LeftButton:
            # on a bar: edit it; in an empty part of a lane: a new initiative from that day
            if hit is not None:
                self.edit_initiative(hit[0])
                return
            lane = self.layout_.lane_at(scene_pos.y())
            if lane is not None and self.arrows.dependency_at(scene_pos) is None:
                self.new_initiative(lane.name, self.scale.day_at(scene_pos.x()))
                return
        super().mouseDoubleClickEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        """What a click can do, also in a menu: edit, delete, unlink, add."""
        scene_pos = self.mapToScene(event.pos())
        self._drag = None
        hit, dep = self._hit(scene_pos)
        menu = QMenu(self)
        menu.setObjectName("timelineMenu")
        if hit is not None:
            iid = hit[0]
            if iid not in self.selected:
                self.select([iid])
            menu.addAction("Edit…\tEnter", lambda: self.edit_initiative(iid))
            n = len(self.selected)
            text = "Delete" if n == 1 else f"Delete {n} initiatives"
            menu.addAction(f"{text}\tDel", self.delete_selected)
        elif dep is not None:
            self.select([])
            self._select_dependency(dep)
            menu.addAction("Remove dependency\tDel", self.delete_selected)
        else:
            lane = self.layout_.lane_at(scene_pos.y())
            if lane is not None:
                day = self.scale.day_at(scene_pos.x())
                menu.addAction(
                    f"New initiative in {_short(lane.name)}…",
                    lambda: self.new_initiative(lane.name, day),
                )
        if menu.actions():
            self.run_menu(menu, event.globalPos())
        event.accept()

    def run_menu(self, menu: QMenu, at: QPoint) -> None:
        menu.exec(at)

    def _update_cursor(self, scene_pos: QPointF) -> None:
        hit = self._bar_at(scene_pos)
        shape = Qt.CursorShape.ArrowCursor
        if hit is not None:
            shape = {
                "body": Qt.CursorShape.SizeAllCursor,
                "link": Qt.CursorShape.CrossCursor,
            }.get(hit[1], Qt.CursorShape.SizeHorCursor)
        self.viewport().setCursor(shape)

    def _start_preview(self, drag: _Drag) -> None:
        pen = QPen(self.style_.highlight, 1.5, Qt.PenStyle.DashLine)
        if drag.mode == "link":
            start = self.bars[drag.ids[0]].right_anchor()
            item: QGraphicsRectItem | QGraphicsLineItem = QGraphicsLineItem(
                start.x(), start.y(), start.x(), start.y()
            )
            item.setPen(pen)
        elif drag.mode == "create" and drag.lane is not None:
            item = QGraphicsRectItem()
            item.setPen(pen)
            fill = QColor(self.style_.highlight)
            fill.setAlpha(60)
            item.setBrush(fill)
        else:
            return
        item.setZValue(10)
        self._scene.addItem(item)
        self._preview_item = item

    def _preview_edit(self, drag: _Drag, days: int) -> None:
        shift = timedelta(days=days)
        preview: dict[int, Initiative] = {}
        for iid in drag.ids:
            old = self.initiatives[iid]
            if drag.mode == "move":
                preview[iid] = old.replace(start=old.start + shift, end=old.end + shift)
            elif drag.mode == "start":  # a bar stays a bar: at least two days long
                preview[iid] = old.replace(start=min(old.start + shift, old.end - ONE_DAY))
            else:
                preview[iid] = old.replace(end=max(old.end + shift, old.start + ONE_DAY))
        if self.move_successors:
            with contextlib.suppress(ValidationError):
                preview.update(
                    push_successors({**self.initiatives, **preview}, self.dependencies, preview)
                )
        # bars moved by the previous preview but not by this one go back
        for iid in set(drag.preview) - set(preview):
            preview[iid] = self.initiatives[iid]
        drag.preview = {k: v for k, v in preview.items() if v != self.initiatives[k]}
        for iid, initiative in preview.items():
            bar = self.bars[iid]
            bar.set_initiative(initiative)
            x0, x1 = self._bar_x(initiative)
            bar.place(x0, x1, bar.pos().y())
        shown = {iid: bar.initiative for iid, bar in self.bars.items()}
        self._route(shown, only=set(preview))

    def _preview_create(self, drag: _Drag, scene_pos: QPointF) -> None:
        if drag.lane is None or not isinstance(self._preview_item, QGraphicsRectItem):
            return
        first, last = self._create_span(drag, scene_pos)
        top = drag.lane.top + LANE_PADDING / 2
        self._preview_item.setRect(
            QRectF(
                self.scale.x_of(first),
                top,
                self.scale.x_after(last) - self.scale.x_of(first),
                drag.lane.height - LANE_PADDING,
            )
        )

    def _finish_edit(self, drag: _Drag) -> None:
        if not drag.preview:
            self.relayout()
            return
        if not self._commit_moves(drag.preview, len(drag.ids), resize=drag.mode != "move"):
            self.rebuild()

    def _commit_moves(self, changed: dict[int, Initiative], moved: int, resize: bool) -> bool:
        old = [self.initiatives[i] for i in changed]
        new = list(changed.values())
        if resize:
            text = "Resize initiative"
        elif moved == 1:
            text = "Move initiative" + (" and successors" if len(new) > 1 else "")
        else:
            text = f"Move {moved} initiatives"
        return self.document.execute(commands.edit(self.document, old, new, text))

    def move_initiatives(self, ids: list[int], days: int) -> bool:
        """Move initiatives by whole days as one undo step, as a drop does (successors are
        pushed along when that option is on). Also what the benchmarks drive."""
        shift = timedelta(days=days)
        changed = {
            i: self.initiatives[i].replace(
                start=self.initiatives[i].start + shift, end=self.initiatives[i].end + shift
            )
            for i in ids
        }
        if not changed or not days:
            return False
        if self.move_successors:
            try:
                changed.update(
                    push_successors({**self.initiatives, **changed}, self.dependencies, changed)
                )
            except ValidationError as error:
                self._refuse(str(error))
                return False
        return self._commit_moves(changed, len(ids), resize=False)

    def _finish_create(self, drag: _Drag, scene_pos: QPointF) -> None:
        lane = drag.lane
        if lane is None:
            return
        first, last = self._create_span(drag, scene_pos)
        kind = self._kind_for_lane(lane.name)
        initiative = Initiative(
            title=f"New {kind.lower()} initiative", kind=kind, lane=lane.name, start=first, end=last
        )
        command = commands.create(self.document, [initiative], "Create initiative")
        if self.document.execute(command):
            self.select([command.after[0].id])  # type: ignore[list-item]
            self.message.emit(f"Added {initiative.title!r}: press Enter to name it and fill it in.")

    def _kind_for_lane(self, name: str) -> str:
        if name in self.kinds:
            return name
        kinds = [self.initiatives[i].kind for i in self._lane_ids(name)]
        if kinds:
            return max(set(kinds), key=kinds.count)
        return self.kinds[0] if self.kinds else name

    # -- keys and wheel ---------------------------------------------------------------------

    def event(self, event: QEvent) -> bool:
        # keys the timeline handles itself win over window shortcuts while it has focus
        if event.type() == QEvent.Type.ShortcutOverride and self._handles(event):  # type: ignore[arg-type]
            event.accept()
            return True
        return super().event(event)

    def _handles(self, event: QKeyEvent) -> bool:
        key, ctrl = event.key(), bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace, Qt.Key.Key_Escape):
            return bool(self.selected or self.selected_dependency or self._drag)
        if event.modifiers() & Qt.KeyboardModifier.AltModifier:
            return bool(self.selected) and key in (Qt.Key.Key_Left, Qt.Key.Key_Right)
        return ctrl and key in (
            Qt.Key.Key_Plus,
            Qt.Key.Key_Equal,
            Qt.Key.Key_Minus,
            Qt.Key.Key_N,
            Qt.Key.Key_0,
        )

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, mods = event.key(), event.modifiers()
        ctrl = bool(mods & Qt.KeyboardModifier.ControlModifier)
        alt = bool(mods & Qt.KeyboardModifier.AltModifier)
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.delete_selected()
        elif ctrl and key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_in()
        elif ctrl and key == Qt.Key.Key_Minus:
            self.zoom_out()
        elif ctrl and key == Qt.Key.Key_0:
            self.fit_plan()
        elif key == Qt.Key.Key_Home and not mods:
            self.go_to_today()
        elif key == Qt.Key.Key_Escape:
            if self._drag is not None:
                self._drag = None
                self.drag_note.hide()
                self.rebuild()
            else:
                self.select([])
                self._select_dependency(None)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.selected:
            self.edit_initiative(self.selected[-1])
        elif (ctrl and key == Qt.Key.Key_N) or (key == Qt.Key.Key_Insert and not mods):
            self.new_initiative()
        elif key in (Qt.Key.Key_Up, Qt.Key.Key_Down) and not (ctrl or alt):
            self.select_next(1 if key == Qt.Key.Key_Down else -1)
        elif alt and key in (Qt.Key.Key_Left, Qt.Key.Key_Right) and self.selected:
            step = 7 if mods & Qt.KeyboardModifier.ShiftModifier else 1
            self.move_initiatives(list(self.selected), step if key == Qt.Key.Key_Right else -step)
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            delta = event.angleDelta().y()
            x = event.position().x()
            if delta > 0:
                self.zoom_in(x)
            elif delta < 0:
                self.zoom_out(x)
            event.accept()
            return
        if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            bar = self.horizontalScrollBar()
            bar.setValue(bar.value() - event.angleDelta().y())
            event.accept()
            return
        super().wheelEvent(event)

    def margin_wheel(self, event: QWheelEvent, anchor_x: float | None, horizontal: bool) -> None:
        """A wheel over the time axis or the lane names: Ctrl zooms (about ``anchor_x``), a
        plain wheel scrolls in time over the axis and through the lanes over their names."""
        delta = event.angleDelta().y() or event.angleDelta().x()
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            if delta > 0:
                self.zoom_in(anchor_x)
            elif delta < 0:
                self.zoom_out(anchor_x)
        else:
            bar = self.horizontalScrollBar() if horizontal else self.verticalScrollBar()
            step = bar.singleStep() * 3 if not horizontal else 120
            bar.setValue(bar.value() - round(delta / 120 * step))
        event.accept()

    # -- painting and frame -----------------------------------------------------------------

    def drawBackground(self, painter: QPainter, rect: QRectF) -> None:
        s = self.style_
        painter.fillRect(rect, s.base)
        for n, lane in enumerate(self.layout_.lanes):
            if lane.bottom < rect.top() or lane.top > rect.bottom():
                continue
            band = QRectF(rect.left(), lane.top, rect.width(), lane.height)
            if n % 2:
                painter.fillRect(band, s.band)
        scale = self.scale
        first, last = scale.day_at(rect.left()), scale.day_at(rect.right())
        top_kind, bottom_kind = scale.levels()
        y0, y1 = rect.top(), rect.bottom()
        painter.setPen(QPen(s.grid, 0))
        for unit in scale.units(bottom_kind, first, last):
            x = scale.x_of(unit.first)
            if unit.weekend:
                painter.fillRect(QRectF(x, y0, scale.ppd, y1 - y0), s.weekend)
            painter.drawLine(QPointF(x, y0), QPointF(x, y1))
        painter.setPen(QPen(s.grid_major, 0))
        for unit in scale.units(top_kind, first, last):
            x = scale.x_of(unit.first)
            painter.drawLine(QPointF(x, y0), QPointF(x, y1))
        for lane in self.layout_.lanes:
            if rect.top() <= lane.bottom <= rect.bottom():
                painter.drawLine(
                    QPointF(rect.left(), lane.bottom), QPointF(rect.right(), lane.bottom)
                )

    def drawForeground(self, painter: QPainter, rect: QRectF) -> None:
        x = self.scale.x_of(self.today) + self.scale.ppd / 2
        if rect.left() - 2 <= x <= rect.right() + 2:
            painter.setPen(QPen(TODAY, 2))
            painter.drawLine(QPointF(x, rect.top()), QPointF(x, rect.bottom()))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._built and event.size().width() != event.oldSize().width():
            self._set_scene_rect()
        vp = self.viewport().geometry()
        self.header.setGeometry(vp.left(), vp.top() - HEADER_HEIGHT, vp.width(), HEADER_HEIGHT)
        self.lane_header.setGeometry(vp.left() - LANE_WIDTH, vp.top(), LANE_WIDTH, vp.height())
        self.corner.setGeometry(
            vp.left() - LANE_WIDTH, vp.top() - HEADER_HEIGHT, LANE_WIDTH, HEADER_HEIGHT
        )

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        super().scrollContentsBy(dx, dy)
        if dx:
            self._refresh_sticky_titles()

    def _refresh_sticky_titles(self) -> None:
        """Repaint the bars under the left edge, whose titles follow it while scrolling."""
        corner = self.mapToScene(QPoint(0, 0))
        self.style_.visible_left = corner.x()
        edge = QRectF(corner.x() - 1, corner.y(), 2, self.viewport().height())
        crossing = {item for item in self._scene.items(edge) if isinstance(item, BarItem)}
        for bar in crossing | self._sticky:
            bar.update()
        self._sticky = crossing

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            pos = event.pos()  # type: ignore[attr-defined]
            hit = self._bar_at(self.mapToScene(pos))
            if hit is None:
                QToolTip.hideText()
            else:
                tip = self.bars[hit[0]].tooltip()
                QToolTip.showText(event.globalPos(), tip, self.viewport())  # type: ignore[attr-defined]
            return True
        return super().viewportEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.FontChange):
            self.style_ = Style(self.palette(), self.font())
            self._reuse_items = False
            if self._built:
                self.rebuild()
            self.header.update()
            self.lane_header.update()


def _short(title: str, most: int = 40) -> str:
    return title if len(title) <= most else title[: most - 1] + "…"


def _preset(ppd: float) -> str:
    return next(name for name, value in ZOOMS.items() if value == ppd)


class TimeHeader(QWidget):
    """The time axis above the lanes; follows horizontal scrolling, never scrolls away."""

    def __init__(self, view: TimelineView) -> None:
        super().__init__(view)
        self.view = view
        self.setObjectName("timelineHeader")

    def wheelEvent(self, event: QWheelEvent) -> None:
        self.view.margin_wheel(event, event.position().x(), horizontal=True)

    def paintEvent(self, event: QPaintEvent) -> None:
        view = self.view
        s, scale = view.style_, view.scale
        painter = QPainter(self)
        painter.fillRect(self.rect(), s.window)
        left = view.mapToScene(QPoint(0, 0)).x()
        width = self.width()
        first, last = scale.day_at(left), scale.day_at(left + width)
        top_kind, bottom_kind = scale.levels()
        half = HEADER_HEIGHT / 2
        painter.setFont(s.small)
        grid = QPen(s.grid_major, 0)
        for unit in scale.units(bottom_kind, first, last):
            x0, x1 = scale.x_of(unit.first) - left, scale.x_of(unit.after) - left
            if unit.weekend:
                painter.fillRect(QRectF(x0, half, x1 - x0, half), s.band)
            painter.setPen(grid)
            painter.drawLine(QPointF(x0, half), QPointF(x0, HEADER_HEIGHT))
            if s.small_metrics.horizontalAdvance(unit.label) + 2 <= x1 - x0:
                painter.setPen(s.window_text)
                painter.drawText(
                    QRectF(x0, half, x1 - x0, half), Qt.AlignmentFlag.AlignCenter, unit.label
                )
        painter.setFont(s.bold)
        for unit in scale.units(top_kind, first, last):
            x0, x1 = scale.x_of(unit.first) - left, scale.x_of(unit.after) - left
            painter.setPen(grid)
            painter.drawLine(QPointF(x0, 0), QPointF(x0, HEADER_HEIGHT))
            # the label sticks to the left edge while its span is partly scrolled out
            tx = max(x0, 0.0) + 5
            room = x1 - tx - 3
            label = s.bold_metrics.elidedText(unit.label, Qt.TextElideMode.ElideRight, room)
            if room > 30 and label:
                painter.setPen(s.window_text)
                painter.drawText(QRectF(tx, 0, room, half), Qt.AlignmentFlag.AlignVCenter, label)
        x = scale.x_of(view.today) + scale.ppd / 2 - left
        if -10 <= x <= width + 10:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(TODAY)
            painter.drawPolygon(
                [
                    QPointF(x - 5, HEADER_HEIGHT - 7),
                    QPointF(x + 5, HEADER_HEIGHT - 7),
                    QPointF(x, HEADER_HEIGHT),
                ]
            )
        painter.setPen(QPen(s.grid_major, 0))
        painter.drawLine(QPointF(0, half), QPointF(width, half))
        painter.drawLine(QPointF(0, HEADER_HEIGHT - 1), QPointF(width, HEADER_HEIGHT - 1))


class LaneHeader(QWidget):
    """Lane names at the left; follows vertical scrolling, never scrolls away."""

    def __init__(self, view: TimelineView) -> None:
        super().__init__(view)
        self.view = view
        self.setObjectName("timelineLanes")

    def wheelEvent(self, event: QWheelEvent) -> None:
        self.view.margin_wheel(event, None, horizontal=False)

    def lane_at(self, y: float) -> Lane | None:
        return self.view.layout_.lane_at(y + self.view.mapToScene(QPoint(0, 0)).y())

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:  # the whole name of a lane, even when elided
            lane = self.lane_at(event.pos().y())  # type: ignore[attr-defined]
            if lane is None:
                QToolTip.hideText()
            else:
                n = len(lane.ids)
                tip = f"{escape(lane.name)}: {n} initiative{'s' if n != 1 else ''}"
                QToolTip.showText(event.globalPos(), tip, self)  # type: ignore[attr-defined]
            return True
        return super().event(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        view = self.view
        s = view.style_
        painter = QPainter(self)
        painter.fillRect(self.rect(), s.window)
        top = view.mapToScene(QPoint(0, 0)).y()
        width, height = self.width(), self.height()
        fallback = QColor(FALLBACK_COLOUR)
        for n, lane in enumerate(view.layout_.lanes):
            y0 = lane.top - top
            if y0 > height or y0 + lane.height < 0:
                continue
            if n % 2:
                painter.fillRect(QRectF(0, y0, width, lane.height), s.band)
            colour = view.colours.get(lane.name)
            if colour is None:
                kinds = [view.initiatives[i].kind for i in lane.ids if i in view.initiatives]
                colour = view.colours.get(kinds[0], fallback) if kinds else fallback
            painter.fillRect(QRectF(0, y0 + 3, 4, lane.height - 6), colour)
            # the name stays in view while a tall lane is partly scrolled out
            name_y = min(max(y0, 0.0), y0 + lane.height - ROW_HEIGHT - LANE_PADDING)
            row = QRectF(10, name_y + LANE_PADDING, width - 16, ROW_HEIGHT)
            count = str(len(lane.ids)) if lane.ids else ""
            painter.setFont(s.small)
            count_width = s.small_metrics.horizontalAdvance(count) + 6 if count else 0
            painter.setPen(s.arrow)
            painter.drawText(
                row, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight, count
            )
            painter.setPen(s.window_text)
            painter.setFont(s.bold)
            label = s.bold_metrics.elidedText(
                lane.name, Qt.TextElideMode.ElideRight, row.width() - count_width
            )
            painter.drawText(row, Qt.AlignmentFlag.AlignVCenter, label)
            painter.setPen(QPen(s.grid_major, 0))
            painter.drawLine(QPointF(0, y0 + lane.height), QPointF(width, y0 + lane.height))
        painter.drawLine(QPointF(width - 1, 0), QPointF(width - 1, height))


class _Corner(QWidget):
    def __init__(self, view: TimelineView) -> None:
        super().__init__(view)
        self.view = view

    def paintEvent(self, event: QPaintEvent) -> None:
        s = self.view.style_
        painter = QPainter(self)
        painter.fillRect(self.rect(), s.window)
        painter.setPen(s.window_text)
        painter.setFont(s.bold)
        painter.drawText(self.rect().adjusted(10, 0, 0, 0), Qt.AlignmentFlag.AlignVCenter, "Lanes")
        painter.setPen(QPen(s.grid_major, 0))
        painter.drawLine(0, HEADER_HEIGHT - 1, self.width(), HEADER_HEIGHT - 1)
        painter.drawLine(self.width() - 1, 0, self.width() - 1, HEADER_HEIGHT)
