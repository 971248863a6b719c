"""Files and folders into the archive: ingest, parse and tokenize each file, then store it.

Each file is stored in its own transaction, so one bad file is reported and the others
still import. Many files are prepared by a pool of processes (one per core; jieba's own
parallel mode does not work on Windows) while this process writes to SQLite in order.
"""

from __future__ import annotations

import ctypes
import errno
import hashlib
import multiprocessing
import os
import signal
import sqlite3
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from replydraft.errors import safe_line
from replydraft.ingest import (
    NO_TEXT,
    UNSUPPORTED_DOCUMENTS,
    IngestError,
    ingest_file,
    os_error_text,
)
from replydraft.parse import PARSER_VERSION, parse
from replydraft.paths import seeds_dir
from replydraft.readers import registry
from replydraft.readers.base import Cancelled
from replydraft.readers.ocr import OcrEngine
from replydraft.readers.registry import ReadOptions
from replydraft.records import Kind, Record
from replydraft.storage.base import SEEDED_KEY, now_iso
from replydraft.storage.base import ArchiveStore as Archive
from replydraft.tokenize import Tokenizer

POOL_MIN_FILES = 8  # below this, starting worker processes costs more than it saves
# A helper's address space (POSIX): a reader needs ~250 MB with jieba's dictionary, and one
# recognising a scan (OCR: onnxruntime's threads and arenas) more than 1 GiB of address space
# (it failed at 1 GiB, read at 1.25 GiB); a document bomb that gets past ingest's checks ends
# that helper with MemoryError, not the machine.
HELPER_MEMORY = 2 * 1024 * 1024 * 1024
MIN_CHARS = 20  # fewer characters than this is no reply, proposal or policy (a stray note)
Progress = Callable[[int, int, Path], None]
Cancel = Callable[[], bool]


@dataclass
class ImportFailure:
    """A file that was not imported, and why (one line)."""

    path: Path
    problem: str

    def __str__(self) -> str:
        return safe_line(f"{self.path}: {self.problem}")


@dataclass
class ImportReport:
    added: list[str] = field(default_factory=list)  # ids of the new records, in file order
    duplicates: list[Path] = field(default_factory=list)  # files whose bytes were already stored
    failures: list[ImportFailure] = field(default_factory=list)
    cancelled: bool = False  # cancel() stopped the import before every file was done
    warnings: list[ImportFailure] = field(default_factory=list)  # imported, with losses
    stopped: str = ""  # why the import stopped early (a full disk), said once

    @property
    def ok(self) -> bool:
        return not self.failures

    def summary(self) -> str:
        """One line for a status bar or the end of a CLI run."""
        parts = [f"{len(self.added)} added", f"{len(self.duplicates)} already in the archive"]
        if self.failures:
            parts.append(f"{len(self.failures)} failed")
        if self.warnings:
            parts.append(f"{len(self.warnings)} with warnings")
        if self.cancelled:
            parts.append("cancelled")
        if self.stopped:
            parts.append("stopped early")
        return ", ".join(parts)


# --- Finding the files ---------------------------------------------------------------------


def _suffixes() -> frozenset[str]:
    return registry.suffixes()


def _skipped_name(name: str) -> bool:
    # Hidden files and folders, and the ~$ lock files Word leaves beside an open document.
    return name.startswith((".", "~$"))


