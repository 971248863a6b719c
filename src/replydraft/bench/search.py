"""Search benchmark: what the officer waits for, on a synthetic archive of N replies.

`replydraft bench search --docs N --cache DIR [--corpus DIR]` builds (once, cached in DIR) an
archive of N replies across many topics (bench/corpus.py), rebuilds the search index from the
stored tokens, builds two BM25 peers over the same tokens (bm25s and SQLite FTS5, bench/peer.py),
then, in a fresh process, opens the archive and times over `--rounds` repeats:

- opening a proposal end to end: parse + `Searcher.for_proposal` (new proposals, not excerpts);
- typing a search in the side panel: documents + paragraphs for two or three words;
- document search alone, ours and the peer's, on the same tokens: ours in full (with the
  passages the first matches show), and the ranking alone (ids, scores and reasons, no
  passages), which is what the peer returns and what it is compared with;
- the CLI `search` as a whole process;

and scores quality: the earlier reply of a 续办 proposal at rank 1; on-topic documents and
paragraphs for new proposals, against the same proposals over a small archive. It prints
p50/p95/max, memory, disk, vocabulary, and exits 1 when a floor fails (archives of 10,000+).
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import multiprocessing
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from replydraft import heap
from replydraft.archive import Archive
from replydraft.bench import corpus
from replydraft.bench.peer import Bm25sPeer, Fts5Peer
from replydraft.importer import default_workers
from replydraft.index import STORE, SearchIndex, index_path_for
from replydraft.parse import PARSER_VERSION, parse
from replydraft.postings import FILE as POSTINGS_FILE
from replydraft.records import Kind, Record
from replydraft.search import Searcher
from replydraft.storage.base import SEEDED_KEY, now_iso
from replydraft.tokenize import Tokenizer

Out = Callable[[str], None]
SMALL = 200  # the small archive the quality at scale is compared with (every topic has replies)
SIDE_TOP = 8  # what the side panel asks for (gui/search_control.py)

# The floors (#14), checked for archives of 10,000 replies and more.
FLOOR_OPEN_P95_MS = 40.0
FLOOR_SIDE_P95_MS = 15.0
FLOOR_DOC_P95_MS = 10.0
FLOOR_CLI_S = 0.4
FLOOR_DISK_MB = 1200.0
FLOOR_REBUILD_S = 30.0
FLOOR_RSS_MB = 350.0
FLOOR_PARA_DROP = 0.02  # paragraph same-topic top-5 may fall this much from the small archive
FLOOR_FROM_SIZE = 10_000
# The FTS5 peer runs up to this size: its OR queries take 0.1-0.2 s at 10,000 replies, so at
# 100,000 it would take most of the run; bm25s, the bar, runs at every size.
FTS5_UP_TO = 20_000


# --- Building ---------------------------------------------------------------------------------


def _record(paragraphs: list[str], source: str) -> Record:
    data = "\n\n".join(paragraphs).encode("utf-8")
    sha = hashlib.sha256(data).hexdigest()
    return Record(
        id=sha[:12],
        sha256=sha,
        source=source,
        format="txt",
        encoding="utf-8",
        paragraphs=paragraphs,
        parsed=parse(paragraphs),
    )


def reply_id(n: int, pool: corpus.Pool) -> str:
    """The archive id reply `n` gets (ids are the start of the text's SHA-256)."""
    data = "\n\n".join(corpus.reply(n, pool)).encode("utf-8")
    return hashlib.sha256(data).hexdigest()[:12]


def number_of(source: str) -> int:
    return int(source.removeprefix("synthetic-").removesuffix(".txt"))


_worker_state: tuple[Tokenizer, corpus.Pool] | None = None


def _init_worker(corpus_dir: Path | None) -> None:
    global _worker_state
    tk = Tokenizer()
    tk.tokens("预热")
    _worker_state = (tk, corpus.Pool(corpus_dir))


def _prepare_batch(numbers: list[int]) -> list[tuple[Record, list[list[str]]]]:
    """What the importer's worker does for a file, minus reading it: parse and tokenize."""
    assert _worker_state is not None
    tk, pool = _worker_state
    out = []
    for n in numbers:
        paragraphs = corpus.reply(n, pool)
        out.append((_record(paragraphs, f"synthetic-{n:07d}.txt"), tk.tokens_of_all(paragraphs)))
    return out


def _batches(total: int, size: int) -> Iterator[list[int]]:
    for start in range(0, total, size):
        yield list(range(start, min(total, start + size)))


def build_archive(path: Path, docs: int, corpus_dir: Path | None, out: Out) -> float:
    """Create the synthetic archive at `path` (in a process pool); returns characters/s."""
    chars = 0
    started = time.perf_counter()
    partial = path.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    with (
        Archive(partial) as archive,
        ProcessPoolExecutor(
            default_workers(),
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_init_worker,
            initargs=(corpus_dir,),
        ) as pool,
    ):
        for i, batch in enumerate(pool.map(_prepare_batch, _batches(docs, 200))):
            with archive.transaction():
                for record, tokens in batch:
                    archive.add(record, tokens, parser_version=PARSER_VERSION)
                    chars += sum(map(len, record.paragraphs))
            if (i + 1) % 50 == 0:
                out(f"  ... {min(docs, (i + 1) * 200):,} replies stored")
        # Seeded already: the CLI runs measured must not add the seeds to the bench's archive.
        archive.set_meta(SEEDED_KEY, now_iso())
    for extra in path.parent.glob(partial.name + "-*"):
        extra.unlink()
    partial.rename(path)  # a build cut short leaves no archive that looks finished
    return chars / (time.perf_counter() - started)


def cached_archive(docs: int, cache_dir: Path, corpus_dir: Path | None, out: Out) -> Path:
    """The synthetic archive of `docs` replies in `cache_dir`, built the first time; its name
    says its size, the generator's version and the prose it was made with."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    pool = corpus.Pool(corpus_dir)
    path = cache_dir / f"bench-{docs}-v{corpus.VERSION}-{pool.digest}.sqlite3"
    if not path.exists():
        out(f"building the synthetic archive once ({default_workers()} worker processes) ...")
        started = time.perf_counter()
        rate = build_archive(path, docs, corpus_dir, out)
        out(f"built in {time.perf_counter() - started:.0f} s ({rate:,.0f} chars/s)")
        for stale in (path.with_suffix(".fts5.sqlite3"), path.with_suffix(".bm25s")):
            if stale.is_dir():
                shutil.rmtree(stale)
            stale.unlink(missing_ok=True)
    return path


def proposal_queries(docs: int, count: int) -> list[str]:
    """The texts of the benchmark's new proposals: `count` 续办 and `count` on a topic."""
    known, topical = _queries(docs, count)
    return [q.text for q in known + topical]


# --- Measuring --------------------------------------------------------------------------------


def _status_kb(key: str) -> int:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def memory_mb() -> tuple[float, float]:
    """(peak, resident) MB of this process: VmHWM and VmRSS, or getrusage's peak."""
    peak = _status_kb("VmHWM") or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024, _status_kb("VmRSS") / 1024


def pct(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


@dataclass
class Timing:
    """Wall milliseconds of each run, and the process's CPU milliseconds beside them: on a
    shared machine the wall time stretches with the load, the CPU time much less."""

    name: str
    ms: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)

    @contextlib.contextmanager
    def timed(self) -> Iterator[None]:
        wall, cpu = time.perf_counter(), time.process_time()
        yield
        self.ms.append((time.perf_counter() - wall) * 1000)
        self.cpu.append((time.process_time() - cpu) * 1000)

    def line(self) -> str:
        cpu = (
            f"; CPU p50 {pct(self.cpu, 0.5):.1f}, p95 {pct(self.cpu, 0.95):.1f} ms"
            if self.cpu
            else ""
        )
        return (
            f"{self.name}: p50 {pct(self.ms, 0.5):.1f} ms, p95 {pct(self.ms, 0.95):.1f} ms, "
            f"max {max(self.ms, default=0):.1f} ms ({len(self.ms)} runs){cpu}"
        )

    @property
    def p95(self) -> float:
        return pct(self.ms, 0.95)

    @property
    def p50(self) -> float:
        return pct(self.ms, 0.5)


@dataclass
class Quality:
    """Shares in 0..1 of what the queries must find."""

    known_at1: float = 0.0  # for_proposal's documents: the earlier reply first
    known_at1_search: float = 0.0  # document search alone
    known_at1_peer: float = 0.0
    topic_docs: float = 0.0  # on-topic share of for_proposal's top-5 documents
    para_top5: float = 0.0  # suggestions with an on-topic paragraph in their top 5
    para_at1: float = 0.0
    para_from_docs: float = 0.0  # suggestion paragraphs from the proposal's top documents
    peer_topic_docs: float = 0.0
    peer: bool = True  # False: no peer was measured

    def lines(self, label: str) -> list[str]:
        peer_at1 = f"{self.known_at1_peer:.0%}" if self.peer else "n/a"
        peer_topic = f"{self.peer_topic_docs:.0%}" if self.peer else "n/a"
        return [
            f"[{label}] 续办: earlier reply at rank 1: opening the proposal {self.known_at1:.0%}, "
            f"document search {self.known_at1_search:.0%}, bm25s peer {peer_at1}",
            f"[{label}] new proposals: on-topic share of the top-5 documents {self.topic_docs:.0%}"
            f" (peer {peer_topic}); suggestions with an on-topic paragraph in the "
            f"top 5 {self.para_top5:.1%}, at rank 1 {self.para_at1:.1%}; paragraphs from the "
            f"proposal's top documents {self.para_from_docs:.0%}",
        ]


@dataclass
class Measured:
    """What the child process measured."""

    lines: list[str]
    quality: Quality
    timings: dict[str, Timing]
    open_s: float
    jieba_s: float
    rss: float  # resident MB after opening and searching, before the peers were loaded
    peak: float
    index_bytes: int


class _Topics:
    """Topic of an archived reply, by its id (read from its source name, remembered)."""

    def __init__(self, archive: Archive) -> None:
        self.archive = archive
        self.known: dict[str, int] = {}

    def __call__(self, doc_id: str) -> int:
        topic = self.known.get(doc_id)
        if topic is None:
            source = self.archive.get(doc_id).source
            topic = self.known[doc_id] = corpus.plan(number_of(source)).topic
        return topic


def _share(hits: list[bool]) -> float:
    return sum(hits) / len(hits) if hits else 0.0


def _queries(docs: int, count: int) -> tuple[list[corpus.Proposal], list[corpus.Proposal]]:
    rng = random.Random(corpus.SEED)
    known = [corpus.continued(n) for n in rng.sample(range(docs), min(count, docs))]
    return known, [corpus.on_topic(k) for k in range(count)]


def measure(
    archive_path: Path,
    peer_paths: tuple[Path, Path | None] | None,
    docs: int,
    count: int,
    rounds: int,
    corpus_dir: Path | None,
) -> Measured:
    """Open the archive ready to search and time what the officer waits for."""
    lines: list[str] = []
    tokenizer = Tokenizer()
    started = time.perf_counter()
    tokenizer.tokens("预热")
    jieba_s = time.perf_counter() - started
    started = time.perf_counter()
    archive = Archive(archive_path)
    index = SearchIndex(index_path_for(archive_path))
    index.sync(archive)
    open_s = time.perf_counter() - started
    searcher = Searcher(archive, index, tokenizer)
    with heap.settled():  # as the window is once its search is ready
        pool = corpus.Pool(corpus_dir)
        topic_of = _Topics(archive)
        known, topical = _queries(docs, count)
        known_ids = [reply_id(q.earlier, pool) for q in known]

        timings = {
            name: Timing(label)
            for name, label in (
                ("first", "first proposal opened (fills the idf caches)"),
                ("open", "opening a proposal (parse + for_proposal)"),
                ("side", "side-panel search (documents + paragraphs, 1-3 words)"),
                ("doc", "document search, whole proposal (search_tokens)"),
                ("rank", "document ranking alone, whole proposal (search_tokens, no passages)"),
                ("bm25s", "BM25 peer (bm25s, same tokens)"),
                ("fts5", "BM25 peer (SQLite FTS5, same tokens)"),
            )
        }
        q = Quality()
        with timings["first"].timed():
            searcher.for_proposal(parse(topical[0].text.splitlines()))
        searcher.search(corpus.typed(0), top=SIDE_TOP)
        # Ours alone: the peers' own memory must not count against the floor.
        peak, rss = memory_mb()
        lines.append(
            f"memory after opening and a first search: resident {rss:,.0f} MB, peak {peak:,.0f} MB "
            f"({_status_kb('RssAnon') / 1024:,.0f} MB heap, "
            f"{_status_kb('RssFile') / 1024:,.0f} MB mapped files)"
        )
        peers: dict[str, Bm25sPeer | Fts5Peer] = {}
        if peer_paths is not None:
            bm25s_path, fts5_path = peer_paths
            peers["bm25s"] = Bm25sPeer(bm25s_path)
            if fts5_path is not None:
                peers["fts5"] = Fts5Peer(fts5_path)
            for peer in peers.values():
                peer.search(tokenizer.tokens(topical[0].text))  # its first query reads its files

        for r in range(rounds):
            at1, at1_doc, at1_peer = [], [], []
            topic_docs, peer_topic, top5, first, from_docs = [], [], [], [], []
            for i, proposal in enumerate(known + topical):
                with timings["open"].timed():
                    found = searcher.for_proposal(parse(proposal.text.splitlines()))
                tokens = tokenizer.tokens(proposal.text)
                with timings["doc"].timed():
                    docs_found = searcher.search_tokens(tokens, top=10)
                with timings["rank"].timed():
                    ranked = searcher.search_tokens(tokens, top=10, passages_for=0)
                if [m.id for m in ranked] != [m.id for m in docs_found]:
                    raise AssertionError("the ranking alone differs from the full search's")
                peer_found: list[str] = []
                for name, peer in peers.items():
                    with timings[name].timed():
                        found_by_peer = peer.search(tokens, top=10)
                    if name == "bm25s":
                        peer_found = found_by_peer
                if r:
                    continue
                top_ids = [m.id for m in found.documents]
                if proposal.earlier >= 0:
                    target = known_ids[i]
                    at1.append(top_ids[:1] == [target])
                    at1_doc.append([m.id for m in docs_found[:1]] == [target])
                    at1_peer.append(peer_found[:1] == [target])
                    continue
                topic_docs += [topic_of(d) == proposal.topic for d in top_ids[:5]]
                peer_topic += [topic_of(d) == proposal.topic for d in peer_found[:5]]
                for s in found.suggestions:
                    topics = [topic_of(p.doc_id) for p in s.paragraphs[:5]]
                    top5.append(proposal.topic in topics)
                    first.append(topics[:1] == [proposal.topic])
                    from_docs += [p.doc_id in top_ids for p in s.paragraphs[:5]]
            if r == 0:
                q = Quality(
                    known_at1=_share(at1),
                    known_at1_search=_share(at1_doc),
                    known_at1_peer=_share(at1_peer),
                    topic_docs=_share(topic_docs),
                    para_top5=_share(top5),
                    para_at1=_share(first),
                    para_from_docs=_share(from_docs),
                    peer_topic_docs=_share(peer_topic),
                    peer=bool(peers),
                )
            for k in range(count):
                typed = corpus.typed(k)
                with timings["side"].timed():  # as gui/search_control.py asks
                    searcher.side_panel(typed, top=SIDE_TOP, kind=Kind.REPLY)
    after, _ = memory_mb()
    lines.append(f"peak memory after all rounds, the peers loaded: {after:,.0f} MB")
    size = index.disk_size()
    index.close()
    archive.close()
    for peer in peers.values():
        peer.close()
    return Measured(lines, q, timings, open_s, jieba_s, rss, peak, size)


def small_quality(count: int, corpus_dir: Path | None, small: int = SMALL) -> Quality:
    """The same new proposals over an archive of `small` replies: the score to hold at scale."""
    with tempfile.TemporaryDirectory(prefix="replydraft-bench-") as tmp:
        path = Path(tmp) / "small.sqlite3"
        tk = Tokenizer()
        pool = corpus.Pool(corpus_dir)
        with Archive(path) as archive, archive.transaction():
            for n in range(small):
                paragraphs = corpus.reply(n, pool)
                record = _record(paragraphs, f"synthetic-{n:07d}.txt")
                archive.add(record, tk.tokens_of_all(paragraphs), parser_version=PARSER_VERSION)
        with SearchIndex(index_path_for(path)) as index, Archive(path) as archive:
            index.sync(archive)
        return measure(path, None, small, count, 1, corpus_dir).quality


def cli_seconds(archive_path: Path, texts: list[str], rounds: int) -> list[float]:
    """Wall time of `replydraft search FILE` as a whole process, per call."""
    times = []
    with tempfile.TemporaryDirectory(prefix="replydraft-bench-") as tmp:
        env = {**os.environ, "REPLYDRAFT_HOME": tmp}
        files = []
        for i, text in enumerate(texts):
            f = Path(tmp) / f"proposal-{i}.txt"
            f.write_text(text, encoding="utf-8")
            files.append(f)
        for _ in range(rounds):
            for f in files:
                cmd = [sys.executable, "-m", "replydraft", "search", "--archive", str(archive_path)]
                started = time.perf_counter()
                done = subprocess.run([*cmd, str(f)], env=env, capture_output=True, text=True)
                times.append(time.perf_counter() - started)
                if done.returncode != 0:
                    raise RuntimeError(f"replydraft search failed: {done.stderr.strip()}")
    return times


@dataclass
class Figures:
    lines: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)


