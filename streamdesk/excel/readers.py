"""Reading a checked workbook or CSV file into rows of plain Python values.

Workbooks are read with python-calamine: several times faster than openpyxl for
values, and its Rust XML reader does not expand entities. Values come back as
``str``, ``float``, ``bool``, ``date``, ``datetime``, ``time`` or ``None`` (an empty
cell); text is never evaluated, so a cell that reads ``=1+2`` stays that text.
``rows[0]`` is the sheet's row 1 and ``rows[r][0]`` its column A, so errors can
name cells exactly.
"""

from __future__ import annotations

import csv
import html
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from streamdesk.excel.limits import (
    MAX_ROWS,
    ImportFileError,
    check_file,
    check_rows,
    declared_rows,
)
from streamdesk.excel.safety import csv_unescape

Row = list[Any]


MISREAD_BOM = "\u00ef\u00bb\u00bf"
"""A UTF-8 byte-order mark read as Latin-1 text: a spreadsheet program opened a UTF-8 CSV
(ours has the mark) as Latin-1 and saved it as a workbook, "ï»¿" now part of cell A1."""


@dataclass
class Source:
    """An opened import file: its sheets by name, each loaded on first use."""

    path: Path
    kind: str  # "xlsx" or "csv"
    sheet_names: list[str]
    _workbook: Any = None
    encoding: str = "utf-8"  # a CSV file's text encoding, as read
    _rows: dict[str, list[Row]] = field(default_factory=dict)
    _formulas: dict[str, dict[tuple[int, int], str]] = field(default_factory=dict)
    hidden: frozenset[str] = frozenset()  # sheets the workbook hides (an archive, often)
    misread_bom: set[str] = field(default_factory=set)  # sheets whose A1 began "ï»¿"
    # a CSV not in UTF-8: (line, first word with a letter outside ASCII, as read)
    encoding_sample: tuple[int, str] | None = None

    @property
    def name(self) -> str:
        return self.path.name

    def has_sheet(self, name: str) -> bool:
        return name in self.sheet_names

    def rows(self, sheet: str) -> list[Row]:
        if sheet not in self._rows:
            if sheet not in self.sheet_names:
                raise ImportFileError(
                    f"{self.name} has no sheet {sheet!r}; its sheets are "
                    f"{', '.join(repr(s) for s in self.sheet_names)}."
                )
            self._rows[sheet] = self._load(sheet)
        return self._rows[sheet]

    def unevaluated(self, sheet: str) -> dict[tuple[int, int], str]:
        """Formula cells that carry no saved result, as {(row, column): formula}, 0-based.

        A workbook written by a script (openpyxl, for one) stores formulas without their
        results; a value reader sees such a cell as empty. The importer reports them
        instead of reading a gate, a date or a title as blank.
        """
        if self.kind != "xlsx":
            return {}
        if sheet not in self._formulas:  # the preview asks again on every remapping
            self._formulas[sheet] = self._find_unevaluated(sheet)
        return self._formulas[sheet]

    def _find_unevaluated(self, sheet: str) -> dict[tuple[int, int], str]:
        member = _sheet_member(self.path, sheet)
        if member is None:
            return {}
        try:
            with zipfile.ZipFile(self.path) as archive:
                data = archive.read(member)
        except (KeyError, zipfile.BadZipFile, OSError, ValueError, EOFError):
            return {}
        if b"<f" not in data and b":f" not in data:
            return {}
        found: dict[tuple[int, int], str] = {}
        for match in _UNEVALUATED.finditer(data):
            column, row = _cell_index(match.group(1).decode("ascii"))
            text = match.group(2)  # None for a shared formula's later cells
            formula = html.unescape(text.decode("utf-8", "replace")) if text else "…"
            found[(row, column)] = "=" + formula
        return found

    def percent_rows(self, sheet: str, column: int) -> set[int]:
        """The rows (0-based) whose cell in ``column`` is formatted as a percentage.

        A value reader sees 50 % as 0.5; the format tells a fraction shown as a
        percentage (our workbook's Timeline progress since layout 2) from a number typed
        as it reads (older workbooks stored 50 with the format ``0"%"``).
        """
        if self.kind != "xlsx":
            return set()
        member = _sheet_member(self.path, sheet)
        if member is None:
            return set()
        try:
            with zipfile.ZipFile(self.path) as archive:
                data = archive.read(member)
                percent = _percent_styles(archive.read("xl/styles.xml"))
        except (KeyError, zipfile.BadZipFile, OSError, ValueError, EOFError):
            return set()
        if not percent:
            return set()
        rows = set()
        for match in _CELL_ATTRIBUTES.finditer(data):
            attributes = match.group(1)
            ref, style = _REF.search(attributes), _STYLE.search(attributes)
            if ref is None or style is None or int(style.group(1)) not in percent:
                continue
            col, row = _cell_index(ref.group(1).decode("ascii"))
            if col == column:
                rows.add(row)
        return rows

    def _load(self, sheet: str) -> list[Row]:
        from python_calamine import CalamineError

        try:
            data = self._workbook.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
        except (CalamineError, ValueError, OSError) as error:
            raise ImportFileError(
                f"{self.name}: sheet {sheet!r} cannot be read ({error})."
            ) from None
        check_rows(self.name, sheet, len(data))
        rows: list[Row] = data
        for row in rows:
            for i, value in enumerate(row):
                if value == "":
                    row[i] = None
        first = rows[0][0] if rows and rows[0] else None
        if isinstance(first, str) and first.startswith(MISREAD_BOM):
            rows[0][0] = first[len(MISREAD_BOM) :] or None
            self.misread_bom.add(sheet)
        return rows


