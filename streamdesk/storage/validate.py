"""Checking a plan file before anything is written to it: a plan file is data, not code.

A ``.streamdesk`` file may come from anyone (a client, a synced folder, a mail). SQLite
would run its triggers, expand its views and trust its values; so before a file is opened
for writing (and before it is shown at all) it is read through a read-only connection and

- its schema is compared, object by object, with the one this version creates for the
  file's format: a trigger, view, table or index StreamDesk did not create is refused by
  name, and so is a table whose columns or constraints differ;
- its values are scanned in SQL for what the fast row readers would choke on (a date that
  is not a date, an unknown status, text in a number column, a time like ``25:99``, a link
  to a record that does not exist);
- every query runs under a time limit (SQLite's progress handler), so no file can hang the
  app.

The scan costs a few tens of milliseconds on a 20,000-item plan, which is why damaged
values are caught here, once, and not on every read of the hot paths.
"""

from __future__ import annotations

import contextlib
import re
import sqlite3
import time
from collections.abc import Iterator
from datetime import date
from functools import cache
from pathlib import Path

from streamdesk.domain import InitiativeStatus, ItemStatus, Stream
from streamdesk.domain.model import MAX_DURATION_MINUTES, BalanceMeasure
from streamdesk.domain.zones import is_zone
from streamdesk.storage.errors import DamagedPlanError, StorageError, UnexpectedSchemaError
from streamdesk.storage.schema import MIGRATIONS, migrate_to

VALIDATION_SECONDS = 5.0
"""How long all of the checks together may take before the file is refused as unreadable."""

# SQLite's own bookkeeping tables: created by ANALYZE, never by a plan's author
_INTERNAL = frozenset({"sqlite_stat1", "sqlite_stat2", "sqlite_stat3", "sqlite_stat4"})


def salvage_hint(path: Path) -> str:
    return f"open a salvaged copy with `streamdesk salvage {path.name} NEW.streamdesk`"


class TimeLimit:
    """A deadline for the queries on one connection, enforced by SQLite's progress handler."""

    def __init__(self, conn: sqlite3.Connection, seconds: float) -> None:
        self.conn = conn
        self.deadline = time.monotonic() + seconds
        self.expired = False

    def _check(self) -> int:
        if time.monotonic() > self.deadline:
            self.expired = True
            return 1  # SQLite interrupts the running statement
        return 0

    @contextlib.contextmanager
    def active(self) -> Iterator[TimeLimit]:
        self.conn.set_progress_handler(self._check, 2000)
        try:
            yield self
        finally:
            self.conn.set_progress_handler(None, 0)


@contextlib.contextmanager
def time_limit(conn: sqlite3.Connection, seconds: float | None = None) -> Iterator[TimeLimit]:
    limit_seconds = VALIDATION_SECONDS if seconds is None else seconds
    with TimeLimit(conn, limit_seconds).active() as limit:
        yield limit


def _normalise(sql: str | None) -> str | None:
    return None if sql is None else re.sub(r"\s+", " ", sql).strip()


SchemaObjects = dict[tuple[str, str], tuple[str, str | None]]


def _objects(conn: sqlite3.Connection) -> SchemaObjects:
    rows = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
    return {(str(r[0]), str(r[1])): (str(r[2]), _normalise(r[3])) for r in rows}


@cache
def expected_schema(version: int) -> SchemaObjects:
    """What a file of plan format ``version`` holds when StreamDesk made it."""
    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        migrate_to(conn, version)
        return _objects(conn)
    finally:
        conn.close()


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [str(r[1]) for r in conn.execute(f'PRAGMA table_xinfo("{table}")').fetchall()]


