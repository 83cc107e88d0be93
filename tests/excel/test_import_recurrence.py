"""A foreign tool's Recurrence / Repeat column: rows read into series where the words are
clear, refused with the readings where they are not, and answered with --values."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from import_helpers import dry_run, sha256, write_rows

from streamdesk.cli import main
from streamdesk.domain import Item, clock
from streamdesk.excel.plan_import import apply_import
from streamdesk.storage import PlanFile, repository, series_repo


@pytest.fixture(autouse=True)
def new_year(monkeypatch: pytest.MonkeyPatch) -> None:
    """Series without an end are laid out a year ahead of today: 1 Jan 2027 here."""
    monkeypatch.setattr(clock, "now", lambda: datetime(2027, 1, 1, 9, 0))


def write_csv(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def mondays(first: date, last: date) -> list[date]:
    return [first + timedelta(weeks=n) for n in range((last - first).days // 7 + 1)]


def imported_series(pf: PlanFile) -> dict[str, list[Item]]:
    """The occurrences of each series, by title."""
    return {
        s.title: series_repo.series_items(pf, s.id or 0)
        for s in series_repo.list_series(pf)
        if s.id is not None
    }


@pytest.fixture
def notion_csv(tmp_path: Path) -> Path:
    """A Notion-like database export with a Recurrence column."""
    return write_csv(
        tmp_path / "notion.csv",
        [
            "Name,Date,Channel,Status,Recurrence",
            "Weekly tips,2027-01-04,LinkedIn,Draft,every Monday until 2027-03-29",
            "Newsletter,2027-01-07,Email,Idea,first Thursday of the month x 6",
            "Launch post,2027-01-12,Blog/SEO,Idea,",
            "Team photo,2027-01-08,Instagram,Idea,weekly",
        ],
    )


def test_clear_words_become_series_laid_out_from_the_rows_date(
    empty_pf: PlanFile, notion_csv: Path
) -> None:
    plan = dry_run(empty_pf, notion_csv)
    assert plan.ok, plan.errors
    assert [s.words for s in plan.series] == [
        "Every week on Mon until 29 Mar 2027",
        "Every month on the first Thursday, 6 times",
        "Every week on Fri",
    ]
    assert (
        "3 series (Every week on Mon until 29 Mar 2027; Every month on the first Thursday, "
        "6 times; Every week on Fri) making 71 items" in plan.summary()
    )
    apply_import(empty_pf, plan)
    made = imported_series(empty_pf)
    assert [i.date for i in made["Weekly tips"]] == mondays(date(2027, 1, 4), date(2027, 3, 29))
    assert [i.date for i in made["Newsletter"]] == [
        date(2027, 1, 7),
        date(2027, 2, 4),
        date(2027, 3, 4),
        date(2027, 4, 1),
        date(2027, 5, 6),
        date(2027, 6, 3),
    ]
    # no end: laid out to the horizon, a year from today (1 Jan 2028)
    fridays = [i.date for i in made["Team photo"]]
    assert fridays[0] == date(2027, 1, 8) and fridays[-1] == date(2027, 12, 31)
    assert len(fridays) == 52
    # the row is the first occurrence, with its own status; the others start as the row did
    tips = made["Weekly tips"]
    assert {i.status.value for i in tips} == {"draft"} and not any(i.detached for i in tips)
    loose = [i for i in repository.list_items(empty_pf) if i.series_id is None]
    assert [i.title for i in loose] == ["Launch post"]


def test_dry_run_lists_each_series_in_words(
    empty_pf: PlanFile, notion_csv: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "plan.streamdesk"
    empty_pf.close()
    (tmp_path / "empty.streamdesk").rename(path)
    assert main(["import", str(path), str(notion_csv), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "Recurrence→repeats" in out
    assert (
        "new series “Weekly tips”: Every week on Mon until 29 Mar 2027 — 13 items, "
        "2027-01-04 to 2027-03-29"
    ) in out
    assert "new series “Newsletter”: Every month on the first Thursday, 6 times — 6 items" in out


@pytest.fixture
def planner_xlsx(tmp_path: Path) -> Path:
    """A workbook as a marketing planner exports it: a title row, then the table."""
    return write_rows(
        tmp_path / "planner.xlsx",
        [
            ["Content plan Q1"],
            [],
            ["Publish date", "Platform", "Copy", "Frequency"],
            [date(2027, 1, 5), "LinkedIn", "Founder post", "biweekly"],
            [date(2027, 1, 6), "LinkedIn", "Poll", "Mon/Wed/Fri x 9"],
            [date(2027, 1, 12), "Instagram", "Reel", "twice a week"],
        ],
        sheet="Plan",
    )


def test_ambiguous_and_unreadable_words_are_refused_naming_row_value_and_choices(
    empty_pf: PlanFile, planner_xlsx: Path
) -> None:
    plan = dry_run(empty_pf, planner_xlsx)
    assert [str(e) for e in plan.errors] == [
        "Plan!D4: planner.xlsx: repeat “biweekly” can be read more than one way (tools use "
        "the word both ways): every 2 weeks, or twice a week (name the days, e.g. every Mon "
        'and Thu); choose one with --values "Repeats:biweekly=every 2 weeks" (or =once for '
        "single items, =skip to leave the rows out)",
        "Plan!D6: planner.xlsx: repeat “twice a week” cannot be read: “twice a week” does not "
        "say on which days; name the days (“every Mon and Thu”); say what it means with "
        '--values "Repeats:twice a week=…" (or =once for single items, =skip to leave the '
        "rows out)",
    ]
    assert [(q.field, q.values) for q in plan.questions] == [
        ("repeats", ("biweekly",)),
        ("repeats", ("twice a week",)),
    ]
    assert plan.choices[("repeats", "biweekly")] == (
        ("every 2 weeks", "every 2 weeks"),
        ("Import as single items (no repeat)", "once"),
    )
    assert not plan.after  # nothing is written while anything is asked


def test_answers_make_the_series_the_user_chose(empty_pf: PlanFile, planner_xlsx: Path) -> None:
    plan = dry_run(
        empty_pf,
        planner_xlsx,
        values={("repeats", "biweekly"): "every 2 weeks", ("repeats", "twiceaweek"): "every Tue"},
    )
    assert plan.ok, plan.errors
    assert [str(m) for m in plan.mapped if m.field == "repeats"] == [
        'repeats "biweekly" → every 2 weeks (--values, 1 row)',
        'repeats "twice a week" → every Tue (--values, 1 row)',
    ]
    apply_import(empty_pf, plan)
    made = imported_series(empty_pf)
    founder = [i.date for i in made["Founder post"]]
    assert founder[:3] == [date(2027, 1, 5), date(2027, 1, 19), date(2027, 2, 2)]
    assert founder[-1] == date(2027, 12, 21) and len(founder) == 26
    poll = [i.date for i in made["Poll"]]
    assert poll == [
        date(2027, 1, 6),
        date(2027, 1, 8),
        date(2027, 1, 11),
        date(2027, 1, 13),
        date(2027, 1, 15),
        date(2027, 1, 18),
        date(2027, 1, 20),
        date(2027, 1, 22),
        date(2027, 1, 25),
    ]
    assert series_repo.list_series(empty_pf)[0].rule == "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"


def test_once_imports_single_items_and_skip_leaves_rows_out(
    empty_pf: PlanFile, planner_xlsx: Path
) -> None:
    plan = dry_run(
        empty_pf,
        planner_xlsx,
        values={("repeats", "biweekly"): "once", ("repeats", "twiceaweek"): "skip"},
    )
    assert plan.ok, plan.errors
    assert sorted(i.title for i in plan.new if isinstance(i, Item)) == ["Founder post", "Poll"]
    assert [s.series.title for s in plan.series] == ["Poll"]
    assert any("1 row skipped as asked" in n for n in plan.notes)


def test_an_answer_that_is_itself_unclear_is_refused(
    empty_pf: PlanFile, planner_xlsx: Path
) -> None:
    plan = dry_run(empty_pf, planner_xlsx, values={("repeats", "biweekly"): "bimonthly"})
    assert "--values answers repeat “biweekly” with “bimonthly”" in str(plan.errors[0])


def test_the_cli_refuses_then_imports_once_answered(
    empty_pf: PlanFile, planner_xlsx: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = empty_pf.path
    empty_pf.close()
    before = sha256(path)
    assert main(["import", str(path), str(planner_xlsx)]) == 1
    err = capsys.readouterr().err
    assert "Plan!D4: planner.xlsx: repeat “biweekly” can be read more than one way" in err
    assert "decide: repeat “biweekly”: every 2 weeks, or twice a week" in err
    assert sha256(path) == before
    answer = "Repeats:biweekly=every 2 weeks,Repeats:twice a week=every Mon and Thu"
    assert main(["import", str(path), str(planner_xlsx), "--values", answer]) == 0
    out = capsys.readouterr().out
    assert "3 series (Every 2 weeks on Tue; Every week on Mon, Wed and Fri, 9 times; " in out
    with PlanFile.open(path, read_only=True) as pf:
        reel = imported_series(pf)["Reel"]
    assert [i.date for i in reel[:3]] == [date(2027, 1, 12), date(2027, 1, 14), date(2027, 1, 18)]


def test_a_tool_that_exported_every_occurrence_makes_one_series(
    empty_pf: PlanFile, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "expanded.csv",
        [
            "Date,Channel,Title,Repeat",
            "2027-01-04,LinkedIn,Weekly tips,Weekly until 2027-02-01",
            "2027-01-11,LinkedIn,Weekly tips,Weekly until 2027-02-01",
            "2027-01-19,LinkedIn,Weekly tips,Weekly until 2027-02-01",  # moved to a Tuesday
            "2027-02-01,LinkedIn,Weekly tips,Weekly until 2027-02-01",
        ],
    )
    plan = dry_run(empty_pf, path)
    assert plan.ok, plan.errors
    assert len(plan.series) == 1
    assert (
        "expanded.csv: rows 2–5 repeat “Weekly until 2027-02-01” with the same channel and "
        "title: one series from row 2, the rows its occurrences (row 4 moved on its own)"
    ) in plan.notes
    apply_import(empty_pf, plan)
    items = imported_series(empty_pf)["Weekly tips"]
    assert [(i.date, i.detached) for i in items] == [
        (date(2027, 1, 4), False),
        (date(2027, 1, 11), False),
        (date(2027, 1, 18), False),  # laid out: no row was on that Monday
        (date(2027, 1, 19), True),  # the row on a Tuesday: moved on its own
        (date(2027, 1, 25), False),
        (date(2027, 2, 1), False),
    ]
    assert len(repository.list_items(empty_pf)) == 6
    # the same file again: every row is already in the plan, no second series
    again = dry_run(empty_pf, path)
    assert again.skipped == 4 and not again.series and not again.has_changes


def test_a_row_off_the_rule_stays_its_first_item_on_its_own_date(
    empty_pf: PlanFile, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "offday.csv",
        ["Date,Channel,Title,Recurring", "2027-01-06,LinkedIn,Tips,every Monday x 3"],
    )
    plan = dry_run(empty_pf, path)
    assert any("Wed 06 Jan 2027 is not a day of “every Monday x 3”" in n for n in plan.notes)
    apply_import(empty_pf, plan)
    items = imported_series(empty_pf)["Tips"]
    assert [i.date for i in items] == [
        date(2027, 1, 6),
        date(2027, 1, 11),
        date(2027, 1, 18),
        date(2027, 1, 25),
    ]


def test_an_exact_repeats_header_beats_a_frequency_column(
    empty_pf: PlanFile, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "two.csv",
        [
            "Date,Channel,Title,Frequency,Repeats",
            "2027-01-04,LinkedIn,Tips,high,weekly x 2",
        ],
    )
    plan = dry_run(empty_pf, path)
    assert plan.ok, plan.errors
    columns = {c.header: c.field for c in plan.sheets[0].columns}
    assert columns["Repeats"] == "repeats" and columns["Frequency"] is None
    assert [s.words for s in plan.series] == ["Every week on Mon, 2 times"]


def test_our_own_repeats_words_in_a_foreign_file_make_a_new_series(
    empty_pf: PlanFile, tmp_path: Path
) -> None:
    """Our export's Repeats cell, in a file whose other headers a tool renamed."""
    path = write_csv(
        tmp_path / "copied.csv",
        [
            "Publish date,Platform,Copy,Repeats",
            '2027-01-04,LinkedIn,Tips,"Every week on Mon and Wed, 4 times (series 7)"',
        ],
    )
    plan = dry_run(empty_pf, path)
    assert plan.ok, plan.errors
    assert [s.series.rule for s in plan.series] == ["FREQ=WEEKLY;BYDAY=MO,WE;COUNT=4"]


def test_values_for_repeats_parse_from_the_command_line() -> None:
    from streamdesk.excel.value_maps import parse_values

    assert parse_values("Repeats:biweekly=every 2 weeks,Recurrence:Bi-Monthly=every 2 months") == {
        ("repeats", "biweekly"): "every 2 weeks",
        ("repeats", "bimonthly"): "every 2 months",
    }
