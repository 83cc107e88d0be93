"""The benchmark harness runs end to end on tiny plans and writes valid results.

No timing is asserted here (the machine running the tests is not the one that measures):
only that every scenario runs or says why it did not, and that results.json keeps its shape.
Kept fast: tiny plans generated once for the module, one repeat, and a short untimed pause
between view steps (``--quiet-ms``), which is what a real run spends most of its time on.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

RUN = Path(__file__).resolve().parent.parent / "benchmarks" / "run.py"
KEYS = {"scenario", "seconds", "baseline", "baseline_seconds", "ratio", "target", "ok"}
SCENARIOS = {
    "startup_20k",
    "startup_paint_300",
    "month_switch_20k",
    "drag_reschedule_20k",
    "timeline_build_500",
    "timeline_zoom_500",
    "chart_update_20k",
    "export_xlsx_20k",
    "csv_export_20k",
    "ics_export_20k",
    "import_dryrun_20k",
    "commit_p95",
    "series_edit_all",
    "memory_20k",
    "plans_list_50",
    "startup_series",
    "series_edit_all_8k",
    "export_xlsx_series",
    "ics_export_series",
}


@pytest.fixture(scope="module")
def plans(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny plans, shared by this module's runs (the harness reuses what it generated)."""
    return tmp_path_factory.mktemp("bench") / "plans"


def run_harness(tmp_path: Path, plans: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            str(RUN),
            *("--items-large", "60", "--initiatives-large", "12"),
            *("--items-small", "20", "--initiatives-small", "5"),
            *("--series", "3", "--series-years", "1"),
            *("--repeats", "1", "--edits", "20", "--quiet-ms", "20"),
            *("--plans-dir", str(plans), "--work-dir", str(tmp_path / "work")),
            *("--out", str(tmp_path / "results.json")),
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_harness_runs_every_scenario_and_writes_valid_results(tmp_path: Path, plans: Path) -> None:
    done = run_harness(tmp_path, plans)
    assert done.returncode == 0, done.stderr
    results = json.loads((tmp_path / "results.json").read_text())

    assert sorted(r["scenario"] for r in results) == sorted(SCENARIOS)
    for r in results:
        assert r.keys() >= KEYS, r
        # every feature a scenario drives has landed: "not run" would hide a broken probe
        assert r["ok"] in (True, False), r
        assert not r.get("note", "").startswith(("failed", "harness error")), r
        assert r["value"] > 0 and math.isfinite(r["value"]), r
        if r["target_kind"] == "ratio":
            assert r["baseline_value"] > 0, r
            assert r["ratio"] == pytest.approx(r["value"] / r["baseline_value"], rel=0.01), r
            assert r["ok"] == (r["ratio"] <= r["target"]), r
        else:
            assert r["ok"] == (r["value"] <= r["target"]), r
        if r["unit"] == "s":
            assert r["seconds"] == r["value"], r

    # the plans were generated once and are reused while the generator is unchanged
    made = sorted(p.name for p in plans.iterdir())
    assert made == [
        *("large.key", "large.streamdesk", "series.key", "series.streamdesk"),
        *("small.key", "small.streamdesk"),
    ]
    # the series scenarios ran on the series plan, which says what it holds
    on_series = {r["scenario"] for r in results if r["plan"].startswith("3 series over 1 year,")}
    assert on_series == {
        "startup_series",
        "series_edit_all_8k",
        "export_xlsx_series",
        "ics_export_series",
    }
    assert "commit_p95" in done.stdout and "ratio" in done.stdout  # the printed table


def test_only_runs_the_named_scenario_and_reuses_the_plans(tmp_path: Path, plans: Path) -> None:
    first = run_harness(tmp_path, plans, "--only", "commit_p95")
    assert first.returncode == 0, first.stderr
    stamp = (plans / "large.streamdesk").stat().st_mtime_ns
    again = run_harness(tmp_path, plans, "--only", "commit_p95")
    assert again.returncode == 0, again.stderr
    assert (plans / "large.streamdesk").stat().st_mtime_ns == stamp
    results = json.loads((tmp_path / "results.json").read_text())
    assert [r["scenario"] for r in results] == ["commit_p95"]
    assert results[0]["ok"] in (True, False) and results[0]["baseline"] is None

    unknown = run_harness(tmp_path, plans, "--only", "no_such_scenario")
    assert unknown.returncode == 2 and "no_such_scenario" in unknown.stderr
