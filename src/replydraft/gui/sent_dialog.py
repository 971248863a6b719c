"""已发出，归档: the signed final .docx's tracked changes for the officer to see, and the 文号
and date the reply went out under. The window then marks the draft sent and archives the
final through session.archive_sent_reply, as `replydraft archive-sent` does."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from replydraft.genre import GAP_OPEN
from replydraft.sent import TrackedChange

# A 文号 ends in its number: "浦科经委办理〔2026〕88号", "第12号"; "〔2026〕号" is not done yet.
_DONE = re.compile(r"\d\s*[号號]$")
KIND_TEXT = {"insert": "插入（保留）", "delete": "删除（去掉）"}


class SentDialog(QDialog):
    """Asks for the 文号 and the date sent, showing what the leader changed in the final."""

    def __init__(
        self,
        final: Path,
        changes: list[TrackedChange],
        doc_number: str,
        sent_date: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("已发出，归档")
        self.resize(680, 520)
        layout = QVBoxLayout(self)

        name = QLabel(f"定稿：<b>{_html(final.name)}</b>")
        name.setToolTip(str(final))
        layout.addWidget(name)
        if changes:
            intro = QLabel(
                f"定稿中有 {len(changes)} 处修订。归档时全部接受：插入的文字保留，删除的文字去掉。"
                "请核对："
            )
        else:
            intro = QLabel("定稿中没有修订痕迹，按文件现有文字归档。")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.changes = QTreeWidget()
        self.changes.setHeaderLabels(["修订", "内容", "修订人"])
        self.changes.setRootIsDecorated(False)
        self.changes.setWordWrap(True)
        for change in changes:
            item = QTreeWidgetItem(
                [KIND_TEXT.get(change.kind, change.kind), change.text, change.author]
            )
            item.setToolTip(1, change.text)
            self.changes.addTopLevelItem(item)
        self.changes.setColumnWidth(0, 110)
        self.changes.setColumnWidth(1, 420)
        self.changes.setVisible(bool(changes))
        layout.addWidget(self.changes, 1)

        form = QFormLayout()
        self.doc_number = QLineEdit(doc_number)
        self.doc_number.setPlaceholderText("如：浦科经委办理〔2026〕88号")
        self.doc_number.setToolTip("答复发出时所用的文号（领导签发后编定）")
        form.addRow("文号：", self.doc_number)
        self.date = QDateEdit()
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy年M月d日")
        day = _day(sent_date)
        self.date.setDate(QDate(day.year, day.month, day.day))
        form.addRow("发出日期：", self.date)
        layout.addLayout(form)
        note = QLabel(
            "归档后草稿标记为已发出，这份定稿作为本单位的往年答复存入档案库，"
            "以后起草同类答复时可以检索和复用。"
        )
        note.setObjectName("hint")
        note.setWordWrap(True)
        layout.addWidget(note)
        self.problem = QLabel()
        self.problem.setObjectName("hint")
        layout.addWidget(self.problem)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText("标记已发出并归档")
        cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.doc_number.textChanged.connect(self._check)
        self._check()
        if not self.ok.isEnabled():
            self.doc_number.setFocus(Qt.FocusReason.OtherFocusReason)
            # The number still to type sits before the final 号; after the dialog shows (its
            # first focus selects the whole text).
            at = max(len(doc_number) - 1, 0)
            QTimer.singleShot(0, lambda: self.doc_number.setCursorPosition(at))

    def _check(self) -> None:
        text = self.doc_number.text().strip()
        done = bool(_DONE.search(text)) and GAP_OPEN not in text
        self.ok.setEnabled(done)
        self.problem.setText("" if done or not text else "文号还不完整：请填上编号")

    def answer(self) -> tuple[str, str]:
        """(文号, the date sent as YYYY-MM-DD)."""
        return self.doc_number.text().strip(), self.date.date().toString("yyyy-MM-dd")


def _day(iso: str) -> date:
    try:
        return date.fromisoformat(iso)
    except ValueError:
        return date.today()


def _html(text: str) -> str:
    from html import escape

    return escape(text)
