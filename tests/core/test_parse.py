"""The parser on the bundled seeds (through ingest, as the product reads them) and on small
documents written here for each layout the genre uses."""

from __future__ import annotations

from pathlib import Path

import pytest

from replydraft import ingest
from replydraft.parse import build_sections, damaged_date, detect_kind, parse, parse_date
from replydraft.records import Kind, Parsed, Section
from tests import seedfiles


def paragraphs_of(path: Path) -> list[str]:
    """A seed as the product reads it: through ingest."""
    return list(ingest.ingest_file(path).paragraphs)


@pytest.fixture(scope="module")
def seed() -> dict[str, Parsed]:
    return {
        "195": parse(paragraphs_of(seedfiles.SEED_REPLY_PUDONG_195)),
        "057": parse(paragraphs_of(seedfiles.SEED_REPLY_PUDONG_057)),
        "035": parse(paragraphs_of(seedfiles.SEED_REPLY_CHANGNING_035)),
        "ai": parse(paragraphs_of(seedfiles.SEED_POLICY_PUDONG_AI)),
        "plan": parse(paragraphs_of(seedfiles.SEED_POLICY_SHANGHAI_AI)),
    }


def headings(sections: list[Section]) -> list[str]:
    return [s.heading for s in sections]


# --- Seed 000: reply to proposal 195, web-scraped -----------------------------------------------


def test_seed_195_header_fields(seed: dict[str, Parsed]) -> None:
    p = seed["195"]
    assert p.kind is Kind.REPLY
    assert p.title == "对浦东新区政协七届四次会议第195号提案的答复"
    assert p.proposal_number == "195"
    assert p.session == "浦东新区政协七届四次会议"
    assert p.doc_number == "浦科经委办理〔2025〕47号"  # from 文件编号 in the page's metadata
    assert p.disclosure == "主动公开"


def test_seed_195_names_both_members(seed: dict[str, Parsed]) -> None:
    p = seed["195"]
    assert p.salutation == "吴佳桢委员"
    assert p.opening.startswith("您和白雪委员提出的《关于打造浦东新区")
    assert p.opening.endswith("答复如下:")
    assert p.recipients == ["吴佳桢", "白雪"]


def test_seed_195_prefers_the_signature_over_the_metadata_short_forms(
    seed: dict[str, Parsed],
) -> None:
    p = seed["195"]
    assert p.bureau == "上海市浦东新区科技和经济委员会"  # not "科经委" from 发布机构
    # The signature date lost its separators ("2025421"); 2025-04-21 is its only reading.
    assert p.date == "2025-04-21"


def test_seed_195_contact_block_on_two_lines(seed: dict[str, Parsed]) -> None:
    c = seed["195"].contact
    assert (c.name, c.phone, c.address, c.postcode) == (
        "卿逸男",
        "58788388-64516",
        "浦东新区世纪大道2001号",
        "200135",
    )


def test_seed_195_sections_keep_the_heading_that_lost_its_numeral(
    seed: dict[str, Parsed],
) -> None:
    p = seed["195"]
    assert headings(p.sections) == ["对本提案的办理概述", "对提案建议的答复"]
    assert [s.level for s in p.sections] == [1, 1]
    answer = p.sections[1]
    assert headings(answer.sections) == [
        "持续加大产业人才招引和培养",
        "持续优化人工智能产业发展生态",
    ]
    assert all(s.level == 2 for s in answer.sections)
    assert answer.paragraphs[0].startswith("作为全国首个人工智能创新应用先导区")
    assert answer.sections[0].paragraphs[0].startswith("一是出台各项人才政策")
    assert answer.sections[1].paragraphs[-1].startswith("下一步")


def test_seed_195_closing_is_the_thanks_not_the_web_clutter(seed: dict[str, Parsed]) -> None:
    p = seed["195"]
    assert p.closing == ["再次感谢你们的宝贵建议,希望能继续得到你们的关心和支持。"]
    everything = [*p.closing, *(x for s in p.all_sections() for x in s.paragraphs)]
    assert not any("网民留言" in x for x in everything)


# --- Seed 001: reply to proposal 057, addressed to an organisation -------------------------------


def test_seed_057_header_fields(seed: dict[str, Parsed]) -> None:
    p = seed["057"]
    assert p.kind is Kind.REPLY
    # Joined from two lines, the spaces of "第 057 号" dropped.
    assert p.title == "对浦东新区政协七届四次会议第057号提案的答复"
    assert p.proposal_number == "057"
    assert p.session == "浦东新区政协七届四次会议"
    assert p.doc_number == "浦科经委办理（2025）61号"  # kept as printed, wrong brackets and all
    assert p.result == "解决或采纳"
    assert p.disclosure == "主动公开"


def test_seed_057_recipient_is_the_organisation(seed: dict[str, Parsed]) -> None:
    p = seed["057"]
    assert p.salutation == "浦东新区工商联"
    assert p.recipients == ["浦东新区工商联"]
    assert p.opening.startswith("你们提出的")


def test_seed_057_signature_contact_and_banji(seed: dict[str, Parsed]) -> None:
    p = seed["057"]
    assert p.bureau == "上海市浦东新区科技和经济委员会"
    assert p.date == "2025-05-07"
    assert p.cc == ["区政府办公室", "区政协提案委"]
    c = p.contact
    assert (c.name, c.phone, c.address, c.postcode) == (
        "卿逸男",
        "58788388-64516",
        "浦东新区世纪大道2001号",
        "200135",
    )


def test_seed_057_sections_and_markdown(seed: dict[str, Parsed]) -> None:
    p = seed["057"]
    assert headings(p.sections) == ["对本提案的办理概述", "对提案建议的答复"]
    subs = p.sections[1].sections
    assert len(subs) == 5
    assert subs[0].heading == "强化产业政策和专项基金联动支持"
    assert subs[4].heading == "充分发挥“头雁效应”，打造产业影响力"
    # Paragraphs stay as printed (the proofreader reports the stray Markdown there).
    assert "**出台各项人才政策**" in subs[2].paragraphs[0]
    assert p.closing == ["再次感谢你们的宝贵建议，希望能继续得到你们的关心和支持。"]


# --- Seed 002: reply to proposal 035, PDF with hard line breaks ----------------------------------


def test_seed_035_header_fields(seed: dict[str, Parsed]) -> None:
    p = seed["035"]
    assert p.kind is Kind.REPLY
    assert p.title == "对长宁区政协第十五届三次会议第035号提案的答复"
    assert p.proposal_number == "035"
    assert p.session == "长宁区政协第十五届三次会议"
    assert p.result == "解决或采纳"
    assert p.signer == "詹镭"  # on the same line as 办理结果
    assert p.doc_number == ""  # none printed


