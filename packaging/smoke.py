"""Smoke test of a frozen replydraft: run the installed program the way an officer's machine would.

    python packaging/smoke.py BUNDLE [--xvfb] [--gui-runs N]

BUNDLE is the folder with the executables (dist/replydraft, /opt/replydraft inside an unpacked
.deb, or the Windows install folder). Every command runs in a fresh REPLYDRAFT_HOME with no
Python environment variables, so the bundle has to carry everything itself: the seeds,
templates and jieba dictionary (found through sys._MEIPASS), libpdfium, tantivy, the docx
template, the Qt plugins, and the import pool's worker processes (multiprocessing.freeze_support).

A command passes when it exits 0 (`check` may exit 1: a fresh draft keeps its 【待填写】
gaps) and prints no traceback. The GUI is started offscreen with REPLYDRAFT_EXIT_AFTER_START=1:
it prints when the window is shown, the archive listed and search ready, then closes; those
marks give the start-up times. --xvfb also starts it on the real X11 (xcb) platform under
xvfb-run. Uses only the standard library, so it runs on a Windows runner as well.

The shared archive: `db status` on a server that is not there must show psycopg running on the
libpq its wheel carries ("binary"), and fail with the Chinese message from that libpq. With a
server, the frozen app sets up an archive there, imports the seeds and searches them: the
server is $REPLYDRAFT_SMOKE_PG (a postgresql:// URL of an empty database, as a role that may
create roles), or else a throwaway cluster started with PostgreSQL's initdb when it is
installed (on PATH or Debian's /usr/lib/postgresql/*/bin; as `nobody` when run as root).
"""

from __future__ import annotations

import argparse
import contextlib
import glob
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WINDOWS = os.name == "nt"
TIMEOUT = 180  # seconds for one command; a hang is a failure, not a stuck CI run
GUI_TIMEOUT = 60  # the window is up in about a second
MARKS = ("shown", "listed", "search")
SMOKE_PG_ENV = "REPLYDRAFT_SMOKE_PG"
PROBLEMS = ("Traceback (most recent call last)", "internal error", "usage: replydraft")

PROPOSAL = """关于加快人工智能产业人才集聚的建议
提案人：李明、王芳
案由：
人工智能产业竞争归根到底是人才竞争，我区人工智能人才供给仍显不足。
建议：
一、加大人工智能人才引进和培养力度，完善人才公寓等安居保障。
二、依托揭榜挂帅公共服务平台，推动企业与高校合作攻关。
"""

TOPICS = [
    "社区养老服务",
    "老旧小区加装电梯",
    "中小学课后服务",
    "垃圾分类减量",
    "河道水环境治理",
    "菜市场标准化改造",
    "公共停车资源共享",
    "非遗文化传承",
    "夜间经济发展",
    "无障碍环境建设",
]


# Traditional characters in Big5: GB18030 reads these bytes as rare characters, so the
# importer asks charset-normalizer (a compiled module the bundle has to carry).
BIG5_PROPOSAL = """關於加快無障礙環境建設的建議
提案人：陳明
案由：
無障礙環境建設關係殘疾人和老年人的切身利益，部分公共場所設施仍不完善。
建議：
一、全面排查公共建築和道路的無障礙設施。
二、將無障礙環境建設納入城市更新的驗收標準。
"""


class SmokeFailure(Exception):
    pass


@dataclass
class Run:
    code: int
    out: str
    err: str
    seconds: float


