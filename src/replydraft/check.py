"""Proofreading (校对) and completeness checks for replies, offline.

`check_paragraphs` runs every rule over a list of paragraphs and returns findings that point at
characters (paragraph index, start, end), each with a stable rule id, a severity, a Chinese
message and, where the correction is mechanical, a `Fix`. `apply_fixes` applies the fixes the
caller asks for and nothing else.

The rules catch the defects that reached published replies (reply-anatomy.md): heading
numerals that skip or vanish, dates with lost separators, ASCII punctuation inside Chinese
text, unbalanced brackets and quotes, Markdown and template leftovers, words split and
paragraphs broken by hard line breaks; plus consistency (proposal number, pronouns, 办理结果),
completeness (signature, date, contact, 抄送), coverage of the proposal's suggestions and
stale figures in reused paragraphs. Rules that need a fact (the proposal, the reply year, the
provenance of paragraphs) skip when the context does not give it. The rules are tuned for few
false alarms: anything that is only probably wrong is a warning or an info, never an error.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rapidfuzz import fuzz, process

from replydraft.atomic import write_text_atomic
from replydraft.numbering import Heading, marker, match_heading, ordinal_clauses, to_chinese
from replydraft.profiles import BureauProfile
from replydraft.records import Draft, Kind, Parsed, Source

if TYPE_CHECKING:
    from replydraft.tokenize import Tokenizer


class Severity(StrEnum):
    ERROR = "error"  # the text must not go out like this
    WARNING = "warning"  # very probably wrong: look at it
    INFO = "info"  # worth a look; often deliberate


@dataclass(frozen=True)
class Fix:
    """Replace paragraph[start:end] with `replacement`."""

    start: int
    end: int
    replacement: str


@dataclass(frozen=True)
class Finding:
    """One problem: `paragraph` is a 0-based index into the checked paragraphs, `start`/`end`
    character offsets in that paragraph (start == end marks a place, e.g. where a part is
    missing). Messages count paragraphs from 1, as a reader does."""

    rule: str
    severity: Severity
    message: str
    paragraph: int
    start: int
    end: int
    fix: Fix | None = None
    excerpt: str = ""

    def to_dict(self) -> dict[str, Any]:
        fix = self.fix
        return {
            "rule": self.rule,
            "severity": self.severity.value,
            "message": self.message,
            "paragraph": self.paragraph,
            "start": self.start,
            "end": self.end,
            "excerpt": self.excerpt,
            "fix": None
            if fix is None
            else {"start": fix.start, "end": fix.end, "replacement": fix.replacement},
        }


@dataclass(frozen=True)
class RuleInfo:
    id: str
    severity: Severity  # the usual severity; a few rules lower it where the text is not a draft
    description: str
    fixable: bool = False


_E, _W, _I = Severity.ERROR, Severity.WARNING, Severity.INFO
_RULE_TABLE: list[tuple[str, Severity, str, bool]] = [
    ("heading.lost-numeral", _E, "标题序号丢失（如“、对提案建议的答复”）", True),
    ("heading.gap", _E, "标题序号跳号，或同级第一个序号不是一", False),
    ("heading.duplicate", _E, "标题序号重复或倒序", False),
    ("heading.marker", _W, "标题序号格式不规范：半角括号(一)、“一.”等", True),
    ("heading.empty", _W, "标题下没有正文", False),
    ("ordinal.sequence", _W, "“一是、二是……”顺序有误：跳号、重复或缺少“一是”", False),
    ("date.lost-separator", _E, "日期丢了“年月日”（如“2025421”）", True),
    ("date.invalid", _E, "不存在的日期（如2月30日、13月）", False),
    ("date.zero-padding", _W, "月、日前补了零（应写2025年5月7日）", True),
    ("date.iso", _I, "中文行文中使用“2025-05-07”式日期", True),
    ("date.short-year", _W, "年份未写全（如“23年7月”）", True),
    ("date.far", _W, "落款日期与答复年度不符", False),
    ("punct.ascii", _W, "中文之间使用了半角标点，应为全角", True),
    ("punct.mixed-width", _I, "全文混用全角和半角标点（汇总）", False),
    ("punct.unbalanced", _E, "括号、引号、书名号不成对", False),
    ("punct.doubled", _W, "标点重复（“，，”“。。”）", True),
    ("punct.salutation-colon", _W, "主送称谓后缺少全角冒号", True),
    ("docnum.bracket", _E, "文号年份应使用六角括号〔〕", True),
    ("docnum.format", _W, "文号序号不加“第”、不编虚位（不写061）", True),
    ("leftover.markdown", _E, "残留Markdown标记（**加粗**、# 标题）", True),
    ("leftover.template", _E, "残留未渲染的模板字段（{{ }}、{% %}）", False),
    ("leftover.pinyin", _W, "汉字后夹带拼音注音（如“關(guān)”），网页转载的残留", True),
    ("leftover.placeholder", _E, "残留占位符（【待填写】、XXX、×××、某某）", False),
    ("layout.line-break", _W, "段落内有换行符", True),
    ("layout.broken-paragraph", _W, "一段话被硬换行拆成了几段", False),
    ("layout.split-word", _W, "词语被断行拆开（如“加/大”）", False),
    ("consistency.number", _E, "标题与正文中的提案编号不一致", True),
    ("consistency.title", _W, "开头引用的提案标题与所答复提案不一致", False),
    ("consistency.pronoun", _W, "称谓（您/你们）与主送不一致", True),
    ("consistency.salutation", _I, "主送与提案人不一致", False),
    ("consistency.result", _W, "办理结果与答复措辞不符", False),
    ("consistency.self-reference", _W, "自称（我委/我局……）与本单位不符", True),
    ("complete.title", _E, "缺少标题", False),
    ("complete.salutation", _E, "缺少主送", False),
    ("complete.signature", _E, "缺少落款单位", False),
    ("complete.date", _E, "缺少成文日期", False),
    ("complete.contact", _E, "缺少联系人或联系电话", False),
    ("complete.cc", _E, "缺少抄送", False),
    ("complete.doc-number", _E, "缺少文号", False),
    ("complete.signer", _E, "缺少签发人", False),
    ("complete.result", _E, "缺少办理结果", False),
    ("complete.disclosure", _E, "缺少公开属性", False),
    ("coverage.suggestion", _W, "提案的建议没有逐条答复", False),
    ("stale.year", _W, "沿用的段落含有较早年份的数据", False),
    ("stale.relative", _W, "沿用的段落含“目前、今年”等时间词和数据", False),
    ("stale.period", _W, "沿用的段落引用已到期的政策期限", False),
    ("names.near-miss", _W, "单位名称与词表中的名称相近，可能写错", True),
]
RULES: dict[str, RuleInfo] = {r[0]: RuleInfo(*r) for r in _RULE_TABLE}

# profile.require keys -> the rule that checks them.
_REQUIREMENTS = {
    "title": "complete.title",
    "salutation": "complete.salutation",
    "signature": "complete.signature",
    "date": "complete.date",
    "contact": "complete.contact",
    "cc": "complete.cc",
    "doc_number": "complete.doc-number",
    "signer": "complete.signer",
    "result": "complete.result",
    "disclosure": "complete.disclosure",
}
DEFAULT_REQUIRE = ("signature", "date", "contact")


# --- Word list ------------------------------------------------------------------------------


class WordList:
    """A bureau's word list: names of units, officials and places, one per line.

    The file is plain UTF-8 text; blank lines and lines starting with '#' are ignored. Known
    names are never flagged, and a name in the salutation, signature or 抄送 that is close to
    a known one but not equal is reported as a probable misspelling.
    """

    HEADER = "# replydraft 词表：单位、人名、地名，每行一个；以 # 开头的行是注释\n"

    def __init__(self, terms: Iterable[str] = ()) -> None:
        self._terms: list[str] = []
        self._known: set[str] = set()
        self._pattern: re.Pattern[str] | None = None
        for term in terms:
            self.add(term)

    @classmethod
    def parse(cls, text: str) -> WordList:
        lines = (line.strip() for line in text.splitlines())
        return cls(line for line in lines if line and not line.startswith("#"))

    @classmethod
    def load(cls, path: str | Path) -> WordList:
        """Read a word list; a file that is not UTF-8 text raises ValueError naming it."""
        path = Path(path)
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ValueError(
                f"{path.name}: 词表不是 UTF-8 文本（第{exc.start + 1}个字节无法解码），请另存为 UTF-8 编码后再试"
            ) from exc
        return cls.parse(text)

    def save(self, path: str | Path) -> None:
        """Write the list (one term a line), atomically. Comments of the old file are not kept."""
        write_text_atomic(Path(path), self.HEADER + "".join(t + "\n" for t in self._terms))

    def add(self, term: str) -> None:
        term = term.strip()
        if term and term not in self._known:
            self._terms.append(term)
            self._known.add(term)
            self._pattern = None

    @property
    def terms(self) -> list[str]:
        return list(self._terms)

    def __contains__(self, term: object) -> bool:
        return isinstance(term, str) and term.strip() in self._known

    def __len__(self) -> int:
        return len(self._terms)

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._terms))

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Where known terms occur in `text` (longest first at each place)."""
        if not self._terms:
            return []
        if self._pattern is None:
            ordered = sorted(self._terms, key=len, reverse=True)
            self._pattern = re.compile("|".join(re.escape(t) for t in ordered))
        return [m.span() for m in self._pattern.finditer(text)]

    def nearest(self, name: str, extra: Iterable[str] = (), cutoff: float = 85.0) -> str | None:
        """A known term close to `name` but not equal to it, or None."""
        pool = [*self._terms, *(e for e in extra if e)]
        if not pool or name in pool:
            return None
        best = process.extractOne(name, pool, scorer=fuzz.ratio, score_cutoff=cutoff)
        return None if best is None else str(best[0])


