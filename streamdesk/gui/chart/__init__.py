"""The balance chart (objectName ``balanceChart``) and the stream health panel below it."""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QSplitter, QWidget

from streamdesk.domain import Item, Period
from streamdesk.domain.health import ItemFacts, stream_health
from streamdesk.gui.chart.balance_chart import BalanceChart, Plotted
from streamdesk.gui.chart.health_panel import HealthPanel
from streamdesk.gui.document import Change, PlanDocument
from streamdesk.storage import StorageError, repository

STALE_LIMIT = 2000

__all__ = ["BalanceChart", "BalancePanel", "HealthPanel", "Plotted", "create_balance_panel"]


class BalancePanel(QSplitter):
    """The chart above, the health panel below; both follow the document.

    The chart owns the debounced refresh; after each redraw the health figures are
    computed from the same initiatives and periods, so the two never disagree.
    """

    def __init__(self, document: PlanDocument, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Vertical, parent)
        self.setObjectName("balancePanel")
        self.setChildrenCollapsible(False)
        self.document = document
        self._facts: dict[int, ItemFacts] = {}
        self._stale: set[int] | None = None  # items edited since the last reload; None: all
        document.changed.connect(self._note_change)
        document.planReplaced.connect(self._note_replaced)
        self.health = HealthPanel(document, self)
        self.chart = BalanceChart(document, self)
        self.chart.refreshed.connect(self._update_health)
        self.addWidget(self.chart)
        self.addWidget(self.health)
        self.setStretchFactor(0, 3)
        self.setStretchFactor(1, 2)
        self._update_health(True)

    def refresh_now(self) -> None:
        """After an edit: reload, recompute and redraw the chart and the health, synchronously."""
        self.chart.refresh_now()

    @Slot(object)
    def _note_change(self, change: Change) -> None:
        if self._stale is not None and change.touches(Item):
            self._stale |= change.ids[Item]
            if len(self._stale) > STALE_LIMIT:
                self._stale = None  # a big import: reading everything is quicker

    @Slot()
    def _note_replaced(self) -> None:
        self._stale = None

    def _load_facts(self) -> None:
        """Catch up with the file: re-read only the items edited since the last time."""
        pf = self.document.pf
        if self._stale is None:
            self._facts = {f.id: f for f in repository.list_item_facts(pf, by_date=False)}
        elif self._stale:
            for item_id in self._stale:
                self._facts.pop(item_id, None)
            self._facts.update((f.id, f) for f in repository.list_item_facts(pf, self._stale))
        self._stale = set()

    @Slot(bool)
    def _update_health(self, reloaded: bool) -> None:
        if reloaded:
            try:
                self._load_facts()
            except StorageError as error:
                self.document.errorOccurred.emit(str(error))
                return
        periods = self.chart.periods
        facts = list(self._facts.values())
        health = stream_health(self.chart.plan, self.chart.initiatives, facts, periods)
        whole = (periods[0].start, periods[-1].end) if periods else None
        word = "week" if self.chart.by is Period.WEEK else "month"
        self.health.show_health(health, word, whole)


def create_balance_panel(document: PlanDocument, parent: QWidget | None = None) -> QWidget:
    return BalancePanel(document, parent)
