"""Files and pasted text into clean plain paragraphs: the first stage of every import.

Which reader reads a file is the readers' table's to say (readers/registry.py: .txt in any
common Chinese encoding, .docx, .pdf and scans by OCR, .doc/.wps, .ofd, images); the readers
live in readers/. What every format shares stays here, whatever the decoding was: strips
web-page and page clutter (breadcrumbs, toolbars, footers, page numbers), normalises spaces,
turns table-ish metadata into "索引号：X" lines and re-joins paragraphs that hard line breaks
or page breaks cut apart.

It does not parse the genre: parse.py reads the paragraphs this module returns.
"""

from __future__ import annotations

import errno
import hashlib
import io
import re
import unicodedata
import zipfile
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from replydraft import genre
from replydraft.numbering import match_heading
from replydraft.readers import registry
from replydraft.readers.base import ReadError
from replydraft.readers.registry import ReadOptions

# The decoders moved to readers/text.py; importable from here as before.
from replydraft.readers.text import decode_text as decode_text
from replydraft.readers.text import decode_text_counted as decode_text_counted
from replydraft.simplify import to_simplified

if TYPE_CHECKING:  # OCR (its patterns: a tenth of a CLI search) loads only for a scan
    from replydraft.readers.ocr import Recognised

# Every suffix a reader reads (the readers' table has the list).
SUPPORTED_SUFFIXES: frozenset[str] = registry.suffixes()
MAX_TEXT_BYTES = registry.TEXT_MAX_BYTES
MAX_BINARY_BYTES = registry.BINARY_MAX_BYTES
# What a zip-based document (.docx, later .ofd) may unpack to, checked from the sizes its
# directory declares before anything is inflated (zipfile never inflates past a declared
# size). A real reply's document.xml is well under 5 MB; images make up the rest.
MAX_UNPACKED_BYTES = 256 * 1024 * 1024  # all members together
MAX_MEMBER_XML_BYTES = 48 * 1024 * 1024  # one XML part (document.xml, ...)
MAX_RATIO = 100  # inflated / compressed, for members past RATIO_FLOOR
RATIO_FLOOR = 4 * 1024 * 1024  # small members may compress well (repeated styles)
# What one document may hold once read: a 600-page report is ~1 million characters, a reply
# 5,000-20,000; and a document at the cap still imports in well under 30 s.
MAX_CHARS = 1_000_000
MAX_PARAGRAPHS = 60_000
MAX_PDF_PAGES = 200  # ~75 ms a page where pdfium must find fonts: 15 s at most
PASTE_NAME = "粘贴的文本"
NO_TEXT = "文件中没有可读取的文字"  # the importer says the same

# Document formats officers keep that we cannot read: a folder import reports them (so the
# officer knows to convert them) instead of passing over them in silence.
UNSUPPORTED_DOCUMENTS = {
    ".rtf": "不支持 RTF 格式（.rtf），请另存为 .docx 后重试",
    ".odt": "不支持 OpenDocument 文本格式（.odt），请另存为 .docx 后重试",
}


@dataclass(frozen=True)
class Ingested:
    """One document's text, ready for the parser."""

    source: str  # the file name (or PASTE_NAME)
    sha256: str  # of the original bytes (paste: of the UTF-8 text): recognises re-imports
    format: str  # a reader's format name ("txt", "docx", "pdf", "doc", ...) or "paste"
    encoding: str  # how a .txt was decoded ("utf-8", "gb18030", ...); "" otherwise
    paragraphs: list[str]  # normalised, each non-empty
    warnings: tuple[str, ...] = ()  # what was read with losses (damaged bytes replaced)
    recognised: Recognised | None = None  # read from a scan by OCR: to be checked


# One error for every reader: readers/ raise it, and the rest of the app knows it by this name.
IngestError = ReadError


# Punctuation that ends a sentence, closes, opens, or cannot start a line of Chinese text.
_TERMINAL = "。！？!?；;…"
_CLOSERS = "”’」』）)】》〕]"
_OPENERS = "“‘（(《〈「『【〔[<"
_CONTINUATION_START = "，、。；：）》”’,;:)!?！？"
_NO_LINE_START = _CLOSERS + "，、。；：！？,.;:!?%"


# --- Entry points ----------------------------------------------------------------------------


