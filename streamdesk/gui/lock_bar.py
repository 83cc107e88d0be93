"""The message bar of a window showing a plan that another process writes.

It names the writer, says that its changes appear here as they are saved, and once the
writer has closed the plan offers to take over editing in this window.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QLabel, QMainWindow, QPushButton, QSizePolicy, QToolBar

from streamdesk.gui.plan_watch import PlanWatch
from streamdesk.storage.lock import LockHolder


class LockBar(QToolBar):
    def __init__(self, window: QMainWindow, watch: PlanWatch) -> None:
        super().__init__("Read-only plan", window)
        self.setObjectName("lockBar")
        self.setMovable(False)
        self.setFloatable(False)
        self.toggleViewAction().setVisible(False)
        self.watch = watch
        self.message = QLabel(self)
        self.message.setObjectName("lockBarMessage")
        self.message.setWordWrap(False)  # one line: a wrapped label makes the bar tall
        self.message.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.message.setContentsMargins(8, 4, 8, 4)
        self.addWidget(self.message)
        self.takeOverButton = QPushButton("Take Over Editing", self)
        self.takeOverButton.setObjectName("lockBarTakeOver")
        self.takeOverButton.setToolTip("Open this plan for editing in this window")
        self.takeOverButton.clicked.connect(self.take_over)
        # a widget in a tool bar is shown and hidden through its action
        self.takeOverAction = self.addWidget(self.takeOverButton)
        watch.holderChanged.connect(self.update_message)
        watch.document.planReplaced.connect(self.update_message)
        self.update_message()

    @Slot()
    def take_over(self) -> bool:
        """Take over editing, and say so: opening the file again said "Opened …"."""
        if not self.watch.take_over():
            return False
        window = self.parent()
        if isinstance(window, QMainWindow):
            name = self.watch.document.pf.path.name
            window.statusBar().showMessage(f"You are editing {name} in this window now", 10000)
        return True

    @Slot()
    def update_message(self, *_: object) -> None:
        following = self.watch.following
        self.setVisible(following)
        if not following:
            return
        name = self.watch.document.pf.path.name
        holder = self.watch.holder
        if isinstance(holder, LockHolder):
            self.message.setText(
                f"<b>Read-only:</b> {name} is open for editing in {holder.describe()}. "
                "Its changes appear here as they are saved."
            )
            self.takeOverAction.setVisible(False)
        else:
            self.message.setText(
                f"<b>Read-only:</b> the window that was editing {name} has closed it. "
                "You can take over editing here."
            )
            self.takeOverAction.setVisible(True)


def install_lock_bar(window: QMainWindow, document: object) -> LockBar:
    """The watch and its bar for ``window``; the bar shows itself when it has news."""
    from streamdesk.gui.document import PlanDocument

    assert isinstance(document, PlanDocument)
    bar = LockBar(window, PlanWatch(document))
    window.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
    bar.update_message()
    return bar
