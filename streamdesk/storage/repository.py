"""Repository functions: the only code that turns rows into domain objects and back.

Each public write runs in one transaction. ``apply_changes`` is the generic write
that undo commands use: it moves the file from one set of snapshots to another.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, time
from typing import TYPE_CHECKING, Any

from streamdesk.domain import (
    Campaign,
    Channel,
    Dependency,
    Entity,
    Initiative,
    InitiativeStatus,
    Item,
    ItemStatus,
    Plan,
    Stream,
    default_channels,
)
from streamdesk.domain.balance import DayTotals
from streamdesk.domain.cadence import Commitment
from streamdesk.domain.dependencies import check_new_dependency
from streamdesk.domain.errors import ValidationError
from streamdesk.domain.series import Series
from streamdesk.domain.zones import system_time_zone
from streamdesk.storage.errors import ConflictError, NotFoundError, StorageError
from streamdesk.storage.planfile import PlanFile
from streamdesk.storage.schema import BASELINE_FORMAT, FEED_FORMAT, SERIES_FORMAT

if TYPE_CHECKING:  # imported where used: the health rules are not needed to open a plan
    from streamdesk.domain.health import ItemFacts

# -- row conversion ---------------------------------------------------------------


def _d(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _t(value: time | None) -> str | None:
    return None if value is None else value.strftime("%H:%M")


def plan_to_row(plan: Plan) -> dict[str, Any]:
    return {
        "id": 1,
        "name": plan.name,
        "client": plan.client,
        "currency": plan.currency,
        "start_date": _d(plan.start),
        "band_low": plan.band_low,
        "band_high": plan.band_high,
        "week_start": plan.week_start,
        "measure": plan.measure.value,
        "time_zone": plan.time_zone,
    }


def plan_from_row(row: dict[str, Any]) -> Plan:
    return Plan(
        name=row["name"],
        client=row["client"],
        currency=row["currency"],
        start=row["start_date"],
        band_low=row["band_low"],
        band_high=row["band_high"],
        week_start=row["week_start"],
        measure=row["measure"],
        time_zone=row.get("time_zone") or system_time_zone(),  # '' before format 5
    )


def channel_to_row(c: Channel) -> dict[str, Any]:
    return {
        "id": c.id,
        "name": c.name,
        "colour": c.colour,
        "stream": c.stream.value,
        "default_effort_hours": c.default_effort_hours,
        "position": c.position,
    }


def channel_from_row(row: dict[str, Any]) -> Channel:
    return Channel(**row)


def initiative_to_row(i: Initiative) -> dict[str, Any]:
    return {
        "id": i.id,
        "title": i.title,
        "kind": i.kind,
        "lane": i.lane,
        "start_date": _d(i.start),
        "end_date": _d(i.end),
        "owner": i.owner,
        "status": i.status.value,
        "progress": i.progress,
        "effort_hours": i.effort_hours,
        "budget": i.budget,
        "segment": i.segment,
        "notes": i.notes,
        "gate": int(i.gate),
    }


def initiative_from_row(row: dict[str, Any]) -> Initiative:
    return Initiative.trusted(
        title=row["title"],
        kind=row["kind"],
        start=date.fromisoformat(row["start_date"]),
        end=date.fromisoformat(row["end_date"]),
        lane=row["lane"],
        owner=row["owner"],
        status=_INITIATIVE_STATUS[row["status"]],
        progress=int(row["progress"]),
        effort_hours=float(row["effort_hours"]),
        budget=float(row["budget"]),
        segment=row["segment"],
        notes=row["notes"],
        gate=bool(row["gate"]),
        id=row["id"],
    )


def dependency_to_row(d: Dependency) -> dict[str, Any]:
    return {"predecessor_id": d.predecessor_id, "successor_id": d.successor_id}


def dependency_from_row(row: dict[str, Any]) -> Dependency:
    return Dependency(row["predecessor_id"], row["successor_id"])


def campaign_to_row(c: Campaign) -> dict[str, Any]:
    return {
        "id": c.id,
        "name": c.name,
        "start_date": _d(c.start),
        "end_date": _d(c.end),
        "goal_metric": c.goal_metric,
        "goal_target": c.goal_target,
        "initiative_id": c.initiative_id,
    }


def campaign_from_row(row: dict[str, Any]) -> Campaign:
    row = dict(row)
    row["start"] = row.pop("start_date")
    row["end"] = row.pop("end_date")
    return Campaign(**row)


ITEM_COLUMNS = (
    "id, title, date, time, channel_id, format, status, owner, campaign_id, initiative_id, "
    "effort_hours, cost, notes, link, reach, clicks, conversions, actual_cost, duration_minutes, "
    "series_id, detached, planned_on"
)


def item_to_row(i: Item) -> dict[str, Any]:
    return {
        "id": i.id,
        "title": i.title,
        "date": _d(i.date),
        "time": _t(i.time),
        "channel_id": i.channel_id,
        "format": i.format,
        "status": i.status.value,
        "owner": i.owner,
        "campaign_id": i.campaign_id,
        "initiative_id": i.initiative_id,
        "effort_hours": i.effort_hours,
        "cost": i.cost,
        "notes": i.notes,
        "link": i.link,
        "reach": i.reach,
        "clicks": i.clicks,
        "conversions": i.conversions,
        "actual_cost": i.actual_cost,
        "duration_minutes": i.duration_minutes,
        "series_id": i.series_id,
        "detached": int(i.detached),
        "planned_on": _d(i.baseline),
    }


_ITEM_STATUS = {s.value: s for s in ItemStatus}
_INITIATIVE_STATUS = {s.value: s for s in InitiativeStatus}


def item_from_row(row: dict[str, Any]) -> Item:
    """Rows were validated when written, so they are converted, not re-validated."""
    t = row["time"]
    return Item.trusted(
        title=row["title"],
        date=date.fromisoformat(row["date"]),
        channel_id=row["channel_id"],
        time=time.fromisoformat(t) if t else None,
        format=row["format"],
        status=_ITEM_STATUS[row["status"]],
        owner=row["owner"],
        campaign_id=row["campaign_id"],
        initiative_id=row["initiative_id"],
        effort_hours=float(row["effort_hours"]),
        cost=float(row["cost"]),
        notes=row["notes"],
        link=row["link"],
        reach=row["reach"],
        clicks=row["clicks"],
        conversions=row["conversions"],
        actual_cost=None if row["actual_cost"] is None else float(row["actual_cost"]),
        id=row["id"],
        duration_minutes=row.get("duration_minutes"),
        series_id=row.get("series_id"),
        detached=bool(row.get("detached") or 0),
        planned_on=date.fromisoformat(row["planned_on"]) if row.get("planned_on") else None,
    )


_ITEM_COLUMNS_BEFORE_BASELINE = ITEM_COLUMNS.replace(", planned_on", ", NULL")
_ITEM_COLUMNS_BEFORE_SERIES = _ITEM_COLUMNS_BEFORE_BASELINE.replace(
    ", series_id, detached", ", NULL, 0"
)
_ITEM_COLUMNS_BEFORE_FEED = _ITEM_COLUMNS_BEFORE_SERIES.replace(", duration_minutes", ", NULL")


def _has_feed(pf: PlanFile) -> bool:
    """True when the file has the calendar feed's columns: always, unless it is a read-only
    file in an older format that could not be upgraded (and is read as it is)."""
    if not pf.read_only:
        return True
    version = pf.conn.execute("PRAGMA user_version").fetchone()[0]
    return int(version) >= FEED_FORMAT


def _has_series(pf: PlanFile) -> bool:
    """True when the file has series and cadences (see ``_has_feed``)."""
    if not pf.read_only:
        return True
    version = pf.conn.execute("PRAGMA user_version").fetchone()[0]
    return int(version) >= SERIES_FORMAT


def _has_baselines(pf: PlanFile) -> bool:
    """True when the file keeps items' baselines (see ``_has_feed``)."""
    if not pf.read_only:
        return True
    version = pf.conn.execute("PRAGMA user_version").fetchone()[0]
    return int(version) >= BASELINE_FORMAT


