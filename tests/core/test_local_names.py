"""A reused paragraph of another place's reply: its towns, markets, roads, firms and its own
organs are marked for the officer to check, beside the districts places.py knows; generic
words, the officer's own names, organs at the officer's level, the same province's bodies,
national ones and 《titles》 are not.

The replies here are written for the tests: a city's (襄阳市商务局, 湖北) and a county's of
the drafting county's own province (汉阴县, 陕西), drafted for 紫阳县 (陕西) and 贵池区 (安徽).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from replydraft.check import CheckContext, check_paragraphs
from replydraft.draft import load_draft
from replydraft.local_names import Levels, local_names, words
from replydraft.profiles import BureauProfile
from replydraft.records import Source
from replydraft.reuse import MARK, Drafting, adapt

XIANGYANG = "襄阳市商务局"
HANYIN = "汉阴县住房和城乡建设局"
ZIYANG = Drafting(name="紫阳县住房和城乡建设局", self_reference="我局", district="紫阳县")
GUICHI = Drafting(name="池州市贵池区住房和城乡建设局", self_reference="我局", district="贵池区")

# A city's paragraph: its markets, its 市政府 and its province's 省商务厅.
MARKETS = (
    "加快农贸市场建设改造。市政府先后出资新建和改造青泥湾、柳林、檀溪、鱼梁洲菜市场，"
    "农贸市场档次明显提升；2023年我局又向省商务厅争取到公益性农贸市场改造资金300万元，"
    "我市主要农贸市场设施日趋完善。"
)
# A county's paragraph: national and provincial bodies, a title, its 县 organs, its towns,
# the drafting county's own road, and generic words.
TOWNS = (
    "按照国务院和省政府关于加强农贸市场建设的部署，县政府出台了《城关镇农贸市场建设管理办法》，"
    "引导企业参与市场建设，在蒲溪镇、涧池镇新建农贸市场两处，沿紫阳大道设置便民摊点，"
    "县市场监管局加强日常巡查。"
)


def marks(text: str) -> list[str]:
    return [part.split("】")[0] for part in text.split(MARK)[1:]]


def test_a_citys_markets_and_organs_are_marked_in_a_countys_draft() -> None:
    adapted, _, notes = adapt(MARKETS, XIANGYANG, ZIYANG)
    assert marks(adapted) == [
        "市政府（原指襄阳市）",
        "青泥湾",
        "柳林",
        "檀溪",
        "鱼梁洲菜市场",
        "省商务厅（原指湖北省）",
        "我市（原指襄阳市）",
    ]
    assert "公益性农贸市场改造资金" in adapted  # generic words stay as they are
    assert notes and "青泥湾" in notes[0]
    # A city drafting in the same province answers to that 省商务厅 too, and calls its own
    # government 市政府: the markets are still the other city's.
    yichang = Drafting(name="宜昌市商务局", self_reference="我局", district="宜昌市")
    assert marks(adapt(MARKETS, XIANGYANG, yichang)[0]) == [
        "青泥湾",
        "柳林",
        "檀溪",
        "鱼梁洲菜市场",
        "我市（原指襄阳市）",
    ]
    # The bureau's own reply is its own: nothing marked.
    xiangyang = Drafting(name=XIANGYANG, self_reference="我局", district="襄阳市")
    assert adapt(MARKETS, XIANGYANG, xiangyang)[0] == MARKETS


def test_same_level_same_province_national_bodies_titles_and_own_names_stay_unmarked() -> None:
    """For 紫阳县 (a county of 陕西) the 汉阴 paragraph's 县政府 and 省政府 read right; only
    汉阴's towns are its own. For 贵池区 (a district of 安徽) its county organs and its
    province's government are 汉阴's and 陕西's."""
    adapted, _, _ = adapt(TOWNS, HANYIN, ZIYANG)
    assert marks(adapted) == ["蒲溪镇", "涧池镇"]
    for kept in ("国务院和省政府", "县政府出台了《城关镇农贸市场建设管理办法》", "沿紫阳大道"):
        assert kept in adapted
    adapted, _, _ = adapt(TOWNS, HANYIN, GUICHI)
    assert marks(adapted) == [
        "省政府（原指陕西省）",
        "县政府（原指汉阴县）",
        "蒲溪镇",
        "涧池镇",
        "紫阳大道",  # 紫阳's road, not 贵池's
        "县市场监管局（原指汉阴县）",
    ]
    assert "国务院" in adapted and "《城关镇农贸市场建设管理办法》" in adapted


