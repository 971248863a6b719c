"""Hostile and damaged inputs: bombs stopped before they inflate, damaged text read with a
warning, odd file names imported and shown safely, helpers that never outlive an import."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import docx
import pytest

from replydraft import ingest
from replydraft.archive import Archive
from replydraft.cli import main
from replydraft.importer import HELPER_MEMORY, import_paths, readable_name
from replydraft.ingest import IngestError, decode_text_counted, ingest_bytes, ingest_file

REPLY = (
    "关于加强农村饮水安全保障的建议的答复\n\n"
    "张委员：\n\n您提出的关于加强农村饮水安全保障的建议收悉，现答复如下：\n\n"
    "一、新建集中供水站三座，铺设供水管网一百二十公里，水质检测实现全覆盖。\n\n"
    "感谢您对水务工作的关心和支持。\n\n某区水务局\n\n2024年5月1日\n"
)


def _docx_bytes(text: str = "答复正文") -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _rezip(data: bytes, replace: dict[str, bytes]) -> bytes:
    """The .docx `data` with some members' contents replaced (or added)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            body = replace.get(info.filename, src.read(info.filename))
            dst.writestr(info.filename, body, compress_type=zipfile.ZIP_DEFLATED)
        for name in replace.keys() - set(src.namelist()):  # new members
            dst.writestr(name, replace[name], compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


# --- Bombs -----------------------------------------------------------------------------------


def test_a_docx_whose_document_inflates_a_thousandfold_is_refused_unopened() -> None:
    data = _docx_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        xml = zf.read("word/document.xml")
    # 60 MB of a repeated run: a few dozen KB packed.
    run = b"<w:p><w:r><w:t>" + "炸".encode() * 20 + b"</w:t></w:r></w:p>"
    body = xml.replace(b"<w:body>", b"<w:body>" + run * (60_000_000 // len(run)))
    bomb = _rezip(data, {"word/document.xml": body})
    assert len(bomb) < 1_000_000
    start = time.monotonic()
    with pytest.raises(IngestError, match=r"解压后过大|压缩比异常"):
        ingest_bytes(bomb, "炸弹.docx")
    assert time.monotonic() - start < 5


def test_a_docx_holding_a_huge_image_is_refused_by_its_ratio() -> None:
    bomb = _rezip(_docx_bytes(), {"word/media/image1.png": b"\0" * 50_000_000})
    with pytest.raises(IngestError, match="压缩比异常") as caught:
        ingest_bytes(bomb, "图.docx")
    assert "image1.png" in str(caught.value) and str(caught.value).startswith("图.docx: ")


def test_declared_sizes_over_the_total_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ingest, "MAX_UNPACKED_BYTES", 2_000)
    with pytest.raises(IngestError, match="解压后过大"):
        ingest_bytes(_docx_bytes(), "a.docx")


def test_a_text_with_more_characters_than_any_reply_is_refused_quickly() -> None:
    text = ("内容" * 1000 + "\n") * 2000  # 4 million characters
    start = time.monotonic()
    with pytest.raises(IngestError, match="文字过多"):
        ingest_bytes(text.encode("utf-8")[: ingest.MAX_TEXT_BYTES], "长.txt")
    assert time.monotonic() - start < 10


def test_a_text_of_only_line_breaks_is_refused_by_paragraph_count() -> None:
    with pytest.raises(IngestError, match="段落过多"):
        ingest_bytes(("字\n" * 200_000).encode(), "行.txt")


# --- Damaged text ----------------------------------------------------------------------------


def test_utf8_with_a_cut_last_character_is_read_with_a_warning(tmp_path: Path) -> None:
    data = REPLY.encode("utf-8")[:-2]  # "日\n" cut inside 日
    text, encoding, replaced = decode_text_counted(data)
    assert encoding == "utf-8" and replaced == 1 and text.endswith("日\ufffd") is False
    assert text.startswith("关于加强农村饮水安全保障") and text.endswith("\ufffd")
    path = tmp_path / "截断.txt"
    path.write_bytes(data)
    got = ingest_file(path)
    assert got.warnings and "1 处字节不是有效的 UTF-8" in got.warnings[0]


def test_utf8_with_a_flipped_bit_is_read_with_a_warning() -> None:
    data = bytearray(REPLY.encode("utf-8"))
    data[40] ^= 0x40  # a continuation byte no longer continues
    got = ingest_bytes(bytes(data), "翻转.txt")
    assert got.encoding == "utf-8" and got.warnings
    assert "新建集中供水站三座" in "".join(got.paragraphs)


def test_gbk_text_is_still_gbk_not_damaged_utf8() -> None:
    got = ingest_bytes(REPLY.encode("gbk"), "旧.txt")
    assert got.encoding == "gb18030" and not got.warnings
    assert "新建集中供水站三座" in "".join(got.paragraphs)


# --- Names -----------------------------------------------------------------------------------


@pytest.mark.skipif(sys.platform != "linux", reason="byte file names: Linux")
def test_a_file_named_in_gbk_bytes_is_imported_under_its_chinese_name(tmp_path: Path) -> None:
    folder = tmp_path / "来自Windows"
    folder.mkdir()
    name = os.fsdecode("答复第12号.txt".encode("gbk"))
    (folder / name).write_text(REPLY, encoding="utf-8")
    archive = Archive(":memory:")
    report = import_paths(archive, [folder], workers=1)
    assert report.ok and len(report.added) == 1
    assert archive.get(report.added[0]).source == "答复第12号.txt"
    assert readable_name(name) == "答复第12号.txt"


def test_printed_names_cannot_forge_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    evil = tmp_path / "a\nfailed: forged\x1b[2K.doc"
    evil.write_bytes(b"x")
    code = main(["--archive", str(tmp_path / "a.sqlite3"), "import", str(evil)])
    err = capsys.readouterr().err
    assert code == 1
    assert "\nfailed: forged" not in err and "\x1b" not in err
    lines = [line for line in err.splitlines() if line.startswith("failed:")]
    assert (len(lines) == 1 and "\\u000a" in lines[0]) or "\\x0a" in lines[0]


def test_a_few_characters_are_not_archived(tmp_path: Path) -> None:
    note = tmp_path / "便条.txt"
    note.write_text("已阅。\n", encoding="utf-8")
    report = import_paths(Archive(":memory:"), [note], workers=1)
    assert not report.added and "文字过少" in report.failures[0].problem


# --- Helpers ---------------------------------------------------------------------------------

IMPORT_THEN_HANG = """
import multiprocessing, sys, threading
from pathlib import Path
from replydraft.archive import Archive
from replydraft.importer import import_paths
def progress(done, total, path):
    for child in multiprocessing.active_children():
        print(child.pid, flush=True)
    print("", flush=True)
    threading.Event().wait(600)  # the import goes on; it is killed meanwhile
import_paths(Archive(":memory:"), [Path(p) for p in sys.argv[1:]], workers=2, progress=progress)
"""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie has exited: its parent (init) just has not reaped it yet
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0] != "Z"
    except (OSError, IndexError):
        return True


@pytest.mark.skipif(sys.platform != "linux", reason="prctl: Linux")
def test_no_helper_outlives_a_killed_import(tmp_path: Path) -> None:
    files = []
    for n in range(8):
        path = tmp_path / f"{n}.txt"
        path.write_text(REPLY + str(n), encoding="utf-8")
        files.append(str(path))
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2] / "src")}
    importer = subprocess.Popen(
        [sys.executable, "-c", IMPORT_THEN_HANG, *files],
        stdout=subprocess.PIPE,
        env=env,
    )
    assert importer.stdout is not None
    helpers = [int(line) for line in iter(importer.stdout.readline, b"\n")]
    assert len(helpers) == 2
    assert all(_alive(pid) for pid in helpers)
    importer.send_signal(signal.SIGKILL)
    importer.wait()
    deadline = time.monotonic() + 20
    while any(_alive(pid) for pid in helpers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(_alive(pid) for pid in helpers)


def test_a_helper_runs_under_the_memory_limit() -> None:
    resource = pytest.importorskip("resource")
    code = (
        "import resource, replydraft.importer as im; im._limit_memory(im.HELPER_MEMORY);"
        "print(resource.getrlimit(resource.RLIMIT_AS)[0]);"
        "b = bytearray(2 * im.HELPER_MEMORY)"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2] / "src")}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert int(done.stdout) == HELPER_MEMORY and resource is not None
    assert "MemoryError" in done.stderr


