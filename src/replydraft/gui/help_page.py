"""帮助 (F1): how a reply is drafted here, and every shortcut, read from the command table so
the page cannot drift from the menus."""

from __future__ import annotations

import re
from html import escape

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from replydraft.gui.commands import COMMANDS, key_sequences

STEPS = [
    "打开提案：工具栏“打开”（或把文件拖进窗口），也可以“粘贴提案文本”。"
    "程序识别案由、提案人、主办单位和每条建议，并按答复单位的模板生成草稿。",
    "核对左侧的提案字段和建议；改动后可点“按建议重新生成草稿”（可撤销）。",
    "在中间编辑草稿：左边的提纲选择公文要素、开头语、各节和结束语；序号按位置自动生成。",
    "右侧“相似答复”“政策依据”列出档案库中可引用的段落，选中后按 Ctrl+I 插入；"
    "引用的段落带浅绿底色，并记住出处。",
    "“校对”列出问题，单击一项跳到草稿中的位置；“版面预览”显示按 GB/T 9704 排好的页面。",
    "保存草稿（Ctrl+S）随时可以继续；导出 Word（Ctrl+E）、打印（Ctrl+P）交付。"
    "打印和打印预览与导出的 Word 文件逐页一致（信头、版记、页码，由 LibreOffice 排出）；"
    "没有安装 LibreOffice 时为近似版式，预览上方会注明。"
    "“文件”菜单的“发文稿纸打印预览”“打印发文稿纸”打印送签用的发文稿纸。",
    "领导签发、答复发出后：“文件”菜单“已发出，归档”选择签发后的定稿 .docx，"
    "核对其中的修订（全部接受），填写文号和发出日期；草稿标记为已发出，"
    "定稿作为本单位的往年答复存入档案库，以后起草同类答复时可以检索和复用。",
]
EDITING_KEYS = [
    ("Ctrl+Z / Ctrl+Y", "在正文、标题和提案字段中撤销、重做（整份草稿的修改历史）"),
    ("Tab / Shift+Tab", "在输入框之间移动"),
    ("双击一条建议", "修改这条建议"),
    ("Enter（在正文中）", "另起一段"),
]


def shortcut_rows() -> list[tuple[str, str]]:
    """(keys, what) for every command with a shortcut, in the menus' order."""
    rows = []
    for command in COMMANDS:
        names = [
            k.toString(QKeySequence.SequenceFormat.NativeText)
            for k in key_sequences(command.shortcuts)
        ]
        # F13 and up exist only on Sun keyboards (Qt lists F14 for undo): not worth a line.
        names = [n for n in names if not re.fullmatch(r"F(1[3-9]|[2-9]\d)", n)]
        if names:
            text = " / ".join(names)
            rows.append((text, command.text.rstrip("…")))
    return rows


def help_html(log_file: str) -> str:
    def table(rows: list[tuple[str, str]]) -> str:
        cells = "".join(
            f"<tr><td style='padding:3px 14px 3px 0'><b>{escape(k)}</b></td>"
            f"<td style='padding:3px 0'>{escape(v)}</td></tr>"
            for k, v in rows
        )
        return f"<table>{cells}</table>"

    steps = "".join(f"<li style='margin-bottom:4px'>{escape(s)}</li>" for s in STEPS)
    return (
        "<h2>提案答复起草：使用说明</h2>"
        f"<h3>起草一份答复</h3><ol>{steps}</ol>"
        f"<h3>快捷键</h3>{table(shortcut_rows())}"
        f"<h3>编辑时</h3>{table(EDITING_KEYS)}"
        "<h3>出了问题</h3>"
        "<p>草稿每隔几秒自动保存；程序意外退出后，下次启动会提示恢复。"
        f"程序错误的详细记录在：<br><code>{escape(log_file)}</code><br>"
        "报告问题时请附上这个文件。</p>"
    )


class HelpDialog(QDialog):
    def __init__(self, log_file: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("帮助")
        self.resize(640, 620)
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(False)
        self.browser.setHtml(help_html(log_file))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)
