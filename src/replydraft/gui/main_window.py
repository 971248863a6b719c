"""The main window: the proposal, the draft and the side panel in three resizable panes.

The window wires the panes to the core (through CoreServices, off the GUI thread) and owns
the document's life: open, save, export, autosave, restore, close. Every question to the user
goes through the Prompter it is given.
"""

from __future__ import annotations

import copy
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QMainWindow,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from replydraft.atomic import WriteError
from replydraft.gui import draft_model as dm
from replydraft.gui.autosave import DRAFT_SUFFIX, Autosave, find_orphans
from replydraft.gui.banner import Banner
from replydraft.gui.commands import build_commands, build_menus, build_toolbar, draft_commands
from replydraft.gui.draft_model import DraftDocument, Node
from replydraft.gui.draft_pane import DraftPane
from replydraft.gui.faults import LOG_FILE, fault_message, is_bug, log, log_folder
from replydraft.gui.geometry import default_rect, usable, usable_splits
from replydraft.gui.limits import TooLarge, check_file, check_proposal
from replydraft.gui.prompter import Prompter, SaveChoice
from replydraft.gui.proofreading import Proofreader
from replydraft.gui.proposal_pane import ProposalPane, proposal_text
from replydraft.gui.search_control import SearchControl
from replydraft.gui.services import CoreServices
from replydraft.gui.side_panel import Pick, SidePanel
from replydraft.gui.welcome import WelcomePage
from replydraft.gui.workers import Task
from replydraft.profiles import BureauProfile, ProfileError
from replydraft.readers import registry
from replydraft.readers.ocr import Recognised
from replydraft.records import Draft, Parsed
from replydraft.workspace import Workspace

if TYPE_CHECKING:
    from replydraft.check import Finding
    from replydraft.gui.printing import PrintJob
    from replydraft.sent import Archived
    from replydraft.session import OpenedProposal

APP_TITLE = "提案答复起草"


def recognised_note(recognised: Recognised) -> str:
    """What the officer is told about a proposal read from a scan."""
    if recognised.mixed:  # the other pages were read from the text layer
        numbers = "、".join(str(n) for n in recognised.numbers)
        note = f"本提案第 {numbers} 页由扫描件文字识别得到（共 {recognised.file_pages} 页），请对照原件核对。"
    else:
        note = f"本提案由扫描件文字识别得到（{recognised.pages} 页），请对照原件核对。"
    note += "".join(f"{n}。" for n in recognised.notes)
    unsure = recognised.low_confidence
    if unsure:
        shown = "；".join(f"第 {u.page} 页“{u.text[:20]}”" for u in unsure[:3])
        more = f"等 {len(unsure)} 处" if len(unsure) > 3 else ""
        note += f"识别把握不大的有：{shown}{more}。"
    return note


# The formats come from the readers' table: a new reader shows up here by itself.
OPEN_FILTER = ";;".join(
    [
        f"提案或草稿 ({registry.patterns()} *.json)",
        f"提案 ({registry.patterns()})",
        *registry.format_filters(),
        "答复草稿 (*.rdraft.json *.json)",
        "所有文件 (*)",
    ]
)
DRAFT_FILTER = "答复草稿 (*.rdraft.json)"
EXPORT_FILTER = "Word 文档 (*.docx);;纯文本 (*.txt)"
FINAL_FILTER = "Word 文档 (*.docx)"
CHECK_DEBOUNCE_MS = 700
REDRAFT_DEBOUNCE_MS = 800
KIND_LABELS = {
    "member": "委员（一人）",
    "members": "委员（联名）",
    "organisation": "党派团体",
    "huiban": "会办意见",
    "deputy": "人大代表建议",
}


# A draft's template text was written from: the proposal, the bureau id, the template kind.
_Base = tuple[Parsed, str, str]


def is_draft_file(path: Path) -> bool:
    return path.name.lower().endswith(".json")