def ingest_file(path: Path, options: ReadOptions | None = None) -> Ingested:
    """Read one file. Errors name the path as given; Ingested.source is the file name.
    options: progress and cancel of a long read (OCR), and an OCR engine to reuse."""
    where = str(path)
    try:  # a folder on the way that may not be entered makes even exists() fail
        exists, is_dir = path.exists(), path.is_dir()
    except OSError as e:
        raise IngestError(where, f"无法读取文件（{os_error_text(e)}）") from None
    if not exists:
        raise IngestError(where, "找不到文件")
    if is_dir:
        raise IngestError(where, "这是文件夹，不是文件")
    named = _check_suffix(where, path.suffix.lower())
    try:
        size = path.stat().st_size
    except OSError as e:
        raise IngestError(where, f"无法读取文件（{os_error_text(e)}）") from None
    _check_size(where, named, size)
    try:
        data = path.read_bytes()
    except OSError as e:
        raise IngestError(where, f"无法读取文件（{os_error_text(e)}）") from None
    try:
        return ingest_bytes(data, path.name, options)
    except IngestError as e:
        raise IngestError(where, e.problem) from None


def ingest_bytes(data: bytes, name: str, options: ReadOptions | None = None) -> Ingested:
    """Read a file's bytes: the suffix of `name` names the format, unless the bytes plainly
    are another (a .docx saved as .doc is read as .docx)."""
    named = _check_suffix(name, Path(name).suffix.lower())
    _check_size(name, named, len(data))
    chosen = registry.choose(Path(name).suffix, data) or named
    digest = hashlib.sha256(data).hexdigest()
    read = chosen.read(data, name, options or ReadOptions())
    text, notes = to_simplified(_within_limits(read.text, name))
    paragraphs = _normalize(text, rewrap=read.rewrap)  # a .txt's rewrap is None: normalize()
    if not paragraphs:
        raise IngestError(name, NO_TEXT)
    warnings = read.warnings + notes
    return Ingested(name, digest, read.format, read.encoding, paragraphs, warnings, read.recognised)


def ingest_text(text: str, name: str = PASTE_NAME) -> Ingested:
    """Pasted text: the same clean-up as a .txt file."""
    simplified, notes = to_simplified(_within_limits(text, name))
    paragraphs = normalize(simplified)
    if not paragraphs:
        raise IngestError(name, "内容为空")
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    return Ingested(name, digest, "paste", "", paragraphs, notes)


def _within_limits(text: str, name: str) -> str:
    """`text`, unless it holds more characters or paragraphs than any reply (a bomb, a dump):
    checked before the clean-up, whose time grows with the text."""
    if len(text) > MAX_CHARS:
        raise IngestError(
            name, f"文字过多（{len(text):,} 字，上限为 {MAX_CHARS:,} 字），不像一份答复或提案"
        )
    lines = text.count("\n") + 1
    if lines > MAX_PARAGRAPHS * 2:  # blank lines separate paragraphs: allow for them
        raise IngestError(
            name, f"段落过多（{lines:,} 行，上限为 {MAX_PARAGRAPHS:,} 段），不像一份答复或提案"
        )
    return text