def collect_files(paths: Iterable[Path | str]) -> tuple[list[Path], list[ImportFailure]]:
    """The files to import: named files, and the supported files inside named folders.

    Folders are searched recursively, skipping hidden entries and Word lock files. A named
    file of an unsupported type, or a path that does not exist, is a failure.
    """
    suffixes = _suffixes()
    files: list[Path] = []
    failures: list[ImportFailure] = []
    seen: set[str] = set()

    def keep(path: Path) -> None:
        key = os.path.normcase(str(path.resolve()))
        if key not in seen:
            seen.add(key)
            files.append(path)

    for raw in paths:
        path = Path(raw).expanduser()
        try:  # a folder on the way that may not be entered makes even is_dir() fail
            is_dir, is_file, exists = path.is_dir(), path.is_file(), path.exists()
        except OSError as e:
            failures.append(ImportFailure(path, f"无法读取（{os_error_text(e)}）"))
            continue
        if is_dir:
            for found in _walk(path, suffixes, failures):
                keep(found)
        elif is_file:
            if path.suffix.lower() in suffixes or path.suffix.lower() in UNSUPPORTED_DOCUMENTS:
                keep(path)  # ingest says what to do with an old .doc
            else:
                what = f"不支持 {path.suffix} 文件" if path.suffix else "不支持没有扩展名的文件"
                failures.append(
                    ImportFailure(path, f"{what}，请使用 {registry.suffix_list()} 文件")
                )
        elif exists:
            failures.append(ImportFailure(path, "不是普通文件，无法导入"))
        else:
            failures.append(ImportFailure(path, "找不到该文件或文件夹"))
    return files, failures


def _walk(top: Path, suffixes: frozenset[str], failures: list[ImportFailure]) -> Iterator[Path]:
    def unreadable(e: OSError) -> None:
        where = Path(e.filename) if e.filename else top
        failures.append(ImportFailure(where, f"无法读取文件夹（{os_error_text(e)}）"))

    for folder, dirnames, filenames in os.walk(top, onerror=unreadable):
        dirnames[:] = sorted(d for d in dirnames if not _skipped_name(d))
        for name in sorted(filenames):
            suffix = Path(name).suffix.lower()
            # Old .doc/.wps files go through too: ingest reports them as not supported.
            if not _skipped_name(name) and (suffix in suffixes or suffix in UNSUPPORTED_DOCUMENTS):
                path = Path(folder) / name
                if path.is_file():
                    yield path


# --- Preparing one file (in this process or in a worker) -----------------------------------


@dataclass
class _Prepared:
    """A file read, parsed and tokenized, ready to be stored."""

    path: Path
    record: Record
    tokens: list[list[str]]
    kind_forced: bool
    warnings: tuple[str, ...] = ()


_Outcome = _Prepared | ImportFailure


def _one_line(message: str, path: Path) -> str:
    lines = [line.strip() for line in message.strip().splitlines() if line.strip()]
    text = lines[0] if lines else "未知问题"
    # IngestError says "file: problem"; the failure already carries the path.
    for prefix in (f"{path}: ", f"{path.name}: "):
        if text.startswith(prefix) and len(text) > len(prefix):
            return text[len(prefix) :]
    return text


def _unexpected(exc: BaseException, path: Path) -> ImportFailure:
    detail = _one_line(str(exc), path) if str(exc).strip() else ""
    name = type(exc).__name__
    return ImportFailure(path, f"意外错误（{name}: {detail}）" if detail else f"意外错误（{name}）")


def _prepare(
    path: Path, kind: Kind | None, tokenizer: Tokenizer, read: ReadOptions | None = None
) -> _Outcome:
    """Ingest, parse and tokenize one file; every problem becomes an ImportFailure, except
    Cancelled (read.cancel() said stop in the middle of a scan)."""
    try:
        ingested = ingest_file(path, read)
        if not ingested.paragraphs:
            return ImportFailure(path, NO_TEXT)
        chars = sum(len("".join(p.split())) for p in ingested.paragraphs)
        if chars < MIN_CHARS:
            return ImportFailure(
                path, f"文字过少（只有 {chars} 个字），不像答复、提案或政策文件，未导入"
            )
        # A forced kind also picks the parser's reading (a proposal's fields for --kind proposal).
        parsed = parse(ingested.paragraphs, kind)
        if kind is not None:
            parsed.kind = Kind(kind)
        record = Record(
            id=ingested.sha256[:12],
            sha256=ingested.sha256,
            source=readable_name(ingested.source),
            format=ingested.format,
            encoding=ingested.encoding,
            paragraphs=list(ingested.paragraphs),
            parsed=parsed,
        )
        tokens = [tokenizer.tokens(p) for p in record.paragraphs]
        return _Prepared(path, record, tokens, kind is not None, ingested.warnings)
    except IngestError as e:
        return ImportFailure(path, _one_line(e.problem, path))
    except Cancelled:
        raise
    except MemoryError:
        return ImportFailure(path, _TOO_BIG)
    except Exception as e:  # one odd file must never stop the import
        return _unexpected(e, path)


