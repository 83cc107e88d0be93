"""The SQLite plan file: schema, migrations and repository functions (the only SQL)."""

from streamdesk.storage import repository
from streamdesk.storage.errors import (
    NewerPlanError,
    NotAPlanError,
    NotFoundError,
    PlanWriteError,
    ReadOnlyPlanError,
    StorageError,
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
    "NewerPlanError",
    "NotAPlanError",
    "NotFoundError",
    "PlanFile",
    "PlanWriteError",
    "ReadOnlyPlanError",
    "StorageError",
    "create_plan",
    "repository",
]
