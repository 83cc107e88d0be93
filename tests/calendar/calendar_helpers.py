"""What the calendar tests share besides fixtures (those are in conftest.py)."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QMessageBox

from streamdesk.domain import Item, Stream
from streamdesk.gui.calendar import CalendarWidget
from streamdesk.gui.calendar.item_dialog import ItemDialog
from streamdesk.storage import PlanFile, repository

MARCH = date(2027, 3, 1)
CTRL = Qt.KeyboardModifier.ControlModifier
LEFT = Qt.MouseButton.LeftButton
ONE_DAY = timedelta(days=1)


def saved_items(document) -> dict[int, Item]:  # type: ignore[no-untyped-def]
    """Every item as a second, read-only connection sees the plan file."""
    with PlanFile.open(document.pf.path, read_only=True) as pf:
        return {i.id: i for i in repository.list_items(pf)}


def centre(rect) -> QPoint:  # type: ignore[no-untyped-def]
    return rect.center().toPoint()


def drag(qtbot, widget, start: QPoint, end: QPoint, modifier=Qt.KeyboardModifier.NoModifier):  # type: ignore[no-untyped-def]
    qtbot.mousePress(widget, LEFT, modifier, start)
    qtbot.mouseMove(widget, start + QPoint(8, 6))
    qtbot.mouseMove(widget, end)
    qtbot.mouseRelease(widget, LEFT, modifier, end)


def chip_in_month(cal: CalendarWidget, n: int = 0) -> Item:
    items = [
        i
        for i in cal.monthGrid.items()
        if i.date.month == MARCH.month and cal.monthGrid.chip_rect(i.id) is not None
    ]
    return items[n]


def empty_day(cal: CalendarWidget, after: date = MARCH) -> date:
    day = after
    while cal.monthGrid.cell_items(day):
        day += timedelta(days=1)
    return day


def fill_dialog(monkeypatch, **values):  # type: ignore[no-untyped-def]
    """Replace the modal exec with filling the dialog's widgets and pressing OK."""
    seen: list[ItemDialog] = []

    def fake_exec(dialog: ItemDialog) -> int:
        seen.append(dialog)
        if "title" in values:
            dialog.titleEdit.setText(values["title"])
        if "status" in values:
            dialog.statusCombo.setCurrentIndex(dialog.statusCombo.findData(values["status"]))
        if "owner" in values:
            dialog.ownerCombo.setCurrentText(values["owner"])
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
        return dialog.result()

    monkeypatch.setattr(ItemDialog, "exec", fake_exec)
    return seen


def other_channel(document, item: Item) -> int:  # type: ignore[no-untyped-def]
    return next(c.id for c in document.channels(Stream.DOWNSTREAM) if c.id != item.channel_id)


def other_initiative(document, item: Item) -> int:  # type: ignore[no-untyped-def]
    return next(
        i.id for i in repository.list_initiatives(document.pf) if i.id != item.initiative_id
    )


def answer_delete(monkeypatch, answers: list[bool]) -> list[tuple[str, list[str]]]:  # type: ignore[no-untyped-def]
    """Answer the delete questions with ``answers`` (True: Delete) by pressing the box's own
    button; returns each question's text and button labels."""
    asked: list[tuple[str, list[str]]] = []

    def fake_exec(box: QMessageBox) -> int:
        labels = [b.text().replace("&", "") for b in box.buttons()]
        asked.append((box.text(), labels))
        wanted = "Delete" if answers.pop(0) else "Cancel"
        next(b for b in box.buttons() if b.text().replace("&", "") == wanted).click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    return asked
