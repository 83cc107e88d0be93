"""The benchmark scenarios: what each one runs, its baseline and its target.

Every measure runs in a child process (a probe script next to this file, or the
``streamdesk`` command itself), so the 20,000-item plan and its 300-item baseline each
start from the same clean state and one crash cannot take the harness down. A scenario
whose feature has not landed raises :class:`NotRun`; it is reported, never faked.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import statistics
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROCESS_TIMEOUT_S = 600


class NotRun(Exception):
    """The feature this scenario measures is not there (yet)."""


class ProbeError(Exception):
    """A child process failed: the scenario ran and broke."""


@dataclass
class Plans:
    small: Path  # 300 items, 50 initiatives
    large: Path  # 20,000 items, 500 initiatives
    small_label: str
    large_label: str
    series: Path | None = None  # the small plan with 50 series over 3 years (series_plan.py)
    series_label: str = ""


@dataclass
class Context:
    plans: Plans
    work: Path
    python: str
    repeats: dict[str, int]  # "process", "startup", "view", "commit"
    edits: int
    env: dict[str, str]
    quiet_ms: int = 300  # untimed event loop between view steps (smaller: a smoke run)
    cache: dict[str, object] = field(default_factory=dict)

    def copy_plan(self, plan: Path, name: str) -> Path:
        """A fresh copy of a plan for a scenario that writes (the originals are reused)."""
        target = self.work / f"{name}.streamdesk"
        for suffix in ("", "-wal", "-shm"):
            Path(str(target) + suffix).unlink(missing_ok=True)
        shutil.copyfile(plan, target)
        return target


@dataclass
class Measure:
    """Samples of the scenario and of its baseline (empty for an absolute target)."""

    samples: list[float]
    baseline_samples: list[float] = field(default_factory=list)
    note: str = ""


@dataclass(frozen=True)
class Scenario:
    name: str
    baseline: str | None  # what the baseline is; None for an absolute target
    target: float  # a ratio, or seconds when the target is absolute
    run: Callable[[Context], Measure]
    unit: str = "s"  # "s" or "MiB"
    statistic: str = "median"  # how samples are summarised ("median" or "p95")
    series_plan: bool = False  # measured on the series plan, not the large one

    @property
    def absolute(self) -> bool:
        return self.baseline is None


# -- running children ----------------------------------------------------------------


def run_child(ctx: Context, args: list[str], timeout: float = PROCESS_TIMEOUT_S) -> str:
    """Run a child to completion; its stdout, or ProbeError with the end of its stderr."""
    try:
        done = subprocess.run(
            args, capture_output=True, text=True, env=ctx.env, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired as error:
        raise ProbeError(f"{Path(args[1]).name} timed out after {timeout:.0f} s") from error
    if done.returncode != 0:
        tail = " | ".join(done.stderr.strip().splitlines()[-3:]) or f"exit {done.returncode}"
        raise ProbeError(f"{' '.join(Path(a).name for a in args[1:3])}: {tail}")
    return done.stdout


def timed_process(ctx: Context, args: list[str]) -> float:
    t0 = time.perf_counter()
    run_child(ctx, args)
    return time.perf_counter() - t0


def last_json(stdout: str) -> dict:
    for line in reversed(stdout.strip().splitlines()):
        if line.startswith("{"):
            return json.loads(line)
    raise ProbeError(f"no result in the child's output: {stdout[-200:]!r}")


def probe(ctx: Context, script: str, *args: str) -> list[float]:
    result = last_json(run_child(ctx, [ctx.python, str(HERE / script), *args]))
    if "not_run" in result:
        raise NotRun(result["not_run"])
    return [float(s) for s in result["seconds"]]


def has_module(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:
        return False


# -- startup and memory: the real entry point, timed from outside ------------------------


def _alternated_startups(ctx: Context, plans: tuple[Path, Path], tag: str) -> dict[Path, list]:
    """Start the app on each of ``plans`` several times; each run's seconds and peak memory
    (kept in ``ctx.cache`` under ``tag``).

    The plans are started in alternation (large, small, large, ...), so that a change in
    the machine's load while they run reaches both sides of the ratio alike.
    """
    key = f"{tag}:{plans}"
    if key not in ctx.cache:
        copies = [ctx.copy_plan(p, f"{tag}-{p.stem}") for p in plans]  # the app may write
        runs: dict[Path, list[dict]] = {p: [] for p in plans}
        for _ in range(ctx.repeats["startup"]):
            for original, copy in zip(plans, copies, strict=True):
                started = time.time()
                probe_args = [ctx.python, str(HERE / "startup_probe.py"), str(copy)]
                out = last_json(run_child(ctx, probe_args))
                runs[original].append(
                    {"seconds": out["painted_at"] - started, "mib": out["maxrss_kb"] / 1024}
                )
        ctx.cache[key] = runs
    return ctx.cache[key]  # type: ignore[return-value]


def _startups(ctx: Context, plan: Path) -> list[dict]:
    return _alternated_startups(ctx, (ctx.plans.large, ctx.plans.small), "startup")[plan]


def startup(ctx: Context) -> Measure:
    small = _startups(ctx, ctx.plans.small)
    large = _startups(ctx, ctx.plans.large)
    return Measure([r["seconds"] for r in large], [r["seconds"] for r in small])


def startup_paint(ctx: Context) -> Measure:
    """The first frame (window, calendar, timeline) on the 300-item plan vs a bare window."""
    plan = ctx.copy_plan(ctx.plans.small, "startup-paint")  # the app may write
    samples, baseline = [], []
    for _ in range(ctx.repeats["startup"]):  # alternated, so both see the same load
        for args, into in (
            ([str(HERE / "startup_probe.py"), "--first-paint", str(plan)], samples),
            ([str(HERE / "startup_probe.py"), "--bare"], baseline),
        ):
            started = time.time()
            out = last_json(run_child(ctx, [ctx.python, *args]))
            into.append(out["painted_at"] - started)
    return Measure(samples, baseline)


def memory(ctx: Context) -> Measure:
    small = _startups(ctx, ctx.plans.small)
    large = _startups(ctx, ctx.plans.large)
    return Measure([r["mib"] for r in large], [r["mib"] for r in small])


# -- the views, driven inside a child ----------------------------------------------------


def view_pair(scenario: str, same_plan: bool = False) -> Callable[[Context], Measure]:
    """The scenario on the large plan against the same on the small one (or its own baseline
    on the large plan), timed in alternation inside one child."""

    def run(ctx: Context) -> Measure:
        large = ctx.copy_plan(ctx.plans.large, f"{scenario}-large")
        other = large if same_plan else ctx.copy_plan(ctx.plans.small, f"{scenario}-small")
        args = [scenario, str(large), str(other), "--repeats", str(ctx.repeats["view"])]
        args += ["--quiet-ms", str(ctx.quiet_ms)]
        result = last_json(run_child(ctx, [ctx.python, str(HERE / "view_probe.py"), *args]))
        if "not_run" in result:
            raise NotRun(result["not_run"])
        return Measure(result["seconds"], result["baseline_seconds"])

    return run


# -- storage -----------------------------------------------------------------------------


def commit_p95(ctx: Context) -> Measure:
    p95s = []
    for n in range(ctx.repeats["commit"]):
        plan = ctx.copy_plan(ctx.plans.large, f"commit-{n}")
        seconds = probe(ctx, "storage_probe.py", "commit", str(plan), "--edits", str(ctx.edits))
        p95s.append(percentile(seconds, 95))
    return Measure(p95s, note=f"p95 of {ctx.edits} edits per run")


def plans_list(ctx: Context) -> Measure:
    """The Plans window's list of 50 plans of 2,000 items each (issue 20: within 1 s)."""
    if not has_module("streamdesk.storage.catalogue"):
        raise NotRun("the plans catalogue has not landed yet")
    args = [str(ctx.work), str(ctx.plans.large), "--repeats", str(ctx.repeats["view"])]
    return Measure(probe(ctx, "plans_probe.py", *args), note="50 plans of 2,000 items")


