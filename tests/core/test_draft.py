"""Drafting: the pre-filled reply reproduces the skeleton of the published seed replies,
each kind addresses the right people, reused paragraphs keep their source, files round-trip."""

from __future__ import annotations

import copy
import json
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest

from replydraft import paths
from replydraft.draft import (
    DRAFT_FILE_FORMAT,
    DraftFileError,
    build_draft,
    choose_kind,
    load_draft,
    save_draft,
)
from replydraft.numbering import match_heading
from replydraft.profiles import ProfileStore
from replydraft.records import (
    DRAFT_FORMAT_VERSION,
    Draft,
    DraftParagraph,
    DraftSection,
    Kind,
    Parsed,
    Source,
)
from replydraft.templates import TODO_OPEN, TemplateStore
from tests.seedfiles import (
    SEED_REPLY_CHANGNING_035,
    SEED_REPLY_PUDONG_057,
    SEED_REPLY_PUDONG_195,
)


def norm(text: str) -> str:
    """Text as printed, compared: full/half-width punctuation alike, no whitespace."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def lines_of(path: Path) -> list[str]:
    return [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]


def joined(lines: list[str], start: str, end: str) -> str:
    """The sentence that begins on the line starting with `start` and ends with `end`,
    across the hard line breaks of PDF-extracted text."""
    for i, line in enumerate(lines):
        if norm(line).startswith(norm(start)):
            out = ""
            for part in lines[i:]:
                out += part
                if norm(part).endswith(norm(end)):
                    return out
    raise AssertionError(f"no line starts with {start!r}")


def level_one_headings(lines: list[str]) -> list[str]:
    out = []
    for line in lines:
        heading = match_heading(line)
        if heading is not None and heading.level == 1 and heading.text:
            out.append(heading.text)
    return out


def level_two_headings(lines: list[str]) -> list[str]:
    out = []
    for line in lines:
        heading = match_heading(line)
        if heading is not None and heading.level == 2:
            out.append(heading.text)
    return out


@pytest.fixture(scope="module")
def templates(tmp_path_factory: pytest.TempPathFactory) -> TemplateStore:
    # An empty user folder: these tests are about the built-ins.
    return TemplateStore(paths.templates_dir(), tmp_path_factory.mktemp("user-templates"))


@pytest.fixture(scope="module")
def profiles(tmp_path_factory: pytest.TempPathFactory) -> ProfileStore:
    return ProfileStore(paths.templates_dir() / "profiles", tmp_path_factory.mktemp("user"))


# --- The seeds: facts in, published skeleton out ---------------------------------------------


@dataclass
class SeedCase:
    path: Path
    profile: str
    today: date
    proposal: Parsed
    kind: str | None = None  # None: let choose_kind decide
    answer_headings: list[str] = field(default_factory=list)


def seed_case(path: Path) -> SeedCase:
    """The facts a proposal would give for each seed reply (its number, session, title,
    proposers, co-handling units), and its topics as the proposal's suggestions."""
    lines = lines_of(path)
    if path == SEED_REPLY_PUDONG_195:
        topics = level_two_headings(lines)
        proposal = Parsed(
            kind=Kind.PROPOSAL,
            title="关于打造浦东新区成为人工智能技术创业和产业发展高地的建议",
            session="浦东新区政协七届四次会议",
            proposal_number="195",
            proposers=["吴佳桢", "白雪"],
            lead_unit="区科经委",
            co_units=["区委组织部"],
            suggestions=topics,
        )
        # Addressed to the lead proposer (您和白雪委员), not to both: the officer picks
        # the member kind although choose_kind would say members.
        return SeedCase(path, "pudong-kjw", date(2025, 4, 21), proposal, "member", topics)
    if path == SEED_REPLY_PUDONG_057:
        topics = level_two_headings(lines)
        proposal = Parsed(
            kind=Kind.PROPOSAL,
            title="关于促进AIGC产业高质量发展助推浦东国际消费中心建设的建议",
            session="浦东新区政协七届四次会议",
            proposal_number="057",
            proposers=["浦东新区工商联"],
            lead_unit="区科经委",
            co_units=["区委组织部", "区数据局"],
            suggestions=topics,
        )
        return SeedCase(path, "pudong-kjw", date(2025, 5, 7), proposal, None, topics)
    topics = level_one_headings(lines)[:4]  # 一、…四、; 五、 is 下一步工作思考
    proposal = Parsed(
        kind=Kind.PROPOSAL,
        title="关于进一步促进人工智能产业高质量发展，做大做强人工智能产业的建议",
        session="长宁区政协第十五届三次会议",
        proposal_number="035",
        proposers=["民建长宁区委"],
        suggestions=topics,
    )
    return SeedCase(path, "changning-kw", date(2024, 4, 30), proposal, None, topics)


