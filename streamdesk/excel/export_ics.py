"""The content calendar as iCalendar: one event per item, drafts included.

Each event's UID is ``item-<id>.<plan identity>@streamdesk``: the identity is stored in
the plan, so importing the file again into a calendar app updates the events instead of
adding copies, even after the plan file was renamed or saved under another name. The summary is
``[Channel] Title``; the channel is also the event's category; the description
holds the status, time, format, owner, campaign, link and notes; the event
status maps idea/draft to TENTATIVE, cancelled to CANCELLED, the rest to CONFIRMED.

An item with a time is a timed event in the plan's time zone (``TZID``, with its
``VTIMEZONE``) lasting its duration (30 minutes when it has none); one without is an
all-day event. ``SEQUENCE`` and ``LAST-MODIFIED`` come from the plan, which counts every
edit of an item, so a calendar replaces the old version of a changed event. Items deleted
from the plan (its tombstones) are sent once more as ``STATUS:CANCELLED`` so that they
leave the client's calendar. The calendar always holds its ``VTIMEZONE``, so even an
empty plan gives a valid file (RFC 5545 wants one component).

The text is written here, not through the icalendar library's objects: 20,000 items
take a fraction of a second instead of ten. A value that cannot go into the format (a
link with a line break cannot be a URI) is left out of the event, never blocks the
export, and is named in the notes the writer returns for the summary.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from streamdesk import __version__
from streamdesk.domain import Item, ItemStatus
from streamdesk.excel.export_data import ExportData, Progress

STATUS = {
    ItemStatus.IDEA: "TENTATIVE",
    ItemStatus.DRAFT: "TENTATIVE",
    ItemStatus.READY: "CONFIRMED",
    ItemStatus.SCHEDULED: "CONFIRMED",
    ItemStatus.PUBLISHED: "CONFIRMED",
    ItemStatus.CANCELLED: "CANCELLED",
}

DEFAULT_DURATION_MINUTES = 30
"""How long a timed item without a duration lasts in a calendar."""

MAX_NOTES = 20
"""The items named one by one in the summary; the rest are counted."""

# TEXT may hold any character but the controls (HTAB aside); line breaks are escaped
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPECIAL = re.compile(r"[\\;,\r\n\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_NOT_IN_URI = re.compile(r"[\x00-\x20\x7f\"<>\\^`{|}]")


def event_uid(data: ExportData, item_id: int | None) -> str:
    return f"item-{item_id}.{data.uid}@streamdesk"


def escape_text(value: str) -> str:
    """A TEXT value (RFC 5545 3.3.11): backslash, ';', ',' and line breaks escaped."""
    if not _SPECIAL.search(value):
        return value
    value = _CONTROL.sub("", value)
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\r", "\\n")
        .replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """Fold a content line at 75 octets (RFC 5545 3.1) without splitting a character."""
    if len(line) <= 75 and line.isascii():
        return line
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line
    parts: list[bytes] = []
    start, limit = 0, 75
    while start < len(data):
        end = min(start + limit, len(data))
        while end < len(data) and data[end] & 0xC0 == 0x80:  # inside a UTF-8 sequence
            end -= 1
        parts.append(data[start:end])
        start, limit = end, 74  # continuation lines start with a space
    return "\r\n ".join(p.decode("utf-8") for p in parts)


def _utc(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


_STAMP = re.compile(r"(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)Z")


def _modified(stamp: str | None) -> str | None:
    """'2027-03-01T10:00:00Z' (as storage keeps it) -> '20270301T100000Z'."""
    match = _STAMP.fullmatch(stamp) if stamp else None
    return "{}{}{}T{}{}{}Z".format(*match.groups()) if match else None


def _duration(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    return "PT" + (f"{hours}H" if hours else "") + (f"{rest}M" if rest or not hours else "")


def _when(day: date, at: time | None, minutes: int | None, zone: str) -> str:
    """DTSTART and DTEND (all day) or DURATION (timed), as two content lines."""
    if at is None:
        following = day + timedelta(days=1)
        return (
            f"DTSTART;VALUE=DATE:{day.year:04d}{day.month:02d}{day.day:02d}\r\n"
            f"DTEND;VALUE=DATE:{following.year:04d}{following.month:02d}{following.day:02d}"
        )
    return (
        f"DTSTART;TZID={zone}:{day.year:04d}{day.month:02d}{day.day:02d}"
        f"T{at.hour:02d}{at.minute:02d}00\r\n"
        f"DURATION:{_duration(minutes or DEFAULT_DURATION_MINUTES)}"
    )


def _uri_problem(link: str) -> str | None:
    """Why a link cannot be an event's URL, or None when it can."""
    if "\n" in link or "\r" in link:
        return "a line break"
    if _NOT_IN_URI.search(link):
        return "spaces or characters a web address cannot hold"
    return None


