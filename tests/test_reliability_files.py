"""The file is always valid: copies taken while the plan is open, backups, read-only media,
and hostile files fed to plan opening (property-based, with hypothesis).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from crash_worker import plan_state
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_reliability_disk import many_items

from streamdesk import demo
from streamdesk.storage import PlanFile, StorageError, repository


def copy_plan(source: Path, folder: Path, *, with_wal: bool = True) -> Path:
    """What a file manager does while StreamDesk is running: copy the files as they are."""
    folder.mkdir()
    target = folder / source.name
    shutil.copy(source, target)
    wal = Path(f"{source}-wal")
    if with_wal and wal.exists():
        shutil.copy(wal, f"{target}-wal")
    return target


def test_a_copy_taken_mid_edit_is_the_old_state_and_after_it_the_new(
    pf: PlanFile, tmp_path: Path
) -> None:
    pf.conn.execute("PRAGMA wal_autocheckpoint = 0")  # keep every commit in the -wal
    pf.conn.execute("PRAGMA cache_size = 8")  # a big edit spills its pages to the -wal early
    repository.save_plan(pf, repository.get_plan(pf).replace(name="Committed in the WAL"))
    old = plan_state(pf)
    wal = Path(f"{pf.path}-wal")
    committed_size = wal.stat().st_size

    with pf.transaction():
        repository.apply_changes(pf, [], many_items(pf, 1500))
        assert wal.stat().st_size > committed_size, "uncommitted pages are in the -wal"
        mid = copy_plan(pf.path, tmp_path / "mid")
    after = copy_plan(pf.path, tmp_path / "after")
    alone = copy_plan(pf.path, tmp_path / "alone", with_wal=False)
    new = plan_state(pf)

    with PlanFile.open(mid) as copy:
        assert copy.integrity_check() == "ok"
        assert plan_state(copy) == old
    with PlanFile.open(after) as copy:
        assert copy.integrity_check() == "ok"
        assert plan_state(copy) == new
    with PlanFile.open(alone) as copy:  # without its -wal: valid, as of the last checkpoint
        assert copy.integrity_check() == "ok"
        assert repository.get_plan(copy).name == "Demo plan"


def test_closing_folds_the_wal_back_so_the_file_alone_is_complete(
    pf: PlanFile, tmp_path: Path
) -> None:
    pf.conn.execute("PRAGMA wal_autocheckpoint = 0")
    repository.apply_changes(pf, [], many_items(pf, 50))
    expected = plan_state(pf)
    pf.close()
    alone = copy_plan(pf.path, tmp_path / "alone", with_wal=False)
    with PlanFile.open(alone) as copy:
        assert plan_state(copy) == expected


def test_a_backup_during_another_writers_transaction_is_the_committed_state(
    plan_path: Path, tmp_path: Path
) -> None:
    with PlanFile.open(plan_path, read_only=True) as reader, PlanFile.open(plan_path) as writer:
        writer.conn.execute("PRAGMA cache_size = 8")
        committed = plan_state(reader)
        with writer.transaction():
            repository.apply_changes(writer, [], many_items(writer, 800))
            target = reader.backup_to(tmp_path / "backup.streamdesk")
        assert not Path(f"{target}-wal").exists()
        assert target.read_bytes()[18:20] == b"\x01\x01"  # self-contained, not WAL
        with PlanFile.open(target) as copy:
            assert copy.integrity_check() == "ok"
            assert plan_state(copy) == committed


# -- read-only media --------------------------------------------------------------------


@contextlib.contextmanager
def read_only_medium(
    tmp_path: Path, files: dict[str, bytes], monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """A folder holding ``files`` where nothing can be created, the way this machine allows.

    A read-only tmpfs mount when running as root with the right to mount; folder
    permissions for an ordinary user; otherwise (root without mount rights, which
    ignores permissions) the -shm file SQLite needs is made impossible to create,
    which is the failure a read-only medium gives, and os.access reports no write access.
    """
    folder = tmp_path / "medium"
    folder.mkdir()
    mounted = False
    if os.geteuid() == 0:
        mounted = (
            subprocess.run(
                ["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", str(folder)],
                capture_output=True,
                check=False,
            ).returncode
            == 0
        )
    for name, data in files.items():
        (folder / name).write_bytes(data)
    try:
        if mounted:
            subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
        elif os.geteuid() != 0:
            for name in files:
                (folder / name).chmod(0o444)
            folder.chmod(0o555)
        else:
            plan = next(name for name in files if name.endswith(".streamdesk"))
            (folder / f"{plan}-shm").symlink_to(tmp_path / "no such folder" / "shm")
            real_access = os.access
            monkeypatch.setattr(
                "streamdesk.storage.planfile.os.access",
                lambda p, mode, **kw: False if mode & os.W_OK else real_access(p, mode, **kw),
            )
        yield folder
    finally:
        if mounted:
            subprocess.run(["umount", str(folder)], check=True)
        elif os.geteuid() != 0:
            folder.chmod(0o755)


def test_a_wal_mode_plan_on_a_read_only_medium_opens_read_only(
    plan_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with PlanFile.open(plan_path) as pf:
        expected = plan_state(pf)
        assert pf.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    files = {plan_path.name: plan_path.read_bytes()}
    with read_only_medium(tmp_path, files, monkeypatch) as folder:
        with PlanFile.open(folder / plan_path.name) as pf:
            assert pf.read_only
            assert plan_state(pf) == expected
        assert sorted(p.name for p in folder.iterdir() if not p.is_symlink()) == [plan_path.name]
        assert (folder / plan_path.name).read_bytes() == files[plan_path.name]


def test_a_crashed_plan_on_a_read_only_medium_is_refused_not_shown_without_its_wal(
    plan_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a -wal holding committed edits, as a crash leaves it: copied mid-session
    pf = PlanFile.open(plan_path)
    pf.conn.execute("PRAGMA wal_autocheckpoint = 0")
    repository.apply_changes(pf, [], many_items(pf, 20))
    files = {
        plan_path.name: plan_path.read_bytes(),
        f"{plan_path.name}-wal": Path(f"{plan_path}-wal").read_bytes(),
    }
    pf.close()
    with read_only_medium(tmp_path, files, monkeypatch) as folder:
        with pytest.raises(StorageError) as info:
            PlanFile.open(folder / plan_path.name)
        message = str(info.value)
        assert plan_path.name in message and "-wal" in message and "writable" in message
        for name, data in files.items():
            assert (folder / name).read_bytes() == data


# -- hostile files ----------------------------------------------------------------------


@functools.cache
def real_plan() -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "real.streamdesk"
        demo.generate(path, items=120, initiatives=20, start=date(2027, 1, 1), seed=3).close()
        return path.read_bytes()


def assert_opens_safely(data: bytes) -> None:
    """Opening ends in a StorageError naming the file, or opens; never anything else."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "hostile.streamdesk"
        path.write_bytes(data)
        digest = hashlib.sha256(data).digest()
        started = time.monotonic()
        try:
            pf = PlanFile.open(path)
        except StorageError as error:
            assert path.name in str(error)
        else:
            try:
                check = pf.integrity_check()  # says what is wrong instead of raising
                assert isinstance(check, str) and check
            finally:
                pf.close()
        assert time.monotonic() - started < 3
        assert hashlib.sha256(path.read_bytes()).digest() == digest


