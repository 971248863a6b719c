"""A folder of 100 mixed files as an officer's archive holds them (.txt, .docx, text PDFs,
scanned PDFs, .doc, .wps, .ofd), imported with worker processes: every file is read, or
named with the reason it was not."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import docx
import pytest

from replydraft.archive import Archive
from replydraft.importer import import_paths
from replydraft.readers.doc import find_soffice
from replydraft.tokenize import Tokenizer
from tests.core._make_docs import docx_bytes, pdf_bytes
from tests.core._make_ofd import LEFT, ofd_bytes, wrap_lines
from tests.core._make_scans import has_cjk_font, image_pdf, render

SOFFICE = find_soffice()
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed (.doc/.wps)"),
    pytest.mark.skipif(not has_cjk_font(), reason="no Chinese font to draw the scans with"),
]


def reply(n: int) -> list[str]:
    """A short reply, its numbers its own, so no two files hold the same bytes."""
    return [
        f"关于政协第{n}号提案的答复",
        "民建长宁区委：",
        f"你们提出的关于加强基础教育师资培训的建议（第{n}号）收悉。现答复如下：",
        f"一、{2020 + n % 5}年共组织专题培训{n + 3}次，覆盖教师{100 * n}人次。",
        f"二、设立专项资金{n * 10}万元，用于人工智能课程建设。",
        "上海市长宁区教育局",
    ]


def _docx(paragraphs: list[str]) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    return docx_bytes(document)


def _make_folder(root: Path) -> tuple[Path, dict[str, str]]:
    """100 files in a folder tree; returns it and the format expected of each file name."""
    folder = root / "历年答复"
    (folder / "扫描件").mkdir(parents=True)
    (folder / "旧档案").mkdir()
    expected: dict[str, str] = {}
    n = 0

    def put(relative: str, data: bytes, fmt: str) -> None:
        (folder / relative).write_bytes(data)
        expected[Path(relative).name] = fmt

    for _ in range(30):
        n += 1
        put(f"答复{n:03d}.txt", "\n\n".join(reply(n)).encode("gb18030"), "txt")
    for _ in range(20):
        n += 1
        put(f"答复{n:03d}.docx", _docx(reply(n)), "docx")
    for _ in range(20):
        n += 1
        put(f"答复{n:03d}.pdf", pdf_bytes(reply(n), width=30), "pdf")
    for _ in range(2):
        n += 1
        put(f"扫描件/答复{n:03d}.pdf", image_pdf(render(pdf_bytes(reply(n), width=30))), "pdf")
    for _ in range(10):
        n += 1
        pages = [[(LEFT, line) for line in reply(n)[:2]] + wrap_lines("".join(reply(n)[2:]))]
        put(f"答复{n:03d}.ofd", ofd_bytes(pages), "ofd")
    # .doc and .wps: Word 97 files saved by LibreOffice, all in one run of it.
    sources = root / "docx-for-doc"
    sources.mkdir()
    for _ in range(16):
        n += 1
        (sources / f"答复{n:03d}.docx").write_bytes(_docx(reply(n)))
    assert SOFFICE is not None
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation={(root / 'lo-profile').as_uri()}", "--headless",
         "--norestore", "--convert-to", "doc:MS Word 97", "--outdir", str(root / "doc"),
         *sorted(str(p) for p in sources.iterdir())],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    for i, made in enumerate(sorted((root / "doc").iterdir())):
        suffix = ".doc" if i % 2 == 0 else ".wps"  # WPS Office's .wps is Word 97 format
        put(f"旧档案/{made.stem}{suffix}", made.read_bytes(), suffix[1:])
    # Two that cannot be read: they must be named, with the reason.
    put("旧档案/损坏.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 700, "")
    put("损坏.ofd", b"PK\x03\x04 not really a zip", "")
    assert len(expected) == 100
    return folder, expected


def test_a_folder_of_100_mixed_files_reads_every_one_or_says_why(tmp_path: Path) -> None:
    folder, expected = _make_folder(tmp_path)
    archive = Archive(":memory:")
    tokenizer = Tokenizer()
    done: list[int] = []

    report = import_paths(
        archive, [folder], tokenizer=tokenizer, workers=2, progress=lambda d, t, p: done.append(d)
    )

    assert done[-1] == 100
    failed = {f.path.name: f.problem for f in report.failures}
    assert sorted(failed) == ["损坏.doc", "损坏.ofd"]
    for problem in failed.values():
        assert re.search("[\u4e00-\u9fff]", problem) and "\n" not in problem
    assert "另存为 .docx" in failed["损坏.doc"]
    assert "OFD" in failed["损坏.ofd"]
    assert len(report.added) == 98 and not report.duplicates
    stored = {r.source: r for r in (archive.get(i) for i in report.added)}
    for name, fmt in expected.items():
        if fmt:
            record = stored[name]
            assert record.format == fmt, name
            number = int(re.sub(r"\D", "", name))
            # The text came through whatever the format: the proposal number and the sum.
            text = "".join(record.paragraphs)
            assert f"第{number}号" in text and f"{number * 10}万元" in text, name
