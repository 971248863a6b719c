"""The GB/T 9704 信函格式 (§10.1) as LibreOffice prints it: mark, double lines, page one.

Positions are measured in the PDF, in mm from the page's top (or bottom) edge.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from replydraft.docx_export import export_docx
from replydraft.profiles import ExportStyle
from tests.core._drafts import SIGNATURE, pudong_057
from tests.core.test_export_pdf import BOTTOM, LEFT, MM, RIGHT, SOFFICE, rules, text_lines, to_pdf

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(SOFFICE is None, reason="needs LibreOffice (soffice)"),
]


@dataclass
class Bar:
    left: float  # mm from the page's left edge
    right: float
    top: float  # mm from the page's top edge
    bottom: float
    rgb: tuple[int, int, int]

    @property
    def thickness(self) -> float:
        return self.bottom - self.top


def red_bars(page: pdfium.PdfPage) -> list[Bar]:
    """Filled paths wider than 100 mm, top to bottom (duplicates once), with the colour the
    rendered page shows at their middle."""
    height = page.get_height()
    scale = 200 / 72
    image = page.render(scale=scale, rev_byteorder=True).to_numpy()
    found: dict[tuple[float, ...], Bar] = {}
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH]):
        left, bottom, right, top = obj.get_bounds()
        if (right - left) / MM < 100:
            continue
        pixel = image[
            round((height - (top + bottom) / 2) * scale), round((left + right) / 2 * scale)
        ]
        bar = Bar(
            left / MM,
            right / MM,
            (height - top) / MM,
            (height - bottom) / MM,
            (int(pixel[0]), int(pixel[1]), int(pixel[2])),
        )
        found[tuple(round(v, 2) for v in (bar.left, bar.top, bar.right, bar.bottom))] = bar
    return sorted(found.values(), key=lambda b: b.top)


def is_red(rgb: tuple[int, int, int]) -> bool:
    return rgb[0] > 200 and rgb[1] < 80 and rgb[2] < 80


@pytest.fixture(scope="module")
def letter_pdf(tmp_path_factory: pytest.TempPathFactory) -> Iterator[pdfium.PdfDocument]:
    tmp = tmp_path_factory.mktemp("letter")
    target = tmp / "信函.docx"
    export_docx(pudong_057(), ExportStyle(letterhead="letter"), target)
    pdf = pdfium.PdfDocument(to_pdf(target, tmp))
    yield pdf
    pdf.close()


def test_mark_is_centred_red_and_30_mm_from_the_top(letter_pdf: pdfium.PdfDocument) -> None:
    page = letter_pdf[0]
    tp = page.get_textpage()
    height = page.get_height()
    boxes = [tp.get_charbox(i) for i in range(len(SIGNATURE))]
    assert tp.get_text_range(0, len(SIGNATURE)) == SIGNATURE  # the mark comes first
    top = min(height - t for _, _, _, t in boxes) / MM
    assert top == pytest.approx(30, abs=0.8)
    left, right = boxes[0][0], boxes[-1][2]
    assert (left + right) / 2 == pytest.approx((LEFT + RIGHT) / 2, abs=3)
    # The glyphs print red: the reddest pixel inside the first character's box.
    scale = 200 / 72
    image = page.render(scale=scale, rev_byteorder=True).to_numpy()
    x0, y0, x1, y1 = (round(v * scale) for v in boxes[0])
    h = round(height * scale)
    crop = image[h - y1 : h - y0, x0:x1].reshape(-1, image.shape[2])
    assert any(is_red((int(p[0]), int(p[1]), int(p[2]))) for p in crop)


def test_double_lines_on_page_one(letter_pdf: pdfium.PdfDocument) -> None:
    page = letter_pdf[0]
    bars = red_bars(page)
    assert len(bars) == 4 and all(is_red(bar.rgb) for bar in bars), bars
    upper, lower = bars[:2], bars[2:]
    # thick over thin under the mark, thin over thick at the foot
    assert upper[0].thickness > 1.5 * upper[1].thickness
    assert lower[1].thickness > 1.5 * lower[0].thickness
    for bar in bars:
        assert bar.right - bar.left == pytest.approx(170, abs=2)
        assert (bar.left + bar.right) / 2 == pytest.approx((LEFT + RIGHT) / 2 / MM, abs=1)
    height = page.get_height()
    tp = page.get_textpage()
    mark_bottom = max(height - b for _, b, _, _ in (tp.get_charbox(i) for i in range(3))) / MM
    assert upper[0].top - mark_bottom == pytest.approx(4, abs=0.8)
    middle = (lower[0].top + lower[1].bottom) / 2
    assert 297 - middle == pytest.approx(20, abs=1)
    # Only page one carries them.
    for index in range(1, len(letter_pdf)):
        assert not [b for b in red_bars(letter_pdf[index]) if is_red(b.rgb)]


def test_doc_number_flush_right_under_the_line_and_no_page_number_on_page_one(
    letter_pdf: pdfium.PdfDocument,
) -> None:
    page = letter_pdf[0]
    lines = text_lines(page)
    first = lines[1]  # after the mark
    assert first.text == "办理结果：解决或采纳浦科经委办理〔2025〕61号"
    assert first.left == pytest.approx(LEFT, abs=1.5)
    assert first.right == pytest.approx(RIGHT, abs=1.5)
    upper = red_bars(page)[1]
    assert first.top / MM - upper.bottom == pytest.approx(14 / MM, abs=1.5)  # 7/8 of 16 pt
    assert not [ln for ln in lines if "—" in ln.text]
    second = text_lines(letter_pdf[1])
    assert [ln.text for ln in second if ln.top > BOTTOM] == ["—2—"]
    # Page two's number stays 7 mm under the type area, though page one's footer distance
    # serves the lower double line.
    tp = letter_pdf[1].get_textpage()
    dash = next(i for i in range(tp.count_chars()) if tp.get_text_range(i, 1) == "—")
    _, bottom, _, top = tp.get_charbox(dash)
    middle = letter_pdf[1].get_height() - (top + bottom) / 2
    assert (middle - BOTTOM) / MM == pytest.approx(7, abs=1.5)


def test_banji_has_no_print_line(letter_pdf: pdfium.PdfDocument) -> None:
    last = letter_pdf[len(letter_pdf) - 1]
    texts = [ln.text for ln in text_lines(last)]
    assert any(t.startswith("抄送：") for t in texts)
    assert not any(t.endswith("印发") for t in texts)
    bars = rules(last)
    assert len(bars) == 2
    assert bars[-1][3] == pytest.approx(BOTTOM, abs=1.5)
