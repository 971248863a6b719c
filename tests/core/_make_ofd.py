"""OFD packages (GB/T 33190) written for the tests: OFD.xml, Document.xml, page Content.xml."""

from __future__ import annotations

import io
import zipfile

NS = "http://www.ofdspec.org/2016"
SIZE = 5.6  # mm: 16 pt, the genre's 三号
LEFT, WIDTH = 28.0, 28  # margin (mm) and characters per full line

OFD_XML = f"""<?xml version="1.0" encoding="UTF-8"?>
<ofd:OFD xmlns:ofd="{NS}" Version="1.0" DocType="OFD">
  <ofd:DocBody><ofd:DocInfo><ofd:DocID>0</ofd:DocID></ofd:DocInfo>
  <ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody>
</ofd:OFD>"""


def document_xml(pages: int, absolute: bool) -> str:
    where = "/Doc_0/" if absolute else ""
    entries = "".join(
        f'<ofd:Page ID="{i + 10}" BaseLoc="{where}Pages/Page_{i}/Content.xml"/>'
        for i in range(pages)
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<ofd:Document xmlns:ofd="{NS}"><ofd:CommonData><ofd:PageArea>
<ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea></ofd:CommonData>
<ofd:Pages>{entries}</ofd:Pages></ofd:Document>"""


def wrap_lines(paragraph: str, indent: bool = True) -> list[tuple[float, str]]:
    """(x, text) of each line as a word processor lays the paragraph out."""
    lines, first = [], indent
    while paragraph:
        room = WIDTH - 2 if first else WIDTH
        lines.append((LEFT + (2 * SIZE if first else 0), paragraph[:room]))
        paragraph, first = paragraph[room:], False
    return lines


def content_xml(lines: list[tuple[float, str]], per_char: bool) -> str:
    objects = []
    for row, (x, text) in enumerate(lines):
        y = 40 + row * SIZE * 1.8
        # Some writers place every character on its own.
        codes = [(x + i * SIZE, c) for i, c in enumerate(text)] if per_char else [(x, text)]
        for n, (cx, chunk) in enumerate(codes):
            delta = f"g {len(chunk) - 1} {SIZE}" if len(chunk) > 1 else ""
            objects.append(
                f'<ofd:TextObject ID="{row * 1000 + n}" Boundary="{cx} {y - SIZE} 170 {SIZE * 1.5}"'
                f' Font="3" Size="{SIZE}"><ofd:TextCode X="0" Y="{SIZE}" DeltaX="{delta}">'
                f"{chunk}</ofd:TextCode></ofd:TextObject>"
            )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page xmlns:ofd="{NS}"><ofd:Content>'
        f'<ofd:Layer ID="1">{"".join(objects)}</ofd:Layer></ofd:Content></ofd:Page>'
    )


def ofd_bytes(
    pages: list[list[tuple[float, str]]], *, per_char: bool = False, absolute: bool = False
) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("OFD.xml", OFD_XML)
        z.writestr("Doc_0/Document.xml", document_xml(len(pages), absolute))
        for i, lines in enumerate(pages):
            z.writestr(f"Doc_0/Pages/Page_{i}/Content.xml", content_xml(lines, per_char))
    return buffer.getvalue()
