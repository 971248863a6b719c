"""A build beside the index in use starts from a copy of its store when the store's rows are
made as this code makes them: it keeps the rows of records unchanged since, reads and
derives the others, and gives the same index a build from nothing gives."""

from __future__ import annotations

import hashlib
import inspect
import json
import logging
import multiprocessing.spawn
import os
import pickle
import sqlite3
import sys
import time
from dataclasses import replace
from pathlib import Path
from types import ModuleType

import pytest

import replydraft.index as index_module
from replydraft import genre, numbering, roles
from replydraft.archive import Archive
from replydraft.index import (
    RULES_VERSION,
    STORE,
    STORE_VERSION,
    UNIT_SEARCHED,
    UNITS_VERSION,
    Cancelled,
    SearchIndex,
    build_beside,
    index_path_for,
    next_path,
    swap_in,
)
from replydraft.records import Kind, Parsed, Record
from replydraft.roles import SEARCHED_ROLES
from replydraft.storage.base import ArchiveStore
from tests.core.test_index_heal import _assert_whole, archive_of

COPIED = "沿用了"  # what build_beside logs when it starts from a copy


def _folder(archive: Archive) -> Path:
    folder = index_path_for(archive.path or "")
    assert folder is not None
    return folder


@pytest.fixture(autouse=True)
def _build_log(caplog: pytest.LogCaptureFixture) -> None:
    """What build_beside logs, kept for the tests that read it (COPIED, DERIVED)."""
    caplog.set_level(logging.INFO, "replydraft.index")


def _in_use(tmp_path: Path, count: int) -> tuple[Archive, Path]:
    """An archive of `count` records and its index, up to date: the index in use."""
    archive = archive_of(tmp_path / "archive.sqlite3", count=count)
    return archive, _synced(archive)


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
        units = dict(conn.execute("SELECT unit, n FROM units WHERE unit IN ('d', 'p', 's')"))
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


def _swap_in_as_from_nothing(folder: Path, archive: Archive, tmp_path: Path) -> None:
    """Put the sibling built beside `folder` in place: whole, with the rows and searches of
    a build from nothing."""
    swap_in(folder)
    with SearchIndex(folder) as index:
        _assert_whole(index, archive)
    fresh = _from_nothing(archive, tmp_path)
    assert _by_doc(folder) == _by_doc(fresh)
    assert _searches(folder) == _searches(fresh)


def _from_nothing(archive: Archive, tmp_path: Path) -> Path:
    folder = tmp_path / "from-nothing" / "x.index"
    folder.parent.mkdir()
    build_beside(folder, archive, reuse=False)
    swap_in(folder)
    return folder


def _segments(folder: Path) -> list[str]:
    """tantivy's segment files in an index folder."""
    return sorted(p.name for p in folder.iterdir() if len(p.name.split(".")[0]) == 32)


@pytest.mark.parametrize("copy_units", [True, False])
def test_a_build_beside_copies_the_index_in_use_and_gives_what_a_build_from_nothing_gives(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    copy_units: bool,
) -> None:
    monkeypatch.setattr(index_module, "BULK_BATCH", 20)  # the units made in several commits
    monkeypatch.setattr(index_module, "HELPER_BATCH", 8)
    archive, folder = _in_use(tmp_path, 50)
    seen: list[tuple[int, int]] = []
    nxt = build_beside(folder, archive, progress=lambda *p: seen.append(p), copy_units=copy_units)
    assert f"{COPIED} 50 条" in caplog.text
    if copy_units:  # tantivy's units copied as they are: nothing left to make
        assert seen == [(50, 50)]
        assert _segments(nxt) == _segments(folder)
    else:
        assert seen == [(8 * k, 50) for k in range(1, 7)] + [(50, 50)]
        assert not set(_segments(nxt)) & set(_segments(folder))
    # The postings file copied with the store (its state's), not built again.
    postings = sorted(p.name for p in folder.glob("postings-*.bin"))
    assert postings and sorted(p.name for p in nxt.glob("postings-*.bin")) == postings
    _swap_in_as_from_nothing(folder, archive, tmp_path)
    archive.close()