def _item_columns(pf: PlanFile) -> str:
    if not _has_feed(pf):
        return _ITEM_COLUMNS_BEFORE_FEED
    if not _has_series(pf):
        return _ITEM_COLUMNS_BEFORE_SERIES
    return ITEM_COLUMNS if _has_baselines(pf) else _ITEM_COLUMNS_BEFORE_BASELINE


# the slot setters of Item in ITEM_COLUMNS order: setting slots directly skips validation
# (rows were validated when written) and the per-field loop of Item.trusted
_ITEM_SLOTS = tuple(Item.__dict__[name].__set__ for name in ITEM_COLUMNS.split(", "))


def items_from_tuples(rows: Iterable[Sequence[Any]]) -> list[Item]:
    """Items from ``SELECT {ITEM_COLUMNS}`` rows: the hot path of every item list.

    Straight-line code on purpose: a month of a 20,000-item plan is some 2,000 rows, and
    this costs a fraction of building a dict per row and then an Item from the dict.
    """
    (
        s_id, s_title, s_date, s_time, s_channel_id, s_format, s_status, s_owner,
        s_campaign_id, s_initiative_id, s_effort_hours, s_cost, s_notes, s_link,
        s_reach, s_clicks, s_conversions, s_actual_cost, s_duration_minutes, s_series_id,
        s_detached, s_planned_on,
    ) = _ITEM_SLOTS  # fmt: skip
    new, cls = object.__new__, Item
    day_of, time_of, status_of = date.fromisoformat, time.fromisoformat, _ITEM_STATUS.__getitem__
    items = []
    for (
        id_, title, day, at, channel_id, format_, status, owner, campaign_id, initiative_id,
        effort_hours, cost, notes, link, reach, clicks, conversions, actual_cost, duration,
        series_id, detached, planned_on,
    ) in rows:  # fmt: skip
        item = new(cls)
        s_id(item, id_)
        s_title(item, title)
        the_day = day_of(day)
        s_date(item, the_day)
        s_time(item, time_of(at) if at else None)
        s_channel_id(item, channel_id)
        s_format(item, format_)
        s_status(item, status_of(status))
        s_owner(item, owner)
        s_campaign_id(item, campaign_id)
        s_initiative_id(item, initiative_id)
        s_effort_hours(item, float(effort_hours))
        s_cost(item, float(cost))
        s_notes(item, notes)
        s_link(item, link)
        s_reach(item, reach)
        s_clicks(item, clicks)
        s_conversions(item, conversions)
        s_actual_cost(item, None if actual_cost is None else float(actual_cost))
        s_duration_minutes(item, duration)
        s_series_id(item, series_id)
        s_detached(item, bool(detached))
        s_planned_on(item, the_day if planned_on == day or not planned_on else day_of(planned_on))
        items.append(item)
    return items


def series_to_row(s: Series) -> dict[str, Any]:
    parts = s.parts
    return {
        "id": s.id,
        "rule": s.rule,
        "start_date": _d(s.start),
        "until_date": _d(parts.until),
        "count": parts.count,
        "horizon": _d(s.horizon),
        "title": s.title,
        "channel_id": s.channel_id,
        "time": _t(s.time),
        "format": s.format,
        "status": s.status.value,
        "owner": s.owner,
        "campaign_id": s.campaign_id,
        "initiative_id": s.initiative_id,
        "effort_hours": s.effort_hours,
        "cost": s.cost,
        "notes": s.notes,
        "link": s.link,
        "duration_minutes": s.duration_minutes,
    }


def series_from_row(row: dict[str, Any]) -> Series:
    values = dict(row)
    values["start"] = values.pop("start_date")
    values.pop("until_date", None)
    values.pop("count", None)
    return Series(**values)


