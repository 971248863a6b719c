"""A whole index build runs beside the index in use, which keeps answering; the new one takes
its place when complete, and a build cut short leaves the old one working."""

from __future__ import annotations

import json
import logging
import os
import queue
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

import replydraft.index as index_module
from replydraft.archive import Archive
from replydraft.index import (
    INDEX_VERSION,
    MANIFEST,
    SearchIndex,
    build_beside,
    index_path_for,
    next_path,
    swap_in,
)
from tests.core.test_index_heal import _assert_whole, _records, archive_of


@pytest.fixture
def archive(tmp_path: Path) -> Archive:
    return archive_of(tmp_path / "archive.sqlite3")


def _folder(archive: Archive) -> Path:
    folder = index_path_for(archive.path or "")
    assert folder is not None
    return folder


def test_searches_answer_from_the_old_index_while_the_new_one_is_built(
    archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _folder(archive)
    first = archive.ids()[:20]
    with SearchIndex(folder) as index:
        index.reindex(archive, first)
    monkeypatch.setattr(index_module, "HELPER_BATCH", 10)  # progress every 10 records
    monkeypatch.setattr(index_module, "BULK_BATCH", 10)  # several batches, so a middle
    halfway, resume = threading.Event(), threading.Event()

    def progress(done: int, total: int) -> None:
        if done == 30:
            halfway.set()
            assert resume.wait(30)

    failures: list[BaseException] = []

    def build() -> None:
        try:
            build_beside(folder, archive, progress=progress)
        except BaseException as e:  # pragma: no cover - shown by the assert below
            failures.append(e)

    old = SearchIndex(folder)
    builder = threading.Thread(target=build)
    builder.start()
    try:
        assert halfway.wait(30)
        # Half-built beside: the index in use answers from what it holds, in this process
        # and in another one opening it now.
        found = {d.doc_id for d in old.search_docs(["供水"], limit=100)}
        assert found == set(first)
        with SearchIndex(folder) as other:
            assert {d.doc_id for d in other.search_docs(["供水"], limit=100)} == set(first)
        assert next_path(folder).is_dir()  # left alone: its builder is alive
    finally:
        resume.set()
        builder.join(60)
    assert not failures
    old.close()  # where open folders cannot be renamed, the users close it first
    swap_in(folder)
    assert not next_path(folder).exists()
    with SearchIndex(folder) as index:
        _assert_whole(index, archive)
        assert not index.sync(archive).changed  # the build recorded the archive's counter


@pytest.mark.skipif(sys.platform == "win32", reason="Windows renames no folder held open")
def test_another_process_holding_the_old_index_moves_to_the_new_one(archive: Archive) -> None:
    folder = _folder(archive)
    with SearchIndex(folder) as index:
        index.reindex(archive, archive.ids()[:5])
    with SearchIndex(folder) as held:
        assert len(held.search_docs(["供水"], limit=100)) == 5
        build_beside(folder, archive)
        swap_in(folder)  # what another replydraft (a CLI) does meanwhile
        held.sync(archive)  # the held one notices the new build and reopens its files
        assert len(held.search_docs(["供水"], limit=100)) == 60
        _assert_whole(held, archive)


BUILD_AND_HANG = """
import sys, time
import replydraft.index as index_module
from replydraft.archive import Archive
index_module.BULK_BATCH = index_module.HELPER_BATCH = 10

def progress(done, total):
    if done >= 20:
        print("half", flush=True)
        time.sleep(600)

index_module.build_beside(
    index_module.index_path_for(sys.argv[1]), Archive(sys.argv[1]), progress=progress
)
"""


def test_a_killed_rebuild_leaves_the_old_index_working(archive: Archive) -> None:
    folder = _folder(archive)
    first = archive.ids()[:20]
    with SearchIndex(folder) as index:
        index.reindex(archive, first)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2] / "src")}
    child = subprocess.Popen(
        [sys.executable, "-c", BUILD_AND_HANG, str(archive.path)], stdout=subprocess.PIPE, env=env
    )
    try:
        assert child.stdout is not None and child.stdout.readline() == b"half\n"
    finally:
        child.kill()
        child.wait()
    assert next_path(folder).is_dir()  # half-built, its builder dead
    with SearchIndex(folder) as index:
        assert not next_path(folder).exists()  # thrown away at the next open
        assert {d.doc_id for d in index.search_docs(["供水"], limit=100)} == set(first)
        index.sync(archive)
        _assert_whole(index, archive)


def test_a_build_complete_but_not_yet_in_place_is_put_there_at_the_next_open(
    archive: Archive,
) -> None:
    folder = _folder(archive)
    with SearchIndex(folder) as index:
        index.reindex(archive, archive.ids()[:3])
    build_beside(folder, archive)
    # A crash between the two renames: the old one moved aside, the new one not yet in place.
    os.replace(folder, folder.with_name(folder.name + ".old"))
    with SearchIndex(folder) as index:
        _assert_whole(index, archive)
    assert not next_path(folder).exists()
    assert not folder.with_name(folder.name + ".old").exists()


