"""Choosing the archive by URL: the settings, the workspace, and no stored passwords."""

from __future__ import annotations

from pathlib import Path

import pytest

from replydraft.settings import Settings, SettingsError
from replydraft.storage.base import archive_problem, redact
from replydraft.workspace import Workspace


def test_a_password_in_a_server_url_is_refused_in_the_settings(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text('archive = "postgresql://jtj:s3cret@db.example/replies"\n', encoding="utf-8")
    with pytest.raises(SettingsError) as err:
        Settings.load(path)
    assert str(err.value).startswith(f"{path}: 档案库地址中含有密码")
    assert "s3cret" not in str(err.value)
    path.write_text('archive = "postgresql://jtj@db.example/replies"\n', encoding="utf-8")
    assert Settings.load(path).archive == "postgresql://jtj@db.example/replies"


def test_what_an_archive_url_may_be() -> None:
    assert archive_problem("postgresql:///replies?service=district") is None
    assert archive_problem("postgres://db.example/replies") is None
    assert archive_problem(r"D:\档案\archive.sqlite3") is None
    assert archive_problem("sqlite:///tmp/a.sqlite3") is None
    assert "含有密码" in (archive_problem("postgresql:///r?host=h&password=x") or "")
    assert "不支持的档案库地址" in (archive_problem("mysql://db.example/replies") or "")
    assert (
        redact("postgresql://jtj:s3cret@db.example:5432/r") == "postgresql://jtj@db.example:5432/r"
    )


def test_a_server_archive_keeps_its_search_index_in_the_data_folder(home: Path) -> None:
    url = "postgresql://jtj@db.example/replies"
    ws = Workspace.open(archive=url)
    assert ws.shared and ws.archive_location == url
    assert ws.index_path.parent == home / "server-index"
    other = Workspace.open(archive="postgresql://jtj@db.example/other")
    assert other.index_path != ws.index_path  # one index per server archive
    local = Workspace.open(archive=str(home / "mine.sqlite3"))
    assert not local.shared and local.index_path == home / "mine.sqlite3.index"


def test_the_settings_choose_the_archive_unless_the_command_line_does(home: Path) -> None:
    Settings(archive="postgresql://jtj@db.example/replies").save(home / "settings.toml")
    assert Workspace.open().archive_url == "postgresql://jtj@db.example/replies"
    assert Workspace.open(archive="x.sqlite3").archive_url == "x.sqlite3"
