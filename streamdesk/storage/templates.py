"""Templates: plan files in the ``templates`` folder beside the plans, laid out anew.

A template is a plan without its content: channels and colours, the target band and
measure, campaigns, the initiative skeleton (and whatever else the plan file holds, such
as cadence commitments: the copy is made with SQLite's backup API, so every table comes
along, and only items and their traces are removed). Its plan start is the origin of its
dates: a new plan made from it on another start date has its initiatives and campaigns
shifted by (new start − template start).

Saving removes the items, then VACUUMs the copy, so no deleted text stays in the file's
free pages: a template can be shared without the client's content. Each template and
each plan made from one gets a fresh identity (calendar UIDs are never shared).

The two built-in templates are written into the templates folder the first time it is
needed (when it does not exist yet), so they can be edited, shared or deleted like the
user's own.
"""

from __future__ import annotations

import contextlib
import secrets
import sqlite3
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from streamdesk.domain import BalanceMeasure, Campaign, Initiative, Plan
from streamdesk.storage.catalogue import templates_folder
from streamdesk.storage.errors import StorageError
from streamdesk.storage.planfile import PLAN_SUFFIX, PlanFile

CONTENT_TABLES = ("items", "item_tombstones", "series")
"""What a template never carries: items (with their results), the deleted items' traces,
and repeating series (their titles are items' content), in whichever of these tables the
file has. Every other table (channels, campaigns, initiatives, cadences…) comes along."""

LAUNCH = "Launch playbook"
STEADY = "Steady content engine"
BUILT_IN = (LAUNCH, STEADY)


@dataclass(frozen=True)
class Template:
    name: str
    path: Path


def list_templates(folder: Path, *, create_built_in: bool = True) -> list[Template]:
    """The templates of the data folder ``folder``, by name (the built-ins made first)."""
    where = templates_folder(folder)
    if create_built_in and not where.exists():
        write_built_in(where)
    try:
        files = sorted(where.glob(f"*{PLAN_SUFFIX}"), key=lambda p: p.stem.casefold())
    except OSError:
        files = []
    return [Template(p.stem, p) for p in files]


def find_template(folder: Path, name: str) -> Template:
    """The template called ``name`` (any case), or a StorageError naming the known ones."""
    templates = list_templates(folder)
    for template in templates:
        if template.name.casefold() == name.strip().casefold():
            return template
    known = ", ".join(t.name for t in templates) or "none"
    raise StorageError(f"unknown template {name!r}; known templates: {known}")


