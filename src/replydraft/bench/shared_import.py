"""Benchmark of many desktops importing into one archive at once (issue #16's floor).

`replydraft bench import --archive postgresql://… [--desktops 4] [--files 1000]`: each desktop
is a process of its own importing `files` files (a fifth of them the same files on every
desktop, the rest its own) at the same moment, into the given server archive and, as the
peer measured beside it, into one SQLite file on this machine. Floors: no file fails (no lock
error shown), no record lost, none doubled. Exit status 1 when a floor fails.

The server archive must be empty (a scratch database set up by `replydraft db init`); the
records the benchmark added are deleted afterwards.
"""

from __future__ import annotations

import multiprocessing
import time
from dataclasses import dataclass
from multiprocessing.queues import Queue
from pathlib import Path
from typing import Any

from replydraft import paths
from replydraft.storage.base import ArchiveError, is_server_url, open_archive, redact

SHARED_PART = 5  # one file in five is imported by every desktop
START_DELAY = 5.0  # seconds for every desktop process to start and load jieba


@dataclass
class Outcome:
    """What one run measured."""

    backend: str
    seconds: float
    added: int
    duplicates: int
    failures: list[str]
    stored: int
    expected: int
    doubled: int

    @property
    def ok(self) -> bool:
        return not self.failures and self.stored == self.expected and self.doubled == 0


def write_corpus(folder: Path, desktops: int, files: int) -> list[list[Path]]:
    """Each desktop's folders: the shared one and its own, as reply-like .txt files."""
    seeds = sorted(paths.seeds_dir().glob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in seeds]
    shared_count = files // SHARED_PART

    def write(sub: Path, count: int, tag: str) -> None:
        sub.mkdir(parents=True, exist_ok=True)
        for n in range(count):
            path = sub / f"{tag}-{n:05d}.txt"
            if not path.exists():
                body = texts[n % len(texts)]
                path.write_text(f"{body}\n（{tag}第{n}号材料）\n", encoding="utf-8")

    write(folder / "shared", shared_count, "共有")
    for d in range(desktops):
        write(folder / f"desktop{d}", files - shared_count, f"桌面{d}")
    return [[folder / "shared", folder / f"desktop{d}"] for d in range(desktops)]


def _desktop(url: str, folders: list[str], start: float, results: Queue[Any]) -> None:
    from replydraft.importer import import_paths

    try:
        archive = open_archive(url)
    except ArchiveError as e:
        results.put(([], 0, [str(e)], 0.0))
        return
    try:
        while time.time() < start:
            time.sleep(0.005)
        began = time.perf_counter()
        report = import_paths(archive, [Path(f) for f in folders], workers=1)
        took = time.perf_counter() - began
        results.put((report.added, len(report.duplicates), [str(f) for f in report.failures], took))
    except Exception as e:
        results.put(([], 0, [f"{type(e).__name__}: {e}"], 0.0))
    finally:
        archive.close()


def run_desktops(url: str, folders: list[list[Path]], expected: int, backend: str) -> Outcome:
    context = multiprocessing.get_context("spawn")
    results: Queue[Any] = context.Queue()
    start = time.time() + START_DELAY
    procs = [
        context.Process(target=_desktop, args=(url, [str(f) for f in mine], start, results))
        for mine in folders
    ]
    for p in procs:
        p.start()
    outcomes = [results.get() for _ in procs]
    for p in procs:
        p.join()
    added = [i for ids, _, _, _ in outcomes for i in ids]
    with open_archive(url) as archive:
        stored = archive.count()
        ids = archive.ids()
    return Outcome(
        backend=backend,
        seconds=max(t for *_, t in outcomes),
        added=len(added),
        duplicates=sum(d for _, d, _, _ in outcomes),
        failures=[f for _, _, fs, _ in outcomes for f in fs],
        stored=stored,
        expected=expected,
        doubled=len(ids) - len(set(ids)) + len(added) - len(set(added)),
    )


def show(o: Outcome, desktops: int) -> None:
    rate = o.added / o.seconds if o.seconds else 0.0
    verdict = "ok" if o.ok else "FLOOR FAILED"
    print(
        f"{o.backend}: {desktops} desktops, {o.stored:,} records stored of {o.expected:,} expected, "
        f"{o.duplicates:,} duplicates recognised, {o.doubled} doubled, {len(o.failures)} failed; "
        f"{o.seconds:.1f} s ({rate:.0f} records/s) [{verdict}]"
    )
    for failure in o.failures[:5]:
        print(f"  failed: {failure}")


def bench_import(url: str, cache: Path, *, desktops: int = 4, files: int = 1000) -> int:
    if not is_server_url(url):
        raise ArchiveError(f"{url}: bench import 需要一个 postgresql:// 服务器档案库（空的）")
    with open_archive(url) as archive:
        if archive.count():
            raise ArchiveError(
                f"{redact(url)}: bench import 需要一个空的档案库（请用 db init 新建）"
            )
    folders = write_corpus(cache / f"import-{desktops}x{files}", desktops, files)
    expected = files // SHARED_PART + desktops * (files - files // SHARED_PART)
    print(f"bench import: {desktops} desktops x {files} files, {expected:,} distinct files")
    peer_file = cache / "import-peer.sqlite3"
    for leftover in cache.glob("import-peer.sqlite3*"):
        leftover.unlink()
    open_archive(peer_file).close()
    outcomes = [
        run_desktops(url, folders, expected, "postgresql"),
        run_desktops(str(peer_file), folders, expected, "sqlite (peer)"),
    ]
    for o in outcomes:
        show(o, desktops)
    with open_archive(url) as archive, archive.transaction():
        for doc_id in archive.ids():
            archive.delete(doc_id)
    return 0 if all(o.ok for o in outcomes) else 1
