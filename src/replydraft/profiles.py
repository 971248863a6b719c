"""Bureau profiles: who answers, how they sign, and how their documents look.

One TOML file per bureau under templates/profiles/ (a user folder overrides built-ins).
Every layout number defaults to GB/T 9704-2012; a bureau overrides only what differs.
The profile's id is its file name without `.toml`.
"""

from __future__ import annotations

import builtins
import difflib
import re
import string
import tomllib
import typing
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import tomli_w

from replydraft import paths
from replydraft.atomic import write_text_atomic
from replydraft.errors import ReplydraftError
from replydraft.records import Contact

PROFILE_SUFFIX = ".toml"
DOC_NUMBER_FIELDS = ("year", "number")
# Plain paper, or the GB/T 9704 信函格式; else the name of the bureau's own letterhead .docx.
LETTERHEADS = ("", "letter")
DATE_LAYOUTS = ("gbt", "centred")
_SAFE_ID = re.compile(r"^[\w][\w.-]*$")


@dataclass
class ExportStyle:
    """Page layout and typography of the .docx export (GB/T 9704-2012 defaults)."""

    paper_width_mm: float = 210.0
    paper_height_mm: float = 297.0
    margin_top_mm: float = 37.0
    margin_bottom_mm: float = 35.0
    margin_left_mm: float = 28.0
    margin_right_mm: float = 26.0
    line_pitch_pt: float = 28.95  # 225 mm / 22 lines, exact
    chars_per_line: int = 28
    body_size_pt: float = 16.0  # 3号
    title_size_pt: float = 22.0  # 2号
    footer_size_pt: float = 14.0  # 4号: 版记 and page numbers
    font_title: str = "方正小标宋简体"
    font_body: str = "仿宋_GB2312"
    font_heading1: str = "黑体"  # 一、
    font_heading2: str = "楷体_GB2312"  # （一）
    font_latin: str = "Times New Roman"  # digits and Latin letters
    font_page_number: str = "宋体"
    page_numbers: bool = True
    # "" plain paper; "letter": the GB/T 9704 信函格式 (§10.1) drawn on page one: the
    # 发文机关标志 in red 小标宋 30 mm from the top, red double lines 170 mm long under it and
    # 20 mm above the bottom, 文号 flush right, no page number on page one, no 印发 line.
    # "NAME.docx": the bureau's own letterhead (templates/letterheads/ or an absolute path),
    # whose page-one header, footer and framed elements are carried into the export.
    letterhead: str = ""
    letterhead_name: str = ""  # the 发文机关标志; "" prints the signature (the unit's name)
    letterhead_size_pt: float = 22.0
    letterhead_color: str = "FF0000"  # RGB hex of the mark and the lines
    # The date under the unit name: "gbt" starts it two characters right of the name's first
    # character (GB/T 9704 §7.3.5.2); "centred" centres it under the name (local practice).
    date_layout: str = "gbt"

    def font_names(self) -> list[str]:
        """Every distinct font the style names, in a stable order."""
        names = [
            self.font_title,
            self.font_body,
            self.font_heading1,
            self.font_heading2,
            self.font_latin,
            self.font_page_number,
        ]
        return list(dict.fromkeys(n for n in names if n))


@dataclass
class BureauProfile:
    """A bureau's identity and defaults; see templates/profiles/*.toml."""

    id: str
    name: str  # 上海市浦东新区科技和经济委员会
    self_reference: str = "我委"  # how the bureau calls itself in the text (我委/我局/我办)
    doc_number_pattern: str = ""  # e.g. 浦科经委办理〔{year}〕{number}号
    signer: str = ""
    contact: Contact = field(default_factory=Contact)
    cc: list[str] = field(default_factory=list)
    result_labels: list[str] = field(
        default_factory=lambda: [
            "解决或采纳",
            "正在解决或列入计划解决",
            "因条件限制暂时不能解决",
            "留作参考",
        ]
    )
    default_result: str = ""
    default_disclosure: str = "主动公开"
    print_office: str = ""  # 印发机关 in the 版记, e.g. ……委员会办公室
    show_header: bool = True  # 文号/签发人/办理结果/公开属性 block above the title
    require: list[str] = field(default_factory=lambda: ["signature", "date", "contact"])
    template: str = ""  # the bureau's template folder under templates/, "" for the built-ins
    style: ExportStyle = field(default_factory=ExportStyle)
    # Other names the bureau goes by in proposals (主办/会办单位): 区科经委, 浦东新区科经委.
    aliases: list[str] = field(default_factory=list)
    # 附注 lines printed under the date, e.g. （此件公开发布）.
    notes: list[str] = field(default_factory=list)
    # Export writes the 发文稿纸 (approval sheet) beside the reply: <reply>.稿纸.docx.
    approval_sheet: bool = False
    print_copies: str = ""  # 印数 on the approval sheet, e.g. "5"

    def is_named(self, unit: str) -> bool:
        """Whether a unit named in a proposal (主办/会办单位) is this bureau."""
        unit = re.sub(r"\s+", "", unit)
        if not unit:
            return False
        names = [self.name, *self.aliases]
        if unit in names:
            return True
        # 浦东新区科技和经济委员会 names 上海市浦东新区科技和经济委员会 without the city.
        return len(unit) >= 4 and self.name.endswith(unit)


