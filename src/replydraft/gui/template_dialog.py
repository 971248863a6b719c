"""The template manager: bureaus and template kinds; edit a bureau profile in a form, edit a
template with Jinja colouring, check it (problems with line numbers, the line marked), and
preview it on the current proposal. Saving always goes to the user's folder."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QFont, QTextCursor, QTextFormat
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QTextEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from replydraft.draft import build_draft
from replydraft.gui.highlighter import JinjaHighlighter
from replydraft.gui.preview import PreviewPane
from replydraft.gui.profile_form import ProfileForm, ProfileProblem, validate
from replydraft.gui.prompter import Prompter
from replydraft.profiles import BureauProfile, ProfileError, ProfileStore
from replydraft.records import Draft, Parsed
from replydraft.templates import (
    KINDS,
    TemplateError,
    TemplateProblem,
    TemplateStore,
    sample_proposals,
)

KIND_NAMES = {
    "member": "委员（一人领衔）",
    "members": "委员（多人联名）",
    "organisation": "党派、团体",
    "huiban": "会办意见",
    "deputy": "人大代表建议",
    "base": "基础模板（其他模板在此基础上修改）",
}
ROLE = Qt.ItemDataRole.UserRole + 1


def _scratch_store(
    store: TemplateStore, name: str, source: str, folder: Path
) -> tuple[TemplateStore, Path]:
    """A store that sees `source` as the template `name`, beside the user's other templates."""
    if store.user_dir.is_dir():
        shutil.copytree(store.user_dir, folder, dirs_exist_ok=True)
    target = folder.joinpath(*name.split("/"))
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(source, encoding="utf-8")
    return TemplateStore(store.builtin_dir, folder), target


def check_source(store: TemplateStore, name: str, source: str) -> list[TemplateProblem]:
    """The problems of an edited, unsaved template, checked exactly as a saved file would be
    (including the templates that extend it)."""
    with tempfile.TemporaryDirectory() as tmp:
        scratch, target = _scratch_store(store, name, source, Path(tmp))
        return scratch.check(target)


def draft_with_source(
    store: TemplateStore, name: str, source: str, proposal: Parsed, profile: BureauProfile
) -> Draft:
    """The draft the edited template makes for `proposal` (TemplateError when it cannot)."""
    stem = Path(name).stem
    kind = stem if stem in KINDS else "member"  # base.j2: preview through the default kind
    with tempfile.TemporaryDirectory() as tmp:
        scratch, _target = _scratch_store(store, name, source, Path(tmp))
        if Path(name).parent.name not in ("", "replies"):
            profile.template = Path(name).parent.name  # a bureau's own template folder
        return build_draft(proposal, profile, scratch, kind=kind, today=date.today())


