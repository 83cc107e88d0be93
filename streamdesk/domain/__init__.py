"""The plan's concepts and rules: plain Python, no Qt, no SQL."""

from streamdesk.domain.balance import Period, PeriodBalance, compute_balance, overall_share
from streamdesk.domain.channels import UPSTREAM_KINDS, default_channels, readable_text_colour
from streamdesk.domain.entities import Entity
from streamdesk.domain.errors import ValidationError
from streamdesk.domain.model import (
    WEEKDAYS,
    BalanceMeasure,
    Campaign,
    Channel,
    Dependency,
    Initiative,
    InitiativeStatus,
    Item,
    ItemStatus,
    Plan,
    Stream,
)

__all__ = [
    "UPSTREAM_KINDS",
    "WEEKDAYS",
    "BalanceMeasure",
    "Campaign",
    "Channel",
    "Dependency",
    "Entity",
    "Initiative",
    "InitiativeStatus",
    "Item",
    "ItemStatus",
    "Period",
    "PeriodBalance",
    "Plan",
    "Stream",
    "ValidationError",
    "compute_balance",
    "default_channels",
    "overall_share",
    "readable_text_colour",
]
