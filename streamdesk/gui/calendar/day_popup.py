"""The list behind a busy cell's "+N more": every item of one day or channel-week."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QPoint, QSignalBlocker, Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from streamdesk.domain import Channel, Item, ItemStatus
from streamdesk.gui.calendar.chips import chip_text, colour_icon


class DayItemsPopup(QFrame):
    """The list behind "+N more": every item of one day (or channel-week).

    A framed child laid over the calendar rather than a popup window, so it needs no
    keyboard grab; it closes on Escape, on the × button or when focus leaves it.
    """

    itemChosen = Signal(int)
    itemActivated = Signal(int)
    deleteRequested = Signal(list)  # the ids selected in the list

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("dayItemsPopup")
        self.setFrameShape(QFrame.Shape.Box)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.Window)
        self.hide()
        self.closeButton = QToolButton(self)
        self.closeButton.setObjectName("dayItemsClose")
        self.closeButton.setText("×")
        self.closeButton.setAutoRaise(True)
        self.closeButton.setToolTip("Close (Esc)")
        self.closeButton.clicked.connect(self.close_and_return)
        self._opener: QWidget | None = None
        app = QApplication.instance()
        if isinstance(app, QApplication):  # always, for a widget: it needs a QApplication
            app.focusChanged.connect(self._focus_changed)
        self.title = QLabel()
        self.title.setObjectName("dayItemsTitle")
        bold = QFont(self.title.font())
        bold.setBold(True)
        self.title.setFont(bold)
        self.title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.list = QListWidget()
        self.list.setObjectName("dayItemsList")
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.itemSelectionChanged.connect(self._chosen)
        self.list.itemActivated.connect(  # a double-click, or Enter
            lambda entry: self.itemActivated.emit(entry.data(Qt.ItemDataRole.UserRole))
        )
        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        header.addWidget(self.closeButton)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(header)
        layout.addWidget(self.list)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close_and_return()
            return
        if event.key() == Qt.Key.Key_Delete:
            ids = [e.data(Qt.ItemDataRole.UserRole) for e in self.list.selectedItems()]
            if ids:
                self.deleteRequested.emit(ids)
            return
        super().keyPressEvent(event)

    def close_and_return(self) -> None:
        """Hide, and give the keyboard back to the grid that opened the list."""
        opener, self._opener = self._opener, None
        self.hide()
        if opener is not None and opener.isVisible():
            opener.setFocus(Qt.FocusReason.PopupFocusReason)

    def _focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        if self.isVisible() and new is not None and not self.isAncestorOf(new):
            self.hide()

    def show_items(
        self, title: str, items: Sequence[Item], channels: dict[int, Channel], at: QPoint
    ) -> None:
        self.title.setText(title)
        focus = QApplication.focusWidget()
        self._opener = focus if focus is not None and not self.isAncestorOf(focus) else None
        with QSignalBlocker(self.list):
            self.list.clear()
            for item in items:
                channel = channels.get(item.channel_id)
                name = channel.name if channel else "?"
                entry = QListWidgetItem(f"{chip_text(item)}  ·  {name} · {item.status.value}")
                if channel is not None:
                    entry.setIcon(colour_icon(channel.colour))
                if item.status is ItemStatus.CANCELLED:
                    font = entry.font()
                    font.setStrikeOut(True)
                    entry.setFont(font)
                entry.setData(Qt.ItemDataRole.UserRole, item.id)
                entry.setToolTip(item.title)
                self.list.addItem(entry)
        rows = min(len(items), 12)
        parent = self.parentWidget()
        row_height = max(self.list.sizeHintForRow(0), self.fontMetrics().height() + 4)
        height = self.closeButton.sizeHint().height() + rows * row_height + 24
        width = 360
        if parent is not None:
            height = min(height, parent.height() - 8)
            width = min(width, parent.width() - 8)
            local = parent.mapFromGlobal(at)
            x = max(4, min(local.x(), parent.width() - width - 4))
            y = max(4, min(local.y(), parent.height() - height - 4))
            at = QPoint(x, y)
        self.setGeometry(at.x(), at.y(), width, height)
        self.show()
        self.raise_()
        self.list.setFocus()

    def _chosen(self) -> None:
        for entry in self.list.selectedItems()[:1]:
            self.itemChosen.emit(entry.data(Qt.ItemDataRole.UserRole))
