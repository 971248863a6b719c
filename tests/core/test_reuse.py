"""Reuse that fits: paragraph roles at indexing, ranking by fit and bureau, adaptation and
marks for other districts, cleaning recorded in the provenance, policies cited by title.

The replies here are written for the tests: two of a Pudong bureau and one of a Changning
bureau on talent policy, one on rural water supply, and a policy plan with 责任部门 lines.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from replydraft.archive import Archive
from replydraft.check import CheckContext, apply_fixes, check_paragraphs
from replydraft.draft import load_draft, matches_for_draft, save_draft
from replydraft.importer import import_paths
from replydraft.index import SearchIndex, sections_of
from replydraft.parse import parse
from replydraft.profiles import BureauProfile
from replydraft.records import Draft, DraftParagraph, DraftSection, Kind, Parsed, Source
from replydraft.reuse import (
    MARK,
    REUSE_MIN_FIT,
    Drafting,
    adapt,
    clean_text,
    district_of,
    foreign_places,
    plan_reuse,
    policy_title,
    renumber,
    take_paragraph,
)
from replydraft.roles import Role, paragraph_roles
from replydraft.search import (
    Match,
    ParagraphMatch,
    ProposalMatches,
    Searcher,
    SuggestionMatches,
)
from replydraft.tokenize import Tokenizer

PUDONG = "上海市浦东新区科技和经济委员会"
CHANGNING = "长宁区科学技术委员会"

TALENT_BODY = [
    "一是出台人工智能人才专项政策。围绕人才公寓、子女入学和医疗保障，推出人工智能人才安居十条措施，"
    "对引进的算法工程师给予人才公寓租金补贴，累计发放补贴三千余万元。",
    "二是建设人工智能人才实训基地。依托高校和龙头企业共建人工智能人才实训基地，开展算法工程师"
    "职业技能培训，每年培训人工智能技术人才两千余人次。",
    "三是举办人工智能人才招聘活动。联合人工智能企业举办专场招聘会，发布算法工程师和数据标注"
    "岗位需求，帮助企业引进急需紧缺的人工智能人才。",
]


def reply_text(
    bureau: str, number: str, proposer: str, body: list[str], *, place: str, next_step: str
) -> str:
    return "\n\n".join(
        [
            f"对{place}政协第十五届三次会议第{number}号提案的答复",
            f"{proposer}委员：",
            f"您提出的《关于加强人工智能人才引进和培养的建议》提案（第{number}号）收悉，"
            "经研究，现将办理情况答复如下：",
            "一、对本提案的办理概述",
            "收到您的提案后，我委高度重视，会同区人社局等部门认真研究，并与您电话沟通，积极采纳。",
            "二、对提案建议的答复",
            "（一）加大人工智能人才引进和培养力度",
            *body,
            f"下一步，{next_step}",
            "再次感谢您的宝贵建议，希望继续得到您的关心和支持。",
            bureau,
            "2025年5月7日",
            "联系人姓名：王某 联系电话：12345678",
        ]
    )


POLICY_TEXT = "\n\n".join(
    [
        "浦东新区人民政府办公室关于印发《浦东新区人工智能人才发展三年行动方案》的通知",
        "一、主要任务",
        "1.加强人工智能人才引进。完善人才公寓保障，对算法工程师给予租金补贴，建设人工智能人才"
        "实训基地，开展职业技能培训。（责任部门：区人才局、区科经委）",
    ]
)

WATER_TEXT = reply_text(
    "某县水利局",
    "021",
    "赵某",
    [
        "一是实施农村饮水安全巩固提升工程。新建和改造集中供水工程十二处，更新老化管网四十公里，"
        "农村自来水普及率提高到百分之九十八。",
    ],
    place="某县",
    next_step="我局将继续加强农村供水工程水质检测。",
)


def write_corpus(folder: Path) -> dict[str, Path]:
    folder.mkdir()
    files = {
        "pudong_a": reply_text(
            PUDONG, "101", "张某", TALENT_BODY, place="浦东新区", next_step="浦东将继续加大投入。"
        ),
        "changning": reply_text(
            CHANGNING,
            "035",
            "李某",
            [
                "长宁区出台人工智能人才安居政策，为引进的算法工程师提供人才公寓，长宁区人社局每年"
                "组织人工智能人才职业技能培训，我局会同高校共建人工智能人才实训基地。",
            ],
            place="长宁区",
            next_step="我委将继续优化人才服务。",
        ),
        "water": WATER_TEXT,
        "policy": POLICY_TEXT,
    }
    out = {}
    for name, text in files.items():
        path = folder / f"{name}.txt"
        path.write_text(text, encoding="utf-8")
        out[name] = path
    return out


@dataclass
class Corpus:
    archive: Archive
    searcher: Searcher
    ids: dict[str, str]  # file stem -> record id


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Corpus]:
    tokenizer = Tokenizer()
    archive = Archive(":memory:")
    files = write_corpus(tmp_path_factory.mktemp("reuse") / "corpus")
    import_paths(archive, list(files.values()), tokenizer=tokenizer, workers=1)
    index = SearchIndex(None)
    index.sync(archive)
    ids = {Path(r.source).stem: r.id for r in archive.list()}
    yield Corpus(archive, Searcher(archive, index, tokenizer), ids)
    index.close()
    archive.close()


def pudong_profile() -> BureauProfile:
    return BureauProfile(id="pudong", name=PUDONG, self_reference="我委", aliases=["区科经委"])


def changning_profile() -> BureauProfile:
    return BureauProfile(id="changning", name=CHANGNING, self_reference="我委")


# --- roles ----------------------------------------------------------------------------------


def test_each_paragraph_of_a_reply_gets_its_role() -> None:
    text = reply_text(PUDONG, "101", "张某", TALENT_BODY, place="浦东新区", next_step="继续投入。")
    paragraphs = text.split("\n\n")
    parsed = parse(paragraphs)
    assert parsed.kind == Kind.REPLY
    roles = paragraph_roles(parsed, paragraphs, sections_of(parsed, paragraphs))
    by_start = {p[:6]: r for p, r in zip(paragraphs, roles, strict=True)}
    assert by_start["对浦东新区政"] == Role.HEADER
    assert by_start["您提出的《关"] == Role.OPENING
    assert by_start["收到您的提案"] == Role.OVERVIEW
    assert by_start["一、对本提案"] == Role.HEADING
    assert [by_start[p[:6]] for p in TALENT_BODY] == [Role.BODY] * 3
    assert by_start["下一步，继续"] == Role.NEXT
    assert by_start["再次感谢您的"] == Role.CLOSING
    assert by_start["联系人姓名："] == Role.CONTACT


def test_policy_documents_and_task_lines_with_a_responsible_unit_are_policy_text() -> None:
    paragraphs = POLICY_TEXT.split("\n\n")
    parsed = parse(paragraphs)
    roles = paragraph_roles(parsed, paragraphs, sections_of(parsed, paragraphs))
    if parsed.kind == Kind.POLICY:
        assert set(roles) == {Role.POLICY}
    # A reply that copied a plan's task line keeps it out of the body, whatever its kind.
    reply = reply_text(
        PUDONG, "101", "张某", [*TALENT_BODY[:1], paragraphs[-1]], place="浦东新区", next_step="…"
    ).split("\n\n")
    parsed_reply = parse(reply)
    reply_roles = paragraph_roles(parsed_reply, reply, sections_of(parsed_reply, reply))
    assert reply_roles[reply.index(paragraphs[-1])] == Role.POLICY
    assert reply_roles[reply.index(TALENT_BODY[0])] == Role.BODY


def test_a_title_with_any_of_the_genre_s_reply_endings_is_header_without_an_opening() -> None:
    # A scraped reply that lost its opening formula still starts with its title.
    for ending in ("答复", "续复", "回复", "答复函"):
        paragraphs = [f"关于区政协十五届三次会议第35号提案的{ending}", *TALENT_BODY]
        parsed = parse(paragraphs, Kind.REPLY)
        roles = paragraph_roles(parsed, paragraphs, sections_of(parsed, paragraphs))
        assert roles[0] == Role.HEADER, ending
        assert roles[1:] == [Role.BODY] * len(TALENT_BODY), ending


def test_the_index_keeps_roles_and_paragraph_search_can_ask_for_bodies_only(
    corpus: Corpus,
) -> None:
    query = "收到提案后高度重视会同区人社局认真研究电话沟通积极采纳人工智能人才"
    every = corpus.searcher.search_paragraphs(query, top=20, kind=Kind.REPLY)
    assert any(m.role == Role.OVERVIEW for m in every), "the 概述 is found without a filter"
    bodies = corpus.searcher.search_paragraphs(
        query, top=20, kind=Kind.REPLY, roles=[Role.BODY.value]
    )
    assert bodies and all(m.role == Role.BODY for m in bodies)
    doc = corpus.searcher.index.get_doc(corpus.ids["pudong_a"])
    assert doc is not None
    assert set(doc.roles) >= {"header", "opening", "overview", "body", "next", "closing"}
    units = corpus.searcher.index.paragraphs_of(corpus.ids["pudong_a"])
    assert [u.role for u in units if u.text in TALENT_BODY] == ["body"] * 3


# --- places, adapting, cleaning ---------------------------------------------------------------


def test_district_of_reads_the_lowest_place_a_unit_name_starts_with() -> None:
    assert district_of(PUDONG) == "浦东新区"
    assert district_of(CHANGNING) == "长宁区"
    assert district_of("株洲市渌口区水利局") == "渌口区"
    assert district_of("随州市商务局") == "随州市"
    assert district_of("某县水利局") == "某县"
    assert district_of("区科经委") == ""


def test_a_paragraph_of_another_district_is_marked_and_its_self_reference_adapted() -> None:
    text = "长宁区出台人才安居政策，我局会同长宁区人社局开展培训，我区人才公寓已投用。"
    drafting = Drafting.of(pudong_profile())
    adapted, changes, notes = adapt(text, "长宁区人力资源和社会保障局", drafting)
    assert "我委会同" in adapted and "我局" not in adapted
    assert any("我局" in c and "我委" in c for c in changes)
    assert adapted.count(MARK) == 3  # 长宁区 twice, 我区 once
    assert f"{MARK}长宁区】" in adapted and f"{MARK}我区（原指长宁区）】" in adapted
    assert notes and "长宁区" in notes[0] and "浦东新区" in notes[0]
    assert foreign_places(adapted, "浦东新区") == [], "marked names are not found again"
    # The drafting bureau's own paragraph stays as it is.
    own = "浦东新区出台人才安居政策，我委会同区人社局开展培训。"
    assert adapt(own, PUDONG, drafting) == (own, [], [])


def test_foreign_places_finds_districts_and_new_zones_but_not_the_own_district() -> None:
    text = "浦东新区和临港新片区联合长宁区举办活动，浦东企业参加。"
    found = [text[s:e] for s, e in foreign_places(text, "浦东新区")]
    assert found == ["长宁区"], "临港新片区 lies in 浦东新区"
    assert [text[s:e] for s, e in foreign_places(text, "嘉定区", ["苏州新片区"])] == [
        "浦东新区",
        "临港新片区",
        "长宁区",
        "浦东",
    ]
    assert [text[s:e] for s, e in foreign_places(text, "长宁区")] == [
        "浦东新区",
        "临港新片区",
        "浦东",
    ]


def test_cleaning_removes_markdown_closes_brackets_and_says_what_it_changed() -> None:
    text = "3.一是**出台人才政策**,实施大企业创新中心计划(GOI,链接带动中小企业。"
    cleaned, changes = clean_text(text)
    assert cleaned == "一是出台人才政策，实施大企业创新中心计划（GOI），链接带动中小企业。"
    assert len(changes) == 4, changes
    assert any("序号" in c for c in changes) and any("Markdown" in c for c in changes)
    assert any("全角" in c for c in changes) and any("括号" in c for c in changes)
    plain = "投资3.5亿元，建成人才公寓（一期）。"
    assert clean_text(plain) == (plain, [])
    assert clean_text("一是完善制度；三是加强检查。") == (
        "一是完善制度；二是加强检查。",
        ["序数“三是”改为“二是”"],
    )
    torn = "三是加强检查，四是定期通报。"  # a point torn from its run: its slot renumbers it
    assert clean_text(torn) == (torn, [])


def test_ordinal_runs_are_renumbered_in_order() -> None:
    texts, following, changes = renumber(["一是甲。三是乙。", "四是丙。"])
    assert texts == ["一是甲。二是乙。", "三是丙。"]
    assert following == 4
    assert changes == ["序数“三是”改为“二是”", "序数“四是”改为“三是”"]


# --- choosing -----------------------------------------------------------------------------------


def match(
    doc_id: str, seq: int, text: str, score: float, bureau: str, *, kind: str = "reply"
) -> ParagraphMatch:
    return ParagraphMatch(
        doc_id=doc_id,
        seq=seq,
        text=text,
        score=score,
        terms=["人才", "公寓", "算法"],
        spans=[],
        title=f"答复{doc_id}" if kind == "reply" else "浦东新区人工智能人才发展三年行动方案",
        kind=kind,
        bureau=bureau,
        role="body" if kind == "reply" else "policy",
    )


def found_for(
    *paragraphs: ParagraphMatch, policies: list[ParagraphMatch] | None = None
) -> ProposalMatches:
    return ProposalMatches(
        documents=[],
        suggestions=[SuggestionMatches("加强人工智能人才引进", list(paragraphs), policies or [])],
    )


def test_the_drafting_bureau_comes_first_then_its_district_then_the_rest() -> None:
    other = match("cn", 4, TALENT_BODY[1].replace("二是", ""), 44.0, CHANGNING)
    district = match(
        "pd2", 3, TALENT_BODY[2].replace("三是", ""), 42.0, "浦东新区人力资源和社会保障局"
    )
    own = match("pd1", 2, TALENT_BODY[0].replace("一是", ""), 40.0, PUDONG)
    plan = plan_reuse(found_for(other, district, own), profile=pudong_profile(), per_suggestion=2)
    assert [p.source.doc_id for p in plan.placed[0] if p.source] == ["pd1", "pd2"]
    assert [p.source.doc_id for p in plan.candidates[0] if p.source] == ["cn"]
    assert plan.candidates[0][0].reasons[0] == "本条已采用更契合的段落"
    # Without a profile the scores alone decide.
    plain = plan_reuse(found_for(other, district, own), per_suggestion=2)
    assert [p.source.doc_id for p in plain.placed[0] if p.source] == ["cn", "pd2"]


def test_below_the_fit_threshold_the_slot_stays_a_gap_with_candidates_kept() -> None:
    weak = match("pd1", 2, TALENT_BODY[0], 27.0, "某市商务局")
    plan = plan_reuse(found_for(weak), profile=pudong_profile())
    assert 0 not in plan.placed
    assert [p.source.doc_id for p in plan.candidates[0] if p.source] == ["pd1"]
    (kept,) = plan.candidates[0]
    assert kept.fit < REUSE_MIN_FIT and kept.reasons[0].startswith("契合度")
    assert matches_for_draft(found_for(weak), profile=pudong_profile()) == {}


def test_frame_and_policy_lines_never_fill_a_slot() -> None:
    opening = match(
        "x",
        1,
        "您提出的《关于加强人工智能人才引进的建议》收悉，现将办理情况答复如下：人才公寓",
        90.0,
        PUDONG,
    )
    overview = match(
        "x", 2, "收到提案后我委高度重视，会同区人社局研究人才公寓和算法工程师问题。", 90.0, PUDONG
    )
    overview.role = "overview"
    task = match(
        "x",
        3,
        "加强人工智能人才引进，完善人才公寓保障。（责任部门：区人才局、区科经委）",
        90.0,
        PUDONG,
    )
    plan = plan_reuse(found_for(opening, overview, task), profile=pudong_profile())
    assert plan.placed == {}


def test_thanks_for_the_suggestion_is_frame_where_the_index_gave_no_role() -> None:
    thanks = match(
        "x",
        9,
        "再次感谢您提出的宝贵建议，我委将继续推进人才公寓和算法工程师引进工作。",
        90.0,
        PUDONG,
    )
    thanks.role = ""  # a record indexed before roles, or a paragraph the index did not place
    assert plan_reuse(found_for(thanks), profile=pudong_profile()).placed == {}
    body = match("x", 2, TALENT_BODY[0].replace("一是", ""), 90.0, PUDONG)
    body.role = ""
    assert plan_reuse(found_for(body), profile=pudong_profile()).placed != {}


def test_paragraphs_of_one_source_keep_their_order_and_are_renumbered() -> None:
    third = match("pd1", 7, TALENT_BODY[2], 60.0, PUDONG)
    first = match("pd1", 5, TALENT_BODY[0], 50.0, PUDONG)
    plan = plan_reuse(found_for(third, first), profile=pudong_profile(), per_suggestion=2)
    placed = plan.placed[0]
    assert [p.source.seq for p in placed if p.source] == [5, 7]
    assert placed[0].text.startswith("一是") and placed[1].text.startswith("二是")
    assert placed[1].source is not None
    assert "序数“三是”改为“二是”" in placed[1].source.changes


def test_points_of_two_sources_in_one_slot_are_numbered_on() -> None:
    a = match("pd1", 5, TALENT_BODY[1], 60.0, PUDONG)  # 二是… of one reply
    b = match("pd2", 3, TALENT_BODY[0], 58.0, PUDONG)  # 一是… of another
    plan = plan_reuse(found_for(a, b), profile=pudong_profile(), per_suggestion=2)
    assert [p.text[:2] for p in plan.placed[0]] == ["一是", "二是"]
    assert [p.source.doc_id for p in plan.placed[0] if p.source] == ["pd1", "pd2"]


def test_another_districts_paragraph_is_placed_marked_with_a_note() -> None:
    changning = match(
        "cn", 4, "长宁区出台人工智能人才安居政策，我局为算法工程师提供人才公寓。", 60.0, CHANGNING
    )
    plan = plan_reuse(found_for(changning), profile=pudong_profile())
    (p,) = plan.placed[0]
    assert p.text.startswith(f"{MARK}长宁区】") and "我委为算法工程师" in p.text
    assert p.source is not None and p.source.notes and p.source.changes
    assert p.source.original == changning.text


def test_policies_are_cited_by_title_not_inserted() -> None:
    body = match("pd1", 2, TALENT_BODY[0], 50.0, PUDONG)
    policy = match(
        "pol",
        3,
        "加强人工智能人才引进。完善人才公寓保障。",
        45.0,
        "浦东新区人民政府办公室",
        kind="policy",
    )
    policy.title = "浦东新区人民政府办公室关于印发《浦东新区人工智能人才发展三年行动方案》的通知"
    plan = plan_reuse(found_for(body, policies=[policy]), profile=pudong_profile())
    assert [p.source.kind for p in plan.placed[0] if p.source] == ["reply"]
    assert [c.text for c in plan.citations[0]] == ["《浦东新区人工智能人才发展三年行动方案》"]
    # Another district's policy is no basis for a Changning reply; a file name is no title.
    assert (
        plan_reuse(found_for(body, policies=[policy]), profile=changning_profile()).citations == {}
    )
    policy.title = "003_947730b8572b960d.txt"
    assert policy_title(policy) == ""


def test_reuse_over_an_archive_places_bodies_of_the_right_bureau(corpus: Corpus) -> None:
    proposal = Parsed(
        kind=Kind.PROPOSAL,
        title="关于加强人工智能人才引进和培养的建议",
        suggestions=[
            "完善人才公寓等安居保障，加大算法工程师等人工智能人才引进力度",
            "加快农村饮水安全工程建设，改造老化供水管网",
            "规范电动自行车停放充电，加强小区消防安全管理",
        ],
    )
    found = corpus.searcher.for_proposal(proposal, exclude=[corpus.ids["pudong_a"]])
    own = matches_for_draft(found, profile=changning_profile())
    assert set(own) == {0, 1}, "nothing answers the e-bike suggestion: a gap"
    assert [p.source.doc_id for p in own[1] if p.source] == [corpus.ids["water"]]
    sources = [p.source for p in own[0] if p.source]
    assert sources and all(s.role == "body" for s in sources)
    assert all(s.doc_id == corpus.ids["changning"] for s in sources)
    assert MARK not in own[0][0].text, "its own district is not marked"
    # Drafted in Pudong, the same paragraph comes marked and speaks as the drafting bureau.
    pudong = matches_for_draft(found, profile=pudong_profile())
    text = pudong[0][0].text
    assert text.startswith(f"{MARK}长宁区】") and "我委会同高校" in text
    # With the Pudong reply in the archive, Pudong's own paragraphs come first.
    found_all = corpus.searcher.for_proposal(proposal)
    first = matches_for_draft(found_all, profile=pudong_profile())[0][0]
    assert first.source is not None and first.source.doc_id == corpus.ids["pudong_a"]


# --- provenance in draft files ------------------------------------------------------------------


def test_changes_and_notes_are_kept_in_the_draft_file_and_old_files_still_load(
    tmp_path: Path,
) -> None:
    source = Source("cn", "答复", bureau=CHANGNING, seq=4, role="body")
    source.changes = ["去掉 Markdown 标记（**）"]
    source.notes = ["段落写的是长宁区的情况，不是浦东新区的：请改写或删去后再用"]
    draft = Draft(sections=[DraftSection("答复", 1, [DraftParagraph("正文", source)])])
    path = tmp_path / "d.json"
    save_draft(draft, path)
    again = load_draft(path).sections[0].paragraphs[0].source
    assert again == source
    data = json.loads(path.read_text(encoding="utf-8"))
    for key in ("changes", "notes", "seq", "role"):
        del data["sections"][0]["paragraphs"][0]["source"][key]
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    old = load_draft(path).sections[0].paragraphs[0].source
    assert old is not None and old.changes == [] and old.notes == [] and old.seq == -1


# --- proofreading for reuse ---------------------------------------------------------------------


def rules_of(paragraphs: list[str], ctx: CheckContext) -> list[tuple[str, int, str]]:
    return [
        (f.rule, f.paragraph, paragraphs[f.paragraph][f.start : f.end])
        for f in check_paragraphs(paragraphs, ctx)
        if f.rule.startswith("reuse.")
    ]


def reply_paragraphs(salutation: str, body: list[str]) -> list[str]:
    return [
        "对浦东新区政协七届四次会议第101号提案的答复",
        f"{salutation}：",
        "你们提出的《关于加强人工智能人才引进和培养的建议》提案（第101号）收悉，经研究，"
        "现将办理情况答复如下：",
        *body,
        "再次感谢你们的宝贵建议。",
    ]


def proposal_101(*proposers: str) -> Parsed:
    return Parsed(
        kind=Kind.PROPOSAL,
        title="关于加强人工智能人才引进和培养的建议",
        proposal_number="101",
        proposers=list(proposers),
    )


def test_the_proofreader_flags_marks_other_districts_and_repeated_paragraphs() -> None:
    marked = f"{MARK}长宁区】出台人才安居政策，为算法工程师提供人才公寓。"
    other = "嘉定区出台人工智能人才专项政策，给予人才公寓租金补贴，累计发放三千余万元。"
    paragraphs = reply_paragraphs("张某委员", [marked, other, TALENT_BODY[0], TALENT_BODY[0]])
    ctx = CheckContext(profile=pudong_profile(), proposal=proposal_101("张某"))
    found = rules_of(paragraphs, ctx)
    assert ("reuse.marked", 3, f"{MARK}长宁区】") in found
    assert ("reuse.foreign-place", 4, "嘉定区") in found
    assert ("reuse.duplicate", 6, TALENT_BODY[0]) in found
    assert not any(rule == "reuse.foreign-place" and p == 3 for rule, p, _ in found)
    marks = [f for f in check_paragraphs(paragraphs, ctx) if f.rule == "reuse.marked"]
    assert [f.severity for f in marks] == ["error"]
    # The bureau's own district is no finding; without a profile no district is foreign.
    own = reply_paragraphs("张某委员", ["浦东新区出台人工智能人才专项政策，给予人才公寓租金补贴。"])
    assert rules_of(own, ctx) == []
    assert not any(r == "reuse.foreign-place" for r, _, _ in rules_of(paragraphs, CheckContext()))


def test_the_proofreader_flags_another_proposals_paragraphs() -> None:
    paragraphs = reply_paragraphs(
        "张某委员",
        [
            "您提出的《关于优化营商环境的建议》收悉，现将办理情况答复如下：",
            "针对第57号提案提出的人才公寓问题，我委会同区人社局研究了租金补贴办法。",
            "关于《关于推进农村饮水安全的提案》中提出的水质检测问题，已转交水务部门。",
            TALENT_BODY[1],
        ],
    )
    found = rules_of(paragraphs, CheckContext(proposal=proposal_101("张某")))
    assert ("reuse.other-proposal", 3, "收悉") in found
    assert ("reuse.other-proposal", 4, "第57号提案") in found
    assert ("reuse.other-proposal", 5, "《关于推进农村饮水安全的提案》") in found
    assert ("reuse.double-guanyu", 5, "关于《关于") in found
    assert not any(p in (2, 6) for _, p, _ in found), "the opening and a plain body are fine"


def test_double_guanyu_is_fixed_by_dropping_the_outer_word() -> None:
    text = "民建长宁区委提出的关于“关于促进人工智能产业发展的建议”的提案收悉。"
    (finding,) = [f for f in check_paragraphs([text]) if f.rule == "reuse.double-guanyu"]
    fixed, _ = apply_fixes([text], [finding], {"reuse.double-guanyu"})
    assert fixed == ["民建长宁区委提出的“关于促进人工智能产业发展的建议”的提案收悉。"]


def test_a_salutation_that_cuts_the_proposing_organisation_short_is_flagged() -> None:
    ctx = CheckContext(proposal=proposal_101("民建长宁区委"))
    found = [
        f
        for f in check_paragraphs(reply_paragraphs("民建", [TALENT_BODY[0]]), ctx)
        if f.rule == "reuse.salutation"
    ]
    assert len(found) == 1 and "民建长宁区委" in found[0].message
    assert found[0].fix is not None and found[0].fix.replacement == "民建长宁区委"
    for fine in ("民建长宁区委", "上海市民建长宁区委"):
        assert not any(
            f.rule == "reuse.salutation"
            for f in check_paragraphs(reply_paragraphs(fine, [TALENT_BODY[0]]), ctx)
        )
    people = CheckContext(proposal=proposal_101("张某", "李某"))
    assert not any(
        f.rule == "reuse.salutation"
        for f in check_paragraphs(reply_paragraphs("张某、李某委员", [TALENT_BODY[0]]), people)
    )


def test_policy_passages_carry_the_title_they_are_cited_by(corpus: Corpus) -> None:
    found = corpus.searcher.policy_passages("完善人才公寓保障，对算法工程师给予租金补贴")
    assert found and {p.title for p in found} == {"浦东新区人工智能人才发展三年行动方案"}


def test_without_a_profile_the_signature_says_which_district_is_the_bureaus_own() -> None:
    paragraphs = [
        *reply_paragraphs(
            "张某委员", ["长宁区出台人工智能人才专项政策，临港新片区给予人才公寓租金补贴。"]
        ),
        PUDONG,
        "2025年5月7日",
    ]
    found = rules_of(paragraphs, CheckContext())
    assert [(r, text) for r, _, text in found] == [("reuse.foreign-place", "长宁区")]
    # A reused paragraph naming the bureau it came from is flagged by that name too.
    body = "长宁区科学技术委员会会同高校共建人工智能人才实训基地，开展算法工程师培训。"
    sources: list[Source | None] = [None] * 3 + [Source("cn", "答复", bureau=CHANGNING)] + [None]
    named = rules_of(
        reply_paragraphs("张某委员", [body]),
        CheckContext(profile=pudong_profile(), sources=sources),
    )
    assert ("reuse.foreign-place", 3, CHANGNING) in named


def test_replydraft_draft_adapts_reuse_to_the_bureau_drafting(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from replydraft.cli import main

    proposal = tmp_path / "proposal.txt"
    proposal.write_text(
        "\n\n".join(
            [
                "关于加快人工智能产业发展的提案",
                "提案人：民建长宁区委",
                "建议：",
                "一、加大人工智能人才引进和培养力度，完善人才公寓等安居保障",
                "二、发挥政府引导基金作用，支持人工智能企业创新发展",
            ]
        ),
        encoding="utf-8",
    )
    out = tmp_path / "draft.json"
    assert main(["draft", str(proposal), "--bureau", "changning-kw", "-o", str(out)]) == 0
    draft = load_draft(out)
    reused = [p for s in draft.all_sections() for p in s.paragraphs if p.source]
    assert reused, capsys.readouterr().out
    for p in reused:
        assert p.source is not None and p.source.role == "body"
        assert foreign_places(p.text, "长宁区", ["浦东新区"]) == [], p.text[:40]
        if MARK in p.text:
            assert p.source.notes, "a mark comes with a note"
        assert "**" not in p.text
    marked = any(MARK in p.text for p in reused)
    capsys.readouterr()
    code = main(["check", str(out), "--json"])
    rules = {f["rule"] for f in json.loads(capsys.readouterr().out)["findings"]}
    assert ("reuse.marked" in rules) == marked
    assert code == 1  # gaps and marks are errors in a draft


def test_the_proposals_own_names_and_a_co_handling_opinions_addressee_are_no_findings() -> None:
    proposal = proposal_101("民建浦东新区委")
    paragraphs = reply_paragraphs(
        "民建浦东新区委", ["民建浦东新区委提出的建议很有针对性，长宁区将认真研究人才公寓政策。"]
    )
    found = rules_of(paragraphs, CheckContext(profile=changning_profile(), proposal=proposal))
    assert found == []
    # The same text drafted in 嘉定 still names 长宁区, which is no proposer's name.
    jiading = BureauProfile(id="jd", name="上海市嘉定区科学技术委员会")
    elsewhere = rules_of(paragraphs, CheckContext(profile=jiading, proposal=proposal))
    assert elsewhere == [("reuse.foreign-place", 3, "长宁区")]
    co = Parsed(kind=Kind.PROPOSAL, proposers=["吴佳桢", "白雪"], lead_unit="区人社局")
    opinion = reply_paragraphs("区人社局", [TALENT_BODY[0]])
    assert not any(
        r == "reuse.salutation" for r, _, _ in rules_of(opinion, CheckContext(proposal=co))
    )


def test_a_picked_paragraph_is_made_fit_as_the_drafts_own_reuse() -> None:
    """The side panel's insert and the draft's reuse share one function: the same paragraph
    comes out the same, adapted, marked and with its changes recorded."""
    raw = "三是**我局**在长宁区举办人工智能人才招聘活动,帮助企业引进急需紧缺的人工智能人才。"
    found = match("cn", 5, raw, 50.0, CHANGNING)
    (placed,) = plan_reuse(found_for(found), profile=pudong_profile()).placed[0]
    picked = Source("cn", "对长宁区第12号提案的答复", "reply", CHANGNING, seq=5)
    taken = take_paragraph(raw, picked, pudong_profile())
    # The draft numbers its slot's points from 一是; a pick keeps its own (the officer places it).
    assert placed.text.startswith("一是") and taken.text.startswith("三是")
    assert taken.text[2:] == placed.text[2:]
    assert "【核实：长宁区】" in taken.text and "我委" in taken.text and "**" not in taken.text
    assert taken.source is not None and placed.source is not None
    renumbered = "序数“三是”改为“一是”"
    assert taken.source.changes == [c for c in placed.source.changes if c != renumbered]
    assert taken.source.notes == placed.source.notes != []
    assert taken.source.original == raw and picked.changes == []  # the pick is not altered
    # Without a bureau to adapt to, it is only cleaned.
    plain = take_paragraph(raw, picked, None)
    assert MARK not in plain.text and "我局" in plain.text and "，" in plain.text
    # A policy passage is cleaned, never re-addressed: its 我市 is the issuing city.
    policy = Source("p", "某行动方案", "policy", "上海市人民政府")
    cited = take_paragraph(
        "我市将加强人才公寓保障,对算法工程师给予补贴。", policy, pudong_profile()
    )
    assert cited.text == "我市将加强人才公寓保障，对算法工程师给予补贴。"


def test_a_paragraph_goes_to_the_suggestion_it_fits_best() -> None:
    """Found for two suggestions, a paragraph is placed under the one it fits better, even
    when the other comes first; the first says where it went."""
    both = TALENT_BODY[2].replace("三是", "")
    weaker = match("pd1", 7, both, 40.0, PUDONG)
    stronger = match("pd1", 7, both, 70.0, PUDONG)
    other = match("pd2", 2, TALENT_BODY[1].replace("二是", ""), 38.0, PUDONG)
    found = ProposalMatches(
        documents=[],
        suggestions=[
            SuggestionMatches("建设人工智能人才实训基地", [weaker, other], []),
            SuggestionMatches("举办人工智能人才招聘活动", [stronger], []),
        ],
    )
    plan = plan_reuse(found, profile=pudong_profile(), per_suggestion=1)
    assert [p.source.doc_id for p in plan.placed[1] if p.source] == ["pd1"]
    assert [p.source.doc_id for p in plan.placed[0] if p.source] == ["pd2"]
    (offered,) = plan.candidates[0]
    assert offered.source is not None and offered.source.doc_id == "pd1"
    assert offered.reasons[0].startswith("已用于第2条建议")


def test_a_sources_bureau_and_place_named_without_its_district_are_marked() -> None:
    """区水利局 and 全区 in a 渌口区 reply are 渌口区's: marked for a bureau elsewhere, like
    我区 (安全区域 is no place)."""
    text = (
        "区水利局每年委托第三方水质检测单位对全区39处农村饮水工程做到检测全覆盖，划定水源安全区域。"
    )
    for drafting in (
        Drafting.of(pudong_profile()),
        Drafting(name="池州市贵池区水利局", self_reference="我局", district="贵池区"),
    ):
        adapted, _, notes = adapt(text, "株洲市渌口区水利局", drafting)
        assert adapted.startswith(f"{MARK}区水利局】每年委托"), adapted
        assert f"{MARK}全区（原指渌口区）】39处" in adapted
        assert "水源安全区域" in adapted and notes
    # The bureau's own reply is its own: nothing to mark.
    own = Drafting(name="株洲市渌口区水利局", self_reference="我局", district="渌口区")
    assert adapt(text, "株洲市渌口区水利局", own)[0] == text


def test_the_sources_own_county_is_marked_by_its_short_name_too() -> None:
    """A county's reply says 紫阳 as often as 紫阳县; the national table counts a county's
    short name only beside its city, but the source's own county is known."""
    text = "我局先后聘请旅游规划公司对紫阳重点旅游区进行整体策划。"
    own = Drafting(
        name="上海市浦东新区文化体育和旅游局", self_reference="我局", district="浦东新区"
    )
    adapted, _, notes = adapt(text, "紫阳县文化和旅游局", own)
    assert f"{MARK}紫阳】重点旅游区" in adapted
    assert notes
    # The drafting county's own short name stays unmarked.
    home = Drafting(name="紫阳县文化和旅游局", self_reference="我局", district="紫阳县")
    assert adapt(text, "紫阳县文化和旅游局", home)[0] == text


