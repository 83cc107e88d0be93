"""``streamdesk import`` on files from other tools: the choices it names, the options that
answer them, the dry run's list of changes, and our CSV round trip through a spreadsheet."""

from __future__ import annotations

import csv
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from import_helpers import REALWORLD, dry_run, export, sha256

from streamdesk.cli import main
from streamdesk.domain import Item, ItemStatus
from streamdesk.excel import dates
from streamdesk.excel.columns import CONTENT_COLUMNS
from streamdesk.excel.export import export_plan
from streamdesk.storage import PlanFile, repository

CONTENT = {f: n for n, (_, f) in enumerate(CONTENT_COLUMNS)}


@pytest.fixture(autouse=True)
def berlin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dates, "PLAN_ZONE", ZoneInfo("Europe/Berlin"))


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["import", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def titles(plan_path: Path, start: date, end: date) -> list[str]:
    with PlanFile.open(plan_path, read_only=True) as pf:
        return sorted(i.title for i in repository.list_items(pf, start, end))


def test_a_file_without_a_channel_column_takes_channel_and_values(
    plan_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = str(REALWORLD / "asana-board.csv")
    code, _, err = run(capsys, str(plan_path), source, "--dry-run")
    assert code == 1 and "--channel NAME" in err
    code, out, _ = run(
        capsys, str(plan_path), source, "--channel", "LinkedIn", "--values", "Owner:João Costa=JC"
    )
    assert code == 0
    assert "read as an Asana export" in out
    assert 'mapped: status "Needs Approval" → ready (synonym, 1 row)' in out
    assert 'mapped: owner "João Costa" → JC (--values, 2 rows)' in out
    with PlanFile.open(plan_path, read_only=True) as pf:
        items = repository.list_items(pf, date(2027, 1, 29), date(2027, 2, 9))
        linkedin = repository.channel_by_name(pf, "LinkedIn")
        assert linkedin is not None
        imported = [i for i in items if i.title == "Founder story: why coffee"]
        assert [(i.channel_id, i.owner, i.status) for i in imported] == [
            (linkedin.id, "JC", ItemStatus.DRAFT)
        ]


def test_statuses_to_decide_are_named_with_the_values_that_answer_them(
    plan_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = str(REALWORLD / "negated-statuses.csv")
    before = sha256(plan_path)
    code, _, err = run(capsys, str(plan_path), source)
    assert code == 1 and sha256(plan_path) == before
    assert (
        'decide: statuses to decide: "Unpublished", "Not scheduled"; map them with --values '
        '"Status:Unpublished=…,Status:Not scheduled=…"'
    ) in err
    values = "Status:Unpublished=draft,Status:Not scheduled=idea"
    code, out, _ = run(capsys, str(plan_path), source, "--values", values)
    assert code == 0 and "3 new" in out


def test_ambiguous_numbers_name_the_choice_and_the_choice_settles_them(
    plan_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = str(REALWORLD / "costs-ambiguous.csv")
    code, _, err = run(capsys, str(plan_path), source)
    assert code == 1 and "numbers like 1,500" in err and "--decimal comma or --decimal point" in err
    assert run(capsys, str(plan_path), source, "--decimal", "point")[0] == 0
    with PlanFile.open(plan_path, read_only=True) as pf:
        costs = [
            i.cost
            for i in repository.list_items(pf, date(2027, 1, 18), date(2027, 1, 19))
            if i.title in ("Brand search", "Competitor search")
        ]
    assert sorted(costs) == [1500.0, 2250.0]


def test_month_tabs_are_refused_by_name_then_read_as_chosen(
    plan_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = str(REALWORLD / "month-per-tab.xlsx")
    code, _, err = run(capsys, str(plan_path), source, "--dry-run")
    assert code == 1 and "'Jan', 'Feb', 'Mar'" in err and "--all-sheets" in err
    code, out, _ = run(capsys, str(plan_path), source, "--sheet", "Jan", "--sheet", "Feb")
    assert code == 0 and "4 new" in out
    code, out, _ = run(capsys, str(plan_path), source, "--all-sheets")
    assert code == 0 and "2 new" in out and "4 already in the plan" in out


def test_a_multi_value_cell_is_refused_unless_split(
    plan_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = str(REALWORLD / "notion-multiselect.csv")
    code, _, err = run(capsys, str(plan_path), source)
    assert code == 1 and "--split-multi" in err
    code, out, _ = run(capsys, str(plan_path), source, "--split-multi")
    assert code == 0 and "3 new" in out
    assert titles(plan_path, date(2027, 4, 2), date(2027, 4, 2)).count("Spring giveaway") == 2


def test_broken_csv_files_are_named_by_line(
    plan_path: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = run(capsys, str(plan_path), str(REALWORLD / "unclosed-quote.csv"))
    assert code == 1 and "unclosed-quote.csv, line 2: a quote opened in this row" in err
    huge = tmp_path / "huge.csv"
    huge.write_text("Date,Channel,Title\n2027-01-01,PR,ok\n2027-01-02,PR," + "x" * 140_000 + "\n")
    code, _, err = run(capsys, str(plan_path), str(huge))
    assert code == 1 and "huge.csv, line 3: a cell is longer than 131,072 characters" in err
    assert "Traceback" not in err and "unexpected" not in err


def test_dry_run_lists_each_new_changed_and_removed_record(
    pf: PlanFile, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    items = repository.list_items(pf)
    first, second = items[0], items[1]

    def edit(rows: list[list[object]]) -> None:
        rows[1][CONTENT["title"]] = "A better title"
        rows[1][CONTENT["status"]] = "ready" if first.status != ItemStatus.READY else "draft"
        del rows[2]  # the second item is no longer in the workbook

    path = export(pf, tmp_path / "edited.xlsx", edit_content=edit)
    plan_file = pf.path
    pf.close()
    code, out, _ = run(capsys, str(plan_file), str(path), "--dry-run")
    assert code == 0
    new_status = "ready" if first.status != ItemStatus.READY else "draft"
    assert (
        f"changed: item {first.id} “{first.title}” on {first.date.isoformat()}: "
        f"title: {first.title} → A better title; status: {first.status.value} → {new_status}"
    ) in out
    assert f"removed (kept): item {second.id} “{second.title}”" in out


# -- our CSV through a spreadsheet program ----------------------------------------------------


def _as_libreoffice_saves_it(csv_path: Path, xlsx_path: Path) -> Path:
    """Our CSV opened in LibreOffice Calc and saved as .xlsx: one sheet named after the file,
    dates, times and numbers typed, text as the CSV had it (the protecting ' included)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = csv_path.stem
    with csv_path.open(encoding="utf-8-sig", newline="") as stream:
        for n, row in enumerate(csv.reader(stream)):
            cells: list[object] = []
            for value in row:
                cell: object = value if value != "" else None
                if n and value:
                    for parse in (
                        lambda v: int(v),
                        lambda v: float(v),
                        lambda v: date.fromisoformat(v),
                        lambda v: time.fromisoformat(v),
                    ):
                        try:
                            cell = parse(value)
                            break
                        except ValueError:
                            continue
                cells.append(cell)
            ws.append(cells)
    for cells in ws.iter_rows():
        for c in cells:
            if isinstance(c.value, str) and c.value.startswith("="):
                c.data_type = "s"
    wb.save(xlsx_path)
    return xlsx_path


def test_our_csv_saved_as_a_workbook_comes_back_with_no_changes(
    pf: PlanFile, tmp_path: Path
) -> None:
    channel = repository.channel_by_name(pf, "LinkedIn")
    assert channel is not None
    repository.insert(
        pf, Item("=1+2 reasons to switch", date(2027, 3, 3), channel.id, owner="@maria")
    )
    csv_path = tmp_path / "Client plan.csv"
    export_plan(pf, csv_path, generated=datetime(2027, 6, 1, 9, 0))
    xlsx = _as_libreoffice_saves_it(csv_path, tmp_path / "Client plan.xlsx")
    plan = dry_run(pf, xlsx)
    assert plan.ok, [str(e) for e in plan.errors[:3]]
    assert plan.counts() == {"new": 0, "changed": 0, "removed": 0, "errors": 0}
    assert plan.unchanged == len(repository.list_items(pf))

    wb = openpyxl.load_workbook(xlsx)
    ws = wb.active
    ws.cell(row=2, column=CONTENT["title"] + 1, value="Edited in the client's spreadsheet")
    wb.save(xlsx)
    edited = dry_run(pf, xlsx)
    assert edited.counts() == {"new": 0, "changed": 1, "removed": 0, "errors": 0}
    (old, new), *_ = edited.changed
    assert new.title == "Edited in the client's spreadsheet" and new.replace(title=old.title) == old


def in_new_york(plan_path: Path) -> None:
    with PlanFile.open(plan_path) as pf:
        plan = repository.get_plan(pf)
        repository.save_plan(pf, plan.replace(time_zone="America/New_York"))


def test_timestamps_with_z_are_converted_to_the_plans_time_zone(
    plan_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    in_new_york(plan_path)  # the system's zone (Berlin here, from the fixture) must not win
    source = tmp_path / "buffer.csv"
    source.write_text(
        "Date,Channel,Title\n2027-01-05T23:30:00.000Z,Email,How we roast\n", encoding="utf-8"
    )
    code, _, err = run(capsys, str(plan_path), str(source))
    assert code == 0, err
    with PlanFile.open(plan_path, read_only=True) as pf:
        (roast,) = [i for i in repository.list_items(pf) if i.title == "How we roast"]
    assert (roast.date, roast.time) == (date(2027, 1, 5), time(18, 30))


def test_a_channel_the_plan_lacks_is_refused_until_answered_with_new(
    plan_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = str(REALWORLD / "later-export.csv")
    before = sha256(plan_path)
    code, _, err = run(capsys, str(plan_path), source)
    assert code == 1 and sha256(plan_path) == before
    assert 'later-export.csv!B4: channel "TikTok" is not one of the plan\'s channels' in err
    assert 'decide: channels the plan does not have: "TikTok"' in err
    assert '--values "Channel:TikTok=new"' in err
    code, out, _ = run(
        capsys, str(plan_path), source, "--dry-run", "--values", "Channel:TikTok=new"
    )
    assert code == 0 and "new channel: TikTok (1 row)" in out.splitlines()
    assert out.splitlines()[-1].endswith("; new channels: TikTok (dry run: nothing was written)")
    code, out, _ = run(capsys, str(plan_path), source, "--values", "Channel:TikTok=new")
    assert code == 0 and "new channels: TikTok; imported into" in out
    with PlanFile.open(plan_path, read_only=True) as pf:
        tiktok = repository.channel_by_name(pf, "TikTok")
        assert tiktok is not None
        cold_brew = [i for i in repository.list_items(pf) if i.title == "Cold brew in 30 seconds"]
        assert [i.channel_id for i in cold_brew] == [tiktok.id]


def test_messages_a_new_user_meets_on_a_first_dry_run_say_what_to_do(
    plan_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    headerless = str(REALWORLD / "hootsuite-bulk-no-header.csv")
    code, out, err = run(capsys, str(plan_path), headerless, "--dry-run", "--channel", "LinkedIn")
    assert code == 0, err
    assert out.splitlines()[0].startswith(
        "hootsuite-bulk-no-header.csv: no header row, columns read by position; column A→date"
    )
    code, _, err = run(capsys, str(plan_path), str(REALWORLD / "later-export.csv"), "--dry-run")
    assert code == 1 and err.splitlines()[-1].endswith(
        "Nothing was imported: answer the decide: lines with the options they name "
        "(or fix the rows above) and try again."
    )
    code, _, err = run(capsys, str(REALWORLD / "later-export.csv"), str(plan_path), "--dry-run")
    assert code == 1 and err.count("\n") == 1
    assert f"{plan_path} is a plan, not a file to import: the plan comes first" in err
    code, _, err = run(capsys, str(plan_path), headerless, "--values", "TikTok=new")
    assert code == 1 and '(for example "Channel:IG=Instagram", "Channel:TikTok=new"' in err