SEEDS = [SEED_REPLY_PUDONG_195, SEED_REPLY_PUDONG_057, SEED_REPLY_CHANGNING_035]


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name[:3])
def test_draft_reproduces_the_published_skeleton(
    path: Path, templates: TemplateStore, profiles: ProfileStore
) -> None:
    case = seed_case(path)
    assert len(case.answer_headings) >= 2, "the seed's topics were not found"
    lines = lines_of(path)
    profile = profiles.load(case.profile)
    draft = build_draft(case.proposal, profile, templates, kind=case.kind, today=case.today)

    assert norm(draft.title) == norm(joined(lines, draft.title[:6], "答复"))
    assert any(norm(line).rstrip(":") == norm(draft.salutation) for line in lines)
    # Seed 002 printed 关于“关于…”, a doubled 关于 the proofreader flags: the draft has one.
    published_opening = joined(lines, draft.opening[:9], "如下：").replace("关于“关于", "“关于")
    assert norm(draft.opening) == norm(published_opening)

    body = [s for s in draft.sections if s.level == 1]
    published = level_one_headings(lines) + [
        # 000 lost a numeral: "、对提案建议的答复" is still a heading.
        h.text
        for line in lines
        if (h := match_heading(line)) is not None and h.number is None
    ]
    for section in body:
        if not section.suggestion:
            assert section.heading in published, f"{section.heading} is not in the seed"
    # Every suggestion has its section, headed by a gist of the published heading.
    answers = [s for s in draft.all_sections() if s.suggestion]
    assert len(answers) == len(case.answer_headings)
    for section, heading in zip(answers, case.answer_headings, strict=True):
        assert norm(heading).startswith(norm(section.heading))
        assert section.paragraphs[0].text.startswith(TODO_OPEN)

    thanks = draft.closing[-1]
    if profile.id == "pudong-kjw":
        assert [s.heading for s in body] == ["对本提案的办理概述", "对提案建议的答复"]
        assert norm(thanks) in {norm(line) for line in lines}
        assert draft.closing[0].startswith("下一步，")
        assert any(line.startswith("下一步") for line in lines)
        overview = draft.sections[0].paragraphs[0].text.split(TODO_OPEN)[0]
        assert overview.endswith("认真研究，")
        assert any(norm(line).startswith(norm(overview)) for line in lines)
    else:
        assert body[-1].heading == "下一步工作思考" == level_one_headings(lines)[-1]
        assert len(body) == len(level_one_headings(lines))
        assert joined(lines, "最后", "。").startswith(thanks.split(TODO_OPEN)[0])
        assert draft.notes == ["（此件公开发布）"]
        assert any(f"签发人：{draft.header.signer}" in line for line in lines)

    assert draft.signature in lines
    text = norm("".join(lines))
    for value in (draft.contact.name, draft.contact.phone, draft.contact.postcode):
        assert value and norm(value) in text
    assert norm(draft.contact.address) in text
    assert draft.date == case.today.isoformat()


def test_pudong_057_gets_the_published_header_and_printing_note(
    templates: TemplateStore, profiles: ProfileStore
) -> None:
    case = seed_case(SEED_REPLY_PUDONG_057)
    draft = build_draft(case.proposal, profiles.load("pudong-kjw"), templates, today=case.today)
    lines = lines_of(SEED_REPLY_PUDONG_057)
    assert draft.template == "organisation" and draft.bureau == "pudong-kjw"
    # 浦科经委办理（2025）61号 in the seed: same pattern, the number left to fill in.
    assert draft.header.doc_number == "浦科经委办理〔2025〕【待填写：编号】号"
    assert f"公开属性：{draft.header.disclosure}" in lines
    assert f"抄送：{'、'.join(draft.cc)}" in lines
    assert draft.print_office in lines
    # Decided per reply, not invented: a gap naming the bureau's labels.
    assert draft.header.result.startswith("【待填写：办理结果")
    assert "因条件限制暂时不能解决" in draft.header.result


# --- Each kind addresses the right people ----------------------------------------------------

PROFILE_ID = "pudong-kjw"


