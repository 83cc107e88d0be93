"""The day an item was first planned for: kept when the calendar moves it, new for what the
calendar makes, shown in the item dialog, and accepted as the plan in one undo step."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from calendar_helpers import CTRL, centre, chip_in_month, drag, empty_day, saved_items
from PySide6.QtGui import QColor, QPalette

from streamdesk.domain import Item, ItemStatus, Stream
from streamdesk.domain.cadence import Commitment, Per
from streamdesk.domain.channels import contrast_ratio
from streamdesk.domain.series import Scope, Series
from streamdesk.gui import commands
from streamdesk.gui.calendar import CalendarWidget, series_edits
from streamdesk.gui.calendar.cadence_gaps import fill_gaps
from streamdesk.gui.calendar.dates import day_text
from streamdesk.gui.calendar.item_dialog import ItemDialog
from streamdesk.gui.calendar.series_edits import move as move_occurrence
from streamdesk.storage import repository, series_repo


def test_dragging_a_chip_keeps_the_day_first_planned(qtbot, cal: CalendarWidget, document) -> None:  # type: ignore[no-untyped-def]
    item = chip_in_month(cal)
    grid = cal.monthGrid
    target = empty_day(cal, item.date + timedelta(days=1))
    drag(qtbot, grid, centre(grid.chip_rect(item.id)), centre(grid.cell_rect(target)))
    moved = saved_items(document)[item.id]
    assert (moved.date, moved.baseline, moved.moved) == (target, item.date, True)
    # moved again: still measured from the first plan, not from the last move
    cal.editing.move([item.id], 1)
    again = saved_items(document)[item.id]
    assert (again.date, again.baseline) == (target + timedelta(days=1), item.date)
    document.undo()
    document.undo()
    assert saved_items(document)[item.id] == item


def test_move_to_date_keeps_and_copies_and_duplicates_start_their_own(
    qtbot, cal: CalendarWidget, document
) -> None:  # type: ignore[no-untyped-def]
    item = chip_in_month(cal)
    day = date(2027, 3, 27)
    [moved] = cal.editing.move_to([item.id], day) or []
    assert (moved.date, moved.baseline) == (day, item.date)
    [copy] = cal.editing.duplicate([item.id], date(2027, 3, 29)) or []
    assert (copy.date, copy.baseline, copy.moved) == (date(2027, 3, 29), date(2027, 3, 29), False)
    before = saved_items(document)
    grid = cal.monthGrid
    other = empty_day(cal, date(2027, 3, 2))
    drag(qtbot, grid, centre(grid.chip_rect(item.id)), centre(grid.cell_rect(other)), CTRL)
    (copy_id,) = saved_items(document).keys() - before.keys()
    assert saved_items(document)[copy_id].baseline == other  # a ctrl-drag copy: its own day


def _moved_item(document) -> Item:  # type: ignore[no-untyped-def]
    channel = document.channels(Stream.DOWNSTREAM)[0].id
    return Item("Launch post", date(2027, 3, 5), channel, id=7, planned_on=date(2027, 3, 3))


def test_the_dialog_says_quietly_when_the_item_moved(qtbot, document) -> None:  # type: ignore[no-untyped-def]
    item = _moved_item(document)
    dialog = ItemDialog(item, channels=document.channels(Stream.DOWNSTREAM))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.baselineRow.isVisible()
    assert dialog.baselineLabel.text() == f"Originally planned for {day_text(date(2027, 3, 3))}"
    assert not dialog.baselineLabel.isEnabled()  # read-only: the quiet, disabled colour
    dialog.dateEdit.setDate(date(2027, 3, 3))  # back on the day first planned
    assert not dialog.baselineRow.isVisible()
    dialog.dateEdit.setDate(date(2027, 3, 9))  # a new date in the dialog keeps the baseline
    assert dialog.baselineRow.isVisible()
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    result = dialog.item()
    assert result is not None
    assert (result.date, result.baseline) == (date(2027, 3, 9), item.baseline)
    # a new item and an item on its first day show nothing
    for shown in (item.replace(id=None, planned_on=None), item.replace(planned_on=item.date)):
        other = ItemDialog(shown, channels=document.channels(Stream.DOWNSTREAM))
        qtbot.addWidget(other)
        other.show()
        assert not other.baselineRow.isVisible()


def test_rebaseline_in_the_dialog_is_one_undo_step(
    qtbot, cal: CalendarWidget, document, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    item = chip_in_month(cal)
    cal.editing.move([item.id], 2)
    moved = saved_items(document)[item.id]
    assert moved.moved
    steps = document.undo_stack.count()

    def rebaseline_and_ok(dialog: ItemDialog) -> int:
        assert dialog.baselineRow.isVisibleTo(dialog)
        dialog.rebaselineButton.click()
        assert not dialog.baselineRow.isVisibleTo(dialog)
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
        return dialog.result()

    monkeypatch.setattr(ItemDialog, "exec", rebaseline_and_ok)
    assert cal.editing.edit(item.id)
    now = saved_items(document)[item.id]
    assert (now.date, now.baseline, now.moved) == (moved.date, moved.date, False)
    assert document.undo_stack.count() == steps + 1
    document.undo()
    assert saved_items(document)[item.id] == moved


def test_a_read_only_dialog_offers_no_rebaseline(qtbot, document) -> None:  # type: ignore[no-untyped-def]
    dialog = ItemDialog(_moved_item(document), channels=document.channels(Stream.DOWNSTREAM))
    qtbot.addWidget(dialog)
    dialog.set_read_only("read-only")
    dialog.show()
    assert dialog.baselineLabel.isVisible() and not dialog.rebaselineButton.isVisible()


def test_series_occurrences_and_filled_gaps_are_planned_for_their_own_days(document) -> None:  # type: ignore[no-untyped-def]
    channel = document.channels(Stream.DOWNSTREAM)[0].id
    series = Series(
        rule="FREQ=WEEKLY;BYDAY=MO;UNTIL=20270329", start=date(2027, 3, 1), title="Tip",
        channel_id=channel,
    )  # fmt: skip
    _, items = series_repo.create_series(document.pf, series, date(2027, 3, 1))
    assert all(i.baseline == i.date for i in items) and len(items) == 5
    # one occurrence moved on its own keeps its series day as the day first planned
    document.execute(move_occurrence(document, items[1], date(2027, 3, 10), Scope.THIS))
    moved = series_repo.series_items(document.pf, items[0].series_id or 0)[1]
    assert (moved.date, moved.baseline, moved.detached) == (date(2027, 3, 10), items[1].date, True)
    repository.insert(document.pf, Commitment(channel_id=channel, count=20, per=Per.WEEK))
    command = fill_gaps(document, date(2027, 3, 1), date(2027, 3, 31))
    assert command is not None
    made = [e for e in command.after if isinstance(e, Item)]
    assert made and all(i.baseline == i.date and i.planned_on == i.date for i in made)


@pytest.mark.parametrize(("window", "text"), [("#efefef", "#000000"), ("#353535", "#e6e6e6")])
def test_the_baseline_note_is_quiet_but_legible(qtbot, document, window: str, text: str) -> None:  # type: ignore[no-untyped-def]
    """Seen at 1366×768 in Fusion's light palette: the disabled colour was 1.6:1 on the
    window, too faint to read. Muted, but at least 4.5:1, in light and dark, in full."""
    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Window, QColor(window))
    palette.setColor(QPalette.ColorRole.WindowText, QColor(text))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText, QColor("#bebebe"))
    dialog = ItemDialog(_moved_item(document), channels=document.channels(Stream.DOWNSTREAM))
    qtbot.addWidget(dialog)
    dialog.setPalette(palette)
    dialog.show()
    qtbot.waitExposed(dialog)
    label = dialog.baselineLabel
    shown = label.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText)
    assert contrast_ratio(shown.name(), window) >= 4.5
    assert shown.name() != text  # still quieter than the fields' text
    assert label.fontMetrics().horizontalAdvance(label.text()) <= label.contentsRect().width()


def _weekly_series(document, rule: str = "FREQ=WEEKLY;COUNT=4") -> list[Item]:  # type: ignore[no-untyped-def]
    """A series as a foreign file's "weekly" makes it: a rule with no BYDAY."""
    series = Series(
        title="Tips", channel_id=document.channels(Stream.DOWNSTREAM)[0].id,
        start=date(2027, 3, 1), rule=rule,
    )  # fmt: skip
    made = series_repo.create_snapshot(document.pf, series, date(2027, 3, 1))
    assert document.execute(commands.PlanCommand(document, "Add", [], made))
    (series_id,) = [s.id for s in series_repo.list_series(document.pf)]
    return series_repo.series_items(document.pf, series_id)


