"""Errors the storage layer raises: each message names the file and says what to do."""


class StorageError(Exception):
    """Anything that went wrong reading or writing a plan file."""


class NotAPlanError(StorageError):
    """The file exists but is not a StreamDesk plan (random bytes, another database)."""


class NewerPlanError(StorageError):
    """The file was written by a newer StreamDesk whose schema this one cannot read."""


class ReadOnlyPlanError(StorageError):
    """An edit was attempted on a plan opened read-only."""


class PlanWriteError(StorageError):
    """A write failed (disk full, file locked, I/O error); it was rolled back."""


class NotFoundError(StorageError):
    """A record an edit refers to no longer exists."""


class UnexpectedSchemaError(NotAPlanError):
    """The file holds a trigger, view, table or index StreamDesk did not create."""


class DamagedPlanError(StorageError):
    """A value in the file is not what StreamDesk wrote (a date that is not a date, …)."""


class ConflictError(StorageError):
    """A record is no longer as an edit, undo or redo expects: someone else changed it."""


class PlanLockedError(StorageError):
    """Another StreamDesk (window or command) is writing to the plan."""

    def __init__(self, message: str, holder: object = None, foreign: bool = False) -> None:
        super().__init__(message)
        self.holder = holder  # a lock.LockHolder, or None when the lock could not be made
        self.foreign = foreign  # the lock file names another host: a person may decide
