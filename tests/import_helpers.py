"""Workbooks for the import tests, written with openpyxl the way users' files look."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl

from streamdesk.excel.columns import (
    CONTENT_COLUMNS,
    CONTENT_SHEET,
    PLAN_SHEET,
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
    period: tuple[date, date] | None = None,
) -> Path:
    """Our workbook's Content and Timeline sheets; with a period, only what lies in it and
    a Plan sheet that names the period, as an export of part of the plan has."""
    content, timeline = own_workbook_rows(pf)
    if period is not None:
        first, last = period
        content[1:] = [r for r in content[1:] if first <= r[1] <= last]
        timeline[1:] = [r for r in timeline[1:] if r[4] <= last and r[5] >= first]
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
    if period is not None:
        ws = wb.create_sheet(PLAN_SHEET)
        ws.append(["Plan", repository.get_plan(pf).name])
        ws.append(["Period from", period[0]])
        ws.append(["Period to", period[1]])
    for sheet in wb.worksheets:
        for cells in sheet.iter_rows():
            for cell in cells:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"  # text, never a formula
    wb.save(path)
    return path
