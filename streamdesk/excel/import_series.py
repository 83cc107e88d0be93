"""A foreign file's Recurrence column: rows read into series where the words are clear,
asked where they are not.

A row whose Recurrence / Repeat / Frequency cell says "weekly" or "every Mon and Thu"
becomes a series that starts on the row's date, the row its first occurrence, laid out
as the item dialog's "Repeat" does (:func:`streamdesk.domain.series.lay_out`). Words with
two readings ("biweekly") or none ("twice a week") are refused naming the file, the row,
the value and the choices; ``--values "Repeats:biweekly=every 2 weeks"`` (or the import
dialog's value table) answers them for every row that writes them. "once" as an answer
imports those rows as plain items, "skip" leaves them out.

A tool that exported every occurrence as a row of its own ("Weekly tips", "weekly", each
Monday) must not make one series per row: rows with the same channel, title and words
are one series, started by the earliest; a later row on one of its days is that
occurrence, one on another day an occurrence moved on its own.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from streamdesk.domain import Item, ValidationError, clock
from streamdesk.domain.recurrence_words import Ambiguity, Rule, Unreadable, read_recurrence
from streamdesk.domain.series import Series, describe, lay_out
from streamdesk.domain.text import noun
from streamdesk.excel.cells import CellError, SkipRow, cell_text, row_ranges
from streamdesk.excel.headers import fold
from streamdesk.excel.value_maps import RULE_VALUES, MappedValue, Question
from streamdesk.excel.wording import READ_AS, Fix, Flag, Worded
from streamdesk.storage import repository

if TYPE_CHECKING:
    from streamdesk.excel.import_context import ImportContext

FIELD = "repeats"
ONCE = "once"
"""The answer that imports the rows as plain items (no repeat)."""
ONCE_LABEL = "Import as single items (no repeat)"
_IN_TABLE = f"under “{READ_AS}” in the table of values above"
_OUR_MARK = re.compile(r"\s*\(series \d+(?:, moved on its own)?\)\s*$")
"""Our own export's "(series 3)": in a file that is not ours it names no series here."""


@dataclass(frozen=True)
class SeriesImport:
    """A series the import makes: the rows it came from and every occurrence it lays out."""

    series: Series
    rows: tuple[tuple[str, int], ...]  # (sheet, row) of the rows that are its occurrences
    items: tuple[Item, ...]  # its occurrences, the rows' own among them
    laid: tuple[Item, ...]  # the occurrences no row gave (what the import adds besides rows)

    @property
    def words(self) -> str:
        return describe(self.series.rule, self.series.start)

    def __str__(self) -> str:
        first, last = self.items[0].date, self.items[-1].date
        n = len(self.items)
        return (
            f"series “{self.series.title}”: {self.words} — {n} {noun(n, 'item')}, "
            f"{first.isoformat()} to {last.isoformat()}"
        )


@dataclass
class _Row:
    sheet: str
    row_no: int
    item: Item
    rule: str
    text: str


