"""Edit every field of an initiative, and what it depends on, in one dialog (one undo step)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from PySide6.QtCore import QDate, Qt, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from streamdesk.domain import Dependency, Initiative, InitiativeStatus, ValidationError
from streamdesk.domain.dependencies import earliest_start, would_create_cycle
from streamdesk.gui.timeline.dates import date_pattern, format_day
from streamdesk.gui.timeline.layout import saved_id


def _qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def _pydate(q: QDate) -> date:
    return date(q.year(), q.month(), q.day())


class InitiativeDialog(QDialog):
    """Shows ``initiative``; ``initiative()`` and ``predecessor_dependencies()`` give the result."""

    def __init__(
        self,
        initiative: Initiative,
        *,
        kinds: Sequence[str],
        lanes: Sequence[str],
        initiatives: Sequence[Initiative],
        dependencies: Sequence[Dependency],
        currency: str = "",
        title: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("initiativeDialog")
        name = initiative.title if len(initiative.title) <= 60 else initiative.title[:59] + "…"
        self.setWindowTitle(title or f"Initiative — {name}")
        self.original = initiative
        self._others = {i.id: i for i in initiatives if i.id != initiative.id}
        self._other_deps = [d for d in dependencies if d.successor_id != initiative.id]

        self.title = QLineEdit(initiative.title)
        self.title.setObjectName("title")
        self.kind = QComboBox()
        self.kind.setObjectName("kind")
        # kinds are the upstream channels, each with its colour: a typed kind would be grey
        self.kind.addItems(list(dict.fromkeys([*kinds, initiative.kind])))
        self.kind.setCurrentText(initiative.kind)
        self.lane = QComboBox()
        self.lane.setObjectName("lane")
        self.lane.setEditable(True)
        self.lane.addItems(list(dict.fromkeys([*lanes, initiative.lane])))
        self.lane.setCurrentText(initiative.lane)
        self.lane.setToolTip("Type a new name to put the initiative in a lane of its own")
        self._kind = initiative.kind
        self.kind.currentTextChanged.connect(self._kind_changed)
        self.start = QDateEdit(_qdate(initiative.start))
        self.start.setObjectName("start")
        self.end = QDateEdit(_qdate(initiative.end))
        self.end.setObjectName("end")
        for edit in (self.start, self.end):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat(date_pattern())
        self.milestone = QCheckBox("Milestone (one day, drawn as a diamond)")
        self.milestone.setObjectName("milestone")
        self.milestone.setChecked(initiative.is_milestone)
        self.milestone.toggled.connect(self._milestone_toggled)
        self._start_was = self.start.date()
        self.start.dateChanged.connect(self._start_changed)
        self.gate = QCheckBox("Gate (a decision the following work waits for)")
        self.gate.setObjectName("gate")
        self.gate.setChecked(initiative.gate)
        self.owner = QLineEdit(initiative.owner)
        self.owner.setObjectName("owner")
        self.status = QComboBox()
        self.status.setObjectName("status")
        for status in InitiativeStatus:
            self.status.addItem(status.value.capitalize(), status)
        self.status.setCurrentIndex(list(InitiativeStatus).index(initiative.status))
        self.progress = QSpinBox()
        self.progress.setObjectName("progress")
        self.progress.setRange(0, 100)
        self.progress.setSuffix(" %")
        self.progress.setValue(initiative.progress)
        self.effort = QDoubleSpinBox()
        self.effort.setObjectName("effort")
        self.effort.setRange(0, 1_000_000)
        self.effort.setDecimals(1)
        self.effort.setSuffix(" h")
        self.effort.setValue(initiative.effort_hours)
        self.budget = QDoubleSpinBox()
        self.budget.setObjectName("budget")
        self.budget.setRange(0, 1_000_000_000)
        self.budget.setDecimals(2)
        if currency:
            self.budget.setSuffix(f" {currency}")
        self.budget.setValue(initiative.budget)
        self.segment = QLineEdit(initiative.segment)
        self.segment.setObjectName("segment")
        self.notes = QPlainTextEdit(initiative.notes)
        self.notes.setObjectName("notes")
        self.notes.setMaximumHeight(70)

        # predecessors: what this initiative waits for (finish-to-start)
        self.predecessors = QListWidget()
        self.predecessors.setObjectName("predecessors")
        self.predecessors.setMaximumHeight(90)
        for dep in dependencies:
            if dep.successor_id == initiative.id and dep.predecessor_id in self._others:
                self._add_predecessor_row(dep.predecessor_id)
        self.candidates = QComboBox()
        self.candidates.setObjectName("candidates")
        for other in sorted(self._others.values(), key=lambda i: (i.start, i.title)):
            self.candidates.addItem(f"{other.title} ({format_day(other.end)})", other.id)
        add = QPushButton("Add")
        add.setObjectName("addPredecessor")
        add.clicked.connect(self.add_predecessor)
        remove = QPushButton("Remove")
        remove.setObjectName("removePredecessor")
        remove.clicked.connect(self.remove_predecessor)
        chooser = QHBoxLayout()
        chooser.addWidget(self.candidates, 1)
        chooser.addWidget(add)
        chooser.addWidget(remove)
        successors = [
            self._others[d.successor_id].title
            for d in dependencies
            if d.predecessor_id == initiative.id and d.successor_id in self._others
        ]
        self._successors = [
            self._others[d.successor_id]
            for d in dependencies
            if d.predecessor_id == initiative.id and d.successor_id in self._others
        ]
        successor_label = QLabel(", ".join(successors) if successors else "none")
        successor_label.setObjectName("successors")
        successor_label.setWordWrap(True)

        # what the dates chosen break: shown as the red arrows will show it, before OK
        self.warning = QLabel()
        self.warning.setObjectName("dependencyWarning")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("QLabel { color: #E53935; }")
        self.warning.hide()

        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("QLabel { color: #E53935; }")
        self.error.hide()

        form = QFormLayout()
        form.addRow("&Title", self.title)
        form.addRow("&Kind", self.kind)
        form.addRow("&Lane", self.lane)
        form.addRow("&Start", self.start)
        form.addRow("&End", self.end)
        form.addRow("", self.milestone)
        form.addRow("", self.gate)
        form.addRow("&Owner", self.owner)
        form.addRow("Stat&us", self.status)
        form.addRow("&Progress", self.progress)
        form.addRow("Effort", self.effort)
        form.addRow("&Budget", self.budget)
        form.addRow("Se&gment", self.segment)
        form.addRow("&Notes", self.notes)
        form.addRow("&Depends on", self.predecessors)
        form.addRow("", chooser)
        form.addRow("Followed by", successor_label)
        form.addRow("", self.warning)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self._milestone_toggled(self.milestone.isChecked())
        for edit in (self.start, self.end):
            edit.dateChanged.connect(self._check_dependencies)
        self.milestone.toggled.connect(self._check_dependencies)
        self._check_dependencies()
        self.title.selectAll()  # typing replaces the title (a new one's is a placeholder)
        self.title.setFocus()

    # -- results --------------------------------------------------------------------------

    def initiative(self) -> Initiative:
        """The edited initiative (raises ValidationError if a field is invalid)."""
        start = _pydate(self.start.date())
        end = start if self.milestone.isChecked() else _pydate(self.end.date())
        if end < start:
            raise ValidationError(
                f"The end ({format_day(end)}) is before the start ({format_day(start)}): "
                "choose a later end.",
                "end",
            )
        if end == start and not self.milestone.isChecked():
            raise ValidationError(
                "An initiative that starts and ends on the same day is a milestone: "
                "tick Milestone, or choose a later end.",
                "end",
            )
        return Initiative(
            title=self.title.text(),
            kind=self.kind.currentText(),
            lane=self.lane.currentText(),
            start=start,
            end=end,
            owner=self.owner.text(),
            status=self.status.currentData(),
            progress=self.progress.value(),
            effort_hours=self.effort.value(),
            budget=self.budget.value(),
            segment=self.segment.text(),
            notes=self.notes.toPlainText(),
            gate=self.gate.isChecked(),
            id=self.original.id,
        )

    def predecessor_ids(self) -> list[int]:
        return [
            self.predecessors.item(n).data(Qt.ItemDataRole.UserRole)
            for n in range(self.predecessors.count())
        ]

    def predecessor_dependencies(self) -> list[Dependency]:
        return [Dependency(p, saved_id(self.original)) for p in self.predecessor_ids()]

    # -- editing ------------------------------------------------------------------------------

    @Slot()
    def add_predecessor(self) -> bool:
        pid = self.candidates.currentData()
        if pid is None or pid in self.predecessor_ids():
            return False
        new = Dependency(pid, saved_id(self.original))
        if would_create_cycle([*self._other_deps, *self.predecessor_dependencies()], new):
            self._show_error(
                f"{self.original.title!r} cannot depend on {self._others[pid].title!r}: "
                "that would make a cycle"
            )
            return False
        self._add_predecessor_row(pid)
        self.error.hide()
        return True

    @Slot()
    def remove_predecessor(self) -> None:
        row = self.predecessors.currentRow()
        if row < 0 and self.predecessors.count():
            row = self.predecessors.count() - 1
        if row >= 0:
            self.predecessors.takeItem(row)
            self._check_dependencies()

    def _add_predecessor_row(self, pid: int) -> None:
        other = self._others[pid]
        item = QListWidgetItem(f"{other.title} (ends {format_day(other.end)})")
        item.setData(Qt.ItemDataRole.UserRole, pid)
        self.predecessors.addItem(item)
        if hasattr(self, "warning"):  # rows added while building come before the label
            self._check_dependencies()

    def accept(self) -> None:
        try:
            self.initiative()
        except ValidationError as error:
            self._show_error(_sentence(str(error)))
            field = {
                "initiative title": self.title,
                "initiative kind": self.kind,
                "end": self.end,
                "start": self.start,
            }.get(error.field or "")
            if field is not None:
                field.setFocus()
            return
        super().accept()

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    @Slot(str)
    def _kind_changed(self, kind: str) -> None:
        """A bar in its kind's lane follows the kind; a bar in a lane of its own stays."""
        if self.lane.currentText() == self._kind:
            self.lane.setCurrentText(kind)
        self._kind = kind

    @Slot(bool)
    def _milestone_toggled(self, on: bool) -> None:
        self.end.setEnabled(not on)
        if on:
            self.end.setDate(self.start.date())
        elif self.end.date() <= self.start.date():  # a bar again: two weeks unless told
            self.end.setDate(self.start.date().addDays(13))

    @Slot()
    def _check_dependencies(self) -> None:
        """Name each dependency the chosen dates would break (finish-to-start)."""
        start = _pydate(self.start.date())
        milestone = self.milestone.isChecked()
        end = start if milestone else max(start, _pydate(self.end.date()))
        # as the timeline judges it: the day after a predecessor ends (a milestone: that day)
        notes = [
            f"Starts before {p.title!r} ends ({format_day(p.end)})."
            for p in (self._others[i] for i in self.predecessor_ids())
            if start < earliest_start(p)
        ]
        after = end if milestone else end + timedelta(days=1)
        notes += [
            f"{s.title!r} starts ({format_day(s.start)}) before this ends."
            for s in self._successors
            if s.start < after
        ]
        self.warning.setText("⚠ " + " ".join(notes) if notes else "")
        self.warning.setVisible(bool(notes))

    @Slot(QDate)
    def _start_changed(self, value: QDate) -> None:
        """The end follows the start: a milestone's is the same day, a bar keeps its length."""
        moved = self._start_was.daysTo(value)
        self._start_was = value
        if self.milestone.isChecked():
            self.end.setDate(value)
        else:
            self.end.setDate(self.end.date().addDays(moved))


def _sentence(text: str) -> str:
    """A message as a sentence: capital first letter, full stop."""
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."
