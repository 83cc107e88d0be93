"""``streamdesk plans``: the plans in the data folder and the recent files, one line each.

Read-only: no plan is opened for writing and no lock is taken. The recent files are the
ones the GUI mirrors into ``plans.json`` in the data folder (``STREAMDESK_DATA_DIR``
overrides where that is). A plan that cannot be read is listed with its state.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

HELP = "list the plans in the data folder and the recent files"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument(
        "--templates",
        action="store_true",
        help="list the templates `streamdesk new --template` lays out instead",
    )


def run(args: argparse.Namespace) -> int:
    from streamdesk.domain.balance import share_percent
    from streamdesk.storage.catalogue import data_folder, list_plans

    folder = data_folder()
    if args.templates:
        return _templates(folder, as_json=args.json)
    plans = list_plans(folder)
    if args.json:
        print(json.dumps([p.as_json() for p in plans], indent=2))
        return 0
    if not plans:
        print(f"No plans in {folder} yet (streamdesk new PLAN [--template NAME] …).")
        return 0
    for p in plans:
        if p.state != "ok":
            print(f"{p.path.name:<32} {p.state.value.upper()}: {p.message}")
            continue
        share = "–"
        if p.upstream_share is not None and p.band_low is not None and p.band_high is not None:
            flag = "in" if p.in_band else "OUT"
            share = f"{share_percent(p.upstream_share, p.band_low, p.band_high)} {flag}"
        due = p.next_due.describe() if p.next_due else "–"
        lock = f"  locked by {p.locked_by}" if p.locked_by else ""
        when = p.modified.strftime("%Y-%m-%d %H:%M") if p.modified else ""
        print(
            f"{p.title:<24} {p.client or '–':<20} {when:<17} "
            f"week {p.items_this_week:>3}  up {share:<9} next {due}{lock}"
        )
        print(f"    {p.path}")
    return 0


def _templates(folder: Path, *, as_json: bool) -> int:
    """The templates by name and file: the names ``new --template`` takes."""
    from streamdesk.storage.templates import list_templates

    templates = list_templates(folder)
    if as_json:
        print(json.dumps([{"name": t.name, "path": str(t.path)} for t in templates], indent=2))
        return 0
    for template in templates:
        print(f"{template.name:<32} {template.path}")
    return 0
