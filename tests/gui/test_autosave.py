"""Never lose work: autosave while editing, and restore after a crash.

The crash is real: a child process opens a proposal, types, autosaves and dies with
os._exit, leaving its autosave and its lock file behind as a crashed app would."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from pytestqt.qtbot import QtBot

from replydraft.gui.autosave import DRAFT_SUFFIX, find_orphans
from replydraft.gui.main_window import MainWindow
from replydraft.records import Draft
from replydraft.workspace import Workspace
from tests.gui.conftest import ScriptedPrompter, open_window

CHILD = textwrap.dedent(
    """
    import os, sys
    from pathlib import Path
    from PySide6.QtCore import QEventLoop, QTimer
    from replydraft.draft import draft_to_json
    from replydraft.gui.app import build_window, make_application
    from replydraft.gui import draft_model as dm
    from replydraft.gui.prompter import Prompter
    from replydraft.workspace import Workspace

    app = make_application()
    window = build_window(Workspace.open(), Prompter())
    window.show()
    window.start()
    done = []
    window.proposal_opened.connect(lambda: done.append(1))
    window.open_path(Path(sys.argv[1]))
    while not done:
        loop = QEventLoop()
        QTimer.singleShot(20, loop.quit)
        loop.exec()
    window.document.edit(
        "编辑正文",
        lambda d: d.closing.insert(0, "崩溃前输入的一段话。"),
        scope="text",
    )
    saved = window.autosave.save_now()
    assert saved is not None and saved.is_file()
    sys.stdout.write(draft_to_json(window.document.draft))
    sys.stdout.flush()
    os._exit(3)  # a crash: no clean-up, no exit marker, the lock file stays
    """
)


def _crash_child(proposal: Path, home: Path) -> Draft:
    env = {**os.environ, "REPLYDRAFT_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(proposal)],
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    assert done.returncode == 3, done.stderr
    return Draft.from_dict(json.loads(done.stdout))


def test_crash_leaves_an_autosave_that_the_next_start_restores(
    qtbot: QtBot, seeded_home: Path, proposal_file: Path
) -> None:
    crashed = _crash_child(proposal_file, seeded_home)
    autosave_dir = Workspace.open().dirs.autosave
    left = find_orphans(autosave_dir)
    assert len(left) == 1 and left[0].title == crashed.title

    prompter = ScriptedPrompter()
    window = open_window(qtbot, prompter)
    assert prompter.restore_offers == [crashed.title]
    assert window.document.draft == crashed
    assert window.document.draft.closing[0] == "崩溃前输入的一段话。"
    assert window.document.is_modified()  # restored, not yet in a file
    assert window.proposal_pane.title.text() == crashed.proposal.title
    # 提案原文 is the proposal as it was read (its 理由 too), not rebuilt from parsed fields.
    original = window.proposal_pane.text.toPlainText()
    assert "人工智能是新一轮科技革命和产业变革的重要驱动力量" in original
    assert original.startswith("浦东新区政协七届五次会议")
    # The old session's files are gone; this session's autosave holds the draft now.
    assert not left[0].draft_file.exists()
    assert window.autosave.draft_file.is_file()
    assert find_orphans(autosave_dir) == []


def test_declined_restore_discards_and_clean_exit_leaves_nothing(
    qtbot: QtBot, seeded_home: Path, proposal_file: Path
) -> None:
    _crash_child(proposal_file, seeded_home)
    prompter = ScriptedPrompter()
    prompter.restore_answer = False
    window = open_window(qtbot, prompter)
    assert len(prompter.restore_offers) == 1
    assert not window.document.loaded
    autosave_dir = window.workspace.dirs.autosave
    assert find_orphans(autosave_dir) == []
    window.close()
    assert list(autosave_dir.glob(f"*{DRAFT_SUFFIX}")) == []
    assert list(autosave_dir.glob("*.lock")) == []


def test_autosave_follows_idle_editing_and_saving_clears_it(
    qtbot: QtBot,
    window: MainWindow,
    prompter: ScriptedPrompter,
    proposal_file: Path,
    tmp_path: Path,
) -> None:
    window.autosave.set_interval(1)
    with qtbot.waitSignal(window.proposal_opened, timeout=10_000):
        window.open_path(proposal_file)
    with qtbot.waitSignal(window.autosave.saved, timeout=5_000):
        window.document.edit("编辑正文", lambda d: d.closing.append("新的一段。"), scope="text")
    autosaved = window.autosave.draft_file
    assert autosaved.is_file()
    assert "新的一段。" in autosaved.read_text(encoding="utf-8")
    prompter.save_paths.append(tmp_path / "答复草稿.rdraft.json")
    assert window.save()
    assert not autosaved.exists()  # the draft file holds everything; nothing to restore
