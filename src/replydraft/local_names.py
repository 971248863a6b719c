"""The names a paragraph gives of its own place: towns, markets, roads, works, local organs.

places.py knows the country's provinces, cities and districts; below them every reply names
its own towns (古岳峰镇), markets (五眼桥、鹿鹤…涢水菜市场), roads and works, and its own organs
(市政府 in a city's reply). Read in another place's draft they are that place's, not the
officer's: reuse.py marks the spans found here. Found by the genre's endings
(genre.LOCAL_NAME_ENDINGS) after a word jieba tags as a name or does not know, by lists of
such names (closed by a shared ending or 等7处), and by organs at a level word.

Kept out: generic words (genre.GENERIC_NAME_WORDS: 农贸市场, 政府, 企业), counts (两镇四村,
各乡镇), national bodies and firms (国务院, 工商银行), anything inside a 《title》, the
officer's own names, organs at the officer's own level (区疾控中心 is the officer's too when
both are districts) and provincial ones of the same province.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Collection
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from replydraft import genre
from replydraft.places import Gazetteer

if TYPE_CHECKING:
    from replydraft.postag import Tagger

# jieba's tags for names: places, persons, organisations, other proper nouns.
_NAME_TAGS = frozenset({"ns", "nr", "nrt", "nrfg", "nt", "nz"})
# Tags that end a name when reading back from a list's first item: 改造/v 五眼桥, 将/d 淦田.
_STOP_TAGS = frozenset({"v", "vn", "vd", "p", "c", "d", "r", "u", "uj", "ul", "f", "x", "t"})
# An organ after its level word: no particles or pronouns inside, and not longer than this.
_ORGAN_STOP_TAGS = frozenset({"p", "c", "d", "r", "u", "uj", "ul", "f", "x", "m"})
_ORGAN_CHARS = 12
_ORGAN_WORDS = 5
# Characters that join words rather than name things; a word jieba glued one to (委将) is
# no part of the name after it.
_FUNCTION_CHARS = re.compile("[将把对向在和与及从于被由给让为]")
_TITLE = re.compile("《[^《》]*》")
_HAN = re.compile(f"[{genre.CJK}]+")
_ITEM_CHARS = 5  # a listed name is at most this long (淦田, 古岳峰, 五眼桥, 王十万)
_ENDINGS = sorted(genre.LOCAL_NAME_ENDINGS, key=len, reverse=True)
_ORGAN_END = re.compile(
    "(?:" + "|".join(sorted(genre.LOCAL_ORGAN_ENDINGS, key=len, reverse=True)) + ")$"
)


@dataclass(frozen=True)
class Word:
    """One jieba word of a text: [start, end) and its part-of-speech tag."""

    start: int
    end: int
    text: str
    tag: str


@dataclass(frozen=True)
class Levels:
    """The level words of the source's own organs and of the officer's ("市", "县", "区"…) and
    their provinces ("" when unknown)."""

    source: str = ""
    drafting: str = ""
    source_province: str = ""
    drafting_province: str = ""

    @classmethod
    def of(cls, source_unit: str, drafting_unit: str) -> Levels:
        g = Gazetteer.national()
        src, own = g.lowest_in(source_unit), g.lowest_in(drafting_unit)
        return cls(
            _level_word(src.name, src.level) if src else "",
            _level_word(own.name, own.level) if own else "",
            src.province if src else "",
            own.province if own else "",
        )


def _level_word(name: str, level: str) -> str:
    """What a place's replies call their own organs by: 区 (区政府) for 渌口区, 市 for 随州市,
    县 for 紫阳县, 州 for 红河哈尼族彝族自治州, 省 for a province."""
    if level == "province":
        return "省"
    last = name[-1:]
    return last if last in genre.LOCAL_ORGAN_LEVELS else ""


@cache
def _tagger() -> Tagger:
    """One tagger a process (its dictionary grows with the texts it cuts)."""
    from replydraft.postag import Tagger

    return Tagger()


def words(text: str) -> list[Word]:
    """`text`'s jieba words with their tags and offsets."""
    out: list[Word] = []
    at = 0
    for w, tag in _tagger().cut(text):
        start = text.find(w, at)
        if start < 0:  # jieba changed the text (it does not): keep the offsets honest
            continue
        out.append(Word(start, start + len(w), w, tag))
        at = start + len(w)
    return out


