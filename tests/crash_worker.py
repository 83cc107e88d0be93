"""A child process that edits a plan until it is killed (tests/test_reliability_crash.py).

    python tests/crash_worker.py PLAN SEED EDITS [--idle-after N] [--hold-lock]
    python tests/crash_worker.py PLAN 0 0 --backup TARGET | --window

It makes up to EDITS random edits of every kind through the storage functions the
GUI uses (``repository.apply_changes`` inside ``pf.transaction()``, as the undo
commands do, and ``insert``/``update``/``delete``/``add_dependency``/``save_plan``).
Each edit is described by its before/after snapshots (storage rows):

    B <n> <json>   printed (and flushed) before the edit starts
    C <n> <json>   printed (and flushed) after its commit returned, with the ids it got

The test kills the process with SIGKILL at a random moment and checks that the plan
holds every ``C`` edit, and the one ``B`` edit in flight either wholly or not at all.
``--idle-after N`` stops after N edits and waits (the WAL keeps the commits);
``--hold-lock`` takes SQLite's write lock (as a program that does not use StreamDesk's
one-writer lock would), prints ``locked`` and waits for a line on stdin.
No Qt here: the worker must start fast.
"""

from __future__ import annotations

import json
import random
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

if __name__ == "__main__":  # run as a script from the repository root or anywhere
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from streamdesk.domain import (
    Campaign,
    Dependency,
    Entity,
    Initiative,
    InitiativeStatus,
    Item,
    ItemStatus,
    Plan,
    Stream,
    ValidationError,
)
from streamdesk.storage import PlanFile, repository

TABLE_OF = {cls: table.name for cls, table in repository.TABLES.items()}
CLASS_OF = {name: cls for cls, name in TABLE_OF.items()}

# text that must survive byte for byte: quotes, SQL, formulas, control characters, emoji
NASTY = (
    "Launch 'spring' \"promo\"",
    "Robert'); DROP TABLE items;--",
    '=HYPERLINK("http://x")',
    "tab\there\nnew line\r\x01\x1f",
    "Ünïcödé — 东京 — 🚀",
    "  padded  ",
)


# -- snapshots as JSON (shared with the test) ------------------------------------------


def to_json(entity: Entity | Plan) -> dict[str, Any]:
    if isinstance(entity, Plan):
        return {"table": "plan", "row": repository.plan_to_row(entity)}
    return {"table": TABLE_OF[type(entity)], "row": repository.TABLES[type(entity)].to_row(entity)}


def row_key(table: str, row: dict[str, Any]) -> tuple[str, Any]:
    if table == "dependencies":
        return (table, (row["predecessor_id"], row["successor_id"]))
    return (table, row["id"])


def plan_state(pf: PlanFile) -> dict[tuple[str, Any], dict[str, Any]]:
    """Every record of the plan as storage rows, keyed by (table, id)."""
    entities: list[Entity | Plan] = [repository.get_plan(pf)]
    entities += repository.list_channels(pf)
    entities += repository.list_initiatives(pf)
    entities += repository.list_dependencies(pf)
    entities += repository.list_campaigns(pf)
    entities += repository.list_items(pf)
    state = {}
    for entity in entities:
        snap = to_json(entity)
        state[row_key(snap["table"], snap["row"])] = snap["row"]
    return state


# -- the worker ----------------------------------------------------------------------


