"""The document under check, shared by every rule: the context (facts besides the text), the
paragraphs with their title zone, salutation, headings, hard-wrap chains, signature and date
lines, the spans one rule owns, and the character classes and patterns several rules use."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from replydraft import genre
from replydraft.check.findings import RULES, Finding, Fix, Severity
from replydraft.check.wordlist import WordList
from replydraft.numbering import Heading, match_heading
from replydraft.profiles import BureauProfile
from replydraft.records import Parsed, Source
from replydraft.roles import is_opening

if TYPE_CHECKING:
    from replydraft.tokenize import Tokenizer


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
# How a title ends: a reply's, a proposal's, or the 通知 that forwards one; any 意见 (办理意见),
# which parse cannot take as a reply's (a policy's 指导意见 ends so too).
_TITLE_END = re.compile(
    "(?:"
    + "|".join((*genre.REPLY_TITLE_ENDINGS, *genre.PROPOSAL_TITLE_ENDINGS, "通知", "意见"))
    + r")\s*$"
)
# Raw lines may break the opening formula before its 收悉 ("您在……会议上提出的 / 《关于……》
# 提案收悉"): its first line, after the title and label lines, names what was 提出的. Only
# here: in whole paragraphs (roles.py) 提出的 is as often the body's.
_OPENING_FIRST_LINE = re.compile(r"提出的")
_SALUTATION_TAIL = re.compile(rf"(?:{genre.ADDRESSEE_TITLE}|先生|女士)\s*[:：]?$")
_HELLO = re.compile(r"^(.*?)[,，]\s*您好\s*[!！。]?$")
_LEVEL_ROLES = {f"heading{n}": n for n in range(1, 5)}
_BODY_ROLES = {"", "body"}  # roles that hold running text (headings aside)


def _excerpt(text: str, start: int, end: int, width: int = 8) -> str:
    a, b = max(0, start - width), min(len(text), max(end, start) + width)
    return ("…" if a else "") + text[a:b].replace("\n", "↵") + ("…" if b < len(text) else "")


def _year_of(iso: str) -> int | None:
    m = re.match(r"\s*((?:19|20)\d{2})", iso or "")
    return int(m.group(1)) if m else None


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
            if is_opening(t) or _OPENING_FIRST_LINE.search(t):
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
