"""Word 97-2003 .doc and WPS .wps: their text.

Both are OLE compound files holding a "WordDocument" stream (WPS Office writes .wps in
Word's binary format). olefile (BSD, the standard Python reader of OLE files) opens the
container; the text is found through the document's piece table ([MS-DOC] 2.4.1), which is
short to follow and reads fast-saved files too. What that cannot read (encrypted files, the
old DOS-era WPS format, Works files) goes to LibreOffice headless when it is installed, with
a timeout and a private profile; otherwise the message says what to install or to save as
.docx.
"""

from __future__ import annotations

import io
import struct
from pathlib import Path

# find_soffice is re-exported: the window and the tests ask this module for LibreOffice.
from replydraft.office import ConversionError, convert
from replydraft.office import find_soffice as find_soffice
from replydraft.readers.base import ReadError

LIBREOFFICE_TIMEOUT = 120  # seconds; a 50-page .doc converts in ~3 s
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class _Unreadable(Exception):
    """The in-process reader cannot read this file; LibreOffice may."""


class _Encrypted(Exception):
    """A password-protected file: LibreOffice cannot open it either."""


_ENCRYPTED = "文件已加密，请在 Word/WPS 中取消密码并另存为 .docx 后重试"


def doc_text(data: bytes, name: str, *, soffice: str | None = None) -> tuple[str, str]:
    """(text, how it was read: "olefile" or "libreoffice"); paragraphs one per line.

    soffice: the LibreOffice program to fall back on; None finds it (PATH, usual folders).
    """
    try:
        return word_binary_text(data), "olefile"
    except _Encrypted:
        raise ReadError(name, _ENCRYPTED) from None
    except _Unreadable as e:
        reason = str(e)
    program = soffice if soffice is not None else find_soffice()
    kind = Path(name).suffix.lower() or ".doc"
    if not program:
        raise ReadError(
            name,
            f"无法直接读取此 {kind} 文件（{reason}），可能是加密或已损坏的旧版 .doc 文件；"
            "请安装 LibreOffice 后重试，或在 Word/WPS 中另存为 .docx",
        )
    try:
        return libreoffice_text(data, name, program), "libreoffice"
    except ReadError as e:
        raise ReadError(
            name,
            f"无法读取此 {kind} 文件（{reason}；{e.problem}），可能是加密或已损坏的旧版 .doc "
            "文件，请在 Word/WPS 中打开并另存为 .docx 后重试",
        ) from None


# --- In process: olefile and the piece table -------------------------------------------------


def word_binary_text(data: bytes) -> str:
    """The main document text of a Word 97+ binary file (.doc, .wps from WPS Office)."""
    if not data.startswith(_OLE_MAGIC):
        raise _Unreadable("不是 Word 97-2003 格式")
    try:
        return _word_binary_text(data)
    except (OSError, ValueError, IndexError, struct.error) as e:
        # olefile and the tables' offsets fail on damaged files in these ways.
        raise _Unreadable(f"文件已损坏：{str(e)[:80]}") from None


def _word_binary_text(data: bytes) -> str:
    import olefile

    with olefile.OleFileIO(io.BytesIO(data)) as ole:
        if ole.exists("EncryptedPackage"):  # a password-protected .docx is an OLE file
            raise _Encrypted()
        if not ole.exists("WordDocument"):
            raise _Unreadable("不是 Word 文档")
        word = ole.openstream("WordDocument").read()
        if len(word) < 0x1AA or struct.unpack_from("<H", word, 0)[0] != 0xA5EC:
            raise _Unreadable("不是 Word 97 或更新版本的文档")
        flags = struct.unpack_from("<H", word, 0x0A)[0]
        if flags & 0x0100:
            raise _Encrypted()
        table_name = "1Table" if flags & 0x0200 else "0Table"
        if not ole.exists(table_name):
            raise _Unreadable("文件已损坏：缺少 " + table_name)
        table = ole.openstream(table_name).read()
    text_chars = struct.unpack_from("<i", word, 0x4C)[0]  # ccpText: the main document
    fc_clx, lcb_clx = struct.unpack_from("<II", word, 0x1A2)
    if lcb_clx == 0 or fc_clx + lcb_clx > len(table):
        raise _Unreadable("文件已损坏：找不到文字表")
    raw = _pieces_text(word, table[fc_clx : fc_clx + lcb_clx], text_chars)
    return _clean(raw)