def test_seed_035_salutation_signature_contact(seed: dict[str, Parsed]) -> None:
    p = seed["035"]
    assert p.recipients == ["民建长宁区委"]
    assert p.bureau == "长宁区科学技术委员会"
    assert p.date == "2024-04-30"  # printed "2024年 4月 30日"
    c = p.contact
    assert (c.name, c.phone, c.address, c.postcode) == (
        "王建涛",
        "52388272",
        "安西路 35号",
        "200050",
    )


def test_seed_035_five_topics_and_next_steps(seed: dict[str, Parsed]) -> None:
    p = seed["035"]
    assert len(p.sections) == 5
    assert p.sections[0].heading == "强化政策支撑，推进创新场景应用"
    assert p.sections[4].heading == "下一步工作思考"
    assert p.preamble and p.preamble[0].startswith("今年的政府工作报告提出")
    steps = p.sections[4].sections
    assert len(steps) == 3
    # A heading that runs on into its text keeps its first sentence.
    assert steps[0].heading == "依托创新平台，构建人工智能产业创新生态"
    assert steps[0].paragraphs[0].startswith("厚植培育")


def test_seed_035_hard_wrapped_lines_give_the_same_fields(seed: dict[str, Parsed]) -> None:
    """Without re-joined lines (a plain line split) the header fields still come out."""
    text = seedfiles.SEED_REPLY_CHANGNING_035.read_text(encoding="utf-8")
    raw = parse([x for x in text.splitlines() if x.strip()])
    p = seed["035"]
    for name in ("kind", "title", "proposal_number", "session", "recipients", "bureau", "date"):
        assert getattr(raw, name) == getattr(p, name), name
    assert headings(raw.sections) == headings(p.sections)
    assert raw.contact == p.contact


# --- Seeds 003 and 004: policies -----------------------------------------------------------------


def test_seed_policy_pudong(seed: dict[str, Parsed]) -> None:
    p = seed["ai"]
    assert p.kind is Kind.POLICY
    assert p.title == (
        "浦东新区人民政府办公室关于印发《浦东新区人工智能赋能经济数字化转型三年行动方案"
        "(2021-2023年)》的通知"
    )
    assert p.doc_number == "浦府办〔2021〕31号"
    assert p.bureau == "浦东新区人民政府办公室"  # the title's issuer, not 区政府办公室
    assert p.date == "2021-12-02"
    assert headings(p.sections) == ["总体要求", "重点任务", "保障举措"]
    tasks = p.sections[1]
    assert tasks.sections[0].heading == "实施产业强基工程"
    assert tasks.sections[0].paragraphs[0].startswith("聚焦核心技术和产品升级")
    assert headings(tasks.sections[0].sections) == [
        "打造新一代信息基础设施",
        "推动软件基础升级",
        "做强电子信息产业",
    ]
    assert all(s.level == 3 for s in tasks.sections[0].sections)
    # Numbered tasks straight under 三、 (no （一） between) still nest under it.
    assert len(p.sections[2].sections) == 6
    assert not any("印发" in x and "2021年12月9日" in x for x in p.preamble)


def test_seed_policy_shanghai_plan(seed: dict[str, Parsed]) -> None:
    p = seed["plan"]
    assert p.kind is Kind.POLICY
    assert p.title == ""  # the page prints no title line; none is made up
    assert p.doc_number == ""  # 沪府办发〔2017〕66号 is only cited in the text
    assert len(p.sections) == 5
    assert p.sections[3].heading == "主要任务"
    assert len(p.sections[3].sections) == 6
    assert headings(p.sections[3].sections[0].sections) == ["加强前沿基础研究", "推进创新体系建设"]


def test_seed_kinds() -> None:
    for path in seedfiles.SEED_REPLIES:
        assert detect_kind(paragraphs_of(path)) is Kind.REPLY, path.name
    for path in seedfiles.SEED_POLICIES:
        assert detect_kind(paragraphs_of(path)) is Kind.POLICY, path.name


def test_parsed_seed_survives_json(seed: dict[str, Parsed]) -> None:
    p = seed["057"]
    assert Parsed.from_dict(p.to_dict()) == p


# --- Replies written here: salutations -----------------------------------------------------------


def reply(salutation: str, opening: str = "", *tail: str) -> list[str]:
    return [
        "对东湖区政协三届二次会议第18号提案的答复",
        salutation,
        opening or "您提出的《关于增设社区食堂的建议》收悉，经研究，现答复如下：",
        "一、基本情况",
        "全区已建成社区食堂十二家。",
        "感谢您对民政工作的关心和支持。",
        *tail,
    ]


@pytest.mark.parametrize(
    ("salutation", "names"),
    [
        ("张伟委员：", ["张伟"]),
        ("张伟、李娜委员：", ["张伟", "李娜"]),
        ("张伟委员、李娜委员：", ["张伟", "李娜"]),
        ("张伟、李娜等委员：", ["张伟", "李娜"]),
        ("张伟等5位委员：", ["张伟"]),
        ("孙立等4名代表：", ["孙立"]),
        ("赵敏代表：", ["赵敏"]),
        ("尊敬的钱进委员：", ["钱进"]),
        ("黄蕾委员，您好！", ["黄蕾"]),
        ("民盟东湖区委：", ["民盟东湖区委"]),
        ("东湖区工商联:", ["东湖区工商联"]),
        ("城南街道政协联络组：", ["城南街道政协联络组"]),
    ],
)
def test_salutation_forms(salutation: str, names: list[str]) -> None:
    p = parse(reply(salutation))
    assert p.kind is Kind.REPLY
    assert p.recipients == names
    assert p.salutation == salutation.rstrip("：:").removesuffix("，您好！")


def test_salutation_on_the_line_of_the_opening() -> None:
    p = parse(reply("", "尊敬的张伟委员：您提出的《关于增设社区食堂的建议》收悉，现答复如下："))
    assert p.salutation == "尊敬的张伟委员"
    assert p.recipients == ["张伟"]
    assert p.opening.startswith("您提出的")


def test_members_named_in_the_opening_join_the_recipients() -> None:
    p = parse(
        reply("吴刚委员", "您和郑洁、冯雨委员提出的《关于加强河道保洁的建议》收悉，现答复如下：")
    )
    assert p.recipients == ["吴刚", "郑洁", "冯雨"]


def test_huiban_opinion_goes_to_the_lead_unit() -> None:
    p = parse(
        [
            "关于对区五届人大二次会议第A021号代表建议的会办意见",
            "区建设管理委员会",
            "周平代表提出的关于改造老旧管网的代表建议收悉，经研究，现将会办意见函告如下",
            "一、加强巡查，确保管网安全。",
            "以上意见供你单位统一答复代表时参考。",
            "东湖区城南街道办事处",
            "2024年3月5日",
        ]
    )
    assert p.kind is Kind.REPLY
    assert p.recipients == ["区建设管理委员会"]
    assert p.proposal_number == "A021"
    assert p.session == "区五届人大二次会议"
    assert p.bureau == "东湖区城南街道办事处"
    assert p.closing == ["以上意见供你单位统一答复代表时参考。"]


