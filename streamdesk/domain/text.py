"""Counts said in words, shared by every layer that talks to the user.

"1 errors" and "1 new items" read as a slip; every message that puts a count before a
noun goes through :func:`plural` so the singular is right everywhere at once.
"""

from __future__ import annotations


def plural(count: int, word: str, many: str | None = None) -> str:
    """``1 item``, ``3 items``, ``1,250 items``; ``many`` for nouns not made with an s."""
    return f"{count:,} " + (word if count == 1 else many or word + "s")