def cadence_to_row(c: Commitment) -> dict[str, Any]:
    return {
        "id": c.id,
        "channel_id": c.channel_id,
        "campaign_id": c.campaign_id,
        "count": c.count,
        "per": c.per.value,
        "ideas_count": int(c.ideas_count),
    }


def cadence_from_row(row: dict[str, Any]) -> Commitment:
    return Commitment(**{**row, "ideas_count": bool(row["ideas_count"])})


@dataclass(frozen=True)
class _Table:
    name: str
    to_row: Any
    from_row: Any
    order: int  # parents before children when inserting


TABLES: dict[type, _Table] = {
    Channel: _Table("channels", channel_to_row, channel_from_row, 0),
    Initiative: _Table("initiatives", initiative_to_row, initiative_from_row, 1),
    Campaign: _Table("campaigns", campaign_to_row, campaign_from_row, 2),
    Dependency: _Table("dependencies", dependency_to_row, dependency_from_row, 3),
    Item: _Table("items", item_to_row, item_from_row, 4),
    Series: _Table("series", series_to_row, series_from_row, 3),
    Commitment: _Table("cadences", cadence_to_row, cadence_from_row, 3),
}

ENTITY_NAMES: dict[type, str] = {
    Channel: "channel",
    Initiative: "initiative",
    Campaign: "campaign",
    Dependency: "dependency",
    Item: "item",
    Series: "series",
    Commitment: "cadence",
}


def _rows(
    pf: PlanFile, sql: str, params: Sequence[Any] | dict[str, Any] = ()
) -> list[dict[str, Any]]:
    cursor = pf.conn.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def next_id(pf: PlanFile, cls: type) -> int:
    """The id the next new record of ``cls`` gets, handed out by storage so that a command
    can name a record (a dependency on a new initiative, an imported row) before it is
    written. Callers allocating several ids count up from this one.

    Ids are never reused: the plan keeps the highest id each table ever had (its high-water
    mark), so a deleted record's id never comes back for a new record, and an undo that
    deletes a new record by id can never hit another window's.
    """
    table = _table(cls).name
    try:
        row = pf.conn.execute(
            "SELECT max(coalesce((SELECT last_id FROM id_high_water WHERE name = ?), 0),"
            f" coalesce((SELECT max(id) FROM {table}), 0)) + 1",
            [table],
        ).fetchone()
    except sqlite3.OperationalError:  # a read-only plan from before format 4
        row = pf.conn.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {table}").fetchone()
    return int(row[0])


def _raise_high_water(pf: PlanFile, table: str) -> None:
    """Record the table's highest id so far (within the caller's transaction)."""
    pf.conn.execute(
        "INSERT INTO id_high_water (name, last_id)"
        f" VALUES (?, (SELECT coalesce(max(id), 0) FROM {table}))"
        " ON CONFLICT (name) DO UPDATE SET last_id = max(last_id, excluded.last_id)",
        [table],
    )


# -- the plan ---------------------------------------------------------------------


def initialise(
    pf: PlanFile, plan: Plan | None = None, channels: Iterable[Channel] | None = None
) -> Plan:
    """Give a freshly created file its plan row and channels, in one transaction."""
    plan = plan or Plan()
    with pf.transaction() as db:
        db.table("plan").upsert(plan_to_row(plan), pk="id")
        for channel in default_channels() if channels is None else channels:
            db.table("channels").insert(channel_to_row(channel))
    return plan


def plan_uid(pf: PlanFile) -> str:
    """The plan's own identity (32 hex digits), the same in every copy of the file."""
    try:
        row = pf.conn.execute("SELECT uid FROM identity WHERE id = 1").fetchone()
    except sqlite3.OperationalError:
        row = None  # a read-only plan in a format before 3, which could not be upgraded
    if row is None:  # derived from the file name, as those formats' exports did
        import hashlib  # here: rare, and its import costs the window's first frame ~2 ms

        return hashlib.md5(pf.path.stem.casefold().encode(), usedforsecurity=False).hexdigest()
    return str(row[0])


def get_plan(pf: PlanFile) -> Plan:
    rows = _rows(pf, "SELECT * FROM plan WHERE id = 1")
    if not rows:
        raise StorageError(f"{pf.path.name} has no plan settings; it may be damaged.")
    row = rows[0]
    row.pop("id")
    return plan_from_row(row)


def save_plan(pf: PlanFile, plan: Plan) -> Plan:
    with pf.transaction() as db:
        zone = pf.conn.execute("SELECT time_zone FROM plan WHERE id = 1").fetchone()
        if zone is not None and zone[0] != plan.time_zone:  # timed events move in calendars
            pf.conn.execute(
                "UPDATE items SET sequence = sequence + 1, modified = ? WHERE time IS NOT NULL",
                [utc_stamp()],
            )
        db.table("plan").upsert(plan_to_row(plan), pk="id")
    return plan


# -- generic record operations ---------------------------------------------------------


def _table(entity: Entity | type) -> _Table:
    cls = entity if isinstance(entity, type) else type(entity)
    return TABLES[cls]


def insert(pf: PlanFile, entity: Entity) -> Entity:
    """Insert a record; an entity with an id keeps it (that is how undo restores deletions),
    one without gets the next id from ``next_id``."""
    table = _table(entity)
    row = table.to_row(entity)
    with pf.transaction() as db:
        if isinstance(entity, Dependency):
            db.table(table.name).insert(row)
            return entity
        if row.get("id") is None:
            row["id"] = next_id(pf, type(entity))
        db.table(table.name).insert(row)
        _raise_high_water(pf, table.name)
        if isinstance(entity, Item):
            _item_written(pf, int(row["id"]), inserted=True)
    # a Dependency returned above: this entity has an id to set
    return entity.replace(id=row["id"])


