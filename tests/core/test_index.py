"""The persisted candidate index: units, persistence, updates, and keeping up with the archive."""

from __future__ import annotations

import hashlib
import json
import random
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from replydraft.archive import Archive
from replydraft.importer import import_paths, seed_archive
from replydraft.index import (
    INDEX_VERSION,
    MANIFEST,
    PARA_FIELDS,
    UNIT_DOC,
    UNIT_PARA,
    UNIT_SEARCHED,
    IndexDoc,
    SearchIndex,
    _pack,
    _Prepared,
    _Ranks,
    _unpack,
    doc_from_record,
    index_path_for,
    sections_of,
    subject_of,
    title_shown,
)
from replydraft.records import Kind, Parsed, Record, Section
from replydraft.roles import SEARCHED_ROLES, Role
from replydraft.tokenize import Tokenizer
from tests.seedfiles import SEED_REPLY_PUDONG_057, SEED_REPLY_PUDONG_195


@pytest.fixture(scope="module")
def tokenizer() -> Tokenizer:
    tk = Tokenizer()
    tk.words("预热")
    return tk


@pytest.fixture
def seeded(tmp_path: Path, tokenizer: Tokenizer) -> Iterator[Archive]:
    archive = Archive(tmp_path / "archive.sqlite3")
    seed_archive(archive, tokenizer=tokenizer)
    yield archive
    archive.close()


def water_doc(doc_id: str = "aa11") -> IndexDoc:
    paragraphs = ["农村饮水安全工程", "新建集中供水站，铺设供水管网，水质检测全覆盖。", ""]
    return IndexDoc(
        doc_id=doc_id,
        kind=Kind.REPLY.value,
        title="关于农村饮水安全的答复",
        bureau="水务局",
        date="2024-05-01",
        subject="关于农村饮水安全的建议",
        paragraphs=paragraphs,
        tokens=[["农村", "饮水", "安全", "工程"], ["集中", "供水站", "供水", "管网", "水质"], []],
        sections=["", "一、供水", "一、供水"],
    )


def market_doc(doc_id: str = "bb22") -> IndexDoc:
    return IndexDoc(
        doc_id=doc_id,
        kind=Kind.POLICY.value,
        title="农贸市场建设方案",
        paragraphs=["新建标准化菜市场三处。"],
        tokens=[["新建", "标准化", "菜市场"]],
    )


def test_documents_and_paragraphs_are_units_of_their_own() -> None:
    index = SearchIndex(None)
    index.add_many([water_doc(), market_doc()])
    assert len(index) == 2
    assert index.unit_count(UNIT_DOC) == 2
    assert index.unit_count(UNIT_PARA) == 3  # the empty paragraph is not a unit
    assert index.doc_freqs(["供水", "菜市场", "没有"]) == {"供水": 1, "菜市场": 1, "没有": 0}

    (doc,) = index.search_docs(["供水"])
    assert (doc.doc_id, doc.title, doc.bureau, doc.subject) == (
        "aa11",
        "关于农村饮水安全的答复",
        "水务局",
        "关于农村饮水安全的建议",
    )
    assert doc.paragraph_tokens[1] == ["集中", "供水站", "供水", "管网", "水质"]
    assert doc.paragraph_tokens[2] == []

    (para,) = index.search_paragraphs(["水质"])
    assert (para.doc_id, para.seq, para.title) == ("aa11", 1, "关于农村饮水安全的答复")


def test_kind_filter_and_exclusions() -> None:
    index = SearchIndex(None)
    index.add_many([water_doc(), market_doc(), water_doc("cc33")])
    assert [d.doc_id for d in index.search_docs(["新建"], kind="policy")] == ["bb22"]
    assert index.search_docs(["新建"], kind="reply") == []
    found = {d.doc_id for d in index.search_docs(["供水"], exclude={"aa11"})}
    assert found == {"cc33"}
    assert {p.doc_id for p in index.search_paragraphs(["水质"], exclude={"cc33"})} == {"aa11"}


def test_adding_again_replaces_and_removing_drops_every_unit() -> None:
    index = SearchIndex(None)
    index.add(water_doc())
    changed = water_doc()
    changed.tokens[1] = ["净水", "设备"]
    index.add(changed)
    assert [p.seq for p in index.paragraphs_of("aa11")] == [0, 1]
    assert index.search_paragraphs(["水质"]) == []
    assert len(index.search_paragraphs(["净水"])) == 1
    assert index.remove("aa11")
    assert not index.remove("aa11")
    assert index.search_docs(["农村"]) == []
    assert index.paragraphs_of("aa11") == []


def test_the_index_persists_in_its_folder(tmp_path: Path) -> None:
    folder = tmp_path / "archive.sqlite3.index"
    with SearchIndex(folder) as index:
        index.add_many([water_doc(), market_doc()])
        before = [(p.doc_id, p.seq, p.bm25) for p in index.search_paragraphs(["水质", "菜市场"])]
    head, *ids = (folder / MANIFEST).read_text(encoding="utf-8").splitlines()
    assert json.loads(head)["version"] == INDEX_VERSION
    assert sorted(ids) == ["aa11", "bb22"]

    with SearchIndex(folder) as reopened:
        assert reopened.ids() == {"aa11", "bb22"}
        after = [(p.doc_id, p.seq, p.bm25) for p in reopened.search_paragraphs(["水质", "菜市场"])]
        assert after == before
        reopened.remove("bb22")
    with SearchIndex(folder) as again:
        assert again.ids() == {"aa11"}
        assert again.search_docs(["菜市场"]) == []
        assert again.disk_size() > 0


def test_an_index_of_another_format_is_rebuilt_not_trusted(tmp_path: Path) -> None:
    folder = tmp_path / "x.index"
    with SearchIndex(folder) as index:
        index.add(water_doc())
    (folder / MANIFEST).write_text(json.dumps({"version": -1}) + "\naa11", "utf-8")
    with SearchIndex(folder) as reopened:
        assert len(reopened) == 0
        assert reopened.search_docs(["农村"]) == []


def test_index_path_sits_beside_the_archive(tmp_path: Path) -> None:
    assert index_path_for(tmp_path / "a.sqlite3") == tmp_path / "a.sqlite3.index"
    assert index_path_for(":memory:") is None


