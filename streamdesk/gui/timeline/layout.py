"""Which lane and row each bar sits in (plain Python, no Qt).

A lane per initiative kind comes first, in the order of the upstream channels, even when
empty (so there is room to create one by dragging); user lanes follow by name. Inside a
lane, bars are packed into rows so that neither a bar nor its label overlaps another.

Rows are ROW_HEIGHT apart, or COMPACT_ROW_HEIGHT when the lanes would not fit the view
(a laptop's short pane shows all seven kinds). A collapsed lane is one thin row: its bars
are not drawn, only a strip where they are.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field

from streamdesk.domain import Initiative

ROW_HEIGHT = 26
BAR_HEIGHT = 18
LANE_PADDING = 6
COMPACT_ROW_HEIGHT = 20
COMPACT_PADDING = 2
COLLAPSED_HEIGHT = 20
GAP = 8  # pixels kept free between neighbours in a row


@dataclass(slots=True)
class Lane:
    name: str
    top: float
    rows: int
    ids: list[int] = field(default_factory=list)
    row_height: float = ROW_HEIGHT
    padding: float = LANE_PADDING
    collapsed: bool = False

    @property
    def height(self) -> float:
        if self.collapsed:
            return COLLAPSED_HEIGHT
        return self.rows * self.row_height + 2 * self.padding

    @property
    def bottom(self) -> float:
        return self.top + self.height


@dataclass(slots=True)
class LaneLayout:
    lanes: list[Lane]
    place: dict[int, tuple[int, int]]  # initiative id -> (lane index, row)
    row_height: float = ROW_HEIGHT

    @property
    def height(self) -> float:
        return self.lanes[-1].bottom if self.lanes else 0.0

    def bar_top(self, initiative_id: int) -> float:
        lane_no, row = self.place[initiative_id]
        lane = self.lanes[lane_no]
        if lane.collapsed:
            return lane.top + (lane.height - BAR_HEIGHT) / 2
        return lane.top + lane.padding + row * lane.row_height + (lane.row_height - BAR_HEIGHT) / 2

    def restacked(self, row_height: float, padding: float) -> LaneLayout:
        """The same lanes and rows with other row heights (no packing again: the rows a
        bar takes depend only on the bars' x spans)."""
        lanes: list[Lane] = []
        top = 0.0
        for old in self.lanes:
            lane = Lane(old.name, top, old.rows, old.ids, row_height, padding, old.collapsed)
            lanes.append(lane)
            top = lane.bottom
        return LaneLayout(lanes, self.place, row_height)

    def hidden(self, initiative_id: int) -> bool:
        """Whether the bar is in a collapsed lane."""
        return self.lanes[self.place[initiative_id][0]].collapsed

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
    *,
    row_height: float = ROW_HEIGHT,
    padding: float = LANE_PADDING,
    collapsed: Collection[str] = (),
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
        rows = max(1, len(row_ends))
        lane = Lane(name, top, rows, ids, row_height, padding, name in collapsed)
        lanes.append(lane)
        top = lane.bottom
    return LaneLayout(lanes, place, row_height)