def _known(word: str) -> bool:
    """Whether jieba's dictionary holds `word` (an unknown word of a reply is mostly a name)."""
    return bool(_tagger().freq.get(word))


def _name_like(word: Word) -> bool:
    return (
        word.tag in _NAME_TAGS or not _known(word.text) or (word.tag == "m" and len(word.text) >= 2)
    ) and word.text not in genre.GENERIC_NAME_WORDS


def not_a_name(name: str) -> bool:
    """Whether a local-looking name is no place's own: a generic word (农贸市场, 控股集团), a
    count (两镇, 各乡镇), a national body or firm (工商银行, 中国移动)."""
    head = next((name[: -len(e)] for e in _ENDINGS if name.endswith(e) and name != e), name)
    return (
        name in genre.GENERIC_NAME_WORDS
        or name in genre.LOCAL_NAME_ENDINGS  # 街道 of 玉林街道, whose 玉林 the table marks
        or head in genre.GENERIC_NAME_WORDS
        or name[:1] in genre.NOT_NAME_HEADS
        or all(c in genre.NUMERALS for c in head)
        or (name[:1] in genre.NUMERALS and bool(_ending_at(name, 1)))  # 两镇四村
        or name in genre.NATIONAL_NAMES
        or name.startswith(("中国", "国家", "全国"))
    )


def _ending_at(text: str, pos: int) -> str:
    """The local-name ending `text` has at `pos` ("" when none)."""
    return next((e for e in _ENDINGS if text.startswith(e, pos)), "")


@dataclass(frozen=True)
class LocalName:
    """A name `text` gives of its own place: [start, end), and whether it is an organ (市政府:
    which place it meant is worth saying beside it)."""

    start: int
    end: int
    organ: bool = False


def local_names(text: str, levels: Levels, own: Collection[str] = ()) -> list[LocalName]:
    """The names `text` gives of its own place (see module doc), apart from those in `own`
    (the officer's own names) and what overlaps them. Longest first where they overlap; in
    text order."""
    ws = words(text)
    organs = set(_organs(text, ws, levels))
    found = _lists(text, ws) + _suffixed(text, ws) + list(organs)
    titles = [m.span() for m in _TITLE.finditer(text)]
    # A university jieba's dictionary knows by name (复旦大学/nt) is the country's, not the
    # district's that works with it; 江汉 大学 is two words.
    national = {(w.start, w.end) for w in ws if w.tag == "nt" and w.text.endswith("大学")}
    spans: list[tuple[int, int]] = []
    for s, e in sorted(set(found), key=lambda span: span[0] - span[1]):
        name = text[s:e]
        if not_a_name(name) or any(o and (o in name or name in o) for o in own):
            continue
        if (s, e) in national:
            continue
        if any(a <= s and e <= b for a, b in titles):  # a policy's title is cited as it is
            continue
        if any(a < e and s < b for a, b in spans):
            continue
        spans.append((s, e))
    return [LocalName(s, e, (s, e) in organs) for s, e in sorted(spans)]


def _suffixed(text: str, ws: list[Word]) -> list[tuple[int, int]]:
    """A name-like word followed by a local ending: 古岳峰镇, 西关农贸市场, 秋江街道; or one
    word jieba tags as a name that ends with one: 唐镇, 张家村."""
    out: list[tuple[int, int]] = []
    for k, w in enumerate(ws):
        # nz is jieba's "other proper noun": 硅巷 is one, but 集成电路 ends with 路 too.
        if (
            w.tag not in _NAME_TAGS
            or (w.tag == "nz" and len(w.text) > 3)
            or w.text in genre.GENERIC_NAME_WORDS
            or not any(w.text.endswith(e) and len(w.text) > len(e) for e in _ENDINGS)
        ):
            continue
        before = ws[k - 1] if k else None  # 石龙 坪村: the name is 石龙坪村
        whole = before and before.end == w.start and _HAN.fullmatch(before.text)
        start = before.start if before and whole and _name_like(before) else w.start
        out.append((start, w.end))
    for a, b in itertools.pairwise(ws):
        if len(a.text) < 2 or not _HAN.fullmatch(a.text) or not _name_like(a):
            continue
        ending = _ending_at(text, b.start)
        if ending and b.text in genre.LOCAL_NAME_ENDINGS:
            out.append((a.start, b.start + len(ending)))
    return out


