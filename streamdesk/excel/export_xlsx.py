"""The client-ready workbook: Plan, one calendar sheet per month, Content, Timeline, Balance.

Written in openpyxl's write-only (streaming) mode: every row goes to disk as it
is appended, so 20,000 items cost about what writing the bare rows costs. Every
look is a named style registered once (``StreamDesk …`` in Excel's cell-style
gallery); cells share the style's index instead of carrying their own Font and
Fill objects. Text that could be evaluated is typed as text (see ``safety``).
The ``Content`` and ``Timeline`` headers are the import contract in ``columns``.
"""

from __future__ import annotations

import calendar
import contextlib
import math
import re
from collections import defaultdict
from datetime import date, time, timedelta
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.hyperlink import Hyperlink

from streamdesk.domain import (
    WEEKDAYS,
    BalanceMeasure,
    ItemStatus,
    compute_balance,
    readable_text_colour,
)
from streamdesk.excel import safety
from streamdesk.excel.columns import (
    BALANCE_SHEET,
    CONTENT_COLUMNS,
    CONTENT_SHEET,
    PLAN_SHEET,
    TIMELINE_COLUMNS,
    TIMELINE_SHEET,
)
from streamdesk.excel.export_data import ExportData, Progress, content_fields

LISTS_SHEET = "Lists"
"""Hidden sheet holding the drop-down values the validations refer to."""

MAX_LINES_PER_DAY = 8
"""Calendar rows per day at most; a busier day ends with a "+ N more" line."""
MIN_LINES_PER_DAY = 3
MONTH_PAGE_HEIGHT = 570
"""Points of a month sheet's weeks: with the title and weekday rows, a landscape A4 or
Letter page at the fit-to-width scale (about 80 %), so the grid fills over 80 % of it."""
DAY_ROW_HEIGHT = 16
MIN_LINE_HEIGHT = 15  # one line of 11 pt chip text
EXTRA_VALIDATED_ROWS = 500
"""Rows below the last item that still get the drop-downs, for items the client adds."""

HEADER_FILL = "1F3A5F"
GRID = "BFBFBF"
MUTED = "F2F2F2"
KIND_FALLBACK = "#9E9E9E"
LINK_SCHEMES = ("http://", "https://", "mailto:")

CONTENT_WIDTHS = {
    "id": 7,
    "date": 12,
    "time": 7,
    "channel": 16,
    "format": 14,
    "title": 40,
    "status": 11,
    "owner": 12,
    "campaign": 22,
    "initiative": 30,
    "effort_hours": 10,
    "cost": 11,
    "link": 30,
    "notes": 40,
    "reach": 10,
    "clicks": 9,
    "conversions": 12,
    "actual_cost": 12,
}
TIMELINE_WIDTHS = {
    "id": 6,
    "title": 42,
    "kind": 15,
    "lane": 15,
    "start": 11,
    "end": 11,
    "status": 11,
    "progress": 9,
    "effort_hours": 10,
    "budget": 11,
    "depends_on": 11,
    "owner": 10,
    "segment": 14,
    "gate": 6,
    "notes": 24,
}
NUMBER_FORMATS = {"money": "#,##0.00", "hours": "0.0", "count": "#,##0", "percent": "0%"}
GALLERY = frozenset(
    {
        "StreamDesk title",
        "StreamDesk header",
        "StreamDesk weekday",
        "StreamDesk day",
        "StreamDesk date",
        "StreamDesk money",
        "StreamDesk count",
        "StreamDesk percent",
        "StreamDesk link",
    }
)
"""The looks a client may reuse, named in Excel's cell-style gallery (with Normal, ten);
every other look (chips, bars, one per channel colour) is a plain cell format, which
once flooded the gallery with 82 entries."""
UPSTREAM_COLOUR, DOWNSTREAM_COLOUR = "3B6FB6", "E07B28"
"""The balance chart's stream colours, as in the window."""
CONTENT_CLIENT_COLUMNS = 8
"""Content columns A–H (ID to Owner: what a client reads) print first, on the page's
width; campaign, initiative, effort, cost, link, notes and results follow as a second
range, so every page reads at 8 pt or more."""
CONTENT_PRINT_SCALE = 78  # A–H fit a landscape A4 or Letter width at this scale
TIMELINE_PRINT_SCALE = 80
HEADER_SECTION_LIMIT = 240  # Excel keeps at most 255 characters per header section
STATUS_KEY = "Status in brackets · idea, draft in italics · cancelled struck through"


def _hex(colour: str) -> str:
    return colour.lstrip("#").upper()


def _font(**attributes: Any) -> Font:
    """A font that names its face: a style font without one prints in a serif in LibreOffice."""
    attributes.setdefault("size", 11)
    return Font(name="Calibri", family=2, **attributes)


