"""File → Import: the GUI wrapper around ``streamdesk.excel`` import (issue 8)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from streamdesk.gui.main_window import MainWindow


def import_plan(window: MainWindow) -> None:
    window.show_error("Import from Excel is not available in this build yet.")
