"""PDF: the text layer, page furniture removed, lines re-joined by their geometry."""

from __future__ import annotations


def pdf_text(data: bytes, name: str) -> str:
    """The text layer as paragraphs separated by blank lines; "" when there is none."""
    from replydraft.ingest import _pdf_text

    return _pdf_text(data, name)
