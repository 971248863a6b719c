"""Print and print preview, page for page as exported.

The window exports the draft to a scratch .docx through the export command's own use case
(session.export_draft), LibreOffice turns it into PDF (print_pdf.py) and `render_pages`
draws each page as an image at PRINT_DPI, all off the GUI thread; `PrintJob.paint` puts the
images on the printer (or the preview's pages) at the paper's full size. Where LibreOffice is
missing or fails, the job falls back to a QTextDocument of the page view (the reply) or a
plain table (the approval sheet), and its `note` says that this is approximate.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QImage,
    QPageLayout,
    QPageSize,
    QPaintEngine,
    QPainter,
    QTextDocument,
)
from PySide6.QtPrintSupport import QPrinter

from replydraft.gui.preview import PX_PER_MM, PageBuilder
from replydraft.profiles import ExportStyle
from replydraft.readers.pdfium_lock import PDFIUM
from replydraft.records import Draft

if TYPE_CHECKING:
    from replydraft.approval_sheet import SheetFields

PRINT_DPI = 300  # a laser printer's raster; an A4 page is 2480 x 3508 pixels
SCREEN_DPI = 96  # the print preview's pages at 100 %
REPLY, SHEET = "reply", "sheet"
TITLES = {REPLY: "答复", SHEET: "发文稿纸"}


def approximate_note(reason: str) -> str:
    """The one line the preview shows when it cannot show the exported pages."""
    return (
        f"此预览为近似版式，不显示信头（{reason}）。"
        "安装 LibreOffice 后即可按导出的 Word 文件逐页预览和打印。"
    )


def make_printer(style: ExportStyle, name: str = "答复") -> QPrinter:
    """A printer set to the style's paper, the whole sheet: the pages bring their margins."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    size = QPageSize(
        QSizeF(style.paper_width_mm, style.paper_height_mm),
        QPageSize.Unit.Millimeter,
        "公文用纸",
        QPageSize.SizeMatchPolicy.FuzzyMatch,  # A4 stays A4, so the printer knows the tray
    )
    printer.setPageLayout(
        QPageLayout(size, QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0))
    )
    printer.setFullPage(True)
    printer.setDocName(name)
    return printer


def render_pages(pdf: bytes, dpi: int = PRINT_DPI) -> list[bytes]:
    """Each page of `pdf` as a PNG at `dpi` (kept compressed: a page is 26 MB as pixels).
    Runs on a worker: pypdfium2 and QImage need no GUI thread."""
    import pypdfium2 as pdfium

    with PDFIUM:
        document = pdfium.PdfDocument(pdf)
        count = len(document)
    pages = []
    try:
        for index in range(count):
            with PDFIUM:  # held for the drawing, not the PNG encoding (a third of the time)
                page = document[index]
                bitmap = page.render(scale=dpi / 72, rev_byteorder=True)
            kind = (
                QImage.Format.Format_RGB888
                if bitmap.n_channels == 3
                else QImage.Format.Format_RGBA8888
            )
            image = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride, kind)
            data = QByteArray()
            buffer = QBuffer(data)
            buffer.open(QIODevice.OpenModeFlag.WriteOnly)
            # Quality 80 is zlib's level 2: pages as small as the default's, a third faster.
            image.save(buffer, "PNG", 80)  # type: ignore[call-overload]  # stubs say bytes; str works
            buffer.close()
            pages.append(bytes(data.data()))
            with PDFIUM:
                bitmap.close()
                page.close()
    finally:
        with PDFIUM:
            document.close()
    return pages


