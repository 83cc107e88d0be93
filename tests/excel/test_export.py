"""The client-ready exports: the workbook read back with openpyxl, the CSV and the ICS parsed."""

from __future__ import annotations

import calendar
import csv
import html
import itertools
import zipfile
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from streamdesk import demo
from streamdesk.cli import main
from streamdesk.domain import Initiative, Item, ItemStatus, readable_text_colour
from streamdesk.excel import safety
from streamdesk.excel.columns import (
    BALANCE_SHEET,
    CONTENT_COLUMNS,
    CONTENT_EXTRA_COLUMNS,
    CONTENT_SHEET,
    PLAN_SHEET,
    TIMELINE_COLUMNS,
    TIMELINE_SHEET,
)
from streamdesk.excel.export import ExportCancelled, ExportError, export_plan
from streamdesk.excel.export_xlsx import HEADER_FILL, LISTS_SHEET
from streamdesk.storage import PlanFile, create_plan, repository

CONTENT = {field: n + 1 for n, (_, field) in enumerate(CONTENT_COLUMNS)}
TIMELINE = {field: n + 1 for n, (_, field) in enumerate(TIMELINE_COLUMNS)}
MONTHS = [f"2027-{m:02d} {name}" for m, name in enumerate(calendar.month_abbr[1:], 1)]
RISKY = {
    "title": '=HYPERLINK("http://evil","click")',
    "owner": "@SUM(A1)",
    "format": "+1",
    "notes": "\rCR first\r\nthen _x000D_ literally, and\ttabs",
    "link": "-2+3",
}
GENERATED = datetime(2027, 6, 1, 9, 30)


@pytest.fixture(scope="module")
def plan(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, PlanFile, Item]]:
    """A demo plan with one item whose every text field is formula-like (read-only use)."""
    path = tmp_path_factory.mktemp("export") / "Client plan.streamdesk"
    pf = demo.generate(path, items=120, initiatives=20, start=date(2027, 1, 1), seed=7)
    channel = repository.channel_by_name(pf, "LinkedIn")
    assert channel is not None
    risky = repository.insert(
        pf,
        Item(
            RISKY["title"],
            date(2027, 3, 10),
            channel.id,
            time=time(9, 30),
            status=ItemStatus.DRAFT,
            cost=1234.5,
            reach=10,
            **{k: v for k, v in RISKY.items() if k != "title"},
        ),
    )
    repository.insert(pf, Initiative("Launch gate", "Product", date(2027, 5, 5), date(2027, 5, 5)))
    yield path, pf, risky
    pf.close()


@pytest.fixture(scope="module")
def workbook_path(plan: tuple[Path, PlanFile, Item]) -> Path:
    path, pf, _ = plan
    out = path.parent / "out.xlsx"
    export_plan(pf, out, generated=GENERATED)
    return out


@pytest.fixture(scope="module")
def wb(workbook_path: Path) -> openpyxl.Workbook:
    return openpyxl.load_workbook(workbook_path)


def content_row(wb: openpyxl.Workbook, item_id: int) -> list[openpyxl.cell.Cell]:
    ws = wb[CONTENT_SHEET]
    for row in ws.iter_rows(min_row=2):
        if row[0].value == item_id:
            return list(row)
    raise AssertionError(f"item {item_id} not in Content")


def test_sheets_are_plan_months_content_timeline_balance(wb: openpyxl.Workbook) -> None:
    assert wb.sheetnames == [
        PLAN_SHEET,
        *MONTHS,
        CONTENT_SHEET,
        TIMELINE_SHEET,
        BALANCE_SHEET,
        LISTS_SHEET,
    ]
    assert wb[LISTS_SHEET].sheet_state == "hidden"
    assert all(wb[name].sheet_state == "visible" for name in wb.sheetnames[:-1])


