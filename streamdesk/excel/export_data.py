"""What an export writes, read from the plan in one consistent snapshot.

The writers (``export_xlsx``, ``export_csv``, ``export_ics``) depend on this module
only, and ``export`` picks one of them: no module imports the one that imports it.
The window may commit an edit while an export reads the plan on its own connection;
:func:`load` reads everything inside one read transaction, so the workbook never
mixes the plan before and after that edit.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from operator import attrgetter
from pathlib import Path

from streamdesk.domain import (
    Campaign,
    Channel,
    Dependency,
    Initiative,
    Item,
    Plan,
    ValidationError,
)
from streamdesk.domain.cadence import CommitmentReport
from streamdesk.domain.series import Series
from streamdesk.domain.text import noun
from streamdesk.excel.columns import CONTENT_COLUMNS, CONTENT_EXTRA_COLUMNS
from streamdesk.storage import PlanFile, repository, series_repo

Progress = Callable[[int, int], object]
"""Called with (done, total) now and then; raise from it (e.g. ExportCancelled) to stop."""


class ExportError(Exception):
    """An export that cannot be made, with a message for the user."""


class ExportCancelled(Exception):
    """Raised from a progress callback to stop an export; nothing is written."""


@dataclass
class ExportData:
    """Everything an export writes, read in one go from the plan file."""

    plan: Plan
    channels: list[Channel]
    items: list[Item]
    initiatives: list[Initiative]
    dependencies: list[Dependency]
    campaigns: list[Campaign]
    first: date | None  # the period covered (None when the plan is empty)
    last: date | None
    source: Path
    uid: str  # the plan's identity, for iCalendar UIDs
    initiative_titles: dict[int, str] = field(default_factory=dict)
    generated: datetime = field(default_factory=lambda: datetime.now().replace(microsecond=0))
    # for the calendar feed: {item id: (sequence, modified)} and the deleted items
    versions: dict[int, tuple[int, str | None]] = field(default_factory=dict)
    tombstones: list[repository.Tombstone] = field(default_factory=list)
    series: dict[int, Series] = field(default_factory=dict)
    cadence: list[CommitmentReport] = field(default_factory=list)
    # the range the export was asked for (--from/--to, the dialog's dates): None on a side
    # where it runs with the plan itself; sheets clip and label partial periods by it
    range_from: date | None = None
    range_to: date | None = None

    def channel_by_id(self) -> dict[int, Channel]:
        return {c.id: c for c in self.channels if c.id is not None}

    def campaign_names(self) -> dict[int, str]:
        return {c.id: c.name for c in self.campaigns if c.id is not None}


@dataclass(frozen=True)
class ExportSummary:
    """What an export wrote, for a status line."""

    path: Path
    items: int
    initiatives: int
    first: date | None
    last: date | None
    notes: tuple[str, ...] = ()  # values the format could not hold, item by item

    def describe(self) -> str:
        text = (
            f"{self.path}: {self.items} {noun(self.items, 'item')}, "
            f"{self.initiatives} {noun(self.initiatives, 'initiative')}"
        )
        if self.first is not None and self.last is not None:
            text += f", {self.first.isoformat()} to {self.last.isoformat()}"
        if self.notes:
            text += "; left out: " + "; ".join(self.notes)
        return text


@contextlib.contextmanager
def read_snapshot(pf: PlanFile) -> Iterator[None]:
    """Every read in the block sees the plan as of its first read (SQLite: one read
    transaction on this connection; WAL lets the window commit meanwhile)."""
    if pf.conn.in_transaction:  # already inside one (a caller's transaction): it is the snapshot
        yield
        return
    pf.conn.execute("BEGIN DEFERRED")
    try:
        yield
    finally:
        if pf.conn.in_transaction:
            pf.conn.execute("COMMIT")


def load(pf: PlanFile, start: date | None = None, end: date | None = None) -> ExportData:
    """Read the plan, limited to items dated and initiatives running within [start, end]."""
    if start is not None and end is not None and end < start:
        raise ValidationError(
            f"the export period ends ({end.isoformat()}) before it starts ({start.isoformat()})",
            "end",
        )
    with read_snapshot(pf):
        return _read(pf, start, end)


def _read(pf: PlanFile, start: date | None, end: date | None) -> ExportData:
    bounds = repository.date_range(pf)
    first = start or (bounds[0] if bounds else None)
    last = end or (bounds[1] if bounds else None)
    if first is not None and last is not None and last < first:
        # only one end was given and the plan lies entirely on the other side of it
        first, last = (first, first) if start is not None else (last, last)
    if first is None or last is None:
        initiatives: list[Initiative] = []
        items: list[Item] = []
    else:
        initiatives = repository.list_initiatives(pf, first, last)
        items = repository.list_items(pf, first, last)
    # initiatives outside the period still give the items that serve them a name
    titles = {i.id: i.title for i in repository.list_initiatives(pf) if i.id is not None}
    return ExportData(
        plan=repository.get_plan(pf),
        channels=repository.list_channels(pf),
        items=items,
        initiatives=initiatives,
        dependencies=repository.list_dependencies(pf),
        campaigns=repository.list_campaigns(pf),
        first=first,
        last=last,
        source=pf.path,
        uid=repository.plan_uid(pf),
        initiative_titles=titles,
        versions=repository.item_versions(pf),
        tombstones=repository.list_tombstones(pf, start, end),
        series={s.id: s for s in series_repo.list_series(pf) if s.id is not None},
        cadence=series_repo.cadence_report(pf),
        range_from=start,
        range_to=end,
    )


def content_fields(data: ExportData) -> list[Callable[[Item], object]]:
    """One value getter per ``CONTENT_COLUMNS`` entry, in the contract's order.

    Values are plain Python: ints, floats, dates, times, text ('' when empty) and
    None for results not known yet. Channel, campaign and initiative are names.
    """
    channels = {cid: c.name for cid, c in data.channel_by_id().items()}
    campaigns = data.campaign_names()
    initiatives = data.initiative_titles
    special: dict[str, Callable[[Item], object]] = {
        "channel": lambda i: channels.get(i.channel_id, ""),
        "status": lambda i: i.status.value,
        "campaign": lambda i: campaigns.get(i.campaign_id, "") if i.campaign_id else "",
        "initiative": lambda i: initiatives.get(i.initiative_id, "") if i.initiative_id else "",
        "repeats": lambda i: repeats_text(i, data.series),
    }
    return [special.get(name) or attrgetter(name) for _, name in CONTENT_COLUMNS]


def extra_fields(data: ExportData) -> list[Callable[[Item], object]]:
    """One value getter per ``CONTENT_EXTRA_COLUMNS`` entry (what the client reads and
    import ignores): the day a moved item was first planned for, else None."""
    getters: dict[str, Callable[[Item], object]] = {
        "planned_for": lambda i: i.baseline if i.moved else None,
    }
    return [getters[name] for _, name in CONTENT_EXTRA_COLUMNS]


def repeats_text(item: Item, series: dict[int, Series]) -> str:
    """The Repeats cell: the rule in words and the series id, so that a re-import keeps the
    occurrence in its series ("Every week on Mon (series 3)"; "…, moved on its own" for an
    exception). Empty for an item that does not repeat."""
    if item.series_id is None:
        return ""
    one = series.get(item.series_id)
    words = one.describe() if one is not None else "Repeats"
    own = ", moved on its own" if item.detached else ""
    return f"{words} (series {item.series_id}{own})"
