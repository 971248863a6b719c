"""A one-line label that elides its text to the width it is given, never asking for more.

A QLabel asks for the width of its whole text, so a long heading or title widened the pane,
then the window, and relaid the window out on every keystroke in the heading.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget


class ElidedLabel(QLabel):
    """Shows as much of the text as fits, with "…"; the whole text is the tooltip."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.setToolTip(text)

    def setText(self, text: str) -> None:
        if text == self.text():
            return  # nothing to lay out again
        super().setText(text)
        self.setToolTip(text)

    def _height(self) -> int:
        # Not QLabel's hints: they measure the whole text, on every change of it.
        margins = self.contentsMargins()
        return self.fontMetrics().height() + margins.top() + margins.bottom() + 2 * self.margin()

    def minimumSizeHint(self) -> QSize:
        return QSize(0, self._height())

    def sizeHint(self) -> QSize:
        return QSize(self.fontMetrics().averageCharWidth() * 12, self._height())

    def elided_text(self) -> str:
        """The text as painted at the current width."""
        width = self.contentsRect().width()
        return self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, width)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setPen(self.palette().color(self.foregroundRole()))
        painter.drawText(
            self.contentsRect(),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            self.elided_text(),
        )
