"""The window's job runner: work runs off the GUI thread, reports, and stops when told."""

from __future__ import annotations

import threading

from PySide6.QtCore import QThread
from PySide6.QtWidgets import QWidget

from streamdesk.gui.jobs import Job, JobFailed, JobRunner, Progress


def make_runner(qtbot) -> tuple[QWidget, JobRunner]:  # type: ignore[no-untyped-def]
    owner = QWidget()
    qtbot.addWidget(owner)
    return owner, JobRunner(owner)


def test_work_runs_in_another_thread_and_its_result_arrives(qtbot) -> None:  # type: ignore[no-untyped-def]
    owner, runner = make_runner(qtbot)
    seen: list[object] = []

    def work(progress: Progress) -> object:
        seen.append(QThread.currentThread())
        for done in range(3):
            progress(done, 2)
        return "done"

    job = Job(work, "Test", "Working…", owner)
    steps: list[tuple[int, int]] = []
    job.progressed.connect(lambda d, t: steps.append((d, t)))
    with qtbot.waitSignal(job.finished, timeout=10000):
        runner.start(job)
        assert runner.jobs() == [job]
    assert job.result == "done" and job.error is None
    assert seen and seen[0] is not QThread.currentThread()
    assert steps == [(0, 2), (1, 2), (2, 2)]
    assert runner.jobs() == []


def test_failures_are_messages_and_bugs_are_reported_not_lost(qtbot) -> None:  # type: ignore[no-untyped-def]
    owner, runner = make_runner(qtbot)

    def expected(progress: Progress) -> object:
        raise JobFailed("the disk is full")

    def bug(progress: Progress) -> object:
        raise KeyError("oops")

    messages: list[str] = []
    for work in (expected, bug):
        job = Job(work, "Export", "…", owner)
        job.failed.connect(messages.append)
        with qtbot.waitSignal(job.finished, timeout=10000):
            runner.start(job)
    assert messages[0] == "the disk is full"
    assert messages[1].startswith("Export failed unexpectedly (KeyError")


def test_shutdown_cancels_running_jobs_and_waits_for_them(qtbot) -> None:  # type: ignore[no-untyped-def]
    owner, runner = make_runner(qtbot)
    started = threading.Event()
    stopped: list[int] = []

    def endless(progress: Progress) -> object:
        done = 0
        try:
            while True:
                progress(done, done + 1)
                started.set()
                done += 1
                sum(range(20000))  # a slice of real work between reports
        finally:
            stopped.append(done)

    job = Job(endless, "Test", "…", owner)
    cancelled: list[bool] = []
    job.cancelled.connect(lambda: cancelled.append(True))
    runner.start(job)
    assert started.wait(10)
    runner.shutdown()
    assert not job.is_running()
    assert stopped  # the work ended before shutdown returned
    qtbot.waitUntil(lambda: cancelled == [True])
