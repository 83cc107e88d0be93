"""Reading one cell: text, numbers, IDs, links, yes/no and statuses, with a message per failure.

Every reader raises :class:`CellError` with a message that follows ``Sheet!A1: ``; the
row importers place it. Statuses that are not spelled exactly are mapped by a rule
and remembered, so the import can list every value it did not take as written.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from streamdesk.excel.amounts import parse_amount

NO_LINK = frozenset(("—", "–", "-", "--", "n/a", "na", "none", "no link"))


class CellError(ValueError):
    """A cell that cannot be read; the message follows ``Sheet!A1: ``."""


class SkipRow(CellError):
    """A row the user chose to leave out (``--values "Channel:X=skip"``): not an error."""


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def quoted(value: Any) -> str:
    return f'"{cell_text(value)}"'


def parse_number(
    value: Any, *, integer: bool = False, decimal: str | None = None
) -> float | int | None:
    """A non-negative number; ``decimal`` is the column's convention (see ``amounts``)."""
    try:
        number = parse_amount(value, decimal)
    except ValueError:
        raise CellError(f"{quoted(value)} is not a number") from None
    if number is None:
        return None
    if number < 0:
        raise CellError(f"{quoted(value)} is negative")
    if integer:
        if not number.is_integer():
            raise CellError(f"{quoted(value)} is not a whole number")
        return int(number)
    return number


def parse_id(value: Any) -> int | None:
    if value is None:
        return None
    text = cell_text(value).strip().lstrip("#")
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        raise CellError(f"{quoted(value)} is not an ID") from None


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def row_ranges(numbers: list[int]) -> str:
    """[4, 5, 6, 9] -> "4–6, 9"."""
    parts: list[str] = []
    start = prev = numbers[0]
    for n in [*numbers[1:], None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        parts.append(str(start) if start == prev else f"{start}–{prev}")
        if n is not None:
            start = prev = n
    return ", ".join(parts)


def parse_link(value: Any) -> str:
    text = cell_text(value).strip()
    return "" if text.casefold() in NO_LINK else text


def parse_bool(value: Any) -> bool:
    if value is None:
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return bool(value)
    text = str(value).strip().casefold()
    if text in ("", "no", "n", "false", "0", "-", "—"):
        return False
    if text in ("yes", "y", "true", "1", "x", "✓", "gate"):
        return True
    raise CellError(f"{quoted(value)} is not yes or no")