_LIST = re.compile(
    f"(?:[{genre.CJK}]{{1,{_ITEM_CHARS}}}、){{1,}}[{genre.CJK}]{{1,{_ITEM_CHARS}}}?"
    f"(?=(?:{'|'.join(_ENDINGS)})|{genre.LOCAL_LIST_COUNT.pattern})"
)


def _lists(text: str, ws: list[Word]) -> list[tuple[int, int]]:
    """The names of a list that share an ending or a count: 五眼桥、鹿鹤…涢水菜市场 (the last
    with the ending), 淦田、朱亭…龙潭等7处. More than half of its items must read as names,
    none as a generic word."""
    out: list[tuple[int, int]] = []
    for m in _LIST.finditer(text):
        start = _first_item_start(ws, m.start(), text.index("、", m.start()))
        items = text[start : m.end()].split("、")
        if any(
            not i or i in genre.GENERIC_NAME_WORDS or i in genre.LOCAL_NAME_ENDINGS for i in items
        ):
            continue
        named = sum(
            _item_named(ws, text, start, i) and i not in genre.NATIONAL_NAMES for i in items
        )
        if 2 * named <= len(items):  # 智慧医疗、数质教育、数字家园、数智扶助: no names
            continue
        # Each name its own mark: one of them may be a place the country's table marks.
        at = start
        for item in items:
            out.append((at, at + len(item)))
            at += len(item) + 1
        out[-1] = (out[-1][0], m.end() + len(_ending_at(text, m.end())))
    return out


def _first_item_start(ws: list[Word], lo: int, sep: int) -> int:
    """Where a list's first item starts: reading back from the first 、 over the words that
    are not verbs, particles and the like ("新建和改造五眼桥" -> 五眼桥)."""
    start = sep
    taken: list[Word] = []
    for w in reversed([w for w in ws if w.end <= sep]):
        if w.start < lo or w.tag in _STOP_TAGS or sep - w.start > _ITEM_CHARS:
            break
        if w.tag not in _NAME_TAGS and _FUNCTION_CHARS.search(w.text):  # 我委将淦田: 委将/n
            break
        # 串联/ns 双河 镇: after its ending, a name is one word (jieba tags verbs ns too)
        if len(taken) == 2 and taken[0].text in genre.LOCAL_NAME_ENDINGS:
            break
        taken.append(w)
        start = w.start
    return start


def _item_named(ws: list[Word], text: str, start: int, item: str) -> bool:
    """Whether a listed item reads as a name: a name-like word in it, not its ending (jieba
    tags 幼儿园 nr: 民办幼儿园 is no name for it)."""
    at = text.find(item, start)
    inside = [w for w in ws if at <= w.start and w.end <= at + len(item)]
    named = [w for w in inside if w.text not in genre.LOCAL_NAME_ENDINGS]
    return any(_name_like(w) for w in named) or not inside


def _organs(text: str, ws: list[Word], levels: Levels) -> list[tuple[int, int]]:
    """Organs at the source's own level word that is not the officer's (市政府 of a city's
    reply in a county's draft), and provincial ones of another province: a level word with
    an organ after it, as one jieba word (市政府) or two (区 水利局)."""
    out: list[tuple[int, int]] = []
    for k, w in enumerate(ws):
        level = w.text[:1]
        if level not in genre.LOCAL_ORGAN_LEVELS or w.text in genre.GENERIC_NAME_WORDS:
            continue
        span = None
        if len(w.text) > 1:
            span = (w.start, w.end) if _ORGAN_END.search(w.text[1:]) else None
        else:  # 区 水利局, 县 市场 监管局, 市 自然资源 和 规划局: a few words to the ending
            end = w.end
            for x in ws[k + 1 : k + 1 + _ORGAN_WORDS]:
                stop = x.tag in _ORGAN_STOP_TAGS and x.text != "和"  # 文化和旅游局
                if x.start != end or not _HAN.fullmatch(x.text) or stop:
                    break
                end = x.end
                if _ORGAN_END.search(x.text):
                    span = (w.start, end) if end - w.start <= _ORGAN_CHARS else None
                    break
        if span is None:
            continue
        other_province = (
            level == "省"
            and bool(levels.source_province and levels.drafting_province)
            and levels.source_province != levels.drafting_province
        )
        if other_province or (level == levels.source and level != levels.drafting):
            out.append(span)
    return out
