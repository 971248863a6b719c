"""The print preview dialog: Qt's own, with one line above the pages when they are only
approximate (LibreOffice missing or failed), so the officer is never left to guess."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QBoxLayout, QLabel, QWidget


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
        if isinstance(layout, QBoxLayout):  # Qt's dialog: the toolbar, then the pages
            layout.insertWidget(1, label)
        else:  # never seen; the note still shows, in the title
            dialog.setWindowTitle(f"{title}（近似版式）")
    return dialog
