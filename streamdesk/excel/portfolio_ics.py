"""The consultant's own calendar: every listed plan's items in one ``.ics``.

The events are the ones ``export_ics`` writes for each plan, with the same UIDs
(``item-<id>.<plan identity>@streamdesk``): stable per plan, so importing the file again
updates the events, and a plan's own export and this one never make two copies of an
item. The summary starts with the client (``[Client] [Channel] Title``), since the
calendar holds every client's work, and a client with more than one plan names the plan
too (``[Acme — Launch plan]``), else the two plans' items read as duplicates; each plan's
timed items keep its time zone.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from streamdesk import __version__
from streamdesk.domain.portfolio import plan_headings
from streamdesk.domain.text import noun
from streamdesk.excel.export_data import ExportData, load
from streamdesk.excel.export_ics import (
    STATUS,
    _timezone_block,
    _utc,
    escape_text,
    event_head,
    fold,
)
from streamdesk.storage import PlanFile, StorageError


@dataclass
class PortfolioExport:
    path: Path
    events: int = 0
    plans: int = 0
    skipped: list[str] = field(default_factory=list)

    def describe(self) -> str:
        text = (
            f"{self.path}: {self.events} {noun(self.events, 'item')} from "
            f"{self.plans} {noun(self.plans, 'plan')}"
        )
        if self.skipped:
            text += "; not read: " + "; ".join(self.skipped)
        return text


def _events(data: ExportData, stamp: str, heading: str = "") -> list[str]:
    who = data.plan.client or data.plan.name
    channels = {cid: c.name for cid, c in data.channel_by_id().items()}
    out: list[str] = []
    for item in data.items:
        channel = channels.get(item.channel_id, "")
        out += event_head(data, item, stamp)
        title = f"[{heading or who}] " + (f"[{channel}] {item.title}" if channel else item.title)
        out.append(fold(f"SUMMARY:{escape_text(title)}"))
        categories = ",".join(escape_text(c) for c in (who, channel) if c)
        out.append(fold(f"CATEGORIES:{categories}"))
        out.append(f"STATUS:{STATUS[item.status]}")
        out.append("TRANSP:TRANSPARENT")
        detail = f"{data.plan.name} · status: {item.status.value}"
        out.append(fold(f"DESCRIPTION:{escape_text(detail)}"))
        out.append("END:VEVENT")
    return out


def write_portfolio_ics(
    paths: Iterable[Path],
    target: Path,
    start: date | None = None,
    end: date | None = None,
) -> PortfolioExport:
    """Write one calendar of the plans' items (within [start, end] when given)."""
    result = PortfolioExport(Path(target))
    stamp = _utc(datetime.now().astimezone())
    events: list[str] = []
    zones: dict[str, set[date]] = {}
    loaded: list[tuple[Path, ExportData]] = []
    for path in paths:
        try:
            with PlanFile.open(path, read_only=True) as pf:
                loaded.append((Path(path), load(pf, start, end)))
        except (StorageError, sqlite3.Error, ValueError, UnicodeDecodeError) as error:
            result.skipped.append(f"{Path(path).name} ({error})")
    headings = plan_headings(
        (data.plan.client or data.plan.name, data.plan.name, path) for path, data in loaded
    )
    for path, data in loaded:
        events += _events(data, stamp, headings[path])
        result.events += len(data.items)
        result.plans += 1
        timed = {i.date for i in data.items if i.time is not None}
        if timed:
            zones.setdefault(data.plan.time_zone, set()).update(timed)
    out = [
        "BEGIN:VCALENDAR",
        f"PRODID:-//StreamDesk {__version__}//Portfolio//EN",
        "VERSION:2.0",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:StreamDesk · all clients",
    ]
    for zone, days in sorted(zones.items()):
        out += _timezone_block(zone, days)
    if not events and not zones:  # RFC 5545 wants one component: an empty calendar's zone
        from streamdesk.domain.zones import system_time_zone

        out += _timezone_block(system_time_zone(), [])
    out += events
    out.append("END:VCALENDAR")
    try:
        result.path.write_bytes(("\r\n".join(out) + "\r\n").encode("utf-8"))
    except OSError as error:
        raise StorageError(f"Could not write {result.path}: {error.strerror or error}") from error
    return result
