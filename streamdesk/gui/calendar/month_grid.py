"""The month layout: seven day columns from the plan's week start, five or six weeks."""

from __future__ import annotations

import calendar as pycalendar
import math
from collections.abc import Hashable
from datetime import date, timedelta
from typing import cast

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QWidget

from streamdesk.domain import WEEKDAYS, Item
from streamdesk.gui.calendar.chips import mix
from streamdesk.gui.calendar.dates import day_text
from streamdesk.gui.calendar.grid import ItemGrid, Key
from streamdesk.gui.calendar.grid_base import CHIP_GAP


def _day(key: Key) -> date:
    """A cell's key here is its day."""
    return cast(date, key)


class MonthGrid(ItemGrid):
    """Seven day columns from the plan's week start, five or six week rows."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("monthGrid")
        self.setAccessibleName("Month grid")
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

    def _label_height(self) -> float:
        """A day number's row, 1 px in from the cell's top and 1 px above the first chip:
        every pixel of a week row is a chip's on a laptop."""
        return QFontMetrics(self._chip_font).height() + 2.0

    def _chip_area(self, key: Key, rect: QRectF) -> QRectF:
        return rect.adjusted(3, self._label_height() + 2, -3, -2)

    def height_for(self, chips: int, weeks: int = 6) -> int:
        """The height at which every day of ``weeks`` week rows has room for ``chips`` chips.

        The first-start layout asks for it: a laptop's Month view showed one chip a day.
        """
        row = self._label_height() + 2 + 2 + chips * (self.chip_height() + CHIP_GAP) - CHIP_GAP
        return math.ceil(self._header_height() + weeks * row) + 1

    def describe_cell(self, key: Key) -> str:
        return day_text(_day(key))

    def _key_of(self, item: Item) -> Key | None:
        return item.date

    def _drop_change(self, source: Key, target: Key) -> tuple[int, int | None]:
        return (_day(target) - _day(source)).days, None

    def _step(self, key: Key, dx: int, dy: int) -> Key | None:
        new = _day(key) + timedelta(days=dx + 7 * dy)
        if new not in self._cells:
            self._cursor = new
            self.cursorLeft.emit(new)
            return None
        return new

    def _move_step(self, dx: int, dy: int) -> tuple[int, int | None]:
        return dx + 7 * dy, None

    def create_args(self, key: Key) -> tuple[date, int | None]:
        return _day(key), None

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
        for key, rect in self._cells.items():
            day = _day(key)
            inside = self._in_month(day)
            if not inside:
                fill = outside_fill
            elif day.weekday() >= 5:
                fill = weekend_fill
            else:
                fill = base
            p.fillRect(rect, fill)
            p.setPen(grid)
            p.setBrush(Qt.BrushStyle.NoBrush)  # today's pill leaves its brush set
            p.drawRect(rect)
            label = str(day.day)
            if day.day == 1:
                label = day_text(day, weekday=False, year=False)
            bold = QFont(small)
            bold.setBold(day == self._today)
            p.setFont(bold)
            lfm = QFontMetrics(bold)
            label_h = self._label_height()
            label_rect = QRectF(rect.left() + 3, rect.top() + 1, rect.width() - 6, label_h)
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
