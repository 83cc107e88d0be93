"""``storage_probe.py commit PLAN --edits N``: the time to commit one item edit, N times;
``storage_probe.py series PLAN --edits N``: the time to edit all of a 150-occurrence series;
``storage_probe.py series-plan PLAN --edits N``: the same on the plan's longest series.

Each edit goes the way the GUI's undo commands write (``PlanCommand.apply``): one
``pf.transaction()`` around ``repository.apply_changes(pf, [old], [new])``, which
updates the row and commits. Edits cycle through the plan's items, changing effort and
title. Prints ``{"seconds": [...]}`` (one duration per edit). Run it on a copy of a plan.
"""

from __future__ import annotations

import argparse
import json
import time
from typing import TYPE_CHECKING

from streamdesk.storage import PlanFile, repository

if TYPE_CHECKING:  # series are imported where they are used: the commit probe needs none
    from streamdesk.domain import Item
    from streamdesk.domain.series import Series


def commit_edits(path: str, edits: int) -> list[float]:
    pf = PlanFile.open(path)
    try:
        items = repository.list_items(pf)
        if not items:
            raise SystemExit("the plan has no items to edit")
        durations = []
        for n in range(edits):
            k = (n * 7919) % len(items)  # spread over the file, not one hot page
            old = items[k]
            new = old.replace(effort_hours=old.effort_hours + 0.25, title=f"{old.title[:60]} #{n}")
            t0 = time.perf_counter()
            with pf.transaction():
                repository.apply_changes(pf, [old], [new])
            durations.append(time.perf_counter() - t0)
            items[k] = new
        return durations
    finally:
        pf.close()


def series_edits(path: str, edits: int, occurrences: int = 150) -> list[float]:
    """Edit all occurrences of a ``occurrences``-long series, ``edits`` times: the
    snapshot (``series_repo.edit_snapshot``) and its write in one transaction, as the
    calendar's "All" answer does through ``PlanCommand.apply``."""
    from streamdesk.domain import Stream
    from streamdesk.domain.series import Series
    from streamdesk.storage import series_repo

    pf = PlanFile.open(path)
    try:
        channel = repository.list_channels(pf, Stream.DOWNSTREAM)[0]
        rule = f"FREQ=WEEKLY;BYDAY=MO,WE,FR;COUNT={occurrences}"
        start = repository.get_plan(pf).start
        series, items = series_repo.create_series(
            pf, Series(rule=rule, start=start, title="Tips", channel_id=channel.id or 0), start
        )
        return _edit_all(pf, series, items, edits)
    finally:
        pf.close()


def series_plan_edits(path: str, edits: int) -> list[float]:
    """Edit all occurrences of the plan's longest series (the series plan has 50)."""
    from streamdesk.storage import series_repo

    pf = PlanFile.open(path)
    try:
        longest = max(
            (series_repo.series_items(pf, s.id or 0) for s in series_repo.list_series(pf)),
            key=len,
            default=[],
        )
        if not longest:
            raise SystemExit("the plan has no series to edit")
        series = series_repo.get_series(pf, longest[0].series_id or 0)
        return _edit_all(pf, series, longest, edits)
    finally:
        pf.close()


def _edit_all(pf: PlanFile, series: Series, items: list[Item], edits: int) -> list[float]:
    """``edits`` edits of all of ``series`` (title and effort), each timed from its snapshot
    to its commit."""
    from datetime import date

    from streamdesk.domain.series import Scope
    from streamdesk.storage import series_repo

    durations = []
    for n in range(edits):
        t0 = time.perf_counter()
        new = series.replace(title=f"Tips #{n}", effort_hours=1 + n % 3)
        before, after = series_repo.edit_snapshot(pf, items[0], new, Scope.ALL, date.today())
        with pf.transaction():
            repository.apply_changes(pf, before, after)
        durations.append(time.perf_counter() - t0)
        series = series_repo.get_series(pf, series.id or 0)
        items = series_repo.series_items(pf, series.id or 0)
    return durations


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("what", choices=["commit", "series", "series-plan"])
    parser.add_argument("plan")
    parser.add_argument("--edits", type=int, default=1000)
    args = parser.parse_args()
    run = {"series": series_edits, "series-plan": series_plan_edits}.get(args.what, commit_edits)
    print(json.dumps({"seconds": run(args.plan, args.edits)}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
