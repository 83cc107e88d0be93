"""A sheet's real extent is read from its XML before any parser sizes a grid for it.

The workbooks here are built by hand so that they carry no ``<dimension>``: the only
witness of a sheet's size is where its cells are.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from streamdesk.cli import main
from streamdesk.excel import limits, readers
from streamdesk.excel.limits import ImportFileError, check_file

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="xl/workbook.xml" Type="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships/officeDocument"/></Relationships>'
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Client plan" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="worksheets/sheet1.xml" Type="http://schemas.openxmlformats.'
    'org/officeDocument/2006/relationships/worksheet"/></Relationships>'
)


def workbook(path: Path, sheet_data: str) -> Path:
    """A minimal .xlsx whose one sheet holds ``sheet_data`` and no <dimension>."""
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<sheetData>{sheet_data}</sheetData></worksheet>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", ROOT_RELS)
        z.writestr("xl/workbook.xml", WORKBOOK)
        z.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        z.writestr("xl/worksheets/sheet1.xml", sheet)
    return path


FAR_CORNER = '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'


def test_far_corner_cell_is_refused_naming_file_sheet_and_cell(tmp_path: Path) -> None:
    path = workbook(tmp_path / "far.xlsx", FAR_CORNER)
    assert path.stat().st_size < 5 * 1024
    with pytest.raises(ImportFileError) as caught:
        check_file(path)
    message = str(caught.value)
    assert "far.xlsx was refused" in message
    assert "sheet 'Client plan'" in message
    assert "XFD1048576" in message
    assert "row 1,048,576" in message
    assert "delete the rows and columns after your data" in message


def test_far_corner_import_is_one_line_and_no_abort(tmp_path: Path, plan_path: Path) -> None:
    """In a real process: exit 1 with one line, the plan byte-identical (not exit 134)."""
    path = workbook(tmp_path / "far.xlsx", FAR_CORNER)
    before = hashlib.sha256(plan_path.read_bytes()).hexdigest()
    done = subprocess.run(
        [sys.executable, "-m", "streamdesk", "import", str(plan_path), str(path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "far.xlsx" in lines[0] and "XFD1048576" in lines[0]
    assert "unexpected" not in lines[0]
    assert hashlib.sha256(plan_path.read_bytes()).hexdigest() == before


def test_refused_before_any_parser_is_reached(
    tmp_path: Path, plan_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = workbook(tmp_path / "far.xlsx", FAR_CORNER)

    def no_parsing(path: Path) -> None:
        raise AssertionError("a parser was reached")

    monkeypatch.setattr(readers, "_open_xlsx", no_parsing)
    assert main(["import", str(plan_path), str(path)]) == 1


def test_a_styled_empty_cell_far_away_is_read_as_what_it_is(tmp_path: Path) -> None:
    """An empty cell holds nothing a value reader places: the sheet is its one real row."""
    data = (
        '<row r="1"><c r="A1" t="inlineStr"><is><t>Title</t></is></c></row>'
        '<row r="1048576"><c r="XFD1048576" s="0"/></row>'
        '<row r="500000"><c r="ZZ500000" s="0"></c></row>'
    )
    path = workbook(tmp_path / "styled.xlsx", data)
    source = readers.open_source(path)
    assert source.rows("Client plan") == [["Title"]]


def test_cells_without_a_reference_are_placed_like_a_reader_does(tmp_path: Path) -> None:
    data = (
        '<row r="1"><c t="inlineStr"><is><t>a</t></is></c><c><v>2</v></c></row>'
        "<row><c><v>3</v></c></row>"
        '<row r="7"><c/><c/><c><v>9</v></c></row>'
    )
    path = workbook(tmp_path / "unnamed.xlsx", data)
    with zipfile.ZipFile(path) as archive:
        extent = limits.sheet_extent(archive, "xl/worksheets/sheet1.xml", path.name)
    assert (extent.rows, extent.columns, extent.row_cell) == (7, 3, "C7")
    rows = readers.open_source(path).rows("Client plan")
    assert len(rows) == extent.rows and len(rows[0]) == extent.columns


def test_far_cell_without_a_reference_is_refused(tmp_path: Path) -> None:
    path = workbook(tmp_path / "sneaky.xlsx", '<row r="1048576"><c><v>1</v></c></row>')
    with pytest.raises(ImportFileError, match=r"sneaky\.xlsx was refused.*A1048576"):
        check_file(path)


def test_column_and_area_limits_are_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    wide = workbook(tmp_path / "wide.xlsx", '<row r="1"><c r="XFD1"><v>1</v></c></row>')
    with pytest.raises(
        ImportFileError,
        match=r"wide\.xlsx was refused: StreamDesk imports at most 2,000 columns per sheet, "
        r"and sheet 'Client plan' has a cell at XFD1 \(column 16,384\)",
    ):
        check_file(wide)
    monkeypatch.setattr(limits, "MAX_CELLS", 100)
    area = workbook(
        tmp_path / "area.xlsx",
        '<row r="1"><c r="Z1"><v>1</v></c></row><row r="5"><c r="A5"><v>1</v></c></row>',
    )
    with pytest.raises(ImportFileError, match=r"area\.xlsx was refused: sheet 'Client plan' "):
        check_file(area)


def test_extent_is_the_same_whatever_the_chunk_size(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cells = "".join(
        f'<row r="{r}">' + "".join(f'<c r="{c}{r}"><v>{r}</v></c>' for c in "ABCDEFG") + "</row>"
        for r in range(1, 400)
    )
    path = workbook(tmp_path / "rows.xlsx", cells + '<row r="777"><c r="AB777"><v>1</v></c></row>')
    with zipfile.ZipFile(path) as archive:
        whole = limits.sheet_extent(archive, "xl/worksheets/sheet1.xml", path.name)
        monkeypatch.setattr(limits, "SCAN_CHUNK_BYTES", 37)
        pieces = limits.sheet_extent(archive, "xl/worksheets/sheet1.xml", path.name)
    assert whole == pieces
    assert (whole.rows, whole.columns, whole.column_cell) == (777, 28, "AB777")


def test_an_endless_tag_is_refused_as_damaged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(limits, "MAX_TAG_BYTES", 1000)
    monkeypatch.setattr(limits, "SCAN_CHUNK_BYTES", 256)
    path = workbook(tmp_path / "tag.xlsx", '<row r="1"><c r="A1" x="' + "y" * 5000 + '"/></row>')
    with pytest.raises(ImportFileError, match=r"tag\.xlsx is damaged: .* save it again"):
        check_file(path)


def test_file_import_of_the_far_corner_shows_one_message(  # type: ignore[no-untyped-def]
    qtbot, window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """From File → Import the window stays up and says what is wrong and what to do."""
    from streamdesk.gui.import_actions import import_plan
    from streamdesk.gui.import_dialog import ImportDialog

    path = workbook(tmp_path / "far.xlsx", FAR_CORNER)
    errors: list[str] = []
    window.document.errorOccurred.connect(errors.append)
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: None)  # shown, not modal

    def no_dialog(self: ImportDialog) -> int:
        raise AssertionError("the preview was opened")

    monkeypatch.setattr(ImportDialog, "exec", no_dialog)
    before = window.document.undo_stack.count()
    assert import_plan(window, window.document, window.show_status, str(path)) is False
    assert len(errors) == 1 and "far.xlsx was refused" in errors[0]
    assert "XFD1048576" in errors[0] and "import again" in errors[0]
    assert window.document.undo_stack.count() == before and window.isVisible()


def test_a_sheet_kept_outside_the_usual_folder_is_scanned_too(tmp_path: Path) -> None:
    path = tmp_path / "moved.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", ROOT_RELS)
        z.writestr("xl/workbook.xml", WORKBOOK)
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            WORKBOOK_RELS.replace("worksheets/sheet1.xml", "../elsewhere/data.xml"),
        )
        z.writestr(
            "elsewhere/data.xml",
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            f"<sheetData>{FAR_CORNER}</sheetData></worksheet>",
        )
    with zipfile.ZipFile(path) as archive:
        assert limits.sheet_members(archive) == {"elsewhere/data.xml": "Client plan"}
    with pytest.raises(ImportFileError, match=r"sheet 'Client plan' has a cell at XFD1048576"):
        check_file(path)
