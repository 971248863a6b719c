"""Reply templates: strict, sandboxed, user over built-in, and broken ones never saved."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from replydraft import paths
from replydraft.draft import build_draft
from replydraft.profiles import BureauProfile
from replydraft.records import Kind, Parsed
from replydraft.templates import (
    BLOCKS,
    KINDS,
    TODO_OPEN,
    TemplateError,
    TemplateStore,
    split_paragraphs,
    suggestion_gist,
    todo,
)

BASE = '{% extends "replies/base.j2" %}\n'


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


@pytest.fixture
def builtin(tmp_path: Path) -> Path:
    """A copy of the bundled templates, so a failing test cannot write into the checkout."""
    target = tmp_path / "builtin"
    shutil.copytree(paths.templates_dir(), target)
    return target


@pytest.fixture
def store(builtin: Path, home: Path) -> TemplateStore:
    return TemplateStore(builtin, paths.UserDirs.resolve().templates)


PROFILE = BureauProfile(id="t", name="示例区某某局", self_reference="我局")
PROPOSAL = Parsed(
    kind=Kind.PROPOSAL,
    title="关于改进示例服务的建议",
    session="示例区政协一届二次会议",
    proposal_number="012",
    proposers=["赵明"],
    suggestions=["建议延长服务时间。", "建议增加服务网点。"],
)


# --- The bundled templates ------------------------------------------------------------------


def test_bundled_templates_are_listed_with_descriptions(store: TemplateStore) -> None:
    infos = {i.name: i for i in store.list()}
    for kind in (*KINDS, "base"):
        info = infos[f"replies/{kind}.j2"]
        assert info.kind == kind and info.origin == "builtin" and not info.overrides_builtin
        assert info.description, f"{kind} has no description"
    assert infos["changning-kw/organisation.j2"].kind == "organisation"


def test_bundled_templates_check_clean(store: TemplateStore) -> None:
    assert store.check_all() == []


def test_base_documents_every_block_it_defines(store: TemplateStore) -> None:
    source = (store.builtin_dir / "replies" / "base.j2").read_text(encoding="utf-8")
    contract = source.split("#}", 1)[0]
    for block in BLOCKS:
        assert block in contract, f"block {block} is not documented at the top of base.j2"
        assert f"{{% block {block} %}}" in source
    assert "【待填写" in contract


def test_kinds_override_only_what_differs(store: TemplateStore) -> None:
    for kind in KINDS:
        source = (store.builtin_dir / "replies" / f"{kind}.j2").read_text(encoding="utf-8")
        assert '{% extends "replies/base.j2" %}' in source
        template = store.load_kind(kind)
        assert [t.name for t in template.chain] == [f"replies/{kind}.j2", "replies/base.j2"]


# --- Broken templates: located errors, never saved ------------------------------------------

BROKEN = {
    "syntax": (
        BASE + "{% block salutation %}\n{{ proposers|join('、') }\n{% endblock %}\n",
        3,
        "语法错误：unexpected '}'",
    ),
    "unclosed": (BASE + "{% block thanks %}\n谢谢\n", 3, "语法错误：Unexpected end of template"),
    "unknown field": (
        BASE + "\n{% block title %}\n对{{ proposal.titel }}的答复\n{% endblock %}\n",
        4,
        "'proposal' 没有属性 'titel'",
    ),
    "unknown variable": (
        BASE + "{% block opening %}\n{{ titel }}\n{% endblock %}\n",
        3,
        "变量 'titel' 未定义",
    ),
    "python internals": (
        BASE + "{% block title %}\n{{ ''.__class__.__mro__ }}\n{% endblock %}\n",
        3,
        "模板中不能访问内部属性 '__class__'",
    ),
    "cycler globals": (
        BASE
        + "{% block thanks %}\n\n{{ cycler.__init__.__globals__.os.popen('id').read() }}\n{% endblock %}\n",
        4,
        "模板中不能访问内部属性 '__init__'",
    ),
    "joiner globals": (
        BASE + "{% block overview %}\n{{ joiner.__init__.__globals__ }}\n{% endblock %}\n",
        3,
        "模板中不能访问内部属性 '__init__'",
    ),
    "format string": (
        BASE + "{% block thanks %}\n{{ '{0.__class__}'.format(proposal) }}\n{% endblock %}\n",
        3,
        "不能访问内部属性 '__class__'",
    ),
    "changing the proposal": (
        BASE + "{% block thanks %}\n{{ proposal.suggestions.append('x') }}\n{% endblock %}\n",
        3,
        "不能访问属性 'append'",
    ),
    "memory bomb": (
        BASE + "{% block thanks %}\n{{ 'x' * 1000000000 }}\n{% endblock %}\n",
        3,
        "文字超过 100000 个字符",
    ),
    "in a suggestion block": (
        BASE + "{% block suggestion_heading %}\n{{ suggestion.gist }}\n{% endblock %}\n",
        3,
        "'str' 没有属性 'gist'",
    ),
    "empty proposers": (
        BASE + "{% block salutation %}\n{{ proposers[0] }}\n{% endblock %}\n",
        3,
        "没有元素 0",
    ),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_saving_a_broken_template_is_refused_and_keeps_the_old_file(
    store: TemplateStore, case: str
) -> None:
    source, line, message = BROKEN[case]
    good = BASE + "{% block thanks %}\n谢谢你们。\n{% endblock %}\n"
    path = store.save("members.j2", good)
    with pytest.raises(TemplateError) as info:
        store.save("members.j2", source)
    err = info.value
    assert (err.name, err.line) == ("replies/members.j2", line)
    assert message in err.message
    assert str(err) == f"replies/members.j2: 第 {line} 行：{err.message}"
    assert "uid=" not in str(err)  # the shell command never ran
    assert path.read_text(encoding="utf-8") == good
    assert sorted(p.name for p in path.parent.iterdir()) == ["members.j2"]  # no temp left


def test_check_of_a_file_on_disk_locates_the_problem(store: TemplateStore, tmp_path: Path) -> None:
    path = tmp_path / "mine.j2"
    path.write_text(BROKEN["unknown field"][0], encoding="utf-8")
    problems = store.check(path)
    assert [(p.name, p.line, p.severity) for p in problems] == [("mine.j2", 4, "error")]
    assert str(problems[0]) == "mine.j2: 第 4 行：'proposal' 没有属性 'titel'"
    path.write_text(BASE + "{% block thanks %}\n谢谢。\n{% endblock %}\n", encoding="utf-8")
    assert store.check(path) == []


def test_check_warns_of_a_block_nobody_renders(store: TemplateStore) -> None:
    source = BASE + "\n{% block salutaion %}\n某某\n{% endblock %}\n"
    store.save("replies/member.j2", source)  # a warning does not stop saving
    problems = store.check("member")
    assert [(p.line, p.severity) for p in problems] == [(3, "warning")]
    assert "块 'salutaion' 不是起草时使用的块" in problems[0].message


def test_check_names_a_template_that_does_not_extend_base(store: TemplateStore) -> None:
    with pytest.raises(TemplateError, match=r"缺少以下块：.*extends"):
        store.save("replies/member.j2", "{% block title %}答复{% endblock %}\n")
    with pytest.raises(TemplateError, match=r"第 1 行：继承的模板 'replies/nope.j2' 不存在"):
        store.save("replies/member.j2", '{% extends "replies/nope.j2" %}\n')
    assert not (store.user_dir / "replies" / "member.j2").exists()


def test_a_broken_base_is_refused_because_every_kind_extends_it(store: TemplateStore) -> None:
    base = (store.builtin_dir / "replies" / "base.j2").read_text(encoding="utf-8")
    # Valid on its own, but members.j2 calls self.honorific(), which this base renames away.
    broken = base.replace(
        "{% block honorific %}委员{% endblock %}", "{% block title_word %}委员{% endblock %}"
    )
    with pytest.raises(TemplateError) as info:
        store.save("replies/base.j2", broken.replace("self.honorific()", "self.title_word()"))
    assert info.value.name == "replies/members.j2"
    assert info.value.message == "'self' 没有属性 'honorific'"
    assert store.check("replies/members.j2") == []
    assert not (store.user_dir / "replies" / "base.j2").exists()


def test_drafting_with_a_broken_user_template_raises_a_located_error(
    store: TemplateStore,
) -> None:
    # Written by hand behind the store's back, as a user might.
    folder = store.user_dir / "replies"
    folder.mkdir(parents=True)
    (folder / "member.j2").write_text(BROKEN["unknown field"][0], encoding="utf-8")
    with pytest.raises(TemplateError, match=r"^replies/member.j2: 第 4 行：'proposal' 没有属性"):
        build_draft(PROPOSAL, PROFILE, store, kind="member", today=date(2025, 1, 2))


def test_unknown_kind_and_bad_names(store: TemplateStore) -> None:
    with pytest.raises(TemplateError, match=r"没有类型 'letter' 的模板.*member"):
        store.load_kind("letter")
    with pytest.raises(TemplateError, match="不是有效的模板名称"):
        store.save("../../outside.j2", BASE)
    assert store.check("replies/absent.j2")[0].message == "没有这个模板"


def test_python_errors_cycles_and_unreadable_files_are_said_in_chinese(
    store: TemplateStore, tmp_path: Path
) -> None:
    # Python's own error text stays, inside a Chinese sentence, at the line that raised it.
    source = BASE + "{% block thanks %}\n\n{{ number + 1 }}\n{% endblock %}\n"
    with pytest.raises(TemplateError) as info:
        store.save("members.j2", source)
    assert info.value.line == 4
    assert info.value.message.startswith("模板运行出错：") and "concatenate" in info.value.message

    folder = store.user_dir / "replies"
    folder.mkdir(parents=True)
    (folder / "a.j2").write_text('{% extends "replies/b.j2" %}\n', encoding="utf-8")
    (folder / "b.j2").write_text('{% extends "replies/a.j2" %}\n', encoding="utf-8")
    [problem] = store.check("a")
    assert (
        str(problem) == "replies/a.j2: 模板之间循环继承：replies/a.j2 → replies/b.j2 → replies/a.j2"
    )

    gbk = tmp_path / "gbk.j2"
    gbk.write_bytes((BASE + "{% block thanks %}谢谢。{% endblock %}\n").encode("gbk"))
    [problem] = store.check(gbk)
    assert (problem.name, problem.line) == (str(gbk), None)
    assert "另存为 UTF-8" in problem.message


# --- User folder over built-ins -------------------------------------------------------------


def test_user_template_overrides_the_builtin_and_saving_spares_builtins(
    store: TemplateStore, builtin: Path
) -> None:
    before = snapshot(builtin)
    builtin_draft = build_draft(PROPOSAL, PROFILE, store, kind="member", today=date(2025, 1, 2))
    store.save(
        "replies/member.j2",
        BASE + "{% block thanks %}\n感谢{{ self.pronoun() }}对示例工作的关心。\n{% endblock %}\n",
    )
    draft = build_draft(PROPOSAL, PROFILE, store, kind="member", today=date(2025, 1, 2))
    assert draft.closing[-1] == "感谢您对示例工作的关心。"
    assert builtin_draft.closing[-1].startswith("再次感谢您的宝贵建议")
    assert draft.title == builtin_draft.title  # the rest still comes from the built-in
    info = {i.name: i for i in store.list()}["replies/member.j2"]
    assert info.origin == "user" and info.overrides_builtin
    assert snapshot(builtin) == before


def test_a_user_file_dropped_in_later_takes_over(store: TemplateStore) -> None:
    assert "再次感谢" in store.load_kind("member").render("thanks", _context())
    folder = store.user_dir / "replies"
    folder.mkdir(parents=True)
    (folder / "member.j2").write_text(BASE + "{% block thanks %}多谢。{% endblock %}\n", "utf-8")
    assert store.load_kind("member").render("thanks", _context()) == "多谢。"


def test_super_reaches_the_parent_block(store: TemplateStore) -> None:
    store.save(
        "replies/members.j2",
        '{% extends "replies/base.j2" %}\n{% block thanks %}{{ super() }}\n\n此复。{% endblock %}\n',
    )
    thanks = store.load_kind("members").paragraphs("thanks", _context())
    assert thanks == ["再次感谢您的宝贵建议，希望能继续得到您的关心和支持。", "此复。"]


def test_bureau_folder_template_wins_over_the_kind(store: TemplateStore) -> None:
    assert store.resolve("organisation", "changning-kw") == "changning-kw/organisation.j2"
    assert store.resolve("member", "changning-kw") == "replies/member.j2"


def _context() -> dict[str, object]:
    from replydraft.templates import template_context

    return template_context(PROPOSAL, PROFILE, kind="member", today=date(2025, 1, 2))


# --- Paragraphs, gaps and gists -------------------------------------------------------------


def test_blank_lines_separate_paragraphs_and_wrapped_lines_join(store: TemplateStore) -> None:
    store.save(
        "replies/member.j2",
        BASE
        + "{% block overview %}\n  第一段前半，\n  第一段后半。\n\n\n第二段。\n{% endblock %}\n"
        + "{% block answers_intro %}\n\n{% endblock %}\n",
    )
    draft = build_draft(PROPOSAL, PROFILE, store, kind="member", today=date(2025, 1, 2))
    assert [p.text for p in draft.sections[0].paragraphs] == [
        "第一段前半，第一段后半。",
        "第二段。",
    ]
    assert draft.sections[1].paragraphs == []  # an empty block adds nothing
    assert split_paragraphs("\n a \n\n b\nc \n") == ["a", "bc"]


def test_todo_marker() -> None:
    assert todo("编号") == "【待填写：编号】"
    assert todo() == "【待填写】"
    assert todo("x").startswith(TODO_OPEN)


@pytest.mark.parametrize(
    ("suggestion", "gist"),
    [
        (
            "一、早日启动实施二路农贸市场建设项目。该项目政府早已作出了规划",
            "早日启动实施二路农贸市场建设项目",
        ),
        (
            "建议：要加强对农村自来水厂水质的监测与公开，加强对资金的监管",
            "加强对农村自来水厂水质的监测与公开",
        ),
        ("应用示范场景要进一步开放。", "应用示范场景要进一步开放"),
        ("（二）应加快人才公寓建设；", "加快人才公寓建设"),
        ("二是要素保障要跟上", "要素保障要跟上"),
        ("持续加大产业人才招引和培养", "持续加大产业人才招引和培养"),
        ("转变“广泛播种、遍地开花”思路，防止资源分散", "转变“广泛播种、遍地开花”思路"),
        (
            "按照“政府引导，社会参与”的思路，要集中财力投放重点项目，汇聚力量",
            "集中财力投放重点项目",
        ),
        ("根据规划", "根据规划"),
        ("", ""),
    ],
)
def test_suggestion_gist(suggestion: str, gist: str) -> None:
    assert suggestion_gist(suggestion) == gist


def test_long_gist_is_cut_visibly() -> None:
    long = "建议统筹推进全区中小学人工智能课程体系建设师资队伍培养和实验室条件改善工作"
    gist = suggestion_gist(long)
    assert gist.endswith("……") and len(gist) <= 22
    listed = "加强人工智能基础教育、师资队伍建设、实验室条件保障和校外实践基地建设"
    assert suggestion_gist(listed) == "加强人工智能基础教育、师资队伍建设"
