"""The initiative dialog on its own: every field, clear refusals, the dependencies its dates
would break, and kinds chosen among the coloured ones.

The demo plan (tests/conftest.py) has two tracks of ten initiatives chained 1→2→…→10 and
11→12→…→20; initiative 1 has linked items, 12 has none. Shared fixtures are in
tests/timeline/conftest.py, shared helpers in timeline_helpers.py.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDialog
from timeline_helpers import (
    REJECT,
    dialog_for,
)

from streamdesk.gui import commands
from streamdesk.gui.timeline.dates import format_day
from streamdesk.gui.timeline.initiative_dialog import InitiativeDialog
from streamdesk.storage import repository


def test_dialog_refuses_a_cycle_and_invalid_fields(qtbot, document) -> None:  # type: ignore[no-untyped-def]
    initiatives = repository.list_initiatives(document.pf)
    deps = repository.list_dependencies(document.pf)
    third = next(i for i in initiatives if i.id == 3)
    dialog = InitiativeDialog(
        third, kinds=["Research"], lanes=["Research"], initiatives=initiatives, dependencies=deps
    )
    qtbot.addWidget(dialog)
    assert dialog.predecessor_ids() == [2]
    dialog.candidates.setCurrentIndex(dialog.candidates.findData(5))  # 5 waits for 3
    assert not dialog.add_predecessor()
    assert "cycle" in dialog.error.text()
    dialog.remove_predecessor()
    assert dialog.predecessor_dependencies() == []

    dialog.kind.setCurrentText("Research")  # the lane was the kind's: it follows
    assert dialog.lane.currentText() == "Research"
    dialog.milestone.setChecked(True)
    assert dialog.initiative().is_milestone
    dialog.title.setText("  ")
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted.value
    assert "title" in dialog.error.text()


def test_dialog_says_clearly_what_is_wrong_with_the_dates(qtbot, document) -> None:  # type: ignore[no-untyped-def]
    long_title = "Quarterly market research with a very long name " * 4
    old = next(i for i in repository.list_initiatives(document.pf) if i.id == 2)
    assert document.execute(commands.edit(document, [old], [old.replace(title=long_title)], "R"))
    dialog = dialog_for(document, 2)
    qtbot.addWidget(dialog)
    dialog.show()
    assert len(dialog.windowTitle()) <= 75 and dialog.windowTitle().endswith("…")

    dialog.end.setDate(dialog.start.date().addDays(-3))
    dialog.accept()
    assert dialog.result() == REJECT and dialog.isVisible()
    text = dialog.error.text()
    assert text.startswith("The end (") and "before the start" in text
    assert long_title not in text  # says what is wrong, not the title again
    assert dialog.focusWidget() is dialog.end

    dialog.end.setDate(dialog.start.date())  # a one-day bar: that is a milestone
    dialog.accept()
    assert dialog.result() == REJECT and "tick Milestone" in dialog.error.text()

    # a milestone has no range: its end follows its start and cannot be edited
    dialog.milestone.setChecked(True)
    assert not dialog.end.isEnabled()
    dialog.start.setDate(QDate(2027, 5, 3))
    assert dialog.initiative().start == dialog.initiative().end == date(2027, 5, 3)
    # back to a bar: it gets a range again instead of staying a one-day bar
    dialog.milestone.setChecked(False)
    new = dialog.initiative()
    assert not new.is_milestone and new.end == date(2027, 5, 16)

    dialog.title.setText("")
    dialog.accept()
    assert dialog.error.text() == "Initiative title cannot be empty."
    assert dialog.focusWidget() is dialog.title


def test_dialog_warns_of_the_dependencies_its_dates_would_break(qtbot, document) -> None:  # type: ignore[no-untyped-def]
    initiatives = {i.id: i for i in repository.list_initiatives(document.pf)}
    dialog = dialog_for(document, 3)  # waits for 2, 4 waits for it
    qtbot.addWidget(dialog)
    dialog.show()
    third, second, fourth = initiatives[3], initiatives[2], initiatives[4]
    assert dialog.warning.isHidden()

    length = (third.end - third.start).days
    dialog.start.setDate(QDate(second.end.year, second.end.month, second.end.day))
    assert dialog.warning.isVisible()
    assert f"Starts before {second.title!r} ends" in dialog.warning.text()
    # moving the start keeps the bar's length
    moved = dialog.initiative()
    assert (moved.end - moved.start).days == length

    dialog.predecessors.setCurrentRow(0)
    dialog.remove_predecessor()  # no predecessor, nothing broken upstream
    assert dialog.warning.isHidden()

    start = fourth.start
    dialog.end.setDate(QDate(start.year, start.month, start.day))
    assert f"{fourth.title!r} starts ({format_day(start)}) before this ends" in (
        dialog.warning.text()
    )


def test_the_kind_is_chosen_among_the_coloured_kinds_never_typed(qtbot, document) -> None:  # type: ignore[no-untyped-def]
    dialog = dialog_for(document, 2)
    qtbot.addWidget(dialog)
    assert not dialog.kind.isEditable()  # a typed kind would have no colour: a grey bar
    offered = [dialog.kind.itemText(n) for n in range(dialog.kind.count())]
    assert offered[:3] == ["Research", "Segmentation", "Pricing"]
    assert set(offered) <= {"Research", "Segmentation", "Pricing", dialog.kind.currentText()}
