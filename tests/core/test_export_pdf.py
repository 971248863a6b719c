"""The exported .docx as LibreOffice lays it out: lines, characters, pages, footers, 版记.

Slow (LibreOffice converts the file to PDF), but run in CI; skipped only without `soffice`.
Positions are in PDF points measured from the top of the page. LibreOffice substitutes the
licensed fonts (仿宋_GB2312 …) with a CJK font of the same square metrics, so lines and
pages come out as in Word; Latin text may run a little wider (Times New Roman is absent on
Linux), which the page-count estimate below allows for.
"""

from __future__ import annotations

import ctypes
import itertools
import math
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from replydraft.docx_export import export_docx
from replydraft.profiles import ExportStyle
from replydraft.records import Draft
from replydraft.render import render_blocks, title_lines
from tests.core._drafts import SIGNATURE, TITLE, pudong_057

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(SOFFICE is None, reason="needs LibreOffice (soffice)"),
]

MM = 72 / 25.4
PAGE_H = 297 * MM
LEFT, RIGHT = 28 * MM, (210 - 26) * MM
TOP, BOTTOM = 37 * MM, (297 - 35) * MM  # the type area: 156 x 225 mm
PITCH = 28.95
CHAR = 16.0  # a 3号 character
LINES_PER_PAGE = 22
CHARS_PER_LINE = 28


def to_pdf(docx: Path, tmp: Path) -> Path:
    """Convert with a private LibreOffice profile, so parallel runs do not share one."""
    profile = tmp.resolve() / "lo-profile"
    assert SOFFICE is not None
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp),
            str(docx),
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )
    pdf = tmp / (docx.stem + ".pdf")
    assert pdf.is_file(), "LibreOffice wrote no PDF"
    return pdf


@dataclass
class Line:
    top: float  # of the loose (ascent-descent) boxes
    left: float
    right: float
    text: str
    baseline: float = 0.0  # where the characters stand: what the line grid fixes


def char_baseline(tp: pdfium.PdfTextPage, index: int, height: float) -> float:
    """A character's origin (its baseline), from the page top. Unlike a glyph's box, this
    does not move with the font's ascent, so it holds whichever CJK font stands in."""
    x, y = ctypes.c_double(), ctypes.c_double()
    pdfium_c.FPDFText_GetCharOrigin(tp.raw, index, ctypes.byref(x), ctypes.byref(y))
    return height - y.value


def text_lines(page: pdfium.PdfPage) -> list[Line]:
    """The page's text lines, top to bottom, from the characters' loose boxes.

    A line's top is that of its Chinese characters when it has any: the Latin substitute
    font has a taller box, which would move mixed lines off the grid by a point or two.
    """
    tp = page.get_textpage()
    height = page.get_height()
    rows: dict[float, list[tuple[float, float, float, str, float]]] = {}
    for i in range(tp.count_chars()):
        ch = tp.get_text_range(i, 1)
        if not ch.strip():
            continue
        left, _bottom, right, top = tp.get_charbox(i, loose=True)
        y = height - top
        key = next((k for k in rows if abs(k - y) < 4), y)
        rows.setdefault(key, []).append((left, right, y, ch, char_baseline(tp, i, height)))
    lines = []
    for chars in rows.values():
        chars.sort()
        cjk = [(y, base) for _, _, y, c, base in chars if not c.isascii()]
        top = min(y for y, _ in cjk) if cjk else min(c[2] for c in chars)
        base = max(b for _, b in cjk) if cjk else max(c[4] for c in chars)
        text = "".join(c[3] for c in chars)
        lines.append(Line(top, chars[0][0], chars[-1][1], text, base))
    return sorted(lines, key=lambda ln: ln.top)


def body_lines(page: pdfium.PdfPage) -> list[Line]:
    return [ln for ln in text_lines(page) if TOP - 6 < ln.top < BOTTOM - 6]