class Worker:
    def __init__(self, pf: PlanFile, rng: random.Random) -> None:
        self.pf = pf
        self.rng = rng
        self.items = {i.id: i for i in repository.list_items(pf)}
        self.initiatives = {i.id: i for i in repository.list_initiatives(pf)}
        self.deps = set(repository.list_dependencies(pf))
        self.campaigns = {c.id: c for c in repository.list_campaigns(pf)}
        self.channels = [c.id for c in repository.list_channels(pf, Stream.DOWNSTREAM)]
        self.plan = repository.get_plan(pf)
        self.n = 0

    # choosing what to do -------------------------------------------------------------

    def text(self, base: str) -> str:
        if self.rng.random() < 0.2:
            return f"{base} {self.rng.choice(NASTY)}".strip()
        return f"{base} {self.rng.randrange(10**6)}"

    def day(self) -> date:
        return date(2027, 1, 1) + timedelta(days=self.rng.randrange(365))

    def new_item(self) -> Item:
        return Item(
            self.text("Post"),
            self.day(),
            self.rng.choice(self.channels),
            time=self.rng.choice([None, "09:30", "17:00"]),
            status=self.rng.choice(list(ItemStatus)),
            initiative_id=self.rng.choice([None, *list(self.initiatives)[:5]]),
            campaign_id=self.rng.choice([None, *list(self.campaigns)[:3]]),
            effort_hours=self.rng.choice([0, 0.5, 2.25]),
            cost=self.rng.randrange(500),
            notes=self.rng.choice(["", *NASTY]),
        )

    def new_initiative(self) -> Initiative:
        start = self.day()
        return Initiative(
            self.text("Research"),
            self.rng.choice(["Research", "Positioning", "Pricing"]),
            start,
            start + timedelta(days=self.rng.randrange(60)),
            status=self.rng.choice(list(InitiativeStatus)),
            progress=self.rng.randrange(101),
            effort_hours=self.rng.randrange(80),
        )

    def edit(self) -> None:
        """Make one random edit: print B, write it, print C with what was committed."""
        rng = self.rng
        kind = rng.choices(
            [
                "create_item",
                "move_item",
                "edit_item",
                "move_items",
                "delete_item",
                "create_initiative",
                "edit_initiative",
                "delete_initiative",
                "link",
                "unlink",
                "create_campaign",
                "edit_plan",
            ],
            weights=[14, 14, 10, 6, 8, 5, 6, 3, 6, 3, 2, 1],
        )[0]
        if kind.endswith(("item", "items")) and not self.items and kind != "create_item":
            kind = "create_item"
        if kind in ("edit_initiative", "delete_initiative", "link") and len(self.initiatives) < 2:
            kind = "create_initiative"
        if kind == "unlink" and not self.deps:
            kind = "create_item"
        getattr(self, kind)()

    def create_item(self) -> None:
        item = self.new_item()
        if self.rng.random() < 0.5:
            self.write("create item", [], [item], via="insert")
        else:
            self.write("create item", [], [item])

    def move_item(self) -> None:
        old = self.items[self.rng.choice(list(self.items))]
        self.write(f"move item {old.id}", [old], [old.replace(date=self.day())], via="update")

    def edit_item(self) -> None:
        old = self.items[self.rng.choice(list(self.items))]
        new = old.replace(
            title=self.text("Edited"),
            notes=self.rng.choice(NASTY),
            status=self.rng.choice(list(ItemStatus)),
            reach=self.rng.choice([None, 0, 12345]),
        )
        self.write(f"edit item {old.id}", [old], [new])

    def move_items(self) -> None:
        chosen = self.rng.sample(list(self.items), min(len(self.items), self.rng.randrange(2, 40)))
        shift = timedelta(days=self.rng.randrange(-20, 21))
        old = [self.items[i] for i in chosen]
        self.write(f"move {len(old)} items", old, [i.replace(date=i.date + shift) for i in old])

    def delete_item(self) -> None:
        old = self.items[self.rng.choice(list(self.items))]
        via = "delete" if self.rng.random() < 0.5 else "apply"
        self.write(f"delete item {old.id}", [old], [], via=via)

    def create_initiative(self) -> None:
        self.write("create initiative", [], [self.new_initiative()])

    def edit_initiative(self) -> None:
        old = self.initiatives[self.rng.choice(list(self.initiatives))]
        shift = timedelta(days=self.rng.randrange(-10, 11))
        new = old.replace(
            start=old.start + shift, end=old.end + shift, progress=self.rng.randrange(101)
        )
        self.write(f"edit initiative {old.id}", [old], [new], via="update")

    def delete_initiative(self) -> None:
        old = self.initiatives[self.rng.choice(list(self.initiatives))]
        before, after = repository.delete_initiative_snapshot(self.pf, old)
        # either the GUI's way (snapshots) or a plain delete that relies on the foreign keys
        via = "delete" if self.rng.random() < 0.5 else "apply"
        self.write(f"delete initiative {old.id}", before, after, via=via, target=old)

    def link(self) -> None:
        a, b = self.rng.sample(list(self.initiatives), 2)
        dep = Dependency(a, b)
        try:
            from streamdesk.domain.dependencies import check_new_dependency

            check_new_dependency(list(self.deps), dep)
        except ValidationError:
            self.create_item()
            return
        via = "add_dependency" if self.rng.random() < 0.5 else "apply"
        self.write(f"link {a} -> {b}", [], [dep], via=via)

    def unlink(self) -> None:
        dep = self.rng.choice(sorted(self.deps, key=lambda d: d.id))
        self.write(f"unlink {dep.predecessor_id} -> {dep.successor_id}", [dep], [], via="delete")

    def create_campaign(self) -> None:
        campaign = Campaign(self.text("Campaign"), initiative_id=None, goal_target=1000)
        self.write("create campaign", [], [campaign], via="insert")

    def edit_plan(self) -> None:
        new = self.plan.replace(name=self.text("Plan"), week_start=self.rng.randrange(7))
        self.write("plan settings", [self.plan], [new], via="save_plan")

    # writing -------------------------------------------------------------------------

    def write(
        self,
        desc: str,
        before: list[Any],
        after: list[Any],
        *,
        via: str = "apply",
        target: Entity | None = None,
    ) -> None:
        self.n += 1
        record = {"desc": desc, "before": [to_json(e) for e in before]}
        emit("B", self.n, {**record, "after": [to_json(e) for e in after]})
        pf = self.pf
        if via == "apply":  # what the GUI's undo commands do
            with pf.transaction():
                saved = repository.apply_changes(pf, before, after)
        elif via == "insert":
            saved = [repository.insert(pf, after[0])]
        elif via == "update":
            saved = [repository.update(pf, after[0])]
        elif via == "delete":
            repository.delete(pf, target or before[0])
            saved = after  # the foreign keys cascade exactly as the snapshot says
        elif via == "add_dependency":
            saved = [repository.add_dependency(pf, after[0])]
        elif via == "save_plan":
            saved = [repository.save_plan(pf, after[0])]
        else:  # pragma: no cover
            raise ValueError(via)
        emit("C", self.n, {**record, "after": [to_json(e) for e in saved]})
        self.remember(before, saved)

    def remember(self, before: list[Any], after: list[Any]) -> None:
        for e in before:
            if isinstance(e, Item):
                self.items.pop(e.id, None)
            elif isinstance(e, Initiative):
                self.initiatives.pop(e.id, None)
            elif isinstance(e, Dependency):
                self.deps.discard(e)
            elif isinstance(e, Campaign):
                self.campaigns.pop(e.id, None)
        for e in after:
            if isinstance(e, Item):
                self.items[e.id] = e
            elif isinstance(e, Initiative):
                self.initiatives[e.id] = e
            elif isinstance(e, Dependency):
                self.deps.add(e)
            elif isinstance(e, Campaign):
                self.campaigns[e.id] = e
            elif isinstance(e, Plan):
                self.plan = e


