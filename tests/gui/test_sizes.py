"""Work proportional to the change: a heading keystroke updates one outline row, the 校对
list keeps the rows that did not change; inputs beyond sane sizes get a message, not a freeze."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from replydraft.gui import draft_model as dm
from replydraft.gui.draft_model import Node
from replydraft.gui.limits import MAX_PROPOSAL_CHARS, MAX_SUGGESTIONS, MAX_TEXT_FILE_BYTES
from replydraft.gui.main_window import MainWindow
from tests.gui.conftest import PROPOSAL_TEXT, ScriptedPrompter, open_proposal


def test_a_heading_keystroke_updates_its_row_only(
    qtbot: QtBot, window: MainWindow, proposal_file: Path
) -> None:
    open_proposal(qtbot, window, proposal_file)
    pane = window.draft_pane
    model = pane.outline_model
    pane.select(Node(dm.SECTION, (1,)))
    index = pane._find_item(Node(dm.SECTION, (1,)))
    item = model.itemFromIndex(index)
    assert pane.outline.currentIndex() == index  # the outline follows the place edited
    rows_before = model.rowCount()
    pane.heading.setFocus()
    pane.heading.end(False)
    qtbot.keyClicks(pane.heading, "AI")
    assert pane.outline_rows_added == 0
    assert model.rowCount() == rows_before
    # The same item, its text updated in place.
    assert model.itemFromIndex(pane._find_item(Node(dm.SECTION, (1,)))) is item
    assert item.text().endswith("AI")
    assert item.text().startswith("二、")

    # A new section adds one row; its undo takes it away again.
    pane.add_section()
    assert pane.outline_rows_added == 1
    assert model.rowCount() == rows_before + 1
    window.undo()
    assert model.rowCount() == rows_before
    assert model.itemFromIndex(pane._find_item(Node(dm.SECTION, (1,)))).text().endswith("AI")


def test_the_check_list_keeps_unchanged_rows(qtbot: QtBot, window: MainWindow) -> None:
    tab = window.side.check
    tab.show_findings([("error", "日期格式不对", "2024.1.5"), ("info", "建议写明联系人", "")])
    first = tab.tree.topLevelItem(0)
    tab.show_findings([("error", "日期格式不对", "2024.1.5"), ("warning", "标题过长", "关于")])
    assert tab.tree.topLevelItem(0) is first
    assert tab.tree.topLevelItem(1).text(0) == "标题过长"
    tab.show_findings([("warning", "标题过长", "关于")])
    assert tab.tree.topLevelItemCount() == 1
    assert tab.tree.topLevelItem(0).text(0) == "标题过长"
    assert tab.tree.topLevelItem(0).data(0, Qt.ItemDataRole.UserRole + 1) == 0


def test_a_proposal_of_hundreds_of_thousands_of_characters_is_refused(
    qtbot: QtBot, window: MainWindow, prompter: ScriptedPrompter, tmp_path: Path
) -> None:
    path = tmp_path / "政协提案汇编.txt"
    reasons = "人工智能产业人才集聚需要住房、教育和医疗的配套保障。" * 20
    path.write_text(
        PROPOSAL_TEXT + "\n\n".join([reasons] * (MAX_PROPOSAL_CHARS // len(reasons) + 50)),
        encoding="utf-8",
    )
    window.open_path(path)
    qtbot.waitUntil(lambda: bool(prompter.errors), timeout=30_000)
    title, text = prompter.errors[0]
    assert title == "无法打开文件"
    assert "政协提案汇编.txt" in text and "字的上限" in text
    assert not window.document.loaded
    assert window.center.currentWidget() is window.welcome


def test_more_than_fifty_suggestions_are_refused(
    qtbot: QtBot, window: MainWindow, prompter: ScriptedPrompter
) -> None:
    lines = "\n".join(f"{i}. 建议第{i}项措施落实到位。" for i in range(1, MAX_SUGGESTIONS + 30))
    prompter.pasted = f"案由：关于优化营商环境的建议\n提案人：张三\n建议：\n{lines}\n"
    window.ask_paste()
    assert prompter.errors, "a paste of 79 suggestions must be refused"
    title, text = prompter.errors[0]
    assert title == "无法识别粘贴的文本"
    assert "粘贴的文本" in text and f"{MAX_SUGGESTIONS} 条的上限" in text
    assert not window.document.loaded

    # Fifty is still fine.
    lines = "\n".join(f"{i}. 建议第{i}项措施落实到位。" for i in range(1, MAX_SUGGESTIONS + 1))
    prompter.pasted = f"案由：关于优化营商环境的建议\n提案人：张三\n建议：\n{lines}\n"
    with qtbot.waitSignal(window.proposal_opened, timeout=10_000):
        window.ask_paste()
    assert len(window.document.draft.proposal.suggestions) == MAX_SUGGESTIONS


def test_a_text_file_of_megabytes_is_refused_before_it_is_read(
    qtbot: QtBot, window: MainWindow, prompter: ScriptedPrompter, tmp_path: Path
) -> None:
    path = tmp_path / "全年提案汇编.txt"
    line = "建议加强人才服务保障，完善配套政策。\n"
    path.write_text(
        PROPOSAL_TEXT + line * (MAX_TEXT_FILE_BYTES // len(line.encode()) + 10), "utf-8"
    )
    window.open_path(path)
    qtbot.waitUntil(lambda: bool(prompter.errors), timeout=10_000)
    title, text = prompter.errors[0]
    assert title == "无法打开文件"
    assert text.startswith("全年提案汇编.txt：文件有 ") and " MB" in text
    assert not window.document.loaded
