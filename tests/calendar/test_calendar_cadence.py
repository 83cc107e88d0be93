"""Cadence in the calendar: ghost placeholders for unmet slots in Month and Channels,
Fill gaps as one undo step, and the Cadence dialog as one undo step."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from calendar_helpers import MARCH
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QApplication, QDialog

from streamdesk.domain import Channel, Item, ItemStatus, Stream, clock
from streamdesk.domain.cadence import Commitment
from streamdesk.gui import commands
from streamdesk.gui.cadence_dialog import CadenceDialog, edit_cadence
from streamdesk.gui.calendar import CalendarWidget
from streamdesk.gui.calendar.grid_paint import GHOST_PADDING, ghost_label
from streamdesk.storage import repository, series_repo


@pytest.fixture(autouse=True)
def today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock, "now", lambda: datetime(2027, 3, 1, 9, 0))


def _quiet_channel(cal: CalendarWidget) -> int:
    """A new downstream channel (no items yet) with a commitment of 2 per week."""
    made = commands.create(
        cal.document, [Channel("Podcast", "#336699", Stream.DOWNSTREAM)], "Add channel"
    )
    assert cal.document.execute(made)
    channel_id = int(made.after[0].id or 0)
    command = commands.create(
        cal.document, [Commitment(channel_id=channel_id, count=2, per="week")], "Add cadence"
    )
    assert cal.document.execute(command)
    return channel_id


def test_ghosts_in_month_and_channels_views_say_what_is_missing(cal: CalendarWidget) -> None:
    channel_id = _quiet_channel(cal)
    name = cal.document.channel(channel_id).name
    ghosts = cal.monthGrid.ghosts()
    words = [w for texts in ghosts.values() for w in texts]
    # March 2027 from Monday 1 March: weeks of 1, 8, 15, 22 and 29 March, none met
    assert words.count(f"{name}: 2 more this week") == 5
    assert all(isinstance(k, date) and k >= date(2027, 3, 1) for k in ghosts)
    assert cal.monthGrid.ghost_rects()  # there is room for them in the cells
    cal.set_layout("channels")
    channel_ghosts = cal.channelGrid.ghosts()
    assert channel_ghosts and all(k[0] == channel_id for k in channel_ghosts)
    # the row names the channel: the words do not repeat it
    assert {w for texts in channel_ghosts.values() for w in texts} == {"2 more this week"}


def test_fill_gaps_adds_ideas_on_usual_days_in_one_undo_step(cal: CalendarWidget) -> None:
    channel_id = _quiet_channel(cal)
    pf = cal.document.pf
    before = repository.count_items(pf)
    depth = cal.document.undo_stack.count()
    cal.toolbar.actionFillGaps.trigger()
    assert cal.document.undo_stack.count() == depth + 1
    start, end = cal.visible_range()
    added = [
        i for i in repository.list_items(pf, start, end + (end - start))
        if i.channel_id == channel_id
    ]  # fmt: skip
    assert repository.count_items(pf) - before == len(added) >= 10
    assert {i.status for i in added} == {ItemStatus.IDEA}
    # ideas do not count unless the commitment says so: the ghosts stay
    assert cal.monthGrid.ghosts()
    assert cal.document.undo() and repository.count_items(pf) == before


def test_cadence_dialog_is_one_undo_step(qtbot, document, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    channels = document.channels(Stream.DOWNSTREAM)

    def fill(dialog: CadenceDialog) -> int:
        row = dialog.editor.add_row(None)
        dialog.editor.table.cellWidget(row, 0).setCurrentIndex(1)
        dialog.editor.table.cellWidget(row, 2).setValue(3)
        dialog.editor.table.cellWidget(row, 4).setChecked(True)
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
        return int(dialog.result())

    monkeypatch.setattr(CadenceDialog, "exec", fill)
    assert edit_cadence(document)
    (saved,) = series_repo.list_cadences(document.pf)
    assert (saved.count, saved.per.value, saved.ideas_count) == (3, "week", True)
    # the rows offer the downstream channels only (where items are)
    assert saved.channel_id == channels[1].id
    assert channels  # the demo has downstream channels
    assert document.undo() and series_repo.list_cadences(document.pf) == []
    monkeypatch.setattr(CadenceDialog, "exec", lambda d: QDialog.DialogCode.Rejected)
    assert not edit_cadence(document)


def test_ghosts_follow_a_new_item(cal: CalendarWidget) -> None:
    channel_id = _quiet_channel(cal)
    name = cal.document.channel(channel_id).name
    item = Item(title="x", date=date(2027, 3, 2), channel_id=channel_id, status="draft")
    assert cal.document.execute(commands.create(cal.document, [item], "Add"))
    words = [w for texts in cal.monthGrid.ghosts().values() for w in texts]
    assert f"{name}: 1 more this week" in words
    assert MARCH.month == 3


@pytest.mark.parametrize("width", [1000, 760, 560])
def test_a_narrow_ghost_keeps_its_number_and_says_the_rest_in_its_tool_tip(
    cal: CalendarWidget, width: int
) -> None:
    """Seen in the Channels view at 1366 px: "2 more this month" was cut to "2 more…", and
    narrower it would lose the number. The label shortens by words, never by the figure."""
    _quiet_channel(cal)
    cal.set_layout("channels")
    cal.resize(width, 700)
    grid = cal.channelGrid
    QApplication.processEvents()
    shown = grid.ghost_labels()
    assert shown
    fm = QFontMetrics(grid.ghost_font())
    for rect, words, label in shown:
        assert "…" not in label and "2" in label
        assert fm.horizontalAdvance(label) <= rect.width() - GHOST_PADDING
        assert words in grid._ghost_tip(rect.center())


def test_ghost_label_shortens_by_words() -> None:
    font = QFont()
    fm = QFontMetrics(font)
    words = "LinkedIn: 2 more this week"
    forms = ["LinkedIn: 2 more this week", "LinkedIn: 2 more", "2 more", "+2"]
    for form in forms:
        assert ghost_label(words, fm, fm.horizontalAdvance(form)) == form
    assert ghost_label("2 more this month", fm, fm.horizontalAdvance("2 more")) == "2 more"


def test_next_months_gap_does_not_sit_in_this_months_grid(cal: CalendarWidget) -> None:
    """Seen in December's grid: January's "Blog/SEO: 2 more" on 1 January (one of three
    January days shown) read as December's gap, though December was kept."""
    made = commands.create(
        cal.document, [Channel("Podcast", "#336699", Stream.DOWNSTREAM)], "Add channel"
    )
    assert cal.document.execute(made)
    channel_id = int(made.after[0].id or 0)
    episodes = [
        Item(f"Episode {d}", date(2027, 3, d), channel_id, status=ItemStatus.READY) for d in (9, 23)
    ]
    assert cal.document.execute(commands.create(cal.document, episodes, "Add"))
    command = commands.create(
        cal.document, [Commitment(channel_id=channel_id, count=2, per="month")], "Add cadence"
    )
    assert cal.document.execute(command)
    _, end = cal.visible_range()
    assert end >= date(2027, 4, 1)  # the grid shows the first days of April
    assert not cal.monthGrid.ghosts()  # March is kept; April's gap waits for April
    cal.toolbar.actionFillGaps.trigger()  # and Fill gaps adds nothing for April either
    podcast = [i for i in repository.list_items(cal.document.pf) if i.channel_id == channel_id]
    assert [i.date for i in podcast] == [date(2027, 3, 9), date(2027, 3, 23)]


