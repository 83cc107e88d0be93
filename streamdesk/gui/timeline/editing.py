"""The edits the timeline asks for, each ONE undo command through the document: edit in the
dialog, new, delete, link, and moves by whole days (successors pushed along when asked)."""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QInputDialog, QMessageBox

from streamdesk.domain import Dependency, Initiative, ValidationError
from streamdesk.domain.dependencies import check_new_dependency, earliest_start, push_successors
from streamdesk.gui import commands
from streamdesk.gui.timeline.base import ViewBase, short_title
from streamdesk.gui.timeline.dates import format_day
from streamdesk.gui.timeline.layout import saved_id
from streamdesk.storage import repository

if TYPE_CHECKING:
    from streamdesk.gui.timeline.initiative_dialog import InitiativeDialog


def _created_ids(command: commands.PlanCommand) -> list[int]:
    """The ids storage gave the initiatives a create command made."""
    return [saved_id(e) for e in command.after if isinstance(e, Initiative)]


class EditingMixin(ViewBase):
    """The commands of the timeline view (see the module docstring)."""

    def delete_selected(self) -> None:
        if self.selected_dependency is not None:
            dep = self.selected_dependency
            self._select_dependency(None)
            self.document.execute(commands.delete(self.document, [dep], "Remove dependency"))
            return
        doomed = [self.initiatives[i] for i in self.selected if i in self.initiatives]
        if not doomed:
            return
        linked = sum(self.counts.get(saved_id(i), 0) for i in doomed)
        if linked:
            names = doomed[0].title if len(doomed) == 1 else f"{len(doomed)} initiatives"
            answer = QMessageBox.question(
                self,
                "Delete initiative",
                f"{linked} downstream item{'s are' if linked != 1 else ' is'} linked to "
                f"{names}. Delete anyway? The items stay and are unlinked.",
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        text = "Delete initiative" if len(doomed) == 1 else f"Delete {len(doomed)} initiatives"
        self.select([])
        self.document.execute(commands.delete(self.document, doomed, text))

    def add_dependency(self, predecessor_id: int, successor_id: int) -> bool:
        """Link two initiatives finish-to-start; refuse duplicates and cycles with a message."""
        titles = {i: self.initiatives[i].title for i in (predecessor_id, successor_id)}
        try:
            dep = Dependency(predecessor_id, successor_id)
            check_new_dependency(self.dependencies, dep, titles)
            command = commands.add_dependency(self.document, dep)
        except ValidationError as error:
            self._refuse(str(error))
            return False
        return self.document.execute(command)

    def _dialog(
        self, initiative: Initiative, title: str = "", extra: Sequence[Dependency] = ()
    ) -> InitiativeDialog:
        from streamdesk.gui.timeline.initiative_dialog import InitiativeDialog

        return InitiativeDialog(
            initiative,
            kinds=self.kinds,
            lanes=[lane.name for lane in self.layout_.lanes],
            initiatives=list(self.initiatives.values()),
            dependencies=[*self.dependencies, *extra],
            currency=self.document.plan.currency,
            title=title,
            parent=self,
        )

    def edit_initiative(self, initiative_id: int) -> bool:
        """Open the dialog for one initiative; one undo command for all its changes."""
        old = self.initiatives[initiative_id]
        dialog = self._dialog(old)
        if dialog.exec() != dialog.DialogCode.Accepted:
            return False
        new = dialog.initiative()
        old_deps = [d for d in self.dependencies if d.successor_id == initiative_id]
        new_deps = dialog.predecessor_dependencies()
        before: list[Initiative | Dependency] = [old, *old_deps]
        after: list[Initiative | Dependency] = [new, *new_deps]
        if before == after:
            return False
        if self.move_successors and (new.start, new.end) != (old.start, old.end):
            # as a drag does: the successors the new dates would break move later with it
            deps = [d for d in self.dependencies if d.successor_id != initiative_id] + new_deps
            with contextlib.suppress(ValidationError):
                planned = {**self.initiatives, initiative_id: new}
                pushed = push_successors(planned, deps, [initiative_id])
                before += [self.initiatives[i] for i in pushed]
                after += list(pushed.values())
        return self.document.execute(commands.edit(self.document, before, after, "Edit initiative"))

    def new_initiative(
        self, lane: str | None = None, day: date | None = None, *, after: int | None = None
    ) -> bool:
        """Open the dialog on a new two-week initiative (in ``lane`` from ``day``; by default
        the selected bar's lane, from today or the middle of the view). ``after``: in that
        initiative's lane, from the day it allows, already waiting for it. Accepting creates
        it with its dependencies in one undo step."""
        if self.document.read_only:
            self._refuse(f"{self.document.pf.path.name} is open read-only; it cannot be changed.")
            return False
        before = self.initiatives.get(after) if after is not None else None
        if before is not None:
            lane, day = before.lane, earliest_start(before)
        if lane is None:
            chosen = self.initiatives.get(self.selected[-1]) if self.selected else None
            names = [lane.name for lane in self.layout_.lanes]
            lane = chosen.lane if chosen else names[0] if names else ""
        if day is None:
            first = self.left_date()
            last = self.time_scale.day_at(self.mapToScene(QPoint(self.viewport().width(), 0)).x())
            day = self.today if first <= self.today <= last else first + (last - first) / 2
        kind = (before.kind if before else self._kind_for_lane(lane)) or "Research"
        draft = Initiative(
            title=f"New {kind.lower()} initiative",
            kind=kind,
            lane=lane or kind,
            start=day,
            end=day + timedelta(days=13),
            # the id it will get, so that dependencies chosen in the dialog can name it
            id=repository.next_id(self.document.pf, Initiative),
        )
        waits = [Dependency(saved_id(before), saved_id(draft))] if before else []
        dialog = self._dialog(draft, "New initiative", waits)
        if dialog.exec() != dialog.DialogCode.Accepted:
            return False
        new = dialog.initiative()
        command = commands.create(
            self.document, [new, *dialog.predecessor_dependencies()], "Create initiative"
        )
        if not self.document.execute(command):
            return False
        self.select(_created_ids(command), reveal=True)
        return True

    def link_to(self, predecessor_id: int) -> bool:
        """Ask which initiative waits for this one, and link them (the menu's "Link to…")."""
        if self.document.read_only:
            self._refuse(f"{self.document.pf.path.name} is open read-only; it cannot be changed.")
            return False
        linked = {d.successor_id for d in self.dependencies if d.predecessor_id == predecessor_id}
        others = sorted(
            (i for k, i in self.initiatives.items() if k != predecessor_id and k not in linked),
            key=lambda i: (i.start, i.title),
        )
        options = {f"{i.title} ({i.lane}, {format_day(i.start)})": saved_id(i) for i in others}
        if not options:
            self.message.emit("Every other initiative already waits for this one.")
            return False
        title = self.initiatives[predecessor_id].title
        chosen = self.ask_choice(
            "Link to…", f"Which initiative waits for {short_title(title)!r}?", list(options)
        )
        if chosen is None:
            return False
        return self.add_dependency(predecessor_id, options[chosen])

    def ask_choice(self, title: str, label: str, options: list[str]) -> str | None:
        """One of ``options``, or None when cancelled (tests replace this)."""
        text, ok = QInputDialog.getItem(self, title, label, options, 0, False)
        return text if ok else None

    def _commit_moves(self, changed: dict[int, Initiative], moved: int, resize: bool) -> bool:
        old = [self.initiatives[i] for i in changed]
        new = list(changed.values())
        if resize:
            text = "Resize initiative"
        elif moved == 1:
            text = "Move initiative" + (" and successors" if len(new) > 1 else "")
        else:
            text = f"Move {moved} initiatives"
        return self.document.execute(commands.edit(self.document, old, new, text))

    def move_initiatives(self, ids: list[int], days: int) -> bool:
        """Move initiatives by whole days as one undo step, as a drop does (successors are
        pushed along when that option is on). Also what the benchmarks drive."""
        shift = timedelta(days=days)
        changed = {
            i: self.initiatives[i].replace(
                start=self.initiatives[i].start + shift, end=self.initiatives[i].end + shift
            )
            for i in ids
        }
        if not changed or not days:
            return False
        if self.move_successors:
            try:
                changed.update(
                    push_successors({**self.initiatives, **changed}, self.dependencies, changed)
                )
            except ValidationError as error:
                self._refuse(str(error))
                return False
        return self._commit_moves(changed, len(ids), resize=False)

    def _create_in_lane(self, lane: str, first: date, last: date) -> None:
        """A drag across a lane: a new initiative there at once, named after its kind."""
        kind = self._kind_for_lane(lane)
        initiative = Initiative(
            title=f"New {kind.lower()} initiative", kind=kind, lane=lane, start=first, end=last
        )
        command = commands.create(self.document, [initiative], "Create initiative")
        if self.document.execute(command):
            self.select(_created_ids(command))
            self.message.emit(f"Added {initiative.title!r}: press Enter to name it and fill it in.")

    def _kind_for_lane(self, name: str) -> str:
        if name in self.kinds:
            return name
        kinds = [self.initiatives[i].kind for i in self._lane_ids(name)]
        if kinds:
            return max(set(kinds), key=kinds.count)
        return self.kinds[0] if self.kinds else name