# The tokenizer of a pool worker process, built once by _init_worker. Module-level because
# under "spawn" (Windows, frozen apps) a worker can only reach top-level names.
_worker_tokenizer: Tokenizer | None = None
# Its OCR engine: models load on the first scan only, then serve every scan after. One
# thread each: the workers already use every core.
_worker_ocr: OcrEngine | None = None


def _init_worker(parent: int = 0) -> None:
    global _worker_tokenizer, _worker_ocr
    _die_with_parent(parent)
    _limit_memory(HELPER_MEMORY)
    _worker_ocr = OcrEngine(threads=1)
    _worker_tokenizer = Tokenizer()
    _worker_tokenizer.words("初始化")  # load jieba's dictionary now, not inside the first file


def _prepare_in_worker(path: Path, kind: Kind | None) -> _Outcome:
    if _worker_tokenizer is None:  # the initializer failed; say so for this file
        return ImportFailure(path, "意外错误（后台进程未能加载分词器）")
    return _prepare(path, kind, _worker_tokenizer, ReadOptions(ocr=_worker_ocr))


def _die_with_parent(parent: int) -> None:
    """End this helper when the importing process dies, even by kill -9 (which no cleanup
    code sees): Linux delivers SIGKILL on the parent's death (prctl PR_SET_PDEATHSIG);
    elsewhere a thread watches the parent's id."""
    if not parent:
        return
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # 1: PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
        else:
            if os.getppid() != parent:  # it died before the prctl took hold
                os._exit(1)
            return
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()


def _watch_parent(parent: int) -> None:
    while True:
        if os.getppid() != parent:
            os._exit(1)
        threading.Event().wait(1.0)


