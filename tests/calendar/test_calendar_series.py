"""Series in the calendar: the Repeat section, this/following/all edits as one undo step
each, a dragged occurrence becoming an exception that later edits of all respect."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from calendar_helpers import MARCH
from PySide6.QtWidgets import QDialog, QMessageBox

from streamdesk.domain import Item, Stream, clock
from streamdesk.domain.series import Scope
from streamdesk.gui.calendar import CalendarWidget, series_edits
from streamdesk.gui.calendar.chips import chip_text
from streamdesk.gui.calendar.item_dialog import ItemDialog
from streamdesk.storage import repository, series_repo

ONE_WEEK = timedelta(days=7)


@pytest.fixture(autouse=True)
def today(monkeypatch: pytest.MonkeyPatch) -> None:
    from datetime import datetime

    monkeypatch.setattr(clock, "now", lambda: datetime(2027, 3, 1, 9, 0))


def _weekly_dialog(monkeypatch: pytest.MonkeyPatch, title: str, days=(0, 2, 4)) -> list[str]:  # type: ignore[no-untyped-def]
    summaries: list[str] = []

    def fake_exec(dialog: ItemDialog) -> int:
        dialog.titleEdit.setText(title)
        section = dialog.repeatSection
        section.repeatCombo.setCurrentIndex(section.repeatCombo.findText("Weekly"))
        for n, check in enumerate(section.dayChecks):
            check.setChecked(n in days)
        section.endCombo.setCurrentIndex(section.endCombo.findText("Until"))
        section.untilEdit.setDate(section.untilEdit.date().fromString("2027-03-31", "yyyy-MM-dd"))
        summaries.append(section.summaryLabel.text())
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
        return int(dialog.result())

    monkeypatch.setattr(ItemDialog, "exec", fake_exec)
    return summaries


def _answer(monkeypatch: pytest.MonkeyPatch, scope: Scope | None) -> list[str]:
    asked: list[str] = []

    def fake(parent, item, verb):  # type: ignore[no-untyped-def]
        asked.append(verb)
        return scope

    monkeypatch.setattr(series_edits, "ask_scope", fake)
    return asked


def _create(cal: CalendarWidget, monkeypatch: pytest.MonkeyPatch) -> list[Item]:
    summaries = _weekly_dialog(monkeypatch, "Weekly tips")
    errors: list[str] = []
    cal.document.errorOccurred.connect(errors.append)
    saved = cal.create_item(date(2027, 3, 1))
    assert errors == []
    assert saved is not None and saved.series_id is not None
    assert summaries == ["Every week on Mon, Wed and Fri until 31 Mar 2027 — 14 items"]
    return series_repo.series_items(cal.document.pf, saved.series_id)


def test_creating_a_repeating_item_is_one_undo_step(cal: CalendarWidget, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    before = repository.count_items(cal.document.pf)
    items = _create(cal, monkeypatch)
    assert len(items) == 14 and items[0].date == MARCH
    assert repository.count_items(cal.document.pf) == before + 14
    assert chip_text(items[0]).startswith("↻ ")
    assert cal.document.undo()
    assert repository.count_items(cal.document.pf) == before
    assert series_repo.list_series(cal.document.pf) == []
    assert cal.document.redo() and repository.count_items(cal.document.pf) == before + 14


def test_edit_all_keeps_a_dragged_exception_and_undoes_in_one_step(
    cal: CalendarWidget, monkeypatch: pytest.MonkeyPatch
) -> None:
    items = _create(cal, monkeypatch)
    pf = cal.document.pf
    asked = _answer(monkeypatch, Scope.THIS)
    assert cal.reschedule(items[1].id or 0, date(2027, 3, 4))  # Wed -> Thu, on its own
    moved = repository.get(pf, Item, items[1].id or 0)
    assert asked == ["move"] and moved.detached and moved.date == date(2027, 3, 4)

    _answer(monkeypatch, Scope.ALL)

    def rename(dialog: ItemDialog) -> int:
        dialog.titleEdit.setText("Tips of the week")
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
        return int(dialog.result())

    monkeypatch.setattr(ItemDialog, "exec", rename)
    depth = cal.document.undo_stack.count()
    assert cal.edit_item(items[0].id or 0)
    assert cal.document.undo_stack.count() == depth + 1
    now = series_repo.series_items(pf, items[0].series_id or 0)
    titles = {i.id: i.title for i in now}
    assert titles[items[1].id] == "Weekly tips"  # the exception kept its own
    assert {t for k, t in titles.items() if k != items[1].id} == {"Tips of the week"}
    assert cal.document.undo()
    assert {i.title for i in series_repo.series_items(pf, items[0].series_id or 0)} == {
        "Weekly tips"
    }


def test_delete_following_asks_and_cancel_changes_nothing(
    cal: CalendarWidget, monkeypatch: pytest.MonkeyPatch
) -> None:
    items = _create(cal, monkeypatch)
    pf = cal.document.pf
    _answer(monkeypatch, None)
    assert not cal.delete_items([items[5].id or 0])
    assert len(series_repo.series_items(pf, items[0].series_id or 0)) == 14
    _answer(monkeypatch, Scope.FOLLOWING)
    assert cal.delete_items([items[5].id or 0])
    assert len(series_repo.series_items(pf, items[0].series_id or 0)) == 5
    assert cal.document.undo()
    assert len(series_repo.series_items(pf, items[0].series_id or 0)) == 14


def test_the_scope_question_has_three_choices_and_cancel(qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    seen: list[list[str]] = []

    def fake_exec(box: QMessageBox) -> int:
        seen.append([b.text().replace("&", "") for b in box.buttons()])
        following = next(b for b in box.buttons() if b.text() == "This and following")
        following.click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    item = Item(title="x", date=date(2027, 3, 1), channel_id=1, series_id=1)
    assert series_edits.ask_scope(None, item, "edit") is Scope.FOLLOWING  # type: ignore[arg-type]
    assert sorted(seen[0]) == sorted(["This one", "This and following", "All", "Cancel"])


def test_dialog_shows_an_occurrences_rule_and_keeps_its_series(
    qtbot, document, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    channel = document.channels(Stream.DOWNSTREAM)[0]
    series, items = series_repo.create_series(
        document.pf,
        series_repo.Series(
            rule="FREQ=MONTHLY;BYDAY=1TH;COUNT=6", start=date(2027, 3, 4), title="News",
            channel_id=channel.id,
        ),
        date(2027, 3, 1),
    )  # fmt: skip
    dialog = ItemDialog(items[0], channels=[channel], repeat=series.rule, today=date(2027, 3, 1))
    qtbot.addWidget(dialog)
    assert dialog.repeatSection.summaryLabel.text() == (
        "Every month on the first Thursday, 6 times — 6 items"
    )
    section = dialog.repeatSection
    assert section.monthlyCombo.currentText() == "on the first Thu"
    assert section.endCombo.currentText() == "After" and section.countSpin.value() == 6
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.item().series_id == series.id and dialog.repeat_rule() == series.rule


# -- a series that ends after N times stays N in all ------------------------------------


def _create_counted(
    cal: CalendarWidget, monkeypatch: pytest.MonkeyPatch, times: int = 10
) -> list[Item]:
    """Mon/Wed/Fri from Mon 1 Mar 2027, ending after ``times``."""

    def fake_exec(dialog: ItemDialog) -> int:
        dialog.titleEdit.setText("Tips")
        section = dialog.repeatSection
        section.repeatCombo.setCurrentIndex(section.repeatCombo.findText("Weekly"))
        for n, check in enumerate(section.dayChecks):
            check.setChecked(n in (0, 2, 4))
        section.endCombo.setCurrentIndex(section.endCombo.findText("After"))
        section.countSpin.setValue(times)
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
        return int(dialog.result())

    monkeypatch.setattr(ItemDialog, "exec", fake_exec)
    saved = cal.create_item(date(2027, 3, 1))
    assert saved is not None and saved.series_id is not None
    return series_repo.series_items(cal.document.pf, saved.series_id)


def _parts(cal: CalendarWidget) -> list[tuple[int | None, int]]:
    """Each series' count and how many occurrences it has."""
    pf = cal.document.pf
    return [
        (s.parts.count, len(series_repo.series_items(pf, s.id or 0)))
        for s in series_repo.list_series(pf)
    ]


