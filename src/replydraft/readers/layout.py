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


def rows(lines: list[PageLine], *, whole_lines: bool = False) -> list[PageLine]:
    """Lines in reading order, top to bottom; pieces of one row become one line.

    A text layer's lines are whole (`whole_lines`): pieces on one row are columns or fields ("联系人：张三"
    ... "电话：…"), two spaces apart. A recogniser's boxes (and OFD's text codes) may cut one line in two: a
    piece whose middle lies within the row is part of it, joined without a space when
    close, with one or two by the gap."""
    key = (lambda ln: -ln.top) if whole_lines else (lambda ln: (-ln.top, ln.left))
    out: list[PageLine] = []
    for line in sorted(lines, key=key):
        row = out[-1] if out else None
        if row is None or not _same_row(row, line, whole_lines):
            out.append(line)
            continue
        first, second = (row, line) if row.left <= line.left else (line, row)
        size = max(line.size, row.size, 1.0)
        gap = second.left - first.right
        joint = "  " if whole_lines or gap >= 1.5 * size else (" " if gap >= 0.6 * size else "")
        out[-1] = PageLine(
            text=f"{first.text.rstrip()}{joint}{second.text.lstrip()}",
            left=first.left,
            right=max(first.right, second.right),
            top=max(first.top, second.top),
            bottom=min(first.bottom, second.bottom),
            size=max(first.size, second.size),
        )
    return out


def _same_row(row: PageLine, line: PageLine, whole_lines: bool) -> bool:
    size = max(line.size, row.size, 1.0)
    if whole_lines:
        return abs(row.top - line.top) < 0.5 * size
    middle = (line.top + line.bottom) / 2
    return row.bottom - 0.1 * size < middle < row.top + 0.1 * size


def pages_text(pages: list[list[PageLine]]) -> str:
    """Pages of lines (each page in reading order) as paragraphs separated by blank lines."""
    # The PDF reader's rules, so a scan reads like its text version.
    from replydraft.readers import pdf

    body = pdf.drop_page_furniture(pages)
    return "\n\n".join(pdf.paragraphs(body))
