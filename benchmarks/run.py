"""``make bench``: time StreamDesk's scenarios against baselines measured in the same run.

Generates the plans it needs with ``streamdesk demo`` (reused while the generator is
unchanged), runs every scenario several times in child processes, keeps the median and
the best, and writes ``benchmarks/results.json``: a list of ``{"scenario", "seconds",
"baseline", "baseline_seconds", "ratio", "target", "ok", ...}``. A ratio holds on a
noisy machine where an absolute time does not, so every target but one is a ratio.

    python benchmarks/run.py [--quick] [--only NAME[,NAME]] [--items-large N] ...
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

from scenarios import SCENARIOS, Context, Measure, NotRun, Plans, ProbeError, Scenario

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
GENERATOR = ("streamdesk/demo.py", "streamdesk/storage/schema.py", "streamdesk/domain/channels.py")
REPEATS = {"startup": 7, "view": 10, "process": 3, "commit": 3}
QUICK = {"startup": 2, "view": 3, "process": 1, "commit": 1}


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    names = [s.name for s in SCENARIOS]
    p = argparse.ArgumentParser(prog="benchmarks/run.py", description=__doc__.split("\n\n")[0])
    p.add_argument("--quick", action="store_true", help="fewer repeats (a rough look)")
    p.add_argument("--repeats", type=int, help="repeats for every scenario (overrides --quick)")
    p.add_argument(
        "--only", action="append", default=[], metavar="NAME", help=f"run only: {', '.join(names)}"
    )
    p.add_argument("--items-large", type=int, default=20_000, help="items in the large plan")
    p.add_argument("--items-small", type=int, default=300, help="items in the small plan")
    p.add_argument("--initiatives-large", type=int, default=500)
    p.add_argument("--initiatives-small", type=int, default=50)
    p.add_argument(
        "--series", type=int, default=50, help="series added to the small plan (series plan)"
    )
    p.add_argument("--series-years", type=int, default=3, help="years the series plan spans")
    p.add_argument("--edits", type=int, default=1000, help="edits per commit_p95 run")
    p.add_argument(
        "--quiet-ms",
        type=int,
        default=300,
        help="untimed event loop between view steps; longer than any debounce (tests: less)",
    )
    p.add_argument("--plans-dir", type=Path, default=HERE / "plans")
    p.add_argument("--work-dir", type=Path, default=HERE / "work")
    p.add_argument("--out", type=Path, default=HERE / "results.json")
    p.add_argument("--markdown", action="store_true", help="also print the table as Markdown")
    args = p.parse_args(argv)
    args.only = [n.strip() for group in args.only for n in group.split(",") if n.strip()]
    unknown = sorted(set(args.only) - set(names))
    if unknown:
        p.error(f"unknown scenario {', '.join(unknown)}; choose from {', '.join(names)}")
    return args


# -- the plans ---------------------------------------------------------------------------


def generator_key(items: int, initiatives: int, start: date) -> str:
    digest = hashlib.sha256()
    for name in GENERATOR:
        digest.update((ROOT / name).read_bytes())
    digest.update(f"{items}/{initiatives}/{start}/seed=1".encode())
    return digest.hexdigest()[:16]


def ensure_plan(
    folder: Path, name: str, items: int, initiatives: int, env: dict[str, str]
) -> tuple[Path, str]:
    """The plan ``name``, generated with ``streamdesk demo`` unless an identical one exists."""
    start = date(date.today().year, 1, 1)  # the calendar opens on today: let it show data
    key = generator_key(items, initiatives, start)
    path = folder / f"{name}.streamdesk"
    stamp = folder / f"{name}.key"
    label = f"{items:,} items, {initiatives} initiatives"
    if path.exists() and stamp.exists() and stamp.read_text().strip() == key:
        return path, label
    folder.mkdir(parents=True, exist_ok=True)
    stamp.unlink(missing_ok=True)
    subprocess.run(
        [
            *(sys.executable, "-m", "streamdesk", "demo", str(path), "--items", str(items)),
            *("--initiatives", str(initiatives), "--start", start.isoformat(), "--seed", "1"),
            "--force",
        ],
        check=True,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    stamp.write_text(key + "\n")
    return path, label


SERIES_GENERATOR = (
    "benchmarks/series_plan.py",
    "streamdesk/domain/series.py",
    "streamdesk/storage/series_repo.py",
)


def ensure_series_plan(
    folder: Path, small: Path, series: int, years: int, env: dict[str, str]
) -> tuple[Path, str]:
    """The small plan with ``series`` series over ``years`` years (``series_plan.py``),
    made again only when it, the small plan or what lays series out changed."""
    digest = hashlib.sha256((folder / "small.key").read_bytes())
    for name in SERIES_GENERATOR:
        digest.update((ROOT / name).read_bytes())
    digest.update(f"{series}/{years}".encode())
    key = digest.hexdigest()[:16]
    path = folder / "series.streamdesk"
    stamp = folder / "series.key"
    lines = stamp.read_text().splitlines() if stamp.exists() else []
    if path.exists() and len(lines) == 2 and lines[0] == key:
        return path, lines[1]
    stamp.unlink(missing_ok=True)
    done = subprocess.run(
        [
            *(sys.executable, str(HERE / "series_plan.py"), str(small), str(path)),
            *("--series", str(series), "--years", str(years)),
        ],
        check=True,
        env=env,
        capture_output=True,
        text=True,
    )
    made = json.loads(done.stdout.strip().splitlines()[-1])
    span = f"{years} year" + ("" if years == 1 else "s")
    label = f"{series} series over {span}, {made['occurrences']:,} occurrences"
    stamp.write_text(f"{key}\n{label}\n")
    return path, label


# -- measuring ---------------------------------------------------------------------------


def _round(value: float | None, digits: int = 6) -> float | None:
    return None if value is None else round(value, digits)


def measure(scenario: Scenario, ctx: Context) -> dict:
    result: dict = {
        "scenario": scenario.name,
        "seconds": None,
        "baseline": scenario.baseline,
        "baseline_seconds": None,
        "ratio": None,
        "target": scenario.target,
        "ok": None,
        "target_kind": "seconds" if scenario.absolute else "ratio",
        "unit": scenario.unit,
        "statistic": scenario.statistic,
    }
    started = time.perf_counter()
    try:
        m: Measure = scenario.run(ctx)
    except NotRun as why:
        result["note"] = f"not run: {why}"
        return result
    except ProbeError as error:
        result["ok"] = False
        result["note"] = f"failed: {error}"
        return result
    except Exception as error:  # a harness bug must not lose the other scenarios
        result["ok"] = False
        result["note"] = f"harness error: {type(error).__name__}: {error}"
        return result
    value, best = statistics.median(m.samples), min(m.samples)
    result.update(value=_round(value), best=_round(best), repeats=len(m.samples))
    if scenario.unit == "s":
        result["seconds"] = _round(value)
    if scenario.absolute:
        result["ok"] = value <= scenario.target
    else:
        base, base_best = statistics.median(m.baseline_samples), min(m.baseline_samples)
        result.update(baseline_value=_round(base), baseline_best=_round(base_best))
        if scenario.unit == "s":
            result["baseline_seconds"] = _round(base)
        result["ratio"] = round(value / base, 3) if base > 0 else None
        result["ok"] = result["ratio"] is not None and result["ratio"] <= scenario.target
    if m.note:
        result["note"] = m.note
    result["wall_seconds"] = round(time.perf_counter() - started, 1)
    return result


# -- reporting ---------------------------------------------------------------------------


def machine() -> dict[str, str]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        import PySide6
        from PySide6 import QtCore

        qt = f"Qt {QtCore.qVersion()} (PySide6 {PySide6.__version__})"
    except ImportError:
        qt = "Qt not installed"
    return {
        "cores": str(os.cpu_count()),
        "cpu": cpu,
        "python": platform.python_version(),
        "qt": qt,
        "os": f"{platform.system()} {platform.release()}",
    }


def _fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "MiB":
        return f"{value:.0f} MiB"
    return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"


def rows(results: list[dict]) -> list[list[str]]:
    table = []
    for r in results:
        unit = r["unit"]
        if r["target_kind"] == "seconds":
            target = f"≤ {_fmt(r['target'], unit)}"
            ratio = "—"
        else:
            target = f"≤ {r['target']:g}"
            ratio = "—" if r["ratio"] is None else f"{r['ratio']:.2f}"
        ok = {True: "yes", False: "NO", None: "not run"}[r["ok"]]
        if r["ok"] is False and r.get("note", "").startswith(("failed", "harness")):
            ok = "FAILED"
        table.append(
            [
                r["scenario"],
                _fmt(r.get("value"), unit),
                _fmt(r.get("best"), unit),
                _fmt(r.get("baseline_value"), unit),
                ratio,
                target,
                ok,
            ]
        )
    return table


HEADER = ["scenario", "median", "best", "baseline (median)", "ratio", "target", "ok"]


def print_table(results: list[dict], info: dict[str, str], markdown: bool) -> None:
    table = [HEADER, *rows(results)]
    widths = [max(len(row[c]) for row in table) for c in range(len(HEADER))]
    print()
    for n, row in enumerate(table):
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
        if n == 0:
            print("  ".join("-" * w for w in widths))
    for r in results:
        if r.get("note"):
            print(f"  {r['scenario']}: {r['note']}")
    print(
        f"\n{info['cores']} cores, {info['cpu']}, Python {info['python']}, {info['qt']}, "
        f"{info['os']}"
    )
    if markdown:
        print()
        print("| " + " | ".join(HEADER) + " |")
        print("|" + "---|" * len(HEADER))
        for row in rows(results):
            print("| " + " | ".join([f"`{row[0]}`", *row[1:]]) + " |")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    args.work_dir.mkdir(parents=True, exist_ok=True)
    home = args.work_dir / "home"
    env = dict(os.environ)
    env.update(
        QT_QPA_PLATFORM="offscreen",
        # the probes open real windows: keep their settings and recent files out of the user's
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_DATA_HOME=str(home / "data"),
        XDG_CACHE_HOME=str(home / "cache"),
        MPLCONFIGDIR=str(home / "mpl"),
    )
    # an installed StreamDesk has its bytecode (pip and PyInstaller compile it): a shell with
    # PYTHONDONTWRITEBYTECODE would otherwise make every start compile the package again
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    root = Path(__file__).resolve().parent.parent
    subprocess.run(
        [
            sys.executable,
            "-m",
            "compileall",
            "-q",
            str(root / "streamdesk"),
            str(root / "benchmarks"),
        ],
        env=env,
        capture_output=True,
        check=False,
    )
    started = time.perf_counter()
    small, small_label = ensure_plan(
        args.plans_dir, "small", args.items_small, args.initiatives_small, env
    )
    large, large_label = ensure_plan(
        args.plans_dir, "large", args.items_large, args.initiatives_large, env
    )
    series, series_label = ensure_series_plan(
        args.plans_dir, small, args.series, args.series_years, env
    )
    repeats = dict(QUICK if args.quick else REPEATS)
    if args.repeats:
        repeats = dict.fromkeys(repeats, args.repeats)
    ctx = Context(
        plans=Plans(small, large, small_label, large_label, series, series_label),
        work=args.work_dir,
        python=sys.executable,
        repeats=repeats,
        edits=args.edits,
        env=env,
        quiet_ms=args.quiet_ms,
    )
    info = machine()
    print(
        f"plans: {large_label} (large), {small_label} (small), {series_label} (series); "
        f"repeats {repeats}"
    )
    results = []
    for scenario in SCENARIOS:
        if args.only and scenario.name not in args.only:
            continue
        print(f"  {scenario.name} …", end="", flush=True)
        result = measure(scenario, ctx)
        result["plan"] = series_label if scenario.series_plan else large_label
        results.append(result)
        print(f" {rows([result])[0][6]}", flush=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print_table(results, info, args.markdown)
    print(f"wrote {args.out} in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
