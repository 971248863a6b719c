"""The storage contract: what every archive backend must do, as one test class.

Each backend's test module subclasses `ArchiveContract` and provides the `archive_url` fixture:
a fresh archive of its kind for each test (Dangerzone's tests/isolation_provider/base.py is
the model).
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from multiprocessing.queues import Queue
from pathlib import Path
from typing import Any

import pytest

from replydraft.records import Kind
from replydraft.storage.base import (
    ArchiveError,
    ArchiveStore,
    RecordNotFound,
    join_tokens,
    open_archive,
)
from tests.core.storage.records import crude_tokens, seed_record, variant
from tests.seedfiles import SEED_POLICY_PUDONG_AI, SEED_REPLIES

Opener = Callable[[str], ArchiveStore]
DESKTOPS = 4


def _import_as_a_desktop(url: str, folders: list[str], start: float, results: Queue[Any]) -> None:
    """One desktop's `replydraft import`, in a process of its own, begun at `start`."""
    from replydraft.importer import import_paths

    archive = open_archive(url)
    try:
        while time.time() < start:
            time.sleep(0.005)
        report = import_paths(archive, [Path(f) for f in folders], workers=1)
        results.put((report.added, len(report.duplicates), [str(f) for f in report.failures]))
    except Exception as e:
        results.put(([], 0, [repr(e)]))
    finally:
        archive.close()


def write_files(folder: Path, count: int, tag: str) -> list[Path]:
    """`count` replies of their own: a seed's text with lines that make each file unique."""
    folder.mkdir(parents=True)
    base = SEED_REPLIES[0].read_text(encoding="utf-8")
    files = []
    for n in range(count):
        path = folder / f"{tag}-{n:04d}.txt"
        path.write_text(f"{base}\n{tag}第{n}号补充说明。\n", encoding="utf-8")
        files.append(path)
    return files