def series_edit_all(ctx: Context) -> Measure:
    """Edit all occurrences of a 150-occurrence series in the large plan (median)."""
    if not has_module("streamdesk.storage.series_repo"):
        raise NotRun("series have not landed yet")
    plan = ctx.copy_plan(ctx.plans.large, "series-edit")
    edits = max(5, min(50, ctx.edits))
    seconds = probe(ctx, "storage_probe.py", "series", str(plan), "--edits", str(edits))
    return Measure(seconds, note=f"{edits} edits of all 150 occurrences")


# -- the series plan: 50 series over 3 years (issue 17, item 7) -------------------------


def _series_plan(ctx: Context) -> Path:
    if ctx.plans.series is None:
        raise NotRun("no series plan was generated")
    if not has_module("streamdesk.storage.series_repo"):
        raise NotRun("series have not landed yet")
    return ctx.plans.series


def startup_series(ctx: Context) -> Measure:
    """Open the series plan against the 300-item plan it was made from, in alternation."""
    plan = _series_plan(ctx)
    runs = _alternated_startups(ctx, (plan, ctx.plans.small), "startup-series")
    return Measure(
        [r["seconds"] for r in runs[plan]], [r["seconds"] for r in runs[ctx.plans.small]]
    )


def edit_all_series(ctx: Context) -> Measure:
    """Edit all occurrences of the series plan's longest series (median), as
    ``series_edit_all`` does with its 150 occurrences in the large plan."""
    plan = ctx.copy_plan(_series_plan(ctx), "series-plan-edit")
    edits = max(5, min(50, ctx.edits))
    seconds = probe(ctx, "storage_probe.py", "series-plan", str(plan), "--edits", str(edits))
    return Measure(seconds, note=f"{edits} edits of all of its longest series")