def test_reply_header_lines() -> None:
    p = parse(
        [
            "东水字〔2023〕7号 (B)类",
            "东湖区水利局",
            "对区二届人大三次会议",
            "第 9 号建议的答复",
            "签发人：杨立新",
            "孙立等4名代表：",
            "你们提出的《关于保障农村饮水安全的建议》已收悉，现答复如下：",
            "1.争取资金，落实项目。为解决农村饮水问题，我局积极争取资金。",
            "2.加强水质监测。每季度开展一次采样检测。",
        ]
    )
    assert p.doc_number == "东水字〔2023〕7号"
    assert p.result == "B"
    assert p.signer == "杨立新"
    assert p.title == "对区二届人大三次会议第9号建议的答复"
    assert (p.session, p.proposal_number) == ("区二届人大三次会议", "9")
    assert p.bureau == "东湖区水利局"  # the unit printed above the title; no signature here
    assert p.date == ""
    assert headings(p.sections) == ["争取资金，落实项目", "加强水质监测"]
    assert p.sections[0].level == 3


@pytest.mark.parametrize(
    "printed",
    ["东民发【2024】27号", "东水字[2023]3号", "东科办理（2025）6号", "东府办〔2021〕31号"],
)
def test_doc_number_brackets_are_kept_as_printed(printed: str) -> None:
    p = parse([printed, *reply("张伟委员：")])
    assert p.doc_number == printed


@pytest.mark.parametrize(
    ("line", "result"),
    [
        ("类 别:B", "B"),
        ("办理结果：解决或采纳", "解决或采纳"),
        ("办理结果：留作参考 签发人：王芳", "留作参考"),
        ("类别:提案", ""),  # a web page's category, not a result
    ],
)
def test_result_labels(line: str, result: str) -> None:
    assert parse([line, *reply("张伟委员：")]).result == result


def test_nothing_is_invented() -> None:
    p = parse(
        [
            "东民发〔2024〕3号",
            "对东湖区政协三届二次会议第18号提案的答复",
            "张伟委员：",
            "您提出的建议收悉，现答复如下：",
            "根据《东湖区停车设施规划》（东府发〔2020〕5号），我区新增泊位三百个。",
        ]
    )
    assert p.doc_number == "东民发〔2024〕3号"
    assert p.bureau == ""  # not guessed from the doc number's 东民发
    assert p.date == ""
    assert p.contact.is_empty()
    assert p.cc == [] and p.signer == "" and p.result == "" and p.disclosure == ""
    assert p.preamble == ["根据《东湖区停车设施规划》（东府发〔2020〕5号），我区新增泊位三百个。"]


def test_a_number_cited_in_the_body_is_not_the_doc_number() -> None:
    p = parse(reply("张伟委员：", "", "依据《东湖区停车规划》（东府发〔2020〕5号）实施。"))
    assert p.doc_number == ""


def test_reply_cut_short_at_the_top() -> None:
    p = parse(
        [
            "对江城市政协一届一次会议第20250007号提案的答复",
            "2025-10-30 10:46",
            "来源:江城市",
            "一、关于课程建设",
            "（一）推进环境建设。全市已建成智慧教室三百间。",
        ]
    )
    assert p.kind is Kind.REPLY
    assert (p.proposal_number, p.session) == ("20250007", "江城市政协一届一次会议")
    assert p.recipients == [] and p.salutation == "" and p.opening == ""
    assert p.bureau == ""  # 来源 names the web site's city, not a unit
    assert p.date == "2025-10-30"  # the page's date, printed under the title
    assert p.preamble == []
    assert headings(p.sections) == ["关于课程建设"]
    assert p.sections[0].sections[0].paragraphs == ["全市已建成智慧教室三百间。"]


def test_signature_unit_and_date_on_one_line() -> None:
    p = parse(reply("张伟委员：", "", "东湖区民政局  2024年6月3日"))
    assert (p.bureau, p.date) == ("东湖区民政局", "2024-06-03")


def test_signature_contact_and_banji_of_a_written_reply() -> None:
    p = parse(
        reply(
            "张伟委员：",
            "",
            "东湖区民政局",
            "2024年6月3日",
            "联系人：刘洋  联系电话：027-5555666",
            "联系地址：东湖区湖滨路8号  邮编：430000",
            "抄送：区政府办公室、区政协提案委。",
            "网民留言",
        )
    )
    assert (p.bureau, p.date) == ("东湖区民政局", "2024-06-03")
    c = p.contact
    assert (c.name, c.phone, c.address, c.postcode) == (
        "刘洋",
        "027-5555666",
        "东湖区湖滨路8号",
        "430000",
    )
    assert p.cc == ["区政府办公室", "区政协提案委"]
    assert p.closing == ["感谢您对民政工作的关心和支持。"]
    assert headings(p.sections) == ["基本情况"]
    assert p.sections[0].paragraphs == ["全区已建成社区食堂十二家。"]


# --- Dates -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("2025年5月7日", "2025-05-07"),
        ("2024年 4月 30日", "2024-04-30"),
        ("2024年08月27日", "2024-08-27"),
        ("发布时间 2025-04-24", "2025-04-24"),
        ("2025-10-30 10:46", "2025-10-30"),
        ("更新时间:2014/4/29", "2014-04-29"),
        ("二〇二四年六月三日", "2024-06-03"),
        ("二〇二五年十二月三十一日", "2025-12-31"),
        ("2023年2月30日", ""),
        ("第195号", ""),
    ],
)
def test_parse_date(text: str, iso: str) -> None:
    assert parse_date(text) == iso


@pytest.mark.parametrize(
    ("digits", "iso"),
    [
        ("2025421", "2025-04-21"),  # month 42 does not exist
        ("2023927", "2023-09-27"),
        ("20250507", "2025-05-07"),
        ("202559", "2025-05-09"),
        ("2025111", ""),  # 1 November or 11 January
        ("2025131", "2025-01-31"),  # there is no month 13
        ("2025999", ""),  # no reading at all
        ("2025", ""),
    ],
)
def test_damaged_date(digits: str, iso: str) -> None:
    assert damaged_date(digits) == iso


@pytest.mark.parametrize(
    ("signature_date", "iso"),
    [
        ("2024年6月3日", "2024-06-03"),
        ("2024年 6月 3日", "2024-06-03"),
        ("2024-6-3", "2024-06-03"),
        ("2023927", "2023-09-27"),
        ("二〇二四年六月三日", "2024-06-03"),
        ("2025111", "2025-01-15"),  # ambiguous: the page's publication date instead
    ],
)
def test_reply_date_forms(signature_date: str, iso: str) -> None:
    lines = ["发布时间 2025-01-15", *reply("张伟委员：", "", "东湖区民政局", signature_date)]
    assert parse(lines).date == iso


# --- Sections ----------------------------------------------------------------------------------


