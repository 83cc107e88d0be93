"""The calendar's side of cadence: ghost placeholders for unmet slots of the visible
period, and Fill gaps, which turns them into idea items (one undo step)."""

from __future__ import annotations

from datetime import date, timedelta

from streamdesk.domain import Item, ItemStatus, clock
from streamdesk.domain.cadence import Slot, open_slots
from streamdesk.gui import commands
from streamdesk.gui.document import PlanDocument
from streamdesk.storage import series_repo

_MARGIN = timedelta(days=62)  # whole weeks and months around the view, and a history
"""How far around the visible range items are read: the periods it touches, and enough
weeks before to know each channel's usual weekdays."""


def slots(document: PlanDocument, start: date, end: date) -> list[Slot]:
    """Unmet slots of the periods touching [start, end] that have not ended."""
    if end < clock.today() - _MARGIN:
        return []  # every period shown has ended: a missed one is the health panel's
    commitments = series_repo.list_cadences(document.pf)
    if not commitments:
        return []
    facts = series_repo.cadence_facts(
        document.pf,
        start - _MARGIN,
        end + _MARGIN,
        channels=sorted({c.channel_id for c in commitments}),
    )
    week_start = document.plan.week_start
    return open_slots(commitments, facts, start, end, week_start, clock.today())


def ghosts(
    document: PlanDocument,
    start: date,
    end: date,
    channel_id: int | None = None,
    *,
    named: bool = True,
) -> list[tuple[date, int, str]]:
    """(day, channel id, words) for each unmet slot: on the first day Fill gaps would use
    that the view shows. ``named=False`` leaves the channel out of the words (the Channels
    view, whose row already says it)."""
    out = []
    for slot in slots(document, start, end):
        if channel_id is not None and slot.commitment.channel_id != channel_id:
            continue
        days = [d for d in slot.days if start <= d <= end]
        channel = document.channel(slot.commitment.channel_id)
        if days and channel is not None:
            words = slot.text(channel.name)
            out.append((days[0], channel.id or 0, words if named else words.split(": ", 1)[1]))
    return out


def fill_gaps(document: PlanDocument, start: date, end: date) -> commands.PlanCommand | None:
    """Idea items for every unmet slot of the visible periods, on the channels' usual
    weekdays; None when there is no gap."""
    new: list[Item] = []
    for slot in slots(document, start, end):
        channel = document.channel(slot.commitment.channel_id)
        if channel is None:
            continue
        for day in slot.days:
            new.append(
                Item(
                    title=f"{channel.name} post (to plan)",
                    date=day,
                    channel_id=slot.commitment.channel_id,
                    status=ItemStatus.IDEA,
                    campaign_id=slot.commitment.campaign_id,
                    effort_hours=channel.default_effort_hours,
                )
            )
    if not new:
        return None
    noun = "item" if len(new) == 1 else "items"
    return commands.create(document, new, f"Fill gaps ({len(new)} idea {noun})")
