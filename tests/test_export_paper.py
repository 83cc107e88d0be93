"""The workbook on paper (issue 18, item 3), checked at the openpyxl level."""

from __future__ import annotations

import html
import re
import zipfile
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from streamdesk import demo
from streamdesk.domain.channels import channel_codes
from streamdesk.excel.columns import BALANCE_SHEET, CONTENT_SHEET, TIMELINE_SHEET
from streamdesk.excel.export import export_plan
from streamdesk.excel.export_xlsx import (
    CONTENT_PRINT_SCALE,
    DOWNSTREAM_COLOUR,
    HEADER_FILL,
    TIMELINE_PRINT_SCALE,
    UPSTREAM_COLOUR,
)
from streamdesk.storage import PlanFile, repository

START = date(2027, 1, 1)


@pytest.fixture(scope="module")
def plan(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PlanFile]:
    path = tmp_path_factory.mktemp("paper") / "demo.streamdesk"
    demo.generate(path, items=200, initiatives=20, start=START, seed=3).close()
    pf = PlanFile.open(path, read_only=True)
    yield pf
    pf.close()


@pytest.fixture(scope="module")
def workbook(plan: PlanFile, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("paper-out") / "plan.xlsx"
    export_plan(plan, out)
    return out


@pytest.fixture(scope="module")
def wb(workbook: Path) -> openpyxl.Workbook:
    return openpyxl.load_workbook(workbook)


@pytest.fixture(scope="module")
def partial(plan: PlanFile, tmp_path_factory: pytest.TempPathFactory) -> openpyxl.Workbook:
    out = tmp_path_factory.mktemp("paper-part") / "part.xlsx"
    export_plan(plan, out, date(2027, 3, 15), date(2027, 5, 10))
    return openpyxl.load_workbook(out)


def test_at_most_ten_named_styles(wb: openpyxl.Workbook) -> None:
    """Our looks are cell formats, not entries in Excel's cell-style gallery (82 flooded it);
    what a client sees of them is each cell's font, fill and number format."""
    names = list(wb.named_styles)
    assert len(names) <= 10 and not any(n.startswith("StreamDesk") for n in names), names
    header = wb[CONTENT_SHEET]["A1"]
    assert header.font.b and header.fill.fgColor.rgb[2:] == HEADER_FILL


def test_chips_name_their_channel_and_stay_in_their_day(
    wb: openpyxl.Workbook, plan: PlanFile
) -> None:
    channels = {c.name: c for c in repository.list_channels(plan)}
    codes = channel_codes(channels.values())
    ws = wb["2027-02 Feb"]
    chips = [
        c
        for row in ws.iter_rows(min_row=3)
        for c in row
        if c.fill.fill_type == "solid" and isinstance(c.value, str) and "more" not in c.value
    ]
    assert chips
    by_colour = {c.colour[1:]: c for c in channels.values()}
    for cell in chips:
        channel = by_colour[cell.fill.fgColor.rgb[2:]]
        assert cell.number_format == f'"{codes[channel.id]} "@'  # shown before the text
        assert cell.alignment.wrap_text and cell.alignment.indent >= 1


def test_balance_counts_are_whole_and_the_chart_has_colours_and_cached_values(
    wb: openpyxl.Workbook,
) -> None:
    ws = wb[BALANCE_SHEET]
    header = [c.value for c in ws[1]]
    assert ws.cell(2, header.index("Upstream initiatives") + 1).number_format == "#,##0"
    assert ws.cell(2, header.index("Downstream items") + 1).number_format == "#,##0"
    (chart,) = ws._charts
    up, down = chart.series
    assert _rgb(up.graphicalProperties.solidFill) == UPSTREAM_COLOUR
    assert _rgb(down.graphicalProperties.solidFill) == DOWNSTREAM_COLOUR
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    months = [r[0] for r in rows if r[0]]
    col = header.index("Upstream hours")
    cached = {p.idx: p.v for p in up.val.numRef.numCache.pt}
    assert cached == {n: pytest.approx(r[col]) for n, r in enumerate(rows[: len(months)])}
    assert [p.v for p in up.cat.strRef.strCache.pt] == months
    share = chart._charts[1].series[0]
    assert share.val.numRef.numCache.ptCount == len(months)


def _rgb(fill: object) -> str:
    colour = fill.srgbClr  # type: ignore[attr-defined]  # openpyxl's ColorChoice
    return str(getattr(colour, "val", colour))


def test_timeline_prints_over_pages_at_8_pt_with_its_outline(wb: openpyxl.Workbook) -> None:
    ws = wb[TIMELINE_SHEET]
    assert ws.sheet_format.outlineLevelCol == 1
    assert not ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.page_setup.scale == TIMELINE_PRINT_SCALE
    assert ws.print_title_cols == "$A:$B" and ws.print_title_rows == "$1:$1"
    sizes = {c.font.sz for row in ws.iter_rows(max_row=5) for c in row if c.value is not None}
    assert min(sizes) * TIMELINE_PRINT_SCALE / 100 >= 8


def test_content_prints_the_client_columns_first_at_8_pt(wb: openpyxl.Workbook) -> None:
    ws = wb[CONTENT_SHEET]
    n = ws.max_row
    assert ws.print_area == f"'Content'!$A$1:$H${n},'Content'!$I$1:$T${n}"
    assert ws.print_title_rows == "$1:$1" and ws.page_setup.orientation == "landscape"
    assert ws.page_setup.scale == CONTENT_PRINT_SCALE
    sizes = {c.font.sz for row in ws.iter_rows(max_row=50) for c in row if c.value is not None}
    assert min(sizes) * CONTENT_PRINT_SCALE / 100 >= 8
    # the first range fits a landscape Letter page's width (10.2 in) at that scale, with
    # room for LibreOffice's wider idea of a character (seen: about 1.4 times Excel's)
    width_px = sum(ws.column_dimensions[c].width * 7 + 5 for c in "ABCDEFGH")
    assert 1.4 * width_px * 0.75 * CONTENT_PRINT_SCALE / 100 <= 10.2 * 72


def test_a_partial_range_shades_days_outside_it_and_labels_partial_months(
    partial: openpyxl.Workbook,
) -> None:
    ws = partial["2027-03 Mar"]
    first_week = [ws.cell(3, c) for c in range(1, 8)]  # 1–7 March, before the range
    assert all(c.value is None and c.fill.fgColor.rgb[2:] == "F2F2F2" for c in first_week)
    days = [c.value for row in ws.iter_rows(min_row=3) for c in row if isinstance(c.value, int)]
    assert min(days) == 15
    balance = partial[BALANCE_SHEET]
    labels = [balance.cell(r, 1).value for r in range(2, 5)]
    assert labels == ["2027-03 (partial)", "2027-04", "2027-05 (partial)"]
    assert balance.cell(2, 2).value == datetime(2027, 3, 15)
    assert balance.cell(4, 3).value == datetime(2027, 5, 10)


def test_month_grids_fill_the_page_at_a_readable_size(wb: openpyxl.Workbook) -> None:
    """The weeks take over 80 % of a landscape page at the fit-to-width scale, and chip
    text stays 8 pt or more there (A4: 10.89 × 7.07 in printable; the sheet is 7 columns)."""
    for name in (n for n in wb.sheetnames if n[:4].isdigit()):
        ws = wb[name]
        width_px = sum(ws.column_dimensions[c].width * 7 + 5 for c in "ABCDEFG")
        scale = min(1.0, 10.89 * 96 / width_px)
        rows = range(3, ws.max_row)  # the weeks, without the closing line
        grid = sum(ws.row_dimensions[r].height for r in rows)
        total = grid + sum(ws.row_dimensions[r].height or 15 for r in (1, 2, ws.max_row))
        fit = min(scale, 7.07 * 72 / total)  # fit to one page high too
        assert grid * fit >= 0.8 * 7.07 * 72, name
        sizes = {c.font.sz for row in ws.iter_rows(min_row=3) for c in row if c.value}
        assert min(sizes) * fit >= 8, name


def test_a_whole_plan_export_has_no_partial_month(wb: openpyxl.Workbook) -> None:
    labels = [r[0] for r in wb[BALANCE_SHEET].iter_rows(min_row=2, values_only=True) if r[0]]
    assert labels and not any("partial" in str(label) for label in labels)


def test_month_pages_print_a_channel_legend_and_the_status_key(
    wb: openpyxl.Workbook, workbook: Path, plan: PlanFile
) -> None:
    channels = repository.list_channels(plan)
    codes = channel_codes(channels)
    name = "2027-02 Feb"
    ws = wb[name]
    number = wb.sheetnames.index(name) + 1  # sheets are stored in the order they were made
    with zipfile.ZipFile(workbook) as z:
        xml = z.read(f"xl/worksheets/sheet{number}.xml").decode()
    header = html.unescape(re.search(r"<oddHeader>(.*?)</oddHeader>", xml).group(1))  # type: ignore[union-attr]
    sections = dict(re.findall(r"&([LCR])(.*?)(?=&[LCR]|$)", header))
    left, centre, right = (sections.get(k, "") for k in "LCR")
    items = repository.list_items(plan, date(2027, 2, 1), date(2027, 2, 28))
    used = {i.channel_id for i in items}
    for channel in channels:
        entry = f"&K{channel.colour[1:]}■&K000000 {codes[channel.id]} {channel.name}"
        assert ((entry in left) or (entry in centre)) == (channel.id in used), channel.name
    assert len(left) <= 255 and len(centre) <= 255
    assert "italics" in right and "struck" in right
    assert ws.oddHeader.left.size == 9 and ws.HeaderFooter.scaleWithDoc is False


def test_depends_on_ids_raise_no_number_stored_as_text_warning(
    wb: openpyxl.Workbook, workbook: Path, plan: PlanFile
) -> None:
    assert repository.list_dependencies(plan), "the demo plan has dependencies"
    number = wb.sheetnames.index(TIMELINE_SHEET) + 1
    with zipfile.ZipFile(workbook) as z:
        xml = z.read(f"xl/worksheets/sheet{number}.xml").decode()
    rows = wb[TIMELINE_SHEET].max_row
    assert f'<ignoredError sqref="K2:K{rows}" numberStoredAsText="1"' in xml
    # in its place in the schema: after the header and footer, before the end
    assert xml.index("<headerFooter") < xml.index("<ignoredErrors>") < xml.index("</worksheet>")


def test_timeline_weeks_carry_month_headings(wb: openpyxl.Workbook) -> None:
    """Each month's first week is headed with the month ("Feb 5"), the others with the day;
    the header stays on row 1 (the import contract) and every week cell keeps its date."""
    ws = wb[TIMELINE_SHEET]
    header = next(ws.iter_rows(max_row=1))
    weeks = [c for c in header[16:] if c.value is not None]
    assert len(weeks) > 8 and all(isinstance(c.value, datetime) for c in weeks)
    for before, cell in zip([None, *weeks], weeks, strict=False):
        starts_month = before is None or before.value.month != cell.value.month
        assert cell.number_format == ("mmm d" if starts_month else "d"), cell.coordinate
        assert (cell.border.left.style == "medium") == starts_month
    months = {(c.value.year, c.value.month) for c in weeks}
    assert sum(c.number_format == "mmm d" for c in weeks) == len(months)