def _asked(monkeypatch, answer: Scope | None) -> list[str]:  # type: ignore[no-untyped-def]
    asked: list[str] = []

    def ask(parent, item, verb):  # type: ignore[no-untyped-def]
        asked.append(verb)
        return answer

    monkeypatch.setattr(series_edits, "ask_scope", ask)
    return asked


@pytest.mark.parametrize("answer", [None, Scope.ALL])
def test_rebaseline_of_a_dragged_occurrence_asks_nothing_and_is_kept(
    qtbot, cal: CalendarWidget, document, monkeypatch, answer: Scope | None
) -> None:  # type: ignore[no-untyped-def]
    """Seen in the window: Re-baseline on a dragged occurrence asked "this one, this and
    following, or all?", and All saved an undo step "Edit all" that dropped the new baseline."""
    first = _weekly_series(document, "FREQ=WEEKLY;BYDAY=MO;COUNT=4")[0]
    assert document.execute(move_occurrence(document, first, date(2027, 3, 3), Scope.THIS))
    asked = _asked(monkeypatch, answer)

    def rebaseline_and_ok(dialog: ItemDialog) -> int:
        dialog.rebaselineButton.click()
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
        return dialog.result()

    monkeypatch.setattr(ItemDialog, "exec", rebaseline_and_ok)
    steps = document.undo_stack.count()
    assert cal.editing.edit(first.id)
    assert asked == []
    now = saved_items(document)[first.id]
    assert (now.date, now.baseline, now.moved, now.detached) == (
        date(2027, 3, 3), date(2027, 3, 3), False, True,
    )  # fmt: skip
    assert document.undo_stack.count() == steps + 1
    document.undo()
    assert saved_items(document)[first.id].baseline == date(2027, 3, 1)