def _keep_dialog(monkeypatch: pytest.MonkeyPatch, title: str) -> None:
    def rename(dialog: ItemDialog) -> int:
        dialog.titleEdit.setText(title)
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
        return int(dialog.result())

    monkeypatch.setattr(ItemDialog, "exec", rename)


def test_edit_following_of_a_counted_series_keeps_the_total_and_undoes(
    cal: CalendarWidget, monkeypatch: pytest.MonkeyPatch
) -> None:
    items = _create_counted(cal, monkeypatch)
    assert _parts(cal) == [(10, 10)]
    total = repository.count_items(cal.document.pf)
    _answer(monkeypatch, Scope.FOLLOWING)
    _keep_dialog(monkeypatch, "Tips, part two")
    depth = cal.document.undo_stack.count()
    assert cal.edit_item(items[4].id or 0)  # Wed 10 Mar: 4 come before it
    assert cal.document.undo_stack.count() == depth + 1
    assert _parts(cal) == [(4, 4), (6, 6)]
    assert repository.count_items(cal.document.pf) == total
    assert cal.document.undo()
    assert _parts(cal) == [(10, 10)] and repository.count_items(cal.document.pf) == total
    assert cal.document.redo()
    assert _parts(cal) == [(4, 4), (6, 6)] and repository.count_items(cal.document.pf) == total