def update(pf: PlanFile, entity: Entity) -> Entity:
    table = _table(entity)
    if isinstance(entity, Dependency):
        raise StorageError("a dependency cannot be updated; remove it and add another")
    if entity.id is None:
        raise StorageError(f"cannot update a {ENTITY_NAMES[type(entity)]} that was never saved")
    row = table.to_row(entity)
    row.pop("id")
    with pf.transaction():
        cursor = pf.conn.execute(
            f"UPDATE {table.name} SET {', '.join(f'{k} = ?' for k in row)} WHERE id = ?",
            [*row.values(), entity.id],
        )
        if cursor.rowcount == 0:
            raise NotFoundError(
                f"{ENTITY_NAMES[type(entity)]} {entity.id} no longer exists in {pf.path.name}"
            )
        if isinstance(entity, Item):
            _item_written(pf, entity.id, inserted=False)
        elif isinstance(entity, (Channel, Campaign)):
            _items_shown_differently(pf, entity)
    return entity


def delete(pf: PlanFile, entity: Entity) -> None:
    table = _table(entity)
    with pf.transaction():
        if isinstance(entity, Dependency):
            pf.conn.execute(
                "DELETE FROM dependencies WHERE predecessor_id = ? AND successor_id = ?",
                entity.id,
            )
        else:
            if isinstance(entity, Item) and entity.id is not None:
                _bury_item(pf, entity.id)
            pf.conn.execute(f"DELETE FROM {table.name} WHERE id = ?", [entity.id])


def get(pf: PlanFile, cls: type, record_id: int) -> Any:
    table = TABLES[cls]
    rows = _rows(pf, f"SELECT * FROM {table.name} WHERE id = ?", [record_id])
    if not rows:
        raise NotFoundError(f"{ENTITY_NAMES[cls]} {record_id} does not exist in {pf.path.name}")
    return table.from_row(rows[0])


def _describe(entity: Entity) -> str:
    name = ENTITY_NAMES[type(entity)]
    if isinstance(entity, Dependency):
        return f"the {name} of initiative {entity.successor_id} on {entity.predecessor_id}"
    label = getattr(entity, "title", None) or getattr(entity, "name", None)
    return f"{name} {entity.id}" + (f" “{label}”" if label else "")


def _current(pf: PlanFile, entity: Entity) -> Entity | None:
    """The record as the file holds it now, or None when it is not there."""
    if isinstance(entity, Dependency):
        row = pf.conn.execute(
            "SELECT 1 FROM dependencies WHERE predecessor_id = ? AND successor_id = ?",
            entity.id,
        ).fetchone()
        return entity if row else None
    try:
        return get(pf, type(entity), entity.id)  # type: ignore[no-any-return,arg-type]  # an id
    except NotFoundError:
        return None


def _conflict(pf: PlanFile, entity: Entity, what: str) -> ConflictError:
    happened = {
        "was deleted": f"no longer exists in {pf.path.name}: it was deleted",
        "was changed": f"was changed in {pf.path.name}",
        "was created again": f"already exists again in {pf.path.name}: it was created",
    }[what]
    return ConflictError(
        f"{_describe(entity)} {happened} since this edit was made (by another window or "
        f"program); to keep that change, nothing was written."
    )


def _changed_fields(old: Entity, new: Entity) -> set[str]:
    table = _table(new)
    before, after = table.to_row(old), table.to_row(new)
    return {k for k, v in after.items() if before.get(k) != v}


def _same_fields(a: Entity, b: Entity) -> set[str]:
    table = _table(a)
    first, second = table.to_row(a), table.to_row(b)
    return {k for k, v in first.items() if second.get(k) == v}


def _write_fields(pf: PlanFile, old: Entity, new: Entity) -> None:
    """Write only the columns whose values differ between two snapshots of one record."""
    table = _table(new)
    before, after = table.to_row(old), table.to_row(new)
    changed = {k: v for k, v in after.items() if k != "id" and before.get(k) != v}
    if not changed:
        return
    pf.conn.execute(
        f"UPDATE {table.name} SET {', '.join(f'{k} = ?' for k in changed)} WHERE id = ?",
        [*changed.values(), new.id],
    )
    if isinstance(new, Item) and new.id is not None:
        if changed.keys() != {"planned_on"}:  # a re-baseline changes no calendar event
            _item_written(pf, new.id, inserted=False)  # a new version for calendar feeds
    elif isinstance(new, (Channel, Campaign)):
        _items_shown_differently(pf, new)


def apply_changes(pf: PlanFile, before: Sequence[Entity], after: Sequence[Entity]) -> list[Entity]:
    """Move the file from the ``before`` snapshots to the ``after`` ones, in one transaction.

    Records only in ``before`` are deleted, only in ``after`` inserted (keeping their ids,
    or getting new ones), in both updated: only the fields that differ are written. Parents
    are inserted before children and deleted after them. Returns ``after`` with the ids the
    inserts were given.

    Nothing is overwritten that the edit did not see: the fields an update writes must still
    be as ``before`` has them (other fields may have changed meanwhile, and are kept), a
    record to delete must still be exactly ``before``, and a record to re-insert (undoing a
    deletion) must not exist; otherwise ``ConflictError`` and nothing is written.
    """

    def key(index: int, e: Entity) -> tuple[type, Any]:
        return (type(e), e.id if e.id is not None else ("new", index))

    old = {key(n, e): e for n, e in enumerate(before)}
    new = {key(n, e): e for n, e in enumerate(after)}
    saved = dict(new)
    with pf.transaction():
        for k, entity in old.items():
            if k in new and new[k] == entity:
                continue
            current = _current(pf, entity)
            if current is None:
                raise _conflict(pf, entity, "was deleted")
            if k in new:  # an update: the fields it writes must be as it saw them
                stale = _changed_fields(entity, new[k]) - _same_fields(current, entity)
            else:  # a deletion would lose any change made since: the whole record
                stale = {"any"} if current != entity else set()
            if stale:
                raise _conflict(pf, entity, "was changed")
        for k, entity in new.items():
            if k not in old and entity.id is not None and _current(pf, entity) is not None:
                raise _conflict(pf, entity, "was created again")
        for k in sorted(old.keys() - new.keys(), key=lambda k: -TABLES[k[0]].order):
            delete(pf, old[k])
        for k in sorted(new, key=lambda k: TABLES[k[0]].order):
            if k in old:
                if old[k] != new[k]:
                    _write_fields(pf, old[k], new[k])
            else:
                saved[k] = insert(pf, new[k])
    return [saved[key(n, e)] for n, e in enumerate(after)]


