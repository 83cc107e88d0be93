"""How the main window sits on the screen and shares it between its three panes.

The first window fits the screen (maximised on a laptop, a large centred window on a
big screen); the splitters start with sizes that leave each view usable and never
collapse a view to nothing; each pane can be hidden and shown from the View menu; and
all of it is saved and restored with QSettings. The chart's pane is a slot of fixed
minimum size, so the chart can be built after the first paint without a layout jump.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QObject, QRect, QSettings, QSize, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QSplitter, QVBoxLayout, QWidget

MAXIMISE_BELOW = 1600
"""On a screen narrower than this (a laptop), the first window is maximised."""
FIRST_SIZE = QSize(1400, 900)
"""The first window on a large screen (at most 90 % of it)."""
MIN_TIMELINE_HEIGHT = 160  # the time header and a few lanes (the views set their own minimums)
CHIPS_A_DAY = 3
"""What the Month view is given room for on first start, in a six-week month, if the
timeline keeps its minimum: a day's usual content, or two chips and a cadence ghost."""
MIN_CHART = QSize(240, 260)  # the chart's tools, its bars and a few health lines
HEALTH_ROOM = 340
"""The health panel's first height where there is room: every section and a few lines open
(Off balance, Cadence) without scrolling; at 210 px the Cadence section was below the fold."""
PANES = (
    # object name of the action, its text, shortcut, the pane
    ("actionShowTimeline", "&Timeline", "Ctrl+Shift+1", "timeline"),
    ("actionShowCalendar", "&Calendar", "Ctrl+Shift+2", "calendar"),
    ("actionShowChart", "&Balance Chart", "Ctrl+Shift+3", "chartSlot"),
)
KEY = "mainWindow"


def fit_screen(window: QWidget) -> None:
    """The first start: maximised on a laptop, else a large window centred on the screen."""
    available = window.screen().availableGeometry()
    if available.width() < MAXIMISE_BELOW:
        window.setGeometry(available)
        window.setWindowState(Qt.WindowState.WindowMaximized)
        return
    size = FIRST_SIZE.boundedTo(available.size() * 0.9)
    frame = QRect(0, 0, size.width(), size.height())
    frame.moveCenter(available.center())
    window.setGeometry(frame)


def _has_hidden_pane(splitter: QSplitter) -> bool:
    panes = (splitter.widget(i) for i in range(splitter.count()))
    return any(pane is not None and pane.isHidden() for pane in panes)