def test_build_sections_tree() -> None:
    preamble, sections = build_sections(
        [
            "开头一段。",
            "一、总体情况",
            "概述。",
            "（一）**持续加大**人才培养",
            "1.出台政策。政策正文。",
            "（1）细则一",
            "细则正文。",
            "2.搭建平台",
            "（二）优化生态",
            "、对提案建议的答复",
            "第二部分正文。",
        ]
    )
    assert preamble == ["开头一段。"]
    assert headings(sections) == ["总体情况", "对提案建议的答复"]
    first = sections[0]
    assert first.paragraphs == ["概述。"]
    assert headings(first.sections) == ["持续加大人才培养", "优化生态"]
    policy = first.sections[0].sections
    assert headings(policy) == ["出台政策", "搭建平台"]
    assert policy[0].paragraphs == ["政策正文。"]
    assert policy[0].sections[0].level == 4
    assert policy[0].sections[0].paragraphs == ["细则正文。"]
    assert sections[1].paragraphs == ["第二部分正文。"]


def test_numbered_paragraph_with_a_long_first_sentence() -> None:
    long_text = (
        "一、AED又称自动体外心脏除颤器，是一种便携式的急救装置，对抢救心律失常等突发疾病"
        "有非常重要的作用。其最大特点是操作简单。"
    )
    _, sections = build_sections([long_text, "二、加强培训，做好知识普及。通过多种途径普及。"])
    assert sections[0].heading == "AED又称自动体外心脏除颤器"
    assert sections[0].paragraphs[0].startswith("是一种便携式的急救装置")
    assert sections[1].heading == "加强培训，做好知识普及"
    assert sections[1].paragraphs == ["通过多种途径普及。"]
    _, sections = build_sections(["三、" + "很长的一句没有逗号的说明文字" * 3 + "。后文。"])
    assert sections[0].heading == ""
    assert sections[0].paragraphs[0].startswith("很长的一句")


# --- Proposals written here, one per layout ----------------------------------------------------


def test_proposal_title_reason_suggestion_labels() -> None:
    p = parse(
        [
            "政协青川县十二届二次全委会委员提案",
            "15",
            "题:关于改善城区停车秩序的建议",
            "提案人:李明远",
            "由:",
            "城区停车位不足，车辆乱停乱放现象突出，影响通行安全。",
            "议:",
            "一、规划建设公共停车场。在老城区周边选址建设立体停车库。",
            "二、规范路内停车管理。施划临时泊位，实行分时段收费。",
            "审查意见:县住建局办理",
        ]
    )
    assert p.kind is Kind.PROPOSAL
    assert p.title == "关于改善城区停车秩序的建议"
    assert p.proposal_number == "15"
    assert p.session == "政协青川县十二届二次全委会"
    assert p.proposers == ["李明远"]
    assert p.lead_unit == "县住建局"
    assert p.preamble == ["城区停车位不足，车辆乱停乱放现象突出，影响通行安全。"]
    assert p.suggestions == [
        "规划建设公共停车场。在老城区周边选址建设立体停车库",
        "规范路内停车管理。施划临时泊位，实行分时段收费",
    ]
    assert headings(p.sections) == ["规划建设公共停车场", "规范路内停车管理"]


def test_proposal_deputy_table_with_one_sentence_of_suggestions() -> None:
    p = parse(
        [
            "江口市河西区第三届人民代表大会",
            "第二次会议代表建议",
            "第12号",
            "代表姓名 |",
            "陈晓红 |",
            "联系电话 |",
            "13800000000 |",
            "题目:关于加强校园周边交通安全的建议",
            "内容:学校周边上下学时段车流密集，存在安全隐患。",
            "建议:加强校园周边交通疏导，增设减速带和警示标志，完善接送车辆临时停靠区，"
            "确保学生出行安全。",
            "主办单位:区交通局",
            "协办单位:区教育局、区公安分局",
        ]
    )
    assert p.kind is Kind.PROPOSAL
    assert p.proposal_number == "12"
    assert p.session == "江口市河西区第三届人民代表大会第二次会议"
    assert p.title == "关于加强校园周边交通安全的建议"
    assert p.proposers == ["陈晓红"]
    assert p.lead_unit == "区交通局"
    assert p.co_units == ["区教育局", "区公安分局"]
    assert p.suggestions == [
        "加强校园周边交通疏导",
        "增设减速带和警示标志",
        "完善接送车辆临时停靠区",
        "确保学生出行安全",
    ]


def test_proposal_bare_number_and_proposers_line() -> None:
    p = parse(
        [
            "0415",
            "周海宁等6人",
            "关于推进社区嵌入式养老服务的建议",
            "随着人口老龄化加深，社区养老服务需求快速增长。",
            "为此，建议：一是加快社区养老服务设施建设；二是培育专业护理人才队伍；"
            "三是完善服务补贴政策。",
        ]
    )
    assert p.kind is Kind.PROPOSAL
    assert p.proposal_number == "0415"
    assert p.unsure[:1] == ["proposal_number"]  # a number alone on a line: a weak cue
    assert p.proposers == ["周海宁等6人"]  # 等6人 stays: the proposal has several members
    assert p.title == "关于推进社区嵌入式养老服务的建议"
    # 一是 numbers a suggestion as 一、 does: the suggestion is what follows it.
    assert p.suggestions == [
        "加快社区养老服务设施建设",
        "培育专业护理人才队伍",
        "完善服务补贴政策",
    ]


def test_proposal_case_and_numbered_suggestions() -> None:
    p = parse(
        [
            "案由：关于加快老旧小区加装电梯的建议",
            "提案人：王建国、刘芳",
            "具体建议：",
            "（一）简化审批流程，推行一窗受理。",
            "1.编制办事指南。",
            "（二）加大财政补贴力度。",
            "（三）建立居民协商议事机制。",
        ]
    )
    assert p.kind is Kind.PROPOSAL
    assert p.title == "关于加快老旧小区加装电梯的建议"
    assert p.proposers == ["王建国", "刘芳"]
    assert p.suggestions == [
        "简化审批流程，推行一窗受理。1.编制办事指南",
        "加大财政补贴力度",
        "建立居民协商议事机制",
    ]


def test_proposal_with_a_suggestions_section() -> None:
    p = parse(
        [
            "关于发展夜间经济的建议",
            "提案人：赵静",
            "一、现状",
            "夜间消费场景单一。",
            "二、几点建议",
            "1.打造特色夜市街区。",
            "2.延长公共交通运营时间。",
        ]
    )
    assert p.kind is Kind.PROPOSAL
    assert p.proposers == ["赵静"]
    assert p.suggestions == ["打造特色夜市街区", "延长公共交通运营时间"]


