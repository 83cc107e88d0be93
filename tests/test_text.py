"""Counts read right at one: "1 error", never "1 errors"."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from streamdesk.domain import ValidationError
from streamdesk.domain.series import tail_rule
from streamdesk.domain.text import noun, plural
from streamdesk.excel.export_data import ExportSummary
from streamdesk.excel.import_model import ImportPlan, RowError
from streamdesk.excel.value_maps import MappedValue


def test_plural_says_one_and_many() -> None:
    assert plural(1, "item") == "1 item"
    assert plural(0, "item") == "0 items"
    assert plural(1250, "item") == "1,250 items"
    assert plural(1, "entry", "entries") == "1 entry"
    assert plural(2, "entry", "entries") == "2 entries"
    assert noun(1, "row") == "row" and noun(3, "row") == "rows"


def test_the_import_summary_says_one_error() -> None:
    plan = ImportPlan("file.csv", errors=[RowError("Sheet1", 2, 0, "bad")])
    assert plan.summary() == "0 new, 0 changed, 0 removed, 1 error"
    plan.errors.append(RowError("Sheet1", 3, 0, "bad"))
    assert plan.summary() == "0 new, 0 changed, 0 removed, 2 errors"


def test_mapped_values_and_export_results_say_one_row_and_one_item() -> None:
    assert str(MappedValue("status", "Live", "published", "synonym", 1)).endswith("1 row)")
    assert str(MappedValue("status", "Live", "published", "synonym", 2)).endswith("2 rows)")
    done = ExportSummary(Path("out.csv"), 1, 1, None, None)
    assert done.describe() == "out.csv: 1 item, 1 initiative"


def test_a_series_cut_after_one_item_says_one_item() -> None:
    with pytest.raises(ValidationError, match="has 1 item before 8 Jan 2027: ending after 1 time "):
        tail_rule("FREQ=WEEKLY;COUNT=1", date(2027, 1, 8), 1)
