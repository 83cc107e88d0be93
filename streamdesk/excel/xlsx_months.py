"""One printable calendar sheet per month: coloured chips in day boxes, a legend per page."""

from __future__ import annotations

import calendar
import math
from collections import defaultdict
from datetime import date, time, timedelta
from typing import Any

from xlsxwriter.worksheet import Worksheet

from streamdesk.domain import WEEKDAYS
from streamdesk.domain.channels import channel_codes
from streamdesk.excel.xlsx_book import KIND_FALLBACK, Book, _hex

MAX_LINES_PER_DAY = 8
"""Calendar rows per day at most; a busier day ends with a "+ N more" line."""
MIN_LINES_PER_DAY = 3
MONTH_PAGE_HEIGHT = 570
"""Points of a month sheet's weeks: with the title and weekday rows, a landscape A4 or
Letter page at the fit-to-width scale (about 80 %), so the grid fills over 80 % of it."""
DAY_ROW_HEIGHT = 16
MIN_LINE_HEIGHT = 15  # one line of 11 pt chip text
HEADER_SECTION_LIMIT = 240  # Excel keeps at most 255 characters per header section
STATUS_KEY = "Status in brackets · idea, draft in italics · cancelled struck through · ↻ repeats"
REPEAT_MARK = "↻"
"""Before an occurrence of a series, as the window's chips show it: rendered, the month
sheets showed the rhythm nowhere (the weekly newsletter read as 52 one-offs)."""


def cut_range(data: Any) -> tuple[date | None, date | None]:
    """Where the range the export was asked for (``--from``/``--to``) cuts the plan short:
    (first, last), each None on a side where the export runs with the plan itself. Read
    from the request, not guessed from where the exported items happen to start."""
    return data.range_from, data.range_to


def _split_within(entries: list[str], limit: int) -> tuple[list[str], list[str]]:
    """Entries for two header sections of at most ``limit`` characters each (joined by two
    spaces); what does not fit is left out rather than cut mid-name."""
    parts: list[list[str]] = [[], []]
    part, used = 0, 0
    for entry in entries:
        cost = len(entry) + 2
        if used + cost > limit:
            part, used = part + 1, 0
            if part > 1:
                break
        parts[part].append(entry)
        used += cost
    return parts[0], parts[1]


def _chip_text(item: Any) -> str:
    mark = f"{REPEAT_MARK} " if item.series_id is not None else ""
    when = f"{item.time:%H:%M} " if isinstance(item.time, time) else ""
    return f"{mark}{when}{item.title} ({item.status.value})"


