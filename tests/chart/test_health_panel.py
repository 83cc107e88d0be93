"""The stream health panel: the lines it shows, what they select, and keeping the
user's place, as the CLI reports the same figures."""

from __future__ import annotations

from chart_helpers import LONG, shown_panel
from PySide6.QtCore import Qt

from streamdesk.domain.health import stream_health
from streamdesk.gui import commands
from streamdesk.gui.chart import BalancePanel
from streamdesk.gui.document import PlanDocument
from streamdesk.storage import repository


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


def test_the_health_panels_model_keeps_the_item_model_contract(
    qtbot, qtmodeltester, panel: BalancePanel
) -> None:  # type: ignore[no-untyped-def]
    health = panel.health
    assert health.topLevelItemCount() > 0  # checked with its lines in it, not empty
    health.expandAll()
    qtmodeltester.check(health.model())


def test_a_share_near_the_band_edge_shows_a_decimal(qtbot, panel: BalancePanel) -> None:  # type: ignore[no-untyped-def]
    document, health = panel.document, panel.health
    share = health.health.share  # type: ignore[union-attr]
    assert share is not None
    edge = round(share * 100) / 100  # a band edge the whole percent would land on
    assert edge != share
    low, high = (edge, 0.95) if share > edge else (0.02, edge)
    assert document.execute(
        commands.set_plan(document, document.plan.replace(band_low=low, band_high=high))
    )
    panel.refresh_now()
    text = health.section("share").text(0)
    assert f"{share * 100:.1f}%" in text  # not the edge's whole percent
    assert f" {edge * 100:.0f}%" not in text.split(",")[0]