@dataclass
class Smoke:
    bundle: Path
    work: Path
    env: dict[str, str]
    results: list[tuple[str, bool, float, str]] = field(default_factory=list)
    startup: dict[str, list[dict[str, float]]] = field(default_factory=dict)

    def exe(self, name: str) -> Path:
        return self.bundle / (f"{name}.exe" if WINDOWS else name)

    def run(self, *args: str, ok: Sequence[int] = (0,), name: str = "replydraft") -> Run:
        started = time.perf_counter()
        code, out, err = run_bounded([str(self.exe(name)), *args], self.env, self.work, TIMEOUT)
        run = Run(code, out, err, time.perf_counter() - started)
        problem = next((p for p in PROBLEMS if p in run.err or p in run.out), None)
        if run.code not in ok or problem:
            raise SmokeFailure(
                f"`{name} {' '.join(args)}` exited {run.code}"
                + (f" and printed {problem!r}" if problem else "")
                + f"\n--- stdout ---\n{run.out[-2000:]}\n--- stderr ---\n{run.err[-4000:]}"
            )
        return run

    def check(self, title: str, step: Callable[[], str]) -> None:
        started = time.perf_counter()
        try:
            note = step()
        except (SmokeFailure, AssertionError, OSError, ValueError) as exc:
            self.results.append((title, False, time.perf_counter() - started, str(exc)))
            print(f"FAIL  {title}\n      {str(exc).replace(chr(10), chr(10) + '      ')}")
            return
        seconds = time.perf_counter() - started
        self.results.append((title, True, seconds, note))
        print(f"ok    {title} ({seconds:.1f} s){': ' + note if note else ''}", flush=True)

    # --- the steps ---------------------------------------------------------------------------

    def version(self) -> str:
        wanted = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
            "version"
        ]
        out = self.run("--version").out.strip()
        assert out == f"replydraft {wanted}", f"--version printed {out!r}, pyproject says {wanted}"
        return out

    def fresh_archive(self) -> str:
        rows = json.loads(self.run("list", "--json").out)
        kinds = sorted(r["kind"] for r in rows)
        assert kinds == ["policy", "policy", "reply", "reply", "reply"], (
            f"a fresh home should start from the five bundled seeds, got {kinds}"
        )
        return "seeded from the bundled seeds/"

    def import_seeds(self) -> str:
        seeds = self.bundled("seeds")
        out = self.run("import", str(seeds)).out.strip()
        assert "5 already in the archive" in out, out
        return out

    def import_pool(self) -> str:
        # More files than importer.POOL_MIN_FILES, so worker processes do the reading: a frozen
        # app without freeze_support() would start the CLI in each worker instead.
        folder = self.work / "proposals"
        folder.mkdir()
        for i, topic in enumerate(TOPICS):
            text = (
                f"关于推进{topic}工作的建议\n提案人：委员{i}\n案由：\n"
                f"{topic}关系群众切身利益，当前仍存在短板。\n建议：\n"
                f"一、加强{topic}的统筹规划。\n二、加大{topic}的资金投入。\n"
            )
            encoding = "gb18030" if i % 2 else "utf-8"  # officers' files come in both
            (folder / f"{i:02d}.txt").write_text(text, encoding=encoding)
        (folder / "scan.pdf").write_bytes(chinese_pdf(PROPOSAL.splitlines()))
        (folder / "big5.txt").write_bytes(BIG5_PROPOSAL.encode("big5"))
        out = self.run("import", str(folder), "--kind", "proposal").out.strip()
        wanted = len(TOPICS) + 2
        assert out.startswith(f"{wanted} added"), f"expected {wanted} added, got {out!r}"
        return out

    def stored_text(self, name: str) -> str:
        rows = json.loads(self.run("list", "--json", "--kind", "proposal").out)
        row = next((r for r in rows if str(r["source"]).endswith(name)), None)
        assert row is not None, f"the imported {name} is not in the archive"
        return self.run("show", row["id"], "--text").out

    def pdf_text(self) -> str:
        text = self.stored_text("scan.pdf")
        assert "揭榜挂帅公共服务平台" in text, "libpdfium did not give the PDF's text back"
        return "libpdfium read the PDF's Chinese text"

    def big5_text(self) -> str:
        text = self.stored_text("big5.txt")
        # Decoded (charset-normalizer), then converted to simplified (OpenCC's t2s tables,
        # data files the bundle must carry).
        assert "无障碍环境建设" in text, "the Big5 file was not decoded and simplified"
        return "charset-normalizer decoded the Big5 file, OpenCC simplified it"

    def search(self) -> str:
        results = json.loads(self.run("search", "--text", "揭榜挂帅公共服务平台", "--json").out)
        assert isinstance(results, list) and results, "search found nothing in the seeds"
        return f"{len(results)} result(s)"

    def draft(self) -> str:
        proposal = self.work / "proposal.txt"
        proposal.write_text(PROPOSAL, encoding="utf-8")
        self.run("draft", str(proposal), "--bureau", "example", "-o", "out.docx")
        with zipfile.ZipFile(self.work / "out.docx") as docx:
            body = docx.read("word/document.xml").decode("utf-8")
        assert "李明" in body, "the draft .docx does not name the proposers"
        self.run("draft", str(proposal), "--bureau", "example", "-o", "out.json")
        json.loads((self.work / "out.json").read_text(encoding="utf-8"))
        return "out.docx and out.json written"

    def check_draft(self) -> str:
        assert (self.work / "out.json").is_file(), "no draft to check (the draft step failed)"
        run = self.run("check", "out.json", ok=(0, 1))
        assert "out.json" in run.err, f"check gave no summary: {run.err!r}"
        return f"exit {run.code} ({'gaps to fill' if run.code else 'clean'})"

    def export(self) -> str:
        # A fresh draft keeps its 【待填写】 gaps: export refuses them (exit 1) unless told.
        refused = self.run("export", "out.json", "-o", "exported.docx", ok=(1,))
        assert "--allow-gaps" in refused.err, f"export said nothing of the gaps: {refused.err!r}"
        self.run("export", "out.json", "-o", "exported.docx", "--allow-gaps")
        with zipfile.ZipFile(self.work / "exported.docx") as docx:
            assert "word/styles.xml" in docx.namelist(), "exported.docx has no styles part"
        return "exported.docx is a Word package"

    def templates(self) -> str:
        self.run("templates", "check")
        return "built-in templates and profiles are fine"

    def server_client(self) -> str:
        # No server listens on this socket: libpq itself has to say so, through psycopg.
        url = f"postgresql:///replydraft?host={self.work / 'no-server'}&user=replydraft"
        run = self.run("db", "status", "--archive", url, ok=(1,))
        assert "(binary)" in run.out, (
            f"psycopg does not use the libpq its wheel carries (psycopg_binary): {run.out!r}"
        )
        assert "无法连接档案库服务器" in run.err, f"no server, yet: {run.err!r}"
        return run.out.strip().split(": client ", 1)[-1]

    def shared_archive(self, url: str) -> str:
        self.run("db", "init", "--archive", url)
        out = self.run("import", str(self.bundled("seeds")), "--archive", url).out.strip()
        assert out.startswith("5 added"), f"importing the seeds into the server: {out!r}"
        status = self.run("db", "status", "--archive", url).out
        # The bundle's own schema, whatever its number (a server schema change broke the
        # check that named 1, which only this smoke test runs).
        assert re.search(r"schema version \d+, 5 record\(s\)", status), status
        found = json.loads(
            self.run("search", "--text", "揭榜挂帅公共服务平台", "--json", "--archive", url).out
        )
        assert found, "search on the server's archive found nothing"
        return f"db init, 5 seeds imported, {len(found)} search result(s)"

    def gui(self, name: str, label: str, runs: int, env: dict[str, str] | None = None) -> str:
        times = [self.start_gui(name, env) for _ in range(runs)]
        self.startup[label] = times
        listed = statistics.median(t["listed"] for t in times)
        return f"usable after {listed:.2f} s (median of {runs})"

    def start_gui(self, name: str, env: dict[str, str] | None = None) -> dict[str, float]:
        env = {
            **self.env,
            "QT_QPA_PLATFORM": "offscreen",
            "REPLYDRAFT_EXIT_AFTER_START": "1",
            **(env or {}),
        }
        command = [str(self.exe(name))] + ([] if name.endswith("-gui") else ["gui"])
        if env.get("QT_QPA_PLATFORM") == "xcb":
            command = ["xvfb-run", "-a", "-s", "-screen 0 1280x800x24", *command]
        launched = time.time()
        code, out, err = run_bounded(command, env, self.work, GUI_TIMEOUT)
        marks: dict[str, float] = {}
        for line in out.splitlines():
            mark, _, stamp = line.strip().partition(" ")
            if mark in MARKS:
                marks[mark] = float(stamp) - launched
        problem = next((p for p in (*PROBLEMS, "Error") if p in err), None)
        missing = [m for m in MARKS if m not in marks]
        if code != 0 or problem or missing:
            raise SmokeFailure(
                f"`{' '.join(command[-2:])}` exited {code}"
                + (f", printed {problem!r}" if problem else "")
                + (f", never reached {', '.join(missing)}" if missing else "")
                + f"\n--- stderr ---\n{err[-4000:]}"
            )
        return marks

    def bundled(self, folder: str) -> Path:
        """A data folder inside the bundle (PyInstaller 6 puts them in _internal/)."""
        for candidate in (self.bundle / "_internal" / folder, self.bundle / folder):
            if candidate.is_dir():
                return candidate
        raise SmokeFailure(f"{self.bundle} has no {folder}/ folder")


