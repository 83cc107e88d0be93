"""No garbage collection while the window starts; what start-up made is then frozen.

Start-up makes a few hundred thousand objects (modules, classes, Qt wrappers, then
matplotlib) that live as long as the process: collecting while they are made frees next
to nothing, yet it cost ~15 ms before the first frame, and every full collection after
went through them all again (~100 ms in the middle of a 20,000-item plan's first load).
``gc.freeze`` keeps them out of the collector's way from then on.

Plain Python, no Qt: ``streamdesk`` (the command line, the process's entry point) pauses
before it imports the GUI, and the window resumes once its chart is built. ``run_gui``
called on its own (a test, in a process that lives on) changes nothing of the collector.
"""

from __future__ import annotations

import gc

_resume_to: bool | None = None  # the collector's state before the pause; None: no pause


def pause() -> None:
    """Stop collecting until :func:`resume` (a second pause does nothing)."""
    global _resume_to
    if _resume_to is None:
        _resume_to = gc.isenabled()
        gc.disable()


def resume() -> None:
    """Freeze what was made meanwhile and collect again as before (once; later calls and
    calls without a pause do nothing)."""
    global _resume_to
    if _resume_to is None:
        return
    gc.freeze()
    if _resume_to:
        gc.enable()
    _resume_to = None


def paused() -> bool:
    return _resume_to is not None
