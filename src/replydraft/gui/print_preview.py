"""The print preview dialog: Qt's own, with one line above the pages when they are only
approximate (LibreOffice missing or failed), so the officer is never left to guess."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QPainter
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QBoxLayout, QGraphicsView, QLabel, QWidget


def preview_dialog(
    printer: QPrinter,
    paint: Callable[[QPrinter], object],
    note: str = "",
    title: str = "打印预览",
    parent: QWidget | None = None,
) -> QPrintPreviewDialog:
    """A preview of what `paint` puts on `printer`, A4 pages fitted to the dialog's width."""
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setWindowTitle(title)
    dialog.resize(900, 760)
    dialog.paintRequested.connect(paint)
    # The pages are images at print resolution shown at a fraction of their pixels: without
    # smooth scaling the hairline rules of a table (the 发文稿纸) drop out on screen.
    for view in dialog.findChildren(QGraphicsView):
        view.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    if note:
        label = QLabel(note)
        label.setObjectName("printNote")
        label.setWordWrap(True)
        # The window banner's colours (style.py): a warning, not an error.
        label.setStyleSheet(
            "QLabel { background: #fff4d6; border: 1px solid #f0d48a; border-radius: 6px;"
            " padding: 6px 10px; }"
        )
        layout = dialog.layout()
        if isinstance(layout, QBoxLayout):  # Qt's dialog: the pages (the toolbar is apart)
            layout.insertWidget(0, label)
        else:  # never seen; the note still shows, in the title
            dialog.setWindowTitle(f"{title}（近似版式）")
    return dialog
