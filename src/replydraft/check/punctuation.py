"""Punctuation: ASCII marks in Chinese text, full and half width mixed, unbalanced brackets and
quotes (followed across hard-wrapped lines), doubled marks, the colon after the salutation."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from replydraft.check.document import _HAN, _HELLO, _Chain, _Doc, _is_han
from replydraft.check.findings import Fix

_FULL_WIDTH = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
_ASCII_PUNCT = re.compile(r"[,;:?!\"]")
_OPEN = {
    "（": "paren", "(": "paren", "“": "dquote", "‘": "squote", "《": "book", "〈": "angle",
    "〔": "tortoise", "【": "lenticular", "[": "square", "［": "square", "「": "corner",
    "『": "wcorner", "〖": "wlenticular",
}  # fmt: skip
_CLOSE = {
    "）": "paren", ")": "paren", "”": "dquote", "’": "squote", "》": "book", "〉": "angle",
    "〕": "tortoise", "】": "lenticular", "]": "square", "］": "square", "」": "corner",
    "』": "wcorner", "〗": "wlenticular",
}  # fmt: skip
_PAIR_OF = {
    "（": "）", "(": ")", "“": "”", "‘": "’", "《": "》", "〈": "〉", "〔": "〕", "【": "】",
    "[": "]", "［": "］", "「": "」", "『": "』", "〖": "〗",
}  # fmt: skip
_DOUBLED = re.compile(r"[，,。、；;：:]{2,}")
_FW_FORMS = "，；：？！（）。、“”"


def _is_cjk(c: str) -> bool:
    """A Han character or Chinese punctuation: the neighbourhood that wants full-width marks."""
    return _is_han(c) or "\u3000" < c <= "\u303f" or "\uff01" <= c <= "\uff60" or c in "“”‘’…—·"


def _neighbour(text: str, pos: int, step: int) -> str:
    """The nearest character before (step -1) or after (+1) pos, over at most one space."""
    k = pos + step
    if 0 <= k < len(text) and text[k] == " ":
        k += step
    return text[k] if 0 <= k < len(text) else ""


@dataclass
class _Brackets:
    pairs: list[tuple[int, int]] = field(default_factory=list)  # chain positions
    unclosed: list[int] = field(default_factory=list)
    unmatched: list[int] = field(default_factory=list)


def _match_brackets(text: str) -> _Brackets:
    out = _Brackets()
    stack: list[int] = []
    for pos, c in enumerate(text):
        if c in "‘’" and _latin(text, pos - 1) and _latin(text, pos + 1):
            continue  # an apostrophe in a Latin word
        if c in _OPEN:
            stack.append(pos)
        elif c in _CLOSE:
            kind = _CLOSE[c]
            if stack and _OPEN[text[stack[-1]]] == kind:
                out.pairs.append((stack.pop(), pos))
                continue
            depth = next(
                (d for d in range(len(stack) - 1, -1, -1) if _OPEN[text[stack[d]]] == kind), None
            )
            if depth is None:
                if c in ")）" and _list_marker(text, pos):
                    continue
                out.unmatched.append(pos)
            else:
                out.unclosed.extend(stack[depth + 1 :])
                out.pairs.append((stack[depth], pos))
                del stack[depth:]
    out.unclosed.extend(stack)
    return out


def _latin(text: str, pos: int) -> bool:
    return 0 <= pos < len(text) and text[pos].isascii() and text[pos].isalpha()


def _list_marker(text: str, pos: int) -> bool:
    """'1)' or 'a）' after the start of a line or a pause: a list marker, not a stray bracket."""
    k = pos
    while k > 0 and pos - k < 2 and text[k - 1].isascii() and text[k - 1].isalnum():
        k -= 1
    return k < pos and (k == 0 or text[k - 1].isspace() or text[k - 1] in "，。；：、,;:")


def _check_punctuation(doc: _Doc) -> None:
    ascii_count = 0
    first_ascii: tuple[int, int] | None = None
    matched = [_match_brackets(chain.text) for chain in doc.chains]
    _pair_across(doc, matched)
    for chain, brackets in zip(doc.chains, matched, strict=True):
        partner: dict[int, int] = {}
        for a, b in brackets.pairs:
            partner[a], partner[b] = b, a
        _check_unbalanced(doc, chain, brackets)
        done: set[int] = set()
        text = chain.text
        for pos, c in enumerate(text):
            if c not in "()" or pos in done:
                continue
            i, local = chain.locate(pos)
            if doc.is_owned(i, local):
                continue
            other = partner.get(pos)
            if other is None:
                if _is_cjk(_neighbour(text, pos, -1)) or _is_cjk(_neighbour(text, pos, 1)):
                    _ascii_finding(doc, i, local, c)
                    ascii_count += 1
                    first_ascii = first_ascii or (i, local)
                continue
            a, b = min(pos, other), max(pos, other)
            done.update((a, b))
            content = text[a + 1 : b]
            mixed = text[a] not in "(" or text[b] not in ")"
            around = _is_cjk(_neighbour(text, a, -1)) or _is_cjk(_neighbour(text, b, 1))
            if not (mixed or _HAN.search(content) or (len(content.strip()) >= 2 and around)):
                continue  # "(A)", "(1)", English in brackets
            ia, la = chain.locate(a)
            ib, lb = chain.locate(b)
            ascii_count += 1
            first_ascii = first_ascii or (ia, la)
            if ia == ib and not mixed:
                doc.add(
                    "punct.ascii",
                    ia,
                    la,
                    lb + 1,
                    "中文里使用了半角括号“( )”，应为全角“（ ）”",
                    Fix(la, lb + 1, "（" + doc.paragraphs[ia][la + 1 : lb] + "）"),
                )
            else:
                for q in (a, b):
                    if text[q] in "()":
                        iq, lq = chain.locate(q)
                        _ascii_finding(doc, iq, lq, text[q])
    for i, text in enumerate(doc.paragraphs):
        quotes = [m.start() for m in re.finditer('"', text)]
        for m in _ASCII_PUNCT.finditer(text):
            c, pos = m.group(0), m.start()
            if doc.is_owned(i, pos):
                continue
            before, after = _neighbour(text, pos, -1), _neighbour(text, pos, 1)
            if not (_is_cjk(before) or _is_cjk(after)):
                continue
            ascii_count += 1
            first_ascii = first_ascii or (i, pos)
            if c == '"':
                fix = None
                if len(quotes) % 2 == 0:
                    fix = Fix(pos, pos + 1, "“" if quotes.index(pos) % 2 == 0 else "”")
                doc.add(
                    "punct.ascii", i, pos, pos + 1, '中文里使用了半角引号“"”，应为全角引号“ ”', fix
                )
            else:
                _ascii_finding(doc, i, pos, c)
        _check_doubled(doc, i, text)
    if ascii_count and first_ascii is not None:
        full = sum(text.count(c) for text in doc.paragraphs for c in _FW_FORMS)
        if full:
            doc.add(
                "punct.mixed-width",
                *first_ascii,
                first_ascii[1] + 1,
                f"全文混用全角和半角标点：中文里有{ascii_count}处半角标点（另有{full}处全角标点），"
                "应统一为全角",
            )


def _pair_across(doc: _Doc, matched: list[_Brackets]) -> None:
    """A bracket or quote opened at the end of one paragraph and closed at the start of the
    next: a title or quotation broken over two lines, not an unbalanced pair."""
    for k in range(len(matched) - 1):
        here, there = matched[k], matched[k + 1]
        if not here.unclosed or not there.unmatched:
            continue
        opener = doc.chains[k].text[here.unclosed[-1]]
        closer = doc.chains[k + 1].text[there.unmatched[0]]
        if _PAIR_OF.get(opener) == closer and closer not in ")":
            here.unclosed.pop()
            there.unmatched.pop(0)


def _ascii_finding(doc: _Doc, i: int, pos: int, c: str) -> None:
    full = _FULL_WIDTH[c]
    doc.add(
        "punct.ascii",
        i,
        pos,
        pos + 1,
        f"中文里使用了半角“{c}”，应为全角“{full}”",
        Fix(pos, pos + 1, full),
    )


def _check_unbalanced(doc: _Doc, chain: _Chain, brackets: _Brackets) -> None:
    text = chain.text
    for pos in brackets.unclosed:
        i, local = chain.locate(pos)
        c = text[pos]
        doc.add("punct.unbalanced", i, local, local + 1, f"“{c}”没有对应的“{_PAIR_OF[c]}”")
    for pos in brackets.unmatched:
        i, local = chain.locate(pos)
        c = text[pos]
        opener = next(o for o, cl in _PAIR_OF.items() if cl == c)
        doc.add("punct.unbalanced", i, local, local + 1, f"“{c}”前面没有对应的“{opener}”")


def _check_doubled(doc: _Doc, i: int, text: str) -> None:
    for m in _DOUBLED.finditer(text):
        run = m.group(0)
        if run.isascii() and not (
            _is_cjk(_neighbour(text, m.start(), -1)) or _is_cjk(_neighbour(text, m.end() - 1, 1))
        ):
            continue
        kinds = {_FULL_WIDTH.get(c, c) for c in run}
        fix = Fix(m.start(), m.end(), kinds.pop()) if len(kinds) == 1 else None
        doc.add("punct.doubled", i, m.start(), m.end(), f"标点“{run}”重复", fix)


def _check_salutation_colon(doc: _Doc) -> None:
    i = doc.salutation
    if i is None:
        return
    text = doc.paragraphs[i]
    t = text.rstrip()
    if not t or t.endswith(("：", ":")) or _HELLO.match(t.strip()):
        return
    doc.add(
        "punct.salutation-colon",
        i,
        len(t),
        len(t),
        f"主送“{t.strip()}”后面应有全角冒号“：”",
        Fix(len(t), len(text), "："),
    )
