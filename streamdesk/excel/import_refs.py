"""The plan's channels, campaigns and initiatives as an import names them, and new ones' ids.

A row names its channel, campaign and initiative by name (or an initiative by ID); this
finds them, or makes a new channel or campaign once per name. New records take their
ids from storage (:func:`repository.next_id`), one after the other, so the import plan
can link rows to them before anything is written.
"""

from __future__ import annotations

from typing import Any

from streamdesk.domain import Campaign, Channel, Initiative, Stream
from streamdesk.excel.cells import CellError, cell_text, quoted
from streamdesk.storage import PlanFile, repository

NEW_CHANNEL_COLOURS = (
    "#1B9E77",
    "#D95F02",
    "#7570B3",
    "#E7298A",
    "#66A61E",
    "#E6AB02",
    "#A6761D",
    "#1F78B4",
    "#B2DF8A",
    "#FB9A99",
    "#CAB2D6",
    "#FDBF6F",
)


class References:
    """Lookups by name and id over what the plan has and what the import creates."""

    def __init__(self, pf: PlanFile) -> None:
        self.channels = repository.list_channels(pf)
        self.channel_by_name = {c.name.casefold(): c for c in self.channels}
        self.channel_by_id = {c.id: c for c in self.channels}
        self.new_channels: list[Channel] = []
        self.campaigns = repository.list_campaigns(pf)
        self.campaign_by_name: dict[str, Campaign] = {}
        for c in self.campaigns:
            self.campaign_by_name.setdefault(c.name.casefold(), c)
        self.new_campaigns: list[Campaign] = []
        self.campaign_names = {c.id: c.name for c in self.campaigns}
        self.initiatives = repository.list_initiatives(pf)
        self.initiative_by_id: dict[int | None, Initiative] = {i.id: i for i in self.initiatives}
        # initiatives as the import leaves them (new titles, new rows), for items that name them
        self.final_initiatives: dict[int | None, Initiative] = dict(self.initiative_by_id)
        self.next_id: dict[type, int] = {
            cls: repository.next_id(pf, cls) for cls in (Channel, Campaign, Initiative)
        }

    def allocate(self, cls: type) -> int:
        value = self.next_id[cls]
        self.next_id[cls] += 1
        return value

    def find_channel(self, name: str) -> Channel | None:
        return self.channel_by_name.get(name.casefold())

    def channel(self, value: Any) -> Channel:
        """The channel a cell names; a new name makes a new downstream channel."""
        name = cell_text(value).strip()
        if not name:
            raise CellError("the channel is empty")
        found = self.channel_by_name.get(name.casefold())
        if found is None:
            used = {c.colour for c in self.channels}
            colours = [c for c in NEW_CHANNEL_COLOURS if c not in used] or list(NEW_CHANNEL_COLOURS)
            found = Channel(
                name,
                colours[len(self.new_channels) % len(colours)],
                Stream.DOWNSTREAM,
                1.0,
                position=len(self.channels) + len(self.new_channels),
                id=self.allocate(Channel),
            )
            self.new_channels.append(found)
            self.channel_by_name[name.casefold()] = found
        return found

    def campaign(self, value: Any, current: int | None = None) -> int | None:
        """A campaign by name (the item's own when names repeat); a new name creates one."""
        name = cell_text(value).strip()
        if not name:
            return None
        if (
            current is not None
            and self.campaign_names.get(current, "").casefold() == name.casefold()
        ):
            return current
        found = self.campaign_by_name.get(name.casefold())
        if found is None:
            found = Campaign(name, id=self.allocate(Campaign))
            self.new_campaigns.append(found)
            self.campaign_by_name[name.casefold()] = found
        return found.id

    def initiative(self, value: Any, current: int | None) -> int | None:
        """An initiative by title (its new title or the one it had) or by ID."""
        text = cell_text(value).strip()
        if not text:
            return None
        live = self.final_initiatives
        old = self.initiative_by_id
        key = text.casefold()
        if current in live and key in (
            live[current].title.casefold(),
            old[current].title.casefold(),
        ):
            return current
        stripped = text.lstrip("#")
        if stripped.isdigit() and int(stripped) in live:
            return int(stripped)
        matches = [i.id for i in live.values() if i.title.casefold() == key]
        if not matches:
            matches = [i for i in live if i in old and old[i].title.casefold() == key]
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            raise CellError(
                f"{len(matches)} initiatives are titled {quoted(text)}; write the ID instead"
            )
        if any(i.title.casefold() == key for i in self.initiatives):
            raise CellError(f"initiative {quoted(text)} is removed from the Timeline sheet")
        raise CellError(f"unknown initiative {quoted(text)}")

    # -- names for the preview ---------------------------------------------------------------

    def channel_name(self, channel_id: Any) -> str:
        found = next((c for c in (*self.channels, *self.new_channels) if c.id == channel_id), None)
        return found.name if found else ""

    def campaign_name(self, campaign_id: Any) -> str:
        found = next(
            (c for c in (*self.campaigns, *self.new_campaigns) if c.id == campaign_id), None
        )
        return found.name if found else ""

    def initiative_title(self, initiative_id: Any) -> str:
        found = self.final_initiatives.get(initiative_id)
        return found.title if found else ""
