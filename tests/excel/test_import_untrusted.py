"""Files from outside: each unreadable or dangerous file is refused with its message, before
any parser reads it, and the plan stays byte-for-byte unchanged."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from import_helpers import DATA, sha256, write_rows

from streamdesk.cli import main
from streamdesk.excel import limits, readers
from streamdesk.excel.limits import ImportFileError, check_file

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _truncated(tmp: Path) -> Path:
    data = (DATA / "content-calendar-template.xlsx").read_bytes()
    path = tmp / "truncated.xlsx"
    path.write_bytes(data[: len(data) // 2])
    return path


def _encrypted(tmp: Path) -> Path:
    path = tmp / "secret.xlsx"
    path.write_bytes(OLE + b"\x00" * 504 + "EncryptionInfo".encode("utf-16-le") + b"\x00" * 600)
    return path


def _old_xls(tmp: Path) -> Path:
    path = tmp / "old.xls"
    path.write_bytes(OLE + b"\x00" * 504 + "Workbook".encode("utf-16-le") + b"\x00" * 600)
    return path


def _renamed_text(tmp: Path) -> Path:
    path = tmp / "notes.xlsx"
    path.write_text("Date,Channel,Title\n2027-01-01,PR,Hello\n")
    return path


def _zip_not_workbook(tmp: Path) -> Path:
    path = tmp / "photos.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("photo.txt", "not a workbook")
    return path


def _zip_bomb(tmp: Path) -> Path:
    """A workbook whose sheet declares 20 MB that compress 1000:1."""
    path = tmp / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        with z.open("xl/worksheets/sheet1.xml", "w") as f:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(20):
                f.write(chunk)
    return path


def _binary(tmp: Path) -> Path:
    path = tmp / "random.csv"
    path.write_bytes(bytes(range(256)) * 8)
    return path


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (_truncated, "truncated.xlsx is damaged or incomplete (truncated?)"),
        (_encrypted, "secret.xlsx is protected with a password"),
        (_old_xls, "old.xls is an Excel 97–2003 workbook (.xls)"),
        (_renamed_text, "notes.xlsx is a text file renamed"),
        (_zip_not_workbook, "photos.xlsx is a zip archive, but not an Excel workbook"),
        (_zip_bomb, "would unpack 1,0"),
        (_binary, "random.csv is neither an Excel workbook (.xlsx) nor a CSV text file"),
    ],
)
def test_refused_with_message_and_plan_unchanged(
    make,  # type: ignore[no-untyped-def]
    message: str,
    tmp_path: Path,
    plan_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    source = make(tmp_path)

    def no_parsing(path: Path) -> None:
        raise AssertionError("a parser was reached")

    monkeypatch.setattr(readers, "_open_xlsx", no_parsing)
    before = sha256(plan_path)
    assert main(["import", str(plan_path), str(source)]) == 1
    err = capsys.readouterr().err
    assert message in err
    assert sha256(plan_path) == before


def test_zip_bomb_is_refused_on_declared_sizes_before_reading(tmp_path: Path) -> None:
    path = _zip_bomb(tmp_path)
    with pytest.raises(ImportFileError, match="looks like a zip bomb"):
        check_file(path)


def test_total_unpacked_size_limit_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(limits, "MAX_UNCOMPRESSED_BYTES", 1024)
    path = write_rows(tmp_path / "ok.xlsx", [["Date", "Channel", "Title"]])
    with pytest.raises(ImportFileError, match=r"would unpack to 0 MB; .* at most 0 MB"):
        check_file(path)


def test_file_size_limit_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_FILE_BYTES", 2 * 1024 * 1024)
    path = tmp_path / "big.csv"
    path.write_text("Date,Channel,Title\n" + "2027-01-01,PR,x\n" * 200_000)
    with pytest.raises(
        ImportFileError, match=r"big\.csv is 3 MB; StreamDesk imports files up to 2 MB\."
    ):
        check_file(path)


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_row_limit_is_named(suffix: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_ROWS", 5)
    monkeypatch.setattr(readers, "MAX_ROWS", 5)
    rows = [["Date", "Channel", "Title"]] + [["2027-01-01", "PR", f"t{n}"] for n in range(8)]
    if suffix == ".csv":
        path = tmp_path / "rows.csv"
        path.write_text("\n".join(",".join(r) for r in rows))
    else:
        path = write_rows(tmp_path / "rows.xlsx", rows)
    with pytest.raises(
        ImportFileError, match=r"rows\.\w+ was refused: StreamDesk imports at most 5 rows per sheet"
    ):
        readers.open_source(path).rows(readers.open_source(path).sheet_names[0])


def test_utf16_csv_with_tabs_is_read(tmp_path: Path) -> None:
    path = tmp_path / "excel-export.csv"
    path.write_bytes("Date\tChannel\tTitle\n2027-01-01\tPR\tÉté\n".encode("utf-16"))
    source = readers.open_source(path)
    assert source.rows(source.sheet_names[0])[1] == ["2027-01-01", "PR", "Été"]
