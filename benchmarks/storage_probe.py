"""``storage_probe.py commit PLAN --edits N``: the time to commit one item edit, N times.

Each edit goes the way the GUI's undo commands write (``PlanCommand.apply``): one
``pf.transaction()`` around ``repository.apply_changes(pf, [old], [new])``, which
updates the row and commits. Edits cycle through the plan's items, changing effort and
title. Prints ``{"seconds": [...]}`` (one duration per edit). Run it on a copy of a plan.
"""

from __future__ import annotations

import argparse
import json
import time

from streamdesk.storage import PlanFile, repository


def commit_edits(path: str, edits: int) -> list[float]:
    pf = PlanFile.open(path)
    try:
        items = repository.list_items(pf)
        if not items:
            raise SystemExit("the plan has no items to edit")
        durations = []
        for n in range(edits):
            k = (n * 7919) % len(items)  # spread over the file, not one hot page
            old = items[k]
            new = old.replace(effort_hours=old.effort_hours + 0.25, title=f"{old.title[:60]} #{n}")
            t0 = time.perf_counter()
            with pf.transaction():
                repository.apply_changes(pf, [old], [new])
            durations.append(time.perf_counter() - t0)
            items[k] = new
        return durations
    finally:
        pf.close()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("what", choices=["commit"])
    parser.add_argument("plan")
    parser.add_argument("--edits", type=int, default=1000)
    args = parser.parse_args()
    print(json.dumps({"seconds": commit_edits(args.plan, args.edits)}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