# --- Outputs ---------------------------------------------------------------------------------


def test_a_full_disk_stops_the_import_once_and_lists_every_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    files = []
    for n in range(6):
        path = tmp_path / f"答复{n}.txt"
        path.write_text(REPLY.replace("三座", f"{n + 3}座"), encoding="utf-8")
        files.append(str(path))
    real_add = Archive.add
    stored: list[str] = []

    def add_until_full(self: Archive, record: object, *args: object, **kwargs: object) -> bool:
        if not getattr(record, "source", "").startswith("答复"):  # the seeds, on first open
            return real_add(self, record, *args, **kwargs)  # type: ignore[arg-type]
        if len(stored) >= 2:
            full = sqlite3.OperationalError("database or disk is full")
            full.sqlite_errorcode = 13  # SQLITE_FULL, as SQLite sets it
            raise full
        stored.append("x")
        return real_add(self, record, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Archive, "add", add_until_full)
    code = main(["--archive", str(tmp_path / "a.sqlite3"), "import", *files])
    out, err = capsys.readouterr()
    assert code == 1
    assert out.strip() == "2 added, 0 already in the archive, 4 failed, stopped early"
    failed = [line for line in err.splitlines() if line.startswith("failed: ")]
    assert len(failed) == 4 and all(f.split(": ")[1] in files for f in failed)
    assert err.count("磁盘已满，导入已停止") == 1


def test_check_fix_never_writes_over_its_input_or_a_document(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "答复.docx"
    source.write_bytes(_docx_bytes(REPLY))
    draft = tmp_path / "草稿.rdraft.json"
    draft.write_text("{}", encoding="utf-8")
    text = tmp_path / "答复.txt"
    text.write_text(REPLY, encoding="utf-8")
    archive = ["--archive", str(tmp_path / "a.sqlite3")]
    before = {p: p.read_bytes() for p in (source, draft, text)}
    for target in (source, draft, tmp_path / "新.docx", tmp_path / "x.json", text):
        file = text if target == text else source
        assert main([*archive, "check", str(file), "--fix", "-o", str(target)]) == 1
        assert "replydraft: " in capsys.readouterr().err
    assert {p: p.read_bytes() for p in (source, draft, text)} == before
    assert not (tmp_path / "新.docx").exists() and not (tmp_path / "x.json").exists()
    # A .txt beside it is fine.
    main([*archive, "check", str(source), "--fix", "-o", str(tmp_path / "改.txt")])
    assert "新建集中供水站三座" in (tmp_path / "改.txt").read_text(encoding="utf-8")


def test_a_pdf_of_more_pages_than_the_cap_is_refused_before_reading(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    pdf = canvas.Canvas(out)
    for page in range(4):
        pdf.drawString(40, 800, f"page {page}")
        pdf.showPage()
    pdf.save()
    monkeypatch.setattr(ingest, "MAX_PDF_PAGES", 3)
    with pytest.raises(IngestError, match="PDF 页数过多（4 页，上限为 3 页）"):
        ingest_bytes(out.getvalue(), "长.pdf")
