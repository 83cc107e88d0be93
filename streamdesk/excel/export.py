"""Export a plan: what goes out is read once, then written by the format's writer.

:func:`export_plan` picks the writer from the file's extension in :data:`WRITERS`
(``.xlsx``, ``.csv``, ``.ics``). Every writer is a pure function of
:class:`~streamdesk.excel.export_data.ExportData`, imported only when its format is
asked for, and writes to a temporary file that replaces the target only when
complete, so a failed or cancelled export never leaves half a file behind.
"""

from __future__ import annotations

import contextlib
import errno
import importlib
import os
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from streamdesk.excel.export_data import (
    ExportCancelled,
    ExportData,
    ExportError,
    ExportSummary,
    Progress,
    content_fields,
    load,
)
from streamdesk.storage import PlanFile

Writer = Callable[[ExportData, Path, Progress | None], object]
"""A writer may return a list of notes: values its format could not hold (.ics)."""

WRITERS: dict[str, tuple[str, str, str]] = {
    ".xlsx": ("Excel workbook", "streamdesk.excel.export_xlsx", "write_workbook"),
    ".csv": ("CSV (Content table)", "streamdesk.excel.export_csv", "write_csv"),
    ".ics": ("iCalendar", "streamdesk.excel.export_ics", "write_ics"),
}
"""extension -> (what it is, the writer's module, the writer's function)"""

FORMATS = {suffix: label for suffix, (label, _, _) in WRITERS.items()}


def _writer(suffix: str) -> Writer:
    _, module, function = WRITERS[suffix]
    writer: Writer = getattr(importlib.import_module(module), function)
    return writer


MAX_WORKBOOK_YEARS = 25
"""A sheet per month and a timeline column per week: 50 years take a second, 200 years
five and 130 MB, 0001-9999 hours. No content plan spans more; a typo does."""


def _check_span(data: ExportData) -> None:
    """Refuse a workbook over centuries before building it, naming what stretched it."""
    first, last = data.first, data.last
    if first is None or last is None:
        return
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    if months <= MAX_WORKBOOK_YEARS * 12:
        return
    span = f"{first.isoformat()[:7]} to {last.isoformat()[:7]} ({months:,} months)"
    if data.range_from is not None or data.range_to is not None:
        raise ExportError(
            f"a workbook has a sheet per month, and {span} is too many: choose a period of "
            f"at most {MAX_WORKBOOK_YEARS} years"
        )
    dated = [(i.date, f"item “{i.title}”") for i in data.items] + [
        (day, f"initiative “{i.title}”") for i in data.initiatives for day in (i.start, i.end)
    ]
    outliers = [min(dated), max(dated)] if dated else []
    median = sorted(d for d, _ in dated)[len(dated) // 2] if dated else first
    day, what = max(outliers, key=lambda o: abs((o[0] - median).days), default=(last, ""))
    raise ExportError(
        f"the plan's dates run {span}, past the {MAX_WORKBOOK_YEARS} years a workbook holds: "
        f"check the {what} on {day.isoformat()}, or export a shorter period"
    )


def export_plan(
    pf: PlanFile,
    path: str | os.PathLike[str],
    start: date | None = None,
    end: date | None = None,
    progress: Progress | None = None,
    *,
    generated: datetime | None = None,
) -> ExportSummary:
    """Write the plan to ``path`` in the format its extension names."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        known = ", ".join(FORMATS)
        raise ExportError(f"cannot export to {path.name}: use a file ending in {known}")
    data = load(pf, start, end)
    if suffix == ".xlsx":
        _check_span(data)
    if generated is not None:
        data.generated = generated
    writer = _writer(suffix)
    tmp = path.with_name(f".{path.name}.part")
    notes: object = None
    try:
        notes = writer(data, tmp, progress)
        os.replace(tmp, path)
    except Exception as failure:
        # a writer may wrap the OSError in its own type (xlsxwriter's FileCreateError)
        error = failure if isinstance(failure, OSError) else failure.__context__
        if not isinstance(error, OSError):
            raise
        if error.errno == errno.ENOSPC:
            advice = "free some space and export again"
        elif isinstance(error, PermissionError) and path.is_file():
            # Windows: the file is open in Excel (or another program), which locks it
            advice = "if it is open in Excel or another program, close it there and export again"
        else:
            advice = "check that the folder can be written to, or choose another, and export again"
        raise ExportError(
            f"could not write {path}: {error.strerror or error}; nothing was written, {advice}"
        ) from failure
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()
    return ExportSummary(
        path,
        len(data.items),
        len(data.initiatives),
        data.first,
        data.last,
        tuple(str(n) for n in notes) if isinstance(notes, list) else (),
    )


__all__ = [
    "FORMATS",
    "WRITERS",
    "ExportCancelled",
    "ExportData",
    "ExportError",
    "ExportSummary",
    "Progress",
    "content_fields",
    "export_plan",
    "load",
]
