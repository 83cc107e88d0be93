"""Workbooks for the import tests, written with openpyxl the way users' files look."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import openpyxl

from streamdesk.excel.columns import (
    CONTENT_COLUMNS,
    CONTENT_SHEET,
    TIMELINE_COLUMNS,
    TIMELINE_SHEET,
)
from streamdesk.storage import PlanFile, repository


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
    for sheet in wb.worksheets:
        for cells in sheet.iter_rows():
            for cell in cells:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"  # text, never a formula
    wb.save(path)
    return path
