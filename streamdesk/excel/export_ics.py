"""The content calendar as iCalendar: one all-day event per item, drafts included.

Each event's UID is ``item-<id>.<plan identity>@streamdesk``: the identity is stored in
the plan, so importing the file again into a calendar app updates the events instead of
adding copies, even after the plan file was renamed or saved under another name. The summary is
``[Channel] Title``; the channel is also the event's category; the description
holds the status, time, format, owner, campaign, link and notes; the event
status maps idea/draft to TENTATIVE, cancelled to CANCELLED, the rest to CONFIRMED.
"""

from __future__ import annotations

from datetime import UTC, timedelta
from pathlib import Path

from icalendar import Calendar, Event

from streamdesk import __version__
from streamdesk.domain import ItemStatus
from streamdesk.excel.export_data import ExportData, Progress

STATUS = {
    ItemStatus.IDEA: "TENTATIVE",
    ItemStatus.DRAFT: "TENTATIVE",
    ItemStatus.READY: "CONFIRMED",
    ItemStatus.SCHEDULED: "CONFIRMED",
    ItemStatus.PUBLISHED: "CONFIRMED",
    ItemStatus.CANCELLED: "CANCELLED",
}


def event_uid(data: ExportData, item_id: int | None) -> str:
    return f"item-{item_id}.{data.uid}@streamdesk"


def write_ics(data: ExportData, path: Path, progress: Progress | None = None) -> None:
    cal = Calendar()
    cal.add("prodid", f"-//StreamDesk {__version__}//Content calendar//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    name = data.plan.name + (f" · {data.plan.client}" if data.plan.client else "")
    cal.add("x-wr-calname", name)
    channels = {cid: c.name for cid, c in data.channel_by_id().items()}
    campaigns = data.campaign_names()
    stamp = data.generated.astimezone(UTC)
    total = len(data.items)
    for n, item in enumerate(data.items, 1):
        channel = channels.get(item.channel_id, "")
        event = Event()
        event.add("uid", event_uid(data, item.id))
        event.add("dtstamp", stamp)
        event.add("dtstart", item.date)
        event.add("dtend", item.date + timedelta(days=1))
        event.add("summary", f"[{channel}] {item.title}" if channel else item.title)
        if channel:
            event.add("categories", [channel])
        event.add("status", STATUS[item.status])
        event.add("transp", "TRANSPARENT")
        lines = [f"Status: {item.status.value}"]
        if item.time is not None:
            lines.append(f"Time: {item.time:%H:%M}")
        for label, value in (
            ("Format", item.format),
            ("Owner", item.owner),
            ("Campaign", campaigns.get(item.campaign_id, "") if item.campaign_id else ""),
            ("Link", item.link),
        ):
            if value:
                lines.append(f"{label}: {value}")
        if item.notes:
            lines += ["", item.notes]
        event.add("description", "\n".join(lines))
        if item.link.lower().startswith(("http://", "https://")):
            event.add("url", item.link)
        cal.add_component(event)
        if progress is not None and n % 2000 == 0:
            progress(n, total)
    path.write_bytes(cal.to_ical())
    if progress is not None:
        progress(total, total)
