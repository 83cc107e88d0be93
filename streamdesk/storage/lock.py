"""One writer per plan: an OS lock on a side file that dies with its process.

The way LibreOffice, Excel and Anki do it. Beside ``plan.streamdesk`` the writer keeps
``.plan.streamdesk.lock``, locked with ``fcntl.flock`` (POSIX) or ``msvcrt.locking``
(Windows) and holding who it is: process id, host, user, program and when it took the
lock. The operating system drops the lock when the process ends however it ends, so a
crashed writer never blocks the plan; the text left behind only names who it was.

A lock file from another host (a synced folder copies the file, never the OS lock) cannot
be checked from here: the caller decides (the window asks, the command line refuses).

Readers leave a mark too, so that nothing replaces a plan under them: each read-only opener
keeps its own ``.plan.streamdesk.<pid>-<n>.reader`` file, locked the same way. A reader never
blocks a writer (the writer only looks at the ``.lock``), but Back Up, Save As and
``demo --force`` refuse to replace a plan that has a living reader, naming it.
"""

from __future__ import annotations

import contextlib
import getpass
import itertools
import json
import os
import sys
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from streamdesk.storage.errors import PlanLockedError

if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    _LOCK_OFFSET = 1 << 30  # lock a byte far past the text, so others can still read it

    def _try_lock(fd: int, shared: bool = False) -> bool:
        os.lseek(fd, _LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, _LOCK_OFFSET, os.SEEK_SET)
        with contextlib.suppress(OSError):
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int, shared: bool = False) -> bool:
        try:
            fcntl.flock(fd, (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)
        except OSError:  # BlockingIOError: someone holds it
            return False
        return True

    def _unlock(fd: int) -> None:
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_UN)


def this_host() -> str:
    """The host name, as ``socket.gethostname`` gives it (``uname`` has it on POSIX: the
    socket module is not imported just for this, which cost the window's first frame)."""
    if hasattr(os, "uname"):
        return os.uname().nodename
    import socket

    return socket.gethostname()


def lock_path(plan: str | os.PathLike[str]) -> Path:
    """The side file beside a plan that holds its writer's lock."""
    plan = Path(plan)
    return plan.with_name(f".{plan.name}.lock")


@dataclass(frozen=True)
class LockHolder:
    """Who holds (or last held) a plan's lock, as its lock file says."""

    pid: int
    host: str
    user: str = ""
    program: str = "StreamDesk"
    started: str = ""  # ISO date and time the lock was taken

    @property
    def on_this_host(self) -> bool:
        return self.host == this_host()

    def describe(self) -> str:
        """``a StreamDesk window (process 4242 of ana on studio, since 2027-03-01 14:02)``"""
        since = f", since {self.started.replace('T', ' ')[:16]}" if self.started else ""
        user = f" of {self.user}" if self.user else ""
        where = "this computer" if self.on_this_host else self.host or "an unknown computer"
        return f"{self.program} (process {self.pid}{user} on {where}{since})"

    def to_json(self) -> str:
        return json.dumps(
            {
                "pid": self.pid,
                "host": self.host,
                "user": self.user,
                "program": self.program,
                "started": self.started,
            }
        )

    @classmethod
    def from_text(cls, text: str) -> LockHolder | None:
        try:
            data = json.loads(text)
            return cls(
                pid=int(data["pid"]),
                host=str(data["host"]),
                user=str(data.get("user", "")),
                program=str(data.get("program", "StreamDesk")),
                started=str(data.get("started", "")),
            )
        except (ValueError, TypeError, KeyError):
            return None


_UNKNOWN = LockHolder(pid=0, host="", program="another StreamDesk")


def _read(path: Path) -> LockHolder | None:
    try:
        with path.open("r", encoding="utf-8", errors="replace") as f:
            return LockHolder.from_text(f.read(4096))
    except OSError:
        return None


def _me(program: str) -> LockHolder:
    try:
        user = getpass.getuser()
    except (OSError, KeyError, ImportError):
        user = ""
    return LockHolder(
        pid=os.getpid(),
        host=this_host(),
        user=user,
        program=program,
        started=datetime.now().isoformat(timespec="seconds"),
    )


def lock_holder(plan: str | os.PathLike[str]) -> LockHolder | None:
    """Who holds the plan's writer lock, without taking it: None when nobody does.

    A lock file written on another host is returned as its holder even when no OS lock is
    held here (the OS lock of another computer cannot be seen through a synced folder).
    A lock left by a process of this host that has ended is stale: None.
    """
    path = lock_path(plan)
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return None
    try:
        holder = _read(path)
        if _try_lock(fd, shared=True):
            _unlock(fd)
            if holder is not None and not holder.on_this_host:
                return holder
            return None
        return holder or _UNKNOWN
    finally:
        os.close(fd)


def _refusal(plan: Path, holder: LockHolder, foreign: bool) -> PlanLockedError:
    if foreign:
        message = (
            f"{plan.name} may be open for writing on another computer: its lock file names "
            f"{holder.describe()}. Close it there first (or, if that computer no longer has "
            f"it open, delete {lock_path(plan).name} beside the plan)."
        )
    else:
        message = (
            f"{plan.name} is open for writing in {holder.describe()}; it was not changed. "
            f"Close it there first, or try again when it is closed."
        )
    return PlanLockedError(message, holder, foreign)


