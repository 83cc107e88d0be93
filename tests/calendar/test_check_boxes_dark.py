"""Check boxes that show on a dark palette: in the Repeat section (seen at 1366×768, the
unticked Tue, Thu, Sat and Sun were dark smudges on the dark window) and in the Cadence
table's "Ideas count" column."""

from __future__ import annotations

from datetime import date

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QCheckBox, QWidget

from streamdesk.domain import Item, Stream
from streamdesk.domain.channels import contrast_ratio
from streamdesk.gui.cadence_editor import CadenceEditor
from streamdesk.gui.calendar.item_dialog import ItemDialog

DARK = {"Window": "#353535", "WindowText": "#e6e6e6", "Base": "#232323", "Text": "#e6e6e6",
        "Button": "#3c3c3c", "ButtonText": "#e6e6e6"}  # fmt: skip


def _palette(colours: dict[str, str]) -> QPalette:
    palette = QPalette(QApplication.palette())
    for role, colour in colours.items():
        palette.setColor(getattr(QPalette.ColorRole, role), QColor(colour))
    return palette


def _box_contrast(box: QCheckBox, window: str) -> float:
    """The strongest contrast against the window among the indicator's pixels."""
    image = box.grab().toImage()
    width = box.style().pixelMetric(box.style().PixelMetric.PM_IndicatorWidth) + 4
    return max(
        contrast_ratio(image.pixelColor(x, y).name(), window)
        for x in range(min(width, image.width()))
        for y in range(image.height())
    )


def test_the_repeat_sections_day_boxes_show_on_a_dark_window(qtbot, document) -> None:  # type: ignore[no-untyped-def]
    channels = document.channels(Stream.DOWNSTREAM)
    dialog = ItemDialog(Item("Tips", date(2027, 3, 1), channels[0].id), channels=channels)
    qtbot.addWidget(dialog)
    dialog.setPalette(_palette(DARK))
    dialog.repeatSection.set_rule("FREQ=WEEKLY;BYDAY=MO")
    dialog.show()
    qtbot.waitExposed(dialog)
    assert QApplication.style().name().lower() == "fusion"  # Qt's default here, offscreen
    unticked = [c for c in dialog.repeatSection.dayChecks if not c.isChecked()]
    assert unticked
    # WCAG's 3:1 for the parts of a control that say what it is
    assert all(_box_contrast(c, DARK["Window"]) >= 3 for c in [*unticked, dialog.timeCheck])


def test_a_light_palette_keeps_the_styles_own_boxes(qtbot, document) -> None:  # type: ignore[no-untyped-def]
    channels = document.channels(Stream.DOWNSTREAM)
    dialog = ItemDialog(Item("Tips", date(2027, 3, 1), channels[0].id), channels=channels)
    qtbot.addWidget(dialog)
    dialog.setPalette(_palette(DARK))
    dialog.setPalette(_palette({"Window": "#efefef", "WindowText": "#000000"}))
    box = dialog.repeatSection.dayChecks[1]
    assert box.palette().color(QPalette.ColorRole.Window).name() == "#efefef"


def test_the_ideas_count_boxes_show_on_a_dark_window(qtbot, document) -> None:  # type: ignore[no-untyped-def]
    host = QWidget()
    qtbot.addWidget(host)
    host.setPalette(_palette(DARK))
    editor = CadenceEditor([], document.channels(Stream.DOWNSTREAM), parent=host)
    editor.add_row(None)
    host.resize(640, 300)
    host.show()
    qtbot.waitExposed(host)
    ideas = editor.table.cellWidget(0, 4)
    assert isinstance(ideas, QCheckBox)
    assert _box_contrast(ideas, DARK["Base"]) >= 3  # it sits on the table's base


def test_a_choice_that_makes_no_rule_is_said_as_a_problem(qtbot, document) -> None:  # type: ignore[no-untyped-def]
    """Seen in the dialog: "A weekly repeat needs at least one day" in the plain text colour
    under the choices read like one more summary."""
    channels = document.channels(Stream.DOWNSTREAM)
    for colours in (DARK, {"Window": "#efefef", "WindowText": "#000000"}):
        dialog = ItemDialog(Item("Tips", date(2027, 3, 1), channels[0].id), channels=channels)
        qtbot.addWidget(dialog)
        dialog.setPalette(_palette(colours))
        section = dialog.repeatSection
        section.set_rule("FREQ=WEEKLY;BYDAY=MO")
        dialog.show()
        label = section.summaryLabel
        normal = label.palette().color(QPalette.ColorRole.WindowText)
        for check in section.dayChecks:
            check.setChecked(False)
        assert label.text() == "A weekly repeat needs at least one day"
        shown = label.palette().color(QPalette.ColorRole.WindowText)
        assert shown != normal
        assert contrast_ratio(shown.name(), colours["Window"]) >= 4.5
        section.dayChecks[0].setChecked(True)  # a rule again: the plain colour again
        assert label.palette().color(QPalette.ColorRole.WindowText) == normal
