"""The window and `replydraft draft` take one path (session.py): the same proposal and bureau
give the same draft, reused paragraphs included; the window proofreads with the word list and
tokenizer as `check` does; corrected proposal fields update the draft, not the officer's text."""

from __future__ import annotations

import dataclasses
import io
import json
from contextlib import redirect_stdout
from pathlib import Path

from pytestqt.qtbot import QtBot

from replydraft.cli import main
from replydraft.draft import load_draft
from replydraft.gui.main_window import MainWindow
from replydraft.records import DraftParagraph
from tests.gui.conftest import ScriptedPrompter, open_proposal, open_window
from tests.gui.test_main_window import type_chinese


def test_the_windows_draft_equals_the_clis(
    qtbot: QtBot, seeded_home: Path, proposal_file: Path, tmp_path: Path
) -> None:
    out = tmp_path / "x.rdraft.json"
    assert main(["draft", str(proposal_file), "-o", str(out)]) == 0  # bureau from 主办单位
    cli = load_draft(out)

    window = open_window(qtbot, ScriptedPrompter())
    open_proposal(qtbot, window, proposal_file)
    shown = window.document.draft

    reused = [p for s in cli.all_sections() for p in s.paragraphs if p.source is not None]
    assert reused, "the CLI reuses past paragraphs for this proposal"
    for f in dataclasses.fields(cli):
        assert getattr(shown, f.name) == getattr(cli, f.name), f.name
    assert [p for s in shown.all_sections() for p in s.paragraphs if p.source] == reused
    assert "复用往年段落" in window.statusBar().currentMessage()
    # The proposal pane says what was read; this proposal shows every field.
    reading = window.proposal_pane.reading.text()
    assert reading.startswith("已读出：编号、会议、案由、提案人、主办单位、会办单位、建议")
    assert "未读出" not in reading and "待核实" not in reading


def test_the_pane_marks_what_is_missing_and_what_is_unsure(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    path = tmp_path / "提案.txt"
    path.write_text(
        "关于加快人工智能产业人才集聚的建议\n提案人：李明\n建议：\n一、加大人才引进力度。\n",
        encoding="utf-8",
    )
    open_proposal(qtbot, window, path)
    pane = window.proposal_pane
    assert "未读出：编号、会议" in pane.reading.text()
    # The intake's `Parsed.unsure` names guessed fields: the pane says so and marks the box.
    pane.show_reading(["proposers"])
    assert "待核实（依据较弱）：提案人" in pane.reading.text()
    assert "核实" in pane.proposers.toolTip() and pane.title.toolTip() == ""


def test_the_window_flags_what_check_flags_with_the_word_list(
    qtbot: QtBot, seeded_home: Path, proposal_file: Path, tmp_path: Path
) -> None:
    # The officer's word list knows the unit; the draft's 抄送 misspells it by one character.
    window = open_window(qtbot, ScriptedPrompter())
    wordlist = window.workspace.dirs.wordlist
    wordlist.parent.mkdir(parents=True, exist_ok=True)
    wordlist.write_text("浦东新区人力资源和社会保障局\n", encoding="utf-8")
    open_proposal(qtbot, window, proposal_file)
    misspelt = "浦东新区人力资源和社会保帐局"
    window.document.edit("抄送", lambda d: d.cc.append(misspelt), scope="meta")
    with qtbot.waitSignal(window.check_done, timeout=30_000):
        window.refresh_check()
    draft_file = tmp_path / "d.rdraft.json"
    assert window.save_to(draft_file)

    assert main(["check", str(draft_file), "--json"]) == 1
    window_rules = sorted((f.rule, f.message) for f in window.findings)
    assert any(rule.startswith("names.") and "社会保帐局" in msg for rule, msg in window_rules)

    buffer = io.StringIO()
    with redirect_stdout(buffer):
        main(["check", str(draft_file), "--json"])
    cli_rules = sorted((f["rule"], f["message"]) for f in json.loads(buffer.getvalue())["findings"])
    assert window_rules == cli_rules


def test_corrected_fields_update_the_draft_and_keep_the_officers_text(
    qtbot: QtBot, window: MainWindow, proposal_file: Path
) -> None:
    open_proposal(qtbot, window, proposal_file)
    draft = window.document.draft
    assert draft.salutation == "吴佳桢、白雪委员"
    typed = "我委已为人工智能企业青年人才提供租房补贴。"
    window.document.edit(
        "输入",
        lambda d: d.sections[1].sections[1].paragraphs.insert(0, DraftParagraph(typed)),
        scope="text",
    )
    opening_before = window.document.draft.opening

    # The officer corrects the proposers and the third suggestion in the proposal pane.
    pane = window.proposal_pane
    pane.proposers.setFocus()
    pane.proposers.selectAll()
    type_chinese(pane.proposers, "吴佳桢")  # as typed: the pane commits the correction
    assert window.document.draft.proposal.proposers == ["吴佳桢"]
    item = pane.suggestions.item(2)
    assert item is not None
    item.setText("建设人工智能实训基地，支持高校与企业联合培养专业人才")
    pane.fields_edited.emit()
    qtbot.waitUntil(lambda: window.document.draft.salutation == "吴佳桢委员", timeout=10_000)

    after = window.document.draft
    assert after.opening != opening_before and after.opening.startswith("您提出的")
    answers = after.sections[1].sections
    assert answers[2].heading.startswith("建设人工智能实训基地")
    assert answers[1].paragraphs[0].text == typed  # the officer's paragraph stays
    # One undo takes the update back; the officer's paragraph is there either way.
    window.undo()
    assert window.document.draft.salutation == "吴佳桢、白雪委员"
    assert window.document.draft.sections[1].sections[1].paragraphs[0].text == typed
    # Drafting again from there knows the salutation is still the template's: it follows.
    assert window.regenerate("按提案更新草稿")
    assert window.document.draft.salutation == "吴佳桢委员"
    assert window.document.draft.sections[1].sections[1].paragraphs[0].text == typed


def test_export_with_gaps_asks_and_no_means_no_file(
    qtbot: QtBot,
    window: MainWindow,
    prompter: ScriptedPrompter,
    proposal_file: Path,
    tmp_path: Path,
) -> None:
    open_proposal(qtbot, window, proposal_file)
    prompter.confirm_answer = False  # 先去填写
    prompter.save_paths.append(tmp_path / "答复.docx")
    window.ask_export()
    assert len(prompter.confirms) == 1 and "【待填写】" in prompter.confirms[0]
    assert "办理结果" in prompter.confirms[0] and "文号" in prompter.confirms[0]
    assert window.side.currentWidget() is window.side.check

    # Asked in code without the officer's yes, the window refuses too, naming the gaps.
    with qtbot.waitSignal(window.export_failed, timeout=20_000) as failed:
        window.export(tmp_path / "直接.docx")
    assert "【待填写】" in failed.args[0] and not (tmp_path / "直接.docx").exists()
    # Exports run in order on one worker: had the "no" started one, it would be written by now.
    assert not (tmp_path / "答复.docx").exists()
