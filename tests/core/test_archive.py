"""The SQLite archive: schema, migrations, records in and out, transactions, refusing strangers.

Records are built here from the seed files' real text (split at blank lines), so these tests
need only records.py: the importer's tests cover ingest and parse.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from replydraft.archive import (
    APPLICATION_ID,
    SCHEMA_VERSION,
    Archive,
    ArchiveError,
    RecordNotFound,
    sqlite_reason,
)
from replydraft.records import Kind, Parsed, Record
from tests.core.storage.records import record_from_bytes, seed_record, variant
from tests.seedfiles import SEED_POLICY_PUDONG_AI, SEED_REPLIES


def crude_tokens(record: Record) -> list[list[str]]:
    # Not jieba: the archive stores whatever token lists it is given.
    words = ["".join(p.split()) for p in record.paragraphs]
    return [[w[i : i + 2] for i in range(0, min(len(w), 8), 2)] for w in words]


@pytest.fixture
def archive() -> Archive:
    return Archive(":memory:")


@pytest.fixture
def file_archive(tmp_path: Path) -> Archive:
    return Archive(tmp_path / "data" / "archive.sqlite3")


def raw(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path, isolation_level=None)


# --- schema and opening ----------------------------------------------------------------------


def test_new_file_gets_schema_version_wal_and_our_marker(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "folder" / "archive.sqlite3"
    with Archive(path) as archive:
        assert archive.created
        assert archive.schema_version == SCHEMA_VERSION
    con = raw(path)
    assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert con.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"documents", "bodies", "meta", "generation"} == tables
    con.close()


def test_reopening_keeps_records_and_does_not_migrate_again(tmp_path: Path) -> None:
    path = tmp_path / "archive.sqlite3"
    record = seed_record(SEED_REPLIES[0])
    with Archive(path) as archive:
        assert archive.add(record)
    with Archive(path) as again:
        assert not again.created
        assert again.get(record.id).paragraphs == record.paragraphs


def test_migrations_run_on_an_empty_file_and_an_empty_version_0_database(tmp_path: Path) -> None:
    empty = tmp_path / "empty.sqlite3"
    empty.write_bytes(b"")
    version0 = tmp_path / "v0.sqlite3"
    con = raw(version0)
    con.execute("PRAGMA user_version = 0")
    con.execute("VACUUM")  # writes the header: a real, empty SQLite file at version 0
    con.close()
    assert version0.stat().st_size > 0
    for path in (empty, version0):
        with Archive(path) as archive:
            assert archive.created
            assert archive.schema_version == SCHEMA_VERSION
            assert archive.add(seed_record(SEED_REPLIES[1]))
            assert archive.count() == 1


def test_a_file_that_is_not_sqlite_is_refused_and_left_alone(tmp_path: Path) -> None:
    junk = tmp_path / "notes.sqlite3"
    junk.write_bytes(bytes(range(256)) * 20)
    before = junk.read_bytes()
    with pytest.raises(ArchiveError) as err:
        Archive(junk)
    message = str(err.value)
    assert message.startswith(f"{junk}: ") and "不是 replydraft 档案库" in message
    assert "\n" not in message
    assert junk.read_bytes() == before


def test_another_programs_sqlite_database_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    con = raw(other)
    con.execute("CREATE TABLE contacts (name TEXT)")
    con.execute("INSERT INTO contacts VALUES ('x')")
    con.close()
    with pytest.raises(ArchiveError, match="不是 replydraft 档案库"):
        Archive(other)
    con = raw(other)
    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    con.close()
    assert tables == {"contacts"}  # nothing was created in it


def test_a_newer_schema_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    path = tmp_path / "archive.sqlite3"
    Archive(path).close()
    con = raw(path)
    con.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    con.close()
    with pytest.raises(ArchiveError) as err:
        Archive(path)
    message = str(err.value)
    assert message.startswith(f"{path}: ")
    assert f"格式版本为 {SCHEMA_VERSION + 1}" in message
    assert f"只支持到版本 {SCHEMA_VERSION}" in message and message.endswith("请更新 replydraft")


def test_a_damaged_archive_says_it_is_damaged_not_foreign(tmp_path: Path) -> None:
    path = tmp_path / "archive.sqlite3"
    Archive(path).close()
    con = raw(path)
    con.execute("PRAGMA journal_mode = DELETE")  # one self-contained file to damage
    con.close()
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xab" * (4096 - 100)  # the schema page, past SQLite's file header
    path.write_bytes(bytes(data))
    with pytest.raises(ArchiveError) as err:
        Archive(path)
    message = str(err.value)
    assert message == f"{path}: 无法打开档案库：档案库文件已损坏"


def test_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ArchiveError, match="是文件夹，不是档案库文件"):
        Archive(tmp_path)


def test_the_workspace_puts_the_archive_in_the_home_folder(home: Path) -> None:
    from replydraft.workspace import Workspace

    ws = Workspace.open()
    try:
        assert ws.archive_location == str(home / "archive.sqlite3")
        assert ws.archive.count() == 5  # a new desktop archive starts from the seeds
    finally:
        ws.close()
    assert (home / "archive.sqlite3").is_file()


def test_a_closed_archive_says_so(archive: Archive) -> None:
    archive.close()
    with pytest.raises(ArchiveError, match="档案库已关闭"):
        archive.count()


def test_a_locked_archive_is_explained_with_what_to_do(tmp_path: Path) -> None:
    path = tmp_path / "archive.sqlite3"
    Archive(path).close()
    holder = raw(path)
    holder.execute("BEGIN EXCLUSIVE")  # another program in the middle of writing
    waiter = sqlite3.connect(path, isolation_level=None, timeout=0)
    try:
        with pytest.raises(sqlite3.OperationalError) as err:
            waiter.execute("BEGIN IMMEDIATE")
    finally:
        waiter.close()
        holder.close()
    reason = sqlite_reason(err.value)
    assert "正被另一个程序" in reason and "请稍后再试" in reason
    assert "locked" not in reason


# --- records in and out ------------------------------------------------------------------------


def test_add_then_get_gives_the_same_record_back(archive: Archive) -> None:
    record = seed_record(SEED_REPLIES[0])
    assert archive.add(record)
    got = archive.get(record.id)
    assert got.imported_at  # stamped when stored
    assert got.to_dict() | {"imported_at": ""} == record.to_dict()
    assert got.parsed.sections[0].paragraphs == record.paragraphs[2:4]


def test_the_same_bytes_are_recognised_as_a_duplicate(archive: Archive) -> None:
    record = seed_record(SEED_REPLIES[0])
    assert archive.add(record)
    assert archive.has_sha(record.sha256)
    assert not archive.add(seed_record(SEED_REPLIES[0]))
    assert archive.count() == 1


def test_tokens_are_stored_per_paragraph_and_none_stays_none(archive: Archive) -> None:
    with_tokens = seed_record(SEED_REPLIES[0])
    without = seed_record(SEED_REPLIES[1])
    tokens = crude_tokens(with_tokens)
    tokens[1] = []  # a paragraph with no tokens is not the same as tokens never computed
    archive.add(with_tokens, tokens)
    archive.add(without)
    stored = list(archive.paragraphs())
    assert [p.text for p in stored] == with_tokens.paragraphs + without.paragraphs
    mine = [p for p in stored if p.doc_id == with_tokens.id]
    assert [p.seq for p in mine] == list(range(len(with_tokens.paragraphs)))
    assert [p.tokens for p in mine] == tokens
    assert all(p.tokens is None for p in stored if p.doc_id == without.id)
    assert [p.text for p in archive.paragraphs(without.id)] == without.paragraphs


def test_token_lists_must_match_the_paragraphs(archive: Archive) -> None:
    record = seed_record(SEED_REPLIES[0])
    with pytest.raises(ValueError, match="token lists"):
        archive.add(record, crude_tokens(record)[:-1])
    assert archive.count() == 0


def test_list_count_and_iteration_follow_import_order_and_kind(archive: Archive) -> None:
    replies = [seed_record(p) for p in SEED_REPLIES]
    policy = seed_record(SEED_POLICY_PUDONG_AI, Kind.POLICY)
    for r in [replies[0], policy, replies[1], replies[2]]:
        archive.add(r)
    order = [replies[0].id, policy.id, replies[1].id, replies[2].id]
    assert [s.id for s in archive.list()] == order
    assert [s.id for s in archive.list(Kind.POLICY)] == [policy.id]
    assert [s.id for s in archive.list(Kind.REPLY)] == [r.id for r in replies]
    assert archive.count() == 4 and archive.count(Kind.POLICY) == 1
    assert [r.id for r in archive.iter_records()] == order
    summary = archive.list(Kind.POLICY)[0]
    assert summary.kind is Kind.POLICY
    assert summary.title == policy.title and summary.source == SEED_POLICY_PUDONG_AI.name
    assert summary.to_dict()["kind"] == "policy"
    # What an index compares: the ids as a set, and any of them back in import order.
    assert archive.ids() == order and archive.id_set() == set(order)
    asked = [replies[2].id, "0000aaaa0000", policy.id, replies[2].id]
    assert archive.in_import_order(asked) == [policy.id, replies[2].id]


def test_delete_removes_the_paragraphs_too(file_archive: Archive) -> None:
    gone, kept = (seed_record(p) for p in SEED_REPLIES[:2])
    file_archive.add(gone, crude_tokens(gone))
    file_archive.add(kept, crude_tokens(kept))
    file_archive.delete(gone.id[:6])
    assert file_archive.count() == 1
    assert {p.doc_id for p in file_archive.paragraphs()} == {kept.id}
    assert file_archive.path is not None
    con = raw(file_archive.path)
    left = con.execute("SELECT count(*) FROM bodies WHERE doc_id = ?", (gone.id,)).fetchone()
    con.close()
    assert left[0] == 0
    with pytest.raises(KeyError):
        file_archive.get(gone.id)
    with pytest.raises(KeyError):
        file_archive.delete(gone.id)


def test_update_parsed_replaces_fields_and_keeps_a_forced_kind(archive: Archive) -> None:
    plain = seed_record(SEED_REPLIES[0])
    forced = seed_record(SEED_REPLIES[1], Kind.POLICY)
    archive.add(plain, parser_version=1)
    archive.add(forced, parser_version=1, kind_forced=True)
    archive.update_parsed(plain.id, Parsed(kind=Kind.PROPOSAL, title="新标题", bureau="长宁区科委"))
    archive.update_parsed(forced.id, Parsed(kind=Kind.REPLY, title="另一个"), parser_version=2)
    got = archive.get(plain.id)
    assert (got.kind, got.title, got.parsed.bureau) == (Kind.PROPOSAL, "新标题", "长宁区科委")
    assert got.paragraphs == plain.paragraphs  # text is not touched
    summary = {s.id: s for s in archive.list()}
    assert summary[plain.id].title == "新标题" and summary[plain.id].bureau == "长宁区科委"
    assert archive.get(forced.id).kind is Kind.POLICY
    assert archive.forced_kind(forced.id) is Kind.POLICY
    assert archive.forced_kind(plain.id) is None
    assert archive.get(forced.id).title == "另一个"
    assert archive.stale_ids(2) == [plain.id]
    assert archive.stale_ids(1) == [forced.id]


# --- ids and prefixes --------------------------------------------------------------------------


def two_records_sharing_a_prefix() -> tuple[Record, Record]:
    base = SEED_REPLIES[0].read_bytes()
    first_by_prefix: dict[str, Record] = {}
    for i in range(5000):
        record = record_from_bytes(base + f"\n{i}\n".encode(), f"copy{i}.txt")
        other = first_by_prefix.setdefault(record.id[:4], record)
        if other is not record:
            return other, record
    raise AssertionError("no two ids share 4 characters")  # 5000 tries: essentially impossible


def test_ids_resolve_from_unique_prefixes_and_ambiguity_is_explained(archive: Archive) -> None:
    a, b = two_records_sharing_a_prefix()
    archive.add(a)
    archive.add(b)
    assert archive.resolve(a.id) == a.id
    assert archive.resolve(a.id.upper()) == a.id
    common = 4
    while a.id[common] == b.id[common]:
        common += 1
    assert archive.get(a.id[: common + 1]).id == a.id
    assert archive.get(b.id[: common + 1]).id == b.id
    with pytest.raises(KeyError) as err:
        archive.get(a.id[:common])
    message = str(err.value)
    assert "对应多条记录" in message and a.id in message and b.id in message
    assert not message.startswith("'")  # read plain, not as a quoted repr
    with pytest.raises(RecordNotFound, match="至少输入 ID 的前 4 个字符"):
        archive.resolve(a.id[:3])
    with pytest.raises(RecordNotFound, match="没有 ID 为 'ffffffff' 的记录"):
        archive.resolve("ffffffff" if not a.id.startswith("ffff") else "00000000")


# --- transactions ------------------------------------------------------------------------------


def test_a_failed_transaction_leaves_nothing_behind(archive: Archive) -> None:
    first, second = (seed_record(p) for p in SEED_REPLIES[:2])
    archive.add(first)
    with pytest.raises(RuntimeError), archive.transaction():
        archive.add(second)
        archive.delete(first.id)
        raise RuntimeError("power cut")
    assert [s.id for s in archive.list()] == [first.id]


def test_an_inner_failure_undoes_only_the_inner_block(archive: Archive) -> None:
    first, second, third = (seed_record(p) for p in SEED_REPLIES)
    with archive.transaction():
        archive.add(first)
        with pytest.raises(RuntimeError), archive.transaction():
            archive.add(second)
            raise RuntimeError("bad file")
        archive.add(third)
    assert [s.id for s in archive.list()] == [first.id, third.id]


def test_a_write_failing_halfway_stores_nothing_of_that_record(file_archive: Archive) -> None:
    first, broken = (seed_record(p) for p in SEED_REPLIES[:2])
    file_archive.add(first, crude_tokens(first))
    assert file_archive.path is not None
    con = raw(file_archive.path)
    # A real database failure on the body, after the document row went in.
    con.execute(
        "CREATE TRIGGER fail BEFORE INSERT ON bodies WHEN NEW.doc_id = "
        f"'{broken.id}' BEGIN SELECT RAISE(ABORT, 'disk trouble'); END"
    )
    con.close()
    with pytest.raises(ArchiveError, match="数据库出错：disk trouble"):
        file_archive.add(broken, crude_tokens(broken))
    assert [s.id for s in file_archive.list()] == [first.id]
    assert {p.doc_id for p in file_archive.paragraphs()} == {first.id}
    assert len(list(file_archive.paragraphs())) == len(first.paragraphs)


def test_two_archives_on_one_file_see_each_others_writes(file_archive: Archive) -> None:
    assert file_archive.path is not None
    with Archive(file_archive.path) as second:
        record = seed_record(SEED_REPLIES[2])
        second.add(record)
        assert file_archive.get(record.id[:8]).title == record.title


def test_an_archive_can_be_used_from_a_worker_thread(archive: Archive) -> None:
    records = [seed_record(p) for p in SEED_REPLIES]
    errors: list[BaseException] = []

    def work() -> None:
        try:
            for r in records:
                archive.add(r)
        except BaseException as e:  # surfaced below; a thread would swallow it
            errors.append(e)

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert not errors
    assert archive.count() == 3


def test_an_index_build_reads_the_tokens_as_stored_one_line_a_paragraph(tmp_path: Path) -> None:
    # get_many_with_token_lines reads a batch in one query: the same records, in the order
    # asked, each once, with the tokens joined as stored; another tokenizer's are not used.
    path = tmp_path / "a.sqlite3"
    archive = Archive(path, tokens_version="tok-1")
    a, b, c = (variant(SEED_REPLIES[0], n) for n in (1, 2, 3))
    archive.add(a, crude_tokens(a))
    archive.add(b)  # no tokens stored
    archive.add(c, crude_tokens(c))
    asked = [c.id, "000000000000", a.id, b.id, c.id]
    lines = archive.get_many_with_token_lines(asked)
    split = archive.get_many_with_tokens(asked)
    assert [record for record, _, _ in lines] == [record for record, _ in split]
    assert [record.id for record, _, _ in lines] == [c.id, a.id, b.id]
    assert [stored for _, stored, _ in lines] == [
        [None if t is None else " ".join(t) for t in tokens] for _, tokens in split
    ]
    assert lines[2][1] == [None] * len(b.paragraphs) and archive.get_many_with_token_lines([]) == []
    # Each with its digest, the one `digests` gives.
    digests = archive.digests()
    assert [digest for _, _, digest in lines] == [digests[c.id], digests[a.id], digests[b.id]]
    archive.close()
    other = Archive(path, tokens_version="tok-2")
    assert [stored for _, stored, _ in other.get_many_with_token_lines([a.id])] == [
        [None] * len(a.paragraphs)
    ]
    other.close()


def test_a_body_reads_as_json_reads_it() -> None:
    # Bodies are parsed by orjson, with json's reading of what orjson refuses (NaN), and
    # json's error for what neither reads.
    import json
    import math
    import zlib

    from replydraft.archive import _unpack_body

    body = {"paragraphs": ["第一段", '引号"与\\'], "tokens": ["第一 段", None], "parsed": {"n": 3}}
    data = zlib.compress(json.dumps(body, ensure_ascii=False).encode())
    assert _unpack_body(data) == (body["paragraphs"], body["tokens"], body["parsed"])
    odd = zlib.compress(b'{"paragraphs": [], "tokens": null, "parsed": {"x": NaN}}')
    assert math.isnan(_unpack_body(odd)[2]["x"])
    with pytest.raises(ValueError):
        _unpack_body(zlib.compress(b'{"paragraphs": ['))
