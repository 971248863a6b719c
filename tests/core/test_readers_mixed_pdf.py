"""A PDF mixing typed and scanned pages: each page is read by what it holds, the text layer
or the recogniser, in page order; a text PDF never reaches the recogniser."""

from __future__ import annotations

import pytest

from replydraft.ingest import ingest_bytes
from replydraft.readers.base import Cancelled
from replydraft.readers.ocr import OcrEngine
from replydraft.readers.pdf import pdf_layer
from replydraft.readers.registry import ReadOptions
from tests.core._make_scans import (
    blank_page,
    image_pdf,
    needs_font,
    pdf_of_pages,
    render,
    text_pdf,
)


@needs_font
def test_a_typed_page_and_a_scanned_page_give_both_pages_text_in_order(
    engine: OcrEngine,
) -> None:
    typed = text_pdf(lines_per_page=10)
    scanned = image_pdf(render(typed))
    mixed = pdf_of_pages((typed, [0]), (scanned, [1]))
    assert pdf_layer(mixed, "混合.pdf").scans == (1,)
    seen: list[tuple[int, int]] = []

    read = ingest_bytes(
        mixed, "混合.pdf", ReadOptions(progress=lambda d, n: seen.append((d, n)), ocr=engine)
    )

    assert seen == [(0, 1), (1, 1)]  # one page recognised, the typed one read at once
    result = read.recognised
    assert result is not None and result.numbers == (2,) and result.file_pages == 2
    assert result.mixed and result.pages == 1
    assert all(u.page == 2 for u in result.low_confidence)
    assert read.paragraphs == ingest_bytes(typed, "提案.pdf").paragraphs


@needs_font
def test_the_scanned_page_first_keeps_page_order(engine: OcrEngine) -> None:
    typed = text_pdf(lines_per_page=10)
    scanned = image_pdf(render(typed))
    mixed = pdf_of_pages((scanned, [0]), (typed, [1]))

    read = ingest_bytes(mixed, "混合.pdf", ReadOptions(ocr=engine))

    assert read.recognised is not None and read.recognised.numbers == (1,)
    assert read.paragraphs == ingest_bytes(typed, "提案.pdf").paragraphs


@needs_font
def test_a_text_pdf_never_starts_the_recogniser() -> None:
    asked: list[str] = []
    options = ReadOptions(
        progress=lambda d, n: asked.append("progress"),
        cancel=lambda: asked.append("cancel") is None,  # would stop any recognition at once
    )

    read = ingest_bytes(text_pdf(lines_per_page=10), "提案.pdf", options)

    assert asked == [] and read.recognised is None
    assert "关于加快推进人工智能赋能基础教育的建议" in read.paragraphs


@needs_font
def test_a_blank_scanned_page_is_a_note_not_an_error(engine: OcrEngine) -> None:
    typed = text_pdf(lines_per_page=10)
    mixed = pdf_of_pages((typed, [0]), (image_pdf([blank_page()]), [0]))

    read = ingest_bytes(mixed, "带空白页.pdf", ReadOptions(ocr=engine))

    assert read.paragraphs == ingest_bytes(pdf_of_pages((typed, [0])), "p1.pdf").paragraphs
    assert read.recognised is not None and read.recognised.numbers == (2,)
    assert any("第 2 页" in w and "没有找到文字" in w for w in read.warnings)


@needs_font
def test_cancel_stops_before_the_scanned_page(engine: OcrEngine) -> None:
    typed = text_pdf(lines_per_page=10)
    mixed = pdf_of_pages((typed, [0]), (image_pdf(render(typed)), [1]))

    with pytest.raises(Cancelled):
        ingest_bytes(mixed, "混合.pdf", ReadOptions(cancel=lambda: True, ocr=engine))
