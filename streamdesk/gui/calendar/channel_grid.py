"""The channel layout: the downstream channels as rows, the weeks of a quarter as columns."""

from __future__ import annotations

import calendar as pycalendar
from collections.abc import Hashable, Sequence
from datetime import date, timedelta
from typing import cast

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QWidget

from streamdesk.domain import Channel, Item
from streamdesk.gui.calendar.chips import mix
from streamdesk.gui.calendar.dates import day_text, numeric_day
from streamdesk.gui.calendar.grid import ItemGrid, Key


def _split(key: Key) -> tuple[int | None, int]:
    """A cell's key here is (channel id, week index)."""
    return cast("tuple[int | None, int]", key)


class ChannelGrid(ItemGrid):
    """Rows are the downstream channels, columns the weeks of a quarter."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("channelGrid")
        self.setAccessibleName("Channel grid")
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

    def describe_cell(self, key: Key) -> str:
        channel_id, week = _split(key)
        name = next((c.name for c in self._rows if c.id == channel_id), "?")
        return f"{name}, week of {day_text(self.week_start_date(week), weekday=False)}"

    def _key_of(self, item: Item) -> Key | None:
        return (item.channel_id, self._week_of(item.date))

    def _drop_change(self, source: Key, target: Key) -> tuple[int, int | None]:
        (c1, w1), (c2, w2) = _split(source), _split(target)
        return 7 * (w2 - w1), (c2 if c2 != c1 else None)

    def _row_index(self, channel_id: int | None) -> int:
        for n, c in enumerate(self._rows):
            if c.id == channel_id:
                return n
        return 0

    def _step(self, key: Key, dx: int, dy: int) -> Key | None:
        channel_id, week = _split(key)
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
        channel_id, week = _split(key)
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
            day = day_text(first, weekday=False, year=False)
            if sfm.horizontalAdvance(day) + 4 > w:
                day = numeric_day(first)
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