def test_sync_follows_imports_and_deletes(
    seeded: Archive, tmp_path: Path, tokenizer: Tokenizer
) -> None:
    folder = index_path_for(seeded.path or "")
    assert folder is not None
    with SearchIndex(folder) as index:
        report = index.sync(seeded, tokenizer=tokenizer)
        assert report.added == 5 and report.removed == 0
        assert index.ids() == set(seeded.ids())
        assert not index.sync(seeded).changed  # nothing to do the second time

    # An import and a delete while the index is closed: the next open catches up.
    extra = tmp_path / "extra.txt"
    text = SEED_REPLY_PUDONG_195.read_text(encoding="utf-8").replace("吴佳桢", "王某某")
    extra.write_text(text, encoding="utf-8")
    added = import_paths(seeded, [extra], tokenizer=tokenizer, workers=1).added
    gone = seeded.ids()[1]
    seeded.delete(gone)
    with SearchIndex(folder) as index:
        report = index.sync(seeded, tokenizer=tokenizer)
        assert (report.added, report.removed) == (1, 1)
        assert index.ids() == set(seeded.ids())
        assert added[0] in index
        assert index.paragraphs_of(gone) == []
        # The new record's paragraphs are found with their section headings.
        hits = index.search_paragraphs(tokenizer.tokens("重点聚焦海外高精尖人才"), limit=5)
        assert any(h.doc_id == added[0] and "人才" in h.section for h in hits)


def test_sync_trusts_the_archives_change_counter_and_nothing_else(
    seeded: Archive, tokenizer: Tokenizer
) -> None:
    folder = index_path_for(seeded.path or "")
    assert folder is not None
    with SearchIndex(folder) as index:
        index.sync(seeded, tokenizer=tokenizer)
    head = json.loads((folder / MANIFEST).read_text("utf-8").partition("\n")[0])
    assert head["generation"] == seeded.generation() and head["count"] == 5

    # Unchanged: the ids are neither asked of the archive nor read from the manifest.
    class Counting(Archive):
        asked = 0

        def id_set(self) -> set[str]:
            Counting.asked += 1
            return super().id_set()

    counting = Counting(seeded.path or "")
    try:
        with SearchIndex(folder) as index:
            assert not index.sync(counting).changed and Counting.asked == 0
            assert len(index) == 5 and index._id_set is None
            # Changed by another connection (another process): one look at the ids.
            gone = seeded.ids()[0]
            seeded.delete(gone)
            report = index.sync(counting)
            assert (report.removed, Counting.asked) == (1, 1) and gone not in index
            assert not index.sync(counting).changed and Counting.asked == 1
            # Written by hand around the app: the trigger moves the counter all the same.
            import sqlite3

            with sqlite3.connect(seeded.path or "") as raw:
                raw.execute("DELETE FROM documents WHERE id = ?", (seeded.ids()[0],))
            assert index.sync(counting).removed == 1 and Counting.asked == 2
            assert index.ids() == set(seeded.ids())
    finally:
        counting.close()


def test_subject_and_sections_come_from_the_parsed_reply(
    seeded: Archive, tokenizer: Tokenizer
) -> None:
    by_source = {s.source: s.id for s in seeded.list()}
    record = seeded.get(by_source[SEED_REPLY_PUDONG_057.name])
    subject = subject_of(record.parsed, record.paragraphs)
    assert "关于促进 AIGC 产业高质量发展助推浦东国际消费中心建设的建议" in subject
    sections = sections_of(record.parsed, record.paragraphs)
    assert len(sections) == len(record.paragraphs)
    talent = next(i for i, p in enumerate(record.paragraphs) if "打造“1+1+N”人才体系" in p)
    assert "人才" in sections[talent]
    assert sections[0] == ""  # the header lines stand before any heading


HOLD_WRITER = """
import sys, tantivy
from replydraft.index import SearchIndex
index = SearchIndex(sys.argv[1])
index._get_writer()
print("holding", flush=True)
sys.stdin.read()
"""