class ProfileError(ReplydraftError):
    """A profile that cannot be read or used; str() is one line naming the file."""

    def __init__(
        self, path: Path | None, message: str, *, key: str = "", line: int | None = None
    ) -> None:
        self.path = path
        self.message = message
        self.key = key
        self.line = line
        # "bad.toml: 第 3 行：…", the same shape as a template's problems.
        text = f"第 {line} 行：{message}" if line is not None else message
        super().__init__(f"{path}: {text}" if path is not None else text)


# --- Reading ---------------------------------------------------------------------------------

_TYPE_WORDS: dict[object, str] = {
    str: "用引号括起的文字",
    bool: "逻辑值（true 或 false）",
    int: "整数",
    float: "数字",
    list[str]: '文字列表（例如 ["a", "b"]）',
}
_TOML_TYPE_WORDS: dict[type, str] = {
    str: "文字",
    bool: "逻辑值（true/false）",
    int: "数字",
    float: "小数",
    list: "列表",
    dict: "表",
}
_DECODE_POSITION = re.compile(r"\s*\(at (?:line (\d+), column \d+|end of document)\)\s*$")
# What a profile may hold: a few KB in practice. Sizes are checked before anything else, so
# a hostile file (a 1 MB name, arrays nested 600 deep) is refused plainly and fast.
MAX_PROFILE_BYTES = 256 * 1024
MAX_TEXT = 500  # characters in one text value (a name, an address, a 附注 line)
MAX_FONT_NAME = 64
MAX_LIST = 100  # items in one list (抄送 units, aliases, result labels)
# Allowed ranges of the numbers (inclusive). GB/T 9704 sits well inside each.
RANGES: dict[str, tuple[float, float]] = {
    "style.paper_width_mm": (100, 600),
    "style.paper_height_mm": (100, 900),
    "style.margin_top_mm": (5, 100),
    "style.margin_bottom_mm": (5, 100),
    "style.margin_left_mm": (5, 100),
    "style.margin_right_mm": (5, 100),
    "style.line_pitch_pt": (8, 72),
    "style.chars_per_line": (10, 60),
    "style.body_size_pt": (6, 48),
    "style.title_size_pt": (6, 72),
    "style.footer_size_pt": (6, 48),
}
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_TOML_HINTS = {
    "Invalid value": '（文字要用英文双引号括起，如 name = "某局"；列表用方括号，如 cc = ["甲", "乙"]）',
}


