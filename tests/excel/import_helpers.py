"""Workbooks for the import tests, written with openpyxl the way users' files look,
and the helpers every import test file shares."""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl

from streamdesk.excel.columns import (
    CONTENT_COLUMNS,
    CONTENT_SHEET,
    TIMELINE_COLUMNS,
    TIMELINE_SHEET,
)
from streamdesk.excel.import_model import ImportOptions, ImportPlan
from streamdesk.excel.plan_import import build_import
from streamdesk.excel.readers import open_source
from streamdesk.storage import PlanFile, repository
from streamdesk.storage.catalogue import duplicate_plan

DATA = Path(__file__).parents[1] / "data"
"""Spreadsheets from outside the project (tests/data), shared by every area's tests."""
REALWORLD = DATA / "realworld"
"""Files as other tools and clients write them, with expected.json (test_import_realworld)."""


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def dry_run(pf: PlanFile, path: Path, **options: Any) -> ImportPlan:
    """What importing ``path`` would do (nothing is written)."""
    return build_import(pf, open_source(path), ImportOptions(**options))


def write_rows(path: Path, rows: Sequence[Sequence[Any]], sheet: str = "Sheet1") -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    for row in rows:
        ws.append(list(row))
    wb.save(path)
    return path


def own_workbook_rows(pf: PlanFile) -> tuple[list[list[Any]], list[list[Any]]]:
    """The Content and Timeline rows of our own workbook, following excel/columns.py."""
    channels = {c.id: c.name for c in repository.list_channels(pf)}
    campaigns = {c.id: c.name for c in repository.list_campaigns(pf)}
    initiatives = repository.list_initiatives(pf)
    titles = {i.id: i.title for i in initiatives}
    content: list[list[Any]] = [[h for h, _ in CONTENT_COLUMNS]]
    for item in repository.list_items(pf):
        values = {
            "channel": channels[item.channel_id],
            "campaign": campaigns.get(item.campaign_id),
            "initiative": titles.get(item.initiative_id),
            "status": item.status.value,
            "repeats": "",  # the demo has no series
        }
        content.append([values[f] if f in values else getattr(item, f) for _, f in CONTENT_COLUMNS])
    deps: dict[int, list[int]] = {}
    for d in repository.list_dependencies(pf):
        deps.setdefault(d.successor_id, []).append(d.predecessor_id)
    timeline: list[list[Any]] = [[h for h, _ in TIMELINE_COLUMNS]]
    for i in initiatives:
        values = {
            "status": i.status.value,
            "depends_on": ", ".join(str(p) for p in deps.get(i.id, [])) or None,
            "gate": "yes" if i.gate else None,
        }
        timeline.append([values[f] if f in values else getattr(i, f) for _, f in TIMELINE_COLUMNS])
    return content, timeline


def write_own_workbook(
    pf: PlanFile,
    path: Path,
    edit_content: Any = None,
    edit_timeline: Any = None,
) -> Path:
    """A bare workbook with our Content and Timeline sheets (no Plan sheet, no styles)."""
    content, timeline = own_workbook_rows(pf)
    if edit_content:
        edit_content(content)
    if edit_timeline:
        edit_timeline(timeline)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = CONTENT_SHEET
    for row in content:
        ws.append([None if v == "" else v for v in row])
    ws = wb.create_sheet(TIMELINE_SHEET)
    for row in timeline:
        ws.append([None if v == "" else v for v in row])
    _keep_text(wb)
    wb.save(path)
    return path


def _keep_text(wb: Any) -> None:
    for sheet in wb.worksheets:
        for cells in sheet.iter_rows():
            for cell in cells:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"  # text, never a formula


Edit = Callable[[list[list[Any]]], None] | None


def export(
    pf: PlanFile,
    path: Path,
    edit_content: Edit = None,
    edit_timeline: Edit = None,
    period: tuple[date, date] | None = None,
) -> Path:
    """Export with the real exporter, then edit the Content / Timeline rows as a client would
    (in a spreadsheet program: openpyxl here)."""
    from streamdesk.excel.export import export_plan

    export_plan(pf, path, *(period or (None, None)))
    if edit_content is None and edit_timeline is None:
        return path
    wb = openpyxl.load_workbook(path)
    for name, edit in ((CONTENT_SHEET, edit_content), (TIMELINE_SHEET, edit_timeline)):
        if edit is None:
            continue
        ws = wb[name]
        rows = [list(r) for r in ws.iter_rows(values_only=True)]
        edit(rows)
        # typed over the cells, as in a spreadsheet program: each cell keeps its format
        # (a percentage stays one); rows the edit removed are cleared
        width = max([ws.max_column, *map(len, rows)])
        for r in range(1, max(ws.max_row, len(rows)) + 1):
            row = rows[r - 1] if r <= len(rows) else []
            for c in range(1, width + 1):
                ws.cell(r, c).value = row[c - 1] if c <= len(row) else None
    _keep_text(wb)
    wb.save(path)
    return path


@contextlib.contextmanager
def other_plan(pf: PlanFile, tmp_path: Path, name: str = "beta.streamdesk") -> Iterator[PlanFile]:
    """Client B's plan: a duplicate of ``pf`` (the same item IDs) with its own identity,
    as the Plans window's Duplicate makes it; open for the block."""
    target = duplicate_plan(pf.path, tmp_path / name)
    beta = PlanFile.open(target)
    try:
        yield beta
    finally:
        beta.close()
