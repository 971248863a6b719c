"""Heading numerals (一、（一）1.（1）) that vanish, skip, repeat or take the wrong form, headings
with nothing under them, and inline ordinals (一是、二是……) out of sequence. Runs first: it
marks heading numerals as owned so that later rules leave them alone."""

from __future__ import annotations

from replydraft.check.document import _SENTENCE_PUNCT, _Doc
from replydraft.check.findings import Fix, Severity
from replydraft.numbering import Heading, marker, ordinal_clauses, to_chinese


def _marker_span(text: str, h: Heading) -> tuple[int, int]:
    start = len(text) - len(text.lstrip())
    return start, start + len(h.marker)


def _check_headings(doc: _Doc) -> None:
    counters = {1: 0, 2: 0, 3: 0, 4: 0}
    # Policies often number items 1. 2. 3. straight through their （一）（二） parts.
    carried = {1: 0, 2: 0, 3: 0, 4: 0}
    n = len(doc.paragraphs)
    for i, h in enumerate(doc.headings):
        if h is None:
            continue
        text = doc.paragraphs[i]
        level = h.level
        for deeper in range(level + 1, 5):
            if counters[deeper]:
                carried[deeper] = counters[deeper]
            counters[deeper] = 0
        expected = counters[level] + 1
        if expected == 1 and level >= 3 and h.number == carried[level] + 1:
            expected = h.number
        start, end = _marker_span(text, h)
        doc.owned[i].append((start, end))
        if h.number is None:
            fix = Fix(start, end, marker(1, expected)) if expected < 100 else None
            doc.add(
                "heading.lost-numeral",
                i,
                start,
                end,
                f"一级标题丢了序号，按顺序应为“{_numeral(expected)}、”",
                fix,
            )
            counters[level] = expected
        else:
            number = h.number
            shown = h.marker
            if number > expected:
                what = "同级第一个标题" if expected == 1 else f"上一个是第{expected - 1}个"
                doc.add(
                    "heading.gap",
                    i,
                    start,
                    end,
                    f"标题序号“{shown}”跳号：{what}，此处应为第{expected}个",
                )
            elif number < expected:
                restart = number == 1
                doc.add(
                    "heading.duplicate",
                    i,
                    start,
                    end,
                    f"标题序号“{shown}”重新从一开始，前面同级已到第{expected - 1}个"
                    if restart
                    else f"标题序号“{shown}”重复或倒序：此处应为第{expected}个",
                    severity=Severity.WARNING if restart else None,
                )
            counters[level] = number
            _check_marker_form(doc, i, h, start, end)
        # A short heading followed directly by a heading of its level or above: nothing under it.
        nxt = next((k for k in range(i + 1, n) if doc.paragraphs[k].strip()), None)
        nh = doc.headings[nxt] if nxt is not None else None
        if (
            nh is not None
            and nh.level <= level
            and len(h.text) <= 30
            and not _SENTENCE_PUNCT.search(h.text)
        ):
            doc.add("heading.empty", i, start, len(text.rstrip()), "此标题下没有正文")


def _check_marker_form(doc: _Doc, i: int, h: Heading, start: int, end: int) -> None:
    shown = h.marker
    if h.level in (2, 4) and ("(" in shown or ")" in shown):
        fixed = shown.replace("(", "（").replace(")", "）").replace(" ", "")
        doc.add(
            "heading.marker",
            i,
            start,
            end,
            f"标题序号“{shown}”用了半角括号，应为“{fixed}”",
            Fix(start, end, fixed),
        )
    elif h.level == 1 and shown[-1] in ".．":
        fixed = shown[:-1].strip() + "、"
        doc.add(
            "heading.marker",
            i,
            start,
            end,
            f"一级标题序号“{shown}”应写作“{fixed}”",
            Fix(start, end, fixed),
        )
    elif h.level == 3 and shown.endswith("、"):
        fixed = shown[:-1].strip() + "."
        doc.add(
            "heading.marker",
            i,
            start,
            end,
            f"三级标题序号“{shown}”按规范应写作“{fixed}”",
            Fix(start, end, fixed),
            Severity.INFO,
        )


def _check_ordinals(doc: _Doc) -> None:
    last: int | None = None
    section_text = ""  # the text of the section so far, to see ordinals the clause regex misses
    for i, text in enumerate(doc.paragraphs):
        if doc.headings[i] is not None:
            last, section_text = None, ""
        if not doc.is_text(i):
            continue
        clauses = ordinal_clauses(text) if "是" in text else []
        prev_end = 0
        for number, pos in clauses:
            before = section_text + text[:pos]
            if number == 1:
                last = 1
            elif last is None:
                if "一是" not in before:
                    doc.add(
                        "ordinal.sequence",
                        i,
                        pos,
                        pos + 2,
                        f"“{to_chinese(number)}是”前面没有“一是”",
                    )
                last = number
            elif number == last + 1:
                last = number
            else:
                missing = f"{to_chinese(last + 1)}是" if number > last + 1 else ""
                if missing and missing in text[prev_end:pos]:
                    last = number  # written after a comma, where the clause regex does not look
                    continue
                if number == last:
                    msg = f"“{to_chinese(number)}是”重复出现"
                elif number > last:
                    msg = (
                        f"“{to_chinese(last)}是”之后直接是“{to_chinese(number)}是”，缺少“{missing}”"
                    )
                else:
                    msg = f"“{to_chinese(number)}是”出现在“{to_chinese(last)}是”之后，顺序颠倒"
                doc.add("ordinal.sequence", i, pos, pos + len(to_chinese(number)) + 1, msg)
                last = number
            prev_end = pos
        section_text += text


def _numeral(n: int) -> str:
    """A heading's Chinese numeral; past 九十九, which has none, its digits."""
    return to_chinese(n) if 0 < n < 100 else str(n)
