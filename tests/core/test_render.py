"""render_blocks: one reading order, numerals from position, dates printed once."""

from __future__ import annotations

import pytest

from replydraft.numbering import match_heading
from replydraft.records import Contact, Draft, DraftHeader, DraftParagraph, DraftSection
from replydraft.render import (
    ROLES,
    Block,
    format_date,
    render_blocks,
    text_width,
    title_lines,
)
from tests.core._drafts import HEADINGS, SIGNATURE, TITLE, pudong_057, short_reply


def headings(blocks: list[Block]) -> list[str]:
    return [b.text for b in blocks if b.is_heading]


@pytest.mark.parametrize(
    ("iso", "printed"),
    [
        ("2025-05-07", "2025年5月7日"),
        ("2025-12-31", "2025年12月31日"),
        ("2024-10-01", "2024年10月1日"),
        ("2025-5-7", "2025年5月7日"),
        ("", ""),
        ("2025年4月21日", "2025年4月21日"),  # typed in Chinese already: kept
    ],
)
def test_format_date(iso: str, printed: str) -> None:
    assert format_date(iso) == printed


def test_seed_shaped_reply_reads_in_genre_order() -> None:
    blocks = render_blocks(pudong_057())
    roles = [b.role for b in blocks]
    assert set(roles) <= set(ROLES)
    order = ["header", "title", "salutation", "body", "heading1", "signature", "date"]
    firsts = [roles.index(r) for r in order]
    assert firsts == sorted(firsts)
    assert roles[-4:] == ["contact", "contact", "cc", "print"]
    by_role = {b.role: b for b in blocks}
    assert by_role["title"].text == TITLE
    assert by_role["salutation"].text == "浦东新区工商联："
    assert by_role["signature"].text == SIGNATURE
    assert by_role["date"].text == "2025年5月7日"
    assert by_role["cc"].text == "抄送：区政府办公室、区政协提案委。"
    assert by_role["print"].text == "上海市浦东新区科技和经济委员会办公室  2025年5月7日印发"
    assert [b.text for b in blocks if b.role == "contact"] == [
        "联系人姓名：卿逸男  联系电话：58788388-64516",
        "联系地址：浦东新区世纪大道2001号  邮政编码：200135",
    ]


def test_numerals_come_from_position_and_restart_under_each_parent() -> None:
    draft = pudong_057()
    assert headings(render_blocks(draft)) == [
        "一、对本提案的办理概述",
        "二、对提案建议的答复",
        *(f"（{n}）{h}" for n, h in zip("一二三四五", HEADINGS, strict=True)),
    ]
    # A third level-1 section with its own subsections starts again at （一）.
    draft.sections.append(DraftSection("下一步工作思考", 1, sections=[DraftSection("加强统筹", 2)]))
    assert headings(render_blocks(draft))[-2:] == ["三、下一步工作思考", "（一）加强统筹"]


def test_inserting_a_section_renumbers_the_ones_after_it() -> None:
    draft = pudong_057()
    answers = draft.sections[1].sections
    answers.insert(1, DraftSection("加强应用场景开放", 2, [DraftParagraph("新增段落。")]))
    texts = headings(render_blocks(draft))
    assert texts[2:5] == [
        f"（一）{HEADINGS[0]}",
        "（二）加强应用场景开放",
        f"（三）{HEADINGS[1]}",
    ]
    assert texts[-1] == f"（六）{HEADINGS[4]}"
    # Deleting one closes the gap: no numeral is ever skipped.
    del draft.sections[0]
    numbers = [match_heading(t) for t in headings(render_blocks(draft))]
    assert [(h.level, h.number) for h in numbers if h] == [(1, 1)] + [(2, n) for n in range(1, 7)]


def test_levels_three_and_four_use_arabic_numerals() -> None:
    draft = Draft(
        sections=[
            DraftSection(
                "主要做法",
                1,
                sections=[
                    DraftSection(
                        "政策支持",
                        2,
                        sections=[
                            DraftSection("资金", 3, sections=[DraftSection("基金", 4)]),
                            DraftSection("人才", 3, sections=[DraftSection("住房", 4)]),
                        ],
                    )
                ],
            )
        ]
    )
    assert headings(render_blocks(draft)) == [
        "一、主要做法",
        "（一）政策支持",
        "1.资金",
        "（1）基金",
        "2.人才",
        "（1）住房",
    ]


def test_sentence_heading_runs_on_into_its_first_paragraph() -> None:
    run_in = DraftSection(
        "依托创新平台，构建协同体系。",
        2,
        [DraftParagraph("厚植创新土壤。"), DraftParagraph("第二段。")],
    )
    own_line = DraftSection("强化政策支撑", 2, [DraftParagraph("政策段落。")])
    level1 = DraftSection("总体情况。", 1, [DraftParagraph("概述。")], sections=[run_in, own_line])
    blocks = render_blocks(Draft(sections=[level1]))
    assert [(b.role, b.text, b.head_len) for b in blocks] == [
        ("heading1", "一、总体情况。", 0),  # level 1 always stands alone
        ("body", "概述。", 0),
        ("heading2", "（一）依托创新平台，构建协同体系。厚植创新土壤。", 17),
        ("body", "第二段。", 0),
        ("heading2", "（二）强化政策支撑", 0),
        ("body", "政策段落。", 0),
    ]
    head = blocks[2]
    assert head.text[: head.head_len] == "（一）依托创新平台，构建协同体系。"


