"""The proposal pane: the fields the parser read (editable) and the proposal's text.

The fields live in the draft (Draft.proposal), so correcting one is an undoable edit and is
saved with the draft; the text is shown as read, for reference.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from replydraft.gui.draft_meta import LIST_SEPARATOR, split_list
from replydraft.gui.draft_model import DraftDocument
from replydraft.gui.original_view import Original, OriginalView
from replydraft.gui.undo_keys import give_up_undo_keys
from replydraft.records import Parsed

# Parsed field -> its label in this pane (also for `Parsed.unsure`'s field names).
FIELD_LABELS = {
    "proposal_number": "编号",
    "session": "会议",
    "title": "案由",
    "proposers": "提案人",
    "lead_unit": "主办单位",
    "co_units": "会办单位",
    "suggestions": "建议",
}


def reading_summary(parsed: Parsed, unsure: list[str]) -> str:
    """'已读出：编号、案由…；未读出：会办单位；待核实：提案人' for the pane's header."""
    read = [label for name, label in FIELD_LABELS.items() if getattr(parsed, name, None)]
    missing = [label for name, label in FIELD_LABELS.items() if not getattr(parsed, name, None)]
    doubtful = [FIELD_LABELS.get(name, name) for name in unsure]
    parts = [f"已读出：{'、'.join(read) or '无'}"]
    if missing:
        parts.append(f"未读出：{'、'.join(missing)}（草稿中留【待填写】）")
    if doubtful:
        parts.append(f"待核实（依据较弱）：{'、'.join(doubtful)}")
    return "；".join(parts)


def proposal_text(parsed: Parsed) -> list[str]:
    """Paragraphs to show for a proposal known only by its parsed fields (a reopened draft)."""
    out = [parsed.title] if parsed.title else []
    out.extend(parsed.preamble)
    for section in parsed.all_sections():
        out.append(section.heading)
        out.extend(section.paragraphs)
    if not parsed.sections:
        out.extend(parsed.suggestions)
    return [p for p in out if p]