def check_schema(conn: sqlite3.Connection, path: Path, version: int) -> None:
    """Refuse, by name, every object that is not exactly as StreamDesk creates it."""
    if not 0 <= version <= len(MIGRATIONS):
        return  # a newer or unknown format is refused by the caller with its own message
    expected = expected_schema(version)
    found = _objects(conn)
    names = {name: kind for kind, name in expected}
    problems: list[str] = []
    order = {"trigger": 0, "view": 1, "table": 2, "index": 3}
    for kind, name in sorted(found.keys() - expected.keys(), key=lambda k: (order.get(k[0], 4), k)):
        if name in _INTERNAL:
            continue
        if name in names and names[name] != kind:
            problems.append(f"a {kind} {name!r} where StreamDesk keeps a {names[name]}")
        else:
            problems.append(f"a {kind} {name!r} that StreamDesk did not create")
    for key in sorted(found.keys() & expected.keys()):
        if found[key] == expected[key]:
            continue
        kind, name = key
        if kind == "table":
            want = _columns_of_expected(version, name)
            have = _columns(conn, name)
            extra = [c for c in have if c not in want]
            missing = [c for c in want if c not in have]
            detail = "; ".join(
                part
                for part in (
                    f"columns it should not have: {', '.join(extra)}" if extra else "",
                    f"missing columns: {', '.join(missing)}" if missing else "",
                )
                if part
            )
            problems.append(
                f"a table {name!r} that differs from StreamDesk's ({detail or 'its definition'})"
            )
        else:
            problems.append(f"an {kind} {name!r} that differs from StreamDesk's")
    for kind, name in sorted(expected.keys() - found.keys()):
        if (kind, name) not in found and not any(n == name for _, n in found):
            problems.append(f"no {kind} {name!r}")
    if problems:
        shown = "; ".join(problems[:3]) + (
            f"; and {len(problems) - 3} more" if len(problems) > 3 else ""
        )
        raise UnexpectedSchemaError(
            f"{path.name} was refused: it holds {shown}. A plan file is data, and StreamDesk "
            f"does not run or trust what it did not create; the file was not changed. "
            f"To use its contents, {salvage_hint(path)}."
        )


@cache
def _expected_columns(version: int) -> dict[str, tuple[str, ...]]:
    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        migrate_to(conn, version)
        tables = [
            str(r[0]) for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        ]
        return {t: tuple(_columns(conn, t)) for t in tables}
    finally:
        conn.close()


def _columns_of_expected(version: int, table: str) -> tuple[str, ...]:
    return _expected_columns(version).get(table, ())


# -- values ------------------------------------------------------------------------------


def _in(values: list[str]) -> str:
    return "(" + ", ".join("'" + v.replace("'", "''") + "'" for v in values) + ")"


def _date(c: str) -> str:
    return f"(typeof({c}) != 'text' OR date({c}, '+0 days') IS NOT {c} OR {c} < '0001')"


def _optional_date(c: str) -> str:
    return f"({c} IS NOT NULL AND {c} != '' AND {_date(c)})"


# The checks run on every row of a 20,000-item plan at each start, so they are plain
# comparisons where SQLite's ordering of types allows (numbers < text < blobs) rather than
# function calls: a number column holds text exactly when a value is above any number.


def _time(c: str) -> str:
    hh_mm = f"({c} GLOB '[0-2][0-9]:[0-5][0-9]' AND {c} < '24')"
    hh_mm_ss = f"({c} GLOB '[0-2][0-9]:[0-5][0-9]:[0-5][0-9]' AND {c} < '24')"
    return f"({c} IS NOT NULL AND {c} != '' AND NOT {hh_mm} AND NOT {hh_mm_ss})"


def _number(c: str) -> str:
    return f"({c} > 1e308 OR {c} IS NULL)"


def _optional_number(c: str) -> str:
    return f"({c} > 1e308)"


def _text(c: str) -> str:
    # a TEXT column turns numbers into text on the way in: only a blob can be wrong here
    return f"({c} >= x'' OR {c} IS NULL)"


def _one_of(c: str, values: list[str]) -> str:
    return f"(typeof({c}) != 'text' OR {c} NOT IN {_in(values)})"


def _optional_id(c: str) -> str:
    return f"(typeof({c}) NOT IN ('integer', 'null'))"


def _duration(c: str) -> str:
    return f"(typeof({c}) NOT IN ('integer', 'null') OR {c} < 1 OR {c} > {MAX_DURATION_MINUTES})"


