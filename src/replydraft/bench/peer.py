"""The BM25 peers: plain, well-known BM25 over the very tokens our index holds, measured in
the same process as ours. This is the bar issue #14 sets.

- `Bm25sPeer`: bm25s (numpy sparse matrices, Lucene's BM25 variant), its index memory-mapped
  from a folder; a query is its distinct tokens.
- `Fts5Peer`: SQLite FTS5, each document one row of its tokens joined by spaces (unicode61
  then sees our tokens as its terms); a query is the OR of its distinct tokens, ranked by
  FTS5's own bm25().
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from pathlib import Path

from replydraft.storage.base import ArchiveStore as Archive


def document_tokens(archive: Archive) -> Iterator[tuple[str, list[str]]]:
    """Every document's id and tokens (its paragraphs' in order), one document at a time."""
    current: str = ""
    parts: list[str] = []
    for para in archive.paragraphs():  # in insertion order: a document at a time
        if para.doc_id != current:
            if current:
                yield current, parts
            current, parts = para.doc_id, []
        parts.extend(para.tokens or [])
    if current:
        yield current, parts


def _quoted(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


class Fts5Peer:
    name = "SQLite FTS5"

    def __init__(self, path: Path) -> None:
        self._conn = sqlite3.connect(path)

    @classmethod
    def build(cls, path: Path, archive: Archive) -> Fts5Peer:
        """Index every document in `archive` (its paragraphs' tokens as stored)."""
        path.unlink(missing_ok=True)
        conn = sqlite3.connect(path)
        conn.execute(
            "CREATE VIRTUAL TABLE docs USING fts5(doc_id UNINDEXED, body, "
            "tokenize='unicode61 remove_diacritics 0 categories ''L* N* Co M*''')"
        )
        with conn:
            conn.executemany(
                "INSERT INTO docs(doc_id, body) VALUES (?, ?)",
                ((doc_id, " ".join(tokens)) for doc_id, tokens in document_tokens(archive)),
            )
            conn.execute("INSERT INTO docs(docs) VALUES ('optimize')")
        conn.close()
        return cls(path)

    def search(self, tokens: Sequence[str], top: int = 10) -> list[str]:
        distinct = list(dict.fromkeys(tokens))
        if not distinct:
            return []
        match = " OR ".join(map(_quoted, distinct))
        rows = self._conn.execute(
            "SELECT doc_id FROM docs WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT ?",
            (match, top),
        ).fetchall()
        return [r[0] for r in rows]

    def vocabulary(self) -> int:
        """Distinct terms over all documents."""
        self._conn.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS temp.v USING fts5vocab(main, docs, 'row')"
        )
        return int(self._conn.execute("SELECT count(*) FROM temp.v").fetchone()[0])

    def close(self) -> None:
        self._conn.close()


IDS_FILE = "doc_ids.json"


class Bm25sPeer:
    """bm25s over the stored tokens, saved in a folder and memory-mapped when opened."""

    name = "bm25s"

    def __init__(self, folder: Path) -> None:
        import bm25s

        self._bm25 = bm25s.BM25.load(str(folder), mmap=True)
        self._ids: list[str] = json.loads((folder / IDS_FILE).read_text(encoding="utf-8"))

    @classmethod
    def build(cls, folder: Path, archive: Archive) -> Bm25sPeer:
        import bm25s

        ids: list[str] = []
        corpus: list[list[str]] = []
        for doc_id, tokens in document_tokens(archive):
            ids.append(doc_id)
            corpus.append(tokens)
        bm25 = bm25s.BM25()
        bm25.index(corpus, show_progress=False)
        folder.mkdir(parents=True, exist_ok=True)
        bm25.save(str(folder))
        (folder / IDS_FILE).write_text(json.dumps(ids), encoding="utf-8")
        return cls(folder)

    def search(self, tokens: Sequence[str], top: int = 10) -> list[str]:
        distinct = list(dict.fromkeys(tokens))
        if not distinct:
            return []
        top = min(top, len(self._ids))
        found, scores = self._bm25.retrieve([distinct], k=top, show_progress=False, n_threads=1)
        # bm25s fills k places even where nothing matched: those score 0.
        return [
            self._ids[d]
            for d, s in zip(found[0].tolist(), scores[0].tolist(), strict=True)
            if s > 0
        ]

    def close(self) -> None:
        del self._bm25
