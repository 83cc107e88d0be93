"""The list layout's column widths: from the header and a sample of rows, Title giving
way so that the columns up to Campaign fit a laptop's window (issue 19)."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QModelIndex, Qt

from streamdesk.domain import Item
from streamdesk.gui.calendar import CalendarWidget
from streamdesk.gui.calendar.list_view import (
    FIELDS,
    FIRST_READ,
    SAMPLE_ROWS,
    TITLE_MIN,
    WIDTH_CAP,
    ItemTable,
    ItemTableModel,
    column,
)


def right_edge(view: ItemTable, field: str) -> int:
    n = column(field)
    return view.columnViewportPosition(n) + view.columnWidth(n)


def test_at_a_laptops_width_every_column_up_to_campaign_is_in_view(
    qtbot, cal: CalendarWidget
) -> None:  # type: ignore[no-untyped-def]
    cal.resize(930, 600)  # the calendar's share of a 1366 px wide window
    cal.set_layout("list")
    view = cal.itemList
    qtbot.waitUntil(lambda: view.viewport().width() < 930)
    assert view.proxy.rowCount() > 5
    assert right_edge(view, "campaign_id") <= view.viewport().width()
    assert view.columnWidth(column("title")) >= TITLE_MIN
    for field in FIRST_READ:  # each one wide enough for its header
        n = column(field)
        assert view.columnWidth(n) >= view.horizontalHeader().sectionSizeHint(n) - 1, field


def test_a_wide_view_gives_title_the_rest(qtbot, cal: CalendarWidget) -> None:  # type: ignore[no-untyped-def]
    cal.set_layout("list")
    view = cal.itemList
    narrow = view.columnWidth(column("title"))
    others = sum(view.columnWidth(n) for n in range(len(FIELDS)) if n != column("title"))
    cal.resize(others + 900, 600)
    qtbot.waitUntil(lambda: view.columnWidth(column("title")) > narrow)
    assert right_edge(view, FIELDS[-1]) == view.viewport().width()  # nothing cut, no gap


def test_one_long_value_does_not_make_its_column_huge(qtbot) -> None:  # type: ignore[no-untyped-def]
    model = ItemTableModel()
    view = ItemTable(model)
    qtbot.addWidget(view)
    long_owner = "An owner whose name goes on and on " * 4
    model.set_items(
        [Item(id=1, title="Post", date=date(2027, 3, 1), channel_id=1, owner=long_owner)]
    )
    view.fit_columns()
    assert view.columnWidth(column("owner")) == WIDTH_CAP
    assert view.columnWidth(column("id")) < WIDTH_CAP


def test_widths_come_from_a_sample_not_from_every_row(qtbot) -> None:  # type: ignore[no-untyped-def]
    """resizeColumnsToContents reads every cell: 0.5 s on 100,000 rows."""
    model = ItemTableModel()
    start = date(2027, 3, 1)
    model.set_items(
        [
            Item(id=n, title=f"Post {n}", date=start + timedelta(days=n % 28), channel_id=1)
            for n in range(1, 3001)
        ]
    )
    view = ItemTable(model)
    qtbot.addWidget(view)
    view.resize(900, 400)
    view.show()
    qtbot.waitExposed(view)
    rows: set[int] = set()
    data = model.data

    def counting(index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        rows.add(index.row())
        return data(index, role)

    model.data = counting  # type: ignore[method-assign]  # count the rows the fit reads
    view.fit_columns()
    assert 0 < len(rows) <= 2 * SAMPLE_ROWS


def test_a_column_the_user_sized_keeps_its_width(qtbot, cal: CalendarWidget) -> None:  # type: ignore[no-untyped-def]
    cal.set_layout("list")
    view = cal.itemList
    view.horizontalHeader().resizeSection(column("title"), 333)  # as a drag does
    cal.next_month()
    cal.resize(cal.width() + 120, cal.height())
    qtbot.waitUntil(lambda: view.viewport().width() > 0)
    assert view.columnWidth(column("title")) == 333