def test_plan_sheet_names_the_plan_and_the_channel_legend(
    wb: openpyxl.Workbook, plan: tuple[Path, PlanFile, Item]
) -> None:
    _, pf, _ = plan
    ws = wb[PLAN_SHEET]
    labels = {row[0].value: row[1] for row in ws.iter_rows(min_row=4, max_row=13)}
    assert labels["Plan"].value == "Demo plan"
    assert labels["Client"].value == "Northwind Studio"
    first, last = repository.date_range(pf)
    assert labels["Period from"].value == datetime.combine(first, time())
    assert labels["Period to"].value == datetime.combine(last, time())
    assert labels["Target band"].value.startswith("20% – 40%")
    assert labels["Generated"].value == GENERATED
    plan_id = next(row for row in ws.iter_rows(min_row=4, max_row=20) if row[0].value == "Plan ID")
    assert plan_id[1].value == repository.plan_uid(pf)
    assert plan_id[1].row == 14  # after the facts a client reads, in grey
    assert plan_id[1].font.color.rgb[2:] == "595959" and not plan_id[0].font.b
    assert labels["Period from"].is_date and labels["Period from"].number_format == "yyyy-mm-dd"
    assert {labels[k].alignment.horizontal for k in ("Period to", "Initiatives")} == {"left"}
    legend = {row[0].value: row[0] for row in ws.iter_rows(min_row=16) if row[0].value is not None}
    for channel in repository.list_channels(pf):
        cell = legend[channel.name]
        assert cell.fill.fgColor.rgb[2:] == channel.colour[1:]
        assert cell.font.color.rgb[2:] == readable_text_colour(channel.colour)[1:]


def test_content_has_the_contract_headers_styled_frozen_and_filtered(
    wb: openpyxl.Workbook, plan: tuple[Path, PlanFile, Item]
) -> None:
    _, pf, _ = plan
    ws = wb[CONTENT_SHEET]
    header = next(ws.iter_rows(max_row=1))
    # the contract's columns, then what only the client reads ("Planned for")
    assert [c.value for c in header] == [h for h, _ in (*CONTENT_COLUMNS, *CONTENT_EXTRA_COLUMNS)]
    # the header's look, cell by cell (a named style in Excel's gallery is no help to a client)
    for cell in header:
        assert cell.font.bold and cell.font.color.rgb[2:] == "FFFFFF", cell.coordinate
        assert cell.fill.fill_type == "solid" and cell.fill.fgColor.rgb[2:] == HEADER_FILL
        assert cell.font.name == "Calibri" and cell.alignment.wrap_text
    assert ws.freeze_panes == "A2"
    count = repository.count_items(pf)
    assert ws.max_row == count + 1
    assert ws.auto_filter.ref == f"A1:T{count + 1}"
    assert ws.column_dimensions["F"].width == 40  # Title
    assert ws.print_title_rows == "$1:$1"


def test_content_values_have_their_types(
    wb: openpyxl.Workbook, plan: tuple[Path, PlanFile, Item]
) -> None:
    _, pf, risky = plan
    items = repository.list_items(pf)
    ws = wb[CONTENT_SHEET]
    assert [row[0].value for row in ws.iter_rows(min_row=2)] == [i.id for i in items]
    item = next(i for i in items if i.link.startswith("https://") and i.time and i.campaign_id)
    row = content_row(wb, item.id)
    cell = {field: row[n - 1] for field, n in CONTENT.items()}
    assert cell["date"].value == datetime.combine(item.date, time())
    assert cell["date"].is_date and cell["date"].number_format == "yyyy-mm-dd"
    assert cell["time"].value == item.time and cell["time"].number_format == "hh:mm"
    assert (
        cell["channel"].value
        == repository.get(pf, type(repository.list_channels(pf)[0]), item.channel_id).name
    )
    assert cell["status"].value == item.status.value
    assert cell["campaign"].value == next(
        c.name for c in repository.list_campaigns(pf) if c.id == item.campaign_id
    )
    assert cell["cost"].value == item.cost and cell["cost"].number_format == "#,##0.00"
    assert cell["link"].value == item.link
    assert cell["link"].hyperlink.target == item.link
    # Excel's link look: blue, underlined, set apart from the cost before it
    assert cell["link"].font.color.rgb[2:] == "0563C1"
    assert cell["link"].font.underline == "single" and cell["link"].alignment.indent == 1
    risky_row = content_row(wb, risky.id)
    assert risky_row[CONTENT["reach"] - 1].value == 10
    assert risky_row[CONTENT["actual_cost"] - 1].value is None
    assert risky_row[CONTENT["link"] - 1].hyperlink is None  # not a web address


