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
    parser.add_argument(
        "--sheet",
        metavar="NAME",
        action="append",
        help="a sheet to read (repeatable; default: the one sheet with a calendar header)",
    )
    parser.add_argument(
        "--all-sheets",
        action="store_true",
        help="read every sheet with a calendar header (a month per tab)",
    )
    parser.add_argument(
        "--channel", metavar="NAME", help="the channel of rows that name none (no channel column)"
    )
    parser.add_argument(
        "--values",
        metavar='"Field:value=meaning,…"',
        help='map values: "Channel:IG=Instagram,Status:Live=published" ("=skip" leaves rows out); '
        'answer a repeat: "Repeats:biweekly=every 2 weeks" ("=once": single items)',
    )
    parser.add_argument(
        "--split-multi",
        action="store_true",
        help='a cell naming several channels ("Instagram, Facebook") makes one item per channel',
    )
    parser.add_argument(
        "--decimal",
        choices=("comma", "point"),
        help="the decimal mark of numbers like 1,500 when a column does not show it",
    )
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
    parser.add_argument(
        "--as-new",
        action="store_true",
        help="import every row of our own workbook or CSV as a new item, ignoring its IDs "
        "(a file exported from another plan)",
    )


def run(args: argparse.Namespace) -> int:
    from streamdesk.cli import CliError
    from streamdesk.excel.limits import ImportFileError
    from streamdesk.excel.plan_import import (
        ImportOptions,
        apply_import,
        build_import,
        describe_changes,
        order_option,
        parse_mapping,
        plan_zone,
    )
    from streamdesk.excel.readers import open_source
    from streamdesk.excel.value_maps import parse_values
    from streamdesk.storage import PlanFile

    try:
        mapping = parse_mapping(args.map) if args.map else {}
    except ValueError as error:
        raise CliError(f"--map: {error}") from None
    try:
        values = parse_values(args.values) if args.values else {}
    except ValueError as error:
        raise CliError(f"--values: {error}") from None
    if args.as_new and args.delete_missing:
        raise CliError("--as-new adds every row and removes nothing: leave out --delete-missing")
    sheets = args.sheet or []
    options = ImportOptions(
        sheet=sheets[0] if len(sheets) == 1 else None,
        sheets=sheets if len(sheets) > 1 else [],
        all_sheets=args.all_sheets,
        mapping=mapping,
        order=order_option(args.dayfirst, args.monthfirst),
        delete_missing=args.delete_missing,
        values=values,
        channel=args.channel,
        split_multi=args.split_multi,
        decimal=args.decimal,
        as_new=args.as_new,
    )
    if str(args.source).endswith(".streamdesk") and not str(args.plan).endswith(".streamdesk"):
        raise CliError(
            f"{args.source} is a plan, not a file to import: the plan comes first "
            f"(streamdesk import {args.source} {args.plan})"
        )
    try:
        source = open_source(args.source)
    except ImportFileError as error:
        raise CliError(str(error)) from None
    with PlanFile.open(args.plan, read_only=args.dry_run) as pf:
        if pf.read_only and not args.dry_run:  # the file or its folder is read-only
            raise CliError(
                f"{args.plan} cannot be changed: the file or its folder is read-only; nothing "
                "was imported (see what would change with --dry-run)"
            )
        options.zone = plan_zone(pf)  # timestamps with Z or an offset: the plan's wall clock
        try:
            plan = build_import(pf, source, options)
        except ImportFileError as error:
            raise CliError(str(error)) from None
        for sheet in plan.sheets:
            mapped = ", ".join(
                f"{c.header}→{c.field}" for c in sheet.columns if c.field is not None
            )
            where = (
                f"header on row {sheet.header_row}"
                if sheet.header_row > 0
                else "no header row, columns read by position"
            )
            print(f"{sheet.sheet}: {where}; {mapped}")
        if plan.source_kind:
            print(f"read as {plan.source_kind}")
        for note in plan.notes:
            print(f"note: {note}")
        for by_rule in plan.mapped:
            print(f"mapped: {by_rule}")
        if plan.errors:
            for row_error in plan.errors:
                print(str(row_error), file=sys.stderr)
            for question in plan.questions:
                print(f"decide: {question}", file=sys.stderr)
            todo = (
                "answer the decide: lines with the options they name (or fix the rows above)"
                if plan.questions
                else "fix the rows above"
            )
            print(f"{plan.summary()}. Nothing was imported: {todo} and try again.", file=sys.stderr)
            return 1
        if args.dry_run:
            for line in describe_changes(plan):
                print(line)
            print(f"{plan.summary()} (dry run: nothing was written)")
            return 0
        if plan.has_changes:
            apply_import(pf, plan)
        print(f"{plan.summary()}; imported into {pf.path.name}")
    return 0
