import json
import subprocess
import sys
from pathlib import Path

import pytest

from streamdesk import __version__
from streamdesk.cli import main


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "streamdesk", *args], capture_output=True, text=True, timeout=120
    )


def test_version() -> None:
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"streamdesk {__version__}"


def test_demo_then_balance_json(tmp_path: Path) -> None:
    plan = tmp_path / "demo.streamdesk"
    result = run("demo", str(plan), "--items", "150", "--start", "2027-01-01")
    assert result.returncode == 0, result.stderr
    result = run("balance", str(plan), "--json")
    assert result.returncode == 0, result.stderr
    periods = json.loads(result.stdout)
    assert [p["period"] for p in periods][:2] == ["2027-01", "2027-02"]
    keys = {
        "period",
        "upstream_hours",
        "downstream_hours",
        "upstream_budget",
        "downstream_budget",
        "upstream_share",
        "in_band",
    }
    assert all(keys <= p.keys() for p in periods)
    for p in periods:
        total = p["upstream_hours"] + p["downstream_hours"]
        if total:
            assert p["upstream_share"] == pytest.approx(p["upstream_hours"] / total, abs=0.001)
    assert sum(p["downstream_hours"] for p in periods) > 0


def test_balance_table_by_week(plan_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["balance", str(plan_path), "--by", "week"]) == 0
    out = capsys.readouterr().out
    assert "target band 20%–40%" in out
    rows = [line.split()[0] for line in out.splitlines()[2:]]
    assert len(rows) >= 50
    from datetime import date

    assert {date.fromisoformat(r).weekday() for r in rows} == {0}  # weeks start on Monday


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["balance", "missing.streamdesk"], "missing.streamdesk does not exist"),
        (["balance", "{junk}"], "is not a StreamDesk plan"),
        (["demo", "{plan}"], "already exists; use --force"),
    ],
)
def test_errors_are_one_line_without_traceback(
    tmp_path: Path, plan_path: Path, args: list[str], message: str
) -> None:
    junk = tmp_path / "junk.streamdesk"
    junk.write_text("not a plan")
    args = [a.format(junk=junk, plan=plan_path) for a in args]
    result = run(*args)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("streamdesk: error: ")
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_bad_arguments_exit_with_usage(tmp_path: Path) -> None:
    result = run("demo", str(tmp_path / "x.streamdesk"), "--start", "2027-13-01")
    assert result.returncode == 2
    assert "is not a date" in result.stderr
    result = run("balance", str(tmp_path / "x.streamdesk"), "--by", "day")
    assert result.returncode == 2


def test_demo_force_replaces(plan_path: Path) -> None:
    assert main(["demo", str(plan_path), "--force", "--items", "5", "--initiatives", "3"]) == 0
    from streamdesk.storage import PlanFile, repository

    with PlanFile.open(plan_path) as pf:
        assert repository.count_items(pf) == 5


def test_gui_without_a_display_says_so(tmp_path: Path) -> None:
    import os

    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    result = subprocess.run(
        [sys.executable, "-m", "streamdesk", str(tmp_path / "x.streamdesk")],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert result.returncode == 1
    assert "no display" in result.stderr
    assert "Traceback" not in result.stderr


def test_balance_json_adds_each_periods_health(plan_path: Path) -> None:
    from streamdesk.domain import ItemStatus
    from streamdesk.domain.health import stream_health
    from streamdesk.storage import PlanFile, repository

    result = run("balance", str(plan_path), "--json")
    assert result.returncode == 0, result.stderr
    periods = json.loads(result.stdout)
    with PlanFile.open(plan_path, read_only=True) as pf:
        items = repository.list_items(pf)
        plan, initiatives = repository.get_plan(pf), repository.list_initiatives(pf)
        health = stream_health(
            plan, initiatives, repository.list_item_facts(pf), compute_periods(pf, plan)
        )
    unlinked, gated = (
        set(health.unlinked_item_ids),
        {i for g in health.broken_gates for i in g.item_ids},
    )
    assert unlinked, "the demo plan has content with no initiative"
    for p in periods:
        inside = [i for i in items if p["start"] <= i.date.isoformat() <= p["end"]]
        published = [i for i in inside if i.status is ItemStatus.PUBLISHED]
        assert p["items_without_initiative"] == sum(i.id in unlinked for i in inside)
        assert p["items_breaking_gates"] == sum(i.id in gated for i in inside)
        assert p["published_items"] == len(published)
        assert p["reach"] == sum(i.reach or 0 for i in published)
        assert p["conversions"] == sum(i.conversions or 0 for i in published)
    assert sum(p["items_without_initiative"] for p in periods) == len(unlinked)
    assert sum(p["items_breaking_gates"] for p in periods) == len(gated)


def compute_periods(pf, plan):  # type: ignore[no-untyped-def]
    from streamdesk.domain.balance import compute_balance_from_days
    from streamdesk.storage import repository

    initiatives = repository.list_initiatives(pf)
    return compute_balance_from_days(plan, initiatives, repository.daily_item_totals(pf), "month")


@pytest.mark.parametrize(
    ("args", "prog", "message"),
    [
        (["demo"], "streamdesk demo", "the following arguments are required: plan"),
        (["demo", "{x}", "--items", "ten"], "streamdesk demo", "'ten' is not a count"),
        (["demo", "{x}", "--bogus"], "streamdesk demo", "unrecognized arguments: --bogus"),
        (["balance", "{x}", "--by", "day"], "streamdesk balance", "invalid choice: 'day'"),
        (["export", "{x}"], "streamdesk export", "the following arguments are required: out"),
        (["export", "{x}", "o.xlsx", "--from", "May"], "streamdesk export", "'May' is not a date"),
        (["import", "{x}"], "streamdesk import", "the following arguments are required: IN"),
        (
            ["import", "{x}", "in.csv", "--dayfirst", "--monthfirst"],
            "streamdesk import",
            "not allowed with argument",
        ),
        (["a.streamdesk", "b.streamdesk"], "streamdesk", "unrecognized arguments: b.streamdesk"),
    ],
)
def test_usage_errors_are_one_line_with_exit_2(
    tmp_path: Path,
    args: list[str],
    prog: str,
    message: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Every sub-command: a usage error is one line naming the command, then status 2."""
    args = [a.format(x=tmp_path / "x.streamdesk") for a in args]
    with pytest.raises(SystemExit) as exited:
        main(args)
    assert exited.value.code == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1, captured.err
    assert lines[0].startswith(f"{prog}: error: ") and message in lines[0]
    assert lines[0].endswith(f"(see {prog} --help)")
    assert not (tmp_path / "x.streamdesk").exists()


def test_help_is_still_the_whole_usage(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["demo", "--help"])
    assert exited.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: streamdesk demo") and "at most 200,000" in out