def test_status_and_channel_cells_have_drop_down_lists(
    wb: openpyxl.Workbook, plan: tuple[Path, PlanFile, Item]
) -> None:
    _, pf, _ = plan
    ws = wb[CONTENT_SHEET]
    validations = {str(dv.sqref).split(":")[0]: dv for dv in ws.data_validations.dataValidation}
    lists = wb[LISTS_SHEET]
    status = validations["G2"]
    channel = validations["D2"]
    for dv in (status, channel):
        assert dv.type == "list" and dv.showErrorMessage and not dv.allow_blank
    assert status.formula1 == "'Lists'!$A$2:$A$7"
    assert [lists.cell(r, 1).value for r in range(2, 8)] == [s.value for s in ItemStatus]
    names = [c.name for c in repository.list_channels(pf)]
    assert channel.formula1 == f"'Lists'!$B$2:$B${len(names) + 1}"
    assert [lists.cell(r, 2).value for r in range(2, len(names) + 2)] == names
    rows = repository.count_items(pf) + 1
    assert int(str(status.sqref).split(":")[1][1:]) > rows  # room for rows the client adds


@pytest.mark.parametrize("field", sorted(RISKY))
def test_formula_like_text_stays_text_and_reads_back_unchanged(
    wb: openpyxl.Workbook, plan: tuple[Path, PlanFile, Item], field: str, workbook_path: Path
) -> None:
    _, _, risky = plan
    cell = content_row(wb, risky.id)[CONTENT[field] - 1]
    assert cell.data_type == "s"
    # stored with OOXML's _xHHHH_ escapes (what Excel, LibreOffice and calamine decode; the
    # calamine test below reads it back exactly). openpyxl decodes only some of them.
    with zipfile.ZipFile(workbook_path) as archive:
        strings = archive.read("xl/sharedStrings.xml").decode()
    assert f">{html.escape(safety.xlsx_escape(RISKY[field]), quote=False)}</t>" in strings


def test_no_cell_in_any_sheet_is_a_formula(workbook_path: Path) -> None:
    with zipfile.ZipFile(workbook_path) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
        assert len(sheets) == 17
        for name in sheets:
            assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name), name


def test_calamine_reads_the_risky_text_exactly(
    workbook_path: Path, plan: tuple[Path, PlanFile, Item]
) -> None:
    from python_calamine import CalamineWorkbook

    _, _, risky = plan
    rows = (
        CalamineWorkbook.from_path(str(workbook_path)).get_sheet_by_name(CONTENT_SHEET).to_python()
    )
    row = next(r for r in rows[1:] if r[0] == risky.id)
    for field, value in RISKY.items():
        assert row[CONTENT[field] - 1] == value, field


def test_month_sheet_is_a_printable_calendar_of_coloured_chips(
    wb: openpyxl.Workbook, plan: tuple[Path, PlanFile, Item]
) -> None:
    _, pf, _ = plan
    ws = wb["2027-03 Mar"]
    assert ws["A1"].value == "March 2027"
    assert [ws.cell(2, c).value for c in range(1, 8)] == [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ]
    assert ws.page_setup.orientation == "landscape"
    # one page per month: the weeks share the page's height, a busy month shrinks to fit
    # (an absent fitToWidth or fitToHeight is 1, ECMA-376 §18.3.1.63; 0 would be "as needed")
    assert (ws.page_setup.fitToWidth or 1) == 1 and (ws.page_setup.fitToHeight or 1) == 1
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows == "$1:$2"
    # the print area stops at Sunday: a chip's text spilling past it shrank the printed page
    assert ws.print_area == f"'{ws.title}'!$A$1:$G${ws.max_row}"
    heights = {ws.row_dimensions[r].height for r in range(3, ws.max_row)}
    assert None not in heights and min(heights) >= 14
    # the closing line only draws the last week's bottom edge; it is no empty week strip
    closing = ws.cell(ws.max_row, 1)
    assert closing.value is None and closing.fill.fill_type is None
    assert closing.border.top.style == "thin"
    chips = [c for row in ws.iter_rows(min_row=3) for c in row if isinstance(c.value, str)]
    cell = next(c for c in chips if "HYPERLINK" in c.value)
    assert cell.data_type == "s"
    assert cell.value == f"09:30 {RISKY['title']} (draft)"
    linkedin = repository.channel_by_name(pf, "LinkedIn")
    assert cell.fill.fgColor.rgb[2:] == linkedin.colour[1:]
    assert cell.font.color.rgb[2:] == readable_text_colour(linkedin.colour)[1:]
    assert cell.font.i  # drafts are in italics
    assert cell.font.name == "Calibri"  # a nameless font prints in a serif in LibreOffice
    assert cell.border.bottom.color.rgb[2:] == "FFFFFF"  # chips of one colour stay apart
    # 10 March 2027 is a Wednesday: the chip sits under the Wednesday header
    assert cell.column == 3
    day_row = next(r for r in range(3, cell.row + 1)[::-1] if ws.cell(r, 3).value == 10)
    assert day_row < cell.row
    march = [i for i in repository.list_items(pf) if i.date.month == 3]
    assert len(chips) == len(march)


