"""The genre's heading numerals: 一、 / （一） / 1. / （1）, and the inline 一是、二是.

Shared by the parser (to find sections), the drafter (to number them) and the proofreader
(to catch gaps and lost numerals), so all three agree on what a heading is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_DIGITS = "零一二三四五六七八九"
_CN = "[一二三四五六七八九十]{1,3}"

LEVEL_MARKERS = {1: "{}、", 2: "（{}）", 3: "{}.", 4: "（{}）"}

_PATTERNS: list[tuple[int, re.Pattern[str]]] = [
    (2, re.compile(rf"^\s*[（(]\s*({_CN})\s*[）)]\s*")),
    (4, re.compile(r"^\s*[（(]\s*(\d{1,2})\s*[）)]\s*")),
    (1, re.compile(rf"^\s*({_CN})\s*[、.．]\s*")),
    # "1." but not "1.5亿" nor "2024年": a 1-2 digit number, a dot or 、, then no digit.
    (3, re.compile(r"^\s*(\d{1,2})\s*[.．、](?!\d)\s*")),
]
# A level-1 heading whose numeral was lost in conversion: "、对提案建议的答复".
_LOST_NUMERAL = re.compile(r"^\s*[、]\s*(?=\S)")
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


def match_heading(line: str) -> Heading | None:
    """Recognise a numbered heading at the start of `line`; None for ordinary text."""
    for level, pattern in _PATTERNS:
        m = pattern.match(line)
        if not m:
            continue
        raw = m.group(1)
        number = int(raw) if raw.isdigit() else from_chinese(raw)
        if number is None:
            continue
        return Heading(level, number, line[: m.end()].strip(), line[m.end() :].strip())
    m = _LOST_NUMERAL.match(line)
    if m:
        return Heading(1, None, line[: m.end()].strip(), line[m.end() :].strip())
    return None


def ordinal_clauses(paragraph: str) -> list[tuple[int, int]]:
    """The inline sequence 一是…二是… as (number, character offset) pairs, in order."""
    out: list[tuple[int, int]] = []
    for m in _ORDINAL_CLAUSE.finditer(paragraph):
        n = from_chinese(m.group(1))
        if n is not None:
            out.append((n, m.start(1)))
    return out
