"""The SQLite plan file: schema, migrations and repository functions (the only SQL)."""

from streamdesk.storage import repository
from streamdesk.storage.errors import (
    ConflictError,
    DamagedPlanError,
    NewerPlanError,
    NotAPlanError,
    NotFoundError,
    PlanLockedError,
    PlanWriteError,
    ReadOnlyPlanError,
    StorageError,
    UnexpectedSchemaError,
)
from streamdesk.storage.planfile import PLAN_SUFFIX, PlanFile
from streamdesk.storage.schema import SCHEMA_VERSION


def create_plan(path, plan=None, channels=None) -> PlanFile:  # type: ignore[no-untyped-def]
    """Create a new plan file with its settings and default channels."""
    pf = PlanFile.create(path)
    repository.initialise(pf, plan, channels)
    return pf


__all__ = [
    "PLAN_SUFFIX",
    "SCHEMA_VERSION",
    "ConflictError",
    "DamagedPlanError",
    "NewerPlanError",
    "NotAPlanError",
    "NotFoundError",
    "PlanFile",
    "PlanLockedError",
    "PlanWriteError",
    "ReadOnlyPlanError",
    "StorageError",
    "UnexpectedSchemaError",
    "create_plan",
    "repository",
]
