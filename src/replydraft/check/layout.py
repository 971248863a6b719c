"""Hard line breaks: newlines inside a paragraph, one paragraph broken into several, and a
word cut in two by the break (seen with jieba when the context gives a tokenizer)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from replydraft.check.document import _DATE_LINE, _FIELD, _LABEL, _TERMINAL, _Doc, _is_han
from replydraft.check.findings import Fix
from replydraft.numbering import match_heading

if TYPE_CHECKING:
    from replydraft.tokenize import Tokenizer


def _check_layout(doc: _Doc) -> None:
    for i, text in enumerate(doc.paragraphs):
        if "\n" in text.strip() and doc.is_text(i):
            _check_newlines(doc, i, text)
    tokenizer = doc.ctx.tokenizer
    for chain in doc.chains:
        idx = chain.indexes
        if len(idx) < 2:
            continue
        first = idx[0]
        p = doc.paragraphs[first].rstrip()
        end = len(p)
        if len(idx) == 2:
            word = _split_word(tokenizer, p, doc.paragraphs[idx[1]])
            if word is None and (len(p) < 40 or p.endswith("如下")):
                continue  # one short break and no cut word: too little evidence
            if word is not None:
                tail = len(word[0])
                doc.add(
                    "layout.split-word",
                    first,
                    end - tail,
                    end,
                    f"“{word[0] + word[1]}”被断行拆开（本段末尾与下一段开头），应与下一段合为一段",
                )
            else:
                doc.add(
                    "layout.broken-paragraph",
                    first,
                    max(0, end - 1),
                    end,
                    "这一段在句子中间断开，下一段接着这句话：疑为硬换行，应与下一段合并",
                )
        else:
            doc.add(
                "layout.broken-paragraph",
                first,
                max(0, end - 1),
                end,
                f"第{first + 1}–{idx[-1] + 1}段是同一段文字被硬换行拆成的{len(idx)}行，应合并为一段",
            )


def _check_newlines(doc: _Doc, i: int, text: str) -> None:
    for m in re.finditer(r"[ \t\u3000\xa0]*\n\s*", text):
        left = text[: m.start()].rsplit("\n", 1)[-1].strip()
        right = text[m.end() :].split("\n", 1)[0].strip()
        if not left or not right:
            continue
        real_break = (
            left[-1] in _TERMINAL
            or len(left) < 12  # a wrapped line is long; short lines are items of a list
            or any(p.match(t) for p in (_LABEL, _FIELD) for t in (left, right))
            or match_heading(left) is not None
            or _DATE_LINE.match(left) is not None
            or match_heading(right) is not None
            or (right[0] in "（(" and right.endswith(("）", ")")))
        )
        if real_break:
            doc.add(
                "layout.line-break",
                i,
                m.start(),
                m.end(),
                "段落内有换行：此处像是两段，应分为两个段落",
            )
        else:
            latin = left[-1].isascii() and left[-1].isalnum() and right[0].isascii()
            doc.add(
                "layout.line-break",
                i,
                m.start(),
                m.end(),
                "段落内有硬换行，应删去",
                Fix(m.start(), m.end(), " " if latin else ""),
            )


def _split_word(tokenizer: Tokenizer | None, left: str, right: str) -> tuple[str, str] | None:
    """The word cut by a break between `left` and `right`, as (its left part, its right part)."""
    if tokenizer is None:
        return None
    tail = re.sub(r"\s", "", left)[-6:]
    head = re.sub(r"\s", "", right)[:6]
    if not tail or not head or not (_is_han(tail[-1]) and _is_han(head[0])):
        return None
    pos = 0
    for word in tokenizer.words(tail + head):
        end = pos + len(word)
        if pos < len(tail) < end:
            return word[: len(tail) - pos], word[len(tail) - pos :]
        pos = end
    return None
