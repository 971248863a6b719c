"""Work off the GUI thread: a Task runs one function in a thread pool and reports back by signals.

A Task lives in the GUI thread; the worker emits its signals, so every slot connected to them
runs in the GUI thread (Qt queues signals across threads). The function receives the Task,
to report progress and to ask whether the user cancelled.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from replydraft.gui.faults import is_bug, log


class Task(QObject):
    """One piece of background work. Connect to `succeeded`/`failed` before it starts."""

    progress = Signal(int, int, str)  # done, total, what
    succeeded = Signal(object)  # the function's result
    failed = Signal(object)  # the exception it raised
    finished = Signal()  # after succeeded or failed

    def __init__(self, name: str, fn: Callable[[Task], Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.fn = fn
        self.done = False
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def report(self, done: int, total: int, what: str = "") -> None:
        """Called from the worker thread; the GUI sees it as the `progress` signal."""
        self.progress.emit(done, total, what)


class _Runnable(QRunnable):
    def __init__(self, task: Task) -> None:
        super().__init__()
        self.task = task
        self.setAutoDelete(True)

    def run(self) -> None:
        task = self.task
        try:
            result = task.fn(task)
        except Exception as exc:  # every failure goes to the GUI as a message, never a crash
            if is_bug(exc):
                # Logged here, in the worker, so the trace is on disk even if the GUI dies next.
                log.error("background task %r failed", task.name, exc_info=exc)
            task.failed.emit(exc)
        else:
            task.succeeded.emit(result)
        task.finished.emit()
        self.task = None  # type: ignore[assignment]  # the runnable may outlive this call


class TaskRunner(QObject):
    """A thread pool that keeps its running Tasks alive until they finish.

    `threads=1` makes a serial queue: the archive, index and searcher are only ever used
    by one worker at a time, so their lazy set-up never races. `fault(name, exc)` when a
    task failed by a bug (not a known error with its message): the window tells the officer.
    """

    fault = Signal(str, object)

    def __init__(self, threads: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(threads)
        self._active: set[Task] = set()
        self._closed = False

    def start(
        self,
        name: str,
        fn: Callable[[Task], Any],
        on_success: Callable[[Any], None] | None = None,
        on_failure: Callable[[BaseException], None] | None = None,
        on_progress: Callable[[int, int, str], None] | None = None,
    ) -> Task:
        task = Task(name, fn)
        # Results that arrive after shutdown() are dropped: the widgets they were meant for
        # may be gone by the time the queued signal is delivered.
        if on_success is not None:
            task.succeeded.connect(lambda result: None if self._closed else on_success(result))
        if on_failure is not None:
            task.failed.connect(lambda exc: None if self._closed else on_failure(exc))
        task.failed.connect(
            lambda exc: None if self._closed or not is_bug(exc) else self.fault.emit(name, exc)
        )
        if on_progress is not None:
            task.progress.connect(
                lambda done, total, what: None if self._closed else on_progress(done, total, what)
            )
        task.finished.connect(lambda: self._forget(task))
        self._active.add(task)
        self._pool.start(_Runnable(task))
        return task

    def _forget(self, task: Task) -> None:
        task.done = True
        self._active.discard(task)
        # The lambdas connected above hold the task (and what its function closed over: a
        # copy of the draft for every check) in a cycle Python's collector cannot see into;
        # deleting the QObject drops its connections and so the cycle. Its last signal has
        # been delivered: `finished` comes after `succeeded`/`failed` from the same thread.
        task.deleteLater()

    @property
    def busy(self) -> bool:
        return bool(self._active)

    def cancel_all(self) -> None:
        for task in list(self._active):
            task.cancel()

    def wait(self, msecs: int = -1) -> bool:
        """Block until every started task returned; False on timeout."""
        return bool(self._pool.waitForDone(msecs))

    def shutdown(self) -> None:
        """Drop queued tasks, ask running ones to stop, wait for them; no callback runs after."""
        self._closed = True
        self._pool.clear()
        self.cancel_all()
        self._pool.waitForDone()
