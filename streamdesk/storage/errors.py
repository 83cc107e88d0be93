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
