"""File → Client Report…: choose a month (or a date range) and a file, write the PDF."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QButtonGroup,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QWidget,
)

from streamdesk.report import PeriodError, ReportPeriod, paper_for, write_report

if TYPE_CHECKING:
    from streamdesk.gui.document import PlanDocument


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _date(q: QDate) -> date:
    return date(q.year(), q.month(), q.day())


class ClientReportDialog(QDialog):
    def __init__(self, document: PlanDocument, month: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("clientReportDialog")
        self.setWindowTitle("Client Report")
        self.setMinimumWidth(520)  # room for the file's whole path
        self.document = document
        form = QFormLayout(self)
        self.byMonth = QRadioButton("Month", self)
        self.byMonth.setObjectName("reportByMonth")
        self.byRange = QRadioButton("From", self)
        self.byRange.setObjectName("reportByRange")
        group = QButtonGroup(self)
        group.addButton(self.byMonth)
        group.addButton(self.byRange)
        self.byMonth.setChecked(True)
        self.month = QDateEdit(_qdate(month), self)
        self.month.setObjectName("reportMonth")
        self.month.setDisplayFormat("MMMM yyyy")
        self.month.setCalendarPopup(True)
        form.addRow(self.byMonth, self.month)
        self.start = QDateEdit(_qdate(month), self)
        self.start.setObjectName("reportFrom")
        self.end = QDateEdit(_qdate(ReportPeriod.month(month).end), self)
        self.end.setObjectName("reportTo")
        for edit in (self.start, self.end):
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setCalendarPopup(True)
        span = QHBoxLayout()
        span.addWidget(self.start)
        span.addWidget(QLabel("to", self))
        span.addWidget(self.end)
        form.addRow(self.byRange, span)
        self.path = QLineEdit(self)
        self.path.setObjectName("reportPath")
        self.path.setText(str(self._path_for(f"{month:%Y-%m}")))
        # the file is named for the period until the user names it: another month kept
        # "report 2026-12.pdf" and wrote November over December's report
        self._named_by_user = False
        self.path.textEdited.connect(self._user_named)
        browse = QPushButton("Browse…", self)
        browse.setObjectName("reportBrowse")
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        form.addRow("Save as", row)
        self.message = QLabel(self)
        self.message.setObjectName("reportMessage")
        self.message.setWordWrap(True)
        form.addRow(self.message)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Write Report")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        for edit in (self.start, self.end):
            edit.dateChanged.connect(lambda _d: self.byRange.setChecked(True))
        self.month.dateChanged.connect(lambda _d: self.byMonth.setChecked(True))
        for edit in (self.month, self.start, self.end):
            edit.dateChanged.connect(self._name_for_period)
        self.byMonth.toggled.connect(self._name_for_period)

    def _path_for(self, period: str) -> Path:
        pf_path = self.document.pf.path
        return pf_path.with_name(f"{pf_path.stem} report {period}.pdf")

    def _user_named(self) -> None:
        self._named_by_user = True

    def _name_for_period(self) -> None:
        if self._named_by_user:
            return
        if self.byMonth.isChecked():
            period = f"{_date(self.month.date()):%Y-%m}"
        else:
            period = f"{_date(self.start.date())} to {_date(self.end.date())}"
        self.path.setText(str(self._path_for(period)))

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "Client Report", self.path.text(), "PDF (*.pdf)"
        )
        if path:
            self.path.setText(path if path.lower().endswith(".pdf") else path + ".pdf")
            self._named_by_user = True

    def period(self) -> ReportPeriod:
        if self.byMonth.isChecked():
            return ReportPeriod.month(_date(self.month.date()))
        start, end = _date(self.start.date()), _date(self.end.date())
        if end < start:
            raise PeriodError(
                f"the period ends ({end:%-d %b %Y}) before it starts ({start:%-d %b %Y})"
            )
        return ReportPeriod(start, end)

    def accept(self) -> None:
        """Write the report; on a problem, say so in the dialog and stay open."""
        try:
            period = self.period()
        except PeriodError as error:
            message = str(error)
            self.message.setText(message[:1].upper() + message[1:] + ".")
            return
        text = self.path.text().strip()
        if not text:
            self.message.setText("Choose the file to write.")
            return
        path = Path(text if text.lower().endswith(".pdf") else text + ".pdf")
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.pages = write_report(self.document.pf, path, period, paper=paper_for())
        except OSError as error:
            self.message.setText(f"Could not write {path}: {error.strerror or error}")
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.written = path
        self.written_period = period
        super().accept()


def make_client_report(window: Any, document: PlanDocument) -> str | None:
    from streamdesk.gui.printing import calendar_state

    month, _, _ = calendar_state(window)
    dialog = ClientReportDialog(document, month, window)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    window.statusBar().showMessage(
        f"Wrote the client report for {dialog.written_period.label} to {dialog.written} "
        f"({dialog.pages} pages)",
        10000,
    )
    return str(dialog.written)