def check_zip(data: bytes, name: str, what: str = ".docx") -> None:
    """Refuse a zip whose directory declares more than a document unpacks to, or members
    inflating past MAX_RATIO: a zip bomb is stopped before a byte of it is inflated."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            members = zf.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError) as e:
        raise IngestError(
            name, f"不是有效的 {what} 文件（zip 目录已损坏：{str(e)[:80]}）"
        ) from None
    if len(members) > 10_000:
        raise IngestError(name, f"不是有效的 {what} 文件（含 {len(members):,} 个部件，过多）")
    total = 0
    for member in members:
        size = member.file_size
        total += size
        if member.filename.lower().endswith((".xml", ".rels")) and size > MAX_MEMBER_XML_BYTES:
            raise IngestError(
                name,
                f"{what} 文件的 {member.filename} 解压后过大（{_mb(size)}，上限为 "
                f"{_mb(MAX_MEMBER_XML_BYTES)}），可能是恶意构造的文件",
            )
        if size > RATIO_FLOOR and size > MAX_RATIO * max(1, member.compress_size):
            raise IngestError(
                name,
                f"{what} 文件的 {member.filename} 压缩比异常（{size // max(1, member.compress_size):,} 倍，"
                f"上限为 {MAX_RATIO} 倍），可能是恶意构造的文件",
            )
    if total > MAX_UNPACKED_BYTES:
        raise IngestError(
            name,
            f"{what} 文件解压后过大（{_mb(total)}，上限为 {_mb(MAX_UNPACKED_BYTES)}），"
            "可能是恶意构造的文件",
        )


def _check_suffix(name: str, suffix: str) -> registry.Format:
    if suffix in UNSUPPORTED_DOCUMENTS:
        raise IngestError(name, UNSUPPORTED_DOCUMENTS[suffix])
    named = registry.by_suffix(suffix)
    if named is None:
        what = f"不支持 {suffix} 文件" if suffix else "文件没有扩展名"
        raise IngestError(name, f"{what}，请使用 {registry.suffix_list()} 文件")
    return named


def _check_size(name: str, named: registry.Format, size: int) -> None:
    if size > named.max_bytes:
        suffix = Path(name).suffix.lower()
        kind = "文本文件" if named.name == "txt" else f"{suffix} 文件"
        raise IngestError(name, f"文件过大（{_mb(size)}，{kind}上限为 {_mb(named.max_bytes)}）")
    if size == 0:
        raise IngestError(name, "文件为空")


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


# The reasons a user meets, in Chinese; for the rest the system's own text (on Windows it is
# in the system's language already).
_OS_REASONS = {
    errno.EACCES: "没有访问权限",
    errno.EPERM: "没有访问权限",
    errno.ENOENT: "路径不存在",
    errno.EBUSY: "文件正被其他程序占用",
    errno.EIO: "磁盘读写错误",
    errno.ENAMETOOLONG: "文件名或路径过长",
}
_WINDOWS_REASONS = {32: "文件正被其他程序占用", 33: "文件已被其他程序锁定"}


def os_error_text(e: OSError) -> str:
    """Why a file or folder could not be read, short, for a message to the user."""
    winerror = getattr(e, "winerror", None)
    if winerror in _WINDOWS_REASONS:
        return _WINDOWS_REASONS[winerror]
    if e.errno in _OS_REASONS:
        return _OS_REASONS[e.errno]
    return e.strerror or str(e)


# --- Text encodings: readers/text.py ----------------------------------------------------------

_HAN = re.compile("[\u4e00-\u9fff]")


# --- shared by the readers -------------------------------------------------------------------


_PAGE_NUMBER = re.compile(
    r"^(?:[-—–―－~]+\s*\d{1,4}\s*[-—–―－~]+"
    r"|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"
    r"|共\s*\d{1,4}\s*页\s*[,，]?\s*第\s*\d{1,4}\s*页"
    r"|\d{1,4}\s*/\s*\d{1,4}"
    r"|(?i:page)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?)$"
)


def _is_latin(char: str) -> bool:
    return bool(char) and char.isascii() and not char.isspace()


# --- normalize: characters and lines ---------------------------------------------------------


def _char_table() -> dict[int, str | None]:
    table: dict[int, str | None] = {}
    for c in "\u00a0\u1680\u202f\u205f\u3000\t\v":
        table[ord(c)] = " "
    for cp in range(0x2000, 0x200B):
        table[cp] = " "
    for c in "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e\u200e\u200f":
        table[ord(c)] = None
    for cp in [*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F, *range(0x80, 0xA0)]:
        table[cp] = None
    for c in "\r\f\x85\u2028\u2029":
        table[ord(c)] = "\n"
    # Colons that look like ： (∶ RATIO, typed by some input methods and read by OCR; the
    # small and vertical forms): labels ("提案人∶王建国") were not read.
    for c in "\u2236\ufe55\ufe13\ufe30":
        table[ord(c)] = "："
    # Full-width digits (第０２１５号, ２０２５年): the numbers as replies print them and
    # searches match them.
    for cp in range(0xFF10, 0xFF1A):
        table[cp] = chr(cp - 0xFF10 + 0x30)
    # PDFs made by some Word versions give Kangxi radicals (⾦) for the ideographs (金).
    for cp in range(0x2F00, 0x2FD6):
        table[cp] = unicodedata.normalize("NFKC", chr(cp))
    return table


_CHARS = _char_table()
_CJK = (
    "\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
    "\ufe30-\ufe4f\uff00-\uffef\u201c\u201d\u2018\u2019\u2014\u2026"
)
# A space between two CJK characters is an artefact of PDF extraction or justification,
# unless a field label follows it ("办理结果：解决或采纳 签发人：詹镭").
_CJK_SPACE = re.compile(rf"(?<=[{_CJK}]) (?=[{_CJK}])(?![\u4e00-\u9fff]{{2,8}}[：:])")
_SPACES = re.compile(r" {2,}")
# Fields whose value is a list: a single space parts two names or two units.
_LIST_FIELD = re.compile(rf"^(?:{'|'.join(genre.LIST_LABELS)})\s*[:：|]")


def _strip_line(line: str) -> str:
    return line.strip(" \t\n")


def _clean_line(line: str) -> str:
    """Strip, drop spaces between CJK characters, collapse runs of spaces to one."""
    line = line.strip(" ")
    if " " not in line:
        return line
    bare = _BARE_FIELD.match(line)
    if bare and len(line) <= 80:  # the space is the lost cell border: "发布机构 科经委"
        return f"{_canonical_label(bare.group(1))}：{_clean_line(bare.group(2))}"
    if _LIST_FIELD.match(line):  # "提案人：张伟 李娜 王磊": the spaces part the names
        return re.sub(r"\s+", " ", line)
    parts = _SPACES.split(line)  # a run of spaces separates fields: keep it as one space
    return " ".join(_CJK_SPACE.sub("", part) for part in parts)


def _display_width(line: str) -> int:
    return len(line) + len(_WIDE.findall(line))


_WIDE = re.compile(
    "[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60"
    "\uffe0-\uffe6\u201c\u201d\u2018\u2019\u2014\u2026\U00020000-\U0003fffd]"
)


# --- normalize: clutter and metadata ---------------------------------------------------------

# Labels of the facts a published document carries, and of proposal forms: genre's.
_META_LABELS = genre.META_LABELS
_FORM_LABELS = genre.FORM_LABELS
# Web-page fields that are not document text: dropped wherever they stand.
_CLUTTER_LABELS = """
浏览次数 浏览量 浏览 点击数 点击量 点击率 阅读次数 阅读量 阅读数 访问量 访问次数 字号 字体 编辑
责任编辑 审核 审核人 作者 打印 关闭 分享 分享到 收藏
""".split()
_JUNK_VALUES = {"佚名", "本站原创", "本站", "原创", "admin", "管理员", "系统管理员", "网站管理员"}
_BARE_LABELS = genre.BARE_LABELS


def _label_pattern(labels: Iterable[str]) -> str:
    # Longest first, so 发布日期 wins over 日期; web pages write "文 号" and "类 别" too.
    ordered = sorted(set(labels), key=len, reverse=True)
    return "|".join(r"\s?".join(map(re.escape, label)) for label in ordered)


_ALL_FIELD_LABELS = [*_META_LABELS, *_CLUTTER_LABELS]
_FIELD = re.compile(rf"(?:^|(?<=[\s|】\]]))[【\[]?\s*({_label_pattern(_ALL_FIELD_LABELS)})\s*[:：]")
_BARE_FIELD = re.compile(rf"^({_label_pattern(_BARE_LABELS)})\s+([^\s:：].*)$")
_LABEL_ONLY = re.compile(
    rf"^({_label_pattern([*_META_LABELS, *_FORM_LABELS, *_CLUTTER_LABELS])})\s*[:：]?$"
)
_CLUTTER_SET = set(_CLUTTER_LABELS)

_BREADCRUMB = re.compile(
    r"^(?:您?(?:当前|现在|目前)的?(?:所在)?位置|当前位置|所在位置)\s*(?:[:：>]|首页|$)"
    r"|^(?:网站)?首页\s*(?:>>|>|/|»|›|→|＞|\\|-)"
    r"|^[^。，]{0,60}(?:>>|»|›|＞)[^。，]{0,60}(?:>>|»|›|＞)[^。，]{0,60}$"
)
_NAV_PREFIX = re.compile(
    r"^(?:上一条|下一条|上一篇|下一篇|上一页|下一页|相关链接|相关文章|相关阅读|相关新闻|相关稿件"
    r"|分享到|站内搜索|全站搜索|扫一扫|扫描二维码|今天是\s*(?:[:：]|\d|$))"
)
# Next to a QR code ("扫一扫获取" / "最新情报资讯"): short lines of advertising.
_QR_AD = re.compile(r"^[^。，,；;：:]{0,12}$")
# The words of web toolbars (accessibility, language, share, print); a line made only of
# them is navigation, not text.
_TOOLBAR_WORDS = """
拼音 辅助浏览 轻松阅读 读屏 视图 放大 缩小 配色 白底黑字蓝链接 蓝底黄字白链接 黄底黑字蓝链接
黑底黄字白链接 页面原始配色 大鼠标 辅助线 显示屏 声音 指读 连读 减速 加速 音量 增加音量 减小音量
后退 前进 全屏 刷新 退出 帮助 换肤 无障碍 无障碍浏览 适老化 长者模式 关怀版 长辈版 微博 微信
手机版 简体版 繁体版 简体 繁体 繁體 登录 注册 打印 打印本页 打印此页 打印本文 关闭 关闭窗口
关闭本页 收藏 加入收藏 设为首页 分享 分享到 返回顶部 返回 顶部 网站地图 联系我们 扫一扫
扫一扫在手机打开当前页 扫一扫在手机上查看当前页面 手机扫一扫 网民留言 我要纠错 纠错 Document
English 保存 字号 字体 默认 大字 视力保护色 智能问答 我要留言 网站导航 返回列表
""".split()
_TOOLBAR_SET = set(_TOOLBAR_WORDS)
_TOOLBAR_CHARS = frozenset("".join(_TOOLBAR_WORDS))
_TOOLBAR_SEPARATORS = re.compile(r"[\s|/·•【】\[\]()（）<>《》:：,，-]+")
_FOOTER_STRONG = re.compile(
    r"ICP|公网安备|网安备|备案编号|备案号|备案序号|版权所有|Copyright|©|技术支持\s*[:：]"
    r"|网站标识码|网站识别码|分辨率|IE\s*\d+\s*以上|浏览器",
    re.IGNORECASE,
)
_FOOTER_WEAK = re.compile(r"^(?:主办单位|主办|EMAIL|E-mail|邮箱|地址|邮编|电话|传真)\s*[:：]", re.I)
_FOOTER_HOST = re.compile(r"^主办(?:单位)?\s*[:：].*(?:地址|邮编|电话|ICP|承办)")
_HAS_WORD = re.compile(r"[0-9A-Za-z\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_SOURCE_LINE = re.compile(r"^SOURCE:\s*https?://")
_DECORATION = re.compile(r"^(?:[•·●▪◆]\s*|[-*]\s+|\|\s*)|\s*\|$")
# What a line keeps of its decoration: a "- " or "●" may be the author's; "•" and table
# bars come from the web page.
_LIGHT_DECORATION = re.compile(r"^(?:[•·]\s*|\|\s*)|\s*\|$")


def _segments_into(text: str, words: set[str]) -> bool:
    """Whether `text` is a concatenation of `words` ("登录注册" = 登录 + 注册)."""
    if not text:
        return False
    longest = max(map(len, words))
    reach = [True] + [False] * len(text)
    for end in range(1, len(text) + 1):
        for size in range(1, min(longest, end) + 1):
            if reach[end - size] and text[end - size : end] in words:
                reach[end] = True
                break
    return reach[-1]


def _is_toolbar(line: str) -> bool:
    text = _TOOLBAR_SEPARATORS.sub("", line)
    return _TOOLBAR_CHARS.issuperset(text) and _segments_into(text, _TOOLBAR_SET)


def _undecorate(line: str) -> tuple[str, bool]:
    """A line without its list bullet or table bar, and whether it had one."""
    core = line
    for _ in range(2):  # "| x |" has a bar on both sides
        core = _DECORATION.sub("", core, count=1).strip()
    return core, core != line.strip()


def _canonical_label(label: str) -> str:
    return re.sub(r"\s", "", label)


def _field_lines(line: str) -> list[str] | None:
    """Split a line made only of "label: value" fields into "label：value" lines, without
    the web fields (浏览次数, 字号) and the empty ones. None when the line is not such a line."""
    if not _FIELD.match(line):
        return None
    matches = list(_FIELD.finditer(line))
    out: list[str] = []
    for m, following in zip(matches, [*matches[1:], None], strict=True):
        label = _canonical_label(m.group(1))
        value = line[m.end() : following.start() if following else len(line)]
        value = value.strip(" |】]【[")
        if label in _CLUTTER_SET or value in _JUNK_VALUES or not _HAS_WORD.search(value):
            continue
        out.append(f"{label}：{value}")
    return out


def _pipe_fields(cells: list[str]) -> list[str] | None:
    """A table row "索引号 | X | 发布机构 | Y |" as fields; None for a row of other text."""
    cells = [c.strip() for c in cells]
    while cells and not cells[-1]:
        cells.pop()
    if not cells or not _LABEL_ONLY.match(cells[0]):
        return None
    out: list[str] = []
    i = 0
    while i < len(cells):
        m = _LABEL_ONLY.match(cells[i])
        if not m:
            return None  # a value without a label: not a metadata row
        label = _canonical_label(m.group(1))
        value = ""
        if i + 1 < len(cells) and not _LABEL_ONLY.match(cells[i + 1]):
            value = cells[i + 1]
            i += 1
        i += 1
        if value and label not in _CLUTTER_SET and value not in _JUNK_VALUES:
            out.append(f"{label}：{value}")
    return out


def _metadata_and_clutter(lines: list[str]) -> list[str]:
    """Rewrite metadata into "label：value" lines and drop web clutter; "" stays a blank."""
    out: list[str] = []
    first_text = next((i for i, ln in enumerate(lines) if ln.strip()), -1)
    footer_near, qr_near = _footer_neighbourhood(lines)
    i = 0
    while i < len(lines):
        raw = lines[i]
        line = raw.strip()
        i += 1
        if not line:
            out.append("")
            continue
        if i - 1 == first_text and _SOURCE_LINE.match(line):
            continue
        core, decorated = _undecorate(line)
        # Pairs written one cell per line: "- 索引号" / "- X", "代表姓名 |" / "王福余 |".
        label = _LABEL_ONLY.match(core) if decorated else None
        if label:
            name = _canonical_label(label.group(1))
            j = i
            while j < len(lines) and not lines[j].strip():
                j += 1
            value = _undecorate(lines[j].strip())[0] if j < len(lines) else ""
            if value and not _LABEL_ONLY.match(value) and not _is_clutter(value, False):
                i = j + 1
                if name not in _CLUTTER_SET and value not in _JUNK_VALUES:
                    out.append(f"{name}：{value}")
            continue  # a label whose value is missing says nothing
        if "|" in core:
            fields = _pipe_fields(core.split("|"))
            if fields is not None:
                out.extend(fields)
                continue
        fields = _field_lines(core)
        if fields is not None:
            out.extend(fields)
            continue
        if (
            _is_clutter(line, footer_near[i - 1])
            or (decorated and _is_clutter(core, footer_near[i - 1]))
            or (qr_near[i - 1] and _QR_AD.match(core))
        ):
            continue
        out.append(_LIGHT_DECORATION.sub("", line).strip() or line)
    return out


def _footer_neighbourhood(lines: list[str]) -> tuple[list[bool], list[bool]]:
    """Lines within two text lines of a site footer (ICP, 版权所有, 技术支持), and lines
    within three after a QR-code caption (扫一扫)."""
    texts = [i for i, ln in enumerate(lines) if ln.strip()]
    footer = [False] * len(lines)
    qr = [False] * len(lines)
    for pos, i in enumerate(texts):
        line = lines[i]
        if len(line) <= 160 and _FOOTER_STRONG.search(line):
            for k in texts[max(0, pos - 2) : pos + 3]:
                footer[k] = True
        if line.startswith(("扫一扫", "扫描二维码")):
            for k in texts[pos + 1 : pos + 4]:
                qr[k] = True
    return footer, qr


def _is_clutter(line: str, near_footer: bool) -> bool:
    if not _HAS_WORD.search(line):
        # "|", "(", "——": nothing to read; but "。" or "）" is the end of the line before.
        return line[0] not in _CONTINUATION_START
    if len(line) <= 160 and (
        _BREADCRUMB.match(line)
        or _NAV_PREFIX.match(line)
        or _PAGE_NUMBER.match(line)
        or _FOOTER_STRONG.search(line)
        or _FOOTER_HOST.match(line)
    ):
        return True
    if near_footer and _FOOTER_WEAK.match(line):
        return True
    return len(line) <= 80 and _is_toolbar(line)


# --- normalize: paragraphs -------------------------------------------------------------------

_FIELD_START = re.compile(
    r"^[^\s：:，。]{0,8}?(?:联系人|联系电话|联系地址|通讯地址|邮政编码|邮编|抄送|办理结果|签发人"
    r"|公开属性|公开类别|附件|主送|电话|传真|地址|承办单位|主办单位|协办单位|会办单位|答复类别"
    r"|办理类别|印发|索引号|文号|发布机构|发布日期|发布时间|成文日期)[^\s：:，。]{0,3}[：:]"
)
_DATE_LINE = re.compile(
    r"^(?:\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|[〇○零一二三四五六七八九十]{4}年"
    r"[一二三四五六七八九十]{1,2}月[一二三四五六七八九十]{1,3}日|\d{4}[-./]\d{1,2}[-./]\d{1,2}"
    r"(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?)\s*(?:印发)?$"
)
_TITLE_END = re.compile("(?:" + "|".join(genre.TITLE_ENDINGS) + ")$")
_NEW_START = re.compile(r"^(?:尊敬的|抄送|（此件|\(此件|此件公开|特此)")
# A proposal form's field ("提案者：…") starts a line of its own, even after a wrapped one.
_FORM_FIELD = re.compile(
    rf"^(?:{_label_pattern([*_FORM_LABELS, *genre.HEADER_FIELD_LABELS, *genre.PROPOSAL_PART_LABELS])})"
    r"\s*[:：]"
)
# Fields naming people or units: their value never goes on with a sentence of text.
_NAMES_KEYS = ("proposers", "co_proposers", "lead_unit", "co_units")
_NAMES_FIELD = re.compile(
    rf"^(?:{_label_pattern(lb for k in _NAMES_KEYS for lb in genre.FIELD_LABELS[k])})\s*[:：]"
)
# After a page break, a paragraph is also more likely to start with these than to go on.
_NEW_START_LOOSE = re.compile(r"^(?:关于|附件)")


def normalize(text: str) -> list[str]:
    """Raw text (any source) into clean paragraphs; see the module docstring."""
    return _normalize(text, rewrap=None)


def _normalize(text: str, rewrap: bool | None) -> list[str]:
    """rewrap: True/False forces re-joining hard-wrapped lines; None decides from the text."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").translate(_CHARS))
    lines = [_clean_line(line) for line in text.split("\n")]
    lines = _metadata_and_clutter(lines)
    return _join_page_breaks(_assemble(lines, rewrap))


