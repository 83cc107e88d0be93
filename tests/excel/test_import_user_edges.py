"""Edges a consultant meets on the command line and in files from other tools: each ends
in one clear line, or imports exactly what the file says (found by using the CLI as a
user would, see the audit notes)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from import_helpers import dry_run, export, other_plan, write_rows

from streamdesk.domain import Initiative
from streamdesk.domain.model import InitiativeStatus
from streamdesk.excel.value_maps import parse_values
from streamdesk.storage import PlanFile, repository


def test_our_own_in_progress_status_is_not_reported_as_mapped(pf: PlanFile, tmp_path: Path) -> None:
    """ "in progress" is how we write the status; a round trip must not list it as mapped
    by a rule (the dry run's `mapped:` lines are for values another tool wrote)."""
    first = repository.list_initiatives(pf)[0]
    repository.update(pf, first.replace(status=InitiativeStatus.IN_PROGRESS))
    plan = dry_run(pf, export(pf, tmp_path / "own.xlsx"))
    assert plan.ok
    assert plan.counts()["changed"] == 0
    assert [m for m in plan.mapped if "in progress" in str(m)] == []
    assert not any("in progress" in note for note in plan.notes)
    assert repository.get(pf, Initiative, first.id).status is InitiativeStatus.IN_PROGRESS


def _with_hidden_archive(path: Path) -> Path:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Plan"
    ws.append(["Date", "Channel", "Title"])
    ws.append([date(2027, 3, 4), "Instagram", "This year's post"])
    old = wb.create_sheet("Old")
    old.sheet_state = "hidden"
    old.append(["Date", "Channel", "Title"])
    old.append([date(2026, 3, 4), "Instagram", "Last year's post"])
    wb.save(path)
    return path


def test_a_hidden_calendar_sheet_is_named_as_hidden_when_sheets_are_asked_for(
    pf: PlanFile, tmp_path: Path
) -> None:
    """A client's hidden tab is usually last year's archive: the question names it as
    hidden, so --all-sheets is not answered without knowing it brings that tab in."""
    plan = dry_run(pf, _with_hidden_archive(tmp_path / "hidden.xlsx"))
    assert not plan.ok
    assert "'Old' (hidden)" in str(plan.errors[0])
    (question,) = plan.questions
    assert "'Old' (hidden)" in question.message
    assert question.values == ("Plan", "Old")  # the names the dialog's checkboxes take


def test_all_sheets_says_it_read_a_hidden_sheet(pf: PlanFile, tmp_path: Path) -> None:
    plan = dry_run(pf, _with_hidden_archive(tmp_path / "hidden.xlsx"), all_sheets=True)
    assert plan.ok, [str(e) for e in plan.errors]
    assert sorted(i.title for i in plan.new) == ["Last year's post", "This year's post"]
    assert any("'Old'" in n and "hidden" in n for n in plan.notes), plan.notes


def test_a_values_answer_misspelling_a_channel_does_not_create_a_new_one(
    pf: PlanFile, tmp_path: Path
) -> None:
    """`--values "Channel:IG=Instagam"` is a typo for Instagram, not a request for a channel
    named Instagam: refused naming the channel it looks like."""
    source = write_rows(
        tmp_path / "ig.csv.xlsx",
        [["Date", "Channel", "Title"], [date(2027, 3, 4), "IG", "Reel"]],
    )
    plan = dry_run(pf, source, values={("channel", "ig"): "Instagam"})
    assert not plan.ok
    assert plan.created == []
    message = str(plan.errors[0])
    assert "Instagam" in message and "Instagram" in message
    assert '"Channel:IG=Instagram"' in message


def test_a_values_answer_naming_a_new_channel_still_creates_it(
    pf: PlanFile, tmp_path: Path
) -> None:
    source = write_rows(
        tmp_path / "reels.xlsx",
        [["Date", "Channel", "Title"], [date(2027, 3, 4), "Reels", "Reel"]],
    )
    plan = dry_run(pf, source, values={("channel", "reels"): "Instagram Reels"})
    assert plan.ok, [str(e) for e in plan.errors]
    assert [c.name for c in plan.created] == ["Instagram Reels"]


def test_a_values_answer_that_matches_no_cell_is_reported(pf: PlanFile, tmp_path: Path) -> None:
    """`--values "Status:Liv=published"` (a typo for Live) changes nothing; the user must
    hear that the answer was not used, rather than believe it was."""
    source = write_rows(
        tmp_path / "live.xlsx",
        [
            ["Date", "Channel", "Title", "Status"],
            [date(2027, 3, 4), "Instagram", "Reel", "Live"],
            [date(2027, 3, 5), "Instagram, Facebook", "Both", "draft"],
        ],
    )
    values = parse_values("Status:Liv=published,Status:draft=ready,Channel:Facebook=Facebook")
    plan = dry_run(pf, source, values=values, split_multi=True)
    assert plan.ok, [str(e) for e in plan.errors]
    unused = [n for n in plan.notes if "matched no cell" in n]
    assert len(unused) == 1, plan.notes
    assert "“Status:Liv” (--values) matched no cell" in unused[0]  # as the user typed it
    assert "draft" not in unused[0] and "facebook" not in unused[0].casefold()


def test_our_csv_saved_as_a_workbook_with_its_bom_misread_comes_back_by_id(
    pf: PlanFile, tmp_path: Path
) -> None:
    """LibreOffice converting our CSV without being told it is UTF-8 (soffice --headless
    --convert-to xlsx) keeps the byte-order mark as the text "ï»¿" in A1: the ID column
    must still be read, and the import says why accents may be garbled."""
    import openpyxl

    from streamdesk.excel.export import export_plan

    csv_path = tmp_path / "plan.csv"
    export_plan(pf, csv_path)
    text = csv_path.read_text(encoding="utf-8-sig")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "plan"
    import csv

    for n, row in enumerate(csv.reader(text.splitlines())):
        ws.append([("ï»¿" + v if n == 0 and i == 0 else v) for i, v in enumerate(row)])
    wb.save(tmp_path / "plan.xlsx")
    plan = dry_run(pf, tmp_path / "plan.xlsx")
    assert plan.ok, [str(e) for e in plan.errors[:3]]
    assert plan.sheets[0].columns[0].field == "id"
    assert plan.counts() == {"new": 0, "changed": 0, "removed": 0, "errors": 0}
    assert any("ï»¿" in n and "UTF-8" in n for n in plan.notes), plan.notes


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_text_without_a_byte_order_mark_is_named_as_such(
    tmp_path: Path, encoding: str
) -> None:
    """Some tools save "Unicode text" without the mark that says so: name what the file
    is and what to do, rather than call it neither a workbook nor a CSV file."""
    from streamdesk.excel.limits import ImportFileError
    from streamdesk.excel.readers import open_source

    path = tmp_path / "calendar.csv"
    path.write_bytes("Date,Channel,Title\n2027-03-04,Instagram,Café\n".encode(encoding))
    with pytest.raises(ImportFileError) as error:
        open_source(path)
    assert "calendar.csv" in str(error.value)
    assert "UTF-16" in str(error.value) and "UTF-8" in str(error.value)


def test_one_row_without_date_or_title_is_counted_as_one_row(pf: PlanFile, tmp_path: Path) -> None:
    source = write_rows(
        tmp_path / "gap.xlsx",
        [
            ["Date", "Channel", "Title"],
            [date(2027, 3, 4), "Instagram", "Reel"],
            [None, "Instagram", None],
        ],
    )
    plan = dry_run(pf, source)
    assert "Sheet1: 1 row without a date or a title skipped (row 3)" in plan.notes


def test_a_misspelt_channel_for_the_whole_file_is_refused_naming_the_right_one(
    pf: PlanFile, tmp_path: Path
) -> None:
    """`--channel Linkedn` is LinkedIn mistyped, not a new channel beside it."""
    source = write_rows(tmp_path / "asana.xlsx", [["Date", "Title"], [date(2027, 3, 4), "Post"]])
    plan = dry_run(pf, source, channel="Linkedn")
    assert not plan.ok
    assert plan.created == []
    message = str(plan.errors[0])
    assert "Linkedn" in message and "--channel LinkedIn" in message


def test_a_new_channel_for_the_whole_file_is_still_made_when_named(
    pf: PlanFile, tmp_path: Path
) -> None:
    source = write_rows(tmp_path / "asana.xlsx", [["Date", "Title"], [date(2027, 3, 4), "Post"]])
    plan = dry_run(pf, source, channel="Podcast")
    assert plan.ok, [str(e) for e in plan.errors]
    assert [c.name for c in plan.created] == ["Podcast"]


def test_a_column_under_a_merged_header_is_named_not_dropped_silently(
    pf: PlanFile, tmp_path: Path
) -> None:
    """A header merged over two columns (Title over C:D) leaves D without a header of its
    own: its text is not imported, and the note says so and where."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Date", "Channel", "Title", None, None])
    ws.merge_cells("C1:D1")
    ws.append([date(2027, 3, 4), "Instagram", "Main title", "More text", None])
    wb.save(tmp_path / "merged.xlsx")
    plan = dry_run(pf, tmp_path / "merged.xlsx")
    assert plan.ok
    notes = [n for n in plan.notes if "no header" in n]
    assert notes == ["Sheet: column D has values but no header, so it was not imported"]


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Date,Channel,Title\n2027-03-04,Instagram,Café\n2027-03-05,Instagram,Naïve\n", "Café"),
        ('Date,Channel,Title\n2027-03-04,Instagram,"Año nuevo, señor"\n', "Año"),
    ],
)
def test_a_short_cp1252_csv_is_read_as_cp1252_and_shows_what_it_read(
    pf: PlanFile, tmp_path: Path, text: str, word: str
) -> None:
    """Two accented words leave the detector unsure; it picked cp775 (DOS Baltic) and
    stored “Cafķ” and “Na’ve” with exit 0. The Windows page spreadsheets write wins
    among readings as free of mess, and the notes quote a word as read, so a wrong
    reading shows in the dry run."""
    path = tmp_path / "old-excel.csv"
    path.write_bytes(text.encode("cp1252"))
    plan = dry_run(pf, path)
    assert plan.ok, [str(e) for e in plan.errors]
    assert "old-excel.csv is not UTF-8: read as cp1252 text" in plan.notes
    titles = [i.title for i in plan.new]
    assert titles[0].startswith(word)
    assert any(f"“{word}”" in n and "line 2" in n for n in plan.notes), plan.notes


def test_a_row_of_unsaved_formulas_is_not_also_called_blank(pf: PlanFile, tmp_path: Path) -> None:
    """A row whose date and title are formulas without saved results is refused naming
    the formulas; it must not also be listed as a row without a date or a title."""
    source = write_rows(
        tmp_path / "formulas.xlsx",
        [
            ["Date", "Channel", "Title"],
            [date(2027, 3, 4), "Instagram", "One"],
            ["=A2+7", "Instagram", '="Two "&B2'],
        ],
    )
    plan = dry_run(pf, source)
    assert {e.row for e in plan.errors} == {3}
    assert all("formula" in str(e) for e in plan.errors)
    assert not any("without a date" in n for n in plan.notes), plan.notes


def test_a_workbook_exported_from_another_plan_is_refused_before_its_ids_match_rows(
    pf: PlanFile, tmp_path: Path
) -> None:
    """IDs are numbered per plan: client A's workbook imported into client B's plan would
    rewrite B's items 1, 2, 3… with A's rows. The Plan sheet names the plan it came
    from; a different plan and client is refused naming both (here B is a duplicate of
    A, made in the Plans window: the same IDs, its own identity)."""
    workbook = export(pf, tmp_path / "acme.xlsx")
    plan = repository.get_plan(pf)
    with other_plan(pf, tmp_path) as beta:
        repository.save_plan(beta, plan.replace(name="Beta plan", client="Beta GmbH"))
        result = dry_run(beta, workbook)
    assert not result.ok
    assert result.changed == [] and result.new == []
    message = str(result.errors[0])
    assert message.startswith("Plan!")
    assert plan.name in message and "Beta plan" in message


def test_our_workbook_still_comes_back_when_only_the_client_name_was_filled_in_since(
    pf: PlanFile, tmp_path: Path
) -> None:
    workbook = export(pf, tmp_path / "acme.xlsx")
    plan = repository.get_plan(pf)
    repository.save_plan(pf, plan.replace(client=plan.client + " Ltd"))
    result = dry_run(pf, workbook)
    assert result.ok, [str(e) for e in result.errors]
    assert result.counts()["changed"] == 0


def test_a_date_centuries_from_the_others_is_named_in_the_notes(
    pf: PlanFile, tmp_path: Path
) -> None:
    """2207 typed for 2027 is a valid date; it is imported as written, and the notes name
    the cell so the dry run shows it before it stretches every view and export."""
    source = write_rows(
        tmp_path / "typo.xlsx",
        [
            ["Date", "Channel", "Title"],
            [date(2027, 3, 1), "Instagram", "One"],
            [date(2027, 3, 2), "Instagram", "Two"],
            [date(2207, 3, 3), "Instagram", "Three"],
            [date(2027, 3, 4), "Instagram", "Four"],
        ],
    )
    plan = dry_run(pf, source)
    assert plan.ok
    far = [n for n in plan.notes if "2207-03-03" in n]
    assert len(far) == 1, plan.notes
    assert far[0].startswith("Sheet1!A4: ") and "check" in far[0]
    assert not any("2027-03-0" in n for n in plan.notes)


def test_naming_both_of_our_sheets_reads_our_workbook_by_id(pf: PlanFile, tmp_path: Path) -> None:
    """--sheet Content --sheet Timeline is the whole of our workbook: read by ID as
    without the flags, not as two foreign calendars (which refused the Timeline)."""
    workbook = export(pf, tmp_path / "own.xlsx")
    plan = dry_run(pf, workbook, sheets=["Content", "Timeline"])
    assert plan.ok, [str(e) for e in plan.errors[:3]]
    assert plan.counts() == {"new": 0, "changed": 0, "removed": 0, "errors": 0}
    assert plan.unchanged == repository.count_items(pf) + len(repository.list_initiatives(pf))


def test_our_timeline_alone_from_another_plan_is_refused_too(pf: PlanFile, tmp_path: Path) -> None:
    workbook = export(pf, tmp_path / "acme.xlsx")
    with other_plan(pf, tmp_path) as beta:
        repository.save_plan(beta, repository.get_plan(beta).replace(name="Beta plan"))
        plan = dry_run(beta, workbook, sheet="Timeline")
    assert not plan.ok and plan.changed == []
    assert "Beta plan" in str(plan.errors[0])


@pytest.mark.parametrize("field", ["Campaign", "Owner"])
def test_values_skip_for_a_campaign_or_owner_leaves_the_rows_out(
    pf: PlanFile, tmp_path: Path, field: str
) -> None:
    """`--values "Campaign:Sprng=skip"` made a campaign named "skip"; =skip leaves the rows
    out, as it does for channels, statuses and repeats."""
    source = write_rows(
        tmp_path / "owners.xlsx",
        [
            ["Date", "Channel", "Title", "Owner", "Campaign"],
            [date(2027, 3, 4), "Instagram", "Kept", "Sam", "Spring"],
            [date(2027, 3, 5), "Instagram", "Left out", "Old intern", "Sprng"],
        ],
    )
    value = {"Campaign": "Sprng", "Owner": "Old intern"}[field]
    plan = dry_run(pf, source, values=parse_values(f"{field}:{value}=skip"))
    assert plan.ok, [str(e) for e in plan.errors]
    assert [i.title for i in plan.new] == ["Kept"]
    assert "skip" not in [c.name for c in plan.created]
    assert any("1 row skipped as asked" in n for n in plan.notes), plan.notes


@pytest.mark.parametrize(
    ("lock_name", "content", "program"),
    [
        (".~lock.client.xlsx#", "Ana Client,ana,laptop,01.12.2026 17:02,file:///x;", "LibreOffice"),
        ("~$client.xlsx", "Ana Client", "Excel"),
        ("~$ient.xlsx", "Ana Client", "Excel"),  # Excel drops the first two letters
    ],
)
def test_importing_a_workbook_open_in_a_spreadsheet_program_says_so(
    pf: PlanFile, tmp_path: Path, lock_name: str, content: str, program: str
) -> None:
    """Edits not yet saved in the spreadsheet program are not in the file: the consultant
    must hear that the workbook is open, before trusting the import."""
    workbook = export(pf, tmp_path / "client.xlsx")
    (tmp_path / lock_name).write_text(content, encoding="utf-8")
    plan = dry_run(pf, workbook)
    notes = [n for n in plan.notes if "is open in" in n]
    assert len(notes) == 1, plan.notes
    assert notes[0].startswith(f"client.xlsx is open in {program}") and "save" in notes[0]


def test_no_note_without_a_lock_file(pf: PlanFile, tmp_path: Path) -> None:
    plan = dry_run(pf, export(pf, tmp_path / "client.xlsx"))
    assert not any("is open in" in n for n in plan.notes)