def proposal(**changes: object) -> Parsed:
    base = Parsed(
        kind=Kind.PROPOSAL,
        title="关于加快示范区建设的建议",
        session="浦东新区政协七届四次会议",
        proposal_number="101",
        proposers=["赵明"],
        lead_unit="区科经委",
        suggestions=["建议加快规划编制。", "建议完善配套政策。"],
    )
    for key, value in changes.items():
        setattr(base, key, value)
    return base


def all_text(draft: Draft) -> str:
    parts = [draft.title, draft.salutation, draft.opening, *draft.closing]
    parts += [p.text for p in draft.preamble]
    for s in draft.all_sections():
        parts.append(s.heading)
        parts.extend(p.text for p in s.paragraphs)
    return "\n".join(parts)


@pytest.mark.parametrize(
    ("proposers", "kind", "salutation", "opening", "pronoun"),
    [
        (["赵明"], "member", "赵明委员", "您提出的《", "您"),
        (["赵明委员", "钱红"], "members", "赵明、钱红委员", "你们提出的《", "你们"),
        (["张朝琴等5人"], "members", "张朝琴等委员", "你们提出的《", "你们"),
        (["甲某", "乙某", "丙某", "丁某"], "members", "甲某等委员", "你们提出的《", "你们"),
        (["民建长宁区委"], "organisation", "民建长宁区委", "你们提出的《", "你们"),
        (["浦东新区工商联"], "organisation", "浦东新区工商联", "你们提出的《", "你们"),
        (["焕古镇政府"], "organisation", "焕古镇政府", "你们提出的《", "你们"),
    ],
)
def test_kind_salutation_and_pronoun(
    proposers: list[str],
    kind: str,
    salutation: str,
    opening: str,
    pronoun: str,
    templates: TemplateStore,
    profiles: ProfileStore,
) -> None:
    p = proposal(proposers=proposers)
    assert choose_kind(p) == kind
    draft = build_draft(p, profiles.load(PROFILE_ID), templates, today=date(2025, 5, 7))
    assert draft.template == kind
    assert draft.salutation == salutation
    assert draft.opening.startswith(opening)
    assert draft.opening.endswith("（第101号）收悉，经研究，现将办理情况答复如下：")
    assert draft.title == "对浦东新区政协七届四次会议第101号提案的答复"
    assert (
        draft.closing[-1] == f"再次感谢{pronoun}的宝贵建议，希望能继续得到{pronoun}的关心和支持。"
    )
    assert draft.sections[0].paragraphs[0].text.startswith(f"收到{pronoun}的提案后，我委高度重视")


def test_deputy_suggestion_uses_deputy_words(
    templates: TemplateStore, profiles: ProfileStore
) -> None:
    p = proposal(proposers=["李丽代表"], session="区十九届人大三次会议", proposal_number="145")
    assert choose_kind(p) == "deputy"
    draft = build_draft(p, profiles.load(PROFILE_ID), templates, today=date(2025, 5, 7))
    assert draft.title == "对区十九届人大三次会议第145号建议的答复"
    assert draft.salutation == "李丽代表"
    assert (
        draft.opening
        == "您提出的《关于加快示范区建设的建议》（第145号）收悉，经研究，现将办理情况答复如下："
    )
    text = all_text(draft)
    assert "提案" not in text and "委员" not in text.replace("委员会", "")
    assert "再次感谢您的宝贵建议" in draft.closing[-1]
    several = build_draft(
        proposal(proposers=["李丽", "周强"], session="区十九届人大三次会议"),
        profiles.load(PROFILE_ID),
        templates,
        today=date(2025, 5, 7),
    )
    assert several.template == "deputy" and several.salutation == "李丽、周强代表"
    assert several.opening.startswith("你们提出的《")


def test_a_title_ending_with_its_documents_word_does_not_repeat_it(
    templates: TemplateStore, profiles: ProfileStore
) -> None:
    # "《关于……的提案》提案（第45号）" read twice; "《关于……的建议》提案" is how replies put it.
    pudong = profiles.load(PROFILE_ID)
    titled = proposal(title="关于优化营商环境的提案", proposers=["九三学社闵行区委"])
    draft = build_draft(titled, pudong, templates, today=date(2025, 5, 7))
    assert draft.opening.startswith("你们提出的《关于优化营商环境的提案》（第101号）收悉")
    assert "提案》提案" not in all_text(draft)
    huiban = build_draft(
        proposal(
            title="关于优化营商环境的提案", lead_unit="区住房保障房屋管理局", co_units=["区科经委"]
        ),
        pudong,
        templates,
        today=date(2025, 5, 7),
    )
    assert huiban.template == "huiban"
    assert huiban.opening.startswith("赵明委员提出的《关于优化营商环境的提案》（第101号）收悉")
    plain = build_draft(proposal(), pudong, templates, today=date(2025, 5, 7))
    assert "《关于加快示范区建设的建议》提案（第101号）收悉" in plain.opening


