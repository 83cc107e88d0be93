"""Zoom and scroll: presets and fitted zooms about an anchor, today, and the wheel."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction, QKeySequence, QWheelEvent
from PySide6.QtWidgets import QApplication

from streamdesk.gui.timeline.base import ViewBase
from streamdesk.gui.timeline.layout import BAR_HEIGHT
from streamdesk.gui.timeline.scale import MAX_PPD, MIN_PPD, ZOOMS


def _preset(ppd: float) -> str:
    return next(name for name, value in ZOOMS.items() if value == ppd)


class ZoomMixin(ViewBase):
    """Zoom and scroll of the timeline view (see the module docstring)."""

    def set_zoom(self, zoom: str | float, anchor_x: float | None = None) -> None:
        """Zoom to a preset ("week", "month", "quarter") or to pixels per day, keeping the date
        under ``anchor_x`` (viewport x; the centre by default) in place."""
        ppd = ZOOMS[zoom] if isinstance(zoom, str) else float(zoom)
        ppd = min(MAX_PPD, max(MIN_PPD, ppd))
        name = zoom if isinstance(zoom, str) else ""
        if anchor_x is None:
            anchor_x = self.viewport().width() / 2
        anchor_scene = self.mapToScene(QPoint(int(anchor_x), 0)).x()
        anchor_days = anchor_scene / self.time_scale.ppd
        self.time_scale.ppd = ppd
        self.zoom = name
        self.relayout()
        self.horizontalScrollBar().setValue(round(anchor_days * ppd - anchor_x))
        self.zoomChanged.emit(name)

    def zoom_in(self, anchor_x: float | None = None) -> None:
        closer = [p for p in sorted(ZOOMS.values()) if p > self.time_scale.ppd * 1.01]
        if closer:
            self.set_zoom(_preset(closer[0]), anchor_x)

    def zoom_out(self, anchor_x: float | None = None) -> None:
        wider = [p for p in sorted(ZOOMS.values(), reverse=True) if p < self.time_scale.ppd * 0.99]
        if wider:
            self.set_zoom(_preset(wider[0]), anchor_x)

    def fit_plan(self) -> None:
        """Zoom and scroll so that every initiative (or the plan's year) is in view."""
        if self.initiatives:
            first = min(i.start for i in self.initiatives.values())
            last = max(i.end for i in self.initiatives.values())
        else:
            first = self.document.plan.start
            last = first + timedelta(days=364)
        margin = 20.0
        room = self.viewport().width() - margin - 12
        ppd = bars_only = room / max((last - first).days + 1, 7)
        # a short bar's title is drawn beside it: leave room for the titles at the right end,
        # but never squeeze the bars into less than half the view for them
        for _ in range(4):
            fitted = ppd
            for bar in self.bars.values():
                i = bar.initiative
                days = (i.end - first).days + 1
                label = 0.0
                if i.is_milestone or i.days * ppd < bar.content_width:
                    label = 4 + bar.content_width + (BAR_HEIGHT / 2 if i.is_milestone else 0)
                if room - label >= room / 3:  # a label wider than that may run out of view
                    fitted = min(fitted, (room - label) / max(days, 1))
            fitted = max(fitted, bars_only / 2)
            if fitted >= ppd * 0.995:
                break
            ppd = fitted
        self.set_zoom(ppd)
        self.scroll_to_date(first, margin=margin)

    def go_to_today(self) -> None:
        x = self.time_scale.x_of(self.today) - self.viewport().width() / 3
        self.horizontalScrollBar().setValue(round(x))

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            delta = event.angleDelta().y()
            x = event.position().x()
            if delta > 0:
                self.zoom_in(x)
            elif delta < 0:
                self.zoom_out(x)
            event.accept()
            return
        if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            bar = self.horizontalScrollBar()
            bar.setValue(bar.value() - event.angleDelta().y())
            event.accept()
            return
        turned = event.angleDelta()
        if turned.y() and not turned.x() and event.pixelDelta().isNull():
            # a mouse wheel: three rows a notch (Qt's own step is a twentieth of the view,
            # ~24 px, which crawls); a touchpad's pixel deltas stay Qt's, they are smooth
            bar = self.verticalScrollBar()
            bar.setValue(bar.value() - round(turned.y() / 120 * self.wheel_step()))
            event.accept()
            return
        super().wheelEvent(event)

    def wheel_step(self) -> float:
        """Pixels one wheel notch scrolls through the lanes: the user's lines a notch (three
        by default) in rows of bars."""
        return QApplication.wheelScrollLines() * self.layout_.row_height

    def margin_wheel(self, event: QWheelEvent, anchor_x: float | None, horizontal: bool) -> None:
        """A wheel over the time axis or the lane names: Ctrl zooms (about ``anchor_x``), a
        plain wheel scrolls in time over the axis and through the lanes over their names."""
        delta = event.angleDelta().y() or event.angleDelta().x()
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            if delta > 0:
                self.zoom_in(anchor_x)
            elif delta < 0:
                self.zoom_out(anchor_x)
        else:
            bar = self.horizontalScrollBar() if horizontal else self.verticalScrollBar()
            step = self.wheel_step() if not horizontal else 120
            bar.setValue(bar.value() - round(delta / 120 * step))
        event.accept()

    # -- actions for the window's View menu ------------------------------------------------------

    def _make_view_actions(self) -> None:
        """Zoom in / out, fit plan and today as QActions with their keys, for the window's
        View menu. They work while the timeline has the focus (so the calendar can use the
        same keys for its own); the view's key handling does the same for the keys alone."""
        keys = QKeySequence.StandardKey
        self._view_actions: list[QAction] = []
        for name, text, tip, shortcuts, slot in (
            ("actionZoomIn", "Zoom In", "Show fewer days, larger", [keys.ZoomIn], self.zoom_in),
            ("actionZoomOut", "Zoom Out", "Show more days", [keys.ZoomOut], self.zoom_out),
            ("actionFitPlan", "Fit Plan", "Every initiative in view", ["Ctrl+0"], self.fit_plan),
            ("actionToday", "Today", "Scroll the timeline to today", ["Home"], self.go_to_today),
        ):
            action = QAction(text, self)
            action.setObjectName(name)
            action.setShortcuts([QKeySequence(k) for k in shortcuts])
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.setToolTip(
                f"{tip} ({action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})"
            )
            action.setStatusTip(tip)
            action.triggered.connect(lambda _=False, run=slot: run())
            self.addAction(action)
            self._view_actions.append(action)

    def view_actions(self) -> list[QAction]:
        """Zoom in, zoom out, fit plan, today: for the window's View menu."""
        return list(self._view_actions)
