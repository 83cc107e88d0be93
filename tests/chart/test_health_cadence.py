"""The health panel's Cadence section: each commitment's kept share and the periods it
was missed, a click going there."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from PySide6.QtCore import QLocale, QRect, Qt
from PySide6.QtWidgets import QStyleOptionViewItem

from streamdesk.domain import Item, Plan
from streamdesk.domain.cadence import Commitment
from streamdesk.gui import commands
from streamdesk.gui.calendar.dates import day_text
from streamdesk.gui.chart import BalancePanel, create_balance_panel
from streamdesk.gui.chart.health_panel import SUB, _WrappingDelegate
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
        "LinkedIn: 3 per week, kept 67% (2\u00a0of\u00a03 weeks)",
        "LinkedIn missed the week of 11 Jan 2027: 1\u00a0of\u00a03",
    ]
    section.setExpanded(True)
    missed = section.child(1)
    with qtbot.waitSignal(document.periodChosen) as blocker:
        health.scrollToItem(missed)
        rect = health.visualItemRect(missed)
        qtbot.mouseClick(health.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args == [date(2027, 1, 11), date(2027, 1, 17)]
    document.close()


def test_missed_periods_wrap_under_their_commitment_in_a_narrow_panel(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Seen at 1366×768: the missed lines were indented with spaces (a wrapped line lost the
    indent), "2 of 3" wrapped as "2 of" / "3", and rows that fit on one line were drawn two
    lines tall. Now: indented by the delegate, figures kept together, rows as tall as their
    wrapped text."""
    pf = create_plan(tmp_path / "n.streamdesk", Plan(name="N", start=date(2027, 1, 4)))
    linkedin = repository.channel_by_name(pf, "LinkedIn")
    assert linkedin is not None and linkedin.id is not None
    repository.insert(pf, Commitment(channel_id=linkedin.id, count=3, per="week"))
    for day in (4, 6, 11, 25):
        repository.insert(
            pf, Item(title="p", date=date(2027, 1, day), channel_id=linkedin.id, status="ready")
        )
    document = PlanDocument(pf)
    widget = create_balance_panel(document)
    qtbot.addWidget(widget)
    assert isinstance(widget, BalancePanel)
    widget.resize(230, 900)
    widget.show()
    health = widget.health
    qtbot.waitUntil(lambda: health.section("cadence") is not None)
    section = health.section("cadence")
    section.setExpanded(True)
    missed = [section.child(n) for n in range(1, section.childCount())]
    assert missed and all(line.data(0, SUB) for line in missed)
    delegate = health.itemDelegate()
    assert isinstance(delegate, _WrappingDelegate)
    fm = health.fontMetrics()
    for line in [section, *(section.child(n) for n in range(section.childCount()))]:
        text = line.text(0)
        assert text == text.lstrip()
        index = health.indexFromItem(line)
        option = QStyleOptionViewItem()
        option.initFrom(health)
        width = delegate.text_width(option, index)
        lines_needed = fm.boundingRect(QRect(0, 0, width, 10_000), Qt.TextFlag.TextWordWrap, text)
        lines_needed_count = round(lines_needed.height() / fm.lineSpacing())
        row = health.visualItemRect(line)
        assert row.height() < (lines_needed_count + 1) * fm.lineSpacing()  # no blank line
        assert row.height() >= lines_needed_count * fm.lineSpacing()  # nothing cut off
    assert all("of\u00a0" in line.text(0) for line in missed)  # "1 of 3" never splits
    document.close()


@pytest.fixture
def us_locale() -> Iterator[None]:
    before = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    yield
    QLocale.setDefault(before)


def test_health_dates_are_the_locales_like_the_calendars(qtbot, tmp_path, us_locale) -> None:  # type: ignore[no-untyped-def]
    """Issue 19: the health panel wrote "Week of 02 Mar 2026" (strftime, zero-padded, always
    day first) while the calendar and timeline write the user's locale's date."""
    pf = create_plan(tmp_path / "u.streamdesk", Plan(name="U", start=date(2027, 1, 4)))
    linkedin = repository.channel_by_name(pf, "LinkedIn")
    assert linkedin is not None and linkedin.id is not None
    repository.insert(pf, Commitment(channel_id=linkedin.id, count=3, per="week"))
    for day in (4, 5, 6, 11, 18, 19, 20):  # the week of 11 January is missed
        repository.insert(
            pf, Item(title="p", date=date(2027, 1, day), channel_id=linkedin.id, status="ready")
        )
    document = PlanDocument(pf)
    widget = create_balance_panel(document)
    qtbot.addWidget(widget)
    assert isinstance(widget, BalancePanel)
    widget.resize(420, 760)
    widget.show()
    qtbot.waitUntil(lambda: widget.health.section("cadence") is not None)
    section = widget.health.section("cadence")
    missed = section.child(1).text(0)
    assert day_text(date(2027, 1, 11), weekday=False) == "Jan 11, 2027"  # the US order
    assert missed == "LinkedIn missed the week of Jan 11, 2027: 1\u00a0of\u00a03"
    document.close()
