"""The window's commands: one table of actions (text, shortcut, icon, tip), and the menus and
toolbar made from it. Slots are the window's methods, named in the table."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QComboBox, QLabel, QMainWindow, QMenu, QStyle

SP = QStyle.StandardPixmap
Key = QKeySequence.StandardKey


@dataclass(frozen=True)
class Command:
    key: str
    text: str
    slot: str  # the window's method
    shortcuts: tuple[QKeySequence | QKeySequence.StandardKey, ...] = ()
    icon: QStyle.StandardPixmap | None = None
    tip: str = ""
    needs_draft: bool = False  # enabled only while a draft is open


COMMANDS = (
    Command(
        "open",
        "打开…",
        "ask_open",
        (Key.Open,),
        SP.SP_DialogOpenButton,
        "打开提案文件或答复草稿（Ctrl+O）",
    ),
    Command(
        "paste",
        "粘贴提案文本…",
        "ask_paste",
        (QKeySequence("Ctrl+Shift+V"),),
        SP.SP_FileDialogNewFolder,
        "粘贴提案全文并起草（Ctrl+Shift+V）",
    ),
    Command(
        "save",
        "保存草稿",
        "save",
        (Key.Save,),
        SP.SP_DialogSaveButton,
        "保存草稿文件（Ctrl+S）",
        True,
    ),
    Command("save_as", "草稿另存为…", "save_as", (QKeySequence("Ctrl+Shift+S"),), needs_draft=True),
    Command(
        "export",
        "导出…",
        "ask_export",
        (QKeySequence("Ctrl+E"),),
        SP.SP_ArrowDown,
        "导出为 Word 或纯文本（Ctrl+E）",
        True,
    ),
    Command(
        "print_preview",
        "打印预览…",
        "print_preview",
        tip="按公文版式预览打印页面",
        needs_draft=True,
    ),
    Command(
        "print", "打印…", "print_reply", (Key.Print,), tip="打印答复（Ctrl+P）", needs_draft=True
    ),
    # Always offered with a draft, whatever the profile's approval_sheet says: that setting
    # decides whether an export writes the sheet, and a bureau without it may still need one.
    Command(
        "print_sheet_preview",
        "发文稿纸打印预览…",
        "print_sheet_preview",
        tip="预览本答复的发文稿纸（拟稿、核稿、会签、签发）",
        needs_draft=True,
    ),
    Command(
        "print_sheet", "打印发文稿纸…", "print_sheet", tip="打印本答复的发文稿纸", needs_draft=True
    ),
    Command(
        "archive_sent",
        "已发出，归档…",
        "ask_archive_sent",
        tip="选择领导签发后的定稿 .docx，标记草稿已发出并作为往年答复存入档案库",
        needs_draft=True,
    ),
    Command("quit", "退出", "close", (QKeySequence("Ctrl+Q"),)),
    Command("undo", "撤销", "undo", (Key.Undo,), SP.SP_ArrowBack, "撤销（Ctrl+Z）", True),
    # Redo is Ctrl+Y on Windows and Ctrl+Shift+Z elsewhere: both, once each.
    Command(
        "redo",
        "重做",
        "redo",
        (QKeySequence("Ctrl+Y"), Key.Redo),
        SP.SP_ArrowForward,
        "重做（Ctrl+Y）",
        True,
    ),
    Command(
        "insert", "插入选中的段落", "insert_selected", (QKeySequence("Ctrl+I"),), needs_draft=True
    ),
    Command("regenerate", "按模板重新生成草稿", "regenerate_draft", needs_draft=True),
    Command(
        "search",
        "重新搜索",
        "refresh_search",
        (QKeySequence("F5"),),
        SP.SP_BrowserReload,
        "重新搜索相似答复（F5）",
    ),
    Command("check", "校对", "refresh_check", (QKeySequence("F7"),)),
    Command(
        "archive",
        "档案库…",
        "show_archive",
        (QKeySequence("Ctrl+L"),),
        SP.SP_DirOpenIcon,
        "导入、浏览、搜索档案库（Ctrl+L）",
    ),
    Command(
        "templates",
        "模板与答复单位…",
        "show_templates",
        (QKeySequence("Ctrl+T"),),
        SP.SP_FileDialogDetailedView,
        "编辑答复单位设置和答复模板（Ctrl+T）",
    ),
    Command("settings", "设置…", "show_settings", (QKeySequence("Ctrl+,"),)),
    Command("help", "使用说明", "show_help", (Key.HelpContents,), tip="使用说明和快捷键（F1）"),
    Command("about", "关于", "show_about"),
)
MENUS = (
    (
        "文件(&F)",
        (
            "open",
            "paste",
            "recent",
            "-",
            "save",
            "save_as",
            "export",
            "-",
            "print_preview",
            "print",
            "print_sheet_preview",
            "print_sheet",
            "-",
            "archive_sent",
            "-",
            "quit",
        ),
    ),
    ("编辑(&E)", ("undo", "redo", "-", "insert", "regenerate")),
    ("档案(&A)", ("archive", "search", "check")),
    ("工具(&T)", ("templates", "settings")),
    ("帮助(&H)", ("help", "about")),
)


def key_sequences(
    items: tuple[QKeySequence | QKeySequence.StandardKey, ...],
) -> list[QKeySequence]:
    keys: list[QKeySequence] = []
    for item in items:
        found = (
            QKeySequence.keyBindings(item) if isinstance(item, QKeySequence.StandardKey) else [item]
        )
        keys.extend(k for k in found if k not in keys)
    return keys


def build_commands(window: QMainWindow) -> dict[str, QAction]:
    """One QAction per command, connected to the window's method of the same name."""
    actions: dict[str, QAction] = {}
    for c in COMMANDS:
        action = QAction(c.text, window)
        action.setShortcuts(key_sequences(c.shortcuts))
        if c.icon is not None:
            action.setIcon(window.style().standardIcon(c.icon))
        if c.tip:
            action.setToolTip(c.tip)
            action.setStatusTip(c.tip)
        slot: Callable[[], object] = getattr(window, c.slot)
        action.triggered.connect(lambda _checked=False, slot=slot: slot())
        action.setEnabled(not c.needs_draft)
        actions[c.key] = action
    return actions


