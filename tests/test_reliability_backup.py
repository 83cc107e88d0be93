"""Back Up killed mid-way, and a full disk during an import: never a half-written file under
the final name, leftovers cleaned up by the next Back Up or open, and messages that say
what happened to which file.
"""

from __future__ import annotations

import hashlib
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from crash_worker import plan_state
from test_reliability_disk import fill_disk

from streamdesk.cli import main
from streamdesk.storage import PlanFile, planfile

WORKER = Path(__file__).with_name("crash_worker.py")


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def killed_back_up(plan: Path, target: Path) -> None:
    """Start a Back Up of ``plan`` to ``target`` in another process and kill -9 it mid-copy."""
    proc = subprocess.Popen(
        [sys.executable, str(WORKER), str(plan), "0", "0", "--backup", str(target)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert line.startswith("copying "), line
        remaining = int(line.split()[1])
        assert remaining > 0, "killed before the copy was complete"
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        for stream in (proc.stdin, proc.stdout):
            if stream is not None:
                stream.close()


def leftovers(target: Path) -> list[str]:
    return sorted(p.name for p in target.parent.glob(f"{target.name}.part*"))


def test_a_killed_back_up_leaves_nothing_under_the_final_name_and_the_next_cleans_up(
    plan_path: Path, tmp_path: Path
) -> None:
    target = tmp_path / "backups" / "copy.streamdesk"
    target.parent.mkdir()
    killed_back_up(plan_path, target)
    assert not target.exists()
    assert f"{target.name}.part" in leftovers(target)

    with PlanFile.open(plan_path) as pf:
        expected = plan_state(pf)
        pf.backup_to(target)
    assert leftovers(target) == []
    with PlanFile.open(target) as copy:
        assert copy.integrity_check() == "ok" and plan_state(copy) == expected


def test_a_killed_back_up_onto_an_old_copy_keeps_it_and_opening_it_cleans_up(
    plan_path: Path, tmp_path: Path
) -> None:
    target = tmp_path / "old copy.streamdesk"
    target.write_bytes(plan_path.read_bytes())
    with PlanFile.open(target) as old:
        kept = plan_state(old)
    before = digest(target)
    killed_back_up(plan_path, target)
    assert digest(target) == before, "the old copy is whole until a new one replaces it"
    assert leftovers(target)

    with PlanFile.open(target) as pf:
        assert plan_state(pf) == kept
    assert leftovers(target) == []


def test_a_full_disk_during_import_says_no_space_left_naming_the_file(
    plan_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    source = tmp_path / "many.csv"
    rows = [f"2027-02-{1 + n % 28:02d},Email,Post {n},{'A long brief. ' * 40}" for n in range(800)]
    source.write_text("Date,Channel,Title,Notes\n" + "\n".join(rows) + "\n", encoding="utf-8")
    real_open = planfile.PlanFile._open_checked.__func__  # type: ignore[attr-defined]

    def open_on_a_full_disk(cls, path, writable, busy_timeout_ms):  # type: ignore[no-untyped-def]
        pf = real_open(cls, path, writable, busy_timeout_ms)
        if writable:
            fill_disk(pf)
        return pf

    monkeypatch.setattr(planfile.PlanFile, "_open_checked", classmethod(open_on_a_full_disk))
    with PlanFile.open(plan_path, read_only=True) as pf:
        before = plan_state(pf)

    assert main(["import", str(plan_path), str(source)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert f"no space left on the device holding {plan_path}" in err
    assert "disk I/O" not in err and "unexpected" not in err
    with PlanFile.open(plan_path, read_only=True) as pf:
        assert plan_state(pf) == before


def test_the_message_is_chosen_by_the_error_code_not_its_words(tmp_path: Path) -> None:
    path = tmp_path / "plan.streamdesk"
    full = planfile.sqlite3.OperationalError("some words")
    full.sqlite_errorname = "SQLITE_FULL"  # type: ignore[attr-defined]
    assert "no space left on the device holding" in planfile.describe_sqlite_error(full, path)
    busy = planfile.sqlite3.OperationalError("database or disk is full")  # words mislead
    busy.sqlite_errorname = "SQLITE_BUSY"  # type: ignore[attr-defined]
    assert "is busy" in planfile.describe_sqlite_error(busy, path)