def test_huiban_goes_to_the_lead_unit(templates: TemplateStore, profiles: ProfileStore) -> None:
    pudong = profiles.load(PROFILE_ID)
    p = proposal(
        proposers=["郭某", "陈某"], lead_unit="区住房保障房屋管理局", co_units=["区科经委"]
    )
    assert choose_kind(p) == "members"  # without the bureau, nothing says we co-handle it
    assert choose_kind(p, bureau=pudong) == "huiban"
    draft = build_draft(p, pudong, templates, today=date(2025, 5, 7))
    assert draft.template == "huiban"
    assert draft.title == "关于对浦东新区政协七届四次会议第101号提案的会办意见"
    assert draft.salutation == "区住房保障房屋管理局"
    assert draft.opening.startswith(
        "郭某、陈某委员提出的《关于加快示范区建设的建议》提案（第101号）"
    )
    assert draft.opening.endswith("现将会办意见函告如下：")
    assert draft.closing == ["以上意见供你单位统一答复时参考。"]
    assert [s.heading for s in draft.sections] == ["加快规划编制", "完善配套政策"]
    assert all(s.level == 1 for s in draft.sections)
    # The lead unit is answered, so 会同 (our own co-units) does not appear.
    assert "会同" not in all_text(draft)


def test_co_units_exclude_the_bureau_itself(
    templates: TemplateStore, profiles: ProfileStore
) -> None:
    p = proposal(co_units=["区科经委", "区财政局", "区教育局"], lead_unit="浦东新区科经委")
    draft = build_draft(p, profiles.load(PROFILE_ID), templates, today=date(2025, 5, 7))
    assert "会同区财政局、区教育局等部门认真研究" in draft.sections[0].paragraphs[0].text
    no_co = build_draft(proposal(), profiles.load(PROFILE_ID), templates, today=date(2025, 5, 7))
    assert "高度重视，认真研究，" in no_co.sections[0].paragraphs[0].text


@pytest.mark.parametrize(
    ("proposers", "session", "kind"),
    [
        ([], "", "member"),
        (["王福余"], "池州市贵池区第十五届人民代表大会第四次会议", "deputy"),
        (["九三学社某区委"], "", "organisation"),
        (["徐亦波等10人"], "", "members"),
        (["郭某、陈某"], "", "members"),
        (["某某界别组"], "", "organisation"),
        (["欧阳明"], "", "member"),
        (["区农业农村委"], "", "organisation"),
        (["无党派人士联谊会"], "", "organisation"),
        (["王会"], "", "member"),  # a person's name may end in 会: too short for a body
        (["张小联"], "", "member"),
    ],
)
def test_choose_kind(proposers: list[str], session: str, kind: str) -> None:
    assert choose_kind(proposal(proposers=proposers, session=session)) == kind


# --- Reused paragraphs, gaps, nothing invented -----------------------------------------------


def test_matches_are_placed_with_their_sources(
    templates: TemplateStore, profiles: ProfileStore
) -> None:
    source = Source(
        doc_id="3d568412657f",
        title="对浦东新区政协七届四次会议第195号提案的答复",
        bureau="上海市浦东新区科技和经济委员会",
        date="2025-04-21",
        score=87.5,
        original="一是出台各项人才政策。",
    )
    reused = [DraftParagraph("一是出台各项人才政策。", source), DraftParagraph("二是……")]
    draft = build_draft(
        proposal(),
        profiles.load(PROFILE_ID),
        templates,
        matches={1: reused},
        today=date(2025, 5, 7),
    )
    first, second = draft.sections[1].sections
    assert first.suggestion == "建议加快规划编制。"
    assert first.paragraphs[0].text.startswith("【待填写：") and first.paragraphs[0].source is None
    assert second.paragraphs == reused
    assert second.paragraphs[0] is not reused[0]  # a copy: editing the draft spares the input
    second.paragraphs[0].text = "改过的"
    assert reused[0].text == "一是出台各项人才政策。"


