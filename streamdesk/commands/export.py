"""``streamdesk export PLAN OUT.xlsx|.csv|.ics``: a client-ready export of the plan."""

from __future__ import annotations

import argparse

from streamdesk.commands import day_argument

HELP = "export the plan as an Excel workbook, a CSV table or an iCalendar file"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("plan", help="the plan file (*.streamdesk)")
    parser.add_argument(
        "out", help="the file to write; its extension picks the format: .xlsx, .csv or .ics"
    )
    parser.add_argument(
        "--from", dest="start", type=day_argument, default=None, help="first day (YYYY-MM-DD)"
    )
    parser.add_argument(
        "--to", dest="end", type=day_argument, default=None, help="last day (YYYY-MM-DD)"
    )


def run(args: argparse.Namespace) -> int:
    from streamdesk.cli import CliError
    from streamdesk.excel.export import ExportError, export_plan
    from streamdesk.excel.readers import open_in_spreadsheet
    from streamdesk.storage import PlanFile

    program = open_in_spreadsheet(args.out)  # before: the export replaces the file
    with PlanFile.open(args.plan, read_only=True) as pf:
        try:
            summary = export_plan(pf, args.out, args.start, args.end)
        except ExportError as error:
            raise CliError(str(error)) from error
    warning = (
        f"; note: {summary.path.name} is open in {program}: close it there without saving, "
        "or saving there puts the old file back"
        if program
        else ""
    )
    print(f"wrote {summary.describe()}{warning}")
    return 0