def test_a_district_organ_is_marked_only_where_the_officer_is_no_district() -> None:
    """区疾控中心 in a district's reply: 贵池区 has one too, 紫阳县 has a 县疾控中心."""
    text = "会同区疾控中心进行抽样检测，督促各供水单位配合区卫健部门完成健康证的办理。"
    assert adapt(text, "株洲市渌口区水利局", GUICHI)[0] == text
    assert marks(adapt(text, "株洲市渌口区水利局", ZIYANG)[0]) == ["区疾控中心（原指渌口区）"]
    # An organ's name may hold 和 and run to a few words.
    text = "市文化和旅游局牵头，市场监管部门配合，方便市民出行。"
    assert marks(adapt(text, "随州市商务局", ZIYANG)[0]) == ["市文化和旅游局（原指随州市）"]


def test_a_name_after_a_place_the_table_marks_is_marked_apart_or_not_at_all() -> None:
    """姑苏区政协: the place's mark says whose 政协 it is. 玉林街道: a street of the
    source's, not the city 玉林 of the table. 蒙自北大街 in 蒙自's own reply: 蒙自 is its county, marked,
    and 北大街 its street."""
    text = "对姑苏区政协第三届委员会第二次会议第5号提案，我局在玉林街道、平江街道推广垃圾分类亭。"
    assert marks(adapt(text, "苏州市姑苏区城市管理局", ZIYANG)[0]) == [
        "姑苏区",
        "玉林街道",
        "平江街道",
    ]
    text = "其中，蒙自北大街片区就集中了67户农资门店。"
    assert marks(adapt(text, "蒙自市人民政府", ZIYANG)[0]) == ["蒙自", "北大街"]


def test_counts_generic_words_and_national_firms_are_no_places_names() -> None:
    """Words a jieba name tag or a name ending would make names, though they name no place's
    own: counts, generic heads, national banks, regions, a list of programme names."""
    text = (
        "围绕一城两镇四村建设，各乡镇聚焦集成电路产业，协同绿洲控股集团有限公司施工，由兴业银行、"
        "工商银行、建设银行等15家银行提供贷款，在智慧医疗、数字教育、数字家园等5个项目中试点，"
        "在学校、医院、社区等3处设点，打造长三角产业园，改造老城区菜市场，支持民办幼儿园、"
        "普惠性幼儿园发展，联合阿里巴巴、腾讯、华为等企业共建实验室，推进沿河景观带、滨水步道、"
        "口袋公园建设，石龙坪村至丙麻河段完成治理。"
    )
    found = [
        text[n.start : n.end] for n in local_names(text, Levels.of("隆阳区水务局", ZIYANG.name))
    ]
    assert found == ["石龙坪村"]


def test_a_university_the_dictionary_knows_by_name_is_the_countrys() -> None:
    """复旦大学 works with many districts; 江汉大学 and 张江研究院 are named locally."""
    text = "依托复旦大学张江研究院、同济大学等高校，江汉大学积极推进人工智能通识教育。"
    found = [text[n.start : n.end] for n in local_names(text, Levels())]
    assert found == ["张江研究院", "江汉大学"]


def test_a_list_of_names_is_read_from_where_its_first_name_starts() -> None:
    """ "我委将淦田、朱亭…": jieba glues 委将; the list starts at 淦田. A list closed by
    等7处 needs no shared ending."""
    text = "我委将淦田、朱亭、王十万、太湖、古岳峰等7处规模化水厂提质改造，2023年古岳峰镇完成设计。"
    found = [text[n.start : n.end] for n in local_names(text, Levels())]
    assert found == ["淦田", "朱亭", "王十万", "太湖", "古岳峰", "古岳峰镇"]
    # jieba tags 串联 ns: after its ending a name is one word.
    text = "开通旅游专线公交，串联双河镇、洞河镇和蒿坪镇。"
    found = [text[n.start : n.end] for n in local_names(text, Levels())]
    assert found == ["双河镇", "洞河镇", "蒿坪镇"]


def test_the_tagger_on_the_split_dictionary_cuts_and_tags_as_jieba_s_own(tmp_path: Path) -> None:
    """The tagger loads a text's entries of the project's split dictionary instead of
    jieba's whole one: the words and tags must be jieba's, with the project's words."""
    import jieba
    import jieba.posseg

    from replydraft.tokenize import Tokenizer

    full = jieba.Tokenizer()
    full.tmp_dir = str(tmp_path)  # its cache here, not in the shared temp folder
    full.load_userdict(str(Tokenizer().userdict))  # initialises jieba's own dictionary
    tagger = jieba.posseg.POSTokenizer(full)
    text = MARKETS + TOWNS + "浦东新区揭榜挂帅公共服务平台汇聚具身智能企业，我局将淦田、朱亭纳入。"
    assert [(w.text, w.tag) for w in words(text)] == [(p.word, p.flag) for p in tagger.cut(text)]


