"""The client report: sections laid out into pages, written as a vector PDF.

Order: cover (key figures and contents), balance, calendar (a month grid per month),
strategy timeline excerpt, planned vs what ran, results by initiative and channel,
health notes. Portrait for reading, landscape for the grids.
"""

from __future__ import annotations

import os
from datetime import date, timedelta

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPageSize

from streamdesk.domain import Channel, Item, ItemStatus, Stream
from streamdesk.domain.balance import PeriodBalance, next_period_start, period_start
from streamdesk.domain.cadence import PeriodCount
from streamdesk.report.calendar_page import draw_month
from streamdesk.report.canvas import BAND, INK, MUTED, OUTSIDE, SHADE, SIZES, Canvas
from streamdesk.report.chart import CHART_PT, draw_balance, measure_values, too_short_to_judge
from streamdesk.report.data import ReportData, ReportPeriod, gather
from streamdesk.report.document import Page, Running, Sheet, write_pdf
from streamdesk.report.flow import Cell, Column, Flow
from streamdesk.report.timeline_page import (
    TIMELINE_MONTHS_PER_PAGE,
    kind_colours,
    month_chunks,
    timeline_run,
)
from streamdesk.storage import PlanFile

SECTIONS = (
    "Balance",
    "Calendar",
    "Strategy timeline",
    "Planned and done",
    "Results",
    "Health notes",
)
DAY = timedelta(days=1)
MAX_LISTED = 40  # items listed by name under a note; the rest are counted


def money(value: float, currency: str) -> str:
    return f"{value:,.0f} {currency}"


def period_span(p: PeriodBalance, by: str) -> str:
    """A week as its days ("30 Nov – 6 Dec"), a month as its name ("March 2026"); one cut
    by the report's period is marked partial ("15 – 31 March 2026 (partial)")."""
    whole = next_period_start(period_start(p.start, by, p.start.weekday()), by) == p.end + DAY
    if by == "month":
        if whole and p.start.day == 1:
            return f"{p.start:%B %Y}"
        if p.start == p.end:
            return f"{p.start:%-d %B %Y} (partial)"
        return f"{p.start:%-d} – {p.end:%-d %B %Y} (partial)"
    days = f"{p.start:%-d %b}" if p.start == p.end else f"{p.start:%-d %b} – {p.end:%-d %b}"
    return days + ("" if whole else " (partial)")


def running_for(data: ReportData) -> Running:
    plan = data.plan
    left = plan.name + (f" · {plan.client}" if plan.client else "")
    return Running(
        left=left,
        right=f"Client report · {data.period.label}",
        footer=f"StreamDesk · {data.today:%-d %B %Y}",
    )


def build_pages(data: ReportData, sheet: Sheet) -> list[Page]:
    pages: list[Page] = []
    sections: list[tuple[str, int]] = []

    def add(name: str, new: list[Page]) -> None:
        sections.append((name, len(pages) + 2))  # the cover is page 1
        pages.extend(new)

    add("Balance", balance_pages(data, sheet))
    add("Calendar", calendar_pages(data, sheet))
    add("Strategy timeline", timeline_pages(data, sheet))
    add("Planned and done", outcome_pages(data, sheet))
    add("Results", results_pages(data, sheet))
    add("Health notes", health_pages(data, sheet))

    def cover(c: Canvas, body: QRectF) -> None:
        draw_cover(c, body, data, sections)

    return [Page(cover, False, "Cover"), *pages]


