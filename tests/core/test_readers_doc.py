"""Word 97 .doc and WPS .wps: files made here by LibreOffice are read in-process to the
text LibreOffice itself gives; what the in-process reader cannot read goes to LibreOffice,
or, without it, the message says what to do."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from replydraft.ingest import normalize
from replydraft.office import convert
from replydraft.readers.base import ReadError
from replydraft.readers.doc import doc_text, find_soffice, libreoffice_text, word_binary_text

SOFFICE = find_soffice()
needs_libreoffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")
PARAGRAPHS = [
    "关于加快推进人工智能赋能基础教育的建议的答复",
    "民建长宁区委：",
    "你们提出的《关于加快推进人工智能赋能基础教育的建议》（第35号）收悉。现答复如下：",
    "一、加强师资培训",
    "2024年共组织培训12次，覆盖教师3000人次，依据沪教委〔2023〕15号文件执行。",
    "上海市长宁区教育局",
]


def _convert(source: Path, target: str, folder: Path) -> Path:
    """LibreOffice's own conversion (office.convert, as the app runs it), saved beside."""
    assert SOFFICE is not None
    data = convert(source.read_bytes(), source.suffix, target, soffice=SOFFICE, timeout=180)
    made = folder / f"{source.stem}.{target.split(':')[0]}"
    made.write_bytes(data)
    return made


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A .docx written here, saved by LibreOffice as "MS Word 97" .doc and as .wps (it has
    no WPS writer: .wps comes out in Word 97 format, which is what WPS Office writes too)."""
    folder = tmp_path_factory.mktemp("doc")
    document = docx.Document()
    for text in PARAGRAPHS[:5]:
        document.add_paragraph(text)
    table = document.add_table(rows=2, cols=2)
    for r, (label, value) in enumerate([("联系人", "张三"), ("联系电话", "021-12345678")]):
        table.cell(r, 0).text, table.cell(r, 1).text = label, value
    document.add_paragraph(PARAGRAPHS[5])
    source = folder / "答复.docx"
    document.save(str(source))
    return {
        "doc": _convert(source, "doc:MS Word 97", folder),
        "wps": _convert(source, "wps", folder),
    }


@pytest.mark.slow
@needs_libreoffice
@pytest.mark.parametrize("kind", ["doc", "wps"])
def test_doc_and_wps_made_by_libreoffice_read_in_process(made: dict[str, Path], kind: str) -> None:
    data = made[kind].read_bytes()

    text, how = doc_text(data, made[kind].name)

    assert how == "olefile"
    paragraphs = normalize(text)
    assert paragraphs == [*PARAGRAPHS[:5], "联系人：张三", "联系电话：021-12345678", PARAGRAPHS[5]]
    # LibreOffice itself reads the same words (it gives table cells one per line).
    assert SOFFICE is not None
    theirs = libreoffice_text(data, made[kind].name, SOFFICE)
    assert "".join(text.split()).replace("|", "") == "".join(theirs.split())


@pytest.mark.slow
@needs_libreoffice
def test_what_the_in_process_reader_cannot_read_goes_to_libreoffice() -> None:
    # An RTF file saved with a .doc name, as old systems often did: not an OLE file.
    rtf = rb"{\rtf1\ansi\ansicpg936{\fonttbl{\f0 SimSun;}}\f0 \uc1\u20851?\u20110?\par}"

    text, how = doc_text(rtf, "旧系统导出.doc")

    assert how == "libreoffice"
    assert text.strip() == "关于"


def test_without_libreoffice_the_message_says_what_to_do() -> None:
    with pytest.raises(ReadError) as raised:
        doc_text(b"{\\rtf1 not a word file}", "旧档案.wps", soffice="")
    message = str(raised.value)
    assert message.startswith("旧档案.wps: ")
    assert ".wps" in message and "LibreOffice" in message and ".docx" in message


def test_a_broken_ole_file_is_not_read_as_text() -> None:
    broken = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600
    with pytest.raises(ReadError, match="LibreOffice"):
        doc_text(broken, "坏.doc", soffice="")
    with pytest.raises(Exception, match=r"损坏|不是"):
        word_binary_text(broken)


def test_a_libreoffice_that_cannot_start_is_said_naming_the_file(tmp_path: Path) -> None:
    # The same helper (office.py) runs it for print_pdf, which says the same (test_print_pdf).
    with pytest.raises(ReadError, match="无法启动 LibreOffice") as raised:
        libreoffice_text(b"not a document", "旧稿.wps", str(tmp_path / "no-such-soffice"))
    assert "旧稿.wps" in str(raised.value)
