"""Ctrl+Z / Ctrl+Y belong to the window's one undo history, not to each text box's own.

Text boxes claim the undo keys for their private history (Qt's ShortcutOverride). Every
edit here goes through the draft's QUndoStack instead, so the boxes give the keys up.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QWidget


class _GiveUpUndoKeys(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress) and isinstance(
            event, QKeyEvent
        ):
            ctrl_y = (
                event.key() == Qt.Key.Key_Y
                and event.modifiers() == Qt.KeyboardModifier.ControlModifier
            )
            if (
                event.matches(QKeySequence.StandardKey.Undo)
                or event.matches(QKeySequence.StandardKey.Redo)
                or ctrl_y
            ):
                # Not accepted: Qt offers the key to the window's shortcuts instead, and
                # the box never sees it (its private history would undo behind our back).
                event.ignore()
                return True
        return False


def give_up_undo_keys(*widgets: QWidget) -> None:
    """Turn off the private undo of text boxes and leave the undo keys to the window."""
    for widget in widgets:
        if isinstance(widget, QTextEdit | QPlainTextEdit):
            widget.setUndoRedoEnabled(False)
        widget.installEventFilter(_GiveUpUndoKeys(widget))