def change_plan(pf: PlanFile, before: Plan | None, after: Plan) -> Plan:
    """Plan settings from ``before`` to ``after``, writing only what differs; refused with
    ``ConflictError`` when the file's settings are no longer ``before`` (None: unchecked)."""
    if before is None:
        return save_plan(pf, after)
    with pf.transaction():
        if get_plan(pf) != before:
            raise ConflictError(
                f"The plan settings of {pf.path.name} were changed since this edit was made "
                f"(by another window or program); to keep that change, nothing was written."
            )
        old, new = plan_to_row(before), plan_to_row(after)
        changed = {k: v for k, v in new.items() if old[k] != v}
        if "time_zone" in changed:  # timed events move in calendars
            pf.conn.execute(
                "UPDATE items SET sequence = sequence + 1, modified = ? WHERE time IS NOT NULL",
                [utc_stamp()],
            )
        if changed:
            pf.conn.execute(
                f"UPDATE plan SET {', '.join(f'{k} = ?' for k in changed)} WHERE id = 1",
                list(changed.values()),
            )
    return after


# -- channels ---------------------------------------------------------------------


def list_channels(pf: PlanFile, stream: Stream | None = None) -> list[Channel]:
    if stream is None:
        rows = _rows(pf, "SELECT * FROM channels ORDER BY position, id")
    else:
        rows = _rows(
            pf,
            "SELECT * FROM channels WHERE stream = ? ORDER BY position, id",
            [Stream(stream).value],
        )
    return [channel_from_row(r) for r in rows]


def channel_by_name(pf: PlanFile, name: str) -> Channel | None:
    rows = _rows(pf, "SELECT * FROM channels WHERE name = ? COLLATE NOCASE", [name.strip()])
    return channel_from_row(rows[0]) if rows else None


def delete_channel(pf: PlanFile, channel: Channel) -> None:
    used = pf.conn.execute(
        "SELECT count(*) FROM items WHERE channel_id = ?", [channel.id]
    ).fetchone()[0]
    if not used and _has_series(pf):
        used = pf.conn.execute(
            "SELECT (SELECT count(*) FROM series WHERE channel_id = ?)"
            " + (SELECT count(*) FROM cadences WHERE channel_id = ?)",
            [channel.id, channel.id],
        ).fetchone()[0]
    if used:
        raise StorageError(
            f"Channel {channel.name!r} is used by {used} item(s); "
            "move them to another channel first."
        )
    delete(pf, channel)


# -- initiatives and dependencies -------------------------------------------------------


INITIATIVE_COLUMNS = (
    "id, title, kind, lane, start_date, end_date, owner, status, progress, effort_hours, "
    "budget, segment, notes, gate"
)
_INITIATIVE_SLOTS = tuple(
    Initiative.__dict__[name].__set__
    for name in INITIATIVE_COLUMNS.replace("_date", "").split(", ")
)


def initiatives_from_tuples(rows: Iterable[Sequence[Any]]) -> list[Initiative]:
    """Initiatives from ``SELECT {INITIATIVE_COLUMNS}`` rows (see ``items_from_tuples``)."""
    (
        s_id, s_title, s_kind, s_lane, s_start, s_end, s_owner, s_status, s_progress,
        s_effort_hours, s_budget, s_segment, s_notes, s_gate,
    ) = _INITIATIVE_SLOTS  # fmt: skip
    new, cls = object.__new__, Initiative
    day_of, status_of = date.fromisoformat, _INITIATIVE_STATUS.__getitem__
    initiatives = []
    for (
        id_, title, kind, lane, start, end, owner, status, progress, effort_hours, budget,
        segment, notes, gate,
    ) in rows:  # fmt: skip
        initiative = new(cls)
        s_id(initiative, id_)
        s_title(initiative, title)
        s_kind(initiative, kind)
        s_lane(initiative, lane)
        s_start(initiative, day_of(start))
        s_end(initiative, day_of(end))
        s_owner(initiative, owner)
        s_status(initiative, status_of(status))
        s_progress(initiative, int(progress))
        s_effort_hours(initiative, float(effort_hours))
        s_budget(initiative, float(budget))
        s_segment(initiative, segment)
        s_notes(initiative, notes)
        s_gate(initiative, bool(gate))
        initiatives.append(initiative)
    return initiatives


def list_initiatives(
    pf: PlanFile, start: date | None = None, end: date | None = None
) -> list[Initiative]:
    """Initiatives overlapping [start, end] (all when no range is given)."""
    sql = f"SELECT {INITIATIVE_COLUMNS} FROM initiatives"
    params: list[str] = []
    if start is not None and end is not None:
        sql += " WHERE start_date <= ? AND end_date >= ?"
        params = [end.isoformat(), start.isoformat()]
    rows = pf.conn.execute(sql + " ORDER BY start_date, id", params).fetchall()
    return initiatives_from_tuples(rows)


def list_dependencies(pf: PlanFile) -> list[Dependency]:
    rows = _rows(pf, "SELECT predecessor_id, successor_id FROM dependencies ORDER BY 1, 2")
    return [dependency_from_row(r) for r in rows]


def add_dependency(pf: PlanFile, dependency: Dependency) -> Dependency:
    """Add a finish-to-start link; refuses duplicates and cycles with a ValidationError."""
    titles = {
        r["id"]: r["title"]
        for r in _rows(
            pf,
            "SELECT id, title FROM initiatives WHERE id IN (?, ?)",
            [dependency.predecessor_id, dependency.successor_id],
        )
    }
    for i in dependency.id:
        if i not in titles:
            raise NotFoundError(f"initiative {i} does not exist in {pf.path.name}")
    check_new_dependency(list_dependencies(pf), dependency, titles)
    insert(pf, dependency)
    return dependency


