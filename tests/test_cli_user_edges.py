"""The command line as a consultant uses it minutes before a client call: a wrong path or
name ends in one line naming what and where, exit 1, and leaves no file behind."""

from __future__ import annotations

from pathlib import Path

import pytest

from streamdesk.cli import main


@pytest.mark.parametrize("suffix", [".xlsx", ".csv", ".ics"])
def test_export_into_a_folder_that_does_not_exist_is_one_line(
    plan_path: Path, tmp_path: Path, suffix: str, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "no such folder" / f"plan{suffix}"
    assert main(["export", str(plan_path), str(out)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    assert err.startswith("streamdesk: error: could not write ")
    assert str(out) in err and "unexpected" not in err
    assert not out.parent.exists()


def test_export_plan_names_the_target_when_the_workbook_writer_cannot_create_it(
    plan_path: Path, tmp_path: Path
) -> None:
    """The window calls export_plan too: the workbook writer's own error type (not an
    OSError) must still become the ExportError the export dialog shows."""
    from streamdesk.excel.export import ExportError, export_plan
    from streamdesk.storage import PlanFile

    out = tmp_path / "gone" / "plan.xlsx"
    with PlanFile.open(plan_path, read_only=True) as pf, pytest.raises(ExportError) as error:
        export_plan(pf, out)
    assert str(out) in str(error.value) and "nothing was written" in str(error.value)
    assert not out.parent.exists()


def test_new_with_a_slash_in_the_name_does_not_make_folders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`streamdesk new "Acme/Beta"` means a plan named Acme/Beta, not a folder Acme: say
    so rather than create folders the user did not ask for."""
    monkeypatch.chdir(tmp_path)
    assert main(["new", "Acme/Beta", "--client", "Acme"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    assert "Acme" in err and "does not exist" in err and "--client" in err
    assert list(tmp_path.iterdir()) == []


def test_new_in_an_existing_folder_still_works(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "clients").mkdir()
    assert main(["new", "clients/acme", "--client", "Acme"]) == 0
    assert (tmp_path / "clients" / "acme.streamdesk").is_file()
    assert "acme.streamdesk: new empty plan" in capsys.readouterr().out


def test_a_report_for_a_month_with_nothing_planned_says_so(
    qapp, plan_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:  # type: ignore[no-untyped-def]
    """--month 2030-01 for a plan of 2027 (a typo two minutes before the call) writes an
    empty report: the line that says it was written also says it is empty, and where the
    plan's items are."""
    from streamdesk.storage import PlanFile, repository

    with PlanFile.open(plan_path, read_only=True) as pf:
        items = repository.list_items(pf)
    first, last = items[0].date, items[-1].date
    out = tmp_path / "empty.pdf"
    assert main(["report", str(plan_path), str(out), "--month", "2030-01"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"wrote {out} (")
    assert "nothing is planned in January 2030" in lines[0]
    assert f"{first.isoformat()} to {last.isoformat()}" in lines[0]
    assert out.is_file()


def test_a_report_for_a_planned_month_has_no_such_note(
    qapp, plan_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:  # type: ignore[no-untyped-def]
    from streamdesk.storage import PlanFile, repository

    with PlanFile.open(plan_path, read_only=True) as pf:
        month = repository.list_items(pf)[0].date.strftime("%Y-%m")
    assert main(["report", str(plan_path), str(tmp_path / "r.pdf"), "--month", month]) == 0
    assert "nothing is planned" not in capsys.readouterr().out


def test_portfolio_with_no_plans_says_where_it_looked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """ "0 entries" reads as a quiet week; with no plan at all the user must hear that no
    plan was found, and where."""
    from streamdesk.storage.catalogue import DATA_DIR_ENV

    folder = tmp_path / "data"
    folder.mkdir()
    monkeypatch.setenv(DATA_DIR_ENV, str(folder))
    assert main(["portfolio"]) == 0
    out = capsys.readouterr().out
    assert f"no plans in {folder}" in out
    assert out.count("\n") == 1


def test_export_over_a_file_open_in_excel_says_to_close_it(
    plan_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """On Windows a workbook open in Excel cannot be replaced (PermissionError on the
    rename): the old file stays whole and the line says what to do about it."""
    import os

    out = tmp_path / "client.xlsx"
    out.write_bytes(b"the client's copy")
    real_replace = os.replace

    def locked(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        if Path(dst) == out:
            raise PermissionError(13, "Permission denied", str(dst))
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", locked)
    assert main(["export", str(plan_path), str(out)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    assert str(out) in err and "close it" in err
    assert out.read_bytes() == b"the client's copy"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []


def test_a_workbook_over_centuries_is_refused_before_it_is_built(
    plan_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--from 0001-01-01 --to 9999-12-31 ran for hours laying out a sheet per month."""
    out = tmp_path / "all.xlsx"
    assert main(["export", str(plan_path), str(out), "--from", "0001-01-01"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    assert "0001-01" in err and "25 years" in err
    assert not out.exists()


def test_a_typo_year_in_one_item_is_named_when_the_workbook_would_span_centuries(
    plan_path: Path, tmp_path: Path
) -> None:
    """One item dated 2207 (for 2027) made the plan's workbook two centuries of months:
    the refusal names that item, the date to check."""
    from datetime import date

    from streamdesk.excel.export import ExportError, export_plan
    from streamdesk.storage import PlanFile, repository

    with PlanFile.open(plan_path) as pf:
        item = repository.list_items(pf)[3]
        repository.update(pf, item.replace(date=date(2207, 3, 4)))
        with pytest.raises(ExportError) as error:
            export_plan(pf, tmp_path / "plan.xlsx")
        assert "2207-03-04" in str(error.value) and item.title in str(error.value)
        export_plan(pf, tmp_path / "plan.csv")  # a table has no sheet per month: written
    assert (tmp_path / "plan.csv").is_file() and not (tmp_path / "plan.xlsx").exists()


def test_a_report_over_centuries_is_refused(
    plan_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "r.pdf"
    args = ["report", str(plan_path), str(out), "--from", "2026-01-01", "--to", "9999-12-31"]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "25 years" in err
    assert not out.exists()


@pytest.mark.parametrize(
    ("name", "made"),
    [("Acme v2.1", "Acme v2.1.streamdesk"), ("acme", "acme.streamdesk"), ("b.STREAMDESK", None)],
)
def test_new_gives_the_plan_file_its_suffix_even_with_a_dot_in_the_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, made: str | None
) -> None:
    """ "Acme v2.1" was written as a file named "Acme v2.1" (".1" taken for a suffix), which
    `streamdesk plans` and the Plans window never list."""
    monkeypatch.chdir(tmp_path)
    assert main(["new", name]) == 0
    assert [p.name for p in tmp_path.iterdir()] == [made or name]


def test_new_with_an_empty_name_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["new", ""]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "unexpected" not in err and "name" in err
    assert list(tmp_path.iterdir()) == []


def test_salvaging_a_plan_from_a_newer_streamdesk_says_what_is_left_behind(
    plan_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A newer plan is refused with "update StreamDesk"; salvaging it instead copies what
    this version knows, and must say that whatever the newer one added stays behind."""
    import sqlite3

    conn = sqlite3.connect(plan_path)
    conn.execute("PRAGMA user_version = 99")
    conn.commit()
    conn.close()
    new = tmp_path / "copy.streamdesk"
    assert main(["salvage", str(plan_path), str(new)]) == 0
    out = capsys.readouterr().out
    assert "not copied: " in out and "newer StreamDesk (plan format 99" in out
    assert new.is_file()


def test_export_over_a_workbook_open_in_libreoffice_warns_on_its_line(
    plan_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """On Linux and macOS the export replaces the file under LibreOffice, whose next save
    would put the old workbook back: the line says to close it there without saving."""
    out = tmp_path / "client.xlsx"
    out.write_bytes(b"old")
    (tmp_path / ".~lock.client.xlsx#").write_text("Ana,ana,laptop,date,url;", encoding="utf-8")
    assert main(["export", str(plan_path), str(out)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1
    assert "client.xlsx is open in LibreOffice (Ana)" in lines[0]
    assert "without saving" in lines[0]


def _unwritable(monkeypatch: pytest.MonkeyPatch, *paths: Path) -> None:
    """As root every file is writable: make these read-only the way os.access sees them."""
    import os

    real = os.access
    denied = {p.resolve() for p in paths}

    def access(path: object, mode: int, **kwargs: object) -> bool:
        if mode & os.W_OK and Path(str(path)).resolve() in denied:
            return False
        return real(path, mode, **kwargs)  # type: ignore[arg-type]  # os.access's own types

    monkeypatch.setattr(os, "access", access)


def test_import_into_a_read_only_plan_stops_before_reading_the_file(
    plan_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    source = tmp_path / "posts.csv"
    source.write_text("Date,Channel,Title\n2027-03-04,Instagram,Post\n", encoding="utf-8")
    before = plan_path.read_bytes()
    _unwritable(monkeypatch, plan_path)
    assert main(["import", str(plan_path), str(source)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""  # nothing read as if it would be imported
    assert captured.err.count("\n") == 1
    assert f"{plan_path} cannot be changed" in captured.err and "--dry-run" in captured.err
    assert plan_path.read_bytes() == before


def test_a_report_into_a_folder_that_cannot_be_written_is_one_line(
    plan_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    _unwritable(monkeypatch, folder)
    assert main(["report", str(plan_path), str(folder / "r.pdf")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(folder / "r.pdf") in err and "cannot be written" in err


@pytest.mark.parametrize(
    ("name", "made"),
    [("Acme v2.1", "Acme v2.1.streamdesk"), ("demo", "demo.streamdesk"), ("b.STREAMDESK", None)],
)
def test_demo_gives_the_plan_file_its_suffix_as_new_does(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    name: str,
    made: str | None,
) -> None:
    """`demo demo` wrote a file named "demo", which `plans` and the Plans window never list."""
    monkeypatch.chdir(tmp_path)
    assert main(["demo", name, "--items", "5", "--initiatives", "2"]) == 0
    assert [p.name for p in tmp_path.iterdir()] == [made or name]
    assert f"wrote {made or name}:" in capsys.readouterr().out


def test_demo_into_a_folder_that_does_not_exist_is_one_line_and_makes_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["demo", "Acme/Beta", "--items", "5"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    assert "Acme" in err and "does not exist" in err and "unexpected" not in err
    assert list(tmp_path.iterdir()) == []


def test_demo_with_an_empty_name_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["demo", " "]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "unexpected" not in err and "name" in err
    assert list(tmp_path.iterdir()) == []