def test_sync_reports_a_busy_index_and_catches_up_later(seeded: Archive) -> None:
    folder = index_path_for(seeded.path or "")
    assert folder is not None
    with SearchIndex(folder):
        pass  # create it
    # Another replydraft in the middle of writing the index.
    other = subprocess.Popen(
        [sys.executable, "-c", HOLD_WRITER, str(folder)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert other.stdout is not None and other.stdout.readline().strip() == "holding"
        with SearchIndex(folder) as index:
            report = index.sync(seeded)
            assert report.busy.startswith(f"{folder}: ") and len(index) == 0
            assert "另一个 replydraft 正在写入检索索引" in report.busy
            other.communicate("", timeout=30)
            assert index.sync(seeded).added == 5
            assert index.ids() == set(seeded.ids())
    finally:
        if other.poll() is None:
            other.kill()


def test_reindex_shows_what_a_reparse_changed_without_doubling_units(
    seeded: Archive, tokenizer: Tokenizer
) -> None:
    """What the CLI's `reparse` does: update the parsed fields, then reindex those ids."""
    index = SearchIndex(None)
    index.sync(seeded, tokenizer=tokenizer)
    by_source = {s.source: s.id for s in seeded.list()}
    doc_id = by_source[SEED_REPLY_PUDONG_057.name]
    record = seeded.get(doc_id)
    paragraphs_before = len(index.paragraphs_of(doc_id))
    seeded.update_parsed(doc_id, replace(record.parsed, title="重新解析后的标题"))

    assert index.reindex(seeded, [doc_id], tokenizer=tokenizer) == 1
    doc = index.get_doc(doc_id)
    assert doc is not None and doc.title == "重新解析后的标题"
    assert len(index.paragraphs_of(doc_id)) == paragraphs_before
    assert {p.title for p in index.paragraphs_of(doc_id)} == {"重新解析后的标题"}
    hits = index.search_paragraphs(tokenizer.tokens("AIGC 头雁效应"), limit=50)
    assert hits and len({(h.doc_id, h.seq) for h in hits}) == len(hits)  # no stale copies
    assert all(h.title == "重新解析后的标题" for h in hits if h.doc_id == doc_id)
    assert index.doc_count() == len(seeded.ids())


def _record(paragraphs: list[str], parsed: Parsed, source: str) -> Record:
    """A text record of these paragraphs, as parsed."""
    sha = hashlib.sha256("\n".join(paragraphs).encode()).hexdigest()
    return Record(
        id=sha[:12], sha256=sha, source=source, format="txt", encoding="utf-8",
        paragraphs=paragraphs, parsed=parsed,
    )  # fmt: skip


def _policy_record(paragraphs: list[str], headings: list[str]) -> Record:
    """A policy record whose parse found these section headings."""
    parsed = Parsed(
        kind=Kind.POLICY,
        title="长文件",
        sections=[Section(heading=h, level=1, paragraphs=[]) for h in headings],
    )
    return _record(paragraphs, parsed, "长文件.txt")


def test_units_read_back_tokens_counts_and_texts_and_sections_from_the_archive() -> None:
    # Many distinct terms and a term repeated thousands of times: the compact stored form
    # (the distinct term numbers, then each token's place among them) must read back exactly.
    many = [f"词{i}" for i in range(3000)]
    record = _policy_record(["一、总则", "甲\n乙", "", "二、附则", "丙"], ["总则", "附则"])
    tokens = [["总则"], many, [], ["附则"], ["重复"] * 5000 + many[:2]]
    with Archive(":memory:") as archive, SearchIndex(None, archive) as index:
        archive.add(record, tokens)
        index.add_record(record, tokens)
        unit = index.get_doc(record.id)
        assert unit is not None
        assert unit.tokens == ["总则", *many, "附则"] + ["重复"] * 5000 + many[:2]
        assert unit.paragraph_tokens == tokens
        assert unit.counts["重复"] == 5000 and unit.counts["词0"] == 2
        assert unit.counts["词2999"] == 1
        # The index keeps no text: what it shows is the archive's, sections worked out as at
        # indexing (the roles were read with them).
        shown = index.doc_text(record.id)
        assert shown is not None and shown.title == "长文件"
        assert shown.texts == ["一、总则", "甲 乙", "", "二、附则", "丙"]  # a line break: a space
        assert shown.sections == ["一、总则", "一、总则", "一、总则", "二、附则", "二、附则"]
        assert shown.sections == sections_of(record.parsed, record.paragraphs)
        (hit,) = index.search_paragraphs(["重复"])
        assert (hit.seq, hit.text, hit.section, hit.title) == (4, "丙", "二、附则", "长文件")
        assert hit.tokens == ["重复"] * 5000 + many[:2]
        bare = index.search_paragraphs(["重复"], complete=False)[0]
        assert not bare.complete and bare.text == "" and bare.tokens == hit.tokens
        index.complete_units([bare])
        assert bare == hit
        # Gone from the archive before the next sync: the title still shows, the texts no more.
        archive.delete(record.id)
        index.add_record(record, tokens)  # a change drops the texts kept
        gone = index.doc_text(record.id)
        assert gone is not None and gone.title == "长文件" and gone.texts == [""] * 5


def test_an_index_without_an_archive_shows_titles_and_takes_the_synced_ones_texts(
    seeded: Archive,
) -> None:
    index = SearchIndex(None)
    index.add(water_doc())
    shown = index.doc_text("aa11")
    assert shown is not None and shown.title == "关于农村饮水安全的答复"
    assert shown.texts == ["", "", ""]
    index.sync(seeded)
    assert index.archive is seeded
    doc_id = seeded.ids()[0]
    shown = index.doc_text(doc_id)
    assert shown is not None and shown.texts == [
        p.replace("\n", " ") for p in seeded.get(doc_id).paragraphs
    ]
    index.close()


def test_removed_documents_leave_nothing_to_read(tmp_path: Path) -> None:
    folder = tmp_path / "a.index"
    with SearchIndex(folder) as index:
        index.add_many([water_doc(), market_doc()])
        index.remove("aa11")
        assert index.get_doc("aa11") is None and index.doc_text("aa11") is None
        index.clear()
        assert len(index) == 0 and index.get_doc("bb22") is None
        assert index.search_docs(["菜市场"]) == []


def test_a_giant_document_reads_back_past_two_byte_places() -> None:
    # Over 65,536 distinct terms: each token's place no longer fits in two bytes.
    words = [f"w{i}" for i in range(70_000)]
    index = SearchIndex(None)
    index.add(IndexDoc(doc_id="ee55", kind=Kind.POLICY.value, paragraphs=["x"], tokens=[words]))
    unit = index.get_doc("ee55")
    assert unit is not None and unit.tokens == words


def test_two_processes_number_terms_without_clashing(tmp_path: Path) -> None:
    # Two replydrafts on one archive (the GUI and a CLI import): each numbers the terms it
    # adds after reading those the other numbered, and reads the other's documents back.
    folder = tmp_path / "archive.sqlite3.index"
    with SearchIndex(folder) as first, SearchIndex(folder) as second:
        first.add(water_doc())
        shared_term = replace(market_doc(), tokens=[["新建", "标准化", "菜市场", "水质"]])
        second.add(shared_term)  # 水质 is the first's; the rest are new
        # The first built its store from empty and knows every term it numbered, but no
        # longer every term stored: it reads the second's rather than numbering them again.
        first.add(replace(water_doc("cc33"), tokens=[["菜市场", "水质", "泵站"]]))
        third = first.get_doc("cc33")
        assert third is not None and third.tokens == ["菜市场", "水质", "泵站"]
        from_first = first.get_doc("bb22")
        from_second = second.get_doc("aa11")
        assert from_first is not None and from_first.tokens == ["新建", "标准化", "菜市场", "水质"]
        assert (
            from_second is not None
            and from_second.tokens == water_doc().tokens[0] + water_doc().tokens[1]
        )
        # One number per term, whoever stored it first.
        terms = first.all_terms()
        stored = {t for doc in (water_doc(), shared_term) for para in doc.tokens for t in para}
        stored.add("泵站")
        assert len(set(terms[1:])) == len(terms) - 1 == len(stored)
        assert terms == second.all_terms()
        numbers = range(1, len(terms))
        assert [first.terms[i] for i in numbers] == terms[1:] == second.terms.many(numbers)
    with SearchIndex(folder) as reopened:
        assert {p.doc_id for p in reopened.search_paragraphs(["水质"])} == {"aa11", "bb22", "cc33"}


def test_a_failed_write_leaves_no_terms_behind(tmp_path: Path) -> None:
    folder = tmp_path / "archive.sqlite3.index"

    def docs_then_failure() -> Iterator[IndexDoc]:
        yield water_doc()
        raise RuntimeError("the disk went away")

    with SearchIndex(folder) as index:
        with pytest.raises(RuntimeError):
            index.add_many(docs_then_failure())
        assert len(index) == 0 and index.all_terms() == [""]
        index.add(market_doc())  # numbers its terms from where the failed write started
        unit = index.get_doc("bb22")
        assert unit is not None and unit.tokens == ["新建", "标准化", "菜市场"]
    with SearchIndex(folder) as reopened:
        assert reopened.ids() == {"bb22"}
        assert reopened.all_terms() == ["", "新建", "标准化", "菜市场"]


def test_the_workspace_reports_how_a_rebuild_goes(seeds_index: Path) -> None:
    # An index of an older format (an update changed it) is rebuilt on open; the window shows
    # the count, so load_index passes the build's progress on.
    from replydraft.workspace import Workspace

    folder = seeds_index
    (folder / MANIFEST).write_text(json.dumps({"version": INDEX_VERSION - 1}) + "\n", "utf-8")
    ws = Workspace.open()
    try:
        calls: list[tuple[int, int]] = []
        index = ws.load_index(progress=lambda done, total: calls.append((done, total)))
        assert calls == [(5, 5)] and len(index) == 5
        assert ws.load_index(progress=lambda done, total: calls.append((done, total))) is index
        assert ws.index is index and calls == [(5, 5)]  # opened once
    finally:
        ws.close()


def _format_8_index(folder: Path, doc_id: str) -> None:
    """An index as format 8 (main before issue #14's search work) left it: one `pbody` field
    for every paragraph, a store, a manifest naming one document."""
    import sqlite3

    import tantivy

    b = tantivy.SchemaBuilder()
    for name in ("unit", "doc_id", "kind", "role"):
        b.add_text_field(name, stored=False, tokenizer_name="raw", index_option="basic")
    b.add_integer_field("dnum", stored=False, indexed=False, fast=True)
    b.add_integer_field("seq", stored=False, indexed=False, fast=True)
    for name in ("dbody", "pbody"):
        b.add_text_field(name, stored=False, tokenizer_name="whitespace", index_option="freq")
    folder.mkdir(parents=True)
    index = tantivy.Index(b.build(), path=str(folder))
    writer = index.writer(15_000_000, 1)
    writer.add_document(
        tantivy.Document(unit="p", doc_id=doc_id, kind="reply", dnum=1, seq=0, pbody="饮水")
    )
    writer.commit()
    writer.wait_merging_threads()
    conn = sqlite3.connect(folder / "store.sqlite3")
    conn.execute("CREATE TABLE docs (dnum INTEGER PRIMARY KEY, doc_id TEXT, data TEXT)")
    conn.commit()
    conn.close()
    (folder / MANIFEST).write_text(json.dumps({"version": 8, "count": 1}) + "\n" + doc_id, "utf-8")


def test_an_index_of_the_previous_format_is_rebuilt_from_the_archive(
    tmp_path: Path, seeded: Archive
) -> None:
    folder = tmp_path / "archive.sqlite3.index"
    _format_8_index(folder, seeded.ids()[0])
    with SearchIndex(folder) as index:
        assert len(index) == 0  # the old one is not trusted: it is only a cache
        report = index.sync(seeded)
        assert report.added == 5 and len(index) == 5
        found = index.search_paragraphs(["揭榜挂帅"], kind=Kind.REPLY.value)
        assert found and all(u.kind == Kind.REPLY.value for u in found)
    head = (folder / MANIFEST).read_text("utf-8").partition("\n")[0]
    assert json.loads(head)["version"] == INDEX_VERSION > 8


@pytest.fixture
def every_kind(seeded: Archive, tokenizer: Tokenizer) -> Iterator[tuple[SearchIndex, list[str]]]:
    """The seeds (replies, policies) and a proposal indexed, and words all three hold."""
    with SearchIndex(None) as index:
        index.sync(seeded)
        index.add(replace(water_doc("pp22"), kind=Kind.PROPOSAL.value))
        yield index, tokenizer.tokens("揭榜挂帅 人才 人工智能 产业 政策 资金 科技 创新 企业 水质")


def test_paragraph_searches_by_kind_and_role_find_what_a_filter_would(
    every_kind: tuple[SearchIndex, list[str]],
) -> None:
    # Each paragraph lives in one body field by its kind and role; every kind and role
    # asked for must still find exactly the paragraphs a filter over all of them finds.
    from replydraft.roles import SLOT_ROLES, Role

    index, terms = every_kind
    every = index.search_paragraphs(terms, limit=10_000, complete=False)
    kinds = {u.kind for u in every}
    assert kinds == {Kind.REPLY.value, Kind.POLICY.value, Kind.PROPOSAL.value}
    asks: list[tuple[str | None, frozenset[str] | None]] = [
        (kind, roles)
        for kind in (None, Kind.REPLY.value, Kind.PROPOSAL.value, Kind.POLICY.value)
        for roles in (
            None,
            frozenset(r.value for r in SLOT_ROLES),
            frozenset({Role.BODY.value, Role.NEXT.value}),
            frozenset({Role.NEXT.value}),
        )
    ]
    for kind, roles in asks:
        found = index.search_paragraphs(terms, limit=10_000, kind=kind, roles=roles, complete=False)
        expected = {
            (u.doc_id, u.seq)
            for u in every
            if (kind is None or u.kind == kind) and (roles is None or u.role in roles)
        }
        assert {(u.doc_id, u.seq) for u in found} == expected, (kind, roles)
        # Within a few documents, read from their rows: the same paragraphs.
        docs = sorted({d for d, _ in expected})[:3]
        within = index.search_paragraphs(
            terms, limit=10_000, kind=kind, roles=roles, within=docs, complete=False
        )
        assert {(u.doc_id, u.seq) for u in within} == {e for e in expected if e[0] in docs}


def test_document_searches_by_kind_find_what_a_filter_would(
    every_kind: tuple[SearchIndex, list[str]],
) -> None:
    # Replies' tokens and the rest's live in two fields; every kind asked for finds exactly
    # the documents of that kind that hold the terms.
    index, terms = every_kind
    every = index.search_docs(terms, limit=100)
    assert {u.kind for u in every} == {
        Kind.REPLY.value,
        Kind.POLICY.value,
        Kind.PROPOSAL.value,
    }
    for kind in (Kind.REPLY.value, Kind.POLICY.value, Kind.PROPOSAL.value):
        found = index.search_docs(terms, limit=100, kind=kind)
        assert {u.doc_id for u in found} == {u.doc_id for u in every if u.kind == kind}
    # Document frequency counts both fields.
    holding = sum("水质" in u.tokens for u in every)
    assert holding >= 2 and index.doc_freqs(["水质"]) == {"水质": holding}


def _live_counts(index: SearchIndex, terms: list[str]) -> dict[str, dict[str, int]]:
    """Each term's units counted afresh from the stored rows: the documents holding it, the
    paragraphs holding it, and those of them a paragraph search finds (SEARCHED_ROLES');
    and ("tantivy") the paragraph units tantivy holds live (not deleted) holding it."""
    import tantivy

    searched = {role.value for role in SEARCHED_ROLES}
    out: dict[str, dict[str, int]] = {
        key: dict.fromkeys(terms, 0) for key in (UNIT_DOC, UNIT_PARA, "searched", "tantivy")
    }
    wanted = set(terms)
    for doc_id in index.ids():
        unit = index.get_doc(doc_id)
        assert unit is not None
        for term in wanted.intersection(unit.tokens):
            out[UNIT_DOC][term] += 1
        for seq, tokens in enumerate(unit.paragraph_tokens):
            for term in wanted.intersection(tokens):
                out[UNIT_PARA][term] += 1
                out["searched"][term] += unit.role(seq) in searched
    searcher = index._searcher
    for term in terms:
        should = [
            (tantivy.Occur.Should, tantivy.Query.term_query(index._schema, f, term))
            for f in PARA_FIELDS
        ]
        found: Any = searcher.search(tantivy.Query.boolean_query(should), 1, count=True)
        out["tantivy"][term] = int(found.count)
    return out


def _paragraphs(index: SearchIndex, *, searched: bool) -> int:
    """The non-empty paragraphs of the stored rows (`searched`: of SEARCHED_ROLES alone)."""
    roles = {role.value for role in SEARCHED_ROLES}
    count = 0
    for doc_id in index.ids():
        unit = index.get_doc(doc_id)
        assert unit is not None
        count += sum(
            1
            for seq, n in enumerate(unit.lengths)
            if n and (not searched or unit.role(seq) in roles)
        )
    return count


def test_word_frequencies_stay_exact_through_adds_replaces_and_removes(
    tmp_path: Path, seeded: Archive, tokenizer: Tokenizer
) -> None:

    folder = tmp_path / "archive.sqlite3.index"
    with SearchIndex(folder) as index:
        index.sync(seeded, tokenizer=tokenizer)
        ids = seeded.ids()
        # A replaced document (its paragraphs cut to half), a water reply twice over (added,
        # then added again in one write), and a removed seed.
        record, tokens = seeded.get_with_tokens(ids[1])
        half = len(record.paragraphs) // 2
        shorter = replace(record, paragraphs=record.paragraphs[:half])
        index.add_record(shorter, [t or [] for t in tokens[:half]])
        index.add_many([water_doc("ff66"), water_doc("ff66")])
        index.remove(ids[0])
        terms = [t for t in index.all_terms() if t]
        assert len(terms) > 500 and "供水" in terms
        live = _live_counts(index, terms)
        for unit in (UNIT_DOC, UNIT_PARA):
            stored = index.doc_freqs(terms, unit)
            assert stored == live[unit], unit
        # Tantivy holds the paragraphs a search finds, each once (the replaced ones gone).
        assert live["tantivy"] == live["searched"] != live[UNIT_PARA]
        # The number of units, idf's other figure, is counted alike (deleted ones not).
        assert index.unit_count(UNIT_PARA) == _paragraphs(index, searched=False)
        assert int(index._searcher.num_docs) == _paragraphs(index, searched=True)
        assert index._store.units(UNIT_SEARCHED) == int(index._searcher.num_docs)
        assert index.unit_count(UNIT_DOC) == len(ids)  # a seed removed, ff66 added
        assert index.doc_freqs(["供水"], UNIT_PARA) == {"供水": 1}
        assert sum(index.doc_freqs(terms).values()) > 0
    # Read back by another open, and after a clear nothing counts.
    with SearchIndex(folder) as reopened:
        assert reopened.doc_freqs(terms, UNIT_PARA) == live[UNIT_PARA]
        reopened.clear()
        assert set(reopened.doc_freqs(terms).values()) == {0}
        assert reopened.unit_count(UNIT_PARA) == 1  # none: at least one, idf's divisor


def test_a_paragraph_search_finds_no_paragraph_that_is_its_documents_own(
    tmp_path: Path, seeded: Archive
) -> None:
    """A reply's title, salutation, section headings standing alone, signature and contact
    block are found by no paragraph search (through tantivy, or within a few documents),
    however exactly it asks for their words; the answers beside them are."""
    own = {Role.HEADER.value, Role.HEADING.value, Role.CONTACT.value}
    with SearchIndex(tmp_path / "i") as index:
        index.sync(seeded)
        asked = found_body = 0
        for doc_id in seeded.ids():
            unit = index.get_doc(doc_id)
            assert unit is not None
            for seq, tokens in enumerate(unit.paragraph_tokens):
                if not tokens or (unit.role(seq) not in own and unit.role(seq) != "body"):
                    continue
                everywhere = index.search_paragraphs(tokens, limit=5000, complete=False)
                within = index.search_paragraphs(tokens, limit=5000, within=[doc_id])
                for found in (everywhere, within):
                    hits = {(p.doc_id, p.seq) for p in found}
                    if unit.role(seq) in own:
                        assert (doc_id, seq) not in hits, (unit.role(seq), tokens)
                    else:
                        assert (doc_id, seq) in hits
                asked += unit.role(seq) in own
                found_body += unit.role(seq) == "body"
                assert all(p.role not in own for p in everywhere + within)
        assert asked > 20 and found_body > 20  # the seeds have many of both


def _format_10_index(folder: Path, doc_id: str) -> None:
    """The store as format 10 (main before the texts left the index) made it: a `texts`
    column in `docs`, a `terms` table without unit counts, a manifest naming one document."""
    import sqlite3

    folder.mkdir(parents=True)
    conn = sqlite3.connect(folder / "store.sqlite3")
    conn.execute(
        "CREATE TABLE docs (dnum INTEGER PRIMARY KEY AUTOINCREMENT, doc_id TEXT NOT NULL UNIQUE, "
        "kind TEXT NOT NULL, data TEXT NOT NULL, ids BLOB NOT NULL, texts BLOB NOT NULL)"
    )
    conn.execute("CREATE TABLE terms (id INTEGER PRIMARY KEY, term TEXT NOT NULL UNIQUE)")
    conn.execute("INSERT INTO terms VALUES (1, '饮水')")
    conn.execute(
        "INSERT INTO docs VALUES (1, ?, 'reply', '{}\n1', ?, ?)",
        (doc_id, b"\x01\x00\x00\x00\x01\x00\x00\x00\x00\x00", b""),
    )
    conn.commit()
    conn.close()
    (folder / MANIFEST).write_text(json.dumps({"version": 10, "count": 1}) + "\n" + doc_id, "utf-8")


def test_an_index_made_before_the_texts_left_it_rebuilds_itself(
    tmp_path: Path, seeded: Archive
) -> None:
    folder = tmp_path / "archive.sqlite3.index"
    _format_10_index(folder, seeded.ids()[0])
    with SearchIndex(folder) as index:
        assert len(index) == 0
        assert index.sync(seeded).added == 5
        assert index.doc_freqs(["饮水"])["饮水"] >= 0  # the new columns are there
        found = index.search_paragraphs(["揭榜挂帅"], kind=Kind.REPLY.value)
        assert found and all(u.text for u in found)


def test_removed_rows_give_their_space_back(tmp_path: Path) -> None:
    import sqlite3

    folder = tmp_path / "a.index"
    docs = [
        IndexDoc(
            doc_id=f"r{n:03d}",
            kind=Kind.POLICY.value,
            paragraphs=["x"],
            tokens=[[f"词{i}" for i in random.Random(n).choices(range(3000), k=10_000)]],
        )
        for n in range(40)
    ]  # shared terms in random order: rows of ~14 KB, the terms table small

    def pages() -> tuple[int, int]:
        conn = sqlite3.connect(folder / "store.sqlite3")
        try:
            return (
                conn.execute("PRAGMA page_count").fetchone()[0],
                conn.execute("PRAGMA freelist_count").fetchone()[0],
            )
        finally:
            conn.close()

    with SearchIndex(folder) as index:
        index.add_many(docs)
        full, _ = pages()
        index.remove_many([d.doc_id for d in docs[:30]])
        fewer, free = pages()
        assert free == 0 and fewer < full * 0.6
        index.clear()
        assert pages()[1] == 0


def test_an_archive_out_of_reach_leaves_titles_and_search_answering(
    tmp_path: Path, tokenizer: Tokenizer
) -> None:
    path = tmp_path / "archive.sqlite3"
    archive = Archive(path)
    seed_archive(archive, tokenizer=tokenizer)
    index = SearchIndex(None, archive)
    index.sync(archive)
    doc_id = archive.ids()[0]
    archive.close()  # as a server that stopped answering: reading raises ArchiveError
    shown = index.doc_text(doc_id)
    assert shown is not None and shown.title and set(shown.texts) == {""}
    assert index.search_paragraphs(["揭榜挂帅"])  # the search itself still answers
    with Archive(path) as back:
        index.archive = back
        again = index.doc_text(doc_id)  # what could not be read was not kept
        assert again is not None and again.texts == [
            p.replace("\n", " ") for p in back.get(doc_id).paragraphs
        ]
    index.close()


@pytest.mark.parametrize("distinct", [0, 1, 200, 256, 257, 300, 512, 513, 1500, 70_000])
def test_packed_rows_read_back_as_they_were_written(distinct: int) -> None:
    # Every width a token's place takes (a byte, one to eight bit planes more, four bytes),
    # gaps between terms of a byte, too wide for a byte, and exactly 255 (the mark of those).
    rng = np.random.default_rng(distinct)
    dense = rng.integers(511, 4 * distinct + 600, size=2 * distinct)
    sparse = rng.integers(1 << 20, 1 << 30, size=distinct)
    chosen = rng.permutation(np.unique(np.concatenate([dense, sparse])))[: max(0, distinct - 3)]
    terms = np.unique(np.concatenate([[0, 255, 510][:distinct], chosen])).astype(np.int32)
    assert terms.size == distinct
    ids = rng.permutation(np.concatenate([terms, rng.choice(terms, 2 * distinct)]))
    ids = ids.astype(np.int32)
    back, places = _unpack(_pack(ids))
    assert np.array_equal(back, terms) and np.array_equal(back[places], ids)
    # A build finds the places in a table it keeps from document to document: the same
    # bytes, whatever the documents before left in it (more terms, fewer, others).
    # (Term numbers are dense in a store: these, renumbered so, take the table; the sparse
    # ones up to 2**30 are found by search instead.)
    dense = (np.searchsorted(terms, ids) + 1).astype(np.int32)
    ranks = _Ranks()
    for other in (dense[::-1], dense[: distinct // 2], dense + 7, dense, ids):
        assert _pack(other, ranks) == _pack(other)


@pytest.mark.parametrize(
    ("paragraphs", "headings"),
    [
        (["前言", "正文一段", "正文二段"], []),  # no heading at all
        (["一、 总 则", "甲", "（二）附则：本办法自印发之日起施行", "乙"], ["总则", "附则"]),
        (["序", "第一章 总则", "甲", "二、附则", "乙", "丙"], ["总则", "附则", "不在文中"]),
    ],
)
def test_shown_sections_are_those_worked_out_at_indexing(
    paragraphs: list[str], headings: list[str]
) -> None:
    # The row keeps where each heading starts (its text, or its length when the paragraph
    # starts with it, as a heading spaced out or run on into its paragraph does not).
    record = _policy_record(paragraphs, headings)
    tokens = [[p[:1]] for p in paragraphs]
    with Archive(":memory:") as archive, SearchIndex(None, archive) as index:
        archive.add(record, tokens)
        index.add_record(record, tokens)
        shown = index.doc_text(record.id)
        assert shown is not None
        assert shown.sections == sections_of(record.parsed, record.paragraphs)
        assert any(shown.sections) == bool(headings)


def _weighed(docs: list[IndexDoc], terms: list[str], weights: list[float]) -> dict[str, float]:
    """What a weighted search weighs each document, by brute force: the summed weight of the
    terms it holds (documents holding none left out)."""
    weight = dict(zip(terms, weights, strict=True))
    out = {}
    for doc in docs:
        held = {t for para in doc.tokens for t in para} & set(terms)
        if held:
            out[doc.doc_id] = sum(weight[t] for t in held)
    return out


def test_a_weighted_search_finds_the_heaviest_documents() -> None:
    # The weights of the terms a document holds add up (postings.py): the documents found
    # must be those the weights say, heaviest first, whether the light common words or the
    # rare ones decide.
    import random

    rng = random.Random(14)
    common = [f"常见{i}" for i in range(6)]
    rare = [f"少见{i}" for i in range(40)]
    docs = []
    for n in range(300):
        words = [t for t in common if rng.random() < 0.95] + rng.sample(rare, rng.randint(0, 6))
        docs.append(
            IndexDoc(doc_id=f"d{n:03d}", kind=Kind.REPLY.value, paragraphs=["x"], tokens=[words])
        )
    with SearchIndex(None) as index:
        index.add_many(docs)
        for limit in (3, 12, 50):
            for common_weight in (0.05, 5.0):
                terms = common + rng.sample(rare, 12)
                weights = [rng.uniform(0.01, common_weight) for _ in common]
                weights += [rng.uniform(2.0, 9.0) for _ in terms[len(common) :]]
                found = index.search_docs(terms, limit=limit, kind="reply", weights=weights)
                weighed = _weighed(docs, terms, weights)
                best = sorted(weighed.values(), reverse=True)[:limit]
                # The heaviest, heaviest first, ties by the order they were indexed in.
                assert [weighed[u.doc_id] for u in found] == pytest.approx(best, rel=1e-9)
                assert [u.bm25 for u in found] == pytest.approx(best, rel=1e-9)
                expected = sorted(weighed, key=lambda d: (-round(weighed[d], 9), d))[:limit]
                assert [u.doc_id for u in found] == expected
        # A document holding the light terms alone still counts when too few hold the rest.
        only_light = ["常见0", "少见不在"]
        terms, weights = [*only_light, "少见0"], [0.02, 0.01, 5.0]
        found = index.search_docs(terms, limit=400, weights=weights)
        weighed = _weighed(docs, terms, weights)
        assert len(found) == len(weighed) > 250
        assert [weighed[u.doc_id] for u in found] == pytest.approx(
            sorted(weighed.values(), reverse=True), rel=1e-9
        )


def test_common_words_together_outweigh_a_rare_one() -> None:
    # Ten documents holding six common words each outweigh the one holding the rare word.
    common = [f"常见{i}" for i in range(6)]
    docs = [IndexDoc(doc_id="rare", kind=Kind.REPLY.value, paragraphs=["x"], tokens=[["少见"]])]
    docs += [
        IndexDoc(doc_id=f"c{n}", kind=Kind.REPLY.value, paragraphs=["x"], tokens=[common])
        for n in range(10)
    ]
    with SearchIndex(None) as index:
        index.add_many(docs)
        (found,) = index.search_docs(["少见", *common], limit=1, weights=[10.0] + [3.0] * 6)
        assert found.doc_id == "c0" and found.bm25 == pytest.approx(18.0)


def test_a_thread_reads_rows_while_the_writing_connection_is_busy(tmp_path: Path) -> None:
    """Each thread reads on a connection of its own: the window's search does not wait while
    another thread holds the store's writing connection (a commit, a helper's long read)."""
    from concurrent.futures import ThreadPoolExecutor

    with SearchIndex(tmp_path / "archive.sqlite3.index") as index:
        index.add_many([water_doc(), market_doc()])
        index._store.forget()  # nothing kept: the rows must be read
        with ThreadPoolExecutor(1) as other, index._store._lock:
            doc = other.submit(index.get_doc, "aa11").result(timeout=30)
            found = other.submit(index.search_paragraphs, ["水质"]).result(timeout=30)
        assert doc is not None and doc.title == "关于农村饮水安全的答复"
        assert [(p.doc_id, p.seq, p.tokens) for p in found] == [
            ("aa11", 1, ["集中", "供水站", "供水", "管网", "水质"])
        ]


def test_paragraphs_recalled_in_two_steps_are_those_a_search_finds(tmp_path: Path) -> None:
    with SearchIndex(tmp_path / "archive.sqlite3.index") as index:
        index.add_many([water_doc(), water_doc("cc33"), market_doc()])
        terms = ["供水", "菜市场", "农村"]
        found = index.search_paragraphs(terms, limit=3, complete=False)
        index._store.forget()
        later = index.recall_paragraphs(terms, limit=3)  # the walk and the rows' read
        index.remove("cc33")  # a change before the units are made: they are still those read
        recalled = later()
        assert [(u.doc_id, u.seq, u.bm25, u.ids.tolist()) for u in recalled] == [
            (u.doc_id, u.seq, u.bm25, u.ids.tolist()) for u in found
        ]
        assert len(recalled) == 3 and "cc33" in {u.doc_id for u in recalled}


def _parsed_record(paragraphs: list[str], source: str) -> Record:
    from replydraft.parse import parse

    return _record(paragraphs, parse(paragraphs), source)


def test_a_reply_printed_without_a_title_is_listed_by_the_proposal_its_opening_quotes() -> None:
    # A web page of a reply that starts at its salutation: its file name said nothing to the
    # officer in the side panel and in a reused paragraph's 引自 line.
    body = [
        "一、全市农村供水基本情况",
        "截至2024年底，全市共建成593处农村集中供水工程，农村自来水普及率达到95%。",
    ]
    untitled = _parsed_record(
        [
            "池水函〔2025〕20号",
            "吴雄委员，您好！",
            "您提出的《关于保障农村饮水安全工作的建议》提案，我局高度重视，现将办理情况答复如下：",
            *body,
        ],
        "reply_1665304.txt",
    )
    assert untitled.parsed.kind == Kind.REPLY and not untitled.parsed.title
    assert title_shown(untitled) == "《关于保障农村饮水安全工作的建议》的答复"
    titled = _parsed_record(
        ["关于市政协十四届三次会议第0105号提案的答复", *untitled.paragraphs[1:]], "a.txt"
    )
    assert titled.parsed.title and title_shown(titled) == titled.parsed.title
    unquoted = _parsed_record(
        ["吴雄委员：", "您提出的提案收悉，我局高度重视，现将办理情况答复如下：", *body], "b.txt"
    )
    assert unquoted.parsed.kind == Kind.REPLY and title_shown(unquoted) == "b.txt"
    tokenizer = Tokenizer()
    with Archive(":memory:") as archive, SearchIndex(None, archive) as index:
        for record in (untitled, titled, unquoted):
            tokens = [tokenizer.tokens(p) for p in record.paragraphs]
            archive.add(record, tokens)
            index.add_record(record, tokens)
        shown = {u.doc_id: u.title for u in index.search_docs(tokenizer.tokens("农村集中供水"))}
    assert shown == {r.id: title_shown(r) for r in (untitled, titled, unquoted)}


def test_frequencies_by_term_number_are_those_by_name() -> None:
    index = SearchIndex(None)
    index.add_many([water_doc(), market_doc(), water_doc("cc33")])
    terms = ["供水", "菜市场", "农村", "新建"]
    ids = [int(n) for n in index.term_ids(terms)]
    docs, paras = index.unit_freqs([*ids, 10**6])
    for unit, found in ((UNIT_DOC, docs), (UNIT_PARA, paras)):
        by_name = index.doc_freqs(terms, unit)
        assert found == [*(by_name[t] for t in terms), 0]
    assert docs[:4] == [2, 1, 2, 1]


def test_a_word_not_stored_is_found_once_a_document_holds_it() -> None:
    index = SearchIndex(None)
    index.add(water_doc())
    assert index.term_ids(["菜市场", "供水"])[0] < 0  # looked up, and remembered as absent
    assert index.search_docs(["菜市场"]) == []
    index.add(market_doc())
    assert index.term_ids(["菜市场"])[0] > 0
    assert [d.doc_id for d in index.search_docs(["菜市场"])] == ["bb22"]


def test_a_paragraphs_places_decode_alone_as_with_its_whole_document() -> None:
    # A pooled paragraph's term numbers come from its own places (_places_between), the
    # whole document's not decoded: the same numbers whatever the row's width of places.
    from replydraft import index as index_module

    rng = np.random.default_rng(14)
    for distinct in (40, 300, 1000, 70_000):
        vocabulary = rng.choice(np.arange(1, 10 * distinct), distinct, replace=False)
        ids = rng.choice(vocabulary, 2 * distinct + 7).astype(np.int32)
        blob = index_module._pack(ids)
        terms, at = index_module._distinct_of(blob)
        places = index_module._places_of(blob, at)
        n = ids.size
        for start, end in ((0, n), (0, 1), (3, 11), (9, 64), (n // 3, n // 2), (n - 5, n), (n, n)):
            alone = index_module._places_between(blob, at, start, end)
            assert alone.tolist() == places[start:end].tolist(), (distinct, start, end)
            assert terms[alone].tolist() == ids[start:end].tolist()


def test_recalled_paragraphs_made_and_read_as_far_as_asked_are_those_a_search_finds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from replydraft import index as index_module

    monkeypatch.setattr(index_module, "READ_AHEAD", 1)  # the other rows read when asked
    with SearchIndex(tmp_path / "archive.sqlite3.index") as index:
        index.add_many([water_doc(), water_doc("cc33"), market_doc()])
        terms = ["供水", "菜市场", "农村"]
        found = index.search_paragraphs(terms, limit=4, complete=False)
        index._store.forget()
        later = index.recall_paragraphs(terms, limit=4)
        first = later(1)
        assert len(first) == 1 and len(index._store._rows) == 1  # one row read and decoded
        recalled = later()
        assert recalled[0] is first[0]  # made once
        assert [(u.doc_id, u.seq, u.bm25, u.ids.tolist()) for u in recalled] == [
            (u.doc_id, u.seq, u.bm25, u.ids.tolist()) for u in found
        ]
        assert len(recalled) == 4 and later(2) == recalled[:2]


def test_the_build_prepares_from_stored_lines_what_it_prepares_from_token_lists(
    seeded: Archive,
) -> None:
    # The helper process sends the tokens as the archive stores them (one line a paragraph,
    # checked canonical), without splitting and joining: the same documents either way,
    # also for lines stored otherwise (extra, leading or trailing spaces, other whitespace,
    # a token "|" beside a space).
    odd = ["a  b", " a b", "a b ", "a\tb", "a\u3000b", "| a", "a |", "", "|"]
    checked = 0
    for record, stored, _ in seeded.get_many_with_token_lines(seeded.ids()):
        lines = [line or "" for line in stored]
        for variant in (lines, [odd[i % len(odd)] + x for i, x in enumerate(lines)]):
            tokens = [line.split() for line in variant]
            want = replace(_Prepared.of(doc_from_record(record, tokens)), tokens=None)
            got = _Prepared.from_stored(record, variant)
            assert got == want, record.source
            assert got.all_tokens() == [t for words in tokens for t in words]
            checked += 1
    assert checked >= 10


def test_subject_tokens_come_from_the_paragraphs_the_subject_was_read_from() -> None:
    # Found for the whole document at once: the same paragraphs as asking each one whether
    # the subject holds it or it holds a quoted part, line breaks and spaces inside too.
    from replydraft.index import _subject_tokens

    subject = "关于加强 社区养老服务的建议；对第12号提案的答复"
    paragraphs = [
        "对第12号提案的答复",  # the subject holds it
        "张委员：",
        "您提出的《关于加强社区 养老服务的建议》收悉",  # holds a quoted part, spaces aside
        "关于加强社区\n养老服务的建议",  # a line break: not the quoted part
        "",
        "社区养老服务的建议",  # held by the subject
        "加强",  # held too
    ]
    tokens = [
        [w for w in p.replace("\n", " ").split() for w in (w[:2], w[2:]) if w] for p in paragraphs
    ]

    def one_at_a_time() -> list[str]:
        flat = subject.replace(" ", "")
        quoted = [q for q in flat.split("；") if len(q) >= 4]
        words: list[str] = []
        for text, toks in zip(paragraphs, tokens, strict=True):
            part = text.replace(" ", "")
            if part and (part in flat or any(q in part for q in quoted)):
                words.extend(t for t in toks if t in flat.lower())
        return list(dict.fromkeys(words))

    got = _subject_tokens(subject, paragraphs, tokens)
    assert got == one_at_a_time() and got[:2] == ["对第", "12号提案的答复"]
    assert "您提" not in got and "社区" in got
