"""The genre's heading numerals: 一、 / （一） / 1. / （1）, and the inline 一是、二是.

Shared by the parser (to find sections), the drafter (to number them) and the proofreader
(to catch gaps and lost numerals), so all three agree on what a heading is.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

_DIGITS = "零一二三四五六七八九"
_CN = "[一二三四五六七八九十]{1,3}"

LEVEL_MARKERS = {1: "{}、", 2: "（{}）", 3: "{}.", 4: "（{}）"}

# The four numerals in the order they are tried (（一） before （1）, 一、 before 1.), and a
# level-1 heading whose numeral was lost in conversion ("、对提案建议的答复"), as the branches
# of one pattern: each starts with a character no other does, so the branch that matches is
# the one that trying them in turn would find, in one call instead of five.
_HEADING = re.compile(
    rf"\s*(?:[（(]\s*(?:(?P<l2>{_CN})|(?P<l4>\d{{1,2}}))\s*[）)]"
    rf"|(?P<l1>{_CN})\s*[、.．]"
    # "1." but not "1.5亿" nor "2024年": a 1-2 digit number, a dot or 、, then no digit.
    r"|(?P<l3>\d{1,2})\s*[.．、](?!\d)"
    r"|(?P<lost>、)\s*(?=\S))\s*"
)
_LEVEL = {"l1": 1, "l2": 2, "l3": 3, "l4": 4, "lost": 1}
_ORDINAL_CLAUSE = re.compile(rf"(?:^|(?<=[。；;！!]))\s*({_CN})是")


def to_chinese(n: int) -> str:
    """1 -> 一, 10 -> 十, 12 -> 十二, 20 -> 二十, 99 -> 九十九."""
    if not 0 < n < 100:
        raise ValueError(f"中文序号只能是 1 到 99，不能是 {n}（同一级标题最多 99 个）")
    tens, ones = divmod(n, 10)
    if tens == 0:
        return _DIGITS[ones]
    head = "" if tens == 1 else _DIGITS[tens]
    return head + "十" + (_DIGITS[ones] if ones else "")


def from_chinese(text: str) -> int | None:
    """一 -> 1, 十二 -> 12, 二十 -> 20; None for anything that is not such a numeral."""
    if not text or any(c not in _DIGITS[1:] + "十" for c in text):
        return None
    if "十" not in text:
        return _DIGITS.index(text) if len(text) == 1 else None
    tens_part, _, ones_part = text.partition("十")
    if "十" in ones_part or len(tens_part) > 1 or len(ones_part) > 1:
        return None
    tens = _DIGITS.index(tens_part) if tens_part else 1
    ones = _DIGITS.index(ones_part) if ones_part else 0
    return tens * 10 + ones


# What from_chinese makes of every string _CN matches (1,110 of them): looked up, not parsed,
# for each heading-like paragraph of an index build.
_CN_VALUES = {
    "".join(chars): from_chinese("".join(chars))
    for size in (1, 2, 3)
    for chars in itertools.product(_DIGITS[1:] + "十", repeat=size)
}


def marker(level: int, number: int) -> str:
    """The printed numeral of a heading: marker(1, 2) -> 二、, marker(2, 3) -> （三）."""
    numeral = to_chinese(number) if level in (1, 2) else str(number)
    return LEVEL_MARKERS[level].format(numeral)


@dataclass(frozen=True)
class Heading:
    level: int  # 1 一、  2 （一）  3 1.  4 （1）
    number: int | None  # None when the numeral was lost ("、对提案建议的答复")
    marker: str  # the numeral as printed, e.g. "（一）"
    text: str  # the rest of the line


def _matched(line: str) -> tuple[re.Match[str], str] | None:
    """_HEADING's match at the start of `line` and the name of the branch that matched;
    None for ordinary text (a Chinese numeral with no value, 十十, is none either)."""
    m = _HEADING.match(line)
    if m is None:
        return None
    group = m.lastgroup or "lost"  # the one named group of the branch that matched
    if group in ("l1", "l2") and _CN_VALUES[m[group]] is None:
        return None
    return m, group


def match_heading(line: str) -> Heading | None:
    """Recognise a numbered heading at the start of `line`; None for ordinary text."""
    found = _matched(line)
    if found is None:
        return None
    m, group = found
    raw = m[group]
    number = int(raw) if group in ("l3", "l4") else _CN_VALUES.get(raw)  # lost: None
    end = m.end()
    return Heading(_LEVEL[group], number, line[:end].strip(), line[end:].strip())


def split_heading(line: str) -> tuple[str, str] | None:
    """(marker, text) of match_heading(line), or None as it gives: without making the
    Heading, for an index build, which asks of most paragraphs twice."""
    found = _matched(line)
    if found is None:
        return None
    end = found[0].end()
    return line[:end].strip(), line[end:].strip()


def ordinal_clauses(paragraph: str) -> list[tuple[int, int]]:
    """The inline sequence 一是…二是… as (number, character offset) pairs, in order."""
    out: list[tuple[int, int]] = []
    for m in _ORDINAL_CLAUSE.finditer(paragraph):
        n = from_chinese(m.group(1))
        if n is not None:
            out.append((n, m.start(1)))
    return out
