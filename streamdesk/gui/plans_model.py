"""The Plans window's table: one row per plan, read from ``storage.catalogue``.

The rows are ``PlanSummary`` values (read-only connections, never a lock); a plan that
cannot be read is a row with its state, never a hole in the list. The upstream share is
drawn as a small badge: green inside the plan's band, orange outside, grey with nothing
planned. ``PlansFilter`` searches every column as the user types.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap

from streamdesk.domain.balance import share_percent
from streamdesk.gui.calendar.dates import day_text, time_text
from streamdesk.storage.catalogue import NextDue, PlanState, PlanSummary

COLUMNS = (
    "Plan",
    "Client",
    "File",
    "Last edited",
    "This week",
    "Next due",
    "Upstream share",
    "State",
)
PLAN, CLIENT, FILE, MODIFIED, WEEK, NEXT, SHARE, STATE = range(len(COLUMNS))
SummaryRole = Qt.ItemDataRole.UserRole + 1
SortRole = Qt.ItemDataRole.UserRole + 2

IN_BAND = QColor("#2E9D57")
OUTSIDE = QColor("#E07B00")
NOTHING = QColor("#9AA0A6")

_Index = QModelIndex | QPersistentModelIndex


def badge(colour: QColor, size: int = 12) -> QIcon:
    """A small filled circle: what the share column shows beside its figure."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    painter.drawEllipse(1, 1, size - 2, size - 2)
    painter.end()
    return QIcon(pixmap)


def state_text(s: PlanSummary) -> str:
    if s.state is not PlanState.OK:
        return s.state.value
    if s.locked_here:
        return "open in a window here"
    if s.locked_by:
        return "open in another window"
    if s.read_only:
        return "read-only"
    return "ok"


def share_text(s: PlanSummary) -> str:
    if s.upstream_share is None or s.band_low is None or s.band_high is None:
        return "–" if s.state is PlanState.OK else ""
    figure = share_percent(s.upstream_share, s.band_low, s.band_high)
    return f"{figure} ({'in' if s.in_band else 'outside'} {s.band_low:.0%}–{s.band_high:.0%})"


class PlansModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[PlanSummary] = []
        self._badges = {True: badge(IN_BAND), False: badge(OUTSIDE), None: badge(NOTHING)}

    def set_plans(self, plans: Sequence[PlanSummary]) -> None:
        self.beginResetModel()
        self._rows = list(plans)
        self.endResetModel()

    def plans(self) -> list[PlanSummary]:
        return list(self._rows)

    def summary(self, row: int) -> PlanSummary:
        return self._rows[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(COLUMNS):
            return COLUMNS[section]
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        s = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(s, column)
        if role == SortRole:
            return self._sort_key(s, column)
        if role == SummaryRole:
            return s
        if role == Qt.ItemDataRole.DecorationRole and column == SHARE and s.state is PlanState.OK:
            return self._badges[s.in_band]
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == STATE or s.state is not PlanState.OK:
                return s.message or s.locked_by or state_text(s)
            if column == FILE:
                return str(s.path)
            if column == NEXT and s.next_due is not None:
                return next_due(s.next_due)
        if (
            role == Qt.ItemDataRole.ForegroundRole
            and column == STATE
            and s.state is not PlanState.OK
        ):
            return QColor("#C62828")
        if role == Qt.ItemDataRole.TextAlignmentRole and column == WEEK:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    @staticmethod
    def _display(s: PlanSummary, column: int) -> str:
        if column == PLAN:
            return s.title
        if column == CLIENT:
            return s.client
        if column == FILE:
            return s.path.name
        if column == MODIFIED:
            if s.modified is None:
                return ""
            return f"{day_text(s.modified.date(), weekday=False)} {time_text(s.modified.time())}"
        if column == WEEK:
            return "" if s.items_this_week is None else str(s.items_this_week)
        if column == NEXT:
            return "" if s.next_due is None else next_due(s.next_due)
        if column == SHARE:
            return share_text(s)
        return state_text(s)

    @classmethod
    def _sort_key(cls, s: PlanSummary, column: int) -> Any:
        if column == MODIFIED:
            return 0.0 if s.modified is None else s.modified.timestamp()
        if column == WEEK:
            return -1 if s.items_this_week is None else s.items_this_week
        if column == SHARE:
            return -1.0 if s.upstream_share is None else s.upstream_share
        if column == NEXT:  # by day: the words ("Thu, 4 Mar") would sort by weekday
            return "" if s.next_due is None else f"{s.next_due.day.isoformat()} {s.next_due.title}"
        return cls._display(s, column).casefold()


class PlansFilter(QSortFilterProxyModel):
    """Type to search: a row stays when any of its columns holds the text (any case)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterKeyColumn(-1)
        self.setSortRole(SortRole)


def next_due(due: NextDue) -> str:
    """The day in the locale's words, as every date in the window ("Thu, 4 Mar 2027 …")."""
    return f"{day_text(due.day)} {due.title}"
