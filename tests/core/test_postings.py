"""The documents' numpy postings (postings.py): a weighted document search returns what the
weights say, by brute force, whatever the postings file's state against the store."""

from __future__ import annotations

import hashlib
import random
from pathlib import Path

import numpy as np
import pytest

from replydraft import postings as postings_module
from replydraft.archive import Archive
from replydraft.index import IndexDoc, SearchIndex
from replydraft.postings import FILE, load, newest
from replydraft.records import Kind, Parsed, Record

COMMON = [f"常见{i}" for i in range(5)]  # held by most documents: weighed last (MaxScore)
RARE = [f"少见{i}" for i in range(30)]
KINDS = [Kind.REPLY.value, Kind.REPLY.value, Kind.PROPOSAL.value, Kind.POLICY.value]


class Mirror:
    """What the index should hold: each document's words and kind, in the order indexed
    (a replaced document counts as indexed anew: ties go by that order)."""

    def __init__(self) -> None:
        self.docs: dict[str, IndexDoc] = {}

    def add(self, index: SearchIndex, docs: list[IndexDoc]) -> None:
        index.add_many(docs)
        for doc in docs:
            self.docs.pop(doc.doc_id, None)
            self.docs[doc.doc_id] = doc

    def remove(self, index: SearchIndex, doc_ids: list[str]) -> None:
        index.remove_many(doc_ids)
        for doc_id in doc_ids:
            del self.docs[doc_id]

    def ranking(
        self,
        weight: dict[str, float],
        limit: int,
        kind: str | None = None,
        exclude: frozenset[str] = frozenset(),
        within: set[str] | None = None,
    ) -> list[tuple[str, float]]:
        found = []
        for order, (doc_id, doc) in enumerate(self.docs.items()):
            if (kind is not None and doc.kind != kind) or doc_id in exclude:
                continue
            if within is not None and doc_id not in within:
                continue
            held = {t for para in doc.tokens for t in para} & weight.keys()
            if held:
                found.append((-sum(weight[t] for t in held), order, doc_id))
        return [(doc_id, -w) for w, _, doc_id in sorted(found)[:limit]]


def make_docs(rng: random.Random, names: list[str]) -> list[IndexDoc]:
    docs = []
    for doc_id in names:
        words = [t for t in COMMON if rng.random() < 0.8] + rng.sample(RARE, rng.randint(0, 5))
        docs.append(
            IndexDoc(doc_id=doc_id, kind=rng.choice(KINDS), paragraphs=["x"], tokens=[words])
        )
    return docs


