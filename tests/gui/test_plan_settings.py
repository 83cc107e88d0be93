"""The plan settings dialog, driven through its widgets (never exec())."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialogButtonBox

from streamdesk.domain import BalanceMeasure, Period, Stream
from streamdesk.domain.cadence import Commitment
from streamdesk.gui import commands
from streamdesk.gui.cadence_editor import CadenceEditor
from streamdesk.gui.chart import BalancePanel
from streamdesk.gui.document import PlanDocument
from streamdesk.gui.plan_settings import BAND_PRESETS, CUSTOM, PlanSettingsDialog
from streamdesk.storage import repository, series_repo


@pytest.fixture
def dialog(qtbot, document: PlanDocument) -> PlanSettingsDialog:  # type: ignore[no-untyped-def]
    widget = PlanSettingsDialog(document)
    qtbot.addWidget(widget)
    return widget


def test_dialog_shows_the_plan(dialog: PlanSettingsDialog) -> None:
    plan = dialog.document.plan
    assert dialog.nameEdit.text() == plan.name
    assert dialog.currencyCombo.currentText() == plan.currency
    assert (dialog.bandLowSpin.value(), dialog.bandHighSpin.value()) == (20, 40)
    assert dialog.presetCombo.currentData() == "Steady growth"
    assert dialog.plan() == plan


def test_presets_fill_the_band_and_editing_makes_it_custom(dialog: PlanSettingsDialog) -> None:
    market = BAND_PRESETS[0]
    dialog.choose_preset(market.name)
    assert (dialog.bandLowSpin.value(), dialog.bandHighSpin.value()) == (market.low, market.high)
    assert dialog.presetWhy.text() == market.why
    dialog.bandHighSpin.setValue(65)  # adjust the preset
    assert dialog.presetCombo.currentData() == CUSTOM
    dialog.bandHighSpin.setValue(market.high)
    assert dialog.presetCombo.currentData() == market.name


def test_invalid_settings_disable_ok_and_say_why(dialog: PlanSettingsDialog) -> None:
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    dialog.bandLowSpin.setValue(50)
    dialog.bandHighSpin.setValue(30)
    assert not ok.isEnabled()
    assert "above its high end" in dialog.errorLabel.text()
    dialog.accept()  # refused: nothing is written
    assert dialog.document.plan.band_low == 0.2
    dialog.bandHighSpin.setValue(60)
    dialog.nameEdit.setText("  ")
    assert not ok.isEnabled() and "Plan name cannot be empty" in dialog.errorLabel.text()


def test_accept_changes_the_plan_in_one_undo_step(qtbot, document: PlanDocument) -> None:  # type: ignore[no-untyped-def]
    panel = BalancePanel(document)
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitExposed(panel)
    chart = panel.chart
    chart.set_by(Period.WEEK)
    before = document.plan
    dialog = PlanSettingsDialog(document)
    qtbot.addWidget(dialog)
    dialog.nameEdit.setText("Acme 2027")
    dialog.currencyCombo.setEditText("usd")
    dialog.weekStartCombo.setCurrentIndex(6)  # Sunday
    dialog.choose_preset("Scaling after product–market fit")
    dialog.measureCombo.setCurrentIndex(dialog.measureCombo.findData(BalanceMeasure.BUDGET))
    with qtbot.waitSignal(document.changed) as blocker:
        dialog.accept()
    assert blocker.args[0].plan is True
    plan = document.plan
    assert (plan.name, plan.currency, plan.week_start) == ("Acme 2027", "USD", 6)
    assert (plan.band_low, plan.band_high, plan.measure) == (0.1, 0.25, BalanceMeasure.BUDGET)
    assert repository.get_plan(document.pf) == plan
    assert document.undo_stack.count() == 1

    # the chart follows: the new band, weeks from Sunday, shares by budget
    qtbot.waitUntil(lambda: chart.plotted().band == (0.1, 0.25))
    plotted = chart.plotted()
    assert {s.weekday() for s in plotted.starts} == {6}
    shares = [
        p.upstream_budget / (p.upstream_budget + p.downstream_budget)
        for p in chart.periods
        if p.upstream_budget + p.downstream_budget
    ]
    assert [s for s in plotted.share if s is not None] == pytest.approx(shares)
    assert plotted.outside == [
        n for n, s in enumerate(plotted.share) if s is not None and not 0.1 <= s <= 0.25
    ]

    assert document.undo()
    assert document.plan == before
    qtbot.waitUntil(lambda: chart.plotted().band == (0.2, 0.4))
    assert {s.weekday() for s in chart.plotted().starts} == {0}


def test_unchanged_settings_push_nothing(dialog: PlanSettingsDialog) -> None:
    dialog.accept()
    assert dialog.document.undo_stack.count() == 0
    assert dialog.result() == PlanSettingsDialog.DialogCode.Accepted


def test_menu_action_opens_the_dialog(
    monkeypatch: pytest.MonkeyPatch,
    window,  # type: ignore[no-untyped-def]
) -> None:
    seen: list[PlanSettingsDialog] = []

    def fake_exec(self: PlanSettingsDialog) -> int:
        seen.append(self)
        self.bandHighSpin.setValue(45)
        self.accept()
        return 1

    monkeypatch.setattr(PlanSettingsDialog, "exec", fake_exec)
    window.actionPlanSettings.trigger()
    assert len(seen) == 1
    assert window.document.plan.band_high == 0.45


def test_the_dialogs_lists_keep_the_item_model_contract(
    qtmodeltester, dialog: PlanSettingsDialog
) -> None:  # type: ignore[no-untyped-def]
    combos = (dialog.currencyCombo, dialog.weekStartCombo, dialog.presetCombo, dialog.measureCombo)
    for combo in combos:
        assert combo.count() > 1, combo.objectName()
        qtmodeltester.check(combo.model())


def test_time_zone_is_shown_checked_and_saved(  # type: ignore[no-untyped-def]
    qtbot, dialog: PlanSettingsDialog, document: PlanDocument
) -> None:
    assert dialog.timeZoneCombo.currentText() == document.plan.time_zone
    assert dialog.timeZoneCombo.findText("Europe/Paris") >= 0  # the zone database is offered
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    dialog.timeZoneCombo.setEditText("Mars/Olympus")
    assert not ok.isEnabled()
    assert "Mars/Olympus" in dialog.errorLabel.text() and "Europe/Paris" in dialog.errorLabel.text()
    dialog.timeZoneCombo.setEditText("America/New_York")
    assert ok.isEnabled()
    dialog.accept()
    assert document.plan.time_zone == "America/New_York"
    assert repository.get_plan(document.pf).time_zone == "America/New_York"


# -- the Cadence tab ----------------------------------------------------------------------


def _committed(document: PlanDocument) -> Commitment:
    """A commitment of 2 per week on the first downstream channel, made before the dialog."""
    channel = document.channels(Stream.DOWNSTREAM)[0]
    command = commands.create(
        document, [Commitment(channel_id=channel.id, count=2, per="week")], "Add cadence"
    )
    assert document.execute(command)
    (saved,) = series_repo.list_cadences(document.pf)
    return saved


def test_cadence_tab_shows_the_commitments_in_the_cadence_dialogs_editor(
    qtbot,  # type: ignore[no-untyped-def]
    document: PlanDocument,
) -> None:
    saved = _committed(document)
    dialog = PlanSettingsDialog(document)
    qtbot.addWidget(dialog)
    tabs = [dialog.tabs.tabText(n).replace("&", "") for n in range(dialog.tabs.count())]
    assert tabs == ["General", "Cadence"]
    assert isinstance(dialog.cadenceEditor, CadenceEditor)
    assert dialog.cadenceTab.isAncestorOf(dialog.cadenceEditor)
    assert dialog.cadenceEditor.commitments() == [saved]


def test_a_setting_and_a_commitment_change_in_one_undo_step(
    qtbot,  # type: ignore[no-untyped-def]
    document: PlanDocument,
) -> None:
    saved = _committed(document)
    plan = document.plan
    depth = document.undo_stack.count()
    dialog = PlanSettingsDialog(document)
    qtbot.addWidget(dialog)
    dialog.nameEdit.setText("Acme 2027")
    editor = dialog.cadenceEditor
    editor.table.cellWidget(0, 2).setValue(3)  # 2 -> 3 per week
    editor.table.cellWidget(0, 3).setCurrentIndex(1)  # per month
    row = editor.add_row(None)  # and a new one: 1 per week on the second channel
    editor.table.cellWidget(row, 0).setCurrentIndex(1)
    with qtbot.waitSignal(document.changed) as blocker:
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert blocker.args[0].plan is True
    assert document.undo_stack.count() == depth + 1
    assert document.undo_stack.undoText() == "Change plan settings and cadence"
    after = series_repo.list_cadences(document.pf)
    assert [(c.id, c.count, c.per.value) for c in after] == [
        (saved.id, 3, "month"),
        (after[1].id, 1, "week"),
    ]
    assert repository.get_plan(document.pf).name == document.plan.name == "Acme 2027"

    assert document.undo()  # one step back restores both
    assert series_repo.list_cadences(document.pf) == [saved]
    assert repository.get_plan(document.pf) == document.plan == plan
    assert document.redo()
    assert series_repo.list_cadences(document.pf) == after
    assert document.plan.name == "Acme 2027"


def test_a_commitment_alone_is_its_own_step_and_a_bad_row_says_why(
    qtbot,  # type: ignore[no-untyped-def]
    document: PlanDocument,
) -> None:
    saved = _committed(document)
    depth = document.undo_stack.count()
    dialog = PlanSettingsDialog(document)
    qtbot.addWidget(dialog)
    dialog.cadenceEditor.table.cellWidget(0, 4).setChecked(True)  # ideas count
    broken = dialog.cadenceEditor.add_row(None)
    dialog.cadenceEditor.table.cellWidget(broken, 0).clear()  # a row with no channel
    dialog.accept()
    assert dialog.result() != PlanSettingsDialog.DialogCode.Accepted
    assert dialog.errorLabel.isVisibleTo(dialog) and "channel" in dialog.errorLabel.text()
    assert dialog.tabs.currentWidget() is dialog.cadenceTab
    assert document.undo_stack.count() == depth

    dialog.cadenceEditor.table.selectRow(broken)
    dialog.cadenceEditor.removeButton.click()
    dialog.accept()
    assert dialog.result() == PlanSettingsDialog.DialogCode.Accepted
    assert document.undo_stack.count() == depth + 1
    assert document.undo_stack.undoText() == "Change cadence"
    assert series_repo.list_cadences(document.pf) == [saved.replace(ideas_count=True)]
    assert document.undo() and series_repo.list_cadences(document.pf) == [saved]
