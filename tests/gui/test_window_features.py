"""The other ways in and out of the window: paste, drop, the live preview, search as the
officer types, opening an export, the missing-font warning, settings, shortcuts."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent, QKeySequence
from pytestqt.qtbot import QtBot

from replydraft import fonts
from replydraft.gui.main_window import MainWindow
from replydraft.gui.settings_dialog import SettingsDialog
from replydraft.profiles import load_profile
from replydraft.render import format_date
from tests.gui.conftest import PROPOSAL_TEXT, ScriptedPrompter, open_proposal, open_window


def test_a_long_index_build_is_shown_in_the_status_bar(
    qtbot: QtBot, home: Path, prompter: ScriptedPrompter
) -> None:
    # A fresh data folder: the index is built from the seeds while the window is up.
    from replydraft.gui.app import build_window, make_application
    from replydraft.workspace import Workspace

    make_application()
    window = build_window(Workspace.open(), prompter)
    qtbot.addWidget(window)
    shown: list[str] = []
    window.services.search_progress.connect(lambda *_: shown.append(window.search_label.text()))
    window.show()
    window.start()
    qtbot.waitUntil(lambda: window.services.is_search_ready, timeout=30_000)
    assert shown == ["正在建立检索索引：5 / 5 份（相似答复稍后可用）"]
    assert window.search_label.text() == ""  # cleared once search is ready


def test_paste_proposal_text(qtbot: QtBot, window: MainWindow, prompter: ScriptedPrompter) -> None:
    prompter.pasted = PROPOSAL_TEXT
    with qtbot.waitSignal(window.proposal_opened, timeout=10_000):
        window.commands["paste"].trigger()
    assert window.document.draft.proposal.proposal_number == "088"
    assert window.proposal_pane.suggestions.count() == 3
    assert window.center.currentWidget() is window.draft_pane


def test_drop_a_file_opens_it(qtbot: QtBot, window: MainWindow, proposal_file: Path) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(proposal_file))])
    event = QDropEvent(
        QPointF(50, 50),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    with qtbot.waitSignal(window.proposal_opened, timeout=10_000):
        window.dropEvent(event)
    assert event.isAccepted()
    assert window.proposal_pane.title.text() == "关于加快浦东新区人工智能产业人才集聚的建议"


def test_preview_follows_edits(qtbot: QtBot, window: MainWindow, proposal_file: Path) -> None:
    with qtbot.waitSignal(window.proposal_opened, timeout=10_000):
        window.open_path(proposal_file)
    preview = window.side.preview
    window.side.setCurrentWidget(preview)
    qtbot.waitUntil(
        lambda: "第088号提案的答复" in preview.text().replace("\u2028", ""), timeout=5_000
    )
    assert format_date(window.document.draft.date) in preview.text()  # 2025年5月7日, as printed
    shown = preview.refreshes
    meta = window.draft_pane.meta
    meta.signature.setText("上海市浦东新区某某办公室")
    meta.signature.textEdited.emit("上海市浦东新区某某办公室")
    qtbot.waitUntil(lambda: "上海市浦东新区某某办公室" in preview.text(), timeout=5_000)
    assert preview.refreshes == shown + 1  # one debounced refresh for the edit


def test_search_as_the_officer_types(qtbot: QtBot, window: MainWindow, proposal_file: Path) -> None:
    with qtbot.waitSignal(window.proposal_opened, timeout=10_000):
        window.open_path(proposal_file)
    similar = window.side.similar
    qtbot.waitUntil(lambda: "按当前提案" in similar.status.text(), timeout=20_000)
    similar.query.setText("长宁区 科技创新 创业孵化")
    with qtbot.waitSignal(window.search_done, timeout=10_000):
        similar.query.textEdited.emit(similar.query.text())  # debounced, then searched off-thread
    assert "长宁区" in similar.status.text()
    group = similar.results.topLevelItem(0)
    assert group is not None and group.childCount() > 0
    first = group.child(0)
    assert first is not None and "长宁区" in first.text(0)


def test_export_then_open_it(
    qtbot: QtBot,
    window: MainWindow,
    prompter: ScriptedPrompter,
    proposal_file: Path,
    tmp_path: Path,
) -> None:
    with qtbot.waitSignal(window.proposal_opened, timeout=10_000):
        window.open_path(proposal_file)
    prompter.open_answer = True
    prompter.confirm_answer = True  # export despite the template's 【待填写】 gaps
    prompter.save_paths.append(tmp_path / "答复")
    qtbot.waitUntil(lambda: bool(window.findings), timeout=10_000)
    with qtbot.waitSignal(window.export_done, timeout=20_000):
        window.commands["export"].trigger()
    # Asked about the gaps first, naming where they are.
    assert prompter.confirms and "【待填写】" in prompter.confirms[0]
    assert "办理结果" in prompter.confirms[0]
    assert prompter.opened_externally == [tmp_path / "答复.docx"]
    assert (tmp_path / "答复.docx").is_file()


@pytest.mark.skipif(
    fonts.list_installed_families() is None, reason="this machine cannot list its fonts"
)
def test_missing_export_fonts_are_shown(
    qtbot: QtBot, seeded_home: Path, prompter: ScriptedPrompter
) -> None:
    from replydraft.workspace import Workspace

    workspace = Workspace.open()
    profile = workspace.profiles.load(workspace.settings.default_bureau)
    profile.style.font_body = "并不存在的仿宋体"
    target = workspace.profiles.save(profile)
    assert load_profile(target).style.font_body == "并不存在的仿宋体"
    window = open_window(qtbot, prompter)
    qtbot.waitUntil(lambda: not window.banner.isHidden(), timeout=10_000)
    assert "并不存在的仿宋体" in window.banner.text.text()


def test_settings_dialog_edits_a_copy(qtbot: QtBot, window: MainWindow) -> None:
    before = window.settings.autosave_seconds
    dialog = SettingsDialog(
        window.settings,
        [("pudong-kjw", "上海市浦东新区科技和经济委员会"), ("example", "示例区某某局")],
        [("member", "委员（一人）")],
        window.workspace.dirs.archive,
        [("仿宋_GB2312", False), ("Times New Roman", True)],
        window.prompter,
        window,
    )
    qtbot.addWidget(dialog)
    dialog.bureau.setCurrentIndex(dialog.bureau.findData("pudong-kjw"))
    dialog.autosave.setValue(9)
    changed = dialog.result_settings()
    assert changed.default_bureau == "pudong-kjw" and changed.autosave_seconds == 9
    assert window.settings.autosave_seconds == before != 9  # nothing applied before OK
    assert not dialog.archive_changed


def test_shortcuts(window: MainWindow) -> None:
    keys = {
        name: [s.toString() for s in action.shortcuts()] for name, action in window.commands.items()
    }
    assert "Ctrl+O" in keys["open"]
    assert "Ctrl+S" in keys["save"]
    assert "Ctrl+E" in keys["export"]
    assert "Ctrl+Shift+V" in keys["paste"]
    assert "F5" in keys["search"]
    assert "Ctrl+Z" in keys["undo"]
    assert "Ctrl+Y" in keys["redo"]
    assert QKeySequence("Ctrl+Y") in window.commands["redo"].shortcuts()


def test_an_index_of_another_format_is_rebuilt_in_the_background_and_results_refresh(
    qtbot: QtBot,
    seeded_home: Path,
    prompter: ScriptedPrompter,
    proposal_file: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # An update changed the index format: the window opens at once, says the index is being
    # rebuilt and that nothing answers until then, and searches again when the build is in.
    import json
    import threading

    import replydraft.index as index_module
    from replydraft.gui.side_panel import ITEM_ROLE
    from replydraft.workspace import Workspace

    folder = Workspace.open().index_path
    head = {"version": index_module.INDEX_VERSION - 1, "count": 5}
    (folder / index_module.MANIFEST).write_text(json.dumps(head) + "\n", "utf-8")
    monkeypatch.setattr(index_module, "REBUILD_FROM", 0)  # the seeds count as a big archive
    gate, build = threading.Event(), index_module.build_beside

    def held_build(*args: object, **kwargs: object) -> object:
        assert gate.wait(30)  # the real build, once the test has looked at the window
        return build(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(index_module, "build_beside", held_build)
    window = open_window(qtbot, prompter)
    qtbot.waitUntil(lambda: window.services.is_search_ready, timeout=30_000)
    assert window.services.rebuilding
    assert "正在后台重建检索索引" in window.search_label.text()
    assert "完成前暂无相似答复" in window.search_label.text()
    results = window.side.similar.results

    def hits() -> int:
        """Rows naming an archived document (a suggestion's own row names none)."""
        found, todo = 0, [results.topLevelItem(i) for i in range(results.topLevelItemCount())]
        while todo:
            item = todo.pop()
            if item is None:
                continue
            hit = item.data(0, ITEM_ROLE)
            found += bool(getattr(hit, "doc_id", ""))
            todo.extend(item.child(j) for j in range(item.childCount()))
        return found

    open_proposal(qtbot, window, proposal_file)
    qtbot.waitUntil(lambda: not window.services.serial.busy, timeout=30_000)
    assert hits() == 0  # nothing answers yet
    # The search's "正在搜索…" gave the status bar back to the build's progress when it ended.
    qtbot.waitUntil(lambda: "正在后台重建检索索引" in window.search_label.text(), timeout=10_000)
    with qtbot.waitSignal(window.services.archive_changed, timeout=60_000):
        gate.set()
    assert not window.services.rebuilding
    qtbot.waitUntil(lambda: hits() > 0, timeout=30_000)  # searched again, in the new index
    assert not window.search_label.text().startswith("正在后台重建")
    assert not index_module.next_path(folder).exists()