class _Styles:
    """Named styles, registered once; cells refer to them by a shared style array."""

    def __init__(self, wb: Workbook, anchor: Any) -> None:
        self.wb = wb
        self.anchor = anchor  # any write-only sheet of wb: style arrays are resolved through it
        self._arrays: dict[str, Any] = {}
        grid = Side(style="thin", color=GRID)
        self.sides = Border(left=grid, right=grid)
        # a white hairline keeps two chips of one colour apart in a day's box
        self.chip_sides = Border(left=grid, right=grid, bottom=Side(style="medium", color="FFFFFF"))
        self.box = Border(left=grid, right=grid, top=grid, bottom=grid)
        self.day_border = Border(left=grid, right=grid, top=grid)
        header_font = _font(bold=True, color="FFFFFF")
        header_fill = PatternFill("solid", fgColor=HEADER_FILL)
        middle = Alignment(vertical="center")
        self.define("StreamDesk title", font=_font(bold=True, size=16, color=HEADER_FILL))
        self.define("StreamDesk subtitle", font=_font(italic=True, color="595959"))
        self.define(
            "StreamDesk aside",
            font=_font(italic=True, color="595959"),
            alignment=Alignment(horizontal="right", vertical="bottom"),
        )
        self.define("StreamDesk label", font=_font(bold=True))
        self.define("StreamDesk centred", alignment=Alignment(horizontal="center"))
        self.define(
            "StreamDesk header",
            font=header_font,
            fill=header_fill,
            alignment=Alignment(vertical="center", wrap_text=True),
            border=self.box,
        )
        self.define(
            "StreamDesk week header",
            font=_font(bold=True, color="FFFFFF", size=10),  # 8 pt at the 80 % print scale
            fill=header_fill,
            number_format="d mmm",
            alignment=Alignment(horizontal="center", textRotation=90),
            border=self.box,
        )
        self.define(
            "StreamDesk weekday",
            font=header_font,
            fill=header_fill,
            alignment=Alignment(horizontal="center", vertical="center"),
            border=self.box,
        )
        self.define("StreamDesk date", number_format="yyyy-mm-dd", alignment=middle)
        # centred: a right-aligned time ran into the coloured channel name after it
        self.define(
            "StreamDesk time",
            number_format="hh:mm",
            alignment=Alignment(horizontal="center", vertical="center"),
        )
        self.define("StreamDesk datetime", number_format="yyyy-mm-dd hh:mm")
        self.define("StreamDesk money", number_format=NUMBER_FORMATS["money"])
        self.define("StreamDesk hours", number_format=NUMBER_FORMATS["hours"])
        self.define("StreamDesk count", number_format=NUMBER_FORMATS["count"])
        self.define("StreamDesk percent", number_format=NUMBER_FORMATS["percent"])
        self.define("StreamDesk progress", number_format='0"%"')
        # IDs after a right-aligned budget: indented, or "800.00" and "1" read as "800.001"
        self.define("StreamDesk id list", alignment=Alignment(horizontal="left", indent=1))
        # Timeline text follows an ID or a date: "1Market research", "2026-02-14done" otherwise
        self.define("StreamDesk text", alignment=Alignment(horizontal="left", indent=1))
        self.define(
            "StreamDesk day",
            font=_font(bold=True, color="404040"),
            fill=PatternFill("solid", fgColor="E8EEF4"),
            border=self.day_border,
        )
        self.define(
            "StreamDesk other month",
            fill=PatternFill("solid", fgColor=MUTED),
            border=self.sides,
        )
        self.define("StreamDesk empty day", border=self.sides)
        self.define("StreamDesk closing", border=Border(top=grid))
        self.define(
            "StreamDesk more",
            font=_font(italic=True, color="595959", size=11),
            border=self.sides,
        )
        self.define(
            "StreamDesk milestone",
            font=_font(bold=True, color="1F1F1F"),
            alignment=Alignment(horizontal="center"),
        )
        # Excel's link look, set apart from the right-aligned cost before it
        self.define(
            "StreamDesk link",
            font=_font(color="0563C1", underline="single"),
            alignment=Alignment(horizontal="left", indent=1),
        )

    def define(self, name: str, **attributes: Any) -> Any:
        if name not in self._arrays:
            attributes.setdefault("font", _font())
            if name in GALLERY:
                self.wb.add_named_style(NamedStyle(name=name, **attributes))
                self._arrays[name] = self._array(name)
            else:
                self._arrays[name] = self._format(attributes)
        return self._arrays[name]

    def _format(self, attributes: dict[str, Any]) -> Any:
        """A cell format shared by reference, not named in the gallery."""
        cell = WriteOnlyCell(self.anchor)
        for key, value in attributes.items():
            setattr(cell, key, value)
        return cell._style

    def _array(self, name: str) -> Any:
        cell = WriteOnlyCell(self.anchor)
        cell.style = name
        return cell._style

    def __getitem__(self, name: str) -> Any:
        return self._arrays[name]

    def chip(self, colour: str, status: ItemStatus | None = None, code: str = "") -> Any:
        """A calendar chip or Gantt bar: the colour as fill, black or white text on it."""
        variant = ""
        if status is ItemStatus.CANCELLED:
            variant = " cancelled"
        elif status in (ItemStatus.IDEA, ItemStatus.DRAFT):
            variant = " tentative"
        # calendar chips (with a status) are boxed and set apart; legend swatches and Gantt
        # bars are not, so the two must not share a style name
        kind = " day" if status is not None else ""
        name = f"StreamDesk {_hex(colour)}{kind}{variant}{' ' + code if code else ''}"
        if name in self._arrays:
            return self._arrays[name]
        return self.define(
            name,
            font=_font(
                color=_hex(readable_text_colour(colour)),
                size=11,  # about 9 pt on paper at the fit-to-width scale
                italic=bool(variant == " tentative"),
                strike=bool(variant == " cancelled"),
            ),
            fill=PatternFill("solid", fgColor=_hex(colour)),
            border=self.chip_sides if status is not None else Border(),
            # a day's chip wraps (so it never runs into the next day) inside an indent
            alignment=Alignment(vertical="center", wrap_text=True, indent=1)
            if status is not None
            else Alignment(vertical="center"),
            number_format=_code_format(code) if code else "General",
        )


