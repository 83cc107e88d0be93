"""Edit → Cadence…: the plan's cadence commitments ("LinkedIn: 3 per week"), one row each.

OK turns the rows into one undo step (the commitments before and after); the dialog
itself writes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from streamdesk.domain import Campaign, Channel, ValidationError
from streamdesk.domain.cadence import Commitment
from streamdesk.gui import commands
from streamdesk.gui.cadence_editor import CadenceEditor, cadence_channels
from streamdesk.gui.document import PlanDocument
from streamdesk.storage import repository, series_repo


class CadenceDialog(QDialog):
    """The commitments alone (the Cadence tab of Plan Settings shows the same editor)."""

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
        self._result: list[Commitment] | None = None
        self.editor = CadenceEditor(commitments, channels, campaigns, self)
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
        layout.addWidget(self.editor, 1)
        layout.addWidget(self.errorLabel)
        layout.addWidget(self.buttons)
        self.resize(620, 320)

    def accept(self) -> None:
        try:
            self._result = self.editor.commitments()
        except ValidationError as error:
            message = str(error)  # capitalize() would lower "LinkedIn" to "linkedin"
            self.errorLabel.setText(message[:1].upper() + message[1:] + ".")
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
    channels = cadence_channels(document.channels(), before)
    dialog = CadenceDialog(before, channels, repository.list_campaigns(document.pf), parent)
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    after = dialog.result_commitments() if accepted else None
    dialog.deleteLater()
    if after is None or after == before:
        return False
    return document.execute(commands.PlanCommand(document, "Change cadence", before, after))
