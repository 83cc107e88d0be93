"""Combo boxes long enough to need searching (a plan may hold hundreds of initiatives)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QCompleter


def find_by_typing(combo: QComboBox) -> None:
    """Type any part of an entry, case-insensitively, and pick it from the matches.

    Typing never adds an entry: text that names none leaves the choice as it was.
    """
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    finder = combo.completer()
    if finder is None:  # setEditable(True) gives an editable combo box its completer
        return
    finder.setFilterMode(Qt.MatchFlag.MatchContains)
    finder.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    finder.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
