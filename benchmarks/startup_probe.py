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
TIMEOUT_S = 120


class PaintWatcher(QObject):
    """Counts paint events; declares the window painted once every view was painted."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: set[str] = set()
        self.paints = 0
        self.settling = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.paints += 1
            name = watched.objectName()
            if name in VIEWS and name not in self.seen:
                self.seen.add(name)
                if len(self.seen) == len(VIEWS) and not self.settling:
                    self.settling = True
                    self.paints = 0
                    QTimer.singleShot(0, self.settle)
        return False

    def settle(self) -> None:
        """Finish on the first pass of the event loop that painted nothing more."""
        if self.paints:
            self.paints = 0
            QTimer.singleShot(0, self.settle)
            return
        painted_at = time.time()
        peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(json.dumps({"painted_at": painted_at, "maxrss_kb": peak_kb}), flush=True)
        sys.stderr.flush()
        os._exit(0)


def main() -> int:
    app = QApplication(sys.argv[:1])
    watcher = PaintWatcher()
    app.installEventFilter(watcher)

    def give_up() -> None:
        print(
            f"window not painted after {TIMEOUT_S} s; views painted: {sorted(watcher.seen)}",
            file=sys.stderr,
            flush=True,
        )
        os._exit(3)

    QTimer.singleShot(TIMEOUT_S * 1000, give_up)
    from streamdesk.cli import main as streamdesk_main

    code = streamdesk_main(sys.argv[1:])
    print(f"StreamDesk exited ({code}) before its window was painted", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
