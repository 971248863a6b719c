"""Roles and section headings of a reply's paragraphs, on paragraphs that sit near the edges
of the rules (the index build looks for the cues in fewer passes: these must not move)."""

from __future__ import annotations

from re import _constants as sre  # type: ignore[attr-defined]  # the parser's op codes
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

from replydraft import genre, roles
from replydraft.index import sections_of
from replydraft.parse import parse
from replydraft.records import Kind, Parsed, Section
from replydraft.roles import Role, paragraph_roles

# (paragraph, role, section heading it stands in)
REPLY = [
    ("关于区政协十五届三次会议第35号提案的答复", Role.HEADER, ""),
    ("张某委员：", Role.HEADER, ""),
    (
        "您提出的《关于加快人工智能人才培养的建议》收悉，现将办理情况答复如下：",
        Role.OPENING,
        "",
    ),
    ("收到提案后，我委高度重视，召开专题会议研究办理。", Role.OVERVIEW, ""),
    ("一、主要工作", Role.HEADING, "一、主要工作"),
    ("（一）加大人才引育", Role.HEADING, "（一）加大人才引育"),
    # 联系人 and 高度重视 inside a sentence, the latter past the 30 characters it may start
    # within: neither a contact line nor 办理概述.
    (
        "我委已明确专门联系人，定期跟踪企业用工情况，协调解决人才落户、子女入学等具体问题，"
        "相关工作得到企业认可并高度重视。",
        Role.BODY,
        "（一）加大人才引育",
    ),
    # Talks with the proposer, anywhere in the paragraph.
    ("今年以来，我委多次与委员电话沟通，听取意见。", Role.OVERVIEW, "（一）加大人才引育"),
    ("推进人工智能孵化器建设（责任部门：区科经委）", Role.POLICY, "（一）加大人才引育"),
    ("我委印发了《人才新政》，并抓好落实。", Role.BODY, "（一）加大人才引育"),
    ("（二）完善政策体系", Role.HEADING, "（二）完善政策体系"),
    # A full-width numeral: a heading to the roles, not a new section to sections_of.
    ("１．修订人才政策", Role.HEADING, "（二）完善政策体系"),
    ("对引进的高层次人才给予住房补贴。", Role.BODY, "（二）完善政策体系"),
    ("二、下一步工作", Role.HEADING, "二、下一步工作"),
    ("下一步，我委将继续加大投入。", Role.NEXT, "二、下一步工作"),
    ("持续优化营商环境。", Role.NEXT, "二、下一步工作"),
    ("感谢您对科技工作的关心和支持。", Role.CLOSING, "二、下一步工作"),
    ("联系人：王某", Role.CONTACT, "二、下一步工作"),
    ("上海市浦东新区科技和经济委员会", Role.CONTACT, "二、下一步工作"),
    ("2024年3月5日", Role.CONTACT, "二、下一步工作"),
]


def test_roles_and_sections_of_paragraphs_at_the_edges_of_the_rules() -> None:
    paragraphs = [text for text, _, _ in REPLY]
    parsed = parse(paragraphs)
    assert parsed.kind == Kind.REPLY
    sections = sections_of(parsed, paragraphs)
    roles = paragraph_roles(parsed, paragraphs, sections)
    for (text, role, section), got_role, got_section in zip(REPLY, roles, sections, strict=True):
        assert (got_role, got_section) == (role.value, section), text


def test_a_paragraph_under_an_overview_section_is_overview_unless_a_cue_says_otherwise() -> None:
    paragraphs = [
        "关于区政协十五届三次会议第36号提案的答复",
        "李某委员：",
        "您提出的《关于加强社区养老服务的建议》收悉，现将办理情况答复如下：",
        "一、办理概述",
        "我委会同区民政局开展调研。",
        "（一）调研情况",
        "走访了十个街道。",
        "抄送：区民政局",
        "二、对提案建议的答复",
        "新建社区养老服务中心五家。",
        "感谢您对民政工作的关心和支持。",
    ]
    parsed = parse(paragraphs)
    sections = sections_of(parsed, paragraphs)
    roles = paragraph_roles(parsed, paragraphs, sections)
    assert roles[3:10] == [
        Role.HEADING,
        Role.OVERVIEW,  # no cue of its own: the section's
        Role.HEADING,
        Role.OVERVIEW,  # a subsection of 办理概述 passes it on
        Role.CONTACT,  # a cue beats the section
        Role.HEADING,
        Role.BODY,
    ]
    assert sections[6] == "（一）调研情况"


