"""A repeat the file words loosely ("twice a week") can be answered by typing a rule in
the value table: read against the row's date, taken only when it reads as one rule."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from import_helpers import write_rows
from PySide6.QtGui import QColor

from streamdesk.excel.headers import fold
from streamdesk.excel.readers import open_source
from streamdesk.gui.import_dialog import ImportDialog
from streamdesk.gui.import_values import ERROR_ON_LIGHT, read_typed_repeat

VALUE = "twice a week"


@pytest.fixture
def loose(tmp_path: Path) -> Path:
    return write_rows(
        tmp_path / "planner.xlsx",
        [
            ["Publish date", "Platform", "Copy", "Frequency"],
            [date(2027, 1, 5), "LinkedIn", "Founder post", VALUE],  # a Tuesday
        ],
    )


def why(dialog: ImportDialog, value: str) -> str:
    table = dialog.valuesTable
    row = next(r for r in range(table.rowCount()) if table.item(r, 1).text() == value)
    return table.item(row, 3).text()


def test_a_typed_rule_is_read_against_the_row_and_shown_in_words(  # type: ignore[no-untyped-def]
    qtbot, document, loose: Path
) -> None:
    dialog = ImportDialog(document, open_source(loose))
    qtbot.addWidget(dialog)
    assert not dialog.importButton.isEnabled()
    combo = dialog.valuesTable.combo_for(VALUE)
    assert combo.isEditable()
    with qtbot.waitSignal(dialog.previewChanged):
        dialog.valuesTable.type_repeat(VALUE, "every Tue and Thu x 4")
    plan = dialog.plan
    assert plan is not None and plan.ok and dialog.importButton.isEnabled()
    assert [s.words for s in plan.series] == ["Every week on Tue and Thu, 4 times"]
    assert [i.date for i in plan.series[0].items] == [
        date(2027, 1, 5),
        date(2027, 1, 7),
        date(2027, 1, 12),
        date(2027, 1, 14),
    ]
    shown = dialog.valuesTable.combo_for(VALUE)
    assert shown.currentText() == "Every week on Tue and Thu, 4 times"  # in words
    assert why(dialog, VALUE) == "your choice"
    dialog.resize(1100, 720)
    dialog.grab().save("/tmp/polish-shot.png")


def test_a_typed_rule_that_does_not_read_as_one_imports_nothing(  # type: ignore[no-untyped-def]
    qtbot, document, loose: Path
) -> None:
    dialog = ImportDialog(document, open_source(loose))
    qtbot.addWidget(dialog)
    with qtbot.assertNotEmitted(dialog.previewChanged):  # nothing chosen, nothing rebuilt
        dialog.valuesTable.type_repeat(VALUE, "biweekly")
    said = why(dialog, VALUE)
    assert "can be read more than one way" in said and "every 2 weeks" in said
    table = dialog.valuesTable
    row = next(r for r in range(table.rowCount()) if table.item(r, 1).text() == VALUE)
    assert table.item(row, 3).foreground().color() == QColor(ERROR_ON_LIGHT)
    assert ("repeats", fold(VALUE)) not in dialog.options.values
    assert not dialog.importButton.isEnabled()
    assert dialog.plan is not None and not dialog.plan.ok and not dialog.plan.series


def test_a_refused_answer_undoes_the_one_before_it(  # type: ignore[no-untyped-def]
    qtbot, document, loose: Path
) -> None:
    dialog = ImportDialog(document, open_source(loose))
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.previewChanged):
        dialog.valuesTable.type_repeat(VALUE, "every Tuesday")
    assert dialog.importButton.isEnabled()
    with qtbot.waitSignal(dialog.previewChanged):
        dialog.valuesTable.type_repeat(VALUE, "whenever we can")
    assert not dialog.importButton.isEnabled()
    assert ("repeats", fold(VALUE)) not in dialog.options.values
    # the refusal survives the rebuild: the typed words and why stay in the row
    assert dialog.valuesTable.combo_for(VALUE).currentText() == "whenever we can"
    assert why(dialog, VALUE).startswith("“whenever we can” cannot be read")
    with qtbot.waitSignal(dialog.previewChanged):
        dialog.valuesTable.choose(VALUE, "once")  # picking an entry clears the refusal
    assert dialog.importButton.isEnabled() and why(dialog, VALUE) == "your choice"


def test_typed_words_are_read_against_their_day() -> None:
    assert read_typed_repeat("every week", date(2027, 1, 6)) == (
        "every week",
        "Every week on Wed",
    )
    assert isinstance(read_typed_repeat("every week", None), str)
    refused = read_typed_repeat("no", date(2027, 1, 6))
    assert isinstance(refused, str)
