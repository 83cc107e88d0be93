"""The painted grids: a month of day cells, and channels × the weeks of a quarter.

One widget paints every cell and chip (no widget per day or item), so a month with
thousands of items repaints in milliseconds. The grids never write to the plan: they
emit what the user asked for (edit, create, move, delete) and the calendar turns that
into undo commands, so a mouse drop and a keyboard move take the same path.
"""

from __future__ import annotations

import calendar as pycalendar
from collections import OrderedDict
from collections.abc import Hashable, Sequence
from datetime import date, timedelta

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, QSizeF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QPixmap,
    QResizeEvent,
)
from PySide6.QtWidgets import QApplication, QSizePolicy, QToolTip, QWidget

from streamdesk.domain import WEEKDAYS, Channel, Item
from streamdesk.domain.channels import contrast_ratio
from streamdesk.gui.calendar.chips import mix, paint_chip, paint_ghost

Key = Hashable
CHIP_MARGIN = 4  # room around a chip's pixmap for the selection and initiative rings
PIXMAP_CACHE = 3000  # chips kept painted (a few months' worth)

ARROWS = {
    Qt.Key.Key_Left: (-1, 0),
    Qt.Key.Key_Right: (1, 0),
    Qt.Key.Key_Up: (0, -1),
    Qt.Key.Key_Down: (0, 1),
}


