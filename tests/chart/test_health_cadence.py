"""The health panel's Cadence section: each commitment's kept share and the periods it
was missed, a click going there."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from streamdesk.domain import Item, Plan
from streamdesk.domain.cadence import Commitment
from streamdesk.gui import commands
from streamdesk.gui.chart import BalancePanel, create_balance_panel
from streamdesk.gui.document import PlanDocument
from streamdesk.storage import create_plan, repository


def test_cadence_section_lists_kept_share_and_missed_weeks(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    pf = create_plan(tmp_path / "c.streamdesk", Plan(name="C", start=date(2027, 1, 4)))
    linkedin = repository.channel_by_name(pf, "LinkedIn")
    assert linkedin is not None
    for day in (4, 6, 8, 11, 18, 20, 22):  # weeks 1 and 3 met (3), week 2 missed (1)
        repository.insert(
            pf, Item(title="p", date=date(2027, 1, day), channel_id=linkedin.id, status="ready")
        )
    document = PlanDocument(pf)
    widget = create_balance_panel(document)
    qtbot.addWidget(widget)
    widget.resize(420, 760)
    widget.show()
    assert isinstance(widget, BalancePanel)
    health = widget.health
    assert health.section("cadence") is None  # no commitment, no section
    command = commands.create(
        document, [Commitment(channel_id=linkedin.id, count=3, per="week")], "Add cadence"
    )
    assert document.execute(command)
    qtbot.waitUntil(lambda: health.section("cadence") is not None)
    section = health.section("cadence")
    assert section.text(0) == "Cadence: 0 of 1 commitment kept in every period"
    lines = [section.child(n).text(0) for n in range(section.childCount())]
    assert lines == [
        "LinkedIn: 3 per week, kept 67% (2 of 3 weeks)",
        "    LinkedIn missed Week of 11 Jan 2027: 1 of 3",
    ]
    section.setExpanded(True)
    missed = section.child(1)
    with qtbot.waitSignal(document.periodChosen) as blocker:
        health.scrollToItem(missed)
        rect = health.visualItemRect(missed)
        qtbot.mouseClick(health.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args == [date(2027, 1, 11), date(2027, 1, 17)]
    document.close()
