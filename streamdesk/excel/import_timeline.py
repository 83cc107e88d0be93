"""Initiative rows: the Timeline sheet of our own workbook, matched by ID, and dependencies.

Rows are matched by ID like items; "Depends on" lists predecessor IDs, and the wanted
dependencies are checked as a whole (no initiative depending on itself, on a removed
one, or in a cycle) before the import plan takes them.
"""

from __future__ import annotations

import contextlib
from typing import Any

from streamdesk.domain import Dependency, Initiative, InitiativeStatus, ValidationError
from streamdesk.domain.dependencies import would_create_cycle
from streamdesk.excel.cells import CellError, cell_text, parse_bool, parse_id, parse_number, quoted
from streamdesk.excel.dates import parse_date_column
from streamdesk.excel.import_context import ImportContext
from streamdesk.excel.import_model import (
    TIMELINE_FIELDS,
    Action,
    SheetPlan,
    same_value,
    saved_id,
)
from streamdesk.excel.wording import message_of
from streamdesk.storage import repository


def read_timeline(ctx: ImportContext, sheet: str) -> None:
    rows = ctx.source.rows(sheet)
    if not rows:
        return
    header_index, columns = ctx.header(sheet, rows, TIMELINE_FIELDS, user_mapping=False)
    plan = SheetPlan(sheet, header_index + 1, columns, True, "initiatives")
    ctx.result.sheets.append(plan)
    mapping = {c.field: c.index for c in columns if c.field is not None}
    if "id" not in mapping:
        ctx.error(sheet, 1, None, "the ID column is missing")
        return
    ctx.unevaluated(sheet, header_index, mapping)
    # Data rows end at the first row without an ID and a title (the sheet may hold a legend)
    data = [
        (n + 2, row)
        for n, row in enumerate(rows[1:])
        if any(row[i] is not None for i in mapping.values() if i < len(row))
    ]

    def cell(row: list[Any], name: str) -> Any:
        i = mapping.get(name)
        return row[i] if i is not None and i < len(row) else None

    starts = parse_date_column([cell(r, "start") for _, r in data], ctx.options.order)
    ends = parse_date_column([cell(r, "end") for _, r in data], ctx.options.order)
    for name, col in (("start", starts), ("end", ends)):
        if col.problem and name in mapping:
            ctx.error(sheet, None, mapping[name], col.problem)
    # progress as a percentage: a fraction in a cell formatted as one (our workbook since
    # layout 2, or a client's 50 % typed anywhere), else the number as it reads (older
    # workbooks stored 50 shown as "50%")
    percent_rows = (
        ctx.source.percent_rows(sheet, mapping["progress"]) if "progress" in mapping else set()
    )
    seen: dict[int, int] = {}
    dependencies = repository.list_dependencies(ctx.pf)
    # a row without an ID that matches an initiative the sheet does not list by ID is that
    # initiative (made by an earlier import of this same workbook), as for items
    listed = set()
    for _, row in data:
        with contextlib.suppress(CellError):
            listed.add(parse_id(cell(row, "id")))
    unlisted: dict[tuple[Any, ...], int] = {
        (i.title, i.kind, i.start, i.end): saved_id(i)
        for i in reversed(ctx.refs.initiatives)
        if i.id not in listed
    }
    wanted_deps: dict[int, set[int]] = {}
    for n, (row_no, row) in enumerate(data):
        failed = False

        def fail(name: str, message: str, row_no: int = row_no) -> None:
            nonlocal failed
            failed = True
            ctx.error(sheet, row_no, mapping.get(name), message)

        values: dict[str, Any] = {}
        try:
            initiative_id = parse_id(cell(row, "id"))
        except CellError as error:
            fail("id", message_of(error))
            continue
        current = ctx.refs.initiative_by_id.get(initiative_id) if initiative_id else None
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
                values[name] = cell_text(raw) if name == "notes" else cell_text(raw).strip()
        if "status" in mapping and cell(row, "status") is not None:
            try:
                values["status"] = ctx.initiative_status(cell(row, "status"))
            except CellError as error:
                fail("status", message_of(error))
        for name in ("progress", "effort_hours", "budget"):
            if name in mapping:
                raw = cell(row, name)
                as_percent = name == "progress" and row_no - 1 in percent_rows
                if isinstance(raw, float) and (as_percent or (name == "progress" and 0 < raw < 1)):
                    # a fraction: no whole-number progress lies strictly between 0 and 1
                    raw = round(raw * 100, 6)
                try:
                    number = parse_number(raw, integer=name == "progress")
                except CellError as error:
                    fail(name, message_of(error))
                    continue
                values[name] = number or (0 if name == "progress" else 0.0)
        if "gate" in mapping:
            try:
                values["gate"] = parse_bool(cell(row, "gate"))
            except CellError as error:
                fail("gate", message_of(error))
        depends: set[int] | None = None
        if "depends_on" in mapping:
            raw = cell_text(cell(row, "depends_on"))
            depends = set()
            for part in raw.replace(";", ",").split(","):
                part = part.strip().lstrip("#")
                if not part:
                    continue
                if not part.isdigit() or int(part) not in ctx.refs.initiative_by_id:
                    fail("depends_on", f"{quoted(part)} is not the ID of an initiative")
                    continue
                depends.add(int(part))
        if failed:
            ctx.preview(plan, row_no, Action.ERROR, values)
            continue
        if current is not None:
            changes = {k: v for k, v in values.items() if not same_value(getattr(current, k), v)}
            target = current
            if changes:
                try:
                    target = current.replace(**changes)
                except ValidationError as error:
                    ctx.field_error(sheet, row_no, mapping, error)
                    continue
            old_deps = {d.predecessor_id for d in dependencies if d.successor_id == current.id}
            if depends is not None:
                wanted_deps[saved_id(current)] = depends
            if changes or (depends is not None and depends != old_deps):
                ctx.result.changed.append((current, target))
                ctx.preview(plan, row_no, Action.CHANGED, values)
            else:
                ctx.result.unchanged += 1
                ctx.preview(plan, row_no, Action.UNCHANGED, values)
            ctx.refs.final_initiatives[saved_id(current)] = target
            continue
        if initiative_id is not None:
            ctx.result.notes.append(
                f"{sheet}!{row_no}: initiative ID {initiative_id} is no longer in the plan; "
                "it is imported as a new initiative"
            )
        else:
            key = tuple(values.get(k) for k in ("title", "kind", "start", "end"))
            match = unlisted.pop(key, None)
            if match is not None:
                seen[match] = row_no
                ctx.result.skipped += 1
                ctx.preview(plan, row_no, Action.SKIPPED, values)
                continue
        try:
            values.setdefault("status", InitiativeStatus.PLANNED)
            initiative = Initiative(**values, id=ctx.refs.allocate(Initiative))
        except (ValidationError, TypeError) as error:
            if isinstance(error, TypeError):
                ctx.error(sheet, row_no, None, "the row lacks a title, kind, start or end")
            else:
                ctx.field_error(sheet, row_no, mapping, error)
            continue
        ctx.result.new.append(initiative)
        ctx.refs.final_initiatives[saved_id(initiative)] = initiative
        if depends:
            wanted_deps[saved_id(initiative)] = depends
        ctx.preview(plan, row_no, Action.NEW, values)
    # removed initiatives
    for initiative in ctx.refs.initiatives:
        if initiative.id not in seen and ctx.in_period(initiative.start, initiative.end):
            ctx.result.removed.append(initiative)
            if ctx.options.delete_missing:
                ctx.deleted_initiatives.add(saved_id(initiative))
                ctx.refs.final_initiatives.pop(initiative.id, None)
    _dependencies(ctx, sheet, dependencies, wanted_deps)


def _dependencies(
    ctx: ImportContext, sheet: str, existing: list[Dependency], wanted: dict[int, set[int]]
) -> None:
    final = [
        d
        for d in existing
        if d.successor_id not in wanted
        and not ({d.predecessor_id, d.successor_id} & ctx.deleted_initiatives)
    ]
    for successor, predecessors in wanted.items():
        for predecessor in sorted(predecessors):
            if predecessor in ctx.deleted_initiatives:
                title = ctx.refs.initiative_by_id[predecessor].title
                ctx.error(
                    sheet,
                    None,
                    None,
                    f"{ctx.refs.final_initiatives[successor].title!r} depends on {title!r}, "
                    "which is removed from the sheet",
                )
                continue
            if predecessor == successor:
                ctx.error(sheet, None, None, f"initiative {successor} depends on itself")
                continue
            dep = Dependency(predecessor, successor)
            if would_create_cycle(final, dep):
                ctx.error(
                    sheet,
                    None,
                    None,
                    f"the dependency of {successor} on {predecessor} would make a cycle",
                )
                continue
            final.append(dep)
    ctx.dependencies_before = [d for d in existing if d not in final]
    ctx.dependencies_after = [d for d in final if d not in existing]