def test_matches_for_a_missing_suggestion_are_an_error(
    templates: TemplateStore, profiles: ProfileStore
) -> None:
    with pytest.raises(ValueError, match=r"suggestion\(s\) \[2\].*2 suggestion"):
        build_draft(
            proposal(), profiles.load(PROFILE_ID), templates, matches={2: [DraftParagraph("x")]}
        )


def test_unknown_facts_become_gaps_not_inventions(
    templates: TemplateStore, profiles: ProfileStore
) -> None:
    draft = build_draft(Parsed(kind=Kind.PROPOSAL), profiles.load("example"), templates)
    assert draft.title == "对【待填写：会议届次】第【待填写：编号】号提案的答复"
    assert draft.salutation == "【待填写：提案人】委员"
    assert "《【待填写：提案标题】》" in draft.opening
    assert [s.heading for s in draft.sections[1].sections] == ["【待填写：建议要点】"]
    # The example profile has no contact: none is made up, the required name and phone are gaps.
    assert (draft.contact.name, draft.contact.phone) == (
        "【待填写：联系人姓名】",
        "【待填写：联系电话】",
    )
    assert not draft.contact.address
    assert draft.date == date.today().isoformat()
    assert draft.header.doc_number == f"示某办理〔{date.today().year}〕【待填写：编号】号"
    # No heading carries a numeral: numbering is derived at render time.
    assert all(match_heading(s.heading) is None for s in draft.all_sections())


def test_a_changning_draft_has_no_doc_number(
    templates: TemplateStore, profiles: ProfileStore
) -> None:
    draft = build_draft(
        proposal(proposers=["民建长宁区委"]), profiles.load("changning-kw"), templates
    )
    assert draft.header.doc_number == ""
    assert draft.preamble and draft.preamble[0].text.startswith(TODO_OPEN)


# --- Draft files -----------------------------------------------------------------------------


@pytest.fixture
def draft(templates: TemplateStore, profiles: ProfileStore) -> Draft:
    source = Source("001b0a", "对第057号提案的答复", "reply", "科经委", "2025-05-07", 71.25, "原文")
    d = build_draft(
        proposal(proposers=["浦东新区工商联"], co_units=["区数据局"]),
        profiles.load(PROFILE_ID),
        templates,
        matches={0: [DraftParagraph("复用段落。", source)]},
        today=date(2025, 5, 7),
    )
    d.sections[1].sections[1].sections.append(DraftSection("小标题", 3, [DraftParagraph("x")]))
    return d


def test_draft_file_round_trips(draft: Draft, tmp_path: Path) -> None:
    path = tmp_path / "reply.json"
    save_draft(draft, path)
    loaded = load_draft(path)
    assert loaded == draft
    assert (
        loaded.sections[1].sections[0].paragraphs[0].source
        == draft.sections[1].sections[0].paragraphs[0].source
    )
    raw = path.read_text(encoding="utf-8")
    assert "浦东新区工商联" in raw  # UTF-8, not \u-escaped
    data = json.loads(raw)
    assert data["format"] == DRAFT_FILE_FORMAT and data["version"] == DRAFT_FORMAT_VERSION
    save_draft(loaded, path)
    assert path.read_text(encoding="utf-8") == raw  # stable
    assert [p.name for p in tmp_path.iterdir()] == ["reply.json"]