def test_a_paragraph_cut_short_in_its_source_is_not_reused() -> None:
    """Scraped replies stop mid-sentence ("……标准化管理。为加强农村饮"): such a tail is no
    paragraph to sign; the same text whole is."""
    whole = (
        "明晰工程产权、落实管护主体，推进农村供水工程标准化管理，全区供水工程全部落实管护责任人。"
    )
    cut = "明晰工程产权、落实管护主体，推进农村供水工程标准化管理。为加强农村饮"
    plan = plan_reuse(found_for(match("w1", 3, cut, 60.0, PUDONG)), profile=pudong_profile())
    assert 0 not in plan.placed
    plan = plan_reuse(found_for(match("w1", 3, whole, 60.0, PUDONG)), profile=pudong_profile())
    assert [p.text for p in plan.placed[0]] == [whole]


def test_a_long_paragraph_cut_off_mid_sentence_loses_only_its_unfinished_tail() -> None:
    """A mirror's excerpt stops in the middle of its last sentence ("……规模化、因地"): the
    complete sentences before it are worth reusing, the half sentence is not, and the
    provenance says what was dropped."""
    whole = (
        "为推动农村供水高质量发展，让群众从“有水喝”到能“喝上好水”，我局按照农村供水标准化"
        "建设和管护模式，优先推进城乡供水一体化，全区农村自来水普及率已达到百分之九十九。"
    )
    plan = plan_reuse(
        found_for(match("w1", 3, whole + "大力推进集中供水规模化、因地", 60.0, PUDONG)),
        profile=pudong_profile(),
    )
    (placed,) = plan.placed[0]
    assert placed.text == whole
    assert placed.source is not None
    assert "去掉原文末尾不完整的半句“大力推进集中供水规模化、因地”" in placed.source.changes
    assert clean_text(whole) == (whole, [])  # a finished paragraph keeps all of it
    # Cut off before its first sentence ended: a fragment, not reused at all.
    fragment = whole.replace("。", "") + "，大力推进集中供水规模化、因地"
    assert 0 not in plan_reuse(found_for(match("w1", 3, fragment, 60.0, PUDONG))).placed


