"""The plan's channels, campaigns and initiatives as an import names them, and new ones' ids.

A row names its channel, campaign and initiative by name (or an initiative by ID); this
finds them, or makes a new channel or campaign once per name. New records take their
ids from storage (:func:`repository.next_id`), one after the other, so the import plan
can link rows to them before anything is written.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from typing import Any

from streamdesk.domain import Campaign, Channel, Initiative, Stream
from streamdesk.excel.cells import CellError, SkipRow, cell_text, quoted
from streamdesk.excel.headers import fold
from streamdesk.excel.value_maps import (
    RULE_CASE,
    RULE_SYNONYM,
    RULE_VALUES,
    MappedValue,
    Question,
    channel_forms,
    channel_key,
    channel_synonym,
    split_multi,
)
from streamdesk.excel.wording import (
    FILE_CHANNEL_LABEL,
    READ_AS,
    SPLIT_MULTI_TEXT,
    Fix,
    Flag,
    Worded,
)
from streamdesk.storage import PlanFile, repository

NEW = "new"
"""``--values "Channel:TikTok=new"``: create the channel as the file writes it."""

_NUMBERS = re.compile(r"\d+")

NEW_CHANNEL_COLOURS = (
    "#1B9E77",
    "#D95F02",
    "#7570B3",
    "#E7298A",
    "#66A61E",
    "#E6AB02",
    "#A6761D",
    "#1F78B4",
    "#B2DF8A",
    "#FB9A99",
    "#CAB2D6",
    "#FDBF6F",
)


class References:
    """Lookups by name and id over what the plan has and what the import creates."""

    def __init__(
        self,
        pf: PlanFile,
        values: dict[tuple[str, str], str] | None = None,
        split_multi: bool = False,
        explicit: str | None = None,
    ) -> None:
        # the channel the user named for the whole file (--channel): made if the plan lacks it
        self.explicit = {explicit.strip().casefold()} if explicit and explicit.strip() else set()
        self.values = {k: v for (f, k), v in (values or {}).items() if f == "channel"}
        self.split_multi = split_multi
        self.mapped: Counter[tuple[str, str, str]] = Counter()
        self.multi: Counter[str] = Counter()
        self.near: Counter[tuple[str, str]] = Counter()
        self.unknown: Counter[str] = Counter()  # a foreign file's channels the plan lacks
        self.channels = repository.list_channels(pf)
        self.channel_by_name = {c.name.casefold(): c for c in self.channels}
        self.channel_by_id = {c.id: c for c in self.channels}
        self.new_channels: list[Channel] = []
        self.campaigns = repository.list_campaigns(pf)
        self.campaign_by_name: dict[str, Campaign] = {}
        for c in self.campaigns:
            self.campaign_by_name.setdefault(c.name.casefold(), c)
        self.new_campaigns: list[Campaign] = []
        # --values "Campaign:Sprng=new" (or =Sprng): made as written, though it looks like one
        self.campaign_values = {k: v for (f, k), v in (values or {}).items() if f == "campaign"}
        self.near_campaigns: Counter[tuple[str, str]] = Counter()
        self.campaign_names = {c.id: c.name for c in self.campaigns}
        self.initiatives = repository.list_initiatives(pf)
        self.initiative_by_id: dict[int | None, Initiative] = {i.id: i for i in self.initiatives}
        # initiatives as the import leaves them (new titles, new rows), for items that name them
        self.final_initiatives: dict[int | None, Initiative] = dict(self.initiative_by_id)
        self.next_id: dict[type, int] = {
            cls: repository.next_id(pf, cls) for cls in (Channel, Campaign, Initiative)
        }

    def allocate(self, cls: type) -> int:
        value = self.next_id[cls]
        self.next_id[cls] += 1
        return value

    def find_channel(self, name: str) -> Channel | None:
        return self.channel_by_name.get(name.casefold())

    def channel(self, value: Any) -> Channel:
        """The channel a cell names; a new name makes a new downstream channel."""
        name = cell_text(value).strip()
        if not name:
            raise CellError("the channel is empty")
        found = self.channel_by_name.get(name.casefold())
        if found is None:
            found = self._create(name)
        return found

    def _create(self, name: str) -> Channel:
        used = {c.colour for c in self.channels}
        colours = [c for c in NEW_CHANNEL_COLOURS if c not in used] or list(NEW_CHANNEL_COLOURS)
        found = Channel(
            name,
            colours[len(self.new_channels) % len(colours)],
            Stream.DOWNSTREAM,
            1.0,
            position=len(self.channels) + len(self.new_channels),
            id=self.allocate(Channel),
        )
        self.new_channels.append(found)
        self.channel_by_name[name.casefold()] = found
        return found

    def _by_rule(self, name: str) -> tuple[Channel | None, str | None, str | None]:
        """(channel, rule, canonical name) for a name that is not the plan's own spelling."""
        key, colour_rule = channel_key(name)
        by_fold = {fold(c.name): c for c in (*self.channels, *self.new_channels)}
        if key in by_fold:
            return by_fold[key], colour_rule or RULE_CASE, None
        canonical = channel_synonym(name)
        if canonical is None:
            return None, None, None
        rule = RULE_SYNONYM if colour_rule is None else f"{colour_rule}, {RULE_SYNONYM}"
        for form in channel_forms(canonical):
            if form in by_fold:
                return by_fold[form], rule, canonical
        return None, rule, canonical

    def resolve_channels(self, value: Any, *, foreign: bool) -> list[Channel]:
        """The channel(s) a cell names, mapped by rule where it is not written as ours.

        Raises CellError (and records a question) for what a rule cannot settle: a cell
        naming several channels without ``split_multi``, or in a foreign file a name close
        to one of the plan's channels but not one of the known forms of it.
        """
        name = cell_text(value).strip()
        if not name:
            raise CellError("the channel is empty")
        key = fold(name)
        if key in self.values:
            target = self.values[key]
            if fold(target) in ("skip", "ignore"):
                raise SkipRow(f'channel "{name}" skipped (--values)')
            if fold(target) == NEW:  # the explicit answer: a new channel, named as a rule
                _, rule, canonical = self._by_rule(name)
                target = (
                    canonical or name
                )  # named as a rule knows it (IG: Instagram), or as written
                found = self.channel_by_name.get(target.casefold()) or self._create(target)
                if found.name != name:  # listed as "new channel: …" in the dry run
                    self._record(name, found.name, rule or RULE_VALUES)
                return [found]
            existing = self.channel_by_name.get(target.casefold())
            if existing is None:
                self._refuse_misspelt(name, target)
            mapped = existing or self._create(target)
            self._record(name, mapped.name, RULE_VALUES)
            return [mapped]
        exact = self.channel_by_name.get(name.casefold())
        if exact is not None:
            return [exact]
        if not foreign:
            return [self.channel(name)]
        parts = split_multi(name)
        if len(parts) > 1:
            resolved = [self._single(p, quiet=True) for p in parts]
            if all(r is not None for r in resolved):
                channels = [r for r in resolved if r is not None]
                if not self.split_multi:
                    self.multi[name] += 1
                    raise CellError(
                        Worded(
                            f'"{name}" names {len(channels)} channels; import one item per '
                            "channel ",
                            Flag(
                                Fix.SPLIT_MULTI, "(--split-multi)", f"(tick “{SPLIT_MULTI_TEXT}”)"
                            ),
                            " or pick one ",
                            Flag(
                                Fix.VALUES,
                                f'(--values "Channel:{name}={channels[0].name}")',
                                f"under “{READ_AS}” in the table of values",
                            ),
                        )
                    )
                for part, channel in zip(parts, channels, strict=True):
                    if channel.name != part:
                        self._record(part, channel.name, RULE_SYNONYM)
                self._record(name, " + ".join(c.name for c in channels), "--split-multi")
                return channels
        single = self._single(name, quiet=False)
        assert single is not None
        return [single]

    def _single(self, name: str, *, quiet: bool) -> Channel | None:
        exact = self.channel_by_name.get(name.casefold())
        if exact is not None:
            return exact
        found, rule, canonical = self._by_rule(name)
        if found is not None:
            if not quiet:
                self._record(name, found.name, rule or RULE_SYNONYM)
            return found
        if quiet:
            return None
        if name.casefold() in self.explicit:  # named by the user (--channel), not by the file
            if canonical is None:
                self._refuse_misspelt_file_channel(name)
            made = self._create(canonical or name)
            if made.name != name:
                self._record(name, made.name, rule or RULE_SYNONYM)
            return made
        if canonical is not None:  # a platform the plan does not have (TikTok): ask
            self.unknown[name] += 1
            called = "" if canonical == name else f" ({canonical})"
            raise CellError(
                Worded(
                    f'channel "{name}"{called} is not one of the plan\'s channels; create '
                    f"{canonical}",
                    *_new_map_or_skip(name),
                )
            )
        near = self._near(name)
        if near is not None:
            self.near[(name, near.name)] += 1
            raise CellError(
                Worded(
                    f'channel "{name}" is not one of the plan\'s channels but looks like '
                    f"{near.name}; map it",
                    Flag(Fix.VALUES, f' (--values "Channel:{name}={near.name}")'),
                    " or name it as a new channel",
                    Flag(Fix.VALUES, f' (--values "Channel:{name}={name}")'),
                )
            )
        # a channel the plan does not have is never made without being asked for
        self.unknown[name] += 1
        raise CellError(
            Worded(
                f'channel "{name}" is not one of the plan\'s channels; create it',
                *_new_map_or_skip(name),
            )
        )

    def _refuse_misspelt(self, name: str, target: str) -> None:
        """A --values answer naming a channel one letter off the plan's (IG=Instagam) is a
        typo, not a new channel; naming the value itself (Instagrm=Instagrm) is a choice."""
        near = None if fold(target) == fold(name) else self._close_spelling(target)
        if near is None:
            return
        raise CellError(
            Worded(
                f'channel "{name}" is mapped to "{target}", which is not one of the plan\'s '
                f"channels but looks like {near.name}; map it",
                Flag(Fix.VALUES, f' (--values "Channel:{name}={near.name}")'),
                " or create the channel as the file writes it",
                Flag(Fix.VALUES, f' ("Channel:{name}=new")'),
            )
        )

    def _close_spelling(self, name: str) -> Channel | None:
        spellings = {fold(c.name): c for c in self.channels}
        close = difflib.get_close_matches(fold(name), list(spellings), n=1, cutoff=0.8)
        return spellings[close[0]] if close else None

    def _refuse_misspelt_file_channel(self, name: str) -> None:
        """--channel Linkedn is LinkedIn mistyped: never a second LinkedIn beside it."""
        near = self._close_spelling(name)
        if near is None:
            return
        raise CellError(
            Worded(
                f'the channel for the whole file, "{name}", is not one of the plan\'s channels '
                f"but looks like {near.name}; ",
                Flag(
                    Fix.CHANNEL,
                    f"give --channel {near.name}",
                    f"pick {near.name} under “{FILE_CHANNEL_LABEL}” above",
                ),
            )
        )

    def _near(self, name: str) -> Channel | None:
        key = fold(name)
        for channel in self.channels:
            other = fold(channel.name)
            if len(other) >= 4 and len(key) >= 4 and (other in key or key in other):
                return channel
        names = {fold(c.name): c for c in self.channels}
        close = difflib.get_close_matches(key, list(names), n=1, cutoff=0.8)
        return names[close[0]] if close else None

    def _record(self, value: str, target: str, rule: str) -> None:
        self.mapped[(value, target, rule)] += 1

    def listing(self) -> list[MappedValue]:
        return [
            MappedValue("channel", value, target, rule, n)
            for (value, target, rule), n in sorted(self.mapped.items())
        ]

    def questions(self) -> list[Question]:
        found: list[Question] = []
        if self.multi:
            names = list(self.multi)
            found.append(
                Question(
                    "channel",
                    tuple(names),
                    "cells naming several channels: " + ", ".join(quoted(n) for n in names),
                    "import one item per channel with --split-multi, or pick one with "
                    f'--values "Channel:{names[0]}=…"',
                )
            )
        if self.near:
            names = [n for n, _ in self.near]
            example = ",".join(f"Channel:{n}={t}" for n, t in list(self.near)[:3])
            found.append(
                Question(
                    "channel",
                    tuple(names),
                    "channels to decide: " + ", ".join(quoted(n) for n in names),
                    f'map them with --values "{example}"',
                )
            )
        if self.near_campaigns:
            names = [n for n, _ in self.near_campaigns]
            example = ",".join(f"Campaign:{n}={t}" for n, t in list(self.near_campaigns)[:3])
            found.append(
                Question(
                    "campaign",
                    tuple(names),
                    "campaigns to decide: " + ", ".join(quoted(n) for n in names),
                    f'map them with --values "{example}", or create them as written with '
                    f'"Campaign:{names[0]}=new"',
                )
            )
        if self.unknown:
            names = list(self.unknown)
            example = ",".join(f"Channel:{n}=new" for n in names[:3])
            found.append(
                Question(
                    "channel",
                    tuple(names),
                    "channels the plan does not have: " + ", ".join(quoted(n) for n in names),
                    f'create them with --values "{example}", or map each to one of the plan\'s '
                    "channels or to skip",
                )
            )
        return found

    def campaign(self, value: Any, current: int | None = None) -> int | None:
        """A campaign by name (the item's own when names repeat); a new name creates one."""
        name = cell_text(value).strip()
        if not name:
            return None
        if (
            current is not None
            and self.campaign_names.get(current, "").casefold() == name.casefold()
        ):
            return current
        found = self.campaign_by_name.get(name.casefold())
        if found is None:
            self._refuse_near_campaign(name)
            found = Campaign(name, id=self.allocate(Campaign))
            self.new_campaigns.append(found)
            self.campaign_by_name[name.casefold()] = found
        return found.id

    def _refuse_near_campaign(self, name: str) -> None:
        """A name one slip off the plan's campaign (Sprng for Spring) is asked about, unless
        the user said to make it (``=new`` or the name itself)."""
        answer = self.campaign_values.get(fold(name))
        if answer is not None and fold(answer) in (NEW, fold(name)):
            return
        near = self._near_campaign(name)
        if near is None:
            return
        self.near_campaigns[(name, near.name)] += 1
        raise CellError(
            Worded(
                f'campaign "{name}" is not one of the plan\'s campaigns but looks like '
                f"{near.name}; map it",
                Flag(Fix.VALUES, f' (--values "Campaign:{name}={near.name}")'),
                ", create it as written",
                Flag(Fix.VALUES, f' ("Campaign:{name}=new")'),
                " or skip its rows",
                Flag(Fix.VALUES, f' ("Campaign:{name}=skip")'),
            )
        )

    def _near_campaign(self, name: str) -> Campaign | None:
        """The plan's campaign this name looks like a slip of: the same letters but for
        case, spacing, punctuation or a letter or two. Numbers must be the same: Q1 launch
        and Q2 launch, or Sale 2026 and Sale 2027, are different campaigns."""
        numbers = _NUMBERS.findall(name)
        spellings = {
            fold(c.name): c
            for c in self.campaigns
            if fold(c.name) and _NUMBERS.findall(c.name) == numbers
        }
        key = fold(name)
        if key in spellings:
            return spellings[key]
        close = difflib.get_close_matches(key, list(spellings), n=1, cutoff=0.8)
        return spellings[close[0]] if close else None

    def initiative(self, value: Any, current: int | None) -> int | None:
        """An initiative by title (its new title or the one it had) or by ID."""
        text = cell_text(value).strip()
        if not text:
            return None
        live = self.final_initiatives
        old = self.initiative_by_id
        key = text.casefold()
        if current in live and key in (
            live[current].title.casefold(),
            old[current].title.casefold(),
        ):
            return current
        stripped = text.lstrip("#")
        if stripped.isdigit() and int(stripped) in live:
            return int(stripped)
        matches = [i.id for i in live.values() if i.title.casefold() == key]
        if not matches:
            matches = [i for i in live if i in old and old[i].title.casefold() == key]
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            raise CellError(
                f"{len(matches)} initiatives are titled {quoted(text)}; write the ID instead"
            )
        if any(i.title.casefold() == key for i in self.initiatives):
            raise CellError(f"initiative {quoted(text)} is removed from the Timeline sheet")
        raise CellError(f"unknown initiative {quoted(text)}")

    # -- names for the preview ---------------------------------------------------------------

    def channel_name(self, channel_id: Any) -> str:
        found = next((c for c in (*self.channels, *self.new_channels) if c.id == channel_id), None)
        return found.name if found else ""

    def campaign_name(self, campaign_id: Any) -> str:
        found = next(
            (c for c in (*self.campaigns, *self.new_campaigns) if c.id == campaign_id), None
        )
        return found.name if found else ""

    def initiative_title(self, initiative_id: Any) -> str:
        found = self.final_initiatives.get(initiative_id)
        return found.title if found else ""


def _new_map_or_skip(name: str) -> tuple[str | Flag, ...]:
    """ ", map it to one of them or skip its rows", with the command line's --values for each."""
    return (
        Flag(Fix.VALUES, f' (--values "Channel:{name}=new")'),
        ", map it to one of them",
        Flag(Fix.VALUES, f' ("Channel:{name}=NAME")'),
        " or skip its rows",
        Flag(Fix.VALUES, f' ("Channel:{name}=skip")'),
    )
