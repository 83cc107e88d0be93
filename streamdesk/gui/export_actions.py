"""File → Export: the GUI wrapper around ``streamdesk.excel`` export (issue 7)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from streamdesk.gui.main_window import MainWindow


def export_plan(window: MainWindow) -> None:
    window.show_error("Export to Excel is not available in this build yet.")
