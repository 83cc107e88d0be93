"""The import dialog's value table, and the choices it remembers for a client's files.

Every value the import reads by a rule (IG → Instagram, Live → published) and every one it
cannot read (an unknown status, a channel that only looks like one of the plan's) is a row:
the value as the file writes it, what it will be read as, and why. The user can change
any of them: map to one of the plan's channels or statuses, create a new channel, or
skip the rows. Those choices, the file's channel and the column mapping are remembered
per set of headers, so the next file from the same client opens with them.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from PySide6.QtCore import QSettings, Signal
from PySide6.QtWidgets import QComboBox, QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from streamdesk.domain import ItemStatus
from streamdesk.excel.headers import fold
from streamdesk.excel.import_model import ImportOptions, ImportPlan
from streamdesk.excel.value_maps import RULE_VALUES, channel_synonym
from streamdesk.excel.wording import READ_AS, SKIP_TEXT

MEMORY_KEY = "import/choices/"
SKIP = "skip"
UNDECIDED = "(decide)"
RULES_SAID = {RULE_VALUES: "your choice", "--split-multi": "one item per channel"}
"""The rules the importer names by their command-line option, as the dialog says them."""


@dataclass
class ValueRow:
    field: str  # "channel", "status" or "repeats"
    value: str  # as the file writes it
    target: str | None  # what it is read as; None while undecided
    rule: str
    # (label, target) to offer instead of the plan's channels or statuses: a repeat's readings
    choices: tuple[tuple[str, str], ...] = ()


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


def value_rows(plan: ImportPlan) -> list[ValueRow]:
    """Values read by a rule, then the values still to decide."""
    choices = plan.choices
    rows = [
        ValueRow(m.field, m.value, m.target, m.rule, choices.get((m.field, m.value), ()))
        for m in plan.mapped
    ]
    shown = {(r.field, r.value) for r in rows}
    for question in plan.questions:
        if question.field not in ("channel", "status", "repeats"):
            continue
        for value in question.values:
            if (question.field, value) not in shown:
                offered = choices.get((question.field, value), ())
                rows.append(ValueRow(question.field, value, None, "to decide", offered))
    return rows


class ValuesTable(QTableWidget):
    """One row per value read by a rule or to decide; its combo box changes what it means."""

    chosen = Signal(str, str, str)  # field, value as written, target ("skip" to skip)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 4, parent)
        self.setObjectName("valuesTable")
        self.setHorizontalHeaderLabels(["Field", "In the file", READ_AS, "Why"])
        self.verticalHeader().hide()
        self.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)

    def fill(self, rows: list[ValueRow], channels: list[str]) -> None:
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
                labelled.append((row.target, row.target))
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
            self.setCellWidget(r, 2, combo)
        self.resizeColumnToContents(0)
        self.resizeColumnToContents(2)
        self.resizeColumnToContents(3)

    def _choose(self, field_name: str, value: str, target: object) -> None:
        if isinstance(target, str):
            self.chosen.emit(field_name, value, target)

    def choose(self, value: str, target: str) -> None:
        """Pick ``target`` for ``value`` as its combo box does (tests, keyboard users)."""
        for r in range(self.rowCount()):
            item = self.item(r, 1)
            combo = self.cellWidget(r, 2)
            if item is not None and item.text() == value and isinstance(combo, QComboBox):
                combo.setCurrentIndex(combo.findData(target))
                return
        raise KeyError(value)