@pytest.mark.parametrize("copy_units", [True, False])
def test_records_changed_deleted_or_added_since_are_read_again(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, copy_units: bool
) -> None:
    archive, folder = _in_use(tmp_path, 40)
    changed = _changed_since(archive, added=2)
    build_beside(folder, archive, copy_units=copy_units)
    assert f"{COPIED} 38 条" in caplog.text  # 40, less the one changed and the one deleted
    _in_place(folder, archive, changed)
    with SearchIndex(folder) as index:
        assert {d.doc_id for d in index.search_docs(["新增2"])} == {archive.ids()[-1]}
    fresh = _from_nothing(archive, tmp_path)
    assert _by_doc(folder) == _by_doc(fresh)
    if copy_units:
        # The same hits. tantivy counts the units deleted from the copied segments in its
        # statistics until they merge (as after the window's own syncs): scores within 2%.
        assert _scored(_searches(folder)) == _scored(_searches(fresh), approx=True)
    else:
        assert _searches(folder) == _searches(fresh)
    archive.close()


def _scored(searches: list[object], *, approx: bool = False) -> list[object]:
    """Each search's hits (a document; or a paragraph: document, number, text, section) with
    their scores, compared within 2% when `approx`."""
    out: list[object] = []
    for found in searches:
        assert isinstance(found, list)
        hits: dict[object, float] = {}
        for hit in found:
            if len(hit) == 2:  # a document: (id, score)
                hits[hit[0]] = hit[1]
            else:  # a paragraph: (id, number, score, text, section)
                hits[(hit[0], hit[1], hit[3], hit[4])] = hit[2]
        out.append(pytest.approx(hits, rel=0.02) if approx else hits)
    return out


def _changed_since(archive: ArchiveStore, added: int = 1) -> str:
    """Another desktop (or this one) re-parses the fourth record, deletes the sixth and adds
    `added` records (新增1, 新增2, …): the id of the record re-parsed."""
    ids = archive.ids()
    changed = archive.get(ids[3])
    archive.update_parsed(changed.id, replace(changed.parsed, title="关于农村供水管网改造的答复"))
    archive.delete(ids[5])
    for n in range(1, added + 1):
        own = f"新增{n}"
        sha = hashlib.sha256(own.encode()).hexdigest()
        record = Record(
            id=sha[:12], sha256=sha, source=f"new{n}.txt", format="txt", encoding="utf-8",
            paragraphs=[f"关于供水泵站的答复{n}", f"{own}泵站水厂管网"],
            parsed=Parsed(kind=Kind.REPLY, title=f"关于供水泵站的答复{n}"),
        )  # fmt: skip
        archive.add(record, [["供水", "泵站", "答复"], [own, "泵站", "水厂", "管网"]])
    return changed.id


def _in_place(folder: Path, archive: ArchiveStore, changed: str) -> None:
    """Put the sibling built beside `folder` in place: whole, the re-parsed record's new
    title in it (see _changed_since)."""
    swap_in(folder)
    with SearchIndex(folder) as index:
        _assert_whole(index, archive)
        unit = index.get_doc(changed)
        assert unit is not None and unit.title == "关于农村供水管网改造的答复"


DERIVED = "重新推导"  # what build_beside logs when it derives the rows' data again


def _other_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    """An update that changed the rules deriving rows' data (and bumped RULES_VERSION): every
    other answer paragraph is a 下一步 paragraph now, and subjects are read differently."""
    monkeypatch.setattr(index_module, "RULES_VERSION", RULES_VERSION + 1)
    roles_before, subject_before = index_module.paragraph_roles, index_module.subject_of

    def other_roles(*args: object, **kwargs: object) -> list[str]:
        found = roles_before(*args, **kwargs)  # type: ignore[arg-type]
        return ["next" if r == "body" and seq % 2 else r for seq, r in enumerate(found)]

    monkeypatch.setattr(index_module, "paragraph_roles", other_roles)
    monkeypatch.setattr(
        index_module,
        "subject_of",
        lambda parsed, paragraphs: subject_before(parsed, paragraphs)[:6],
    )