class MainWindow(QMainWindow):
    """Signals are for the tests and the benchmark: they say when background work landed."""

    proposal_opened = Signal()
    search_done = Signal()
    check_done = Signal()
    record_shown = Signal(str)
    export_done = Signal(object)  # the exported Path
    export_failed = Signal(str)
    saved = Signal(object)  # the draft file
    original_shown = Signal()  # 提案原文's 原件 (PDF pages, Word tables) is ready
    print_ready = Signal(object)  # a PrintJob: its pages are made, its dialog opens next
    printed = Signal(int)  # pages sent to the printer
    archived = Signal(object)  # sent.Archived: the signed reply is in the archive

    def __init__(self, services: CoreServices, prompter: Prompter | None = None) -> None:
        super().__init__()
        self.services = services
        self.workspace: Workspace = services.workspace
        self.settings = self.workspace.settings
        self.prompter = prompter or Prompter()
        if self.prompter.parent is None:
            self.prompter.parent = self
        self.profiles = self.workspace.profiles
        self.templates = self.workspace.templates
        self.document = DraftDocument(self)
        self.proposal_paragraphs: list[str] = []
        self.profile: BureauProfile | None = None
        self._font_catalog: Any = None
        self._closing = False
        self._archive_dialog: Any = None
        self._template_dialog: Any = None
        self._help_dialog: Any = None
        self._original_of: Path | None = None  # the file 原件 is being read from
        self.log_file = log_folder(self.workspace.dirs.data) / LOG_FILE
        self._faults_told: set[tuple[str, str]] = set()

        self.setWindowTitle(APP_TITLE)
        self.setAcceptDrops(True)
        self.setGeometry(default_rect(self.screen().availableGeometry()))

        self.proposal_pane = ProposalPane(self.document)
        self.draft_pane = DraftPane(self.document)
        self.side = SidePanel()
        self.search = SearchControl(services, self.side.similar, self.side.policy, self)
        self.proofreader = Proofreader(services, self.side, self)
        self.welcome = WelcomePage()
        self.center = QStackedWidget()
        self.center.addWidget(self.welcome)
        self.center.addWidget(self.draft_pane)

        self.banner = Banner()

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.proposal_pane)
        self.splitter.addWidget(self.center)
        self.splitter.addWidget(self.side)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 4)
        self.splitter.setStretchFactor(2, 3)
        self.splitter.setSizes([380, 640, 540])
        self.splitter.setChildrenCollapsible(False)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(8, 6, 8, 4)
        layout.setSpacing(6)
        layout.addWidget(self.banner)
        layout.addWidget(self.splitter, 1)
        self.setCentralWidget(central)

        self.archive_label = QLabel("正在打开档案库…")
        self.archive_label.setObjectName("hint")
        self.search_label = QLabel()
        self._build_text = ""  # a background build's progress, shown again after a search
        self.search_label.setObjectName("hint")
        # Reading a scan page by page (OCR): how far it is, and a way to stop it.
        self.reading_progress = QProgressBar()
        self.reading_progress.setMaximumWidth(160)
        self.reading_progress.setTextVisible(True)
        self.reading_cancel = QPushButton("取消识别")
        self.reading_cancel.clicked.connect(self.cancel_reading)
        self.reading_progress.hide()
        self.reading_cancel.hide()
        self._reading: Task | None = None
        # Making the pages to print (export, LibreOffice): a bar that says it is busy.
        self.print_progress = QProgressBar()
        self.print_progress.setMaximumWidth(120)
        self.print_progress.setRange(0, 0)
        self.print_progress.hide()
        self._printing: Task | None = None
        self.statusBar().addPermanentWidget(self.print_progress)
        self.statusBar().addPermanentWidget(self.reading_progress)
        self.statusBar().addPermanentWidget(self.reading_cancel)
        self.statusBar().addPermanentWidget(self.search_label)
        self.statusBar().addPermanentWidget(self.archive_label)

        self.commands: dict[str, QAction] = build_commands(self)
        self.recent_menu = build_menus(self, self.commands)
        self.bureau_combo = QComboBox()
        self.bureau_combo.setMinimumWidth(260)
        self.bureau_combo.setToolTip("草稿按这个单位的设置（落款、文号、联系方式、版记）生成")
        self.kind_combo = QComboBox()
        self.kind_combo.addItem("按提案自动选择", "")
        for kind in self._template_kinds():
            self.kind_combo.addItem(KIND_LABELS.get(kind, kind), kind)
        self.kind_combo.setToolTip("答复的种类：一位委员、联名、党派团体、会办意见、人大代表建议")
        build_toolbar(self, self.commands, self.bureau_combo, self.kind_combo)

        self.autosave = Autosave(
            self.workspace.dirs.autosave,
            self.settings.autosave_seconds,
            self._autosave_snapshot,
            self,
        )
        self._check_timer = QTimer(self)
        self._check_timer.setSingleShot(True)
        self._check_timer.setInterval(CHECK_DEBOUNCE_MS)
        self._check_timer.timeout.connect(self.refresh_check)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(300)
        self._search_timer.timeout.connect(self.refresh_search)
        # Corrected proposal fields reach the salutation, opening and sections after a pause.
        self._redraft_timer = QTimer(self)
        self._redraft_timer.setSingleShot(True)
        self._redraft_timer.setInterval(REDRAFT_DEBOUNCE_MS)
        self._redraft_timer.timeout.connect(lambda: self.regenerate("按提案更新草稿"))
        # The proposal, bureau and template the draft's template text was written from (what
        # tells the officer's own text from the template's when drafting again), by the undo
        # index from which each holds: undoing a re-draft brings its base back too.
        self._bases: list[tuple[int, _Base]] = []

        self._connect()
        self._fill_bureaus()
        self._update_recent()
        self._update_title()
        self._restore_geometry()

    # --- construction ---------------------------------------------------------------------------

    def _template_kinds(self) -> list[str]:
        from replydraft.templates import KINDS

        found = {t.kind for t in self.templates.list() if t.name.startswith("replies/")}
        return [k for k in KINDS if k in found] + sorted(found - set(KINDS) - {"base"})

    def _connect(self) -> None:
        s = self.services
        s.archive_ready.connect(self._on_archive_ready)
        s.archive_failed.connect(lambda message: self.prompter.error("档案库", message))
        s.search_ready.connect(self._on_search_ready)
        s.search_progress.connect(self._on_search_progress)
        s.search_failed.connect(
            lambda message: self.prompter.error(
                "检索",
                f"相似答复暂不可用：{message}。起草和导出不受影响；重新启动程序会重建索引。",
            )
        )
        s.archive_changed.connect(self._on_archive_changed)
        s.fault.connect(self.report_fault)
        doc = self.document
        doc.changed.connect(self._on_document_changed)
        doc.modified_changed.connect(lambda _m: self._update_title())
        doc.stack.canUndoChanged.connect(self.commands["undo"].setEnabled)
        doc.stack.canRedoChanged.connect(self.commands["redo"].setEnabled)
        self.proposal_pane.fields_edited.connect(self._search_timer.start)
        self.proposal_pane.fields_edited.connect(self._redraft_timer.start)
        self.proposal_pane.regenerate_requested.connect(
            lambda: self.regenerate("按建议重新生成草稿")
        )
        self.welcome.open_requested.connect(self.ask_open)
        self.welcome.paste_requested.connect(self.ask_paste)
        self.welcome.recent_requested.connect(self.open_path)
        similar = self.side.similar
        similar.query_changed.connect(lambda _q: self.refresh_search())
        similar.refresh_requested.connect(self.refresh_search)
        self.search.done.connect(self.search_done)
        self.search.record_shown.connect(self.record_shown)
        self.search.working.connect(self._on_search_working)
        self.proofreader.done.connect(self.check_done)
        self.proofreader.failed.connect(
            lambda message: self.statusBar().showMessage(f"校对失败：{message}", 5000)
        )
        similar.insert_requested.connect(self.insert_pick)
        self.side.policy.insert_requested.connect(self.insert_pick)
        self.side.check.finding_activated.connect(self.jump_to_finding)
        self.side.check.refresh_requested.connect(self.refresh_check)
        self.side.currentChanged.connect(lambda _i: self._refresh_preview())
        self.bureau_combo.currentIndexChanged.connect(self._on_bureau_chosen)
        self.kind_combo.currentIndexChanged.connect(self._on_kind_chosen)
        self.autosave.saved.connect(
            lambda path: self.statusBar().showMessage(f"已自动保存（{Path(path).name}）", 3000)
        )

    def _fill_bureaus(self) -> None:
        self.bureau_combo.blockSignals(True)
        current = self.bureau_combo.currentData() or self.settings.default_bureau
        self.bureau_combo.clear()
        for info in self.profiles.list():
            if info.error:
                continue
            self.bureau_combo.addItem(info.name or info.id, info.id)
        index = self.bureau_combo.findData(current)
        self.bureau_combo.setCurrentIndex(max(index, 0))
        index = self.kind_combo.findData(self.settings.default_template)
        self.kind_combo.setCurrentIndex(max(index, 0))
        self.bureau_combo.blockSignals(False)
        self._set_profile(self.bureau_combo.currentData())

    # --- start-up and the archive ---------------------------------------------------------------

    def start(self) -> None:
        """Open the archive in the background, and offer to restore a crashed session's draft."""
        if not self.autosave.start():
            self.statusBar().showMessage(f"自动保存不可用：{self.autosave.last_error}", 8000)
        self.services.start()
        self.offer_restore()

    def _on_archive_ready(self, count: int) -> None:
        self.archive_label.setText(f"档案库：{count:,} 条记录")
        self.archive_label.setToolTip(self.workspace.archive_location)

    def _on_search_ready(self) -> None:
        # A search asked for before this point is queued behind the loading (one serial
        # worker), so nothing needs repeating here.
        self.search_label.setText("")
        if self.services.rebuilding:
            self._on_search_progress(0, self.services.record_count)

    def _on_search_working(self, busy: bool) -> None:
        # A search's "正在搜索…" stands in for a background build's progress only while it runs.
        self.search_label.setText("正在搜索…" if busy else self._build_text)

    def _on_search_progress(self, done: int, total: int) -> None:
        if not self.services.rebuilding:
            text = f"正在建立检索索引：{done:,} / {total:,} 份（相似答复稍后可用）"
        elif self.services.rebuild_answers:
            text = f"正在后台重建检索索引：{done:,} / {total:,} 份（完成前按原有索引检索）"
        else:  # the index in place was of another format: nothing answers until the build ends
            text = (
                f"正在后台重建检索索引：{done:,} / {total:,} 份"
                "（原有索引无法使用或尚未建立，完成前暂无相似答复）"
            )
        self._build_text = text if self.services.rebuilding else ""
        self.search_label.setText(text)

    def _on_archive_changed(self) -> None:
        if not self.services.rebuilding:
            self._build_text = ""
            if self.search_label.text().startswith("正在后台重建"):
                self.search_label.setText("")
        self._on_archive_ready(self.services.record_count)
        if self.document.loaded:
            self.refresh_search()

    # --- opening --------------------------------------------------------------------------------

    def ask_open(self) -> None:
        start = (
            str(Path(self.settings.recent_files[0]).parent) if self.settings.recent_files else ""
        )
        path = self.prompter.open_path("打开提案或答复草稿", OPEN_FILTER, start)
        if path is not None:
            self.open_path(path)

    def open_path(self, path: Path) -> None:
        if not self.may_discard():
            return
        if is_draft_file(path):
            self._open_draft_file(path)
        else:
            self._open_proposal_file(path)

    def _open_proposal_file(self, path: Path) -> None:
        from replydraft.session import open_proposal_file

        def read(task: Task) -> OpenedProposal:
            check_file(path)
            opened = open_proposal_file(
                path,
                progress=lambda done, total: task.report(done, total, path.name),
                cancel=task.is_cancelled,
            )
            check_proposal(path.name, opened.paragraphs, opened.proposal.suggestions)
            return opened

        def opened(result: OpenedProposal) -> None:
            self._reading_done()
            self._start_draft(result, origin=path)

        def failed(exc: BaseException) -> None:
            self._reading_done()
            self._open_failed(path.name, exc)

        self.statusBar().showMessage(f"正在读取 {path.name}…")
        self._reading = self.services.background(
            "read-proposal", read, opened, failed, self._reading_page
        )

    def _reading_page(self, done: int, total: int, name: str) -> None:
        """A scan's page recognised: show how far, and offer to stop."""
        self.reading_progress.setRange(0, total)
        self.reading_progress.setValue(done)
        self.reading_progress.setFormat("识别 %v/%m 页")
        self.reading_progress.show()
        self.reading_cancel.show()
        self.statusBar().showMessage(
            f"正在识别扫描件 {name}：第 {min(done + 1, total)}/{total} 页…"
        )

    def cancel_reading(self) -> None:
        if self._reading is not None:
            self._reading.cancel()
            self.reading_cancel.setEnabled(False)

    def _reading_done(self) -> None:
        self._reading = None
        self.reading_progress.hide()
        self.reading_cancel.hide()
        self.reading_cancel.setEnabled(True)

    def ask_paste(self) -> None:
        text = self.prompter.paste_text()
        if text is not None:
            self.open_text(text)

    def open_text(self, text: str) -> None:
        if not self.may_discard():
            return
        from replydraft.ingest import IngestError
        from replydraft.session import open_proposal_text

        try:
            # Before ingest: a huge paste is refused at once, not after seconds of reading.
            check_proposal("粘贴的文本", [text], [])
            opened = open_proposal_text(text)
            check_proposal(opened.name, opened.paragraphs, opened.proposal.suggestions)
        except (IngestError, TooLarge) as exc:
            self.prompter.error("无法识别粘贴的文本", str(exc))
            return
        self._start_draft(opened, origin=None)

    def _open_failed(self, name: str, exc: BaseException) -> None:
        from replydraft.readers.base import Cancelled

        if isinstance(exc, Cancelled):  # the officer stopped it: no error to report
            self.statusBar().showMessage(f"已取消识别 {name}", 5000)
            return
        self.statusBar().clearMessage()
        self.prompter.error("无法打开文件", str(exc) or f"{name}: {type(exc).__name__}")

    def _bureau_for(self, proposal: Parsed) -> str:
        """The bureau the proposal names as lead unit, else as co-unit, else the chosen one."""
        from replydraft.session import bureau_for

        chosen = str(self.bureau_combo.currentData() or self.settings.default_bureau)
        return bureau_for(proposal, self.profiles, chosen)

    def _start_draft(self, opened: OpenedProposal, origin: Path | None) -> None:
        """Draft the reply as `replydraft draft` does (session.draft_reply: the same reuse),
        on the serial worker, since it searches the archive."""
        proposal = opened.proposal
        bureau = self._bureau_for(proposal)
        self._select_combo(self.bureau_combo, bureau)
        self._set_profile(bureau)
        if self.profile is None:
            return
        kind = str(self.kind_combo.currentData() or "") or None

        def draft(ws: Workspace, _task: Task) -> Draft:
            from replydraft.session import draft_reply

            return draft_reply(ws, proposal, bureau, kind=kind, recognised=opened.recognised)

        self.statusBar().showMessage("正在起草：检索可复用的往年答复…")
        self.services.run(
            "draft",
            draft,
            lambda d: self._show_new_draft(d, opened, origin),
            lambda exc: self._draft_failed(exc, opened, origin, kind),
        )

    def _draft_failed(
        self, exc: BaseException, opened: OpenedProposal, origin: Path | None, kind: str | None
    ) -> None:
        """A broken template is the officer's to fix; a search that fails still leaves a draft
        from the template alone, and says so."""
        from replydraft.draft import build_draft
        from replydraft.session import proposal_scan
        from replydraft.templates import TemplateError

        self.statusBar().clearMessage()
        if isinstance(exc, TemplateError | ValueError) or self.profile is None:
            self.prompter.error("无法生成草稿", str(exc))
            return
        try:
            draft = build_draft(opened.proposal, self.profile, self.templates, kind=kind)
        except (TemplateError, ValueError) as again:
            self.prompter.error("无法生成草稿", str(again))
            return
        draft.bureau = self.profile.id
        draft.proposal_scan = proposal_scan(opened.recognised)  # for 校对, as draft_reply does
        self._show_new_draft(draft, opened, origin)
        self.prompter.error(
            "未能复用往年答复", f"检索失败：{exc}。草稿只按模板生成，没有填入往年答复的段落。"
        )

    def _show_new_draft(self, draft: Draft, opened: OpenedProposal, origin: Path | None) -> None:
        proposal = opened.proposal
        self.proposal_paragraphs = opened.paragraphs
        self.document.load(draft, None, modified=True)
        self._bases = [(0, (copy.deepcopy(proposal), draft.bureau, draft.template))]
        self._after_load(origin)
        self.proposal_pane.show_reading(opened.unsure)
        if opened.recognised is not None:
            self.proposal_pane.note_recognised(recognised_note(opened.recognised))
        reused = sum(1 for s in draft.all_sections() for p in s.paragraphs if p.source)
        profile_name = self.profile.name if self.profile is not None else draft.bureau
        self.statusBar().showMessage(
            f"已识别提案：{proposal.title or '（无标题）'}，{len(proposal.suggestions)} 条建议；"
            f"草稿按“{profile_name}”生成，复用往年段落 {reused} 段。",
            8000,
        )
        self.proposal_opened.emit()

    def _open_draft_file(self, path: Path) -> None:
        from replydraft.draft import load_draft

        def read(_task: Task) -> Draft:
            draft = load_draft(path)
            check_proposal(path.name, proposal_text(draft.proposal), draft.proposal.suggestions)
            return draft

        self.services.background(
            "read-draft",
            read,
            lambda d: self._load_draft(d, path),
            lambda exc: self._open_failed(path.name, exc),
        )

    def _load_draft(self, draft: Draft, path: Path | None, *, modified: bool = False) -> None:
        self._select_combo(self.bureau_combo, draft.bureau)
        self._set_profile(draft.bureau or self.bureau_combo.currentData())
        self._select_combo(
            self.kind_combo, draft.template if self.kind_combo.findData(draft.template) >= 0 else ""
        )
        self.proposal_paragraphs = proposal_text(draft.proposal)
        self.document.load(draft, path, modified=modified)
        self._bases = [(0, (copy.deepcopy(draft.proposal), draft.bureau, draft.template))]
        self._after_load(path)
        self.proposal_pane.show_reading([])  # a draft file keeps the fields, not the doubts
        self.proposal_opened.emit()

    def _after_load(self, origin: Path | None) -> None:
        self.center.setCurrentWidget(self.draft_pane)
        self.proposal_pane.show_text(self.proposal_paragraphs)
        if origin is not None and not is_draft_file(origin):
            self._show_original(origin)
        for key in draft_commands():
            self.commands[key].setEnabled(True)
        if origin is not None:
            self.remember(origin)
        first = Node(dm.SECTION, (0,)) if self.document.draft.sections else Node(dm.OPENING)
        self.draft_pane.select(first)
        self.side.similar.query.clear()
        self.refresh_search()
        self.refresh_check()
        self._refresh_preview()
        self.autosave.touch()

    def _show_original(self, path: Path) -> None:
        """提案原文's 原件: the PDF's pages or the Word file's tables, read off the GUI thread."""
        from replydraft.gui.original_view import Original, read_original

        self._original_of = path

        def shown(original: Original | None) -> None:
            # Only if the officer is still on this proposal.
            if original is not None and self._original_of == path:
                self.proposal_pane.show_original(original)
                self.original_shown.emit()

        def failed(exc: BaseException) -> None:
            self.proposal_pane.original_note.setText(f"无法显示原件：{exc}")

        self.services.background("read-original", lambda _t: read_original(path), shown, failed)

    def _select_combo(self, combo: QComboBox, value: object) -> None:
        index = combo.findData(value)
        if index >= 0:
            combo.blockSignals(True)
            combo.setCurrentIndex(index)
            combo.blockSignals(False)

    # --- bureau and template --------------------------------------------------------------------

    def _set_profile(self, bureau_id: object) -> None:
        if not bureau_id:
            self.profile = None
            return
        try:
            self.profile = self.profiles.load(str(bureau_id))
        except ProfileError as exc:
            self.profile = None
            self.prompter.error("无法读取答复单位设置", str(exc))
            return
        self.draft_pane.meta.set_result_labels(self.profile.result_labels)
        self._check_fonts()

    def _on_bureau_chosen(self, _index: int) -> None:
        self._set_profile(self.bureau_combo.currentData())
        if self.document.loaded:
            self.regenerate("更换答复单位")

    def _on_kind_chosen(self, _index: int) -> None:
        if self.document.loaded:
            self.regenerate("更换模板")

    def regenerate_draft(self) -> bool:
        return self.regenerate("重新生成草稿")

    def regenerate(self, label: str) -> bool:
        """Draft again from the proposal's fields, the bureau and the template as they are now,
        keeping what the officer wrote (session.redraft): a part still as the template wrote
        it takes the new wording; typed, changed or inserted text and reused paragraphs stay.
        One undoable step."""
        from replydraft.profiles import ProfileError
        from replydraft.session import redraft
        from replydraft.templates import TemplateError

        self._redraft_timer.stop()
        if not self.document.loaded or self.profile is None:
            return False
        self.draft_pane.flush()
        current = self.document.draft
        proposal = copy.deepcopy(current.proposal)
        base_proposal, base_bureau, base_kind = self._base() or (
            proposal,
            self.profile.id,
            current.template,
        )
        try:
            base_profile = self.profiles.load(base_bureau) if base_bureau else self.profile
        except ProfileError:
            base_profile = self.profile
        kind = str(self.kind_combo.currentData() or "") or None
        try:
            draft = redraft(
                current,
                proposal,
                self.profile,
                self.templates,
                base_proposal=base_proposal,
                base_profile=base_profile,
                base_kind=base_kind,
                kind=kind,
            )
        except (TemplateError, ValueError) as exc:
            self.prompter.error("无法生成草稿", str(exc))
            return False
        draft.bureau = self.profile.id
        if draft != current:
            self.document.replace(label, draft)
        at = self.document.stack.index()
        self._bases = [b for b in self._bases if b[0] < at]
        self._bases.append((at, (copy.deepcopy(proposal), self.profile.id, draft.template)))
        if draft == current:
            return True
        self.statusBar().showMessage(
            f"{label}：已按“{self.profile.name}”的模板更新，您写的内容保留（可撤销）。", 6000
        )
        return True

    def _base(self) -> _Base | None:
        """What the draft in its present undo state was drafted from."""
        at = self.document.stack.index()
        return next((base for i, base in reversed(self._bases) if i <= at), None)

    def _check_fonts(self) -> None:
        if self.profile is None:
            return
        style = self.profile.style

        def report(_task: Task) -> list[str]:
            from replydraft.fonts import FontCatalog, missing_fonts

            if self._font_catalog is None:
                self._font_catalog = FontCatalog()
            return missing_fonts(style, self._font_catalog)

        self.services.background("fonts", report, self._show_font_warning)

    def _show_font_warning(self, missing: list[str]) -> None:
        if not missing:
            self.banner.hide()
            return
        self.banner.show_message(
            f"本机缺少导出字体：{'、'.join(missing)}。Word 会用其他字体代替，版式可能走样；"
            "请安装这些字体，或在“模板与答复单位”中改用本机已有的字体。",
            "预览暂用相近的字体显示。",
        )

    # --- the document ---------------------------------------------------------------------------

    def _on_document_changed(self, scope: str) -> None:
        self._update_title()
        if not self.document.loaded:
            return
        self.autosave.touch()
        self._check_timer.start()
        self._refresh_preview()
        # Search again only when the proposal changed (edited, or back by undo), not on
        # every edit of the draft: the officer's place in the results stays.
        if scope in ("proposal", "all") and self.document.draft.proposal != self.search.searched:
            self._search_timer.start()

    def _refresh_preview(self) -> None:
        if self.document.loaded and self.profile is not None:
            self.side.preview.show_draft(self.document.draft, self.profile.style)

    def _update_title(self) -> None:
        name = self.document.display_name() if self.document.loaded else ""
        self.setWindowTitle(f"{name}[*] — {APP_TITLE}" if name else f"{APP_TITLE}[*]")
        self.setWindowModified(self.document.loaded and self.document.is_modified())

    def undo(self) -> None:
        self.draft_pane.flush()
        self.document.stack.undo()

    def redo(self) -> None:
        self.draft_pane.flush()
        self.document.stack.redo()

    # --- search ---------------------------------------------------------------------------------

    def refresh_search(self) -> None:
        """Search for the typed text, else the proposal (off the GUI thread)."""
        self._search_timer.stop()
        proposal = copy.deepcopy(self.document.draft.proposal) if self.document.loaded else None
        self.search.refresh(self.side.similar.query.text().strip(), proposal, self.profile)

    # --- inserting ------------------------------------------------------------------------------

    def insert_selected(self) -> None:
        tab = self.side.currentWidget()
        pick = self.side.policy.pick if tab is self.side.policy else self.side.similar.pick
        if pick is not None:
            self.insert_pick(pick)

    def insert_pick(self, pick: Pick) -> None:
        from replydraft.session import take_paragraph

        if not self.document.loaded:
            return
        # Adapted and marked as the draft's own reuse does, its changes in the Source.
        taken = take_paragraph(pick.text, pick.source, self.profile)
        node = self.draft_pane.insert_paragraph(taken.text, taken.source)
        where = (
            dm.numbered_headings(self.document.draft).get(node.path, "开头语")
            if node.part == dm.SECTION
            else "开头语"
        )
        self.statusBar().showMessage(f"已插入到“{where}”，出处：《{pick.source.title}》", 6000)

    # --- proofreading ---------------------------------------------------------------------------

    def refresh_check(self) -> None:
        self._check_timer.stop()
        if self.document.loaded:
            self.draft_pane.flush()
            self.proofreader.refresh(self.document.draft, self.profile)

    @property
    def findings(self) -> list[Finding]:
        return self.proofreader.findings

    def jump_to_finding(self, index: int) -> None:
        """Select the characters a finding points at, where the officer edits them."""
        located = self.proofreader.located(index)
        if located is None:
            return
        finding, block = located
        place = dm.place_of_block(self.document.draft, block, finding.start, finding.end)
        if place.node.part == dm.META:
            self.draft_pane.select(Node(dm.META))
            self.draft_pane.meta.focus_part(place.part, block.text, finding.start, finding.end)
        else:
            self.draft_pane.go_to(
                place.node, place.line, place.start, place.end, heading=place.heading
            )

    # --- saving ---------------------------------------------------------------------------------

    def _suggested_name(self, suffix: str) -> str:
        """A name from the draft's title, in the folder the officer last saved or exported
        to (not the proposal's: proposals come from mail and download folders)."""
        draft = self.document.draft
        base = draft.title or draft.proposal.title or "答复草稿"
        base = "".join(c for c in base if c not in '\\/:*?"<>|').strip()[:60] or "答复草稿"
        last = Path(self.settings.last_folder) if self.settings.last_folder else None
        if last is not None and last.is_dir():
            folder = last
        elif self.document.path is not None:
            folder = self.document.path.parent
        else:
            folder = Path.home()
        return str(folder / f"{base}{suffix}")

    def _remember_folder(self, path: Path) -> None:
        self.settings.last_folder = str(path.parent)
        self._save_settings()

    def save(self) -> bool:
        if not self.document.loaded:
            return False
        if self.document.path is None:
            return self.save_as()
        return self.save_to(self.document.path)

    def save_as(self) -> bool:
        if not self.document.loaded:
            return False
        path = self.prompter.save_path(
            "保存答复草稿", DRAFT_FILTER, self._suggested_name(DRAFT_SUFFIX)
        )
        if path is None:
            return False
        if not path.name.lower().endswith(".json"):
            path = path.with_name(path.name + DRAFT_SUFFIX)
        self._remember_folder(path)
        return self.save_to(path)

    def save_to(self, path: Path) -> bool:
        from replydraft.draft import save_draft

        self.draft_pane.flush()
        try:
            save_draft(self.document.draft, path)
        except OSError as exc:
            # A WriteError names the file and says what went wrong; another OSError does not.
            message = str(exc) if isinstance(exc, WriteError) else f"{path}: {exc.strerror or exc}"
            self.prompter.error("保存失败", message)
            return False
        self.document.mark_saved(path)
        self.autosave.clear()  # the file holds everything now
        self.remember(path)
        self._update_title()
        self.statusBar().showMessage(f"已保存到 {path}", 5000)
        self.saved.emit(path)
        return True

    def may_discard(self) -> bool:
        """True when the current draft may be replaced: saved, or the officer said so."""
        self.draft_pane.flush()
        if not self.document.loaded or not self.document.is_modified():
            return True
        choice = self.prompter.ask_save_changes(self.document.display_name())
        if choice is SaveChoice.SAVE:
            return self.save()
        return choice is SaveChoice.DISCARD

    def remember(self, path: Path) -> None:
        self.settings.remember(path)
        self._save_settings()
        self._update_recent()

    def _save_settings(self) -> None:
        try:
            self.settings.save(self.workspace.dirs.settings_file)
        except OSError as exc:
            self.statusBar().showMessage(f"无法保存设置：{exc}", 5000)

    def _update_recent(self) -> None:
        self.recent_menu.clear()
        recent = [p for p in self.settings.recent_files if Path(p).exists()]
        for p in recent:
            action = self.recent_menu.addAction(Path(p).name)
            action.setToolTip(p)
            action.triggered.connect(lambda _checked=False, p=p: self.open_path(Path(p)))
        self.recent_menu.setEnabled(bool(recent))
        self.welcome.set_recent(recent)

    # --- exporting ------------------------------------------------------------------------------

    def ask_export(self) -> None:
        if not self.document.loaded:
            return
        from replydraft.session import find_gaps, gaps_message

        path = self.prompter.save_path("导出答复", EXPORT_FILTER, self._suggested_name(".docx"))
        if path is None:
            return
        if path.suffix.lower() not in (".docx", ".txt"):
            path = path.with_name(path.name + ".docx")
        self._remember_folder(path)
        self.draft_pane.flush()
        # Gaps first, from the draft itself (not the last check, which may be out of date):
        # a 【待填写】 or 【核实】 never reaches a file the officer did not agree to.
        gaps = find_gaps(self.document.draft)
        if gaps and not self.prompter.confirm(
            "草稿还有空缺",
            f"草稿中{gaps_message(gaps)}。\n\n带着【待填写】或【核实】导出的文件不能直接签发或公开。仍要导出吗？",
            yes="仍然导出",
            no="先去填写",
        ):
            self.side.setCurrentWidget(self.side.check)
            return
        errors = [
            f
            for f in self.findings
            if f.severity.value == "error"
            and f.rule not in ("leftover.placeholder", "reuse.marked")  # asked just above
        ]
        if errors and not self.prompter.confirm(
            "校对发现错误",
            f"校对发现 {len(errors)} 个错误，例如：\n{errors[0].message}\n\n仍要导出吗？",
            yes="仍然导出",
            no="先去修改",
        ):
            self.side.setCurrentWidget(self.side.check)
            return
        self.export(path, allow_gaps=True)

    def export(self, path: Path, *, allow_gaps: bool = False) -> Task | None:
        """Export a copy of the draft as `replydraft export` does (session.export_draft) on the
        serial worker; the draft itself is never touched. Gaps are refused unless
        `allow_gaps` (ask_export asks the officer first)."""
        if not self.document.loaded or self.profile is None:
            return None
        self.draft_pane.flush()
        draft = copy.deepcopy(self.document.draft)

        def write(ws: Workspace, _task: Task) -> Path:
            from replydraft.session import export_draft

            return export_draft(ws, draft, path, allow_gaps=allow_gaps).path

        self.statusBar().showMessage(f"正在导出 {path.name}…")
        return self.services.run("export", write, self._on_exported, self._on_export_failed)

    def _on_exported(self, path: Path) -> None:
        self.statusBar().showMessage(f"已导出到 {path}", 8000)
        self.export_done.emit(path)
        if self.settings.open_after_export and self.prompter.offer_open(path):
            self.prompter.open_externally(path)

    def _on_export_failed(self, exc: BaseException) -> None:
        self.statusBar().clearMessage()
        self.export_failed.emit(str(exc))
        self.prompter.error("导出失败", f"{exc}\n\n草稿没有受影响，可以换个位置或文件名再试。")

    # --- dialogs --------------------------------------------------------------------------------

    def show_archive(self) -> Any:
        from replydraft.gui.archive_dialog import ArchiveDialog

        if self._archive_dialog is None:
            self._archive_dialog = ArchiveDialog(self.services, self.prompter, self)
        self._archive_dialog.show()
        self._archive_dialog.raise_()
        return self._archive_dialog

    def show_templates(self) -> Any:
        from replydraft.gui.template_dialog import TemplateDialog

        if self._template_dialog is None:
            self._template_dialog = TemplateDialog(
                self.profiles,
                self.templates,
                self.prompter,
                lambda: copy.deepcopy(self.document.draft.proposal),
                str(self.bureau_combo.currentData() or ""),
                self,
            )
            self._template_dialog.saved.connect(self._on_template_saved)
        self._template_dialog.show()
        self._template_dialog.raise_()
        return self._template_dialog

    def _on_template_saved(self, what: str) -> None:
        if what.startswith("profile:"):
            self._fill_bureaus()

    def show_settings(self) -> None:
        from replydraft.gui.settings_dialog import SettingsDialog

        bureaus = [(i.id, i.name or i.id) for i in self.profiles.list() if not i.error]
        kinds = [(k, KIND_LABELS.get(k, k)) for k in self._template_kinds()]
        fonts: list[tuple[str, bool]] = []
        if self.profile is not None:
            from replydraft.fonts import FontCatalog, font_report

            if self._font_catalog is None:
                self._font_catalog = FontCatalog()
            fonts = [
                (r.font, bool(r.available))
                for r in font_report(self.profile.style, self._font_catalog)
            ]
        dialog = SettingsDialog(
            self.settings, bureaus, kinds, self.workspace.dirs.archive, fonts, self.prompter, self
        )
        if dialog.exec() != SettingsDialog.DialogCode.Accepted:
            return
        new = dialog.result_settings()
        archive_changed = dialog.archive_changed
        self.settings.__dict__.update(new.__dict__)
        self.autosave.set_interval(self.settings.autosave_seconds)
        self._save_settings()
        if archive_changed:
            self.prompter.info("设置", "档案库位置已更改，重新启动程序后生效。")

    def offer_first_run(self) -> bool:
        """Once, on the first start: set up the officer's bureau (or pick one there is), so
        drafts do not come out as 示例区某某局. True when a bureau was set up."""
        if self.settings.bureau_set_up:
            return False
        existing = [
            (i.id, i.name)
            for i in self.profiles.list()
            if not i.error and i.id != "example" and i.name
        ]
        setup = self.prompter.set_up_bureau(existing)
        self.settings.bureau_set_up = True  # asked once; 模板与答复单位 is there for later
        if setup is None:
            self._save_settings()
            return False
        chosen = setup.existing
        if not chosen:
            try:
                profile = setup.profile(self.profiles.load("example"))
                self.profiles.save(profile)
            except (ProfileError, OSError) as exc:
                self._save_settings()
                self.prompter.error("无法保存本单位设置", str(exc))
                return False
            chosen = profile.id
        self.settings.default_bureau = chosen
        self._save_settings()
        self.bureau_combo.blockSignals(True)
        self.bureau_combo.setCurrentIndex(-1)  # _fill_bureaus keeps the current one otherwise
        self.bureau_combo.blockSignals(False)
        self._fill_bureaus()
        self.statusBar().showMessage(f"已设置本单位：{self.bureau_combo.currentText()}", 8000)
        return True

    def show_help(self) -> Any:
        from replydraft.gui.help_page import HelpDialog

        if self._help_dialog is None:
            self._help_dialog = HelpDialog(str(self.log_file), self)
        self._help_dialog.show()
        self._help_dialog.raise_()
        return self._help_dialog

    # --- printing -------------------------------------------------------------------------------

    # The print module (QtPrintSupport) loads on the first print, not at start-up.
    def print_preview(self) -> Task | None:
        return self._prepare_print("reply", preview=True)

    def print_reply(self) -> Task | None:
        return self._prepare_print("reply", preview=False)

    def print_sheet_preview(self) -> Task | None:
        return self._prepare_print("sheet", preview=True)

    def print_sheet(self) -> Task | None:
        return self._prepare_print("sheet", preview=False)

    def _prepare_print(self, what: str, *, preview: bool) -> Task | None:
        """The pages as exported: a copy of the draft exported to a scratch .docx as 导出 does
        (session.export_draft, on the serial worker), made PDF by LibreOffice and drawn as
        images (a general worker), then the preview or the print dialog. Without LibreOffice,
        or when it fails, the approximate pages, and the dialog says so."""
        if not self.document.loaded or self.profile is None or self._printing:
            return None
        from replydraft.approval_sheet import SheetFields
        from replydraft.gui.printing import SHEET, TITLES, PrintJob, printable, sheet_document
        from replydraft.readers.doc import find_soffice

        self.draft_pane.flush()
        draft = copy.deepcopy(self.document.draft)
        profile = copy.deepcopy(self.profile)
        style = profile.style
        job = PrintJob(what, style)
        if what == SHEET:
            job.fallback = lambda: sheet_document(SheetFields.of(draft, profile), style)
        else:
            job.fallback = lambda: printable(draft, style)
        if find_soffice() is None:
            self._print_ready(job, preview, "未找到 LibreOffice")
            return None
        scratch = Path(tempfile.mkdtemp(prefix="replydraft-print-"))

        def export(ws: Workspace, _task: Task) -> Path:
            from replydraft.session import export_draft

            done = export_draft(
                ws, draft, scratch / "答复.docx", allow_gaps=True, approval_sheet=what == SHEET
            )
            return done.sheet if done.sheet is not None else done.path

        def convert(docx: Path) -> None:
            from replydraft.gui.printing import render_pages
            from replydraft.print_pdf import docx_to_pdf

            def pages(_task: Task) -> list[bytes]:
                try:
                    return render_pages(docx_to_pdf(docx))
                finally:
                    shutil.rmtree(scratch, ignore_errors=True)

            self._printing = self.services.background(
                "print-pages",
                pages,
                lambda images: self._print_ready(job, preview, pages=images),
                failed,
            )

        def failed(exc: BaseException) -> None:
            shutil.rmtree(scratch, ignore_errors=True)
            if is_bug(exc):  # the fault report tells the officer; nothing to print
                self._print_busy(False)
                return
            self._print_ready(job, preview, getattr(exc, "problem", "") or str(exc))

        self._print_busy(True, TITLES[what])
        self._printing = self.services.run("print-export", export, convert, failed)
        return self._printing

    def _print_busy(self, busy: bool, name: str = "") -> None:
        from replydraft.gui.commands import print_commands

        if busy:
            self.statusBar().showMessage(f"正在按导出版式生成{name}的打印页面…")
        else:
            self._printing = None
            self.statusBar().clearMessage()
        self.print_progress.setVisible(busy)
        for key in print_commands():
            self.commands[key].setEnabled(not busy and self.document.loaded)

    def _print_ready(
        self, job: PrintJob, preview: bool, why: str = "", pages: list[bytes] | None = None
    ) -> None:
        """The pages are made (or `why` they could not be): the preview, or the print dialog."""
        from replydraft.gui.printing import TITLES, approximate_note

        self._print_busy(False)
        job.pages = pages or []
        if why or not job.pages:
            job.note = approximate_note(why or "LibreOffice 没有生成页面")
        self.print_ready.emit(job)
        printer = job.printer()
        name = TITLES[job.what]
        if preview:
            self.prompter.preview_print(printer, job.paint, job.note, f"{name}打印预览")
            return
        if job.note and not self.prompter.confirm(f"打印{name}", f"{job.note}\n\n仍要打印吗？"):
            return
        if not self.prompter.choose_printer(printer):
            return
        count = job.paint(printer)
        self.statusBar().showMessage(f"已发送到打印机：{count} 页", 5000)
        self.printed.emit(count)

    # --- the signed reply back into the archive -------------------------------------------------

    def ask_archive_sent(self) -> None:
        """Choose the final .docx as the leader signed it, then `archive_sent`."""
        if not self.document.loaded:
            return
        start = self.settings.last_folder or ""
        final = self.prompter.open_path("选择领导签发后的定稿", FINAL_FILTER, start)
        if final is not None:
            self.archive_sent(final)

    def archive_sent(self, final: Path) -> Task | None:
        """Read the final and its tracked changes (off the GUI thread), ask for the 文号 and
        the date sent, mark the draft sent (saved, when it has a file), then archive the final
        as `replydraft archive-sent` does (session.archive_sent_reply, the serial worker)."""
        if not self.document.loaded:
            return None
        from replydraft.sent import TrackedChange, read_final, tracked_changes

        def read(_task: Task) -> list[TrackedChange]:
            read_final(final)  # not a .docx, unreadable, gaps left: said before anything
            return tracked_changes(final)

        self.statusBar().showMessage(f"正在读取定稿 {final.name}…")
        return self.services.background(
            "read-final",
            read,
            lambda changes: self._mark_and_archive(final, changes),
            self._archive_sent_failed,
        )

    def _mark_and_archive(self, final: Path, changes: list[Any]) -> None:
        from datetime import date

        from replydraft.sent import SentError, mark_sent, suggested_doc_number

        self.statusBar().clearMessage()
        self.draft_pane.flush()
        current = self.document.draft
        answer = self.prompter.ask_sent(
            final,
            changes,
            suggested_doc_number(current),
            current.sent_date or current.date or date.today().isoformat(),
        )
        if answer is None:
            return
        doc_number, sent_date = answer
        where = self.document.path or "草稿"
        try:
            self.document.edit(
                "标记为已发出",
                lambda d: mark_sent(d, doc_number, sent_date, where=where),
                scope="all",
            )
        except SentError as exc:
            self.prompter.error("无法归档", str(exc))
            return
        # Marked first and kept: only a draft marked sent is archived as a reply.
        if self.document.path is not None and not self.save():
            return
        draft = copy.deepcopy(self.document.draft)

        def archive(ws: Workspace, _task: Task) -> Archived:
            from replydraft.session import archive_sent_reply

            return archive_sent_reply(ws, final, draft, doc_number, sent_date)

        self.statusBar().showMessage(f"正在归档 {final.name}…")
        self.services.run("archive-sent", archive, self._on_archived, self._archive_sent_failed)

    def _on_archived(self, done: Archived) -> None:
        self.services.notify_archive_changed()  # the index, then the side panel's search
        parsed = done.record.parsed
        again = "" if done.added else "（这份定稿此前已归档，未重复存入）"
        self.statusBar().showMessage(f"已归档：{parsed.doc_number}", 8000)
        self.prompter.info(
            "已发出，归档",
            f"草稿已标记为已发出（{parsed.doc_number}，{self.document.draft.sent_date}），"
            f"定稿已作为往年答复存入档案库{again}：\n{done.record.title}",
        )
        self.archived.emit(done)

    def _archive_sent_failed(self, exc: BaseException) -> None:
        self.statusBar().clearMessage()
        if not is_bug(exc):  # a bug is told by the fault report
            self.prompter.error("无法归档", str(exc))

    def show_about(self) -> None:
        from replydraft import __version__

        self.prompter.info(
            "关于",
            f"{APP_TITLE} {__version__}\n\n为政协提案、人大代表建议起草答复：检索往年答复、按单位模板生成草稿、"
            "校对，并导出符合 GB/T 9704 的 Word 文件。",
        )

    # --- autosave and restore -------------------------------------------------------------------

    def _autosave_snapshot(self) -> tuple[Draft, Path | None, list[str]] | None:
        if not self.document.loaded or self._closing:
            return None
        self.draft_pane.flush()
        if not self.document.is_modified():
            return None
        return (
            copy.deepcopy(self.document.draft),
            self.document.path,
            list(self.proposal_paragraphs),
        )

    def offer_restore(self) -> bool:
        """Offer the drafts crashed sessions left behind, newest first; True if one was restored."""
        from replydraft.draft import DraftFileError, load_draft

        for orphan in find_orphans(self.workspace.dirs.autosave):
            if not self.prompter.offer_restore(orphan.saved_at_text, orphan.title or "未命名草稿"):
                orphan.discard()
                continue
            try:
                draft = load_draft(orphan.draft_file)
            except DraftFileError as exc:
                self.prompter.error("无法恢复草稿", str(exc))
                orphan.discard()
                continue
            original = Path(orphan.original) if orphan.original else None
            self._load_draft(draft, original, modified=True)
            if orphan.proposal_text:
                # The proposal as it was read, not rebuilt from its parsed fields.
                self.proposal_paragraphs = orphan.proposal_text
                self.proposal_pane.show_text(self.proposal_paragraphs)
            orphan.discard()
            self.autosave.save_now()  # this session's autosave holds it from now on
            self.statusBar().showMessage("已恢复上次未保存的草稿。请及时保存。", 8000)
            return True
        return False

    # --- faults -------------------------------------------------------------------------------

    def report_fault(self, what: str, exc: BaseException) -> None:
        """A bug of the program (in a background task or a slot): save the draft first, then
        say so once per kind of fault, with where the log is; repeats go to the status bar."""
        # The traceback is in the log already (the worker, or the excepthook, wrote it).
        log.info("told the officer about a fault in %s: %r", what, exc)
        saved = self.autosave.save_now() if self.document.loaded else None
        key = (what, type(exc).__name__)
        if key in self._faults_told:
            self.statusBar().showMessage(
                f"程序错误（{type(exc).__name__}）再次出现，记录在 {self.log_file}", 8000
            )
            return
        self._faults_told.add(key)
        self.prompter.error("程序错误", fault_message(exc, saved, self.log_file))

    # --- window -------------------------------------------------------------------------------

    def _geometry_store(self) -> QSettings:
        # An ini file in our config folder (not the registry): tests and portable installs stay self-contained.
        return QSettings(str(self.workspace.dirs.config / "window.ini"), QSettings.Format.IniFormat)

    def _restore_geometry(self) -> None:
        """The size and place of the last session, unless they would leave the window out of
        reach or bigger than the screen (then the default, logged)."""
        store = self._geometry_store()
        geometry = store.value("geometry")
        if isinstance(geometry, QByteArray):
            fallback = self.geometry()
            screens = [s.availableGeometry() for s in QGuiApplication.screens()]
            if not self.restoreGeometry(geometry) or not usable(
                self.frameGeometry(), screens, self.minimumSizeHint()
            ):
                log.warning("saved window geometry refused: %s", self.frameGeometry())
                self.setWindowState(Qt.WindowState.WindowNoState)
                self.setGeometry(fallback)
        sizes = store.value("splitter")
        if isinstance(sizes, QByteArray):
            defaults = self.splitter.sizes()
            if not self.splitter.restoreState(sizes) or not usable_splits(
                self.splitter.sizes(), self.splitter.count()
            ):
                log.warning("saved pane sizes refused: %s", self.splitter.sizes())
                self.splitter.setSizes(defaults)

    def _save_geometry(self) -> None:
        store = self._geometry_store()
        store.setValue("geometry", self.saveGeometry())
        store.setValue("splitter", self.splitter.saveState())
        store.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._closing:
            if not self.may_discard():
                event.ignore()
                return
            self._closing = True
            self._save_geometry()
            for dialog in (self._archive_dialog, self._template_dialog):
                if dialog is not None:
                    dialog.close()
            self.autosave.finish()
            self.services.shutdown()
        event.accept()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        files = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if files:
            event.acceptProposedAction()
            self.open_path(files[0])