def run_bounded(
    command: Sequence[str], env: dict[str, str], cwd: Path, timeout: float
) -> tuple[int, str, str]:
    """Run `command`; past `timeout` end it with everything it started (import workers, the
    window under xvfb-run) and fail with what it had printed."""
    proc = subprocess.Popen(
        command,
        env=env,
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=not WINDOWS,  # its own process group, to end as a whole
    )
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        if WINDOWS:
            subprocess.run(["taskkill", "/F", "/T", "/PID", str(proc.pid)], capture_output=True)
        else:
            os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
        printed = out.decode("utf-8", "replace").strip().replace("\n", " | ")
        raise SmokeFailure(
            f"`{' '.join(command)}` still running after {timeout:.0f} s; it printed: "
            f"{printed[-500:] or 'nothing'}\n--- stderr ---\n"
            + err.decode("utf-8", "replace")[-2000:]
        ) from None
    return proc.returncode, out.decode("utf-8", "replace"), err.decode("utf-8", "replace")


def _pg_bin() -> Path | None:
    """PostgreSQL's server programs: on PATH, or Debian's folder of the newest version."""
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    versions = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4])
    )
    return Path(versions[-1]).parent if versions else None


@contextlib.contextmanager
def throwaway_server() -> Iterator[str | None]:
    """The URL of a PostgreSQL cluster of its own, listening only on a socket in a temporary
    folder, stopped and removed afterwards; None where initdb is not installed (or on
    Windows, which has no such sockets)."""
    bin_dir = None if WINDOWS else _pg_bin()
    if bin_dir is None:
        yield None
        return
    folder = Path(tempfile.mkdtemp(prefix="rdsmoke-"))  # short: a socket path fits 107 bytes
    user = None
    if hasattr(os, "geteuid") and os.geteuid() == 0:  # PostgreSQL refuses to run as root
        shutil.chown(folder, "nobody")
        user = "nobody"
    data = folder / "data"
    try:
        subprocess.run(
            [bin_dir / "initdb", "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8",
             "--locale=C", "--no-sync"],
            check=True, capture_output=True, user=user, cwd=folder,
        )  # fmt: skip
        options = f"-k {folder} -c listen_addresses='' -c fsync=off"
        subprocess.run(
            [bin_dir / "pg_ctl", "-D", data, "-l", folder / "server.log", "-o", options,
             "-w", "start"],
            check=True, capture_output=True, user=user, cwd=folder,
        )  # fmt: skip
        yield f"postgresql:///postgres?host={folder}&user=postgres"
    finally:
        subprocess.run(
            [bin_dir / "pg_ctl", "-D", data, "-m", "immediate", "stop"],
            capture_output=True, user=user, cwd=folder,
        )  # fmt: skip
        shutil.rmtree(folder, ignore_errors=True)


