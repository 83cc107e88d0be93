"""Cadence in the client report's health notes (issue 18: "cadence if present"): each
commitment, how many of its ended weeks or months were kept, and the ones missed."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from streamdesk.cli import main
from streamdesk.domain import Item, ItemStatus, Plan
from streamdesk.domain.cadence import Commitment
from streamdesk.domain.series import Series
from streamdesk.report.data import ReportPeriod, gather
from streamdesk.storage import PlanFile, create_plan, repository, series_repo
from tests.pdf_reader import read_pdf


def _plan(tmp_path: Path, commit: bool) -> Path:
    """March 2025 from Monday 3 March: LinkedIn posts 3, 1, 3 and 3 times in its four
    whole weeks (the week of 10 March is missed); one cancelled post never counts."""
    path = tmp_path / "rhythm.streamdesk"
    pf = create_plan(path, Plan(name="Rhythm", client="Acme Ltd", start=date(2025, 3, 3)))
    linkedin = repository.channel_by_name(pf, "LinkedIn")
    assert linkedin is not None and linkedin.id is not None
    days = [3, 5, 7, 10, 17, 19, 21, 24, 26, 28]
    items = [Item(f"Post {d}", date(2025, 3, d), linkedin.id, status="ready") for d in days]
    items.append(Item("Dropped", date(2025, 3, 12), linkedin.id, status=ItemStatus.CANCELLED))
    repository.insert_many(pf, items)
    if commit:
        repository.insert(pf, Commitment(channel_id=linkedin.id, count=3, per="week"))
    pf.close()
    return path


def test_gather_reads_the_commitments_over_the_periods_touching_the_report(
    tmp_path: Path,
) -> None:
    with PlanFile.open(_plan(tmp_path, True), read_only=True) as pf:
        data = gather(pf, ReportPeriod(date(2025, 3, 3), date(2025, 3, 30)), date(2025, 4, 2))
    [report] = data.cadence
    assert [p.period.first for p in report.periods] == [date(2025, 3, d) for d in (3, 10, 17, 24)]
    assert [p.planned for p in report.periods] == [3, 1, 3, 3]


def test_the_health_notes_say_how_the_cadence_was_kept(qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "march.pdf"
    path = _plan(tmp_path, True)
    argv = ["report", str(path), str(out), "--from", "2025-03-03", "--to", "2025-03-30"]
    assert main(argv) == 0
    pdf = read_pdf(out)
    [page] = [p.text for p in pdf.pages if "Cadence (1)" in p.text]
    assert "Health notes" in page or "Strategy with no content" in page
    assert "3 per week" in page
    # "today" is the real date, long after March 2025: all four weeks have ended
    assert "3 of 4 weeks" in page
    assert "Missed: LinkedIn, week of 10 Mar: 1 of 3" in page
    assert all(min(p.font_sizes) >= 8.0 for p in pdf.pages)


def test_a_plan_without_commitments_has_no_cadence_notes(qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "march.pdf"
    path = _plan(tmp_path, False)
    assert main(["report", str(path), str(out), "--month", "2025-03"]) == 0
    assert not any("Cadence (" in p.text for p in read_pdf(out).pages)


def test_the_printed_calendar_marks_a_series_occurrences(qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The window's chips mark an occurrence with ↻; the printed month did not, so the
    client saw no rhythm. Now the chip and the legend say it."""
    path = tmp_path / "series.streamdesk"
    pf = create_plan(path, Plan(name="Series", client="Acme Ltd", start=date(2025, 3, 3)))
    email = repository.channel_by_name(pf, "Email")
    assert email is not None and email.id is not None
    series = Series(
        rule="FREQ=WEEKLY;BYDAY=TH;COUNT=4",
        start=date(2025, 3, 6),
        title="Newsletter",
        channel_id=email.id,
    )
    series_repo.create_series(pf, series, date(2025, 3, 1))
    repository.insert(pf, Item("One-off", date(2025, 3, 11), email.id))
    pf.close()
    out = tmp_path / "march.pdf"
    assert main(["report", str(path), str(out), "--month", "2025-03"]) == 0
    [page] = [p.text for p in read_pdf(out).pages if "Status:" in p.text]
    assert page.count("↻ Newsletter") == 4
    assert "↻ One-off" not in page and "One-off" in page
    assert "↻ repeats" in page
