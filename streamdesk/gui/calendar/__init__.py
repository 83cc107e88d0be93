"""The downstream content calendar (objectName ``contentCalendar``)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from streamdesk.gui.calendar.widget import CalendarWidget
from streamdesk.gui.document import PlanDocument


def create_calendar(document: PlanDocument, parent: QWidget | None = None) -> CalendarWidget:
    return CalendarWidget(document, parent)


__all__ = ["CalendarWidget", "create_calendar"]
