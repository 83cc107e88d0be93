"""The calendar's edits: each one undo command through ``document.execute``.

A mouse drop, a key, a menu entry and an inline editor all end here, so they make the same
command with the same name on the undo stack. Nothing here selects or navigates: the
calendar does that with what an edit returns.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from streamdesk.domain import Item, ItemStatus, ValidationError
from streamdesk.domain.series import Scope
from streamdesk.gui import commands
from streamdesk.gui.calendar import series_edits
from streamdesk.gui.calendar.filters import ItemFilter
from streamdesk.gui.calendar.lookups import Choices

if TYPE_CHECKING:
    from streamdesk.gui.calendar.day_popup import DayItemsPopup
    from streamdesk.gui.calendar.lookups import PlanLookups
from streamdesk.gui.document import PlanDocument
from streamdesk.gui.questions import ask
from streamdesk.storage import NotFoundError, repository


def quote(items: Sequence[Item], noun: str = "item") -> str:
    """How an edit names its items: the title of one, the count of several."""
    if len(items) == 1:
        return f"“{items[0].title}”"
    return f"{len(items)} {noun}s"


def ask_to_delete(parent: QWidget, items: Sequence[Item]) -> bool:
    """Ask before deleting, with buttons that say what they do (Delete / Cancel, not
    Yes / No); Cancel is the default, so a stray Enter deletes nothing."""
    return bool(
        ask(
            parent,
            QMessageBox.Icon.Question,
            "Delete items" if len(items) > 1 else "Delete item",
            f"Delete {quote(items)}? You can undo this.",
            "deleteItemsQuestion",
            [("&Delete", QMessageBox.ButtonRole.DestructiveRole, True)],
        )
    )


class ItemEditing:
    """Create, edit, delete, move, copy and change items, each as one undo step."""

    def __init__(
        self, document: PlanDocument, parent: QWidget, choices: Callable[[], Choices]
    ) -> None:
        self.document = document
        self._parent = parent
        self._choices = choices
        self.last_rule: str | None = None  # the Repeat section's rule of the last dialog

    def refuse_if_read_only(self) -> bool:
        if self.document.read_only:
            self.document.errorOccurred.emit(
                f"{self.document.pf.path.name} is open read-only; it cannot be changed."
            )
            return True
        return False

    def items(self, ids: Sequence[int]) -> list[Item]:
        """The items still in the plan, in the order asked for."""
        found = []
        for item_id in ids:
            try:
                found.append(repository.get(self.document.pf, Item, item_id))
            except NotFoundError:
                continue
        return found

    def dialog(self, item: Item) -> Item | None:
        """The item dialog on ``item``: the edited item, or None if cancelled."""
        pf = self.document.pf
        choices = self._choices()
        channels = list(choices.channels)
        if all(c.id != item.channel_id for c in channels):
            current = self.document.channel(item.channel_id)
            channels += [current] if current else []
        from streamdesk.gui.calendar.item_dialog import ItemDialog  # when opened: not at start

        series = series_edits.series_of(self.document, item)

        dialog = ItemDialog(
            item,
            channels=channels,
            campaigns=choices.campaigns,
            initiatives=choices.initiatives,
            owners=choices.owners,
            formats=repository.item_formats(pf),
            currency=self.document.plan.currency,
            repeat=None if series is None else series.rule,
            repeat_start=None if series is None else series.start,
            repeat_held=series_edits.held_by(self.document, item),
            parent=self._parent,
        )
        if self.document.read_only:
            dialog.set_read_only(f"{pf.path.name} is open read-only: this item can be read here.")
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        result = dialog.item() if accepted else None
        self.last_rule = dialog.repeat_rule() if accepted else None
        dialog.deleteLater()
        return result

    def draft(
        self,
        day: date,
        channel_id: int | None,
        item_filter: ItemFilter,
        initiative_id: int | None = None,
    ) -> Item | None:
        """A new item on ``day`` that the current filter would show (its status, owner,
        campaign, initiative), linked to the initiative selected elsewhere if the filter
        names none; None, with a message, when the plan has no channel to put it in."""
        if channel_id is None:
            self.document.errorOccurred.emit("Add a downstream channel before adding items.")
            return None
        channel = self.document.channel(channel_id)
        return Item.trusted(
            title="",
            date=day,
            channel_id=channel_id,
            time=None,
            format="",
            status=item_filter.status or ItemStatus.IDEA,
            owner=item_filter.owner or "",
            campaign_id=item_filter.campaign_id,
            initiative_id=item_filter.initiative_id or initiative_id,
            effort_hours=channel.default_effort_hours if channel else 0.0,
            cost=0.0,
            notes="",
            link="",
            reach=None,
            clicks=None,
            conversions=None,
            actual_cost=None,
            id=None,
        )

    def create(self, draft: Item) -> Item | None:
        """Open the dialog on a new ``draft``; push one "add" command if accepted."""
        new = self.dialog(draft)
        if new is None:
            return None
        if self.last_rule is not None:  # the first of a series, one undo step with the rest
            return self._saved(series_edits.create(self.document, new, self.last_rule))
        return self._saved(commands.create(self.document, [new], f"Add “{new.title}”"))

    def edit(self, item_id: int) -> bool:
        """Open the dialog on an item; push one "edit" command if it changed."""
        try:
            old = repository.get(self.document.pf, Item, item_id)
        except NotFoundError as error:
            self.document.errorOccurred.emit(str(error))
            return False
        new = self.dialog(old)
        if new is None:
            return False
        rule = self.last_rule
        if old.series_id is None:
            if rule is not None:
                return self.document.execute(
                    series_edits.make_repeating(self.document, old, new, rule)
                )
            return False if new == old else self.apply(old, new)
        same_rule = rule == series_edits.rule_of(self.document, old)
        if new == old and same_rule:
            return False
        if rule is None or (same_rule and series_edits.only_its_own(old, new)):
            scope: Scope | None = Scope.THIS  # results or a re-baseline: this one's own
        else:
            scope = series_edits.ask_scope(self._parent, old, "edit")
        if scope is None:
            return False
        command = self._refused_or(lambda: series_edits.edit(self.document, old, new, rule, scope))
        return command is not None and self.document.execute(command)

    def _refused_or(self, build: Callable[[], commands.PlanCommand]) -> commands.PlanCommand | None:
        """The command of a series edit, or None with the reason when the edit is refused
        before anything is written (a count that leaves nothing from the cut on)."""
        try:
            return build()
        except ValidationError as error:
            message = str(error)
            self.document.errorOccurred.emit(message[:1].upper() + message[1:] + ".")
            return None

    def apply(self, old: Item, new: Item) -> bool:
        """Replace ``old`` with ``new`` (an inline editor's change): one undo step."""
        new = series_edits.as_exception(old, new)
        return self.document.execute(
            commands.edit(self.document, [old], [new], f"Edit “{new.title}”")
        )

    def delete(self, ids: Sequence[int], confirm: bool = True) -> bool:
        items = self.items(ids)
        if not items or self.refuse_if_read_only():
            return False
        if len(items) == 1 and items[0].series_id is not None:  # the question says it all
            scope = series_edits.ask_scope(self._parent, items[0], "delete")
            if scope is None:
                return False
            return self.document.execute(series_edits.delete(self.document, items[0], scope))
        if confirm and not ask_to_delete(self._parent, items):
            return False
        return self.document.execute(
            commands.delete(self.document, items, f"Delete {quote(items)}")
        )

    def move(
        self, ids: Sequence[int], days: int = 0, channel_id: int | None = None, copy: bool = False
    ) -> list[Item] | None:
        """Move (or copy) items by ``days`` and optionally to another channel: one undo step.
        Returns the items as they are now, or None if nothing changed."""
        olds = self.items(ids)
        if not olds:
            return None
        one = olds[0]
        same_channel = channel_id is None or channel_id == one.channel_id
        if len(olds) == 1 and one.series_id is not None and days and not copy and same_channel:
            scope = series_edits.ask_scope(self._parent, one, "move")
            if scope is None:
                return None
            day = one.date + timedelta(days=days)
            command = self._refused_or(lambda: series_edits.move(self.document, one, day, scope))
            return None if command is None else self._all_saved(command)
        news = [
            o.replace(
                date=o.date + timedelta(days=days),
                channel_id=channel_id if channel_id is not None else o.channel_id,
                detached=o.series_id is not None,  # moved on its own: an exception
            )
            for o in olds
        ]
        if copy:  # a copy is an item of its own (Item.copied says what it keeps)
            news = [n.copied() for n in news]
            return self._all_saved(commands.create(self.document, news, f"Copy {quote(olds)}"))
        if news == olds:
            return None
        return self._all_saved(commands.edit(self.document, olds, news, f"Move {quote(olds)}"))

    def move_to(self, ids: Sequence[int], day: date) -> list[Item] | None:
        """Put the items on ``day``, keeping their distances to the first of them."""
        olds = self.items(ids)
        if not olds:
            return None
        first = min(o.date for o in olds)
        return self.move([o.id for o in olds if o.id is not None], (day - first).days)

    def duplicate(
        self, ids: Sequence[int], day: date | None = None, channel_id: int | None = None
    ) -> list[Item] | None:
        """Copies of the items, on their own days or moved together to ``day`` (and to
        ``channel_id`` if given): one undo step."""
        olds = self.items(ids)
        if not olds or self.refuse_if_read_only():
            return None
        offset = timedelta(days=0 if day is None else (day - min(o.date for o in olds)).days)
        news = [
            o.copied(
                date=o.date + offset,
                channel_id=o.channel_id if channel_id is None else channel_id,
            )
            for o in olds
        ]
        return self._all_saved(commands.create(self.document, news, f"Duplicate {quote(olds)}"))

    def change(self, ids: Sequence[int], what: str, **fields: object) -> list[Item] | None:
        """Set the same fields on every item (status, channel, initiative…): one undo step,
        named ``what`` ("Set status of …")."""
        olds = self.items(ids)
        news = [series_edits.as_exception(o, o.replace(**fields)) for o in olds]
        if not olds or news == olds:
            return None
        return self._all_saved(commands.edit(self.document, olds, news, f"{what} of {quote(olds)}"))

    def _all_saved(self, command: commands.PlanCommand) -> list[Item] | None:
        if not self.document.execute(command):
            return None
        return [e for e in command.after if isinstance(e, Item)]

    def _saved(self, command: commands.PlanCommand) -> Item | None:
        saved = self._all_saved(command)
        return saved[0] if saved else None


class CalendarEditing:
    """The calendar's public edits (a mixin of ``CalendarWidget``; what it uses of the
    widget is declared for the type checker only): each one asks ``ItemEditing`` for one
    undo step, then selects what it made and turns the page to it."""

    if TYPE_CHECKING:
        editing: ItemEditing
        lookups: PlanLookups
        dayPopup: DayItemsPopup
        _filter: ItemFilter
        _highlight: int | None
        _selected: list[int]

        def _refuse_if_read_only(self) -> bool: ...
        def _user_selected(self, ids: list[int]) -> None: ...
        def visible_range(self) -> tuple[date, date]: ...
        def show_month(self, day: date) -> None: ...

    def _default_channel(self) -> int | None:
        if self._filter.channel_id is not None:
            return self._filter.channel_id
        downstream = self.lookups.downstream()
        return downstream[0].id if downstream else None

    def create_item(self, day: date, channel_id: int | None = None) -> Item | None:
        """Open the dialog for a new item on ``day``; push one "add" command if accepted."""
        if self._refuse_if_read_only():
            return None
        channel_id = channel_id or self._default_channel()
        draft = self.editing.draft(day, channel_id, self._filter, self._highlight)
        if draft is None:
            return None
        saved = self.editing.create(draft)
        if saved is not None and saved.id is not None:
            self._user_selected([saved.id])
        return saved

    def edit_item(self, item_id: int) -> bool:
        return self.editing.edit(item_id)

    def _edit_from_list(self, old: Item, new: Item) -> bool:
        return self.editing.apply(old, new)

    def _edit_from_popup(self, item_id: int) -> None:
        self.dayPopup.close_and_return()
        self.edit_item(item_id)

    def _delete_from_popup(self, ids: list[int]) -> None:
        self.dayPopup.close_and_return()
        self.delete_items(ids)

    def _items(self, ids: Sequence[int]) -> list[Item]:
        return self.editing.items(ids)

    def delete_items(self, ids: Sequence[int], confirm: bool = True) -> bool:
        return self.editing.delete(ids, confirm)

    def delete_selected(self) -> bool:
        return self.delete_items(self._selected)

    def move_items(
        self,
        ids: Sequence[int],
        days: int = 0,
        channel_id: int | None = None,
        copy: bool = False,
    ) -> bool:
        """Move (or copy) items by ``days`` and optionally to another channel: one undo step.

        This is what a drop in either grid and Ctrl+Shift+arrow call.
        """
        return self.show_edited(self.editing.move(ids, days, channel_id, copy))

    def show_edited(self, items: list[Item] | None) -> bool:
        """Select what an edit made or moved, and turn the page if none of it is in view."""
        if not items:
            return False
        self._user_selected([i.id for i in items if i.id is not None])
        start, end = self.visible_range()
        if not any(start <= i.date <= end for i in items):
            self.show_month(items[0].date)
        return True

    def reschedule(
        self, item_id: int, day: date, channel_id: int | None = None, copy: bool = False
    ) -> bool:
        """Put one item (and nothing else) on ``day``: the same path as dropping its chip."""
        olds = self._items([item_id])
        if not olds:
            return False
        return self.move_items([item_id], (day - olds[0].date).days, channel_id, copy)
