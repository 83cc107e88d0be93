"""The painted grids' common class: one widget paints every cell and chip (no widget per
day or item). Its parts live in their own modules: ``grid_base`` (state, layout,
hit-testing), ``grid_paint``, ``grid_mouse`` (drag and drop) and ``grid_keys``; the two grids
are ``month_grid.MonthGrid`` and ``channel_grid.ChannelGrid``.
"""

from __future__ import annotations

from streamdesk.gui.calendar.grid_base import Key, describe_item
from streamdesk.gui.calendar.grid_keys import ARROWS, GridKeyboard
from streamdesk.gui.calendar.grid_mouse import GridMouse
from streamdesk.gui.calendar.grid_paint import GridPainting


class ItemGrid(GridKeyboard, GridMouse, GridPainting):
    """What both grids share: chips in cells, selection, drag and drop, keyboard."""


__all__ = ["ARROWS", "ItemGrid", "Key", "describe_item"]
