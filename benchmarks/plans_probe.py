"""``plans_probe.py WORK LARGE_PLAN --plans 50 --repeats N``: the time to list 50 plans.

What the Plans window and ``streamdesk plans`` do: summarise every plan of a data folder
(read-only connections, no lock) — plan and client, items this week, next due item, the
upstream share against its band, who holds the lock. The folder holds ``--plans`` copies
of one demo plan of 2,000 items (fewer when LARGE_PLAN, the harness's large plan, has
fewer: a smoke run); each copy is a separate file, read from its own connection.
Prints ``{"seconds": [...]}``, one duration per listing.
"""

from __future__ import annotations

import argparse
import json
import shutil
import time
from datetime import date
from pathlib import Path

from streamdesk import demo
from streamdesk.storage import PlanFile, repository
from streamdesk.storage.catalogue import list_plans

ITEMS = 2000


def make_folder(work: Path, large: Path, plans: int) -> Path:
    with PlanFile.open(large, read_only=True) as pf:
        items = min(ITEMS, repository.count_items(pf))
    folder = work / f"plans-{plans}x{items}"
    if folder.exists() and len(list(folder.glob("*.streamdesk"))) == plans:
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    first = folder / "client-00.streamdesk"
    demo.generate(first, items=items, start=date(date.today().year, 1, 1), seed=11).close()
    for n in range(1, plans):
        shutil.copyfile(first, folder / f"client-{n:02d}.streamdesk")
    return folder


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("work")
    parser.add_argument("large")
    parser.add_argument("--plans", type=int, default=50)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    folder = make_folder(Path(args.work), Path(args.large), args.plans)
    list_plans(folder)  # warm the OS cache once, as a second look at the window would be
    seconds = []
    for _ in range(args.repeats):
        t0 = time.perf_counter()
        listed = list_plans(folder)
        seconds.append(time.perf_counter() - t0)
        if len(listed) != args.plans or any(p.state != "ok" for p in listed):
            raise SystemExit(f"listed {len(listed)} plans, not {args.plans} readable ones")
    print(json.dumps({"seconds": seconds}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