def describe_item(item: Item, channel: Channel | None) -> str:
    when = item.date.strftime("%a %d %b %Y")
    if item.time is not None:
        when += item.time.strftime(" %H:%M")
    parts = [f"<b>{_escape(item.title)}</b>", when]
    parts.append(f"{channel.name if channel else '?'} · {item.status.value}")
    if item.format:
        parts[-1] += f" · {_escape(item.format)}"
    if item.owner:
        parts.append(f"Owner: {_escape(item.owner)}")
    return "<br>".join(parts)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class ItemGrid(QWidget):
    """What both grids share: chips in cells, selection, drag and drop, keyboard."""

    selectionEdited = Signal(list)  # ids the user selected
    editRequested = Signal(int)
    createRequested = Signal(object, object)  # date, channel id or None
    moveRequested = Signal(list, int, object, bool)  # ids, days, channel id or None, copy
    deleteRequested = Signal()
    moreRequested = Signal(object, QPoint)  # cell key, global position
    cursorLeft = Signal(object)  # a date outside the period: the calendar navigates
    capacityChanged = Signal(int)  # how many chips a cell holds changed (a resize)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(360, 240)
        self._items: list[Item] = []
        self._counts: dict[Key, int] = {}
        self._capacity = 1
        self._colours: dict[int, QColor] = {}
        self._channels: dict[int, Channel] = {}
        self._cells: dict[Key, QRectF] = {}
        self._cell_items: dict[Key, list[Item]] = {}
        self._chips: list[tuple[QRectF, Item, Key]] = []
        self._more: list[tuple[QRectF, Key, int]] = []
        self._more_labels: dict[Key, str] = {}
        self._pixmaps: OrderedDict[tuple, QPixmap] = OrderedDict()
        self._backgrounds: OrderedDict[Hashable, QPixmap] = OrderedDict()
        self._content: tuple[Hashable, QPixmap, dict[Key, tuple]] | None = None
        self._selected: set[int] = set()
        self._highlight: int | None = None
        self._cursor: Key | None = None
        self._press: QPointF | None = None
        self._press_item: Item | None = None
        self._press_offset = QPointF()
        self._press_toggle = False
        self._dragging = False
        self._drag_pos = QPointF()
        self._drag_copy = False
        self._drag_width = 80.0
        self.read_only = False  # a read-only plan: chips select but never drag
        self._chip_font = QFont(self.font())
        self._chip_font.setPointSizeF(max(7.0, self.font().pointSizeF() * 0.9))

    # -- what the calendar calls ----------------------------------------------------------

    def set_channels(self, channels: Sequence[Channel]) -> None:
        self._channels = {c.id: c for c in channels if c.id is not None}
        self._colours = {c.id: QColor(c.colour) for c in channels if c.id is not None}
        self._content = None  # chips change colour

    def set_items(self, items: Sequence[Item], counts: dict[Key, int] | None = None) -> None:
        """Show ``items``; ``counts`` says how many each cell really has when only its
        first few were loaded (see ``repository.items_per_cell``)."""
        self._items = list(items)
        self._counts = dict(counts or {})
        self._relayout()
        self.update()

    def items(self) -> list[Item]:
        """The items loaded for the period (a busy cell's first ones only)."""
        return list(self._items)

    def cell_count(self, key: Key) -> int:
        return self._counts.get(key, len(self._cell_items.get(key, [])))

    def capacity(self) -> int:
        """How many chips fit in one cell at the current size."""
        return self._capacity

    def set_selection(self, ids: Sequence[int]) -> None:
        self._selected = set(ids)
        self.update()

    def selection(self) -> list[int]:
        """Selected ids in the order they appear on screen."""
        order = [i.id for i in self._items if i.id in self._selected]
        return order + sorted(self._selected - set(order))

    def set_highlight(self, initiative_id: int | None) -> None:
        self._highlight = initiative_id
        self.update()

    def cursor_key(self) -> Key | None:
        return self._cursor

    def set_cursor_key(self, key: Key) -> None:
        self._cursor = key
        self.update()

    def visible_range(self) -> tuple[date, date]:
        raise NotImplementedError

    def range_for(self, month: date, week_start: int) -> tuple[date, date]:
        """The dates this grid would show for ``month`` (to prefetch a neighbour)."""
        raise NotImplementedError

    # -- geometry the tests and the calendar can ask for --------------------------------------

    def cell_rect(self, key: Key) -> QRectF:
        return QRectF(self._cells[key])

    def chip_rect(self, item_id: int) -> QRectF | None:
        for rect, item, _ in self._chips:
            if item.id == item_id:
                return QRectF(rect)
        return None

    def more_rect(self, key: Key) -> QRectF | None:
        for rect, k, _ in self._more:
            if k == key:
                return QRectF(rect)
        return None

    def cell_items(self, key: Key) -> list[Item]:
        return list(self._cell_items.get(key, []))

    def chip_at(self, pos: QPointF) -> tuple[Item, Key] | None:
        for rect, item, key in self._chips:
            if rect.contains(pos):
                return item, key
        return None

    def cell_at(self, pos: QPointF) -> Key | None:
        for key, rect in self._cells.items():
            if rect.contains(pos):
                return key
        return None

    # -- what each grid defines -------------------------------------------------------------

    def _layout_cells(self) -> dict[Key, QRectF]:
        raise NotImplementedError

    def _chip_area(self, key: Key, rect: QRectF) -> QRectF:
        return rect.adjusted(2, 2, -2, -2)

    def _key_of(self, item: Item) -> Key | None:
        raise NotImplementedError

    def _paint_background(self, p: QPainter) -> None:
        raise NotImplementedError

    def _drop_change(self, source: Key, target: Key) -> tuple[int, int | None]:
        raise NotImplementedError

    def _step(self, key: Key, dx: int, dy: int) -> Key | None:
        """The key one step away, or None after emitting cursorLeft for another period."""
        raise NotImplementedError

    def _move_step(self, dx: int, dy: int) -> tuple[int, int | None]:
        raise NotImplementedError

    def create_args(self, key: Key) -> tuple[date, int | None]:
        raise NotImplementedError

    # -- layout ---------------------------------------------------------------------------

    def chip_height(self) -> float:
        return QFontMetrics(self._chip_font).height() + 4.0

    def _relayout(self) -> None:
        self._cells = self._layout_cells()
        grouped: dict[Key, list[Item]] = {}
        for item in self._items:
            key = self._key_of(item)
            if key is not None and key in self._cells:
                grouped.setdefault(key, []).append(item)
        self._cell_items = grouped
        self._chips = []
        self._more = []
        labels: dict[Key, str] = {}
        h = self.chip_height()
        gap = 2.0
        bold = QFont(self._chip_font)
        bold.setBold(True)
        fm = QFontMetrics(bold)  # "+N more" is painted bold, 4 px in from its cell's edge
        self._capacity = 1
        if self._cells:
            key, rect = next(iter(self._cells.items()))
            area = self._chip_area(key, rect)
            self._capacity = max(1, int((area.height() + gap) // (h + gap)))
        capacity = self._capacity
        for key, items in grouped.items():
            area = self._chip_area(key, self._cells[key])
            total = max(len(items), self._counts.get(key, 0))
            shown = items[:capacity] if total <= capacity else items[: max(1, capacity - 1)]
            hidden = total - len(shown)
            beside = hidden and capacity == 1  # one row: the chip and "+N" side by side
            badge = fm.horizontalAdvance(f"+{hidden}") + 10 if beside else 0
            area = QRectF(area.toAlignedRect())  # whole pixels: chips are blitted pixmaps
            y = area.top()
            for item in shown:
                width = area.width() - badge
                self._chips.append((QRectF(area.left(), y, width, h), item, key))
                y += h + gap
            if beside:
                rect = QRectF(area.right() - badge + 2, area.top(), badge - 2, h)
                self._more.append((rect, key, hidden))
                labels[key] = f"+{hidden}"
            elif hidden:
                for label in (f"+{hidden} more", f"+{hidden}", "+"):  # the first that fits
                    if fm.horizontalAdvance(label) + 4 <= area.width():
                        break
                rect = QRectF(area.left(), y, area.width(), min(h, area.bottom() - y + gap))
                self._more.append((rect, key, hidden))
                labels[key] = label
        self._more_labels = labels

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        before = self._capacity
        self._relayout()
        if self._capacity != before:
            self.capacityChanged.emit(self._capacity)

    # -- painting -----------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        pal = self.palette()
        if self._dragging:  # the dragged chips fade as the pointer moves: paint them live
            p.drawPixmap(0, 0, self._background())
            self._paint_chips(p, [QRectF(event.rect())])
        else:
            p.drawPixmap(0, 0, self._content_pixmap())
        if self._cursor in self._cells:
            focus = self.hasFocus()
            pen = QPen(pal.color(QPalette.ColorRole.Highlight), 2 if focus else 1)
            if not focus:
                pen.setStyle(Qt.PenStyle.DotLine)
            p.setPen(pen)
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRect(self._cells[self._cursor].adjusted(1, 1, -1, -1))
        if self._dragging and self._press_item is not None:
            p.setFont(self._chip_font)
            target = self.cell_at(self._drag_pos)
            if target is not None:
                p.setPen(QPen(pal.color(QPalette.ColorRole.Highlight), 2))
                p.setBrush(Qt.BrushStyle.NoBrush)
                p.drawRect(self._cells[target].adjusted(1, 1, -1, -1))
            item = self._press_item
            ghost = QRectF(self._drag_pos - self._press_offset, self._drag_pos - self._press_offset)
            ghost.setSize(QRectF(0, 0, self._drag_width, self.chip_height()).size())
            colour = self._colours.get(item.channel_id, pal.color(QPalette.ColorRole.Mid))
            dragged = self._drag_ids()
            paint_ghost(p, ghost, item, colour, pal, len(dragged), self._drag_copy)
        p.end()

    def _content_pixmap(self) -> QPixmap:
        """The background with every chip and "+N" on it. Kept between paints, and after an
        edit only the cells whose chips changed are painted again: a drop repaints two
        cells, not the 42 of a busy month."""
        key = self._background_key()
        cells = self._cell_signatures()
        if self._content is None or self._content[0] != key:
            pixmap = self._background().copy()
            changed: set[Key] | None = None  # every cell
        else:
            _, pixmap, before = self._content
            changed = {k for k in before.keys() | cells.keys() if before.get(k) != cells.get(k)}
            if not changed:
                return pixmap
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        dirty: list[QRectF] | None = None
        if changed is not None:
            # a chip's ring may reach past its cell: restore a margin around each changed
            # cell, then paint every chip that touches what was restored
            background, ratio = self._background(), self.devicePixelRatioF()
            dirty = []
            for cell in changed:
                if cell in self._cells:
                    m = CHIP_MARGIN
                    rect = QRectF(self._cells[cell].adjusted(-m, -m, m, m).toAlignedRect())
                    rect = rect.intersected(QRectF(self.rect()))
                    source = QRectF(rect.topLeft() * ratio, rect.size() * ratio)
                    painter.drawPixmap(rect, background, source)
                    dirty.append(rect)
        self._paint_chips(painter, dirty)
        painter.end()
        self._content = (key, pixmap, cells)
        return pixmap

    def _chip_state(self, item: Item) -> tuple[bool, bool, bool]:
        """(selected, highlighted, faded): how a chip looks besides its item."""
        highlighted = self._highlight is not None and item.initiative_id == self._highlight
        faded = self._highlight is not None and not highlighted
        if self._dragging and not self._drag_copy and item.id in self._drag_ids():
            faded = True
        return item.id in self._selected, highlighted, faded

    def _cell_signatures(self) -> dict[Key, tuple]:
        """What each cell shows: its chips (place, item, look) and its "+N" label."""
        cells: dict[Key, list] = {}
        for rect, item, key in self._chips:
            cells.setdefault(key, []).append((rect.getRect(), item, self._chip_state(item)))
        for rect, key, _ in self._more:
            cells.setdefault(key, []).append((rect.getRect(), self._more_labels.get(key, "")))
        return {k: tuple(v) for k, v in cells.items()}

    def _paint_chips(self, p: QPainter, areas: list[QRectF] | None = None) -> None:
        """Paint the chips and "+N" labels that touch ``areas`` (all of them for None)."""
        p.setFont(self._chip_font)
        m = CHIP_MARGIN

        def touches(rect: QRectF) -> bool:
            if areas is None:
                return True
            grown = rect.adjusted(-m, -m, m, m)
            return any(grown.intersects(area) for area in areas)

        for rect, item, _ in self._chips:
            if touches(rect):
                p.drawPixmap(
                    rect.topLeft() - QPointF(m, m),
                    self._chip_pixmap(item, rect, *self._chip_state(item)),
                )
        p.setPen(self._more_colour())
        f = QFont(self._chip_font)
        f.setBold(True)
        p.setFont(f)
        for rect, key, _ in self._more:
            if touches(rect):
                p.drawText(
                    rect.adjusted(4, 0, 0, 0),
                    int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
                    self._more_labels.get(key, ""),
                )
        p.setFont(self._chip_font)

    def _more_colour(self) -> QColor:
        """The palette's link colour, lightened or darkened until it reads on the cells."""
        pal = self.palette()
        base = pal.color(QPalette.ColorRole.Base)
        link = pal.color(QPalette.ColorRole.Link)
        dark = base.lightnessF() < 0.5
        for _ in range(8):
            if contrast_ratio(link.name(), base.name()) >= 4.5:
                break
            link = link.lighter(125) if dark else link.darker(125)
            if dark and link.lightnessF() >= 0.95:
                link = QColor("#9CC4FF")
                break
        return link

    def _period_key(self) -> Hashable:
        raise NotImplementedError

    def _background_key(self) -> Hashable:
        return (
            self._period_key(),
            self.size().toTuple(),
            self.palette().cacheKey(),
            date.today(),
            self.devicePixelRatioF(),
        )

    def _background(self) -> QPixmap:
        """Cells, headers and day numbers: painted once per period, size and palette."""
        ratio = self.devicePixelRatioF()
        key = self._background_key()
        cached = self._backgrounds.get(key)
        if cached is not None:
            self._backgrounds.move_to_end(key)
            return cached
        pixmap = QPixmap(self.size() * ratio)
        pixmap.setDevicePixelRatio(ratio)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        self._paint_background(painter)
        painter.end()
        self._backgrounds[key] = pixmap
        while len(self._backgrounds) > 4:  # this period and its neighbours
            self._backgrounds.popitem(last=False)
        return pixmap

    def _chip_pixmap(
        self, item: Item, rect: QRectF, selected: bool, highlighted: bool, faded: bool
    ) -> QPixmap:
        """A chip painted once and kept: repaints and flipping back to a month only blit."""
        pal = self.palette()
        colour = self._colours.get(item.channel_id, pal.color(QPalette.ColorRole.Mid))
        key = (
            item,
            colour.rgba(),
            rect.width(),
            rect.height(),
            selected,
            highlighted,
            faded,
            pal.cacheKey(),
            self.devicePixelRatioF(),
        )
        pixmap = self._pixmaps.get(key)
        if pixmap is not None:
            self._pixmaps.move_to_end(key)
            return pixmap
        ratio = self.devicePixelRatioF()
        size = rect.size() + QSizeF(2 * CHIP_MARGIN, 2 * CHIP_MARGIN)
        pixmap = QPixmap((size * ratio).toSize())
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        painter.setFont(self._chip_font)
        inner = QRectF(CHIP_MARGIN, CHIP_MARGIN, rect.width(), rect.height())
        paint_chip(
            painter,
            inner,
            item,
            colour,
            pal,
            selected=selected,
            highlighted=highlighted,
            faded=faded,
        )
        painter.end()
        self._pixmaps[key] = pixmap
        while len(self._pixmaps) > PIXMAP_CACHE:
            self._pixmaps.popitem(last=False)
        return pixmap

    def _grid_pen(self) -> QPen:
        pal = self.palette()
        return QPen(
            mix(pal.color(QPalette.ColorRole.Text), pal.color(QPalette.ColorRole.Base), 0.2), 1
        )

    # -- mouse ----------------------------------------------------------------------------

    def _drag_ids(self) -> set[int]:
        if self._press_item is None:
            return set()
        if self._press_item.id in self._selected:
            return set(self._selected)
        return {self._press_item.id}  # type: ignore[arg-type]

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
        if hit is not None:
            item, _ = hit
            self._press = pos
            self._press_item = item
            rect = self.chip_rect(item.id)  # type: ignore[arg-type]
            self._press_offset = pos - rect.topLeft() if rect else QPointF()
            self._drag_width = rect.width() if rect else 80.0
            if ctrl:
                if item.id in self._selected:
                    self._press_toggle = True  # unselect on release unless it becomes a drag
                else:
                    self._selected.add(item.id)  # type: ignore[arg-type]
            elif item.id not in self._selected:
                self._selected = {item.id}  # type: ignore[arg-type]
        elif not ctrl:
            self._selected = set()
        if self._selected != before:
            self.selectionEdited.emit(self.selection())
        self.update()

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
            self._selected.discard(self._press_item.id)  # type: ignore[arg-type]
            self.selectionEdited.emit(self.selection())
        self._end_drag()

    def _end_drag(self) -> None:
        self._press = None
        self._press_item = None
        self._press_toggle = False
        if self._dragging:
            self._dragging = False
            self.unsetCursor()
        self.update()

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

    # -- keyboard -----------------------------------------------------------------------

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
        if event.type() == QEvent.Type.ShortcutOverride and self._handles(event):  # type: ignore[arg-type]
            event.accept()  # our keys win over window shortcuts (Ctrl+N is New Plan there)
            return True
        if event.type() == QEvent.Type.KeyPress and event.key() in (  # type: ignore[attr-defined]
            Qt.Key.Key_Tab,
            Qt.Key.Key_Backtab,
        ):
            back = event.key() == Qt.Key.Key_Backtab  # type: ignore[attr-defined]
            if self._cycle_selection(-1 if back else 1):
                return True
        if event.type() == QEvent.Type.ToolTip:
            hit = self.chip_at(QPointF(event.pos()))  # type: ignore[attr-defined]
            if hit is not None:
                item = hit[0]
                QToolTip.showText(
                    event.globalPos(),  # type: ignore[attr-defined]
                    describe_item(item, self._channels.get(item.channel_id)),
                    self,
                )
            else:
                QToolTip.hideText()
            return True
        return super().event(event)

    def _cycle_selection(self, step: int) -> bool:
        ids = [item.id for _, item, key in self._chips if key == self._cursor]  # shown ones
        if not ids:
            return False
        current = [n for n, i in enumerate(ids) if i in self._selected]
        index = current[0] + step if current else (0 if step > 0 else len(ids) - 1)
        if index >= len(ids) and self.more_rect(self._cursor) is not None:
            more = self.more_rect(self._cursor)
            self.moreRequested.emit(self._cursor, self.mapToGlobal(more.topLeft().toPoint()))
            return True  # past the last chip of a busy cell: the list of all its items
        if not 0 <= index < len(ids):
            return False  # past the cell's last (or first) chip: Tab leaves the grid
        self._selected = {ids[index]}  # type: ignore[arg-type]
        self.selectionEdited.emit(self.selection())
        self.update()
        return True

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self._handles(event):
            super().keyPressEvent(event)
            return
        key = event.key()
        ctrl = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        if key in ARROWS:
            dx, dy = ARROWS[key]  # type: ignore[index]
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


class MonthGrid(ItemGrid):
    """Seven day columns from the plan's week start, five or six week rows."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("monthGrid")
        self._month = date.today().replace(day=1)
        self._week_start = 0
        self._today = date.today()
        self._recompute()

    def set_period(self, month: date, week_start: int) -> None:
        self._month = month.replace(day=1)
        self._week_start = week_start
        self._today = date.today()
        self._recompute()
        if not isinstance(self._cursor, date) or not self._in_month(self._cursor):
            self._cursor = self._today if self._in_month(self._today) else self._month
        self._relayout()
        self.update()

    def month(self) -> date:
        return self._month

    def _period_key(self) -> Hashable:
        return ("month", self._month, self._week_start, self._weeks)

    @staticmethod
    def _span(month: date, week_start: int) -> tuple[date, int]:
        first = month.replace(day=1)
        offset = (first.weekday() - week_start) % 7
        days = pycalendar.monthrange(first.year, first.month)[1]
        return first - timedelta(days=offset), max(5, -(-(offset + days) // 7))

    def _recompute(self) -> None:
        self._start, self._weeks = self._span(self._month, self._week_start)

    def range_for(self, month: date, week_start: int) -> tuple[date, date]:
        start, weeks = self._span(month, week_start)
        return start, start + timedelta(days=7 * weeks - 1)

    def _in_month(self, day: date) -> bool:
        return day.year == self._month.year and day.month == self._month.month

    def visible_range(self) -> tuple[date, date]:
        return self._start, self._start + timedelta(days=7 * self._weeks - 1)

    def _header_height(self) -> float:
        return QFontMetrics(self.font()).height() + 8.0

    def _layout_cells(self) -> dict[Key, QRectF]:
        top = self._header_height()
        w = (self.width() - 1) / 7
        h = (self.height() - top - 1) / self._weeks
        cells: dict[Key, QRectF] = {}
        for n in range(7 * self._weeks):
            row, col = divmod(n, 7)
            cells[self._start + timedelta(days=n)] = QRectF(col * w, top + row * h, w, h)
        return cells

    def _chip_area(self, key: Key, rect: QRectF) -> QRectF:
        label = QFontMetrics(self._chip_font).height() + 4
        return rect.adjusted(3, label + 2, -3, -3)

    def _key_of(self, item: Item) -> Key | None:
        return item.date

    def _drop_change(self, source: Key, target: Key) -> tuple[int, int | None]:
        return (target - source).days, None  # type: ignore[operator]

    def _step(self, key: Key, dx: int, dy: int) -> Key | None:
        new = key + timedelta(days=dx + 7 * dy)  # type: ignore[operator]
        if new not in self._cells:
            self._cursor = new
            self.cursorLeft.emit(new)
            return None
        return new

    def _move_step(self, dx: int, dy: int) -> tuple[int, int | None]:
        return dx + 7 * dy, None

    def create_args(self, key: Key) -> tuple[date, int | None]:
        return key, None  # type: ignore[return-value]

    def _paint_background(self, p: QPainter) -> None:
        pal = self.palette()
        base = pal.color(QPalette.ColorRole.Base)
        text = pal.color(QPalette.ColorRole.Text)
        window = pal.color(QPalette.ColorRole.Window)
        p.fillRect(self.rect(), window)
        top = self._header_height()
        w = (self.width() - 1) / 7
        fm = QFontMetrics(self.font())
        header_font = QFont(self.font())
        header_font.setBold(True)
        p.setFont(header_font)
        p.setPen(pal.color(QPalette.ColorRole.WindowText))
        for col in range(7):
            name = WEEKDAYS[(self._week_start + col) % 7]
            label = name if fm.horizontalAdvance(name) + 12 < w else name[:3]
            p.drawText(QRectF(col * w, 0, w, top), int(Qt.AlignmentFlag.AlignCenter), label)
        weekend_fill = mix(text, base, 0.06)
        outside_fill = mix(window, base, 0.6)
        grid = self._grid_pen()
        small = QFont(self._chip_font)
        for day, rect in self._cells.items():
            inside = self._in_month(day)  # type: ignore[arg-type]
            if not inside:
                fill = outside_fill
            elif day.weekday() >= 5:  # type: ignore[attr-defined]
                fill = weekend_fill
            else:
                fill = base
            p.fillRect(rect, fill)
            p.setPen(grid)
            p.setBrush(Qt.BrushStyle.NoBrush)  # today's pill leaves its brush set
            p.drawRect(rect)
            label = str(day.day)  # type: ignore[attr-defined]
            if day.day == 1:  # type: ignore[attr-defined]
                label = day.strftime("%-d %b")  # type: ignore[attr-defined]
            bold = QFont(small)
            bold.setBold(day == self._today)
            p.setFont(bold)
            lfm = QFontMetrics(bold)
            label_h = lfm.height() + 2
            label_rect = QRectF(rect.left() + 3, rect.top() + 2, rect.width() - 6, label_h)
            if day == self._today:
                width = lfm.horizontalAdvance(label) + 10
                pill = QRectF(label_rect.left(), label_rect.top(), width, label_h)
                p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
                p.setPen(Qt.PenStyle.NoPen)
                p.setBrush(pal.color(QPalette.ColorRole.Highlight))
                p.drawRoundedRect(pill, label_h / 2, label_h / 2)
                p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
                p.setPen(pal.color(QPalette.ColorRole.HighlightedText))
                p.drawText(pill, int(Qt.AlignmentFlag.AlignCenter), label)
            else:
                colour = text if inside else mix(text, base, 0.45)
                p.setPen(colour)
                p.drawText(
                    label_rect,
                    int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                    label,
                )


class ChannelGrid(ItemGrid):
    """Rows are the downstream channels, columns the weeks of a quarter."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("channelGrid")
        self._rows: list[Channel] = []
        self._quarter = date(date.today().year, 1 + 3 * ((date.today().month - 1) // 3), 1)
        self._week_start = 0
        self._recompute()

    def set_rows(self, channels: Sequence[Channel]) -> None:
        self._rows = list(channels)
        self._relayout()
        self.update()

    def set_period(self, month: date, week_start: int) -> None:
        self._quarter = date(month.year, 1 + 3 * ((month.month - 1) // 3), 1)
        self._week_start = week_start
        self._recompute()
        if self._cursor not in self._cells or not isinstance(self._cursor, tuple):
            row = self._rows[0].id if self._rows else None
            self._cursor = (row, self._week_of(max(date.today(), self._quarter)))
            if not 0 <= self._cursor[1] < self._weeks:
                self._cursor = (row, 0)
        self._relayout()
        self.update()

    def quarter(self) -> date:
        return self._quarter

    def _period_key(self) -> Hashable:
        rows = tuple((c.id, c.name, c.colour) for c in self._rows)
        return ("channels", self._quarter, self._week_start, rows)

    @staticmethod
    def _span(month: date, week_start: int) -> tuple[date, date, int]:
        first = date(month.year, 1 + 3 * ((month.month - 1) // 3), 1)
        end_month = first.month + 2
        last = date(first.year, end_month, pycalendar.monthrange(first.year, end_month)[1])
        start = first - timedelta(days=(first.weekday() - week_start) % 7)
        return start, last, (last - start).days // 7 + 1

    def _recompute(self) -> None:
        self._start, self._last, self._weeks = self._span(self._quarter, self._week_start)

    def range_for(self, month: date, week_start: int) -> tuple[date, date]:
        start, _, weeks = self._span(month, week_start)
        return start, start + timedelta(days=7 * weeks - 1)

    def _week_of(self, day: date) -> int:
        return (day - self._start).days // 7

    def week_start_date(self, week: int) -> date:
        return self._start + timedelta(days=7 * week)

    def visible_range(self) -> tuple[date, date]:
        return self._start, self._start + timedelta(days=7 * self._weeks - 1)

    def week_label(self, week: int) -> str:
        """The ISO number of the week most of this column's days are in (a week that starts
        on Sunday is numbered by its Monday to Wednesday, not by the Sunday before)."""
        return f"W{(self.week_start_date(week) + timedelta(days=3)).isocalendar()[1]}"

    def _left(self) -> float:
        fm = QFontMetrics(self.font())
        widest = max((fm.horizontalAdvance(c.name) for c in self._rows), default=60)
        return min(150.0, widest + 26.0)

    def _header_height(self) -> float:
        return 2 * QFontMetrics(self._chip_font).height() + 8.0

    def _layout_cells(self) -> dict[Key, QRectF]:
        if not self._rows:
            return {}
        left, top = self._left(), self._header_height()
        w = (self.width() - left - 1) / self._weeks
        h = (self.height() - top - 1) / len(self._rows)
        cells: dict[Key, QRectF] = {}
        for r, channel in enumerate(self._rows):
            for week in range(self._weeks):
                cells[(channel.id, week)] = QRectF(left + week * w, top + r * h, w, h)
        return cells

    def _key_of(self, item: Item) -> Key | None:
        return (item.channel_id, self._week_of(item.date))

    def _drop_change(self, source: Key, target: Key) -> tuple[int, int | None]:
        (c1, w1), (c2, w2) = source, target  # type: ignore[misc]
        return 7 * (w2 - w1), (c2 if c2 != c1 else None)

    def _row_index(self, channel_id: int | None) -> int:
        for n, c in enumerate(self._rows):
            if c.id == channel_id:
                return n
        return 0

    def _step(self, key: Key, dx: int, dy: int) -> Key | None:
        channel_id, week = key  # type: ignore[misc]
        row = max(0, min(len(self._rows) - 1, self._row_index(channel_id) + dy))
        week += dx
        if not 0 <= week < self._weeks:
            target = self.week_start_date(week)
            self._cursor = (self._rows[row].id, week)
            self.cursorLeft.emit(target)
            return None
        return (self._rows[row].id, week)

    def _move_step(self, dx: int, dy: int) -> tuple[int, int | None]:
        if dy == 0 or not self._rows:
            return dx, None
        first = next((i for i in self._items if i.id in self._selected), None)
        row = self._row_index(first.channel_id if first else None) + dy
        if not 0 <= row < len(self._rows):
            return 0, None
        return 0, self._rows[row].id

    def create_args(self, key: Key) -> tuple[date, int | None]:
        channel_id, week = key  # type: ignore[misc]
        day = max(self.week_start_date(week), self._quarter)
        return min(day, self._last), channel_id

    def _paint_background(self, p: QPainter) -> None:
        pal = self.palette()
        base = pal.color(QPalette.ColorRole.Base)
        text = pal.color(QPalette.ColorRole.Text)
        window = pal.color(QPalette.ColorRole.Window)
        p.fillRect(self.rect(), window)
        if not self._rows:
            p.setPen(pal.color(QPalette.ColorRole.WindowText))
            p.drawText(self.rect(), int(Qt.AlignmentFlag.AlignCenter), "This plan has no channels.")
            return
        left, top = self._left(), self._header_height()
        w = (self.width() - left - 1) / self._weeks
        h = (self.height() - top - 1) / len(self._rows)
        small = QFont(self._chip_font)
        sfm = QFontMetrics(small)
        p.setFont(small)
        today = date.today()
        this_week = self._week_of(today) if self._start <= today else -1
        for week in range(self._weeks):
            x = left + week * w
            first = self.week_start_date(week)
            rect = QRectF(x, 0, w, top)
            if week == this_week:
                p.fillRect(rect, pal.color(QPalette.ColorRole.Highlight))
                p.setPen(pal.color(QPalette.ColorRole.HighlightedText))
            else:
                p.setPen(pal.color(QPalette.ColorRole.WindowText))
            week_no = self.week_label(week)
            day = first.strftime("%-d %b")
            if sfm.horizontalAdvance(day) + 4 > w:
                day = first.strftime("%-d/%-m")
            p.drawText(
                rect.adjusted(0, 3, 0, -top / 2),
                int(Qt.AlignmentFlag.AlignCenter),
                week_no,
            )
            p.drawText(
                rect.adjusted(0, top / 2 - 2, 0, -3),
                int(Qt.AlignmentFlag.AlignCenter),
                day,
            )
        name_font = QFont(self.font())
        nfm = QFontMetrics(name_font)
        grid = self._grid_pen()
        stripe = mix(text, base, 0.04)
        for r, channel in enumerate(self._rows):
            y = top + r * h
            p.setFont(name_font)
            swatch = QRectF(6, y + h / 2 - 5, 10, 10)
            p.fillRect(swatch, QColor(channel.colour))
            p.setPen(pal.color(QPalette.ColorRole.WindowText))
            name = nfm.elidedText(channel.name, Qt.TextElideMode.ElideRight, int(left - 26))
            p.drawText(
                QRectF(22, y, left - 24, h),
                int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
                name,
            )
            for week in range(self._weeks):
                rect = self._cells[(channel.id, week)]
                first = self.week_start_date(week)
                last = first + timedelta(days=6)
                partial = first < self._quarter or last > self._last
                fill = mix(window, base, 0.6) if partial else (stripe if r % 2 else base)
                p.fillRect(rect, fill)
                if week == this_week:
                    p.fillRect(rect, mix(pal.color(QPalette.ColorRole.Highlight), fill, 0.08))
                p.setPen(grid)
                p.drawRect(rect)