def test_past_a_date_line_that_ends_the_parse_roles_come_from_the_cues_alone() -> None:
    """A scraped page with a 版记 and a date line inside: the parse ends there (no closing,
    no sections after), and each paragraph is read for its own cues."""
    paragraphs = [
        "关于区政协十五届三次会议第37号提案的答复",
        "王某委员：",
        "您提出的《关于发展夜间经济的建议》收悉，现将办理情况答复如下：",
        "我委印发了《夜间经济方案》，并抓好落实。",  # 印发 in a sentence: no 版记
        "区商务委办公室 2024年1月8日印发 ",  # 印发 ending the line: the 版记
        "  抄送：区政府办公室",
        "2024 年 1 月 8 日",
        "\u3000",  # blank, before any closing
        "（二）完善政策体系",  # a numbered line the parse did not take for a heading
        "二、下一步工作",  # 下一步 after a numeral
        "持续优化营商环境，召开夜间经济专题会议。",
        "上海市某区商务委员会",
    ]
    parsed = parse(paragraphs)
    assert parsed.kind == Kind.REPLY and not parsed.closing
    roles = paragraph_roles(parsed, paragraphs, sections_of(parsed, paragraphs))
    assert roles == [
        Role.HEADER,
        Role.HEADER,
        Role.OPENING,
        Role.BODY,
        Role.CONTACT,
        Role.CONTACT,
        Role.CONTACT,
        Role.HEADER,
        Role.BODY,
        Role.NEXT,
        Role.OVERVIEW,  # 召开……专题会议
        Role.BODY,
    ]


def _spelt_out(items: Any) -> list[str]:
    """Every string a cue matches with its gaps (.{0,N}) and anchors empty."""
    out = [""]
    for op, av in items:
        if op is sre.LITERAL:
            alts = [chr(av)]
        elif op is sre.AT:
            alts = [""]
        elif op is sre.IN and av[0][0] is sre.LITERAL:
            alts = [chr(av[0][1])]  # a set of characters: its first
        elif op is sre.SUBPATTERN:
            alts = _spelt_out(av[3])
        elif op is sre.BRANCH:
            alts = [text for branch in av[1] for text in _spelt_out(branch)]
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT) and av[0] == 0:
            alts = [""]  # a gap: its least, nothing
        else:
            raise AssertionError(f"a cue the test cannot spell out: {op}")
        out = [a + b for a in out for b in alts]
    return out


def test_every_overview_cue_holds_a_word_of_its_hint() -> None:
    # roles looks for OVERVIEW_CUE only where OVERVIEW_HINT finds one of its words: a branch
    # added to the cue without its word in the hint would never be found.
    spelt = _spelt_out(sre_parse.parse(genre.OVERVIEW_CUE.pattern))
    assert len(spelt) > 40 and all(genre.OVERVIEW_CUE.search(text) for text in spelt)
    assert [text for text in spelt if not genre.OVERVIEW_HINT.search(text)] == []


# Each cue the document-wide scan (roles._cues) stands for, with the pattern roles then tries.
CUES = [
    (roles._OPENING, genre.OPENING_CUE),
    (roles._CLOSING, genre.CLOSING_CUE),
    (roles._POLICY, genre.POLICY_TASK_LINE),
    (roles._NEXT, genre.NEXT_CUE),
    (roles._OVERVIEW, genre.OVERVIEW_CUE),
    (roles._PRINTED, roles._PRINTED_BY),
]


def test_every_cue_holds_one_of_the_words_roles_scans_for() -> None:
    # roles tries a cue only in the paragraphs where the scan found one of its words: a
    # branch added to a genre cue without its word in roles.CUE_WORDS would never be found.
    for bit, cue in CUES:
        spelt = _spelt_out(sre_parse.parse(cue.pattern))
        assert spelt and all(cue.search(text) for text in spelt), cue.pattern
        words = roles.CUE_WORDS[bit]
        assert [t for t in spelt if not any(w in t for w in words)] == [], cue.pattern


def test_the_scan_hides_no_word_behind_another() -> None:
    # The scan goes on after the longest word found: a word starting inside it and running
    # past it (答复如下 + 下一步) would not be found.
    assert roles.missed_overlaps() == []


