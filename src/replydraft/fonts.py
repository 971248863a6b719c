"""Which of the export style's fonts this machine has.

Licensed fonts (方正小标宋简体, 仿宋_GB2312, 楷体_GB2312) are often absent, and Word or WPS
then substitute another font without a word. The app says so instead:
"字体：仿宋_GB2312 — 本机缺少（Word/WPS 会替换为其他字体）".

Families come from fc-list on Linux (font files' name tables when fc-list is missing), the
Fonts registry keys on Windows, and the font files' name tables on macOS. A FontCatalog reads
them once and keeps them; build one per window or command rather than a module-wide cache.
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import BinaryIO

from replydraft.profiles import ExportStyle

# Chinese names of common fonts and the English family names Windows (and some Linux
# packages) register them under. Either name counts as the font.
ALIASES: dict[str, tuple[str, ...]] = {
    "宋体": ("SimSun",),
    "新宋体": ("NSimSun",),
    "黑体": ("SimHei",),
    "仿宋": ("FangSong",),
    "楷体": ("KaiTi",),
    "仿宋_GB2312": ("FangSong_GB2312",),
    "楷体_GB2312": ("KaiTi_GB2312",),
    "微软雅黑": ("Microsoft YaHei",),
    "等线": ("DengXian",),
    "方正小标宋简体": ("FZXiaoBiaoSong-B05S",),
    "方正小标宋_GBK": ("FZXiaoBiaoSong-B05",),
    "方正仿宋简体": ("FZFangSong-Z02S",),
    "方正仿宋_GBK": ("FZFangSong-Z02",),
    "方正楷体简体": ("FZKai-Z03S",),
    "方正楷体_GBK": ("FZKai-Z03",),
    "方正黑体简体": ("FZHei-B01S",),
    "方正黑体_GBK": ("FZHei-B01",),
    "华文中宋": ("STZhongsong",),
    "华文仿宋": ("STFangsong",),
    "华文楷体": ("STKaiti",),
    "华文宋体": ("STSong",),
}

ROLE_LABELS = {
    "font_title": "标题",
    "font_body": "正文",
    "font_heading1": "一级标题",
    "font_heading2": "二级标题",
    "font_latin": "数字和字母",
    "font_page_number": "页码",
}

_FONT_SUFFIXES = (".ttf", ".otf", ".ttc", ".otc")
_FC_TIMEOUT_S = 15


def normalise(name: str) -> str:
    """Font names compare without case and spaces: 'Times New Roman' == 'TimesNewRoman'."""
    return "".join(name.split()).casefold()


@dataclass(frozen=True)
class FontReport:
    """One font of the export style and whether this machine has it."""

    font: str
    roles: tuple[str, ...]  # 标题, 正文, ... (ROLE_LABELS)
    available: bool | None  # None: this machine's fonts could not be listed

    def message(self) -> str:
        if self.available is None:
            state = "无法检查本机字体"
        elif self.available:
            state = "已安装"
        else:
            state = "本机缺少（Word/WPS 会替换为其他字体）"
        return f"字体：{self.font} — {state}"


class FontCatalog:
    """The font families installed on this machine, listed on first use and then kept."""

    def __init__(self, lister: Callable[[], set[str] | None] | None = None) -> None:
        self._lister = lister or list_installed_families

    @cached_property
    def _listed(self) -> tuple[frozenset[str], bool]:
        try:
            names = self._lister()
        except Exception:  # a broken font file or registry key must not stop an export
            names = None
        if names is None:
            return frozenset(), False
        return frozenset(with_aliases(names)), True

    @property
    def known(self) -> bool:
        """False when the fonts could not be listed at all (then nothing counts as missing)."""
        return self._listed[1]

    @property
    def families(self) -> frozenset[str]:
        return self._listed[0]

    @cached_property
    def _normalised(self) -> frozenset[str]:
        return frozenset(normalise(n) for n in self.families)

    def has(self, name: str) -> bool:
        return normalise(name) in self._normalised

    def report(self, style: ExportStyle) -> list[FontReport]:
        """One report per distinct font of the style, in the style's order."""
        roles: dict[str, list[str]] = {}
        for attr, label in ROLE_LABELS.items():
            font = str(getattr(style, attr, "")).strip()
            if font:
                roles.setdefault(font, []).append(label)
        return [
            FontReport(font, tuple(labels), self.has(font) if self.known else None)
            for font, labels in roles.items()
        ]


def available_fonts() -> set[str]:
    """Font family names on this machine (Chinese and English names); empty if unknown."""
    return set(FontCatalog().families)


def missing_fonts(style: ExportStyle, catalog: FontCatalog | None = None) -> list[str]:
    """The style's fonts this machine lacks; [] when its fonts cannot be listed."""
    catalog = catalog or FontCatalog()
    return [r.font for r in catalog.report(style) if r.available is False]


def font_report(style: ExportStyle, catalog: FontCatalog | None = None) -> list[FontReport]:
    return (catalog or FontCatalog()).report(style)


def with_aliases(names: Iterable[str]) -> set[str]:
    """`names` plus the other name of every aliased font among them."""
    out = {n.strip() for n in names if n and n.strip()}
    present = {normalise(n) for n in out}
    for chinese, english in ALIASES.items():
        group = (chinese, *english)
        if any(normalise(n) in present for n in group):
            out.update(group)
    return out


