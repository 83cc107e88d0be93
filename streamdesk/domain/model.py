"""The plan's entities as plain, immutable dataclasses.

Immutability lets undo commands keep exact before/after snapshots, and
validation in ``__post_init__`` means an invalid entity cannot exist.
"""

from __future__ import annotations

import dataclasses
import datetime
import re
from dataclasses import dataclass, field
from datetime import date, time
from enum import StrEnum
from typing import TYPE_CHECKING, Any, ClassVar, Self, TypeVar, cast

from streamdesk.domain.errors import ValidationError
from streamdesk.domain.zones import coerce_zone, system_time_zone


class Stream(StrEnum):
    UPSTREAM = "upstream"
    DOWNSTREAM = "downstream"


class InitiativeStatus(StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in progress"
    DONE = "done"
    ON_HOLD = "on hold"


class ItemStatus(StrEnum):
    IDEA = "idea"
    DRAFT = "draft"
    READY = "ready"
    SCHEDULED = "scheduled"
    PUBLISHED = "published"
    CANCELLED = "cancelled"


class BalanceMeasure(StrEnum):
    """What the upstream share is computed from."""

    HOURS = "hours"
    BUDGET = "budget"
    COUNT = "count"


E = TypeVar("E", bound=StrEnum)

_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
MAX_DURATION_MINUTES = 24 * 60
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def coerce_enum(enum: type[E], value: Any, field_name: str) -> E:
    if isinstance(value, enum):
        return value
    text = str(value).strip().lower().replace("_", " ")
    for member in enum:
        if member.value == text:
            return member
    allowed = ", ".join(m.value for m in enum)
    raise ValidationError(
        f"unknown {field_name} {value!r} (expected one of: {allowed})", field_name
    )


def coerce_date(value: Any, field_name: str) -> date:
    if isinstance(value, date):
        # datetime is a date too; keep only the day
        return date(value.year, value.month, value.day)
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip()[:10])
        except ValueError:
            pass
    raise ValidationError(f"{field_name} {value!r} is not a date (YYYY-MM-DD)", field_name)


def coerce_optional_date(value: Any, field_name: str) -> date | None:
    if value is None or value == "":
        return None
    return coerce_date(value, field_name)


def coerce_time(value: Any, field_name: str) -> time | None:
    if value is None or value == "":
        return None
    if isinstance(value, time):
        return value.replace(second=0, microsecond=0, tzinfo=None)
    if isinstance(value, str):
        try:
            return time.fromisoformat(value.strip()).replace(second=0, microsecond=0)
        except ValueError:
            pass
    raise ValidationError(f"{field_name} {value!r} is not a time (HH:MM)", field_name)


def non_negative(value: Any, field_name: str, *, integer: bool = False) -> Any:
    try:
        number = int(value) if integer else float(value)
    except (TypeError, ValueError):
        raise ValidationError(f"{field_name} {value!r} is not a number", field_name) from None
    if integer and float(value) != number:
        raise ValidationError(f"{field_name} {value!r} is not a whole number", field_name)
    if number < 0:
        raise ValidationError(f"{field_name} cannot be negative (got {value})", field_name)
    return number


def optional_non_negative(value: Any, field_name: str, *, integer: bool = False) -> Any:
    if value is None or value == "":
        return None
    return non_negative(value, field_name, integer=integer)


def optional_id(value: Any, field_name: str) -> int | None:
    if value is None or value == "":
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ValidationError(f"{field_name} {value!r} is not an id", field_name) from None


def text(value: Any) -> str:
    return "" if value is None else str(value)


def required_text(value: Any, field_name: str) -> str:
    result = text(value).strip()
    if not result:
        raise ValidationError(f"{field_name} cannot be empty", field_name)
    return result


class _Entity:
    """Shared behaviour: ``replace`` returns a validated copy."""

    if TYPE_CHECKING:  # every entity is a dataclass, which is what dataclasses.replace takes
        __dataclass_fields__: ClassVar[dict[str, dataclasses.Field[Any]]]

    def replace(self, **changes: Any) -> Self:
        return dataclasses.replace(self, **changes)

    @classmethod
    def trusted(cls, **values: Any) -> Self:
        """Build from values already in their final types, skipping validation.

        Only for data that was validated on its way in (rows the plan file holds):
        reading 20,000 items this way costs a fraction of validating them again.
        """
        obj = object.__new__(cls)
        for name, value in values.items():
            object.__setattr__(obj, name, value)
        fields = dataclasses.fields(cast(Any, cls))
        if len(values) < len(fields):  # a field added later keeps its default
            for f in fields:
                if f.name not in values:
                    default = (
                        f.default_factory()
                        if f.default is dataclasses.MISSING
                        and f.default_factory is not dataclasses.MISSING
                        else f.default
                    )
                    if default is not dataclasses.MISSING:
                        object.__setattr__(obj, f.name, default)
        return obj

    def _set(self, name: str, value: Any) -> None:
        object.__setattr__(self, name, value)


