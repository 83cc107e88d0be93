"""The window around the views: first-start geometry, panes, the View menu, status words."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, QSettings, Qt
from PySide6.QtGui import QAction, QKeySequence, QScreen
from PySide6.QtWidgets import QFileDialog

from streamdesk.domain import Item, Stream
from streamdesk.gui import commands
from streamdesk.gui.chart import BalancePanel
from streamdesk.gui.document import PlanDocument
from streamdesk.gui.main_window import MainWindow
from streamdesk.gui.window_layout import CHIPS_A_DAY, HEALTH_ROOM, MIN_CHART, MIN_TIMELINE_HEIGHT
from streamdesk.storage import PlanFile


def open_window(qtbot, plan_path: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    win = MainWindow(PlanDocument(PlanFile.open(plan_path)))
    qtbot.addWidget(win)
    return win


def fake_screen(monkeypatch: pytest.MonkeyPatch, width: int, height: int) -> QRect:
    available = QRect(0, 0, width, height - 28)  # a panel at the bottom
    monkeypatch.setattr(QScreen, "availableGeometry", lambda self: QRect(available))
    return available


def test_a_laptop_screen_starts_maximised(qtbot, plan_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    fake_screen(monkeypatch, 1366, 768)
    win = open_window(qtbot, plan_path)
    assert win.windowState() & Qt.WindowState.WindowMaximized
    win.show()
    qtbot.waitExposed(win)
    qtbot.waitUntil(lambda: win.balance is not None)
    # whatever room there is, every view keeps a usable size
    assert win.chartSlot.width() >= MIN_CHART.width()
    assert win.timeline.height() >= win.timeline.minimumSizeHint().height()
    assert win.calendar.height() >= win.calendar.minimumSizeHint().height()
    assert not win.mainSplitter.childrenCollapsible()
    assert not win.leftSplitter.childrenCollapsible()


def test_a_large_screen_starts_with_a_centred_window(qtbot, plan_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    available = fake_screen(monkeypatch, 1920, 1080)
    win = open_window(qtbot, plan_path)
    assert not win.windowState() & Qt.WindowState.WindowMaximized
    assert available.contains(win.geometry())
    assert win.geometry().center() == available.center()
    assert win.size().toTuple() == (1400, 900)
    win.show()
    qtbot.waitExposed(win)
    sizes = win.mainSplitter.sizes()
    assert sizes[1] >= MIN_CHART.width() and sizes[0] > 2 * sizes[1]  # the chart a quarter


def test_splitters_and_hidden_panes_are_restored(qtbot, plan_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    fake_screen(monkeypatch, 1920, 1080)
    win = open_window(qtbot, plan_path)
    win.show()
    qtbot.waitExposed(win)
    win.resize(780, 700)  # within the offscreen screen, so its geometry comes back as it was
    qtbot.waitUntil(lambda: win.width() == 780)
    win.mainSplitter.setSizes([480, 290])
    win.leftSplitter.setSizes([250, 400])
    sizes = win.mainSplitter.sizes(), win.leftSplitter.sizes()
    win.pane_actions["timeline"].trigger()
    win.close()
    assert QSettings().value("mainWindow/hiddenPanes") in (["timeline"], "timeline")

    again = open_window(qtbot, plan_path)
    again.show()
    qtbot.waitExposed(again)
    assert again.timeline.isHidden() and not again.pane_actions["timeline"].isChecked()
    assert again.mainSplitter.sizes() == sizes[0]
    again.pane_actions["timeline"].trigger()
    qtbot.waitUntil(lambda: again.timeline.isVisible())
    assert again.leftSplitter.sizes() == sizes[1]


def test_the_view_menu_shows_and_hides_panes_and_never_all(window: MainWindow) -> None:
    menu = window.menuView
    names = [a.objectName() for a in menu.actions()]
    for name, pane in (
        ("actionShowTimeline", window.timeline),
        ("actionShowCalendar", window.calendar),
        ("actionShowChart", window.chartSlot),
    ):
        action = window.findChild(QAction, name)
        assert action is not None and name in names
        assert not action.shortcut().isEmpty()  # every pane has its key
        assert action.isChecked() and pane.isVisible()
        action.trigger()
        assert not action.isChecked() and pane.isHidden()
        action.trigger()
        assert pane.isVisible()
    # the calendar and the timeline hidden: their splitter goes too, the chart stays
    window.pane_actions["timeline"].trigger()
    window.pane_actions["calendar"].trigger()
    assert window.leftSplitter.isHidden()
    said: list[str] = []
    window.statusBar().messageChanged.connect(said.append)
    window.pane_actions["chartSlot"].trigger()  # the last pane: refused
    assert window.chartSlot.isVisible() and window.pane_actions["chartSlot"].isChecked()
    # and says so: Ctrl+Shift+3 did nothing, without a word
    assert said[-1] == "The balance chart is the only pane shown: show another before hiding it"


def test_full_screen_is_in_the_view_menu_with_the_standard_key(window: MainWindow) -> None:
    action = window.actionFullScreen
    assert action in window.menuView.actions()
    assert action.shortcuts() == QKeySequence.keyBindings(QKeySequence.StandardKey.FullScreen)
    action.trigger()
    assert window.windowState() & Qt.WindowState.WindowFullScreen
    action.trigger()
    assert not window.windowState() & Qt.WindowState.WindowFullScreen


def test_the_view_menu_offers_the_chart_measure(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    chart = window.balance.chart  # type: ignore[union-attr]
    measures = window.menuChartMeasure.actions()
    assert measures == [chart.hoursAction, chart.budgetAction, chart.countAction]
    assert all(not a.shortcut().isEmpty() for a in measures)
    chart.countAction.trigger()
    assert chart.plotted().values == "count"


def test_the_view_menu_takes_what_the_views_offer(window: MainWindow) -> None:
    zoom = QAction("Zoom In", window)
    zoom.setObjectName("timelineZoomIn")
    window.timeline.view_actions = lambda: [zoom]  # type: ignore[attr-defined]
    window._fill_view_menu()
    assert zoom in window.menuView.actions()
    assert window.findChild(QAction, "actionShowTimeline") in window.menuView.actions()


def an_item(window: MainWindow) -> Item:
    channel = window.document.channels(Stream.DOWNSTREAM)[0]
    return Item("Launch post", date(2027, 3, 3), channel.id)


def test_every_edit_undo_and_redo_says_what_it_did(
    window: MainWindow, status_messages: list[str]
) -> None:
    doc = window.document
    assert doc.execute(commands.create(doc, [an_item(window)], "Added 'Launch post'"))
    assert status_messages[-1] == "Added 'Launch post' — Ctrl+Z to undo"
    window.actionUndo.trigger()
    assert status_messages[-1] == "Undid: Added 'Launch post'"
    window.actionRedo.trigger()
    assert status_messages[-1] == "Redid: Added 'Launch post'"


def test_save_as_says_it_saved(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, status_messages
) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "copy.streamdesk"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window.save_as()
    assert status_messages[-1] == f"Saved as {target}"
    assert not status_messages[-1].startswith("Opened")


def test_the_chart_arrives_after_the_first_paint_without_moving_anything(
    qtbot, plan_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    fake_screen(monkeypatch, 1920, 1080)
    win = open_window(qtbot, plan_path)
    assert win.balance is None  # nothing of the chart yet: matplotlib is not needed to paint
    win.show()
    qtbot.waitExposed(win)
    slot = win.chartSlot.geometry()
    sizes = win.mainSplitter.sizes(), win.leftSplitter.sizes()
    with qtbot.waitSignal(win.chartReady, timeout=10000):
        pass
    assert win.balance is not None and win.balance.parent() is win.chartSlot
    assert win.chartSlot.geometry() == slot  # no layout jump
    assert (win.mainSplitter.sizes(), win.leftSplitter.sizes()) == sizes


def test_the_window_module_does_not_import_matplotlib() -> None:
    code = (
        "import sys, streamdesk.gui.main_window; "
        "heavy = ('matplotlib', 'openpyxl', 'python_calamine'); "
        "print(sorted(n for n in heavy if n in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert done.stdout.strip() == "[]"


def test_the_chart_highlights_the_month_the_calendar_shows(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    chart = window.balance.chart  # type: ignore[union-attr]
    month = window.calendar.current_month()
    assert chart.plotted().chosen[0] == month  # at start: the calendar's month
    # the calendar navigates and says so through the document: the chart follows
    window.document.show_period(date(2026, 12, 1), date(2026, 12, 31))
    assert chart.plotted().chosen == (date(2026, 12, 1), date(2026, 12, 31))
    assert window.calendar.current_month() == month  # showing is not choosing


FIRST_FRAME_PROBE = """
import os, sys
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication

