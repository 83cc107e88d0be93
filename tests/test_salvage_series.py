"""``streamdesk salvage`` of a plan with series: the series, their horizons, commitments
and every occurrence's link (a moved one still an exception) come across."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from streamdesk.cli import main
from streamdesk.domain.cadence import Commitment, Per
from streamdesk.domain.series import Scope, Series
from streamdesk.storage import PlanFile, create_plan, repository, series_repo

TODAY = date(2027, 1, 1)


@pytest.fixture
def with_series(tmp_path: Path) -> Path:
    path = tmp_path / "series.streamdesk"
    pf = create_plan(path)
    try:
        channel = next(c for c in repository.list_channels(pf) if c.name == "LinkedIn")
        _, items = series_repo.create_series(
            pf,
            Series(
                rule="FREQ=WEEKLY;BYDAY=MO,WE,FR",
                start=date(2027, 1, 4),
                title="LinkedIn post",
                channel_id=channel.id or 0,
            ),
            TODAY,
        )
        series_repo.create_series(
            pf,
            Series(
                rule="FREQ=MONTHLY;BYDAY=1TH;COUNT=6",
                start=date(2027, 1, 7),
                title="Newsletter",
                channel_id=channel.id or 0,
            ),
            TODAY,
        )
        # one occurrence moved on its own, one deleted on its own (not to come back)
        before, after = series_repo.move_snapshot(pf, items[1], date(2027, 1, 7), Scope.THIS, TODAY)
        repository.apply_changes(pf, before, after)
        before, after = series_repo.delete_snapshot(pf, items[2], Scope.THIS)
        repository.apply_changes(pf, before, after)
        repository.insert(pf, Commitment(channel.id or 0, 3, Per.WEEK))
    finally:
        pf.close()
    return path


def test_salvage_keeps_series_and_their_occurrences_links(
    with_series: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with PlanFile.open(with_series, read_only=True) as pf:
        series = series_repo.list_series(pf)
        items = repository.list_items(pf)
        cadences = series_repo.list_cadences(pf)
    assert len(series) == 2 and sum(i.detached for i in items) == 1
    new = tmp_path / "saved.streamdesk"
    assert main(["salvage", str(with_series), str(new)]) == 0
    out = capsys.readouterr()
    assert out.err == "" and "2 series, 1 cadences, " in out.out
    assert "; nothing left behind" in out.out
    with PlanFile.open(new) as pf:
        assert series_repo.list_series(pf) == series  # rule, start, horizon, template, id
        assert repository.list_items(pf) == items  # series_id and detached included
        assert series_repo.list_cadences(pf) == cadences
        # the horizon came across: the occurrence deleted on its own is not laid out again
        assert series_repo.extend_horizons(pf, TODAY) == []
        weekly = series_repo.series_items(pf, series[0].id or 0)
        assert date(2027, 1, 8) not in [i.date for i in weekly]
        # and the series still edits as one
        before, after = series_repo.edit_snapshot(
            pf, weekly[0], series[0].replace(title="Post"), Scope.ALL, TODAY
        )
        repository.apply_changes(pf, before, after)
        titles = {i.title for i in series_repo.series_items(pf, series[0].id or 0)}
        assert titles == {"Post", "LinkedIn post"}  # the moved one is an exception
