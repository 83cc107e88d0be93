"""The balance chart and the stream health panel, checked through their data, not pixels."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QFileDialog, QToolTip

from streamdesk.domain import Item, Period, compute_balance
from streamdesk.domain.health import stream_health
from streamdesk.gui import commands
from streamdesk.gui.chart import BalanceChart, BalancePanel, create_balance_panel
from streamdesk.gui.document import PlanDocument
from streamdesk.storage import create_plan, repository


@pytest.fixture
def panel(qtbot, document: PlanDocument) -> BalancePanel:  # type: ignore[no-untyped-def]
    widget = create_balance_panel(document)
    qtbot.addWidget(widget)
    widget.resize(420, 760)
    widget.show()
    qtbot.waitExposed(widget)
    assert isinstance(widget, BalancePanel)
    return widget


def month_of(plotted, day: date) -> int:  # type: ignore[no-untyped-def]
    return next(n for n, s in enumerate(plotted.starts) if s <= day <= plotted.ends[n])


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
    assert f"{p.start:%d %b %Y}" in text
    assert f"{p.downstream_hours:,.1f} h" in text
    assert f"{p.downstream_count} items" in text
    assert chart.period_at(None) is None and chart.period_at(-0.7) is None


def test_health_lines_select_what_they_name(qtbot, panel: BalancePanel) -> None:  # type: ignore[no-untyped-def]
    document, health = panel.document, panel.health
    items = repository.list_items(document.pf)
    unlinked = [i.id for i in items if i.initiative_id is None and i.status != "cancelled"]
    assert unlinked
    line = health.section("unlinked")
    assert f"{len(unlinked)} item" in line.text(0)
    with qtbot.waitSignal(document.itemsSelected) as blocker:
        health.activate(line)
    assert sorted(blocker.args[0]) == sorted(unlinked)

    results = health.section("results")
    assert results.childCount() > 0
    first = health.health.results[0]  # type: ignore[union-attr]
    with qtbot.waitSignal(document.initiativeSelected) as blocker:
        health.activate(results.child(0))
    assert blocker.args == [first.initiative_id]

    share = health.section("share")
    with qtbot.waitSignal(document.periodChosen) as blocker:
        rect = health.visualItemRect(share)
        qtbot.mouseClick(health.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args == [panel.chart.periods[0].start, panel.chart.periods[-1].end]


def test_broken_gate_appears_and_selects_its_items(qtbot, panel: BalancePanel) -> None:  # type: ignore[no-untyped-def]
    document = panel.document
    gate = next(i for i in repository.list_initiatives(document.pf) if i.gate)
    item = repository.list_items(document.pf)[0]
    early = item.replace(initiative_id=gate.id, date=gate.end.replace(day=1))
    assert early.date < gate.end
    document.execute(commands.edit(document, [item], [early], "Link"))
    panel.refresh_now()
    line = panel.health.section("gates")
    assert line.childCount() >= 1
    child = next(
        line.child(n) for n in range(line.childCount()) if gate.title in line.child(n).text(0)
    )
    with qtbot.waitSignal(document.itemsSelected) as blocker:
        panel.health.activate(child)
    assert item.id in blocker.args[0]


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
