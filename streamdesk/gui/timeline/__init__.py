"""The upstream timeline editor (objectName ``upstreamTimeline``).

A tool row (zoom presets, fit, today, "move successors along"), the Gantt view, and a
list of broken dependencies that appears when there are any.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QRect, QRectF, QSize, Qt, Slot
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QColor,
    QIcon,
    QPainter,
    QPalette,
    QPen,
    QPixmap,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSizePolicy,
    QStyle,
    QStyleOptionButton,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from streamdesk.domain.dependencies import Conflict
from streamdesk.gui.document import PlanDocument
from streamdesk.gui.timeline.view import TimelineView

__all__ = ["TimelineWidget", "create_timeline"]

SHORT = 420  # a timeline pane lower than this lists two broken dependencies at a time
EMPTY_HINT = (
    "No initiatives yet: drag across a lane to add one, double-click a lane, or press + New."
)
HINT = (
    "Drag a bar to move it, its ends to resize · drag in a lane to create · "
    "Shift+drag onto another bar to link · Ctrl+click to select several · "
    "double-click to edit · Delete to remove · right-click for more · "
    "click a lane's name to collapse it"
)


class TimelineWidget(QWidget):
    def __init__(self, document: PlanDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("upstreamTimeline")
        self.document = document
        self._rows_for_short = False  # the conflict list shows two rows, not four
        self.view = TimelineView(document, self)

        self.toolbar = QToolBar("Timeline", self)
        self.toolbar.setObjectName("timelineToolBar")
        self.toolbar.setIconSize(QSize(16, 16))
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        title = QLabel("<b>Upstream timeline</b>  ")
        self.toolbar.addWidget(title)
        new = self._action(
            "newInitiative",
            "+ New",
            "New initiative (Ctrl+N or Insert in the timeline; or drag across a lane, "
            "or double-click one)",
        )
        new.triggered.connect(lambda: self.view.new_initiative())
        self.toolbar.addSeparator()
        zooms = QActionGroup(self)
        self.zoom_actions: dict[str, QAction] = {}
        for name, tip in (
            ("week", "Days and weeks (Ctrl+= zooms in, Ctrl+wheel too)"),
            ("month", "Weeks and months"),
            ("quarter", "Months and quarters (Ctrl+- zooms out)"),
        ):
            action = self._action(f"zoom{name.title()}", name.title(), tip)
            action.setCheckable(True)
            action.triggered.connect(lambda _=False, n=name: self.view.set_zoom(n))
            zooms.addAction(action)
            self.zoom_actions[name] = action
        zooms.setExclusionPolicy(QActionGroup.ExclusionPolicy.ExclusiveOptional)
        self.toolbar.addSeparator()
        fit = self._action(
            "fitPlan", "Fit plan", "Zoom so that every initiative is in view (Ctrl+0)"
        )
        fit.triggered.connect(self.view.fit_plan)
        today = self._action("goToday", "Today", "Scroll to today (Home)")
        today.triggered.connect(self.view.go_to_today)
        self.toolbar.addSeparator()
        # the view's own toggle, also in a bar's right-click menu; with a check box beside
        # its text, so that it reads as a toggle (not a label) in light and dark palettes
        self.move_successors = self.view.move_successors_action
        self.toolbar.addAction(self.move_successors)
        toggle = self.toolbar.widgetForAction(self.move_successors)
        if isinstance(toggle, QToolButton):
            toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self._draw_check_box()

        self.status = QLabel()
        self.status.setObjectName("timelineStatus")
        self.status.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.conflict_list = QListWidget(self)
        self.conflict_list.setObjectName("timelineConflicts")
        self.conflict_list.setToolTip("Dependencies that are broken: click one to select it")
        self.conflict_list.itemClicked.connect(self._conflict_clicked)
        # long lines are elided (each row's tooltip has the whole text), never scrolled sideways
        self.conflict_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.conflict_list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.conflict_label = QLabel()
        self.conflict_label.setObjectName("timelineConflictLabel")
        self.conflict_label.setStyleSheet("QLabel { color: #E53935; font-weight: bold; }")
        self.conflict_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        for label in (self.conflict_label, self.status):
            label.setContentsMargins(4, 0, 4, 0)

        self.empty_hint = QLabel(EMPTY_HINT)
        self.empty_hint.setObjectName("timelineEmptyHint")
        self.empty_hint.setContentsMargins(6, 0, 6, 2)
        self.empty_hint.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.empty_hint.setToolTip(EMPTY_HINT)
        font = self.empty_hint.font()
        font.setItalic(True)
        self.empty_hint.setFont(font)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.empty_hint)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.conflict_label)
        layout.addWidget(self.conflict_list)
        self.setToolTip("")
        self.view.setToolTip("")
        self.view.setStatusTip(HINT)

        self.view.zoomChanged.connect(self._show_zoom)
        self.view.conflictsChanged.connect(self._show_conflicts)
        self.view.conflictsChanged.connect(self._show_empty_hint)
        self.view.message.connect(self.status.setText)
        self.status.hide()
        self.view.message.connect(lambda text: self.status.setVisible(bool(text)))
        self._show_zoom(self.view.zoom)
        self._show_conflicts(self.view.conflicts)
        self._show_empty_hint()

    def view_actions(self) -> list[QAction]:
        """Zoom in, zoom out, fit plan, today: what the window's View menu takes from here."""
        return self.view.view_actions()

    def _draw_check_box(self) -> None:
        """The toggle's icon: the style's own check box, on and off, in this palette."""
        size = self.toolbar.iconSize()
        icon = QIcon()
        for state, on in (
            (QStyle.StateFlag.State_Off, QIcon.State.Off),
            (QStyle.StateFlag.State_On, QIcon.State.On),
        ):
            pixmap = QPixmap(size * self.devicePixelRatioF())
            pixmap.setDevicePixelRatio(self.devicePixelRatioF())
            pixmap.fill(Qt.GlobalColor.transparent)
            option = QStyleOptionButton()
            option.initFrom(self)
            option.rect = QRect(QPoint(0, 0), size)
            option.state = option.state | state | QStyle.StateFlag.State_Enabled
            painter = QPainter(pixmap)
            self.style().drawPrimitive(
                QStyle.PrimitiveElement.PE_IndicatorCheckBox, option, painter, self.toolbar
            )
            painter.end()
            self._outline_check_box(pixmap)
            icon.addPixmap(pixmap, QIcon.Mode.Normal, on)
        self.move_successors.setIcon(icon)

    def _outline_check_box(self, pixmap: QPixmap) -> None:
        """On a dark palette Fusion draws the box in Base on Window, ~1.2:1 apart: seen in
        a real window it read as a dark smudge, not a toggle. An outline in muted text
        colour around what the style drew makes it one."""
        pal = self.palette()  # the tool bar's follows only after this widget's change event
        window = pal.color(QPalette.ColorRole.Window)
        if window.lightnessF() >= 0.5:
            return
        image = pixmap.toImage()
        drawn = [
            (x, y)
            for y in range(image.height())
            for x in range(image.width())
            if image.pixelColor(x, y).alpha() > 0
        ]
        if not drawn:
            return
        ratio = pixmap.devicePixelRatio()
        xs, ys = [x for x, _ in drawn], [y for _, y in drawn]
        box = QRectF(min(xs), min(ys), max(xs) - min(xs) + 1, max(ys) - min(ys) + 1)
        box = QRectF(box.topLeft() / ratio, box.size() / ratio)
        text = pal.color(QPalette.ColorRole.WindowText)
        outline = QColor(
            (text.red() + window.red()) // 2,
            (text.green() + window.green()) // 2,
            (text.blue() + window.blue()) // 2,
        )
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(QPen(outline, 1))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(box.adjusted(0.5, 0.5, -0.5, -0.5), 2, 2)
        painter.end()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.StyleChange):
            self._draw_check_box()

    def _action(self, name: str, text: str, tip: str) -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        action.setToolTip(tip)
        action.setStatusTip(tip)
        self.toolbar.addAction(action)
        return action

    @Slot(str)
    def _show_zoom(self, zoom: str) -> None:
        for name, action in self.zoom_actions.items():
            action.setChecked(name == zoom)

    @Slot()
    def _show_empty_hint(self) -> None:
        """A plan without initiatives says how to add the first one (rebuilds emit conflicts)."""
        self.empty_hint.setVisible(not self.view.initiatives)

    @Slot(object)
    def _show_conflicts(self, found: list[Conflict]) -> None:
        self.conflict_list.clear()
        for conflict in found:
            days = conflict.days_early
            text = f"⚠ {conflict.describe()} ({days} day{'s' if days != 1 else ''} early)"
            item = QListWidgetItem(text)
            item.setToolTip(text)
            item.setData(Qt.ItemDataRole.UserRole, conflict.successor.id)
            self.conflict_list.addItem(item)
        n = len(found)
        self.conflict_label.setText(
            f"{n} broken dependenc{'ies' if n != 1 else 'y'}: a successor starts before "
            "its predecessor ends"
            if n
            else ""
        )
        self.conflict_label.setVisible(bool(n))
        self.conflict_list.setVisible(bool(n))
        self._fit_conflict_list()

    def _fit_conflict_list(self) -> None:
        """As tall as its rows, up to four (two in a short pane), so the lanes keep the room."""
        n = self.conflict_list.count()
        self._rows_for_short = self.height() < SHORT
        if n:
            most = 2 if self._rows_for_short else 4
            rows = min(n, most) * self.conflict_list.sizeHintForRow(0)
            self.conflict_list.setFixedHeight(rows + 2 * self.conflict_list.frameWidth())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._rows_for_short != (self.height() < SHORT):
            self._fit_conflict_list()

    @Slot(QListWidgetItem)
    def _conflict_clicked(self, item: QListWidgetItem) -> None:
        self.view.select([item.data(Qt.ItemDataRole.UserRole)], reveal=True)


def create_timeline(document: PlanDocument, parent: QWidget | None = None) -> QWidget:
    return TimelineWidget(document, parent)
