"""``streamdesk portfolio``: every listed plan's items and milestones, by day then client.

A client with more than one plan gets a heading per plan ("Acme — Launch plan").

This week by default; ``--from``/``--to`` choose the range. ``--json`` prints the entries;
``--ics OUT.ics`` writes the consultant's own calendar (every plan's items in the range,
or all of them when no range is given) with UIDs stable per plan.
"""

from __future__ import annotations

import argparse
import json
from datetime import date

from streamdesk.commands import day_argument

HELP = "this week (or a range) across every plan, grouped by day and client"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--from", dest="start", type=day_argument, metavar="YYYY-MM-DD")
    parser.add_argument("--to", dest="end", type=day_argument, metavar="YYYY-MM-DD")
    out = parser.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="print JSON instead of a list")
    out.add_argument("--ics", metavar="OUT.ics", help="write one iCalendar file of every plan")


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from streamdesk.cli import CliError
    from streamdesk.domain.portfolio import group_by_day_and_client, week_range
    from streamdesk.domain.text import plural
    from streamdesk.storage.catalogue import data_folder, plan_paths
    from streamdesk.storage.portfolio import read_portfolio

    folder = data_folder()
    paths = plan_paths(folder)
    if args.ics:
        from streamdesk.excel.portfolio_ics import write_portfolio_ics

        start, end = args.start, args.end
        if start is not None and end is not None and end < start:
            raise CliError(f"--to {end.isoformat()} is before --from {start.isoformat()}")
        print(write_portfolio_ics(paths, Path(args.ics), start, end).describe())
        return 0
    first, last = week_range(date.today())
    start = args.start or (first if args.end is None else args.end)
    end = args.end or (last if args.start is None else start + (last - first))
    if end < start:
        raise CliError(f"--to {end.isoformat()} is before --from {start.isoformat()}")
    portfolio = read_portfolio(paths, start, end)
    days = group_by_day_and_client(portfolio.entries)
    if args.json:
        print(
            json.dumps(
                {
                    "from": start.isoformat(),
                    "to": end.isoformat(),
                    "days": [
                        {
                            "date": d.day.isoformat(),
                            "clients": [
                                {
                                    "client": c.client,
                                    "plan": c.plan or None,  # set when a client has several
                                    "heading": c.heading,
                                    "entries": [e.as_json() for e in c.entries],
                                }
                                for c in d.clients
                            ],
                        }
                        for d in days
                    ],
                    "skipped": portfolio.skipped,
                },
                indent=2,
            )
        )
        return 0
    entries = plural(len(portfolio.entries), "entry", "entries")
    none = "" if paths else f"; no plans in {folder} yet (streamdesk new PLAN …)"
    print(f"{start.isoformat()} – {end.isoformat()}: {entries}{none}")
    for d in days:
        print(f"\n{d.day:%a %Y-%m-%d}")
        for c in d.clients:
            print(f"  {c.heading}")
            for e in c.entries:
                at = e.at.strftime("%H:%M ") if e.at else ""
                what = "◆ " if e.kind == "milestone" else (f"[{e.channel}] " if e.channel else "")
                print(f"    {at}{what}{e.title} ({e.status})")
    for line in portfolio.skipped:
        print(f"not read: {line}")
    return 0
