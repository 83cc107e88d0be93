"""Building the scene from the plan: bars, arrows, lanes, the grid and the today line.

A rebuild reads the plan again (only what a ``Change`` touched) and keeps the items of
unchanged bars; a relayout only places them again, for a zoom or a resize.
"""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QPoint, QPointF, QRect, QRectF
from PySide6.QtGui import QColor, QPainter, QPen

from streamdesk.domain import Channel, Dependency, Initiative, Item, Stream, clock
from streamdesk.domain.dependencies import conflicts
from streamdesk.gui.document import Change
from streamdesk.gui.timeline.base import FALLBACK_COLOUR, ViewBase
from streamdesk.gui.timeline.items import TODAY, ArrowsItem, BarItem
from streamdesk.gui.timeline.layout import (
    COMPACT_PADDING,
    COMPACT_ROW_HEIGHT,
    ROW_HEIGHT,
    pack,
    saved_id,
)
from streamdesk.storage import repository


class SceneMixin(ViewBase):
    """Scene building and painting of the timeline view (see the module docstring)."""

    def rebuild(self, change: Change | None = None) -> None:
        """Read the plan again and rebuild the scene, keeping the scroll position's date.

        With a ``change``, only what it touched is read again (dependencies and item counts
        are kept when it did not touch them), and unchanged bars keep their items."""
        keep = self.left_date() if self._built else None
        keep_y = self.verticalScrollBar().value()
        pf = self.document.pf
        everything = change is None or change.plan or change.touches(Channel)
        self.initiatives = {saved_id(i): i for i in repository.list_initiatives(pf)}
        if change is None or everything or change.touches(Dependency):
            self.dependencies = repository.list_dependencies(pf)
        if change is None or everything or change.touches(Item):
            self.counts = repository.item_counts_by_initiative(pf)
        channels = sorted(self.document.channels(Stream.UPSTREAM), key=lambda c: c.position)
        self.kinds = [c.name for c in channels]
        self.colours = {c.name: QColor(c.colour) for c in channels}
        self.time_scale.week_start = self.document.plan.week_start
        self._set_range()

        self.cancel_drag()
        fallback = QColor(FALLBACK_COLOUR)
        if self._reuse_items:
            # after an edit most bars are unchanged: keep their items, replace the others
            if self._preview_item is not None:
                self._scene.removeItem(self._preview_item)
            for iid, bar in list(self.bars.items()):
                new = self.initiatives.get(iid)
                if (
                    new is None
                    or new != bar.initiative
                    or bar.count != self.counts.get(iid, 0)
                    or bar.colour != self.colours.get(new.kind, fallback)
                ):
                    self._scene.removeItem(bar)
                    self._sticky.discard(bar)
                    del self.bars[iid]
            self.arrows.clear()
        else:
            self._scene.clear()
            self._sticky = set()
            self.bars = {}
            self.arrows = ArrowsItem(self.style_)
            self._scene.addItem(self.arrows)
        self._preview_item = None
        for iid, initiative in self.initiatives.items():
            if iid in self.bars:
                continue
            bar = BarItem(
                self.style_,
                initiative,
                self.colours.get(initiative.kind, fallback),
                self.counts.get(iid, 0),
            )
            self.bars[iid] = bar
            self._scene.addItem(bar)
        self.bars = {iid: self.bars[iid] for iid in self.initiatives}
        self._reuse_items = True
        self.selected = [i for i in self.selected if i in self.bars]
        if self.selected_dependency not in self.dependencies:
            self.selected_dependency = None
        self.arrows.selected = self.selected_dependency
        for iid, bar in self.bars.items():
            bar.set_selected(iid in self.selected)
        self.relayout()
        self._update_conflicts()
        self.announce_selection()  # a selected bar may have a new title or dates
        self._built = True
        if keep is not None:
            self.scroll_to_date(keep, margin=0)
            self.verticalScrollBar().setValue(keep_y)

    def relayout(self) -> None:
        """Place every bar and arrow for the current zoom (no reading from the file)."""
        shown = {iid: bar.initiative for iid, bar in self.bars.items()}

        def extent(i: Initiative) -> tuple[float, float]:
            return self.bars[saved_id(i)].extent(*self._bar_x(i))

        collapsed = self.collapsed
        layout = pack(shown.values(), self.kinds, extent, collapsed=collapsed)
        self._roomy_height = layout.height
        if self.wants_compact():
            # the lanes do not fit: closer rows, so that a laptop's pane shows more of them
            layout = layout.restacked(COMPACT_ROW_HEIGHT, COMPACT_PADDING)
        self.layout_ = layout
        for iid, bar in self.bars.items():
            x0, x1 = self._bar_x(bar.initiative)
            bar.place(x0, x1, layout.bar_top(iid))
            bar.setVisible(not layout.hidden(iid))
        self.arrows.clear()
        self._route(shown)
        self._set_scene_rect()
        self._refresh_sticky_titles()
        self.header.update()
        self.lane_header.update()
        self.viewport().update()

    def _set_range(self) -> None:
        plan_start = self.document.plan.start
        starts = [i.start for i in self.initiatives.values()]
        ends = [i.end for i in self.initiatives.values()]
        first = min([plan_start, self.today, *starts]) - timedelta(days=45)
        last = max([plan_start + timedelta(days=364), self.today, *ends]) + timedelta(days=120)
        self._first = first.replace(day=1)
        self._content_first = min([plan_start, *starts])
        self._last = last
        self.time_scale.origin = self._first

    def wants_compact(self) -> bool:
        """Whether the lanes need closer rows to fit the view. Before the view is laid out
        (a new view is tiny) the answer is yes, as in a laptop's short pane: that is where
        most panes end, and deciding the same again on the first resize costs nothing,
        while changing its mind would lay out every bar twice."""
        room = self.viewport().height()
        return room < 2 * ROW_HEIGHT or self._roomy_height > room

    def toggle_lane(self, name: str) -> None:
        """Collapse a lane to a thin strip, or open it again (a click on its name)."""
        if name in self.collapsed:
            self.collapsed.discard(name)
        else:
            self.collapsed.add(name)
            hidden = set(self._lane_ids(name))
            if hidden & set(self.selected):
                self.select([i for i in self.selected if i not in hidden])
        self.relayout()

    def refresh_today(self) -> None:
        """Take today from the clock; when the day has changed, move the today line (and
        widen the scrollable range if today left it). Then wait for the next midnight."""
        day = clock.today()
        if day != self.today:
            self.today = day
            origin, keep = self.time_scale.origin, self.left_date()
            self._set_range()
            if self._built and self.time_scale.origin != origin:
                self.relayout()
                self.scroll_to_date(keep, margin=0)
            elif self._built:
                self._set_scene_rect()
            self.viewport().update()
            self.header.update()
        self._arm_midnight()

    def _arm_midnight(self) -> None:
        # a second past midnight, so that the clock already says the new day
        wait = clock.until_midnight().total_seconds() + 1
        self._midnight.start(max(1000, min(round(wait * 1000), 24 * 3600 * 1000)))

    def _set_scene_rect(self) -> None:
        # wide enough to scroll the plan's first day to the left edge at any zoom ("Fit plan")
        width = max(
            self.time_scale.x_after(self._last),
            self.time_scale.x_of(self._content_first) + self.viewport().width(),
        )
        self._scene.setSceneRect(QRectF(0, 0, width, max(self.layout_.height, 1.0)))

    def _route(self, shown: dict[int, Initiative], only: set[int] | None = None) -> None:
        bars = self.bars
        for dep in self.dependencies:
            if only is not None and dep.predecessor_id not in only and dep.successor_id not in only:
                continue
            pred, succ = bars.get(dep.predecessor_id), bars.get(dep.successor_id)
            if pred is None or succ is None or not (pred.isVisible() and succ.isVisible()):
                continue  # an arrow into a collapsed lane would point at nothing
            self.arrows.set_route(dep, pred.right_anchor(), succ.left_anchor())
        broken = [c.dependency for c in conflicts(shown, self.dependencies)]
        self.arrows.finish(broken, partial=only is not None)

    def _update_conflicts(self) -> None:
        self.conflicts = conflicts(self.initiatives, self.dependencies)
        self.conflictsChanged.emit(self.conflicts)

    def drawBackground(self, painter: QPainter, exposed: QRectF | QRect) -> None:
        rect = QRectF(exposed)
        s = self.style_
        painter.fillRect(rect, s.base)
        for n, lane in enumerate(self.layout_.lanes):
            if lane.bottom < rect.top() or lane.top > rect.bottom():
                continue
            band = QRectF(rect.left(), lane.top, rect.width(), lane.height)
            if n % 2:
                painter.fillRect(band, s.band)
        scale = self.time_scale
        first, last = scale.day_at(rect.left()), scale.day_at(rect.right())
        top_kind, bottom_kind = scale.levels()
        y0, y1 = rect.top(), rect.bottom()
        painter.setPen(QPen(s.grid, 0))
        for unit in scale.units(bottom_kind, first, last):
            x = scale.x_of(unit.first)
            if unit.weekend:
                painter.fillRect(QRectF(x, y0, scale.ppd, y1 - y0), s.weekend)
            painter.drawLine(QPointF(x, y0), QPointF(x, y1))
        painter.setPen(QPen(s.grid_major, 0))
        for unit in scale.units(top_kind, first, last):
            x = scale.x_of(unit.first)
            painter.drawLine(QPointF(x, y0), QPointF(x, y1))
        for lane in self.layout_.lanes:
            if rect.top() <= lane.bottom <= rect.bottom():
                painter.drawLine(
                    QPointF(rect.left(), lane.bottom), QPointF(rect.right(), lane.bottom)
                )
            if lane.collapsed and lane.bottom >= rect.top() and lane.top <= rect.bottom():
                # where the hidden bars are: a strip in their colours
                y = lane.top + lane.height / 2 - 3
                for iid in lane.ids:
                    bar = self.bars.get(iid)
                    if bar is not None:
                        x0, x1 = self._bar_x(bar.initiative)
                        painter.fillRect(QRectF(x0, y, max(x1 - x0, 2.0), 6), bar.colour)

    def drawForeground(self, painter: QPainter, exposed: QRectF | QRect) -> None:
        rect = QRectF(exposed)
        x = self.today_x()
        if rect.left() - 2 <= x <= rect.right() + 2:
            painter.setPen(QPen(TODAY, 2))
            painter.drawLine(QPointF(x, rect.top()), QPointF(x, rect.bottom()))

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        super().scrollContentsBy(dx, dy)
        if dx:
            self._refresh_sticky_titles()

    def _refresh_sticky_titles(self) -> None:
        """Repaint the bars under the left edge, whose titles follow it while scrolling."""
        corner = self.mapToScene(QPoint(0, 0))
        self.style_.visible_left = corner.x()
        edge = QRectF(corner.x() - 1, corner.y(), 2, self.viewport().height())
        crossing = {item for item in self._scene.items(edge) if isinstance(item, BarItem)}
        for bar in crossing | self._sticky:
            bar.update()
        self._sticky = crossing
