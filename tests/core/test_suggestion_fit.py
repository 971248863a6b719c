"""Paragraphs that answer the suggestion they sit under (issue 12's fitting floor).

Two weaknesses of per-suggestion search, on small archives written here:

- in an archive where the subject word (人才) is in every reply it weighs little, and a
  paragraph sharing a suggestion's verbs (加快…解决…难题) outranked the one on its subject
  (人才公寓);
- a paragraph of a reply on another subject that repeats a suggestion's words outranked the
  answer in the reply that fits the whole proposal.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from replydraft.archive import Archive
from replydraft.importer import import_paths
from replydraft.index import SearchIndex
from replydraft.profiles import BureauProfile
from replydraft.records import Kind, Parsed
from replydraft.reuse import plan_reuse
from replydraft.search import Searcher
from replydraft.tokenize import Tokenizer


def reply(bureau: str, place: str, number: str, title: str, body: list[str]) -> str:
    return "\n\n".join(
        [
            f"对{place}政协第七届四次会议第{number}号提案的答复",
            "王某委员：",
            f"您提出的《{title}》提案（第{number}号）收悉，经研究，现将办理情况答复如下：",
            "一、对本提案的办理概述",
            "收到您的提案后，我委高度重视，认真研究，并与您电话沟通。",
            "二、对提案建议的答复",
            *body,
            "再次感谢您的宝贵建议，希望继续得到您的关心和支持。",
            bureau,
            "2025年5月7日",
        ]
    )


HOUSING_BODY = [
    "一是多渠道筹集人才公寓房源。新区累计筹措人才公寓房源一万二千套，青年人才可按市场租金的"
    "七折承租，首年租金再减半。",
    "二是落实人才子女入学保障。为符合条件的高层次人才子女协调就近入学，去年共安排人才子女入学"
    "三百余人。",
    "三是提供人才医疗绿色通道。在三家三甲医院开设人才就医绿色通道，为高层次人才提供预约挂号和"
    "专家门诊服务。",
]
# Every reply is on talent (人才); one paragraph shares a suggestion's verbs and 难题 only.
RECRUIT_STRAY = (
    "一是加快建设人才招聘服务平台，着力解决企业招工难题，切实提升招聘对接效率，全年举办人才"
    "招聘会八十场。"
)
TALENT_REPLIES = {
    "housing": reply(
        "上海市浦东新区人才工作局",
        "浦东新区",
        "101",
        "关于完善青年人才安居保障的建议",
        HOUSING_BODY,
    ),
    "recruit": reply(
        "上海市闵行区人力资源和社会保障局",
        "闵行区",
        "102",
        "关于加大高校毕业生人才招引力度的建议",
        [
            RECRUIT_STRAY,
            "二是开展人才技能培训。联合职业院校开展人才技能培训，全年培训技能人才一万人次，"
            "发放培训补贴。",
        ],
    ),
    "train": reply(
        "上海市浦东新区科技和经济委员会",
        "浦东新区",
        "103",
        "关于加强科技人才培养的建议",
        [
            "一是实施科技人才培养计划。支持企业与高校联合培养科技人才，对入选的科技人才给予"
            "项目资助。",
            "二是建设人才创新平台。依托新型研发机构建设人才创新平台，吸引科技人才在新区创新创业。",
        ],
    ),
    "startup": reply(
        "上海市浦东新区科技和经济委员会",
        "浦东新区",
        "104",
        "关于支持人才创业的建议",
        [
            "一是设立人才创业基金。新区设立人才创业引导基金，对人才创办的初创企业给予股权投资。",
            "二是提供人才创业场地。在张江建设人才创业园区，为人才创业团队提供三年免租办公场地。",
        ],
    ),
}
HOUSING_PROPOSAL = Parsed(
    kind=Kind.PROPOSAL,
    title="关于加强青年人才安居保障的建议",
    suggestions=[
        "加快人才公寓建设，解决青年人才住房难题",
        "做好人才子女入学保障",
        "开通人才就医绿色通道",
    ],
)
HOUSING_BUREAU = BureauProfile(id="pd", name="上海市浦东新区人才工作局", self_reference="我局")


@dataclass
class Built:
    searcher: Searcher
    ids: dict[str, str]  # name -> record id

    def name(self, doc_id: str) -> str:
        return next(k for k, v in self.ids.items() if v == doc_id)


def build(folder: Path, texts: dict[str, str]) -> Iterator[Built]:
    folder.mkdir()
    paths = []
    for name, text in texts.items():
        path = folder / f"{name}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    tokenizer = Tokenizer()
    archive = Archive(":memory:")
    import_paths(archive, paths, tokenizer=tokenizer, workers=1)
    index = SearchIndex(None)
    index.sync(archive)
    ids = {Path(r.source).stem: r.id for r in archive.list()}
    yield Built(Searcher(archive, index, tokenizer), ids)
    index.close()
    archive.close()


@pytest.fixture(scope="module")
def talent(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Built]:
    yield from build(tmp_path_factory.mktemp("fit") / "talent", TALENT_REPLIES)


def test_the_subject_outweighs_a_suggestions_verbs_where_every_reply_shares_the_subject_word(
    talent: Built,
) -> None:
    found = talent.searcher.for_proposal(HOUSING_PROPOSAL)
    housing = found.suggestions[0].paragraphs
    assert talent.name(housing[0].doc_id) == "housing" and "人才公寓" in housing[0].text
    stray = [m for m in housing if m.text.startswith(RECRUIT_STRAY[:10])]
    assert all(m.score < housing[0].score / 2 for m in stray), "verbs are not a subject"
    plan = plan_reuse(found, profile=HOUSING_BUREAU)
    placed = {i: [p.text for p in ps] for i, ps in plan.placed.items()}
    assert len(placed[0]) == 1 and "人才公寓" in placed[0][0], placed[0]
    assert "子女入学" in placed[1][0] and "绿色通道" in placed[2][0]
    offered = [c.text for c in plan.candidates.get(0, [])]
    assert all("招聘服务平台" not in t for t in placed[0]), offered


# A reply on an industrial park repeats the suggestion's words in passing; the reply that fits
# the whole proposal (elderly care at home) holds the answer in other words.
ELDERCARE_BODY = [
    "一是建设社区嵌入式养老服务站点。全区新建社区养老服务站十五个，为居家老年人就近提供日间"
    "照料、助餐和康复护理服务，养老服务站覆盖所有街道。",
    "二是发展老年助餐服务。依托社区食堂和养老服务站开设老年助餐点四十个，对高龄和困难老年人"
    "给予助餐补贴，每天服务老年人三千余人次。",
    "三是培育养老护理人员队伍。联合职业院校开展养老护理员培训，为居家老年人上门提供康复护理"
    "的护理员达到六百人。",
]
PARK_STRAY = (
    "园区加快完善配套设施，新建园区职工食堂和便利店，推进园区社区服务站建设，并在服务站内设置"
    "职工休息室，解决园区职工就餐难问题。"
)
CARE_REPLIES = {
    "eldercare": reply(
        "某区民政局",
        "某区",
        "201",
        "关于加强社区居家养老服务的建议",
        ELDERCARE_BODY,
    ),
    "park": reply(
        "某区经济和信息化局",
        "某区",
        "202",
        "关于优化产业园区营商环境的建议",
        [
            "一是落实园区企业扶持政策。对入驻园区的高新技术企业给予房租补贴和研发费用补助，"
            "全年兑现扶持资金八千万元。",
            PARK_STRAY,
            "三是提升园区审批服务效率。在园区设立企业服务中心，推行项目审批代办制，企业开办"
            "时间压缩至一个工作日。",
        ],
    ),
}
CARE_PROPOSAL = Parsed(
    kind=Kind.PROPOSAL,
    title="关于加强社区居家养老服务的建议",
    preamble=[
        "我区老年人口持续增长，居家老年人对日间照料、助餐和康复护理的需求日益迫切，社区养老"
        "服务设施和养老护理人员仍然不足。",
    ],
    suggestions=[
        "推进社区服务站建设，解决居家老年人就餐难问题",
        "培育养老护理人员队伍，为居家老年人提供上门康复护理",
    ],
)


@pytest.fixture(scope="module")
def care(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Built]:
    yield from build(tmp_path_factory.mktemp("fit") / "care", CARE_REPLIES)


def test_paragraphs_come_from_the_reply_that_fits_the_whole_proposal_first(care: Built) -> None:
    searcher = care.searcher
    found = searcher.for_proposal(CARE_PROPOSAL)
    fitting = care.ids["eldercare"]
    assert found.documents[0].id == fitting
    # The park's reply scores 20 and more against the proposal too (their common words), but
    # far below the eldercare reply: it is not among those searched first.
    assert [d.id for d in found.documents] == [fitting, care.ids["park"]]
    assert found.first == [fitting]
    # On words alone the park's paragraph fits the first suggestion better ...
    alone = searcher.search_paragraphs(
        CARE_PROPOSAL.suggestions[0], kind=Kind.REPLY, roles=["body"], top=3
    )
    assert care.name(alone[0].doc_id) == "park"
    # ... but the reply that fits the whole proposal is searched first, and reuse ranks its
    # paragraphs first: each suggestion opens with the eldercare reply's answer.
    for s in found.suggestions:
        assert s.paragraphs[0].doc_id == fitting, s.suggestion
    plan = plan_reuse(found, profile=BureauProfile(id="mz", name="某区民政局"))
    for i in range(len(CARE_PROPOSAL.suggestions)):
        first = plan.placed[i][0]
        assert first.source is not None and first.source.doc_id == fitting, i
    assert "助餐" in plan.placed[0][0].text and "护理" in plan.placed[1][0].text
    # The park's paragraph, where it is placed at all, stands below the answer.
    for ps in plan.placed.values():
        sources = [p.source.doc_id for p in ps if p.source]
        assert sources.index(fitting) == 0
