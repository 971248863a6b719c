"""Bureau profiles: the built-ins hold the seeds' facts, TOML round-trips, errors point home."""

from __future__ import annotations

import re
import shutil
import tomllib
import unicodedata
from dataclasses import replace
from pathlib import Path

import pytest

from replydraft import paths
from replydraft.profiles import (
    BureauProfile,
    ExportStyle,
    ProfileError,
    ProfileStore,
    load_profile,
    save_profile,
)
from replydraft.records import Contact
from tests.seedfiles import SEED_REPLY_CHANGNING_035, SEED_REPLY_PUDONG_057

BUILTIN = paths.templates_dir() / "profiles"


def norm(text: str) -> str:
    """Compare text as printed: full/half-width alike, whitespace and 〔〕/（） brackets alike."""
    text = unicodedata.normalize("NFKC", text).replace("〔", "(").replace("〕", ")")
    return re.sub(r"\s+", "", text)


def seed_lines(path: Path) -> list[str]:
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


@pytest.fixture
def builtin_copy(tmp_path: Path) -> Path:
    """A copy of the bundled profiles, so a test that fails cannot touch the checkout."""
    target = tmp_path / "builtin-profiles"
    shutil.copytree(BUILTIN, target)
    return target


# --- The bundled profiles hold what the published replies print ------------------------------


def test_pudong_profile_matches_its_published_reply() -> None:
    profile = load_profile(BUILTIN / "pudong-kjw.toml")
    lines = seed_lines(SEED_REPLY_PUDONG_057)
    text = norm("".join(lines))
    assert profile.id == "pudong-kjw"
    assert profile.name in lines  # the signature line
    assert profile.print_office in lines  # the 印发 line of the 版记
    assert f"抄送：{'、'.join(profile.cc)}" in lines
    # The seed's 文号 is 浦科经委办理（2025）61号: the pattern must rebuild it.
    assert norm(profile.doc_number_pattern.format(year=2025, number=61)) in text
    contact = profile.contact
    for label, value in [
        ("联系人姓名", contact.name),
        ("联系电话", contact.phone),
        ("联系地址", contact.address),
        ("邮政编码", contact.postcode),
    ]:
        assert f"{label}：{value}" in lines
    assert profile.default_disclosure and f"公开属性：{profile.default_disclosure}" in lines


def test_changning_profile_matches_its_published_reply() -> None:
    profile = load_profile(BUILTIN / "changning-kw.toml")
    lines = seed_lines(SEED_REPLY_CHANGNING_035)
    text = norm("".join(lines))
    assert profile.name in lines
    assert norm(f"签发人：{profile.signer}") in text
    assert profile.notes and all(note in lines for note in profile.notes)
    assert profile.cc == []  # the published reply has no 抄送
    for value in (profile.contact.name, profile.contact.phone, profile.contact.postcode):
        assert value and value in text
    assert norm(profile.contact.address) in text  # printed as 安西路 35号


def test_example_profile_uses_letters_and_invents_no_contact() -> None:
    profile = load_profile(BUILTIN / "example.toml")
    assert profile.result_labels == ["A", "B", "C"]
    assert profile.self_reference == "我局"
    assert profile.contact.is_empty()
    # Commented for copying: every key the file sets is explained by a comment above it.
    text = (BUILTIN / "example.toml").read_text(encoding="utf-8")
    assert text.count("#") > 20


def test_is_named_recognises_short_names() -> None:
    profile = load_profile(BUILTIN / "pudong-kjw.toml")
    assert profile.is_named("区科经委")
    assert profile.is_named("浦东新区科技和经济委员会")
    assert not profile.is_named("区委组织部")
    assert not profile.is_named("")


# --- TOML round trip ------------------------------------------------------------------------


