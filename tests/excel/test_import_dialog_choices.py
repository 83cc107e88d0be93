"""The import dialog's choices for files from other tools: sheets, header row, the file's
channel, the value table, and the choices remembered for the next file with those headers."""

from __future__ import annotations

import shutil
from datetime import date, time
from pathlib import Path

from import_helpers import REALWORLD, export, write_rows
from PySide6.QtCore import QSettings, Qt

from streamdesk.excel.columns import CONTENT_COLUMNS
from streamdesk.excel.readers import open_source
from streamdesk.gui.import_dialog import ImportDialog
from streamdesk.gui.import_values import headers_key
from streamdesk.storage import repository


def dialog_for(qtbot, document, path: Path) -> ImportDialog:  # type: ignore[no-untyped-def]
    dialog = ImportDialog(document, open_source(path))
    qtbot.addWidget(dialog)
    return dialog


def sheet_boxes(dialog: ImportDialog) -> dict[str, bool]:
    boxes = dialog.sheetList
    return {
        boxes.item(r).text(): boxes.item(r).checkState() == Qt.CheckState.Checked
        for r in range(boxes.count())
    }


def value_rows(dialog: ImportDialog) -> list[tuple[str, str, str]]:
    table = dialog.valuesTable
    rows = []
    for r in range(table.rowCount()):
        combo = table.cellWidget(r, 2)
        rows.append((table.item(r, 1).text(), combo.currentText(), table.item(r, 3).text()))
    return rows


def test_every_month_tab_is_offered_ticked_and_can_be_left_out(qtbot, document) -> None:  # type: ignore[no-untyped-def]
    dialog = dialog_for(qtbot, document, REALWORLD / "month-per-tab.xlsx")
    assert sheet_boxes(dialog) == {"Read me": False, "Jan": True, "Feb": True, "Mar": True}
    assert dialog.plan is not None and len(dialog.plan.new) == 6
    assert dialog.importButton.isEnabled()
    with qtbot.waitSignal(dialog.previewChanged):
        dialog.sheetList.item(2).setCheckState(Qt.CheckState.Unchecked)  # Feb
    assert len(dialog.plan.new) == 4
    assert sheet_boxes(dialog)["Feb"] is False


