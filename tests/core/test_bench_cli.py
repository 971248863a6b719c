"""The CLI-process benchmark: every case and peer timed as a process, floors, exit status."""

from __future__ import annotations

from pathlib import Path

import pytest

from replydraft.archive import Archive
from replydraft.bench import cli_process as bench
from replydraft.cli import main


def test_bench_cli_times_each_case_beside_its_peers_and_exits_1_on_a_failed_floor(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("REPLYDRAFT_HOME", str(tmp_path / "home"))
    # A tiny archive checked as if it were large, against a search floor no process meets.
    monkeypatch.setattr(bench, "FLOOR_FROM_SIZE", 0)
    monkeypatch.setattr(bench, "FLOOR_SEARCH_S", 0.0)
    monkeypatch.setattr(bench, "PROPOSALS", 2)
    cache = tmp_path / "cache"
    code = main(["bench", "cli", "--docs", "30", "--rounds", "3", "--cache", str(cache)])
    out = capsys.readouterr().out
    assert code == 1
    assert "replydraft search FILE p95" in out.split("floors: ")[1]
    lines = {line.split(":")[0]: line for line in out.splitlines()}
    # 2 proposals x 3 rounds for the searches and their peers; one a round for the others.
    for label, runs in (
        ("replydraft search FILE", 6),
        ("peer", 6),
        ("replydraft --help", 3),
        ("replydraft --version", 3),
        ("floor", 3),
    ):
        assert f"({runs} runs)" in lines[label], lines[label]
        assert " p50 " in lines[label] and " CPU " in lines[label]
    assert "peer: python -c 'import jieba; jieba.lcut(TEXT)': p50" in out
    assert "load average" in out
    # The archive and its peer are kept for the next run; the timed calls added no seeds.
    kept = sorted(p.name for p in cache.glob("bench-30-v*.sqlite3"))
    assert len(kept) == 2
    with Archive(cache / next(n for n in kept if ".fts5." not in n)) as archive:
        assert archive.count() == 30


def test_a_case_fails_its_floor_at_p95_not_at_its_median() -> None:
    case = bench.Case("search", [], floor_s=0.4)
    case.wall = [0.3] * 18 + [0.5, 0.6]  # the median meets it; one officer in ten waits more
    assert case.p(0.5) == 0.3
    assert case.failure() == "search p95 0.50 s > 0.4 s"
    case.wall = [0.3] * 20
    assert case.failure() is None
    assert bench.Case("peer", [], floor_s=None, wall=[9.0]).failure() is None


def test_bench_rebuild_searches_while_it_builds_and_exits_1_past_its_floor(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from replydraft.bench import rebuild
    from replydraft.index import MANIFEST, index_path_for, index_usable, next_path

    monkeypatch.setenv("REPLYDRAFT_HOME", str(tmp_path / "home"))
    cache = tmp_path / "cache"
    code = main(["bench", "rebuild", "--docs", "40", "--cache", str(cache)])
    out = capsys.readouterr().out
    assert code == 0, out
    for k in (1, 2, 3, 4):
        assert f"search (documents + paragraphs) while build {k} runs: p50" in out
    assert "build beside 1, after an update changing neither the store's rows" in out
    assert "build beside 2, after an update changing tantivy's units" in out
    assert "build beside 3, after an update changing the rules deriving the rows' data, no " in out
    assert (
        "build beside 4, after an update changing the rules deriving the rows' data, every" in out
    )
    assert "(nothing to copy" not in out
    assert "build from nothing (no index yet, or the store's layout changed; no floor): " in out
    assert "peer: the same searches with no build running: p50" in out
    assert "peer: bm25s indexing the same stored tokens (documents only): " in out
    assert "floors: all met" in out
    archive = next(p for p in cache.glob("bench-40-v*.sqlite3") if ".fts5." not in p.name)
    folder = index_path_for(archive)
    assert folder is not None and index_usable(folder) and not next_path(folder).exists()
    assert (folder / MANIFEST).read_text("utf-8").count("\n") == 40  # in place, whole
    # A tiny archive checked as if it were large, against a floor no build meets.
    monkeypatch.setattr(rebuild, "FLOOR_FROM_SIZE", 0)
    monkeypatch.setattr(rebuild, "FLOOR_REBUILD_S", 0.0)
    code = main(["bench", "rebuild", "--docs", "40", "--cache", str(cache)])
    assert code == 1 and "floors: rebuild " in capsys.readouterr().out
