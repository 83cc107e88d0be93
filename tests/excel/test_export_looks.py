"""Columns wide enough for what they hold, as LibreOffice renders the workbook on paper:
seen rendered, the Repeats column cut the series id off a long rule, and the Balance sheet
cut "2026-10 (partial)" to "2026-10 (par"."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
from import_helpers import export

from streamdesk.domain import Item
from streamdesk.domain.series import Series
from streamdesk.excel.columns import BALANCE_SHEET, CONTENT_COLUMNS, CONTENT_SHEET
from streamdesk.storage import PlanFile, repository, series_repo

CHARS_PER_UNIT = 1.5
"""Characters of Calibri (Carlito) text that fit one unit of column width, measured on the
rendering; headers and digits are wider."""


def test_the_repeats_column_holds_the_longest_rule_with_its_series_id(
    empty_pf: PlanFile, tmp_path: Path
) -> None:
    channel = next(c for c in repository.list_channels(empty_pf) if c.name == "LinkedIn")
    series_repo.create_series(
        empty_pf,
        Series(
            rule="FREQ=WEEKLY;BYDAY=MO,WE,FR;UNTIL=20271231",
            start=date(2027, 1, 4),
            title="Tips",
            channel_id=channel.id or 0,
        ),
        date(2027, 1, 1),
    )
    ws = openpyxl.load_workbook(export(empty_pf, tmp_path / "r.xlsx"))[CONTENT_SHEET]
    column = next(n for n, (_, f) in enumerate(CONTENT_COLUMNS, 1) if f == "repeats")
    texts = [ws.cell(r, column).value or "" for r in range(2, ws.max_row + 1)]
    longest = max(texts, key=len)
    assert longest.endswith("(series 1)")
    width = ws.column_dimensions[openpyxl.utils.get_column_letter(column)].width
    assert width * CHARS_PER_UNIT >= len(longest)


def test_a_partial_months_label_fits_the_balance_sheet(pf: PlanFile, tmp_path: Path) -> None:
    out = export(pf, tmp_path / "b.xlsx", period=(date(2027, 3, 10), date(2027, 4, 20)))
    ws = openpyxl.load_workbook(out)[BALANCE_SHEET]
    labels = [ws.cell(r, 1).value or "" for r in range(2, ws.max_row + 1)]
    assert any("(partial)" in label for label in labels)
    width = ws.column_dimensions["A"].width
    # digits are wider: rendered at width 10 the column showed 12 characters
    assert width * 1.2 >= max(len(label) for label in labels)


def test_month_sheets_mark_a_series_occurrences(empty_pf: PlanFile, tmp_path: Path) -> None:
    """Rendered, the month sheets showed no rhythm: the weekly newsletter read as one-offs.
    An occurrence's chip starts with ↻, as in the window; the page's key says so."""
    email = next(c for c in repository.list_channels(empty_pf) if c.name == "Email")
    series_repo.create_series(
        empty_pf,
        Series(
            rule="FREQ=WEEKLY;BYDAY=TH;COUNT=4",
            start=date(2027, 3, 4),
            title="Newsletter",
            channel_id=email.id or 0,
        ),
        date(2027, 3, 1),
    )
    repository.insert(empty_pf, Item("One-off", date(2027, 3, 9), email.id or 0))
    ws = openpyxl.load_workbook(export(empty_pf, tmp_path / "m.xlsx"))["2027-03 Mar"]
    texts = [str(c.value) for row in ws.iter_rows() for c in row if c.value]
    assert sum(t.startswith("↻ Newsletter") for t in texts) == 4
    assert "One-off (idea)" in texts
    assert "↻ repeats" in ws.oddHeader.right.text
