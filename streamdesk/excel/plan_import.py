"""Turning an import file into a plan of changes, then applying it in one transaction.

:func:`build_import` reads nothing but the source and the plan file, and returns an
:class:`ImportPlan`: what is new, changed and removed, every error with its cell,
and notes on what was created or interpreted (new channels, mapped statuses,
unmatched columns). :func:`apply_import` writes it, all or nothing. The GUI shows
the same plan as a preview and applies it through one undo command.

Two kinds of source:

* **our own workbook** (a ``Content`` sheet whose headers are ours, and optionally a
  ``Timeline`` sheet): rows are matched by ID; only the fields that differ change; a
  row without an ID is new; an ID missing from the sheet is reported as removed and
  deleted only with ``delete_missing``.
* **any calendar spreadsheet or CSV**: the header row is found, headers matched
  through synonyms, and every row is a new item (a row identical to an item already
  in the plan, same date, channel and title, is skipped and counted).
"""

from __future__ import annotations

import contextlib
import difflib
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from streamdesk.domain import (
    Campaign,
    Channel,
    Dependency,
    Entity,
    Initiative,
    InitiativeStatus,
    Item,
    ItemStatus,
    Stream,
    ValidationError,
)
from streamdesk.domain.dependencies import would_create_cycle
from streamdesk.excel.columns import (
    CONTENT_COLUMNS,
    CONTENT_SHEET,
    PLAN_SHEET,
    TIMELINE_COLUMNS,
    TIMELINE_SHEET,
)
from streamdesk.excel.dates import DAY_FIRST, MONTH_FIRST, parse_date_column, parse_time
from streamdesk.excel.headers import (
    FIELD_LABELS,
    HEADER_SEARCH_ROWS,
    Column,
    HeaderMatch,
    field_for,
    find_header,
    fold,
    match_row,
)
from streamdesk.excel.limits import ImportFileError
from streamdesk.excel.readers import Source
from streamdesk.storage import PlanFile, repository

PREVIEW_ROWS = 50
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

NEW_CHANNEL_COLOURS = (
    "#1B9E77",
    "#D95F02",
    "#7570B3",
    "#E7298A",
    "#66A61E",
    "#E6AB02",
    "#A6761D",
    "#1F78B4",
    "#B2DF8A",
    "#FB9A99",
    "#CAB2D6",
    "#FDBF6F",
)

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
        cell = (column_letter(self.column) if self.column is not None else "") + (
            str(self.row) if self.row is not None else ""
        )
        if not self.sheet:
            return self.message
        return f"{self.sheet}!{cell}: {self.message}" if cell else f"{self.sheet}: {self.message}"


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

    def summary(self) -> str:
        c = self.counts()
        removed = f"{c['removed']} removed" + (
            "" if self.delete_missing or not c["removed"] else " (kept; --delete-missing deletes)"
        )
        return (
            f"{c['new']} new, {c['changed']} changed, {removed}, {c['errors']} errors"
            + (f", {self.unchanged} unchanged" if self.unchanged else "")
            + (f", {self.skipped} already in the plan" if self.skipped else "")
        )


def _same(old: Any, new: Any) -> bool:
    """Equal, allowing for the last digit a float loses on its way through a workbook."""
    if isinstance(old, float) and isinstance(new, (int, float)) and not isinstance(new, bool):
        return math.isclose(old, new, rel_tol=1e-12, abs_tol=1e-9)
    return old == new


# -- cell conversion ---------------------------------------------------------------------------


class CellError(ValueError):
    """A cell that cannot be read; the message follows ``Sheet!A1: ``."""


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _quoted(value: Any) -> str:
    return f'"{_text(value)}"'


def _number(value: Any, *, integer: bool = False) -> float | int | None:
    if value is None:
        return None
    if isinstance(value, bool):
        raise CellError(f"{_quoted(value)} is not a number")
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
            raise CellError(f"{_quoted(value)} is not a number") from None
    if number < 0:
        raise CellError(f"{_quoted(value)} is negative")
    if integer:
        if not number.is_integer():
            raise CellError(f"{_quoted(value)} is not a whole number")
        return int(number)
    return number


def _id(value: Any) -> int | None:
    if value is None:
        return None
    text = _text(value).strip().lstrip("#")
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        raise CellError(f"{_quoted(value)} is not an ID") from None


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _ranges(numbers: list[int]) -> str:
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


def _link(value: Any) -> str:
    text = _text(value).strip()
    return "" if text.casefold() in NO_LINK else text


def _bool(value: Any) -> bool:
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
    raise CellError(f"{_quoted(value)} is not yes or no")


