"""Edit → Plan Settings: name, client, currency, week start and target band (issue 6)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from streamdesk.gui.main_window import MainWindow


def edit_plan_settings(window: MainWindow) -> None:
    window.show_error("Plan settings are not available in this build yet.")
