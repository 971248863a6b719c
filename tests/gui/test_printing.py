"""printing.py without LibreOffice: a PDF's pages drawn as images at 300 dpi, put on the
printer's pages at full size, only the range chosen in the print dialog."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPageSize, QPainter, QPdfWriter
from PySide6.QtPrintSupport import QPrinter
from pytestqt.qtbot import QtBot

from replydraft.gui.printing import PRINT_DPI, PrintJob, render_pages
from replydraft.profiles import ExportStyle

COLOURS = [QColor("#d00000"), QColor("#0000c0"), QColor("#008000")]


def _pdf(path: Path) -> bytes:
    """Three A4 pages, each with a 100 mm square of its own colour 20 mm from the top left."""
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setResolution(300)
    painter = QPainter(writer)
    mm = 300 / 25.4
    for i, colour in enumerate(COLOURS):
        if i:
            writer.newPage()
        painter.fillRect(QRectF(20 * mm, 20 * mm, 100 * mm, 100 * mm), colour)
    painter.end()
    return path.read_bytes()


def _colour_at(page: np.ndarray, x_mm: float, y_mm: float, dpi: float) -> tuple[int, ...]:
    return tuple(int(v) for v in page[round(y_mm * dpi / 25.4), round(x_mm * dpi / 25.4)][:3])


def test_pages_are_drawn_at_print_resolution_and_printed_in_the_chosen_range(
    qtbot: QtBot, tmp_path: Path
) -> None:
    pages = render_pages(_pdf(tmp_path / "三页.pdf"))
    assert len(pages) == 3
    first = QImage.fromData(pages[0])
    assert abs(first.width() - 210 * PRINT_DPI / 25.4) < 2
    assert abs(first.height() - 297 * PRINT_DPI / 25.4) < 2
    assert (
        first.pixelColor(round(70 * PRINT_DPI / 25.4), round(70 * PRINT_DPI / 25.4)) == COLOURS[0]
    )

    job = PrintJob("reply", ExportStyle(), pages)
    printer = job.printer()
    out = tmp_path / "第2-3页.pdf"
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(out))
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(2, 3)
    assert job.paint(printer) == 2

    pdf = pdfium.PdfDocument(str(out))
    try:
        assert len(pdf) == 2
        for page, colour in zip(pdf, COLOURS[1:], strict=True):
            assert abs(page.get_width() - 595.3) < 2 and abs(page.get_height() - 841.9) < 2
            image = page.render(scale=50 / 72, rev_byteorder=True).to_numpy()
            inside = _colour_at(image, 70, 70, 50)
            assert all(abs(a - b) < 40 for a, b in zip(inside, colour.getRgb()[:3], strict=True))
            assert min(_colour_at(image, 150, 200, 50)) > 240  # white outside the square
    finally:
        pdf.close()
