"""One base for the errors replydraft expects: the environment's or the input's fault.

A ReplydraftError carries a message written for the user (in Chinese, naming the file and the
problem). Anything else that escapes is a bug in replydraft: the CLI and the window say so
and log its traceback, instead of dressing it up as the user's problem.
"""

from __future__ import annotations

import logging
import re
import traceback

log = logging.getLogger("replydraft")


class ReplydraftError(Exception):
    """A known problem; str() is the user's message (one line, naming the file)."""


def is_known(exc: BaseException) -> bool:
    """True for errors whose message is meant for the user."""
    return isinstance(exc, ReplydraftError)


def log_bug(exc: BaseException) -> str:
    """Log an unexpected error with its traceback; returns the traceback's text."""
    text = "".join(traceback.format_exception(exc))
    log.error("internal error: %s", text)
    return text


# Control characters (a newline or a terminal escape in a file name could forge an output
# line), bidi overrides (they reorder what follows) and lone surrogates (undecodable bytes of
# a file name, kept by surrogateescape; printing them raises UnicodeEncodeError).
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _escape(m: re.Match[str]) -> str:
    code = ord(m.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte that surrogateescape could not decode
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def safe_line(text: str) -> str:
    """`text` fit to print as (part of) one line: control characters and undecodable bytes
    shown as escapes (\\n, \\x1b, \\xb2), so no name can forge a line or break the output."""
    return _UNSAFE.sub(_escape, text)