def export_xlsx_series(ctx: Context) -> Measure:
    """``streamdesk export`` of the series plan against plain openpyxl writing its rows."""
    plan = _series_plan(ctx)
    cli = _export_as(ctx, "xlsx", plan, "series")
    base_out = ctx.work / "baseline-series.xlsx"
    base = [ctx.python, str(HERE / "excel_baseline.py"), "write", cli[-2], str(base_out)]
    return _interleaved(ctx, cli, base)


def ics_export_series(ctx: Context) -> Measure:
    """The series plan's calendar feed against its CSV export (as ``ics_export_20k``)."""
    plan = _series_plan(ctx)
    ics, csv = _export_as(ctx, "ics", plan, "series"), _export_as(ctx, "csv", plan, "series")
    return _interleaved(ctx, ics, csv)


# -- Excel, as processes -----------------------------------------------------------------


def _workbook(ctx: Context) -> Path:
    return ctx.work / "export-large.xlsx"


def export_xlsx(ctx: Context) -> Measure:
    if not has_module("streamdesk.commands.export"):
        raise NotRun("`streamdesk export` has not landed yet")
    out = _workbook(ctx)
    plan = ctx.copy_plan(ctx.plans.large, "export-large")
    cli = [ctx.python, "-m", "streamdesk", "export", str(plan), str(out)]
    base_out = ctx.work / "baseline-content.xlsx"
    base = [ctx.python, str(HERE / "excel_baseline.py"), "write", str(plan), str(base_out)]
    samples, baseline = [], []
    for _ in range(ctx.repeats["process"]):  # interleaved, so both see the same load
        out.unlink(missing_ok=True)
        samples.append(timed_process(ctx, cli))
        baseline.append(timed_process(ctx, base))
    if not out.exists():
        raise ProbeError(f"`streamdesk export` exited 0 but wrote no {out.name}")
    return Measure(samples, baseline)


def _export_as(
    ctx: Context, suffix: str, original: Path | None = None, name: str = "large"
) -> list[str]:
    """``streamdesk export`` of a copy of the large plan (or ``original``) to ``suffix``, as
    a command line."""
    if not has_module("streamdesk.commands.export"):
        raise NotRun("`streamdesk export` has not landed yet")
    plan = ctx.copy_plan(original or ctx.plans.large, f"export-{name}-{suffix}")
    out = ctx.work / f"export-{name}.{suffix}"
    return [ctx.python, "-m", "streamdesk", "export", str(plan), str(out)]


def _interleaved(ctx: Context, cli: list[str], base: list[str]) -> Measure:
    out = Path(cli[-1])
    samples, baseline = [], []
    for _ in range(ctx.repeats["process"]):  # interleaved, so both see the same load
        out.unlink(missing_ok=True)
        samples.append(timed_process(ctx, cli))
        baseline.append(timed_process(ctx, base))
    if not out.exists():
        raise ProbeError(f"`streamdesk export` exited 0 but wrote no {out.name}")
    return Measure(samples, baseline)


