"""Opening, creating and copying a plan file; the one place transactions are made.

Every edit runs inside :meth:`PlanFile.transaction`, which commits at once (there
is no unsaved state) and turns SQLite's failures into :class:`StorageError`s with
a message a user can act on. Nothing is written to a file until it is known to
be a StreamDesk plan of a schema this version understands.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Literal
from urllib.parse import quote

from streamdesk.storage.errors import (
    NewerPlanError,
    NotAPlanError,
    PlanLockedError,
    PlanWriteError,
    ReadOnlyPlanError,
    StorageError,
)
from streamdesk.storage.lock import (
    LockHolder,
    PlanLock,
    ReaderMark,
    lock_path,
    reader_refusal,
    readers,
)
from streamdesk.storage.schema import APPLICATION_ID, OLDEST_READABLE, SCHEMA_VERSION, migrate
from streamdesk.storage.validate import validate as check_file

if TYPE_CHECKING:
    import sqlite_utils

SQLITE_HEADER = b"SQLite format 3\x00"
# what SQLite raises on a damaged file: its own errors, and text it cannot decode (a damaged
# schema makes even the error message invalid UTF-8)
_SQLITE_FAILURES = (sqlite3.Error, UnicodeDecodeError)
PLAN_SUFFIX = ".streamdesk"
DEFAULT_BUSY_TIMEOUT_MS = 2000


def _unreplayed_wal(path: Path) -> Path | None:
    """The plan's -wal file while it holds changes not yet in the plan file itself: the
    plan is open somewhere, or was when its process died."""
    wal = path.with_name(path.name + "-wal")
    return wal if wal.exists() and wal.stat().st_size > 0 else None


def _uri(path: Path, **params: str) -> str:
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return f"file:{quote(str(path.resolve()))}?{query}"


def describe_sqlite_error(error: sqlite3.Error | UnicodeDecodeError, path: Path) -> str:
    """A sentence for the user, sorted by SQLite's error code (``sqlite_errorname``), not
    by the words of its message."""
    name = path.name
    if isinstance(error, UnicodeDecodeError):
        return f"{path} is damaged (its structure cannot be read)."
    code = str(getattr(error, "sqlite_errorname", "") or "")
    if code.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return (
            f"{name} is busy: another StreamDesk window or program is writing to it. "
            f"The change was not saved; try again in a moment."
        )
    if code == "SQLITE_FULL" or (code == "SQLITE_IOERR_WRITE" and _disk_full(path)):
        return f"There is no space left on the device holding {path}. The change was not saved."
    if code.startswith("SQLITE_READONLY"):
        return f"{path} is read-only, so the change was not saved."
    if code.startswith("SQLITE_IOERR"):
        return f"Could not write {path} (disk I/O error). The change was not saved."
    if code.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")):
        return f"{path} is damaged ({error}). The change was not saved."
    return f"Could not save to {path}: {error}."


def _disk_full(path: Path) -> bool:
    """Whether the device holding ``path`` has no room left (some writes fail with an I/O
    error rather than SQLITE_FULL)."""
    try:
        return shutil.disk_usage(path.parent).free < 64 * 1024
    except OSError:
        return False


class PlanFile:
    """An open plan: a sqlite-utils database plus what the app needs to know about it."""

    def __init__(self, path: Path, conn: sqlite3.Connection, read_only: bool) -> None:
        self.path = path
        self.read_only = read_only
        self.lock: PlanLock | None = None  # held while open for writing
        self.holder: LockHolder | None = None  # who writes, when read-only for that reason
        self.reader_mark: ReaderMark | None = None  # held while open read-only
        self.conn = conn
        self._db: sqlite_utils.Database | None = None

    @property
    def db(self) -> sqlite_utils.Database:
        """The sqlite-utils wrapper, made on first use: importing sqlite-utils imports numpy
        and dateutil (~0.2 s on a slow machine), which reading a plan never needs, so opening
        one to paint the window does not pay for it."""
        if self._db is None:
            import sqlite_utils

            self._db = sqlite_utils.Database(self.conn, execute_plugins=False)
        return self._db

    # -- opening -------------------------------------------------------------

    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str],
        *,
        read_only: bool = False,
        busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS,
        if_locked: Literal["refuse", "read_only"] = "refuse",
        take_foreign: bool = False,
        program: str = "StreamDesk",
    ) -> PlanFile:
        """Open a plan; for writing, only after taking its one-writer lock.

        When another process holds the lock, ``if_locked`` says what to do: ``"refuse"``
        (the command line: ``PlanLockedError`` naming the holder) or ``"read_only"`` (a
        second window: the plan opens read-only and ``holder`` names the writer). A lock
        file from another host is refused unless ``take_foreign``.
        """
        path = Path(path)
        if not path.exists():
            raise StorageError(f"{path} does not exist.")
        if path.is_dir():
            raise StorageError(f"{path} is a folder, not a plan file.")
        _check_header(path)
        writable = not read_only and os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)
        lock: PlanLock | None = None
        holder: LockHolder | None = None
        if writable:
            try:
                lock = PlanLock.acquire(path, program, take_foreign=take_foreign)
            except PlanLockedError as error:
                if if_locked != "read_only" or error.foreign:
                    raise
                writable = False
                holder = error.holder if isinstance(error.holder, LockHolder) else None
            except OSError as error:
                raise StorageError(
                    f"Could not open {path} for writing: its lock file "
                    f"{lock_path(path).name} cannot be made ({error.strerror or error})."
                ) from error
        try:
            pf = cls._open_checked(path, writable, busy_timeout_ms)
        except BaseException:
            if lock is not None:
                lock.release()
            raise
        pf.lock, pf.holder = lock, holder
        if lock is not None:
            _remove_backup_leftovers(path)
        else:  # seen by Back Up and Save As, which must not replace the plan under us
            pf.reader_mark = ReaderMark.register(path, program)
        return pf

    @classmethod
    def _open_checked(cls, path: Path, writable: bool, busy_timeout_ms: int) -> PlanFile:
        version = _probe(path)
        if version > SCHEMA_VERSION:
            raise NewerPlanError(
                f"{path.name} was saved by a newer StreamDesk (plan format {version}); "
                f"this version reads formats up to {SCHEMA_VERSION}. Update StreamDesk to open it."
            )
        if not writable:
            if version < OLDEST_READABLE:
                raise StorageError(
                    f"{path.name} is read-only and in an older plan format ({version}); "
                    f"copy it somewhere writable so StreamDesk can upgrade it."
                )
            try:
                reader = _connect_read_only(path, busy_timeout_ms)
            except _SQLITE_FAILURES as error:
                raise StorageError(
                    f"Could not open {path}: {describe_sqlite_error(error, path)}"
                ) from error
            return cls(path, reader, read_only=True)
        conn: sqlite3.Connection | None = None
        try:
            conn = sqlite3.connect(str(path), timeout=busy_timeout_ms / 1000, isolation_level=None)
            _configure(conn, busy_timeout_ms)
            migrate(conn)
        except _SQLITE_FAILURES as error:
            if conn is not None:
                conn.close()  # no open handle left behind (it would keep a medium busy)
            raise StorageError(
                f"Could not open {path}: {describe_sqlite_error(error, path)}"
            ) from error
        return cls(path, conn, read_only=False)

    @classmethod
    def create(
        cls,
        path: str | os.PathLike[str],
        *,
        busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS,
        program: str = "StreamDesk",
    ) -> PlanFile:
        """A new, empty plan file (schema only; see ``repository.initialise``), locked."""
        path = Path(path)
        if path.exists() and path.stat().st_size > 0:
            raise StorageError(f"{path} already exists; choose another name.")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StorageError(f"Could not create {path}: {error}") from error
        try:
            lock = PlanLock.acquire(path, program)
        except OSError as error:
            raise StorageError(f"Could not create {path}: {error.strerror or error}") from error
        try:
            conn = sqlite3.connect(str(path), timeout=busy_timeout_ms / 1000, isolation_level=None)
            _configure(conn, busy_timeout_ms)
            migrate(conn)
        except (OSError, sqlite3.Error) as error:
            lock.release()
            raise StorageError(f"Could not create {path}: {error}") from error
        pf = cls(path, conn, read_only=False)
        pf.lock = lock
        return pf

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            if not self.read_only:
                # fold the WAL back so the file can be copied or mailed on its own
                self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self.conn.close()
        if self.lock is not None:
            self.lock.release()
        if self.reader_mark is not None:
            self.reader_mark.release()

    def data_version(self) -> int:
        """Changes whenever another connection commits to the plan (what a read-only window
        polls to follow the writer)."""
        return int(self.conn.execute("PRAGMA data_version").fetchone()[0])

    def __enter__(self) -> PlanFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing -------------------------------------------------------------

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite_utils.Database]:
        """All writes in the block commit together or not at all (nested blocks are savepoints)."""
        if self.read_only:
            raise ReadOnlyPlanError(f"{self.path.name} is open read-only; it cannot be changed.")
        outermost = not self.conn.in_transaction
        try:
            if outermost:
                # take the write lock up front so a busy file fails before any work is done
                self.conn.execute("BEGIN IMMEDIATE")
                try:
                    yield self.db
                except BaseException:
                    if self.conn.in_transaction:
                        self.conn.execute("ROLLBACK")
                    raise
                else:
                    try:
                        self.conn.execute("COMMIT")
                    except BaseException:
                        if self.conn.in_transaction:
                            self.conn.execute("ROLLBACK")
                        raise
            else:
                with self.db.atomic():
                    yield self.db
        except sqlite3.IntegrityError as error:
            raise PlanWriteError(
                f"The change was refused because it would break the plan's consistency ({error})."
            ) from error
        except sqlite3.Error as error:
            raise PlanWriteError(describe_sqlite_error(error, self.path)) from error

    def backup_to(
        self,
        target: str | os.PathLike[str],
        *,
        progress: Callable[[int, int, int], object] | None = None,
    ) -> Path:
        """A consistent copy through SQLite's backup API, safe while the plan is open.

        The copy is written to ``TARGET.part`` under the target's own lock and renamed when
        complete, so a plan open elsewhere is never replaced, and leftovers of a killed
        Back Up are removed first. ``progress`` (tests) is called after each step.
        """
        target = Path(target)
        if target.resolve() == self.path.resolve():
            raise StorageError("Choose a different file: a plan cannot be copied onto itself.")
        try:
            lock = PlanLock.acquire(target, "Back Up")
        except PlanLockedError as error:
            raise PlanLockedError(
                f"{target.name} was not replaced: {error}", error.holder, error.foreign
            ) from None
        except OSError as error:
            raise StorageError(
                f"Could not copy the plan to {target}: {_describe_failure(error, target)}"
            ) from error
        with lock:
            others = readers(target)
            if others:
                raise reader_refusal(target, others, replacing=True)
            wal = _unreplayed_wal(target)
            if wal is not None:
                # SQLite would replay that -wal onto the new copy and damage it
                raise StorageError(
                    f"{target.name} is open in StreamDesk or was not closed properly: "
                    f"{wal.name} still holds its latest changes, so it was not replaced. "
                    f"Choose another name, or open and close {target.name} first."
                )
            tmp = target.with_name(target.name + ".part")
            try:
                _remove_backup_leftovers(target)
                dest = sqlite3.connect(str(tmp))
                try:
                    if progress is None:
                        self.conn.backup(dest)
                    else:
                        self.conn.backup(dest, pages=8, progress=progress)
                    dest.execute("PRAGMA journal_mode=DELETE")
                finally:
                    dest.close()
                os.replace(tmp, target)
            except (OSError, sqlite3.Error) as error:
                _remove_backup_leftovers(target)
                raise StorageError(
                    f"Could not copy the plan to {target}: {_describe_failure(error, target)}"
                ) from error
        return target

    def integrity_check(self) -> str:
        """``"ok"``, or what is wrong (a damaged file may fail the check itself)."""
        try:
            rows = self.conn.execute("PRAGMA integrity_check").fetchall()
        except _SQLITE_FAILURES as error:
            return f"the check failed: {error}"
        return "\n".join(str(r[0]) for r in rows)


def _remove_backup_leftovers(target: Path) -> None:
    """What a Back Up killed mid-way left beside its target (the caller holds its lock)."""
    for name in (f"{target.name}.part", f"{target.name}.part-journal"):
        with contextlib.suppress(OSError):
            target.with_name(name).unlink()


def _describe_failure(error: OSError | sqlite3.Error, path: Path) -> str:
    if isinstance(error, OSError):
        if error.errno == errno.ENOSPC:
            return f"there is no space left on the device holding {path}"
        return str(error.strerror or error)
    return describe_sqlite_error(error, path)


def _check_header(path: Path) -> None:
    try:
        with path.open("rb") as f:
            header = f.read(len(SQLITE_HEADER))
    except OSError as error:
        raise StorageError(f"Could not read {path}: {error.strerror or error}") from error
    if header != SQLITE_HEADER:
        raise NotAPlanError(f"{path.name} is not a StreamDesk plan (it is not a SQLite database).")


def _probe(path: Path, *, validate: bool = True) -> int:
    """Read the identity and version, and check the schema and values, without changing
    anything in the file (see ``validate``)."""
    try:
        conn = _connect_read_only(path, 500)
    except _SQLITE_FAILURES as error:
        raise NotAPlanError(
            f"{path.name} is not a readable StreamDesk plan ({_detail(error)})."
        ) from error
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if app_id != APPLICATION_ID:
            if app_id == 0 and version == 0 and not _has_tables(conn):
                return 0  # an empty SQLite file: ours to initialise
            raise NotAPlanError(
                f"{path.name} is a SQLite database, but not a StreamDesk plan; it was not changed."
            )
        if validate:
            check_file(conn, path, int(version))
        return int(version)
    except _SQLITE_FAILURES as error:
        raise NotAPlanError(
            f"{path.name} is not a readable StreamDesk plan ({_detail(error)})."
        ) from error
    finally:
        conn.close()


def _detail(error: sqlite3.Error | UnicodeDecodeError) -> str:
    return "its structure is damaged" if isinstance(error, UnicodeDecodeError) else str(error)


def _has_tables(conn: sqlite3.Connection) -> bool:
    return bool(conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] > 0)


def _connect_read_only(path: Path, busy_timeout_ms: int) -> sqlite3.Connection:
    conn = sqlite3.connect(_uri(path, mode="ro"), uri=True, isolation_level=None)
    try:
        conn.execute("PRAGMA trusted_schema = OFF")
        conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except BaseException as error:
        conn.close()  # no open handle left behind (it would keep a medium busy)
        if not isinstance(error, sqlite3.OperationalError):
            raise
        # a WAL-mode file on a read-only medium: SQLite cannot create its -shm file, so
        # the file is read as immutable, which ignores a -wal. Edits a crash left there
        # would silently be missing: refuse instead of showing an older plan.
        wal = _unreplayed_wal(path)
        if wal is not None:
            raise StorageError(
                f"{path.name} was not closed properly: its latest changes are still in "
                f"{wal.name}, which cannot be read from a read-only folder or medium. "
                f"Copy both files to a writable folder and open the copy there."
            ) from None
        conn = sqlite3.connect(_uri(path, immutable="1"), uri=True, isolation_level=None)
        try:
            conn.execute("PRAGMA trusted_schema = OFF")
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except BaseException:
            conn.close()
            raise
    conn.execute("PRAGMA query_only = ON")
    conn.execute("PRAGMA trusted_schema = OFF")
    return conn


def _configure(conn: sqlite3.Connection, busy_timeout_ms: int) -> None:
    conn.execute("PRAGMA trusted_schema = OFF")  # no function of the file's schema runs here
    conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
    conn.execute("PRAGMA foreign_keys = ON")
    mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    if str(mode).lower() != "wal":
        raise sqlite3.OperationalError(f"could not switch to WAL mode (got {mode})")
    conn.execute("PRAGMA synchronous = NORMAL")
