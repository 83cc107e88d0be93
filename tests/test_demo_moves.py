"""`streamdesk demo` moves a few items from the day first planned for, so the client
report's Moved list has something to show; a small demo holds exactly what was asked."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, time
from pathlib import Path

import pytest

from streamdesk import demo
from streamdesk.domain import ItemStatus, clock
from streamdesk.report.data import ReportPeriod, gather
from streamdesk.storage import PlanFile, repository

START = date(2027, 1, 1)


def test_the_demo_moves_a_few_items_a_month(tmp_path: Path) -> None:
    path = demo.write(tmp_path / "d.streamdesk", items=demo.RHYTHM_FROM, start=START, seed=3)
    with PlanFile.open(path, read_only=True) as pf:
        items = repository.list_items(pf)
        moved = [i for i in items if i.moved]
        assert moved and len(moved) <= 12 * demo.MOVES_PER_MONTH
        assert all(i.series_id is None for i in moved)  # series stay on their rule's day
        assert all(i.planned_on is not None and i.planned_on != i.date for i in moved)
        assert {i.date > i.baseline for i in moved} == {True, False}  # later and earlier
        months = Counter(i.baseline.month for i in moved)
        assert len(months) >= 10 and max(months.values()) <= demo.MOVES_PER_MONTH
        listed = repository.list_moved_items(pf, START, date(2027, 12, 31))
        assert sorted(i.id for i in listed) == sorted(i.id for i in moved)
        march = gather(pf, ReportPeriod.month(date(2027, 3, 1)), today=date(2027, 6, 1))
        assert march.moved and march.moved_counts.total == len(march.moved)


def test_a_small_demo_moves_nothing(tmp_path: Path) -> None:
    path = demo.write(tmp_path / "s.streamdesk", items=40, start=START)
    with PlanFile.open(path, read_only=True) as pf:
        assert not [i for i in repository.list_items(pf) if i.moved]


def test_the_demos_past_is_published_up_to_today_and_its_rhythm_serves_a_strategy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A demo made in December shows a year of work done, not months of missed items."""
    today = date(2027, 12, 1)
    monkeypatch.setattr(clock, "now", lambda: datetime.combine(today, time(9, 0)))
    path = demo.write(tmp_path / "d.streamdesk", items=demo.RHYTHM_FROM, start=START, seed=3)
    with PlanFile.open(path, read_only=True) as pf:
        items = repository.list_items(pf)
        past = [i for i in items if i.date < today]
        open_past = [
            i for i in past if i.status not in (ItemStatus.PUBLISHED, ItemStatus.CANCELLED)
        ]
        assert len(past) > 200 and not open_past
        occurrences = [i for i in items if i.series_id is not None]
        assert occurrences and all(i.initiative_id is not None for i in occurrences)
        assert any(i.status is ItemStatus.PUBLISHED and i.reach for i in occurrences)
        assert any(i.date >= today and i.status is not ItemStatus.PUBLISHED for i in items)
