"""The archive manager: import with progress and a list of failures, cancel, browse, filter,
search and delete (after confirmation)."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from replydraft.archive import RecordSummary
from replydraft.gui.archive_dialog import ArchiveDialog
from replydraft.gui.archive_model import ArchiveTableModel
from replydraft.gui.main_window import MainWindow
from replydraft.records import Kind
from tests.gui.conftest import PROPOSAL_TEXT, ScriptedPrompter

REPLY_TEXT = """对浦东新区政协七届五次会议第{n}号提案的答复

{name}委员：
您提出的《关于加强社区{topic}服务的建议》提案（第{n}号）收悉，经研究，现将办理情况答复如下：
一、对本提案的办理概述
收到提案后，我委高度重视，会同区民政局认真研究，积极采纳。
二、对提案建议的答复
近年来，我区持续推进社区{topic}服务体系建设，新建社区{topic}服务站{count}个，覆盖全部街镇。
再次感谢您对我委工作的关心和支持。
上海市浦东新区科技和经济委员会
2025年5月{n}日
"""


def _dialog(qtbot: QtBot, window: MainWindow) -> ArchiveDialog:
    dialog = window.show_archive()
    assert isinstance(dialog, ArchiveDialog)
    qtbot.waitUntil(lambda: dialog.model.total() == 5, timeout=10_000)  # the five seeds
    return dialog


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "往年答复"
    (folder / "2025").mkdir(parents=True)
    topics = [("养老", "张某", 12), ("托育", "李某", 8), ("助餐", "王某", 21)]
    for i, (topic, name, count) in enumerate(topics, start=11):
        path = folder / "2025" / f"答复{i}.txt"
        path.write_text(
            REPLY_TEXT.format(n=i, name=name, topic=topic, count=count), encoding="utf-8"
        )
    (folder / "提案088.txt").write_text(PROPOSAL_TEXT, encoding="gb18030")  # another encoding
    (folder / "坏文件.txt").write_bytes(bytes(range(256)) * 40)  # binary, not text
    (folder / "空文件.docx").write_bytes(b"")
    return folder


def test_import_folder_shows_progress_failures_and_new_records(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    dialog = _dialog(qtbot, window)
    progress: list[tuple[int, int]] = []
    with qtbot.waitSignal(dialog.import_finished, timeout=60_000) as finished:
        task = dialog.start_import([_folder(tmp_path)])
        assert task is not None
        task.progress.connect(lambda done, total, _path: progress.append((done, total)))
        assert dialog.importing and not dialog.progress_box.isHidden()
    report = finished.args[0]
    assert len(report.added) == 4
    assert {f.path.name for f in report.failures} == {"坏文件.txt", "空文件.docx"}
    assert progress and progress[-1] == (6, 6)
    assert dialog.progress_box.isHidden() and not dialog.importing

    # What failed and why, one row per file.
    rows = [dialog.failures.topLevelItem(i) for i in range(dialog.failures.topLevelItemCount())]
    assert sorted(Path(r.text(0)).name for r in rows if r is not None) == [
        "坏文件.txt",
        "空文件.docx",
    ]
    assert all(r is not None and r.text(1) for r in rows)
    assert "失败 2 个" in dialog.report_label.text()

    # The table and the window's count follow once the index is updated.
    qtbot.waitUntil(lambda: dialog.model.total() == 9, timeout=20_000)
    qtbot.waitUntil(lambda: window.archive_label.text() == "档案库：9 条记录", timeout=10_000)

    # Filter by words, and by kind.
    dialog.filter.setText("五次会议 第12号")
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1)
    assert dialog.model.summary(0).source == "答复12.txt"
    dialog.filter.setText("")
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 9)
    dialog.kind_filter.setCurrentIndex(dialog.kind_filter.findData("proposal"))
    assert [r.kind for r in (dialog.model.summary(i) for i in range(dialog.model.rowCount()))] == [
        Kind.PROPOSAL
    ]

    # Full-text search ranks the matching reply first.
    dialog.kind_filter.setCurrentIndex(0)
    dialog.search.setText("社区助餐服务站")
    with qtbot.waitSignal(dialog.search_finished, timeout=10_000):
        dialog.run_search()
    assert dialog.model.searching and "第13号" in dialog.model.summary(0).title


def test_cancelled_import_keeps_what_was_stored(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    dialog = _dialog(qtbot, window)
    folder = _folder(tmp_path)
    with qtbot.waitSignal(dialog.import_finished, timeout=60_000) as finished:
        dialog.start_import([folder])
        dialog.cancel_import()  # before the worker reaches the second of six files
    report = finished.args[0]
    assert report.cancelled
    assert len(report.added) + len(report.duplicates) + len(report.failures) < 6
    assert "取消" in dialog.report_label.text()


def test_delete_asks_first(qtbot: QtBot, window: MainWindow, prompter: ScriptedPrompter) -> None:
    dialog = _dialog(qtbot, window)
    dialog.table.selectRow(0)
    doomed = dialog.selected_ids()
    assert len(doomed) == 1

    prompter.confirm_answer = False
    dialog.delete_selected()
    assert prompter.confirms and "删除" in prompter.confirms[-1]
    assert dialog.model.total() == 5

    prompter.confirm_answer = True
    dialog.delete_selected()
    qtbot.waitUntil(lambda: dialog.model.total() == 4, timeout=10_000)
    assert doomed[0] not in {dialog.model.summary(i).id for i in range(dialog.model.rowCount())}
    qtbot.waitUntil(lambda: window.archive_label.text() == "档案库：4 条记录", timeout=10_000)


def test_table_model_filters_and_sorts_a_big_archive() -> None:
    """100,000 summary rows: the model keeps only the rows asked for."""
    rows = [
        RecordSummary(
            f"{i:012x}",
            Kind.REPLY,
            f"对第{i}号提案的答复",
            "某局",
            f"2024-{1 + i % 12:02d}-01",
            str(i),
            f"{i}.txt",
        )
        for i in range(100_000)
    ]
    model = ArchiveTableModel()
    model.set_summaries(rows)
    assert model.rowCount() == 100_000
    model.set_filter("第4242号")
    assert [model.summary(i).proposal_number for i in range(model.rowCount())] == ["4242"]
    model.set_filter("")
    model.sort(4)  # date, ascending
    assert model.summary(0).date == "2024-01-01" and model.summary(99_999).date == "2024-12-01"
