"""Hostile files fed to the importer (``streamdesk import``): random bytes, truncated and
bit-flipped copies of a real export, zip bombs, a million rows, formulas and control
characters. Each ends in a clear error or inert text: never an unexpected exception, never
more than a few seconds, and a plan that is not changed unless the import succeeded.
"""

from __future__ import annotations

import contextlib
import csv
import functools
import io
import random
import struct
import tempfile
import time
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from streamdesk import demo
from streamdesk.cli import main
from streamdesk.excel.export import export_plan
from streamdesk.storage import PlanFile, repository


@functools.cache
def real_files() -> dict[str, bytes]:
    """A demo plan and its own exports (.xlsx and .csv), made once."""
    with tempfile.TemporaryDirectory() as folder:
        plan = Path(folder) / "plan.streamdesk"
        demo.generate(plan, items=30, initiatives=6, start=date(2027, 1, 1), seed=3).close()
        with PlanFile.open(plan) as pf:
            export_plan(pf, Path(folder) / "export.xlsx")
            export_plan(pf, Path(folder) / "export.csv")
        return {
            "plan": plan.read_bytes(),
            ".xlsx": (Path(folder) / "export.xlsx").read_bytes(),
            ".csv": (Path(folder) / "export.csv").read_bytes(),
        }


def run_import(
    data: bytes,
    suffix: str,
    *,
    dry_run: bool = False,
    seconds: float = 3,
    inspect: Callable[[PlanFile], None] | None = None,
) -> tuple[int, str, str]:
    """``streamdesk import`` on a fresh copy of the plan; checks what must always hold.

    ``inspect`` is called with the plan afterwards, opened read-only.
    """
    with tempfile.TemporaryDirectory() as folder:
        plan = Path(folder) / "plan.streamdesk"
        plan.write_bytes(real_files()["plan"])
        source = Path(folder) / f"hostile{suffix}"
        source.write_bytes(data)
        out, err = io.StringIO(), io.StringIO()
        started = time.monotonic()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["import", str(plan), str(source), *(["--dry-run"] * dry_run)])
        elapsed = time.monotonic() - started
        assert elapsed < seconds, f"the import took {elapsed:.1f}s"
        assert "unexpected" not in err.getvalue(), err.getvalue()
        if code != 0 or dry_run:
            assert code == 0 or err.getvalue().strip(), "a refusal says why"
            assert plan.read_bytes() == real_files()["plan"], "a refused import changed the plan"
        with PlanFile.open(plan, read_only=True) as pf:
            assert pf.integrity_check() == "ok"
            if inspect is not None:
                inspect(pf)
        return code, out.getvalue(), err.getvalue()


HOSTILE = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)


