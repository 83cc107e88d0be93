"""Exports of other tools, recognised by their headers, each mapped the way its columns mean.

Synonyms alone get some tools wrong: Buffer's "Channel" is the profile's name and its
"Service" the network; Meta's "Title" is empty and its "Description" is the post; a
Trello card's "Labels" are its channels and its "List Name" its status. A known source
names those columns exactly; everything else still goes through the synonyms, and the
user's mapping still wins. The import summary says which source it read
("read as a Buffer export"). README "Importing from other tools" lists what each maps.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from streamdesk.excel.headers import Column, fold


@dataclass(frozen=True)
class KnownSource:
    name: str  # as the summary says it: "read as a Buffer export"
    all_of: frozenset[str]  # folded headers that must all be there
    columns: Mapping[str, str | None]  # folded header -> field, or None: not imported
    any_of: frozenset[str] = frozenset()  # at least one of these too, when given
    channel: str | None = None  # the channel of every row when the file has no channel column
    status: str | None = None  # the status of rows without one
    exclusive: bool = False  # no other headers: "Date, Message" alone is Hootsuite's file

    def matches(self, headers: set[str]) -> bool:
        if self.exclusive and not headers <= set(self.columns):
            return False
        return self.all_of <= headers and (not self.any_of or bool(self.any_of & headers))


def _source(
    name: str,
    all_of: Sequence[str],
    columns: Mapping[str, str | None],
    any_of: Sequence[str] = (),
    channel: str | None = None,
    status: str | None = None,
    exclusive: bool = False,
) -> KnownSource:
    return KnownSource(
        name,
        frozenset(fold(h) for h in all_of),
        {fold(h): f for h, f in columns.items()},
        frozenset(fold(h) for h in any_of),
        channel,
        status,
        exclusive,
    )


# the most specific first: the first whose headers are all there is taken
KNOWN_SOURCES: tuple[KnownSource, ...] = (
    _source(
        "a Meta Business Suite export (Facebook)",
        ("Post ID", "Page ID", "Publish time"),
        {
            "Publish time": "date",
            "Description": "title",
            "Title": None,
            "Date": None,  # the reporting period ("Lifetime"), not the post's date
            "Post type": "format",
            "Permalink": "link",
            "Reach": "reach",
            "Link clicks": "clicks",
            "Total clicks": None,
            "Page name": None,
        },
        channel="Facebook",
        status="published",
    ),
    _source(
        "a Meta Business Suite export (Instagram)",
        ("Post ID", "Account ID", "Publish time"),
        {
            "Publish time": "date",
            "Description": "title",
            "Title": None,
            "Date": None,
            "Post type": "format",
            "Permalink": "link",
            "Reach": "reach",
            "Account username": None,
            "Account name": None,
        },
        channel="Instagram",
        status="published",
    ),
    _source(
        "a Trello CSV export",
        ("Card ID", "Card Name", "List Name"),
        {
            "Card Name": "title",
            "Card Description": "notes",
            "Labels": "channel",
            "List Name": "status",
            "Members": "owner",
            "Due Date": "date",
            "Card URL": None,
        },
    ),
    _source(
        "an Asana export",
        ("Task ID", "Name", "Section/Column"),
        {
            "Name": "title",
            "Due Date": "date",
            "Section/Column": "status",
            "Assignee": "owner",
            "Notes": "notes",
            "Projects": None,
            "Start Date": None,
        },
    ),
    _source(
        "a Buffer export",
        ("Text", "Service"),
        {
            "Text": "title",
            "Service": "channel",
            "Channel": None,  # the profile's name ("Acme Coffee"), not the network
            "Scheduled At": "date",
            "Posted At": None,
            "Status": "status",
            "Link": "link",
            "Media URL": None,
        },
        any_of=("Scheduled At", "Posted At"),
    ),
    _source(
        "a Later export",
        ("Social Profile", "Caption", "Scheduled Time"),
        {
            "Scheduled Time": "date",
            "Platform": "channel",
            "Social Profile": None,
            "Caption": "title",
            "Media Type": "format",
            "Post Status": "status",
        },
    ),
    _source(
        "a Sprout Social export",
        ("Post ID", "Network", "Profile", "Post"),
        {
            "Date": "date",
            "Network": "channel",
            "Post": "title",
            "Profile": None,
            "Sent by": "owner",
            "Content Type": "format",
            "Post Type": None,
            "Link": "link",
            "Reach": "reach",
            "Post Link Clicks": "clicks",
        },
        status="published",
    ),
    _source(
        "a HubSpot social export",
        ("Publish date", "Account name", "Content"),
        {
            "Publish date": "date",
            "Channel": "channel",
            "Network": "channel",
            "Account name": None,
            "Content": "title",
            "Status": "status",
            "Clicks": "clicks",
            "Campaign": "campaign",
            "Created by": "owner",
        },
    ),
    _source(
        "a CoSchedule export",
        ("Title", "Color Label", "Date"),
        {
            "Title": "title",
            "Type": "format",
            "Date": "date",
            "Time": "time",
            "Status": "status",
            "Owner": "owner",
            "Color Label": None,
            "Social Profiles": "channel",
            "Tags": None,
        },
    ),
    _source(
        "a Notion database export",
        ("Name",),
        {"Name": "title", "Created time": None, "Last edited time": None, "Tags": None},
        any_of=("Created time", "Last edited time", "Created by"),
    ),
    _source(
        "a Hootsuite bulk upload",
        ("Date", "Message"),
        {"Date": "date", "Message": "title", "Link": "link", "URL": "link", "Image URL": None},
        status="scheduled",
        exclusive=True,
    ),
    _source(
        "a Google Sheets content calendar",
        ("Date", "Day", "Platform", "Caption"),
        {"Day": None, "Caption": "title", "Visuals": None, "Hashtags": None},
    ),
)

HOOTSUITE_HEADERLESS = "a Hootsuite bulk upload (no header row)"
_HOOTSUITE_DATE = re.compile(
    r"^(?:\d{1,2}/\d{1,2}/\d{4}|\d{4}-\d{2}-\d{2})[ T]\d{1,2}:\d{2}(?::\d{2})?$"
)


def recognise(headers: Sequence[Any]) -> KnownSource | None:
    folded = {fold(h) for h in headers if h is not None}
    return next((s for s in KNOWN_SOURCES if s.matches(folded)), None)


def apply_source(source: KnownSource, columns: Sequence[Column]) -> list[Column]:
    """The columns with the source's own meaning; a field it places is taken from others."""
    placed = {
        source.columns[fold(c.header)] for c in columns if fold(c.header) in source.columns
    } - {None}
    result = []
    for column in columns:
        key = fold(column.header)
        if key in source.columns:
            result.append(Column(column.index, column.header, source.columns[key]))
        elif column.field in placed:
            result.append(Column(column.index, column.header, None))
        else:
            result.append(column)
    return result


@dataclass
class Headerless:
    """A header row made up for a file that has none (Hootsuite's bulk upload)."""

    name: str
    columns: tuple[Column, ...] = field(default_factory=tuple)
    status: str = "scheduled"  # a bulk upload schedules its posts


def headerless(rows: Sequence[Sequence[Any]]) -> Headerless | None:
    """Hootsuite's bulk file: no header; date and time, message, optional link."""
    first = next((r for r in rows if any(v is not None for v in r)), None)
    if first is None:
        return None
    cells = [v for v in first if v is not None]
    if not 2 <= len(cells) <= 4 or first[0] is None:
        return None
    written = first[0]
    is_date = isinstance(written, datetime) or _HOOTSUITE_DATE.match(str(written).strip())
    if not is_date or not isinstance(first[1], str):
        return None
    names = ("date", "title", "link")
    columns = tuple(Column(i, f"column {chr(65 + i)}", names[i]) for i in range(min(len(first), 3)))
    return Headerless(HOOTSUITE_HEADERLESS, columns)
