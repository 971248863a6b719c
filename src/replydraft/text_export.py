"""The reply as plain UTF-8 text, for publication on a government website.

The text follows `render_blocks`, so numerals and dates read exactly as in the .docx: one
paragraph a line with a blank line between paragraphs (web editors and our own importer
keep paragraphs apart that way), no indentation, the title on one line.
"""

from __future__ import annotations

from pathlib import Path

from replydraft.atomic import write_text_atomic
from replydraft.records import Draft
from replydraft.render import FOOTER_ROLES, render_blocks, strip_control

# What publication leaves out unless asked: the header block (internal routing), the
# contact block (an officer's name and direct line) and the 版记 (distribution list).
_HEADER_ROLES = frozenset({"header"})
_CONTACT_ROLES = frozenset({"contact"})


def to_plain_text(draft: Draft, *, header: bool = False, footer: bool = False) -> str:
    """Title, salutation, body with numerals, signature, date and 附注, as plain text.

    `header` adds the 办理结果/公开属性/文号/签发人 lines above the title; `footer` adds the
    contact block and the 版记 (抄送, 印发) below the date.
    """
    skip: set[str] = set()
    if not header:
        skip |= _HEADER_ROLES
    if not footer:
        skip |= _CONTACT_ROLES | FOOTER_ROLES
    lines: list[str] = []
    previous = ""
    for block in render_blocks(draft):
        if block.role in skip:
            continue
        text = _one_paragraph(strip_control(block.text))
        if block.part == "header.signer" and previous == "header.doc_number":
            lines[-1] += "  " + text  # as printed: 文号 and 签发人 on one line
        else:
            lines.append(text)
        previous = block.part
    return "\n\n".join(lines) + "\n" if lines else ""


def export_text(draft: Draft, target: Path, *, full: bool = True) -> None:
    """Write the reply to `target` as UTF-8 text, atomically (WriteError on failure).

    `full` writes the whole reply (header block, contact block, 版记); otherwise the
    publication text of `to_plain_text` with its defaults.
    """
    text = to_plain_text(draft, header=full, footer=full)
    write_text_atomic(Path(target), text)


def _one_paragraph(text: str) -> str:
    """A paragraph is one line (a break inside would split it on re-import); tabs become
    spaces."""
    return "".join(part.strip() for part in text.splitlines()).replace("\t", " ")
