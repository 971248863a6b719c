"""`replydraft bench search --archive postgresql://…`: the search bench's server variant, on the
same synthetic archive and new proposals as the file bench (bench/server.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from replydraft.cli import main


def test_the_server_bench_copies_the_synthetic_archive_and_times_both(
    home: Path, pg_archive_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cache = str(tmp_path / "cache")
    argv = ["bench", "search", "--archive", pg_archive_url, "--docs", "30", "--queries", "2"]
    code = main([*argv, "--cache", cache])
    out = capsys.readouterr().out
    assert code in (0, 1)  # 1 only when the server is over twice SQLite's p95
    assert "copying 30 replies" in out
    for name in ("sqlite", "postgresql"):
        assert f"{name}: local index built from the archive" in out
        assert f"{name}: index rebuilt beside from a copy" in out
    assert "(search + read the best match) p50" in out and "over 4 queries" in out
    assert "floor: server p95 / SQLite p95" in out
    # A second run finds its corpus there and copies nothing.
    main([*argv, "--cache", cache])
    assert "copying" not in capsys.readouterr().out