def test_paragraphs_of_the_replies_fitting_the_whole_proposal_are_placed_first() -> None:
    """A reply like the whole proposal (ProposalMatches.first) outranks a paragraph of
    another reply that scores higher against the suggestion's words; the side panel says
    why that one waits."""
    answer = match("fit", 5, TALENT_BODY[0].replace("一是", ""), 40.0, CHANGNING)
    stray = match("other", 2, TALENT_BODY[2].replace("三是", ""), 70.0, CHANGNING)

    def doc(doc_id: str, score: float) -> Match:
        return Match(doc_id, f"答复{doc_id}", "reply", CHANGNING, "", score, 1)

    found = ProposalMatches(
        documents=[doc("fit", 60.0), doc("other", 25.0)],
        suggestions=[SuggestionMatches("加强人工智能人才引进", [stray, answer], [])],
        first=["fit"],
    )
    plan = plan_reuse(found, profile=pudong_profile(), per_suggestion=1)
    assert [p.source.doc_id for p in plan.placed[0] if p.source] == ["fit"]
    (waiting,) = plan.candidates[0]
    assert waiting.source is not None and waiting.source.doc_id == "other"
    assert waiting.fit > 40.0 + 0.5 * (60.0 - 20.0)  # the answer's fit: score + doc bonus
    assert waiting.reasons[0] == "本条已采用与整件提案最相近的答复中的段落"
    # Without it (a proposal no reply fits), fit alone decides.
    found.first = []
    plan = plan_reuse(found, profile=pudong_profile(), per_suggestion=1)
    assert [p.source.doc_id for p in plan.placed[0] if p.source] == ["other"]


def test_one_shared_term_will_do_only_in_a_reply_that_fits_the_whole_proposal_best() -> None:
    """A reply scoring 25 against the proposal beside one scoring 44 is not vouched for by
    the proposal: its paragraph sharing only 农村 with 确保农村饮水安全得到保障 stays out."""
    text = WATER_TEXT.split("\n\n")[7]
    one = match("w2", 4, text, 40.0, "某县水务局")
    one.terms = ["农村"]

    def doc(doc_id: str, score: float) -> Match:
        return Match(doc_id, f"答复{doc_id}", "reply", "某县水务局", "", score, 1)

    found = ProposalMatches(
        documents=[doc("w1", 44.0), doc("w2", 25.0)],
        suggestions=[SuggestionMatches("确保农村饮水安全得到保障", [one], [])],
        first=["w1"],
    )
    assert 0 not in plan_reuse(found, profile=pudong_profile()).placed
    found.first = ["w1", "w2"]
    assert [
        p.source.doc_id for p in plan_reuse(found, profile=pudong_profile()).placed[0] if p.source
    ] == ["w2"]
