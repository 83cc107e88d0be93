"""The downstream content calendar (objectName ``contentCalendar``)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from streamdesk.gui.document import PlanDocument
from streamdesk.gui.placeholder import Placeholder


def create_calendar(document: PlanDocument, parent: QWidget | None = None) -> QWidget:
    return Placeholder(
        "contentCalendar",
        "Content calendar: month grid, channel grid and list of downstream items.",
        parent,
    )
