"""Drawing on paper in points: fonts with a floor, paper size from the locale, text helpers.

Renderers lay out in points (1/72 in) whatever the device: a ``Canvas`` converts to the
device's units (1200 dpi for ``QPdfWriter``, the printer's resolution for ``QPrinter``),
so one renderer serves the PDF report, the print preview and the printer. Fonts are set
in points, never scaled by a transform, so the size written in the PDF is the size read
on paper; ``font`` refuses anything under ``MIN_FONT_PT``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QLocale, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QFontMetricsF,
    QPagedPaintDevice,
    QPageSize,
    QPainter,
    QPen,
)

MIN_FONT_PT = 8.0
"""Nothing on paper is smaller: the client reads it at 100 %."""


@dataclass(frozen=True)
class Sizes:
    """Every type size the report uses, in points."""

    title: float = 24.0
    heading: float = 15.0
    subheading: float = 11.5
    body: float = 9.5
    small: float = 8.0

    def all(self) -> tuple[float, ...]:
        return (self.title, self.heading, self.subheading, self.body, self.small)


SIZES = Sizes()

INK = QColor("#1E1E1E")
MUTED = QColor("#5A5A5A")
RULE = QColor("#B4B4B4")
SHADE = QColor("#EDEDED")
BAND = QColor("#3C9A5A")
OUTSIDE = QColor("#C62828")
UPSTREAM = QColor("#3B6FB6")  # the balance chart's colours in the window (light theme)
DOWNSTREAM = QColor("#E07B28")

_LETTER_TERRITORIES = {
    QLocale.Country.UnitedStates,
    QLocale.Country.Canada,
    QLocale.Country.Mexico,
    QLocale.Country.Chile,
    QLocale.Country.Colombia,
    QLocale.Country.Venezuela,
    QLocale.Country.Philippines,
    QLocale.Country.PuertoRico,
    QLocale.Country.Guatemala,
    QLocale.Country.CostaRica,
}


def paper_for(locale: QLocale | None = None) -> QPageSize.PageSizeId:
    """Letter where it is the norm (the Americas' Letter countries), A4 everywhere else."""
    territory = (locale or QLocale.system()).territory()
    return (
        QPageSize.PageSizeId.Letter if territory in _LETTER_TERRITORIES else QPageSize.PageSizeId.A4
    )


def paper_by_name(name: str | None) -> QPageSize.PageSizeId:
    if not name:
        return paper_for()
    sizes = {"a4": QPageSize.PageSizeId.A4, "letter": QPageSize.PageSizeId.Letter}
    try:
        return sizes[name.strip().lower()]
    except KeyError:
        raise ValueError(f"unknown paper size {name!r} (expected a4 or letter)") from None


def base_family() -> str:
    """The system's general font: one family the PDF embeds (as a subset)."""
    return QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont).family()


class Canvas:
    """A painter on a paged device, addressed in points from the printable area's corner."""

    def __init__(self, painter: QPainter, device: QPagedPaintDevice) -> None:
        self.painter = painter
        self.device = device
        self.unit = device.logicalDpiX() / 72.0  # device units per point
        self.family = base_family()
        self._metrics: dict[tuple[float, bool], QFontMetricsF] = {}

    # -- geometry -------------------------------------------------------------------------

    def page_size_pt(self) -> tuple[float, float]:
        """The printable area's width and height in points."""
        return self.device.width() / self.unit, self.device.height() / self.unit

    def r(self, rect: QRectF) -> QRectF:
        u = self.unit
        return QRectF(rect.x() * u, rect.y() * u, rect.width() * u, rect.height() * u)

    def p(self, x: float, y: float) -> QPointF:
        return QPointF(x * self.unit, y * self.unit)

    # -- fonts and text -------------------------------------------------------------------

    def font(self, size: float, bold: bool = False, *, strike: bool = False) -> QFont:
        if size < MIN_FONT_PT:
            raise ValueError(f"{size} pt is under the {MIN_FONT_PT} pt floor for paper")
        font = QFont(self.family)
        # whole device pixels, rounded up: a point size is rounded down to them, and
        # 8 pt would print as 7.98 pt at 1200 dpi
        font.setPixelSize(math.ceil(size * self.unit - 1e-9))
        font.setBold(bold)
        font.setStrikeOut(strike)
        font.setKerning(True)
        return font

    def metrics(self, size: float, bold: bool = False) -> QFontMetricsF:
        key = (size, bold)
        if key not in self._metrics:
            self._metrics[key] = QFontMetricsF(self.font(size, bold), self.device)
        return self._metrics[key]

    def width_of(self, text: str, size: float, bold: bool = False) -> float:
        return self.metrics(size, bold).horizontalAdvance(text) / self.unit

    def elide(self, text: str, size: float, width: float, bold: bool = False) -> str:
        if width <= 0:
            return ""
        return self.metrics(size, bold).elidedText(
            text, Qt.TextElideMode.ElideRight, width * self.unit
        )

    def text(
        self,
        rect: QRectF,
        text: str,
        size: float,
        *,
        bold: bool = False,
        colour: QColor = INK,
        align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft,
        elide: bool = True,
        strike: bool = False,
    ) -> None:
        """One line of text inside ``rect`` (points), elided so it never leaves it."""
        shown = self.elide(text, size, rect.width(), bold) if elide else text
        if not shown:
            return
        painter = self.painter
        painter.setFont(self.font(size, bold, strike=strike))
        painter.setPen(colour)
        flags = align | Qt.AlignmentFlag.AlignVCenter
        painter.drawText(self.r(rect), int(flags), shown)

    def wrapped(
        self, rect: QRectF, text: str, size: float, *, colour: QColor = INK, bold: bool = False
    ) -> None:
        painter = self.painter
        painter.setFont(self.font(size, bold))
        painter.setPen(colour)
        flags = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap
        painter.drawText(self.r(rect), int(flags), text)

    def wrapped_height(self, text: str, size: float, width: float) -> float:
        bound = self.metrics(size).boundingRect(
            QRectF(0, 0, width * self.unit, 1e6),
            int(Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap),
            text,
        )
        return bound.height() / self.unit

    # -- shapes ---------------------------------------------------------------------------

    def pen(
        self, colour: QColor, width_pt: float = 0.5, style: Qt.PenStyle = Qt.PenStyle.SolidLine
    ) -> QPen:
        pen = QPen(colour, width_pt * self.unit)
        pen.setStyle(style)
        return pen

    def rect(
        self,
        rect: QRectF,
        fill: QColor | None,
        border: QColor | None = None,
        width_pt: float = 0.5,
        radius_pt: float = 0.0,
        style: Qt.PenStyle = Qt.PenStyle.SolidLine,
    ) -> None:
        painter = self.painter
        painter.setPen(
            self.pen(border, width_pt, style) if border is not None else Qt.PenStyle.NoPen
        )
        painter.setBrush(fill if fill is not None else Qt.BrushStyle.NoBrush)
        if radius_pt:
            radius = radius_pt * self.unit
            painter.drawRoundedRect(self.r(rect), radius, radius)
        else:
            painter.drawRect(self.r(rect))

    def line(
        self,
        x1: float,
        y1: float,
        x2: float,
        y2: float,
        colour: QColor = RULE,
        width_pt: float = 0.5,
        style: Qt.PenStyle = Qt.PenStyle.SolidLine,
    ) -> None:
        self.painter.setPen(self.pen(colour, width_pt, style))
        self.painter.drawLine(self.p(x1, y1), self.p(x2, y2))
