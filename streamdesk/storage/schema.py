"""The plan file's schema and its ordered migrations.

``PRAGMA user_version`` holds the number of migrations applied; each migration
runs in its own transaction together with the version bump, so a file is never
left half-migrated. ``PRAGMA application_id`` marks the file as a StreamDesk plan.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

APPLICATION_ID = 0x53444B31  # "SDK1"

Migration = Callable[[sqlite3.Connection], None]


def _initial(conn: sqlite3.Connection) -> None:
    conn.executescript(
        """
        CREATE TABLE plan (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            name TEXT NOT NULL,
            client TEXT NOT NULL DEFAULT '',
            currency TEXT NOT NULL DEFAULT 'EUR',
            start_date TEXT NOT NULL,
            band_low REAL NOT NULL DEFAULT 0.2,
            band_high REAL NOT NULL DEFAULT 0.4,
            week_start INTEGER NOT NULL DEFAULT 0,
            measure TEXT NOT NULL DEFAULT 'hours'
        );
        CREATE TABLE channels (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE,
            colour TEXT NOT NULL,
            stream TEXT NOT NULL CHECK (stream IN ('upstream', 'downstream')),
            default_effort_hours REAL NOT NULL DEFAULT 1,
            position INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE initiatives (
            id INTEGER PRIMARY KEY,
            title TEXT NOT NULL,
            kind TEXT NOT NULL,
            lane TEXT NOT NULL DEFAULT '',
            start_date TEXT NOT NULL,
            end_date TEXT NOT NULL,
            owner TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL DEFAULT 'planned',
            progress INTEGER NOT NULL DEFAULT 0,
            effort_hours REAL NOT NULL DEFAULT 0,
            budget REAL NOT NULL DEFAULT 0,
            segment TEXT NOT NULL DEFAULT '',
            notes TEXT NOT NULL DEFAULT '',
            gate INTEGER NOT NULL DEFAULT 0,
            CHECK (end_date >= start_date)
        );
        CREATE INDEX initiatives_start ON initiatives (start_date);
        CREATE INDEX initiatives_end ON initiatives (end_date);
        CREATE TABLE dependencies (
            predecessor_id INTEGER NOT NULL REFERENCES initiatives (id) ON DELETE CASCADE,
            successor_id INTEGER NOT NULL REFERENCES initiatives (id) ON DELETE CASCADE,
            PRIMARY KEY (predecessor_id, successor_id),
            CHECK (predecessor_id != successor_id)
        );
        CREATE INDEX dependencies_successor ON dependencies (successor_id);
        CREATE TABLE campaigns (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            start_date TEXT,
            end_date TEXT,
            goal_metric TEXT NOT NULL DEFAULT '',
            goal_target REAL,
            initiative_id INTEGER REFERENCES initiatives (id) ON DELETE SET NULL
        );
        CREATE TABLE items (
            id INTEGER PRIMARY KEY,
            title TEXT NOT NULL,
            date TEXT NOT NULL,
            time TEXT,
            channel_id INTEGER NOT NULL REFERENCES channels (id),
            format TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL DEFAULT 'idea',
            owner TEXT NOT NULL DEFAULT '',
            campaign_id INTEGER REFERENCES campaigns (id) ON DELETE SET NULL,
            initiative_id INTEGER REFERENCES initiatives (id) ON DELETE SET NULL,
            effort_hours REAL NOT NULL DEFAULT 0,
            cost REAL NOT NULL DEFAULT 0,
            notes TEXT NOT NULL DEFAULT '',
            link TEXT NOT NULL DEFAULT '',
            reach INTEGER,
            clicks INTEGER,
            conversions INTEGER,
            actual_cost REAL
        );
        CREATE INDEX items_date ON items (date);
        CREATE INDEX items_initiative ON items (initiative_id);
        CREATE INDEX items_channel ON items (channel_id);
        CREATE INDEX items_campaign ON items (campaign_id);
        """
    )


def _items_by_date_and_time(conn: sqlite3.Connection) -> None:
    """A calendar cell lists its first items in (date, time) order: with this index SQLite
    reads just those instead of sorting every item of a busy day (9x on a 20,000-item plan).
    """
    conn.executescript(
        """
        CREATE INDEX items_date_time ON items (date, time);
        DROP INDEX items_date;
        """
    )


def _plan_identity(conn: sqlite3.Connection) -> None:
    """A random identity that stays with the plan when its file is renamed or copied with
    Save As: calendar apps match exported events by it, so a re-import updates them."""
    conn.executescript(
        """
        CREATE TABLE identity (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            uid TEXT NOT NULL
        );
        INSERT INTO identity (id, uid) VALUES (1, lower(hex(randomblob(16))));
        """
    )


def _ids_never_reused(conn: sqlite3.Connection) -> None:
    """The highest id each table ever handed out, so that a deleted record's id is never
    given to a new one: an undo that deletes "its" new record by id can then never delete
    another window's (the effect of AUTOINCREMENT, without rebuilding the tables)."""
    conn.executescript(
        """
        CREATE TABLE id_high_water (
            name TEXT PRIMARY KEY,
            last_id INTEGER NOT NULL
        ) WITHOUT ROWID;
        INSERT INTO id_high_water (name, last_id)
            SELECT 'channels', coalesce(max(id), 0) FROM channels;
        INSERT INTO id_high_water (name, last_id)
            SELECT 'initiatives', coalesce(max(id), 0) FROM initiatives;
        INSERT INTO id_high_water (name, last_id)
            SELECT 'campaigns', coalesce(max(id), 0) FROM campaigns;
        INSERT INTO id_high_water (name, last_id)
            SELECT 'items', coalesce(max(id), 0) FROM items;
        """
    )


def _calendar_feed(conn: sqlite3.Connection) -> None:
    """What a calendar feed needs to update cleanly: the plan's time zone (timed events),
    an item's duration, a per-item sequence and modified time (a changed event replaces
    the old one), and tombstones of deleted items (sent as cancelled, then forgotten)."""
    conn.executescript(
        """
        ALTER TABLE plan ADD COLUMN time_zone TEXT NOT NULL DEFAULT '';
        ALTER TABLE items ADD COLUMN duration_minutes INTEGER;
        ALTER TABLE items ADD COLUMN sequence INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE items ADD COLUMN modified TEXT;
        UPDATE items SET modified = strftime('%Y-%m-%dT%H:%M:%SZ', 'now');
        CREATE TABLE item_tombstones (
            item_id INTEGER PRIMARY KEY,
            date TEXT NOT NULL,
            time TEXT,
            duration_minutes INTEGER,
            title TEXT NOT NULL,
            sequence INTEGER NOT NULL,
            deleted TEXT NOT NULL
        );
        CREATE INDEX item_tombstones_deleted ON item_tombstones (deleted);
        """
    )


def _series_and_cadence(conn: sqlite3.Connection) -> None:
    """Recurring content and cadence commitments: a series holds its RFC 5545 rule, its
    end (also kept as until/count, so the file says it without parsing the rule), how far
    it was laid out and the item template; its occurrences are items that name it, and
    ``detached`` marks one edited or moved on its own (series edits leave it alone).
    ``items.series_id`` is checked like the other links of items (validate), not by a
    foreign key: storage deletes occurrences before their series in one transaction."""
    conn.executescript(
        """
        CREATE TABLE series (
            id INTEGER PRIMARY KEY,
            rule TEXT NOT NULL,
            start_date TEXT NOT NULL,
            until_date TEXT,
            count INTEGER,
            horizon TEXT,
            title TEXT NOT NULL,
            channel_id INTEGER NOT NULL REFERENCES channels (id),
            time TEXT,
            format TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL DEFAULT 'idea',
            owner TEXT NOT NULL DEFAULT '',
            campaign_id INTEGER REFERENCES campaigns (id) ON DELETE SET NULL,
            initiative_id INTEGER REFERENCES initiatives (id) ON DELETE SET NULL,
            effort_hours REAL NOT NULL DEFAULT 0,
            cost REAL NOT NULL DEFAULT 0,
            notes TEXT NOT NULL DEFAULT '',
            link TEXT NOT NULL DEFAULT '',
            duration_minutes INTEGER
        );
        ALTER TABLE items ADD COLUMN series_id INTEGER;
        ALTER TABLE items ADD COLUMN detached INTEGER NOT NULL DEFAULT 0;
        CREATE INDEX items_series ON items (series_id);
        CREATE TABLE cadences (
            id INTEGER PRIMARY KEY,
            channel_id INTEGER NOT NULL REFERENCES channels (id),
            campaign_id INTEGER REFERENCES campaigns (id) ON DELETE SET NULL,
            count INTEGER NOT NULL CHECK (count >= 1),
            per TEXT NOT NULL CHECK (per IN ('week', 'month')),
            ideas_count INTEGER NOT NULL DEFAULT 0
        );
        INSERT INTO id_high_water (name, last_id) VALUES ('series', 0);
        INSERT INTO id_high_water (name, last_id) VALUES ('cadences', 0);
        """
    )


def _item_baselines(conn: sqlite3.Connection) -> None:
    """The day each item was first planned for, so that the client report can say what
    moved. The plan kept no history before: every item counts as planned for the day it
    is on now."""
    conn.executescript(
        """
        ALTER TABLE items ADD COLUMN planned_on TEXT;
        UPDATE items SET planned_on = date;
        """
    )


MIGRATIONS: list[Migration] = [
    _initial,
    _items_by_date_and_time,
    _plan_identity,
    _ids_never_reused,
    _calendar_feed,
    _series_and_cadence,
    _item_baselines,
]
"""Append new migrations; never edit or reorder one that has shipped."""

SCHEMA_VERSION = len(MIGRATIONS)

FEED_FORMAT = MIGRATIONS.index(_calendar_feed) + 1
"""The first format with the calendar feed's columns; reads of older read-only files do
without them (no durations, versions or tombstones)."""

SERIES_FORMAT = MIGRATIONS.index(_series_and_cadence) + 1
"""The first format with series and cadences; older read-only files are read without them."""

BASELINE_FORMAT = MIGRATIONS.index(_item_baselines) + 1
"""The first format with items' baselines; older read-only files read each item as planned
for its own day."""

OLDEST_READABLE = 1
"""The oldest format this version reads as it is, when a read-only file cannot be migrated
(later migrations add indexes, and an identity read with a fallback). Raise it when a
migration changes tables or columns that reads rely on."""


def migrate(conn: sqlite3.Connection) -> int:
    """Bring the file up to ``SCHEMA_VERSION``, one transaction per step; return the old one."""
    old = conn.execute("PRAGMA user_version").fetchone()[0]
    for version in range(old, SCHEMA_VERSION):
        conn.execute("BEGIN IMMEDIATE")
        try:
            if version == 0:
                conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            # executescript would COMMIT first; run the statements one by one instead
            _run_in_transaction(conn, MIGRATIONS[version])
            conn.execute(f"PRAGMA user_version = {version + 1}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    return int(old)


class _NoCommitConnection:
    """Lets a migration call ``executescript`` without committing the open transaction."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def executescript(self, script: str) -> None:
        for statement in _split_sql(script):
            self._conn.execute(statement)

    def execute(self, sql: str, params: object = ()) -> sqlite3.Cursor:
        return self._conn.execute(sql, params)  # type: ignore[arg-type]


def _split_sql(script: str) -> list[str]:
    statements, buffer = [], ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            if buffer.strip():
                statements.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        statements.append(buffer.strip())
    return statements


def migrate_to(conn: sqlite3.Connection, version: int) -> None:
    """Build format ``version`` in an empty database (what a check compares a file with)."""
    for migration in MIGRATIONS[:version]:
        _run_in_transaction(conn, migration)


def _run_in_transaction(conn: sqlite3.Connection, migration: Migration) -> None:
    migration(_NoCommitConnection(conn))  # type: ignore[arg-type]
