"""Files as other tools and clients write them (tests/data/realworld), each with its items.

``expected.json`` holds, per file, one case per set of options: the items a careful person
would import (date, time, channel, title, status and the fields named), or the errors
that stop it, the source it is read as, and every value read by a rule. Timestamps with
an offset are converted into the plan's zone, set to Europe/Berlin here.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from import_helpers import REALWORLD, dry_run

from streamdesk.excel import dates
from streamdesk.excel.limits import ImportFileError
from streamdesk.excel.value_maps import parse_values
from streamdesk.storage import PlanFile

EXPECTED: dict[str, list[dict[str, Any]]] = json.loads(
    (REALWORLD / "expected.json").read_text(encoding="utf-8")
)
CASES = [
    pytest.param(name, n, case, id=f"{name}-{n}")
    for name, cases in EXPECTED.items()
    for n, case in enumerate(cases)
]


@pytest.fixture(autouse=True)
def berlin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dates, "PLAN_ZONE", ZoneInfo("Europe/Berlin"))


def options(case: dict[str, Any]) -> dict[str, Any]:
    chosen = dict(case["options"])
    if "values" in chosen:
        chosen["values"] = parse_values(chosen["values"])
    return chosen


def test_there_are_thirty_realistic_files_and_each_has_its_expectations() -> None:
    files = sorted(p.name for p in REALWORLD.iterdir() if p.suffix in (".csv", ".xlsx"))
    assert len(files) >= 30
    assert files == sorted(EXPECTED)


@pytest.mark.parametrize(("name", "n", "case"), CASES)
def test_each_file_imports_exactly_its_items_or_says_why_not(
    name: str, n: int, case: dict[str, Any], empty_pf: PlanFile
) -> None:
    path = REALWORLD / name
    if "refused" in case:
        with pytest.raises(ImportFileError) as refused:
            dry_run(empty_pf, path, **options(case))
        assert str(refused.value) == case["refused"]
        return
    plan = dry_run(empty_pf, path, **options(case))
    assert [str(e) for e in plan.errors] == case.get("errors", [])
    assert plan.source_kind == case.get("source")
    assert [str(m) for m in plan.mapped] == case.get("mapped", [])
    names = plan.names
    items = []
    for item in plan.new:
        row: list[Any] = [
            item.date.isoformat(),
            item.time.strftime("%H:%M") if item.time else "",
            names[("channel", item.channel_id)],
            item.title,
            item.status.value,
        ]
        for extra in case.get("fields", []):
            if extra == "campaign":
                row.append(names.get(("campaign", item.campaign_id), ""))
            else:
                row.append(getattr(item, extra))
        items.append(row)
    assert items == case["items"]


# -- the silently-wrong cases of issue 15, one by one -------------------------------------------


def _plan(pf: PlanFile, name: str, **chosen: Any):  # type: ignore[no-untyped-def]
    return dry_run(pf, REALWORLD / name, **chosen)


def test_a_month_per_tab_workbook_loses_no_month(empty_pf: PlanFile) -> None:
    refused = _plan(empty_pf, "month-per-tab.xlsx")
    assert not refused.ok and "'Jan', 'Feb', 'Mar'" in str(refused.errors[0])
    everything = _plan(empty_pf, "month-per-tab.xlsx", all_sheets=True)
    assert len(everything.new) == 6
    assert "sheets without a calendar header skipped: 'Read me'" in everything.notes


def test_dollars_thousands_and_euro_decimals_are_read_by_the_column(empty_pf: PlanFile) -> None:
    us = _plan(empty_pf, "costs-us-dollars.csv")
    assert [(i.cost, i.reach) for i in us.new] == [(1500.0, 12345), (250.0, 980), (12000.0, 1200)]
    eu = _plan(empty_pf, "costs-euro.csv")
    assert [i.cost for i in eu.new] == [1250.5, 80.0]
    ambiguous = _plan(empty_pf, "costs-ambiguous.csv")
    assert "--decimal comma or --decimal point" in str(ambiguous.errors[0])


def test_an_exact_title_beats_a_topic_and_a_caption_beats_a_pillar(empty_pf: PlanFile) -> None:
    topic = _plan(empty_pf, "title-beats-topic.csv")
    assert [i.title for i in topic.new] == ["We are hiring a roaster", "Meet the Ethiopia Guji"]
    pillar = _plan(empty_pf, "pillar-and-caption.csv")
    assert next(i.title for i in pillar.new) == "How to dial in your grinder"
    assert any('"Content" (C)' in note for note in pillar.notes)


def test_a_negated_status_is_never_read_as_what_it_negates(empty_pf: PlanFile) -> None:
    plan = _plan(empty_pf, "negated-statuses.csv")
    assert not plan.ok
    assert all("it says the opposite" in str(e) for e in plan.errors)
    assert [q.values for q in plan.questions] == [("Unpublished", "Not scheduled")]
    emoji = _plan(empty_pf, "status-emoji.csv")
    assert next(str(e) for e in emoji.errors).startswith(
        'status-emoji.csv!D3: status "✗ Published"'
    )


def test_channel_forms_map_to_the_plans_channels_and_are_listed(empty_pf: PlanFile) -> None:
    plan = _plan(empty_pf, "channel-synonyms.csv", values=parse_values("Channel:Twitter/X=new"))
    channels = [plan.names[("channel", i.channel_id)] for i in plan.new]
    assert channels == ["Instagram", "Instagram", "LinkedIn", "Facebook", "X", "LinkedIn"]
    assert [c.name for c in plan.created] == ["X"]  # IG, LI and FB are not new channels
    mapped = [str(m) for m in plan.mapped]
    assert 'channel "IG" → Instagram (synonym, 1 row)' in mapped
    assert 'channel "LinkedIn Company Page" → LinkedIn (synonym, 1 row)' in mapped


def test_a_utc_timestamp_lands_in_the_plans_zone(empty_pf: PlanFile) -> None:
    plan = _plan(empty_pf, "buffer-export.csv")
    roast = next(i for i in plan.new if i.title.startswith("How we roast"))
    assert (roast.date.isoformat(), roast.time.isoformat()) == ("2027-01-06", "00:30:00")


def test_one_bad_byte_in_a_utf8_file_is_refused_never_mojibake(
    empty_pf: PlanFile, tmp_path: Path
) -> None:
    with pytest.raises(ImportFileError, match=r"line 3 is not UTF-8 .* while line 2 is UTF-8"):
        _plan(empty_pf, "mixed-encoding.csv")
    legacy = _plan(empty_pf, "cp1252-calendar.csv")
    assert next(i.title for i in legacy.new) == "Café crème at the counter"
    assert "cp1252-calendar.csv is not UTF-8: read as cp1252 text" in legacy.notes


def test_a_post_titled_total_is_a_post_and_a_total_row_is_not(
    empty_pf: PlanFile, tmp_path: Path
) -> None:
    path = tmp_path / "totals.csv"
    path.write_text(
        "Title,Date,Channel,Cost\n"
        "Total eclipse watch party,2027-08-12,Instagram,10\n"
        "Total Q3,,,10\n"
        "TOTAL,,,10\n"
    )
    plan = dry_run(empty_pf, path)
    assert [i.title for i in plan.new] == ["Total eclipse watch party"]
    assert "totals.csv: total/summary rows skipped (rows 3–4)" in plan.notes


def test_the_plans_zone_given_in_the_options_wins(empty_pf: PlanFile) -> None:
    plan = _plan(empty_pf, "buffer-export.csv", zone=ZoneInfo("America/New_York"))
    roast = next(i for i in plan.new if i.title.startswith("How we roast"))
    assert (roast.date.isoformat(), roast.time.isoformat()) == ("2027-01-05", "18:30:00")


def test_a_calendar_with_date_and_message_columns_is_not_taken_for_hootsuite(
    empty_pf: PlanFile, tmp_path: Path
) -> None:
    path = tmp_path / "messages.csv"
    path.write_text("Date,Message,Channel\n2027-05-03,Spring sale,Email\n")
    plan = dry_run(empty_pf, path)
    assert plan.source_kind is None
    assert [i.status.value for i in plan.new] == ["idea"]
