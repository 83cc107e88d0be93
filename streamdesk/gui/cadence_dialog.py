"""Edit → Cadence…: the plan's cadence commitments ("LinkedIn: 3 per week"), one row each.

OK turns the rows into one undo step (the commitments before and after); the dialog
itself writes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from streamdesk.domain import Campaign, Channel, ValidationError
from streamdesk.domain.cadence import Commitment, Per
from streamdesk.gui import commands
from streamdesk.gui.calendar.item_dialog import colour_icon
from streamdesk.gui.document import PlanDocument
from streamdesk.storage import repository, series_repo

_COLUMNS = ("Channel", "Campaign", "Count", "Per", "Ideas count")


class CadenceDialog(QDialog):
    def __init__(
        self,
        commitments: Sequence[Commitment],
        channels: Sequence[Channel],
        campaigns: Sequence[Campaign] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("cadenceDialog")
        self.setWindowTitle("Cadence commitments")
        self._channels = list(channels)
        self._campaigns = list(campaigns)
        self._ids: list[int | None] = []
        self._result: list[Commitment] | None = None

        intro = QLabel(
            "What you promised the client, per channel: the calendar shows the slots a "
            "week or month still lacks, and the health panel how the promise was kept. "
            "Cancelled items never count; ideas only where you tick it."
        )
        intro.setWordWrap(True)
        self.table = QTableWidget(0, len(_COLUMNS), self)
        self.table.setObjectName("cadenceTable")
        self.table.setHorizontalHeaderLabels(list(_COLUMNS))
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.addButton = QPushButton("&Add commitment")
        self.addButton.setObjectName("addCadenceButton")
        self.addButton.clicked.connect(lambda: self.add_row(None))
        self.removeButton = QPushButton("&Remove")
        self.removeButton.setObjectName("removeCadenceButton")
        self.removeButton.clicked.connect(self._remove_current)
        row = QHBoxLayout()
        row.addWidget(self.addButton)
        row.addWidget(self.removeButton)
        row.addStretch(1)
        self.errorLabel = QLabel()
        self.errorLabel.setObjectName("errorLabel")
        self.errorLabel.setWordWrap(True)
        self.errorLabel.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        layout.addWidget(self.errorLabel)
        layout.addWidget(self.buttons)
        for commitment in commitments:
            self.add_row(commitment)
        self.resize(620, 320)

    def add_row(self, commitment: Commitment | None) -> int:
        row = self.table.rowCount()
        self.table.insertRow(row)
        channel = QComboBox()
        for c in self._channels:
            channel.addItem(colour_icon(c.colour), c.name, c.id)
        campaign = QComboBox()
        campaign.addItem("(any)", None)
        for k in self._campaigns:
            campaign.addItem(k.name, k.id)
        count = QSpinBox()
        count.setRange(1, 100)
        per = QComboBox()
        per.addItem("week", Per.WEEK.value)
        per.addItem("month", Per.MONTH.value)
        ideas = QCheckBox()
        ideas.setToolTip("Count items still at the idea stage as planned")
        if commitment is not None:
            channel.setCurrentIndex(max(0, channel.findData(commitment.channel_id)))
            campaign.setCurrentIndex(max(0, campaign.findData(commitment.campaign_id)))
            count.setValue(commitment.count)
            per.setCurrentIndex(per.findData(commitment.per.value))
            ideas.setChecked(commitment.ideas_count)
        else:
            count.setValue(1)
        for column, widget in enumerate((channel, campaign, count, per, ideas)):
            self.table.setCellWidget(row, column, widget)
        self._ids.append(None if commitment is None else commitment.id)
        return row

    def _remove_current(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)
            del self._ids[row]

    def commitments(self) -> list[Commitment]:
        """The rows as commitments (ValidationError when one is not one)."""
        out = []
        for row, commitment_id in enumerate(self._ids):
            channel, campaign, count, per, ideas = (
                self.table.cellWidget(row, c) for c in range(len(_COLUMNS))
            )
            assert isinstance(channel, QComboBox) and isinstance(campaign, QComboBox)
            assert isinstance(count, QSpinBox) and isinstance(per, QComboBox)
            assert isinstance(ideas, QCheckBox)
            out.append(
                Commitment(
                    channel_id=channel.currentData(),
                    campaign_id=campaign.currentData(),
                    count=count.value(),
                    per=per.currentData(),
                    ideas_count=ideas.isChecked(),
                    id=commitment_id,
                )
            )
        return out

    def accept(self) -> None:
        try:
            self._result = self.commitments()
        except ValidationError as error:
            self.errorLabel.setText(str(error).capitalize())
            self.errorLabel.show()
            return
        super().accept()

    def result_commitments(self) -> list[Commitment] | None:
        return self._result


def edit_cadence(document: PlanDocument, parent: QWidget | None = None) -> bool:
    """Open the dialog; OK changes the commitments in one undo step."""
    if document.read_only:
        document.errorOccurred.emit(f"{document.pf.path.name} is open read-only.")
        return False
    before = series_repo.list_cadences(document.pf)
    channels = [c for c in document.channels() if c.id is not None]
    dialog = CadenceDialog(before, channels, repository.list_campaigns(document.pf), parent)
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    after = dialog.result_commitments() if accepted else None
    dialog.deleteLater()
    if after is None or after == before:
        return False
    return document.execute(commands.PlanCommand(document, "Change cadence", before, after))
