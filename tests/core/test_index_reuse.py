"""A build beside the index in use starts from a copy of its store when the store's rows are
made as this code makes them: it keeps the rows of records unchanged since, reads and
derives the others, and gives the same index a build from nothing gives."""

from __future__ import annotations

import hashlib
import inspect
import logging
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

import replydraft.index as index_module
from replydraft import genre, numbering, roles
from replydraft.archive import Archive
from replydraft.index import (
    STORE,
    STORE_VERSION,
    Cancelled,
    SearchIndex,
    build_beside,
    index_path_for,
    next_path,
    swap_in,
)
from replydraft.records import Kind, Parsed, Record
from tests.core.test_index_heal import _assert_whole, archive_of

COPIED = "沿用了"  # what build_beside logs when it starts from a copy


def _folder(archive: Archive) -> Path:
    folder = index_path_for(archive.path or "")
    assert folder is not None
    return folder


def _synced(archive: Archive) -> Path:
    folder = _folder(archive)
    with SearchIndex(folder) as index:
        index.sync(archive)
    return folder


def _by_doc(folder: Path) -> dict[str, tuple[object, ...]]:
    """Each document's kind, data, digest and tokens, and each term's counts: what a build
    stores, whatever numbers it gave documents and terms."""
    with SearchIndex(folder) as index:
        docs: dict[str, tuple[object, ...]] = {}
        for doc_id in index.ids():
            unit = index.get_doc(doc_id)
            assert unit is not None
            docs[doc_id] = (unit.kind, unit.data, unit.tokens)
    conn = sqlite3.connect(folder / STORE)
    try:
        digests = dict(conn.execute("SELECT doc_id, digest FROM docs"))
        counts = {
            term: (n_docs, n_paras)
            for term, n_docs, n_paras in conn.execute("SELECT term, docs, paras FROM terms")
            if n_docs or n_paras
        }
        units = dict(conn.execute("SELECT unit, n FROM units WHERE unit IN ('d', 'p')"))
    finally:
        conn.close()
    return {**{k: (*v, digests[k]) for k, v in docs.items()}, "terms": (counts, units)}


def _searches(folder: Path) -> list[object]:
    with SearchIndex(folder) as index:
        return [
            sorted((d.doc_id, round(d.bm25, 4)) for d in index.search_docs(["管网", "编号7"]))
        ] + [
            sorted((p.doc_id, p.seq, round(p.bm25, 4), p.text, p.section) for p in found)
            for found in (
                index.search_paragraphs(["管网", "编号7"], limit=80),
                index.search_paragraphs(["农村", "饮水"], limit=80, roles=["body"]),
            )
        ]


def _from_nothing(archive: Archive, tmp_path: Path) -> Path:
    folder = tmp_path / "from-nothing" / "x.index"
    folder.parent.mkdir()
    build_beside(folder, archive, reuse=False)
    swap_in(folder)
    return folder


def test_a_build_beside_copies_the_store_in_use_and_gives_what_a_build_from_nothing_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, "replydraft.index")
    monkeypatch.setattr(index_module, "BULK_BATCH", 20)  # the copy's units in several commits
    monkeypatch.setattr(index_module, "HELPER_BATCH", 8)
    archive = archive_of(tmp_path / "archive.sqlite3", count=50)
    folder = _synced(archive)
    seen: list[tuple[int, int]] = []
    nxt = build_beside(folder, archive, progress=lambda *p: seen.append(p))
    assert f"{COPIED} 50 条" in caplog.text
    assert seen == [(8 * k, 50) for k in range(1, 7)] + [(50, 50)]
    # The postings file copied with the store (its state's), not built again.
    postings = sorted(p.name for p in folder.glob("postings-*.bin"))
    assert postings and sorted(p.name for p in nxt.glob("postings-*.bin")) == postings
    swap_in(folder)
    with SearchIndex(folder) as index:
        _assert_whole(index, archive)
    fresh = _from_nothing(archive, tmp_path)
    assert _by_doc(folder) == _by_doc(fresh)
    assert _searches(folder) == _searches(fresh)
    archive.close()


def test_records_changed_deleted_or_added_since_are_read_again(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, "replydraft.index")
    archive = archive_of(tmp_path / "archive.sqlite3", count=40)
    folder = _synced(archive)
    ids = archive.ids()
    changed = archive.get(ids[3])
    archive.update_parsed(changed.id, replace(changed.parsed, title="关于农村供水管网改造的答复"))
    archive.delete(ids[5])
    for n in (1, 2):
        own = f"新增{n}"
        sha = hashlib.sha256(own.encode()).hexdigest()
        record = Record(
            id=sha[:12], sha256=sha, source=f"new{n}.txt", format="txt", encoding="utf-8",
            paragraphs=[f"关于供水泵站的答复{n}", f"{own}泵站水厂管网"],
            parsed=Parsed(kind=Kind.REPLY, title=f"关于供水泵站的答复{n}"),
        )  # fmt: skip
        archive.add(record, [["供水", "泵站", "答复"], [own, "泵站", "水厂", "管网"]])
    build_beside(folder, archive)
    assert f"{COPIED} 38 条" in caplog.text  # 40, less the one changed and the one deleted
    swap_in(folder)
    with SearchIndex(folder) as index:
        _assert_whole(index, archive)
        unit = index.get_doc(changed.id)
        assert unit is not None and unit.title == "关于农村供水管网改造的答复"
        assert {d.doc_id for d in index.search_docs(["新增2"])} == {archive.ids()[-1]}
    fresh = _from_nothing(archive, tmp_path)
    assert _by_doc(folder) == _by_doc(fresh)
    assert _searches(folder) == _searches(fresh)
    archive.close()


