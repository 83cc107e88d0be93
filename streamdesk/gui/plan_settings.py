"""Edit → Plan Settings: name, client, currency, week start, time zone, target band and
measure on the General tab, the cadence commitments on the Cadence tab.

The target band comes with presets named by the situation that calls for them; picking
one fills the band, which the user can then adjust. Accepting pushes one undoable command
for both tabs (the settings and the commitments change, and undo back, together); nothing
is written while the dialog is open.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from streamdesk.domain import WEEKDAYS, BalanceMeasure, Plan, ValidationError
from streamdesk.domain.cadence import Commitment
from streamdesk.domain.zones import zone_names
from streamdesk.gui import commands
from streamdesk.gui.cadence_editor import CadenceEditor, cadence_channels
from streamdesk.gui.document import PlanDocument
from streamdesk.storage import repository, series_repo


@dataclass(frozen=True)
class BandPreset:
    name: str
    low: int  # percent
    high: int
    why: str


BAND_PRESETS: tuple[BandPreset, ...] = (
    BandPreset(
        "Entering a new market",
        40,
        60,
        "Research, segmentation and positioning come first; content follows what they teach.",
    ),
    BandPreset(
        "Launching or repositioning a product",
        35,
        50,
        "Concept, pricing and positioning work leads; launch content builds up behind it.",
    ),
    BandPreset(
        "Steady growth",
        20,
        40,
        "Strategy keeps learning from results while most effort goes to reaching customers.",
    ),
    BandPreset(
        "Scaling after product–market fit",
        10,
        25,
        "The offer works: most effort goes downstream, with enough upstream to keep innovating.",
    ),
)
CUSTOM = "Custom band"
CURRENCIES = ("EUR", "USD", "GBP", "CHF", "SEK", "NOK", "DKK", "PLN", "CAD", "AUD", "JPY")
MEASURES = (
    (BalanceMeasure.HOURS, "Effort hours"),
    (BalanceMeasure.BUDGET, "Budget and cost"),
    (BalanceMeasure.COUNT, "Number of initiatives and items"),
)


def preset_for(low: int, high: int) -> BandPreset | None:
    return next((p for p in BAND_PRESETS if (p.low, p.high) == (low, high)), None)


class PlanSettingsDialog(QDialog):
    def __init__(self, document: PlanDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("planSettingsDialog")
        self.setWindowTitle("Plan Settings")
        self.document = document
        self._cadences = series_repo.list_cadences(document.pf)
        self._build()
        self._load(document.plan)

    # -- building ----------------------------------------------------------------------

    def _build(self) -> None:
        self.nameEdit = QLineEdit(self)
        self.nameEdit.setObjectName("planName")
        self.clientEdit = QLineEdit(self)
        self.clientEdit.setObjectName("planClient")
        self.clientEdit.setPlaceholderText("Who the plan is for (optional)")
        self.currencyCombo = QComboBox(self)
        self.currencyCombo.setObjectName("planCurrency")
        self.currencyCombo.setEditable(True)
        self.currencyCombo.addItems(CURRENCIES)
        self.currencyCombo.setToolTip("A currency code such as EUR or USD")
        self.weekStartCombo = QComboBox(self)
        self.weekStartCombo.setObjectName("planWeekStart")
        self.weekStartCombo.addItems(WEEKDAYS)
        self.timeZoneCombo = QComboBox(self)
        self.timeZoneCombo.setObjectName("planTimeZone")
        self.timeZoneCombo.setEditable(True)
        self.timeZoneCombo.addItems(zone_names())
        self.timeZoneCombo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        completer = self.timeZoneCombo.completer()
        if completer is not None:  # an editable combo has one: type "paris" to find it
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.timeZoneCombo.setToolTip(
            "Where the plan's times are: calendar exports give timed items this zone "
            "(a name such as Europe/Paris; the default is this computer's zone)"
        )

        self.presetCombo = QComboBox(self)
        self.presetCombo.setObjectName("bandPreset")
        for preset in BAND_PRESETS:
            self.presetCombo.addItem(f"{preset.name} ({preset.low}–{preset.high}%)", preset.name)
            self.presetCombo.setItemData(
                self.presetCombo.count() - 1, preset.why, Qt.ItemDataRole.ToolTipRole
            )
        self.presetCombo.addItem(CUSTOM, CUSTOM)
        self.presetWhy = QLabel(self)
        self.presetWhy.setObjectName("bandPresetWhy")
        self.presetWhy.setWordWrap(True)
        self.bandLowSpin = self._percent("bandLow", "The lowest upstream share that is healthy")
        self.bandHighSpin = self._percent("bandHigh", "The highest upstream share that is healthy")
        band = QHBoxLayout()
        band.addWidget(self.bandLowSpin)
        band.addWidget(QLabel("to", self))
        band.addWidget(self.bandHighSpin)
        band.addStretch(1)
        self.measureCombo = QComboBox(self)
        self.measureCombo.setObjectName("planMeasure")
        for measure, label in MEASURES:
            self.measureCombo.addItem(label, measure)
        self.measureCombo.setToolTip("What the upstream share is computed from")

        form = QFormLayout()
        form.addRow("Plan &name:", self.nameEdit)
        form.addRow("&Client:", self.clientEdit)
        form.addRow("C&urrency:", self.currencyCombo)
        form.addRow("&Weeks start on:", self.weekStartCombo)
        form.addRow("Time &zone:", self.timeZoneCombo)
        form.addRow("&Situation:", self.presetCombo)
        form.addRow("", self.presetWhy)
        band_label = QLabel("Upstream &target band:", self)
        band_label.setBuddy(self.bandLowSpin)
        form.addRow(band_label, band)
        form.addRow("Share &measured by:", self.measureCombo)

        self.errorLabel = QLabel(self)
        self.errorLabel.setObjectName("planSettingsError")
        self.errorLabel.setWordWrap(True)
        dark = self.palette().color(self.palette().ColorRole.Window).lightnessF() < 0.5
        self.errorLabel.setStyleSheet(f"color: {'#FF7B7B' if dark else '#C62828'};")
        self.errorLabel.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        general = QWidget(self)
        general.setObjectName("generalTab")
        QVBoxLayout(general).addLayout(form)
        self.cadenceEditor = CadenceEditor(
            self._cadences,
            cadence_channels(self.document.channels(), self._cadences),
            repository.list_campaigns(self.document.pf),
        )
        self.cadenceTab = QWidget(self)
        self.cadenceTab.setObjectName("cadenceTab")
        QVBoxLayout(self.cadenceTab).addWidget(self.cadenceEditor)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("planSettingsTabs")
        self.tabs.addTab(general, "&General")
        self.tabs.addTab(self.cadenceTab, "Ca&dence")

        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.errorLabel)
        layout.addWidget(self.buttons)

        self.presetCombo.activated.connect(self._on_preset)
        for spin in (self.bandLowSpin, self.bandHighSpin):
            spin.valueChanged.connect(self._on_band_edited)
        self.nameEdit.textChanged.connect(self._validate)
        self.currencyCombo.editTextChanged.connect(self._validate)
        self.timeZoneCombo.editTextChanged.connect(self._validate)

    def _percent(self, name: str, tip: str) -> QSpinBox:
        spin = QSpinBox(self)
        spin.setObjectName(name)
        spin.setRange(0, 100)
        spin.setSuffix(" %")
        spin.setToolTip(tip)
        return spin

    def _load(self, plan: Plan) -> None:
        self.nameEdit.setText(plan.name)
        self.clientEdit.setText(plan.client)
        self.currencyCombo.setEditText(plan.currency)
        self.weekStartCombo.setCurrentIndex(plan.week_start)
        self.timeZoneCombo.setEditText(plan.time_zone)
        self.set_band(round(plan.band_low * 100), round(plan.band_high * 100))
        self.measureCombo.setCurrentIndex(self.measureCombo.findData(plan.measure))
        self._validate()

    # -- the band and its presets --------------------------------------------------------

    def set_band(self, low: int, high: int) -> None:
        for spin, value in ((self.bandLowSpin, low), (self.bandHighSpin, high)):
            spin.blockSignals(True)
            spin.setValue(value)
            spin.blockSignals(False)
        self._on_band_edited()

    def choose_preset(self, name: str) -> None:
        """Pick a preset by name, as the user does in the combo box."""
        index = self.presetCombo.findData(name)
        if index < 0:
            raise KeyError(name)
        self.presetCombo.setCurrentIndex(index)
        self._on_preset(index)

    @Slot(int)
    def _on_preset(self, index: int) -> None:
        preset = next((p for p in BAND_PRESETS if p.name == self.presetCombo.itemData(index)), None)
        if preset is not None:
            self.set_band(preset.low, preset.high)
        else:
            self._show_preset(None)

    @Slot()
    def _on_band_edited(self) -> None:
        preset = preset_for(self.bandLowSpin.value(), self.bandHighSpin.value())
        self.presetCombo.setCurrentIndex(
            self.presetCombo.findData(preset.name if preset else CUSTOM)
        )
        self._show_preset(preset)
        self._validate()

    def _show_preset(self, preset: BandPreset | None) -> None:
        self.presetWhy.setText(
            preset.why if preset else "Your own band: adjust it to the plan's situation."
        )

    # -- result -------------------------------------------------------------------------

    def plan(self) -> Plan:
        """The plan as the dialog shows it; raises ValidationError if it is not valid."""
        return self.document.plan.replace(
            name=self.nameEdit.text(),
            client=self.clientEdit.text(),
            currency=self.currencyCombo.currentText(),
            week_start=self.weekStartCombo.currentIndex(),
            band_low=self.bandLowSpin.value() / 100,
            band_high=self.bandHighSpin.value() / 100,
            measure=self.measureCombo.currentData(),
            time_zone=self.timeZoneCombo.currentText(),
        )

    @Slot()
    def _validate(self) -> bool:
        try:
            self.plan()
        except ValidationError as error:
            message = str(error)
            message = message[0].upper() + message[1:] + "."
            self.errorLabel.setText(message)
            self.errorLabel.show()
            ok = False
        else:
            self.errorLabel.hide()
            ok = True
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)
        return ok

    def command(self, plan: Plan, cadences: list[Commitment]) -> commands.PlanCommand | None:
        """One undo step for what changed on either tab; None when nothing did."""
        plan_changed = plan != self.document.plan
        if cadences == self._cadences:
            return commands.set_plan(self.document, plan) if plan_changed else None
        return commands.PlanCommand(
            self.document,
            "Change plan settings and cadence" if plan_changed else "Change cadence",
            self._cadences,
            cadences,
            plan_before=self.document.plan if plan_changed else None,
            plan_after=plan if plan_changed else None,
        )

    def accept(self) -> None:
        """Apply both tabs as one undo step (nothing if unchanged), then close."""
        if not self._validate():
            return
        try:
            cadences = self.cadenceEditor.commitments()
        except ValidationError as error:
            message = str(error)
            self.errorLabel.setText(message[0].upper() + message[1:] + ".")
            self.errorLabel.show()
            self.tabs.setCurrentWidget(self.cadenceTab)
            return
        command = self.command(self.plan(), cadences)
        if command is not None and not self.document.execute(command):
            return  # the document reported why; keep the dialog open
        super().accept()


def edit_plan_settings(parent: QWidget, document: PlanDocument) -> None:
    dialog = PlanSettingsDialog(document, parent)
    try:
        dialog.exec()
    finally:
        dialog.deleteLater()
