"""Reuse gone wrong: what a paragraph taken from another reply brings along.

- reuse.marked: a 【核实：…】 mark reuse put on another district's or bureau's name is still
  there (reuse.py puts it; the officer must rewrite the sentence, then remove the mark);
- reuse.foreign-place: another district's name in the body (the profile, or else the
  signature, says which is the bureau's own; a reused paragraph's source adds its own
  district and bureau);
- reuse.foreign-name: a reused paragraph from another place still gives that place's towns,
  markets, roads or organs (local_names.py; the mark reuse put on them is gone);
- reuse.duplicate: the same paragraph twice;
- reuse.other-proposal: a paragraph of another proposal's reply: an opening formula in the
  middle of the body, another proposal's number or title;
- reuse.double-guanyu: “关于“关于…”, a title quoted with its own 关于 after one more;
- reuse.salutation: the salutation names an organisation the proposers are not (民建 for
  民建长宁区委): consistency.salutation checks people, this checks organisations.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from replydraft import genre
from replydraft.check.document import _HAN, _Doc
from replydraft.check.findings import Fix
from replydraft.local_names import Levels
from replydraft.records import Source
from replydraft.reuse import (
    MARK,
    Drafting,
    district_of,
    foreign_places,
    from_elsewhere,
    local_names_beside,
)

_MARKED = re.compile(re.escape(MARK) + r"[^】]*】")
_DOUBLE_GUANYU = re.compile(r"关于\s*[“”\"《「『]?\s*关于")
_NUMBER = re.compile(r"第\s*([0-9A-Za-z０-９]{1,10})\s*号\s*(?:提案|建议|代表建议)")
_QUOTED_TITLE = re.compile(r"[《“\"]\s*(关于[^》”\"]{4,80}?(?:建议|提案))\s*[》”\"]")
_SPACE = re.compile(r"\s+")
DUPLICATE_RATIO = 92.0  # rapidfuzz ratio from which two paragraphs count as the same
DUPLICATE_MIN_CHARS = 30


def _key(text: str) -> str:
    return _SPACE.sub("", text).translate(str.maketrans("，：；（）", ",:;()"))


def _body(doc: _Doc) -> list[tuple[int, str]]:
    """Running text after the salutation, headings aside."""
    return [
        (i, t) for i, t in doc.text_after_salutation() if doc.roles[i] in ("", "body") and t.strip()
    ]


def _check_reuse(doc: _Doc) -> None:
    body = _body(doc)
    _check_marks(doc)
    _check_places(doc, body)
    _check_duplicates(doc, body)
    _check_other_proposal(doc, body)
    _check_double_guanyu(doc)
    _check_salutation(doc)


def _check_marks(doc: _Doc) -> None:
    for i, text in enumerate(doc.paragraphs):
        for m in _MARKED.finditer(text):
            doc.add(
                "reuse.marked",
                i,
                m.start(),
                m.end(),
                f"沿用段落中标出的“{m.group(0)[len(MARK) : -1]}”需要核实：改写为本单位的情况后删去标记",
            )


def _check_places(doc: _Doc, body: list[tuple[int, str]]) -> None:
    profile = doc.ctx.profile
    signed = doc.paragraphs[doc.signature] if doc.signature is not None else ""
    unit = profile.name if profile is not None else signed
    own = district_of(unit)
    if not own:
        return  # without the bureau's own district, any district may be its own
    sources = doc.ctx.sources or []
    proposal = doc.ctx.proposal
    # The proposers and units are who they are: 民建浦东新区委 is named as such in any reply.
    named = [
        n
        for n in ([*proposal.proposers, proposal.lead_unit, *proposal.co_units] if proposal else [])
        if len(n) >= 4
    ]
    drafting = Drafting.of(profile) if profile is not None else Drafting(name=unit, district=own)
    for i, text in body:
        source = sources[i] if i < len(sources) else None
        extra: list[str] = []
        if source is not None and source.bureau:
            # A reused paragraph naming the bureau it came from (not this one) or its place.
            if profile is None or not profile.is_named(source.bureau):
                extra.append(source.bureau)
            extra.append(district_of(source.bureau))
        places = foreign_places(text, unit, extra)
        for s, e in places:
            if any(a <= s and e <= a + len(n) for n in named for a in _starts(text, n)):
                continue
            doc.add(
                "reuse.foreign-place",
                i,
                s,
                e,
                f"正文提到“{text[s:e]}”，本单位在{own}：是否沿用了其他地区或单位的段落？",
            )
        if source is not None and source.kind == "reply":
            _check_local_names(doc, i, text, source, drafting, places, named)


def _check_local_names(
    doc: _Doc,
    i: int,
    text: str,
    source: Source,
    drafting: Drafting,
    places: list[tuple[int, int]],
    named: list[str],
) -> None:
    """A reused paragraph of another place's reply: the towns, markets and organs of that
    place it still gives (their marks taken off), not the officer's own the officer wrote
    in (a name its source paragraph does not hold). Only then is jieba's tagger loaded."""
    source_bureau = source.bureau
    if not from_elsewhere(source_bureau, drafting):
        return
    meant = district_of(source_bureau) or source_bureau or "其他地区"
    levels = Levels.of(source_bureau, drafting.name)
    for name in local_names_beside(text, levels, drafting, places):
        s, e = name.start, name.end
        if any(a <= s and e <= a + len(n) for n in named for a in _starts(text, n)):
            continue
        if source.original and text[s:e] not in source.original:
            continue  # the officer's rewrite: 青泥湾 became its own 蒿坪镇
        what = "机构" if name.organ else "地名或单位"
        whose = meant
        if name.organ and text[s:e].startswith("省") and levels.source_province:
            whose = levels.source_province  # 省商务厅 of 随州市's reply is 湖北省's
        doc.add(
            "reuse.foreign-name",
            i,
            s,
            e,
            f"正文提到“{text[s:e]}”，是{whose}的{what}，不是{drafting.district}的："
            "是否沿用了其他地区的段落？",
        )