class _StatusMapper:
    """Exact statuses pass; others map through synonyms or the closest name, and are listed."""

    def __init__(self, enum: type[StrEnum], synonyms: dict[str, Any]) -> None:
        self.enum = enum
        self.by_fold = {fold(m.value): m for m in enum}
        self.synonyms = synonyms
        self.mapped: Counter[tuple[str, str]] = Counter()

    def __call__(self, value: Any) -> Any:
        text = _text(value).strip()
        key = fold(text)
        if key in self.by_fold:
            return self.by_fold[key]
        found = self.synonyms.get(key)
        if found is None:
            close = difflib.get_close_matches(key, list(self.by_fold), n=1, cutoff=0.75)
            found = self.by_fold[close[0]] if close else None
        if found is None:
            allowed = ", ".join(m.value for m in self.enum)
            raise CellError(f"unknown status {_quoted(text)} (expected one of: {allowed})")
        self.mapped[(text, found.value)] += 1
        return found

    def notes(self) -> list[str]:
        return [
            f'status "{text}" read as {value} ({n} row{"s" if n > 1 else ""})'
            for (text, value), n in sorted(self.mapped.items())
        ]


# -- the builder ----------------------------------------------------------------------------


class _Builder:
    def __init__(self, pf: PlanFile, source: Source, options: ImportOptions) -> None:
        self.pf = pf
        self.source = source
        self.options = options
        self.result = ImportPlan(source.name, delete_missing=options.delete_missing)
        self.channels = repository.list_channels(pf)
        self.channel_by_name = {c.name.casefold(): c for c in self.channels}
        self.channel_by_id = {c.id: c for c in self.channels}
        self.new_channels: list[Channel] = []
        self.campaigns = repository.list_campaigns(pf)
        self.campaign_by_name: dict[str, Campaign] = {}
        for c in self.campaigns:
            self.campaign_by_name.setdefault(c.name.casefold(), c)
        self.new_campaigns: list[Campaign] = []
        self.campaign_names = {c.id: c.name for c in self.campaigns}
        self.initiatives = repository.list_initiatives(pf)
        self.initiative_by_id = {i.id: i for i in self.initiatives}
        self.final_initiatives: dict[int, Initiative] = dict(self.initiative_by_id)
        self.next_id = {cls: repository.next_id(pf, cls) for cls in (Channel, Campaign, Initiative)}
        self.item_status = _StatusMapper(ItemStatus, ITEM_STATUS_SYNONYMS)
        self.initiative_status = _StatusMapper(InitiativeStatus, INITIATIVE_STATUS_SYNONYMS)
        self.deleted_initiatives: set[int] = set()

    # -- helpers -------------------------------------------------------------------------

    def error(self, sheet: str, row: int | None, column: int | None, message: str) -> None:
        self.result.errors.append(RowError(sheet, row, column, message))

    def allocate(self, cls: type) -> int:
        value = self.next_id[cls]
        self.next_id[cls] += 1
        return value

    def channel(self, value: Any) -> Channel:
        name = _text(value).strip()
        if not name:
            raise CellError("the channel is empty")
        found = self.channel_by_name.get(name.casefold())
        if found is None:
            used = {c.colour for c in self.channels}
            colours = [c for c in NEW_CHANNEL_COLOURS if c not in used] or list(NEW_CHANNEL_COLOURS)
            found = Channel(
                name,
                colours[len(self.new_channels) % len(colours)],
                Stream.DOWNSTREAM,
                1.0,
                position=len(self.channels) + len(self.new_channels),
                id=self.allocate(Channel),
            )
            self.new_channels.append(found)
            self.channel_by_name[name.casefold()] = found
        return found

    def campaign(self, value: Any, current: int | None = None) -> int | None:
        """A campaign by name (the item's own when names repeat); a new name creates one."""
        name = _text(value).strip()
        if not name:
            return None
        if (
            current is not None
            and self.campaign_names.get(current, "").casefold() == name.casefold()
        ):
            return current
        found = self.campaign_by_name.get(name.casefold())
        if found is None:
            found = Campaign(name, id=self.allocate(Campaign))
            self.new_campaigns.append(found)
            self.campaign_by_name[name.casefold()] = found
        return found.id

    def initiative(self, value: Any, current: int | None) -> int | None:
        """An initiative by title (its new title or the one it had) or by ID."""
        text = _text(value).strip()
        if not text:
            return None
        live = self.final_initiatives
        old = self.initiative_by_id
        key = text.casefold()
        if current in live and key in (
            live[current].title.casefold(),
            old[current].title.casefold(),
        ):
            return current
        stripped = text.lstrip("#")
        if stripped.isdigit() and int(stripped) in live:
            return int(stripped)
        matches = [i.id for i in live.values() if i.title.casefold() == key]
        if not matches:
            matches = [i for i in live if i in old and old[i].title.casefold() == key]
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            raise CellError(
                f"{len(matches)} initiatives are titled {_quoted(text)}; write the ID instead"
            )
        if any(i.title.casefold() == key for i in self.initiatives):
            raise CellError(f"initiative {_quoted(text)} is removed from the Timeline sheet")
        raise CellError(f"unknown initiative {_quoted(text)}")

    # -- sheets and columns -----------------------------------------------------------------

    def header(
        self,
        sheet: str,
        rows: list[list[Any]],
        own_fields: dict[str, str] | None,
        user_mapping: bool = True,
    ) -> tuple[int, list[Column]]:
        """The header row and the columns' fields, with the user's choices applied
        (``--map`` applies to the items sheet only)."""
        mapping = self.options.mapping if user_mapping else {}
        if own_fields is not None:
            match = HeaderMatch(0, tuple(self._own_columns(rows[0], own_fields)))
        else:
            match = find_header(rows)
            if match is None:
                # take the first non-empty row as the header, for the user to map
                first = next((r for r, row in enumerate(rows) if any(row)), 0)
                match = HeaderMatch(first, match_row(rows[first]) if rows else ())
                if not mapping and not self.options.columns:
                    self.error(
                        sheet,
                        None,
                        None,
                        f"no header row found in the first {HEADER_SEARCH_ROWS} rows (looked "
                        "for headers such as Date, Channel, Title); map the columns "
                        '(--map "Header=field,…")',
                    )
        columns = list(match.columns)
        known = {fold(c.header) for c in columns}
        for header in mapping:
            if fold(header) not in known:
                raise ImportFileError(
                    f"{self.source.name}: --map names {header!r}, but sheet {sheet!r} has no "
                    f"such column (its headers: {', '.join(c.header for c in columns)})."
                )
        for n, column in enumerate(columns):
            target = column.field
            for header, wanted in mapping.items():
                if fold(header) == fold(column.header):
                    target = wanted
            if (sheet, column.index) in self.options.columns:
                target = self.options.columns[(sheet, column.index)]
            if own_fields is None and target == "id":
                target = None  # IDs only mean something in our own workbook
            columns[n] = Column(column.index, column.header, target)
        seen: dict[str, Column] = {}
        for column in columns:
            if column.field is None:
                continue
            if column.field in seen:
                self.error(
                    sheet,
                    None,
                    None,
                    f"columns {column_letter(seen[column.field].index)} "
                    f"({seen[column.field].header}) and {column_letter(column.index)} "
                    f"({column.header}) both map to {FIELD_LABELS.get(column.field, column.field)}",
                )
            seen[column.field] = column
        return match.row, columns

    @staticmethod
    def _own_columns(row: Sequence[Any], fields: dict[str, str]) -> Iterable[Column]:
        for index, value in enumerate(row):
            if value is None:
                continue
            header = _text(value).strip()
            yield Column(index, header, fields.get(fold(header)))

    # -- items --------------------------------------------------------------------------

    def items(self, sheet: str, own: bool) -> None:
        rows = self.source.rows(sheet)
        own_fields = {fold(h): f for h, f in CONTENT_COLUMNS} if own else None
        header_index, columns = self.header(sheet, rows, own_fields)
        plan = SheetPlan(sheet, header_index + 1, columns, own, "items")
        self.result.sheets.append(plan)
        mapping = {c.field: c.index for c in columns if c.field is not None}
        self._unevaluated(sheet, header_index, mapping)
        for required in ("date", "title", "channel"):
            if required not in mapping and not own:
                self.error(
                    sheet,
                    header_index + 1,
                    None,
                    f"no column for {FIELD_LABELS[required]} (map one)",
                )
        if own and "id" not in mapping:
            self.error(sheet, header_index + 1, None, "the ID column is missing")
        if self.result.errors:
            return
        if own is False:
            self._note_unmatched(sheet, columns)

        def cell(row: list[Any], name: str) -> Any:
            i = mapping.get(name)
            return row[i] if i is not None and i < len(row) else None

        data = [
            (header_index + 1 + n + 1, row)
            for n, row in enumerate(rows[header_index + 1 :])
            if any(row[i] is not None for i in mapping.values() if i < len(row))
        ]
        if not own:
            # template rows (a status or channel filled in ahead, no date and no title)
            blank = [
                row_no
                for row_no, row in data
                if _blank(cell(row, "date")) and _blank(cell(row, "title"))
            ]
            if blank:
                skip = set(blank)
                data = [r for r in data if r[0] not in skip]
                self.result.notes.append(
                    f"{sheet}: {len(blank)} row{'s' if len(blank) > 1 else ''} without a date "
                    f"or a title skipped (rows {_ranges(blank)})"
                )

        date_col = parse_date_column([cell(r, "date") for _, r in data], self.options.order)
        if date_col.problem:
            self.error(sheet, None, mapping["date"], date_col.problem)
        existing_items: dict[int, Item] = {}
        seen_ids: dict[int, int] = {}
        # (date, channel, title) of the plan's items: a row without an ID that matches one is
        # that item already (a foreign file imported twice, or a client's workbook whose new
        # rows were imported before: they have no ID in the client's copy)
        existing_keys: dict[tuple[Any, ...], int] = {}
        if own:
            existing_items = {i.id: i for i in repository.list_items(self.pf)}  # type: ignore[misc]
            listed = set()
            for _, row in data:
                with contextlib.suppress(CellError):
                    listed.add(_id(cell(row, "id")))
            for i in existing_items.values():
                if i.id not in listed:
                    existing_keys.setdefault((i.date, i.channel_id, i.title), i.id)  # type: ignore[arg-type]
        else:
            for i in repository.list_items(self.pf):
                existing_keys.setdefault((i.date, i.channel_id, i.title), i.id)  # type: ignore[arg-type]
        text_fields = [f for f in ("title", "format", "owner", "notes") if f in mapping]
        for n, (row_no, row) in enumerate(data):
            values: dict[str, Any] = {}
            failed = False

            def fail(name: str, message: str, row_no: int = row_no) -> None:
                nonlocal failed
                failed = True
                self.error(sheet, row_no, mapping.get(name), message)

            item_id = None
            if own:
                try:
                    item_id = _id(cell(row, "id"))
                except CellError as error:
                    fail("id", str(error))
            current = existing_items.get(item_id) if item_id is not None else None
            if item_id is not None:
                if item_id in seen_ids:
                    fail("id", f"ID {item_id} is also on row {seen_ids[item_id]}")
                seen_ids[item_id] = row_no
                if current is None:
                    self.result.notes.append(
                        f"{sheet}!{row_no}: item ID {item_id} is no longer in the plan; "
                        "it is imported as a new item"
                    )
            # date and time
            if "date" not in mapping:
                pass  # our own workbook without its Date column: dates stay as they are
            elif n in date_col.errors:
                if date_col.errors[n]:
                    fail("date", date_col.errors[n])
                failed = True
                values["date"] = _text(cell(row, "date"))  # the preview shows what was read
            elif date_col.dates[n] is None:
                fail("date", "the date is empty")
            else:
                values["date"] = date_col.dates[n]
            if "time" in mapping:
                try:
                    values["time"] = parse_time(cell(row, "time"))
                except ValueError:
                    fail("time", f"{_quoted(cell(row, 'time'))} is not a time")
            elif not own and date_col.times[n] is not None:
                values["time"] = date_col.times[n]
            for name in text_fields:
                raw = cell(row, name)
                values[name] = _text(raw) if name == "notes" else _text(raw).strip()
            if "title" in values and not values["title"]:
                fail("title", "the title is empty")
            if "link" in mapping:
                values["link"] = _link(cell(row, "link"))
            channel = self.channel_by_id.get(current.channel_id) if current else None
            if "channel" in mapping:
                try:
                    channel = self.channel(cell(row, "channel"))
                    values["channel_id"] = channel.id
                except CellError as error:
                    fail("channel", str(error))
            if "status" in mapping:
                raw = cell(row, "status")
                if raw is None or not _text(raw).strip():
                    if current is None:
                        values["status"] = ItemStatus.IDEA
                else:
                    try:
                        values["status"] = self.item_status(raw)
                    except CellError as error:
                        fail("status", str(error))
                        values["status"] = _text(raw)  # the preview shows what was read
            if "campaign" in mapping:
                values["campaign_id"] = self.campaign(
                    cell(row, "campaign"), current.campaign_id if current else None
                )
            if "initiative" in mapping:
                try:
                    values["initiative_id"] = self.initiative(
                        cell(row, "initiative"), current.initiative_id if current else None
                    )
                except CellError as error:
                    fail("initiative", str(error))
            for name, integer, optional in (
                ("effort_hours", False, False),
                ("cost", False, False),
                ("reach", True, True),
                ("clicks", True, True),
                ("conversions", True, True),
                ("actual_cost", False, True),
            ):
                if name not in mapping:
                    continue
                try:
                    number = _number(cell(row, name), integer=integer)
                except CellError as error:
                    fail(name, str(error))
                    values[name] = _text(cell(row, name))  # the preview shows what was read
                    continue
                if number is None and not optional:
                    number = 0.0
                values[name] = float(number) if isinstance(number, int) and not integer else number
            if current is None and "effort_hours" not in values and channel is not None:
                values["effort_hours"] = channel.default_effort_hours
            if failed:
                self._preview(plan, row_no, Action.ERROR, values)
                continue
            if current is not None:
                changes = {k: v for k, v in values.items() if not _same(getattr(current, k), v)}
                if not changes:
                    self.result.unchanged += 1
                    self._preview(plan, row_no, Action.UNCHANGED, values)
                    continue
                try:
                    updated = current.replace(**changes)
                except ValidationError as error:
                    self._field_error(sheet, row_no, mapping, error)
                    self._preview(plan, row_no, Action.ERROR, values)
                    continue
                self.result.changed.append((current, updated))
                self._preview(plan, row_no, Action.CHANGED, values)
                continue
            try:
                item = Item(**values)
            except (ValidationError, TypeError) as error:
                if isinstance(error, TypeError):
                    self.error(sheet, row_no, None, "the row lacks a date, title or channel")
                else:
                    self._field_error(sheet, row_no, mapping, error)
                self._preview(plan, row_no, Action.ERROR, values)
                continue
            key = (item.date, item.channel_id, item.title)
            match = existing_keys.pop(key, None) if own else existing_keys.get(key)
            if match is not None:
                if own:
                    seen_ids[match] = row_no  # the item is in the sheet after all: not removed
                self.result.skipped += 1
                self._preview(plan, row_no, Action.SKIPPED, values)
                continue
            self.result.new.append(item)
            self._preview(plan, row_no, Action.NEW, values)
        if own and self.source.kind == "csv" and self.period is None:
            dates = [d for d in date_col.dates if d is not None]
            if dates:
                self.period = (min(dates), max(dates))
                self.result.notes.append(
                    f"a CSV file does not say which period it covers: only items dated "
                    f"{self.period[0].isoformat()} to {self.period[1].isoformat()} (its first "
                    "and last dates) count as removed when missing"
                )
        if own:
            for item_id, item in existing_items.items():
                if item_id not in seen_ids and self._in_period(item.date, item.date):
                    self.result.removed.append(item)

    def _unevaluated(self, sheet: str, header_index: int, mapping: dict[str, int]) -> None:
        """A formula with no saved result would read as an empty cell: report it instead."""
        imported = set(mapping.values())
        for (row, column), formula in sorted(self.source.unevaluated(sheet).items()):
            if row > header_index and column in imported:
                self.error(
                    sheet,
                    row + 1,
                    column,
                    f"{_quoted(formula)} is a formula whose result is not saved in the file; "
                    "open the file in Excel or LibreOffice and save it again",
                )

    def _field_error(
        self, sheet: str, row_no: int, mapping: dict[str, int], error: ValidationError
    ) -> None:
        name = {"channel": "channel", "end": "end", "start": "start"}.get(error.field or "")
        column = mapping.get(name or (error.field or "").replace(" ", "_"))
        self.error(sheet, row_no, column, str(error))

    def _note_unmatched(self, sheet: str, columns: list[Column]) -> None:
        unmatched = [c for c in columns if c.field is None]
        if unmatched:
            listed = ", ".join(f'"{c.header}" ({column_letter(c.index)})' for c in unmatched)
            self.result.notes.append(f"{sheet}: columns not imported: {listed}")

    def _preview(self, plan: SheetPlan, row_no: int, action: Action, values: dict) -> None:
        """Keep the first rows that do something (errors, new, changed) for the preview,
        and unchanged ones only to fill it up."""
        quiet = action in (Action.UNCHANGED, Action.SKIPPED)
        kept = plan.quiet if quiet else plan.preview
        if len(kept) >= PREVIEW_ROWS:
            return
        shown: dict[str, str] = {}
        for name, value in values.items():
            if name == "channel_id":
                channel = next(
                    (c for c in (*self.channels, *self.new_channels) if c.id == value), None
                )
                shown["channel"] = channel.name if channel else ""
            elif name == "campaign_id":
                campaign = next(
                    (c for c in (*self.campaigns, *self.new_campaigns) if c.id == value), None
                )
                shown["campaign"] = campaign.name if campaign else ""
            elif name == "initiative_id":
                initiative = self.final_initiatives.get(value)
                shown["initiative"] = initiative.title if initiative else ""
            elif value is None:
                shown[name] = ""
            elif hasattr(value, "isoformat"):
                shown[name] = str(value) if isinstance(value, date) else value.strftime("%H:%M")
            elif isinstance(value, StrEnum):
                shown[name] = value.value
            elif isinstance(value, float):
                shown[name] = f"{value:g}"
            else:
                shown[name] = str(value)
        kept.append(PreviewRow(row_no, action, shown))

    # -- initiatives (our Timeline sheet) ---------------------------------------------------------

    def timeline(self, sheet: str) -> None:
        rows = self.source.rows(sheet)
        if not rows:
            return
        header_index, columns = self.header(sheet, rows, TIMELINE_FIELDS, user_mapping=False)
        plan = SheetPlan(sheet, header_index + 1, columns, True, "initiatives")
        self.result.sheets.append(plan)
        mapping = {c.field: c.index for c in columns if c.field is not None}
        if "id" not in mapping:
            self.error(sheet, 1, None, "the ID column is missing")
            return
        self._unevaluated(sheet, header_index, mapping)
        # Data rows end at the first row without an ID and a title (the sheet may hold a legend)
        data = [
            (n + 2, row)
            for n, row in enumerate(rows[1:])
            if any(row[i] is not None for i in mapping.values() if i < len(row))
        ]

        def cell(row: list[Any], name: str) -> Any:
            i = mapping.get(name)
            return row[i] if i is not None and i < len(row) else None

        starts = parse_date_column([cell(r, "start") for _, r in data], self.options.order)
        ends = parse_date_column([cell(r, "end") for _, r in data], self.options.order)
        for name, col in (("start", starts), ("end", ends)):
            if col.problem and name in mapping:
                self.error(sheet, None, mapping[name], col.problem)
        seen: dict[int, int] = {}
        dependencies = repository.list_dependencies(self.pf)
        # a row without an ID that matches an initiative the sheet does not list by ID is that
        # initiative (made by an earlier import of this same workbook), as for items
        listed = set()
        for _, row in data:
            with contextlib.suppress(CellError):
                listed.add(_id(cell(row, "id")))
        unlisted = {
            (i.title, i.kind, i.start, i.end): i.id
            for i in reversed(self.initiatives)
            if i.id not in listed
        }
        wanted_deps: dict[int, set[int]] = {}
        for n, (row_no, row) in enumerate(data):
            failed = False

            def fail(name: str, message: str, row_no: int = row_no) -> None:
                nonlocal failed
                failed = True
                self.error(sheet, row_no, mapping.get(name), message)

            values: dict[str, Any] = {}
            try:
                initiative_id = _id(cell(row, "id"))
            except CellError as error:
                fail("id", str(error))
                continue
            current = self.initiative_by_id.get(initiative_id) if initiative_id else None
            if initiative_id is not None:
                if initiative_id in seen:
                    fail("id", f"ID {initiative_id} is also on row {seen[initiative_id]}")
                seen[initiative_id] = row_no
            for name, col in (("start", starts), ("end", ends)):
                if name not in mapping:
                    continue
                if n in col.errors:
                    if col.errors[n]:
                        fail(name, col.errors[n])
                    failed = True
                elif col.dates[n] is None:
                    fail(name, f"the {name} date is empty")
                else:
                    values[name] = col.dates[n]
            for name in ("title", "kind", "lane", "owner", "segment", "notes"):
                if name in mapping:
                    raw = cell(row, name)
                    values[name] = _text(raw) if name == "notes" else _text(raw).strip()
            if "status" in mapping and cell(row, "status") is not None:
                try:
                    values["status"] = self.initiative_status(cell(row, "status"))
                except CellError as error:
                    fail("status", str(error))
            for name in ("progress", "effort_hours", "budget"):
                if name in mapping:
                    try:
                        number = _number(cell(row, name), integer=name == "progress")
                    except CellError as error:
                        fail(name, str(error))
                        continue
                    if name == "progress" and isinstance(cell(row, name), float):
                        raw = cell(row, name)
                        number = round(raw * 100) if 0 < raw < 1 else number
                    values[name] = number or (0 if name == "progress" else 0.0)
            if "gate" in mapping:
                try:
                    values["gate"] = _bool(cell(row, "gate"))
                except CellError as error:
                    fail("gate", str(error))
            depends: set[int] | None = None
            if "depends_on" in mapping:
                raw = _text(cell(row, "depends_on"))
                depends = set()
                for part in raw.replace(";", ",").split(","):
                    part = part.strip().lstrip("#")
                    if not part:
                        continue
                    if not part.isdigit() or int(part) not in self.initiative_by_id:
                        fail("depends_on", f"{_quoted(part)} is not the ID of an initiative")
                        continue
                    depends.add(int(part))
            if failed:
                self._preview(plan, row_no, Action.ERROR, values)
                continue
            if current is not None:
                changes = {k: v for k, v in values.items() if not _same(getattr(current, k), v)}
                target = current
                if changes:
                    try:
                        target = current.replace(**changes)
                    except ValidationError as error:
                        self._field_error(sheet, row_no, mapping, error)
                        continue
                old_deps = {d.predecessor_id for d in dependencies if d.successor_id == current.id}
                if depends is not None:
                    wanted_deps[current.id] = depends  # type: ignore[index]
                if changes or (depends is not None and depends != old_deps):
                    self.result.changed.append((current, target))
                    self._preview(plan, row_no, Action.CHANGED, values)
                else:
                    self.result.unchanged += 1
                    self._preview(plan, row_no, Action.UNCHANGED, values)
                self.final_initiatives[current.id] = target  # type: ignore[index]
                continue
            if initiative_id is not None:
                self.result.notes.append(
                    f"{sheet}!{row_no}: initiative ID {initiative_id} is no longer in the plan; "
                    "it is imported as a new initiative"
                )
            else:
                key = tuple(values.get(k) for k in ("title", "kind", "start", "end"))
                match = unlisted.pop(key, None)  # type: ignore[call-overload]
                if match is not None:
                    seen[match] = row_no
                    self.result.skipped += 1
                    self._preview(plan, row_no, Action.SKIPPED, values)
                    continue
            try:
                values.setdefault("status", InitiativeStatus.PLANNED)
                initiative = Initiative(**values, id=self.allocate(Initiative))
            except (ValidationError, TypeError) as error:
                if isinstance(error, TypeError):
                    self.error(sheet, row_no, None, "the row lacks a title, kind, start or end")
                else:
                    self._field_error(sheet, row_no, mapping, error)
                continue
            self.result.new.append(initiative)
            self.final_initiatives[initiative.id] = initiative  # type: ignore[index]
            if depends:
                wanted_deps[initiative.id] = depends  # type: ignore[index]
            self._preview(plan, row_no, Action.NEW, values)
        # removed initiatives
        for initiative in self.initiatives:
            if initiative.id not in seen and self._in_period(initiative.start, initiative.end):
                self.result.removed.append(initiative)
                if self.options.delete_missing:
                    self.deleted_initiatives.add(initiative.id)  # type: ignore[arg-type]
                    self.final_initiatives.pop(initiative.id, None)  # type: ignore[arg-type]
        self._dependencies(sheet, dependencies, wanted_deps)

    def _dependencies(
        self, sheet: str, existing: list[Dependency], wanted: dict[int, set[int]]
    ) -> None:
        final = [
            d
            for d in existing
            if d.successor_id not in wanted
            and not ({d.predecessor_id, d.successor_id} & self.deleted_initiatives)
        ]
        for successor, predecessors in wanted.items():
            for predecessor in sorted(predecessors):
                if predecessor in self.deleted_initiatives:
                    title = self.initiative_by_id[predecessor].title
                    self.error(
                        sheet,
                        None,
                        None,
                        f"{self.final_initiatives[successor].title!r} depends on {title!r}, "
                        "which is removed from the sheet",
                    )
                    continue
                if predecessor == successor:
                    self.error(sheet, None, None, f"initiative {successor} depends on itself")
                    continue
                dep = Dependency(predecessor, successor)
                if would_create_cycle(final, dep):
                    self.error(
                        sheet,
                        None,
                        None,
                        f"the dependency of {successor} on {predecessor} would make a cycle",
                    )
                    continue
                final.append(dep)
        self.dependencies_before = [d for d in existing if d not in final]
        self.dependencies_after = [d for d in final if d not in existing]

    # -- putting it together ---------------------------------------------------------------------

    def build(self) -> ImportPlan:
        source, options = self.source, self.options
        self.dependencies_before: list[Dependency] = []
        self.dependencies_after: list[Dependency] = []
        self.period: tuple[date, date] | None = None
        own_content = None
        if options.sheet is not None:
            if not source.has_sheet(options.sheet):
                source.rows(options.sheet)  # raises with the sheet names
            if options.sheet == TIMELINE_SHEET and self._is_own_timeline():
                self.timeline(options.sheet)
                return self.finish()
            own_content = options.sheet if self._is_own_content(options.sheet) else None
            if own_content is None:
                self.items(options.sheet, own=False)
                return self.finish()
        elif source.has_sheet(CONTENT_SHEET) and self._is_own_content(CONTENT_SHEET):
            own_content = CONTENT_SHEET
        elif source.kind == "csv" and self._is_own_content(source.sheet_names[0]):
            own_content = source.sheet_names[0]  # our own CSV export of the Content table
        if own_content is not None:
            self.period = self._exported_period()
            if options.sheet is None and self._is_own_timeline():
                self.timeline(TIMELINE_SHEET)
            self.items(own_content, own=True)
            return self.finish()
        self.items(self._foreign_sheet(), own=False)
        return self.finish()

    def _in_period(self, start: date, end: date) -> bool:
        """Whether a record lies in the period the workbook was exported for."""
        if self.period is None:
            return True
        return start <= self.period[1] and end >= self.period[0]

    def _exported_period(self) -> tuple[date, date] | None:
        """ "Period from" / "Period to" on our Plan sheet: an export may cover only part of
        the plan, and what lies outside it is not missing from the workbook."""
        if not self.source.has_sheet(PLAN_SHEET):
            return None
        found: dict[str, date] = {}
        for row in self.source.rows(PLAN_SHEET)[:40]:
            if len(row) >= 2 and isinstance(row[0], str) and isinstance(row[1], date):
                label = fold(row[0])
                if label in ("periodfrom", "periodto"):
                    value = row[1]
                    found[label] = value.date() if isinstance(value, datetime) else value
        if len(found) != 2:
            return None
        first, last = found["periodfrom"], found["periodto"]
        self.result.notes.append(
            f"the workbook covers {first.isoformat()} to {last.isoformat()}; "
            "what lies outside that period is left as it is"
        )
        return first, last

    def _is_own_content(self, sheet: str) -> bool:
        rows = self.source.rows(sheet)
        if not rows:
            return False
        headers = {fold(v) for v in rows[0] if v is not None}
        ours = [fold(h) for h, _ in CONTENT_COLUMNS]
        return ours[0] in headers and sum(h in headers for h in ours) >= len(ours) - 4

    def _is_own_timeline(self) -> bool:
        if not self.source.has_sheet(TIMELINE_SHEET):
            return False
        rows = self.source.rows(TIMELINE_SHEET)
        if not rows:
            return False
        headers = {fold(v) for v in rows[0] if v is not None}
        return fold("ID") in headers and fold("Title") in headers and fold("Start") in headers

    def _foreign_sheet(self) -> str:
        best, best_score = None, -1
        for name in self.source.sheet_names:
            match = find_header(self.source.rows(name))
            if match is None:
                continue
            fields = set(match.mapping())
            score = len(fields) + 10 * len(fields & {"date", "title"})
            if score > best_score:
                best, best_score = name, score
            if {"date", "title", "channel"} <= fields:
                break
        return best if best is not None else self.source.sheet_names[0]

    def finish(self) -> ImportPlan:
        result = self.result
        for sheet in result.sheets:
            sheet.finish_preview()
        result.notes.extend(self.item_status.notes())
        result.notes.extend(self.initiative_status.notes())
        if self.new_channels:
            result.notes.append("new channels: " + ", ".join(c.name for c in self.new_channels))
        if self.new_campaigns:
            result.notes.append("new campaigns: " + ", ".join(c.name for c in self.new_campaigns))
        result.created = [*self.new_channels, *self.new_campaigns]
        if result.errors:
            result.before, result.after = [], []
            return result
        before: list[Entity] = [old for old, _ in result.changed]
        after: list[Entity] = [new for _, new in result.changed]
        after += result.created
        after += result.new
        before += self.dependencies_before
        after += self.dependencies_after
        if self.options.delete_missing:
            before += self._removal(result.removed, after)
        result.before, result.after = before, after
        return result

    def _removal(self, removed: list[Entity], after: list[Entity]) -> list[Entity]:
        """What deleting the removed records takes with it (so undo restores it all)."""
        extra: list[Entity] = list(removed)
        gone = self.deleted_initiatives
        if not gone:
            return extra
        in_after = {(type(e), e.id) for e in after}
        removed_keys = {(type(e), e.id) for e in removed}
        for dep in repository.list_dependencies(self.pf):
            touches = {dep.predecessor_id, dep.successor_id} & gone
            if touches and dep not in extra and dep not in self.dependencies_before:
                extra.append(dep)
        for campaign in self.campaigns:
            if campaign.initiative_id in gone:
                extra.append(campaign)
                after.append(campaign.replace(initiative_id=None))
        for item_id in (
            i
            for ids in (repository.list_items(self.pf, initiative_id=g) for g in gone)
            for i in ids
        ):
            key = (Item, item_id.id)
            if key in removed_keys or key in in_after:
                continue
            extra.append(item_id)
            after.append(item_id.replace(initiative_id=None))
        return extra


