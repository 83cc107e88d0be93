"""Window state and recent files in QSettings, and where the default plan lives."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths

MAX_RECENT = 8
DEFAULT_PLAN_NAME = "My plan.streamdesk"


def default_plan_path() -> Path:
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(folder) / DEFAULT_PLAN_NAME


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
    return files


def remove_recent_file(path: str | Path) -> None:
    path = str(Path(path).resolve())
    QSettings().setValue("recentFiles", [f for f in recent_files() if f != path])


def clear_recent_files() -> None:
    QSettings().setValue("recentFiles", [])
