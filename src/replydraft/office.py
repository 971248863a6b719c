"""LibreOffice headless, for the two stages that need it: reading a .doc/.wps the in-process
reader cannot (readers/doc.py) and printing an exported .docx as PDF (print_pdf.py).

Each conversion runs in a scratch folder with its own profile (so a running LibreOffice or a
broken profile does not interfere), under a time limit, and without a console window on
Windows. The callers turn a `ConversionError` into their own error, naming their file.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

_WINDOWS_SOFFICE = [
    Path(os.environ.get(var, default)) / "LibreOffice" / "program" / "soffice.exe"
    for var, default in (
        ("ProgramFiles", r"C:\Program Files"),
        ("ProgramFiles(x86)", r"C:\Program Files (x86)"),
    )
]


class ConversionError(Exception):
    """LibreOffice could not be started, failed or took too long; str() is the Chinese problem."""


def find_soffice() -> str | None:
    """LibreOffice's program: on PATH, or in its usual Windows folders."""
    for command in ("soffice", "libreoffice"):
        found = shutil.which(command)
        if found:
            return found
    if sys.platform == "win32":
        for path in _WINDOWS_SOFFICE:
            if path.is_file():
                return str(path)
    return None


def convert(data: bytes, suffix: str, target: str, *, soffice: str, timeout: float) -> bytes:
    """The bytes LibreOffice makes of `data` (a file ending in `suffix`, e.g. ".doc") when told
    `--convert-to target` ("pdf", "txt:Text (encoded):UTF8")."""
    with tempfile.TemporaryDirectory(prefix="replydraft-lo-") as scratch:
        folder = Path(scratch)
        source = folder / f"input{suffix}"
        try:
            source.write_bytes(data)
        except OSError as e:  # a full disk: the caller's file is not to blame
            raise ConversionError(f"无法写入临时文件：{e.strerror or e}") from None
        command = [
            soffice,
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            target,
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
            raise ConversionError(f"LibreOffice 转换超时（{timeout:g} 秒）") from None
        except OSError as e:
            raise ConversionError(f"无法启动 LibreOffice：{e}") from None
        # LibreOffice names its output after the input, with the target's own extension.
        extension = target.split(":", 1)[0]
        result = folder / "out" / f"input.{extension}"
        if not result.is_file():
            raise ConversionError(f"LibreOffice 无法转换{_reason(done.stderr or done.stdout)}")
        return result.read_bytes()


def _reason(output: bytes) -> str:
    """LibreOffice's own reason, one line, without its start-up warnings (javaldx, …)."""
    lines = [
        line.strip()
        for line in output.decode("utf-8", "replace").splitlines()
        if line.strip() and not line.lstrip().startswith("Warning:")
    ]
    return f"：{lines[-1][:100]}" if lines else ""
