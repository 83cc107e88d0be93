"""A campaign spelt close to one of the plan's ("Sprng" for Spring) is asked about, as a
near-miss channel is: made on its own it would split the plan's results in two."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from import_helpers import dry_run, write_rows

from streamdesk.cli import main
from streamdesk.domain import Campaign
from streamdesk.excel.value_maps import parse_values
from streamdesk.storage import PlanFile, repository


@pytest.fixture
def spring(pf: PlanFile) -> PlanFile:
    for name in ("Spring", "Q1 launch", "Sale 2026"):
        repository.insert(pf, Campaign(name))
    return pf


def rows_with(path: Path, *campaigns: str) -> Path:
    return write_rows(
        path,
        [
            ["Date", "Channel", "Title", "Campaign"],
            *[[date(2027, 3, 4 + n), "Instagram", f"Post {n}", c] for n, c in enumerate(campaigns)],
        ],
    )


def test_a_near_miss_is_refused_naming_the_campaign_it_looks_like(
    spring: PlanFile, tmp_path: Path
) -> None:
    plan = dry_run(spring, rows_with(tmp_path / "sprng.xlsx", "Sprng"))
    assert not plan.ok
    assert plan.created == []
    message = str(plan.errors[0])
    assert 'campaign "Sprng"' in message and "looks like Spring" in message
    for answer in ("Campaign:Sprng=Spring", "Campaign:Sprng=new", "Campaign:Sprng=skip"):
        assert f'"{answer}"' in message
    (question,) = [q for q in plan.questions if q.field == "campaign"]
    assert question.values == ("Sprng",)
    assert "Campaign:Sprng=Spring" in question.hint


@pytest.mark.parametrize("written", ["spring ", "Spring!", "Sprin g", "Spirng"])
def test_case_spacing_and_slips_are_near_misses(
    spring: PlanFile, tmp_path: Path, written: str
) -> None:
    plan = dry_run(spring, rows_with(tmp_path / "c.xlsx", written))
    if written == "spring ":  # the plan's own name but for case and the cell's space
        assert plan.ok and plan.created == []
        return
    assert not plan.ok and "looks like Spring" in str(plan.errors[0])


@pytest.mark.parametrize("written", ["Q2 launch", "Sale 2027", "Summer", "Winter sale"])
def test_a_clearly_new_campaign_is_still_made_and_listed(
    spring: PlanFile, tmp_path: Path, written: str
) -> None:
    plan = dry_run(spring, rows_with(tmp_path / "new.xlsx", written))
    assert plan.ok, [str(e) for e in plan.errors]
    assert [c.name for c in plan.created] == [written]
    assert f"new campaigns: {written}" in plan.notes


@pytest.mark.parametrize(
    ("answer", "campaign", "created"),
    [("Spring", "Spring", []), ("new", "Sprng", ["Sprng"]), ("Sprng", "Sprng", ["Sprng"])],
)
def test_the_answers_map_or_create(
    spring: PlanFile, tmp_path: Path, answer: str, campaign: str, created: list[str]
) -> None:
    plan = dry_run(
        spring,
        rows_with(tmp_path / "a.xlsx", "Sprng", "Spring"),
        values=parse_values(f"Campaign:Sprng={answer}"),
    )
    assert plan.ok, [str(e) for e in plan.errors]
    assert [c.name for c in plan.created] == created
    names = {c.id: c.name for c in repository.list_campaigns(spring)}
    names.update({c.id: c.name for c in plan.created if isinstance(c, Campaign)})
    assert [names[i.campaign_id] for i in plan.new] == [campaign, "Spring"]
    assert not any("matched no cell" in str(n) for n in plan.notes), plan.notes


def test_skip_leaves_the_near_miss_rows_out(spring: PlanFile, tmp_path: Path) -> None:
    source = rows_with(tmp_path / "s.xlsx", "Sprng", "Spring")
    plan = dry_run(spring, source, values=parse_values("Campaign:Sprng=skip"))
    assert plan.ok, [str(e) for e in plan.errors]
    assert [i.title for i in plan.new] == ["Post 1"] and plan.created == []


def test_the_command_line_refuses_then_takes_the_answer(
    spring: PlanFile, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = spring.path
    spring.close()
    source = rows_with(tmp_path / "cli.xlsx", "Sprng")
    assert main(["import", str(path), str(source), "--dry-run"]) == 1
    out = capsys.readouterr()
    text = out.out + out.err
    assert "looks like Spring" in text and '--values "Campaign:Sprng=Spring"' in text
    assert main(["import", str(path), str(source), "--values", "Campaign:Sprng=Spring"]) == 0
    with PlanFile.open(path, read_only=True) as pf:
        names = [c.name for c in repository.list_campaigns(pf)]
        assert "Sprng" not in names and names.count("Spring") == 1
        post = next(i for i in repository.list_items(pf) if i.title == "Post 0")
        assert repository.get(pf, Campaign, post.campaign_id).name == "Spring"