def _disk_parts_mb(path: Path) -> dict[str, float]:
    """MB on disk of the archive (with its WAL), the index's store, its document postings
    (postings.py) and its tantivy files."""
    archive: list[Path] = [path, *path.parent.glob(path.name + "-*")]
    parts: dict[str, list[Path]] = {"archive": archive, "store": [], "postings": [], "tantivy": []}
    postings = Path(POSTINGS_FILE).stem  # postings-<state>.bin
    index_dir = index_path_for(path)
    if index_dir is not None and index_dir.exists():
        for f in index_dir.rglob("*"):
            if f.is_file():
                part = "postings" if f.name.startswith(postings) else "tantivy"
                parts["store" if f.name.startswith(STORE) else part].append(f)
    return {
        name: sum(f.stat().st_size for f in files if f.exists()) / 1e6
        for name, files in parts.items()
    }


def _load() -> tuple[float, float, float]:
    try:
        return os.getloadavg()
    except OSError:  # not on every system
        return (0.0, 0.0, 0.0)


def run(
    docs: int,
    cache_dir: Path,
    queries: int = 30,
    rounds: int = 3,
    corpus_dir: Path | None = None,
    out: Out = print,
    small: int | None = None,
    reuse_index: bool = False,
) -> Figures:
    """Build (or reuse) the synthetic archive of `docs` replies and print the figures."""
    figures = Figures()
    small = small or SMALL

    def say(line: str) -> None:
        figures.lines.append(line)
        out(line)

    pool = corpus.Pool(corpus_dir)
    say(
        f"== search benchmark: {docs:,} synthetic replies, {len(corpus.topics())} topics, "
        f"{len(pool.sentences):,} prose sentences{' (with ' + str(corpus_dir) + ')' if corpus_dir else ''}; "
        f"{queries} 续办 + {queries} new proposals, {rounds} rounds (cache {cache_dir})"
    )
    archive_path = cached_archive(docs, cache_dir, corpus_dir, say)
    peer_path = archive_path.with_suffix(".fts5.sqlite3")
    bm25s_path = archive_path.with_suffix(".bm25s")
    fts5 = docs <= FTS5_UP_TO

    index_dir = index_path_for(archive_path)
    assert index_dir is not None
    reused = reuse_index and (index_dir / "manifest.txt").exists()
    if not reused:
        shutil.rmtree(index_dir, ignore_errors=True)
    with Archive(archive_path) as archive:
        started = time.perf_counter()
        with SearchIndex(index_dir) as index:
            index.sync(archive)  # an index of another format is rebuilt here too
            rebuild_s = time.perf_counter() - started
            vocabulary = index.term_count()
        if fts5 and not peer_path.exists():
            started = time.perf_counter()
            Fts5Peer.build(peer_path, archive).close()
            say(f"BM25 peer (FTS5) built in {time.perf_counter() - started:.0f} s")
        if not (bm25s_path / "params.index.json").exists():
            started = time.perf_counter()
            shutil.rmtree(bm25s_path, ignore_errors=True)
            Bm25sPeer.build(bm25s_path, archive).close()
            say(f"BM25 peer (bm25s) built in {time.perf_counter() - started:.0f} s")
    parts = _disk_parts_mb(archive_path)
    disk = sum(parts.values())
    what = (
        "index opened and synced (--reuse-index)" if reused else "index rebuild from stored tokens"
    )
    say(f"{what}: {rebuild_s:.1f} s; distinct terms: {vocabulary:,}")
    say(
        f"on disk: {disk:,.0f} MB all told (archive {parts['archive']:,.0f} MB, index store "
        f"{parts['store']:,.0f} MB, postings {parts['postings']:,.0f} MB, "
        f"tantivy {parts['tantivy']:,.0f} MB);"
        f" the peers' files: bm25s "
        f"{sum(f.stat().st_size for f in bm25s_path.iterdir()) / 1e6:,.0f} MB"
        + (f", FTS5 {peer_path.stat().st_size / 1e6:,.0f} MB" if fts5 else " (no FTS5 peer)")
    )

    # The app's side in a fresh process: memory counts opening and searching, not the build.
    with multiprocessing.get_context("spawn").Pool(1) as child:
        m: Measured = child.apply(
            measure,
            (
                archive_path,
                (bm25s_path, peer_path if fts5 else None),
                docs,
                queries,
                rounds,
                corpus_dir,
            ),
        )
        # Let the child exit on its own: the pool's exit kills it, which now and then left
        # "leaked semaphore" warnings from the resource tracker.
        child.close()
        child.join()
    say(
        f"open ready to search (archive + index + sync): {m.open_s * 1000:.0f} ms; "
        f"tokenizer ready for a first text: {m.jieba_s * 1000:.0f} ms"
    )
    for t in m.timings.values():
        if t.ms:
            say(t.line())
    known, _ = _queries(docs, queries)
    cli = cli_seconds(archive_path, [q.text for q in known[:3]], rounds)
    cli_ms = Timing("CLI `replydraft search FILE`, whole process", [s * 1000 for s in cli])
    say(cli_ms.line())
    for line in m.lines:
        say(line)
    reference = small_quality(queries, corpus_dir, small)
    for line in reference.lines(f"{small} replies") + m.quality.lines(f"{docs:,} replies"):
        say(line)

    # Timings on a shared machine mean little without how busy it was.
    say(f"load average (1, 5, 15 min) at the end: {', '.join(f'{x:.1f}' for x in _load())}")
    if docs >= FLOOR_FROM_SIZE:
        checks = [
            ("opening a proposal p95", m.timings["open"].p95, FLOOR_OPEN_P95_MS, "ms"),
            ("side-panel search p95", m.timings["side"].p95, FLOOR_SIDE_P95_MS, "ms"),
            ("document search p95", m.timings["doc"].p95, FLOOR_DOC_P95_MS, "ms"),
            # The peer returns ids: it is compared with our ranking alone (no passages).
            (
                "document ranking p50 vs bm25s's",
                m.timings["rank"].p50,
                m.timings["bm25s"].p50,
                "ms",
            ),
            (
                "document ranking p95 vs bm25s's",
                m.timings["rank"].p95,
                m.timings["bm25s"].p95,
                "ms",
            ),
            ("CLI search max", max(cli), FLOOR_CLI_S, "s"),
            ("disk", disk, FLOOR_DISK_MB, "MB"),
            ("index rebuild", 0.0 if reused else rebuild_s, FLOOR_REBUILD_S, "s"),
            ("resident memory", m.rss, FLOOR_RSS_MB, "MB"),
        ]
        for name, value, limit, unit in checks:
            if value > limit:
                figures.failures.append(f"{name} {value:.1f} {unit} > {limit:.1f} {unit}")
        if m.quality.known_at1 < 1.0:
            figures.failures.append(
                f"续办 earlier reply at rank 1 {m.quality.known_at1:.0%} < 100%"
            )
        if m.quality.para_top5 < reference.para_top5 - FLOOR_PARA_DROP:
            figures.failures.append(
                f"paragraph same-topic top-5 {m.quality.para_top5:.1%} < "
                f"{reference.para_top5:.1%} (at {small}) - 2 points"
            )
        say("floors: " + ("all met" if not figures.failures else "; ".join(figures.failures)))
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("docs", type=int, nargs="?", default=10_000)
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "rd-bench")
    parser.add_argument("--queries", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--corpus", type=Path, default=None)
    parser.add_argument("--reuse-index", action="store_true")
    args = parser.parse_args(argv)
    figures = run(
        args.docs, args.cache, args.queries, args.rounds, args.corpus, reuse_index=args.reuse_index
    )
    return 1 if figures.failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