# --- Context --------------------------------------------------------------------------------


@dataclass
class CheckContext:
    """What the rules may know besides the text; every fact is optional."""

    proposal: Parsed | None = None  # the proposal answered (suggestions, number, title, proposers)
    profile: BureauProfile | None = None  # completeness requirements (profile.require), names
    wordlist: WordList | None = None
    sources: list[Source | None] | None = None  # provenance per paragraph (stale reuse)
    roles: list[str] | None = None  # render role per paragraph when known (render.ROLES)
    year: int | None = None  # the session / reply year
    tokenizer: Tokenizer | None = None  # one jieba load serves many checks
    # A draft being written: leftovers and missing parts are errors. Archived published text
    # (False) gets them as warnings/infos: ××× there is usually deliberate anonymisation.
    draft: bool = True
    result: str = ""  # the 办理结果 when known outside the text (draft header, parsed record)
    # What must be present (keys of profile.require); None: the profile's, else the defaults.
    require: list[str] | None = None


# --- Character classes and shared patterns --------------------------------------------------

_HAN_RANGES = (("\u3400", "\u9fff"), ("\uf900", "\ufaff"))


def _is_han(c: str) -> bool:
    return any(a <= c <= b for a, b in _HAN_RANGES)


def _is_cjk(c: str) -> bool:
    """A Han character or Chinese punctuation: the neighbourhood that wants full-width marks."""
    return _is_han(c) or "\u3000" < c <= "\u303f" or "\uff01" <= c <= "\uff60" or c in "“”‘’…—·"


_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_URL = re.compile(
    r"(?:https?://|www\.)[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+|[\w.+-]+@[\w-]+\.[\w.]+"
)
# Where a sentence (or a line that needs nothing more) may end.
_TERMINAL = set("。！？；：…”’）》」』】〕.!?;:)\"'")
_SENTENCE_PUNCT = re.compile(r"[，。；：、！？,;:]")
_FULL_DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_DATE_LINE = re.compile(
    r"^\s*(?:(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|(?:19|20)\d{4,6})\s*(?:\n|$)"
)
# "联系电话：…", "抄送：…", "发布日期:…": a label line, not running text.
_LABEL = re.compile(
    r"^\s*(?:[\u4e00-\u9fff]{0,6}(?:联系人|电话|手机|传真|地址|邮编|邮政编码|姓名|单位|抄送|主送|"
    r"办理结果|公开属性|公开类别|签发人|承办人|分管领导|类\s*别|文\s*号|编号|索引号|发布机构|"
    r"日期|时间|来源|作者|审核|编辑|浏览次数|点击数|字号))\s*[:：|]"
)
# Any "标签：内容" line: web metadata and form fields ("题目:…", "技术支持:…").
_FIELD = re.compile(r"^\s*[\u4e00-\u9fff]{1,6}\s*[:：]\s*\S")
_TITLE_END = re.compile(r"(?:答复|复函|的函|意见|提案|建议|通知|回复|续复|答复函)\s*$")
_OPENING = re.compile(
    r"收悉|答复如下|函复如下|复函如下|函告如下|回复如下|现答复|现将.{0,20}答复|提出的"
)
_SALUTATION_TAIL = re.compile(r"(?:委员|代表|委員|同志|先生|女士)\s*[:：]?$")
_HELLO = re.compile(r"^(.*?)[,，]\s*您好\s*[!！。]?$")
_PERSONS = re.compile(r"^(.*?)(等)?\s*(?:\d+\s*(?:名|位|人))?\s*(委员|代表|委員|同志)$")
_LEVEL_ROLES = {f"heading{n}": n for n in range(1, 5)}
_BODY_ROLES = {"", "body"}  # roles that hold running text (headings aside)


def _excerpt(text: str, start: int, end: int, width: int = 8) -> str:
    a, b = max(0, start - width), min(len(text), max(end, start) + width)
    return ("…" if a else "") + text[a:b].replace("\n", "↵") + ("…" if b < len(text) else "")


def _year_of(iso: str) -> int | None:
    m = re.match(r"\s*((?:19|20)\d{2})", iso or "")
    return int(m.group(1)) if m else None


def _valid_date(y: int, m: int, d: int) -> bool:
    try:
        dt.date(y, m, d)
    except ValueError:
        return False
    return True


def _cn_date(y: int, m: int, d: int) -> str:
    return f"{y}年{m}月{d}日"


# --- The document under check ---------------------------------------------------------------


class _Chain:
    """Consecutive paragraphs that are one paragraph broken by hard line breaks."""

    def __init__(self, doc: _Doc, indexes: list[int]) -> None:
        self.indexes = indexes
        self.offsets: list[int] = []
        parts: list[str] = []
        pos = 0
        for i in indexes:
            self.offsets.append(pos)
            parts.append(doc.paragraphs[i])
            pos += len(doc.paragraphs[i])
        self.text = "".join(parts)

    def locate(self, pos: int) -> tuple[int, int]:
        k = bisect.bisect_right(self.offsets, pos) - 1
        return self.indexes[k], pos - self.offsets[k]


