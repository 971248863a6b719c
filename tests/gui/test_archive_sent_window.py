"""The window's 已发出，归档: the signed final .docx (with the leader's tracked changes) is
archived through the CLI's use case, the draft is marked sent, and the side panel's search
then finds the reply first for its proposal."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from replydraft.docx_export import export_docx
from replydraft.draft import load_draft, save_draft
from replydraft.gui.main_window import MainWindow
from replydraft.gui.side_panel import ITEM_ROLE
from replydraft.profiles import ExportStyle
from tests.core.test_archive_sent import eldercare_draft, leader_edits
from tests.gui.conftest import ScriptedPrompter

NUMBER = "浦科经委办理〔2026〕88号"


def _open_draft(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> Path:
    draft_file = tmp_path / "养老答复.rdraft.json"
    draft = eldercare_draft()
    draft.header.doc_number = "浦科经委办理〔2026〕【待填写：编号】号"
    save_draft(draft, draft_file)
    with qtbot.waitSignal(window.proposal_opened, timeout=20_000):
        window.open_path(draft_file)
    return draft_file


def _final(tmp_path: Path) -> Path:
    exported = tmp_path / "答复.docx"
    export_docx(eldercare_draft(), ExportStyle(), exported)
    final = tmp_path / "答复-签发稿.docx"
    leader_edits(exported, final)
    return final


def _first_hit(window: MainWindow) -> str:
    results = window.side.similar.results
    for i in range(results.topLevelItemCount()):
        group = results.topLevelItem(i)
        if group is not None and group.childCount():
            child = group.child(0)
            hit = child.data(0, ITEM_ROLE) if child is not None else None
            return str(getattr(hit, "doc_id", ""))
    return ""


def test_the_signed_reply_is_archived_and_ranks_first_for_its_proposal(
    qtbot: QtBot, window: MainWindow, prompter: ScriptedPrompter, tmp_path: Path
) -> None:
    draft_file = _open_draft(qtbot, window, tmp_path)
    final = _final(tmp_path)
    qtbot.waitUntil(lambda: bool(_first_hit(window)), timeout=30_000)
    before = _first_hit(window)

    prompter.open_answers.append(final)
    prompter.sent_answer = (NUMBER, "2026-05-25")
    with qtbot.waitSignal(window.archived, timeout=60_000) as archived:
        window.commands["archive_sent"].trigger()

    # The dialog was shown the leader's changes, and offered the draft's 文号 without its gap
    # and the reply's date.
    (asked_final, changes, offered_number, offered_date) = prompter.sent_asked[0]
    assert asked_final == final
    assert [(c.kind, c.text, c.author) for c in changes] == [
        ("insert", "下半年还将新增八个站点。", "李局长"),
        ("delete", "此句已被领导删去。", "李局长"),
    ]
    assert offered_number == "浦科经委办理〔2026〕号"
    assert offered_date == "2026-05-20"

    done = archived.args[0]
    assert done.added and done.record.parsed.kind.value == "reply"
    assert done.record.parsed.doc_number == NUMBER
    assert done.record.parsed.proposal_number == "088"
    assert "下半年还将新增八个站点。" in done.record.text
    assert "此句已被领导删去" not in done.record.text
    # Marked sent in the window and in its file (saved before archiving).
    assert window.document.draft.is_sent and not window.document.is_modified()
    saved = load_draft(draft_file)
    assert saved.sent_doc_number == saved.header.doc_number == NUMBER
    assert saved.sent_date == "2026-05-25"
    assert prompter.infos and NUMBER in prompter.infos[-1][1]

    # The side panel searches again once the index has it: the sent reply comes first.
    qtbot.waitUntil(lambda: _first_hit(window) == done.record.id, timeout=60_000)
    assert before != done.record.id


def test_a_final_that_cannot_be_archived_leaves_the_draft_unmarked(
    qtbot: QtBot, window: MainWindow, prompter: ScriptedPrompter, tmp_path: Path
) -> None:
    draft_file = _open_draft(qtbot, window, tmp_path)
    count = window.workspace.archive.count()

    # Not a .docx: said in Chinese, naming the file; no dialog.
    scan = tmp_path / "签发稿扫描.pdf"
    scan.write_bytes(b"%PDF-1.4\n%%EOF\n")
    prompter.open_answers.append(scan)
    window.commands["archive_sent"].trigger()
    qtbot.waitUntil(lambda: bool(prompter.errors), timeout=20_000)
    title, text = prompter.errors[-1]
    assert title == "无法归档" and "签发稿扫描.pdf" in text and ".docx" in text

    # Gaps left in the final: refused before the officer is asked anything.
    gappy = eldercare_draft()
    gappy.header.doc_number = "浦科经委办理〔2026〕【待填写：编号】号"
    unfinished = tmp_path / "未完成.docx"
    export_docx(gappy, ExportStyle(), unfinished)
    prompter.open_answers.append(unfinished)
    window.commands["archive_sent"].trigger()
    qtbot.waitUntil(lambda: len(prompter.errors) == 2, timeout=20_000)
    assert "未完成.docx" in prompter.errors[-1][1] and "【待填写】" in prompter.errors[-1][1]
    assert not prompter.sent_asked

    # Cancelled in the dialog: nothing marked, nothing archived.
    prompter.open_answers.append(_final(tmp_path))
    prompter.sent_answer = None
    window.commands["archive_sent"].trigger()
    qtbot.waitUntil(lambda: bool(prompter.sent_asked), timeout=20_000)
    # A 文号 with its gap still in it: refused by the same check as the CLI's.
    prompter.open_answers.append(_final(tmp_path))
    prompter.sent_answer = ("浦科经委办理〔2026〕【待填写：编号】号", "2026-05-25")
    window.commands["archive_sent"].trigger()
    qtbot.waitUntil(lambda: len(prompter.errors) == 3, timeout=20_000)
    assert "文号" in prompter.errors[-1][1]

    assert not window.document.draft.is_sent and not load_draft(draft_file).is_sent
    assert window.workspace.archive.count() == count
