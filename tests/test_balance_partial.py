"""A chosen range that cuts a month or week: only its days count (issue 18).

The figures below are worked out by hand from one plan:
- "Brand study" 1–30 April 2026 (30 days), 30 h and 300 budget: 1 h and 10 a day;
- "Pricing" 20 May – 30 June 2026 (42 days), 42 h and 420 budget: 1 h and 10 a day;
- items on 10 April (2 h, cost 10), 20 April (3 h, 30), 5 June (1 h, 5), 15 June (4 h, 40).
The range 15 April – 10 June holds April 15–30 (16 study days, the 20 April item), all of
May (12 pricing days) and June 1–10 (10 pricing days, the 5 June item).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from streamdesk.cli import main
from streamdesk.domain import Initiative, Item, Plan, compute_balance
from streamdesk.excel.columns import BALANCE_SHEET
from streamdesk.excel.export import export_plan
from streamdesk.excel.export_data import load
from streamdesk.report.build import period_span, too_short_to_judge
from streamdesk.report.data import ReportPeriod, gather
from streamdesk.storage import PlanFile, create_plan, repository
from tests.pdf_reader import read_pdf

FROM, TO = date(2026, 4, 15), date(2026, 6, 10)
STUDY = Initiative(
    "Brand study", "Research", date(2026, 4, 1), date(2026, 4, 30), effort_hours=30, budget=300
)
PRICING = Initiative(
    "Pricing", "Pricing", date(2026, 5, 20), date(2026, 6, 30), effort_hours=42, budget=420
)


def items(channel: int) -> list[Item]:
    return [
        Item("Early", date(2026, 4, 10), channel, effort_hours=2, cost=10),
        Item("Launch", date(2026, 4, 20), channel, effort_hours=3, cost=30),
        Item("Offer", date(2026, 6, 5), channel, effort_hours=1, cost=5),
        Item("Late", date(2026, 6, 15), channel, effort_hours=4, cost=40),
    ]


def test_a_clipped_balance_counts_only_the_days_inside_the_range() -> None:
    plan = Plan(band_low=0.2, band_high=0.4)
    april, may, june = compute_balance(
        plan, [STUDY, PRICING], items(1), "month", FROM, TO, clip=True
    )
    assert [(p.period, p.start, p.end) for p in (april, may, june)] == [
        ("2026-04", FROM, date(2026, 4, 30)),
        ("2026-05", date(2026, 5, 1), date(2026, 5, 31)),
        ("2026-06", date(2026, 6, 1), TO),
    ]
    assert (april.upstream_hours, april.upstream_budget) == pytest.approx((16, 160))
    assert april.upstream_count == pytest.approx(16 / 30)
    assert (april.downstream_hours, april.downstream_budget, april.downstream_count) == (3, 30, 1)
    assert april.upstream_share == pytest.approx(16 / 19)
    assert (may.upstream_hours, may.upstream_budget) == pytest.approx((12, 120))
    assert may.downstream_count == 0
    assert (june.upstream_hours, june.upstream_budget) == pytest.approx((10, 100))
    assert june.upstream_count == pytest.approx(10 / 42)
    assert (june.downstream_hours, june.downstream_budget) == (1, 5)
    # without clipping the same call spreads over whole months, as before
    whole = compute_balance(plan, [STUDY, PRICING], items(1), "month", FROM, TO)
    assert [p.upstream_hours for p in whole] == pytest.approx([30, 12, 30])
    assert (whole[0].start, whole[0].downstream_hours) == (date(2026, 4, 1), 5)


@pytest.fixture
def plan_path(tmp_path: Path) -> Path:
    path = tmp_path / "partial.streamdesk"
    pf = create_plan(path, Plan(name="Partial", band_low=0.2, band_high=0.4))
    channel = repository.list_channels(pf)[0].id or 0
    repository.insert_many(pf, [STUDY, PRICING, *items(channel)])
    pf.close()
    return path


def test_export_data_carries_the_range_it_was_asked_for(plan_path: Path) -> None:
    with PlanFile.open(plan_path, read_only=True) as pf:
        ranged = load(pf, FROM, TO)
        only_to = load(pf, None, TO)
        whole = load(pf)
    assert (ranged.range_from, ranged.range_to) == (FROM, TO)
    assert (only_to.range_from, only_to.range_to) == (None, TO)
    assert (whole.range_from, whole.range_to) == (None, None)


def test_the_workbooks_balance_clips_partial_months(plan_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "part.xlsx"
    with PlanFile.open(plan_path, read_only=True) as pf:
        export_plan(pf, out, FROM, TO)
    ws = openpyxl.load_workbook(out)[BALANCE_SHEET]
    rows = [r[:9] for r in ws.iter_rows(min_row=2, max_row=4, values_only=True)]
    assert rows == [
        ("2026-04 (partial)", datetime(2026, 4, 15), datetime(2026, 4, 30), 16, 3, 160, 30,
         pytest.approx(16 / 30), 1),
        ("2026-05", datetime(2026, 5, 1), datetime(2026, 5, 31), 12, 0, 120, 0,
         pytest.approx(12 / 42), 0),
        ("2026-06 (partial)", datetime(2026, 6, 1), datetime(2026, 6, 10), 10, 1, 100, 5,
         pytest.approx(10 / 42), 1),
    ]  # fmt: skip
    assert ws.cell(5, 1).value is None  # no fourth month


def test_a_range_starting_on_the_first_items_day_is_still_the_range_asked_for(
    plan_path: Path, tmp_path: Path
) -> None:
    """The plan's first day is 1 April; asked for 10 April on, April is partial even though
    an item starts the exported range exactly (the old guess took that for the plan's own
    start and labelled the month whole)."""
    out = tmp_path / "from-item.xlsx"
    with PlanFile.open(plan_path, read_only=True) as pf:
        export_plan(pf, out, date(2026, 4, 10), None)
    ws = openpyxl.load_workbook(out)[BALANCE_SHEET]
    assert ws.cell(2, 1).value == "2026-04 (partial)"
    assert ws.cell(2, 4).value == pytest.approx(21)  # study days 10–30 April
    assert ws.cell(4, 1).value == "2026-06"  # runs with the plan to its end: whole
    whole = tmp_path / "whole.xlsx"
    with PlanFile.open(plan_path, read_only=True) as pf:
        export_plan(pf, whole)
    labels = [r[0] for r in openpyxl.load_workbook(whole)[BALANCE_SHEET].iter_rows(min_row=2)]
    assert [c.value for c in labels if c.value] == ["2026-04", "2026-05", "2026-06"]


def test_the_reports_balance_clips_the_weeks_at_its_edges(plan_path: Path) -> None:
    with PlanFile.open(plan_path, read_only=True) as pf:
        data = gather(pf, ReportPeriod(FROM, TO), date(2026, 7, 1))
    assert data.balance_by == "week"
    first, last = data.balance[0], data.balance[-1]
    # Wednesday 15 April to Sunday 19 April: five study days, no item
    assert (first.start, first.end, first.upstream_hours) == (FROM, date(2026, 4, 19), 5)
    assert first.downstream_hours == 0
    assert period_span(first, "week") == "15 Apr – 19 Apr (partial)"
    # Monday 8 June to Wednesday 10 June: three pricing days
    assert (last.start, last.end, last.upstream_hours) == (date(2026, 6, 8), TO, 3)
    assert period_span(data.balance[1], "week") == "20 Apr – 26 Apr"
    one_day = replace(first, end=first.start)
    assert period_span(one_day, "week") == "15 Apr (partial)"
    assert period_span(one_day, "month") == "15 April 2026 (partial)"
    assert sum(p.upstream_hours for p in data.balance) == pytest.approx(16 + 12 + 10)
    assert sum(p.downstream_hours for p in data.balance) == pytest.approx(3 + 1)


def test_a_month_cut_by_the_report_period_says_partial(plan_path: Path) -> None:
    with PlanFile.open(plan_path, read_only=True) as pf:
        data = gather(pf, ReportPeriod(date(2026, 2, 20), TO), date(2026, 7, 1))
    assert data.balance_by == "month"
    assert [period_span(p, "month") for p in data.balance] == [
        "20 – 28 February 2026 (partial)",
        "March 2026",
        "April 2026",
        "May 2026",
        "1 – 10 June 2026 (partial)",
    ]
    assert [p.upstream_hours for p in data.balance] == pytest.approx([0, 0, 30, 12, 10])


def test_the_reports_balance_page_marks_partial_weeks(
    qapp, plan_path: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "span.pdf"
    args = ["report", str(plan_path), str(out), "--from", FROM.isoformat(), "--to", TO.isoformat()]
    assert main(args) == 0
    [page] = [p.text for p in read_pdf(out).pages if "Balance: strategy and content" in p.text]
    assert "15 Apr – 19 Apr (partial)" in page and "8 Jun – 10 Jun (partial)" in page
    assert "Partial: a week cut by the report's period" in page
    assert "weeks and months are shown whole" not in page


def test_health_notes_do_not_judge_a_stub_of_a_week(qapp, plan_path: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """22 – 24 May, Friday to Sunday, hold the pricing study's hours only (100 %, above the
    band): three days of a week, so the notes leave them out and say so."""
    out = tmp_path / "stub.pdf"
    args = ["report", str(plan_path), str(out), "--from", "2026-05-22", "--to", "2026-06-07"]
    assert main(args) == 0
    with PlanFile.open(plan_path, read_only=True) as pf:
        data = gather(pf, ReportPeriod(date(2026, 5, 22), date(2026, 6, 7)), date(2026, 7, 1))
    stub = data.balance[0]
    assert (stub.start, stub.end, stub.upstream_share) == (date(2026, 5, 22), date(2026, 5, 24), 1)
    assert too_short_to_judge(stub, "week") and not too_short_to_judge(data.balance[1], "week")
    assert stub in data.health.outside_band  # the domain still computes it
    [page] = [p.text for p in read_pdf(out).pages if "Off-balance weeks" in p.text]
    assert "22 May – 24 May (partial): 100%" not in page
    assert "Not judged: 1 partial week with less than half its days in the period." in page
    assert "25 May – 31 May: 100%, above the band" in page  # a whole week is judged


def test_when_only_stubs_are_off_balance_the_notes_say_the_rest_is_inside(
    qapp, plan_path: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "stub.pdf"
    args = ["report", str(plan_path), str(out), "--from", "2026-05-25", "--to", "2026-06-02"]
    assert main(args) == 0  # Monday 25 May to Tuesday 2 June: a whole week and two days
    [page] = [p.text for p in read_pdf(out).pages if "Off-balance weeks" in p.text]
    assert "25 May – 31 May: 100%, above the band" in page
    assert "Not judged: 1 partial week" in page
    out = tmp_path / "only-stub.pdf"
    args = ["report", str(plan_path), str(out), "--from", "2026-05-29", "--to", "2026-05-31"]
    assert main(args) == 0
    [page] = [p.text for p in read_pdf(out).pages if "Off-balance weeks" in p.text]
    assert "Off-balance weeks (0)" in page
    assert "Every week with half its days or more in the period is inside the band." in page


def test_the_reports_balance_table_does_not_judge_a_few_days(
    qapp, plan_path: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """Seen on the page: the health notes said "not judged: partial weeks", while the balance
    table above marked the same three days OUTSIDE (and the chart a red dot)."""
    out = tmp_path / "range.pdf"
    assert main(["report", str(plan_path), str(out), "--from", str(FROM), "--to", str(TO)]) == 0
    [page] = [p.text for p in read_pdf(out).pages if "Balance: strategy and content" in p.text]
    lines = [line for line in page.splitlines() if line.strip()]
    row = next(n for n, line in enumerate(lines) if "8 Jun – 10 Jun (partial)" in line)
    rest = " ".join(lines[row : row + 5])  # the last row's cells, however the text is split
    assert "not judged" in rest and "OUTSIDE" not in rest
    assert "hollow: too few days to judge" in page
