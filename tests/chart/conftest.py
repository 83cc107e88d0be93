"""Fixtures of the chart area: a shown balance panel, and a small plan built by hand."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from chart_helpers import LONG

from streamdesk.domain import Initiative, Item, Plan
from streamdesk.gui.chart import BalancePanel, create_balance_panel
from streamdesk.gui.document import PlanDocument
from streamdesk.storage import create_plan, repository


@pytest.fixture
def panel(qtbot, document: PlanDocument) -> BalancePanel:  # type: ignore[no-untyped-def]
    widget = create_balance_panel(document)
    qtbot.addWidget(widget)
    widget.resize(420, 760)
    widget.show()
    qtbot.waitExposed(widget)
    assert isinstance(widget, BalancePanel)
    return widget


@pytest.fixture
def small_document(tmp_path: Path) -> Iterator[PlanDocument]:
    """Two gate initiatives with long titles, linked, unlinked and early items."""
    pf = create_plan(tmp_path / "small.streamdesk", Plan(name="Small", start=date(2026, 1, 1)))
    channel = repository.list_channels(pf)[0]
    with pf.transaction():
        first = repository.insert(
            pf,
            Initiative(
                LONG + " one",
                "positioning",
                date(2026, 1, 5),
                date(2026, 2, 27),
                effort_hours=40,
                gate=True,
            ),
        )
        repository.insert(
            pf,
            Initiative(
                LONG + " two", "research", date(2026, 1, 5), date(2026, 1, 30), effort_hours=10
            ),
        )
        for n in range(6):
            repository.insert(
                pf,
                Item(
                    f"Email {n}",
                    date(2026, 1, 10 + n),
                    channel.id,
                    effort_hours=1,
                    initiative_id=first.id if n < 4 else None,
                ),
            )
    document = PlanDocument(pf)
    yield document
    document.close()
