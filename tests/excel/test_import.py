"""Import rules: foreign calendars (headers, synonyms, dates, channels, statuses) and the CLI."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

import pytest
from import_helpers import DATA, dry_run, sha256, write_rows

from streamdesk.cli import main
from streamdesk.excel.dates import DAY_FIRST, MONTH_FIRST, parse_date_column
from streamdesk.excel.limits import ImportFileError
from streamdesk.excel.plan_import import (
    apply_import,
    describe_changes,
    parse_mapping,
)
from streamdesk.storage import PlanFile, repository

plan_for = dry_run


# -- the shared real-world fixtures ----------------------------------------------------------


def test_content_calendar_template_imports(empty_pf: PlanFile) -> None:
    plan = plan_for(empty_pf, DATA / "content-calendar-template.xlsx")
    assert plan.ok and plan.counts() == {"new": 1, "changed": 0, "removed": 0, "errors": 0}
    apply_import(empty_pf, plan)
    (item,) = repository.list_items(empty_pf)
    channel = repository.get(empty_pf, type(repository.list_channels(empty_pf)[0]), item.channel_id)
    assert (item.date, channel.name, item.format, item.title, item.status.value) == (
        date(2025, 2, 15),
        "Instagram",
        "Reel",
        "3 productivity tips",
        "scheduled",
    )
    assert any('"Client"' in note for note in plan.notes)


def test_content_strategy_template_imports_and_lists_pillar(empty_pf: PlanFile) -> None:
    plan = plan_for(empty_pf, DATA / "content-strategy-template.xlsx")
    assert plan.ok
    (item,) = plan.new
    assert (item.date, item.format, item.title, item.status.value, item.link) == (
        date(2025, 2, 15),
        "Reel",
        "3 time-blocking mistakes",
        "draft",
        "",
    )
    assert repository.channel_by_name(empty_pf, "Instagram").id == item.channel_id
    assert [c.header for c in plan.sheets[0].unmatched] == ["Pillar"]
    assert any('"Pillar" (D)' in note for note in plan.notes)


# -- header row and synonyms ------------------------------------------------------------------


def test_header_on_row_3_under_a_title(empty_pf: PlanFile, tmp_path: Path) -> None:
    path = write_rows(
        tmp_path / "titled.xlsx",
        [
            ["Northwind social calendar Q1"],
            [],
            ["Publish Date", "NETWORK", "Headline", "content_type", "Stage", "Assignee"],
            ["2027-03-01", "LinkedIn", "Launch post", "Carousel", "Ready", "Ana"],
            ["2027-03-02", "Email", "Newsletter", "", "idea", "Bo"],
        ],
    )
    plan = plan_for(empty_pf, path)
    assert plan.ok, [str(e) for e in plan.errors]
    assert plan.sheets[0].header_row == 3
    fields = [c.field for c in plan.sheets[0].columns]
    assert fields == ["date", "channel", "title", "format", "status", "owner"]
    titles = [(i.title, i.date, i.status.value, i.owner) for i in plan.new]
    assert titles == [
        ("Launch post", date(2027, 3, 1), "ready", "Ana"),
        ("Newsletter", date(2027, 3, 2), "idea", "Bo"),
    ]


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Post date", "date"),
        ("go-live", "date"),
        ("Scheduled", "date"),
        ("Platform", "channel"),
        ("Medium", "channel"),
        ("Topic", "title"),
        ("Caption", "title"),
        ("COPY IDEA", "title"),
        ("Type", "format"),
        ("Author", "owner"),
        ("Comments", "notes"),
        ("U.R.L.", "link"),
    ],
)
def test_synonyms_match_whatever_the_case_and_punctuation(header: str, field: str) -> None:
    from streamdesk.excel.headers import match_header

    assert match_header(header) == field


def test_dash_in_link_is_no_link_and_formula_text_stays_text(
    empty_pf: PlanFile, tmp_path: Path
) -> None:
    path = tmp_path / "calendar.xlsx"
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Date", "Channel", "Title", "URL", "Notes"])
    ws.append([date(2027, 1, 5), "Blog/SEO", "placeholder", "-", "=1+2"])
    ws.append([date(2027, 1, 6), "Blog/SEO", "B", "—", "+cmd"])
    ws["C2"].value = '=HYPERLINK("http://evil","x")'
    ws["C2"].data_type = "s"  # typed as text, as a careful exporter writes it
    ws["E2"].data_type = "s"
    wb.save(path)
    plan = plan_for(empty_pf, path)
    assert plan.ok
    first, second = plan.new
    assert first.title == '=HYPERLINK("http://evil","x")' and first.notes == "=1+2"
    assert first.link == "" and second.link == "" and second.notes == "+cmd"


def test_csv_delimiter_is_sniffed_and_formula_text_stays_text(
    empty_pf: PlanFile, tmp_path: Path
) -> None:
    path = tmp_path / "calendar.csv"
    path.write_text(
        "Date;Platform;Copy;Status\n15/02/2027;Instagram;=2+3;posted\n16/02/2027;LinkedIn;Hi;Draft\n",
        encoding="utf-8",
    )
    plan = plan_for(empty_pf, path)
    assert plan.ok, [str(e) for e in plan.errors]
    assert [(i.date, i.title, i.status.value) for i in plan.new] == [
        (date(2027, 2, 15), "=2+3", "published"),
        (date(2027, 2, 16), "Hi", "draft"),
    ]
    assert any('status "posted" read as published' in note for note in plan.notes)


def test_csv_delimiter_follows_the_header_not_the_text(empty_pf: PlanFile, tmp_path: Path) -> None:
    path = tmp_path / "semis.csv"
    path.write_text('Date,Channel,Title\n2027-01-01,PR,"|"\n2027-01-02,PR,"|a|"\n')
    plan = plan_for(empty_pf, path)  # csv.Sniffer alone picks "|" here
    assert plan.ok and [i.title for i in plan.new] == ["|", "|a|"]


def test_unmatched_columns_are_listed_and_map_option_uses_them(
    empty_pf: PlanFile, tmp_path: Path
) -> None:
    path = write_rows(
        tmp_path / "c.xlsx",
        [["When", "Channel", "Title", "Pillar"], ["2027-01-04", "PR", "Press kit", "Brand"]],
    )
    plan = plan_for(empty_pf, path)
    assert not plan.ok  # no date column
    assert "no column for Date" in str(plan.errors[0])
    assert [c.header for c in plan.sheets[0].unmatched] == ["When", "Pillar"]
    plan = plan_for(empty_pf, path, mapping=parse_mapping("When=date,Pillar=notes"))
    assert plan.ok and plan.new[0].date == date(2027, 1, 4) and plan.new[0].notes == "Brand"


def test_template_rows_without_date_and_title_are_skipped_and_said(
    empty_pf: PlanFile, tmp_path: Path
) -> None:
    rows: list[list[object]] = [["Date", "Platform", "Copy", "Status"]]
    rows += [["2027-01-04", "PR", "Real one", "Draft"]]
    rows += [[None, None, None, "Draft"]] * 3 + [[None, "Email", "  ", None]]
    plan = plan_for(empty_pf, write_rows(tmp_path / "tpl.xlsx", rows))
    assert plan.ok and [i.title for i in plan.new] == ["Real one"]
    assert "Sheet1: 4 rows without a date or a title skipped (rows 3–6)" in plan.notes


def test_own_workbook_without_date_and_channel_columns_keeps_them(
    pf: PlanFile, tmp_path: Path
) -> None:
    from import_helpers import own_workbook_rows

    content, _ = own_workbook_rows(pf)
    keep = [n for n, h in enumerate(content[0]) if h not in ("Date", "Channel")]
    content = [[row[n] for n in keep] for row in content]
    content[1][content[0].index("Title")] = "Retitled"
    plan = plan_for(pf, write_rows(tmp_path / "own.xlsx", content, sheet="Content"))
    assert plan.ok, [str(e) for e in plan.errors[:3]]
    ((old, new),) = plan.changed
    assert new == old.replace(title="Retitled")


def test_a_sheet_without_a_header_row_is_refused(empty_pf: PlanFile, tmp_path: Path) -> None:
    path = write_rows(
        tmp_path / "n.xlsx", [["Jan", "Feb", "Mar"], ["2027-01-01", "PR", "Hi"]], sheet="Budget"
    )
    plan = plan_for(empty_pf, path)
    assert str(plan.errors[0]).startswith(
        "Budget: no header row found in the first 20 rows (looked for headers such as Date"
    )
    assert [c.header for c in plan.sheets[0].columns] == ["Jan", "Feb", "Mar"]
    plan = plan_for(empty_pf, path, mapping=parse_mapping("Jan=date,Feb=channel,Mar=title"))
    assert plan.ok and plan.new[0].title == "Hi"
    with pytest.raises(ImportFileError, match="--map names 'Pillar', but sheet 'Budget'"):
        plan_for(empty_pf, path, mapping={"Pillar": "notes"})


def test_map_option_rejects_unknown_fields() -> None:
    with pytest.raises(ValueError, match="'colour' is not a field"):
        parse_mapping("Pillar=colour")
    assert parse_mapping("Pillar=ignore, Copy = title") == {"Pillar": None, "Copy": "title"}


# -- dates --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        date(2027, 2, 15),
        datetime(2027, 2, 15, 0, 0),
        46433,  # the Excel serial number of 15 February 2027
        "2027-02-15",
        "15/02/2027",
        "2/15/2027",
        "Feb 15, 2027",
        "15 February 2027",
        "Monday, February 15, 2027",
        "15.02.2027",
    ],
)
def test_each_date_style(value: object, empty_pf: PlanFile, tmp_path: Path) -> None:
    path = write_rows(tmp_path / "d.xlsx", [["Date", "Channel", "Title"], [value, "PR", "Pitch"]])
    plan = plan_for(empty_pf, path)
    assert plan.ok, [str(e) for e in plan.errors]
    assert plan.new[0].date == date(2027, 2, 15)


def test_a_value_over_12_decides_the_whole_column() -> None:
    column = parse_date_column(["03/04/2027", "25/04/2027"])
    assert column.order == DAY_FIRST and column.dates == [date(2027, 4, 3), date(2027, 4, 25)]
    column = parse_date_column(["03/04/2027", "04/25/2027"])
    assert column.order == MONTH_FIRST and column.dates[0] == date(2027, 3, 4)


def test_ambiguous_date_column_is_reported_not_guessed(empty_pf: PlanFile, tmp_path: Path) -> None:
    path = write_rows(
        tmp_path / "amb.xlsx",
        [["Date", "Channel", "Title"], ["03/04/2027", "PR", "A"], ["05/06/2027", "PR", "B"]],
        sheet="Plan Q2",
    )
    plan = plan_for(empty_pf, path)
    assert not plan.ok and plan.new == []
    assert [str(e) for e in plan.errors] == [
        "Plan Q2!A: dates like 03/04/2027 could be day-first or month-first; choose the order "
        "(--dayfirst or --monthfirst)"
    ]
    plan = plan_for(empty_pf, path, order=MONTH_FIRST)
    assert plan.ok and [i.date for i in plan.new] == [date(2027, 3, 4), date(2027, 5, 6)]
    plan = plan_for(empty_pf, path, order=DAY_FIRST)
    assert [i.date for i in plan.new] == [date(2027, 4, 3), date(2027, 6, 5)]


def test_mixed_date_orders_are_reported() -> None:
    column = parse_date_column(["13/01/2027", "01/13/2027"])
    assert column.problem is not None and "mixes day-first" in column.problem
    assert column.dates == [None, None]


def test_time_from_date_and_time_column(empty_pf: PlanFile, tmp_path: Path) -> None:
    path = write_rows(
        tmp_path / "t.xlsx",
        [
            ["Post date", "Channel", "Title"],
            [datetime(2027, 2, 15, 9, 30), "PR", "A"],
            ["2027-02-16 14:05", "PR", "B"],
        ],
    )
    plan = plan_for(empty_pf, path)
    assert [i.time for i in plan.new] == [time(9, 30), time(14, 5)]


# -- channels, statuses, errors -------------------------------------------------------------------


def test_unknown_channel_is_asked_then_created_with_a_colour_and_listed(
    empty_pf: PlanFile, tmp_path: Path
) -> None:
    """A foreign file's channel the plan lacks is never made unasked (issue 15): the import
    refuses naming the answer, and ``=new`` creates it."""
    path = write_rows(
        tmp_path / "c.xlsx",
        [
            ["Date", "Platform", "Copy"],
            ["2027-01-01", "TikTok", "A"],
            ["2027-01-02", "tiktok", "B"],
        ],
    )
    asked = plan_for(empty_pf, path)
    assert not asked.ok and asked.created == [] and len(asked.errors) == 2
    assert '--values "Channel:TikTok=new"' in str(asked.errors[0])
    assert [q.values for q in asked.questions] == [("TikTok", "tiktok")]
    plan = plan_for(empty_pf, path, values={("channel", "tiktok"): "new"})
    assert plan.ok and "new channels: TikTok" in plan.notes
    assert describe_changes(plan)[0] == "new channel: TikTok (2 rows)"
    assert plan.summary().endswith("; new channels: TikTok")
    apply_import(empty_pf, plan)
    tiktok = repository.channel_by_name(empty_pf, "TikTok")
    assert tiktok is not None and tiktok.colour.startswith("#")
    assert {i.channel_id for i in repository.list_items(empty_pf)} == {tiktok.id}


def test_unknown_status_maps_to_closest_or_is_reported(empty_pf: PlanFile, tmp_path: Path) -> None:
    path = write_rows(
        tmp_path / "s.xlsx",
        [
            ["Date", "Channel", "Title", "Status"],
            ["2027-01-01", "PR", "A", "Sheduled"],
            ["2027-01-02", "PR", "B", "Banana"],
        ],
    )
    plan = plan_for(empty_pf, path)
    assert [str(e) for e in plan.errors] == [
        'Sheet1!D3: unknown status "Banana" '
        "(expected one of: idea, draft, ready, scheduled, published, cancelled)"
    ]
    assert 'status "Sheduled" read as scheduled (1 row)' in plan.notes


def test_bad_rows_are_listed_by_cell_and_nothing_is_written(
    tmp_path: Path, plan_path: Path
) -> None:
    rows: list[list[object]] = [["Date", "Channel", "Title", "Cost"]]
    rows += [[f"2027-02-{d:02d}", "PR", f"Post {d}", 10] for d in range(1, 16)]
    rows.insert(16, ["31/02/2027", "PR", "Bad date", 5])
    rows.append(["2027-03-01", "PR", "", "lots"])
    path = write_rows(tmp_path / "bad.xlsx", rows, sheet="Content")
    before = sha256(plan_path)
    assert main(["import", str(plan_path), str(path)]) == 1
    assert sha256(plan_path) == before
    with PlanFile.open(plan_path, read_only=True) as pf:
        plan = plan_for(pf, path)
    assert [str(e) for e in plan.errors] == [
        'Content!A17: "31/02/2027" is not a date',
        "Content!C18: the title is empty",
        'Content!D18: "lots" is not a number',
    ]


def test_a_formula_without_a_saved_result_is_reported_not_read_as_empty(
    tmp_path: Path, plan_path: Path
) -> None:
    """A workbook written by a script keeps formulas without their results: a value reader
    saw those cells as empty, so a date made by =DATE() read as "empty" and a notes formula
    vanished silently. Formulas in columns that are not imported do not matter."""
    rows: list[list[object]] = [["Date", "Channel", "Title", "Notes", "Weekday"]]
    rows.append(["2027-02-01", "PR", "Post", '=A2&" launch"', "=WEEKDAY(A2)"])
    rows.append(["=DATE(2027,2,2)", "PR", "Second", "ok", "=WEEKDAY(A3)"])
    rows.append(["2027-02-03", "PR", "Third", "fine", None])
    path = write_rows(tmp_path / "script.xlsx", rows, sheet="Content")
    before = sha256(plan_path)
    assert main(["import", str(plan_path), str(path)]) == 1
    assert sha256(plan_path) == before
    with PlanFile.open(plan_path, read_only=True) as pf:
        plan = plan_for(pf, path, mapping={"Weekday": None})
    saved = "is a formula whose result is not saved in the file"
    assert [str(e) for e in plan.errors if saved in str(e)] == [
        f'Content!D2: "=A2&" launch"" {saved}; open the file in Excel or LibreOffice and save '
        "it again",
        f'Content!A3: "=DATE(2027,2,2)" {saved}; open the file in Excel or LibreOffice and '
        "save it again",
    ]


# -- the command line ---------------------------------------------------------------------------


def test_cli_dry_run_prints_summary_and_writes_nothing(
    plan_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = sha256(plan_path)
    code = main(
        ["import", str(plan_path), str(DATA / "content-strategy-template.xlsx"), "--dry-run"]
    )
    out = capsys.readouterr().out
    assert code == 0
    assert "1 new, 0 changed, 0 removed, 0 errors" in out and "Pillar" in out
    assert sha256(plan_path) == before


def test_cli_imports_with_options(
    plan_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_rows(
        tmp_path / "opts.xlsx",
        [["Day", "Where", "What"], ["03/04/2027", "PR", "Briefing"]],
        sheet="Q2",
    )
    args = ["import", str(plan_path), str(path), "--sheet", "Q2", "--dayfirst"]
    assert main([*args, "--map", "Day=date,Where=channel,What=title"]) == 0
    assert "1 new" in capsys.readouterr().out
    with PlanFile.open(plan_path, read_only=True) as pf:
        assert [i.title for i in repository.list_items(pf, date(2027, 4, 3), date(2027, 4, 3))] == [
            "Briefing"
        ]


def test_cli_reports_bad_map_and_missing_sheet(
    plan_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = str(DATA / "content-calendar-template.xlsx")
    assert main(["import", str(plan_path), source, "--map", "Copy=nope"]) == 1
    assert "--map: 'nope' is not a field" in capsys.readouterr().err
    assert main(["import", str(plan_path), source, "--sheet", "Nope"]) == 1
    assert "has no sheet 'Nope'; its sheets are 'Content Calendar'" in capsys.readouterr().err


def test_apply_is_all_or_nothing(
    empty_pf: PlanFile, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = [["Date", "Channel", "Title"]] + [["2027-01-01", "TikTok", f"T{n}"] for n in range(5)]
    plan = plan_for(
        empty_pf, write_rows(tmp_path / "x.xlsx", rows), values={("channel", "tiktok"): "new"}
    )
    real_insert = repository.insert
    calls = []

    def failing_insert(pf, entity):  # type: ignore[no-untyped-def]
        calls.append(entity)
        if len(calls) == 4:
            raise RuntimeError("disk full")
        return real_insert(pf, entity)

    monkeypatch.setattr(repository, "insert", failing_insert)
    with pytest.raises(RuntimeError, match="disk full"):
        apply_import(empty_pf, plan)
    assert repository.list_items(empty_pf) == []
    assert repository.channel_by_name(empty_pf, "TikTok") is None
