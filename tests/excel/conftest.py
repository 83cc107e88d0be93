"""Fixtures the import and export tests share (helpers they call are in import_helpers)."""

from __future__ import annotations

from pathlib import Path

import pytest
from import_helpers import write_rows


@pytest.fixture
def foreign(tmp_path: Path) -> Path:
    return write_rows(
        tmp_path / "foreign.xlsx",
        [
            ["Q1 calendar"],
            [],
            ["Publish date", "Platform", "Copy", "Pillar"],
            ["03/04/2027", "Instagram", "3 tips", "Tips"],
            ["05/06/2027", "Facebook", "Behind the scenes", "Brand"],
        ],
    )