def chinese_pdf(lines: Sequence[str]) -> bytes:
    """A one-page PDF of `lines` in the standard CJK font STSong-Light (no font embedded:
    every PDF reader knows it), written by hand so the test needs no PDF library."""
    shown = " ".join(f"<{line.encode('utf-16-be').hex().upper()}> Tj T*" for line in lines)
    content = f"BT /F1 14 Tf 18 TL 72 760 Td {shown} ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        "/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        "<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H "
        "/DescendantFonts [6 0 R] >>",
        f"<< /Length {len(content)} >>\nstream\n{content}\nendstream",
        "<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> "
        "/FontDescriptor 7 0 R >>",
        "<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 "
        "/FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 "
        "/CapHeight 880 /StemV 93 >>",
    ]
    pdf = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(pdf))
        pdf += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(pdf)
    pdf += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    pdf += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    pdf += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return pdf


def clean_env(home: Path) -> dict[str, str]:
    """The caller's environment without anything that points a program at a Python or Qt."""
    dropped = ("PYTHON", "VIRTUAL_ENV", "QT_", "REPLYDRAFT_", "LD_LIBRARY_PATH")
    env = {k: v for k, v in os.environ.items() if not k.startswith(dropped)}
    env["REPLYDRAFT_HOME"] = str(home)
    return env


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("bundle", type=Path, help="the folder holding the replydraft executables")
    parser.add_argument(
        "--xvfb", action="store_true", help="also start the window on X11 under xvfb-run"
    )
    parser.add_argument("--gui-runs", type=int, default=3, help="later starts to time (3)")
    args = parser.parse_args(argv)
    bundle = args.bundle.resolve()
    if not (bundle / ("replydraft.exe" if WINDOWS else "replydraft")).is_file():
        print(f"smoke: {bundle} holds no replydraft executable", file=sys.stderr)
        return 2
    print(f"smoke test of {bundle}")
    with tempfile.TemporaryDirectory(prefix="replydraft-smoke-") as tmp:
        work = Path(tmp)
        smoke = Smoke(bundle, work, clean_env(work / "home"))
        smoke.check("replydraft --version", smoke.version)
        smoke.check("a fresh home starts from the seeds", smoke.fresh_archive)
        smoke.check("import the bundled seeds", smoke.import_seeds)
        smoke.check("import 12 proposals with the worker pool", smoke.import_pool)
        smoke.check("a PDF's text through libpdfium", smoke.pdf_text)
        smoke.check("a Big5 file through charset-normalizer and OpenCC", smoke.big5_text)
        smoke.check("search --text", smoke.search)
        smoke.check("draft to .docx and .json", smoke.draft)
        smoke.check("check out.json", smoke.check_draft)
        smoke.check("export to .docx", smoke.export)
        smoke.check("templates check", smoke.templates)
        smoke.check("psycopg with the libpq it carries (no server)", smoke.server_client)
        given = os.environ.get(SMOKE_PG_ENV)
        with contextlib.nullcontext(given) if given else throwaway_server() as server:
            if server:
                smoke.check(
                    f"a shared archive on PostgreSQL ({'$' + SMOKE_PG_ENV if given else 'initdb'})",
                    lambda: smoke.shared_archive(server),
                )
            else:
                print(f"skip  a shared archive on PostgreSQL: no initdb and no ${SMOKE_PG_ENV}")
        first = Smoke(bundle, work, clean_env(work / "first-start"))
        smoke.check(
            "replydraft gui, first start (seeds the archive)",
            lambda: first.gui("replydraft", "first", 1),
        )
        smoke.startup.update(first.startup)
        smoke.check(
            "replydraft gui (offscreen)",
            lambda: smoke.gui("replydraft", "offscreen", args.gui_runs),
        )
        smoke.check(
            "replydraft-gui, the desktop entry's executable",
            lambda: smoke.gui("replydraft-gui", "desktop", 1),
        )
        if args.xvfb:
            if shutil.which("xvfb-run"):
                smoke.check(
                    "replydraft-gui on X11 (xcb, Xvfb)",
                    lambda: smoke.gui("replydraft-gui", "xcb", 1, {"QT_QPA_PLATFORM": "xcb"}),
                )
            else:
                print("skip  replydraft-gui on X11: xvfb-run is not installed")
    for label, runs in smoke.startup.items():
        figures = ", ".join(f"{m} {statistics.median(r[m] for r in runs):.2f} s" for m in MARKS)
        print(f"start-up [{label}]: {figures}")
    failed = [title for title, passed, _, _ in smoke.results if not passed]
    if failed:
        print(
            f"smoke test FAILED: {len(failed)} of {len(smoke.results)} checks: {', '.join(failed)}"
        )
        return 1
    total = sum(seconds for _, _, seconds, _ in smoke.results)
    print(f"smoke test passed: all {len(smoke.results)} checks in {total:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
