"""File → New Plan: a template (or an empty plan), a client and a start date.

The templates are the data folder's ``templates`` folder (the two built-in ones are
written there the first time it is needed); the skeleton is laid out from the start
date by ``storage.templates.new_plan_from_template``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from streamdesk.domain import Plan
from streamdesk.storage import PlanFile, StorageError, create_plan
from streamdesk.storage.templates import Template, list_templates, new_plan_from_template

EMPTY = "Empty plan (the default channels)"


@dataclass(frozen=True)
class NewPlanChoice:
    template: Path | None  # None: an empty plan with the default channels
    client: str
    start: date


class NewPlanDialog(QDialog):
    def __init__(self, folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("newPlanDialog")
        self.setWindowTitle("New Plan")
        self.templates = QListWidget(self)
        self.templates.setObjectName("newPlanTemplates")
        empty = QListWidgetItem(EMPTY, self.templates)
        empty.setData(0x0100, None)
        try:
            found: list[Template] = list_templates(folder)
        except (OSError, StorageError):
            found = []  # a read-only data folder: an empty plan can still be made
        for template in found:
            item = QListWidgetItem(template.name, self.templates)
            item.setData(0x0100, str(template.path))
            item.setToolTip(str(template.path))
        self.templates.setCurrentRow(1 if found else 0)
        self.client = QLineEdit(self)
        self.client.setObjectName("newPlanClient")
        self.client.setPlaceholderText("Client name")
        today = date.today()
        self.start = QDateEdit(QDate(today.year, today.month, today.day), self)
        self.start.setObjectName("newPlanStart")
        self.start.setCalendarPopup(True)
        self.start.setDisplayFormat("yyyy-MM-dd")
        form = QFormLayout()
        form.addRow("&Template:", self.templates)
        form.addRow("&Client:", self.client)
        form.addRow("&Start date:", self.start)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def choice(self) -> NewPlanChoice:
        row = self.templates.currentRow()
        value = self.templates.item(row).data(0x0100) if row >= 0 else None
        return NewPlanChoice(
            Path(value) if value else None,
            self.client.text().strip(),
            self.start.date().toPython(),  # type: ignore[arg-type]  # QDate.toPython gives a date
        )


def ask_new_plan(parent: QWidget | None, folder: Path) -> NewPlanChoice | None:
    dialog = NewPlanDialog(folder, parent)
    try:
        return dialog.choice() if dialog.exec() == QDialog.DialogCode.Accepted else None
    finally:
        dialog.deleteLater()


def created_text(choice: NewPlanChoice, path: Path) -> str:
    """What the status bar says of a new plan (not "Opened …": nothing was there to open)."""
    made = f"Created {path.name}"
    return made if choice.template is None else f"{made} from “{choice.template.stem}”"


def create_new_plan(choice: NewPlanChoice, path: Path, program: str) -> PlanFile:
    """The new plan at ``path``, open for the window that asked for it."""
    if choice.template is None:
        return create_plan(path, Plan(name=path.stem, client=choice.client, start=choice.start))
    return new_plan_from_template(
        choice.template, path, start=choice.start, client=choice.client, program=program
    )
