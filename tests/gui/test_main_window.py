"""The whole path in the window: proposal in, similar replies, a reused paragraph, an edit, a
.docx out (read back), the draft saved and opened again."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent, QTextCursor
from PySide6.QtWidgets import QApplication, QTreeWidgetItem, QWidget
from pytestqt.qtbot import QtBot

from replydraft.draft import load_draft
from replydraft.gui import draft_model as dm
from replydraft.gui.draft_model import Node
from replydraft.gui.main_window import MainWindow
from replydraft.gui.side_panel import DocHit
from tests.gui.conftest import ScriptedPrompter, open_window
from tests.seedfiles import SEED_REPLY_PUDONG_195

SEED_195_TITLE = "对浦东新区政协七届四次会议第195号提案的答复"


def _open_proposal(qtbot: QtBot, window: MainWindow, path: Path) -> None:
    with qtbot.waitSignal(window.proposal_opened, timeout=10_000):
        window.open_path(path)
    qtbot.waitUntil(lambda: window.side.similar.results.topLevelItemCount() > 0, timeout=20_000)


def _doc_items(window: MainWindow) -> list[QTreeWidgetItem]:
    group = window.side.similar.results.topLevelItem(0)
    assert group is not None
    return [group.child(i) for i in range(group.childCount())]


def _hit(item: QTreeWidgetItem | None) -> DocHit:
    assert item is not None
    hit = item.data(0, Qt.ItemDataRole.UserRole + 1)
    assert isinstance(hit, DocHit)
    return hit


def type_chinese(widget: QWidget, text: str) -> None:
    """Chinese arrives as an input method's commit, as from a real pinyin IME (QTest's key
    clicks only know ASCII)."""
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def _type_at_end_of_line(window: MainWindow, line: int, text: str) -> None:
    editor = window.draft_pane.editor
    block = editor.document().findBlockByNumber(line)
    cursor = QTextCursor(block)
    cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
    editor.setTextCursor(cursor)
    editor.setFocus()
    type_chinese(editor, text)


def test_proposal_to_docx_and_back(
    qtbot: QtBot,
    window: MainWindow,
    prompter: ScriptedPrompter,
    proposal_file: Path,
    tmp_path: Path,
) -> None:
    _open_proposal(qtbot, window, proposal_file)

    # The parsed proposal, editable in its pane, and a draft for the bureau it names.
    pane = window.proposal_pane
    assert pane.title.text() == "关于加快浦东新区人工智能产业人才集聚的建议"
    assert pane.number.text() == "088"
    assert pane.suggestions.count() == 3
    draft = window.document.draft
    assert draft.bureau == "pudong-kjw"
    assert "第088号" in draft.title
    assert window.document.is_modified()

    # Similar replies: the seed reply on the same subject ranks first.
    docs = _doc_items(window)
    assert docs, "no similar replies listed"
    top = _hit(docs[0])
    assert top.title == SEED_195_TITLE
    passage_item = docs[0].child(0)
    passage = _hit(passage_item)
    assert passage.seq >= 0 and passage.text

    # Selecting a matched paragraph shows its reply and offers the paragraph for insertion.
    similar = window.side.similar
    similar.results.setCurrentItem(passage_item)
    qtbot.waitUntil(lambda: similar.pick is not None and similar.pick.text == passage.text)
    assert similar.pick is not None and similar.pick.source.doc_id == top.doc_id
    assert "#ffe9a8" in similar.viewer.toHtml().lower()  # the selected paragraph is highlighted

    # （二） of the answers already holds past paragraphs, as `replydraft draft` reuses them.
    before = list(dm.section_at(window.document.draft, (1, 1)).paragraphs)
    assert any(p.source is not None for p in before)
    # Insert the picked one too, then the officer adds a sentence to it.
    target = Node(dm.SECTION, (1, 1))
    window.draft_pane.select(target)
    assert similar.pick is not None
    window.insert_pick(similar.pick)
    section = dm.section_at(window.document.draft, (1, 1))
    assert len(section.paragraphs) == len(before) + 1
    line = window.draft_pane.editor.textCursor().blockNumber()  # on the inserted paragraph
    k = window.draft_pane.paragraph_index(line)
    inserted = section.paragraphs[k].text
    # The seed's half-width commas and brackets in Chinese text come in full-width, nothing
    # else changes; the Source keeps the reply's own text.
    assert "," in passage.text and "," not in inserted and "(" not in inserted
    half = str.maketrans({"，": ",", "（": "(", "）": ")"})
    assert inserted.translate(half) == passage.text
    source = section.paragraphs[k].source
    assert source is not None and source.doc_id == top.doc_id and source.title == SEED_195_TITLE
    assert source.original == passage.text

    added = "下一步将进一步扩大供给。"
    _type_at_end_of_line(window, line, added)
    qtbot.waitUntil(
        lambda: dm.section_at(window.document.draft, (1, 1)).paragraphs[k].text.endswith(added)
    )
    edited = dm.section_at(window.document.draft, (1, 1)).paragraphs[k]
    assert edited.text == inserted + added
    assert edited.source is not None and edited.source.doc_id == top.doc_id  # provenance kept
    assert edited.source.original == passage.text

    # Export to .docx off the GUI thread; the file holds the edited paragraph.
    target_docx = tmp_path / "out" / "答复.docx"
    target_docx.parent.mkdir()
    with qtbot.waitSignal(window.export_done, timeout=20_000) as exported:
        window.export(target_docx, allow_gaps=True)  # the template's gaps are still there
    assert exported.args == [target_docx]
    texts = [p.text for p in docx.Document(str(target_docx)).paragraphs]
    assert edited.text in texts
    assert any("第088号" in t for t in texts)
    assert prompter.errors == []

    # Save the draft, then open it again in a new window: the same draft, sources and all.
    draft_path = tmp_path / "out" / "第088号答复"
    prompter.save_paths.append(draft_path)
    assert window.save()
    saved_path = draft_path.with_name(draft_path.name + ".rdraft.json")
    assert saved_path.is_file() and window.document.path == saved_path
    assert not window.document.is_modified()
    saved = window.document.draft
    assert load_draft(saved_path) == saved
    window.close()
    assert prompter.save_questions == []  # nothing unsaved, nothing asked

    again = open_window(qtbot, ScriptedPrompter())
    with qtbot.waitSignal(again.proposal_opened, timeout=10_000):
        again.open_path(saved_path)
    assert again.document.draft == saved
    assert again.proposal_pane.title.text() == "关于加快浦东新区人工智能产业人才集聚的建议"
    assert not again.document.is_modified()
    assert str(saved_path) in again.settings.recent_files


def test_undo_redo_cover_typing_inserting_and_structure(
    qtbot: QtBot, window: MainWindow, proposal_file: Path
) -> None:
    _open_proposal(qtbot, window, proposal_file)
    pane = window.draft_pane
    start = dm.section_at(window.document.draft, (0,)).paragraphs[0].text
    pane.select(Node(dm.SECTION, (0,)))
    _type_at_end_of_line(window, 0, "测试")
    qtbot.waitUntil(
        lambda: dm.section_at(window.document.draft, (0,)).paragraphs[0].text == start + "测试"
    )

    # Ctrl+Z typed in the editor reaches the draft's history (not the editor's own).
    qtbot.keyClick(pane.editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert dm.section_at(window.document.draft, (0,)).paragraphs[0].text == start
    assert pane.editor.document().firstBlock().text() == start
    qtbot.keyClick(pane.editor, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert dm.section_at(window.document.draft, (0,)).paragraphs[0].text == start + "测试"

    # A structural edit and its undo.
    count = len(window.document.draft.sections)
    pane.select(Node(dm.SECTION, (0,)))
    pane.add_section()
    assert len(window.document.draft.sections) == count + 1
    assert pane.current_node() == Node(dm.SECTION, (1,))
    window.commands["undo"].trigger()
    assert len(window.document.draft.sections) == count
    assert "测试" in dm.section_at(window.document.draft, (0,)).paragraphs[0].text


def test_proposal_fields_edit_and_regenerate(
    qtbot: QtBot, window: MainWindow, proposal_file: Path
) -> None:
    _open_proposal(qtbot, window, proposal_file)
    pane = window.proposal_pane
    pane.number.setFocus()
    pane.number.selectAll()
    qtbot.keyClicks(pane.number, "091")
    assert window.document.draft.proposal.proposal_number == "091"
    assert window.regenerate("按建议重新生成草稿")
    assert "第091号" in window.document.draft.title
    window.undo()
    assert "第088号" in window.document.draft.title


def test_closing_with_unsaved_changes_asks(
    qtbot: QtBot, window: MainWindow, prompter: ScriptedPrompter, proposal_file: Path
) -> None:
    from replydraft.gui.prompter import SaveChoice

    _open_proposal(qtbot, window, proposal_file)
    prompter.save_choice = SaveChoice.CANCEL
    assert not window.close()
    assert window.isVisible() and prompter.save_questions
    prompter.save_choice = SaveChoice.DISCARD
    assert window.close()


@pytest.mark.parametrize("suffix", [".txt"])
def test_export_text_and_export_error_keeps_draft(
    qtbot: QtBot,
    window: MainWindow,
    prompter: ScriptedPrompter,
    proposal_file: Path,
    tmp_path: Path,
    suffix: str,
) -> None:
    _open_proposal(qtbot, window, proposal_file)
    target = tmp_path / f"答复{suffix}"
    with qtbot.waitSignal(window.export_done, timeout=10_000):
        window.export(target, allow_gaps=True)
    assert window.document.draft.title in target.read_text(encoding="utf-8")

    before = window.document.draft
    missing_folder = tmp_path / "no-such-folder" / "答复.docx"
    with qtbot.waitSignal(window.export_failed, timeout=10_000):
        window.export(missing_folder, allow_gaps=True)
    assert prompter.errors and prompter.errors[-1][0] == "导出失败"
    assert "答复.docx" in prompter.errors[-1][1]
    assert window.document.draft == before
    assert not missing_folder.exists()


def test_proofreading_findings_jump_to_their_place(
    qtbot: QtBot, window: MainWindow, proposal_file: Path
) -> None:
    _open_proposal(qtbot, window, proposal_file)
    qtbot.waitUntil(lambda: len(window.findings) > 1, timeout=10_000)
    pane = window.draft_pane
    # The template leaves 【待填写…】 gaps (in the 文号 and in the text): each is flagged, and
    # activating a finding selects exactly the flagged characters where they are edited.
    gaps = [i for i, f in enumerate(window.findings) if f.rule == "leftover.placeholder"]
    parts = {window.proofreader.blocks[window.findings[i].paragraph].part for i in gaps}
    assert {"header.doc_number", "header.result", "sections"} <= parts
    for index in gaps:
        finding = window.findings[index]
        block = window.proofreader.blocks[finding.paragraph]
        window.jump_to_finding(index)
        if block.part == "header.doc_number":
            assert pane.stack.currentWidget() is pane.meta
            selected = pane.meta.doc_number.selectedText()
        elif block.part == "header.result":  # the 办理结果 gap, in its editable list
            assert pane.stack.currentWidget() is pane.meta
            edit = pane.meta.result.lineEdit()
            assert edit is not None
            selected = edit.selectedText()
        else:
            selected = pane.editor.textCursor().selectedText()
        assert selected == block.text[finding.start : finding.end]
        assert selected.startswith("【待填写")


def test_seed_reply_is_no_proposal_but_still_drafts(qtbot: QtBot, window: MainWindow) -> None:
    """Opening a published reply by mistake still gives a draft (parsed as a proposal)."""
    with qtbot.waitSignal(window.proposal_opened, timeout=10_000):
        window.open_path(SEED_REPLY_PUDONG_195)
    assert window.document.loaded and window.document.draft.sections
