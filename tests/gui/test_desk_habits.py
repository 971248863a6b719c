"""Desk habits: dialogs in Chinese (Qt's own too), save and export open where the officer
last put a file, the help page, print preview of the reply."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from replydraft.gui.main_window import MainWindow
from replydraft.settings import Settings
from tests.gui.conftest import PROPOSAL_TEXT, ScriptedPrompter


def test_save_and_export_open_in_the_last_folder_used(
    qtbot: QtBot, window: MainWindow, prompter: ScriptedPrompter, tmp_path: Path
) -> None:
    inbox = tmp_path / "下载"
    replies = tmp_path / "答复"
    exports = tmp_path / "送审"
    for folder in (inbox, replies, exports):
        folder.mkdir()
    proposal = inbox / "第088号提案.txt"
    proposal.write_text(PROPOSAL_TEXT, encoding="utf-8")
    with qtbot.waitSignal(window.proposal_opened, timeout=10_000):
        window.open_path(proposal)

    prompter.save_paths.append(replies / "答复草稿")
    assert window.save_as()
    prompter.save_paths.append(exports / "答复.docx")
    with qtbot.waitSignal(window.export_done, timeout=20_000):
        window.ask_export()
    prompter.save_paths.append(exports / "答复二")
    assert window.save_as()

    first, export, again = prompter.suggested
    assert Path(export).parent == replies  # where the draft was saved, not the proposal's folder
    assert Path(again).parent == exports
    assert Path(first).parent != inbox
    # Remembered across sessions: it is in the settings file.
    saved = Settings.load(window.workspace.dirs.settings_file)
    assert saved.last_folder == str(exports)
