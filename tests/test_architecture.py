"""The layering DESIGN.md promises, checked by reading the imports."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "streamdesk"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def resolve(node: ast.ImportFrom, path: Path) -> str:
    """The absolute module a ``from`` import names (relative imports resolved)."""
    if not node.level:
        return node.module or ""
    package = module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    base = package[: len(package) - node.level + 1]
    return ".".join([*base, *([node.module] if node.module else [])])


def names_of(node: ast.Import | ast.ImportFrom, path: Path) -> set[str]:
    """Every module an import statement may load: ``from streamdesk import storage`` names
    ``streamdesk.storage`` as well as ``streamdesk``."""
    if isinstance(node, ast.Import):
        return {alias.name for alias in node.names}
    module = resolve(node, path)
    return {module} | {f"{module}.{alias.name}" for alias in node.names if alias.name != "*"}


def imported_modules(folder: Path) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in folder.rglob("*.py"):
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import | ast.ImportFrom):
                names |= names_of(node, path)
        found[str(path.relative_to(PACKAGE))] = names
    return found


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def module_level_imports(body: list[ast.stmt], path: Path) -> set[str]:
    """Imports run when the module is imported: not those inside functions or classes'
    methods, nor under ``if TYPE_CHECKING`` (they never run)."""
    names: set[str] = set()
    for node in body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            names |= names_of(node, path)
        elif isinstance(node, ast.If):
            if not _is_type_checking(node.test):
                names |= module_level_imports(node.body, path)
            names |= module_level_imports(node.orelse, path)
        elif isinstance(node, ast.Try):
            for block in (node.body, node.orelse, node.finalbody):
                names |= module_level_imports(block, path)
            for handler in node.handlers:
                names |= module_level_imports(handler.body, path)
        elif isinstance(node, ast.With):
            names |= module_level_imports(node.body, path)
    return names


def import_graph() -> dict[str, set[str]]:
    """streamdesk module → the streamdesk modules it loads at import time.

    Importing ``a.b.c`` also runs ``a/__init__`` and ``a/b/__init__``; an edge to a name
    that is not a module (``from streamdesk.gui.document import Change``) is dropped.
    """
    paths = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for module, path in paths.items():
        targets: set[str] = set()
        for name in module_level_imports(ast.parse(path.read_text(), str(path)).body, path):
            parts = name.split(".")
            for i in range(1, len(parts) + 1):
                prefix = ".".join(parts[:i])
                if prefix in paths and prefix != module and not module.startswith(prefix + "."):
                    targets.add(prefix)
        graph[module] = targets
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str]:
    """One import cycle as a list of modules (first == last), or [] when there is none."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    path: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = 1
        path.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                return [*path[path.index(target) :], target]
            if target not in state and (cycle := visit(target)):
                return cycle
        path.pop()
        state[node] = 2
        return []

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return []


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


def test_no_import_cycles_inside_streamdesk() -> None:
    assert find_cycle(import_graph()) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert find_cycle(graph) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) == []


def test_from_package_import_module_counts_as_importing_the_module(tmp_path: Path) -> None:
    node = ast.parse("from streamdesk import storage").body[0]
    assert isinstance(node, ast.ImportFrom)
    assert "streamdesk.storage" in names_of(node, PACKAGE / "gui" / "x.py")
    relative = ast.parse("from ..storage import repository").body[0]
    assert isinstance(relative, ast.ImportFrom)
    assert "streamdesk.storage.repository" in names_of(relative, PACKAGE / "gui" / "x.py")


def test_type_checking_and_function_imports_are_not_module_level() -> None:
    tree = ast.parse(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    import streamdesk.gui\n"
        "def f():\n    import streamdesk.excel\n"
        "try:\n    import streamdesk.storage\nexcept ImportError:\n    pass\n"
    )
    found = module_level_imports(tree.body, PACKAGE / "x.py")
    assert found == {"typing", "typing.TYPE_CHECKING", "streamdesk.storage"}
