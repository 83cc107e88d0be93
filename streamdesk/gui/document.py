"""The open plan as the views see it: one object that owns the file and the undo stack.

Views never call each other. They read through the document, edit through
:meth:`PlanDocument.execute` with undo commands, and refresh when it emits
``changed`` (what changed) or ``planReplaced`` (another file is open). Selection
and period are shared the same way: a view emits through the document and the
others follow.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from streamdesk.domain import Channel, Entity, Item, Plan, Stream, ValidationError
from streamdesk.storage import PlanFile, StorageError, repository

if TYPE_CHECKING:
    from streamdesk.gui.commands import PlanCommand


@dataclass(frozen=True)
class Change:
    """What an edit touched: entity classes and their ids, and whether the plan row changed.

    ``relinked`` names the initiatives that gained or lost items, so that a view counting
    items per initiative does not recount a 20,000-item plan after a drag that moved an
    item in time only; ``item_dates`` the days items left or reached, so that a calendar
    reads those days again and not its whole month; ``item_owners`` the owners of the items
    as they are now. ``None`` when not known.
    """

    kinds: frozenset[type] = frozenset()
    ids: dict[type, frozenset[Any]] = field(default_factory=dict)
    plan: bool = False
    relinked: frozenset[int] | None = None
    item_dates: frozenset[date] | None = None
    item_owners: frozenset[str] | None = None

    @classmethod
    def of(cls, before: list[Entity], after: list[Entity], plan: bool = False) -> Change:
        ids: dict[type, set[Any]] = {}
        for entity in (*before, *after):
            ids.setdefault(type(entity), set()).add(entity.id)
        links: Counter[int] = Counter()
        for sign, group in ((-1, before), (1, after)):
            for entity in group:
                if isinstance(entity, Item) and entity.initiative_id is not None:
                    links[entity.initiative_id] += sign
        items = [e for e in (*before, *after) if isinstance(e, Item)]
        return cls(
            frozenset(ids),
            {k: frozenset(v) for k, v in ids.items()},
            plan=plan,
            relinked=frozenset(i for i, n in links.items() if n),
            item_dates=frozenset(i.date for i in items),
            item_owners=frozenset(e.owner for e in after if isinstance(e, Item) and e.owner),
        )

    def touches(self, kind: type) -> bool:
        return kind in self.kinds


class PlanDocument(QObject):
    changed = Signal(object)  # Change
    planReplaced = Signal()
    initiativeSelected = Signal(object)  # int | None
    itemsSelected = Signal(object)  # list[int]
    periodChosen = Signal(object, object)  # first day, last day (dates)
    errorOccurred = Signal(str)

    def __init__(self, pf: PlanFile, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.undo_stack = QUndoStack(self)
        self.undo_stack.setObjectName("undoStack")
        self._pf = pf
        self._reload_cache()

    # -- the file ----------------------------------------------------------------------

    @property
    def pf(self) -> PlanFile:
        return self._pf

    @property
    def read_only(self) -> bool:
        return self._pf.read_only

    def replace_file(self, pf: PlanFile) -> None:
        """Show another plan: the undo history belongs to the old file and is dropped."""
        old = self._pf
        self._pf = pf
        self.undo_stack.clear()
        self._reload_cache()
        if old is not pf:
            old.close()
        self.planReplaced.emit()

    def close(self) -> None:
        self.undo_stack.clear()
        self._pf.close()

    # -- cached reference data -------------------------------------------------------------

    def _reload_cache(self) -> None:
        self._plan = repository.get_plan(self._pf)
        self._channels = repository.list_channels(self._pf)
        self._channel_by_id = {c.id: c for c in self._channels}

    @property
    def plan(self) -> Plan:
        return self._plan

    def channels(self, stream: Stream | None = None) -> list[Channel]:
        if stream is None:
            return list(self._channels)
        return [c for c in self._channels if c.stream is stream]

    def channel(self, channel_id: int) -> Channel | None:
        return self._channel_by_id.get(channel_id)

    # -- editing ------------------------------------------------------------------------

    def execute(self, command: PlanCommand) -> bool:
        """Apply a command and put it on the undo stack; on failure report it and change nothing."""
        if self.read_only:
            self.errorOccurred.emit(
                f"{self._pf.path.name} is open read-only; it cannot be changed."
            )
            return False
        try:
            command.apply()
        except (StorageError, ValidationError) as error:
            self.errorOccurred.emit(str(error))
            return False
        command.mark_applied()
        self.undo_stack.push(command)
        return True

    def undo(self) -> bool:
        return self._step(back=True)

    def redo(self) -> bool:
        return self._step(back=False)

    def _step(self, back: bool) -> bool:
        """Undo or redo through the file first, so a failed write leaves the stack unmoved."""
        stack = self.undo_stack
        index = stack.index() - 1 if back else stack.index()
        if not 0 <= index < stack.count() or self.read_only:
            return False
        command = stack.command(index)
        try:
            command.revert() if back else command.apply()  # type: ignore[attr-defined]
        except (StorageError, ValidationError) as error:
            self.errorOccurred.emit(str(error))
            return False
        command.mark_applied()  # type: ignore[attr-defined]
        stack.undo() if back else stack.redo()
        return True

    def notify(self, change: Change) -> None:
        if change.plan or change.touches(Channel):
            self._reload_cache()
        self.changed.emit(change)

    # -- shared selection and period -----------------------------------------------------------

    def select_initiative(self, initiative_id: int | None) -> None:
        self.initiativeSelected.emit(initiative_id)

    def select_items(self, item_ids: list[int]) -> None:
        self.itemsSelected.emit(list(item_ids))

    def choose_period(self, first: date, last: date) -> None:
        self.periodChosen.emit(first, last)
