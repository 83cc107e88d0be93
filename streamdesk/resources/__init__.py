"""Files the app reads at run time (the icon), shipped inside the package.

They live in the package, not beside it, so that a wheel, an editable install and a
PyInstaller bundle all find them the same way: through ``importlib.resources``.
"""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable

ICON = "streamdesk.svg"


def resource(name: str) -> Traversable:
    """One shipped file; read it with ``read_bytes()`` or use it where a path is needed."""
    return files(__name__).joinpath(name)