def reply(bureau: str, place: str, number: str, body: list[str]) -> str:
    return "\n\n".join(
        [
            f"对{place}政协十一届三次会议第{number}号提案的答复",
            "王某委员：",
            f"您提出的《关于加快农贸市场建设的建议》提案（第{number}号）收悉，经研究，现将办理"
            "情况答复如下：",
            "一、对提案建议的答复",
            *body,
            "再次感谢您的宝贵建议，希望继续得到您的关心和支持。",
            bureau,
            "2024年5月7日",
        ]
    )


def test_replydraft_draft_marks_another_places_names_in_the_draft(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Two places' replies in the archive, a 紫阳 proposal, a 紫阳 bureau drafting: the
    paragraphs placed carry the other places' names marked, and the 汉阴 paragraph's 县政府,
    省政府 and title stay as they are."""
    from replydraft.cli import main

    folder = tmp_path / "replies"
    folder.mkdir()
    (folder / "xiangyang.txt").write_text(
        reply(XIANGYANG, "襄阳市", "021", ["（一）加快农贸市场建设改造", MARKETS]),
        encoding="utf-8",
    )
    (folder / "hanyin.txt").write_text(
        reply(HANYIN, "汉阴县", "045", ["（一）在集镇新建农贸市场", TOWNS]), encoding="utf-8"
    )
    profiles = home / "templates" / "profiles"
    profiles.mkdir(parents=True)
    (profiles / "ziyang.toml").write_text(
        f'name = "{ZIYANG.name}"\nself_reference = "我局"\n', encoding="utf-8"
    )
    proposal = tmp_path / "proposal.txt"
    proposal.write_text(
        "\n\n".join(
            [
                "关于增设县城农贸市场的建议",
                "提案人：单某",
                "建议：",
                "一、加快县城农贸市场建设改造，争取农贸市场改造资金",
                "二、在集镇新建农贸市场，加强农贸市场日常巡查",
            ]
        ),
        encoding="utf-8",
    )
    assert main(["import", str(folder)]) == 0
    out = tmp_path / "draft.json"
    assert main(["draft", str(proposal), "--bureau", "ziyang", "-o", str(out)]) == 0
    reused = {
        p.source.bureau: p.text
        for s in load_draft(out).all_sections()
        for p in s.paragraphs
        if p.source is not None
    }
    assert set(reused) == {XIANGYANG, HANYIN}, capsys.readouterr().out
    assert "鱼梁洲菜市场" in marks(reused[XIANGYANG])
    assert "市政府（原指襄阳市）" in marks(reused[XIANGYANG])
    assert marks(reused[HANYIN]) == ["蒲溪镇", "涧池镇"]
    capsys.readouterr()
    assert main(["check", str(out), "--json"]) == 1
    findings = json.loads(capsys.readouterr().out)["findings"]
    assert any(f["rule"] == "reuse.marked" for f in findings)


def test_a_place_name_inside_a_longer_name_or_glued_to_a_conjunction_is_not_that_place() -> None:
    # 玉林 is a city of 广西 and 和县 a county of 安徽; here they are neither.
    wuhou = "成都市武侯区住房和城乡建设局"
    text = "区住建局和县自然资源局联合玉林街道、浆洗街街道开展老旧小区改造。"
    adapted, _, _ = adapt(text, wuhou, ZIYANG)
    found = marks(adapted)
    assert "玉林街道" in found and "玉林" not in found
    assert not any("和县" in m for m in found)
    # The county itself, after its province or city, is still marked.
    adapted, _, _ = adapt("安徽省和县、马鞍山和县两地经验值得借鉴。", wuhou, ZIYANG)
    assert marks(adapted) == ["安徽省", "和县", "马鞍山", "和县"]


def unmarked(text: str) -> str:
    """What the officer leaves after deleting the marks' brackets but not the names."""
    return text.replace(MARK, "").replace("】", "").replace("（原指襄阳市）", "")


def foreign_names(body: str, source: Source | None, profile: BureauProfile) -> list[str]:
    paragraphs = [
        "关于加强农贸市场建设的提案的答复",
        "张某委员：",
        "您提出的《关于加强农贸市场建设的建议》收悉，现将办理情况答复如下：",
        body,
        "紫阳县住房和城乡建设局",
    ]
    sources: list[Source | None] = [None, None, None, source, None]
    ctx = CheckContext(profile=profile, sources=sources)
    return [
        f"{body[f.start : f.end]}|{f.message}"
        for f in check_paragraphs(paragraphs, ctx)
        if f.rule == "reuse.foreign-name"
    ]


def test_the_proofreader_flags_another_places_local_names_left_without_their_marks() -> None:
    ziyang = BureauProfile(id="zy", name=ZIYANG.name, self_reference="我局")
    body = unmarked(adapt(MARKETS, XIANGYANG, ZIYANG)[0])
    assert MARK not in body and "青泥湾" in body
    source = Source("xy", "答复", bureau=XIANGYANG, original=MARKETS)
    found = foreign_names(body, source, ziyang)
    names = [f.split("|")[0] for f in found]
    assert names == ["市政府", "青泥湾", "柳林", "檀溪", "鱼梁洲菜市场", "省商务厅"]
    assert "青泥湾" in found[1] and "襄阳市" in found[1] and "紫阳县" in found[1]
    assert "机构" in found[0]
    assert "湖北省的机构" in found[5]  # 省商务厅
    # The officer's own towns (紫阳县's 蒿坪镇) in its own paragraph, or any paragraph not
    # reused, are no finding; nor is a paragraph of the officer's own bureau.
    own = "蒿坪镇、洞河镇新建农贸市场两处，县政府出资改造城关镇菜市场。"
    assert foreign_names(own, None, ziyang) == []
    assert foreign_names(own, Source("zy", "答复", bureau=ZIYANG.name), ziyang) == []
    assert foreign_names(body, Source("zy", "答复", bureau=ZIYANG.name), ziyang) == []
    # The officer rewrote a market as its own 蒿坪镇's: that one is its own, the rest are not.
    rewritten = body.replace("青泥湾", "蒿坪镇")
    names = [f.split("|")[0] for f in foreign_names(rewritten, source, ziyang)]
    assert "蒿坪镇" not in names and "柳林" in names
    # A county's paragraph naming the officer's own 紫阳大道 beside its own towns.
    towns = unmarked(adapt(TOWNS, HANYIN, ZIYANG)[0])
    names = [
        f.split("|")[0] for f in foreign_names(towns, Source("hy", "答复", bureau=HANYIN), ziyang)
    ]
    assert "蒲溪镇" in names and "涧池镇" in names
    assert not any("紫阳" in n for n in names)


def test_the_tagger_is_loaded_only_for_a_paragraph_from_another_place() -> None:
    """jieba.posseg costs a process its start: a draft reusing only its own place's replies,
    and a proofreading of paragraphs not reused, must not load it."""
    import subprocess
    import sys

    code = f"""
import sys
from replydraft.reuse import Drafting, adapt
from replydraft.check import check_paragraphs
ziyang = Drafting(name="紫阳县住房和城乡建设局", self_reference="我局", district="紫阳县")
adapt({TOWNS!r}, "紫阳县住房和城乡建设局", ziyang)
adapt({TOWNS!r}, "紫阳县自然资源局", ziyang)
check_paragraphs([{TOWNS!r}])
print("jieba.posseg" in sys.modules)
adapt({TOWNS!r}, {HANYIN!r}, ziyang)
print("jieba.posseg" in sys.modules)
"""
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.split() == ["False", "True"]


def test_the_taggers_cached_tables_tag_as_jieba_s_own(tmp_path: Path) -> None:
    """postag writes jieba.posseg's tables to its cache in a first process and a second one
    starts from them, a third after the file was damaged: all cut and tag as jieba's own
    tagger with the project's words."""
    import subprocess
    import sys

    import jieba
    import jieba.posseg

    from replydraft.tokenize import Tokenizer

    text = MARKETS + TOWNS + "蒙自北大街、武侯区玉林街道与镇巴县、岚皋县交流经验。"
    code = (
        "import json, sys\nfrom pathlib import Path\nfrom replydraft.postag import Tagger\n"
        f"print(json.dumps(Tagger(Path({str(tmp_path)!r})).cut({text!r})))\n"
    )

    def run() -> str:
        return subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout

    runs = [run(), run()]
    (cached,) = tmp_path.glob("posseg-*.tags")
    cached.write_bytes(cached.read_bytes()[:1000])  # cut short: read again from jieba
    runs.append(run())
    full = jieba.Tokenizer()
    full.tmp_dir = str(tmp_path)
    full.load_userdict(str(Tokenizer().userdict))
    own = [[p.word, p.flag] for p in jieba.posseg.POSTokenizer(full).cut(text)]
    assert [json.loads(r) for r in runs] == [own, own, own]
