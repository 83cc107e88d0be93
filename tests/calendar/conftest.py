"""Fixtures of the calendar tests: a calendar on the demo plan, shown on March 2027."""

from __future__ import annotations

import pytest
from calendar_helpers import MARCH

from streamdesk.gui.calendar import CalendarWidget, create_calendar


@pytest.fixture
def cal(qtbot, document) -> CalendarWidget:  # type: ignore[no-untyped-def]
    widget = create_calendar(document)
    qtbot.addWidget(widget)
    widget.resize(1000, 700)
    widget.show()
    qtbot.waitExposed(widget)
    widget.show_month(MARCH)
    return widget
