"""What the row importers share while one import is built: the file, the choices, the result.

:class:`ImportContext` holds the source, the user's options, the references to the plan
(:class:`~streamdesk.excel.import_refs.References`) and the :class:`ImportPlan` being
filled; it finds a sheet's header row and its columns' fields, places errors at their
cells and keeps the rows the preview shows.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date
from enum import StrEnum
from typing import Any

from streamdesk.domain import Dependency, InitiativeStatus, ItemStatus, ValidationError
from streamdesk.excel.cells import SkipRow, cell_text, quoted
from streamdesk.excel.headers import (
    FIELD_LABELS,
    HEADER_SEARCH_ROWS,
    Column,
    HeaderMatch,
    find_header,
    fold,
    match_row,
)
from streamdesk.excel.import_model import (
    PREVIEW_ROWS,
    Action,
    ImportOptions,
    ImportPlan,
    PreviewRow,
    RowError,
    SheetPlan,
    column_letter,
)
from streamdesk.excel.import_refs import References
from streamdesk.excel.import_series import RecurrenceReader
from streamdesk.excel.limits import ImportFileError
from streamdesk.excel.readers import Source
from streamdesk.excel.sources import KnownSource, apply_source, headerless, recognise
from streamdesk.excel.value_maps import (
    INITIATIVE_STATUS_SYNONYMS,
    ITEM_STATUS_SYNONYMS,
    StatusMapper,
)
from streamdesk.excel.wording import COLUMNS_LABEL, IMPORTED_AS, Fix, Flag, Worded
from streamdesk.storage import PlanFile, series_repo


class ImportContext:
    """One import being built; the row importers read from it and add to ``result``."""

    def __init__(self, pf: PlanFile, source: Source, options: ImportOptions) -> None:
        self.pf = pf
        self.source = source
        self.options = options
        self.result = ImportPlan(source.name, delete_missing=options.delete_missing)
        self.refs = References(pf, options.values, options.split_multi, options.channel)
        self._series_ids: set[int] | None = None
        self.known_sources: dict[str, KnownSource] = {}  # sheet -> the tool that wrote it
        self.unescape_sheets: set[str] = set()  # our CSV saved as a workbook: 'quotes come off
        self.hinted_order: dict[str, str] = {}  # sheet -> the date order its hint row gives
        self.skipped_rows: dict[str, list[int]] = {}  # sheet -> rows left out by --values
        self.item_status = StatusMapper(ItemStatus, ITEM_STATUS_SYNONYMS, options.values)
        self.initiative_status = StatusMapper(InitiativeStatus, INITIATIVE_STATUS_SYNONYMS)
        self.recurrences = RecurrenceReader(options.values, source.name)  # foreign repeats
        self.deleted_initiatives: set[int] = set()
        self.user_mapped: Counter[tuple[str, str, str]] = Counter()
        self.dependencies_before: list[Dependency] = []
        self.dependencies_after: list[Dependency] = []
        # the period our own workbook was exported for: records outside it are not "removed"
        self.period: tuple[date, date] | None = None

    def series_ids(self) -> set[int]:
        """The ids of the plan's series (what a Repeats cell may link a row to)."""
        if self._series_ids is None:
            self._series_ids = {s.id for s in series_repo.list_series(self.pf) if s.id}
        return self._series_ids

    def error(self, sheet: str, row: int | None, column: int | None, message: str) -> None:
        self.result.errors.append(RowError(sheet, row, column, message))

    def user_value(self, field: str, text: str) -> str:
        """``text`` as the user's ``--values`` (or dialog choice) renames it, recorded."""
        target = self.options.values.get((field, fold(text)))
        if target is None or target == text:
            return text
        if fold(target) in ("skip", "ignore"):  # the rows are left out, as for a channel
            raise SkipRow(f'{field} "{text}" skipped (--values)')
        self.user_mapped[(field, text, target)] += 1
        if field == "campaign" and fold(target) == "new":  # made as written (import_refs)
            return text
        return target

    def skip_row(self, sheet: str, row_no: int, reason: str) -> None:
        self.skipped_rows.setdefault(sheet, []).append(row_no)

    def in_period(self, start: date, end: date) -> bool:
        """Whether a record lies in the period the workbook was exported for."""
        if self.period is None:
            return True
        return start <= self.period[1] and end >= self.period[0]

    def header(
        self,
        sheet: str,
        rows: list[list[Any]],
        own_fields: dict[str, str] | None,
        user_mapping: bool = True,
    ) -> tuple[int, list[Column]]:
        """The header row and the columns' fields, with the user's choices applied
        (``--map`` applies to the items sheet only)."""
        mapping = self.options.mapping if user_mapping else {}
        match: HeaderMatch | None
        chosen_row = self.options.header_rows.get(sheet)
        if own_fields is not None:
            match = HeaderMatch(0, tuple(self.own_columns(rows[0], own_fields)))
        elif chosen_row is not None and 0 < chosen_row <= len(rows):
            match = HeaderMatch(chosen_row - 1, match_row(rows[chosen_row - 1]))
        else:
            match = find_header(rows)
            made = headerless(rows) if match is None and not mapping else None
            if made is not None:
                match = HeaderMatch(-1, made.columns)
                self.result.source_kind = made.name
                self.known_sources[sheet] = KnownSource(
                    made.name, frozenset(), {}, status=made.status
                )
            if match is None:
                # take the first non-empty row as the header, for the user to map
                first = next((r for r, row in enumerate(rows) if any(row)), 0)
                match = HeaderMatch(first, match_row(rows[first]) if rows else ())
                if not mapping and not self.options.columns:
                    self.error(
                        sheet,
                        None,
                        None,
                        Worded(
                            f"no header row found in the first {HEADER_SEARCH_ROWS} rows (looked "
                            "for headers such as Date, Channel, Title); map the columns ",
                            Flag(
                                Fix.MAP,
                                '(--map "Header=field,…")',
                                f"under “{IMPORTED_AS}” in “{COLUMNS_LABEL}”",
                            ),
                        ),
                    )
        columns = list(match.columns)
        tool = recognise([c.header for c in columns]) if own_fields is None else None
        if tool is not None and match.row >= 0:
            columns = apply_source(tool, columns)
            self.known_sources[sheet] = tool
            self.result.source_kind = tool.name
        known = {fold(c.header) for c in columns}
        for header in mapping:
            if fold(header) not in known:
                raise ImportFileError(
                    f"{self.source.name}: --map names {header!r}, but sheet {sheet!r} has no "
                    f"such column (its headers: {', '.join(c.header for c in columns)})."
                )
        for n, column in enumerate(columns):
            target = column.field
            for header, wanted in mapping.items():
                if fold(header) == fold(column.header):
                    target = wanted
            if (sheet, column.index) in self.options.columns:
                target = self.options.columns[(sheet, column.index)]
            if own_fields is None and target == "id":
                target = None  # IDs only mean something in our own workbook
            columns[n] = Column(column.index, column.header, target)
        seen: dict[str, Column] = {}
        for column in columns:
            if column.field is None:
                continue
            if column.field in seen:
                self.error(
                    sheet,
                    None,
                    None,
                    f"columns {column_letter(seen[column.field].index)} "
                    f"({seen[column.field].header}) and {column_letter(column.index)} "
                    f"({column.header}) both map to {FIELD_LABELS.get(column.field, column.field)}",
                )
            seen[column.field] = column
        return match.row, columns

    @staticmethod
    def own_columns(row: Sequence[Any], fields: dict[str, str]) -> Iterable[Column]:
        for index, value in enumerate(row):
            if value is None:
                continue
            header = cell_text(value).strip()
            yield Column(index, header, fields.get(fold(header)))

    def unevaluated(self, sheet: str, header_index: int, mapping: dict[str, int]) -> None:
        """A formula with no saved result would read as an empty cell: report it instead."""
        imported = set(mapping.values())
        for (row, column), formula in sorted(self.source.unevaluated(sheet).items()):
            if row > header_index and column in imported:
                self.error(
                    sheet,
                    row + 1,
                    column,
                    f"{quoted(formula)} is a formula whose result is not saved in the file; "
                    "open the file in Excel or LibreOffice and save it again",
                )

    def field_error(
        self, sheet: str, row_no: int, mapping: dict[str, int], error: ValidationError
    ) -> None:
        name = {"channel": "channel", "end": "end", "start": "start"}.get(error.field or "")
        column = mapping.get(name or (error.field or "").replace(" ", "_"))
        self.error(sheet, row_no, column, str(error))

    def note_unmatched(self, sheet: str, columns: list[Column]) -> None:
        unmatched = [c for c in columns if c.field is None]
        if unmatched:
            listed = ", ".join(f'"{c.header}" ({column_letter(c.index)})' for c in unmatched)
            self.result.notes.append(f"{sheet}: columns not imported: {listed}")

    def preview(
        self,
        plan: SheetPlan,
        row_no: int,
        action: Action,
        values: dict[str, Any],
        written_as: dict[str, str] | None = None,
    ) -> None:
        """Keep the first rows that do something (errors, new, changed) for the preview,
        and unchanged ones only to fill it up; ``written_as`` is what a rule mapped."""
        quiet = action in (Action.UNCHANGED, Action.SKIPPED)
        kept = plan.quiet if quiet else plan.preview
        if len(kept) >= PREVIEW_ROWS:
            return
        shown: dict[str, str] = {}
        refs = self.refs
        for name, value in values.items():
            if name == "channel_id":
                shown["channel"] = refs.channel_name(value)
            elif name == "campaign_id":
                shown["campaign"] = refs.campaign_name(value)
            elif name == "initiative_id":
                shown["initiative"] = refs.initiative_title(value)
            elif value is None:
                shown[name] = ""
            elif hasattr(value, "isoformat"):
                shown[name] = str(value) if isinstance(value, date) else value.strftime("%H:%M")
            elif isinstance(value, StrEnum):
                shown[name] = value.value
            elif isinstance(value, float):
                shown[name] = f"{value:g}"
            else:
                shown[name] = str(value)
        kept.append(PreviewRow(row_no, action, shown, dict(written_as or {})))
