"""Readers: one module per file format, each turning a file's bytes into text.

registry.py is the one table of formats (suffixes, content sniffing, reader, size cap) that
ingest, the importer, the window's file dialogs and the CLI read. text.py decodes .txt,
docx.py and pdf.py read .docx and a PDF's text layer, ocr.py reads scans (image-only PDFs,
.png/.jpg/.tif) by offline OCR, doc.py reads Word 97 .doc and WPS .wps, ofd.py reads OFD
(GB/T 33190). layout.py places lines (OCR boxes, OFD text codes) so that pdf.py's geometry
re-joins them into paragraphs as it does a text layer.
"""
