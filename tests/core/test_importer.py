"""Importing files and folders: real seeds, broken files beside them, the process pool, cancel."""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import random
import re
import shutil
import sqlite3
import sys
from pathlib import Path

import pytest

from replydraft.archive import Archive
from replydraft.importer import (
    POOL_MIN_FILES,
    ImportReport,
    Reparsed,
    collect_files,
    ensure_seeded,
    import_paths,
    reparse,
    seed_archive,
)
from replydraft.parse import PARSER_VERSION
from replydraft.records import Kind, Parsed
from replydraft.tokenize import Tokenizer
from tests.seedfiles import SEED_POLICIES, SEED_REPLIES, SEEDS

ALL_SEEDS = sorted(SEEDS.glob("*.txt"))


def file_id(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


@pytest.fixture(scope="module")
def tokenizer() -> Tokenizer:
    tk = Tokenizer()
    tk.words("预热")  # load jieba once for the whole module
    return tk


@pytest.fixture
def archive() -> Archive:
    return Archive(":memory:")


def generated_docs(folder: Path, count: int) -> list[Path]:
    """`count` distinct replies stitched from the seeds' real paragraphs."""
    paragraphs = [
        line.strip()
        for seed in SEED_REPLIES
        for line in seed.read_text(encoding="utf-8").splitlines()
        if len(line.strip()) > 30
    ]
    rng = random.Random(7)
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(count):
        body = rng.sample(paragraphs, 8)
        text = (
            f"对浦东新区政协七届四次会议第{100 + i}号提案的答复\n\n吴佳桢委员：\n\n"
            + "\n\n".join(body)
        )
        path = folder / f"reply_{i:03d}.txt"
        path.write_text(text + "\n", encoding="utf-8")
        out.append(path)
    return out


# --- finding files ---------------------------------------------------------------------------


def test_collect_files_walks_folders_and_skips_hidden_and_lock_files(tmp_path: Path) -> None:
    (tmp_path / "in" / "sub").mkdir(parents=True)
    (tmp_path / "in" / ".git").mkdir()
    for name in [
        "in/b.txt",
        "in/A.DOCX",
        "in/sub/c.pdf",
        "in/.git/d.txt",
        "in/.hidden.txt",
        "in/~$A.DOCX",
        "in/notes.xlsx",
        "in/old.doc",
        "loose.txt",
        "readme.doc",
    ]:
        (tmp_path / name).write_bytes(b"x")
    files, failures = collect_files(
        [
            tmp_path / "in",
            tmp_path / "loose.txt",
            tmp_path / "in" / "b.txt",
            tmp_path / "nope",
            tmp_path / "readme.doc",
        ]
    )
    assert [f.relative_to(tmp_path).as_posix() for f in files] == [
        "in/A.DOCX",
        "in/b.txt",
        "in/old.doc",
        "in/sub/c.pdf",
        "loose.txt",
        "readme.doc",
    ]
    # Old Word files are kept so that the import reports them (ingest says: save as .docx);
    # other files in a folder (.xlsx) are passed over.
    problems = {f.path.name: f.problem for f in failures}
    assert problems == {"nope": "找不到该文件或文件夹"}


def test_named_paths_that_cannot_be_imported_are_failures_that_say_why(tmp_path: Path) -> None:
    (tmp_path / "sheet.xlsx").write_bytes(b"x")
    (tmp_path / "README").write_bytes(b"x")
    paths = [tmp_path / "sheet.xlsx", tmp_path / "README", tmp_path / "gone.txt"]
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "pipe.txt")
        paths.append(tmp_path / "pipe.txt")
    if sys.platform != "win32":
        # Even is_dir() fails on a name the system refuses (ENAMETOOLONG): one failure, and
        # the other paths are still looked at.
        paths.insert(0, tmp_path / ("答复" * 50 + ".txt"))
    files, failures = collect_files(paths)
    assert files == []
    problems = {f.path.name if len(f.path.name) < 20 else "long": f.problem for f in failures}
    assert (
        problems.pop("sheet.xlsx")
        == "不支持 .xlsx 文件，请使用 .txt、.docx、.pdf、.doc、.wps、.ofd、.png、.jpg、.jpeg、.tif、.tiff 文件"
    )
    assert (
        problems.pop("README")
        == "不支持没有扩展名的文件，请使用 .txt、.docx、.pdf、.doc、.wps、.ofd、.png、.jpg、.jpeg、.tif、.tiff 文件"
    )
    assert problems.pop("gone.txt") == "找不到该文件或文件夹"
    if hasattr(os, "mkfifo"):
        assert problems.pop("pipe.txt") == "不是普通文件，无法导入"
    if sys.platform != "win32":
        assert problems.pop("long") == "无法读取（文件名或路径过长）"
    assert problems == {}


# --- importing real files --------------------------------------------------------------------


