"""An archive file from before the compressed bodies (schema 2, what main stored until issue
#14) opens, migrates once and reads back exactly what it held, in a fifth of the disk."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from replydraft.archive import MIGRATIONS, SCHEMA_VERSION, Archive
from replydraft.records import Kind, Record
from replydraft.storage.base import ArchiveError, join_tokens
from tests.core.test_archive import crude_tokens, seed_record
from tests.seedfiles import SEED_POLICY_PUDONG_AI, SEED_REPLIES

OURS = "jieba-test-ours"  # the tokenizer this desktop has
THEIRS = "jieba-test-theirs"  # another desktop's dictionary


def write_schema_2(
    path: Path, stored: list[tuple[Record, list[list[str]] | None, str | None]]
) -> None:
    """A schema-2 file as schema 2's `Archive.add` wrote it: the shipped migrations make the
    tables; a document row with its parsed JSON, one row per paragraph with its tokens."""
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("BEGIN")
    for step in MIGRATIONS[:2]:
        step(con)
    con.execute("PRAGMA user_version = 2")
    for record, tokens, made_by in stored:
        p = record.parsed
        con.execute(
            "INSERT INTO documents (id, sha256, source, format, encoding, kind, kind_forced, "
            "title, bureau, date, proposal_number, session, parsed, parser_version, "
            "imported_at, tokenizer) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                record.id,
                record.sha256,
                record.source,
                record.format,
                record.encoding,
                p.kind.value,
                int(p.kind is Kind.POLICY),  # the policy's kind was forced at import
                p.title,
                p.bureau,
                p.date,
                p.proposal_number,
                p.session,
                json.dumps(p.to_dict(), ensure_ascii=False),
                7,
                "2025-05-01T10:00:00+08:00",
                made_by,
            ),
        )
        con.executemany(
            "INSERT INTO paragraphs (doc_id, seq, text, tokens) VALUES (?, ?, ?, ?)",
            [
                (record.id, seq, text, None if tokens is None else join_tokens(tokens[seq]))
                for seq, text in enumerate(record.paragraphs)
            ],
        )
    con.execute("INSERT INTO meta (key, value) VALUES ('seeded', '2025-05-01')")
    con.execute("COMMIT")
    con.execute("PRAGMA journal_mode = WAL")
    con.close()


@pytest.fixture
def old_file(
    tmp_path: Path,
) -> tuple[Path, list[tuple[Record, list[list[str]] | None, str | None]]]:
    replies = [seed_record(p) for p in SEED_REPLIES[:3]]
    policy = seed_record(SEED_POLICY_PUDONG_AI, Kind.POLICY)
    stored: list[tuple[Record, list[list[str]] | None, str | None]] = [
        (replies[0], crude_tokens(replies[0]), OURS),
        (replies[1], crude_tokens(replies[1]), THEIRS),  # another dictionary's tokens
        (replies[2], None, None),  # imported without tokens
        (policy, crude_tokens(policy), None),  # stored before tokenizer versions: trusted
    ]
    path = tmp_path / "archive.sqlite3"
    write_schema_2(path, stored)
    return path, stored


def test_a_schema_2_file_migrates_once_and_reads_back_what_it_held(
    old_file: tuple[Path, list[tuple[Record, list[list[str]] | None, str | None]]],
) -> None:
    path, stored = old_file
    size_before = path.stat().st_size
    with Archive(path, tokens_version=OURS) as archive:
        assert archive.schema_version == SCHEMA_VERSION == 4
        assert not archive.created
        assert archive.get_meta("seeded") == "2025-05-01"
        assert [s.id for s in archive.list()] == [r.id for r, _, _ in stored]
        assert archive.forced_kind(stored[3][0].id) is Kind.POLICY
        assert archive.stale_ids(7) == []
        for record, tokens, made_by in stored:
            back, back_tokens = archive.get_with_tokens(record.id)
            assert back.paragraphs == record.paragraphs
            assert back.parsed == record.parsed
            assert (back.source, back.sha256, back.imported_at) == (
                record.source,
                record.sha256,
                "2025-05-01T10:00:00+08:00",
            )
            if tokens is None or made_by == THEIRS:  # none, or to be made again here
                assert back_tokens == [None] * len(record.paragraphs)
            else:
                assert back_tokens == tokens
        paragraphs = list(archive.paragraphs())
        assert [(p.doc_id, p.seq) for p in paragraphs] == [
            (r.id, seq) for r, _, _ in stored for seq in range(len(r.paragraphs))
        ]
        assert [p.text for p in paragraphs] == [t for r, _, _ in stored for t in r.paragraphs]
    con = sqlite3.connect(path)
    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert tables == {"documents", "bodies", "meta", "generation"}
    assert con.execute("PRAGMA freelist_count").fetchone()[0] == 0  # vacuumed
    con.close()
    assert path.stat().st_size < size_before
    # Opened again: nothing left to migrate, the records as they were; the change counter
    # starts at the migration and moves with the first change.
    with Archive(path, tokens_version=OURS) as again:
        assert again.get(stored[0][0].id).paragraphs == stored[0][0].paragraphs
        before = again.generation()
        again.delete(stored[0][0].id)
        assert again.generation() > before


def test_another_dictionary_still_retokenizes_after_the_migration(
    old_file: tuple[Path, list[tuple[Record, list[list[str]] | None, str | None]]],
) -> None:
    path, stored = old_file
    with Archive(path, tokens_version=THEIRS) as elsewhere:
        record, tokens = stored[1][0], stored[1][1]
        assert elsewhere.get_with_tokens(record.id)[1] == tokens  # theirs: trusted there
        mine = stored[0][0]
        assert elsewhere.get_with_tokens(mine.id)[1] == [None] * len(mine.paragraphs)
        by_doc = {p.doc_id for p in elsewhere.paragraphs() if p.tokens is None}
        assert by_doc == {mine.id, stored[2][0].id}


def test_a_reparse_keeps_the_body_and_its_tokens(
    old_file: tuple[Path, list[tuple[Record, list[list[str]] | None, str | None]]],
) -> None:
    path, stored = old_file
    record, tokens, _ = stored[0]
    with Archive(path, tokens_version=OURS) as archive:
        changed = record.parsed.__class__.from_dict({**record.parsed.to_dict(), "title": "新标题"})
        archive.update_parsed(record.id, changed, parser_version=8)
        back, back_tokens = archive.get_with_tokens(record.id)
        assert back.parsed.title == "新标题" and archive.list()[0].title == "新标题"
        assert back.paragraphs == record.paragraphs and back_tokens == tokens


def test_a_damaged_body_is_named_not_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "archive.sqlite3"
    record = seed_record(SEED_REPLIES[0])
    with Archive(path) as archive:
        archive.add(record, crude_tokens(record))
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("UPDATE bodies SET data = x'00ff00ff'")
    con.close()
    with Archive(path) as archive:
        with pytest.raises(ArchiveError, match=f"记录 {record.id} 的正文已损坏"):
            archive.get(record.id)
        with pytest.raises(ArchiveError, match=f"记录 {record.id} 的正文已损坏"):
            archive.get_many_with_token_lines([record.id])  # an index build's read
        with pytest.raises(ArchiveError, match=str(path)):
            list(archive.paragraphs())