def _sequence(c: str) -> str:
    return f"(typeof({c}) != 'integer' OR {c} < 0)"


_STAMP_GLOB = "[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]Z"


def _stamp(c: str) -> str:
    """A UTC time stamp as storage writes it (``utc_stamp``)."""
    return f"(typeof({c}) != 'text' OR NOT {c} GLOB '{_STAMP_GLOB}')"


def _optional_stamp(c: str) -> str:
    return f"({c} IS NOT NULL AND {_stamp(c)})"


_DURATION = f"a duration in minutes (1 to {MAX_DURATION_MINUTES})"
_SEQUENCE = "a version number (0 or more)"
_STAMP = "a time stamp (YYYY-MM-DDTHH:MM:SSZ)"

_ITEM_STATUSES = [s.value for s in ItemStatus]
_INITIATIVE_STATUSES = [s.value for s in InitiativeStatus]

Check = tuple[str, str, str]  # column, SQL that is true when the value is bad, what it should be

CHECKS: dict[str, list[Check]] = {
    "plan": [
        ("name", _text("name"), "text"),
        ("client", _text("client"), "text"),
        ("currency", _text("currency"), "text"),
        ("start_date", _date("start_date"), "a date"),
        ("band_low", f"({_number('band_low')} OR band_low < 0 OR band_low > 1)", "a share"),
        (
            "band_high",
            f"({_number('band_high')} OR band_high < band_low OR band_high > 1)",
            "a share",
        ),
        (
            "week_start",
            "(typeof(week_start) != 'integer' OR week_start NOT BETWEEN 0 AND 6)",
            "a weekday (0 to 6)",
        ),
        ("measure", _one_of("measure", [m.value for m in BalanceMeasure]), "a balance measure"),
        # format 5 on; '' is the system zone, a name is checked in Python (_check_zone)
        ("time_zone", "(typeof(time_zone) != 'text')", "a time zone name (such as Europe/Paris)"),
    ],
    "channels": [
        ("name", f"({_text('name')} OR trim(name) = '')", "a name"),
        (
            "colour",
            "(typeof(colour) != 'text' OR NOT colour GLOB "
            "'#[0-9a-fA-F][0-9a-fA-F][0-9a-fA-F][0-9a-fA-F][0-9a-fA-F][0-9a-fA-F]' "
            "OR length(colour) != 7)",
            "a #RRGGBB colour",
        ),
        ("stream", _one_of("stream", [s.value for s in Stream]), "a stream"),
        (
            "default_effort_hours",
            f"({_number('default_effort_hours')} OR default_effort_hours < 0)",
            "a number of hours",
        ),
        ("position", _number("position"), "a number"),
    ],
    "initiatives": [
        ("title", f"({_text('title')} OR trim(title) = '')", "a title"),
        ("kind", f"({_text('kind')} OR trim(kind) = '')", "a kind"),
        ("lane", _text("lane"), "text"),
        ("start_date", _date("start_date"), "a date"),
        ("end_date", _date("end_date"), "a date"),
        ("owner", _text("owner"), "text"),
        ("status", _one_of("status", _INITIATIVE_STATUSES), "an initiative status"),
        ("progress", _number("progress"), "a number"),
        ("effort_hours", _number("effort_hours"), "a number"),
        ("budget", _number("budget"), "a number"),
        ("segment", _text("segment"), "text"),
        ("notes", _text("notes"), "text"),
        ("gate", _number("gate"), "a number"),
    ],
    "campaigns": [
        ("name", f"({_text('name')} OR trim(name) = '')", "a name"),
        ("start_date", _optional_date("start_date"), "a date"),
        ("end_date", _optional_date("end_date"), "a date"),
        ("goal_metric", _text("goal_metric"), "text"),
        ("goal_target", f"({_optional_number('goal_target')} OR goal_target < 0)", "a number"),
        ("initiative_id", _optional_id("initiative_id"), "an id"),
    ],
    "dependencies": [
        ("predecessor_id", "(typeof(predecessor_id) != 'integer')", "an id"),
        ("successor_id", "(typeof(successor_id) != 'integer')", "an id"),
    ],
    "items": [  # date and the links are checked through their indexes (_check_items_by_index)
        ("title", _text("title"), "text"),
        ("time", _time("time"), "a time (HH:MM)"),
        ("format", _text("format"), "text"),
        ("status", f"(status NOT IN {_in(_ITEM_STATUSES)} OR status IS NULL)", "an item status"),
        ("owner", _text("owner"), "text"),
        ("effort_hours", _number("effort_hours"), "a number"),
        ("cost", _number("cost"), "a number"),
        ("notes", _text("notes"), "text"),
        ("link", _text("link"), "text"),
        ("reach", _optional_number("reach"), "a number"),
        ("clicks", _optional_number("clicks"), "a number"),
        ("conversions", _optional_number("conversions"), "a number"),
        ("actual_cost", _optional_number("actual_cost"), "a number"),
        # the calendar feed's columns, format 5 on (an older file is checked without them)
        ("duration_minutes", _duration("duration_minutes"), _DURATION),
        ("sequence", _sequence("sequence"), _SEQUENCE),
        ("modified", _optional_stamp("modified"), _STAMP),
        ("planned_on", _optional_date("planned_on"), "a date"),  # format 7 on
    ],
    "item_tombstones": [
        ("date", _date("date"), "a date"),
        ("time", _time("time"), "a time (HH:MM)"),
        ("duration_minutes", _duration("duration_minutes"), _DURATION),
        ("title", _text("title"), "text"),
        ("sequence", _sequence("sequence"), _SEQUENCE),
        ("deleted", _stamp("deleted"), _STAMP),
    ],
    "series": [
        ("rule", f"({_text('rule')} OR NOT rule GLOB '*FREQ=*')", "a repeat rule"),
        ("start_date", _date("start_date"), "a date"),
        ("until_date", _optional_date("until_date"), "a date"),
        ("horizon", _optional_date("horizon"), "a date"),
        ("title", f"({_text('title')} OR trim(title) = '')", "a title"),
        ("channel_id", "(typeof(channel_id) != 'integer')", "an id"),
        ("time", _time("time"), "a time (HH:MM)"),
        ("status", f"(status NOT IN {_in(_ITEM_STATUSES)} OR status IS NULL)", "an item status"),
        ("effort_hours", _number("effort_hours"), "a number"),
        ("cost", _number("cost"), "a number"),
    ],
    "cadences": [
        ("channel_id", "(typeof(channel_id) != 'integer')", "an id"),
        ("campaign_id", _optional_id("campaign_id"), "an id"),
        ("count", "(typeof(count) != 'integer' OR count < 1 OR count > 100)", "a count (1-100)"),
        ("ideas_count", _number("ideas_count"), "a number"),
    ],
    "identity": [("uid", f"({_text('uid')} OR uid = '')", "an identity")],
    "id_high_water": [("last_id", "(typeof(last_id) != 'integer')", "an id")],
}

