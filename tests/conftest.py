"""Shared fixtures: every test gets fresh plan files and settings that are not the user's."""

from __future__ import annotations

import os

# Tests run without a display; set before Qt is imported anywhere.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("MPLBACKEND", "Agg")

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from streamdesk import demo
from streamdesk.storage import PlanFile, create_plan

DEMO_START = date(2027, 1, 1)


@pytest.fixture(autouse=True)
def isolated_settings(
    tmp_path_factory: pytest.TempPathFactory,
    request: pytest.FixtureRequest,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Point QSettings and the data folder at a temporary folder, never the user's."""
    folder = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_DATA_HOME", str(folder / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(folder / "config"))
    if "qtbot" not in request.fixturenames and "qapp" not in request.fixturenames:
        return
    from PySide6.QtCore import QCoreApplication, QSettings

    QCoreApplication.setOrganizationName("StreamDeskTests")
    QCoreApplication.setApplicationName("StreamDeskTests")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    QSettings().clear()


@pytest.fixture
def plan_path(tmp_path: Path) -> Path:
    """A small deterministic demo plan on disk (closed)."""
    path = tmp_path / "demo.streamdesk"
    demo.generate(path, items=120, initiatives=20, start=DEMO_START, seed=7).close()
    return path


@pytest.fixture
def pf(plan_path: Path) -> Iterator[PlanFile]:
    plan = PlanFile.open(plan_path)
    yield plan
    plan.close()


@pytest.fixture
def empty_pf(tmp_path: Path) -> Iterator[PlanFile]:
    plan = create_plan(tmp_path / "empty.streamdesk")
    yield plan
    plan.close()


@pytest.fixture
def document(qtbot, plan_path: Path):  # type: ignore[no-untyped-def]
    from streamdesk.gui.document import PlanDocument

    doc = PlanDocument(PlanFile.open(plan_path))
    yield doc
    doc.close()


@pytest.fixture
def window(qtbot, plan_path: Path):  # type: ignore[no-untyped-def]
    """The main window on the demo plan, shown, closed in teardown."""
    from PySide6.QtCore import Qt

    from streamdesk.gui.document import PlanDocument
    from streamdesk.gui.main_window import MainWindow

    win = MainWindow(PlanDocument(PlanFile.open(plan_path)))
    qtbot.addWidget(win)
    # a first start fits the screen (maximised on the 800 px offscreen one): the views'
    # tests are written for a 1400 x 900 window
    win.setWindowState(Qt.WindowState.WindowNoState)
    win.resize(1400, 900)
    win.show()
    qtbot.waitExposed(win)
    qtbot.waitUntil(lambda: win.balance is not None)  # the chart is built after the first paint
    yield win
    win.close()
