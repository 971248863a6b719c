"""The settings file: defaults, a round trip, and what a broken file tells the user."""

from __future__ import annotations

from pathlib import Path

import pytest

from replydraft.settings import Settings, SettingsError


def load_error(path: Path, content: bytes) -> str:
    path.write_bytes(content)
    with pytest.raises(SettingsError) as err:
        Settings.load(path)
    message = str(err.value)
    assert message.startswith(f"{path}: ") and "\n" not in message
    return message


def test_a_missing_file_gives_the_defaults_and_a_saved_one_reads_back(tmp_path: Path) -> None:
    path = tmp_path / "config" / "settings.toml"
    assert Settings.load(path) == Settings()
    settings = Settings(default_bureau="pudong", autosave_seconds=30, open_after_export=False)
    settings.remember(tmp_path / "a.docx")
    settings.save(path)
    assert Settings.load(path) == settings


def test_broken_toml_names_the_line_and_column(tmp_path: Path) -> None:
    message = load_error(tmp_path / "settings.toml", b'default_bureau = "pudong"\n[archive\n')
    assert "设置文件不是有效的 TOML" in message
    assert "第 2 行第 9 列" in message


def test_toml_cut_short_says_where(tmp_path: Path) -> None:
    message = load_error(tmp_path / "settings.toml", b"autosave_seconds = ")
    assert "设置文件不是有效的 TOML（文件末尾：" in message


def test_a_value_of_the_wrong_type_names_the_key_and_both_types(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    message = load_error(path, b'autosave_seconds = "5"\n')
    assert message == f"{path}: 'autosave_seconds' 应为整数，而不是文本"
    message = load_error(path, b'open_after_export = "yes"\n')
    assert "'open_after_export' 应为布尔值（true 或 false）" in message
    message = load_error(path, b'recent_files = "a.docx"\n')
    assert "'recent_files' 应为列表" in message
    # true is a number to Python, not to the user.
    message = load_error(path, b"autosave_seconds = true\n")
    assert "'autosave_seconds' 应为整数" in message


def test_a_file_not_in_utf8_asks_for_utf8(tmp_path: Path) -> None:
    content = 'default_bureau = "浦东"\n'.encode("gb18030")
    message = load_error(tmp_path / "settings.toml", content)
    assert "设置文件不是 UTF-8 编码" in message and "请以 UTF-8 保存" in message
