"""The import dialog's value table asks about a campaign spelt close to one of the plan's
("Sprng launch" for Spring launch), offering the plan's campaigns, a new one or skipping."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from import_helpers import write_rows

from streamdesk.domain import Campaign
from streamdesk.excel.readers import open_source
from streamdesk.gui.import_dialog import ImportDialog
from streamdesk.gui.import_values import SKIP_TEXT
from streamdesk.storage import repository


def dialog_for(qtbot, document, tmp_path: Path) -> ImportDialog:  # type: ignore[no-untyped-def]
    source = write_rows(
        tmp_path / "campaigns.xlsx",
        [
            ["Date", "Channel", "Title", "Campaign"],
            [date(2027, 3, 4), "Instagram", "Teaser", "Sprng launch"],
            [date(2027, 3, 5), "Instagram", "Webinar invite", "Partner webinars"],
        ],
    )
    dialog = ImportDialog(document, open_source(source))
    qtbot.addWidget(dialog)
    return dialog


def offered(dialog: ImportDialog, value: str) -> list[str]:
    combo = dialog.valuesTable.combo_for(value)
    return [combo.itemText(i) for i in range(combo.count())]


def row_of(dialog: ImportDialog, value: str) -> tuple[str, str, str]:
    table = dialog.valuesTable
    for r in range(table.rowCount()):
        if table.item(r, 1).text() == value:  # type: ignore[union-attr]  # filled rows have items
            combo = table.combo_for(value)
            return table.item(r, 0).text(), combo.currentText(), table.item(r, 3).text()  # type: ignore[union-attr]  # as above
    raise KeyError(value)


def test_a_near_miss_campaign_is_a_row_to_decide_with_the_plans_campaigns(  # type: ignore[no-untyped-def]
    qtbot, document, tmp_path: Path
) -> None:
    dialog = dialog_for(qtbot, document, tmp_path)
    assert not dialog.importButton.isEnabled()
    assert row_of(dialog, "Sprng launch") == ("campaign", "(decide)", "to decide")
    choices = offered(dialog, "Sprng launch")
    ours = sorted((c.name for c in repository.list_campaigns(document.pf)), key=str.casefold)
    assert choices == ["(decide)", *ours, "New campaign “Sprng launch”", SKIP_TEXT]
    # a clearly new campaign is made as before, not asked about
    with pytest.raises(KeyError):
        row_of(dialog, "Partner webinars")


def test_mapping_it_to_the_plans_campaign_imports_into_that_one(  # type: ignore[no-untyped-def]
    qtbot, document, tmp_path: Path
) -> None:
    dialog = dialog_for(qtbot, document, tmp_path)
    with qtbot.waitSignal(dialog.previewChanged):
        dialog.valuesTable.choose("Sprng launch", "Spring launch")
    assert dialog.importButton.isEnabled()
    assert row_of(dialog, "Sprng launch") == ("campaign", "Spring launch", "your choice")
    assert dialog.plan is not None
    assert [c.name for c in dialog.plan.created if isinstance(c, Campaign)] == ["Partner webinars"]


def test_new_makes_it_as_written_and_skip_leaves_its_rows_out(  # type: ignore[no-untyped-def]
    qtbot, document, tmp_path: Path
) -> None:
    dialog = dialog_for(qtbot, document, tmp_path)
    with qtbot.waitSignal(dialog.previewChanged):
        dialog.valuesTable.choose("Sprng launch", "new")
    assert dialog.importButton.isEnabled()
    assert row_of(dialog, "Sprng launch") == (
        "campaign",
        "New campaign “Sprng launch”",
        "your choice",
    )
    assert dialog.plan is not None
    made = sorted(c.name for c in dialog.plan.created if isinstance(c, Campaign))
    assert made == ["Partner webinars", "Sprng launch"]
    with qtbot.waitSignal(dialog.previewChanged):
        dialog.valuesTable.choose("Sprng launch", "skip")
    assert dialog.plan is not None
    assert [i.title for i in dialog.plan.new] == ["Webinar invite"]


def test_an_owner_row_offers_the_owner_not_the_plans_channels(  # type: ignore[no-untyped-def]
    qtbot, document, tmp_path: Path
) -> None:
    """Owners are names, not records: a row for an owner the user renamed offers it as
    written or as renamed (it offered the plan's channels)."""
    source = write_rows(
        tmp_path / "owners.xlsx",
        [["Date", "Channel", "Title", "Owner"], [date(2027, 3, 4), "Instagram", "Post", "Jo"]],
    )
    dialog = ImportDialog(document, open_source(source))
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.previewChanged):
        dialog.options.values[("owner", "jo")] = "Joanna"
        dialog.rebuild()
    assert offered(dialog, "Jo") == ["Jo", "Joanna", SKIP_TEXT]
    assert row_of(dialog, "Jo") == ("owner", "Joanna", "your choice")
