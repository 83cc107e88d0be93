"""The client report (a vector PDF for a period) and the page renderers printing shares.

Layer: reads the plan through storage and domain functions and draws with QtGui
(``QPdfWriter``, ``QPainter``); no SQL, no spreadsheet library, no widgets.
"""

from streamdesk.report.build import write_report
from streamdesk.report.canvas import MIN_FONT_PT, SIZES, paper_by_name, paper_for
from streamdesk.report.data import PeriodError, ReportPeriod, gather

__all__ = [
    "MIN_FONT_PT",
    "SIZES",
    "PeriodError",
    "ReportPeriod",
    "gather",
    "paper_by_name",
    "paper_for",
    "write_report",
]
