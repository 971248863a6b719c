"""The BM25 peer: SQLite FTS5 over the very tokens our index holds, in the same process.

Each document is one row of its tokens joined by spaces (FTS5's unicode61 tokenizer then sees
our tokens as its terms); a query is the OR of the query's distinct tokens, ranked by FTS5's
own bm25(). This is the bar the issue sets: a plain, well-known BM25 over the same words.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from pathlib import Path

from replydraft.archive import Archive


def _quoted(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


class Fts5Peer:
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

        def rows() -> Iterable[tuple[str, str]]:
            current, parts = (
                "",
                list[str](),
            )  # paragraphs come in insertion order: a document at a time
            for para in archive.paragraphs():
                if para.doc_id != current:
                    if parts:
                        yield current, " ".join(parts)
                    current, parts = para.doc_id, []
                parts.extend(para.tokens or [])
            if parts:
                yield current, " ".join(parts)

        with conn:
            conn.executemany("INSERT INTO docs(doc_id, body) VALUES (?, ?)", rows())
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
