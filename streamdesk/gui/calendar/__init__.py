"""The downstream content calendar (objectName ``contentCalendar``).

The widget is imported when first asked for, so that the calendar's plain-Python parts
(``filters``, ``cell_cache``) can be imported, and tested, without loading Qt.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from streamdesk.gui.calendar.widget import CalendarWidget
    from streamdesk.gui.document import PlanDocument


def create_calendar(document: PlanDocument, parent: QWidget | None = None) -> CalendarWidget:
    from streamdesk.gui.calendar.widget import CalendarWidget

    return CalendarWidget(document, parent)


def __getattr__(name: str) -> Any:
    if name == "CalendarWidget":
        from streamdesk.gui.calendar.widget import CalendarWidget

        return CalendarWidget
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["CalendarWidget", "create_calendar"]