def test_delete_and_move_following_of_a_counted_series_keep_the_count(
    cal: CalendarWidget, monkeypatch: pytest.MonkeyPatch
) -> None:
    items = _create_counted(cal, monkeypatch)
    pf = cal.document.pf
    _answer(monkeypatch, Scope.FOLLOWING)
    assert cal.reschedule(items[6].id or 0, date(2027, 3, 16))  # Mon 15 -> Tue 16 and on
    assert _parts(cal) == [(6, 6), (4, 4)]
    tail = series_repo.list_series(pf)[1]
    days = [i.date.day for i in series_repo.series_items(pf, tail.id or 0)]
    assert days == [16, 18, 20, 23]
    assert cal.delete_items([items[3].id or 0])  # Mon 8 Mar: 3 come before it
    assert _parts(cal)[0] == (3, 3)
    assert cal.document.undo() and _parts(cal) == [(6, 6), (4, 4)]
    assert cal.document.undo() and _parts(cal) == [(10, 10)]
    assert [i.date for i in series_repo.series_items(pf, items[0].series_id or 0)] == [
        i.date for i in items
    ]
    assert cal.document.redo() and cal.document.redo()
    assert _parts(cal)[0] == (3, 3)


def test_a_count_that_leaves_nothing_after_the_cut_says_why(
    cal: CalendarWidget, monkeypatch: pytest.MonkeyPatch
) -> None:
    items = _create_counted(cal, monkeypatch)
    _answer(monkeypatch, Scope.FOLLOWING)

    def shorter(dialog: ItemDialog) -> int:
        dialog.repeatSection.countSpin.setValue(4)
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
        return int(dialog.result())

    monkeypatch.setattr(ItemDialog, "exec", shorter)
    errors: list[str] = []
    cal.document.errorOccurred.connect(errors.append)
    depth = cal.document.undo_stack.count()
    assert not cal.edit_item(items[4].id or 0)
    assert cal.document.undo_stack.count() == depth and _parts(cal) == [(10, 10)]
    assert len(errors) == 1 and errors[0].startswith("The series has 4 items before 10 Mar 2027")


