"""`streamdesk demo` writes a few series and cadence commitments, with some weeks missed."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from streamdesk import demo
from streamdesk.storage import PlanFile, repository, series_repo


def test_demo_has_series_and_commitments_with_misses(tmp_path: Path) -> None:
    path = demo.write(
        tmp_path / "d.streamdesk", items=demo.RHYTHM_FROM, start=date(2027, 1, 1), seed=3
    )
    with PlanFile.open(path, read_only=True) as pf:
        names = {s.title: s for s in series_repo.list_series(pf)}
        assert set(names) == {"Weekly newsletter", "LinkedIn post"}
        assert names["LinkedIn post"].rule == "FREQ=WEEKLY;BYDAY=MO,WE,FR;UNTIL=20271231"
        letters = series_repo.series_items(pf, names["Weekly newsletter"].id or 0)
        assert len(letters) == 52 and all(i.date.weekday() == 3 for i in letters)
        channels = {c.id: c.name for c in repository.list_channels(pf)}
        reports = {channels[r.commitment.channel_id]: r for r in series_repo.cadence_report(pf)}
        assert set(reports) == {"LinkedIn", "Email", "Blog/SEO"}
        assert reports["LinkedIn"].missed and reports["Email"].missed  # some weeks missed
        assert 0.5 < (reports["LinkedIn"].kept_share or 0) < 1
    small = demo.write(tmp_path / "s.streamdesk", items=40, start=date(2027, 1, 1))
    with PlanFile.open(small, read_only=True) as pf:  # a small demo holds what was asked
        assert series_repo.list_series(pf) == [] and repository.count_items(pf) == 40
