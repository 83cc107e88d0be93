"""The cheaper whole-plan reads the window makes as it starts (issue 19: start-up on a
20,000-item plan): the same answers as the ordered, date-bounded reads they replace."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from streamdesk import demo
from streamdesk.domain import Period, compute_balance
from streamdesk.domain.health import stream_health
from streamdesk.storage import PlanFile, repository, series_repo


@pytest.fixture
def rhythm_pf(tmp_path: Path) -> Iterator[PlanFile]:
    """A demo plan with series, cadence commitments and items in every state."""
    pf = demo.generate(
        tmp_path / "rhythm.streamdesk", items=400, initiatives=20, start=date(2026, 1, 1),
        seed=3, rhythm=True,
    )  # fmt: skip
    yield pf
    pf.close()


def test_whole_plan_cadence_facts_are_those_of_its_whole_range(rhythm_pf: PlanFile) -> None:
    channels = sorted({c.channel_id for c in series_repo.list_cadences(rhythm_pf)})
    assert channels
    whole = series_repo.cadence_facts(rhythm_pf, channels=channels)
    bounded = series_repo.cadence_facts(
        rhythm_pf, date(1900, 1, 1), date(2999, 12, 31), channels=channels
    )
    assert whole == bounded and len(whole) > 50
    assert [f.date for f in whole] == sorted(f.date for f in whole)


def test_unordered_facts_are_the_same_facts(rhythm_pf: PlanFile) -> None:
    ordered = repository.list_item_facts(rhythm_pf)
    unordered = repository.list_item_facts(rhythm_pf, by_date=False)
    assert sorted(unordered) == sorted(ordered)
    assert len(ordered) == repository.count_items(rhythm_pf) > 400  # the series add some
    assert [(f.date, f.id) for f in ordered] == sorted((f.date, f.id) for f in ordered)


def test_health_does_not_depend_on_the_order_facts_are_read_in(rhythm_pf: PlanFile) -> None:
    """The chart's health panel reads facts unordered (and keeps them by id after edits)."""
    plan = repository.get_plan(rhythm_pf)
    initiatives = repository.list_initiatives(rhythm_pf)
    items = repository.list_items(rhythm_pf)
    periods = compute_balance(plan, initiatives, items, Period.MONTH)
    facts = repository.list_item_facts(rhythm_pf)
    reversed_facts = list(reversed(repository.list_item_facts(rhythm_pf, by_date=False)))
    health = stream_health(plan, initiatives, facts, periods)
    assert health.unlinked_item_ids and health.results  # something to get wrong
    again = stream_health(plan, initiatives, reversed_facts, periods)
    # costs are summed in another order: the same to the cent, not to the last bit
    assert replace(again, results=()) == replace(health, results=())
    assert [replace(r, cost=round(r.cost, 2)) for r in again.results] == [
        replace(r, cost=round(r.cost, 2)) for r in health.results
    ]