def emit(tag: str, n: int, payload: dict[str, Any]) -> None:
    sys.stdout.write(f"{tag} {n} {json.dumps(payload, ensure_ascii=True)}\n")
    sys.stdout.flush()


def window(path: str) -> int:
    """A StreamDesk window on ``path`` driven by lines on stdin, answering JSON lines:
    ``state``, ``poll`` (run the plan watch now), ``edit TITLE`` (rename the first item),
    ``take-over`` and ``close``. Message boxes are recorded, never shown."""
    from PySide6.QtCore import QSocketNotifier
    from PySide6.QtWidgets import QApplication, QMessageBox

    from streamdesk.gui import commands
    from streamdesk.gui.app import open_or_create
    from streamdesk.gui.document import PlanDocument
    from streamdesk.gui.main_window import MainWindow

    app = QApplication([])
    app.setOrganizationName("StreamDeskTests")
    app.setApplicationName("StreamDeskTests")
    shown: list[str] = []
    QMessageBox.warning = lambda _p, _t, text, *a: shown.append(text)  # type: ignore[assignment]
    win = MainWindow(PlanDocument(open_or_create(path)))
    win.show()
    doc = win.document

    def state() -> dict[str, Any]:
        items = repository.list_items(doc.pf)
        bar = win.lockBar
        return {
            "read_only": doc.read_only,
            "items": len(items),
            "title": min(items, key=lambda i: i.id).title if items else None,
            "window_title": win.windowTitle(),
            "lock_bar": bar.message.text(),
            "lock_bar_visible": bar.isVisible(),
            "take_over": bar.isVisible() and bar.takeOverButton.isVisible(),
            "messages": list(shown),
        }

    def reply(payload: dict[str, Any]) -> None:
        sys.stdout.write(json.dumps(payload) + "\n")
        sys.stdout.flush()

    def handle() -> None:
        line = sys.stdin.readline()
        command, _, arg = line.strip().partition(" ")
        if command in ("close", ""):
            win.close()
            reply({"closed": True})
            app.quit()
            return
        if command == "poll":
            win.lockBar.watch.poll()
        elif command == "take-over":
            win.lockBar.watch.take_over()
        elif command == "edit":
            first = min(repository.list_items(doc.pf), key=lambda i: i.id)
            ok = doc.execute(commands.edit(doc, [first], [first.replace(title=arg)], "Rename"))
            reply({**state(), "ok": ok})
            return
        reply(state())

    notifier = QSocketNotifier(sys.stdin.fileno(), QSocketNotifier.Type.Read)
    notifier.activated.connect(handle)
    reply(state())
    return app.exec()