@dataclass
class RecurrenceReader:
    """The Recurrence cells of one import: read, answered, asked, and the series they make."""

    values: dict[tuple[str, str], str]
    source: str  # the file's name, for the one-line refusal
    rows: list[_Row] = field(default_factory=list)
    ambiguous: Counter[str] = field(default_factory=Counter)
    unreadable: Counter[str] = field(default_factory=Counter)
    # value as written -> (label, answer) the user can choose (the dialog's combo box)
    choices: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)
    found: dict[str, Ambiguity | Unreadable] = field(default_factory=dict)
    answered: Counter[tuple[str, str]] = field(default_factory=Counter)
    # value as written -> the day of its first row: what a typed answer is read against
    days: dict[str, date] = field(default_factory=dict)

    def read(self, raw: Any, day: date, sheet: str = "") -> tuple[str | None, str]:
        """(the rule, or None for no repeat; the words shown in the preview) for one cell.

        Raises SkipRow when the user chose to skip the value's rows, CellError (with the
        choices) when the words are ambiguous or unreadable and not answered.
        """
        text = cell_text(raw).strip()
        found = read_recurrence(_OUR_MARK.sub("", text), day)
        if isinstance(found, Rule):
            return found.rule, describe(found.rule, day)
        if found is None:
            return None, ""
        self._offer(text, found)
        self.days.setdefault(text, day)
        answer = self.values.get((FIELD, fold(text)))
        if answer is None:
            if isinstance(found, Ambiguity):
                self.ambiguous[text] += 1
            else:
                self.unreadable[text] += 1
            where = "" if sheet == self.source else f"{self.source}: "
            raise CellError(self._refusal(text, found).prefixed(where))
        if fold(answer) in ("skip", "ignore"):
            raise SkipRow(f"repeat “{text}” skipped (--values)")
        answered = read_recurrence(answer, day)
        if isinstance(answered, (Ambiguity, Unreadable)):
            raise CellError(
                Worded(
                    Flag(Fix.VALUES, "--values answers", "the table of values answers"),
                    f" repeat “{text}” with “{answer}”, which StreamDesk cannot "
                    f"read as one rule either ({answered.why})",
                )
            )
        self.answered[(text, answer)] += 1
        if answered is None:
            return None, ""
        return answered.rule, describe(answered.rule, day)

    def _offer(self, text: str, found: Ambiguity | Unreadable) -> None:
        if text in self.choices:
            return
        self.found[text] = found
        readings = found.readings if isinstance(found, Ambiguity) else ()
        offered = [(r.meaning, r.answer) for r in readings if r.answer is not None]
        self.choices[text] = (*offered, (ONCE_LABEL, ONCE))

    def _refusal(self, text: str, found: Ambiguity | Unreadable) -> Worded:
        example = f'--values "Repeats:{text}=…"'
        rest = f"(or ={ONCE} for single items, =skip to leave the rows out)"
        if isinstance(found, Ambiguity):
            readings = ", or ".join(r.meaning for r in found.readings)
            answers = [r.answer for r in found.readings if r.answer is not None]
            if answers:
                example = f'--values "Repeats:{text}={answers[0]}"'
            return Worded(
                f"repeat “{text}” can be read more than one way ({found.why}): {readings}; "
                "choose one ",
                Flag(Fix.VALUES, f"with {example} {rest}", _IN_TABLE),
            )
        return Worded(
            f"repeat “{text}” cannot be read: {found.why}; say what it means ",
            Flag(Fix.VALUES, f"with {example} {rest}", _IN_TABLE),
        )

    def add(self, sheet: str, row_no: int, item: Item, rule: str, text: str) -> None:
        self.rows.append(_Row(sheet, row_no, item, rule, text))

    def listing(self) -> list[MappedValue]:
        return [
            MappedValue(FIELD, text, answer, RULE_VALUES, n)
            for (text, answer), n in sorted(self.answered.items())
        ]

    def questions(self) -> list[Question]:
        found = []
        for text in [*self.ambiguous, *self.unreadable]:
            answers = [a for _, a in self.choices.get(text, ()) if a != ONCE]
            example = f"Repeats:{text}={answers[0] if answers else '…'}"
            problem = self.found[text]
            said = (
                ", or ".join(r.meaning for r in problem.readings)
                if isinstance(problem, Ambiguity)
                else problem.why
            )
            found.append(
                Question(
                    FIELD,
                    (text,),
                    f"repeat “{text}”: {said}",
                    f'answer with --values "{example}" (or =once, =skip)',
                )
            )
        return found


def lay_out_series(ctx: ImportContext, today: date | None = None) -> list[SeriesImport]:
    """The series of the rows read as repeating, with new ids, their occurrences laid out
    up to their end (or the horizon), the rows themselves among them."""
    reader = ctx.recurrences
    if not reader.rows:
        return []
    today = today or clock.today()
    if ctx.pf.read_only and not repository._has_series(ctx.pf):
        ctx.error(
            "",
            None,
            None,
            f"{ctx.pf.path.name} is in a format from before series: open it in StreamDesk "
            "once (it is upgraded), then import the repeating rows",
        )
        return []
    groups: dict[tuple[int, str, str], list[_Row]] = {}
    for row in sorted(reader.rows, key=lambda r: (r.item.date, r.sheet, r.row_no)):
        # the words, not the rule: "weekly" on a row moved to a Tuesday reads as Tuesdays
        groups.setdefault((row.item.channel_id, fold(row.item.title), fold(row.text)), []).append(
            row
        )
    next_series = repository.next_id(ctx.pf, Series)
    made: list[SeriesImport] = []
    for rows in groups.values():
        first = rows[0]
        try:
            series = Series.from_item(first.item, first.rule).replace(id=next_series)
            laid = lay_out(series, today, [r.item for r in rows])
            through = max([laid.series.horizon or first.item.date, *(r.item.date for r in rows)])
            days = set(series.days(through))
        except ValidationError as error:
            ctx.error(first.sheet, first.row_no, None, f"repeat “{first.text}”: {error}")
            continue
        next_series += 1
        own, moved = [], []
        for row in rows:
            on_day = row.item.date in days or row is first
            own.append(row.item.replace(series_id=series.id, detached=not on_day))
            if not on_day:
                moved.append(row.row_no)
        if first.item.date not in days:
            ctx.result.notes.append(
                f"{first.sheet}!{first.row_no}: {first.item.date:%a %d %b %Y} is not a day of "
                f"“{first.text}”; the row stays the series' first item, on its own date"
            )
        if len(rows) > 1:
            listed = row_ranges([r.row_no for r in rows])
            ctx.result.notes.append(
                f"{first.sheet}: rows {listed} repeat “{first.text}” with the same channel and "
                f"title: one series from row {first.row_no}, the rows its occurrences"
                + (
                    f" ({'row' if len(moved) == 1 else 'rows'} {row_ranges(moved)} moved on "
                    f"{'its' if len(moved) == 1 else 'their'} own)"
                    if moved
                    else ""
                )
            )
        items = sorted([*own, *laid.new], key=lambda i: i.date)
        made.append(
            SeriesImport(
                laid.series,
                tuple((r.sheet, r.row_no) for r in rows),
                tuple(items),
                tuple(laid.new),
            )
        )
        ctx.result.new.extend(own)
    return made