def test_the_workspace_answers_from_nothing_while_an_index_of_another_format_is_rebuilt(
    seeds_index: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from replydraft.workspace import Workspace

    monkeypatch.setattr(index_module, "REBUILD_FROM", 0)  # the seeds count as a big archive
    folder = seeds_index
    head = {"version": INDEX_VERSION - 1, "count": 5}
    (folder / MANIFEST).write_text(json.dumps(head) + "\n", "utf-8")
    ws = Workspace.open()
    try:
        assert ws.open_index_now() is True and ws.rebuilding
        assert len(ws.index) == 0 and ws.searcher.search("人工智能产业发展", top=5) == []
        before = {r.id for r in ws.archive.list()}
        ws.refresh_index()  # an import meanwhile: the build's swap catches up, not this
        assert len(ws.index) == 0
        calls: list[tuple[int, int]] = []
        ws.build_index_beside(progress=lambda done, total: calls.append((done, total)))
        assert calls == [(5, 5)]
        ws.swap_index()
        assert not ws.rebuilding and ws.index.ids() == before
        assert ws.searcher.search("人工智能产业发展", top=5)
    finally:
        ws.close()


def test_a_big_import_is_indexed_beside_while_the_index_in_use_answers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from replydraft.workspace import Workspace

    archive_file = tmp_path / "archive.sqlite3"
    with Archive(archive_file) as archive:
        records = _records(60)
        for record, tokens in records[:20]:
            archive.add(record, tokens)
        archive.set_meta("seeded", "2025-01-01")  # no bundled seeds: only these records
    ws = Workspace.open(home=tmp_path / "home", archive=archive_file)
    try:
        ws.index  # noqa: B018 - the index in use holds the first 20
    finally:
        ws.close()
    with Archive(archive_file) as archive:
        for record, tokens in records[20:]:  # an import of 40 by another replydraft
            archive.add(record, tokens)
    monkeypatch.setattr(index_module, "REBUILD_FROM", 30)  # 40 to add counts as big
    ws = Workspace.open(home=tmp_path / "home", archive=archive_file)
    try:
        assert ws.open_index_now() is True
        assert len(ws.index.search_docs(["供水"], limit=100)) == 20  # what is there answers
        ws.build_index_beside()
        assert len(ws.index.search_docs(["供水"], limit=100)) == 20  # until the swap
        ws.swap_index()
        # The workspace's tokenizer made the tokens again (stored without its version).
        assert ws.index.ids() == set(ws.archive.ids()) and len(ws.index) == 60
        assert not ws.index._counts_disagree()
    finally:
        ws.close()


def test_a_bulk_build_takes_a_larger_page_cache_and_gives_it_back(
    archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(index_module, "BULK_BATCH", 20)  # several commits
    monkeypatch.setattr(index_module, "HELPER_BATCH", 20)
    during: list[int] = []
    with SearchIndex(_folder(archive)) as index:
        index.reindex(
            archive, archive.ids(), progress=lambda *_: during.append(index._store.cache_kb())
        )
        assert during == [index_module.BULK_CACHE_KB] * 3
        assert index._store.cache_kb() == index_module.DEFAULT_CACHE_KB
        _assert_whole(index, archive)
        index.reindex(archive, archive.ids()[:3])  # a few records: no bulk build
        assert index._store.cache_kb() == index_module.DEFAULT_CACHE_KB


def test_a_cli_search_says_once_that_it_waits_for_another_process_building_the_index(
    home: Path, seeds_index: Path
) -> None:
    from replydraft.cli import WAITING_FOR_BUILD

    folder = seeds_index
    # The window's background build: it holds the writer of the sibling folder.
    builder = SearchIndex(next_path(folder))
    builder._get_writer()
    env = {
        **os.environ,
        "REPLYDRAFT_HOME": str(home),
        "PYTHONPATH": str(Path(__file__).resolve().parents[2] / "src"),
    }
    child = subprocess.Popen(
        [sys.executable, "-m", "replydraft", "search", "--text", "人工智能产业发展", "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    lines: queue.Queue[str] = queue.Queue()
    assert child.stderr is not None and child.stdout is not None
    stderr, stdout = child.stderr, child.stdout

    def read() -> None:
        for line in stderr:
            lines.put(line.decode("utf-8"))

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        assert lines.get(timeout=60).strip() == WAITING_FOR_BUILD  # not a silent wait
        assert child.poll() is None  # and it does wait
    finally:
        builder.close()  # the build ends (here: cut short, thrown away at the next open)
    out = stdout.read()
    assert child.wait(timeout=60) == 0
    reader.join(timeout=60)
    assert WAITING_FOR_BUILD not in "".join(lines.queue)  # said once
    assert json.loads(out)  # then it searched


def _rows(folder: Path) -> list[tuple[object, ...]]:
    """The store's rows, terms and unit counts (its own number left out)."""
    conn = sqlite3.connect(folder / "store.sqlite3")
    try:
        return [
            *conn.execute("SELECT dnum, doc_id, kind, data, ids FROM docs ORDER BY dnum"),
            *conn.execute("SELECT id, term, docs, paras FROM terms ORDER BY id"),
            *conn.execute("SELECT unit, n FROM units WHERE unit NOT IN ('i') ORDER BY unit"),
        ]
    finally:
        conn.close()


def test_a_build_read_in_a_helper_process_is_the_one_read_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, "replydraft.index")
    # Several commits of two batches each (BULK_BATCH no multiple of HELPER_BATCH): each
    # commit must take exactly its own records, in order.
    monkeypatch.setattr(index_module, "BULK_BATCH", 20)
    monkeypatch.setattr(index_module, "HELPER_BATCH", 8)
    built = {}
    for helper in (False, True):
        archive = archive_of(tmp_path / f"{helper}" / "archive.sqlite3", count=50)
        folder = _folder(archive)
        seen: list[tuple[int, int]] = []
        build_beside(folder, archive, helper=helper, progress=lambda *p: seen.append(p))  # noqa: B023
        assert seen == [(8 * k, 50) for k in range(1, 7)] + [(50, 50)]
        swap_in(folder)
        with SearchIndex(folder) as index:
            _assert_whole(index, archive)
            # Ties (these records differ by one word) come in the postings' order: compared
            # as a set with their scores.
            found = sorted(
                (p.doc_id, p.seq, round(p.bm25, 4), p.text, p.section)
                for p in index.search_paragraphs(["管网", "编号7"], limit=80)
            )
        built[helper] = (_rows(folder), found)
        assert "改在本进程" not in caplog.text  # the helper did the reading
        archive.close()
    assert built[True] == built[False]


def test_a_build_beside_stores_the_terms_and_counts_a_build_in_place_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A build beside writes its terms once, at the end, with the counts added up over its
    # commits; a build into the index in use writes them commit by commit.
    monkeypatch.setattr(index_module, "BULK_BATCH", 20)
    monkeypatch.setattr(index_module, "HELPER_BATCH", 10)
    archive = archive_of(tmp_path / "archive.sqlite3", count=50)
    beside = build_beside(_folder(archive), archive, helper=False)
    in_place = tmp_path / "in-place.index"
    with SearchIndex(in_place) as index:
        assert index.reindex(archive, archive.ids()) == 50
    # (The change counter aside: the build beside counts its terms' write as one more.)
    rows = [[r for r in _rows(f) if r[0] != "g"] for f in (beside, in_place)]
    assert rows[0] == rows[1] and len(rows[0]) > 50 + 50  # documents, terms, units
    # The index of the terms by text, dropped while the build beside wrote them, is back.
    for folder in (beside, in_place):
        conn = sqlite3.connect(folder / "store.sqlite3")
        try:
            indexes = {row[1]: row[2] for row in conn.execute("PRAGMA index_list(terms)")}
        finally:
            conn.close()
        assert indexes == {index_module.TERMS_INDEX: 1}  # unique
    archive.close()


@pytest.mark.parametrize("helper", [False, True])
def test_a_cancelled_build_stops_between_batches_and_the_next_one_completes(
    archive: Archive, monkeypatch: pytest.MonkeyPatch, helper: bool
) -> None:
    import sqlite3

    from replydraft.index import STORE, Cancelled

    folder = _folder(archive)
    with SearchIndex(folder) as index:
        index.sync(archive)
    # 60 records: 3 commits of 4 batches, `cancel` looked at before each batch.
    monkeypatch.setattr(index_module, "BULK_BATCH", 20)
    monkeypatch.setattr(index_module, "HELPER_BATCH", 5)
    seen: list[int] = []
    with pytest.raises(Cancelled):
        build_beside(
            folder,
            archive,
            helper=helper,
            reuse=False,  # from the archive, not from the store in use (see test_index_reuse)
            progress=lambda done, total: seen.append(done),
            cancel=lambda: len(seen) >= 6,  # halfway through the second commit
        )
    assert seen == [5, 10, 15, 20, 25, 30]
    # The commit under way was rolled back: the half-built sibling holds the first one's.
    conn = sqlite3.connect(next_path(folder) / STORE)
    try:
        assert conn.execute("SELECT count(*) FROM docs").fetchone()[0] == 20
        # Its terms are written at the end of a build: none yet (see _Store.bulk).
        assert conn.execute("SELECT count(*) FROM terms").fetchone()[0] == 0
    finally:
        conn.close()
    with SearchIndex(folder) as index:  # the index in use is untouched
        _assert_whole(index, archive)
    seen.clear()
    nxt = build_beside(
        folder, archive, helper=helper, reuse=False, progress=lambda d, t: seen.append(d)
    )
    assert seen == list(range(5, 65, 5)) and nxt.is_dir()
    swap_in(folder)
    with SearchIndex(folder) as index:
        _assert_whole(index, archive)
