"""What each paragraph of an archived document does in its genre: its role.

A reply's paragraphs are not all reusable the same way: the opening formula, the 办理概述,
the thanks and the contact block belong to the proposal they answered; only the answer
body says something another reply can take over under a suggestion. Roles are derived
from the parser's structure (opening, preamble, sections, closing) and checked against
genre cues in the text (收悉, 高度重视, 下一步, 责任部门), because parsed structure is often
incomplete on scraped text. Computed when a record is indexed (index.py), never stored in
the archive.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Sequence
from enum import StrEnum
from itertools import accumulate

from replydraft import genre
from replydraft.numbering import split_heading
from replydraft.records import Kind, Parsed


class Role(StrEnum):
    HEADER = "header"  # title, salutation, 办理结果/文号 lines: this document's own
    OPENING = "opening"  # ……收悉，现将办理情况答复如下
    OVERVIEW = "overview"  # 办理概述: 高度重视, 会同……, contact with the proposer
    BODY = "body"  # the answer: what was done, what is planned, under a suggestion
    HEADING = "heading"  # a section heading standing alone
    NEXT = "next"  # 下一步 (next steps)
    CLOSING = "closing"  # thanks, 是否满意, the rest of the frame after the body
    CONTACT = "contact"  # signature, date, contact block, 版记
    POLICY = "policy"  # policy-plan text: a policy document, or a task line with 责任部门


# The values paragraph_roles gives, looked up once (Role.X.value is a descriptor: a tenth of
# its loop).
_V_HEADER, _V_OPENING, _V_OVERVIEW = Role.HEADER.value, Role.OPENING.value, Role.OVERVIEW.value
_V_BODY, _V_HEADING, _V_NEXT = Role.BODY.value, Role.HEADING.value, Role.NEXT.value
_V_CLOSING, _V_CONTACT, _V_POLICY = Role.CLOSING.value, Role.CONTACT.value, Role.POLICY.value

# Only these go into a draft's per-suggestion slots.
SLOT_ROLES = frozenset({Role.BODY})
# What a paragraph search finds: not what belongs to its own document alone (its title,
# salutation and 文号, a section heading standing alone, the signature and contact block),
# which no other reply takes over and whose few words crowded out the answers a search is
# for. A body paragraph's hit still shows its section's heading.
SEARCHED_ROLES = frozenset(Role) - {Role.HEADER, Role.HEADING, Role.CONTACT}

# The genre's cues (opening, 概述, 下一步, closing, task line) are genre.py's; this module
# decides what they make of a paragraph, with the parsed structure.
# Two patterns, not one alternation: `match` tries the anchored one at the start only, and
# the search for 印发 at the end skips to each 印 (a third of the cost, over every paragraph).
_CONTACT_LABELS = (
    "联系人 联系电话 联系地址 邮政编码 邮编 承办人 分管领导 联系单位 抄送 印发 签发人 办理结果"
    " 公开属性 共印 附件"
).split()
_CONTACT_START = re.compile(
    r"\s*(?:" + "|".join(_CONTACT_LABELS) + ")"
    r"|\s*(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*$"
)
# What a paragraph _CONTACT_START matches starts with, but for whitespace.
_CONTACT_FIRSTS = frozenset({label[0] for label in _CONTACT_LABELS} | {"1", "2"})
_PRINTED_BY = re.compile(r"印发\s*$")
# A reply's title; any 意见 too (办理意见), which parse cannot count as a reply's.
_TITLE = re.compile("(?:" + "|".join((*genre.REPLY_TITLE_ENDINGS, "意见")) + r")\s*$")
_FIELD = re.compile(r"^\s*[\u4e00-\u9fff]{1,6}\s*[:：]")
_STAMP = re.compile(
    r"^\s*(?:19|20)\d{2}[-/.年]\d{1,2}[-/.月]\d{1,2}日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s*$"
)


# A document's cues are looked for at once: one scan of its paragraphs for the words one of
# which every match of a cue holds, then each cue's own pattern only in the paragraphs where
# its words are (a paragraph at a time, up to six searches each, was most of a build's
# roles). The bits of what a paragraph may hold:
_OPENING, _CLOSING, _POLICY, _NEXT, _OVERVIEW, _PRINTED = (1 << k for k in range(6))
# Each cue's words: every string its pattern matches holds one (tests/core/test_roles.py
# spells the patterns out to keep the two in step).
CUE_WORDS: dict[int, tuple[str, ...]] = {
    # not 答复如下: 如下 would run on into 下一步 (答复如下一步…), hiding it
    _OPENING: ("收悉", "答复", "函复", "复函", "函告", "回复"),
    _CLOSING: ("感谢", "是否满意", "敬请反馈", "欢迎", "特此"),
    _POLICY: ("责任部门", "牵头部门", "责任单位", "牵头单位"),
    _NEXT: ("下一步",),
    _OVERVIEW: tuple(genre.OVERVIEW_HINT.pattern.split("|")),
    _PRINTED: ("印发",),
}
# What finding a word tells: every cue one of whose words is in it (a shorter word inside a
# longer one is not found apart: the scan goes on after the longer).
WORD_CUES: dict[str, int] = {
    word: sum(bit for bit, words in CUE_WORDS.items() if any(w in word for w in words))
    for word in {w for words in CUE_WORDS.values() for w in words}
}
# Longest first: of the words starting at a place, the scan finds the longest, whose bits
# hold those of the others (they are its prefixes).
_CUE_SCAN = re.compile("|".join(map(re.escape, sorted(WORD_CUES, key=len, reverse=True))))


def missed_overlaps() -> list[tuple[str, str]]:
    """Pairs (word, other) where `other` starts inside `word` and runs past it, telling more
    than `word` does: the scan, going on after `word`, would not find it. Kept empty (a
    test), so that `_cues` finds every cue's words."""
    return [
        (word, other)
        for word in WORD_CUES
        for other in WORD_CUES
        for k in range(1, len(word))
        if other.startswith(word[k:])
        and len(other) > len(word) - k
        and WORD_CUES[other] & ~WORD_CUES[word]
    ]


