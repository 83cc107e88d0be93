"""The dialog that creates or edits one content item, with every field an item has.

The dialog only builds a validated :class:`Item`; the calendar turns it into an undo
command. A validation error is shown inside the dialog, which stays open.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, time
from itertools import pairwise

from PySide6.QtCore import QDate, QEvent, Qt, QTime
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from streamdesk.domain import (
    Campaign,
    Channel,
    Initiative,
    Item,
    ItemStatus,
    ValidationError,
    clock,
)
from streamdesk.domain.channels import contrast_ratio
from streamdesk.gui.calendar.chips import (
    colour_icon,  # here too: the dialogs import it from here
    mix,
)
from streamdesk.gui.calendar.dates import date_format, day_text
from streamdesk.gui.calendar.repeat_section import RepeatSection, outline_check_boxes
from streamdesk.gui.combo import find_by_typing

COMMON_FORMATS = (
    "Article",
    "Post",
    "Carousel",
    "Video",
    "Reel",
    "Story",
    "Newsletter",
    "Ad",
    "Press release",
    "Webinar",
    "Case study",
    "Landing page",
)

NOT_RECORDED = "–"


def _optional_int_spin(name: str) -> QSpinBox:
    spin = QSpinBox()
    spin.setObjectName(name)
    spin.setRange(-1, 2_000_000_000)
    spin.setSpecialValueText(NOT_RECORDED)  # shown at -1: "not recorded yet"
    spin.setValue(-1)
    spin.setGroupSeparatorShown(True)
    return spin


def _money_spin(name: str, optional: bool = False) -> QDoubleSpinBox:
    spin = QDoubleSpinBox()
    spin.setObjectName(name)
    spin.setDecimals(2)
    spin.setRange(-1 if optional else 0, 1e9)
    spin.setGroupSeparatorShown(True)
    if optional:
        spin.setSpecialValueText(NOT_RECORDED)
        spin.setValue(-1)
    return spin


class ItemDialog(QDialog):
    """Create (``item`` without id) or edit an item; :meth:`item` is the result."""

    def __init__(
        self,
        item: Item,
        *,
        channels: Sequence[Channel],
        campaigns: Sequence[Campaign] = (),
        initiatives: Sequence[Initiative] = (),
        owners: Sequence[str] = (),
        formats: Sequence[str] = (),
        currency: str = "EUR",
        repeat: str | None = None,
        repeat_start: date | None = None,
        repeat_held: int | None = None,
        today: date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("itemDialog")
        self.setWindowTitle("New item" if item.id is None else f"Edit “{item.title}”")
        self._original = item
        self._result: Item | None = None
        self._rule: str | None = None

        self.titleEdit = QLineEdit(item.title)
        self.titleEdit.setObjectName("titleEdit")
        self.titleEdit.setPlaceholderText("What is published, e.g. “Spring launch post”")
        self.dateEdit = QDateEdit(QDate(item.date.year, item.date.month, item.date.day))
        self.dateEdit.setObjectName("dateEdit")
        self.dateEdit.setCalendarPopup(True)
        self.dateEdit.setDisplayFormat(date_format())
        self.timeCheck = QCheckBox("at")
        self.timeCheck.setObjectName("timeCheck")
        self.timeEdit = QTimeEdit()
        self.timeEdit.setObjectName("timeEdit")
        self.timeEdit.setDisplayFormat("HH:mm")
        if item.time is not None:
            self.timeCheck.setChecked(True)
            self.timeEdit.setTime(QTime(item.time.hour, item.time.minute))
        else:
            self.timeEdit.setTime(QTime(9, 0))
        self.timeEdit.setEnabled(self.timeCheck.isChecked())
        self.timeCheck.toggled.connect(self.timeEdit.setEnabled)
        when = QHBoxLayout()
        when.setContentsMargins(0, 0, 0, 0)
        when.addWidget(self.dateEdit, 1)
        when.addWidget(self.timeCheck)
        when.addWidget(self.timeEdit)

        # the day it was first planned for: said quietly when the date is another one (the
        # report lists the item as moved), with a way to make the new date the plan
        self._baseline: date | None = item.planned_on if item.id is not None else None
        self.baselineLabel = QLabel()
        self.baselineLabel.setObjectName("baselineLabel")
        self.baselineLabel.setEnabled(False)  # read, not edited: a quieter (legible) colour
        self.rebaselineButton = QPushButton("Re-&baseline")
        self.rebaselineButton.setObjectName("rebaselineButton")
        self.rebaselineButton.setToolTip(
            "Make the date above the plan: the item no longer counts as moved"
        )
        self.rebaselineButton.setAutoDefault(False)  # Enter still means OK
        self.rebaselineButton.clicked.connect(self.rebaseline)
        self.baselineRow = QWidget()
        baseline_row = QHBoxLayout(self.baselineRow)
        baseline_row.setContentsMargins(0, 0, 0, 0)
        baseline_row.addWidget(self.baselineLabel, 1)
        baseline_row.addWidget(self.rebaselineButton)
        self.dateEdit.dateChanged.connect(self._show_baseline)

        self.channelCombo = QComboBox()
        self.channelCombo.setObjectName("channelCombo")
        for channel in channels:
            self.channelCombo.addItem(colour_icon(channel.colour), channel.name, channel.id)
        self._select(self.channelCombo, item.channel_id)

        self.formatCombo = QComboBox()
        self.formatCombo.setObjectName("formatCombo")
        self.formatCombo.setEditable(True)
        known = list(dict.fromkeys([*formats, *COMMON_FORMATS]))
        self.formatCombo.addItems(sorted(known, key=str.casefold))
        self.formatCombo.setCurrentText(item.format)

        self.statusCombo = QComboBox()
        self.statusCombo.setObjectName("statusCombo")
        for status in ItemStatus:
            self.statusCombo.addItem(status.value.capitalize(), status.value)
        self._select(self.statusCombo, item.status.value)

        self.ownerCombo = QComboBox()
        self.ownerCombo.setObjectName("ownerCombo")
        self.ownerCombo.setEditable(True)
        self.ownerCombo.addItems(list(owners))
        self.ownerCombo.setCurrentText(item.owner)

        self.campaignCombo = QComboBox()
        self.campaignCombo.setObjectName("campaignCombo")
        self.campaignCombo.addItem("(none)", None)
        for campaign in campaigns:
            self.campaignCombo.addItem(campaign.name, campaign.id)
        self._select(self.campaignCombo, item.campaign_id)

        self.initiativeCombo = QComboBox()
        self.initiativeCombo.setObjectName("initiativeCombo")
        self.initiativeCombo.addItem("(none)", None)
        for initiative in initiatives:
            self.initiativeCombo.addItem(initiative.title, initiative.id)
        self._select(self.initiativeCombo, item.initiative_id)
        # a plan may hold hundreds of initiatives: type any part of a title to find one
        find_by_typing(self.initiativeCombo)
        self.initiativeCombo.setToolTip("Type part of an initiative's title to find it")
        for combo in (self.campaignCombo, self.initiativeCombo, self.formatCombo):
            combo.setMinimumContentsLength(18)
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )

        self.effortSpin = QDoubleSpinBox()
        self.effortSpin.setObjectName("effortSpin")
        self.effortSpin.setRange(0, 10_000)
        self.effortSpin.setDecimals(1)
        self.effortSpin.setSuffix(" h")
        self.effortSpin.setValue(item.effort_hours)
        self.costSpin = _money_spin("costSpin")
        self.costSpin.setSuffix(f" {currency}")
        self.costSpin.setValue(item.cost)
        self.linkEdit = QLineEdit(item.link)
        self.linkEdit.setObjectName("linkEdit")
        self.linkEdit.setPlaceholderText("https://…")
        self.notesEdit = QPlainTextEdit(item.notes)
        self.notesEdit.setObjectName("notesEdit")
        self.notesEdit.setPlaceholderText("Copy, brief or notes")
        self.notesEdit.setMinimumHeight(70)

        self.reachSpin = _optional_int_spin("reachSpin")
        self.clicksSpin = _optional_int_spin("clicksSpin")
        self.conversionsSpin = _optional_int_spin("conversionsSpin")
        self.actualCostSpin = _money_spin("actualCostSpin", optional=True)
        self.actualCostSpin.setSuffix(f" {currency}")
        for count_spin, count in (
            (self.reachSpin, item.reach),
            (self.clicksSpin, item.clicks),
            (self.conversionsSpin, item.conversions),
        ):
            count_spin.setValue(-1 if count is None else count)
        cost = item.actual_cost
        self.actualCostSpin.setValue(-1.0 if cost is None else cost)

        content = QFormLayout()
        content.addRow("&Title", self.titleEdit)
        date_label = QLabel("&Date")
        date_label.setBuddy(self.dateEdit)
        content.addRow(date_label, when)
        content.addRow("", self.baselineRow)
        content.addRow("C&hannel", self.channelCombo)
        content.addRow("&Format", self.formatCombo)
        content.addRow("&Status", self.statusCombo)
        content.addRow("&Owner", self.ownerCombo)
        content.addRow("Ca&mpaign", self.campaignCombo)
        content.addRow("&Initiative", self.initiativeCombo)

        plan = QFormLayout()
        plan.addRow("&Effort", self.effortSpin)
        plan.addRow("&Cost", self.costSpin)
        plan.addRow("&Link", self.linkEdit)
        results = QGroupBox("Results (once published; – = not recorded)")
        results_form = QFormLayout(results)
        results_form.addRow("&Reach", self.reachSpin)
        results_form.addRow("Clic&ks", self.clicksSpin)
        results_form.addRow("Con&versions", self.conversionsSpin)
        results_form.addRow("&Actual cost", self.actualCostSpin)
        right = QVBoxLayout()
        right.addLayout(plan)
        right.addWidget(results)
        right.addStretch(1)

        for form in (content, plan, results_form):
            form.setHorizontalSpacing(10)  # some styles put the field flush against its label
        grid = QGridLayout()
        grid.addLayout(content, 0, 0)
        grid.addLayout(right, 0, 1)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        grid.setHorizontalSpacing(18)

        # the rule in words as the choices change; an occurrence shows its series' rule
        # (an occurrence's rule is its series', counted from the series' first day)
        self.repeatSection = RepeatSection(repeat_start or item.date, today or clock.today(), self)
        self.repeatSection.set_rule(repeat)
        self.repeatSection.set_held(repeat_held)
        if repeat_start is None:
            self.dateEdit.dateChanged.connect(
                lambda d: self.repeatSection.set_start(date(d.year(), d.month(), d.day()))
            )

        self.errorLabel = QLabel()
        self.errorLabel.setObjectName("errorLabel")
        self.errorLabel.setWordWrap(True)
        dark = self.palette().color(self.palette().ColorRole.Window).lightnessF() < 0.5
        red = "#FF7B7B" if dark else "#C62828"  # reads on light and dark windows alike
        self.errorLabel.setStyleSheet(f"color: {red}; font-weight: bold;")
        self.errorLabel.hide()

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(self.repeatSection)
        notes_label = QLabel("&Notes")
        notes_label.setBuddy(self.notesEdit)
        layout.addWidget(notes_label)
        layout.addWidget(self.notesEdit, 1)
        layout.addWidget(self.errorLabel)
        layout.addWidget(self.buttons)
        # Tab follows the reading order: the left column, the right one, then the notes
        order = [
            self.titleEdit,
            self.dateEdit,
            self.timeCheck,
            self.timeEdit,
            self.channelCombo,
            self.formatCombo,
            self.statusCombo,
            self.ownerCombo,
            self.campaignCombo,
            self.initiativeCombo,
            self.effortSpin,
            self.costSpin,
            self.linkEdit,
            self.reachSpin,
            self.clicksSpin,
            self.conversionsSpin,
            self.actualCostSpin,
            self.repeatSection,
            self.notesEdit,
            self.buttons,
        ]
        for first, second in pairwise(order):
            QWidget.setTabOrder(first, second)
        self.notesEdit.setTabChangesFocus(True)
        self.titleEdit.setFocus()
        self.titleEdit.selectAll()
        self._show_baseline()
        self._quiet_baseline()
        outline_check_boxes(self.findChildren(QCheckBox), self.palette())

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._quiet_baseline()
            outline_check_boxes(self.findChildren(QCheckBox), self.palette())

    def _quiet_baseline(self) -> None:
        """The baseline note in a muted text colour that still reads: the style's disabled
        colour was 1.6:1 on Fusion's light window (seen at 1366×768), under the 4.5:1 that
        small text needs. The note is set in between, nearer the text than the window."""
        window = self.palette().color(QPalette.ColorRole.Window)
        text = self.palette().color(QPalette.ColorRole.WindowText)
        quiet = text
        for share in (0.6, 0.7, 0.8, 0.9):
            candidate = mix(text, window, share)
            if contrast_ratio(candidate.name(), window.name()) >= 4.5:
                quiet = candidate
                break
        palette = self.baselineLabel.palette()
        palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText, quiet)
        self.baselineLabel.setPalette(palette)

    def _date(self) -> date:
        qd = self.dateEdit.date()
        return date(qd.year(), qd.month(), qd.day())

    def _show_baseline(self) -> None:
        moved = self._baseline is not None and self._baseline != self._date()
        if moved and self._baseline is not None:
            self.baselineLabel.setText(f"Originally planned for {day_text(self._baseline)}")
        self.baselineRow.setVisible(moved)

    def rebaseline(self) -> None:
        """Take the date in the dialog as the plan (saved with the rest, one undo step)."""
        self._baseline = self._date()
        self._show_baseline()

    def set_read_only(self, message: str) -> None:
        """Show the item without a way to change it (a read-only plan)."""
        for widget in self.findChildren(QWidget):
            if isinstance(widget, (QLineEdit, QPlainTextEdit, QAbstractSpinBox)):
                widget.setReadOnly(True)  # still readable, selectable and copyable
            elif isinstance(widget, (QComboBox, QCheckBox)):
                palette = widget.palette()  # off, but as legible as the rest
                for role in (QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
                    palette.setColor(QPalette.ColorGroup.Disabled, role, palette.color(role))
                widget.setPalette(palette)
                widget.setEnabled(False)
        self.rebaselineButton.hide()
        self.buttons.setStandardButtons(QDialogButtonBox.StandardButton.Close)
        self.errorLabel.setStyleSheet("color: palette(window-text); font-weight: normal;")
        self.errorLabel.setText(message)
        self.errorLabel.show()

    def _initiative_id(self) -> int | None:
        """The initiative the combo names; its typed text must be one of the titles."""
        combo = self.initiativeCombo
        text = combo.currentText()
        if combo.currentIndex() >= 0 and combo.itemText(combo.currentIndex()) == text:
            return combo.currentData()
        if text.strip() in ("", "(none)"):
            return None
        index = combo.findText(text.strip(), Qt.MatchFlag.MatchFixedString)
        if index < 0:
            raise ValidationError(
                f"no initiative is called “{text.strip()}”: pick one from the list", "initiative"
            )
        return combo.itemData(index)

    @staticmethod
    def _select(combo: QComboBox, value: object) -> None:
        index = combo.findData(value)
        if index >= 0:
            combo.setCurrentIndex(index)

    # -- result -----------------------------------------------------------------------

    def build(self) -> Item:
        """The item as the fields describe it; raises ValidationError when they do not."""
        qd = self.dateEdit.date()
        qt = self.timeEdit.time()

        def optional(spin: QSpinBox) -> int | None:
            return None if spin.value() < 0 else spin.value()

        def optional_money(spin: QDoubleSpinBox) -> float | None:
            return None if spin.value() < 0 else spin.value()

        return Item(
            title=self.titleEdit.text(),
            date=date(qd.year(), qd.month(), qd.day()),
            time=time(qt.hour(), qt.minute()) if self.timeCheck.isChecked() else None,
            channel_id=self.channelCombo.currentData(),
            format=self.formatCombo.currentText(),
            status=self.statusCombo.currentData(),
            owner=self.ownerCombo.currentText(),
            campaign_id=self.campaignCombo.currentData(),
            initiative_id=self._initiative_id(),
            effort_hours=self.effortSpin.value(),
            cost=self.costSpin.value(),
            notes=self.notesEdit.toPlainText(),
            link=self.linkEdit.text(),
            reach=optional(self.reachSpin),
            clicks=optional(self.clicksSpin),
            conversions=optional(self.conversionsSpin),
            actual_cost=optional_money(self.actualCostSpin),
            id=self._original.id,
            duration_minutes=self._original.duration_minutes,
            series_id=self._original.series_id,
            detached=self._original.detached,
            planned_on=self._baseline,  # None for a new item: planned for its own day
        )

    def accept(self) -> None:
        try:
            self._rule = self.repeatSection.rule()
            self._result = self.build()
        except ValidationError as error:
            self.errorLabel.setText(str(error).capitalize())
            self.errorLabel.show()
            return
        super().accept()

    def item(self) -> Item | None:
        """The validated item after OK, else None."""
        return self._result

    def repeat_rule(self) -> str | None:
        """The RRULE text chosen in the Repeat section after OK (None: does not repeat)."""
        return self._rule


__all__ = ["ItemDialog", "colour_icon"]
