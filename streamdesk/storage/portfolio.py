"""Reading the portfolio: every listed plan's items and milestones in a range, read-only.

Plans that cannot be read are skipped and named (the Plans list shows why); the rest are
read through read-only connections (``mode=ro``), never taking a writer's lock.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from streamdesk.domain.portfolio import PortfolioEntry
from streamdesk.storage.errors import StorageError
from streamdesk.storage.planfile import PlanFile


@dataclass
class Portfolio:
    entries: list[PortfolioEntry] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # "<file>: why"


def plan_entries(pf: PlanFile, start: date, end: date) -> list[PortfolioEntry]:
    from streamdesk.storage import repository

    plan = repository.get_plan(pf)
    client = plan.client or plan.name
    channels = {c.id: c.name for c in repository.list_channels(pf)}
    entries = [
        PortfolioEntry(
            item.date,
            client,
            plan.name,
            pf.path,
            "item",
            item.id or 0,
            item.title,
            item.status.value,
            channels.get(item.channel_id, ""),
            item.time,
        )
        for item in repository.list_items(pf, start, end)
    ]
    entries += [
        PortfolioEntry(
            i.start, client, plan.name, pf.path, "milestone", i.id or 0, i.title, i.status.value
        )
        for i in repository.list_initiatives(pf, start, end)
        if i.is_milestone
    ]
    return entries


def read_portfolio(paths: Iterable[Path], start: date, end: date) -> Portfolio:
    result = Portfolio()
    for path in paths:
        try:
            with PlanFile.open(path, read_only=True) as pf:
                result.entries += plan_entries(pf, start, end)
        except (StorageError, sqlite3.Error, ValueError, UnicodeDecodeError) as error:
            result.skipped.append(f"{Path(path).name}: {error}")
    return result
