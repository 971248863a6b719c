"""A Draft in reading order: the one place that decides numerals, dates and fixed wording.

The GUI preview, the proofreader, the .docx export and the plain-text export all read
`render_blocks(draft)`, so a heading is numbered the same way everywhere and a date is
printed once (2025年5月7日). Layout (fonts, indents, blank lines) is the exporters' business.

Roles, top to bottom (only the parts the draft fills appear):

=============  ==================================================  ===========================
role           text                                                 part (Draft field)
=============  ==================================================  ===========================
header         办理结果：… / 公开属性：… / 浦科…〔2025〕61号 / 签发人：…  header.result, .disclosure,
                                                                    .doc_number, .signer
title          the title, one line (exporters may break it)         title
salutation     吴佳桢委员：                                          salutation
body           opening, preamble, section paragraphs, closing       opening, preamble,
                                                                    sections, closing
heading1..4    一、… / （一）… / 1.… / （1）… (level 1-4)              sections
signature      the unit's name                                      signature
date           2025年5月7日                                          date
note           （此件公开发布） — 附注, always in （）                   notes
contact        联系人姓名：…  联系电话：… / 联系地址：…  邮政编码：…     contact
cc             抄送：区政府办公室、区政协提案委。                       cc
print          上海市……办公室  2025年5月7日印发                        print_office
=============  ==================================================  ===========================

`path` locates the block inside its part: for `sections` the indexes down the section tree
(a heading) or those plus the paragraph index (a body paragraph); for list parts the index.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass

from replydraft.numbering import marker
from replydraft.records import Draft, DraftSection, Source

ROLES = (
    "header",
    "title",
    "salutation",
    "body",
    "heading1",
    "heading2",
    "heading3",
    "heading4",
    "signature",
    "date",
    "note",
    "contact",
    "cc",
    "print",
)
# Roles below the body that belong to the 版记 (GB/T 9704 §7.4).
FOOTER_ROLES = frozenset({"cc", "print"})
# The separator between the issuing office and "<date>印发" in a print block.
PRINT_SEPARATOR = "  "

# Characters XML 1.0 forbids (a NUL from a bad PDF, a stray form feed...) and the
# non-characters; \t \n \r are allowed.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")
_SENTENCE_END = ("。", "！", "？", "!", "?")
_CC_TRIM = "，,、；;。. \u3000"


@dataclass(frozen=True)
class Block:
    """One printed paragraph of the reply.

    head_len > 0 marks a heading that runs on into its first paragraph
    ("（一）标题。正文……"): text[:head_len] is the heading, the rest is body text.
    """

    role: str
    text: str
    level: int = 0  # heading level 1-4; 0 for everything else
    source: Source | None = None  # provenance of a reused paragraph
    path: tuple[int, ...] = ()  # position inside `part`, see the module docstring
    part: str = ""  # the Draft field the block comes from
    head_len: int = 0

    @property
    def is_heading(self) -> bool:
        return self.role.startswith("heading")


def strip_control(text: str) -> str:
    """`text` without the control characters no document format can hold (XML 1.0 rules)."""
    return _CONTROL.sub("", text)


def format_date(iso: str) -> str:
    """'2025-05-07' -> '2025年5月7日' (GB/T 9704 §7.3.5.4: no zero padding); '' stays ''.

    Text that is not an ISO date is returned unchanged (stripped), so a date the officer typed
    in Chinese already is printed as typed.
    """
    m = _ISO_DATE.match(iso)
    if not m:
        return iso.strip()
    year, month, day = (int(g) for g in m.groups())
    return f"{year}年{month}月{day}日"


def cc_line(units: list[str]) -> str:
    """'抄送：A、B。' from the cc units; '' when there are none."""
    names = [u.strip().strip(_CC_TRIM) for u in units]
    names = [n for n in names if n]
    return f"抄送：{'、'.join(names)}。" if names else ""


def contact_lines(draft: Draft) -> list[str]:
    """The contact block as printed: name and phone on one line, address and postcode on the next."""
    c = draft.contact
    pairs = [
        [("联系人姓名", c.name), ("联系电话", c.phone)],
        [("联系地址", c.address), ("邮政编码", c.postcode)],
    ]
    lines = []
    for pair in pairs:
        fields = [f"{label}：{value.strip()}" for label, value in pair if value.strip()]
        if fields:
            lines.append("  ".join(fields))
    return lines


def note_text(note: str) -> str:
    """A 附注 line in full-width brackets (GB/T 9704 §7.3.6), unless it already has them."""
    text = note.strip()
    if not text:
        return ""
    if text[0] in "（(" and text[-1] in "）)":
        return "（" + text[1:-1].strip() + "）"
    return f"（{text}）"


def salutation_text(salutation: str) -> str:
    """The 主送 line with its full-width colon: '吴佳桢委员' -> '吴佳桢委员：'."""
    text = salutation.strip().rstrip(":：").strip()
    return f"{text}：" if text else ""


def render_blocks(draft: Draft) -> list[Block]:
    """The printed parts of the draft, top to bottom, with numerals and dates filled in."""
    out: list[Block] = []
    h = draft.header
    if h.result.strip():
        out.append(Block("header", f"办理结果：{h.result.strip()}", part="header.result"))
    if h.disclosure.strip():
        out.append(Block("header", f"公开属性：{h.disclosure.strip()}", part="header.disclosure"))
    if h.doc_number.strip():
        out.append(Block("header", h.doc_number.strip(), part="header.doc_number"))
    if h.signer.strip():
        out.append(Block("header", f"签发人：{h.signer.strip()}", part="header.signer"))

    if draft.title.strip():
        out.append(Block("title", _one_line(draft.title), part="title"))
    salutation = salutation_text(draft.salutation)
    if salutation:
        out.append(Block("salutation", salutation, part="salutation"))
    if draft.opening.strip():
        out.append(Block("body", draft.opening.strip(), part="opening"))
    for i, para in enumerate(draft.preamble):
        if para.text.strip():
            out.append(
                Block("body", para.text.strip(), source=para.source, path=(i,), part="preamble")
            )
    _render_sections(draft.sections, (), out)
    for i, text in enumerate(draft.closing):
        if text.strip():
            out.append(Block("body", text.strip(), path=(i,), part="closing"))

    if draft.signature.strip():
        out.append(Block("signature", draft.signature.strip(), part="signature"))
    date = format_date(draft.date)
    if date:
        out.append(Block("date", date, part="date"))
    for i, note in enumerate(draft.notes):
        text = note_text(note)
        if text:
            out.append(Block("note", text, path=(i,), part="notes"))
    for i, line in enumerate(contact_lines(draft)):
        out.append(Block("contact", line, path=(i,), part="contact"))

    cc = cc_line(draft.cc)
    if cc:
        out.append(Block("cc", cc, part="cc"))
    office = " ".join(draft.print_office.split())
    if office:
        out.append(Block("print", f"{office}{PRINT_SEPARATOR}{date}印发", part="print_office"))
    return out


def _render_sections(
    sections: list[DraftSection], where: tuple[int, ...], out: list[Block]
) -> None:
    """Number the siblings by position (per level, restarting under each parent)."""
    counts: dict[int, int] = {}
    for i, section in enumerate(sections):
        path = (*where, i)
        level = min(max(section.level, 1), 4)
        heading = _one_line(section.heading)
        paragraphs = [(j, p) for j, p in enumerate(section.paragraphs) if p.text.strip()]
        if heading:
            counts[level] = counts.get(level, 0) + 1
            head = marker(level, counts[level]) + heading
            role = f"heading{level}"
            # GB/T practice lets a sentence heading of level 2-4 run on into its text.
            if level >= 2 and heading.endswith(_SENTENCE_END) and paragraphs:
                j, first = paragraphs.pop(0)
                text = head + first.text.strip()
                out.append(Block(role, text, level, first.source, path, "sections", len(head)))
            else:
                out.append(Block(role, head, level, path=path, part="sections"))
        for j, para in paragraphs:
            out.append(Block("body", para.text.strip(), 0, para.source, (*path, j), "sections"))
        _render_sections(section.sections, path, out)


def _one_line(text: str) -> str:
    """Headings and titles are single lines: fold any line breaks the officer left in."""
    return "".join(part.strip() for part in text.splitlines()).strip()


# --- Title lines --------------------------------------------------------------------------

# Where a long title breaks naturally, best first: before 第…号, after 会议, after a
# closing quote or bracket, before an opening one, after a comma, after 关于/对, before the
# final 的…, after 建议/提案 before 的.
_BREAKS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"第\s*[0-9A-Za-z０-９]+\s*号"), "before"),
    (re.compile(r"会议"), "after"),
    (re.compile(r"[》”）)]"), "after"),
    (re.compile(r"[《“（(]"), "before"),
    (re.compile(r"[，、；：]"), "after"),
    (re.compile(r"^(?:关于|对)"), "after"),
    (re.compile(r"的(?=[^的]{1,6}$)"), "before"),
    (re.compile(r"(?:建议|提案|意见)(?=的)"), "after"),
]
_WORD_RANK = len(_BREAKS)  # a plain word boundary
_ANY_RANK = _WORD_RANK + 4  # any character boundary: only when nothing else fits
# Characters that never start or end a line (GB/T 15834 and Word's kinsoku rules).
_NO_LINE_START = set("，。、；：？！）》”’」』】〕…—·")
_NO_LINE_END = set("（《“‘「『【〔")


def title_lines(
    title: str, max_chars: int, words: Callable[[str], list[str]] | None = None
) -> list[str]:
    """Break a title into the fewest lines of at most `max_chars` full-width units.

    Breaks go where the phrase allows (before 第…号, after 会议, around quotes …); among
    layouts with the fewest lines the one with the most even lines wins, an upper line
    at least as long as the next (the GB/T 9704 trapezoid) preferred. When no natural
    point fits, `words` (a word segmenter such as `Tokenizer.words`, called only then)
    supplies word boundaries, so a word is never cut; without it, any character boundary.
    """
    title = _one_line(title)
    if not title:
        return []
    if max_chars <= 0 or text_width(title) <= max_chars:
        return [title]
    natural = _natural_points(title)
    lines = _best_layout(title, max_chars, natural)
    if lines is None and words is not None:
        lines = _best_layout(title, max_chars, natural | _word_points(title, words))
    if lines is None:
        every = {c: _ANY_RANK for c in range(1, len(title)) if _breakable(title, c)}
        lines = _best_layout(title, max_chars, every | natural)
    return lines or [title]


def _natural_points(title: str) -> dict[int, int]:
    points: dict[int, int] = {}
    for rank, (pattern, side) in enumerate(_BREAKS):
        for m in pattern.finditer(title):
            cut = m.start() if side == "before" else m.end()
            if 0 < cut < len(title) and _breakable(title, cut):
                points.setdefault(cut, rank)
    return points


def _word_points(title: str, words: Callable[[str], list[str]]) -> dict[int, int]:
    points: dict[int, int] = {}
    pos = 0
    for word in words(title):
        found = title.find(word, pos)
        if found < 0:
            continue
        pos = found + len(word)
        if 0 < pos < len(title) and _breakable(title, pos):
            points[pos] = _WORD_RANK
    return points


def _best_layout(title: str, max_chars: int, points: dict[int, int]) -> list[str] | None:
    """The best split at the given points into the fewest lines possible.

    Dynamic programming over the break points, line by line: a line costs its distance
    from the mean width, a break its rank, an upper line shorter than the next a penalty
    (an inverted trapezoid is allowed but less usual).
    """
    cuts = [0, *sorted(points), len(title)]
    widths = [text_width(title[:c]) for c in cuts]
    total = widths[-1]
    least = max(2, math.ceil(total / max_chars))
    for n in range(least, least + 4):
        mean = total / n
        # best[i] for the current line count: (cost, previous index, width of last line)
        best: list[tuple[float, int, float] | None] = [None] * len(cuts)
        best[0] = (0.0, -1, math.inf)
        back: list[list[tuple[float, int, float] | None]] = []
        for _ in range(n):
            step: list[tuple[float, int, float] | None] = [None] * len(cuts)
            for i in range(1, len(cuts)):
                for j in range(i - 1, -1, -1):
                    width = widths[i] - widths[j]
                    if width > max_chars:
                        break
                    prev = best[j]
                    if prev is None or width == 0:
                        continue
                    cost = prev[0] + abs(width - mean)
                    if i < len(cuts) - 1:
                        cost += points[cuts[i]] * 1.5
                    if prev[2] < width:
                        cost += 2 + (width - prev[2])
                    current = step[i]
                    if current is None or cost < current[0]:
                        step[i] = (cost, j, width)
            back.append(step)
            best = step
        if best[-1] is None:
            continue
        lines: list[str] = []
        i = len(cuts) - 1
        for step in reversed(back):
            entry = step[i]
            assert entry is not None
            j = entry[1]
            lines.append(title[cuts[j] : cuts[i]].strip())
            i = j
        return lines[::-1]
    return None


def _breakable(text: str, cut: int) -> bool:
    """No break before closing punctuation, after opening punctuation, or inside a number."""
    before, after = text[cut - 1], text[cut]
    if after in _NO_LINE_START or before in _NO_LINE_END:
        return False
    return not (before.isascii() and before.isalnum() and after.isascii() and after.isalnum())


def char_width(ch: str) -> float:
    """Width in full-width units: ASCII and half-width forms count a half, the rest one."""
    if ch.isascii() or "\uff61" <= ch <= "\uffdc":
        return 0.5
    return 1.0


def text_width(text: str) -> float:
    return sum(char_width(c) for c in text)
