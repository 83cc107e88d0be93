"""The balance chart, checked through its data, not pixels: what it plots for each measure,
empty and tiny plans, redraws, clicks and hovers, narrow panes, palettes and every export."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from chart_helpers import month_of, shown_panel
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QFileDialog, QToolTip

from streamdesk.domain import BalanceMeasure, Initiative, Item, Period, Plan, compute_balance
from streamdesk.domain.health import stream_health
from streamdesk.gui import commands
from streamdesk.gui.calendar.dates import day_text
from streamdesk.gui.chart import BalanceChart, BalancePanel
from streamdesk.gui.document import PlanDocument
from streamdesk.gui.plan_settings import PlanSettingsDialog
from streamdesk.storage import create_plan, repository


def test_chart_plots_the_plans_balance_and_health(panel: BalancePanel) -> None:
    document = panel.document
    chart = panel.findChild(BalanceChart, "balanceChart")
    assert chart is panel.chart
    pf = document.pf
    initiatives, items = repository.list_initiatives(pf), repository.list_items(pf)
    expected = compute_balance(document.plan, initiatives, items, "month")
    plotted = chart.plotted()
    assert plotted.by is Period.MONTH and plotted.values == "hours" and plotted.stacked
    assert plotted.periods == [p.period for p in expected]
    assert plotted.upstream == pytest.approx([p.upstream_hours for p in expected])
    assert plotted.downstream == pytest.approx([p.downstream_hours for p in expected])
    assert plotted.outside == [n for n, p in enumerate(expected) if p.in_band is False]
    assert panel.health.health == stream_health(document.plan, initiatives, items, expected)


def test_chart_redraws_after_an_edit_and_after_undo(qtbot, panel: BalancePanel) -> None:  # type: ignore[no-untyped-def]
    document, chart = panel.document, panel.chart
    item = repository.list_items(document.pf)[0]
    index = month_of(chart.plotted(), item.date)
    before = chart.plotted().downstream[index]
    draws = chart.redraw_count
    edited = item.replace(effort_hours=item.effort_hours + 100)
    assert document.execute(commands.edit(document, [item], [edited], "More effort"))
    assert chart.refresh_pending  # debounced, not drawn while the user is still editing
    assert chart.redraw_count == draws
    qtbot.waitUntil(lambda: chart.plotted().downstream[index] == pytest.approx(before + 100))
    assert chart.redraw_count == draws + 1
    assert document.undo()
    qtbot.waitUntil(lambda: chart.plotted().downstream[index] == pytest.approx(before))
    assert chart.redraw_count == draws + 2


def test_a_burst_of_edits_draws_once(qtbot, panel: BalancePanel) -> None:  # type: ignore[no-untyped-def]
    document, chart = panel.document, panel.chart
    items = repository.list_items(document.pf)[:5]
    draws = chart.redraw_count
    for item in items:
        document.execute(commands.edit(document, [item], [item.replace(cost=1234)], "Cost"))
    qtbot.waitUntil(lambda: not chart.refresh_pending)
    assert chart.redraw_count == draws + 1


def test_toggles_change_what_is_plotted(qtbot, panel: BalancePanel) -> None:  # type: ignore[no-untyped-def]
    chart = panel.chart
    months = chart.plotted()
    chart.weekAction.trigger()
    weeks = chart.plotted()
    assert weeks.by is Period.WEEK and len(weeks.periods) > 4 * len(months.periods)
    assert all(s.weekday() == 0 for s in weeks.starts)
    assert sum(weeks.downstream) == pytest.approx(sum(months.downstream))
    assert "week" in panel.health.section("outside").text(0)

    chart.budgetAction.trigger()
    budget = chart.plotted()
    assert budget.values == "budget"
    assert budget.upstream == pytest.approx([p.upstream_budget for p in chart.periods])
    assert budget.upstream != pytest.approx(weeks.upstream)

    chart.stackedAction.trigger()
    assert chart.plotted().stacked is False
    widths = [path.get_extents().width for path in chart._up_bars.get_paths()]
    assert len(widths) == len(chart.periods) and max(widths) < 0.5  # side by side: narrower


def test_clicking_a_period_chooses_it(qtbot, panel: BalancePanel) -> None:  # type: ignore[no-untyped-def]
    chart = panel.chart
    plotted = chart.plotted()
    # the pixel of the third month's bar, half way up the axes
    x = chart._ax.transData.transform((2, 0))[0]
    y_top = chart._ax.transAxes.transform((0, 0.5))[1]
    ratio = chart.canvas.devicePixelRatioF()
    pos = QPoint(round(x / ratio), round(chart.canvas.height() - y_top / ratio))
    with qtbot.waitSignal(panel.document.periodChosen) as blocker:
        qtbot.mouseClick(chart.canvas, Qt.MouseButton.LeftButton, pos=pos)
    assert blocker.args == [plotted.starts[2], plotted.ends[2]]
    assert plotted.starts[2].day == 1 and plotted.ends[2].month == plotted.starts[2].month
    assert chart._chosen_span() == pytest.approx((1.5, 2.5))
    assert chart.choose(len(plotted.periods) + 3) is False  # right of the last bar


def test_hover_describes_the_period(
    qtbot,
    monkeypatch: pytest.MonkeyPatch,
    panel: BalancePanel,  # type: ignore[no-untyped-def]
) -> None:
    shown: list[str] = []  # the offscreen platform cannot raise a tooltip window
    monkeypatch.setattr(
        QToolTip, "showText", staticmethod(lambda _pos, text, *a: shown.append(text))
    )
    chart = panel.chart
    p = chart.periods[1]
    x = chart._ax.transData.transform((1, 0))[0]
    y = chart._ax.transAxes.transform((0, 0.3))[1]
    ratio = chart.canvas.devicePixelRatioF()
    qtbot.mouseMove(
        chart.canvas, QPoint(round(x / ratio), round(chart.canvas.height() - y / ratio))
    )
    qtbot.waitUntil(lambda: bool(shown))
    text = shown[-1]
    assert text == chart.describe(chart.period_at(1.2))  # type: ignore[arg-type]
    assert day_text(p.start, weekday=False) in text  # the locale's date, as the calendar
    assert f"{p.downstream_hours:,.1f} h" in text
    assert f"{p.downstream_count} items" in text
    assert chart.period_at(None) is None and chart.period_at(-0.7) is None


def test_export_writes_the_chosen_format(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, panel: BalancePanel
) -> None:
    target = tmp_path / "balance"
    monkeypatch.setattr(
        QFileDialog,
        "getSaveFileName",
        staticmethod(lambda *args, **kw: (str(target), "SVG image (*.svg)")),
    )
    panel.chart.export_dialog()
    assert target.with_suffix(".svg").read_text().lstrip().startswith("<?xml")
    png = panel.chart.export(tmp_path / "balance.png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_dollar_in_the_plans_name_is_exported_as_text_not_mathtext(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, panel: BalancePanel
) -> None:
    chart = panel.chart
    monkeypatch.setattr(chart, "export_title", lambda: "Plan $5 vs $10: upstream vs downstream")
    titles: list[tuple[str, bool]] = []
    real_savefig = chart.figure.savefig

    def savefig(*args: object, **kwargs: object) -> None:
        titles.extend((t.get_text(), t.get_parse_math()) for t in chart.figure.texts)
        real_savefig(*args, **kwargs)

    monkeypatch.setattr(chart.figure, "savefig", savefig)
    chart.export(tmp_path / "balance.png")
    assert ("Plan $5 vs $10: upstream vs downstream", False) in titles


def test_chart_follows_the_palette(panel: BalancePanel) -> None:
    chart = panel.chart
    assert chart._colours.dark is False
    draws = chart.redraw_count
    dark = QPalette(chart.palette())
    dark.setColor(QPalette.ColorRole.Window, QColor("#202020"))
    dark.setColor(QPalette.ColorRole.WindowText, QColor("#eeeeee"))
    chart.setPalette(dark)
    assert chart._colours.dark is True and chart.redraw_count == draws + 1
    assert chart.figure.get_facecolor()[:3] == pytest.approx((0x20 / 255,) * 3)


def test_empty_plan_draws_a_hint(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    document = PlanDocument(create_plan(tmp_path / "empty.streamdesk"))
    try:
        panel = BalancePanel(document)
        qtbot.addWidget(panel)
        panel.show()
        assert panel.chart.plotted().periods == []
        assert panel.health.health is not None and panel.health.health.share is None
        assert panel.chart.choose(0.0) is False
        texts = [t.get_text() for t in panel.chart.figure.axes[0].texts]
        assert any("Nothing planned yet" in t for t in texts)
        channel = document.channels()[-1]
        item = Item("First post", date(2027, 5, 3), channel.id, effort_hours=2)  # type: ignore[arg-type]
        document.execute(commands.create(document, [item], "Add item"))
        qtbot.waitUntil(lambda: panel.chart.plotted().periods == ["2027-05"])
        assert panel.health.health.unlinked_item_ids != ()
    finally:
        document.close()


def test_count_bars_and_share_follow_the_count_measure(qtbot, small_document) -> None:  # type: ignore[no-untyped-def]
    document = small_document
    panel = shown_panel(qtbot, document)
    chart = panel.chart
    assert chart.plotted().values == "hours"
    dialog = PlanSettingsDialog(document)
    qtbot.addWidget(dialog)
    dialog.measureCombo.setCurrentIndex(dialog.measureCombo.findData(BalanceMeasure.COUNT))
    dialog.accept()
    assert document.undo_stack.count() == 1
    qtbot.waitUntil(lambda: chart.plotted().values == "count")  # the bars follow the measure
    pf = document.pf
    expected = compute_balance(
        document.plan, repository.list_initiatives(pf), repository.list_items(pf), "month"
    )
    plotted = chart.plotted()
    assert plotted.downstream == [float(p.downstream_count) for p in expected] == [6.0, 0.0]
    assert plotted.upstream == pytest.approx([p.upstream_count for p in expected])
    assert plotted.share == pytest.approx([p.upstream_share for p in expected])
    assert plotted.share[0] == pytest.approx(
        expected[0].upstream_count / (expected[0].upstream_count + 6)
    )
    assert chart._ax.get_ylabel() == "count"
    drawn = [path.get_extents().height for path in chart._down_bars.get_paths()]
    assert drawn == pytest.approx(plotted.downstream)  # the artists hold what plotted() says
    assert "initiatives" in chart.describe(0) and "6 items" in chart.describe(0)
    assert panel.health.health.measure is BalanceMeasure.COUNT  # type: ignore[union-attr]
    assert "by count" in panel.health.section("share").text(0)

    chart.set_values("budget")  # the user may still look at another figure
    assert chart.plotted().values == "budget"
    assert document.undo()
    qtbot.waitUntil(lambda: chart.plotted().values == "hours")
    assert not chart.budgetAction.isChecked() and not chart.countAction.isChecked()


def test_empty_plan_shows_the_hint_alone(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    document = PlanDocument(create_plan(tmp_path / "empty.streamdesk"))
    try:
        panel = shown_panel(qtbot, document, width=300)
        chart = panel.chart
        assert chart._empty_text.get_visible()
        assert not chart._band.get_visible() and not chart._legend.get_visible()
        assert chart._ax.get_ylabel() == ""
        for values in ("hours", "budget", "count"):
            chart.set_values(values)
            chart.weekAction.trigger()
            assert chart.plotted().periods == []
        png = chart.export(tmp_path / "empty.png")
        assert png.stat().st_size > 1000
    finally:
        document.close()


def test_a_single_day_plan_is_one_period(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pf = create_plan(tmp_path / "day.streamdesk", Plan(name="Day", start=date(2026, 3, 4)))
    channel = repository.list_channels(pf)[0]
    day = date(2026, 3, 4)
    with pf.transaction():
        first = repository.insert(pf, Initiative("Kick-off", "research", day, day, effort_hours=3))
        repository.insert(pf, Item("Post", day, channel.id, effort_hours=2, initiative_id=first.id))
    document = PlanDocument(pf)
    try:
        panel = shown_panel(qtbot, document)
        for by in ("month", "week"):
            panel.chart.set_by(by)
            plotted = panel.chart.plotted()
            assert len(plotted.periods) == 1 and plotted.starts[0] <= day <= plotted.ends[0]
            assert plotted.upstream == [3.0] and plotted.downstream == [2.0]
            assert plotted.share == [pytest.approx(0.6)] and plotted.outside == [0]
        with qtbot.waitSignal(document.periodChosen) as blocker:
            assert panel.chart.choose(0.3)
        assert blocker.args[0] <= day <= blocker.args[1]
    finally:
        document.close()


@pytest.mark.parametrize(
    ("chosen", "magic"),
    [
        ("PNG image (*.png)", b"\x89PNG\r\n\x1a\n"),
        ("SVG image (*.svg)", b"<?xml"),
        ("PDF document (*.pdf)", b"%PDF-"),
    ],
)
def test_export_dialog_writes_each_format(
    qtbot,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    small_document: PlanDocument,
    chosen: str,
    magic: bytes,
) -> None:
    panel = shown_panel(qtbot, small_document)
    target = tmp_path / "chart"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *args, **kw: (str(target), chosen))
    )
    panel.chart.export_dialog()
    suffix = "." + chosen.split("*.")[1].rstrip(")")
    written = target.with_suffix(suffix)
    data = written.read_bytes()
    assert data.startswith(magic) and len(data) > 5000
    if suffix == ".svg":
        text = data.decode()
        assert "Upstream share" in text  # the legend is in the drawing, not a blank
        assert "Small: upstream vs downstream effort hours by month" in text  # its title


def test_export_failure_is_reported(qtbot, monkeypatch, tmp_path: Path, small_document) -> None:  # type: ignore[no-untyped-def]
    panel = shown_panel(qtbot, small_document)
    target = tmp_path / "missing-folder" / "chart.png"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), ""))
    )
    with qtbot.waitSignal(small_document.errorOccurred) as blocker:
        panel.chart.export_dialog()
    assert "Could not export" in blocker.args[0] and not target.exists()


@pytest.mark.parametrize("width", [230, 300, 420])
def test_legend_and_axes_fit_a_narrow_chart(qtbot, small_document, width: int) -> None:  # type: ignore[no-untyped-def]
    panel = shown_panel(qtbot, small_document, width=width)
    chart = panel.chart
    chart.canvas.draw()
    figure_box = chart.figure.bbox
    renderer = chart.canvas.get_renderer()
    legend = chart._legend.get_window_extent(renderer)  # type: ignore[union-attr]
    assert figure_box.x0 <= legend.x0 and legend.x1 <= figure_box.x1
    assert legend.y0 >= chart._ax.get_window_extent(renderer).y1 - 2  # above the axes
    labels = [t.get_text() for t in chart._legend.get_texts()]  # type: ignore[union-attr]
    assert any("20–40%" in label for label in labels)
    for axis in (chart._ax, chart._ax2):
        for label in axis.get_yticklabels():
            box = label.get_window_extent(renderer)
            assert figure_box.x0 <= box.x0 and box.x1 <= figure_box.x1


def test_in_the_window_a_click_moves_calendar_and_timeline(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QPoint, Qt

    from streamdesk.gui.calendar import CalendarWidget
    from streamdesk.gui.timeline import TimelineWidget

    chart = window.findChild(BalancePanel).chart
    calendar = window.findChild(CalendarWidget, "contentCalendar")
    timeline = window.findChild(TimelineWidget, "upstreamTimeline")
    plotted = chart.plotted()
    index = len(plotted.periods) - 2  # a month the views do not show at first
    assert calendar.current_month() != plotted.starts[index]
    chart.canvas.draw()
    x = chart._ax.transData.transform((index, 0))[0]
    y = chart._ax.transAxes.transform((0, 0.5))[1]
    ratio = chart.canvas.devicePixelRatioF()
    pos = QPoint(round(x / ratio), round(chart.canvas.height() - y / ratio))
    qtbot.mouseClick(chart.canvas, Qt.MouseButton.LeftButton, pos=pos)
    assert calendar.current_month() == plotted.starts[index]
    view = timeline.view
    right = view.time_scale.day_at(view.mapToScene(QPoint(view.viewport().width() - 1, 0)).x())
    assert view.left_date() <= plotted.starts[index] <= right  # the month is in view
    assert chart._chosen_span() == pytest.approx((index - 0.5, index + 0.5))

    # a health line naming an initiative selects it on the timeline
    health = window.findChild(BalancePanel).health
    results = health.section("results")
    first = health.target(results.child(0))
    assert health.activate(results.child(0))
    assert timeline.view.selected == [first.initiative_id]


def test_export_dialog_offers_a_file_name_even_for_a_plan_named_with_slashes(
    qtbot,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
    small_document: PlanDocument,
) -> None:
    document = small_document
    document.execute(commands.set_plan(document, document.plan.replace(name="Q3 / EMEA: launch")))
    panel = shown_panel(qtbot, document)
    offered: list[str] = []

    def fake(_parent, _title, start, _filters):  # type: ignore[no-untyped-def]
        offered.append(start)
        return "", ""  # cancelled: nothing written

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(fake))
    panel.chart.export_dialog()
    (start,) = offered
    assert Path(start).parent == document.pf.path.parent
    assert Path(start).name == "Q3 EMEA launch balance.png"


def test_a_right_click_offers_every_toggle_and_export(qtbot, small_document) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    panel = shown_panel(qtbot, small_document, width=230)
    chart = panel.chart
    assert chart.canvas.contextMenuPolicy() is Qt.ContextMenuPolicy.ActionsContextMenu
    offered = [a for a in chart.canvas.actions() if not a.isSeparator()]
    assert chart.exportAction in offered and chart.stackedAction in offered
    assert chart.countAction in offered and chart.weekAction in offered


def test_items_without_hours_say_so_rather_than_draw_nothing(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pf = create_plan(tmp_path / "bare.streamdesk", Plan(name="Bare", start=date(2026, 5, 1)))
    channel = repository.list_channels(pf)[0]
    with pf.transaction():
        repository.insert(pf, Item("Post", date(2026, 5, 4), channel.id))  # no hours, no cost
    document = PlanDocument(pf)
    try:
        panel = shown_panel(qtbot, document)
        chart = panel.chart
        assert chart.plotted().periods == ["2026-05"] and chart.plotted().share == [None]
        assert chart._empty_text.get_visible()
        assert "No effort hours planned" in chart._empty_text.get_text()
        assert "no effort hours planned yet" in panel.health.section("share").text(0)
        chart.set_values("count")  # one item to count: the bars are drawn, the hint goes
        assert chart.plotted().downstream == [1.0] and not chart._empty_text.get_visible()
    finally:
        document.close()


def test_export_is_light_and_full_size_even_from_a_dark_narrow_pane(
    qtbot,  # type: ignore[no-untyped-def]
    tmp_path: Path,
    small_document: PlanDocument,
) -> None:
    from PySide6.QtGui import QColor, QImage, QPalette

    panel = shown_panel(qtbot, small_document, width=230)
    chart = panel.chart
    dark = QPalette(chart.palette())
    dark.setColor(QPalette.ColorRole.Window, QColor("#202020"))
    dark.setColor(QPalette.ColorRole.WindowText, QColor("#eeeeee"))
    chart.setPalette(dark)
    assert chart._colours.dark
    screen_inches = tuple(chart.figure.get_size_inches())
    image = QImage(str(chart.export(tmp_path / "chart.png")))
    assert (image.width(), image.height()) == (1800, 1000)  # 9 × 5 in at 200 dpi
    assert image.pixelColor(3, 3).lightness() > 240  # white paper, not the dark pane
    labels = [t.get_text() for t in chart._legend.get_texts()]  # type: ignore[union-attr]
    assert "Up" in labels  # back to the pane's compact legend
    assert chart._colours.dark and tuple(chart.figure.get_size_inches()) == screen_inches
    assert chart.figure.get_facecolor()[:3] == pytest.approx((0x20 / 255,) * 3)


def test_every_switch_redraws_once_with_what_it_names(qtbot, small_document) -> None:  # type: ignore[no-untyped-def]
    panel = shown_panel(qtbot, small_document)
    chart = panel.chart
    for values in ("budget", "count", "budget", "hours", "count", "hours"):
        draws = chart.redraw_count
        chart._values_action(values).trigger()
        assert chart.redraw_count == draws + 1
        up, _down = chart._series()
        drawn = [path.get_extents().height for path in chart._up_bars.get_paths()]
        assert drawn == pytest.approx(up)  # the artists, not only plotted(), changed
        assert chart._ax.get_ylabel() == {"budget": "EUR"}.get(values, values)
    for action in (chart.weekAction, chart.monthAction):
        draws = chart.redraw_count
        action.trigger()
        assert chart.redraw_count == draws + 1 and len(chart._up_bars.get_paths()) == len(
            chart.periods
        )


@pytest.mark.parametrize("measure", list(BalanceMeasure))
def test_the_share_line_follows_the_chosen_measure_and_says_so(
    qtbot, panel: BalancePanel, measure: BalanceMeasure
) -> None:  # type: ignore[no-untyped-def]
    chart, document = panel.chart, panel.document
    chart.set_values(measure.value)
    pf = document.plan.replace(measure=measure)
    expected = compute_balance(
        pf,
        repository.list_initiatives(document.pf),
        repository.list_items(document.pf),
        "month",
    )
    plotted = chart.plotted()
    assert plotted.values == measure.value
    assert plotted.share == pytest.approx([p.upstream_share for p in expected])
    shares = [p.upstream_share * 100 for p in expected if p.upstream_share is not None]
    assert list(chart._share_line.get_ydata()) == pytest.approx(shares)  # the line drawn
    labels = [t.get_text() for t in chart._legend.get_texts()]  # type: ignore[union-attr]
    assert f"Upstream share ({measure.value})" in labels
    assert chart.plan.measure is measure  # the health below counts the same
    assert f"by {measure.value}" in panel.health.section("share").text(0)
    assert document.plan.measure is BalanceMeasure.HOURS  # a look, not a setting


def test_the_legend_shows_the_marks_as_drawn(qtbot, panel: BalancePanel) -> None:  # type: ignore[no-untyped-def]
    chart = panel.chart
    above, below = chart._outside_key
    assert (above.get_marker(), below.get_marker()) == ("^", "v")
    # the marks drawn: ▲ for periods above the band, ▼ for those below
    plotted = chart.plotted()
    low, high = plotted.band
    ups = [n for n in plotted.outside if (plotted.share[n] or 0) > high]
    downs = [n for n in plotted.outside if (plotted.share[n] or 0) < low]
    assert ups or downs  # the demo plan has periods off balance
    assert sorted(x for x, _y in chart._above.get_offsets()) == ups
    assert sorted(x for x, _y in chart._below.get_offsets()) == downs
    labels = [t.get_text() for t in chart._legend.get_texts()]  # type: ignore[union-attr]
    assert "Outside band" in labels


def test_the_highlighted_period_follows_the_other_views(qtbot, panel: BalancePanel) -> None:  # type: ignore[no-untyped-def]
    chart, document = panel.chart, panel.document
    document.choose_period(date(2027, 7, 1), date(2027, 7, 31))
    assert chart.plotted().chosen == (date(2027, 7, 1), date(2027, 7, 31))
    document.show_period(date(2027, 2, 1), date(2027, 2, 28))  # the calendar went elsewhere
    assert chart.plotted().chosen == (date(2027, 2, 1), date(2027, 2, 28))
    assert chart._chosen_patch.get_visible()
    assert chart._chosen_patch.get_x() == pytest.approx(
        month_of(chart.plotted(), date(2027, 2, 1)) - 0.5, abs=0.5
    )


def test_a_right_click_on_a_period_offers_to_show_it(qtbot, panel: BalancePanel) -> None:  # type: ignore[no-untyped-def]
    from types import SimpleNamespace

    chart = panel.chart
    offered = [a for a in chart.canvas.actions() if not a.isSeparator()]
    assert offered[0] is chart.showPeriodAction and not chart.showPeriodAction.isEnabled()
    index = 2
    period = chart.periods[index]
    chart._on_press(SimpleNamespace(button=3, xdata=float(index)))  # what a right click sends
    assert chart.showPeriodAction.isEnabled()
    assert chart.showPeriodAction.text() == f"Show {period.start:%B %Y} in Calendar"
    with qtbot.waitSignal(panel.document.periodChosen) as chosen:
        chart.showPeriodAction.trigger()
    assert chosen.args == [period.start, period.end]
    chart._on_press(SimpleNamespace(button=3, xdata=None))  # beside the bars: nothing to show
    assert not chart.showPeriodAction.isEnabled()


def test_a_screen_reader_hears_the_highlighted_period(qtbot, panel: BalancePanel) -> None:  # type: ignore[no-untyped-def]
    """The bars are matplotlib's drawing, with no accessible objects: the canvas's
    description names the highlighted period and its figures, and changes with it."""
    from PySide6.QtGui import QAccessible

    chart, document = panel.chart, panel.document
    accessible = QAccessible.queryAccessibleInterface(chart.canvas)
    assert accessible is not None and accessible.text(QAccessible.Text.Name) == "Balance chart"

    def heard() -> str:
        return accessible.text(QAccessible.Text.Description)

    for first, last in (
        (date(2027, 2, 1), date(2027, 2, 28)),
        (date(2027, 7, 1), date(2027, 7, 31)),
    ):
        document.show_period(first, last)
        period = next(p for p in chart.periods if p.start <= first <= p.end)
        text = heard()
        assert text.startswith(f"Highlighted: Month {day_text(first, weekday=False)}"), text
        assert f"Upstream: {period.upstream_hours:,.1f} h" in text
        assert f"{period.downstream_count} items" in text
        assert "Click" not in text  # the pointer's hint is not read out
    document.show_period(date(1990, 1, 1), date(1990, 1, 31))  # outside the plan: no bar
    assert not heard().startswith("Highlighted") and "target band" in heard()


def _luminance(rgb: tuple[float, float, float]) -> float:
    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _band_key_contrast(chart: BalanceChart) -> float:
    """The contrast (WCAG ratio) of the Target swatch's average colour, as painted, to
    the chart's background."""
    import numpy

    chart.canvas.draw()
    legend = chart._legend
    assert legend is not None
    labels = [t.get_text() for t in legend.get_texts()]
    n = next(i for i, text in enumerate(labels) if text.startswith(("Target", "Band")))
    renderer = chart.canvas.get_renderer()
    box = legend.legend_handles[n].get_window_extent(renderer)  # type: ignore[union-attr]
    pixels = numpy.asarray(chart.canvas.buffer_rgba())[..., :3] / 255
    height = pixels.shape[0]
    x0, x1 = int(box.x0), int(numpy.ceil(box.x1))
    y0, y1 = height - int(numpy.ceil(box.y1)), height - int(box.y0)  # from the top
    swatch = tuple(pixels[y0:y1, x0:x1].reshape(-1, 3).mean(axis=0))
    background = chart.figure.get_facecolor()[:3]
    lum = sorted((_luminance(swatch), _luminance(background)))
    return (lum[1] + 0.05) / (lum[0] + 0.05)


@pytest.mark.parametrize("dark", [False, True])
def test_the_target_swatch_reads_in_both_palettes(panel: BalancePanel, dark: bool) -> None:
    """The band's own fill is faint on purpose (it lies under the bars); its key in the
    legend is a few pixels wide and must still stand out (issue 19: faint on dark)."""
    chart = panel.chart
    if dark:
        palette = QPalette(chart.palette())
        palette.setColor(QPalette.ColorRole.Window, QColor("#202020"))
        palette.setColor(QPalette.ColorRole.WindowText, QColor("#eeeeee"))
        chart.setPalette(palette)
    assert chart._colours.dark is dark
    assert _band_key_contrast(chart) >= 1.6