class _Writer:
    def __init__(self, data: ExportData, progress: Progress | None) -> None:
        self.data = data
        self.progress = progress
        self.wb = Workbook(write_only=True)
        self.wb.properties.creator = "StreamDesk"
        self.wb.properties.title = data.plan.name
        self.plan_ws = self.wb.create_sheet(PLAN_SHEET)
        self.styles = _Styles(self.wb, self.plan_ws)
        self.channels = data.channel_by_id()
        self.codes = channel_codes(data.channels)
        self.cut = cut_range(data)
        self.done = 0
        self.total = 2 * len(data.items) + len(data.initiatives) + 2

    # -- cells ------------------------------------------------------------------------------

    def cell(self, ws: Any, value: Any, style: str | Any | None = None) -> WriteOnlyCell:
        """A cell with a named style; text is always stored as text, never as a formula."""
        c = WriteOnlyCell(ws)
        if isinstance(value, str):
            c._value = safety.xlsx_escape(value) if safety.needs_text_cell(value) else value
            c.data_type = "s"
        elif value is not None:
            c.value = value
        if style is not None:
            c._style = self.styles[style] if isinstance(style, str) else style
        return c

    def text(self, ws: Any) -> Any:
        """A converter for text cells: plain strings pass, risky ones become text cells."""
        needs, escape = safety.needs_text_cell, safety.xlsx_escape

        def convert(value: str) -> Any:
            if not value:
                return None
            if needs(value):
                c = WriteOnlyCell(ws)
                c._value = escape(value)
                c.data_type = "s"
                return c
            return value

        return convert

    def styled(self, ws: Any, style: str, data_type: str) -> Any:
        array = self.styles[style]

        def convert(value: Any) -> Any:
            if value is None:
                return None
            c = WriteOnlyCell(ws)
            c._value = value
            c.data_type = data_type
            c._style = array
            return c

        return convert

    def tick(self, count: int) -> None:
        self.done += count
        if self.progress is not None:
            self.progress(min(self.done, self.total), self.total)

    # -- the workbook -----------------------------------------------------------------------

    def write(self, path: Path) -> None:
        try:
            self.write_plan()
            self.write_months()
            self.write_content()
            self.write_timeline()
            self.write_balance()
            self.write_lists()
            self.tick(1)
            self.wb.save(str(path))
        except BaseException:
            self.discard()
            raise
        self.tick(1)

    def discard(self) -> None:
        """Close the streamed sheets of an abandoned workbook and remove their temporary files.

        Left to the garbage collector, their half-written streams would fail later.
        """
        for ws in self.wb._sheets:
            writer = getattr(ws, "_writer", None)
            if writer is None or ws.closed:
                continue
            with contextlib.suppress(Exception):
                ws.close()
            with contextlib.suppress(Exception):
                writer.cleanup()

    @staticmethod
    def print_readable(ws: Any, scale: int) -> None:
        """Print at a fixed scale over as many pages as needed, never shrunk below 8 pt."""
        ws.sheet_properties.pageSetUpPr.fitToPage = False
        ws.page_setup.fitToWidth = 0
        ws.page_setup.fitToHeight = 0
        ws.page_setup.scale = scale

    @staticmethod
    def print_setup(ws: Any, title_rows: str | None = None, fit_height: bool = False) -> None:
        ws.page_setup.orientation = "landscape"
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 1 if fit_height else 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_margins.left = ws.page_margins.right = 0.4
        ws.page_margins.top = 0.5
        ws.page_margins.bottom = 0.7
        ws.page_margins.header = 0.25
        ws.page_margins.footer = 0.3
        ws.print_options.horizontalCentered = True
        ws.oddFooter.left.text = "&A"
        ws.oddFooter.right.text = "Page &P of &N"
        if title_rows:
            ws.print_title_rows = title_rows

    def write_plan(self) -> None:
        ws, data, plan = self.plan_ws, self.data, self.data.plan
        ws.column_dimensions["A"].width = 22
        ws.column_dimensions["B"].width = 40
        ws.column_dimensions["C"].width = 14
        ws.column_dimensions["D"].width = 10
        ws.sheet_view.showGridLines = False
        self.print_setup(ws, fit_height=True)
        ws.page_setup.orientation = "portrait"
        ws.row_dimensions[1].height = 24  # before the row: write-only rows are final
        ws.append([self.cell(ws, plan.name, "StreamDesk title")])
        ws.append([self.cell(ws, "Content plan prepared with StreamDesk", "StreamDesk subtitle")])
        ws.append([])
        band = f"{plan.band_low:.0%} – {plan.band_high:.0%} upstream share (by {plan.measure})"
        rows: list[tuple[str, Any, str | None]] = [
            ("Plan", plan.name, None),
            ("Client", plan.client or "—", None),
            ("Currency", plan.currency, None),
            ("Period from", data.first or "—", self._fact_style("yyyy-mm-dd")),
            ("Period to", data.last or "—", self._fact_style("yyyy-mm-dd")),
            ("Target band", band, None),
            ("Week starts on", WEEKDAYS[plan.week_start], None),
            ("Content items", len(data.items), self._fact_style(NUMBER_FORMATS["count"])),
            ("Initiatives", len(data.initiatives), self._fact_style(NUMBER_FORMATS["count"])),
            ("Generated", data.generated, self._fact_style("yyyy-mm-dd hh:mm")),
        ]
        for label, value, style in rows:
            ws.append([self.cell(ws, label, "StreamDesk label"), self.cell(ws, value, style)])
        ws.append([])
        ws.append(
            [
                self.cell(ws, "Channel", "StreamDesk header"),
                self.cell(ws, "Stream", "StreamDesk header"),
                self.cell(ws, "Colour", "StreamDesk header"),
            ]
        )
        for channel in data.channels:
            ws.append(
                [
                    self.cell(ws, channel.name, self.styles.chip(channel.colour)),
                    self.cell(ws, channel.stream.value),
                    self.cell(ws, channel.colour),
                ]
            )
        self.write_cadence(ws)

    def write_cadence(self, ws: Any) -> None:
        """The cadence commitments and how each was kept over the plan (none: no table)."""
        if not self.data.cadence:
            return
        names = {c.id: c.name for c in self.data.channels}
        ws.append([])
        headers = ("Cadence", "Commitment", "Kept", "Missed")
        ws.append([self.cell(ws, h, "StreamDesk header") for h in headers])
        for report in self.data.cadence:
            c = report.commitment
            kept = sum(p.met for p in report.periods)
            share = report.kept_share
            missed = ", ".join(p.period.label for p in report.missed[:12])
            if len(report.missed) > 12:
                missed += f" and {len(report.missed) - 12} more"
            ws.append(
                [
                    self.cell(ws, names.get(c.channel_id, "?")),
                    self.cell(ws, f"{c.count} per {c.per.value}"),
                    self.cell(
                        ws,
                        f"{kept} of {len(report.periods)}"
                        + ("" if share is None else f" ({share:.0%})"),
                    ),
                    self.cell(ws, missed or "—"),
                ]
            )

    def _fact_style(self, number_format: str) -> str:
        """Numbers and dates among the plan's facts line up with the text ones, on the left."""
        name = f"StreamDesk fact {number_format}"
        self.styles.define(
            name, number_format=number_format, alignment=Alignment(horizontal="left")
        )
        return name

    # -- calendar ---------------------------------------------------------------------------

    def write_months(self) -> None:
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

    def write_month(self, year: int, month: int, by_day: dict[date, list[Any]]) -> None:
        first = date(year, month, 1)
        ws = self.wb.create_sheet(f"{year:04d}-{month:02d} {calendar.month_abbr[month]}")
        week_start = self.data.plan.week_start
        for col in range(1, 8):
            ws.column_dimensions[get_column_letter(col)].width = 25
        ws.sheet_view.showGridLines = False
        ws.sheet_view.zoomScale = 90
        self.print_setup(ws, "1:2", fit_height=True)
        ws.freeze_panes = "A3"
        title = f"{calendar.month_name[month]} {year}"
        subtitle = self.data.plan.name
        if self.data.plan.client:
            subtitle += f" · {self.data.plan.client}"
        heading = self.cell(ws, title, "StreamDesk title")
        ws.row_dimensions[1].height = 24
        ws.append([heading, None, None, None, self.cell(ws, subtitle, "StreamDesk aside")])
        ws.merged_cells.add("A1:D1")
        ws.merged_cells.add("E1:G1")
        ws.append(
            [self.cell(ws, WEEKDAYS[(week_start + k) % 7], "StreamDesk weekday") for k in range(7)]
        )
        empty, other, day_style = "StreamDesk empty day", "StreamDesk other month", "StreamDesk day"
        more = "StreamDesk more"
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
        row = 3
        count = 0
        for week, inside, lists, lines in weeks:
            ws.row_dimensions[row].height = DAY_ROW_HEIGHT  # before the row: rows are final
            for n in range(1, lines + 1):
                ws.row_dimensions[row + n].height = line_height
            row += lines + 1
            ws.append(
                [
                    self.cell(ws, d.day, day_style) if ok else self.cell(ws, None, other)
                    for d, ok in zip(week, inside, strict=True)
                ]
            )
            for line in range(lines):
                cells = []
                for items, ok in zip(lists, inside, strict=True):
                    if not ok:
                        cells.append(self.cell(ws, None, other))
                    elif line >= len(items):
                        cells.append(self.cell(ws, None, empty))
                    elif line == lines - 1 and len(items) > lines:
                        cells.append(self.cell(ws, f"+ {len(items) - line} more", more))
                    else:
                        item = items[line]
                        channel = self.channels.get(item.channel_id)
                        style = self.styles.chip(
                            channel.colour if channel else KIND_FALLBACK,
                            item.status,
                            self.codes.get(item.channel_id, ""),
                        )
                        cells.append(self.cell(ws, _chip_text(item), style))
                ws.append(cells)
            count += sum(len(items) for items in lists)
        # a closing line so the last week's boxes have a bottom edge
        ws.append([self.cell(ws, None, "StreamDesk closing") for _ in range(7)])
        # a long chip on the last day of a week spills past G: printed, it shrank the page
        ws.print_area = f"A1:G{row}"
        used = {i.channel_id for _w, _in, lists, _n in weeks for items in lists for i in items}
        self.print_legend(ws, [c for c in self.data.channels if c.id in used])
        self.tick(count)

    def print_legend(self, ws: Any, channels: list[Any]) -> None:
        """The page's key, printed in its header: each channel's code and name in its colour
        (chips show the code, so black and white keeps the channel), and the status key."""
        entries = [
            f"&K{_hex(c.colour)}\u25a0&K000000 {self.codes.get(c.id, '')} {c.name}"
            for c in channels
        ]
        left, centre = _split_within(entries, HEADER_SECTION_LIMIT)
        ws.oddHeader.left.text = "  ".join(left) or None
        ws.oddHeader.center.text = "  ".join(centre) or None
        ws.oddHeader.right.text = STATUS_KEY
        for part in (ws.oddHeader.left, ws.oddHeader.center, ws.oddHeader.right):
            part.size = 9
        ws.HeaderFooter.scaleWithDoc = False  # the key stays 9 pt when the page shrinks to fit

    def in_range(self, day: date) -> bool:
        first, last = self.cut
        return (first is None or first <= day) and (last is None or day <= last)

    # -- content ----------------------------------------------------------------------------

    def write_content(self) -> None:
        ws = self.wb.create_sheet(CONTENT_SHEET)
        data = self.data
        fields = [name for _, name in CONTENT_COLUMNS]
        col = {name: index for index, name in enumerate(fields, 1)}
        for name, index in col.items():
            ws.column_dimensions[get_column_letter(index)].width = CONTENT_WIDTHS.get(name, 12)
        ws.freeze_panes = "A2"
        self.print_setup(ws, "1:1")
        last_row = len(data.items) + 1
        last_col = get_column_letter(len(fields))
        self.print_readable(ws, CONTENT_PRINT_SCALE)
        split = get_column_letter(CONTENT_CLIENT_COLUMNS)
        after = get_column_letter(CONTENT_CLIENT_COLUMNS + 1)
        ws.print_area = [f"A1:{split}{last_row}", f"{after}1:{last_col}{last_row}"]
        ws.auto_filter.ref = f"A1:{last_col}{last_row}"
        _declare_size(ws, f"A1:{last_col}{last_row}")
        self.add_validations(ws, col, last_row)
        self.add_channel_colours(ws, col, last_row)

        ws.row_dimensions[1].height = 20
        ws.append([self.cell(ws, header, "StreamDesk header") for header, _ in CONTENT_COLUMNS])

        getters = content_fields(data)
        text = self.text(ws)
        converters: dict[str, Any] = {
            "date": self.styled(ws, "StreamDesk date", "d"),
            "time": self.styled(ws, "StreamDesk time", "d"),
            "cost": self.styled(ws, "StreamDesk money", "n"),
            "actual_cost": self.styled(ws, "StreamDesk money", "n"),
            "effort_hours": self.styled(ws, "StreamDesk hours", "n"),
            "reach": self.styled(ws, "StreamDesk count", "n"),
            "clicks": self.styled(ws, "StreamDesk count", "n"),
            "conversions": self.styled(ws, "StreamDesk count", "n"),
            "link": self.link_converter(ws),
        }
        text_fields = {
            "channel",
            "format",
            "title",
            "status",
            "owner",
            "campaign",
            "initiative",
            "notes",
            "repeats",
        }
        pipeline = []
        for name, getter in zip(fields, getters, strict=True):
            convert = converters.get(name) or (text if name in text_fields else None)
            pipeline.append((getter, convert))
        plain = [g for g, conv in pipeline]
        convert_at = [(i, conv) for i, (_, conv) in enumerate(pipeline) if conv is not None]
        append = ws.append
        step = 1000
        for n, item in enumerate(data.items, 1):
            row = [g(item) for g in plain]
            for i, conv in convert_at:
                row[i] = conv(row[i])
            append(row)
            if n % step == 0:
                self.tick(step)
        self.tick(len(data.items) % step)

    def link_converter(self, ws: Any) -> Any:
        text = self.text(ws)
        array = self.styles["StreamDesk link"]

        def convert(value: str) -> Any:
            if not value:
                return None
            if value.lower().startswith(LINK_SCHEMES) and not safety.needs_text_cell(value):
                c = WriteOnlyCell(ws)
                c._value = value
                c.data_type = "s"
                c._style = array
                c._hyperlink = Hyperlink(ref="", target=value)
                return c
            return text(value)

        return convert

    def add_validations(self, ws: Any, col: dict[str, int], last_row: int) -> None:
        end = last_row + EXTRA_VALIDATED_ROWS
        lists = quote_sheetname(LISTS_SHEET)
        for name, list_col, count, what in (
            ("status", "A", len(ItemStatus), "status"),
            ("channel", "B", len(self.data.channels), "channel"),
        ):
            if name not in col or count == 0:
                continue
            letter = get_column_letter(col[name])
            dv = DataValidation(
                type="list",
                formula1=f"{lists}!${list_col}$2:${list_col}${count + 1}",
                allow_blank=False,
                showErrorMessage=True,
                errorTitle=f"Unknown {what}",
                error=f"Choose a {what} from the list.",
                promptTitle=what.capitalize(),
                prompt=f"Pick the item's {what}.",
                showInputMessage=False,
            )
            dv.add(f"{letter}2:{letter}{end}")
            ws.data_validations.append(dv)

    def add_channel_colours(self, ws: Any, col: dict[str, int], last_row: int) -> None:
        """Channel cells take their channel's colour (conditional formats: no per-cell cost)."""
        if "channel" not in col or last_row < 2:
            return
        letter = get_column_letter(col["channel"])
        ref = f"{letter}2:{letter}{last_row + EXTRA_VALIDATED_ROWS}"
        for channel in self.data.channels:
            name = channel.name.replace('"', '""')
            ws.conditional_formatting.add(
                ref,
                CellIsRule(
                    operator="equal",
                    formula=[f'"{name}"'],
                    fill=PatternFill(bgColor=_hex(channel.colour)),
                    font=Font(color=_hex(readable_text_colour(channel.colour))),
                ),
            )

    def write_lists(self) -> None:
        ws = self.wb.create_sheet(LISTS_SHEET)
        ws.sheet_state = "hidden"
        ws.column_dimensions["A"].width = 12
        ws.column_dimensions["B"].width = 20
        statuses = [s.value for s in ItemStatus]
        channels = [c.name for c in self.data.channels]
        ws.append(
            [
                self.cell(ws, "Status", "StreamDesk header"),
                self.cell(ws, "Channel", "StreamDesk header"),
            ]
        )
        for index in range(max(len(statuses), len(channels))):
            ws.append(
                [
                    self.cell(ws, statuses[index]) if index < len(statuses) else None,
                    self.cell(ws, channels[index]) if index < len(channels) else None,
                ]
            )

    # -- timeline ---------------------------------------------------------------------------

    def write_timeline(self) -> None:
        ws = self.wb.create_sheet(TIMELINE_SHEET)
        data = self.data
        initiatives = data.initiatives
        fields = [name for _, name in TIMELINE_COLUMNS]
        for index, name in enumerate(fields, 1):
            ws.column_dimensions[get_column_letter(index)].width = TIMELINE_WIDTHS.get(name, 12)
        weeks: list[date] = []
        if data.first is not None and data.last is not None and initiatives:
            week_start = data.plan.week_start
            current = data.first - timedelta(days=(data.first.weekday() - week_start) % 7)
            while current <= data.last:
                weeks.append(current)
                current += timedelta(days=7)
        gantt_col = len(fields) + 2
        for k in range(len(weeks)):
            ws.column_dimensions[get_column_letter(gantt_col + k)].width = 2.7
        ws.column_dimensions[get_column_letter(gantt_col - 1)].width = 2
        # the details after "Depends on" fold away (one click on the outline button brings
        # them back) so that the Gantt sits next to the dates on screen and on paper
        folded = [n for n in ("owner", "segment", "gate", "notes") if n in fields]
        if folded:
            first = get_column_letter(fields.index(folded[0]) + 1)
            last = get_column_letter(fields.index(folded[-1]) + 1)
            ws.column_dimensions.group(first, last, outline_level=1, hidden=True)
            # written as <sheetFormatPr outlineLevelCol>: without it Excel may show no "+"
            ws.column_dimensions.max_outline = 1
        ws.freeze_panes = "C2"
        self.print_setup(ws, "1:1")
        self.print_readable(ws, TIMELINE_PRINT_SCALE)
        ws.print_title_cols = "A:B"
        last_row = len(initiatives) + 1
        ws.auto_filter.ref = f"A1:{get_column_letter(len(fields))}{last_row}"
        width = len(fields) + (1 + len(weeks) if weeks else 0)
        _declare_size(ws, f"A1:{get_column_letter(width)}{last_row}")

        header = [self.cell(ws, h, "StreamDesk header") for h, _ in TIMELINE_COLUMNS]
        header.append(None)
        header += [self.cell(ws, w, "StreamDesk week header") for w in weeks]
        ws.row_dimensions[1].height = 42
        ws.append(header)
        if "depends_on" in fields and data.dependencies:
            letter = get_column_letter(fields.index("depends_on") + 1)
            _ignore_numbers_as_text(ws, f"{letter}2:{letter}{last_row}")

        predecessors: dict[int, list[int]] = defaultdict(list)
        for dep in data.dependencies:
            predecessors[dep.successor_id].append(dep.predecessor_id)
        kind_colours = {c.name: c.colour for c in data.channels}
        converters: dict[str, Any] = {
            "start": self.styled(ws, "StreamDesk date", "d"),
            "end": self.styled(ws, "StreamDesk date", "d"),
            "progress": self.styled(ws, "StreamDesk progress", "n"),
            "effort_hours": self.styled(ws, "StreamDesk hours", "n"),
            "budget": self.styled(ws, "StreamDesk money", "n"),
            "depends_on": self.styled(ws, "StreamDesk id list", "s"),
        }
        g0 = weeks[0] if weeks else None
        for initiative in initiatives:
            row: list[Any] = []
            for name in fields:
                if name == "depends_on":
                    ids = ", ".join(
                        str(p) for p in sorted(predecessors.get(initiative.id or 0, []))
                    )
                    value: Any = ids or None
                elif name == "status":
                    value = initiative.status.value
                else:
                    value = getattr(initiative, name)
                convert = converters.get(name)
                if convert is not None:
                    row.append(convert(value))
                elif isinstance(value, str):
                    row.append(self.cell(ws, value, "StreamDesk text") if value else None)
                else:
                    row.append(value)
            if g0 is not None:
                bars: list[Any] = [None] * (len(weeks) + 1)
                colour = kind_colours.get(initiative.kind) or KIND_FALLBACK
                first = max(initiative.start, g0)
                last = min(initiative.end, weeks[-1] + timedelta(days=6))
                if first <= last:
                    w0, w1 = (first - g0).days // 7, (last - g0).days // 7
                    if initiative.is_milestone:
                        bars[1 + w0] = self.cell(ws, "◆", self._milestone_style(colour))
                    else:
                        style = self.styles.chip(colour)
                        for w in range(w0, w1 + 1):
                            bars[1 + w] = self.cell(ws, None, style)
                row += bars
            ws.append(row)
        self.tick(len(initiatives))

    def _milestone_style(self, colour: str) -> Any:
        return self.styles.define(
            f"StreamDesk milestone {_hex(colour)}",
            font=_font(bold=True, color=_hex(colour), size=12),
            alignment=Alignment(horizontal="center", vertical="center"),
        )

    # -- balance ----------------------------------------------------------------------------

    def write_balance(self) -> None:
        ws = self.wb.create_sheet(BALANCE_SHEET)
        data, plan = self.data, self.data.plan
        periods = []
        if data.first is not None and data.last is not None:
            periods = compute_balance(
                plan, data.initiatives, data.items, "month", data.first, data.last
            )
        headers = [
            ("Month", 10, None),
            ("Start", 11, "StreamDesk date"),
            ("End", 11, "StreamDesk date"),
            ("Upstream hours", 11, "StreamDesk hours"),
            ("Downstream hours", 12, "StreamDesk hours"),
            (f"Upstream budget ({plan.currency})", 13, "StreamDesk money"),
            (f"Downstream budget ({plan.currency})", 13, "StreamDesk money"),
            ("Upstream initiatives", 12, "StreamDesk count"),
            ("Downstream items", 12, "StreamDesk count"),
            ("Upstream share", 10, "StreamDesk percent"),
            ("Band low", 8, "StreamDesk percent"),
            ("Band high", 8, "StreamDesk percent"),
            ("In band", 8, "StreamDesk centred"),
        ]
        for index, (_, width, _) in enumerate(headers, 1):
            ws.column_dimensions[get_column_letter(index)].width = width
        ws.freeze_panes = "B2"
        self.print_setup(ws, "1:1", fit_height=True)
        ws.row_dimensions[1].height = 45  # two-line headers
        ws.append([self.cell(ws, h, "StreamDesk header") for h, _, _ in headers])
        for p in periods:
            start, end = max(p.start, self.cut[0] or p.start), min(p.end, self.cut[1] or p.end)
            partial = (start, end) != (p.start, p.end)
            values = [
                f"{p.period} (partial)" if partial else p.period,
                start,
                end,
                p.upstream_hours,
                p.downstream_hours,
                p.upstream_budget,
                p.downstream_budget,
                p.upstream_count,
                p.downstream_count,
                p.upstream_share,
                plan.band_low,
                plan.band_high,
                {True: "yes", False: "no", None: ""}[p.in_band],
            ]
            ws.append(
                [self.cell(ws, v, style) for v, (_, _, style) in zip(values, headers, strict=True)]
            )
        if periods:
            chart = self.balance_chart(ws, len(periods), plan.measure)
            cache_chart_values(chart, periods, plan)
            ws.add_chart(chart, f"A{len(periods) + 4}")

    @staticmethod
    def balance_chart(ws: Any, n: int, measure: BalanceMeasure) -> BarChart:
        first_col = {BalanceMeasure.HOURS: 4, BalanceMeasure.BUDGET: 6, BalanceMeasure.COUNT: 8}
        col = first_col[measure]
        bars = BarChart()
        bars.type = "col"
        bars.grouping = "clustered"
        bars.title = f"Upstream vs downstream ({measure}) and the upstream share"
        bars.y_axis.title = str(measure).capitalize()
        bars.add_data(
            Reference(ws, min_col=col, max_col=col + 1, min_row=1, max_row=n + 1),
            titles_from_data=True,
        )
        months = Reference(ws, min_col=1, min_row=2, max_row=n + 1)
        bars.set_categories(months)
        bars.y_axis.majorGridlines = None
        for series, colour in zip(bars.series, (UPSTREAM_COLOUR, DOWNSTREAM_COLOUR), strict=True):
            series.graphicalProperties.solidFill = colour
            series.graphicalProperties.line.solidFill = colour
        bars.x_axis.delete = False
        bars.y_axis.delete = False
        share = LineChart()
        share.add_data(
            Reference(ws, min_col=10, max_col=12, min_row=1, max_row=n + 1), titles_from_data=True
        )
        share.set_categories(months)
        share.y_axis.axId = 200
        share.y_axis.title = "Upstream share"
        share.y_axis.number_format = "0%"
        share.y_axis.scaling.min = 0
        share.y_axis.scaling.max = 1
        share.y_axis.crosses = "max"
        share.y_axis.delete = False
        for series, colour, dash in zip(
            share.series, ("1F3A5F", "7F7F7F", "7F7F7F"), (None, "dash", "dash"), strict=False
        ):
            series.smooth = False
            series.graphicalProperties.line.solidFill = colour
            series.graphicalProperties.line.width = 28575 if dash is None else 12700
            if dash:
                series.graphicalProperties.line.dashStyle = dash
        bars += share
        bars.width = 26
        bars.height = 11
        bars.legend.position = "b"
        return bars