def main(argv: list[str]) -> int:
    path, seed, edits = argv[0], int(argv[1]), int(argv[2])
    if "--window" in argv:
        return window(path)
    if "--backup" in argv:  # Back Up to TARGET, stopping after the first step until killed
        target = argv[argv.index("--backup") + 1]

        def copying(status: int, remaining: int, total: int) -> None:
            print(f"copying {remaining} of {total}", flush=True)
            sys.stdin.readline()

        with PlanFile.open(path, read_only=True) as source:
            source.backup_to(target, progress=copying)
        print("done", flush=True)
        return 0
    idle_after = int(argv[argv.index("--idle-after") + 1]) if "--idle-after" in argv else None
    if "--hold-lock" in argv:  # a program that ignores StreamDesk's one-writer lock
        import sqlite3

        pf = PlanFile(path, sqlite3.connect(str(path), isolation_level=None), read_only=False)
    else:
        pf = PlanFile.open(path)
    if "--hold-lock" in argv:
        pf.conn.execute("BEGIN IMMEDIATE")
        print("locked", flush=True)
        sys.stdin.readline()
        pf.conn.execute("COMMIT")
        pf.close()
        return 0
    worker = Worker(pf, random.Random(seed))
    print("ready", flush=True)
    for _ in range(edits):
        worker.edit()
        if idle_after is not None and worker.n >= idle_after:
            print("idle", flush=True)
            sys.stdin.readline()  # wait to be killed, the commits still in the WAL
            break
    pf.close()
    print("done", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
