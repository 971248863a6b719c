"""The command line as users and outside checks call it: names, flags, --json fields, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import docx
import pytest

from replydraft.cli import main
from tests.seedfiles import SEED_REPLY_PUDONG_057, SEED_REPLY_PUDONG_195, SEEDS

CONTRACT_FIELDS = {
    "id",
    "kind",
    "title",
    "session",
    "proposal_number",
    "recipients",
    "bureau",
    "doc_number",
    "date",
    "result",
    "disclosure",
    "signer",
    "contact",
    "cc",
    "sections",
}

PROPOSAL = """关于加快人工智能产业人才集聚的建议
提案人：李明、王芳
案由：
人工智能产业竞争归根到底是人才竞争，我区人工智能人才供给仍显不足。
建议：
一、加大人工智能人才引进和培养力度，完善人才公寓等安居保障。
二、依托揭榜挂帅公共服务平台，推动企业与高校合作攻关。
"""


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> object:
    code, out, _ = run(capsys, *argv, "--json")
    assert code == 0
    return json.loads(out)


def test_a_fresh_home_lists_the_five_seeds(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = run_json(capsys, "list")
    assert isinstance(rows, list)
    assert sorted(r["kind"] for r in rows) == ["policy", "policy", "reply", "reply", "reply"]
    assert (home / "archive.sqlite3").is_file()


def test_show_json_carries_the_contract_fields(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = run_json(capsys, "list")
    assert isinstance(rows, list)
    by_number = {r["proposal_number"]: r["id"] for r in rows if r["kind"] == "reply"}
    record = run_json(capsys, "show", by_number["195"][:6])  # a unique prefix is enough
    assert isinstance(record, dict)
    assert record.keys() >= CONTRACT_FIELDS
    assert record["session"] == "浦东新区政协七届四次会议"
    assert record["recipients"] == ["吴佳桢", "白雪"]
    assert record["contact"]["phone"] == "58788388-64516"
    assert [s["level"] for s in record["sections"]] == [1, 1]
    assert {"heading", "level", "paragraphs"} <= record["sections"][1].keys()


def test_json_output_is_utf8_not_ascii_escaped(home: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "replydraft", "list", "--json"],
        capture_output=True,
        check=True,
        env={**_env(), "REPLYDRAFT_HOME": str(home)},
    ).stdout.decode("utf-8")
    assert "浦东新区" in out and "\\u" not in out


def _env() -> dict[str, str]:
    import os

    return {k: v for k, v in os.environ.items() if k != "REPLYDRAFT_HOME"}


def test_import_reports_bad_files_and_exits_1(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "good.txt").write_text(PROPOSAL, encoding="gb18030")
    (folder / "broken.docx").write_bytes(b"not a zip at all")
    code, out, err = run(capsys, "import", str(folder), str(tmp_path / "missing.txt"))
    assert code == 1
    assert "1 added" in out
    failed = [line for line in err.splitlines() if line.startswith("failed:")]
    assert len(failed) == 2
    assert any("broken.docx" in line and "zip" in line for line in failed)
    assert any("missing.txt" in line for line in failed)
    assert "Traceback" not in err
    rows = run_json(capsys, "list", "--kind", "proposal")
    assert isinstance(rows, list)
    assert [r["title"] for r in rows] == ["关于加快人工智能产业人才集聚的建议"]


def test_show_of_an_unknown_id_is_one_line(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "show", "ffffffff")
    assert code == 1
    assert err.count("\n") == 1 and "ffffffff" in err


def test_search_json_follows_the_contract(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    results = run_json(capsys, "search", str(SEED_REPLY_PUDONG_195), "--top", "3")
    assert isinstance(results, list) and 1 <= len(results) <= 3
    first = results[0]
    assert {"id", "title", "score", "rank", "passages"} <= first.keys()
    assert first["rank"] == 1 and 0 <= first["score"] <= 100
    # The file searched with is itself archived: it is left out, and its sibling comes first.
    assert first["title"] == "对浦东新区政协七届四次会议第057号提案的答复"
    assert first["passages"], "the best match shows the paragraphs that matched"
    assert {"score", "terms"} <= first["passages"][0].keys()
    text_results = run_json(capsys, "search", "--text", "揭榜挂帅公共服务平台", "--top", "2")
    assert isinstance(text_results, list) and text_results


def test_draft_to_docx_and_json_then_export_and_check(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    proposal = tmp_path / "proposal.txt"
    proposal.write_text(PROPOSAL, encoding="utf-8")
    draft_file = tmp_path / "reply.json"
    code, out, _ = run(
        capsys, "draft", str(proposal), "--bureau", "pudong-kjw", "-o", str(draft_file)
    )
    assert code == 0 and "2 suggestion(s)" in out
    data = json.loads(draft_file.read_text(encoding="utf-8"))
    answers = data["sections"][1]["sections"]
    assert len(answers) == 2
    reused = [p for s in answers for p in s["paragraphs"] if p["source"]]
    assert reused, "search fills the sections with past paragraphs"
    assert all(p["source"]["doc_id"] and p["source"]["title"] for p in reused)

    out_docx = tmp_path / "reply.docx"
    code, _, err = run(capsys, "export", str(draft_file), "-o", str(out_docx))
    assert code == 1 and not out_docx.exists(), "a draft with gaps is not exported silently"
    assert "【待填写】" in err and "办理结果" in err and "--allow-gaps" in err
    code, _, err = run(capsys, "export", str(draft_file), "-o", str(out_docx), "--allow-gaps")
    assert code == 0 and "【待填写】" in err  # let through, and said so
    text = "\n".join(p.text for p in docx.Document(str(out_docx)).paragraphs)
    assert "李明、王芳委员" in text
    assert reused[0]["text"][:20] in text

    code, out, _ = run(capsys, "check", str(draft_file), "--json")
    report = json.loads(out)
    rules = {f["rule"] for f in report["findings"]}
    assert any(r.startswith("leftover") for r in rules), "the 【待填写】 gaps are reported"
    assert code == 1  # gaps left in a draft are errors until the officer fills them
    for exported in (out_docx, tmp_path / "reply.txt"):
        if not exported.exists():
            run(capsys, "export", str(draft_file), "-o", str(exported), "--allow-gaps")
        code, out, _ = run(capsys, "check", str(exported), "--json")
        gaps = [
            f
            for f in json.loads(out)["findings"]
            if f["rule"] == "leftover.placeholder" and "待填写" in f["message"]
        ]
        assert code == 1 and gaps and all(f["severity"] == "error" for f in gaps), exported


def test_check_exits_1_on_the_published_seed_defects(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "check", str(SEED_REPLY_PUDONG_195), "--json")
    assert code == 1
    rules = {f["rule"] for f in json.loads(out)["findings"]}
    assert {"heading.lost-numeral", "date.lost-separator", "punct.ascii"} <= rules


def test_check_fix_writes_the_mechanical_fixes(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "fixed.txt"
    code, _, err = run(capsys, "check", str(SEED_REPLY_PUDONG_057), "--fix", "-o", str(target))
    assert "applied" in err
    fixed = target.read_text(encoding="utf-8")
    assert "浦科经委办理〔2025〕61号" in fixed
    assert code in (0, 1)


def test_templates_list_and_check(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "templates", "list")
    assert code == 0
    assert "replies/member.j2" in out and "pudong-kjw" in out
    code, out, _ = run(capsys, "templates", "check")
    assert code == 0
    broken = tmp_path / "broken.j2"
    broken.write_text(
        '{% extends "replies/base.j2" %}\n{% block title %}{{ proposal.titel }}{% endblock %}\n'
    )
    code, out, _ = run(capsys, "templates", "check", str(broken))
    assert code == 1
    assert "第 2 行" in out and "titel" in out


def test_export_refuses_an_unknown_suffix(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "export", str(tmp_path / "x.json"), "-o", str(tmp_path / "x.pdf"))
    assert code == 1 and "x.pdf" in err


def test_version_and_help_name_every_contract_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    for command in (
        "gui",
        "import",
        "list",
        "show",
        "search",
        "draft",
        "check",
        "export",
        "templates",
        "bench",
    ):
        assert command in out
    assert SEEDS.is_dir()


def test_reparse_refreshes_the_record_and_the_index(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = run_json(capsys, "list")
    assert isinstance(rows, list)
    reply = next(r for r in rows if r["proposal_number"] == "057")
    code, out, _ = run(capsys, "reparse", reply["id"])
    assert code == 0 and "re-parsed 1 record(s)" in out
    record = run_json(capsys, "show", reply["id"])
    assert isinstance(record, dict) and record["cc"] == ["区政府办公室", "区政协提案委"]
    found = run_json(capsys, "search", "--text", "AIGC 产业 数据要素 头雁效应 链主企业")
    assert isinstance(found, list) and found[0]["id"] == reply["id"]


def test_reparse_gives_the_index_the_fields_an_older_parser_read_wrong(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from dataclasses import replace

    from replydraft.archive import Archive
    from replydraft.index import SearchIndex, index_path_for
    from replydraft.parse import PARSER_VERSION

    def best() -> dict[str, str]:
        found = run_json(capsys, "search", "--text", "AIGC 产业 数据要素 头雁效应 链主企业")
        assert isinstance(found, list)
        return dict(found[0])

    doc_id, title = best()["id"], best()["title"]
    # An archive and index an older parser made: the title read wrong, in both.
    archive_path = home / "archive.sqlite3"
    with Archive(archive_path) as archive:
        wrong = replace(archive.get(doc_id).parsed, title="旧解析器读错的标题")
        archive.update_parsed(doc_id, wrong, parser_version=PARSER_VERSION - 1)
        folder = index_path_for(archive_path)
        assert folder is not None
        with SearchIndex(folder) as index:
            index.reindex(archive, [doc_id])
    assert best()["title"] == "旧解析器读错的标题"
    code, out, _ = run(capsys, "reparse")
    assert code == 0 and "re-parsed 1 record(s)" in out
    assert best()["title"] == title


def test_gui_takes_a_file_to_open() -> None:
    from replydraft.cli import build_parser

    args = build_parser().parse_args(["gui", "第088号提案.docx"])
    assert args.func.__name__ == "cmd_gui" and args.file == "第088号提案.docx"
    assert build_parser().parse_args(["gui"]).file is None


@pytest.mark.parametrize("command", ["draft", "check", "export"])
def test_readme_cli_block_names_every_flag_of_the_command(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    import re

    with pytest.raises(SystemExit):
        main([command, "--help"])
    flags = set(re.findall(r"(?<![\w-])--[a-z][a-z-]+", capsys.readouterr().out))
    flags -= {"--help", "--archive"}  # common to every command, said once below the block
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    block = readme.split("## The command line", 1)[1].split("```", 2)[1]
    lines = block.split(f"replydraft {command} ", 1)[1].split("\nreplydraft ", 1)[0]
    named = set(re.findall(r"--[a-z][a-z-]+", lines))
    if re.search(r"(?<![\w-])-o ", lines):
        named.add("--output")  # the block writes the short form
    assert flags and flags <= named, flags - named
