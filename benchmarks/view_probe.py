"""``view_probe.py SCENARIO PLAN BASELINE_PLAN --repeats N``: a view interaction vs its baseline.

Run by ``benchmarks/run.py`` on copies of the plans (some scenarios edit them). Both
sides are set up in this one process (the views built exactly as the application builds
them, offscreen), warmed up once, then timed in alternation, so that both see the same
machine load: on a busy machine that is what keeps the ratio honest. Prints
``{"seconds": [...], "baseline_seconds": [...]}``, or ``{"not_run": "why"}`` when the
view a scenario needs is not there, or lacks the method the scenario drives.

"Repainted" means: the action, then the event loop run until nothing is pending
(deferred slots and posted update requests delivered), then the view painted
synchronously with ``repaint()`` (so a view that paints lazily pays for it here).
Between two timed steps the event loop runs untimed for a moment, so that a debounced
refresh one side scheduled (the chart's, after an edit) cannot land in the other's time.
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
from streamdesk.storage import PlanFile, repository

CHART_SIZE = QSize(420, 820)  # about the balance panel's share of a 1400 x 900 window
QUIET_MS = 300  # untimed event loop after each step: longer than any debounce in the app

Step = Callable[[], None]
KEEP: list[Any] = []  # top-level windows live as long as their Python wrapper does


class NotRun(Exception):
    """The feature the scenario measures is not there yet."""


def settle(widget: QWidget) -> None:
    app = QApplication.instance()
    for _ in range(3):
        app.sendPostedEvents()
        app.processEvents()
    widget.repaint()


def quiesce(quiet_ms: int = QUIET_MS) -> None:
    """Run the event loop untimed until a whole quiet period passes with nothing heavy in it."""
    for _ in range(10):
        t0 = time.perf_counter()
        QTest.qWait(quiet_ms)
        if time.perf_counter() - t0 < quiet_ms / 1000 * 1.2:
            return


def api(widget: QWidget, *names: str) -> Callable[..., Any]:
    """The first method called one of ``names`` on the view or one of its children."""
    for obj in (widget, *widget.findChildren(QWidget)):
        for name in names:
            method = getattr(obj, name, None)
            if callable(method):
                return method
    raise NotRun(f"{widget.objectName() or type(widget).__name__} has no {' / '.join(names)}()")


def landed(widget: QWidget | None, what: str) -> QWidget:
    if widget is None:
        raise NotRun(f"the window has no {what}")
    return widget


_OPEN: dict[str, PlanFile] = {}


def open_plan(plan: str) -> PlanFile:
    """One writer per plan: both sides of a pair in this process share the open plan."""
    if plan not in _OPEN:
        _OPEN[plan] = PlanFile.open(plan)
    return _OPEN[plan]


def open_window(plan: str) -> Any:
    from streamdesk.gui.main_window import MainWindow

    window = MainWindow(PlanDocument(open_plan(plan)))
    window.show()
    QTest.qWaitForWindowExposed(window)
    settle(window)
    # the chart is built after the first paint: let that happen before anything is timed
    for _ in range(3000):
        if window.balance is not None:
            break
        QTest.qWait(10)
    settle(window)
    KEEP.append(window)
    return window


# -- scenarios: each sets up one side and returns (timed step, untimed reset or None) -------


def month_switch(plan: str) -> tuple[Step, Step | None]:
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

    return step, reset


def drag_reschedule(plan: str) -> tuple[Step, Step | None]:
    """Drop a chip on the next day (and back): ``move_items``, which is what a drop calls."""
    window = open_window(plan)
    calendar = landed(window.calendar, "calendar")
    move_items = api(calendar, "move_items")
    pf = window.document.pf

    def middle_items() -> list[Any]:
        first, last = api(calendar, "visible_range")()
        return [i for i in repository.list_items(pf, first, last) if movable(i)]

    def movable(item: Any) -> bool:
        """A plain item mid-month: moving a series occurrence asks which ones (a dialog)."""
        return 10 <= item.date.day <= 20 and item.series_id is None

    items = middle_items()
    if not items:  # a sparse plan: go to a month that has some
        anywhere = [i for i in repository.list_items(pf) if movable(i)]
        if not anywhere:
            raise NotRun("no item between the 10th and the 20th of any month")
        api(calendar, "show_month")(anywhere[len(anywhere) // 2].date)
        settle(calendar)
        items = middle_items()
    item_id = items[len(items) // 2].id
    state = {"days": 1}

    def step() -> None:
        if not move_items([item_id], state["days"]):
            raise RuntimeError("the calendar refused to move the item")
        state["days"] = -state["days"]
        settle(calendar)

    return step, None


def timeline_build(plan: str) -> tuple[Step, Step | None]:
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

    return step, reset


def timeline_zoom(plan: str) -> tuple[Step, Step | None]:
    window = open_window(plan)
    timeline = landed(window.timeline, "timeline")
    set_zoom = api(timeline, "set_zoom")
    levels = ("week", "month", "quarter")
    state = {"n": 0}

    def step() -> None:
        state["n"] += 1
        set_zoom(levels[state["n"] % len(levels)])
        settle(timeline)

    return step, None


def _chart_panel(plan: str) -> tuple[PlanDocument, QWidget]:
    from streamdesk.gui.chart import create_balance_panel

    document = PlanDocument(open_plan(plan))
    panel = landed(create_balance_panel(document, None), "balance chart")
    panel.resize(CHART_SIZE)
    panel.show()
    QTest.qWaitForWindowExposed(panel)
    settle(panel)
    KEEP.append((document, panel))
    return document, panel


def chart_update(plan: str) -> tuple[Step, Step | None]:
    """After one edit: the balance recomputed and the chart (and its health panel) redrawn."""
    from streamdesk.domain import Item
    from streamdesk.gui import commands

    document, panel = _chart_panel(plan)
    refresh_now = api(panel, "refresh_now")
    item = next(i for i in repository.list_items(document.pf) if i.counts_in_balance)

    def step() -> None:
        old = repository.get(document.pf, Item, item.id)
        delta = 1.0 if old.effort_hours <= item.effort_hours else -1.0
        new = old.replace(effort_hours=old.effort_hours + delta)
        document.execute(commands.edit(document, [old], [new], "Change effort"))
        refresh_now()
        settle(panel)

    return step, None


def chart_baseline(plan: str) -> tuple[Step, Step | None]:
    """The chart's own bars and line, at its canvas size, on a bare Figure with Agg."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    _document, panel = _chart_panel(plan)
    data = api(panel, "plotted")()
    size = (panel.findChild(QWidget, "balanceCanvas") or panel).size()
    panel.hide()
    dpi = 100
    figure = Figure(figsize=(size.width() / dpi, size.height() / dpi), dpi=dpi)
    canvas = FigureCanvasAgg(figure)
    x = list(range(len(data.upstream)))
    share = [float("nan") if s is None else s * 100 for s in data.share]

    def step() -> None:
        figure.clear()
        ax = figure.add_subplot()
        ax.bar(x, data.upstream, label="Upstream")
        ax.bar(x, data.downstream, bottom=data.upstream, label="Downstream")
        share_ax = ax.twinx()
        share_ax.plot(x, share, color="black", marker="o", label="Upstream share")
        share_ax.set_ylim(0, 100)
        figure.legend(loc="upper center", ncols=3)
        canvas.draw()

    return step, None


