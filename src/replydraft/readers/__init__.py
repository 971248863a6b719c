"""Readers: one module per file format, each turning a file's bytes into text.

ocr.py reads scans (image-only PDFs, .png/.jpg/.tif) by offline OCR; doc.py reads Word 97
.doc and WPS .wps; ofd.py reads OFD (GB/T 33190). layout.py turns positioned lines (OCR
boxes, OFD text codes) into paragraphs the way a PDF's text layer is read.
"""