def draft_commands() -> list[str]:
    return [c.key for c in COMMANDS if c.needs_draft and c.key not in ("undo", "redo")]


def print_commands() -> list[str]:
    """The commands that make pages to print: off while pages are being made."""
    return ["print_preview", "print", "print_sheet_preview", "print_sheet"]


def build_menus(window: QMainWindow, actions: dict[str, QAction]) -> QMenu:
    """The menu bar; returns the 最近打开 submenu for the window to fill."""
    recent = QMenu("最近打开", window)
    for title, keys in MENUS:
        menu = window.menuBar().addMenu(title)
        for key in keys:
            if key == "-":
                menu.addSeparator()
            elif key == "recent":
                menu.addMenu(recent)
            else:
                menu.addAction(actions[key])
    return recent


def build_toolbar(
    window: QMainWindow, actions: dict[str, QAction], bureau: QComboBox, kind: QComboBox
) -> None:
    tools = window.addToolBar("常用")
    tools.setObjectName("mainToolbar")
    tools.setMovable(False)
    tools.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    for key in ("open", "paste", "save", "export"):
        tools.addAction(actions[key])
    tools.addSeparator()
    tools.addWidget(QLabel(" 答复单位 "))
    tools.addWidget(bureau)
    tools.addWidget(QLabel("  模板 "))
    tools.addWidget(kind)
    tools.addSeparator()
    for key in ("undo", "redo", "search"):
        tools.addAction(actions[key])
    tools.addSeparator()
    for key in ("archive", "templates"):
        tools.addAction(actions[key])
