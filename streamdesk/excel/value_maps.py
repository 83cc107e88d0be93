"""Values another tool writes differently: statuses and channels mapped by rule, never by guess.

A status or channel is taken as written when it is spelled like ours. Otherwise a rule
maps it (the user's ``--values`` or dialog choice first, then built-in synonyms such as
IG→Instagram or Live→published, a Trello colour label removed, a close spelling) and
every such value is recorded as a :class:`MappedValue`, so the dry run and the preview
list it. What no rule settles is a :class:`Question` for the user; in particular a value
that says the opposite ("Unpublished", "Not scheduled", "✗ Published") is never mapped
to the status it negates.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from streamdesk.domain import InitiativeStatus, ItemStatus
from streamdesk.domain.text import noun
from streamdesk.excel.cells import CellError, SkipRow, cell_text, quoted
from streamdesk.excel.headers import fold
from streamdesk.excel.wording import READ_AS, Fix, Flag, Worded

ITEM_STATUS_SYNONYMS: dict[str, ItemStatus] = {
    # idea
    "todo": ItemStatus.IDEA,
    "backlog": ItemStatus.IDEA,
    "planned": ItemStatus.IDEA,
    "notstarted": ItemStatus.IDEA,
    "new": ItemStatus.IDEA,
    "ideas": ItemStatus.IDEA,
    "idee": ItemStatus.IDEA,
    "idée": ItemStatus.IDEA,
    "idees": ItemStatus.IDEA,
    "idées": ItemStatus.IDEA,
    # draft
    "inprogress": ItemStatus.DRAFT,
    "writing": ItemStatus.DRAFT,
    "drafting": ItemStatus.DRAFT,
    "drafts": ItemStatus.DRAFT,
    "doing": ItemStatus.DRAFT,
    "wip": ItemStatus.DRAFT,
    "entwurf": ItemStatus.DRAFT,
    "inbearbeitung": ItemStatus.DRAFT,
    "brouillon": ItemStatus.DRAFT,
    "enrédaction": ItemStatus.DRAFT,
    "encours": ItemStatus.DRAFT,
    # ready
    "review": ItemStatus.READY,
    "inreview": ItemStatus.READY,
    "approved": ItemStatus.READY,
    "final": ItemStatus.READY,
    "needsapproval": ItemStatus.READY,
    "needsreview": ItemStatus.READY,
    "pendingapproval": ItemStatus.READY,
    "awaitingapproval": ItemStatus.READY,
    "readyforreview": ItemStatus.READY,
    "bereit": ItemStatus.READY,
    "freigegeben": ItemStatus.READY,
    "infreigabe": ItemStatus.READY,
    "prêt": ItemStatus.READY,
    "validé": ItemStatus.READY,
    "envalidation": ItemStatus.READY,
    # scheduled
    "queued": ItemStatus.SCHEDULED,
    "booked": ItemStatus.SCHEDULED,
    "pending": ItemStatus.SCHEDULED,
    "inqueue": ItemStatus.SCHEDULED,
    "geplant": ItemStatus.SCHEDULED,
    "eingeplant": ItemStatus.SCHEDULED,
    "programmé": ItemStatus.SCHEDULED,
    "planifié": ItemStatus.SCHEDULED,
    # published
    "posted": ItemStatus.PUBLISHED,
    "live": ItemStatus.PUBLISHED,
    "done": ItemStatus.PUBLISHED,
    "complete": ItemStatus.PUBLISHED,
    "completed": ItemStatus.PUBLISHED,
    "sent": ItemStatus.PUBLISHED,
    "veröffentlicht": ItemStatus.PUBLISHED,
    "erledigt": ItemStatus.PUBLISHED,
    "publié": ItemStatus.PUBLISHED,
    "publiée": ItemStatus.PUBLISHED,
    # cancelled
    "canceled": ItemStatus.CANCELLED,
    "dropped": ItemStatus.CANCELLED,
    "abgesagt": ItemStatus.CANCELLED,
    "storniert": ItemStatus.CANCELLED,
    "annulé": ItemStatus.CANCELLED,
}
INITIATIVE_STATUS_SYNONYMS: dict[str, InitiativeStatus] = {
    "todo": InitiativeStatus.PLANNED,
    "notstarted": InitiativeStatus.PLANNED,
    "started": InitiativeStatus.IN_PROGRESS,
    "ongoing": InitiativeStatus.IN_PROGRESS,
    "complete": InitiativeStatus.DONE,
    "completed": InitiativeStatus.DONE,
    "paused": InitiativeStatus.ON_HOLD,
    "onhold": InitiativeStatus.ON_HOLD,
    "inprogress": InitiativeStatus.IN_PROGRESS,
}

NEGATION_WORDS = frozenset(
    ("not", "no", "never", "non", "nicht", "nie", "kein", "keine", "noch", "pas", "jamais", "sans")
)
NEGATION_PREFIXES = ("un", "non", "not", "in", "dis")
NEGATION_MARKS = "✗✘❌⛔🚫×☓"
_WORDS = re.compile(r"[^\W\d_]+")

# channel name as we create it -> the folded forms that mean it
CHANNEL_SYNONYMS: dict[str, tuple[str, ...]] = {
    "Instagram": ("instagram", "ig", "insta", "instagrambusiness"),
    "LinkedIn": ("linkedin", "li", "linkedincompany", "linkedinorganisation", "linkedinorg"),
    "Facebook": ("facebook", "fb", "meta"),
    "X": ("x", "twitter", "tw", "xtwitter", "twitterx", "xformerlytwitter"),
    "YouTube": ("youtube", "yt", "youtubeshorts"),
    "TikTok": ("tiktok", "tiktokbusiness"),
    "Pinterest": ("pinterest", "pin"),
    "Threads": ("threads",),
    "Google Business Profile": ("googlebusinessprofile", "googlemybusiness", "gmb", "gbp"),
}
CHANNEL_SUFFIXES = ("companypage", "businesspage", "page", "profile", "account", "business")
TRELLO_COLOURS = (
    "green",
    "yellow",
    "orange",
    "red",
    "purple",
    "blue",
    "sky",
    "lime",
    "pink",
    "black",
)
_COLOUR_SUFFIX = re.compile(
    r"\s*\((?:" + "|".join(TRELLO_COLOURS) + r")(?:_dark|_light)?\)\s*$", re.I
)
MULTI_SEPARATORS = re.compile(r"\s*(?:[,;|+]|\s&\s|\sand\s|\sund\s|\set\s)\s*", re.I)

RULE_VALUES = "--values"
RULE_SYNONYM = "synonym"
RULE_CASE = "written differently"
RULE_CLOSE = "close spelling"
RULE_COLOUR = "colour label removed"


@dataclass(frozen=True)
class MappedValue:
    """A value read by a rule rather than taken as written, with how many rows it is in."""

    field: str  # "status" or "channel" (or owner / campaign through --values)
    value: str  # as the file writes it
    target: str  # what it is read as
    rule: str
    rows: int

    def __str__(self) -> str:
        rows = f"{self.rows} {noun(self.rows, 'row')}"
        return f'{self.field} "{self.value}" → {self.target} ({self.rule}, {rows})'


@dataclass(frozen=True)
class Question:
    """Something the file does not settle: the values, and the choices the user has."""

    field: str
    values: tuple[str, ...]
    message: str
    hint: str  # the command-line option that answers it

    def __str__(self) -> str:
        return f"{self.message}; {self.hint}" if self.hint else self.message


def negates(text: str, known: list[str]) -> bool:
    """Whether ``text`` says "not …": a negation word or mark, or un-/non-/in- before a
    word spelled like one of ``known`` (folded values): "Unpublished", "Not scheduled"."""
    if any(mark in text for mark in NEGATION_MARKS):
        return True
    words = _WORDS.findall(text.casefold())
    if any(word in NEGATION_WORDS for word in words):
        return True
    for word in words:
        for prefix in NEGATION_PREFIXES:
            rest = word[len(prefix) :]
            if (
                word.startswith(prefix)
                and len(rest) >= 4
                and difflib.get_close_matches(rest, known, n=1, cutoff=0.8)
            ):
                return True
    return False


class Answers(dict[tuple[str, str], str]):
    """--values as parsed: {(field, folded value): target}, and each key as it was typed,
    so an answer no cell needed can be named as the user wrote it."""

    def __init__(self) -> None:
        super().__init__()
        self.written: dict[tuple[str, str], str] = {}


def parse_values(text: str) -> dict[tuple[str, str], str]:
    """``"Channel:IG=Instagram,Status:Live=published"`` → {(field, folded value): target}."""
    from streamdesk.excel.headers import field_for

    found = Answers()
    # a comma starts the next pair only before "Field:", so a value may hold commas
    # ("Channel:Instagram, Facebook=Instagram")
    for part in re.split(r",(?=\s*[^,=:]+:)", text):
        if not part.strip():
            continue
        left, sep, target = part.partition("=")
        field_name, colon, value = left.partition(":")
        if not sep or not colon or not value.strip() or not target.strip():
            raise ValueError(
                f"{part.strip()!r} is not Field:value=meaning "
                '(for example "Channel:IG=Instagram", "Channel:TikTok=new" or '
                '"Status:Live=published")'
            )
        try:
            field = field_for(field_name)
        except ValueError:
            field = None
        if field not in ("channel", "status", "owner", "campaign", "repeats"):
            raise ValueError(
                f"{field_name.strip()!r}: values can be mapped for Channel, Status, Owner, "
                "Campaign and Repeats"
            )
        found[(field, fold(value))] = target.strip()
        found.written[(field, fold(value))] = f"{field_name.strip()}:{value.strip()}"
    return found


def unused_answers(
    answers: dict[tuple[str, str], str], seen: set[tuple[str, str]]
) -> list[tuple[str, str]]:
    """The (field, folded value) answers no cell asked for: typos, most often."""
    return [key for key in answers if key not in seen]


class StatusMapper:
    """Exact statuses pass; others map by the user's values, synonyms or a close spelling
    (never to the status they negate), and each such value is counted for the listing."""

    def __init__(
        self,
        enum: type[StrEnum],
        synonyms: dict[str, Any],
        values: dict[tuple[str, str], str] | None = None,
    ) -> None:
        self.enum = enum
        self.by_fold = {fold(m.value): m for m in enum}
        self.ours = {m.value.casefold(): m for m in enum}  # "in progress", as we write it
        self.synonyms = synonyms
        self.values = {k: v for (f, k), v in (values or {}).items() if f == "status"}
        self.mapped: Counter[tuple[str, str, str]] = Counter()
        self.unknown: Counter[str] = Counter()
        self.negated: Counter[tuple[str, str]] = Counter()
        self._cache: dict[str, tuple[Any, str | None]] = {}

    def __call__(self, value: Any) -> Any:
        text = cell_text(value).strip()
        cached = self._cache.get(text)
        if cached is None:
            cached = self._cache[text] = self._resolve(text)
        found, rule = cached
        if rule is not None:
            self.mapped[(text, found.value, rule)] += 1
        return found

    def _resolve(self, text: str) -> tuple[Any, str | None]:
        """(the status, the rule that mapped it or None when written as ours); raises
        CellError for what no rule settles (those are counted, and never cached)."""
        key = fold(text)
        allowed = ", ".join(m.value for m in self.enum)
        if key in self.values:
            if fold(self.values[key]) in ("skip", "ignore"):
                raise SkipRow(f'status "{text}" skipped (--values)')
            wanted = self.by_fold.get(fold(self.values[key]))
            if wanted is None:
                raise CellError(
                    Worded(
                        Flag(Fix.VALUES, "--values", "the table of values"),
                        f" maps {quoted(text)} to {quoted(self.values[key])}, which is not a "
                        f"status (expected one of: {allowed})",
                    )
                )
            return wanted, RULE_VALUES
        if text.casefold() in self.ours:
            return self.ours[text.casefold()], None  # written as ours
        if key in self.synonyms:
            # the synonyms are vetted, "Not started" among them: they come before negation
            synonym = self.synonyms[key]
            if not any(mark in text for mark in NEGATION_MARKS):
                return synonym, RULE_SYNONYM
        known = [*self.by_fold, *self.synonyms]
        negated = negates(text, known)
        if key in self.by_fold and not negated:
            return self.by_fold[key], RULE_CASE
        found: Any = None if negated else self.synonyms.get(key)
        rule = RULE_SYNONYM
        if found is None and not negated:
            close = difflib.get_close_matches(key, list(self.by_fold), n=1, cutoff=0.75)
            found = self.by_fold[close[0]] if close else None
            rule = RULE_CLOSE
        if found is None:
            if negated:
                near = difflib.get_close_matches(key, known, n=1, cutoff=0.5)
                opposite = (
                    (self.by_fold.get(near[0]) or self.synonyms.get(near[0])) if near else None
                )
                self.negated[(text, opposite.value if opposite else "")] += 1
                said = (
                    f" is not read as {opposite.value}: it says the opposite"
                    if opposite
                    else (" says what it is not")
                )
                raise CellError(
                    Worded(
                        f"status {quoted(text)}{said}; say what it means ",
                        Flag(
                            Fix.VALUES,
                            f'(--values "Status:{text}=…", one of: {allowed})',
                            f"under “{READ_AS}” in the table of values above",
                        ),
                    )
                )
            self.unknown[text] += 1
            raise CellError(f"unknown status {quoted(text)} (expected one of: {allowed})")
        return found, rule

    def notes(self) -> list[str]:
        return [
            f'status "{text}" read as {value} ({n} {noun(n, "row")})'
            for (text, value, rule), n in sorted(self.mapped.items())
            if rule != RULE_CASE
        ]

    def listing(self) -> list[MappedValue]:
        return [
            MappedValue("status", text, value, rule, n)
            for (text, value, rule), n in sorted(self.mapped.items())
        ]

    def questions(self) -> list[Question]:
        values = [*self.unknown, *(text for text, _ in self.negated)]
        if not values:
            return []
        example = ",".join(f"Status:{v}=…" for v in values[:3])
        return [
            Question(
                "status",
                tuple(values),
                "statuses to decide: " + ", ".join(quoted(v) for v in values),
                f'map them with --values "{example}" ({", ".join(m.value for m in self.enum)})',
            )
        ]


def channel_key(name: str) -> tuple[str, str | None]:
    """The folded name without a Trello colour label, and the rule that removed it."""
    stripped = _COLOUR_SUFFIX.sub("", name)
    return fold(stripped), (RULE_COLOUR if stripped != name else None)


def channel_synonym(name: str) -> str | None:
    """The channel a common form means: IG → Instagram, "LinkedIn Company Page" → LinkedIn."""
    key, _ = channel_key(name)
    candidates = [key]
    for suffix in CHANNEL_SUFFIXES:
        if key.endswith(suffix) and len(key) > len(suffix):
            candidates.append(key[: -len(suffix)])
    for canonical, forms in CHANNEL_SYNONYMS.items():
        if any(c in forms for c in candidates):
            return canonical
    return None


def channel_forms(canonical: str) -> tuple[str, ...]:
    """Every folded form of a canonical channel (to find the plan's own spelling of it)."""
    return (fold(canonical), *CHANNEL_SYNONYMS.get(canonical, ()))


def split_multi(name: str) -> list[str]:
    """``"Instagram, Facebook"`` → the parts; one part when the cell names one thing."""
    if "/" in name and fold(name) in CHANNEL_SYNONYMS["X"]:
        return [name]
    parts = [p.strip() for p in MULTI_SEPARATORS.split(name) if p.strip()]
    return parts if len(parts) > 1 else [name]