class _Doc:
    """The paragraphs with what several rules need: roles, headings, hard-wrap chains."""

    def __init__(self, paragraphs: list[str], ctx: CheckContext) -> None:
        self.paragraphs = paragraphs
        self.ctx = ctx
        n = len(paragraphs)
        roles = list(ctx.roles) if ctx.roles is not None else []
        self.roles = (roles + [""] * n)[:n]
        self.has_roles = ctx.roles is not None
        self.findings: list[Finding] = []
        self.opening = self._find_opening()
        self.salutation = self._find_salutation()
        # The title zone: title, header lines, web metadata; not running text.
        first_text = self.salutation if self.salutation is not None else self.opening
        self.text_start = (first_text + 1) if first_text is not None else 0
        if self.has_roles:
            self.text_start = 0
        raw = [self._heading_of(i) for i in range(n)]
        self.continues = [False] * n
        for i in range(1, n):
            self.continues[i] = self._continues(i, raw[i - 1], raw[i])
        self.headings: list[Heading | None] = [
            None if self.continues[i] else raw[i] for i in range(n)
        ]
        self.chains: list[_Chain] = []
        i = 0
        while i < n:
            j = i
            while j + 1 < n and self.continues[j + 1]:
                j += 1
            self.chains.append(_Chain(self, list(range(i, j + 1))))
            i = j + 1
        # Spans other rules must leave alone: heading numerals, 文号 brackets, URLs.
        self.owned: list[list[tuple[int, int]]] = [[] for _ in range(n)]
        for k, text in enumerate(paragraphs):
            self.owned[k].extend(m.span() for m in _URL.finditer(text))
        self.body_end = self._find_body_end()
        self.date_lines = [k for k in range(n) if self._is_date_line(k)]
        self.signature = self._find_signature()
        self.year = ctx.year if ctx.year is not None else self._year_from_date()

    # Roles and places -----------------------------------------------------------------

    def is_text(self, i: int) -> bool:
        """Running text (body or heading), as far as the roles or the layout tell."""
        role = self.roles[i]
        if self.has_roles:
            return role in _BODY_ROLES or role in _LEVEL_ROLES
        return i >= self.text_start

    def _find_opening(self) -> int | None:
        for i, text in enumerate(self.paragraphs[:40]):
            if self.has_roles and self.roles[i] != "body":
                continue
            t = text.strip()
            if len(t) < 8 or _LABEL.match(t):
                continue
            if _TITLE_END.search(t) and not _SENTENCE_PUNCT.search(t):
                continue
            if _OPENING.search(t):
                return i
        return None

    def _find_salutation(self) -> int | None:
        if self.has_roles:
            return next((i for i, r in enumerate(self.roles) if r == "salutation"), None)
        if self.opening is None:
            return None
        for j in range(self.opening - 1, max(-1, self.opening - 4), -1):
            t = self.paragraphs[j].strip()
            if not t:
                continue
            if len(t) > 60 or "。" in t or _LABEL.match(t) or _TITLE_END.search(t):
                return None
            if _DATE_LINE.match(t) or not _HAN.search(t):
                return None
            if t.endswith(("：", ":")) or _SALUTATION_TAIL.search(t) or _HELLO.match(t):
                return j
            return j if len(t) <= 30 else None
        return None

    def _heading_of(self, i: int) -> Heading | None:
        role = self.roles[i]
        if self.has_roles and role not in _BODY_ROLES and role not in _LEVEL_ROLES:
            return None
        if not self.has_roles and i < self.text_start:
            return None
        return match_heading(self.paragraphs[i])

    def _continues(self, i: int, prev_heading: Heading | None, heading: Heading | None) -> bool:
        """Paragraph i carries on the sentence paragraph i-1 broke off (a hard line break)."""
        if not (self.is_text(i - 1) and self.is_text(i)) or heading is not None:
            return False
        if self.roles[i - 1] in _LEVEL_ROLES:
            return False  # a rendered heading is whole by construction
        p = self.paragraphs[i - 1].rstrip()
        q = self.paragraphs[i].strip()
        last_line = p.rsplit("\n", 1)[-1].strip()
        if len(last_line) < 16 or not q:
            return False
        last = last_line[-1]
        if last in _TERMINAL or not (_is_han(last) or last.isalnum() or last in "，、,“‘《（(〔【"):
            return False
        if prev_heading is not None and "\n" not in p and "。" not in prev_heading.text:
            return False  # a heading without a full sentence ends where it ends
        if any(pattern.match(t) for pattern in (_LABEL, _FIELD) for t in (last_line, q)):
            return False
        if _DATE_LINE.match(q) or not any(t.strip() for t in self.paragraphs[: i - 1]):
            return False  # the first line of a text is its title
        if not (_SENTENCE_PUNCT.search(q) or len(q) >= 20) or (len(q) <= 4 and q[-1] in ":："):
            return False
        if not (_SENTENCE_PUNCT.search(last_line) or _SENTENCE_PUNCT.search(q)):
            return False  # two lines without any punctuation: titles, navigation
        return q[0] not in "|•·-#*>●"

    def _is_date_line(self, i: int) -> bool:
        """The date under the signature: after the body's last sentence, on a line of its own."""
        if self.has_roles:
            return self.roles[i] == "date"
        if i <= self.body_end:
            return False
        return bool(_DATE_LINE.match(self.paragraphs[i]))

    def _find_body_end(self) -> int:
        """The last paragraph that ends a sentence (the thanks, as a rule); else the opening."""
        start = self.opening if self.opening is not None else len(self.paragraphs) // 2 - 1
        for i in range(len(self.paragraphs) - 1, start, -1):
            text = self.paragraphs[i]
            if text.rstrip()[-1:] in ("。", "！", "？", "!", "?") and not _LABEL.match(text):
                return i
        return start

    def _find_signature(self) -> int | None:
        if self.has_roles:
            return next((i for i, r in enumerate(self.roles) if r == "signature"), None)
        if not self.date_lines:
            return None
        d = self.date_lines[-1]
        for j in range(d - 1, max(-1, d - 4), -1):
            t = self.paragraphs[j].strip()
            if not t:
                continue
            if len(t) <= 40 and not _SENTENCE_PUNCT.search(t) and _HAN.search(t):
                return j
            return None
        return None

    def _year_from_date(self) -> int | None:
        for i in reversed(self.date_lines):
            m = _FULL_DATE.search(self.paragraphs[i])
            if m:
                return int(m.group(1))
        return None

    # Findings -------------------------------------------------------------------------

    def add(
        self,
        rule: str,
        i: int,
        start: int,
        end: int,
        message: str,
        fix: Fix | None = None,
        severity: Severity | None = None,
    ) -> None:
        text = self.paragraphs[i] if 0 <= i < len(self.paragraphs) else ""
        self.findings.append(
            Finding(
                rule,
                severity or RULES[rule].severity,
                message,
                i,
                start,
                end,
                fix,
                _excerpt(text, start, end),
            )
        )

    def is_owned(self, i: int, pos: int) -> bool:
        return any(a <= pos < b for a, b in self.owned[i])

    def text_after_salutation(self) -> Iterator[tuple[int, str]]:
        start = (self.salutation + 1) if self.salutation is not None else self.text_start
        for i in range(start, len(self.paragraphs)):
            if self.is_text(i) and not _LABEL.match(self.paragraphs[i]):
                yield i, self.paragraphs[i]


def _marker_span(text: str, h: Heading) -> tuple[int, int]:
    start = len(text) - len(text.lstrip())
    return start, start + len(h.marker)


# --- Headings and inline ordinals ------------------------------------------------------------


def _check_headings(doc: _Doc) -> None:
    counters = {1: 0, 2: 0, 3: 0, 4: 0}
    # Policies often number items 1. 2. 3. straight through their （一）（二） parts.
    carried = {1: 0, 2: 0, 3: 0, 4: 0}
    n = len(doc.paragraphs)
    for i, h in enumerate(doc.headings):
        if h is None:
            continue
        text = doc.paragraphs[i]
        level = h.level
        for deeper in range(level + 1, 5):
            if counters[deeper]:
                carried[deeper] = counters[deeper]
            counters[deeper] = 0
        expected = counters[level] + 1
        if expected == 1 and level >= 3 and h.number == carried[level] + 1:
            expected = h.number
        start, end = _marker_span(text, h)
        doc.owned[i].append((start, end))
        if h.number is None:
            fix = Fix(start, end, marker(1, expected)) if expected < 100 else None
            doc.add(
                "heading.lost-numeral",
                i,
                start,
                end,
                f"一级标题丢了序号，按顺序应为“{_numeral(expected)}、”",
                fix,
            )
            counters[level] = expected
        else:
            number = h.number
            shown = h.marker
            if number > expected:
                what = "同级第一个标题" if expected == 1 else f"上一个是第{expected - 1}个"
                doc.add(
                    "heading.gap",
                    i,
                    start,
                    end,
                    f"标题序号“{shown}”跳号：{what}，此处应为第{expected}个",
                )
            elif number < expected:
                restart = number == 1
                doc.add(
                    "heading.duplicate",
                    i,
                    start,
                    end,
                    f"标题序号“{shown}”重新从一开始，前面同级已到第{expected - 1}个"
                    if restart
                    else f"标题序号“{shown}”重复或倒序：此处应为第{expected}个",
                    severity=Severity.WARNING if restart else None,
                )
            counters[level] = number
            _check_marker_form(doc, i, h, start, end)
        # A short heading followed directly by a heading of its level or above: nothing under it.
        nxt = next((k for k in range(i + 1, n) if doc.paragraphs[k].strip()), None)
        nh = doc.headings[nxt] if nxt is not None else None
        if (
            nh is not None
            and nh.level <= level
            and len(h.text) <= 30
            and not _SENTENCE_PUNCT.search(h.text)
        ):
            doc.add("heading.empty", i, start, len(text.rstrip()), "此标题下没有正文")


def _check_marker_form(doc: _Doc, i: int, h: Heading, start: int, end: int) -> None:
    shown = h.marker
    if h.level in (2, 4) and ("(" in shown or ")" in shown):
        fixed = shown.replace("(", "（").replace(")", "）").replace(" ", "")
        doc.add(
            "heading.marker",
            i,
            start,
            end,
            f"标题序号“{shown}”用了半角括号，应为“{fixed}”",
            Fix(start, end, fixed),
        )
    elif h.level == 1 and shown[-1] in ".．":
        fixed = shown[:-1].strip() + "、"
        doc.add(
            "heading.marker",
            i,
            start,
            end,
            f"一级标题序号“{shown}”应写作“{fixed}”",
            Fix(start, end, fixed),
        )
    elif h.level == 3 and shown.endswith("、"):
        fixed = shown[:-1].strip() + "."
        doc.add(
            "heading.marker",
            i,
            start,
            end,
            f"三级标题序号“{shown}”按规范应写作“{fixed}”",
            Fix(start, end, fixed),
            Severity.INFO,
        )


_CN_NUMERALS = "一二三四五六七八九十"


def _check_ordinals(doc: _Doc) -> None:
    last: int | None = None
    section_text = ""  # the text of the section so far, to see ordinals the clause regex misses
    for i, text in enumerate(doc.paragraphs):
        if doc.headings[i] is not None:
            last, section_text = None, ""
        if not doc.is_text(i):
            continue
        clauses = ordinal_clauses(text) if "是" in text else []
        prev_end = 0
        for number, pos in clauses:
            before = section_text + text[:pos]
            if number == 1:
                last = 1
            elif last is None:
                if "一是" not in before:
                    doc.add(
                        "ordinal.sequence",
                        i,
                        pos,
                        pos + 2,
                        f"“{to_chinese(number)}是”前面没有“一是”",
                    )
                last = number
            elif number == last + 1:
                last = number
            else:
                missing = f"{to_chinese(last + 1)}是" if number > last + 1 else ""
                if missing and missing in text[prev_end:pos]:
                    last = number  # written after a comma, where the clause regex does not look
                    continue
                if number == last:
                    msg = f"“{to_chinese(number)}是”重复出现"
                elif number > last:
                    msg = (
                        f"“{to_chinese(last)}是”之后直接是“{to_chinese(number)}是”，缺少“{missing}”"
                    )
                else:
                    msg = f"“{to_chinese(number)}是”出现在“{to_chinese(last)}是”之后，顺序颠倒"
                doc.add("ordinal.sequence", i, pos, pos + len(to_chinese(number)) + 1, msg)
                last = number
            prev_end = pos
        section_text += text


