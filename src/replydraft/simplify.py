"""Text in traditional characters into simplified ones, without the pinyin a web mirror
printed after each character ("農(nóng)村").

Replies are drafted in simplified characters, and one published in traditional ones (a
county's 繁體 page, a mirror) would otherwise share no word with them: search would never
find it and reuse could not take it. OpenCC's t2s tables convert it; text already in
simplified characters is left exactly as it is (t2s would also change a few characters
that simplified text uses, 乾 or 著, so conversion is only for text that plainly is
traditional).
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import opencc

# Share of the Chinese characters t2s changes: 20-30% in traditional text, under 1% in
# simplified text (乾, 著, 麽 ...).
TRADITIONAL_SHARE = 0.05
_MIN_CHANGED = 4

_CJK = re.compile(r"[\u4e00-\u9fff]")
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
# A syllable in brackets right after a character: "農(nóng)", "發(fā)".
_PINYIN = re.compile(rf"(?<=[\u4e00-\u9fff])[(（]([a-zü{_TONED}]{{1,7}})[)）]")
_MIN_PINYIN = 3  # a bracket or two may be anything; a mirror's annotations come by the dozen

# Traditional forms so common that no traditional reply lacks them all (們, 這, 為, 會, 關, 議,
# 區, 縣…): text without any is simplified, and OpenCC (11 ms to load) is not asked.
TELLTALE = frozenset(
    "們這個為會與關對發經區國來時說問題實現業機專學長開東書體點種將應縣鄉農議見過還從並"
)

TRADITIONAL_NOTE = "正文是繁体字，已转为简体字"
PINYIN_NOTE = "已去掉网页在字后加注的拼音"


@functools.cache
def _converter() -> opencc.OpenCC:
    import opencc  # a C++ library: loaded only when a text needs it

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> tuple[str, tuple[str, ...]]:
    """(the text in simplified characters without a mirror's pinyin, notes on what changed)."""
    notes: list[str] = []
    toned = [m for m in _PINYIN.finditer(text) if any(c in _TONED for c in m.group(1))]
    if len(toned) >= _MIN_PINYIN:
        text = _PINYIN.sub("", text)
        notes.append(PINYIN_NOTE)
    chinese = len(_CJK.findall(text))
    if chinese and not TELLTALE.isdisjoint(text):
        converted = _converter().convert(text)
        changed = sum(1 for a, b in zip(text, converted, strict=False) if a != b)
        if changed >= _MIN_CHANGED and changed / chinese >= TRADITIONAL_SHARE:
            text = converted
            notes.append(TRADITIONAL_NOTE)
    return text, tuple(notes)
