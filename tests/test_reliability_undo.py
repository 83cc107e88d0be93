"""Undo never destroys data: hundreds of mixed commands with random undo and redo,
checked against a model the test keeps itself, then the file closed and reopened.

The model is a stack of whole-plan states (storage rows keyed by table and id). A
command that succeeds drops the redo states and pushes its result; undo and redo move
along the stack. Some commands run on a "full disk" and must fail without a trace.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from crash_worker import NASTY, plan_state, row_key, to_json

from streamdesk.domain import (
    Dependency,
    Initiative,
    InitiativeStatus,
    Item,
    ItemStatus,
    Stream,
    ValidationError,
)
from streamdesk.domain.dependencies import check_new_dependency
from streamdesk.gui import commands
from streamdesk.gui.document import PlanDocument
from streamdesk.storage import PlanFile, repository

State = dict[tuple[str, Any], dict[str, Any]]


def put(state: State, *entities: Any) -> None:
    for entity in entities:
        snap = to_json(entity)
        state[row_key(snap["table"], snap["row"])] = snap["row"]


def drop(state: State, *entities: Any) -> None:
    for entity in entities:
        snap = to_json(entity)
        del state[row_key(snap["table"], snap["row"])]


class Model:
    """What the undo stack says the file holds."""

    def __init__(self, state: State) -> None:
        self.states = [state]
        self.index = 0

    @property
    def now(self) -> State:
        return self.states[self.index]

    def pushed(self, state: State) -> None:
        del self.states[self.index + 1 :]
        self.states.append(state)
        self.index += 1


class Driver:
    def __init__(self, document: PlanDocument, seed: int) -> None:
        self.doc = document
        self.rng = random.Random(seed)
        self.model = Model(plan_state(document.pf))
        self.channels = [c.id for c in document.channels(Stream.DOWNSTREAM)]
        self.failures = 0  # commands refused on a full disk
        self.walk_failures = 0  # undos and redos refused on a full disk

    # what the views would read to build a command
    def items(self) -> list[Item]:
        return repository.list_items(self.doc.pf)

    def initiatives(self) -> list[Initiative]:
        return repository.list_initiatives(self.doc.pf)

    def day(self) -> date:
        return date(2027, 1, 1) + timedelta(days=self.rng.randrange(365))

    def run(
        self, command: commands.PlanCommand, expect: State | None = None, *, full: float = 0.05
    ) -> None:
        """Execute; the model follows what the document reports, and must agree with it.

        ``expect`` is the state the command leads to; None for a create, whose new
        records get their ids when written (taken from the command afterwards).
        """
        full = self.rng.random() < full
        limit = self.fill_disk() if full else None
        ok = self.doc.execute(command)
        if limit is not None:
            self.free_disk(limit)
        if ok:
            if expect is None:
                expect = dict(self.model.now)
                put(expect, *command.after)
            self.model.pushed(expect)
        else:
            assert full, "only a full disk makes these commands fail"
            self.failures += 1
        assert self.doc.undo_stack.index() == self.model.index
        assert self.doc.undo_stack.count() == len(self.model.states) - 1

    def fill_disk(self) -> int:
        conn = self.doc.pf.conn
        limit = conn.execute("PRAGMA max_page_count").fetchone()[0]
        conn.execute("VACUUM")
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {pages}")
        return limit

    def free_disk(self, limit: int) -> None:
        self.doc.pf.conn.execute(f"PRAGMA max_page_count = {limit}")

    # the commands ------------------------------------------------------------------

    def step(self) -> None:
        rng = self.rng
        action = rng.choices(
            [
                "undo",
                "redo",
                "create_items",
                "edit_item",
                "move_items",
                "delete_items",
                "create_initiative",
                "edit_initiative",
                "delete_initiatives",
                "link",
                "unlink",
                "plan_settings",
            ],
            weights=[18, 12, 10, 10, 6, 6, 5, 6, 3, 6, 3, 2],
        )[0]
        getattr(self, action)()

    def undo(self) -> None:
        self.walk(-1)

    def redo(self) -> None:
        self.walk(+1)

    def walk(self, direction: int) -> None:
        """Undo or redo, sometimes on a full disk: on failure the stack must not move."""
        stack = self.doc.undo_stack
        target = stack.command(stack.index() - 1 if direction < 0 else stack.index())
        big = target is not None and len(target.before) + len(target.after) > 10
        full = self.rng.random() < (0.5 if big else 0.1)  # big steps may need new pages
        limit = self.fill_disk() if full else None
        ok = self.doc.undo() if direction < 0 else self.doc.redo()
        if limit is not None:
            self.free_disk(limit)
        possible = 0 <= self.model.index + direction < len(self.model.states)
        assert ok == possible or (full and not ok)
        if ok:
            self.model.index += direction
        elif possible:
            self.walk_failures += 1
        assert self.doc.undo_stack.index() == self.model.index

    def create_items(self) -> None:
        rng = self.rng
        count = rng.choice([1, 1, 3, 40])  # 40 with notes need room, which may run out
        new = [
            Item(
                f"Post {rng.randrange(10**6)} {rng.choice(NASTY)}",
                self.day(),
                rng.choice(self.channels),
                status=rng.choice(list(ItemStatus)),
                notes=rng.choice(NASTY),
            )
            for _ in range(count)
        ]
        self.run(commands.create(self.doc, new, "Add posts"), full=0.5 if count > 3 else 0.05)

    def edit_item(self) -> None:
        items = self.items()
        if not items:
            return self.create_items()
        old = self.rng.choice(items)
        new = old.replace(
            title=f"Edited {self.rng.randrange(10**6)}",
            notes=self.rng.choice(NASTY),
            reach=self.rng.choice([None, 0, 99]),
        )
        state = dict(self.model.now)
        put(state, new)
        self.run(commands.edit(self.doc, [old], [new], "Edit post"), state)

    def move_items(self) -> None:
        items = self.items()
        chosen = self.rng.sample(items, min(len(items), self.rng.randrange(1, 30)))
        shift = timedelta(days=self.rng.randrange(-15, 16))
        moved = [i.replace(date=i.date + shift) for i in chosen]
        state = dict(self.model.now)
        put(state, *moved)
        self.run(commands.edit(self.doc, chosen, moved, "Move posts"), state)

    def delete_items(self) -> None:
        items = self.items()
        chosen = self.rng.sample(items, min(len(items), self.rng.randrange(1, 40)))
        state = dict(self.model.now)
        drop(state, *chosen)
        self.run(commands.delete(self.doc, chosen, "Delete posts"), state)

    def create_initiative(self) -> None:
        start = self.day()
        new = Initiative(
            f"Study {self.rng.randrange(10**6)}",
            "Research",
            start,
            start + timedelta(days=self.rng.randrange(40)),
            status=self.rng.choice(list(InitiativeStatus)),
        )
        self.run(commands.create(self.doc, [new], "Add initiative"))

    def edit_initiative(self) -> None:
        initiatives = self.initiatives()
        if not initiatives:
            return self.create_initiative()
        old = self.rng.choice(initiatives)
        shift = timedelta(days=self.rng.randrange(-10, 11))
        new = old.replace(start=old.start + shift, end=old.end + shift, progress=50)
        state = dict(self.model.now)
        put(state, new)
        self.run(commands.edit(self.doc, [old], [new], "Move initiative"), state)

    def delete_initiatives(self) -> None:
        initiatives = self.initiatives()
        if len(initiatives) < 3:
            return self.create_initiative()
        chosen = self.rng.sample(initiatives, self.rng.choice([1, 1, 2]))
        gone = {i.id for i in chosen}
        # the model's own idea of the cascade: links go, items and campaigns are unlinked
        state: State = {}
        for (table, key), row in self.model.now.items():
            if table == "initiatives" and key in gone:
                continue
            if table == "dependencies" and (set(key) & gone):
                continue
            if table in ("items", "campaigns") and row["initiative_id"] in gone:
                row = {**row, "initiative_id": None}
            state[(table, key)] = row
        self.run(commands.delete(self.doc, chosen, "Delete initiatives"), state)

    def link(self) -> None:
        initiatives = self.initiatives()
        if len(initiatives) < 2:
            return self.create_initiative()
        a, b = self.rng.sample(initiatives, 2)
        dependency = Dependency(a.id, b.id)
        try:
            check_new_dependency(repository.list_dependencies(self.doc.pf), dependency)
        except ValidationError:
            return None
        state = dict(self.model.now)
        put(state, dependency)
        self.run(commands.add_dependency(self.doc, dependency), state)

    def unlink(self) -> None:
        dependencies = repository.list_dependencies(self.doc.pf)
        if not dependencies:
            return self.link()
        dependency = self.rng.choice(dependencies)
        state = dict(self.model.now)
        drop(state, dependency)
        self.run(commands.delete(self.doc, [dependency], "Remove link"), state)

    def plan_settings(self) -> None:
        new = self.doc.plan.replace(
            name=f"Plan {self.rng.randrange(1000)}", band_low=0.1, week_start=6
        )
        state = dict(self.model.now)
        put(state, new)
        self.run(commands.set_plan(self.doc, new), state)


@pytest.mark.parametrize("seed", [2, 3])
def test_undo_and_redo_across_hundreds_of_commands_match_the_file(
    qtbot, plan_path: Path, seed: int
) -> None:  # type: ignore[no-untyped-def]
    document = PlanDocument(PlanFile.open(plan_path))
    driver = Driver(document, seed)
    for n in range(300):
        driver.step()
        if n % 25 == 0:
            assert plan_state(document.pf) == driver.model.now, f"after step {n}"
    assert plan_state(document.pf) == driver.model.now
    assert driver.failures > 0, "some commands met a full disk"
    assert driver.walk_failures > 0, "some undos or redos met a full disk"
    assert len(driver.model.states) > 40 and driver.model.index > 0

    # walk the whole stack back and forth: every state it holds is reachable
    while document.undo():
        driver.model.index -= 1
        if driver.model.index % 5 == 0:
            assert plan_state(document.pf) == driver.model.now
    assert driver.model.index == 0
    steps = driver.rng.randrange(1, len(driver.model.states))
    for _ in range(steps):
        assert document.redo()
        driver.model.index += 1
    expected = driver.model.now
    assert plan_state(document.pf) == expected

    # closing the app drops the history, never the data
    document.close()
    with PlanFile.open(plan_path) as pf:
        assert pf.integrity_check() == "ok"
        assert plan_state(pf) == expected
    reopened = PlanDocument(PlanFile.open(plan_path))
    try:
        assert reopened.undo_stack.count() == 0 and not reopened.undo()
        assert plan_state(reopened.pf) == expected
    finally:
        reopened.close()
