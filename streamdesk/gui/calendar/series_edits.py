"""Edits of occurrences of a series, as a calendar app makes them: "this one, this and
following, or all?", then one undo step built from storage's before/after snapshots."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QMessageBox, QWidget

from streamdesk.domain import Entity, Item, clock
from streamdesk.domain.series import TEMPLATE_FIELDS, Scope, Series
from streamdesk.gui import commands
from streamdesk.gui.document import PlanDocument
from streamdesk.gui.questions import ask
from streamdesk.storage import series_repo

_OWN_FIELDS = ("reach", "clicks", "conversions", "actual_cost")
"""What an occurrence keeps as its own even in an edit of all: its results."""


def ask_scope(parent: QWidget, item: Item, verb: str) -> Scope | None:
    """Ask which occurrences an edit reaches; None when cancelled (the default, so a stray
    Enter changes nothing). Tests replace this function."""
    return ask(
        parent,
        QMessageBox.Icon.Question,
        f"{verb.capitalize()} a repeating item",
        f"“{item.title}” repeats. {verb.capitalize()} only this one, this one and the "
        "following ones, or all of them?",
        "seriesScopeQuestion",
        [
            ("This one", QMessageBox.ButtonRole.AcceptRole, Scope.THIS),
            ("This and following", QMessageBox.ButtonRole.AcceptRole, Scope.FOLLOWING),
            ("All", QMessageBox.ButtonRole.AcceptRole, Scope.ALL),
        ],
    )


def only_its_own(old: Item, new: Item) -> bool:
    """Whether an edit changes only what an occurrence keeps for itself (its results, its
    baseline): no question to ask, the other occurrences have nothing to take from it."""
    own = {name: getattr(old, name) for name in _OWN_FIELDS}
    return new.replace(planned_on=old.planned_on, **own) == old


def as_exception(old: Item, new: Item) -> Item:
    """``new`` detached from its series when it changes what the series sets (an inline
    edit, a menu's Status ▸): as "this one" in the dialog, so a later edit of all does not
    write over it."""
    if old.series_id is None or new.detached:
        return new
    if all(getattr(old, name) == getattr(new, name) for name in TEMPLATE_FIELDS):
        return new
    return new.replace(detached=True)


def today() -> date:
    return clock.today()


def create(document: PlanDocument, item: Item, rule: str) -> commands.PlanCommand:
    """A new series whose first occurrence is ``item`` (one undo step)."""
    series = Series.from_item(item, rule)
    after = series_repo.create_snapshot(document.pf, series, today())
    return commands.PlanCommand(document, f"Add repeating “{item.title}”", [], after)


def make_repeating(document: PlanDocument, old: Item, new: Item, rule: str) -> commands.PlanCommand:
    """An item that starts to repeat: it becomes the first occurrence of a new series."""
    series = Series.from_item(new, rule)
    made = series_repo.create_snapshot(document.pf, series, today())
    head = made[0]
    occurrences = [e for e in made[1:] if isinstance(e, Item) and e.date != new.date]
    first = new.replace(series_id=head.id, detached=False)
    after: list[Entity] = [head, first, *occurrences]
    return commands.PlanCommand(document, f"Repeat “{new.title}”", [old], after)


def edit(
    document: PlanDocument, old: Item, new: Item, rule: str | None, scope: Scope
) -> commands.PlanCommand:
    """Edit occurrence ``old`` into ``new`` (and the series' rule into ``rule``)."""
    pf = document.pf
    if scope is Scope.THIS or rule is None or old.series_id is None:
        before, after = series_repo.edit_snapshot(pf, old, None, Scope.THIS, today(), new)
        if rule is None:  # "does not repeat" on one occurrence: it leaves the series
            after = [new.replace(series_id=None, detached=False)]
        return commands.PlanCommand(document, f"Edit “{new.title}”", before, after)
    current = series_repo.get_series(pf, old.series_id)
    template = {name: getattr(new, name) for name in TEMPLATE_FIELDS}
    start = new.date if scope is Scope.FOLLOWING else current.start
    if scope is Scope.ALL and new.date != old.date:
        start = current.start + (new.date - old.date)
    series = current.replace(rule=rule, start=start, **template)
    before, after = series_repo.edit_snapshot(pf, old, series, scope, today())
    own = {name: getattr(new, name) for name in _OWN_FIELDS}
    if new.planned_on != old.planned_on:  # re-baselined in the dialog: this one's plan
        own["planned_on"] = new.planned_on
    after = [e.replace(**own) if isinstance(e, Item) and e.id == old.id else e for e in after]
    if old.detached:  # an exception edited "all" or "following": it is one of them too
        before, after = _with_edited_exception(before, after, old, new)
    what = "following" if scope is Scope.FOLLOWING else "all"
    return commands.PlanCommand(document, f"Edit {what} of “{new.title}”", before, after)


def _with_edited_exception(
    before: list[Entity], after: list[Entity], old: Item, new: Item
) -> tuple[list[Entity], list[Entity]]:
    """The snapshot with the edited exception as the user left it (on its own day, still
    an exception). Series edits skip exceptions, so the one the user had open kept its old
    title while every other occurrence took the new one, and a dragged one stayed put while
    the others moved."""
    edited = new.replace(detached=True)
    if any(isinstance(e, Item) and e.id == old.id for e in after):  # following: re-linked
        return before, [
            edited.replace(series_id=e.series_id) if isinstance(e, Item) and e.id == old.id else e
            for e in after
        ]
    return [*before, old], [*after, edited]


def move(document: PlanDocument, item: Item, day: date, scope: Scope) -> commands.PlanCommand:
    before, after = series_repo.move_snapshot(document.pf, item, day, scope, today())
    if item.detached and scope is not Scope.THIS:  # the dragged exception goes where dropped
        before, after = _with_edited_exception(before, after, item, item.replace(date=day))
    what = {Scope.THIS: "", Scope.FOLLOWING: "following of ", Scope.ALL: "all of "}[scope]
    return commands.PlanCommand(document, f"Move {what}“{item.title}”", before, after)


def delete(document: PlanDocument, item: Item, scope: Scope) -> commands.PlanCommand:
    before, after = series_repo.delete_snapshot(document.pf, item, scope)
    what = {Scope.THIS: "", Scope.FOLLOWING: "following of ", Scope.ALL: "all of "}[scope]
    return commands.PlanCommand(document, f"Delete {what}“{item.title}”", before, after)


def rule_of(document: PlanDocument, item: Item) -> str | None:
    if item.series_id is None:
        return None
    return series_repo.get_series(document.pf, item.series_id).rule


def series_of(document: PlanDocument, item: Item) -> Series | None:
    """The occurrence's series (its rule, and the first day its Repeat section counts
    from), or None for an item that does not repeat."""
    if item.series_id is None:
        return None
    return series_repo.get_series(document.pf, item.series_id)


def held_by(document: PlanDocument, item: Item) -> int | None:
    """How many occurrences the item's series holds now (fewer than its rule makes when some
    were deleted on their own)."""
    if item.series_id is None:
        return None
    return series_repo.count_series_items(document.pf, item.series_id)
