"""Consistency within the reply and with the proposal: the proposal number, the cited title,
您/你们 against the salutation, the salutation against the proposers, the 办理结果 against the
wording, and the bureau's self-reference (我委/我局)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from replydraft import genre
from replydraft.check.document import _HELLO, _LEVEL_ROLES, _Doc
from replydraft.check.findings import Fix, Severity

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


_PERSONS = re.compile(rf"^(.*?)(等)?\s*(?:\d+\s*(?:名|位|人))?\s*({genre.ADDRESSEE_TITLE})$")


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
        re.sub(genre.ADDRESSEE_TITLE + "$", "", n)
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
    if label in genre.RESULT_ADOPTED:
        pattern, what = genre.DECLINED_PHRASES, "但答复中写的是"
    elif label in genre.RESULT_DECLINED:
        pattern, what = genre.ADOPTED_PHRASES, "但答复中写的是"
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


def _check_self_reference(doc: _Doc) -> None:
    profile = doc.ctx.profile
    if profile is None or not profile.self_reference.strip():
        return
    own = profile.self_reference.strip()
    for i, text in doc.text_after_salutation():
        for m in genre.SELF_REFERENCE.finditer(text):
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