def top_branches(pattern: str) -> list[str]:
    """A pattern's top-level alternatives, as written ("|".join of them gives it back)."""
    out: list[str] = []
    depth, in_set, escaped, branch = 0, False, False, ""
    for ch in pattern:
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif in_set:
            in_set = ch != "]"
        elif ch == "[":
            in_set = True
        elif ch in "()":
            depth += 1 if ch == "(" else -1
        elif ch == "|" and depth == 0:
            out.append(branch)
            branch = ""
            continue
        branch += ch
    return [*out, branch]


# genre.OVERVIEW_CUE as two patterns: its branches anchored at the start (^.{0,30}高度重视),
# matched at the start alone, and the others, searched for. One search tried the anchored
# ones at every place of a paragraph: a third of its time.
_OVERVIEW_BRANCHES = top_branches(genre.OVERVIEW_CUE.pattern)
_OVERVIEW_AT_START = re.compile("|".join(b for b in _OVERVIEW_BRANCHES if b.startswith("^")))
_OVERVIEW_ANYWHERE = re.compile("|".join(b for b in _OVERVIEW_BRANCHES if not b.startswith("^")))


def is_overview(text: str) -> bool:
    """Whether genre.OVERVIEW_CUE finds a match in `text` (a 办理概述 paragraph's cue)."""
    return _OVERVIEW_AT_START.match(text) is not None or _OVERVIEW_ANYWHERE.search(text) is not None


def _cues(paragraphs: Sequence[str]) -> list[int]:
    """The cue bits of each paragraph: those whose words it holds."""
    bits = [0] * len(paragraphs)
    # Words hold no line break, so none is found across two paragraphs.
    starts = list(accumulate(map((1).__add__, map(len, paragraphs)), initial=0))
    for m in _CUE_SCAN.finditer("\n".join(paragraphs)):
        bits[bisect_right(starts, m.start()) - 1] |= WORD_CUES[m.group()]
    return bits


def is_opening(text: str) -> bool:
    """Whether a reply paragraph holds the opening formula (……收悉，现将办理情况答复如下)."""
    return genre.OPENING_CUE.search(text) is not None


def is_frame(text: str) -> bool:
    """Whether a paragraph is the reply's frame, which belongs to the proposal it answered:
    the opening formula, the thanks and the rest of the closing."""
    return genre.OPENING_CUE.search(text) is not None or genre.CLOSING_CUE.search(text) is not None


def is_policy_line(text: str) -> bool:
    """Whether a paragraph is a policy plan's task line ("……（责任部门：区科委）")."""
    return genre.POLICY_TASK_LINE.search(text) is not None


def _key(text: str) -> str:
    # split() drops what the regex \s matches (both are str.isspace), in a third of the time
    return "".join(unicodedata.normalize("NFKC", text).split()).replace("*", "")


class TextKeys:
    """One document's `_key`s and numbering.split_heading's, each worked out once: its
    section headings and heading paragraphs are asked about by index.sections_of and by
    paragraph_roles, several times each (the same pure functions, remembered by text)."""

    def __init__(self) -> None:
        self._keys: dict[str, str] = {}
        self._splits: dict[str, tuple[str, str] | None] = {}

    def key(self, text: str) -> str:
        """_key(text)."""
        key = self._keys.get(text)
        if key is None:
            key = self._keys[text] = _key(text)
        return key

    def split(self, text: str) -> tuple[str, str] | None:
        """numbering.split_heading(text)."""
        if text in self._splits:
            return self._splits[text]
        found = self._splits[text] = split_heading(text)
        return found


