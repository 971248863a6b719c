"""Desk habits: dialogs in Chinese (Qt's own too), save and export open where the officer
last put a file, the help page, print preview of the reply."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QLabel, QPushButton, QTreeView
from pytestqt.qtbot import QtBot

from replydraft.gui.main_window import MainWindow
from replydraft.settings import Settings
from tests.gui.conftest import PROPOSAL_TEXT, ScriptedPrompter, open_proposal


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


def _pdf_pages(path: Path) -> list[tuple[float, float, str]]:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(str(path))
    try:
        pages = []
        for page in pdf:
            text = page.get_textpage().get_text_range()
            pages.append((page.get_width(), page.get_height(), text))
        return pages
    finally:
        pdf.close()


def test_print_puts_the_reply_on_a4_pages(
    qtbot: QtBot,
    window: MainWindow,
    prompter: ScriptedPrompter,
    proposal_file: Path,
    tmp_path: Path,
) -> None:
    open_proposal(qtbot, window, proposal_file)
    prompter.print_to = tmp_path / "打印.pdf"
    with qtbot.waitSignal(window.printed, timeout=180_000) as printed:
        window.print_reply()  # without LibreOffice: asked first (yes), then printed at once
    pages = _pdf_pages(prompter.print_to)
    assert pages and printed.args == [len(pages)]
    width, height, _ = pages[0]
    assert abs(width - 595.3) < 2 and abs(height - 841.9) < 2  # A4 in points

    # Cancelled in the print dialog: nothing printed.
    prompter.print_answer = False
    prompter.print_to = tmp_path / "没有打印.pdf"
    with qtbot.waitSignal(window.print_ready, timeout=180_000):
        window.print_reply()
    assert not prompter.print_to.exists()


def test_print_preview_paints_the_same_pages(
    qtbot: QtBot,
    window: MainWindow,
    prompter: ScriptedPrompter,
    proposal_file: Path,
    tmp_path: Path,
) -> None:
    open_proposal(qtbot, window, proposal_file)
    prompter.print_to = tmp_path / "预览.pdf"
    window.commands["print_preview"].trigger()
    qtbot.waitUntil(lambda: prompter.previewed is not None, timeout=180_000)
    assert isinstance(prompter.previewed, int) and prompter.previewed >= 1
    assert len(_pdf_pages(prompter.print_to)) == prompter.previewed


def test_f1_opens_the_help_page_with_every_shortcut(qtbot: QtBot, window: MainWindow) -> None:
    from replydraft.gui.help_page import HelpDialog

    qtbot.keyClick(window, Qt.Key.Key_F1)
    dialogs = [d for d in window.findChildren(HelpDialog) if d.isVisible()]
    assert len(dialogs) == 1
    text = dialogs[0].browser.toPlainText()
    for keys, what in (
        ("Ctrl+O", "打开"),
        ("Ctrl+P", "打印"),
        ("F1", "使用说明"),
        ("Ctrl+E", "导出"),
    ):
        assert keys in text and what in text
    assert str(window.log_file) in text
    dialogs[0].close()


def test_qt_file_dialogs_speak_chinese(qtbot: QtBot, window: MainWindow) -> None:
    # Qt's own dialog (what Linux desktops without a portal get): labels and columns.
    dialog = QFileDialog(window, "打开")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    labels = {label.text() for label in dialog.findChildren(QLabel)}
    assert "查找范围：" in labels and "文件类型：" in labels
    view = dialog.findChild(QTreeView)
    assert view is not None
    headers = [
        view.model().headerData(i, Qt.Orientation.Horizontal)
        for i in range(view.model().columnCount())
    ]
    assert headers[0] == "名称" and "修改日期" in headers
    buttons = {b.text() for b in dialog.findChildren(QPushButton)}
    assert "取消" in buttons
    dialog.deleteLater()


def test_qt_print_dialogs_speak_chinese(qtbot: QtBot, window: MainWindow) -> None:
    from PySide6.QtGui import QAction
    from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog

    dialog = QPrintPreviewDialog(QPrinter(), window)
    texts = {a.text() for a in dialog.findChildren(QAction)}
    assert {"打印", "下一页", "适应宽度"} <= texts
    dialog.deleteLater()
