"""Rules for finish-to-start dependencies between initiatives."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from streamdesk.domain.errors import ValidationError
from streamdesk.domain.model import Dependency, Initiative


def would_create_cycle(dependencies: Iterable[Dependency], new: Dependency) -> bool:
    """True if adding ``new`` lets an initiative (transitively) depend on itself."""
    successors: dict[int, set[int]] = defaultdict(set)
    for dep in dependencies:
        successors[dep.predecessor_id].add(dep.successor_id)
    # a cycle appears if the new predecessor is reachable from the new successor
    stack, seen = [new.successor_id], set()
    while stack:
        node = stack.pop()
        if node == new.predecessor_id:
            return True
        if node in seen:
            continue
        seen.add(node)
        stack.extend(successors[node])
    return False


def check_new_dependency(
    dependencies: Iterable[Dependency], new: Dependency, titles: Mapping[int, str] | None = None
) -> None:
    deps = list(dependencies)
    titles = titles or {}

    def name(i: int) -> str:
        return repr(titles.get(i, f"#{i}"))

    if new in deps:
        raise ValidationError(
            f"{name(new.successor_id)} already depends on {name(new.predecessor_id)}",
            "dependency",
        )
    if would_create_cycle(deps, new):
        raise ValidationError(
            f"{name(new.successor_id)} cannot depend on {name(new.predecessor_id)}: "
            f"that would make a cycle",
            "dependency",
        )


@dataclass(frozen=True, slots=True)
class Conflict:
    """A successor scheduled to start before its predecessor ends."""

    dependency: Dependency
    predecessor: Initiative
    successor: Initiative

    @property
    def days_early(self) -> int:
        return (self.predecessor.end - self.successor.start).days + (
            0 if self.predecessor.is_milestone else 1
        )

    def describe(self) -> str:
        return (
            f"{self.successor.title!r} starts {self.successor.start.isoformat()}, before "
            f"{self.predecessor.title!r} ends {self.predecessor.end.isoformat()}"
        )


def earliest_start(predecessor: Initiative) -> date:
    """A successor may start the day after its predecessor ends (a milestone: the same day)."""
    if predecessor.is_milestone:
        return predecessor.end
    return predecessor.end + timedelta(days=1)


def conflicts(
    initiatives: Mapping[int, Initiative], dependencies: Iterable[Dependency]
) -> list[Conflict]:
    found = []
    for dep in dependencies:
        pred = initiatives.get(dep.predecessor_id)
        succ = initiatives.get(dep.successor_id)
        if pred is None or succ is None:
            continue
        if succ.start < earliest_start(pred):
            found.append(Conflict(dep, pred, succ))
    return found


def push_successors(
    initiatives: Mapping[int, Initiative], dependencies: Iterable[Dependency], moved: Iterable[int]
) -> dict[int, Initiative]:
    """Shift successors (transitively) just enough that no dependency is broken.

    Returns only the initiatives that changed, with their new dates; durations are kept.
    """
    deps = list(dependencies)
    by_pred: dict[int, list[int]] = defaultdict(list)
    for dep in deps:
        by_pred[dep.predecessor_id].append(dep.successor_id)
    current = dict(initiatives)
    changed: dict[int, Initiative] = {}
    queue = list(moved)
    guard = 0
    while queue:
        guard += 1
        if guard > 100_000:
            raise ValidationError("dependencies form a cycle", "dependency")
        pred_id = queue.pop(0)
        pred = current.get(pred_id)
        if pred is None:
            continue
        for succ_id in by_pred[pred_id]:
            succ = current.get(succ_id)
            if succ is None:
                continue
            need = earliest_start(pred)
            if succ.start < need:
                shift = need - succ.start
                moved_succ = succ.replace(start=succ.start + shift, end=succ.end + shift)
                current[succ_id] = moved_succ
                changed[succ_id] = moved_succ
                queue.append(succ_id)
    return changed
