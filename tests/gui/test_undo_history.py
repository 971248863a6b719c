"""The undo history merges a run of typing into one step, and frees what it merged away
(PySide leaked every command QUndoStack merged: two copies of the draft per keystroke)."""

from __future__ import annotations

import gc
from pathlib import Path

from pytestqt.qtbot import QtBot

from replydraft.gui.draft_model import MERGE_PAUSE, DraftDocument, _Snapshot
from replydraft.records import Draft


def _snapshots_alive() -> int:
    gc.collect()
    return sum(isinstance(o, _Snapshot) for o in gc.get_objects())


def _type(document: DraftDocument, letters: str, merge: str = "title") -> None:
    for letter in letters:
        document.edit(
            "修改标题",
            lambda d, c=letter: setattr(d, "title", d.title + c),
            scope="meta",
            merge=merge,
        )


def test_typing_is_one_step_and_nothing_leaks(qtbot: QtBot) -> None:
    document = DraftDocument()
    document.load(Draft(title="关于"))
    alive = _snapshots_alive()
    _type(document, "人才公寓建设的答复")
    assert document.stack.count() == 1
    assert _snapshots_alive() == alive + 1
    document.stack.undo()
    assert document.draft.title == "关于"
    document.stack.redo()
    assert document.draft.title == "关于人才公寓建设的答复"

    document.load(Draft(title="另一件"))
    assert _snapshots_alive() == alive


def test_a_pause_another_place_or_a_save_start_a_new_step(qtbot: QtBot, tmp_path: Path) -> None:
    document = DraftDocument()
    document.load(Draft(title=""))
    _type(document, "甲乙")
    top = document.stack.command(0)
    assert isinstance(top, _Snapshot)
    top.stamp -= MERGE_PAUSE + 1  # the officer paused
    _type(document, "丙")
    assert document.stack.count() == 2
    _type(document, "丁", merge="heading:(0,)")
    assert document.stack.count() == 3
    document.mark_saved(tmp_path / "答复.rdraft.json")
    _type(document, "戊", merge="heading:(0,)")
    assert document.stack.count() == 4
    document.stack.undo()
    assert document.draft.title == "甲乙丙丁" and not document.is_modified()


def test_undo_and_redo_walk_every_step_back_and_forth(qtbot: QtBot) -> None:
    document = DraftDocument()
    document.load(Draft(title=""))
    _type(document, "甲乙")
    document.edit("落款", lambda d: setattr(d, "signature", "某局"), scope="meta")
    _type(document, "丙", merge="heading:(0,)")
    stack = document.stack
    assert stack.count() == 3

    def state() -> tuple[str, str]:
        return document.draft.title, document.draft.signature

    seen = [state()]
    for _ in range(3):
        stack.undo()
        seen.append(state())
    assert seen == [("甲乙丙", "某局"), ("甲乙", "某局"), ("甲乙", ""), ("", "")]
    for _ in range(3):
        stack.redo()
    assert state() == ("甲乙丙", "某局")
    # Typing on after a redo joins the redone step; its undo takes both back.
    stack.undo()
    stack.redo()
    _type(document, "丁", merge="heading:(0,)")
    assert stack.count() == 3
    stack.undo()
    assert state() == ("甲乙", "某局")
    stack.redo()
    assert state() == ("甲乙丙丁", "某局")
