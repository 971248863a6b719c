"""The reply as a .docx in the GB/T 9704-2012 layout (see docs/gbt9704.md).

Every number comes from the bureau's ExportStyle. The page: A4, margins in mm rounded to the
nearest twip, a line grid of 22 lines (w:docGrid type="lines", every paragraph EXACT at the
grid pitch, no space before or after), 28 characters a line by condensing each 3号 character
(w:spacing on the runs: the largest whole twip step that fits chars_per_line characters into
the type area; -5 twips = -0.25 pt with the defaults). Widow control and CJK/Latin autospace
are off, because both would take characters or lines off the grid.

Why not a character grid (docGrid type="linesAndChars" with charSpace, as Word's page set-up
writes it): LibreOffice gives every 16 pt character two cells of a 15.8 pt grid, 14
characters a line. And punctuation: every paragraph says w:overflowPunct="1", Word's and
WPS's own default (a 。 or ， after the 28th character may hang into the margin). LibreOffice
reads that attribute inverted (its import maps "0" to hanging, its export writes hanging as
"1"), and its hanging punctuation with condensed characters drops the 。 or ， (five lost on
one page); with "1" it moves the character down with the one before it instead, losing none.

Fields: only the page number (PAGE, built from fldChar/instrText in the odd and even
footers); everything else is plain text, so nothing changes when fields are updated. The
only frame is the 版记's (wrap="notBeside": no text flows beside it); the letterhead's
lines are paragraph borders and its page-one header is a header part, not a floating shape.

Fonts are written into every slot (eastAsia, ascii, hAnsi, cs) of the document defaults, the
styles and every run, with w:hint="eastAsia" and no theme references: python-docx's template
otherwise sends Chinese text to a Japanese theme font.

The 版记 (抄送, 印发) sits in a frame (w:framePr) anchored to the bottom of the type area,
so its last rule lies on the bottom edge of the type area of the last page whatever the
length of the body, and the whole 版记 is exactly as high as the last two (one, with only
抄送) lines of the grid. The rules are black-filled paragraphs of their own, as high as the
rule and as wide as the type area: paragraph borders would follow the indents of the
抄送/印发 lines, and LibreOffice drops a frame whose paragraphs have different borders.
The signature block keeps with the last line of the body and with the frame. When the body
runs into the last two lines of its page, LibreOffice moves the frame and the paragraph
it is anchored to (the last contact line) to a new page; checked in LibreOffice's PDF, not
in Word, which positions the frame from the framed paragraphs themselves.
"""

from __future__ import annotations

import copy
import datetime as dt
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import docx
from docx.oxml.ns import qn
from docx.oxml.parser import OxmlElement

from replydraft import paths
from replydraft.atomic import write_atomic
from replydraft.errors import ReplydraftError
from replydraft.profiles import ExportStyle
from replydraft.records import Draft
from replydraft.render import (
    PRINT_SEPARATOR,
    Block,
    render_blocks,
    strip_control,
    text_width,
    title_lines,
)

if TYPE_CHECKING:  # the tokenizer (jieba) loads lazily, only for titles that need it
    from replydraft.tokenize import Tokenizer

_TAB_OR_BREAK = re.compile(r"(\t|\r\n|\r|\n)")
_RULE_THICK_MM = 0.35  # first and last rule of the 版记 (GB/T 9704 §7.4.1)
_RULE_THIN_MM = 0.25  # the rules between its elements
_PAGE_NUMBER_GAP_MM = 7.0  # the dash line sits 7 mm under the type area (§7.5)
_FIELD_GAP = "\u3000\u3000"  # between 联系人姓名：… and 联系电话：… on one line
_DASH_HEIGHT = 0.45  # where an em dash sits in its line, as a fraction of the font size
# The 信函格式 (GB/T 9704 §10.1): mark 30 mm from the page top, a double line 4 mm under it,
# another 20 mm above the page bottom, both 170 mm long.
_LETTER_MARK_TOP_MM = 30.0
_LETTER_GAP_MM = 4.0
_LETTER_BOTTOM_MM = 20.0
_LETTER_LINE_MM = 170.0
_LETTER_LINE_WIDTH = 18  # eighths of a point: the double line, thick and thin together
_LETTER_FOOT_LINE = 20  # twips: the empty footer paragraph that carries the lower line


def mm_to_twips(mm: float) -> int:
    """Millimetres to twips, rounded half up: 37 -> 2098, 28 -> 1587, 26 -> 1474, 35 -> 1984."""
    return math.floor(mm * 1440 / 25.4 + 0.5)


def pt_to_twips(pt: float) -> int:
    return math.floor(pt * 20 + 0.5)