def test_the_scan_finds_each_paragraphs_cue_words_as_a_search_of_each_would() -> None:
    paragraphs = [
        "现答复如下一步一步来",  # 答复 and, overlapping its end, 下一步
        "感谢",
        "您的关心。特此",  # 感谢 and 特此 at the edges of two paragraphs: no word across them
        "函复",
        "函复函",  # 函复, then 复函 overlapping it
        "",
        "责任\n部门",  # a line break inside a paragraph: no word across it either
        "（牵头单位：区科委）下一步加强专题研究印发",
        "收悉",
    ]
    expected = [
        sum(bit for bit, words in roles.CUE_WORDS.items() if any(w in text for w in words))
        for text in paragraphs
    ]
    assert roles._cues(paragraphs) == expected
    assert expected[0] == roles._OPENING | roles._NEXT and expected[2] == roles._CLOSING
    assert expected[6] == 0 and expected[5] == 0


def test_sections_and_roles_share_one_key_of_a_text() -> None:
    # sections_of squashes with the TextKeys paragraph_roles keys with: the two must agree.
    from replydraft.index import _squash

    texts = ["（一）Ａ＊ｂ ｃ", "\u3000关于 加强*管理", "e\u0301x", "㈠标题", "", " \t "]
    assert [roles._key(t) for t in texts] == [_squash(t) for t in texts]
    known = roles.TextKeys()
    assert [known.key(t) for t in texts * 2] == [_squash(t) for t in texts * 2]
    assert [known.split(t) for t in ("（一）加强", "加强", "（一）加强")] == [
        ("（一）", "加强"),
        None,
        ("（一）", "加强"),
    ]


def test_the_overview_cue_split_in_two_finds_what_it_finds() -> None:
    # roles tries OVERVIEW_CUE's anchored branches at the start only and searches for the
    # rest: the branches must be the cue's, the searched ones anchored nowhere.
    branches = roles.top_branches(genre.OVERVIEW_CUE.pattern)
    assert "|".join(branches) == genre.OVERVIEW_CUE.pattern and len(branches) > 4
    assert all("^" not in b for b in branches if not b.startswith("^"))
    assert all("^" not in b[1:] and "$" not in b for b in branches)
    spelt = _spelt_out(sre_parse.parse(genre.OVERVIEW_CUE.pattern))
    texts = [t for s in spelt for t in (s, "前面四十多个字" * 6 + s, s + "。后文", "x" + s)]
    found = [roles.is_overview(t) for t in texts]
    assert found == [genre.OVERVIEW_CUE.search(t) is not None for t in texts]
    assert True in found and False in found  # some anchored ones pushed past their reach
    assert roles.top_branches(r"a(b|c)|[|]|\|x") == ["a(b|c)", "[|]", r"\|x"]


def test_an_ideograph_starts_the_key_of_a_paragraph_it_starts() -> None:
    # roles and sections_of rule a paragraph out as a heading, an opening or a closing by
    # its first character when it is an ideograph (U+4E00-U+9FFF): NFKC keeps each one, and
    # none combines with what follows (a mark, a space, a star).
    import unicodedata

    marks = "\u0301\u0308\u0323\u3099\u309a\u20dd"
    for code in range(0x4E00, 0xA000):
        c = chr(code)
        assert unicodedata.normalize("NFKC", c) == c and not c.isspace(), hex(code)
        for tail in (*marks, " ＊", "\u3000*"):
            assert roles._key(c + tail)[:1] == c, hex(code)


def test_the_opening_and_closing_are_found_as_their_keys_find_them() -> None:
    # roles finds the parsed opening and closing among the paragraphs by the paragraphs'
    # first ideographs and equal texts where those tell, by keys elsewhere: a parsed text
    # printed with other spaces, full-width letters or a star is still found.
    paragraphs = [
        "关于第8号提案的答复",
        "您好：",  # starts as the opening does, is not it
        "您提出的《关于ＡＩ教育的建议》收悉，现答复如下：",
        "一、主要工作",
        "加强课程建设。",
        "再次感谢您的关心和支持。",  # a closing-like line before the closing
        "*再次感谢 您对我们工作的关心和支持。",
        "某区教育局",
    ]
    parsed = Parsed(
        kind=Kind.REPLY,
        opening="  您提出的《关于AI教育的建议》收悉，现答复如下：",
        sections=[Section("主要工作", 1, ["加强课程建设。"])],
        closing=["再次感谢您对我们工作的关心和支持。", "某区教育局"],
    )
    got = paragraph_roles(parsed, paragraphs, sections_of(parsed, paragraphs))
    assert got == [
        Role.HEADER,
        Role.HEADER,
        Role.OPENING,
        Role.HEADING,
        Role.BODY,
        Role.CLOSING,  # its closing cue, before the parsed closing
        Role.CLOSING,
        Role.CONTACT,
    ]