def build_import(pf: PlanFile, source: Source, options: ImportOptions | None = None) -> ImportPlan:
    """What importing ``source`` into ``pf`` would do; nothing is written."""
    return _Builder(pf, source, options or ImportOptions()).build()


def apply_import(pf: PlanFile, plan: ImportPlan) -> list[Entity]:
    """Write an error-free import plan in one transaction (all or nothing)."""
    if plan.errors:
        raise ImportFileError(f"{plan.source} has errors; nothing was imported.")
    with pf.transaction():
        return repository.apply_changes(pf, plan.before, plan.after)


def parse_mapping(text: str) -> dict[str, str | None]:
    """``"Header=field,Other=ignore"`` → {header: field or None}; ValueError names a bad field."""
    mapping: dict[str, str | None] = {}
    for part in text.split(","):
        if not part.strip():
            continue
        header, sep, target = part.rpartition("=")
        if not sep or not header.strip():
            raise ValueError(f"{part.strip()!r} is not Header=field")
        try:
            mapping[header.strip()] = field_for(target)
        except ValueError:
            known = ", ".join((*ITEM_FIELDS, "ignore"))
            raise ValueError(f"{target.strip()!r} is not a field (fields: {known})") from None
    return mapping


def order_option(dayfirst: bool, monthfirst: bool) -> str | None:
    return DAY_FIRST if dayfirst else MONTH_FIRST if monthfirst else None


__all__ = [
    "Action",
    "ImportOptions",
    "ImportPlan",
    "RowError",
    "SheetPlan",
    "apply_import",
    "build_import",
    "column_letter",
    "order_option",
    "parse_mapping",
]