def test_seeds_import_with_their_kinds_and_ids_from_their_bytes(
    archive: Archive, tokenizer: Tokenizer
) -> None:
    report = import_paths(archive, [SEEDS], tokenizer=tokenizer)
    assert report.ok and not report.duplicates
    assert report.added == [file_id(p) for p in ALL_SEEDS]
    kinds = {s.id: s.kind for s in archive.list()}
    assert [kinds[file_id(p)] for p in SEED_REPLIES] == [Kind.REPLY] * 3
    assert [kinds[file_id(p)] for p in SEED_POLICIES] == [Kind.POLICY] * 2
    reply = archive.get(file_id(SEED_REPLIES[0]))
    assert reply.source.endswith(SEED_REPLIES[0].name)
    assert "195" in reply.title
    stored = [p for p in archive.paragraphs() if p.doc_id == reply.id]
    assert [p.text for p in stored] == reply.paragraphs
    # Tokens were computed at import, with the project's tokenizer.
    assert [p.tokens for p in stored] == [tokenizer.tokens(t) for t in reply.paragraphs]
    assert any("人工智能" in (p.tokens or []) for p in stored)


def test_the_same_file_gets_the_same_id_in_two_fresh_archives(tokenizer: Tokenizer) -> None:
    first = import_paths(Archive(":memory:"), [SEED_REPLIES[1]], tokenizer=tokenizer)
    second = import_paths(Archive(":memory:"), [SEED_REPLIES[1]], tokenizer=tokenizer)
    assert first.added == second.added == [file_id(SEED_REPLIES[1])]


def test_importing_again_reports_duplicates_and_stores_nothing_twice(
    archive: Archive, tokenizer: Tokenizer, tmp_path: Path
) -> None:
    import_paths(archive, [SEEDS], tokenizer=tokenizer)
    copy = tmp_path / "renamed copy.txt"
    shutil.copy(SEED_REPLIES[2], copy)
    report = import_paths(archive, [SEEDS, copy], tokenizer=tokenizer)
    assert report.added == [] and report.ok
    assert report.duplicates == [*ALL_SEEDS, copy]
    assert archive.count() == 5
    assert "0 added, 6 already in the archive" in report.summary()


def test_bad_files_are_listed_by_name_and_the_good_ones_import(
    archive: Archive, tokenizer: Tokenizer, tmp_path: Path
) -> None:
    folder = tmp_path / "mixed"
    shutil.copytree(SEEDS, folder)
    rng = random.Random(3)
    (folder / "corrupt.docx").write_bytes(rng.randbytes(5000))
    (folder / "empty.txt").write_bytes(b"")
    (folder / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 500)
    (folder / "junk.txt").write_bytes(bytes(rng.randrange(256) for _ in range(4000)) + b"\0" * 64)
    report = import_paths(archive, [folder], tokenizer=tokenizer)
    assert sorted(report.added) == sorted(file_id(p) for p in ALL_SEEDS)
    assert sorted(f.path.name for f in report.failures) == [
        "corrupt.docx",
        "empty.txt",
        "junk.txt",
        "old.doc",
    ]
    old_doc = next(f for f in report.failures if f.path.name == "old.doc")
    assert "另存为 .docx" in old_doc.problem
    for failure in report.failures:
        assert failure.problem and "\n" not in failure.problem
        assert re.search("[\u4e00-\u9fff]", failure.problem), failure  # told in Chinese
        assert "Traceback" not in failure.problem
        assert str(failure).startswith(str(failure.path))
    assert not report.ok
    assert archive.count() == 5


def test_a_forced_kind_is_stored_and_survives_reparse(
    archive: Archive, tokenizer: Tokenizer
) -> None:
    report = import_paths(archive, [SEED_REPLIES[0]], kind=Kind.PROPOSAL, tokenizer=tokenizer)
    doc_id = report.added[0]
    assert archive.get(doc_id).kind is Kind.PROPOSAL
    assert reparse(archive, [doc_id]).count == 1
    assert archive.get(doc_id).kind is Kind.PROPOSAL


def test_reparse_without_ids_redoes_only_records_of_another_parser_version(
    archive: Archive, tokenizer: Tokenizer
) -> None:
    import_paths(archive, SEED_REPLIES[:2], tokenizer=tokenizer)
    assert reparse(archive).count == 0  # everything is current
    stale = file_id(SEED_REPLIES[0])
    good = archive.get(stale).parsed
    archive.update_parsed(
        stale, Parsed(kind=Kind.OTHER, title="旧"), parser_version=PARSER_VERSION - 1
    )
    assert reparse(archive) == Reparsed(1, [stale])  # its fields changed back
    assert archive.get(stale).parsed == good
    assert archive.stale_ids(PARSER_VERSION) == []
    # Parsed again to the same fields: nothing for the index to take again.
    other = file_id(SEED_REPLIES[1])
    archive.update_parsed(other, archive.get(other).parsed, parser_version=PARSER_VERSION - 1)
    assert reparse(archive) == Reparsed(1, [])