def test_a_busy_day_ends_with_how_many_more(tmp_path: Path) -> None:
    path = tmp_path / "busy.streamdesk"
    pf = demo.generate(path, items=0, initiatives=0, start=date(2027, 1, 1))
    channel = repository.list_channels(pf)[-1]
    repository.insert_many(pf, [Item(f"Post {n}", date(2027, 2, 3), channel.id) for n in range(12)])
    export_plan(pf, tmp_path / "busy.xlsx")
    pf.close()
    ws = openpyxl.load_workbook(tmp_path / "busy.xlsx")["2027-02 Feb"]
    texts = [c.value for row in ws.iter_rows(min_row=3) for c in row if isinstance(c.value, str)]
    assert texts == [f"Post {n} (idea)" for n in range(7)] + ["+ 5 more"]


def test_timeline_table_and_week_gantt(
    wb: openpyxl.Workbook, plan: tuple[Path, PlanFile, Item]
) -> None:
    _, pf, _ = plan
    ws = wb[TIMELINE_SHEET]
    header = [c.value for c in next(ws.iter_rows(max_row=1))]
    assert header[: len(TIMELINE_COLUMNS)] == [h for h, _ in TIMELINE_COLUMNS]
    weeks = header[len(TIMELINE_COLUMNS) + 1 :]
    first, _ = repository.date_range(pf)
    monday = first - timedelta(days=first.weekday())  # the demo plan's weeks start on Monday
    assert weeks[0] == datetime.combine(monday, time())
    assert all((b - a).days == 7 for a, b in itertools.pairwise(weeks))
    assert ws.freeze_panes == "C2"
    assert ws.page_setup.orientation == "landscape"
    gantt0 = len(TIMELINE_COLUMNS) + 2
    colours = {c.name: c.colour for c in repository.list_channels(pf)}
    deps = repository.list_dependencies(pf)
    initiatives = repository.list_initiatives(pf)
    for row, initiative in zip(ws.iter_rows(min_row=2), initiatives, strict=True):
        assert row[0].value == initiative.id
        assert row[TIMELINE["start"] - 1].value == datetime.combine(initiative.start, time())
        assert row[TIMELINE["status"] - 1].value == initiative.status.value
        preds = sorted(d.predecessor_id for d in deps if d.successor_id == initiative.id)
        assert (row[TIMELINE["depends_on"] - 1].value or "") == ", ".join(map(str, preds))
        if preds:  # set apart from the right-aligned budget before it
            assert row[TIMELINE["depends_on"] - 1].alignment.indent == 1
        week = (max(initiative.start, first) - monday).days // 7
        bar = row[gantt0 - 1 + week]
        if initiative.is_milestone:
            assert bar.value == "◆"
            assert bar.font.color.rgb[2:] == colours[initiative.kind][1:]
        else:
            assert bar.fill.fgColor.rgb[2:] == colours[initiative.kind][1:]
            assert row[gantt0 - 2 + week].fill.fill_type is None  # nothing before the start
    assert any(row[0].value and row[1].value == "Launch gate" for row in ws.iter_rows(min_row=2))


def test_balance_sheet_has_figures_and_a_native_bar_and_line_chart(
    wb: openpyxl.Workbook,
) -> None:
    from openpyxl.chart import BarChart, LineChart

    ws = wb[BALANCE_SHEET]
    assert [ws.cell(r, 1).value for r in range(2, 14)] == [f"2027-{m:02d}" for m in range(1, 13)]
    share = ws.cell(2, 10)
    assert isinstance(share.value, float) and share.number_format == "0%"
    (chart,) = ws._charts
    assert isinstance(chart, BarChart)
    kinds = [type(c) for c in chart._charts]
    assert kinds == [BarChart, LineChart]
    assert len(chart._charts[0].series) == 2 and len(chart._charts[1].series) == 3
    # the share on its own axis, a percentage from 0 to 1, on the right
    bars_axis, share_axis = chart._charts[0].y_axis, chart._charts[1].y_axis
    assert share_axis.axId != bars_axis.axId
    assert share_axis.numFmt.formatCode == "0%" and share_axis.crosses == "max"
    assert (share_axis.scaling.min, share_axis.scaling.max) == (0, 1)


