"""The content calendar on paper: a month grid and a channel × week grid, with their keys.

Shared by the client report and File → Print, so both read the same on paper. Every chip
starts with its channel's short code (so black-and-white copies keep the channel), its
text is elided inside the chip's padding, and a legend on the page names each code and
colour next to the status key. Days outside the period are shaded and left empty.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from datetime import date, timedelta

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainterPath

from streamdesk.domain import WEEKDAYS, Channel, Item, ItemStatus, readable_text_colour
from streamdesk.domain.channels import channel_codes
from streamdesk.report.canvas import INK, MUTED, RULE, SHADE, SIZES, Canvas

CHIP_PT = 11.5  # an 8 pt line with its padding
LINE_PT = 9.5  # each further line of a chip
CHIP_GAP = 1.5
LEGEND_ROW = 13.0
SOLID = (ItemStatus.READY, ItemStatus.SCHEDULED, ItemStatus.PUBLISHED)
WHITE = QColor("#FFFFFF")
OUT_OF_PERIOD = QColor("#E4E4E4")


def _mix(colour: QColor, share: float) -> QColor:
    """``share`` of ``colour`` on white paper."""
    return QColor(
        round(colour.red() * share + 255 * (1 - share)),
        round(colour.green() * share + 255 * (1 - share)),
        round(colour.blue() * share + 255 * (1 - share)),
    )


def chip_fill(status: ItemStatus, colour: QColor) -> tuple[QColor, QColor]:
    """(fill, text) of a chip: as in the window, on white paper."""
    if status in SOLID:
        fill = colour
    elif status is ItemStatus.DRAFT:
        fill = _mix(colour, 0.35)
    elif status is ItemStatus.CANCELLED:
        fill = _mix(colour, 0.18)
    else:
        fill = WHITE
    if status is ItemStatus.IDEA:
        return fill, INK
    return fill, QColor(readable_text_colour(fill.name().upper()))


REPEAT_MARK = "↻"
"""An occurrence of a series, as the window's chips mark it: the printed calendar showed the
rhythm nowhere, though the weekly newsletter and the LinkedIn posts were series."""


def chip_label(item: Item) -> str:
    mark = f"{REPEAT_MARK} " if item.series_id is not None else ""
    if item.time is not None:
        return f"{mark}{item.time.strftime('%H:%M')} {item.title}"
    return mark + item.title


def draw_chip(
    c: Canvas,
    rect: QRectF,
    item: Item | None,
    status: ItemStatus,
    colour: QColor,
    code: str,
    label: str,
) -> None:
    """One chip: channel code in bold, then the label, inside 2.5 pt of padding.

    A chip taller than one line wraps its label at a word onto a second line and elides
    only what is left, so text never leaves its chip or its day.
    """
    fill, ink = chip_fill(status, colour)
    style = Qt.PenStyle.DashLine if status is ItemStatus.IDEA else Qt.PenStyle.SolidLine
    border = colour.darker(125) if status in SOLID else colour
    c.rect(rect, fill, border, 0.6, 2.0, style)
    inner = rect.adjusted(2.5, 0, -2.5, 0)
    if status in (ItemStatus.SCHEDULED, ItemStatus.PUBLISHED) and inner.width() > 40:
        box = QRectF(inner.right() - 7, rect.top() + (CHIP_PT - 7) / 2, 7, 7)
        _marker(c, box, status, ink)
        inner.setRight(box.left() - 1.5)
    strike = status is ItemStatus.CANCELLED
    code_width = c.width_of(code, SIZES.small, True) + 3 if code else 0.0
    if code:
        c.text(
            QRectF(inner.left(), rect.top(), code_width, CHIP_PT),
            code,
            SIZES.small,
            bold=True,
            colour=ink,
            elide=False,
        )
    lines = max(1, round(rect.height() / LINE_PT))
    first_width = inner.width() - code_width
    first, rest = label, ""
    if lines > 1 and c.width_of(label, SIZES.small) > first_width:
        first, rest = split_line(c, label, first_width)
    c.text(
        QRectF(inner.left() + code_width, rect.top(), first_width, CHIP_PT),
        first,
        SIZES.small,
        colour=ink,
        strike=strike,
    )
    if rest:
        c.text(
            QRectF(inner.left(), rect.top() + LINE_PT, rect.right() - 2.5 - inner.left(), CHIP_PT),
            rest,
            SIZES.small,
            colour=ink,
            strike=strike,
        )


def split_line(c: Canvas, text: str, width: float) -> tuple[str, str]:
    """The words of ``text`` that fit in ``width`` (at least one), and the rest."""
    words = text.split(" ")
    taken = 1
    while taken < len(words) and c.width_of(" ".join(words[: taken + 1]), SIZES.small) <= width:
        taken += 1
    return " ".join(words[:taken]), " ".join(words[taken:])


def _marker(c: Canvas, box: QRectF, status: ItemStatus, ink: QColor) -> None:
    p = c.painter
    p.setPen(c.pen(ink, 0.8))
    p.setBrush(Qt.BrushStyle.NoBrush)
    b = c.r(box)
    if status is ItemStatus.SCHEDULED:  # a clock
        p.drawEllipse(b)
        centre = b.center()
        p.drawLine(centre, QPointF(centre.x(), b.top() + b.height() * 0.25))
        p.drawLine(centre, QPointF(b.right() - b.width() * 0.25, centre.y()))
    else:  # a check mark
        path = QPainterPath(QPointF(b.left(), b.center().y()))
        path.lineTo(QPointF(b.left() + b.width() * 0.4, b.bottom()))
        path.lineTo(QPointF(b.right(), b.top()))
        p.drawPath(path)


def legend_height(
    c: Canvas, channels: Sequence[Channel], codes: dict[int, str], width: float
) -> float:
    return _legend(c, None, channels, codes, width)


def draw_legend(
    c: Canvas, origin: QPointF, channels: Sequence[Channel], codes: dict[int, str], width: float
) -> float:
    return _legend(c, origin, channels, codes, width)


STATUS_KEY = (
    (ItemStatus.IDEA, "idea"),
    (ItemStatus.DRAFT, "draft"),
    (ItemStatus.READY, "ready"),
    (ItemStatus.SCHEDULED, "scheduled"),
    (ItemStatus.PUBLISHED, "published"),
    (ItemStatus.CANCELLED, "cancelled"),
)


def _legend(
    c: Canvas,
    origin: QPointF | None,
    channels: Sequence[Channel],
    codes: dict[int, str],
    width: float,
) -> float:
    """Lay out (and with an origin, draw) the channel legend and the status key; its height."""
    x0 = origin.x() if origin else 0.0
    y = origin.y() if origin else 0.0
    x = x0
    size = SIZES.small
    entries = [(ch, codes.get(ch.id or -1, "")) for ch in channels]
    rows = 1
    for channel, code in entries:
        w = 14 + c.width_of(code, size, True) + 4 + c.width_of(channel.name, size) + 12
        if x + w > x0 + width and x > x0:
            x = x0
            y += LEGEND_ROW
            rows += 1
        if origin:
            colour = QColor(channel.colour)
            c.rect(QRectF(x, y + 2, 10, 9), colour, colour.darker(125), 0.5, 1.5)
            cw = c.width_of(code, size, True) + 4
            c.text(QRectF(x + 13, y, cw, LEGEND_ROW), code, size, bold=True, elide=False)
            c.text(QRectF(x + 13 + cw, y, w - cw - 13, LEGEND_ROW), channel.name, size, elide=False)
        x += w
    # the status key, on its own row: a grey chip drawn in each style
    y += LEGEND_ROW
    rows += 1
    x = x0
    if origin:
        c.text(QRectF(x, y, 40, LEGEND_ROW), "Status:", size, bold=True, colour=MUTED)
    x += 40
    grey = QColor("#7A7A7A")
    for status, name in STATUS_KEY:
        w = 16 + c.width_of(name, size) + 12
        if x + w > x0 + width:
            x = x0 + 40
            y += LEGEND_ROW
            rows += 1
        if origin:
            draw_chip(c, QRectF(x, y + 1.5, w - 6, CHIP_PT - 1.5), None, status, grey, "", name)
        x += w
    key = f"{REPEAT_MARK} repeats"
    w = c.width_of(key, size) + 12
    if x + w > x0 + width:
        x = x0 + 40
        y += LEGEND_ROW
        rows += 1
    if origin:
        c.text(QRectF(x + 4, y, w, LEGEND_ROW), key, size, colour=MUTED, elide=False)
    return rows * LEGEND_ROW + 4


def month_weeks(month: date, week_start: int) -> list[date]:
    """The first day of each displayed week of ``month`` (5 or 6 rows, as in the window)."""
    first = month.replace(day=1)
    start = first - timedelta(days=(first.weekday() - week_start) % 7)
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    weeks = []
    while start <= last:
        weeks.append(start)
        start += timedelta(days=7)
    return weeks


def draw_month(
    c: Canvas,
    area: QRectF,
    month: date,
    items: Sequence[Item],
    channels: dict[int, Channel],
    week_start: int,
    period: tuple[date, date] | None = None,
    title: str | None = None,
    note: str = "",
) -> None:
    """A month grid filling ``area``: title, legend and status key, weekday row, the weeks."""
    codes = channel_codes(channels.values())
    used_ids = {i.channel_id for i in items}
    used = [ch for ch in channels.values() if ch.id in used_ids]
    used.sort(key=lambda ch: (ch.position, ch.name))
    y = area.top()
    c.text(
        QRectF(area.left(), y, area.width() * 0.6, 20),
        title or month.strftime("%B %Y"),
        SIZES.heading,
        bold=True,
    )
    if note:
        c.text(
            QRectF(area.left() + area.width() * 0.4, y, area.width() * 0.6, 20),
            note,
            SIZES.small,
            colour=MUTED,
            align=Qt.AlignmentFlag.AlignRight,
        )
    y += 22
    y += draw_legend(c, QPointF(area.left(), y), used, codes, area.width())
    weeks = month_weeks(month, week_start)
    col = area.width() / 7
    for n in range(7):
        name = WEEKDAYS[(week_start + n) % 7]
        c.text(
            QRectF(area.left() + n * col + 3, y, col - 6, 13),
            name,
            SIZES.small,
            bold=True,
            colour=MUTED,
        )
    y += 14
    row = (area.bottom() - y) / len(weeks)
    by_day: dict[date, list[Item]] = {}
    for item in items:
        by_day.setdefault(item.date, []).append(item)
    first, last = period if period else (date.min, date.max)
    for w, week in enumerate(weeks):
        for n in range(7):
            day = week + timedelta(days=n)
            cell = QRectF(area.left() + n * col, y + w * row, col, row)
            in_month = day.month == month.month
            in_period = first <= day <= last
            shade = None if in_month and in_period else (OUT_OF_PERIOD if in_month else SHADE)
            c.rect(cell, shade, RULE, 0.5)
            c.text(
                QRectF(cell.left() + 3, cell.top() + 1, cell.width() - 6, 11),
                str(day.day),
                SIZES.small,
                bold=in_month,
                colour=INK if in_month and in_period else MUTED,
            )
            if in_month and not in_period:
                c.text(
                    QRectF(cell.left() + 3, cell.top() + 12, cell.width() - 6, 11),
                    "outside the period",
                    SIZES.small,
                    colour=MUTED,
                )
            if not (in_month and in_period):
                continue
            _chips(c, cell, by_day.get(day, []), channels, codes)


def _chips(
    c: Canvas,
    cell: QRectF,
    items: Sequence[Item],
    channels: dict[int, Channel],
    codes: dict[int, str],
) -> None:
    entries = []
    for item in items:
        channel = channels.get(item.channel_id)
        colour = QColor(channel.colour if channel else "#808080")
        entries.append((item, colour, codes.get(item.channel_id, "?"), chip_label(item)))
    stack_chips(c, cell.adjusted(2.5, 13, -2.5, -2), entries)


def stack_chips(c: Canvas, area: QRectF, entries: Sequence[tuple[Item, QColor, str, str]]) -> None:
    """Chips top to bottom in ``area``; two lines each where all fit so, "+N more" if not."""
    room = int((area.height() + CHIP_GAP) // (CHIP_PT + CHIP_GAP))
    two = CHIP_PT + LINE_PT
    tall = bool(entries) and len(entries) * (two + CHIP_GAP) <= area.height() + CHIP_GAP
    shown = entries if len(entries) <= room else entries[: max(0, room - 1)]
    y = area.top()
    for item, colour, code, label in shown:
        needs_two = tall and c.width_of(f"{code} {label}", SIZES.small) > area.width() - 14
        rect = QRectF(area.left(), y, area.width(), two if needs_two else CHIP_PT)
        draw_chip(c, rect, item, item.status, colour, code, label)
        y = rect.bottom() + CHIP_GAP
    hidden = len(entries) - len(shown)
    if hidden:
        c.text(
            QRectF(area.left() + 0.5, y, area.width() - 1, CHIP_PT),
            f"+{hidden} more",
            SIZES.small,
            bold=True,
            colour=MUTED,
        )


def quarter_weeks(quarter: date, week_start: int) -> list[date]:
    first = quarter.replace(day=1)
    end_month = quarter.month + 2
    last_month = date(quarter.year + (end_month - 1) // 12, (end_month - 1) % 12 + 1, 1)
    last = last_month.replace(day=calendar.monthrange(last_month.year, last_month.month)[1])
    start = first - timedelta(days=(first.weekday() - week_start) % 7)
    weeks = []
    while start <= last:
        weeks.append(start)
        start += timedelta(days=7)
    return weeks


CHANNEL_COLUMN = 92.0


def channel_rows_per_page(height: float, legend: float) -> int:
    return max(1, int((height - 22 - legend - 26) // (CHIP_PT * 2 + CHIP_GAP + 6)))


def draw_channel_weeks(
    c: Canvas,
    area: QRectF,
    weeks: Sequence[date],
    rows: Sequence[Channel],
    items: Sequence[Item],
    channels: dict[int, Channel],
    title: str,
    period: tuple[date, date] | None = None,
) -> None:
    """Channels down, weeks across: each cell lists its items (day and title) as chips."""
    codes = channel_codes(channels.values())
    c.text(QRectF(area.left(), area.top(), area.width(), 20), title, SIZES.heading, bold=True)
    y = area.top() + 22
    y += draw_legend(c, QPointF(area.left(), y), list(rows), codes, area.width())
    col = (area.width() - CHANNEL_COLUMN) / max(1, len(weeks))
    for n, week in enumerate(weeks):
        x = area.left() + CHANNEL_COLUMN + n * col
        c.text(
            QRectF(x + 2, y, col - 4, 12), f"{week:%-d %b}", SIZES.small, bold=True, colour=MUTED
        )
        c.text(
            QRectF(x + 2, y + 11, col - 4, 12),
            f"wk {week.isocalendar()[1]}",
            SIZES.small,
            colour=MUTED,
        )
    y += 26
    row_h = (area.bottom() - y) / max(1, len(rows))
    first, last = period if period else (date.min, date.max)
    cells: dict[tuple[int, int], list[Item]] = {}
    for item in items:
        n = (item.date - weeks[0]).days // 7
        if 0 <= n < len(weeks):
            cells.setdefault((item.channel_id, n), []).append(item)
    for r, channel in enumerate(rows):
        top = y + r * row_h
        colour = QColor(channel.colour)
        c.rect(QRectF(area.left(), top, CHANNEL_COLUMN, row_h), None, RULE, 0.5)
        c.rect(QRectF(area.left() + 2, top + 3, 4, row_h - 6), colour)
        code = codes.get(channel.id or -1, "")
        c.text(
            QRectF(area.left() + 9, top + 2, CHANNEL_COLUMN - 11, 12), code, SIZES.small, bold=True
        )
        c.text(
            QRectF(area.left() + 9, top + 13, CHANNEL_COLUMN - 11, 12), channel.name, SIZES.small
        )
        for n, week in enumerate(weeks):
            cell = QRectF(area.left() + CHANNEL_COLUMN + n * col, top, col, row_h)
            inside = first <= week + timedelta(days=6) and week <= last
            c.rect(cell, None if inside else OUT_OF_PERIOD, RULE, 0.5)
            found = cells.get((channel.id or -1, n), [])
            stack_chips(
                c,
                cell.adjusted(1.5, 2, -1.5, -2),
                [(i, colour, "", f"{i.date:%-d} {i.title}") for i in found],
            )
