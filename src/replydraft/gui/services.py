"""The GUI's handle on the core: the Workspace, with its slow parts used only off the GUI thread.

Everything that touches the archive, the index or the searcher runs on one serial worker, so
the Workspace's lazily built parts are built once, in order, and never used by two threads
at a time. Imports run on their own worker (they take minutes for a big folder) and hand the
index update back to the serial one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from replydraft.gui.workers import Task, TaskRunner
from replydraft.workspace import Workspace


class CoreServices(QObject):
    """Wraps one Workspace. `archive_ready(count)` once the archive is open (seeded the first
    time); `search_progress(done, total)` while a long index build runs; `search_ready()` once
    the index and tokenizer are loaded; `archive_changed()` after an import or a deletion
    reached the index."""

    archive_ready = Signal(int)
    archive_failed = Signal(str)
    search_progress = Signal(int, int)
    search_ready = Signal()
    search_failed = Signal(str)
    archive_changed = Signal()
    fault = Signal(str, object)  # a background task's bug: (task name, exception)

    def __init__(self, workspace: Workspace, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.serial = TaskRunner(1, self)  # archive, index, searcher
        self.general = TaskRunner(2, self)  # reading files, exports, proofreading
        self.imports = TaskRunner(1, self)  # long imports
        for runner in (self.serial, self.general, self.imports):
            runner.fault.connect(self.fault)
        self.is_archive_ready = False
        self.is_search_ready = False
        self.record_count = 0

    def start(self) -> None:
        """Open the archive, then load the search index, both off the GUI thread."""
        self.serial.start(
            "open-archive",
            lambda task: self.workspace.archive.count(),
            self._on_archive,
            self._on_archive_failed,
        )
        loading = self.serial.start(
            "load-search",
            self._load_search,
            lambda _s: self._on_search(),
            lambda exc: self.search_failed.emit(str(exc)),
        )
        loading.progress.connect(lambda done, total, _what: self.search_progress.emit(done, total))

    def _load_search(self, task: Task) -> object:
        self.workspace.load_index(progress=task.report)
        searcher = self.workspace.searcher
        # jieba reads its dictionary on first use (about a second): now, not in the first search.
        self.workspace.tokenizer.tokens("预热分词词典")
        return searcher

    def _on_archive(self, count: int) -> None:
        self.is_archive_ready = True
        self.record_count = count
        self.archive_ready.emit(count)

    def _on_archive_failed(self, exc: BaseException) -> None:
        self.archive_failed.emit(str(exc))

    def _on_search(self) -> None:
        self.is_search_ready = True
        self.search_ready.emit()

    def run(
        self,
        name: str,
        fn: Callable[[Workspace, Task], Any],
        on_success: Callable[[Any], None] | None = None,
        on_failure: Callable[[BaseException], None] | None = None,
    ) -> Task:
        """Run `fn(workspace, task)` on the serial worker."""
        return self.serial.start(
            name, lambda task: fn(self.workspace, task), on_success, on_failure
        )

    def background(
        self,
        name: str,
        fn: Callable[[Task], Any],
        on_success: Callable[[Any], None] | None = None,
        on_failure: Callable[[BaseException], None] | None = None,
        on_progress: Callable[[int, int, str], None] | None = None,
    ) -> Task:
        """Run work that does not touch the archive (reading a file, an export)."""
        return self.general.start(name, fn, on_success, on_failure, on_progress)

    def notify_archive_changed(self) -> None:
        """After a change of the archive: bring the index up to date, then tell the views."""

        def sync(ws: Workspace, task: Task) -> int:
            ws.index.sync(ws.archive, tokenizer=ws.tokenizer)
            return ws.archive.count()

        def done(count: int) -> None:
            self.record_count = count
            self.archive_changed.emit()

        self.run("sync-index", sync, done, lambda exc: self.archive_failed.emit(str(exc)))

    @property
    def busy(self) -> bool:
        return self.serial.busy or self.general.busy or self.imports.busy

    def shutdown(self) -> None:
        """Cancel what can be cancelled, wait for the rest, close the archive and index."""
        for runner in (self.imports, self.general, self.serial):
            runner.shutdown()
        self.workspace.close()