class TemplateEditor(QWidget):
    """Source editor with Jinja colouring, the problem list, and a preview."""

    checked = Signal(int)  # number of errors

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = QPlainTextEdit()
        mono = QFont()
        mono.setFamilies(["Noto Sans Mono CJK SC", "Sarasa Mono SC", "Consolas", "monospace"])
        mono.setStyleHint(QFont.StyleHint.Monospace)
        self.editor.setFont(mono)
        self.editor.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.highlighter = JinjaHighlighter(self.editor.document())
        self.problems = QListWidget()
        self.problems.setMaximumHeight(140)
        self.problems.itemClicked.connect(self._go_to_problem)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.preview = PreviewPane()
        tabs = QTabWidget()
        tabs.setDocumentMode(True)
        tabs.addTab(self.preview, "预览（当前提案）")
        self.tabs = tabs
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.editor, 1)
        left_layout.addWidget(self.status)
        left_layout.addWidget(self.problems)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(tabs)
        splitter.setSizes([560, 420])
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self.error_lines: list[int] = []

    def show_problems(self, problems: list[TemplateProblem]) -> None:
        self.problems.clear()
        errors = [p for p in problems if p.severity == "error"]
        for p in problems:
            where = f"第 {p.line} 行：" if p.line else ""
            level = "错误" if p.severity == "error" else "提醒"
            item = QListWidgetItem(f"［{level}］{where}{p.message}")
            item.setData(ROLE, p.line or 0)
            item.setForeground(QColor("#a2191f") if p.severity == "error" else QColor("#8a6d00"))
            self.problems.addItem(item)
        if errors:
            self.status.setText(f"发现 {len(errors)} 个错误，模板不能保存。单击问题跳到出错的行。")
            self.status.setStyleSheet("color: #a2191f;")
        elif problems:
            self.status.setText(f"没有错误，有 {len(problems)} 个提醒。")
            self.status.setStyleSheet("color: #8a6d00;")
        else:
            self.status.setText("检查通过：没有发现问题。")
            self.status.setStyleSheet("color: #1a7f37;")
        self.mark_lines([p.line for p in errors if p.line])
        self.checked.emit(len(errors))

    def mark_lines(self, lines: list[int]) -> None:
        """Give the lines with errors a red background (extra selections)."""
        self.error_lines = sorted(set(lines))
        selections = []
        for line in self.error_lines:
            block = self.editor.document().findBlockByNumber(line - 1)
            if not block.isValid():
                continue
            # PySide6 6.8/6.9's stubs omit ExtraSelection's two fields; they exist at run time.
            selection = QTextEdit.ExtraSelection()
            selection.format.setBackground(QColor("#ffd7d9"))  # type: ignore[attr-defined]
            selection.format.setProperty(QTextFormat.Property.FullWidthSelection, True)  # type: ignore[attr-defined]
            selection.cursor = QTextCursor(block)  # type: ignore[attr-defined]
            selections.append(selection)
        self.editor.setExtraSelections(selections)

    def go_to_line(self, line: int) -> None:
        block = self.editor.document().findBlockByNumber(max(0, line - 1))
        if block.isValid():
            self.editor.setTextCursor(QTextCursor(block))
            self.editor.centerCursor()
            self.editor.setFocus()

    def _go_to_problem(self, item: QListWidgetItem) -> None:
        line = int(item.data(ROLE) or 0)
        if line:
            self.go_to_line(line)


