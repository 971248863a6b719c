"""Search benchmark against a district's server: `replydraft bench search --archive postgresql://…`.

The synthetic archive of `replydraft bench search` (bench/search.py: built once, cached) is
copied into the
server archive (which must be empty, or hold this very corpus from an earlier run). Then, with
the SQLite file measured beside it in the same run:

- building the desktop's local search index from the archive (what a new desktop does once);
- rebuilding it beside from a copy, every record read and derived again (an update that
  changed the rules deriving the index's data);
- opening a proposal: a search with a proposal-sized text, then the best match's record read
  from the archive (p50/p95); the floor is the server's p95 at most twice SQLite's;
- the candidate query the server could answer itself: the query's jieba tokens against a
  `tsvector` ('simple') of the stored tokens with a GIN index, in a scratch table.

Exit status 1 when the floor fails.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

from replydraft.archive import Archive
from replydraft.bench.search import cached_archive, proposal_queries
from replydraft.index import SearchIndex, build_beside
from replydraft.parse import PARSER_VERSION
from replydraft.search import Searcher
from replydraft.storage.base import ArchiveError, ArchiveStore, open_archive, redact
from replydraft.tokenize import Tokenizer

FLOOR_RATIO = 2.0  # the server's p95 of opening a proposal, at most this times SQLite's
COPY_BATCH = 500


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else 0.0


def _copy(local: ArchiveStore, server: ArchiveStore, label: str) -> float:
    """Copy every record with its tokens into the server; returns seconds."""
    started = time.perf_counter()
    ids = local.ids()
    for start in range(0, len(ids), COPY_BATCH):
        with server.transaction():
            for doc_id in ids[start : start + COPY_BATCH]:
                record, tokens = local.get_with_tokens(doc_id)
                full = None if any(t is None for t in tokens) else [t or [] for t in tokens]
                server.add(record, full, parser_version=PARSER_VERSION)
    server.set_meta("bench_corpus", label)
    return time.perf_counter() - started


def _open_proposal(searcher: Searcher, archive: ArchiveStore, text: str) -> float:
    """Milliseconds to search with a proposal's text and read the best match's record."""
    started = time.perf_counter()
    matches = searcher.search(text, top=10)
    if matches:
        archive.get(matches[0].id)
    return (time.perf_counter() - started) * 1000


def run_server(url: str, docs: int, cache: Path, queries: int = 50) -> int:
    where = redact(url)
    local_path = cached_archive(docs, cache, None, print)
    label = local_path.stem  # names the corpus: its size, generator version and prose
    tokenizer = Tokenizer()
    with Archive(local_path) as local, open_archive(url) as server:
        if server.get_meta("bench_corpus") != label:
            if server.count():
                raise ArchiveError(
                    f"{where}: bench search 需要一个空的档案库（请用 db init 新建）或本基准以前建的"
                )
            print(f"copying {docs:,} replies into {where} ...")
            print(f"copied in {_copy(local, server, label):.1f} s")
        print(f"== search against a server: {docs:,} replies, {where}, SQLite beside it")
        qs = proposal_queries(docs, queries)
        lines: dict[str, list[float]] = {}
        folder = Path(tempfile.mkdtemp(prefix="rd-bench-index-"))
        try:
            for name, archive in (("sqlite", local), ("postgresql", server)):
                started = time.perf_counter()
                index = SearchIndex(folder / name)
                index.sync(archive)
                build = time.perf_counter() - started
                searcher = Searcher(archive, index, tokenizer)
                searcher.search(qs[0])  # fills the idf cache, as the first query does
                times = [_open_proposal(searcher, archive, q) for q in qs]
                lines[name] = times
                index.close()
                print(
                    f"{name}: local index built from the archive in {build:.1f} s; opening a "
                    f"proposal (search + read the best match) p50 {_pct(times, 0.5):.1f} ms, "
                    f"p95 {_pct(times, 0.95):.1f} ms over {len(times)} queries"
                )
                # What an update changing the rules of the index's data costs: every record
                # read again (by helpers), the rows' terms and the units kept.
                started = time.perf_counter()
                shutil.rmtree(build_beside(folder / name, archive, rederive=True, helper=True))
                print(
                    f"{name}: index rebuilt beside from a copy, every record's data derived "
                    f"again, in {time.perf_counter() - started:.1f} s"
                )
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        _tsvector_candidates(url, qs, tokenizer)
    ratio = _pct(lines["postgresql"], 0.95) / max(_pct(lines["sqlite"], 0.95), 1e-6)
    ok = ratio <= FLOOR_RATIO
    print(
        f"floor: server p95 / SQLite p95 = {ratio:.2f} (at most {FLOOR_RATIO:g}) "
        f"[{'ok' if ok else 'FLOOR FAILED'}]"
    )
    return 0 if ok else 1


def _tsvector_candidates(url: str, qs: list[str], tokenizer: Tokenizer) -> None:
    """The candidate step done by the server: a GIN-indexed tsvector of stored tokens."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CREATE SCHEMA IF NOT EXISTS replydraft_bench")
        made = conn.execute("SELECT to_regclass('replydraft_bench.tsv') IS NOT NULL").fetchone()
        if not (made and made[0]):
            started = time.perf_counter()
            conn.execute(
                "CREATE TABLE replydraft_bench.tsv AS SELECT doc_id, seq, "
                "to_tsvector('simple', coalesce(tokens, '')) AS tsv FROM replydraft.paragraphs"
            )
            conn.execute("CREATE INDEX ON replydraft_bench.tsv USING gin (tsv)")
            conn.execute("ANALYZE replydraft_bench.tsv")
            print(f"tsvector + GIN built in {time.perf_counter() - started:.1f} s")
        times = []
        for q in qs:
            words = sorted(set(tokenizer.tokens(q)), key=len, reverse=True)[:40]
            terms = " | ".join("'" + w.replace("'", "''").replace("\\", "") + "'" for w in words)
            if not terms:
                continue
            started = time.perf_counter()
            conn.execute(
                "SELECT doc_id, sum(ts_rank(tsv, query)) AS score "
                "FROM replydraft_bench.tsv, to_tsquery('simple', %s) AS query "
                "WHERE tsv @@ query GROUP BY doc_id ORDER BY score DESC LIMIT 100",
                (terms,),
            ).fetchall()
            times.append((time.perf_counter() - started) * 1000)
        print(
            f"server-side candidates (tsvector/GIN, 40 longest query words OR'ed, top 100 "
            f"documents): p50 {_pct(times, 0.5):.1f} ms, p95 {_pct(times, 0.95):.1f} ms"
        )