def test_a_ghost_whose_day_is_full_goes_to_another_day_of_its_week(cal: CalendarWidget) -> None:
    """Seen at 1366×768: the week's LinkedIn gap fell on a Wednesday already showing
    "+2 more", and was not shown at all. It now takes the next day of its week with room."""
    channel_id = _quiet_channel(cal)
    grid = cal.monthGrid
    ghost_days = sorted(k for k in grid.ghosts() if date(2027, 3, 1) <= k <= date(2027, 3, 7))
    assert ghost_days
    busy = ghost_days[0]
    other = next(c.id for c in cal.document.channels(Stream.DOWNSTREAM) if c.id != channel_id)
    crowd = [Item(f"Busy {n}", busy, other, status=ItemStatus.READY) for n in range(8)]
    assert cal.document.execute(commands.create(cal.document, crowd, "Crowd"))
    QApplication.processEvents()
    assert grid.more_rect(busy) is not None  # the day shows "+N": no room for a ghost
    week = [date(2027, 3, d) for d in range(1, 8)]
    placed = [
        day
        for rect, _ in grid.ghost_rects()
        for day in week
        if grid.cell_rect(day).contains(rect.center())
    ]
    assert placed and busy not in placed


def test_a_second_fill_gaps_adds_nothing_and_says_why(cal: CalendarWidget) -> None:
    """Seen in the window: the ideas Fill gaps made do not count for a commitment that
    leaves ideas out, so the ghosts stayed and a second Fill gaps doubled every idea."""
    channel_id = _quiet_channel(cal)
    pf = cal.document.pf
    errors: list[str] = []
    cal.document.errorOccurred.connect(errors.append)
    cal.toolbar.actionFillGaps.trigger()
    made = repository.count_items(pf)
    depth = cal.document.undo_stack.count()
    assert cal.monthGrid.ghosts() and errors == []  # ideas do not count: the ghosts stay
    cal.toolbar.actionFillGaps.trigger()
    assert repository.count_items(pf) == made
    assert cal.document.undo_stack.count() == depth
    assert len(errors) == 1 and "already have idea items" in errors[0]
    # an idea moved on to draft counts; one deleted leaves a gap that is filled again
    ideas = [i for i in repository.list_items(pf) if i.channel_id == channel_id]
    gone = ideas[0]
    assert cal.document.execute(commands.delete(cal.document, [gone], "Delete"))
    cal.toolbar.actionFillGaps.trigger()
    again = [i for i in repository.list_items(pf) if i.channel_id == channel_id]
    assert len(again) == len(ideas) and any(i.date == gone.date for i in again)


