"""Rows under a header that are not data: format hints and totals, skipped and reported.

Client templates often put a hint under the header (``(DD/MM/YYYY)``, ``e.g. Instagram``)
and a TOTAL or summary row at the bottom. Read as data they would be a bad date or a
post titled "Total"; they are recognised, left out and named in the notes. A date hint
also says the column's order (``DD/MM`` is day-first), which the date parser uses when
the user did not choose one.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from streamdesk.domain.text import noun
from streamdesk.excel.cells import cell_text, row_ranges
from streamdesk.excel.dates import DAY_FIRST, MONTH_FIRST
from streamdesk.excel.headers import fold

if TYPE_CHECKING:
    from streamdesk.excel.import_context import ImportContext

HINT_ROWS = 2
"""Hints are looked for in this many rows right under the header."""
_DATE_HINT = re.compile(
    r"^\(?\s*(?:e\.?g\.?:?\s*|format:?\s*|z\.\s*b\.\s*)?"
    r"([DMYJTA]{1,4})[./\- ]([DMYJTA]{1,4})[./\- ]([DMYJTA]{1,4})\b.*\)?$",
    re.I,
)
TOTAL_WORDS = frozenset(
    (
        "total",
        "totals",
        "grandtotal",
        "subtotal",
        "sum",
        "summe",
        "gesamt",
        "insgesamt",
        "totalgeneral",
        "totalgénéral",
        "summary",
    )
)


def date_hint(value: Any) -> str | None:
    """DAY_FIRST / MONTH_FIRST for a format hint such as ``(DD/MM/YYYY)``, "" for another
    hint (``(YYYY-MM-DD)``), None for a cell that is no hint."""
    text = cell_text(value).strip()
    match = _DATE_HINT.match(text)
    if not match:
        return None
    first = match.group(1).upper()
    second = match.group(2).upper()
    if first[0] in "DT" and second[0] == "M":
        return DAY_FIRST
    if first[0] == "M" and second[0] in "DT":
        return MONTH_FIRST
    return ""


def _is_hint_row(row: list[Any], mapping: dict[str, int]) -> str | None:
    cells = [cell_text(v).strip() for v in row if v is not None and cell_text(v).strip()]
    date_index = mapping.get("date")
    date_cell = row[date_index] if date_index is not None and date_index < len(row) else None
    hint = date_hint(date_cell)
    if hint is not None:
        return hint
    if cells and all(c.startswith("(") and c.endswith(")") for c in cells):
        return ""
    if cells and all(
        c.casefold().startswith(("e.g.", "eg ", "z.b.", "ex.", "ex :")) for c in cells
    ):
        return ""
    return None


def _is_total_row(row: list[Any], mapping: dict[str, int]) -> bool:
    """ "TOTAL" or "Grand total" anywhere first; "Total Q3" only in a row without a date
    ("Total eclipse watch party" on 12 August is a post, not a total)."""
    first = next((v for v in row if v is not None and cell_text(v).strip()), None)
    if first is None or not isinstance(first, str):
        return False
    key = fold(first)
    if key in TOTAL_WORDS:
        return True
    date_index = mapping.get("date")
    when = row[date_index] if date_index is not None and date_index < len(row) else None
    undated = when is None or when is first or not cell_text(when).strip()
    return undated and key.startswith(("total", "grandtotal", "subtotal", "summe", "gesamt"))


def skip_hint_and_total_rows(
    ctx: ImportContext, sheet: str, data: list[tuple[int, list[Any]]], mapping: dict[str, int]
) -> list[tuple[int, list[Any]]]:
    """``data`` without its hint and total rows; what was left out goes into the notes."""
    hints: list[int] = []
    totals: list[int] = []
    kept: list[tuple[int, list[Any]]] = []
    for n, (row_no, row) in enumerate(data):
        hint = _is_hint_row(row, mapping) if n < HINT_ROWS and not kept else None
        if hint is not None:
            hints.append(row_no)
            if hint:
                ctx.hinted_order.setdefault(sheet, hint)
            continue
        if _is_total_row(row, mapping):
            totals.append(row_no)
            continue
        kept.append((row_no, row))
    if hints:
        said = (
            f"; its date hint reads {ctx.hinted_order[sheet]}" if sheet in ctx.hinted_order else ""
        )
        ctx.result.notes.append(
            f"{sheet}: hint row under the header skipped (row {row_ranges(hints)}){said}"
        )
    if totals:
        ctx.result.notes.append(
            f"{sheet}: total/summary {noun(len(totals), 'row')} skipped "
            f"({noun(len(totals), 'row')} {row_ranges(totals)})"
        )
    return kept
