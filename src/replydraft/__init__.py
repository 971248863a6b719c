"""replydraft: drafting assistant for replies to CPPCC proposals and NPC deputies' suggestions.

The core (every module here but `gui/`) never imports Qt.
"""

from __future__ import annotations


def __getattr__(name: str) -> str:
    # `__version__` is looked up when asked for: importlib.metadata costs 40-70 ms, a tenth
    # of a CLI search that never prints the version.
    if name != "__version__":
        raise AttributeError(f"module 'replydraft' has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("replydraft")
    except PackageNotFoundError:  # running from a source tree that was not installed
        return "0.0.0"