class PlanLock:
    """The writer lock of one plan, held by this process until ``release``."""

    def __init__(self, plan: Path, fd: int, holder: LockHolder) -> None:
        self.plan = plan
        self.path = lock_path(plan)
        self.holder = holder
        self._fd: int | None = fd

    @classmethod
    def acquire(
        cls, plan: str | os.PathLike[str], program: str, *, take_foreign: bool = False
    ) -> PlanLock:
        """Take the plan's lock or raise ``PlanLockedError`` naming the holder (``OSError``
        when the lock file cannot be made).

        A stale lock (its process ended: the OS released it) is taken over silently; one
        written on another host is refused unless ``take_foreign``.
        """
        plan = Path(plan)
        path = lock_path(plan)
        for attempt in range(5):
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)  # OSError: the caller says why
            if not _try_lock(fd):
                os.close(fd)
                if attempt < 4:
                    time.sleep(0.01)  # someone probing with lock_holder, for a moment
                    continue
                raise _refusal(plan, _read(path) or _UNKNOWN, foreign=False)
            try:
                same = os.path.samestat(os.fstat(fd), os.stat(path))
            except OSError:
                same = False
            if not same:  # the holder removed the file as we opened it: start again
                _unlock(fd)
                os.close(fd)
                continue
            previous = _read(path)
            if previous is not None and not previous.on_this_host and not take_foreign:
                _unlock(fd)
                os.close(fd)
                raise _refusal(plan, previous, foreign=True)
            me = _me(program)
            data = me.to_json().encode()
            os.lseek(fd, 0, os.SEEK_SET)
            os.ftruncate(fd, 0)
            os.write(fd, data)  # no fsync: the OS lock decides, the text only names the holder
            return cls(plan, fd, me)
        raise _refusal(plan, _read(path) or _UNKNOWN, foreign=False)

    @property
    def held(self) -> bool:
        return self._fd is not None

    def release(self) -> None:
        """Give the plan back: the lock file goes, then the OS lock."""
        fd, self._fd = self._fd, None
        if fd is None:
            return
        with contextlib.suppress(OSError):
            if os.path.samestat(os.fstat(fd), os.stat(self.path)):
                self.path.unlink()
        _unlock(fd)
        os.close(fd)

    def __enter__(self) -> PlanLock:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


_READER_SUFFIX = ".reader"
_reader_numbers = itertools.count(1)


def _reader_prefix(plan: Path) -> str:
    return f".{plan.name}."


class ReaderMark:
    """A read-only opener's mark beside the plan, held until ``release``: it makes the reader
    visible to whoever is about to replace the file, without blocking the plan's writer."""

    def __init__(self, path: Path, fd: int) -> None:
        self.path = path
        self._fd: int | None = fd

    @classmethod
    def register(cls, plan: str | os.PathLike[str], program: str) -> ReaderMark | None:
        """Leave the mark; None where the folder takes no file (a read-only medium, where
        nothing can replace the plan either)."""
        plan = Path(plan)
        for _attempt in range(3):
            number = next(_reader_numbers)
            path = plan.with_name(f"{_reader_prefix(plan)}{os.getpid()}-{number}{_READER_SUFFIX}")
            try:
                fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o644)
            except FileExistsError:
                continue  # a mark of an ended process with our pid: take another number
            except OSError:
                return None
            locked = False
            try:
                locked = _try_lock(fd)
                if locked:
                    os.write(fd, _me(program).to_json().encode())
                    # a look by ``readers`` between the create and the lock removed it
                    if os.path.samestat(os.fstat(fd), os.stat(path)):
                        return cls(path, fd)
            except OSError:
                pass
            if locked:
                _unlock(fd)
            os.close(fd)
        return None

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is None:
            return
        _unlock(fd)
        os.close(fd)  # closed first: Windows removes no file that is open
        with contextlib.suppress(OSError):
            self.path.unlink()


def readers(plan: str | os.PathLike[str]) -> list[LockHolder]:
    """Who has the plan open read-only, living processes only; the marks of ended ones are
    removed on the way."""
    plan = Path(plan)
    prefix = _reader_prefix(plan)
    try:
        names = sorted(
            entry.name
            for entry in os.scandir(plan.parent)
            if entry.name.startswith(prefix) and entry.name.endswith(_READER_SUFFIX)
        )
    except OSError:
        return []
    found: list[LockHolder] = []
    for name in names:
        path = plan.with_name(name)
        try:
            fd = os.open(path, os.O_RDWR)
        except OSError:
            continue  # released as we looked
        try:
            if _try_lock(fd):  # nobody holds it: its reader has ended
                with contextlib.suppress(OSError):
                    if os.path.samestat(os.fstat(fd), os.stat(path)):
                        path.unlink()
                _unlock(fd)
            else:
                found.append(_read(path) or _UNKNOWN)
        finally:
            os.close(fd)
    return found


def reader_refusal(
    plan: Path, who: list[LockHolder], *, replacing: bool = False
) -> PlanLockedError:
    """``PlanLockedError`` for a plan that cannot be replaced while ``who`` reads it."""
    names = "; ".join(holder.describe() for holder in who)
    if replacing:
        message = f"{plan.name} was not replaced: it is open read-only in {names}."
    else:
        message = f"{plan.name} is open read-only in {names}; it was not changed."
    return PlanLockedError(
        f"{message} Close it there first, or choose another name.", who[0], False
    )


def refuse_if_locked(plan: str | os.PathLike[str]) -> None:
    """For a command about to replace a plan: ``PlanLockedError`` when someone holds it,
    for writing or reading."""
    holder = lock_holder(plan)
    if holder is not None:
        raise _refusal(Path(plan), holder, foreign=not holder.on_this_host)
    others = readers(plan)
    if others:
        raise reader_refusal(Path(plan), others)
