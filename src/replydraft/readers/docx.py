"""Word .docx: body paragraphs, tables and text boxes in document order."""

from __future__ import annotations


def docx_text(data: bytes, name: str) -> str:
    from replydraft.ingest import _docx_text

    return _docx_text(data, name)
