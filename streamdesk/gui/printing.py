"""File → Client Report…, Print…, Print Preview… and Export PDF… (issue 18).

Printing renders from the plan's data with the client report's renderers (month grid,
channel × week grid, list, timeline), never by grabbing widgets, so paper gets vector
text at readable sizes. What it prints is read from the views through their public
accessors only: the calendar's ``current_month()``, ``current_layout()`` and
``item_filter()`` (found by objectName ``contentCalendar``), and the timeline widget's
objectName ``upstreamTimeline`` to know whether it has the focus.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QFileDialog, QInputDialog, QWidget

from streamdesk.domain import Channel, Item, Stream
from streamdesk.domain.text import plural
from streamdesk.report import printouts
from streamdesk.report.canvas import paper_for
from streamdesk.report.document import Page, Running, Sheet, page_layout, render, sheet_for
from streamdesk.report.document import write_pdf as write_pages
from streamdesk.storage import repository

if TYPE_CHECKING:
    from streamdesk.gui.document import PlanDocument

CALENDAR = "calendar"
TIMELINE = "timeline"
Build = Callable[[Sheet], list[Page]]


class Printout:
    """One thing to print: how to lay it out, what every page repeats, a file name."""

    def __init__(self, build: Build, running: Running, title: str, filename: str) -> None:
        self.build = build
        self.running = running
        self.title = title
        self.filename = filename


# -- what the views show ------------------------------------------------------------------


def calendar_state(window: QWidget) -> tuple[date, str, Any]:
    """(month, layout, filter) of the window's calendar, through its public accessors."""
    calendar = window.findChild(QWidget, "contentCalendar")
    if calendar is None:
        return date.today().replace(day=1), "month", None
    month = calendar.current_month()  # type: ignore[attr-defined]
    layout = calendar.current_layout()  # type: ignore[attr-defined]
    item_filter = calendar.item_filter()  # type: ignore[attr-defined]
    return month, layout, item_filter


def _filter_note(item_filter: Any, channels: dict[int, Channel], titles: dict[int, str]) -> str:
    if item_filter is None or not getattr(item_filter, "active", False):
        return ""
    parts = []
    if item_filter.channel_id is not None:
        channel = channels.get(item_filter.channel_id)
        parts.append(channel.name if channel else "one channel")
    if item_filter.status is not None:
        parts.append(str(item_filter.status))
    if item_filter.initiative_id is not None:
        parts.append(titles.get(item_filter.initiative_id, "one initiative"))
    if item_filter.campaign_id is not None:
        parts.append("one campaign")
    if item_filter.owner is not None:
        parts.append(item_filter.owner)
    if item_filter.text:
        parts.append(f"“{item_filter.text}”")
    return "filtered: " + ", ".join(parts)


def _running(document: PlanDocument, what: str) -> Running:
    plan = document.plan
    left = plan.name + (f" · {plan.client}" if plan.client else "")
    return Running(left, what, f"StreamDesk · printed {date.today():%-d %B %Y}")


def calendar_printout(window: QWidget, document: PlanDocument) -> Printout:
    month, layout, item_filter = calendar_state(window)
    pf = document.pf
    channels = {c.id: c for c in repository.list_channels(pf) if c.id is not None}
    initiatives = {i.id: i.title for i in repository.list_initiatives(pf) if i.id is not None}
    note = _filter_note(item_filter, channels, initiatives)
    keep: Callable[[Item], bool] = item_filter.matches if item_filter is not None else bool
    week_start = document.plan.week_start
    if layout == "channels":
        quarter = printouts.quarter_of(month)
        last = printouts.month_end(date(quarter.year, quarter.month + 2, 1))
        weeks_first = printouts.quarter_weeks_first(quarter, week_start)
        items = [i for i in repository.list_items(pf, weeks_first, last) if keep(i)]
        rows = [c for c in channels.values() if c.stream is Stream.DOWNSTREAM]
        if item_filter is not None and item_filter.channel_id is not None:
            rows = [c for c in rows if c.id == item_filter.channel_id]
        rows.sort(key=lambda c: (c.position, c.name))
        label = f"Calendar · Q{(quarter.month - 1) // 3 + 1} {quarter.year} by channel"

        def build(sheet: Sheet) -> list[Page]:
            return printouts.quarter_pages(sheet, quarter, items, rows, channels, week_start, note)

        filename = f"calendar {quarter:%Y} Q{(quarter.month - 1) // 3 + 1}"
    else:
        items = [i for i in repository.list_items(pf, month, printouts.month_end(month)) if keep(i)]
        if layout == "list":
            label = f"Calendar · {month:%B %Y} · list"

            def build(sheet: Sheet) -> list[Page]:
                return printouts.list_pages(
                    sheet, f"{month:%B %Y}", items, channels, initiatives, note
                )
        else:
            label = f"Calendar · {month:%B %Y}"

            def build(sheet: Sheet) -> list[Page]:
                extra = plural(len(items), "item") + (f" · {note}" if note else "")
                return printouts.month_pages(sheet, month, items, channels, week_start, extra)

        filename = f"calendar {month:%Y-%m}"
    return Printout(build, _running(document, label), f"{document.plan.name} — {label}", filename)


