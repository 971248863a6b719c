"""The exported pages as PDF, for print and print preview: what LibreOffice makes of the .docx
the export wrote, so what is printed is what was exported (letterhead, double lines, 文号,
page numbers, 版记, the bureau's own letterhead .docx).

LibreOffice runs headless in a scratch folder with its own profile (a running LibreOffice or
a broken profile does not interfere), under a time limit: office.py, which readers/doc.py uses too.
"""

from __future__ import annotations

from pathlib import Path

from replydraft.errors import ReplydraftError
from replydraft.office import ConversionError, convert, find_soffice

PDF_TIMEOUT = 90  # seconds; a five-page reply converts in 2-4 s once LibreOffice is warm


class PdfError(ReplydraftError):
    """LibreOffice is missing, failed or took too long; str() names the file."""

    def __init__(self, where: Path | str, problem: str) -> None:
        self.problem = problem
        super().__init__(f"{Path(where).name}: {problem}")


def docx_to_pdf(docx: Path, *, soffice: str | None = None, timeout: float = PDF_TIMEOUT) -> bytes:
    """The PDF LibreOffice prints `docx` as; soffice: the program (None finds it)."""
    program = soffice if soffice is not None else find_soffice()
    if not program:
        raise PdfError(docx, "未找到 LibreOffice（soffice）")
    try:
        data = docx.read_bytes()
    except OSError as e:
        raise PdfError(docx, f"无法读取：{e.strerror or e}") from None
    suffix = docx.suffix.lower() or ".docx"
    try:
        return convert(data, suffix, "pdf", soffice=program, timeout=timeout)
    except ConversionError as e:
        raise PdfError(docx, str(e)) from None
