"""The GUI's handle on the core: the Workspace, with its slow parts used only off the GUI thread.

Everything that touches the archive, the index or the searcher runs on one serial worker, so
the Workspace's lazily built parts are built once, in order, and never used by two threads
at a time. Imports run on their own worker (they take minutes for a big folder) and hand the
index update back to the serial one. A whole index build (an update changed its format, a
big import) runs on a worker of its own, into a folder beside the index in use, which keeps
answering on the serial worker; the serial worker puts the new one in place when it is done.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from replydraft.gui.workers import Task, TaskRunner
from replydraft.workspace import Workspace


class CoreServices(QObject):
    """Wraps one Workspace. `archive_ready(count)` once the archive is open (seeded the first
    time); `search_progress(done, total)` while a long index build runs (in the background
    once `search_ready()` came: `rebuild_answers` says whether the old index answers
    meanwhile or nothing does); `search_ready()` once the index and tokenizer are loaded;
    `archive_changed()` after an import or a deletion reached the index, and after a
    background build took the old index's place."""

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
        self.rebuilds = TaskRunner(1, self)  # a whole index build beside the one in use
        for runner in (self.serial, self.general, self.imports, self.rebuilds):
            runner.fault.connect(self.fault)
        self.is_archive_ready = False
        self.is_search_ready = False
        self.record_count = 0
        self.rebuilding = False  # a background build runs; searches answer from the old index
        self.rebuild_answers = False  # ... which holds something (not another format)

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
            self._on_search,
            lambda exc: self.search_failed.emit(str(exc)),
        )
        loading.progress.connect(lambda done, total, _what: self.search_progress.emit(done, total))

    def _load_search(self, task: Task) -> tuple[bool, bool]:
        """(a whole build is due, the index in use answers meanwhile)."""
        ws = self.workspace
        rebuild = ws.open_index_now(progress=task.report)
        ws.searcher  # noqa: B018 - made here, on the serial worker
        # jieba reads its dictionary on first use (about a second): now, not in the first search.
        ws.tokenizer.tokens("预热分词词典")
        return rebuild, len(ws.index) > 0

    def _on_archive(self, count: int) -> None:
        self.is_archive_ready = True
        self.record_count = count
        self.archive_ready.emit(count)

    def _on_archive_failed(self, exc: BaseException) -> None:
        self.archive_failed.emit(str(exc))

    def _on_search(self, loaded: tuple[bool, bool]) -> None:
        rebuild, answers = loaded
        if rebuild:
            self.rebuilding, self.rebuild_answers = True, answers
        self.is_search_ready = True
        self.search_ready.emit()
        if rebuild:
            self._start_rebuild()

    def _start_rebuild(self) -> None:
        def build(task: Task) -> None:
            self.workspace.build_index_beside(progress=task.report, cancel=task.is_cancelled)

        def swap(ws: Workspace, task: Task) -> int:
            ws.swap_index()
            return ws.archive.count()

        def swapped(count: int) -> None:
            self.rebuilding = False
            self.record_count = count
            self.archive_changed.emit()  # the views search again, in the new index

        def failed(exc: BaseException) -> None:
            self.rebuilding = False
            self.search_failed.emit(str(exc))

        self.rebuilds.start(
            "rebuild-index",
            build,
            lambda _r: self._swap(swap, swapped, failed),
            failed,
            lambda done, total, _what: self.search_progress.emit(done, total),
        )

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

    def _swap(
        self,
        swap: Callable[[Workspace, Task], int],
        swapped: Callable[[int], None],
        failed: Callable[[BaseException], None],
    ) -> None:
        self.run("swap-index", swap, swapped, failed)

    def notify_archive_changed(self) -> None:
        """After a change of the archive: bring the index up to date, then tell the views."""

        def sync(ws: Workspace, task: Task) -> int:
            ws.refresh_index()  # while a build runs beside, its swap catches up instead
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
        for runner in (self.rebuilds, self.imports, self.general, self.serial):
            runner.shutdown()
        self.workspace.close()
