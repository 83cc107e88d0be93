"""``streamdesk balance PLAN --health --json`` reports cadence commitments and their periods."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from streamdesk.cli import main
from streamdesk.domain import Item, Plan
from streamdesk.domain.cadence import Commitment
from streamdesk.storage import create_plan, repository


def test_balance_health_json_has_the_cadence_shape(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "c.streamdesk"
    with create_plan(path) as pf:
        repository.save_plan(pf, repository.get_plan(pf).replace(start=date(2027, 1, 4)))
        linkedin = repository.channel_by_name(pf, "LinkedIn")
        assert linkedin is not None and isinstance(repository.get_plan(pf), Plan)
        repository.insert(pf, Commitment(channel_id=linkedin.id, count=3, per="week"))
        days = [4, 6, 8, 11, 13]  # 3 in week 1, 2 in week 2
        repository.insert_many(
            pf,
            [
                Item(title="p", date=date(2027, 1, d), channel_id=linkedin.id, status="ready")
                for d in days
            ],
        )
    assert main(["balance", str(path), "--health", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) == {"periods", "health", "cadence"}
    (entry,) = out["cadence"]
    assert {k: entry[k] for k in ("channel", "per", "target", "kept_share")} == {
        "channel": "LinkedIn",
        "per": "week",
        "target": 3,
        "kept_share": 0.5,
    }
    assert entry["periods"] == [
        {"period": "2027-W01", "start": "2027-01-04", "end": "2027-01-10", "planned": 3,
         "target": 3, "met": True},
        {"period": "2027-W02", "start": "2027-01-11", "end": "2027-01-17", "planned": 2,
         "target": 3, "met": False},
    ]  # fmt: skip
    assert main(["balance", str(path), "--health"]) == 0
    text = capsys.readouterr().out
    assert "LinkedIn 3 per week: kept 1 of 2 weeks (50%); missed 2027-W02" in text
