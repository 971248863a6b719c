"""The side panel and reuse: a paragraph picked in 相似答复 goes in as the draft's own reuse
would put it (adapted, marked, its changes in its Source); a slot left as a gap shows the
candidates reuse kept, with why; 政策依据 leads with the policies the draft cites, by title."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from replydraft.gui import draft_model as dm
from replydraft.gui.draft_pane import Node
from replydraft.gui.main_window import MainWindow
from replydraft.gui.search_control import groups_for_proposal, policy_rows
from replydraft.gui.side_panel import Pick
from replydraft.profiles import BureauProfile
from replydraft.records import Source
from replydraft.reuse import plan_reuse
from replydraft.search import ParagraphMatch, ProposalMatches, SuggestionMatches
from tests.gui.conftest import ScriptedPrompter

CHANGNING = "长宁区科学技术委员会"
PUDONG = "上海市浦东新区科技和经济委员会"
TALENT = (
    "建设人工智能人才实训基地，依托高校和龙头企业开展算法工程师职业技能培训，每年培训两千余人次。"
)
POLICY_TITLE = "浦东新区人工智能人才发展三年行动方案"


def _match(doc_id: str, text: str, score: float, *, kind: str = "reply") -> ParagraphMatch:
    return ParagraphMatch(
        doc_id=doc_id,
        seq=3,
        text=text,
        score=score,
        terms=["人才", "实训", "培训"],
        spans=[],
        title=f"关于印发《{POLICY_TITLE}》的通知" if kind == "policy" else f"答复{doc_id}",
        kind=kind,
        bureau=PUDONG if kind == "policy" else CHANGNING,
        role=kind if kind == "policy" else "body",
        reasons=["共有词：人才、实训"],
    )


def test_a_gap_shows_reuses_candidates_and_policies_lead_with_the_citation() -> None:
    weak = _match("cn", "我局在长宁区" + TALENT, 27.0)  # below the fit: the draft leaves a gap
    strong = _match("cn2", "三是" + TALENT, 60.0)
    found = ProposalMatches(
        documents=[],
        suggestions=[
            SuggestionMatches(
                "建设人工智能人才实训基地", [weak], [_match("pol", TALENT, 50.0, kind="policy")]
            ),
            SuggestionMatches("开展算法工程师培训", [strong], []),
        ],
    )
    profile = BureauProfile(id="pd", name=PUDONG, self_reference="我委")
    plan = plan_reuse(found, profile=profile)
    assert 0 not in plan.placed and 1 in plan.placed
    groups = groups_for_proposal(found, plan)
    (_title, rows) = groups[1]
    (gap_head, gap_rows), (placed_head, placed_rows) = rows
    assert "草稿留空" in gap_head.title and "草稿留空" not in placed_head.title
    (candidate,) = gap_rows
    assert candidate.doc_id == "cn" and candidate.text == weak.text  # the source's own text
    assert candidate.reasons[0].startswith("契合度") and "共有词：人才、实训" in candidate.reasons
    assert any("长宁区" in r for r in candidate.reasons)  # the mark reuse would put, said
    assert [h.doc_id for h in placed_rows] == ["cn2"]  # a placed slot: what search found
    policies = policy_rows(found, plan)
    assert policies[0][1][0].title == POLICY_TITLE and "引用" in policies[0][1][0].reasons[0]
    # Without a plan (no proposal searched yet) the rows are search's, as before.
    assert "草稿留空" not in groups_for_proposal(found)[1][1][0][0].title


def test_inserting_another_districts_paragraph_marks_it_and_export_asks(
    qtbot: QtBot,
    window: MainWindow,
    prompter: ScriptedPrompter,
    proposal_file: Path,
    tmp_path: Path,
) -> None:
    with qtbot.waitSignal(window.proposal_opened, timeout=10_000):
        window.open_path(proposal_file)
    assert window.profile is not None and window.profile.id == "pudong-kjw"
    raw = "三是**我局**在长宁区建设人工智能人才实训基地,每年培训算法工程师两千余人次。"
    pick = Pick(
        raw, Source("cn", "对长宁区第12号提案的答复", "reply", CHANGNING, seq=4, original=raw)
    )
    window.draft_pane.select(Node(dm.SECTION, (1, 0)))
    window.insert_pick(pick)
    section = dm.section_at(window.document.draft, (1, 0))
    inserted = next(p for p in section.paragraphs if p.source and p.source.doc_id == "cn")
    assert "【核实：长宁区】" in inserted.text and "我委" in inserted.text
    assert "**" not in inserted.text and "," not in inserted.text
    assert inserted.source is not None and inserted.source.original == raw
    assert any("我局" in c for c in inserted.source.changes) and inserted.source.notes

    prompter.confirm_answer = False
    prompter.save_paths.append(tmp_path / "答复.docx")
    window.ask_export()
    assert "【核实】" in prompter.confirms[0] and not (tmp_path / "答复.docx").exists()
