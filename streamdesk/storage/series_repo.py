"""Series and cadence commitments in the plan file.

Edits are computed as before/after snapshots (``*_snapshot``) for ``apply_changes``, so an
undo command moves the file between them in one transaction and conflict checks apply as
for any other edit; the plain functions apply a snapshot at once (command line, demo).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from streamdesk.domain import Entity, Item, ItemStatus
from streamdesk.domain.cadence import (
    CadenceFacts,
    Commitment,
    CommitmentReport,
    Per,
    keep,
    keep_all,
    period_of,
)
from streamdesk.domain.series import (
    Ending,
    Scope,
    Series,
    apply_template,
    count_before,
    head_rule,
    horizon_from,
    last_day,
    lay_out,
    parse_rule,
    rule_changed,
    shift_rule,
    tail_rule,
    template_changes,
)
from streamdesk.storage import repository
from streamdesk.storage.planfile import PlanFile

Snapshot = tuple[list[Entity], list[Entity]]


def _has_series(pf: PlanFile) -> bool:
    return repository._has_series(pf)


def list_series(pf: PlanFile) -> list[Series]:
    if not _has_series(pf):
        return []
    rows = repository._rows(pf, "SELECT * FROM series ORDER BY id")
    return [repository.series_from_row(r) for r in rows]


def get_series(pf: PlanFile, series_id: int) -> Series:
    series: Series = repository.get(pf, Series, series_id)
    return series


def series_items(pf: PlanFile, series_id: int) -> list[Item]:
    rows = pf.conn.execute(
        f"SELECT {repository._item_columns(pf)} FROM items WHERE series_id = ? ORDER BY date, id",
        [series_id],
    ).fetchall()
    return repository.items_from_tuples(rows)


def count_series_items(pf: PlanFile, series_id: int) -> int:
    """How many occurrences the series holds now (an index-only count)."""
    return int(
        pf.conn.execute("SELECT count(*) FROM items WHERE series_id = ?", [series_id]).fetchone()[0]
    )


# -- create -------------------------------------------------------------------------------


def create_snapshot(pf: PlanFile, series: Series, today: date) -> list[Entity]:
    """The records a new series adds: itself (with the next series id) and its occurrences
    up to its end or the horizon, each with its own item id."""
    series = series.replace(id=repository.next_id(pf, Series))
    laid = lay_out(series, today)
    first_item = repository.next_id(pf, Item)
    items = [i.replace(id=first_item + n) for n, i in enumerate(laid.new)]
    return [laid.series, *items]


def create_series(pf: PlanFile, series: Series, today: date) -> tuple[Series, list[Item]]:
    """Create a series with its occurrences in one transaction."""
    saved = repository.apply_changes(pf, [], create_snapshot(pf, series, today))
    made = saved[0]
    assert isinstance(made, Series)
    return made, [i for i in saved if isinstance(i, Item)]


# -- edit ---------------------------------------------------------------------------------


def _has_run(item: Item) -> bool:
    """Whether an occurrence is a record of what ran, not only a plan of what will."""
    results = (item.reach, item.clicks, item.conversions, item.actual_cost)
    return item.status is ItemStatus.PUBLISHED or any(r is not None for r in results)


def _reshape(
    old: Series, new: Series, occurrences: Sequence[Item], today: date, first_id: int
) -> tuple[list[Item], list[Item], Series]:
    """How ``occurrences`` (non-detached, governed by the edit) become those of ``new``:
    (the updated or kept ones, the new ones, the series with its horizon)."""
    changed = template_changes(old, new)
    if not rule_changed(old, new):
        kept = [apply_template(i, new, changed) for i in occurrences]
        return kept, [], new.replace(horizon=old.horizon)
    through = last_day(new.rule, new.start, today)
    wanted = set(new.days(through))
    kept, have = [], set()
    for item in occurrences:
        if item.date in wanted and item.date not in have:
            have.add(item.date)
            kept.append(apply_template(item, new, changed))
        elif _has_run(item):
            # published, or with results: what ran stays, as an exception (Mon/Wed/Fri
            # made Mon/Fri deleted a year of Wednesday posts and their reach with them)
            kept.append(item.replace(detached=True, series_id=new.id or item.series_id))
    fresh = [
        new.occurrence(day).replace(id=first_id + n) for n, day in enumerate(sorted(wanted - have))
    ]
    return kept, fresh, new.replace(horizon=through)


def edit_snapshot(
    pf: PlanFile,
    item: Item,
    new: Series | None,
    scope: Scope,
    today: date,
    item_after: Item | None = None,
) -> Snapshot:
    """Before/after of editing occurrence ``item`` of its series.

    THIS: the occurrence becomes ``item_after`` and is detached (later series edits skip
    it). ALL: the series becomes ``new``; its occurrences that are not detached take the
    changed template fields, and when the rule changed, those the new rule no longer has
    go and the days it adds come. FOLLOWING: the series ends the day before ``item`` and
    a new series ``new`` from that day governs the following occurrences. A rule that ends
    after N times stays N in all: ``new``'s count is the whole series' (as the Repeat
    section shows it), so the first part keeps the occurrences before the cut and the new
    one only what remains.
    """
    if item.series_id is None:
        raise ValueError("not an occurrence of a series")
    if scope is Scope.THIS or new is None:
        return [item], [(item_after or item).replace(detached=True)]
    old = get_series(pf, item.series_id)
    occurrences = series_items(pf, item.series_id)
    first_id = repository.next_id(pf, Item)
    if scope is Scope.FOLLOWING and item.date > old.start:
        cut = item.date
        head = _head(old, cut)
        tail_id = repository.next_id(pf, Series)
        tail_new = new.replace(
            id=tail_id, rule=tail_rule(new.rule, cut, count_before(old.rule, old.start, cut))
        )
        following = [i for i in occurrences if i.date >= cut]
        governed = [i for i in following if not i.detached]
        kept, fresh, tail = _reshape(old.replace(id=tail_id), tail_new, governed, today, first_id)
        moved = [i.replace(series_id=tail_id) for i in following if i.detached]
        # governed occurrences the new rule no longer has are absent from after: deleted
        before: list[Entity] = [old, *governed, *[i for i in following if i.detached]]
        return before, [head, tail, *kept, *moved, *fresh]
    new = new.replace(id=old.id)
    governed = [i for i in occurrences if not i.detached]
    kept, fresh, saved = _reshape(old, new, governed, today, first_id)
    return [old, *governed], [saved, *kept, *fresh]


def move_snapshot(pf: PlanFile, item: Item, day: date, scope: Scope, today: date) -> Snapshot:
    """A dragged occurrence: THIS detaches it on its new day; FOLLOWING/ALL move the rule
    (and every occurrence it governs) by the same number of days."""
    if scope is Scope.THIS or item.series_id is None:
        return [item], [item.replace(date=day, detached=True)]
    old = get_series(pf, item.series_id)
    delta = (day - item.date).days
    if scope is Scope.ALL or item.date <= old.start:
        new = old.replace(rule=shift_rule(old.rule, delta), start=old.start + timedelta(delta))
        governed = [i for i in series_items(pf, old.id or 0) if not i.detached]
        moved = [i.replace(date=i.date + timedelta(days=delta)) for i in governed]
        horizon = None if old.horizon is None else old.horizon + timedelta(days=delta)
        return [old, *governed], [new.replace(horizon=horizon), *moved]
    new = old.replace(rule=shift_rule(old.rule, delta), start=day)
    new = new.replace(rule=_keep_end(old, new.rule, delta))
    return edit_snapshot(pf, item, new, Scope.FOLLOWING, today)


def _keep_end(old: Series, rule: str, delta: int) -> str:
    parts = parse_rule(rule)
    if parts.ending is Ending.UNTIL and parts.until is not None:
        return rule  # shift_rule kept UNTIL as it was
    return rule if delta else old.rule


# -- delete -------------------------------------------------------------------------------


def delete_snapshot(pf: PlanFile, item: Item, scope: Scope) -> Snapshot:
    """THIS: the occurrence goes (and is not laid out again: it is inside the horizon).
    FOLLOWING: the series ends the day before (after the count of its days before, if it
    ended after a count), its occurrences from that day go.
    ALL: the series and every occurrence go."""
    if scope is Scope.THIS or item.series_id is None:
        return [item], []
    old = get_series(pf, item.series_id)
    occurrences = series_items(pf, item.series_id)
    if scope is Scope.ALL or item.date <= old.start:
        return [old, *occurrences], []
    cut = item.date
    return [old, *[i for i in occurrences if i.date >= cut]], [_head(old, cut)]


def _head(old: Series, cut: date) -> Series:
    """The series cut before ``cut``: its rule ends there (after the count of its days before
    the cut, if it ended after a count) and nothing after it is laid out again."""
    return old.replace(
        rule=head_rule(old.rule, old.start, cut),
        horizon=min(old.horizon or cut, cut - timedelta(days=1)),
    )


# -- the horizon ----------------------------------------------------------------------------


def extend_snapshot(pf: PlanFile, today: date) -> Snapshot:
    """Occurrences that series with no end lack now that time has passed (idempotent)."""
    before: list[Entity] = []
    after: list[Entity] = []
    first_id = repository.next_id(pf, Item)
    wanted = horizon_from(today)
    for series in _open_ended_behind(pf, wanted):
        if parse_rule(series.rule).ending is not Ending.NEVER:
            continue
        if series.horizon is not None and series.horizon >= wanted:
            continue
        laid = lay_out(series, today, series_items(pf, series.id or 0))
        before.append(series)
        after.append(laid.series)
        for item in laid.new:
            after.append(item.replace(id=first_id))
            first_id += 1
    return before, after


def _open_ended_behind(pf: PlanFile, wanted: date) -> list[Series]:
    """The series that may lack occurrences: those with no end, laid out short of ``wanted``.

    Decided from the rows' text before any ``Series`` is made: making one checks its rule
    with dateutil, and a rule with an end (``UNTIL``) imports dateutil's date parser, so
    opening a plan whose series are all current or all ending paid ~10 ms before its first
    frame for nothing. A row whose rule or horizon cannot be read here is made anyway, so
    that ``Series`` reports what is wrong with it, as before.
    """
    if not _has_series(pf):
        return []
    found: list[Series] = []
    for row in repository._rows(pf, "SELECT * FROM series ORDER BY id"):
        try:
            if parse_rule(row["rule"]).ending is not Ending.NEVER:
                continue
            if row["horizon"] and date.fromisoformat(row["horizon"]) >= wanted:
                continue
        except (ValueError, TypeError, IndexError, KeyError):
            pass  # not readable here: let Series say what is wrong
        found.append(repository.series_from_row(row))
    return found


def extend_horizons(pf: PlanFile, today: date) -> list[Item]:
    """Lay out never-ending series up to the horizon (on open); adds nothing when current."""
    if pf.read_only or not _has_series(pf):
        return []
    before, after = extend_snapshot(pf, today)
    if not before:
        return []
    saved = repository.apply_changes(pf, before, after)
    return [i for i in saved if isinstance(i, Item)]


# -- cadence --------------------------------------------------------------------------------


def list_cadences(pf: PlanFile) -> list[Commitment]:
    if not _has_series(pf):
        return []
    rows = repository._rows(pf, "SELECT * FROM cadences ORDER BY id")
    return [repository.cadence_from_row(r) for r in rows]


def cadence_facts(
    pf: PlanFile,
    start: date | None = None,
    end: date | None = None,
    channels: Sequence[int] | None = None,
) -> list[CadenceFacts]:
    """The items' dates, statuses, channels and campaigns (what cadence counts), alike ones
    counted together, of the given channels only: on every edit the calendar's ghosts and
    the health panel read these, so a 20,000-item plan must not become 20,000 objects."""
    status = repository._ITEM_STATUS
    low = start.isoformat() if start else "0000"
    high = end.isoformat() if end else "9999-12-31"
    params: list[object] = [low, high]
    where = "date >= ? AND date <= ?"
    if channels is not None:
        marks = ", ".join("?" for _ in channels)
        if start is None and end is None:
            # the whole plan (the health panel's report): the channels' index finds their
            # rows; a date range over every day walks all rows through the date index,
            # ~3x slower on 20,000 items
            where, params = f"channel_id IN ({marks})", list(channels)
        else:
            # "+": the date index must drive the query (a day's rows), never the channel one
            where += f" AND +channel_id IN ({marks})"
            params += list(channels)
    return [
        CadenceFacts(date.fromisoformat(d), status[s], c, k, n)
        for d, s, c, k, n in pf.conn.execute(
            "SELECT date, status, channel_id, campaign_id, count(*) FROM items"
            f" WHERE {where}"
            " GROUP BY date, status, channel_id, campaign_id ORDER BY date",
            params,
        )
    ]


def cadence_report(
    pf: PlanFile, first: date | None = None, last: date | None = None
) -> list[CommitmentReport]:
    """How each commitment was kept, period by period: over the plan (its start to its last
    item) unless a range is given."""
    commitments = list_cadences(pf)
    if not commitments:
        return []
    plan = repository.get_plan(pf)
    facts = cadence_facts(pf, channels=sorted({c.channel_id for c in commitments}))
    if first is not None and last is not None:
        return keep_all(commitments, facts, first, last, plan.week_start)
    span = repository.date_range(pf)
    by_channel: dict[int, list[CadenceFacts]] = {}
    for fact in facts:
        by_channel.setdefault(fact.channel_id, []).append(fact)
    reports = []
    for c in commitments:
        begin = first or _first_whole(c.per, plan.start, plan.week_start)
        end = last or max(begin, span[1] if span else begin)
        reports.append(keep(c, by_channel.get(c.channel_id, []), begin, end, plan.week_start))
    return reports


def _first_whole(per: Per, start: date, week_start: int) -> date:
    """A plan starting on a Thursday does not owe that week's three LinkedIn posts: the
    kept share counts from the first whole week (or month) on."""
    period = period_of(per, start, week_start)
    return start if period.first == start else period.last + timedelta(days=1)
