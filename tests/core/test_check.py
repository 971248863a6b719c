"""The proofreader on the published seeds (whose real defects it must find), on small texts
written here for one rule each, and on a clean draft rendered the way it will print."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from replydraft import check
from replydraft.check import (
    RULES,
    CheckContext,
    Finding,
    Severity,
    WordList,
    apply_fixes,
    check_draft,
    check_paragraphs,
    check_parsed_record,
)
from replydraft.numbering import to_chinese
from replydraft.profiles import BureauProfile
from replydraft.records import (
    Contact,
    Draft,
    DraftHeader,
    DraftParagraph,
    DraftSection,
    Kind,
    Parsed,
    Source,
)
from replydraft.tokenize import Tokenizer
from tests.seedfiles import (
    SEED_POLICIES,
    SEED_REPLIES,
    SEED_REPLY_CHANGNING_035,
    SEED_REPLY_PUDONG_057,
    SEED_REPLY_PUDONG_195,
)


@pytest.fixture(scope="module")
def tokenizer() -> Tokenizer:
    return Tokenizer()


def raw_paragraphs(path: Path) -> list[str]:
    """The file as stored: paragraphs are separated by blank lines and keep any inner '\\n'."""
    return re.split(r"\n[ \t]*\n", path.read_text(encoding="utf-8"))


def of(findings: list[Finding], rule: str) -> list[Finding]:
    return [f for f in findings if f.rule == rule]


def spans(paragraphs: list[str], findings: list[Finding]) -> list[str]:
    return [paragraphs[f.paragraph][f.start : f.end] for f in findings]


def run(*paragraphs: str, **ctx: object) -> list[Finding]:
    """Check a few paragraphs; completeness is left out unless asked for."""
    ctx.setdefault("require", [])
    return check_paragraphs(list(paragraphs), CheckContext(**ctx))  # type: ignore[arg-type]


def rules_of(findings: list[Finding]) -> set[str]:
    return {f.rule for f in findings}


# --- The published seeds ---------------------------------------------------------------------


def test_seed_000_lost_numeral_date_ascii_and_unclosed_bracket(tokenizer: Tokenizer) -> None:
    paragraphs = raw_paragraphs(SEED_REPLY_PUDONG_195)
    findings = check_paragraphs(paragraphs, CheckContext(tokenizer=tokenizer))

    (lost,) = of(findings, "heading.lost-numeral")
    assert paragraphs[lost.paragraph].startswith("、对提案建议的答复")
    assert (lost.start, lost.end, lost.severity) == (0, 1, Severity.ERROR)
    assert lost.fix is not None and lost.fix.replacement == "二、"

    (date,) = of(findings, "date.lost-separator")
    assert paragraphs[date.paragraph][date.start : date.end] == "2025421"
    assert date.fix is not None and date.fix.replacement == "2025年4月21日"

    ascii_marks = of(findings, "punct.ascii")
    assert len(ascii_marks) > 40
    texts = spans(paragraphs, ascii_marks)
    assert "," in texts and ":" in texts and "(GTP)" in texts
    # Numbers, the phone number with its dash and the time-like index stay untouched.
    assert all(t[0] in ',;:?!"()' for t in texts)

    unbalanced = of(findings, "punct.unbalanced")
    assert sorted(spans(paragraphs, unbalanced)) == ["(", "”"]
    (f,) = [f for f in unbalanced if paragraphs[f.paragraph][f.start] == "("]
    assert paragraphs[f.paragraph][f.start : f.start + 4] == "(GOI"
    # The stray closing quote of ……‘数据要素X’大赛上海分赛” is real too.
    (stray,) = [f for f in unbalanced if paragraphs[f.paragraph][f.start] == "”"]
    assert paragraphs[stray.paragraph][stray.start - 6 : stray.start] == "大赛上海分赛"
    assert any(f.severity is Severity.ERROR for f in findings)


def test_seed_000_salutation_and_pronouns(tokenizer: Tokenizer) -> None:
    paragraphs = raw_paragraphs(SEED_REPLY_PUDONG_195)
    findings = check_paragraphs(paragraphs, CheckContext(tokenizer=tokenizer))
    (colon,) = of(findings, "punct.salutation-colon")
    assert paragraphs[colon.paragraph] == "吴佳桢委员"
    # One member addressed, two proposers (您和白雪委员), 你们 later: worth a look, not an error.
    (pronoun,) = of(findings, "consistency.pronoun")
    assert pronoun.severity is Severity.INFO
    assert paragraphs[pronoun.paragraph][pronoun.start : pronoun.end] == "你们"


def test_seed_001_markdown_and_doc_number_bracket(tokenizer: Tokenizer) -> None:
    paragraphs = raw_paragraphs(SEED_REPLY_PUDONG_057)
    findings = check_paragraphs(paragraphs, CheckContext(tokenizer=tokenizer))

    bold = of(findings, "leftover.markdown")
    assert len(bold) == 5
    assert "**出台各项人才政策**" in spans(paragraphs, bold)
    assert all(f.severity is Severity.ERROR for f in bold)

    (docnum,) = of(findings, "docnum.bracket")
    assert paragraphs[docnum.paragraph][docnum.start : docnum.end] == "（2025）"
    assert docnum.fix is not None and docnum.fix.replacement == "〔2025〕"

    # "加\n\n大逆周期": the page break cut the word 加大.
    (split,) = of(findings, "layout.split-word")
    assert paragraphs[split.paragraph].endswith("加")
    assert "加大" in split.message
    # 一是…二是…三是…四是 in one paragraph is in order.
    assert not of(findings, "ordinal.sequence")
    assert "23年" in spans(paragraphs, of(findings, "date.short-year"))


def test_seed_002_raw_lines_have_hard_breaks(tokenizer: Tokenizer) -> None:
    paragraphs = raw_paragraphs(SEED_REPLY_CHANGNING_035)
    findings = check_paragraphs(paragraphs, CheckContext(tokenizer=tokenizer))
    broken = of(findings, "layout.broken-paragraph")
    assert len(broken) >= 10
    # The first: the opening formula cut into three lines.
    first = broken[0]
    assert paragraphs[first.paragraph].startswith("民建长宁区委提出的")
    assert f"第{first.paragraph + 1}–{first.paragraph + 3}段" in first.message
    newline = of(findings, "layout.line-break")
    assert newline and all("\n" in paragraphs[f.paragraph][f.start : f.end] for f in newline)
    # A wrap inside a sentence can be removed; a heading glued to its text is a real break.
    assert any(f.fix is not None and f.fix.replacement == "" for f in newline)
    assert any(f.fix is None and paragraphs[f.paragraph].startswith("一、") for f in newline)
    # "人工智能训练师（5、4、3、2、1\n\n级）、信息安全测试员 4、3、2、1级）": the brackets are
    # matched across the broken lines, and only the truly unopened one is reported.
    (unbalanced,) = of(findings, "punct.unbalanced")
    text = paragraphs[unbalanced.paragraph]
    assert text[unbalanced.start] == "）" and text[unbalanced.start - 2 : unbalanced.start] == "1级"
    assert unbalanced.start > text.index("信息安全测试员")


def test_seed_replies_rejoined_by_ingest_have_no_layout_findings(tokenizer: Tokenizer) -> None:
    ingest = pytest.importorskip("replydraft.ingest")
    for path in SEED_REPLIES:
        paragraphs = ingest.ingest_file(path).paragraphs
        findings = check_paragraphs(paragraphs, CheckContext(tokenizer=tokenizer))
        assert not {f.rule for f in findings if f.rule.startswith("layout.")}, path.name


def test_every_finding_is_a_known_rule_with_valid_positions(tokenizer: Tokenizer) -> None:
    for path in SEED_REPLIES + SEED_POLICIES:
        paragraphs = raw_paragraphs(path)
        for f in check_paragraphs(paragraphs, CheckContext(tokenizer=tokenizer, year=2025)):
            assert f.rule in RULES
            assert 0 <= f.paragraph < len(paragraphs)
            assert 0 <= f.start <= f.end <= len(paragraphs[f.paragraph])
            if f.fix is not None:
                assert 0 <= f.fix.start <= f.fix.end <= len(paragraphs[f.paragraph])
                assert RULES[f.rule].fixable
            assert re.search(r"[\u4e00-\u9fff]", f.message)


def test_check_parsed_record_lowers_published_leftovers() -> None:
    paragraphs = [
        "关于×××的答复",
        "王××委员：",
        "您提出的提案（第12号）收悉，现答复如下：",
        "已办理。",
    ]
    parsed = Parsed(kind=Kind.REPLY, proposal_number="12", date="2024-05-01")
    findings = check_parsed_record(paragraphs, parsed)
    placeholders = of(findings, "leftover.placeholder")
    assert placeholders and all(f.severity is Severity.WARNING for f in placeholders)
    # A published reply without its contact block: an info, not an error.
    assert {f.severity for f in findings if f.rule.startswith("complete.")} == {Severity.INFO}
    proposal = Parsed(kind=Kind.PROPOSAL, title="关于××的建议")
    assert not [f for f in check_parsed_record(["关于××的建议"], proposal) if "complete" in f.rule]


# --- Headings and ordinals --------------------------------------------------------------------


def test_heading_gap_duplicate_and_restart_under_parent() -> None:
    ok = run(
        "一、概述",
        "正文。",
        "二、答复",
        "（一）第一条",
        "正文。",
        "（二）第二条",
        "1.甲项。",
        "2.乙项。",
        "三、下一步",
        "（一）重新从一开始",
        "正文。",
    )
    assert not rules_of(ok) & {"heading.gap", "heading.duplicate", "heading.lost-numeral"}

    findings = run("一、甲", "正文。", "三、丙", "正文。", "三、丙又一次", "正文。")
    (gap,) = of(findings, "heading.gap")
    (dup,) = of(findings, "heading.duplicate")
    assert (gap.paragraph, gap.start, gap.end) == (2, 0, 2)
    assert dup.paragraph == 4 and dup.severity is Severity.ERROR

    first = run("（二）没有（一）", "正文。")
    assert of(first, "heading.gap")


def test_a_hundredth_heading_without_its_numeral_is_reported_without_a_fix() -> None:
    # Chinese numerals stop at 九十九: the finding names the place by its digits instead.
    headings = [f"{to_chinese(n)}、第{n}项" for n in range(1, 100)]
    findings = run(*headings, "、第一百项")
    (lost,) = of(findings, "heading.lost-numeral")
    assert lost.paragraph == 99 and "100、" in lost.message and lost.fix is None


def test_heading_marker_width_and_empty_heading() -> None:
    paragraphs = [
        "一、答复",
        "(一)半角括号",
        "正文。",
        "（二）全角括号",
        "正文。",
        "二、下一步",
        "三、结尾",
    ]
    findings = run(*paragraphs)
    (marker,) = of(findings, "heading.marker")
    assert marker.paragraph == 1 and marker.fix is not None
    assert marker.fix.replacement == "（一）"
    assert not of(findings, "punct.ascii")  # the heading rule owns those brackets
    (empty,) = of(findings, "heading.empty")
    assert empty.paragraph == 5


def test_ordinals_in_order_across_paragraphs_and_out_of_order() -> None:
    fine = run(
        "（一）人才",
        "一是出台政策。",
        "二是打造体系。",
        "三是聚焦海外人才。",
        "（二）生态",
        "一是活动。",
    )
    assert not of(fine, "ordinal.sequence")
    skipped = run("一是出台政策。三是聚焦海外人才。")
    (f,) = of(skipped, "ordinal.sequence")
    assert skipped and "缺少“二是”" in f.message
    assert "一是出台政策。三是聚焦海外人才。"[f.start : f.end] == "三是"
    missing_first = run("（一）人才", "二是打造体系。")
    assert of(missing_first, "ordinal.sequence")
    # 一是 after a colon: the clause finder skips it, the rule must not cry wolf.
    assert not of(run("主要做了以下工作：一是出台政策。二是打造体系。"), "ordinal.sequence")


# --- Dates -----------------------------------------------------------------------------------


def test_dates_impossible_padded_iso_and_short_year() -> None:
    text = "2025年2月30日起施行，2025年05月07日印发，于2025-05-07公布，23年7月启动。"
    findings = run(text)
    (invalid,) = of(findings, "date.invalid")
    assert text[invalid.start : invalid.end] == "2025年2月30日"
    (padded,) = of(findings, "date.zero-padding")
    assert padded.fix is not None and padded.fix.replacement == "2025年5月7日"
    (iso,) = of(findings, "date.iso")
    assert iso.severity is Severity.INFO and text[iso.start : iso.end] == "2025-05-07"
    (short,) = of(findings, "date.short-year")
    assert short.fix is not None and text[short.fix.start : short.fix.end] == "23"
    assert short.fix.replacement == "2023"


def test_lost_separator_ambiguous_and_far_from_reply_year() -> None:
    body = ["某某委员：", "您提出的提案收悉，现答复如下：", "已办理。", "上海市某委员会"]
    ambiguous = of(run(*body, "2025111", year=2025), "date.lost-separator")
    assert len(ambiguous) == 1 and ambiguous[0].fix is None
    assert "2025年1月11日" in ambiguous[0].message and "2025年11月1日" in ambiguous[0].message
    far = of(run(*body, "2023年5月7日", year=2025), "date.far")
    assert len(far) == 1
    assert not of(run(*body, "2025年5月7日", year=2025), "date.far")
    # A bare number in the body is not taken for a date.
    assert not of(run(*body[:2], "20250326", *body[2:]), "date.lost-separator")


# --- Punctuation -------------------------------------------------------------------------------


def test_things_that_are_not_punctuation_errors() -> None:
    findings = run(
        "合同金额超1.28亿元，占比为3:1，发布时间10:24。",
        "详见https://www.gov.cn/zhengce/a.html?x=1,2&y=3:4，按照GB/T 9704-2012执行。",
        "联系电话：58788388-64516，渌水字〔2023〕3号 (A)类。",
        "This is English, with a colon: and (brackets) inside.",
        "第（1）项、a）项均按原样保留，don’t worry。",
    )
    assert not rules_of(findings) & {"punct.ascii", "punct.unbalanced", "date.iso", "punct.doubled"}


def test_ascii_punctuation_and_its_fix() -> None:
    text = "收到你们的提案后,我委高度重视;现答复如下:请见《方案》(2023-2025年)!"
    findings = run(text)
    marks = of(findings, "punct.ascii")
    assert spans([text], marks) == [",", ";", ":", "(2023-2025年)", "!"]
    fixed, applied = apply_fixes([text], findings, {"punct.ascii"})
    assert fixed == ["收到你们的提案后，我委高度重视；现答复如下：请见《方案》（2023-2025年）！"]
    assert len(applied) == 5


@pytest.mark.parametrize(
    ("text", "char"),
    [
        ("关于《加快人工智能发展的建议", "《"),
        ("他说“要加快发展。", "“"),
        ("要加快发展”。", "”"),
        ("（一）依托平台（加快建设。", "（"),
        ("要加快发展）。", "）"),
        ("浦科经委办理〔2025〕61号，见〔2024", "〔"),
        ("他说“要‘加快’发展。", "“"),
    ],
)
def test_unbalanced_brackets_and_quotes(text: str, char: str) -> None:
    (f,) = of(run(text), "punct.unbalanced")
    assert text[f.start : f.end] == char
    assert f.severity is Severity.ERROR


def test_balanced_nesting_and_quotes_across_a_broken_title() -> None:
    assert not of(run("他说“要‘加快’发展（见《方案》）”。"), "punct.unbalanced")
    title = ["《浦东新区人工智能赋能经济数字化", "转型三年行动方案》的通知"]
    assert not of(run(*title), "punct.unbalanced")


def test_doubled_punctuation_and_mixed_width_summary() -> None:
    text = "近年来,,河堤路居民增加。。全角，半角,并用。"
    findings = run(text)
    doubled = of(findings, "punct.doubled")
    assert spans([text], doubled) == [",,", "。。"]
    assert [f.fix.replacement for f in doubled if f.fix] == ["，", "。"]
    (summary,) = of(findings, "punct.mixed-width")
    assert summary.severity is Severity.INFO


def test_doc_number_bracket_and_number_format() -> None:
    text = "依据潼民发【2024】275号、沪府发[2023]3号和浦科经委规〔2024〕第061号办理。"
    findings = run(text)
    brackets = of(findings, "docnum.bracket")
    assert spans([text], brackets) == ["【2024】", "[2023]"]
    (number,) = of(findings, "docnum.format")
    assert text[number.start : number.end] == "第061"
    fixed, _ = apply_fixes([text], findings, {"docnum"})
    assert fixed == ["依据潼民发〔2024〕275号、沪府发〔2023〕3号和浦科经委规〔2024〕61号办理。"]
    assert not of(findings, "punct.ascii")  # the 文号 rule owns its brackets


# --- Leftovers ------------------------------------------------------------------------------


def test_template_fields_and_placeholders_are_errors_in_a_draft() -> None:
    findings = run(
        "{{ proposal.title }}已收悉，{% if x %}。",
        "联系人：XXX，电话：【待填写联系电话】。",
        "请某某单位×××同志____办理。",
        "2025年‘数据要素X’大赛、XXL型号、Linux系统均不是占位符。",
    )
    assert len(of(findings, "leftover.template")) == 2
    placeholders = of(findings, "leftover.placeholder")
    assert {f.paragraph for f in placeholders} == {1, 2}
    assert all(f.severity is Severity.ERROR for f in placeholders)


def test_characters_lost_in_a_re_encoding_are_errors_not_ascii_marks() -> None:
    # A mirror's "規(guī)?;姆较" after pinyin and traditional forms are mended, U+FFFD, and
    # the GBK/UTF-8 mix-up's 锟斤拷: each an error naming the run, with no "？" offered for it.
    paragraphs = [
        "推进城乡供水一体化、规?;姆较虬l发展，实施集中供水规？;？、因地制宜建设小型工程。",
        "完善农村饮水\ufffd\ufffd工程管护机制，锟斤拷落实管护责任。",
        "农村饮水怎么保障？我们将加快推进，请问何时完成？？",
    ]
    findings = run(*paragraphs)
    garbled = of(findings, "leftover.garbled")
    assert spans(paragraphs, garbled) == ["?;", "？;？、", "\ufffd\ufffd", "锟斤拷", "？？"]
    assert all(f.severity is Severity.ERROR for f in garbled)
    assert not of(findings, "punct.ascii")  # the lost characters are not a "?" to widen


def test_a_question_in_chinese_is_not_garbled() -> None:
    findings = run("为什么要这样做？因为群众有需要。", "请问“是否可行？”；答复：可行。")
    assert not of(findings, "leftover.garbled")


def test_markdown_heading_and_stray_bold() -> None:
    paragraphs = ["## 对提案建议的答复", "一是**出台政策**。二是**打造体系。"]
    findings = run(*paragraphs)
    fixed, applied = apply_fixes(paragraphs, findings, {"leftover.markdown"})
    assert fixed == ["对提案建议的答复", "一是出台政策。二是打造体系。"]
    assert len(applied) == 3


def test_newline_inside_a_paragraph_and_a_broken_paragraph(tokenizer: Tokenizer) -> None:
    wrapped = "浦东新区持续发力创新策源、应用示范、制度供给，构建形成了\n基础研究、创新孵化的人工智能全要素生态优势。"
    findings = run(wrapped)
    (f,) = of(findings, "layout.line-break")
    fixed, _ = apply_fixes([wrapped], findings, {"layout.line-break"})
    assert fixed == [wrapped.replace("\n", "")]
    assert f.severity is Severity.WARNING

    long_line = (
        "专项基金方面，充分发挥国资创投培育科技创新的核心功能，积极服务国家、市区重大战略，加"
    )
    pages = ["一、答复", long_line, "大逆周期产业投资力度，持续提高投后管理能力。", "二、下一步"]
    split = of(run(*pages, tokenizer=tokenizer), "layout.split-word")
    assert len(split) == 1 and split[0].paragraph == 1 and "加大" in split[0].message
    # Without a tokenizer the same break is still reported, as a broken paragraph.
    assert of(run(*pages), "layout.broken-paragraph")
    # A short title line and a line ending with 如下 are left alone.
    assert not rules_of(
        run("关于加强我市中小学人工智能教育的建议", "人工智能以其速度和广度，正改变教育。")
    )


# --- Consistency -----------------------------------------------------------------------------


def test_proposal_number_in_title_and_body() -> None:
    paragraphs = [
        "对浦东新区政协七届四次会议第195号提案的答复",
        "吴佳桢委员：",
        "您提出的《关于打造人工智能高地的建议》提案（第196号）收悉，现答复如下：",
        "一、办理概述",
    ]
    (f,) = of(run(*paragraphs), "consistency.number")
    assert paragraphs[f.paragraph][f.start : f.end] == "196"
    assert f.fix is None  # which of the two is wrong, only the officer knows
    proposal = Parsed(kind=Kind.PROPOSAL, proposal_number="195", title="关于打造人工智能高地的建议")
    with_proposal = of(run(*paragraphs, proposal=proposal), "consistency.number")
    assert [x.fix.replacement for x in with_proposal if x.fix] == ["195"]
    assert not of(run(*[p.replace("196", "195") for p in paragraphs]), "consistency.number")
    other = Parsed(kind=Kind.PROPOSAL, title="关于加强农村饮水安全的建议")
    assert of(run(*paragraphs, proposal=other), "consistency.title")


def test_pronoun_agrees_with_salutation() -> None:
    one = run("吴佳桢委员：", "您提出的提案收悉，现答复如下：", "感谢你们的宝贵建议。")
    (f,) = of(one, "consistency.pronoun")
    assert f.severity is Severity.WARNING and f.fix is not None and f.fix.replacement == "您"
    several = run("马青、周丽等委员：", "您提出的提案收悉，现答复如下：", "感谢你们的建议。")
    (g,) = of(several, "consistency.pronoun")
    assert g.paragraph == 1 and g.fix is not None and g.fix.replacement == "你们"
    group = run("民建长宁区委：", "你们提出的提案收悉，现答复如下：", "感谢贵会的建议。")
    assert not of(group, "consistency.pronoun")
    polite_plural = run("浦东新区工商联：", "您们提出的提案收悉，现答复如下：")
    (h,) = of(polite_plural, "consistency.pronoun")
    assert h.fix is not None and h.fix.replacement == "你们"
    proposers = Parsed(kind=Kind.PROPOSAL, proposers=["郭某", "陈某"])
    wrong_name = run("张某委员：", "您提出的提案收悉，现答复如下：", proposal=proposers)
    assert of(wrong_name, "consistency.salutation")


def test_result_label_against_wording_and_self_reference() -> None:
    paragraphs = [
        "办理结果：解决或采纳",
        "吴佳桢委员：",
        "您提出的提案收悉，现答复如下：",
        "鉴于条件限制，该建议我局暂时不能实施，留作参考。",
    ]
    (f,) = of(run(*paragraphs), "consistency.result")
    assert paragraphs[f.paragraph][f.start : f.end] == "暂时不能"
    assert not of(run(*paragraphs[1:]), "consistency.result")
    assert of(run(*paragraphs[1:], result="A"), "consistency.result")
    profile = BureauProfile(id="pd", name="上海市浦东新区科技和经济委员会", self_reference="我委")
    (s,) = of(run(*paragraphs, profile=profile), "consistency.self-reference")
    assert s.fix is not None and s.fix.replacement == "我委"


# --- Completeness ----------------------------------------------------------------------------


def test_completeness_follows_the_profile() -> None:
    body = ["吴佳桢委员：", "您提出的提案收悉，现答复如下：", "已办理。"]
    findings = check_paragraphs(body)
    assert {"complete.signature", "complete.date", "complete.contact"} <= rules_of(findings)
    assert all(f.severity is Severity.ERROR for f in findings if f.rule.startswith("complete."))
    full = [
        *body,
        "上海市浦东新区科技和经济委员会",
        "2025年5月7日",
        "联系人姓名：卿逸男  联系电话：58788388-64516",
    ]
    assert not [f for f in check_paragraphs(full) if f.rule.startswith("complete.")]
    profile = BureauProfile(
        id="pd", name="上海市浦东新区科技和经济委员会", require=["cc", "signer"]
    )
    missing = {f.rule for f in check_paragraphs(full, CheckContext(profile=profile))}
    assert {"complete.cc", "complete.signer"} <= missing
    with_cc = [*full, "抄送：区政府办公室、区政协提案委。", "签发人：詹镭"]
    assert not [
        f for f in check_paragraphs(with_cc, CheckContext(profile=profile)) if "complete" in f.rule
    ]


def test_empty_document() -> None:
    (f,) = check_paragraphs(["", "  "])
    assert f.severity is Severity.ERROR


# --- Coverage of the proposal's suggestions ---------------------------------------------------

SUGGESTIONS = [
    "加大人工智能领军人才引进力度，完善人才公寓和租房补贴等安居保障",
    "建设人工智能公共算力服务平台，向中小企业发放算力券降低算力成本",
    "建立人工智能伦理审查委员会，开展算法安全评估和备案管理",
]
ANSWERS = [
    "吴佳桢委员：",
    "您提出的提案收悉，现答复如下：",
    "一、对提案建议的答复",
    "（一）加大领军人才引进力度",
    "我委推出明珠计划，引进人工智能领军人才，为高层次人才提供人才公寓优先入住和租房补贴。",
    "（二）建设公共算力服务平台",
    "我委会同区数据局建设公共算力服务平台，向中小企业发放算力券，降低企业算力成本。",
]


@pytest.mark.parametrize("with_jieba", [True, False])
def test_coverage_names_the_unanswered_suggestion(tokenizer: Tokenizer, with_jieba: bool) -> None:
    proposal = Parsed(kind=Kind.PROPOSAL, suggestions=SUGGESTIONS)
    tok = tokenizer if with_jieba else None
    findings = run(*ANSWERS, proposal=proposal, tokenizer=tok)
    (f,) = of(findings, "coverage.suggestion")
    assert "第3条" in f.message and "伦理审查" in f.message
    answered = [
        *ANSWERS,
        "（三）加强伦理审查",
        "我委将推动成立人工智能伦理审查委员会，开展算法安全评估和备案。",
    ]
    assert not of(run(*answered, proposal=proposal, tokenizer=tok), "coverage.suggestion")


# --- Stale reuse -----------------------------------------------------------------------------


def test_stale_reuse_in_reused_paragraphs_only() -> None:
    old = Source(doc_id="a1", title="对第57号提案的答复", date="2023-06-01")
    paragraphs = [
        "吴佳桢委员：",
        "您提出的提案收悉，现答复如下：",
        "发布了《三年行动方案（2021-2023年）》，推动产业发展。",
        "2022年，浦东新区规上人工智能企业规模达1637亿元。",
        "截至目前，平台已累计发布项目17个，合同金额超1.28亿元。",
        "我委将持续推动人工智能产业发展。",
    ]
    sources: list[Source | None] = [None, None, old, old, old, old]
    findings = run(*paragraphs, sources=sources, year=2025)
    assert [f.paragraph for f in of(findings, "stale.period")] == [2]
    assert [f.paragraph for f in of(findings, "stale.year")] == [3]
    relative = of(findings, "stale.relative")
    assert [f.paragraph for f in relative] == [4]
    assert paragraphs[4][relative[0].start : relative[0].end] == "截至目前"
    assert all(
        "《对第57号提案的答复》" in f.message for f in findings if f.rule.startswith("stale.")
    )
    # Written by the officer (no source): the same text is not stale reuse.
    assert not [
        f for f in run(*paragraphs, sources=[None] * 6, year=2025) if f.rule.startswith("stale.")
    ]
    # Reused from a reply of the same year: 截至目前 still holds.
    same_year = Source(doc_id="a2", title="对第12号提案的答复", date="2025-03-01")
    assert not of(
        run(*paragraphs, sources=[None, None, *[same_year] * 4], year=2025), "stale.relative"
    )


# --- Word list and names ------------------------------------------------------------------------


def test_word_list_round_trip_near_miss_and_known_names(tmp_path: Path) -> None:
    path = tmp_path / "词表.txt"
    path.write_text(
        "# 本单位常用名称\n上海市浦东新区科技和经济委员会\n\n区政协提案委\n上海(浦东)创新中心\n",
        encoding="utf-8",
    )
    words = WordList.load(path)
    assert words.terms == ["上海市浦东新区科技和经济委员会", "区政协提案委", "上海(浦东)创新中心"]
    words.add("区政府办公室")
    words.save(tmp_path / "out.txt")
    assert WordList.load(tmp_path / "out.txt").terms == words.terms

    paragraphs = [
        "吴佳桢委员：",
        "您提出的提案收悉，现答复如下：",
        "我委会同上海(浦东)创新中心办理。",
        "上海市浦东新区科技与经济委员会",
        "2025年5月7日",
        "抄送：区政府办公室、区政协提案委员会。",
    ]
    findings = run(*paragraphs, wordlist=words)
    near = of(findings, "names.near-miss")
    # The full name where the list keeps the short one is worth a look too.
    assert [paragraphs[f.paragraph][f.start : f.end] for f in near] == [
        "上海市浦东新区科技与经济委员会",
        "区政协提案委员会",
    ]
    assert near[0].fix is not None
    assert near[0].fix.replacement == "上海市浦东新区科技和经济委员会"
    # The brackets of a known name are not reported; without the word list they are.
    assert not of(findings, "punct.ascii")
    assert of(run(*paragraphs), "punct.ascii")


def test_word_list_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "gbk.txt"
    path.write_bytes("上海市浦东新区".encode("gbk"))
    with pytest.raises(
        ValueError, match=r"^gbk\.txt: 词表不是 UTF-8 文本（第1个字节无法解码），请另存为 UTF-8"
    ):
        WordList.load(path)


def test_word_list_that_cannot_be_read(tmp_path: Path) -> None:
    # A folder where the file should be: reading it fails as a locked or unreadable file does.
    folder = tmp_path / "词表.txt"
    folder.mkdir()
    with pytest.raises(ValueError, match=r"^词表\.txt: 无法读取词表（"):
        WordList.load(folder)


# --- Fixes -----------------------------------------------------------------------------------


def test_apply_fixes_applies_only_the_requested_rules(tokenizer: Tokenizer) -> None:
    paragraphs = raw_paragraphs(SEED_REPLY_PUDONG_195)
    findings = check_paragraphs(paragraphs, CheckContext(tokenizer=tokenizer))
    fixed, applied = apply_fixes(paragraphs, findings, {"date.lost-separator", "heading"})
    assert {f.rule for f in applied} == {
        "date.lost-separator",
        "heading.lost-numeral",
        "heading.marker",
    }
    assert "2025年4月21日" in fixed and "二、对提案建议的答复" in fixed
    assert "(一)持续加大产业人才招引和培养" not in fixed
    changed = [i for i, (a, b) in enumerate(zip(paragraphs, fixed, strict=True)) if a != b]
    assert sorted(changed) == sorted({f.paragraph for f in applied})
    assert any("," in p for p in fixed)  # punctuation was not asked for

    again = check_paragraphs(fixed, CheckContext(tokenizer=tokenizer))
    assert not rules_of(again) & {"date.lost-separator", "heading.lost-numeral", "heading.marker"}
    assert len(of(again, "punct.ascii")) == len(of(findings, "punct.ascii"))

    everything, all_applied = apply_fixes(paragraphs, findings)
    assert len(all_applied) == len([f for f in findings if f.fix is not None])
    assert not of(check_paragraphs(everything, CheckContext(tokenizer=tokenizer)), "punct.ascii")
    assert apply_fixes(paragraphs, findings, set()) == (paragraphs, [])


def test_overlapping_fixes_take_the_first() -> None:
    findings = [
        Finding("punct.ascii", Severity.WARNING, "x", 0, 1, 2, check.Fix(1, 2, "，")),
        Finding("punct.doubled", Severity.WARNING, "x", 0, 1, 3, check.Fix(1, 3, "，")),
    ]
    fixed, applied = apply_fixes(["甲,,乙"], findings)
    assert fixed == ["甲，,乙"] and [f.rule for f in applied] == ["punct.ascii"]


# --- A clean draft, rendered -------------------------------------------------------------------


def clean_draft() -> Draft:
    proposal = Parsed(
        kind=Kind.PROPOSAL,
        title="关于加快人工智能人才集聚的建议",
        proposal_number="195",
        proposers=["吴佳桢"],
        suggestions=SUGGESTIONS[:2],
    )
    reused = Source(doc_id="r1", title="对第57号提案的答复", date="2025-04-01")

    def para(text: str, source: Source | None = None) -> DraftParagraph:
        return DraftParagraph(text, source)

    return Draft(
        bureau="pudong",
        header=DraftHeader(
            doc_number="浦科经委办理〔2025〕47号", result="解决或采纳", disclosure="主动公开"
        ),
        title="对浦东新区政协七届四次会议第195号提案的答复",
        salutation="吴佳桢委员",
        opening="您提出的《关于加快人工智能人才集聚的建议》提案（第195号）收悉，经研究，"
        "现将办理情况答复如下：",
        sections=[
            DraftSection(
                "对本提案的办理概述",
                1,
                [para("收到您的提案后，我委高度重视，会同区委组织部等部门认真研究，积极采纳。")],
            ),
            DraftSection(
                "对提案建议的答复",
                1,
                sections=[
                    DraftSection(
                        "加大领军人才引进力度",
                        2,
                        [
                            para(
                                "一是出台人才政策。推出明珠计划，引进人工智能领军人才。"
                                "二是完善安居保障。为高层次人才提供人才公寓和租房补贴。",
                                reused,
                            )
                        ],
                        suggestion=SUGGESTIONS[0],
                    ),
                    DraftSection(
                        "建设公共算力服务平台",
                        2,
                        [para("我委建设公共算力服务平台，向中小企业发放算力券，降低算力成本。")],
                        suggestion=SUGGESTIONS[1],
                    ),
                ],
            ),
        ],
        closing=["再次感谢您的宝贵建议，希望能继续得到您的关心和支持。"],
        signature="上海市浦东新区科技和经济委员会",
        date="2025-05-07",
        contact=Contact("卿逸男", "58788388-64516", "浦东新区世纪大道2001号", "200135"),
        cc=["区政府办公室", "区政协提案委"],
        print_office="上海市浦东新区科技和经济委员会办公室",
        proposal=proposal,
    )


def test_clean_rendered_draft_has_no_error_or_warning(tokenizer: Tokenizer) -> None:
    pytest.importorskip("replydraft.render")
    profile = BureauProfile(
        id="pudong",
        name="上海市浦东新区科技和经济委员会",
        require=["signature", "date", "contact", "cc"],
    )
    findings = check_draft(clean_draft(), profile, WordList(["区政协提案委"]), tokenizer=tokenizer)
    assert [f for f in findings if f.severity is not Severity.INFO] == []


def test_rendered_draft_defects_point_at_the_rendered_text(tokenizer: Tokenizer) -> None:
    render = pytest.importorskip("replydraft.render")
    draft = clean_draft()
    draft.sections[1].sections[1].paragraphs[0].text = "截至目前,已发放3万张算力券，【待填写】。"
    draft.sections[1].sections[1].paragraphs[0].source = Source(
        doc_id="r0", title="对第9号提案的答复", date="2023-05-01"
    )
    draft.contact = Contact()
    blocks = render.render_blocks(draft)
    findings = check_draft(draft, tokenizer=tokenizer)
    by_rule = {f.rule: f for f in findings}
    for rule, text in [
        ("punct.ascii", ","),
        ("leftover.placeholder", "【待填写】"),
        ("stale.relative", "截至目前"),
    ]:
        f = by_rule[rule]
        assert blocks[f.paragraph].text[f.start : f.end] == text
    assert by_rule["leftover.placeholder"].severity is Severity.ERROR
    assert by_rule["complete.contact"].severity is Severity.ERROR


def test_rules_table_describes_every_rule() -> None:
    assert all(info.id == rule and info.description for rule, info in RULES.items())
    assert {r.split(".")[0] for r in RULES} >= {
        "heading",
        "date",
        "punct",
        "leftover",
        "layout",
        "consistency",
        "complete",
        "coverage",
        "stale",
    }
