"""``streamdesk demo PLAN``: write a realistic demo plan."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

HELP = "write a realistic demo plan (a year of both streams)"


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a count (0 or more)")
    return value


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("plan", help="the plan file to write (*.streamdesk)")
    parser.add_argument("--items", type=_count, default=300, help="downstream items (default 300)")
    parser.add_argument(
        "--initiatives", type=_count, default=None, help="upstream initiatives (default 20)"
    )
    parser.add_argument(
        "--start", type=_date, default=None, help="first day (default: 1 January this year)"
    )
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--force", action="store_true", help="replace the file if it exists")


def run(args: argparse.Namespace) -> int:
    from streamdesk import demo
    from streamdesk.cli import CliError

    path = Path(args.plan)
    if path.exists():
        if not args.force:
            raise CliError(f"{path} already exists; use --force to replace it")
        from streamdesk.storage.lock import refuse_if_locked

        refuse_if_locked(path)  # never replace a plan a window or command is writing
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
    pf = demo.generate(
        path, items=args.items, initiatives=args.initiatives, start=args.start, seed=args.seed
    )
    pf.close()
    print(f"wrote {path}: {args.items} items, demo plan")
    return 0
