"""The plans a consultant keeps: the data folder, the recent files, and a summary of each.

Shared by the Plans window and ``streamdesk plans``, so it knows nothing of Qt. The data
folder is where the default plan lives: the GUI passes what ``QStandardPaths`` says
(``AppDataLocation``), the command line computes the same path (``data_folder``), and
``STREAMDESK_DATA_DIR`` overrides both (tests, portable installs).

The list is every ``*.streamdesk`` in the data folder plus the recent files. The recent
files live in Qt's settings for the Open Recent menu; the GUI also writes them to
``plans.json`` in the data folder (with the plans removed from the list), which is what
the command line reads: plain JSON it can read without Qt.

Every plan is read through a read-only connection (``PlanFile.open(read_only=True)``:
``mode=ro``, ``query_only``, no writer lock taken), and a plan that cannot be read is
listed with its state instead of breaking the list.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Any

from streamdesk.domain import ItemStatus, Plan
from streamdesk.domain.balance import compute_balance_from_days, overall_share
from streamdesk.storage.errors import (
    NewerPlanError,
    NotAPlanError,
    StorageError,
)
from streamdesk.storage.lock import lock_holder
from streamdesk.storage.planfile import PLAN_SUFFIX, SQLITE_HEADER, PlanFile
from streamdesk.storage.schema import APPLICATION_ID

ORGANIZATION = APPLICATION = "StreamDesk"  # what gui.app gives QCoreApplication
DATA_DIR_ENV = "STREAMDESK_DATA_DIR"
LIST_FILE = "plans.json"
TEMPLATES_FOLDER = "templates"
MAX_RECENT = 8


def data_folder(qt_location: str | None = None) -> Path:
    """The folder of the default plan and of the consultant's plans.

    ``STREAMDESK_DATA_DIR`` when set; else ``qt_location`` (the GUI's
    ``QStandardPaths.AppDataLocation``); else the path Qt gives for organisation and
    application "StreamDesk": ``$XDG_DATA_HOME/StreamDesk/StreamDesk`` (default
    ``~/.local/share``) on Linux, ``~/Library/Application Support/StreamDesk/StreamDesk``
    on macOS, ``%APPDATA%\\StreamDesk\\StreamDesk`` on Windows.
    """
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override)
    if qt_location:
        return Path(qt_location)
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    elif sys.platform == "darwin":  # pragma: no cover - exercised on macOS only
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / ORGANIZATION / APPLICATION


def templates_folder(folder: Path) -> Path:
    return folder / TEMPLATES_FOLDER


# -- the list file ---------------------------------------------------------------------


@dataclass
class PlanList:
    """What the list remembers besides the folder: recent files, and plans removed from it."""

    recent: list[str]
    hidden: list[str]


def _key(path: str | Path) -> str:
    return str(Path(path).expanduser().resolve())


def read_plan_list(folder: Path) -> PlanList:
    """The list file, or an empty list when it is missing or not ours (never an error)."""
    try:
        data = json.loads((folder / LIST_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return PlanList([], [])
    if not isinstance(data, dict):
        return PlanList([], [])

    def strings(value: object) -> list[str]:
        return (
            [str(v) for v in value if isinstance(v, str) and v] if isinstance(value, list) else []
        )

    return PlanList(strings(data.get("recent")), strings(data.get("hidden")))


def write_plan_list(folder: Path, plans: PlanList) -> None:
    """Replace the list file at once (a half-written list is never read)."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / LIST_FILE
    tmp = target.with_name(target.name + ".part")
    tmp.write_text(
        json.dumps({"recent": plans.recent, "hidden": plans.hidden}, indent=1), encoding="utf-8"
    )
    os.replace(tmp, target)


def remember_recent(folder: Path, path: str | Path) -> None:
    """A plan was opened: first in the recent files, and back in the list if removed."""
    plans = read_plan_list(folder)
    key = _key(path)
    plans.recent = [key, *(p for p in plans.recent if p != key)][:MAX_RECENT]
    plans.hidden = [p for p in plans.hidden if p != key]
    write_plan_list(folder, plans)


def set_recent(folder: Path, files: Iterable[str]) -> None:
    """Mirror the GUI's recent files (its Open Recent menu is the one the user edits)."""
    plans = read_plan_list(folder)
    plans.recent = [_key(f) for f in files][:MAX_RECENT]
    write_plan_list(folder, plans)


