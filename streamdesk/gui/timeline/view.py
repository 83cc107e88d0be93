"""The timeline view: a QGraphicsView with a fixed time header and fixed lane names.

The view holds what it shows (initiatives, dependencies, linked item counts) and handles
every mouse and key interaction itself. A drag changes only previews; releasing the mouse
sends ONE undo command through the document, whose ``changed`` signal rebuilds the scene.

Its rooms: ``base`` (shared state, geometry, selection), ``scene`` (building and painting),
``zoom`` (zoom, scroll, wheel), ``drag`` (the drag state machine and its note), ``editing``
(the commands), ``menus`` (right-click) and ``headers`` (the fixed margins). This module
puts them together and adds the keys and what the view follows from the document.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QEvent, QLocale, Qt, QTimer, Slot
from PySide6.QtGui import QAction, QHelpEvent, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import QFrame, QGraphicsScene, QGraphicsView, QToolTip, QWidget

from streamdesk.domain import Channel, Dependency, Initiative, Item, clock
from streamdesk.gui.document import Change, PlanDocument
from streamdesk.gui.timeline.base import HEADER_HEIGHT, LANE_WIDTH
from streamdesk.gui.timeline.drag import DragMixin, DragNote
from streamdesk.gui.timeline.editing import EditingMixin
from streamdesk.gui.timeline.headers import Corner, LaneHeader, TimeHeader
from streamdesk.gui.timeline.items import ArrowsItem, Style
from streamdesk.gui.timeline.layout import ROW_HEIGHT, LaneLayout
from streamdesk.gui.timeline.menus import MenuMixin
from streamdesk.gui.timeline.scale import ZOOMS, TimeScale
from streamdesk.gui.timeline.scene import SceneMixin
from streamdesk.gui.timeline.zoom import ZoomMixin
from streamdesk.storage import repository

__all__ = ["TimelineView"]


class TimelineView(DragMixin, MenuMixin, EditingMixin, ZoomMixin, SceneMixin):
    """Gantt view of the plan's initiatives; see the module docstring for the editing model."""

    def __init__(self, document: PlanDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # a viewport made here, not by Qt: PySide then knows its type, and the first
        # viewport() does not make it set up every widget class first (~9 ms of start-up)
        self.setViewport(QWidget(self))
        self.setObjectName("timelineView")
        self.setAccessibleName("Upstream timeline")
        self.document = document
        self.today = clock.today()
        self.move_successors = False
        self.zoom = "month"
        self.time_scale = TimeScale(self.today, ZOOMS["month"], document.plan.week_start)
        self._name_months()
        self.style_ = Style(self.palette(), self.font())

        self._scene = QGraphicsScene(self)
        self._scene.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.BspTreeIndex)
        self.setScene(self._scene)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.NoAnchor)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.NoAnchor)
        self.setDragMode(QGraphicsView.DragMode.NoDrag)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.MinimalViewportUpdate)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setViewportMargins(LANE_WIDTH, HEADER_HEIGHT, 0, 0)

        self.header = TimeHeader(self)
        self.lane_header = LaneHeader(self)
        self.corner = Corner(self)
        self.drag_note = DragNote(self)

        self.initiatives = {}
        self.dependencies = []
        self.counts = {}
        self.kinds = []
        self.colours = {}
        self.layout_ = LaneLayout([], {})
        self.bars = {}
        self.arrows = ArrowsItem(self.style_)
        self.conflicts = []
        self.selected = []
        self.selected_dependency = None
        self.collapsed = set()
        self._roomy_height = 0.0
        self._first = self._last = self._content_first = self.today
        self._drag = None
        self._preview_item = None
        self._emitting = False
        self._built = False
        self._sticky = set()
        self._reuse_items = False  # False: the next rebuild makes every item anew
        self._midnight = QTimer(self)
        self._midnight.setSingleShot(True)
        self._midnight.timeout.connect(self.refresh_today)

        self.move_successors_action = QAction("Move successors along", self)
        self.move_successors_action.setObjectName("moveSuccessors")
        self.move_successors_action.setCheckable(True)
        tip = (
            "When a move would start an initiative before its predecessor ends, "
            "push the successors later instead of leaving a broken dependency"
        )
        self.move_successors_action.setToolTip(tip)
        self.move_successors_action.setStatusTip(tip)
        self.move_successors_action.toggled.connect(self._set_move_successors)
        self._make_view_actions()

        self.horizontalScrollBar().valueChanged.connect(self.header.update)
        self.verticalScrollBar().valueChanged.connect(self.lane_header.update)
        document.changed.connect(self._on_changed)
        document.planReplaced.connect(self._on_plan_replaced)
        document.initiativeSelected.connect(self._on_initiative_selected)
        document.periodChosen.connect(self._on_period_chosen)
        self.rebuild()
        self.go_to_today()
        self._arm_midnight()

    @Slot(bool)
    def _set_move_successors(self, on: bool) -> None:
        self.move_successors = on

    # -- keyboard selection -------------------------------------------------------------------

    def select_next(self, step: int) -> None:
        """Select the next (``step`` 1) or previous (-1) bar, lane by lane, in time order."""
        place = self.layout_.place
        shown = [i for i in self.bars if not self.layout_.hidden(i)]
        order = sorted(shown, key=lambda i: (place[i][0], self.initiatives[i].start, place[i]))
        if not order:
            return
        if self.selected and self.selected[-1] in order:
            at = order.index(self.selected[-1]) + step
            at = min(max(at, 0), len(order) - 1)
        else:  # nothing selected: start from the first bar in view
            seen = self.mapToScene(self.viewport().rect()).boundingRect()
            visible = [i for i in order if seen.intersects(self.bars[i].sceneBoundingRect())]
            at = order.index(visible[0 if step > 0 else -1]) if visible else 0
        self.select([order[at]], reveal=True)

    # -- reacting to the document -------------------------------------------------------------

    @Slot(object)
    def _on_changed(self, change: Change) -> None:
        if change.plan or change.kinds & {Initiative, Dependency, Channel}:
            self.rebuild(change)
        elif change.touches(Item) and change.relinked != frozenset():
            self.counts = repository.item_counts_by_initiative(self.document.pf)
            if any(bar.count != self.counts.get(i, 0) for i, bar in self.bars.items()):
                self.rebuild()

    @Slot()
    def _on_plan_replaced(self) -> None:
        self._reuse_items = False
        self.selected = []
        self.selected_dependency = None
        self.collapsed = set()
        self._roomy_height = 0.0
        self._built = False
        self.rebuild()
        self.go_to_today()

    @Slot(object)
    def _on_initiative_selected(self, initiative_id: int | None) -> None:
        if self._emitting:
            return
        self.select([] if initiative_id is None else [initiative_id], emit=False, reveal=True)

    @Slot(object, object)
    def _on_period_chosen(self, first: date, last: date) -> None:
        self.scroll_to_date(first)

    # -- keys ------------------------------------------------------------------------------------

    def event(self, event: QEvent) -> bool:
        # keys the timeline handles itself win over window shortcuts while it has focus
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and self._handles(event)
        ):
            event.accept()
            return True
        return super().event(event)

    def _handles(self, event: QKeyEvent) -> bool:
        key, ctrl = event.key(), bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace, Qt.Key.Key_Escape):
            return bool(self.selected or self.selected_dependency or self.drag_active())
        if event.modifiers() & Qt.KeyboardModifier.AltModifier:
            return bool(self.selected) and key in (Qt.Key.Key_Left, Qt.Key.Key_Right)
        return ctrl and key in (
            Qt.Key.Key_Plus,
            Qt.Key.Key_Equal,
            Qt.Key.Key_Minus,
            Qt.Key.Key_N,
            Qt.Key.Key_0,
        )

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, mods = event.key(), event.modifiers()
        ctrl = bool(mods & Qt.KeyboardModifier.ControlModifier)
        alt = bool(mods & Qt.KeyboardModifier.AltModifier)
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.delete_selected()
        elif ctrl and key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_in()
        elif ctrl and key == Qt.Key.Key_Minus:
            self.zoom_out()
        elif ctrl and key == Qt.Key.Key_0:
            self.fit_plan()
        elif key == Qt.Key.Key_Home and not mods:
            self.go_to_today()
        elif key == Qt.Key.Key_Escape:
            if self.drag_active():
                self.cancel_drag()
                self.rebuild()
            else:
                self.select([])
                self._select_dependency(None)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.selected:
            self.edit_initiative(self.selected[-1])
        elif (ctrl and key == Qt.Key.Key_N) or (key == Qt.Key.Key_Insert and not mods):
            self.new_initiative()
        elif key in (Qt.Key.Key_Up, Qt.Key.Key_Down) and not (ctrl or alt):
            self.select_next(1 if key == Qt.Key.Key_Down else -1)
        elif alt and key in (Qt.Key.Key_Left, Qt.Key.Key_Right) and self.selected:
            step = 7 if mods & Qt.KeyboardModifier.ShiftModifier else 1
            self.move_initiatives(list(self.selected), step if key == Qt.Key.Key_Right else -step)
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._built and event.size().width() != event.oldSize().width():
            self._set_scene_rect()
        compact = self.layout_.row_height < ROW_HEIGHT
        taller = event.size().height() != event.oldSize().height()
        if self._built and taller and compact != self.wants_compact():
            self.relayout()  # the lanes now fit (or no longer do): other row heights
        vp = self.viewport().geometry()
        self.header.setGeometry(vp.left(), vp.top() - HEADER_HEIGHT, vp.width(), HEADER_HEIGHT)
        self.lane_header.setGeometry(vp.left() - LANE_WIDTH, vp.top(), LANE_WIDTH, vp.height())
        self.corner.setGeometry(
            vp.left() - LANE_WIDTH, vp.top() - HEADER_HEIGHT, LANE_WIDTH, HEADER_HEIGHT
        )

    def viewportEvent(self, event: QEvent) -> bool:
        if isinstance(event, QHelpEvent) and event.type() == QEvent.Type.ToolTip:
            hit = self._bar_at(self.mapToScene(event.pos()))
            if hit is None:
                QToolTip.hideText()
            else:
                tip = self.bars[hit[0]].tooltip()
                QToolTip.showText(event.globalPos(), tip, self.viewport())
            return True
        return super().viewportEvent(event)

    def _name_months(self) -> None:
        """The time axis names months as the locale does."""
        locale = self.locale()
        long_, short = QLocale.FormatType.LongFormat, QLocale.FormatType.ShortFormat
        self.time_scale.months = [locale.standaloneMonthName(m, long_) for m in range(1, 13)]
        self.time_scale.short_months = [
            locale.standaloneMonthName(m, short).rstrip(".") for m in range(1, 13)
        ]

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.LocaleChange:
            self._name_months()
            self.header.update()
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.FontChange):
            self.style_ = Style(self.palette(), self.font())
            self._reuse_items = False
            if self._built and not self.document.is_closed:  # a closed window has no plan
                self.rebuild()
            self.header.update()
            self.lane_header.update()
        elif event.type() == QEvent.Type.ActivationChange and self.isActiveWindow():
            # a timer can be late after the machine slept: coming back checks the day too
            self.refresh_today()