def test_proposal_label_glued_to_the_paragraph_above() -> None:
    """A re-wrapper may glue "议:" to a paragraph that was cut short without a full stop."""
    p = parse(
        [
            "题:关于打造旅游精品线路的建议",
            "提案者: 城关镇政府",
            "由:",
            "我县旅游资源分散，景点规模小，尚未形成完整的旅游线路,议:",
            "整合沿江景点资源。打造两条精品线路。",
        ]
    )
    assert p.proposers == ["城关镇政府"]
    assert p.preamble == ["我县旅游资源分散，景点规模小，尚未形成完整的旅游线路,"]
    assert p.suggestions == ["整合沿江景点资源", "打造两条精品线路"]


def test_proposer_run_into_the_unit_is_split_at_a_place_printed_elsewhere() -> None:
    p = parse(
        [
            "政协青川县十二届三次全委会委员提案",
            "题:关于增设农贸市场的建议",
            "提案人:白家兴青川县兴达建材公司",
            "由:买菜不便。",
            "议:在城东增设一处农贸市场。",
        ]
    )
    assert p.proposers == ["白家兴"]
    assert p.unsure == ["proposers"]  # cut where a place begins: the officer confirms
    assert p.suggestions == ["在城东增设一处农贸市场"]


def test_organisations_are_kept_whole_though_their_district_is_printed_elsewhere() -> None:
    for proposer in ("民建长宁区委", "致公党长宁区委", "农工党长宁区委", "民革长宁区委",
                     "长宁区工商联", "九三学社上海市长宁区委员会", "区政协经济界别"):  # fmt: skip
        p = parse(
            [
                "长宁区政协十五届三次会议",
                "题目：关于支持长宁区小微企业发展的建议",
                f"提案人：{proposer}",
                "理由：长宁区小微企业融资难。长宁区应加大支持。",
                "建议：设立长宁区小微企业贷款风险补偿资金。",
            ]
        )
        assert p.proposers == [proposer]
        assert p.unsure == []


def test_several_proposers_keep_their_count_and_lose_their_titles() -> None:
    def proposers(value: str) -> list[str]:
        return parse([f"提案人：{value}", "题目：关于X的建议", "建议：加强管理。"]).proposers

    assert proposers("张三、李四等5位委员") == ["张三", "李四等5位"]
    assert proposers("王五等") == ["王五等"]
    assert proposers("孙立平委员、高晓梅委员") == ["孙立平", "高晓梅"]
    assert proposers("赵六等十人") == ["赵六等十人"]


def test_unsure_names_the_fields_read_from_a_weak_cue() -> None:
    sure = parse(
        [
            "第12号",
            "题目：关于增设公交线路的建议",
            "提案人：张三",
            "建议：增开社区巴士；延长末班车时间。",
        ]
    )
    assert sure.suggestions == ["增开社区巴士", "延长末班车时间"]
    assert sure.unsure == []
    assert "unsure" not in sure.to_dict()  # the JSON of a sure reading is as before

    weak = parse(
        [
            "12",
            "增设公交线路的建议",
            "提案人：张三",
            "建议：",
            "社区居民出行不便。应增开社区巴士。末班车时间也应延长。",
        ]
    )
    assert weak.proposal_number == "12"
    assert weak.title == "增设公交线路的建议"
    assert weak.suggestions == ["社区居民出行不便", "应增开社区巴士", "末班车时间也应延长"]
    assert weak.unsure == ["title", "proposal_number", "suggestions"]
    data = weak.to_dict()
    assert data["unsure"] == ["title", "proposal_number", "suggestions"]
    assert Parsed.from_dict(data).unsure == weak.unsure

    # No suggestions found in a text that speaks of them: unsure, not a confident "none".
    lost = parse(["题目：关于X的建议", "提案人：张三", "理由：群众建议较多，我们建议尽快研究"])
    assert lost.suggestions == []
    assert lost.unsure == ["suggestions"]


def test_a_numbered_list_run_into_one_paragraph_is_split() -> None:
    for text in (
        "建议：（一）建立路长制；（二）加大资金投入；（三）推行市场化养护。",
        "建议：1.建立路长制。2.加大资金投入。3.推行市场化养护。",
        "建议：一、建立路长制；二、加大资金投入；三、推行市场化养护。",
    ):
        p = parse(["题目：关于农村公路养护的建议", "提案人：张三", text])
        assert p.suggestions == ["建立路长制", "加大资金投入", "推行市场化养护"], text
    # Numbers that do not run 1, 2, 3 from a sentence start are not a list.
    p = parse(["题目：关于X的建议", "提案人：张三", "建议：将补贴提高到2.5倍，覆盖3.2万户。"])
    assert len(p.suggestions) == 1


# --- Kinds and odd input -----------------------------------------------------------------------


def test_detect_kind_of_written_documents() -> None:
    assert detect_kind(reply("张伟委员：")) is Kind.REPLY
    assert detect_kind(["题目：关于X的建议", "提案人：张三", "建议：加强管理。"]) is Kind.PROPOSAL
    notice = ["东湖区人民政府办公室关于印发《东湖区养老服务三年行动方案》的通知", "各街道："]
    assert detect_kind(notice) is Kind.POLICY
    assert detect_kind(["今天天气晴朗，适合出游。", "明天有雨。"]) is Kind.OTHER


def test_policy_written_here() -> None:
    p = parse(
        [
            "东湖区人民政府办公室关于印发",
            "《东湖区养老服务三年行动方案》的通知",
            "东府办〔2024〕12号",
            "各街道办事处：",
            "《东湖区养老服务三年行动方案》已经区政府同意，现印发给你们，请认真贯彻执行。",
            "2024年3月1日",
            "一、总体要求",
            "（一）指导思想。坚持以人民为中心。",
            "二、主要任务",
            "抄送：区委办公室。",
        ]
    )
    assert p.kind is Kind.POLICY
    assert p.title == "东湖区人民政府办公室关于印发《东湖区养老服务三年行动方案》的通知"
    assert (p.doc_number, p.bureau, p.date) == (
        "东府办〔2024〕12号",
        "东湖区人民政府办公室",
        "2024-03-01",
    )
    assert headings(p.sections) == ["总体要求", "主要任务"]
    assert p.sections[0].sections[0].heading == "指导思想"
    assert p.cc == ["区委办公室"]
    assert p.sections[1].paragraphs == []


@pytest.mark.parametrize(
    "paragraphs",
    [
        [],
        [""],
        ["   ", "\u3000"],
        ["一、"],
        ["（一）"],
        ["收悉"],
        ["2025421"],
        ["題:", "由:", "議:"],
        [
            "吳雄委員，您好！",
            "您提出的建議收悉，現將辦理情況答復如下：",
            "一、全市農村供水基本情況",
        ],
        ["第号", "对第号提案的答复", "委员：", "、"],
        ["字" * 5000],
    ],
)
def test_odd_input_does_not_crash(paragraphs: list[str]) -> None:
    p = parse(paragraphs)
    assert isinstance(p, Parsed)
    assert Parsed.from_dict(p.to_dict()) == p