def _pieces_text(word: bytes, clx: bytes, limit: int) -> str:
    """The characters [0, limit) of the document through the piece table in the Clx."""
    pos = 0
    while pos < len(clx) and clx[pos] == 0x01:  # Prc: formatting, skipped
        pos += 3 + struct.unpack_from("<h", clx, pos + 1)[0]
    if pos >= len(clx) or clx[pos] != 0x02:
        raise _Unreadable("文件已损坏：文字表格式不对")
    size = struct.unpack_from("<I", clx, pos + 1)[0]
    plc = clx[pos + 5 : pos + 5 + size]
    count = (len(plc) - 4) // 12  # n+1 character positions, n 8-byte piece descriptors
    cps = struct.unpack_from(f"<{count + 1}I", plc, 0)
    parts: list[str] = []
    for i in range(count):
        start, end = cps[i], min(cps[i + 1], limit)
        if start >= end:
            break
        fc = struct.unpack_from("<I", plc, 4 * (count + 1) + 8 * i + 2)[0]
        compressed = bool(fc & 0x40000000)
        fc &= 0x3FFFFFFF
        if compressed:  # one byte per character, cp1252, at half the offset
            chunk = word[fc // 2 : fc // 2 + (end - start)]
            parts.append(chunk.decode("cp1252", "replace"))
        else:
            chunk = word[fc : fc + 2 * (end - start)]
            parts.append(chunk.decode("utf-16-le", "replace"))
    return "".join(parts)


def _clean(raw: str) -> str:
    """Word's control characters to plain text: fields keep their result, table cells
    become "a | b" rows, pictures and footnote marks go."""
    out: list[str] = []
    fields: list[bool] = []  # per open field: showing its result yet?
    for char in raw:
        if char == "\x13":  # field begin: its code follows
            fields.append(False)
            continue
        if char == "\x14":  # field separator: its result follows
            if fields:
                fields[-1] = True
            continue
        if char == "\x15":
            if fields:
                fields.pop()
            continue
        if fields and not fields[-1]:
            continue  # inside a field's code (HYPERLINK "…", PAGE …)
        if char == "\r":
            out.append("\n")
        elif char == "\x07":
            out.append("\x07")
        elif char in "\x0b\x0c":  # line break, page or section break
            out.append("\n")
        elif char == "\x1e":
            out.append("-")
        elif char == "\xa0":
            out.append(" ")
        elif char >= " " or char == "\t":
            out.append(char)
        # \x01 picture, \x02 footnote mark, \x08 drawn object, \x1f optional hyphen: dropped
    text = "".join(out)
    # A table row: cells end with \x07, the row with one more \x07.
    lines = []
    for line in text.replace("\x07\x07", "\x07\n").split("\n"):
        cells = [c.strip() for c in line.split("\x07")]
        lines.append(" | ".join(c for c in cells if c) if len(cells) > 1 else line)
    return "\n".join(lines)


# --- LibreOffice headless --------------------------------------------------------------------


def libreoffice_text(data: bytes, name: str, soffice: str) -> str:
    """Convert with LibreOffice headless to UTF-8 text (office.py: scratch folder, own
    profile, time limit)."""
    suffix = Path(name).suffix.lower() or ".doc"
    try:
        text = convert(
            data, suffix, "txt:Text (encoded):UTF8", soffice=soffice, timeout=LIBREOFFICE_TIMEOUT
        )
    except ConversionError as e:
        raise ReadError(name, str(e)) from None
    return text.decode("utf-8-sig", errors="replace")