@dataclass(frozen=True, slots=True)
class Plan(_Entity):
    name: str = "My plan"
    client: str = ""
    currency: str = "EUR"
    start: date = field(default_factory=date.today)
    band_low: float = 0.2
    band_high: float = 0.4
    week_start: int = 0  # 0 = Monday … 6 = Sunday, as date.weekday()
    measure: BalanceMeasure = BalanceMeasure.HOURS
    time_zone: str = field(default_factory=system_time_zone)  # IANA, for timed .ics events

    def __post_init__(self) -> None:
        self._set("name", required_text(self.name, "plan name"))
        self._set("client", text(self.client).strip())
        self._set("currency", required_text(self.currency, "currency").upper())
        self._set("start", coerce_date(self.start, "plan start"))
        low = non_negative(self.band_low, "target band low")
        high = non_negative(self.band_high, "target band high")
        if low > 1 or high > 1:
            raise ValidationError("the target band is a share between 0 and 1", "band")
        if low > high:
            raise ValidationError(
                f"the target band's low end ({low:.0%}) is above its high end ({high:.0%})", "band"
            )
        self._set("band_low", low)
        self._set("band_high", high)
        try:
            week_start = int(self.week_start)
        except (TypeError, ValueError):
            week_start = -1
        if not 0 <= week_start <= 6:
            raise ValidationError(
                f"week start {self.week_start!r} is not a weekday (0 = Monday … 6 = Sunday)",
                "week_start",
            )
        self._set("week_start", week_start)
        self._set("measure", coerce_enum(BalanceMeasure, self.measure, "balance measure"))
        self._set("time_zone", coerce_zone(self.time_zone))


@dataclass(frozen=True, slots=True)
class Channel(_Entity):
    name: str
    colour: str
    stream: Stream
    default_effort_hours: float = 1.0
    position: int = 0
    id: int | None = None

    def __post_init__(self) -> None:
        self._set("name", required_text(self.name, "channel name"))
        colour: object = self.colour  # from a file or a form, it may be anything
        if not isinstance(colour, str) or not _COLOUR.match(colour):
            raise ValidationError(f"channel colour {colour!r} is not a #RRGGBB colour", "colour")
        self._set("colour", colour.upper())
        self._set("stream", coerce_enum(Stream, self.stream, "stream"))
        self._set(
            "default_effort_hours", non_negative(self.default_effort_hours, "default effort hours")
        )
        self._set("position", int(self.position or 0))
        self._set("id", optional_id(self.id, "channel id"))


@dataclass(frozen=True, slots=True)
class Initiative(_Entity):
    """Upstream work on the timeline; a milestone is one with start == end."""

    title: str
    kind: str
    start: date
    end: date
    lane: str = ""
    owner: str = ""
    status: InitiativeStatus = InitiativeStatus.PLANNED
    progress: int = 0
    effort_hours: float = 0.0
    budget: float = 0.0
    segment: str = ""
    notes: str = ""
    gate: bool = False
    id: int | None = None

    def __post_init__(self) -> None:
        self._set("title", required_text(self.title, "initiative title"))
        self._set("kind", required_text(self.kind, "initiative kind"))
        start = coerce_date(self.start, "start")
        end = coerce_date(self.end, "end")
        if end < start:
            raise ValidationError(
                f"{self.title!r} ends ({end.isoformat()}) before it starts ({start.isoformat()})",
                "end",
            )
        self._set("start", start)
        self._set("end", end)
        self._set("lane", text(self.lane).strip() or self.kind)
        self._set("owner", text(self.owner).strip())
        self._set("status", coerce_enum(InitiativeStatus, self.status, "status"))
        progress = non_negative(self.progress, "progress", integer=True)
        if progress > 100:
            raise ValidationError(f"progress is a percentage (got {progress})", "progress")
        self._set("progress", progress)
        self._set("effort_hours", non_negative(self.effort_hours, "effort hours"))
        self._set("budget", non_negative(self.budget, "budget"))
        self._set("segment", text(self.segment).strip())
        self._set("notes", text(self.notes))
        self._set("gate", bool(self.gate))
        self._set("id", optional_id(self.id, "initiative id"))

    @property
    def is_milestone(self) -> bool:
        return self.start == self.end

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


@dataclass(frozen=True, slots=True)
class Dependency(_Entity):
    """Finish-to-start: the successor should not start before the predecessor ends."""

    predecessor_id: int
    successor_id: int

    def __post_init__(self) -> None:
        pred = optional_id(self.predecessor_id, "predecessor")
        succ = optional_id(self.successor_id, "successor")
        if pred is None or succ is None:
            raise ValidationError("a dependency needs two initiatives", "dependency")
        if pred == succ:
            raise ValidationError("an initiative cannot depend on itself", "dependency")
        self._set("predecessor_id", pred)
        self._set("successor_id", succ)

    @property
    def id(self) -> tuple[int, int]:
        return (self.predecessor_id, self.successor_id)


