"""Item rows: a Content sheet of our own workbook (matched by ID) or any calendar sheet.

Our own rows are matched by ID and only the fields that differ change; a row without
an ID is new, and an ID the sheet no longer lists is reported as removed. A foreign
calendar's rows are all new, except a row identical (date, channel, title) to an item
already in the plan, which is counted as already there.
"""

from __future__ import annotations

import contextlib
import re
from datetime import date
from typing import Any

from streamdesk.domain import Channel, Item, ItemStatus, ValidationError
from streamdesk.domain.text import noun
from streamdesk.excel.amounts import decide_column
from streamdesk.excel.cells import (
    CellError,
    SkipRow,
    cell_text,
    is_blank,
    parse_id,
    parse_link,
    parse_number,
    quoted,
    row_ranges,
)
from streamdesk.excel.columns import CONTENT_COLUMNS
from streamdesk.excel.dates import parse_date_column, parse_time, split_range
from streamdesk.excel.headers import FIELD_LABELS, fold
from streamdesk.excel.import_context import ImportContext
from streamdesk.excel.import_model import Action, SheetPlan, column_letter, same_value, saved_id
from streamdesk.excel.row_filters import skip_hint_and_total_rows
from streamdesk.excel.safety import csv_unescape
from streamdesk.excel.wording import (
    AS_NEW_TEXT,
    COLUMNS_LABEL,
    FILE_CHANNEL_LABEL,
    Fix,
    Flag,
    Worded,
    message_of,
)
from streamdesk.storage import repository

NUMBER_FIELDS: tuple[tuple[str, bool], ...] = (
    ("effort_hours", False),
    ("cost", False),
    ("reach", True),
    ("clicks", True),
    ("conversions", True),
    ("actual_cost", False),
)
"""(field, whole number) of the item's numbers, each read with its column's convention."""
OPTIONAL_NUMBERS = frozenset(("reach", "clicks", "conversions", "actual_cost"))


_SERIES_MARK = re.compile(r"\(series (\d+)(, moved on its own)?\)\s*$")


def _series_link(ctx: ImportContext, sheet: str, row_no: int, raw: Any) -> dict[str, Any]:
    """Our own Repeats cell: "Every week on Mon (series 3)" links the row to series 3 of
    this plan; an empty cell, to none. A series this plan does not have is not guessed at:
    the row is imported on its own, with a note."""
    text = cell_text(raw).strip()
    if not text:
        return {"series_id": None, "detached": False}
    match = _SERIES_MARK.search(text)
    known = ctx.series_ids()
    if match is None or int(match.group(1)) not in known:
        ctx.result.notes.append(
            f"{sheet}!{row_no}: repeats “{text}” names no series of this plan; "
            "imported as an item of its own"
        )
        return {"series_id": None, "detached": False}
    return {"series_id": int(match.group(1)), "detached": match.group(2) is not None}


