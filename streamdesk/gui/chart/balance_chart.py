"""The balance chart (objectName ``balanceChart``): upstream vs downstream per period.

Bars show upstream and downstream effort hours, budget or counts per week or month (by
default what the plan's measure counts); a line on a second axis shows the upstream
share by the same measure (its legend says which) against the shaded target band, with
periods above it marked ▲ and below it ▼. Hovering a period shows its figures, clicking it
chooses that period for every view (``document.choose_period``).

The data comes from per-day sums that storage computes in SQL, so a redraw after an edit
does not load the plan's items. Redraws after edits are debounced with a single-shot
timer so typing or dragging elsewhere is never held up by matplotlib.

Why one module of ~800 lines: the artists are made once and then only given new data
(making them costs far more than drawing), and the legend, margins, pointer, hover
text and export all work on those same artists; split apart, a dozen of them would be
passed between modules. The sections below (building, state, refreshing, drawing,
pointer, export) are the seams to cut along if it grows.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import numpy
from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.collections import PolyCollection
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.legend_handler import HandlerTuple
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.ticker import FuncFormatter, MaxNLocator
from matplotlib.transforms import blended_transform_factory
from PySide6.QtCore import QEvent, QSize, Qt, QTimer, Signal, Slot
from PySide6.QtGui import (
    QAccessible,
    QAccessibleEvent,
    QAction,
    QActionGroup,
    QColor,
    QCursor,
    QHideEvent,
    QPalette,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QFileDialog,
    QSizePolicy,
    QToolBar,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from streamdesk.domain import BalanceMeasure, Initiative, Period, PeriodBalance, Plan
from streamdesk.domain.balance import DayTotals, compute_balance_from_days, share_percent
from streamdesk.gui.calendar.dates import day_text, month_text
from streamdesk.gui.chart.style import ChartColours, chart_colours
from streamdesk.gui.document import PlanDocument
from streamdesk.storage import StorageError, repository

REDRAW_DELAY_MS = 150
EXPORT_SIZE = (900, 500)  # logical pixels (at 100 dpi: 9 × 5 inches)
EXPORT_FILTERS = "PNG image (*.png);;SVG image (*.svg);;PDF document (*.pdf)"
EMPTY_HINT = "Nothing planned yet.\nAdd initiatives or content\nto see the balance."
BAND_KEY_ALPHA = {False: 0.45, True: 0.55}  # the legend's band swatch, light and dark
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class Plotted:
    """What the chart shows, for tests and the benchmark (data, not pixels)."""

    by: Period
    values: str  # "hours", "budget" or "count"
    stacked: bool
    periods: list[str]
    starts: list[date]
    ends: list[date]
    upstream: list[float]
    downstream: list[float]
    share: list[float | None]
    outside: list[int]  # indices of the periods outside the target band
    band: tuple[float, float]
    chosen: tuple[date, date] | None = None  # the highlighted period (the other views')


CANVAS_DESCRIPTION = (
    "Upstream and downstream bars per period with the upstream share against the "
    "target band; the stream health list below gives the same figures as text."
)


def _light_palette() -> QPalette:
    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Window, QColor("#ffffff"))
    palette.setColor(QPalette.ColorRole.WindowText, QColor("#202124"))
    palette.setColor(QPalette.ColorRole.Highlight, QColor("#2f6fd6"))
    return palette


def _box(x0: float, y0: float, x1: float, y1: float) -> list[tuple[float, float]]:
    return [(x0, y0), (x0, y1), (x1, y1), (x1, y0)]


def _money(value: float, currency: str) -> str:
    return f"{value:,.0f} {currency}"


class BalanceChart(QWidget):
    """Toggles, export button and the matplotlib canvas."""

    refreshed = Signal(bool)  # True when the data was reloaded from the file

    def __init__(self, document: PlanDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("balanceChart")
        self.document = document
        self.redraw_count = 0
        self._initiatives: list[Initiative] = []
        self._days: list[DayTotals] = []
        self._periods: list[PeriodBalance] = []
        self._chosen: tuple[date, date] | None = None
        self._stale_while_hidden = False
        self._following = False
        self._left_px = 54  # room for the bars' tick labels and unit, wider for big numbers
        self._export_size: tuple[int, int] | None = None  # laid out for a file, not the screen
        self._plan = document.plan
        self._plan_measure = document.plan.measure  # the plan's own, which the bars follow
        self._colours: ChartColours = chart_colours(self.palette())
        self._build()

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REDRAW_DELAY_MS)
        self._timer.timeout.connect(lambda: self.refresh_now(sync=False))
        document.changed.connect(self.schedule_refresh)
        document.planReplaced.connect(self.schedule_refresh)
        document.periodChosen.connect(self._on_period_chosen)
        document.periodShown.connect(self.show_period)
        self.canvas.mpl_connect("resize_event", self._set_margins)
        self._create_artists()
        self.refresh_now(sync=False)

    # -- building ----------------------------------------------------------------------

    def _action(self, name: str, text: str, tip: str, group: QActionGroup | None = None) -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        action.setToolTip(tip)
        action.setStatusTip(tip)
        action.setCheckable(group is not None)
        if group is not None:
            group.addAction(action)
        return action

    def _build(self) -> None:
        by_group = QActionGroup(self)
        self.weekAction = self._action("chartWeek", "Week", "One bar pair per week", by_group)
        self.monthAction = self._action("chartMonth", "Month", "One bar pair per month", by_group)
        self.monthAction.setChecked(True)
        values_group = QActionGroup(self)
        self.hoursAction = self._action(
            "chartHours", "Hours", "Bars show effort hours", values_group
        )
        self.budgetAction = self._action(
            "chartBudget", "Budget", "Bars show budget and cost", values_group
        )
        self.countAction = self._action(
            "chartCount",
            "Count",
            "Bars show how many initiatives (in proportion to their days in the period) "
            "and items there are",
            values_group,
        )
        self._values_action(self.document.plan.measure).setChecked(True)
        self.stackedAction = self._action(
            "chartStacked", "Stacked", "Stack upstream and downstream, or show them side by side"
        )
        self.stackedAction.setCheckable(True)
        self.stackedAction.setChecked(True)
        self.exportAction = self._action(
            "chartExport", "Export…", "Save the chart as a PNG, SVG or PDF file"
        )
        # one redraw per switch: the action being checked redraws, the one unchecked not
        for action in (*by_group.actions(), *values_group.actions()):
            action.toggled.connect(self._on_choice)
        self.stackedAction.toggled.connect(self._on_toggle)
        self.exportAction.triggered.connect(self.export_dialog)
        # a right click on a period offers it first; elsewhere the entry is disabled
        self.showPeriodAction = self._action(
            "chartShowPeriod",
            "Show Period in Calendar",
            "Show the period under the pointer in the calendar and the timeline",
        )
        self.showPeriodAction.setEnabled(False)
        self.showPeriodAction.triggered.connect(self._show_pointed_period)
        self._pointed: int | None = None  # the period right-clicked last

        # a tool bar, so a narrow panel folds the last buttons into its » menu
        bar = QToolBar(self)
        bar.setObjectName("balanceChartTools")
        bar.setIconSize(QSize(16, 16))
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        bar.addActions([self.weekAction, self.monthAction])
        bar.addSeparator()
        bar.addActions([self.hoursAction, self.budgetAction, self.countAction])
        bar.addSeparator()
        bar.addAction(self.stackedAction)
        spacer = QWidget(bar)
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        bar.addWidget(spacer)
        bar.addAction(self.exportAction)
        self.toolBar = bar

        self.figure = Figure(figsize=(4, 3), dpi=100)
        self.canvas = FigureCanvasQTAgg(self.figure)
        self.canvas.setObjectName("balanceCanvas")
        self.canvas.setAccessibleName("Balance chart")
        self.canvas.setAccessibleDescription(CANVAS_DESCRIPTION)
        self.canvas.setParent(self)
        self.canvas.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.canvas.setMinimumSize(220, 160)
        self.canvas.setMouseTracking(True)
        # every toggle and Export… on a right click too: a narrow pane folds some of them
        # into the tool bar's » menu, where they are easy to miss
        self.canvas.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        for group in (
            [self.showPeriodAction],
            [self.weekAction, self.monthAction],
            [self.hoursAction, self.budgetAction, self.countAction],
            [self.stackedAction],
            [self.exportAction],
        ):
            if self.canvas.actions():
                separator = QAction(self.canvas)
                separator.setSeparator(True)
                self.canvas.addAction(separator)
            self.canvas.addActions(group)
        self.canvas.mpl_connect("button_press_event", self._on_press)
        self.canvas.mpl_connect("motion_notify_event", self._on_motion)
        self.canvas.mpl_connect("figure_leave_event", lambda _event: QToolTip.hideText())

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(bar)
        layout.addWidget(self.canvas, 1)

    def sizeHint(self) -> QSize:
        return QSize(360, 300)

    # -- state --------------------------------------------------------------------------

    @property
    def by(self) -> Period:
        return Period.WEEK if self.weekAction.isChecked() else Period.MONTH

    @property
    def values(self) -> str:
        if self.budgetAction.isChecked():
            return "budget"
        return "count" if self.countAction.isChecked() else "hours"

    def _values_action(self, values: BalanceMeasure | str) -> QAction:
        """The bars' toggle for ``values`` ("hours", "budget", "count" or a measure)."""
        return {"budget": self.budgetAction, "count": self.countAction}.get(
            str(values), self.hoursAction
        )

    @property
    def stacked(self) -> bool:
        return self.stackedAction.isChecked()

    @property
    def periods(self) -> list[PeriodBalance]:
        return list(self._periods)

    @property
    def plan(self) -> Plan:
        """The plan settings the shown periods were computed with."""
        return self._plan

    @property
    def initiatives(self) -> list[Initiative]:
        return list(self._initiatives)

    def set_by(self, by: Period | str) -> None:
        (self.weekAction if Period(by) is Period.WEEK else self.monthAction).setChecked(True)

    def set_values(self, values: BalanceMeasure | str) -> None:
        self._values_action(values).setChecked(True)

    def _series(self) -> tuple[list[float], list[float]]:
        if self.values == "count":
            return (
                [p.upstream_count for p in self._periods],
                [float(p.downstream_count) for p in self._periods],
            )
        if self.values == "budget":
            return (
                [p.upstream_budget for p in self._periods],
                [p.downstream_budget for p in self._periods],
            )
        return (
            [p.upstream_hours for p in self._periods],
            [p.downstream_hours for p in self._periods],
        )

    def plotted(self) -> Plotted:
        up, down = self._series()
        plan = self._plan
        return Plotted(
            by=self.by,
            values=self.values,
            stacked=self.stacked,
            periods=[p.period for p in self._periods],
            starts=[p.start for p in self._periods],
            ends=[p.end for p in self._periods],
            upstream=up,
            downstream=down,
            share=[p.upstream_share for p in self._periods],
            outside=[n for n, p in enumerate(self._periods) if p.in_band is False],
            band=(plan.band_low, plan.band_high),
            chosen=self._chosen,
        )

    # -- refreshing ---------------------------------------------------------------------

    @Slot()
    def schedule_refresh(self) -> None:
        """Coalesce a burst of edits into one redraw shortly after the last (while shown)."""
        if self.isVisible():
            self._timer.start()
        else:
            self._stale_while_hidden = True

    @property
    def refresh_pending(self) -> bool:
        return self._timer.isActive() or self._stale_while_hidden

    @Slot()
    def refresh_now(self, sync: bool = True) -> None:
        """Reload the balance from the file, recompute and redraw (synchronously unless
        ``sync`` is false: then the canvas paints the new artists when it is next shown)."""
        self._timer.stop()
        pf = self.document.pf
        try:
            self._initiatives = repository.list_initiatives(pf)
            self._days = repository.daily_item_totals(pf)
        except StorageError as error:
            self.document.errorOccurred.emit(str(error))
            return
        self._recompute()
        self._draw(sync)
        self.refreshed.emit(True)

    def _recompute(self) -> None:
        plan = self.document.plan
        if plan.measure is not self._plan_measure:
            self._plan_measure = plan.measure
            self._follow_measure(plan.measure)
        # what the periods were computed with: the share line counts what the bars show
        self._plan = plan.replace(measure=BalanceMeasure(self.values))
        self._periods = compute_balance_from_days(
            self._plan, self._initiatives, self._days, self.by
        )

    def _follow_measure(self, measure: BalanceMeasure) -> None:
        """The plan's measure changed: the bars show what the share line now counts."""
        self._following = True  # the caller recomputes and draws once
        try:
            self._values_action(measure).setChecked(True)  # (the group unchecks the others)
        finally:
            self._following = False

    @Slot(bool)
    def _on_choice(self, checked: bool) -> None:
        if checked:
            self._on_toggle()

    @Slot()
    def _on_toggle(self, *_args: object) -> None:
        if self._following:
            return
        self._recompute()
        self._draw(sync=False)
        self.refreshed.emit(False)

    # -- drawing ------------------------------------------------------------------------
    #
    # The artists are made once (and again when the palette changes); a refresh only
    # gives them new data. Making bars, axes and a legend costs far more than drawing.

    def _create_artists(self) -> None:
        c = self._colours
        fig = self.figure
        fig.clear()
        fig.set_facecolor(c.background)
        ax = fig.add_subplot()
        ax2 = ax.twinx()
        self._ax, self._ax2 = ax, ax2
        ax.set_facecolor(c.background)
        for spine in ax.spines.values():
            spine.set_color(c.grid)
        for spine in ax2.spines.values():
            spine.set_visible(False)
        ax.tick_params(colors=c.text, labelsize=8, length=3)
        ax.tick_params(axis="x", labelsize=7)
        ax2.tick_params(colors=c.text, labelsize=8, length=3)
        ax.yaxis.set_major_locator(MaxNLocator(nbins=5, integer=True))
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:,.0f}"))
        ax.grid(axis="y", color=c.grid, linewidth=0.6, zorder=0)
        ax.set_axisbelow(True)
        ax2.set_ylim(0, 100)
        ax2.set_yticks([0, 25, 50, 75, 100])
        ax2.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:.0f}%"))
        ax2.set_ylabel("upstream share", color=c.muted, fontsize=8)
        ax.set_ylabel("hours", color=c.muted, fontsize=8)

        # the chosen period and the target band live on the bars' axes, under the bars;
        # the band is in the share axis' units
        self._chosen_patch = Rectangle(
            (0, 0),
            0,
            1,
            transform=blended_transform_factory(ax.transData, ax.transAxes),
            facecolor=to_rgba(c.chosen, 0.16),
            edgecolor=to_rgba(c.chosen, 0.9),
            linewidth=1.5,
            zorder=3,  # over the bars, under the share line: the chosen period is framed
            visible=False,
        )
        ax.add_patch(self._chosen_patch)
        self._band = Rectangle(
            (0, 0),
            1,
            0,
            transform=blended_transform_factory(ax.transAxes, ax2.transData),
            facecolor=c.band,
            alpha=0.22 if c.dark else 0.16,
            linewidth=0,
            zorder=1,
        )
        ax.add_patch(self._band)
        self._up_bars = PolyCollection([], facecolors=c.upstream, linewidths=0, zorder=2)
        self._down_bars = PolyCollection([], facecolors=c.downstream, linewidths=0, zorder=2)
        ax.add_collection(self._up_bars)
        ax.add_collection(self._down_bars)
        style: dict[str, Any] = {"color": c.band, "linewidth": 0.9, "linestyle": "--", "zorder": 3}
        self._band_edges = (ax2.axhline(0, **style), ax2.axhline(0, **style))
        (self._share_line,) = ax2.plot(
            [], [], color=c.text, linewidth=1.4, marker="o", markersize=3, zorder=4
        )
        marks: dict[str, Any] = {
            "color": c.outside,
            "edgecolors": c.background,
            "linewidths": 0.6,
            "zorder": 5,
        }
        self._below = ax2.scatter([], [], marker="v", **marks)
        self._above = ax2.scatter([], [], marker="^", **marks)
        self._empty_text = ax.text(
            0.5,
            0.5,
            EMPTY_HINT,
            ha="center",
            va="center",
            color=c.muted,
            fontsize=9,
            transform=ax.transAxes,
            visible=False,
        )
        key: dict[str, Any] = {
            "linestyle": "none",
            "color": c.outside,
            "markeredgecolor": c.background,
        }
        # the legend shows both marks as drawn: ▲ above the band, ▼ below it
        self._outside_key = (Line2D([], [], marker="^", **key), Line2D([], [], marker="v", **key))
        # and the band as a swatch of its own: the band's faint fill reads over a whole
        # chart, not in a swatch a few pixels wide (on dark it all but vanished), so the
        # key is filled stronger and framed with the band's dashed edge
        self._band_key = Rectangle(
            (0, 0),
            1,
            1,
            facecolor=to_rgba(c.band, BAND_KEY_ALPHA[c.dark]),
            edgecolor=c.band,
            linewidth=0.9,
            linestyle="--",
        )
        self._legend: Legend | None = None
        self._legend_columns = 0
        self._set_margins()

    def _make_legend(self, columns: int) -> None:
        """Above the axes; rows read bars and marks, then line and band (filled by column)."""
        if self._legend is not None and columns == self._legend_columns:
            return
        if self._legend is not None:
            self._legend.remove()
        # Any: a tuple of artists is a handle too (HandlerTuple), which the stubs do not say
        handles: list[Any] = [self._up_bars, self._share_line, self._down_bars, self._band_key]
        labels = ["Upstream", "Upstream share", "Downstream", "Target band"]
        if columns < 3:  # narrow: Upstream, Downstream / share, band / outside
            handles = [self._up_bars, self._share_line, self._outside_key]
            handles += [self._down_bars, self._band_key]
            labels = ["Upstream", "Upstream share", "Outside band", "Downstream", "Target band"]
            if columns == 1:  # very narrow: two columns of short words
                labels = ["Up", "Upstream share", "Outside", "Down", "Target band"]
        else:
            handles.append(self._outside_key)
            labels.append("Outside band")  # the key shows ▲ above and ▼ below
        self._legend = legend = self.figure.legend(
            handles,
            labels,
            loc="upper center",
            bbox_to_anchor=(0.5, 1.0),
            ncols=max(columns, 2),
            fontsize=7,
            frameon=False,
            handlelength=1.4,
            columnspacing=1.0,
            borderaxespad=0.2,
            handler_map={tuple: HandlerTuple(ndivide=None, pad=0.2)},  # ▲▼ side by side
        )
        for text in legend.get_texts():
            text.set_color(self._colours.text)
        legend.set_visible(bool(self._periods))
        self._legend_columns = columns
        self._label_legend()

    def _label_legend(self) -> None:
        plan = self._plan
        low, high = plan.band_low * 100, plan.band_high * 100
        compact = self._legend_columns == 1
        if self._legend is None:
            return
        for text in self._legend.get_texts():
            if text.get_text().startswith(("Upstream share", "Share")):
                word = "Share" if compact else "Upstream share"
                text.set_text(f"{word} ({plan.measure.value})")
            elif text.get_text().startswith(("Target", "Band")):
                word = "Band" if compact else "Target"
                text.set_text(f"{word} {low:.0f}–{high:.0f}%")

    def _layout_size(self) -> tuple[int, int]:
        """The size in (logical) pixels the figure is laid out for."""
        if self._export_size is not None:
            return self._export_size
        return self.canvas.width(), self.canvas.height()

    def _set_margins(self, _event: object = None) -> None:
        """Fixed pixel margins (a layout engine would cost more than the drawing)."""
        width, height = self._layout_size()
        width, height = max(width, 100), max(height, 100)
        columns = 3 if width >= 330 else 2 if width >= 270 else 1  # 1: compact, 2 columns
        self._make_legend(columns)
        legend_rows = 2 if columns == 3 else 3
        title = 24 if self._export_size is not None else 0  # an exported file has a title
        if self._legend is not None:  # _make_legend made it
            self._legend.set_bbox_to_anchor((0.5, 1 - title / height))
        # a narrow chart drops the share axis' title (the legend names the line)
        self._ax2.set_ylabel("" if columns == 1 else "upstream share")
        self.figure.subplots_adjust(
            left=min(0.4, self._left_px / width),
            right=max(0.6, 1 - (44 if columns == 1 else 60) / width),
            bottom=min(0.4, 32 / height),
            top=max(0.5, 1 - (16 + title + 12 * legend_rows) / height),
        )
        if self._periods:
            self._set_xticks()

    def _draw(self, sync: bool = True) -> None:
        """Give the artists the current periods; draw now, or at the next paint."""
        ax = self._ax
        plan = self._plan
        n = len(self._periods)
        up, down = self._series()
        if self.stacked:
            up_boxes = [(x - 0.375, 0.0, x + 0.375, u) for x, u in enumerate(up)]
            down_boxes = [
                (x - 0.375, u, x + 0.375, u + d)
                for x, (u, d) in enumerate(zip(up, down, strict=True))
            ]
            top = max((u + d for u, d in zip(up, down, strict=True)), default=0)
        else:
            up_boxes = [(x - 0.38, 0.0, x, u) for x, u in enumerate(up)]
            down_boxes = [(x, 0.0, x + 0.38, d) for x, d in enumerate(down)]
            top = max(max(up, default=0), max(down, default=0))
        self._up_bars.set_verts([_box(*b) for b in up_boxes])
        self._down_bars.set_verts([_box(*b) for b in down_boxes])
        ax.set_xlim(-0.6, max(n, 1) - 0.4)
        ax.set_ylim(0, top * 1.08 if top > 0 else 1)
        # a 7-point digit is about 5 px wide: "45,000" needs more room than "100"
        left_px = 34 + 5 * len(f"{top * 1.08:,.0f}")
        if max(left_px, 54) != self._left_px:
            self._left_px = max(left_px, 54)
            self._set_margins()
        ax.set_ylabel(
            "" if n == 0 else {"hours": "hours", "count": "count"}.get(self.values, plan.currency)
        )

        low, high = plan.band_low * 100, plan.band_high * 100
        self._band.set_y(low)
        self._band.set_height(high - low)
        self._band_edges[0].set_ydata([low, low])
        self._band_edges[1].set_ydata([high, high])
        xs = [x for x, p in enumerate(self._periods) if p.upstream_share is not None]
        ys = [p.upstream_share * 100 for p in self._periods if p.upstream_share is not None]
        self._share_line.set_data(xs, ys)
        self._share_line.set_markersize(3 if n > 20 else 4)
        below: list[tuple[int, float]] = []
        above: list[tuple[int, float]] = []
        for x, p in enumerate(self._periods):
            if p.in_band is False and p.upstream_share is not None:
                (below if p.upstream_share < plan.band_low else above).append(
                    (x, p.upstream_share * 100)
                )
        size = 42 if n <= 20 else 26
        for marks, points in ((self._below, below), (self._above, above)):
            marks.set_offsets(points if points else numpy.empty((0, 2)))
            marks.set_sizes([size])
        self._label_legend()
        if n == 0:
            self._empty_text.set_text(EMPTY_HINT)
        elif top <= 0:  # items and initiatives, but none with this figure filled in
            what = {"hours": "effort hours", "budget": "budget or cost", "count": "items"}
            self._empty_text.set_text(
                f"No {what[self.values]} planned yet.\nTry another toggle above,\n"
                "or fill them in the items."
            )
        self._empty_text.set_visible(n == 0 or top <= 0)
        self._ax2.set_visible(n > 0)
        for artist in (self._band, *self._band_edges, self._legend):
            if artist is not None:
                artist.set_visible(n > 0)  # an empty plan shows the hint alone
        self._set_xticks()
        self._draw_chosen()
        if sync:
            self.canvas.draw()
        else:
            self.canvas.draw_idle()
        self.redraw_count += 1

    def _set_xticks(self) -> None:
        n = len(self._periods)
        if n == 0:
            self._ax.set_xticks([])
            self._ax.set_yticks([])
            return
        self._ax.yaxis.set_major_locator(MaxNLocator(nbins=5, integer=True))
        width = max(self._layout_size()[0] - 110, 100)  # less the axes' labels and margins
        room = max(2, width // (34 if self.by is Period.MONTH else 44))
        step = max(1, math.ceil(n / room))
        ticks, labels = [], []
        year = None
        for index, p in enumerate(self._periods):
            if index % step:
                continue
            ticks.append(index)
            month = MONTHS[p.start.month - 1]
            text = month if self.by is Period.MONTH else f"{p.start.day} {month}"
            if p.start.year != year:  # the year under the first label of each year
                year = p.start.year
                text += f"\n{year}"
            labels.append(text)
        self._ax.set_xticks(ticks, labels)

    def _chosen_span(self) -> tuple[float, float] | None:
        """The chosen period in data coordinates (fractions of a bar for partial overlap)."""
        if self._chosen is None or not self._periods:
            return None
        first, last = self._chosen
        left = right = None
        for index, p in enumerate(self._periods):
            days = (p.end - p.start).days + 1
            if p.end < first or p.start > last:
                continue
            lo = max(first, p.start)
            hi = min(last, p.end)
            if left is None:
                left = index - 0.5 + (lo - p.start).days / days
            right = index - 0.5 + ((hi - p.start).days + 1) / days
        if left is None or right is None:
            return None
        return left, right

    def _draw_chosen(self) -> None:
        span = self._chosen_span()
        self._chosen_patch.set_visible(span is not None)
        if span is not None:
            self._chosen_patch.set_x(span[0])
            self._chosen_patch.set_width(span[1] - span[0])
        self._announce_chosen()

    def chosen_index(self) -> int | None:
        """The bar highlighted: the period holding the first day the other views show."""
        if self._chosen is None:
            return None
        first, last = self._chosen
        overlapping = [n for n, p in enumerate(self._periods) if p.start <= last and p.end >= first]
        holding = [n for n in overlapping if self._periods[n].start <= first]
        if holding:
            return holding[-1]
        return overlapping[0] if overlapping else None

    def _announce_chosen(self) -> None:
        """Say the highlighted period's figures in the canvas's accessible description:
        the bars are drawn by matplotlib and have no accessible objects a screen reader
        could visit, so it reads this when the period changes."""
        index = self.chosen_index()
        text = CANVAS_DESCRIPTION
        if index is not None:
            lines = self.describe(index).splitlines()[:-1]  # not the "Click to…" hint
            text = f"Highlighted: {'; '.join(lines)}. {CANVAS_DESCRIPTION}"
        if text != self.canvas.accessibleDescription():
            self.canvas.setAccessibleDescription(text)
            QAccessible.updateAccessibility(
                QAccessibleEvent(self.canvas, QAccessible.Event.DescriptionChanged)
            )

    @Slot(object, object)
    def show_period(self, first: date, last: date) -> None:
        """Highlight the period the other views show (without choosing it for them)."""
        if self._chosen == (first, last):
            return
        self._chosen = (first, last)
        self._draw_chosen()
        self.canvas.draw_idle()

    _on_period_chosen = show_period

    # -- pointer ------------------------------------------------------------------------

    def period_at(self, x: float | None) -> int | None:
        """The index of the period under data coordinate ``x`` (bars are at 0, 1, 2…)."""
        if x is None or not self._periods:
            return None
        index = round(x)
        if 0 <= index < len(self._periods) and abs(x - index) <= 0.5:
            return index
        return None

    def describe(self, index: int) -> str:
        p = self._periods[index]
        plan = self._plan
        what = "Week of" if self.by is Period.WEEK else "Month"
        if p.upstream_share is None:
            share = "no effort planned"
        else:
            verdict = "inside" if p.in_band else "OUTSIDE"
            figure = share_percent(p.upstream_share, plan.band_low, plan.band_high)
            share = (
                f"{figure} upstream by {plan.measure.value}, {verdict} the "
                f"{plan.band_low:.0%}–{plan.band_high:.0%} band"
            )
        return (
            f"{what} {day_text(p.start, weekday=False)} – {day_text(p.end, weekday=False)}\n"
            f"Upstream: {p.upstream_hours:,.1f} h, {_money(p.upstream_budget, plan.currency)}, "
            f"{p.upstream_count:,.1f} initiatives (by their days in the period)\n"
            f"Downstream: {p.downstream_hours:,.1f} h, "
            f"{_money(p.downstream_budget, plan.currency)}, {p.downstream_count} items\n"
            f"{share}\nClick to show this period in the calendar and timeline."
        )

    def _on_motion(self, event: object) -> None:
        index = self.period_at(getattr(event, "xdata", None))
        if index is None:
            QToolTip.hideText()
            return
        QToolTip.showText(QCursor.pos(), self.describe(index), self.canvas)

    def _on_press(self, event: object) -> None:
        button = getattr(event, "button", None)
        if button == 3:  # the context menu follows: name the period it would show
            self._point_at(getattr(event, "xdata", None))
        if button != 1:
            return
        self.choose(getattr(event, "xdata", None))

    def _point_at(self, x: float | None) -> None:
        self._pointed = self.period_at(x)
        action = self.showPeriodAction
        if self._pointed is None:
            action.setText("Show Period in Calendar")
            action.setEnabled(False)
            return
        p = self._periods[self._pointed]
        week = self.by is Period.WEEK
        name = f"Week of {day_text(p.start, weekday=False)}" if week else month_text(p.start)
        action.setText(f"Show {name} in Calendar")
        action.setEnabled(True)

    @Slot()
    def _show_pointed_period(self) -> None:
        if self._pointed is not None and self._pointed < len(self._periods):
            p = self._periods[self._pointed]
            self.document.choose_period(p.start, p.end)

    def choose(self, x: float | None) -> bool:
        """Choose the period under data coordinate ``x`` for every view."""
        index = self.period_at(x)
        if index is None:
            return False
        p = self._periods[index]
        self.document.choose_period(p.start, p.end)
        return True

    # -- visibility, palette and export -----------------------------------------------------

    def hideEvent(self, event: QHideEvent) -> None:
        """Hidden (or the window closing): redraw when shown again, not in the background."""
        self._stale_while_hidden = self._timer.isActive() or self._stale_while_hidden
        self._timer.stop()
        super().hideEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale_while_hidden:
            self._stale_while_hidden = False
            self._timer.start()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            colours = chart_colours(self.palette())
            if colours != self._colours:
                self._colours = colours
                self._create_artists()
                self._draw(sync=False)

    def export(self, path: str | Path) -> Path:
        """Save the chart; the suffix (.png, .svg or .pdf) picks the format.

        The file is laid out at EXPORT_SIZE whatever the pane's size, and in light colours
        even on a dark desktop: it goes into slides and printed reports.
        """
        path = Path(path)
        screen_colours, screen_inches = self._colours, self.figure.get_size_inches()
        light = chart_colours(_light_palette())
        title = None
        try:
            if light != screen_colours:
                self._colours = light
                self._create_artists()
            self._export_size = EXPORT_SIZE
            # the Qt canvas keeps 100 dpi per logical pixel: inches are logical px / 100
            self.figure.set_size_inches(EXPORT_SIZE[0] / 100, EXPORT_SIZE[1] / 100, forward=False)
            self._legend_columns = 0  # lay the legend out again for the export size
            self._set_margins()
            self._draw(sync=False)
            self._chosen_patch.set_visible(False)  # the on-screen choice is not for the file
            title = self.figure.text(
                0.5,
                1 - 6 / EXPORT_SIZE[1],
                self.export_title(),
                ha="center",
                va="top",
                fontsize=9,
                fontweight="bold",
                color=self._colours.text,
                parse_math=False,  # "$5 vs $10" in a plan's name is text, not mathtext
            )
            self.figure.savefig(path, dpi=200, facecolor=self._colours.background)
        finally:
            if title is not None:
                title.remove()
            self._export_size = None
            self.figure.set_size_inches(screen_inches[0], screen_inches[1], forward=False)
            if self._colours != screen_colours:
                self._colours = screen_colours
                self._create_artists()
            self._legend_columns = 0
            self._set_margins()
            self._draw(sync=False)
        return path

    def export_title(self) -> str:
        plan = self._plan
        who = f"{plan.name} ({plan.client})" if plan.client else plan.name
        if len(who) > 70:  # the title stays on one line of the 9-inch figure
            who = who[:69].rstrip() + "…"
        values = {"hours": "effort hours", "budget": f"budget ({plan.currency})"}.get(
            self.values, "counts"
        )
        return f"{who}: upstream vs downstream {values} by {self.by.value}"

    @Slot()
    def export_dialog(self) -> None:
        # a plan named "Q3 / EMEA" must not make a folder of its name (or raise)
        safe = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', " ", self.document.plan.name)
        safe = " ".join(safe.split()).strip(" .")
        name = f"{safe or 'plan'} balance.png"
        start = str(self.document.pf.path.with_name(name))
        path, chosen = QFileDialog.getSaveFileName(
            self, "Export the balance chart", start, EXPORT_FILTERS
        )
        if not path:
            return
        if Path(path).suffix.lower() not in (".png", ".svg", ".pdf"):
            chosen = chosen.lower()
            suffix = ".pdf" if "pdf" in chosen else ".svg" if "svg" in chosen else ".png"
            path += suffix
        try:
            self.export(path)
        except (OSError, ValueError) as error:
            self.document.errorOccurred.emit(f"Could not export the chart to {path}: {error}")