def item_counts_by_initiative(pf: PlanFile) -> dict[int, int]:
    rows = pf.conn.execute(
        "SELECT initiative_id, count(*) FROM items WHERE initiative_id IS NOT NULL "
        "GROUP BY initiative_id"
    ).fetchall()
    return {r[0]: r[1] for r in rows}


def delete_initiative_snapshot(
    pf: PlanFile, initiative: Initiative
) -> tuple[list[Entity], list[Entity]]:
    """The before/after snapshots that delete an initiative and clean up what refers to it."""
    deps = [
        dependency_from_row(r)
        for r in _rows(
            pf,
            "SELECT predecessor_id, successor_id FROM dependencies "
            "WHERE predecessor_id = ? OR successor_id = ?",
            [initiative.id, initiative.id],
        )
    ]
    items = [
        item_from_row(r)
        for r in _rows(pf, "SELECT * FROM items WHERE initiative_id = ?", [initiative.id])
    ]
    campaigns = [
        campaign_from_row(r)
        for r in _rows(pf, "SELECT * FROM campaigns WHERE initiative_id = ?", [initiative.id])
    ]
    before: list[Entity] = [initiative, *deps, *items, *campaigns]
    after: list[Entity] = [i.replace(initiative_id=None) for i in items]
    after += [c.replace(initiative_id=None) for c in campaigns]
    return before, after


# -- campaigns --------------------------------------------------------------------


def list_campaigns(pf: PlanFile) -> list[Campaign]:
    return [campaign_from_row(r) for r in _rows(pf, "SELECT * FROM campaigns ORDER BY name, id")]


# -- items ------------------------------------------------------------------------


def list_items(
    pf: PlanFile,
    start: date | None = None,
    end: date | None = None,
    *,
    initiative_id: int | None = None,
) -> list[Item]:
    """Items dated within [start, end] (inclusive), by date, time and id; uses the date index."""
    where: list[str] = []
    params: list[Any] = []
    if start is not None:
        where.append("date >= ?")
        params.append(start.isoformat())
    if end is not None:
        where.append("date <= ?")
        params.append(end.isoformat())
    if initiative_id is not None:
        where.append("initiative_id = ?")
        params.append(initiative_id)
    sql = f"SELECT {_item_columns(pf)} FROM items"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY date, time IS NOT NULL, time, id"
    return items_from_tuples(pf.conn.execute(sql, params).fetchall())


def list_moved_items(pf: PlanFile, start: date, end: date) -> list[Item]:
    """Items on another day than the one they were first planned for, where either day is
    within [start, end]: what moved in, out of or within a period, by the planned day.

    No index on ``planned_on``: a report reads this once, and a scan of 20,000 rows is
    quicker than what an index would cost every write."""
    if not _has_baselines(pf):
        return []  # a read-only file from before format 7 kept no baselines
    first, last = start.isoformat(), end.isoformat()
    sql = (
        f"SELECT {ITEM_COLUMNS} FROM items WHERE planned_on IS NOT NULL AND planned_on != ''"
        " AND planned_on != date AND ((date BETWEEN ? AND ?) OR (planned_on BETWEEN ? AND ?))"
        " ORDER BY planned_on, date, time IS NOT NULL, time, id"
    )
    return items_from_tuples(pf.conn.execute(sql, [first, last, first, last]).fetchall())


def count_items(pf: PlanFile) -> int:
    return int(pf.conn.execute("SELECT count(*) FROM items").fetchone()[0])


def daily_item_totals(
    pf: PlanFile, start: date | None = None, end: date | None = None
) -> list[DayTotals]:
    """Per day: effort hours, cost and number of the items that count in the balance.

    The balance chart's input: summing in SQL is much cheaper than loading every item.
    """
    where, params = ["status != ?"], [ItemStatus.CANCELLED.value]
    if start is not None:
        where.append("date >= ?")
        params.append(start.isoformat())
    if end is not None:
        where.append("date <= ?")
        params.append(end.isoformat())
    rows = pf.conn.execute(
        "SELECT date, total(effort_hours), total(cost), count(*) FROM items "
        f"WHERE {' AND '.join(where)} GROUP BY date ORDER BY date",
        params,
    ).fetchall()
    return [DayTotals(date.fromisoformat(r[0]), r[1], r[2], r[3]) for r in rows]


def list_item_facts(
    pf: PlanFile, ids: Iterable[int] | None = None, *, by_date: bool = True
) -> list[ItemFacts]:
    """Items' id, date, status, link and results, without their text (health rules).

    All items by date, or those of ``ids`` that exist (how a view catches up after an edit).
    ``by_date=False`` reads all items in the file's order: the health rules sort what they
    report, and walking the date index to order 20,000 rows doubles the read.
    """
    from streamdesk.domain.health import ItemFacts

    sql = (
        "SELECT id, date, status, initiative_id, cost, reach, clicks, conversions, actual_cost "
        "FROM items"
    )
    if ids is None:
        rows = pf.conn.execute(sql + (" ORDER BY date, id" if by_date else "")).fetchall()
    else:
        wanted, rows = sorted(set(ids)), []
        for n in range(0, len(wanted), 500):
            chunk = wanted[n : n + 500]
            where = f" WHERE id IN ({', '.join('?' * len(chunk))})"
            rows += pf.conn.execute(sql + where, chunk).fetchall()
    status = _ITEM_STATUS
    days: dict[str, date] = {}  # a year has few distinct days: parse each once
    return [
        ItemFacts(
            r[0],
            days.get(r[1]) or days.setdefault(r[1], date.fromisoformat(r[1])),
            status[r[2]],
            *r[3:],
        )
        for r in rows
    ]


def item_owners(pf: PlanFile) -> list[str]:
    """The distinct non-empty owners of items, for filter and editor choices."""
    rows = pf.conn.execute(
        "SELECT DISTINCT owner FROM items WHERE owner != '' ORDER BY owner COLLATE NOCASE"
    ).fetchall()
    return [r[0] for r in rows]


