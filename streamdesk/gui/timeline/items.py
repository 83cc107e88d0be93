"""The graphics items of the timeline: one light item per bar, one item for all arrows.

Items only paint; the view owns the data and every interaction, so a drag can move
several bars and still end in one undo command.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPainterPathStroker,
    QPalette,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from streamdesk.domain import Dependency, Initiative, InitiativeStatus, readable_text_colour
from streamdesk.gui.timeline.dates import day_span, format_day
from streamdesk.gui.timeline.layout import BAR_HEIGHT, ROW_HEIGHT

BROKEN = QColor("#E53935")
TODAY = QColor("#F57C00")
LABEL_MAX = 260.0  # a label beside a bar is elided beyond this width
MIN_LABEL_ROOM = 24.0  # a title pinned to the view's left edge needs this much to be drawn
EDGE = 5.0  # pixels at each end of a bar that grab the edge for resizing
HANDLE_GAP = 8.0  # the link handle's centre, this far right of a selected bar
HANDLE_RADIUS = 4.5


def mix(a: QColor, b: QColor, share_of_b: float) -> QColor:
    k = share_of_b
    return QColor.fromRgbF(
        a.redF() * (1 - k) + b.redF() * k,
        a.greenF() * (1 - k) + b.greenF() * k,
        a.blueF() * (1 - k) + b.blueF() * k,
    )


class Style:
    """Fonts and palette-derived colours shared by every item; rebuilt when the palette changes."""

    def __init__(self, palette: QPalette, font: QFont) -> None:
        self.font = QFont(font)
        if self.font.pointSizeF() > 0:
            self.font.setPointSizeF(max(7.5, self.font.pointSizeF() - 0.5))
        self.small = QFont(self.font)
        self.small.setPointSizeF(max(6.5, self.font.pointSizeF() - 1.5))
        self.bold = QFont(self.font)
        self.bold.setBold(True)
        self.metrics = QFontMetricsF(self.font)
        self.small_metrics = QFontMetricsF(self.small)
        self.bold_metrics = QFontMetricsF(self.bold)
        self.base = palette.color(QPalette.ColorRole.Base)
        self.text = palette.color(QPalette.ColorRole.Text)
        self.window = palette.color(QPalette.ColorRole.Window)
        self.window_text = palette.color(QPalette.ColorRole.WindowText)
        self.highlight = palette.color(QPalette.ColorRole.Highlight)
        self.band = mix(self.base, self.text, 0.035)
        self.grid = mix(self.base, self.text, 0.08)
        self.grid_major = mix(self.base, self.text, 0.2)
        self.weekend = mix(self.base, self.text, 0.05)
        self.arrow = mix(self.base, self.text, 0.5)
        self.pill_outside = mix(self.base, self.text, 0.15)
        self._widths: dict[str, float] = {}
        self.visible_left = 0.0  # scene x of the view's left edge, for titles that stay in view

    def width(self, text: str) -> float:
        """The width of a bar title, remembered across rebuilds (measuring text is not free)."""
        found = self._widths.get(text)
        if found is None:
            found = self._widths[text] = self.metrics.horizontalAdvance(text)
        return found


class BarItem(QGraphicsItem):
    """An initiative: a bar with a progress fill, or a diamond for a milestone."""

    def __init__(self, style: Style, initiative: Initiative, colour: QColor, count: int) -> None:
        super().__init__()
        self.style = style
        self.initiative = initiative
        self.colour = colour
        self.pale = mix(colour, QColor("#FFFFFF"), 0.5)
        self.outline = colour.darker(150)
        self.ink = QColor(_ink(colour.name()))
        self.count = count
        self.selected = False
        self.width = 0.0
        self.inside = True
        self.setZValue(2)
        self._measure()

    def _measure(self) -> None:
        self.title_width = min(LABEL_MAX, self.style.width(self.initiative.title))
        self.count_text = str(self.count) if self.count else ""
        self.pill_width = (
            self.style.small_metrics.horizontalAdvance(self.count_text) + 8 if self.count else 0.0
        )
        self.content_width = self.title_width + (self.pill_width + 5 if self.count else 0) + 12

    def tooltip(self) -> str:
        i = self.initiative
        when = (
            f"{format_day(i.start)} (milestone)"
            if i.is_milestone
            else f"{day_span(i.start, i.end)} ({i.days} days)"
        )
        lines = [f"<b>{escape(i.title)}</b>", f"{escape(i.kind)} · {when}"]
        lines.append(f"{i.status.value}, {i.progress}% done" + (" · gate" if i.gate else ""))
        if i.owner:
            lines.append(f"Owner: {escape(i.owner)}")
        lines.append(f"{self.count} linked downstream item{'s' if self.count != 1 else ''}")
        return "<br>".join(lines)

    def accessible_text(self) -> str:
        """What a screen reader says for this bar: title, kind, dates, status, links."""
        i = self.initiative
        when = (
            f"milestone on {format_day(i.start)}"
            if i.is_milestone
            else f"{day_span(i.start, i.end)}, {i.days} days"
        )
        parts = [i.title, i.kind, when, f"{i.status.value}, {i.progress}% done"]
        if i.gate:
            parts.append("gate")
        if i.owner:
            parts.append(f"owner {i.owner}")
        parts.append(f"{self.count} linked item{'s' if self.count != 1 else ''}")
        return ", ".join(parts)

    # -- geometry -----------------------------------------------------------------------

    def extent(self, x0: float, x1: float) -> tuple[float, float]:
        """The x span the bar and its label take when the bar covers [x0, x1]."""
        width = x1 - x0
        if not self.initiative.is_milestone and width >= self.content_width:
            return x0, x1
        return x0, x1 + 4 + self.content_width

    def place(self, x0: float, x1: float, top: float) -> None:
        self.prepareGeometryChange()
        self.width = max(3.0, x1 - x0)
        self.inside = not self.initiative.is_milestone and self.width >= self.content_width
        self.setPos(x0, top)

    def set_initiative(self, initiative: Initiative) -> None:
        """Show another version of the initiative (a drag preview); geometry comes by ``place``."""
        self.initiative = initiative

    def set_selected(self, on: bool) -> None:
        """A selected bar shows its link handle (and moves its outside label past it)."""
        if on != self.selected:
            self.prepareGeometryChange()
            self.selected = on
            self.update()

    @property
    def handle_x(self) -> float:
        """The centre of the link handle, just right of the bar."""
        return self.width + HANDLE_GAP

    def _label_shift(self) -> float:
        return 2 * HANDLE_GAP if self.selected else 0.0

    def boundingRect(self) -> QRectF:
        extra = (0.0 if self.inside else 4 + self.content_width) + self._label_shift()
        return QRectF(-3, -3, self.width + extra + 6, BAR_HEIGHT + 6)

    def zone(self, local: QPointF, labels: bool = True) -> str | None:
        """'start', 'end' or 'body' for a point in item coordinates, None when outside the bar
        (and outside its label beside it, unless ``labels`` is false)."""
        x, y = local.x(), local.y()
        if not -3 <= y <= BAR_HEIGHT + 3:
            return None
        if self.selected and abs(x - self.handle_x) <= HANDLE_RADIUS + 2:
            return "link"
        if 0 <= x <= self.width:
            if not self.initiative.is_milestone and self.width >= 3 * EDGE:
                if x <= EDGE:
                    return "start"
                if x >= self.width - EDGE:
                    return "end"
            return "body"
        right = self.width + 4 + self.content_width + self._label_shift()
        if labels and not self.inside and self.width < x <= right:
            return "body"  # the label beside the bar belongs to it
        return None

    def left_anchor(self) -> QPointF:
        return self.mapToScene(QPointF(0, BAR_HEIGHT / 2))

    def right_anchor(self) -> QPointF:
        return self.mapToScene(QPointF(self.width, BAR_HEIGHT / 2))

    # -- painting -----------------------------------------------------------------------

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        s = self.style
        i = self.initiative
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        outline = QPen(s.highlight, 2.5) if self.selected else QPen(self.outline, 1)
        if i.gate:
            outline.setWidthF(outline.widthF() + 1)
        if i.is_milestone:
            h = BAR_HEIGHT / 2
            cx = self.width / 2
            diamond = QPolygonF(
                [QPointF(cx, 0), QPointF(cx + h, h), QPointF(cx, 2 * h), QPointF(cx - h, h)]
            )
            painter.setPen(outline)
            painter.setBrush(self.colour if i.progress < 100 else self.outline)
            painter.drawPolygon(diamond)
        else:
            rect = QRectF(0, 0, self.width, BAR_HEIGHT)
            radius = min(4.0, self.width / 2)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(self.pale)
            painter.drawRoundedRect(rect, radius, radius)
            if i.progress:
                done = QRectF(0, 0, self.width * i.progress / 100, BAR_HEIGHT)
                path = QPainterPath()
                path.addRoundedRect(rect, radius, radius)
                painter.save()
                painter.setClipRect(done)
                painter.setBrush(self.colour)
                painter.drawPath(path)
                painter.restore()
            if i.status is InitiativeStatus.ON_HOLD:
                painter.setBrush(QBrush(self.outline, Qt.BrushStyle.BDiagPattern))
                painter.drawRoundedRect(rect, radius, radius)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(outline)
            painter.drawRoundedRect(rect, radius, radius)
        if self.selected:
            # the link handle: drag from it onto another bar to add a dependency
            painter.setPen(QPen(s.highlight, 1.5))
            painter.setBrush(s.base)
            centre = QPointF(self.handle_x, BAR_HEIGHT / 2)
            painter.drawEllipse(centre, HANDLE_RADIUS, HANDLE_RADIUS)
            painter.setBrush(s.highlight)
            painter.drawEllipse(centre, 1.5, 1.5)
        self._paint_label(painter)

    def label_layout(self) -> tuple[float, float, float]:
        """Where the title goes, in item coordinates: (x, room for it, x of the count pill).

        A title that would start left of the view follows its edge, elided, so a bar that
        began weeks ago still says what it is; with too little room left for a word it is
        not drawn, rather than cut by the edge into a fragment ("rket", "t").
        """
        s = self.style
        if self.inside:
            x = 6.0
            room = self.width - 12 - (self.pill_width + 5 if self.count else 0)
            pill_x = self.width - 5 - self.pill_width
            hidden = s.visible_left - self.x()  # the title keeps its inset from the edge
        else:
            x = self.width + 4 + 2 + self._label_shift()
            room = self.title_width + 1
            pill_x = x + self.title_width + 5
            hidden = s.visible_left - self.x() - x
        if hidden > 0:
            x += hidden
            room -= hidden
            if room < min(self.title_width, MIN_LABEL_ROOM):
                room = 0.0
        return x, room, pill_x

    def _paint_label(self, painter: QPainter) -> None:
        s = self.style
        painter.setFont(s.font)
        x, room, px = self.label_layout()
        ink = self.ink if self.inside else s.text
        painter.setPen(ink)
        if room > 0:
            title = s.metrics.elidedText(self.initiative.title, Qt.TextElideMode.ElideRight, room)
            text_rect = QRectF(x, 0, room + 2, BAR_HEIGHT)
            painter.drawText(
                text_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, title
            )
        if not self.count:
            return
        pill = QRectF(px, 3, self.pill_width, BAR_HEIGHT - 6)
        painter.setPen(Qt.PenStyle.NoPen)
        fill = QColor(0, 0, 0, 45) if self.inside else s.pill_outside
        painter.setBrush(fill)
        painter.drawRoundedRect(pill, pill.height() / 2, pill.height() / 2)
        painter.setPen(ink)
        painter.setFont(s.small)
        painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, self.count_text)


def route(start: QPointF, end: QPointF) -> QPainterPath:
    """A finish-to-start arrow from a bar's end to another bar's start, in right angles."""
    path = QPainterPath(start)
    x1, y1, x2, y2 = start.x(), start.y(), end.x(), end.y()
    if x2 - x1 >= 14:
        bend = x1 + 7
        path.lineTo(bend, y1)
        path.lineTo(bend, y2)
    else:
        between = y2 - ROW_HEIGHT / 2 if y2 > y1 else y2 + ROW_HEIGHT / 2
        path.lineTo(x1 + 7, y1)
        path.lineTo(x1 + 7, between)
        path.lineTo(x2 - 9, between)
        path.lineTo(x2 - 9, y2)
    path.lineTo(x2 - 1, y2)
    return path


class ArrowsItem(QGraphicsItem):
    """Every dependency arrow, drawn by one item (cheaper than hundreds of path items)."""

    def __init__(self, style: Style) -> None:
        super().__init__()
        self.style = style
        self.paths: dict[Dependency, QPainterPath] = {}
        self.rects: dict[Dependency, QRectF] = {}  # each path's bounds with room for the pen
        self.ends: dict[Dependency, QPointF] = {}
        self.broken: set[Dependency] = set()
        self.selected: Dependency | None = None
        self._bounds = QRectF()
        self._strokes: dict[Dependency, QPainterPath] = {}
        self._order: list[Dependency] = []
        self._dirty = QRectF()
        self.setZValue(1)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption, True)

    def set_route(self, dependency: Dependency, start: QPointF, end: QPointF) -> None:
        old = self.paths.get(dependency)
        if old is not None:
            self._dirty = self._dirty.united(old.boundingRect())
        path = self.paths[dependency] = route(start, end)
        rect = path.boundingRect()
        rect.adjust(-6, -6, 6, 6)
        self.rects[dependency] = rect
        self._dirty = self._dirty.united(rect)
        self.ends[dependency] = end
        self._strokes.pop(dependency, None)

    def finish(self, broken: Iterable[Dependency], *, partial: bool = False) -> None:
        """Call after a batch of ``set_route``. ``partial``: only the rerouted arrows (and
        those whose state changed) are repainted, which keeps a drag cheap on a big plan."""
        broken = set(broken)
        dirty = self._dirty
        for dep in broken.symmetric_difference(self.broken):
            path = self.paths.get(dep)
            if path is not None:
                dirty = dirty.united(path.boundingRect())
        self.broken = broken
        self._order = sorted(self.paths, key=lambda d: (d in broken, d == self.selected))
        self._dirty = QRectF()
        if partial:
            grown = self._bounds.united(dirty.adjusted(-8, -8, 8, 8))
            if grown != self._bounds:
                self.prepareGeometryChange()
                self._bounds = grown
            self.update(dirty.adjusted(-8, -8, 8, 8))
            return
        self.prepareGeometryChange()
        bounds = QRectF()
        for path in self.paths.values():
            bounds = bounds.united(path.boundingRect())
        self._bounds = bounds.adjusted(-8, -8, 8, 8)
        self.update()

    def set_selected(self, dependency: Dependency | None) -> None:
        self.selected = dependency
        self._order = sorted(self.paths, key=lambda d: (d in self.broken, d == dependency))
        self.update()

    def clear(self) -> None:
        self.paths.clear()
        self.rects.clear()
        self.ends.clear()
        self._strokes.clear()

    def boundingRect(self) -> QRectF:
        return self._bounds

    def dependency_at(self, point: QPointF) -> Dependency | None:
        for dep, path in self.paths.items():
            if not self.rects[dep].contains(point):
                continue
            stroke = self._strokes.get(dep)
            if stroke is None:
                stroker = QPainterPathStroker()
                stroker.setWidth(9)
                stroke = self._strokes[dep] = stroker.createStroke(path)
            if stroke.contains(point):
                return dep
        return None

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        exposed = option.exposedRect
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        normal = QPen(self.style.arrow, 1.2)
        broken = QPen(BROKEN, 2.0)
        chosen = QPen(self.style.highlight, 3.0)
        # normal arrows first so the broken and the selected ones are drawn on top
        for dep in self._order:
            if not self.rects[dep].intersects(exposed):
                continue
            path = self.paths[dep]
            pen = chosen if dep == self.selected else broken if dep in self.broken else normal
            painter.setPen(pen)
            painter.drawPath(path)
            end = self.ends[dep]
            head = QPolygonF(
                [end, QPointF(end.x() - 7, end.y() - 4), QPointF(end.x() - 7, end.y() + 4)]
            )
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(pen.color())
            painter.drawPolygon(head)
            painter.setBrush(Qt.BrushStyle.NoBrush)


@lru_cache(maxsize=64)
def _ink(colour: str) -> str:
    return readable_text_colour(colour)


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
