"""Right-click menus of the calendar, built from the same actions as its keys.

A chip and a list row offer Edit, Duplicate, Copy, Status ▸, Channel ▸, Initiative ▸,
Move to date… and Delete for the selection (a right-click first selects what it is on, as
in a file manager); a day offers New item here and Paste. Each entry shows its key, and the
key and the entry do the same thing: one undo step through ``ItemEditing``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Protocol

from PySide6.QtCore import QDate, QObject, QPoint, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDateEdit, QDialog, QDialogButtonBox, QMenu, QVBoxLayout, QWidget

from streamdesk.domain import Item, ItemStatus
from streamdesk.gui.calendar.chips import colour_icon
from streamdesk.gui.calendar.dates import date_format
from streamdesk.gui.calendar.editing import ItemEditing
from streamdesk.gui.calendar.lookups import Choices


class MenuHost(Protocol):
    """What the menus ask of the calendar."""

    editing: ItemEditing

    def selected_ids(self) -> list[int]: ...

    def edit_item(self, item_id: int) -> bool: ...

    def create_item(self, day: date, channel_id: int | None = None) -> Item | None: ...

    def show_edited(self, items: list[Item] | None) -> bool: ...

    def paste_target(self) -> tuple[date, int | None]: ...

    def menu_choices(self) -> Choices: ...


def pop_up(menu: QMenu, at: QPoint) -> None:
    """Open ``menu`` at ``at`` until it closes (one place, which tests replace)."""
    menu.exec(at)


def ask_date(parent: QWidget, initial: date) -> date | None:
    """A date picked in a small dialog (None if cancelled)."""
    dialog = QDialog(parent)
    dialog.setObjectName("moveToDateDialog")
    dialog.setWindowTitle("Move to date")
    edit = QDateEdit(QDate(initial.year, initial.month, initial.day), dialog)
    edit.setObjectName("moveToDateEdit")
    edit.setCalendarPopup(True)
    edit.setDisplayFormat(date_format())
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, dialog
    )
    ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
    if ok is not None:
        ok.setText("&Move")
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addWidget(edit)
    layout.addWidget(buttons)
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    picked = edit.date()
    dialog.deleteLater()
    return date(picked.year(), picked.month(), picked.day()) if accepted else None


class CalendarMenus(QObject):
    """The item and day actions, and the menus made of them."""

    def __init__(self, host: MenuHost, parent: QWidget) -> None:
        super().__init__(parent)
        self._host = host
        self._parent = parent
        self._copied: list[int] = []
        self._day: tuple[date, int | None] | None = None  # where a day menu was opened
        # the views answer Enter, Delete and Ctrl+N themselves: those actions show the key
        self.actionEditItem = self._action("actionEditItem", "&Edit…", "Return", self.edit)
        self.actionDuplicateItem = self._action(
            "actionDuplicateItem", "D&uplicate", "Ctrl+D", self.duplicate, live=True
        )
        self.actionCopyItem = self._action(
            "actionCopyItem", "&Copy", "Ctrl+C", self.copy, live=True
        )
        self.actionPasteItem = self._action(
            "actionPasteItem", "&Paste", "Ctrl+V", self.paste, live=True
        )
        self.actionMoveItemToDate = self._action(
            "actionMoveItemToDate", "&Move to Date…", "Ctrl+Shift+M", self.move_to_date, live=True
        )
        self.actionDeleteItem = self._action("actionDeleteItem", "&Delete", "Del", self.delete)
        self.actionNewItemHere = self._action(
            "actionNewItemHere", "&New Item Here", "Ctrl+N", self.new_here
        )
        self.actionPasteItem.setEnabled(False)

    def _action(self, name: str, text: str, keys: str, slot: object, live: bool = False) -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        action.setShortcut(QKeySequence(keys))
        action.triggered.connect(slot)
        if live:  # a key no view answers itself: the action takes it in the calendar
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self._parent.addAction(action)
        return action

    def actions(self) -> list[QAction]:
        return [
            self.actionEditItem,
            self.actionDuplicateItem,
            self.actionCopyItem,
            self.actionPasteItem,
            self.actionMoveItemToDate,
            self.actionDeleteItem,
            self.actionNewItemHere,
        ]

    def set_read_only(self, read_only: bool) -> None:
        for action in (
            self.actionDuplicateItem,
            self.actionMoveItemToDate,
            self.actionDeleteItem,
            self.actionNewItemHere,
        ):
            action.setEnabled(not read_only)
        self.actionPasteItem.setEnabled(bool(self._copied) and not read_only)

    # -- menus ------------------------------------------------------------------------------

    def item_menu(self, ids: Sequence[int]) -> QMenu:
        """The menu for the selected items (a chip or a list row)."""
        items = self._host.editing.items(ids)
        read_only = self._host.editing.document.read_only
        menu = QMenu(self._parent)
        menu.setObjectName("itemContextMenu")
        self.actionEditItem.setText("&Open…" if read_only else "&Edit…")
        self.actionEditItem.setEnabled(len(items) >= 1)
        menu.addAction(self.actionEditItem)
        menu.addAction(self.actionDuplicateItem)
        menu.addAction(self.actionCopyItem)
        menu.addSeparator()
        choices = self._host.menu_choices()
        status = menu.addMenu("&Status")
        for value in ItemStatus:
            self._choice(status, value.value.capitalize(), items, "status", value, "Set status")
        channel = menu.addMenu("C&hannel")
        for c in choices.channels:
            entry = self._choice(channel, c.name, items, "channel_id", c.id, "Set channel")
            entry.setIcon(colour_icon(c.colour))
        initiative = menu.addMenu("&Initiative")
        self._choice(initiative, "(none)", items, "initiative_id", None, "Unlink")
        for i in choices.initiatives:
            self._choice(initiative, i.title, items, "initiative_id", i.id, "Link")
        for sub in (status, channel, initiative):
            sub.setEnabled(bool(items) and not read_only)
        menu.addAction(self.actionMoveItemToDate)
        menu.addSeparator()
        menu.addAction(self.actionDeleteItem)
        return menu

    def day_menu(self, day: date, channel_id: int | None) -> QMenu:
        """The menu for a day (or a channel's week): new item there, paste there."""
        self._day = (day, channel_id)
        menu = QMenu(self._parent)
        menu.setObjectName("dayContextMenu")
        menu.addAction(self.actionNewItemHere)
        menu.addAction(self.actionPasteItem)
        return menu

    def open(self, on_items: bool, day: tuple[date, int | None] | None, at: QPoint) -> None:
        """Open the selection's menu (``on_items``) or the menu of ``day`` at ``at``."""
        ids = self._host.selected_ids()
        if on_items and ids:
            menu = self.item_menu(ids)
        elif day is not None:
            menu = self.day_menu(*day)
        else:
            return
        try:
            pop_up(menu, at)
        finally:
            self._day = None
            menu.deleteLater()

    def _choice(
        self,
        menu: QMenu,
        label: str,
        items: Sequence[Item],
        field: str,
        value: object,
        what: str,
    ) -> QAction:
        entry = menu.addAction(label)
        entry.setCheckable(True)
        entry.setChecked(bool(items) and all(getattr(i, field) == value for i in items))
        ids = [i.id for i in items if i.id is not None]
        entry.triggered.connect(
            lambda _=False: self._host.show_edited(
                self._host.editing.change(ids, what, **{field: value})
            )
        )
        return entry

    # -- what the actions do ------------------------------------------------------------------

    def edit(self) -> None:
        ids = self._host.selected_ids()
        if ids:
            self._host.edit_item(ids[0])

    def duplicate(self) -> None:
        self._host.show_edited(self._host.editing.duplicate(self._host.selected_ids()))

    def copy(self) -> None:
        ids = self._host.selected_ids()
        if ids:
            self._copied = list(ids)
            self.actionPasteItem.setEnabled(not self._host.editing.document.read_only)

    def copied(self) -> list[int]:
        return list(self._copied)

    def paste(self) -> None:
        """Copies of the copied items on the day the menu (or the keyboard cursor) is on,
        in its channel in the channel grid."""
        if not self._copied:
            return
        day, channel_id = self._day or self._host.paste_target()
        self._host.show_edited(self._host.editing.duplicate(self._copied, day, channel_id))

    def move_to_date(self) -> None:
        editing = self._host.editing
        items = editing.items(self._host.selected_ids())
        if not items or editing.refuse_if_read_only():
            return
        day = ask_date(self._parent, min(i.date for i in items))
        if day is not None:
            self._host.show_edited(editing.move_to([i.id for i in items if i.id], day))

    def delete(self) -> None:
        ids = self._host.selected_ids()
        if ids:
            self._host.editing.delete(ids)

    def new_here(self) -> None:
        self._host.create_item(*(self._day or self._host.paste_target()))
