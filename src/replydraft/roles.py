"""What each paragraph of an archived document does in its genre: its role.

A reply's paragraphs are not all reusable the same way: the opening formula, the 办理概述,
the thanks and the contact block belong to the proposal they answered; only the answer
body says something another reply can take over under a suggestion. Roles are derived
from the parser's structure (opening, preamble, sections, closing) and checked against
genre cues in the text (收悉, 高度重视, 下一步, 责任部门), because parsed structure is often
incomplete on scraped text. Computed when a record is indexed (index.py), never stored in
the archive.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from enum import StrEnum

from replydraft import genre
from replydraft.numbering import match_heading
from replydraft.records import Kind, Parsed


class Role(StrEnum):
    HEADER = "header"  # title, salutation, 办理结果/文号 lines: this document's own
    OPENING = "opening"  # ……收悉，现将办理情况答复如下
    OVERVIEW = "overview"  # 办理概述: 高度重视, 会同……, contact with the proposer
    BODY = "body"  # the answer: what was done, what is planned, under a suggestion
    HEADING = "heading"  # a section heading standing alone
    NEXT = "next"  # 下一步 (next steps)
    CLOSING = "closing"  # thanks, 是否满意, the rest of the frame after the body
    CONTACT = "contact"  # signature, date, contact block, 版记
    POLICY = "policy"  # policy-plan text: a policy document, or a task line with 责任部门


# Only these go into a draft's per-suggestion slots.
SLOT_ROLES = frozenset({Role.BODY})

_SPACE = re.compile(r"\s+")
# The genre's cues (opening, 概述, 下一步, closing, task line) are genre.py's; this module
# decides what they make of a paragraph, with the parsed structure.
_CONTACT = re.compile(
    r"^\s*(?:联系人|联系电话|联系地址|邮政编码|邮编|承办人|分管领导|联系单位|抄送|印发|"
    r"签发人|办理结果|公开属性|共印|附件)|^\s*(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*$"
    r"|印发\s*$"
)
# A reply's title; any 意见 too (办理意见), which parse cannot count as a reply's.
_TITLE = re.compile("(?:" + "|".join((*genre.REPLY_TITLE_ENDINGS, "意见")) + r")\s*$")
_FIELD = re.compile(r"^\s*[\u4e00-\u9fff]{1,6}\s*[:：]")
_STAMP = re.compile(
    r"^\s*(?:19|20)\d{2}[-/.年]\d{1,2}[-/.月]\d{1,2}日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s*$"
)


def is_opening(text: str) -> bool:
    """Whether a reply paragraph holds the opening formula (……收悉，现将办理情况答复如下)."""
    return genre.OPENING_CUE.search(text) is not None


def is_frame(text: str) -> bool:
    """Whether a paragraph is the reply's frame, which belongs to the proposal it answered:
    the opening formula, the thanks and the rest of the closing."""
    return genre.OPENING_CUE.search(text) is not None or genre.CLOSING_CUE.search(text) is not None


def is_policy_line(text: str) -> bool:
    """Whether a paragraph is a policy plan's task line ("……（责任部门：区科委）")."""
    return genre.POLICY_TASK_LINE.search(text) is not None


def _key(text: str) -> str:
    return _SPACE.sub("", unicodedata.normalize("NFKC", text)).replace("*", "")


def _same(a: str, b: str) -> bool:
    """Whether paragraph `a` is the parsed text `b` (or starts with it / it starts with a)."""
    ka, kb = _key(a), _key(b)
    if not ka or not kb:
        return False
    short = min(len(ka), len(kb), 24)
    return ka[:short] == kb[:short]


def paragraph_roles(
    parsed: Parsed, paragraphs: Sequence[str], sections: Sequence[str]
) -> list[str]:
    """The role (Role value) of each paragraph; `sections[i]` is the heading of the section
    paragraph i stands in ("" before the first), as index.sections_of gives it."""
    n = len(paragraphs)
    if parsed.kind == Kind.POLICY:
        return [Role.POLICY.value] * n
    if parsed.kind != Kind.REPLY:
        return [Role.BODY.value] * n  # a proposal's text: what it asks, all of it
    opening = next(
        (i for i, p in enumerate(paragraphs) if parsed.opening and _same(p, parsed.opening)), None
    )
    if opening is None:
        opening = next((i for i, p in enumerate(paragraphs[:15]) if is_opening(p)), None)
    closing_at = n
    if parsed.closing:
        first = parsed.closing[0]
        found = [i for i, p in enumerate(paragraphs) if _same(p, first)]
        if found:
            closing_at = found[-1]
    headings = {_key(s.heading) for s in parsed.all_sections() if s.heading}
    # A top-level 下一步 or 办理概述 section gives its role to everything under it.
    under: dict[str, Role] = {}
    for top in parsed.sections:
        role = (
            Role.NEXT
            if genre.NEXT_HEADING.search(top.heading)
            else Role.OVERVIEW
            if genre.OVERVIEW_HEADING.search(top.heading)
            else None
        )
        if role is not None:
            under.update((_key(s.heading), role) for s in top.walk() if s.heading)
    out: list[str] = []
    for i, text in enumerate(paragraphs):
        section = _unnumbered(sections[i] if i < len(sections) else "")
        role = _role(text, i, under.get(_key(section)), opening, closing_at, headings)
        out.append(role.value)
    return out


def _unnumbered(text: str) -> str:
    numbered = match_heading(text)
    return numbered.text if numbered and numbered.text else text


def _role(
    text: str,
    i: int,
    inherited: Role | None,
    opening: int | None,
    closing_at: int,
    headings: set[str],
) -> Role:
    if not text.strip():
        return Role.CONTACT if i > closing_at else Role.HEADER
    if opening is not None and i < opening:
        return Role.HEADER
    if i == opening or (i < 15 and is_opening(text)):
        return Role.OPENING
    if (opening is None and i < 8 and len(text) < 60) and (
        _TITLE.search(text) or _FIELD.search(text) or _STAMP.search(text)
    ):
        return Role.HEADER  # the title and web metadata above a body without an opening
    if i >= closing_at:
        return Role.CLOSING if genre.CLOSING_CUE.search(text) else Role.CONTACT
    if _CONTACT.search(text):
        return Role.CONTACT
    if genre.CLOSING_CUE.search(text):
        return Role.CLOSING
    if is_policy_line(text):
        return Role.POLICY
    if _key(_unnumbered(text)) in headings:
        return Role.HEADING
    if genre.NEXT_CUE.search(text) or inherited == Role.NEXT:
        return Role.NEXT
    if inherited == Role.OVERVIEW or genre.OVERVIEW_CUE.search(text):
        return Role.OVERVIEW
    return Role.BODY