# <c r="N2" ...><f>TRUE()</f><v/></c>, with or without a namespace prefix, <v> empty or absent;
# a text result (t="str") may be empty on purpose: =IF(A2="","",…)
_UNEVALUATED = re.compile(
    rb'<(?:\w+:)?c\s(?![^>]*\bt="str")[^>]*?\br="([A-Z]{1,3}[0-9]+)"[^>]*>\s*'
    rb"(?:<(?:\w+:)?f(?:\s[^>]*)?>([^<]*)</(?:\w+:)?f>|<(?:\w+:)?f\s[^>]*/>)\s*"
    rb"(?:<(?:\w+:)?v\s*/>|<(?:\w+:)?v>\s*</(?:\w+:)?v>)?\s*</(?:\w+:)?c>"
)


_CELL_ATTRIBUTES = re.compile(rb"<(?:\w+:)?c\s([^>]*)>")
_REF = re.compile(rb'\br="([A-Z]{1,3}[0-9]+)"')
_STYLE = re.compile(rb'\bs="([0-9]+)"')
BUILTIN_PERCENT_FORMATS = frozenset({9, 10})  # 0% and 0.00%


def _is_percent(code: str) -> bool:
    """A number format that multiplies by 100: a % outside quotes and escapes."""
    return "%" in re.sub(r'"[^"]*"|\\.', "", code)


def _percent_styles(styles: bytes) -> set[int]:
    """The cell formats (indexes into cellXfs) whose number format is a percentage."""
    from defusedxml import ElementTree

    main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    try:
        root = ElementTree.fromstring(styles)
    except Exception:  # unreadable styles: no cell is read as a percentage
        return set()
    percent = set(BUILTIN_PERCENT_FORMATS)
    for fmt in root.iter(f"{main}numFmt"):
        if _is_percent(fmt.get("formatCode") or ""):
            percent.add(int(fmt.get("numFmtId") or -1))
    xfs = root.find(f"{main}cellXfs")
    if xfs is None:
        return set()
    return {n for n, xf in enumerate(xfs) if int(xf.get("numFmtId") or 0) in percent}


def _cell_index(ref: str) -> tuple[int, int]:
    """'B17' -> (1, 16): 0-based column and row."""
    letters = ref.rstrip("0123456789")
    column = 0
    for letter in letters:
        column = column * 26 + ord(letter) - 64
    return column - 1, int(ref[len(letters) :]) - 1


def _sheet_member(path: Path, sheet: str) -> str | None:
    """The archive member holding the named sheet (workbook.xml and its relationships)."""
    from defusedxml import ElementTree

    main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    rel = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
    try:
        with zipfile.ZipFile(path) as archive:
            workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
            rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except Exception:  # a workbook calamine read but that we cannot map goes unchecked
        return None
    rid = next(
        (e.get(f"{rel}id") for e in workbook.iter(f"{main}sheet") if e.get("name") == sheet),
        None,
    )
    for relationship in rels:
        if relationship.get("Id") == rid:
            target = relationship.get("Target") or ""
            return target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return None


