"""A labelled empty area for a view that has not been built yet."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget


class Placeholder(QLabel):
    def __init__(self, object_name: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setObjectName(object_name)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)
        self.setMinimumSize(200, 120)
        self.setStyleSheet("QLabel { color: palette(mid); border: 1px dashed palette(mid); }")
