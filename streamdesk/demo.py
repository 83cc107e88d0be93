"""A realistic, deterministic demo plan: a year of strategy and the content it drives.

Used by ``streamdesk demo``, the benchmarks (20,000 items, 500 initiatives) and tests.
"""

from __future__ import annotations

import errno
import os
import random
import sqlite3
from bisect import bisect_right
from datetime import date, time, timedelta
from pathlib import Path

from streamdesk.domain import (
    Campaign,
    Channel,
    Dependency,
    Initiative,
    InitiativeStatus,
    Item,
    ItemStatus,
    Plan,
    Stream,
    clock,
)
from streamdesk.storage import PlanFile, create_plan, repository

# one strategic track: (kind, title, weeks, effort hours, budget); chained finish-to-start
TRACK: tuple[tuple[str, str, int, float, float], ...] = (
    ("Research", "Market research: {m}", 6, 40, 1500),
    ("Research", "Customer survey: {m}", 4, 24, 800),
    ("Segmentation", "Segmentation and ICP: {m}", 4, 24, 0),
    ("Positioning", "Positioning and value proposition: {m}", 3, 20, 0),
    ("Positioning", "Positioning approved: {m}", 0, 2, 0),
    ("Product", "Offer design: {m}", 6, 48, 3000),
    ("Pricing", "Pricing study: {m}", 3, 16, 500),
    ("Channel strategy", "Channel plan: {m}", 2, 12, 0),
    ("Innovation", "Launch: {m}", 0, 4, 0),
    ("Innovation", "Innovation roadmap review: {m}", 4, 16, 0),
)
TRACK_DAYS = sum(weeks * 7 for _, _, weeks, _, _ in TRACK)

MARKETS = (
    "core market",
    "SMB segment",
    "enterprise",
    "DACH expansion",
    "Nordics",
    "healthcare vertical",
    "partner channel",
    "new product line",
    "retail",
    "public sector",
)

CHANNEL_WEIGHTS = {
    "Blog/SEO": 10,
    "LinkedIn": 18,
    "Instagram": 14,
    "Facebook": 6,
    "Email": 12,
    "PPC": 6,
    "Paid social": 6,
    "PR": 4,
    "Events/webinars": 4,
    "Promotions": 4,
    "Sales enablement": 5,
}

FORMATS = {
    "Blog/SEO": ("Article", "Guide", "Case study"),
    "LinkedIn": ("Post", "Carousel", "Video"),
    "Instagram": ("Reel", "Story", "Carousel"),
    "Facebook": ("Post", "Video"),
    "Email": ("Newsletter", "Nurture email", "Announcement"),
    "PPC": ("Search ad", "Display ad"),
    "Paid social": ("Sponsored post", "Video ad"),
    "PR": ("Press release", "Interview"),
    "Events/webinars": ("Webinar", "Meetup", "Trade show"),
    "Promotions": ("Discount", "Bundle offer"),
    "Sales enablement": ("One-pager", "Battlecard", "Deck"),
}

TOPICS = (
    "3 productivity tips",
    "Customer story",
    "Behind the scenes",
    "Product update",
    "How-to guide",
    "Industry trends",
    "FAQ answered",
    "Team spotlight",
    "Pricing explained",
    "Launch announcement",
    "Webinar invite",
    "Seasonal offer",
    "Myth vs fact",
    "Checklist",
    "Benchmark report",
)

OWNERS = ("Alex", "Sam", "Jordan", "Priya", "Lena")
COSTLY = {
    "PPC": (50, 400),
    "Paid social": (40, 300),
    "Promotions": (0, 200),
    "Events/webinars": (100, 900),
}