# --- Dates ----------------------------------------------------------------------------------

_ISO_LIKE = re.compile(r"(?<![\d\-/.])((?:19|20)\d{2})([-/.])(\d{1,2})\2(\d{1,2})(?![\d\-/.])")
_LOST_DATE = re.compile(r"^\s*((?:19|20)\d{2})(\d{2,4})\s*$")
_PADDED_YM = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年\s*0([1-9])\s*月(?!\s*\d{1,2}\s*日)")
_SHORT_YEAR = re.compile(r"(?<![\d０-９.])(\d{2})\s*年\s*(\d{1,2})\s*月")


def _date_splits(year: int, rest: str) -> list[tuple[int, int]]:
    out = []
    for k in (1, 2):
        month, day = rest[:k], rest[k:]
        if not day or len(day) > 2 or (month.startswith("0") and k == 1):
            continue
        if _valid_date(year, int(month), int(day)):
            out.append((int(month), int(day)))
    return out


def _check_dates(doc: _Doc) -> None:
    for i, text in enumerate(doc.paragraphs):
        if not any(c.isdigit() for c in text):
            continue
        has_han = bool(_HAN.search(text))
        for m in _FULL_DATE.finditer(text):
            y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
            if not _valid_date(y, mo, d):
                doc.add("date.invalid", i, m.start(), m.end(), f"“{m.group(0)}”不是存在的日期")
            elif m.group(2).startswith("0") or m.group(3).startswith("0"):
                good = _cn_date(y, mo, d)
                doc.add(
                    "date.zero-padding",
                    i,
                    m.start(),
                    m.end(),
                    f"月、日不编虚位：“{m.group(0)}”应写作“{good}”",
                    Fix(m.start(), m.end(), good),
                )
        for m in _PADDED_YM.finditer(text):
            good = f"{m.group(1)}年{m.group(2)}月"
            doc.add(
                "date.zero-padding",
                i,
                m.start(),
                m.end(),
                f"月份不编虚位：“{m.group(0)}”应写作“{good}”",
                Fix(m.start(), m.end(), good),
            )
        metadata = bool(_LABEL.match(text) or _FIELD.match(text))  # 发布日期：2025-01-07
        for m in _ISO_LIKE.finditer(text):
            if doc.is_owned(i, m.start()):
                continue
            y, mo, d = int(m.group(1)), int(m.group(3)), int(m.group(4))
            if not _valid_date(y, mo, d):
                if m.group(2) == "-":
                    doc.add("date.invalid", i, m.start(), m.end(), f"“{m.group(0)}”不是存在的日期")
                continue
            if has_han and not metadata:
                good = _cn_date(y, mo, d)
                doc.add(
                    "date.iso",
                    i,
                    m.start(),
                    m.end(),
                    f"中文行文中的日期宜写作“{good}”",
                    Fix(m.start(), m.end(), good),
                )
        for m in _SHORT_YEAR.finditer(text):
            if not has_han or not 1 <= int(m.group(2)) <= 12:
                continue
            full = 2000 + int(m.group(1))
            if doc.year is not None and full > doc.year + 1:
                continue  # "85年" and the like: no safe guess of the century
            doc.add(
                "date.short-year",
                i,
                m.start(1),
                m.end(1) + 1,
                f"年份应写全称：“{m.group(1)}年”应为“{full}年”",
                Fix(m.start(1), m.end(1), str(full)),
            )
    for i in doc.date_lines:
        _check_date_line(doc, i)


def _check_date_line(doc: _Doc, i: int) -> None:
    text = doc.paragraphs[i]
    m = _LOST_DATE.match(text.split("\n", 1)[0])
    if m:
        year, rest = int(m.group(1)), m.group(2)
        splits = _date_splits(year, rest)
        if not splits:
            return
        span = (m.start(1), m.end(2))
        if len(splits) == 1:
            good = _cn_date(year, *splits[0])
            doc.add(
                "date.lost-separator",
                i,
                *span,
                f"日期“{m.group(1)}{rest}”丢了“年月日”，应为“{good}”",
                Fix(*span, good),
            )
        else:
            options = "或".join(f"“{_cn_date(year, *s)}”" for s in splits)
            doc.add(
                "date.lost-separator",
                i,
                *span,
                f"日期“{m.group(1)}{rest}”丢了“年月日”，可能是{options}",
            )
        date_year: int | None = year
        start, end = span
    else:
        fm = _FULL_DATE.search(text)
        if not fm:
            return
        date_year, start, end = int(fm.group(1)), fm.start(), fm.end()
    y = doc.ctx.year
    if y is not None and date_year is not None and not y <= date_year <= y + 1:
        doc.add("date.far", i, start, end, f"落款日期是{date_year}年，答复年度是{y}年：请核对日期")


# --- Punctuation ----------------------------------------------------------------------------

_FULL_WIDTH = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
_ASCII_PUNCT = re.compile(r"[,;:?!\"]")
_OPEN = {
    "（": "paren", "(": "paren", "“": "dquote", "‘": "squote", "《": "book", "〈": "angle",
    "〔": "tortoise", "【": "lenticular", "[": "square", "［": "square", "「": "corner",
    "『": "wcorner", "〖": "wlenticular",
}  # fmt: skip
_CLOSE = {
    "）": "paren", ")": "paren", "”": "dquote", "’": "squote", "》": "book", "〉": "angle",
    "〕": "tortoise", "】": "lenticular", "]": "square", "］": "square", "」": "corner",
    "』": "wcorner", "〗": "wlenticular",
}  # fmt: skip
_PAIR_OF = {
    "（": "）", "(": ")", "“": "”", "‘": "’", "《": "》", "〈": "〉", "〔": "〕", "【": "】",
    "[": "]", "［": "］", "「": "」", "『": "』", "〖": "〗",
}  # fmt: skip
_DOUBLED = re.compile(r"[，,。、；;：:]{2,}")
_FW_FORMS = "，；：？！（）。、“”"


def _neighbour(text: str, pos: int, step: int) -> str:
    """The nearest character before (step -1) or after (+1) pos, over at most one space."""
    k = pos + step
    if 0 <= k < len(text) and text[k] == " ":
        k += step
    return text[k] if 0 <= k < len(text) else ""


@dataclass
class _Brackets:
    pairs: list[tuple[int, int]] = field(default_factory=list)  # chain positions
    unclosed: list[int] = field(default_factory=list)
    unmatched: list[int] = field(default_factory=list)


def _match_brackets(text: str) -> _Brackets:
    out = _Brackets()
    stack: list[int] = []
    for pos, c in enumerate(text):
        if c in "‘’" and _latin(text, pos - 1) and _latin(text, pos + 1):
            continue  # an apostrophe in a Latin word
        if c in _OPEN:
            stack.append(pos)
        elif c in _CLOSE:
            kind = _CLOSE[c]
            if stack and _OPEN[text[stack[-1]]] == kind:
                out.pairs.append((stack.pop(), pos))
                continue
            depth = next(
                (d for d in range(len(stack) - 1, -1, -1) if _OPEN[text[stack[d]]] == kind), None
            )
            if depth is None:
                if c in ")）" and _list_marker(text, pos):
                    continue
                out.unmatched.append(pos)
            else:
                out.unclosed.extend(stack[depth + 1 :])
                out.pairs.append((stack[depth], pos))
                del stack[depth:]
    out.unclosed.extend(stack)
    return out


def _latin(text: str, pos: int) -> bool:
    return 0 <= pos < len(text) and text[pos].isascii() and text[pos].isalpha()


def _list_marker(text: str, pos: int) -> bool:
    """'1)' or 'a）' after the start of a line or a pause: a list marker, not a stray bracket."""
    k = pos
    while k > 0 and pos - k < 2 and text[k - 1].isascii() and text[k - 1].isalnum():
        k -= 1
    return k < pos and (k == 0 or text[k - 1].isspace() or text[k - 1] in "，。；：、,;:")


