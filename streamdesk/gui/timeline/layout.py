"""Which lane and row each bar sits in (plain Python, no Qt).

A lane per initiative kind comes first, in the order of the upstream channels, even when
empty (so there is room to create one by dragging); user lanes follow by name. Inside a
lane, bars are packed into rows so that neither a bar nor its label overlaps another.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from streamdesk.domain import Initiative

ROW_HEIGHT = 26
BAR_HEIGHT = 18
LANE_PADDING = 6
GAP = 8  # pixels kept free between neighbours in a row


@dataclass(slots=True)
class Lane:
    name: str
    top: float
    rows: int
    ids: list[int] = field(default_factory=list)

    @property
    def height(self) -> float:
        return self.rows * ROW_HEIGHT + 2 * LANE_PADDING

    @property
    def bottom(self) -> float:
        return self.top + self.height


@dataclass(slots=True)
class LaneLayout:
    lanes: list[Lane]
    place: dict[int, tuple[int, int]]  # initiative id -> (lane index, row)

    @property
    def height(self) -> float:
        return self.lanes[-1].bottom if self.lanes else 0.0

    def bar_top(self, initiative_id: int) -> float:
        lane_no, row = self.place[initiative_id]
        lane = self.lanes[lane_no]
        return lane.top + LANE_PADDING + row * ROW_HEIGHT + (ROW_HEIGHT - BAR_HEIGHT) / 2

    def lane_at(self, y: float) -> Lane | None:
        for lane in self.lanes:
            if lane.top <= y < lane.bottom:
                return lane
        return None


def saved_id(initiative: Initiative) -> int:
    """The id of an initiative read from the plan (only those are drawn and edited)."""
    if initiative.id is None:
        raise ValueError(f"initiative {initiative.title!r} has no id: it was never saved")
    return initiative.id


def lane_names(initiatives: Iterable[Initiative], kinds: Sequence[str]) -> list[str]:
    names = list(dict.fromkeys(kinds))
    extra = sorted({i.lane for i in initiatives} - set(names), key=str.casefold)
    return names + extra


def pack(
    initiatives: Iterable[Initiative],
    kinds: Sequence[str],
    extent: Callable[[Initiative], tuple[float, float]],
) -> LaneLayout:
    """Lay out lanes top to bottom; ``extent`` gives a bar's x span including its label."""
    names = lane_names(initiatives, kinds)
    index = {name: n for n, name in enumerate(names)}
    members: list[list[Initiative]] = [[] for _ in names]
    for initiative in initiatives:
        members[index[initiative.lane]].append(initiative)

    lanes: list[Lane] = []
    place: dict[int, tuple[int, int]] = {}
    top = 0.0
    for lane_no, (name, group) in enumerate(zip(names, members, strict=True)):
        group.sort(key=lambda i: (i.start, i.end, i.id or 0))
        row_ends: list[float] = []
        ids: list[int] = []
        for initiative in group:
            left, right = extent(initiative)
            for row, end in enumerate(row_ends):
                if end + GAP <= left:
                    row_ends[row] = right
                    break
            else:
                row = len(row_ends)
                row_ends.append(right)
            place[saved_id(initiative)] = (lane_no, row)
            ids.append(saved_id(initiative))
        lane = Lane(name, top, max(1, len(row_ends)), ids)
        lanes.append(lane)
        top = lane.bottom
    return LaneLayout(lanes, place)