def load_profile(path: str | Path) -> BureauProfile:
    """Read one profile file; its id is the file name without `.toml`."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_PROFILE_BYTES:
            raise ProfileError(
                path, f"文件过大（{size:,} 字节，单位设置文件上限为 {MAX_PROFILE_BYTES:,} 字节）"
            )
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise ProfileError(path, f"无法读取文件（{exc.strerror or exc}）") from None
    except UnicodeDecodeError:
        raise ProfileError(path, "不是 UTF-8 编码的文本，请将文件另存为 UTF-8 编码") from None
    try:
        data = tomllib.loads(text)
    except RecursionError:  # arrays or tables nested hundreds deep
        raise ProfileError(path, "TOML 结构嵌套过深，不是有效的单位设置") from None
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        m = _DECODE_POSITION.search(message)
        line: int | None = None
        if m:
            line = int(m.group(1)) if m.group(1) else max(1, len(text.splitlines()))
            message = message[: m.start()]
        # tomllib's own English text, kept as it says it: the line goes into `line`. Its
        # commonest message gets the usual cause: a text without quotes, or with “” quotes.
        hint = _TOML_HINTS.get(message, "")
        raise ProfileError(path, f"TOML 语法错误：{message}{hint}", line=line) from None
    return _profile_from_data(data, profile_id=path.stem, path=path, text=text)


def _profile_from_data(
    data: dict[str, Any], *, profile_id: str, path: Path, text: str
) -> BureauProfile:
    def fail(message: str, key: str, table: str = "") -> ProfileError:
        return ProfileError(path, message, key=key, line=_key_line(text, table, key))

    if "id" in data:
        raise fail(f"请删除键 'id'：单位设置的标识就是文件名（{profile_id}）", "id")
    hints = typing.get_type_hints(BureauProfile)
    values: dict[str, Any] = {"id": profile_id}
    for key, value in data.items():
        if key == "contact":
            values[key] = Contact(**_table_values(Contact, value, key, fail))
        elif key == "style":
            values[key] = ExportStyle(**_table_values(ExportStyle, value, key, fail))
        elif key in hints and key != "id":
            values[key] = _checked(value, hints[key], key, "", fail)
        else:
            raise fail(_unknown_key_message(key, [f.name for f in fields(BureauProfile)]), key)
    if not str(values.get("name", "")).strip():
        raise ProfileError(path, "缺少键 'name'（答复单位的全称）", key="name")
    profile = BureauProfile(**values)

    bad_field = _doc_number_problem(profile.doc_number_pattern)
    if bad_field:
        raise fail(bad_field, "doc_number_pattern")
    if profile.default_result and profile.default_result not in profile.result_labels:
        raise fail(
            f"default_result '{profile.default_result}' 不是 result_labels 中的一项"
            f"（{'、'.join(profile.result_labels)}）",
            "default_result",
        )
    letterhead = profile.style.letterhead
    if letterhead not in LETTERHEADS and not letterhead.lower().endswith(".docx"):
        raise fail(
            f"letterhead 只能是 {' 或 '.join(repr(x) for x in LETTERHEADS)}，或单位信纸的 .docx 文件名",
            "letterhead",
            "style",
        )
    if not re.fullmatch(r"[0-9A-Fa-f]{6}", profile.style.letterhead_color):
        raise fail(
            'letterhead_color 应为六位十六进制颜色，如 "FF0000"', "letterhead_color", "style"
        )
    if profile.style.date_layout not in DATE_LAYOUTS:
        raise fail(
            f"date_layout 只能是 {' 或 '.join(repr(x) for x in DATE_LAYOUTS)}",
            "date_layout",
            "style",
        )
    if profile.template and (not _SAFE_ID.match(profile.template) or ".." in profile.template):
        raise fail(f"template '{profile.template}' 应为 templates/ 下的文件夹名称", "template")
    s = profile.style
    for across, size, margins in (
        ("paper_width_mm", s.paper_width_mm, s.margin_left_mm + s.margin_right_mm),
        ("paper_height_mm", s.paper_height_mm, s.margin_top_mm + s.margin_bottom_mm),
    ):
        if size - margins < 50:
            raise fail(
                f"'style.{across}' 减去两侧页边距后不足 50 mm（{size:g} − {margins:g}），版心放不下正文",
                across,
                "style",
            )
    return profile


def _table_values(
    cls: type, value: object, table: str, fail: typing.Callable[..., ProfileError]
) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise fail(f"'{table}' 应为一个表（[{table}]）", table)
    hints = typing.get_type_hints(cls)
    out: dict[str, Any] = {}
    for key, item in value.items():
        if key not in hints:
            known = [f.name for f in fields(cls)]
            raise fail(_unknown_key_message(f"{table}.{key}", known, key), key, table)
        out[key] = _checked(item, hints[key], f"{table}.{key}", table, fail)
    return out


def _checked(
    value: object, hint: object, key: str, table: str, fail: typing.Callable[..., ProfileError]
) -> Any:
    """`value` if it has the field's type (an int also serves as a float), else an error."""
    ok: bool
    if hint is bool:
        ok = isinstance(value, bool)
    elif hint is int:
        ok = isinstance(value, int) and not isinstance(value, bool)
    elif hint is float:
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        if ok:
            value = float(typing.cast(float, value))
    elif hint is str:
        ok = isinstance(value, str)
    elif hint == list[str]:
        ok = isinstance(value, list) and all(isinstance(v, str) for v in value)
    else:  # a field type this reader does not know: a programming error, not the user's
        raise TypeError(f"profile field {key} has an unsupported type {hint!r}")
    short = key.rsplit(".", 1)[-1]
    if not ok:
        wanted = _TYPE_WORDS.get(hint, str(hint))
        got = _TOML_TYPE_WORDS.get(type(value), type(value).__name__)
        if isinstance(value, list) and hint == list[str]:
            got = "含有非文字项的列表"
        raise fail(f"'{key}' 应为{wanted}，而不是{got}", short, table)
    problem = _range_problem(key, value)
    if problem:
        raise fail(problem, short, table)
    return value


