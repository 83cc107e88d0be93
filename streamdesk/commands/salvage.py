"""``streamdesk salvage BAD NEW``: copy what can be read of a damaged plan into a new one.

Lists every row, link and object it left behind; exit 0 when anything was copied, 1 when
nothing could be read (and then no new file is written).
"""

from __future__ import annotations

import argparse

HELP = "copy what can be read of a damaged or refused plan into a new plan"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("bad", metavar="BAD", help="the damaged or refused plan (not changed)")
    parser.add_argument("new", metavar="NEW", help="the new plan file to write (must not exist)")


def run(args: argparse.Namespace) -> int:
    from streamdesk.storage.salvage import salvage

    report = salvage(args.bad, args.new)
    print(report.summary())
    for line in report.skipped:
        print(f"not copied: {line}")
    return 0
