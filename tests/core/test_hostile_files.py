"""Hostile profile and draft files: refused fast, in Chinese, naming the file, key and range."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from replydraft.draft import DraftFileError, load_draft
from replydraft.profiles import ProfileError, ProfileStore, load_profile
from replydraft.records import DRAFT_FORMAT_VERSION

GOOD = 'name = "示例区某某局"\n'


def profile_error(tmp_path: Path, text: str) -> str:
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    start = time.monotonic()
    with pytest.raises(ProfileError) as info:
        load_profile(path)
    assert time.monotonic() - start < 5
    message = str(info.value)
    assert message.startswith(f"{path}: ") and "\n" not in message
    return message


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("[style]\npaper_width_mm = 0\n", ["style.paper_width_mm", "100 到 600", "0"]),
        ("[style]\nbody_size_pt = -16\n", ["style.body_size_pt", "6 到 48", "-16"]),
        ("[style]\nbody_size_pt = nan\n", ["style.body_size_pt", "6 到 48", "nan"]),
        ("[style]\ntitle_size_pt = inf\n", ["style.title_size_pt", "6 到 72", "inf"]),
        ("[style]\nchars_per_line = 100000\n", ["style.chars_per_line", "10 到 60"]),
        ('[style]\nfont_body = "仿宋\\u0000"\n', ["style.font_body", "控制字符"]),
        ('[style]\nfont_body = ""\n', ["style.font_body", "不能为空"]),
        ('signer = "' + "长" * 50_000 + '"\n', ["signer", "过长", "上限为 500"]),
        ("cc = " + "[" * 600 + "]" * 600 + "\n", ["嵌套过深"]),
        ("cc = [" + ", ".join(['"甲"'] * 200) + "]\n", ["cc", "最多 100 项"]),
        (
            "[style]\nmargin_left_mm = 100\nmargin_right_mm = 100\n",
            ["style.paper_width_mm", "不足 50 mm"],
        ),
    ],
)
def test_a_hostile_profile_is_refused_naming_key_and_range(
    tmp_path: Path, text: str, words: list[str]
) -> None:
    message = profile_error(tmp_path, GOOD + text)
    for word in words:
        assert word in message, message


def test_a_profile_of_a_megabyte_is_refused_before_it_is_parsed(tmp_path: Path) -> None:
    message = profile_error(tmp_path, GOOD + "# " + "x" * 2_000_000 + "\n")
    assert "文件过大" in message


def test_a_broken_profile_is_listed_not_fatal(tmp_path: Path) -> None:
    user = tmp_path / "user"
    user.mkdir()
    (user / "deep.toml").write_text(GOOD + "cc = " + "[" * 600 + "]" * 600, encoding="utf-8")
    store = ProfileStore(tmp_path / "none", user)
    (info,) = store.list()
    assert info.error.startswith(str(user / "deep.toml")) and "嵌套过深" in info.error


def test_saving_a_profile_out_of_range_is_refused_and_writes_nothing(tmp_path: Path) -> None:
    from dataclasses import replace

    from replydraft.profiles import BureauProfile, ExportStyle

    store = ProfileStore(tmp_path / "none", tmp_path / "user")
    bad = BureauProfile(id="x", name="某局", style=replace(ExportStyle(), body_size_pt=0.0))
    with pytest.raises(ProfileError, match="body_size_pt"):
        store.save(bad)
    assert not (tmp_path / "user" / "x.toml").exists()


# --- Drafts ----------------------------------------------------------------------------------


def draft_error(tmp_path: Path, data: object | bytes) -> str:
    path = tmp_path / "bad.rdraft.json"
    raw = data if isinstance(data, bytes) else json.dumps(data, ensure_ascii=False).encode()
    path.write_bytes(raw)
    start = time.monotonic()
    with pytest.raises(DraftFileError) as info:
        load_draft(path)
    assert time.monotonic() - start < 10
    message = str(info.value)
    assert message.startswith(f"{path}: ") and "\n" not in message
    return message


def draft(**fields: object) -> dict[str, object]:
    return {"format": "replydraft-draft", "version": DRAFT_FORMAT_VERSION, **fields}


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"cc": "区政府办公室"}, ["'cc' 应为列表", "文字"]),
        ({"cc": ["甲", 3]}, ["'cc[1]' 应为文字", "数字"]),
        ({"title": {"a": 1}}, ["'title' 应为文字"]),
        ({"sections": [{"heading": "一", "level": 9}]}, ["sections[0].level", "1 到 4"]),
        ({"sections": [{"heading": "x"}] * 120}, ["'sections' 最多 99 项"]),
        (
            {"sections": [{"heading": "x", "paragraphs": [{"text": 5}]}]},
            ["sections[0].paragraphs[0].text", "应为文字"],
        ),
        (
            {"preamble": [{"text": "x", "source": {"doc_id": "a", "score": "high"}}]},
            ["preamble[0].source.score", "0 到 100"],
        ),
        ({"proposal": {"kind": "memo"}}, ["proposal.kind", "memo"]),
        ({"proposal": {"suggestions": "建议"}}, ["proposal.suggestions", "应为列表"]),
        ({"header": ["x"]}, ["'header' 应为表"]),
        ({"title": "长" * 300_000}, ["'title' 过长"]),
    ],
)
def test_a_draft_of_the_wrong_shape_is_refused_naming_the_key(
    tmp_path: Path, fields: dict[str, object], words: list[str]
) -> None:
    message = draft_error(tmp_path, draft(**fields))
    for word in words:
        assert word in message, message


def test_a_draft_nested_a_hundred_thousand_deep_is_refused(tmp_path: Path) -> None:
    deep = b'{"format": "replydraft-draft", "version": 1, "x": ' + b"[" * 100_000 + b"]" * 100_000
    assert "嵌套过深" in draft_error(tmp_path, deep + b"}")


def test_sections_nested_past_four_levels_are_refused(tmp_path: Path) -> None:
    section: dict[str, object] = {"heading": "末"}
    for _ in range(6):
        section = {"heading": "层", "sections": [section]}
    assert "嵌套超过 4 层" in draft_error(tmp_path, draft(sections=[section]))


def test_a_100_mb_draft_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.rdraft.json"
    with path.open("wb") as f:
        f.write(b'{"format": "replydraft-draft", "version": 1, "title": "')
        f.truncate(100 * 1024 * 1024)  # sparse: no 100 MB written to the test disk
    start = time.monotonic()
    with pytest.raises(DraftFileError, match="文件过大"):
        load_draft(path)
    assert time.monotonic() - start < 1
