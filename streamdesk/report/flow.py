"""Blocks placed top to bottom over as many pages as they need (headings, lines, tables).

Heights are fixed in points (a table row is one elided line), so a section is paginated
before anything is painted; a table broken over pages repeats its header row.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QRectF, QSizeF, Qt
from PySide6.QtGui import QColor

from streamdesk.report.canvas import INK, MUTED, RULE, SHADE, SIZES, Canvas
from streamdesk.report.document import Page

ROW_PT = 14.0
Op = Callable[[Canvas, QRectF], None]


@dataclass(frozen=True)
class Column:
    title: str
    weight: float = 1.0
    right: bool = False  # numbers align right


@dataclass(frozen=True)
class Cell:
    text: str
    colour: QColor | None = None  # a swatch before the text (a channel's colour)


class Flow:
    def __init__(self, size: QSizeF, *, landscape: bool = False, section: str = "") -> None:
        self.width = size.width()
        self.height = size.height()
        self.landscape = landscape
        self.section = section
        self._pages: list[list[tuple[float, float, Op]]] = [[]]
        self._y = 6.0

    # -- placing ---------------------------------------------------------------------------

    def _room(self) -> float:
        return self.height - self._y

    def new_page(self) -> None:
        if self._pages[-1]:
            self._pages.append([])
        self._y = 6.0

    def block(self, height: float, draw: Op, *, keep_with_next: float = 0.0) -> None:
        if height + keep_with_next > self._room() and self._pages[-1]:
            self.new_page()
        self._pages[-1].append((self._y, height, draw))
        self._y += height

    def space(self, height: float) -> None:
        self._y += height

    def heading(self, text: str) -> None:
        def draw(c: Canvas, r: QRectF) -> None:
            c.text(QRectF(r.left(), r.top(), r.width(), 22), text, SIZES.heading, bold=True)
            c.line(r.left(), r.top() + 23, r.right(), r.top() + 23, RULE, 0.8)

        self.block(30, draw, keep_with_next=3 * ROW_PT)

    def subheading(self, text: str) -> None:
        def draw(c: Canvas, r: QRectF) -> None:
            c.text(QRectF(r.left(), r.top() + 4, r.width(), 16), text, SIZES.subheading, bold=True)

        self.block(22, draw, keep_with_next=2 * ROW_PT)

    def line(
        self, text: str, *, colour: QColor = INK, bold: bool = False, bullet: bool = False
    ) -> None:
        def draw(c: Canvas, r: QRectF) -> None:
            indent = 12.0 if bullet else 0.0
            if bullet:
                c.text(
                    QRectF(r.left() + 2, r.top(), 10, ROW_PT),
                    "•",
                    SIZES.body,
                    colour=colour,
                    elide=False,
                )
            c.text(
                QRectF(r.left() + indent, r.top(), r.width() - indent, ROW_PT),
                text,
                SIZES.body,
                colour=colour,
                bold=bold,
            )

        self.block(ROW_PT, draw)

    def note(self, text: str) -> None:
        def draw(c: Canvas, r: QRectF) -> None:
            c.text(QRectF(r.left(), r.top(), r.width(), ROW_PT), text, SIZES.small, colour=MUTED)

        self.block(ROW_PT, draw)

    def table(
        self,
        columns: Sequence[Column],
        rows: Sequence[Sequence[Cell | str]],
        *,
        bold_last: bool = False,
        empty: str = "Nothing to show.",
    ) -> None:
        if not rows:
            self.note(empty)
            return
        total = sum(c.weight for c in columns)
        xs, x = [], 0.0
        for column in columns:
            w = self.width * column.weight / total
            xs.append((x, w))
            x += w

        def header(c: Canvas, r: QRectF) -> None:
            c.rect(QRectF(r.left(), r.top(), r.width(), ROW_PT + 2), SHADE)
            for column, (left, w) in zip(columns, xs, strict=True):
                c.text(
                    QRectF(r.left() + left + 3, r.top(), w - 6, ROW_PT + 2),
                    column.title,
                    SIZES.small,
                    bold=True,
                    colour=MUTED,
                    align=Qt.AlignmentFlag.AlignRight
                    if column.right
                    else Qt.AlignmentFlag.AlignLeft,
                )

        def row_op(values: Sequence[Cell | str], bold: bool) -> Op:
            def draw(c: Canvas, r: QRectF) -> None:
                for column, (left, w), value in zip(columns, xs, values, strict=True):
                    cell = value if isinstance(value, Cell) else Cell(str(value))
                    inset = 3.0
                    if cell.colour is not None:
                        c.rect(
                            QRectF(r.left() + left + 3, r.top() + 3, 8, 8),
                            cell.colour,
                            cell.colour.darker(125),
                            0.5,
                            1.5,
                        )
                        inset = 14.0
                    c.text(
                        QRectF(r.left() + left + inset, r.top(), w - inset - 3, ROW_PT),
                        cell.text,
                        SIZES.body,
                        bold=bold,
                        align=Qt.AlignmentFlag.AlignRight
                        if column.right
                        else Qt.AlignmentFlag.AlignLeft,
                    )
                c.line(r.left(), r.bottom(), r.right(), r.bottom(), SHADE, 0.4)

            return draw

        self.block(ROW_PT + 2, header, keep_with_next=ROW_PT)
        for n, values in enumerate(rows):
            if self._room() < ROW_PT:
                self.new_page()
                self.block(ROW_PT + 2, header)
            self.block(ROW_PT, row_op(values, bold_last and n == len(rows) - 1))
        self.space(8)

    # -- result ----------------------------------------------------------------------------

    def pages(self) -> list[Page]:
        result = []
        for ops in self._pages:
            if not ops:
                continue

            def draw(c: Canvas, body: QRectF, ops: list[tuple[float, float, Op]] = ops) -> None:
                for y, h, op in ops:
                    op(c, QRectF(body.left(), body.top() + y, body.width(), h))

            result.append(Page(draw, self.landscape, self.section))
        return result
