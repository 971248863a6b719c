"""Sizes beyond which the window refuses an input with a message instead of freezing.

A proposal runs to a few thousand characters and a handful of suggestions; a 2 MB text once
came in as 15,379 "suggestions" and took the window down. These caps are generous (twenty
times a long proposal) and are checked off the GUI thread, before any widget is filled.
"""

from __future__ import annotations

from pathlib import Path

from replydraft.errors import ReplydraftError

MAX_PROPOSAL_CHARS = 100_000
MAX_SUGGESTIONS = 50
# A text file this big holds more than MAX_PROPOSAL_CHARS in any encoding: refused before it
# is read (a 4 MB text took four seconds to read only to be refused). Word and PDF files carry
# images and fonts, so only their text is measured.
MAX_TEXT_FILE_BYTES = MAX_PROPOSAL_CHARS * 4


class TooLarge(ReplydraftError):
    """An input the window will not open; str() is the Chinese message, naming the input."""


def check_file(path: Path) -> None:
    """Raise TooLarge for a text file too big to be one proposal, before reading it."""
    if path.suffix.lower() != ".txt":
        return
    size = path.stat().st_size
    if size > MAX_TEXT_FILE_BYTES:
        raise TooLarge(
            f"{path.name}：文件有 {size / 1_048_576:.1f} MB，一件提案的文本不会这么大"
            f"（上限约 {MAX_PROPOSAL_CHARS:,} 字）。请只打开这件提案本身，"
            "或把它的正文复制后用“粘贴提案文本”打开。"
        )


def check_proposal(name: str, paragraphs: list[str], suggestions: list[str]) -> None:
    """Raise TooLarge when a proposal is beyond what the window can edit comfortably."""
    chars = sum(len(p) for p in paragraphs)
    if chars > MAX_PROPOSAL_CHARS:
        raise TooLarge(
            f"{name}：正文有 {chars:,} 字，超过了 {MAX_PROPOSAL_CHARS:,} 字的上限，"
            "不像是一件提案（可能是整本汇编或其他文件）。请只打开这件提案本身，"
            "或把它的正文复制后用“粘贴提案文本”打开。"
        )
    if len(suggestions) > MAX_SUGGESTIONS:
        raise TooLarge(
            f"{name}：识别出 {len(suggestions):,} 条建议，超过了 {MAX_SUGGESTIONS} 条的上限，"
            "多半是文件的格式没有被正确识别（例如每一行都被当成了一条建议）。"
            "请检查文件，或把提案正文复制后用“粘贴提案文本”打开并整理建议。"
        )
