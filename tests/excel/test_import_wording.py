"""The importer names the way out where the user reads it: a flag on the command line, a
control in the import dialog (never a flag the dialog does not have)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from import_helpers import REALWORLD, dry_run, write_rows
from PySide6.QtWidgets import QCheckBox, QFormLayout, QLabel, QTableWidget

from streamdesk.cli import main
from streamdesk.excel.readers import open_source
from streamdesk.excel.wording import (
    CONTROLS,
    DATES_LABEL,
    DAY_FIRST_TEXT,
    DECIMAL_COMMA_TEXT,
    DELETE_MISSING_TEXT,
    FILE_CHANNEL_LABEL,
    NUMBERS_LABEL,
    READ_AS,
    SHEETS_LABEL,
    SPLIT_MULTI_TEXT,
    Audience,
    Fix,
    Flag,
    Worded,
    for_dialog,
)
from streamdesk.gui.import_dialog import ImportDialog
from streamdesk.storage import PlanFile


def cli_errors(capsys: pytest.CaptureFixture[str], plan_path: Path, source: Path) -> str:
    assert main(["import", str(plan_path), str(source), "--dry-run"]) == 1
    return capsys.readouterr().err


def shown_messages(dialog: ImportDialog) -> list[str]:
    listed = dialog.messagesList
    return [listed.item(r).text() for r in range(listed.count())]


def form_labels(dialog: ImportDialog) -> list[str]:
    form = dialog.choices.form
    found = []
    for row in range(form.rowCount()):
        item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
        label = item.widget() if item is not None else None
        if isinstance(label, QLabel):
            found.append(label.text().rstrip(":"))
    return found


def combo_texts(dialog: ImportDialog, name: str) -> list[str]:
    combo = getattr(dialog, name)
    return [combo.itemText(i) for i in range(combo.count())]


def table_headers(table: QTableWidget) -> list[str]:
    return [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]


@pytest.fixture
def ambiguous_dates(tmp_path: Path) -> Path:
    return write_rows(
        tmp_path / "dates.xlsx",
        [
            ["Date", "Channel", "Title"],
            ["03/04/2027", "Instagram", "3 tips"],
            ["05/06/2027", "Facebook", "Behind the scenes"],
        ],
    )


@pytest.fixture
def repeats(tmp_path: Path) -> Path:
    return write_rows(
        tmp_path / "repeats.xlsx",
        [
            ["Publish date", "Platform", "Copy", "Frequency"],
            [date(2027, 1, 5), "LinkedIn", "Founder post", "biweekly x 4"],
        ],
    )


CASES = [
    # file, what the command line says, what the dialog says instead, the control it names
    ("costs-ambiguous.csv", "(--decimal comma or --decimal point)", NUMBERS_LABEL),
    ("asana-board.csv", "--channel NAME", FILE_CHANNEL_LABEL),
    ("negated-statuses.csv", '--values "Status:Unpublished=…', READ_AS),
    ("notion-multiselect.csv", "(--split-multi)", SPLIT_MULTI_TEXT),
    ("near-miss-channel.csv", '--values "Channel:Instagram Reels=Instagram"', READ_AS),
]


@pytest.mark.parametrize(("name", "flag", "control"), CASES)
def test_the_same_file_is_worded_for_the_command_line_and_for_the_dialog(  # type: ignore[no-untyped-def]
    qtbot, capsys, plan_path: Path, document, name: str, flag: str, control: str
) -> None:
    source = REALWORLD / name
    assert flag in cli_errors(capsys, plan_path, source)
    dialog = ImportDialog(document, open_source(source))
    qtbot.addWidget(dialog)
    shown = shown_messages(dialog)
    assert shown and not dialog.importButton.isEnabled()
    assert not [m for m in shown if "--" in m]
    assert any(control in m for m in shown)
    table = dialog.valuesTable
    assert not [r for r in range(table.rowCount()) if "--" in table.item(r, 3).text()]


def test_the_controls_the_dialog_names_are_the_ones_it_has(  # type: ignore[no-untyped-def]
    qtbot, document, ambiguous_dates: Path
) -> None:
    dialog = ImportDialog(document, open_source(ambiguous_dates))
    qtbot.addWidget(dialog)
    labels = form_labels(dialog)
    assert {SHEETS_LABEL, DATES_LABEL, NUMBERS_LABEL, FILE_CHANNEL_LABEL} <= set(labels)
    assert any(t.startswith(DAY_FIRST_TEXT) for t in combo_texts(dialog, "dateOrderCombo"))
    assert any(t.startswith(DECIMAL_COMMA_TEXT) for t in combo_texts(dialog, "decimalCombo"))
    assert READ_AS in table_headers(dialog.valuesTable)
    checks = {c.text() for c in dialog.findChildren(QCheckBox)}
    assert SPLIT_MULTI_TEXT in checks
    assert any(t.startswith(DELETE_MISSING_TEXT) for t in checks)
    assert DELETE_MISSING_TEXT in CONTROLS[Fix.DELETE_MISSING]
    # the ambiguous dates: named by the Dates box, no flag
    shown = shown_messages(dialog)
    assert any(f"under “{DATES_LABEL}” above" in m for m in shown)
    assert not [m for m in shown if "--" in m]


def test_an_ambiguous_repeat_names_the_value_table(  # type: ignore[no-untyped-def]
    qtbot, capsys, plan_path: Path, document, repeats: Path
) -> None:
    assert '--values "Repeats:biweekly x 4=' in cli_errors(capsys, plan_path, repeats)
    dialog = ImportDialog(document, open_source(repeats))
    qtbot.addWidget(dialog)
    shown = shown_messages(dialog)
    assert any("can be read more than one way" in m and READ_AS in m for m in shown)
    assert not [m for m in shown if "--" in m]


def test_month_tabs_refused_name_the_sheet_boxes_in_the_dialog(plan_path: Path) -> None:
    """The dialog ticks every calendar sheet, so it never shows this refusal; the wording
    is still the dialog's own should it ever reach it."""
    with PlanFile.open(plan_path, read_only=True) as pf:
        plan = dry_run(pf, REALWORLD / "month-per-tab.xlsx")
    [error] = plan.errors
    assert "import them all (--all-sheets) or choose (--sheet NAME, repeatable)" in str(error)
    dialog = error.text(Audience.DIALOG)
    assert "--" not in dialog
    assert dialog.endswith(f"import them all or choose under “{SHEETS_LABEL}” above")


