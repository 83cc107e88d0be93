"""The import dialog asks what an ambiguous repeat means, as it asks an unknown value."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from import_helpers import write_rows
from PySide6.QtWidgets import QComboBox, QDialog

from streamdesk.excel.readers import open_source
from streamdesk.gui import import_actions
from streamdesk.gui.import_dialog import ImportDialog
from streamdesk.storage import repository, series_repo


@pytest.fixture
def biweekly(tmp_path: Path) -> Path:
    return write_rows(
        tmp_path / "planner.xlsx",
        [
            ["Publish date", "Platform", "Copy", "Frequency"],
            [date(2027, 1, 5), "LinkedIn", "Founder post", "biweekly x 4"],
            [date(2027, 1, 6), "LinkedIn", "Poll", "every Mon and Wed x 3"],
        ],
    )


def combo_entries(dialog: ImportDialog, value: str) -> list[tuple[str, object]]:
    table = dialog.valuesTable
    for r in range(table.rowCount()):
        if table.item(r, 1).text() == value:
            combo = table.cellWidget(r, 2)
            assert isinstance(combo, QComboBox)
            return [(combo.itemText(i), combo.itemData(i)) for i in range(combo.count())]
    raise KeyError(value)


def test_an_ambiguous_repeat_is_asked_in_the_value_table(  # type: ignore[no-untyped-def]
    qtbot, document, biweekly: Path
) -> None:
    dialog = ImportDialog(document, open_source(biweekly))
    qtbot.addWidget(dialog)
    assert not dialog.importButton.isEnabled()
    assert combo_entries(dialog, "biweekly x 4") == [
        ("(decide)", None),
        ("every 2 weeks x 4", "every 2 weeks x 4"),
        ("Import as single items (no repeat)", "once"),
        ("Skip these rows", "skip"),
    ]
    with qtbot.waitSignal(dialog.previewChanged):
        dialog.valuesTable.choose("biweekly x 4", "every 2 weeks x 4")
    plan = dialog.plan
    assert plan is not None and plan.ok
    assert [s.words for s in plan.series] == [
        "Every 2 weeks on Tue, 4 times",
        "Every week on Mon and Wed, 3 times",
    ]
    assert dialog.importButton.isEnabled()
    assert "2 series" in dialog.countsLabel.text()
    # the answer stays shown, and can be changed again
    assert combo_entries(dialog, "biweekly x 4")[0] == ("every 2 weeks x 4", "every 2 weeks x 4")
    headers = [
        dialog.previewTable.horizontalHeaderItem(c).text()
        for c in range(dialog.previewTable.columnCount())
    ]
    repeats = headers.index("Repeats")
    shown = {dialog.previewTable.item(r, repeats).text() for r in range(2)}
    assert shown == {"Every 2 weeks on Tue, 4 times", "Every week on Mon and Wed, 3 times"}
    dialog.resize(1100, 720)
    dialog.grab().save("/tmp/recurimport-shot.png")


def test_importing_an_answered_repeat_is_one_undo_step(  # type: ignore[no-untyped-def]
    qtbot, window, biweekly: Path, monkeypatch
) -> None:
    document = window.document
    pf = document.pf
    series_before = series_repo.list_series(pf)
    items_before = repository.list_items(pf)

    def exec_(self: ImportDialog) -> int:
        assert not self.importButton.isEnabled()  # asked first
        self.valuesTable.choose("biweekly x 4", "every 2 weeks x 4")
        assert self.importButton.isEnabled()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ImportDialog, "exec", exec_)
    assert import_actions.import_plan(window, document, window.show_status, str(biweekly))
    made = {s.title: s for s in series_repo.list_series(pf)}
    founder = series_repo.series_items(pf, made["Founder post"].id or 0)
    assert [i.date for i in founder] == [
        date(2027, 1, 5),
        date(2027, 1, 19),
        date(2027, 2, 2),
        date(2027, 2, 16),
    ]
    assert len(series_repo.series_items(pf, made["Poll"].id or 0)) == 3
    assert document.undo()
    assert series_repo.list_series(pf) == series_before
    assert repository.list_items(pf) == items_before


def test_skip_in_the_value_table_leaves_the_rows_out(  # type: ignore[no-untyped-def]
    qtbot, document, biweekly: Path
) -> None:
    dialog = ImportDialog(document, open_source(biweekly))
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.previewChanged):
        dialog.valuesTable.choose("biweekly x 4", "skip")
    plan = dialog.plan
    assert plan is not None and plan.ok
    assert [s.series.title for s in plan.series] == ["Poll"]
