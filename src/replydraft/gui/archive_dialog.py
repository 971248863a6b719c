"""The archive manager: import files and folders, see what failed, browse, search, delete."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStyle,
    QTableView,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from replydraft.archive import RecordSummary
from replydraft.errors import safe_line
from replydraft.gui.archive_model import KIND_NAMES, ArchiveTableModel
from replydraft.gui.prompter import Prompter
from replydraft.gui.services import CoreServices
from replydraft.gui.workers import Task
from replydraft.importer import ImportReport, import_paths
from replydraft.readers import registry
from replydraft.records import Kind, Record
from replydraft.workspace import Workspace

FILTER_MS = 200
IMPORT_FILTER = ";;".join(
    [f"文档 ({registry.patterns()})", *registry.format_filters(), "所有文件 (*)"]
)


def record_html(record: Record) -> str:
    """A record's fields and text for the viewer."""
    p = record.parsed
    rows = [
        ("类型", KIND_NAMES.get(record.kind.value, record.kind.value)),
        ("单位", p.bureau),
        ("文号", p.doc_number),
        ("日期", p.date),
        ("会议", p.session),
        ("提案号", p.proposal_number),
        ("提案人", "、".join(p.proposers)),
        (
            "来源",
            f"{record.source}（{record.format}{'，' + record.encoding if record.encoding else ''}）",
        ),
        ("ID", record.id),
    ]
    facts = "".join(
        f"<tr><td style='color:#666; padding-right:12px;'>{k}</td><td>{html.escape(v)}</td></tr>"
        for k, v in rows
        if v
    )
    body = "".join(f"<p style='margin:0 0 8px 0;'>{html.escape(t)}</p>" for t in record.paragraphs)
    return f"<h3>{html.escape(record.title or record.source)}</h3><table>{facts}</table><hr>{body}"