# --- Listing the fonts ---------------------------------------------------------------------


def list_installed_families() -> set[str] | None:
    """This platform's font families, or None when there is no way to list them."""
    if sys.platform == "win32":
        return _windows_families()
    if sys.platform == "darwin":
        return families_in_folders(_mac_font_folders())
    families = fc_list_families()
    if families is not None:
        return families
    return families_in_folders(_unix_font_folders()) or None


def fc_list_families(fc_list: str = "fc-list") -> set[str] | None:
    """Families from fontconfig (each localised name too); None without a working fc-list."""
    exe = shutil.which(fc_list)
    if exe is None:
        return None
    try:
        result = subprocess.run(
            [exe, "--format", "%{family}\n"],
            capture_output=True,
            timeout=_FC_TIMEOUT_S,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if result.returncode != 0:
        return None
    out: set[str] = set()
    for line in result.stdout.decode("utf-8", "replace").splitlines():
        out.update(part.strip() for part in line.split(",") if part.strip())
    return out


def _windows_families() -> set[str] | None:
    if sys.platform != "win32":
        return None
    import winreg

    key_path = r"SOFTWARE\Microsoft\Windows NT\CurrentVersion\Fonts"
    out: set[str] = set()
    found = False
    for hive in (winreg.HKEY_LOCAL_MACHINE, winreg.HKEY_CURRENT_USER):
        try:
            key = winreg.OpenKey(hive, key_path)
        except OSError:
            continue
        found = True
        with key:
            index = 0
            while True:
                try:
                    name, _value, _kind = winreg.EnumValue(key, index)
                except OSError:
                    break
                index += 1
                out.update(registry_font_names(name))
    return out if found else None


def registry_font_names(value_name: str) -> list[str]:
    """'SimSun & NSimSun (TrueType)' -> ['SimSun', 'NSimSun']."""
    base = value_name.split(" (")[0] if value_name.endswith(")") else value_name
    return [part.strip() for part in base.split("&") if part.strip()]


def _mac_font_folders() -> list[Path]:
    home = Path.home()
    return [
        Path("/System/Library/Fonts"),
        Path("/System/Library/Fonts/Supplemental"),
        Path("/Library/Fonts"),
        home / "Library" / "Fonts",
    ]


def _unix_font_folders() -> list[Path]:
    home = Path.home()
    data_home = Path(os.environ.get("XDG_DATA_HOME") or home / ".local" / "share")
    return [
        Path("/usr/share/fonts"),
        Path("/usr/local/share/fonts"),
        data_home / "fonts",
        home / ".fonts",
    ]


def families_in_folders(folders: Iterable[Path]) -> set[str]:
    """Family names read from every font file under `folders` (unreadable files skipped)."""
    out: set[str] = set()
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in folder.rglob("*"):
            if path.suffix.lower() in _FONT_SUFFIXES:
                out.update(font_family_names(path))
    return out


# --- The OpenType name table ----------------------------------------------------------------

_FAMILY_IDS = (1, 16)  # font family, typographic family


def font_family_names(path: Path) -> set[str]:
    """Every family name (all languages) in a .ttf/.otf/.ttc file; empty if unreadable.

    Reads only the table directories and the name table, not the (often 20 MB) glyphs.
    """
    try:
        with open(path, "rb") as f:
            return _family_names(f)
    except (OSError, struct.error, IndexError, ValueError):
        return set()


def _read(f: BinaryIO, offset: int, size: int) -> bytes:
    f.seek(offset)
    data = f.read(size)
    if len(data) != size:
        raise ValueError("truncated font file")
    return data


def _family_names(f: BinaryIO) -> set[str]:
    head = _read(f, 0, 12)
    if head[:4] == b"ttcf":
        (count,) = struct.unpack_from(">I", head, 8)
        offsets = struct.unpack(f">{count}I", _read(f, 12, 4 * min(count, 256)))
    else:
        offsets = (0,)
    out: set[str] = set()
    for offset in offsets:
        (num_tables,) = struct.unpack(">H", _read(f, offset + 4, 2))
        directory = _read(f, offset + 12, 16 * num_tables)
        for i in range(num_tables):
            tag, _checksum, table, length = struct.unpack_from(">4sIII", directory, 16 * i)
            if tag == b"name":
                out.update(_read_name_table(_read(f, table, length)))
                break
    return out


def _read_name_table(data: bytes) -> set[str]:
    _format, count, strings = struct.unpack_from(">HHH", data, 0)
    out: set[str] = set()
    for i in range(count):
        platform, encoding, _lang, name_id, length, at = struct.unpack_from(
            ">HHHHHH", data, 6 + 12 * i
        )
        if name_id not in _FAMILY_IDS:
            continue
        raw = data[strings + at : strings + at + length]
        if platform in (0, 3):
            text = raw.decode("utf-16-be", "replace")
        elif platform == 1 and encoding == 0:
            text = raw.decode("mac_roman", "replace")
        else:
            continue
        text = text.strip("\x00 ").strip()
        if text and "\ufffd" not in text:
            out.add(text)
    return out
