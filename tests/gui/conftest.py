"""GUI test fixtures: an offscreen Qt, a scripted Prompter, a window over a scratch home."""

from __future__ import annotations

import os
import shutil

# Before Qt is imported anywhere: no display needed, same rendering on every machine.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtPrintSupport import QPrinter
from pytestqt.qtbot import QtBot

from replydraft.gui.app import build_window, make_application
from replydraft.gui.first_run import BureauSetup
from replydraft.gui.main_window import MainWindow
from replydraft.gui.prompter import Prompter, SaveChoice
from replydraft.gui.screenshots import SAMPLE_PROPOSAL
from replydraft.sent import TrackedChange
from replydraft.workspace import Workspace

# A proposal laid out as the CPPCC office prints it: session and number, labelled fields,
# reasons, then numbered suggestions. Its subject (AI talent in Pudong) is the seeds' subject.
PROPOSAL_TEXT = SAMPLE_PROPOSAL


class ScriptedPrompter(Prompter):
    """Answers every question from the test's script and records what was asked."""

    def __init__(self) -> None:
        super().__init__(None)
        self.errors: list[tuple[str, str]] = []
        self.infos: list[tuple[str, str]] = []
        self.confirms: list[str] = []
        self.confirm_answer = True
        self.save_choice = SaveChoice.DISCARD
        self.save_questions: list[str] = []
        self.restore_answer = True
        self.restore_offers: list[str] = []
        self.open_answer = False
        self.opened_externally: list[Path] = []
        self.save_paths: list[Path] = []  # answers to save dialogs, first first
        self.suggested: list[str] = []  # what each save dialog was opened on
        self.open_answers: list[Path] = []
        self.pasted: str | None = None
        self.print_to = Path("答复.pdf")
        self.print_answer = True
        self.previewed: object = None
        self.preview_notes: list[str] = []  # the line above each preview's pages
        self.preview_titles: list[str] = []
        # 已发出，归档: what the dialog was opened with, and the (文号, date) it answers.
        self.sent_asked: list[tuple[Path, list[TrackedChange], str, str]] = []
        self.sent_answer: tuple[str, str] | None = None
        self.bureau_setup: BureauSetup | None = None
        self.bureaus_offered: list[tuple[str, str]] | None = None

    def error(self, title: str, text: str) -> None:
        self.errors.append((title, text))

    def info(self, title: str, text: str) -> None:
        self.infos.append((title, text))

    def confirm(self, title: str, text: str, yes: str = "确定", no: str = "取消") -> bool:
        self.confirms.append(text)
        return self.confirm_answer

    def ask_save_changes(self, name: str) -> SaveChoice:
        self.save_questions.append(name)
        return self.save_choice

    def offer_restore(self, saved_at: str, title: str) -> bool:
        self.restore_offers.append(title)
        return self.restore_answer

    def offer_open(self, path: Path) -> bool:
        return self.open_answer

    def open_externally(self, path: Path) -> None:
        self.opened_externally.append(path)

    def open_path(self, caption: str, filters: str, start: str = "") -> Path | None:
        return self.open_answers.pop(0) if self.open_answers else None

    def open_paths(self, caption: str, filters: str, start: str = "") -> list[Path]:
        answers, self.open_answers = self.open_answers, []
        return answers

    def open_folder(self, caption: str, start: str = "") -> Path | None:
        return self.open_answers.pop(0) if self.open_answers else None

    def save_path(self, caption: str, filters: str, suggested: str) -> Path | None:
        self.suggested.append(suggested)
        return self.save_paths.pop(0) if self.save_paths else None

    def paste_text(self) -> str | None:
        return self.pasted

    def set_up_bureau(self, existing: list[tuple[str, str]]) -> BureauSetup | None:
        self.bureaus_offered = existing
        return self.bureau_setup

    def ask_sent(
        self, final: Path, changes: list[TrackedChange], doc_number: str, sent_date: str
    ) -> tuple[str, str] | None:
        self.sent_asked.append((final, changes, doc_number, sent_date))
        return self.sent_answer

    def choose_printer(self, printer: QPrinter) -> bool:
        # Print to a PDF file the test reads back, not to a real printer.
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(self.print_to))
        return self.print_answer

    def preview_print(
        self,
        printer: QPrinter,
        paint: Callable[[QPrinter], object],
        note: str = "",
        title: str = "打印预览",
    ) -> None:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(self.print_to))
        self.preview_notes.append(note)
        self.preview_titles.append(title)
        self.previewed = paint(printer)


@pytest.fixture
def prompter() -> ScriptedPrompter:
    return ScriptedPrompter()


@pytest.fixture
def proposal_file(tmp_path: Path) -> Path:
    path = tmp_path / "第088号提案.txt"
    path.write_text(PROPOSAL_TEXT, encoding="utf-8")
    return path


def open_proposal(qtbot: QtBot, window: MainWindow, path: Path) -> None:
    """Open a proposal file in the window and wait until it is read (and drafting started)."""
    with qtbot.waitSignal(window.proposal_opened, timeout=30_000):
        window.open_path(path)


def open_window(qtbot: QtBot, prompter: ScriptedPrompter) -> MainWindow:
    """A started window over $REPLYDRAFT_HOME, its archive (the seeds) open."""
    make_application()
    window = build_window(Workspace.open(), prompter)
    qtbot.addWidget(window)
    window.show()
    window.start()
    qtbot.waitUntil(lambda: window.services.is_archive_ready, timeout=30_000)
    return window


@pytest.fixture(scope="session")
def seeded_home_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder whose archive and index hold the seeds, made once per test run."""
    root = tmp_path_factory.mktemp("seeded-home")
    workspace = Workspace.open(home=root)
    try:
        workspace.index  # noqa: B018 - builds the archive (seeded) and its index
    finally:
        workspace.close()
    return root


@pytest.fixture
def seeded_home(home: Path, seeded_home_template: Path) -> Path:
    """The test's own $REPLYDRAFT_HOME, starting as a copy of the seeded one."""
    shutil.copytree(seeded_home_template, home, dirs_exist_ok=True)
    return home


@pytest.fixture
def window(qtbot: QtBot, seeded_home: Path, prompter: ScriptedPrompter) -> Iterator[MainWindow]:
    yield open_window(qtbot, prompter)
