"""A window on a plan another process writes: opened read-only, following the writer.

The one-writer lock (``storage.lock``) decides who writes. A second window opens the plan
read-only and polls two things on a timer: ``PRAGMA data_version`` (it changes whenever
the writer commits), answered with a full refresh of every view, and the lock, so that the
window can offer to take over once the writer has closed the plan.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal, Slot
from PySide6.QtWidgets import QMessageBox, QWidget

from streamdesk.domain import Campaign, Channel, Dependency, Initiative, Item
from streamdesk.gui.document import Change, PlanDocument
from streamdesk.storage import PlanFile, PlanLockedError, StorageError, repository
from streamdesk.storage.lock import LockHolder, lock_holder

WINDOW_PROGRAM = "a StreamDesk window"
POLL_MS = 1000


def open_for_window(path: str | Path, parent: QWidget | None = None) -> PlanFile:
    """Open a plan for a window: for writing when nobody else writes it, else read-only.

    A lock file written on another computer (a synced folder) cannot be checked from here,
    so the user decides: take it over, or look at the plan read-only.
    """
    try:
        return PlanFile.open(path, if_locked="read_only", program=WINDOW_PROGRAM)
    except PlanLockedError as error:
        if not error.foreign:
            raise
        answer = QMessageBox.question(
            parent,
            "StreamDesk",
            f"{error}\n\nOpen it for editing here anyway? Choose No to open it read-only.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer == QMessageBox.StandardButton.Yes:
            return PlanFile.open(path, take_foreign=True, program=WINDOW_PROGRAM)
        pf = PlanFile.open(path, read_only=True, program=WINDOW_PROGRAM)
        pf.holder = error.holder if isinstance(error.holder, LockHolder) else None
        return pf


def everything_changed(pf: PlanFile) -> Change:
    """A change naming every record that is or ever was in the plan: views read it all
    again, as after an edit of everything (ids are never reused, so the range is exact)."""
    ids = {
        cls: frozenset(range(1, repository.next_id(pf, cls)))
        for cls in (Channel, Initiative, Campaign, Item)
    }
    return Change(
        frozenset({Channel, Initiative, Campaign, Dependency, Item}),
        ids,  # type: ignore[arg-type]  # frozenset[int] is a frozenset[Any]
        plan=True,
    )


class PlanWatch(QObject):
    """Follows a plan another process writes, while the document shows it read-only."""

    holderChanged = Signal(object)  # LockHolder | None (None: the writer has closed it)

    def __init__(self, document: PlanDocument, interval_ms: int = POLL_MS) -> None:
        super().__init__(document)
        self.setObjectName("planWatch")
        self.document = document
        self.timer = QTimer(self)
        self.timer.setObjectName("planWatchTimer")
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.poll)
        self._version: int | None = None
        self._holder: LockHolder | None = None
        document.planReplaced.connect(self.restart)
        self.restart()

    @property
    def following(self) -> bool:
        pf = self.document.pf
        return pf.read_only and pf.holder is not None

    @property
    def holder(self) -> LockHolder | None:
        return self._holder

    @Slot()
    def restart(self) -> None:
        pf = self.document.pf
        self._holder = pf.holder if self.following else None
        if self.following:
            self._version = self._data_version()
            self.timer.start()
        else:
            self.timer.stop()

    def _data_version(self) -> int | None:
        try:
            return self.document.pf.data_version()
        except StorageError:
            return None

    @Slot()
    def poll(self) -> None:
        if not self.following:
            self.timer.stop()
            return
        version = self._data_version()
        if version is not None and version != self._version:
            self._version = version
            try:
                change = everything_changed(self.document.pf)
            except StorageError as error:
                self.document.errorOccurred.emit(str(error))
                return
            self.document.notify(change)
        holder = lock_holder(self.document.pf.path)
        if holder != self._holder:
            self._holder = holder
            self.holderChanged.emit(holder)

    def take_over(self) -> bool:
        """Open the plan for writing here, now that its writer has closed it."""
        path = self.document.pf.path
        try:
            pf = PlanFile.open(path, program=WINDOW_PROGRAM)
        except PlanLockedError as error:
            self._holder = error.holder if isinstance(error.holder, LockHolder) else None
            self.holderChanged.emit(self._holder)
            self.document.errorOccurred.emit(str(error))
            return False
        except StorageError as error:
            self.document.errorOccurred.emit(str(error))
            return False
        self.document.replace_file(pf)
        return True
