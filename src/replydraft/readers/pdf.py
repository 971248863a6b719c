"""PDF: the text layer, page furniture removed, lines re-joined by their geometry.

The geometry rules serve the scans too: OCR boxes and OFD text codes are placed lines like
the text layer's (readers/layout.py). Joining pieces of a paragraph and telling whether a
line may go on are ingest's (the same for every format).
"""

from __future__ import annotations

import itertools
import re
import statistics
from collections import Counter
from dataclasses import dataclass
from typing import Any

from replydraft import ingest
from replydraft.readers.base import ReadError
from replydraft.readers.layout import PageLine, rows
from replydraft.readers.pdfium_lock import PDFIUM

# A page with fewer characters than this in its text layer and an image over at least
# SCAN_COVER of it is a scanned page: a signature page, an attachment table, a scan only
# partly given a text layer. A page number or a stamp's few characters do not make it text.
SCAN_MAX_CHARS = 20
SCAN_COVER = 0.5


@dataclass(frozen=True)
class PdfLayer:
    """A PDF's text layer, page by page, and the pages that are scans (for OCR)."""

    pages: list[list[PageLine]]  # each page's lines in reading order
    scans: tuple[int, ...]  # 0-based: pages with (next to) no text but an image over them

    def text(self) -> str:
        """The text layer as paragraphs separated by blank lines, page furniture removed."""
        if not any(line.text.strip() for lines in self.pages for line in lines):
            return ""
        return "\n\n".join(paragraphs(drop_page_furniture(self.pages)))


def pdf_text(data: bytes, name: str) -> str:
    """The text layer as paragraphs separated by blank lines, page furniture removed."""
    return pdf_layer(data, name).text()


def pdf_layer(data: bytes, name: str) -> PdfLayer:
    """Each page's text layer, and which pages are scans. With no text on any page, every
    page is one (a scanner's PDF): OCR reads them all, images or not."""
    with PDFIUM:  # a text layer reads in milliseconds a page: hold it throughout
        pages, scans = _read_layer(data, name)
    if not any(line.text.strip() for lines in pages for line in lines):
        scans = list(range(len(pages)))
    return PdfLayer(pages, tuple(scans))


def _read_layer(data: bytes, name: str) -> tuple[list[list[PageLine]], list[int]]:
    """Each page's lines and the pages that look scanned (PDFIUM held by the caller)."""
    import pypdfium2 as pdfium  # imported late so the CLI starts fast

    pdf = open_pdf(data, name)
    try:
        if len(pdf) > ingest.MAX_PDF_PAGES:
            raise ReadError(
                name, f"PDF 页数过多（{len(pdf):,} 页，上限为 {ingest.MAX_PDF_PAGES:,} 页）"
            )
        pages: list[list[PageLine]] = []
        scans: list[int] = []
        for index in range(len(pdf)):
            page = pdf[index]
            try:
                lines = _pdf_page_lines(page)
                chars = sum(len("".join(line.text.split())) for line in lines)
                if chars < SCAN_MAX_CHARS and _image_cover(page, pdfium) >= SCAN_COVER:
                    scans.append(index)
                pages.append(lines)
            finally:
                page.close()
    except pdfium.PdfiumError as e:
        raise ReadError(
            name, f"无法读取 PDF 文件内容，可能已损坏（详情：{str(e)[:120]}）"
        ) from None
    finally:
        pdf.close()
    return pages, scans


def open_pdf(data: bytes, name: str) -> Any:
    """The pypdfium2 document (the caller closes it); ReadError for an encrypted or broken file."""
    import pypdfium2 as pdfium

    try:
        with PDFIUM:
            return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        code = getattr(e, "err_code", None)
        if code in (pdfium.raw.FPDF_ERR_PASSWORD, pdfium.raw.FPDF_ERR_SECURITY):
            raise ReadError(name, "PDF 文件已加密，请先取消密码") from None
        raise ReadError(name, "不是有效的 PDF 文件（文件已损坏或不是 PDF）") from None


