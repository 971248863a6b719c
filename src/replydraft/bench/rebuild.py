"""A whole index build beside the index in use, as the window runs one: how long it takes,
and how searches answer meanwhile.

`replydraft bench rebuild --docs N --cache DIR` takes the synthetic archive of N replies that
`bench cli` keeps in DIR (built once, with its index, if missing), then, as the window does
after an update that changed the index format or a big import: builds a whole new index in
`<index>.next` on a worker thread, while this thread keeps searching the index in use with
new proposals (the side panel's search: documents, then paragraphs), and puts the new index
in place when it is complete. Beside it, the same searches with no build running: the peer
that says what the build costs them.

It does so for each kind of update (`KINDS`): one that changed neither the store's rows nor
tantivy's units (the postings, say: the index is copied whole); one that changed how tantivy's
units are made (index.UNITS_VERSION: the store is copied, the units made from its rows); one
that changed the rules deriving the rows' data (index.RULES_VERSION) but gave no document new
roles (the rows' terms and the units are copied, every record read and derived again); and
one whose new rules gave every document new roles (the units made anew too). A last build,
timed alone, starts from nothing: what an archive with no index yet costs, or an update
changing how the store lays out its rows (index.STORE_VERSION).

It prints the builds' wall and CPU time (the helper processes' too) beside bm25s indexing
the same stored tokens, p50/p95/max of the searches with and without a build running, the
load average, and exits 1 when a build beside the index in use takes longer than issue #14's
floor (30 s at 100,000 replies) or a search during it did not answer.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from replydraft.bench import corpus
from replydraft.bench.cli_process import prepare
from replydraft.bench.search import FLOOR_REBUILD_S

if TYPE_CHECKING:
    from replydraft.archive import Archive

Out = Callable[[str], None]

PROPOSALS = 5
# The updates timed: what each changed, and how build_beside is asked to build after it
# (whether it derives rows' data again; whether it may copy tantivy's units).
KINDS: tuple[tuple[str, bool, bool], ...] = (
    ("neither the store's rows nor tantivy's units: the index copied whole", False, True),
    ("tantivy's units: the store copied, the units made from its rows", False, False),
    (
        "the rules deriving the rows' data, no document's roles: terms and units copied, "
        "every record derived again",
        True,
        True,
    ),
    (
        "the rules deriving the rows' data, every document's roles: terms copied, every "
        "record derived again, the units made anew",
        True,
        False,
    ),
)
PACE_S = 1.0  # between searches during the build (a search takes its own time besides)
FLOOR_FROM_SIZE = 10_000  # the rebuild floor is the issue's, for archives this size and more


def _line(label: str, times: list[float]) -> str:
    ordered = sorted(times)
    if not ordered:
        return f"{label}: no runs"

    def p(q: float) -> float:
        return 1000 * ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]

    return (
        f"{label}: p50 {p(0.5):.0f} ms, p95 {p(0.95):.0f} ms, max {1000 * ordered[-1]:.0f} ms "
        f"({len(ordered)} runs)"
    )


def _children_cpu() -> float:
    """CPU seconds of the child processes ended and waited for (the build's helper; 0 where
    the system does not count them, as on Windows)."""
    times = os.times()
    return times.children_user + times.children_system


@dataclass
class _Build:
    """A build beside the index in use, and the searches answered while it ran."""

    wall: float
    cpu: float  # this process's, all threads
    helper_cpu: float
    during: list[float]


def _beside(
    folder: Path,
    archive: Archive,
    search: Callable[[int], float],
    *,
    rederive: bool,
    copy_units: bool,
) -> _Build:
    """Build beside the index at `folder` on a thread, `search` every PACE_S meanwhile."""
    from replydraft.index import build_beside

    failure: list[BaseException] = []
    cpu_before = time.process_time()
    helper_before = _children_cpu()
    started = time.perf_counter()
    ended: list[float] = []

    def build() -> None:
        try:
            build_beside(folder, archive, rederive=rederive, copy_units=copy_units)
        except BaseException as e:
            failure.append(e)
        ended.append(time.perf_counter())  # not when the searches' pace notices

    builder = threading.Thread(target=build, name="rebuild")
    builder.start()
    during: list[float] = []
    k = 0
    while builder.is_alive():
        during.append(search(k))
        k += 1
        time.sleep(PACE_S)  # an officer types, reads, types again: not a flood
    builder.join()
    wall = ended[0] - started
    if failure:
        raise failure[0]
    return _Build(wall, time.process_time() - cpu_before, _children_cpu() - helper_before, during)


def run(docs: int, cache_dir: Path, corpus_dir: Path | None = None, out: Out = print) -> list[str]:
    """Build beside and search meanwhile; returns the floors that failed (printed too)."""
    from replydraft.archive import Archive
    from replydraft.bench.peer import Bm25sPeer
    from replydraft.index import SearchIndex, build_beside, copies_store, index_path_for, swap_in
    from replydraft.search import Searcher
    from replydraft.tokenize import Tokenizer

    archive_path, _ = prepare(docs, cache_dir, corpus_dir, out)
    folder = index_path_for(archive_path)
    assert folder is not None
    proposals = [corpus.on_topic(k).text for k in range(PROPOSALS)]
    tokenizer = Tokenizer()
    with Archive(archive_path, tokens_version=tokenizer.version) as archive:
        answered: list[bool] = []
        quiet: list[float] = []
        builds: list[tuple[str, _Build]] = []
        out(
            f"== index rebuilt beside the one in use: {docs:,} synthetic replies "
            f"({archive_path.name}), searching it meanwhile"
        )
        for what, rederive, copy_units in KINDS:
            with SearchIndex(folder) as index:
                index.sync(archive, tokenizer=tokenizer)  # untimed: the index in use
                searcher = Searcher(archive, index, tokenizer)

                def search(k: int, searcher: Searcher = searcher) -> float:
                    started = time.perf_counter()
                    found = searcher.search(proposals[k % PROPOSALS], top=10)
                    searcher.search_paragraphs(proposals[k % PROPOSALS], top=10)
                    answered.append(bool(found))
                    return time.perf_counter() - started

                for k in range(PROPOSALS):
                    search(k)  # warm: the idf caches a first search fills
                if not quiet:
                    quiet = [search(k) for k in range(3 * PROPOSALS)]
                if not copies_store(folder, archive):
                    what = "(nothing to copy: from nothing) " + what
                build = _beside(folder, archive, search, rederive=rederive, copy_units=copy_units)
                builds.append((what, build))
            swap_started = time.perf_counter()
            swap_in(folder)
            with SearchIndex(folder) as fresh:
                fresh.sync(archive, tokenizer=tokenizer)
                after = Searcher(archive, fresh, tokenizer).search(proposals[0], top=10)
                answered.append(bool(after))
            swap_ms = 1000 * (time.perf_counter() - swap_started)
        # From nothing: no index yet, or the store's layout changed (not put in place).
        whole_cpu_before, whole_helper_before = time.process_time(), _children_cpu()
        whole_started = time.perf_counter()
        shutil.rmtree(build_beside(folder, archive, reuse=False))
        whole_s = time.perf_counter() - whole_started
        whole_cpu = time.process_time() - whole_cpu_before
        whole_helper = _children_cpu() - whole_helper_before
        # The peer of the build: bm25s indexing the same stored tokens (documents only, in
        # memory; no paragraphs, roles or sections), read from the same archive.
        with tempfile.TemporaryDirectory() as scratch:
            peer_cpu_before = time.process_time()
            peer_started = time.perf_counter()
            Bm25sPeer.build(Path(scratch) / "bm25s", archive).close()
            peer_s = time.perf_counter() - peer_started
            peer_cpu = time.process_time() - peer_cpu_before
    for k, (what, build) in enumerate(builds, 1):
        out(
            f"build beside {k}, after an update changing {what}: {build.wall:.1f} s wall, "
            f"{build.cpu:.1f} s CPU in this process (all threads) + {build.helper_cpu:.1f} s "
            "in its helper processes"
        )
    out(
        f"build from nothing (no index yet, or the store's layout changed; no floor): "
        f"{whole_s:.1f} s wall, {whole_cpu:.1f} s CPU + {whole_helper:.1f} s in its helper"
    )
    out(
        f"peer: bm25s indexing the same stored tokens (documents only): {peer_s:.1f} s wall, "
        f"{peer_cpu:.1f} s CPU"
    )
    out(f"swap and first search in the new index: {swap_ms:.0f} ms ({len(after)} results)")
    for k, (_, build) in enumerate(builds, 1):
        out(_line(f"search (documents + paragraphs) while build {k} runs", build.during))
    out(_line("peer: the same searches with no build running", quiet))
    try:
        load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        load = "n/a"
    out(f"load average (1, 5, 15 min) at the end: {load}; {os.cpu_count()} CPUs")
    failures = []
    for k, (_, build) in enumerate(builds, 1):
        if docs >= FLOOR_FROM_SIZE and build.wall > FLOOR_REBUILD_S:
            failures.append(f"rebuild {k}: {build.wall:.0f} s > {FLOOR_REBUILD_S:.0f} s")
    if not all(answered) or not after:
        failures.append("a search during the rebuild found nothing")
    out("floors: " + ("; ".join(failures) if failures else "all met"))
    return failures
