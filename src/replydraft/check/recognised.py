"""The OCR's doubts in the draft: where the proposal was read from a scan, the proposal's
fields the draft copied (title, proposers, number, session, suggestions quoted into
headings) that sit on a line the recogniser was unsure of are findings, at the copied text.

A misread name or number copied into the title or salutation goes out under the bureau's
seal; the officer checks exactly those places against the paper. The draft keeps the
unsure lines (`Draft.proposal_scan`), so `replydraft check` of a saved draft finds them too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from replydraft.check.findings import RULES, Finding
from replydraft.records import Draft, DraftSection, UnsureLine
from replydraft.render import Block

RULE = "recognised.unsure"
# A piece of a long field (title, suggestion) counts from this many characters: shorter
# common runs ("进一步", "建议") are the genre's words, not the copied line.
MIN_PIECE = 4
# Characters a line's run may stop short of its ends by: a label ("提案人："), a numeral
# ("二、") or a full stop the parser took off.
EDGE = 2


@dataclass(frozen=True)
class _Field:
    label: str  # in the message: 提案标题, 提案人, ...
    value: str
    roles: frozenset[str]  # the blocks the draft copies it into
    whole: bool  # a name or number: only the whole value counts, never a piece


_TITLE_ROLES = frozenset({"title", "opening"})
_HEADINGS = frozenset({"heading1", "heading2", "heading3", "heading4"})


def check_recognised(draft: Draft, blocks: list[Block]) -> list[Finding]:
    """Findings at the draft's copies of proposal text the recogniser was unsure of."""
    scan = draft.proposal_scan
    if scan is None or not scan.unsure:
        return []
    findings: dict[tuple[int, int, int], Finding] = {}
    for field in _fields(draft):
        for line in scan.unsure:
            piece = _on_line(field, _bare(line.text))
            if not piece:
                continue
            for index, block in enumerate(blocks):
                role = "opening" if block.part == "opening" else block.role
                if role not in field.roles:
                    continue
                if block.is_heading and _answers(draft, block) != field.value:
                    continue  # another suggestion's heading, sharing a word at most
                span = _find(piece, block, whole=field.whole)
                if span is None or (index, *span) in findings:
                    continue
                findings[(index, *span)] = _finding(field, line, block, index, span)
    return list(findings.values())


def _answers(draft: Draft, block: Block) -> str:
    """The suggestion the section under this heading answers ("" when none)."""
    sections = draft.sections
    section: DraftSection | None = None
    for i in block.path:
        if not 0 <= i < len(sections):
            return ""
        section = sections[i]
        sections = section.sections
    return section.suggestion if section is not None else ""


def _fields(draft: Draft) -> list[_Field]:
    p = draft.proposal
    out = [
        _Field("提案标题", p.title, _TITLE_ROLES, False),
        _Field("提案编号", p.proposal_number, frozenset({"title", "opening"}), True),
        _Field("届次", p.session, _TITLE_ROLES, False),
    ]
    out += [
        _Field("提案人", name, frozenset({"salutation", "opening", "title"}), True)
        for name in p.proposers
    ]
    out += [_Field(f"第 {i} 条建议", s, _HEADINGS, False) for i, s in enumerate(p.suggestions, 1)]
    return [f for f in out if _bare(f.value)]


def _bare(text: str) -> str:
    return "".join(text.split())


def _on_line(field: _Field, line: str) -> str:
    """The part of the field that lies on the unsure line ("" when none does)."""
    value = _bare(field.value)
    if field.whole:
        return value if _contains(line, value) else ""
    match = SequenceMatcher(None, value, line, autojunk=False).find_longest_match()
    piece = value[match.a : match.a + match.size]
    if len(piece) < min(MIN_PIECE, len(value)):
        return ""
    # The text runs from the field into the line or on: the field holds the line, the line
    # the field, or one's end is the other's start (a field wrapped over lines). A run in
    # the middle of both is a shared word ("人工智能"), not the same text.
    at_start = (match.a <= EDGE, match.b <= EDGE)
    at_end = (match.a + match.size >= len(value) - EDGE, match.b + match.size >= len(line) - EDGE)
    field_inside = at_start[0] and at_end[0]
    line_inside = at_start[1] and at_end[1]
    wrapped = (at_start[0] and at_end[1]) or (at_end[0] and at_start[1])
    return piece if field_inside or line_inside or wrapped else ""


def _contains(text: str, value: str) -> bool:
    """`value` in `text`, a number not as part of a longer number ("35" is not in "2035")."""
    if not value[:1].isdigit() and not value[-1:].isdigit():
        return value in text
    return re.search(rf"(?<!\d){re.escape(value)}(?!\d)", text) is not None


def _find(piece: str, block: Block, *, whole: bool) -> tuple[int, int] | None:
    """Where the block holds the piece (or, for a long piece, a run of it): its span."""
    # A heading that runs on into its paragraph: only the heading is copied text.
    text = block.text[: block.head_len] if block.head_len else block.text
    if whole:
        at = block.text.find(piece)
        if at < 0 or not _contains(text, piece):
            return None
        return at, at + len(piece)
    match = SequenceMatcher(None, text, piece, autojunk=False).find_longest_match()
    if match.size < min(MIN_PIECE, len(piece)):
        return None
    return match.a, match.a + match.size


def _finding(
    field: _Field, line: UnsureLine, block: Block, index: int, span: tuple[int, int]
) -> Finding:
    start, end = span
    copied = block.text[start:end]
    shown = copied if len(copied) <= 20 else copied[:19] + "…"
    message = (
        f"识别存疑：{field.label}中的“{shown}”来自扫描件第 {line.page} 页识别把握不大的一行"
        f"（“{line.text[:24]}”，置信度 {line.score:.2f}），请与原件核对"
    )
    return Finding(RULE, RULES[RULE].severity, message, index, start, end, excerpt=copied)
