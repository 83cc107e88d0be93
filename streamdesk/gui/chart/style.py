"""The chart's colours, taken from the Qt palette so it reads in light and dark themes."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QPalette


@dataclass(frozen=True)
class ChartColours:
    background: str
    text: str
    muted: str
    grid: str
    upstream: str
    downstream: str
    band: str
    outside: str
    chosen: str
    dark: bool


def _hex(colour: QColor) -> str:
    return colour.name(QColor.NameFormat.HexRgb)


def _mix(a: QColor, b: QColor, t: float) -> QColor:
    """``t`` of the way from a to b."""
    return QColor.fromRgbF(
        a.redF() + (b.redF() - a.redF()) * t,
        a.greenF() + (b.greenF() - a.greenF()) * t,
        a.blueF() + (b.blueF() - a.blueF()) * t,
    )


def chart_colours(palette: QPalette) -> ChartColours:
    """Text, background and grid follow the palette; the series keep their hue (blue for
    upstream, orange for downstream, a colour-blind-safe pair) but are lighter on dark."""
    role = QPalette.ColorRole
    background = palette.color(role.Window)
    text = palette.color(role.WindowText)
    dark = background.lightnessF() < 0.5
    return ChartColours(
        background=_hex(background),
        text=_hex(text),
        muted=_hex(_mix(background, text, 0.6)),
        grid=_hex(_mix(background, text, 0.15)),
        upstream="#7AA6E8" if dark else "#3B6FB6",
        downstream="#F2A65A" if dark else "#E07B28",
        band="#5FBF7A" if dark else "#3C9A5A",
        outside="#FF7B7B" if dark else "#C62828",
        chosen=_hex(palette.color(role.Highlight)),
        dark=dark,
    )
