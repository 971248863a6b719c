"""提案原文 shows the original document: a PDF's pages rendered, a Word file's tables."""

from __future__ import annotations

from pathlib import Path

import docx
from pytestqt.qtbot import QtBot

from replydraft.gui.main_window import MainWindow
from tests.core._make_docs import pdf_bytes
from tests.gui.conftest import PROPOSAL_TEXT


def _paragraphs() -> list[str]:
    return [p.strip() for p in PROPOSAL_TEXT.split("\n") if p.strip()]


def _open_and_show(qtbot: QtBot, window: MainWindow, path: Path) -> None:
    with qtbot.waitSignal(window.original_shown, timeout=20_000):
        window.open_path(path)


def test_a_pdf_proposal_shows_its_pages(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    path = tmp_path / "第088号提案.pdf"
    path.write_bytes(pdf_bytes(_paragraphs(), lines_per_page=12))
    _open_and_show(qtbot, window, path)
    pane = window.proposal_pane
    view = pane.original
    assert view.page_count >= 2
    assert pane.views.currentWidget() is view and pane.views.isTabEnabled(1)
    assert pane.original_note.text() == f"共 {view.page_count} 页"
    # The pages are pictures of the pages: white paper with dark text on it.
    image = view._images[0]
    assert image.width() == 760 and image.height() > image.width()
    dark = sum(
        1
        for x in range(0, image.width(), 4)
        for y in range(0, image.height() // 3, 4)
        if image.pixelColor(x, y).lightness() < 100
    )
    assert dark > 50
    assert image.pixelColor(2, 2).lightness() > 240
    # The text tab still holds the extracted text.
    assert "人工智能" in pane.text.toPlainText()


def test_a_word_proposal_shows_its_tables(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    document = docx.Document()
    for paragraph in _paragraphs():
        document.add_paragraph(paragraph)
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "年份"
    table.cell(0, 1).text = "引进人才数"
    table.cell(1, 0).text = "2024"
    table.cell(1, 1).text = "1,250"
    path = tmp_path / "第088号提案.docx"
    document.save(str(path))
    _open_and_show(qtbot, window, path)
    pane = window.proposal_pane
    assert pane.views.isTabEnabled(1)
    assert pane.original_note.text() == "Word 文件，含 1 个表格"
    html = pane.original.toHtml()
    assert "<table" in html and "引进人才数" in html and "1,250" in html
    assert "案由" in pane.original.toPlainText()


def test_a_text_proposal_has_no_original_tab(
    qtbot: QtBot, window: MainWindow, proposal_file: Path
) -> None:
    with qtbot.waitSignal(window.proposal_opened, timeout=10_000):
        window.open_path(proposal_file)
    assert not window.proposal_pane.views.isTabEnabled(1)
    assert window.proposal_pane.views.currentIndex() == 0
