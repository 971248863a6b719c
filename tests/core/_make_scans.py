"""Scans for the OCR tests: a text PDF rendered to page images, an image-only PDF of them,
and a photo-like copy (rotated 2°, noisy, lower resolution)."""

from __future__ import annotations

import io
import shutil
import subprocess

import numpy as np
import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageFilter

from tests.core._make_docs import pdf_bytes

# A proposal as the 提案系统 prints it: header, number, title, proposers, reasons, suggestions.
PROPOSAL = [
    "政协上海市长宁区第十五届委员会第三次会议",
    "提案第35号",
    "关于加快推进人工智能赋能基础教育的建议",
    "提案人：张三、李四",
    "案由：",
    "随着人工智能技术迅速发展，教育领域面临深刻变革。2024年，本区中小学已有12所学校开展试点，"
    "但仍存在师资不足、经费保障不到位等问题。依据沪府办〔2023〕15号文件精神，亟需统筹推进。",
    "建议：",
    "一、加强师资培训，每年组织不少于3次专题培训。",
    "二、加大经费投入，设立专项资金（每年500万元）。",
    "三、完善评价机制，建立“智能+教育”评估体系，于2025年6月30日前完成。",
]


def has_cjk_font() -> bool:
    """Whether PDFium can draw the PDFs' (not embedded) Chinese font with a system font."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return False
    found = subprocess.run([fc_list, ":lang=zh", "family"], capture_output=True, text=True)
    return bool(found.stdout.strip())


needs_font = pytest.mark.skipif(
    not has_cjk_font(), reason="no Chinese font for PDFium to draw the test page with"
)


def text_pdf(lines_per_page: int = 24) -> bytes:
    return pdf_bytes(PROPOSAL, width=30, lines_per_page=lines_per_page)


def render(data: bytes, dpi: int = 200) -> list[Image.Image]:
    pdf = pdfium.PdfDocument(data)
    try:
        return [pdf[i].render(scale=dpi / 72, grayscale=True).to_pil() for i in range(len(pdf))]
    finally:
        pdf.close()


def image_pdf(images: list[Image.Image], dpi: int = 200) -> bytes:
    """An image-only PDF, as a scanner writes it: no text layer."""
    buffer = io.BytesIO()
    images[0].save(buffer, format="PDF", resolution=dpi, save_all=True, append_images=images[1:])
    return buffer.getvalue()


def photo_like(image: Image.Image, seed: int = 7) -> Image.Image:
    """A phone photo of the page: three quarters the resolution, turned 2°, grainy, soft."""
    small = image.convert("L").resize((image.width * 3 // 4, image.height * 3 // 4))
    turned = small.rotate(2, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
    noise = np.random.default_rng(seed).normal(0, 25, (turned.height, turned.width))
    grainy = np.clip(np.asarray(turned, dtype=np.float64) + noise, 0, 255).astype(np.uint8)
    return Image.fromarray(grainy).filter(ImageFilter.GaussianBlur(0.6))


def png_bytes(image: Image.Image, dpi: int = 150) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", dpi=(dpi, dpi))
    return buffer.getvalue()


def pdf_of_pages(*parts: tuple[bytes, list[int]]) -> bytes:
    """One PDF of the given pages (0-based) of other PDFs, in order: a typed page and a
    scanned one side by side, as an officer's mixed PDF has them."""
    out = pdfium.PdfDocument.new()
    sources = [pdfium.PdfDocument(data) for data, _ in parts]
    try:
        for source, (_, pages) in zip(sources, parts, strict=True):
            if pages:  # pypdfium2 reads an empty list as "every page"
                out.import_pages(source, pages)
        buffer = io.BytesIO()
        out.save(buffer)
        return buffer.getvalue()
    finally:
        out.close()
        for source in sources:
            source.close()


def blank_page(dpi: int = 200) -> Image.Image:
    """A white A4 page, as a scanner gives an empty back side."""
    return Image.new("L", (round(595 * dpi / 72), round(842 * dpi / 72)), 255)