def test_the_same_plan_exports_the_same_cells_twice(
    plan: tuple[Path, PlanFile, Item], workbook_path: Path, tmp_path: Path
) -> None:
    _, pf, _ = plan
    again = tmp_path / "again.xlsx"
    export_plan(pf, again, generated=datetime(2030, 1, 1))
    with zipfile.ZipFile(workbook_path) as a, zipfile.ZipFile(again) as b:
        names = sorted(n for n in a.namelist() if n.startswith("xl/"))
        assert names == sorted(n for n in b.namelist() if n.startswith("xl/"))
        differing = [n for n in names if a.read(n) != b.read(n)]
    assert differing == ["xl/worksheets/sheet1.xml"]  # the Plan sheet's generated date


def test_a_period_limits_months_items_and_initiatives(
    plan: tuple[Path, PlanFile, Item], tmp_path: Path
) -> None:
    _, pf, _ = plan
    out = tmp_path / "q2.xlsx"
    summary = export_plan(pf, out, date(2027, 4, 1), date(2027, 6, 30))
    wb = openpyxl.load_workbook(out, read_only=True)
    assert wb.sheetnames[1:4] == ["2027-04 Apr", "2027-05 May", "2027-06 Jun"]
    dates = [r[1] for r in wb[CONTENT_SHEET].iter_rows(min_row=2, values_only=True)]
    assert dates and all(datetime(2027, 4, 1) <= d <= datetime(2027, 6, 30) for d in dates)
    assert summary.items == len(dates)
    wb.close()


def test_an_empty_plan_exports_every_format(empty_pf: PlanFile, tmp_path: Path) -> None:
    for suffix in (".xlsx", ".csv", ".ics"):
        summary = export_plan(empty_pf, tmp_path / f"empty{suffix}")
        assert summary.items == 0 and summary.path.stat().st_size > 0
    wb = openpyxl.load_workbook(tmp_path / "empty.xlsx")
    assert wb.sheetnames == [PLAN_SHEET, CONTENT_SHEET, TIMELINE_SHEET, BALANCE_SHEET, "Lists"]


def test_cancelling_from_progress_leaves_no_file(
    plan: tuple[Path, PlanFile, Item], tmp_path: Path
) -> None:
    _, pf, _ = plan
    calls: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> None:
        calls.append((done, total))
        if len(calls) == 3:
            raise ExportCancelled

    with pytest.raises(ExportCancelled):
        export_plan(pf, tmp_path / "cancelled.xlsx", progress=progress)
    assert list(tmp_path.iterdir()) == []
    assert calls[0][0] < calls[1][0] < calls[2][0] <= calls[0][1]


def test_unknown_extension_is_refused(plan: tuple[Path, PlanFile, Item], tmp_path: Path) -> None:
    _, pf, _ = plan
    with pytest.raises(ExportError, match=r"\.xlsx, \.csv, \.ics"):
        export_plan(pf, tmp_path / "plan.pdf")


# -- CSV ----------------------------------------------------------------------------------


def test_csv_is_the_content_table_with_bom_and_quoted_formulas(
    plan: tuple[Path, PlanFile, Item], tmp_path: Path
) -> None:
    _, pf, risky = plan
    out = tmp_path / "plan.csv"
    export_plan(pf, out)
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfID,Date,Time,Channel")
    with out.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == [*(h for h, _ in (*CONTENT_COLUMNS, *CONTENT_EXTRA_COLUMNS)), "Plan ID"]
    assert len(rows) == repository.count_items(pf) + 1
    # the plan's identity on every row, last: import refuses another plan's CSV by it
    assert {r[-1] for r in rows[1:]} == {repository.plan_uid(pf)}
    row = next(r for r in rows if r[0] == str(risky.id))
    assert row[CONTENT["date"] - 1] == "2027-03-10" and row[CONTENT["time"] - 1] == "09:30"
    assert row[CONTENT["cost"] - 1] == "1234.5" and row[CONTENT["actual_cost"] - 1] == ""
    for field, value in RISKY.items():
        written = row[CONTENT[field] - 1]
        assert not safety.is_formula_like(written), field
        assert safety.csv_unescape(written) == value, field
    assert row[CONTENT["status"] - 1] == "draft"