def test_rows_derived_by_other_rules_keep_their_terms_and_get_their_data_derived_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(index_module, "DERIVE_BATCH", 20)  # several commits
    monkeypatch.setattr(index_module, "HELPER_BATCH", 8)
    archive, folder = _in_use(tmp_path, 50)
    before = _by_doc(folder)
    searched_before = _searches(folder)
    ids = archive.ids()
    changed = _changed_since(archive)
    _other_rules(monkeypatch)
    seen: list[tuple[int, int]] = []
    build_beside(folder, archive, progress=lambda *p: seen.append(p))
    # 50 rows copied, less the changed and the deleted record's: their terms kept.
    assert f"{COPIED} 48 条记录的词项，{DERIVED}" in caplog.text
    assert seen == [(8 * k, 50) for k in range(1, 7)] + [(50, 50)]
    _in_place(folder, archive, changed)
    fresh = _from_nothing(archive, tmp_path)
    after = _by_doc(folder)
    assert after == _by_doc(fresh)
    assert _searches(folder) == _searches(fresh)
    # The new rules' data, not the copied one's: the roles and subjects changed.
    unchanged = [d for d in ids if d not in (changed, ids[5])]
    assert all(after[d][1] != before[d][1] for d in unchanged)
    assert _searches(folder) != searched_before
    # The new store says which rules derived it: the next build copies it whole.
    caplog.clear()
    build_beside(folder, archive)
    assert f"{COPIED} 50 条记录的已存数据" in caplog.text and DERIVED not in caplog.text
    archive.close()


def test_new_rules_giving_a_few_documents_new_roles_make_only_their_units_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    archive, folder = _in_use(tmp_path, 40)
    seventh = next(r.id for r in map(archive.get, archive.ids()) if r.parsed.title.endswith("7"))
    monkeypatch.setattr(index_module, "RULES_VERSION", RULES_VERSION + 1)
    roles_before = index_module.paragraph_roles

    def other_roles(parsed: Parsed, *args: object, **kwargs: object) -> list[str]:
        found = roles_before(parsed, *args, **kwargs)  # type: ignore[arg-type]
        # One reply's last paragraph (农村饮水安全工程) is a 下一步 paragraph now.
        return [*found[:-1], "next"] if parsed.title == "关于供水的答复7" else found

    monkeypatch.setattr(index_module, "paragraph_roles", other_roles)
    nxt = build_beside(folder, archive)
    assert f"{COPIED} 40 条记录的词项，{DERIVED}" in caplog.text
    assert set(_segments(folder)) <= set(_segments(nxt))  # the units copied stay
    swap_in(folder)
    with SearchIndex(folder) as index:
        _assert_whole(index, archive)
        body = index.search_paragraphs(["农村", "饮水"], limit=80, roles=["body"])
        assert len(body) == 39 and seventh not in {p.doc_id for p in body}
        following = index.search_paragraphs(["农村", "饮水"], limit=80, roles=["next"])
        assert [(p.doc_id, p.seq) for p in following] == [(seventh, 2)]
    fresh = _from_nothing(archive, tmp_path)
    assert _by_doc(folder) == _by_doc(fresh)
    # The same hits. Its old units, deleted from the copied segments, count in tantivy's
    # statistics until they merge (as after the window's own syncs): its rare word (编号7)
    # weighs less meanwhile.
    hits = [[sorted(scored) for scored in _scored(_searches(f))] for f in (folder, fresh)]
    assert hits[0] == hits[1] and all(hits[0])
    archive.close()


