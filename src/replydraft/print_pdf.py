"""The exported pages as PDF, for print and print preview: what LibreOffice makes of the .docx
the export wrote, so what is printed is what was exported (letterhead, double lines, 文号,
page numbers, 版记, the bureau's own letterhead .docx).

LibreOffice runs headless in a scratch folder with its own profile (a running LibreOffice or
a broken profile does not interfere), under a time limit; readers/doc.py finds it the same way.
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from replydraft.errors import ReplydraftError
from replydraft.readers.doc import find_soffice

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
    with tempfile.TemporaryDirectory(prefix="replydraft-pdf-") as scratch:
        folder = Path(scratch)
        source = folder / f"input{docx.suffix.lower() or '.docx'}"
        try:
            source.write_bytes(docx.read_bytes())
        except OSError as e:
            raise PdfError(docx, f"无法读取：{e.strerror or e}") from None
        command = [
            program,
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder / "out"),
            str(source),
        ]
        try:
            done = subprocess.run(
                command,
                capture_output=True,
                timeout=timeout,
                check=False,
                # On Windows the window's child would flash a console window otherwise.
                creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0),
            )
        except subprocess.TimeoutExpired:
            raise PdfError(docx, f"LibreOffice 转换超时（{timeout:g} 秒）") from None
        except OSError as e:
            raise PdfError(docx, f"无法启动 LibreOffice：{e}") from None
        result = folder / "out" / "input.pdf"
        if not result.is_file():
            raise PdfError(docx, f"LibreOffice 无法转换{_reason(done.stderr or done.stdout)}")
        return result.read_bytes()


def _reason(output: bytes) -> str:
    """LibreOffice's last line of complaint, without its start-up warnings."""
    lines = [
        line.strip()
        for line in output.decode("utf-8", "replace").splitlines()
        if line.strip() and not line.lstrip().startswith("Warning:")
    ]
    return f"：{lines[-1][:100]}" if lines else ""