def _starts(text: str, name: str) -> list[int]:
    return [m.start() for m in re.finditer(re.escape(name), text)]


def _check_duplicates(doc: _Doc, body: list[tuple[int, str]]) -> None:
    seen: list[tuple[int, str]] = []
    for i, text in body:
        key = _key(text)
        if len(key) < DUPLICATE_MIN_CHARS or not _HAN.search(key):
            continue
        for j, other in seen:
            if key == other or fuzz.ratio(key, other, score_cutoff=DUPLICATE_RATIO):
                doc.add(
                    "reuse.duplicate",
                    i,
                    0,
                    len(text),
                    f"这一段与第{j + 1}段相同或几乎相同：同一段落用了两次",
                )
                break
        else:
            seen.append((i, key))


def _check_other_proposal(doc: _Doc, body: list[tuple[int, str]]) -> None:
    proposal = doc.ctx.proposal
    own_number = proposal.proposal_number.lstrip("0") if proposal is not None else ""
    own_title = _key(proposal.title) if proposal is not None else ""
    for i, text in body:
        if i == doc.opening:
            continue
        m = genre.OPENING_FORMULA_PROPER.search(text)
        if m and doc.opening is not None and i > doc.opening:
            doc.add(
                "reuse.other-proposal",
                i,
                m.start(),
                m.end(),
                f"正文中间出现答复开头的套话“{m.group(0)}”：可能沿用了其他提案答复的开头段落",
            )
            continue
        for n in _NUMBER.finditer(text):
            number = n.group(1).lstrip("0")
            if own_number and number != own_number:
                doc.add(
                    "reuse.other-proposal",
                    i,
                    n.start(),
                    n.end(),
                    f"正文提到“{n.group(0)}”，本答复针对第{proposal.proposal_number if proposal else ''}号："
                    "可能沿用了其他提案的答复",
                )
                break
        for t in _QUOTED_TITLE.finditer(text):
            title = _key(t.group(1))
            if own_title and title not in own_title and own_title not in title:
                doc.add(
                    "reuse.other-proposal",
                    i,
                    t.start(),
                    t.end(),
                    f"正文引用的提案标题“{t.group(1)}”不是本提案的：可能沿用了其他提案的答复",
                )
                break


def _check_double_guanyu(doc: _Doc) -> None:
    for i, text in enumerate(doc.paragraphs):
        for m in _DOUBLE_GUANYU.finditer(text):
            doc.add(
                "reuse.double-guanyu",
                i,
                m.start(),
                m.end(),
                "“关于”重复：提案标题本身以“关于”开头，前面不必再写“关于”",
                Fix(m.start(), m.start() + 2, ""),
            )


_ORG = re.compile(r"(?:委员会|区委|市委|县委|省委|工商联|联合会|学社|界|组|支部|党|盟|会|委)$")
_PERSON_TAIL = re.compile(rf"(?:等\d*人|等)?{genre.ADDRESSEE_TITLE}$")


def _check_salutation(doc: _Doc) -> None:
    proposal = doc.ctx.proposal
    if doc.salutation is None or proposal is None or not proposal.proposers:
        return
    text = doc.paragraphs[doc.salutation]
    shown = re.sub(r"^尊敬的", "", text.strip().rstrip("：:").strip())
    if not shown or _PERSON_TAIL.search(shown) or re.search(r"[、，,]", shown):
        return  # people: consistency.salutation compares their names
    if proposal.lead_unit and _same_org(shown, proposal.lead_unit):
        return  # a co-handling opinion is sent to the lead unit
    orgs = [p for p in proposal.proposers if _ORG.search(p)]
    if not orgs or any(_same_org(shown, p) for p in orgs):
        return
    start = text.find(shown)
    doc.add(
        "reuse.salutation",
        doc.salutation,
        max(start, 0),
        max(start, 0) + len(shown),
        f"主送“{shown}”与提案人“{'、'.join(orgs)}”不一致",
        Fix(max(start, 0), max(start, 0) + len(shown), orgs[0]) if len(orgs) == 1 else None,
    )


def _same_org(a: str, b: str) -> bool:
    """The same organisation, written with or without the city (上海市浦东新区工商联)."""
    a, b = _SPACE.sub("", a), _SPACE.sub("", b)
    if a == b:
        return True
    longer, shorter = (a, b) if len(a) > len(b) else (b, a)
    return (
        longer.endswith(shorter)
        and len(shorter) >= 4
        and re.match(r"^.{2,4}[省市]", longer) is not None
    )
