"""The fixed margins of the timeline view: the time axis on top, the lane names at the left
and the corner between them. They follow the view's scrolling and never scroll away."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QHelpEvent, QMouseEvent, QPainter, QPaintEvent, QPen, QWheelEvent
from PySide6.QtWidgets import QToolTip, QWidget

from streamdesk.gui.timeline.base import FALLBACK_COLOUR, HEADER_HEIGHT, ViewBase
from streamdesk.gui.timeline.items import TODAY, escape
from streamdesk.gui.timeline.layout import Lane


class TimeHeader(QWidget):
    """The time axis above the lanes; follows horizontal scrolling, never scrolls away."""

    def __init__(self, view: ViewBase) -> None:
        super().__init__(view)
        self.view = view
        self.setObjectName("timelineHeader")

    def wheelEvent(self, event: QWheelEvent) -> None:
        self.view.margin_wheel(event, event.position().x(), horizontal=True)

    def paintEvent(self, event: QPaintEvent) -> None:
        view = self.view
        s, scale = view.style_, view.time_scale
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
        x = view.today_x() - left
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

    def __init__(self, view: ViewBase) -> None:
        super().__init__(view)
        self.view = view
        self.setObjectName("timelineLanes")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setStatusTip("Click a lane's name to collapse it to a strip, or to open it again")

    def wheelEvent(self, event: QWheelEvent) -> None:
        self.view.margin_wheel(event, None, horizontal=False)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        lane = self.lane_at(event.position().y())
        if event.button() == Qt.MouseButton.LeftButton and lane is not None:
            self.view.toggle_lane(lane.name)
            event.accept()
            return
        super().mousePressEvent(event)

    def lane_at(self, y: float) -> Lane | None:
        return self.view.layout_.lane_at(y + self.view.mapToScene(QPoint(0, 0)).y())

    def event(self, event: QEvent) -> bool:
        if isinstance(event, QHelpEvent) and event.type() == QEvent.Type.ToolTip:
            # the whole name of a lane, even when elided
            lane = self.lane_at(event.pos().y())
            if lane is None:
                QToolTip.hideText()
            else:
                n = len(lane.ids)
                tip = f"{escape(lane.name)}: {n} initiative{'s' if n != 1 else ''}"
                QToolTip.showText(event.globalPos(), tip, self)
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
            pad = 0.0 if lane.collapsed else lane.padding
            row_height = lane.height if lane.collapsed else lane.row_height
            name_y = min(max(y0, 0.0), y0 + lane.height - row_height - pad)
            painter.setPen(s.arrow)
            painter.setFont(s.small)
            marker = QRectF(7, name_y + pad, 12, row_height)
            painter.drawText(marker, Qt.AlignmentFlag.AlignCenter, "▸" if lane.collapsed else "▾")
            row = QRectF(20, name_y + pad, width - 26, row_height)
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


class Corner(QWidget):
    """The corner above the lane names, beside the time axis."""

    def __init__(self, view: ViewBase) -> None:
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
