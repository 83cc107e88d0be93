"""The channels a new plan starts with, for both streams.

Colours are chosen to stay distinguishable from each other and readable
under black text (chips and Excel cells draw dark text on them).
"""

import re
from collections.abc import Iterable

from streamdesk.domain.model import Channel, Stream

UPSTREAM_CHANNELS: tuple[tuple[str, str, float], ...] = (
    ("Research", "#8DA0CB", 16.0),
    ("Segmentation", "#A6D854", 12.0),
    ("Positioning", "#E78AC3", 12.0),
    ("Product", "#FFD92F", 24.0),
    ("Pricing", "#E5C494", 8.0),
    ("Channel strategy", "#66C2A5", 8.0),
    ("Innovation", "#FC8D62", 16.0),
)

DOWNSTREAM_CHANNELS: tuple[tuple[str, str, float], ...] = (
    ("Blog/SEO", "#4E9A06", 4.0),
    ("LinkedIn", "#3465A4", 1.0),
    ("Instagram", "#C1467F", 1.0),
    ("Facebook", "#5B7BD5", 1.0),
    ("Email", "#F57900", 2.0),
    ("PPC", "#CC0000", 2.0),
    ("Paid social", "#75507B", 2.0),
    ("PR", "#8F5902", 3.0),
    ("Events/webinars", "#06989A", 6.0),
    ("Promotions", "#EDD400", 2.0),
    ("Sales enablement", "#555753", 3.0),
)


def default_channels() -> list[Channel]:
    channels = [
        Channel(name, colour, Stream.UPSTREAM, hours, position)
        for position, (name, colour, hours) in enumerate(UPSTREAM_CHANNELS)
    ]
    offset = len(channels)
    channels += [
        Channel(name, colour, Stream.DOWNSTREAM, hours, offset + position)
        for position, (name, colour, hours) in enumerate(DOWNSTREAM_CHANNELS)
    ]
    return channels


UPSTREAM_KINDS: tuple[str, ...] = tuple(name for name, _, _ in UPSTREAM_CHANNELS)
"""Initiative kinds are the upstream channels: the kind gives a bar its colour and lane."""


def relative_luminance(colour: str) -> float:
    """WCAG relative luminance of a #RRGGBB colour."""
    r, g, b = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))

    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)


def contrast_ratio(a: str, b: str) -> float:
    """WCAG contrast ratio of two #RRGGBB colours, from 1 (none) to 21."""
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def readable_text_colour(background: str) -> str:
    """Black or white, whichever contrasts more with a #RRGGBB background (WCAG luminance)."""
    black, white = contrast_ratio(background, "#000000"), contrast_ratio(background, "#FFFFFF")
    return "#000000" if black >= white else "#FFFFFF"


def channel_codes(channels: Iterable[Channel]) -> dict[int, str]:
    """Short channel codes ("Li", "Fa", "BS"), unique in the plan, so that a chip names its
    channel where colour is lost (black-and-white print); the workbook and the PDF report
    use the same codes, so a client reads one legend."""
    codes: dict[int, str] = {}
    taken: set[str] = set()
    for channel in sorted(channels, key=lambda c: (c.position, c.id or 0)):
        words = [w for w in re.split(r"[\s/&+\-]+", channel.name) if w]
        if len(words) > 1:
            candidates = ["".join(w[0].upper() for w in words[:3])]
        elif channel.name.isupper():
            candidates = [channel.name[:3]]
        else:
            candidates = [channel.name[:2].title()]
        candidates += [channel.name[:3].title(), channel.name[:4].title()]
        code = next((c for c in candidates if c not in taken), None)
        n = 2
        while code is None or code in taken:
            code = f"{candidates[0]}{n}"
            n += 1
        taken.add(code)
        if channel.id is not None:
            codes[channel.id] = code
    return codes
