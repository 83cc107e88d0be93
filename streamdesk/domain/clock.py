"""Today's date and the time, from one place that tests can set.

Views that show "today" (the timeline's today line) ask this module rather than
``date.today()``, so that a test can put the app on any day, or past a midnight, by
replacing ``now``::

    monkeypatch.setattr(clock, "now", lambda: datetime(2027, 3, 1, 23, 59, 59))

Everything here reads ``now`` when called, so a replacement takes effect at once.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta


def system_now() -> datetime:
    """The local wall-clock time (what ``now`` is unless a test replaced it)."""
    return datetime.now()


now: Callable[[], datetime] = system_now
"""The source of the current local time; tests replace it (module attribute, no Qt)."""


def today() -> date:
    return now().date()


def until_midnight() -> timedelta:
    """How long until the next day starts, by ``now``."""
    current = now()
    midnight = datetime.combine(current.date() + timedelta(days=1), datetime.min.time())
    return midnight - current
