"""The calendar's top row and its actions: previous / today / next, the month picker, the
period's name, "+ New item" and the Month / Channels / List switch.

Navigation and the layout switch are :class:`QAction`\\ s with shortcuts and objectNames,
and the buttons show those actions: a View menu built from ``actions()`` and the buttons
can never disagree, and every key is discoverable in the menu.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QEvent, QSignalBlocker, Signal
from PySide6.QtGui import QAction, QActionGroup, QFont, QKeySequence, QPalette
from PySide6.QtWidgets import QDateEdit, QHBoxLayout, QLabel, QSizePolicy, QToolButton, QWidget

from streamdesk.gui.calendar.selection_chip import SelectionChip

LAYOUTS = ("month", "channels", "list")

# the checked layout button reads as chosen in light and dark palettes alike: a style's own
# "sunken" look is a shade apart from the others in a dark palette
CHECKED_STYLE = (
    "QToolButton:checked {{ background: {fill}; color: {text}; border: 1px solid {fill};"
    " border-radius: 3px; padding: 2px 6px; }}"
)


class CalendarToolbar(QWidget):
    """The row above the filters. Emits what the user asked for; the calendar does it."""

    stepRequested = Signal(int)  # -1 previous, +1 next period
    todayRequested = Signal()
    monthPicked = Signal(object)  # the first day of the month picked
    layoutChosen = Signal(str)  # one of LAYOUTS
    newRequested = Signal()
    fillGapsRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("calendarToolbar")
        self.actionPreviousPeriod = self._action(
            "actionPreviousPeriod",
            "&Previous Period",
            "◀",
            "Previous month (quarter in Channels)",
            "Ctrl+PgUp",
        )
        self.actionNextPeriod = self._action(
            "actionNextPeriod",
            "&Next Period",
            "▶",
            "Next month (quarter in Channels)",
            "Ctrl+PgDown",
        )
        self.actionGoToToday = self._action(
            "actionGoToToday", "Go to &Today", "Today", "Go to today", "Ctrl+Shift+T"
        )
        self.actionPreviousPeriod.triggered.connect(lambda: self.stepRequested.emit(-1))
        self.actionNextPeriod.triggered.connect(lambda: self.stepRequested.emit(1))
        self.actionGoToToday.triggered.connect(self.todayRequested)
        self.prevButton = self._button("prevButton", self.actionPreviousPeriod)
        self.todayButton = self._button("todayButton", self.actionGoToToday)
        self.nextButton = self._button("nextButton", self.actionNextPeriod)

        self.monthPicker = QDateEdit(self)
        self.monthPicker.setObjectName("monthPicker")
        self.monthPicker.setDisplayFormat("MMMM yyyy")
        self.monthPicker.setCalendarPopup(True)
        self.monthPicker.setToolTip("Pick a month")
        self.monthPicker.dateChanged.connect(
            lambda qd: self.monthPicked.emit(date(qd.year(), qd.month(), 1))
        )
        self.periodLabel = QLabel(self)
        self.periodLabel.setObjectName("periodLabel")
        big = QFont(self.periodLabel.font())
        big.setBold(True)
        big.setPointSizeF(big.pointSizeF() * 1.15)
        self.periodLabel.setFont(big)
        self.periodLabel.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

        self.layoutGroup = QActionGroup(self)
        self.layoutGroup.setExclusive(True)
        self.actionMonthView = self._action(
            "actionMonthView", "&Month", "Month", "Month grid of days", "Alt+1"
        )
        self.actionChannelsView = self._action(
            "actionChannelsView",
            "&Channels",
            "Channels",
            "Channels × weeks of the quarter",
            "Alt+2",
        )
        self.actionListView = self._action(
            "actionListView", "&List", "List", "Sortable list of the month's items", "Alt+3"
        )
        self.layout_buttons: list[QToolButton] = []
        for name, action, layout_name in (
            ("monthLayoutButton", self.actionMonthView, "month"),
            ("channelLayoutButton", self.actionChannelsView, "channels"),
            ("listLayoutButton", self.actionListView, "list"),
        ):
            action.setCheckable(True)
            self.layoutGroup.addAction(action)
            action.triggered.connect(lambda _=False, n=layout_name: self.layoutChosen.emit(n))
            button = self._button(name, action)
            button.setAutoRaise(False)
            self.layout_buttons.append(button)
        self._style_layout_buttons()
        self.actionMonthView.setChecked(True)
        self.newButton = QToolButton(self)
        self.newButton.setObjectName("newItemButton")
        self.newButton.setText("+ New item")
        self.newButton.setToolTip("New item (Ctrl+N)")
        self.newButton.setAutoRaise(True)
        self.newButton.clicked.connect(self.newRequested)
        self.actionFillGaps = QAction("Fill gaps", self)
        self.actionFillGaps.setObjectName("actionFillGaps")
        self.actionFillGaps.setToolTip(
            "Add idea items for the cadence slots this period still lacks, on each "
            "channel's usual weekdays"
        )
        self.actionFillGaps.triggered.connect(self.fillGapsRequested)
        self.fillGapsButton = self._button("fillGapsButton", self.actionFillGaps)

        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        for w in (self.prevButton, self.todayButton, self.nextButton, self.monthPicker):
            row.addWidget(w)
        row.addSpacing(8)
        row.addWidget(self.periodLabel, 1)
        self.selectionChip = SelectionChip(self)
        row.addWidget(self.selectionChip, 2)
        row.addWidget(self.fillGapsButton)
        row.addWidget(self.newButton)
        row.addSpacing(8)
        for button in self.layout_buttons:
            row.addWidget(button)

    def changeEvent(self, event: QEvent) -> None:
        """A new palette (a theme switch): the style sheet read the old one's colours."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and hasattr(self, "layout_buttons"):
            self._style_layout_buttons()

    def _style_layout_buttons(self) -> None:
        palette = self.palette()
        sheet = CHECKED_STYLE.format(
            fill=palette.color(QPalette.ColorRole.Highlight).name(),
            text=palette.color(QPalette.ColorRole.HighlightedText).name(),
        )
        for button in self.layout_buttons:
            if button.styleSheet() != sheet:
                button.setStyleSheet(sheet)

    def _action(self, name: str, text: str, short: str, tip: str, keys: str) -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        action.setIconText(short)
        action.setShortcut(QKeySequence(keys))
        key_text = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        action.setToolTip(f"{tip} ({key_text})")
        action.setStatusTip(tip)
        self.addAction(action)  # the keys work in the calendar's window before any menu has them
        return action

    def _button(self, name: str, action: QAction) -> QToolButton:
        button = QToolButton(self)
        button.setObjectName(name)
        button.setDefaultAction(action)
        button.setAutoRaise(True)
        return button

    def view_actions(self) -> list[QAction]:
        """The layout switch, then previous / next / today: for a View menu."""
        return [
            self.actionMonthView,
            self.actionChannelsView,
            self.actionListView,
            self.actionPreviousPeriod,
            self.actionNextPeriod,
            self.actionGoToToday,
        ]

    def show_layout(self, name: str) -> None:
        """Mark ``name`` as the current layout (without asking for it again)."""
        self.view_actions()[LAYOUTS.index(name)].setChecked(True)  # triggers nothing

    def show_month(self, month: date, label: str) -> None:
        with QSignalBlocker(self.monthPicker):
            self.monthPicker.setDate(QDate(month.year, month.month, 1))
        self.periodLabel.setText(label)
