"""``streamdesk new PLAN [--template NAME] [--client NAME] [--start YYYY-MM-DD]``.

Lays a template (a plan file in the data folder's ``templates`` folder; the two built-in
ones are written there on first use) out from the start date into a new plan file. Without
a template the plan is empty, with the default channels: what a first plan usually is, so
it must not need a template's name the user has not seen yet.
"""

from __future__ import annotations

import argparse
from datetime import date

from streamdesk.commands import day_argument

HELP = "start a new plan, empty or from a template laid out from a start date"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("plan", metavar="PLAN", help="the new plan file (must not exist)")
    parser.add_argument(
        "--template",
        default=None,
        metavar="NAME",
        help="lay out this template (see `streamdesk plans --templates`; default: an empty plan)",
    )
    parser.add_argument("--client", default="", metavar="NAME", help="the client's name")
    parser.add_argument(
        "--start", type=day_argument, default=None, metavar="YYYY-MM-DD", help="first day (today)"
    )
    parser.add_argument("--name", default=None, help="the plan's name (default: the file name)")


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from streamdesk.domain.model import Plan
    from streamdesk.storage import PLAN_SUFFIX, StorageError, create_plan
    from streamdesk.storage.catalogue import data_folder
    from streamdesk.storage.templates import find_template, new_plan_from_template

    if not args.plan.strip():
        raise StorageError("give the new plan a file name, e.g. streamdesk new acme")
    target = Path(args.plan)
    if target.suffix.lower() != PLAN_SUFFIX:  # "Acme v2.1" has a dot, not a suffix
        target = target.with_name(target.name + PLAN_SUFFIX)
    if not target.parent.is_dir():  # "Acme/Beta" is more often a name than a folder
        raise StorageError(
            f"cannot create {target}: the folder {target.parent} does not exist; create it "
            "first, or give a file name without '/' (the client's name goes in --client)"
        )
    start = args.start or date.today()
    if args.template is None:
        if target.exists():
            raise StorageError(f"{target} already exists; choose another name.")
        plan = Plan(
            name=(args.name or target.stem).strip() or target.stem, client=args.client, start=start
        )
        with create_plan(target, plan) as pf:
            print(f"{pf.path}: new empty plan from {start.isoformat()}")
        return 0
    template = find_template(data_folder(), args.template)
    with new_plan_from_template(
        template.path,
        target,
        start=start,
        client=args.client,
        name=args.name,
        program="streamdesk new",
    ) as pf:
        print(f"{pf.path}: new plan from {template.name!r}, laid out from {start.isoformat()}")
    return 0
