"""The readers' table: one row per format, read by suffix unless the bytes plainly say
another format, and the same list in the dialogs' filters and the messages."""

from __future__ import annotations

import json
from pathlib import Path

import docx
import pytest

from replydraft.ingest import IngestError, ingest_bytes
from replydraft.readers import registry
from tests.core._make_docs import docx_bytes, pdf_bytes
from tests.core._make_ofd import LEFT, ofd_bytes

LINES = ["关于加强基础教育师资培训的建议", "提案人：张三、李四", "案由：师资不足，经费保障不到位。"]


def _docx() -> bytes:
    document = docx.Document()
    for line in LINES:
        document.add_paragraph(line)
    return docx_bytes(document)


def test_each_suffix_belongs_to_one_format_and_every_list_names_them_all() -> None:
    seen = [s for f in registry.FORMATS for s in f.suffixes]
    assert len(seen) == len(set(seen)) == len(registry.suffixes())
    assert all(s.startswith(".") and s == s.lower() for s in seen)
    patterns = registry.patterns().split()
    assert sorted(patterns) == sorted(f"*{s}" for s in seen)
    filters = registry.format_filters()
    assert len(filters) == len(registry.FORMATS)
    for fmt, shown in zip(registry.FORMATS, filters, strict=True):
        assert shown.startswith(fmt.label) and all(f"*{s}" in shown for s in fmt.suffixes)
    message = registry.suffix_list()
    assert all(s in message for s in seen if s != ".text")
    assert registry.by_suffix(".DOCX") is registry.by_suffix(".docx")
    assert registry.by_suffix(".xlsx") is None


@pytest.mark.parametrize(
    ("data", "name", "fmt"),
    [
        (_docx(), "答复.doc", "docx"),  # saved with the wrong suffix, as old systems do
        (pdf_bytes(LINES), "答复.wps", "pdf"),
        (ofd_bytes([[(LEFT, line) for line in LINES]]), "答复.docx", "ofd"),
        (_docx(), "答复.docx", "docx"),
    ],
)
def test_the_bytes_decide_when_they_plainly_are_another_format(
    data: bytes, name: str, fmt: str
) -> None:
    ingested = ingest_bytes(data, name)

    assert ingested.format == fmt
    assert ingested.paragraphs[:2] == LINES[:2]
    assert ingested.recognised is None  # text read, not recognised


def test_a_txt_stays_text_whatever_its_bytes_look_like() -> None:
    with pytest.raises(IngestError, match="不是文本文件"):
        ingest_bytes(pdf_bytes(LINES) + b"\x00" * 500, "notes.txt")


def test_the_cli_reads_an_ofd_proposal_and_names_every_format_in_its_help(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from replydraft.cli import main

    proposal = tmp_path / "提案.ofd"
    proposal.write_bytes(ofd_bytes([[(LEFT, line) for line in LINES]]))
    draft = tmp_path / "答复.rdraft.json"

    code = main(["draft", str(proposal), "-o", str(draft), "--json"])

    out, err = capsys.readouterr()
    assert code == 0, err
    assert json.loads(out)["proposal"]["title"] == LINES[0]
    assert "OCR" not in err  # text, not a scan: no note
    with pytest.raises(SystemExit):
        main(["--help"])
    listed = capsys.readouterr().out
    assert all(suffix in listed for suffix in registry.suffixes())