def remove_from_list(folder: Path, path: str | Path) -> None:
    """Take a plan off the list; the file itself is not touched."""
    plans = read_plan_list(folder)
    key = _key(path)
    plans.recent = [p for p in plans.recent if p != key]
    if key not in plans.hidden:
        plans.hidden.append(key)
    write_plan_list(folder, plans)


def plan_paths(folder: Path, recent: Iterable[str] | None = None) -> list[Path]:
    """The plans of the data folder (by name), then the recent files found elsewhere.

    ``recent`` is the GUI's recent files; the command line passes None and the list file's
    are used. Plans removed from the list are left out.
    """
    plans = read_plan_list(folder)
    hidden = set(plans.hidden)
    seen: set[str] = set()
    paths: list[Path] = []
    try:
        local = sorted(folder.glob(f"*{PLAN_SUFFIX}"), key=lambda p: p.name.casefold())
    except OSError:
        local = []
    for path in [*local, *(Path(p) for p in (plans.recent if recent is None else recent))]:
        key = _key(path)
        if key in seen or key in hidden:
            continue
        seen.add(key)
        paths.append(Path(key))
    return paths


# -- one plan, summarised -----------------------------------------------------------------


class PlanState(StrEnum):
    OK = "ok"
    DAMAGED = "damaged"
    NEWER = "newer version"
    NOT_A_PLAN = "not a plan"
    MISSING = "missing"


@dataclass(frozen=True)
class NextDue:
    item_id: int
    day: date
    title: str

    def describe(self) -> str:
        return f"{self.day.isoformat()} {self.title}"


@dataclass(frozen=True)
class PlanSummary:
    """A line of the Plans window and of ``streamdesk plans``."""

    path: Path
    state: PlanState
    message: str = ""  # why a plan that is not ok could not be read
    name: str = ""
    client: str = ""
    modified: datetime | None = None
    items_this_week: int | None = None
    next_due: NextDue | None = None
    upstream_share: float | None = None
    band_low: float | None = None
    band_high: float | None = None
    in_band: bool | None = None
    locked_by: str | None = None  # who writes it, when another window or program does
    locked_here: bool = False  # the writer is this very process (a window of this app)
    read_only: bool = False  # the file (or its folder) cannot be written
    uid: str = ""

    @property
    def title(self) -> str:
        return self.name or self.path.stem

    def as_json(self) -> dict[str, Any]:
        return {
            "path": str(self.path),
            "name": self.name or None,
            "client": self.client or None,
            "modified": None if self.modified is None else self.modified.isoformat("T", "seconds"),
            "items_this_week": self.items_this_week,
            "next_due": None
            if self.next_due is None
            else {
                "id": self.next_due.item_id,
                "date": self.next_due.day.isoformat(),
                "title": self.next_due.title,
            },
            "upstream_share": None
            if self.upstream_share is None
            else round(self.upstream_share, 3),
            "in_band": self.in_band,
            "locked_by": self.locked_by,
            "state": self.state.value,
        }


def week_of(day: date, week_start: int) -> tuple[date, date]:
    first = day - timedelta(days=(day.weekday() - week_start) % 7)
    return first, first + timedelta(days=6)


_DONE = (ItemStatus.PUBLISHED.value, ItemStatus.CANCELLED.value)


def next_due_item(pf: PlanFile, today: date) -> NextDue | None:
    """The first item from today on that is neither published nor cancelled."""
    row = pf.conn.execute(
        "SELECT id, date, title FROM items WHERE date >= ? AND status NOT IN (?, ?) "
        "ORDER BY date, time IS NOT NULL, time, id LIMIT 1",
        [today.isoformat(), *_DONE],
    ).fetchone()
    return None if row is None else NextDue(int(row[0]), date.fromisoformat(row[1]), str(row[2]))


def _file_kind(path: Path) -> PlanState:
    """Damaged or not a plan, from the file's header alone (SQLite keeps the application
    id at offset 68): a StreamDesk plan that cannot be read is damaged; anything else is
    not a plan."""
    try:
        with path.open("rb") as f:
            header = f.read(100)
    except OSError:
        return PlanState.DAMAGED
    if not header.startswith(SQLITE_HEADER) or len(header) < 72:
        return PlanState.NOT_A_PLAN
    app_id = int.from_bytes(header[68:72], "big")
    return PlanState.DAMAGED if app_id == APPLICATION_ID else PlanState.NOT_A_PLAN


