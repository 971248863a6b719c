"""Window geometry that holds: a default that fits the screen, and a saved geometry refused
when it would put the window somewhere the officer cannot reach or use it (a monitor since
unplugged, a resolution since lowered, a file written by a crash)."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize

DEFAULT_SIZE = QSize(1560, 940)
GRIP = QSize(120, 40)  # this much of the title bar must be on a screen to drag the window back


def default_rect(available: QRect, wanted: QSize = DEFAULT_SIZE) -> QRect:
    """`wanted`, shrunk to the screen's free area, centred in it."""
    size = wanted.boundedTo(available.size())
    rect = QRect(0, 0, size.width(), size.height())
    rect.moveCenter(available.center())
    return rect


def usable(frame: QRect, screens: list[QRect], minimum: QSize) -> bool:
    """Whether a window at `frame` (title bar included) can be reached and used: its top edge
    on a screen for a grip's width, no larger than that screen, not below its minimum size."""
    if frame.width() < minimum.width() or frame.height() < minimum.height():
        return False
    for screen in screens:
        # A little slack: window managers put the frame a few pixels outside the work area.
        roomy = screen.adjusted(-16, -16, 16, 16)
        grip = QRect(frame.left(), frame.top(), frame.width(), GRIP.height())
        shared = grip.intersected(screen)
        if (
            shared.width() >= min(GRIP.width(), frame.width())
            and shared.height() >= min(GRIP.height() // 2, frame.height())
            and frame.width() <= roomy.width()
            and frame.height() <= roomy.height()
        ):
            return True
    return False


def usable_splits(sizes: list[int], count: int, least: int = 60) -> bool:
    """Splitter sizes restored from a file: one per pane, none squeezed to nothing."""
    return len(sizes) == count and all(s >= least for s in sizes)
