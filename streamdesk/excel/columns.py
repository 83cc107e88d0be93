"""The columns of our own workbook: the contract between export and import.

Export writes these headers in this order; import recognises them exactly (and
foreign spreadsheets through synonyms). Change both sides together.
"""

from __future__ import annotations

CONTENT_SHEET = "Content"
TIMELINE_SHEET = "Timeline"
BALANCE_SHEET = "Balance"
PLAN_SHEET = "Plan"

# (header, Item field) — the ID column makes a re-import update instead of duplicate
CONTENT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("ID", "id"),
    ("Date", "date"),
    ("Time", "time"),
    ("Channel", "channel"),
    ("Format", "format"),
    ("Title", "title"),
    ("Status", "status"),
    ("Owner", "owner"),
    ("Campaign", "campaign"),
    ("Initiative", "initiative"),
    ("Effort (h)", "effort_hours"),
    ("Cost", "cost"),
    ("Link", "link"),
    ("Notes", "notes"),
    ("Reach", "reach"),
    ("Clicks", "clicks"),
    ("Conversions", "conversions"),
    ("Actual cost", "actual_cost"),
    ("Repeats", "repeats"),  # the series' rule in words and its id: "… (series 3)"
)

# (header, value) written after the contract's columns for the client to read; import
# leaves them alone (an unknown header of our own sheet is ignored): the plan keeps each
# item's baseline itself, and a workbook cannot move it
CONTENT_EXTRA_COLUMNS: tuple[tuple[str, str], ...] = (
    ("Planned for", "planned_for"),  # the day first planned for, on a moved item only
)

# The plan's identity (``repository.plan_uid``), which survives a rename and Save As: the
# label of a row on the Plan sheet and the header of the CSV's last column (on every row,
# so it survives tools that drop comment lines). IDs are numbered per plan: import refuses
# a file whose Plan ID is another plan's. Import ignores the column as a field.
PLAN_ID_LABEL = "Plan ID"

# (header, Initiative field); "Depends on" lists predecessor IDs separated by commas
TIMELINE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("ID", "id"),
    ("Title", "title"),
    ("Kind", "kind"),
    ("Lane", "lane"),
    ("Start", "start"),
    ("End", "end"),
    ("Status", "status"),
    ("Progress", "progress"),
    ("Effort (h)", "effort_hours"),
    ("Budget", "budget"),
    ("Depends on", "depends_on"),
    ("Owner", "owner"),
    ("Segment", "segment"),
    ("Gate", "gate"),
    ("Notes", "notes"),
)

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
"""Cell text starting with one of these could be evaluated by a spreadsheet (OWASP)."""
