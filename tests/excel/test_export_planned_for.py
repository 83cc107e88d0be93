"""The Content sheet's and CSV's "Planned for" column: the day a moved item was first
planned for, for the client to read; import leaves it alone, so the round trip holds."""

from __future__ import annotations

import csv
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
from import_helpers import dry_run, export

from streamdesk.domain import Item
from streamdesk.excel.columns import CONTENT_COLUMNS, CONTENT_EXTRA_COLUMNS, CONTENT_SHEET
from streamdesk.excel.export import export_plan
from streamdesk.excel.plan_import import apply_import
from streamdesk.storage import PlanFile, repository

CONTENT = {f: n for n, (_, f) in enumerate((*CONTENT_COLUMNS, *CONTENT_EXTRA_COLUMNS))}
NEW_DAY = date(2027, 3, 27)


def move_one(pf: PlanFile) -> tuple[Item, Item]:
    item = repository.list_items(pf)[3]
    moved = item.replace(date=NEW_DAY)
    repository.apply_changes(pf, [item], [moved])
    return item, moved


def test_the_workbook_names_the_day_a_moved_item_was_first_planned_for(
    pf: PlanFile, tmp_path: Path
) -> None:
    item, _ = move_one(pf)
    out = export(pf, tmp_path / "plan.xlsx")
    ws = openpyxl.load_workbook(out)[CONTENT_SHEET]
    column = CONTENT["planned_for"] + 1
    assert ws.cell(1, column).value == "Planned for"
    planned = {ws.cell(r, 1).value: ws.cell(r, column).value for r in range(2, ws.max_row + 1)}
    assert planned[item.id] == datetime.combine(item.date, datetime.min.time())
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == item.id)
    assert ws.cell(row, column).number_format == ws.cell(row, CONTENT["date"] + 1).number_format
    assert all(v is None for k, v in planned.items() if k != item.id)  # the rest did not move


def test_the_csv_names_it_too(pf: PlanFile, tmp_path: Path) -> None:
    item, _ = move_one(pf)
    out = tmp_path / "plan.csv"
    export_plan(pf, out)
    with out.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.reader(stream))
    assert rows[0][-2:] == ["Planned for", "Plan ID"]  # the plan's identity comes last
    by_id = {r[0]: r[-2] for r in rows[1:]}
    assert by_id[str(item.id)] == item.date.isoformat()
    assert {v for k, v in by_id.items() if k != str(item.id)} == {""}


def test_the_round_trip_ignores_the_column_and_keeps_the_baseline(
    pf: PlanFile, tmp_path: Path
) -> None:
    item, moved = move_one(pf)
    for name in ("own.xlsx", "own.csv"):
        path = tmp_path / name
        export_plan(pf, path)
        plan = dry_run(pf, path)
        assert plan.counts() == {"new": 0, "changed": 0, "removed": 0, "errors": 0}, name

    def edit(rows: list[list[Any]]) -> None:
        row = next(r for r in rows[1:] if r[CONTENT["id"]] == moved.id)
        row[CONTENT["planned_for"]] = date(2020, 1, 1)  # a client's edit here changes nothing
        row[CONTENT["date"]] = date(2027, 3, 30)  # but the date moves the item again

    plan = dry_run(pf, export(pf, tmp_path / "edited.xlsx", edit_content=edit))
    ((old, new),) = plan.changed
    assert old == moved and new == moved.replace(date=date(2027, 3, 30))
    apply_import(pf, plan)
    stored = repository.get(pf, Item, moved.id or 0)
    assert (stored.date, stored.baseline) == (date(2027, 3, 30), item.date)


def test_a_new_row_in_the_workbook_is_planned_for_its_own_day(pf: PlanFile, tmp_path: Path) -> None:
    def add(rows: list[list[Any]]) -> None:
        row = list(rows[1])
        row[CONTENT["id"]] = None
        row[CONTENT["title"]] = "Added by the client"
        row[CONTENT["date"]] = date(2027, 4, 2)
        row[CONTENT["planned_for"]] = date(2027, 3, 1)  # ignored: a new row is new
        rows.append(row)

    plan = dry_run(pf, export(pf, tmp_path / "added.xlsx", edit_content=add))
    [new] = plan.new
    assert isinstance(new, Item) and new.baseline == date(2027, 4, 2) and not new.moved
