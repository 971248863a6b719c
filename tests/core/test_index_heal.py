"""The index notices when a crash left it inconsistent, and repairs itself at the next sync."""

from __future__ import annotations

import hashlib
import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

import replydraft.index as index_module
from replydraft.archive import Archive
from replydraft.index import DIRTY, MANIFEST, SearchIndex, doc_from_record, index_path_for
from replydraft.records import Kind, Parsed, Record

WORDS = ["供水", "管网", "水质", "检测", "农村", "饮水", "安全", "工程", "泵站", "水厂"]


def _records(count: int) -> list[tuple[Record, list[list[str]]]]:
    """`count` small replies, each with a word of its own (`编号N`) besides the shared ones."""
    out = []
    for n in range(count):
        own = f"编号{n}"
        paragraphs = [f"关于供水的答复{n}", f"{own}供水管网水质检测", "农村饮水安全工程"]
        tokens = [["供水", "答复", own], [own, "供水", "管网", "水质", "检测"], WORDS[4:8]]
        sha = hashlib.sha256(own.encode()).hexdigest()
        record = Record(
            id=sha[:12],
            sha256=sha,
            source=f"{n}.txt",
            format="txt",
            encoding="utf-8",
            paragraphs=paragraphs,
            parsed=Parsed(kind=Kind.REPLY, title=paragraphs[0]),
        )
        out.append((record, tokens))
    return out


def archive_of(path: Path, count: int = 60) -> Archive:
    """An archive file holding `count` of the records above."""
    archive = Archive(path)
    for record, tokens in _records(count):
        archive.add(record, tokens)
    return archive


@pytest.fixture
def archive(tmp_path: Path) -> Archive:
    return archive_of(tmp_path / "archive.sqlite3")


def _assert_whole(index: SearchIndex, archive: Archive) -> None:
    """Every record indexed exactly once, and searches answer."""
    ids = set(archive.ids())
    assert index.ids() == ids
    docs = index.search_docs(["供水"], limit=len(ids) + 50)
    assert sorted(d.doc_id for d in docs) == sorted(ids)  # each once: no doubled entries
    paragraphs = index.search_paragraphs(["管网"], limit=len(ids) + 50, complete=False)
    assert sorted(p.doc_id for p in paragraphs) == sorted(ids)
    assert not index._counts_disagree()


def test_a_crash_between_postings_and_id_list_is_repaired(
    archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = index_path_for(archive.path or "")
    assert folder is not None
    with SearchIndex(folder) as index:
        index.sync(archive)

    # Rebuild everything, and die after the postings are committed, before the rows and the
    # id list: what a kill -9 at that moment leaves.
    class Killed(BaseException):
        pass

    def die(self: object) -> None:
        raise Killed

    index = SearchIndex(folder)
    index.remove_many(list(archive.ids())[:30])
    monkeypatch.setattr(index_module._Store, "commit", die)
    with pytest.raises(Killed):
        index.reindex(archive, archive.ids())
    monkeypatch.undo()
    index._store._conn.close()  # the process is gone: its transaction with it
    index._release_writer(wait=False)
    assert (folder / DIRTY).exists()

    with SearchIndex(folder) as reopened:
        reopened.sync(archive)
        assert not (folder / DIRTY).exists()
        _assert_whole(reopened, archive)


def test_an_index_holding_every_document_twice_is_rebuilt(archive: Archive) -> None:
    """What an older replydraft left after such a crash: found by counting, on open."""
    folder = index_path_for(archive.path or "")
    assert folder is not None
    with SearchIndex(folder) as index:
        index.sync(archive)
        writer = index._get_writer()
        for n, (record, tokens) in enumerate(_records(60)):
            for unit in index._units(doc_from_record(record, tokens), 10_000 + n):
                writer.add_document(unit)
        writer.commit()
        index._release_writer()
    # An older replydraft writes its manifest without the archive's change counter.
    head, _, ids = (folder / MANIFEST).read_text("utf-8").partition("\n")
    older = {k: v for k, v in json.loads(head).items() if k in ("version", "count")}
    (folder / MANIFEST).write_text(json.dumps(older) + "\n" + ids, "utf-8")
    with SearchIndex(folder) as reopened:
        assert reopened._counts_disagree()
        reopened.sync(archive)
        _assert_whole(reopened, archive)


def test_hits_whose_rows_are_gone_are_replaced_by_the_next_ones(archive: Archive) -> None:
    index = SearchIndex(None)
    index.sync(archive)
    # Rows lost in a crash (see _Store): the best hits point at nothing.
    best = [d.doc_id for d in index.search_docs(["供水"], limit=10)]
    for doc_id in best:
        index._store.delete(doc_id)
    found = index.search_docs(["供水"], limit=10)
    assert len(found) == 10 and not set(best) & {d.doc_id for d in found}
    paragraphs = index.search_paragraphs(["管网"], limit=10)
    assert len(paragraphs) == 10 and not set(best) & {p.doc_id for p in paragraphs}


BUILD = """
import sys
import replydraft.index as ix
from replydraft.archive import Archive
ix.BULK_BATCH = ix.HELPER_BATCH = 5  # many commits: many moments to be killed between steps
archive = Archive(sys.argv[1])
index = ix.SearchIndex(ix.index_path_for(sys.argv[1]))
print("open", flush=True)
if sys.argv[2] == "again":
    index.reindex(archive, archive.ids())
else:
    index.sync(archive)
index.close()
"""


@pytest.mark.skipif(os.name != "posix", reason="kill -9 is POSIX")
def test_killing_the_index_build_at_random_moments_never_breaks_search(
    archive: Archive,
) -> None:
    folder = index_path_for(archive.path or "")
    assert folder is not None
    rng = random.Random(18)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2] / "src")}
    rounds = int(os.environ.get("REPLYDRAFT_KILL_ROUNDS", "8"))
    for round_ in range(rounds):
        mode = "again" if round_ % 2 else "fresh"
        child = subprocess.Popen(
            [sys.executable, "-c", BUILD, str(archive.path), mode],
            stdout=subprocess.PIPE,
            env=env,
        )
        assert child.stdout is not None and child.stdout.readline() == b"open\n"
        try:
            child.wait(timeout=rng.uniform(0.0, 2.0))  # killed at a random moment of its build
        except subprocess.TimeoutExpired:
            child.kill()
        child.wait()
        with SearchIndex(folder) as index:
            index.sync(archive)
            _assert_whole(index, archive)
            if mode == "fresh" and round_ % 4 == 0:
                index.clear()  # the next fresh build starts from nothing
