"""`replydraft bench draft`: leave-one-out drafting over the seeds and a folder of replies
written here (tests/core/test_reuse.py's corpus), its figures and its exit code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from replydraft.bench.draft import cases, measure
from replydraft.cli import main
from replydraft.importer import import_paths
from replydraft.workspace import Workspace
from tests.core.test_reuse import write_corpus


def test_each_complete_reply_becomes_a_pseudo_proposal_of_what_its_sections_answer(
    tmp_path: Path,
) -> None:
    files = write_corpus(tmp_path / "corpus")
    ws = Workspace.open(tmp_path / "home")
    try:
        import_paths(ws.archive, list(files.values()), tokenizer=ws.tokenizer, workers=1)
        ws.refresh_index()
        found = cases(ws.searcher)
        now, peer, count = measure(ws)
    finally:
        ws.close()
    (pudong,) = [c for c in found if c.title == "对浦东新区政协第十五届三次会议第101号提案的答复"]
    assert pudong.proposal.suggestions == ["加大人工智能人才引进和培养力度"]
    assert pudong.proposal.title.startswith("关于加强人工智能人才引进和培养的建议")
    assert pudong.bureau == "上海市浦东新区科技和经济委员会"
    # The body's sentences, not the opening, 概述 or thanks, are what recall is measured on
    # (the short lead sentences 一是出台…政策 prove nothing alone and are left out).
    assert [s[:6] for s in pudong.sentences] == ["围绕人才公寓", "依托高校和龙", "联合人工智能"]
    assert count == len(found) == 6  # the three seed replies and the corpus's three
    assert "某县水利局" in {c.bureau for c in found}
    # What reuse places names no other district unmarked; the peer (reuse as it was) does.
    assert now.reused > 0 and now.unmarked == 0
    assert peer.unmarked > 0
    assert 0 <= now.recalled <= now.reachable <= now.sentences


def test_a_situation_reports_headings_are_no_suggestions(tmp_path: Path) -> None:
    """全市农村供水基本情况 and 近年来工作开展情况 head what the reply reports, not what it
    was asked: a reply made only of them is no case (nothing says what it answered)."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    body = (
        "全市共建成农村集中供水工程五百九十三处，分散式供水工程六百一十二处，农村自来水"
        "普及率达到百分之九十五，规模化供水工程覆盖农村人口的比例逐年提高。"
    )
    (folder / "report.txt").write_text(
        "\n\n".join(
            [
                "对市政协第五届委员会第88号提案的答复",
                "钱某委员：",
                "您提出的《关于加强农村饮水安全的建议》收悉，现将办理情况答复如下：",
                "一、全市农村供水基本情况",
                body,
                "二、近年来工作开展情况",
                body.replace("全市", "近年来我市").replace("五百九十三", "六百"),
                "某市水利局",
                "2025年6月3日",
            ]
        ),
        encoding="utf-8",
    )
    ws = Workspace.open(tmp_path / "home")
    try:
        import_paths(ws.archive, [folder], tokenizer=ws.tokenizer, workers=1)
        ws.refresh_index()
        found = cases(ws.searcher)
    finally:
        ws.close()
    assert all(c.bureau != "某市水利局" for c in found), [c.proposal.suggestions for c in found]
    assert len(found) == 3  # the seeds' three


def test_the_command_prints_its_figures_and_fails_when_a_floor_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REPLYDRAFT_HOME", str(tmp_path / "home"))
    write_corpus(tmp_path / "corpus")
    code = main(["bench", "draft", "--corpus", str(tmp_path / "corpus")])
    out = capsys.readouterr().out
    assert re.search(r"leave-one-out over \d+ complete replies", out)
    verdicts = re.findall(r"^(.+?)\s+(\d+)%\s+(\d+)%\s+(?:>=|=) \d+% (ok|FAILED)$", out, re.M)
    assert [v[0].strip() for v in verdicts] == [
        "from a same-topic reply",
        "where another reply holds an answer",
        "another district unmarked",
    ]
    assert code == (1 if any(v[3] == "FAILED" for v in verdicts) else 0)
    unmarked = next(v for v in verdicts if v[0] == "another district unmarked")
    assert unmarked[1] == "0" and unmarked[3] == "ok"
    assert re.search(r"^intake accuracy on the intake fixtures: \d+/\d+ fields", out, re.M)


def test_a_suggestion_counts_as_answerable_only_where_another_reply_holds_its_answer(
    tmp_path: Path,
) -> None:
    """The floor is judged on suggestions whose real answer the rest of the archive holds:
    the answer to 加大人工智能人才引进 (人才公寓, 高校联合培养) stands in the seed replies too;
    an answer about rural water pumps stands nowhere else, so its gap is right."""
    from replydraft.bench.draft import _answer_held

    files = write_corpus(tmp_path / "corpus")
    ws = Workspace.open(tmp_path / "home")
    try:
        import_paths(ws.archive, list(files.values()), tokenizer=ws.tokenizer, workers=1)
        ws.refresh_index()
        searcher = ws.searcher
        (pudong,) = [
            c
            for c in cases(searcher)
            if c.title == "对浦东新区政协第十五届三次会议第101号提案的答复"
        ]
        assert pudong.answers and "人才公寓" in pudong.answers[0]
        topic = {
            m.id: m.score
            for m in searcher.search(pudong.body, top=50, exclude={pudong.doc_id}, passages_for=0)
        }
        assert _answer_held(searcher, pudong, topic) == [True]
        pudong.answers[0] = (
            "维修农村机井水泵三百台，更换老化输水管道四十公里，每季度巡检一次机井配电设施。"
        )
        assert _answer_held(searcher, pudong, topic) == [False]
    finally:
        ws.close()
