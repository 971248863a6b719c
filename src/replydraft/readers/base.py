"""What every reader shares: its error, its cancel signal and its progress callback."""

from __future__ import annotations

from collections.abc import Callable

from replydraft.errors import ReplydraftError

# (pages done, pages in all): called after each page of a long read.
PageProgress = Callable[[int, int], None]
# Asked between pages; True stops the read with Cancelled.
CancelCheck = Callable[[], bool]


class ReadError(ReplydraftError):
    """A file a reader cannot read; str() is one line: "source: problem" (in Chinese)."""

    def __init__(self, source: str, problem: str) -> None:
        super().__init__(f"{source}: {problem}")
        self.source = source
        self.problem = problem


class Cancelled(ReplydraftError):
    """The user stopped a long read (OCR) before it finished; str() is "source: 已取消识别"."""

    def __init__(self, source: str) -> None:
        super().__init__(f"{source}: 已取消识别")
        self.source = source
