"""The bureau's own letterhead .docx: page one's header, footer, frames and images carried over."""

from __future__ import annotations

import struct
import zipfile
import zlib
from pathlib import Path

import docx
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from docx.oxml.ns import qn
from docx.oxml.parser import OxmlElement
from docx.shared import Mm, RGBColor

from replydraft.docx_export import LetterheadError, export_docx
from replydraft.profiles import ExportStyle
from tests.core._drafts import pudong_057
from tests.core.test_export_pdf import SOFFICE, text_lines, to_pdf

MARK = "示例区某某局信纸"
FRAMED = "内部资料注意保存"


def red_png(width: int = 40, height: int = 6) -> bytes:
    """A small solid red PNG, written by hand (no imaging library needed)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def make_letterhead(folder: Path) -> Path:
    """A letterhead as a bureau keeps it: red mark and a red bar picture in page one's
    header, a framed note at the top of the body, sample text below it."""
    document = docx.Document()
    section = document.sections[0]
    section.different_first_page_header_footer = True
    section.header_distance = Mm(25)
    header = section.first_page_header.paragraphs[0]
    run = header.add_run(MARK)
    run.font.color.rgb = RGBColor(0xFF, 0, 0)
    png = folder / "bar.png"
    png.write_bytes(red_png())
    header.add_run().add_picture(str(png), width=Mm(150))
    section.first_page_footer.paragraphs[0].add_run("本单位地址：示例路1号")
    framed = document.add_paragraph(FRAMED)
    frame = OxmlElement(
        "w:framePr",
        {qn("w:w"): "3000", qn("w:hAnchor"): "page", qn("w:vAnchor"): "page",
         qn("w:x"): "8000", qn("w:y"): "400", qn("w:wrap"): "around"},
    )  # fmt: skip
    framed._p.get_or_add_pPr().insert(0, frame)
    document.add_paragraph("这里是信纸的样例正文，不应带入答复。")
    target = folder / "某某局信纸.docx"
    document.save(str(target))
    return target


def test_page_one_parts_and_images_are_carried(tmp_path: Path) -> None:
    letterhead = make_letterhead(tmp_path)
    target = tmp_path / "答复.docx"
    style = ExportStyle(letterhead=letterhead.name)
    export_docx(pudong_057(), style, target, letterhead_folders=[tmp_path])
    document = docx.Document(str(target))
    section = document.sections[0]
    assert section.different_first_page_header_footer
    mark = section.first_page_header.paragraphs[0]
    assert MARK in mark.text
    # Laid out as in the letterhead (its Header style: left, single spacing), not as the
    # reply's justified body on exact 28.95 pt lines that would spread the mark and clip
    # the picture.
    ppr = mark._p.pPr
    assert ppr.find(qn("w:jc")).get(qn("w:val")) == "left"
    assert ppr.find(qn("w:spacing")).get(qn("w:lineRule")) == "auto"
    assert section.first_page_footer.paragraphs[0].text == "本单位地址：示例路1号"
    assert section.header_distance.mm == pytest.approx(25, abs=0.05)  # in whole twips
    assert document.paragraphs[0].text == FRAMED  # the frame, before the reply's text
    assert not any("样例正文" in p.text for p in document.paragraphs)
    with zipfile.ZipFile(target) as z:
        media = [n for n in z.namelist() if n.startswith("word/media/")]
    assert len(media) == 1
    blip = section.first_page_header._element.find(".//" + qn("a:blip"))
    rel = section.first_page_header.part.rels[blip.get(qn("r:embed"))]
    assert rel.target_part.blob == red_png()
    # Later pages keep their page numbers.
    assert "PAGE" in section.footer._element.xml


def test_missing_letterhead_is_named(tmp_path: Path) -> None:
    style = ExportStyle(letterhead="没有这个信纸.docx")
    with pytest.raises(LetterheadError, match=r"没有这个信纸\.docx.*找不到单位信纸文件"):
        export_docx(pudong_057(), style, tmp_path / "x.docx", letterhead_folders=[tmp_path])
    assert not (tmp_path / "x.docx").exists()
    broken = tmp_path / "坏.docx"
    broken.write_bytes(b"not a zip")
    with pytest.raises(LetterheadError, match=r"不是有效的 \.docx"):
        export_docx(pudong_057(), ExportStyle(letterhead=str(broken)), tmp_path / "y.docx")


@pytest.mark.slow
@pytest.mark.skipif(SOFFICE is None, reason="needs LibreOffice (soffice)")
def test_letterhead_prints_on_page_one_only(tmp_path: Path) -> None:
    letterhead = make_letterhead(tmp_path)
    target = tmp_path / "答复.docx"
    export_docx(
        pudong_057(), ExportStyle(letterhead=letterhead.name), target, letterhead_folders=[tmp_path]
    )
    pdf = pdfium.PdfDocument(to_pdf(target, tmp_path))
    try:
        first = [ln.text for ln in text_lines(pdf[0])]
        assert any(MARK in t for t in first)
        assert any(FRAMED in t for t in first)
        assert any("本单位地址" in t for t in first)
        assert not any(t == "—1—" for t in first)  # page one: the letterhead's footer
        images = list(pdf[0].get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE]))
        assert len(images) == 1
        second = [ln.text for ln in text_lines(pdf[1])]
        assert not any(MARK in t or "本单位地址" in t for t in second)
        assert "—2—" in second
        assert not list(pdf[1].get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE]))
    finally:
        pdf.close()