# -- iCalendar -----------------------------------------------------------------------------


def test_ics_has_one_event_per_item_with_stable_uids(
    plan: tuple[Path, PlanFile, Item], tmp_path: Path
) -> None:
    from icalendar import Calendar

    _, pf, risky = plan
    out = tmp_path / "plan.ics"
    export_plan(pf, out)
    cal = Calendar.from_ical(out.read_bytes())
    events = {str(e["UID"]): e for e in cal.walk("VEVENT")}
    items = repository.list_items(pf)
    assert len(events) == len(items)
    uid = repository.plan_uid(pf)
    assert len(uid) == 32 and int(uid, 16) >= 0
    assert set(events) == {f"item-{i.id}.{uid}@streamdesk" for i in items}
    event = events[f"item-{risky.id}.{uid}@streamdesk"]
    # a timed item is a timed event in the plan's zone (issue 18); one without, all-day
    zone = repository.get_plan(pf).time_zone
    assert event["DTSTART"].params["TZID"] == zone
    assert event.decoded("DTSTART").replace(tzinfo=None) == datetime(2027, 3, 10, 9, 30)
    untimed = next(i for i in items if i.time is None)
    all_day = events[f"item-{untimed.id}.{uid}@streamdesk"]
    assert all_day.decoded("DTSTART") == untimed.date  # a date: an all-day event
    assert all_day.decoded("DTEND") == untimed.date + timedelta(days=1)
    assert str(event["SUMMARY"]) == f"[LinkedIn] {RISKY['title']}"
    assert event["CATEGORIES"].cats == ["LinkedIn"]
    assert str(event["STATUS"]) == "TENTATIVE"  # a draft is included, as tentative
    description = str(event["DESCRIPTION"])
    assert "Status: draft" in description and "Time: 09:30" in description
    assert "CR first" in description
    statuses = {i.status for i in items}
    assert ItemStatus.CANCELLED in statuses
    cancelled = next(i for i in items if i.status is ItemStatus.CANCELLED)
    assert str(events[f"item-{cancelled.id}.{uid}@streamdesk"]["STATUS"]) == "CANCELLED"
    # exported again: the same UIDs, so a calendar app updates instead of duplicating
    export_plan(pf, tmp_path / "again.ics")
    again = Calendar.from_ical((tmp_path / "again.ics").read_bytes())
    assert {str(e["UID"]) for e in again.walk("VEVENT")} == set(events)
    # and from a copy saved under another name: the plan, not its file name, names them
    renamed = tmp_path / "Renamed client plan.streamdesk"
    pf.backup_to(renamed)
    with PlanFile.open(renamed) as copy:
        export_plan(copy, tmp_path / "renamed.ics")
    moved = Calendar.from_ical((tmp_path / "renamed.ics").read_bytes())
    assert {str(e["UID"]) for e in moved.walk("VEVENT")} == set(events)


def test_every_new_plan_has_its_own_identity(tmp_path: Path) -> None:
    uids = set()
    for name in ("a", "b"):
        with create_plan(tmp_path / f"{name}.streamdesk") as pf:
            uids.add(repository.plan_uid(pf))
    assert len(uids) == 2


# -- command line and the safety rule ---------------------------------------------------------