def _ignore_numbers_as_text(ws: Any, ref: str) -> None:
    """Tell Excel that IDs in ``ref`` are text on purpose ("3", "3, 5"): without it, a
    single ID shows the "number stored as text" warning on every row.

    openpyxl does not write <ignoredErrors>; it goes out with the streamed sheet's tail,
    at its place in the schema (after the page breaks, before any drawing).
    """
    from openpyxl.xml.functions import Element, SubElement

    writer = ws._writer
    write_breaks = writer.write_breaks

    def with_ignored_errors() -> None:
        write_breaks()
        ignored = Element("ignoredErrors")
        SubElement(ignored, "ignoredError", sqref=ref, numberStoredAsText="1")
        writer.xf.send(ignored)

    writer.write_breaks = with_ignored_errors


def _declare_size(ws: Any, ref: str) -> None:
    """Write the sheet's <dimension> as a streaming sheet cannot know it before its rows.

    Readers that trust it (openpyxl's read-only mode, pandas) then see every row.
    """
    ws.calculate_dimension = lambda: ref


def cut_range(data: ExportData) -> tuple[date | None, date | None]:
    """Where a chosen range (``--from``/``--to``) cuts the plan short: (first, last), each
    None when the export starts or ends with the plan itself.

    A whole-plan export's range is exactly the plan's first and last day, so a bound that
    the exported items and initiatives do not reach was chosen; one they reach exactly
    counts as the plan's own.
    """
    if data.first is None or data.last is None:
        return None, None
    starts = [i.start for i in data.initiatives] + [i.date for i in data.items]
    ends = [i.end for i in data.initiatives] + [i.date for i in data.items]
    first = data.first if not starts or min(starts) != data.first else None
    last = data.last if not ends or max(ends) != data.last else None
    return first, last


