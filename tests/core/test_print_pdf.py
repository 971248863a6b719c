"""print_pdf: an exported .docx as LibreOffice prints it, or a Chinese reason naming the file."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest

from replydraft.docx_export import export_docx
from replydraft.print_pdf import PdfError, docx_to_pdf
from replydraft.profiles import ExportStyle
from tests.core._drafts import pudong_057
from tests.core.test_export_pdf import SOFFICE, to_pdf


@pytest.mark.slow
@pytest.mark.skipif(SOFFICE is None, reason="needs LibreOffice (soffice)")
def test_the_pdf_has_the_pages_of_the_export(tmp_path: Path) -> None:
    reply = tmp_path / "答复.docx"
    export_docx(pudong_057(), ExportStyle(letterhead="letter"), reply)
    pdf = pdfium.PdfDocument(docx_to_pdf(reply))
    want = pdfium.PdfDocument(to_pdf(reply, tmp_path))
    try:
        assert len(pdf) == len(want) >= 2
        assert pdf[0].get_size() == pytest.approx(want[0].get_size())
    finally:
        pdf.close()
        want.close()


def test_a_missing_or_broken_libreoffice_is_said_naming_the_file(tmp_path: Path) -> None:
    reply = tmp_path / "答复.docx"
    export_docx(pudong_057(), ExportStyle(), reply)
    with pytest.raises(PdfError, match=r"^答复\.docx: 无法启动 LibreOffice"):
        docx_to_pdf(reply, soffice=str(tmp_path / "no-such-soffice"))
    with pytest.raises(PdfError, match=r"^不见了\.docx: 无法读取"):
        docx_to_pdf(tmp_path / "不见了.docx", soffice="soffice")
