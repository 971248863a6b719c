"""Entry point of the frozen app (PyInstaller). Both executables run this script.

`replydraft` is the command line (`replydraft gui` opens the window); `replydraft-gui` is the
windowed build of the same program that the desktop entry and the Start menu start: it opens
the window, like `replydraft gui`. One script keeps both on one analysis and one bundle.
"""

import multiprocessing
import os
import sys
from pathlib import Path


def _log_to_file_when_windowless() -> None:
    """A Windows GUI executable has no stdout/stderr (None): tracebacks that the app prints
    "for the bug report" go to a log file in the user's data folder instead of nowhere."""
    if sys.stdout is not None and sys.stderr is not None:
        return
    from replydraft.paths import UserDirs

    try:
        folder = UserDirs.resolve().data
        folder.mkdir(parents=True, exist_ok=True)
        log = open(folder / "replydraft-gui.log", "w", encoding="utf-8", buffering=1)  # noqa: SIM115
    except OSError:
        log = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
    if sys.stdout is None:
        sys.stdout = log
    if sys.stderr is None:
        sys.stderr = log


def _chinese_input_through_ibus() -> None:
    """Qt from PyPI carries the ibus and compose input-method plugins but not fcitx's, and a
    plugin from the system's Qt cannot load into this one. fcitx 5 also answers the ibus
    protocol, so an fcitx session (QT_IM_MODULE=fcitx, the default on Kylin and UOS) gets
    Chinese input through the ibus plugin instead of none at all."""
    if sys.platform.startswith("linux") and os.environ.get("QT_IM_MODULE", "").startswith("fcitx"):
        os.environ["QT_IM_MODULE"] = "ibus"


def _main() -> int:
    from replydraft.cli import gui_main, main

    _chinese_input_through_ibus()
    if Path(sys.executable).stem.lower().endswith("-gui"):
        _log_to_file_when_windowless()
        return gui_main()
    return main()


if __name__ == "__main__":
    # First thing: in a frozen app the import pool's "spawn" workers re-run this executable,
    # and freeze_support() turns such a start into the worker instead of a second app.
    multiprocessing.freeze_support()
    sys.exit(_main())