@dataclass
class PrintJob:
    """What goes to the printer: the exported pages (PNG), or, when `note` says why they
    could not be made, the approximate document `fallback` builds."""

    what: str  # REPLY or SHEET
    style: ExportStyle
    pages: list[bytes] = field(default_factory=list)
    note: str = ""
    fallback: Callable[[], QTextDocument] | None = None

    @property
    def exact(self) -> bool:
        return not self.note

    def printer(self) -> QPrinter:
        return make_printer(self.style, TITLES[self.what])

    def paint(self, printer: QPrinter) -> int:
        """Put the pages on `printer` (the range chosen in the print dialog); returns how many."""
        if not self.exact:
            assert self.fallback is not None
            document = self.fallback()
            document.print_(printer)
            return document.pageCount()
        first, last = 1, len(self.pages)
        if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
            first, last = max(first, printer.fromPage()), min(last, printer.toPage() or last)
        # The preview records the pages (a Picture engine) and shows them at a fraction of
        # their pixels, sampling a few of them: hairline rules (the sheet's table) would drop
        # out. It gets the pages averaged down to screen size; a printer gets every pixel.
        engine = printer.paintEngine()
        on_screen = engine is not None and engine.type() == QPaintEngine.Type.Picture
        painter = QPainter()
        if not painter.begin(printer):
            return 0
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        paper = QRectF(printer.pageLayout().fullRectPixels(printer.resolution()))
        painted = 0
        try:
            for number in range(first, last + 1):
                if painted:
                    printer.newPage()
                image = QImage.fromData(self.pages[number - 1])
                if on_screen:
                    image = image.scaledToWidth(
                        round(image.width() * SCREEN_DPI / PRINT_DPI),
                        Qt.TransformationMode.SmoothTransformation,
                    )
                painter.drawImage(_fit(image, paper), image)
                painted += 1
        finally:
            painter.end()
        return painted


def _fit(image: QImage, paper: QRectF) -> QRectF:
    """The largest rectangle of the image's shape centred on the paper (the same paper: all)."""
    if image.width() <= 0 or image.height() <= 0:
        return paper
    scale = min(paper.width() / image.width(), paper.height() / image.height())
    width, height = image.width() * scale, image.height() * scale
    return QRectF(
        paper.x() + (paper.width() - width) / 2,
        paper.y() + (paper.height() - height) / 2,
        width,
        height,
    )


# --- the approximate documents, when LibreOffice cannot make the pages ---------------------


def printable(draft: Draft, style: ExportStyle) -> QTextDocument:
    """The reply as pages at full size (zoom 1: 96 px an inch, as the page view at 100 %)."""
    return PageBuilder(style, 1.0).build_pages(draft)


def print_draft(draft: Draft, style: ExportStyle, printer: QPrinter) -> int:
    """Print the reply's approximate pages on `printer`; returns the number of pages."""
    document = printable(draft, style)
    document.print_(printer)
    return document.pageCount()


def sheet_document(fields: SheetFields, style: ExportStyle) -> QTextDocument:
    """The approval sheet as one bordered table on the paper, the .docx's rows and labels."""
    blank = "<br>" * 4  # a signature box's height, roughly
    rows = [
        f"<tr><th>{name}</th><td colspan='5'>{blank}</td></tr>" for name in ("签发", "会签", "核稿")
    ]
    rows.append(
        "<tr>"
        + "".join(
            f"<th>{label}</th><td>{escape(value)}</td>"
            for label, value in (
                ("拟稿单位", fields.unit),
                ("拟稿人", fields.drafter),
                ("电话", fields.phone),
            )
        )
        + "</tr>"
    )
    for label, value in (
        ("文号", fields.doc_number),
        ("主送", fields.recipient),
        ("抄送", fields.cc),
        ("标题", fields.title),
    ):
        rows.append(f"<tr><th>{label}</th><td colspan='5'>{escape(value)}</td></tr>")
    rows.append(
        f"<tr><th>公开属性</th><td colspan='3'>{escape(fields.disclosure)}</td>"
        f"<th>印数</th><td>{escape(fields.copies)}</td></tr>"
    )
    html = (
        f"<h2 align='center'>{escape(fields.office)}发文稿纸</h2>"
        "<table border='1' cellspacing='0' cellpadding='6' width='100%'>"
        + "".join(rows)
        + "</table>"
    )
    document = QTextDocument()
    document.setDefaultFont(
        PageBuilder(style, 1.0).char_format("body", style.footer_size_pt).font()
    )
    margin = 20 * PX_PER_MM
    document.setPageSize(
        QSizeF(style.paper_width_mm * PX_PER_MM, style.paper_height_mm * PX_PER_MM)
    )
    document.setDocumentMargin(margin)
    document.setHtml(html)
    return document