def _check_punctuation(doc: _Doc) -> None:
    ascii_count = 0
    first_ascii: tuple[int, int] | None = None
    matched = [_match_brackets(chain.text) for chain in doc.chains]
    _pair_across(doc, matched)
    for chain, brackets in zip(doc.chains, matched, strict=True):
        partner: dict[int, int] = {}
        for a, b in brackets.pairs:
            partner[a], partner[b] = b, a
        _check_unbalanced(doc, chain, brackets)
        done: set[int] = set()
        text = chain.text
        for pos, c in enumerate(text):
            if c not in "()" or pos in done:
                continue
            i, local = chain.locate(pos)
            if doc.is_owned(i, local):
                continue
            other = partner.get(pos)
            if other is None:
                if _is_cjk(_neighbour(text, pos, -1)) or _is_cjk(_neighbour(text, pos, 1)):
                    _ascii_finding(doc, i, local, c)
                    ascii_count += 1
                    first_ascii = first_ascii or (i, local)
                continue
            a, b = min(pos, other), max(pos, other)
            done.update((a, b))
            content = text[a + 1 : b]
            mixed = text[a] not in "(" or text[b] not in ")"
            around = _is_cjk(_neighbour(text, a, -1)) or _is_cjk(_neighbour(text, b, 1))
            if not (mixed or _HAN.search(content) or (len(content.strip()) >= 2 and around)):
                continue  # "(A)", "(1)", English in brackets
            ia, la = chain.locate(a)
            ib, lb = chain.locate(b)
            ascii_count += 1
            first_ascii = first_ascii or (ia, la)
            if ia == ib and not mixed:
                doc.add(
                    "punct.ascii",
                    ia,
                    la,
                    lb + 1,
                    "中文里使用了半角括号“( )”，应为全角“（ ）”",
                    Fix(la, lb + 1, "（" + doc.paragraphs[ia][la + 1 : lb] + "）"),
                )
            else:
                for q in (a, b):
                    if text[q] in "()":
                        iq, lq = chain.locate(q)
                        _ascii_finding(doc, iq, lq, text[q])
    for i, text in enumerate(doc.paragraphs):
        quotes = [m.start() for m in re.finditer('"', text)]
        for m in _ASCII_PUNCT.finditer(text):
            c, pos = m.group(0), m.start()
            if doc.is_owned(i, pos):
                continue
            before, after = _neighbour(text, pos, -1), _neighbour(text, pos, 1)
            if not (_is_cjk(before) or _is_cjk(after)):
                continue
            ascii_count += 1
            first_ascii = first_ascii or (i, pos)
            if c == '"':
                fix = None
                if len(quotes) % 2 == 0:
                    fix = Fix(pos, pos + 1, "“" if quotes.index(pos) % 2 == 0 else "”")
                doc.add(
                    "punct.ascii", i, pos, pos + 1, '中文里使用了半角引号“"”，应为全角引号“ ”', fix
                )
            else:
                _ascii_finding(doc, i, pos, c)
        _check_doubled(doc, i, text)
    if ascii_count and first_ascii is not None:
        full = sum(text.count(c) for text in doc.paragraphs for c in _FW_FORMS)
        if full:
            doc.add(
                "punct.mixed-width",
                *first_ascii,
                first_ascii[1] + 1,
                f"全文混用全角和半角标点：中文里有{ascii_count}处半角标点（另有{full}处全角标点），"
                "应统一为全角",
            )


def _pair_across(doc: _Doc, matched: list[_Brackets]) -> None:
    """A bracket or quote opened at the end of one paragraph and closed at the start of the
    next: a title or quotation broken over two lines, not an unbalanced pair."""
    for k in range(len(matched) - 1):
        here, there = matched[k], matched[k + 1]
        if not here.unclosed or not there.unmatched:
            continue
        opener = doc.chains[k].text[here.unclosed[-1]]
        closer = doc.chains[k + 1].text[there.unmatched[0]]
        if _PAIR_OF.get(opener) == closer and closer not in ")":
            here.unclosed.pop()
            there.unmatched.pop(0)


def _ascii_finding(doc: _Doc, i: int, pos: int, c: str) -> None:
    full = _FULL_WIDTH[c]
    doc.add(
        "punct.ascii",
        i,
        pos,
        pos + 1,
        f"中文里使用了半角“{c}”，应为全角“{full}”",
        Fix(pos, pos + 1, full),
    )


def _check_unbalanced(doc: _Doc, chain: _Chain, brackets: _Brackets) -> None:
    text = chain.text
    for pos in brackets.unclosed:
        i, local = chain.locate(pos)
        c = text[pos]
        doc.add("punct.unbalanced", i, local, local + 1, f"“{c}”没有对应的“{_PAIR_OF[c]}”")
    for pos in brackets.unmatched:
        i, local = chain.locate(pos)
        c = text[pos]
        opener = next(o for o, cl in _PAIR_OF.items() if cl == c)
        doc.add("punct.unbalanced", i, local, local + 1, f"“{c}”前面没有对应的“{opener}”")


def _check_doubled(doc: _Doc, i: int, text: str) -> None:
    for m in _DOUBLED.finditer(text):
        run = m.group(0)
        if run.isascii() and not (
            _is_cjk(_neighbour(text, m.start(), -1)) or _is_cjk(_neighbour(text, m.end() - 1, 1))
        ):
            continue
        kinds = {_FULL_WIDTH.get(c, c) for c in run}
        fix = Fix(m.start(), m.end(), kinds.pop()) if len(kinds) == 1 else None
        doc.add("punct.doubled", i, m.start(), m.end(), f"标点“{run}”重复", fix)


def _check_salutation_colon(doc: _Doc) -> None:
    i = doc.salutation
    if i is None:
        return
    text = doc.paragraphs[i]
    t = text.rstrip()
    if not t or t.endswith(("：", ":")) or _HELLO.match(t.strip()):
        return
    doc.add(
        "punct.salutation-colon",
        i,
        len(t),
        len(t),
        f"主送“{t.strip()}”后面应有全角冒号“：”",
        Fix(len(t), len(text), "："),
    )


# --- 文号 -----------------------------------------------------------------------------------

_DOCNUM = re.compile(
    r"[\u4e00-\u9fff]\s*([（(【\[［〔〖])\s*((?:19|20)\d{2})\s*([）)】\]］〕〗])\s*(第?)\s*(\d+)\s*号"
)


def _check_doc_numbers(doc: _Doc) -> None:
    for i, text in enumerate(doc.paragraphs):
        if "号" not in text:
            continue
        for m in _DOCNUM.finditer(text):
            a, b = m.start(1), m.end(3)
            doc.owned[i].append((a, b))
            if m.group(1) != "〔" or m.group(3) != "〕":
                good = f"〔{m.group(2)}〕"
                doc.add(
                    "docnum.bracket",
                    i,
                    a,
                    b,
                    f"文号年份“{text[a:b]}”应使用六角括号：“{good}”",
                    Fix(a, b, good),
                )
            number = m.group(5)
            if m.group(4) or (len(number) > 1 and number.startswith("0")):
                s, e = m.start(4), m.end(5)
                good = str(int(number))
                doc.add(
                    "docnum.format",
                    i,
                    s,
                    e,
                    f"文号序号“{text[s:e]}”不加“第”、不编虚位，应为“{good}”",
                    Fix(s, e, good),
                )


# --- Leftovers ------------------------------------------------------------------------------

_PINYIN = re.compile(
    r"(?<=[\u3400-\u9fff])\((?=[a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ])[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,7}\)"
)
_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_MD_HEADING = re.compile(r"^\s*(#{1,6})\s+")
_TEMPLATE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}|\{\{|\}\}|\{%|%\}")
_PLACEHOLDER = re.compile(
    r"【[^】]{0,20}?(?:待|填写|补充|请|TODO|XX|××)[^】]{0,20}】"
    r"|(?<![A-Za-z])[XＸ]{2,}(?![A-Za-z])|(?<![A-Za-z])x{3,}(?![A-Za-z])"
    r"|[×✕╳]{2,}|某某|○{2,}|□{2,}|_{3,}|＿{3,}|TODO"
)


def _check_pinyin(doc: _Doc) -> None:
    """Mark (and report) pinyin a web mirror wrote after characters, before the ASCII rule."""
    for i, text in enumerate(doc.paragraphs):
        if "(" not in text:
            continue
        for m in _PINYIN.finditer(text):
            doc.owned[i].append(m.span())
            doc.add(
                "leftover.pinyin",
                i,
                m.start(),
                m.end(),
                f"汉字后夹带拼音注音“{m.group(0)}”（网页转载的残留），应删去",
                Fix(m.start(), m.end(), ""),
            )


def _check_leftovers(doc: _Doc) -> None:
    placeholder_severity = None if doc.ctx.draft else Severity.WARNING
    for i, text in enumerate(doc.paragraphs):
        if "*" in text:
            covered: list[tuple[int, int]] = []
            for m in _BOLD.finditer(text):
                covered.append(m.span())
                doc.add(
                    "leftover.markdown",
                    i,
                    m.start(),
                    m.end(),
                    "残留Markdown加粗标记“**”",
                    Fix(m.start(), m.end(), m.group(1)),
                )
            for m in re.finditer(r"\*\*", text):
                if not any(a <= m.start() < b for a, b in covered):
                    doc.add(
                        "leftover.markdown",
                        i,
                        m.start(),
                        m.end(),
                        "残留Markdown标记“**”",
                        Fix(m.start(), m.end(), ""),
                    )
        hm = _MD_HEADING.match(text)
        if hm:
            doc.add(
                "leftover.markdown",
                i,
                hm.start(1),
                hm.end(),
                f"残留Markdown标题标记“{hm.group(1)}”",
                Fix(hm.start(1), hm.end(), ""),
            )
        if "{" in text or "}" in text:
            for m in _TEMPLATE.finditer(text):
                doc.add(
                    "leftover.template",
                    i,
                    m.start(),
                    m.end(),
                    f"残留未填入的模板字段“{m.group(0)}”",
                )
        for m in _PLACEHOLDER.finditer(text):
            if doc.is_owned(i, m.start()):
                continue
            doc.add(
                "leftover.placeholder",
                i,
                m.start(),
                m.end(),
                f"残留占位符“{m.group(0)}”，请填写实际内容",
                severity=placeholder_severity,
            )


