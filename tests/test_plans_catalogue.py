"""The plans list, templates, the portfolio and their commands (issue 20), without Qt."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from datetime import date, time
from pathlib import Path

import icalendar
import pytest

from streamdesk import demo
from streamdesk.domain import Campaign, Initiative, Item, ItemStatus, Plan
from streamdesk.domain.portfolio import PortfolioEntry, group_by_day_and_client, week_range
from streamdesk.excel.portfolio_ics import write_portfolio_ics
from streamdesk.storage import PlanFile, create_plan, repository
from streamdesk.storage.catalogue import (
    DATA_DIR_ENV,
    PlanState,
    data_folder,
    list_plans,
    plan_paths,
    remember_recent,
    remove_from_list,
    summarise,
)
from streamdesk.storage.lock import PlanLock, lock_path
from streamdesk.storage.portfolio import read_portfolio
from streamdesk.storage.templates import (
    BUILT_IN,
    find_template,
    list_templates,
    new_plan_from_template,
    save_template,
)

TODAY = date(2027, 3, 3)  # a Wednesday; its week is 1–7 March


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    data = tmp_path / "data"
    data.mkdir()
    monkeypatch.setenv(DATA_DIR_ENV, str(data))
    return data


def make_plan(path: Path, client: str, items: list[tuple[date, str, ItemStatus]]) -> Path:
    with create_plan(
        path, Plan(name=path.stem.title(), client=client, start=date(2027, 1, 4))
    ) as pf:
        channel = repository.list_channels(pf)[-1]
        repository.insert_many(
            pf,
            [
                Item(title, day, channel.id or 0, status=status, effort_hours=1)
                for day, title, status in items
            ]
            + [
                Initiative(
                    "Launch day", "Positioning", date(2027, 3, 5), date(2027, 3, 5), effort_hours=1
                )
            ],
        )
    return path


def test_data_folder_mirrors_qt_and_obeys_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv(DATA_DIR_ENV, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    if sys.platform.startswith("linux"):
        assert data_folder() == tmp_path / "xdg" / "StreamDesk" / "StreamDesk"
    assert data_folder("/qt/says") == Path("/qt/says")
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path / "mine"))
    assert data_folder("/qt/says") == tmp_path / "mine"


def test_a_plan_is_summarised(folder: Path) -> None:
    path = make_plan(
        folder / "acme.streamdesk",
        "Acme",
        [
            (date(2027, 3, 1), "Monday post", ItemStatus.PUBLISHED),
            (date(2027, 3, 4), "Thursday mail", ItemStatus.DRAFT),
            (date(2027, 3, 3), "Dropped", ItemStatus.CANCELLED),
            (date(2027, 3, 9), "Next week", ItemStatus.IDEA),
        ],
    )
    s = summarise(path, TODAY)
    assert s.state is PlanState.OK
    assert (s.name, s.client, s.items_this_week) == ("Acme", "Acme", 3)
    assert s.next_due is not None and s.next_due.title == "Thursday mail"
    assert s.locked_by is None and s.uid
    assert s.upstream_share == pytest.approx(1 / 4)  # 1 h up, 3 h down (cancelled: none)
    assert s.in_band is True


def test_damaged_newer_locked_and_foreign_files_are_listed_with_their_state(
    folder: Path,
) -> None:
    good = make_plan(folder / "a good.streamdesk", "Good", [])
    damaged = make_plan(folder / "damaged.streamdesk", "Bad", [])
    with sqlite3.connect(damaged) as conn:
        conn.execute("UPDATE plan SET start_date = 'not a date'")
    conn.close()
    newer = make_plan(folder / "newer.streamdesk", "Future", [])
    with sqlite3.connect(newer) as conn:
        conn.execute("PRAGMA user_version = 999")
    conn.close()
    (folder / "notes.streamdesk").write_text("just some text")
    locked = make_plan(folder / "locked.streamdesk", "Busy", [])
    with PlanLock.acquire(locked, "a StreamDesk window"):
        states = {p.path.name: p for p in list_plans(folder, today=TODAY)}
    assert states["a good.streamdesk"].state is PlanState.OK
    assert states["damaged.streamdesk"].state is PlanState.DAMAGED
    assert "damaged" in states["damaged.streamdesk"].message
    assert states["newer.streamdesk"].state is PlanState.NEWER
    assert "newer StreamDesk" in states["newer.streamdesk"].message
    assert states["notes.streamdesk"].state is PlanState.NOT_A_PLAN
    busy = states["locked.streamdesk"]
    assert busy.state is PlanState.OK and busy.client == "Busy"
    assert busy.locked_by is not None and "a StreamDesk window" in busy.locked_by
    assert good.exists()


def test_a_truncated_plan_is_damaged_not_foreign(folder: Path) -> None:
    path = folder / "cut.streamdesk"
    demo.generate(path, items=400, start=TODAY, seed=3).close()
    data = path.read_bytes()
    path.write_bytes(data[:4096] + b"\xff" * 4096 + data[8192:])
    assert summarise(path, TODAY).state is PlanState.DAMAGED


def test_listing_never_writes_nor_locks(folder: Path) -> None:
    path = make_plan(folder / "acme.streamdesk", "Acme", [(TODAY, "x", ItemStatus.IDEA)])
    before = path.read_bytes()
    mtime = path.stat().st_mtime_ns
    path.chmod(0o444)  # a write through any connection would fail loudly
    try:
        assert summarise(path, TODAY).state is PlanState.OK
    finally:
        path.chmod(0o644)
    assert path.read_bytes() == before and path.stat().st_mtime_ns == mtime
    assert not lock_path(path).exists()


def test_recent_files_and_removal(folder: Path, tmp_path: Path) -> None:
    inside = make_plan(folder / "inside.streamdesk", "In", [])
    elsewhere = make_plan(tmp_path / "elsewhere.streamdesk", "Out", [])
    gone = tmp_path / "gone.streamdesk"
    remember_recent(folder, elsewhere)
    remember_recent(folder, gone)
    remember_recent(folder, inside)  # listed once
    assert plan_paths(folder) == [inside.resolve(), gone.resolve(), elsewhere.resolve()]
    assert summarise(gone).state is PlanState.MISSING
    remove_from_list(folder, inside)
    remove_from_list(folder, gone)
    assert plan_paths(folder) == [elsewhere.resolve()]
    assert inside.exists()  # removed from the list, never from the disk
    remember_recent(folder, inside)  # opened again: back on the list
    assert inside.resolve() in plan_paths(folder)


def test_built_in_templates_are_laid_out_from_a_start_date(folder: Path, tmp_path: Path) -> None:
    assert [t.name for t in list_templates(folder)] == list(BUILT_IN)
    template = find_template(folder, "launch PLAYBOOK")
    with PlanFile.open(template.path, read_only=True) as pf:
        origin = repository.get_plan(pf).start
        first = repository.list_initiatives(pf)[0]
    start = date(2027, 6, 7)
    with new_plan_from_template(
        template.path, tmp_path / "acme.streamdesk", start=start, client="Acme"
    ) as pf:
        plan = repository.get_plan(pf)
        assert (plan.name, plan.client, plan.start) == ("acme", "Acme", start)
        moved = repository.list_initiatives(pf)[0]
        assert moved.title == first.title
        assert moved.start - start == first.start - origin
        assert moved.end - moved.start == first.end - first.start
        campaigns = repository.list_campaigns(pf)
        assert campaigns and all(c.start is not None and c.start >= start for c in campaigns)
        assert repository.count_items(pf) == 0
        uid = repository.plan_uid(pf)
    with PlanFile.open(template.path, read_only=True) as t:
        assert repository.plan_uid(t) != uid  # a plan never shares its template's identity


def test_the_steady_engine_starts_a_client_with_its_cadence_commitments(
    folder: Path, tmp_path: Path
) -> None:
    from streamdesk.storage import series_repo

    template = find_template(folder, "Steady content engine")
    with new_plan_from_template(
        template.path, tmp_path / "steady.streamdesk", start=date(2027, 6, 7), client="Acme"
    ) as pf:
        names = {c.id: c.name for c in repository.list_channels(pf)}
        kept = {(names[c.channel_id], c.count, c.per.value) for c in series_repo.list_cadences(pf)}
    assert kept == {("LinkedIn", 3, "week"), ("Blog/SEO", 2, "month"), ("Email", 1, "month")}


def test_unknown_template_names_the_known_ones(folder: Path) -> None:
    with pytest.raises(Exception, match="known templates: Launch playbook, Steady content engine"):
        find_template(folder, "Nope")


def test_save_as_template_keeps_the_skeleton_and_drops_the_content(
    folder: Path, tmp_path: Path
) -> None:
    source = tmp_path / "client.streamdesk"
    pf = demo.generate(source, items=200, initiatives=12, start=date(2027, 1, 4), seed=5)
    try:
        with pf.transaction():
            pf.conn.execute("UPDATE channels SET colour = '#123456' WHERE id = 1")
        repository.insert(pf, Campaign("Spring", date(2027, 3, 1), date(2027, 3, 31)))
        secret = repository.list_items(pf)[0].title
        plan = repository.save_plan(pf, repository.get_plan(pf).replace(band_low=0.25))
        initiatives = repository.list_initiatives(pf)
        path = save_template(pf, folder, "My playbook")
    finally:
        pf.close()
    assert path.parent == folder / "templates"
    with PlanFile.open(path, read_only=True) as t:
        assert repository.count_items(t) == 0
        assert repository.get_plan(t).band_low == plan.band_low
        assert repository.get_plan(t).measure == plan.measure
        assert repository.list_channels(t)[0].colour == "#123456"
        assert [c.name for c in repository.list_campaigns(t)].count("Spring") == 1
        assert [i.title for i in repository.list_initiatives(t)] == [i.title for i in initiatives]
    assert secret.encode() not in path.read_bytes()  # not even in the free pages
    assert "My playbook" in [t.name for t in list_templates(folder)]
    with new_plan_from_template(
        path, tmp_path / "next.streamdesk", start=date(2027, 2, 1), client="Next"
    ) as made:
        shifted = repository.list_initiatives(made)
        assert [i.start for i in shifted] == [
            date(2027, 2, 1) + (i.start - date(2027, 1, 4)) for i in initiatives
        ]


def entry(
    day: date, client: str, title: str, kind: str = "item", at: time | None = None
) -> PortfolioEntry:
    return PortfolioEntry(
        day, client, client, Path(f"{client}.streamdesk"), kind, 1, title, "idea", at=at
    )


def test_portfolio_groups_by_day_then_client() -> None:
    days = group_by_day_and_client(
        [
            entry(date(2027, 3, 2), "Zeta", "z post"),
            entry(date(2027, 3, 1), "beta", "b late", at=time(15)),
            entry(date(2027, 3, 1), "Acme", "a post"),
            entry(date(2027, 3, 1), "beta", "b early", at=time(9)),
            entry(date(2027, 3, 1), "beta", "b milestone", kind="milestone"),
        ]
    )
    assert [d.day for d in days] == [date(2027, 3, 1), date(2027, 3, 2)]
    assert [c.client for c in days[0].clients] == ["Acme", "beta"]
    assert [e.title for e in days[0].clients[1].entries] == ["b milestone", "b early", "b late"]
    assert week_range(TODAY) == (date(2027, 3, 1), date(2027, 3, 7))
    assert week_range(TODAY, "next") == (date(2027, 3, 8), date(2027, 3, 14))


def test_portfolio_reads_every_plan_and_skips_the_unreadable(folder: Path) -> None:
    a = make_plan(folder / "a.streamdesk", "Acme", [(date(2027, 3, 2), "A post", ItemStatus.IDEA)])
    b = make_plan(folder / "b.streamdesk", "", [(date(2027, 3, 9), "B later", ItemStatus.IDEA)])
    (folder / "junk.streamdesk").write_text("junk")
    result = read_portfolio(plan_paths(folder), *week_range(TODAY))
    got = sorted((e.client, e.kind, e.title) for e in result.entries)
    assert got == [
        ("Acme", "item", "A post"),
        ("Acme", "milestone", "Launch day"),
        ("B", "milestone", "Launch day"),  # no client: the plan's name
    ]
    assert len(result.skipped) == 1 and "junk.streamdesk" in result.skipped[0]
    assert a.exists() and b.exists()


def test_portfolio_ics_has_every_plan_with_stable_uids(folder: Path, tmp_path: Path) -> None:
    a = make_plan(folder / "a.streamdesk", "Acme", [(date(2027, 3, 2), "A post", ItemStatus.IDEA)])
    b = make_plan(folder / "b.streamdesk", "Beta", [(date(2027, 3, 4), "B mail", ItemStatus.READY)])
    with PlanFile.open(b) as pf:
        item = repository.list_items(pf)[0]
        repository.update(pf, item.replace(time=time(10, 30)))
    target = tmp_path / "mine.ics"
    result = write_portfolio_ics([a, b], target)
    assert (result.events, result.plans) == (2, 2)
    events = icalendar.Calendar.from_ical(target.read_bytes()).walk("VEVENT")
    by_summary = {str(e["SUMMARY"]): e for e in events}
    assert sorted(s.split(" ", 1)[0] + " " + s.rsplit("] ", 1)[1] for s in by_summary) == [
        "[Acme] A post",
        "[Beta] B mail",
    ]
    uids = {}
    for path in (a, b):
        with PlanFile.open(path, read_only=True) as pf:
            item_id = repository.list_items(pf)[0].id
            uids[path] = f"item-{item_id}.{repository.plan_uid(pf)}@streamdesk"
    assert {str(e["UID"]) for e in events} == set(uids.values())
    timed = next(e for e in events if str(e["SUMMARY"]).startswith("[Beta]"))
    assert timed["DTSTART"].dt.time() == time(10, 30)
    again = tmp_path / "again.ics"
    write_portfolio_ics([a, b], again)
    assert {
        str(e["UID"]) for e in icalendar.Calendar.from_ical(again.read_bytes()).walk("VEVENT")
    } == set(uids.values())


def run(*args: str, env_dir: Path) -> subprocess.CompletedProcess[str]:
    import os

    env = {**os.environ, DATA_DIR_ENV: str(env_dir)}
    return subprocess.run(
        [sys.executable, "-m", "streamdesk", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )


def test_cli_plans_json_new_and_portfolio(folder: Path, tmp_path: Path) -> None:
    bad = run("new", str(folder / "x"), "--template", "Nope", env_dir=folder)
    assert bad.returncode == 1
    assert bad.stderr.count("\n") == 1 and "Launch playbook, Steady content engine" in bad.stderr
    made = run(
        "new", str(folder / "acme"), "--template", "Steady content engine",
        "--client", "Acme", "--start", "2027-03-01", env_dir=folder,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    (folder / "junk.streamdesk").write_text("junk")
    listed = run("plans", "--json", env_dir=folder)
    assert listed.returncode == 0, listed.stderr
    rows = json.loads(listed.stdout)
    keys = {
        "path", "name", "client", "modified", "items_this_week", "next_due",
        "upstream_share", "in_band", "locked_by", "state",
    }  # fmt: skip
    assert all(set(r) == keys for r in rows)
    acme = next(r for r in rows if r["path"].endswith("acme.streamdesk"))
    assert (acme["name"], acme["client"], acme["state"]) == ("acme", "Acme", "ok")
    assert isinstance(acme["upstream_share"], float) and isinstance(acme["in_band"], bool)
    assert next(r for r in rows if r["path"].endswith("junk.streamdesk"))["state"] == "not a plan"
    table = run("plans", env_dir=folder)
    assert "Acme" in table.stdout and "NOT A PLAN" in table.stdout
    week = run("portfolio", "--from", "2027-03-01", "--to", "2027-12-31", "--json", env_dir=folder)
    assert week.returncode == 0, week.stderr
    data = json.loads(week.stdout)
    titles = [e["title"] for d in data["days"] for c in d["clients"] for e in c["entries"]]
    assert "Quarterly review" in titles
    ics = run("portfolio", "--ics", str(tmp_path / "all.ics"), env_dir=folder)
    assert ics.returncode == 0, ics.stderr
    icalendar.Calendar.from_ical((tmp_path / "all.ics").read_bytes())


def test_cli_new_without_a_template_makes_an_empty_plan(folder: Path) -> None:
    made = run("new", str(folder / "first"), "--client", "Acme", env_dir=folder)
    assert made.returncode == 0, made.stderr
    with PlanFile.open(folder / "first.streamdesk", read_only=True) as pf:
        plan = repository.get_plan(pf)
        assert (plan.name, plan.client) == ("first", "Acme")
        assert repository.list_items(pf) == [] and repository.list_channels(pf)
    again = run("new", str(folder / "first"), env_dir=folder)
    assert again.returncode == 1 and "already exists" in again.stderr
    templates = run("plans", "--templates", "--json", env_dir=folder)
    assert templates.returncode == 0, templates.stderr
    names = [t["name"] for t in json.loads(templates.stdout)]
    assert names == ["Launch playbook", "Steady content engine"]
