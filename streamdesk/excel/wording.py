"""How an importer message names the way out: a flag on the command line, a control in
the dialog.

The importer says what is wrong and which choice settles it. On the command line that
choice is a flag (``--decimal comma``); in the import dialog it is a control the user can
see (the *Numbers* box). A message that names a choice is a :class:`Worded`: a ``str``
whose text is the command line's wording, byte for byte, so everything that prints it,
compares it or wraps it keeps working; the dialog asks :func:`for_dialog` for its own.
The dialog's labels live here as well (:data:`CONTROLS`), so the dialog cannot rename a
control without the messages following it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Fix(StrEnum):
    """The choice that settles a message."""

    DECIMAL = "decimal"
    DATE_ORDER = "date order"
    CHANNEL = "channel"
    SPLIT_MULTI = "split multi"
    VALUES = "values"
    SHEETS = "sheets"
    DELETE_MISSING = "delete missing"
    MAP = "map"
    AS_NEW = "as new"


class Audience(StrEnum):
    CLI = "cli"
    DIALOG = "dialog"


# The dialog's controls, as it labels them (gui/import_choices.py, gui/import_dialog.py).
SHEETS_LABEL = "Sheets"
DATES_LABEL = "Dates"
DAY_FIRST_TEXT = "Day first"
MONTH_FIRST_TEXT = "Month first"
NUMBERS_LABEL = "Numbers"
DECIMAL_COMMA_TEXT = "Decimal comma"
DECIMAL_POINT_TEXT = "Decimal point"
FILE_CHANNEL_LABEL = "Channel of rows without one"
SPLIT_MULTI_TEXT = "A cell naming several channels makes one item per channel"
DELETE_MISSING_TEXT = "Delete what the workbook no longer lists"
AS_NEW_TEXT = "Import every row as a new item (ignore the file's IDs)"
COLUMNS_LABEL = "Columns"
IMPORTED_AS = "Imported as"
VALUES_LABEL = "Values read by a rule, or to decide"
READ_AS = "Read as"
SKIP_TEXT = "Skip these rows"

CONTROLS: dict[Fix, str] = {
    Fix.DECIMAL: f"choose {DECIMAL_COMMA_TEXT} or {DECIMAL_POINT_TEXT} under “{NUMBERS_LABEL}” "
    "above",
    Fix.DATE_ORDER: f"choose {DAY_FIRST_TEXT} or {MONTH_FIRST_TEXT} under “{DATES_LABEL}” above",
    Fix.CHANNEL: f"pick the channel under “{FILE_CHANNEL_LABEL}” above",
    Fix.SPLIT_MULTI: f"tick “{SPLIT_MULTI_TEXT}” above",
    Fix.VALUES: f"pick what it means under “{READ_AS}” in the table of values above",
    Fix.SHEETS: f"tick the sheets to import under “{SHEETS_LABEL}” above",
    Fix.DELETE_MISSING: f"tick “{DELETE_MISSING_TEXT}” to delete",
    Fix.AS_NEW: f"tick “{AS_NEW_TEXT}” above to import its rows as new items",
    Fix.MAP: f"choose each column's field under “{IMPORTED_AS}” in “{COLUMNS_LABEL}”",
}
"""What the dialog says for each choice: the control's own words, where the user sees it."""


@dataclass(frozen=True)
class Flag:
    """The part of a message only the command line says (``(--decimal comma or …)``).

    ``dialog`` is said in its place in the dialog; ``None`` drops it there, and the
    control that makes the choice is named once at the end of the message instead.
    """

    fix: Fix
    cli: str
    dialog: str | None = None


class Worded(str):
    """A message whose text is the command line's; :func:`for_dialog` words it for the
    dialog. Built from plain text and :class:`Flag` parts."""

    parts: tuple[str | Flag, ...]

    def __new__(cls, *parts: str | Flag) -> Worded:
        made = super().__new__(cls, "".join(p.cli if isinstance(p, Flag) else p for p in parts))
        made.parts = parts
        return made

    @property
    def fixes(self) -> tuple[Fix, ...]:
        return tuple(dict.fromkeys(p.fix for p in self.parts if isinstance(p, Flag)))

    def prefixed(self, prefix: str) -> Worded:
        """The same message after ``prefix`` (``Sheet: …``), still worded both ways."""
        return Worded(prefix, *self.parts)


def for_dialog(message: str) -> str:
    """``message`` as the import dialog shows it: no flags, the controls named instead."""
    if not isinstance(message, Worded):
        return message
    text = ""
    named: set[Fix] = set()
    for part in message.parts:
        if isinstance(part, Flag):
            if part.dialog is not None:
                text += part.dialog
                named.add(part.fix)
        else:
            text += part
    text = text.rstrip(" ;,")
    for fix in message.fixes:
        if fix not in named:
            text += f"; {CONTROLS[fix]}"
    return text


def worded(message: str, audience: Audience) -> str:
    """``message`` for the command line (as it is) or for the dialog."""
    return for_dialog(message) if audience is Audience.DIALOG else str(message)


def message_of(error: BaseException) -> str:
    """An exception's message, keeping a :class:`Worded` one (``str(error)`` would not)."""
    first = error.args[0] if len(error.args) == 1 else None
    return first if isinstance(first, Worded) else str(error)
