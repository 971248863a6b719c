"""archive-sent: the signed reply (with the leader's tracked changes) enters the archive."""

from __future__ import annotations

import json
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.oxml.parser import OxmlElement

from replydraft.cli import main
from replydraft.docx_export import export_docx
from replydraft.draft import load_draft, save_draft
from replydraft.profiles import ExportStyle
from replydraft.records import Contact, Draft, DraftParagraph, DraftSection, Kind, Parsed
from replydraft.sent import SentError, mark_sent, sent_record
from tests.core._drafts import SIGNATURE

PROPOSAL_TITLE = "关于推进社区嵌入式养老服务设施建设的建议"
SUGGESTIONS = [
    "在老旧小区改造中统筹配建社区嵌入式养老服务站点",
    "建立养老护理员职业培训和岗位补贴制度",
]
ANSWER = (
    "我委会同区民政局梳理了老旧小区改造计划，将社区嵌入式养老服务站点纳入改造清单，"
    "今年已在洋泾、塘桥街道试点建设十二个养老服务站点，提供助餐、助浴和日间照料服务。"
)
TRAINING = (
    "关于养老护理员队伍建设，区人社局已将养老护理员纳入职业技能提升补贴目录，"
    "对取得职业技能等级证书的护理员给予岗位补贴，并在社区开设护理技能培训班。"
)


def eldercare_draft() -> Draft:
    proposal = Parsed(
        kind=Kind.PROPOSAL,
        title=PROPOSAL_TITLE,
        session="浦东新区政协七届五次会议",
        proposal_number="088",
        proposers=["张明"],
        suggestions=list(SUGGESTIONS),
    )
    return Draft(
        bureau="pudong-kjw",
        title="对浦东新区政协七届五次会议第088号提案的答复",
        salutation="张明委员",
        opening=f"您提出的《{PROPOSAL_TITLE}》提案（第088号）收悉，经研究，现将办理情况答复如下：",
        sections=[
            DraftSection("社区嵌入式养老服务站点建设", 1, [DraftParagraph(ANSWER)]),
            DraftSection("养老护理员培训和补贴", 1, [DraftParagraph(TRAINING)]),
        ],
        closing=["感谢您对养老服务工作的关心和支持。"],
        signature=SIGNATURE,
        date="2026-05-20",
        contact=Contact("卿逸男", "58788388-64516"),
        proposal=proposal,
    )


def leader_edits(exported: Path, final: Path) -> None:
    """What a leader does in Word with track changes on: one insertion, one deletion."""
    document = docx.Document(str(exported))
    target = next(p for p in document.paragraphs if p.text.startswith("我委会同"))
    ins = OxmlElement(
        "w:ins", {qn("w:id"): "1", qn("w:author"): "李局长", qn("w:date"): "2026-05-21T09:00:00Z"}
    )
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "下半年还将新增八个站点。"
    run.append(text)
    ins.append(run)
    target._p.append(ins)
    deleted = OxmlElement("w:del", {qn("w:id"): "2", qn("w:author"): "李局长"})
    run = OxmlElement("w:r")
    gone = OxmlElement("w:delText")
    gone.text = "此句已被领导删去。"
    run.append(gone)
    deleted.append(run)
    target._p.append(deleted)
    document.save(str(final))


