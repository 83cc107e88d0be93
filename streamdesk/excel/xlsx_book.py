"""What every sheet of the client workbook shares: the xlsxwriter book, its looks, safe text.

The workbook is written with xlsxwriter (about twice as fast as openpyxl, and it writes
outline levels, chart caches and shared cell formats itself). Every look is a cell format
made once and shared by reference; Excel's cell-style gallery keeps only its own entries
(the issue's complaint was 82 of ours there). Text is always written with
``write_string``, and the book is opened with ``strings_to_formulas``,
``strings_to_numbers`` and ``strings_to_urls`` off, so no text a client typed is ever
evaluated (see ``safety``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.utility import xl_rowcol_to_cell
from xlsxwriter.worksheet import Worksheet

from streamdesk.domain import ItemStatus, readable_text_colour
from streamdesk.excel import safety
from streamdesk.excel.export_data import ExportData, Progress

HEADER_FILL = "1F3A5F"
GRID = "BFBFBF"
MUTED = "F2F2F2"
KIND_FALLBACK = "#9E9E9E"
NUMBER_FORMATS = {"money": "#,##0.00", "hours": "0.0", "count": "#,##0", "percent": "0%"}
EXCEL_EPOCH = date(1899, 12, 30)
EXCEL_TEXT_LIMIT = 32_767  # characters in one cell

_GRID_SIDES = {"left": 1, "right": 1, "left_color": GRID, "right_color": GRID}
_BOX = {"border": 1, "border_color": GRID}
_HEADER = {"bold": True, "font_color": "#FFFFFF", "bg_color": HEADER_FILL}

LOOKS: dict[str, dict[str, Any]] = {
    "title": {"bold": True, "font_size": 16, "font_color": HEADER_FILL},
    "subtitle": {"italic": True, "font_color": "595959"},
    "aside": {"italic": True, "font_color": "595959", "align": "right", "valign": "bottom"},
    "label": {"bold": True},
    "centred": {"align": "center"},
    "header": {**_HEADER, "valign": "vcenter", "text_wrap": True, **_BOX},
    # 10 pt: 8 pt on paper at the Timeline's 80 % print scale
    "week header": {
        **_HEADER,
        "font_size": 10,
        "num_format": "d mmm",
        "align": "center",
        "rotation": 90,
        **_BOX,
    },
    "month header": {**_HEADER, "font_size": 10, "align": "left", "valign": "vcenter", **_BOX},
    "weekday": {**_HEADER, "align": "center", "valign": "vcenter", **_BOX},
    "date": {"num_format": "yyyy-mm-dd", "valign": "vcenter"},
    # centred: a right-aligned time ran into the coloured channel name after it
    "time": {"num_format": "hh:mm", "align": "center", "valign": "vcenter"},
    "money": {"num_format": NUMBER_FORMATS["money"]},
    "hours": {"num_format": NUMBER_FORMATS["hours"]},
    "count": {"num_format": NUMBER_FORMATS["count"]},
    "percent": {"num_format": NUMBER_FORMATS["percent"]},
    # IDs after a right-aligned budget: indented, or "800.00" and "1" read as "800.001"
    "id list": {"align": "left", "indent": 1},
    # Timeline text follows an ID or a date: "1Market research", "2026-02-14done" otherwise
    "text": {"align": "left", "indent": 1},
    "day": {
        "bold": True,
        "font_color": "404040",
        "bg_color": "E8EEF4",
        **_GRID_SIDES,
        "top": 1,
        "top_color": GRID,
    },
    "other month": {"bg_color": MUTED, **_GRID_SIDES},
    "empty day": dict(_GRID_SIDES),
    "closing": {"top": 1, "top_color": GRID},
    "more": {"italic": True, "font_color": "595959", **_GRID_SIDES},
    # Excel's link look, set apart from the right-aligned cost before it
    "link": {"font_color": "0563C1", "underline": 1, "align": "left", "indent": 1},
}


def _hex(colour: str) -> str:
    return colour.lstrip("#").upper()


def serial(value: date | datetime) -> float:
    """Excel's day number: what ``write_datetime`` stores, at a fraction of its cost."""
    if isinstance(value, datetime):
        return (value - datetime(1899, 12, 30)).total_seconds() / 86400
    return float((value - EXCEL_EPOCH).days)


