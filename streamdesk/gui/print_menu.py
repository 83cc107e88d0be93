"""The File menu's printing actions, made without importing what printing needs.

Printing pulls in Qt Print Support and the client report's renderers (~0.07 s on a slow
machine); the window builds its menus before its first frame, so the actions name their
slot in :mod:`streamdesk.gui.printing` and import it only when one is triggered.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

if TYPE_CHECKING:
    from streamdesk.gui.document import PlanDocument


def _run(slot: str, window: Any, document: PlanDocument) -> object:
    from streamdesk.gui import printing

    return getattr(printing, slot)(window, document)


def install_actions(window: Any, file_menu: QMenu, document: PlanDocument) -> list[QAction]:
    """Create the four actions on ``window`` and put them in the File menu before Quit."""
    specs = (
        (
            "actionClientReport",
            "Client &Report…",
            "client_report",
            None,
            "Write the client report for a month or a period as a PDF",
        ),
        (
            "actionPrint",
            "&Print…",
            "print_view",
            QKeySequence.StandardKey.Print,
            "Print the calendar's current view or the whole timeline",
        ),
        (
            "actionPrintPreview",
            "Print Pre&view…",
            "preview_view",
            None,
            "See the pages before printing them",
        ),
        (
            "actionExportPdf",
            "Export P&DF…",
            "export_pdf",
            None,
            "Save the calendar's current view or the whole timeline as a PDF",
        ),
    )
    actions = []
    for name, text, slot, shortcut, tip in specs:
        action = QAction(text, window)
        action.setObjectName(name)
        if shortcut is not None:
            action.setShortcuts(shortcut)
        action.setStatusTip(tip)
        action.triggered.connect(lambda _=False, s=slot: _run(s, window, document))
        window.addAction(action)
        setattr(window, name, action)
        actions.append(action)
    entries = file_menu.actions()
    quit_action = next((a for a in entries if a.objectName() == "actionQuit"), None)
    before = None
    if quit_action is not None:
        at = entries.index(quit_action)
        before = entries[at - 1] if at and entries[at - 1].isSeparator() else quit_action
    if before is None:
        file_menu.addSeparator()
        file_menu.addActions(actions)
    else:
        file_menu.insertActions(before, actions)
        file_menu.insertSeparator(before)
    return actions