@pytest.mark.parametrize("changed", [{7}, set(range(40))])  # units kept; all made anew
def test_new_rules_moving_paragraphs_out_of_the_searched_roles_and_back_count_their_units(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    changed: set[int],
) -> None:
    archive, folder = _in_use(tmp_path, 40)
    roles_before = index_module.paragraph_roles
    titles = {f"关于供水的答复{n}" for n in changed}

    def other_roles(parsed: Parsed, *args: object, **kwargs: object) -> list[str]:
        found = roles_before(parsed, *args, **kwargs)  # type: ignore[arg-type]
        assert found == ["body"] * 3
        # The title a heading standing alone, the last paragraph (农村饮水安全工程) a line of
        # the contact block: no search finds them.
        return ["heading", "body", "contact"] if parsed.title in titles else found

    def found(words: list[str]) -> set[str]:
        with SearchIndex(folder) as index:
            _assert_whole(index, archive)  # the units as many as the rows say
            return {p.doc_id for p in index.search_paragraphs(words, limit=80, complete=False)}

    others = {r.id for r in map(archive.get, archive.ids()) if r.parsed.title not in titles}
    for version, rules in ((RULES_VERSION + 1, other_roles), (RULES_VERSION + 2, roles_before)):
        monkeypatch.setattr(index_module, "RULES_VERSION", version)
        monkeypatch.setattr(index_module, "paragraph_roles", rules)
        caplog.clear()
        build_beside(folder, archive)
        assert f"{COPIED} 40 条记录的词项，{DERIVED}" in caplog.text
        swap_in(folder)
        everyone = set(archive.ids()) if rules is roles_before else others
        assert found(["答复"]) == found(["农村", "饮水"]) == everyone
        (tmp_path / str(version)).mkdir()
        assert _by_doc(folder) == _by_doc(_from_nothing(archive, tmp_path / str(version)))
    archive.close()


def test_a_store_whose_units_were_made_for_every_paragraph_has_this_codes_counted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """The store of an index whose tantivy units another code made (UNITS_VERSION 1: a unit
    for every paragraph, and no count of them) is copied, its units made anew and counted."""
    archive, folder = _in_use(tmp_path, 30)
    _set(folder, "UPDATE units SET n = 1 WHERE unit = 't'")
    _set(folder, "UPDATE units SET n = 7 WHERE unit = 's'")  # counted otherwise
    build_beside(folder, archive)
    assert f"{COPIED} 30 条记录的已存数据" in caplog.text
    _swap_in_as_from_nothing(folder, archive, tmp_path)
    # A store without the count (a first build), its data derived again too.
    _set(folder, "UPDATE units SET n = 1 WHERE unit = 't'")
    _set(folder, "DELETE FROM units WHERE unit = 's'")
    monkeypatch.setattr(index_module, "RULES_VERSION", RULES_VERSION + 1)
    build_beside(folder, archive)
    assert f"{COPIED} 30 条记录的词项，{DERIVED}" in caplog.text
    swap_in(folder)
    with SearchIndex(folder) as index:
        _assert_whole(index, archive)
        assert index._store.units(UNIT_SEARCHED) == 90 == int(index._searcher.num_docs)
    archive.close()


def test_a_record_deleted_while_its_data_is_derived_again_leaves_the_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(index_module, "HELPER_BATCH", 5)
    archive, folder = _in_use(tmp_path, 30)
    last = archive.ids()[-1]

    def progress(done: int, total: int) -> None:
        if done == 10:  # a batch read, the last record's batch not yet
            archive.delete(last)

    build_beside(folder, archive, progress=progress, rederive=True)
    assert f"{COPIED} 30 条记录的词项，{DERIVED}" in caplog.text
    swap_in(folder)
    with SearchIndex(folder) as index:
        index.sync(archive)  # as the window does after the swap
        _assert_whole(index, archive)
        assert index.get_doc(last) is None
    assert _by_doc(folder) == _by_doc(_from_nothing(archive, tmp_path))
    archive.close()


