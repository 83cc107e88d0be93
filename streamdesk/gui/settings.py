"""Window state and recent files in QSettings, and where the default plan lives."""

from __future__ import annotations

import contextlib
from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths

from streamdesk.storage import catalogue

MAX_RECENT = 8
DEFAULT_PLAN_NAME = "My plan.streamdesk"


def data_folder() -> Path:
    """Where the default plan and the Plans window's plans live (``STREAMDESK_DATA_DIR``
    overrides Qt's AppDataLocation, for the command line and the GUI alike)."""
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return catalogue.data_folder(location)


def default_plan_path() -> Path:
    return data_folder() / DEFAULT_PLAN_NAME


def _mirror(files: list[str]) -> None:
    """The command line reads the recent files from the data folder's list file."""
    with contextlib.suppress(OSError):
        catalogue.set_recent(data_folder(), files)


def recent_files() -> list[str]:
    value = QSettings().value("recentFiles", [])
    if isinstance(value, str):  # QSettings returns a bare string for a one-element list
        value = [value]
    if not isinstance(value, list):  # an edited or foreign settings file
        return []
    return [str(v) for v in value if v]


def add_recent_file(path: str | Path) -> list[str]:
    path = str(Path(path).resolve())
    files = [f for f in recent_files() if f != path]
    files.insert(0, path)
    del files[MAX_RECENT:]
    QSettings().setValue("recentFiles", files)
    with contextlib.suppress(OSError):
        catalogue.remember_recent(data_folder(), path)  # and back on the Plans list
    return files


def remove_recent_file(path: str | Path) -> None:
    path = str(Path(path).resolve())
    files = [f for f in recent_files() if f != path]
    QSettings().setValue("recentFiles", files)
    _mirror(files)


def clear_recent_files() -> None:
    QSettings().setValue("recentFiles", [])
    _mirror([])