def test_an_inline_or_menu_edit_of_an_occurrence_is_kept_by_an_edit_of_all(
    cal: CalendarWidget, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Seen in the List view: a title typed into one occurrence's cell, and a time set on
    another, were written over by the next edit of all (the dialog's "This one" keeps them)."""
    items = _create(cal, monkeypatch)
    pf = cal.document.pf
    typed = items[1].replace(title="Q&A special")
    assert cal.editing.apply(items[1], typed)  # what the list's inline editor does
    assert repository.get(pf, Item, items[1].id or 0).detached
    from datetime import time

    assert cal.editing.change([items[2].id or 0], "Set time", time=time(7, 45))
    # results are the occurrence's own anyway: recording them leaves it in the series
    assert cal.editing.change([items[3].id or 0], "Record", reach=120)
    assert not repository.get(pf, Item, items[3].id or 0).detached
    _answer(monkeypatch, Scope.ALL)

    def rename(dialog: ItemDialog) -> int:
        dialog.titleEdit.setText("Tips of the week")
        dialog.timeCheck.setChecked(True)
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
        return int(dialog.result())

    monkeypatch.setattr(ItemDialog, "exec", rename)
    assert cal.edit_item(items[0].id or 0)
    now = {i.id: i for i in series_repo.series_items(pf, items[0].series_id or 0)}
    assert now[items[1].id].title == "Q&A special"
    assert (now[items[2].id].title, now[items[2].id].time) == ("Weekly tips", time(7, 45))
    assert now[items[3].id].title == "Tips of the week" and now[items[3].id].reach == 120


@pytest.mark.parametrize("scope", [Scope.ALL, Scope.FOLLOWING])
def test_an_exception_edited_with_all_or_following_takes_the_edit_too(
    cal: CalendarWidget, monkeypatch: pytest.MonkeyPatch, scope: Scope
) -> None:
    """Seen in the window: a dragged occurrence opened, renamed, "All": every other
    occurrence took the new title, the one in the dialog kept its old one."""
    items = _create(cal, monkeypatch)
    pf = cal.document.pf
    _answer(monkeypatch, Scope.THIS)
    assert cal.reschedule(items[1].id or 0, date(2027, 3, 4))  # an exception
    _answer(monkeypatch, scope)

    def rename(dialog: ItemDialog) -> int:
        dialog.titleEdit.setText("Tips of the week")
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
        return int(dialog.result())

    monkeypatch.setattr(ItemDialog, "exec", rename)
    depth = cal.document.undo_stack.count()
    assert cal.edit_item(items[1].id or 0)
    assert cal.document.undo_stack.count() == depth + 1
    edited = repository.get(pf, Item, items[1].id or 0)
    assert (edited.title, edited.date, edited.detached) == (
        "Tips of the week",
        date(2027, 3, 4),
        True,
    )
    assert edited.series_id is not None
    later = [i for i in repository.list_items(pf) if i.series_id and i.date > date(2027, 3, 4)]
    assert later and {i.title for i in later} == {"Tips of the week"}
    assert cal.document.undo()
    assert repository.get(pf, Item, items[1].id or 0).title == "Weekly tips"


@pytest.mark.parametrize("scope", [Scope.ALL, Scope.FOLLOWING])
def test_a_dragged_exception_moved_again_with_all_or_following_goes_where_dropped(
    cal: CalendarWidget, monkeypatch: pytest.MonkeyPatch, scope: Scope
) -> None:
    """Seen in the window: an exception dragged a week on, answered "All": every other
    occurrence moved a week, the chip under the mouse stayed where it was."""
    items = _create(cal, monkeypatch)
    pf = cal.document.pf
    _answer(monkeypatch, Scope.THIS)
    assert cal.reschedule(items[1].id or 0, date(2027, 3, 4))  # Wed -> Thu, an exception
    later = [i for i in items if i.date > date(2027, 3, 4)]
    _answer(monkeypatch, scope)
    depth = cal.document.undo_stack.count()
    assert cal.reschedule(items[1].id or 0, date(2027, 3, 11))
    assert cal.document.undo_stack.count() == depth + 1
    dragged = repository.get(pf, Item, items[1].id or 0)
    assert (dragged.date, dragged.detached) == (date(2027, 3, 11), True)
    governed = {i.date for i in repository.list_items(pf) if i.series_id and not i.detached}
    # the rest moved a week too (following: from the cut, as a new series of new items)
    assert later[0].date + ONE_WEEK in governed and later[0].date not in governed
    assert cal.document.undo()
    assert repository.get(pf, Item, items[1].id or 0).date == date(2027, 3, 4)


def test_an_occurrences_summary_says_how_many_the_plan_still_holds(
    cal: CalendarWidget, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """The rule makes 14; with one deleted on its own the calendar shows 13: the summary says
    so instead of a count that looks wrong, and says nothing once the rule is changed."""
    items = _create(cal, monkeypatch)
    _answer(monkeypatch, Scope.THIS)
    assert cal.editing.delete([items[3].id])
    seen: list[str] = []

    def look(dialog: ItemDialog) -> int:
        section = dialog.repeatSection
        seen.append(section.summaryLabel.text())
        section.countSpin.setValue(20)
        section.endCombo.setCurrentIndex(section.endCombo.findText("After"))
        seen.append(section.summaryLabel.text())
        return int(QDialog.DialogCode.Rejected)

    monkeypatch.setattr(ItemDialog, "exec", look)
    assert not cal.editing.edit(items[0].id)  # cancelled: nothing written
    assert seen[0] == (
        "Every week on Mon, Wed and Fri until 31 Mar 2027 — 14 items"
        " (13 in the plan; 1 deleted on its own)"
    )
    assert seen[1] == "Every week on Mon, Wed and Fri, 20 times — 20 items"
