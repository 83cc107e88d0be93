"""The import preview: what a file will do to the plan, before anything is written.

Shows the detected header row, one combo box per source column (its field, or not
imported), the first rows as they will be imported, the counts new / changed /
removed / errors and every error and note. A workbook's calendar sheets are offered as
checkboxes (a month per tab is read at once), the header row can be chosen, a file
without a channel column gets one channel, and every value read by a rule or still to
decide is listed in the value table where it can be changed (``import_values``). Any
change rebuilds the preview at once. Import is enabled only when there are no errors
and something to change; the dialog itself never writes. The choices are remembered
for the next file with the same headers.
The choices above the tables live in ``import_choices``, the value table and the
remembered choices in ``import_values``.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QPalette, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListView,
    QListWidget,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from streamdesk.domain import Initiative, Item, Stream
from streamdesk.domain.text import noun
from streamdesk.excel.headers import FIELD_LABELS, fold
from streamdesk.excel.limits import ImportFileError
from streamdesk.excel.plan_import import (
    ITEM_FIELDS,
    Action,
    ImportOptions,
    ImportPlan,
    RowError,
    SheetPlan,
    build_import,
    calendar_sheets,
    column_letter,
    describe_changes,
    plan_zone,
)
from streamdesk.excel.readers import Source
from streamdesk.excel.wording import (
    AS_NEW_TEXT,
    COLUMNS_LABEL,
    IMPORTED_AS,
    VALUES_LABEL,
    Audience,
    Fix,
    for_dialog,
)
from streamdesk.gui.document import PlanDocument
from streamdesk.gui.import_choices import ImportChoices
from streamdesk.gui.import_values import (
    ERROR_ON_DARK,  # noqa: F401  # the dialog's colours, where tests and callers look
    ERROR_ON_LIGHT,  # noqa: F401  # (defined beside the value table that uses them too)
    Remembered,
    ValuesTable,
    error_colour,
    recall,
    remember,
    value_rows,
)

IGNORE = "(not imported)"
PREVIEW_FIELDS = (
    "date",
    "time",
    "channel",
    "title",
    "format",
    "status",
    "owner",
    "campaign",
    "initiative",
    "effort_hours",
    "cost",
    "link",
    "notes",
    "repeats",
)


REMOVED_SHOWN = 20
MESSAGES_HEIGHT = 120


def describe(entity: object) -> str:
    """One line for a record: what it is, its ID, title and date(s)."""
    if isinstance(entity, Item):
        return f"item {entity.id} “{entity.title}” on {entity.date.isoformat()}"
    if isinstance(entity, Initiative):
        return f"initiative {entity.id} “{entity.title}” ({entity.start} – {entity.end})"
    return str(entity)


class ImportDialog(QDialog):
    """Build with a document and an opened source; ``plan`` is what Import would apply."""

    previewChanged = Signal()

    def __init__(
        self,
        document: PlanDocument,
        source: Source,
        options: ImportOptions | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("importDialog")
        self.setWindowTitle(f"Import {source.name}")
        self.document = document
        self.source = source
        self.options = options or ImportOptions()
        if self.options.zone is None:  # timestamps with Z or an offset: the plan's wall clock
            self.options.zone = plan_zone(document.pf)
        self.plan: ImportPlan | None = None
        self._building = False
        self.recalled = False  # the choices made last time for these headers are applied
        offered = calendar_sheets(source) if source.kind == "xlsx" else []
        if len(offered) > 1 and not (self.options.sheet or self.options.sheets):
            self.options.sheets = list(offered)  # offered, all ticked: nothing left out unseen

        self.fileLabel = QLabel(self)
        self.fileLabel.setObjectName("importFileLabel")
        self.fileLabel.setWordWrap(True)
        self.headerLabel = QLabel(self)
        self.headerLabel.setObjectName("headerRowLabel")
        self.headerLabel.setWordWrap(True)

        self.choices = ImportChoices(
            self.options,
            source.sheet_names,
            [c.name for c in document.channels(Stream.DOWNSTREAM)],
            lambda: sheet.sheet if (sheet := self.items_sheet()) is not None else None,
            self,
        )
        self.choices.changed.connect(self._choice_changed)
        # the choices' widgets, by the names the dialog has always had
        self.dateOrderCombo = self.choices.dateOrderCombo
        self.deleteMissingCheck = self.choices.deleteMissingCheck
        self.asNewCheck = self.choices.asNewCheck
        self.decimalCombo = self.choices.decimalCombo
        self.fileChannelCombo = self.choices.fileChannelCombo
        self.splitMultiCheck = self.choices.splitMultiCheck
        self.headerRowSpin = self.choices.headerRowSpin
        self.sheetList = self.choices.sheetList

        self.mappingTable = QTableWidget(0, 3, self)
        self.mappingTable.setObjectName("mappingTable")
        self.mappingTable.setHorizontalHeaderLabels(["Column", "Header in the file", IMPORTED_AS])
        self.mappingTable.verticalHeader().hide()
        self.mappingTable.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.mappingTable.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.mappingTable.setMinimumWidth(300)

        self.previewTable = QTableWidget(0, 0, self)
        self.previewTable.setObjectName("previewTable")
        self.previewTable.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.previewTable.verticalHeader().hide()
        self.previewTable.setAlternatingRowColors(True)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        left = QWidget(splitter)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(QLabel(f"<b>{COLUMNS_LABEL}</b>", left))
        left_layout.addWidget(self.mappingTable)
        right = QWidget(splitter)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        self.previewLabel = QLabel("<b>First rows as they will be imported</b>", right)
        preview_row = QHBoxLayout()
        preview_row.addWidget(self.previewLabel, 1)
        self.previewSheetCombo = QComboBox(right)
        self.previewSheetCombo.setObjectName("previewSheetCombo")
        self.previewSheetCombo.currentIndexChanged.connect(self._preview_sheet_changed)
        preview_row.addWidget(self.previewSheetCombo)
        right_layout.addLayout(preview_row)
        right_layout.addWidget(self.previewTable, 3)
        self.valuesLabel = QLabel(f"<b>{VALUES_LABEL}</b>", right)
        right_layout.addWidget(self.valuesLabel)
        self.valuesTable = ValuesTable(right)
        self.valuesTable.chosen.connect(self._value_chosen)
        self.valuesTable.refused.connect(self._value_refused)
        right_layout.addWidget(self.valuesTable, 2)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 2)

        self.countsLabel = QLabel(self)
        self.countsLabel.setObjectName("countsLabel")
        font = self.countsLabel.font()
        font.setBold(True)
        self.countsLabel.setFont(font)
        self.messagesList = QListWidget(self)
        self.messagesList.setObjectName("messagesList")
        # the errors and notes are the dialog's answer to "why can't I import?": each is read
        # whole, wrapped to the dialog's width (they ran off behind a horizontal scroll bar)
        self.messagesList.setWordWrap(True)
        self.messagesList.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.messagesList.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.messagesList.setResizeMode(QListView.ResizeMode.Adjust)
        self.messagesList.installEventFilter(self)

        self.buttons = QDialogButtonBox(self)
        self.importButton = QPushButton("Import", self)
        self.importButton.setObjectName("importButton")
        self.importButton.setDefault(True)
        self.buttons.addButton(self.importButton, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.fileLabel)
        layout.addWidget(self.headerLabel)
        layout.addWidget(self.choices)
        layout.addWidget(splitter, 1)
        counts_row = QHBoxLayout()
        counts_row.addWidget(self.countsLabel, 1)
        layout.addLayout(counts_row)
        layout.addWidget(self.messagesList)
        layout.addWidget(self.buttons)
        self.resize(1040, 720)
        self.rebuild()
        self._recall()

    # -- building the preview ------------------------------------------------------------------

    def rebuild(self) -> None:
        """Read the file again with the current choices (the file is not reopened)."""
        self._building = True
        try:
            try:
                if self.choices.sheets_chosen and not (self.options.sheet or self.options.sheets):
                    raise ImportFileError(
                        "No sheet is ticked, so there is nothing to import: tick the sheets "
                        "to read above."
                    )
                self.plan = build_import(self.document.pf, self.source, self.options)
            except ImportFileError as error:
                self.plan = ImportPlan(self.source.name)
                self.plan.errors.append(RowError("", None, None, str(error)))
            self._show()
        finally:
            self._building = False
        self.previewChanged.emit()

    def items_sheet(self) -> SheetPlan | None:
        """The items sheet shown (the one picked above the preview when several are read)."""
        if self.plan is None:
            return None
        sheets = [s for s in self.plan.sheets if s.kind == "items"]
        picked = self.previewSheetCombo.currentData()
        return next((s for s in sheets if s.sheet == picked), sheets[0] if sheets else None)

    def _show(self) -> None:
        plan = self.plan
        assert plan is not None
        sheet = self.items_sheet()
        self.fileLabel.setText(f"<b>{self.source.name}</b> into <b>{self.document.plan.name}</b>")
        parts = []
        for s in plan.sheets:
            kind = "our own workbook, rows matched by ID" if s.own else "a calendar spreadsheet"
            if s.own and self.options.as_new:
                kind = "our own workbook, every row a new item"
            where = f"header on row {s.header_row}" if s.header_row > 0 else "no header row"
            parts.append(f"Sheet “{s.sheet}”: {where} ({kind})")
        if plan.source_kind:
            parts.append(f"Read as {plan.source_kind}.")
        if self.recalled:
            parts.append("Using the choices made last time for a file with these headers.")
        nothing = self.choices.sheets_chosen and not (self.options.sheet or self.options.sheets)
        # refused as another plan's export (its Plan ID or name): said here, where it wraps
        other_plan = any(Fix.AS_NEW in getattr(e.message, "fixes", ()) for e in plan.errors)
        if other_plan and not parts:
            parts.append(
                "Our own export, but <b>from another plan</b>: its IDs name that plan's items, "
                f"so nothing was read. Tick “{AS_NEW_TEXT}” to add its rows as new items."
            )
        self.headerLabel.setText(
            "<br>".join(parts) or ("No sheet ticked." if nothing else "No header row found.")
        )
        own = any(s.own for s in plan.sheets) or other_plan
        self._show_values(plan, sheet, own)
        self._fill_mapping(sheet)
        self._fill_preview(sheet)
        self._scroll_to_first_action(sheet)
        counts = plan.counts()
        removed = f"{counts['removed']} removed"
        if counts["removed"] and not self.options.delete_missing:
            removed += " (kept)"
        self.countsLabel.setText(
            f"{counts['new']} new · {counts['changed']} changed · {removed} · "
            f"{counts['errors']} {noun(counts['errors'], 'error')}"
            + (f" · {plan.unchanged} unchanged" if plan.unchanged else "")
            + (f" · {plan.skipped} already in the plan" if plan.skipped else "")
            + (f" · {len(plan.series)} series" if plan.series else "")
        )
        self.messagesList.clear()
        error_colour = self.error_colour()
        for error in plan.errors:
            self.messagesList.addItem(error.text(Audience.DIALOG))
            self.messagesList.item(self.messagesList.count() - 1).setForeground(
                QBrush(error_colour)
            )
        for note in plan.notes:
            self.messagesList.addItem(f"Note: {for_dialog(note)}")
        for made in plan.series:
            self.messagesList.addItem(f"New {made}")
        changes = [line for line in describe_changes(plan) if line.startswith("changed: ")]
        for line in changes[:REMOVED_SHOWN]:
            self.messagesList.addItem("Changed: " + line.removeprefix("changed: "))
        if len(changes) > REMOVED_SHOWN:
            self.messagesList.addItem(f"… and {len(changes) - REMOVED_SHOWN} more changed")
        verb = "Deleted" if self.options.delete_missing else "Not in the file (kept)"
        for entity in plan.removed[:REMOVED_SHOWN]:
            self.messagesList.addItem(f"{verb}: {describe(entity)}")
        if len(plan.removed) > REMOVED_SHOWN:
            self.messagesList.addItem(f"… and {len(plan.removed) - REMOVED_SHOWN} more")
        self.messagesList.setVisible(self.messagesList.count() > 0)
        self._fit_messages()
        self.importButton.setEnabled(plan.ok and plan.has_changes)
        if not plan.ok:
            self.importButton.setToolTip("Fix the errors listed below first.")
        elif not plan.has_changes:
            self.importButton.setToolTip("The file changes nothing in the plan.")
        else:
            self.importButton.setToolTip("")

    def _show_values(self, plan: ImportPlan, sheet: SheetPlan | None, own: bool) -> None:
        """The choices this file needs, the preview's sheet picker and the value table."""
        self.choices.show_for(plan, sheet, own, workbook=self.source.kind == "xlsx")
        items_sheets = [s.sheet for s in plan.sheets if s.kind == "items"]
        combo = self.previewSheetCombo
        if [combo.itemData(i) for i in range(combo.count())] != items_sheets:
            picked = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            for name in items_sheets:
                combo.addItem(f"Sheet “{name}”", name)
            combo.setCurrentIndex(max(combo.findData(picked), 0))
            combo.blockSignals(False)
        combo.setVisible(len(items_sheets) > 1)
        channels = [c.name for c in self.document.channels(Stream.DOWNSTREAM)]
        rows = value_rows(plan)
        self.valuesTable.fill(rows, channels)
        self.valuesTable.setVisible(bool(rows))
        self.valuesLabel.setVisible(bool(rows))

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._scroll_to_first_action(self.items_sheet())  # the table has its size only now

    def error_colour(self) -> QColor:
        """Red that reads on the palette: the light one was under 3:1 on a dark base."""
        return error_colour(self)

    def _scroll_to_first_action(self, sheet: SheetPlan | None) -> None:
        """Errors, new and changed rows sit among unchanged ones: show the first of them."""
        if sheet is None:
            return
        quiet = (Action.UNCHANGED, Action.SKIPPED)
        first = next((r for r, row in enumerate(sheet.preview) if row.action not in quiet), None)
        item = self.previewTable.item(first, 0) if first is not None else None
        if item is not None:
            self.previewTable.scrollToItem(item, QTableWidget.ScrollHint.PositionAtTop)

    def _fit_messages(self) -> None:
        """As tall as its lines, up to MESSAGES_HEIGHT: one note must not squeeze the tables."""
        messages = self.messagesList
        count = messages.count()
        if count == 0:
            return
        # wrapped rows are as tall as the list's width makes them (the view's own size hints
        # assume one line until it has laid them out at its final width)
        width = max(100, messages.width() - 2 * messages.frameWidth() - 8)  # its viewport
        # follows only after the list's own resize event, where this is called
        metrics = messages.fontMetrics()
        pad = max(0, messages.sizeHintForRow(0) - metrics.height())
        rows = sum(
            metrics.boundingRect(
                QRect(0, 0, width, 10_000), Qt.TextFlag.TextWordWrap, messages.item(r).text()
            ).height()
            + pad
            for r in range(count)
        )
        frame = 2 * messages.frameWidth() + 4
        messages.setFixedHeight(min(MESSAGES_HEIGHT, rows + frame))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """A narrower list wraps its messages onto more lines: its height follows its width."""
        if (
            watched is self.messagesList
            and event.type() == QEvent.Type.Resize
            and isinstance(event, QResizeEvent)
            and event.size().width() != event.oldSize().width()
        ):
            self._fit_messages()
        return super().eventFilter(watched, event)

    def _fill_mapping(self, sheet: SheetPlan | None) -> None:
        table = self.mappingTable
        table.setRowCount(0)
        if sheet is None:
            return
        fields = [f for f in ITEM_FIELDS if sheet.own or f != "id"]
        table.setRowCount(len(sheet.columns))
        for row, column in enumerate(sheet.columns):
            letter = QTableWidgetItem(column_letter(column.index))
            letter.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            table.setItem(row, 0, letter)
            header = QTableWidgetItem(column.header)
            if column.field is None:
                header.setForeground(self.palette().brush(QPalette.ColorRole.PlaceholderText))
            table.setItem(row, 1, header)
            combo = QComboBox(table)
            combo.setObjectName(f"mapCombo{column.index}")
            combo.addItem(IGNORE, None)
            for name in fields:
                combo.addItem(FIELD_LABELS.get(name, name), name)
            combo.setCurrentIndex(0 if column.field is None else combo.findData(column.field))
            combo.currentIndexChanged.connect(
                lambda _=0, c=combo, s=sheet.sheet, i=column.index: self._map(s, i, c.currentData())
            )
            table.setCellWidget(row, 2, combo)
        table.resizeColumnToContents(0)
        table.resizeColumnToContents(2)

    def _fill_preview(self, sheet: SheetPlan | None) -> None:
        table = self.previewTable
        table.setRowCount(0)
        if sheet is None:
            table.setColumnCount(0)
            self.previewLabel.setText("<b>No rows to show</b>")
            return
        mapped = {c.field for c in sheet.columns if c.field is not None}
        shown = [f for f in PREVIEW_FIELDS if f in mapped or (f == "time" and "date" in mapped)]
        shown = [f for f in shown if any(f in r.values for r in sheet.preview)] or shown
        headers = ["Row", "Will be", *(FIELD_LABELS.get(f, f) for f in shown)]
        table.setColumnCount(len(headers))
        table.setHorizontalHeaderLabels(headers)
        table.setRowCount(len(sheet.preview))
        dim = self.palette().brush(QPalette.ColorRole.PlaceholderText)
        for r, row in enumerate(sheet.preview):
            table.setItem(r, 0, QTableWidgetItem(str(row.row)))
            action = QTableWidgetItem(row.action.value)
            if row.action is Action.ERROR:
                action.setForeground(QBrush(self.error_colour()))
            table.setItem(r, 1, action)
            for c, name in enumerate(shown, start=2):
                cell = QTableWidgetItem(row.values.get(name, ""))
                if row.action in (Action.UNCHANGED, Action.SKIPPED):
                    cell.setForeground(dim)
                if name in row.written_as:  # read by a rule: say so where the value shows
                    font = cell.font()
                    font.setItalic(True)
                    cell.setFont(font)
                    cell.setToolTip(f"“{row.written_as[name]}” in the file")
                table.setItem(r, c, cell)
        table.resizeColumnsToContents()
        for c in range(table.columnCount()):
            table.setColumnWidth(c, min(table.columnWidth(c), 220))
        self.previewLabel.setText(
            f"<b>First rows of “{sheet.sheet}” as they will be imported</b>"
            f" ({len(sheet.preview)} shown)"
        )

    # -- user choices ---------------------------------------------------------------------------

    def _map(self, sheet: str, index: int, field: str | None) -> None:
        if self._building:
            return
        for same in self._sheets_like(sheet):  # a month per tab: one choice for every tab
            self.options.columns[(same.sheet, index)] = field
            if field is not None:
                # a field comes from one column: the column that had it gives it up
                for column in same.columns:
                    if column.field == field and column.index != index:
                        self.options.columns[(same.sheet, column.index)] = None
        self.rebuild()

    def _sheets_like(self, name: str) -> list[SheetPlan]:
        """The items sheets read whose headers are those of sheet ``name`` (itself included):
        a column mapped on one applies to all of them; a sheet laid out otherwise keeps its
        own mapping."""
        sheets = [s for s in (self.plan.sheets if self.plan else []) if s.kind == "items"]
        mine = next((s for s in sheets if s.sheet == name), None)
        if mine is None:
            return []

        def headers(sheet: SheetPlan) -> list[tuple[int, str]]:
            return [(c.index, fold(c.header)) for c in sheet.columns]

        return [s for s in sheets if not s.own and headers(s) == headers(mine)] or [mine]

    def set_field(self, index: int, field: str | None) -> None:
        """Choose the field of the items sheet's column ``index`` (as its combo box does)."""
        sheet = self.items_sheet()
        assert sheet is not None
        row = next(r for r, c in enumerate(sheet.columns) if c.index == index)
        combo = self.mappingTable.cellWidget(row, 2)
        assert isinstance(combo, QComboBox)
        combo.setCurrentIndex(0 if field is None else combo.findData(field))

    def _choice_changed(self) -> None:
        if not self._building:
            self.rebuild()

    def _preview_sheet_changed(self) -> None:
        if not self._building and self.plan is not None:
            self._show()

    def _value_chosen(self, field_name: str, value: str, target: str) -> None:
        if self._building:
            return
        self.options.values[(field_name, fold(value))] = target
        self.rebuild()

    def _value_refused(self, field_name: str, value: str) -> None:
        """A typed answer that does not read: the value is undecided again, nothing imports."""
        if self._building:
            return
        if self.options.values.pop((field_name, fold(value)), None) is not None:
            self.rebuild()

    # -- remembering a client's choices -------------------------------------------------------

    def headers(self) -> list[str]:
        """The headers of the sheets read: what identifies "a file like this one"."""
        plan = self.plan
        return [c.header for s in (plan.sheets if plan else []) if not s.own for c in s.columns]

    def _recall(self) -> None:
        headers = self.headers()
        remembered = recall(headers) if headers else None
        if remembered is None:
            return
        remembered.apply(self.options)
        self.recalled = True
        self.choices.sync()
        self.rebuild()

    def accept(self) -> None:
        headers = self.headers()
        sheet = self.items_sheet()
        if headers and sheet is not None:
            mapping = {c.header: c.field for c in sheet.columns}
            remember(headers, Remembered.of(self.options, mapping))
        super().accept()
