"""Stored tokens carry the tokenizer's version: a desktop with another dictionary makes its own."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from replydraft import paths
from replydraft.importer import import_paths
from replydraft.storage.base import open_archive
from replydraft.tokenize import Tokenizer
from replydraft.workspace import Workspace
from tests.seedfiles import SEED_REPLY_PUDONG_057


def test_the_version_names_the_dictionary(tmp_path: Path) -> None:
    bundled = paths.resources_dir() / "jieba_userdict.txt"
    other = tmp_path / "userdict.txt"
    other.write_text(bundled.read_text(encoding="utf-8") + "头雁效应 50 n\n", encoding="utf-8")
    assert Tokenizer().version == Tokenizer().version == Tokenizer(bundled).version
    assert Tokenizer(other).version != Tokenizer().version


def test_an_import_stores_the_version_and_another_dictionary_retokenizes(
    home: Path, tmp_path: Path
) -> None:
    reply = tmp_path / "答复.txt"  # not a seed: those are in the new archive already
    reply.write_text(SEED_REPLY_PUDONG_057.read_text(encoding="utf-8") + "\n附件：无\n", "utf-8")
    ws = Workspace.open()
    try:
        report = import_paths(ws.archive, [reply], tokenizer=ws.tokenizer)
        (doc_id,) = report.added
    finally:
        ws.close()
    archive_file = home / "archive.sqlite3"
    with sqlite3.connect(archive_file) as raw:
        (made_by,) = raw.execute(
            "SELECT tokenizer FROM documents WHERE id = ?", (doc_id,)
        ).fetchone()
    assert made_by == Tokenizer().version
    other = tmp_path / "userdict.txt"
    other.write_text("头雁效应 50 n\n", encoding="utf-8")
    with open_archive(archive_file, tokens_version=Tokenizer(other).version) as elsewhere:
        record, tokens = elsewhere.get_with_tokens(doc_id)
        assert tokens == [None] * len(record.paragraphs)  # made again, not trusted
    with open_archive(archive_file, tokens_version=Tokenizer().version) as same:
        assert all(t is not None for t in same.get_with_tokens(doc_id)[1])
