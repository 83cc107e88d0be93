"""The Plans window, its model, the portfolio tab and the plan windows (issue 20)."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import icalendar
import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from streamdesk.domain import Initiative, Item, ItemStatus, Plan
from streamdesk.gui import plans_actions, settings
from streamdesk.gui.calendar.dates import day_text
from streamdesk.gui.new_plan_dialog import NewPlanDialog, create_new_plan
from streamdesk.gui.plans_model import COLUMNS, SHARE, STATE, PlansModel
from streamdesk.gui.plans_window import PlansWindow
from streamdesk.storage import PlanFile, create_plan, repository
from streamdesk.storage.catalogue import DATA_DIR_ENV, list_plans

TODAY = date(2027, 3, 3)


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    data = tmp_path / "data"
    data.mkdir()
    monkeypatch.setenv(DATA_DIR_ENV, str(data))
    return data


@pytest.fixture(autouse=True)
def no_windows_left(qtbot) -> Iterator[None]:  # type: ignore[no-untyped-def]
    yield
    for window in plans_actions.open_windows():
        window.close()
    for window in plans_actions._plans_window:
        window.close()
    plans_actions.forget_plans_window()


def make_plan(folder: Path, stem: str, client: str, band: tuple[float, float] = (0.2, 0.4)) -> Path:
    path = folder / f"{stem}.streamdesk"
    plan = Plan(
        name=stem.title(),
        client=client,
        start=date(2027, 1, 4),
        band_low=band[0],
        band_high=band[1],
    )
    with create_plan(path, plan) as pf:
        channel = repository.list_channels(pf)[-1].id or 0
        repository.insert_many(
            pf,
            [
                Item(f"{client} post", date(2027, 3, 2), channel, effort_hours=3),
                Item(
                    f"{client} mail",
                    date(2027, 3, 4),
                    channel,
                    status=ItemStatus.DRAFT,
                    effort_hours=3,
                ),
                Item(f"{client} later", date(2027, 3, 10), channel, effort_hours=2),
                Initiative(
                    f"{client} review",
                    "Positioning",
                    date(2027, 3, 3),
                    date(2027, 3, 3),
                    effort_hours=2,
                ),
            ],
        )
    return path


@pytest.fixture
def several(folder: Path) -> dict[str, Path]:
    plans = {
        "acme": make_plan(folder, "acme", "Acme"),
        "beta": make_plan(folder, "beta", "Beta Bakery", band=(0.5, 0.9)),
        "cobalt": make_plan(folder, "cobalt", "Cobalt Labs"),
    }
    newer = make_plan(folder, "future", "Future Inc")
    with sqlite3.connect(newer) as conn:
        conn.execute("PRAGMA user_version = 999")
    conn.close()
    (folder / "notes.streamdesk").write_text("not a plan at all")
    plans["future"] = newer
    return plans


def hold_lock_elsewhere(plan: Path) -> subprocess.Popen[str]:
    """Another process (another StreamDesk window) holding the plan's writer lock."""
    code = (
        "import sys; from streamdesk.storage.lock import PlanLock; "
        f"lock = PlanLock.acquire({str(plan)!r}, 'a StreamDesk window'); "
        "print('locked', flush=True); sys.stdin.read(); lock.release()"
    )
    child = subprocess.Popen(
        [sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None and child.stdout.readline().strip() == "locked"
    return child


def make_window(qtbot, folder: Path) -> PlansWindow:  # type: ignore[no-untyped-def]
    window = PlansWindow(folder, today=TODAY)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def cell(window: PlansWindow, row: int, column: int) -> str:
    return str(window.proxy.index(row, column).data())


def test_the_model_passes_the_model_tester(
    qtmodeltester, several: dict[str, Path], folder: Path
) -> None:  # type: ignore[no-untyped-def]
    model = PlansModel()
    model.set_plans(list_plans(folder, today=TODAY))
    qtmodeltester.check(model)
    assert model.columnCount() == len(COLUMNS) and model.rowCount() == 5


def test_the_list_shows_each_plan_and_its_state(
    qtbot, several: dict[str, Path], folder: Path
) -> None:  # type: ignore[no-untyped-def]
    holder = hold_lock_elsewhere(several["cobalt"])
    try:
        window = make_window(qtbot, folder)
    finally:
        holder.communicate("")  # the other process lets go and ends
    rows = {cell(window, r, 1) or cell(window, r, 2): r for r in range(window.proxy.rowCount())}
    assert set(rows) == {
        "Acme",
        "Beta Bakery",
        "Cobalt Labs",
        "future.streamdesk",
        "notes.streamdesk",
    }
    assert cell(window, rows["Acme"], 4) == "2"  # this week: 2 and 4 March
    assert cell(window, rows["Acme"], 5) == f"{day_text(date(2027, 3, 4))} Acme mail"
    assert "2027-03-04" not in cell(window, rows["Acme"], 5)  # the locale's date, not ISO
    assert cell(window, rows["Acme"], SHARE).startswith("20% (in 20%–40%)")  # 2 h up, 8 h down
    assert "outside" in cell(window, rows["Beta Bakery"], SHARE)
    assert window.proxy.index(rows["Acme"], SHARE).data(1) is not None  # the badge
    assert cell(window, rows["Cobalt Labs"], STATE) == "open in another window"
    assert cell(window, rows["future.streamdesk"], STATE) == "newer version"
    assert cell(window, rows["notes.streamdesk"], STATE) == "not a plan"
    assert window.listing.currentWidget() is window.table


def test_type_to_search_and_enter_opens(qtbot, several: dict[str, Path], folder: Path) -> None:  # type: ignore[no-untyped-def]
    window = make_window(qtbot, folder)
    qtbot.keyClicks(window.search, "bakery")
    assert window.proxy.rowCount() == 1
    with qtbot.waitSignal(window.openRequested) as opened:
        qtbot.keyClick(window.search, "\r")
    assert opened.args == [several["beta"].resolve()]
    window.search.clear()
    window.table.setFocus()
    qtbot.keyClicks(window.table, "cob")  # typing in the table searches too
    assert window.search.text() == "cob" and window.proxy.rowCount() == 1
    window.search.clear()
    window.select_path(several["acme"].resolve())
    window.table.setFocus()
    with qtbot.waitSignal(window.openRequested) as opened:
        qtbot.keyClick(window.table, Qt.Key.Key_Return)
    assert opened.args == [several["acme"].resolve()]


def test_an_empty_first_start_says_what_to_do(qtbot, folder: Path) -> None:  # type: ignore[no-untyped-def]
    window = make_window(qtbot, folder)
    assert window.listing.currentWidget() is window.empty
    assert "New Plan" in window.empty.text() and str(folder) in window.empty.text()


def test_rename_duplicate_reveal(
    qtbot, several: dict[str, Path], folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    window = make_window(qtbot, folder)
    window.select_path(several["acme"].resolve())
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Acme 2027", True))
    window.renameButton.click()
    with PlanFile.open(several["acme"], read_only=True) as pf:
        assert repository.get_plan(pf).name == "Acme 2027"
        uid = repository.plan_uid(pf)
    copy = folder / "acme copy.streamdesk"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(copy), ""))
    window.duplicateButton.click()
    assert window.selected_path() == copy.resolve()
    with PlanFile.open(copy, read_only=True) as pf:
        assert repository.count_items(pf) == 3
        assert repository.plan_uid(pf) != uid  # its own calendar identity
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    window.revealButton.click()
    assert [u.toLocalFile() for u in opened] == [str(folder.resolve())]


def test_remove_from_list_keeps_the_file_and_delete_asks_first(
    qtbot, several: dict[str, Path], folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    window = make_window(qtbot, folder)
    window.select_path(several["acme"].resolve())
    window.removeButton.click()
    assert several["acme"].exists()
    assert not window.select_path(several["acme"].resolve())

    asked: list[str] = []

    def answer(button: str):  # type: ignore[no-untyped-def]
        def run(box: QMessageBox) -> int:
            asked.append(box.text())
            (chosen,) = [b for b in box.buttons() if b.text().replace("&", "") == button]
            chosen.click()
            return 0

        return run

    window.select_path(several["beta"].resolve())
    monkeypatch.setattr(QMessageBox, "exec", answer("Cancel"))
    window.deleteButton.click()
    assert several["beta"].exists() and "beta.streamdesk" in asked[-1]
    monkeypatch.setattr(QMessageBox, "exec", answer("Delete File"))
    window.deleteButton.click()
    assert not several["beta"].exists()
    assert not window.select_path(several["beta"].resolve())


def test_a_plan_opens_in_its_own_window_once(qtbot, several: dict[str, Path]) -> None:  # type: ignore[no-untyped-def]
    first = plans_actions.open_plan_window(several["acme"])
    second = plans_actions.open_plan_window(several["beta"])
    assert first is not None and second is not None and first is not second
    qtbot.addWidget(first)
    qtbot.addWidget(second)
    assert plans_actions.open_plan_window(several["acme"]) is first
    assert not first.document.read_only and not second.document.read_only
    listed = {s.client: s for s in list_plans(several["acme"].parent, today=TODAY)}
    assert listed["Acme"].locked_here and listed["Beta Bakery"].locked_here
    assert not listed["Cobalt Labs"].locked_by
    assert {w.document.plan.client for w in plans_actions.open_windows()} == {"Acme", "Beta Bakery"}


def test_portfolio_groups_by_day_and_client_and_opens_at_the_entry(
    qtbot, several: dict[str, Path], folder: Path
) -> None:  # type: ignore[no-untyped-def]
    window = make_window(qtbot, folder)
    window.tabs.setCurrentIndex(1)
    entries = window.entries_shown()
    assert [(e.day.day, e.client, e.kind) for e in entries] == [
        (2, "Acme", "item"),
        (2, "Beta Bakery", "item"),
        (2, "Cobalt Labs", "item"),
        (3, "Acme", "milestone"),
        (3, "Beta Bakery", "milestone"),
        (3, "Cobalt Labs", "milestone"),
        (4, "Acme", "item"),
        (4, "Beta Bakery", "item"),
        (4, "Cobalt Labs", "item"),
    ]
    day = window.tree.topLevelItem(0)
    assert day is not None and day.text(0) == day_text(date(2027, 3, 2))  # the locale's date
    assert day.text(0) == "Tue, 2 Mar 2027"  # the day-first locale the tests run in
    assert "not read" not in window.portfolioNote.text()  # unreadable plans are not listed
    window.rangeBox.setCurrentIndex(1)  # next week
    assert [e.title for e in window.entries_shown()] == [
        "Acme later",
        "Beta Bakery later",
        "Cobalt Labs later",
    ]
    window.rangeBox.setCurrentIndex(2)
    window.toEdit.setDate(window.toEdit.date().addDays(30))
    assert len(window.entries_shown()) == 3
    window.rangeBox.setCurrentIndex(0)

    opened: list[object] = []
    window.openAtRequested.connect(opened.append)
    leaf = window.leaves[6]  # 4 March, Acme's mail
    window.tree.itemDoubleClicked.emit(leaf, 0)
    entry = opened[0]
    plan_window = plans_actions.open_plan_at(entry)  # type: ignore[arg-type]
    assert plan_window is not None
    qtbot.addWidget(plan_window)
    assert plan_window.calendar.current_month() == date(2027, 3, 1)
    with PlanFile.open(several["acme"], read_only=True) as pf:
        mail = next(i for i in repository.list_items(pf) if i.title == "Acme mail")
    assert plan_window.calendar.selected_ids() == [mail.id]


def test_export_to_my_calendar(
    qtbot, several: dict[str, Path], folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    window = make_window(qtbot, folder)
    target = tmp_path / "mine.ics"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window.tabs.setCurrentIndex(1)
    window.exportButton.click()
    events = icalendar.Calendar.from_ical(target.read_bytes()).walk("VEVENT")
    assert len(events) == 9  # three items in each of the three readable plans
    assert {str(e["SUMMARY"]).split("]")[0] for e in events} == {
        "[Acme",
        "[Beta Bakery",
        "[Cobalt Labs",
    }
    assert "Exported" in window.portfolioNote.text()


def test_file_plans_and_save_as_template(
    qtbot, window, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    assert window.actionPlans.shortcut().toString() == "Ctrl+Shift+O"
    file_menu = window.menuBar().actions()[0].menu()
    assert window.actionPlans in file_menu.actions()
    assert window.actionSaveAsTemplate in file_menu.actions()
    window.actionPlans.trigger()
    plans = plans_actions._plans_window[0]
    qtbot.addWidget(plans)
    assert plans.isVisible() and plans.folder == folder
    assert plans.select_path(settings.recent_files() and Path(settings.recent_files()[0]))

    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Agency playbook", True))
    window.actionSaveAsTemplate.trigger()
    template = folder / "templates" / "Agency playbook.streamdesk"
    with PlanFile.open(template, read_only=True) as pf:
        assert repository.count_items(pf) == 0
        assert len(repository.list_initiatives(pf)) == len(
            repository.list_initiatives(window.document.pf)
        )


def test_new_plan_dialog_offers_templates_and_lays_one_out(
    qtbot, folder: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    dialog = NewPlanDialog(folder)
    qtbot.addWidget(dialog)
    names = [dialog.templates.item(n).text() for n in range(dialog.templates.count())]
    assert names[1:] == ["Launch playbook", "Steady content engine"]
    dialog.templates.setCurrentRow(1)
    qtbot.keyClicks(dialog.client, "Acme")
    dialog.start.setDate(dialog.start.date().fromString("2027-06-07", "yyyy-MM-dd"))
    choice = dialog.choice()
    assert (choice.client, choice.start) == ("Acme", date(2027, 6, 7))
    with create_new_plan(choice, tmp_path / "acme.streamdesk", "test") as pf:
        plan = repository.get_plan(pf)
        assert (plan.client, plan.start) == ("Acme", date(2027, 6, 7))
        assert repository.list_initiatives(pf)[0].start == date(2027, 6, 7)


def test_portfolio_gives_each_plan_of_a_client_its_own_heading(qtbot, folder: Path) -> None:  # type: ignore[no-untyped-def]
    """Two plans of Acme's under one "Acme" heading showed every title twice, as if
    duplicated: each plan gets its heading, "Acme — Launch"."""
    make_plan(folder, "retainer", "Acme")
    make_plan(folder, "launch", "Acme")
    make_plan(folder, "beta", "Beta Bakery")
    window = make_window(qtbot, folder)
    window.tabs.setCurrentIndex(1)
    day = window.tree.topLevelItem(0)
    assert day is not None
    headings = [day.child(i).text(0) for i in range(day.childCount())]
    assert headings == ["Acme — Launch", "Acme — Retainer", "Beta Bakery"]
    launch = day.child(0)
    assert [launch.child(i).text(3) for i in range(launch.childCount())] == ["Launch"]


def test_deleting_a_plan_file_asks_with_delete_file_and_cancel(
    qtbot, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """Seen in the Plans window: the second confirmation said Yes / Cancel; a delete
    dialog says what its button does, and Enter means Cancel."""
    from PySide6.QtWidgets import QWidget

    from streamdesk.gui.plans_window import ask_to_delete_file

    parent = QWidget()
    qtbot.addWidget(parent)
    seen: list[tuple[list[str], str]] = []

    def run(box: QMessageBox) -> int:
        seen.append(([b.text() for b in box.buttons()], box.defaultButton().text()))
        box.defaultButton().click()  # Enter
        return 0

    monkeypatch.setattr(QMessageBox, "exec", run)
    assert not ask_to_delete_file(parent, tmp_path / "acme.streamdesk")
    ((buttons, default),) = seen
    assert sorted(b.replace("&", "") for b in buttons) == ["Cancel", "Delete File"]
    assert default.replace("&", "") == "Cancel"


def test_the_next_due_column_sorts_by_day_not_by_its_words(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Shown as "Thu, 4 Mar 2027", sorted as dates: Monday the 8th comes after."""
    from streamdesk.gui.plans_model import NEXT, SortRole
    from streamdesk.storage.catalogue import NextDue, PlanState, PlanSummary

    model = PlansModel()
    model.set_plans(
        [
            PlanSummary(
                Path("b.streamdesk"), PlanState.OK, next_due=NextDue(2, date(2027, 3, 8), "b")
            ),
            PlanSummary(
                Path("a.streamdesk"), PlanState.OK, next_due=NextDue(1, date(2027, 3, 4), "a")
            ),
        ]
    )
    keys = [model.data(model.index(r, NEXT), SortRole) for r in range(2)]
    shown = [model.data(model.index(r, NEXT), Qt.ItemDataRole.DisplayRole) for r in range(2)]
    assert shown == [f"{day_text(date(2027, 3, 8))} b", f"{day_text(date(2027, 3, 4))} a"]
    assert sorted(keys) == [keys[1], keys[0]]  # the 4th before the 8th, whatever the weekday
