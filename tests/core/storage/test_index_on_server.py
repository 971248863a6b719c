"""A desktop's index of a district's shared archive (PostgreSQL) is rebuilt as one of its own
archive file is: from a copy of the index in use, keeping the rows of the records the server
says are unchanged (their row versions), and giving what a build from nothing gives."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import replydraft.index as index_module
from replydraft.index import SearchIndex, build_beside, copies_store, swap_in
from replydraft.storage.base import ArchiveStore, open_archive
from tests.core.test_index_heal import _assert_whole, _records
from tests.core.test_index_reuse import (
    COPIED,
    DERIVED,
    _by_doc,
    _changed_since,
    _from_nothing,
    _in_place,
    _other_rules,
    _searches,
)


@pytest.fixture
def server_archive(pg_archive_url: str) -> Iterator[ArchiveStore]:
    """A shared archive of 40 records, as a desktop opens it."""
    archive = open_archive(pg_archive_url)
    for record, tokens in _records(40):
        archive.add(record, tokens)
    yield archive
    archive.close()


@pytest.mark.parametrize("rules", ["same", "other"])
def test_an_index_of_a_shared_archive_is_rebuilt_from_a_copy(
    server_archive: ArchiveStore,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    rules: str,
) -> None:
    caplog.set_level("INFO", "replydraft.index")
    folder = tmp_path / "server.index"
    with SearchIndex(folder) as index:
        index.sync(server_archive)
    changed = _changed_since(server_archive)
    if rules == "other":
        _other_rules(monkeypatch)
    assert copies_store(folder, server_archive) == ("terms" if rules == "other" else "units")
    build_beside(folder, server_archive)
    assert f"{COPIED} 38 条" in caplog.text  # 40, less the one re-parsed and the one deleted
    assert (DERIVED in caplog.text) == (rules == "other")
    _in_place(folder, server_archive, changed)
    fresh = _from_nothing(server_archive, tmp_path)
    assert _by_doc(folder) == _by_doc(fresh)
    if rules == "other":  # every unit made again
        assert _searches(folder) == _searches(fresh)


def test_a_shared_archive_whose_rows_were_all_written_again_is_indexed_anew(
    server_archive: ArchiveStore, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # Every row written again (re-parsed; a dump restored does the same): no digest
    # is the index's, nothing is kept.
    caplog.set_level("INFO", "replydraft.index")
    folder = tmp_path / "server.index"
    with SearchIndex(folder) as index:
        index.sync(server_archive)
    for record in server_archive.get_many(server_archive.ids()):
        server_archive.update_parsed(record.id, record.parsed)
    assert copies_store(folder, server_archive) == ""
    build_beside(folder, server_archive)
    assert COPIED not in caplog.text
    swap_in(folder)
    with SearchIndex(folder) as index:
        _assert_whole(index, server_archive)


def test_records_read_from_the_server_carry_their_digests_into_the_index(
    server_archive: ArchiveStore,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    # Read by helper processes (each opening the server by the archive's address) or here:
    # the same rows, carrying the digests a later build compares.
    caplog.set_level("INFO", "replydraft.index")
    monkeypatch.setattr(index_module, "HELPER_BATCH", 8)
    batches = index_module._prepared_batches(
        server_archive, server_archive.ids(), None, helper=True
    )
    assert batches._pool is not None  # helper processes, each opening the server itself
    batches.close()
    built = {}
    for helper in (True, False):
        folder = tmp_path / f"helper-{helper}.index"
        build_beside(folder, server_archive, reuse=False, helper=helper)
        swap_in(folder)
        built[helper] = _by_doc(folder)
    # Two helpers deriving the data again from the server, the rows' terms kept.
    build_beside(folder, server_archive, rederive=True, helper=True)
    swap_in(folder)
    assert f"{COPIED} 40 条记录的词项，{DERIVED}" in caplog.text
    assert "改在本进程" not in caplog.text  # the helpers did the reading
    assert built[True] == built[False] == _by_doc(folder)
    digests = {doc_id: row[-1] for doc_id, row in built[True].items() if doc_id != "terms"}
    assert digests == server_archive.digests()