class ArchiveContract:
    @pytest.fixture
    def archive_url(self) -> str:
        raise NotImplementedError  # each backend's subclass names a fresh archive of its kind

    @pytest.fixture
    def opener(self, archive_url: str) -> Iterator[Opener]:
        opened: list[ArchiveStore] = []

        def open_one(tokens_version: str) -> ArchiveStore:
            opened.append(open_archive(archive_url, tokens_version=tokens_version))
            return opened[-1]

        yield open_one
        for archive in opened:
            archive.close()

    @pytest.fixture
    def store(self, opener: Opener) -> ArchiveStore:
        return opener("tok-1")

    # --- records in and out -----------------------------------------------------------------

    def test_add_then_get_gives_the_same_record_back(self, store: ArchiveStore) -> None:
        record = seed_record(SEED_REPLIES[0])
        assert store.add(record, crude_tokens(record), parser_version=3)
        back = store.get(record.id)
        assert back.paragraphs == record.paragraphs
        assert back.parsed == record.parsed
        assert (back.sha256, back.source, back.format) == (record.sha256, record.source, "txt")
        assert back.imported_at  # stamped when the record had none
        assert store.count() == 1 and store.count(Kind.REPLY) == 1 and store.count(Kind.POLICY) == 0

    def test_the_same_bytes_are_stored_once(self, store: ArchiveStore) -> None:
        record = seed_record(SEED_REPLIES[0])
        assert store.add(record)
        assert not store.add(record)
        assert store.has_sha(record.sha256) and store.has_sha(record.sha256.upper())
        assert store.count() == 1

    def test_an_id_taken_by_other_bytes_is_refused(self, store: ArchiveStore) -> None:
        record = seed_record(SEED_REPLIES[0])
        store.add(record)
        clash = seed_record(SEED_REPLIES[1])
        clash.id = record.id
        with pytest.raises(ArchiveError, match="已被另一份文件使用"):
            store.add(clash)
        assert store.count() == 1

    def test_token_lists_must_match_the_paragraphs(self, store: ArchiveStore) -> None:
        record = seed_record(SEED_REPLIES[0])
        with pytest.raises(ValueError, match="token lists"):
            store.add(record, [["一"]])
        assert store.count() == 0

    def test_stored_tokens_come_back_and_none_where_none_were_made(
        self, store: ArchiveStore
    ) -> None:
        with_tokens, without = seed_record(SEED_REPLIES[0]), seed_record(SEED_REPLIES[1])
        store.add(with_tokens, crude_tokens(with_tokens))
        store.add(without)
        record, tokens = store.get_with_tokens(with_tokens.id)
        assert record.paragraphs == with_tokens.paragraphs
        assert tokens == crude_tokens(with_tokens)
        assert store.get_with_tokens(without.id)[1] == [None] * len(without.paragraphs)
        by_doc = [p for p in store.paragraphs() if p.doc_id == with_tokens.id]
        assert [p.tokens for p in by_doc] == crude_tokens(with_tokens)
        assert [p.seq for p in store.paragraphs(without.id)] == list(range(len(without.paragraphs)))

    def test_tokens_of_another_tokenizer_are_not_trusted(self, opener: Opener) -> None:
        first = opener("tok-1")
        record = seed_record(SEED_REPLIES[0])
        first.add(record, crude_tokens(record))
        first.close()
        other = opener("tok-2")  # a desktop whose dictionary differs
        assert other.get_with_tokens(record.id)[1] == [None] * len(record.paragraphs)
        assert all(p.tokens is None for p in other.paragraphs(record.id))
        other.close()
        same = opener("tok-1")
        assert same.get_with_tokens(record.id)[1] == crude_tokens(record)
        same.close()

    def test_tokens_stored_for_no_tokenizer_in_particular_are_trusted(self, opener: Opener) -> None:
        # A script or a benchmark opens the archive without a tokenizer version; its tokens
        # were once marked "" and every record was tokenized again at the next index build.
        first = opener("")
        record = seed_record(SEED_REPLIES[0])
        first.add(record, crude_tokens(record))
        first.close()
        ours = opener("tok-1")
        assert ours.get_with_tokens(record.id)[1] == crude_tokens(record)
        assert [p.tokens for p in ours.paragraphs(record.id)] == crude_tokens(record)
        ours.close()

    def test_many_records_come_back_with_their_tokens_in_the_order_asked(
        self, opener: Opener
    ) -> None:
        first = opener("tok-1")
        a, b, c = (variant(SEED_REPLIES[0], n) for n in (1, 2, 3))
        first.add(a, crude_tokens(a))
        first.add(b)  # no tokens stored
        first.add(c, crude_tokens(c))
        asked = [c.id, "000000000000", a.id, b.id, c.id]  # one gone, one asked twice
        got = first.get_many_with_tokens(asked)
        assert [record.id for record, _ in got] == [c.id, a.id, b.id]
        assert got == [first.get_with_tokens(i) for i in (c.id, a.id, b.id)]
        assert [tokens for _, tokens in got] == [
            crude_tokens(c),
            crude_tokens(a),
            [None] * len(b.paragraphs),
        ]
        assert got[0][0].paragraphs == c.paragraphs and got[0][0].parsed == c.parsed
        assert first.get_many_with_tokens([]) == []
        assert first.get_many(asked) == [record for record, _ in got]
        assert first.get_many([]) == []
        # The paragraphs alone, as showing passages reads them (the archive's own reads
        # them without decoding the rest of the body), quotes and brackets in the text too.
        quoted = variant(SEED_REPLIES[0], 4)
        quoted.paragraphs.insert(0, '他说："],"tokens":"')
        first.add(quoted, crude_tokens(quoted))
        assert first.paragraphs_many([quoted.id, *asked]) == {
            quoted.id: quoted.paragraphs,
            **{r.id: r.paragraphs for r, _ in got},
        }
        assert first.paragraphs_many([]) == {}
        first.close()
        other = opener("tok-2")  # another tokenizer's tokens are not trusted here either
        assert all(
            tokens == [None] * len(record.paragraphs)
            for record, tokens in other.get_many_with_tokens([a.id, c.id])
        )

    def test_a_records_digest_changes_with_it_and_only_then(self, opener: Opener) -> None:
        # What lets an index build keep the rows of records unchanged since the last one.
        first = opener("tok-1")
        a, b, c = (variant(SEED_REPLIES[0], n) for n in (1, 2, 3))
        first.add(a, crude_tokens(a))
        first.add(b, crude_tokens(b))
        first.add(c)  # no tokens stored: nothing another tokenizer made, so kept too
        before = first.digests()
        assert set(before) == {a.id, b.id, c.id} and len(set(before.values())) == 3
        assert first.digests() == before
        # Each record read with its tokens as stored comes with the digest `digests` gives.
        got = first.get_many_with_token_lines([b.id, "000000000000", c.id, a.id])
        assert [(record.id, digest) for record, _, digest in got] == [
            (r.id, before[r.id]) for r in (b, c, a)
        ]
        assert [lines for _, lines, _ in got] == [
            [join_tokens(t) for t in crude_tokens(b)],
            [None] * len(c.paragraphs),
            [join_tokens(t) for t in crude_tokens(a)],
        ]
        assert [record for record, _, _ in got] == first.get_many([b.id, c.id, a.id])
        first.update_parsed(a.id, replace(a.parsed, title="关于农村供水管网改造的答复"))
        after = first.digests()
        assert after[a.id] != before[a.id]
        assert {k: v for k, v in after.items() if k != a.id} == {
            k: v for k, v in before.items() if k != a.id
        }
        first.delete(b.id)
        assert set(first.digests()) == {a.id, c.id}
        first.close()
        kept = {k: v for k, v in after.items() if k != b.id}
        assert opener("tok-1").digests() == kept  # another desktop, or the same one tomorrow
        assert opener("").digests() == kept  # a script's, trusting whatever is stored
        # Tokens another tokenizer made are made again: no digest says they may be kept.
        assert set(opener("tok-2").digests()) == {c.id}

    # --- finding records ------------------------------------------------------------------------

    def test_ids_resolve_from_a_unique_prefix(self, store: ArchiveStore) -> None:
        record = seed_record(SEED_REPLIES[0])
        store.add(record)
        assert store.resolve(record.id) == record.id
        assert store.resolve(record.id[:5].upper()) == record.id
        assert store.get(record.id[:6]).id == record.id
        with pytest.raises(RecordNotFound, match="至少输入"):
            store.resolve(record.id[:3])
        with pytest.raises(RecordNotFound, match="没有 ID"):
            store.resolve("ffffffffffff" if not record.id.startswith("f") else "000000000000")

    def test_an_ambiguous_prefix_names_the_candidates(self, store: ArchiveStore) -> None:
        a, b = seed_record(SEED_REPLIES[0]), seed_record(SEED_REPLIES[1])
        a.id, b.id = "abcd00000001", "abcd00000002"
        store.add(a)
        store.add(b)
        with pytest.raises(RecordNotFound, match="对应多条记录") as err:
            store.resolve("abcd")
        assert "abcd00000001" in str(err.value) and "abcd00000002" in str(err.value)

    def test_lists_keep_import_order(self, store: ArchiveStore) -> None:
        records = [variant(SEED_REPLIES[0], n) for n in (3, 1, 2)]
        records.append(seed_record(SEED_POLICY_PUDONG_AI, Kind.POLICY))
        for r in records:
            store.add(r)
        ids = [r.id for r in records]
        assert store.ids() == ids
        assert store.id_set() == set(ids)
        assert [s.id for s in store.list()] == ids
        assert [s.id for s in store.list(Kind.POLICY)] == [ids[3]]
        assert store.list()[0].to_dict()["kind"] == "reply"
        assert store.in_import_order([ids[2], ids[0], "000000000000", ids[0]]) == [ids[0], ids[2]]
        assert [r.id for r in store.iter_records()] == ids

    # --- changing and deleting ------------------------------------------------------------------

    def test_reparsing_keeps_a_forced_kind(self, store: ArchiveStore) -> None:
        forced, free = seed_record(SEED_REPLIES[0]), seed_record(SEED_REPLIES[1])
        store.add(forced, kind_forced=True, parser_version=1)
        store.add(free, parser_version=2)
        assert store.forced_kind(forced.id) is Kind.REPLY
        assert store.forced_kind(free.id) is None
        assert store.stale_ids(2) == [forced.id]
        for r in (forced, free):
            parsed = r.parsed
            parsed.kind, parsed.title = Kind.POLICY, "新标题"
            store.update_parsed(r.id, parsed, parser_version=2)
        assert store.get(forced.id).parsed.kind is Kind.REPLY
        assert store.get(forced.id).parsed.title == "新标题"
        assert store.get(free.id).parsed.kind is Kind.POLICY
        assert store.stale_ids(2) == []

    def test_delete_removes_the_record_and_its_paragraphs(self, store: ArchiveStore) -> None:
        keep, gone = seed_record(SEED_REPLIES[0]), seed_record(SEED_REPLIES[1])
        store.add(keep)
        store.add(gone)
        store.delete(gone.id[:8])
        assert store.ids() == [keep.id]
        assert {p.doc_id for p in store.paragraphs()} == {keep.id}
        with pytest.raises(RecordNotFound):
            store.delete(gone.id)
        assert store.add(gone)  # its bytes may come back

    # --- the change counter ----------------------------------------------------------------

    def test_every_change_of_a_record_moves_the_generation(
        self, store: ArchiveStore, opener: Opener
    ) -> None:
        seen = [store.generation()]

        def moved() -> bool:
            seen.append(store.generation())
            return seen[-1] > seen[-2]

        a, b = seed_record(SEED_REPLIES[0]), seed_record(SEED_REPLIES[1])
        assert store.add(a) and moved()
        assert not store.add(a) and not moved()  # a duplicate changes nothing
        store.update_parsed(a.id, a.parsed, parser_version=7)
        assert moved()
        store.set_meta("seeded", "2025-01-01")
        assert not moved()  # meta is not a record
        store.delete(a.id)
        assert moved()
        # Another connection (another process, another desktop) sees the same number.
        assert opener("tok-1").generation() == seen[-1]
        # A write rolled back leaves the number as it was: what a reader saw stays true.
        with pytest.raises(RuntimeError), store.transaction():
            store.add(b)
            raise RuntimeError("a failure after the write")
        assert not moved()
        assert store.add(b) and moved()

    # --- transactions and meta ------------------------------------------------------------------

    def test_a_failed_transaction_leaves_nothing(self, store: ArchiveStore) -> None:
        a, b = seed_record(SEED_REPLIES[0]), seed_record(SEED_REPLIES[1])
        with pytest.raises(RuntimeError), store.transaction():
            store.add(a)
            store.add(b)
            raise RuntimeError("a failure after the writes")
        assert store.count() == 0

    def test_a_failed_inner_transaction_undoes_only_itself(self, store: ArchiveStore) -> None:
        a, b = seed_record(SEED_REPLIES[0]), seed_record(SEED_REPLIES[1])
        with store.transaction():
            store.add(a)
            with pytest.raises(RuntimeError), store.transaction():
                store.add(b)
                raise RuntimeError("inner")
        assert store.ids() == [a.id]

    def test_meta_values_are_kept(self, store: ArchiveStore) -> None:
        assert store.get_meta("seeded") is None
        store.set_meta("seeded", "2025-01-01")
        store.set_meta("seeded", "2025-02-02")
        assert store.get_meta("seeded") == "2025-02-02"

    # --- many desktops at once -------------------------------------------------------------

    def test_desktops_importing_at_once_lose_and_double_nothing(
        self, archive_url: str, opener: Opener, tmp_path: Path
    ) -> None:
        # Every desktop imports the same shared folder and a folder of its own, at once.
        shared = write_files(tmp_path / "shared", 12, "共有")
        own = [write_files(tmp_path / f"own{d}", 8, f"桌面{d}") for d in range(DESKTOPS)]
        opener("").close()  # the archive exists before the desktops start (db init)
        context = multiprocessing.get_context("spawn")
        results: Queue[Any] = context.Queue()
        start = time.time() + 3.0  # after every process has loaded jieba
        procs = [
            context.Process(
                target=_import_as_a_desktop,
                args=(
                    archive_url,
                    [str(tmp_path / "shared"), str(tmp_path / f"own{d}")],
                    start,
                    results,
                ),
            )
            for d in range(DESKTOPS)
        ]
        for p in procs:
            p.start()
        outcomes = [results.get(timeout=300) for _ in procs]
        for p in procs:
            p.join()
        assert [failures for _, _, failures in outcomes] == [[]] * DESKTOPS  # no lock error
        added = [i for ids, _, _ in outcomes for i in ids]
        assert len(added) == len(set(added)) == len(shared) + sum(map(len, own))
        assert sum(dupes for _, dupes, _ in outcomes) == (DESKTOPS - 1) * len(shared)
        store = opener("")
        assert store.id_set() == set(added) and store.count() == len(added)
        assert len({p.doc_id for p in store.paragraphs()}) == len(added)

    def test_a_closed_archive_says_so(self, store: ArchiveStore) -> None:
        store.close()
        with pytest.raises(ArchiveError, match="已关闭"):
            store.count()