def item_formats(pf: PlanFile) -> list[str]:
    """The distinct non-empty formats items use (Article, Post, …), for the editor."""
    rows = pf.conn.execute(
        "SELECT DISTINCT format FROM items WHERE format != '' ORDER BY format COLLATE NOCASE"
    ).fetchall()
    return [r[0] for r in rows]


def count_items_between(pf: PlanFile, start: date, end: date) -> int:
    """How many items are dated within [start, end] (an index-only count)."""
    return int(
        pf.conn.execute(
            "SELECT count(*) FROM items WHERE date >= ? AND date <= ?",
            [start.isoformat(), end.isoformat()],
        ).fetchone()[0]
    )


def _fold(value: str | None) -> str:
    return value.casefold() if value else ""


def items_per_cell(
    pf: PlanFile,
    start: date,
    end: date,
    per_cell: int,
    *,
    week_origin: date | None = None,
    channel_id: int | None = None,
    status: ItemStatus | str | None = None,
    campaign_id: int | None = None,
    initiative_id: int | None = None,
    owner: str | None = None,
    text: str = "",
) -> tuple[list[Item], dict[Any, int]]:
    """The first ``per_cell`` items of every calendar cell in [start, end], and each cell's count.

    A cell is a day, or with ``week_origin`` a (channel id, week number counted from
    ``week_origin``) pair. The filters narrow both; ``text`` is found case-insensitively in
    the title, format, owner, notes or link. Cells are counted in SQL and only the items
    a calendar can show are built: a month of a 20,000-item plan builds a few dozen
    items, not some 2,000.
    """
    where = ["date >= ?", "date <= ?"]
    params: list[Any] = [start.isoformat(), end.isoformat()]
    for column, value in (
        ("channel_id", channel_id),
        ("status", None if status is None else ItemStatus(status).value),
        ("campaign_id", campaign_id),
        ("initiative_id", initiative_id),
        ("owner", owner),
    ):
        if value is not None:
            where.append(f"{column} = ?")
            params.append(value)
    if text.strip():
        pf.conn.create_function("streamdesk_fold", 1, _fold, deterministic=True)
        where.append(
            "instr(streamdesk_fold(title || ' ' || format || ' ' || owner || ' ' || notes"
            " || ' ' || link), ?) > 0"
        )
        params.append(text.strip().casefold())
    condition = " AND ".join(where)
    limit = max(1, per_cell)
    counts: dict[Any, int] = {}
    if week_origin is None:
        for day, n in pf.conn.execute(
            f"SELECT date, count(*) FROM items WHERE {condition} GROUP BY date", params
        ):
            counts[date.fromisoformat(day)] = n
    else:
        week = "CAST((julianday(date) - julianday(?)) / 7 AS INTEGER)"
        for channel, number, n in pf.conn.execute(
            f"SELECT channel_id, {week}, count(*) FROM items WHERE {condition} GROUP BY 1, 2",
            [week_origin.isoformat(), *params],
        ):
            counts[(channel, number)] = n
    select = f"SELECT {_item_columns(pf)} FROM items WHERE {condition}"
    order = " ORDER BY date, time, id"  # NULL times first, as in list_items
    if week_origin is not None:  # pick ids from narrow rows, then build only those items
        seen: dict[Any, int] = {}
        wanted: list[int] = []
        for item_id, day, channel in pf.conn.execute(
            f"SELECT id, date, channel_id FROM items WHERE {condition}{order}", params
        ):
            key = (channel, (date.fromisoformat(day) - week_origin).days // 7)
            if seen.get(key, 0) < limit:
                seen[key] = seen.get(key, 0) + 1
                wanted.append(item_id)
        rows = []
        for n in range(0, len(wanted), 500):
            chunk = wanted[n : n + 500]
            rows += pf.conn.execute(
                f"SELECT {_item_columns(pf)} FROM items "
                f"WHERE id IN ({', '.join('?' * len(chunk))})",
                chunk,
            ).fetchall()
        rows.sort(key=lambda r: (r[2], r[3] is not None, r[3] or "", r[0]))
        return items_from_tuples(rows), counts
    if sum(counts.values()) <= 2 * limit * max(1, len(counts)):
        per_day: dict[str, int] = {}
        kept = []
        for row in pf.conn.execute(select + order, params):
            if per_day.get(row[2], 0) < limit:
                per_day[row[2]] = per_day.get(row[2], 0) + 1
                kept.append(row)
        return items_from_tuples(kept), counts
    rows = []
    for day in sorted(counts):  # a busy day: let SQLite pick its first items
        rows += pf.conn.execute(
            select + " AND date = ?" + order + " LIMIT ?", [*params, day.isoformat(), limit]
        ).fetchall()
    rows.sort(key=lambda r: (r[2], r[3] is not None, r[3] or "", r[0]))
    return items_from_tuples(rows), counts


def date_range(pf: PlanFile) -> tuple[date, date] | None:
    """The first and last day anything in the plan happens on."""
    row = pf.conn.execute(
        "SELECT min(d), max(d) FROM ("
        " SELECT min(date) AS d FROM items UNION ALL SELECT max(date) FROM items"
        " UNION ALL SELECT min(start_date) FROM initiatives"
        " UNION ALL SELECT max(end_date) FROM initiatives)"
    ).fetchone()
    if row[0] is None:
        return None
    return date.fromisoformat(row[0]), date.fromisoformat(row[1])


def insert_many(pf: PlanFile, entities: Iterable[Entity]) -> list[Entity]:
    """Insert many records in one transaction, returning them with their ids."""
    with pf.transaction():
        return [insert(pf, e) for e in entities]


def bulk_insert(pf: PlanFile, entities: Sequence[Entity]) -> None:
    """Fast path for large batches (demo data, imports): one statement per table."""
    by_table: dict[type, list[dict[str, Any]]] = {}
    for entity in entities:
        by_table.setdefault(type(entity), []).append(_table(entity).to_row(entity))
    with pf.transaction():
        for cls in sorted(by_table, key=lambda c: TABLES[c].order):
            rows = by_table[cls]
            if cls is not Dependency:
                fresh = next_id(pf, cls)
                for row in rows:
                    if row["id"] is None:
                        row["id"], fresh = fresh, fresh + 1
            columns = list(rows[0])
            sql = (
                f"INSERT INTO {TABLES[cls].name} ({', '.join(columns)}) "
                f"VALUES ({', '.join('?' for _ in columns)})"
            )
            pf.conn.executemany(sql, ([row[c] for c in columns] for row in rows))
            if cls is not Dependency:
                _raise_high_water(pf, TABLES[cls].name)
        if Item in by_table:
            _items_bulk_written(pf)


# -- the calendar feed's bookkeeping: versions of items and tombstones of deleted ones ------

TOMBSTONE_DAYS = 400
"""How long a deleted item is still sent as cancelled: past a year of monthly exports."""


@dataclass(frozen=True)
class Tombstone:
    """A deleted item as a calendar last saw it, to send it once more as cancelled."""

    item_id: int
    date: date
    time: time | None
    duration_minutes: int | None
    title: str
    sequence: int
    deleted: str  # UTC, YYYY-MM-DDTHH:MM:SSZ


def utc_stamp() -> str:
    from datetime import UTC, datetime

    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _item_written(pf: PlanFile, item_id: int, *, inserted: bool) -> None:
    """A new version of an item: its sequence goes up (above its tombstone's, if it had
    one) and its modified time is now, so a calendar replaces the old event."""
    now = utc_stamp()
    if inserted:
        row = pf.conn.execute(
            "SELECT sequence FROM item_tombstones WHERE item_id = ?", [item_id]
        ).fetchone()
        if row is not None:
            pf.conn.execute("DELETE FROM item_tombstones WHERE item_id = ?", [item_id])
        pf.conn.execute(
            "UPDATE items SET sequence = ?, modified = ? WHERE id = ?",
            [0 if row is None else int(row[0]) + 1, now, item_id],
        )
    else:
        pf.conn.execute(
            "UPDATE items SET sequence = sequence + 1, modified = ? WHERE id = ?", [now, item_id]
        )


def _items_shown_differently(pf: PlanFile, entity: Channel | Campaign) -> None:
    """A channel or campaign named in its items' events changed: they are new versions."""
    column = "channel_id" if isinstance(entity, Channel) else "campaign_id"
    pf.conn.execute(
        f"UPDATE items SET sequence = sequence + 1, modified = ? WHERE {column} = ?",
        [utc_stamp(), entity.id],
    )


def _items_bulk_written(pf: PlanFile) -> None:
    now = utc_stamp()
    pf.conn.execute(
        "UPDATE items SET sequence = (SELECT t.sequence + 1 FROM item_tombstones t "
        "WHERE t.item_id = items.id) WHERE id IN (SELECT item_id FROM item_tombstones)"
    )
    pf.conn.execute("DELETE FROM item_tombstones WHERE item_id IN (SELECT id FROM items)")
    pf.conn.execute("UPDATE items SET modified = ? WHERE modified IS NULL", [now])


def _bury_item(pf: PlanFile, item_id: int) -> None:
    """Keep what a calendar needs to cancel the item's event; forget old tombstones."""
    from datetime import UTC, datetime, timedelta

    now = utc_stamp()
    pf.conn.execute(
        "INSERT OR REPLACE INTO item_tombstones "
        "(item_id, date, time, duration_minutes, title, sequence, deleted) "
        "SELECT id, date, time, duration_minutes, title, sequence + 1, ? FROM items WHERE id = ?",
        [now, item_id],
    )
    oldest = datetime.now(UTC) - timedelta(days=TOMBSTONE_DAYS)
    pf.conn.execute(
        "DELETE FROM item_tombstones WHERE deleted < ?", [oldest.strftime("%Y-%m-%dT%H:%M:%SZ")]
    )


def item_versions(pf: PlanFile) -> dict[int, tuple[int, str | None]]:
    """{item id: (sequence, modified)} for every item, for SEQUENCE and LAST-MODIFIED."""
    if not _has_feed(pf):
        return {}
    return {
        int(item_id): (int(sequence), modified)
        for item_id, sequence, modified in pf.conn.execute(
            "SELECT id, sequence, modified FROM items"
        )
    }


def list_tombstones(
    pf: PlanFile, start: date | None = None, end: date | None = None
) -> list[Tombstone]:
    """Deleted items (dated within [start, end]) a calendar may still show, oldest first."""
    sql = (
        "SELECT item_id, date, time, duration_minutes, title, sequence, deleted "
        "FROM item_tombstones WHERE date >= ? AND date <= ? ORDER BY deleted, item_id"
    )
    if not _has_feed(pf):
        return []
    low = start.isoformat() if start else "0000"
    high = end.isoformat() if end else "9999-12-31"
    return [
        Tombstone(
            int(r[0]),
            date.fromisoformat(r[1]),
            time.fromisoformat(r[2]) if r[2] else None,
            r[3],
            r[4],
            int(r[5]),
            r[6],
        )
        for r in pf.conn.execute(sql, [low, high])
    ]


__all__ = [
    "ValidationError",
    "add_dependency",
    "apply_changes",
    "bulk_insert",
    "change_plan",
    "channel_by_name",
    "count_items",
    "count_items_between",
    "daily_item_totals",
    "date_range",
    "delete",
    "delete_channel",
    "delete_initiative_snapshot",
    "get",
    "get_plan",
    "initialise",
    "insert",
    "insert_many",
    "item_counts_by_initiative",
    "item_formats",
    "item_owners",
    "item_versions",
    "items_per_cell",
    "list_campaigns",
    "list_channels",
    "list_dependencies",
    "list_initiatives",
    "list_item_facts",
    "list_items",
    "list_tombstones",
    "next_id",
    "save_plan",
    "update",
]
