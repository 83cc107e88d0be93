"""The mouse on a grid: click and Ctrl+click select, a drag moves (Ctrl copies), a
double-click edits a chip or creates on a day."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QContextMenuEvent, QMouseEvent
from PySide6.QtWidgets import QApplication

from streamdesk.gui.calendar.grid_base import GridBase


class GridMouse(GridBase):
    """Selection clicks, drag and drop, double-clicks."""

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        if event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        pos = event.position()
        ctrl = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        for rect, key, _ in self._more:
            if rect.contains(pos):
                self._cursor = key
                self.update()
                self.moreRequested.emit(key, event.globalPosition().toPoint())
                return
        hit = self.chip_at(pos)
        cell = self.cell_at(pos)
        if cell is not None:
            self._cursor = cell
        before = set(self._selected)
        self._press_toggle = False
        item = hit[0] if hit is not None else None
        if item is not None and item.id is not None:
            item_id = item.id
            self._press = pos
            self._press_item = item
            chip = self.chip_rect(item_id)
            self._press_offset = pos - chip.topLeft() if chip is not None else QPointF()
            self._drag_width = chip.width() if chip is not None else 80.0
            if ctrl:
                if item_id in self._selected:
                    self._press_toggle = True  # unselect on release unless it becomes a drag
                else:
                    self._selected.add(item_id)
            elif item_id not in self._selected:
                self._selected = {item_id}
        elif not ctrl:
            self._selected = set()
        if item is None:
            self.emptyClicked.emit()
        if self._selected != before:
            self.selectionEdited.emit(self.selection())
        self.announce()
        self.update()

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        """Right-click (or the Menu key): select what is under the pointer if it is not
        selected yet, then ask for the menu of the selection or of the day."""
        if event.reason() == QContextMenuEvent.Reason.Keyboard:
            cell = self._cursor if self._cursor in self._cells else None
            on_items = bool(self._selected)
            rect = self._cells[cell] if cell is not None else QRectF(self.rect())
            at = self.mapToGlobal(rect.center().toPoint())
        else:
            pos = QPointF(event.pos())
            hit = self.chip_at(pos)
            cell = self.cell_at(pos)
            item_id = hit[0].id if hit is not None else None
            if item_id is not None and item_id not in self._selected:
                self._selected = {item_id}
                self.selectionEdited.emit(self.selection())
            on_items = item_id is not None
            at = event.globalPos()
        if cell is not None:
            self._cursor = cell
        self.announce()
        self.update()
        if cell is not None or on_items:
            self.contextMenuRequested.emit(cell, on_items, at)
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        pos = event.position()
        if self._press is not None and self._press_item is not None and not self.read_only:
            if not self._dragging:
                distance = (pos - self._press).manhattanLength()
                if distance >= QApplication.startDragDistance():
                    self._dragging = True
                    self.setCursor(Qt.CursorShape.DragMoveCursor)
            if self._dragging:
                self._drag_pos = pos
                self._drag_copy = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
                self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            super().mouseReleaseEvent(event)
            return
        pos = event.position()
        if self._dragging and self._press_item is not None:
            source = self._key_of(self._press_item)
            target = self.cell_at(pos)
            copy = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
            ids = [i for i in self.selection() if i in self._drag_ids()]
            self._end_drag()
            if source is not None and target is not None:
                days, channel = self._drop_change(source, target)
                if days or channel is not None or copy:
                    self.moveRequested.emit(ids, days, channel, copy)
            return
        if self._press_toggle and self._press_item is not None:
            self._selected.discard(self._press_item.id or 0)
            self.selectionEdited.emit(self.selection())
        self._end_drag()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        pos = event.position()
        if any(rect.contains(pos) for rect, _, _ in self._more):
            return
        hit = self.chip_at(pos)
        if hit is not None:
            self.editRequested.emit(hit[0].id)
            return
        cell = self.cell_at(pos)
        if cell is not None:
            self._cursor = cell
            self.createRequested.emit(*self.create_args(cell))