def footer_lines(page: pdfium.PdfPage) -> list[Line]:
    return [ln for ln in text_lines(page) if ln.top > BOTTOM]


Rule = tuple[float, float, float, float]


def rules(page: pdfium.PdfPage) -> list[Rule]:
    """Filled horizontal bars: (left, top, right, bottom) from the page top."""
    height = page.get_height()
    out = []
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH]):
        left, bottom, right, top = obj.get_bounds()
        if right - left > 100 and top - bottom < 2:
            out.append((left, height - top, right, height - bottom))
    return sorted(out, key=lambda r: r[1])


@pytest.fixture(scope="module")
def seed_pdf(tmp_path_factory: pytest.TempPathFactory) -> Iterator[pdfium.PdfDocument]:
    tmp = tmp_path_factory.mktemp("pdf")
    target = tmp / "答复.docx"
    export_docx(pudong_057(), ExportStyle(), target)
    pdf = pdfium.PdfDocument(to_pdf(target, tmp))
    yield pdf
    pdf.close()


def estimated_pages(draft: Draft, latin_width: float) -> int:
    """Pages by counting lines: each paragraph takes ceil((indent + width) / 28) lines
    (full-width characters 1, Latin characters `latin_width`), plus the fixed lines (header,
    blank lines, title lines, signature, date, contact); 22 lines a page; the 版记 (two
    lines and its rules) needs 2.2 free lines at the foot of the last page."""
    lines = 0
    for b in render_blocks(draft):
        width = sum(latin_width if c.isascii() else 1.0 for c in b.text)
        if b.role in ("cc", "print"):
            continue
        if b.role == "title":
            lines += len(title_lines(b.text, 20)) + 1  # and the blank line under it
        elif b.role in ("body", "heading1", "heading2", "heading3", "heading4"):
            lines += math.ceil((2 + width) / CHARS_PER_LINE)
        elif b.role == "contact":
            lines += math.ceil((2 + width) / (CHARS_PER_LINE - 1))  # may be split per field
        else:
            lines += 1
    lines += 1  # the blank line above the signature
    if any(b.part == "header.result" for b in render_blocks(draft)):
        lines += 1  # the blank line under the header block
    pages = math.ceil(lines / LINES_PER_PAGE)
    free = pages * LINES_PER_PAGE - lines
    return pages + (1 if free < 2.2 else 0)


def test_page_count_matches_the_line_estimate(seed_pdf: pdfium.PdfDocument) -> None:
    draft = pudong_057()
    low, high = estimated_pages(draft, 0.5), estimated_pages(draft, 0.65)
    assert low <= len(seed_pdf) <= high
    assert 5 <= len(seed_pdf) <= 8  # "a five-page reply", give or take


def test_a_full_page_has_22_lines_of_28_characters(seed_pdf: pdfium.PdfDocument) -> None:
    page = seed_pdf[1]
    lines = body_lines(page)
    assert len(lines) == LINES_PER_PAGE
    # Baselines, not glyph tops: the grid fixes where lines stand, and the tops move with
    # the ascent of whichever CJK font stands in (0.1-0.2 pt off with fonts-arphic-*).
    gaps = [b.baseline - a.baseline for a, b in itertools.pairwise(lines)]
    assert all(abs(g - PITCH) < 0.3 for g in gaps), gaps
    assert abs(lines[0].top - TOP) < 12  # the first line at the top of the type area
    # Lines of Chinese text that run from margin to margin hold exactly 28 characters.
    full = [
        ln
        for ln in lines
        if abs(ln.left - LEFT) < 2
        and ln.right > RIGHT - 4
        and ln.text.isascii() is False
        and not any(c.isascii() for c in ln.text)
    ]
    assert len(full) >= 5
    counts = [len(ln.text) for ln in full]
    assert max(counts) <= CHARS_PER_LINE
    assert counts.count(CHARS_PER_LINE) >= 0.8 * len(counts), counts
    # Nothing sticks out of the type area.
    for ln in text_lines(page):
        assert ln.left > LEFT - 1.5 and ln.right < RIGHT + 1.5