@HOSTILE
@given(
    st.binary(max_size=3000),
    st.sampled_from([".xlsx", ".csv"]),
    st.sampled_from([b"", b"PK\x03\x04", b"PK\x05\x06", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"]),
)
def test_random_bytes_end_in_a_clear_error(data: bytes, suffix: str, magic: bytes) -> None:
    run_import(magic + data, suffix, dry_run=suffix == ".csv")


@HOSTILE
@given(st.integers(min_value=0), st.sampled_from([".xlsx", ".csv"]))
def test_a_truncated_export_ends_in_a_clear_error_or_its_own_content(
    length: int, suffix: str
) -> None:
    data = real_files()[suffix]
    run_import(data[: length % len(data)], suffix, dry_run=suffix == ".csv")


@HOSTILE
@given(st.lists(st.tuples(st.integers(min_value=0), st.integers(0, 7)), min_size=1, max_size=10))
def test_a_bit_flipped_csv_export_ends_in_a_clear_error_or_inert_text(
    flips: list[tuple[int, int]],
) -> None:
    data = bytearray(real_files()[".csv"])
    for position, bit in flips:
        data[position % len(data)] ^= 1 << bit
    run_import(bytes(data), ".csv", dry_run=True)


# -- workbooks written by hand, cheaply ---------------------------------------------------

_CT = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="xl/workbook.xml" Type="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships/officeDocument"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Calendar" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="worksheets/sheet1.xml" Type="http://schemas.'
    'openxmlformats.org/officeDocument/2006/relationships/worksheet"/></Relationships>'
)
SHEET = "xl/worksheets/sheet1.xml"


def workbook(path: Path, sheet_parts: list[bytes] | None = None, repeat: int = 1) -> Path:
    """A minimal .xlsx whose sheet XML is ``head + body * repeat + tail``."""
    head, body, tail = sheet_parts or [b"", b"", b""]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr("[Content_Types].xml", _CT)
        z.writestr("_rels/.rels", _RELS)
        z.writestr("xl/workbook.xml", _WORKBOOK)
        z.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        with z.open(SHEET, "w") as f:
            f.write(
                b'<?xml version="1.0" encoding="UTF-8"?><worksheet '
                b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' + head
            )
            for _ in range(repeat):
                f.write(body)
            f.write(tail + b"</worksheet>")
    return path


def declare_size(path: Path, member: str, size: int) -> None:
    """Rewrite the uncompressed size a zip declares for ``member`` (both headers)."""
    data = bytearray(path.read_bytes())
    name = member.encode()
    for signature, name_length_at, header, size_at in (
        (b"PK\x03\x04", 26, 30, 22),
        (b"PK\x01\x02", 28, 46, 24),
    ):
        at = data.find(signature)
        while at >= 0:
            length = struct.unpack_from("<H", data, at + name_length_at)[0]
            if data[at + header : at + header + length] == name:
                struct.pack_into("<I", data, at + size_at, size)
            at = data.find(signature, at + 4)
    path.write_bytes(data)


def test_a_zip_bomb_declaring_huge_sizes_is_refused_before_unpacking(tmp_path: Path) -> None:
    spaces = [b"<sheetData>", b" " * (1024 * 1024), b"</sheetData>"]
    bomb = workbook(tmp_path / "bomb.xlsx", spaces, repeat=64)  # 64 MB of blanks, ~70 kB
    declare_size(bomb, SHEET, 0xFFFF_FFF0)  # and it claims 4 GB
    code, _, err = run_import(bomb.read_bytes(), ".xlsx", seconds=1)
    assert code == 1 and "zip bomb" in err


def test_a_zip_that_understates_its_sizes_is_refused_cleanly(tmp_path: Path) -> None:
    spaces = [b"<sheetData>", b" " * (1024 * 1024), b"</sheetData>"]
    liar = workbook(tmp_path / "liar.xlsx", spaces, repeat=64)
    declare_size(liar, SHEET, 1000)  # claims 1 kB, would unpack 64 MB
    code, _, err = run_import(liar.read_bytes(), ".xlsx", seconds=2)
    assert code == 1 and "cannot be read" in err


def million_rows(path: Path) -> Path:
    """A 1,000,000-row sheet (plus header) that declares its size, written in about a second."""
    rng = random.Random(0)
    block = b"".join(
        b"<row><c><v>%d</v></c><c t='inlineStr'><is><t>PR</t></is></c>"
        b"<c t='inlineStr'><is><t>Post %x</t></is></c></row>"
        % (46000 + rng.randrange(700), rng.getrandbits(32))
        for _ in range(1000)
    )
    head = (
        b'<dimension ref="A1:C1000001"/><sheetData><row>'
        b"<c t='inlineStr'><is><t>Date</t></is></c><c t='inlineStr'><is><t>Channel</t></is></c>"
        b"<c t='inlineStr'><is><t>Title</t></is></c></row>"
    )
    return workbook(path, [head, block, b"</sheetData>"], repeat=1000)


def test_a_workbook_with_a_million_rows_is_refused_at_once(tmp_path: Path) -> None:
    big = million_rows(tmp_path / "million.xlsx")
    with zipfile.ZipFile(big) as z:
        info = z.getinfo(SHEET)
        assert info.file_size > 50 * 1024 * 1024  # really that big once unpacked
        assert info.file_size / info.compress_size < 100  # and not a zip bomb
    code, _, err = run_import(big.read_bytes(), ".xlsx", seconds=1)
    assert code == 1 and "1,000,001 rows" in err and "100,000" in err


# -- formulas and control characters ------------------------------------------------------

NASTY = [
    "=1+2",
    '=HYPERLINK("http://example.invalid","click")',
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)",
    "-2+3",
    "\tTab=1+1",
    "#N/A",
    "ctrl \x01\x02\x1b[31m red \x7f",
    "rtl \u202egnp.exe",
    "_x0041_ stays as typed",
    "Ünïcödé 🚀 东京",
    "x" * 5000,
]


def stored_notes(pf: PlanFile) -> dict[str, str]:
    return {i.title: i.notes for i in repository.list_items(pf) if i.title.startswith("Row ")}


def test_formula_text_and_control_characters_are_imported_as_inert_text() -> None:
    rows = [["Date", "Channel", "Title", "Notes"]]
    rows += [[f"2027-02-{n + 1:02d}", "LinkedIn", f"Row {n}", t] for n, t in enumerate(NASTY)]
    source = io.StringIO()
    csv.writer(source).writerows(rows)

    def check(pf: PlanFile) -> None:
        assert stored_notes(pf) == {f"Row {n}": t for n, t in enumerate(NASTY)}

    code, out, err = run_import(source.getvalue().encode(), ".csv", inspect=check)
    assert code == 0, err
    assert f"{len(NASTY)} new" in out


def test_formulas_in_a_workbook_stay_text_in_the_plan_and_in_the_next_export(
    tmp_path: Path,
) -> None:
    # XML cannot hold control characters, and openpyxl leaves a literal _xHHHH_ unescaped
    # (so the file itself says "A"): both are left to the CSV test above
    texts = [t for t in NASTY if "_x" not in t and not any(ord(c) < 32 and c != "\t" for c in t)]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Date", "Channel", "Title", "Notes"])
    for n, text in enumerate(texts):
        ws.append([date(2027, 2, n + 1), "LinkedIn", f"Row {n}", None])
        cell = ws.cell(ws.max_row, 4, text)
        cell.data_type = "s"  # typed as text, as a careful client's workbook has it
    source = tmp_path / "formulas.xlsx"
    wb.save(source)
    exported = tmp_path / "again.xlsx"

    def check(pf: PlanFile) -> None:
        notes = stored_notes(pf)
        for n, text in enumerate(texts):
            assert notes[f"Row {n}"] == text  # byte for byte, never evaluated
        export_plan(pf, exported)

    code, _, err = run_import(source.read_bytes(), ".xlsx", inspect=check)
    assert code == 0, err
    # a real formula cell without a saved result (as openpyxl writes it) is never computed
    # and never read as empty: the import is refused, naming the cell
    ws.append([date(2027, 3, 1), "LinkedIn", "Row formula", "=1+2"])
    wb.save(source)
    code, _, err = run_import(source.read_bytes(), ".xlsx")
    assert code == 1
    assert f'D{ws.max_row}: "=1+2" is a formula whose result is not saved' in err
    again = openpyxl.load_workbook(exported)
    cells = [c for row in again["Content"].iter_rows() for c in row]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    assert "=1+2" not in {c.value for c in cells if c.data_type == "n"}