def _image_cover(page: Any, pdfium: Any) -> float:
    """The share of the page the largest image covers (0-1): a scan is one image per page."""
    width, height = page.get_size()
    area = max(width * height, 1.0)
    largest = 0.0
    for obj in page.get_objects(filter=(pdfium.raw.FPDF_PAGEOBJ_IMAGE,), max_depth=3):
        left, bottom, right, top = obj.get_bounds()
        w = min(right, width) - max(left, 0.0)
        h = min(top, height) - max(bottom, 0.0)
        largest = max(largest, max(w, 0.0) * max(h, 0.0) / area)
    return largest


def _pdf_page_lines(page: Any) -> list[PageLine]:
    textpage = page.get_textpage()
    try:
        count = textpage.count_chars()
        text = textpage.get_text_range(0, count) if count else ""
        if len(text) != count:  # the indices no longer match the boxes: keep the text alone
            return [PageLine(t, 0, 0, 0, 0, 0) for t in text.splitlines() if t.strip()]
        lines: list[PageLine] = []
        start = 0
        for i in range(count + 1):
            if i < count and text[i] not in "\r\n":
                continue
            if i > start:
                line = _pdf_line(textpage, text, start, i)
                if line is not None:
                    lines.append(line)
            start = i + 1
    finally:
        textpage.close()
    return rows(lines, whole_lines=True)


def _pdf_line(textpage: Any, text: str, start: int, end: int) -> PageLine | None:
    """One line of a page: its characters in left-to-right order (a PDF may draw a line's
    quotation marks last), spaced by the gaps between them.

    PDFium reports a space for every gap, also for the quarter-em a word processor puts
    between Chinese and Latin text; a gap counts as a space only from about 0.3 em on (a
    typed space), as two spaces from 1.5 em on (columns, fields)."""
    glyphs: list[tuple[tuple[float, float, float, float], str, bool]] = []
    space_before = False
    for i in range(start, end):
        char = text[i]
        if char.isspace():
            space_before = True
            continue
        box = textpage.get_charbox(i, loose=True)  # the advance box: no gaps inside words
        if glyphs and glyphs[-1][1] == char and abs(glyphs[-1][0][0] - box[0]) < 0.5:
            continue  # drawn twice over itself: a fake bold
        glyphs.append((box, char, space_before))
        space_before = False
    if not glyphs:
        return None
    glyphs.sort(key=lambda g: g[0][0])
    heights = [b[3] - b[1] for b, _, _ in glyphs if b[3] > b[1]]
    size = statistics.median(heights) if heights else 0.0
    parts: list[str] = []
    for k, (box, char, reported) in enumerate(glyphs):
        if k and size > 0:
            before_box, before, _ = glyphs[k - 1]
            gap = box[0] - before_box[2]
            latin = ingest._is_latin(before) and ingest._is_latin(char)
            if gap >= 1.5 * size:
                parts.append("  ")
            elif gap >= 0.28 * size or (latin and (reported or gap >= 0.15 * size)):
                parts.append(" ")
        elif k and reported:
            parts.append(" ")
        parts.append(char)
    return PageLine(
        text="".join(parts),
        left=min(b[0] for b, _, _ in glyphs),
        right=max(b[2] for b, _, _ in glyphs),
        top=max(b[3] for b, _, _ in glyphs),
        bottom=min(b[1] for b, _, _ in glyphs),
        size=size,
    )


def _head_width(text: str, size: float) -> float:
    """The width of what a layout cannot split at the start of `text`: opening brackets,
    then a Latin word or number or one CJK character, then closing punctuation."""
    i = 0
    while i < len(text) and text[i] in ingest._OPENERS:
        i += 1
    if i < len(text) and ingest._is_latin(text[i]) and text[i].isalnum():
        while (
            i < len(text) and ingest._is_latin(text[i]) and (text[i].isalnum() or text[i] in ".-/")
        ):
            i += 1
    else:
        i += 1
    while i < len(text) and text[i] in ingest._NO_LINE_START:
        i += 1
    return sum(size * 0.55 if c.isascii() else size for c in text[:i])


