"""The upstream timeline editor (objectName ``upstreamTimeline``)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from streamdesk.gui.document import PlanDocument
from streamdesk.gui.placeholder import Placeholder


def create_timeline(document: PlanDocument, parent: QWidget | None = None) -> QWidget:
    return Placeholder(
        "upstreamTimeline",
        "Upstream timeline: initiatives on lanes, dependencies and milestones.",
        parent,
    )