def _strip_content(pf: PlanFile) -> None:
    tables = {r[0] for r in pf.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    with pf.transaction():
        for table in CONTENT_TABLES:
            if table in tables:
                pf.conn.execute(f"DELETE FROM {table}")
        pf.conn.execute(
            "UPDATE initiatives SET status = 'planned', progress = 0"
        )  # a skeleton, not a report
        if "identity" in tables:
            pf.conn.execute("UPDATE identity SET uid = ? WHERE id = 1", [secrets.token_hex(16)])
    pf.conn.execute("VACUUM")  # deleted text must not stay in the file's free pages


def save_template(pf: PlanFile, folder: Path, name: str) -> Path:
    """Write the plan ``pf`` as template ``name`` in the data folder ``folder``."""
    name = name.strip()
    if not name or any(c in name for c in '/\\:*?"<>|') or name.startswith("."):
        raise StorageError(
            f"{name!r} cannot be a template name: use letters, digits and spaces, no / \\ : * ?"
        )
    where = templates_folder(folder)
    if not where.exists():
        write_built_in(where)
    target = where / f"{name}{PLAN_SUFFIX}"
    if target.exists():
        raise StorageError(f"A template called {name!r} already exists ({target}).")
    pf.backup_to(target)
    try:
        copy = PlanFile.open(target, program="Save as Template")
        try:
            _strip_content(copy)
            with copy.transaction():
                copy.conn.execute("UPDATE plan SET name = ?, client = '' WHERE id = 1", [name])
        finally:
            copy.close()
    except BaseException:
        with contextlib.suppress(OSError):
            target.unlink()
        raise
    return target


def new_plan_from_template(
    template: Path,
    target: Path,
    *,
    start: date,
    client: str = "",
    name: str | None = None,
    program: str = "StreamDesk",
) -> PlanFile:
    """A new plan at ``target`` from ``template``, laid out from ``start``; returned open.

    Initiatives and campaigns move by (``start`` − the template's start). The template
    file is read through a read-only connection and never changed.
    """
    target = Path(target)
    if target.exists() and target.stat().st_size > 0:
        raise StorageError(f"{target} already exists; choose another name.")
    with PlanFile.open(template, read_only=True) as source:
        row = source.conn.execute("SELECT start_date FROM plan WHERE id = 1").fetchone()
        if row is None:
            raise StorageError(f"{template.name} has no plan settings; it is not a template.")
        origin = date.fromisoformat(row[0])
        source.backup_to(target)
    shift = (start - origin).days
    try:
        pf = PlanFile.open(target, program=program)  # migrates a template of an older format
    except BaseException:
        with contextlib.suppress(OSError):
            target.unlink()
        raise
    try:
        _strip_content(pf)
        days = f"{shift:+d} days"
        with pf.transaction():
            for table, columns in (
                ("initiatives", ("start_date", "end_date")),
                ("campaigns", ("start_date", "end_date")),
            ):
                sets = ", ".join(f"{c} = date({c}, ?)" for c in columns)
                pf.conn.execute(f"UPDATE {table} SET {sets}", [days] * len(columns))
            pf.conn.execute(
                "UPDATE plan SET name = ?, client = ?, start_date = ? WHERE id = 1",
                [(name or target.stem).strip() or target.stem, client.strip(), start.isoformat()],
            )
    except (sqlite3.Error, StorageError):
        pf.close()
        with contextlib.suppress(OSError):
            target.unlink()
        raise
    return pf


# -- the built-in templates ------------------------------------------------------------

_ORIGIN = date(2026, 1, 5)  # a Monday: the built-ins' dates are relative to it


def _d(days: int) -> date:
    return _ORIGIN + timedelta(days=days)


def _launch() -> tuple[Plan, list[Initiative], list[tuple[Campaign, int | None]]]:
    plan = Plan(name=LAUNCH, start=_ORIGIN, band_low=0.3, band_high=0.5)
    initiatives = [
        Initiative("Market research", "Market research", _d(0), _d(20), effort_hours=30),
        Initiative("ICP and personas", "Segmentation", _d(14), _d(34), effort_hours=20),
        Initiative(
            "Positioning and value proposition", "Positioning", _d(28), _d(48), effort_hours=20
        ),
        Initiative("Pricing", "Pricing", _d(42), _d(55), effort_hours=12),
        Initiative("Go-to-market plan ready", "Channel strategy", _d(55), _d(55), gate=True),
        Initiative("Launch", "Channel strategy", _d(63), _d(63)),
        Initiative("Post-launch review", "Market research", _d(84), _d(90), effort_hours=8),
    ]
    campaigns = [
        (Campaign("Pre-launch waitlist", _d(42), _d(62), "sign-ups", 500), 3),
        (Campaign("Launch", _d(63), _d(76), "trials", 200), 5),
        (Campaign("Post-launch nurture", _d(77), _d(104), "conversions", 50), None),
    ]
    return plan, initiatives, campaigns


def _steady() -> tuple[Plan, list[Initiative], list[tuple[Campaign, int | None]]]:
    plan = Plan(
        name=STEADY, start=_ORIGIN, band_low=0.15, band_high=0.3, measure=BalanceMeasure.COUNT
    )
    initiatives = [
        Initiative(
            "Audience and keyword research", "Market research", _d(0), _d(13), effort_hours=16
        ),
        Initiative("Content pillars", "Positioning", _d(7), _d(20), effort_hours=10),
        Initiative("Quarterly review", "Trend analysis", _d(84), _d(84)),
        Initiative("Quarterly review", "Trend analysis", _d(175), _d(175)),
    ]
    campaigns = [
        (Campaign("Evergreen SEO", _d(14), _d(180), "organic visits", 10000), 1),
        (Campaign("Monthly newsletter", _d(14), _d(180), "subscribers", 1000), None),
    ]
    return plan, initiatives, campaigns


def write_built_in(where: Path) -> None:
    """Write the two built-in templates into ``where`` (made when missing)."""
    from streamdesk.storage import create_plan, repository

    where.mkdir(parents=True, exist_ok=True)
    for make in (_launch, _steady):
        plan, initiatives, campaigns = make()
        path = where / f"{plan.name}{PLAN_SUFFIX}"
        if path.exists():
            continue
        with create_plan(path, plan) as pf:
            made = repository.insert_many(pf, initiatives)
            ids = [i.id for i in made]
            repository.insert_many(
                pf,
                [
                    c.replace(initiative_id=None if link is None else ids[link])
                    for c, link in campaigns
                ],
            )
            if make is _steady:  # the rhythm a steady engine promises its client
                _add_cadences(pf, STEADY_CADENCES)


STEADY_CADENCES: tuple[tuple[str, int, str], ...] = (
    ("LinkedIn", 3, "week"),
    ("Blog/SEO", 2, "month"),
    ("Email", 1, "month"),
)
"""(channel, count, per): the commitments "Steady content engine" starts a client with."""


def _add_cadences(pf: PlanFile, cadences: tuple[tuple[str, int, str], ...]) -> None:
    from streamdesk.domain.cadence import Commitment, Per
    from streamdesk.storage import repository

    commitments = []
    for name, count, per in cadences:
        channel = repository.channel_by_name(pf, name)
        if channel is not None and channel.id is not None:
            commitments.append(Commitment(channel_id=channel.id, count=count, per=Per(per)))
    repository.insert_many(pf, commitments)