# Keys of a paragraph's start: NFKC over whole paragraphs, several times each, was a third of
# an index build. A key of the first HEAD characters that came out long enough is the whole
# key's start (a cut can only change the key's last character or two).
SAME_CHARS = 24  # _same compares this much of two keys
HEAD = 64


def _head_key(text: str) -> str:
    """The key of `text`, or a key at least SAME_CHARS + 8 long that starts as it does."""
    if len(text) <= HEAD:
        return _key(text)
    key = _key(text[:HEAD])
    return key if len(key) >= SAME_CHARS + 8 else _key(text)


def _same_key(ka: str, kb: str) -> bool:
    """Whether two keys (`_head_key`s will do) show the same paragraph, or one starting the
    other."""
    if not ka or not kb:
        return False
    short = min(len(ka), len(kb), SAME_CHARS)
    return ka[:short] == kb[:short]


def _same(a: str, b: str) -> bool:
    """Whether paragraph `a` is the parsed text `b` (or starts with it / it starts with a)."""
    return _same_key(_head_key(a), _head_key(b))


def _may_be_numbered(text: str) -> bool:
    """False when `text` cannot start with a heading numeral (numbering.match_heading's
    patterns begin with a space, a bracket, 、, a Chinese numeral or a digit)."""
    c = text[:1]
    return bool(c) and (c in "（(、一二三四五六七八九十" or c.isspace() or c.isdecimal())


# The ideographs a heading numeral may start with (see _may_be_numbered).
_NUMERALS = frozenset("一二三四五六七八九十")

# A heading numeral's key is at most this long: "（一二三）", "(12)", "九十九、".
NUMERAL_KEY = 6


class _Headings:
    """A document's section headings as keys, and whether a paragraph (its numeral left
    out) is one of them, without normalising the whole of a long paragraph."""

    def __init__(self, keys: set[str], known: TextKeys) -> None:
        self.keys = keys
        # A heading paragraph is asked about again as the heading of the paragraphs under
        # it (paragraph_roles' `inherited`), and by index.sections_of.
        self._known = known
        self._unnumbered: dict[str, str] = {}
        self.firsts = frozenset(key[:1] for key in keys)
        # A paragraph whose key is longer than the longest heading's and a numeral's is none.
        self._longest = max(map(len, keys), default=0) + NUMERAL_KEY + 2
        self._cut = 2 * self._longest + 8

    def holds(self, text: str) -> bool:
        if not self.keys:
            return False
        c = text[:1]
        if "\u4e00" <= c <= "\u9fff" and c not in _NUMERALS and c not in self.firsts:
            # A paragraph starting with an ideograph (no numeral) has a key starting with it:
            # NFKC keeps it, and it combines with nothing after it.
            return False
        if len(text) > self._cut and len(_key(text[: self._cut])) > self._longest:
            return False
        return self.key(text) in self.keys

    def key(self, text: str) -> str:
        """The key of `text` without its heading numeral (when one leaves text after it)."""
        key = self._unnumbered.get(text)
        if key is None:
            numbered = self._known.split(text) if _may_be_numbered(text) else None
            rest = numbered[1] if numbered and numbered[1] else text  # _unnumbered's
            key = self._unnumbered[text] = self._known.key(rest)
        return key


