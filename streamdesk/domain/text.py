"""Counts said in words, shared by every layer that talks to the user.

"1 errors" and "1 new items" read as a slip; every message that puts a count before a
noun goes through :func:`plural` (or :func:`noun`, where the count is written beside
others that are not grouped in thousands) so the singular is right everywhere at once.
"""

from __future__ import annotations


def noun(count: int, word: str, many: str | None = None) -> str:
    """``word`` for one, its plural otherwise; ``many`` for nouns not made with an s."""
    return word if count == 1 else many or word + "s"


def plural(count: int, word: str, many: str | None = None) -> str:
    """``1 item``, ``3 items``, ``1,250 items``: the count grouped in thousands."""
    return f"{count:,} {noun(count, word, many)}"


MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
"""English month names, whatever the locale: what other tools' English exports write, and
the timeline's names until the view sets the locale's."""
