"""Series survive a round trip through our own workbook and CSV: the Repeats column says
the rule in words and names the series, and a re-import links rows back to it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest
from import_helpers import dry_run as build

from streamdesk.domain import Item
from streamdesk.domain.series import Series
from streamdesk.excel.export import export_plan
from streamdesk.excel.plan_import import apply_import
from streamdesk.storage import PlanFile, repository, series_repo


@pytest.fixture
def with_series(empty_pf: PlanFile) -> tuple[PlanFile, list[Item]]:
    channel = repository.list_channels(empty_pf)[0]
    series, items = series_repo.create_series(
        empty_pf,
        Series(
            rule="FREQ=WEEKLY;BYDAY=MO,WE;COUNT=4", start=date(2027, 1, 4), title="Tips",
            channel_id=channel.id,
        ),
        date(2027, 1, 1),
    )  # fmt: skip
    moved = items[1].replace(date=date(2027, 1, 7), detached=True)
    repository.apply_changes(empty_pf, [items[1]], [moved])
    return empty_pf, series_repo.series_items(empty_pf, series.id or 0)


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_repeats_column_round_trip(
    with_series: tuple[PlanFile, list[Item]], tmp_path: Path, suffix: str
) -> None:
    pf, items = with_series
    out = tmp_path / f"plan{suffix}"
    export_plan(pf, out)
    if suffix == ".xlsx":
        ws = openpyxl.load_workbook(out)["Content"]
        header = [c.value for c in ws[1]]
        column = header.index("Repeats")
        cells = [row[column].value for row in ws.iter_rows(min_row=2)]
        assert cells == [
            "Every week on Mon and Wed, 4 times (series 1)",
            "Every week on Mon and Wed, 4 times (series 1, moved on its own)",
            "Every week on Mon and Wed, 4 times (series 1)",
            "Every week on Mon and Wed, 4 times (series 1)",
        ]
    # an unchanged plan: nothing to do
    assert build(pf, out).changed == []
    # the occurrences left their series in the plan; the file links them back
    loose = [i.replace(series_id=None, detached=False) for i in items]
    repository.apply_changes(pf, items, loose)
    plan = build(pf, out)
    assert len(plan.changed) == 4 and not plan.errors
    apply_import(pf, plan)
    back = series_repo.series_items(pf, 1)
    assert [(i.id, i.detached) for i in back] == [(i.id, i.detached) for i in items]


def test_a_series_the_plan_lacks_is_not_guessed(
    with_series: tuple[PlanFile, list[Item]], tmp_path: Path
) -> None:
    pf, _ = with_series
    out = tmp_path / "plan.csv"
    export_plan(pf, out)
    text = out.read_text(encoding="utf-8-sig").replace("(series 1", "(series 9")
    out.write_text(text, encoding="utf-8")
    plan = build(pf, out)
    assert any("names no series of this plan" in n for n in plan.notes)
    assert all(new.series_id is None for _, new in plan.changed)


def test_plan_sheet_lists_commitments_and_how_they_were_kept(
    with_series: tuple[PlanFile, list[Item]], tmp_path: Path
) -> None:
    from streamdesk.domain.cadence import Commitment

    pf, items = with_series
    repository.save_plan(pf, repository.get_plan(pf).replace(start=date(2027, 1, 4)))
    repository.insert(
        pf, Commitment(channel_id=items[0].channel_id, count=2, per="week", ideas_count=True)
    )
    out = tmp_path / "plan.xlsx"
    export_plan(pf, out)
    rows = [[c.value for c in r] for r in openpyxl.load_workbook(out)["Plan"].iter_rows()]
    start = next(n for n, r in enumerate(rows) if r[0] == "Cadence")
    channel = repository.list_channels(pf)[0].name
    # the occurrences are ideas, which this commitment counts; weeks of 4 and 11 Jan 2027:
    # Mon 4 + Thu 7 (moved), Mon 11 + Wed 13: both met
    assert rows[start][:4] == ["Cadence", "Commitment", "Kept", "Missed"]
    assert rows[start + 1][:4] == [channel, "2 per week", "2 of 2 (100%)", "—"]
