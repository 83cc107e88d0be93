"""What moved, in the client report: each item against the day it was first planned for."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from streamdesk.cli import main
from streamdesk.domain import Item, ItemStatus, Plan
from streamdesk.report.build import moved_summary
from streamdesk.report.data import ReportPeriod, gather
from streamdesk.storage import PlanFile, create_plan, repository
from tests.pdf_reader import read_pdf

TODAY = date(2025, 3, 15)


@pytest.fixture
def moved_plan(tmp_path: Path) -> Path:
    """March 2025 with four moves (later, earlier, out of and into the month) and one
    item that stayed put; every move is an ordinary edit of the date."""
    path = tmp_path / "moves.streamdesk"
    pf = create_plan(path, Plan(name="Moves", client="Acme Ltd"))
    ch = {c.name: c.id for c in repository.list_channels(pf)}
    made = repository.insert_many(
        pf,
        [
            Item("Launch post", date(2025, 3, 3), ch["LinkedIn"], status=ItemStatus.PUBLISHED),
            Item("Customer quote", date(2025, 3, 4), ch["LinkedIn"], status="scheduled"),
            Item("Spring guide", date(2025, 3, 20), ch["Blog/SEO"], status="draft"),
            Item("April teaser", date(2025, 4, 2), ch["Email"]),
            Item("Stayed put", date(2025, 3, 10), ch["Email"]),
        ],
    )
    launch, quote, guide, teaser, _ = (i for i in made if isinstance(i, Item))
    olds = [launch, quote, guide, teaser]
    news = [
        launch.replace(date=date(2025, 3, 5)),  # ran two days late
        quote.replace(date=date(2025, 3, 6)),
        guide.replace(date=date(2025, 4, 3)),  # out of March
        teaser.replace(date=date(2025, 3, 28)),  # into March, earlier
    ]
    repository.apply_changes(pf, olds, news)
    pf.close()
    return path


def test_a_moved_item_keeps_the_day_it_was_first_planned_for(moved_plan: Path) -> None:
    with PlanFile.open(moved_plan, read_only=True) as pf:
        items = {i.title: i for i in repository.list_items(pf)}
    assert items["Launch post"].baseline == date(2025, 3, 3)
    assert items["Launch post"].date == date(2025, 3, 5) and items["Launch post"].moved
    assert not items["Stayed put"].moved


def test_gather_lists_moves_in_out_of_and_within_the_period(moved_plan: Path) -> None:
    with PlanFile.open(moved_plan, read_only=True) as pf:
        data = gather(pf, ReportPeriod.parse_month("2025-03"), TODAY)
    # by the day first planned; "Stayed put" is not among them
    assert [i.title for i in data.moved] == [
        "Launch post",
        "Customer quote",
        "Spring guide",
        "April teaser",
    ]
    counts = data.moved_counts
    assert (counts.total, counts.later, counts.earlier) == (4, 3, 1)
    assert (counts.moved_out, counts.moved_in) == (1, 1)
    # in the outcome table: items dated in March now, on another day than planned
    assert data.total.moved == 3  # launch, quote, teaser (the guide is dated April now)
    assert moved_summary(data) == (
        "4 moved from the day first planned: 3 later, 1 earlier; "
        "1 out of this period and 1 into it."
    )


def test_april_sees_the_same_moves_from_its_side(moved_plan: Path) -> None:
    with PlanFile.open(moved_plan, read_only=True) as pf:
        data = gather(pf, ReportPeriod.parse_month("2025-04"), TODAY)
    assert [i.title for i in data.moved] == ["Spring guide", "April teaser"]
    counts = data.moved_counts
    assert (counts.moved_in, counts.moved_out) == (1, 1)


def test_the_planned_and_done_page_lists_moves(qapp, moved_plan: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "march.pdf"
    assert main(["report", str(moved_plan), str(out), "--month", "2025-03"]) == 0
    pdf = read_pdf(out)
    [page] = [p.text for p in pdf.pages if "Planned and done" in p.text and "Moved (4)" in p.text]
    assert "keeps no history" not in page
    assert "Launch post" in page and "Mon 3 Mar" in page and "ran Wed 5 Mar" in page
    assert "+2 days" in page
    assert "April teaser" in page and "Wed 2 Apr" in page and "Fri 28 Mar" in page
    assert "\u22125 days" in page  # a minus sign, not a hyphen
    assert "Moved = dated in the period, on another day than the one first planned for." in page
    assert "1 out of this period and 1 into it" in page
    assert all(min(p.font_sizes) >= 8.0 for p in pdf.pages)


def test_a_plan_where_nothing_moved_says_so(qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "still.streamdesk"
    pf = create_plan(path, Plan(name="Still"))
    channel = repository.list_channels(pf)[0].id or 0
    repository.insert(pf, Item("Only post", date(2025, 3, 3), channel))
    data = gather(pf, ReportPeriod.parse_month("2025-03"), TODAY)
    pf.close()
    assert data.moved == [] and data.total.moved == 0
    assert moved_summary(data).startswith("Nothing moved")


def test_the_moved_table_names_long_channels_in_full(qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Rendered at 80 dpi: "Events/webin…" in the Moved table, while Now and Status had
    room to spare; the Missed table below named it in full."""
    path = tmp_path / "events.streamdesk"
    pf = create_plan(path, Plan(name="Events", client="Acme Ltd"))
    events = repository.channel_by_name(pf, "Events/webinars")
    assert events is not None and events.id is not None
    made = repository.insert(
        pf, Item("Autumn webinar", date(2025, 3, 4), events.id, status=ItemStatus.SCHEDULED)
    )
    assert isinstance(made, Item)
    repository.apply_changes(pf, [made], [made.replace(date=date(2025, 3, 6))])
    pf.close()
    out = tmp_path / "events.pdf"
    assert main(["report", str(path), str(out), "--month", "2025-03"]) == 0
    [page] = [p.text for p in read_pdf(out).pages if "Moved (1)" in p.text]
    moved = page[page.index("Moved (1)") : page.index("Missed (")]
    assert "Events/webinars" in moved and "Events/webin…" not in moved
    assert "scheduled" in moved and "schedul…" not in moved