def drop_page_furniture(pages: list[list[PageLine]]) -> list[PageLine]:
    """Drop page numbers and headers/footers repeated at the same edge of several pages."""

    def shape(line: PageLine) -> str:
        return re.sub(r"\d+", "#", re.sub(r"\s+", "", line.text))

    edge = 2  # lines looked at at the top and the bottom of each page
    tops = Counter(shape(ln) for lines in pages for ln in lines[:edge])
    bottoms = Counter(shape(ln) for lines in pages for ln in lines[-edge:])
    repeated = max(2, (len(pages) + 1) // 2)
    out: list[PageLine] = []
    for number, lines in enumerate(pages):
        for i, line in enumerate(lines):
            at_top, at_bottom = i < edge, i >= len(lines) - edge
            if not (at_top or at_bottom):
                out.append(line)
                continue
            text = line.text.strip()
            if ingest._PAGE_NUMBER.match(text):
                continue
            # A bare number at a page edge is a page number; on top of page 1 it may be the
            # proposal's number, so it stays there.
            bare = re.fullmatch(r"\d{1,4}", text) and len(lines) > 1
            if bare and (at_bottom or number > 0):
                continue
            key = shape(line)
            if len(pages) > 1 and (
                (at_top and tops[key] >= repeated) or (at_bottom and bottoms[key] >= repeated)
            ):
                continue
            out.append(line)
    return out


def paragraphs(lines: list[PageLine]) -> list[str]:
    """Re-join lines by their geometry: a line that reaches the right margin runs on into
    the next one unless that one is indented, a heading, or sits after a wider gap."""
    located = [ln for ln in lines if ln.size > 0]
    if not located:
        return [ln.text.strip() for ln in lines]
    size = statistics.median(ln.size for ln in located)
    lefts = Counter(round(ln.left) for ln in located)
    body_left = min(lefts, key=lambda x: (-lefts[x], x))
    rights = sorted(ln.right for ln in located)
    body_right = rights[int(len(rights) * 0.9)] if len(rights) > 2 else rights[-1]
    pitches = [a.top - b.top for a, b in itertools.pairwise(located) if a.top > b.top]
    pitch = statistics.median(pitches) if pitches else size * 1.5

    paragraphs: list[list[str]] = []  # the pieces of each: joined once, at the end
    prev: PageLine | None = None
    for line in lines:
        text = ingest._strip_line(line.text)
        if not text:
            continue
        if prev is not None and _pdf_runs_on(prev, line, size, body_left, body_right, pitch):
            paragraphs[-1] += [ingest._joint(paragraphs[-1][-1], text), text]
        else:
            paragraphs.append([text])
        prev = line
    return ["".join(pieces) for pieces in paragraphs]


def _pdf_runs_on(
    prev: PageLine, line: PageLine, size: float, left: float, right: float, pitch: float
) -> bool:
    if prev.size <= 0 or line.size <= 0:
        return False
    if line.text.lstrip()[:1] in tuple(ingest._CONTINUATION_START):  # "。" cannot start a line
        return True
    # The previous line stopped short of the margin: a paragraph end, unless what starts
    # this line could not have fitted there ("〔2017〕66号", or "箱、" that may not be split).
    room = right - prev.right
    if room > max(1.5 * size, _head_width(line.text.lstrip(), size) + 0.5 * size):
        return False
    if line.left > left + 1.2 * size:  # an indented first line starts a paragraph
        return False
    gap = prev.top - line.top
    if gap > pitch * 1.3:  # extra space between paragraphs (same page)
        return False
    # The geometry says the paragraph goes on, even after a full stop or colon at the margin.
    return ingest._may_continue(
        ingest._strip_line(prev.text),
        ingest._strip_line(line.text),
        full_line=True,
        after_stop=True,
    )
