"""The import dialog's choices above the tables: sheets, header row, dates, numbers, channel.

Each widget writes its choice into the dialog's :class:`ImportOptions` and emits
``changed`` so the dialog rebuilds the preview. :meth:`ImportChoices.show_for` shows only
what a file needs (no sheet boxes for a CSV, no header row for our own workbook) and
ticks the sheets that are read; :meth:`ImportChoices.sync` puts the widgets back in line
with the options (after the remembered choices are applied).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QWidget,
)

from streamdesk.excel.amounts import DECIMAL_COMMA, DECIMAL_POINT
from streamdesk.excel.dates import DAY_FIRST, MONTH_FIRST
from streamdesk.excel.headers import HEADER_SEARCH_ROWS
from streamdesk.excel.import_model import ImportOptions, ImportPlan, SheetPlan
from streamdesk.excel.wording import (
    AS_NEW_TEXT,
    DATES_LABEL,
    DAY_FIRST_TEXT,
    DECIMAL_COMMA_TEXT,
    DECIMAL_POINT_TEXT,
    DELETE_MISSING_TEXT,
    FILE_CHANNEL_LABEL,
    MONTH_FIRST_TEXT,
    NUMBERS_LABEL,
    SHEETS_LABEL,
    SPLIT_MULTI_TEXT,
    Fix,
)


class ImportChoices(QWidget):
    """The options form; ``current_sheet`` names the sheet the header row applies to."""

    changed = Signal()

    def __init__(
        self,
        options: ImportOptions,
        sheet_names: list[str],
        channels: list[str],
        current_sheet: Callable[[], str | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.options = options
        self.current_sheet = current_sheet
        self._quiet = False

        self.dateOrderCombo = self._combo(
            "dateOrderCombo",
            (
                ("Decide per column (a day over 12 settles it)", None),
                (f"{DAY_FIRST_TEXT} (03/04 is 3 April)", DAY_FIRST),
                (f"{MONTH_FIRST_TEXT} (03/04 is March 4)", MONTH_FIRST),
            ),
            "order",
        )
        self.decimalCombo = self._combo(
            "decimalCombo",
            (
                ("Decide per column (1.250,50 or 1,250.50 settles it)", None),
                (f"{DECIMAL_COMMA_TEXT} (1.500 is fifteen hundred)", DECIMAL_COMMA),
                (f"{DECIMAL_POINT_TEXT} (1,500 is fifteen hundred)", DECIMAL_POINT),
            ),
            "decimal",
        )
        self.fileChannelCombo = self._combo(
            "fileChannelCombo",
            (("From the file's channel column", None), *((name, name) for name in channels)),
            "channel",
        )
        self.splitMultiCheck = self._check(
            "splitMultiCheck",
            SPLIT_MULTI_TEXT,
            "split_multi",
        )
        self.deleteMissingCheck = self._check(
            "deleteMissingCheck",
            f"{DELETE_MISSING_TEXT} (removed rows)",
            "delete_missing",
        )
        # offered when the file is another plan's (its Plan ID differs): its rows as new items
        self.asNewCheck = self._check("asNewCheck", AS_NEW_TEXT, "as_new")
        self.headerRowSpin = QSpinBox(self)
        self.headerRowSpin.setObjectName("headerRowSpin")
        self.headerRowSpin.setRange(1, HEADER_SEARCH_ROWS)
        self.headerRowSpin.valueChanged.connect(self._header_row_changed)
        self.sheetList = QListWidget(self)
        self.sheetList.setObjectName("sheetList")
        self.sheetList.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        for name in sheet_names:
            item = QListWidgetItem(name, self.sheetList)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
        self.sheetList.setMaximumHeight(90)
        self.sheetList.itemChanged.connect(self._sheets_changed)
        self.sheets_chosen = False  # the user has ticked or unticked a sheet

        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        form.addRow(f"{SHEETS_LABEL}:", self.sheetList)
        form.addRow("Header row:", self.headerRowSpin)
        form.addRow(f"{DATES_LABEL}:", self.dateOrderCombo)
        form.addRow(f"{NUMBERS_LABEL}:", self.decimalCombo)
        form.addRow(f"{FILE_CHANNEL_LABEL}:", self.fileChannelCombo)
        form.addRow("", self.splitMultiCheck)
        form.addRow("", self.deleteMissingCheck)
        form.addRow("", self.asNewCheck)
        self.form = form
        self.sync()

    def _combo(
        self, name: str, entries: tuple[tuple[str, str | None], ...], option: str
    ) -> QComboBox:
        combo = QComboBox(self)
        combo.setObjectName(name)
        for text, value in entries:
            combo.addItem(text, value)
        combo.currentIndexChanged.connect(lambda _=0: self._set(option, combo.currentData()))
        return combo

    def _check(self, name: str, text: str, option: str) -> QCheckBox:
        check = QCheckBox(text, self)
        check.setObjectName(name)
        check.toggled.connect(lambda on: self._set(option, on))
        return check

    def _set(self, option: str, value: object) -> None:
        if self._quiet:
            return
        setattr(self.options, option, value)
        self.changed.emit()

    def _header_row_changed(self, row: int) -> None:
        sheet = self.current_sheet()
        if self._quiet or sheet is None:
            return
        self.options.header_rows[sheet] = row
        self.options.columns = {k: v for k, v in self.options.columns.items() if k[0] != sheet}
        self.changed.emit()

    def _sheets_changed(self) -> None:
        if self._quiet:
            return
        items = [self.sheetList.item(r) for r in range(self.sheetList.count())]
        self.sheets_chosen = True  # from now on no tick means no sheet, not "find one"
        self.options.sheet = None
        self.options.sheets = [i.text() for i in items if i.checkState() == Qt.CheckState.Checked]
        self.changed.emit()

    def sync(self) -> None:
        """Show the options as they are (no ``changed``: nothing was chosen)."""
        self._quiet = True
        try:
            for combo, value in (
                (self.dateOrderCombo, self.options.order),
                (self.decimalCombo, self.options.decimal),
                (self.fileChannelCombo, self.options.channel),
            ):
                combo.setCurrentIndex(max(combo.findData(value), 0))
            self.splitMultiCheck.setChecked(self.options.split_multi)
            self.deleteMissingCheck.setChecked(self.options.delete_missing)
            self.asNewCheck.setChecked(self.options.as_new)
        finally:
            self._quiet = False

    def show_for(
        self, plan: ImportPlan, sheet: SheetPlan | None, own: bool, workbook: bool
    ) -> None:
        """Only the choices this file needs; the sheets read ticked, the header row shown."""
        self._quiet = True
        try:
            read = {s.sheet for s in plan.sheets}
            for row in range(self.sheetList.count()):
                item = self.sheetList.item(row)
                ticked = item.text() in read or item.text() in self.options.sheets
                item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
            if sheet is not None and sheet.header_row > 0:
                self.headerRowSpin.setValue(sheet.header_row)
        finally:
            self._quiet = False
        form = self.form
        form.setRowVisible(self.sheetList, workbook and not own)
        form.setRowVisible(self.headerRowSpin, sheet is not None and not own)
        form.setRowVisible(self.decimalCombo, not own)
        form.setRowVisible(self.fileChannelCombo, not own)
        multi = any(q.field == "channel" and "several" in q.message for q in plan.questions)
        form.setRowVisible(self.splitMultiCheck, multi or self.options.split_multi)
        other_plan = any(Fix.AS_NEW in getattr(e.message, "fixes", ()) for e in plan.errors)
        form.setRowVisible(self.asNewCheck, other_plan or self.options.as_new)
        removing = own and not other_plan and not self.options.as_new
        form.setRowVisible(self.deleteMissingCheck, removing)
