"""Leftovers that must not go out: Markdown marks, unrendered template fields, placeholders
(【待填写】, XXX, 某某), the pinyin web mirrors write after characters and the question marks
a lossy re-encoding leaves where characters were."""

from __future__ import annotations

import re

from replydraft import genre
from replydraft.check.document import _Doc
from replydraft.check.findings import Fix, Severity

_PINYIN = re.compile(
    r"(?<=[\u3400-\u9fff])\((?=[a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ])[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,7}\)"
)
_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_MD_HEADING = re.compile(r"^\s*(#{1,6})\s+")
_TEMPLATE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}|\{\{|\}\}|\{%|%\}")
# A 【待填写…】 gap of any length (the templates' own run past 20 characters). A field line
# "办理结果：【待填写：…】" comes out of ingest without its brackets: the bare "待填写：…" is
# the same gap.
_GAP = re.compile(rf"【{genre.GAP_WORD}[^】]*】|(?<!【){genre.GAP_WORD}[:：][^】。]*")
# The gaps, then the other marks people leave for "fill in later".
_PLACEHOLDER = re.compile(
    _GAP.pattern + r"|【[^】]{0,20}?(?:待|填写|补充|请|TODO|XX|××)[^】]{0,20}】"
    r"|(?<![A-Za-z])[XＸ]{2,}(?![A-Za-z])|(?<![A-Za-z])x{3,}(?![A-Za-z])"
    r"|[×✕╳]{2,}|某某|○{2,}|□{2,}|_{3,}|＿{3,}|TODO"
)

# Characters lost in a re-encoding: a mirror's "規(guī)?;姆较" (模化的方向 gone), after pinyin
# and traditional forms are mended "规？;？、"; U+FFFD; the classic GBK/UTF-8 mix-ups. A
# question mark with a semicolon straight after it, or doubled, ends no Chinese sentence.
_GARBLED = re.compile(
    r"[?？\ufffd][;；](?:[?？\ufffd][;；、]?)*|[?？]{2,}|\ufffd+|(?:锟斤拷)+|烫烫烫+|屯屯屯+"
)


def _check_garbled(doc: _Doc) -> None:
    """Mark (and report) runs where characters were lost, before the ASCII rule would offer
    a full-width "？" for them."""
    for i, text in enumerate(doc.paragraphs):
        for m in _GARBLED.finditer(text):
            doc.owned[i].append(m.span())
            doc.add(
                "leftover.garbled",
                i,
                m.start(),
                m.end(),
                f"疑似乱码“{m.group(0)}”：此处有字符在转载或转码时丢失，请对照原文补正",
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
            # A 【待填写】 gap is an error wherever it stands (draft, .docx, .txt; inside a
            # 文号 too): it marks text nobody has written yet. Other marks may be a
            # published text's own.
            gap = _GAP.fullmatch(m.group(0)) is not None
            if doc.is_owned(i, m.start()) and not gap:
                continue
            doc.add(
                "leftover.placeholder",
                i,
                m.start(),
                m.end(),
                f"残留占位符“{m.group(0)}”，请填写实际内容",
                severity=Severity.ERROR if gap else placeholder_severity,
            )
