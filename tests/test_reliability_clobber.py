"""Edits and undo never clobber what someone else wrote: an edit writes only the fields it
changes, ids are never handed out twice, and undo or redo refuse (with a message, the
stack unmoved) when a record is no longer as the command left it.

"Someone else" is a second connection that does not take StreamDesk's lock, as an older
StreamDesk or another program would: the guarantees hold at the storage layer itself.
"""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from streamdesk.domain import Initiative, Item, Plan, Stream
from streamdesk.gui import commands
from streamdesk.gui.document import PlanDocument
from streamdesk.storage import ConflictError, PlanFile, repository


def other_writer(path: Path) -> PlanFile:
    """A second writer on the same plan that ignores the one-writer lock."""
    conn = sqlite3.connect(str(path), isolation_level=None, timeout=2)
    conn.execute("PRAGMA foreign_keys = ON")
    return PlanFile(path, conn, read_only=False)


def item(pf: PlanFile, item_id: int) -> Item:
    return repository.get(pf, Item, item_id)  # type: ignore[no-any-return]


def test_two_writers_editing_different_fields_keep_both_and_undo_keeps_the_other(
    pf: PlanFile,
) -> None:
    b = other_writer(pf.path)
    a_copy, b_copy = item(pf, 5), item(b, 5)  # both loaded before either edit
    renamed = a_copy.replace(title="Renamed by A")
    repository.apply_changes(pf, [a_copy], [renamed])
    repository.apply_changes(b, [b_copy], [b_copy.replace(notes="Notes by B")])
    assert item(pf, 5) == a_copy.replace(title="Renamed by A", notes="Notes by B")

    repository.apply_changes(pf, [renamed], [a_copy])  # A's undo: only the title goes back
    assert item(pf, 5) == a_copy.replace(notes="Notes by B")
    b.conn.close()


def test_undo_of_a_field_someone_changed_since_is_refused_and_keeps_their_value(
    pf: PlanFile,
) -> None:
    b = other_writer(pf.path)
    original = item(pf, 5)
    renamed = original.replace(title="A's title")
    repository.apply_changes(pf, [original], [renamed])
    repository.apply_changes(b, [renamed], [renamed.replace(title="B's title")])
    with pytest.raises(ConflictError, match=r"item 5 .* was changed in demo.streamdesk"):
        repository.apply_changes(pf, [renamed], [original])
    assert item(pf, 5).title == "B's title"
    b.conn.close()


def test_ids_are_never_reused_so_undo_never_deletes_anothers_record(pf: PlanFile) -> None:
    b = other_writer(pf.path)
    channel = repository.list_channels(pf, Stream.DOWNSTREAM)[0].id
    (mine,) = repository.apply_changes(pf, [], [Item("A's post", date(2027, 3, 1), channel)])
    repository.apply_changes(b, [mine], [])  # B deletes A's new item ...
    (theirs,) = repository.apply_changes(b, [], [Item("B's post", date(2027, 3, 2), channel)])
    assert theirs.id != mine.id and theirs.id == mine.id + 1  # ... and its own gets a new id
    assert repository.next_id(pf, Item) == theirs.id + 1

    with pytest.raises(ConflictError, match=f"item {mine.id} .* no longer exists"):
        repository.apply_changes(pf, [mine], [])  # A's "undo create"
    assert item(pf, theirs.id) == theirs
    b.conn.close()


def test_ids_of_deleted_records_stay_used_after_reopening(plan_path: Path) -> None:
    with PlanFile.open(plan_path) as pf:
        last = max(i.id for i in repository.list_items(pf))
        newest = item(pf, last)
        repository.apply_changes(pf, [newest], [])
        initiative = repository.list_initiatives(pf)[-1]
        top = max(i.id for i in repository.list_initiatives(pf))
        repository.apply_changes(pf, *repository.delete_initiative_snapshot(pf, initiative))
    with PlanFile.open(plan_path) as pf:
        assert repository.next_id(pf, Item) == last + 1
        assert repository.insert(pf, newest.replace(id=None)).id == last + 1
        assert repository.next_id(pf, Initiative) == top + 1
        repository.bulk_insert(pf, [newest.replace(id=None, title="Bulk")])
        assert [i.title for i in repository.list_items(pf) if i.id == last + 2] == ["Bulk"]


def test_deleting_a_record_changed_since_is_refused(pf: PlanFile) -> None:
    b = other_writer(pf.path)
    seen = item(pf, 7)
    repository.apply_changes(b, [seen], [seen.replace(notes="Kept by B")])
    with pytest.raises(ConflictError, match="item 7"):
        repository.apply_changes(pf, [seen], [])
    assert item(pf, 7).notes == "Kept by B"
    b.conn.close()


def test_redo_of_a_creation_refuses_when_the_id_is_taken(pf: PlanFile) -> None:
    channel = repository.list_channels(pf, Stream.DOWNSTREAM)[0].id
    (created,) = repository.apply_changes(pf, [], [Item("Post", date(2027, 3, 1), channel)])
    repository.apply_changes(pf, [created], [])  # undo
    b = other_writer(pf.path)
    b.conn.execute(  # a program without the id rules puts a record of its own there
        "INSERT INTO items (id, title, date, channel_id) VALUES (?, 'Theirs', '2027-03-05', ?)",
        [created.id, channel],
    )
    with pytest.raises(ConflictError, match="already exists again"):
        repository.apply_changes(pf, [], [created])  # redo
    assert item(pf, created.id).title == "Theirs"
    b.conn.close()


def test_plan_settings_write_only_what_changed_and_refuse_a_stale_undo(pf: PlanFile) -> None:
    b = other_writer(pf.path)
    plan = repository.get_plan(pf)
    renamed = plan.replace(name="A's name")
    repository.change_plan(pf, plan, renamed)
    repository.change_plan(b, renamed, renamed.replace(client="B's client"))
    with pytest.raises(ConflictError, match="plan settings"):
        repository.change_plan(pf, renamed, plan)
    assert repository.get_plan(pf) == Plan(**{**_fields(renamed), "client": "B's client"})
    b.conn.close()


def _fields(plan: Plan) -> dict[str, object]:
    return {f: getattr(plan, f) for f in Plan.__dataclass_fields__}


def test_the_window_reports_a_refused_undo_and_keeps_the_stack(
    document: PlanDocument, qtbot
) -> None:  # type: ignore[no-untyped-def]
    errors: list[str] = []
    document.errorOccurred.connect(errors.append)
    original = item(document.pf, 5)
    assert document.execute(
        commands.edit(document, [original], [original.replace(title="Mine")], "Rename")
    )
    b = other_writer(document.pf.path)
    repository.apply_changes(b, [item(b, 5)], [item(b, 5).replace(title="Theirs")])
    assert not document.undo()
    assert document.undo_stack.index() == 1
    assert len(errors) == 1 and "item 5" in errors[0] and "nothing was written" in errors[0]
    assert item(document.pf, 5).title == "Theirs"
    b.conn.close()
