"""What an import would do, as plain data: the plan of changes, its rows and its errors.

:class:`ImportPlan` is the one thing the importer hands out: the command line prints it,
the import dialog previews it and :func:`~streamdesk.excel.plan_import.apply_import`
writes it. Nothing here reads a file or the plan.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field, fields
from datetime import date, tzinfo
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from streamdesk.domain import Channel, Entity, Item
from streamdesk.domain.text import noun
from streamdesk.excel.columns import CONTENT_COLUMNS, TIMELINE_COLUMNS
from streamdesk.excel.headers import Column, fold
from streamdesk.excel.wording import Audience, Fix, Flag, Worded, worded

if TYPE_CHECKING:
    from streamdesk.excel.import_series import SeriesImport
    from streamdesk.excel.value_maps import MappedValue, Question

PREVIEW_ROWS = 50
TIMELINE_FIELDS: dict[str, str] = {fold(h): f for h, f in TIMELINE_COLUMNS}
ITEM_FIELDS = tuple(f for _, f in CONTENT_COLUMNS)


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


@dataclass(frozen=True)
class RowError:
    """One problem, placed at its cell: ``Content!B17: "31/02/2027" is not a date``."""

    sheet: str
    row: int | None  # the sheet's row number (1-based)
    column: int | None  # 0-based
    message: str

    def __str__(self) -> str:
        return self.text()

    def text(self, audience: Audience = Audience.CLI) -> str:
        """The error placed at its cell, its way out worded for ``audience``."""
        message = worded(self.message, audience)
        cell = (column_letter(self.column) if self.column is not None else "") + (
            str(self.row) if self.row is not None else ""
        )
        if not self.sheet:
            return message
        return f"{self.sheet}!{cell}: {message}" if cell else f"{self.sheet}: {message}"


class Action(StrEnum):
    NEW = "new"
    CHANGED = "changed"
    UNCHANGED = "unchanged"
    SKIPPED = "already in plan"
    ERROR = "error"


@dataclass
class PreviewRow:
    row: int  # sheet row number
    action: Action
    values: dict[str, str]  # field -> text as it will be imported
    written_as: dict[str, str] = field(default_factory=dict)  # field -> the file's text, if mapped


@dataclass
class SheetPlan:
    """What was read from one sheet: where its header is and how columns map."""

    sheet: str
    header_row: int  # 1-based
    columns: list[Column]
    own: bool
    kind: str  # "items" or "initiatives"
    preview: list[PreviewRow] = field(default_factory=list)
    quiet: list[PreviewRow] = field(default_factory=list)  # unchanged rows, to fill up

    def finish_preview(self) -> None:
        room = max(PREVIEW_ROWS - len(self.preview), 0)
        self.preview = sorted([*self.preview, *self.quiet[:room]], key=lambda r: r.row)
        self.quiet = []

    @property
    def unmatched(self) -> list[Column]:
        return [c for c in self.columns if c.field is None]


@dataclass
class ImportOptions:
    sheet: str | None = None
    mapping: dict[str, str | None] = field(default_factory=dict)  # header -> field / None
    # (sheet, column index) -> field / None: the preview dialog's choices
    columns: dict[tuple[str, int], str | None] = field(default_factory=dict)
    order: str | None = None  # DAY_FIRST, MONTH_FIRST or None (decide per column)
    delete_missing: bool = False
    # (field, folded value as written) -> what it means: --values and the dialog's choices
    values: dict[tuple[str, str], str] = field(default_factory=dict)
    channel: str | None = None  # the channel of rows that name none (a file without the column)
    split_multi: bool = False  # "Instagram, Facebook": one item per channel
    sheets: list[str] = field(default_factory=list)  # several sheets (month per tab)
    all_sheets: bool = False
    decimal: str | None = None  # DECIMAL_COMMA, DECIMAL_POINT or None (decide per column)
    header_rows: dict[str, int] = field(default_factory=dict)  # sheet -> 1-based header row
    zone: tzinfo | None = None  # the plan's time zone; None: dates.PLAN_ZONE or the system's
    # our own file's rows are all new items: IDs, series and another plan's identity ignored
    as_new: bool = False


@dataclass
class ImportPlan:
    source: str
    sheets: list[SheetPlan] = field(default_factory=list)
    new: list[Entity] = field(default_factory=list)  # items and initiatives from new rows
    created: list[Entity] = field(default_factory=list)  # channels and campaigns they name
    changed: list[tuple[Entity, Entity]] = field(default_factory=list)
    removed: list[Entity] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    mapped: list[MappedValue] = field(default_factory=list)  # values read by a rule
    questions: list[Question] = field(default_factory=list)  # what the user must decide
    # (field, value as written) -> (label, answer) the user can pick: a repeat's readings
    choices: dict[tuple[str, str], tuple[tuple[str, str], ...]] = field(default_factory=dict)
    series: list[SeriesImport] = field(default_factory=list)  # from a foreign Repeat column
    repeat_days: dict[str, date] = field(default_factory=dict)  # repeat to decide -> its day
    source_kind: str | None = None  # "Buffer export", … when recognised by its headers
    names: dict[tuple[str, Any], str] = field(default_factory=dict)  # ("channel", id) -> name
    unchanged: int = 0
    skipped: int = 0
    delete_missing: bool = False
    before: list[Entity] = field(default_factory=list)
    after: list[Entity] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def has_changes(self) -> bool:
        return bool(self.before or self.after)

    def counts(self) -> dict[str, int]:
        return {
            "new": len(self.new),
            "changed": len(self.changed),
            "removed": len(self.removed),
            "errors": len(self.errors),
        }

    def summary(self, audience: Audience = Audience.CLI) -> str:
        """One line of counts; on the command line it names the flag that deletes what
        the file left out."""
        c = self.counts()
        # the dialog's own counts say "(kept)" beside its checkbox; the status line after
        # an import says the same (too late to tick anything then)
        kept = Worded(" (kept", Flag(Fix.DELETE_MISSING, "; --delete-missing deletes", ""), ")")
        removed = f"{c['removed']} removed" + (
            "" if self.delete_missing or not c["removed"] else worded(kept, audience)
        )
        return (
            f"{c['new']} new, {c['changed']} changed, {removed}, "
            f"{c['errors']} {noun(c['errors'], 'error')}"
            + (f", {self.unchanged} unchanged" if self.unchanged else "")
            + (f", {self.skipped} already in the plan" if self.skipped else "")
            + (f"; read as {self.source_kind}" if self.source_kind else "")
            + (f"; new channels: {', '.join(made)}" if (made := self.created_channels()) else "")
            + self.series_summary()
        )

    def series_summary(self) -> str:
        """ "; 2 series (Every week on Mon; Every month on the first Thursday)", or nothing."""
        if not self.series:
            return ""
        kinds = list(dict.fromkeys(s.words for s in self.series))
        words = "; ".join(kinds[:SERIES_WORDS]) + ("; …" if len(kinds) > SERIES_WORDS else "")
        items = sum(len(s.items) for s in self.series)
        return f"; {len(self.series)} series ({words}) making {items} {noun(items, 'item')}"

    def created_channels(self) -> list[str]:
        """The channels the import makes (named in the summary: a new channel is a choice)."""
        return [e.name for e in self.created if isinstance(e, Channel)]


def same_value(old: Any, new: Any) -> bool:
    """Equal, allowing for the last digit a float loses on its way through a workbook."""
    if isinstance(old, float) and isinstance(new, (int, float)) and not isinstance(new, bool):
        return math.isclose(old, new, rel_tol=1e-12, abs_tol=1e-9)
    return bool(old == new)


def saved_id(entity: Entity) -> int:
    """The id of a record read from the plan or given one by the import (never None there)."""
    if not isinstance(entity.id, int):
        raise ValueError(f"{entity!r} has no id of its own")
    return entity.id


SERIES_WORDS = 6
"""The summary says this many rules in words; the dry run lists every series."""
CHANGES_LISTED = 1000
"""The dry run lists this many records of each kind (new, changed, removed), then counts."""
_SHOWN_FIELDS = {"channel_id": "channel", "campaign_id": "campaign", "initiative_id": "initiative"}


def _show(value: Any, field: str, names: dict[tuple[str, Any], str]) -> str:
    if field in _SHOWN_FIELDS:
        return names.get((_SHOWN_FIELDS[field], value), "" if value is None else f"#{value}")
    if value is None or value == "":
        return "(empty)"
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, float):
        return f"{value:g}"
    if hasattr(value, "isoformat") and not isinstance(value, date):
        return f"{value:%H:%M}"
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "…"


def _record(entity: Entity) -> str:
    kind = type(entity).__name__.lower()
    title = getattr(entity, "title", None) or getattr(entity, "name", "")
    when = getattr(entity, "date", None) or getattr(entity, "start", None)
    ident = f" {entity.id}" if isinstance(entity.id, int) else ""
    return f"{kind}{ident} “{title}”" + (f" on {when.isoformat()}" if when else "")


def describe_changes(
    plan: ImportPlan, names: dict[tuple[str, Any], str] | None = None
) -> list[str]:
    """The dry run's list: each new, changed (``field: old → new``) and removed record."""
    names = {**plan.names, **(names or {})}
    lines: list[str] = []

    def capped(kind: str, entries: list[str]) -> None:
        lines.extend(entries[:CHANGES_LISTED])
        if len(entries) > CHANGES_LISTED:
            lines.append(f"… and {len(entries) - CHANGES_LISTED} more {kind}")

    rows = Counter(
        e.channel_id for e in (*plan.new, *(new for _, new in plan.changed)) if isinstance(e, Item)
    )
    for made in plan.created:
        if isinstance(made, Channel):
            n = rows[saved_id(made)]
            lines.append(f"new channel: {made.name} ({n} {noun(n, 'row')})")
    capped("new", [f"new: {_record(e)}" for e in plan.new])
    capped("series", [f"new {s}" for s in plan.series])
    changed = []
    for old, new in plan.changed:
        diffs = [
            f"{_SHOWN_FIELDS.get(f.name, f.name)}: {_show(getattr(old, f.name), f.name, names)} → "
            f"{_show(getattr(new, f.name), f.name, names)}"
            for f in fields(old)
            if f.name != "id" and not same_value(getattr(old, f.name), getattr(new, f.name))
        ]
        changed.append(f"changed: {_record(old)}: " + ("; ".join(diffs) or "dependencies"))
    capped("changed", changed)
    verb = "removed" if plan.delete_missing else "removed (kept)"
    capped("removed", [f"{verb}: {_record(e)}" for e in plan.removed])
    return lines