@pytest.fixture
def sent_files(tmp_path: Path) -> tuple[Path, Path]:
    draft_file = tmp_path / "答复.rdraft.json"
    save_draft(eldercare_draft(), draft_file)
    exported = tmp_path / "答复.docx"
    export_docx(eldercare_draft(), ExportStyle(), exported)
    final = tmp_path / "答复-签发稿.docx"
    leader_edits(exported, final)
    return final, draft_file


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_the_sent_reply_is_found_first_next_year(
    home: Path, sent_files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    final, draft_file = sent_files
    query = PROPOSAL_TITLE + "。" + "。".join(SUGGESTIONS)
    code, out, _ = run(capsys, "search", "--text", query, "--json")
    before = {r["id"] for r in json.loads(out)} if code == 0 else set()

    code, out, err = run(
        capsys, "archive-sent", str(final), "--draft", str(draft_file),
        "--doc-number", "浦科经委办理〔2026〕88号", "--date", "2026-05-25", "--json",
    )  # fmt: skip
    assert code == 0, err
    done = json.loads(out)
    assert done["added"] and done["id"] not in before
    assert done["doc_number"] == "浦科经委办理〔2026〕88号"
    assert {(c["kind"], c["text"], c["author"]) for c in done["changes"]} == {
        ("insert", "下半年还将新增八个站点。", "李局长"),
        ("delete", "此句已被领导删去。", "李局长"),
    }

    code, out, _ = run(capsys, "search", "--text", query, "--json")
    results = json.loads(out)
    assert results[0]["id"] == done["id"] and results[0]["rank"] == 1

    code, out, _ = run(capsys, "show", done["id"], "--json", "--text")
    record = json.loads(out)
    assert record["kind"] == "reply"
    assert record["session"] == "浦东新区政协七届五次会议"
    assert record["proposal_number"] == "088"
    assert record["recipients"] == ["张明"]
    assert record["bureau"] == SIGNATURE
    text = "".join(record["paragraphs"])
    assert "下半年还将新增八个站点。" in text and "此句已被领导删去" not in text

    marked = load_draft(draft_file)
    assert marked.is_sent and marked.sent_date == "2026-05-25"
    assert marked.sent_doc_number == marked.header.doc_number == "浦科经委办理〔2026〕88号"

    # Again: nothing new, and the same 文号 is accepted; another 文号 is refused.
    code, out, _ = run(
        capsys, "archive-sent", str(final), "--draft", str(draft_file),
        "--doc-number", "浦科经委办理〔2026〕88号", "--date", "2026-05-25",
    )  # fmt: skip
    assert code == 0 and "already archived" in out
    code, _, err = run(
        capsys, "archive-sent", str(final), "--draft", str(draft_file),
        "--doc-number", "浦科经委办理〔2026〕99号", "--date", "2026-05-25",
    )  # fmt: skip
    assert code == 1 and "已于 2026-05-25 以 浦科经委办理〔2026〕88号 发出" in err


def test_bad_date_or_gaps_leave_draft_and_archive_alone(
    home: Path, sent_files: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    final, draft_file = sent_files
    code, out, _ = run(capsys, "list", "--json")
    count = len(json.loads(out))
    code, _, err = run(
        capsys, "archive-sent", str(final), "--draft", str(draft_file),
        "--doc-number", "浦科经委办理〔2026〕88号", "--date", "2026年5月25日",
    )  # fmt: skip
    assert code == 1 and "YYYY-MM-DD" in err and "答复.rdraft.json" in err
    gappy = eldercare_draft()
    gappy.header.doc_number = "浦科经委办理〔2026〕【待填写：编号】号"
    unfinished = tmp_path / "未完成.docx"
    export_docx(gappy, ExportStyle(), unfinished)
    code, _, err = run(
        capsys, "archive-sent", str(unfinished), "--draft", str(draft_file),
        "--doc-number", "浦科经委办理〔2026〕88号", "--date", "2026-05-25",
    )  # fmt: skip
    assert code == 1 and "未完成.docx" in err and "【待填写】" in err
    assert not load_draft(draft_file).is_sent
    code, out, _ = run(capsys, "list", "--json")
    assert len(json.loads(out)) == count


def test_a_draft_not_marked_sent_is_never_a_reply(sent_files: tuple[Path, Path]) -> None:
    final, _ = sent_files
    draft = eldercare_draft()
    with pytest.raises(SentError, match="尚未标记为已发出"):
        sent_record(final, draft)
    with pytest.raises(SentError, match="文号"):
        mark_sent(draft, "浦科经委办理〔2026〕【待填写：编号】号", "2026-05-25")
    assert not draft.is_sent
    mark_sent(draft, "浦科经委办理〔2026〕88号", "2026-05-25")
    assert sent_record(final, draft).parsed.kind is Kind.REPLY


def test_letter_format_result_line_is_read_apart_from_its_doc_number(tmp_path: Path) -> None:
    """The 信函 prints 办理结果 and the 文号 on one line (a right tab); the archived reply keeps
    the result without the number."""
    draft = eldercare_draft()
    draft.header.result = "解决或采纳"
    draft.header.doc_number = "浦科经委办理〔2026〕88号"
    final = tmp_path / "信函.docx"
    export_docx(draft, ExportStyle(letterhead="letter"), final)
    mark_sent(draft, "浦科经委办理〔2026〕88号", "2026-05-25")
    parsed = sent_record(final, draft).parsed
    assert parsed.result == "解决或采纳"
    assert parsed.doc_number == "浦科经委办理〔2026〕88号"


def test_a_final_not_in_docx_is_refused_in_chinese_naming_it(
    home: Path, sent_files: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, draft_file = sent_files
    scan = tmp_path / "签发稿.pdf"
    scan.write_bytes(b"%PDF-1.4\n%%EOF\n")
    code, _, err = run(
        capsys, "archive-sent", str(scan), "--draft", str(draft_file),
        "--doc-number", "浦科经委办理〔2026〕88号", "--date", "2026-05-25",
    )  # fmt: skip
    assert code == 1 and "签发稿.pdf" in err and "定稿应为 Word 文档（.docx）" in err
    assert not load_draft(draft_file).is_sent
