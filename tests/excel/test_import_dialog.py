"""The import preview dialog and File → Import: remapping, enabling Import, one undo step."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from import_helpers import export, write_rows
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from streamdesk.excel.columns import CONTENT_COLUMNS
from streamdesk.excel.readers import open_source
from streamdesk.gui import import_actions
from streamdesk.gui.import_dialog import ImportDialog
from streamdesk.storage import repository

CONTENT = {f: n for n, (_, f) in enumerate(CONTENT_COLUMNS)}


def preview_column(dialog: ImportDialog, header: str) -> list[str]:
    table = dialog.previewTable
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    if header not in headers:
        return []
    c = headers.index(header)
    return [table.item(r, c).text() for r in range(table.rowCount())]


def test_preview_shows_header_row_mapping_and_counts(qtbot, document, foreign: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = ImportDialog(document, open_source(foreign))
    qtbot.addWidget(dialog)
    assert "header on row 3" in dialog.headerLabel.text()
    combos = [dialog.mappingTable.cellWidget(r, 2) for r in range(dialog.mappingTable.rowCount())]
    assert [c.currentData() for c in combos] == ["date", "channel", "title", None]
    assert "2 errors" not in dialog.countsLabel.text() and "· 1 error" in dialog.countsLabel.text()
    assert "1 errors" not in dialog.countsLabel.text()
    assert not dialog.importButton.isEnabled()  # the date column is ambiguous


def test_choosing_the_date_order_enables_import(qtbot, document, foreign: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = ImportDialog(document, open_source(foreign))
    qtbot.addWidget(dialog)
    assert not dialog.importButton.isEnabled()
    # the undecided dates are shown as the file has them, so the user sees what to choose
    assert preview_column(dialog, "Date") == ["03/04/2027", "05/06/2027"]
    assert preview_column(dialog, "Will be") == ["error", "error"]
    dialog.dateOrderCombo.setCurrentIndex(1)  # day first
    assert dialog.importButton.isEnabled()
    assert preview_column(dialog, "Date") == ["2027-04-03", "2027-06-05"]
    assert dialog.countsLabel.text().startswith("2 new · 0 changed · 0 removed · 0 errors")
    dialog.dateOrderCombo.setCurrentIndex(2)  # month first
    assert preview_column(dialog, "Date") == ["2027-03-04", "2027-05-06"]


def test_remapping_a_column_changes_the_preview(qtbot, document, foreign: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = ImportDialog(document, open_source(foreign))
    qtbot.addWidget(dialog)
    dialog.dateOrderCombo.setCurrentIndex(1)
    assert preview_column(dialog, "Notes") == []
    with qtbot.waitSignal(dialog.previewChanged):
        dialog.set_field(3, "notes")  # Pillar → Notes
    assert preview_column(dialog, "Notes") == ["Tips", "Brand"]
    assert [i.notes for i in dialog.plan.new] == ["Tips", "Brand"]
    dialog.set_field(2, None)  # Copy is no longer the title: every row lacks one
    assert not dialog.importButton.isEnabled()
    assert "no column for Title" in dialog.messagesList.item(0).text()
    dialog.set_field(3, "title")  # Pillar becomes the title
    assert dialog.importButton.isEnabled()
    assert preview_column(dialog, "Title") == ["Tips", "Brand"]
    dialog.set_field(2, "title")  # Copy takes the title back; Pillar gives it up
    assert preview_column(dialog, "Title") == ["3 tips", "Behind the scenes"]
    combo = dialog.mappingTable.cellWidget(3, 2)
    assert combo.currentData() is None and dialog.importButton.isEnabled()


def settle(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """Let views that redraw after a short delay finish before the plan is closed."""
    from PySide6.QtWidgets import QWidget

    def idle() -> bool:
        return not any(getattr(w, "refresh_pending", False) for w in window.findChildren(QWidget))

    qtbot.waitUntil(idle)


def _accept(
    monkeypatch: pytest.MonkeyPatch, seen: list[ImportDialog], choose: dict[str, str] | None = None
) -> None:
    def exec_(self: ImportDialog) -> int:
        seen.append(self)
        for value, target in (choose or {}).items():  # the user's answers in the value table
            self.valuesTable.choose(value, target)
        return QDialog.DialogCode.Accepted if self.importButton.isEnabled() else 0

    monkeypatch.setattr(ImportDialog, "exec", exec_)


def test_file_import_is_one_undo_step(qtbot, window, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    document = window.document
    pf = document.pf
    items_before = repository.list_items(pf)
    channels_before = repository.list_channels(pf)
    path = tmp_path / "cal.csv"
    path.write_text("Date,Platform,Copy\n2027-02-15,TikTok,A\n2027-02-16,Email,B\n")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    seen: list[ImportDialog] = []
    _accept(monkeypatch, seen)
    steps = document.undo_stack.count()
    window.actionImportExcel.trigger()  # TikTok is not the plan's: the dialog asks, no import
    assert seen and document.undo_stack.count() == steps
    assert not any(c.name == "TikTok" for c in document.channels())
    _accept(monkeypatch, seen, {"TikTok": "TikTok"})  # New channel “TikTok”: made on purpose
    window.actionImportExcel.trigger()
    assert len(seen) == 2 and document.undo_stack.count() == steps + 1
    assert document.undo_stack.undoText() == "Import cal.csv"
    assert len(repository.list_items(pf)) == len(items_before) + 2
    assert any(c.name == "TikTok" for c in document.channels())
    assert document.undo()
    assert repository.list_items(pf) == items_before
    assert repository.list_channels(pf) == channels_before
    assert document.redo()
    assert len(repository.list_items(pf)) == len(items_before) + 2
    settle(qtbot, window)


def test_delete_missing_checkbox_deletes_and_undo_restores(  # type: ignore[no-untyped-def]
    qtbot, window, tmp_path: Path, monkeypatch
) -> None:
    document = window.document
    pf = document.pf
    before = repository.list_items(pf)
    gone = before[3]

    def edit(rows: list[list[Any]]) -> None:
        rows[:] = [r for r in rows if r[CONTENT["id"]] != gone.id]

    path = export(pf, tmp_path / "back.xlsx", edit_content=edit)

    def exec_(self: ImportDialog) -> int:
        assert not self.importButton.isEnabled()  # nothing to change while removals are kept
        assert "1 removed (kept)" in self.countsLabel.text()
        self.deleteMissingCheck.setChecked(True)
        assert self.importButton.isEnabled()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ImportDialog, "exec", exec_)
    assert import_actions.import_plan(window, window.document, window.show_status, str(path))
    assert gone.id not in {i.id for i in repository.list_items(pf)}
    assert document.undo()
    assert repository.list_items(pf) == before
    settle(qtbot, window)


def test_unreadable_file_is_reported_and_changes_nothing(  # type: ignore[no-untyped-def]
    qtbot, window, tmp_path: Path, monkeypatch
) -> None:
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1024)
    errors: list[str] = []
    window.document.errorOccurred.connect(errors.append)
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: None)
    monkeypatch.setattr(ImportDialog, "exec", lambda self: pytest.fail("no preview for a bad file"))
    assert not import_actions.import_plan(window, window.document, window.show_status, str(path))
    assert errors and "Excel 97–2003 workbook (.xls)" in errors[0]
    assert window.document.undo_stack.count() == 0


def test_a_file_without_known_headers_can_be_mapped_in_the_dialog(  # type: ignore[no-untyped-def]
    qtbot, document, tmp_path: Path
) -> None:
    path = write_rows(
        tmp_path / "odd.xlsx", [["Jour", "Réseau", "Texte"], ["2027-05-02", "PR", "Hi"]]
    )
    dialog = ImportDialog(document, open_source(path))
    qtbot.addWidget(dialog)
    assert "no header row found" in dialog.messagesList.item(0).text()
    assert not dialog.importButton.isEnabled()
    for index, field in enumerate(("date", "channel", "title")):
        dialog.set_field(index, field)
    assert dialog.importButton.isEnabled()
    assert preview_column(dialog, "Title") == ["Hi"]


def test_a_few_notes_leave_the_room_to_the_preview(qtbot, document, foreign: Path) -> None:  # type: ignore[no-untyped-def]
    """Seen in a screenshot: one note kept a 120-pixel list and squeezed the tables."""
    from streamdesk.gui.import_dialog import MESSAGES_HEIGHT

    dialog = ImportDialog(document, open_source(foreign))
    qtbot.addWidget(dialog)
    dialog.show()  # the list's lines wrap at its width on screen
    qtbot.waitExposed(dialog)
    dialog.dateOrderCombo.setCurrentIndex(1)  # no error left: only notes
    messages = dialog.messagesList
    line = messages.sizeHintForRow(0)
    notes = messages.count()
    assert 1 <= notes <= 2
    assert notes * line <= messages.height() <= notes * line + 2 * messages.frameWidth() + 4
    assert messages.height() < MESSAGES_HEIGHT
    dialog.dateOrderCombo.setCurrentIndex(0)  # the ambiguity error comes back: one line more
    assert messages.count() == notes + 1
    assert messages.height() >= (notes + 1) * line


def test_the_preview_opens_at_the_first_row_that_does_something(
    qtbot, document, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """An error on row 30 of our own workbook sat below 28 unchanged rows: the preview now
    opens there, showing the bad cell as it was read, in a red that reads on dark too."""
    from PySide6.QtGui import QColor, QPalette

    from streamdesk.gui.import_dialog import ERROR_ON_DARK, ERROR_ON_LIGHT

    def edit(rows: list[list[Any]]) -> None:
        rows[29][CONTENT["status"]] = "on hold forever"

    path = export(document.pf, tmp_path / "own.xlsx", edit_content=edit)
    dialog = ImportDialog(document, open_source(path))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    table = dialog.previewTable
    top = table.rowAt(0)
    assert table.item(top, 0).text() == "30"
    assert table.item(top, 1).text() == "error"
    assert preview_column(dialog, "Status")[top] == "on hold forever"
    assert table.item(top, 1).foreground().color() == QColor(ERROR_ON_LIGHT)
    dark = QPalette(dialog.palette())
    dark.setColor(QPalette.ColorRole.Base, QColor("#1e1e1e"))
    dialog.setPalette(dark)
    assert dialog.error_colour() == QColor(ERROR_ON_DARK)


def test_the_preview_and_mapping_models_pass_the_model_tester(  # type: ignore[no-untyped-def]
    qtbot, qtmodeltester, document, foreign: Path
) -> None:
    dialog = ImportDialog(document, open_source(foreign))
    qtbot.addWidget(dialog)
    dialog.dateOrderCombo.setCurrentIndex(1)  # rebuilt: rows and columns replaced
    assert dialog.previewTable.rowCount() == 2
    qtmodeltester.check(dialog.previewTable.model())
    qtmodeltester.check(dialog.mappingTable.model())


def test_a_long_message_is_read_whole_not_behind_a_scroll_bar(
    qtbot, document, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """Seen in a screenshot: the second error ran off behind a horizontal scroll bar."""
    source = tmp_path / "near.csv"
    source.write_text(
        "Date,Platform,Caption\n03/04/2027,LinkedIn,Spring\n05/04/2027,Instagrm,Story\n",
        encoding="utf-8",
    )
    dialog = ImportDialog(document, open_source(source))
    qtbot.addWidget(dialog)
    dialog.resize(700, 720)
    dialog.show()
    qtbot.waitExposed(dialog)
    messages = dialog.messagesList
    assert messages.count() == 2 and messages.wordWrap()
    assert not messages.horizontalScrollBar().isVisible()
    longest = max(range(2), key=lambda r: len(messages.item(r).text()))
    line = messages.fontMetrics().lineSpacing()
    assert messages.fontMetrics().horizontalAdvance(messages.item(longest).text()) > 700
    qtbot.waitUntil(lambda: messages.visualItemRect(messages.item(1)).bottom() > line)
    last = messages.visualItemRect(messages.item(1))
    first = messages.visualItemRect(messages.item(0))
    assert max(first.height(), last.height()) >= 2 * line  # wrapped onto a second line
    assert last.bottom() <= messages.viewport().height()  # and all of it in view