def _assemble(lines: list[str], rewrap: bool | None) -> list[str]:
    """Lines into paragraphs: one per line, or re-joined when the text is hard-wrapped."""
    width = _wrap_width(lines) if rewrap is None or rewrap else None
    if width is None:
        return [line for line in lines if line]
    texts = [i for i, line in enumerate(lines) if line]
    widths = {i: _display_width(lines[i]) for i in texts}
    full = {i for i in texts if widths[i] >= width - max(4, width // 10)}
    # The usual width of a full line. A paragraph's first line was indented two characters
    # in the original, so it is shorter by about four columns: after a full line that ends
    # a sentence, a line of the usual width goes on the paragraph, a shorter one starts one.
    usual = Counter(widths[i] for i in full).most_common(1)[0][0] if full else width
    # A blank after (nearly) every line means nothing; blanks only here and there end
    # paragraphs.
    blank_after = sum(1 for i in full if i + 1 < len(lines) and not lines[i + 1])
    blanks_matter = blank_after < len(full) * 0.5

    paragraphs: list[list[str]] = []  # the pieces of each: joined once, at the end
    runs_on = False
    for pos, i in enumerate(texts):
        line = lines[i]
        if runs_on:
            paragraphs[-1] += [_joint(paragraphs[-1][-1], line), line]
        else:
            paragraphs.append([line])
        nxt = texts[pos + 1] if pos + 1 < len(texts) else None
        runs_on = (
            nxt is not None
            and i in full
            and not (blanks_matter and nxt > i + 1)
            and _may_continue(line, lines[nxt], full_line=True, after_stop=widths[nxt] >= usual - 2)
        )
    return ["".join(pieces) for pieces in paragraphs]


def _wrap_width(lines: list[str]) -> int | None:
    """The line width (in half-width columns) of hard-wrapped text, or None when the lines
    are paragraphs: many lines of nearly one width, hardly any longer."""
    widths = [_display_width(line) for line in lines if line and "|" not in line]
    long_enough = [w for w in widths if w >= 16]
    if len(long_enough) < 6:
        return None
    counts = Counter(long_enough)
    best, best_n = 0, 0
    for cand in sorted(counts):
        if not 30 <= cand <= 200:
            continue
        tol = max(4, cand // 10)
        n = sum(c for w, c in counts.items() if cand - tol <= w <= cand + 2)
        if n >= best_n:
            best, best_n = cand, n
    if best_n < 5 or best_n < len(long_enough) * 0.3:
        return None
    longer = sum(1 for w in long_enough if w > best + 4)
    if longer > max(1, len(long_enough) * 0.05):
        return None
    return best


def _bracket_open(text: str) -> bool:
    """Whether the line ends inside brackets: "…(责任部门:" goes on."""
    opened = max(text.rfind("("), text.rfind("（"))
    return opened > max(text.rfind(")"), text.rfind("）"))


def _ends_sentence(text: str) -> bool:
    stripped = text.rstrip(_CLOSERS)
    return bool(stripped) and stripped[-1] in _TERMINAL + "：:"


def _may_continue(
    prev: str, nxt: str, *, full_line: bool = False, after_stop: bool = False
) -> bool:
    """Whether `nxt` can be the rest of the paragraph that `prev` leaves open.

    full_line: `prev` is a line that reached the right margin (hard-wrapped text, PDF);
    after_stop: `prev` may even end a sentence (the layout says the paragraph goes on).
    """
    if not prev or not nxt or "|" in prev or "|" in nxt:
        return False
    stop = _ends_sentence(prev) and not _bracket_open(prev)
    # "、" cannot start a line of text: after an open sentence it is the rest of it; after a
    # full stop it may be a heading whose numeral was lost ("、对提案建议的答复").
    if nxt[0] in _CONTINUATION_START and not stop:
        return True
    if match_heading(nxt):
        return False
    if nxt[0] in _CONTINUATION_START:
        return True
    if stop and not after_stop:
        return False
    if _FIELD_START.match(nxt) or _FIELD.match(nxt) or _NEW_START.match(nxt):
        return False
    if _FORM_FIELD.match(nxt):
        return False
    if _DATE_LINE.match(nxt) or _DATE_LINE.match(prev):
        return False
    if _NAMES_FIELD.match(prev) and _ends_sentence(nxt) and len(nxt) > 16:
        return False  # "会办：区卫生健康委、区财政局" above the text's first sentence
    if full_line:  # a line cut at the margin: the next line goes on unless it cannot
        return True
    # A salutation ("民建长宁区委：") after a title; body text has commas, titles rarely.
    salutation = nxt[-1] in "：:" and len(nxt) <= 40 and "，" not in prev and "," not in prev
    return not (salutation or _NEW_START_LOOSE.match(nxt))


def _join_page_breaks(paragraphs: list[str]) -> list[str]:
    """Re-join a long paragraph that a page break cut mid-sentence ("加" / "大逆周期")."""
    out: list[list[str]] = []  # the pieces of each paragraph
    seen = ""  # the start and the end of the paragraph being built: all the tests look at
    for p in paragraphs:
        if out and _page_break_inside(seen, p):
            out[-1] += [_joint(seen, p), p]
            seen = _ends_of(seen + p)
        else:
            out.append([p])
            seen = _ends_of(p)
    return ["".join(pieces) for pieces in out]


def _ends_of(text: str) -> str:
    return text if len(text) <= 400 else text[:100] + text[-300:]


def _page_break_inside(prev: str, nxt: str) -> bool:
    if nxt[0] in _CONTINUATION_START and not match_heading(prev) and not match_heading(nxt):
        return "|" not in prev
    if len(prev) < 50 or prev[-1] in _CLOSERS:
        return False
    if "。" not in prev and (_TITLE_END.search(prev) or match_heading(prev)):
        return False  # a long title or heading, not a sentence cut short
    if not (_HAN.match(prev[-1]) or prev[-1].isalnum() or prev[-1] in "，,、“‘（(《—-"):
        return False
    return _may_continue(prev, nxt)


def _joint(a: str, b: str) -> str:
    """What goes between two pieces of one paragraph: nothing in Chinese, a space between
    Latin words (a layout wraps at their space); a number cut in two ("20" / "24") is one."""
    x, y = a[-1:], b[:1]
    if _is_latin(x) and _is_latin(y) and x.isalnum() and y.isalnum() and not (x + y).isdigit():
        return " "
    if x in ",.;:!?)" and _is_latin(a[-2:-1]) and y.isascii() and y.isalpha():
        return " "  # "care," / "so": English punctuation is followed by a space
    return ""
