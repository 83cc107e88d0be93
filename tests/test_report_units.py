"""The report's renderers: type sizes, channel codes, pagination; no PDF needed."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtGui import QPageSize, QPainter, QPdfWriter

from streamdesk.domain import Initiative, default_channels
from streamdesk.domain.channels import channel_codes as short_codes
from streamdesk.report.calendar_page import month_weeks
from streamdesk.report.canvas import MIN_FONT_PT, SIZES, Canvas, paper_by_name, paper_for
from streamdesk.report.timeline_page import ROW_PT, month_chunks, rows_for, split_rows


def test_every_type_size_is_at_least_8_pt() -> None:
    assert min(SIZES.all()) >= MIN_FONT_PT == 8.0


def test_canvas_refuses_a_font_under_8_pt(qapp, tmp_path) -> None:  # type: ignore[no-untyped-def]
    writer = QPdfWriter(str(tmp_path / "x.pdf"))
    painter = QPainter(writer)
    try:
        canvas = Canvas(painter, writer)
        assert canvas.font(8.0).pixelSize() >= 8.0 * canvas.unit  # never rounded below
        with pytest.raises(ValueError, match=r"under the 8\.0 pt floor"):
            canvas.font(7.5)
    finally:
        painter.end()


def test_paper_follows_the_locale() -> None:
    assert paper_for(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)) == (
        QPageSize.PageSizeId.Letter
    )
    assert paper_for(QLocale(QLocale.Language.German, QLocale.Country.Germany)) == (
        QPageSize.PageSizeId.A4
    )
    assert paper_by_name("Letter") == QPageSize.PageSizeId.Letter
    with pytest.raises(ValueError, match="unknown paper size 'A3'"):
        paper_by_name("A3")


def test_channel_codes_are_unique_and_short() -> None:
    channels = [c.replace(id=n) for n, c in enumerate(default_channels(), start=1)]
    codes = short_codes(channels)
    assert len(set(codes.values())) == len(channels)
    assert all(1 < len(code) <= 4 for code in codes.values())
    by_name = {c.name: codes[c.id] for c in channels}  # type: ignore[index]
    assert by_name["LinkedIn"] == "Li" and by_name["Facebook"] == "Fa"
    assert by_name["Blog/SEO"] == "BS" and by_name["PPC"] == "PPC"


def test_month_weeks_start_on_the_plans_week_start() -> None:
    weeks = month_weeks(date(2027, 3, 1), week_start=6)  # Sunday
    assert weeks[0] == date(2027, 2, 28) and all(w.weekday() == 6 for w in weeks)
    assert (
        weeks[-1]
        <= date(2027, 3, 31)
        < weeks[-1].replace(day=weeks[-1].day) + (weeks[1] - weeks[0])
    )


def test_timeline_rows_split_over_pages_repeat_the_lane() -> None:
    initiatives = [
        Initiative(f"Study {n}", "Research", date(2027, 1, 1), date(2027, 1, 10), id=n)
        for n in range(1, 41)
    ]
    rows = rows_for(initiatives, ["Research"], date(2027, 1, 1), date(2027, 1, 31))
    pages = split_rows(rows, 28 + 10 * ROW_PT)
    assert len(pages) == 5
    assert all(page[0].initiative is None for page in pages)  # each starts with its lane
    assert [page[0].continued for page in pages] == [False, True, True, True, True]
    assert sum(1 for page in pages for row in page if row.initiative) == 40


def test_month_chunks_cover_the_plan_in_whole_months() -> None:
    chunks = month_chunks(date(2027, 1, 15), date(2027, 8, 3), 6)
    assert chunks == [(date(2027, 1, 1), date(2027, 6, 30)), (date(2027, 7, 1), date(2027, 8, 31))]
