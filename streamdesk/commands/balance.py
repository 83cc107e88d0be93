"""``streamdesk balance PLAN``: upstream vs downstream per week or month."""

from __future__ import annotations

import argparse
import json

HELP = "print upstream vs downstream effort and budget per week or month"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("plan", help="the plan file (*.streamdesk)")
    parser.add_argument("--by", choices=("week", "month"), default="month", help="period size")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")


def run(args: argparse.Namespace) -> int:
    from streamdesk.domain import compute_balance
    from streamdesk.storage import PlanFile, repository

    with PlanFile.open(args.plan, read_only=True) as pf:
        plan = repository.get_plan(pf)
        periods = compute_balance(
            plan, repository.list_initiatives(pf), repository.list_items(pf), args.by
        )
    if args.json:
        print(json.dumps([p.as_json() for p in periods], indent=2))
        return 0
    band = f"{plan.band_low:.0%}–{plan.band_high:.0%}"
    print(f"{plan.name}: upstream share by {plan.measure.value}, target band {band}")
    header = f"{'period':<12}{'up h':>9}{'down h':>9}{'up ' + plan.currency:>11}"
    header += f"{'down ' + plan.currency:>11}{'share':>8}  band"
    print(header)
    for p in periods:
        share = "–" if p.upstream_share is None else f"{p.upstream_share:.0%}"
        flag = {True: "in", False: "OUT", None: ""}[p.in_band]
        print(
            f"{p.period:<12}{p.upstream_hours:>9.1f}{p.downstream_hours:>9.1f}"
            f"{p.upstream_budget:>11.0f}{p.downstream_budget:>11.0f}{share:>8}  {flag}"
        )
    return 0
