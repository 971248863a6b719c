"""Every question the app asks the user, in one object the window is given.

Tests hand the window a Prompter whose answers are scripted, instead of patching QMessageBox;
the app gets this one, which shows real dialogs.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter

    from replydraft.gui.first_run import BureauSetup
    from replydraft.sent import TrackedChange


class SaveChoice(Enum):
    SAVE = "save"
    DISCARD = "discard"
    CANCEL = "cancel"


class PasteDialog(QDialog):
    """粘贴提案文本: a big text box for a proposal copied from a web page or an e-mail."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("粘贴提案文本")
        self.resize(720, 560)
        layout = QVBoxLayout(self)
        hint = QLabel(
            "把提案全文粘贴到下面（从网页、邮件或 Word 复制均可），"
            "程序会识别标题、提案人、主办单位和各条建议。"
        )
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.text = QPlainTextEdit()
        self.text.setPlaceholderText("案由：关于……的建议\n提案人：……\n……")
        layout.addWidget(self.text, 1)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("识别并起草")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


class Prompter:
    """Asks the user with Qt dialogs. `parent` is the window the dialogs belong to."""

    def __init__(self, parent: QWidget | None = None) -> None:
        self.parent = parent

    # --- messages ---------------------------------------------------------------------------

    def error(self, title: str, text: str) -> None:
        QMessageBox.critical(self.parent, title, text)

    def info(self, title: str, text: str) -> None:
        QMessageBox.information(self.parent, title, text)

    def confirm(self, title: str, text: str, yes: str = "确定", no: str = "取消") -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=self.parent)
        ok = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
        box.addButton(no, QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(ok)
        box.exec()
        return box.clickedButton() is ok

    def ask_save_changes(self, name: str) -> SaveChoice:
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            "保存修改",
            f"草稿“{name}”有未保存的修改。\n关闭前要保存吗？",
            parent=self.parent,
        )
        save = box.addButton("保存", QMessageBox.ButtonRole.AcceptRole)
        discard = box.addButton("不保存", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(save)
        box.exec()
        clicked = box.clickedButton()
        if clicked is save:
            return SaveChoice.SAVE
        if clicked is discard:
            return SaveChoice.DISCARD
        return SaveChoice.CANCEL

    def offer_restore(self, saved_at: str, title: str) -> bool:
        return self.confirm(
            "恢复草稿",
            f"上次程序没有正常退出，留下了 {saved_at} 自动保存的草稿：\n{title}\n\n要恢复它吗？",
            yes="恢复",
            no="丢弃",
        )

    def offer_open(self, path: Path) -> bool:
        return self.confirm(
            "导出完成", f"已导出到：\n{path}\n\n现在打开它吗？", yes="打开", no="不用了"
        )

    # --- files ------------------------------------------------------------------------------

    def open_paths(self, caption: str, filters: str, start: str = "") -> list[Path]:
        names, _ = QFileDialog.getOpenFileNames(self.parent, caption, start, filters)
        return [Path(n) for n in names]

    def open_path(self, caption: str, filters: str, start: str = "") -> Path | None:
        name, _ = QFileDialog.getOpenFileName(self.parent, caption, start, filters)
        return Path(name) if name else None

    def open_folder(self, caption: str, start: str = "") -> Path | None:
        name = QFileDialog.getExistingDirectory(self.parent, caption, start)
        return Path(name) if name else None

    def save_path(self, caption: str, filters: str, suggested: str) -> Path | None:
        name, _ = QFileDialog.getSaveFileName(self.parent, caption, suggested, filters)
        return Path(name) if name else None

    def paste_text(self) -> str | None:
        dialog = PasteDialog(self.parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        text = dialog.text.toPlainText()
        return text if text.strip() else None

    def set_up_bureau(self, existing: list[tuple[str, str]]) -> BureauSetup | None:
        """The first-run step: the officer's bureau, new or existing; None for 以后再说."""
        from replydraft.gui.first_run import FirstRunDialog

        dialog = FirstRunDialog(existing, self.parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.setup()

    def ask_sent(
        self, final: Path, changes: list[TrackedChange], doc_number: str, sent_date: str
    ) -> tuple[str, str] | None:
        """已发出，归档: (文号, YYYY-MM-DD) the reply went out under; None when cancelled."""
        from replydraft.gui.sent_dialog import SentDialog

        dialog = SentDialog(final, changes, doc_number, sent_date, self.parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.answer()

    # --- printing ---------------------------------------------------------------------------

    def choose_printer(self, printer: QPrinter) -> bool:
        """The system's print dialog on `printer`; False when the officer cancelled."""
        from PySide6.QtPrintSupport import QPrintDialog

        dialog = QPrintDialog(printer, self.parent)
        dialog.setWindowTitle("打印答复")
        return dialog.exec() == QDialog.DialogCode.Accepted

    def preview_print(
        self,
        printer: QPrinter,
        paint: Callable[[QPrinter], object],
        note: str = "",
        title: str = "打印预览",
    ) -> None:
        """Qt's print preview of what `paint` puts on `printer` (printable from there too);
        `note`, when given, is one line above the pages (why they are only approximate)."""
        from replydraft.gui.print_preview import preview_dialog

        preview_dialog(printer, paint, note, title, self.parent).exec()

    def open_externally(self, path: Path) -> None:
        """Open a file with the program the system uses for it (Word, WPS, a text editor)."""
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
