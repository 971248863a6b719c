"""Print and print preview of the reply: the page view's pages (the same blocks, fonts and
GB/T 9704 margins as the .docx export) sent to a QPrinter, paginated by Qt."""

from __future__ import annotations

from PySide6.QtCore import QMarginsF, QSizeF
from PySide6.QtGui import QPageLayout, QPageSize, QTextDocument
from PySide6.QtPrintSupport import QPrinter

from replydraft.gui.preview import PageBuilder
from replydraft.profiles import ExportStyle
from replydraft.records import Draft


def make_printer(style: ExportStyle) -> QPrinter:
    """A printer set to the style's paper, the whole sheet: the document brings its margins."""
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
    printer.setDocName("答复")
    return printer


def printable(draft: Draft, style: ExportStyle) -> QTextDocument:
    """The reply as pages at full size (zoom 1: 96 px an inch, as the page view at 100 %)."""
    return PageBuilder(style, 1.0).build_pages(draft)


def print_draft(draft: Draft, style: ExportStyle, printer: QPrinter) -> int:
    """Print the reply on `printer`; returns the number of pages."""
    document = printable(draft, style)
    document.print_(printer)
    return document.pageCount()