def test_the_header_row_can_be_chosen(qtbot, document, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = write_rows(
        tmp_path / "two-tables.xlsx",
        [
            ["Date", "Channel"],
            ["2027-01-01", "Legend row the detector passes over"],
            [],
            ["Date", "Channel", "Title", "Status"],
            ["2027-03-01", "LinkedIn", "Real row", "draft"],
        ],
    )
    dialog = dialog_for(qtbot, document, path)
    assert dialog.headerRowSpin.value() == 4
    assert "header on row 4" in dialog.headerLabel.text()
    with qtbot.waitSignal(dialog.previewChanged):
        dialog.headerRowSpin.setValue(1)
    assert "header on row 1" in dialog.headerLabel.text()
    assert not dialog.importButton.isEnabled()  # row 1 has no Title: the dialog says so


def test_a_file_without_a_channel_column_takes_the_chosen_channel(qtbot, document) -> None:  # type: ignore[no-untyped-def]
    dialog = dialog_for(qtbot, document, REALWORLD / "asana-board.csv")
    assert not dialog.importButton.isEnabled()
    assert "Read as an Asana export." in dialog.headerLabel.text()
    with qtbot.waitSignal(dialog.previewChanged):
        dialog.fileChannelCombo.setCurrentIndex(dialog.fileChannelCombo.findData("LinkedIn"))
    assert dialog.importButton.isEnabled()
    plan = dialog.plan
    assert plan is not None and {plan.names[("channel", i.channel_id)] for i in plan.new} == {
        "LinkedIn"
    }


def test_values_read_by_a_rule_are_shown_and_can_be_changed(qtbot, document) -> None:  # type: ignore[no-untyped-def]
    dialog = dialog_for(qtbot, document, REALWORLD / "channel-synonyms.csv")
    rows = value_rows(dialog)
    assert ("IG", "Instagram", "synonym") in rows
    assert ("Needs approval", "ready", "synonym") in rows
    assert ("Twitter/X", "(decide)", "to decide") in rows  # the plan has no X: asked
    with qtbot.waitSignal(dialog.previewChanged):
        dialog.valuesTable.choose("Twitter/X", "X")  # New channel “X”: the name a rule knows
    with qtbot.waitSignal(dialog.previewChanged):
        dialog.valuesTable.choose("Insta", "skip")
    plan = dialog.plan
    assert plan is not None and len(plan.new) == 5
    assert any("1 row skipped as asked" in note for note in plan.notes)


def test_values_to_decide_block_import_until_decided(qtbot, document) -> None:  # type: ignore[no-untyped-def]
    dialog = dialog_for(qtbot, document, REALWORLD / "negated-statuses.csv")
    assert not dialog.importButton.isEnabled()
    assert ("Unpublished", "(decide)", "to decide") in value_rows(dialog)
    with qtbot.waitSignal(dialog.previewChanged):
        dialog.valuesTable.choose("Unpublished", "draft")
    with qtbot.waitSignal(dialog.previewChanged):
        dialog.valuesTable.choose("Not scheduled", "idea")
    assert dialog.importButton.isEnabled()
    assert ("Unpublished", "draft", "your choice") in value_rows(dialog)  # no flag named


def test_a_clients_choices_come_back_for_a_file_with_the_same_headers(  # type: ignore[no-untyped-def]
    qtbot, document, tmp_path: Path
) -> None:
    first = dialog_for(qtbot, document, REALWORLD / "asana-board.csv")
    first.fileChannelCombo.setCurrentIndex(first.fileChannelCombo.findData("LinkedIn"))
    first.valuesTable.choose("Needs Approval", "draft")
    assert first.importButton.isEnabled()
    first.accept()
    assert QSettings().value(headers_key(first.headers()))  # kept in the (test) settings

    next_month = shutil.copy(REALWORLD / "asana-board.csv", tmp_path / "asana-march.csv")
    second = dialog_for(qtbot, document, Path(next_month))
    assert second.recalled and "choices made last time" in second.headerLabel.text()
    assert second.fileChannelCombo.currentData() == "LinkedIn"
    assert ("Needs Approval", "draft", "your choice") in value_rows(second)
    assert second.importButton.isEnabled()

    other = dialog_for(qtbot, document, REALWORLD / "trello-board.csv")
    assert not other.recalled


def test_the_value_table_passes_the_model_tester(qtbot, qtmodeltester, document) -> None:  # type: ignore[no-untyped-def]
    dialog = dialog_for(qtbot, document, REALWORLD / "channel-synonyms.csv")
    assert dialog.valuesTable.rowCount() > 0
    qtmodeltester.check(dialog.valuesTable.model())
    qtmodeltester.check(dialog.sheetList.model())


def test_a_value_read_by_a_rule_is_marked_in_the_preview(qtbot, document) -> None:  # type: ignore[no-untyped-def]
    dialog = dialog_for(qtbot, document, REALWORLD / "channel-synonyms.csv")
    table = dialog.previewTable
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    channel = table.item(0, headers.index("Channel"))
    status = table.item(0, headers.index("Status"))
    assert (channel.text(), channel.toolTip(), channel.font().italic()) == (
        "Instagram",
        "“IG” in the file",
        True,
    )
    assert status.toolTip() == "“Live” in the file"
    assert not table.item(0, headers.index("Title")).font().italic()


def test_each_sheet_read_can_be_previewed(qtbot, document) -> None:  # type: ignore[no-untyped-def]
    dialog = dialog_for(qtbot, document, REALWORLD / "month-per-tab.xlsx")
    combo = dialog.previewSheetCombo
    assert [combo.itemData(i) for i in range(combo.count())] == ["Jan", "Feb", "Mar"]
    combo.setCurrentIndex(combo.findData("Feb"))
    table = dialog.previewTable
    titles = [table.item(r, 4).text() for r in range(table.rowCount())]
    assert titles == ["Valentine latte", "February newsletter"]
    assert "“Feb”" in dialog.previewLabel.text()


def test_a_value_only_capitalised_differently_is_not_marked(qtbot, document) -> None:  # type: ignore[no-untyped-def]
    dialog = dialog_for(qtbot, document, REALWORLD / "month-per-tab.xlsx")
    table = dialog.previewTable
    status = table.item(0, 5)
    assert status.text() == "published" and not status.font().italic()


def test_the_dialog_lists_each_change_with_old_and_new_values(  # type: ignore[no-untyped-def]
    qtbot, document, tmp_path: Path
) -> None:
    title_column = [f for _, f in CONTENT_COLUMNS].index("title")
    first = min(repository.list_items(document.pf), key=lambda i: (i.date, i.id))

    def edit(rows: list[list[object]]) -> None:
        for row in rows[1:]:
            if row[0] == first.id:
                row[title_column] = "Renamed by the client"

    path = export(document.pf, tmp_path / "own.xlsx", edit_content=edit)
    dialog = dialog_for(qtbot, document, path)
    messages = [dialog.messagesList.item(r).text() for r in range(dialog.messagesList.count())]
    assert (
        f"Changed: item {first.id} “{first.title}” on {first.date.isoformat()}: "
        f"title: {first.title} → Renamed by the client"
    ) in messages


def test_timestamps_with_z_are_read_in_the_plans_time_zone(qtbot, document, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pf = document.pf
    repository.save_plan(pf, repository.get_plan(pf).replace(time_zone="America/New_York"))
    path = tmp_path / "buffer.csv"
    path.write_text(
        "Date,Channel,Title\n2027-01-05T23:30:00.000Z,Email,How we roast\n", encoding="utf-8"
    )
    dialog = dialog_for(qtbot, document, path)
    assert dialog.plan is not None
    (roast,) = dialog.plan.new
    assert (roast.date, roast.time) == (date(2027, 1, 5), time(18, 30))


def month_tabs(path: Path) -> Path:
    """Two months laid out alike and a third laid out otherwise (Pillar first)."""
    import openpyxl

    wb = openpyxl.Workbook()
    jan = wb.active
    jan.title = "Jan"
    for row in (
        ["Date", "Channel", "Title", "Pillar"],
        ["2027-01-05", "Instagram", "Winter menu", "Product"],
    ):
        jan.append(row)
    feb = wb.create_sheet("Feb")
    for row in (
        ["Date", "Channel", "Title", "Pillar"],
        ["2027-02-09", "Instagram", "Valentine latte", "Seasonal"],
    ):
        feb.append(row)
    mar = wb.create_sheet("Mar")
    for row in (
        ["Pillar", "Date", "Channel", "Title"],
        ["Community", "2027-03-09", "LinkedIn", "Women in coffee"],
    ):
        mar.append(row)
    wb.save(path)
    return path


def test_a_column_mapped_on_one_tab_applies_to_every_tab_with_the_same_headers(  # type: ignore[no-untyped-def]
    qtbot, document, tmp_path: Path
) -> None:
    dialog = dialog_for(qtbot, document, month_tabs(tmp_path / "tabs.xlsx"))
    assert sheet_boxes(dialog) == {"Jan": True, "Feb": True, "Mar": True}
    assert dialog.items_sheet().sheet == "Jan"  # type: ignore[union-attr]
    with qtbot.waitSignal(dialog.previewChanged):
        dialog.set_field(3, "notes")  # Jan's Pillar → Notes
    notes = {i.title: i.notes for i in dialog.plan.new}
    assert notes == {"Winter menu": "Product", "Valentine latte": "Seasonal", "Women in coffee": ""}
    # Mar is laid out otherwise: its column D is its Title, untouched; it is mapped on its own
    dialog.previewSheetCombo.setCurrentIndex(dialog.previewSheetCombo.findData("Mar"))
    with qtbot.waitSignal(dialog.previewChanged):
        dialog.set_field(0, "notes")
    notes = {i.title: i.notes for i in dialog.plan.new}
    assert notes == {
        "Winter menu": "Product",
        "Valentine latte": "Seasonal",
        "Women in coffee": "Community",
    }
    assert dialog.importButton.isEnabled()


def test_unticking_every_sheet_says_there_is_nothing_to_import(qtbot, document) -> None:  # type: ignore[no-untyped-def]
    dialog = dialog_for(qtbot, document, REALWORLD / "month-per-tab.xlsx")
    for name in ("Jan", "Feb", "Mar"):
        row = next(
            r for r in range(dialog.sheetList.count()) if dialog.sheetList.item(r).text() == name
        )
        with qtbot.waitSignal(dialog.previewChanged):
            dialog.sheetList.item(row).setCheckState(Qt.CheckState.Unchecked)
    assert sheet_boxes(dialog) == {"Read me": False, "Jan": False, "Feb": False, "Mar": False}
    assert dialog.plan is not None and dialog.plan.new == []
    assert not dialog.importButton.isEnabled()
    messages = [dialog.messagesList.item(r).text() for r in range(dialog.messagesList.count())]
    assert messages == [
        "No sheet is ticked, so there is nothing to import: tick the sheets to read above."
    ]
    assert dialog.headerLabel.text() == "No sheet ticked."
    assert "No rows to show" in dialog.previewLabel.text()


def test_unticking_the_one_calendar_sheet_does_not_read_it_again(qtbot, document) -> None:  # type: ignore[no-untyped-def]
    dialog = dialog_for(qtbot, document, REALWORLD / "cover-sheet-german.xlsx")
    ticked = [name for name, on in sheet_boxes(dialog).items() if on]
    assert len(ticked) == 1 and dialog.plan is not None and dialog.plan.new
    row = next(
        r for r in range(dialog.sheetList.count()) if dialog.sheetList.item(r).text() == ticked[0]
    )
    with qtbot.waitSignal(dialog.previewChanged):
        dialog.sheetList.item(row).setCheckState(Qt.CheckState.Unchecked)
    assert not any(sheet_boxes(dialog).values())
    assert dialog.plan.new == [] and not dialog.importButton.isEnabled()
    assert "nothing to import" in dialog.messagesList.item(0).text()


def test_a_new_channel_chosen_in_the_dialog_takes_the_name_a_rule_knows(qtbot, document) -> None:  # type: ignore[no-untyped-def]
    dialog = dialog_for(qtbot, document, REALWORLD / "buffer-export.csv")
    assert not dialog.importButton.isEnabled()  # "twitter": the plan has no X, so it asks
    combo = next(
        dialog.valuesTable.cellWidget(r, 2)
        for r in range(dialog.valuesTable.rowCount())
        if dialog.valuesTable.item(r, 1).text() == "twitter"
    )
    labels = [combo.itemText(i) for i in range(combo.count())]
    assert (
        labels[0] == "(decide)" and "New channel “X”" in labels and labels[-1] == "Skip these rows"
    )
    with qtbot.waitSignal(dialog.previewChanged):
        dialog.valuesTable.choose("twitter", "X")
    assert dialog.importButton.isEnabled()
    assert [c.name for c in dialog.plan.created] == ["X"]
