"""Bugs leave a trace: a background task's bug is logged with its traceback and the officer
is told, after the draft was saved; known errors are not called bugs; Qt's messages and hard
crashes reach files in the log folder."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import qInfo
from pytestqt.qtbot import QtBot

from replydraft.gui import faults
from replydraft.gui.main_window import MainWindow
from replydraft.gui.workers import Task
from replydraft.ingest import IngestError
from tests.gui.conftest import ScriptedPrompter


@pytest.fixture
def fault_log(tmp_path: Path) -> Iterator[faults.FaultLog]:
    installed = faults.install(tmp_path / "logs")
    yield installed
    installed.close()


def a_buggy_lookup(_task: Task) -> str:
    table: dict[str, str] = {}
    return table["第088号"]  # a KeyError: the kind of bug that showed only as "校对失败：'…'"


def test_a_background_bug_is_logged_saved_and_told(
    qtbot: QtBot,
    window: MainWindow,
    prompter: ScriptedPrompter,
    fault_log: faults.FaultLog,
) -> None:
    prompter.pasted = (
        "案由：关于加强社区养老服务的建议\n建议：\n一、增加社区食堂。\n二、培训护理人员。"
    )
    with qtbot.waitSignal(window.proposal_opened, timeout=10_000):
        window.ask_paste()
    failures: list[BaseException] = []
    with qtbot.waitSignal(window.services.fault, timeout=10_000):
        window.services.background("lookup", a_buggy_lookup, None, failures.append)
    qtbot.waitUntil(lambda: bool(failures))
    fault_log.handler.flush()
    logged = fault_log.log_file.read_text(encoding="utf-8")
    assert "background task 'lookup' failed" in logged
    assert "a_buggy_lookup" in logged and "KeyError: '第088号'" in logged
    title, text = prompter.errors[-1]
    assert title == "程序错误"
    assert "程序本身的错误（KeyError）" in text
    assert str(window.log_file) in text
    saved = window.autosave.draft_file
    assert saved.is_file() and str(saved) in text
    assert "社区养老" in saved.read_text(encoding="utf-8")

    # The same bug again: no second dialog on every keystroke, a line in the status bar.
    told = len(prompter.errors)
    with qtbot.waitSignal(window.services.fault, timeout=10_000):
        window.services.background("lookup", a_buggy_lookup)
    assert len(prompter.errors) == told
    assert "再次出现" in window.statusBar().currentMessage()


def test_a_known_error_is_not_called_a_bug(
    qtbot: QtBot,
    window: MainWindow,
    prompter: ScriptedPrompter,
    fault_log: faults.FaultLog,
    tmp_path: Path,
) -> None:
    faults_seen: list[str] = []
    window.services.fault.connect(lambda name, _exc: faults_seen.append(name))
    failures: list[BaseException] = []

    def unreadable(_task: Task) -> None:
        raise IngestError("提案.txt", "文件是空的。")

    window.services.background("read", unreadable, None, failures.append)
    qtbot.waitUntil(lambda: bool(failures))
    assert faults_seen == [] and prompter.errors == []

    # An export refused for its 【待填写】 gaps is the officer's to fix, not a bug.
    prompter.pasted = "案由：关于加强社区养老服务的建议\n建议：\n一、增加社区食堂。"
    with qtbot.waitSignal(window.proposal_opened, timeout=10_000):
        window.ask_paste()
    with qtbot.waitSignal(window.export_failed, timeout=20_000):
        window.export(tmp_path / "答复.docx")
    assert faults_seen == []
    assert all(title != "程序错误" for title, _ in prompter.errors)
    assert "Traceback" not in fault_log.log_file.read_text(encoding="utf-8")


def test_qt_messages_reach_the_log(qtbot: QtBot, fault_log: faults.FaultLog) -> None:
    qInfo("字体缓存已重建")
    fault_log.handler.flush()
    assert "replydraft.qt" in fault_log.log_file.read_text(encoding="utf-8")
    assert "字体缓存已重建" in fault_log.log_file.read_text(encoding="utf-8")


def test_a_hard_crash_leaves_its_stack_in_the_crash_file(tmp_path: Path) -> None:
    script = (
        "import ctypes, pathlib, sys\n"
        "from replydraft.gui import faults\n"
        "faults.install(pathlib.Path(sys.argv[1]))\n"
        "def crash_here():\n"
        "    ctypes.string_at(0)\n"
        "crash_here()\n"
    )
    folder = tmp_path / "logs"
    done = subprocess.run(
        [sys.executable, "-c", script, str(folder)], capture_output=True, timeout=60
    )
    assert done.returncode != 0
    dump = (folder / faults.CRASH_FILE).read_text(encoding="utf-8")
    assert "Fatal Python error" in dump and "crash_here" in dump


def test_an_exception_escaping_a_slot_is_logged_and_told(
    window: MainWindow, prompter: ScriptedPrompter, fault_log: faults.FaultLog
) -> None:
    import sys

    from replydraft.gui.app import guard_unexpected

    before = sys.excepthook
    guard_unexpected(window)
    try:

        def on_click() -> None:
            raise AttributeError("'NoneType' object has no attribute 'heading'")

        try:
            on_click()
        except AttributeError as exc:
            sys.excepthook(type(exc), exc, exc.__traceback__)
    finally:
        sys.excepthook = before
    fault_log.handler.flush()
    logged = fault_log.log_file.read_text(encoding="utf-8")
    assert "unexpected exception in the window" in logged and "on_click" in logged
    title, text = prompter.errors[-1]
    assert title == "程序错误" and "AttributeError" in text and str(window.log_file) in text