# scenario -> (its setup, the baseline's setup); the baseline runs on the second plan
SCENARIOS: dict[str, tuple[Callable[[str], tuple[Step, Step | None]], ...]] = {
    "month_switch": (month_switch, month_switch),
    "drag_reschedule": (drag_reschedule, drag_reschedule),
    "timeline_build": (timeline_build, timeline_build),
    "timeline_zoom": (timeline_zoom, timeline_zoom),
    "chart_update": (chart_update, chart_baseline),
}


def measure(
    scenario: str, plan: str, baseline_plan: str, repeats: int, quiet_ms: int = QUIET_MS
) -> dict[str, list[float]]:
    setup, baseline_setup = SCENARIOS[scenario]
    sides = [setup(plan), baseline_setup(baseline_plan)]
    times: list[list[float]] = [[], []]
    for rep in range(repeats + 1):  # the first round warms up (caches, lazy imports)
        for (step, reset), into in zip(sides, times, strict=True):
            t0 = time.perf_counter()
            step()
            elapsed = time.perf_counter() - t0
            if reset:
                reset()
            quiesce(quiet_ms)
            if rep:
                into.append(elapsed)
    return {"seconds": times[0], "baseline_seconds": times[1]}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("scenario", choices=sorted(SCENARIOS))
    parser.add_argument("plan")
    parser.add_argument("baseline_plan")
    parser.add_argument("--repeats", type=int, default=10)
    parser.add_argument(
        "--quiet-ms", type=int, default=QUIET_MS, help="untimed event loop between steps"
    )
    args = parser.parse_args()
    app = QApplication(sys.argv[:1])
    configure_application(app)
    try:
        result: dict[str, Any] = measure(
            args.scenario, args.plan, args.baseline_plan, args.repeats, args.quiet_ms
        )
    except NotRun as why:
        result = {"not_run": str(why)}
    print(json.dumps(result), flush=True)
    os._exit(0)  # skip tearing down the windows: not part of any measure


if __name__ == "__main__":
    raise SystemExit(main())
