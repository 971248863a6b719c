"""A 信函 .docx read back: its 办理结果 and 文号 share a line, parted by a right tab stop, and
the import keeps them apart (readers/docx.py reads a tab as a field separator)."""

from __future__ import annotations

import json
from pathlib import Path

import docx
import pytest

from replydraft.cli import main
from replydraft.docx_export import export_docx
from replydraft.ingest import ingest_file
from replydraft.parse import parse
from replydraft.profiles import ExportStyle
from replydraft.records import Kind
from tests.core._drafts import TITLE, pudong_057

NUMBER = "浦科经委办理〔2025〕61号"


@pytest.mark.parametrize("result", ["解决或采纳", "A"])
def test_an_exported_letter_reads_back_with_result_and_doc_number_apart(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], result: str
) -> None:
    draft = pudong_057()
    draft.header.result = result
    exported = tmp_path / "信函.docx"
    export_docx(draft, ExportStyle(letterhead="letter"), exported)
    # The export does put both on one line, the number after a tab.
    first = docx.Document(str(exported)).paragraphs[0]
    assert first.text == f"办理结果：{result}\t{NUMBER}"

    assert main(["import", str(exported), "--kind", "reply"]) == 0
    capsys.readouterr()
    assert main(["list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    record_id = next(r["id"] for r in listed if Path(r["source"]).name == exported.name)
    assert main(["show", record_id, "--json"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["title"] == TITLE
    assert record["result"] == result
    assert record["doc_number"] == NUMBER
    assert record["disclosure"] == "主动公开"


def test_a_tab_between_chinese_words_is_kept_as_a_separator(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("办理结果：B类\t沪教委办理〔2024〕7号")
    document.add_paragraph("公开属性：依申请公开")
    document.add_paragraph("对市政协十四届二次会议第0123号提案的答复")
    document.add_paragraph("王芳委员：")
    document.add_paragraph("您提出的《关于加强中小学心理健康教育的建议》提案收悉，现答复如下：")
    path = tmp_path / "带制表符.docx"
    document.save(str(path))
    ingested = ingest_file(path)
    assert ingested.paragraphs[0] == "办理结果：B类 沪教委办理〔2024〕7号"
    parsed = parse(ingested.paragraphs, Kind.REPLY)
    assert parsed.result == "B"
    assert parsed.doc_number == "沪教委办理〔2024〕7号"