def generate(
    path: str | Path,
    *,
    items: int = 300,
    initiatives: int | None = None,
    start: date | None = None,
    seed: int = 1,
    name: str = "Demo plan",
    client: str = "Northwind Studio",
    rhythm: bool = False,
) -> PlanFile:
    """Write a new demo plan at ``path`` and return it open; with ``rhythm``, also a few
    series and cadence commitments, some weeks missed, and a few items moved from the day
    first planned for (what ``streamdesk demo`` writes)."""
    rng = random.Random(seed)
    start = start or date(date.today().year, 1, 1)
    end = start + timedelta(days=364)
    pf = create_plan(path, Plan(name=name, client=client, currency="EUR", start=start))
    channels = {c.name: c for c in repository.list_channels(pf, Stream.DOWNSTREAM)}

    wanted = initiatives if initiatives is not None else 2 * len(TRACK)
    try:
        made = _initiatives(pf, rng, start, end, wanted)
        _items(pf, rng, start, end, items, made, channels)
        if rhythm:
            _rhythm(pf, rng, start, end, channels, made)
            _moves(pf, rng, start, end)
    except BaseException:
        pf.close()  # a half-made plan releases its file and its lock at once
        raise
    return pf


def _initiatives(
    pf: PlanFile, rng: random.Random, start: date, end: date, wanted: int
) -> list[Initiative]:
    made: list[Initiative] = []
    deps: list[Dependency] = []
    with pf.transaction():
        track_no = 0
        while len(made) < wanted:
            market = MARKETS[track_no % len(MARKETS)]
            if track_no >= len(MARKETS):
                market += f" {track_no // len(MARKETS) + 1}"
            # tracks start staggered over the year so strategy work never stops
            day = start + timedelta(
                days=(track_no * 150 + (track_no // 2) * 23) % 300 + rng.randint(0, 10)
            )
            previous: Initiative | None = None
            # A track that would run more than its last phase past the year is done faster,
            # not cut at the year's end: with hundreds of initiatives the cut ones piled all
            # their hours onto the last few days.
            overflow = TRACK_DAYS - ((end - day).days + 1)
            pace = (TRACK_DAYS - overflow) / TRACK_DAYS if overflow > TRACK[-1][2] * 7 else 1.0
            for kind, title, weeks, hours, budget in TRACK:
                if len(made) >= wanted or day > end:
                    break  # a phase after the year's end would start before its predecessor ends
                length = max(0, weeks * 7 + rng.randint(-3, 3)) if weeks else 0
                length = max(3, round(length * pace)) if length else 0
                first = day
                last = min(first + timedelta(days=max(length - 1, 0)), end)
                first = min(first, last)
                initiative = repository.insert(
                    pf,
                    Initiative(
                        title=title.format(m=market),
                        kind=kind,
                        start=first,
                        end=last,
                        owner=rng.choice(OWNERS),
                        effort_hours=hours * rng.uniform(0.8, 1.2) if weeks else hours,
                        budget=budget,
                        segment=market,
                        gate="approved" in title,
                        notes="Generated demo data.",
                    ),
                )
                assert isinstance(initiative, Initiative) and initiative.id is not None
                made.append(initiative)
                if previous is not None and previous.id is not None:
                    deps.append(Dependency(previous.id, initiative.id))
                previous = initiative
                day = last + timedelta(days=1 if weeks else 0)
            track_no += 1
        repository.bulk_insert(pf, deps) if deps else None
        # statuses follow the calendar: the first third done, then in progress, then planned
        third = start + timedelta(days=120)
        updated = []
        for initiative in made:
            if initiative.end < third:
                status, progress = InitiativeStatus.DONE, 100
            elif initiative.start < third:
                status, progress = InitiativeStatus.IN_PROGRESS, rng.choice((25, 50, 75))
            else:
                status, progress = InitiativeStatus.PLANNED, 0
            updated.append(initiative.replace(status=status, progress=progress))
            repository.update(pf, updated[-1])
    return updated


def _items(
    pf: PlanFile,
    rng: random.Random,
    start: date,
    end: date,
    count: int,
    initiatives: list[Initiative],
    channels: dict,
) -> None:
    names = list(CHANNEL_WEIGHTS)
    weights = [CHANNEL_WEIGHTS[n] for n in names]
    by_end = sorted(initiatives, key=lambda i: i.end)
    ends = [i.end for i in by_end]
    span = (end - start).days
    published_until = _published_until(start, end)

    with pf.transaction():
        campaigns: list[tuple[int | None, date, date]] = []  # id, first and last day
        for n, (title, month) in enumerate(
            (
                ("Spring launch", 3),
                ("Summer promo", 6),
                ("Autumn webinar series", 9),
                ("Year-end offer", 11),
            )
        ):
            first = date(
                start.year + (start.month + month - 2) // 12, (start.month + month - 2) % 12 + 1, 1
            )
            last = first + timedelta(days=41)
            campaign = repository.insert(
                pf,
                Campaign(
                    name=title,
                    start=first,
                    end=last,
                    goal_metric="conversions",
                    goal_target=50 + 25 * n,
                    initiative_id=initiatives[min(len(initiatives) - 1, 8)].id
                    if initiatives
                    else None,
                ),
            )
            assert isinstance(campaign, Campaign)
            campaigns.append((campaign.id, first, last))
        rows: list[Item] = []
        for _ in range(count):
            day = start + timedelta(days=rng.randint(0, span))
            channel_name = rng.choices(names, weights)[0]
            channel = channels[channel_name]
            if day < published_until:
                status = rng.choices((ItemStatus.PUBLISHED, ItemStatus.CANCELLED), (92, 8))[0]
            else:
                status = rng.choices(
                    (ItemStatus.SCHEDULED, ItemStatus.READY, ItemStatus.DRAFT, ItemStatus.IDEA),
                    (30, 20, 25, 25),
                )[0]
            initiative_id = None
            if by_end and rng.random() < 0.82:
                # serve a strategy decided before the content goes out
                index = bisect_right(ends, day) - 1
                pool = by_end[max(0, index - 6) : index + 1] if index >= 0 else by_end[:3]
                initiative_id = rng.choice(pool).id
            campaign_id = next(
                (c for c, first, last in campaigns if first <= day <= last and rng.random() < 0.6),
                None,
            )
            low, high = COSTLY.get(channel_name, (0, 0))
            cost = float(rng.randint(low, high)) if high else 0.0
            published = status is ItemStatus.PUBLISHED
            reach = rng.randint(200, 20000) if published else None
            clicks = int(reach * rng.uniform(0.005, 0.05)) if reach else None
            rows.append(
                Item(
                    title=f"{rng.choice(TOPICS)}",
                    date=day,
                    channel_id=channel.id,
                    time=time(rng.randint(8, 17), rng.choice((0, 15, 30, 45)))
                    if rng.random() < 0.4
                    else None,
                    format=rng.choice(FORMATS[channel_name]),
                    status=status,
                    owner=rng.choice(OWNERS),
                    campaign_id=campaign_id,
                    initiative_id=initiative_id,
                    effort_hours=round(channel.default_effort_hours * rng.uniform(0.5, 1.5), 1),
                    cost=cost,
                    notes="",
                    link=f"https://example.com/p/{len(rows) + 1}" if published else "",
                    reach=reach,
                    clicks=clicks,
                    conversions=int(clicks * rng.uniform(0.01, 0.1)) if clicks else None,
                    actual_cost=round(cost * rng.uniform(0.8, 1.1), 2)
                    if published and cost
                    else None,
                )
            )
        if rows:
            repository.bulk_insert(pf, rows)


# -- writing a demo plan file: never half a plan under the final name -------------------

SIDE_FILES = ("-wal", "-shm", "-journal")


RHYTHM_FROM = 250
"""A demo of at least this many items also gets the series and commitments (a smaller one,
written for a test or a quick look, holds exactly the items asked for)."""


def _rhythm(
    pf: PlanFile,
    rng: random.Random,
    start: date,
    end: date,
    channels: dict[str, Channel],
    initiatives: list[Initiative],
) -> None:
    """A weekly newsletter, LinkedIn on Mon/Wed/Fri, and commitments to them, kept most
    weeks: some LinkedIn posts were dropped and one newsletter cancelled, so the health
    panel's Cadence section has misses to show. Both serve the positioning, so the rhythm
    does not read as hundreds of items with no strategy behind them."""
    from streamdesk.domain.cadence import Commitment, Per
    from streamdesk.domain.series import Series
    from streamdesk.storage import series_repo

    until = f"UNTIL={end:%Y%m%d}"
    first_thursday = start + timedelta(days=(3 - start.weekday()) % 7)
    first_monday = start + timedelta(days=(0 - start.weekday()) % 7)
    email, linkedin, blog = channels["Email"], channels["LinkedIn"], channels["Blog/SEO"]
    assert email.id and linkedin.id and blog.id
    plain = [i for i in initiatives if not i.gate]
    served = next(
        (i.id for i in plain if i.title.startswith("Positioning and value proposition")),
        plain[0].id if plain else None,
    )  # a newsletter and posts carry the positioning: the rhythm is how it reaches people
    newsletter = Series(
        rule=f"FREQ=WEEKLY;BYDAY=TH;{until}", start=first_thursday, title="Weekly newsletter",
        channel_id=email.id, time=time(8, 0), format="Newsletter",
        status=ItemStatus.SCHEDULED, effort_hours=2.0, initiative_id=served,
    )  # fmt: skip
    posts = Series(
        rule=f"FREQ=WEEKLY;BYDAY=MO,WE,FR;{until}", start=first_monday, title="LinkedIn post",
        channel_id=linkedin.id, time=time(9, 30), format="Post",
        status=ItemStatus.SCHEDULED, effort_hours=1.0, initiative_id=served,
    )  # fmt: skip
    _, letters = series_repo.create_series(pf, newsletter, start)
    _, linked = series_repo.create_series(pf, posts, start)
    cancelled = rng.choice(letters[4:20])
    dropped = rng.sample(linked[6:60], 6)  # six weeks a post was dropped: missed weeks
    gone = {cancelled.id, *(d.id for d in dropped)}
    published_until = _published_until(start, end)
    sent = [o for o in (*letters, *linked) if o.date < published_until and o.id not in gone]
    repository.apply_changes(
        pf,
        [cancelled, *dropped, *sent],
        [
            cancelled.replace(status=ItemStatus.CANCELLED, detached=True),
            *(_went_out(o, rng) for o in sent),
        ],
    )
    repository.insert_many(
        pf,
        [
            Commitment(channel_id=linkedin.id, count=3, per=Per.WEEK),
            Commitment(channel_id=email.id, count=1, per=Per.WEEK),
            Commitment(channel_id=blog.id, count=2, per=Per.MONTH),
        ],
    )


def _published_until(start: date, end: date) -> date:
    """Where the demo's past ends: today when the plan's year holds it, so a demo made in
    December shows a year of published work rather than four months of "missed" items; a
    plan laid in another year keeps its first 60 % published."""
    today = clock.today()
    if start < today <= end:
        return today
    return start + timedelta(days=int((end - start).days * 0.6))


def _went_out(item: Item, rng: random.Random) -> Item:
    """A past occurrence of a demo series, published with results of its own."""
    reach = rng.randint(300, 6000)
    clicks = int(reach * rng.uniform(0.005, 0.04))
    return item.replace(
        status=ItemStatus.PUBLISHED,
        reach=reach,
        clicks=clicks,
        conversions=int(clicks * rng.uniform(0.01, 0.1)),
    )


MOVES_PER_MONTH = 2
MOVE_DAYS = (-7, -2, -1, 1, 1, 2, 3, 7, 14)
"""How far a demo item moves: mostly a day or two late, sometimes a week either way."""


def _moves(pf: PlanFile, rng: random.Random, start: date, end: date) -> None:
    """A couple of items a month moved from the day first planned for (one went out two
    days late, one was pulled a week earlier…), so the client report's *Moved* list and
    counts have something to show. Occurrences of a series stay on their rule's day."""
    by_month: dict[tuple[int, int], list[Item]] = {}
    for item in repository.list_items(pf, start, end):
        if item.series_id is None:
            by_month.setdefault((item.date.year, item.date.month), []).append(item)
    before: list[Item] = []
    after: list[Item] = []
    for month in sorted(by_month):
        candidates = by_month[month]
        for item in rng.sample(candidates, min(MOVES_PER_MONTH, len(candidates))):
            day = item.date + timedelta(days=rng.choice(MOVE_DAYS))
            if start <= day <= end:
                before.append(item)
                after.append(item.replace(date=day))  # planned_on keeps the first day
    repository.apply_changes(pf, before, after)


def part_path(path: Path) -> Path:
    """Where a demo plan is built before it takes its name: beside it, hidden."""
    return path.with_name(f".{path.name}.part")


def _remove_with_side_files(path: Path) -> None:
    for suffix in ("", *SIDE_FILES):
        Path(str(path) + suffix).unlink(missing_ok=True)


def write(
    path: str | Path,
    *,
    items: int = 300,
    initiatives: int | None = None,
    start: date | None = None,
    seed: int = 1,
    replace: bool = False,
) -> Path:
    """Write a demo plan to a temporary file beside ``path``, then rename it into place.

    A process killed mid-way or a disk that fills up leaves at most the hidden
    ``.NAME.part`` (removed by the next run), never half a plan under ``path``; with
    ``replace`` an existing plan stays whole until the new one is complete. The WAL is
    folded into the file and the file synced before the rename, so what takes the name
    is the whole plan on its own.
    """
    from streamdesk.storage import StorageError

    path = Path(path)
    existed = path.exists()
    if existed and not replace:
        raise StorageError(f"{path} already exists; use --force to replace it")
    part = part_path(path)
    _remove_with_side_files(part)  # a run killed earlier left it
    try:
        pf = generate(
            part,
            items=items,
            initiatives=initiatives,
            start=start,
            seed=seed,
            rhythm=items >= RHYTHM_FROM,
        )
        try:
            busy, log, done = pf.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            if busy or log != done:
                raise StorageError(f"could not finish writing {part.name}: the file is busy")
            pf.conn.execute("PRAGMA journal_mode = DELETE")  # the file stands on its own
        finally:
            pf.close()
        for suffix in SIDE_FILES:
            side = Path(str(part) + suffix)
            if side.exists() and side.stat().st_size > 0:
                raise StorageError(f"could not finish writing {part.name}: {side.name} remains")
        with part.open("rb+") as f:
            os.fsync(f.fileno())
        for suffix in SIDE_FILES:  # a stale WAL beside the old plan must not meet the new one
            Path(str(path) + suffix).unlink(missing_ok=True)
        os.replace(part, path)
        _sync_folder(path.parent)
    except (StorageError, OSError, sqlite3.Error) as error:
        _remove_with_side_files(part)
        raise StorageError(_failure(path, error, existed)) from error
    except BaseException:
        _remove_with_side_files(part)
        raise
    return path


def _failure(path: Path, error: Exception, existed: bool) -> str:
    """One sentence: what failed, that nothing took the plan's name, what to do."""
    kept = f"the plan already at {path} is unchanged" if existed else f"{path} was not written"
    text = str(error).lower()
    if (isinstance(error, OSError) and error.errno == errno.ENOSPC) or (
        "no space" in text or "disk is full" in text
    ):
        return (
            f"There is no space left to write the demo plan {path}; {kept}. "
            "Free some space (or choose another folder) and run `streamdesk demo` again."
        )
    reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
    return (
        f"Could not write the demo plan {path} ({reason.rstrip('.')}); {kept}. "
        "Check the folder can be written to and run `streamdesk demo` again."
    )


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (where the system allows opening a folder)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
