"""The start page shown before a proposal is open: the three ways in, and recent files."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from replydraft.readers import registry


class WelcomePage(QWidget):
    open_requested = Signal()
    paste_requested = Signal()
    recent_requested = Signal(object)  # a Path

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        card = QFrame()
        card.setObjectName("welcomeCard")
        card.setFixedWidth(560)  # a fixed width lets the wrapped text take its full height
        title = QLabel("开始起草答复")
        title.setObjectName("welcomeTitle")
        text = QLabel(
            f"打开一份提案或代表建议（{'、'.join(f.label for f in registry.FORMATS)}），"
            "或把文件拖到窗口里，"
            "也可以直接粘贴提案文本。程序会识别提案、按答复单位的模板生成草稿，"
            "并在右侧列出相似的往年答复。"
        )
        text.setWordWrap(True)
        text.setObjectName("hint")
        # An aligned widget gets its size hint, which ignores wrapping: reserve the height.
        text.setMinimumHeight(text.heightForWidth(560 - 64) + 4)
        open_button = QPushButton("打开提案或草稿…  (Ctrl+O)")
        open_button.setObjectName("primary")
        open_button.clicked.connect(self.open_requested)
        paste_button = QPushButton("粘贴提案文本…  (Ctrl+Shift+V)")
        paste_button.clicked.connect(self.paste_requested)
        recent_title = QLabel("最近打开")
        recent_title.setObjectName("paneTitle")
        self.recent = QListWidget()
        self.recent.setMaximumHeight(180)
        self.recent.itemActivated.connect(self._on_recent)
        self.recent.itemDoubleClicked.connect(self._on_recent)
        self.recent_title = recent_title

        layout = QVBoxLayout(card)
        layout.setContentsMargins(32, 28, 32, 28)
        layout.setSpacing(14)
        layout.addWidget(title)
        layout.addWidget(text)
        layout.addSpacing(6)
        layout.addWidget(open_button)
        layout.addWidget(paste_button)
        layout.addSpacing(10)
        layout.addWidget(recent_title)
        layout.addWidget(self.recent)

        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(card, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(2)

    def set_recent(self, paths: list[str]) -> None:
        self.recent.clear()
        for p in paths:
            item = QListWidgetItem(Path(p).name)
            item.setToolTip(p)
            item.setData(Qt.ItemDataRole.UserRole, p)
            self.recent.addItem(item)
        self.recent.setVisible(bool(paths))
        self.recent_title.setVisible(bool(paths))

    def _on_recent(self, item: QListWidgetItem) -> None:
        self.recent_requested.emit(Path(str(item.data(Qt.ItemDataRole.UserRole))))
