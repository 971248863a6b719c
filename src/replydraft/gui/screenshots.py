"""Screenshots of the app for review: the start page, the main window with a proposal, the
page preview, the archive manager, the template manager, the print previews (the reply as
exported, the approval sheet, the approximate one without LibreOffice) and 已发出，归档.

    xvfb-run -a -s "-screen 0 1366x768x24" python -m replydraft.gui.screenshots OUT_DIR [WxH]

Runs on a scratch data folder (the bundled seeds), never on the user's own.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QWidget

from replydraft.gui.prompter import Prompter

SAMPLE_PROPOSAL = """浦东新区政协七届五次会议
提案第 088 号

案由：关于加快浦东新区人工智能产业人才集聚的建议
提案人：吴佳桢、白雪
主办单位：浦东新区科技和经济委员会
会办单位：区委组织部、区人社局

理由：
人工智能是新一轮科技革命和产业变革的重要驱动力量。浦东新区作为全国首个人工智能创新应用先导区，汇聚了一批人工智能重点企业，但高端人才供给不足、人才公寓等配套保障不够，制约了产业进一步发展。

建议：
一、加大人工智能高端人才招引力度，完善人才政策，对重点企业引进的领军人才给予资金支持和落户便利。
二、完善人才住房保障，扩大人才公寓供给，为人工智能企业青年人才提供租房补贴。
三、支持高校与企业联合培养人工智能专业人才，建设实训基地。
"""


def wait_for(condition: Callable[[], bool], timeout: float = 30.0) -> None:
    """Run the event loop until `condition()` holds."""
    end = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > end:
            raise TimeoutError("the window did not get there in time")
        loop = QEventLoop()
        QTimer.singleShot(20, loop.quit)
        loop.exec()


def settle(ms: int = 400) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def grab(widget: QWidget, path: Path) -> None:
    settle()
    widget.grab().save(str(path))
    print(path)


def main(out_dir: str, size: str = "1600x960") -> int:
    import os

    from replydraft.gui import draft_model as dm
    from replydraft.gui.app import build_window, make_application
    from replydraft.workspace import Workspace

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix="replydraft-shots-"))
    os.environ["REPLYDRAFT_HOME"] = str(scratch / "home")
    proposal = scratch / "第088号提案.txt"
    proposal.write_text(SAMPLE_PROPOSAL, encoding="utf-8")

    make_application()
    prompter = _ShotPrompter()
    window = build_window(Workspace.open(), prompter)
    width, _, height = size.partition("x")
    window.show()
    # The whole screen, as an officer's maximised window (less a taskbar's height).
    window.setGeometry(window.screen().availableGeometry().adjusted(0, 0, 0, -40))
    window.resize(min(int(width), window.width()), min(int(height), window.height()))
    window.start()
    wait_for(lambda: window.services.is_archive_ready)
    grab(window, out / "01-start.png")

    window.open_path(proposal)
    wait_for(lambda: window.document.loaded and window.side.similar.results.topLevelItemCount() > 0)
    similar = window.side.similar
    group = similar.results.topLevelItem(0)
    doc = group.child(0) if group is not None else None
    passage = doc.child(0) if doc is not None else None
    if passage is not None:
        similar.results.setCurrentItem(passage)
        wait_for(lambda: similar.pick is not None)
        window.draft_pane.select(dm.Node(dm.SECTION, (1, 1)))
        if similar.pick is not None:
            window.insert_pick(similar.pick)
    wait_for(lambda: bool(window.findings))
    grab(window, out / "02-main.png")

    window.side.setCurrentWidget(window.side.preview)
    settle(600)
    grab(window, out / "03-preview.png")
    window.side.setCurrentWidget(window.side.check)
    window.draft_pane.select(dm.Node(dm.META))
    grab(window, out / "04-check-meta.png")
    window.side.setCurrentWidget(window.side.policy)
    grab(window, out / "05-policy.png")

    archive = window.show_archive()
    wait_for(lambda: archive.model.total() > 0)
    archive.table.selectRow(0)
    grab(archive, out / "06-archive.png")
    archive.close()

    templates = window.show_templates()
    templates.select("template:replies/base.j2")
    templates.check_template()
    templates.preview_template()
    grab(templates, out / "07-template.png")
    templates.select("profile:pudong-kjw")
    grab(templates, out / "08-profile.png")
    templates.close()

    help_page = window.show_help()
    grab(help_page, out / "09-help.png")
    help_page.close()

    from replydraft.gui.first_run import FirstRunDialog

    first_run = FirstRunDialog([("pudong-kjw", "上海市浦东新区科技和经济委员会")], window)
    first_run.show()
    grab(first_run, out / "10-first-run.png")
    first_run.close()

    _paper_shots(window, prompter, out, scratch)

    window.document.stack.setClean()
    window.close()
    return 0


class _ShotPrompter(Prompter):
    """The real dialogs, shown without blocking and saved to `shot` instead of waiting for
    the officer; every other question as the app asks it."""

    shot: Path | None = None

    def preview_print(
        self, printer: Any, paint: Callable[[Any], object], note: str = "", title: str = "打印预览"
    ) -> None:
        from replydraft.gui.print_preview import preview_dialog

        dialog = preview_dialog(printer, paint, note, title, self.parent)
        self._grab(dialog)

    def ask_sent(
        self, final: Path, changes: list[Any], doc_number: str, sent_date: str
    ) -> tuple[str, str] | None:
        from replydraft.gui.sent_dialog import SentDialog

        self._grab(SentDialog(final, changes, doc_number, sent_date, self.parent))
        return None

    def _grab(self, dialog: QWidget) -> None:
        dialog.show()
        settle(800)
        if self.shot is not None:
            grab(dialog, self.shot)
        self.shot = None
        dialog.close()


def _paper_shots(window: Any, prompter: _ShotPrompter, out: Path, scratch: Path) -> None:
    """The print previews (on the 信函格式), the approximate one, and 已发出，归档."""
    import os

    from replydraft.docx_export import export_docx
    from replydraft.profiles import ExportStyle

    profile = window.profiles.load("pudong-kjw")
    profile.style.letterhead = "letter"
    window.profiles.save(profile)
    window._set_profile("pudong-kjw")
    for key, name in (("print_preview", "11-print-preview"), ("print_sheet_preview", "12-sheet")):
        prompter.shot = out / f"{name}.png"
        window.commands[key].trigger()
        wait_for(lambda: prompter.shot is None, timeout=180)
    path = os.environ.get("PATH", "")
    os.environ["PATH"] = str(scratch)  # as on a machine without LibreOffice
    try:
        prompter.shot = out / "13-print-preview-approximate.png"
        window.commands["print_preview"].trigger()
        wait_for(lambda: prompter.shot is None)
    finally:
        os.environ["PATH"] = path

    final = scratch / "答复-签发稿.docx"
    export_docx(window.document.draft, ExportStyle(), final)
    _tracked_changes(final)
    prompter.shot = out / "14-archive-sent.png"
    window.archive_sent(final)
    wait_for(lambda: prompter.shot is None)


def _tracked_changes(final: Path) -> None:
    """What a leader leaves in Word with track changes on: an insertion and a deletion."""
    import re

    import docx
    from docx.oxml.ns import qn
    from docx.oxml.parser import OxmlElement

    document = docx.Document(str(final))
    for t in document.element.body.iter(qn("w:t")):  # the gaps filled in, as when signed
        t.text = re.sub(r"【待填写[^】]*】", "88", t.text or "")
    target = next(p for p in document.paragraphs if len(p.text) > 60)
    for tag, text_tag, text in (
        ("w:ins", "w:t", "今年还将新增两处人才公寓。"),
        ("w:del", "w:delText", "此句由领导删去。"),
    ):
        change = OxmlElement(tag, {qn("w:id"): "1", qn("w:author"): "李局长"})
        run = OxmlElement("w:r")
        piece = OxmlElement(text_tag)
        piece.text = text
        run.append(piece)
        change.append(run)
        target._p.append(change)
    document.save(str(final))


if __name__ == "__main__":
    sys.exit(main(*(sys.argv[1:3] if len(sys.argv) > 1 else ["screenshots"])))
