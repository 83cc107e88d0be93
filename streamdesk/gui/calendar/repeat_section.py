"""The item dialog's Repeat section: the rule as choices, and the rule in words.

The section only builds RRULE text (``streamdesk.domain.series``); what happens to the
plan is the calendar's business. The summary under the choices says what will be made
("Every week on Mon, Wed and Fri until 30 Jun 2027 — 66 items") before anything is.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from streamdesk.domain import ValidationError
from streamdesk.domain.series import (
    DAY_ABBREVIATIONS,
    Ending,
    Frequency,
    RuleParts,
    build_rule,
    parse_rule,
    summary,
)
from streamdesk.gui.calendar.chips import mix
from streamdesk.gui.calendar.dates import date_format

_NTH = ((1, "first"), (2, "second"), (3, "third"), (4, "fourth"), (-1, "last"))
_UNITS = {
    Frequency.DAILY: "day(s)",
    Frequency.WEEKLY: "week(s)",
    Frequency.MONTHLY: "month(s)",
    Frequency.YEARLY: "year(s)",
}


def outline_check_boxes(boxes: Iterable[QCheckBox], palette: QPalette) -> None:
    """Check boxes that show on a dark palette. Fusion draws the box in Base with an outline
    of Window darkened, ~1.3:1 on a dark window: seen in the Repeat section (Tue, Thu…
    unticked) and the Cadence table's "Ideas count" column, the boxes were dark smudges.
    Fusion's outline follows the box's Window colour, so that alone is lifted to a light
    grey (the box's own background is never painted from it). Light palettes and other
    styles, which draw their own boxes, are left alone."""
    for box in boxes:
        window = palette.color(QPalette.ColorRole.Window)
        if window.lightnessF() >= 0.5 or box.style().name().lower() != "fusion":
            if box.testAttribute(Qt.WidgetAttribute.WA_SetPalette):
                box.setPalette(QPalette())  # inherit again after a switch to light
            continue
        lifted = QPalette(palette)
        text = palette.color(QPalette.ColorRole.WindowText)
        lifted.setColor(QPalette.ColorRole.Window, mix(text, window, 0.75))
        box.setPalette(lifted)


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


class RepeatSection(QGroupBox):
    """Does not repeat / daily / weekly on chosen days / monthly / yearly, and an end."""

    ruleChanged = Signal()

    def __init__(self, start: date, today: date, parent: QWidget | None = None) -> None:
        super().__init__("Repeat", parent)
        self.setObjectName("repeatSection")
        self._start = start
        self._today = today
        self._given: tuple[str, RuleParts | None] | None = None  # set_rule's rule, as shown
        self._held: int | None = None  # occurrences the series holds (set_held)

        self.repeatCombo = QComboBox()
        self.repeatCombo.setObjectName("repeatCombo")
        self.repeatCombo.addItem("Does not repeat", None)
        for freq, label in (
            (Frequency.DAILY, "Daily"),
            (Frequency.WEEKLY, "Weekly"),
            (Frequency.MONTHLY, "Monthly"),
            (Frequency.YEARLY, "Yearly"),
        ):
            self.repeatCombo.addItem(label, freq)
        self.intervalSpin = QSpinBox()
        self.intervalSpin.setObjectName("intervalSpin")
        self.intervalSpin.setRange(1, 52)
        self.intervalSpin.setPrefix("every ")
        self.unitLabel = QLabel()

        self.dayChecks: list[QCheckBox] = []
        days = QHBoxLayout()
        days.setContentsMargins(0, 0, 0, 0)
        days.setSpacing(4)
        for n, name in enumerate(DAY_ABBREVIATIONS):
            check = QCheckBox(name)
            check.setObjectName(f"day{name}")
            check.setChecked(n == start.weekday())
            self.dayChecks.append(check)
            days.addWidget(check)
        days.addStretch(1)
        self.daysRow = QWidget()
        self.daysRow.setLayout(days)

        self.monthlyCombo = QComboBox()
        self.monthlyCombo.setObjectName("monthlyCombo")
        self._fill_monthly(start)

        self.endCombo = QComboBox()
        self.endCombo.setObjectName("endCombo")
        self.endCombo.addItem("No end", Ending.NEVER)
        self.endCombo.addItem("Until", Ending.UNTIL)
        self.endCombo.addItem("After", Ending.COUNT)
        self.untilEdit = QDateEdit(
            _qdate(start.replace(year=start.year + 1, day=min(start.day, 28)))
        )
        self.untilEdit.setObjectName("untilEdit")
        self.untilEdit.setCalendarPopup(True)
        self.untilEdit.setDisplayFormat(date_format())
        self.countSpin = QSpinBox()
        self.countSpin.setObjectName("countSpin")
        self.countSpin.setRange(1, 999)
        self.countSpin.setValue(10)
        self.countSpin.setSuffix(" times")

        self.summaryLabel = QLabel()
        self.summaryLabel.setObjectName("repeatSummary")
        self.summaryLabel.setWordWrap(True)

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.repeatCombo)
        top.addWidget(self.intervalSpin)
        top.addWidget(self.unitLabel)
        top.addWidget(self.monthlyCombo, 1)
        top.addStretch(0)
        top.addWidget(self.endCombo)
        top.addWidget(self.untilEdit)
        top.addWidget(self.countSpin)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.daysRow)
        layout.addWidget(self.summaryLabel)

        for signal in (
            self.repeatCombo.currentIndexChanged,
            self.intervalSpin.valueChanged,
            self.monthlyCombo.currentIndexChanged,
            self.endCombo.currentIndexChanged,
            self.untilEdit.dateChanged,
            self.countSpin.valueChanged,
        ):
            signal.connect(self._update)
        for check in self.dayChecks:
            check.toggled.connect(self._update)
        self._update()

    def _fill_monthly(self, start: date) -> None:
        combo = self.monthlyCombo
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(f"on day {start.day}", ("day", start.day))
        nth = (start.day - 1) // 7 + 1
        weekday = start.weekday()
        name = DAY_ABBREVIATIONS[weekday]
        if nth <= 4:
            combo.addItem(f"on the {dict(_NTH)[nth]} {name}", ("nth", nth, weekday))
        if _is_last_week(start):
            combo.addItem(f"on the last {name}", ("nth", -1, weekday))
        combo.blockSignals(False)

    # -- the rule ----------------------------------------------------------------------

    def set_start(self, start: date) -> None:
        """The item's date moved: the monthly choices and the summary follow it."""
        self._start = start
        self._fill_monthly(start)
        self._update()

    def set_held(self, count: int | None) -> None:
        """How many occurrences the shown series holds now (an occurrence's dialog)."""
        self._held = count
        self._update()

    def set_rule(self, rule: str | None) -> None:
        self._given = None
        if not rule:
            self.repeatCombo.setCurrentIndex(0)
            return
        parts = parse_rule(rule)
        self.repeatCombo.setCurrentIndex(max(0, self.repeatCombo.findData(parts.frequency)))
        self.intervalSpin.setValue(parts.interval)
        if parts.weekdays:
            for n, check in enumerate(self.dayChecks):
                check.setChecked(n in parts.weekdays)
        if parts.nth is not None and parts.nth_weekday is not None:
            wanted: tuple[object, ...] = ("nth", parts.nth, parts.nth_weekday)
            index = self.monthlyCombo.findData(wanted)
            if index < 0:
                name = DAY_ABBREVIATIONS[parts.nth_weekday]
                self.monthlyCombo.addItem(f"on the {dict(_NTH)[parts.nth]} {name}", wanted)
                index = self.monthlyCombo.count() - 1
            self.monthlyCombo.setCurrentIndex(index)
        self.endCombo.setCurrentIndex(self.endCombo.findData(parts.ending))
        if parts.until is not None:
            self.untilEdit.setDate(_qdate(parts.until))
        if parts.count is not None:
            self.countSpin.setValue(parts.count)
        self._update()
        self._given = (rule, self.parts())

    def parts(self) -> RuleParts | None:
        data = self.repeatCombo.currentData()  # Qt hands a StrEnum back as its text
        if data is None:
            return None
        freq = Frequency(data)
        ending = Ending(self.endCombo.currentData())
        weekdays = tuple(n for n, c in enumerate(self.dayChecks) if c.isChecked())
        monthly: tuple[object, ...] = self.monthlyCombo.currentData() or ("day", self._start.day)
        on_day = freq is Frequency.MONTHLY and monthly[0] == "day"
        on_nth = freq is Frequency.MONTHLY and monthly[0] == "nth" and len(monthly) == 3
        return RuleParts(
            freq,
            self.intervalSpin.value(),
            weekdays if freq is Frequency.WEEKLY else (),
            int(str(monthly[1])) if on_day else None,
            int(str(monthly[1])) if on_nth else None,
            int(str(monthly[2])) if on_nth else None,
            until=_pydate(self.untilEdit.date()) if ending is Ending.UNTIL else None,
            count=self.countSpin.value() if ending is Ending.COUNT else None,
        )

    def rule(self) -> str | None:
        """RRULE text, or None for "does not repeat"; raises ValidationError when the
        choices make no rule (a weekly repeat on no day, an end before the start)."""
        parts = self.parts()
        if parts is None:
            return None
        if parts.frequency is Frequency.WEEKLY and not parts.weekdays:
            raise ValidationError("a weekly repeat needs at least one day", "repeat")
        if parts.until is not None and parts.until < self._start:
            raise ValidationError("the repeat ends before the item's date", "repeat")
        if self._given is not None and self._given[1] == parts:
            # untouched: the rule as stored, not as the section would write it ("weekly"
            # from a foreign file has no BYDAY; rewritten, OK asked "this one or all?")
            return self._given[0]
        return build_rule(parts)

    def _update(self) -> None:
        data = self.repeatCombo.currentData()
        freq = None if data is None else Frequency(data)
        repeating = freq is not None
        for widget in (self.intervalSpin, self.unitLabel, self.endCombo):
            widget.setVisible(repeating)
        self.unitLabel.setText(_UNITS[freq] if freq is not None else "")
        self.daysRow.setVisible(freq is Frequency.WEEKLY)
        self.monthlyCombo.setVisible(freq is Frequency.MONTHLY)
        ending = Ending(self.endCombo.currentData())
        self.untilEdit.setVisible(repeating and ending is Ending.UNTIL)
        self.countSpin.setVisible(repeating and ending is Ending.COUNT)
        problem = False
        try:
            rule = self.rule()
            # the series as it stands: how many of the rule's items it still holds
            held = self._held if self._given is not None and rule == self._given[0] else None
            text = "" if rule is None else summary(rule, self._start, self._today, held)
        except ValidationError as error:
            text, problem = str(error).capitalize(), True
        # a choice that makes no rule reads as a problem, not as one more summary: in the
        # plain text colour "A weekly repeat needs at least one day" looked like a rule
        if problem:
            palette = QPalette(self.palette())
            palette.setColor(QPalette.ColorRole.WindowText, self._problem_colour())
            self.summaryLabel.setPalette(palette)
        else:
            self.summaryLabel.setPalette(QPalette())  # the section's own colours again
        self.summaryLabel.setText(text)
        self.summaryLabel.setVisible(bool(text))
        self.ruleChanged.emit()

    def _problem_colour(self) -> QColor:
        dark = self.palette().color(QPalette.ColorRole.Window).lightnessF() < 0.5
        return QColor("#FF7B7B" if dark else "#C62828")  # as the item dialog's own errors


def _is_last_week(day: date) -> bool:
    from calendar import monthrange

    return day.day + 7 > monthrange(day.year, day.month)[1]
