"""The filter shared by the calendar's three layouts (plain Python, no Qt)."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import TypedDict

from streamdesk.domain import Item, ItemStatus


class CellQuery(TypedDict):
    """The filter as the keyword arguments of ``repository.items_per_cell``."""

    channel_id: int | None
    status: ItemStatus | None
    campaign_id: int | None
    initiative_id: int | None
    owner: str | None
    text: str


@dataclass(frozen=True)
class ItemFilter:
    """Which items to show; ``None`` (or an empty text) means "any"."""

    channel_id: int | None = None
    status: ItemStatus | None = None
    campaign_id: int | None = None
    initiative_id: int | None = None
    owner: str | None = None
    text: str = ""

    @property
    def active(self) -> bool:
        return self != ItemFilter()

    def cleared(self) -> ItemFilter:
        return ItemFilter()

    def with_(self, **changes: object) -> ItemFilter:
        return replace(self, **changes)  # type: ignore[arg-type]  # names checked by replace()

    def query(self) -> CellQuery:
        """The filter as the keyword arguments of ``repository.items_per_cell``."""
        return CellQuery(
            channel_id=self.channel_id,
            status=self.status,
            campaign_id=self.campaign_id,
            initiative_id=self.initiative_id,
            owner=self.owner,
            text=self.text,
        )

    def active_fields(self) -> list[str]:
        return [f.name for f in fields(self) if getattr(self, f.name) not in (None, "")]

    def matches(self, item: Item) -> bool:
        if self.channel_id is not None and item.channel_id != self.channel_id:
            return False
        if self.status is not None and item.status != self.status:
            return False
        if self.campaign_id is not None and item.campaign_id != self.campaign_id:
            return False
        if self.initiative_id is not None and item.initiative_id != self.initiative_id:
            return False
        if self.owner is not None and item.owner != self.owner:
            return False
        if self.text:
            needle = self.text.strip().casefold()
            haystack = " ".join((item.title, item.format, item.owner, item.notes, item.link))
            if needle not in haystack.casefold():
                return False
        return True