def test_the_summary_names_the_flag_on_the_command_line_only(plan_path: Path) -> None:
    with PlanFile.open(plan_path, read_only=True) as pf:
        plan = dry_run(pf, REALWORLD / "costs-ambiguous.csv", decimal="point")
    plan.removed = plan.removed or [object()]  # type: ignore[list-item]  # a count is all it reads
    assert "(kept; --delete-missing deletes)" in plan.summary()
    dialog = plan.summary(Audience.DIALOG)
    assert "--" not in dialog and "1 removed (kept), " in dialog


def test_a_message_without_a_dialog_wording_names_the_control_at_its_end() -> None:
    message = Worded("map it", Flag(Fix.VALUES, ' (--values "Channel:X=Y")'), " or skip it")
    assert message == 'map it (--values "Channel:X=Y") or skip it'
    assert for_dialog(message) == f"map it or skip it; {CONTROLS[Fix.VALUES]}"
    assert for_dialog("plain text") == "plain text"
    assert message.prefixed("Sheet: ") == 'Sheet: map it (--values "Channel:X=Y") or skip it'
    assert for_dialog(message.prefixed("Sheet: ")).startswith("Sheet: map it or skip it; ")


def test_values_chosen_in_the_dialog_say_so_without_the_flag(  # type: ignore[no-untyped-def]
    qtbot, document
) -> None:
    dialog = ImportDialog(document, open_source(REALWORLD / "notion-multiselect.csv"))
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.previewChanged):
        dialog.valuesTable.choose("Instagram, Facebook", "Instagram")
    table = dialog.valuesTable
    why = {table.item(r, 1).text(): table.item(r, 3).text() for r in range(table.rowCount())}
    assert why["Instagram, Facebook"] == "your choice"
    with qtbot.waitSignal(dialog.previewChanged):
        dialog.splitMultiCheck.setChecked(True)
    assert dialog.plan is not None and dialog.plan.ok


@pytest.mark.parametrize(
    "name",
    sorted(
        p.name
        for p in REALWORLD.iterdir()
        if p.suffix in (".csv", ".xlsx") and p.stem not in ("mixed-encoding", "unclosed-quote")
    ),
)
def test_no_file_of_the_real_world_set_shows_a_flag_in_the_dialog(  # type: ignore[no-untyped-def]
    qtbot, document, name: str
) -> None:
    dialog = ImportDialog(document, open_source(REALWORLD / name))
    qtbot.addWidget(dialog)
    table = dialog.valuesTable
    shown = [*shown_messages(dialog), *(table.item(r, 3).text() for r in range(table.rowCount()))]
    assert not [m for m in shown if "--" in m]
