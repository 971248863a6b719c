"""Opening a scanned proposal in the window: the pages are shown as they are recognised,
the proposal pane says the text came from OCR, and the officer can stop a long scan."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from replydraft.gui.main_window import OPEN_FILTER, MainWindow
from replydraft.readers import registry
from tests.core._make_scans import has_cjk_font, image_pdf, render, text_pdf

pytestmark = pytest.mark.skipif(
    not has_cjk_font(), reason="no Chinese font for PDFium to draw the test page with"
)


def test_the_open_dialog_offers_every_readable_format() -> None:
    for suffix in registry.suffixes():
        assert f"*{suffix}" in OPEN_FILTER.split(";;")[0]
    assert "OFD 版式文件 (*.ofd)" in OPEN_FILTER


def test_a_scan_opens_with_page_progress_and_says_it_was_recognised(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    scan = tmp_path / "扫描的提案.pdf"
    scan.write_bytes(image_pdf(render(text_pdf(lines_per_page=10))))
    pages: list[tuple[int, int]] = []
    window.reading_progress.valueChanged.connect(
        lambda value: pages.append((value, window.reading_progress.maximum()))
    )

    with qtbot.waitSignal(window.proposal_opened, timeout=120_000):
        window.open_path(scan)

    assert (1, 2) in pages and (2, 2) in pages
    assert window.reading_progress.isHidden() and window.reading_cancel.isHidden()
    assert window.proposal_pane.title.text() == "关于加快推进人工智能赋能基础教育的建议"
    reading = window.proposal_pane.reading.text()
    assert "由扫描件文字识别得到（2 页）" in reading and "核对" in reading


def test_the_officer_can_stop_a_scan_between_pages(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    scan = tmp_path / "很长的扫描件.pdf"
    scan.write_bytes(image_pdf(render(text_pdf(lines_per_page=10))))
    window.reading_progress.valueChanged.connect(
        lambda value: window.reading_cancel.click() if value >= 1 else None
    )

    window.open_path(scan)

    qtbot.waitUntil(lambda: "已取消识别" in window.statusBar().currentMessage(), timeout=120_000)
    assert window.reading_cancel.isHidden()
    assert not window.document.loaded  # no draft from half a proposal


def test_a_mixed_pdf_says_which_pages_were_recognised_and_校对_lists_the_doubts(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    from replydraft.draft import load_draft, save_draft
    from replydraft.records import UnsureLine
    from tests.core._make_scans import PROPOSAL, pdf_of_pages

    typed = text_pdf(lines_per_page=10)
    mixed = tmp_path / "首页是扫描件.pdf"
    mixed.write_bytes(pdf_of_pages((image_pdf(render(typed)), [0]), (typed, [1])))

    with qtbot.waitSignal(window.proposal_opened, timeout=120_000):
        window.open_path(mixed)

    assert "第 1 页由扫描件文字识别得到（共 2 页）" in window.proposal_pane.reading.text()
    scan = window.document.draft.proposal_scan
    assert scan is not None and scan.pages == [1]
    # The draft as saved, its scan doubting the title line (whatever this machine's fonts did).
    scan.unsure.append(UnsureLine(1, PROPOSAL[2], 0.5))
    saved = tmp_path / "答复.rdraft.json"
    save_draft(window.document.draft, saved)
    window.document.load(load_draft(saved), saved, modified=False)
    window.proofreader.refresh(window.document.draft, window.profile)

    qtbot.waitUntil(
        lambda: any(f.rule == "recognised.unsure" for f in window.findings), timeout=20_000
    )
    index = next(i for i, f in enumerate(window.findings) if f.rule == "recognised.unsure")
    tree = window.proofreader.panel.check.tree
    item = tree.topLevelItem(index)
    assert item is not None and item.text(0).startswith("识别存疑：")
    window.jump_to_finding(index)
    assert window.draft_pane.editor.textCursor().selectedText() == PROPOSAL[2]