def day_fraction(value: time) -> float:
    return (value.hour * 3600 + value.minute * 60 + value.second) / 86400


def code_format(code: str) -> str:
    """A text format that shows the channel's code before the chip's text."""
    return '"' + code.replace('"', "") + ' "@'


class Book:
    """The workbook being written, its shared formats, and the export's progress."""

    def __init__(self, data: ExportData, path: Path, progress: Progress | None) -> None:
        self.data = data
        self.progress = progress
        self.wb = xlsxwriter.Workbook(
            str(path),
            {
                "strings_to_formulas": False,
                "strings_to_numbers": False,
                "strings_to_urls": False,
                "default_date_format": "yyyy-mm-dd",
            },
        )
        self.wb.set_properties({"title": data.plan.name, "author": "StreamDesk"})
        self._formats: dict[Any, Format] = {}
        self.notes: list[str] = []  # what the workbook could not hold, for the summary
        self.done = 0
        self.total = 2 * len(data.items) + len(data.initiatives) + 2

    def sheet(self, name: str) -> Worksheet:
        ws: Worksheet = self.wb.add_worksheet(name)
        return ws

    def tick(self, count: int) -> None:
        self.done += count
        if self.progress is not None:
            self.progress(min(self.done, self.total), self.total)

    # -- looks --------------------------------------------------------------------------------

    def look(self, name: str, **extra: Any) -> Format:
        """The shared format of a named look (``LOOKS``), with any extra properties."""
        key = (name, tuple(sorted(extra.items())))
        fmt = self._formats.get(key)
        if fmt is None:
            fmt = self._formats[key] = self.wb.add_format({**LOOKS.get(name, {}), **extra})
        return fmt

    def chip(self, colour: str, status: ItemStatus | None = None, code: str = "") -> Format:
        """A calendar chip or Gantt bar: the colour as fill, black or white text on it."""
        key = ("chip", colour, status, code)
        fmt = self._formats.get(key)
        if fmt is not None:
            return fmt
        props: dict[str, Any] = {
            "bg_color": _hex(colour),
            "font_color": _hex(readable_text_colour(colour)),
            "valign": "vcenter",
        }
        if status is not None:
            # a day's chip wraps (so it never runs into the next day) inside an indent, and
            # a white hairline keeps two chips of one colour apart in a day's box
            props.update(_GRID_SIDES, text_wrap=True, indent=1, bottom=2, bottom_color="FFFFFF")
            props["italic"] = status in (ItemStatus.IDEA, ItemStatus.DRAFT)
            props["font_strikeout"] = status is ItemStatus.CANCELLED
        if code:
            props["num_format"] = code_format(code)
        fmt = self._formats[key] = self.wb.add_format(props)
        return fmt

    def milestone(self, colour: str) -> Format:
        return self.look(
            "milestone",
            bold=True,
            font_color=_hex(colour),
            font_size=12,
            align="center",
            valign="vcenter",
        )

    # -- cells --------------------------------------------------------------------------------

    def write_text(
        self, ws: Worksheet, row: int, col: int, text: str, fmt: Format | None = None
    ) -> None:
        """Text typed as text, never a formula, a number or a link."""
        if len(text) > EXCEL_TEXT_LIMIT:
            # Excel holds no more in a cell (xlsxwriter cuts it): said in the summary
            self.notes.append(f"{ws.name}!{xl_rowcol_to_cell(row, col)} cut to 32,767 characters")
        if text.startswith("<r>") and text.endswith("</r>"):
            # xlsxwriter's string table takes such text for its own rich-string markup and
            # would write it as raw XML: two fragments are escaped like any text
            parts = (text[:1], text[1:2], text[2:])  # xlsxwriter wants three or more
            ws.write_rich_string(row, col, *parts, *([fmt] if fmt else []))
        else:
            ws.write_string(row, col, text, fmt)

    def write(self, ws: Worksheet, row: int, col: int, value: Any, fmt: Format | None) -> None:
        """Any exported value at its type: text as text, dates as Excel dates."""
        if value is None or value == "":
            if fmt is not None:
                ws.write_blank(row, col, None, fmt)
        elif isinstance(value, str):
            self.write_text(ws, row, col, value, fmt)
        elif isinstance(value, bool):
            ws.write_boolean(row, col, value, fmt)
        elif isinstance(value, date | datetime):
            ws.write_number(row, col, serial(value), fmt)
        elif isinstance(value, time):
            ws.write_number(row, col, day_fraction(value), fmt)
        else:
            ws.write_number(row, col, value, fmt)

    def writer_for(self, ws: Worksheet, fmt: Format | None, kind: str) -> Callable[..., None]:
        """A fast writer of one column's values (``kind``: text, number, date, time)."""
        write_number, text = ws.write_number, self.write_text

        if kind == "text":

            def write(row: int, col: int, value: Any) -> None:
                if value:
                    text(ws, row, col, value, fmt)

        elif kind == "date":

            def write(row: int, col: int, value: Any) -> None:
                if value is not None:
                    write_number(row, col, float((value - EXCEL_EPOCH).days), fmt)

        elif kind == "time":

            def write(row: int, col: int, value: Any) -> None:
                if value is not None:
                    write_number(row, col, day_fraction(value), fmt)

        else:

            def write(row: int, col: int, value: Any) -> None:
                if value is not None:
                    write_number(row, col, value, fmt)

        return write

    # -- page ---------------------------------------------------------------------------------

    @staticmethod
    def widths(ws: Worksheet, widths: list[float], first: int = 0) -> None:
        """Column widths as Excel stores them (the pixels of ``width`` characters of 7 px)."""
        for n, width in enumerate(widths, first):
            ws.set_column_pixels(n, n, round(width * 7))

    @staticmethod
    def print_setup(ws: Worksheet, title_rows: int = 0, fit_height: bool = False) -> None:
        """Landscape, one page wide, the sheet's name and page numbers in the footer."""
        ws.set_landscape()
        ws.fit_to_pages(1, 1 if fit_height else 0)
        ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.7)
        ws.set_footer("&L&A&RPage &P of &N", margin=0.3)
        ws.margin_header = 0.25
        ws.center_horizontally()
        if title_rows:
            ws.repeat_rows(0, title_rows - 1)

    @staticmethod
    def print_readable(ws: Worksheet, scale: int) -> None:
        """Print at a fixed scale over as many pages as needed, never shrunk below 8 pt."""
        ws.fit_page = False
        ws.fit_width = ws.fit_height = 0
        ws.set_print_scale(scale)

    @staticmethod
    def set_header(ws: Worksheet, text: str, size: int = 9) -> None:
        """A page header that stays ``size`` pt when the page shrinks to fit.

        Each section holds up to 255 characters in Excel; xlsxwriter refuses a header longer
        than 255 in all, which the month pages' legend can be.
        """
        ws.header = text
        ws.header_footer_changed = True
        ws.header_footer_scales = False
        ws.margin_header = 0.25

    def safe_link(self, ws: Worksheet, row: int, col: int, url: str, fmt: Format) -> bool:
        """A web or mail address as a link, when Excel can hold it as one."""
        # Excel's limits: 2,079 UTF-16 units of address, 65,530 links a sheet; past them the
        # address is plain text (xlsxwriter would warn and drop the cell)
        too_long = len(url.encode("utf-16-le")) // 2 > 2079
        if too_long or safety.needs_text_cell(url) or ws.hlink_count >= 65530:
            return False
        return bool(ws.write_url(row, col, url, fmt, url) == 0)

    def close(self) -> None:
        self.wb.close()