# --- Layout: hard line breaks ---------------------------------------------------------------


def _check_layout(doc: _Doc) -> None:
    for i, text in enumerate(doc.paragraphs):
        if "\n" in text.strip() and doc.is_text(i):
            _check_newlines(doc, i, text)
    tokenizer = doc.ctx.tokenizer
    for chain in doc.chains:
        idx = chain.indexes
        if len(idx) < 2:
            continue
        first = idx[0]
        p = doc.paragraphs[first].rstrip()
        end = len(p)
        if len(idx) == 2:
            word = _split_word(tokenizer, p, doc.paragraphs[idx[1]])
            if word is None and (len(p) < 40 or p.endswith("如下")):
                continue  # one short break and no cut word: too little evidence
            if word is not None:
                tail = len(word[0])
                doc.add(
                    "layout.split-word",
                    first,
                    end - tail,
                    end,
                    f"“{word[0] + word[1]}”被断行拆开（本段末尾与下一段开头），应与下一段合为一段",
                )
            else:
                doc.add(
                    "layout.broken-paragraph",
                    first,
                    max(0, end - 1),
                    end,
                    "这一段在句子中间断开，下一段接着这句话：疑为硬换行，应与下一段合并",
                )
        else:
            doc.add(
                "layout.broken-paragraph",
                first,
                max(0, end - 1),
                end,
                f"第{first + 1}–{idx[-1] + 1}段是同一段文字被硬换行拆成的{len(idx)}行，应合并为一段",
            )


def _check_newlines(doc: _Doc, i: int, text: str) -> None:
    for m in re.finditer(r"[ \t\u3000\xa0]*\n\s*", text):
        left = text[: m.start()].rsplit("\n", 1)[-1].strip()
        right = text[m.end() :].split("\n", 1)[0].strip()
        if not left or not right:
            continue
        real_break = (
            left[-1] in _TERMINAL
            or len(left) < 12  # a wrapped line is long; short lines are items of a list
            or any(p.match(t) for p in (_LABEL, _FIELD) for t in (left, right))
            or match_heading(left) is not None
            or _DATE_LINE.match(left) is not None
            or match_heading(right) is not None
            or (right[0] in "（(" and right.endswith(("）", ")")))
        )
        if real_break:
            doc.add(
                "layout.line-break",
                i,
                m.start(),
                m.end(),
                "段落内有换行：此处像是两段，应分为两个段落",
            )
        else:
            latin = left[-1].isascii() and left[-1].isalnum() and right[0].isascii()
            doc.add(
                "layout.line-break",
                i,
                m.start(),
                m.end(),
                "段落内有硬换行，应删去",
                Fix(m.start(), m.end(), " " if latin else ""),
            )


def _split_word(tokenizer: Tokenizer | None, left: str, right: str) -> tuple[str, str] | None:
    """The word cut by a break between `left` and `right`, as (its left part, its right part)."""
    if tokenizer is None:
        return None
    tail = re.sub(r"\s", "", left)[-6:]
    head = re.sub(r"\s", "", right)[:6]
    if not tail or not head or not (_is_han(tail[-1]) and _is_han(head[0])):
        return None
    pos = 0
    for word in tokenizer.words(tail + head):
        end = pos + len(word)
        if pos < len(tail) < end:
            return word[: len(tail) - pos], word[len(tail) - pos :]
        pos = end
    return None


# --- Consistency ----------------------------------------------------------------------------

_NUMBER_MENTION = re.compile(
    r"[（(]\s*第\s*([A-Za-z]?\d+)\s*号\s*[）)]|第\s*([A-Za-z]?\d+)\s*号\s*(?=提案|建议|议案|代表建议)"
)
_BOOK_TITLE = re.compile(r"《([^》]{4,80})》|“(关于[^”]{4,80})”")


def _same_number(a: str, b: str) -> bool:
    a, b = a.strip().upper(), b.strip().upper()
    if a.isdigit() and b.isdigit():
        return int(a) == int(b)
    return a == b


def _check_numbers(doc: _Doc) -> None:
    limit = doc.opening + 1 if doc.opening is not None else min(len(doc.paragraphs), 12)
    if doc.has_roles:
        limit = next((k for k, r in enumerate(doc.roles) if r in _LEVEL_ROLES), len(doc.paragraphs))
    mentions: list[tuple[int, int, int, str]] = []
    for i in range(limit):
        for m in _NUMBER_MENTION.finditer(doc.paragraphs[i]):
            g = 1 if m.group(1) else 2
            mentions.append((i, m.start(g), m.end(g), m.group(g)))
    proposal = doc.ctx.proposal
    reference = proposal.proposal_number.strip() if proposal is not None else ""
    where = "所答复提案"
    if not reference and mentions:
        reference, where = mentions[0][3], "标题"
    if not reference:
        return
    for i, s, e, number in mentions:
        if not _same_number(number, reference):
            fix = Fix(s, e, reference) if where == "所答复提案" else None
            doc.add(
                "consistency.number",
                i,
                s,
                e,
                f"提案编号不一致：此处为第{number}号，{where}为第{reference}号",
                fix,
            )


def _norm_title(title: str) -> str:
    t = re.sub(r"[\s《》“”\"'‘’]", "", title)
    return re.sub(r"(?:的)?(?:提案|建议)$", "", t)


def _check_title(doc: _Doc) -> None:
    proposal = doc.ctx.proposal
    if proposal is None or not proposal.title.strip() or doc.opening is None:
        return
    i = doc.opening
    text = doc.paragraphs[i]
    m = _BOOK_TITLE.search(text)
    if not m:
        return
    cited = m.group(1) or m.group(2)
    want = _norm_title(proposal.title)
    if want and fuzz.ratio(_norm_title(cited), want) < 85:
        doc.add(
            "consistency.title",
            i,
            m.start(),
            m.end(),
            f"这里引用的提案标题与所答复提案的标题《{proposal.title.strip()}》不一致",
        )


@dataclass
class _Addressee:
    names: list[str]
    kind: str  # person | persons | org
    text: str


def _addressee(text: str) -> _Addressee:
    t = text.strip().rstrip("：:").strip()
    hello = _HELLO.match(t)
    if hello:
        t = hello.group(1).strip()
    t = re.sub(r"^尊敬的", "", t)
    m = _PERSONS.match(t)
    if not m:
        return _Addressee([t], "org", t)
    names = [
        re.sub(r"(?:委员|代表|委員|同志)$", "", n)
        for n in re.split(r"[、，,和与及\s]+", m.group(1))
        if n
    ]
    names = [n for n in names if n]
    several = bool(m.group(2)) or len(names) > 1
    return _Addressee(names, "persons" if several else "person", t)


def _check_pronouns(doc: _Doc) -> None:
    if doc.salutation is None:
        return
    who = _addressee(doc.paragraphs[doc.salutation])
    proposal = doc.ctx.proposal
    proposers = [p.strip() for p in proposal.proposers if p.strip()] if proposal else []
    you_plural: list[tuple[int, int]] = []
    you_polite: list[tuple[int, int]] = []
    co_proposers = len(proposers) > 1
    for i, text in doc.text_after_salutation():
        for m in re.finditer(r"您们", text):
            doc.add(
                "consistency.pronoun",
                i,
                m.start(),
                m.end(),
                "“您们”不规范，应为“你们”",
                Fix(m.start(), m.end(), "你们"),
            )
        you_plural.extend((i, m.start()) for m in re.finditer(r"你们", text))
        you_polite.extend((i, m.start()) for m in re.finditer(r"您(?!们|好)", text))
        if re.search(r"您(?:和|与|及|等)", text):
            co_proposers = True
    if who.kind == "person" and you_plural:
        i, pos = you_plural[0]
        if co_proposers:
            doc.add(
                "consistency.pronoun",
                i,
                pos,
                pos + 2,
                f"主送只写了“{who.text}”一人，正文称“你们”（{len(you_plural)}处）而开头称“您”："
                "提案有多位提案人时，请统一称谓，或在主送中列出全部提案人",
                severity=Severity.INFO,
            )
        else:
            for i, pos in you_plural:
                doc.add(
                    "consistency.pronoun",
                    i,
                    pos,
                    pos + 2,
                    f"主送是一位委员（{who.text}），应称“您”而不是“你们”",
                    Fix(pos, pos + 2, "您"),
                )
    elif who.kind in ("persons", "org") and you_polite:
        whom = "多位委员" if who.kind == "persons" else "单位或组织"
        for i, pos in you_polite:
            doc.add(
                "consistency.pronoun",
                i,
                pos,
                pos + 1,
                f"主送是{whom}（{who.text}），应称“你们”而不是“您”",
                Fix(pos, pos + 1, "你们"),
            )
    if proposers and who.kind != "org":
        s = doc.salutation
        missing = [n for n in who.names if not any(n in p or p in n for p in proposers)]
        if missing:
            doc.add(
                "consistency.salutation",
                s,
                0,
                len(doc.paragraphs[s].rstrip()),
                f"主送中的“{'、'.join(missing)}”不在提案人（{'、'.join(proposers)}）之中",
                severity=Severity.WARNING,
            )
        elif who.kind == "person" and len(proposers) > 1:
            doc.add(
                "consistency.salutation",
                s,
                0,
                len(doc.paragraphs[s].rstrip()),
                f"提案人有{'、'.join(proposers)}共{len(proposers)}位，主送只写了一位",
            )