def export_csv(ctx: Context) -> Measure:
    if not has_module("streamdesk.commands.export"):
        raise NotRun("`streamdesk export` has not landed yet")
    cli = _export_as(ctx, "csv")
    base_out = ctx.work / "baseline-content.csv"
    base = [ctx.python, str(HERE / "excel_baseline.py"), "csv", cli[-2], str(base_out)]
    return _interleaved(ctx, cli, base)


def export_ics(ctx: Context) -> Measure:
    """The calendar feed against the CSV export of the same plan (issue 18: at most 2x)."""
    if not has_module("streamdesk.commands.export"):
        raise NotRun("`streamdesk export` has not landed yet")
    return _interleaved(ctx, _export_as(ctx, "ics"), _export_as(ctx, "csv"))


def import_dryrun(ctx: Context) -> Measure:
    if not has_module("streamdesk.commands.import_"):
        raise NotRun("`streamdesk import` has not landed yet")
    workbook = _workbook(ctx)
    if not workbook.exists():
        if not has_module("streamdesk.commands.export"):
            raise NotRun("no workbook to import: `streamdesk export` has not landed yet")
        plan = ctx.copy_plan(ctx.plans.large, "export-large")
        run_child(ctx, [ctx.python, "-m", "streamdesk", "export", str(plan), str(workbook)])
    plan = ctx.copy_plan(ctx.plans.large, "import-large")
    cli = [ctx.python, "-m", "streamdesk", "import", str(plan), str(workbook), "--dry-run"]
    base = [ctx.python, str(HERE / "excel_baseline.py"), "read", str(workbook)]
    samples, baseline = [], []
    for _ in range(ctx.repeats["process"]):
        samples.append(timed_process(ctx, cli))
        baseline.append(timed_process(ctx, base))
    return Measure(samples, baseline)


# -- the table ---------------------------------------------------------------------------


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    return statistics.quantiles(ordered, n=100, method="inclusive")[int(pct) - 1]


SMALL = "the same on the 300-item plan"
FEW = "the same with 50 initiatives"
SCENARIOS: tuple[Scenario, ...] = (
    Scenario("startup_20k", SMALL, 1.3, startup),
    Scenario(
        "startup_paint_300",
        "a bare QMainWindow script, first frame, as a process",
        2.5,
        startup_paint,
    ),
    Scenario("month_switch_20k", SMALL, 1.5, view_pair("month_switch")),
    Scenario("drag_reschedule_20k", SMALL, 1.5, view_pair("drag_reschedule")),
    Scenario("timeline_build_500", FEW, 10.0, view_pair("timeline_build")),
    Scenario("timeline_zoom_500", FEW, 10.0, view_pair("timeline_zoom")),
    Scenario(
        "chart_update_20k",
        "the same bars and line drawn with a bare matplotlib Figure (Agg)",
        2.0,
        view_pair("chart_update", same_plan=True),
    ),
    Scenario(
        "export_xlsx_20k",
        "a script writing the same Content rows with plain openpyxl, as a process",
        1.0,  # issue 18: no slower than plain openpyxl writing the rows alone
        export_xlsx,
    ),
    Scenario(
        "csv_export_20k",
        "a script writing the same Content rows with the csv module, as a process",
        2.0,
        export_csv,
    ),
    Scenario("ics_export_20k", "csv_export_20k: `streamdesk export` to .csv", 2.0, export_ics),
    Scenario(
        "import_dryrun_20k",
        "a script reading every cell of the workbook with openpyxl read-only, as a process",
        1.5,
        import_dryrun,
    ),
    Scenario("commit_p95", None, 0.005, commit_p95, statistic="p95"),
    Scenario("series_edit_all", None, 0.050, series_edit_all),
    Scenario("memory_20k", SMALL, 1.5, memory, unit="MiB"),
    Scenario("plans_list_50", None, 1.0, plans_list),
    # issue 17, item 7: 50 series over 3 years, within the targets of the same work above
    Scenario("startup_series", SMALL, 1.3, startup_series, series_plan=True),
    Scenario("series_edit_all_8k", None, 0.050, edit_all_series, series_plan=True),
    Scenario(
        "export_xlsx_series",
        "a script writing the same Content rows with plain openpyxl, as a process",
        1.0,
        export_xlsx_series,
        series_plan=True,
    ),
    Scenario(
        "ics_export_series",
        "`streamdesk export` of the same plan to .csv",
        2.0,
        ics_export_series,
        series_plan=True,
    ),
)
