"""The client-ready workbook: Plan, one calendar sheet per month, Content, Timeline, Balance.

Written with xlsxwriter, sheet by sheet (``xlsx_months``, ``xlsx_content``,
``xlsx_timeline``, ``xlsx_balance``; the shared looks and safe text in ``xlsx_book``).
The ``Content`` and ``Timeline`` headers are the import contract in ``columns``; Timeline
progress is a fraction shown as a percentage (older workbooks stored 50 shown as "50%":
the importer tells them apart by the cell's number format).
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

from xlsxwriter.worksheet import Worksheet

from streamdesk.domain import WEEKDAYS
from streamdesk.excel.columns import (
    BALANCE_SHEET,
    CONTENT_SHEET,
    PLAN_ID_LABEL,
    PLAN_SHEET,
    TIMELINE_SHEET,
)
from streamdesk.excel.export_data import ExportData, Progress
from streamdesk.excel.xlsx_balance import DOWNSTREAM_COLOUR, UPSTREAM_COLOUR, write_balance
from streamdesk.excel.xlsx_book import HEADER_FILL, NUMBER_FORMATS, Book
from streamdesk.excel.xlsx_content import (
    CONTENT_PRINT_SCALE,
    LISTS_SHEET,
    write_content,
    write_lists,
)
from streamdesk.excel.xlsx_months import MonthSheets, cut_range
from streamdesk.excel.xlsx_timeline import TIMELINE_PRINT_SCALE, write_timeline

__all__ = [
    "CONTENT_PRINT_SCALE",
    "DOWNSTREAM_COLOUR",
    "HEADER_FILL",
    "LISTS_SHEET",
    "TIMELINE_PRINT_SCALE",
    "UPSTREAM_COLOUR",
    "cut_range",
    "write_workbook",
]


def write_plan(book: Book, ws: Worksheet) -> None:
    data, plan = book.data, book.data.plan
    book.widths(ws, [22, 40, 14, 10])
    ws.hide_gridlines(2)
    book.print_setup(ws, fit_height=True)
    ws.set_portrait()
    ws.set_row(0, 24)
    book.write_text(ws, 0, 0, plan.name, book.look("title"))
    ws.write_string(1, 0, "Content plan prepared with StreamDesk", book.look("subtitle"))
    band = f"{plan.band_low:.0%} – {plan.band_high:.0%} upstream share (by {plan.measure})"

    def fact(number_format: str) -> Any:
        # numbers and dates among the plan's facts line up with the text ones, on the left
        return book.look("fact", num_format=number_format, align="left")

    rows: list[tuple[str, Any, Any]] = [
        ("Plan", plan.name, None),
        ("Client", plan.client or "—", None),
        ("Currency", plan.currency, None),
        ("Period from", data.first or "—", fact("yyyy-mm-dd")),
        ("Period to", data.last or "—", fact("yyyy-mm-dd")),
        ("Target band", band, None),
        ("Week starts on", WEEKDAYS[plan.week_start], None),
        ("Content items", len(data.items), fact(NUMBER_FORMATS["count"])),
        ("Initiatives", len(data.initiatives), fact(NUMBER_FORMATS["count"])),
        ("Generated", data.generated, fact("yyyy-mm-dd hh:mm")),
        # last and in grey: for the importer, which refuses another plan's workbook by it
        (PLAN_ID_LABEL, data.uid, book.look("subtitle", italic=False)),
    ]
    label = book.look("label")
    for row, (name, value, look) in enumerate(rows, 3):
        if name == PLAN_ID_LABEL:
            ws.write_string(row, 0, name, look)
            ws.write_string(row, 1, value, look)
            continue
        ws.write_string(row, 0, name, label)
        book.write(ws, row, 1, value, look if not isinstance(value, str) else None)
    legend = 3 + len(rows) + 1
    header = book.look("header")
    for c, title in enumerate(("Channel", "Stream", "Colour")):
        ws.write_string(legend, c, title, header)
    for row, channel in enumerate(data.channels, legend + 1):
        book.write_text(ws, row, 0, channel.name, book.chip(channel.colour))
        ws.write_string(row, 1, channel.stream.value)
        ws.write_string(row, 2, channel.colour)
    write_cadence(book, ws, legend + len(data.channels) + 2)


def write_cadence(book: Book, ws: Worksheet, first_row: int) -> None:
    """The cadence commitments and how each was kept over the plan (none: no table)."""
    data = book.data
    if not data.cadence:
        return
    names = {c.id: c.name for c in data.channels}
    header = book.look("header")
    for c, title in enumerate(("Cadence", "Commitment", "Kept", "Missed")):
        ws.write_string(first_row, c, title, header)
    for row, report in enumerate(data.cadence, first_row + 1):
        commitment = report.commitment
        kept = sum(p.met for p in report.periods)
        share = report.kept_share
        missed = ", ".join(p.period.label for p in report.missed[:12])
        if len(report.missed) > 12:
            missed += f" and {len(report.missed) - 12} more"
        book.write_text(ws, row, 0, names.get(commitment.channel_id, "?"))
        book.write_text(ws, row, 1, f"{commitment.count} per {commitment.per.value}")
        book.write_text(
            ws,
            row,
            2,
            f"{kept} of {len(report.periods)}" + ("" if share is None else f" ({share:.0%})"),
        )
        book.write_text(ws, row, 3, missed or "—")


def write_workbook(data: ExportData, path: Path, progress: Progress | None = None) -> list[str]:
    """Write the workbook; return notes naming what it could not hold, for the summary."""
    book = Book(data, path, progress)
    try:
        plan_ws = book.sheet(PLAN_SHEET)
        write_plan(book, plan_ws)
        MonthSheets(book).write()
        write_content(book, book.sheet(CONTENT_SHEET))
        write_timeline(book, book.sheet(TIMELINE_SHEET))
        write_balance(book, book.sheet(BALANCE_SHEET))
        write_lists(book, book.sheet(LISTS_SHEET))
        book.tick(1)
        book.close()
    except BaseException:
        # nothing was written yet: xlsxwriter writes the file only when it is closed
        with contextlib.suppress(Exception):
            book.wb.fileclosed = True
        raise
    book.tick(1)
    return book.notes
