"""Edges a consultant meets on the command line and in files from other tools: each ends
in one clear line, or imports exactly what the file says (found by using the CLI as a
user would, see the audit notes)."""

from __future__ import annotations

from pathlib import Path

from import_helpers import dry_run, export

from streamdesk.domain import Initiative
from streamdesk.domain.model import InitiativeStatus
from streamdesk.storage import PlanFile, repository


def test_our_own_in_progress_status_is_not_reported_as_mapped(pf: PlanFile, tmp_path: Path) -> None:
    """ "in progress" is how we write the status; a round trip must not list it as mapped
    by a rule (the dry run's `mapped:` lines are for values another tool wrote)."""
    first = repository.list_initiatives(pf)[0]
    repository.update(pf, first.replace(status=InitiativeStatus.IN_PROGRESS))
    plan = dry_run(pf, export(pf, tmp_path / "own.xlsx"))
    assert plan.ok
    assert plan.counts()["changed"] == 0
    assert [m for m in plan.mapped if "in progress" in str(m)] == []
    assert not any("in progress" in note for note in plan.notes)
    assert repository.get(pf, Initiative, first.id).status is InitiativeStatus.IN_PROGRESS