def draw_cover(c: Canvas, body: QRectF, data: ReportData, sections: list[tuple[str, int]]) -> None:
    plan = data.plan
    x, w = body.left(), body.width()
    y = body.top() + 60
    c.text(QRectF(x, y, w, 16), "CLIENT REPORT", SIZES.subheading, bold=True, colour=MUTED)
    y += 24
    c.text(QRectF(x, y, w, 34), plan.name, SIZES.title, bold=True)
    y += 40
    if plan.client:
        c.text(QRectF(x, y, w, 20), f"for {plan.client}", SIZES.heading)
        y += 26
    c.text(QRectF(x, y, w, 20), data.period.label, SIZES.heading, colour=MUTED)
    y += 22
    c.text(
        QRectF(x, y, w, 14),
        f"{data.period.start:%-d %B %Y} to {data.period.end:%-d %B %Y} · prepared "
        f"{data.today:%-d %B %Y}",
        SIZES.body,
        colour=MUTED,
    )
    y += 40
    total = data.total
    share = data.health.share
    inside = data.health.share_in_band
    reach = sum(r.reach for r in data.by_channel)
    conversions = sum(r.conversions for r in data.by_channel)
    figures = [
        ("Content planned", f"{total.planned:,}", INK),
        ("Published", f"{total.published:,}", INK),
        ("Missed", f"{total.missed:,}", OUTSIDE if total.missed else INK),
        (
            "Upstream share",
            "–" if share is None else f"{share:.0%}",
            INK if inside is None else (BAND if inside else OUTSIDE),
        ),
        ("Reach", f"{reach:,}", INK),
        ("Conversions", f"{conversions:,}", INK),
    ]
    box_w = (w - 2 * 12) / 3
    for n, (label, value, colour) in enumerate(figures):
        bx = x + (n % 3) * (box_w + 12)
        by = y + (n // 3) * 70
        c.rect(QRectF(bx, by, box_w, 60), SHADE, None, 0, 4)
        c.text(QRectF(bx + 10, by + 6, box_w - 20, 14), label, SIZES.small, bold=True, colour=MUTED)
        c.text(
            QRectF(bx + 10, by + 22, box_w - 20, 30), value, SIZES.title, bold=True, colour=colour
        )
    y += 150
    band = f"{plan.band_low:.0%}–{plan.band_high:.0%}"
    c.text(
        QRectF(x, y, w, 14),
        f"Upstream share by {plan.measure.value}; the plan's target band is {band}.",
        SIZES.body,
        colour=MUTED,
    )
    y += 36
    c.text(QRectF(x, y, w, 18), "Contents", SIZES.subheading, bold=True)
    y += 22
    for name, page in sections:
        c.text(QRectF(x, y, w - 60, 15), name, SIZES.body)
        c.text(
            QRectF(x + w - 60, y, 60, 15), str(page), SIZES.body, align=Qt.AlignmentFlag.AlignRight
        )
        c.line(x, y + 15, x + w, y + 15, SHADE, 0.4)
        y += 17


# -- sections -------------------------------------------------------------------------------


def balance_pages(data: ReportData, sheet: Sheet) -> list[Page]:
    plan = data.plan
    flow = Flow(sheet.size(False), section="Balance")
    flow.heading("Balance: strategy and content")
    flow.note(
        f"Upstream (strategy) against downstream (content) per {data.balance_by}, "
        f"by {plan.measure.value}."
    )
    if any("(partial)" in period_span(p, data.balance_by) for p in data.balance):
        flow.note(
            f"Partial: a {data.balance_by} cut by the report's period; only its days inside "
            "the period count."
        )
    if data.balance:

        def chart(c: Canvas, r: QRectF) -> None:
            draw_balance(c, r, plan, data.balance, data.balance_by)

        flow.block(CHART_PT, chart)
    flow.space(10)
    unit = {"hours": "h", "budget": plan.currency, "count": "n"}[plan.measure.value]
    rows = []
    for p in data.balance:
        up, down = measure_values(plan, p)
        fmt = "{:,.0f}" if plan.measure.value == "budget" else "{:,.1f}"
        share = "–" if p.upstream_share is None else f"{p.upstream_share:.0%}"
        where = {True: "inside", False: "OUTSIDE", None: ""}[p.in_band]
        if p.in_band is not None and too_short_to_judge(p, data.balance_by):
            where = "not judged"  # as the health notes say: a few days swing on one post
        rows.append(
            [
                period_span(p, data.balance_by),
                fmt.format(up),
                fmt.format(down),
                share,
                where,
            ]
        )
    flow.table(
        [
            Column(data.balance_by.title(), 2.4),
            Column(f"Upstream {unit}", 1, True),
            Column(f"Downstream {unit}", 1, True),
            Column("Share", 0.8, True),
            Column("Band", 1.1),
        ],
        rows,
        empty="Nothing is planned in this period.",
    )
    return flow.pages()


def calendar_pages(data: ReportData, sheet: Sheet) -> list[Page]:
    """A landscape month grid per month the period touches (one page each: the grid
    fills the page and a busy day ends with "+N more")."""
    del sheet  # every month is one page, whatever the paper
    pages = []
    downstream = {k: ch for k, ch in data.channels.items() if ch.stream is Stream.DOWNSTREAM}
    channels = downstream | {
        i.channel_id: data.channels[i.channel_id]
        for i in data.items
        if i.channel_id in data.channels
    }
    for month in data.period.months():
        items = [i for i in data.items if i.date.year == month.year and i.date.month == month.month]
        note = f"{len(items)} items · chips: channel code, time, title"

        def draw(
            c: Canvas,
            body: QRectF,
            month: date = month,
            items: list[Item] = items,
            note: str = note,
        ) -> None:
            draw_month(
                c,
                body.adjusted(0, 4, 0, 0),
                month,
                items,
                channels,
                data.plan.week_start,
                (data.period.start, data.period.end),
                note=note,
            )

        pages.append(Page(draw, True, "Calendar"))
    return pages


def timeline_pages(data: ReportData, sheet: Sheet) -> list[Page]:
    size = sheet.size(True)
    colours = kind_colours(list(data.channels.values()))
    # up to six months on one page; a longer period goes on in six-month pages
    chunks = (
        [(data.period.start, data.period.end)]
        if len(data.period.months()) <= TIMELINE_MONTHS_PER_PAGE
        else month_chunks(data.period.start, data.period.end, TIMELINE_MONTHS_PER_PAGE)
    )
    chunks = [(max(f, data.period.start), min(t, data.period.end)) for f, t in chunks]
    return timeline_run(
        chunks,
        data.initiatives,
        data.lanes,
        colours,
        data.today,
        size.height() - 22,
        lambda first, last: "Strategy timeline",
        "Strategy timeline",
    )


def _channel_cell(channel: Channel | None) -> Cell:
    if channel is None:
        return Cell("All channels")
    return Cell(channel.name, QColor(channel.colour))


def outcome_pages(data: ReportData, sheet: Sheet) -> list[Page]:
    flow = Flow(sheet.size(False), section="Planned and done")
    flow.heading("Planned and done")
    flow.note(
        f"As of {data.today:%-d %B %Y}: missed = dated before today and neither published "
        "nor cancelled; upcoming = today or later."
    )
    flow.note("Moved = dated in the period, on another day than the one first planned for.")
    rows: list[list[Cell | str]] = [
        [
            _channel_cell(o.channel),
            f"{o.planned:,}",
            f"{o.published:,}",
            f"{o.missed:,}",
            f"{o.moved:,}",
            f"{o.cancelled:,}",
            f"{o.upcoming:,}",
        ]
        for o in data.outcome
    ]
    flow.table(
        [
            Column("Channel", 2.2),
            Column("Planned", 1, True),
            Column("Published", 1, True),
            Column("Missed", 1, True),
            Column("Moved", 1, True),
            Column("Cancelled", 1, True),
            Column("Upcoming", 1, True),
        ],
        rows if data.total.planned else [],
        bold_last=True,
        empty="No content was planned in this period.",
    )
    flow.space(6)
    _moved_section(flow, data)
    flow.space(6)
    flow.subheading(f"Missed ({len(data.missed)})")
    listed = data.missed[: MAX_LISTED * 3]
    flow.table(
        [Column("Date", 1.1), Column("Channel", 1.8), Column("Title", 3.6), Column("Status", 1)],
        [
            [
                f"{i.date:%a %-d %b}",
                _channel_cell(data.channels.get(i.channel_id)),
                i.title,
                i.status.value,
            ]
            for i in listed
        ],
        empty="Nothing was missed.",
    )
    if len(data.missed) > len(listed):
        flow.note(f"… and {len(data.missed) - len(listed)} more.")
    return flow.pages()


def shift_text(item: Item) -> str:
    days: int = (item.date - item.baseline).days
    sign = "+" if days > 0 else "\u2212"  # a true minus sign reads better than a hyphen
    return f"{sign}{abs(days)} day" + ("" if abs(days) == 1 else "s")


def moved_summary(data: ReportData) -> str:
    """The moves in one sentence: how many, which way, and across the period's edges."""
    counts = data.moved_counts
    if not counts.total:
        return "Nothing moved: every item is on the day it was first planned for."
    parts = [f"{counts.later:,} later", f"{counts.earlier:,} earlier"]
    text = f"{counts.total:,} moved from the day first planned: " + ", ".join(parts)
    edges = []
    if counts.moved_out:
        edges.append(f"{counts.moved_out:,} out of this period")
    if counts.moved_in:
        edges.append(f"{counts.moved_in:,} into it")
    return text + (f"; {' and '.join(edges)}." if edges else ".")


def _moved_section(flow: Flow, data: ReportData) -> None:
    flow.subheading(f"Moved ({len(data.moved)})")
    flow.note(moved_summary(data))
    listed = data.moved[: MAX_LISTED * 3]

    def now(i: Item) -> str:
        return ("ran " if i.status is ItemStatus.PUBLISHED else "") + f"{i.date:%a %-d %b}"

    if listed:
        flow.table(
            [
                # the channel as wide as in the Missed table below: at 1.6 "Events/webinars"
                # was cut while Now had room to spare (and Status holds "scheduled")
                Column("Title", 2.6),
                Column("Channel", 1.9),
                Column("Planned", 1.1),
                Column("Now", 1.3),
                Column("Status", 1),
                Column("Shift", 0.9, True),  # last: a right-aligned figure beside text crowds
            ],
            [
                [
                    i.title,
                    _channel_cell(data.channels.get(i.channel_id)),
                    f"{i.baseline:%a %-d %b}",
                    now(i),
                    i.status.value,
                    shift_text(i),
                ]
                for i in listed
            ],
        )
    if len(data.moved) > len(listed):
        flow.note(f"… and {len(data.moved) - len(listed)} more.")


def results_pages(data: ReportData, sheet: Sheet) -> list[Page]:
    cur = data.plan.currency
    flow = Flow(sheet.size(False), section="Results")
    flow.heading("Results")
    flow.note(
        "From the items published in the period; cost is the actual cost where "
        "recorded, else the planned cost."
    )
    flow.subheading("By initiative: what the strategy earned")
    flow.table(
        [
            Column("Initiative", 3.2),
            Column("Items", 0.8, True),
            Column("Reach", 1.1, True),
            Column("Clicks", 1, True),
            Column("Conv.", 0.9, True),
            Column("Cost", 1.2, True),
            Column("Budget", 1.2, True),
        ],
        [
            [
                line.results.title,
                f"{line.results.published:,}",
                f"{line.results.reach:,}",
                f"{line.results.clicks:,}",
                f"{line.results.conversions:,}",
                money(line.results.cost, cur),
                money(line.budget, cur),
            ]
            for line in data.by_initiative
        ],
        empty="No published item serving an initiative in this period.",
    )
    flow.subheading("By channel")
    rows: list[list[Cell | str]] = [
        [
            _channel_cell(r.channel),
            f"{r.published:,}",
            f"{r.reach:,}",
            f"{r.clicks:,}",
            f"{r.conversions:,}",
            money(r.actual_cost, cur),
            money(r.planned_cost, cur),
        ]
        for r in data.by_channel
    ]
    flow.table(
        [
            Column("Channel", 2.4),
            Column("Published", 1, True),
            Column("Reach", 1.1, True),
            Column("Clicks", 1, True),
            Column("Conv.", 0.9, True),
            Column("Cost", 1.2, True),
            Column("Planned", 1.2, True),
        ],
        rows,
        empty="No content in this period.",
    )
    return flow.pages()


def health_pages(data: ReportData, sheet: Sheet) -> list[Page]:
    h = data.health
    flow = Flow(sheet.size(False), section="Health notes")
    flow.heading("Health notes")
    band = f"{h.band_low:.0%}–{h.band_high:.0%}"
    if h.share is None:
        flow.line("Nothing is planned in this period, so there is no balance to read.", bullet=True)
    else:
        where = "inside" if h.share_in_band else "outside"
        flow.line(
            f"Upstream share {h.share:.0%} by {h.measure.value}: {where} the {band} band.",
            bullet=True,
            colour=INK if h.share_in_band else OUTSIDE,
        )
    # a stub of a week or month at the period's edge (a Sunday) says little about balance
    judged = [p for p in h.outside_band if not too_short_to_judge(p, data.balance_by)]
    flow.subheading(f"Off-balance {data.balance_by}s ({len(judged)})")
    for p in judged:
        side = "below" if (p.upstream_share or 0) < h.band_low else "above"
        flow.line(
            f"{period_span(p, data.balance_by)}: {p.upstream_share or 0:.0%}, {side} the band",
            bullet=True,
        )
    short = len(h.outside_band) - len(judged)
    if not judged:
        some = "with work planned" if not short else "with half its days or more in the period"
        flow.note(f"Every {data.balance_by} {some} is inside the band.")
    if short:
        flow.note(
            f"Not judged: {short} partial {data.balance_by}{'s' if short > 1 else ''} with "
            f"less than half {'its' if short == 1 else 'their'} days in the period."
        )
    unlinked = data.unlinked_items()
    flow.subheading(f"Content with no strategy behind it ({len(unlinked)})")
    flow.table(
        [Column("Date", 1.1), Column("Channel", 1.8), Column("Title", 3.6), Column("Status", 1)],
        [
            [
                f"{i.date:%a %-d %b}",
                _channel_cell(data.channels.get(i.channel_id)),
                i.title,
                i.status.value,
            ]
            for i in unlinked[:MAX_LISTED]
        ],
        empty="Every item serves an initiative.",
    )
    if len(unlinked) > MAX_LISTED:
        flow.note(f"… and {len(unlinked) - MAX_LISTED} more.")
    lonely = h.initiatives_without_items
    flow.subheading(f"Strategy with no content ({len(lonely)})")
    flow.table(
        [Column("Initiative", 4), Column("Lane", 1.6), Column("From", 1.1), Column("To", 1.1)],
        [[i.title, i.lane, f"{i.start:%-d %b %Y}", f"{i.end:%-d %b %Y}"] for i in lonely],
        empty="Every initiative in the period has content serving it.",
    )
    _cadence_section(flow, data)
    if h.broken_gates:
        flow.subheading(f"Content ahead of its gate ({len(h.broken_gates)})")
        for g in h.broken_gates:
            flow.line(
                f"{g.title} ends {g.gate_end:%-d %b}: {len(g.item_ids)} items dated "
                f"before it, the first on {g.earliest:%-d %b}",
                bullet=True,
            )
    return flow.pages()


def _cadence_period(p: PeriodCount, per: str) -> str:
    first = p.period.first
    return f"week of {first:%-d %b}" if per == "week" else f"{first:%B %Y}"


def _cadence_section(flow: Flow, data: ReportData) -> None:
    """What was promised per channel and how it was kept, over the weeks or months touching
    the period (counted whole, as the window's health panel counts them). The report left
    the commitments out: the health notes are where a client sees whether the rhythm held.
    A week or month not over yet is not judged."""
    if not data.cadence:
        return
    flow.subheading(f"Cadence ({len(data.cadence)})")
    flow.note("Whole weeks or months touching the period; cancelled items never count.")
    flow.note("A week or month not over yet is not judged.")
    rows: list[list[Cell | str]] = []
    missed_lines: list[str] = []
    for report in data.cadence:
        c = report.commitment
        per = c.per.value
        channel = data.channels.get(c.channel_id)
        ended = [p for p in report.periods if p.period.last < data.today]
        kept = sum(p.met for p in ended)
        name = channel.name if channel else "?"
        kept_text = f"{kept} of {len(ended)} {per}s" if ended else "not due yet"
        if len(ended) == 1:
            kept_text = "kept" if kept else "missed"
        rows.append([_channel_cell(channel), f"{c.count} per {per}", kept_text])
        missed_lines += [
            f"{name}, {_cadence_period(p, per)}: {p.planned} of {p.target}"
            for p in ended
            if not p.met
        ]
    flow.table([Column("Channel", 1.8), Column("Promise", 1.4), Column("Kept", 1.4)], rows)
    for text in missed_lines[:MAX_LISTED]:
        flow.line(f"Missed: {text}", bullet=True, colour=OUTSIDE)
    if len(missed_lines) > MAX_LISTED:
        flow.note(f"… and {len(missed_lines) - MAX_LISTED} more missed periods.")


def write_report(
    pf: PlanFile,
    out: str | os.PathLike[str],
    period: ReportPeriod,
    *,
    paper: QPageSize.PageSizeId,
    today: date | None = None,
) -> int:
    """Write the client report for ``period`` to ``out``; returns its page count.

    Needs a QGuiApplication (fonts); the CLI makes an offscreen one.
    """
    data = gather(pf, period, today)
    title = f"{data.plan.name} — client report, {period.label}"
    return write_pdf(out, lambda sheet: build_pages(data, sheet), running_for(data), paper, title)
