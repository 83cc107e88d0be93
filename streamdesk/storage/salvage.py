"""Salvage: copy what can be read of a damaged or stranger's plan into a fresh plan.

The answer to every refusal of ``validate``: nothing of the old file runs (no trigger,
no view, trusted_schema off, a time limit per table), each row of the known tables goes
through the domain's own validation on its way into a new plan made by this version, and
every row, link or object that was left behind is listed with why. The new plan is
written under a temporary name and renamed when complete.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from streamdesk.domain import Campaign, Channel, Dependency, Entity, Initiative, Item, Plan
from streamdesk.domain.cadence import Commitment
from streamdesk.domain.dependencies import check_new_dependency
from streamdesk.domain.errors import ValidationError
from streamdesk.domain.series import Series
from streamdesk.domain.text import plural
from streamdesk.storage import repository
from streamdesk.storage.errors import StorageError
from streamdesk.storage.planfile import PlanFile, _check_header, _uri
from streamdesk.storage.validate import _INTERNAL, time_limit

TABLE_SECONDS = 30.0
"""How long reading one table of the damaged file may take before the rest is given up."""

_KNOWN = (
    "plan",
    "identity",
    "id_high_water",
    "channels",
    "initiatives",
    "campaigns",
    "dependencies",
    "items",
    "item_tombstones",  # the calendar feed's bookkeeping: a fresh plan starts without it
    "series",  # recurring content and cadence (format 6)
    "cadences",
)
_BOOKKEEPING = {("items", "sequence"), ("items", "modified")}
"""Columns storage keeps for itself (calendar versions): a fresh plan starts them anew."""


@dataclass
class SalvageReport:
    source: Path
    target: Path
    copied: dict[str, int] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)

    @property
    def anything(self) -> bool:
        return any(self.copied.values())

    def summary(self) -> str:
        parts = [
            table if table == "plan settings" else f"{n} {table}"
            for table, n in self.copied.items()
            if table != "identity"
        ]
        return f"salvaged {self.source.name} into {self.target.name}: {', '.join(parts)}; " + (
            f"{plural(len(self.skipped), 'thing')} not copied"
            if self.skipped
            else "nothing left behind"
        )


def _rows(
    conn: sqlite3.Connection, table: str, report: SalvageReport, known: dict[str, str]
) -> Iterator[tuple[int, dict[str, Any]]]:
    """Each readable row as (rowid, {column: value}) of the columns StreamDesk knows."""
    try:
        kind = conn.execute("SELECT type FROM sqlite_master WHERE name = ?", [table]).fetchone()
        if kind is None:
            report.skipped.append(f"{table}: no such table in the file")
            return
        if kind[0] != "table":
            report.skipped.append(f"{table}: it is a {kind[0]}, not a table; nothing copied")
            return
        columns = [str(r[1]) for r in conn.execute(f'PRAGMA table_info("{table}")')]
    except sqlite3.Error as error:
        report.skipped.append(f"{table}: could not be read ({error})")
        return
    for column in columns:
        if column not in known and (table, column) not in {("plan", "id"), *_BOOKKEEPING}:
            report.skipped.append(f"{table}.{column}: a column StreamDesk does not know")
    columns = [c for c in columns if c in known]
    select = ", ".join(f'"{c}"' for c in ["rowid", *columns])
    last = None
    with time_limit(conn, TABLE_SECONDS) as limit:
        try:
            cursor = conn.execute(f'SELECT {select} FROM "{table}" ORDER BY rowid')
            for row in cursor:
                last = row[0]
                yield row[0], dict(zip(columns, row[1:], strict=True))
        except (sqlite3.Error, UnicodeDecodeError) as error:
            why = "reading took too long" if limit.expired else _detail(error)
            if "no such table" in why:  # listed, but SQLite could not parse its definition
                why = "its definition in the file is damaged"
            after = f"the rows after row {last}" if last is not None else "no row"
            report.skipped.append(f"{table}: {after} could be read ({why})")


def _pick(row: dict[str, Any], names: dict[str, str]) -> dict[str, Any]:
    """Keyword arguments from the columns present (a missing column takes the default)."""
    return {arg: row[column] for column, arg in names.items() if column in row}


_PLAN = {
    "name": "name", "client": "client", "currency": "currency", "start_date": "start",
    "band_low": "band_low", "band_high": "band_high", "week_start": "week_start",
    "measure": "measure", "time_zone": "time_zone",
}  # fmt: skip
_CHANNEL = {
    "id": "id", "name": "name", "colour": "colour", "stream": "stream",
    "default_effort_hours": "default_effort_hours", "position": "position",
}  # fmt: skip
_INITIATIVE = {
    "id": "id", "title": "title", "kind": "kind", "lane": "lane", "start_date": "start",
    "end_date": "end", "owner": "owner", "status": "status", "progress": "progress",
    "effort_hours": "effort_hours", "budget": "budget", "segment": "segment",
    "notes": "notes", "gate": "gate",
}  # fmt: skip
_CAMPAIGN = {
    "id": "id", "name": "name", "start_date": "start", "end_date": "end",
    "goal_metric": "goal_metric", "goal_target": "goal_target",
    "initiative_id": "initiative_id",
}  # fmt: skip
_DEPENDENCY = {"predecessor_id": "predecessor_id", "successor_id": "successor_id"}
_ITEM = {c: c for c in repository.ITEM_COLUMNS.split(", ")}
_SERIES = {
    c: {"start_date": "start"}.get(c, c)
    for c in repository.series_to_row(
        Series(rule="FREQ=DAILY", start=date(2000, 1, 1), title="x", channel_id=1)
    )
}  # until_date and count repeat what the rule says: read, then left to the rule
_CADENCE = {c: c for c in ("id", "channel_id", "campaign_id", "count", "per", "ideas_count")}


def _series_of(values: dict[str, Any]) -> Series:
    return Series(**{k: v for k, v in values.items() if k not in ("until_date", "count")})


def salvage(source: str | os.PathLike[str], target: str | os.PathLike[str]) -> SalvageReport:
    """Copy what can be read of ``source`` into a new plan at ``target``."""
    source, target = Path(source), Path(target)
    if not source.is_file():
        raise StorageError(f"{source} does not exist or is not a file.")
    if target.exists():
        raise StorageError(f"{target} already exists; choose a new name for the salvaged plan.")
    if target.resolve() == source.resolve():
        raise StorageError("Choose a different file for the salvaged plan.")
    _check_header(source)
    try:
        conn = _connect_for_salvage(source)
    except (sqlite3.Error, UnicodeDecodeError) as error:
        raise StorageError(f"{source.name} cannot be read at all ({_detail(error)}).") from error
    report = SalvageReport(source, target)
    tmp = target.with_name(f".{target.name}.salvage")
    for leftover in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm"), Path(f"{tmp}-journal")):
        leftover.unlink(missing_ok=True)
    try:
        _note_newer_format(conn, report)
        _list_strangers(conn, report)
        pf = PlanFile.create(tmp)
        try:
            _copy(conn, pf, report)
        finally:
            pf.close()
        if not report.anything:
            raise StorageError(
                f"Nothing could be read from {source.name}; no salvaged plan was written."
            )
        os.replace(tmp, target)
    finally:
        conn.close()
        for leftover in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
            leftover.unlink(missing_ok=True)
    return report


def _connect_for_salvage(path: Path) -> sqlite3.Connection:
    """Read-only, trusting nothing, and reading on past what is damaged: a schema entry
    SQLite cannot parse is skipped (writable_schema, on a query-only connection, only makes
    SQLite ignore such errors), and text that is not UTF-8 is read with replacement marks."""
    for params in ({"mode": "ro"}, {"immutable": "1"}):
        conn = sqlite3.connect(_uri(path, **params), uri=True, isolation_level=None)
        try:
            conn.execute("PRAGMA trusted_schema = OFF")
            conn.execute("PRAGMA query_only = ON")
            conn.execute("PRAGMA writable_schema = ON")
            conn.text_factory = lambda data: data.decode("utf-8", "replace")
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return conn
        except sqlite3.OperationalError:
            conn.close()  # a WAL plan on a read-only medium: read it as immutable
            if params.get("immutable"):
                raise
        except BaseException:
            conn.close()
            raise
    raise AssertionError("unreachable")


def _detail(error: BaseException) -> str:
    return "its structure is damaged" if isinstance(error, UnicodeDecodeError) else str(error)


def _note_newer_format(conn: sqlite3.Connection, report: SalvageReport) -> None:
    """A plan from a newer StreamDesk is copied as this version knows it; what the newer one
    added (a meaning, a setting) may sit in columns it shares, so it is said in words."""
    from streamdesk.storage.schema import SCHEMA_VERSION

    try:
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    except (sqlite3.Error, TypeError, ValueError):
        return
    if version > SCHEMA_VERSION:
        report.skipped.append(
            f"{report.source.name} is from a newer StreamDesk (plan format {version}; this "
            f"version knows {SCHEMA_VERSION}): what that version added is not copied, open "
            "the original with it if you can"
        )


def _list_strangers(conn: sqlite3.Connection, report: SalvageReport) -> None:
    try:
        objects = conn.execute("SELECT type, name FROM sqlite_master").fetchall()
    except (sqlite3.Error, UnicodeDecodeError) as error:
        report.skipped.append(f"the file's list of tables could not be read ({error})")
        return
    for kind, name in objects:
        if kind in ("trigger", "view") or (
            kind == "table" and name not in _KNOWN and name not in _INTERNAL
        ):
            report.skipped.append(f"{kind} {name!r}: not made by StreamDesk; not copied")


def _copy(conn: sqlite3.Connection, pf: PlanFile, report: SalvageReport) -> None:
    def each(
        table: str, names: dict[str, str], build: Callable[[dict[str, Any]], Any]
    ) -> Iterator[tuple[int, Any]]:
        for rowid, row in _rows(conn, table, report, names):
            try:
                yield rowid, build(_pick(row, names))
            except (ValidationError, TypeError, ValueError) as error:
                report.skipped.append(f"{table} row {rowid}: {error}")

    def save(table: str, rowid: int, entity: Entity) -> bool:
        try:
            with pf.transaction():
                repository.insert(pf, entity)
        except StorageError as error:
            report.skipped.append(f"{table} row {rowid}: {error}")
            return False
        report.copied[table] = report.copied.get(table, 0) + 1
        return True

    with pf.transaction():
        plan = next((p for _, p in each("plan", _PLAN, lambda kw: Plan(**kw))), None)
        repository.initialise(pf, plan or Plan(name=report.source.stem), channels=[])
        if plan is not None:
            report.copied["plan settings"] = 1
        for rowid, row in _rows(conn, "identity", report, {"id": "id", "uid": "uid"}):
            uid = row.get("uid")
            if isinstance(uid, str) and uid.strip():
                pf.conn.execute("UPDATE identity SET uid = ? WHERE id = 1", [uid.strip()])
                report.copied["identity"] = 1
            else:
                report.skipped.append(f"identity row {rowid}: not a plan identity")
            break

        channels: set[int] = set()
        for rowid, channel in each("channels", _CHANNEL, lambda kw: Channel(**kw)):
            if save("channels", rowid, channel):
                channels.add(channel.id)
        initiatives: set[int] = set()
        for rowid, initiative in each("initiatives", _INITIATIVE, lambda kw: Initiative(**kw)):
            if save("initiatives", rowid, initiative):
                initiatives.add(initiative.id)

        def unlink(table: str, rowid: int, entity: Any, field_name: str, known: set[int]) -> Any:
            value = getattr(entity, field_name)
            if value is not None and value not in known:
                report.skipped.append(
                    f"{table} row {rowid}: its link {field_name} {value} points to a row that "
                    f"was not copied; kept without the link"
                )
                return entity.replace(**{field_name: None})
            return entity

        campaigns: set[int] = set()
        for rowid, campaign in each("campaigns", _CAMPAIGN, lambda kw: Campaign(**kw)):
            campaign = unlink("campaigns", rowid, campaign, "initiative_id", initiatives)
            if save("campaigns", rowid, campaign):
                campaigns.add(campaign.id)
        kept: list[Dependency] = []
        for rowid, row in _rows(conn, "dependencies", report, _DEPENDENCY):
            try:
                dependency = Dependency(row.get("predecessor_id"), row.get("successor_id"))  # type: ignore[arg-type]  # the domain checks them
                missing = [i for i in dependency.id if i not in initiatives]
                if missing:
                    raise ValidationError(f"initiative {missing[0]} was not copied", "dependency")
                check_new_dependency(kept, dependency)
            except (ValidationError, TypeError, ValueError) as error:
                report.skipped.append(f"dependencies row {rowid}: {error}")
                continue
            if save("dependencies", rowid, dependency):
                kept.append(dependency)
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        series: set[int] = set()
        if "series" in tables:  # format 6 on
            for rowid, one in each("series", _SERIES, _series_of):
                if one.channel_id not in channels:
                    report.skipped.append(f"series row {rowid}: its channel was not copied")
                    continue
                one = unlink("series", rowid, one, "campaign_id", campaigns)
                one = unlink("series", rowid, one, "initiative_id", initiatives)
                if save("series", rowid, one):
                    series.add(one.id)
        if "cadences" in tables:
            for rowid, cadence in each("cadences", _CADENCE, lambda kw: Commitment(**kw)):
                if cadence.channel_id not in channels:
                    report.skipped.append(f"cadences row {rowid}: its channel was not copied")
                    continue
                cadence = unlink("cadences", rowid, cadence, "campaign_id", campaigns)
                save("cadences", rowid, cadence)
        for rowid, item in each("items", _ITEM, lambda kw: Item(**kw)):
            item = unlink("items", rowid, item, "series_id", series)
            if item.channel_id not in channels:
                report.skipped.append(
                    f"items row {rowid}: its channel {item.channel_id} was not copied"
                )
                continue
            item = unlink("items", rowid, item, "campaign_id", campaigns)
            item = unlink("items", rowid, item, "initiative_id", initiatives)
            save("items", rowid, item)
    with contextlib.suppress(sqlite3.Error):
        pf.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
