"""提案原文 as the document itself: a PDF's pages rendered (pypdfium2, the reader ingest uses
too), a Word file's paragraphs with its tables, not only the text extracted from them.

Reading runs off the GUI thread and returns plain data; the view turns it into images.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QImage, QResizeEvent, QTextDocument
from PySide6.QtWidgets import QTextBrowser, QWidget

from replydraft.readers.pdfium_lock import PDFIUM

MAX_PAGES = 20  # a proposal runs to a few pages; a longer PDF shows its first pages
PAGE_WIDTH_PX = 760


@dataclass
class PageImage:
    """One rendered page as raw pixels (RGB or RGBA rows of `stride` bytes)."""

    width: int
    height: int
    stride: int
    channels: int
    pixels: bytes

    def image(self) -> QImage:
        kind = QImage.Format.Format_RGB888 if self.channels == 3 else QImage.Format.Format_RGBA8888
        # copy(): the QImage must own its pixels, not borrow this object's bytes.
        return QImage(self.pixels, self.width, self.height, self.stride, kind).copy()


@dataclass
class Original:
    """What 原件 shows: rendered pages (PDF) or HTML (Word), and a line about it."""

    pages: list[PageImage] = field(default_factory=list)
    html: str = ""
    note: str = ""


def read_original(path: Path) -> Original | None:
    """The document's own look, for the formats that have one; None for plain text."""
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        return _pdf_pages(path)
    if suffix == ".docx":
        return _docx_html(path)
    return None


def _pdf_pages(path: Path) -> Original:
    import pypdfium2 as pdfium

    pages = []
    with PDFIUM:  # an import or print preview may be reading PDFs on another thread
        pdf = pdfium.PdfDocument(str(path))
        try:
            total = len(pdf)
            for index in range(min(total, MAX_PAGES)):
                page = pdf[index]
                bitmap = page.render(scale=PAGE_WIDTH_PX / page.get_width(), rev_byteorder=True)
                pages.append(
                    PageImage(
                        bitmap.width,
                        bitmap.height,
                        bitmap.stride,
                        bitmap.n_channels,
                        bytes(bitmap.buffer),
                    )
                )
                bitmap.close()
                page.close()
        finally:
            pdf.close()
    note = f"共 {total} 页" + (f"，显示前 {MAX_PAGES} 页" if total > MAX_PAGES else "")
    return Original(pages=pages, note=note)


def _docx_html(path: Path) -> Original:
    """Paragraphs and tables in the order the document has them."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(str(path))
    parts: list[str] = []
    tables = 0
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            text = item.text.strip()
            if text:
                bold = any(run.bold for run in item.runs if run.text.strip())
                centred = item.alignment is not None and int(item.alignment) == 1
                style = "text-align:center;" if centred else "text-indent:2em;"
                body = f"<b>{escape(text)}</b>" if bold else escape(text)
                parts.append(f"<p style='{style}margin:4px 0'>{body}</p>")
        elif isinstance(item, Table):
            tables += 1
            rows = []
            for row in item.rows:
                cells = "".join(
                    f"<td style='padding:3px 6px'>{escape(cell.text.strip())}</td>"
                    for cell in row.cells
                )
                rows.append(f"<tr>{cells}</tr>")
            parts.append(
                "<table border='1' cellspacing='0' style='border-collapse:collapse;"
                f"margin:6px 0'>{''.join(rows)}</table>"
            )
    note = f"Word 文件，含 {tables} 个表格" if tables else "Word 文件"
    return Original(html="".join(parts), note=note)


class OriginalView(QTextBrowser):
    """The pages, one under another, or the Word document's content."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self._original: Original | None = None
        self._images: list[QImage] = []
        self._shown_width = 0

    @property
    def page_count(self) -> int:
        return len(self._images)

    def show_original(self, original: Original) -> None:
        self._original = original
        self._images = [page.image() for page in original.pages]
        self._layout()

    def clear_original(self) -> None:
        self._original = None
        self._images = []
        self.setDocument(QTextDocument(self))

    def _page_width(self) -> int:
        return max(120, min(PAGE_WIDTH_PX, self.viewport().width() - 24))

    def _layout(self) -> None:
        document = QTextDocument(self)
        if self._original is not None and self._images:
            width = self._page_width()
            html = []
            for number, image in enumerate(self._images, 1):
                url = QUrl(f"page:{number}")
                document.addResource(QTextDocument.ResourceType.ImageResource, url, image)
                html.append(f"<p align='center'><img src='{url.toString()}' width='{width}'></p>")
            document.setHtml("".join(html))
            self._shown_width = width
        elif self._original is not None:
            document.setHtml(self._original.html)
        self.setDocument(document)  # the old document is a child of this view: Qt deletes it

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._images and abs(self._page_width() - self._shown_width) > 16:
            self._layout()