def test_data_derived_again_in_helper_processes_is_what_a_build_here_derives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(index_module, "HELPER_BATCH", 8)  # batches shared by two helpers
    archive, folder = _in_use(tmp_path, 50)
    seen: list[int] = []
    build_beside(folder, archive, rederive=True, helper=True, progress=lambda d, _: seen.append(d))
    assert f"{COPIED} 50 条记录的词项，{DERIVED}" in caplog.text
    assert "改在本进程" not in caplog.text  # the helpers did the reading
    assert seen == [8, 16, 24, 32, 40, 48, 50]
    _swap_in_as_from_nothing(folder, archive, tmp_path)
    archive.close()


def test_a_build_whose_helpers_cannot_start_reads_the_records_itself(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    # A frozen app without freeze_support, a system refusing new processes: here, the
    # interpreter a helper is spawned with is missing.
    archive, folder = _in_use(tmp_path, 30)
    missing = tmp_path / "no-python"  # kept as multiprocessing's set_executable keeps it
    exe = os.fsdecode(missing) if sys.platform == "win32" else os.fsencode(missing)
    monkeypatch.setattr(multiprocessing.spawn, "_python_exe", exe)
    for rederive in (True, False):
        build_beside(folder, archive, rederive=rederive, reuse=rederive, helper=True)
        swap_in(folder)
        with SearchIndex(folder) as index:
            _assert_whole(index, archive)
    assert caplog.text.count("改在本进程") == 2
    monkeypatch.undo()
    assert _by_doc(folder) == _by_doc(_from_nothing(archive, tmp_path))
    archive.close()


@pytest.mark.parametrize(
    ("lines", "roles"),
    [
        ([], []),
        ([""], ["body"]),
        (["供水 管网", "", "水厂"], ["header", "body", "next"]),
        (["", ""], []),
        (["一行\n两行", "水厂"], ["body"]),  # a line break inside: sent as a list
    ],
)
def test_a_prepared_document_crosses_to_the_build_as_it_was(
    lines: list[str], roles: list[str]
) -> None:
    doc = index_module._Prepared("x1", "reply", "{}\n1", lines, roles, None, 7)
    assert pickle.loads(pickle.dumps(doc)) == doc


def test_a_store_from_before_the_rules_had_a_version_was_derived_by_the_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    archive, folder = _in_use(tmp_path, 20)
    _set(folder, "DELETE FROM units WHERE unit = 'r'")
    build_beside(folder, archive)
    assert f"{COPIED} 20 条记录的已存数据" in caplog.text  # RULES_VERSION is 1: whole rows
    caplog.clear()
    monkeypatch.setattr(index_module, "RULES_VERSION", RULES_VERSION + 1)
    build_beside(folder, archive)
    assert f"{COPIED} 20 条记录的词项，{DERIVED}" in caplog.text
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
    archive, folder = _in_use(tmp_path, 30)
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
    monkeypatch.setattr(index_module, "BULK_BATCH", 20)
    monkeypatch.setattr(index_module, "HELPER_BATCH", 5)
    archive, folder = _in_use(tmp_path, 60)
    seen: list[int] = []
    with pytest.raises(Cancelled):
        build_beside(
            folder,
            archive,
            progress=lambda done, total: seen.append(done),
            cancel=lambda: len(seen) >= 6,  # halfway through the second commit
            copy_units=False,  # tantivy's units made from the rows, batch by batch
        )
    assert seen == [5, 10, 15, 20, 25, 30]
    assert next_path(folder).is_dir()  # half-built: thrown away at the next open or build
    with SearchIndex(folder) as index:
        _assert_whole(index, archive)
    seen.clear()
    build_beside(folder, archive, progress=lambda done, total: seen.append(done), copy_units=False)
    assert seen == list(range(5, 65, 5)) and caplog.text.count(COPIED) == 1
    swap_in(folder)
    with SearchIndex(folder) as index:
        _assert_whole(index, archive)
    archive.close()


# How the store's rows are laid out: their tables, the token lines as stored, the packed term
# numbers, each paragraph's token count. Changing any of them changes this digest; then bump
# STORE_VERSION (and INDEX_VERSION) if what they make changed, and write the new digest here
# either way. Without the bump, a build beside copies rows laid out another way.
_LAYOUT = (
    "_pack", "_high_bits", "_canonical_lines", "_canonical", "_lengths", "_Prepared",
    "_Store.__init__", "_Store.kept_rows",
)  # fmt: skip
LAYOUT_DIGEST = "b5d1169c26e7ffd8"
# What derives a row's data from a record: the genre's cues, roles, numbering, and the
# functions of index.py that work it out and write it. Changing any of them changes this
# digest; then bump RULES_VERSION (and INDEX_VERSION) if what they make changed. Without the
# bump, a build beside copies data derived by the old rules.
_RULES = (genre, roles, numbering)
_INDEX_RULES = (
    "subject_of", "sections_of", "_first_squashed", "title_shown", "doc_from_record", "_doc_of",
    "_subject_tokens", "_doc_data", "_heading_runs",
)  # fmt: skip
RULES_DIGEST = "663bfd9a83a65a68"


# How tantivy's units are made from a row: the schema, the fields by kind and role, the
# numbers a unit carries, the roles whose paragraphs get one. Changing any of them changes this digest; then bump UNITS_VERSION
# (and INDEX_VERSION) if what they make changed. Without the bump, a build beside copies
# units made the old way.
_UNITS = ("_schema", "_para_field", "SearchIndex._units_of", "_searched_units")
UNITS_DIGEST = "b0105d689a7b3d74"


def _digest(
    modules: tuple[ModuleType, ...], names: tuple[str, ...], version: int, extra: str = ""
) -> str:
    h = hashlib.sha256()
    for module in modules:
        h.update(inspect.getsource(module).replace("\r\n", "\n").encode())
    for name in names:
        owner, _, member = name.partition(".")
        rule = getattr(index_module, owner)
        rule = getattr(rule, member) if member else rule
        h.update(inspect.getsource(rule).replace("\r\n", "\n").encode())
    h.update(f"{version} {extra}".encode())
    return h.hexdigest()[:16]


def test_the_stores_layout_is_pinned_to_its_version() -> None:
    found = _digest((), _LAYOUT, STORE_VERSION)
    assert found == LAYOUT_DIGEST, (
        "how the index store lays out its rows changed: if what it makes changed, bump "
        f"index.STORE_VERSION and INDEX_VERSION; then set LAYOUT_DIGEST to {found!r}"
    )


def test_the_making_of_tantivys_units_is_pinned_to_its_version() -> None:
    made_with = f"{index_module.SEQ_BITS} {index_module.PARA_FIELDS} {sorted(SEARCHED_ROLES)}"
    found = _digest((), _UNITS, UNITS_VERSION, made_with)
    assert found == UNITS_DIGEST, (
        "how tantivy's units are made from the index store's rows changed: if what it makes "
        f"changed, bump index.UNITS_VERSION and INDEX_VERSION; then set UNITS_DIGEST to "
        f"{found!r}"
    )


def test_the_rules_deriving_the_rows_data_are_pinned_to_their_version() -> None:
    found = _digest(_RULES, _INDEX_RULES, RULES_VERSION)
    assert found == RULES_DIGEST, (
        "the rules deriving the index store's data changed: if what they make changed, bump "
        f"index.RULES_VERSION and INDEX_VERSION; then set RULES_DIGEST to {found!r}"
    )


def test_a_damaged_store_is_not_copied_but_built_again_from_nothing(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # SQLite copies pages as they are: a store damaged where the check before copying does
    # not read (the terms' table) would carry the damage into the new index, which a build
    # from nothing mends.
    archive, folder = _in_use(tmp_path, 40)
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


def test_a_copy_left_by_a_crash_is_thrown_away_and_one_under_way_is_not(tmp_path: Path) -> None:
    archive, folder = _in_use(tmp_path, 5)
    part = next_path(folder).with_name(next_path(folder).name + index_module.PART)
    part.mkdir()
    (part / "store.sqlite3").write_bytes(b"half a copy")
    with SearchIndex(folder) as index:  # opening settles what is beside it
        _assert_whole(index, archive)
    assert part.is_dir()  # just made: perhaps another replydraft's copy under way
    hour_ago = time.time() - index_module.PART_LEFT_S - 60
    os.utime(part, (hour_ago, hour_ago))
    with SearchIndex(folder) as index:
        _assert_whole(index, archive)
    assert not part.exists()
    archive.close()


def test_the_copy_takes_the_segments_tantivy_uses_and_manages_them_alone(
    tmp_path: Path,
) -> None:
    archive, folder = _in_use(tmp_path, 20)
    left = folder / ("0" * 32 + ".idx")  # what a merge left behind, not yet collected
    left.write_bytes(b"an old segment's file")
    nxt = build_beside(folder, archive)
    assert not (nxt / left.name).exists()
    meta = json.loads((nxt / "meta.json").read_text(encoding="utf-8"))
    live = {segment["segment_id"].replace("-", "") for segment in meta["segments"]}
    files = {p.name for p in nxt.iterdir() if p.name.split(".", 1)[0] in live}
    assert live and {name.split(".", 1)[0] for name in files} == live
    managed = set(json.loads((nxt / ".managed.json").read_text(encoding="utf-8")))
    assert managed == files | {"meta.json"}
    swap_in(folder)
    with SearchIndex(folder) as index:
        _assert_whole(index, archive)
    archive.close()


def test_each_copied_build_has_a_name_of_its_own(tmp_path: Path) -> None:
    # A window that opened the index before a swap sees it by the build's name.
    archive, folder = _in_use(tmp_path, 10)
    names = [_head(folder)["build"]]
    for _ in range(2):
        build_beside(folder, archive)
        swap_in(folder)
        names.append(_head(folder)["build"])
    assert all(names) and len(set(names)) == 3
    archive.close()


def _head(folder: Path) -> dict[str, object]:
    with (folder / "manifest.txt").open(encoding="utf-8") as f:
        head = json.loads(f.readline())
    assert isinstance(head, dict)
    return head


def test_the_units_of_a_commit_cut_short_are_made_again_not_copied(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    archive, folder = _in_use(tmp_path, 20)
    first = archive.ids()[0]
    # What a crash mid-commit leaves: the ids it was writing marked (see SearchIndex.heal).
    (folder / "dirty.json").write_text(json.dumps([first]), encoding="utf-8")
    nxt = build_beside(folder, archive)
    assert f"{COPIED} 20 条" in caplog.text  # the store's rows are still taken
    assert not set(_segments(nxt)) & set(_segments(folder))
    _swap_in_as_from_nothing(folder, archive, tmp_path)
    archive.close()


def test_another_process_holding_the_index_follows_two_copied_rebuilds(tmp_path: Path) -> None:
    archive, folder = _in_use(tmp_path, 30)
    with SearchIndex(folder) as held:  # a window, while a CLI rebuilds twice
        for gone in archive.ids()[:2]:
            archive.delete(gone)
            build_beside(folder, archive)
            swap_in(folder)
            held.sync(archive)  # notices the new build by its name and reopens its files
            assert gone not in {d.doc_id for d in held.search_docs(["供水"], limit=100)}
            _assert_whole(held, archive)
    archive.close()


def test_while_another_writer_works_on_the_index_in_use_its_units_are_made_not_copied(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    archive, folder = _in_use(tmp_path, 20)
    with SearchIndex(folder) as busy:
        busy._get_writer()  # the window, in the middle of a write
        nxt = build_beside(folder, archive)
    assert f"{COPIED} 20 条" in caplog.text  # the store is a snapshot of its own
    assert not set(_segments(nxt)) & set(_segments(folder))
    _swap_in_as_from_nothing(folder, archive, tmp_path)
    archive.close()
