"""Start the desktop app: one QApplication, one Workspace, one MainWindow."""

from __future__ import annotations

import os
import sys
import time
import traceback
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QLibraryInfo, QLocale, QTimer, QTranslator
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from replydraft import heap
from replydraft.gui import faults
from replydraft.gui.main_window import MainWindow
from replydraft.gui.prompter import Prompter
from replydraft.gui.services import CoreServices
from replydraft.gui.style import STYLESHEET, app_icon
from replydraft.workspace import Workspace

UI_FONTS = [
    "Microsoft YaHei UI",
    "Microsoft YaHei",
    "PingFang SC",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
]


def make_application(argv: Sequence[str] | None = None) -> QApplication:
    """The QApplication with the app's name, font and look (or the one that exists)."""
    existing = QApplication.instance()
    app = (
        existing if isinstance(existing, QApplication) else QApplication(list(argv or sys.argv[:1]))
    )
    app.setApplicationName("replydraft")
    app.setApplicationDisplayName("提案答复起草")
    app.setOrganizationName("replydraft")
    app.setDesktopFileName("cn.replydraft.ReplyDraft")  # Wayland app id = the .desktop entry's name
    app.setStyle("Fusion")
    font = QFont()
    font.setFamilies(UI_FONTS)
    font.setPointSizeF(10)
    app.setFont(font)
    app.setStyleSheet(STYLESHEET)
    install_chinese_translations(app)
    icon = app_icon()
    if not icon.isNull():
        app.setWindowIcon(icon)
    return app


def install_chinese_translations(app: QApplication) -> None:
    """Qt's own buttons and dialogs (OK/Cancel, file dialogs) in Chinese, like the rest."""
    translator = QTranslator(app)  # parented: it lives as long as the application
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(
        QLocale(QLocale.Language.Chinese, QLocale.Country.China), "qtbase", "_", folder
    ):
        app.installTranslator(translator)


def build_window(workspace: Workspace, prompter: Prompter | None = None) -> MainWindow:
    """The main window over `workspace` (not yet shown or started)."""
    services = CoreServices(workspace)
    window = MainWindow(services, prompter)
    services.setParent(window)
    return window


def guard_unexpected(window: MainWindow) -> None:
    """An exception escaping a slot (a bug): logged with its traceback, the draft autosaved,
    the officer told it is the program's fault and where the log is; the window stays up."""

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        traceback.print_exception(kind, exc, tb)
        if issubclass(kind, KeyboardInterrupt):
            QApplication.quit()
            return
        faults.log.error("unexpected exception in the window", exc_info=(kind, exc, tb))
        window.report_fault("slot", exc)

    sys.excepthook = hook


EXIT_AFTER_START_ENV = "REPLYDRAFT_EXIT_AFTER_START"


def close_when_started(window: MainWindow) -> None:
    """REPLYDRAFT_EXIT_AFTER_START=1 (the installers' smoke test, start-up timing): print the
    Unix time when the window is up, the archive listed and search ready, then close."""
    pending = {"listed", "search"}

    def mark(name: str) -> None:
        print(f"{name} {time.time():.6f}", flush=True)
        pending.discard(name)
        if not pending:
            window.document.stack.setClean()
            QTimer.singleShot(0, window.close)

    QTimer.singleShot(0, lambda: mark("shown"))  # runs once the event loop has the window up
    window.services.archive_ready.connect(lambda _count: mark("listed"))
    window.services.search_ready.connect(lambda: mark("search"))
    window.services.archive_failed.connect(lambda message: print(f"failed {message}", flush=True))
    window.services.archive_failed.connect(window.close)


def run(archive: str | None = None, open_file: str | None = None) -> int:
    """`replydraft gui [FILE]`: open the window (and FILE, a proposal or a draft file);
    `archive` overrides the archive file."""
    from replydraft.settings import SettingsError

    app = make_application()
    try:
        workspace = Workspace.open(archive=archive)
    except SettingsError as exc:
        Prompter().error("无法启动", f"{exc}\n\n请改正这个文件后重新启动，或删除它以恢复默认设置。")
        return 1
    fault_log = faults.install(faults.log_folder(workspace.dirs.data))
    window = build_window(workspace)
    guard_unexpected(window)
    smoke_test = os.environ.get(EXIT_AFTER_START_ENV) == "1"
    if smoke_test:
        close_when_started(window)
    # What is loaded once search is ready lives as long as the window: out of the GC's walks.
    window.services.search_ready.connect(heap.settle)
    window.show()
    window.start()
    if not smoke_test:
        QTimer.singleShot(0, window.offer_first_run)  # once the window is up behind it
    if open_file:
        window.open_path(Path(open_file))
    code = app.exec()
    fault_log.close()
    return int(code)