def timeline_printout(document: PlanDocument) -> Printout:
    pf = document.pf
    initiatives = repository.list_initiatives(pf)
    channels = repository.list_channels(pf)

    def build(sheet: Sheet) -> list[Page]:
        return printouts.timeline_pages(sheet, initiatives, channels, date.today())

    label = "Strategy timeline · whole plan"
    return Printout(build, _running(document, label), f"{document.plan.name} — {label}", "timeline")


def choose_printout(window: QWidget, document: PlanDocument, verb: str) -> Printout | None:
    """Ask which view to print; the one with the focus is offered first."""
    timeline = window.findChild(QWidget, "upstreamTimeline")
    focus = QGuiApplication.focusObject()
    timeline_first = (
        timeline is not None and isinstance(focus, QWidget) and timeline.isAncestorOf(focus)
    )
    month, layout, _ = calendar_state(window)
    view = {"month": f"{month:%B %Y}", "list": f"list of {month:%B %Y}"}.get(
        layout, f"Q{(month.month - 1) // 3 + 1} {month.year} by channel"
    )
    options = [f"Calendar: {view} (as filtered)", "Strategy timeline: the whole plan"]
    if timeline_first:
        options.reverse()
    choice, ok = QInputDialog.getItem(window, verb, "What to print:", options, 0, False)
    if not ok:
        return None
    if choice.startswith("Calendar"):
        return calendar_printout(window, document)
    return timeline_printout(document)


# -- the actions --------------------------------------------------------------------------


def new_printer(landscape: bool = True) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageLayout(page_layout(paper_for(), landscape))
    return printer


def paint(printer: QPrinter, printout: Printout) -> None:
    render(printer, printout.build(sheet_for(printer.pageLayout())), printout.running)


def print_view(window: Any, document: PlanDocument) -> bool:
    printout = choose_printout(window, document, "Print")
    if printout is None:
        return False
    printer = new_printer()
    printer.setDocName(printout.title)
    dialog = QPrintDialog(printer, window)
    dialog.setWindowTitle("Print")
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return False
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        paint(printer, printout)
    finally:
        QGuiApplication.restoreOverrideCursor()
    window.statusBar().showMessage(f"Sent “{printout.title}” to the printer", 8000)
    return True


def preview_view(window: Any, document: PlanDocument) -> QPrintPreviewDialog | None:
    printout = choose_printout(window, document, "Print Preview")
    if printout is None:
        return None
    printer = new_printer()
    printer.setDocName(printout.title)
    dialog = QPrintPreviewDialog(printer, window)
    dialog.setObjectName("printPreviewDialog")
    dialog.setWindowTitle(f"Print Preview — {printout.title}")
    dialog.paintRequested.connect(lambda p: paint(p, printout))
    dialog.exec()
    return dialog


def export_pdf(window: Any, document: PlanDocument) -> str | None:
    printout = choose_printout(window, document, "Export PDF")
    if printout is None:
        return None
    start = document.pf.path.with_name(f"{document.pf.path.stem} {printout.filename}.pdf")
    path, _ = QFileDialog.getSaveFileName(window, "Export PDF", str(start), "PDF (*.pdf)")
    if not path:
        return None
    if not path.lower().endswith(".pdf"):
        path += ".pdf"
    try:
        pages = write_pages(path, printout.build, printout.running, paper_for(), printout.title)
    except OSError as error:
        window.show_error(f"Could not write {path}: {error.strerror or error}")
        return None
    window.statusBar().showMessage(f"Wrote {path} ({pages} pages)", 10000)
    return path


def client_report(window: Any, document: PlanDocument) -> str | None:
    from streamdesk.gui.report_dialog import make_client_report

    return make_client_report(window, document)
