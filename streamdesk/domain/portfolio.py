"""This week across every client: the portfolio's entries and their grouping (no Qt, no SQL).

An entry is an item or an initiative milestone of one plan on one day. The Plans window
and ``streamdesk portfolio`` group them by day, then by client (the plan's name when it
has no client), so that the Monday-morning question reads top to bottom. A client with
two plans (a retainer and a launch) gets one heading per plan, "Acme — Launch plan": under
one heading the two plans' items read as duplicates.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, time, timedelta
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class PortfolioEntry:
    day: date
    client: str  # the plan's client, or its name when it has none
    plan_name: str
    plan_path: Path
    kind: str  # "item" or "milestone"
    record_id: int
    title: str
    status: str
    channel: str = ""  # an item's channel
    at: time | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "date": self.day.isoformat(),
            "time": None if self.at is None else self.at.strftime("%H:%M"),
            "client": self.client,
            "plan": self.plan_name,
            "path": str(self.plan_path),
            "kind": self.kind,
            "id": self.record_id,
            "title": self.title,
            "status": self.status,
            "channel": self.channel or None,
        }


@dataclass(frozen=True)
class ClientDay:
    client: str
    entries: tuple[PortfolioEntry, ...]
    plan: str = ""  # which of the client's plans, when the client has more than one

    @property
    def heading(self) -> str:
        return f"{self.client} — {self.plan}" if self.plan else self.client


def plan_labels(plans: Iterable[tuple[str, str, Path]]) -> dict[Path, str]:
    """For each (client, plan name, path), the plan's label when its client has more
    than one plan, so their items are told apart: the plan's name, or its file's name when
    two of the client's plans share a name. Plans of a client with one plan are left out."""
    by_client: dict[str, dict[Path, str]] = {}
    for client, name, path in plans:
        by_client.setdefault(client, {})[path] = name
    labels: dict[Path, str] = {}
    for names in by_client.values():
        if len(names) < 2:
            continue
        counts: dict[str, int] = {}
        for name in names.values():
            counts[name.casefold()] = counts.get(name.casefold(), 0) + 1
        for path, name in names.items():
            labels[path] = name if name and counts[name.casefold()] == 1 else path.name
    return labels


def plan_headings(plans: Iterable[tuple[str, str, Path]]) -> dict[Path, str]:
    """Each plan's heading: its client, followed by the plan's label when needed."""
    plans = list(plans)
    labels = plan_labels(plans)
    return {
        path: f"{client} — {labels[path]}" if path in labels else client
        for client, _name, path in plans
    }


@dataclass(frozen=True)
class PortfolioDay:
    day: date
    clients: tuple[ClientDay, ...]


def _order(entry: PortfolioEntry) -> tuple[Any, ...]:
    return (
        entry.kind != "milestone",  # a day's milestones first: they are the deadlines
        entry.at is not None,
        entry.at or time(0),
        entry.title.casefold(),
        entry.record_id,
    )


def group_by_day_and_client(entries: Iterable[PortfolioEntry]) -> list[PortfolioDay]:
    """Days in order; within a day, clients by name (one heading per plan when a client
    has several among the entries); within one, milestones then items by time and title."""
    entries = list(entries)
    labels = plan_labels({(e.client, e.plan_name, e.plan_path) for e in entries})
    days: dict[date, dict[tuple[str, str], list[PortfolioEntry]]] = {}
    for entry in entries:
        key = (entry.client, labels.get(entry.plan_path, ""))
        days.setdefault(entry.day, {}).setdefault(key, []).append(entry)
    return [
        PortfolioDay(
            day,
            tuple(
                ClientDay(key[0], tuple(sorted(groups[key], key=_order)), key[1])
                for key in sorted(groups, key=lambda k: (k[0].casefold(), k[1].casefold()))
            ),
        )
        for day, groups in sorted(days.items())
    ]


def week_range(today: date, which: str = "this", week_start: int = 0) -> tuple[date, date]:
    """This week or next week (Monday to Sunday by default), as the portfolio offers them."""
    first = today - timedelta(days=(today.weekday() - week_start) % 7)
    if which == "next":
        first += timedelta(days=7)
    return first, first + timedelta(days=6)