@dataclass
class _Notes:
    """What was left out, item by item, for the export's summary."""

    lines: list[str]
    more: int = 0

    def add(self, item: Item, what: str) -> None:
        if len(self.lines) < MAX_NOTES:
            self.lines.append(f"item {item.id} {item.title!r}: {what}")
        else:
            self.more += 1

    def result(self) -> list[str]:
        if self.more:
            return [*self.lines, f"and {self.more} more items like these"]
        return self.lines


def _timezone_block(zone: str, days: Iterable[date]) -> list[str]:
    """The plan zone's VTIMEZONE for the years the events span."""
    from icalendar import Timezone

    spread = sorted(days)
    first = spread[0] if spread else date.today()
    last = spread[-1] if spread else first
    block = Timezone.from_tzid(
        zone, first_date=date(first.year, 1, 1), last_date=date(last.year, 12, 31)
    )
    text = block.to_ical().decode("utf-8")
    return [fold(line) for line in text.replace("\r\n ", "").splitlines() if line]


def event_head(data: ExportData, item: Item, stamp: str) -> list[str]:
    """An item's event up to its time: UID, stamp, version (SEQUENCE and LAST-MODIFIED, so
    an app replaces what it had) and when it happens in the plan's zone. The plan's own
    feed and the portfolio's write the same, so one item is one event in both."""
    sequence, modified = data.versions.get(item.id or 0, (0, None))
    head = [
        "BEGIN:VEVENT",
        fold(f"UID:{event_uid(data, item.id)}"),
        f"DTSTAMP:{stamp}",
        f"SEQUENCE:{sequence}",
    ]
    last_modified = _modified(modified)
    if last_modified:
        head.append(f"LAST-MODIFIED:{last_modified}")
    head.append(_when(item.date, item.time, item.duration_minutes, data.plan.time_zone))
    return head


def write_ics(data: ExportData, path: Path, progress: Progress | None = None) -> list[str]:
    """Write the calendar; return notes naming what could not go in, for the summary."""
    zone = data.plan.time_zone
    name = data.plan.name + (f" · {data.plan.client}" if data.plan.client else "")
    channels = {cid: c.name for cid, c in data.channel_by_id().items()}
    campaigns = data.campaign_names()
    stamp = _utc(data.generated if data.generated.tzinfo else data.generated.astimezone())
    notes = _Notes([])
    out: list[str] = [
        "BEGIN:VCALENDAR",
        f"PRODID:-//StreamDesk {__version__}//Content calendar//EN",
        "VERSION:2.0",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        fold(f"X-WR-CALNAME:{escape_text(name)}"),
        fold(f"X-WR-TIMEZONE:{zone}"),
    ]
    days = {item.date for item in data.items} | {t.date for t in data.tombstones}
    out += _timezone_block(zone, days)
    total = len(data.items)
    for n, item in enumerate(data.items, 1):
        channel = channels.get(item.channel_id, "")
        event = event_head(data, item, stamp)
        title = f"[{channel}] {item.title}" if channel else item.title
        event.append(fold(f"SUMMARY:{escape_text(title)}"))
        if channel:
            event.append(fold(f"CATEGORIES:{escape_text(channel)}"))
        event.append(f"STATUS:{STATUS[item.status]}")
        event.append("TRANSP:TRANSPARENT")
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
        event.append(fold(f"DESCRIPTION:{escape_text(chr(10).join(lines))}"))
        if item.link.lower().startswith(("http://", "https://")):
            problem = _uri_problem(item.link)
            if problem is None:
                event.append(fold(f"URL:{item.link}"))
            else:
                notes.add(item, f"its link has {problem}, so the event has no web link")
        event.append("END:VEVENT")
        out += event
        if progress is not None and n % 2000 == 0:
            progress(n, total)
    for tombstone in data.tombstones:
        out += [
            "BEGIN:VEVENT",
            fold(f"UID:{event_uid(data, tombstone.item_id)}"),
            f"DTSTAMP:{stamp}",
            f"SEQUENCE:{tombstone.sequence}",
        ]
        deleted = _modified(tombstone.deleted)
        if deleted:
            out.append(f"LAST-MODIFIED:{deleted}")
        out.append(_when(tombstone.date, tombstone.time, tombstone.duration_minutes, zone))
        out += [
            fold(f"SUMMARY:{escape_text(tombstone.title)}"),
            "STATUS:CANCELLED",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    out.append("END:VCALENDAR")
    path.write_bytes(("\r\n".join(out) + "\r\n").encode("utf-8"))
    if progress is not None:
        progress(total, total)
    return notes.result()
