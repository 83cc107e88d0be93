"""``streamdesk import PLAN IN.xlsx``: read a workbook or CSV calendar into a plan.

Prints what would be new, changed and removed; with ``--dry-run`` nothing is
written. With any error every one is printed as ``Sheet!B17: reason``, nothing is
imported, the plan file is left byte-for-byte as it was and the exit status is 1.
"""

from __future__ import annotations

import argparse
import sys

HELP = "import items (and initiatives) from an Excel workbook or CSV file"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("plan", help="the plan file (*.streamdesk)")
    parser.add_argument("source", metavar="IN", help="the workbook (.xlsx) or CSV file to import")
    parser.add_argument(
        "--dry-run", action="store_true", help="show what would change; write nothing"
    )
    parser.add_argument("--sheet", metavar="NAME", help="the sheet to read (default: detected)")
    parser.add_argument(
        "--map",
        metavar='"Header=field,…"',
        help="map source columns to fields (date, channel, title, …) or to ignore",
    )
    order = parser.add_mutually_exclusive_group()
    order.add_argument(
        "--dayfirst", action="store_true", help="read dates like 03/04/2027 as 3 April"
    )
    order.add_argument(
        "--monthfirst", action="store_true", help="read dates like 03/04/2027 as March 4"
    )
    parser.add_argument(
        "--delete-missing",
        action="store_true",
        help="delete items and initiatives whose IDs are missing from our own workbook",
    )


def run(args: argparse.Namespace) -> int:
    from streamdesk.cli import CliError
    from streamdesk.excel.limits import ImportFileError
    from streamdesk.excel.plan_import import (
        ImportOptions,
        apply_import,
        build_import,
        order_option,
        parse_mapping,
    )
    from streamdesk.excel.readers import open_source
    from streamdesk.storage import PlanFile

    try:
        mapping = parse_mapping(args.map) if args.map else {}
    except ValueError as error:
        raise CliError(f"--map: {error}") from None
    options = ImportOptions(
        sheet=args.sheet,
        mapping=mapping,
        order=order_option(args.dayfirst, args.monthfirst),
        delete_missing=args.delete_missing,
    )
    try:
        source = open_source(args.source)
    except ImportFileError as error:
        raise CliError(str(error)) from None
    with PlanFile.open(args.plan, read_only=args.dry_run) as pf:
        try:
            plan = build_import(pf, source, options)
        except ImportFileError as error:
            raise CliError(str(error)) from None
        for sheet in plan.sheets:
            mapped = ", ".join(
                f"{c.header}→{c.field}" for c in sheet.columns if c.field is not None
            )
            print(f"{sheet.sheet}: header on row {sheet.header_row}; {mapped}")
        for note in plan.notes:
            print(f"note: {note}")
        if plan.errors:
            for row_error in plan.errors:
                print(str(row_error), file=sys.stderr)
            print(
                f"{plan.summary()}. Nothing was imported: fix the rows above and try again.",
                file=sys.stderr,
            )
            return 1
        if args.dry_run:
            print(f"{plan.summary()} (dry run: nothing was written)")
            return 0
        if plan.has_changes:
            apply_import(pf, plan)
        print(f"{plan.summary()}; imported into {pf.path.name}")
    return 0