def check(index: SearchIndex, mirror: Mirror, rng: random.Random, rounds: int = 12) -> None:
    """Weighted searches of every shape against the brute-force ranking."""
    for n in range(rounds):
        terms = COMMON + rng.sample(RARE, 10) + ["不在任何文档"]
        # Whole weights: sums are exact, so ties are many and must go by the order indexed.
        # The common words weigh little (MaxScore shows the answer) or much (it cannot).
        common = 1.0 if n % 2 else 6.0
        weights = [common] * len(COMMON) + [float(rng.randint(2, 8)) for _ in terms[5:]]
        weight = dict(zip(terms, weights, strict=True))
        limit = rng.choice([1, 5, 12, 40])
        kind = [None, Kind.REPLY.value, Kind.POLICY.value][n % 3]
        ids = list(mirror.docs)
        exclude = frozenset(rng.sample(ids, min(3, len(ids) - 1)))
        within = set(rng.sample(ids, len(ids) // 2)) if n % 4 == 3 else None
        found = index.search_docs(
            terms, limit=limit, kind=kind, exclude=exclude, within=within, weights=weights
        )
        expected = mirror.ranking(weight, limit, kind, exclude, within)
        assert [(u.doc_id, u.bm25) for u in found] == expected


@pytest.fixture
def small_tail(monkeypatch: pytest.MonkeyPatch) -> None:
    # A few changes stay in the tail; past 20 the file is written again.
    monkeypatch.setattr(postings_module, "TAIL_MIN", 20)
    monkeypatch.setattr(postings_module, "TAIL_SHARE", 0.1)


def test_a_weighted_search_ranks_as_brute_force_through_adds_removes_and_replaces(
    tmp_path: Path, small_tail: None
) -> None:
    rng = random.Random(6)
    mirror = Mirror()
    with SearchIndex(tmp_path / "idx") as index:
        mirror.add(index, make_docs(rng, [f"d{n:03d}" for n in range(300)]))
        check(index, mirror, rng)
        file = newest(tmp_path / "idx" / FILE)
        assert file is not None
        # A few changes: removed, replaced (a new number), added; the file stays as it was.
        written = file.stat().st_mtime_ns
        mirror.remove(index, ["d000", "d007", "d150"])
        mirror.add(index, make_docs(rng, ["d010", "d011", "n000", "n001"]))
        check(index, mirror, rng)
        assert newest(tmp_path / "idx" / FILE) == file
        assert file.stat().st_mtime_ns == written
        # Many: written again (under the new state's name, the old one removed), still right.
        mirror.add(index, make_docs(rng, [f"m{n:03d}" for n in range(40)]))
        check(index, mirror, rng)
        assert newest(tmp_path / "idx" / FILE) != file and not file.exists()
    # Another process opening the folder reads the file and the tail afresh.
    mirror.remove(SearchIndex(tmp_path / "idx"), ["d001"])
    with SearchIndex(tmp_path / "idx") as index:
        mirror.add(index, make_docs(rng, ["z000"]))
        check(index, mirror, rng)


def test_an_index_in_memory_ranks_as_brute_force(small_tail: None) -> None:
    rng = random.Random(7)
    mirror = Mirror()
    with SearchIndex(None) as index:
        mirror.add(index, make_docs(rng, [f"d{n:03d}" for n in range(200)]))
        check(index, mirror, rng)
        mirror.remove(index, ["d003", "d004"])
        mirror.add(index, make_docs(rng, ["d005", "e000"]))
        check(index, mirror, rng)
        index.clear()
        mirror.docs.clear()
        assert index.search_docs(COMMON, weights=[1.0] * 5) == []
        mirror.add(index, make_docs(rng, ["f000", "f001"]))
        check(index, mirror, rng, rounds=3)


def test_a_second_searcher_sees_the_other_ones_writes(tmp_path: Path, small_tail: None) -> None:
    # The file and its view are a cache of the store: a write by another SearchIndex (another
    # process) moves the store's change counter, and the next search looks again.
    rng = random.Random(8)
    mirror = Mirror()
    with SearchIndex(tmp_path / "idx") as writer, SearchIndex(tmp_path / "idx") as reader:
        mirror.add(writer, make_docs(rng, [f"d{n:03d}" for n in range(100)]))
        check(reader, mirror, rng, rounds=3)
        mirror.remove(writer, ["d001", "d002"])
        mirror.add(writer, make_docs(rng, ["d003", "x000"]))
        check(reader, mirror, rng)
        # Past the tail's share: the writer's search writes the file again, and the reader
        # takes it rather than building its own.
        mirror.add(writer, make_docs(rng, [f"y{n:03d}" for n in range(30)]))
        check(writer, mirror, rng, rounds=1)
        file = newest(tmp_path / "idx" / FILE)
        assert file is not None
        written = file.stat().st_mtime_ns
        check(reader, mirror, rng)
        assert newest(tmp_path / "idx" / FILE) == file
        assert file.stat().st_mtime_ns == written


def _damage(file: Path, how: str) -> None:
    data = file.read_bytes()
    if how == "missing":
        file.unlink()
    elif how == "truncated":
        file.write_bytes(data[: len(data) - 7])
    elif how == "not ours":
        file.write_bytes(b"XXXXXXXX" + data[8:])
    elif how == "counts torn":  # the offsets' last entry no longer the number of pairs
        _, _, _, _, terms, _, kinds_len = postings_module._HEADER.unpack_from(data)
        at = postings_module._HEADER.size + (kinds_len + 7) // 8 * 8
        end = at + 8 * terms
        file.write_bytes(data[:end] + (1 << 40).to_bytes(8, "little") + data[end + 8 :])
    elif how == "empty":
        file.write_bytes(b"")


@pytest.mark.parametrize("how", ["missing", "truncated", "not ours", "counts torn", "empty"])
def test_a_missing_or_damaged_file_is_built_again(tmp_path: Path, how: str) -> None:
    rng = random.Random(9)
    mirror = Mirror()
    folder = tmp_path / "idx"
    with SearchIndex(folder) as index:
        mirror.add(index, make_docs(rng, [f"d{n:03d}" for n in range(120)]))
        check(index, mirror, rng, rounds=2)
    file = newest(folder / FILE)
    assert file is not None
    _damage(file, how)
    assert load(folder / FILE) is None
    with SearchIndex(folder) as index:
        check(index, mirror, rng)
    assert load(folder / FILE) is not None


def test_a_file_older_than_the_store_never_returns_a_removed_document(
    tmp_path: Path, small_tail: None
) -> None:
    # An older file put back (a backup, a crash between the rows and the file): its state
    # is not the store's, so what was removed since is masked and what was added is read.
    rng = random.Random(10)
    mirror = Mirror()
    folder = tmp_path / "idx"
    with SearchIndex(folder) as index:
        mirror.add(index, make_docs(rng, [f"d{n:03d}" for n in range(150)]))
        check(index, mirror, rng, rounds=2)
        file = newest(folder / FILE)
        assert file is not None
        old = file.read_bytes()
        mirror.remove(index, [f"d{n:03d}" for n in range(0, 150, 5)])
        mirror.add(index, make_docs(rng, ["d021", "n000", "n001"]))
        check(index, mirror, rng, rounds=1)  # past the tail's share: written again
    assert newest(folder / FILE) != file
    for later in folder.glob("postings-*.bin"):
        later.unlink()
    file.write_bytes(old)
    with SearchIndex(folder) as index:
        check(index, mirror, rng)
        everything = index.search_docs(COMMON + RARE, limit=1000, weights=[1.0] * 35)
        assert {u.doc_id for u in everything} == set(mirror.docs)


def test_opening_maps_the_file_and_reads_none_of_it(tmp_path: Path) -> None:
    rng = random.Random(11)
    with SearchIndex(tmp_path / "idx") as index:
        index.add_many(make_docs(rng, [f"d{n:03d}" for n in range(50)]))
        index.search_docs(COMMON, weights=[1.0] * 5)
    loaded = load(tmp_path / "idx" / FILE)
    assert loaded is not None
    assert isinstance(loaded.dnums.base, np.memmap) and isinstance(loaded.offsets.base, np.memmap)


def test_non_positive_weights_still_count_the_documents_holding_them(tmp_path: Path) -> None:
    rng = random.Random(12)
    mirror = Mirror()
    with SearchIndex(tmp_path / "idx") as index:
        mirror.add(index, make_docs(rng, [f"d{n:03d}" for n in range(80)]))
        terms = ["少见0", "少见1", "少见2"]
        weights = [0.0, 3.0, -1.0]
        found = index.search_docs(terms, limit=500, weights=weights)
        expected = mirror.ranking(dict(zip(terms, weights, strict=True)), 500)
        assert [(u.doc_id, u.bm25) for u in found] == expected
        assert any(w <= 0 for _, w in expected)


def _record(n: int, words: list[str]) -> Record:
    text = f"第{n}号答复：" + "，".join(words)
    sha = hashlib.sha256(text.encode()).hexdigest()
    parsed = Parsed(kind=Kind.REPLY, title=f"答复{n}")
    return Record(
        id=sha[:12], sha256=sha, source=f"{n}.txt", format="txt", encoding="utf-8",
        paragraphs=[text], parsed=parsed,
    )  # fmt: skip


def test_a_sync_of_a_few_records_leaves_the_file_and_finds_them(tmp_path: Path) -> None:
    # A sync writes the file when there is none (or the changes outgrew it), and otherwise
    # leaves it as it is: the few records added or removed are read from the store.
    rng = random.Random(13)
    archive = Archive(tmp_path / "archive.sqlite3")
    words_of: dict[str, list[str]] = {}

    def add(n: int) -> str:
        words = rng.sample(COMMON + RARE, 6)
        record = _record(n, words)
        archive.add(record, [words])
        words_of[record.id] = words
        return record.id

    for n in range(60):
        add(n)
    with SearchIndex(tmp_path / "idx", archive) as index:
        index.sync(archive)
        file = newest(tmp_path / "idx" / FILE)
        assert file is not None
        written = file.stat().st_mtime_ns
        new = [add(n) for n in range(60, 63)]
        gone = next(iter(words_of))
        archive.delete(gone)
        index.sync(archive)
        assert newest(tmp_path / "idx" / FILE) == file
        assert file.stat().st_mtime_ns == written
        found = index.search_docs(COMMON + RARE, limit=100, weights=[1.0] * 35)
        assert {u.doc_id for u in found} == set(archive.ids()) >= set(new)
        assert gone not in {u.doc_id for u in found}
    archive.close()


def test_a_file_that_cannot_be_written_again_is_not_read_in_place_of_the_new_one(
    tmp_path: Path, small_tail: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A full disk: the new postings are searched from memory, never the old file's.
    rng = random.Random(14)
    mirror = Mirror()
    with SearchIndex(tmp_path / "idx") as index:
        mirror.add(index, make_docs(rng, [f"d{n:03d}" for n in range(100)]))
        check(index, mirror, rng, rounds=2)
        monkeypatch.setattr(postings_module, "_write", lambda arrays, path: False)
        mirror.remove(index, [f"d{n:03d}" for n in range(0, 100, 3)])
        mirror.add(index, make_docs(rng, [f"n{n:03d}" for n in range(10)]))
        check(index, mirror, rng)


def _rows(rng: random.Random, count: int) -> list[tuple[int, str, np.ndarray]]:
    """Rows as the store gives them: ascending numbers (with gaps), sorted distinct terms."""
    rows, dnum = [], 0
    for _ in range(count):
        dnum += rng.randint(1, 3)
        terms = np.array(sorted(rng.sample(range(1, 40), rng.randint(0, 8))), np.int32)
        rows.append((dnum, rng.choice(KINDS), terms))
    return rows


def test_postings_are_each_terms_documents_in_order_and_wrong_counts_are_refused(
    tmp_path: Path,
) -> None:
    rows = _rows(random.Random(15), 200)
    counts = np.bincount(np.concatenate([r[2] for r in rows]), minlength=40).astype(np.int64)
    top = rows[-1][0]
    built = postings_module.build(rows, counts, (5, 7), top, tmp_path / FILE)
    loaded = load(tmp_path / FILE)
    assert loaded is not None and (loaded.identity, loaded.state, loaded.top) == (5, 7, top)
    for arrays in (built, loaded):
        for term in range(40):
            assert arrays.of(term).tolist() == [d for d, _, t in rows if term in t]
        assert [arrays.kinds[c - 1] for c in arrays.codes if c] == [k for _, k, _ in rows]
    for wrong in (counts - (np.arange(40) == 5), counts + (np.arange(40) == 5), counts[:20]):
        with pytest.raises(ValueError):
            postings_module.build(rows, wrong, (5, 7), top, None)
    with pytest.raises(ValueError):
        postings_module.build(rows, counts, (5, 7), top - 1, None)


def test_counts_that_disagree_with_the_rows_are_counted_from_them(tmp_path: Path) -> None:
    # A write between reading the terms' counts and the rows: the rows are counted instead.
    rows = _rows(random.Random(16), 100)
    stale = np.zeros(40, np.int64)
    source = postings_module.Source(
        identity=lambda: 5,
        state=lambda: 3,
        top=lambda: rows[-1][0],
        gone=list,
        rows=lambda after, upto: (r for r in rows if after < r[0] <= upto),
        counts=lambda: stale,
    )
    found = postings_module.Postings(tmp_path / FILE, source).top_docs([4, 9], [1.0, 2.0], 500)
    weighed = sorted(
        ((-(1.0 * (4 in t) + 2.0 * (9 in t)), d) for d, _, t in rows if 4 in t or 9 in t)
    )
    assert found == [(d, -w) for w, d in weighed]


def test_a_file_of_another_store_is_not_taken_for_this_ones(tmp_path: Path) -> None:
    # The store made again (its numbers from 1 again) beside the postings file of the old
    # one, and written as often: the same change count, other documents under the numbers.
    rng = random.Random(17)
    folder = tmp_path / "idx"
    with SearchIndex(folder) as index:
        index.add_many(make_docs(rng, [f"old{n:03d}" for n in range(60)]))
        index.search_docs(COMMON, weights=[1.0] * 5)
    kept = {f.name: f.read_bytes() for f in folder.glob("postings-*.bin")}
    for file in folder.glob("store.sqlite3*"):
        file.unlink()
    mirror = Mirror()
    with SearchIndex(folder) as index:
        mirror.add(index, make_docs(rng, [f"new{n:03d}" for n in range(60)]))
        for name, data in kept.items():
            (folder / name).write_bytes(data)
        index._postings.forget()  # as a process opening the folder now
        check(index, mirror, rng)
