"""Numbers written the way people write them: ``$1,500``, ``12,345``, ``1.250,50``, ``80,00 €``.

Whether a comma is a decimal mark or a thousands separator is decided once per column,
from all its values, as the date order is: ``1.250,50`` or ``80,00`` settle a column as
decimal-comma, ``1,250.50``, ``0.5`` or a leading ``$``/``£`` as decimal-point. A column
whose only witnesses read both ways (``1,500`` alone in a cost column) is refused with
the choice to make, never guessed. A whole-number column is not ambiguous: ``12,345``
clicks can only be twelve thousand. The values are then parsed with Babel's number
parser for the chosen convention (strict, so ``1,5,0`` is an error, not 150).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from babel.numbers import NumberFormatError, parse_decimal

from streamdesk.excel.wording import (
    DECIMAL_COMMA_TEXT,
    DECIMAL_POINT_TEXT,
    NUMBERS_LABEL,
    Fix,
    Flag,
    Worded,
)

DECIMAL_COMMA, DECIMAL_POINT = "comma", "point"
LOCALES = {DECIMAL_COMMA: "de_DE", DECIMAL_POINT: "en_US"}

CURRENCY = re.compile(
    r"^(?:[$€£¥₹]|USD|EUR|GBP|CHF|CAD|AUD)\s*|\s*(?:[$€£¥₹]|USD|EUR|GBP|CHF|CAD|AUD|h)$", re.I
)
_SPACES = re.compile(r"[\s\u00a0\u202f']")  # 1 250,50 and 1'250.50 group with spaces / quotes
_COMMA_DECIMAL = re.compile(r"^\d{1,3}(?:\.\d{3})+,\d+$|^\d+,\d{1,2}$|^\d+,\d{4,}$")
_POINT_DECIMAL = re.compile(r"^\d{1,3}(?:,\d{3})+\.\d+$|^\d+\.\d{1,2}$|^\d+\.\d{4,}$")
_COMMA_GROUPS = re.compile(r"^\d{1,3}(?:,\d{3})+$")  # 1,500 / 12,345: thousands, or decimals
_CHOOSE = Flag(
    Fix.DECIMAL,
    "(--decimal comma or --decimal point)",
    f"{DECIMAL_COMMA_TEXT} or {DECIMAL_POINT_TEXT} under “{NUMBERS_LABEL}” above",
)
_POINT_GROUPS = re.compile(r"^\d{1,3}(?:\.\d{3})+$")  # 1.500: a thousand and a half, or 1.5


@dataclass
class NumberColumn:
    """A column's convention and, if it cannot be decided, why (with the choice to make)."""

    decimal: str | None = None
    problem: str | None = None
    evidence: dict[str, str] = field(default_factory=dict)  # convention -> example


def _clean(text: str) -> tuple[str, bool]:
    """The digits without currency, spaces and a trailing "h"; whether $ or £ led it."""
    text = text.strip()
    dollar = text.startswith(("$", "£", "USD", "GBP"))
    for _ in range(2):
        text = CURRENCY.sub("", text).strip()
    return _SPACES.sub("", text), dollar


def decide_column(values: Sequence[Any], *, integer: bool, decimal: str | None) -> NumberColumn:
    """The decimal convention of one column, from the text cells in it."""
    column = NumberColumn(decimal)
    if decimal is not None:
        return column
    ambiguous: str | None = None
    for value in values:
        if not isinstance(value, str) or not value.strip():
            continue
        digits, dollar = _clean(value)
        if _COMMA_DECIMAL.match(digits) or (digits.count(",") == 0 and digits.count(".") > 1):
            column.evidence.setdefault(DECIMAL_COMMA, value.strip())
        elif _POINT_DECIMAL.match(digits) or (digits.count(".") == 0 and digits.count(",") > 1):
            column.evidence.setdefault(DECIMAL_POINT, value.strip())
        elif _COMMA_GROUPS.match(digits) or _POINT_GROUPS.match(digits):
            if dollar:
                column.evidence.setdefault(DECIMAL_POINT, value.strip())
            elif integer:
                # a whole number: 12,345 or 12.345 can only be grouped thousands
                kind = DECIMAL_POINT if "," in digits else DECIMAL_COMMA
                column.evidence.setdefault(kind, value.strip())
            elif ambiguous is None:
                ambiguous = value.strip()
    if DECIMAL_COMMA in column.evidence and DECIMAL_POINT in column.evidence:
        column.problem = Worded(
            f"mixes decimal commas ({column.evidence[DECIMAL_COMMA]}) and decimal points "
            f"({column.evidence[DECIMAL_POINT]}); fix the column or choose ",
            _CHOOSE,
        )
    elif column.evidence:
        column.decimal = next(iter(column.evidence))
    elif ambiguous is not None:
        column.problem = Worded(
            f"numbers like {ambiguous} could use a decimal comma or a thousands separator; choose ",
            _CHOOSE,
        )
    return column


def parse_amount(value: Any, decimal: str | None) -> float | None:
    """A number from a cell; None when empty. Raises ValueError for text that is not one."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, (int, float)):
        return float(value)
    digits, _ = _clean(str(value))
    if not digits:
        return None
    if re.fullmatch(r"\d+", digits):
        return float(digits)
    if decimal is None:
        # no evidence in the column: the one unambiguous reading of a single mark
        if digits.count(",") == 1 and "." not in digits:
            digits = digits.replace(",", ".")
        return float(digits)
    try:
        number: Decimal = parse_decimal(digits, locale=LOCALES[decimal], strict=True)
    except NumberFormatError:
        raise ValueError(value) from None
    return float(number)
