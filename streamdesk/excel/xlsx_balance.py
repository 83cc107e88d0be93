"""The Balance sheet: upstream against downstream month by month, and its native chart."""

from __future__ import annotations

from datetime import timedelta

from xlsxwriter.utility import quote_sheetname
from xlsxwriter.worksheet import Worksheet

from streamdesk.domain import BalanceMeasure, compute_balance
from streamdesk.domain.balance import PeriodBalance, next_period_start
from streamdesk.excel.columns import BALANCE_SHEET
from streamdesk.excel.xlsx_book import Book
from streamdesk.excel.xlsx_months import cut_range

ONE_DAY = timedelta(days=1)
UPSTREAM_COLOUR, DOWNSTREAM_COLOUR = "3B6FB6", "E07B28"
"""The balance chart's stream colours, as in the window."""
FIRST_COLUMN = {BalanceMeasure.HOURS: 3, BalanceMeasure.BUDGET: 5, BalanceMeasure.COUNT: 7}
"""The measure's upstream column (0-based); downstream is the next one."""


def _whole_month(p: PeriodBalance) -> bool:
    return p.start.day == 1 and next_period_start(p.start, "month") == p.end + ONE_DAY


def write_balance(book: Book, ws: Worksheet) -> None:
    data, plan = book.data, book.data.plan
    periods = []
    cut = cut_range(data)
    if data.first is not None and data.last is not None:
        # whole months, except where the chosen range cuts one: there only its days count
        # (an initiative's effort and budget spread over its days, as everywhere)
        first = cut[0] or data.first.replace(day=1)
        last = cut[1] or next_period_start(data.last.replace(day=1), "month") - ONE_DAY
        periods = compute_balance(
            plan, data.initiatives, data.items, "month", first, last, clip=True
        )
    # "2026-10 (partial)" was cut to "2026-10 (par" at 10 (LibreOffice's rendering)
    partial = any(not _whole_month(p) for p in periods)
    headers = [
        ("Month", 16 if partial else 10, None),
        ("Start", 11, "date"),
        ("End", 11, "date"),
        ("Upstream hours", 11, "hours"),
        ("Downstream hours", 12, "hours"),
        (f"Upstream budget ({plan.currency})", 13, "money"),
        (f"Downstream budget ({plan.currency})", 13, "money"),
        ("Upstream initiatives", 12, "count"),
        ("Downstream items", 12, "count"),
        ("Upstream share", 10, "percent"),
        ("Band low", 8, "percent"),
        ("Band high", 8, "percent"),
        ("In band", 8, "centred"),
    ]
    book.widths(ws, [width for _, width, _ in headers])
    ws.freeze_panes(1, 1)
    book.print_setup(ws, 1, fit_height=True)
    ws.set_row(0, 45)  # two-line headers
    header = book.look("header")
    for c, (title, _, _) in enumerate(headers):
        book.write_text(ws, 0, c, title, header)
    looks = [book.look(look) if look else None for _, _, look in headers]
    for row, p in enumerate(periods, 1):
        whole = _whole_month(p)
        values = [
            p.period if whole else f"{p.period} (partial)",
            p.start,
            p.end,
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
        for c, (value, look) in enumerate(zip(values, looks, strict=True)):
            book.write(ws, row, c, value, look)
    if periods:
        chart = balance_chart(book, len(periods), plan.measure)
        ws.insert_chart(len(periods) + 3, 0, chart)


def balance_chart(book: Book, n: int, measure: BalanceMeasure) -> object:
    """Bars for the two streams in the plan's colours, the share and its band on a second
    axis. xlsxwriter stores the plotted figures in the chart (as Excel does), so previews
    that do not recalculate show it drawn."""
    sheet = quote_sheetname(BALANCE_SHEET)
    col = FIRST_COLUMN[measure]
    categories = [sheet, 1, 0, n, 0]
    bars = book.wb.add_chart({"type": "column"})
    for c, colour in ((col, UPSTREAM_COLOUR), (col + 1, DOWNSTREAM_COLOUR)):
        bars.add_series(
            {
                "name": [sheet, 0, c],
                "categories": categories,
                "values": [sheet, 1, c, n, c],
                "fill": {"color": "#" + colour},
                "border": {"color": "#" + colour},
            }
        )
    share = book.wb.add_chart({"type": "line"})
    for c, colour, dashed in ((9, "1F3A5F", False), (10, "7F7F7F", True), (11, "7F7F7F", True)):
        line = {"color": "#" + colour, "width": 1.0 if dashed else 2.25}
        if dashed:
            line["dash_type"] = "dash"
        share.add_series(
            {
                "name": [sheet, 0, c],
                "categories": categories,
                "values": [sheet, 1, c, n, c],
                "line": line,
                "marker": {"type": "none"},
                "y2_axis": True,
            }
        )
    share.set_y2_axis({"name": "Upstream share", "num_format": "0%", "min": 0, "max": 1})
    bars.combine(share)
    bars.set_title({"name": f"Upstream vs downstream ({measure}) and the upstream share"})
    bars.set_y_axis({"name": str(measure).capitalize(), "major_gridlines": {"visible": False}})
    bars.set_legend({"position": "bottom"})
    bars.set_size({"width": 983, "height": 416})  # 26 × 11 cm, as before
    return bars
