"""A client with more than one plan in the portfolio: each plan has its own heading, in the
command's text and JSON and the portfolio calendar, so the plans' items are told apart."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import icalendar
import pytest

from streamdesk.cli import main
from streamdesk.domain import Item, Plan
from streamdesk.domain.portfolio import (
    PortfolioEntry,
    group_by_day_and_client,
    plan_headings,
)
from streamdesk.excel.portfolio_ics import write_portfolio_ics
from streamdesk.storage import create_plan, repository
from streamdesk.storage.catalogue import DATA_DIR_ENV

DAY = date(2027, 3, 2)


def entry(client: str, plan: str, path: str, title: str) -> PortfolioEntry:
    return PortfolioEntry(DAY, client, plan, Path(path), "item", 1, title, "idea")


def test_a_client_with_two_plans_gets_a_heading_per_plan() -> None:
    days = group_by_day_and_client(
        [
            entry("Acme", "Retainer", "r.streamdesk", "Post"),
            entry("Acme", "Launch plan", "l.streamdesk", "Post"),
            entry("Beta", "Beta", "b.streamdesk", "Mail"),
        ]
    )
    groups = days[0].clients
    assert [c.heading for c in groups] == ["Acme — Launch plan", "Acme — Retainer", "Beta"]
    assert [(c.client, c.plan) for c in groups] == [
        ("Acme", "Launch plan"),
        ("Acme", "Retainer"),
        ("Beta", ""),
    ]
    assert [len(c.entries) for c in groups] == [1, 1, 1]


def test_two_plans_of_one_client_with_one_name_are_told_apart_by_file() -> None:
    headings = plan_headings(
        [
            ("Acme", "Plan", Path("x/2026.streamdesk")),
            ("Acme", "plan", Path("x/2027.streamdesk")),
            ("Beta", "Plan", Path("x/beta.streamdesk")),
        ]
    )
    assert headings == {
        Path("x/2026.streamdesk"): "Acme — 2026.streamdesk",
        Path("x/2027.streamdesk"): "Acme — 2027.streamdesk",
        Path("x/beta.streamdesk"): "Beta",
    }


def make_plan(path: Path, name: str, client: str) -> Path:
    with create_plan(path, Plan(name=name, client=client, start=date(2027, 1, 4))) as pf:
        channel = repository.list_channels(pf)[-1].id or 0
        repository.insert_many(pf, [Item("Weekly post", DAY, channel, effort_hours=1)])
    return path


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    data = tmp_path / "data"
    data.mkdir()
    monkeypatch.setenv(DATA_DIR_ENV, str(data))
    make_plan(data / "retainer.streamdesk", "Retainer", "Acme")
    make_plan(data / "launch.streamdesk", "Launch plan", "Acme")
    make_plan(data / "beta.streamdesk", "Beta plan", "Beta")
    return data


def test_the_command_heads_each_plan_of_a_client(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["portfolio", "--from", "2027-03-01", "--to", "2027-03-07"]) == 0
    lines = capsys.readouterr().out.splitlines()
    heads = [line.strip() for line in lines if line.startswith("  ") and not line.startswith("   ")]
    assert heads == ["Acme — Launch plan", "Acme — Retainer", "Beta"]


def test_the_json_names_the_plan_of_each_group_and_keeps_its_keys(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["portfolio", "--from", "2027-03-02", "--to", "2027-03-02", "--json"]) == 0
    groups = json.loads(capsys.readouterr().out)["days"][0]["clients"]
    assert [(g["client"], g["plan"], g["heading"]) for g in groups] == [
        ("Acme", "Launch plan", "Acme — Launch plan"),
        ("Acme", "Retainer", "Acme — Retainer"),
        ("Beta", None, "Beta"),
    ]
    assert [[e["plan"] for e in g["entries"]] for g in groups] == [
        ["Launch plan"],
        ["Retainer"],
        ["Beta plan"],
    ]


def test_the_portfolio_calendar_names_the_plan_when_the_client_has_two(
    folder: Path, tmp_path: Path
) -> None:
    target = tmp_path / "all.ics"
    paths = sorted(folder.glob("*.streamdesk"))
    assert write_portfolio_ics(paths, target).events == 3
    events = icalendar.Calendar.from_ical(target.read_bytes()).walk("VEVENT")
    summaries = sorted(str(e["SUMMARY"]).split("] ", 1)[0] + "]" for e in events)
    assert summaries == ["[Acme — Launch plan]", "[Acme — Retainer]", "[Beta]"]
    assert sorted(str(e["CATEGORIES"].cats[0]) for e in events) == ["Acme", "Acme", "Beta"]
