"""replydraft: drafting assistant for replies to CPPCC proposals and NPC deputies' suggestions.

The core (every module here but `gui/`) never imports Qt.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("replydraft")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0.0.0"