def _limit_memory(limit: int) -> None:
    """Cap this process's address space (POSIX); nothing to do where `resource` is missing."""
    try:
        import resource
    except ImportError:  # Windows
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    if soft == resource.RLIM_INFINITY or soft > limit:
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def readable_name(name: str) -> str:
    """A file name fit to store and show: the bytes of a name the file system's encoding
    could not decode (GBK bytes on a UTF-8 Linux: surrogateescape) read as GB18030, else
    with replacement characters."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        raw = os.fsencode(name)
        for encoding in ("utf-8", "gb18030"):
            try:
                return raw.decode(encoding)
            except UnicodeDecodeError:
                continue
        return raw.decode("utf-8", "replace")
    return name


def _disk_full(e: BaseException) -> bool:
    """True when a write failed for want of space (SQLite says SQLITE_FULL, the OS ENOSPC)."""
    seen: BaseException | None = e
    while seen is not None:
        if isinstance(seen, OSError) and seen.errno == errno.ENOSPC:
            return True
        if isinstance(seen, sqlite3.Error) and (getattr(seen, "sqlite_errorcode", 0) & 0xFF) == 13:
            return True
        if "磁盘已满" in str(seen):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


# --- Storing ---------------------------------------------------------------------------------


def _file_sha256(path: Path) -> str | None:
    """The SHA-256 of a file's bytes, or None when it cannot be read (ingest will say why)."""
    digest = hashlib.sha256()
    try:
        with path.open("rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return None
    return digest.hexdigest()


class _Writer:
    """Stores outcomes in the archive, one transaction per file, and fills the report."""

    def __init__(
        self, archive: Archive, report: ImportReport, total: int, progress: Progress | None
    ) -> None:
        self.archive = archive
        self.report = report
        self.total = total
        self.progress = progress
        self.done = 0

    def known(self, path: Path) -> bool:
        """True (and reported as a duplicate) when the file's bytes are already stored."""
        sha = _file_sha256(path)
        if sha is None or not self.archive.has_sha(sha):
            return False
        self.report.duplicates.append(path)
        self._step(path)
        return True

    def store(self, outcome: _Outcome) -> None:
        if self.report.stopped:  # the disk is full: every later file would fail the same way
            path = outcome.path
            self.report.failures.append(ImportFailure(path, "未导入（导入已因磁盘已满而停止）"))
        elif isinstance(outcome, ImportFailure):
            self.report.failures.append(outcome)
        else:
            try:
                added = self.archive.add(
                    outcome.record,
                    outcome.tokens,
                    parser_version=PARSER_VERSION,
                    kind_forced=outcome.kind_forced,
                )
            except Exception as e:  # a failed write is rolled back; the other files go on
                self.report.failures.append(
                    ImportFailure(
                        outcome.path, f"无法存入档案库：{_one_line(str(e), outcome.path)}"
                    )
                )
                if _disk_full(e):
                    self.report.stopped = "磁盘已满，导入已停止：请腾出空间后再导入未导入的文件"
            else:
                if added:
                    self.report.added.append(outcome.record.id)
                else:
                    self.report.duplicates.append(outcome.path)
                self.report.warnings.extend(
                    ImportFailure(outcome.path, w) for w in outcome.warnings
                )
        self._step(outcome.path)

    def _step(self, path: Path) -> None:
        self.done += 1
        if self.progress is not None:
            self.progress(self.done, self.total, path)


def default_workers() -> int:
    """The number of cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def import_paths(
    archive: Archive,
    paths: Iterable[Path | str],
    *,
    kind: Kind | None = None,
    tokenizer: Tokenizer | None = None,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
    workers: int | None = None,
) -> ImportReport:
    """Import files and folders; see ImportReport for what happened to each file.

    `kind` overrides the parser's kind. `progress(done, total, path)` runs after each file,
    `cancel()` before each file: when it returns True the import stops, keeping what is
    stored. `workers` is the number of processes (default: one per core); 1 means none.
    """
    files, failures = collect_files(paths)
    report = ImportReport(failures=failures)
    writer = _Writer(archive, report, len(files), progress)
    should_stop = cancel or (lambda: False)
    count = default_workers() if workers is None else max(1, workers)
    count = min(count, len(files))

    def own_tokenizer() -> Tokenizer:
        return tokenizer or Tokenizer()

    if count > 1 and len(files) >= POOL_MIN_FILES:
        _import_with_pool(files, kind, count, writer, should_stop, own_tokenizer)
    else:
        _import_here(files, kind, own_tokenizer(), writer, should_stop)
    return report


def _import_here(
    files: Iterable[Path], kind: Kind | None, tokenizer: Tokenizer, writer: _Writer, stop: Cancel
) -> None:
    read = ReadOptions(cancel=stop, ocr=OcrEngine())  # a scan stops between its pages too
    for path in files:
        if stop():
            writer.report.cancelled = True
            return
        if not writer.known(path):
            try:
                outcome = _prepare(path, kind, tokenizer, read)
            except Cancelled:
                writer.report.cancelled = True
                return
            writer.store(outcome)


def _new_pool(workers: int) -> ProcessPoolExecutor:
    # "spawn" everywhere: it is what Windows and frozen apps get anyway, and forking a
    # process that runs Qt threads is unsafe.
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_init_worker,
        initargs=(os.getpid(),),
    )


_CRASHED = "读取此文件的后台进程异常退出（文件可能过大或是恶意构造的），未导入"
_TOO_BIG = "读取此文件所需内存超出上限（文件可能过大或是恶意构造的），未导入"


def _import_with_pool(
    files: list[Path],
    kind: Kind | None,
    workers: int,
    writer: _Writer,
    stop: Cancel,
    tokenizer: Callable[[], Tokenizer],
) -> None:
    """Workers prepare files; this process stores them in file order."""
    todo = deque(files)
    window = workers * 4  # enough queued work to keep every worker busy, little memory
    in_flight: deque[tuple[Path, Future[_Outcome]]] = deque()
    pool = _new_pool(workers)
    pool_ran = False  # a worker has delivered a file: processes do work here
    try:
        while todo or in_flight:
            if stop():
                writer.report.cancelled = True
                return
            try:
                while todo and len(in_flight) < window:
                    if not writer.known(todo[0]):
                        future = pool.submit(_prepare_in_worker, todo[0], kind)
                        in_flight.append((todo[0], future))
                    todo.popleft()
                if not in_flight:
                    continue
                path, future = in_flight[0]
                outcome = future.result()
            except (BrokenProcessPool, OSError):
                # A worker died, or none could be started. Every file in flight is lost.
                lost = [p for p, _ in in_flight]
                in_flight.clear()
                pool.shutdown(wait=True, cancel_futures=True)
                if not pool_ran:
                    # Processes cannot work here (e.g. a frozen app without freeze_support,
                    # or no right to start processes): do the work in this process instead.
                    _import_here([*lost, *todo], kind, tokenizer(), writer, stop)
                    todo.clear()
                    return
                # Something in a file crashed its reader: run the lost files one at a time.
                pool = _new_pool(workers)
                for lost_path in lost:
                    if stop():
                        writer.report.cancelled = True
                        return
                    try:
                        outcome = pool.submit(_prepare_in_worker, lost_path, kind).result()
                    except (BrokenProcessPool, OSError):
                        outcome = ImportFailure(lost_path, _CRASHED)
                        pool.shutdown(wait=True, cancel_futures=True)
                        pool = _new_pool(workers)
                    writer.store(outcome)
                continue
            except Exception as e:  # e.g. a result that could not be sent back
                outcome = _unexpected(e, path)
            pool_ran = True
            in_flight.popleft()
            writer.store(outcome)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


# --- Re-parsing and seeds --------------------------------------------------------------------


@dataclass
class Reparsed:
    """What `reparse` did: how many records it parsed again, and those whose fields changed
    (the only ones the search index must take again)."""

    count: int
    changed: list[str]


def reparse(archive: Archive, ids: Iterable[str] | None = None) -> Reparsed:
    """Parse stored paragraphs again with the current parser.

    Without `ids`, only the records an older (or other) parser version read. A kind forced at
    import is kept.
    """
    chosen = archive.stale_ids(PARSER_VERSION) if ids is None else [archive.resolve(i) for i in ids]
    changed = []
    for doc_id in chosen:
        record = archive.get(doc_id)
        parsed = parse(record.paragraphs, archive.forced_kind(doc_id))
        if parsed != record.parsed:
            changed.append(doc_id)
        archive.update_parsed(doc_id, parsed, parser_version=PARSER_VERSION)
    return Reparsed(len(chosen), changed)


def seed_archive(archive: Archive, *, tokenizer: Tokenizer | None = None) -> ImportReport:
    """Import the bundled seed documents (already stored ones count as duplicates)."""
    report = import_paths(archive, [seeds_dir()], tokenizer=tokenizer, workers=1)
    archive.set_meta(SEEDED_KEY, now_iso())
    return report


def ensure_seeded(archive: Archive, *, tokenizer: Tokenizer | None = None) -> ImportReport | None:
    """Seed an archive once in its life; None when it was seeded before.

    Once, so that records the user deletes do not come back at the next start.
    """
    if archive.get_meta(SEEDED_KEY) is not None:
        return None
    return seed_archive(archive, tokenizer=tokenizer)