@dataclass(frozen=True, slots=True)
class Campaign(_Entity):
    name: str
    start: date | None = None
    end: date | None = None
    goal_metric: str = ""
    goal_target: float | None = None
    initiative_id: int | None = None
    id: int | None = None

    def __post_init__(self) -> None:
        self._set("name", required_text(self.name, "campaign name"))
        start = coerce_optional_date(self.start, "campaign start")
        end = coerce_optional_date(self.end, "campaign end")
        if start and end and end < start:
            raise ValidationError(f"campaign {self.name!r} ends before it starts", "end")
        self._set("start", start)
        self._set("end", end)
        self._set("goal_metric", text(self.goal_metric).strip())
        self._set("goal_target", optional_non_negative(self.goal_target, "goal target"))
        self._set("initiative_id", optional_id(self.initiative_id, "initiative"))
        self._set("id", optional_id(self.id, "campaign id"))


@dataclass(frozen=True, slots=True)
class Item(_Entity):
    """A piece of downstream work on the content calendar."""

    title: str
    date: date
    channel_id: int
    time: time | None = None
    format: str = ""
    status: ItemStatus = ItemStatus.IDEA
    owner: str = ""
    campaign_id: int | None = None
    initiative_id: int | None = None
    effort_hours: float = 0.0
    cost: float = 0.0
    notes: str = ""
    link: str = ""
    reach: int | None = None
    clicks: int | None = None
    conversions: int | None = None
    actual_cost: float | None = None
    id: int | None = None
    duration_minutes: int | None = None  # of a timed item; calendars get 30 when not set
    series_id: int | None = None  # an occurrence of this series
    detached: bool = False  # an occurrence edited or moved on its own: series edits skip it
    planned_on: datetime.date | None = None  # the day it was first planned for: its date when made

    def __post_init__(self) -> None:
        self._set("title", required_text(self.title, "title"))
        self._set("date", coerce_date(self.date, "date"))
        check_item_fields(self, "item")
        for name in ("reach", "clicks", "conversions"):
            self._set(name, optional_non_negative(getattr(self, name), name, integer=True))
        self._set("actual_cost", optional_non_negative(self.actual_cost, "actual cost"))
        self._set("id", optional_id(self.id, "item id"))
        duration = optional_non_negative(self.duration_minutes, "duration", integer=True)
        if duration is not None and not 1 <= duration <= MAX_DURATION_MINUTES:
            raise ValidationError(
                f"duration {duration} minutes is not between 1 minute and 24 hours", "duration"
            )
        self._set("duration_minutes", duration)
        self._set("series_id", optional_id(self.series_id, "series"))
        self._set("detached", bool(self.detached))
        # made without one: planned for its own day; a changed date keeps it (replace passes it on)
        baseline = coerce_optional_date(self.planned_on, "originally planned for")
        self._set("planned_on", self.date if baseline is None else baseline)

    @property
    def counts_in_balance(self) -> bool:
        return self.status is not ItemStatus.CANCELLED

    @property
    def baseline(self) -> datetime.date:
        """The day the item was first planned for (items read from a file older than the
        baseline, or built without validation, count as planned for their own day)."""
        return self.date if self.planned_on is None else self.planned_on

    @property
    def moved(self) -> bool:
        """Planned for one day, now on another: what the client report lists as moved."""
        return self.baseline != self.date

    def copied(self, **changes: Any) -> Item:
        """A new item made from this one (Duplicate, Copy and Paste, a Ctrl-drag): its copy,
        links and effort, but planned for its own day, in no series, and not yet run. A copy
        of a published post is the next post, not a second report of the first: it keeps no
        reach, clicks, conversions, actual cost or published link (a client report would
        count them twice) and starts as a draft."""
        ran = self.status in (ItemStatus.PUBLISHED, ItemStatus.CANCELLED)
        fresh: dict[str, Any] = {
            "id": None,
            "series_id": None,
            "detached": False,
            "planned_on": None,
            "status": ItemStatus.DRAFT if ran else self.status,
            "link": "" if ran else self.link,
            "reach": None,
            "clicks": None,
            "conversions": None,
            "actual_cost": None,
        }
        return self.replace(**(fresh | changes))


def check_item_fields(entity: Any, noun: str) -> None:
    """The fields an item shares with the series that makes it (channel to link), checked
    and normalised in one place: an occurrence is only ever what its series could be."""
    channel_id = optional_id(entity.channel_id, "channel")
    if channel_id is None:
        raise ValidationError(f"{noun} {entity.title!r} has no channel", "channel")
    entity._set("channel_id", channel_id)
    entity._set("time", coerce_time(entity.time, "time"))
    entity._set("format", text(entity.format).strip())
    entity._set("status", coerce_enum(ItemStatus, entity.status, "status"))
    entity._set("owner", text(entity.owner).strip())
    entity._set("campaign_id", optional_id(entity.campaign_id, "campaign"))
    entity._set("initiative_id", optional_id(entity.initiative_id, "initiative"))
    entity._set("effort_hours", non_negative(entity.effort_hours, "effort hours"))
    entity._set("cost", non_negative(entity.cost, "cost"))
    entity._set("notes", text(entity.notes))
    entity._set("link", text(entity.link).strip())
