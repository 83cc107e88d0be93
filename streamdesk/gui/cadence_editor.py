"""The cadence commitments of a plan as an editable table ("LinkedIn: 3 per week"), one row
each: the page of Edit → Cadence… and the Cadence tab of Plan Settings.

The editor writes nothing: its host reads :meth:`CadenceEditor.commitments` when the user
accepts and makes the undo step, so the dialog and the tab cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QSize
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from streamdesk.domain import Campaign, Channel, Stream, ValidationError
from streamdesk.domain.cadence import Commitment, Per
from streamdesk.gui.calendar.item_dialog import colour_icon
from streamdesk.gui.calendar.repeat_section import outline_check_boxes

_COLUMNS = ("Channel", "Campaign", "Count", "Per", "Ideas count")
INTRO = (
    "What you promised the client, per channel: the calendar shows the slots a "
    "week or month still lacks, and the health panel how the promise was kept. "
    "Cancelled items never count; ideas only where you tick it."
)


def cadence_channels(
    channels: Sequence[Channel], commitments: Sequence[Commitment] = ()
) -> list[Channel]:
    """The channels a commitment can name: the downstream ones, where items are (the
    upstream lanes were offered, and a new row started on "Research: 1 per week", a promise
    no item can keep), and any a commitment already names, so it shows as it is."""
    named = {c.channel_id for c in commitments}
    return [
        c for c in channels if c.id is not None and (c.stream is Stream.DOWNSTREAM or c.id in named)
    ]


class CadenceEditor(QWidget):
    def __init__(
        self,
        commitments: Sequence[Commitment],
        channels: Sequence[Channel],
        campaigns: Sequence[Campaign] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("cadenceEditor")
        self._channels = list(channels)
        self._campaigns = list(campaigns)
        self._ids: list[int | None] = []

        intro = QLabel(INTRO, self)
        intro.setWordWrap(True)
        self.table = QTableWidget(0, len(_COLUMNS), self)
        self.table.setObjectName("cadenceTable")
        self.table.setHorizontalHeaderLabels(list(_COLUMNS))
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.addButton = QPushButton("&Add commitment", self)
        self.addButton.setObjectName("addCadenceButton")
        self.addButton.clicked.connect(lambda: self.add_row(None))
        self.removeButton = QPushButton("&Remove", self)
        self.removeButton.setObjectName("removeCadenceButton")
        self.removeButton.clicked.connect(self._remove_current)
        row = QHBoxLayout()
        row.addWidget(self.addButton)
        row.addWidget(self.removeButton)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        for commitment in commitments:
            self.add_row(commitment)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            outline_check_boxes(self.findChildren(QCheckBox), self.palette())

    def sizeHint(self) -> QSize:
        """Wide enough for a campaign's name beside the channel, wherever the editor sits
        (a tab of Plan Settings would otherwise be as narrow as its form)."""
        hint = super().sizeHint()
        return QSize(max(hint.width(), 600), max(hint.height(), 300))

    def add_row(self, commitment: Commitment | None) -> int:
        """A row showing ``commitment``, or a new one (1 per week on the first channel)."""
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
        else:  # on the first downstream channel (an upstream one is listed only when named)
            downstream = [n for n, c in enumerate(self._channels) if c.stream is Stream.DOWNSTREAM]
            channel.setCurrentIndex(downstream[0] if downstream else 0)
            count.setValue(1)
        outline_check_boxes([ideas], self.palette())
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
        """The rows as commitments (ValidationError when one is not one, or when two rows
        promise for the same channel, campaign and period: which would a week be judged by?
        Fill gaps filled both, two ideas a day)."""
        out: list[Commitment] = []
        seen: dict[tuple[int, int | None, str], int] = {}
        for row, commitment_id in enumerate(self._ids):
            channel, campaign, count, per, ideas = (
                self.table.cellWidget(row, c) for c in range(len(_COLUMNS))
            )
            assert isinstance(channel, QComboBox) and isinstance(campaign, QComboBox)
            assert isinstance(count, QSpinBox) and isinstance(per, QComboBox)
            assert isinstance(ideas, QCheckBox)
            commitment = Commitment(
                channel_id=channel.currentData(),
                campaign_id=campaign.currentData(),
                count=count.value(),
                per=per.currentData(),
                ideas_count=ideas.isChecked(),
                id=commitment_id,
            )
            key = (commitment.channel_id, commitment.campaign_id, commitment.per.value)
            if key in seen:
                what = channel.currentText()
                if commitment.campaign_id is not None:
                    what += f" ({campaign.currentText()})"
                raise ValidationError(
                    f"rows {seen[key] + 1} and {row + 1} both promise {what} per "
                    f"{per.currentText()}: keep one",
                    "cadence",
                )
            seen[key] = row
            out.append(commitment)
        return out