class TemplateDialog(QDialog):
    """Bureaus and templates on the left, the form or the editor on the right."""

    saved = Signal(str)  # what was saved: "profile:<id>" or "template:<name>"

    def __init__(
        self,
        profiles: ProfileStore,
        templates: TemplateStore,
        prompter: Prompter,
        current_proposal: Callable[[], Parsed],
        current_bureau: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.profiles = profiles
        self.templates = templates
        self.prompter = prompter
        self.current_proposal = current_proposal
        self.setWindowTitle("模板与答复单位")
        self.resize(1320, 820)
        self._template_name = ""
        self._profile_id = ""

        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["名称", "来源"])
        self.tree.setRootIsDecorated(True)
        self.tree.header().setStretchLastSection(False)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.currentItemChanged.connect(self._on_current)
        self.tree.setMinimumWidth(330)

        # Profile page
        self.form = ProfileForm()
        self.profile_title = QLabel()
        self.profile_title.setObjectName("paneTitle")
        self.save_profile_button = QPushButton("保存到我的单位设置")
        self.save_profile_button.clicked.connect(self.save_profile)
        profile_page = QWidget()
        profile_layout = QVBoxLayout(profile_page)
        profile_layout.setContentsMargins(0, 0, 0, 0)
        profile_layout.addWidget(self.profile_title)
        profile_layout.addWidget(self.form, 1)
        row = QHBoxLayout()
        self.profile_note = QLabel("保存写入用户文件夹，不会改动内置文件。")
        self.profile_note.setObjectName("hint")
        row.addWidget(self.profile_note, 1)
        row.addWidget(self.save_profile_button)
        profile_layout.addLayout(row)

        # Template page
        self.editor = TemplateEditor()
        self.template_title = QLabel()
        self.template_title.setObjectName("paneTitle")
        self.preview_bureau = QComboBox()
        for info in profiles.list():
            if not info.error:
                self.preview_bureau.addItem(info.name or info.id, info.id)
        if current_bureau:
            index = self.preview_bureau.findData(current_bureau)
            if index >= 0:
                self.preview_bureau.setCurrentIndex(index)
        check = QPushButton("检查")
        check.clicked.connect(self.check_template)
        preview = QPushButton("预览")
        preview.clicked.connect(self.preview_template)
        self.save_template_button = QPushButton("保存到我的模板")
        self.save_template_button.clicked.connect(self.save_template)
        template_page = QWidget()
        template_layout = QVBoxLayout(template_page)
        template_layout.setContentsMargins(0, 0, 0, 0)
        template_layout.addWidget(self.template_title)
        template_layout.addWidget(self.editor, 1)
        row = QHBoxLayout()
        row.addWidget(QLabel("预览用单位"))
        row.addWidget(self.preview_bureau)
        row.addStretch(1)
        row.addWidget(check)
        row.addWidget(preview)
        row.addWidget(self.save_template_button)
        template_layout.addLayout(row)

        self.pages = QStackedWidget()
        self.pages.addWidget(profile_page)
        self.pages.addWidget(template_page)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.tree)
        splitter.addWidget(self.pages)
        splitter.setSizes([360, 960])
        splitter.setChildrenCollapsible(False)
        close = QPushButton("关闭")
        close.clicked.connect(self.close)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addLayout(bottom)
        self.populate()

    # --- the list -------------------------------------------------------------------------------

    def populate(self, select: str = "") -> None:
        self.tree.blockSignals(True)
        self.tree.clear()
        bureaus = QTreeWidgetItem(["答复单位", ""])
        kinds = QTreeWidgetItem(["答复模板", ""])
        for group in (bureaus, kinds):
            font = group.font(0)
            font.setBold(True)
            group.setFont(0, font)
            group.setFlags(group.flags() & ~Qt.ItemFlag.ItemIsSelectable)
            self.tree.addTopLevelItem(group)
        target: QTreeWidgetItem | None = None
        for info in self.profiles.list():
            origin = "我的" if info.origin == "user" else "内置"
            if info.overrides_builtin:
                origin = "我的（替代内置）"
            item = QTreeWidgetItem([info.name or f"{info.id}（无法读取）", origin])
            item.setToolTip(0, info.error or f"{info.id}：{info.path}")
            item.setData(0, ROLE, f"profile:{info.id}")
            bureaus.addChild(item)
            if select == f"profile:{info.id}":
                target = item
        for t in self.templates.list():
            origin = "我的" if t.origin == "user" else "内置"
            if t.overrides_builtin:
                origin = "我的（替代内置）"
            folder = Path(t.name).parent.name
            label = KIND_NAMES.get(t.kind, t.kind)
            if folder and folder != "replies":
                label = f"{label} · {folder}"
            item = QTreeWidgetItem([label, origin])
            item.setToolTip(0, f"{t.name}\n{t.description}")
            item.setData(0, ROLE, f"template:{t.name}")
            kinds.addChild(item)
            if select == f"template:{t.name}":
                target = item
        bureaus.setExpanded(True)
        kinds.setExpanded(True)
        self.tree.blockSignals(False)
        if target is None and bureaus.childCount():
            target = bureaus.child(0)
        if target is not None:
            self.tree.setCurrentItem(target)

    def select(self, key: str) -> bool:
        """Select "profile:<id>" or "template:<name>" in the list."""
        for i in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(i)
            for j in range(group.childCount() if group is not None else 0):
                item = group.child(j) if group is not None else None
                if item is not None and item.data(0, ROLE) == key:
                    self.tree.setCurrentItem(item)
                    return True
        return False

    def _on_current(
        self, current: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None
    ) -> None:
        key = current.data(0, ROLE) if current is not None else None
        if not isinstance(key, str):
            return
        what, _, name = key.partition(":")
        if what == "profile":
            self._show_profile(name)
        else:
            self._show_template(name)

    def _show_profile(self, profile_id: str) -> None:
        try:
            profile = self.profiles.load(profile_id)
        except ProfileError as exc:
            self.prompter.error("无法读取单位设置", str(exc))
            return
        self._profile_id = profile_id
        self.form.load(profile)
        self.profile_title.setText(f"{profile.name}（{profile_id}）")
        self.pages.setCurrentIndex(0)

    def _show_template(self, name: str) -> None:
        info = next((t for t in self.templates.list() if t.name == name), None)
        if info is None:
            return
        try:
            source = info.path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            self.prompter.error("无法读取模板", f"{info.path}: {exc}")
            return
        self._template_name = name
        self.editor.editor.setPlainText(source)
        self.editor.problems.clear()
        self.editor.status.setText(
            f"{name}（{'我的模板' if info.origin == 'user' else '内置模板，保存时另存到我的模板'}）"
        )
        self.editor.status.setStyleSheet("")
        self.editor.mark_lines([])
        self.template_title.setText(KIND_NAMES.get(info.kind, info.kind) + f" — {name}")
        self.pages.setCurrentIndex(1)

    # --- profiles -------------------------------------------------------------------------------

    def save_profile(self) -> bool:
        if not self._profile_id:
            return False
        profile = self.form.profile()
        try:
            validate(profile)
            path = self.profiles.save(profile)
        except (ProfileProblem, ProfileError, OSError) as exc:
            self.prompter.error("不能保存单位设置", str(exc))
            return False
        self.profile_note.setText(f"已保存到 {path}")
        self.populate(select=f"profile:{profile.id}")
        self.saved.emit(f"profile:{profile.id}")
        return True

    # --- templates ------------------------------------------------------------------------------

    def source(self) -> str:
        return self.editor.editor.toPlainText()

    def check_template(self) -> list[TemplateProblem]:
        if not self._template_name:
            return []
        problems = check_source(self.templates, self._template_name, self.source())
        self.editor.show_problems(problems)
        return problems

    def _preview_profile(self) -> BureauProfile | None:
        profile_id = self.preview_bureau.currentData()
        if not profile_id:
            return None
        try:
            return self.profiles.load(str(profile_id))
        except ProfileError as exc:
            self.prompter.error("无法读取单位设置", str(exc))
            return None

    def preview_template(self) -> bool:
        if not self._template_name:
            return False
        problems = self.check_template()
        if any(p.severity == "error" for p in problems):
            return False
        profile = self._preview_profile()
        if profile is None:
            return False
        proposal = self.current_proposal()
        if not (proposal.title or proposal.suggestions):
            proposal = sample_proposals()[0]  # no proposal open: the checker's sample
        try:
            draft = draft_with_source(
                self.templates, self._template_name, self.source(), proposal, profile
            )
        except (TemplateError, ValueError) as exc:
            self.editor.status.setText(f"预览失败：{exc}")
            return False
        self.editor.preview.show_draft(draft, profile.style)
        self.editor.preview.refresh()
        return True

    def save_template(self) -> bool:
        """Save to the user folder; a template with an error is refused and nothing is written."""
        if not self._template_name:
            return False
        problems = self.check_template()
        errors = [p for p in problems if p.severity == "error"]
        if errors:
            first = errors[0]
            if first.line:
                self.editor.go_to_line(first.line)
            where = f"第 {first.line} 行：" if first.line else ""
            self.prompter.error(
                "模板有错误，没有保存",
                f"{where}{first.message}\n\n请改正后再保存；原来的模板文件没有改动。",
            )
            return False
        try:
            path = self.templates.save(self._template_name, self.source())
        except (TemplateError, OSError) as exc:
            self.prompter.error("模板没有保存", str(exc))
            return False
        self.editor.status.setText(f"已保存到 {path}")
        self.editor.status.setStyleSheet("color: #1a7f37;")
        self.populate(select=f"template:{self._template_name}")
        self.saved.emit(f"template:{self._template_name}")
        return True