def test_first_page_title_salutation_and_indents(seed_pdf: pdfium.PdfDocument) -> None:
    lines = body_lines(seed_pdf[0])
    texts = [ln.text for ln in lines]
    assert texts[:3] == ["办理结果：解决或采纳", "公开属性：主动公开", "浦科经委办理〔2025〕61号"]
    first, second = title_lines(TITLE, 20)
    t1, t2 = lines[texts.index(first)], lines[texts.index(second)]
    for title in (t1, t2):
        assert abs((title.left + title.right) / 2 - (LEFT + RIGHT) / 2) < 3  # centred
    salutation = lines[texts.index("浦东新区工商联：")]
    assert abs(salutation.left - LEFT) < 1.5  # flush left
    assert salutation.top - t2.top == pytest.approx(2 * PITCH, abs=6)  # a blank line between
    opening = lines[texts.index("浦东新区工商联：") + 1]
    assert opening.left - LEFT == pytest.approx(2 * CHAR, abs=1.5)  # two characters in
    heading = next(ln for ln in lines if ln.text.startswith("一、"))
    assert heading.left - LEFT == pytest.approx(2 * CHAR, abs=1.5)


def test_page_numbers_alternate_sides(seed_pdf: pdfium.PdfDocument) -> None:
    for index in range(len(seed_pdf)):
        page = seed_pdf[index]
        number = index + 1
        (footer,) = footer_lines(page)
        assert footer.text == f"—{number}—"
        if number % 2:  # odd: right-aligned one character (4号 = 14 pt) in
            assert footer.right == pytest.approx(RIGHT - 14, abs=2)
        else:
            assert footer.left == pytest.approx(LEFT + 14, abs=2)
    # The dashes lie about 7 mm under the type area (§7.5).
    tp = seed_pdf[0].get_textpage()
    dash = next(i for i in range(tp.count_chars()) if tp.get_text_range(i, 1) == "—")
    _, bottom, _, top = tp.get_charbox(dash)
    middle = PAGE_H - (top + bottom) / 2
    assert (middle - BOTTOM) / MM == pytest.approx(7, abs=1.5)


def test_banji_sits_at_the_foot_of_the_last_page(seed_pdf: pdfium.PdfDocument) -> None:
    last = seed_pdf[len(seed_pdf) - 1]
    bars = rules(last)
    assert len(bars) == 3
    thickness = [(bottom - top) / MM for _, top, _, bottom in bars]
    assert thickness == pytest.approx([0.35, 0.25, 0.35], abs=0.08)
    for left, _, right, _ in bars:
        assert left == pytest.approx(LEFT, abs=1.5) and right == pytest.approx(RIGHT, abs=1.5)
    assert bars[-1][3] == pytest.approx(BOTTOM, abs=1.5)  # the last rule on the type area's edge
    lines = text_lines(last)
    cc = next(ln for ln in lines if ln.text.startswith("抄送："))
    printed = next(ln for ln in lines if ln.text.endswith("印发"))
    assert bars[0][3] < cc.top < bars[1][1] < printed.top < bars[2][1]
    assert cc.left == pytest.approx(LEFT + 14, abs=1.5)  # one 4号 character in
    assert printed.left == pytest.approx(LEFT + 14, abs=1.5)
    assert printed.right == pytest.approx(RIGHT - 14, abs=1.5)
    # The 版记 takes exactly the last two lines of the grid; nothing reaches into it.
    assert bars[0][1] == pytest.approx(BOTTOM - 2 * PITCH, abs=1.5)
    body = [ln for ln in lines if TOP - 6 < ln.top < bars[0][1]]
    assert body and body[-1].top + PITCH <= bars[0][1] + 1
    # No 版记 rules anywhere else.
    for index in range(len(seed_pdf) - 1):
        assert rules(seed_pdf[index]) == []


