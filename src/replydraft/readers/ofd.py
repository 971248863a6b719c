"""OFD (GB/T 33190), the national fixed-layout format: the text of its pages.

An .ofd is a zip of XML: OFD.xml → DocBody/DocRoot → Document.xml → Pages/Page@BaseLoc →
Content.xml, where each TextObject holds TextCode runs placed by X/Y (millimetres, y down).
The runs are placed on the page and re-joined into paragraphs as a PDF's text layer is.
XML is parsed by defusedxml (no entity expansion, no external entities); the zip's declared
sizes are checked before anything is inflated (ingest.check_zip, the .docx reader's guard).
"""

from __future__ import annotations

import contextlib
import io
import posixpath
import re
import zipfile
from xml.etree.ElementTree import Element

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

from replydraft import ingest
from replydraft.readers.base import ReadError
from replydraft.readers.layout import PageLine, pages_text, rows

MAX_MEMBER_BYTES = 20 * 1024 * 1024  # one page's XML; real ones are a few hundred KB
_BROKEN = "不是有效的 OFD 文件（文件已损坏或不是 OFD）"


def ofd_text(data: bytes, name: str) -> str:
    """The text of every page, paragraphs separated by blank lines."""
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise ReadError(name, "不是有效的 OFD 文件（不是 zip 格式，可能已损坏）")
    # The zip's declared sizes and ratios, before a byte is inflated: ingest's guard, as for .docx.
    ingest.check_zip(data, name, ".ofd")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ReadError(name, "不是有效的 OFD 文件（不是 zip 格式，可能已损坏）") from None
    with archive:
        reader = _Reader(archive, name)
        root = reader.xml("OFD.xml")
        doc_root = _first_text(root, "DocRoot")
        if not doc_root:
            raise ReadError(name, _BROKEN + "：OFD.xml 中没有 DocRoot")
        doc_path = _resolve("", doc_root)
        document = reader.xml(doc_path)
        pages: list[list[PageLine]] = []
        for page in _children(document, "Page"):
            base = page.get("BaseLoc", "")
            if base:
                content = reader.xml(_resolve(posixpath.dirname(doc_path), base))
                pages.append(rows(_page_lines(content)))
    return pages_text(pages)


class _Reader:
    """Members of the zip as parsed XML, by their path inside it."""

    def __init__(self, archive: zipfile.ZipFile, name: str) -> None:
        self.archive = archive
        self.name = name
        self.members = {info.filename.lstrip("/"): info for info in archive.infolist()}

    def xml(self, path: str) -> Element:
        info = self.members.get(path.lstrip("/"))
        if info is None:
            raise ReadError(self.name, f"{_BROKEN}：缺少 {path}")
        if info.file_size > MAX_MEMBER_BYTES:
            raise ReadError(self.name, f"OFD 文件中的 {path} 过大，拒绝读取")
        try:
            with self.archive.open(info) as member:
                raw = member.read(MAX_MEMBER_BYTES + 1)
            root: Element = ElementTree.fromstring(raw)
        except (DefusedXmlException, ElementTree.ParseError, zipfile.BadZipFile, OSError) as e:
            raise ReadError(self.name, f"{_BROKEN}：{path} 无法解析（{e}）") from None
        return root


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _children(element: Element, name: str) -> list[Element]:
    return [e for e in element.iter() if _local(e.tag) == name]


def _first_text(element: Element, name: str) -> str:
    found = _children(element, name)
    return (found[0].text or "").strip() if found else ""


def _resolve(folder: str, location: str) -> str:
    """A location in the package: absolute ("/Doc_0/…") or relative to `folder`."""
    location = location.strip().replace("\\", "/")
    if location.startswith("/"):
        return posixpath.normpath(location.lstrip("/"))
    return posixpath.normpath(posixpath.join(folder, location))


def _floats(text: str | None) -> list[float]:
    try:
        return [float(x) for x in re.split(r"[\s,]+", (text or "").strip()) if x]
    except ValueError:
        return []


def _page_lines(content: Element) -> list[PageLine]:
    """Each TextCode as a line placed on the page (millimetres; y flipped to go up)."""
    lines: list[PageLine] = []
    for obj in _children(content, "TextObject"):
        box = _floats(obj.get("Boundary")) + [0.0] * 4
        size = _floats(obj.get("Size")) or [box[3] or 3.5]
        for code in obj:
            if _local(code.tag) != "TextCode" or not (code.text or "").strip():
                continue
            x = box[0] + (_floats(code.get("X")) or [0.0])[0]
            y = box[1] + (_floats(code.get("Y")) or [size[0]])[0]  # the baseline
            text = code.text or ""
            width = _advance(code.get("DeltaX"), text, size[0])
            lines.append(
                PageLine(
                    text=text,
                    left=x,
                    right=x + width,
                    top=-(y - size[0]),
                    bottom=-y,
                    size=size[0],
                )
            )
    return lines


def _advance(delta_x: str | None, text: str, size: float) -> float:
    """The width of a run: its DeltaX gaps ("g 5 3.5" repeats 3.5 five times) and the last
    character, else a CJK character per size."""
    gaps: list[float] = []
    tokens = (delta_x or "").split()
    i = 0
    while i < len(tokens):
        if tokens[i] == "g" and i + 2 < len(tokens):
            gaps += [float(tokens[i + 2])] * int(float(tokens[i + 1]))
            i += 3
            continue
        with contextlib.suppress(ValueError):  # a stray token: the others still count
            gaps.append(float(tokens[i]))
        i += 1
    if not gaps:
        return sum(size if ord(c) > 0x2000 else size / 2 for c in text)
    return sum(gaps[: len(text) - 1]) + size
