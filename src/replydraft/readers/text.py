"""Plain text files in any common Chinese encoding (the decoding lives in ingest.py)."""

from __future__ import annotations

from replydraft.readers.base import ReadError


def read_text(data: bytes, name: str) -> tuple[str, str, tuple[str, ...]]:
    """(text, encoding name, warnings: damaged UTF-8 bytes replaced)."""
    from replydraft.ingest import decode_text_counted

    try:
        text, encoding, replaced = decode_text_counted(data)
    except ValueError as e:
        raise ReadError(name, str(e)) from None
    warnings = (
        (f"有 {replaced} 处字节不是有效的 UTF-8（文件可能受损或被截断），已替换为 �",)
        if replaced
        else ()
    )
    return text, encoding, warnings
