"""The stream health rules on small hand-made plans."""

from __future__ import annotations

from datetime import date

import pytest

from streamdesk.domain import BalanceMeasure, Initiative, Item, ItemStatus, Plan, compute_balance
from streamdesk.domain.balance import compute_balance_from_days, daily_totals
from streamdesk.domain.health import (
    ItemFacts,
    broken_gates,
    initiatives_without_items,
    results_by_initiative,
    stream_health,
    unlinked_items,
)

PLAN = Plan(name="Test", start=date(2027, 1, 1), band_low=0.2, band_high=0.4)

RESEARCH = Initiative(
    "Research", "Research", date(2027, 1, 4), date(2027, 1, 31), effort_hours=28, id=1
)
POSITIONING = Initiative(
    "Positioning approved", "Positioning", date(2027, 2, 10), date(2027, 2, 10), gate=True, id=2
)
ROADMAP = Initiative(
    "Roadmap", "Innovation", date(2027, 3, 1), date(2027, 3, 5), effort_hours=5, id=3
)
INITIATIVES = [RESEARCH, POSITIONING, ROADMAP]


def item(n: int, day: date, initiative: int | None, **kw: object) -> Item:
    return Item(f"item {n}", day, channel_id=1, initiative_id=initiative, id=n, **kw)  # type: ignore[arg-type]


def test_unlinked_items_ignore_cancelled_and_sort_by_date() -> None:
    items = [
        item(1, date(2027, 2, 3), None),
        item(2, date(2027, 1, 5), None),
        item(3, date(2027, 1, 6), 1),
        item(4, date(2027, 1, 7), None, status=ItemStatus.CANCELLED),
    ]
    assert unlinked_items(items) == [2, 1]
    # a link to an initiative that is not in the plan is no link
    assert unlinked_items(items, initiative_ids=[2]) == [2, 3, 1]


def test_initiatives_without_items_in_timeline_order() -> None:
    items = [
        item(1, date(2027, 1, 5), 1),
        item(2, date(2027, 3, 2), 3, status=ItemStatus.CANCELLED),  # does not reach the market
    ]
    assert [i.id for i in initiatives_without_items(INITIATIVES, items)] == [2, 3]
    assert initiatives_without_items([], items) == []


def test_broken_gate_is_an_item_before_the_gate_ends() -> None:
    gate = Initiative(
        "Positioning", "Positioning", date(2027, 2, 1), date(2027, 2, 10), gate=True, id=5
    )
    not_a_gate = ROADMAP
    items = [
        item(1, date(2027, 2, 9), 5),  # one day early: broken
        item(2, date(2027, 2, 10), 5),  # on the gate's last day: in time
        item(3, date(2027, 1, 20), 5),  # earliest breach
        item(4, date(2027, 1, 1), 5, status=ItemStatus.CANCELLED),
        item(5, date(2027, 2, 1), 3),  # before ROADMAP ends, but ROADMAP is no gate
    ]
    [broken] = broken_gates([gate, not_a_gate], items)
    assert broken.initiative_id == 5
    assert broken.item_ids == (3, 1)
    assert broken.earliest == date(2027, 1, 20)
    assert broken.days_early == 21
    assert broken_gates([gate.replace(gate=False)], items) == []


def test_results_roll_up_published_items_per_initiative() -> None:
    items = [
        item(
            1,
            date(2027, 1, 5),
            1,
            status="published",
            reach=100,
            clicks=10,
            conversions=1,
            cost=50,
            actual_cost=70,
        ),
        item(2, date(2027, 1, 6), 1, status="published", reach=300, cost=20),
        item(3, date(2027, 1, 7), 1, status="scheduled", reach=999, cost=999),
        item(4, date(2027, 1, 8), 3, status="published", conversions=5),
        item(5, date(2027, 1, 9), None, status="published", conversions=50),
    ]
    results = results_by_initiative(INITIATIVES, items)
    assert [r.initiative_id for r in results] == [3, 1]  # most conversions first
    research = results[1]
    assert (research.title, research.published) == ("Research", 2)
    assert (research.reach, research.clicks, research.conversions) == (400, 10, 1)
    assert research.cost == pytest.approx(90)  # actual cost where known, else planned
    assert results[0].reach == 0


def test_stream_health_with_item_facts_matches_items() -> None:
    items = [
        item(1, date(2027, 1, 5), None, effort_hours=200),  # January: far below the band
        item(2, date(2027, 2, 5), 2, effort_hours=1),  # before the gate ends on 2027-02-10
        item(3, date(2027, 3, 2), 3, effort_hours=1, status="published", reach=10),
    ]
    periods = compute_balance(PLAN, INITIATIVES, items, "month")
    from_items = stream_health(PLAN, INITIATIVES, items, periods)
    from_facts = stream_health(PLAN, INITIATIVES, [ItemFacts.of(i) for i in items], periods)
    assert from_items == from_facts
    health = from_facts
    assert health.share == pytest.approx(33 / 235)
    assert health.share_in_band is False
    assert [p.period for p in health.outside_band] == ["2027-01", "2027-02", "2027-03"]
    assert health.unlinked_item_ids == (1,)
    assert [i.id for i in health.initiatives_without_items] == [1]
    assert [g.initiative_id for g in health.broken_gates] == [2]
    assert [r.initiative_id for r in health.results] == [3]
    data = health.as_json()
    assert data["upstream_share"] == pytest.approx(0.140, abs=0.001)
    assert data["items_without_initiative"] == {"count": 1, "ids": [1]}
    assert [p["side"] for p in data["periods_outside_band"]] == ["below", "below", "above"]
    assert data["broken_gates"][0]["gate_end"] == "2027-02-10"
    assert data["results_by_initiative"][0]["reach"] == 10


