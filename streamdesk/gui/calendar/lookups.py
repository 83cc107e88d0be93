"""What the calendar offers to choose from: the plan's channels, campaigns, initiatives and
owners (plain Python, no Qt).

Read once per plan or structural change, and kept: the filter bar, the item dialog, the
list's inline editors and the right-click menus all offer the same choices.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from streamdesk.domain import Campaign, Channel, Initiative, Stream
from streamdesk.storage import PlanFile, repository

FULL_OWNER_SCAN = 200  # an edit of more items than this reads the owners again


@dataclass(frozen=True)
class Choices:
    """The plan's downstream channels (content goes there), campaigns, initiatives, owners."""

    channels: Sequence[Channel] = ()
    campaigns: Sequence[Campaign] = ()
    initiatives: Sequence[Initiative] = ()
    owners: Sequence[str] = ()


class PlanLookups:
    """The plan's lookups as last read."""

    def __init__(self) -> None:
        self.channels: list[Channel] = []
        self.campaigns: list[Campaign] = []
        self.initiatives: list[Initiative] = []
        self.owners: list[str] = []

    def reload(self, pf: PlanFile, channels: Sequence[Channel]) -> None:
        self.channels = list(channels)
        self.campaigns = repository.list_campaigns(pf)
        self.initiatives = repository.list_initiatives(pf)
        self.owners = repository.item_owners(pf)

    def downstream(self) -> list[Channel]:
        return [c for c in self.channels if c.stream is Stream.DOWNSTREAM]

    def choices(self) -> Choices:
        return Choices(self.downstream(), self.campaigns, self.initiatives, self.owners)

    def initiative_title(self, initiative_id: int) -> str:
        found = next((i for i in self.initiatives if i.id == initiative_id), None)
        return found.title if found is not None else f"initiative {initiative_id}"

    def note_owners(self, pf: PlanFile, edited: int, owners: frozenset[str] | None) -> bool:
        """Add the owners ``edited`` items now have (without a full scan when few were
        edited and their owners are known); True if the list changed."""
        if owners is None or edited > FULL_OWNER_SCAN:
            fresh = repository.item_owners(pf)
        else:
            new = owners - set(self.owners)
            if not new:
                return False
            fresh = sorted({*self.owners, *new}, key=str.casefold)
        if fresh == self.owners:
            return False
        self.owners = fresh
        return True
