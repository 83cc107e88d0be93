"""The import dialog's value table, and the choices it remembers for a client's files.

Every value the import reads by a rule (IG → Instagram, Live → published) and every one it
cannot read (an unknown status, a channel or campaign that only looks like one of the
plan's) is a row: the value as the file writes it, what it will be read as, and why. The
user can change any of them: map to one of the plan's channels, statuses or campaigns,
create a new channel or campaign, or skip the rows; a repeat's box also takes a typed
rule ("every Tue and Thu"), taken only when it reads as one rule from the row's date.
Those choices, the file's channel and the column mapping are remembered per set of
headers, so the next file from the same client opens with them.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date

from PySide6.QtCore import QSettings, Signal
from PySide6.QtGui import QBrush, QColor, QPalette
from PySide6.QtWidgets import QComboBox, QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from streamdesk.domain import Campaign, ItemStatus
from streamdesk.domain.recurrence_words import Ambiguity, Rule, Unreadable, read_recurrence
from streamdesk.domain.series import describe
from streamdesk.excel.headers import fold
from streamdesk.excel.import_model import ImportOptions, ImportPlan
from streamdesk.excel.import_series import FIELD as REPEATS
from streamdesk.excel.import_series import ONCE_LABEL
from streamdesk.excel.value_maps import RULE_VALUES, channel_synonym
from streamdesk.excel.wording import READ_AS, SKIP_TEXT

MEMORY_KEY = "import/choices/"
SKIP = "skip"
NEW = "new"  # as import_refs.NEW: make the campaign as the file writes it
UNDECIDED = "(decide)"
VALUE_WIDTH = 260  # the widest a value or its reading is shown before the Why column
TYPE_A_REPEAT = "or type a repeat: every Tue and Thu"
ERROR_ON_LIGHT = "#C0392B"  # 5.4:1 on white
ERROR_ON_DARK = "#FF6B5E"  # 6:1 on #1E1E1E
RULES_SAID = {RULE_VALUES: "your choice", "--split-multi": "one item per channel"}
"""The rules the importer names by their command-line option, as the dialog says them."""


@dataclass
class ValueRow:
    field: str  # "channel", "status", "repeats", "campaign" or "owner"
    value: str  # as the file writes it
    target: str | None  # what it is read as; None while undecided
    rule: str
    # (label, target) to offer instead of the plan's channels or statuses: a repeat's readings
    choices: tuple[tuple[str, str], ...] = ()
    day: date | None = None  # a repeat's first row: what a typed answer is read against


@dataclass
class Remembered:
    """The choices made for a file with these headers, as QSettings keeps them (JSON)."""

    values: dict[str, str] = field(default_factory=dict)  # "field\tfolded value" -> target
    channel: str | None = None
    mapping: dict[str, str | None] = field(default_factory=dict)  # header -> field
    decimal: str | None = None
    order: str | None = None
    split_multi: bool = False

    @classmethod
    def of(cls, options: ImportOptions, mapping: dict[str, str | None]) -> Remembered:
        return cls(
            {f"{f}\t{k}": v for (f, k), v in options.values.items()},
            options.channel,
            mapping,
            options.decimal,
            options.order,
            options.split_multi,
        )

    def apply(self, options: ImportOptions) -> None:
        for key, target in self.values.items():
            field_name, _, value = key.partition("\t")
            options.values.setdefault((field_name, value), target)
        options.channel = options.channel or self.channel
        for header, column_field in self.mapping.items():
            options.mapping.setdefault(header, column_field)
        options.decimal = options.decimal or self.decimal
        options.order = options.order or self.order
        options.split_multi = options.split_multi or self.split_multi


def headers_key(headers: list[str]) -> str:
    """The same headers (in any case, spacing or order) give the same key."""
    folded = "\n".join(sorted(fold(h) for h in headers if fold(h)))
    return MEMORY_KEY + hashlib.sha1(folded.encode("utf-8")).hexdigest()[:16]


def recall(headers: list[str]) -> Remembered | None:
    text = QSettings().value(headers_key(headers), "")
    if not isinstance(text, str) or not text:
        return None
    try:
        data = json.loads(text)
        return Remembered(**data)
    except (ValueError, TypeError):
        return None  # a damaged entry is forgotten, not fatal


def remember(headers: list[str], choices: Remembered) -> None:
    QSettings().setValue(headers_key(headers), json.dumps(choices.__dict__, ensure_ascii=False))


def plan_campaigns(plan: ImportPlan) -> list[str]:
    """The campaigns the plan has (not the ones this import would make), by name."""
    made = {e.id for e in plan.created if isinstance(e, Campaign)}
    return sorted(
        {
            name
            for (kind, key), name in plan.names.items()
            if kind == "campaign" and key not in made
        },
        key=str.casefold,
    )


def campaign_choices(plan: ImportPlan, value: str) -> tuple[tuple[str, str], ...]:
    """A campaign's row offers the plan's campaigns and a new one named as written (the
    plan's channels mean nothing there); skipping is offered for every row."""
    return (
        *((name, name) for name in plan_campaigns(plan)),
        (f"New campaign “{value}”", NEW),
    )


def value_rows(plan: ImportPlan) -> list[ValueRow]:
    """Values read by a rule, then the values still to decide."""
    choices = dict(plan.choices)
    for m in plan.mapped:
        if m.field == "campaign":
            choices[(m.field, m.value)] = campaign_choices(plan, m.value)
        elif m.field == "owner":  # as written, or as the user named the owner
            choices[(m.field, m.value)] = tuple(
                dict.fromkeys([(m.value, m.value), (m.target, m.target)])
            )
    for question in plan.questions:
        if question.field == "campaign":
            for value in question.values:
                choices[(question.field, value)] = campaign_choices(plan, value)
    rows = [
        ValueRow(
            m.field,
            m.value,
            m.target,
            m.rule,
            choices.get((m.field, m.value), ()),
            plan.repeat_days.get(m.value) if m.field == "repeats" else None,
        )
        for m in plan.mapped
    ]
    shown = {(r.field, r.value) for r in rows}
    for question in plan.questions:
        if question.field not in ("channel", "status", "repeats", "campaign"):
            continue
        for value in question.values:
            if (question.field, value) not in shown:
                offered = choices.get((question.field, value), ())
                day = plan.repeat_days.get(value) if question.field == "repeats" else None
                rows.append(ValueRow(question.field, value, None, "to decide", offered, day))
    return rows


def read_typed_repeat(text: str, day: date | None) -> tuple[str, str] | str:
    """A repeat the user typed: ``(its answer, the rule in words)`` when it reads as one
    rule from ``day``, else why not (nothing is imported on a guess)."""
    text = text.strip()
    if day is None:
        return "no row to read it against"
    found = read_recurrence(text, day)
    if isinstance(found, Rule):
        return text, describe(found.rule, day)
    if isinstance(found, Ambiguity):
        readings = ", or ".join(r.meaning for r in found.readings)
        return f"“{text}” can be read more than one way ({found.why}): {readings}"
    if isinstance(found, Unreadable):
        return f"“{text}” cannot be read: {found.why}"
    return f"“{text}” is no repeat; choose “{ONCE_LABEL}” for single items"


def error_colour(widget: QWidget) -> QColor:
    """Red that reads on the widget's palette (the light one is under 3:1 on a dark base)."""
    dark = widget.palette().color(QPalette.ColorRole.Base).lightnessF() < 0.5
    return QColor(ERROR_ON_DARK if dark else ERROR_ON_LIGHT)


class ValuesTable(QTableWidget):
    """One row per value read by a rule or to decide; its combo box changes what it means.

    A repeat's combo box also takes a typed rule ("every Tue and Thu"): read against the
    row's date, it is chosen only when it reads as one rule, shown in words; otherwise the
    row says why and the value stays undecided (``refused``, kept across refills).
    """

    chosen = Signal(str, str, str)  # field, value as written, target ("skip" to skip)
    refused = Signal(str, str)  # field, value as written: a typed answer that does not read

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 4, parent)
        self.setObjectName("valuesTable")
        self.setHorizontalHeaderLabels(["Field", "In the file", READ_AS, "Why"])
        self.verticalHeader().hide()
        # "Why" takes the room: a refused typed repeat says there why it does not read
        # (in full in its tooltip and in the messages below)
        self.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.typed_refusals: dict[tuple[str, str], tuple[str, str]] = {}  # -> (text, why)
        self._filling = False

    def fill(self, rows: list[ValueRow], channels: list[str]) -> None:
        self._filling = True
        try:
            self._fill(rows, channels)
        finally:
            self._filling = False

    def _fill(self, rows: list[ValueRow], channels: list[str]) -> None:
        self.setRowCount(0)
        self.setRowCount(len(rows))
        for r, row in enumerate(rows):
            self.setItem(r, 0, QTableWidgetItem(row.field))
            self.setItem(r, 1, QTableWidgetItem(row.value))
            self.setItem(r, 3, QTableWidgetItem(RULES_SAID.get(row.rule, row.rule)))
            combo = QComboBox(self)
            combo.setObjectName(f"valueCombo{r}")
            if row.target is None:
                combo.addItem(UNDECIDED, None)
            if row.choices:  # a repeat: its readings, or single items
                labelled = list(row.choices)
            elif row.field == "status":
                labelled = [(s.value, s.value) for s in ItemStatus]
            else:
                labelled = [(name, name) for name in channels]
            if row.target is not None and row.target not in [t for _, t in labelled]:
                typed = read_typed_repeat(row.target, row.day) if row.field == REPEATS else ""
                label = typed[1] if isinstance(typed, tuple) else row.target  # in words
                labelled.append((label, row.target))
            for label, target in labelled:
                combo.addItem(label, target)
            if row.field == "channel":
                new = channel_synonym(row.value) or row.value  # twitter: a new channel X
                if new not in [t for _, t in labelled]:
                    combo.addItem(f"New channel “{new}”", new)
            combo.addItem(SKIP_TEXT, SKIP)
            combo.setCurrentIndex(max(combo.findData(row.target), 0))
            combo.currentIndexChanged.connect(
                lambda _=0, c=combo, f=row.field, v=row.value: self._choose(f, v, c.currentData())
            )
            if row.field == REPEATS:
                self._typable(r, combo, row)
            self.setCellWidget(r, 2, combo)
        for column in (0, 1, 2):
            self.resizeColumnToContents(column)
            self.setColumnWidth(column, min(self.columnWidth(column), VALUE_WIDTH))

    def _typable(self, r: int, combo: QComboBox, row: ValueRow) -> None:
        """A repeat's box takes typed words too; a refused one shows again, with why."""
        combo.setEditable(True)
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        edit = combo.lineEdit()
        assert edit is not None  # an editable combo box has one
        edit.setPlaceholderText(TYPE_A_REPEAT)
        combo.setToolTip(f"Pick a reading, or type a repeat ({TYPE_A_REPEAT.split(': ')[1]})")
        refused = self.typed_refusals.get((row.field, row.value))
        if refused is not None:
            text, why = refused
            edit.setText(text)
            self._show_refusal(r, why)
        edit.editingFinished.connect(lambda c=combo, v=row: self._typed(c, v))

    def _show_refusal(self, r: int, why: str) -> None:
        item = QTableWidgetItem(why)
        item.setForeground(QBrush(error_colour(self)))
        item.setToolTip(why)
        self.setItem(r, 3, item)

    def _typed(self, combo: QComboBox, row: ValueRow) -> None:
        if self._filling:
            return
        text = combo.currentText().strip()
        index = combo.findText(text)
        if not text or index >= 0:  # one of the entries: picked, not typed
            if index >= 0 and index != combo.currentIndex():
                combo.setCurrentIndex(index)
            return
        key = (row.field, row.value)
        reading = read_typed_repeat(text, row.day)
        if isinstance(reading, str):
            self.typed_refusals[key] = (text, reading)
            rows = [r for r in range(self.rowCount()) if self.cellWidget(r, 2) is combo]
            for r in rows:  # none when the table was refilled under a box losing focus
                self._show_refusal(r, reading)
            self.refused.emit(*key)
            return
        self.typed_refusals.pop(key, None)
        self.chosen.emit(row.field, row.value, reading[0])

    def type_repeat(self, value: str, text: str) -> None:
        """Type ``text`` into the box of repeat ``value`` and leave it (tests, keyboard)."""
        edit = self.combo_for(value).lineEdit()
        if edit is None:
            raise KeyError(f"{value} takes no typed answer")
        edit.setText(text)
        edit.editingFinished.emit()

    def combo_for(self, value: str) -> QComboBox:
        for r in range(self.rowCount()):
            item = self.item(r, 1)
            combo = self.cellWidget(r, 2)
            if item is not None and item.text() == value and isinstance(combo, QComboBox):
                return combo
        raise KeyError(value)

    def _choose(self, field_name: str, value: str, target: object) -> None:
        if self._filling:
            return
        if isinstance(target, str):
            self.typed_refusals.pop((field_name, value), None)
            self.chosen.emit(field_name, value, target)

    def choose(self, value: str, target: str) -> None:
        """Pick ``target`` for ``value`` as its combo box does (tests, keyboard users)."""
        combo = self.combo_for(value)
        combo.setCurrentIndex(combo.findData(target))
