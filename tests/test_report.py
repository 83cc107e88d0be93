"""The client report: its figures, and the PDF it writes, opened and read page by page."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, time
from pathlib import Path

import pytest

from streamdesk.cli import main
from streamdesk.domain import Initiative, Item, ItemStatus, Plan
from streamdesk.report.data import PeriodError, ReportPeriod, gather
from streamdesk.storage import PlanFile, create_plan, repository
from tests.pdf_reader import read_pdf

A4 = (595.0, 842.0)
LETTER = (612.0, 792.0)
TODAY = date(2025, 3, 15)


@pytest.fixture
def acme(tmp_path: Path) -> Path:
    """A plan whose March 2025 has known figures (see the tests' expectations)."""
    path = tmp_path / "acme.streamdesk"
    pf = create_plan(path, Plan(name="Acme plan", client="Acme Ltd", band_low=0.2, band_high=0.4))
    ch = {c.name: c.id for c in repository.list_channels(pf)}
    pricing = repository.insert(
        pf,
        Initiative(
            "Pricing study",
            "Pricing",
            date(2025, 3, 1),
            date(2025, 3, 20),
            effort_hours=40,
            budget=1000,
            progress=50,
        ),
    )
    repository.insert(
        pf, Initiative("Lonely research", "Research", date(2025, 3, 5), date(2025, 3, 25))
    )
    items = [
        Item(
            "Price launch post",
            date(2025, 3, 2),
            ch["LinkedIn"],
            time=time(9, 30),
            status=ItemStatus.PUBLISHED,
            initiative_id=pricing.id,
            reach=1000,
            clicks=50,
            conversions=5,
            cost=80,
            actual_cost=100,
        ),
        Item(
            "Customer quote",
            date(2025, 3, 4),
            ch["LinkedIn"],
            status=ItemStatus.SCHEDULED,
            initiative_id=pricing.id,
            cost=20,
        ),
        Item("Dropped article", date(2025, 3, 10), ch["Blog/SEO"], status=ItemStatus.CANCELLED),
        Item("Spring guide", date(2025, 3, 20), ch["Blog/SEO"], status=ItemStatus.DRAFT),
        Item(
            "How we price",
            date(2025, 3, 3),
            ch["Blog/SEO"],
            status=ItemStatus.PUBLISHED,
            reach=200,
            cost=50,
        ),
        Item("April teaser", date(2025, 4, 2), ch["Email"], status=ItemStatus.IDEA),
    ]
    repository.insert_many(pf, items)
    pf.close()
    return path


# -- the period ---------------------------------------------------------------------------


def test_periods_parse_months_and_ranges() -> None:
    march = ReportPeriod.parse_month("2025-03")
    assert (march.start, march.end) == (date(2025, 3, 1), date(2025, 3, 31))
    assert march.label == "March 2025"
    span = ReportPeriod.parse_range("2025-03-15", "2025-04-10")
    assert span.label == "15 Mar – 10 Apr 2025"
    assert span.months() == [date(2025, 3, 1), date(2025, 4, 1)]


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: ReportPeriod.parse_month("2025-13"), "--month '2025-13' is not a month"),
        (lambda: ReportPeriod.parse_month("March"), "--month 'March' is not a month"),
        (lambda: ReportPeriod.parse_range("2025-02-30", "2025-03-01"), "--from '2025-02-30'"),
        (lambda: ReportPeriod.parse_range("2025-04-01", "2025-03-01"), "is after --to"),
    ],
)
def test_bad_periods_say_what_is_wrong(call, message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PeriodError, match=message):
        call()


# -- the figures --------------------------------------------------------------------------


def test_gather_counts_planned_published_missed_and_results(acme: Path) -> None:
    with PlanFile.open(acme, read_only=True) as pf:
        data = gather(pf, ReportPeriod.parse_month("2025-03"), TODAY)
    total = data.total
    assert (total.planned, total.published, total.missed, total.cancelled, total.upcoming) == (
        5,
        2,
        1,
        1,
        1,
    )
    assert [i.title for i in data.missed] == ["Customer quote"]
    [line] = data.by_initiative
    assert (line.results.title, line.results.published, line.results.reach) == (
        "Pricing study",
        1,
        1000,
    )
    assert (line.results.cost, line.budget) == (100, 1000)
    linkedin = next(r for r in data.by_channel if r.channel.name == "LinkedIn")
    assert (linkedin.published, linkedin.conversions, linkedin.actual_cost) == (1, 5, 100)
    assert linkedin.planned_cost == 100  # 80 + 20: the cancelled article costs nothing
    assert sorted(i.title for i in data.unlinked_items()) == ["How we price", "Spring guide"]
    assert [i.title for i in data.health.initiatives_without_items] == ["Lonely research"]
    assert data.balance_by == "week"
    assert data.balance[0].start <= date(2025, 3, 1) <= data.balance[0].end


