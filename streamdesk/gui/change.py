"""What an edit touched, as the document reports it to the views.

A plain value with no Qt in it, in its own module so that the undo commands and the
document can both use it without importing each other.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from streamdesk.domain import Entity, Item


@dataclass(frozen=True)
class Change:
    """What an edit touched: entity classes and their ids, and whether the plan row changed.

    ``relinked`` names the initiatives that gained or lost items, so that a view counting
    items per initiative does not recount a 20,000-item plan after a drag that moved an
    item in time only; ``item_dates`` the days items left or reached, so that a calendar
    reads those days again and not its whole month; ``item_owners`` the owners of the items
    as they are now. ``None`` when not known.
    """

    kinds: frozenset[type] = frozenset()
    ids: dict[type, frozenset[Any]] = field(default_factory=dict)
    plan: bool = False
    relinked: frozenset[int] | None = None
    item_dates: frozenset[date] | None = None
    item_owners: frozenset[str] | None = None

    @classmethod
    def of(cls, before: list[Entity], after: list[Entity], plan: bool = False) -> Change:
        ids: dict[type, set[Any]] = {}
        for entity in (*before, *after):
            ids.setdefault(type(entity), set()).add(entity.id)
        links: Counter[int] = Counter()
        for sign, group in ((-1, before), (1, after)):
            for entity in group:
                if isinstance(entity, Item) and entity.initiative_id is not None:
                    links[entity.initiative_id] += sign
        items = [e for e in (*before, *after) if isinstance(e, Item)]
        return cls(
            frozenset(ids),
            {k: frozenset(v) for k, v in ids.items()},
            plan=plan,
            relinked=frozenset(i for i, n in links.items() if n),
            item_dates=frozenset(i.date for i in items),
            item_owners=frozenset(e.owner for e in after if isinstance(e, Item) and e.owner),
        )

    def touches(self, kind: type) -> bool:
        return kind in self.kinds
