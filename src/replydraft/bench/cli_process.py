"""The CLI as a whole process: what an officer waits for from typing the command to its exit.

`replydraft bench cli --docs N --rounds R --cache DIR [--corpus DIR]` builds (once, cached
in DIR) the search benchmark's synthetic archive of N replies (bench/corpus.py), opens it
once untimed (the search index and the tokenizer's dictionary cache are built then, as at
an officer's first search), then times R rounds of fresh processes, each on new proposals
(not archive excerpts):

- `replydraft search FILE` (the floor, issue #14: 0.4 s at p95, for archives of 10,000+);
- `replydraft --help` and `replydraft --version` (near-instant: 0.2 s at p95);

and beside them, in the same rounds, real peers on the same machine and moment:

- the `sqlite3` shell answering the FTS5 BM25 peer's query (bench/peer.py) over the same
  tokens: a search process with nothing to load;
- a bare `python -c "import jieba; jieba.lcut(TEXT)"`: any Python that cuts Chinese with jieba;
- a bare `python -c pass`: the interpreter's own start, below which no Python CLI goes.

It prints p50/p95/max wall time and the mean CPU time of each, the load average, and exits 1
when a floor fails. The figures are the machine's as it is: on a shared machine, compare a
case with its peers of the same run.
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from replydraft.bench import corpus

Out = Callable[[str], None]

FLOOR_SEARCH_S = 0.4  # issue #14: a CLI search as a whole process
FLOOR_INSTANT_S = 0.2  # --help, --version
FLOOR_FROM_SIZE = 10_000  # the search floor is the issue's, for archives this size and more
PROPOSALS = 5  # new proposals per round


@dataclass
class Case:
    """One command timed as a process: wall and CPU seconds per run."""

    label: str
    argv: list[str]
    floor_s: float | None = None
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)

    def p(self, q: float) -> float:
        ordered = sorted(self.wall)
        return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]

    def line(self) -> str:
        cpu_ms = 1000 * sum(self.cpu) / max(1, len(self.cpu))
        return (
            f"{self.label}: p50 {1000 * self.p(0.5):.0f} ms, p95 {1000 * self.p(0.95):.0f} ms, "
            f"max {1000 * max(self.wall):.0f} ms, CPU {cpu_ms:.0f} ms ({len(self.wall)} runs)"
        )

    def failure(self) -> str | None:
        if self.floor_s is None or not self.wall or self.p(0.95) <= self.floor_s:
            return None
        return f"{self.label} p95 {self.p(0.95):.2f} s > {self.floor_s} s"


def time_process(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU (user + system) seconds of one process, from start to exit."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(argv, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(argv[:4])} ... failed: {done.stderr.strip()[-300:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def _fts5_query(tokens: list[str]) -> str:
    """The peer's query (bench/peer.py's MATCH) as an SQL statement for the sqlite3 shell."""
    match = " OR ".join('"' + t.replace('"', '""') + '"' for t in dict.fromkeys(tokens))
    match = match.replace("'", "''")
    return f"SELECT doc_id FROM docs WHERE docs MATCH '{match}' ORDER BY bm25(docs) LIMIT 10;"


def prepare(docs: int, cache_dir: Path, corpus_dir: Path | None, out: Out) -> tuple[Path, Path]:
    """The synthetic archive of `docs` replies (the one `bench search` keeps, built once in
    `cache_dir`) and its FTS5 peer beside it."""
    from replydraft.archive import Archive
    from replydraft.bench.peer import Fts5Peer
    from replydraft.bench.search import cached_archive

    archive_path = cached_archive(docs, cache_dir, corpus_dir, out)
    peer_path = archive_path.with_suffix(".fts5.sqlite3")
    if not peer_path.exists():
        with Archive(archive_path) as archive:
            Fts5Peer.build(peer_path, archive).close()
    return archive_path, peer_path


def run(
    docs: int,
    cache_dir: Path,
    rounds: int = 3,
    corpus_dir: Path | None = None,
    out: Out = print,
) -> list[str]:
    """Time the cases and peers; returns the floors that failed (printed too)."""
    from replydraft.tokenize import Tokenizer

    archive_path, peer_path = prepare(docs, cache_dir, corpus_dir, out)
    proposals = [corpus.on_topic(k).text for k in range(PROPOSALS)]
    python = sys.executable
    sqlite3_shell = shutil.which("sqlite3")
    with tempfile.TemporaryDirectory(prefix="replydraft-bench-cli-") as tmp:
        # The officer's own home: settings, templates; the dictionary cache is the user's.
        env = {**os.environ, "REPLYDRAFT_HOME": tmp}
        env.pop("REPLYDRAFT_DEBUG", None)
        # An installed replydraft has its bytecode compiled (pip and the frozen app do it):
        # a checkout run with PYTHONDONTWRITEBYTECODE would compile every module each call,
        # 0.1-0.2 s. The untimed first call writes it.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        files = []
        for i, text in enumerate(proposals):
            f = Path(tmp) / f"proposal-{i}.txt"
            f.write_text(text, encoding="utf-8")
            files.append(f)
        cli = [python, "-m", "replydraft"]
        search = [*cli, "search", "--archive", str(archive_path)]
        out(
            f"== CLI as a whole process: {docs:,} synthetic replies ({archive_path.name}), "
            f"{len(files)} new proposals x {rounds} rounds, Python {sys.version.split()[0]}"
        )
        started = time.perf_counter()
        time_process([*search, str(files[0])], env)  # builds the index and dictionary cache
        out(
            f"first search (index brought up to date, untimed): {time.perf_counter() - started:.1f} s"
        )
        tokenizer = Tokenizer()
        searches = Case(
            "replydraft search FILE", [], FLOOR_SEARCH_S if docs >= FLOOR_FROM_SIZE else None
        )
        helps = Case("replydraft --help", [*cli, "--help"], FLOOR_INSTANT_S)
        versions = Case("replydraft --version", [*cli, "--version"], FLOOR_INSTANT_S)
        fts5 = Case(
            "peer: sqlite3 shell, FTS5 bm25 query on the same tokens"
            if sqlite3_shell
            else "peer: python + sqlite3, FTS5 bm25 query on the same tokens",
            [],
        )
        jieba_peer = Case("peer: python -c 'import jieba; jieba.lcut(TEXT)'", [])
        bare = Case("floor: python -c pass", [python, "-c", "pass"])
        queries = [_fts5_query(tokenizer.tokens(text)) for text in proposals]
        for _ in range(rounds):
            for f, text, query in zip(files, proposals, queries, strict=True):
                for case, argv in (
                    (searches, [*search, str(f)]),
                    (
                        fts5,
                        [sqlite3_shell, str(peer_path), query]
                        if sqlite3_shell
                        else [
                            python,
                            "-c",
                            "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
                            "print(c.execute(sys.argv[2].rstrip(';')).fetchall())",
                            str(peer_path),
                            query,
                        ],
                    ),
                    (
                        jieba_peer,
                        [python, "-c", "import jieba, sys; jieba.lcut(sys.argv[1])", text],
                    ),
                ):
                    wall, cpu = time_process(argv, env)
                    case.wall.append(wall)
                    case.cpu.append(cpu)
            for case in (helps, versions, bare):
                wall, cpu = time_process(case.argv, env)
                case.wall.append(wall)
                case.cpu.append(cpu)
        cases = [searches, fts5, jieba_peer, helps, versions, bare]
        for case in cases:
            out(case.line())
    try:
        load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        load = "n/a"
    out(f"load average (1, 5, 15 min) at the end: {load}; {os.cpu_count()} CPUs")
    failures = [f for f in (c.failure() for c in cases) if f]
    out("floors: " + ("; ".join(failures) if failures else "all met"))
    return failures
