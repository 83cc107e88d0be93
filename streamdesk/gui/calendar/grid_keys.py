"""The keyboard on a grid: arrows walk the cells (Ctrl+Shift moves the selection), Tab
walks a cell's chips, Enter edits or creates, Delete asks to delete; and the chip tooltips."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QHelpEvent, QKeyEvent
from PySide6.QtWidgets import QToolTip

from streamdesk.gui.calendar.grid_base import GridBase, describe_item

ARROWS = {
    Qt.Key.Key_Left: (-1, 0),
    Qt.Key.Key_Right: (1, 0),
    Qt.Key.Key_Up: (0, -1),
    Qt.Key.Key_Down: (0, 1),
}


class GridKeyboard(GridBase):
    """Keys and tooltips: what a grid does without a mouse."""

    def _handles(self, event: QKeyEvent) -> bool:
        key = event.key()
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        ctrl_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
        if key in ARROWS:
            return mods in (Qt.KeyboardModifier.NoModifier, ctrl_shift)
        if key == Qt.Key.Key_N and mods == Qt.KeyboardModifier.ControlModifier:
            return True
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Delete, Qt.Key.Key_Escape):
            return mods == Qt.KeyboardModifier.NoModifier
        return False

    def event(self, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            if self._handles(event):
                event.accept()  # our keys win over window shortcuts (Ctrl+N is New Plan there)
                return True
        elif kind == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
                back = event.key() == Qt.Key.Key_Backtab
                if self._cycle_selection(-1 if back else 1):
                    return True
        elif kind == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            hit = self.chip_at(QPointF(event.pos()))
            if hit is not None:
                item = hit[0]
                QToolTip.showText(
                    event.globalPos(),
                    describe_item(item, self._channels.get(item.channel_id)),
                    self,
                )
            else:
                ghost = self._ghost_tip(QPointF(event.pos()))
                if ghost:
                    QToolTip.showText(event.globalPos(), ghost, self)
                else:
                    QToolTip.hideText()
            return True
        return super().event(event)

    def _ghost_tip(self, pos: QPointF) -> str:
        """A ghost's words in full (its label may be cut to "+2" in a narrow cell)."""
        for rect, words in self.ghost_rects():
            if rect.contains(pos):
                return f"{words}: a cadence slot still open. Fill gaps adds it as an idea."
        return ""

    def _cycle_selection(self, step: int) -> bool:
        ids = [
            item.id for _, item, key in self._chips if key == self._cursor and item.id is not None
        ]  # the chips shown
        if not ids:
            return False
        current = [n for n, i in enumerate(ids) if i in self._selected]
        index = current[0] + step if current else (0 if step > 0 else len(ids) - 1)
        more = self.more_rect(self._cursor) if index >= len(ids) else None
        if more is not None:
            self.moreRequested.emit(self._cursor, self.mapToGlobal(more.topLeft().toPoint()))
            return True  # past the last chip of a busy cell: the list of all its items
        if not 0 <= index < len(ids):
            return False  # past the cell's last (or first) chip: Tab leaves the grid
        self._selected = {ids[index]}
        self.selectionEdited.emit(self.selection())
        self.announce()
        self.update()
        return True

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self._handles(event):
            super().keyPressEvent(event)
            return
        key = event.key()
        ctrl = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        if key in ARROWS:
            dx, dy = ARROWS[Qt.Key(key)]
            if ctrl:
                if self._selected:
                    days, channel = self._move_step(dx, dy)
                    if days or channel is not None:
                        self.moveRequested.emit(self.selection(), days, channel, False)
            elif self._cursor is not None:
                new = self._step(self._cursor, dx, dy)
                if new is not None:
                    self._cursor = new
                    if self._selected:
                        self._selected = set()
                        self.selectionEdited.emit([])
                    self.announce()
                    self.update()
        elif key == Qt.Key.Key_N:
            if self._cursor is not None:
                self.createRequested.emit(*self.create_args(self._cursor))
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            selection = self.selection()
            if selection:
                self.editRequested.emit(selection[0])
            elif self._cursor is not None:
                self.createRequested.emit(*self.create_args(self._cursor))
        elif key == Qt.Key.Key_Delete:
            if self._selected:
                self.deleteRequested.emit()
        elif key == Qt.Key.Key_Escape:
            if self._dragging:
                self._end_drag()
            elif self._selected:
                self._selected = set()
                self.selectionEdited.emit([])
                self.update()
        event.accept()