def open_source(path: str | Path) -> Source:
    """Check the file (limits, type) and open it; sheets are read when asked for."""
    try:
        checked = check_file(path)
    except ImportFileError:
        if _utf16_without_mark(Path(path)):
            raise ImportFileError(
                f"{Path(path).name} is UTF-16 text without the mark that says so; save it "
                "as CSV UTF-8 from your spreadsheet program (or as UTF-16 with its mark) and "
                "import that."
            ) from None
        raise
    if checked.kind == "csv":
        rows, encoding = _read_csv(checked.path)
        name = checked.path.name
        return Source(
            checked.path,
            "csv",
            [name],
            _rows={name: rows},
            encoding=encoding,
            encoding_sample=_first_accented_word(rows) if encoding != "utf-8" else None,
        )
    return _open_xlsx(checked.path)


def _first_accented_word(rows: list[Row]) -> tuple[int, str] | None:
    """A word as a detected encoding read it: the user sees at once whether it is right."""
    for number, row in enumerate(rows, 1):
        for value in row:
            if isinstance(value, str) and not value.isascii():
                word = next(w for w in value.split() if not w.isascii())
                return number, word.strip(",;.:!?\"'()")
    return None


def open_in_spreadsheet(path: str | Path) -> str | None:
    """The program (and who) has ``path`` open, from the owner file it keeps beside it:
    LibreOffice's ``.~lock.NAME#`` ("name,user,host,…"), Excel's ``~$NAME`` (the first two
    letters of a long name dropped). What is open there may hold edits not yet saved."""
    path = Path(path)
    try:
        lock = path.with_name(f".~lock.{path.name}#")
        if lock.is_file():
            fields = lock.read_text(encoding="utf-8", errors="replace").split(",")
            who = next((f.strip() for f in fields[:2] if f.strip()), "")
            return f"LibreOffice ({who})" if who else "LibreOffice"
        for owner in {f"~${path.name}", f"~${path.name[2:]}"}:
            if path.with_name(owner).is_file():
                return "Excel"
    except OSError:
        return None
    return None


