"""The "Showing: ⟨initiative⟩ ✕" chip: says why some chips are ringed, and clears it.

Selecting an initiative in the timeline rings its items in the calendar; without a word
about it the rings (and the lighter look of the other chips) would persist across months
with no visible cause and no visible way out. The chip is both.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QToolButton, QWidget


class SelectionChip(QFrame):
    """Hidden until an initiative is selected; ✕ asks for the selection to be cleared."""

    clearRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("initiativeChip")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.AlternateBase)
        self.label = QLabel(self)
        self.label.setObjectName("initiativeChipLabel")
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.label.setMinimumWidth(60)
        self.clearButton = QToolButton(self)
        self.clearButton.setObjectName("initiativeChipClear")
        self.clearButton.setText("✕")
        self.clearButton.setAutoRaise(True)
        self.clearButton.setToolTip("Show every item alike again")
        self.clearButton.setAccessibleName("Clear the initiative shown")
        self.clearButton.clicked.connect(self.clearRequested)
        row = QHBoxLayout(self)
        row.setContentsMargins(6, 0, 0, 0)
        row.setSpacing(2)
        row.addWidget(self.label, 1)
        row.addWidget(self.clearButton)
        self.setMaximumWidth(320)
        self.hide()

    def show_initiative(self, title: str | None) -> None:
        """Show "Showing: ``title``", or hide for None."""
        if title is None:
            self.hide()
            return
        text = f"Showing: {title}"
        self.label.setText(text)
        self.setToolTip(f"{text}: its items are ringed. ✕ or a click on an empty day clears it.")
        self.setAccessibleName(text)
        self.show()
