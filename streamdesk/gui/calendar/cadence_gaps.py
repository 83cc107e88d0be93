"""The calendar's side of cadence: ghost placeholders for unmet slots of the visible
period, and Fill gaps, which turns them into idea items (one undo step)."""

from __future__ import annotations

from datetime import date, timedelta

from streamdesk.domain import Item, ItemStatus, clock
from streamdesk.domain.cadence import CadenceFacts, Slot, open_slots
from streamdesk.gui import commands
from streamdesk.gui.document import PlanDocument
from streamdesk.storage import series_repo

_MARGIN = timedelta(days=62)
"""How far before the visible range items are read: the periods it touches, and enough
weeks to know each channel's usual weekdays."""
_AFTER = timedelta(days=31)
"""How far after: the rest of the last week or month the view touches."""


class FactsCache:
    """The cadence facts of the last few ranges read, kept across reloads: an edit re-reads
    only the days it touched (as the calendar's cell cache does), and going back and forth
    between two months reads neither again, so a 20,000-item plan does not read five months
    of items to redraw its ghosts."""

    RANGES = 4

    def __init__(self) -> None:
        self._ranges: dict[tuple[date, date, tuple[int, ...]], dict[date, list[CadenceFacts]]]
        self._ranges = {}

    def facts(
        self, document: PlanDocument, low: date, high: date, channels: tuple[int, ...]
    ) -> list[CadenceFacts]:
        key = (low, high, channels)
        by_day = self._ranges.pop(key, None)
        if by_day is None:
            by_day = {}
            for fact in series_repo.cadence_facts(document.pf, low, high, channels):
                by_day.setdefault(fact.date, []).append(fact)
            while len(self._ranges) >= self.RANGES:
                del self._ranges[next(iter(self._ranges))]  # the least recently used
        self._ranges[key] = by_day
        return [f for day in sorted(by_day) for f in by_day[day]]

    def patch(self, document: PlanDocument, days: frozenset[date]) -> None:
        """Read again the days an edit touched, in every range kept."""
        for (low, high, channels), by_day in self._ranges.items():
            for day in days:
                if low <= day <= high:
                    by_day.pop(day, None)
                    fresh = series_repo.cadence_facts(document.pf, day, day, channels)
                    if fresh:
                        by_day[day] = fresh

    def clear(self) -> None:
        self._ranges = {}


def slots(
    document: PlanDocument,
    start: date,
    end: date,
    cache: FactsCache | None = None,
    *,
    with_ideas: bool = False,
) -> list[Slot]:
    """Unmet slots of the periods touching [start, end] that have not ended.
    ``with_ideas`` counts ideas as planned whatever the commitment says: Fill gaps's view,
    since a gap it already filled with an idea is not one to fill again."""
    if end < clock.today() - _MARGIN:
        return []  # every period shown has ended: a missed one is the health panel's
    commitments = series_repo.list_cadences(document.pf)
    if with_ideas:
        commitments = [c.replace(ideas_count=True) for c in commitments]
    if not commitments:
        return []
    channels = tuple(sorted({c.channel_id for c in commitments}))
    low, high = start - _MARGIN, end + _AFTER
    if cache is None:
        facts = series_repo.cadence_facts(document.pf, low, high, channels)
    else:
        facts = cache.facts(document, low, high, channels)
    week_start = document.plan.week_start
    found = open_slots(commitments, facts, start, end, week_start, clock.today())
    return [slot for slot in found if _mostly_shown(slot, start, end)]


def _mostly_shown(slot: Slot, start: date, end: date) -> bool:
    """Whether half or more of the slot's week or month is on screen. Seen in December's
    month grid: January's "Blog/SEO: 2 more" sat on 1 January, one of three January days
    shown, and read as December's gap (December was kept). A week the grid shows whole,
    or a month of a quarter, is shown; Fill gaps adds what the ghosts show, no more."""
    first, last = max(start, slot.period.first), min(end, slot.period.last)
    shown = (last - first).days + 1
    return shown * 2 >= (slot.period.last - slot.period.first).days + 1


def ghosts(
    document: PlanDocument,
    start: date,
    end: date,
    channel_id: int | None = None,
    *,
    named: bool = True,
    cache: FactsCache | None = None,
) -> list[tuple[date, int, str]]:
    """(day, channel id, words) for each unmet slot: on the first day Fill gaps would use
    that the view shows. ``named=False`` leaves the channel out of the words (the Channels
    view, whose row already says it)."""
    return [
        (days[0], channel, words)
        for days, channel, words in ghost_places(
            document, start, end, channel_id, named=named, cache=cache
        )
    ]


def ghost_places(
    document: PlanDocument,
    start: date,
    end: date,
    channel_id: int | None = None,
    *,
    named: bool = True,
    cache: FactsCache | None = None,
) -> list[tuple[list[date], int, str]]:
    """As :func:`ghosts`, with every day shown that the slot could go to (Fill gaps's
    first), then the period's other days: a ghost goes to the first with room."""
    out = []
    for slot in slots(document, start, end, cache):
        if channel_id is not None and slot.commitment.channel_id != channel_id:
            continue
        first, last = max(start, slot.period.first), min(end, slot.period.last)
        rest = [first + timedelta(days=n) for n in range((last - first).days + 1)]
        days = [d for d in slot.days if start <= d <= end]
        days += [d for d in rest if d not in days]
        channel = document.channel(slot.commitment.channel_id)
        if days and channel is not None:
            words = slot.text(channel.name)
            out.append((days, channel.id or 0, words if named else words.split(": ", 1)[1]))
    return out


def fill_gaps(document: PlanDocument, start: date, end: date) -> commands.PlanCommand | None:
    """Idea items for every unmet slot of the visible periods, on the channels' usual
    weekdays; None when there is no gap. A slot that already holds an idea is not filled
    again (the ideas it made do not count for a commitment that leaves ideas out, so a
    second Fill gaps doubled every one of them)."""
    new: list[Item] = []
    for slot in slots(document, start, end, with_ideas=True):
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
