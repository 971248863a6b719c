"""The settings dialog: the archive (a file, or a district's server), default bureau and
template, autosave, export, and which of the bureau's export fonts this machine has."""

from __future__ import annotations

import copy
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from replydraft.gui.prompter import Prompter
from replydraft.settings import Settings
from replydraft.storage.base import archive_problem


class SettingsDialog(QDialog):
    """Edits a copy of the settings; `result_settings()` after accept."""

    def __init__(
        self,
        settings: Settings,
        bureaus: list[tuple[str, str]],
        kinds: list[tuple[str, str]],
        default_archive: Path,
        font_lines: list[tuple[str, bool]],
        prompter: Prompter,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("设置")
        self.setMinimumWidth(640)
        self.prompter = prompter
        self._settings = copy.deepcopy(settings)
        self._original_archive = settings.archive

        data = QGroupBox("数据")
        data_form = QFormLayout(data)
        self.archive = QLineEdit(settings.archive)
        self.archive.setPlaceholderText(str(default_archive))
        browse = QPushButton("浏览…")
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.archive, 1)
        row.addWidget(browse)
        data_form.addRow("档案库", row)
        note = QLabel(
            "填写档案库文件，或区里共享档案库的服务器地址（postgresql://服务器/数据库；"
            "密码由 .pgpass 或 pg_service.conf 提供，不写在地址里）。"
            "留空使用默认位置。更换档案库后需重新启动程序。"
        )
        note.setWordWrap(True)
        note.setObjectName("hint")
        data_form.addRow("", note)

        drafting = QGroupBox("起草")
        drafting_form = QFormLayout(drafting)
        self.bureau = QComboBox()
        for bureau_id, name in bureaus:
            self.bureau.addItem(f"{name}（{bureau_id}）", bureau_id)
        index = self.bureau.findData(settings.default_bureau)
        if index >= 0:
            self.bureau.setCurrentIndex(index)
        drafting_form.addRow("默认答复单位", self.bureau)
        self.kind = QComboBox()
        self.kind.addItem("按提案自动选择", "")
        for kind, name in kinds:
            self.kind.addItem(name, kind)
        index = self.kind.findData(settings.default_template)
        self.kind.setCurrentIndex(max(index, 0))
        drafting_form.addRow("默认模板", self.kind)
        self.autosave = QSpinBox()
        self.autosave.setRange(1, 600)
        self.autosave.setSuffix(" 秒")
        self.autosave.setValue(settings.autosave_seconds)
        drafting_form.addRow("停止输入后自动保存", self.autosave)
        self.open_after = QCheckBox("导出后询问是否打开文件")
        self.open_after.setChecked(settings.open_after_export)
        drafting_form.addRow("导出", self.open_after)

        fonts = QGroupBox("导出字体（当前答复单位）")
        fonts_layout = QVBoxLayout(fonts)
        if font_lines:
            for name, present in font_lines:
                mark = "✓ 已安装" if present else "✗ 本机没有"
                label = QLabel(f"{name}　{mark}")
                label.setStyleSheet("color: #1a7f37;" if present else "color: #a2191f;")
                fonts_layout.addWidget(label)
        else:
            fonts_layout.addWidget(QLabel("无法列出本机字体。"))
        hint = QLabel(
            "字体在“工具 → 模板与答复单位”中按单位设置。缺少的字体在 Word 中会被替换，版式可能走样。"
        )
        hint.setWordWrap(True)
        hint.setObjectName("hint")
        fonts_layout.addWidget(hint)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("确定")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(data)
        layout.addWidget(drafting)
        layout.addWidget(fonts)
        layout.addStretch(1)
        layout.addWidget(buttons)

    def _browse(self) -> None:
        path = self.prompter.save_path(
            "档案库文件", "档案库 (*.sqlite3);;所有文件 (*)", self.archive.text()
        )
        if path is not None:
            self.archive.setText(str(path))

    def accept(self) -> None:
        # A password in a server URL would end up in the settings file: refuse it here.
        problem = archive_problem(self.archive.text())
        if problem:
            self.prompter.error("设置", problem)
            return
        super().accept()

    def result_settings(self) -> Settings:
        s = self._settings
        s.archive = self.archive.text().strip()
        s.default_bureau = str(self.bureau.currentData() or s.default_bureau)
        s.default_template = str(self.kind.currentData() or "")
        s.autosave_seconds = self.autosave.value()
        s.open_after_export = self.open_after.isChecked()
        return s

    @property
    def archive_changed(self) -> bool:
        return self.archive.text().strip() != self._original_archive