HOSTILE = settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)


@HOSTILE
@given(st.binary(max_size=4096), st.booleans())
def test_random_bytes_never_open_as_anything_but_a_clear_error(data: bytes, header: bool) -> None:
    if header:  # past the first check: random pages behind a genuine SQLite header
        data = real_plan()[:100] + data
    assert_opens_safely(data)


@HOSTILE
@given(st.integers(min_value=0, max_value=len(real_plan())))
def test_a_truncated_plan_is_refused_or_opens_safely(length: int) -> None:
    assert_opens_safely(real_plan()[:length])


@HOSTILE
@given(
    st.lists(
        st.tuples(
            st.one_of(
                st.integers(0, 99),  # the header
                st.integers(100, len(real_plan()) - 1),  # schema and data pages
            ),
            st.integers(0, 7),
        ),
        min_size=1,
        max_size=12,
    )
)
def test_a_bit_flipped_plan_is_refused_or_opens_safely(flips: list[tuple[int, int]]) -> None:
    data = bytearray(real_plan())
    for position, bit in flips:
        data[position] ^= 1 << bit
    assert_opens_safely(bytes(data))


@functools.cache
def schema_text() -> tuple[int, int]:
    """Where the CREATE statements are stored in the real plan (sqlite_master's text)."""
    data = real_plan()
    return data.index(b"CREATE"), data.rindex(b"CREATE") + 200


@HOSTILE
@given(st.lists(st.integers(*schema_text()), min_size=1, max_size=4))
def test_a_damaged_schema_is_refused_with_a_storage_error(positions: list[int]) -> None:
    """Non-UTF-8 bytes in the schema make SQLite's own error text undecodable."""
    data = bytearray(real_plan())
    for position in positions:
        data[position] |= 0x80
    assert_opens_safely(bytes(data))
