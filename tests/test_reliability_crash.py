"""Crashing on purpose: a child process edits a plan and is killed with SIGKILL.

The child (tests/crash_worker.py) prints each edit before it starts (``B``) and after its
commit returned (``C``). After the kill the plan must open, pass ``integrity_check``,
and hold exactly every reported edit, plus the one in flight either wholly or not at all.
Also here: a -wal left over by a crash is recovered, and a second process that holds
the write lock makes writers wait a bounded time and then fail with a clear message.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from crash_worker import plan_state, row_key

from streamdesk.domain import Item, Plan, Stream
from streamdesk.storage import PlanFile, PlanWriteError, StorageError, repository

WORKER = Path(__file__).with_name("crash_worker.py")
State = dict[tuple[str, Any], dict[str, Any]]


class Child:
    """The worker process, its output read as it comes so it never blocks on a full pipe."""

    def __init__(self, plan: Path, *args: str, until: Any = None) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, str(WORKER), str(plan), *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            encoding="utf-8",
        )
        self.lines: list[str] = []
        self.commits = 0
        self.until = until or (lambda line, commits: False)
        self.reached = threading.Event()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        for line in self.proc.stdout:  # type: ignore[union-attr]
            self.lines.append(line)
            self.commits += line.startswith("C ")
            if self.until(line, self.commits):
                self.reached.set()
        self.reached.set()

    def wait_until_reached(self) -> None:
        assert self.reached.wait(30), "the child stopped making progress"

    def send(self, text: str) -> None:
        self.proc.stdin.write(text)  # type: ignore[union-attr]
        self.proc.stdin.flush()  # type: ignore[union-attr]

    def kill(self) -> str:
        """SIGKILL the child (if still running) and return everything it printed."""
        if self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=10)
        self.reader.join(timeout=10)
        self.proc.stdin.close()  # type: ignore[union-attr]
        self.proc.stdout.close()  # type: ignore[union-attr]
        return "".join(self.lines)


def parse(output: str) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
    """The committed edits in order, and the edit in flight (begun, commit not reported)."""
    begun: dict[int, dict[str, Any]] = {}
    committed: dict[int, dict[str, Any]] = {}
    for line in output.splitlines(keepends=True):
        if not line.endswith("\n") or line[:2] not in ("B ", "C "):
            continue  # the last line may be cut short by the kill
        tag, n, payload = line.split(" ", 2)
        (begun if tag == "B" else committed)[int(n)] = json.loads(payload)
    assert list(committed) == list(range(1, len(committed) + 1))
    inflight = [n for n in begun if n not in committed]
    assert len(inflight) <= 1 and (not inflight or inflight[0] == len(committed) + 1)
    return [committed[n] for n in sorted(committed)], begun[inflight[0]] if inflight else None


def replay(state: State, edit: dict[str, Any]) -> tuple[State, list[dict[str, Any]]]:
    """The state after an edit; rows inserted without an id yet are returned apart."""
    state = dict(state)
    for snap in edit["before"]:
        state.pop(row_key(snap["table"], snap["row"]), None)
    unnamed = []
    for snap in edit["after"]:
        if snap["table"] != "dependencies" and snap["row"]["id"] is None:
            unnamed.append(snap)
        else:
            state[row_key(snap["table"], snap["row"])] = snap["row"]
    return state, unnamed


def matches(actual: State, expected: State, unnamed: list[dict[str, Any]]) -> bool:
    """``actual`` is ``expected`` plus exactly the ``unnamed`` rows, with some ids."""
    extra = [k for k in actual if k not in expected]
    if any(actual.get(k) != v for k, v in expected.items()) or len(extra) != len(unnamed):
        return False
    left = [(s["table"], {**s["row"], "id": None}) for s in unnamed]
    for key in extra:
        found = (key[0], {**actual[key], "id": None})
        if found not in left:
            return False
        left.remove(found)
    return True


def check_plan_after_crash(path: Path, initial: State, output: str) -> int:
    committed, inflight = parse(output)
    model = initial
    for edit in committed:
        model, unnamed = replay(model, edit)
        assert not unnamed, "a committed edit reports the ids it was given"
    with PlanFile.open(path) as pf:
        assert pf.integrity_check() == "ok"
        assert pf.conn.execute("PRAGMA foreign_key_check").fetchall() == []
        actual = plan_state(pf)
    if actual != model:
        assert inflight is not None, f"lost or changed records: {diff(actual, model)}"
        after, unnamed = replay(model, inflight)
        assert matches(actual, after, unnamed), (
            f"the edit in flight ({inflight['desc']}) is half there: {diff(actual, after)}"
        )
    return len(committed)


def diff(actual: State, expected: State) -> str:
    missing = [k for k in expected if k not in actual]
    extra = [k for k in actual if k not in expected]
    changed = [k for k in expected if k in actual and actual[k] != expected[k]]
    return f"missing {missing[:5]}, extra {extra[:5]}, changed {changed[:5]}"


def initial_state(path: Path) -> State:
    with PlanFile.open(path) as pf:
        return plan_state(pf)


@pytest.mark.parametrize(
    ("seed", "kill_after"),
    [(1, 1), (2, 40), (3, 200), (4, 600)],
    ids=["after-1", "after-40", "after-200", "after-600"],
)
def test_killed_after_n_commits_keeps_every_committed_edit(
    plan_path: Path, seed: int, kill_after: int
) -> None:
    initial = initial_state(plan_path)
    child = Child(plan_path, str(seed), "1000", until=lambda _, commits: commits >= kill_after)
    child.wait_until_reached()
    output = child.kill()
    assert "done\n" not in output, "the child finished before it was killed"
    assert Path(f"{plan_path}-wal").exists(), "the crash left its write-ahead log behind"
    assert check_plan_after_crash(plan_path, initial, output) >= kill_after


@pytest.mark.parametrize(("seed", "delay"), [(11, 0.05), (12, 0.3)], ids=["50ms", "300ms"])
def test_killed_at_a_random_moment_keeps_every_committed_edit(
    plan_path: Path, seed: int, delay: float
) -> None:
    initial = initial_state(plan_path)
    # far more edits than a fast machine makes in the delay, so the kill always lands mid-work
    child = Child(plan_path, str(seed), "1000000", until=lambda line, _: line == "ready\n")
    child.wait_until_reached()
    # the kill moment is a time, not a condition: it may land anywhere, mid-commit included
    child.reader.join(timeout=delay)
    output = child.kill()
    assert "done\n" not in output
    check_plan_after_crash(plan_path, initial, output)


def test_a_wal_left_over_by_a_crash_is_recovered_not_deleted(
    plan_path: Path, tmp_path: Path
) -> None:
    initial = initial_state(plan_path)
    child = Child(
        plan_path, "21", "1000", "--idle-after", "30", until=lambda line, _: line == "idle\n"
    )
    child.wait_until_reached()
    output = child.kill()
    wal = Path(f"{plan_path}-wal")
    assert wal.stat().st_size > 0

    # the 30 edits live only in the WAL: the main file on its own does not have them
    alone = tmp_path / "alone" / plan_path.name
    alone.parent.mkdir()
    shutil.copy(plan_path, alone)
    with PlanFile.open(alone) as pf:
        assert plan_state(pf) == initial

    assert check_plan_after_crash(plan_path, initial, output) == 30
    # closing folded the recovered WAL into the file: it now holds everything on its own
    assert not wal.exists() or wal.stat().st_size == 0
    committed, _ = parse(output)
    model = initial
    for edit in committed:
        model = replay(model, edit)[0]
    single = tmp_path / "single" / plan_path.name
    single.parent.mkdir()
    shutil.copy(plan_path, single)
    with PlanFile.open(single) as pf:
        assert plan_state(pf) == model


def channel(pf: PlanFile) -> int:
    return repository.list_channels(pf, Stream.DOWNSTREAM)[0].id


def test_a_second_process_holding_the_lock_makes_writes_fail_clearly_in_bounded_time(
    plan_path: Path,
) -> None:
    holder = Child(plan_path, "0", "0", "--hold-lock", until=lambda line, _: line == "locked\n")
    try:
        holder.wait_until_reached()
        assert holder.lines == ["locked\n"]
        with PlanFile.open(plan_path, busy_timeout_ms=300) as pf:
            count = repository.count_items(pf)  # reading never waits for a writer (WAL)
            started = time.monotonic()
            with pytest.raises(PlanWriteError) as info:
                repository.insert(pf, Item("Blocked", date(2027, 1, 1), channel(pf)))
            waited = time.monotonic() - started
            assert 0.25 <= waited < 3, f"waited {waited:.2f}s"
            assert "busy" in str(info.value) and plan_path.name in str(info.value)
            assert "not saved" in str(info.value)
            assert not pf.conn.in_transaction

            holder.send("release\n")
            assert holder.proc.wait(timeout=10) == 0
            repository.insert(pf, Item("After", date(2027, 1, 1), channel(pf)))
            assert repository.count_items(pf) == count + 1
            assert pf.integrity_check() == "ok"
    finally:
        holder.kill()


def test_a_writer_killed_while_holding_the_lock_leaves_no_lock_behind(plan_path: Path) -> None:
    holder = Child(plan_path, "0", "0", "--hold-lock", until=lambda line, _: line == "locked\n")
    holder.wait_until_reached()
    assert holder.lines == ["locked\n"]
    holder.kill()
    with PlanFile.open(plan_path, busy_timeout_ms=300) as pf:
        started = time.monotonic()
        repository.save_plan(pf, Plan(name="Still writable"))
        assert time.monotonic() - started < 0.25
        assert pf.integrity_check() == "ok"
    with PlanFile.open(plan_path) as pf:
        assert repository.get_plan(pf).name == "Still writable"


def test_a_backup_never_replaces_a_plan_whose_wal_holds_a_crashs_edits(
    plan_path: Path, tmp_path: Path
) -> None:
    crashed = tmp_path / "crashed" / "client.streamdesk"
    crashed.parent.mkdir()
    shutil.copy(plan_path, crashed)
    initial = initial_state(crashed)
    child = Child(
        crashed, "31", "1000", "--idle-after", "20", until=lambda line, _: line == "idle\n"
    )
    child.wait_until_reached()
    output = child.kill()
    files = {  # the lock file only names the process that crashed: not the plan's
        p.name: p.read_bytes()
        for p in crashed.parent.iterdir()
        if not p.name.endswith(("shm", ".lock"))
    }

    # Save As / Back Up onto it would let SQLite replay that -wal onto the new copy
    with PlanFile.open(plan_path) as pf, pytest.raises(StorageError) as info:
        pf.backup_to(crashed)
    assert "client.streamdesk-wal" in str(info.value) and "not replaced" in str(info.value)
    for name, data in files.items():
        assert (crashed.parent / name).read_bytes() == data
    assert not list(crashed.parent.glob("*.part"))
    assert check_plan_after_crash(crashed, initial, output) == 20