def test_a_failed_save_keeps_the_previous_draft(
    draft: Draft, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "reply.json"
    save_draft(draft, path)
    before = path.read_bytes()
    changed = copy.deepcopy(draft)
    changed.title = "改过的标题"

    def full_disk(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("os.replace", full_disk)
    with pytest.raises(OSError):
        save_draft(changed, path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["reply.json"]


def bad_file(tmp_path: Path, content: bytes) -> DraftFileError:
    path = tmp_path / "broken.json"
    path.write_bytes(content)
    with pytest.raises(DraftFileError) as info:
        load_draft(path)
    assert str(path) in str(info.value) and "\n" not in str(info.value)
    return info.value


def test_truncated_draft_file(draft: Draft, tmp_path: Path) -> None:
    path = tmp_path / "whole.json"
    save_draft(draft, path)
    data = path.read_bytes()
    at_a_character = data.index("浦东新区工商联".encode())
    for cut in (at_a_character, at_a_character + 1, len(data) - 3):
        err = bad_file(tmp_path, data[:cut])
        assert "已损坏" in err.message and "内容不完整" in err.message


def test_newer_draft_format(draft: Draft, tmp_path: Path) -> None:
    data = json.loads(json.dumps(draft.to_dict()))
    data.update(format=DRAFT_FILE_FORMAT, version=DRAFT_FORMAT_VERSION + 1)
    err = bad_file(tmp_path, json.dumps(data).encode())
    assert "较新版本的 replydraft" in err.message and "请更新 replydraft" in err.message
    assert f"草稿格式 {DRAFT_FORMAT_VERSION + 1}" in err.message


@pytest.mark.parametrize(
    "content",
    [
        b'{"id": "3d568412657f", "title": "a record, not a draft"}',
        b"[1, 2, 3]",
        b'"just a string"',
        "对浦东新区政协七届四次会议第195号提案的答复".encode(),
    ],
)
def test_unrelated_files_are_not_drafts(tmp_path: Path, content: bytes) -> None:
    err = bad_file(tmp_path, content)
    assert "不是 replydraft 草稿文件" in err.message or "不是有效的 JSON" in err.message


def test_other_damage(tmp_path: Path) -> None:
    assert "不是 UTF-8 文本" in bad_file(tmp_path, "草稿".encode("gbk")).message
    assert "文件是空的" in bad_file(tmp_path, b"").message
    bad_version = json.dumps({"format": DRAFT_FILE_FORMAT, "version": "one"}).encode()
    assert "格式版本 'one' 无效" in bad_file(tmp_path, bad_version).message
    bad_sections = json.dumps(
        {"format": DRAFT_FILE_FORMAT, "version": 1, "sections": ["not a section"]}
    ).encode()
    assert "草稿文件已损坏" in bad_file(tmp_path, bad_sections).message
    with pytest.raises(DraftFileError, match="无法读取文件"):
        load_draft(tmp_path / "absent.json")


# --- placing what search found --------------------------------------------------------------


def test_search_results_are_placed_per_suggestion_without_frame_or_foreign_numerals(
    home: Path,
) -> None:
    from replydraft.draft import matches_for_draft
    from replydraft.workspace import Workspace

    ws = Workspace.open()
    try:
        proposal = Parsed(
            kind=Kind.PROPOSAL,
            title="关于加快人工智能产业发展的建议",
            suggestions=[
                "加大人工智能人才引进和培养力度，完善人才公寓等安居保障",
                "依托揭榜挂帅公共服务平台，推动企业与高校合作攻关",
                "加强对农村自来水厂水质的监测与公开",  # nothing in the seeds answers this
            ],
        )
        placed = matches_for_draft(ws.searcher.for_proposal(proposal), per_suggestion=2)
    finally:
        ws.close()
    assert set(placed) == {0, 1}, "the water suggestion keeps its gap: no loose matches"
    for paragraphs in placed.values():
        assert 1 <= len(paragraphs) <= 3  # two replies' paragraphs and at most one policy passage
        for p in paragraphs:
            assert p.source is not None and p.source.title
            assert "收悉" not in p.text and "答复如下" not in p.text
            heading = match_heading(p.text)
            assert heading is None or heading.number is None, p.text[:20]
    talent = " ".join(p.text for p in placed[0])
    assert "人才" in talent
    platform = " ".join(p.text for p in placed[1])
    assert "揭榜挂帅" in platform
    seen = [(p.source.doc_id, p.source.original) for ps in placed.values() for p in ps if p.source]
    assert len(seen) == len(set(seen)), "a paragraph is placed once"
    # Seed 000's half-width commas between Chinese words come in full-width; the source keeps
    # its own text.
    between_han = re.compile(r"[\u4e00-\u9fff][,:;][\u4e00-\u9fff]")
    taken = [p for ps in placed.values() for p in ps if p.source]
    assert any(between_han.search(p.source.original) for p in taken if p.source)
    assert not any(between_han.search(p.text) for p in taken)


def test_reused_text_loses_its_numeral_and_half_width_punctuation_but_not_its_figures() -> None:
    from replydraft.draft import reusable_text

    assert reusable_text("2.加强水质监督,确保供水安全:一是完善制度;二是加强检查") == (
        "加强水质监督，确保供水安全：一是完善制度；二是加强检查"
    )
    # Decimals, web addresses and English stay as they are.
    text = "投资3.5亿元，详见www.example.gov.cn/a,b。AI, big data and 5G"
    assert reusable_text(text) == text
