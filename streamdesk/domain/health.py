"""The stream's health: is the balance inside its band, and are the two streams connected?

Pure rules over the plan's initiatives and items (or the light ``ItemFacts`` storage
reads for a large plan: any object with the same attributes will do):

- the whole plan's upstream share and the periods outside the target band;
- downstream items linked to no initiative ("content with no strategy behind it");
- initiatives no downstream item serves ("strategy that never reaches the market");
- broken date gates: an item dated before the end of the gate initiative it serves;
- results rolled up by initiative from the published items that serve it.

Cancelled items count nowhere, as in the balance.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple, Protocol

from streamdesk.domain.balance import PeriodBalance, overall_share
from streamdesk.domain.model import BalanceMeasure, Initiative, Item, ItemStatus, Plan


class ItemLike(Protocol):
    @property
    def id(self) -> int | None: ...
    @property
    def date(self) -> date: ...
    @property
    def status(self) -> ItemStatus: ...
    @property
    def initiative_id(self) -> int | None: ...
    @property
    def cost(self) -> float: ...
    @property
    def reach(self) -> int | None: ...
    @property
    def clicks(self) -> int | None: ...
    @property
    def conversions(self) -> int | None: ...
    @property
    def actual_cost(self) -> float | None: ...


class ItemFacts(NamedTuple):
    """What the health rules need of an item, without its text (cheap to read in bulk)."""

    id: int
    date: date
    status: ItemStatus
    initiative_id: int | None
    cost: float = 0.0
    reach: int | None = None
    clicks: int | None = None
    conversions: int | None = None
    actual_cost: float | None = None

    @classmethod
    def of(cls, item: Item) -> ItemFacts:
        return cls(
            item.id or 0,
            item.date,
            item.status,
            item.initiative_id,
            item.cost,
            item.reach,
            item.clicks,
            item.conversions,
            item.actual_cost,
        )


def _counting(items: Iterable[ItemLike]) -> list[ItemLike]:
    return [i for i in items if i.status is not ItemStatus.CANCELLED]


@dataclass(frozen=True, slots=True)
class BrokenGate:
    """Items dated before the gate initiative they serve has ended."""

    initiative_id: int
    title: str
    gate_end: date
    item_ids: tuple[int, ...]
    earliest: date  # the earliest offending item's date

    @property
    def days_early(self) -> int:
        return (self.gate_end - self.earliest).days

    def as_json(self) -> dict[str, Any]:
        return {
            "initiative_id": self.initiative_id,
            "title": self.title,
            "gate_end": self.gate_end.isoformat(),
            "item_ids": list(self.item_ids),
            "earliest_item_date": self.earliest.isoformat(),
        }


@dataclass(frozen=True, slots=True)
class InitiativeResults:
    """What the published items serving one initiative achieved."""

    initiative_id: int
    title: str
    published: int
    reach: int
    clicks: int
    conversions: int
    cost: float  # actual cost where known, else planned cost

    def as_json(self) -> dict[str, Any]:
        return {
            "initiative_id": self.initiative_id,
            "title": self.title,
            "published_items": self.published,
            "reach": self.reach,
            "clicks": self.clicks,
            "conversions": self.conversions,
            "cost": round(self.cost, 2),
        }


def unlinked_items(items: Iterable[ItemLike], initiative_ids: Iterable[int] = ()) -> list[int]:
    """Ids of items that serve no initiative (or one that is not in the plan), by date."""
    known = set(initiative_ids)
    orphans = [
        i
        for i in _counting(items)
        if i.initiative_id is None or (known and i.initiative_id not in known)
    ]
    ordered = sorted(orphans, key=lambda i: (i.date, i.id or 0))
    return [i.id for i in ordered if i.id is not None]  # items read from a plan have ids


def initiatives_without_items(
    initiatives: Iterable[Initiative], items: Iterable[ItemLike]
) -> list[Initiative]:
    """Initiatives no (uncancelled) item serves, in timeline order."""
    served = {i.initiative_id for i in _counting(items)}
    lonely = [i for i in initiatives if i.id not in served]
    return sorted(lonely, key=lambda i: (i.start, i.end, i.id or 0))


def broken_gates(initiatives: Iterable[Initiative], items: Iterable[ItemLike]) -> list[BrokenGate]:
    """Gate initiatives with items dated before the gate's end, earliest breach first.

    An item on the gate's last day is in time: that is the day the gate is passed.
    """
    gates = {i.id: i for i in initiatives if i.gate and i.id is not None}
    early: dict[int, list[ItemLike]] = {}
    for item in _counting(items):
        gate_id = item.initiative_id
        if gate_id is None or (gate := gates.get(gate_id)) is None:
            continue
        if item.date < gate.end:
            early.setdefault(gate_id, []).append(item)
    result = []
    for gate_id, found in early.items():
        gate = gates[gate_id]
        found.sort(key=lambda i: (i.date, i.id or 0))
        result.append(
            BrokenGate(
                gate_id,
                gate.title,
                gate.end,
                tuple(i.id for i in found if i.id is not None),
                found[0].date,
            )
        )
    return sorted(result, key=lambda g: (g.earliest, g.initiative_id))


def results_by_initiative(
    initiatives: Iterable[Initiative], items: Iterable[ItemLike]
) -> list[InitiativeResults]:
    """Reach, clicks, conversions and cost of the published items per initiative served.

    Only initiatives with at least one published item appear, most conversions first.
    """
    sums: dict[int, list[float]] = {}
    for item in items:
        if item.status is not ItemStatus.PUBLISHED or item.initiative_id is None:
            continue
        s = sums.setdefault(item.initiative_id, [0, 0, 0, 0, 0.0])
        s[0] += 1
        s[1] += item.reach or 0
        s[2] += item.clicks or 0
        s[3] += item.conversions or 0
        s[4] += item.cost if item.actual_cost is None else item.actual_cost
    titles = {i.id: i.title for i in initiatives}
    result = [
        InitiativeResults(
            initiative_id,
            titles.get(initiative_id, f"initiative {initiative_id}"),
            int(s[0]),
            int(s[1]),
            int(s[2]),
            int(s[3]),
            float(s[4]),
        )
        for initiative_id, s in sums.items()
    ]
    return sorted(result, key=lambda r: (-r.conversions, -r.reach, r.title))


@dataclass(frozen=True, slots=True)
class StreamHealth:
    band_low: float
    band_high: float
    measure: BalanceMeasure
    share: float | None
    outside_band: tuple[PeriodBalance, ...]
    unlinked_item_ids: tuple[int, ...]
    initiatives_without_items: tuple[Initiative, ...]
    broken_gates: tuple[BrokenGate, ...]
    results: tuple[InitiativeResults, ...]

    @property
    def share_in_band(self) -> bool | None:
        if self.share is None:
            return None
        return self.band_low <= self.share <= self.band_high

    def as_json(self) -> dict[str, Any]:
        return {
            "measure": self.measure.value,
            "band": [self.band_low, self.band_high],
            "upstream_share": None if self.share is None else round(self.share, 3),
            "share_in_band": self.share_in_band,
            "periods_outside_band": [
                {
                    "period": p.period,
                    "start": p.start.isoformat(),
                    "end": p.end.isoformat(),
                    "upstream_share": None
                    if p.upstream_share is None
                    else round(p.upstream_share, 3),
                    "side": "below" if (p.upstream_share or 0) < self.band_low else "above",
                }
                for p in self.outside_band
            ],
            "items_without_initiative": {
                "count": len(self.unlinked_item_ids),
                "ids": list(self.unlinked_item_ids),
            },
            "initiatives_without_items": [
                {
                    "id": i.id,
                    "title": i.title,
                    "start": i.start.isoformat(),
                    "end": i.end.isoformat(),
                }
                for i in self.initiatives_without_items
            ],
            "broken_gates": [g.as_json() for g in self.broken_gates],
            "results_by_initiative": [r.as_json() for r in self.results],
        }


def stream_health(
    plan: Plan,
    initiatives: Sequence[Initiative],
    items: Sequence[ItemLike],
    periods: Sequence[PeriodBalance],
) -> StreamHealth:
    """Every health figure at once; ``periods`` is the balance the user is looking at."""
    return StreamHealth(
        band_low=plan.band_low,
        band_high=plan.band_high,
        measure=plan.measure,
        share=overall_share(plan, periods),
        outside_band=tuple(p for p in periods if p.in_band is False),
        unlinked_item_ids=tuple(unlinked_items(items, (i.id for i in initiatives if i.id))),
        initiatives_without_items=tuple(initiatives_without_items(initiatives, items)),
        broken_gates=tuple(broken_gates(initiatives, items)),
        results=tuple(results_by_initiative(initiatives, items)),
    )


def health_by_period(
    health: StreamHealth, items: Sequence[ItemLike], periods: Sequence[PeriodBalance]
) -> list[dict[str, Any]]:
    """Each period's share of the health figures, to add to its balance row.

    Keys: ``items_without_initiative`` and ``items_breaking_gates`` (counts of items dated
    in the period) and the results of its published items (``published_items``,
    ``reach``, ``clicks``, ``conversions``).
    """
    unlinked = set(health.unlinked_item_ids)
    breaking = {i for gate in health.broken_gates for i in gate.item_ids}
    starts = [p.start for p in periods]
    rows = [
        {
            "items_without_initiative": 0,
            "items_breaking_gates": 0,
            "published_items": 0,
            "reach": 0,
            "clicks": 0,
            "conversions": 0,
        }
        for _ in periods
    ]
    for item in items:
        n = bisect_right(starts, item.date) - 1
        if n < 0 or item.date > periods[n].end:
            continue
        row = rows[n]
        row["items_without_initiative"] += item.id in unlinked
        row["items_breaking_gates"] += item.id in breaking
        if item.status is ItemStatus.PUBLISHED:
            row["published_items"] += 1
            row["reach"] += item.reach or 0
            row["clicks"] += item.clicks or 0
            row["conversions"] += item.conversions or 0
    return rows