_RESULT_IN_TEXT = re.compile(
    r"办理结果\s*[:：]\s*([^\s，,。；;]+)|类\s*别\s*[:：]\s*([A-DＡ-Ｄ])(?![A-Za-z])|[（(]\s*([A-D])\s*[）)]\s*类"
)
_POSITIVE_LABELS = ("解决或采纳", "已解决", "采纳", "A")
_NEGATIVE_LABELS = ("因条件限制暂时不能解决", "暂时不能解决", "留作参考", "C", "D")
_NEGATIVE_WORDS = re.compile(
    r"留作参考|暂不能|暂时不能|暂无法|无法解决|难以解决|不予采纳|不能采纳|难以采纳|暂不具备|条件不成熟"
)
_POSITIVE_WORDS = re.compile(r"积极采纳|予以采纳|全部采纳|已采纳|已经解决|已全部解决")


def _result_label(doc: _Doc) -> str:
    if doc.ctx.result.strip():
        return doc.ctx.result.strip()
    for text in doc.paragraphs[:15]:
        m = _RESULT_IN_TEXT.search(text)
        if m:
            label = next(g for g in m.groups() if g)
            return label.translate(str.maketrans("ＡＢＣＤ", "ABCD"))
    return ""


def _check_result(doc: _Doc) -> None:
    label = _result_label(doc)
    if not label:
        return
    if label in _POSITIVE_LABELS:
        pattern, what = _NEGATIVE_WORDS, "但答复中写的是"
    elif label in _NEGATIVE_LABELS:
        pattern, what = _POSITIVE_WORDS, "但答复中写的是"
    else:
        return
    for i, text in doc.text_after_salutation():
        m = pattern.search(text)
        if m:
            doc.add(
                "consistency.result",
                i,
                m.start(),
                m.end(),
                f"办理结果是“{label}”，{what}“{m.group(0)}”：请核对办理结果",
            )
            return


_SELF = re.compile(r"我(?:委(?!员)|局|办(?![理事公结])|厅|中心)")


def _check_self_reference(doc: _Doc) -> None:
    profile = doc.ctx.profile
    if profile is None or not profile.self_reference.strip():
        return
    own = profile.self_reference.strip()
    for i, text in doc.text_after_salutation():
        for m in _SELF.finditer(text):
            if m.group(0) != own:
                doc.add(
                    "consistency.self-reference",
                    i,
                    m.start(),
                    m.end(),
                    f"本单位自称“{own}”，此处写的是“{m.group(0)}”（沿用其他单位的文字？）",
                    Fix(m.start(), m.end(), own),
                )


def _check_consistency(doc: _Doc) -> None:
    _check_numbers(doc)
    _check_title(doc)
    _check_pronouns(doc)
    _check_result(doc)
    _check_self_reference(doc)
    _check_salutation_colon(doc)


# --- Completeness ---------------------------------------------------------------------------

_PRESENT: dict[str, re.Pattern[str]] = {
    "contact.name": re.compile(r"联系人|承办人|联系单位|联\s*系\s*人"),
    "contact.phone": re.compile(r"(?:电话|手机)\s*[:：]?\s*[\d（(]"),
    "cc": re.compile(r"^\s*抄\s*送\s*[:：]"),
    "doc_number": re.compile(
        r"〔(?:19|20)\d{2}〕\s*\d+\s*号|[（(【\[](?:19|20)\d{2}[）)】\]]\s*第?\d+\s*号"
    ),
    "signer": re.compile(r"签发人\s*[:：]\s*\S"),
    "result": re.compile(r"办理结果\s*[:：]\s*\S|类\s*别\s*[:：]\s*\S|[（(][A-D][）)]\s*类"),
    "disclosure": re.compile(r"公开属性|公开类别|此件公开发布|主动公开|依申请公开|不予公开"),
}


def _check_completeness(doc: _Doc) -> None:
    profile = doc.ctx.profile
    if doc.ctx.require is not None:
        require = list(doc.ctx.require)
    else:
        require = list(profile.require) if profile is not None else list(DEFAULT_REQUIRE)
    severity = None if doc.ctx.draft else Severity.INFO
    paragraphs = doc.paragraphs
    last = len(paragraphs) - 1
    end = len(paragraphs[last]) if paragraphs else 0

    def has(key: str) -> bool:
        return any(_PRESENT[key].search(t) for t in paragraphs)

    def role_or(role: str, fallback: bool) -> bool:
        if doc.has_roles:
            return any(r == role and paragraphs[k].strip() for k, r in enumerate(doc.roles))
        return fallback

    for key in require:
        rule = _REQUIREMENTS.get(key)
        if rule is None:
            continue
        if key == "title":
            present = role_or(
                "title", any(_TITLE_END.search(t.strip()) for t in paragraphs[: doc.text_start])
            )
            at = (0, 0)
        elif key == "salutation":
            present = doc.salutation is not None
            at = (0, 0)
        elif key == "signature":
            present = role_or("signature", doc.signature is not None)
            if not present and profile is not None and profile.name.strip():
                present = any(t.strip() == profile.name.strip() for t in paragraphs)
            at = (last, end)
        elif key == "date":
            present = role_or("date", bool(doc.date_lines))
            at = (last, end)
        elif key == "contact":
            missing = [
                label
                for label, k in (("联系人", "contact.name"), ("联系电话", "contact.phone"))
                if not has(k)
            ]
            if missing:
                doc.add(rule, last, end, end, f"缺少{'、'.join(missing)}", severity=severity)
            continue
        else:
            present = has(key) or (key == "cc" and role_or("cc", False))
            at = (0, 0) if key in ("doc_number", "signer", "result", "disclosure") else (last, end)
        if not present:
            doc.add(rule, at[0], at[1], at[1], RULES[rule].description, severity=severity)


# --- Coverage of the proposal's suggestions -------------------------------------------------


def _tokens(doc: _Doc, text: str) -> set[str]:
    tokenizer = doc.ctx.tokenizer
    if tokenizer is not None:
        return set(tokenizer.tokens(text))
    # Without jieba: Han bigrams and Latin words, good enough to compare overlap.
    out: set[str] = set()
    for run in re.findall(r"[\u4e00-\u9fff]+", text):
        out.update(run[k : k + 2] for k in range(len(run) - 1))
    out.update(w.lower() for w in re.findall(r"[A-Za-z]{2,}", text))
    return out


def _check_coverage(doc: _Doc) -> None:
    proposal = doc.ctx.proposal
    if proposal is None or not proposal.suggestions:
        return
    start = (doc.opening + 1) if doc.opening is not None else doc.text_start
    body = [k for k in range(start, len(doc.paragraphs)) if doc.is_text(k)]
    if not body:
        return
    units: list[tuple[int, str, str]] = []  # (paragraph, heading text, whole text)
    for k in body:
        units.append((k, "", doc.paragraphs[k]))
        h = doc.headings[k]
        if h is not None:
            block = [doc.paragraphs[k]]
            for j in body:
                hj = doc.headings[j]
                if j > k:
                    if hj is not None and hj.level <= h.level:
                        break
                    block.append(doc.paragraphs[j])
            units.append((k, h.text, "".join(block)))
    unit_tokens = [(k, _tokens(doc, head), _tokens(doc, whole)) for k, head, whole in units]
    level_one = [k for k in body if (h := doc.headings[k]) is not None and h.level == 1]
    anchor = level_one[-1] if level_one else body[0]  # 二、对提案建议的答复, as a rule
    for n, suggestion in enumerate(proposal.suggestions, start=1):
        wanted = _tokens(doc, suggestion)
        if not wanted:
            continue
        best, best_at = 0.0, anchor
        for k, head_tokens, tokens in unit_tokens:
            shared = len(wanted & tokens) / len(wanted)
            if head_tokens:
                joined = " ".join(sorted(head_tokens))
                heading_score = fuzz.token_set_ratio(" ".join(sorted(wanted)), joined) / 100
                shared = max(shared, heading_score if len(head_tokens) >= 2 else 0.0)
            if shared > best:
                best, best_at = shared, k
        if best < 0.5:
            short = suggestion.strip()
            short = short if len(short) <= 30 else short[:30] + "……"
            doc.add(
                "coverage.suggestion",
                anchor,
                0,
                0,
                f"提案第{n}条建议“{short}”在答复中没有找到对应的答复"
                f"（最接近的是第{best_at + 1}段，用词重合{best:.0%}）",
            )


# --- Stale reuse ----------------------------------------------------------------------------

_YEAR = re.compile(r"(?<![\d\-—–~～])((?:19|20)\d{2})\s*年")
_PERIOD = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*[-－—–~～至到]\s*((?:19|20)\d{2})\s*年?")
_RELATIVE = re.compile(r"截至目前|截止目前|目前|今年|去年|本年度|近日|日前|年初以来|年初至今")
_FIGURE = re.compile(
    r"\d|[一二三四五六七八九十百千万亿两]+\s*[个家项件人元万亿所次张台套批户名位笔座]"
)


