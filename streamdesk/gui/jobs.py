"""Background work with an owner: the main window's job runner.

Long work (exporting 20,000 items) runs in a worker thread so that the window stays
responsive. Every job belongs to the window's :class:`JobRunner`; closing the window
cancels the running jobs and waits for their threads, so no thread outlives the
objects it reports to (Qt aborts the process when a running ``QThread`` is destroyed).

The work itself is a plain function ``work(progress) -> result`` run in the thread: it
calls ``progress(done, total)`` now and then, which raises :class:`JobCancelled` once
the job was cancelled, and raises :class:`JobFailed` for a failure the user should read.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

Progress = Callable[[int, int], None]
Work = Callable[[Progress], object]

PROGRESS_DELAY_MS = 400
"""A progress dialog appears only for jobs that last longer than this."""


class JobCancelled(Exception):
    """Raised from the progress callback of a cancelled job; the work stops there."""


class JobFailed(Exception):
    """Raised by the work for a failure the user should read; the message is shown as is."""


class _Worker(QObject):
    """Runs the work in the job's thread; everything it reports goes through signals."""

    progressed = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, work: Work, what: str) -> None:
        super().__init__()
        self._work = work
        self._what = what
        self._cancel = threading.Event()

    def cancel(self) -> None:
        """Ask the work to stop at its next progress report (any thread)."""
        self._cancel.set()

    def _progress(self, done: int, total: int) -> None:
        if self._cancel.is_set():
            raise JobCancelled
        self.progressed.emit(done, total)

    @Slot()
    def run(self) -> None:
        try:
            result = self._work(self._progress)
        except JobCancelled:
            self.cancelled.emit()
        except JobFailed as error:
            self.failed.emit(str(error))
        except Exception as error:  # a bug must reach the user, not die in a thread
            self.failed.emit(f"{self._what} failed unexpectedly ({type(error).__name__}: {error}).")
        else:
            self.succeeded.emit(result)
        finally:
            # Hand the worker back to the GUI thread before its own ends: the job deletes it
            # there, so no object is torn down in one thread while the other touches it.
            app = QCoreApplication.instance()
            if app is not None:
                self.moveToThread(app.thread())
            # quit from here: the GUI thread may be blocked in wait() and cannot deliver it
            QThread.currentThread().quit()


class Job(QObject):
    """One piece of background work: its thread, its worker and its progress dialog.

    ``succeeded``, ``failed`` and ``cancelled`` arrive in the GUI thread; ``finished``
    follows once the thread has ended, whatever the outcome.
    """

    progressed = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(str)
    cancelled = Signal()
    finished = Signal()

    def __init__(self, work: Work, what: str, label: str, dialog_parent: QWidget) -> None:
        super().__init__()
        self._worker_thread = QThread(self)
        self._worker_thread.setObjectName("jobThread")
        self.worker = _Worker(work, what)
        self.worker.moveToThread(self._worker_thread)
        self.dialog = QProgressDialog(label, "Cancel", 0, 0, dialog_parent)
        self.dialog.setObjectName("jobProgress")
        self.dialog.setWindowTitle(what)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(PROGRESS_DELAY_MS)
        self.dialog.setAutoReset(False)
        self.dialog.setAutoClose(False)
        # the GUI thread's own slot: it only sets the worker's flag (a threading.Event)
        self.dialog.canceled.connect(self.cancel)
        self._worker_thread.started.connect(self.worker.run)
        self.worker.progressed.connect(self._on_progress)
        self.worker.succeeded.connect(self._on_succeeded)
        self.worker.failed.connect(self._on_failed)
        self.worker.cancelled.connect(self.cancelled)
        self._worker_thread.finished.connect(self._on_thread_finished)
        self.result: object | None = None
        self.error: str | None = None

    def start(self) -> None:
        self.dialog.setValue(0)
        self._worker_thread.start()

    def cancel(self) -> None:
        self.worker.cancel()

    def is_running(self) -> bool:
        return self._worker_thread.isRunning()

    def wait(self) -> None:
        """Block until the thread has ended (after :meth:`cancel`, at its next progress)."""
        self._worker_thread.wait()

    @Slot(int, int)
    def _on_progress(self, done: int, total: int) -> None:
        if self.dialog.maximum() != total:
            self.dialog.setMaximum(total)
        self.dialog.setValue(done)
        self.progressed.emit(done, total)

    @Slot(object)
    def _on_succeeded(self, result: object) -> None:
        self.result = result
        self.succeeded.emit(result)

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self.error = message
        self.dialog.hide()
        self.failed.emit(message)

    @Slot()
    def _on_thread_finished(self) -> None:
        self._worker_thread.wait()  # it has finished or is about to: nothing runs in it now
        self.worker.deleteLater()  # back in the GUI thread (see _Worker.run)
        self.dialog.close()
        self.dialog.deleteLater()
        self.finished.emit()
        self.deleteLater()


class JobRunner(QObject):
    """The window's background jobs: started here, cancelled and waited for on close."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.setObjectName("jobRunner")
        self._jobs: list[Job] = []

    def start(self, job: Job) -> Job:
        job.setParent(self)
        self._jobs.append(job)
        job.finished.connect(lambda: self._forget(job))
        job.start()
        return job

    def _forget(self, job: Job) -> None:
        if job in self._jobs:
            self._jobs.remove(job)

    def jobs(self) -> list[Job]:
        return list(self._jobs)

    def shutdown(self) -> None:
        """Cancel every running job and wait for its thread: nothing runs after this."""
        for job in self._jobs:
            job.cancel()
        for job in self._jobs:
            job.wait()
