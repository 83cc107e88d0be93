"""The right-click menus of the timeline: what a click or a key can do, also in a menu.

A bar offers Edit, Nudge ▸, Link to…, New after, Move successors along and Delete; an arrow
Remove dependency; a lane's empty space New initiative here. Each entry says its key, so
the menu teaches the keyboard.
"""

from __future__ import annotations

from datetime import date
from functools import partial

from PySide6.QtCore import QPoint
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QMenu

from streamdesk.domain import Dependency
from streamdesk.gui.timeline.base import ViewBase, short_title
from streamdesk.gui.timeline.layout import Lane

NUDGES = (
    ("Earlier by a day\tAlt+Left", -1),
    ("Later by a day\tAlt+Right", 1),
    ("Earlier by a week\tAlt+Shift+Left", -7),
    ("Later by a week\tAlt+Shift+Right", 7),
)


class MenuMixin(ViewBase):
    """Right-click menus of the timeline view (see the module docstring)."""

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        scene_pos = self.mapToScene(event.pos())
        self.cancel_drag()
        hit, dep = self._hit(scene_pos)
        menu = QMenu(self)
        menu.setObjectName("timelineMenu")
        if hit is not None:
            self._bar_menu(menu, hit[0])
        elif dep is not None:
            self._arrow_menu(menu, dep)
        else:
            lane = self.layout_.lane_at(scene_pos.y())
            if lane is not None:
                self._lane_menu(menu, lane, self.time_scale.day_at(scene_pos.x()))
        if menu.actions():
            self.run_menu(menu, event.globalPos())
        event.accept()

    def run_menu(self, menu: QMenu, at: QPoint) -> None:
        menu.exec(at)

    def _bar_menu(self, menu: QMenu, iid: int) -> None:
        if iid not in self.selected:
            self.select([iid])
        n = len(self.selected)
        editable = not self.document.read_only
        menu.addAction("Edit…\tEnter", lambda: self.edit_initiative(iid))
        nudge = menu.addMenu("Nudge" if n == 1 else f"Nudge {n} initiatives")
        nudge.setObjectName("timelineNudgeMenu")
        nudge.setEnabled(editable)
        for text, days in NUDGES:
            nudge.addAction(text, partial(self._nudge_selected, days))
        link = menu.addAction("Link to…\tShift+drag", lambda: self.link_to(iid))
        link.setStatusTip("Choose an initiative that waits for this one to end")
        after = menu.addAction("New after…", lambda: self.new_initiative(after=iid))
        after.setStatusTip("A new initiative in this lane that starts when this one ends")
        menu.addAction(self.move_successors_action)
        menu.addSeparator()
        text = "Delete" if n == 1 else f"Delete {n} initiatives"
        delete = menu.addAction(f"{text}\tDel", self.delete_selected)
        for action in (link, after, delete):
            action.setEnabled(editable)

    def _nudge_selected(self, days: int) -> None:
        self.move_initiatives(list(self.selected), days)

    def _arrow_menu(self, menu: QMenu, dep: Dependency) -> None:
        self.select([])
        self._select_dependency(dep)
        menu.addAction("Remove dependency\tDel", self.delete_selected)

    def _lane_menu(self, menu: QMenu, lane: Lane, day: date) -> None:
        name = lane.name
        action = menu.addAction("New initiative here…", lambda: self.new_initiative(name, day))
        action.setStatusTip(f"A new initiative in {short_title(name)} from this day")
