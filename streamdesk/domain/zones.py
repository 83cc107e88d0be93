"""The plan's time zone: an IANA name (Europe/Paris), checked against the zone database.

The default is the computer's own zone, found the way the system keeps it (``TZ``, then
``/etc/timezone``, then where ``/etc/localtime`` points); where none of that names a zone
(Windows without tzdata, a container), UTC, which is never wrong, only unlocalised.
"""

from __future__ import annotations

import contextlib
import os
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from streamdesk.domain.errors import ValidationError


def is_zone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True


def coerce_zone(value: object, field_name: str = "time zone") -> str:
    name = "" if value is None else str(value).strip()
    if not name or not is_zone(name):
        raise ValidationError(
            f"{field_name} {value!r} is not a time zone name such as Europe/Paris or "
            "America/New_York",
            field_name,
        )
    return name


@cache
def system_time_zone() -> str:
    """The computer's IANA zone name, or UTC when it cannot be told."""
    candidates: list[str] = []
    env = os.environ.get("TZ", "").lstrip(":")
    if env:
        candidates.append(env)
    with contextlib.suppress(OSError):
        candidates.append(Path("/etc/timezone").read_text(encoding="utf-8").strip())
    with contextlib.suppress(OSError):
        target = str(Path("/etc/localtime").resolve())
        if "zoneinfo/" in target:
            candidates.append(target.split("zoneinfo/", 1)[1])
    return next((name for name in candidates if name and is_zone(name)), "UTC")


@cache
def zone_names() -> list[str]:
    """Every zone name the database knows, sorted, for a picker."""
    return sorted(available_timezones())
