"""The Content sheet (the import contract's table) and the hidden Lists its drop-downs use."""

from __future__ import annotations

from xlsxwriter.utility import quote_sheetname, xl_col_to_name
from xlsxwriter.worksheet import Worksheet

from streamdesk.domain import ItemStatus, readable_text_colour
from streamdesk.excel.columns import CONTENT_COLUMNS, CONTENT_EXTRA_COLUMNS, CONTENT_SHEET
from streamdesk.excel.export_data import ExportData, content_fields, extra_fields
from streamdesk.excel.xlsx_book import Book, _hex

LISTS_SHEET = "Lists"
"""Hidden sheet holding the drop-down values the validations refer to."""
EXTRA_VALIDATED_ROWS = 500
"""Rows below the last item that still get the drop-downs, for items the client adds."""
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
    "repeats": 30,
    "planned_for": 12,
}
CONTENT_CLIENT_COLUMNS = 8
"""Content columns A–H (ID to Owner: what a client reads) print first, on the page's
width; campaign, initiative, effort, cost, link, notes and results follow as a second
range, so every page reads at 8 pt or more."""
CONTENT_PRINT_SCALE = 78  # A–H fit a landscape A4 or Letter width at this scale
TEXT_FIELDS = frozenset(
    {"channel", "format", "title", "status", "owner", "campaign", "initiative", "notes", "repeats"}
)
LOOK_OF = {
    "date": ("date", "date"),
    "time": ("time", "time"),
    "cost": ("money", "number"),
    "actual_cost": ("money", "number"),
    "effort_hours": ("hours", "number"),
    "reach": ("count", "number"),
    "clicks": ("count", "number"),
    "conversions": ("count", "number"),
    "planned_for": ("date", "date"),
}
"""field -> (look, kind of value) for the columns that are not plain text or plain numbers."""


def repeats_width(data: ExportData) -> float:
    """Wide enough for the longest rule in words: rendered by LibreOffice, the fixed 30
    cut "Every week on Mon, Wed and Fri until 31 Dec 2026 (series 2)" before its series
    id, the part a re-import reads. About 1.5 characters fit a width unit; capped at 64."""
    longest = max(
        (len(f"{s.describe()} (series {sid}, moved on its own)") for sid, s in data.series.items()),
        default=0,
    )
    return min(64.0, max(float(CONTENT_WIDTHS["repeats"]), longest / 1.5 + 2))


def write_content(book: Book, ws: Worksheet) -> None:
    data = book.data
    fields = [name for _, name in CONTENT_COLUMNS]
    fields += [name for _, name in CONTENT_EXTRA_COLUMNS]  # for the client: import skips them
    col = {name: index for index, name in enumerate(fields)}
    widths = {**CONTENT_WIDTHS, "repeats": repeats_width(data)}
    book.widths(ws, [widths.get(name, 12) for name in fields])
    ws.freeze_panes(1, 0)
    book.print_setup(ws, 1)
    last_row = len(data.items)  # 0-based: the header is row 0
    last_col = len(fields) - 1
    book.print_readable(ws, CONTENT_PRINT_SCALE)
    # two print ranges: the client's columns first, the rest after
    split = CONTENT_CLIENT_COLUMNS - 1
    ws.print_area(0, 0, last_row, split)
    sheet = quote_sheetname(CONTENT_SHEET)
    n = last_row + 1
    ws.print_area_range = (
        f"{sheet}!$A$1:${xl_col_to_name(split)}${n},"
        f"{sheet}!${xl_col_to_name(split + 1)}$1:${xl_col_to_name(last_col)}${n}"
    )
    ws.autofilter(0, 0, last_row, last_col)
    add_validations(book, ws, col, last_row)
    add_channel_colours(book, ws, col, last_row)

    ws.set_row(0, 20)
    header = book.look("header")
    for c, (title, _) in enumerate((*CONTENT_COLUMNS, *CONTENT_EXTRA_COLUMNS)):
        ws.write_string(0, c, title, header)

    writers = []
    link_col = col["link"]
    getters = [*content_fields(data), *extra_fields(data)]
    for name, getter in zip(fields, getters, strict=True):
        if name == "link":
            continue
        look, kind = LOOK_OF.get(name, (None, "text" if name in TEXT_FIELDS else "number"))
        fmt = book.look(look) if look else None
        writers.append((col[name], getter, book.writer_for(ws, fmt, kind)))
    link_look = book.look("link")
    text = book.write_text
    step = 1000
    for row, item in enumerate(data.items, 1):
        for c, getter, write in writers:
            write(row, c, getter(item))
        link = item.link
        if link:
            linked = link.lower().startswith(LINK_SCHEMES) and book.safe_link(
                ws, row, link_col, link, link_look
            )
            if not linked:
                text(ws, row, link_col, link)
        if row % step == 0:
            book.tick(step)
    book.tick(len(data.items) % step)


def add_validations(book: Book, ws: Worksheet, col: dict[str, int], last_row: int) -> None:
    end = last_row + EXTRA_VALIDATED_ROWS
    lists = f"'{LISTS_SHEET}'"  # quoted, as Excel writes it
    for name, list_col, count, what in (
        ("status", "A", len(ItemStatus), "status"),
        ("channel", "B", len(book.data.channels), "channel"),
    ):
        if name not in col or count == 0:
            continue
        c = col[name]
        ws.data_validation(
            1,
            c,
            end,
            c,
            {
                "validate": "list",
                "source": f"={lists}!${list_col}$2:${list_col}${count + 1}",
                "ignore_blank": False,
                "show_error": True,
                "error_title": f"Unknown {what}",
                "error_message": f"Choose a {what} from the list.",
                "input_title": what.capitalize(),
                "input_message": f"Pick the item's {what}.",
                "show_input": False,
            },
        )


def add_channel_colours(book: Book, ws: Worksheet, col: dict[str, int], last_row: int) -> None:
    """Channel cells take their channel's colour (conditional formats: no per-cell cost)."""
    if "channel" not in col or last_row < 1:
        return
    c = col["channel"]
    for channel in book.data.channels:
        name = channel.name.replace('"', '""')
        fmt = book.wb.add_format(
            {
                "bg_color": _hex(channel.colour),
                "font_color": _hex(readable_text_colour(channel.colour)),
            }
        )
        ws.conditional_format(
            1,
            c,
            last_row + EXTRA_VALIDATED_ROWS,
            c,
            {"type": "cell", "criteria": "==", "value": f'"{name}"', "format": fmt},
        )


def write_lists(book: Book, ws: Worksheet) -> None:
    ws.hide()
    book.widths(ws, [12, 20])
    statuses = [s.value for s in ItemStatus]
    channels = [c.name for c in book.data.channels]
    header = book.look("header")
    ws.write_string(0, 0, "Status", header)
    ws.write_string(0, 1, "Channel", header)
    for row, status in enumerate(statuses, 1):
        ws.write_string(row, 0, status)
    for row, channel in enumerate(channels, 1):
        book.write_text(ws, row, 1, channel)
