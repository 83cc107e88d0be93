"""File → Client Report…, Print…, Print Preview… and Export PDF… from the window."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QDate
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog, QMenu

from streamdesk.domain.text import plural
from streamdesk.gui.main_window import MainWindow
from streamdesk.gui.report_dialog import ClientReportDialog
from streamdesk.storage import repository
from tests.conftest import DEMO_START
from tests.pdf_reader import read_pdf

NAMES = ("actionClientReport", "actionPrint", "actionPrintPreview", "actionExportPdf")


def choose(monkeypatch: pytest.MonkeyPatch, prefix: str) -> list[list[str]]:
    """Answer the "what to print" question with the option starting with ``prefix``."""
    offered: list[list[str]] = []

    def fake(parent, title, label, options, current=0, editable=False):  # type: ignore[no-untyped-def]
        offered.append(list(options))
        return next(o for o in options if o.startswith(prefix)), True

    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(fake))
    return offered


def save_to(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(path), "PDF (*.pdf)"))
    )


def test_file_menu_has_the_print_actions(window: MainWindow) -> None:
    texts = [a.objectName() for a in window.findChild(QMenu, "menuFile").actions()]
    for name in NAMES:
        assert window.findChild(QAction, name) is not None, name
        assert name in texts
    assert texts.index("actionExportPdf") < texts.index("actionQuit")
    print_action = window.findChild(QAction, "actionPrint")
    assert print_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Print)


def test_export_pdf_of_the_month_honours_the_filter(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    calendar = window.calendar
    month = date(DEMO_START.year, 3, 1)
    calendar.show_month(month)
    items = repository.list_items(window.document.pf, month, date(month.year, 3, 31))
    kept_channel = items[0].channel_id
    calendar.set_filter(channel_id=kept_channel)
    choose(monkeypatch, "Calendar")
    out = tmp_path / "march.pdf"
    save_to(monkeypatch, out)
    window.findChild(QAction, "actionExportPdf").trigger()
    pdf = read_pdf(out)
    assert len(pdf.pages) == 1 and pdf.pages[0].size[0] > pdf.pages[0].size[1]  # landscape
    text = pdf.pages[0].text
    assert f"{month:%B %Y}" in text and "filtered:" in text
    kept = [i for i in items if i.channel_id == kept_channel]
    dropped = [i for i in items if i.channel_id != kept_channel]
    assert plural(len(kept), "item") in text  # "1 item" when one is kept
    assert dropped, "the demo month has items of more than one channel"
    codes = set(text.split("\n"))
    channels = {c.id: c for c in window.document.channels()}
    assert channels[kept_channel].name in codes  # in the legend
    assert not any(channels[i.channel_id].name in codes for i in dropped)
    assert min(pdf.pages[0].font_sizes) >= 8.0 and all(pdf.embedded)


@pytest.mark.parametrize("layout", ["channels", "list"])
def test_export_pdf_of_the_other_layouts(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, layout: str
) -> None:
    window.calendar.show_month(date(DEMO_START.year, 2, 1))
    window.calendar.set_layout(layout)
    choose(monkeypatch, "Calendar")
    out = tmp_path / f"{layout}.pdf"
    save_to(monkeypatch, out)
    window.findChild(QAction, "actionExportPdf").trigger()
    pdf = read_pdf(out)
    text = pdf.text
    items = repository.list_items(
        window.document.pf, date(DEMO_START.year, 2, 1), date(DEMO_START.year, 2, 28)
    )
    if layout == "channels":
        assert f"Q1 {DEMO_START.year}" in text and "by channel" in text
    else:
        assert "Date" in text and "Status" in text
        assert all(i.title in text for i in items[:5])
    for n, page in enumerate(pdf.pages, start=1):
        assert f"Page {n} of {len(pdf.pages)}" in page.text
        assert min(page.font_sizes) >= 8.0


def test_timeline_prints_the_whole_plan_with_lanes_on_every_page(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    choose(monkeypatch, "Strategy timeline")
    out = tmp_path / "timeline.pdf"
    save_to(monkeypatch, out)
    window.findChild(QAction, "actionExportPdf").trigger()
    pdf = read_pdf(out)
    initiatives = repository.list_initiatives(window.document.pf)
    assert all(i.title[:20] in pdf.text for i in initiatives)  # every initiative is printed
    first = min(i.start for i in initiatives)
    last = max(i.end for i in initiatives)
    assert len(pdf.pages) >= 2
    assert f"{first:%B %Y}" in pdf.pages[0].text and f"{last:%B %Y}" in pdf.text
    lanes = {i.lane for i in initiatives}
    for page in pdf.pages:
        assert any(lane in page.text for lane in lanes)  # lane names repeat on each page
        assert min(page.font_sizes) >= 8.0


def test_print_paints_on_the_printer_the_dialog_returns(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    choose(monkeypatch, "Calendar")
    out = tmp_path / "printed.pdf"

    def accept(dialog: QPrintDialog) -> int:
        dialog.printer().setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        dialog.printer().setOutputFileName(str(out))
        return int(QDialog.DialogCode.Accepted)

    monkeypatch.setattr(QPrintDialog, "exec", accept)
    window.findChild(QAction, "actionPrint").trigger()
    pdf = read_pdf(out)
    assert len(pdf.pages) == 1
    assert f"{window.calendar.current_month():%B %Y}" in pdf.text


def test_preview_dialog_paints_its_pages(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    offered = choose(monkeypatch, "Strategy timeline")
    shown: list[QPrintPreviewDialog] = []
    monkeypatch.setattr(QPrintPreviewDialog, "exec", lambda self: shown.append(self) or 0)
    window.findChild(QAction, "actionPrintPreview").trigger()
    assert offered and len(offered[0]) == 2
    [dialog] = shown
    out = tmp_path / "preview.pdf"
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(out))
    dialog.paintRequested.emit(printer)
    assert "Strategy timeline" in read_pdf(out).text
    dialog.deleteLater()


def test_client_report_dialog_writes_the_pdf(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, qtbot
) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "client.pdf"
    seen: list[ClientReportDialog] = []

    def run(dialog: ClientReportDialog) -> int:
        seen.append(dialog)
        dialog.month.setDate(dialog.month.date().addMonths(0))
        dialog.path.setText(str(out))
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(ClientReportDialog, "exec", run)
    window.calendar.show_month(date(DEMO_START.year, 2, 1))
    window.findChild(QAction, "actionClientReport").trigger()
    assert seen and seen[0].period().label == f"February {DEMO_START.year}"
    pdf = read_pdf(out)
    assert "CLIENT REPORT" in pdf.pages[0].text
    assert all(f"February {DEMO_START.year}" in p.text for p in pdf.pages)


def test_client_report_dialog_refuses_a_backwards_range(document, qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = ClientReportDialog(document, date(2027, 3, 1))
    qtbot.addWidget(dialog)
    dialog.byRange.setChecked(True)
    dialog.start.setDate(dialog.start.date().addDays(10))
    dialog.end.setDate(dialog.start.date().addDays(-3))
    dialog.byRange.setChecked(True)
    dialog.accept()
    assert "before it starts" in dialog.message.text()
    assert dialog.result() != QDialog.DialogCode.Accepted


def test_the_report_file_is_named_for_the_period_chosen(document, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Seen in File → Client Report…: choosing November kept "… report 2026-12.pdf" and
    wrote November's report over December's without a word."""
    dialog = ClientReportDialog(document, date(2027, 3, 1))
    qtbot.addWidget(dialog)
    stem = document.pf.path.stem
    assert Path(dialog.path.text()).name == f"{stem} report 2027-03.pdf"
    dialog.month.setDate(dialog.month.date().addMonths(-1))
    assert Path(dialog.path.text()).name == f"{stem} report 2027-02.pdf"
    dialog.start.setDate(QDate(2027, 3, 10))
    dialog.end.setDate(QDate(2027, 3, 20))
    assert Path(dialog.path.text()).name == f"{stem} report 2027-03-10 to 2027-03-20.pdf"
    dialog.byMonth.setChecked(True)
    assert Path(dialog.path.text()).name == f"{stem} report 2027-02.pdf"
    # a name the user typed is theirs
    qtbot.keyClicks(dialog.path, "x")
    typed = dialog.path.text()
    dialog.month.setDate(dialog.month.date().addMonths(-1))
    assert dialog.path.text() == typed


def test_the_backwards_range_message_is_a_sentence(document, qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = ClientReportDialog(document, date(2027, 3, 1))
    qtbot.addWidget(dialog)
    dialog.start.setDate(QDate(2027, 3, 20))
    dialog.end.setDate(QDate(2027, 3, 10))
    dialog.accept()
    assert dialog.message.text() == (
        "The period ends (10 Mar 2027) before it starts (20 Mar 2027)."
    )
