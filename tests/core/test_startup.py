"""What a CLI call loads: each command imports what it uses and no more (issue #14: a CLI
`search` as a whole process within 0.4 s, `--help` and `--version` near-instant)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

# Libraries a command loads only when it uses them (tantivy, numpy and rapidfuzz are the
# search's; docx, jinja2 the draft's; psycopg a server's; PySide6 the window's; opencc a
# traditional-character text's).
HEAVY = (
    "jieba",
    "numpy",
    "tantivy",
    "rapidfuzz",
    "docx",
    "jinja2",
    "psycopg",
    "PySide6",
    "pkg_resources",
    "importlib.metadata",
    "replydraft.importer",
    "replydraft.ingest",
    "replydraft.parse",
    "replydraft.gui",
    "opencc",
)

# Runs the CLI in a fresh interpreter and prints, on its last stderr line, which of HEAVY
# were imported by the time the command returned.
PROBE = """
import contextlib, io, json, sys
from replydraft.cli import main
out = io.StringIO()
code = None
with contextlib.redirect_stdout(out):
    try:
        code = main(sys.argv[1:])
    except SystemExit as e:
        code = e.code
heavy = json.loads(sys.stdin.read())
loaded = sorted(h for h in heavy if h in sys.modules)
print(json.dumps({"code": code, "out": out.getvalue(), "loaded": loaded}))
"""


def probe(home: Path, *argv: str) -> tuple[int, str, set[str]]:
    env = {**os.environ, "REPLYDRAFT_HOME": str(home)}
    env.pop("REPLYDRAFT_DEBUG", None)
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *argv],
        input=json.dumps(HEAVY),
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    return int(result["code"] or 0), str(result["out"]), set(result["loaded"])


@pytest.fixture(scope="module")
def seeded_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A home whose archive has been seeded (the first open seeds it, importer and all)."""
    home = tmp_path_factory.mktemp("home")
    code, out, loaded = probe(home, "list")
    assert code == 0 and len(out.splitlines()) == 5
    assert "replydraft.importer" in loaded  # seeding the new archive needs the importer
    return home


def test_help_loads_no_library_of_any_command(tmp_path: Path) -> None:
    code, out, loaded = probe(tmp_path, "--help")
    assert code == 0 and "search" in out
    assert loaded == set()


def test_version_is_the_installed_one_and_loads_nothing_else(tmp_path: Path) -> None:
    code, out, loaded = probe(tmp_path, "--version")
    assert code == 0
    assert out.strip() == f"replydraft {version('replydraft')}"
    assert loaded == {"importlib.metadata"}


def test_version_goes_to_stdout_as_argparse_puts_it() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "replydraft", "--version"], capture_output=True, text=True
    )
    assert done.returncode == 0
    assert done.stdout.startswith("replydraft ") and done.stderr == ""


def test_list_of_a_seeded_archive_loads_no_importer(seeded_home: Path) -> None:
    code, out, loaded = probe(seeded_home, "list")
    assert code == 0 and len(out.splitlines()) == 5
    assert not loaded & {"replydraft.importer", "replydraft.ingest", "numpy", "tantivy"}
    assert not loaded & {"pkg_resources", "importlib.metadata", "docx", "jinja2", "PySide6"}


def test_search_text_loads_the_search_and_nothing_of_import_draft_or_window(
    seeded_home: Path,
) -> None:
    code, out, loaded = probe(seeded_home, "search", "--text", "人工智能 人才", "--json")
    assert code == 0
    assert json.loads(out), "the seeds hold replies on artificial intelligence talent"
    assert {"jieba", "numpy", "tantivy"} <= loaded
    assert not loaded & {"replydraft.importer", "replydraft.ingest", "replydraft.parse"}
    assert not loaded & {"pkg_resources", "importlib.metadata", "docx", "jinja2", "psycopg"}
    assert not loaded & {"PySide6", "replydraft.gui"}


def test_search_file_reads_it_without_the_importer(seeded_home: Path, tmp_path: Path) -> None:
    proposal = tmp_path / "proposal.txt"
    proposal.write_text(
        "关于加快人工智能产业人才集聚的建议\n建议：\n一、加大人工智能人才引进和培养力度。\n",
        encoding="utf-8",
    )
    code, out, loaded = probe(seeded_home, "search", str(proposal), "--json")
    assert code == 0 and json.loads(out)
    assert "replydraft.ingest" in loaded
    assert not loaded & {"replydraft.importer", "pkg_resources", "docx", "jinja2", "PySide6"}
    assert "opencc" not in loaded  # a simplified proposal: the converter is not loaded


def test_jieba_imported_after_pkg_resources_leaves_it_in_place() -> None:
    """Hiding pkg_resources from jieba must not take it from a program that had it."""
    code = (
        "import sys, pkg_resources\n"
        "import replydraft.tokenize as t\n"
        "assert sys.modules['pkg_resources'] is pkg_resources\n"
        "print(' '.join(t.Tokenizer().tokens('加大人工智能人才引进和培养力度')))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "人工智能" in done.stdout.split()
