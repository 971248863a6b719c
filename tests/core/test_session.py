"""session.py, the use cases the CLI and the window share: bureau, drafting, gaps, exporting,
drafting again without losing the officer's text."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from replydraft import session
from replydraft.check import Severity, check_parsed_record
from replydraft.cli import main
from replydraft.draft import build_draft
from replydraft.ingest import ingest_file
from replydraft.parse import parse
from replydraft.records import Draft, DraftParagraph, DraftSection, Kind, Parsed
from replydraft.render import render_blocks
from replydraft.workspace import Workspace

TODAY = date(2025, 5, 7)
SUGGESTIONS = [
    "加大人工智能高端人才招引力度，对重点企业引进的领军人才给予资金支持",
    "完善人才住房保障，扩大人才公寓供给，为青年人才提供租房补贴",
    "支持高校与企业联合培养人工智能专业人才，建设实训基地",
]


def _proposal(**fields: object) -> Parsed:
    values: dict[str, object] = {
        "kind": Kind.PROPOSAL,
        "title": "关于加快人工智能产业人才集聚的建议",
        "session": "浦东新区政协七届五次会议",
        "proposal_number": "088",
        "proposers": ["吴佳桢"],
        "lead_unit": "浦东新区科技和经济委员会",
        "co_units": ["区人社局"],
        "suggestions": list(SUGGESTIONS),
    }
    values.update(fields)
    return Parsed(**values)  # type: ignore[arg-type]


@pytest.fixture
def ws(home: Path) -> Iterator[Workspace]:
    workspace = Workspace.open()
    yield workspace
    workspace.close()


def _fitting_proposal(kind: str, bureau_name: str) -> Parsed:
    """A proposal each built-in kind is meant for."""
    if kind == "member":
        return _proposal()
    if kind == "members":
        return _proposal(proposers=["吴佳桢", "白雪"])
    if kind == "organisation":
        return _proposal(proposers=["民建浦东新区委"])
    if kind == "deputy":
        return _proposal(session="浦东新区第七届人民代表大会第五次会议", proposers=["张明代表"])
    assert kind == "huiban"
    return _proposal(proposers=["吴佳桢", "白雪"], lead_unit="区人社局", co_units=[bureau_name])


@pytest.mark.parametrize("kind", ["member", "members", "organisation", "huiban", "deputy"])
def test_a_fresh_draft_from_every_built_in_template_has_only_gaps(ws: Workspace, kind: str) -> None:
    profiles = [info.id for info in ws.profiles.list() if not info.error]
    assert {"pudong-kjw", "changning-kw", "example"} <= set(profiles)
    for bureau in profiles:
        profile = ws.profiles.load(bureau)
        draft = build_draft(
            _fitting_proposal(kind, profile.name), profile, ws.templates, kind=kind, today=TODAY
        )
        findings = session.check_reply(ws, draft)
        blocks = render_blocks(draft)
        flagged = [blocks[f.paragraph].text[f.start : f.end] for f in findings]
        gaps = session.find_gaps(draft)
        assert gaps, "every fresh draft leaves the officer something to write"
        # One error per gap, however long its label; nothing else, except that the neutral
        # example bureau's own name (示例区某某局) is a placeholder to replace too.
        assert sorted(t for t in flagged if session.GAP.fullmatch(t)) == sorted(
            g.text for g in gaps
        ), (bureau, kind)
        others = [
            (f.rule, text)
            for f, text in zip(findings, flagged, strict=True)
            if not session.GAP.fullmatch(text)
        ]
        if bureau == "example":
            others = [o for o in others if o != ("leftover.placeholder", "某某")]
        assert others == [], (bureau, kind)
        assert all(f.severity is Severity.ERROR for f in findings)


@pytest.mark.parametrize("kind", ["member", "members", "organisation", "deputy"])
def test_templates_leave_gaps_for_the_result_and_the_answers_opening(
    ws: Workspace, kind: str
) -> None:
    profile = ws.profiles.load("pudong-kjw")
    draft = build_draft(
        _fitting_proposal(kind, profile.name), profile, ws.templates, kind=kind, today=TODAY
    )
    assert draft.header.result.startswith("【待填写：办理结果")
    for label in profile.result_labels:  # the officer chooses among the bureau's own labels
        assert label in draft.header.result
    answers = draft.sections[1]
    assert answers.heading.startswith("对") and answers.heading.endswith("的答复")
    assert answers.paragraphs and session.GAP.fullmatch(answers.paragraphs[0].text)
    places = {g.place for g in session.find_gaps(draft)}
    assert "办理结果" in places and any(p.endswith(answers.heading) for p in places)


def test_a_gap_of_any_length_is_an_error_in_published_text_too() -> None:
    long_gap = "【待填写：对本条建议的答复：已做的工作、成效和下一步安排，以及与提案人沟通的情况】"
    assert len(long_gap) > 40
    paragraphs = [
        "对浦东新区政协七届五次会议第088号提案的答复",
        "吴佳桢委员：",
        f"关于人才公寓，{long_gap}",
        "办理结果：待填写：办理结果",  # a field line whose brackets ingest dropped
    ]
    findings = check_parsed_record(paragraphs, parse(paragraphs))
    gaps = [f for f in findings if f.rule == "leftover.placeholder"]
    assert {(f.paragraph, f.severity) for f in gaps} == {(2, Severity.ERROR), (3, Severity.ERROR)}
    at = next(f for f in gaps if f.paragraph == 2)
    assert paragraphs[2][at.start : at.end] == long_gap
    # Other marks in a published text stay warnings: they may be the text's own.
    other = check_parsed_record(["答复", "某某委员："], parse(["答复", "某某委员："]))
    assert all(f.severity is not Severity.ERROR for f in other if f.rule == "leftover.placeholder")


def test_export_refuses_gaps_and_names_their_places(ws: Workspace, tmp_path: Path) -> None:
    profile = ws.profiles.load("pudong-kjw")
    draft = build_draft(_proposal(), profile, ws.templates, today=TODAY)
    target = tmp_path / "答复.docx"
    with pytest.raises(session.GapsLeft) as refused:
        session.export_draft(ws, draft, target)
    message = str(refused.value)
    assert not target.exists()
    assert "答复.docx" in message and "办理结果" in message and "文号" in message
    assert f"{len(refused.value.gaps)} 处【待填写】" in message

    written = session.export_draft(ws, draft, tmp_path / "答复.txt", allow_gaps=True)
    assert written.gaps == refused.value.gaps
    text = written.path.read_text(encoding="utf-8")
    assert all(g.text in text for g in written.gaps)
    # Read back as published text, each gap is still an error.
    paragraphs = ingest_file(written.path).paragraphs
    errors = [
        f
        for f in check_parsed_record(paragraphs, parse(paragraphs))
        if f.rule == "leftover.placeholder" and f.severity is Severity.ERROR
    ]
    assert len(errors) == len(written.gaps)

    filled = copy.deepcopy(draft)
    for part in ("result", "doc_number"):
        setattr(
            filled.header, part, "解决或采纳" if part == "result" else "浦科经委办理〔2025〕61号"
        )
    for section in filled.all_sections():
        section.paragraphs = [
            DraftParagraph(session.GAP.sub("已落实", p.text), p.source) for p in section.paragraphs
        ]
    filled.closing = [session.GAP.sub("继续推进", t) for t in filled.closing]
    assert session.find_gaps(filled) == []
    assert session.export_draft(ws, filled, tmp_path / "签发.docx").path.is_file()


def _filled(draft: Draft) -> Draft:
    """`draft` with every 【待填写】 filled in, as the officer would before signing."""
    filled = copy.deepcopy(draft)
    filled.header.result = "解决或采纳"
    filled.header.doc_number = "浦科经委办理〔2025〕61号"
    for section in filled.all_sections():
        section.paragraphs = [
            DraftParagraph(session.GAP.sub("已落实", p.text), p.source) for p in section.paragraphs
        ]
    filled.closing = [session.GAP.sub("继续推进", t) for t in filled.closing]
    return filled


def test_export_refuses_another_districts_marks_like_gaps(
    ws: Workspace, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from replydraft.reuse import Drafting, adapt

    profile = ws.profiles.load("pudong-kjw")
    draft = _filled(build_draft(_proposal(), profile, ws.templates, today=TODAY))
    assert session.find_gaps(draft) == []
    # A paragraph of 长宁区科委's reply, adapted for 浦东: its district is marked, not hidden.
    text, _changes, notes = adapt(
        "我委在长宁区设立人工智能人才服务站，为引进人才提供一站式服务。",
        "长宁区科学技术委员会",
        Drafting.of(profile),
    )
    assert "【核实：长宁区】" in text and notes
    section = next(s for s in draft.all_sections() if s.paragraphs)
    section.paragraphs.append(DraftParagraph(text))
    heading = next(b for b in render_blocks(draft) if b.is_heading and section.heading in b.text)

    target = tmp_path / "答复.docx"
    with pytest.raises(session.GapsLeft) as refused:
        session.export_draft(ws, draft, target)
    message = str(refused.value)
    assert not target.exists()
    assert "1 处【核实】" in message and "待填写" not in message
    assert heading.text[: heading.head_len or None][:10] in message, message
    assert [g.text for g in refused.value.gaps] == ["【核实：长宁区】"]

    # The same refusal from the CLI, with the same override.
    draft_file = tmp_path / "草稿.json"
    session.export_draft(ws, draft, draft_file)  # a draft file holds marks: work in progress
    assert main(["export", str(draft_file), "-o", str(target)]) == 1
    err = capsys.readouterr().err
    assert "【核实】" in err and "--allow-gaps" in err and not target.exists()
    assert main(["export", str(draft_file), "-o", str(target), "--allow-gaps"]) == 0
    assert "【核实】" in capsys.readouterr().err and target.is_file()

    # Rewritten for the own district, the paragraph goes out.
    section.paragraphs[-1] = DraftParagraph("我委在张江设立人工智能人才服务站。")
    assert session.export_draft(ws, draft, tmp_path / "签发.txt").path.is_file()


def test_bureau_for_reads_lead_then_co_units(ws: Workspace) -> None:
    default = "example"
    assert session.bureau_for(_proposal(), ws.profiles, default) == "pudong-kjw"
    co = _proposal(lead_unit="区人社局", co_units=["长宁区科学技术委员会"])
    assert session.bureau_for(co, ws.profiles, default) == "changning-kw"
    assert session.bureau_for(_proposal(lead_unit="", co_units=[]), ws.profiles, default) == default


def _answers(draft: Draft) -> list[DraftSection]:
    return draft.sections[1].sections


def test_redraft_follows_the_proposal_and_keeps_the_officers_text(ws: Workspace) -> None:
    profile = ws.profiles.load("pudong-kjw")
    before = _proposal()
    draft = build_draft(before, profile, ws.templates, today=TODAY)
    # The officer answers suggestion 1, rewrites the overview's first sentence and adds a
    # section of their own; suggestion 3 keeps the template's placeholder.
    answer = "我委已出台人才专项政策，对领军人才给予最高200万元资助。"
    _answers(draft)[0].paragraphs = [DraftParagraph(answer)]
    overview = draft.sections[0]
    overview.paragraphs[0] = DraftParagraph("收到提案后，我委会同区人社局认真研究，积极采纳。")
    draft.sections.append(DraftSection("其他需要说明的情况", 1, [DraftParagraph("无。")]))
    placeholder = _answers(draft)[2].paragraphs[0].text

    after = copy.deepcopy(before)
    after.proposers = ["吴佳桢", "白雪"]  # a co-proposer found
    after.suggestions = [
        SUGGESTIONS[0],
        "完善人才住房保障，扩大人才公寓和保障性租赁住房供给",  # suggestion 2 edited
        "设立人工智能产业引导基金",  # suggestion 3 replaced
        "优化人工智能企业的用地和用房保障",  # one added
    ]
    draft.proposal = copy.deepcopy(after)
    again = session.redraft(draft, after, profile, ws.templates, base_proposal=before, today=TODAY)

    # Generated parts follow the proposal: salutation, opening, headings, placeholders.
    assert again.salutation == "吴佳桢、白雪委员"
    assert "您和白雪委员" not in again.opening and "你们" in again.opening
    answers = _answers(again)
    assert [s.suggestion for s in answers] == after.suggestions
    assert answers[1].heading.startswith("完善人才住房保障")
    assert answers[2].heading.startswith("设立人工智能产业引导基金")
    assert answers[3].heading.startswith("优化人工智能企业")
    assert answers[2].paragraphs[0].text == placeholder  # still the template's, renewed
    # The officer's text stays where it was written.
    assert [p.text for p in answers[0].paragraphs] == [answer]
    assert again.sections[0].paragraphs[0].text == overview.paragraphs[0].text
    assert again.sections[-1].heading == "其他需要说明的情况"
    # Template text the officer left alone follows the pronoun change (你们 for two).
    assert "你们" in again.closing[-1]


def test_redraft_keeps_a_removed_suggestions_answer_if_the_officer_wrote_one(
    ws: Workspace,
) -> None:
    profile = ws.profiles.load("pudong-kjw")
    before = _proposal()
    draft = build_draft(before, profile, ws.templates, today=TODAY)
    _answers(draft)[1].paragraphs = [DraftParagraph("人才公寓已供应3000套。")]
    after = copy.deepcopy(before)
    after.suggestions = [SUGGESTIONS[0], SUGGESTIONS[2]]  # suggestion 2 removed, 3 untouched
    draft.proposal = copy.deepcopy(after)
    again = session.redraft(draft, after, profile, ws.templates, base_proposal=before)
    texts = [p.text for s in _answers(again) for p in s.paragraphs]
    assert "人才公寓已供应3000套。" in texts
    untouched = _answers(build_draft(after, profile, ws.templates, today=TODAY))
    assert [s.suggestion for s in _answers(again) if s.suggestion in after.suggestions] == [
        s.suggestion for s in untouched
    ]
    # Without the officer's answer, the removed suggestion's section goes with it.
    plain = build_draft(before, profile, ws.templates, today=TODAY)
    plain.proposal = copy.deepcopy(after)
    gone = session.redraft(plain, after, profile, ws.templates, base_proposal=before)
    assert len(_answers(gone)) == 2


def test_draft_json_says_what_was_read_and_what_was_reused(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = "\n".join(
        [
            "浦东新区政协七届五次会议",
            "提案第 088 号",
            "案由：关于加快浦东新区人工智能产业人才集聚的建议",
            "提案人：吴佳桢、白雪",
            "主办单位：浦东新区科技和经济委员会",
            "理由：",
            "人工智能是新一轮科技革命和产业变革的重要驱动力量，人才供给不足。",
            "建议：",
            "一、加大人工智能高端人才招引力度，完善人才政策，对领军人才给予资金支持和落户便利。",
            "二、完善人才住房保障，扩大人才公寓供给，为人工智能企业青年人才提供租房补贴。",
        ]
    )
    proposal = tmp_path / "提案.txt"
    proposal.write_text(text, encoding="utf-8")
    out = tmp_path / "答复.rdraft.json"
    code = main(["draft", str(proposal), "-o", str(out), "--json"])  # bureau from 主办单位
    printed, err = capsys.readouterr()
    assert code == 0 and out.is_file() and "wrote" in err
    report = json.loads(printed)
    assert report["output"] == str(out) and report["bureau"] == "pudong-kjw"
    assert report["read_from"] == "提案.txt"
    fields = report["proposal"]
    assert fields["proposal_number"] == "088" and fields["proposers"] == ["吴佳桢", "白雪"]
    assert len(fields["suggestions"]) == 2
    assert "co_units" in report["missing"] and isinstance(report["unsure"], list)
    assert report["reused"], "the seeds answer AI talent questions"
    saved = json.loads(out.read_text(encoding="utf-8"))
    saved_reused = [
        p["text"] for s in saved["sections"][1]["sections"] for p in s["paragraphs"] if p["source"]
    ]
    assert [r["text"] for r in report["reused"]] == saved_reused
    for r in report["reused"]:
        assert r["suggestion"] in (0, 1) and r["source"]["doc_id"] and r["source"]["title"]
    assert {g["place"] for g in report["gaps"]} >= {"办理结果", "文号"}


def test_redraft_after_a_renamed_heading_and_another_bureau(ws: Workspace) -> None:
    pudong = ws.profiles.load("pudong-kjw")
    changning = ws.profiles.load("changning-kw")
    proposal = _proposal()
    draft = build_draft(proposal, pudong, ws.templates, kind="member", today=TODAY)
    draft.sections[0].heading = "办理情况"  # the officer's wording for 对本提案的办理概述
    typed_result = "解决或采纳"
    draft.header.result = typed_result
    again = session.redraft(
        draft,
        proposal,
        changning,
        ws.templates,
        base_profile=pudong,
        kind="member",
    )
    headings = [s.heading for s in again.sections]
    assert headings.count("办理情况") == 1 and "对本提案的办理概述" not in headings
    assert len(again.sections) == len(draft.sections)
    # The bureau's own parts follow the new bureau; what the officer chose stays.
    assert again.signature == changning.name and again.contact == changning.contact
    assert again.header.result == typed_result
    assert "我委" in again.sections[0].paragraphs[0].text
