"""Painting one item as a chip: the channel's colour, and the status visible at a glance.

idea = dashed outline, no fill; draft = light fill; ready = solid fill;
scheduled = solid + clock; published = solid + check; cancelled = faded and struck through.
Every colour except the channel's comes from the palette, so light and dark themes work.
"""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QIcon,
    QPainter,
    QPainterPath,
    QPalette,
    QPen,
    QPixmap,
)

from streamdesk.domain import Item, ItemStatus, readable_text_colour
from streamdesk.gui.calendar.dates import time_text

REPEAT_MARK = "↻"

SOLID = (ItemStatus.READY, ItemStatus.SCHEDULED, ItemStatus.PUBLISHED)


def colour_icon(colour: str, size: int = 12) -> QIcon:
    """A channel's colour as a small square, for menus, lists and combo boxes."""
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(colour))
    return QIcon(pixmap)


def mix(a: QColor, b: QColor, share_of_a: float) -> QColor:
    t = max(0.0, min(1.0, share_of_a))
    return QColor(
        round(a.red() * t + b.red() * (1 - t)),
        round(a.green() * t + b.green() * (1 - t)),
        round(a.blue() * t + b.blue() * (1 - t)),
    )


@lru_cache(maxsize=512)
def _readable(hex_colour: str) -> QColor:
    return QColor(readable_text_colour(hex_colour))


DIMMED_SHARE = 0.45  # of the fill kept on a chip unrelated to the initiative selected


def chip_colours(
    status: ItemStatus, channel: QColor, palette: QPalette, dimmed: bool = False
) -> tuple[QColor, QColor]:
    """(fill, text) for a chip of this status on this channel. A dimmed chip's fill is
    lightened towards the cells and its text chosen for that fill: lighter, never
    white on pale."""
    base = palette.color(QPalette.ColorRole.Base)
    if dimmed:
        channel = mix(channel, base, DIMMED_SHARE)
    if status in SOLID:
        fill = channel
    elif status is ItemStatus.DRAFT:
        fill = mix(channel, base, 0.35)
    elif status is ItemStatus.CANCELLED:
        fill = mix(channel, base, 0.18)
    else:  # idea
        fill = base
    if status is ItemStatus.IDEA:
        return fill, palette.color(QPalette.ColorRole.Text)
    return fill, _readable(fill.name().upper())


def chip_text(item: Item, with_time: bool = True) -> str:
    """The chip's words: the time first if it has one (and there is room for it); an
    occurrence of a series starts with a small repeat mark."""
    mark = REPEAT_MARK + " " if item.series_id is not None else ""
    if item.time is not None and with_time:
        return f"{mark}{time_text(item.time)} {item.title}"
    return mark + item.title