def test_ok_on_an_untouched_occurrence_of_a_foreign_weekly_series_changes_nothing(
    qtbot, cal: CalendarWidget, document, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """Seen with an imported "weekly" series (FREQ=WEEKLY, no BYDAY): OK on an occurrence's
    dialog, nothing touched, asked "this one, this and following, or all?" — the Repeat
    section wrote the rule anew (BYDAY=MO) and it read as a change of the series."""
    items = _weekly_series(document)
    asked = _asked(monkeypatch, Scope.ALL)

    def ok(dialog: ItemDialog) -> int:
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
        return dialog.result()

    monkeypatch.setattr(ItemDialog, "exec", ok)
    steps = document.undo_stack.count()
    assert not cal.editing.edit(items[1].id)
    assert asked == [] and document.undo_stack.count() == steps
    (series,) = series_repo.list_series(document.pf)
    assert series.rule == "FREQ=WEEKLY;COUNT=4"


def test_a_copy_of_a_published_post_is_the_next_post_not_its_results_again(
    qtbot, cal: CalendarWidget, document
) -> None:  # type: ignore[no-untyped-def]
    """Duplicated, pasted or Ctrl-dragged, a published item with results starts as a draft
    with none of them: the client report would otherwise count its reach twice."""
    item = chip_in_month(cal)
    [ran] = (
        cal.editing.change(
            [item.id],
            "Set results",
            status=ItemStatus.PUBLISHED,
            reach=1200,
            clicks=40,
            conversions=3,
            actual_cost=80.0,
            link="https://example.com/launch",
        )
        or []
    )
    [copy] = cal.editing.duplicate([ran.id], date(2027, 3, 29)) or []
    assert (copy.status, copy.reach, copy.clicks, copy.conversions) == (
        ItemStatus.DRAFT,
        None,
        None,
        None,
    )
    assert (copy.actual_cost, copy.link) == (None, "")
    assert (copy.title, copy.channel_id, copy.cost, copy.initiative_id) == (
        ran.title,
        ran.channel_id,
        ran.cost,
        ran.initiative_id,
    )
    before = saved_items(document)
    grid = cal.monthGrid
    other = empty_day(cal, date(2027, 3, 2))
    drag(qtbot, grid, centre(grid.chip_rect(ran.id)), centre(grid.cell_rect(other)), CTRL)
    (dragged_id,) = saved_items(document).keys() - before.keys()
    dragged = saved_items(document)[dragged_id]
    assert (dragged.status, dragged.reach, dragged.link) == (ItemStatus.DRAFT, None, "")
    assert saved_items(document)[ran.id] == ran  # the original keeps what it earned


def test_a_copy_of_a_planned_item_keeps_its_status_and_link() -> None:
    item = Item(
        "Webinar invite",
        date(2027, 3, 5),
        1,
        status=ItemStatus.SCHEDULED,
        link="https://example.com/register",
        id=4,
        planned_on=date(2027, 3, 1),
    )
    copy = item.copied(date=date(2027, 4, 2))
    assert (copy.id, copy.status, copy.link, copy.baseline) == (
        None,
        ItemStatus.SCHEDULED,
        "https://example.com/register",
        date(2027, 4, 2),
    )
