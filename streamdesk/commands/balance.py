"""``streamdesk balance PLAN``: upstream vs downstream per week or month, and the stream's health.

``--json`` prints the list of periods (the shape scripts already read), each with its share
of the health figures added (items with no initiative, items breaking a date gate, the
results of published items). ``--health`` adds the plan-wide health: with ``--json`` the
output becomes ``{"periods": [...], "health": {...}}``, where ``periods`` is exactly that
list; without it, a summary follows the table. Opting in keeps every existing script
working while new ones get everything in one call.
"""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

from streamdesk.domain.balance import share_percent
from streamdesk.domain.text import plural

if TYPE_CHECKING:
    from streamdesk.domain.health import StreamHealth
    from streamdesk.storage import PlanFile

HELP = "print upstream vs downstream effort and budget per week or month"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("plan", help="the plan file (*.streamdesk)")
    parser.add_argument("--by", choices=("week", "month"), default="month", help="period size")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument(
        "--health",
        action="store_true",
        help="also report the stream's health: periods outside the band, content with no "
        "strategy, strategy with no content, broken date gates, results by initiative "
        "and how each cadence commitment was kept "
        '(with --json: {"periods": [...], "health": {...}, "cadence": [...]})',
    )


def run(args: argparse.Namespace) -> int:
    from streamdesk.domain import BalanceMeasure
    from streamdesk.domain.balance import compute_balance_from_days
    from streamdesk.domain.health import health_by_period, stream_health
    from streamdesk.storage import PlanFile, repository

    with PlanFile.open(args.plan, read_only=True) as pf:
        plan = repository.get_plan(pf)
        initiatives = repository.list_initiatives(pf)
        periods = compute_balance_from_days(
            plan, initiatives, repository.daily_item_totals(pf), args.by
        )
        wanted = args.health or args.json
        facts = repository.list_item_facts(pf) if wanted else []
        cadence = _cadence(pf) if args.health else []
    health = stream_health(plan, initiatives, facts, periods) if wanted else None
    if args.json:
        rows = [p.as_json() for p in periods]
        for row, p in zip(rows, periods, strict=True):  # the figures a count share is made of
            row["upstream_count"] = round(p.upstream_count, 2)
            row["downstream_count"] = p.downstream_count
        if health is not None:
            for row, extra in zip(rows, health_by_period(health, facts, periods), strict=True):
                row.update(extra)
        output: object = rows
        if args.health and health is not None:
            for entry in cadence:
                entry.pop("line")
            output = {"periods": rows, "health": health.as_json(), "cadence": cadence}
        print(json.dumps(output, indent=2))
        return 0
    band = f"{plan.band_low:.0%}–{plan.band_high:.0%}"
    print(f"{plan.name}: upstream share by {plan.measure.value}, target band {band}")
    header = f"{'period':<12}{'up h':>9}{'down h':>9}{'up ' + plan.currency:>11}"
    header += f"{'down ' + plan.currency:>11}"
    counts = plan.measure is BalanceMeasure.COUNT  # then show what the share counts
    if counts:
        header += f"{'up n':>8}{'down n':>8}"
    print(header + f"{'share':>8}  band")
    for p in periods:
        share = (
            "–"
            if p.upstream_share is None
            else share_percent(p.upstream_share, plan.band_low, plan.band_high)
        )
        flag = {True: "in", False: "OUT", None: ""}[p.in_band]
        line = (
            f"{p.period:<12}{p.upstream_hours:>9.1f}{p.downstream_hours:>9.1f}"
            f"{p.upstream_budget:>11.0f}{p.downstream_budget:>11.0f}"
        )
        if counts:
            line += f"{p.upstream_count:>8.1f}{p.downstream_count:>8}"
        print(f"{line}{share:>8}  {flag}")
    if args.health and health is not None:
        print()
        print_health(health, plan.currency, args.by, len(periods))
        lines = [str(c["line"]) for c in cadence]
        print(f"  cadence commitments: {len(lines)}")
        for line in lines:
            print(f"    - {line}")
    return 0


def _cadence(pf: PlanFile) -> list[dict[str, object]]:
    """Each commitment and how it was kept over the plan (``"line"`` is for the text)."""
    from streamdesk.domain.cadence import report_json, report_line
    from streamdesk.storage import repository, series_repo

    channels = {c.id: c.name for c in repository.list_channels(pf)}
    campaigns = {c.id: c.name for c in repository.list_campaigns(pf)}
    out: list[dict[str, object]] = []
    for report in series_repo.cadence_report(pf):
        name = channels.get(report.commitment.channel_id, "?")
        entry = report_json(report, name, campaigns.get(report.commitment.campaign_id))
        entry["line"] = report_line(report, name)
        out.append(entry)
    return out


def print_health(health: StreamHealth, currency: str, by: str, period_count: int) -> None:
    band = f"{health.band_low:.0%}–{health.band_high:.0%}"
    if health.share is None:
        print("Stream health: nothing planned yet")
    else:
        where = "inside" if health.share_in_band else "OUTSIDE"
        print(
            "Stream health: upstream share "
            f"{share_percent(health.share, health.band_low, health.band_high)} "
            f"by {health.measure.value}, "
            f"{where} the {band} band"
        )
    outside = ", ".join(p.period for p in health.outside_band) or "none"
    print(f"  {by}s outside the band: {len(health.outside_band)} of {period_count} ({outside})")
    print(f"  content with no strategy behind it: {plural(len(health.unlinked_item_ids), 'item')}")
    lonely = health.initiatives_without_items
    print(f"  strategy that never reaches the market: {plural(len(lonely), 'initiative')}")
    for i in lonely:
        print(f"    - {i.title} ({i.start.isoformat()} – {i.end.isoformat()})")
    print(f"  date gates broken: {len(health.broken_gates)}")
    for g in health.broken_gates:
        print(
            f"    - {g.title} (ends {g.gate_end.isoformat()}): {plural(len(g.item_ids), 'item')} "
            f"dated before it, the first on {g.earliest.isoformat()}"
        )
    print(f"  results by initiative (published items): {plural(len(health.results), 'initiative')}")
    for r in health.results:
        print(
            f"    - {r.title}: {r.conversions:,} conversions, {r.clicks:,} clicks, "
            f"{r.reach:,} reach, {r.cost:,.0f} {currency} from {plural(r.published, 'item')}"
        )