def paint_chip(
    p: QPainter,
    rect: QRectF,
    item: Item,
    channel: QColor,
    palette: QPalette,
    *,
    selected: bool = False,
    highlighted: bool = False,
    faded: bool = False,
    dimmed: bool = False,
    with_time: bool = True,
    font: QFont | None = None,
    text_end: float = 0.0,
) -> None:
    """``highlighted``: ringed, linked to the initiative selected; ``dimmed``: lighter, not
    linked to it; ``faded``: being dragged away; ``text_end``: room kept free of text at the
    right end (a "+N" badge sits on the chip's corner there)."""
    status = item.status
    fill, text_colour = chip_colours(status, channel, palette, dimmed)
    p.save()
    p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    opacity = 1.0
    if status is ItemStatus.CANCELLED:
        opacity = 0.55
    if faded:
        opacity *= 0.35
    p.setOpacity(opacity)
    r = rect.adjusted(0.5, 0.5, -0.5, -0.5)
    radius = min(4.0, r.height() / 3)
    if highlighted:  # linked to the initiative selected in the timeline
        ring = QPen(palette.color(QPalette.ColorRole.Text), 2)
        p.setPen(ring)
        p.setBrush(Qt.BrushStyle.NoBrush)
        grow = 3.5 if selected else 1.5
        p.drawRoundedRect(r.adjusted(-grow, -grow, grow, grow), radius + grow, radius + grow)
    edge = mix(channel, palette.color(QPalette.ColorRole.Base), DIMMED_SHARE) if dimmed else channel
    border = QPen(edge.darker(125) if status in SOLID else edge, 1.2)
    if status is ItemStatus.IDEA:
        border.setStyle(Qt.PenStyle.DashLine)
        border.setWidthF(1.4)
    p.setPen(border)
    p.setBrush(fill)
    p.drawRoundedRect(r, radius, radius)
    if selected:  # a ring in the highlight colour, with a base-coloured line inside it
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.setPen(QPen(palette.color(QPalette.ColorRole.Highlight), 2.5))
        p.drawRoundedRect(r.adjusted(-1, -1, 1, 1), radius + 1, radius + 1)
        p.setPen(QPen(palette.color(QPalette.ColorRole.Base), 1))
        p.drawRoundedRect(r.adjusted(1, 1, -1, -1), radius - 1, radius - 1)

    # the status marker sits at the right end of solid chips
    marker = status in (ItemStatus.SCHEDULED, ItemStatus.PUBLISHED)
    text_rect = r.adjusted(4, 0, -max(3.0, text_end), 0)
    if (
        marker and not text_end and r.width() > r.height() * 4
    ):  # narrow chips keep their room for text
        size = min(r.height() - 4, 11.0)
        box = QRectF(r.right() - size - 3, r.center().y() - size / 2, size, size)
        _paint_marker(p, box, status, text_colour)
        text_rect.setRight(box.left() - 2)
    if font is not None:
        p.setFont(font)
    f = QFont(p.font())
    if status is ItemStatus.CANCELLED:
        f.setStrikeOut(True)
        p.setFont(f)
    fm = QFontMetrics(f)
    words = chip_text(item, with_time)
    label = fm.elidedText(words, Qt.TextElideMode.ElideRight, int(text_rect.width()))
    p.setPen(text_colour)
    p.drawText(text_rect, int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft), label)
    p.restore()


def _paint_marker(p: QPainter, box: QRectF, status: ItemStatus, colour: QColor) -> None:
    pen = QPen(colour, 1.4)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    p.setPen(pen)
    p.setBrush(Qt.BrushStyle.NoBrush)
    c = box.center()
    if status is ItemStatus.SCHEDULED:  # a clock
        p.drawEllipse(box.adjusted(0.5, 0.5, -0.5, -0.5))
        p.drawLine(c, QPointF(c.x(), box.top() + box.height() * 0.22))
        p.drawLine(c, QPointF(box.right() - box.width() * 0.25, c.y()))
    else:  # a check mark
        path = QPainterPath(QPointF(box.left() + 1, c.y()))
        path.lineTo(QPointF(box.left() + box.width() * 0.4, box.bottom() - 1.5))
        path.lineTo(QPointF(box.right() - 0.5, box.top() + 1.5))
        pen.setWidthF(1.8)
        p.setPen(pen)
        p.drawPath(path)


def paint_ghost(
    p: QPainter,
    rect: QRectF,
    item: Item,
    channel: QColor,
    palette: QPalette,
    count: int,
    copy: bool,
) -> None:
    """The chip under the mouse while dragging, with how many move and whether they are copied."""
    p.save()
    p.setOpacity(0.85)
    paint_chip(p, rect, item, channel, palette, selected=True)
    badge = ("+" if copy else "") + (str(count) if count > 1 else "")
    if badge:
        fm = QFontMetrics(p.font())
        w = max(fm.horizontalAdvance(badge) + 8, 16)
        box = QRectF(rect.right() - w / 2, rect.top() - 8, w, 16)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(palette.color(QPalette.ColorRole.Highlight))
        p.drawRoundedRect(box, 8, 8)
        p.setPen(palette.color(QPalette.ColorRole.HighlightedText))
        p.drawText(box, int(Qt.AlignmentFlag.AlignCenter), badge)
    p.restore()