def test_kind_can_be_forced() -> None:
    p = parse(["关于加强校园安全的建议", "学校周边车流密集。"], kind=Kind.PROPOSAL)
    assert p.kind is Kind.PROPOSAL
    assert p.title == "关于加强校园安全的建议"


@pytest.mark.parametrize(
    ("lines", "title", "preamble"),
    [
        (  # 案由 heads the reasons; the title stands above it
            [
                "关于加快人工智能产业人才集聚的建议",
                "提案人：李明、王芳",
                "案由：",
                "人工智能产业竞争归根到底是人才竞争，我区人才供给仍显不足。",
                "建议：",
                "一、加大人才引进力度。",
                "二、完善人才公寓保障。",
            ],
            "关于加快人工智能产业人才集聚的建议",
            ["人工智能产业竞争归根到底是人才竞争，我区人才供给仍显不足。"],
        ),
        (  # 案由 is the title itself
            [
                "提案人：李明",
                "案由：关于加快人工智能产业人才集聚的建议",
                "理由：我区人才供给仍显不足。",
                "建议：",
                "一、加大人才引进力度。",
            ],
            "关于加快人工智能产业人才集聚的建议",
            None,
        ),
    ],
)
def test_an_cause_label_is_a_title_only_when_it_reads_like_one(
    lines: list[str], title: str, preamble: list[str] | None
) -> None:
    parsed = parse(lines)
    assert parsed.kind == Kind.PROPOSAL
    assert parsed.title == title
    assert parsed.suggestions[0] == "加大人才引进力度"
    if preamble is not None:
        assert parsed.preamble == preamble


def test_proposal_labels_of_other_forms() -> None:
    p = parse(
        [
            "案号：第 0033 号",
            "提案者：静安区工商联",
            "案由：关于加强静安区小微企业融资服务的建议",
            "提案理由：",
            "小微企业融资难融资贵问题依然突出。",
            "具体措施：",
            "一是建立政银企对接平台；二是扩大政府性融资担保覆盖面。",
            "主办单位：区金融办",
        ]
    )
    assert p.proposal_number == "0033"
    assert p.preamble == ["小微企业融资难融资贵问题依然突出。"]
    assert p.suggestions == ["建立政银企对接平台", "扩大政府性融资担保覆盖面"]
    assert p.unsure == []


def test_a_proposal_read_as_such_without_its_usual_title_ending() -> None:
    p = parse(
        [
            "关于规范城区占道经营的意见",
            "代表姓名：张三（民盟）",
            "编号：2025-0067",
            "内容：占道经营多。",
            "建议：加强巡查；规范摊点。",
        ],
        kind=Kind.PROPOSAL,
    )
    assert p.title == "关于规范城区占道经营的意见"
    assert p.proposal_number == "2025-0067"
    assert p.proposers == ["张三代表"]  # a deputy form without a 人大 session says so here
    assert p.suggestions == ["加强巡查", "规范摊点"]
    assert p.unsure == ["title"]


def test_units_run_together_are_parted_and_marked_unsure() -> None:
    p = parse(
        [
            "题目：关于优化营商环境的建议",
            "提案人：陈志远 委员",
            "建议：推行企业开办一件事集成服务。",
            "主办单位：区营商办",
            "会办单位：区市场监管局区税务局",
        ]
    )
    assert p.proposers == ["陈志远"]
    assert p.co_units == ["区市场监管局", "区税务局"]
    assert p.unsure == ["co_units"]
    # 区委区政府办公室 is one unit: 区委 is not a unit's end followed by another unit.
    p = parse(
        ["题目：关于X的建议", "提案人：张三", "建议：加强管理。", "会办单位：区委区政府办公室"]
    )
    assert p.co_units == ["区委区政府办公室"]


def test_proposers_lose_their_posts_and_titles() -> None:
    def proposers(*lines: str) -> list[str]:
        return parse(["题目：关于X的建议", *lines, "建议：一、加强管理；二、完善制度。"]).proposers

    assert proposers("提案人：区政协委员王刚") == ["王刚"]
    assert proposers("提案人：张三，某科技公司董事长") == ["张三"]
    assert proposers("提案人：张三（市政协委员、某大学教授）") == ["张三"]
    assert proposers("提案人：王五", "联名：李四、钱七") == ["王五", "李四", "钱七"]


def test_suggestions_addressed_to_the_departments() -> None:
    p = parse(["题目：关于X的建议", "提案人：张三", "建议有关部门：一、加强管理；二、完善制度。"])
    assert p.suggestions == ["加强管理", "完善制度"]


_SIGNED_HEAD = [
    "关于加快推进老旧小区加装电梯工作的建议",
    "第 0215 号",
    "提案人：王建国",
    "我区现有老旧住宅小区312个，加装电梯工作虽有进展，但仍存在居民意见难统一等问题。",
]
_SIGNED_BODIES = {
    "numbered": ["为此建议：", "1.建立协商机制，组织社工参与协调。", "2.加大财政补贴力度。"],
    "clauses": ["为此建议：一是建立协商机制，组织社工参与协调；二是加大财政补贴力度。"],
    "section": [
        "三、对策建议",
        "（一）建立协商机制，组织社工参与协调。",
        "（二）加大财政补贴力度。",
    ],
}


@pytest.mark.parametrize("layout", list(_SIGNED_BODIES))
@pytest.mark.parametrize(
    "ending",
    [
        ["2025年1月10日"],
        ["王建国", "2025年1月10日"],
        ["九三学社闵行区委", "二〇二五年一月八日"],
        ["王建国", "2025/1/10"],
        ["2025年1月"],
        ["王建国（签名）", "2025 年 1 月 10 日"],
        ["民建闵行区委（盖章）"],
        ["王建国"],
        ["以上建议，请予研究。"],
        ["妥否，请审议。"],
        ["特此提案。", "王建国", "2025年1月10日"],
        ["附件：调研报告", "一、基本情况", "全区共有老旧小区312个。"],
        ["（此件公开发布）"],
    ],
)
def test_what_ends_a_proposal_is_no_part_of_its_last_suggestion(
    layout: str, ending: list[str]
) -> None:
    parsed = parse([*_SIGNED_HEAD, *_SIGNED_BODIES[layout], *ending], Kind.PROPOSAL)
    assert parsed.suggestions == ["建立协商机制，组织社工参与协调", "加大财政补贴力度"]


def test_a_short_last_suggestion_is_no_signature() -> None:
    lines = [*_SIGNED_HEAD, *_SIGNED_BODIES["numbered"], "3.恳请市政府研究出台扶持政策。"]
    assert parse(lines, Kind.PROPOSAL).suggestions[-1] == "恳请市政府研究出台扶持政策"
    # A short line that names no proposer and has no date below it stays the text's.
    lines = [*_SIGNED_HEAD, "为此建议：", "加强部门协同。", "简化审批流程"]
    assert "简化审批流程" in "".join(parse(lines, Kind.PROPOSAL).suggestions)


