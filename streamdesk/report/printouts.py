"""What File → Print lays out: the calendar's current view and the whole timeline.

The same renderers as the client report (month grid, channel × week grid, timeline),
fed with what the window shows: its month, its layout and the items its filter keeps.
The caller reads the plan (storage) and the view's state; these functions only paginate.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor

from streamdesk.domain import Channel, Initiative, Item
from streamdesk.report.calendar_page import (
    LEGEND_ROW,
    channel_rows_per_page,
    draw_channel_weeks,
    draw_month,
    quarter_weeks,
)
from streamdesk.report.canvas import Canvas
from streamdesk.report.data import lane_order
from streamdesk.report.document import Page, Sheet
from streamdesk.report.flow import Cell, Column, Flow
from streamdesk.report.timeline_page import (
    TIMELINE_MONTHS_PER_PAGE,
    kind_colours,
    month_chunks,
    timeline_run,
)


def month_end(month: date) -> date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def quarter_of(month: date) -> date:
    return date(month.year, 1 + 3 * ((month.month - 1) // 3), 1)


def month_pages(
    sheet: Sheet,
    month: date,
    items: Sequence[Item],
    channels: dict[int, Channel],
    week_start: int,
    note: str = "",
) -> list[Page]:
    """The month as the calendar shows it: one landscape page (the sheet is the same for
    every month; it is taken for a uniform signature with the other printouts)."""
    items = list(items)

    def draw(c: Canvas, body: QRectF) -> None:
        draw_month(
            c,
            body.adjusted(0, 4, 0, 0),
            month,
            items,
            channels,
            week_start,
            (month, month_end(month)),
            note=note,
        )

    return [Page(draw, True, "Calendar")]


def quarter_pages(
    sheet: Sheet,
    quarter: date,
    items: Sequence[Item],
    rows: Sequence[Channel],
    channels: dict[int, Channel],
    week_start: int,
    note: str = "",
) -> list[Page]:
    """The channel × week grid of a quarter; channels over as many pages as they need."""
    weeks = quarter_weeks(quarter, week_start)
    last = month_end(date(quarter.year, quarter.month + 2, 1))
    size = sheet.size(True)
    legend = 2 * LEGEND_ROW + 4 + (LEGEND_ROW if len(rows) > 6 else 0)
    per_page = channel_rows_per_page(size.height(), legend)
    title = f"Q{(quarter.month - 1) // 3 + 1} {quarter.year} · {quarter:%b}–{last:%b} by channel"
    if note:
        title += f" · {note}"
    items = list(items)
    pages = []
    rows = list(rows)
    for n in range(0, max(1, len(rows)), per_page):
        part = rows[n : n + per_page]

        def draw(c: Canvas, body: QRectF, part: list[Channel] = part) -> None:
            draw_channel_weeks(
                c,
                body.adjusted(0, 4, 0, 0),
                weeks,
                part,
                items,
                channels,
                title,
                (quarter, last),
            )

        pages.append(Page(draw, True, "Calendar"))
    return pages


def list_pages(
    sheet: Sheet,
    title: str,
    items: Sequence[Item],
    channels: dict[int, Channel],
    initiatives: dict[int, str],
    note: str = "",
) -> list[Page]:
    flow = Flow(sheet.size(True), landscape=True, section="Calendar")
    flow.heading(title)
    if note:
        flow.note(note)
    rows: list[list[Cell | str]] = []
    for item in items:
        channel = channels.get(item.channel_id)
        rows.append(
            [
                f"{item.date:%a %-d %b}",
                item.time.strftime("%H:%M") if item.time else "",
                Cell(
                    channel.name if channel else "?",
                    QColor(channel.colour) if channel else None,
                ),
                item.title,
                item.status.value,
                item.owner,
                initiatives.get(item.initiative_id or -1, ""),
            ]
        )
    flow.table(
        [
            Column("Date", 1.3),
            Column("Time", 0.55),
            Column("Channel", 1.6),
            Column("Title", 4),
            Column("Status", 0.9),
            Column("Owner", 1.1),
            Column("Initiative", 2),
        ],
        rows,
        empty="No items match.",
    )
    return flow.pages()


def timeline_pages(
    sheet: Sheet,
    initiatives: Sequence[Initiative],
    channels: Sequence[Channel],
    today: date | None = None,
    months_per_page: int = TIMELINE_MONTHS_PER_PAGE,
) -> list[Page]:
    """The whole plan's initiatives: months across pages, lanes down as many as needed."""
    size = sheet.size(True)
    colours = kind_colours(channels)
    lanes = lane_order(list(initiatives))
    if not initiatives:
        today = today or date.today()
        first, last = today.replace(day=1), month_end(today)
        chunks = [(first, last)]
    else:
        first = min(i.start for i in initiatives)
        last = max(i.end for i in initiatives)
        chunks = month_chunks(first, last, months_per_page)
    return timeline_run(
        chunks,
        initiatives,
        lanes,
        colours,
        today,
        size.height() - 26,
        lambda start, end: f"Strategy timeline · {start:%b %Y} – {end:%b %Y}",
        "Timeline",
    )


def quarter_weeks_first(quarter: date, week_start: int) -> date:
    """The first day the quarter's channel grid shows (the start of its first week)."""
    return quarter_weeks(quarter, week_start)[0]
