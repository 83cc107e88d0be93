"""Reading one cell: text, numbers, IDs, links, yes/no and statuses, with a message per failure.

Every reader raises :class:`CellError` with a message that follows ``Sheet!A1: ``; the
row importers place it. Statuses that are not spelled exactly are mapped by a rule
and remembered, so the import can list every value it did not take as written.
"""

from __future__ import annotations

import difflib
from collections import Counter
from datetime import date
from enum import StrEnum
from typing import Any

from streamdesk.domain import InitiativeStatus, ItemStatus
from streamdesk.excel.headers import fold

NO_LINK = frozenset(("—", "–", "-", "--", "n/a", "na", "none", "no link"))

ITEM_STATUS_SYNONYMS: dict[str, ItemStatus] = {
    "todo": ItemStatus.IDEA,
    "backlog": ItemStatus.IDEA,
    "planned": ItemStatus.IDEA,
    "notstarted": ItemStatus.IDEA,
    "new": ItemStatus.IDEA,
    "inprogress": ItemStatus.DRAFT,
    "writing": ItemStatus.DRAFT,
    "drafting": ItemStatus.DRAFT,
    "wip": ItemStatus.DRAFT,
    "review": ItemStatus.READY,
    "inreview": ItemStatus.READY,
    "approved": ItemStatus.READY,
    "final": ItemStatus.READY,
    "queued": ItemStatus.SCHEDULED,
    "booked": ItemStatus.SCHEDULED,
    "posted": ItemStatus.PUBLISHED,
    "live": ItemStatus.PUBLISHED,
    "done": ItemStatus.PUBLISHED,
    "complete": ItemStatus.PUBLISHED,
    "completed": ItemStatus.PUBLISHED,
    "sent": ItemStatus.PUBLISHED,
    "canceled": ItemStatus.CANCELLED,
    "dropped": ItemStatus.CANCELLED,
}

INITIATIVE_STATUS_SYNONYMS: dict[str, InitiativeStatus] = {
    "todo": InitiativeStatus.PLANNED,
    "notstarted": InitiativeStatus.PLANNED,
    "started": InitiativeStatus.IN_PROGRESS,
    "ongoing": InitiativeStatus.IN_PROGRESS,
    "complete": InitiativeStatus.DONE,
    "completed": InitiativeStatus.DONE,
    "paused": InitiativeStatus.ON_HOLD,
    "onhold": InitiativeStatus.ON_HOLD,
    "inprogress": InitiativeStatus.IN_PROGRESS,
}


class CellError(ValueError):
    """A cell that cannot be read; the message follows ``Sheet!A1: ``."""


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


def parse_number(value: Any, *, integer: bool = False) -> float | int | None:
    if value is None:
        return None
    if isinstance(value, bool):
        raise CellError(f"{quoted(value)} is not a number")
    if isinstance(value, (int, float)):
        number: float = float(value)
    else:
        text = str(value).strip().replace("\u00a0", "").replace(" ", "")
        for symbol in ("€", "$", "£", "h"):
            text = text.removeprefix(symbol).removesuffix(symbol)
        if not text:
            return None
        if text.count(",") == 1 and "." not in text:
            text = text.replace(",", ".")
        try:
            number = float(text)
        except ValueError:
            raise CellError(f"{quoted(value)} is not a number") from None
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


class StatusMapper:
    """Exact statuses pass; others map through synonyms or the closest name, and are listed."""

    def __init__(self, enum: type[StrEnum], synonyms: dict[str, Any]) -> None:
        self.enum = enum
        self.by_fold = {fold(m.value): m for m in enum}
        self.synonyms = synonyms
        self.mapped: Counter[tuple[str, str]] = Counter()

    def __call__(self, value: Any) -> Any:
        text = cell_text(value).strip()
        key = fold(text)
        if key in self.by_fold:
            return self.by_fold[key]
        found = self.synonyms.get(key)
        if found is None:
            close = difflib.get_close_matches(key, list(self.by_fold), n=1, cutoff=0.75)
            found = self.by_fold[close[0]] if close else None
        if found is None:
            allowed = ", ".join(m.value for m in self.enum)
            raise CellError(f"unknown status {quoted(text)} (expected one of: {allowed})")
        self.mapped[(text, found.value)] += 1
        return found

    def notes(self) -> list[str]:
        return [
            f'status "{text}" read as {value} ({n} row{"s" if n > 1 else ""})'
            for (text, value), n in sorted(self.mapped.items())
        ]
