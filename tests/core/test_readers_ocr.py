"""OCR of scans: an image-only PDF and a photo-like copy of a proposal read by the real
recogniser must give the fields its text version gives; repairs, progress, cancel, errors."""

from __future__ import annotations

import io
import socket

import pytest
from PIL import Image, ImageDraw, ImageFont
from rapidfuzz.distance import Indel

from replydraft.ingest import ingest_bytes, normalize
from replydraft.parse import parse
from replydraft.readers.base import Cancelled, ReadError
from replydraft.readers.ocr import OcrEngine, recognise_image, recognise_pdf, repair
from replydraft.readers.registry import ReadOptions
from tests.core._make_scans import (
    PROPOSAL,
    image_pdf,
    needs_font,
    photo_like,
    png_bytes,
    render,
    text_pdf,
)


@needs_font
def test_a_scanned_proposal_gives_the_fields_of_its_text_version(engine: OcrEngine) -> None:
    text_version = text_pdf(lines_per_page=10)
    pages = render(text_version)
    assert len(pages) == 2
    seen: list[tuple[int, int]] = []

    scan = ingest_bytes(
        image_pdf(pages),
        "扫描件.pdf",
        ReadOptions(progress=lambda d, n: seen.append((d, n)), ocr=engine),
    )

    assert seen == [(0, 2), (1, 2), (2, 2)]
    result = scan.recognised
    assert result is not None and scan.format == "pdf"
    assert result.pages == 2 and result.engine.startswith("rapidocr ")
    text_read = ingest_bytes(text_version, "提案.pdf")
    assert text_read.recognised is None
    assert scan.paragraphs == text_read.paragraphs
    expected = parse(text_read.paragraphs)
    got = parse(scan.paragraphs)
    assert got == expected
    assert got.proposal_number == "35" and got.proposers == ["张三", "李四"]
    assert len(got.suggestions) == 3
    assert "— 1 —" not in result.text and "沪府办〔2023〕15号" in result.text


@needs_font
def test_a_photo_like_copy_reads_nearly_all_characters_and_the_header_fields(
    engine: OcrEngine,
) -> None:
    page = render(text_pdf(lines_per_page=30))[0]

    result = recognise_image(png_bytes(photo_like(page)), "手机拍照.png", engine=engine)

    truth = "".join(PROPOSAL)
    got = "".join(result.text.split())
    assert Indel.normalized_similarity(truth, got) >= 0.97
    assert "〔2023〕15号" in got  # OCR reads the closing 〕 as "]": repaired
    fields = parse(normalize(result.text))
    assert fields.title == PROPOSAL[2]
    assert fields.proposal_number == "35"
    assert fields.proposers == ["张三", "李四"]
    assert all(0 <= u.score < 0.85 and u.page == 1 and u.text for u in result.low_confidence)


@needs_font
def test_a_phone_photo_stored_sideways_is_turned_upright_by_its_exif_tag(
    engine: OcrEngine,
) -> None:
    page = render(text_pdf(lines_per_page=10))[0].convert("RGB")
    sideways = page.transpose(Image.Transpose.ROTATE_90)  # as the camera's sensor saw it
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: turn 90° clockwise to view
    photo = io.BytesIO()
    sideways.save(photo, format="JPEG", quality=90, exif=exif.tobytes())

    result = recognise_image(photo.getvalue(), "手机照片.jpg", engine=engine)

    fields = parse(normalize(result.text))
    assert fields.title == PROPOSAL[2] and fields.proposal_number == "35"


@needs_font
def test_cancel_stops_between_pages_of_a_multi_page_tiff(engine: OcrEngine) -> None:
    pages = render(text_pdf(lines_per_page=10))
    tiff = io.BytesIO()
    pages[0].save(tiff, format="TIFF", save_all=True, append_images=pages[1:], dpi=(200, 200))
    seen: list[tuple[int, int]] = []

    with pytest.raises(Cancelled):
        recognise_image(
            tiff.getvalue(),
            "两页.tif",
            engine=engine,
            progress=lambda d, n: seen.append((d, n)),
            cancel=lambda: len(seen) >= 2,  # after the first page is done
        )

    assert seen == [(0, 2), (1, 2)]


def test_recognition_runs_on_the_models_in_the_wheel_without_network(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("OCR tried to use the network")

    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    image = Image.new("L", (900, 160), 255)
    ImageDraw.Draw(image).text(
        (40, 40), "Proposal 2024-0357", fill=0, font=ImageFont.load_default(60)
    )

    result = recognise_image(png_bytes(image), "page.png", engine=OcrEngine(threads=1))

    assert "".join(result.text.split()) == "Proposal2024-0357"


def test_a_broken_image_or_pdf_is_named_with_the_reason() -> None:
    with pytest.raises(ReadError) as raised:
        recognise_image(b"not an image at all", "坏图.png")
    assert str(raised.value).startswith("坏图.png: ") and "图片" in raised.value.problem
    with pytest.raises(ReadError) as raised:
        recognise_pdf(b"%PDF-1.4 broken", "坏.pdf")
    assert "PDF" in raised.value.problem


@pytest.mark.parametrize(
    ("ocr", "repaired"),
    [
        ("依据沪府办〔2023]15号文件", "依据沪府办〔2023〕15号文件"),
        ("沪府办[2023]15号", "沪府办〔2023〕15号"),
        ("沪教委【2024】7号", "沪教委〔2024〕7号"),
        ("浦科经委办理(2025)61号", "浦科经委办理（2025）61号"),  # parentheses are no misreading
        ("设立专项资金(每年500万元)。", "设立专项资金（每年500万元）。"),
        ("提案人:张三,李四", "提案人：张三，李四"),
        ("是否可行?请研究;", "是否可行？请研究；"),
        ("2O24年3 月 5日", "2024年3月5日"),
        ("共1l所学校", "共11所学校"),
        ('建立"智能+教育"评估体系', "建立“智能+教育”评估体系"),
        ("教育 领域面临 深刻变革", "教育领域面临深刻变革"),
        ("Version 2.5, build 7", "Version 2.5, build 7"),  # Latin text stays as it is
        ("占比12.5%", "占比12.5%"),
    ],
)
def test_repair_undoes_what_ocr_breaks_in_the_genre(ocr: str, repaired: str) -> None:
    assert repair(ocr) == repaired
