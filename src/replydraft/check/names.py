"""Unit names in the salutation, signature and 抄送 that are close to a name in the word list
or the bureau profile, but not equal to it: probable misspellings."""

from __future__ import annotations

import re
from collections.abc import Iterator

from replydraft.check.completeness import _PRESENT
from replydraft.check.document import _HAN, _Doc
from replydraft.check.findings import Fix
from replydraft.check.wordlist import WordList


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