def test_save_then_load_gives_the_same_profile(tmp_path: Path) -> None:
    profile = BureauProfile(
        id="my-bureau",
        name="某区某某委员会",
        self_reference="我办",
        doc_number_pattern="某办〔{year}〕{number}号",
        signer="某某",
        contact=Contact("甲", "123", "某路1号", "200000"),
        cc=["区政府办公室"],
        result_labels=["A", "B"],
        default_result="A",
        show_header=False,
        aliases=["区某委"],
        notes=["（此件公开发布）"],
        style=replace(ExportStyle(), font_body="仿宋", margin_top_mm=30, page_numbers=False),
    )
    path = tmp_path / "my-bureau.toml"
    save_profile(profile, path)
    assert load_profile(path) == profile
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert "id" not in data  # the id is the file name
    # Only what differs from GB/T 9704 is written, so later default fixes still apply.
    assert data["style"] == {"margin_top_mm": 30.0, "font_body": "仿宋", "page_numbers": False}
    assert [p.name for p in tmp_path.iterdir()] == ["my-bureau.toml"]  # no temp file left


def test_saving_over_a_file_keeps_the_old_one_when_the_write_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "b.toml"
    save_profile(BureauProfile(id="b", name="旧名"), path)
    before = path.read_bytes()

    def refuse(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("os.replace", refuse)
    with pytest.raises(OSError):
        save_profile(BureauProfile(id="b", name="新名"), path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["b.toml"]


# --- Errors name the file and the key or line ------------------------------------------------


def write(tmp_path: Path, text: str, name: str = "bad.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def error_of(path: Path) -> ProfileError:
    with pytest.raises(ProfileError) as info:
        load_profile(path)
    message = str(info.value)
    assert str(path) in message and "\n" not in message
    return info.value


def test_wrong_type_names_key_and_line(tmp_path: Path) -> None:
    path = write(tmp_path, 'name = "某局"\nself_reference = "我局"\ncc = "区政府办公室"\n')
    err = error_of(path)
    assert err.key == "cc" and err.line == 3
    assert err.message == '\'cc\' 应为文字列表（例如 ["a", "b"]），而不是文字'
    assert str(err) == f"{path}: 第 3 行：{err.message}"


def test_wrong_type_inside_a_table(tmp_path: Path) -> None:
    path = write(tmp_path, 'name = "某局"\n\n[style]\nmargin_top_mm = "37"\n')
    err = error_of(path)
    assert err.key == "margin_top_mm" and err.line == 4
    assert "'style.margin_top_mm' 应为数字，而不是文字" in str(err) and "第 4 行" in str(err)
    path = write(tmp_path, 'name = "某局"\n[contact]\nphone = 58788388\n', "bad2.toml")
    err = error_of(path)
    assert (err.key, err.line) == ("phone", 3)
    err = error_of(write(tmp_path, 'name = "某局"\ncontact = "甲"\n', "bad3.toml"))
    assert (err.key, err.line) == ("contact", 2) and "'contact' 应为一个表（[contact]）" in str(err)


def test_a_number_where_true_false_belongs_is_refused(tmp_path: Path) -> None:
    err = error_of(write(tmp_path, 'name = "某局"\nshow_header = 1\n'))
    assert (err.key, err.line) == ("show_header", 2)
    assert "应为逻辑值（true 或 false），而不是数字" in err.message


def test_unknown_key_names_key_line_and_a_likely_fix(tmp_path: Path) -> None:
    err = error_of(write(tmp_path, 'name = "某局"\n# comment\nself_refrence = "我局"\n'))
    assert err.key == "self_refrence" and err.line == 3
    assert err.message == "未知的键 'self_refrence'；是否想写 'self_reference'？"
    err = error_of(write(tmp_path, 'name = "某局"\n[contact]\nemail = "a@b"\n', "b2.toml"))
    assert (err.key, err.line) == ("email", 3)
    assert "未知的键 'contact.email'" in str(err)
    err = error_of(write(tmp_path, 'name = "某局"\n\n[contcat]\nname = "甲"\n', "b3.toml"))
    assert err.line == 3 and "是否想写 'contact'？" in str(err)


def test_syntax_error_names_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, 'name = "某局"\nself_reference = 我局\n')
    err = error_of(path)
    # tomllib's own text stays, inside a Chinese sentence; its position moves to `line`.
    assert err.line == 2 and err.message.startswith("TOML 语法错误：")
    assert str(err) == f"{path}: 第 2 行：{err.message}" and "column" not in str(err)
    assert '英文双引号括起，如 name = "某局"' in err.message  # the usual cause, said
    err = error_of(write(tmp_path, 'name = "某局"\ncc = ["a",\n', "open.toml"))
    assert err.line == 2 and err.message.startswith("TOML 语法错误：")  # the last line


def test_missing_name_and_bad_pattern_and_bad_default(tmp_path: Path) -> None:
    err = error_of(write(tmp_path, 'self_reference = "我局"\n'))
    assert err.key == "name" and "缺少键 'name'" in err.message
    err = error_of(
        write(tmp_path, 'name = "某局"\ndoc_number_pattern = "某〔{yaer}〕{number}号"\n')
    )
    assert err.key == "doc_number_pattern" and err.line == 2
    assert "使用了 {yaer}，但只能填入 {year} 和 {number}" in str(err)
    err = error_of(
        write(tmp_path, 'name = "某局"\nresult_labels = ["A", "B"]\ndefault_result = "C"\n')
    )
    assert err.key == "default_result" and err.line == 3
    assert "'C' 不是 result_labels 中的一项（A、B）" in err.message
    err = error_of(write(tmp_path, 'id = "other"\nname = "某局"\n'))
    assert err.key == "id" and err.line == 1 and "标识就是文件名（bad）" in str(err)


def test_unreadable_file_is_a_profile_error(tmp_path: Path) -> None:
    path = tmp_path / "gbk.toml"
    path.write_bytes('name = "某局"\n'.encode("gbk"))
    assert "请将文件另存为 UTF-8 编码" in str(error_of(path))
    assert "无法读取文件" in str(error_of(tmp_path / "missing.toml"))


# --- The store: user folder over built-ins, saving only to the user folder -------------------


def test_store_lists_builtins_and_user_overrides_them(builtin_copy: Path, home: Path) -> None:
    user = paths.UserDirs.resolve().templates / "profiles"
    store = ProfileStore(builtin_copy, user)
    assert store.ids() == ["changning-kw", "example", "pudong-kjw"]
    assert {i.origin for i in store.list()} == {"builtin"}

    user.mkdir(parents=True)
    own = replace(store.load("pudong-kjw"), signer="某某", contact=Contact("新联系人", "1"))
    save_profile(own, user / "pudong-kjw.toml")
    assert store.load("pudong-kjw") == own
    info = {i.id: i for i in store.list()}
    assert info["pudong-kjw"].origin == "user" and info["pudong-kjw"].overrides_builtin
    assert info["example"].origin == "builtin" and not info["example"].overrides_builtin


def test_store_save_writes_only_to_the_user_folder(builtin_copy: Path, tmp_path: Path) -> None:
    before = snapshot(builtin_copy)
    store = ProfileStore(builtin_copy, tmp_path / "user" / "profiles")
    changed = replace(store.load("example"), name="某区某某局", default_result="B")
    path = store.save(changed)
    new = store.save(BureauProfile(id="new-bureau", name="新局"))
    assert path == tmp_path / "user" / "profiles" / "example.toml"
    assert new.parent == path.parent
    assert snapshot(builtin_copy) == before
    assert store.load("example") == changed
    assert "new-bureau" in store.ids()


def test_store_refuses_unsafe_ids_and_names_unknown_ones(
    builtin_copy: Path, tmp_path: Path
) -> None:
    store = ProfileStore(builtin_copy, tmp_path / "user")
    with pytest.raises(ProfileError, match=r"^'\.\./escape' 不能用作单位设置的标识"):
        store.save(BureauProfile(id="../escape", name="x"))
    assert not (tmp_path / "escape.toml").exists()
    with pytest.raises(ProfileError, match=r"^没有答复单位设置 'nope'（已有：.*pudong-kjw"):
        store.load("nope")


def test_store_lists_a_broken_user_profile_with_its_error(
    builtin_copy: Path, tmp_path: Path
) -> None:
    user = tmp_path / "user"
    user.mkdir()
    (user / "broken.toml").write_text('name = "x"\ncc = 5\n', encoding="utf-8")
    store = ProfileStore(builtin_copy, user)
    info = {i.id: i for i in store.list()}
    assert info["broken"].name == "" and "第 2 行" in info["broken"].error
    assert info["example"].error == ""


def test_default_store_reads_the_bundle_and_saves_under_home(home: Path) -> None:
    store = ProfileStore.default(paths.UserDirs.resolve())
    assert store.builtin_dir == BUILTIN
    assert store.user_dir.is_relative_to(home)
    assert "pudong-kjw" in store.ids()
