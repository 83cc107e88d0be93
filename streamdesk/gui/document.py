"""The open plan as the views see it: one object that owns the file and the undo stack.

Views never call each other. They read through the document, edit through
:meth:`PlanDocument.execute` with undo commands, and refresh when it emits
``changed`` (what changed) or ``planReplaced`` (another file is open). Selection
and period are shared the same way: a view emits through the document and the
others follow.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from streamdesk.domain import Channel, Plan, Stream, ValidationError, clock
from streamdesk.gui.change import Change
from streamdesk.storage import PlanFile, StorageError, repository, series_repo

if TYPE_CHECKING:  # only for annotations: the commands import the document's Protocol, not it
    from streamdesk.gui.commands import PlanCommand

__all__ = ["Change", "PlanDocument"]


class PlanDocument(QObject):
    changed = Signal(object)  # Change
    planReplaced = Signal()
    initiativeSelected = Signal(object)  # int | None
    itemsSelected = Signal(object)  # list[int]
    periodChosen = Signal(object, object)  # first day, last day (dates)
    periodShown = Signal(object, object)  # a view navigated there: highlight it, don't follow
    errorOccurred = Signal(str)
    executed = Signal(str)  # the text of a command just applied and pushed
    undone = Signal(str)  # the text of the command just undone
    redone = Signal(str)

    def __init__(self, pf: PlanFile, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.undo_stack = QUndoStack(self)
        self.undo_stack.setObjectName("undoStack")
        self._pf = pf
        self._closed = False
        self._extend_series()
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
        self._extend_series()
        self._reload_cache()
        if old is not pf:
            old.close()
        self.planReplaced.emit()

    def _extend_series(self) -> None:
        """Series with no end are laid out 12 months ahead: as days pass, the plan's
        opening adds the occurrences that came into range (not an edit: no undo step)."""
        try:
            series_repo.extend_horizons(self._pf, clock.today())
        except (StorageError, ValidationError) as error:
            self.errorOccurred.emit(f"Repeating items were not laid out further: {error}")

    def close(self) -> None:
        self.undo_stack.clear()
        self._pf.close()
        self._closed = True

    @property
    def is_closed(self) -> bool:
        """True once the window closed the file: views outlive it (a palette or font change
        still reaches them) and must not read it then."""
        return self._closed

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
        self.executed.emit(command.text())
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
        command = cast("PlanCommand", stack.command(index))  # execute() pushes nothing else
        try:
            command.revert() if back else command.apply()
        except (StorageError, ValidationError) as error:
            self.errorOccurred.emit(str(error))
            return False
        command.mark_applied()
        stack.undo() if back else stack.redo()
        (self.undone if back else self.redone).emit(command.text())
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

    def show_period(self, first: date, last: date) -> None:
        """Say which period a view now shows (the calendar, as it navigates).

        Unlike :meth:`choose_period`, nobody moves: the chart only highlights it.
        """
        self.periodShown.emit(first, last)
