"""Word .docx: body paragraphs, tables and text boxes in document order, one per line."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from typing import Any

from replydraft import ingest
from replydraft.readers.base import ReadError

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
# Subtrees that hold no visible text of their own (or a duplicate of it: mc:Fallback repeats
# a text box for old readers; w:pPr holds tab stops named w:tab).
_DOCX_SKIP = {_MC_FALLBACK, _W + "pPr", _W + "rPr", _W + "del", _W + "moveFrom"}
TAB = "  "  # what a w:tab reads as
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def docx_text(data: bytes, name: str) -> str:
    """Body paragraphs, table rows and text boxes in document order, one per line."""
    import docx  # python-docx; imported late so the CLI starts fast

    if data.startswith(_OLE_MAGIC):
        raise ReadError(
            name,
            "不是有效的 .docx 文件（可能是旧版 .doc 文件或加密文件），"
            "请另存为 .docx 或取消密码后重试",
        )
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise ReadError(name, "不是有效的 .docx 文件（不是 zip 格式，可能已损坏）")
    ingest.check_zip(data, name)  # a zip bomb is refused before anything is inflated
    try:
        document = docx.Document(io.BytesIO(data))
        body = document.element.body
    except Exception as e:  # python-docx raises KeyError, ValueError, lxml errors, ...
        if isinstance(e, ValueError) and "is not a Word file" in str(e):
            # An Excel or PowerPoint file renamed: python-docx's text names a memory address.
            raise ReadError(name, "不是有效的 .docx 文件（是其他类型的 Office 文件）") from None
        reason = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        raise ReadError(
            name, f"不是有效的 .docx 文件，可能已损坏（详情：{reason[:120]}）"
        ) from None
    return "\n\n".join(_docx_blocks(body))


def _docx_blocks(container: Any) -> list[str]:
    """The text blocks of a body, table cell, text box or content control, in order."""
    out: list[str] = []
    for child in container.iterchildren():
        tag = child.tag
        if tag == _W + "p":
            out.extend(_docx_paragraph(child))
        elif tag == _W + "tbl":
            out.extend(_docx_table(child))
        elif tag == _W + "sdt":
            content = child.find(_W + "sdtContent")
            if content is not None:
                out.extend(_docx_blocks(content))
        elif tag in (_W + "customXml", _W + "ins", _W + "smartTag"):
            out.extend(_docx_blocks(child))
    return out


def _docx_paragraph(p: Any) -> list[str]:
    """A paragraph's text, preceded by the text boxes anchored in it."""
    parts: list[str] = []
    boxes: list[str] = []
    _docx_runs(p, parts, boxes)
    text = "".join(parts).strip()
    return [*boxes, text] if text else boxes


def _docx_runs(element: Any, parts: list[str], boxes: list[str]) -> None:
    for child in element.iterchildren():
        tag = child.tag
        if not isinstance(tag, str) or tag in _DOCX_SKIP:
            continue
        if tag == _W + "t":
            parts.append(child.text or "")
        elif tag in (_W + "tab", _W + "ptab"):
            # Two spaces: a tab parts fields ("办理结果：A<tab>浦科经委办理〔2025〕61号" at a
            # right tab stop), and normalising keeps a run of spaces as one where it drops a
            # single space between Chinese characters.
            parts.append(TAB)
        elif tag in (_W + "br", _W + "cr"):
            parts.append("\n")
        elif tag == _W + "noBreakHyphen":
            parts.append("-")
        elif tag == _W + "txbxContent":
            boxes.extend(_docx_blocks(child))
        else:
            _docx_runs(child, parts, boxes)


def _docx_table(tbl: Any) -> list[str]:
    """A row of short cells becomes one line "a | b | c"; long or layout cells their blocks."""
    out: list[str] = []
    for row in _docx_children(tbl, "tr"):
        cells = [_docx_blocks(tc) for tc in _docx_children(row, "tc")]
        cells = [blocks for blocks in cells if any(b.strip() for b in blocks)]
        if not cells:
            continue
        simple = len(cells) > 1 and all(len(c) == 1 and len(c[0]) <= 100 for c in cells)
        if simple:
            out.append(" | ".join(c[0].strip() for c in cells))
        else:
            out.extend(b for blocks in cells for b in blocks)
    return out


def _docx_children(element: Any, name: str) -> Iterator[Any]:
    """Direct children named w:`name`, also those wrapped in content controls."""
    for child in element.iterchildren():
        if child.tag == _W + name:
            yield child
        elif child.tag == _W + "sdt":
            content = child.find(_W + "sdtContent")
            if content is not None:
                yield from _docx_children(content, name)