def channel_codes(channels: Any) -> dict[int, str]:
    """Short channel codes ("Li", "Fa", "BS"), unique in the plan, so a chip names its
    channel in black and white; the same rule as the PDF report's legend."""
    codes: dict[int, str] = {}
    taken: set[str] = set()
    for channel in sorted(channels, key=lambda c: (c.position, c.id or 0)):
        words = [w for w in re.split(r"[\s/&+\-]+", channel.name) if w]
        if len(words) > 1:
            candidates = ["".join(w[0].upper() for w in words[:3])]
        elif channel.name.isupper():
            candidates = [channel.name[:3]]
        else:
            candidates = [channel.name[:2].title()]
        candidates += [channel.name[:3].title(), channel.name[:4].title()]
        code = next((c for c in candidates if c not in taken), None)
        n = 2
        while code is None or code in taken:
            code = f"{candidates[0]}{n}"
            n += 1
        taken.add(code)
        if channel.id is not None:
            codes[channel.id] = code
    return codes


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


def _code_format(code: str) -> str:
    """A text format that shows the channel's code before the chip's text."""
    return '"' + code.replace('"', "") + ' "@'


def cache_chart_values(chart: BarChart, periods: Any, plan: Any) -> None:
    """Store the plotted figures in the chart, as Excel does, for previews that do not
    recalculate (they showed the chart empty)."""
    from openpyxl.chart.data_source import NumData, NumVal, StrData, StrVal

    measure = plan.measure
    columns = {
        BalanceMeasure.HOURS: ("upstream_hours", "downstream_hours"),
        BalanceMeasure.BUDGET: ("upstream_budget", "downstream_budget"),
        BalanceMeasure.COUNT: ("upstream_count", "downstream_count"),
    }[measure]
    labels = [p.period for p in periods]
    share = [p.upstream_share for p in periods]
    series_values = [
        [getattr(p, columns[0]) for p in periods],
        [getattr(p, columns[1]) for p in periods],
        share,
        [plan.band_low] * len(periods),
        [plan.band_high] * len(periods),
    ]
    all_series = list(chart.series) + [s for c in chart._charts[1:] for s in c.series]
    for series, values in zip(all_series, series_values, strict=False):
        points = [NumVal(idx=i, v=v) for i, v in enumerate(values) if v is not None]
        series.val.numRef.numCache = NumData(pt=points, ptCount=len(values))
        if series.cat is not None:
            ref = series.cat.numRef or series.cat.strRef
            cache = StrData(
                pt=[StrVal(idx=i, v=t) for i, t in enumerate(labels)], ptCount=len(labels)
            )
            if series.cat.strRef is None:
                from openpyxl.chart.data_source import StrRef

                series.cat.strRef = StrRef(f=ref.f)
                series.cat.numRef = None
            series.cat.strRef.strCache = cache


def _chip_text(item: Any) -> str:
    when = f"{item.time:%H:%M} " if isinstance(item.time, time) else ""
    return f"{when}{item.title} ({item.status.value})"


def write_workbook(data: ExportData, path: Path, progress: Progress | None = None) -> None:
    _Writer(data, progress).write(path)