def test_paths_and_sources_point_back_into_the_draft() -> None:
    draft = pudong_057()
    blocks = render_blocks(draft)
    talent = draft.sections[1].sections[2]
    reused = [b for b in blocks if b.source is not None]
    assert len(reused) == 1
    assert reused[0].source is talent.paragraphs[0].source
    assert reused[0].part == "sections"
    assert reused[0].path == (1, 2, 0)
    heading = next(b for b in blocks if b.text.startswith("（三）"))
    assert heading.path == (1, 2)
    for b in blocks:
        if b.part == "sections" and b.role == "body":
            *where, index = b.path
            section = draft.sections[where[0]]
            for i in where[1:]:
                section = section.sections[i]
            assert section.paragraphs[index].text == b.text


def test_optional_parts_appear_only_when_filled() -> None:
    blocks = render_blocks(short_reply())
    roles = {b.role for b in blocks}
    assert not roles & {"header", "note", "contact", "cc", "print"}
    draft = short_reply()
    draft.header = DraftHeader(doc_number="浦科经委办理〔2025〕61号", signer="詹镭")
    draft.contact = Contact(name="卿逸男", postcode="200135")
    draft.notes = ["此件公开发布", "（联系人：卿逸男）"]
    draft.cc = ["区政府办公室。", " ", "区政协提案委"]
    blocks = render_blocks(draft)
    assert [b.text for b in blocks if b.role == "header"] == [
        "浦科经委办理〔2025〕61号",
        "签发人：詹镭",
    ]
    assert [b.text for b in blocks if b.role == "contact"] == [
        "联系人姓名：卿逸男",
        "邮政编码：200135",
    ]
    assert [b.text for b in blocks if b.role == "note"] == [
        "（此件公开发布）",
        "（联系人：卿逸男）",
    ]
    assert [b.text for b in blocks if b.role == "cc"] == ["抄送：区政府办公室、区政协提案委。"]
    assert not [b for b in blocks if b.role == "print"]


def test_blank_paragraphs_and_headingless_sections_are_not_numbered() -> None:
    draft = Draft(
        sections=[
            DraftSection("", 1, [DraftParagraph("无标题的正文。"), DraftParagraph("  ")]),
            DraftSection("第一个标题", 1, [DraftParagraph("")]),
        ]
    )
    blocks = render_blocks(draft)
    assert [(b.role, b.text) for b in blocks] == [
        ("body", "无标题的正文。"),
        ("heading1", "一、第一个标题"),
    ]


def test_salutation_gets_one_full_width_colon() -> None:
    for typed in ("吴佳桢委员", "吴佳桢委员：", "吴佳桢委员:"):
        draft = Draft(salutation=typed)
        assert [b.text for b in render_blocks(draft)] == ["吴佳桢委员："]


# --- Title lines ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "lines"),
    [
        (TITLE, ["对浦东新区政协七届四次会议", "第057号提案的答复"]),
        (
            "对长宁区政协第十五届三次会议第035号提案的答复",
            ["对长宁区政协第十五届三次会议", "第035号提案的答复"],
        ),
        (
            "对区政协七届四次会议第T014号提案的会办意见",
            ["对区政协七届四次会议", "第T014号提案的会办意见"],
        ),
        ("关于浦东新区人工智能产业发展的复函", ["关于浦东新区人工智能产业发展的复函"]),
    ],
)
def test_titles_break_at_natural_points(title: str, lines: list[str]) -> None:
    assert title_lines(title, 20) == lines


def test_title_lines_fit_and_keep_words_and_numbers_whole() -> None:
    title = "关于《关于促进AIGC产业高质量发展助推浦东国际消费中心建设的建议》提案的答复"

    def words(text: str) -> list[str]:
        # A segmenter for this title: the words a reader would not split.
        vocabulary = ["关于", "促进", "AIGC", "产业", "高质量", "发展", "助推", "浦东", "国际"]
        vocabulary += ["消费", "中心", "建设", "建议", "提案", "答复"]
        out, i = [], 0
        while i < len(text):
            word = next((w for w in vocabulary if text.startswith(w, i)), text[i])
            out.append(word)
            i += len(word)
        return out

    lines = title_lines(title, 20, words)
    assert "".join(lines) == title
    assert all(text_width(line) <= 20 for line in lines)
    assert len(lines) == 2
    boundaries = set()
    position = 0
    for w in words(title):
        position += len(w)
        boundaries.add(position)
    assert len(lines[0]) in boundaries  # the break falls between words
    assert not lines[1].startswith(("》", "，", "的"))


def test_title_without_natural_break_uses_the_tokenizer_words() -> None:
    from replydraft.tokenize import Tokenizer

    title = "关于进一步促进人工智能产业高质量发展做大做强人工智能产业的建议的答复"
    lines = title_lines(title, 20, Tokenizer().words)
    assert lines == ["关于进一步促进人工智能产业高质量发展", "做大做强人工智能产业的建议的答复"]
    # Without a segmenter the lines still fit, and no digit run is cut.
    assert all(text_width(line) <= 20 for line in title_lines(title, 20))
    numbered = "对二〇二五年市十六届人大三次会议第1234号代表建议的答复函"
    for line in title_lines(numbered, 12):
        assert text_width(line) <= 12
        assert not line.startswith(("234", "34", "4号"))


def test_trapezoid_upper_line_not_shorter() -> None:
    for title in [TITLE, "对市十六届人大三次会议第0123号代表建议的答复"]:
        first, second = title_lines(title, 20)
        assert text_width(first) >= text_width(second)
