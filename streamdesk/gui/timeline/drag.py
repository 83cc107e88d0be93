"""The drag state machine: press, previews while moving, the date note, one command on release.

A press on a bar starts a move (its body) or a resize (an end), on its link handle or with
Shift a link, and in an empty lane a create. A drag changes only previews; the release asks
the editing room for ONE undo command, whose change rebuilds the scene.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from datetime import date, timedelta

from PySide6.QtCore import QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QMouseEvent, QPalette, QPen
from PySide6.QtWidgets import QFrame, QGraphicsLineItem, QGraphicsRectItem, QLabel, QWidget

from streamdesk.domain import Initiative, ValidationError
from streamdesk.domain.dependencies import push_successors
from streamdesk.gui.timeline.base import ViewBase, short_title
from streamdesk.gui.timeline.dates import day_span, format_day, signed_days
from streamdesk.gui.timeline.layout import Lane

DRAG_THRESHOLD = 4  # pixels before a press becomes a drag
ONE_DAY = timedelta(days=1)


class DragNote(QLabel):
    """Where the drop will land, beside the pointer (a label, not a tooltip window: it
    follows the pointer without flicker and never takes the focus)."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("timelineDragNote")
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.ToolTipBase)
        self.setForegroundRole(QPalette.ColorRole.ToolTipText)
        self.setFrameShape(QFrame.Shape.Box)
        self.setMargin(3)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.hide()


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


class DragMixin(ViewBase):
    """Mouse handling of the timeline view (see the module docstring)."""

    _drag: _Drag | None
    drag_note: DragNote

    def drag_active(self) -> bool:
        return self._drag is not None

    def cancel_drag(self) -> None:
        self._drag = None
        self.drag_note.hide()

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
        if lane is not None and lane.collapsed:
            lane = None  # a strip has no room to draw in: a click there only deselects
        self._drag = _Drag("create", scene_pos, lane=lane)

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
        days = self.time_scale.days_for(scene_pos.x() - drag.press.x())
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
                format_day(i.start)
                if i.is_milestone
                else f"{day_span(i.start, i.end)} ({i.days} days)"
            )
            if drag.mode != "move":  # a resize says how much longer or shorter the bar is
                return f"{when}, {signed_days(i.days - self.initiatives[iid].days)}"
            shift = signed_days(days)
            if len(drag.ids) > 1:
                return f"{len(drag.ids)} initiatives {shift}"
            return f"{when}, {shift}"
        if drag.mode == "create" and drag.lane is not None:
            first, last = self._create_span(drag, scene_pos)
            n = (last - first).days + 1
            what = "milestone" if n == 1 else f"{n} days"
            return f"New in {drag.lane.name}: {day_span(first, last)} ({what})"
        if drag.mode == "link":
            hit = self._bar_at(scene_pos)
            if hit is None or hit[0] == drag.ids[0]:
                return "Drop on the initiative that waits for this one"
            successor, predecessor = (self.initiatives[i].title for i in (hit[0], drag.ids[0]))
            return f"{short_title(successor)} waits for {short_title(predecessor)}"
        return ""

    def _create_span(self, drag: _Drag, scene_pos: QPointF) -> tuple[date, date]:
        """The days a create drag covers, whichever way it went."""
        day_at = self.time_scale.day_at
        ends = sorted((day_at(drag.press.x()), day_at(scene_pos.x())))
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
            if lane is not None and lane.collapsed:
                self.toggle_lane(lane.name)  # a double-click on the strip opens the lane
                return
            if lane is not None and self.arrows.dependency_at(scene_pos) is None:
                self.new_initiative(lane.name, self.time_scale.day_at(scene_pos.x()))
                return
        super().mouseDoubleClickEvent(event)

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
        top = drag.lane.top + drag.lane.padding / 2
        self._preview_item.setRect(
            QRectF(
                self.time_scale.x_of(first),
                top,
                self.time_scale.x_after(last) - self.time_scale.x_of(first),
                drag.lane.height - drag.lane.padding,
            )
        )

    def _finish_edit(self, drag: _Drag) -> None:
        if not drag.preview:
            self.relayout()
            return
        if not self._commit_moves(drag.preview, len(drag.ids), resize=drag.mode != "move"):
            self.rebuild()

    def _finish_create(self, drag: _Drag, scene_pos: QPointF) -> None:
        if drag.lane is not None:
            first, last = self._create_span(drag, scene_pos)
            self._create_in_lane(drag.lane.name, first, last)