def _check_stale(doc: _Doc) -> None:
    sources = doc.ctx.sources
    if not sources:
        return
    year = doc.year
    for i, source in enumerate(sources[: len(doc.paragraphs)]):
        if source is None:
            continue
        text = doc.paragraphs[i]
        title = f"《{source.title}》" if source.title else "其他文件"
        periods: list[tuple[int, int]] = []
        if year is not None:
            for m in _PERIOD.finditer(text):
                periods.append(m.span())
                first, last = int(m.group(1)), int(m.group(2))
                if first < last < year:
                    doc.add(
                        "stale.period",
                        i,
                        m.start(),
                        m.end(),
                        f"沿用自{title}的段落引用了{first}—{last}年的期限，"
                        f"到{year}年已经结束：请核实是否有新的政策或数据",
                    )
                    break
            for m in _YEAR.finditer(text):
                if any(a <= m.start() < b for a, b in periods):
                    continue
                old = int(m.group(1))
                if old <= year - 2:
                    doc.add(
                        "stale.year",
                        i,
                        m.start(),
                        m.end(),
                        f"沿用自{title}的段落提到{old}年，答复年度是{year}年：请核实数据是否需要更新",
                    )
                    break
        source_year = _year_of(source.date)
        if year is not None and source_year is not None and source_year == year:
            continue  # written the same year: 今年 still means this year
        for m in _RELATIVE.finditer(text):
            sentence_start = max(text.rfind(c, 0, m.start()) for c in "。；！？") + 1
            ends = [e for e in (text.find(c, m.end()) for c in "。；！？") if e >= 0]
            sentence = text[sentence_start : min(ends) if ends else len(text)]
            if _FIGURE.search(sentence):
                when = f"（原文写于{source_year}年）" if source_year else ""
                doc.add(
                    "stale.relative",
                    i,
                    m.start(),
                    m.end(),
                    f"沿用自{title}{when}的段落写着“{m.group(0)}”并给出数据：请更新为答复时的情况",
                )
                break


# --- Names ----------------------------------------------------------------------------------


def _name_spans(doc: _Doc) -> Iterator[tuple[int, int, int]]:
    """(paragraph, start, end) of the unit names in the salutation, signature and 抄送."""
    places: list[int] = []
    if doc.salutation is not None:
        places.append(doc.salutation)
    if doc.signature is not None:
        places.append(doc.signature)
    for i, text in enumerate(doc.paragraphs):
        if doc.roles[i] == "cc" or _PRESENT["cc"].match(text):
            places.append(i)
    for i in dict.fromkeys(places):
        text = doc.paragraphs[i]
        body_start = 0
        cc = re.match(r"\s*抄\s*送\s*[:：]\s*", text)
        if cc:
            body_start = cc.end()
        for m in re.finditer(r"[^、，,；;。：:\s]+", text[body_start:]):
            s, e = m.start() + body_start, m.end() + body_start
            name = text[s:e]
            trimmed = re.sub(r"(?:等)?(?:委员|代表)$", "", name)
            if len(trimmed) >= 4 and _HAN.search(trimmed):
                yield i, s, s + len(trimmed)


def _check_names(doc: _Doc) -> None:
    wordlist = doc.ctx.wordlist or WordList()
    profile = doc.ctx.profile
    extra: list[str] = []
    if profile is not None:
        extra = [profile.name, *profile.cc, profile.print_office]
    if not len(wordlist) and not any(extra):
        return
    for i, s, e in _name_spans(doc):
        name = doc.paragraphs[i][s:e]
        if name in wordlist:
            continue
        near = wordlist.nearest(name, extra)
        if near is not None:
            doc.add(
                "names.near-miss",
                i,
                s,
                e,
                f"“{name}”与词表中的“{near}”相近：是否写错？",
                Fix(s, e, near),
            )


# --- Entry points ---------------------------------------------------------------------------

_RULE_FUNCS: tuple[Callable[[_Doc], None], ...] = (
    _check_headings,  # first: it marks heading numerals as owned
    _check_doc_numbers,  # marks 文号 brackets as owned
    _check_pinyin,  # marks pinyin annotations as owned
    _check_ordinals,
    _check_dates,
    _check_punctuation,
    _check_leftovers,
    _check_layout,
    _check_consistency,
    _check_completeness,
    _check_coverage,
    _check_stale,
    _check_names,
)
_NOT_SPAN_RULES = ("complete.", "coverage.", "names.")


def check_paragraphs(paragraphs: list[str], ctx: CheckContext | None = None) -> list[Finding]:
    """Run every rule over `paragraphs`; findings sorted by position."""
    ctx = ctx or CheckContext()
    if not any(p.strip() for p in paragraphs):
        return [Finding("complete.title", RULES["complete.title"].severity, "文档是空的", 0, 0, 0)]
    doc = _Doc(list(paragraphs), ctx)
    for rule in _RULE_FUNCS:
        rule(doc)
    findings = doc.findings
    if ctx.wordlist is not None and len(ctx.wordlist):
        findings = _drop_known_names(findings, paragraphs, ctx.wordlist)
    return sorted(findings, key=lambda f: (f.paragraph, f.start, f.end, f.rule))


def _drop_known_names(
    findings: list[Finding], paragraphs: list[str], wordlist: WordList
) -> list[Finding]:
    spans = {i: wordlist.spans(text) for i, text in enumerate(paragraphs)}
    return [
        f
        for f in findings
        if f.rule.startswith(_NOT_SPAN_RULES)
        or not any(a <= f.start and f.end <= b for a, b in spans.get(f.paragraph, []))
    ]


def check_draft(
    draft: Draft,
    profile: BureauProfile | None = None,
    wordlist: WordList | None = None,
    *,
    tokenizer: Tokenizer | None = None,
    year: int | None = None,
) -> list[Finding]:
    """Check a draft as it will print: the rendered blocks, their roles and provenance."""
    from replydraft import render  # the reader sees rendered text; check exactly that

    blocks = render.render_blocks(draft)
    proposal = draft.proposal
    has_proposal = bool(proposal.suggestions or proposal.proposal_number or proposal.title)
    ctx = CheckContext(
        proposal=proposal if has_proposal else None,
        profile=profile,
        wordlist=wordlist,
        sources=[b.source for b in blocks],
        roles=[b.role for b in blocks],
        year=year if year is not None else _year_of(draft.date),
        tokenizer=tokenizer,
        draft=True,
        result=draft.header.result,
    )
    return check_paragraphs([b.text for b in blocks], ctx)


def check_parsed_record(
    paragraphs: list[str],
    parsed: Parsed,
    *,
    tokenizer: Tokenizer | None = None,
    wordlist: WordList | None = None,
    profile: BureauProfile | None = None,
) -> list[Finding]:
    """Check imported (published) text, using what the parser read out of it."""
    reference = Parsed(kind=Kind.PROPOSAL, proposal_number=parsed.proposal_number)
    ctx = CheckContext(
        require=None if parsed.kind == Kind.REPLY else [],  # only a reply has a signature block
        proposal=reference if parsed.proposal_number else None,
        profile=profile,
        wordlist=wordlist,
        year=_year_of(parsed.date),
        tokenizer=tokenizer,
        draft=False,
        result=parsed.result,
    )
    return check_paragraphs(paragraphs, ctx)


def apply_fixes(
    paragraphs: list[str], findings: Iterable[Finding], rules: set[str] | None = None
) -> tuple[list[str], list[Finding]]:
    """Apply the fixes of the findings whose rule is asked for (all fixable ones when `rules`
    is None). A rule family such as "punct" selects all its rules. Overlapping fixes: the
    first in reading order wins. Returns the new paragraphs and the findings applied."""
    chosen = [
        f
        for f in findings
        if f.fix is not None
        and (rules is None or f.rule in rules or f.rule.split(".", 1)[0] in rules)
        and 0 <= f.paragraph < len(paragraphs)
    ]
    out = list(paragraphs)
    applied: list[Finding] = []
    by_paragraph: dict[int, list[Finding]] = {}
    for f in chosen:
        by_paragraph.setdefault(f.paragraph, []).append(f)
    for i, items in by_paragraph.items():
        items.sort(key=lambda f: (f.fix.start, f.fix.end) if f.fix else (0, 0))
        kept: list[Finding] = []
        reach = -1
        for f in items:
            assert f.fix is not None
            if f.fix.start < reach or (kept and f.fix == kept[-1].fix):
                continue  # overlaps a fix already taken
            if not 0 <= f.fix.start <= f.fix.end <= len(out[i]):
                continue
            kept.append(f)
            reach = max(reach, f.fix.end)
        text = out[i]
        for f in reversed(kept):
            assert f.fix is not None
            text = text[: f.fix.start] + f.fix.replacement + text[f.fix.end :]
        out[i] = text
        applied.extend(kept)
    applied.sort(key=lambda f: (f.paragraph, f.start))
    return out, applied


def _numeral(n: int) -> str:
    """A heading's Chinese numeral; past 九十九, which has none, its digits."""
    return to_chinese(n) if 0 < n < 100 else str(n)