def _range_problem(key: str, value: object) -> str:
    """Why a value of the right type is still unusable ("" when it is fine)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        lo, hi = RANGES.get(key, (-1e9, 1e9))
        if not lo <= value <= hi:  # also false for nan; inf is past any bound
            return f"'{key}' 应在 {lo:g} 到 {hi:g} 之间，而不是 {value}"
        return ""
    texts = value if isinstance(value, list) else [value] if isinstance(value, str) else []
    if isinstance(value, list) and len(value) > MAX_LIST:
        return f"'{key}' 最多 {MAX_LIST} 项，而不是 {len(value):,} 项"
    limit = MAX_FONT_NAME if key.startswith("style.font_") else MAX_TEXT
    for text in texts:
        if len(text) > limit:
            return f"'{key}' 的文字过长（{len(text):,} 个字符，上限为 {limit}）"
        if _CONTROL.search(text):
            return f"'{key}' 含有控制字符（如 NUL 或换行），请删除"
    if key.startswith("style.font_") and isinstance(value, str) and not value.strip():
        return f"'{key}' 不能为空（请写字体名称，如 仿宋）"
    return ""


def _unknown_key_message(shown: str, known: builtins.list[str], key: str | None = None) -> str:
    key = key or shown
    close = difflib.get_close_matches(key, known, n=1)
    hint = f"；是否想写 '{close[0]}'？" if close else ""
    return f"未知的键 '{shown}'{hint}"


def _doc_number_problem(pattern: str) -> str:
    if not pattern:
        return ""
    try:
        parts = list(string.Formatter().parse(pattern))
    except ValueError as exc:
        return f"doc_number_pattern '{pattern}' 格式有误：{exc}（请写 {{year}} 和 {{number}}）"
    for _literal, name, spec, conversion in parts:
        if name is None:
            continue
        if name not in DOC_NUMBER_FIELDS or spec or conversion:
            return (
                f"doc_number_pattern '{pattern}' 使用了 {{{name}}}，"
                "但只能填入 {year} 和 {number}"
            )
    return ""


_TABLE_LINE = re.compile(r"^\s*\[\s*([^\]]+?)\s*\]\s*(?:#.*)?$")


def _key_line(text: str, table: str, key: str) -> int | None:
    """The line where `key` is set in `table` ("" for the top level), or None if not found."""
    current = ""
    key_pattern = re.compile(rf"^\s*(?:{re.escape(key)}|\"{re.escape(key)}\")\s*=")
    dotted = re.compile(rf"^\s*{re.escape(table)}\s*\.\s*{re.escape(key)}\s*=") if table else None
    for number, line in enumerate(text.splitlines(), start=1):
        m = _TABLE_LINE.match(line)
        if m:
            current = m.group(1).strip('"')
            if not table and current == key:
                return number  # a whole table where a value was expected, or an unknown table
            continue
        if current == table and key_pattern.match(line):
            return number
        if dotted and current == "" and dotted.match(line):
            return number
    return None


# --- Writing ---------------------------------------------------------------------------------


def profile_to_data(profile: BureauProfile) -> dict[str, Any]:
    """The TOML form: every top-level field but the id (that is the file name), the contact,
    and only the style values that differ from GB/T 9704, so a later fix of a default reaches
    every profile that did not choose its own value."""
    data: dict[str, Any] = {}
    for f in fields(BureauProfile):
        if f.name in ("id", "contact", "style"):
            continue
        value = getattr(profile, f.name)
        data[f.name] = list(value) if isinstance(value, list) else value
    data["contact"] = {f.name: getattr(profile.contact, f.name) for f in fields(Contact)}
    default_style = ExportStyle()
    style = {
        f.name: getattr(profile.style, f.name)
        for f in fields(ExportStyle)
        if getattr(profile.style, f.name) != getattr(default_style, f.name)
    }
    if style:
        data["style"] = style
    return data


def save_profile(profile: BureauProfile, path: str | Path) -> None:
    """Write `profile` as TOML, atomically. Comments of an existing file are not kept."""
    path = Path(path)
    data = profile_to_data(profile)
    # The checks a file gets on reading, before writing: never save what cannot be read back.
    _profile_from_data(data, profile_id=path.stem, path=path, text="")
    text = tomli_w.dumps(data)
    header = f"# Bureau profile '{path.stem}' ({profile.name}), written by replydraft.\n\n"
    write_text_atomic(path, header + text)


# --- The two folders -------------------------------------------------------------------------


@dataclass(frozen=True)
class ProfileInfo:
    id: str
    name: str  # the bureau's name, "" when the file cannot be read
    path: Path
    origin: str  # "builtin" or "user"
    overrides_builtin: bool = False  # a user file hiding a built-in profile of the same id
    error: str = ""  # why the file cannot be loaded, "" when it loads


class ProfileStore:
    """Profiles by id from a built-in folder and a user folder; the user's file wins.

    Saving only ever writes to the user folder.
    """

    def __init__(self, builtin_dir: Path, user_dir: Path) -> None:
        self.builtin_dir = Path(builtin_dir)
        self.user_dir = Path(user_dir)

    @classmethod
    def default(cls, user_dirs: paths.UserDirs) -> ProfileStore:
        """templates/profiles/ of the bundle, and profiles/ in the user's templates folder."""
        return cls(paths.templates_dir() / "profiles", user_dirs.templates / "profiles")

    def ids(self) -> builtins.list[str]:
        found = {p.stem for d in (self.builtin_dir, self.user_dir) for p in _profile_files(d)}
        return sorted(found)

    def path(self, profile_id: str) -> Path:
        """The file a profile is loaded from: the user's if there is one."""
        for folder in (self.user_dir, self.builtin_dir):
            candidate = folder / f"{profile_id}{PROFILE_SUFFIX}"
            if _SAFE_ID.match(profile_id) and candidate.is_file():
                return candidate
        known = "、".join(self.ids()) or "无"
        raise ProfileError(None, f"没有答复单位设置 '{profile_id}'（已有：{known}）")

    def load(self, profile_id: str) -> BureauProfile:
        return load_profile(self.path(profile_id))

    def save(self, profile: BureauProfile) -> Path:
        """Write `profile` to the user folder as <id>.toml and return the path."""
        if not _SAFE_ID.match(profile.id) or ".." in profile.id:
            raise ProfileError(
                None, f"'{profile.id}' 不能用作单位设置的标识：只能使用字母、数字、- 和 _"
            )
        self.user_dir.mkdir(parents=True, exist_ok=True)
        target = self.user_dir / f"{profile.id}{PROFILE_SUFFIX}"
        save_profile(profile, target)
        return target

    def list(self) -> builtins.list[ProfileInfo]:
        """Every profile id once, with the file it loads from; unreadable files say why."""
        out: builtins.list[ProfileInfo] = []
        for profile_id in self.ids():
            path = self.path(profile_id)
            is_user = path.parent == self.user_dir
            overrides = is_user and (self.builtin_dir / path.name).is_file()
            try:
                name, error = load_profile(path).name, ""
            except ProfileError as exc:
                name, error = "", str(exc)
            origin = "user" if is_user else "builtin"
            out.append(ProfileInfo(profile_id, name, path, origin, overrides, error))
        return out


def _profile_files(folder: Path) -> builtins.list[Path]:
    if not folder.is_dir():
        return []
    return sorted(
        p for p in folder.glob(f"*{PROFILE_SUFFIX}") if p.is_file() and _SAFE_ID.match(p.stem)
    )
