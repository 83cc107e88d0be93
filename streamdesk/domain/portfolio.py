"""This week across every client: the portfolio's entries and their grouping (no Qt, no SQL).

An entry is an item or an initiative milestone of one plan on one day. The Plans window
and ``streamdesk portfolio`` group them by day, then by client (the plan's name when it
has no client), so that the Monday-morning question reads top to bottom.
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
    """Days in order; within a day, clients by name; within a client, milestones then items
    by time and title."""
    days: dict[date, dict[str, list[PortfolioEntry]]] = {}
    for entry in entries:
        days.setdefault(entry.day, {}).setdefault(entry.client, []).append(entry)
    return [
        PortfolioDay(
            day,
            tuple(
                ClientDay(client, tuple(sorted(clients[client], key=_order)))
                for client in sorted(clients, key=str.casefold)
            ),
        )
        for day, clients in sorted(days.items())
    ]


def week_range(today: date, which: str = "this", week_start: int = 0) -> tuple[date, date]:
    """This week or next week (Monday to Sunday by default), as the portfolio offers them."""
    first = today - timedelta(days=(today.weekday() - week_start) % 7)
    if which == "next":
        first += timedelta(days=7)
    return first, first + timedelta(days=6)