# dateutil is not among them: its rrule (~5 ms) lays out repeating series as a plan opens
HEAVY = (
    "matplotlib", "numpy", "openpyxl", "python_calamine", "babel", "charset_normalizer",
    "icalendar", "sqlite_utils", "PySide6.QtPrintSupport", "streamdesk.report",
)
WANTED = {"mainWindow", "contentCalendar", "upstreamTimeline"}


class FirstFrame(QObject):
    seen = set()

    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and watched.objectName() in WANTED:
            self.seen.add(watched.objectName())
            if self.seen == WANTED:
                print(sorted(n for n in HEAVY if n in sys.modules), flush=True)
                os._exit(0)
        return False


app = QApplication(sys.argv[:1])
watcher = FirstFrame()
app.installEventFilter(watcher)
from streamdesk.cli import main
main([sys.argv[1], "--quit-after", "60"])
print("closed before the first frame", flush=True)
"""


def test_the_first_frame_is_painted_before_any_heavy_module_is_imported(plan_path: Path) -> None:
    """Opening the plan and painting the calendar and timeline needs none of them: they
    cost a second start-up on a slow machine (issue 19, item 6)."""
    done = subprocess.run(
        [sys.executable, "-c", FIRST_FRAME_PROBE, str(plan_path)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    assert done.stdout.strip() == "[]"


AFTER_CLOSE = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication
from streamdesk.gui.document import PlanDocument
from streamdesk.gui.main_window import MainWindow
from streamdesk.storage import PlanFile

app = QApplication(sys.argv[:1])
window = MainWindow(PlanDocument(PlanFile.open(sys.argv[1])))
window.show()
QTimer.singleShot(0, lambda: QTimer.singleShot(0, window.close))
app.exec()
app.setPalette(QPalette(QColor(32, 32, 32)))  # the desktop turned dark after the window closed
app.setFont(QFont("Sans", 13))
app.processEvents()
print("survived", flush=True)
"""


