"""Undo commands: every user edit is one command that moves the file between snapshots.

A command holds the records as they were (``before``) and as they become (``after``),
so undo and redo restore the file exactly; storage does the writing in one
transaction. The document applies a command before pushing it, which is why
``redo``/``undo`` skip the first call after ``mark_applied``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from PySide6.QtGui import QUndoCommand

from streamdesk.domain import Campaign, Dependency, Entity, Initiative, Item, Plan
from streamdesk.gui.change import Change
from streamdesk.storage import PlanFile, repository


class PlanDocument(Protocol):
    """What a command needs of the open plan: its file, its settings and whom to tell.

    ``gui.document.PlanDocument`` is one; the commands do not import it, so the document
    can name the commands it applies without an import cycle.
    """

    @property
    def pf(self) -> PlanFile: ...

    @property
    def plan(self) -> Plan: ...

    def notify(self, change: Change) -> None: ...


class PlanCommand(QUndoCommand):
    def __init__(
        self,
        document: PlanDocument,
        text: str,
        before: Sequence[Entity] = (),
        after: Sequence[Entity] = (),
        *,
        plan_before: Plan | None = None,
        plan_after: Plan | None = None,
    ) -> None:
        super().__init__(text)
        self.document = document
        self.before = list(before)
        self.after = list(after)
        self.plan_before = plan_before
        self.plan_after = plan_after
        self._skip_next = False

    # -- what the document calls ------------------------------------------------------------

    def apply(self) -> None:
        pf = self.document.pf
        with pf.transaction():
            self.after = repository.apply_changes(pf, self.before, self.after)
            if self.plan_after is not None:
                repository.change_plan(pf, self.plan_before, self.plan_after)
        self.document.notify(self.change())

    def revert(self) -> None:
        pf = self.document.pf
        with pf.transaction():
            repository.apply_changes(pf, self.after, self.before)
            if self.plan_before is not None:
                repository.change_plan(pf, self.plan_after, self.plan_before)
        self.document.notify(self.change())

    def mark_applied(self) -> None:
        self._skip_next = True

    def change(self) -> Change:
        return Change.of(self.before, self.after, plan=self.plan_after is not None)

    # -- what QUndoStack calls --------------------------------------------------------------

    def redo(self) -> None:
        if self._skip_next:
            self._skip_next = False
            return
        self.apply()

    def undo(self) -> None:
        if self._skip_next:
            self._skip_next = False
            return
        self.revert()


def create(document: PlanDocument, entities: Sequence[Entity], text: str) -> PlanCommand:
    return PlanCommand(document, text, [], entities)


def edit(
    document: PlanDocument, old: Sequence[Entity], new: Sequence[Entity], text: str
) -> PlanCommand:
    return PlanCommand(document, text, old, new)


def delete(document: PlanDocument, entities: Sequence[Entity], text: str) -> PlanCommand:
    """Delete records; deleting initiatives also removes their links, and undo restores them."""
    before: list[Entity] = []
    after: list[Entity] = []
    seen: set[tuple[type, object]] = set()
    for entity in entities:
        if isinstance(entity, Initiative):
            b, a = repository.delete_initiative_snapshot(document.pf, entity)
        else:
            b, a = [entity], []
        for e in b:
            if (type(e), e.id) not in seen:
                seen.add((type(e), e.id))
                before.append(e)
        after.extend(a)
    # an item linked to two deleted initiatives appears once in after, unlinked from both
    deleted = {e.id for e in entities if isinstance(e, Initiative)}
    explicit = {(type(e), e.id) for e in entities}
    merged: dict[tuple[type, object], Entity] = {}
    for e in after:
        if (type(e), e.id) in explicit:
            continue
        if isinstance(e, (Campaign, Item)) and e.initiative_id in deleted:
            e = e.replace(initiative_id=None)
        merged[(type(e), e.id)] = e
    return PlanCommand(document, text, before, list(merged.values()))


def set_plan(document: PlanDocument, new: Plan, text: str = "Change plan settings") -> PlanCommand:
    return PlanCommand(document, text, plan_before=document.plan, plan_after=new)


def add_dependency(document: PlanDocument, dependency: Dependency) -> PlanCommand:
    """Checked for duplicates and cycles before it is pushed (ValidationError)."""
    from streamdesk.domain.dependencies import check_new_dependency

    check_new_dependency(repository.list_dependencies(document.pf), dependency)
    return PlanCommand(document, "Add dependency", [], [dependency])
