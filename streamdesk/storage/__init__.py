"""The SQLite plan file: schema, migrations and repository functions (the only SQL)."""

import os
from collections.abc import Iterable

from streamdesk.domain import Channel, Plan
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


def create_plan(
    path: str | os.PathLike[str],
    plan: Plan | None = None,
    channels: Iterable[Channel] | None = None,
) -> PlanFile:
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
