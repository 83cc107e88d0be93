"""Helpers the chart tests share (fixtures are in conftest.py)."""

from __future__ import annotations

from datetime import date

from streamdesk.gui.chart import BalancePanel
from streamdesk.gui.document import PlanDocument

LONG = "Repositioning the flagship product for the DACH mid-market after the pricing review"


def month_of(plotted, day: date) -> int:  # type: ignore[no-untyped-def]
    return next(n for n, s in enumerate(plotted.starts) if s <= day <= plotted.ends[n])


def shown_panel(qtbot, document: PlanDocument, width: int = 420) -> BalancePanel:  # type: ignore[no-untyped-def]
    panel = BalancePanel(document)
    qtbot.addWidget(panel)
    panel.resize(width, 700)
    panel.show()
    qtbot.waitExposed(panel)
    return panel
