from datetime import date
from pathlib import Path

from streamdesk import demo
from streamdesk.domain import ItemStatus, compute_balance
from streamdesk.domain.dependencies import conflicts
from streamdesk.storage import repository


def snapshot(path: Path) -> tuple:
    with demo.PlanFile.open(path) as pf:
        return (
            repository.list_initiatives(pf),
            repository.list_dependencies(pf),
            repository.list_items(pf),
            repository.list_campaigns(pf),
        )


def test_demo_is_deterministic_for_a_seed(tmp_path: Path) -> None:
    for name in ("a", "b"):
        demo.generate(tmp_path / f"{name}.streamdesk", items=80, start=date(2027, 1, 1)).close()
    demo.generate(tmp_path / "c.streamdesk", items=80, start=date(2027, 1, 1), seed=2).close()
    assert snapshot(tmp_path / "a.streamdesk") == snapshot(tmp_path / "b.streamdesk")
    assert snapshot(tmp_path / "a.streamdesk") != snapshot(tmp_path / "c.streamdesk")


def test_demo_is_realistic(tmp_path: Path) -> None:
    pf = demo.generate(tmp_path / "d.streamdesk", start=date(2027, 1, 1))
    initiatives = repository.list_initiatives(pf)
    items = repository.list_items(pf)
    deps = repository.list_dependencies(pf)
    assert len(items) == 300
    assert len(initiatives) == 20
    assert {i.kind for i in initiatives} >= {"Research", "Segmentation", "Positioning", "Product"}
    assert any(i.is_milestone for i in initiatives)
    assert any(i.gate for i in initiatives)
    assert deps and not conflicts({i.id: i for i in initiatives}, deps)
    assert all(date(2027, 1, 1) <= i.date <= date(2027, 12, 31) for i in items)
    linked = sum(1 for i in items if i.initiative_id is not None)
    assert linked / len(items) > 0.7
    statuses = {i.status for i in items}
    assert {ItemStatus.PUBLISHED, ItemStatus.DRAFT, ItemStatus.IDEA} <= statuses
    published = [i for i in items if i.status is ItemStatus.PUBLISHED]
    assert all(i.reach is not None and i.clicks is not None for i in published)
    assert len({i.channel_id for i in items}) >= 8
    periods = compute_balance(repository.get_plan(pf), initiatives, items, "month")
    assert len(periods) == 12
    assert sum(p.upstream_hours > 0 for p in periods) >= 10  # strategy work all year
    pf.close()


def test_demo_scales(tmp_path: Path) -> None:
    pf = demo.generate(tmp_path / "big.streamdesk", items=3000, initiatives=500)
    assert repository.count_items(pf) == 3000
    initiatives = repository.list_initiatives(pf)
    assert len(initiatives) == 500
    # dozens of strategy tracks, none cut at the year's end into broken or piled-up work
    by_id = {i.id: i for i in initiatives}
    assert conflicts(by_id, repository.list_dependencies(pf)) == []
    end = max(i.end for i in initiatives)
    last_days = [i for i in initiatives if (end - i.start).days < 7 and i.effort_hours > 4]
    assert len(last_days) < 10, [i.title for i in last_days]
    pf.close()
