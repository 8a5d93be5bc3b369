"""The one thread that talks to the database.

The GUI thread never waits on SQLite: a count over a million consultations,
a schema upgrade or a backup would freeze the window.  Every database call
is a job handed to ``DatabaseWorker``; it runs on a single background thread,
one job at a time in the order submitted (as Anki's collection thread does),
and its result or exception comes back to the GUI thread as a queued Qt
signal, where the caller's callback runs.

One thread, not a pool: jobs never race each other (a page fetch cannot
overtake the open of the database it reads), and SQLite connections stay on
the thread that made them.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from PySide6.QtCore import QObject, QThread, Signal, Slot

T = TypeVar("T")


@dataclass
class _Job:
    on_done: Callable[[Any], None]
    on_error: Callable[[Exception], None] | None


class _Runner(QObject):
    """Lives on the worker thread; its slot runs each job."""

    finished = Signal(int, object)
    failed = Signal(int, object)

    @Slot(int, object)
    def run(self, job_id: int, fn: Callable[[], object]) -> None:
        try:
            result = fn()
        except Exception as exc:  # handed to the GUI thread, which decides
            self.failed.emit(job_id, exc)
            return
        self.finished.emit(job_id, result)

    @Slot()
    def stop(self) -> None:
        thread = QThread.currentThread()
        if thread is not None:
            thread.quit()


class DatabaseWorker(QObject):
    """Runs database jobs serially off the GUI thread.

    Create and use it on the GUI thread only; call ``stop()`` before it goes
    away (a running QThread must not be destroyed).
    """

    # Any job failed that its submitter gave no error handler for.
    error = Signal(object)
    # True while jobs are queued or running; the window shows a busy cursor.
    busy_changed = Signal(bool)

    _submit = Signal(int, object)
    _stop = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._jobs: dict[int, _Job] = {}
        self._next_id = 0
        self._stopped = False
        self._thread = QThread()
        self._thread.setObjectName("casedesk-database")
        self._runner = _Runner()
        self._runner.moveToThread(self._thread)
        # The runner lives on the other thread, so both directions are queued.
        self._submit.connect(self._runner.run)
        self._stop.connect(self._runner.stop)
        self._runner.finished.connect(self._on_finished)
        self._runner.failed.connect(self._on_failed)
        self._thread.start()

    @property
    def idle(self) -> bool:
        return not self._jobs

    @property
    def running(self) -> bool:
        return not self._stopped

    def submit(
        self,
        fn: Callable[[], T],
        on_done: Callable[[T], None],
        on_error: Callable[[Exception], None] | None = None,
    ) -> None:
        """Run ``fn()`` on the worker thread, then ``on_done(result)`` (or
        ``on_error(exc)``, else the ``error`` signal) on the GUI thread."""
        if self._stopped:
            raise RuntimeError("the database worker has been stopped")
        self._next_id += 1
        was_idle = self.idle
        self._jobs[self._next_id] = _Job(on_done, on_error)
        self._submit.emit(self._next_id, fn)
        if was_idle:
            self.busy_changed.emit(True)

    def stop(self, last: Callable[[], object] | None = None) -> None:
        """Run the queued jobs and ``last`` (closing the database, say), then
        end the thread.  Their callbacks are dropped: the caller is going away.

        This waits for the thread, so it blocks the GUI only for the jobs
        already queued; it is meant for closing the window or the app.
        """
        if self._stopped:
            return
        self._stopped = True
        if last is not None:
            self._submit.emit(0, last)
        self._stop.emit()
        self._thread.wait()
        self._jobs.clear()

    def _take(self, job_id: int) -> _Job | None:
        job = self._jobs.pop(job_id, None)
        if job is not None and self.idle:
            self.busy_changed.emit(False)
        return job

    @Slot(int, object)
    def _on_finished(self, job_id: int, result: object) -> None:
        job = self._take(job_id)
        if job is not None and not self._stopped:
            job.on_done(result)

    @Slot(int, object)
    def _on_failed(self, job_id: int, exc: Exception) -> None:
        job = self._take(job_id)
        if job is None or self._stopped:
            return
        if job.on_error is not None:
            job.on_error(exc)
        else:
            self.error.emit(exc)


class ProgressRelay(QObject):
    """Carries a long job's progress to the GUI, and the user's Cancel back.

    ``callback`` is called on the worker thread (it fits the
    ``progress(done, total) -> bool`` hooks of the services); it emits
    ``advanced`` only when the percentage moves, so a job reporting every
    row does not flood the GUI's event queue.
    """

    advanced = Signal(int, int)
    # A job in stages (a backup, then an upgrade): the stage now under way.
    stage_changed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._cancelled = threading.Event()
        self._last_percent = -1
        self._stage: str | None = None  # read and written on the worker thread only

    def cancel(self) -> None:
        self._cancelled.set()

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def staged(self, stage: str, done: int, total: int) -> bool:
        """``callback`` for a job that reports its stage too: a new stage is
        announced, and its percentage counted from the start again."""
        if stage != self._stage:
            self._stage = stage
            self._last_percent = -1
            self.stage_changed.emit(stage)
        return self.callback(done, total)

    def callback(self, done: int, total: int) -> bool:
        percent = 100 * done // total if total > 0 else 100
        if percent != self._last_percent:
            self._last_percent = percent
            self.advanced.emit(done, total)
        return not self._cancelled.is_set()