def test_april_items_serving_a_march_initiative_keep_its_name(acme: Path) -> None:
    """Content dated after the strategy it serves ended still serves it: not "no strategy",
    and its results are listed under the initiative's title, not "initiative 1"."""
    with PlanFile.open(acme) as pf:
        pricing = next(i for i in repository.list_initiatives(pf) if i.title == "Pricing study")
        repository.insert(
            pf,
            Item(
                "Price recap",
                date(2025, 4, 8),
                repository.list_channels(pf)[0].id,
                status=ItemStatus.PUBLISHED,
                initiative_id=pricing.id,
                reach=300,
            ),
        )
    with PlanFile.open(acme, read_only=True) as pf:
        data = gather(pf, ReportPeriod.parse_month("2025-04"), date(2025, 5, 1))
    assert "Price recap" not in [i.title for i in data.unlinked_items()]
    assert [(line.results.title, line.results.reach) for line in data.by_initiative] == [
        ("Pricing study", 300)
    ]
    assert pricing not in data.initiatives  # the timeline excerpt keeps to the period


# -- the PDF ------------------------------------------------------------------------------


def _write(qapp, acme: Path, out: Path, *args: str) -> int:  # type: ignore[no-untyped-def]
    return main(["report", str(acme), str(out), *args])


def test_report_pdf_pages_text_fonts_and_size(
    qapp, acme: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "march.pdf"
    assert _write(qapp, acme, out, "--month", "2025-03", "--paper", "a4") == 0
    assert f"wrote {out} (7 pages, March 2025)" in capsys.readouterr().out
    pdf = read_pdf(out)
    assert len(pdf.pages) == 7  # cover, balance, March, timeline, planned, results, health
    for n, page in enumerate(pdf.pages, start=1):
        assert "Acme plan · Acme Ltd" in page.text
        assert "Client report · March 2025" in page.text
        assert f"Page {n} of 7" in page.text
        assert min(page.font_sizes) >= 8.0, f"page {n} has text under 8 pt"
    cover, balance, month, timeline, planned, results, health = (p.text for p in pdf.pages)
    assert "CLIENT REPORT" in cover and "for Acme Ltd" in cover
    assert "Balance: strategy and content" in balance and "Target band 20%–40%" in balance
    assert "March 2025" in month and "Price launch" in month
    assert "Li" in month and "LinkedIn" in month  # the legend names the chips' codes
    assert "Strategy timeline" in timeline and "Pricing study" in timeline
    assert "Planned and done" in planned and "Customer quote" in planned
    assert "Pricing study" in results and "1,000" in results
    assert "Content with no strategy behind it (2)" in health
    assert "Lonely research" in health
    assert pdf.fonts and all(pdf.embedded)
    sizes = [p.size for p in pdf.pages]
    assert sizes[0] == A4 and sizes[2] == (A4[1], A4[0])  # the calendar page is landscape


def test_report_on_letter_and_partial_range(qapp, acme: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "span.pdf"
    args = ("--from", "2025-03-15", "--to", "2025-04-10", "--paper", "letter")
    assert _write(qapp, acme, out, *args) == 0
    pdf = read_pdf(out)
    assert pdf.pages[0].size == LETTER
    months = [p.text for p in pdf.pages if "chips: channel code" in p.text]
    assert len(months) == 2  # March and April
    assert "outside the period" in months[0] and "Spring guide" in months[0]
    assert "Price launch post" not in months[0]  # 2 March is before the period
    assert "April teaser" in months[1]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--from", "2025-04-01", "--to", "2025-03-01"), "--from 2025-04-01 is after --to"),
        (("--from", "2025-04-01"), "--from and --to go together"),
        (("--month", "2025-03", "--to", "2025-03-01"), "either --month or --from and --to"),
    ],
)
def test_bad_input_is_one_line_and_exit_1(
    acme: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    args: tuple[str, ...],
    message: str,
) -> None:
    out = tmp_path / "bad.pdf"
    assert main(["report", str(acme), str(out), *args]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err
    assert not out.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--month", "2025-3x"), "argument --month: '2025-3x' is not a month (YYYY-MM"),
        (("--month", "2027-13"), "argument --month: '2027-13' is not a month (YYYY-MM"),
        (("--from", "2027-02-30", "--to", "2027-03-01"), "argument --from: '2027-02-30'"),
    ],
)
def test_a_month_or_day_that_is_not_one_is_a_usage_error(
    acme: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    args: tuple[str, ...],
    message: str,
) -> None:
    """As for export: exit 2 with the command's usage line, as the README says."""
    out = tmp_path / "bad.pdf"
    with pytest.raises(SystemExit) as exited:
        main(["report", str(acme), str(out), *args])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("streamdesk report: error: ") and message in err
    assert err.count("\n") == 1 and not out.exists()


def test_missing_plan_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nope.streamdesk"
    assert main(["report", str(missing), str(tmp_path / "r.pdf")]) == 1
    err = capsys.readouterr().err
    assert err == f"streamdesk: error: {missing} does not exist\n"


def test_report_runs_without_a_display(acme: Path, tmp_path: Path) -> None:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    out = tmp_path / "headless.pdf"
    result = subprocess.run(
        [sys.executable, "-m", "streamdesk", "report", str(acme), str(out), "--month", "2025-03"],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert len(read_pdf(out).pages) == 7


def test_default_period_is_this_month(qapp, acme: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "now.pdf"
    assert _write(qapp, acme, out) == 0
    label = date.today().strftime("%B %Y")
    assert f"Client report · {label}" in read_pdf(out).pages[0].text