_KEY = {"dependencies": "predecessor_id", "id_high_water": "name", "item_tombstones": "item_id"}


def _show(value: object) -> str:
    if isinstance(value, bytes):
        return f"<{len(value)} bytes of binary data>"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "…"


def find_damage(conn: sqlite3.Connection, tables: set[str] | None = None) -> list[str]:
    """The first damaged value of each table, as ``items row 17: date '…' is not a date``."""
    found: list[str] = []
    present = {
        str(r[0]) for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    }
    for table, all_checks in CHECKS.items():
        if table not in present or (tables is not None and table not in tables):
            continue
        # validation runs before migration: a file of an older format lacks later columns
        have = set(_columns(conn, table))
        checks = [check for check in all_checks if check[0] in have]
        key = _KEY.get(table, "id")
        columns = ", ".join(c for c, _, _ in checks)
        flags = ", ".join(bad for _, bad, _ in checks)
        where = " OR ".join(bad for _, bad, _ in checks)
        row = conn.execute(
            f"SELECT {key}, {columns}, {flags} FROM {table} WHERE {where} LIMIT 1"
        ).fetchone()
        if row is None:
            continue
        values, marks = row[1 : 1 + len(checks)], row[1 + len(checks) :]
        for (column, _, what), value, bad in zip(checks, values, marks, strict=True):
            if bad:
                found.append(f"{table} row {row[0]}: {column} {_show(value)} is not {what}")
                break
    if "plan" in present and (tables is None or "plan" in tables) and not found:
        found += _check_zone(conn)
    if "items" in present and (tables is None or "items" in tables):
        found += _check_items_by_index(conn)
    for table in ("campaigns", "dependencies", "series", "cadences"):
        if table in present and (tables is None or table in tables):
            for name, rowid, parent, _ in conn.execute(
                f"PRAGMA foreign_key_check({table})"
            ).fetchall()[:1]:
                found.append(f"{name} row {rowid}: refers to a {parent} row that does not exist")
    return found


