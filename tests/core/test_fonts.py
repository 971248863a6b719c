"""Which of the style's fonts this machine has, and saying so when one is missing."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from replydraft import fonts
from replydraft.fonts import FontCatalog, available_fonts, missing_fonts
from replydraft.profiles import ExportStyle

HAS_FC_LIST = shutil.which("fc-list") is not None


def fc_list_files() -> dict[Path, set[str]]:
    """fontconfig's own view: each font file with its family names."""
    out = subprocess.run(
        ["fc-list", "--format", "%{file}|%{family}\n"], capture_output=True, check=True
    ).stdout.decode("utf-8")
    files: dict[Path, set[str]] = {}
    for line in out.splitlines():
        path, _, families = line.partition("|")
        files.setdefault(Path(path), set()).update(f.strip() for f in families.split(","))
    return files


@pytest.mark.skipif(not HAS_FC_LIST, reason="needs fontconfig")
def test_available_fonts_lists_what_fontconfig_has() -> None:
    found = available_fonts()
    files = fc_list_files()
    assert files
    for families in files.values():
        assert families <= found


@pytest.mark.skipif(not HAS_FC_LIST, reason="needs fontconfig")
def test_name_table_reader_agrees_with_fontconfig() -> None:
    files = fc_list_files()
    checked = 0
    for path, families in sorted(files.items())[:40]:
        if path.suffix.lower() not in (".ttf", ".otf", ".ttc"):
            continue
        names = fonts.font_family_names(path)
        # fontconfig names a .ttc's faces separately; our reader gives every face's names.
        assert families & names, (path, families, names)
        checked += 1
    assert checked


@pytest.mark.skipif(not HAS_FC_LIST, reason="needs fontconfig")
def test_installed_font_is_not_missing_and_a_made_up_one_is() -> None:
    present = sorted(available_fonts())[0]
    style = replace(ExportStyle(), font_body=present, font_title="并不存在的字体")
    missing = missing_fonts(style)
    assert present not in missing
    assert "并不存在的字体" in missing


def test_aliases_match_chinese_and_english_names() -> None:
    catalog = FontCatalog(lister=lambda: {"FangSong", "SimHei", "Times New Roman", "KaiTi"})
    assert catalog.has("仿宋") and catalog.has("黑体") and catalog.has("楷体")
    assert catalog.has("timesnewroman")
    assert not catalog.has("仿宋_GB2312")  # a different font from 仿宋
    style = ExportStyle()  # GB/T 9704 defaults: 方正小标宋简体, 仿宋_GB2312, 楷体_GB2312, 宋体
    assert missing_fonts(style, catalog) == ["方正小标宋简体", "仿宋_GB2312", "楷体_GB2312", "宋体"]
    override = replace(style, font_title="黑体", font_body="仿宋", font_heading2="楷体")
    assert missing_fonts(override, catalog) == ["宋体"]


def test_report_messages() -> None:
    catalog = FontCatalog(lister=lambda: {"仿宋", "SimHei"})
    style = replace(ExportStyle(), font_body="仿宋_GB2312", font_page_number="仿宋")
    reports = {r.font: r for r in catalog.report(style)}
    assert (
        reports["仿宋_GB2312"].message()
        == "字体：仿宋_GB2312 — 本机缺少（Word/WPS 会替换为其他字体）"
    )
    assert reports["黑体"].message() == "字体：黑体 — 已安装"
    assert reports["仿宋"].roles == ("页码",)
    assert reports["仿宋_GB2312"].roles == ("正文",)


def test_one_font_in_several_roles_is_reported_once() -> None:
    style = replace(ExportStyle(), font_heading1="仿宋_GB2312")
    reports = FontCatalog(lister=set).report(style)
    assert [r.font for r in reports].count("仿宋_GB2312") == 1
    same = next(r for r in reports if r.font == "仿宋_GB2312")
    assert same.roles == ("正文", "一级标题")


def test_catalog_lists_once_per_object() -> None:
    calls: list[int] = []

    def lister() -> set[str]:
        calls.append(1)
        return {"宋体"}

    catalog = FontCatalog(lister=lister)
    for _ in range(5):
        catalog.has("宋体")
        missing_fonts(ExportStyle(), catalog)
    assert len(calls) == 1
    FontCatalog(lister=lister).has("宋体")
    assert len(calls) == 2  # no hidden module-wide cache


def test_without_fc_list_nothing_crashes(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # an empty folder: no fc-list anywhere
    assert fonts.fc_list_families() is None
    unknown = FontCatalog(lister=lambda: None)
    assert not unknown.known
    assert missing_fonts(ExportStyle(), unknown) == []  # cannot tell: do not cry wolf
    assert unknown.report(ExportStyle())[0].message().endswith("无法检查本机字体")
    broken = FontCatalog(lister=lambda: {}["boom"])  # a lister that raises
    assert not broken.known
    assert isinstance(available_fonts(), set)  # falls back to reading the font folders


def test_unreadable_font_files_give_no_names(tmp_path: Path) -> None:
    garbage = tmp_path / "broken.ttf"
    garbage.write_bytes(b"\x00\x01\x00\x00\x00\x05" + b"x" * 10)
    truncated = tmp_path / "short.otf"
    truncated.write_bytes(b"OTTO")
    assert fonts.font_family_names(garbage) == set()
    assert fonts.font_family_names(truncated) == set()
    assert fonts.font_family_names(tmp_path / "absent.ttf") == set()
    assert fonts.families_in_folders([tmp_path, tmp_path / "absent"]) == set()


def test_windows_registry_value_names() -> None:
    assert fonts.registry_font_names("SimSun & NSimSun (TrueType)") == ["SimSun", "NSimSun"]
    assert fonts.registry_font_names("仿宋_GB2312 (TrueType)") == ["仿宋_GB2312"]
    assert fonts.registry_font_names("Arial") == ["Arial"]
