"""The stream health panel (objectName ``streamHealth``): what is off balance or unconnected.

Each line names something and selects it when clicked (or activated with Enter):
items through ``document.select_items``, an initiative through
``document.select_initiative``, a period through ``document.choose_period``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Slot
from PySide6.QtGui import QIcon, QPainter, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from streamdesk.domain.balance import share_percent
from streamdesk.domain.cadence import CommitmentReport
from streamdesk.domain.health import StreamHealth
from streamdesk.domain.text import noun, plural
from streamdesk.gui.calendar.dates import day_text, month_text
from streamdesk.gui.document import PlanDocument
from streamdesk.storage import series_repo

ROLE = Qt.ItemDataRole.UserRole
TITLE_LIMIT = 60  # longer initiative titles are cut (in full in the line's tool tip)


@dataclass(frozen=True)
class Target:
    """What a line selects."""

    kind: str  # "items", "initiative" or "period"
    item_ids: tuple[int, ...] = ()
    initiative_id: int | None = None
    first: date | None = None
    last: date | None = None


def _number(value: float) -> str:
    if value >= 10_000:
        return f"{value / 1000:,.0f}k"
    if value >= 1000:
        return f"{value / 1000:,.1f}k"
    return f"{value:,.0f}"


def _day(day: date) -> str:
    """A day as the calendar and timeline write it: the locale's, "2 Mar 2026" in en_GB."""
    return day_text(day, weekday=False)


def _period_name(start: date, word: str) -> str:
    return f"Week of {_day(start)}" if word == "week" else month_text(start)


def _figures(done: int, target: int) -> str:
    """ "2 of 3" kept on one line: wrapped between its words it read as "2 of", then "3"."""
    return f"{done}\u00a0of\u00a0{target}"


def _span(start: date, end: date) -> str:
    first = day_text(start, weekday=False, year=False)
    return first if start == end else f"{first} – {day_text(end, weekday=False, year=False)}"


def _short(title: str) -> str:
    """A title short enough that the figures after it stay in view."""
    return title if len(title) <= TITLE_LIMIT else title[: TITLE_LIMIT - 1].rstrip() + "…"


SUB = ROLE + 2
"""A line set under the one before it (a commitment's missed periods): drawn one indent
further in, so it wraps under its own first word rather than under the section's."""


class _WrappingDelegate(QStyledItemDelegate):
    """Rows as tall as their text wrapped to the panel's width (QTreeView alone sizes
    rows for one line and elides the rest, hiding the figures of a long line)."""

    def _sub_indent(self, index: QModelIndex | QPersistentModelIndex) -> int:
        view = self.parent()
        if not isinstance(view, QTreeWidget) or not index.data(SUB):
            return 0
        return view.indentation()

    def text_width(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> int:
        """The width the style wraps this line's text in: the row less its indentation,
        icon and the style's text margins (a rougher guess left rows a line too tall, or
        a line short, so "2 of 3" lost its "3")."""
        view = self.parent()
        if not isinstance(view, QTreeWidget):
            return 0
        depth, parent = 0, index.parent()
        while parent.isValid():
            depth, parent = depth + 1, parent.parent()
        left = view.indentation() * (depth + int(view.rootIsDecorated()))
        left += self._sub_indent(index)
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.rect = QRect(0, 0, max(view.viewport().width() - left, 40), 100_000)
        style = view.style()
        text = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, view)
        margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1
        return max(text.width() - 2 * margin, 40)

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        hint = super().sizeHint(option, index)
        if not isinstance(self.parent(), QTreeWidget):
            return hint
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        bounds = option.fontMetrics.boundingRect(
            QRect(0, 0, self.text_width(option, index), 100_000), Qt.TextFlag.TextWordWrap, text
        )
        return QSize(hint.width(), max(hint.height(), bounds.height() + 4))

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        indent = self._sub_indent(index)
        if indent:
            option = QStyleOptionViewItem(option)
            option.rect = option.rect.adjusted(indent, 0, 0, 0)
        super().paint(painter, option, index)


