"""Audit of the balance chart and health panel: counts as a measure, empty and tiny plans,
long titles in a narrow panel, every export format."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog

from streamdesk.domain import BalanceMeasure, Initiative, Item, Plan
from streamdesk.domain.balance import compute_balance
from streamdesk.gui import commands
from streamdesk.gui.chart import BalancePanel
from streamdesk.gui.document import PlanDocument
from streamdesk.gui.plan_settings import PlanSettingsDialog
from streamdesk.storage import create_plan, repository

LONG = "Repositioning the flagship product for the DACH mid-market after the pricing review"


@pytest.fixture
def small_document(tmp_path: Path) -> Iterator[PlanDocument]:
    """Two gate initiatives with long titles, linked, unlinked and early items."""
    pf = create_plan(tmp_path / "small.streamdesk", Plan(name="Small", start=date(2026, 1, 1)))
    channel = repository.list_channels(pf)[0]
    with pf.transaction():
        first = repository.insert(
            pf,
            Initiative(
                LONG + " one",
                "positioning",
                date(2026, 1, 5),
                date(2026, 2, 27),
                effort_hours=40,
                gate=True,
            ),
        )
        repository.insert(
            pf,
            Initiative(
                LONG + " two", "research", date(2026, 1, 5), date(2026, 1, 30), effort_hours=10
            ),
        )
        for n in range(6):
            repository.insert(
                pf,
                Item(
                    f"Email {n}",
                    date(2026, 1, 10 + n),
                    channel.id,
                    effort_hours=1,
                    initiative_id=first.id if n < 4 else None,
                ),
            )
    document = PlanDocument(pf)
    yield document
    document.close()


def shown_panel(qtbot, document: PlanDocument, width: int = 420) -> BalancePanel:  # type: ignore[no-untyped-def]
    panel = BalancePanel(document)
    qtbot.addWidget(panel)
    panel.resize(width, 700)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


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


def test_long_titles_wrap_in_a_narrow_panel(qtbot, small_document) -> None:  # type: ignore[no-untyped-def]
    panel = shown_panel(qtbot, small_document, width=280)
    health = panel.health
    gates = health.section("gates")
    gates.setExpanded(True)
    child = gates.child(0)
    text = child.text(0)
    assert text.endswith("4 items up to 48 days early")  # the figures are never cut off
    assert "…" in text and len(text) < len(LONG) + 40
    assert LONG in child.toolTip(0)
    qtbot.waitUntil(lambda: health.visualItemRect(child).height() > 0)
    one_line = health.fontMetrics().height()
    assert health.visualItemRect(child).height() >= 2 * one_line  # wrapped, not elided
    lonely = health.section("lonely")
    assert lonely.childCount() == 1 and LONG in lonely.child(0).toolTip(0)
    panel.resize(900, 700)  # wider: the same line fits on one row again
    qtbot.waitUntil(lambda: health.visualItemRect(child).height() < 2 * one_line)


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


def test_gate_flag_edited_by_the_user_breaks_and_mends_the_gate(qtbot, small_document) -> None:  # type: ignore[no-untyped-def]
    document = small_document
    panel = shown_panel(qtbot, document)
    assert len(panel.health.health.broken_gates) == 1  # type: ignore[union-attr]
    gate = next(i for i in repository.list_initiatives(document.pf) if i.gate)
    document.execute(commands.edit(document, [gate], [gate.replace(gate=False)], "No gate"))
    panel.refresh_now()
    assert panel.health.health.broken_gates == ()  # type: ignore[union-attr]
    assert "0 gates" in panel.health.section("gates").text(0)
    assert document.undo()
    panel.refresh_now()
    assert len(panel.health.health.broken_gates) == 1  # type: ignore[union-attr]


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


def test_an_edit_elsewhere_keeps_the_health_panels_place(qtbot, document: PlanDocument) -> None:  # type: ignore[no-untyped-def]
    panel = shown_panel(qtbot, document)
    health = panel.health
    health.expandAll()
    qtbot.waitUntil(lambda: health.verticalScrollBar().maximum() > 0)
    line = health.section("results").child(0)
    health.setCurrentItem(line)
    text, names = line.text(0), health.target(line)
    bar = health.verticalScrollBar()
    bar.setValue(bar.maximum())
    place = bar.value()

    # an edit that changes no health figure: the very same lines stay
    item = next(i for i in repository.list_items(document.pf) if i.initiative_id is None)
    document.execute(commands.edit(document, [item], [item.replace(title="Renamed")], "Title"))
    panel.refresh_now()
    assert health.section("results").child(0) is line and bar.value() == place

    # one that does (an unlinked item gets linked): rebuilt, but at the same place
    linked = item.replace(initiative_id=repository.list_initiatives(document.pf)[0].id)
    document.execute(commands.edit(document, [item], [linked], "Link"))
    panel.refresh_now()
    assert health.section("results").child(0) is not line
    assert bar.value() == place
    assert health.currentItem() is not None and health.currentItem().text(0) != text
    assert health.target(health.currentItem()) == names  # the same initiative


def test_a_long_list_of_off_balance_periods_starts_folded(qtbot, small_document) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import replace

    from streamdesk.domain.balance import compute_balance_from_days
    from streamdesk.domain.health import stream_health
    from streamdesk.gui.chart import HealthPanel

    plan = small_document.plan.replace(band_low=0.0, band_high=0.01)
    initiatives = repository.list_initiatives(small_document.pf)
    days = repository.daily_item_totals(small_document.pf)
    weeks = compute_balance_from_days(plan, initiatives, days, "week")
    health = stream_health(plan, initiatives, [], weeks)
    assert len(health.outside_band) > 4
    for outside, expanded in ((health.outside_band, False), (health.outside_band[:3], True)):
        panel = HealthPanel(small_document)
        qtbot.addWidget(panel)
        panel.show_health(replace(health, outside_band=outside * 3), "week")
        assert panel.section("outside").childCount() == 3 * len(outside)
        assert panel.section("outside").isExpanded() is expanded


def test_the_cli_reports_the_health_the_panel_shows(qtbot, capsys, document) -> None:  # type: ignore[no-untyped-def]
    import json

    from streamdesk.cli import main

    panel = shown_panel(qtbot, document)
    for by in ("month", "week"):
        panel.chart.set_by(by)
        assert main(["balance", str(document.pf.path), "--by", by, "--json", "--health"]) == 0
        data = json.loads(capsys.readouterr().out)
        assert data["health"] == json.loads(json.dumps(panel.health.health.as_json()))
        assert [p["period"] for p in data["periods"]] == panel.chart.plotted().periods


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
