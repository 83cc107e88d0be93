"""The right-click menus of the timeline: what a click can do, also in a menu."""

from __future__ import annotations

from PySide6.QtCore import QPoint
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QMenu

from streamdesk.gui.timeline.base import ViewBase, short_title


class MenuMixin(ViewBase):
    """Right-click menus of the timeline view."""

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        """What a click can do, also in a menu: edit, delete, unlink, add."""
        scene_pos = self.mapToScene(event.pos())
        self.cancel_drag()
        hit, dep = self._hit(scene_pos)
        menu = QMenu(self)
        menu.setObjectName("timelineMenu")
        if hit is not None:
            iid = hit[0]
            if iid not in self.selected:
                self.select([iid])
            menu.addAction("Edit…\tEnter", lambda: self.edit_initiative(iid))
            n = len(self.selected)
            text = "Delete" if n == 1 else f"Delete {n} initiatives"
            menu.addAction(f"{text}\tDel", self.delete_selected)
        elif dep is not None:
            self.select([])
            self._select_dependency(dep)
            menu.addAction("Remove dependency\tDel", self.delete_selected)
        else:
            lane = self.layout_.lane_at(scene_pos.y())
            if lane is not None:
                day = self.time_scale.day_at(scene_pos.x())
                menu.addAction(
                    f"New initiative in {short_title(lane.name)}…",
                    lambda: self.new_initiative(lane.name, day),
                )
        if menu.actions():
            self.run_menu(menu, event.globalPos())
        event.accept()

    def run_menu(self, menu: QMenu, at: QPoint) -> None:
        menu.exec(at)
