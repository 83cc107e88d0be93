"""A plan's exports carry its identity (Plan ID), and an import refuses another plan's file
by it: IDs are numbered per plan, so client A's CSV matched against client B's items by ID
would rewrite them. The identity survives a rename and Save As; --as-new (or the dialog's
checkbox) imports such a file's rows as new items instead."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from import_helpers import dry_run, export, sha256
from PySide6.QtWidgets import QDialog, QWidget

from streamdesk import demo
from streamdesk.cli import main
from streamdesk.domain import Initiative
from streamdesk.excel.columns import PLAN_SHEET
from streamdesk.excel.export import export_plan
from streamdesk.excel.wording import AS_NEW_TEXT, Audience
from streamdesk.gui import import_actions
from streamdesk.gui.import_dialog import ImportDialog
from streamdesk.storage import PlanFile, repository

ACME_START = date(2027, 1, 1)


@pytest.fixture
def acme(tmp_path: Path) -> Iterator[PlanFile]:
    """Client A's plan: another demo (other titles and initiatives), IDs 1… like B's."""
    path = tmp_path / "acme.streamdesk"
    demo.generate(path, items=30, initiatives=4, start=ACME_START, seed=11).close()
    with PlanFile.open(path) as pf:
        repository.save_plan(pf, repository.get_plan(pf).replace(name="Acme plan"))
        yield pf


def plan_ids(path: Path) -> set[str]:
    with path.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.reader(stream))
    assert rows[0][-1] == "Plan ID"
    return {row[-1] for row in rows[1:]}


def test_a_csv_from_another_plan_is_refused_and_the_plan_is_left_byte_identical(
    acme: PlanFile, plan_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "acme.csv"
    export_plan(acme, out)
    assert plan_ids(out) == {repository.plan_uid(acme)}
    before = sha256(plan_path)
    assert main(["import", str(plan_path), str(out)]) == 1
    assert sha256(plan_path) == before
    lines = [line for line in capsys.readouterr().err.splitlines() if "Plan ID" in line]
    assert len(lines) == 1, capsys.readouterr()
    assert "“Demo plan”" in lines[0] and "differ" in lines[0] and "--as-new" in lines[0]
    assert lines[0].startswith("acme.csv!")  # the cell of the Plan ID that differs


def test_as_new_imports_another_plans_csv_as_new_items(
    acme: PlanFile, pf: PlanFile, tmp_path: Path
) -> None:
    linked = next(i for i in repository.list_items(acme) if i.initiative_id is not None)
    own = repository.get(acme, Initiative, linked.initiative_id)
    repository.update(acme, own.replace(title="Acme launch"))  # not one of this plan's
    out = tmp_path / "acme.csv"
    export_plan(acme, out)
    before = repository.list_items(pf)
    plan = dry_run(pf, out, as_new=True)
    assert plan.ok, [str(e) for e in plan.errors]
    count = repository.count_items(acme)
    assert plan.counts() == {"new": count, "changed": 0, "removed": 0, "errors": 0}
    assert sorted(i.title for i in plan.new) == sorted(i.title for i in repository.list_items(acme))
    assert all(i.id is None or i.id < 0 or i.id not in {b.id for b in before} for i in plan.new)
    # an initiative this plan does not have: its items come without the link, said so
    unlinked = [n for n in plan.notes if "initiatives this plan does not have" in n]
    served = len(repository.list_items(acme, initiative_id=own.id))
    assert len(unlinked) == 1 and unlinked[0].endswith(f"“Acme launch” ({served})"), plan.notes
    unlinked_before = sum(i.initiative_id is None for i in repository.list_items(acme))
    assert sum(i.initiative_id is None for i in plan.new) == unlinked_before + served
    # one this plan has by that title keeps the link
    assert any(i.initiative_id is not None for i in plan.new)
    assert repository.list_items(pf) == before  # a dry run


def test_as_new_on_the_command_line_writes_the_rows_and_keeps_the_plans_items(
    acme: PlanFile, plan_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "acme.xlsx"
    export_plan(acme, out)
    with PlanFile.open(plan_path, read_only=True) as pf:
        before = repository.list_items(pf)
    assert main(["import", str(plan_path), str(out), "--as-new"]) == 0
    assert "Timeline sheet is not read with --as-new" in capsys.readouterr().out
    with PlanFile.open(plan_path, read_only=True) as pf:
        after = repository.list_items(pf)
    assert len(after) == len(before) + repository.count_items(acme)
    assert [i for i in after if i.id in {b.id for b in before}] == before


def test_as_new_with_delete_missing_is_a_usage_error(
    plan_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "own.csv"
    with PlanFile.open(plan_path, read_only=True) as pf:
        export_plan(pf, out)
    before = sha256(plan_path)
    assert main(["import", str(plan_path), str(out), "--as-new", "--delete-missing"]) != 0
    assert "--delete-missing" in capsys.readouterr().err
    assert sha256(plan_path) == before


@pytest.mark.parametrize("name", ["own.csv", "own.xlsx"])
def test_our_own_file_still_round_trips_with_no_changes(
    pf: PlanFile, tmp_path: Path, name: str
) -> None:
    out = export(pf, tmp_path / name) if name.endswith(".xlsx") else tmp_path / name
    if name.endswith(".csv"):
        export_plan(pf, out)
    plan = dry_run(pf, out)
    assert plan.ok, [str(e) for e in plan.errors]
    assert plan.counts() == {"new": 0, "changed": 0, "removed": 0, "errors": 0}
    assert plan.unchanged >= repository.count_items(pf)
    assert not any("Plan ID" in n or "columns not imported" in n for n in plan.notes), plan.notes


@pytest.mark.parametrize("name", ["renamed.csv", "renamed.xlsx"])
def test_a_renamed_plan_still_takes_its_own_file(pf: PlanFile, tmp_path: Path, name: str) -> None:
    out = tmp_path / name
    export_plan(pf, out)
    repository.save_plan(pf, repository.get_plan(pf).replace(name="Demo plan 2027"))
    plan = dry_run(pf, out)
    assert plan.ok, [str(e) for e in plan.errors]
    assert plan.counts()["changed"] == 0
    if name.endswith(".xlsx"):  # the workbook names the old name: said, not refused
        assert any("“Demo plan”" in n and "“Demo plan 2027”" in n for n in plan.notes)


def test_a_save_as_copy_takes_its_siblings_file(pf: PlanFile, tmp_path: Path) -> None:
    """Save As keeps the identity: the copy is the same plan, so the original's file is
    accepted (the workbook's other name is noted)."""
    out = tmp_path / "original.xlsx"
    export_plan(pf, out)
    copy_path = tmp_path / "copy.streamdesk"
    pf.backup_to(copy_path)
    with PlanFile.open(copy_path) as copy:
        assert repository.plan_uid(copy) == repository.plan_uid(pf)
        repository.save_plan(copy, repository.get_plan(copy).replace(name="Copy of demo"))
        plan = dry_run(copy, out)
    assert plan.ok, [str(e) for e in plan.errors]
    assert plan.counts()["changed"] == 0
    assert any("same Plan ID" in n for n in plan.notes), plan.notes


def drop_plan_id(path: Path) -> Path:
    """The workbook as exports wrote it before the Plan ID row."""
    book = openpyxl.load_workbook(path)
    ws = book[PLAN_SHEET]
    (row,) = [r for r in ws.iter_rows() if r[0].value == "Plan ID"]
    ws.delete_rows(row[0].row)
    book.save(path)
    return path


def test_an_old_workbook_without_a_plan_id_is_judged_by_the_plan_name(
    pf: PlanFile, acme: PlanFile, tmp_path: Path
) -> None:
    own = drop_plan_id(export(pf, tmp_path / "own.xlsx"))
    assert dry_run(pf, own).ok
    foreign = tmp_path / "acme.xlsx"
    export_plan(acme, foreign)
    drop_plan_id(foreign)
    plan = dry_run(pf, foreign)
    assert not plan.ok and plan.changed == [] and plan.new == []
    message = str(plan.errors[0])
    assert message.startswith("Plan!B") and "“Acme plan”" in message and "“Demo plan”" in message
    assert "--as-new" in message
    assert dry_run(pf, foreign, as_new=True).ok


def test_the_plan_id_wins_over_a_matching_name(
    pf: PlanFile, acme: PlanFile, tmp_path: Path
) -> None:
    """Two clients' plans both called "Demo plan": the name check passed them; the IDs differ."""
    repository.save_plan(acme, repository.get_plan(acme).replace(name="Demo plan"))
    out = tmp_path / "acme.xlsx"
    export_plan(acme, out)
    plan = dry_run(pf, out)
    assert not plan.ok and plan.changed == []
    assert "another plan also named “Demo plan”" in str(plan.errors[0])


def test_a_csv_pasted_together_from_two_plans_is_refused_at_the_first_foreign_row(
    pf: PlanFile, acme: PlanFile, tmp_path: Path
) -> None:
    own, other = tmp_path / "own.csv", tmp_path / "acme.csv"
    export_plan(pf, own)
    export_plan(acme, other)
    lines = own.read_text(encoding="utf-8-sig").splitlines()
    lines.append(other.read_text(encoding="utf-8-sig").splitlines()[1])
    mixed = tmp_path / "mixed.csv"
    mixed.write_text("\n".join(lines) + "\n", encoding="utf-8")
    plan = dry_run(pf, mixed)
    assert not plan.ok and plan.changed == []
    assert str(plan.errors[0]).startswith(f"mixed.csv!U{len(lines)}: ")


def test_a_foreign_csv_with_no_plan_id_is_read_as_before(pf: PlanFile, tmp_path: Path) -> None:
    path = tmp_path / "tool.csv"
    path.write_text("Date,Channel,Title\n2027-05-01,LinkedIn,From a tool\n", encoding="utf-8")
    plan = dry_run(pf, path)
    assert plan.ok and [i.title for i in plan.new] == ["From a tool"]


def test_the_dialog_offers_as_new_for_another_plans_file(  # type: ignore[no-untyped-def]
    qtbot, window, acme: PlanFile, tmp_path: Path, monkeypatch
) -> None:
    out = tmp_path / "acme.csv"
    export_plan(acme, out)
    document = window.document
    before = repository.list_items(document.pf)
    seen: list[str] = []

    def exec_(self: ImportDialog) -> int:
        assert not self.importButton.isEnabled()
        message = self.messagesList.item(0).text()
        assert "Plan IDs differ" in message and AS_NEW_TEXT in message and "--" not in message
        assert self.choices.form.isRowVisible(self.asNewCheck)
        assert not self.asNewCheck.isChecked()
        assert "from another plan" in self.headerLabel.text()
        assert not self.choices.form.isRowVisible(self.decimalCombo)  # not a foreign file
        assert not self.choices.form.isRowVisible(self.deleteMissingCheck)
        with qtbot.waitSignal(self.previewChanged):
            self.asNewCheck.setChecked(True)
        assert self.importButton.isEnabled()
        assert f"{repository.count_items(acme)} new · 0 changed" in self.countsLabel.text()
        assert not self.choices.form.isRowVisible(self.deleteMissingCheck)
        seen.append(self.plan.summary(Audience.DIALOG) if self.plan else "")
        assert "every row a new item" in self.headerLabel.text()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ImportDialog, "exec", exec_)
    assert import_actions.import_plan(window, document, window.show_status, str(out))
    assert seen
    after = repository.list_items(document.pf)
    assert len(after) == len(before) + repository.count_items(acme)
    assert document.undo_stack.undoText() == "Import acme.csv"
    assert document.undo()
    assert repository.list_items(document.pf) == before
    qtbot.waitUntil(
        lambda: not any(getattr(w, "refresh_pending", False) for w in window.findChildren(QWidget))
    )
