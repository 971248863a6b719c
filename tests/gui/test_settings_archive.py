"""The settings dialog takes a server URL for the archive, but never one with a password."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from replydraft.gui.settings_dialog import SettingsDialog
from replydraft.settings import Settings
from tests.gui.conftest import ScriptedPrompter


def test_the_archive_may_be_a_server_but_not_with_a_password(
    qtbot: QtBot, tmp_path: Path, prompter: ScriptedPrompter
) -> None:
    dialog = SettingsDialog(Settings(), [], [], tmp_path / "archive.sqlite3", [], prompter)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.archive.setText("postgresql://jtj:s3cret@db.example/replies")
    dialog.accept()
    assert dialog.isVisible() and dialog.result() != SettingsDialog.DialogCode.Accepted
    assert len(prompter.errors) == 1 and "含有密码" in prompter.errors[0][1]
    dialog.archive.setText("postgresql://jtj@db.example/replies")
    dialog.accept()
    assert dialog.result() == SettingsDialog.DialogCode.Accepted
    assert dialog.archive_changed
    assert dialog.result_settings().archive == "postgresql://jtj@db.example/replies"