def read_items(ctx: ImportContext, sheet: str, own: bool) -> None:
    rows = ctx.source.rows(sheet)
    if sheet in ctx.unescape_sheets:
        rows = [[csv_unescape(v) if isinstance(v, str) else v for v in row] for row in rows]
    own_fields = {fold(h): f for h, f in CONTENT_COLUMNS} if own else None
    # --as-new: our own file's rows, all new (another plan's IDs, series and initiatives)
    as_new = own and ctx.options.as_new
    unlinked: dict[str, int] = {}  # --as-new: initiative titles this plan does not have
    header_index, columns = ctx.header(sheet, rows, own_fields)
    plan = SheetPlan(sheet, header_index + 1, columns, own, "items")
    ctx.result.sheets.append(plan)
    mapping = {c.field: c.index for c in columns if c.field is not None}
    ctx.unevaluated(sheet, header_index, mapping)
    errors_before = len(ctx.result.errors)
    tool = ctx.known_sources.get(sheet)
    file_channel = ctx.options.channel or (tool.channel if tool is not None else None)
    for required in ("date", "title", "channel"):
        if required == "channel" and file_channel:
            continue  # --channel, or a tool's export of one network: every row is on it
        if required not in mapping and not own:
            hint = (
                Worded(
                    Flag(
                        Fix.CHANNEL,
                        "name the channel of every row with --channel NAME",
                        f"pick one under “{FILE_CHANNEL_LABEL}” above",
                    ),
                    Flag(Fix.MAP, ", or map a column", f", or map a column in “{COLUMNS_LABEL}”"),
                )
                if required == "channel"
                else Worded(Flag(Fix.MAP, "map one", f"map one in “{COLUMNS_LABEL}”"))
            )
            ctx.error(
                sheet,
                header_index + 1 or None,  # a file without a header row: the sheet
                None,
                Worded(f"no column for {FIELD_LABELS[required]} (", *hint.parts, ")"),
            )
    if own and "id" not in mapping:
        ctx.error(sheet, header_index + 1, None, "the ID column is missing")
    if len(ctx.result.errors) > errors_before:
        return
    if own is False:
        ctx.note_unmatched(sheet, columns)
        if header_index >= 0:
            _note_headerless(ctx, sheet, rows[header_index + 1 :], {c.index for c in columns})

    def cell(row: list[Any], name: str) -> Any:
        i = mapping.get(name)
        return row[i] if i is not None and i < len(row) else None

    data = [
        (header_index + 1 + n + 1, row)
        for n, row in enumerate(rows[header_index + 1 :])
        if any(row[i] is not None for i in mapping.values() if i < len(row))
    ]
    if not own:
        # template rows (a status or channel filled in ahead, no date and no title); a
        # formula with no saved result only looks blank, and is reported as what it is
        formulas = {row + 1 for row, _ in ctx.source.unevaluated(sheet)}
        looks_blank = [
            row_no
            for row_no, row in data
            if is_blank(cell(row, "date")) and is_blank(cell(row, "title"))
        ]
        data = [r for r in data if r[0] not in formulas or r[0] not in looks_blank]
        blank = [row_no for row_no in looks_blank if row_no not in formulas]
        if blank:
            skip = set(blank)
            data = [r for r in data if r[0] not in skip]
            ctx.result.notes.append(
                f"{sheet}: {len(blank)} {noun(len(blank), 'row')} without a date "
                f"or a title skipped ({noun(len(blank), 'row')} {row_ranges(blank)})"
            )
        data = skip_hint_and_total_rows(ctx, sheet, data, mapping)

    order = ctx.options.order or ctx.hinted_order.get(sheet)
    dates_written = [cell(r, "date") for _, r in data]
    date_ends: dict[int, str] = {}
    if not own:
        for n, (_, row) in enumerate(data):
            start, end = split_range(cell(row, "date"))
            if end is not None:
                dates_written[n], date_ends[n] = start, end

    date_col = parse_date_column(dates_written, order, ctx.options.zone)
    # our own files write plain numbers with a decimal point (export_csv): no evidence needed
    decimals: dict[str, str | None] = dict.fromkeys((n for n, _ in NUMBER_FIELDS), None)
    for name, integer in NUMBER_FIELDS:
        if name in mapping and not own:
            column = decide_column(
                [cell(r, name) for _, r in data], integer=integer, decimal=ctx.options.decimal
            )
            if column.problem:
                ctx.error(sheet, None, mapping[name], column.problem)
            decimals[name] = column.decimal
    if len(ctx.result.errors) > errors_before:
        return
    if date_col.problem:
        ctx.error(sheet, None, mapping["date"], date_col.problem)
    if "date" in mapping:
        _note_far_dates(ctx, sheet, mapping["date"], [n for n, _ in data], date_col.dates)
    existing_items: dict[int, Item] = {}
    seen_ids: dict[int, int] = {}
    # (date, channel, title) of the plan's items: a row without an ID that matches one is
    # that item already (a foreign file imported twice, or a client's workbook whose new
    # rows were imported before: they have no ID in the client's copy)
    existing_keys: dict[tuple[Any, ...], int] = {}
    if own and not as_new:
        existing_items = {saved_id(i): i for i in repository.list_items(ctx.pf)}
        listed = set()
        for _, row in data:
            with contextlib.suppress(CellError):
                listed.add(parse_id(cell(row, "id")))
        for i in existing_items.values():
            if i.id not in listed:
                existing_keys.setdefault((i.date, i.channel_id, i.title), saved_id(i))
    else:
        for i in repository.list_items(ctx.pf):
            existing_keys.setdefault((i.date, i.channel_id, i.title), saved_id(i))
    text_fields: list[str] = [f for f in ("title", "format", "owner", "notes") if f in mapping]
    for n, (row_no, row) in enumerate(data):
        values: dict[str, Any] = {}
        written_as: dict[str, str] = {}  # field -> the file's text, where a rule mapped it
        failed = False

        def fail(name: str, message: str, row_no: int = row_no) -> None:
            nonlocal failed
            failed = True
            ctx.error(sheet, row_no, mapping.get(name), message)

        item_id = None
        if own and not as_new:
            try:
                item_id = parse_id(cell(row, "id"))
            except CellError as error:
                fail("id", message_of(error))
        current = existing_items.get(item_id) if item_id is not None else None
        if item_id is not None:
            if item_id in seen_ids:
                fail("id", f"ID {item_id} is also on row {seen_ids[item_id]}")
            seen_ids[item_id] = row_no
            if current is None:
                ctx.result.notes.append(
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
            values["date"] = cell_text(cell(row, "date"))  # the preview shows what was read
        elif date_col.dates[n] is None:
            fail("date", "the date is empty")
        else:
            values["date"] = date_col.dates[n]
        if "time" in mapping:
            try:
                values["time"] = parse_time(cell(row, "time"))
            except ValueError:
                fail("time", f"{quoted(cell(row, 'time'))} is not a time")
        elif not own and date_col.times[n] is not None:
            values["time"] = date_col.times[n]
        left_out: SkipRow | None = None
        for name in text_fields:
            raw = cell(row, name)
            values[name] = cell_text(raw) if name == "notes" else cell_text(raw).strip()
            if name == "owner" and values[name]:
                try:
                    owner = ctx.user_value("owner", values[name])
                except SkipRow as skip:
                    left_out = skip
                    break
                if owner != values[name]:
                    written_as["owner"], values[name] = values[name], owner
        if left_out is not None:
            ctx.skip_row(sheet, row_no, str(left_out))
            continue
        if n in date_ends:
            ends = f"ends {date_ends[n]}"
            notes = values.get("notes", "")
            values["notes"] = f"{notes}\n{ends}" if notes else ends
        if "title" in values and not values["title"]:
            fail("title", "the title is empty")
        if "link" in mapping:
            values["link"] = parse_link(cell(row, "link"))
        channel = ctx.refs.channel_by_id.get(current.channel_id) if current else None
        more_channels: list[Channel] = []
        written = cell(row, "channel")
        if is_blank(written) and file_channel and not own:
            written = file_channel
        if "channel" in mapping or written is not None:
            try:
                channel, *more_channels = ctx.refs.resolve_channels(written, foreign=not own)
                values["channel_id"] = channel.id
                if channel.name.casefold() != cell_text(written).strip().casefold():
                    written_as["channel"] = cell_text(written).strip()
            except SkipRow as skip:
                ctx.skip_row(sheet, row_no, str(skip))
                continue
            except CellError as error:
                fail("channel", message_of(error))
                values["channel"] = cell_text(written)  # the preview shows what was read
        if "status" not in mapping and tool is not None and tool.status and not own:
            values["status"] = ItemStatus(tool.status)
        if "status" in mapping:
            raw = cell(row, "status")
            if raw is None or not cell_text(raw).strip():
                if current is None:
                    values["status"] = ItemStatus.IDEA
            else:
                try:
                    values["status"] = ctx.item_status(raw)
                    if values["status"].value != cell_text(raw).strip().casefold():
                        written_as["status"] = cell_text(raw).strip()
                except SkipRow as skip:
                    ctx.skip_row(sheet, row_no, str(skip))
                    continue
                except CellError as error:
                    fail("status", message_of(error))
                    values["status"] = cell_text(raw)  # the preview shows what was read
        if "campaign" in mapping:
            campaign = cell(row, "campaign")
            if not is_blank(campaign):
                try:
                    campaign = ctx.user_value("campaign", cell_text(campaign).strip())
                except SkipRow as skip:
                    ctx.skip_row(sheet, row_no, str(skip))
                    continue
            try:  # a near miss of the plan's campaign (Sprng) is asked about (import_refs)
                values["campaign_id"] = ctx.refs.campaign(
                    campaign, current.campaign_id if current else None
                )
            except CellError as error:
                fail("campaign", message_of(error))
        if "initiative" in mapping:
            try:
                values["initiative_id"] = ctx.refs.initiative(
                    cell(row, "initiative"), current.initiative_id if current else None
                )
            except CellError as error:
                if as_new:  # another plan's initiative: the item comes without the link
                    values["initiative_id"] = None
                    title = cell_text(cell(row, "initiative")).strip()
                    unlinked[title] = unlinked.get(title, 0) + 1
                else:
                    fail("initiative", message_of(error))
        for name, integer in NUMBER_FIELDS:
            optional = name in OPTIONAL_NUMBERS
            if name not in mapping:
                continue
            try:
                number = parse_number(cell(row, name), integer=integer, decimal=decimals[name])
            except CellError as error:
                fail(name, message_of(error))
                values[name] = cell_text(cell(row, name))  # the preview shows what was read
                continue
            if number is None and not optional:
                number = 0.0
            values[name] = float(number) if isinstance(number, int) and not integer else number
        if own and not as_new and "repeats" in mapping:
            values.update(_series_link(ctx, sheet, row_no, cell(row, "repeats")))
        repeat: tuple[str, str] | None = None  # a foreign row's (rule, words as written)
        if not own and "repeats" in mapping and isinstance(values.get("date"), date):
            written = cell(row, "repeats")
            try:
                rule, words = ctx.recurrences.read(written, values["date"], sheet)
            except SkipRow as skip:
                ctx.skip_row(sheet, row_no, str(skip))
                continue
            except CellError as error:
                fail("repeats", message_of(error))
                values["repeats"] = cell_text(written)  # the preview shows what was read
            else:
                if rule is not None:
                    repeat = (rule, cell_text(written).strip())
                    values["repeats"] = words
                    if words.casefold() != repeat[1].casefold():
                        written_as["repeats"] = repeat[1]
        if current is None and "effort_hours" not in values and channel is not None:
            values["effort_hours"] = channel.default_effort_hours
        if failed:
            ctx.preview(plan, row_no, Action.ERROR, values, written_as)
            continue
        if current is not None:
            changes = {k: v for k, v in values.items() if not same_value(getattr(current, k), v)}
            if not changes:
                ctx.result.unchanged += 1
                ctx.preview(plan, row_no, Action.UNCHANGED, values, written_as)
                continue
            try:
                updated = current.replace(**changes)
            except ValidationError as error:
                ctx.field_error(sheet, row_no, mapping, error)
                ctx.preview(plan, row_no, Action.ERROR, values, written_as)
                continue
            ctx.result.changed.append((current, updated))
            ctx.preview(plan, row_no, Action.CHANGED, values, written_as)
            continue
        try:
            item = Item(**{k: v for k, v in values.items() if k != "repeats"})
        except (ValidationError, TypeError) as error:
            if isinstance(error, TypeError):
                ctx.error(sheet, row_no, None, "the row lacks a date, title or channel")
            else:
                ctx.field_error(sheet, row_no, mapping, error)
            ctx.preview(plan, row_no, Action.ERROR, values, written_as)
            continue
        key = (item.date, item.channel_id, item.title)
        match = existing_keys.pop(key, None) if own and not as_new else existing_keys.get(key)
        if match is not None:
            if own:
                seen_ids[match] = row_no  # the item is in the sheet after all: not removed
            ctx.result.skipped += 1
            ctx.preview(plan, row_no, Action.SKIPPED, values, written_as)
            continue
        if repeat is None:
            ctx.result.new.append(item)
        else:  # the first occurrence of a series, made when every row is read
            ctx.recurrences.add(sheet, row_no, item, *repeat)
        ctx.preview(plan, row_no, Action.NEW, values, written_as)
        for other in more_channels:  # --split-multi: the same post on each channel named
            copy = item.replace(channel_id=other.id)
            if "effort_hours" not in mapping:
                copy = copy.replace(effort_hours=other.default_effort_hours)
            if repeat is None:
                ctx.result.new.append(copy)
            else:
                ctx.recurrences.add(sheet, row_no, copy, *repeat)
            ctx.preview(plan, row_no, Action.NEW, {**values, "channel_id": other.id}, written_as)
    if as_new:
        _note_as_new(ctx, sheet, mapping, data, unlinked)
        return
    if own and ctx.source.kind == "csv" and ctx.period is None:
        dates = [d for d in date_col.dates if d is not None]
        if dates:
            ctx.period = (min(dates), max(dates))
            ctx.result.notes.append(
                f"a CSV file does not say which period it covers: only items dated "
                f"{ctx.period[0].isoformat()} to {ctx.period[1].isoformat()} (its first "
                "and last dates) count as removed when missing"
            )
    if own:
        for item_id, item in existing_items.items():
            if item_id not in seen_ids and ctx.in_period(item.date, item.date):
                ctx.result.removed.append(item)


def _note_as_new(
    ctx: ImportContext,
    sheet: str,
    mapping: dict[str, int],
    data: list[tuple[int, list[Any]]],
    unlinked: dict[str, int],
) -> None:
    """What --as-new left out of the rows it imported as new items, said, not dropped."""
    ctx.result.notes.append(
        Worded(
            f"{sheet}: every row is imported as a new item",
            Flag(Fix.AS_NEW, " (--as-new)", f" (“{AS_NEW_TEXT}”)"),
            ": the file's IDs are not read",
        )
    )
    repeats = mapping.get("repeats")
    if repeats is not None and any(
        repeats < len(row) and not is_blank(row[repeats]) for _, row in data
    ):
        ctx.result.notes.append(
            f"{sheet}: the Repeats column names another plan's series; the items are imported "
            "without it, each on its own date"
        )
    if unlinked:
        listed = ", ".join(f"“{t}” ({n})" for t, n in sorted(unlinked.items()))
        ctx.result.notes.append(
            f"{sheet}: initiatives this plan does not have, so their items are imported "
            f"without one: {listed}"
        )


def _note_headerless(
    ctx: ImportContext, sheet: str, rows: list[list[Any]], headed: set[int]
) -> None:
    """Values in a column with no header of its own (under a header merged across two
    columns, most often) are not imported: say which columns, never drop them unsaid."""
    found = sorted(
        {
            i
            for row in rows
            for i, value in enumerate(row)
            if i not in headed and value is not None and str(value).strip()
        }
    )
    if found:
        listed = ", ".join(column_letter(i) for i in found)
        ctx.result.notes.append(
            f"{sheet}: {noun(len(found), 'column')} {listed} "
            f"{'has' if len(found) == 1 else 'have'} values but no header, so "
            f"{'it was' if len(found) == 1 else 'they were'} not imported"
        )


FAR_YEARS = 5
"""A date this far from the median of its column is named in the notes (2207 for 2027)."""


def _note_far_dates(
    ctx: ImportContext, sheet: str, column: int, rows: list[int], dates: list[date | None]
) -> None:
    """A typo'd year is a valid date, imported as written; it must not go unseen."""
    known = sorted(d for d in dates if d is not None)
    if len(known) < 3:
        return
    middle = known[len(known) // 2]
    for row_no, day in zip(rows, dates, strict=True):
        if day is not None and abs(day.year - middle.year) > FAR_YEARS:
            years = abs(day.year - middle.year)
            ctx.result.notes.append(
                f"{sheet}!{column_letter(column)}{row_no}: {day.isoformat()} is {years} years "
                f"from the column's other dates (around {middle.year}); check it"
            )
