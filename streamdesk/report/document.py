"""Pages and how they reach a device: the same pages go to a PDF, a printer or a preview.

A section turns data into ``Page`` objects (a drawing function and an orientation) once
the body's size is known, so the page count is known before the first page is painted
and every page can say "page 3 of 9". ``render`` paints the pages with the running
header (plan, client, period) and footer (page numbers) on any ``QPagedPaintDevice``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import QPagedPaintDevice, QPageLayout, QPageSize, QPainter, QPdfWriter

from streamdesk.report.canvas import MUTED, RULE, SIZES, Canvas

MARGIN_MM = 14.0
HEADER_PT = 20.0  # running header, above the body
FOOTER_PT = 18.0  # page numbers, below the body

DrawFn = Callable[[Canvas, QRectF], None]


@dataclass(frozen=True)
class Page:
    draw: DrawFn
    landscape: bool = False
    section: str = ""


@dataclass(frozen=True)
class Running:
    """What every page repeats: the plan and client on the left, the period on the right."""

    left: str
    right: str
    footer: str = ""


@dataclass(frozen=True)
class Sheet:
    """The body's size in points for each orientation (what sections paginate into)."""

    portrait: QSizeF
    landscape: QSizeF

    def size(self, landscape: bool) -> QSizeF:
        return self.landscape if landscape else self.portrait


def _orientation(landscape: bool) -> QPageLayout.Orientation:
    o = QPageLayout.Orientation
    return o.Landscape if landscape else o.Portrait


def sheet_for(layout: QPageLayout) -> Sheet:
    sizes = []
    for landscape in (False, True):
        copy = QPageLayout(layout)
        copy.setOrientation(_orientation(landscape))
        paint = copy.paintRect(QPageLayout.Unit.Point)
        sizes.append(QSizeF(paint.width(), paint.height() - HEADER_PT - FOOTER_PT))
    return Sheet(sizes[0], sizes[1])


def page_layout(paper: QPageSize.PageSizeId, landscape: bool = False) -> QPageLayout:
    return QPageLayout(
        QPageSize(paper),
        _orientation(landscape),
        QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM),
        QPageLayout.Unit.Millimeter,
    )


def render(device: QPagedPaintDevice, pages: Sequence[Page], running: Running) -> None:
    """Paint ``pages`` on ``device`` (a QPdfWriter, or a QPrinter for print and preview)."""
    if not pages:
        return
    painter = QPainter()
    total = len(pages)
    for number, page in enumerate(pages, start=1):
        layout = QPageLayout(device.pageLayout())
        layout.setOrientation(_orientation(page.landscape))
        device.setPageLayout(layout)
        if number == 1:
            if not painter.begin(device):
                raise OSError("could not start painting (is the file or printer writable?)")
        else:
            device.newPage()
        canvas = Canvas(painter, device)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        width, height = canvas.page_size_pt()
        _running(canvas, width, height, running, number, total)
        body = QRectF(0, HEADER_PT, width, height - HEADER_PT - FOOTER_PT)
        painter.save()
        painter.setClipRect(canvas.r(body))
        page.draw(canvas, body)
        painter.restore()
    painter.end()


def _running(c: Canvas, width: float, height: float, running: Running, n: int, total: int) -> None:
    size = SIZES.small
    half = width / 2 - 6
    c.text(QRectF(0, 0, half, 12), running.left, size, colour=MUTED)
    c.text(
        QRectF(width - half, 0, half, 12),
        running.right,
        size,
        colour=MUTED,
        align=Qt.AlignmentFlag.AlignRight,
    )
    c.line(0, 14, width, 14, RULE, 0.5)
    c.line(0, height - 15, width, height - 15, RULE, 0.5)
    c.text(QRectF(0, height - 12, half, 12), running.footer, size, colour=MUTED)
    c.text(
        QRectF(width - half, height - 12, half, 12),
        f"Page {n} of {total}",
        size,
        colour=MUTED,
        align=Qt.AlignmentFlag.AlignRight,
    )


def write_pdf(
    path: str | os.PathLike[str],
    build: Callable[[Sheet], list[Page]],
    running: Running,
    paper: QPageSize.PageSizeId,
    title: str,
) -> int:
    """Write the pages ``build`` lays out to a PDF at ``path``; returns the page count.

    The PDF is written beside the target and moved into place when complete, so a
    failure never leaves half a report where the last good one was.
    """
    target = Path(path)
    if not target.parent.exists():
        raise OSError(2, "the folder does not exist", str(target.parent))
    partial = target.with_name(f".{target.name}.part")
    writer = QPdfWriter(str(partial))
    writer.setTitle(title)
    writer.setCreator("StreamDesk")
    writer.setPageLayout(page_layout(paper))
    pages = build(sheet_for(writer.pageLayout()))
    try:
        render(writer, pages, running)
        del writer  # flushes and closes the file
        os.replace(partial, target)
    finally:
        if partial.exists():
            partial.unlink()
    return len(pages)
