"""The Timeline sheet: the initiatives' table (the import contract) and a week-by-week Gantt."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import Worksheet

from streamdesk.excel.columns import TIMELINE_COLUMNS
from streamdesk.excel.xlsx_book import KIND_FALLBACK, Book

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
TIMELINE_PRINT_SCALE = 80
FOLDED = ("owner", "segment", "gate", "notes")
"""The details after "Depends on" fold away (one click on the outline button brings them
back) so that the Gantt sits next to the dates on screen and on paper."""
LOOK_OF = {
    "start": "date",
    "end": "date",
    "progress": "percent",
    "effort_hours": "hours",
    "budget": "money",
    "depends_on": "id list",
}


def gantt_weeks(book: Book) -> list[date]:
    data = book.data
    weeks: list[date] = []
    if data.first is not None and data.last is not None and data.initiatives:
        week_start = data.plan.week_start
        current = data.first - timedelta(days=(data.first.weekday() - week_start) % 7)
        while current <= data.last:
            weeks.append(current)
            current += timedelta(days=7)
    return weeks


def write_timeline(book: Book, ws: Worksheet) -> None:
    data = book.data
    initiatives = data.initiatives
    fields = [name for _, name in TIMELINE_COLUMNS]
    book.widths(ws, [TIMELINE_WIDTHS.get(name, 12) for name in fields])
    weeks = gantt_weeks(book)
    gantt_col = len(fields) + 1  # 0-based, after a narrow gap
    book.widths(ws, [2], len(fields))
    book.widths(ws, [2.7] * len(weeks), gantt_col)
    folded = [fields.index(n) for n in FOLDED if n in fields]
    if folded:
        # xlsxwriter writes the sheet's outline level itself: Excel shows the "+" to open it
        for c in folded:
            width = round(TIMELINE_WIDTHS.get(fields[c], 12) * 7)
            ws.set_column_pixels(c, c, width, None, {"level": 1, "hidden": True})
    ws.freeze_panes(1, 2)
    book.print_setup(ws, 1)
    book.print_readable(ws, TIMELINE_PRINT_SCALE)
    ws.repeat_columns(0, 1)
    last_row = len(initiatives)  # 0-based: the header is row 0
    ws.autofilter(0, 0, last_row, len(fields) - 1)

    header = book.look("header")
    for c, (title, _) in enumerate(TIMELINE_COLUMNS):
        ws.write_string(0, c, title, header)
    # month headings in the week row itself (a row above the header would move the import
    # contract's header off row 1): a month's first week reads "Feb 1" after a white rule,
    # its other weeks "8", "15"…; every cell keeps its date
    plain_week = book.look("week header", num_format="d")
    month_week = book.look(
        "week header", num_format="mmm d", left=2, left_color="FFFFFF", bold=True
    )
    for k, week in enumerate(weeks):
        first_of_month = k == 0 or week.month != weeks[k - 1].month
        look = month_week if first_of_month else plain_week
        ws.write_number(0, gantt_col + k, float((week - date(1899, 12, 30)).days), look)
    ws.set_row(0, 42)
    if "depends_on" in fields and data.dependencies and last_row:
        letter = xl_col_to_name(fields.index("depends_on"))
        # IDs are text on purpose ("3", "3, 5"): no "number stored as text" warning on them
        ws.ignore_errors({"number_stored_as_text": f"{letter}2:{letter}{last_row + 1}"})

    predecessors: dict[int, list[int]] = defaultdict(list)
    for dep in data.dependencies:
        predecessors[dep.successor_id].append(dep.predecessor_id)
    kind_colours = {c.name: c.colour for c in data.channels}
    looks = {name: book.look(LOOK_OF.get(name, "text")) for name in fields}
    g0 = weeks[0] if weeks else None
    for row, initiative in enumerate(initiatives, 1):
        for c, name in enumerate(fields):
            value: Any
            if name == "depends_on":
                ids = sorted(predecessors.get(initiative.id or 0, []))
                value = ", ".join(map(str, ids))
            elif name == "status":
                value = initiative.status.value
            elif name == "progress":
                value = initiative.progress / 100  # a real percentage, shown as 0 %
            else:
                value = getattr(initiative, name)
            if name == "id":
                book.write(ws, row, c, value, None)
            elif isinstance(value, str) and name not in LOOK_OF:
                if value:
                    book.write_text(ws, row, c, value, looks[name])
            else:
                book.write(ws, row, c, value, looks[name] if value not in (None, "") else None)
        if g0 is None:
            continue
        colour = kind_colours.get(initiative.kind) or KIND_FALLBACK
        first = max(initiative.start, g0)
        last = min(initiative.end, weeks[-1] + timedelta(days=6))
        if first <= last:
            w0, w1 = (first - g0).days // 7, (last - g0).days // 7
            if initiative.is_milestone:
                ws.write_string(row, gantt_col + w0, "◆", book.milestone(colour))
            else:
                bar = book.chip(colour)
                for w in range(w0, w1 + 1):
                    ws.write_blank(row, gantt_col + w, None, bar)
    book.tick(len(initiatives))
