"""Builders of the .docx and .pdf files the ingest tests read back."""

from __future__ import annotations

import io
import re
from pathlib import Path

from docx.document import Document
from docx.text.paragraph import Paragraph
from lxml import etree
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_TEXTBOX_XML = """
<w:r xmlns:w="{w}"
     xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"
     xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
     xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"
     xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
     xmlns:v="urn:schemas-microsoft-com:vml">
  <mc:AlternateContent>
    <mc:Choice Requires="wps">
      <w:drawing>
        <wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="1"
                   behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">
          <wp:simplePos x="0" y="0"/>
          <wp:positionH relativeFrom="column"><wp:posOffset>0</wp:posOffset></wp:positionH>
          <wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>
          <wp:extent cx="3000000" cy="500000"/>
          <wp:wrapNone/>
          <wp:docPr id="1" name="Text Box 1"/>
          <a:graphic>
            <a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">
              <wps:wsp>
                <wps:cNvSpPr txBox="1"/>
                <wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="3000000" cy="500000"/></a:xfrm>
                  <a:prstGeom prst="rect"><a:avLst/></a:prstGeom></wps:spPr>
                <wps:txbx><w:txbxContent>{paragraphs}</w:txbxContent></wps:txbx>
                <wps:bodyPr/>
              </wps:wsp>
            </a:graphicData>
          </a:graphic>
        </wp:anchor>
      </w:drawing>
    </mc:Choice>
    <mc:Fallback>
      <w:pict><v:shape style="width:236pt;height:39pt"><v:textbox>
        <w:txbxContent>{paragraphs}</w:txbxContent>
      </v:textbox></v:shape></w:pict>
    </mc:Fallback>
  </mc:AlternateContent>
</w:r>
"""


def add_text_box(paragraph: Paragraph, lines: list[str]) -> None:
    """Anchor a Word text box holding `lines` in `paragraph`, as Word writes it: a DrawingML
    shape, and the same box again as VML for old readers (mc:Fallback)."""
    paragraphs = "".join(f"<w:p><w:r><w:t>{line}</w:t></w:r></w:p>" for line in lines)
    run = etree.fromstring(_TEXTBOX_XML.format(w=W_NS, paragraphs=paragraphs))
    paragraph._p.append(run)


def docx_bytes(document: Document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


_FONT = "STSong-Light"


def _register_font() -> None:
    if _FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(_FONT))


def wrap(paragraph: str, width: int, size: float, indent: int = 2) -> list[tuple[str, bool]]:
    """Cut a paragraph into lines as a word processor does: as many characters as fit in
    `width` full-width characters, the first line indented by `indent`: (line, is_first)."""
    _register_font()
    lines: list[tuple[str, bool]] = []
    rest = paragraph
    first = True
    while rest:
        room = (width - indent if first else width) * size
        end = 1
        while end < len(rest) and pdfmetrics.stringWidth(rest[: end + 1], _FONT, size) <= room:
            end += 1
        lines.append((rest[:end], first))
        rest = rest[end:]
        first = False
    return lines


def pdf_bytes(
    paragraphs: list[str],
    *,
    width: int = 30,
    lines_per_page: int = 14,
    header: str | None = None,
    page_numbers: bool = True,
    headings: frozenset[str] = frozenset(),
) -> bytes:
    """A text-layer PDF of Chinese paragraphs laid out in lines of `width` characters (14 pt,
    first lines indented two characters, headings flush left), with a running header and
    "— n —" page numbers."""
    size, left = 14.0, 72.0
    rows: list[tuple[float, str]] = []
    for paragraph in paragraphs:
        if paragraph in headings:
            rows.append((left, paragraph))
            continue
        for text, first in wrap(paragraph, width, size):
            rows.append((left + (2 * size if first else 0), text))
    pages = [rows[i : i + lines_per_page] for i in range(0, len(rows), lines_per_page)]
    return pdf_from_rows(pages, header=header, page_numbers=page_numbers, size=size)


def pdf_from_rows(
    pages: list[list[tuple[float, str]]],
    *,
    header: str | None = None,
    page_numbers: bool = True,
    size: float = 14.0,
) -> bytes:
    """A PDF with the given lines, (x, text) each, one row under the other from the top;
    a row of several (x, text) pairs is given as consecutive items with x going right and
    text starting with a tab ("\t电话：…") to stay on the row before."""
    _register_font()
    top, pitch = 760.0, 22.0
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=(595.0, 842.0))
    for number, page in enumerate(pages, start=1):
        pdf.setFont(_FONT, 10)
        if header:
            pdf.drawCentredString(297.5, 805, header)
        if page_numbers:
            pdf.drawCentredString(297.5, 40, f"— {number} —")
        pdf.setFont(_FONT, size)
        row = -1
        for x, text in page:
            if not text.startswith("\t"):
                row += 1
            pdf.drawString(x, top - row * pitch, text.lstrip("\t"))
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def pdf_with_only_a_rectangle() -> bytes:
    """What a scanned page looks like to a text extractor: drawing, no text."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.rect(72, 72, 300, 400, fill=1)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def encrypt_pdf(data: bytes, user_password: str) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(data)).pages:
        writer.add_page(page)
    writer.encrypt(user_password=user_password, owner_password="owner-secret")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _columns(text: str) -> int:
    return sum(2 if ord(c) > 0x2000 else 1 for c in text)


def hard_wrap(paragraphs: list[str], columns: int, *, blank_between_lines: bool) -> str:
    """Text as a PDF-to-text export gives it: every paragraph cut into lines of `columns`
    half-width columns, the first line two characters shorter (the lost indent), Latin
    words and numbers kept whole, no line starting with a comma or a full stop."""
    lines: list[str] = []
    for paragraph in paragraphs:
        room = columns - 4
        line = ""
        for token in re.findall(r"[A-Za-z0-9.%]+|.", paragraph):
            if line and _columns(line + token) > room and token[0] not in "，、。；：）》”":
                lines.append(line)
                line, room = "", columns
            line += token
        lines.append(line)
    return ("\n\n" if blank_between_lines else "\n").join(lines)