def summarise(path: str | Path, today: date | None = None) -> PlanSummary:
    """What the Plans window shows of one plan; never raises for a file it cannot read."""
    from streamdesk.storage import repository

    path = Path(path)
    today = today or date.today()
    try:
        stat = path.stat()
    except OSError:
        return PlanSummary(path, PlanState.MISSING, f"{path} is no longer there.")
    modified = datetime.fromtimestamp(stat.st_mtime)
    holder = lock_holder(path)
    locked_by = None if holder is None else holder.describe()
    read_only = not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK))
    here = holder is not None and holder.on_this_host and holder.pid == os.getpid()
    base: dict[str, Any] = {
        "modified": modified,
        "locked_by": locked_by,
        "locked_here": here,
        "read_only": read_only,
    }
    try:
        pf = PlanFile.open(path, read_only=True)
    except NewerPlanError as error:
        return PlanSummary(path, PlanState.NEWER, str(error), **base)
    except NotAPlanError as error:
        return PlanSummary(path, _file_kind(path), str(error), **base)
    except (StorageError, sqlite3.Error, UnicodeDecodeError) as error:
        return PlanSummary(path, PlanState.DAMAGED, str(error), **base)
    try:
        plan = repository.get_plan(pf)
        first, last = week_of(today, plan.week_start)
        periods = compute_balance_from_days(
            plan, repository.list_initiatives(pf), repository.daily_item_totals(pf), "month"
        )
        share = overall_share(plan, periods)
        return PlanSummary(
            path,
            PlanState.OK,
            name=plan.name,
            client=plan.client,
            items_this_week=repository.count_items_between(pf, first, last),
            next_due=next_due_item(pf, today),
            upstream_share=share,
            band_low=plan.band_low,
            band_high=plan.band_high,
            in_band=None if share is None else plan.band_low <= share <= plan.band_high,
            uid=repository.plan_uid(pf),
            **base,
        )
    except (StorageError, sqlite3.Error, ValueError, KeyError, UnicodeDecodeError) as error:
        return PlanSummary(path, PlanState.DAMAGED, f"{path.name} is damaged ({error}).", **base)
    finally:
        with contextlib.suppress(sqlite3.Error):
            pf.close()


def list_plans(
    folder: Path, recent: Iterable[str] | None = None, today: date | None = None
) -> list[PlanSummary]:
    return [summarise(p, today) for p in plan_paths(folder, recent)]


def read_plan_settings(path: Path) -> Plan:
    """A plan's settings, read-only (what a template shows before it is used)."""
    from streamdesk.storage import repository

    with PlanFile.open(path, read_only=True) as pf:
        return repository.get_plan(pf)


# -- what the Plans window does to a plan file --------------------------------------------


def rename_plan(path: Path, name: str) -> None:
    """Give the plan at ``path`` a new name (the plan's, not the file's); refused while
    another window or program writes it (the writer lock says so)."""
    from streamdesk.storage import repository

    with PlanFile.open(path, program="Plans window") as pf:
        repository.save_plan(pf, repository.get_plan(pf).replace(name=name))


def duplicate_plan(source: Path, target: Path) -> Path:
    """A copy of ``source`` at ``target`` (SQLite's backup API, safe while it is open),
    with its own identity: the two plans' calendar events must never share UIDs."""
    import secrets

    if target.exists():
        raise StorageError(f"{target} already exists; choose another name.")
    with PlanFile.open(source, read_only=True) as pf:
        pf.backup_to(target)
    with PlanFile.open(target, program="Plans window") as copy, copy.transaction():
        copy.conn.execute("UPDATE identity SET uid = ? WHERE id = 1", [secrets.token_hex(16)])
    return target


def delete_plan(path: Path) -> None:
    """Delete a plan file and its side files; refused while anyone has it open for writing."""
    from streamdesk.storage.lock import PlanLock, lock_path

    try:
        lock = PlanLock.acquire(path, "Plans window")
    except OSError as error:
        raise StorageError(f"Could not delete {path}: {error.strerror or error}") from error
    with lock:
        try:
            path.unlink()
            for suffix in ("-wal", "-shm", "-journal"):
                Path(str(path) + suffix).unlink(missing_ok=True)
        except OSError as error:
            raise StorageError(f"Could not delete {path}: {error.strerror or error}") from error
    lock_path(path).unlink(missing_ok=True)