@dataclass(frozen=True)
class Geometry:
    """The layout numbers of one ExportStyle, in twips (and half-points for sizes)."""

    page_width: int
    page_height: int
    top: int
    bottom: int
    left: int
    right: int
    line: int  # grid pitch and exact line height
    body_size: int  # half-points
    title_size: int
    footer_size: int
    char_spacing: int  # twips added to each body character (negative: condensed)
    footer_distance: int  # page bottom to the bottom of the page-number line

    @classmethod
    def of(cls, style: ExportStyle) -> Geometry:
        width, left, right = (
            mm_to_twips(style.paper_width_mm),
            mm_to_twips(style.margin_left_mm),
            mm_to_twips(style.margin_right_mm),
        )
        body = pt_to_twips(style.body_size_pt)
        text_width = width - left - right
        chars = max(style.chars_per_line, 1)
        spacing = math.floor(text_width / chars - body)
        bottom = mm_to_twips(style.margin_bottom_mm)
        # The page-number line is exactly one 4号 high; its bottom sits `footer` above the
        # page edge so that the dashes (about mid-height) lie 7 mm under the type area.
        footer_line = pt_to_twips(style.footer_size_pt)
        dash_drop = round(_DASH_HEIGHT * footer_line)
        footer = bottom - (mm_to_twips(_PAGE_NUMBER_GAP_MM) - dash_drop) - footer_line
        return cls(
            page_width=width,
            page_height=mm_to_twips(style.paper_height_mm),
            top=mm_to_twips(style.margin_top_mm),
            bottom=bottom,
            left=left,
            right=right,
            line=pt_to_twips(style.line_pitch_pt),
            body_size=round(style.body_size_pt * 2),
            title_size=round(style.title_size_pt * 2),
            footer_size=round(style.footer_size_pt * 2),
            char_spacing=max(spacing, -body // 4),  # never squeeze glyphs into each other
            footer_distance=max(footer, 0),
        )

    @property
    def text_width(self) -> int:
        return self.page_width - self.left - self.right

    @property
    def body_char(self) -> int:
        """The advance of one full-width body character, in twips."""
        return self.body_size * 10 + self.char_spacing

    @property
    def footer_char(self) -> int:
        return self.footer_size * 10

    def body_width(self, text: str) -> int:
        """The printed width of `text` in body type (half-width characters count half)."""
        return round(text_width(text) * self.body_size * 10) + len(text) * self.char_spacing


class LetterheadError(ReplydraftError):
    """The bureau's letterhead file cannot be found or read; str() names it."""

    def __init__(self, where: Path | str, problem: str) -> None:
        self.problem = problem
        super().__init__(f"{where}: {problem}")


def default_letterhead_folders() -> list[Path]:
    """Where a profile's `letterhead = "NAME.docx"` is looked for: the user's templates
    folder, then the built-in one (templates/letterheads/ in both)."""
    return [
        paths.UserDirs.resolve().templates / "letterheads",
        paths.templates_dir() / "letterheads",
    ]


def letterhead_file(name: str, folders: Sequence[Path]) -> Path:
    """The letterhead .docx a profile names: an absolute path, or a file in `folders`."""
    path = Path(name).expanduser()
    candidates = [path] if path.is_absolute() else [Path(f) / name for f in folders]
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    looked = "、".join(str(c) for c in candidates)
    raise LetterheadError(name, f"找不到单位信纸文件（已查找：{looked}）")


def export_docx(
    draft: Draft,
    style: ExportStyle,
    target: Path,
    *,
    tokenizer: Tokenizer | None = None,
    letterhead_folders: Sequence[Path] | None = None,
) -> None:
    """Write `draft` to `target` as a GB/T 9704 .docx, atomically (WriteError on failure).

    `tokenizer` finds word boundaries for a long title without a natural break point; one is
    created only when needed. `letterhead_folders` is where a letterhead .docx named by the
    style is looked for (default_letterhead_folders() when None).
    """
    document = build_document(
        draft, style, tokenizer=tokenizer, letterhead_folders=letterhead_folders
    )
    write_atomic(Path(target), lambda path: document.save(str(path)))


def build_document(
    draft: Draft,
    style: ExportStyle,
    *,
    tokenizer: Tokenizer | None = None,
    letterhead_folders: Sequence[Path] | None = None,
) -> Any:
    """The python-docx Document for `draft` (not yet saved)."""
    builder = _Builder(style, tokenizer)
    if style.letterhead.lower().endswith(".docx"):
        folders = default_letterhead_folders() if letterhead_folders is None else letterhead_folders
        builder.letterhead_source = letterhead_file(style.letterhead, folders)
    return builder.build(draft)


# --- XML helpers ----------------------------------------------------------------------------


def _el(tag: str, attrs: dict[str, str] | None = None) -> Any:
    """A WordprocessingML element; `attrs` names are in the w: namespace."""
    return OxmlElement(tag, {qn("w:" + k): v for k, v in (attrs or {}).items()})


def _sub(parent: Any, tag: str, attrs: dict[str, str] | None = None) -> Any:
    child = _el(tag, attrs)
    parent.append(child)
    return child


@dataclass(frozen=True)
class _Font:
    """What a run looks like: East-Asian font, Latin font, size, character spacing."""

    east_asia: str
    latin: str
    size: int  # half-points
    spacing: int = 0  # twips
    bold_off: bool = False
    color: str = ""  # RGB hex, "" for automatic (black)

    def rpr(self) -> Any:
        """A complete w:rPr in schema order (rFonts, b, bCs, spacing, sz, szCs, lang)."""
        rpr = _el("w:rPr")
        _sub(
            rpr,
            "w:rFonts",
            {
                "ascii": self.latin,
                "hAnsi": self.latin,
                "eastAsia": self.east_asia,
                "cs": self.latin,
                "hint": "eastAsia",
            },
        )
        if self.bold_off:
            _sub(rpr, "w:b", {"val": "0"})
            _sub(rpr, "w:bCs", {"val": "0"})
        if self.color:
            _sub(rpr, "w:color", {"val": self.color})
        if self.spacing:
            _sub(rpr, "w:spacing", {"val": str(self.spacing)})
        _sub(rpr, "w:sz", {"val": str(self.size)})
        _sub(rpr, "w:szCs", {"val": str(self.size)})
        _sub(rpr, "w:lang", {"val": "en-US", "eastAsia": "zh-CN", "bidi": "ar-SA"})
        return rpr


@dataclass(frozen=True)
class _Para:
    """Paragraph properties; rendered to a w:pPr in schema order."""

    style: str = ""
    jc: str = "both"
    first_chars: int = 0  # first-line indent in hundredths of a character
    first: int = 0  # twips (negative: hanging)
    left: int = 0
    left_chars: int = 0
    right: int = 0
    right_chars: int = 0
    line: int = 0  # exact line height, twips
    keep_next: bool = False
    frame: tuple[tuple[str, str], ...] = ()
    shade: bool = False  # filled black: a rule as thick as the (exact) line height
    tabs: tuple[tuple[str, int], ...] = ()
    grid: bool = True
    outline: int = -1
    after: int = 0  # space after, twips
    # One paragraph border: (side, w:val, width in eighths of a point, gap in points, colour).
    border: tuple[str, str, int, int, str] | None = None

    def ppr(self, mark: _Font | None) -> Any:
        ppr = _el("w:pPr")
        if self.style:
            _sub(ppr, "w:pStyle", {"val": self.style})
        if self.keep_next:
            _sub(ppr, "w:keepNext")
        if self.frame:
            _sub(ppr, "w:framePr", dict(self.frame))
        _sub(ppr, "w:widowControl", {"val": "0"})
        if self.border:
            side, kind, size, gap, color = self.border
            bdr = _sub(ppr, "w:pBdr")
            attrs = {"val": kind, "sz": str(size), "space": str(gap), "color": color}
            _sub(bdr, f"w:{side}", attrs)
        if self.shade:
            _sub(ppr, "w:shd", {"val": "clear", "color": "auto", "fill": "000000"})
        if self.tabs:
            tabs = _sub(ppr, "w:tabs")
            for kind, pos in self.tabs:
                _sub(tabs, "w:tab", {"val": kind, "pos": str(pos)})
        _sub(ppr, "w:overflowPunct", {"val": "1"})  # see the module docstring
        _sub(ppr, "w:autoSpaceDE", {"val": "0"})
        _sub(ppr, "w:autoSpaceDN", {"val": "0"})
        if not self.grid:
            _sub(ppr, "w:snapToGrid", {"val": "0"})
        if self.line:
            _sub(
                ppr,
                "w:spacing",
                {
                    "before": "0",
                    "after": str(self.after),
                    "line": str(self.line),
                    "lineRule": "exact",
                },
            )
        ind: dict[str, str] = {}
        if self.left or self.left_chars:
            ind["left"] = str(self.left)
            if self.left_chars:
                ind["leftChars"] = str(self.left_chars)
        if self.right or self.right_chars:
            ind["right"] = str(self.right)
            if self.right_chars:
                ind["rightChars"] = str(self.right_chars)
        if self.first > 0:
            ind["firstLine"] = str(self.first)
            if self.first_chars:
                ind["firstLineChars"] = str(self.first_chars)
        elif self.first < 0:
            ind["hanging"] = str(-self.first)
            if self.first_chars:
                ind["hangingChars"] = str(self.first_chars)
        else:
            ind["firstLine"] = "0"
            ind["firstLineChars"] = "0"
        _sub(ppr, "w:ind", ind)
        _sub(ppr, "w:jc", {"val": self.jc})
        if self.outline >= 0:
            _sub(ppr, "w:outlineLvl", {"val": str(self.outline)})
        if mark is not None:
            ppr.append(mark.rpr())
        return ppr


class _Builder:
    """Builds one document. Templates of pPr/rPr are made once and copied per paragraph."""

    def __init__(self, style: ExportStyle, tokenizer: Tokenizer | None) -> None:
        self.style = style
        self.geo = Geometry.of(style)
        self._tokenizer = tokenizer
        self.letter = style.letterhead == "letter"
        self.letterhead_source: Path | None = None  # the bureau's own letterhead .docx
        self._ppr_cache: dict[tuple[_Para, _Font | None], Any] = {}
        self._rpr_cache: dict[_Font, Any] = {}
        g, s = self.geo, style
        latin = s.font_latin or s.font_body
        self.f_body = _Font(s.font_body, latin, g.body_size, g.char_spacing)
        self.f_h1 = _Font(s.font_heading1, latin, g.body_size, g.char_spacing, bold_off=True)
        self.f_h2 = _Font(s.font_heading2, latin, g.body_size, g.char_spacing, bold_off=True)
        self.f_title = _Font(s.font_title, latin, g.title_size, bold_off=True)
        self.f_footer = _Font(s.font_body, latin, g.footer_size)
        self.f_page = _Font(s.font_page_number, s.font_page_number, g.footer_size)
        two = 2 * g.body_size * 10  # two characters of 3号, as Word counts firstLineChars=200
        self.p_body = _Para(style="BodyText", first_chars=200, first=two, line=g.line)
        self.p_flush = _Para(jc="left", line=g.line)
        # 附注 and contact lines: indented like the body, ragged right (a wrapped contact line
        # must not be spread out to the margin).
        self.p_note = replace(self.p_body, style="", jc="left")

    # -- document ------------------------------------------------------------------------

    def build(self, draft: Draft) -> Any:
        document = docx.Document()
        self._drop_template_extras(document)
        self._setup_styles(document)
        self._setup_settings(document)
        body = document.element.body
        sect_pr = body.find(qn("w:sectPr"))
        for p in self._paragraphs(render_blocks(draft)):
            sect_pr.addprevious(p)
        self._setup_section(document, sect_pr)
        if self.letter:
            self._letterhead(document, sect_pr, draft)
        elif self.letterhead_source is not None:
            _BureauLetterhead(self.letterhead_source).apply(document, sect_pr)
        self._set_properties(document, draft)
        return document

    def _paragraphs(self, blocks: list[Block]) -> list[Any]:
        out: list[Any] = []
        by_part = {b.part: b for b in blocks if b.role == "header"}
        header_lines = [by_part[k] for k in ("header.result", "header.disclosure") if k in by_part]
        number, signer = by_part.get("header.doc_number"), by_part.get("header.signer")
        if self.letter:
            out.extend(self._letter_header(header_lines, number))
        else:
            for b in header_lines:
                out.append(self._para(self.p_flush, [(b.text, self.f_h1)]))
            if number or signer:
                out.append(self._doc_number(number, signer))
            if by_part:
                out.append(self._blank())

        last_body = -1  # the last paragraph of the body, to keep with the signature block
        signature_done = False
        banji: list[Block] = []
        for b in blocks:
            role = b.role
            if role == "header":
                continue
            if role == "title":
                out.append(self._title(b.text))
                out.append(self._blank())  # one blank line under the title (§7.3.2)
            elif role == "salutation":
                out.append(self._para(self.p_flush, [(b.text, self.f_body)]))
            elif role == "body" or b.is_heading:
                out.append(self._body(b))
                last_body = len(out) - 1
            elif role in ("signature", "date"):
                if not signature_done:
                    signature_done = True
                    out.append(self._blank())
                    out.extend(self._signature(blocks))
            elif role == "note":
                out.append(self._para(self.p_note, [(b.text, self.f_body)]))
            elif role == "contact":
                for line in self._contact_lines(b.text):
                    out.append(self._para(self.p_note, [(line, self.f_body)]))
            elif role == "cc" or (role == "print" and not self.letter):  # 信函: no 印发 line
                banji.append(b)
        # The signature block never stands on a page without body text (GB/T 9704 practice):
        # it keeps together, with the last line of the body, and with the 版记 frame that
        # LibreOffice anchors to the paragraph before it.
        if last_body >= 0:
            end = len(out) if banji else len(out) - 1
            for p in out[last_body:end]:
                _keep_with_next(p)
        if banji:
            out.extend(self._banji(banji))
        return out

    # -- elements ------------------------------------------------------------------------

    def _title(self, title: str) -> Any:
        max_chars = int(self.geo.text_width // (self.geo.title_size * 10))
        lines = title_lines(title, max_chars, self._words)
        # Off the grid: LibreOffice would give each 2号 line two grid lines.
        para = _Para(style="Title", jc="center", line=self.geo.line, grid=False)
        p = self._para(para, [])
        for i, line in enumerate(lines):
            if i:
                run = _sub(p, "w:r")
                run.append(self._rpr(self.f_title))
                _sub(run, "w:br")
            self._add_runs(p, [(line, self.f_title)])
        return p

    def _words(self, text: str) -> list[str]:
        if self._tokenizer is None:
            from replydraft.tokenize import Tokenizer

            self._tokenizer = Tokenizer()
        return self._tokenizer.words(text)

    def _body(self, b: Block) -> Any:
        font = {1: self.f_h1, 2: self.f_h2}.get(b.level, self.f_body)
        if b.is_heading and not b.head_len:
            para = _Para(
                style=f"Heading{b.level}",
                first_chars=200,
                first=self.p_body.first,
                line=self.geo.line,
                keep_next=True,
                outline=b.level - 1,
            )
            return self._para(para, [(b.text, font)])
        if b.head_len:
            runs = [(b.text[: b.head_len], font), (b.text[b.head_len :], self.f_body)]
            return self._para(self.p_body, runs)
        return self._para(self.p_body, [(b.text, self.f_body)])

    def _letter_header(self, lines: list[Block], number: Block | None) -> Iterable[Any]:
        """Under the first double line (GB/T 9704 §10.1): 办理结果 and 公开属性 flush left,
        one a line, where 份号 and 密级 would go; the 文号 flush right on the first line.
        签发人 has no place in a 信函. Then one blank line above the title."""
        g = self.geo
        para = _Para(jc="left", line=g.line, tabs=(("right", g.text_width),))
        texts = [b.text for b in lines] or [""]
        for i, left in enumerate(texts):
            runs = [(left, self.f_h1)]
            if i == 0 and number is not None:
                runs.append(("\t" + number.text, self.f_body))
            if any(text for text, _ in runs):
                yield self._para(para, runs)
        yield self._blank()

    def _letterhead(self, document: Any, sect_pr: Any, draft: Draft) -> None:
        """Page one's header (the mark over a thick-thin double line) and footer (a thin-thick
        double line, no page number): header parts, not floating shapes, so they print in
        Word, WPS and LibreOffice alike and no text can flow around them."""
        g, s = self.geo, self.style
        section = document.sections[0]
        section.different_first_page_header_footer = True
        reach = (mm_to_twips(_LETTER_LINE_MM) - g.text_width) // 2  # into both margins
        color = s.letterhead_color.upper()
        name = s.letterhead_name or draft.signature or draft.print_office
        # A long name shrinks to stay on one line within the 170 mm of the double line.
        fit = math.floor(mm_to_twips(_LETTER_LINE_MM) / max(text_width(name), 1) / 10)
        size = min(round(s.letterhead_size_pt * 2), fit)
        mark = _Font(s.font_title, self.f_body.latin, size, bold_off=True, color=color)
        # Points from the line box to the border; the glyphs end about 1 pt above the box.
        gap = round(_LETTER_GAP_MM * 72 / 25.4) - 1
        head = _Para(
            jc="center",
            line=size * 10,
            left=-reach,
            right=-reach,
            grid=False,
            border=("bottom", "thickThinSmallGap", _LETTER_LINE_WIDTH, gap, color),
        )
        header = section.first_page_header._element
        for old in list(header):
            header.remove(old)
        header.append(self._para(head, [(name, mark)], mark=mark))
        foot = _Para(
            jc="center",
            line=_LETTER_FOOT_LINE,
            left=-reach,
            right=-reach,
            grid=False,
            # A bottom border like the upper line's: "thin-thick" then means thin over thick
            # in Word and LibreOffice alike (a top border's order differs between them).
            border=("bottom", "thinThickSmallGap", _LETTER_LINE_WIDTH, 0, color),
        )
        footer = section.first_page_footer._element
        for old in list(footer):
            footer.remove(old)
        tiny = _Font(self.f_body.east_asia, self.f_body.latin, 2)
        footer.append(self._para(foot, [], mark=tiny))
        margins = sect_pr.find(qn("w:pgMar"))
        margins.set(qn("w:header"), str(mm_to_twips(_LETTER_MARK_TOP_MM)))
        margins.set(qn("w:footer"), str(self.letter_footer_distance))
        _references_first(sect_pr)

    @property
    def letter_footer_distance(self) -> int:
        """The footer distance that puts page one's lower double line 20 mm above the edge."""
        return mm_to_twips(_LETTER_BOTTOM_MM) - _LETTER_FOOT_LINE

    def _doc_number(self, number: Block | None, signer: Block | None) -> Any:
        """文号 centred; with 签发人, 文号 one character from the left and 签发人 one from the
        right on the same line (GB/T 9704 §7.2.5), 签发人 name in 楷体."""
        g = self.geo
        if signer is None:
            assert number is not None
            return self._para(_Para(jc="center", line=g.line), [(number.text, self.f_body)])
        label, _, name = signer.text.partition("：")
        stop = g.text_width - g.body_char
        para = _Para(
            jc="left", line=g.line, left=g.body_char, left_chars=100, tabs=(("right", stop),)
        )
        f_name = _Font(self.style.font_heading2, self.f_body.latin, g.body_size, g.char_spacing)
        runs = [] if number is None else [(number.text, self.f_body)]
        runs += [("\t" + label + "：", self.f_body), (name, f_name)]
        return self._para(para, runs)

    def _signature(self, blocks: list[Block]) -> Iterable[Any]:
        """Unit name two characters from the right; the date on the next line, its first
        character two characters right of the name's first (GB/T 9704 §7.3.5.2), or centred
        under the name (date_layout = "centred", local practice).

        The date is placed by a left indent from the name's left edge, which is exact for a
        name of full-width characters; the date's own width never enters, because its digits
        run at different widths in different fonts (Times New Roman, or a substitute). Only
        a date longer than the name (the standard then puts the date two characters from the
        right and moves the name left) needs the date's estimated width, for the name.
        """
        g = self.geo
        sig = next((b.text for b in blocks if b.role == "signature"), "")
        date = next((b.text for b in blocks if b.role == "date"), "")
        two = 2 * g.body_char
        sig_w, date_w = g.body_width(sig), g.body_width(date)
        right = _Para(jc="right", line=g.line, right=two)
        if not sig or not date:
            for text in (sig, date):
                if text:
                    yield self._para(right, [(text, self.f_body)])
            return
        sig_left = g.text_width - two - sig_w
        if self.style.date_layout == "centred":
            # Both centred in one box around the longer of the two, the name still two
            # characters from the right: the date's real width then does not matter. Half
            # a character of slack each side, or LibreOffice wraps the name's last character.
            half = g.body_char // 2
            box = max(sig_w, date_w)
            left = max(g.text_width - two - box - half, 0)
            para = _Para(jc="center", line=g.line, left=left, right=two - half)
            yield self._para(para, [(sig, self.f_body)])
            yield self._para(para, [(date, self.f_body)])
        elif sig_left + two + date_w <= g.text_width - two:
            yield self._para(right, [(sig, self.f_body)])
            para = _Para(jc="left", line=g.line, left=sig_left + two)
            yield self._para(para, [(date, self.f_body)])
        else:
            para = _Para(jc="left", line=g.line, left=max(g.text_width - two - date_w - two, 0))
            yield self._para(para, [(sig, self.f_body)])
            yield self._para(right, [(date, self.f_body)])

    def _banji(self, blocks: list[Block]) -> Iterable[Any]:
        """The 版记 in a frame at the bottom of the type area: rule, 抄送, rule, 印发, rule."""
        g = self.geo
        frame = (
            ("w", str(g.text_width)),
            ("wrap", "notBeside"),
            ("vAnchor", "margin"),
            ("hAnchor", "margin"),
            ("xAlign", "center"),
            ("yAlign", "bottom"),
        )
        char = g.footer_char
        tiny = _Font(self.f_footer.east_asia, self.f_footer.latin, 2)
        cc = next((b for b in blocks if b.role == "cc"), None)
        printed = next((b for b in blocks if b.role == "print"), None)
        thick, thin = mm_to_twips(_RULE_THICK_MM), mm_to_twips(_RULE_THIN_MM)
        # The text lines give up the rules' height, so that the whole 版记 is exactly as
        # high as its lines on the grid and the body can use every line above it.
        texts = (cc is not None) + (printed is not None)
        rules_height = 2 * thick + (thin if texts == 2 else 0)
        line = g.line - math.ceil(rules_height / max(texts, 1))

        def rule(height: int) -> Any:
            para = _Para(jc="left", line=max(height, 2), frame=frame, shade=True, grid=False)
            return self._para(para, [], mark=tiny)

        yield rule(thick)
        if cc is not None:
            # Wrapped lines align with the first unit after "抄送：" (§7.4.2).
            label = 3 * char
            para = _Para(
                jc="left",
                line=line,
                frame=frame,
                left=char + label,
                left_chars=400,
                first=-label,
                first_chars=300,
                right=char,
                right_chars=100,
                grid=False,
            )
            yield self._para(para, [(cc.text, self.f_footer)], mark=self.f_footer)
            if printed is not None:
                yield rule(thin)
        if printed is not None:
            office, _, when = printed.text.rpartition(PRINT_SEPARATOR)
            para = _Para(
                jc="left",
                line=line,
                frame=frame,
                left=char,
                left_chars=100,
                right=char,
                right_chars=100,
                tabs=(("right", g.text_width - char),),
                grid=False,
            )
            yield self._para(para, [(office + "\t" + when, self.f_footer)], mark=self.f_footer)
        yield rule(thick)

    def _contact_lines(self, text: str) -> list[str]:
        """A contact line whose two fields may not fit on one indented line (Latin digits
        run wider in some fonts) becomes one line per field."""
        fields = text.split("  ")
        joined = _FIELD_GAP.join(fields)  # two full-width spaces read as a gap in print
        # Half-width characters counted at 0.6 for the fonts that substitute Times New Roman.
        width = sum(1.0 if not c.isascii() else 0.6 for c in joined) + 2
        if len(fields) > 1 and width > self.style.chars_per_line - 1:
            return fields
        return [joined]

    def _blank(self) -> Any:
        return self._para(self.p_flush, [], mark=self.f_body)

    # -- paragraphs and runs -------------------------------------------------------------

    def _para(self, para: _Para, runs: list[tuple[str, _Font]], mark: _Font | None = None) -> Any:
        key = (para, mark)
        ppr = self._ppr_cache.get(key)
        if ppr is None:
            ppr = self._ppr_cache[key] = para.ppr(mark)
        p = _el("w:p")
        p.append(copy.deepcopy(ppr))
        self._add_runs(p, runs)
        return p

    def _rpr(self, font: _Font) -> Any:
        rpr = self._rpr_cache.get(font)
        if rpr is None:
            rpr = self._rpr_cache[font] = font.rpr()
        return copy.deepcopy(rpr)

    def _add_runs(self, p: Any, runs: list[tuple[str, _Font]]) -> None:
        for text, font in runs:
            text = strip_control(text)
            if not text:
                continue
            run = _sub(p, "w:r")
            run.append(self._rpr(font))
            for piece in _TAB_OR_BREAK.split(text):
                if not piece:
                    continue
                if piece == "\t":
                    _sub(run, "w:tab")
                elif piece in ("\n", "\r", "\r\n"):
                    _sub(run, "w:br")
                else:
                    t = _sub(run, "w:t")
                    t.text = piece
                    if piece != piece.strip():
                        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")

    # -- package parts -------------------------------------------------------------------

    def _drop_template_extras(self, document: Any) -> None:
        """python-docx's template carries an English thumbnail and Word 2010 style effects
        (theme fonts again); neither belongs in a Chinese official document."""
        package = document.part.package
        for rid, rel in list(package.rels.items()):
            if rel.reltype.endswith("/thumbnail"):
                package.rels.pop(rid)
        for rid, rel in list(document.part.rels.items()):
            if rel.reltype.endswith("/stylesWithEffects"):
                document.part.rels.pop(rid)

    def _setup_styles(self, document: Any) -> None:
        styles = document.styles.element
        for rfonts in styles.iter(qn("w:rFonts")):
            for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
                rfonts.attrib.pop(qn(f"w:{attr}"), None)
        defaults = styles.find(qn("w:docDefaults"))
        rpr_default = defaults.find(qn("w:rPrDefault"))
        rpr_default.clear()
        rpr_default.append(self.f_body.rpr())
        ppr_default = defaults.find(qn("w:pPrDefault"))
        ppr_default.clear()
        ppr_default.append(_Para(jc="both", line=self.geo.line).ppr(None))

        g = self.geo
        two = self.p_body.first
        self._style(styles, "Normal", "Normal", _Para(jc="both", line=g.line), self.f_body)
        self._style(styles, "BodyText", "Body Text", self.p_body, self.f_body)
        self._style(
            styles,
            "Title",
            "Title",
            _Para(jc="center", line=g.line, grid=False),
            self.f_title,
        )
        fonts = {1: self.f_h1, 2: self.f_h2, 3: self.f_body, 4: self.f_body}
        for level, font in fonts.items():
            para = _Para(first_chars=200, first=two, line=g.line, keep_next=True, outline=level - 1)
            bold_off = _Font(font.east_asia, font.latin, font.size, font.spacing, bold_off=True)
            self._style(styles, f"Heading{level}", f"heading {level}", para, bold_off)
        self._style(styles, "Footer", "footer", _Para(jc="left"), self.f_page)

    def _style(self, styles: Any, style_id: str, name: str, para: _Para, font: _Font) -> None:
        """Define (or redefine) a paragraph style with exactly these properties."""
        for old in styles.findall(qn("w:style")):
            if old.get(qn("w:styleId")) == style_id:
                styles.remove(old)
        style = _sub(styles, "w:style", {"type": "paragraph", "styleId": style_id})
        if style_id == "Normal":
            style.set(qn("w:default"), "1")
        _sub(style, "w:name", {"val": name})
        if style_id != "Normal":
            _sub(style, "w:basedOn", {"val": "Normal"})
            _sub(style, "w:next", {"val": "BodyText" if style_id != "Footer" else "Footer"})
        _sub(style, "w:qFormat")
        ppr = para.ppr(None)
        ppr.remove(ppr.find(qn("w:widowControl")))
        _sub(ppr, "w:widowControl", {"val": "0"})
        _sort_ppr(ppr)
        style.append(ppr)
        style.append(font.rpr())

    def _setup_settings(self, document: Any) -> None:
        settings = document.settings.element
        lang = settings.find(qn("w:themeFontLang"))
        if lang is not None:
            lang.set(qn("w:eastAsia"), "zh-CN")
        if self.style.page_numbers:
            document.settings.odd_and_even_pages_header_footer = True

    def _setup_section(self, document: Any, sect_pr: Any) -> None:
        g = self.geo
        for tag in ("w:pgSz", "w:pgMar", "w:cols", "w:docGrid"):
            for old in sect_pr.findall(qn(tag)):
                sect_pr.remove(old)
        sect_pr.append(_el("w:pgSz", {"w": str(g.page_width), "h": str(g.page_height)}))
        margins = {
            "top": g.top,
            "right": g.right,
            "bottom": g.bottom,
            "left": g.left,
            "header": min(851, g.top),
            "footer": g.footer_distance,
            "gutter": 0,
        }
        sect_pr.append(_el("w:pgMar", {k: str(v) for k, v in margins.items()}))
        sect_pr.append(_el("w:cols", {"space": "425"}))
        sect_pr.append(_el("w:docGrid", {"type": "lines", "linePitch": str(g.line)}))
        if not self.style.page_numbers:
            return
        section = document.sections[0]
        section.footer.is_linked_to_previous = False
        section.even_page_footer.is_linked_to_previous = False
        self._page_number(section.footer._element, odd=True)
        self._page_number(section.even_page_footer._element, odd=False)
        # python-docx appends footer references after docGrid; Word wants them first.
        for ref in sect_pr.findall(qn("w:footerReference")):
            sect_pr.remove(ref)
            sect_pr.insert(0, ref)

    def _page_number(self, footer: Any, *, odd: bool) -> None:
        """The page number "— N —" in 宋体 4号: odd pages right-aligned one character in, even pages left."""
        for old in list(footer):
            footer.remove(old)
        char = self.geo.footer_char
        if odd:
            para = _Para(jc="right", right=char, right_chars=100, line=char, grid=False)
        else:
            para = _Para(jc="left", left=char, left_chars=100, line=char, grid=False)
        # In a 信函 the footer distance serves page one's lower line; space after the page
        # number keeps it 7 mm under the type area.
        after = self.geo.footer_distance - self.letter_footer_distance if self.letter else 0
        para = replace(para, style="Footer", after=max(after, 0))
        p = self._para(para, [("— ", self.f_page)], mark=self.f_page)
        for kind, text in (("begin", None), (None, " PAGE "), ("separate", None)):
            run = _sub(p, "w:r")
            run.append(self._rpr(self.f_page))
            if kind:
                _sub(run, "w:fldChar", {"fldCharType": kind})
            else:
                instr = _sub(run, "w:instrText")
                instr.text = text
                instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        self._add_runs(p, [("1", self.f_page)])
        end = _sub(p, "w:r")
        end.append(self._rpr(self.f_page))
        _sub(end, "w:fldChar", {"fldCharType": "end"})
        self._add_runs(p, [(" —", self.f_page)])
        footer.append(p)

    def _set_properties(self, document: Any, draft: Draft) -> None:
        props = document.core_properties
        now = dt.datetime.now(dt.UTC).replace(microsecond=0, tzinfo=None)
        # python-docx refuses core properties past 255 characters (the OOXML schema's bound);
        # the page shows the whole title, the file's properties a shortened one.
        props.title = _property_text(draft.title)
        props.author = _property_text(draft.signature)
        props.last_modified_by = props.author
        props.comments = ""
        props.subject = ""
        props.keywords = ""
        props.category = ""
        props.revision = 1
        props.created = now
        props.modified = now


# The relationship ids an image, a VML shape or a link may carry.
_R_ATTRS = tuple(qn(name) for name in ("r:embed", "r:link", "r:id"))


class _BureauLetterhead:
    """Page one of the bureau's own letterhead .docx, carried into the export: its first-page
    header and footer (its default ones when it has no first-page set), the framed or
    anchored elements at the top of its body (a red mark in a frame, a drawn line), and the
    images they show. Everything else in the file (sample text) is left behind."""

    def __init__(self, source: Path) -> None:
        self.source = source
        try:
            self.theirs = docx.Document(str(source))
        except Exception:  # python-docx raises KeyError, ValueError, zip and XML errors
            raise LetterheadError(source, "不是有效的 .docx 文件，无法用作单位信纸") from None

    def apply(self, document: Any, sect_pr: Any) -> None:
        their = self.theirs.sections[0]
        first = their.different_first_page_header_footer
        section = document.sections[0]
        section.different_first_page_header_footer = True
        for mine, theirs in (
            (section.first_page_header, their.first_page_header if first else their.header),
            (section.first_page_footer, their.first_page_footer if first else their.footer),
        ):
            element = mine._element  # creates page one's part
            for old in list(element):
                element.remove(old)
            if not theirs.is_linked_to_previous:
                for child in theirs._element:
                    element.append(self._settle(self._copy(child, theirs.part, mine.part)))
            if not len(element):
                element.append(_el("w:p"))  # a header part must hold a paragraph
        body = document.element.body
        for p in reversed(self._frames()):
            body.insert(0, self._settle(self._copy(p, self.theirs.part, document.part)))
        if their.header_distance is not None:
            section.header_distance = their.header_distance
        _references_first(sect_pr)

    def _frames(self) -> list[Any]:
        """The framed paragraphs and anchored drawings before the letterhead's first text."""
        out = []
        for child in self.theirs.element.body.iterchildren():
            if child.tag != qn("w:p"):
                break
            framed = child.find(f"{qn('w:pPr')}/{qn('w:framePr')}") is not None
            anchored = any(
                el.tag.endswith("}anchor") or el.tag.endswith("}pict") for el in child.iter()
            )
            if framed or anchored:
                out.append(child)
            elif "".join(t.text or "" for t in child.iter(qn("w:t"))).strip():
                break
        return out

    def _settle(self, element: Any) -> Any:
        """Give each copied paragraph the alignment and line spacing its own style chain
        gave it in the letterhead: in the export, the same style names lead to the reply's
        styles (justified, exact 28.95 pt lines on the grid), which would spread the mark
        and clip pictures."""
        paragraphs = [element] if element.tag == qn("w:p") else list(element.iter(qn("w:p")))
        for p in paragraphs:
            ppr = p.get_or_add_pPr()
            style = ppr.find(qn("w:pStyle"))
            chain = self._style_chain(style.get(qn("w:val")) if style is not None else None)
            for tag, default in (
                ("w:jc", {"val": "left"}),
                ("w:spacing", {"before": "0", "after": "0", "line": "240", "lineRule": "auto"}),
            ):
                if ppr.find(qn(tag)) is not None:
                    continue
                found = next((el for el in chain if el.find(qn(tag)) is not None), None)
                if found is not None:
                    ppr.append(copy.deepcopy(found.find(qn(tag))))
                else:
                    ppr.append(_el(tag, default))
            if ppr.find(qn("w:snapToGrid")) is None:
                ppr.append(_el("w:snapToGrid", {"val": "0"}))
            _sort_ppr_known(ppr)
        return element

    def _style_chain(self, style_id: str | None) -> list[Any]:
        """The letterhead's pPr elements from a paragraph style up through basedOn, then
        its default paragraph style and document defaults."""
        styles = self.theirs.styles.element
        by_id = {s.get(qn("w:styleId")): s for s in styles.findall(qn("w:style"))}
        if style_id is None:
            style_id = next(
                (
                    i
                    for i, s in by_id.items()
                    if s.get(qn("w:default")) in ("1", "true")
                    and s.get(qn("w:type")) == "paragraph"
                ),
                None,
            )
        out, seen = [], set()
        while style_id and style_id in by_id and style_id not in seen:
            seen.add(style_id)
            style = by_id[style_id]
            if style.find(qn("w:pPr")) is not None:
                out.append(style.find(qn("w:pPr")))
            based = style.find(qn("w:basedOn"))
            style_id = based.get(qn("w:val")) if based is not None else None
        defaults = styles.find(f"{qn('w:docDefaults')}/{qn('w:pPrDefault')}/{qn('w:pPr')}")
        if defaults is not None:
            out.append(defaults)
        return out

    @staticmethod
    def _copy(element: Any, source_part: Any, target_part: Any) -> Any:
        """A deep copy of `element` whose relationship ids point to `target_part`'s own
        relationships to the same images (or external targets)."""
        clone = copy.deepcopy(element)
        for el in clone.iter():
            for attr in _R_ATTRS:
                rid = el.get(attr)
                if not rid or rid not in source_part.rels:
                    continue
                rel = source_part.rels[rid]
                if rel.is_external:
                    new = target_part.relate_to(rel.target_ref, rel.reltype, is_external=True)
                else:
                    new = target_part.relate_to(rel.target_part, rel.reltype)
                el.set(attr, new)
        return clone


def _references_first(sect_pr: Any) -> None:
    """Word wants the header and footer references first in the section properties."""
    for tag in ("w:footerReference", "w:headerReference"):
        for ref in sect_pr.findall(qn(tag)):
            sect_pr.remove(ref)
            sect_pr.insert(0, ref)


PROPERTY_MAX = 255  # characters in a core property (title, author)


def _property_text(text: str) -> str:
    """`text` fit for a core property: no control characters, at most PROPERTY_MAX."""
    clean = strip_control(text.strip())
    return clean if len(clean) <= PROPERTY_MAX else clean[: PROPERTY_MAX - 1] + "…"


def _keep_with_next(p: Any) -> None:
    ppr = p.find(qn("w:pPr"))
    if ppr.find(qn("w:keepNext")) is None:
        keep = _el("w:keepNext")
        style = ppr.find(qn("w:pStyle"))
        if style is None:
            ppr.insert(0, keep)
        else:
            style.addnext(keep)


# Schema order of the pPr children this module writes.
_PPR_ORDER = [
    "pStyle",
    "keepNext",
    "framePr",
    "widowControl",
    "pBdr",
    "shd",
    "tabs",
    "overflowPunct",
    "autoSpaceDE",
    "autoSpaceDN",
    "snapToGrid",
    "spacing",
    "ind",
    "jc",
    "outlineLvl",
    "rPr",
]


def _sort_ppr_known(ppr: Any) -> None:
    """A copied pPr in schema order after elements were added (unknown ones go last)."""
    order = _PPR_FULL_ORDER
    children = list(ppr)
    children.sort(
        key=lambda c: (
            order.index(c.tag.rpartition("}")[2])
            if c.tag.rpartition("}")[2] in order
            else len(order)
        )
    )
    for child in children:
        ppr.append(child)


# The full schema order of w:pPr (ECMA-376 CT_PPrBase, then rPr, sectPr, pPrChange).
_PPR_FULL_ORDER = [
    "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
    "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
    "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
    "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap",
    "jc", "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId",
    "cnfStyle", "rPr", "sectPr", "pPrChange",
]  # fmt: skip


def _sort_ppr(ppr: Any) -> None:
    children = sorted(ppr, key=lambda c: _PPR_ORDER.index(c.tag.rpartition("}")[2]))
    for child in children:
        ppr.append(child)
