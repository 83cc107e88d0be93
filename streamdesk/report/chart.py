"""The balance on paper, drawn as vectors: effort (or budget, or count) per period and the
upstream share against the plan's target band.

Drawn with QPainter rather than through matplotlib so the text stays text in the PDF's
own embedded font, at sizes the report controls (never under 8 pt).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainterPath

from streamdesk.domain import BalanceMeasure, Plan
from streamdesk.domain.balance import PeriodBalance, next_period_start, period_start
from streamdesk.report.canvas import (
    BAND,
    DOWNSTREAM,
    INK,
    MUTED,
    OUTSIDE,
    RULE,
    SHADE,
    SIZES,
    UPSTREAM,
    Canvas,
)

AXIS_PT = 46.0
CHART_PT = 300.0


def measure_values(plan: Plan, p: PeriodBalance) -> tuple[float, float]:
    if plan.measure is BalanceMeasure.BUDGET:
        return p.upstream_budget, p.downstream_budget
    if plan.measure is BalanceMeasure.COUNT:
        return p.upstream_count, float(p.downstream_count)
    return p.upstream_hours, p.downstream_hours


def measure_unit(plan: Plan) -> str:
    return {
        BalanceMeasure.BUDGET: plan.currency,
        BalanceMeasure.COUNT: "initiatives / items",
        BalanceMeasure.HOURS: "hours",
    }[plan.measure]


def period_name(p: PeriodBalance, by: str) -> str:
    return f"{p.start:%b %Y}" if by == "month" else f"{p.start:%-d %b}"


def nice_step(top: float) -> float:
    if top <= 0:
        return 1.0
    raw = top / 4
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if factor * power >= raw:
            return factor * power
    return 10 * power


def too_short_to_judge(p: PeriodBalance, by: str) -> bool:
    """A partial period holding less than half its days (1 to 3 days of a week, 1 to 14 or
    15 of a month): its share swings on a post or two, so health notes do not judge it."""
    first = period_start(p.start, by)
    whole_days = (next_period_start(first, by) - first).days
    return ((p.end - p.start).days + 1) * 2 < whole_days


def draw_balance(
    c: Canvas, area: QRectF, plan: Plan, periods: Sequence[PeriodBalance], by: str
) -> None:
    """Bars of the two streams per period above, the upstream share against the band below."""
    legend_y = area.top()
    x = area.left() + AXIS_PT
    for colour, name in ((UPSTREAM, "Upstream (strategy)"), (DOWNSTREAM, "Downstream (content)")):
        c.rect(QRectF(x, legend_y + 3, 10, 9), colour)
        c.text(QRectF(x + 13, legend_y, 140, 15), name, SIZES.small)
        x += 150
    c.rect(QRectF(x, legend_y + 3, 10, 9), _band_fill())
    c.text(
        QRectF(x + 13, legend_y, 200, 15),
        f"Target band {plan.band_low:.0%}–{plan.band_high:.0%}",
        SIZES.small,
    )
    top = legend_y + 30
    bars = QRectF(area.left() + AXIS_PT, top + 6, area.width() - AXIS_PT, area.height() * 0.52)
    share = QRectF(
        bars.left(), bars.bottom() + 34, bars.width(), area.bottom() - bars.bottom() - 50
    )
    n = max(1, len(periods))
    slot = bars.width() / n
    values = [measure_values(plan, p) for p in periods]
    peak = max([max(v) for v in values] + [0.0])
    step = nice_step(peak)
    ceiling = step * max(1, math.ceil(peak / step)) if peak > 0 else 4.0
    # y axis of the bars
    c.text(
        QRectF(area.left(), top - 10, AXIS_PT + 100, 12),
        measure_unit(plan),
        SIZES.small,
        colour=MUTED,
    )
    ticks = round(ceiling / step) if peak > 0 else 4
    for k in range(ticks + 1):
        value = k * (ceiling / ticks)
        y = bars.bottom() - bars.height() * value / ceiling
        c.line(bars.left(), y, bars.right(), y, SHADE if k else RULE, 0.5)
        label = f"{value:,.0f}" if ceiling >= 10 else f"{value:g}"
        c.text(
            QRectF(area.left(), y - 6, AXIS_PT - 4, 12),
            label,
            SIZES.small,
            colour=MUTED,
            align=Qt.AlignmentFlag.AlignRight,
        )
    every = max(1, math.ceil(n * 42 / bars.width()))  # a label needs about 42 pt
    for i, (p, (up, down)) in enumerate(zip(periods, values, strict=True)):
        left = bars.left() + i * slot
        w = slot * 0.36
        for k, (value, colour) in enumerate(((up, UPSTREAM), (down, DOWNSTREAM))):
            h = bars.height() * value / ceiling if ceiling else 0
            c.rect(QRectF(left + slot * 0.12 + k * w, bars.bottom() - h, w, h), colour)
        if i % every == 0:
            c.text(
                QRectF(left, bars.bottom() + 2, slot * every, 12),
                period_name(p, by),
                SIZES.small,
                colour=MUTED,
                align=Qt.AlignmentFlag.AlignHCenter if every == 1 else Qt.AlignmentFlag.AlignLeft,
            )
    # the share strip: 0–100 %, the band shaded, one point per period
    c.text(
        QRectF(area.left(), share.top() - 18, area.width(), 14),
        f"Upstream share by {plan.measure.value}",
        SIZES.small,
        bold=True,
        colour=MUTED,
    )
    c.rect(share, None, RULE, 0.5)
    band = QRectF(
        share.left(),
        share.bottom() - share.height() * plan.band_high,
        share.width(),
        share.height() * (plan.band_high - plan.band_low),
    )
    c.rect(band, _band_fill())
    for pct in (0.0, 0.5, 1.0):
        y = share.bottom() - share.height() * pct
        c.text(
            QRectF(area.left(), y - 6, AXIS_PT - 4, 12),
            f"{pct:.0%}",
            SIZES.small,
            colour=MUTED,
            align=Qt.AlignmentFlag.AlignRight,
        )
    path = QPainterPath()
    started = False
    points = []
    for i, p in enumerate(periods):
        if p.upstream_share is None:
            started = False
            continue
        point = QPointF(
            share.left() + (i + 0.5) * slot, share.bottom() - share.height() * p.upstream_share
        )
        # a few days cut from a period are not judged (the table and notes say so): a
        # hollow grey dot, not a red one the reader takes for a missed band
        points.append((point, None if too_short_to_judge(p, by) else p.in_band))
        if started:
            path.lineTo(c.p(point.x(), point.y()))
        else:
            path.moveTo(c.p(point.x(), point.y()))
            started = True
    c.painter.setPen(c.pen(INK, 0.9))
    c.painter.setBrush(Qt.BrushStyle.NoBrush)
    c.painter.drawPath(path)
    for point, in_band in points:
        radius = 2.6 * c.unit
        if in_band is None:
            c.painter.setPen(c.pen(MUTED, 0.9))
            c.painter.setBrush(QColor("white"))
        else:
            colour = BAND if in_band else OUTSIDE
            c.painter.setPen(c.pen(colour.darker(120), 0.5))
            c.painter.setBrush(colour)
        c.painter.drawEllipse(c.p(point.x(), point.y()), radius, radius)
    unjudged = any(in_band is None for _, in_band in points)
    c.text(
        QRectF(share.left(), share.bottom() + 2, share.width(), 12),
        "green: inside the band · red: outside"
        + (" · hollow: too few days to judge" if unjudged else ""),
        SIZES.small,
        colour=MUTED,
    )


def _band_fill() -> QColor:
    colour = QColor(BAND)
    return QColor(
        round(colour.red() * 0.25 + 255 * 0.75),
        round(colour.green() * 0.25 + 255 * 0.75),
        round(colour.blue() * 0.25 + 255 * 0.75),
    )
