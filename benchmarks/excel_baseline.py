"""The baselines of the Excel scenarios: the library doing the raw work, as a process.

``excel_baseline.py write PLAN OUT.xlsx`` reads the plan's items with plain ``sqlite3``
and writes the same rows as the workbook's ``Content`` sheet (same headers, one row per
item, channel/campaign/initiative by name, dates as dates) with plain openpyxl: a
default ``Workbook()``, ``ws.append`` per row, ``save``. No styles, no other sheets.

``excel_baseline.py csv PLAN OUT.csv`` writes the same rows with the ``csv`` module
(UTF-8 with a BOM, as the CSV export), nothing else.

``excel_baseline.py read IN.xlsx`` opens a workbook with openpyxl in read-only mode and
reads every cell of every sheet.
"""

from __future__ import annotations

import csv
import sqlite3
import sys
from datetime import date

from openpyxl import Workbook, load_workbook

HEADERS = (
    "ID",
    "Date",
    "Time",
    "Channel",
    "Format",
    "Title",
    "Status",
    "Owner",
    "Campaign",
    "Initiative",
    "Effort (h)",
    "Cost",
    "Link",
    "Notes",
    "Reach",
    "Clicks",
    "Conversions",
    "Actual cost",
)

CONTENT_SQL = """
SELECT i.id, i.date, i.time, c.name, i.format, i.title, i.status, i.owner, k.name, n.title,
       i.effort_hours, i.cost, i.link, i.notes, i.reach, i.clicks, i.conversions, i.actual_cost
FROM items i
JOIN channels c ON c.id = i.channel_id
LEFT JOIN campaigns k ON k.id = i.campaign_id
LEFT JOIN initiatives n ON n.id = i.initiative_id
ORDER BY i.date, i.time IS NOT NULL, i.time, i.id
"""


def write(plan: str, out: str) -> int:
    conn = sqlite3.connect(f"file:{plan}?mode=ro", uri=True)
    wb = Workbook()
    ws = wb.active
    ws.title = "Content"
    ws.append(HEADERS)
    rows = 0
    for row in conn.execute(CONTENT_SQL):
        values = list(row)
        values[1] = date.fromisoformat(values[1])
        ws.append(values)
        rows += 1
    wb.save(out)
    conn.close()
    return rows


def write_csv(plan: str, out: str) -> int:
    conn = sqlite3.connect(f"file:{plan}?mode=ro", uri=True)
    rows = 0
    with open(out, "w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(HEADERS)
        for row in conn.execute(CONTENT_SQL):
            writer.writerow(row)
            rows += 1
    conn.close()
    return rows


def read(path: str) -> int:
    wb = load_workbook(path, read_only=True)
    cells = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows(values_only=True):
            for _value in row:
                cells += 1
    wb.close()
    return cells


def main(argv: list[str]) -> int:
    if len(argv) == 3 and argv[0] == "write":
        print(f"wrote {write(argv[1], argv[2])} rows")
        return 0
    if len(argv) == 3 and argv[0] == "csv":
        print(f"wrote {write_csv(argv[1], argv[2])} rows")
        return 0
    if len(argv) == 2 and argv[0] == "read":
        print(f"read {read(argv[1])} cells")
        return 0
    usage = "usage: excel_baseline.py write PLAN OUT.xlsx | csv PLAN OUT.csv | read IN.xlsx"
    print(usage, file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
