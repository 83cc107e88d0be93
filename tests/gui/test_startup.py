"""Start-up: the first frame is painted with only what it needs (issue 19, item 6).

Timings are the benchmark's (``startup_paint_300``, ``startup_20k``); these tests lock
in the deferrals that make them: what is not imported before the first frame, and the
garbage collector paused while the window starts, then frozen and running again.
"""

from __future__ import annotations

import gc
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from streamdesk import demo
from streamdesk.gui import collection

PROBE = """
import gc, json, os, sys
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication

# needed later (health, Plans window, series edits, the item dialog, plans without an
# identity), not to paint
LIGHT = (
    "dateutil.parser", "streamdesk.domain.health", "streamdesk.domain.portfolio",
    "hashlib", "socket", "streamdesk.gui.calendar.item_dialog",
)
WANTED = {"mainWindow", "contentCalendar", "upstreamTimeline"}
report = {}


def after_chart():
    report["chart"] = {"collecting": gc.isenabled(), "frozen": gc.get_freeze_count() > 0}
    print(json.dumps(report), flush=True)
    os._exit(0)


class FirstFrame(QObject):
    seen = set()

    def eventFilter(self, watched, event):
        name = watched.objectName()
        if event.type() == QEvent.Type.Paint and name in WANTED and "first" not in report:
            self.seen.add(name)
            if self.seen == WANTED:
                from streamdesk.gui import collection

                report["first"] = {
                    "imported": sorted(n for n in LIGHT if n in sys.modules),
                    "collecting": gc.isenabled(),
                    "paused": collection.paused(),
                }
                window = next(
                    w for w in QApplication.topLevelWidgets() if w.objectName() == "mainWindow"
                )
                window.chartReady.connect(after_chart)
        return False


app = QApplication(sys.argv[:1])
watcher = FirstFrame()
app.installEventFilter(watcher)
from streamdesk.cli import main
main([sys.argv[1], "--quit-after", "60"])
print("closed before the chart was built", flush=True)
"""


@pytest.fixture
def plan_with_series(tmp_path: Path) -> Path:
    """A demo plan big enough to hold series (which end) and cadence commitments."""
    path = tmp_path / "rhythm.streamdesk"
    demo.generate(path, items=200, initiatives=20, start=date(2026, 1, 1), rhythm=True).close()
    return path


def test_the_first_frame_needs_neither_health_nor_dates_parsing_and_collects_nothing(
    plan_with_series: Path,
) -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(plan_with_series)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["first"] == {"imported": [], "collecting": False, "paused": True}
    assert report["chart"] == {"collecting": True, "frozen": True}  # and collecting again


@pytest.fixture
def collector() -> object:
    """The collector as a test found it, whatever the test did to it."""
    was_enabled = gc.isenabled()
    yield
    collection.resume()
    gc.unfreeze()
    if was_enabled:
        gc.enable()
    else:
        gc.disable()


def test_a_pause_stops_collecting_and_resume_freezes_then_collects(collector: object) -> None:
    gc.enable()
    frozen = gc.get_freeze_count()
    collection.pause()
    collection.pause()  # a second pause (the command line's, then the window's) is the same
    assert not gc.isenabled() and collection.paused()
    made = [[n] for n in range(1000)]  # start-up's objects, which live on
    collection.resume()
    assert gc.isenabled() and not collection.paused()
    assert gc.get_freeze_count() >= frozen + len(made)
    collection.resume()  # a second resume does nothing
    assert gc.isenabled()


def test_resume_leaves_a_collector_that_was_off_off(collector: object) -> None:
    gc.disable()
    collection.pause()
    collection.resume()
    assert not gc.isenabled()


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        ([], (None, None)),
        (["plan.streamdesk"], ("plan.streamdesk", None)),
        (["--quit-after", "2.5", "plan.streamdesk"], ("plan.streamdesk", 2.5)),
        (["plan.streamdesk", "--quit-after", "1"], ("plan.streamdesk", 1.0)),
    ],
)
def test_the_window_is_opened_on_the_plan_the_command_line_names(
    monkeypatch: pytest.MonkeyPatch,
    argv: list[str],
    expected: tuple[object, object],
    collector: object,
) -> None:
    from streamdesk import cli
    from streamdesk.gui import app

    opened: list[tuple[object, object]] = []
    monkeypatch.setattr(app, "run_gui", lambda plan, quit_after: opened.append((plan, quit_after)))
    parsed = cli.gui_parser().parse_args(argv)
    if not any(a.startswith("-") for a in argv):  # a plain `streamdesk [PLAN]`: no parser
        monkeypatch.setattr(cli, "gui_parser", lambda: pytest.fail("parser built"))
    cli.main(argv)
    assert opened == [expected] == [(parsed.plan, parsed.quit_after)]
    assert gc.isenabled() and not collection.paused()  # the command line resumed it