def test_a_write_failing_mid_import_keeps_the_files_before_and_after(
    tmp_path: Path, tokenizer: Tokenizer
) -> None:
    path = tmp_path / "archive.sqlite3"
    archive = Archive(path)
    victim = SEED_REPLIES[1]
    con = sqlite3.connect(path, isolation_level=None)
    # A real database error while the victim's body is being written (its row is in).
    con.execute(
        "CREATE TRIGGER fail BEFORE INSERT ON bodies WHEN NEW.doc_id = "
        f"'{file_id(victim)}' BEGIN SELECT RAISE(ABORT, 'simulated disk failure'); END"
    )
    con.close()
    report = import_paths(archive, ALL_SEEDS, tokenizer=tokenizer, workers=1)
    assert [f.path for f in report.failures] == [victim]
    assert report.failures[0].problem.startswith("无法存入档案库：")
    assert "simulated disk failure" in report.failures[0].problem
    assert report.added == [file_id(p) for p in ALL_SEEDS if p != victim]
    assert not archive.has_sha(hashlib.sha256(victim.read_bytes()).hexdigest())
    assert {p.doc_id for p in archive.paragraphs()} == set(report.added)
    archive.close()


def test_progress_after_each_file_and_cancel_between_files(
    archive: Archive, tokenizer: Tokenizer
) -> None:
    calls: list[tuple[int, int, Path]] = []
    report = import_paths(
        archive,
        [SEEDS],
        tokenizer=tokenizer,
        progress=lambda done, total, path: calls.append((done, total, path)),
        cancel=lambda: len(calls) >= 2,
    )
    assert calls == [(1, 5, ALL_SEEDS[0]), (2, 5, ALL_SEEDS[1])]
    assert report.cancelled
    assert report.added == [file_id(p) for p in ALL_SEEDS[:2]]
    assert archive.count() == 2
    assert "cancelled" in report.summary()


# --- the process pool --------------------------------------------------------------------------


def test_many_files_go_through_the_pool_and_match_the_in_process_result(
    tmp_path: Path, tokenizer: Tokenizer
) -> None:
    files = generated_docs(tmp_path / "many", POOL_MIN_FILES + 4)
    (tmp_path / "many" / "broken.docx").write_bytes(random.Random(5).randbytes(3000))
    children: list[int] = []
    pooled = Archive(":memory:")
    report = import_paths(
        pooled,
        [tmp_path / "many"],
        workers=2,
        progress=lambda done, total, path: children.append(len(multiprocessing.active_children())),
    )
    assert max(children) >= 2  # the work really ran in worker processes
    assert [f.path.name for f in report.failures] == ["broken.docx"]
    assert report.added == [file_id(p) for p in files]

    inline = Archive(":memory:")
    same = import_paths(inline, [tmp_path / "many"], workers=1, tokenizer=tokenizer)
    assert same.added == report.added
    assert same.failures == report.failures

    def stored(a: Archive) -> list[object]:
        records = [r.to_dict() | {"imported_at": ""} for r in a.iter_records()]
        return [records, [(p.doc_id, p.seq, p.text, p.tokens) for p in a.paragraphs()]]

    assert stored(pooled) == stored(inline)


def test_cancel_stops_the_pool_early_and_keeps_what_was_stored(tmp_path: Path) -> None:
    files = generated_docs(tmp_path / "many", POOL_MIN_FILES + 8)
    archive = Archive(":memory:")
    done: list[int] = []
    report = import_paths(
        archive,
        files,
        workers=2,
        progress=lambda n, total, path: done.append(n),
        cancel=lambda: len(done) >= 3,
    )
    assert report.cancelled
    assert len(done) == 3
    assert report.added == [file_id(p) for p in files[:3]]
    assert archive.count() == 3


# --- seeds -------------------------------------------------------------------------------------


def test_a_fresh_home_starts_with_the_five_seeds_once(home: Path) -> None:
    from replydraft.workspace import Workspace

    ws = Workspace.open()
    archive = ws.archive
    assert archive.count() == 5
    assert archive.count(Kind.REPLY) == 3 and archive.count(Kind.POLICY) == 2
    archive.delete(file_id(SEED_POLICIES[0]))
    ws.close()
    ws = Workspace.open()
    again = ws.archive
    # Seeded once in the archive's life: what the user deleted stays deleted.
    assert again.count() == 4
    assert ensure_seeded(again) is None
    ws.close()
    assert (home / "archive.sqlite3").is_file()


def test_seed_archive_into_an_archive_that_has_some_seeds(
    archive: Archive, tokenizer: Tokenizer
) -> None:
    import_paths(archive, [SEED_REPLIES[0]], tokenizer=tokenizer)
    report: ImportReport = seed_archive(archive, tokenizer=tokenizer)
    assert report.duplicates == [SEED_REPLIES[0]]
    assert len(report.added) == 4
    assert archive.count() == 5
