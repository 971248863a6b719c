"""Print and print preview show the pages the export produces (LibreOffice's PDF of the
exported .docx: the 信函 letterhead in red, the page count), and say so when they cannot."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest
from pytestqt.qtbot import QtBot

from replydraft.gui.main_window import MainWindow
from tests.core.test_export_pdf import SOFFICE, to_pdf
from tests.gui.conftest import ScriptedPrompter, open_proposal

needs_soffice = pytest.mark.skipif(SOFFICE is None, reason="needs LibreOffice (soffice)")
SLOW = 180_000  # ms: LibreOffice's first start on a busy machine


def _letter_profile(window: MainWindow) -> None:
    """The proposal's bureau prints on the GB/T 9704 信函格式 (red mark and double lines)."""
    profile = window.profiles.load("pudong-kjw")
    profile.style.letterhead = "letter"
    window.profiles.save(profile)


def _preview(qtbot: QtBot, window: MainWindow, prompter: ScriptedPrompter, key: str) -> int:
    before = len(prompter.preview_notes)
    window.commands[key].trigger()
    qtbot.waitUntil(lambda: len(prompter.preview_notes) > before, timeout=SLOW)
    assert isinstance(prompter.previewed, int)
    return prompter.previewed


def _pages(pdf_file: Path, dpi: int = 50) -> list[np.ndarray]:
    pdf = pdfium.PdfDocument(str(pdf_file))
    try:
        return [page.render(scale=dpi / 72, rev_byteorder=True).to_numpy() for page in pdf]
    finally:
        pdf.close()


def _red_box(image: np.ndarray, dpi: int = 50) -> tuple[float, float, float, float] | None:
    """The red pixels' bounding box in mm (left, top, right, bottom); None without any."""
    r, g, b = (image[:, :, i].astype(int) for i in range(3))
    red = (r > 180) & (g < 110) & (b < 110)
    if not red.any():
        return None
    rows, cols = np.nonzero(red)
    mm = 25.4 / dpi
    return cols.min() * mm, rows.min() * mm, (cols.max() + 1) * mm, (rows.max() + 1) * mm


@needs_soffice
def test_preview_shows_the_exported_pages_with_the_red_letterhead(
    qtbot: QtBot,
    window: MainWindow,
    prompter: ScriptedPrompter,
    proposal_file: Path,
    tmp_path: Path,
) -> None:
    _letter_profile(window)
    open_proposal(qtbot, window, proposal_file)
    exported = tmp_path / "导出.docx"
    with qtbot.waitSignal(window.export_done, timeout=30_000):
        window.export(exported, allow_gaps=True)
    exported_pages = _pages(to_pdf(exported, tmp_path))

    prompter.print_to = tmp_path / "预览.pdf"
    painted = _preview(qtbot, window, prompter, "print_preview")
    assert prompter.preview_notes[-1] == ""  # the real pages: nothing to warn about
    assert prompter.preview_titles[-1] == "答复打印预览"
    previewed = _pages(prompter.print_to)
    assert painted == len(previewed) == len(exported_pages) >= 2
    assert previewed[0].shape == exported_pages[0].shape  # A4 at the same resolution

    # Page one: the red mark and double lines where the export has them (to 1.5 mm).
    want, got = _red_box(exported_pages[0]), _red_box(previewed[0])
    assert want is not None and got is not None
    assert want[1] < 40 and want[3] > 270  # the mark near the top, the lower double line
    assert all(abs(a - b) < 1.5 for a, b in zip(want, got, strict=True)), (want, got)
    # Later pages carry no letterhead, in both.
    assert _red_box(exported_pages[1]) is None and _red_box(previewed[1]) is None
    assert not window.print_progress.isVisible()
    assert window.commands["print_preview"].isEnabled()


@needs_soffice
def test_print_sends_the_exported_pages_and_the_sheet_is_one_page(
    qtbot: QtBot,
    window: MainWindow,
    prompter: ScriptedPrompter,
    proposal_file: Path,
    tmp_path: Path,
) -> None:
    open_proposal(qtbot, window, proposal_file)
    prompter.print_to = tmp_path / "打印.pdf"
    with qtbot.waitSignal(window.printed, timeout=SLOW) as printed:
        window.commands["print"].trigger()
        # While LibreOffice works: a busy bar, and no second print job.
        assert window.print_progress.isVisible()
        assert not window.commands["print"].isEnabled()
    pages = _pages(prompter.print_to)
    assert printed.args == [len(pages)] and len(pages) >= 1

    prompter.print_to = tmp_path / "稿纸.pdf"
    assert _preview(qtbot, window, prompter, "print_sheet_preview") == 1
    assert prompter.preview_notes[-1] == ""
    assert prompter.preview_titles[-1] == "发文稿纸打印预览"
    (sheet,) = _pages(prompter.print_to, dpi=100)
    # The sheet's table: grid lines across most of the page's width, one a row and more.
    dark = (sheet[:, :, :3].max(axis=2) < 200).sum(axis=1)
    assert (dark > sheet.shape[1] * 0.6).sum() >= 9


def test_without_libreoffice_the_preview_is_approximate_and_says_so(
    qtbot: QtBot,
    window: MainWindow,
    prompter: ScriptedPrompter,
    proposal_file: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))  # a machine without LibreOffice
    open_proposal(qtbot, window, proposal_file)

    prompter.print_to = tmp_path / "近似.pdf"
    assert _preview(qtbot, window, prompter, "print_preview") >= 1
    note = prompter.preview_notes[-1]
    assert "近似" in note and "信头" in note and "LibreOffice" in note and "\n" not in note
    pdf = pdfium.PdfDocument(str(prompter.print_to))
    text = "".join(page.get_textpage().get_text_range() for page in pdf).replace("\r\n", "")
    pdf.close()
    assert window.document.draft.signature in text.replace(" ", "")

    prompter.print_to = tmp_path / "稿纸近似.pdf"
    assert _preview(qtbot, window, prompter, "print_sheet_preview") == 1
    assert "近似" in prompter.preview_notes[-1]

    # Printing asks first, with the same line; refused, nothing is printed.
    prompter.confirm_answer = False
    prompter.print_to = tmp_path / "不打印.pdf"
    window.commands["print"].trigger()
    assert any("近似" in text for text in prompter.confirms)
    assert not prompter.print_to.exists()