def _is_date(value: object) -> bool:
    if not isinstance(value, str) or len(value) != 10:
        return False
    try:
        return date.fromisoformat(value).isoformat() == value
    except ValueError:
        return False


def _check_zone(conn: sqlite3.Connection) -> list[str]:
    """The plan's time zone against the zone database (no SQL can tell a zone name)."""
    if "time_zone" not in _columns(conn, "plan"):
        return []
    for key, zone in conn.execute("SELECT id, time_zone FROM plan"):
        if isinstance(zone, str) and zone and not is_zone(zone):
            return [
                f"plan row {key}: time_zone {_show(zone)} is not a time zone name "
                f"(such as Europe/Paris)"
            ]
    return []


def _check_items_by_index(conn: sqlite3.Connection) -> list[str]:
    """Items' dates and links, from the distinct values their indexes hold (a few hundred
    dates, a few dozen channels) instead of every row; the row is looked up only when a
    value is wrong. This replaces PRAGMA foreign_key_check for items, the costliest check.
    """

    def first_row(column: str, value: object) -> int:
        row = conn.execute(f"SELECT id FROM items WHERE {column} IS ? LIMIT 1", [value]).fetchone()
        return int(row[0]) if row else 0

    for (day,) in conn.execute("SELECT DISTINCT date FROM items"):
        if not _is_date(day):
            return [f"items row {first_row('date', day)}: date {_show(day)} is not a date"]
    parents = {"channel_id": "channels", "campaign_id": "campaigns", "initiative_id": "initiatives"}
    if "series_id" in _columns(conn, "items"):
        parents["series_id"] = "series"
    for column, parent in parents.items():
        known = {r[0] for r in conn.execute(f"SELECT id FROM {parent}")}
        for (value,) in conn.execute(f"SELECT DISTINCT {column} FROM items"):
            if value is None and column != "channel_id":
                continue
            row = first_row(column, value)
            if not isinstance(value, int) or isinstance(value, bool):
                return [f"items row {row}: {column} {_show(value)} is not an id"]
            if value not in known:
                return [f"items row {row}: refers to a {parent} row that does not exist"]
    return []


def check_values(conn: sqlite3.Connection, path: Path) -> None:
    damage = find_damage(conn)
    if damage:
        more = f" (and damage in {len(damage) - 1} more table(s))" if len(damage) > 1 else ""
        raise DamagedPlanError(f"damaged plan {path}: {damage[0]}{more} — {salvage_hint(path)}")


def validate(conn: sqlite3.Connection, path: Path, version: int) -> None:
    """Schema first (so no view or trigger of the file ever runs), then the values."""
    if not 0 < version <= len(MIGRATIONS):
        return  # empty (ours to initialise), or newer: refused by the caller with its message
    with time_limit(conn) as limit:
        try:
            check_schema(conn, path, version)
            check_values(conn, path)
        except sqlite3.OperationalError as error:
            if limit.expired:
                raise StorageError(
                    f"{path.name} was refused: checking it took longer than "
                    f"{VALIDATION_SECONDS:.0f} seconds, so it is damaged or not a real plan. "
                    f"It was not changed."
                ) from error
            raise
