"""``streamdesk demo PLAN``: write a realistic demo plan.

The plan is built in a hidden file beside PLAN and renamed into place when complete, so
a run that is killed or runs out of disk never leaves half a plan under PLAN.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from streamdesk.commands import day_argument

HELP = "write a realistic demo plan (a year of both streams)"

MAX_ITEMS = 200_000
"""The most items a demo plan holds: ten times the 20,000-item benchmark plan."""
MAX_INITIATIVES = 5_000
"""The most initiatives a demo plan holds."""


def _count(most: int) -> Callable[[str], int]:
    def count(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = -1
        if value < 0:
            raise argparse.ArgumentTypeError(f"{text!r} is not a count (0 or more)")
        if value > most:
            raise argparse.ArgumentTypeError(
                f"{value:,} is more than a demo plan holds (at most {most:,})"
            )
        return value

    return count


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "plan",
        help="the plan file to write (.streamdesk is added, as for new; its folder must exist)",
    )
    parser.add_argument(
        "--items",
        type=_count(MAX_ITEMS),
        default=300,
        help=f"downstream items (default 300, at most {MAX_ITEMS:,})",
    )
    parser.add_argument(
        "--initiatives",
        type=_count(MAX_INITIATIVES),
        default=None,
        help=f"upstream initiatives (default 20, at most {MAX_INITIATIVES:,})",
    )
    parser.add_argument(
        "--start", type=day_argument, default=None, help="first day (default: 1 January this year)"
    )
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--force", action="store_true", help="replace the file if it exists")


def run(args: argparse.Namespace) -> int:
    from streamdesk import demo
    from streamdesk.cli import CliError
    from streamdesk.domain.text import plural
    from streamdesk.storage import PLAN_SUFFIX

    if not args.plan.strip():
        raise CliError("give the demo plan a file name, e.g. streamdesk demo demo")
    path = Path(args.plan)
    if path.is_dir():
        raise CliError(
            f"{path} is a folder; give the plan file's name (e.g. {path}/demo.streamdesk)"
        )
    # as for `new`: "demo" or "Acme v2.1" gets the suffix, else plans never lists it
    if path.suffix.lower() != PLAN_SUFFIX:
        path = path.with_name(path.name + PLAN_SUFFIX)
    if not path.parent.is_dir():  # as for `new`: a typo'd folder is not created
        raise CliError(
            f"cannot create {path}: the folder {path.parent} does not exist; create it "
            "first, or give a file name without '/'"
        )
    if path.exists():
        if not args.force:
            raise CliError(f"{path} already exists; use --force to replace it")
        from streamdesk.storage.lock import refuse_if_locked

        refuse_if_locked(path)  # never replace a plan a window or command is writing
    demo.write(
        path,
        items=args.items,
        initiatives=args.initiatives,
        start=args.start,
        seed=args.seed,
        replace=args.force,
    )
    extra = " and a few repeating ones" if args.items >= demo.RHYTHM_FROM else ""
    print(f"wrote {path}: {plural(args.items, 'item')}{extra}, demo plan")
    return 0