def paragraph_roles(
    parsed: Parsed,
    paragraphs: Sequence[str],
    sections: Sequence[str],
    known: TextKeys | None = None,
) -> list[str]:
    """The role (Role value) of each paragraph; `sections[i]` is the heading of the section
    paragraph i stands in ("" before the first), as index.sections_of gives it; `known`:
    the keys it worked out for the same document, if any."""
    n = len(paragraphs)
    if parsed.kind == Kind.POLICY:
        return [_V_POLICY] * n
    if parsed.kind != Kind.REPLY:
        return [_V_BODY] * n  # a proposal's text: what it asks, all of it
    cues = _cues(paragraphs)
    heads: list[str | None] = [None] * n  # each paragraph's _head_key, made when first needed

    def finder(target: str) -> Callable[[int], bool]:
        """Whether paragraph i is the parsed text `target`: _same_key of their _head_keys,
        made only where neither the text nor its first ideograph tells (keys start with
        their ideographs, see _Headings.holds)."""
        start = target[:1]
        from_start = "\u4e00" <= start <= "\u9fff"
        wanted: list[str] = []  # target's _head_key, made when first needed

        def same(i: int) -> bool:
            text = paragraphs[i]
            c = text[:1]
            ideograph = "\u4e00" <= c <= "\u9fff"
            if ideograph and text == target:
                return True  # one key, not empty
            if ideograph and from_start and c != start:
                return False
            if not wanted:
                wanted.append(_head_key(target))
            if ideograph and c != wanted[0][:1]:
                return False
            key = heads[i]
            if key is None:
                key = heads[i] = _head_key(text)
            return _same_key(key, wanted[0])

        return same

    opening: int | None = None
    if parsed.opening:
        same = finder(parsed.opening)
        opening = next((i for i in range(n) if same(i)), None)
    if opening is None:
        opening = next(
            (i for i, p in enumerate(paragraphs[:15]) if cues[i] & _OPENING and is_opening(p)),
            None,
        )
    closing_at = n
    if parsed.closing:
        same = finder(parsed.closing[0])
        # The last paragraph that matches: looked for from the end, where the closing is.
        last = next((i for i in range(n - 1, -1, -1) if same(i)), None)
        if last is not None:
            closing_at = last
    known = TextKeys() if known is None else known
    keys = {s.heading: known.key(s.heading) for s in parsed.all_sections() if s.heading}
    headings = _Headings(set(keys.values()), known)
    # A top-level 下一步 or 办理概述 section gives its role to everything under it.
    under: dict[str, Role] = {}
    for top in parsed.sections:
        role = (
            Role.NEXT
            if genre.NEXT_HEADING.search(top.heading)
            else Role.OVERVIEW
            if genre.OVERVIEW_HEADING.search(top.heading)
            else None
        )
        if role is not None:
            under.update((keys[s.heading], role) for s in top.walk() if s.heading)
    inherited: dict[str, Role | None] = {}  # by section heading: a few for many paragraphs
    # Most paragraphs stand between the opening and the closing (past the title's place
    # without an opening) and hold no cue word but 办理概述's, nor a first character that a
    # contact line can start with: of _role's rules only the last four can hold of them.
    after = opening if opening is not None else 7
    # A paragraph starting with another ideograph is no heading (see _Headings.holds).
    heading_starts = _NUMERALS | headings.firsts
    out: list[str] = []
    role = None  # inherited from the paragraph's section
    for i, text in enumerate(paragraphs):
        if under:
            section = sections[i] if i < len(sections) else ""
            if section not in inherited:
                inherited[section] = under.get(headings.key(section))
            role = inherited[section]
        bits = cues[i] if i < 15 else cues[i] & ~_OPENING  # past 15, no opening is looked for
        c = text[:1]
        if (
            not bits & ~_OVERVIEW
            and after < i < closing_at
            and c
            and c not in _CONTACT_FIRSTS
            and not c.isspace()
        ):
            # Only the last rules can hold: a heading is asked for only where one can start.
            maybe_heading = c in heading_starts or not "\u4e00" <= c <= "\u9fff"
            out.append(_in_body(text, bits, role, headings if maybe_heading else None))
        else:
            out.append(_role(text, i, bits, role, opening, closing_at, headings))
    return out


def _role(
    text: str,
    i: int,
    cues: int,
    inherited: Role | None,
    opening: int | None,
    closing_at: int,
    headings: _Headings,
) -> str:
    """The value of the role of paragraph `i`; `cues`: its bits from `_cues`."""
    if not text or text.isspace():
        return _V_CONTACT if i > closing_at else _V_HEADER
    if opening is not None and i < opening:
        return _V_HEADER
    if i == opening or (i < 15 and cues & _OPENING and is_opening(text)):
        return _V_OPENING
    if (opening is None and i < 8 and len(text) < 60) and (
        _TITLE.search(text) or _FIELD.search(text) or _STAMP.search(text)
    ):
        return _V_HEADER  # the title and web metadata above a body without an opening
    if i >= closing_at:
        return _V_CLOSING if cues & _CLOSING and genre.CLOSING_CUE.search(text) else _V_CONTACT
    if _CONTACT_START.match(text) or (cues & _PRINTED and _PRINTED_BY.search(text)):
        return _V_CONTACT
    if cues & _CLOSING and genre.CLOSING_CUE.search(text):
        return _V_CLOSING
    if cues & _POLICY and is_policy_line(text):
        return _V_POLICY
    return _in_body(text, cues, inherited, headings)


def _in_body(text: str, cues: int, inherited: Role | None, headings: _Headings | None) -> str:
    """_role's last rules, for a paragraph between the opening and the closing that is no
    contact, closing or policy line (`headings` None: it cannot be one of them)."""
    if headings is not None and headings.holds(text):
        return _V_HEADING
    if (cues & _NEXT and genre.NEXT_CUE.search(text)) or inherited == Role.NEXT:
        return _V_NEXT
    if inherited == Role.OVERVIEW or (cues & _OVERVIEW and is_overview(text)):
        return _V_OVERVIEW
    return _V_BODY
