"""Start StreamDesk on a plan the way ``streamdesk PLAN`` does, and report when it is painted.

Run as a child process by ``benchmarks/run.py``. It goes through the real entry point
(``streamdesk.cli.main``, hence ``run_gui``: the plan opened, ``MainWindow`` built and
shown, ``app.exec()``). An application-wide event filter watches paint events: once the
main window and its three views have been painted and a pass of the event loop brings
no more paints (deferred loads included), it prints one JSON line and exits at once::

    {"painted_at": <time.time()>, "maxrss_kb": <peak resident memory>}

The parent measures startup as ``painted_at`` minus the wall time just before it
started the process, so interpreter start and every import count. Exit and teardown
do not. Peak resident memory comes from ``getrusage(RUSAGE_SELF)`` at that moment.

``--first-paint`` (before the plan) reports the first frame instead: the window with its
calendar and timeline painted, the chart perhaps still to come (``startup_paint_300``).
With ``--bare`` it starts a bare ``QMainWindow`` instead of StreamDesk: the baseline.
Both watch only those views, from the moment the main window is shown (see
``watch_when_shown``), so that the watching costs next to nothing on either side.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

VIEWS = ("upstreamTimeline", "contentCalendar", "balanceChart", "mainWindow")
FIRST_FRAME = ("upstreamTimeline", "contentCalendar", "mainWindow")
BARE = ("mainWindow",)
TIMEOUT_S = 120


class PaintWatcher(QObject):
    """Counts paint events; declares the window painted once every view was painted."""

    def __init__(self, views: tuple[str, ...] = VIEWS, settle: bool = True) -> None:
        super().__init__()
        self.views = views
        self.wait_to_settle = settle
        self.seen: set[str] = set()
        self.paints = 0
        self.settling = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.paints += 1
            name = watched.objectName()
            if name in self.views and name not in self.seen:
                self.seen.add(name)
                if len(self.seen) == len(self.views) and not self.settling:
                    self.settling = True
                    self.paints = 0
                    if self.wait_to_settle:
                        QTimer.singleShot(0, self.settle)
                    else:
                        self.report()
        return False

    def settle(self) -> None:
        """Finish on the first pass of the event loop that painted nothing more."""
        if self.paints:
            self.paints = 0
            QTimer.singleShot(0, self.settle)
            return
        self.report()

    def report(self) -> None:
        painted_at = time.time()
        peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(json.dumps({"painted_at": painted_at, "maxrss_kb": peak_kb}), flush=True)
        sys.stderr.flush()
        os._exit(0)


def watch_when_shown(watcher: PaintWatcher) -> None:
    """Put the watcher on the views it waits for when the main window is shown.

    No paint can come before ``show()``. An application-wide filter in Python would see
    every event of every object from the start, and each object Qt made itself (a
    viewport, a layout) then needs a Python wrapper: the first one makes PySide set up
    every widget class (~10-20 ms, counted as the app's start-up although the app alone
    never pays it). The views' own paint events are the same ones either way.
    """
    from PySide6.QtWidgets import QWidget

    show = QWidget.show

    def showing(widget: QWidget) -> None:
        if widget.objectName() == "mainWindow":
            QWidget.show = show  # type: ignore[method-assign]  # once is enough
            for name in watcher.views:
                view = widget if name == "mainWindow" else widget.findChild(QWidget, name)
                if view is not None:
                    view.installEventFilter(watcher)
        show(widget)

    QWidget.show = showing  # type: ignore[method-assign]  # run_gui shows the window


def main() -> int:
    args = sys.argv[1:]
    first_paint = "--first-paint" in args
    bare = "--bare" in args
    args = [a for a in args if a not in ("--first-paint", "--bare")]
    app = QApplication(sys.argv[:1])
    if bare:
        watcher = PaintWatcher(BARE, settle=False)
    else:
        watcher = PaintWatcher(FIRST_FRAME if first_paint else VIEWS, settle=not first_paint)
    if first_paint or bare:
        watch_when_shown(watcher)
    else:  # settling counts every paint, of every object
        app.installEventFilter(watcher)

    def give_up() -> None:
        print(
            f"window not painted after {TIMEOUT_S} s; views painted: {sorted(watcher.seen)}",
            file=sys.stderr,
            flush=True,
        )
        os._exit(3)

    QTimer.singleShot(TIMEOUT_S * 1000, give_up)
    if bare:
        from PySide6.QtWidgets import QMainWindow

        window = QMainWindow()
        window.setObjectName("mainWindow")
        window.resize(1400, 900)
        window.show()
        return app.exec()
    from streamdesk.cli import main as streamdesk_main

    code = streamdesk_main(args)
    print(f"StreamDesk exited ({code}) before its window was painted", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
