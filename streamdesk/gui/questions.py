"""Questions whose buttons say what they do, with Cancel the default.

Delete / Cancel rather than Yes / No, "This one / This and following / All" rather than a
list to pick from: each button is an answer. Cancel is the default and the Escape button,
so a stray Enter changes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from PySide6.QtWidgets import QMessageBox, QWidget

T = TypeVar("T")


def ask(
    parent: QWidget | None,
    icon: QMessageBox.Icon,
    title: str,
    text: str,
    name: str,
    answers: Sequence[tuple[str, QMessageBox.ButtonRole, T]],
) -> T | None:
    """The answer of the button clicked, or None for Cancel (or the window closed).
    ``name`` is the box's object name, for tests and accessibility."""
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.NoButton, parent)
    box.setObjectName(name)
    buttons = [(box.addButton(label, role), answer) for label, role, answer in answers]
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    box.exec()
    clicked = box.clickedButton()
    box.deleteLater()
    return next((answer for button, answer in buttons if button is clicked), None)
