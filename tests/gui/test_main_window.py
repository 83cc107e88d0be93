from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog

from streamdesk.domain import Item, Stream
from streamdesk.gui import commands, settings
from streamdesk.gui.app import open_or_create
from streamdesk.gui.main_window import MainWindow
from streamdesk.storage import PlanFile, repository

ACTIONS = [
    "actionNew",
    "actionOpen",
    "actionSaveAs",
    "actionUndo",
    "actionRedo",
    "actionImportExcel",
    "actionExportExcel",
    "actionBackUp",
    "actionQuit",
]


def new_item(window: MainWindow, title: str = "New post") -> Item:
    channel = window.document.channels(Stream.DOWNSTREAM)[0]
    return Item(title, date(2027, 3, 3), channel.id)


def test_window_has_named_actions_and_views(window: MainWindow) -> None:
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QWidget

    for name in ACTIONS:
        assert window.findChild(QAction, name) is not None, name
    for name in ("upstreamTimeline", "contentCalendar", "balanceChart"):
        view = window.findChild(QWidget, name)
        assert view is not None and view.isVisible(), name
    assert window.windowTitle() == "Demo plan — demo.streamdesk — StreamDesk"
    assert window.actionUndo.shortcut().toString() == "Ctrl+Z"


def test_undo_redo_through_the_stack_changes_the_file(window: MainWindow, plan_path: Path) -> None:
    doc = window.document
    before = repository.count_items(doc.pf)
    assert doc.execute(commands.create(doc, [new_item(window)], "Add item"))
    assert window.actionUndo.isEnabled()
    assert window.actionUndo.text() == "&Undo Add item"
    assert repository.count_items(doc.pf) == before + 1

    window.actionUndo.trigger()
    assert repository.count_items(doc.pf) == before
    window.actionRedo.trigger()
    with PlanFile.open(plan_path, read_only=True) as other:  # what another process sees
        assert repository.count_items(other) == before + 1


def test_failed_edit_reports_and_leaves_stack_alone(
    window: MainWindow, warnings: list[str]
) -> None:
    doc = window.document
    ghost = new_item(window).replace(id=99999)
    assert not doc.execute(commands.edit(doc, [ghost], [ghost.replace(title="x")], "Edit"))
    assert doc.undo_stack.count() == 0
    assert warnings and "no longer exists" in warnings[0]


def test_save_as_copies_and_switches(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "copy"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window.actionSaveAs.trigger()
    assert window.document.pf.path == Path(str(target) + ".streamdesk")
    assert "copy.streamdesk" in window.windowTitle()
    assert repository.count_items(window.document.pf) == 120
    assert settings.recent_files()[0] == str(Path(str(target) + ".streamdesk").resolve())


def test_new_and_open_and_recent(
    window: MainWindow, tmp_path: Path, plan_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fresh = tmp_path / "Fresh.streamdesk"
    from streamdesk.gui import new_plan_dialog

    empty = new_plan_dialog.NewPlanChoice(None, "", date(2027, 1, 1))  # New Plan asks first
    monkeypatch.setattr(new_plan_dialog, "ask_new_plan", lambda *a: empty)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(fresh), ""))
    window.actionNew.trigger()
    assert window.document.plan.name == "Fresh"
    assert repository.count_items(window.document.pf) == 0

    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(plan_path), ""))
    window.actionOpen.trigger()
    assert window.document.pf.path == plan_path
    assert settings.recent_files()[:2] == [str(plan_path.resolve()), str(fresh.resolve())]
    window.menuRecent.aboutToShow.emit()
    titles = [a.text() for a in window.menuRecent.actions()]
    assert "&2 Fresh.streamdesk" in titles


def test_opening_a_bad_file_shows_a_message(
    window: MainWindow, tmp_path: Path, warnings: list[str]
) -> None:
    junk = tmp_path / "junk.streamdesk"
    junk.write_bytes(b"\x00" * 100)
    assert not window.open_plan(junk)
    assert "not a StreamDesk plan" in warnings[0]
    assert window.document.pf.path.name == "demo.streamdesk"


def test_back_up_writes_a_copy_and_stays(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "backup.streamdesk"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window.actionBackUp.trigger()
    assert window.document.pf.path.name == "demo.streamdesk"
    with PlanFile.open(target) as copy:
        assert repository.count_items(copy) == 120


def test_read_only_plan_disables_editing(qtbot, plan_path: Path, warnings: list[str]) -> None:
    from streamdesk.gui.document import PlanDocument

    win = MainWindow(PlanDocument(PlanFile.open(plan_path, read_only=True)))
    qtbot.addWidget(win)
    assert "[read-only]" in win.windowTitle()
    assert not win.actionImportExcel.isEnabled()
    assert not win.document.execute(commands.create(win.document, [new_item(win)], "Add"))
    assert "read-only" in warnings[0]


def test_geometry_is_remembered(qtbot, plan_path: Path) -> None:
    from streamdesk.gui.document import PlanDocument

    win = MainWindow(PlanDocument(PlanFile.open(plan_path)))
    qtbot.addWidget(win)
    win.showNormal()  # not maximised, as it starts on the small offscreen screen
    qtbot.waitExposed(win)
    win.resize(640, 480)
    qtbot.waitUntil(lambda: win.width() == 640)
    win.close()
    assert QSettings().value("mainWindow/geometry") is not None
    again = MainWindow(PlanDocument(PlanFile.open(plan_path)))
    qtbot.addWidget(again)
    again.show()
    qtbot.waitExposed(again)
    assert again.width() == 640


def test_default_plan_is_created_in_app_data(qtbot) -> None:
    path = settings.default_plan_path()
    assert not path.exists()
    pf = open_or_create(None)
    try:
        assert pf.path == path and path.exists()
        assert "StreamDesk" in str(path.parent)
        assert repository.get_plan(pf).name == "My plan"
    finally:
        pf.close()
    open_or_create(None).close()  # the second start opens the same file


@pytest.mark.parametrize("size", [(1280, 720), (1024, 640)])
def test_a_laptop_sized_window_shows_every_week_of_the_month(
    qtbot, window: MainWindow, size: tuple[int, int]
) -> None:  # type: ignore[no-untyped-def]
    """The calendar pane once took less height than its grid needs: the last week was cut."""
    window.resize(*size)
    qtbot.waitUntil(lambda: window.size().toTuple() == size)
    window.leftSplitter.setSizes([10_000, 1])  # the timeline pulled as far down as it goes
    grid = window.calendar.monthGrid
    qtbot.waitUntil(lambda: grid.visibleRegion().boundingRect().height() > 0)
    assert grid.visibleRegion().boundingRect() == grid.rect()
    last_week = max(grid.cell_rect(day).bottom() for day in grid._cells)
    assert last_week <= grid.height()


def test_new_plan_says_it_was_created_from_its_template(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, status_messages: list[str]
) -> None:
    """Seen after File → New Plan from “Launch playbook”: the status bar said “Opened …”,
    as if an existing file had been opened."""
    from streamdesk.gui import new_plan_dialog
    from streamdesk.storage.templates import LAUNCH, list_templates

    (launch,) = [t for t in list_templates(settings.data_folder()) if t.name == LAUNCH]
    choice = new_plan_dialog.NewPlanChoice(launch.path, "Bakery Co", date(2027, 2, 1))
    monkeypatch.setattr(new_plan_dialog, "ask_new_plan", lambda *a: choice)
    fresh = tmp_path / "bakery.streamdesk"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(fresh), ""))
    window.actionNew.trigger()
    assert window.document.pf.path == fresh
    assert status_messages[-1] == "Created bakery.streamdesk from “Launch playbook”"
