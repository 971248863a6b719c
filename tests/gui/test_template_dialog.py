"""The template manager: a broken template is refused (the user's file untouched), a good one
is saved to the user folder only, and a bureau profile is edited through its form."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot

from replydraft import paths
from replydraft.gui.highlighter import JinjaHighlighter
from replydraft.gui.main_window import MainWindow
from replydraft.gui.template_dialog import TemplateDialog
from replydraft.profiles import load_profile
from tests.gui.conftest import ScriptedPrompter

MEMBER = "replies/member.j2"


def _dialog(window: MainWindow) -> TemplateDialog:
    dialog = window.show_templates()
    assert isinstance(dialog, TemplateDialog)
    return dialog


def _user_member(window: MainWindow) -> Path:
    return window.workspace.dirs.templates / "replies" / "member.j2"


def test_broken_template_is_refused_and_the_user_file_stays(
    qtbot: QtBot, window: MainWindow, prompter: ScriptedPrompter
) -> None:
    # The officer's own copy of the member template, saved earlier.
    builtin = (paths.templates_dir() / MEMBER).read_text(encoding="utf-8")
    mine = builtin + "\n{% block thanks %}\n再次感谢您对我委工作的关心和支持！\n{% endblock %}\n"
    user_file = _user_member(window)
    user_file.parent.mkdir(parents=True)
    user_file.write_text(mine, encoding="utf-8")

    dialog = _dialog(window)
    assert dialog.select(f"template:{MEMBER}")
    assert dialog.source() == mine

    # Line 3 misspells a field; line 5 leaves a tag open.
    broken = mine.rstrip("\n").split("\n")
    lines = [*broken[:2], "{% block title %}对{{ sesion }}的答复{% endblock %}", *broken[2:]]
    lines.append("{% block salutation %}{{ lead_proposer }")
    dialog.editor.editor.setPlainText("\n".join(lines))
    assert not dialog.save_template()
    assert user_file.read_text(encoding="utf-8") == mine  # untouched
    assert prompter.errors and prompter.errors[-1][0] == "模板有错误，没有保存"
    assert dialog.editor.error_lines, "the line with the error is marked"
    first_error = dialog.editor.error_lines[0]
    assert "行" in prompter.errors[-1][1] and str(first_error) in prompter.errors[-1][1]
    assert dialog.editor.problems.count() >= 1
    assert dialog.editor.editor.textCursor().blockNumber() == first_error - 1

    # Fixed, it saves, to the user folder; the built-in file never changes.
    fixed = mine.replace("再次感谢您对我委工作的关心和支持！", "衷心感谢您的宝贵建议！")
    dialog.editor.editor.setPlainText(fixed)
    assert dialog.save_template()
    assert user_file.read_text(encoding="utf-8") == fixed
    assert (paths.templates_dir() / MEMBER).read_text(encoding="utf-8") == builtin


def test_builtin_template_saved_as_user_copy_and_previewed(
    qtbot: QtBot, window: MainWindow, proposal_file: Path
) -> None:
    with qtbot.waitSignal(window.proposal_opened, timeout=10_000):
        window.open_path(proposal_file)
    dialog = _dialog(window)
    assert dialog.select(f"template:{MEMBER}")
    source = dialog.source().replace(
        "{% extends",
        "{% block thanks %}\n谢谢{{ self.pronoun() }}！\n{% endblock %}\n{% extends",
        1,
    )
    dialog.editor.editor.setPlainText(source)
    assert all(p.severity != "error" for p in dialog.check_template())
    assert dialog.preview_template()
    page = dialog.editor.preview.text()
    assert "第088号" in page  # the current proposal, through the edited template
    assert "谢谢你们！" in page or "谢谢您！" in page
    assert not _user_member(window).exists()  # previewing writes nothing
    assert dialog.save_template()
    assert _user_member(window).read_text(encoding="utf-8") == source


def test_profile_form_saves_to_the_user_folder(
    qtbot: QtBot, window: MainWindow, prompter: ScriptedPrompter
) -> None:
    dialog = _dialog(window)
    assert dialog.select("profile:pudong-kjw")
    form = dialog.form
    assert form.name.text() == "上海市浦东新区科技和经济委员会"
    form.contact_name.setText("王某某")
    form.result_labels.setText("A、B、C")
    form.default_result.setCurrentText("A")
    assert dialog.save_profile(), prompter.errors
    saved = load_profile(window.workspace.dirs.templates / "profiles" / "pudong-kjw.toml")
    assert saved.contact.name == "王某某" and saved.result_labels == ["A", "B", "C"]
    assert saved.default_result == "A"
    builtin = load_profile(paths.templates_dir() / "profiles" / "pudong-kjw.toml")
    assert builtin.contact.name != "王某某"

    # A default outside the labels would not load: refused, nothing written.
    before = (window.workspace.dirs.templates / "profiles" / "pudong-kjw.toml").read_text(
        encoding="utf-8"
    )
    form.default_result.setCurrentText("D")
    assert not dialog.save_profile()
    assert "default_result" in prompter.errors[-1][1]
    assert (window.workspace.dirs.templates / "profiles" / "pudong-kjw.toml").read_text(
        encoding="utf-8"
    ) == before


def test_jinja_highlighter_colours_tags_and_comments(qtbot: QtBot) -> None:
    from PySide6.QtGui import QTextDocument

    doc = QTextDocument()
    highlighter = JinjaHighlighter(doc)
    doc.setPlainText("正文{{ session }}正文\n{# 注释\n仍是注释 #}{% if x %}")
    highlighter.rehighlight()

    def colour_at(line: int, column: int) -> QColor:
        block = doc.findBlockByNumber(line)
        for fmt in block.layout().formats():
            if fmt.start <= column < fmt.start + fmt.length:
                return fmt.format.foreground().color()
        return QColor()

    assert colour_at(0, 0) == QColor()  # plain text stays plain
    assert colour_at(0, 4) == highlighter.expression.foreground().color()
    assert colour_at(1, 1) == highlighter.comment.foreground().color()
    assert colour_at(2, 1) == highlighter.comment.foreground().color()  # comment runs on
    assert colour_at(2, 7) == highlighter.statement.foreground().color()  # "{%" after "#}"
    assert colour_at(2, 10) == highlighter.keyword.foreground().color()  # "if" after the comment


def test_reuse_highlighter_marks_gaps_and_marks_on_the_reused_tint(qtbot: QtBot) -> None:
    from PySide6.QtGui import QTextDocument

    from replydraft.gui.highlighter import ReuseHighlighter

    doc = QTextDocument()
    highlighter = ReuseHighlighter(doc, lambda line: line == 1)
    doc.setPlainText(
        "我局【待填写：办理结论】。\n【核实：市政府（原指随州市）】新建【核实：五眼桥】市场"
    )
    highlighter.rehighlight()

    def background_at(line: int, column: int) -> QColor:
        found = QColor()
        for fmt in doc.findBlockByNumber(line).layout().formats():
            if fmt.start <= column < fmt.start + fmt.length:
                found = fmt.format.background().color()  # the last format set wins
        return found

    assert background_at(0, 0) == QColor()  # not reused, not a gap: plain
    assert background_at(0, 3) == highlighter.todo.background().color()
    tint = highlighter.reused.background().color()
    check = highlighter.check.background().color()
    assert check not in (tint, QColor())
    assert background_at(1, 0) == check and background_at(1, 14) == check  # the whole mark
    assert background_at(1, 15) == tint  # 新建: the reused paragraph's tint
    assert background_at(1, 17) == check and background_at(1, 24) == check
    assert background_at(1, 25) == tint  # 市场
