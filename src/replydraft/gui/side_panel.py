"""The side panel: similar replies, policy passages, proofreading findings and the page preview.

The panel shows what the window hands it and says what the officer picked (signals); the
searching itself runs on the core's worker (CoreServices).
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor, QTextCursor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QStyle,
    QTabWidget,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from replydraft.gui.preview import PreviewPane
from replydraft.index import title_shown
from replydraft.records import Record, Source

SEARCH_DEBOUNCE_MS = 300
ITEM_ROLE = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True)
class Pick:
    """A paragraph the officer may insert: its text and where it came from."""

    text: str
    source: Source


@dataclass(frozen=True)
class DocHit:
    """A result row for a whole document (a Match), or one of its paragraphs (seq >= 0)."""

    doc_id: str
    title: str
    kind: str
    bureau: str
    date: str
    score: float
    seq: int = -1
    text: str = ""
    terms: tuple[str, ...] = ()
    spans: tuple[tuple[int, int], ...] = ()
    reasons: tuple[str, ...] = ()  # why it is shown (a candidate: why it was not placed)


def _score_text(score: float) -> str:
    return f"{score:.0f}"


def highlighted_html(text: str, spans: tuple[tuple[int, int], ...] | list[tuple[int, int]]) -> str:
    """`text` as HTML with the shared terms (spans) marked."""
    out: list[str] = []
    pos = 0
    for start, end in sorted(spans):
        if start < pos or end > len(text):
            continue
        out.append(html.escape(text[pos:start]))
        out.append(
            f'<span style="color:#a33d00; font-weight:600;">{html.escape(text[start:end])}</span>'
        )
        pos = end
    out.append(html.escape(text[pos:]))
    return "".join(out)


def _tree(headers: list[str]) -> QTreeWidget:
    tree = QTreeWidget()
    tree.setHeaderLabels(headers)
    tree.setRootIsDecorated(True)
    tree.setUniformRowHeights(True)
    tree.setAlternatingRowColors(True)
    tree.header().setStretchLastSection(False)
    tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    for col in range(1, len(headers)):
        tree.header().setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
    return tree


class SimilarTab(QWidget):
    """相似答复: ranked replies and paragraphs; the selected reply is shown with its matched
    paragraphs highlighted; a paragraph (picked in the list or clicked in the text) can be
    inserted into the current section."""

    query_changed = Signal(str)  # debounced: search for this text ("" = the proposal)
    refresh_requested = Signal()
    record_wanted = Signal(str)  # show this record: the window loads it and calls show_record
    insert_requested = Signal(object)  # a Pick

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DEBOUNCE_MS)
        self.query = QLineEdit()
        self._debounce.timeout.connect(lambda: self.query_changed.emit(self.query.text().strip()))
        self.query.setPlaceholderText("输入关键词或一段话查找往年答复（留空则按当前提案查找）")
        self.query.setClearButtonEnabled(True)
        self.query.textEdited.connect(lambda _t: self._debounce.start())
        self.refresh = QPushButton("重新搜索")
        self.refresh.setToolTip("按当前提案或输入的文字重新搜索（F5）")
        self.refresh.clicked.connect(self.refresh_requested)

        self.status = QLabel("打开提案后，这里列出相似的往年答复。")
        self.status.setObjectName("hint")
        self.status.setWordWrap(True)
        self.results = _tree(["答复 / 段落", "相似度"])
        self.results.currentItemChanged.connect(self._on_current)
        self.results.itemDoubleClicked.connect(lambda *_: self.insert_current())

        self.record_title = QLabel()
        self.record_title.setObjectName("recordTitle")
        self.record_title.setWordWrap(True)
        self.viewer = QTextBrowser()
        self.viewer.setOpenLinks(False)
        self.viewer.cursorPositionChanged.connect(self._on_viewer_click)
        self.pick_label = QLabel("选中一个段落（在列表中，或在正文里单击）即可插入。")
        self.pick_label.setObjectName("hint")
        self.pick_label.setWordWrap(True)
        self.insert = QPushButton("插入到当前章节")
        self.insert.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_ArrowRight))
        self.insert.setToolTip("把选中的段落插入草稿当前章节，并记录出处（Ctrl+I）")
        self.insert.setEnabled(False)
        self.insert.clicked.connect(self.insert_current)

        top_row = QHBoxLayout()
        top_row.addWidget(self.query, 1)
        top_row.addWidget(self.refresh)
        viewer_box = QWidget()
        viewer_layout = QVBoxLayout(viewer_box)
        viewer_layout.setContentsMargins(0, 0, 0, 0)
        viewer_layout.addWidget(self.record_title)
        viewer_layout.addWidget(self.viewer, 1)
        bottom_row = QHBoxLayout()
        bottom_row.addWidget(self.pick_label, 1)
        bottom_row.addWidget(self.insert)
        viewer_layout.addLayout(bottom_row)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.results)
        splitter.addWidget(viewer_box)
        splitter.setSizes([300, 420])
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(top_row)
        layout.addWidget(self.status)
        layout.addWidget(splitter, 1)

        self._record: Record | None = None
        self._hit: DocHit | None = None
        self._marked: dict[int, DocHit] = {}  # paragraph seq -> the passage that matched it
        self._showing = False
        self.pick: Pick | None = None

    # --- results --------------------------------------------------------------------------------

    def show_results(
        self, groups: list[tuple[str, list[tuple[DocHit, list[DocHit]]]]], status: str
    ) -> None:
        """Groups of (document or paragraph hit, its paragraph hits), e.g. 整篇相似 / 逐条建议."""
        self.results.clear()
        self.status.setText(status)
        first: QTreeWidgetItem | None = None
        for title, rows in groups:
            group = QTreeWidgetItem([title, ""])
            font = group.font(0)
            font.setBold(True)
            group.setFont(0, font)
            group.setFlags(group.flags() & ~Qt.ItemFlag.ItemIsSelectable)
            self.results.addTopLevelItem(group)
            for hit, children in rows:
                item = self._item(hit)
                group.addChild(item)
                for child in children:
                    item.addChild(self._item(child))
                if first is None and hit.doc_id:
                    first = item
            group.setExpanded(True)
            for i in range(group.childCount()):
                row = group.child(i)
                if row is not None:
                    row.setExpanded(row.childCount() <= 3)
        if first is not None:
            self.results.setCurrentItem(first)
        else:
            self._clear_viewer()

    def _item(self, hit: DocHit) -> QTreeWidgetItem:
        label = hit.text if hit.seq >= 0 and hit.text else hit.title or hit.doc_id
        if hit.seq >= 0 and not hit.text:
            label = hit.title
        facts = " · ".join(x for x in (hit.bureau, hit.date) if x)
        item = QTreeWidgetItem([label, _score_text(hit.score) if hit.doc_id else ""])
        item.setData(0, ITEM_ROLE, hit)
        tip = "\n".join(x for x in (hit.title, facts, *hit.reasons, hit.text[:200]) if x)
        item.setToolTip(0, tip)
        item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if hit.score >= 60:
            item.setForeground(1, QColor("#1a7f37"))
        return item

    def _on_current(
        self, current: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None
    ) -> None:
        hit = current.data(0, ITEM_ROLE) if current is not None else None
        if not isinstance(hit, DocHit):
            return
        self._hit = hit
        marked: dict[int, DocHit] = {}
        # Every paragraph hit of this document under the selected row (or its parent) is marked.
        parent = current.parent() if current is not None else None
        holder = current if hit.seq < 0 else parent
        if holder is not None:
            for i in range(holder.childCount()):
                row = holder.child(i)
                child = row.data(0, ITEM_ROLE) if row is not None else None
                if isinstance(child, DocHit) and child.doc_id == hit.doc_id and child.seq >= 0:
                    marked[child.seq] = child
        if hit.seq >= 0:
            marked[hit.seq] = hit
        self._marked = marked
        if self._record is not None and self._record.id == hit.doc_id:
            self._render()
        else:
            self.record_wanted.emit(hit.doc_id)
        if hit.seq >= 0:
            self._set_pick(hit.seq)

    def show_record(self, record: Record) -> None:
        self._record = record
        if self._hit is not None and self._hit.doc_id == record.id:
            self._render()
            if self._hit.seq >= 0:
                self._set_pick(self._hit.seq)

    def _render(self) -> None:
        record = self._record
        hit = self._hit
        if record is None or hit is None:
            return
        parsed = record.parsed
        facts = " · ".join(x for x in (parsed.bureau, parsed.date, record.source) if x)
        self.record_title.setText(
            f"<b>{html.escape(title_shown(record))}</b><br><span style='color:#666'>{html.escape(facts)}</span>"
        )
        parts = []
        for seq, text in enumerate(record.paragraphs):
            found = self._marked.get(seq)
            if found is not None:
                strong = hit.seq == seq
                background = "#ffe9a8" if strong else "#fff6d6"
                body = highlighted_html(text, found.spans)
                parts.append(
                    f'<p style="background-color:{background}; margin:0 0 8px 0;">'
                    f'<span style="color:#8a6d00;">［{_score_text(found.score)}］</span>{body}</p>'
                )
            else:
                parts.append(f'<p style="margin:0 0 8px 0;">{html.escape(text)}</p>')
        self._showing = True
        try:
            self.viewer.setHtml("".join(parts))
            target = hit.seq if hit.seq >= 0 else (min(self._marked) if self._marked else 0)
            block = self.viewer.document().findBlockByNumber(target)
            if block.isValid():
                self.viewer.setTextCursor(QTextCursor(block))
                # After the layout at the viewer's width is done: the matched paragraph at the top.
                QTimer.singleShot(0, lambda: self._scroll_to(target))
        finally:
            self._showing = False

    def _scroll_to(self, seq: int) -> None:
        block = self.viewer.document().findBlockByNumber(seq)
        if block.isValid():
            top = self.viewer.document().documentLayout().blockBoundingRect(block).top()
            self.viewer.verticalScrollBar().setValue(max(0, int(top) - 24))

    def _on_viewer_click(self) -> None:
        if self._showing or self._record is None:
            return
        if self.viewer.textCursor().hasSelection():
            return
        self._set_pick(self.viewer.textCursor().blockNumber())

    def _set_pick(self, seq: int) -> None:
        record = self._record
        if record is None or not 0 <= seq < len(record.paragraphs):
            return
        text = record.paragraphs[seq]
        found = self._marked.get(seq)
        score = found.score if found is not None else (self._hit.score if self._hit else 0.0)
        parsed = record.parsed
        source = Source(
            doc_id=record.id,
            title=title_shown(record),
            kind=record.kind.value,
            bureau=parsed.bureau,
            date=parsed.date,
            score=round(score, 1),
            original=text,
            seq=seq,
        )
        self.pick = Pick(text, source)
        preview = text if len(text) <= 60 else text[:60] + "……"
        self.pick_label.setText(f"已选第 {seq + 1} 段：{preview}")
        self.insert.setEnabled(True)

    def insert_current(self) -> None:
        if self.pick is not None:
            self.insert_requested.emit(self.pick)

    def _clear_viewer(self) -> None:
        self._record = None
        self._hit = None
        self.pick = None
        self.viewer.clear()
        self.record_title.clear()
        self.insert.setEnabled(False)
        self.pick_label.setText("选中一个段落（在列表中，或在正文里单击）即可插入。")


class PolicyTab(QWidget):
    """政策依据: for each suggestion, passages of policy documents worth citing."""

    insert_requested = Signal(object)  # a Pick

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.status = QLabel("打开提案后，这里按每条建议列出可引用的政策文件段落。")
        self.status.setObjectName("hint")
        self.status.setWordWrap(True)
        self.tree = _tree(["建议 / 政策段落", "相关度"])
        self.tree.currentItemChanged.connect(self._on_current)
        self.tree.itemDoubleClicked.connect(lambda *_: self.insert_current())
        self.viewer = QTextBrowser()
        self.insert = QPushButton("插入到当前章节")
        self.insert.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_ArrowRight))
        self.insert.setEnabled(False)
        self.insert.clicked.connect(self.insert_current)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.tree)
        splitter.addWidget(self.viewer)
        splitter.setSizes([360, 300])
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.status)
        layout.addWidget(splitter, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.insert)
        layout.addLayout(row)
        self.pick: Pick | None = None

    def show_policies(self, groups: list[tuple[str, list[DocHit]]]) -> None:
        self.tree.clear()
        self.viewer.clear()
        self.insert.setEnabled(False)
        self.pick = None
        total = sum(len(hits) for _s, hits in groups)
        self.status.setText(
            f"为 {len(groups)} 条建议找到 {total} 段政策依据。"
            if total
            else "没有找到相关的政策文件段落。可以在“档案库”里导入政策文件（类型选“政策”）。"
        )
        for i, (suggestion, hits) in enumerate(groups, 1):
            group = QTreeWidgetItem([f"建议{i}：{suggestion}", ""])
            group.setToolTip(0, suggestion)
            font = group.font(0)
            font.setBold(True)
            group.setFont(0, font)
            self.tree.addTopLevelItem(group)
            for hit in hits:
                label = f"《{hit.title}》{hit.text}" if hit.title else hit.text
                item = QTreeWidgetItem([label, _score_text(hit.score)])
                item.setData(0, ITEM_ROLE, hit)
                item.setToolTip(0, hit.text[:300])
                group.addChild(item)
            if not hits:
                none = QTreeWidgetItem(["（没有找到）", ""])
                none.setFlags(Qt.ItemFlag.NoItemFlags)
                group.addChild(none)
            group.setExpanded(True)
        first = self.tree.topLevelItem(0)
        passage = first.child(0) if first is not None else None
        if passage is not None:
            self.tree.setCurrentItem(passage)

    def _on_current(
        self, current: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None
    ) -> None:
        hit = current.data(0, ITEM_ROLE) if current is not None else None
        if not isinstance(hit, DocHit):
            return
        facts = " · ".join(x for x in (hit.bureau, hit.date) if x)
        self.viewer.setHtml(
            f"<p><b>{html.escape(hit.title)}</b><br><span style='color:#666'>{html.escape(facts)}</span></p>"
            f"<p>{highlighted_html(hit.text, hit.spans)}</p>"
        )
        self.pick = Pick(
            hit.text,
            Source(
                hit.doc_id, hit.title, "policy", hit.bureau, hit.date, round(hit.score, 1), hit.text
            ),
        )
        self.insert.setEnabled(True)

    def insert_current(self) -> None:
        if self.pick is not None:
            self.insert_requested.emit(self.pick)


SEVERITY_NAMES = {"error": "错误", "warning": "提醒", "info": "提示"}


class CheckTab(QWidget):
    """校对: the proofreader's findings; activating one jumps to its place in the draft."""

    finding_activated = Signal(int)  # index into the findings shown
    refresh_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary = QLabel("打开提案后自动校对。")
        self.summary.setObjectName("hint")
        self.summary.setWordWrap(True)
        again = QPushButton("重新校对")
        again.clicked.connect(self.refresh_requested)
        self.tree = _tree(["问题", "级别", "原文"])
        self.tree.setRootIsDecorated(False)
        self.tree.header().setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        self.tree.itemActivated.connect(self._on_item)
        self.tree.itemClicked.connect(self._on_item)
        row = QHBoxLayout()
        row.addWidget(self.summary, 1)
        row.addWidget(again)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(row)
        layout.addWidget(self.tree, 1)
        style = self.style()
        self._icons = {
            "error": style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical),
            "warning": style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning),
            "info": style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxInformation),
        }

    def show_findings(self, rows: list[tuple[str, str, str]]) -> None:
        """(severity, message, excerpt) per finding, in the order of the findings. Rows that
        did not change are left alone: a check runs after every pause in typing."""
        tree = self.tree
        counts = {"error": 0, "warning": 0, "info": 0}
        for i, (severity, message, excerpt) in enumerate(rows):
            counts[severity] = counts.get(severity, 0) + 1
            texts = [message, SEVERITY_NAMES.get(severity, severity), excerpt]
            item = tree.topLevelItem(i)
            if item is None:
                item = QTreeWidgetItem(texts)
                item.setData(0, ITEM_ROLE, i)
                tree.addTopLevelItem(item)
            elif [item.text(c) for c in range(3)] == texts:
                continue
            else:
                for column, text in enumerate(texts):
                    item.setText(column, text)
            item.setIcon(0, self._icons.get(severity, self._icons["info"]))
            item.setToolTip(0, message)
        while tree.topLevelItemCount() > len(rows):
            tree.takeTopLevelItem(tree.topLevelItemCount() - 1)
        if rows:
            self.summary.setText(
                f"发现 {counts['error']} 个错误、{counts['warning']} 个提醒、{counts['info']} 个提示。单击一项跳到草稿中的位置。"
            )
        else:
            self.summary.setText("没有发现问题。")

    def _on_item(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        index = item.data(0, ITEM_ROLE)
        if isinstance(index, int):
            self.finding_activated.emit(index)


class SidePanel(QTabWidget):
    """相似答复 / 政策依据 / 校对 / 版面预览."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.similar = SimilarTab()
        self.policy = PolicyTab()
        self.check = CheckTab()
        self.preview = PreviewPane()
        self.addTab(self.similar, "相似答复")
        self.addTab(self.policy, "政策依据")
        self.addTab(self.check, "校对")
        self.addTab(self.preview, "版面预览")
        self.setDocumentMode(True)

    def set_check_count(self, errors: int, total: int) -> None:
        index = self.indexOf(self.check)
        self.setTabText(index, f"校对（{total}）" if total else "校对")
        self.setTabToolTip(index, f"{errors} 个错误" if errors else "")