class Panes(QObject):
    """The timeline above the calendar on the left, the chart's slot on the right."""

    def __init__(self, window: QWidget, timeline: QWidget, calendar: QWidget) -> None:
        super().__init__(window)
        self._window = window
        self.timeline = timeline
        self.calendar = calendar
        self.chartSlot = QWidget(window)
        self.chartSlot.setObjectName("chartSlot")
        self.chartSlot.setMinimumSize(MIN_CHART)
        QVBoxLayout(self.chartSlot).setContentsMargins(0, 0, 0, 0)

        self.left = QSplitter(Qt.Orientation.Vertical, window)
        self.left.setObjectName("leftSplitter")
        self.left.addWidget(timeline)
        self.left.addWidget(calendar)
        self.left.setStretchFactor(0, 2)
        self.left.setStretchFactor(1, 3)
        self.left.setChildrenCollapsible(False)

        self.main = QSplitter(Qt.Orientation.Horizontal, window)
        self.main.setObjectName("mainSplitter")
        self.main.addWidget(self.left)
        self.main.addWidget(self.chartSlot)
        self.main.setStretchFactor(0, 3)
        self.main.setStretchFactor(1, 1)
        self.main.setChildrenCollapsible(False)

        self._chart_panel: QSplitter | None = None  # the chart above the health, once built
        self._shown_states: dict[str, QByteArray] = {}  # splitter states before a pane hid
        self.actions: dict[str, QAction] = {}
        for name, text, shortcut, pane in PANES:
            action = QAction(text, window)
            action.setObjectName(name)
            action.setShortcut(QKeySequence(shortcut))
            action.setStatusTip(f"Show or hide the {text.strip('&').lower()}")
            action.setCheckable(True)
            action.setChecked(True)
            action.triggered.connect(lambda on, p=pane: self.show(p, on))
            window.addAction(action)
            self.actions[pane] = action

    def pane(self, name: str) -> QWidget:
        widget: QWidget = getattr(self, name)
        return widget

    def show(self, name: str, shown: bool) -> None:
        """Show or hide the timeline, the calendar or the chart; one always stays."""
        others = [self.pane(p) for p in self.actions if p != name]
        if not shown and all(w.isHidden() for w in others):
            self.actions[name].setChecked(True)  # hiding the last pane would show nothing
            if isinstance(self._window, QMainWindow):  # the key did nothing: say why
                pane = self.actions[name].text().replace("&", "").lower()
                self._window.statusBar().showMessage(
                    f"The {pane} is the only pane shown: show another before hiding it", 10000
                )
            return
        if not shown:  # what to save for the splitters: their sizes with every pane shown
            for splitter in (self.main, self.left):
                if not _has_hidden_pane(splitter):
                    self._shown_states[splitter.objectName()] = splitter.saveState()
        self.pane(name).setVisible(shown)
        if self.actions[name].isChecked() != shown:
            self.actions[name].setChecked(shown)
        self.left.setVisible(not (self.timeline.isHidden() and self.calendar.isHidden()))
        if shown:  # back to the sizes the panes had before one was hidden
            for splitter in (self.main, self.left):
                state = self._shown_states.get(splitter.objectName())
                if state is not None and not _has_hidden_pane(splitter):
                    splitter.restoreState(state)

    def _state(self, splitter: QSplitter) -> QByteArray:
        """A hidden pane's size is 0 in the splitter: keep the sizes it had when shown."""
        if _has_hidden_pane(splitter):
            return self._shown_states.get(splitter.objectName(), splitter.saveState())
        return splitter.saveState()

    def restore(self, settings: QSettings) -> None:
        """The saved sizes and hidden panes, or sizes that fit the window on first start."""
        width, height = self._window.width(), self._window.height()
        for splitter in (self.main, self.left):
            state = settings.value(f"{KEY}/{splitter.objectName()}")
            if state is not None:
                splitter.restoreState(state)
            elif splitter is self.main:
                # QSplitter weighs stretch by size hints, which left the chart at its minimum
                chart = max(MIN_CHART.width(), min(width // 4, 460))
                self.main.setSizes([width - chart, chart])
            else:
                self.left.setSizes(self._first_heights(height))
        hidden = settings.value(f"{KEY}/hiddenPanes", [])
        hidden = [hidden] if isinstance(hidden, str) else hidden
        for pane in self.actions:
            if isinstance(hidden, list) and pane in hidden:
                self.show(pane, False)

    def _first_heights(self, height: int) -> list[int]:
        """The timeline and calendar heights on first start: the calendar first.

        The Month view gets room for CHIPS_A_DAY chips a day in a six-week month, the
        timeline the rest, at most two fifths (the old split, which on a laptop left the
        calendar one chip a day) and never less than a few lanes. On a 1366x768 laptop the
        timeline is at its minimum and the calendar still falls short of three chips in a
        six-week month (two, then "+N"); a five-week month has its three.
        """
        room = max(height - self._chrome(), 2 * MIN_TIMELINE_HEIGHT)
        least = max(MIN_TIMELINE_HEIGHT, self.timeline.minimumSizeHint().height())
        wants = getattr(self.calendar, "height_for_chips", None)
        calendar = wants(CHIPS_A_DAY) if callable(wants) else room * 3 // 5
        timeline = max(least, min(room * 2 // 5, room - calendar))
        return [timeline, room - timeline]

    def _chrome(self) -> int:
        """The window's height around the splitters: its menu bar, status bar, a handle."""
        bars = (getattr(self._window, name, None) for name in ("menuBar", "statusBar"))
        around = sum(bar().sizeHint().height() for bar in bars if callable(bar))
        return around + self.left.handleWidth()

    def split_chart(self, panel: QWidget, settings: QSettings) -> None:
        """The chart above the health panel: their saved split, else room for the health.

        A QSplitter weighs its stretch by size hints, which left the health panel a third
        of the column on any screen; it gets two fifths, and on a laptop up to half.
        """
        if not isinstance(panel, QSplitter) or panel.count() != 2:
            return
        self._chart_panel = panel
        state = settings.value(f"{KEY}/{panel.objectName()}")
        if state is not None and panel.restoreState(state):
            return
        total = (self.chartSlot.height() or self._window.height()) - panel.handleWidth()
        health = max(total * 2 // 5, min(total // 2, HEALTH_ROOM))
        panel.setSizes([total - health, health])

    def save(self, settings: QSettings) -> None:
        for splitter in (self.main, self.left):
            settings.setValue(f"{KEY}/{splitter.objectName()}", self._state(splitter))
        if self._chart_panel is not None:
            name = self._chart_panel.objectName()
            settings.setValue(f"{KEY}/{name}", self._chart_panel.saveState())
        hidden = [p for p in self.actions if self.pane(p).isHidden()]
        settings.setValue(f"{KEY}/hiddenPanes", hidden)
