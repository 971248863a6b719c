"""Lines placed on a page (OCR boxes, OFD text codes) into paragraphs.

The same geometry that re-joins a PDF's text layer: a line that reaches the right margin
runs on into the next unless that one is indented, a heading or after a wider gap. Page
numbers and running headers are dropped. Coordinates are in points with y going up, as in
a PDF, so the PDF reader's rules apply unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageLine:
    """One line of text and where it sits on its page (points, y up)."""

    text: str
    left: float
    right: float
    top: float
    bottom: float
    size: float  # the typical character height: the unit of indents and margins


def rows(lines: list[PageLine]) -> list[PageLine]:
    """Lines in reading order, top to bottom; pieces of one row become one line, two spaces
    apart when far apart ("联系人：张三" ... "电话：…"), joined when close (one line cut in
    two by the recogniser)."""
    out: list[PageLine] = []
    for line in sorted(lines, key=lambda ln: (-ln.top, ln.left)):
        row = out[-1] if out else None
        size = max(line.size, row.size if row else 0.0, 1.0)
        middle = (line.top + line.bottom) / 2
        if row is None or not row.bottom - 0.1 * size < middle < row.top + 0.1 * size:
            out.append(line)
            continue
        first, second = (row, line) if row.left <= line.left else (line, row)
        gap = second.left - first.right
        joint = "  " if gap >= 1.5 * size else (" " if gap >= 0.6 * size else "")
        out[-1] = PageLine(
            text=f"{first.text.rstrip()}{joint}{second.text.lstrip()}",
            left=first.left,
            right=max(first.right, second.right),
            top=max(first.top, second.top),
            bottom=min(first.bottom, second.bottom),
            size=max(first.size, second.size),
        )
    return out


def pages_text(pages: list[list[PageLine]]) -> str:
    """Pages of lines (each page in reading order) as paragraphs separated by blank lines."""
    # The PDF reader's rules, so a scan reads like its text version.
    from replydraft.readers import pdf

    body = pdf.drop_page_furniture(pages)
    return "\n\n".join(pdf.paragraphs(body))
