"""Every kind of record a plan file holds, as one type (what undo snapshots are made of).

Its own module: series and cadence build on the entities of ``model``, so the union of all
of them cannot live there without an import cycle.
"""

from __future__ import annotations

from typing import TypeAlias

from streamdesk.domain.cadence import Commitment
from streamdesk.domain.model import Campaign, Channel, Dependency, Initiative, Item
from streamdesk.domain.series import Series

Entity: TypeAlias = Channel | Initiative | Dependency | Campaign | Item | Series | Commitment
