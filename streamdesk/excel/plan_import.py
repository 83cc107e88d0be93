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

This module decides which sheets are read and how; the rooms it sends them to:
``import_model`` (the result), ``cells`` (one cell), ``import_refs`` (channels,
campaigns, initiatives and new ids), ``import_context`` (header rows, errors, preview),
``import_items`` and ``import_timeline`` (one module per row kind).
"""

from __future__ import annotations

from datetime import date, datetime, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from streamdesk.domain import Entity, Item
from streamdesk.domain.text import noun
from streamdesk.excel.cells import cell_text, row_ranges
from streamdesk.excel.columns import (
    CONTENT_COLUMNS,
    CONTENT_SHEET,
    PLAN_ID_LABEL,
    PLAN_SHEET,
    TIMELINE_SHEET,
)
from streamdesk.excel.dates import DAY_FIRST, MONTH_FIRST
from streamdesk.excel.headers import field_for, find_header, fold
from streamdesk.excel.import_context import ImportContext
from streamdesk.excel.import_items import read_items
from streamdesk.excel.import_model import (
    ITEM_FIELDS,
    PREVIEW_ROWS,
    Action,
    ImportOptions,
    ImportPlan,
    PreviewRow,
    RowError,
    SheetPlan,
    column_letter,
    describe_changes,
)
from streamdesk.excel.import_series import FIELD as REPEATS
from streamdesk.excel.import_series import lay_out_series
from streamdesk.excel.import_timeline import read_timeline
from streamdesk.excel.limits import ImportFileError
from streamdesk.excel.readers import Source, open_in_spreadsheet
from streamdesk.excel.value_maps import (
    RULE_VALUES,
    MappedValue,
    Question,
    split_multi,
    unused_answers,
)
from streamdesk.excel.wording import (
    AS_NEW_TEXT,
    READ_AS,
    SHEETS_LABEL,
    SKIP_TEXT,
    Fix,
    Flag,
    Worded,
)
from streamdesk.storage import PlanFile, repository


def build_import(pf: PlanFile, source: Source, options: ImportOptions | None = None) -> ImportPlan:
    """What importing ``source`` into ``pf`` would do; nothing is written."""
    return _build(ImportContext(pf, source, options or ImportOptions()))


def plan_zone(pf: PlanFile) -> tzinfo | None:
    """The plan's time zone (Plan Settings), which imported timestamps with ``Z`` or an
    offset are converted into: what the command line and the dialog put in
    ``ImportOptions.zone``. None (the system's zone) only if the name is unknown here."""
    try:
        return ZoneInfo(repository.get_plan(pf).time_zone)
    except (ZoneInfoNotFoundError, ValueError):
        return None


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


def _build(ctx: ImportContext) -> ImportPlan:
    source, options = ctx.source, ctx.options
    own_content = None
    chosen = [*([options.sheet] if options.sheet else []), *options.sheets]
    for name in chosen:
        if not source.has_sheet(name):
            source.rows(name)  # raises with the sheet names
    if len(chosen) == 1:
        (name,) = chosen
        if name == TIMELINE_SHEET and _is_own_timeline(ctx):
            if options.as_new:
                ctx.error(name, None, None, _TIMELINE_AS_NEW)
            elif _from_this_plan(ctx, None):
                read_timeline(ctx, name)
            return _finish(ctx)
        own_content = name if _is_own_content(ctx, name) else None
        if own_content is None:
            _read_foreign(ctx, [name])
            return _finish(ctx)
    elif (
        set(chosen) == {CONTENT_SHEET, TIMELINE_SHEET}
        and _is_own_content(ctx, CONTENT_SHEET)
        and _is_own_timeline(ctx)
    ):
        own_content, chosen = CONTENT_SHEET, []  # both our sheets: our whole workbook
    elif chosen:
        _read_foreign(ctx, chosen)
        return _finish(ctx)
    elif source.has_sheet(CONTENT_SHEET) and _is_own_content(ctx, CONTENT_SHEET):
        own_content = CONTENT_SHEET
    elif _is_own_content(ctx, source.sheet_names[0]):
        # our own CSV export of the Content table, or that CSV saved as a workbook by a
        # spreadsheet program (its one sheet named after the file)
        own_content = source.sheet_names[0]
        if source.kind != "csv":
            ctx.unescape_sheets.add(own_content)
    if own_content is not None:
        if options.as_new:
            if not chosen and _is_own_timeline(ctx):
                ctx.result.notes.append(_TIMELINE_AS_NEW)
            read_items(ctx, own_content, own=True)
            return _finish(ctx)
        if not _from_this_plan(ctx, own_content):
            return _finish(ctx)
        ctx.period = _exported_period(ctx)
        if not chosen and _is_own_timeline(ctx):
            read_timeline(ctx, TIMELINE_SHEET)
        read_items(ctx, own_content, own=True)
        return _finish(ctx)
    _read_foreign(ctx, _foreign_sheets(ctx))
    return _finish(ctx)


def _read_foreign(ctx: ImportContext, sheets: list[str]) -> None:
    for name in sheets:
        read_items(ctx, name, own=False)
    if len(sheets) > 1:
        ctx.result.notes.append(f"read {len(sheets)} sheets: " + ", ".join(sheets))


def _exported_period(ctx: ImportContext) -> tuple[date, date] | None:
    """ "Period from" / "Period to" on our Plan sheet: an export may cover only part of
    the plan, and what lies outside it is not missing from the workbook."""
    if not ctx.source.has_sheet(PLAN_SHEET):
        return None
    found: dict[str, date] = {}
    for row in ctx.source.rows(PLAN_SHEET)[:40]:
        if len(row) >= 2 and isinstance(row[0], str) and isinstance(row[1], date):
            label = fold(row[0])
            if label in ("periodfrom", "periodto"):
                value = row[1]
                found[label] = value.date() if isinstance(value, datetime) else value
    if len(found) != 2:
        return None
    first, last = found["periodfrom"], found["periodto"]
    ctx.result.notes.append(
        f"the workbook covers {first.isoformat()} to {last.isoformat()}; "
        "what lies outside that period is left as it is"
    )
    return first, last


_TIMELINE_AS_NEW = Worded(
    "the Timeline sheet is not read ",
    Flag(Fix.AS_NEW, "with --as-new", f"with “{AS_NEW_TEXT}”"),
    ": its initiatives are another plan's records; only the Content rows are imported, "
    "as new items",
)


def _from_this_plan(ctx: ImportContext, content: str | None) -> bool:
    """Whether our workbook or CSV comes from this plan; refuses (an error) if not.

    IDs are numbered per plan, so client A's file imported into client B's plan would
    rewrite B's items with A's rows. The file's Plan ID (the plan's identity, which a
    rename and Save As keep) settles it; a workbook exported before it carried one is
    judged by the plan name on its Plan sheet.
    """
    written_name = _plan_sheet_value(ctx, "plan")
    written_id = _plan_sheet_value(ctx, fold(PLAN_ID_LABEL))
    if written_id is None and content is not None:
        written_id = _content_plan_id(ctx, content)
    name = repository.get_plan(ctx.pf).name
    if written_id is not None and written_id[1]:
        if written_id[1].casefold() == repository.plan_uid(ctx.pf).casefold():
            if written_name and written_name[1].casefold() != name.strip().casefold():
                ctx.result.notes.append(
                    f"this workbook names the plan “{written_name[1]}”: the same plan as "
                    f"“{name}” (the same Plan ID), renamed or saved as a copy"
                )
            return True
        where, row, column = written_id[0]
        source = "workbook" if where == PLAN_SHEET else "file"
        other = written_name[1] if written_name else ""
        if not other:
            named = f"another plan, not from “{name}”"
        elif other.casefold() == name.strip().casefold():
            named = f"another plan also named “{other}”"
        else:
            named = f"the plan “{other}”, not from “{name}”"
        ctx.error(
            where,
            row,
            column,
            Worded(
                f"this {source} was exported from {named} (their Plan IDs differ): its IDs "
                "name that plan's items, so nothing was read. Import it into that plan, or "
                "import its rows as new items",
                Flag(Fix.AS_NEW, " (--as-new)", f" (tick “{AS_NEW_TEXT}”)"),
            ),
        )
        return False
    if written_name is None:
        return True
    (where, row, column), written = written_name
    if not written or written.casefold() == name.strip().casefold():
        return True
    ctx.error(
        where,
        row,
        column,
        Worded(
            f"this workbook was exported from the plan “{written}”, not from “{name}”: its IDs "
            f"name that plan's items, so nothing was read. Import it into “{written}”; if this "
            f"is that plan renamed, write “{name}” in this cell and import again; to import "
            "its rows as new items",
            Flag(Fix.AS_NEW, ", --as-new", f", tick “{AS_NEW_TEXT}”"),
        ),
    )
    return False


Place = tuple[str, int, int]  # sheet, 1-based row, 0-based column


def _plan_sheet_value(ctx: ImportContext, label: str) -> tuple[Place, str] | None:
    """The text beside ``label`` (folded) on our Plan sheet, and its cell."""
    if not ctx.source.has_sheet(PLAN_SHEET):
        return None
    for number, row in enumerate(ctx.source.rows(PLAN_SHEET)[:40], 1):
        if len(row) >= 2 and isinstance(row[0], str) and fold(row[0]) == label:
            return (PLAN_SHEET, number, 1), cell_text(row[1]).strip()
    return None


def _content_plan_id(ctx: ImportContext, sheet: str) -> tuple[Place, str] | None:
    """The Plan ID column of our CSV (or that CSV saved as a workbook): one value for
    every row, or the first of several (a file pasted together from two plans is not
    this plan's either, unless each row is)."""
    rows = ctx.source.rows(sheet)
    if not rows:
        return None
    headers = [fold(v) if isinstance(v, str) else "" for v in rows[0]]
    if fold(PLAN_ID_LABEL) not in headers:
        return None
    column = headers.index(fold(PLAN_ID_LABEL))
    this = repository.plan_uid(ctx.pf).casefold()
    first: tuple[Place, str] | None = None
    for number, row in enumerate(rows[1:], 2):
        value = cell_text(row[column]).strip() if column < len(row) else ""
        if not value:
            continue
        if value.casefold() != this:
            return (sheet, number, column), value
        first = first or ((sheet, number, column), value)
    return first


def _is_own_content(ctx: ImportContext, sheet: str) -> bool:
    rows = ctx.source.rows(sheet)
    if not rows:
        return False
    headers = {fold(v) for v in rows[0] if v is not None}
    ours = [fold(h) for h, _ in CONTENT_COLUMNS]
    return ours[0] in headers and sum(h in headers for h in ours) >= len(ours) - 4


def _is_own_timeline(ctx: ImportContext) -> bool:
    if not ctx.source.has_sheet(TIMELINE_SHEET):
        return False
    rows = ctx.source.rows(TIMELINE_SHEET)
    if not rows:
        return False
    headers = {fold(v) for v in rows[0] if v is not None}
    return fold("ID") in headers and fold("Title") in headers and fold("Start") in headers


def calendar_sheets(source: Source) -> list[str]:
    """Sheets whose header names a date and a title or channel: the ones to offer."""
    found = []
    for name in source.sheet_names:
        match = find_header(source.rows(name))
        fields = set(match.mapping()) if match is not None else set()
        if "date" in fields and fields & {"title", "channel"}:
            found.append(name)
    return found


def _foreign_sheets(ctx: ImportContext) -> list[str]:
    """The sheets to read: the one calendar sheet, every one with ``all_sheets``; several
    without that choice is refused naming them (a month per tab must not lose months)."""
    names = ctx.source.sheet_names
    calendars = calendar_sheets(ctx.source)
    others = [n for n in names if n not in calendars]
    if calendars and others and len(names) > 1:
        ctx.result.notes.append(
            "sheets without a calendar header skipped: " + ", ".join(repr(n) for n in others)
        )
    hidden = [n for n in calendars if n in ctx.source.hidden]
    if len(calendars) > 1 and not ctx.options.all_sheets:
        listed = ", ".join(repr(n) + (" (hidden)" if n in hidden else "") for n in calendars)
        ctx.error(
            "",
            None,
            None,
            Worded(
                f"{ctx.source.name} has {len(calendars)} sheets with a calendar header "
                f"({listed}); import them all",
                Flag(Fix.SHEETS, " (--all-sheets)", ""),
                " or choose",
                Flag(Fix.SHEETS, " (--sheet NAME, repeatable)", f" under “{SHEETS_LABEL}” above"),
            ),
        )
        ctx.result.questions.append(
            Question(
                "sheet",
                tuple(calendars),
                f"sheets to import: {listed}",
                "--all-sheets or --sheet NAME (repeatable)",
            )
        )
        return []
    if calendars:
        if hidden and len(calendars) > 1:
            ctx.result.notes.append(
                "read hidden sheets too (--all-sheets): " + ", ".join(repr(n) for n in hidden)
            )
        return calendars
    best, best_score = None, -1
    for name in names:
        match = find_header(ctx.source.rows(name))
        if match is None:
            continue
        fields = set(match.mapping())
        score = len(fields) + 10 * len(fields & {"date", "title"})
        if score > best_score:
            best, best_score = name, score
    return [best if best is not None else names[0]]


_ANSWERABLE = ("channel", "status", "owner", "campaign", REPEATS)


def _unused_values(ctx: ImportContext) -> list[str]:
    """A --values answer for a value no cell holds is a typo more often than not
    ("Status:Liv=published"): it changed nothing, and the user must hear so."""
    answers = ctx.options.values
    if not answers:
        return []
    seen: set[tuple[str, str]] = set()
    if ctx.options.channel:
        seen.add(("channel", fold(ctx.options.channel)))
    for sheet in ctx.result.sheets:
        rows = ctx.source.rows(sheet.sheet)[max(sheet.header_row, 0) :]
        for column in sheet.columns:
            if column.field not in _ANSWERABLE:
                continue
            for row in rows:
                text = cell_text(row[column.index]).strip() if column.index < len(row) else ""
                if not text:
                    continue
                seen.add((column.field, fold(text)))
                if column.field == "channel":
                    seen.update(("channel", fold(part)) for part in split_multi(text))
    written = getattr(answers, "written", {})
    return [
        Worded(
            f"“{written.get(key, ':'.join(key))}” ",
            Flag(Fix.VALUES, "(--values) ", None),
            "matched no cell of the file and changed nothing; check its spelling",
        )
        for key in unused_answers(answers, seen)
    ]


def _finish(ctx: ImportContext) -> ImportPlan:
    result = ctx.result
    result.series = lay_out_series(ctx)
    result.choices = {(REPEATS, text): c for text, c in ctx.recurrences.choices.items()}
    result.repeat_days = dict(ctx.recurrences.days)
    for sheet in result.sheets:
        sheet.finish_preview()
    if ctx.source.encoding not in ("utf-8", "utf-16"):
        result.notes.append(f"{ctx.source.name} is not UTF-8: read as {ctx.source.encoding} text")
        if ctx.source.encoding_sample is not None:
            line, word = ctx.source.encoding_sample
            result.notes.append(
                f"{ctx.source.name}: line {line} reads “{word}” in {ctx.source.encoding}; if "
                'letters look wrong, save the file as "CSV UTF-8" and import that'
            )
    refs = ctx.refs
    result.names = {
        **{("channel", c.id): c.name for c in (*refs.channels, *refs.new_channels)},
        **{("campaign", c.id): c.name for c in (*refs.campaigns, *refs.new_campaigns)},
        **{("initiative", i): v.title for i, v in refs.final_initiatives.items()},
        **{("initiative", i): v.title for i, v in refs.initiative_by_id.items()},
    }
    result.notes.extend(ctx.item_status.notes())
    result.notes.extend(ctx.initiative_status.notes())
    result.mapped = [
        *ctx.refs.listing(),
        *ctx.item_status.listing(),
        *ctx.initiative_status.listing(),
        *ctx.recurrences.listing(),
        *(
            MappedValue(field, value, target, RULE_VALUES, n)
            for (field, value, target), n in sorted(ctx.user_mapped.items())
        ),
    ]
    result.questions += [
        *ctx.refs.questions(),
        *ctx.item_status.questions(),
        *ctx.recurrences.questions(),
    ]
    for sheet_name, rows in ctx.skipped_rows.items():
        result.notes.append(
            Worded(
                f"{sheet_name}: {len(rows)} {noun(len(rows), 'row')} skipped as asked (",
                Flag(Fix.VALUES, "--values …=skip; ", f"“{SKIP_TEXT}” under “{READ_AS}”; "),
                f"rows {row_ranges(rows)})",
            )
        )
    result.notes.extend(_unused_values(ctx))
    program = open_in_spreadsheet(ctx.source.path)
    if program is not None:
        result.notes.append(
            f"{ctx.source.name} is open in {program}: what is not saved there is not in this "
            "import; save it there first if it has changes"
        )
    for sheet_name in sorted(ctx.source.misread_bom):
        result.notes.append(
            f"{sheet_name}: cell A1 began with “ï»¿”, a UTF-8 mark read as Latin-1 text: the "
            "program that saved this workbook read a UTF-8 CSV with the wrong encoding, so "
            "accented letters may be garbled (é as Ã©); check the changes, or open the CSV "
            "as UTF-8 and save it again"
        )
    if ctx.refs.new_channels:
        result.notes.append("new channels: " + ", ".join(c.name for c in ctx.refs.new_channels))
    if ctx.refs.new_campaigns:
        result.notes.append("new campaigns: " + ", ".join(c.name for c in ctx.refs.new_campaigns))
    result.created = [*ctx.refs.new_channels, *ctx.refs.new_campaigns]
    if result.errors:
        result.before, result.after = [], []
        return result
    before: list[Entity] = [old for old, _ in result.changed]
    after: list[Entity] = [new for _, new in result.changed]
    after += result.created
    after += result.new
    for made in result.series:  # the rows are in result.new; the series and the rest here
        after += [made.series, *made.laid]
    before += ctx.dependencies_before
    after += ctx.dependencies_after
    if ctx.options.delete_missing:
        before += _removal(ctx, result.removed, after)
    result.before, result.after = before, after
    return result


def _removal(ctx: ImportContext, removed: list[Entity], after: list[Entity]) -> list[Entity]:
    """What deleting the removed records takes with it (so undo restores it all)."""
    extra: list[Entity] = list(removed)
    gone = ctx.deleted_initiatives
    if not gone:
        return extra
    in_after = {(type(e), e.id) for e in after}
    removed_keys = {(type(e), e.id) for e in removed}
    for dep in repository.list_dependencies(ctx.pf):
        touches = {dep.predecessor_id, dep.successor_id} & gone
        if touches and dep not in extra and dep not in ctx.dependencies_before:
            extra.append(dep)
    for campaign in ctx.refs.campaigns:
        if campaign.initiative_id in gone:
            extra.append(campaign)
            after.append(campaign.replace(initiative_id=None))
    for item_id in (
        i for ids in (repository.list_items(ctx.pf, initiative_id=g) for g in gone) for i in ids
    ):
        key = (Item, item_id.id)
        if key in removed_keys or key in in_after:
            continue
        extra.append(item_id)
        after.append(item_id.replace(initiative_id=None))
    return extra


__all__ = [
    "ITEM_FIELDS",
    "PREVIEW_ROWS",
    "Action",
    "ImportOptions",
    "ImportPlan",
    "PreviewRow",
    "RowError",
    "SheetPlan",
    "apply_import",
    "build_import",
    "calendar_sheets",
    "column_letter",
    "describe_changes",
    "order_option",
    "parse_mapping",
]