def test_cli_export_with_a_period(
    plan: tuple[Path, PlanFile, Item], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, pf, _ = plan
    out = tmp_path / "march.csv"
    assert main(["export", str(path), str(out), "--from", "2027-03-01", "--to", "2027-03-31"]) == 0
    march = repository.list_items(pf, date(2027, 3, 1), date(2027, 3, 31))
    assert f"{len(march)} items" in capsys.readouterr().out
    with out.open(encoding="utf-8-sig", newline="") as f:
        assert [int(r[0]) for r in list(csv.reader(f))[1:]] == [i.id for i in march]


def test_cli_export_errors_are_one_line(
    plan: tuple[Path, PlanFile, Item], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, _, _ = plan
    assert main(["export", str(path), str(tmp_path / "x.docx")]) == 1
    assert capsys.readouterr().err.startswith("streamdesk: error: cannot export to x.docx")
    args = ["export", str(path), str(tmp_path / "x.xlsx"), "--from", "2027-05-01"]
    assert main([*args, "--to", "2027-04-01"]) == 1
    assert "ends (2027-04-01) before it starts" in capsys.readouterr().err
    assert not (tmp_path / "x.xlsx").exists()


@given(st.text())
def test_csv_escaping_round_trips_and_disarms(text: str) -> None:
    escaped = safety.csv_escape(text)
    assert not safety.is_formula_like(escaped)
    assert safety.csv_unescape(escaped) == text


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",), max_codepoint=0x2FF)))
def test_xlsx_escaping_round_trips_whatever_xml_can_hold(text: str) -> None:
    legal = "".join(c for c in text if c in "\t\n\r" or ord(c) >= 32)
    assert safety.xlsx_unescape(safety.xlsx_escape(legal)) == legal
    assert "\r" not in safety.xlsx_escape(legal)


def test_header_rows_are_tall_enough_for_their_titles(wb: openpyxl.Workbook) -> None:
    """Write-only rows are final once appended: a height set after the row was lost, and
    the Balance sheet's two-line headers printed cut in half."""
    month = next(name for name in wb.sheetnames if name[:4].isdigit())
    expected = {PLAN_SHEET: 24, month: 24, CONTENT_SHEET: 20, TIMELINE_SHEET: 42}
    expected[BALANCE_SHEET] = 45
    for sheet, height in expected.items():
        # (xlsxwriter rounds a height to whole pixels: 20 pt is stored as 20.25)
        assert wb[sheet].row_dimensions[1].height == pytest.approx(height, abs=0.5), sheet


def test_every_styled_font_names_its_face_and_text_is_set_apart(
    wb: openpyxl.Workbook, plan: tuple[Path, PlanFile, Item]
) -> None:
    """Seen in LibreOffice's PDF: nameless style fonts printed in a serif beside sans values,
    "16:15Email" and "1Market research" ran together, and reach had no thousands separator."""
    for font in wb._fonts:  # every font of every cell format in the workbook
        assert font.name == "Calibri", font
    _, _, risky = plan
    row = content_row(wb, risky.id)
    assert row[CONTENT["time"] - 1].alignment.horizontal == "center"
    for name in ("reach", "clicks", "conversions"):
        item_row = next(
            r for r in wb[CONTENT_SHEET].iter_rows(min_row=2) if r[CONTENT[name] - 1].value
        )
        assert item_row[CONTENT[name] - 1].number_format == "#,##0", name
    ws = wb[TIMELINE_SHEET]
    first = next(ws.iter_rows(min_row=2, max_row=2))
    for name in ("title", "kind", "status"):
        assert first[TIMELINE[name] - 1].alignment.indent == 1, name


def test_an_empty_plans_period_reads_as_a_dash(empty_pf: PlanFile, tmp_path: Path) -> None:
    out = tmp_path / "empty.xlsx"
    export_plan(empty_pf, out)
    ws = openpyxl.load_workbook(out)[PLAN_SHEET]
    facts = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(4, 14)}
    assert facts["Period from"] == facts["Period to"] == "—"


def test_a_plan_whose_week_starts_on_sunday(tmp_path: Path) -> None:
    """Month sheets and the Gantt follow the plan's week start, not Monday."""
    pf = demo.generate(tmp_path / "sun.streamdesk", items=40, initiatives=6, start=date(2027, 1, 1))
    try:
        repository.save_plan(pf, repository.get_plan(pf).replace(week_start=6))
        out = tmp_path / "sun.xlsx"
        export_plan(pf, out)
    finally:
        pf.close()
    wb = openpyxl.load_workbook(out)
    ws = wb["2027-08 Aug"]  # 1 August 2027 is a Sunday: the first box of the first week
    assert [ws.cell(2, c).value for c in (1, 2, 7)] == ["Sunday", "Monday", "Saturday"]
    assert ws.cell(3, 1).value == 1
    ws = wb["2027-01 Jan"]  # 1 January 2027 is a Friday: sixth box
    assert [ws.cell(3, c).value for c in range(1, 8)] == [None] * 5 + [1, 2]
    header = [c.value for c in next(wb[TIMELINE_SHEET].iter_rows(max_row=1))]
    weeks = [w for w in header[len(TIMELINE_COLUMNS) + 1 :] if w is not None]
    assert weeks and all(w.weekday() == 6 for w in weeks)


def test_export_reads_one_snapshot_while_the_window_commits(
    plan_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A channel the window adds between two of the export's reads is not half in the file."""
    from streamdesk.domain import Channel, Stream
    from streamdesk.excel import export_data

    writer = PlanFile.open(plan_path)
    reader = PlanFile.open(plan_path, read_only=True)
    channels_before = len(repository.list_channels(writer))
    real_date_range = repository.date_range

    def date_range_then_commit(pf: PlanFile) -> object:
        bounds = real_date_range(pf)
        if pf is reader:  # the window commits right after the export's first read
            repository.insert(writer, Channel("Added meanwhile", "#123456", Stream.DOWNSTREAM, 1.0))
        return bounds

    monkeypatch.setattr(repository, "date_range", date_range_then_commit)
    try:
        data = export_data.load(reader)
        assert len(data.channels) == channels_before
        assert "Added meanwhile" not in {c.name for c in data.channels}
        assert not reader.conn.in_transaction  # the snapshot ends with the read
        assert len(repository.list_channels(reader)) == channels_before + 1
    finally:
        reader.close()
        writer.close()


def test_text_that_looks_like_markup_is_written_as_text(tmp_path: Path) -> None:
    """xlsxwriter's string table takes "<r>…</r>" for its own rich-text markup and would put
    it in the file as raw XML; such a title must read back exactly, in a sound workbook."""
    from python_calamine import CalamineWorkbook

    pf = demo.generate(tmp_path / "m.streamdesk", items=0, initiatives=0, start=date(2027, 1, 1))
    channel = repository.list_channels(pf)[0]
    titles = ["<r><t>x</t></r>", "<r>& <b>", "=1+2</r>", "_x0041_ & \x01 bell"]
    repository.insert_many(pf, [Item(t, date(2027, 1, 4), channel.id) for t in titles])
    export_plan(pf, tmp_path / "m.xlsx")
    pf.close()
    rows = CalamineWorkbook.from_path(str(tmp_path / "m.xlsx")).get_sheet_by_name(CONTENT_SHEET)
    assert [r[CONTENT["title"] - 1] for r in rows.to_python()[1:]] == titles
    assert openpyxl.load_workbook(tmp_path / "m.xlsx")[CONTENT_SHEET]["F2"].value == titles[0]


def test_text_longer_than_a_cell_holds_is_named_in_the_summary(tmp_path: Path) -> None:
    """Excel keeps 32,767 characters in a cell; a longer note is cut, and the export says
    where instead of losing the rest silently."""
    pf = demo.generate(tmp_path / "l.streamdesk", items=0, initiatives=0, start=date(2027, 1, 1))
    channel = repository.list_channels(pf)[0]
    repository.insert(pf, Item("Long read", date(2027, 1, 4), channel.id, notes="n" * 40_000))
    summary = export_plan(pf, tmp_path / "l.xlsx")
    pf.close()
    assert summary.notes == (f"{CONTENT_SHEET}!N2 cut to 32,767 characters",)
    assert "left out: Content!N2 cut" in summary.describe()
    cell = openpyxl.load_workbook(tmp_path / "l.xlsx")[CONTENT_SHEET]["N2"]
    assert cell.value == "n" * 32_767


def test_a_web_address_excel_cannot_link_stays_as_text(tmp_path: Path) -> None:
    """Past Excel's 2,079 characters xlsxwriter drops a link (with a warning, an error
    here): the address is kept as text instead."""
    pf = demo.generate(tmp_path / "u.streamdesk", items=0, initiatives=0, start=date(2027, 1, 1))
    channel = repository.list_channels(pf)[0]
    long_url = "https://example.com/?q=" + "😀" * 1100  # 2,223 UTF-16 units
    repository.insert(pf, Item("Linked", date(2027, 1, 4), channel.id, link=long_url))
    export_plan(pf, tmp_path / "u.xlsx")
    pf.close()
    cell = openpyxl.load_workbook(tmp_path / "u.xlsx")[CONTENT_SHEET].cell(2, CONTENT["link"])
    assert cell.value == long_url and cell.hyperlink is None