@pytest.mark.parametrize("host", ["dialog", "plan settings"])
def test_two_rows_for_the_same_channel_and_period_are_refused(qtbot, document, host) -> None:  # type: ignore[no-untyped-def]
    """Seen in Edit → Cadence…: LinkedIn 3 per week and LinkedIn 1 per week were both kept,
    the ghosts asked for both and Fill gaps put two ideas on a day."""
    from streamdesk.gui.plan_settings import PlanSettingsDialog

    linkedin = next(c for c in document.channels() if c.name == "LinkedIn")
    if host == "dialog":
        dialog = CadenceDialog([], document.channels(), [])
        editor, label = dialog.editor, dialog.errorLabel
    else:
        dialog = PlanSettingsDialog(document)
        editor, label = dialog.cadenceEditor, dialog.errorLabel
    qtbot.addWidget(dialog)
    for count in (3, 1):
        row = editor.add_row(None)
        combo = editor.table.cellWidget(row, 0)
        combo.setCurrentIndex(combo.findData(linkedin.id))
        editor.table.cellWidget(row, 2).setValue(count)
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert label.text() == "Rows 1 and 2 both promise LinkedIn per week: keep one."
    assert series_repo.list_cadences(document.pf) == []
    # per month beside per week is two promises, not one twice
    editor.table.cellWidget(1, 3).setCurrentIndex(1)
    assert [c.per.value for c in editor.commitments()] == ["week", "month"]


@pytest.mark.parametrize("host", ["dialog", "plan settings"])
def test_commitments_offer_the_downstream_channels(qtbot, document, monkeypatch, host) -> None:  # type: ignore[no-untyped-def]
    """Seen in Edit → Cadence…: the channel list began with the upstream lanes (Research,
    Segmentation…) and Add commitment made "Research: 1 per week", which no item can keep.
    A commitment already on an upstream channel still shows as it is."""
    from streamdesk.gui.plan_settings import PlanSettingsDialog

    upstream = document.channels(Stream.UPSTREAM)[0]
    kept = Commitment(channel_id=upstream.id, count=1, per="month")
    assert document.execute(commands.create(document, [kept], "Add cadence"))
    editors = []

    def look(dialog) -> int:  # type: ignore[no-untyped-def]
        editors.append(dialog.editor)
        return int(QDialog.DialogCode.Rejected)

    if host == "dialog":
        monkeypatch.setattr(CadenceDialog, "exec", look)
        edit_cadence(document)
        (editor,) = editors
    else:
        dialog = PlanSettingsDialog(document)
        qtbot.addWidget(dialog)
        editor = dialog.cadenceEditor
    row = editor.add_row(None)
    combo = editor.table.cellWidget(row, 0)
    offered = [combo.itemText(i) for i in range(combo.count())]
    downstream = [c.name for c in document.channels(Stream.DOWNSTREAM)]
    assert offered == [upstream.name, *downstream]  # the plan's order: the upstream one first
    assert combo.currentText() == downstream[0]  # a new row starts on a downstream channel
    assert editor.table.cellWidget(0, 0).currentText() == upstream.name


def test_fill_gaps_says_why_it_made_nothing(cal: CalendarWidget) -> None:
    """Seen in the window: "every commitment of this period is met" was said of a plan with
    no commitment at all, and of a month gone by in which LinkedIn missed two weeks."""
    errors: list[str] = []
    cal.document.errorOccurred.connect(errors.append)
    assert not cal.fill_gaps()
    assert errors[-1] == "This plan has no cadence commitments yet: set them in Edit → Cadence…."
    _quiet_channel(cal)  # 2 a week, nothing planned: every week of last year missed
    cal.show_month(date(2026, 3, 1))
    assert not cal.fill_gaps()
    assert errors[-1].startswith("This period has passed: Fill gaps plans the weeks")
    assert "met" not in errors[-1]
