"""``view_probe.py SCENARIO PLAN --repeats N``: time one view interaction N times, in a child.

Run by ``benchmarks/run.py`` on a copy of a plan (some scenarios edit it). The views are
built exactly as the application builds them, offscreen. One untimed warm-up, then N
timed repetitions; prints ``{"seconds": [...]}``, or ``{"not_run": "why"}`` when the
view the scenario needs has not been built yet (still a placeholder, or without the
method the scenario drives).

"Repainted" means: the action, then the event loop run until nothing is pending
(deferred slots and posted update requests delivered), then the view painted
synchronously with ``repaint()`` (so a view that paints lazily pays for it here).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSize
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from streamdesk.gui.app import configure_application
from streamdesk.gui.document import PlanDocument
from streamdesk.gui.placeholder import Placeholder
from streamdesk.storage import PlanFile, repository

CHART_SIZE = QSize(420, 820)  # about the balance panel's share of a 1400 x 900 window


class NotRun(Exception):
    """The feature the scenario measures is not there yet."""


def settle(widget: QWidget) -> None:
    app = QApplication.instance()
    for _ in range(3):
        app.sendPostedEvents()
        app.processEvents()
    widget.repaint()


def api(widget: QWidget, *names: str) -> Callable[..., Any]:
    """The first method called one of ``names`` on the view or one of its children."""
    for obj in (widget, *widget.findChildren(QWidget)):
        for name in names:
            method = getattr(obj, name, None)
            if callable(method):
                return method
    raise NotRun(f"{widget.objectName() or type(widget).__name__} has no {' / '.join(names)}()")


def landed(widget: QWidget, what: str) -> QWidget:
    if isinstance(widget, Placeholder) or widget.findChild(Placeholder) is not None:
        raise NotRun(f"the {what} is still a placeholder")
    return widget


def open_window(plan: str) -> Any:
    from streamdesk.gui.main_window import MainWindow

    window = MainWindow(PlanDocument(PlanFile.open(plan)))
    window.show()
    QTest.qWaitForWindowExposed(window)
    settle(window)
    return window


def timed(repeats: int, step: Callable[[], None], reset: Callable[[], None] | None = None):
    step()  # warm-up: first-use caches, lazy imports
    if reset:
        reset()
    seconds = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        step()
        seconds.append(time.perf_counter() - t0)
        if reset:
            reset()
    return seconds


# -- scenarios ---------------------------------------------------------------------


def month_switch(plan: str, repeats: int) -> list[float]:
    window = open_window(plan)
    calendar = landed(window.calendar, "calendar")
    next_month = api(calendar, "next_month")
    previous_month = api(calendar, "previous_month", "prev_month")

    def step() -> None:
        next_month()
        settle(calendar)

    def reset() -> None:
        previous_month()
        settle(calendar)

    return timed(repeats, step, reset)


def drag_reschedule(plan: str, repeats: int) -> list[float]:
    """Drop a chip on the next day (and back): ``move_items``, which is what a drop calls."""
    window = open_window(plan)
    calendar = landed(window.calendar, "calendar")
    move_items = api(calendar, "move_items")
    first, last = api(calendar, "visible_range")()
    items = [
        i for i in repository.list_items(window.document.pf, first, last) if 10 <= i.date.day <= 20
    ]
    if not items:
        raise NotRun("no item in the middle of the month the calendar shows")
    item_id = items[len(items) // 2].id
    state = {"days": 1}

    def step() -> None:
        if not move_items([item_id], state["days"]):
            raise RuntimeError("the calendar refused to move the item")
        state["days"] = -state["days"]
        settle(calendar)

    return timed(repeats, step)


def timeline_build(plan: str, repeats: int) -> list[float]:
    from streamdesk.gui.timeline import create_timeline

    window = open_window(plan)
    landed(window.timeline, "timeline")
    size = window.timeline.size()
    built: list[QWidget] = []

    def step() -> None:
        view = create_timeline(window.document, None)
        view.resize(size)
        view.show()
        settle(view)
        built.append(view)

    def reset() -> None:
        view = built.pop()
        view.close()
        view.deleteLater()
        QApplication.instance().processEvents()

    return timed(repeats, step, reset)


def timeline_zoom(plan: str, repeats: int) -> list[float]:
    window = open_window(plan)
    timeline = landed(window.timeline, "timeline")
    set_zoom = api(timeline, "set_zoom")
    levels = list(getattr(timeline, "ZOOM_LEVELS", None) or ("week", "month", "quarter"))
    state = {"n": 0}

    def step() -> None:
        state["n"] += 1
        set_zoom(levels[state["n"] % len(levels)])
        settle(timeline)

    return timed(repeats, step)


def chart_update(plan: str, repeats: int) -> dict[str, list[float]]:
    """After one edit: the balance recomputed and the chart redrawn, against bare matplotlib.

    The baseline draws the same bars and line (the chart's own plotted data, same canvas
    size) on a bare ``Figure`` with the Agg canvas. The two alternate, so both see the
    same machine load.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from streamdesk.domain import Item
    from streamdesk.gui import commands
    from streamdesk.gui.chart import create_balance_panel

    document = PlanDocument(PlanFile.open(plan))
    panel = landed(create_balance_panel(document, None), "balance chart")
    panel.resize(CHART_SIZE)
    panel.show()
    QTest.qWaitForWindowExposed(panel)
    settle(panel)
    refresh_now = api(panel, "refresh_now")
    plotted = api(panel, "plotted")
    item = next(i for i in repository.list_items(document.pf) if i.counts_in_balance)

    def step() -> None:
        old = repository.get(document.pf, Item, item.id)
        delta = 1.0 if old.effort_hours <= item.effort_hours else -1.0
        new = old.replace(effort_hours=old.effort_hours + delta)
        document.execute(commands.edit(document, [old], [new], "Change effort"))
        refresh_now()
        settle(panel)

    data = plotted()
    canvas_widget = panel.findChild(QWidget, "balanceCanvas") or panel
    dpi = 100
    size = canvas_widget.size()
    figure = Figure(figsize=(size.width() / dpi, size.height() / dpi), dpi=dpi)
    canvas = FigureCanvasAgg(figure)
    x = list(range(len(data.upstream)))
    share = [float("nan") if s is None else s * 100 for s in data.share]

    def baseline() -> None:
        figure.clear()
        ax = figure.add_subplot()
        ax.bar(x, data.upstream, label="Upstream")
        ax.bar(x, data.downstream, bottom=data.upstream, label="Downstream")
        share_ax = ax.twinx()
        share_ax.plot(x, share, color="black", marker="o", label="Upstream share")
        share_ax.set_ylim(0, 100)
        figure.legend(loc="upper center", ncols=3)
        canvas.draw()

    step()
    baseline()  # warm-up
    seconds, base = [], []
    for _ in range(repeats):
        for run, into in ((step, seconds), (baseline, base)):
            t0 = time.perf_counter()
            run()
            into.append(time.perf_counter() - t0)
    return {"seconds": seconds, "baseline_seconds": base}


SCENARIOS: dict[str, Callable[[str, int], Any]] = {
    "month_switch": month_switch,
    "drag_reschedule": drag_reschedule,
    "timeline_build": timeline_build,
    "timeline_zoom": timeline_zoom,
    "chart_update": chart_update,
}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("scenario", choices=sorted(SCENARIOS))
    parser.add_argument("plan")
    parser.add_argument("--repeats", type=int, default=10)
    args = parser.parse_args()
    app = QApplication(sys.argv[:1])
    configure_application(app)
    try:
        found = SCENARIOS[args.scenario](args.plan, args.repeats)
        result: dict[str, Any] = found if isinstance(found, dict) else {"seconds": found}
    except NotRun as why:
        result = {"not_run": str(why)}
    print(json.dumps(result), flush=True)
    os._exit(0)  # skip tearing down the windows: not part of any measure


if __name__ == "__main__":
    raise SystemExit(main())
