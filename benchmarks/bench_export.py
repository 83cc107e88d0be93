"""Export scenario: a 20,000-item plan to .xlsx, against plain openpyxl writing the same rows.

Both sides run as separate processes (start-up and imports included) on the same
plan, in the same run, so the ratio holds on any machine:

    .venv/bin/python benchmarks/bench_export.py [--items 20000] [--initiatives 500] [--repeat 1]

The baseline reads the items through the repository and appends the Content
table's values (names resolved, no styles, no other sheets) to a normal
openpyxl workbook; that is the least any Content export has to do.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BASELINE = r"""
import sys
from openpyxl import Workbook
from streamdesk.excel.columns import CONTENT_COLUMNS
from streamdesk.excel.export import content_fields, load
from streamdesk.storage import PlanFile

with PlanFile.open(sys.argv[1], read_only=True) as pf:
    data = load(pf)
getters = content_fields(data)
wb = Workbook()
ws = wb.active
ws.title = "Content"
ws.append([h for h, _ in CONTENT_COLUMNS])
for item in data.items:
    ws.append([g(item) or None for g in getters])
wb.save(sys.argv[2])
"""


def timed(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=20000)
    parser.add_argument("--initiatives", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    python = sys.executable
    streamdesk = [python, "-m", "streamdesk"]
    with tempfile.TemporaryDirectory() as folder:
        plan = Path(folder) / "big.streamdesk"
        demo = ["demo", str(plan), "--items", str(args.items)]
        demo += ["--initiatives", str(args.initiatives), "--start", "2027-01-01"]
        subprocess.run(
            [*streamdesk, *demo],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        ours, base = [], []
        for _ in range(args.repeat):
            base.append(timed([python, "-c", BASELINE, str(plan), f"{folder}/base.xlsx"]))
            ours.append(timed([*streamdesk, "export", str(plan), f"{folder}/ours.xlsx"]))
    b, o = statistics.median(base), statistics.median(ours)
    print(f"export {args.items} items, {args.initiatives} initiatives")
    print(f"  plain openpyxl, Content rows only: {b:6.2f} s")
    print(f"  streamdesk export (whole workbook): {o:6.2f} s")
    print(f"  ratio: {o / b:.2f} (target <= 2.0)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