class ProposalPane(QWidget):
    """Fields of the proposal on top, its text below. `fields_edited` after any correction."""

    fields_edited = Signal()
    regenerate_requested = Signal()

    def __init__(self, document: DraftDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self._loading = False

        title = QLabel("提案")
        title.setObjectName("paneTitle")
        self.title = QLineEdit()
        self.session = QLineEdit()
        self.number = QLineEdit()
        self.number.setMaximumWidth(120)
        self.proposers = QLineEdit()
        self.lead_unit = QLineEdit()
        self.co_units = QLineEdit()
        for edit, hint in (
            (self.title, "关于……的建议"),
            (self.session, "例如 浦东新区政协七届五次会议"),
            (self.number, "例如 088"),
            (self.proposers, "多人用“、”隔开"),
            (self.lead_unit, "主办单位"),
            (self.co_units, "多个单位用“、”隔开"),
        ):
            edit.setPlaceholderText(hint)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.setVerticalSpacing(6)
        form.addRow("案由", self.title)
        form.addRow("会议", self.session)
        form.addRow("编号", self.number)
        form.addRow("提案人", self.proposers)
        form.addRow("主办单位", self.lead_unit)
        form.addRow("会办单位", self.co_units)

        self.suggestions = QListWidget()
        self.suggestions.setWordWrap(True)
        self.suggestions.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.suggestions.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.suggestions.setMinimumHeight(80)  # the window must fit 1366×768 with a taskbar
        self.suggestions.setAlternatingRowColors(True)
        self.suggestions.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.suggestions.itemChanged.connect(self._on_suggestion_edited)
        add = QPushButton("添加建议")
        add.clicked.connect(self.add_suggestion)
        remove = QPushButton("删除建议")
        remove.clicked.connect(self.remove_suggestion)
        regenerate = QPushButton("按建议重新生成草稿")
        regenerate.setToolTip("按现在的提案字段、答复单位和模板重新生成草稿（可撤销）")
        regenerate.clicked.connect(self.regenerate_requested)
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        buttons.addWidget(regenerate)

        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(title)
        # What was read, what was not and what is unsure: the officer checks those first.
        self.reading = QLabel()
        self.reading.setObjectName("hint")
        self.reading.setWordWrap(True)
        self.reading.hide()
        top_layout.addWidget(self.reading)
        top_layout.addLayout(form)
        suggestions_label = QLabel("建议（双击修改）")
        suggestions_label.setObjectName("paneTitle")
        top_layout.addWidget(suggestions_label)
        top_layout.addWidget(self.suggestions, 1)
        top_layout.addLayout(buttons)

        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setPlaceholderText(
            "打开提案文件（Ctrl+O）、拖入文件，或粘贴提案文本（Ctrl+Shift+V）"
        )
        # 原件: the document's own pages (PDF) or its paragraphs and tables (Word).
        self.original = OriginalView()
        self.original_note = QLabel()
        self.original_note.setObjectName("hint")
        self.views = QTabWidget()
        self.views.setDocumentMode(True)
        self.views.addTab(self.text, "文本")
        self.views.addTab(self.original, "原件")
        self.views.setTabEnabled(1, False)
        self.views.setTabToolTip(1, "PDF 和 Word 提案可以在这里看原件的版面和表格")
        text_box = QWidget()
        text_layout = QVBoxLayout(text_box)
        text_layout.setContentsMargins(0, 0, 0, 0)
        text_label = QLabel("提案原文")
        text_label.setObjectName("paneTitle")
        title_row = QHBoxLayout()
        title_row.addWidget(text_label)
        title_row.addStretch(1)
        title_row.addWidget(self.original_note)
        text_layout.addLayout(title_row)
        text_layout.addWidget(self.views, 1)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(text_box)
        splitter.setSizes([470, 330])
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

        self._connect()
        give_up_undo_keys(
            self.title, self.session, self.number, self.proposers, self.lead_unit, self.co_units
        )
        document.changed.connect(self._on_document_changed)

    def _connect(self) -> None:
        def on_text(
            edit: QLineEdit, key: str, label: str, setter: Callable[[Parsed, str], None]
        ) -> None:
            edit.textEdited.connect(
                lambda text: self._commit(label, key, lambda p: setter(p, text))
            )

        on_text(self.title, "title", "案由", lambda p, t: setattr(p, "title", t))
        on_text(self.session, "session", "会议", lambda p, t: setattr(p, "session", t))
        on_text(
            self.number, "number", "编号", lambda p, t: setattr(p, "proposal_number", t.strip())
        )
        on_text(
            self.proposers,
            "proposers",
            "提案人",
            lambda p, t: setattr(p, "proposers", split_list(t)),
        )
        on_text(self.lead_unit, "lead", "主办单位", lambda p, t: setattr(p, "lead_unit", t.strip()))
        on_text(self.co_units, "co", "会办单位", lambda p, t: setattr(p, "co_units", split_list(t)))

    def _commit(self, label: str, key: str, change: Callable[[Parsed], None]) -> None:
        if self._loading:
            return
        self.document.edit(
            f"修改{label}", lambda d: change(d.proposal), scope="proposal", merge=f"proposal:{key}"
        )
        self.fields_edited.emit()

    def _suggestions_now(self) -> list[str]:
        out = []
        for i in range(self.suggestions.count()):
            text = self.suggestions.item(i).text().strip()
            if text:
                out.append(text)
        return out

    def _on_suggestion_edited(self, _item: QListWidgetItem) -> None:
        if self._loading:
            return
        values = self._suggestions_now()
        self._commit("建议", "suggestions", lambda p: setattr(p, "suggestions", values))

    def add_suggestion(self) -> None:
        item = self._new_item("新的建议")
        self.suggestions.addItem(item)
        self.suggestions.setCurrentItem(item)
        self.suggestions.editItem(item)

    def remove_suggestion(self) -> None:
        row = self.suggestions.currentRow()
        if row < 0:
            return
        self._loading = True
        self.suggestions.takeItem(row)
        self._loading = False
        values = self._suggestions_now()
        self._commit("建议", "suggestions-remove", lambda p: setattr(p, "suggestions", values))

    def _new_item(self, text: str) -> QListWidgetItem:
        item = QListWidgetItem(text)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
        return item

    def show_text(self, paragraphs: list[str]) -> None:
        self.text.setPlainText("\n\n".join(paragraphs))
        self.original.clear_original()
        self.original_note.clear()
        self.views.setTabEnabled(1, False)
        self.views.setCurrentIndex(0)

    def show_original(self, original: Original) -> None:
        """The document's own look beside its text; 原件 is shown for a PDF's pages."""
        self.original.show_original(original)
        self.original_note.setText(original.note)
        self.views.setTabEnabled(1, True)
        if original.pages:
            self.views.setCurrentIndex(1)

    def load(self, parsed: Parsed) -> None:
        self._loading = True
        try:
            for edit, value in (
                (self.title, parsed.title),
                (self.session, parsed.session),
                (self.number, parsed.proposal_number),
                (self.proposers, LIST_SEPARATOR.join(parsed.proposers)),
                (self.lead_unit, parsed.lead_unit),
                (self.co_units, LIST_SEPARATOR.join(parsed.co_units)),
            ):
                if edit.text() != value:
                    edit.setText(value)
                    edit.setCursorPosition(0)
            if self._suggestions_now() != parsed.suggestions:
                self.suggestions.clear()
                for i, s in enumerate(parsed.suggestions, 1):
                    item = self._new_item(s)
                    item.setToolTip(f"建议{i}：{s}")
                    self.suggestions.addItem(item)
        finally:
            self._loading = False

    def show_reading(self, unsure: list[str]) -> None:
        """Say what the parser read from the proposal just opened and which fields it only
        guessed; a guessed field's box says so in its tooltip."""
        parsed = self.document.draft.proposal
        self.reading.setText(reading_summary(parsed, unsure))
        self.reading.show()
        edits = {
            "proposal_number": self.number,
            "session": self.session,
            "title": self.title,
            "proposers": self.proposers,
            "lead_unit": self.lead_unit,
            "co_units": self.co_units,
        }
        for name, edit in edits.items():
            edit.setToolTip("依据较弱，系推测所得，请核实" if name in unsure else "")

    def note_recognised(self, note: str) -> None:
        """Add to the reading summary that the text came from OCR (and where it is unsure)."""
        self.reading.setText(f"{self.reading.text()}\n{note}")
        self.reading.show()

    def _on_document_changed(self, scope: str) -> None:
        if scope == "all":
            self.load(self.document.draft.proposal)
