"""Formula-injection safety: text a client typed must never run as a formula.

OWASP's CSV/formula-injection guidance: a spreadsheet may evaluate cell text that
starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
(:data:`~streamdesk.excel.columns.FORMULA_TRIGGERS`). The two file kinds need two
different answers, and both read back unchanged:

**Workbook (.xlsx)** — the cell is *typed* as text: the exporter writes it with
xlsxwriter's ``write_string`` (a shared string, ``t="s"``) in a workbook opened with
``strings_to_formulas`` off, never as ``<f>``, so no spreadsheet evaluates it and no
character is added. Text that matches an error literal (``#N/A``…) is kept as text
the same way. xlsxwriter applies the OOXML encodings (ECMA-376 §22.4, ``ST_Xstring``)
that :func:`xlsx_escape` describes: a carriage return or another control character is
written as ``_x000D_``/``_xHHHH_`` (an XML parser would turn a raw CR into a line feed)
and a literal ``_xHHHH_`` is escaped as ``_x005F_xHHHH_``. Excel, LibreOffice and
python-calamine decode these themselves; openpyxl decodes only ``_x005F_``.

**CSV** — a CSV cell has no type, so the usual OWASP advice applies: a value that
starts with a trigger gets a leading single quote (``'=1+2``), which Excel and
LibreOffice show as text. To keep the round trip exact, a value that already
starts with quotes followed by a trigger gets one more quote; :func:`csv_unescape`
removes exactly one leading quote from such values and leaves every other value
alone. Numbers are written as numbers and never quoted.
"""

from __future__ import annotations

import re

from streamdesk.excel.columns import FORMULA_TRIGGERS

_TRIGGERS = frozenset(FORMULA_TRIGGERS)

# What openpyxl would turn into an error cell instead of text.
ERROR_LITERALS = frozenset(
    ("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA")
)

# Characters that XML 1.0 cannot carry (tab, LF and CR are allowed).
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_OOXML_ESCAPE = re.compile(r"_(x[0-9A-Fa-f]{4}_)")
_OOXML_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")


def is_formula_like(text: str) -> bool:
    """True for text a spreadsheet could evaluate: it starts with a formula trigger."""
    return bool(text) and text[0] in _TRIGGERS


def needs_text_cell(text: str) -> bool:
    """True when a plain openpyxl assignment would not store ``text`` as a plain string.

    That is formula-like text, error literals, and text needing an OOXML escape
    (carriage returns, literal ``_xHHHH_``, characters XML cannot carry).
    """
    return bool(text) and (
        text[0] in _TRIGGERS
        or text in ERROR_LITERALS
        or "\r" in text
        or "_x" in text
        or _ILLEGAL.search(text) is not None
    )


def xlsx_escape(text: str) -> str:
    """The text as it must be stored in a workbook cell to read back unchanged."""
    if _ILLEGAL.search(text):
        text = _ILLEGAL.sub("", text)
    if "_x" in text:
        text = _OOXML_ESCAPE.sub(r"_x005F_\1", text)
    return text.replace("\r", "_x000D_")


def xlsx_unescape(text: str) -> str:
    """Decode OOXML ``_xHHHH_`` escapes (for readers such as openpyxl that keep them)."""
    if "_x" not in text:
        return text
    return _OOXML_ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text)


def csv_escape(text: str) -> str:
    """Prefix one single quote to text that could be evaluated (see the module notes)."""
    if text and (text[0] in _TRIGGERS or (text[0] == "'" and is_formula_like(text.lstrip("'")))):
        return "'" + text
    return text


def csv_unescape(text: str) -> str:
    """The inverse of :func:`csv_escape`: drop the one quote it added."""
    if text.startswith("'") and is_formula_like(text.lstrip("'")):
        return text[1:]
    return text
