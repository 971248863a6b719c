"""Syntax colouring: Jinja tags in the template editor, reused paragraphs in the draft editor."""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtGui import QColor, QFont, QSyntaxHighlighter, QTextCharFormat, QTextDocument

from replydraft.reuse import MARK
from replydraft.templates import TODO_OPEN

_EXPRESSION = re.compile(r"\{\{.*?\}\}")
_STATEMENT = re.compile(r"\{%.*?%\}")
_KEYWORD = re.compile(
    r"\b(block|endblock|extends|if|elif|else|endif|for|endfor|set|in|not|and|or|is|super|self)\b"
)
_STRING = re.compile(r"\"[^\"]*\"|'[^']*'")
_COMMENT_OPEN, _COMMENT_CLOSE = "{#", "#}"
_TODO = re.compile(re.escape(TODO_OPEN) + r"[^】]*】")
_CHECK = re.compile(re.escape(MARK) + r"[^】]*】")  # reuse's 【核实：…】 marks
_IN_COMMENT = 1  # block state: a {# … #} comment runs on into the next line


def _format(
    color: str, *, bold: bool = False, italic: bool = False, background: str = ""
) -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setForeground(QColor(color))
    if bold:
        fmt.setFontWeight(QFont.Weight.Bold)
    if italic:
        fmt.setFontItalic(True)
    if background:
        fmt.setBackground(QColor(background))
    return fmt


class JinjaHighlighter(QSyntaxHighlighter):
    """{{ expressions }}, {% statements %} with their keywords, and {# comments #} (multi-line)."""

    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self.expression = _format("#0b5cad", background="#eaf2fb")
        self.statement = _format("#8a3ffc", background="#f3eefe")
        self.keyword = _format("#6929c4", bold=True, background="#f3eefe")
        self.string = _format("#198038", background="#f3eefe")
        self.comment = _format("#6f6f6f", italic=True)
        self.todo = _format("#a2191f", background="#fff1f1")

    def highlightBlock(self, text: str) -> None:
        self.setCurrentBlockState(0)
        start = 0
        if self.previousBlockState() == _IN_COMMENT:
            end = text.find(_COMMENT_CLOSE)
            if end < 0:
                self.setFormat(0, len(text), self.comment)
                self.setCurrentBlockState(_IN_COMMENT)
                return
            self.setFormat(0, end + 2, self.comment)
            start = end + 2
        for m in _TODO.finditer(text, start):
            self.setFormat(m.start(), m.end() - m.start(), self.todo)
        for m in _EXPRESSION.finditer(text, start):
            self.setFormat(m.start(), m.end() - m.start(), self.expression)
            self._strings(text, m.start(), m.end())
        for m in _STATEMENT.finditer(text, start):
            self.setFormat(m.start(), m.end() - m.start(), self.statement)
            for k in _KEYWORD.finditer(text, m.start(), m.end()):
                self.setFormat(k.start(), k.end() - k.start(), self.keyword)
            self._strings(text, m.start(), m.end())
        # Comments last: a tag inside a comment is not a tag.
        pos = text.find(_COMMENT_OPEN, start)
        while pos >= 0:
            end = text.find(_COMMENT_CLOSE, pos + 2)
            if end < 0:
                self.setFormat(pos, len(text) - pos, self.comment)
                self.setCurrentBlockState(_IN_COMMENT)
                return
            self.setFormat(pos, end + 2 - pos, self.comment)
            pos = text.find(_COMMENT_OPEN, end + 2)

    def _strings(self, text: str, start: int, end: int) -> None:
        for s in _STRING.finditer(text, start, end):
            self.setFormat(s.start(), s.end() - s.start(), self.string)


class ReuseHighlighter(QSyntaxHighlighter):
    """Tints paragraphs taken from the archive, and marks 【待填写…】 gaps and reuse's 【核实：…】
    marks (another place's names), in the draft editor: on a reused paragraph's tint a plain
    mark was easy to read past, and export refuses both.

    `is_reused(line_number)` says whether a line holds a reused paragraph; it is asked
    again on every `rehighlight()`.
    """

    def __init__(self, document: QTextDocument, is_reused: Callable[[int], bool]) -> None:
        super().__init__(document)
        self.is_reused = is_reused
        self.reused = QTextCharFormat()
        self.reused.setBackground(QColor("#e6f4ea"))
        self.todo = _format("#a2191f", bold=True, background="#fde8e8")
        self.check = _format("#8a4b00", bold=True, background="#fff0c2")

    def highlightBlock(self, text: str) -> None:
        if text and self.is_reused(self.currentBlock().blockNumber()):
            self.setFormat(0, len(text), self.reused)
        for m in _TODO.finditer(text):
            self.setFormat(m.start(), m.end() - m.start(), self.todo)
        for m in _CHECK.finditer(text):
            self.setFormat(m.start(), m.end() - m.start(), self.check)