class HealthPanel(QTreeWidget):
    def __init__(self, document: PlanDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("streamHealth")
        self.document = document
        self.setHeaderHidden(True)
        self.setColumnCount(1)
        self.setRootIsDecorated(True)
        # lines wrap in a narrow panel rather than hide their figures behind an ellipsis
        self.setWordWrap(True)
        self.setUniformRowHeights(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setItemDelegate(_WrappingDelegate(self))
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
        blank = QPixmap(size, size)
        blank.fill(Qt.GlobalColor.transparent)
        self._blank = QIcon(blank)  # keeps lines without a verdict aligned with the others
        self.setToolTip("")
        self.setAccessibleName("Stream health")
        self.health: StreamHealth | None = None
        self._shown: tuple[object, ...] | None = None  # what the lines say, to skip no-ops
        self.itemClicked.connect(self._on_clicked)
        self.itemActivated.connect(self._on_clicked)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.scheduleDelayedItemsLayout()  # rewrap the lines to the new width

    # -- content ------------------------------------------------------------------------

    def _line(
        self,
        parent: QTreeWidget | QTreeWidgetItem,
        text: str,
        target: Target | None,
        *,
        tip: str = "",
        problem: bool | None = None,
    ) -> QTreeWidgetItem:
        line = QTreeWidgetItem(parent, [text])
        line.setData(0, ROLE, target)
        line.setToolTip(0, tip or text)
        if problem is None and isinstance(parent, QTreeWidget):
            line.setIcon(0, self._blank)
        elif problem is not None:
            icon = (
                QStyle.StandardPixmap.SP_MessageBoxWarning
                if problem
                else QStyle.StandardPixmap.SP_DialogApplyButton
            )
            line.setIcon(0, self.style().standardIcon(icon))
        return line

    def show_health(
        self,
        health: StreamHealth,
        periods_word: str = "period",
        whole: tuple[date, date] | None = None,
    ) -> None:
        """Replace the lines, keeping which sections the user had expanded.

        ``whole`` is the range the share line chooses when clicked (the chart's periods).
        """
        cadence = series_repo.cadence_report(self.document.pf)
        shown = (health, periods_word, whole, self.document.plan.currency, cadence)
        if shown == self._shown:
            return  # an edit that changed no figure: keep the user's place and selection
        self._shown = shown
        expanded = {s.data(0, ROLE + 1) for s in self._sections() if s.isExpanded()}
        current = self._place_of(self.currentItem())
        scrolled = self.verticalScrollBar().value()
        first_time = self.health is None
        self.health = health
        self.setUpdatesEnabled(False)
        self.clear()
        band = f"{health.band_low * 100:.0f}–{health.band_high * 100:.0f}%"
        sections: list[tuple[str, QTreeWidgetItem]] = []

        # 1. the whole plan's share, then the periods outside the band
        if health.share is None:
            what = {"hours": "effort hours", "budget": "budget or cost", "count": "work"}
            text = f"Upstream share: no {what.get(health.measure.value, 'work')} planned yet"
            problem = None
        else:
            where = "inside" if health.share_in_band else "outside"
            figure = share_percent(health.share, health.band_low, health.band_high)
            text = f"Upstream share {figure} by {health.measure.value}, {where} {band}"
            problem = not health.share_in_band
        line = self._line(
            self,
            text,
            Target("period", first=whole[0], last=whole[1]) if whole else None,
            tip="The whole plan's upstream share against the target band "
            "(Edit → Plan Settings changes the band). Click to show the whole plan.",
            problem=problem,
        )
        sections.append(("share", line))
        outside = health.outside_band
        line = self._line(
            self,
            f"Off balance: {plural(len(outside), periods_word)} outside {band}",
            None,
            tip="Periods whose upstream share is outside the target band. "
            "Open the line and click one to show it in the calendar and timeline.",
            problem=bool(outside),
        )
        for p in outside:
            side = "below" if (p.upstream_share or 0) < health.band_low else "above"
            self._line(
                line,
                f"{_period_name(p.start, periods_word)}: "
                f"{share_percent(p.upstream_share or 0, health.band_low, health.band_high)}, "
                f"{side} the band",
                Target("period", first=p.start, last=p.end),
                tip="Click to show this period in the calendar and timeline",
            )
        sections.append(("outside", line))

        # 2. content with no strategy behind it
        count = len(health.unlinked_item_ids)
        line = self._line(
            self,
            f"Content with no strategy behind it: {plural(count, 'item')}",
            Target("items", item_ids=health.unlinked_item_ids) if count else None,
            tip="Downstream items that serve no initiative. Click to select them.",
            problem=bool(count),
        )
        sections.append(("unlinked", line))

        # 3. strategy that never reaches the market
        lonely = health.initiatives_without_items
        line = self._line(
            self,
            f"Strategy that never reaches the market: {plural(len(lonely), 'initiative')}",
            None,
            tip="Initiatives no downstream item serves. Open the line and click one to select it.",
            problem=bool(lonely),
        )
        for initiative in lonely:
            self._line(
                line,
                f"{_short(initiative.title)} ({_span(initiative.start, initiative.end)})",
                Target("initiative", initiative_id=initiative.id),
                tip=f"{initiative.title}\n{_day(initiative.start)} – {_day(initiative.end)}"
                "\nClick to select it.",
            )
        sections.append(("lonely", line))

        # 4. broken date gates
        gates = health.broken_gates
        all_early = tuple(i for g in gates for i in g.item_ids)
        line = self._line(
            self,
            f"Date gates broken: {plural(len(gates), 'gate')}"
            + (f", {plural(len(all_early), 'item')} too early" if gates else ""),
            Target("items", item_ids=all_early) if gates else None,
            tip="Items dated before the end of the gate initiative they serve "
            "(for example launch emails before positioning is approved). Click to select them.",
            problem=bool(gates),
        )
        for gate in gates:
            self._line(
                line,
                f"{_short(gate.title)}: {plural(len(gate.item_ids), 'item')} "
                f"up to {plural(gate.days_early, 'day')} early",
                Target("items", item_ids=gate.item_ids),
                tip=f"{gate.title} ends on {_day(gate.gate_end)}; "
                f"{plural(len(gate.item_ids), 'item')} serving it are dated earlier, "
                f"the first on {_day(gate.earliest)}. Click to select them.",
            )
        sections.append(("gates", line))

        # 5. results rolled up by initiative
        results = health.results
        currency = self.document.plan.currency
        line = self._line(
            self,
            f"Results by initiative: {plural(len(results), 'initiative')} with published items",
            None,
            tip="Reach, clicks, conversions and cost of the published items serving each "
            "initiative, most conversions first. Click one to select the initiative.",
        )
        for r in results:
            self._line(
                line,
                f"{_short(r.title)}: {_number(r.conversions)} conv · {_number(r.clicks)} clicks · "
                f"{_number(r.reach)} reach · {_number(r.cost)} {currency}",
                Target("initiative", initiative_id=r.initiative_id),
                tip=f"{r.title}\n{plural(r.published, 'published item')}\n"
                f"Reach {r.reach:,}, clicks {r.clicks:,}, conversions {r.conversions:,}\n"
                f"Cost {r.cost:,.2f} {currency} (actual where known)",
            )
        sections.append(("results", line))

        # 6. cadence commitments: each one's kept share, then the periods it was missed
        if cadence:
            sections.append(("cadence", self._cadence_lines(cadence)))

        for key, section in sections:
            section.setData(0, ROLE + 1, key)
            if first_time:
                # open what needs attention, unless it is a long list burying the rest
                section.setExpanded(key in ("outside", "gates") and section.childCount() <= 12)
            else:
                section.setExpanded(key in expanded)
        if current is not None:  # the line naming the same thing, whatever its figures
            found = next((line for line in self._lines() if self._place_of(line) == current), None)
            if found is not None:
                self.setCurrentItem(found)
        self.setUpdatesEnabled(True)
        if not first_time:
            self.scheduleDelayedItemsLayout()
            self.executeDelayedItemsLayout()
            self.verticalScrollBar().setValue(scrolled)  # an edit elsewhere keeps the place

    MISSED_SHOWN = 8
    """Missed periods listed per commitment (the rest are counted)."""

    def _cadence_lines(self, reports: list[CommitmentReport]) -> QTreeWidgetItem:
        kept_all = sum(1 for r in reports if not r.missed)
        section = self._line(
            self,
            f"Cadence: {kept_all} of {plural(len(reports), 'commitment')} kept in every period",
            None,
            tip="How each cadence commitment (Edit → Cadence…) was kept over the plan: its "
            "share of weeks or months met, then the periods it was missed. Click a period "
            "to show it in the calendar.",
            problem=kept_all < len(reports),
        )
        for report in reports:
            c = report.commitment
            channel = self.document.channel(c.channel_id)
            name = channel.name if channel else "?"
            share = report.kept_share
            kept = sum(p.met for p in report.periods)
            figure = "–" if share is None else f"{share:.0%}"
            periods = report.periods
            self._line(
                section,
                f"{name}: {c.count} per {c.per.value}, kept {figure} "
                f"({_figures(kept, len(periods))} {noun(len(periods), c.per.value)})",
                Target("period", first=periods[0].period.first, last=periods[-1].period.last)
                if periods
                else None,
                tip="Cancelled items never count"
                + ("; ideas count" if c.ideas_count else "; ideas do not count")
                + ". Click to show the whole plan.",
            )
            # under their commitment, one indent further in (not leading spaces, which a
            # wrapped line did not keep): "missed the week of 11 Jan 2027: 1 of 3"
            for missed in report.missed[: self.MISSED_SHOWN]:
                p = missed.period
                when = _period_name(p.first, c.per.value)
                when = "the week of" + when[len("Week of") :] if c.per.value == "week" else when
                line = self._line(
                    section,
                    f"{name} missed {when}: {_figures(missed.planned, missed.target)}",
                    Target("period", first=p.first, last=p.last),
                    tip="Click to show this period in the calendar and timeline",
                )
                line.setData(0, SUB, True)
            rest = len(report.missed) - self.MISSED_SHOWN
            if rest > 0:
                line = self._line(section, f"… and {plural(rest, 'more missed period')}", None)
                line.setData(0, SUB, True)
        return section

    # -- lines by what they say (tests and keyboard users) -------------------------------------

    def _sections(self) -> list[QTreeWidgetItem]:
        found = (self.topLevelItem(n) for n in range(self.topLevelItemCount()))
        return [s for s in found if s is not None]

    def section(self, key: str) -> QTreeWidgetItem | None:
        return next((s for s in self._sections() if s.data(0, ROLE + 1) == key), None)

    def _lines(self) -> list[QTreeWidgetItem]:
        lines = []
        for section in self._sections():
            lines.append(section)
            children = (section.child(c) for c in range(section.childCount()))
            lines.extend(c for c in children if c is not None)
        return lines

    def _place_of(self, line: QTreeWidgetItem | None) -> tuple[object, ...] | None:
        """What a line names, independent of its figures: its section and its target."""
        if line is None:
            return None
        section = line.parent() or line
        return (section.data(0, ROLE + 1), line is section, self.target(line))

    def target(self, line: QTreeWidgetItem) -> Target | None:
        return line.data(0, ROLE)

    # -- clicks -------------------------------------------------------------------------

    @Slot(QTreeWidgetItem, int)
    def _on_clicked(self, line: QTreeWidgetItem, _column: int = 0) -> None:
        self.activate(line)

    def activate(self, line: QTreeWidgetItem) -> bool:
        """Select what the line names; False if it names nothing selectable."""
        target = self.target(line)
        if target is None:
            return False
        if target.kind == "items":
            self.document.select_items(list(target.item_ids))
        elif target.kind == "initiative":
            self.document.select_initiative(target.initiative_id)
        elif target.kind == "period" and target.first and target.last:
            self.document.choose_period(target.first, target.last)
        else:
            return False
        return True
