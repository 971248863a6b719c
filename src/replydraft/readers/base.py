"""What every reader shares: its error, its cancel signal and its progress callback."""

from __future__ import annotations

from collections.abc import Callable

# (pages done, pages in all): called after each page of a long read.
PageProgress = Callable[[int, int], None]
# Asked between pages; True stops the read with Cancelled.
CancelCheck = Callable[[], bool]


class ReadError(Exception):
    """A file a reader cannot read; str() is one line: "source: problem" (in Chinese)."""

    def __init__(self, source: str, problem: str) -> None:
        super().__init__(f"{source}: {problem}")
        self.source = source
        self.problem = problem


class Cancelled(Exception):
    """The user stopped a long read (OCR) before it finished."""
