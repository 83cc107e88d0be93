"""The balance chart and stream health panel (objectName ``balanceChart``)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from streamdesk.gui.document import PlanDocument
from streamdesk.gui.placeholder import Placeholder


def create_balance_panel(document: PlanDocument, parent: QWidget | None = None) -> QWidget:
    return Placeholder(
        "balanceChart",
        "Balance chart: upstream vs downstream effort per period, against the target band.",
        parent,
    )
