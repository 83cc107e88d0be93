"""``streamdesk report PLAN OUT.pdf``: the client report for a month or a date range, as PDF.

Runs without a display: the command makes its own offscreen ``QGuiApplication`` (for
fonts) when no DISPLAY or WAYLAND_DISPLAY is set. A month or a day that is not one is a
usage error (exit status 2, as for ``export``); a period that does not hold together
(``--from`` after ``--to``, ``--month`` with ``--to``) is refused with status 1.
"""

from __future__ import annotations

import argparse
import os
from datetime import date
from typing import TYPE_CHECKING

from streamdesk.commands import day_argument

if TYPE_CHECKING:
    from streamdesk.report.data import ReportPeriod
    from streamdesk.storage import PlanFile

MAX_REPORT_YEARS = 25
"""0001 to 9999 (a typo) would lay out ten thousand years of pages; no report spans more."""

HELP = "write the client report (balance, calendar, timeline, results, health) as a PDF"


def _month(text: str) -> str:
    """``YYYY-MM`` as ``ReportPeriod`` reads it, checked while the arguments are parsed."""
    from streamdesk.report.data import PeriodError, ReportPeriod

    try:
        ReportPeriod.parse_month(text)
    except PeriodError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a month (YYYY-MM, e.g. 2026-03)"
        ) from None
    return text


def _day(text: str) -> str:
    day_argument(text)  # checked as every command checks a day; ReportPeriod reads the text
    return text


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("plan", help="the plan file (*.streamdesk)")
    parser.add_argument("out", help="the PDF to write")
    parser.add_argument(
        "--month",
        type=_month,
        default=None,
        help="the month to report (YYYY-MM); default: the current month",
    )
    parser.add_argument(
        "--from", dest="start", type=_day, default=None, help="first day (YYYY-MM-DD)"
    )
    parser.add_argument("--to", dest="end", type=_day, default=None, help="last day (YYYY-MM-DD)")
    parser.add_argument(
        "--paper",
        choices=("a4", "letter"),
        default=None,
        help="paper size (default: from your locale, A4 or Letter)",
    )


def period_of(args: argparse.Namespace, today: date | None = None) -> ReportPeriod:
    from streamdesk.cli import CliError
    from streamdesk.report.data import PeriodError, ReportPeriod

    try:
        if args.month is not None:
            if args.start is not None or args.end is not None:
                raise PeriodError("give either --month or --from and --to, not both")
            return ReportPeriod.parse_month(args.month)
        if args.start is not None or args.end is not None:
            if args.start is None or args.end is None:
                raise PeriodError("--from and --to go together (give both, or use --month)")
            return ReportPeriod.parse_range(args.start, args.end)
        return ReportPeriod.month(today or date.today())
    except PeriodError as error:
        raise CliError(str(error)) from error


def ensure_gui_application() -> object:
    """The running QGuiApplication, or a new one (offscreen when there is no display)."""
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance()
    if app is None:
        if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QGuiApplication(["streamdesk"])
    return app


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from streamdesk.cli import CliError
    from streamdesk.storage import PlanFile

    period = period_of(args)
    if (period.end - period.start).days > MAX_REPORT_YEARS * 366:
        raise CliError(
            f"the report's period, {period.start.isoformat()} to {period.end.isoformat()}, "
            f"is over {MAX_REPORT_YEARS} years (a page per month); choose a shorter one"
        )
    out = Path(args.out)
    if out.suffix.lower() != ".pdf":
        raise CliError(f"{out} does not end in .pdf; the report is a PDF")
    if not out.parent.is_dir():
        raise CliError(f"cannot write {out}: the folder {out.parent} does not exist")
    if not os.access(out.parent, os.W_OK) or (out.exists() and not os.access(out, os.W_OK)):
        raise CliError(f"cannot write {out}: it or its folder cannot be written to")
    if not Path(args.plan).exists():
        raise CliError(f"{args.plan} does not exist")
    _app = ensure_gui_application()
    from streamdesk.report import paper_by_name, write_report

    with PlanFile.open(args.plan, read_only=True) as pf:
        pages = write_report(pf, out, period, paper=paper_by_name(args.paper))
        empty = _nothing_planned(pf, period)
    print(f"wrote {out} ({pages} pages, {period.label}){empty}")
    return 0


def _nothing_planned(pf: PlanFile, period: ReportPeriod) -> str:
    """A note for a period with no item and no initiative: a mistyped --month writes a
    report of zeros, which must not go to the client unnoticed."""
    from streamdesk.storage import repository

    if repository.list_items(pf, period.start, period.end) or repository.list_initiatives(
        pf, period.start, period.end
    ):
        return ""
    everything = repository.list_items(pf)
    span = (
        f"the plan's items run {everything[0].date.isoformat()} to "
        f"{everything[-1].date.isoformat()}"
        if everything
        else "the plan has no items yet"
    )
    return f"; note: nothing is planned in {period.label} ({span})"
