"""Bugs leave a trace: a rotating log in the user's data folder, faulthandler's dump for hard
crashes, Qt's own messages, and the tracebacks of exceptions no one expected.

A known error (a file that cannot be read, a template with a mistake) carries its Chinese
message and is the environment's fault; anything else is a bug of the program, logged with its
traceback so a bug report has something to go on (qutebrowser's split, misc/sql.py).
"""

from __future__ import annotations

import faulthandler
import logging
from dataclasses import dataclass
from logging.handlers import RotatingFileHandler
from pathlib import Path
from typing import IO, Any

from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler

LOGGER_NAME = "replydraft"
LOG_FILE = "replydraft-gui.log"
CRASH_FILE = "crash.log"  # faulthandler writes here when the interpreter itself dies
LOG_BYTES = 1_000_000
LOG_BACKUPS = 3

log = logging.getLogger(LOGGER_NAME)


def log_folder(data: Path) -> Path:
    """Where the logs of a data folder live."""
    return data / "logs"


def known_errors() -> tuple[type[BaseException], ...]:
    """Errors raised on purpose, with a message for the officer: not bugs (the core's
    errors.ReplydraftError family, and the system's OSError)."""
    from replydraft.errors import ReplydraftError

    return (OSError, ReplydraftError)


def is_bug(exc: BaseException) -> bool:
    return not isinstance(exc, known_errors())


QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


@dataclass
class FaultLog:
    """The installed trace: undo it with `close()` (tests install and remove it)."""

    folder: Path
    handler: RotatingFileHandler
    crash_stream: IO[str]
    previous_qt_handler: Any = None

    @property
    def log_file(self) -> Path:
        return self.folder / LOG_FILE

    @property
    def crash_file(self) -> Path:
        return self.folder / CRASH_FILE

    def _on_qt_message(self, kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
        logging.getLogger(f"{LOGGER_NAME}.qt").log(
            QT_LEVELS.get(kind, logging.WARNING), "%s", message
        )
        if self.previous_qt_handler is not None:
            # Keep whoever listened before (pytest-qt, Qt's own stderr printing) in the loop.
            self.previous_qt_handler(kind, context, message)

    def close(self) -> None:
        qInstallMessageHandler(self.previous_qt_handler)
        faulthandler.disable()
        log.removeHandler(self.handler)
        self.handler.close()
        self.crash_stream.close()


def install(folder: Path) -> FaultLog:
    """Send the app's log, Qt's messages and hard-crash dumps to files in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    handler = RotatingFileHandler(
        folder / LOG_FILE, maxBytes=LOG_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8"
    )
    handler.setFormatter(
        logging.Formatter("%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s")
    )
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    crash_stream = (folder / CRASH_FILE).open("a", encoding="utf-8")
    faulthandler.enable(crash_stream, all_threads=True)
    fault_log = FaultLog(folder, handler, crash_stream)
    fault_log.previous_qt_handler = qInstallMessageHandler(fault_log._on_qt_message)
    log.info("started; log in %s", folder)
    return fault_log


def fault_message(exc: BaseException, saved: Path | None, log_file: Path) -> str:
    """What the officer reads after a bug: not their fault, the draft is safe, where the log is."""
    kept = (
        f"当前草稿已自动保存到：\n{saved}\n（下次启动时可以恢复）。"
        if saved is not None
        else "当前没有未保存的修改。"
    )
    return (
        f"这是程序本身的错误（{type(exc).__name__}），不是您的操作或文件的问题。\n\n{kept}\n\n"
        f"错误的详细记录在：\n{log_file}\n请把这个文件发给维护人员。可以继续工作。"
    )
