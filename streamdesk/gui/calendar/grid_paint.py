"""Painting a grid: a background per period and a content pixmap of chips kept between
paints, so a month with thousands of items repaints in milliseconds and a drop repaints two
cells, not the 42 of a busy month.
"""

from __future__ import annotations

from collections.abc import Hashable
from datetime import date, time

from PySide6.QtCore import QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QPixmap,
)

from streamdesk.domain import Item
from streamdesk.domain.channels import contrast_ratio
from streamdesk.gui.calendar.chips import mix, paint_chip, paint_ghost
from streamdesk.gui.calendar.dates import time_text
from streamdesk.gui.calendar.grid_base import CHIP_GAP, CHIP_MARGIN, PIXMAP_CACHE, GridBase, Key

GHOST_PADDING = 7
"""Pixels a ghost's rect keeps around its words (4 left, 3 right)."""


def ghost_label(words: str, fm: QFontMetrics, width: float) -> str:
    """The longest form of a ghost's words that fits ``width``: "LinkedIn: 2 more this
    week", then "LinkedIn: 2 more", "2 more", "+2". Seen in the Channels view at 1366 px:
    an ellipsis after "2 more…" dropped the period, and a narrower one dropped the number,
    the one figure a ghost is there to say."""
    name, _, rest = words.rpartition(": ")
    count, _, _ = rest.partition(" ")
    short = f"{count} more" if count.isdigit() else rest
    forms = [words, f"{name}: {short}" if name else short, short]
    if count.isdigit():
        forms.append(f"+{count}")
    for form in forms:
        if fm.horizontalAdvance(form) <= width:
            return form
    return fm.elidedText(forms[-1], Qt.TextElideMode.ElideRight, int(width))


class GridPainting(GridBase):
    """Paint events of the grids; each grid paints its own background."""

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        pal = self.palette()
        if self._dragging:  # the dragged chips fade as the pointer moves: paint them live
            p.drawPixmap(0, 0, self._background())
            self._paint_chips(p, [QRectF(event.rect())])
        else:
            p.drawPixmap(0, 0, self._content_pixmap())
        self._paint_ghosts(p)
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

    def ghost_rects(self) -> list[tuple[QRectF, str]]:
        """Where the cadence placeholders go: below a cell's chips, where there is room."""
        h, gap = self.chip_height(), CHIP_GAP
        used: dict[Key, float] = {}
        for rect, _, key in self._chips:
            used[key] = max(used.get(key, 0.0), rect.bottom() + gap)
        full = {key for _, key, _ in self._more}
        out: list[tuple[QRectF, str]] = []
        for key, texts in self._ghosts.items():
            for words in texts:
                # its own day first, then the others its slot may go to (a full cell)
                for place in (key, *self._ghost_elsewhere.get((key, words), ())):
                    if place not in self._cells or place in full:
                        continue
                    area = QRectF(self._chip_area(place, self._cells[place]).toAlignedRect())
                    y = used.get(place, area.top())
                    if y + h > area.bottom() + 0.5:
                        continue
                    out.append((QRectF(area.left(), y, area.width(), h), words))
                    used[place] = y + h + gap
                    break
        return out

    def ghost_font(self) -> QFont:
        font = QFont(self._chip_font)
        font.setItalic(True)
        return font

    def ghost_labels(self) -> list[tuple[QRectF, str, str]]:
        """(rect, words, what is drawn) for each ghost shown."""
        fm = QFontMetrics(self.ghost_font())
        return [
            (rect, words, ghost_label(words, fm, rect.width() - 1 - GHOST_PADDING))
            for rect, words in self.ghost_rects()
        ]

    def _paint_ghosts(self, p: QPainter) -> None:
        """Dashed, unfilled and in the placeholder colour: present, never louder than a chip."""
        if not self._ghosts:
            return
        pal = self.palette()
        colour = pal.color(QPalette.ColorRole.PlaceholderText)
        font = self.ghost_font()
        fm = QFontMetrics(font)
        p.save()
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.setFont(font)
        pen = QPen(colour, 1.0)
        pen.setStyle(Qt.PenStyle.DashLine)
        for rect, words in self.ghost_rects():
            r = rect.adjusted(0.5, 0.5, -0.5, -0.5)
            p.setPen(pen)
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRoundedRect(r, 4, 4)
            p.setPen(colour)
            label = ghost_label(words, fm, r.width() - GHOST_PADDING)
            p.drawText(
                r.adjusted(4, 0, -3, 0),
                int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
                label,
            )
        p.restore()

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

        for rect, item, key in self._chips:
            if touches(rect):
                p.drawPixmap(
                    rect.topLeft() - QPointF(m, m),
                    self._chip_pixmap(item, rect, *self._chip_state(item), self._corner.get(key)),
                )
        link = self._more_colour()
        f = QFont(self._chip_font)
        f.setBold(True)
        small = self.corner_font()
        for rect, key, _ in self._more:
            if not touches(rect):
                continue
            label = self._more_labels.get(key, "")
            if key in self._corner:  # a pill on the chip's corner, in the "+N" colour
                p.save()
                p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
                p.setPen(QPen(self.palette().color(QPalette.ColorRole.Base), 1))
                p.setBrush(link)
                radius = rect.height() / 2
                p.drawRoundedRect(rect.adjusted(0.5, 0.5, -0.5, -0.5), radius, radius)
                p.setFont(small)
                p.setPen(self.palette().color(QPalette.ColorRole.Base))
                p.drawText(rect, int(Qt.AlignmentFlag.AlignCenter), label)
                p.restore()
                continue
            p.setPen(link)
            p.setFont(f)
            p.drawText(
                rect.adjusted(4, 0, 0, 0),
                int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
                label,
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
        self,
        item: Item,
        rect: QRectF,
        selected: bool,
        highlighted: bool,
        faded: bool,
        dimmed: bool,
        badge: float | None = None,
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
            dimmed,
            badge,
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
            dimmed=dimmed,
            with_time=rect.width() >= self._room_for_time(),
            text_end=badge or 0.0,
        )
        painter.end()
        self._pixmaps[key] = pixmap
        while len(self._pixmaps) > PIXMAP_CACHE:
            self._pixmaps.popitem(last=False)
        return pixmap

    def _room_for_time(self) -> float:
        """The width below which a chip shows its title without the time: a narrow chip
        (the Channels view at 1366 px) would otherwise show "12:30 …" and no title."""
        key = (self._chip_font.key(), time_text(time(23, 59)))
        if self._time_room is None or self._time_room[0] != key:
            fm = QFontMetrics(self._chip_font)
            room = fm.horizontalAdvance(key[1] + " ") + 10 * fm.averageCharWidth()
            self._time_room = (key, float(room))
        return self._time_room[1]

    def _grid_pen(self) -> QPen:
        pal = self.palette()
        return QPen(
            mix(pal.color(QPalette.ColorRole.Text), pal.color(QPalette.ColorRole.Base), 0.2), 1
        )
