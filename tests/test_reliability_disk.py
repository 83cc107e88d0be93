"""A full disk: the write fails with a clear message, nothing half-written, the undo stack
stays in step with the file, and everything works again once there is space.

The disk is "full" when the connection may not grow the file: ``PRAGMA max_page_count``
set to the current page count (after a VACUUM, so there are no free pages to reuse).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from crash_worker import plan_state

from streamdesk.domain import Item, Stream
from streamdesk.storage import PlanFile, PlanWriteError, repository


def fill_disk(pf: PlanFile) -> int:
    """No room left to grow; returns the old limit to give back."""
    old = pf.conn.execute("PRAGMA max_page_count").fetchone()[0]
    pf.conn.execute("VACUUM")  # free pages would be reused; there must be none
    pages = pf.conn.execute("PRAGMA page_count").fetchone()[0]
    assert pf.conn.execute(f"PRAGMA max_page_count = {pages}").fetchone()[0] == pages
    return old


def free_disk(pf: PlanFile, limit: int) -> None:
    assert pf.conn.execute(f"PRAGMA max_page_count = {limit}").fetchone()[0] == limit


def many_items(pf: PlanFile, n: int = 400) -> list[Item]:
    channel = repository.list_channels(pf, Stream.DOWNSTREAM)[0].id
    return [
        Item(f"Bulk post {i}", date(2027, 3, 1), channel, notes="A long brief. " * 20)
        for i in range(n)
    ]


def assert_no_space_message(message: str, path: Path) -> None:
    assert "no space left" in message and str(path) in message
    assert "not saved" in message


def test_a_write_on_a_full_disk_fails_clearly_and_changes_nothing(pf: PlanFile) -> None:
    before = plan_state(pf)
    count = repository.count_items(pf)
    items = many_items(pf)
    limit = fill_disk(pf)
    with pytest.raises(PlanWriteError) as info, pf.transaction():
        repository.apply_changes(pf, [], items)
    assert_no_space_message(str(info.value), pf.path)
    assert not pf.conn.in_transaction
    assert plan_state(pf) == before
    assert pf.integrity_check() == "ok"

    free_disk(pf, limit)  # space is back: the same edit goes through
    with pf.transaction():
        saved = repository.apply_changes(pf, [], items)
    assert repository.count_items(pf) == count + len(items)
    pf.close()
    with PlanFile.open(pf.path) as again:
        assert again.integrity_check() == "ok"
        assert {i.id for i in saved} <= {i.id for i in repository.list_items(again)}


def test_execute_on_a_full_disk_reports_and_pushes_nothing(document) -> None:  # type: ignore[no-untyped-def]
    from streamdesk.gui import commands

    errors: list[str] = []
    document.errorOccurred.connect(errors.append)
    stack = document.undo_stack
    before = plan_state(document.pf)
    items = many_items(document.pf)
    limit = fill_disk(document.pf)

    assert document.execute(commands.create(document, items, "Add posts")) is False
    assert len(errors) == 1
    assert_no_space_message(errors[0], document.pf.path)
    assert (stack.count(), stack.index()) == (0, 0)
    assert plan_state(document.pf) == before

    free_disk(document.pf, limit)
    assert document.execute(commands.create(document, items, "Add posts")) is True
    assert (stack.count(), stack.index()) == (1, 1)
    assert repository.count_items(document.pf) == 120 + len(items)


def test_undo_on_a_full_disk_leaves_the_stack_where_it_was(document) -> None:  # type: ignore[no-untyped-def]
    from streamdesk.gui import commands

    errors: list[str] = []
    document.errorOccurred.connect(errors.append)
    stack = document.undo_stack
    full = plan_state(document.pf)
    victims = repository.list_items(document.pf)[:100]
    assert document.execute(commands.delete(document, victims, "Delete 100 posts"))
    deleted = plan_state(document.pf)
    limit = fill_disk(document.pf)

    assert document.undo() is False  # putting 100 posts back needs room
    assert_no_space_message(errors[-1], document.pf.path)
    assert (stack.count(), stack.index()) == (1, 1)
    assert stack.canUndo() and not stack.canRedo()
    assert plan_state(document.pf) == deleted

    free_disk(document.pf, limit)
    assert document.undo() is True
    assert (stack.count(), stack.index()) == (1, 0)
    assert plan_state(document.pf) == full
    assert document.redo() is True
    assert plan_state(document.pf) == deleted


def test_redo_on_a_full_disk_leaves_the_stack_where_it_was(document) -> None:  # type: ignore[no-untyped-def]
    from streamdesk.gui import commands

    errors: list[str] = []
    document.errorOccurred.connect(errors.append)
    stack = document.undo_stack
    original = plan_state(document.pf)
    assert document.execute(commands.create(document, many_items(document.pf), "Add posts"))
    added = plan_state(document.pf)
    assert document.undo() is True
    limit = fill_disk(document.pf)

    assert document.redo() is False
    assert_no_space_message(errors[-1], document.pf.path)
    assert (stack.count(), stack.index()) == (1, 0)
    assert stack.canRedo() and not stack.canUndo()
    assert plan_state(document.pf) == original

    free_disk(document.pf, limit)
    assert document.redo() is True
    assert (stack.count(), stack.index()) == (1, 1)
    assert plan_state(document.pf) == added  # the same records with the same ids
    with PlanFile.open(document.pf.path, read_only=True) as pf:  # the window holds the lock
        assert plan_state(pf) == added
