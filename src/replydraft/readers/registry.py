"""The one table of formats: suffixes, content sniffing, the reader, the size cap, and the
names the window's file dialogs and the CLI's messages show. Adding a format is one row.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from replydraft.readers.base import CancelCheck, PageProgress, ReadError

if TYPE_CHECKING:  # OCR (its patterns, a tenth of a CLI search) loads only for a scan
    from replydraft.readers.ocr import OcrEngine, Recognised

MB = 1024 * 1024
TEXT_MAX_BYTES = 10 * MB  # a reply is well under 1 MB of text; more is a log or a dump
BINARY_MAX_BYTES = 100 * MB  # documents carry images and fonts; scans are images


@dataclass
class ReadOptions:
    """What a long read (OCR) reports to and asks of its caller."""

    progress: PageProgress | None = None
    cancel: CancelCheck | None = None
    ocr: OcrEngine | None = None  # reused across files; None: one per file


@dataclass(frozen=True)
class Read:
    """A file's text as its reader found it, before the shared clean-up."""

    text: str
    format: str  # the Format's name
    encoding: str = ""  # how a text file was decoded
    # How hard line breaks are treated: None decides from the text, False keeps each line
    # (the reader has re-joined paragraphs by their layout already).
    rewrap: bool | None = None
    recognised: Recognised | None = None  # the text came from OCR: the officer checks it
    warnings: tuple[str, ...] = ()  # read with losses (damaged bytes replaced), said once


Reader = Callable[[bytes, str, ReadOptions], Read]


@dataclass(frozen=True)
class Format:
    name: str  # "docx", "pdf", ...: Ingested.format and --json's "format"
    label: str  # for the file dialogs
    suffixes: tuple[str, ...]
    read: Reader = field(repr=False)
    max_bytes: int
    sniff: Callable[[bytes], bool] | None = field(default=None, repr=False)


# --- Sniffing --------------------------------------------------------------------------------

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")


def _zip_names(data: bytes) -> set[str]:
    if not data.startswith(b"PK"):
        return set()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return {name.lstrip("/") for name in z.namelist()}
    except (zipfile.BadZipFile, OSError, ValueError):
        return set()


def _is_docx(data: bytes) -> bool:
    return "word/document.xml" in _zip_names(data)


def _is_ofd(data: bytes) -> bool:
    return "OFD.xml" in _zip_names(data)


def _is_pdf(data: bytes) -> bool:
    return b"%PDF-" in data[:1024]


def _is_word_binary(data: bytes) -> bool:
    return data.startswith(_OLE_MAGIC) or data.startswith(b"{\\rtf")


def _is_image(data: bytes) -> bool:
    return data.startswith(_IMAGE_MAGIC)


# --- The readers -----------------------------------------------------------------------------


def _read_text(data: bytes, name: str, options: ReadOptions) -> Read:
    from replydraft.readers import text

    decoded, encoding, warnings = text.read_text(data, name)
    return Read(decoded, "txt", encoding=encoding, warnings=warnings)


def _read_docx(data: bytes, name: str, options: ReadOptions) -> Read:
    from replydraft.readers import docx

    return Read(docx.docx_text(data, name), "docx")


def _read_pdf(data: bytes, name: str, options: ReadOptions) -> Read:
    """Each page by what it holds: the text layer, or OCR for a scanned page (a whole scan,
    or a typed proposal's scanned signature page or attachment)."""
    from replydraft.readers import ocr, pdf

    layer = pdf.pdf_layer(data, name)
    if not layer.scans:  # a text PDF: no renderer, no recogniser
        return Read(layer.text(), "pdf", rewrap=False)
    result = ocr.recognise_pdf(
        data,
        name,
        layer=layer,
        engine=options.ocr,
        progress=options.progress,
        cancel=options.cancel,
    )
    if not _has_words(result.text):
        raise ReadError(name, "PDF 中没有文字层，文字识别也没有找到文字（可能是空白页或图片）")
    return Read(result.text, "pdf", rewrap=False, recognised=result, warnings=result.notes)


def _has_words(text: str) -> bool:
    """Whether OCR found any letter, digit or character: a black box reads as "■"."""
    return any(c.isalnum() for c in text)


def _read_image(data: bytes, name: str, options: ReadOptions) -> Read:
    from replydraft.readers import ocr

    result = ocr.recognise_image(
        data, name, engine=options.ocr, progress=options.progress, cancel=options.cancel
    )
    if not _has_words(result.text):
        raise ReadError(name, "图片中没有识别出文字")
    return Read(result.text, "image", rewrap=False, recognised=result)


def _read_doc(data: bytes, name: str, options: ReadOptions) -> Read:
    from replydraft.readers import doc

    text, _how = doc.doc_text(data, name)
    return Read(text, "wps" if name.lower().endswith(".wps") else "doc", rewrap=None)


def _read_ofd(data: bytes, name: str, options: ReadOptions) -> Read:
    from replydraft.readers import ofd

    return Read(ofd.ofd_text(data, name), "ofd", rewrap=False)


FORMATS: tuple[Format, ...] = (
    Format("txt", "纯文本", (".txt", ".text"), _read_text, TEXT_MAX_BYTES),
    Format("docx", "Word 文档", (".docx",), _read_docx, BINARY_MAX_BYTES, _is_docx),
    Format("pdf", "PDF（含扫描件）", (".pdf",), _read_pdf, BINARY_MAX_BYTES, _is_pdf),
    Format("doc", "旧版 Word/WPS 文档", (".doc", ".wps"), _read_doc, BINARY_MAX_BYTES, _is_word_binary),
    Format("ofd", "OFD 版式文件", (".ofd",), _read_ofd, BINARY_MAX_BYTES, _is_ofd),
    Format(
        "image", "扫描图片", (".png", ".jpg", ".jpeg", ".tif", ".tiff"), _read_image, BINARY_MAX_BYTES,
        _is_image,
    ),
)  # fmt: skip


def by_suffix(suffix: str) -> Format | None:
    suffix = suffix.lower()
    return next((f for f in FORMATS if suffix in f.suffixes), None)


def by_content(data: bytes) -> Format | None:
    """The format the bytes themselves say, when they say one (text files do not)."""
    return next((f for f in FORMATS if f.sniff is not None and f.sniff(data)), None)


def choose(suffix: str, data: bytes) -> Format | None:
    """The format to read with: the suffix's, unless the content plainly is another (a
    .docx saved as .doc, a photo named .pdf). A .txt stays text: its decoder says when the
    bytes are not. None for a suffix no format has."""
    named = by_suffix(suffix)
    if named is None or named.sniff is None:
        return named
    sniffed = by_content(data)
    return sniffed if sniffed is not None else named


def suffixes() -> frozenset[str]:
    return frozenset(s for f in FORMATS for s in f.suffixes)


def suffix_list() -> str:
    """ ".txt、.docx、…" for messages."""
    return "、".join(s for f in FORMATS for s in f.suffixes if s != ".text")


def patterns() -> str:
    """ "*.txt *.text *.docx …": every readable suffix, for a file dialog."""
    return " ".join(f"*{s}" for f in FORMATS for s in f.suffixes)


def format_filters() -> list[str]:
    """One file-dialog filter per format: "Word 文档 (*.docx)"."""
    return [f"{f.label} ({' '.join('*' + s for s in f.suffixes)})" for f in FORMATS]
