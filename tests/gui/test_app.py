"""The application object: Qt's own dialogs speak Chinese, and the window has the app's icon."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QDialogButtonBox
from pytestqt.qtbot import QtBot

from replydraft.gui.app import make_application


def test_qt_standard_buttons_are_chinese_and_the_icon_is_the_installers(qtbot: QtBot) -> None:
    app = make_application()
    assert isinstance(app, QApplication)
    box = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    qtbot.addWidget(box)
    assert sorted(b.text() for b in box.buttons()) == sorted(["确定", "取消"])
    sizes = {s.width() for s in app.windowIcon().availableSizes()}
    assert {16, 32, 256} <= sizes