@pytest.mark.parametrize(
    "label",
    [
        "建议事项：",
        "具体意见：",
        "几点意见：",
        "意见和建议：",
        "对此，建议区政府：",
        "为此，特提出以下建议。",
    ],
)
def test_suggestions_follow_the_labels_proposals_put_them_under(label: str) -> None:
    lines = [*_SIGNED_HEAD, label, "1.建立协商机制，组织社工参与协调。", "2.加大财政补贴力度。"]
    parsed = parse(lines, Kind.PROPOSAL)
    assert parsed.suggestions == ["建立协商机制，组织社工参与协调", "加大财政补贴力度"]
    assert "suggestions" not in parsed.unsure


@pytest.mark.parametrize(
    "numerals", [("1.", "2.", "3."), ("一、", "二、", "三、"), ("1、", "2、", "3、")]
)
def test_points_numbered_without_a_label_are_a_guess_at_the_suggestions(
    numerals: tuple[str, ...],
) -> None:
    # "1." and "2." were two styles to the last numbered list (their first characters
    # differ): only （一）（二） lists were found.
    points = ["建立协商机制", "加大财政补贴力度", "简化审批流程"]
    lines = [*_SIGNED_HEAD, *(f"{n}{p}。" for n, p in zip(numerals, points, strict=True))]
    parsed = parse(lines, Kind.PROPOSAL)
    assert parsed.suggestions == points
    assert "suggestions" in parsed.unsure


_REPLY_SIGNED = [
    "关于区政协十届三次会议第45号提案的答复",
    "九三学社闵行区委：",
    "你们提出的《关于进一步优化营商环境的提案》收悉。经研究，现答复如下：",
    "一、关于完善融资担保体系",
    "今年以来，我委扩大合作覆盖面，累计为312家首贷企业提供贴息支持。",
    "感谢你们的关心和支持。",
    "闵行区发展和改革委员会",
    "2025年5月20日",
]


@pytest.mark.parametrize(
    ("lines", "phone"),
    [
        (["（联系人：李明，联系电话：64120000）"], "64120000"),
        (["（联系人：李明；电话：021-64120000）"], "021-64120000"),
        (["联系人及电话：李明 64120000"], "64120000"),
        (["联系人：李明（13900001111）"], "13900001111"),
        (["联系人：李明（64120000）", "联系电话：021-64120001"], "021-64120001"),
        (["经办人：李明", "电话：64120000"], "64120000"),
    ],
)
def test_a_replys_contact_is_read_however_it_is_printed(lines: list[str], phone: str) -> None:
    contact = parse([*_REPLY_SIGNED, *lines]).contact
    assert (contact.name, contact.phone) == ("李明", phone)


def test_yi_yao_numbers_a_series_of_suggestions_as_yi_shi_does() -> None:
    # "一要…二要…" kept its numerals: the draft's headings read "（一）一要强化…".
    lines = [*_SIGNED_HEAD, "建议：", "一要强化规划引领。", "二要完善基础设施。"]
    assert parse(lines, Kind.PROPOSAL).suggestions == ["强化规划引领", "完善基础设施"]
    # Not a suggestion that starts with 三要素 in a series numbered otherwise.
    lines = [*_SIGNED_HEAD, "建议：", "1.三要素齐全的项目优先审批。", "2.加大财政补贴力度。"]
    assert parse(lines, Kind.PROPOSAL).suggestions[0] == "三要素齐全的项目优先审批"


_TITLE = "关于加快推进老旧小区加装电梯工作的建议"


@pytest.mark.parametrize(
    ("head", "number", "session"),
    [
        (["2025年区政协十届三次会议", "第45号", _TITLE], "45", "区政协十届三次会议"),
        (["第45号", _TITLE, "区政协十届三次会议"], "45", "区政协十届三次会议"),
        ([f"{_TITLE}（第45号）", "区政协十届三次会议"], "45", "区政协十届三次会议"),
        ([f"提案第45号：{_TITLE}"], "45", ""),
        ([f"第 0215 号建议 {_TITLE}"], "0215", ""),
        (
            ["上海市静安区政协二届四次会议 第0123号提案", _TITLE],
            "0123",
            "上海市静安区政协二届四次会议",
        ),
    ],
)
def test_the_number_and_session_beside_the_title_are_read_apart_from_it(
    head: list[str], number: str, session: str
) -> None:
    lines = [*head, *_SIGNED_HEAD[2:], *_SIGNED_BODIES["numbered"]]
    parsed = parse(lines, Kind.PROPOSAL)
    assert (parsed.title, parsed.proposal_number, parsed.session) == (_TITLE, number, session)
    assert parsed.suggestions == ["建立协商机制，组织社工参与协调", "加大财政补贴力度"]


@pytest.mark.parametrize(
    ("signature", "proposers"),
    [
        (["九三学社闵行区委", "2025年1月8日"], ["九三学社闵行区委"]),
        (["王建国 李秀梅", "2025年1月10日"], ["王建国", "李秀梅"]),
        (["特此提案。", "民建闵行区委（盖章）", "二〇二五年一月"], ["民建闵行区委"]),
        (["欧阳明华（签名）", "2025 年 1 月 10 日"], ["欧阳明华"]),
        (["农工党闵行区委 民进闵行区委", "2025年1月10日"], ["农工党闵行区委", "民进闵行区委"]),
    ],
)
def test_a_proposal_signed_only_at_its_end_is_read_as_from_its_signers(
    signature: list[str], proposers: list[str]
) -> None:
    lines = [_TITLE, _SIGNED_HEAD[3], *_SIGNED_BODIES["numbered"], *signature]
    parsed = parse(lines, Kind.PROPOSAL)
    assert parsed.proposers == proposers
    assert "proposers" in parsed.unsure  # not read from a label: the officer confirms
    assert parsed.suggestions == ["建立协商机制，组织社工参与协调", "加大财政补贴力度"]


def test_a_short_unnumbered_suggestion_above_the_date_is_no_signer() -> None:
    lines = [
        _TITLE,
        _SIGNED_HEAD[3],
        "为此建议：",
        "建立协商机制",
        "加大财政补贴力度",
        "2025年1月10日",
    ]
    parsed = parse(lines, Kind.PROPOSAL)
    assert parsed.proposers == []
    assert "加大财政补贴力度" in "".join(parsed.suggestions)


@pytest.mark.parametrize("layout", list(_SIGNED_BODIES))
def test_a_pages_number_between_two_suggestions_is_no_part_of_them(layout: str) -> None:
    # A PDF's text pasted: the page's number alone on a line after a sentence.
    body = _SIGNED_BODIES[layout]
    lines = [*_SIGNED_HEAD, *body[:-1], "2", *body[-1:]]
    if layout == "clauses":  # one paragraph: the number after it
        lines = [*_SIGNED_HEAD, *body, "3"]
    assert parse(lines, Kind.PROPOSAL).suggestions == [
        "建立协商机制，组织社工参与协调",
        "加大财政补贴力度",
    ]