def test_signature_two_characters_from_the_right(seed_pdf: pdfium.PdfDocument) -> None:
    last = seed_pdf[len(seed_pdf) - 1]
    lines = text_lines(last)
    sig_index = next(i for i, ln in enumerate(lines) if ln.text == SIGNATURE)
    sig, date = lines[sig_index], lines[sig_index + 1]
    assert date.text == "2025年5月7日"
    char = CHAR - 0.25  # condensed by 5 twips
    assert sig.right == pytest.approx(RIGHT - 2 * char, abs=2.5)
    assert date.top - sig.top == pytest.approx(PITCH, abs=0.5)
    # GB/T 9704 §7.3.5.2: the date's first character two characters right of the name's,
    # whatever width the substituted font gives its digits.
    assert date.left == pytest.approx(sig.left + 2 * char, abs=1)
    assert date.right < RIGHT - 2 * char


def test_no_punctuation_is_lost_or_hangs(seed_pdf: pdfium.PdfDocument) -> None:
    """Every 。，、；： of the draft is on the page, and none sticks out past the type area."""
    printed = "".join(seed_pdf[i].get_textpage().get_text_range() for i in range(len(seed_pdf)))
    wanted = "".join(b.text for b in render_blocks(pudong_057()))
    for mark in "。，、；：":
        assert printed.count(mark) == wanted.count(mark), mark
    for index in range(len(seed_pdf)):
        for ln in text_lines(seed_pdf[index]):
            assert ln.right < RIGHT + 1.5, ln.text


def test_body_fills_the_last_page_up_to_the_banji(tmp_path: Path) -> None:
    """Lengthen a reply by exactly the free lines above the 版记: the same pages, and the
    signature block ends on the grid line just above the 版记."""

    def last_page(extra: int, name: str) -> tuple[int, float, list[Line], list[Rule]]:
        draft = pudong_057()
        # One-line paragraphs at the very end: earlier pages stay as they are.
        draft.closing.extend(["补充说明。"] * extra)
        target = tmp_path / f"{name}.docx"
        export_docx(draft, ExportStyle(), target)
        pdf = pdfium.PdfDocument(to_pdf(target, tmp_path))
        try:
            page = pdf[len(pdf) - 1]
            bars = rules(page)
            body = [ln for ln in text_lines(page) if TOP - 6 < ln.top < bars[0][1]]
            return len(pdf), body[-1].top, body, bars
        finally:
            pdf.close()

    pages, lowest, _, bars = last_page(1, "base")
    free = round((bars[0][1] - lowest) / PITCH) - 1
    assert free >= 1
    filled_pages, filled_lowest, body, bars = last_page(1 + free, "filled")
    assert filled_pages == pages
    assert len(bars) == 3
    assert bars[-1][3] == pytest.approx(BOTTOM, abs=1.5)
    assert filled_lowest - lowest == pytest.approx(free * PITCH, abs=1)
    # The page starts on grid line 1; the body now ends on line 20, the 版记 holds 21-22.
    last_line = round((filled_lowest - body[0].top) / PITCH) + 1
    assert last_line == LINES_PER_PAGE - 2


def test_date_centred_under_the_name_in_print(tmp_path: Path) -> None:
    target = tmp_path / "居中.docx"
    export_docx(pudong_057(), ExportStyle(date_layout="centred"), target)
    pdf = pdfium.PdfDocument(to_pdf(target, tmp_path))
    try:
        lines = text_lines(pdf[len(pdf) - 1])
        i = next(i for i, ln in enumerate(lines) if ln.text == SIGNATURE)
        sig, date = lines[i], lines[i + 1]
        assert sig.right == pytest.approx(RIGHT - 2 * (CHAR - 0.25), abs=2.5)
        assert (date.left + date.right) / 2 == pytest.approx((sig.left + sig.right) / 2, abs=1)
    finally:
        pdf.close()