class ArchiveDialog(QDialog):
    """Non-modal: imports run on a worker and the officer can keep drafting."""

    import_finished = Signal(object)  # the ImportReport
    list_loaded = Signal(int)  # rows in the table
    search_finished = Signal(int)

    def __init__(
        self, services: CoreServices, prompter: Prompter, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.prompter = prompter
        self.setWindowTitle("档案库")
        self.resize(1280, 800)
        self.setModal(False)
        self._task: Task | None = None
        self.last_report: ImportReport | None = None

        # Import row
        self.import_files = QPushButton("导入文件…")
        self.import_files.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_FileIcon))
        self.import_files.clicked.connect(self._ask_files)
        self.import_folder = QPushButton("导入文件夹…")
        self.import_folder.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_DirIcon))
        self.import_folder.clicked.connect(self._ask_folder)
        self.import_kind = QComboBox()
        self.import_kind.addItem("自动识别类型", "")
        for value in ("reply", "proposal", "policy"):
            self.import_kind.addItem(f"全部作为{KIND_NAMES[value]}", value)
        self.delete = QPushButton("删除所选")
        self.delete.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_TrashIcon))
        self.delete.clicked.connect(self.delete_selected)
        import_row = QHBoxLayout()
        import_row.addWidget(self.import_files)
        import_row.addWidget(self.import_folder)
        import_row.addWidget(self.import_kind)
        import_row.addStretch(1)
        import_row.addWidget(self.delete)

        # Progress and failures
        self.progress = QProgressBar()
        self.progress.setTextVisible(True)
        self.progress_label = QLabel()
        self.progress_label.setObjectName("hint")
        self.cancel = QPushButton("取消导入")
        self.cancel.clicked.connect(self.cancel_import)
        self.progress_box = QFrame()
        self.progress_box.setObjectName("banner")
        progress_layout = QHBoxLayout(self.progress_box)
        progress_layout.addWidget(self.progress, 1)
        progress_layout.addWidget(self.progress_label, 2)
        progress_layout.addWidget(self.cancel)
        self.progress_box.hide()
        self.report_label = QLabel()
        self.report_label.setWordWrap(True)
        self.report_label.hide()
        self.failures = QTreeWidget()
        self.failures.setHeaderLabels(["未能导入的文件", "原因"])
        self.failures.setRootIsDecorated(False)
        self.failures.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.failures.header().resizeSection(0, 360)
        self.failures.setMaximumHeight(150)
        self.failures.hide()

        # Browse / filter / search
        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(FILTER_MS)
        self._filter_timer.timeout.connect(self._apply_filter)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("筛选：标题、单位、文件名、日期（多个词用空格隔开）")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(lambda _t: self._filter_timer.start())
        self.kind_filter = QComboBox()
        self.kind_filter.addItem("全部类型", "")
        for value, name in KIND_NAMES.items():
            self.kind_filter.addItem(name, value)
        self.kind_filter.currentIndexChanged.connect(lambda _i: self._apply_filter())
        self.search = QLineEdit()
        self.search.setPlaceholderText("全文相似搜索：输入一段话")
        self.search.setClearButtonEnabled(True)
        self.search.returnPressed.connect(self.run_search)
        self.search.textChanged.connect(lambda t: self.clear_search() if not t.strip() else None)
        search_button = QPushButton("搜索")
        search_button.clicked.connect(self.run_search)
        self.count_label = QLabel()
        self.count_label.setObjectName("hint")
        filter_row = QHBoxLayout()
        filter_row.addWidget(self.filter, 3)
        filter_row.addWidget(self.kind_filter)
        filter_row.addSpacing(16)
        filter_row.addWidget(self.search, 2)
        filter_row.addWidget(search_button)
        filter_row.addWidget(self.count_label)

        self.model = ArchiveTableModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setSortingEnabled(True)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        # Fixed widths, the title stretching: sizing to contents would measure 100,000 rows.
        for column, width in enumerate((64, 52, 360, 170, 92, 60, 150, 110)):
            header.resizeSection(column, width)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnHidden(7, True)  # the id is in the record view beside the table
        self.table.setColumnHidden(0, True)
        self.table.selectionModel().currentRowChanged.connect(
            lambda cur, _prev: self._show_row(cur.row())
        )
        self.viewer = QTextBrowser()
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.table)
        splitter.addWidget(self.viewer)
        splitter.setSizes([900, 360])
        splitter.setChildrenCollapsible(False)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        buttons.rejected.connect(self.close)

        layout = QVBoxLayout(self)
        layout.setSpacing(8)
        layout.addLayout(import_row)
        layout.addWidget(self.progress_box)
        layout.addWidget(self.report_label)
        layout.addWidget(self.failures)
        layout.addLayout(filter_row)
        layout.addWidget(splitter, 1)
        layout.addWidget(buttons)

        services.archive_changed.connect(self.reload)
        services.archive_ready.connect(lambda _n: self.reload())
        self._set_enabled(services.is_archive_ready)
        if services.is_archive_ready:
            self.reload()
        else:
            self.count_label.setText("正在打开档案库…")

    def _set_enabled(self, ready: bool) -> None:
        for w in (self.import_files, self.import_folder, self.delete, self.search):
            w.setEnabled(ready)

    # --- listing --------------------------------------------------------------------------------

    def reload(self) -> None:
        self._set_enabled(self._task is None)
        self.services.run(
            "archive-list", lambda ws, _t: ws.archive.list(), self._on_list, self._on_error
        )

    def _on_list(self, rows: list[RecordSummary]) -> None:
        self.model.set_summaries(rows)
        self._update_count()
        if self.model.rowCount() and not self.table.selectionModel().hasSelection():
            self.table.selectRow(0)  # the viewer beside the table is never blank
        self.list_loaded.emit(self.model.rowCount())

    def _apply_filter(self) -> None:
        self.model.set_filter(self.filter.text(), str(self.kind_filter.currentData() or ""))
        self._update_count()

    def _update_count(self) -> None:
        shown, total = self.model.rowCount(), self.model.total()
        if self.model.searching:
            self.count_label.setText(f"搜索结果 {shown} 条")
        else:
            self.count_label.setText(
                f"共 {total} 条" if shown == total else f"显示 {shown} / {total} 条"
            )

    def _show_row(self, row: int) -> None:
        if row < 0 or row >= self.model.rowCount():
            return
        doc_id = self.model.summary(row).id
        self.services.run(
            "archive-get",
            lambda ws, _t: ws.archive.get(doc_id),
            lambda r: self.viewer.setHtml(record_html(r)),
            self._on_error,
        )

    def _on_error(self, exc: BaseException) -> None:
        self.prompter.error("档案库", str(exc))

    # --- search ---------------------------------------------------------------------------------

    def run_search(self) -> None:
        text = self.search.text().strip()
        if not text:
            self.clear_search()
            return

        def search(ws: Workspace, _t: Task) -> list[tuple[str, float]]:
            return [(m.id, m.score) for m in ws.searcher.search(text, top=100, kind=None)]

        self.services.run("archive-search", search, self._on_search, self._on_error)

    def _on_search(self, scored: list[tuple[str, float]]) -> None:
        self.model.set_search_results(scored)
        self.table.setColumnHidden(0, False)
        self._update_count()
        self.search_finished.emit(len(scored))

    def clear_search(self) -> None:
        if self.model.searching:
            self.model.clear_search()
            self.table.setColumnHidden(0, True)
            self._update_count()

    # --- importing ------------------------------------------------------------------------------

    def _ask_files(self) -> None:
        paths = self.prompter.open_paths("导入文件到档案库", IMPORT_FILTER)
        if paths:
            self.start_import(paths)

    def _ask_folder(self) -> None:
        folder = self.prompter.open_folder("导入文件夹（包括子文件夹）")
        if folder is not None:
            self.start_import([folder])

    def start_import(self, paths: list[Path]) -> Task | None:
        if self._task is not None:
            return None
        kind_value = str(self.import_kind.currentData() or "")
        kind = Kind(kind_value) if kind_value else None
        ws = self.services.workspace

        def work(task: Task) -> ImportReport:
            return import_paths(
                ws.archive,
                paths,
                kind=kind,
                tokenizer=ws.tokenizer,
                progress=lambda done, total, path: task.report(done, total, str(path)),
                cancel=task.is_cancelled,
            )

        self.failures.clear()
        self.failures.hide()
        self.report_label.hide()
        self.progress.setRange(0, 0)  # busy until the files are counted
        self.progress_label.setText("正在查找文件…")
        self.progress_box.show()
        self.cancel.setEnabled(True)
        self._set_enabled(False)
        self._task = self.services.imports.start(
            "import", work, self._on_import_done, self._on_import_failed, self._on_progress
        )
        return self._task

    def cancel_import(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self.cancel.setEnabled(False)
            self.progress_label.setText("正在取消（当前文件处理完后停止）…")

    def _on_progress(self, done: int, total: int, path: str) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.progress.setFormat(f"{done} / {total}")
        self.progress_label.setText(Path(path).name)

    def _on_import_done(self, report: ImportReport) -> None:
        self._task = None
        self.last_report = report
        self.progress_box.hide()
        parts = [f"新增 {len(report.added)} 条", f"已在档案库中 {len(report.duplicates)} 个"]
        if report.failures:
            parts.append(f"失败 {len(report.failures)} 个（原因见下表）")
        if report.warnings:
            parts.append(f"{len(report.warnings)} 个文件导入时有警告（见下表）")
        if report.cancelled:
            parts.append("导入已取消，已导入的记录保留")
        if report.stopped:
            parts.append(report.stopped)
        self.report_label.setText("导入完成：" + "，".join(parts) + "。")
        self.report_label.show()
        # Names escaped: a file name may hold control characters or undecodable bytes.
        rows = [(f, f.problem) for f in report.failures]
        rows += [(w, f"已导入，但{w.problem}") for w in report.warnings]
        for failure, problem in rows:
            shown = safe_line(str(failure.path))
            item = QTreeWidgetItem([shown, problem])
            item.setToolTip(0, shown)
            item.setToolTip(1, problem)
            self.failures.addTopLevelItem(item)
        self.failures.setVisible(bool(rows))
        self._set_enabled(True)
        if report.added:
            self.services.notify_archive_changed()
        self.import_finished.emit(report)

    def _on_import_failed(self, exc: BaseException) -> None:
        self._task = None
        self.progress_box.hide()
        self._set_enabled(True)
        self.prompter.error("导入失败", str(exc))

    @property
    def importing(self) -> bool:
        return self._task is not None

    # --- deleting -------------------------------------------------------------------------------

    def selected_ids(self) -> list[str]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.model.summary(r).id for r in rows]

    def delete_selected(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        titles = [
            self.model.summary(r.row()).title for r in self.table.selectionModel().selectedRows()
        ][:3]
        shown = "\n".join(f"· {t}" for t in titles if t)
        more = f"\n……共 {len(ids)} 条" if len(ids) > 3 else ""
        if not self.prompter.confirm(
            "删除记录",
            f"从档案库删除这 {len(ids)} 条记录？删除后不能撤销。\n\n{shown}{more}",
            yes="删除",
            no="取消",
        ):
            return

        def delete(ws: Workspace, _t: Task) -> int:
            with ws.archive.transaction():
                for doc_id in ids:
                    ws.archive.delete(doc_id)
            return len(ids)

        self.services.run(
            "archive-delete",
            delete,
            lambda _n: self.services.notify_archive_changed(),
            self._on_error,
        )
