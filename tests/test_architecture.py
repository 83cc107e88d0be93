"""The layering DESIGN.md promises, checked by reading the imports."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "streamdesk"


def imported_modules(folder: Path) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in folder.rglob("*.py"):
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module:
                names.add(node.module)
        found[str(path.relative_to(PACKAGE))] = names
    return found


@pytest.mark.parametrize(
    ("folder", "forbidden"),
    [
        (
            "domain",
            (
                "PySide6",
                "sqlite3",
                "sqlite_utils",
                "openpyxl",
                "streamdesk.storage",
                "streamdesk.gui",
                "streamdesk.excel",
                "matplotlib",
            ),
        ),
        ("storage", ("PySide6", "openpyxl", "streamdesk.gui", "streamdesk.excel", "matplotlib")),
        ("gui", ("sqlite3", "sqlite_utils", "openpyxl")),
        ("excel", ("PySide6", "streamdesk.gui")),
        (
            "report",
            ("sqlite3", "sqlite_utils", "openpyxl", "streamdesk.gui", "PySide6.QtWidgets"),
        ),
    ],
)
def test_layers_do_not_import_upwards(folder: str, forbidden: tuple[str, ...]) -> None:
    offenders = [
        f"{file} imports {name}"
        for file, names in imported_modules(PACKAGE / folder).items()
        for name in names
        if any(name == f or name.startswith(f + ".") for f in forbidden)
    ]
    assert offenders == []


def test_no_pyplot_anywhere() -> None:
    offenders = [
        file for file, names in imported_modules(PACKAGE).items() if "matplotlib.pyplot" in names
    ]
    assert offenders == []
