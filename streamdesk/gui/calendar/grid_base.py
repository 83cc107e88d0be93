"""What both painted grids share: their state, the signals they emit, the layout of chips
in cells and the hit-testing the other grid modules (painting, mouse, keyboard) build on.

The grids never write to the plan: they emit what the user asked for (edit, create, move,
delete) and the calendar turns that into undo commands, so a mouse drop and a keyboard move
take the same path.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable, Sequence
from datetime import date

from PySide6.QtCore import QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPixmap, QResizeEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from streamdesk.domain import Channel, Item
from streamdesk.gui.calendar.dates import day_text, time_text

Key = Hashable
CHIP_GAP = 2.0  # between two chips of a cell
CHIP_MARGIN = 4  # room around a chip's pixmap for the selection and initiative rings
PIXMAP_CACHE = 3000  # chips kept painted (a few months' worth)


def describe_item(item: Item, channel: Channel | None) -> str:
    when = day_text(item.date)
    if item.time is not None:
        when += f" {time_text(item.time)}"
    parts = [f"<b>{_escape(item.title)}</b>", when]
    parts.append(f"{channel.name if channel else '?'} · {item.status.value}")
    if item.format:
        parts[-1] += f" · {_escape(item.format)}"
    if item.owner:
        parts.append(f"Owner: {_escape(item.owner)}")
    return "<br>".join(parts)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class GridBase(QWidget):
    """State, signals, layout and hit-testing; see ``grid.ItemGrid`` for the whole grid."""

    selectionEdited = Signal(list)  # ids the user selected
    editRequested = Signal(int)
    createRequested = Signal(object, object)  # date, channel id or None
    moveRequested = Signal(list, int, object, bool)  # ids, days, channel id or None, copy
    deleteRequested = Signal()
    moreRequested = Signal(object, QPoint)  # cell key, global position
    cursorLeft = Signal(object)  # a date outside the period: the calendar navigates
    capacityChanged = Signal(int)  # how many chips a cell holds changed (a resize)
    contextMenuRequested = Signal(object, bool, QPoint)  # cell key, on the selection, where
    emptyClicked = Signal()  # a click on no chip

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
        # cells whose "+N" is a badge on the chip's corner: the room the chip's title leaves it
        self._corner: dict[Key, float] = {}
        self._ghosts: dict[Key, list[str]] = {}  # unmet cadence slots: "LinkedIn: 1 more…"
        self._ghost_elsewhere: dict[tuple[Key, str], list[Key]] = {}  # when its cell is full
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
        self._time_room: tuple[tuple[str, str], float] | None = None  # see _room_for_time
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

    def set_ghosts(
        self,
        ghosts: Sequence[tuple[date, int, str]],
        elsewhere: Sequence[Sequence[date]] = (),
    ) -> None:
        """Quiet placeholders for unmet cadence slots: (day, channel id, words) each, shown
        in the cell that day and channel fall in, below its chips when there is room.
        ``elsewhere`` (one list per ghost) names other days it may go to when that cell
        is full: seen at 1366×768, a busy Wednesday hid the week's LinkedIn gap."""
        cells: dict[Key, list[str]] = {}
        others: dict[tuple[Key, str], list[Key]] = {}
        for n, (day, channel_id, words) in enumerate(ghosts):
            key = self._key_of(Item.trusted(title="", date=day, channel_id=channel_id))
            if key is not None:
                cells.setdefault(key, []).append(words)
                days = elsewhere[n] if n < len(elsewhere) else ()
                keys = [
                    self._key_of(Item.trusted(title="", date=d, channel_id=channel_id))
                    for d in days
                ]
                others[(key, words)] = [k for k in keys if k is not None and k != key]
        if cells != self._ghosts or others != self._ghost_elsewhere:
            self._ghosts = cells
            self._ghost_elsewhere = others
            self.update()

    def ghosts(self) -> dict[Key, list[str]]:
        return {k: list(v) for k, v in self._ghosts.items()}

    def ghost_rects(self) -> list[tuple[QRectF, str]]:
        """Where the ghosts are drawn (the painting mixin knows; tool tips ask)."""
        return []

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
        self.announce()
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
        self.announce()
        self.update()

    def describe_cell(self, key: Key) -> str:
        """The cell in words, for a screen reader."""
        raise NotImplementedError

    def announce(self) -> None:
        """Say in the grid's accessible description where the keyboard is and what is
        selected: the grid paints its chips, so they have no accessible objects of their
        own, and a screen reader reads this when it changes."""
        words = []
        if self._cursor is not None and self._cursor in self._cells:
            count = self.cell_count(self._cursor)
            noun = "item" if count == 1 else "items"
            words.append(f"{self.describe_cell(self._cursor)}: {count} {noun}")
        chosen = [i for i in self._items if i.id in self._selected]
        if chosen:
            first = chosen[0]
            channel = self._channels.get(first.channel_id)
            more = f" and {len(self._selected) - 1} more" if len(self._selected) > 1 else ""
            words.append(
                f"selected: {first.title} ({channel.name if channel else '?'}, "
                f"{first.status.value}){more}"
            )
        text = "; ".join(words)
        if text != self.accessibleDescription():
            self.setAccessibleDescription(text)

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
        """The text's height and a pixel above and below: at 1366x768 four more pixels a
        chip were a chip less a day in the Month view."""
        return QFontMetrics(self._chip_font).height() + 2.0

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
        gap = CHIP_GAP
        bold = QFont(self._chip_font)
        bold.setBold(True)
        fm = QFontMetrics(bold)  # "+N more" is painted bold, 4 px in from its cell's edge
        self._capacity = 1
        if self._cells:
            key, rect = next(iter(self._cells.items()))
            area = self._chip_area(key, rect)
            self._capacity = max(1, int((area.height() + gap) // (h + gap)))
        capacity = self._capacity
        small = self.corner_font()
        sfm = QFontMetrics(small)
        corner: dict[Key, float] = {}
        for key, items in grouped.items():
            area = self._chip_area(key, self._cells[key])
            total = max(len(items), self._counts.get(key, 0))
            shown = items[:capacity] if total <= capacity else items[: max(1, capacity - 1)]
            hidden = total - len(shown)
            beside = hidden and capacity == 1  # one row: the chip and "+N" side by side
            badge = fm.horizontalAdvance(f"+{hidden}") + 10 if beside else 0
            area = QRectF(area.toAlignedRect())  # whole pixels: chips are blitted pixmaps
            # a narrow cell (the Channels view at 1366 px) keeps its width for the title
            # and shows the count as a small badge on the chip's corner
            in_corner = bool(beside) and area.width() - badge < self._room_for_title()
            if in_corner:
                badge = 0
            y = area.top()
            for item in shown:
                width = area.width() - badge
                self._chips.append((QRectF(area.left(), y, width, h), item, key))
                y += h + gap
            if in_corner:
                label = f"+{hidden}"
                w = sfm.horizontalAdvance(label) + 6.0
                tall = sfm.height() + 1.0
                # low in the cell, on the chip's bottom edge when there is room below it:
                # then it covers no letters; else at the top, and the title stops short of it
                top = max(area.top() - 1, area.bottom() + 1 - tall)
                rect = QRectF(area.right() - w + 1, top, w, tall)
                self._more.append((rect, key, hidden))
                labels[key] = label
                corner[key] = w if top < area.top() + h - 4 else 0.0
            elif beside:
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
        self._corner = corner

    def corner_font(self) -> QFont:
        """The font of a "+N" badge on a chip's corner: small, bold."""
        small = QFont(self._chip_font)
        small.setBold(True)
        small.setPointSizeF(max(6.0, self._chip_font.pointSizeF() * 0.8))
        return small

    def more_font(self, key: Key) -> QFont:
        """The font a cell's "+N" label is painted in."""
        if key in self._corner:
            return self.corner_font()
        bold = QFont(self._chip_font)
        bold.setBold(True)
        return bold

    def _room_for_title(self) -> float:
        """The narrowest chip worth keeping beside a "+N": about eight letters."""
        return 8.0 * QFontMetrics(self._chip_font).averageCharWidth() + 8.0

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        before = self._capacity
        self._relayout()
        if self._capacity != before:
            self.capacityChanged.emit(self._capacity)

    # -- state the painting, mouse and keyboard share -----------------------------------------

    def _chip_state(self, item: Item) -> tuple[bool, bool, bool, bool]:
        """(selected, highlighted, faded, dimmed): how a chip looks besides its item. With an
        initiative selected, its items are ringed and the others only lightly dimmed: they
        stay readable (never faded, which is for chips being dragged away)."""
        highlighted = self._highlight is not None and item.initiative_id == self._highlight
        dimmed = self._highlight is not None and not highlighted
        faded = self._dragging and not self._drag_copy and item.id in self._drag_ids()
        return item.id in self._selected, highlighted, faded, dimmed

    def _drag_ids(self) -> set[int]:
        if self._press_item is None:
            return set()
        if self._press_item.id in self._selected:
            return set(self._selected)
        return {self._press_item.id} if self._press_item.id is not None else set()

    def _end_drag(self) -> None:
        self._press = None
        self._press_item = None
        self._press_toggle = False
        if self._dragging:
            self._dragging = False
            self.unsetCursor()
        self.update()
