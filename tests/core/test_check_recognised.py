"""The OCR's doubts reach the proofreader: where a draft's proposal came from a scan, the
proposal text the draft copied (title, proposers, number, suggestions in headings) that lies
on an unsure line is a finding, in `check` and wherever session.check_reply runs."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from replydraft import session
from replydraft.check import RULES, Severity
from replydraft.cli import main
from replydraft.draft import load_draft, save_draft
from replydraft.parse import parse
from replydraft.readers.ocr import LowConfidence, Recognised
from replydraft.records import Kind
from replydraft.render import render_blocks
from replydraft.workspace import Workspace
from tests.core._make_scans import PROPOSAL, image_pdf, needs_font, pdf_of_pages, render, text_pdf

TODAY = date(2025, 5, 7)
RULE = "recognised.unsure"


@pytest.fixture
def ws(home: Path) -> Iterator[Workspace]:
    workspace = Workspace.open()
    yield workspace
    workspace.close()


def _scan(*doubts: tuple[str, float]) -> Recognised:
    """The proposal as the recogniser gave it, unsure of these lines (page 1)."""
    return Recognised(
        "\n\n".join(PROPOSAL),
        1,
        tuple(LowConfidence(1, text, score) for text, score in doubts),
        "rapidocr test",
        numbers=(1,),
        file_pages=1,
    )


def _draft(ws: Workspace, recognised: Recognised | None) -> session.Draft:
    proposal = parse(list(PROPOSAL), kind=Kind.PROPOSAL)
    assert proposal.title and proposal.proposers and len(proposal.suggestions) == 3
    bureau = session.bureau_for(proposal, ws.profiles, ws.settings.default_bureau)
    return session.draft_reply(ws, proposal, bureau, today=TODAY, recognised=recognised)


def _ours(findings: list[session.Finding]) -> list[session.Finding]:
    return [f for f in findings if f.rule == RULE]


def test_copied_fields_on_unsure_lines_are_findings_where_the_draft_copied_them(
    ws: Workspace,
) -> None:
    title, proposers, second = PROPOSAL[2], PROPOSAL[3], PROPOSAL[8]
    reasons = PROPOSAL[5][:30]  # the 案由 is not copied into the draft
    draft = _draft(ws, _scan((title, 0.61), (proposers, 0.72), (second, 0.55), (reasons, 0.4)))

    found = _ours(session.check_reply(ws, draft))

    blocks = render_blocks(draft)
    places = {(blocks[f.paragraph].part, blocks[f.paragraph].text[f.start : f.end]) for f in found}
    assert ("opening", title) in places  # the opening quotes the title: all of it is unsure
    assert ("salutation", "张三") in places and ("salutation", "李四") in places
    heading = next(b for b in blocks if b.is_heading and "经费" in b.text)
    assert any(blocks[f.paragraph] is heading for f in found)  # the 2nd suggestion's heading
    # Nothing else: the 案由 line is not in the draft, the other suggestions were read surely.
    assert len(found) == 4
    for f in found:
        assert f.severity == RULES[RULE].severity == Severity.WARNING
        assert f.message.startswith("识别存疑：") and f.message.endswith("请与原件核对")
        assert "第 1 页" in f.message and f.excerpt == blocks[f.paragraph].text[f.start : f.end]
        assert f.excerpt and "".join(f.excerpt.split()) in "".join(PROPOSAL)


def test_no_scan_or_no_doubts_no_findings(ws: Workspace) -> None:
    assert _ours(session.check_reply(ws, _draft(ws, None))) == []
    assert _ours(session.check_reply(ws, _draft(ws, _scan()))) == []
    unrelated = _draft(ws, _scan((PROPOSAL[5][:30], 0.4), ("第 2 页", 0.3)))
    assert _ours(session.check_reply(ws, unrelated)) == []


def test_a_number_is_only_unsure_as_a_whole_number(ws: Workspace) -> None:
    draft = _draft(ws, _scan(("于2035年完成", 0.5)))  # holds "35" inside another number
    assert draft.proposal.proposal_number == "35"
    assert _ours(session.check_reply(ws, draft)) == []
    draft = _draft(ws, _scan(("提案第35号", 0.5)))
    found = _ours(session.check_reply(ws, draft))
    copies = [b for b in render_blocks(draft) if b.part in ("title", "opening") and "35" in b.text]
    assert copies and len(found) == len(copies) and all(f.excerpt == "35" for f in found)


def test_the_session_copied_into_the_title_is_found_there(ws: Workspace) -> None:
    draft = _draft(ws, _scan((PROPOSAL[0], 0.7)))
    found = _ours(session.check_reply(ws, draft))
    blocks = render_blocks(draft)
    assert [blocks[f.paragraph].part for f in found] == ["title"]
    assert PROPOSAL[0].startswith(found[0].excerpt[:6]) and len(found[0].excerpt) >= 4


def test_the_draft_file_keeps_the_doubts_and_old_drafts_still_open(
    ws: Workspace, tmp_path: Path
) -> None:
    draft = _draft(ws, _scan((PROPOSAL[2], 0.61)))
    path = tmp_path / "答复.rdraft.json"
    save_draft(draft, path)

    again = load_draft(path)

    assert again.proposal_scan == draft.proposal_scan is not None
    assert again.proposal_scan.pages == [1] and again.proposal_scan.unsure[0].score == 0.61
    assert _ours(session.check_reply(ws, again)) == _ours(session.check_reply(ws, draft))
    old = json.loads(path.read_text(encoding="utf-8"))
    del old["proposal_scan"]  # a draft saved before the field existed
    path.write_text(json.dumps(old, ensure_ascii=False), encoding="utf-8")
    assert load_draft(path).proposal_scan is None


def test_redrafting_keeps_the_doubts(ws: Workspace) -> None:
    draft = _draft(ws, _scan((PROPOSAL[2], 0.61)))
    profile = ws.profiles.load(draft.bureau)
    edited = parse(list(PROPOSAL), kind=Kind.PROPOSAL)
    edited.suggestions = edited.suggestions[:2]

    again = session.redraft(draft, edited, profile, ws.templates, today=TODAY)

    assert again.proposal_scan == draft.proposal_scan


@needs_font
def test_check_of_a_draft_from_a_mixed_pdf_finds_what_the_draft_kept(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    typed = text_pdf(lines_per_page=10)
    proposal = tmp_path / "提案.pdf"  # page 1 scanned (title, proposers), page 2 typed
    proposal.write_bytes(pdf_of_pages((image_pdf(render(typed)), [0]), (typed, [1])))
    out = tmp_path / "答复.rdraft.json"

    assert main(["draft", str(proposal), "-o", str(out), "--json"]) == 0
    printed = capsys.readouterr()
    assert "read by OCR (page 1 of 2, rapidocr" in printed.err
    report = json.loads(printed.out)
    assert report["recognised"]["pages"] == [1]
    saved = json.loads(out.read_text(encoding="utf-8"))
    assert saved["proposal_scan"] == report["recognised"]
    # Whatever this machine's fonts made the recogniser doubt, say it doubted the title line.
    saved["proposal_scan"]["unsure"].append({"page": 1, "text": PROPOSAL[2], "score": 0.5})
    out.write_text(json.dumps(saved, ensure_ascii=False), encoding="utf-8")

    main(["check", str(out), "--json"])

    checked = json.loads(capsys.readouterr().out)
    ours = [f for f in checked["findings"] if f["rule"] == RULE]
    assert any(f["excerpt"] == PROPOSAL[2] and "第 1 页" in f["message"] for f in ours)
    # Exactly the places the session finds in the draft as saved: the CLI adds nothing.
    ws = Workspace.open()
    try:
        expected = _ours(session.check_reply(ws, load_draft(out)))
    finally:
        ws.close()
    assert [(f["paragraph"], f["start"], f["end"]) for f in ours] == [
        (f.paragraph, f.start, f.end) for f in expected
    ]


def test_a_title_wrapped_over_two_lines_is_found_by_its_unsure_half(ws: Workspace) -> None:
    draft = _draft(ws, _scan(("赋能基础教育的建议", 0.5)))  # the title's second line
    found = _ours(session.check_reply(ws, draft))
    assert [f.excerpt for f in found] == ["赋能基础教育的建议"]
    assert render_blocks(draft)[found[0].paragraph].part == "opening"


def test_only_the_heading_of_the_doubted_suggestion_is_found(ws: Workspace) -> None:
    # The 3rd suggestion's line is doubted; the 1st suggestion's heading, as the officer
    # reworded it, shares 完善评价机制 with that line: only the 3rd's heading is found.
    draft = _draft(ws, _scan((PROPOSAL[9], 0.5)))
    third = next(s for s in draft.all_sections() if s.suggestion == draft.proposal.suggestions[2])
    for section in draft.all_sections():
        if section.suggestion == draft.proposal.suggestions[0]:
            section.heading = (
                "完善评价机制并加强师资培训"  # the officer's words, sharing 完善评价机制
            )
    blocks = render_blocks(draft)

    found = _ours(session.check_reply(ws, draft))

    headings = [blocks[f.paragraph] for f in found if blocks[f.paragraph].is_heading]
    assert len(headings) == 1 and third.heading in headings[0].text
