"""The Content table as CSV: UTF-8 with a byte-order mark, so Excel opens it right.

The header row and column order are ``CONTENT_COLUMNS`` then ``CONTENT_EXTRA_COLUMNS``
(for the client; import ignores them), the same as the workbook's ``Content`` sheet, and
last ``Plan ID`` (the plan's identity on every row: import refuses another plan's CSV).
Dates are ISO (YYYY-MM-DD), times HH:MM, numbers plain (a dot for decimals), empty
results empty. Text that a spreadsheet could evaluate gets one leading single quote
(``safety.csv_escape``); the importer removes it with ``safety.csv_unescape``, so values
read back unchanged.
"""

from __future__ import annotations

import csv
from datetime import date, time
from pathlib import Path

from streamdesk.excel.columns import CONTENT_COLUMNS, CONTENT_EXTRA_COLUMNS, PLAN_ID_LABEL
from streamdesk.excel.export_data import ExportData, Progress, content_fields, extra_fields
from streamdesk.excel.safety import csv_escape

ENCODING = "utf-8-sig"


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, str):
        return csv_escape(value)
    if isinstance(value, time):
        return f"{value:%H:%M}"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def write_csv(data: ExportData, path: Path, progress: Progress | None = None) -> None:
    getters = [*content_fields(data), *extra_fields(data)]
    total = len(data.items)
    with path.open("w", encoding=ENCODING, newline="") as stream:
        writer = csv.writer(stream, lineterminator="\r\n")
        headers = [header for header, _ in (*CONTENT_COLUMNS, *CONTENT_EXTRA_COLUMNS)]
        writer.writerow([*headers, PLAN_ID_LABEL])
        for n, item in enumerate(data.items, 1):
            writer.writerow([*(_cell(g(item)) for g in getters), data.uid])
            if progress is not None and n % 2000 == 0:
                progress(n, total)
    if progress is not None:
        progress(total, total)