def test_a_number_under_its_label_or_above_the_title_is_kept() -> None:
    form = [
        "提案号",
        "057",
        _TITLE,
        "提案人：王建国",
        *_SIGNED_HEAD[3:],
        *_SIGNED_BODIES["numbered"],
    ]
    assert parse(form, Kind.PROPOSAL).proposal_number == "057"


def test_a_labelled_text_right_below_the_header_holds_the_suggestions() -> None:
    # A deputy's form with its reasons and suggestions in one 建议内容 line: the header was
    # read to run over it, and no suggestion was found.
    lines = [
        _TITLE,
        "代表：王建国",
        "建议内容：我区现有老旧住宅小区312个，但仍存在问题。建议：1.建立协商机制；2.加大财政补贴力度。",
    ]
    parsed = parse(lines, Kind.PROPOSAL)
    assert parsed.suggestions == ["建立协商机制", "加大财政补贴力度"]
    assert "suggestions" not in parsed.unsure


@pytest.mark.parametrize(
    ("names", "proposers"),
    [
        ("王建国", ["王建国"]),
        ("九三学社闵行区委", ["九三学社闵行区委"]),
        ("王建国 李秀梅", ["王建国", "李秀梅"]),
    ],
)
def test_names_alone_right_below_the_title_are_its_proposers_unsure(
    names: str, proposers: list[str]
) -> None:
    lines = [_TITLE, names, _SIGNED_HEAD[3], *_SIGNED_BODIES["numbered"]]
    parsed = parse(lines, Kind.PROPOSAL)
    assert parsed.proposers == proposers and "proposers" in parsed.unsure
    assert parsed.suggestions == ["建立协商机制，组织社工参与协调", "加大财政补贴力度"]


@pytest.mark.parametrize("heading", ["现状", "现状分析", "基本情况", "存在问题", "背景"])
def test_a_bare_part_heading_below_the_title_is_no_proposer(heading: str) -> None:
    lines = [_TITLE, heading, _SIGNED_HEAD[3], *_SIGNED_BODIES["numbered"]]
    assert parse(lines, Kind.PROPOSAL).proposers == []


@pytest.mark.parametrize("layout", ["numbered", "section"])
def test_a_proposals_closing_words_after_its_last_suggestion_are_not_part_of_it(
    layout: str,
) -> None:
    ending = "总之，加装电梯是一项民生工程，需要各方共同努力，久久为功。"
    lines = [*_SIGNED_HEAD, *_SIGNED_BODIES[layout], ending]
    assert parse(lines, Kind.PROPOSAL).suggestions == [
        "建立协商机制，组织社工参与协调",
        "加大财政补贴力度",
    ]
    # A suggestion's own second paragraph stays with it.
    lines = [*_SIGNED_HEAD, *_SIGNED_BODIES[layout], "由属地街道统筹推进。"]
    assert parse(lines, Kind.PROPOSAL).suggestions[-1].endswith("由属地街道统筹推进")


@pytest.mark.parametrize("head", [["第０２１５号"], ["提案号：０２１５"], ["０２１５"]])
def test_a_number_typed_in_full_width_digits_is_read_in_ascii(head: list[str]) -> None:
    # A reply prints 第0215号, and a 续办 proposal's search matches the number so.
    lines = [*head, _TITLE, "提案人：王建国", _SIGNED_HEAD[3], *_SIGNED_BODIES["numbered"]]
    paragraphs = ingest.ingest_text("\n".join(lines)).paragraphs  # read as a file is
    assert parse(paragraphs, Kind.PROPOSAL).proposal_number == "0215"


@pytest.mark.parametrize("bullet", ["——", "—— ", "－－", "●", "● ", "■", "◆ ", "➢", "- ", "★"])
def test_a_bulleted_list_of_suggestions_is_read_without_its_bullets(bullet: str) -> None:
    # "——进一步清理涉企收费" (the dashes of Chinese official prose) went into the suggestion
    # and the reply's heading as typed.
    points = [
        "进一步清理涉企收费，减轻企业负担；",
        "建立政企常态化沟通机制；",
        "加强知识产权保护。",
    ]
    lines = [*_SIGNED_HEAD, "建议如下：", *(bullet + point for point in points)]
    paragraphs = ingest.ingest_text("\n".join(lines)).paragraphs  # read as a file is
    assert parse(paragraphs, Kind.PROPOSAL).suggestions == [
        "进一步清理涉企收费，减轻企业负担",
        "建立政企常态化沟通机制",
        "加强知识产权保护",
    ]


@pytest.mark.parametrize(
    "head",
    [
        ["上海市闵行区人大代表建议", "第2025-031号", _TITLE],
        [f"{_TITLE}（第2025－031号）"],
        ["区十七届人大四次会议代表建议第 2025-031 号", _TITLE],
    ],
)
def test_a_number_holding_its_year_is_read_whole(head: list[str]) -> None:
    # "第2025-031号" gave no number: a reply cites it so, and a 续办's search matches it.
    lines = [*head, "领衔代表：张卫国", _SIGNED_HEAD[3], *_SIGNED_BODIES["numbered"]]
    paragraphs = ingest.ingest_text("\n".join(lines)).paragraphs
    assert parse(paragraphs, Kind.PROPOSAL).proposal_number == "2025-031"


@pytest.mark.parametrize(
    "numerals",
    [("1)", "2)", "3)"), ("1）", "2）", "3）"), ("（1）", "（2）", "（3）"), ("①", "②", "③")],
)
def test_a_list_numbered_inside_one_paragraph_is_read_item_by_item(
    numerals: tuple[str, ...],
) -> None:
    # "为此建议：1)…；2)…；3)…" was one suggestion, the numerals in it.
    points = ["合理规划布局社区养老服务设施", "鼓励社会力量参与运营", "加强养老护理人才队伍建设"]
    text = "为此建议：" + "；".join(n + p for n, p in zip(numerals, points, strict=True)) + "。"
    lines = [*_SIGNED_HEAD, text]
    assert parse(lines, Kind.PROPOSAL).suggestions == points


@pytest.mark.parametrize(
    "form", ["提案人姓名：王建国", "委员姓名：王建国", "提案人姓名 | 王建国 | 界别 | 经济界"]
)
def test_a_proposer_under_a_name_label_is_read(form: str) -> None:
    # "提案人姓名：王建国" left the proposer unread and the salutation a gap.
    lines = [_TITLE, form, _SIGNED_HEAD[3], *_SIGNED_BODIES["numbered"]]
    parsed = parse(ingest.ingest_text("\n".join(lines)).paragraphs, Kind.PROPOSAL)
    assert parsed.proposers == ["王建国"] and "proposers" not in parsed.unsure