def _utf16_without_mark(path: Path) -> bool:
    """Every other byte zero, on the same side, in the first KB: ASCII text in UTF-16."""
    try:
        with path.open("rb") as f:
            head = f.read(1024)
    except OSError:
        return False
    head = head[: len(head) // 2 * 2]
    if len(head) < 8:
        return False
    even, odd = head[0::2], head[1::2]
    return even.count(0) == len(even) or odd.count(0) == len(odd)


def _open_xlsx(path: Path) -> Source:
    import zipfile

    import python_calamine
    from python_calamine import CalamineError, SheetTypeEnum, SheetVisibleEnum

    # a sheet's declared size, from the archive, before the XML parser reads it
    with zipfile.ZipFile(path) as archive:
        members = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
    for member in members:
        rows = declared_rows(path, member)
        if rows is not None:
            check_rows(path.name, member.rsplit("/", 1)[-1], rows)
    try:
        workbook = python_calamine.CalamineWorkbook.from_path(str(path))
        sheets = [m for m in workbook.sheets_metadata if m.typ == SheetTypeEnum.WorkSheet]
        names = [m.name for m in sheets]
        hidden = frozenset(m.name for m in sheets if m.visible != SheetVisibleEnum.Visible)
    except (CalamineError, ValueError, OSError) as error:
        raise ImportFileError(
            f"{path.name} is damaged or not a workbook StreamDesk can read ({error})."
        ) from None
    if not names:
        raise ImportFileError(f"{path.name} has no worksheets.")
    return Source(path, "xlsx", names, workbook, hidden=hidden)


UTF8_BOM = b"\xef\xbb\xbf"
PREFERRED_CODE_PAGES = ("cp1252", "iso8859_15", "latin_1", "mac_roman")


def _first_bad_line(data: bytes, encoding: str) -> tuple[int, int] | None:
    """(line number, column) of the first line that does not decode, 1-based, or None."""
    for number, line in enumerate(data.split(b"\n"), 1):
        try:
            line.decode(encoding)
        except UnicodeDecodeError as error:
            return number, error.start + 1
    return None


def _decode(data: bytes, name: str) -> tuple[str, str]:
    """(text, encoding): strict UTF-8 first, then a detected encoding; never mojibake.

    A file with a UTF-8 byte-order mark, or whose other lines are UTF-8 with accents, is
    UTF-8: a line that does not decode means the file mixes encodings (one pasted cell
    from a cp1252 program), and it is refused naming that line rather than read wrong.
    A file with no UTF-8 at all (an old Excel "CSV" in cp1252) is detected with
    charset-normalizer, and the encoding is named in the notes.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise ImportFileError(
                f"{name} starts as UTF-16 text but does not decode as UTF-16; save it again "
                'as "CSV UTF-8" and import it again.'
            ) from None
    body = data[3:] if data.startswith(UTF8_BOM) else data
    try:
        return body.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    bad = _first_bad_line(body, "utf-8")
    assert bad is not None
    utf8_line = next(
        (
            n
            for n, line in enumerate(body.split(b"\n"), 1)
            if any(b > 127 for b in line) and _decodes(line, "utf-8")
        ),
        None,
    )
    if data.startswith(UTF8_BOM) or utf8_line is not None:
        other = f" while line {utf8_line} is UTF-8" if utf8_line is not None else ""
        raise ImportFileError(
            f"{name}: line {bad[0]} is not UTF-8 (column {bad[1]}){other}: the file mixes "
            "text encodings, so no single reading of it is right. Fix that line or save the "
            'file again as "CSV UTF-8", and import it again.'
        )
    from charset_normalizer import from_bytes

    found = from_bytes(body)
    best = found.best()
    if best is not None:
        # short files often leave several code pages tied; among them the Windows one
        # spreadsheets in Western Europe and the Americas write is the right one
        # (cp775 won "Café, Naïve" on coherence alone): readings as free of mess count as tied
        tied = [m for m in found if m.chaos == best.chaos]
        preferred = next(
            (m for name in PREFERRED_CODE_PAGES for m in tied if m.encoding == name), None
        )
        best = preferred or best
    if best is None or best.encoding is None:
        raise ImportFileError(
            f"{name}: the text encoding cannot be recognised (line {bad[0]} is not UTF-8); "
            'save the file as "CSV UTF-8" and import it again.'
        )
    return str(best), best.encoding


def _decodes(line: bytes, encoding: str) -> bool:
    try:
        line.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


DELIMITERS = ",;\t|"


def _dialect(text: str) -> Any:
    """The delimiter under which the first lines hold the most known headers.

    csv.Sniffer alone is misled by text full of semicolons or pipes; a calendar's
    header row is the better witness. Without any known header, the sniffer decides.
    """
    from streamdesk.excel.headers import HEADER_SEARCH_ROWS, match_header

    head = "\n".join(text[:65536].splitlines()[:HEADER_SEARCH_ROWS])
    best, best_score = None, 0
    for delimiter in DELIMITERS:
        try:
            rows = list(csv.reader(io.StringIO(head), delimiter=delimiter))
        except csv.Error:
            continue
        score = max((sum(match_header(v) is not None for v in row) for row in rows), default=0)
        if score > best_score:
            best, best_score = delimiter, score
    if best is not None and best_score >= 2:
        found_delimiter: str = best

        class Found(csv.excel):
            delimiter = found_delimiter

        return Found
    try:
        return csv.Sniffer().sniff(text[:65536], delimiters=DELIMITERS)
    except csv.Error:
        return csv.excel


def _read_csv(path: Path) -> tuple[list[Row], str]:
    text, encoding = _decode(path.read_bytes(), path.name)
    dialect = _dialect(text)
    rows: list[Row] = []
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    start = last_start = 1
    try:
        for row in reader:
            # a leading quote written to keep formula-like text from running comes off again
            rows.append([csv_unescape(value) if value != "" else None for value in row])
            if len(rows) > MAX_ROWS:
                check_rows(path.name, None, len(rows))
            last_start, start = start, reader.line_num + 1
    except csv.Error as error:
        if "field larger than field limit" in str(error):
            raise ImportFileError(
                f"{path.name}, line {start}: a cell is longer than "
                f"{csv.field_size_limit():,} characters; a quote opened on or after line "
                f"{start} and never closed makes the rest of the file one cell. Check the "
                "quotes there."
            ) from None
        raise ImportFileError(f"{path.name}, line {reader.line_num}: {error}.") from None
    if rows and _unclosed_quote(text, dialect):
        raise ImportFileError(
            f"{path.name}, line {last_start}: a quote opened in this row is never closed, so "
            "every line after it would read as one cell. Close the quote and import again."
        )
    return rows, encoding


def _unclosed_quote(text: str, dialect: Any) -> bool:
    """Whether the file ends inside a quoted cell (the csv module reads that silently)."""
    tail = text[-65536:]
    if '"' not in tail:
        return False
    try:
        for _ in csv.reader(io.StringIO(text, newline=""), dialect, strict=True):
            pass
    except csv.Error as error:
        return "unexpected end of data" in str(error)
    return False