def test_balance_from_day_totals_equals_balance_from_items() -> None:
    plan = PLAN.replace(measure=BalanceMeasure.COUNT)
    items = [
        item(1, date(2027, 1, 5), None, effort_hours=3, cost=10),
        item(2, date(2027, 1, 5), None, effort_hours=2, cost=5),
        item(3, date(2027, 2, 1), None, effort_hours=4, status=ItemStatus.CANCELLED),
    ]
    days = daily_totals(items)
    assert [(d.day, d.hours, d.cost, d.item_count) for d in days] == [(date(2027, 1, 5), 5, 15, 2)]
    for by in ("week", "month"):
        expected = compute_balance(plan, INITIATIVES, items, by)
        assert compute_balance_from_days(plan, INITIATIVES, days, by) == expected


def test_storage_aggregates_agree_with_items(pf) -> None:  # type: ignore[no-untyped-def]
    from streamdesk.storage import repository

    items = repository.list_items(pf)
    stored, expected = repository.daily_item_totals(pf), daily_totals(items)
    assert [(d.day, d.item_count) for d in stored] == [(d.day, d.item_count) for d in expected]
    assert [d.hours for d in stored] == pytest.approx([d.hours for d in expected])
    assert [d.cost for d in stored] == pytest.approx([d.cost for d in expected])
    facts = repository.list_item_facts(pf)
    assert sorted(facts) == sorted(ItemFacts.of(i) for i in items)
    some = sorted(facts[:3])
    assert sorted(repository.list_item_facts(pf, [f.id for f in some] + [10**6])) == some
    assert repository.list_item_facts(pf, []) == []
    first, last = date(2027, 2, 1), date(2027, 2, 28)
    february = repository.daily_item_totals(pf, first, last)
    assert february and all(first <= d.day <= last for d in february)


def test_cli_json_stays_a_list_and_health_is_opt_in(
    plan_path,
    capsys: pytest.CaptureFixture[str],  # type: ignore[no-untyped-def]
) -> None:
    import json

    from streamdesk.cli import main

    assert main(["balance", str(plan_path), "--json"]) == 0
    periods = json.loads(capsys.readouterr().out)
    assert isinstance(periods, list) and periods[0]["period"] == "2027-01"

    assert main(["balance", str(plan_path), "--json", "--health"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["periods"] == periods  # the documented list, unchanged, under a key
    health = data["health"]
    assert set(health) >= {
        "upstream_share",
        "band",
        "periods_outside_band",
        "items_without_initiative",
        "initiatives_without_items",
        "broken_gates",
        "results_by_initiative",
    }
    assert health["band"] == [0.2, 0.4]
    outside = [p["period"] for p in periods if p["in_band"] is False]
    assert [p["period"] for p in health["periods_outside_band"]] == outside
    assert health["items_without_initiative"]["count"] == len(
        health["items_without_initiative"]["ids"]
    )

    assert main(["balance", str(plan_path), "--health"]) == 0
    text = capsys.readouterr().out
    assert "Stream health: upstream share" in text
    assert f"months outside the band: {len(outside)} of {len(periods)}" in text
    assert "content with no strategy behind it:" in text


def test_cli_shows_what_a_count_share_is_made_of(
    tmp_path,
    capsys: pytest.CaptureFixture[str],  # type: ignore[no-untyped-def]
) -> None:
    import json

    from streamdesk.cli import main
    from streamdesk.storage import create_plan, repository

    path = tmp_path / "count.streamdesk"
    pf = create_plan(path, Plan(name="Count", start=date(2026, 1, 1), measure="count"))
    channel = repository.list_channels(pf)[0]
    with pf.transaction():
        gate = repository.insert(
            pf, Initiative("Positioning", "positioning", date(2026, 1, 1), date(2026, 1, 31))
        )
        for day in (5, 6, 7):
            repository.insert(
                pf, Item("Post", date(2026, 1, day), channel.id, initiative_id=gate.id)
            )
    pf.close()
    assert main(["balance", str(path), "--json"]) == 0
    (january,) = json.loads(capsys.readouterr().out)
    assert (january["upstream_count"], january["downstream_count"]) == (1.0, 3)
    assert january["upstream_share"] == 0.25  # one initiative against three items
    assert main(["balance", str(path)]) == 0
    text = capsys.readouterr().out
    assert f"by {BalanceMeasure.COUNT.value}" in text and "up n" in text
    assert "1.0       3     25%" in text
