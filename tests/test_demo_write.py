"""``streamdesk demo`` never leaves half a plan under the name it was given.

The plan is built in a hidden ``.NAME.part`` beside the target and renamed when complete:
a process killed mid-way (kill -9, in a real child process) or a full disk leaves the
target as it was, and the next run cleans up what the killed one left.
"""

from __future__ import annotations

import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from streamdesk import demo
from streamdesk.cli import main
from streamdesk.commands.demo import MAX_INITIATIVES, MAX_ITEMS
from streamdesk.storage import PlanFile, StorageError, repository

ROOT = Path(__file__).resolve().parent.parent

# A child that runs `streamdesk demo`, says "halfway" once every item is committed to the
# part file (before it is folded and renamed), then waits to be killed.
HALFWAY = """
import sys
from streamdesk import demo
real = demo._items
def items(*args, **kwargs):
    real(*args, **kwargs)
    print("halfway", flush=True)
    sys.stdin.readline()
demo._items = items
from streamdesk.cli import main
raise SystemExit(main(sys.argv[1:]))
"""


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def kill_halfway(*args: str) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen(
        [sys.executable, "-c", HALFWAY, "demo", *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert child.stdout is not None
        line = child.stdout.readline()  # blocks until the child is mid-way
        assert line.strip() == "halfway", child.stderr.read() if child.stderr else ""
        os.kill(child.pid, signal.SIGKILL)
        assert child.wait(timeout=60) == -signal.SIGKILL
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        for stream in (child.stdin, child.stdout, child.stderr):
            if stream is not None:
                stream.close()


def test_killed_mid_way_leaves_nothing_under_the_name(tmp_path: Path) -> None:
    target = tmp_path / "new.streamdesk"
    kill_halfway(str(target), "--items", "400", "--start", "2027-01-01")
    assert not target.exists()
    assert demo.part_path(target).exists()  # what the killed run left, hidden beside it
    # the next run cleans it up and writes the whole plan
    assert main(["demo", str(target), "--items", "40", "--start", "2027-01-01"]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new.streamdesk"]
    with PlanFile.open(target) as pf:
        assert repository.count_items(pf) == 40


def test_killed_mid_way_with_force_keeps_the_old_plan_whole(plan_path: Path) -> None:
    before = sha(plan_path)
    kill_halfway(str(plan_path), "--force", "--items", "400", "--start", "2027-01-01")
    assert sha(plan_path) == before
    with PlanFile.open(plan_path, read_only=True) as pf:
        assert repository.count_items(pf) == 120


def test_a_full_disk_leaves_the_old_plan_and_says_what_to_do(
    plan_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    before = sha(plan_path)

    def full(pf: PlanFile, entities: object) -> None:
        with pf.transaction():
            raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(repository, "bulk_insert", full)
    assert main(["demo", str(plan_path), "--force"]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert err.startswith(
        f"streamdesk: error: There is no space left to write the demo plan {plan_path}"
    )
    assert "is unchanged" in err and "Free some space" in err and "unexpected" not in err
    assert sha(plan_path) == before
    assert sorted(p.name for p in plan_path.parent.iterdir()) == [plan_path.name]


def test_a_failed_rename_names_the_plan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "x.streamdesk"

    def refuse(src: object, dst: object) -> None:
        raise PermissionError(13, "Permission denied", str(dst))

    monkeypatch.setattr(demo.os, "replace", refuse)
    with pytest.raises(StorageError, match=r"Could not write the demo plan .*x\.streamdesk"):
        demo.write(target, items=5)
    assert list(tmp_path.iterdir()) == []


def test_the_written_plan_stands_on_its_own(tmp_path: Path) -> None:
    target = tmp_path / "d.streamdesk"
    demo.write(target, items=30, seed=3)
    assert [p.name for p in tmp_path.iterdir()] == ["d.streamdesk"]  # no WAL beside it
    conn = sqlite3.connect(target)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT count(*) FROM items").fetchone()[0] == 30
    conn.close()


@pytest.mark.parametrize(
    ("option", "most"), [("--items", MAX_ITEMS), ("--initiatives", MAX_INITIATIVES)]
)
def test_too_many_is_refused_in_one_line(
    tmp_path: Path, option: str, most: int, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "big.streamdesk"
    with pytest.raises(SystemExit) as exited:
        main(["demo", str(target), option, str(most + 1)])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert err == (
        f"streamdesk demo: error: argument {option}: {most + 1:,} is more than a demo plan "
        f"holds (at most {most:,}) (see streamdesk demo --help)\n"
    )
    assert not target.exists()
