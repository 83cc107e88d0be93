"""``series_plan.py SMALL OUT --series 50 --years 3``: the plan of the series scenarios.

A copy of the 300-item plan (``SMALL``) with ``--series`` repeating items over ``--years``
years from the plan's start: LinkedIn on Mon/Wed/Fri, weekly tips, fortnightly deep
dives, monthly webinars… (about 8,000 occurrences for 50 series over 3 years), most
ending on a date, one kind after a count and one kind never (laid out to the horizon, as
a plan opened today has it), and a cadence commitment on every channel they use. So the
ratio against the 300-item plan measures what series and their cadence cost.

Written through storage as the app writes (``series_repo.create_series``), under a
temporary name renamed at the end. Prints ``{"series": n, "occurrences": n}``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
from datetime import date, timedelta
from pathlib import Path

from dateutil.relativedelta import relativedelta

from streamdesk.domain import ItemStatus, Stream
from streamdesk.domain.cadence import Commitment, Per
from streamdesk.domain.series import Series
from streamdesk.storage import PlanFile, repository, series_repo

KINDS: tuple[tuple[str, str, str], ...] = (
    # title, rule without its end, how it ends ("until", "count" or "never")
    ("LinkedIn post", "FREQ=WEEKLY;BYDAY=MO,WE,FR", "until"),
    ("Weekly tips", "FREQ=WEEKLY;BYDAY=TU", "until"),
    ("Customer story", "FREQ=WEEKLY;BYDAY=TH", "until"),
    ("Deep dive", "FREQ=WEEKLY;INTERVAL=2;BYDAY=FR", "until"),
    ("Roundup", "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO", "until"),
    ("Webinar", "FREQ=MONTHLY;BYDAY=1TH", "until"),
    ("Short video", "FREQ=WEEKLY;BYDAY=TU,TH", "until"),
    ("Newsletter", "FREQ=WEEKLY;BYDAY=WE", "until"),
    ("Monthly report", "FREQ=MONTHLY;BYMONTHDAY=15", "count"),
    ("Friday recap", "FREQ=WEEKLY;BYDAY=FR", "never"),
)
"""One of each per ten series: about 1,600 occurrences per ten over three years."""

STATUSES = (ItemStatus.SCHEDULED, ItemStatus.DRAFT, ItemStatus.IDEA, ItemStatus.READY)


def add_series(pf: PlanFile, count: int, years: int, today: date) -> int:
    """``count`` series over ``years`` from the plan's start; the occurrences made."""
    start = repository.get_plan(pf).start
    end = start + relativedelta(years=years) - timedelta(days=1)
    months = years * 12
    channels = [c for c in repository.list_channels(pf, Stream.DOWNSTREAM) if c.id is not None]
    made = 0
    for n in range(count):
        title, rule, ending = KINDS[n % len(KINDS)]
        if ending == "until":
            rule += f";UNTIL={end:%Y%m%d}"
        elif ending == "count":
            rule += f";COUNT={months}"
        channel = channels[n % len(channels)]
        series = Series(
            rule=rule,
            start=start + timedelta(days=n % 7),
            title=f"{title} {n // len(KINDS) + 1}",
            channel_id=channel.id or 0,
            status=STATUSES[n % len(STATUSES)],
            effort_hours=1.0 + n % 3,
            format="Post",
        )
        _, items = series_repo.create_series(pf, series, today)
        made += len(items)
    committed = {c.channel_id for c in series_repo.list_cadences(pf)}
    repository.insert_many(
        pf,
        [
            Commitment(channel_id=c.id or 0, count=2, per=Per.WEEK)
            for c in channels[: min(count, len(channels))]
            if c.id not in committed
        ],
    )
    return made


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("small", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--series", type=int, default=50)
    parser.add_argument("--years", type=int, default=3)
    args = parser.parse_args()
    part = args.out.with_name(f".{args.out.name}.part")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{part}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(args.small, part)
    pf = PlanFile.open(part)
    try:
        made = add_series(pf, args.series, args.years, date.today())
        pf.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        pf.close()
    os.replace(part, args.out)
    print(json.dumps({"series": args.series, "occurrences": made}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
