"""Checks on a file from outside before any parser reads it.

Workbooks come from clients and strangers. Before openpyxl or calamine touch a file
we look at its first bytes (a workbook is a zip archive; the old ``.xls`` format and
password-protected workbooks are OLE compound files; anything else is text) and at
the archive's directory: the uncompressed sizes it declares and their ratio to the
compressed sizes. A zip bomb declares enormous sizes for tiny members, so it is
refused here, before a single byte is inflated (defusedxml protects the XML parser,
not the unzipping).
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

MAX_FILE_BYTES = 50 * 1024 * 1024
"""The largest file accepted at all (50 MB)."""
MAX_UNCOMPRESSED_BYTES = 400 * 1024 * 1024
"""The most a workbook may declare it unpacks to, all members together (400 MB)."""
MAX_RATIO = 100
"""The highest compression ratio accepted for a member bigger than ``RATIO_FLOOR_BYTES``."""
RATIO_FLOOR_BYTES = 1024 * 1024
MAX_MEMBERS = 10_000
MAX_ROWS = 100_000
"""The most rows one sheet (or a CSV file) may have."""

ZIP_MAGIC = b"PK\x03\x04"
EMPTY_ZIP_MAGIC = b"PK\x05\x06"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class ImportFileError(Exception):
    """A file that cannot be imported; the message says why and what to do."""


@dataclass(frozen=True)
class CheckedFile:
    path: Path
    kind: str  # "xlsx" or "csv"
    size: int


def _mb(n: float) -> str:
    return f"{n / (1024 * 1024):.0f} MB"


def check_file(path: str | Path) -> CheckedFile:
    """Refuse what is not a workbook or CSV file we can read safely; say which it is."""
    path = Path(path)
    name = path.name
    try:
        size = path.stat().st_size
        with path.open("rb") as f:
            head = f.read(8)
    except FileNotFoundError:
        raise ImportFileError(f"{path} does not exist.") from None
    except IsADirectoryError:
        raise ImportFileError(f"{path} is a folder, not a spreadsheet.") from None
    except OSError as error:
        raise ImportFileError(f"Could not read {path}: {error.strerror or error}.") from None
    if size > MAX_FILE_BYTES:
        raise ImportFileError(
            f"{name} is {_mb(size)}; StreamDesk imports files up to {_mb(MAX_FILE_BYTES)}."
        )
    if size == 0:
        raise ImportFileError(f"{name} is empty.")
    suffix = path.suffix.lower()
    if head.startswith(OLE_MAGIC):
        if _is_encrypted_ole(path):
            raise ImportFileError(
                f"{name} is protected with a password. Open it in Excel, remove the password "
                "(File → Info → Protect Workbook), save it and import it again."
            )
        raise ImportFileError(
            f"{name} is an Excel 97–2003 workbook (.xls), which StreamDesk cannot read. "
            "Open it in Excel or LibreOffice and save it as .xlsx."
        )
    if head.startswith((ZIP_MAGIC, EMPTY_ZIP_MAGIC)):
        check_archive(path)
        return CheckedFile(path, "xlsx", size)
    if suffix in (".xlsx", ".xlsm", ".xls", ".ods"):
        what = "a text file renamed" if _looks_like_text(path) else "not a workbook"
        raise ImportFileError(
            f"{name} is {what}: it is not an Excel workbook StreamDesk can read. "
            "Save it from your spreadsheet program as .xlsx (or .csv) and import that."
        )
    if not _looks_like_text(path):
        raise ImportFileError(f"{name} is neither an Excel workbook (.xlsx) nor a CSV text file.")
    return CheckedFile(path, "csv", size)


def check_archive(path: Path) -> None:
    """Check the zip directory of a workbook: members, declared sizes, ratios."""
    name = path.name
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise ImportFileError(
            f"{name} is damaged or incomplete (truncated?) and cannot be read as a workbook "
            f"({error})."
        ) from None
    if len(infos) > MAX_MEMBERS:
        raise ImportFileError(
            f"{name} holds {len(infos):,} parts; a workbook may hold at most {MAX_MEMBERS:,}."
        )
    names = {info.filename for info in infos}
    if "xl/workbook.xml" not in names:
        if "content.xml" in names:
            raise ImportFileError(
                f"{name} is an OpenDocument spreadsheet; save it as .xlsx and import that."
            )
        raise ImportFileError(f"{name} is a zip archive, but not an Excel workbook (.xlsx).")
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise ImportFileError(f"{name} has encrypted parts and cannot be read.")
        total += info.file_size
        if info.file_size > RATIO_FLOOR_BYTES:
            ratio = info.file_size / max(info.compress_size, 1)
            if ratio > MAX_RATIO:
                raise ImportFileError(
                    f"{name} was refused: its part {info.filename} would unpack "
                    f"{ratio:,.0f} times its size (the limit is {MAX_RATIO} times); "
                    "it looks like a zip bomb."
                )
    if total > MAX_UNCOMPRESSED_BYTES:
        raise ImportFileError(
            f"{name} was refused: it would unpack to {_mb(total)}; StreamDesk imports "
            f"workbooks that unpack to at most {_mb(MAX_UNCOMPRESSED_BYTES)}."
        )


_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"[A-Z]+\d+(?::[A-Z]+(\d+))?\"")


def declared_rows(path: Path, member: str) -> int | None:
    """The row count a sheet's ``<dimension>`` declares (read from its first 4 kB), if any."""
    try:
        with zipfile.ZipFile(path) as archive, archive.open(member) as f:
            head = f.read(4096)
    except (KeyError, zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None
    match = _DIMENSION.search(head)
    if not match:
        return None
    return int(match.group(1)) if match.group(1) else 1


def check_rows(file_name: str, sheet: str | None, rows: int) -> None:
    """Refuse a sheet (or, with ``sheet`` None, a CSV file) past ``MAX_ROWS`` rows."""
    if rows > MAX_ROWS:
        where = f"sheet {sheet!r} has {rows:,} rows" if sheet else "it has more rows than that"
        raise ImportFileError(
            f"{file_name} was refused: StreamDesk imports at most {MAX_ROWS:,} rows per sheet, "
            f"and {where}."
        )


def _is_encrypted_ole(path: Path) -> bool:
    with path.open("rb") as f:
        data = f.read(min(MAX_FILE_BYTES, 1024 * 1024))
    return "EncryptionInfo".encode("utf-16-le") in data


def _looks_like_text(path: Path) -> bool:
    with path.open("rb") as f:
        sample = f.read(8192)
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True  # UTF-16 text
    if b"\x00" in sample:
        return False
    control = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return control <= len(sample) // 100
