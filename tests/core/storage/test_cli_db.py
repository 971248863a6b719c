"""`replydraft db …` and `--archive URL`: the command line on a shared archive."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from replydraft.archive import SCHEMA_VERSION
from replydraft.cli import main
from replydraft.storage.base import open_archive
from replydraft.storage.postgres import SCHEMA_VERSION as SERVER_SCHEMA
from tests.core.storage.conftest import admin_connect
from tests.seedfiles import SEED_POLICIES, SEED_REPLIES


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_a_server_is_set_up_imported_into_and_searched(
    home: Path, pg_database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "list", "--archive", pg_database)
    assert code == 1 and "replydraft db init" in err
    code, out, _ = run(capsys, "db", "init", "--archive", pg_database)
    assert code == 0 and f"schema version 0 -> {SERVER_SCHEMA}" in out
    code, out, _ = run(capsys, "db", "migrate", "--archive", pg_database)
    assert code == 0 and f"already at schema version {SERVER_SCHEMA}" in out
    files = [str(p) for p in (*SEED_REPLIES, *SEED_POLICIES)]
    code, out, _ = run(capsys, "import", *files, "--archive", pg_database)
    assert code == 0, out
    code, out, _ = run(capsys, "list", "--json", "--archive", pg_database)
    listed = json.loads(out)
    assert len(listed) == 5  # only what was imported: a server is not seeded
    code, out, _ = run(capsys, "db", "status", "--archive", pg_database)
    assert f"schema version {SERVER_SCHEMA}, 5 record(s)" in out
    assert "client psycopg " in out and ", libpq " in out  # what the IT department reports
    # The first reply searched with its own text finds itself first, from the server's records.
    text = SEED_REPLIES[0].read_text(encoding="utf-8")
    code, out, _ = run(capsys, "search", "--text", text, "--json", "--archive", pg_database)
    assert code == 0
    found = json.loads(out)
    assert found[0]["id"] == listed[0]["id"] and found[0]["rank"] == 1
    # The search index of a server archive lives in the user's data folder, not beside it.
    assert any((home / "server-index").iterdir())


def test_the_setup_script_makes_the_same_archive_as_db_init(
    pg_database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, script, _ = run(capsys, "db", "sql")
    assert code == 0
    with admin_connect(pg_database) as conn:
        conn.execute(script)  # what an IT department runs with psql
    with open_archive(pg_database) as archive:
        assert archive.count() == 0
    code, out, _ = run(capsys, "db", "migrate", "--archive", pg_database)
    assert f"already at schema version {SERVER_SCHEMA}" in out


def test_db_init_makes_a_desktop_archive_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "new" / "archive.sqlite3"
    code, out, err = run(capsys, "db", "migrate", "--archive", str(path))
    assert code == 1 and "请先运行 replydraft db init" in err
    code, out, _ = run(capsys, "db", "init", "--archive", str(path))
    assert code == 0 and path.is_file() and f"-> {SCHEMA_VERSION}" in out


def test_db_status_on_a_missing_file_says_so_and_creates_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "archive.sqlite3"
    for url in (str(path), f"sqlite:///{path}"):
        code, out, err = run(capsys, "db", "status", "--archive", url)
        assert code == 1 and out == ""
        assert f"{path}: 档案库文件不存在" in err and "replydraft db init" in err
    assert list(tmp_path.iterdir()) == []
    run(capsys, "db", "init", "--archive", str(path))
    code, out, _ = run(capsys, "db", "status", "--archive", str(path))
    assert code == 0 and f"{path}: schema version {SCHEMA_VERSION}, 0 record(s)" in out
