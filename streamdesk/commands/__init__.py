"""Sub-commands of the ``streamdesk`` command line, one module each."""

from __future__ import annotations

import argparse
from datetime import date


def day_argument(text: str) -> date:
    """A ``YYYY-MM-DD`` option, read by argparse: a day that is not one (2027-02-30) is a
    usage error of the command that was given it, exit status 2."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None
