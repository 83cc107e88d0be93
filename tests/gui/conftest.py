"""Fixtures of the window area: what the window says, in its status bar and its warnings.

The plan, the document and the window itself come from tests/conftest.py: every view's
tests use them.
"""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox


@pytest.fixture
def warnings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a[2]))
    return shown


@pytest.fixture
def status_messages(window) -> list[str]:  # type: ignore[no-untyped-def]
    """Every message the window's status bar showed from now on.

    The status bar's current text is not stable: a widget's status tip replaces it as
    soon as the (offscreen) cursor rests over that widget, as it does for a real user.
    """
    shown: list[str] = []
    window.statusBar().messageChanged.connect(lambda text: shown.append(text))
    return shown
