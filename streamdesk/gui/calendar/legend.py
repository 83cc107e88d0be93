"""The status legend under the calendar: six sample chips, painted as the grids paint them."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPixmap
from PySide6.QtWidgets import QWidget

from streamdesk.domain import Item, ItemStatus
from streamdesk.gui.calendar.chips import paint_chip


class StatusLegend(QWidget):
    """Six sample chips that explain how each status looks."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statusLegend")
        font = QFont(self.font())
        font.setPointSizeF(max(7.0, font.pointSizeF() * 0.85))
        self.setFont(font)
        self._sample = QColor("#3465A4")
        self._cache: tuple[tuple, QPixmap] | None = None
        width = sum(self.fontMetrics().horizontalAdvance(s.value) + 34 for s in ItemStatus)
        self.setFixedSize(width, self.fontMetrics().height() + 6)
        self.setToolTip(
            "Idea: dashed outline · Draft: light fill · Ready: solid · "
            "Scheduled: solid with a clock · Published: solid with a check · "
            "Cancelled: faded and struck through"
        )

    def paintEvent(self, event: QPaintEvent) -> None:
        key = (self.palette().cacheKey(), self.size().toTuple(), self.devicePixelRatioF())
        if self._cache is None or self._cache[0] != key:
            ratio = self.devicePixelRatioF()
            pixmap = QPixmap(self.size() * ratio)
            pixmap.setDevicePixelRatio(ratio)
            pixmap.fill(Qt.GlobalColor.transparent)
            p = QPainter(pixmap)
            p.setFont(self.font())
            x = 0.0
            h = self.height() - 2.0
            for status in ItemStatus:
                width = self.fontMetrics().horizontalAdvance(status.value) + 28
                sample = Item.trusted(
                    title=status.value, date=date.today(), channel_id=0, time=None, status=status
                )
                paint_chip(p, QRectF(x, 1, width, h), sample, self._sample, self.palette())
                x += width + 6
            p.end()
            self._cache = (key, pixmap)
        painter = QPainter(self)
        painter.drawPixmap(0, 0, self._cache[1])
        painter.end()
