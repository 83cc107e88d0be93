"""Fixtures of the timeline tests: the timeline widget on the demo plan, on a fixed day."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime

import pytest

from streamdesk.domain import clock
from streamdesk.gui.timeline import TimelineWidget, create_timeline


@pytest.fixture
def timeline(qtbot, document, monkeypatch) -> TimelineWidget:  # type: ignore[no-untyped-def]
    """The timeline on the demo plan, shown at 1000×560, on 1 March 2027 by its clock."""
    monkeypatch.setattr(clock, "now", lambda: datetime(2027, 3, 1, 12, 0))
    widget = create_timeline(document)
    assert isinstance(widget, TimelineWidget)
    qtbot.addWidget(widget)
    widget.resize(1000, 560)
    widget.show()
    qtbot.waitExposed(widget)
    assert widget.view.today == date(2027, 3, 1)
    return widget


@pytest.fixture(autouse=True)
def british_dates() -> Iterator[None]:
    """The timeline writes dates as the locale does: its tests read them in one locale."""
    from PySide6.QtCore import QLocale

    before = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
    yield
    QLocale.setDefault(before)