class MonthSheets:
    def __init__(self, book: Book) -> None:
        self.book = book
        self.data = book.data
        self.channels = self.data.channel_by_id()
        self.codes = channel_codes(self.data.channels)
        self.cut = cut_range(self.data)

    def write(self) -> None:
        data = self.data
        if data.first is None or data.last is None:
            return
        by_day: dict[date, list[Any]] = defaultdict(list)
        for item in data.items:
            by_day[item.date].append(item)
        year, month = data.first.year, data.first.month
        while (year, month) <= (data.last.year, data.last.month):
            self.write_month(year, month, by_day)
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)

    def in_range(self, day: date) -> bool:
        first, last = self.cut
        return (first is None or first <= day) and (last is None or day <= last)

    def write_month(self, year: int, month: int, by_day: dict[date, list[Any]]) -> None:
        book, plan = self.book, self.data.plan
        first = date(year, month, 1)
        ws = book.sheet(f"{year:04d}-{month:02d} {calendar.month_abbr[month]}")
        week_start = plan.week_start
        book.widths(ws, [25] * 7)
        ws.hide_gridlines(2)
        ws.set_zoom(90)
        book.print_setup(ws, 2, fit_height=True)
        ws.freeze_panes(2, 0)
        subtitle = plan.name + (f" · {plan.client}" if plan.client else "")
        ws.set_row(0, 24)
        ws.merge_range(0, 0, 0, 3, "", book.look("title"))
        book.write_text(ws, 0, 0, f"{calendar.month_name[month]} {year}", book.look("title"))
        ws.merge_range(0, 4, 0, 6, "", book.look("aside"))
        book.write_text(ws, 0, 4, subtitle, book.look("aside"))
        weekday = book.look("weekday")
        for k in range(7):
            ws.write_string(1, k, WEEKDAYS[(week_start + k) % 7], weekday)
        empty, other, day_look = book.look("empty day"), book.look("other month"), book.look("day")
        more = book.look("more")
        spans = []
        day = first - timedelta(days=(first.weekday() - week_start) % 7)
        while day.year < year or (day.year == year and day.month <= month):
            spans.append(day)
            day += timedelta(days=7)
        # as many chip lines per day as fit the page at a readable size (8 in a 4-week month,
        # 5 in a 6-week one); a busier day ends with "+ N more"
        room = (MONTH_PAGE_HEIGHT / len(spans) - DAY_ROW_HEIGHT) // MIN_LINE_HEIGHT
        most = max(MIN_LINES_PER_DAY, min(MAX_LINES_PER_DAY, int(room)))
        weeks = []
        for start in spans:
            week = [start + timedelta(days=k) for k in range(7)]
            inside = [d.month == month and d.year == year and self.in_range(d) for d in week]
            lists = [by_day.get(d, []) if ok else [] for d, ok in zip(week, inside, strict=True)]
            lines = max(MIN_LINES_PER_DAY, min(most, max(map(len, lists))))
            weeks.append((week, inside, lists, lines))
        # the lines share the page's height, so a quiet month fills the page as a busy one does
        spare = MONTH_PAGE_HEIGHT - len(weeks) * DAY_ROW_HEIGHT
        total_lines = sum(lines for *_, lines in weeks)
        line_height = max(MIN_LINE_HEIGHT, spare / total_lines)
        line_height = math.floor(line_height * 4) / 4
        row = 2
        count = 0
        for week, inside, lists, lines in weeks:
            ws.set_row(row, DAY_ROW_HEIGHT)
            for k, (d, ok) in enumerate(zip(week, inside, strict=True)):
                if ok:
                    ws.write_number(row, k, d.day, day_look)
                else:
                    ws.write_blank(row, k, None, other)
            for line in range(lines):
                r = row + 1 + line
                ws.set_row(r, line_height)
                for k, (items, ok) in enumerate(zip(lists, inside, strict=True)):
                    if not ok:
                        ws.write_blank(r, k, None, other)
                    elif line >= len(items):
                        ws.write_blank(r, k, None, empty)
                    elif line == lines - 1 and len(items) > lines:
                        ws.write_string(r, k, f"+ {len(items) - line} more", more)
                    else:
                        item = items[line]
                        channel = self.channels.get(item.channel_id)
                        look = book.chip(
                            channel.colour if channel else KIND_FALLBACK,
                            item.status,
                            self.codes.get(item.channel_id, ""),
                        )
                        book.write_text(ws, r, k, _chip_text(item), look)
            row += lines + 1
            count += sum(len(items) for items in lists)
        # a closing line so the last week's boxes have a bottom edge
        closing = book.look("closing")
        for k in range(7):
            ws.write_blank(row, k, None, closing)
        # a long chip on the last day of a week spills past G: printed, it shrank the page
        ws.print_area(0, 0, row, 6)
        used = {i.channel_id for _w, _in, lists, _n in weeks for items in lists for i in items}
        self.print_legend(ws, [c for c in self.data.channels if c.id in used])
        book.tick(count)

    def print_legend(self, ws: Worksheet, channels: list[Any]) -> None:
        """The page's key, printed in its header: each channel's code and name in its colour
        (chips show the code, so black and white keeps the channel), and the status key."""
        entries = [
            f"&K{_hex(c.colour)}\u25a0&K000000 {self.codes.get(c.id, '')} "
            + c.name.replace("&", "&&")
            for c in channels
        ]
        left, centre = _split_within(entries, HEADER_SECTION_LIMIT)
        text = ""
        if left:
            text += "&L&9" + "  ".join(left)
        if centre:
            text += "&C&9" + "  ".join(centre)
        text += "&R&9" + STATUS_KEY
        # the key stays 9 pt when the page shrinks to fit
        self.book.set_header(ws, text)
