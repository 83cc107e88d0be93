"""The strategy timeline on paper: lanes down, months across, one row per initiative.

A row per initiative keeps every title readable on paper (the window packs bars into
shared rows, which needs zoom and hover). The date range is cut into whole months per
page, the rows into as many pages as they need; every page repeats the month headings,
the lane name and the label column.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPolygonF

from streamdesk.domain import Channel, Initiative, InitiativeStatus
from streamdesk.domain.balance import next_period_start, period_bounds
from streamdesk.report.canvas import MUTED, OUTSIDE, RULE, SHADE, SIZES, Canvas
from streamdesk.report.document import Page

LABEL_COLUMN = 170.0
ROW_PT = 14.0
LANE_PT = 15.0
HEADINGS_PT = 28.0
TIMELINE_MONTHS_PER_PAGE = 6  # months across one landscape page, at a readable width
DEFAULT_BAR = QColor("#8C8C8C")


@dataclass(frozen=True)
class Row:
    lane: str
    initiative: Initiative | None  # None: the lane's heading row
    continued: bool = False


def rows_for(
    initiatives: Sequence[Initiative], lanes: Sequence[str], first: date, last: date
) -> list[Row]:
    """Lane heading and initiative rows for those overlapping [first, last], in lane order."""
    rows: list[Row] = []
    for lane in lanes:
        members = [i for i in initiatives if i.lane == lane and i.start <= last and i.end >= first]
        if not members:
            continue
        rows.append(Row(lane, None))
        members.sort(key=lambda i: (i.start, i.end, i.id or 0))
        rows += [Row(lane, i) for i in members]
    return rows


def split_rows(rows: list[Row], height: float) -> list[list[Row]]:
    """Rows per page; a page that starts inside a lane repeats the lane's heading."""
    room = max(2, int((height - HEADINGS_PT) // ROW_PT))
    pages: list[list[Row]] = []
    current: list[Row] = []
    for row in rows:
        if len(current) >= room or (row.initiative is None and len(current) >= room - 1):
            pages.append(current)
            current = []
            if row.initiative is not None:
                current.append(Row(row.lane, None, continued=True))
        current.append(row)
    if current:
        pages.append(current)
    return pages


def month_chunks(first: date, last: date, months_per_page: int) -> list[tuple[date, date]]:
    """[start, end] of each page's columns: whole months, ``months_per_page`` at a time."""
    starts = period_bounds(first, last, "month")
    chunks = []
    for n in range(0, len(starts), months_per_page):
        group = starts[n : n + months_per_page]
        chunks.append((group[0], next_period_start(group[-1], "month") - timedelta(days=1)))
    return chunks


def kind_colours(channels: Sequence[Channel]) -> dict[str, QColor]:
    return {ch.name: QColor(ch.colour) for ch in channels}


def timeline_run(
    chunks: Sequence[tuple[date, date]],
    initiatives: Sequence[Initiative],
    lanes: Sequence[str],
    colours: dict[str, QColor],
    today: date | None,
    height: float,
    title: Callable[[date, date], str],
    name: str,
) -> list[Page]:
    """Landscape pages of the timeline: each chunk of months across, its lanes down over as
    many pages as they need (the client report's excerpt and the window's printout)."""
    pages = []
    for first, last in chunks:
        rows = rows_for(initiatives, lanes, first, last)
        for part in split_rows(rows, height) or [[]]:

            def draw(
                c: Canvas,
                body: QRectF,
                part: list[Row] = part,
                first: date = first,
                last: date = last,
            ) -> None:
                draw_timeline(
                    c,
                    body.adjusted(0, 4, 0, 0),
                    part,
                    first,
                    last,
                    colours,
                    today,
                    title=title(first, last),
                )

            pages.append(Page(draw, True, name))
    return pages


def draw_timeline(
    c: Canvas,
    area: QRectF,
    rows: Sequence[Row],
    first: date,
    last: date,
    colours: dict[str, QColor],
    today: date | None = None,
    title: str = "",
) -> None:
    """The initiatives of ``rows`` over [first, last] in ``area``; headings at the top."""
    top = area.top()
    if title:
        c.text(QRectF(area.left(), top, area.width(), 20), title, SIZES.heading, bold=True)
        top += 22
    days = (last - first).days + 1
    x0 = area.left() + LABEL_COLUMN
    width = area.right() - x0
    per_day = width / days

    def x_of(day: date) -> float:
        return x0 + (day - first).days * per_day

    # month headings and, when there is room, day numbers (else week starts)
    for month in period_bounds(first, last, "month"):
        start = max(month, first)
        end = min(next_period_start(month, "month"), last + timedelta(days=1))
        left, right = x_of(start), x_of(end)
        c.rect(QRectF(left, top, right - left, 13), SHADE, RULE, 0.5)
        c.text(
            QRectF(left + 3, top, right - left - 6, 13), f"{month:%B %Y}", SIZES.small, bold=True
        )
    ticks_top = top + 13
    grid_bottom = area.bottom()
    day = first
    show_days = per_day >= 11
    while day <= last:
        x = x_of(day)
        if day.day == 1:
            c.line(x, ticks_top, x, grid_bottom, RULE, 0.7)
        elif day.weekday() == 0:
            c.line(x, ticks_top + 13, x, grid_bottom, SHADE, 0.5)
        if show_days:
            c.text(
                QRectF(x, ticks_top, per_day, 13),
                str(day.day),
                SIZES.small,
                colour=MUTED,
                align=Qt.AlignmentFlag.AlignHCenter,
                elide=False,
            )
        elif day.weekday() == 0 and per_day * 7 >= 14:
            c.text(
                QRectF(x + 1, ticks_top, per_day * 7, 13), str(day.day), SIZES.small, colour=MUTED
            )
        day += timedelta(days=1)
    y = top + HEADINGS_PT
    c.line(area.left(), y, area.right(), y, RULE, 0.7)
    for row in rows:
        if row.initiative is None:
            c.rect(QRectF(area.left(), y, area.width(), LANE_PT), SHADE)
            name = row.lane + (" (continued)" if row.continued else "")
            c.text(
                QRectF(area.left() + 3, y, LABEL_COLUMN - 6, LANE_PT), name, SIZES.body, bold=True
            )
            y += LANE_PT
            continue
        initiative = row.initiative
        label = initiative.title
        c.text(QRectF(area.left() + 8, y, LABEL_COLUMN - 44, ROW_PT), label, SIZES.small)
        status = f"{initiative.progress} %"
        if initiative.status is InitiativeStatus.ON_HOLD:
            status = "on hold"
        c.text(
            QRectF(area.left() + LABEL_COLUMN - 38, y, 34, ROW_PT),
            status,
            SIZES.small,
            colour=MUTED,
            align=Qt.AlignmentFlag.AlignRight,
        )
        colour = colours.get(initiative.kind, DEFAULT_BAR)
        if initiative.is_milestone:
            cx = x_of(initiative.start) + per_day / 2
            cy = y + ROW_PT / 2
            diamond = QPolygonF(
                [c.p(cx, cy - 4.5), c.p(cx + 4.5, cy), c.p(cx, cy + 4.5), c.p(cx - 4.5, cy)]
            )
            c.painter.setPen(c.pen(colour.darker(140), 0.6))
            c.painter.setBrush(colour)
            c.painter.drawPolygon(diamond)
            text_x = cx + 7
        else:
            left = x_of(max(initiative.start, first))
            right = x_of(min(initiative.end, last) + timedelta(days=1))
            bar = QRectF(left, y + 3, max(1.5, right - left), ROW_PT - 6)
            c.rect(bar, _light(colour), colour.darker(130), 0.6, 1.5)
            if initiative.progress:
                whole = x_of(initiative.end + timedelta(days=1)) - x_of(initiative.start)
                done_right = x_of(initiative.start) + whole * initiative.progress / 100
                done = QRectF(
                    bar.left(), bar.top(), min(bar.right(), done_right) - bar.left(), bar.height()
                )
                if done.width() > 0:
                    c.rect(done, colour)
            text_x = bar.right() + 3
        if text_x < area.right() - 30:  # the title again beside the bar, as in the window
            c.text(
                QRectF(text_x, y, area.right() - text_x, ROW_PT), label, SIZES.small, colour=MUTED
            )
        c.line(area.left(), y + ROW_PT, area.right(), y + ROW_PT, SHADE, 0.4)
        y += ROW_PT
    if today is not None and first <= today <= last:
        x = x_of(today) + per_day / 2
        c.line(x, ticks_top, x, y, OUTSIDE, 0.9, Qt.PenStyle.DashLine)
    c.line(x0, top + 13, x0, y, RULE, 0.7)
    if not rows:
        c.text(
            QRectF(area.left(), y + 6, area.width(), 14),
            "No initiatives in this period.",
            SIZES.body,
            colour=MUTED,
        )


def _light(colour: QColor) -> QColor:
    return QColor(
        round(colour.red() * 0.35 + 255 * 0.65),
        round(colour.green() * 0.35 + 255 * 0.65),
        round(colour.blue() * 0.35 + 255 * 0.65),
    )