def _set(folder: Path, sql: str) -> None:
    conn = sqlite3.connect(folder / STORE)
    try:
        conn.execute(sql)
        conn.commit()
    finally:
        conn.close()


@pytest.mark.parametrize(
    "made_otherwise",
    [
        f"UPDATE units SET n = {STORE_VERSION + 1} WHERE unit = 'v'",  # rows of another version
        "DELETE FROM units WHERE unit = 'v'",  # a store from before versions were kept
        "UPDATE docs SET digest = NULL",  # rows whose records' digests are not known
        "UPDATE docs SET digest = digest + 1 WHERE dnum % 3 != 0",  # most of them changed
    ],
)
def test_a_store_not_made_as_this_code_makes_it_is_not_copied(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, made_otherwise: str
) -> None:
    caplog.set_level(logging.INFO, "replydraft.index")
    archive = archive_of(tmp_path / "archive.sqlite3", count=30)
    folder = _synced(archive)
    _set(folder, made_otherwise)
    build_beside(folder, archive)
    assert COPIED not in caplog.text
    swap_in(folder)
    with SearchIndex(folder) as index:
        _assert_whole(index, archive)
    assert _by_doc(folder) == _by_doc(_from_nothing(archive, tmp_path))
    archive.close()


def test_a_cancelled_build_from_a_copy_leaves_the_index_in_use_and_the_next_one_completes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, "replydraft.index")
    monkeypatch.setattr(index_module, "BULK_BATCH", 20)
    monkeypatch.setattr(index_module, "HELPER_BATCH", 5)
    archive = archive_of(tmp_path / "archive.sqlite3", count=60)
    folder = _synced(archive)
    seen: list[int] = []
    with pytest.raises(Cancelled):
        build_beside(
            folder,
            archive,
            progress=lambda done, total: seen.append(done),
            cancel=lambda: len(seen) >= 6,  # halfway through the second commit
        )
    assert seen == [5, 10, 15, 20, 25, 30]
    assert next_path(folder).is_dir()  # half-built: thrown away at the next open or build
    with SearchIndex(folder) as index:
        _assert_whole(index, archive)
    seen.clear()
    build_beside(folder, archive, progress=lambda done, total: seen.append(done))
    assert seen == list(range(5, 65, 5)) and caplog.text.count(COPIED) == 1
    swap_in(folder)
    with SearchIndex(folder) as index:
        _assert_whole(index, archive)
    archive.close()


# What the store's rows are made by: the genre's cues, roles, numbering, and the functions of
# index.py that work out a row's data and lay it out (the store's tables among them). Changing any of them changes this digest;
# then bump STORE_VERSION (and INDEX_VERSION) if what they make changed, and write the new
# digest here either way. Without the bump, a build beside copies rows made by the old rules.
_RULES = (genre, roles, numbering)
_INDEX_RULES = (
    "subject_of", "sections_of", "_first_squashed", "title_shown", "doc_from_record", "_doc_of",
    "_subject_tokens", "_doc_data", "_heading_runs", "_pack", "_high_bits", "_canonical_lines",
    "_canonical", "_Prepared", "_Store.__init__",
)  # fmt: skip
RULES_DIGEST = "ff7c808296ddc294"


def _rules_digest() -> str:
    h = hashlib.sha256()
    for module in _RULES:
        h.update(inspect.getsource(module).replace("\r\n", "\n").encode())
    for name in _INDEX_RULES:
        owner, _, member = name.partition(".")
        rule = getattr(index_module, owner)
        rule = getattr(rule, member) if member else rule
        h.update(inspect.getsource(rule).replace("\r\n", "\n").encode())
    h.update(str(STORE_VERSION).encode())
    return h.hexdigest()[:16]


def test_the_rules_that_make_the_stores_rows_are_pinned_to_its_version() -> None:
    assert _rules_digest() == RULES_DIGEST, (
        "the rules that make the index store's rows changed: if what they make changed, "
        "bump index.STORE_VERSION and INDEX_VERSION; then set RULES_DIGEST to "
        f"{_rules_digest()!r}"
    )


def test_a_damaged_store_is_not_copied_but_built_again_from_nothing(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # SQLite copies pages as they are: a store damaged where the check before copying does
    # not read (the terms' table) would carry the damage into the new index, which a build
    # from nothing mends.
    caplog.set_level(logging.INFO, "replydraft.index")
    archive = archive_of(tmp_path / "archive.sqlite3", count=40)
    folder = _synced(archive)
    store = folder / STORE
    conn = sqlite3.connect(store)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page = conn.execute("PRAGMA page_size").fetchone()[0]
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'terms'").fetchone()
    finally:
        conn.close()
    with store.open("r+b") as f:
        f.seek((root[0] - 1) * page)
        f.write(b"\xa5" * page)
    assert _damaged(store)
    build_beside(folder, archive)
    assert "改为完整重建" in caplog.text and COPIED not in caplog.text
    swap_in(folder)
    with SearchIndex(folder) as index:
        _assert_whole(index, archive)
        assert sorted(index.all_terms()) == sorted(_terms(_from_nothing(archive, tmp_path)))
    archive.close()


def _damaged(store: Path) -> bool:
    """What SQLite's check of the file says (or that it cannot even check it)."""
    conn = sqlite3.connect(store)
    try:
        return bool(conn.execute("PRAGMA quick_check").fetchone()[0] != "ok")
    except sqlite3.DatabaseError:
        return True
    finally:
        conn.close()


def _terms(folder: Path) -> list[str]:
    with SearchIndex(folder) as index:
        return index.all_terms()
