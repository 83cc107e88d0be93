"""Finding the header row of a sheet and matching its headers to item fields.

Headers are compared after folding case, spaces and punctuation ("Publish date",
"publish_date" and "PUBLISH-DATE" are the same), against the field names and
their synonyms. Columns that match nothing are kept as "unmatched" so the preview
can list them: nothing is dropped silently.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from streamdesk.excel.columns import CONTENT_COLUMNS

HEADER_SEARCH_ROWS = 20
"""The header row is looked for within this many rows at the top of a sheet."""

# field -> the headers that mean it (the field's own header from our workbook comes first)
ITEM_SYNONYMS: dict[str, tuple[str, ...]] = {
    "id": ("id", "item id"),
    "date": (
        "date",
        "publish date",
        "publishing date",
        "post date",
        "posting date",
        "go-live",
        "go live date",
        "scheduled",
        "scheduled date",
        "scheduled for",
        "day",
        "due date",
        "launch date",
        "release date",
        "scheduled at",
        "posted at",
        "sent at",
        "date published",
        "published at",
        "datum",
        "veröffentlichungsdatum",
        "date de publication",
    ),
    "time": ("time", "publish time", "post time", "scheduled time", "uhrzeit", "heure"),
    "channel": (
        "channel",
        "platform",
        "network",
        "social network",
        "social channel",
        "medium",
        "social profile",
        "profile",
        "service",
        "account",
        "kanal",
        "plattform",
        "canal",
        "plateforme",
        "réseau",
    ),
    # in order of preference: the caption/copy beats a topic, a pillar or a "Content" column
    "title": (
        "title",
        "post title",
        "content title",
        "headline",
        "caption",
        "copy",
        "text",
        "post text",
        "message",
        "post copy",
        "caption text",
        "copy idea",
        "post",
        "topic",
        "subject",
        "idea",
        "name",
        "card name",
        "task name",
        "titel",
        "titre",
        "beitrag",
        "content",
    ),
    "format": (
        "format",
        "content type",
        "type",
        "post type",
        "content format",
        "asset type",
        "typ",
        "inhaltstyp",
    ),
    "status": ("status", "stage", "state", "progress", "list name", "statut", "état"),
    "owner": (
        "owner",
        "assignee",
        "author",
        "assigned to",
        "responsible",
        "writer",
        "creator",
        "members",
        "verantwortlich",
        "responsable",
    ),
    "campaign": ("campaign", "campaign name", "kampagne", "campagne"),
    "initiative": ("initiative", "initiative id"),
    "effort_hours": ("effort (h)", "effort", "effort hours", "hours", "estimated hours"),
    "cost": ("cost", "budget", "spend", "planned cost", "kosten", "coût"),
    "notes": (
        "notes",
        "description",
        "comments",
        "comment",
        "note",
        "details",
        "brief",
        "card description",
        "notizen",
        "bemerkungen",
        "remarques",
    ),
    "link": ("link", "url", "links", "post link", "permalink", "post url"),
    "reach": ("reach", "impressions", "views"),
    "clicks": ("clicks",),
    "conversions": ("conversions", "leads", "signups"),
    "actual_cost": ("actual cost", "actual spend"),
    # a foreign tool's repeat ("weekly", "every Mon"): read into a series (import_series)
    "repeats": (
        "repeats",
        "repeat",
        "recurrence",
        "recurring",
        "frequency",
        "recurrence rule",
        "repeat rule",
        "rrule",
        "repeats every",
        "wiederholung",
        "récurrence",
        "répétition",
    ),
}

FIELD_LABELS: dict[str, str] = {field: header for header, field in CONTENT_COLUMNS}
"""How each item field is named to the user (the header of our own workbook)."""

_FOLD = re.compile(r"[\W_]+", re.UNICODE)


def fold(text: Any) -> str:
    """Case-, space- and punctuation-insensitive form of a header."""
    return _FOLD.sub("", str(text).casefold()) if text is not None else ""


_LOOKUP: dict[str, str] = {}
_RANK: dict[str, int] = {}  # how plainly a header names its field: 0 is the field's own name
for _field, _names in ITEM_SYNONYMS.items():
    for _rank, _name in enumerate(_names):
        if fold(_name) not in _LOOKUP:
            _LOOKUP[fold(_name)] = _field
            _RANK[fold(_name)] = _rank
for _label, _field in CONTENT_COLUMNS:
    _RANK[fold(_label)] = 0  # our own header ("Effort (h)") is as plain as the field's name


def match_header(header: Any) -> str | None:
    """The item field a header means, or None."""
    return _LOOKUP.get(fold(header)) if header is not None else None


def header_rank(header: Any) -> int:
    """0 for a header that exactly names its field, more for a looser synonym."""
    return _RANK.get(fold(header), 99)


def field_for(name: str) -> str | None:
    """A field given by the user (`--map`): its name or any header that means it."""
    key = fold(name)
    if key in ("", "ignore", "none", "skip"):
        return None
    for field in ITEM_SYNONYMS:
        if fold(field) == key:
            return field
    found = _LOOKUP.get(key)
    if found is None:
        raise ValueError(name)
    return found


@dataclass(frozen=True)
class Column:
    """A source column: its position, its header text and the field it fills (or None)."""

    index: int
    header: str
    field: str | None


@dataclass(frozen=True)
class HeaderMatch:
    row: int  # 0-based index into the sheet's rows
    columns: tuple[Column, ...]

    @property
    def unmatched(self) -> list[Column]:
        return [c for c in self.columns if c.field is None]

    def mapping(self) -> dict[str, int]:
        return {c.field: c.index for c in self.columns if c.field is not None}


def match_row(row: Sequence[Any]) -> tuple[Column, ...]:
    """Each non-empty header with its field; a field goes to one column only.

    When two headers mean the same field the plainer one wins, wherever it stands: a
    column headed exactly "Title" beats an earlier "Topic", a "Caption" beats a
    "Content" (pillar) column. The loser is left unmatched, so it is listed.
    """
    headers: list[tuple[int, str]] = []
    for index, value in enumerate(row):
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        headers.append((index, str(value).strip()))
    fields: dict[int, str] = {}
    candidates = sorted(
        ((header_rank(h), index, field) for index, h in headers if (field := match_header(h))),
    )
    taken: set[str] = set()
    for _, index, field in candidates:
        if field not in taken:
            taken.add(field)
            fields[index] = field
    return tuple(Column(index, header, fields.get(index)) for index, header in headers)


def find_header(rows: Sequence[Sequence[Any]]) -> HeaderMatch | None:
    """The row within the first rows that matches the most fields (at least two), if any.

    A title or note above the table matches nothing; the first row that names two or
    more fields wins unless a later one names more.
    """
    best: HeaderMatch | None = None
    best_score = 1
    for r, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if not any(isinstance(v, str) and v.strip() for v in row):
            continue
        columns = match_row(row)
        score = sum(1 for c in columns if c.field is not None)
        if score > best_score:
            best, best_score = HeaderMatch(r, columns), score
    return best
