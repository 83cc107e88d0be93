"""Our own workbook: rows by ID, only changed fields, new rows, removed IDs, and the
export → import round trip that changes nothing."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from import_helpers import dry_run, export

from streamdesk.domain import Dependency, Initiative, Item
from streamdesk.excel.columns import CONTENT_COLUMNS, TIMELINE_COLUMNS
from streamdesk.excel.plan_import import apply_import
from streamdesk.storage import PlanFile, create_plan, repository

CONTENT = {f: n for n, (_, f) in enumerate(CONTENT_COLUMNS)}
TIMELINE = {f: n for n, (_, f) in enumerate(TIMELINE_COLUMNS)}


def snapshot(pf: PlanFile) -> tuple[list, ...]:
    return (
        repository.list_items(pf),
        repository.list_initiatives(pf),
        repository.list_dependencies(pf),
        repository.list_campaigns(pf),
        repository.list_channels(pf),
    )


def test_unchanged_export_imports_as_nothing(pf: PlanFile, tmp_path: Path) -> None:
    plan = dry_run(pf, export(pf, tmp_path / "own.xlsx"))
    assert plan.ok, [str(e) for e in plan.errors[:5]]
    assert plan.counts() == {"new": 0, "changed": 0, "removed": 0, "errors": 0}
    assert plan.unchanged == repository.count_items(pf) + len(repository.list_initiatives(pf))
    assert not plan.has_changes


def test_a_row_by_id_updates_only_the_fields_that_changed(pf: PlanFile, tmp_path: Path) -> None:
    target = repository.list_items(pf)[5]

    def edit(rows: list[list[Any]]) -> None:
        row = next(r for r in rows[1:] if r[CONTENT["id"]] == target.id)
        row[CONTENT["title"]] = "Client's new title"
        row[CONTENT["date"]] = date(2027, 12, 24)

    plan = dry_run(pf, export(pf, tmp_path / "own.xlsx", edit_content=edit))
    assert plan.counts() == {"new": 0, "changed": 1, "removed": 0, "errors": 0}
    ((old, new),) = plan.changed
    assert old == target
    assert new == target.replace(title="Client's new title", date=date(2027, 12, 24))
    apply_import(pf, plan)
    assert repository.get(pf, Item, target.id) == new


def test_map_option_applies_to_the_content_sheet_and_changes_come_first_in_preview(
    pf: PlanFile, tmp_path: Path
) -> None:
    target = repository.list_items(pf)[100]

    def edit(rows: list[list[Any]]) -> None:
        rows[0][CONTENT["notes"]] = "Remarks"
        next(r for r in rows[1:] if r[CONTENT["id"]] == target.id)[CONTENT["notes"]] = "Hi"

    path = export(pf, tmp_path / "own.xlsx", edit_content=edit)
    plan = dry_run(pf, path, mapping={"Remarks": "notes"})
    assert plan.ok, [str(e) for e in plan.errors[:3]]
    assert [new for _, new in plan.changed] == [target.replace(notes="Hi")]
    content = plan.sheets[-1]
    assert any(r.action.value == "changed" and r.values["notes"] == "Hi" for r in content.preview)
    assert len(content.preview) == 50


def test_a_row_without_id_creates_and_a_missing_id_is_only_reported(
    pf: PlanFile, tmp_path: Path
) -> None:
    items = repository.list_items(pf)
    gone = items[0]

    def edit(rows: list[list[Any]]) -> None:
        rows[:] = [r for r in rows if r[CONTENT["id"]] != gone.id]
        copy = list(rows[1])
        copy[CONTENT["id"]] = None
        copy[CONTENT["title"]] = "Brand new"
        copy[CONTENT["channel"]] = "Snapchat"
        copy[CONTENT["campaign"]] = "Client pop-up"
        rows.append(copy)

    path = export(pf, tmp_path / "own.xlsx", edit_content=edit)
    plan = dry_run(pf, path)
    assert plan.ok
    counts = plan.counts()
    assert (counts["changed"], counts["removed"]) == (0, 1)
    assert plan.removed == [gone]
    new_items = [e for e in plan.new if isinstance(e, Item)]
    assert [i.title for i in new_items] == ["Brand new"]
    assert "new channels: Snapchat" in plan.notes and "new campaigns: Client pop-up" in plan.notes
    assert "1 removed (kept; --delete-missing deletes)" in plan.summary()
    apply_import(pf, plan)
    assert repository.get(pf, Item, gone.id) == gone  # kept: not confirmed
    assert repository.count_items(pf) == len(items) + 1
    created = next(i for i in repository.list_items(pf) if i.title == "Brand new")
    assert repository.get(pf, type(repository.list_channels(pf)[0]), created.channel_id).name == (
        "Snapchat"
    )

    confirmed = dry_run(pf, path, delete_missing=True)
    # the new row was imported above; exported again it would have an ID, so it is new again
    assert confirmed.removed[0] == gone
    apply_import(pf, confirmed)
    assert gone.id not in {i.id for i in repository.list_items(pf)}


def test_a_workbook_of_part_of_the_plan_removes_nothing_outside_it(
    pf: PlanFile, tmp_path: Path
) -> None:
    period = (date(2027, 3, 1), date(2027, 3, 31))
    path = export(pf, tmp_path / "march.xlsx", period=period)
    plan = dry_run(pf, path, delete_missing=True)
    assert plan.ok
    assert plan.counts() == {"new": 0, "changed": 0, "removed": 0, "errors": 0}
    assert "the workbook covers 2027-03-01 to 2027-03-31" in plan.notes[0]
    march = repository.list_items(pf, *period)
    assert plan.unchanged > 0 and len(march) < repository.count_items(pf)

    def drop_first(rows: list[list[Any]]) -> None:
        del rows[1]

    path = export(pf, tmp_path / "m2.xlsx", edit_content=drop_first, period=period)
    assert dry_run(pf, path).removed == [march[0]]


def test_timeline_rows_update_initiatives_and_dependencies(pf: PlanFile, tmp_path: Path) -> None:
    initiatives = repository.list_initiatives(pf)
    first, second = initiatives[0], initiatives[-1]
    renamed = first.title + " (revised)"

    def edit(rows: list[list[Any]]) -> None:
        for row in rows[1:]:
            if row[TIMELINE["id"]] == first.id:
                row[TIMELINE["title"]] = renamed
                row[TIMELINE["progress"]] = 0.55  # 55 % typed in the percentage cell
            if row[TIMELINE["id"]] == second.id:
                row[TIMELINE["depends_on"]] = str(first.id)

    plan = dry_run(pf, export(pf, tmp_path / "own.xlsx", edit_timeline=edit))
    assert plan.ok, [str(e) for e in plan.errors[:5]]
    changed = {old.id: new for old, new in plan.changed}
    assert changed[first.id] == first.replace(title=renamed, progress=55)
    assert second.id in changed
    apply_import(pf, plan)
    assert Dependency(first.id, second.id) in repository.list_dependencies(pf)
    # items still name the old title in the Content sheet: they keep their link
    assert dry_run(pf, export(pf, tmp_path / "again.xlsx")).counts()["changed"] == 0


def test_deleting_an_initiative_takes_its_links_and_undoes_exactly(
    pf: PlanFile, tmp_path: Path
) -> None:
    counts = repository.item_counts_by_initiative(pf)
    gone = next(i for i in repository.list_initiatives(pf) if counts.get(i.id))

    def edit_timeline(rows: list[list[Any]]) -> None:
        rows[:] = [r for r in rows if r[TIMELINE["id"]] != gone.id]
        for row in rows[1:]:
            deps = [d.strip() for d in (row[TIMELINE["depends_on"]] or "").split(",")]
            row[TIMELINE["depends_on"]] = ", ".join(d for d in deps if d and d != str(gone.id))

    def edit_content(rows: list[list[Any]]) -> None:
        for row in rows[1:]:
            if row[CONTENT["initiative"]] == gone.title:
                row[CONTENT["initiative"]] = None

    path = export(pf, tmp_path / "own.xlsx", edit_content=edit_content, edit_timeline=edit_timeline)
    plan = dry_run(pf, path, delete_missing=True)
    assert plan.ok, [str(e) for e in plan.errors[:5]]
    assert [e for e in plan.removed if isinstance(e, Initiative)] == [gone]
    before = snapshot(pf)
    apply_import(pf, plan)
    assert gone.id not in {i.id for i in repository.list_initiatives(pf)}
    assert all(i.initiative_id != gone.id for i in repository.list_items(pf))
    with pf.transaction():
        repository.apply_changes(pf, plan.after, plan.before)
    assert snapshot(pf) == before


def test_errors_name_the_cell_and_nothing_is_applied(pf: PlanFile, tmp_path: Path) -> None:
    items = repository.list_items(pf)

    def edit(rows: list[list[Any]]) -> None:
        rows[16][CONTENT["date"]] = "31/02/2027"
        rows[17][CONTENT["id"]] = rows[18][CONTENT["id"]]
        rows[19][CONTENT["initiative"]] = "No such initiative"

    plan = dry_run(pf, export(pf, tmp_path / "own.xlsx", edit_content=edit))
    assert [str(e) for e in plan.errors] == [
        'Content!B17: "31/02/2027" is not a date',
        f"Content!A19: ID {items[17].id} is also on row 18",
        'Content!J20: unknown initiative "No such initiative"',
    ]
    assert plan.before == [] and plan.after == []


# -- the property: random plans survive export → import unchanged ---------------------------------

texts = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=20
).filter(lambda t: t.strip() == t and t.strip())


@st.composite
def random_plans(draw: st.DrawFn) -> dict[str, Any]:
    n_init = draw(st.integers(0, 4))
    inits = [
        {
            "title": draw(texts),
            "start": date(2027, 1, 1 + draw(st.integers(0, 20))),
            "days": draw(st.integers(0, 40)),
            "progress": draw(st.integers(0, 100)),
            "budget": draw(st.floats(0, 1e6, allow_nan=False)),
            "gate": draw(st.booleans()),
            "notes": draw(st.one_of(st.just(""), texts, st.just("=1+2"), st.just("-5"))),
        }
        for _ in range(n_init)
    ]
    items = [
        {
            "title": draw(st.one_of(texts, st.sampled_from(["=SUM(A1)", "+x", "@me", "-"]))),
            "date": date(2027, 1 + draw(st.integers(0, 11)), 1 + draw(st.integers(0, 27))),
            "channel": draw(st.sampled_from(["LinkedIn", "Email", "PR", "Blog/SEO"])),
            "status": draw(st.sampled_from(["idea", "draft", "published", "cancelled"])),
            "effort": draw(st.floats(0, 100, allow_nan=False)),
            "cost": draw(st.floats(0, 1e5, allow_nan=False)),
            "reach": draw(st.one_of(st.none(), st.integers(0, 10**6))),
            "notes": draw(st.one_of(st.just(""), texts)),
            "link": draw(st.sampled_from(["", "https://example.com/a?b=1"])),
            "initiative": draw(st.one_of(st.none(), st.integers(0, max(n_init - 1, 0)))),
            "campaign": draw(st.one_of(st.none(), texts)),
        }
        for _ in range(draw(st.integers(1, 8)))
    ]
    return {"initiatives": inits, "items": items}


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=random_plans())
def test_random_plans_survive_export_import_unchanged(
    data: dict[str, Any], tmp_path_factory: Any
) -> None:
    from datetime import timedelta

    from streamdesk.domain import Campaign

    folder = tmp_path_factory.mktemp("prop")
    with create_plan(folder / "p.streamdesk") as pf:
        channels = {c.name: c.id for c in repository.list_channels(pf)}
        inits = [
            repository.insert(
                pf,
                Initiative(
                    d["title"],
                    "Research",
                    d["start"],
                    d["start"] + timedelta(days=d["days"]),
                    progress=d["progress"],
                    budget=d["budget"],
                    gate=d["gate"],
                    notes=d["notes"],
                ),
            )
            for d in data["initiatives"]
        ]
        if len(inits) > 1:
            repository.add_dependency(pf, Dependency(inits[0].id, inits[1].id))
        campaigns: dict[str, int] = {}
        for d in data["items"]:
            if d["campaign"] and d["campaign"].casefold() not in campaigns:
                campaign = repository.insert(pf, Campaign(d["campaign"]))
                campaigns[d["campaign"].casefold()] = campaign.id
            repository.insert(
                pf,
                Item(
                    d["title"],
                    d["date"],
                    channels[d["channel"]],
                    status=d["status"],
                    effort_hours=d["effort"],
                    cost=d["cost"],
                    reach=d["reach"],
                    notes=d["notes"],
                    link=d["link"],
                    initiative_id=inits[d["initiative"]].id
                    if inits and d["initiative"] is not None
                    else None,
                    campaign_id=campaigns[d["campaign"].casefold()] if d["campaign"] else None,
                ),
            )
        before = snapshot(pf)
        path = export(pf, folder / "out.xlsx")
        plan = dry_run(pf, path)
        assert plan.ok, [str(e) for e in plan.errors]
        assert plan.counts() == {"new": 0, "changed": 0, "removed": 0, "errors": 0}
        assert not plan.has_changes
        apply_import(pf, plan)
        assert snapshot(pf) == before
        # the CSV export of the Content table reads back unchanged too
        plan = dry_run(pf, export(pf, folder / "out.csv"))
        assert plan.ok, [str(e) for e in plan.errors]
        assert plan.counts() == {"new": 0, "changed": 0, "removed": 0, "errors": 0}
        assert plan.unchanged == len(data["items"])


def test_the_same_client_workbook_imported_twice_adds_its_new_rows_once(
    pf: PlanFile, tmp_path: Path
) -> None:
    """The client's copy keeps its new rows without an ID: imported again (the client sent
    it twice, or the user retried), they are the items the first import created, not new
    ones, and those items are not "removed" either."""

    def edit(rows: list[list[Any]]) -> None:
        copy = list(rows[1])
        copy[CONTENT["id"]] = None
        copy[CONTENT["title"]] = "Client's own idea"
        rows.append(copy)

    def edit_timeline(rows: list[list[Any]]) -> None:
        copy = list(rows[1])
        copy[TIMELINE["id"]] = None
        copy[TIMELINE["title"]] = "Client workshop"
        copy[TIMELINE["depends_on"]] = None
        rows.append(copy)

    path = export(pf, tmp_path / "own.xlsx", edit_content=edit, edit_timeline=edit_timeline)
    first = dry_run(pf, path)
    assert first.counts()["new"] == 2
    apply_import(pf, first)
    count = repository.count_items(pf)
    again = dry_run(pf, path, delete_missing=True)
    assert again.ok
    assert (again.counts()["new"], again.counts()["removed"], again.skipped) == (0, 0, 2)
    assert not again.has_changes

    # a row the client copied on purpose next to the item it copies (ID still listed) is new
    def duplicate(rows: list[list[Any]]) -> None:
        copy = list(rows[1])
        copy[CONTENT["id"]] = None
        rows.append(copy)

    twin = dry_run(pf, export(pf, tmp_path / "twin.xlsx", edit_content=duplicate))
    assert (twin.counts()["new"], twin.skipped) == (1, 0)
    assert repository.count_items(pf) == count


def test_progress_is_a_real_percentage_and_older_workbooks_still_read(
    pf: PlanFile, tmp_path: Path
) -> None:
    """Issue 18: progress is stored as 0.5 shown with "0%" (a number a client can compute
    with); a workbook from before stored 50 shown with '0"%"', and reads as it did."""
    import openpyxl

    initiatives = repository.list_initiatives(pf)
    done = next(i for i in initiatives if i.progress == 100)
    half = next(i for i in initiatives if 0 < i.progress < 100)
    path = export(pf, tmp_path / "own.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["Timeline"]
    cells = {r[0].value: r[TIMELINE["progress"]] for r in ws.iter_rows(min_row=2)}
    assert cells[done.id].value == 1 and cells[done.id].number_format == "0%"
    assert cells[half.id].value == pytest.approx(half.progress / 100)
    assert dry_run(pf, path).counts()["changed"] == 0

    # the same cells as an older StreamDesk wrote them: whole numbers, '0"%"'
    for row in ws.iter_rows(min_row=2):
        cell = row[TIMELINE["progress"]]
        if cell.value is not None:
            cell.value = round(cell.value * 100)
            cell.number_format = '0"%"'
    wb.save(tmp_path / "older.xlsx")
    plan = dry_run(pf, tmp_path / "older.xlsx")
    assert plan.ok and plan.counts()["changed"] == 0

    # 100 % typed in a percentage cell of a workbook that stored whole numbers elsewhere
    cells[done.id].value, cells[half.id].value = 1, 0.4
    cells[half.id].number_format = cells[done.id].number_format = "0%"
    wb.save(tmp_path / "mixed.xlsx")
    changed = dict(dry_run(pf, tmp_path / "mixed.xlsx").changed)
    assert done not in changed and changed[half] == half.replace(progress=40)
