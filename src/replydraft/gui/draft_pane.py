"""The draft pane: an outline of the reply beside the editor of the selected part.

The outline lists the 公文要素 form, the opening, every section (numbered as it will print)
and the closing. The editor shows one paragraph a line; paragraphs taken from the archive
are tinted and keep their provenance (records.Source) through the officer's edits.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QStandardItem, QStandardItemModel, QTextBlockFormat, QTextCursor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSplitter,
    QStackedWidget,
    QTextEdit,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from replydraft.gui import draft_model as dm
from replydraft.gui.draft_meta import MetaForm
from replydraft.gui.draft_model import CLOSING, META, OPENING, SECTION, DraftDocument, Node
from replydraft.gui.elided import ElidedLabel
from replydraft.gui.highlighter import ReuseHighlighter
from replydraft.gui.undo_keys import give_up_undo_keys
from replydraft.records import DraftParagraph, Source

COMMIT_MS = 300  # typing pauses this long before the edit reaches the draft (preview, autosave)
NODE_ROLE = Qt.ItemDataRole.UserRole + 1
LEVEL_NAMES = {
    1: "一级标题（一、黑体）",
    2: "二级标题（（一）楷体）",
    3: "三级标题（1.）",
    4: "四级标题（（1））",
}


def source_text(source: Source) -> str:
    kind = "政策文件" if source.kind == "policy" else "往年答复"
    facts = "，".join(x for x in (source.bureau, source.date) if x)
    score = f"，相似度 {source.score:.0f}" if source.score else ""
    return (
        f"引自{kind}《{source.title or source.doc_id}》（{facts}{score}）"
        if facts
        else f"引自{kind}《{source.title or source.doc_id}》{score}"
    )


@dataclass
class OutlineRow:
    """One row the outline should show, with the rows under it."""

    text: str
    node: Node
    bold: bool = False
    children: list[OutlineRow] = field(default_factory=list)


def _sync_rows(pane: DraftPane, parent: QStandardItem, rows: list[OutlineRow]) -> None:
    """Make `parent`'s children show `rows`: existing items are updated in place where they
    differ, missing ones appended, extra ones removed."""
    for i, row in enumerate(rows):
        item = parent.child(i)
        if item is None:
            item = QStandardItem()
            item.setEditable(False)
            parent.appendRow(item)
            pane.outline_rows_added += 1
        if item.data(NODE_ROLE) != row.node:
            item.setData(row.node, NODE_ROLE)
        if item.text() != row.text:
            item.setText(row.text)
            item.setToolTip(row.text)
        if item.font().bold() != row.bold:
            font = item.font()
            font.setBold(row.bold)
            item.setFont(font)
        _sync_rows(pane, item, row.children)
    if parent.rowCount() > len(rows):
        parent.removeRows(len(rows), parent.rowCount() - len(rows))


class SectionEditor(QTextEdit):
    """Plain text, one paragraph a line, laid out like paragraphs (indent, spacing)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAcceptRichText(False)
        self.setTabChangesFocus(True)
        font = QFont()
        font.setFamilies(["Noto Serif CJK SC", "仿宋", "FangSong", "SimSun", "serif"])
        font.setPointSizeF(font.pointSizeF() * 1.2 if font.pointSizeF() > 0 else 12)
        self.document().setDefaultFont(font)
        self.document().setDocumentMargin(12)

    def set_paragraphs(self, texts: list[str]) -> None:
        self.setPlainText("\n".join(texts))
        fmt = QTextBlockFormat()
        fmt.setBottomMargin(8)
        fmt.setTextIndent(2 * self.fontMetrics().horizontalAdvance("中"))
        fmt.setLineHeight(140, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
        cursor = QTextCursor(self.document())
        cursor.select(QTextCursor.SelectionType.Document)
        cursor.mergeBlockFormat(fmt)

    def lines(self) -> list[str]:
        return self.toPlainText().split("\n")


class DraftPane(QWidget):
    """Outline + editor over a DraftDocument. Emits `node_changed` when the place changes."""

    node_changed = Signal(object)

    def __init__(self, document: DraftDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self._node = Node(META)
        self._loading = False
        self._last_section: Node | None = None
        self.outline_rows_added = 0  # by the last outline update (tests watch it)

        self.outline_model = QStandardItemModel(self)
        self.outline = QTreeView()
        self.outline.setModel(self.outline_model)
        self.outline.setHeaderHidden(True)
        self.outline.setUniformRowHeights(True)
        self.outline.setExpandsOnDoubleClick(False)
        self.outline.setMinimumWidth(180)
        self.outline.selectionModel().currentChanged.connect(self._on_current)

        tools = QHBoxLayout()
        tools.setContentsMargins(0, 0, 0, 0)
        tools.setSpacing(2)
        self.buttons: dict[str, QToolButton] = {}
        for key, text, tip, slot in (
            ("add", "＋", "在当前章节后添加一节", self.add_section),
            ("remove", "－", "删除当前章节", self.remove_section),
            ("up", "↑", "上移", lambda: self.move_section(-1)),
            ("down", "↓", "下移", lambda: self.move_section(1)),
            ("promote", "←", "升一级（如（一）变为一、）", self.promote_section),
            ("demote", "→", "降一级（如一、变为（一））", self.demote_section),
        ):
            button = QToolButton()
            button.setText(text)
            button.setToolTip(tip)
            button.setAutoRaise(True)
            button.setMinimumWidth(26)
            button.clicked.connect(slot)
            tools.addWidget(button)
            self.buttons[key] = button
        tools.addStretch(1)
        outline_box = QWidget()
        outline_layout = QVBoxLayout(outline_box)
        outline_layout.setContentsMargins(0, 0, 0, 0)
        outline_layout.setSpacing(4)
        outline_title = QLabel("提纲")
        outline_title.setObjectName("paneTitle")
        outline_layout.addWidget(outline_title)
        outline_layout.addWidget(self.outline, 1)
        outline_layout.addLayout(tools)

        # The text page: heading (for sections) + paragraphs + provenance of the current one.
        self.heading = QLineEdit()
        self.heading.setPlaceholderText("标题（不写序号，序号按位置自动生成）")
        self.heading.textEdited.connect(self._on_heading)
        self.level_label = QLabel()
        self.level_label.setObjectName("hint")
        self.editor = SectionEditor()
        self.editor.textChanged.connect(self._on_text)
        self.editor.cursorPositionChanged.connect(self._show_source)
        self.highlighter = ReuseHighlighter(self.editor.document(), self._is_reused)
        self.source_label = QLabel()
        self.source_label.setObjectName("source")
        self.source_label.setWordWrap(True)
        self.place_label = ElidedLabel()
        self.place_label.setObjectName("paneTitle")
        text_page = QWidget()
        text_layout = QVBoxLayout(text_page)
        text_layout.setContentsMargins(0, 0, 0, 0)
        text_layout.setSpacing(6)
        text_layout.addWidget(self.place_label)
        heading_row = QHBoxLayout()
        heading_row.addWidget(self.heading, 1)
        heading_row.addWidget(self.level_label)
        text_layout.addLayout(heading_row)
        text_layout.addWidget(self.editor, 1)
        text_layout.addWidget(self.source_label)
        give_up_undo_keys(self.heading, self.editor)

        self.meta = MetaForm(document)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.meta)
        self.stack.addWidget(text_page)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(outline_box)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([220, 480])
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self.splitter = splitter

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(COMMIT_MS)
        self._timer.timeout.connect(self.flush)
        self._paragraphs: list[DraftParagraph] = []  # what the editor showed, with sources

        document.changed.connect(self._on_document_changed)
        self._rebuild_outline()
        self._show_node(self._node)

    # --- the outline ----------------------------------------------------------------------------

    def _rebuild_outline(self) -> None:
        """Bring the outline in line with the draft, touching only the rows that differ: a
        heading keystroke changes one row's text, not the whole tree (it used to be rebuilt
        on every keystroke, undo and insert)."""
        draft = self.document.draft
        headings = dm.numbered_headings(draft)

        def rows(sections: list[dm.DraftSection], where: tuple[int, ...]) -> list[OutlineRow]:
            out = []
            for i, section in enumerate(sections):
                path = (*where, i)
                out.append(
                    OutlineRow(
                        headings[path],
                        Node(SECTION, path),
                        section.level == 1,
                        rows(section.sections, path),
                    )
                )
            return out

        wanted = [
            OutlineRow("公文要素（文号、标题、主送、落款、版记）", Node(META)),
            OutlineRow("开头语", Node(OPENING)),
            *rows(draft.sections, ()),
            OutlineRow("结束语", Node(CLOSING)),
        ]
        self.outline_rows_added = 0
        _sync_rows(self, self.outline_model.invisibleRootItem(), wanted)
        if self.outline_rows_added:
            self.outline.expandAll()
        self._select_in_outline(self._node)

    def _find_item(self, node: Node) -> QModelIndex:
        # A walk, not QAbstractItemModel.match: match cannot compare Python objects stored in
        # a role, so it never found anything and the outline's selection did not follow.
        pending = [self.outline_model.invisibleRootItem()]
        while pending:
            parent = pending.pop()
            for i in range(parent.rowCount()):
                child = parent.child(i)
                if child.data(NODE_ROLE) == node:
                    return child.index()
                pending.append(child)
        return QModelIndex()

    def _select_in_outline(self, node: Node) -> None:
        index = self._find_item(node)
        if not index.isValid():
            return
        selection = self.outline.selectionModel()
        selection.blockSignals(True)
        try:
            self.outline.setCurrentIndex(index)
        finally:
            selection.blockSignals(False)
        self.outline.viewport().update()

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        node = current.data(NODE_ROLE) if current.isValid() else None
        if isinstance(node, Node) and node != self._node:
            self.flush()
            self._show_node(node)

    # --- the editor -----------------------------------------------------------------------------

    def current_node(self) -> Node:
        return self._node

    def select(self, node: Node) -> None:
        """Show `node` in the editor and the outline."""
        self.flush()
        self._show_node(node)
        self._select_in_outline(node)

    def _show_node(self, node: Node) -> None:
        draft = self.document.draft
        if node.part == SECTION and not dm.has_section(draft, node.path):
            node = Node(META)
        self._node = node
        if node.part == SECTION:
            self._last_section = node
        self._loading = True
        try:
            if node.part == META:
                self.meta.load(draft)
                self.stack.setCurrentWidget(self.meta)
            else:
                self.stack.setCurrentIndex(1)
                self._paragraphs = list(dm.paragraphs_of(draft, node))
                self.editor.set_paragraphs([p.text for p in self._paragraphs])
                is_section = node.part == SECTION
                self.heading.setVisible(is_section)
                self.level_label.setVisible(is_section)
                if is_section:
                    section = dm.section_at(draft, node.path)
                    self.heading.setText(section.heading)
                    self.level_label.setText(LEVEL_NAMES.get(section.level, ""))
                    self.place_label.setText(dm.numbered_headings(draft)[node.path])
                else:
                    self.place_label.setText(
                        "开头语（第一段为“……收悉，……答复如下：”）"
                        if node.part == OPENING
                        else "结束语（下一步、致谢）"
                    )
                self.highlighter.rehighlight()
                self._show_source()
        finally:
            self._loading = False
        self._update_buttons()
        self.node_changed.emit(node)

    def _update_buttons(self) -> None:
        is_section = self._node.part == SECTION
        for key in ("remove", "up", "down", "promote", "demote"):
            self.buttons[key].setEnabled(is_section)

    def paragraph_index(self, line: int) -> int:
        """The paragraph an editor line shows: blank lines are not paragraphs (except the
        opening formula, always the first line of the opening)."""
        count = 0
        block = self.editor.document().firstBlock()
        number = 0
        while block.isValid() and number < line:
            if block.text().strip() or (self._node.part == OPENING and number == 0):
                count += 1
            block = block.next()
            number += 1
        return count

    def _source_of_line(self, line: int) -> Source | None:
        block = self.editor.document().findBlockByNumber(line)
        if not block.isValid() or not block.text().strip():
            return None
        index = self.paragraph_index(line)
        return self._paragraphs[index].source if index < len(self._paragraphs) else None

    def _is_reused(self, line: int) -> bool:
        return self._source_of_line(line) is not None

    def _show_source(self) -> None:
        source = self._source_of_line(self.editor.textCursor().blockNumber())
        if source is not None:
            self.source_label.setText(source_text(source))
        else:
            self.source_label.setText("浅绿底色的段落引自档案库；光标所在段落的出处显示在这里。")

    def _on_text(self) -> None:
        if not self._loading:
            self._timer.start()

    def _on_heading(self, text: str) -> None:
        if self._loading or self._node.part != SECTION:
            return
        path = self._node.path
        self.document.edit(
            "修改标题",
            lambda d: setattr(dm.section_at(d, path), "heading", text),
            scope="structure",
            merge=f"heading:{path}",
        )

    def flush(self) -> None:
        """Put the editor's text into the draft now (before save, export, undo, a jump)."""
        self._timer.stop()
        node = self._node
        if node.part not in (OPENING, SECTION, CLOSING):
            return
        if node.part == SECTION and not dm.has_section(self.document.draft, node.path):
            return
        lines = self.editor.lines()
        texts = [line.strip() for line in lines]
        if node.part == OPENING:
            # The first line is always the opening formula, even when the officer empties it.
            texts = [texts[0], *[t for t in texts[1:] if t]] if texts else [""]
        else:
            texts = [t for t in texts if t]
        old = dm.paragraphs_of(self.document.draft, node)
        if [p.text for p in old] == texts:
            return
        paragraphs = dm.carry_sources(old, texts)
        self.document.edit(
            "编辑正文",
            lambda d: dm.set_paragraphs(d, node, paragraphs),
            scope="text",
            merge=f"text:{node}",
        )
        self._paragraphs = list(paragraphs)
        self.highlighter.rehighlight()
        self._show_source()

    def _on_document_changed(self, scope: str) -> None:
        if scope in ("all", "structure"):
            self._rebuild_outline()
        if scope == "all":
            self._show_node(self._node)
        elif scope == "structure" and self._node.part == SECTION:
            self.place_label.setText(
                dm.numbered_headings(self.document.draft).get(self._node.path, "")
            )

    # --- inserting and structure ----------------------------------------------------------------

    def insertion_node(self) -> Node:
        """Where an inserted paragraph goes: the place being edited, else the last section
        edited, else the first section."""
        if self._node.part in (OPENING, SECTION):
            return self._node
        if self._last_section is not None and dm.has_section(
            self.document.draft, self._last_section.path
        ):
            return self._last_section
        return Node(SECTION, (0,)) if self.document.draft.sections else Node(OPENING)

    def insert_paragraph(self, text: str, source: Source | None) -> Node:
        """Insert a paragraph after the cursor's paragraph (at the end when the place is not
        being edited); returns where it went."""
        self.flush()
        node = self.insertion_node()
        at: int | None = None
        if node == self._node:
            line = self.editor.textCursor().blockNumber()
            at = min(self.paragraph_index(line) + 1, len(self._paragraphs))
        paragraph = DraftParagraph(text, source)

        def change(d: dm.Draft) -> None:
            paragraphs = list(dm.paragraphs_of(d, node))
            position = len(paragraphs) if at is None else max(at, 1 if node.part == OPENING else 0)
            # A section whose only paragraph is the template's placeholder gets the text instead.
            if len(paragraphs) == 1 and "【待填写" in paragraphs[0].text and node.part == SECTION:
                paragraphs = []
                position = 0
            paragraphs.insert(position, paragraph)
            dm.set_paragraphs(d, node, paragraphs)

        self.document.edit("插入段落", change, scope="all")
        self.select(node)
        # Put the cursor on the inserted paragraph.
        for i, p in enumerate(self._paragraphs):
            if p is not None and p.text == text and p.source == source:
                block = self.editor.document().findBlockByNumber(i)
                cursor = QTextCursor(block)
                self.editor.setTextCursor(cursor)
                self.editor.ensureCursorVisible()
                break
        return node

    def _structure(self, label: str, change: object) -> None:
        self.flush()
        result: list[tuple[int, ...]] = []

        def apply(d: dm.Draft) -> None:
            result.append(change(d))  # type: ignore[operator]

        self.document.edit(label, apply, scope="all")
        if result and result[0]:
            self.select(Node(SECTION, result[0]))

    def add_section(self) -> None:
        after = self._node.path if self._node.part == SECTION else None
        self._structure("添加章节", lambda d: dm.add_section(d, after))
        self.heading.setFocus()
        self.heading.selectAll()

    def remove_section(self) -> None:
        if self._node.part != SECTION:
            return
        path = self._node.path
        self.flush()
        self.document.edit("删除章节", lambda d: dm.remove_section(d, path), scope="all")
        draft = self.document.draft
        if dm.has_section(draft, path):
            self.select(Node(SECTION, path))
        elif path[-1] > 0:
            self.select(Node(SECTION, (*path[:-1], path[-1] - 1)))
        elif len(path) > 1:
            self.select(Node(SECTION, path[:-1]))
        else:
            self.select(Node(OPENING))

    def move_section(self, delta: int) -> None:
        if self._node.part == SECTION:
            path = self._node.path
            self._structure("移动章节", lambda d: dm.move_section(d, path, delta))

    def promote_section(self) -> None:
        if self._node.part == SECTION:
            path = self._node.path
            self._structure("升级章节", lambda d: dm.promote_section(d, path))

    def demote_section(self) -> None:
        if self._node.part == SECTION:
            path = self._node.path
            self._structure("降级章节", lambda d: dm.demote_section(d, path))

    # --- jumping (from 校对) --------------------------------------------------------------------

    def go_to(self, node: Node, line: int, start: int, end: int, *, heading: bool = False) -> None:
        """Select text in the editor: characters start..end of paragraph `line` of `node`."""
        self.select(node)
        if node.part == META:
            return
        if heading:
            self.heading.setFocus()
            self.heading.setSelection(start, max(0, end - start))
            return
        block = self.editor.document().findBlockByNumber(max(0, line))
        if not block.isValid():
            return
        length = max(0, block.length() - 1)
        cursor = QTextCursor(block)
        cursor.setPosition(block.position() + min(start, length))
        cursor.setPosition(
            block.position() + min(max(end, start), length), QTextCursor.MoveMode.KeepAnchor
        )
        self.editor.setTextCursor(cursor)
        self.editor.setFocus()
        self.editor.ensureCursorVisible()
