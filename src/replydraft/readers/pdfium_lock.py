"""One PDFium call at a time in the whole process.

PDFium is not thread-safe, not even across different documents (pypdfium2's documentation:
concurrent calls corrupt its heap). The 原件 tab, a folder import, OCR and print preview each
run it on their own worker thread, and together they crashed the window ("double free or
corruption"). Every use of pypdfium2 holds this lock from opening a document to closing it,
or around each call for the long-lived ones (OCR renders a page, lets go during recognition).
It is the one piece of process-wide state here because PDFium's own state is process-wide.
"""

from __future__ import annotations

import threading

PDFIUM = threading.RLock()  # re-entrant: pdf_layer holds it and calls open_pdf, which takes it