def test_a_palette_change_after_the_window_closed_does_not_crash(plan_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", AFTER_CLOSE, str(plan_path)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert (done.returncode, done.stdout.strip()) == (0, "survived"), done.stderr[-2000:]


def six_week_month(win: MainWindow) -> date:
    """The first month from August 2026 that the plan's week start lays out in six rows."""
    for n in range(12):
        month = date(2026 + (7 + n) // 12, (7 + n) % 12 + 1, 1)
        win.calendar.show_month(month)
        first, last = win.calendar.monthGrid.visible_range()
        if (last - first).days == 41:
            return month
    raise AssertionError("no six-week month in a year")


@pytest.mark.parametrize(("title_bar", "chips"), [(0, 3), (30, 2)])
def test_a_laptop_month_view_has_room_for_chips_not_one(
    qtbot, plan_path: Path, monkeypatch, title_bar: int, chips: int
) -> None:  # type: ignore[no-untyped-def]
    """At 1366x768 the Month view had room for one chip a day, then "+N" (issue 19). The
    calendar now comes first: three chips a day in a six-week month on the offscreen
    laptop, and with a window manager's title bar two (three in a five-week month)."""
    fake_screen(monkeypatch, 1366, 768 - title_bar)
    win = open_window(qtbot, plan_path)
    win.show()
    qtbot.waitExposed(win)
    grid = win.calendar.monthGrid
    six_week_month(win)
    assert grid.capacity() >= chips
    assert win.timeline.height() >= MIN_TIMELINE_HEIGHT  # a few lanes stay in view
    win.calendar.show_month(date(2027, 2, 1))  # February 2027 starts on a Monday: 5 weeks
    if (grid.visible_range()[1] - grid.visible_range()[0]).days == 34:
        assert grid.capacity() >= 3


def test_a_large_screen_gives_the_month_view_three_chips_and_the_timeline_the_rest(
    qtbot, plan_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    fake_screen(monkeypatch, 1920, 1080)
    win = open_window(qtbot, plan_path)
    win.show()
    qtbot.waitExposed(win)
    six_week_month(win)
    assert win.calendar.monthGrid.capacity() >= CHIPS_A_DAY
    timeline, calendar = win.leftSplitter.sizes()
    assert timeline > MIN_TIMELINE_HEIGHT  # more than its minimum, at most two fifths
    assert timeline <= (timeline + calendar) * 2 // 5 + 1


def test_the_health_panel_has_room_for_its_sections_on_a_laptop(
    qtbot, plan_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """It was ~210 px at 1366x768: its last section, Cadence, was below the fold."""
    fake_screen(monkeypatch, 1366, 768)
    win = open_window(qtbot, plan_path)
    win.show()
    qtbot.waitExposed(win)
    qtbot.waitUntil(lambda: win.balance is not None)
    panel = win.balance
    assert isinstance(panel, BalancePanel)
    chart, health = panel.sizes()
    assert health >= min(HEALTH_ROOM, (chart + health) // 2) - 1
    assert chart >= MIN_CHART.height()
    tree = panel.health  # every section's line, and a few lines of those open, in view
    assert tree.viewport().height() >= 16 * tree.fontMetrics().lineSpacing()


def test_the_chart_and_health_split_is_restored(qtbot, plan_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    fake_screen(monkeypatch, 1920, 1080)
    win = open_window(qtbot, plan_path)
    win.show()
    qtbot.waitExposed(win)
    win.resize(780, 700)  # within the offscreen screen, so its geometry comes back as it was
    qtbot.waitUntil(lambda: win.balance is not None and win.width() == 780)
    assert isinstance(win.balance, BalancePanel)
    win.balance.setSizes([400, 200])
    sizes = win.balance.sizes()
    win.close()

    again = open_window(qtbot, plan_path)
    again.show()
    qtbot.waitExposed(again)
    qtbot.waitUntil(lambda: again.balance is not None)
    assert isinstance(again.balance, BalancePanel)
    assert again.balance.sizes() == sizes
