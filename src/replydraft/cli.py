"""The command line: the same core as the desktop app, scriptable.

The names, flags and --json fields are a contract (docs: architecture.md); keep them stable.
Exit status: 0 success, 1 some input failed (or `check` found an error), 2 usage errors.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO, cast

from replydraft.errors import ReplydraftError, is_known, safe_line

if TYPE_CHECKING:
    from replydraft.workspace import Workspace

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2

KINDS = ("reply", "proposal", "policy")
# Said once on stderr when a command waits for the window's background index build.
WAITING_FOR_BUILD = "waiting for the index being rebuilt by another replydraft process…"


class UserError(ReplydraftError):
    """A problem the user can fix; printed as one line, never as a traceback."""


def _emit_json(data: Any, out: TextIO) -> None:
    json.dump(data, out, ensure_ascii=False, indent=2)
    out.write("\n")


def _workspace(args: argparse.Namespace) -> Any:
    from replydraft.workspace import Workspace

    return Workspace.open(archive=args.archive)


# --- import / list / show / delete / reparse -------------------------------------------------


class _Progress:
    """A one-line progress display on a terminal; silent when stderr is not a terminal."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.live = stream.isatty()

    def __call__(self, done: int, total: int, what: Path | str) -> None:
        if self.live:
            name = what.name if isinstance(what, Path) else what
            name = name if len(name) <= 40 else "…" + name[-39:]
            self.stream.write(f"\r\033[K[{done}/{total}] {name}")
            self.stream.flush()

    def finish(self) -> None:
        if self.live:
            self.stream.write("\r\033[K")
            self.stream.flush()


def _ingest(path: Path) -> Any:
    """Read a file as ingest does; a scan shows its pages on a terminal as OCR reads them,
    and a note on stderr says the text was recognised and where it is unsure."""
    from replydraft.ingest import ingest_file
    from replydraft.readers.registry import ReadOptions

    progress = _Progress(sys.stderr)
    try:
        ingested = ingest_file(
            path,
            ReadOptions(progress=lambda d, n: progress(d, n, f"recognising {path.name}")),
        )
    finally:
        progress.finish()
    _note_recognised(path.name, ingested.recognised)
    return ingested


def _note_recognised(name: str, recognised: Any) -> None:
    if recognised is None:
        return
    pages = (
        f"page {', '.join(str(n) for n in recognised.numbers)} of {recognised.file_pages}"
        if recognised.mixed  # the other pages were read from the text layer
        else f"{recognised.pages} pages"
    )
    print(
        f"note: {name} was read by OCR ({pages}, {recognised.engine}); "
        f"check the text against the paper. {len(recognised.low_confidence)} unsure lines"
        + ("" if not recognised.low_confidence else ":"),
        file=sys.stderr,
    )
    for unsure in recognised.low_confidence[:10]:
        print(f"  page {unsure.page}, score {unsure.score:.2f}: {unsure.text}", file=sys.stderr)
    for note in recognised.notes:  # a scanned page where nothing was recognised
        print(f"note: {name}: {note}", file=sys.stderr)


def _index_ready(ws: Workspace) -> None:
    """Open (or bring up to date) the search index, showing a long build on a terminal: the
    first open after an update that changed the index format indexes every reply again."""
    progress = _Progress(sys.stderr)
    ws.refresh_index(
        progress=lambda done, total: progress(done, total, "building the search index"),
        waiting=lambda: print(WAITING_FOR_BUILD, file=sys.stderr, flush=True),
    )
    progress.finish()


def cmd_import(args: argparse.Namespace) -> int:
    from replydraft.importer import import_paths
    from replydraft.records import Kind

    ws = _workspace(args)
    progress = _Progress(sys.stderr)
    index_problem = ""
    try:
        report = import_paths(
            ws.archive,
            [Path(p) for p in args.paths],
            kind=Kind(args.kind) if args.kind else None,
            tokenizer=ws.tokenizer,
            progress=progress,
        )
        progress.finish()
        if report.added:
            try:
                _index_ready(ws)  # so the next start opens ready to search
            except (ReplydraftError, OSError) as e:  # the records are stored all the same
                index_problem = str(e)
    finally:
        ws.close()
    # Always the list and the summary, whatever went wrong after the files were read.
    for warning in report.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    for failure in report.failures:
        print(f"failed: {failure}", file=sys.stderr)
    print(report.summary())
    if report.stopped:
        print(f"replydraft: {report.stopped}", file=sys.stderr)
    if index_problem:
        print(f"replydraft: {safe_line(index_problem)}", file=sys.stderr)
    return EXIT_OK if report.ok and not index_problem else EXIT_FAILED


def cmd_list(args: argparse.Namespace) -> int:
    from replydraft.records import Kind

    ws = _workspace(args)
    try:
        rows = ws.archive.list(Kind(args.kind) if args.kind else None)
    finally:
        ws.close()
    if args.json:
        _emit_json([r.to_dict() for r in rows], sys.stdout)
        return EXIT_OK
    for r in rows:
        number = f"第{r.proposal_number}号" if r.proposal_number else ""
        print(
            f"{r.id}  {r.kind.value:<8}  {r.date or '----------':<10}  {number:<8}  {r.title or r.source}"
        )
    print(f"{len(rows)} record(s) in {ws.archive_location}", file=sys.stderr)
    return EXIT_OK


def _show_text(data: dict[str, Any]) -> str:
    lines = []
    labels = [
        ("id", "id"),
        ("kind", "kind"),
        ("title", "title"),
        ("session", "session"),
        ("proposal_number", "proposal number"),
        ("recipients", "recipients"),
        ("proposers", "proposers"),
        ("bureau", "bureau"),
        ("doc_number", "doc number"),
        ("date", "date"),
        ("result", "result"),
        ("disclosure", "disclosure"),
        ("signer", "signer"),
        ("lead_unit", "lead unit"),
        ("co_units", "co-handling units"),
        ("cc", "cc"),
        ("source", "source"),
    ]
    for key, label in labels:
        value = data.get(key)
        if value:
            lines.append(
                f"{label + ':':<18} {'、'.join(value) if isinstance(value, list) else value}"
            )
    contact = data.get("contact") or {}
    if any(contact.values()):
        shown = "  ".join(v for v in contact.values() if v)
        lines.append(f"{'contact:':<18} {shown}")
    for i, s in enumerate(data.get("suggestions") or [], 1):
        lines.append(f"suggestion {i}: {s}")

    def walk(sections: list[dict[str, Any]], depth: int) -> None:
        for s in sections:
            lines.append(f"{'  ' * depth}[{s['level']}] {s['heading']} ({len(s['paragraphs'])} ¶)")
            walk(s.get("sections", []), depth + 1)

    if data.get("sections"):
        lines.append("sections:")
        walk(data["sections"], 1)
    return "\n".join(lines)


def cmd_show(args: argparse.Namespace) -> int:
    ws = _workspace(args)
    try:
        record = ws.archive.get(args.id)
    finally:
        ws.close()
    data = record.to_dict()
    if args.json:
        _emit_json(data, sys.stdout)
    else:
        print(_show_text(data))
        if args.text:
            print()
            print(record.text)
    return EXIT_OK


def cmd_delete(args: argparse.Namespace) -> int:
    ws = _workspace(args)
    try:
        ids = [ws.archive.resolve(i) for i in args.ids]
        with ws.archive.transaction():
            for doc_id in ids:
                ws.archive.delete(doc_id)
        _index_ready(ws)
    finally:
        ws.close()
    print(f"deleted {len(ids)} record(s)")
    return EXIT_OK


def cmd_reparse(args: argparse.Namespace) -> int:
    from replydraft.importer import reparse
    from replydraft.parse import PARSER_VERSION

    ws = _workspace(args)
    try:
        ids = (
            [ws.archive.resolve(i) for i in args.ids]
            if args.ids
            else ws.archive.stale_ids(PARSER_VERSION)
        )
        done = reparse(ws.archive, ids)
        if done.changed:  # titles, kinds and sections changed: the index shows them too
            # Only those: a new parser version changes a few kinds of document, and taking
            # every record of a large archive again held the index for minutes.
            ws.index.reindex(ws.archive, done.changed, tokenizer=ws.tokenizer)
    finally:
        ws.close()
    print(f"re-parsed {done.count} record(s)")
    return EXIT_OK


def cmd_gui(args: argparse.Namespace) -> int:
    try:
        from replydraft.gui.app import run
    except ImportError as exc:
        raise UserError(f"the desktop app cannot start: {exc}") from exc
    return run(archive=args.archive, open_file=args.file)


# --- search -----------------------------------------------------------------------------------


def _read_query(args: argparse.Namespace) -> tuple[str, str]:
    """The query text (--text, or FILE in any format ingest reads) and FILE's SHA-256."""
    if args.text is not None:
        if args.file:
            raise UserError("give either FILE or --text, not both")
        return str(args.text), ""
    if not args.file:
        raise UserError("give a FILE to search with, or --text TEXT")
    ingested = _ingest(Path(args.file))
    return "\n".join(ingested.paragraphs), ingested.sha256


def cmd_search(args: argparse.Namespace) -> int:
    from replydraft.search import matches_to_json

    text, sha256 = _read_query(args)
    if not text.strip():
        raise UserError("nothing to search for: the text is empty")
    ws = _workspace(args)
    try:
        # A file that is itself in the archive would find itself first: leave it out.
        exclude = {sha256[:12]} if sha256 and ws.archive.has_sha(sha256) else set()
        _index_ready(ws)
        matches = ws.searcher.search(text, top=args.top, kind=args.kind, exclude=exclude)
    finally:
        ws.close()
    if args.json:
        _emit_json(matches_to_json(matches), sys.stdout)
        return EXIT_OK
    if not matches:
        print("no similar documents in the archive")
    for m in matches:
        print(f"{m.rank:>2}. {m.score:5.1f}  {m.id}  {m.title or m.subject}")
        where = "  ".join(x for x in (m.bureau, m.date) if x)
        if where:
            print(f"           {where}")
        for reason in m.reasons:
            print(f"           · {reason}")
        for passage in m.passages[:2]:
            excerpt = passage.text if len(passage.text) <= 70 else passage.text[:69] + "…"
            print(f"           ¶{passage.seq + 1} {passage.score:.0f}: {excerpt}")
    return EXIT_OK


# --- draft / export ----------------------------------------------------------------------------
# The work is session.py's, shared with the window; here only the arguments and the words.

OUTPUT_SUFFIXES = (".docx", ".txt", ".json")


def _output_path(raw: str, allowed: tuple[str, ...]) -> Path:
    out = Path(raw)
    if out.suffix.lower() not in allowed:
        raise UserError(f"{out.name}: the output must end in {', '.join(allowed)}")
    return out


def _read_proposal(ws: Any, arg: str) -> Any:
    """A proposal from a file (any format ingest reads) or from the archive by id."""
    from replydraft import session

    path = Path(arg)
    if path.exists():
        progress = _Progress(sys.stderr)
        try:
            opened = session.open_proposal_file(
                path, progress=lambda d, n: progress(d, n, f"recognising {path.name}")
            )
        finally:
            progress.finish()
        _note_recognised(path.name, opened.recognised)
        return opened
    try:
        return session.open_proposal_record(ws, arg)
    except KeyError:
        raise UserError(f"{arg}: no such file, and no archive record with that id") from None


def _note_export(exported: Any) -> None:
    """The gaps an export let through and the fonts this machine lacks, on stderr."""
    from replydraft.session import gaps_message

    if exported.gaps and exported.path.suffix.lower() != ".json":
        print(f"note: {exported.path.name}: {gaps_message(exported.gaps)}", file=sys.stderr)
    if exported.missing_fonts:
        print(
            f"note: this machine lacks {', '.join(exported.missing_fonts)}; Word/WPS will show "
            "other fonts here, the file itself names the right ones",
            file=sys.stderr,
        )


_PROPOSAL_FACTS = (
    ("proposal_number", "its number"),
    ("session", "its session"),
    ("title", "its title"),
    ("proposers", "its proposers"),
    ("suggestions", "its suggestions"),
)


def cmd_draft(args: argparse.Namespace) -> int:
    from replydraft import session

    out = _output_path(args.output, OUTPUT_SUFFIXES)
    ws = _workspace(args)
    try:
        opened = _read_proposal(ws, args.proposal)
        proposal = opened.proposal
        bureau = args.bureau or session.bureau_for(
            proposal, ws.profiles, ws.settings.default_bureau
        )
        use = (
            [ws.archive.resolve(i) for i in args.use.split(",") if i.strip()] if args.use else None
        )
        _index_ready(ws)
        draft = session.draft_reply(
            ws,
            proposal,
            bureau,
            kind=args.template,
            use=use,
            per_suggestion=args.per_suggestion,
            recognised=opened.recognised,
        )
        # A draft goes out with its gaps (that is what a draft is), but never silently.
        exported = session.export_draft(ws, draft, out, allow_gaps=True)
    finally:
        ws.close()
    if args.json:
        _emit_json({"output": str(out), **session.reading_report(opened, draft)}, sys.stdout)
    missing = [label for field, label in _PROPOSAL_FACTS if not getattr(proposal, field)]
    if missing:
        print(
            f"note: the proposal does not show {', '.join(missing)}; "
            "the draft leaves 【待填写】 gaps there for you",
            file=sys.stderr,
        )
    if opened.unsure:
        print(
            f"note: guessed from weak cues, please verify: {', '.join(opened.unsure)}",
            file=sys.stderr,
        )
    _note_export(exported)
    reused = sum(1 for s in draft.all_sections() for p in s.paragraphs if p.source)
    summary = (
        f"wrote {out} ({len(proposal.suggestions)} suggestion(s), {reused} reused paragraph(s), "
        f"bureau {bureau}, template {draft.template})"
    )
    print(summary, file=sys.stderr if args.json else sys.stdout)
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from replydraft import session
    from replydraft.draft import load_draft

    out = _output_path(args.output, (".docx", ".txt"))
    draft = load_draft(Path(args.draft))
    ws = _workspace(args)
    try:
        from replydraft.approval_sheet import approval_sheet_path

        if approval_sheet_path(out).resolve() == Path(args.draft).resolve():  # never an input
            raise UserError(f"{approval_sheet_path(out).name}: the sheet would overwrite the draft")
        exported = session.export_draft(
            ws, draft, out, allow_gaps=args.allow_gaps, approval_sheet=args.approval_sheet or None
        )
    except session.GapsLeft as exc:
        raise UserError(f"{exc}（确需带着空缺导出时加 --allow-gaps）") from None
    finally:
        ws.close()
    _note_export(exported)
    print(f"wrote {out}")
    if exported.sheet is not None:
        print(f"wrote {exported.sheet} (approval sheet)")
    return EXIT_OK


def cmd_archive_sent(args: argparse.Namespace) -> int:
    """Mark the draft sent, then archive the final reply (session.archive_sent_reply, as the
    window's 已发出，归档 does)."""
    from replydraft import session
    from replydraft.draft import load_draft

    final, draft_path = Path(args.final), Path(args.draft)
    draft = load_draft(draft_path)
    ws = _workspace(args)
    try:
        done = session.archive_sent_reply(
            ws, final, draft, args.doc_number, args.date, draft_path=draft_path
        )
        _index_ready(ws)
    finally:
        ws.close()
    record = done.record
    if args.json:
        _emit_json(
            {
                "id": record.id,
                "title": record.title,
                "doc_number": record.parsed.doc_number,
                "date": record.parsed.date,
                "sent_date": draft.sent_date,
                "added": done.added,
                "changes": [
                    {"kind": c.kind, "text": c.text, "author": c.author} for c in done.changes
                ],
            },
            sys.stdout,
        )
        return EXIT_OK
    for change in done.changes:
        verb = "accepted insertion" if change.kind == "insert" else "dropped deletion"
        who = f" by {change.author}" if change.author else ""
        print(f"note: {verb}{who}: {change.text}", file=sys.stderr)
    state = "archived" if done.added else "already archived"
    print(
        f"{state} {record.id} as a reply ({record.parsed.doc_number}, sent {draft.sent_date}); "
        f"{draft_path} marked sent"
    )
    return EXIT_OK


# --- check ---------------------------------------------------------------------------------------


def cmd_check(args: argparse.Namespace) -> int:
    from replydraft.check import Severity, apply_fixes, check_parsed_record

    path = Path(args.file)
    target = _fix_target(path, args.output) if args.fix else None
    ws = _workspace(args)
    try:
        if path.suffix.lower() == ".json":
            from replydraft.draft import load_draft
            from replydraft.render import render_blocks

            if args.fix:
                raise UserError("--fix works on .txt and .docx files; edit a draft in the app")
            from replydraft.session import check_reply

            draft = load_draft(path)
            findings = check_reply(ws, draft)
            paragraphs = [b.text for b in render_blocks(draft)]
        else:
            from replydraft.parse import parse

            paragraphs = _ingest(path).paragraphs
            findings = check_parsed_record(
                paragraphs, parse(paragraphs), tokenizer=ws.tokenizer, wordlist=ws.wordlist
            )
    finally:
        ws.close()
    applied: list[Any] = []
    if target is not None:
        fixed, applied = apply_fixes(paragraphs, findings)
        from replydraft.atomic import write_text_atomic

        write_text_atomic(target, "\n".join(fixed) + "\n")
    errors = sum(1 for f in findings if f.severity == Severity.ERROR)
    if args.json:
        _emit_json(
            {
                "file": str(path),
                "findings": [f.to_dict() for f in findings],
                "counts": {s.value: sum(1 for f in findings if f.severity == s) for s in Severity},
                "fixed": len(applied),
            },
            sys.stdout,
        )
    else:
        for f in findings:
            print(
                f"{path.name}:{f.paragraph + 1}:{f.start + 1}: {f.severity.value}: {f.message} [{f.rule}]"
            )
        counts = ", ".join(
            f"{sum(1 for f in findings if f.severity == s)} {s.value}" for s in Severity
        )
        print(f"{path.name}: {counts}", file=sys.stderr)
        if args.fix:
            print(f"applied {len(applied)} fix(es) → {target}", file=sys.stderr)
    return EXIT_FAILED if errors else EXIT_OK


# What `check --fix` must never write plain text over: a document or a draft file.
_NOT_TEXT_TARGETS = (".docx", ".doc", ".wps", ".json", ".pdf", ".ofd", ".sqlite3")


def _fix_target(source: Path, output: str | None) -> Path:
    """Where `check --fix` writes its plain text; refuses the input itself and any target
    whose name says it is not plain text (the text would replace the document)."""
    target = Path(output) if output else source.with_name(source.stem + ".fixed.txt")
    if _same_file(source, target):
        raise UserError(f"{target.name}: 不能写回被检查的文件本身，请用 -o 指定另一个 .txt 文件")
    if target.suffix.lower() in _NOT_TEXT_TARGETS or target.name.lower().endswith(".rdraft.json"):
        raise UserError(
            f"{target.name}: --fix 写出的是纯文本，不能写成 {target.suffix} 文件，请用 -o 指定 .txt 文件"
        )
    return target


def _same_file(a: Path, b: Path) -> bool:
    try:
        if a.exists() and b.exists():
            return os.path.samefile(a, b)
        return os.path.normcase(a.resolve()) == os.path.normcase(b.resolve())
    except OSError:
        return False


# --- templates / fonts ---------------------------------------------------------------------------


def cmd_templates(args: argparse.Namespace) -> int:
    ws = _workspace(args)
    if args.action == "list":
        print("templates:")
        for t in ws.templates.list():
            mark = " (user, overrides built-in)" if t.overrides_builtin else f" ({t.origin})"
            print(f"  {t.name:<32}{mark}  {t.description}")
        print("bureau profiles:")
        for pr in ws.profiles.list():
            state = f"  ERROR: {pr.error}" if pr.error else ""
            print(f"  {pr.id:<20} {pr.name} ({pr.origin}){state}")
        return EXIT_OK
    problems = ws.templates.check(args.path) if args.path else ws.templates.check_all()
    if not args.path:
        for pr in ws.profiles.list():
            if pr.error:
                print(pr.error)  # names the file already
    for problem in problems:
        print(problem)
    bad = [p for p in problems if getattr(p, "severity", "error") == "error"]
    broken_profiles = [] if args.path else [p for p in ws.profiles.list() if p.error]
    if not problems and not broken_profiles:
        print("all templates and profiles are fine" if not args.path else f"{args.path}: fine")
    return EXIT_FAILED if bad or broken_profiles else EXIT_OK


def cmd_fonts(args: argparse.Namespace) -> int:
    from replydraft.fonts import font_report

    ws = _workspace(args)
    profile = ws.profiles.load(args.bureau)
    reports = font_report(profile.style)
    for r in reports:
        print(r.message())
    return EXIT_FAILED if any(not r.available for r in reports) else EXIT_OK


# --- db: setting up and upgrading an archive --------------------------------------------------


def cmd_db(args: argparse.Namespace) -> int:
    from replydraft.storage.base import prepare_archive

    if args.action == "sql":
        from replydraft.storage.postgres import setup_sql

        print(setup_sql())
        return EXIT_OK
    ws = _workspace(args)
    if args.action == "status":
        from replydraft.storage.base import ArchiveError, is_server_url, open_archive, sqlite_path

        if is_server_url(ws.archive_url):
            from replydraft.storage.postgres import client_version

            # Before connecting: which client library the IT department's problem is with.
            print(f"{ws.archive_location}: client {client_version()}")
        elif sqlite_path(ws.archive_url) != ":memory:" and not Path(ws.archive_location).is_file():
            # Opening would create an empty file where the user only asked to look.
            raise ArchiveError(
                f"{ws.archive_location}: 档案库文件不存在，请先运行 replydraft db init"
            )
        with open_archive(ws.archive_url) as archive:
            print(
                f"{ws.archive_location}: schema version {archive.schema_version}, "
                f"{archive.count()} record(s)"
            )
        return EXIT_OK
    before, after = prepare_archive(ws.archive_url, migrate_only=args.action == "migrate")
    if before == after:
        print(f"{ws.archive_location}: already at schema version {after}")
    else:
        print(f"{ws.archive_location}: schema version {before} -> {after}")
    return EXIT_OK


# --- bench ---------------------------------------------------------------------------------------


def cmd_bench(args: argparse.Namespace) -> int:
    if args.what == "search":
        from replydraft.bench import search as bench_search
        from replydraft.storage.base import is_server_url

        cache = Path(args.cache) if args.cache else Path.cwd() / "bench-cache"
        if args.archive and is_server_url(args.archive):
            from replydraft.bench.server import run_server

            return run_server(args.archive, args.docs, cache, queries=args.queries)
        corpus = Path(args.corpus) if args.corpus else None
        figures = bench_search.run(
            args.docs,
            cache,
            queries=args.queries,
            rounds=args.rounds,
            corpus_dir=corpus,
            reuse_index=args.reuse_index,
        )
        return EXIT_FAILED if figures.failures else EXIT_OK
    elif args.what == "rebuild":
        from replydraft.bench import rebuild

        cache = Path(args.cache) if args.cache else Path.cwd() / "bench-cache"
        corpus = Path(args.corpus) if args.corpus else None
        failed = rebuild.run(args.docs, cache, corpus_dir=corpus)
        return EXIT_FAILED if failed else EXIT_OK
    elif args.what == "cli":
        from replydraft.bench import cli_process

        cache = Path(args.cache) if args.cache else Path.cwd() / "bench-cache"
        corpus = Path(args.corpus) if args.corpus else None
        failed = cli_process.run(args.docs, cache, rounds=args.rounds, corpus_dir=corpus)
        return EXIT_FAILED if failed else EXIT_OK
    elif args.what == "import":
        from replydraft.bench.shared_import import bench_import

        if not args.archive:
            raise UserError("bench import needs --archive postgresql://… (an empty archive)")
        cache = Path(args.cache) if args.cache else Path.cwd() / "bench-cache"
        return bench_import(args.archive, cache, desktops=args.desktops, files=args.files)
    elif args.what == "export":
        from replydraft.bench.export import bench_export

        bench_export()
    elif args.what == "draft":
        from replydraft.bench.draft import run

        return run(Path(args.corpus) if args.corpus else None)
    elif args.what == "check":
        from replydraft.bench.check import bench_check

        bench_check()
    elif args.what == "fuzz":
        from replydraft.bench.fuzz import bench_fuzz

        return bench_fuzz(args.seconds, args.seed)
    elif args.what == "window":
        from replydraft.gui.bench_window import bench_window

        return bench_window()
    elif args.what == "ocr":
        from replydraft.bench.ocr import bench_ocr

        return EXIT_OK if bench_ocr() else EXIT_FAILED
    else:
        from replydraft.gui.bench_startup import bench_startup

        bench_startup()
    return EXIT_OK


# --- the parser -------------------------------------------------------------------------------


class _VersionAction(argparse.Action):
    """argparse's "version" action, with the version looked up only when asked for."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        kwargs.setdefault("help", "show program's version number and exit")
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: Any,
        option_string: str | None = None,
    ) -> None:
        from replydraft import __version__

        print(f"replydraft {__version__}")  # to stdout, as argparse's own action does
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    from replydraft.readers import registry  # the formats the help names

    archive_help = (
        "the archive: a file, or a shared server as postgresql://HOST/DB?service=... "
        "(default: archive.sqlite3 in $REPLYDRAFT_HOME or the user data folder)"
    )
    # --archive works before or after the command; SUPPRESS keeps the subcommand's absent
    # option from overwriting a value given before the command.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--archive", metavar="PATH|URL", default=argparse.SUPPRESS, help=archive_help
    )
    parser = argparse.ArgumentParser(
        prog="replydraft",
        description="Draft replies to CPPCC proposals and NPC deputies' suggestions.",
        epilog="Environment: REPLYDRAFT_HOME puts the archive, settings and user templates "
        "in one folder. Exit status: 0 ok, 1 some input failed, 2 usage error.",
    )
    parser.add_argument("--archive", metavar="PATH|URL", default=None, help=archive_help)
    parser.add_argument("--version", action=_VersionAction)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def add(
        name: str, func: Callable[[argparse.Namespace], int], help: str
    ) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help, description=help, parents=[common])
        p.set_defaults(func=func)
        return p

    p = add("gui", cmd_gui, "open the desktop app")
    p.add_argument("file", nargs="?", metavar="FILE", help="a proposal or a draft file to open")

    p = add(
        "import",
        cmd_import,
        f"import files and folders ({', '.join(sorted(registry.suffixes()))}) into the archive",
    )
    p.add_argument(
        "paths", nargs="+", metavar="PATH", help="files or folders (searched recursively)"
    )
    p.add_argument("--kind", choices=KINDS, help="force the kind instead of detecting it")

    p = add("list", cmd_list, "list the archive's records")
    p.add_argument("--kind", choices=(*KINDS, "other"), help="only records of this kind")
    p.add_argument("--json", action="store_true", help="one JSON document on standard output")

    p = add("show", cmd_show, "show one record with its parsed fields")
    p.add_argument("id", metavar="ID", help="a record id or a unique prefix of it (4+ characters)")
    p.add_argument("--json", action="store_true", help="one JSON document on standard output")
    p.add_argument("--text", action="store_true", help="also print the normalised text")

    p = add("delete", cmd_delete, "delete records from the archive")
    p.add_argument("ids", nargs="+", metavar="ID")

    p = add("reparse", cmd_reparse, "parse stored records again (all outdated ones by default)")
    p.add_argument("ids", nargs="*", metavar="ID")

    p = add("search", cmd_search, "find similar past replies (documents, then paragraphs)")
    p.epilog = (
        "The first search after an update that changed the search index's format (or on an "
        "archive never indexed) waits while the whole index is built beside the old one, "
        "showing its progress on a terminal; the desktop app builds it in the background, "
        "and a search started meanwhile waits for that build, saying so on stderr."
    )
    p.add_argument("file", nargs="?", metavar="FILE", help="a proposal or draft to search with")
    p.add_argument("--text", metavar="TEXT", help="search with this text instead of a file")
    p.add_argument("--top", type=int, default=10, metavar="N", help="how many results (10)")
    p.add_argument(
        "--kind", choices=(*KINDS, "other"), default="reply", help="what to search (reply)"
    )
    p.add_argument("--json", action="store_true", help="one JSON document on standard output")

    p = add("draft", cmd_draft, "pre-fill a reply to a proposal")
    p.add_argument("proposal", metavar="PROPOSAL", help="the proposal: a file, or an archive id")
    p.add_argument(
        "--bureau",
        metavar="ID",
        help="the bureau profile (see templates list; default: the profile the proposal names "
        "as lead unit, else as co-unit, else the settings' default bureau)",
    )
    p.add_argument(
        "--template",
        metavar="NAME",
        help="member, members, organisation, huiban or deputy (default: from the proposal)",
    )
    p.add_argument(
        "--use", metavar="ID,...", help="reuse paragraphs only from these archive records"
    )
    p.add_argument(
        "--per-suggestion",
        type=int,
        default=2,
        metavar="N",
        help="reused paragraphs per suggestion (2)",
    )
    p.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="OUT",
        help="OUT.docx, OUT.txt or OUT.json (a draft file)",
    )
    p.add_argument(
        "--json",
        action="store_true",
        help="also print one JSON document: the proposal's fields as read, what is unsure or "
        "missing, the reused paragraphs and their sources, the gaps left, and the pages read "
        "by OCR (recognised)",
    )

    p = add("check", cmd_check, "proofread a draft (.json), a .txt or a .docx; exit 1 on errors")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--json", action="store_true", help="one JSON document on standard output")
    p.add_argument(
        "--fix",
        action="store_true",
        help="apply the mechanical fixes and write the text (.txt/.docx input)",
    )
    p.add_argument(
        "-o", "--output", metavar="OUT", help="with --fix: where to write (default FILE.fixed.txt)"
    )

    p = add("export", cmd_export, "export a draft file to .docx (GB/T 9704) or .txt")
    p.add_argument("draft", metavar="DRAFT.json")
    p.add_argument("-o", "--output", required=True, metavar="OUT", help="OUT.docx or OUT.txt")
    p.add_argument(
        "--allow-gaps",
        action="store_true",
        help="export even though 【待填写】 gaps or 【核实】 marks are left (they are listed); "
        "refused otherwise",
    )
    p.add_argument(
        "--approval-sheet",
        action="store_true",
        help="also write the 发文稿纸 beside it as OUT.稿纸.docx (a profile may ask for it always)",
    )

    p = add(
        "archive-sent",
        cmd_archive_sent,
        "mark a draft as sent and archive its signed final .docx as a past reply",
    )
    p.add_argument(
        "final", metavar="FINAL.docx", help="the reply as signed (tracked changes are accepted)"
    )
    p.add_argument("--draft", required=True, metavar="DRAFT.json", help="the draft it came from")
    p.add_argument("--doc-number", required=True, metavar="文号", help="the 文号 it was sent under")
    p.add_argument("--date", required=True, metavar="YYYY-MM-DD", help="the day it was sent")
    p.add_argument("--json", action="store_true", help="one JSON document on standard output")

    p = add("templates", cmd_templates, "list or check templates and bureau profiles")
    p.add_argument("action", choices=("list", "check"))
    p.add_argument("path", nargs="?", metavar="PATH", help="with check: one template file or name")

    p = add("fonts", cmd_fonts, "which fonts a bureau's export names, and which this machine lacks")
    p.add_argument("--bureau", default="example", metavar="ID", help="the bureau profile (example)")

    p = add(
        "db",
        cmd_db,
        "set up (init) or upgrade (migrate) an archive, show its version (status), "
        "or print the server's setup SQL (sql)",
    )
    p.add_argument("action", choices=("init", "migrate", "status", "sql"))

    p = add("bench", cmd_bench, "run a benchmark and print its figures")
    p.add_argument(
        "what",
        choices=(
            "search",
            "cli",
            "rebuild",
            "export",
            "check",
            "startup",
            "draft",
            "import",
            "fuzz",
            "window",
            "ocr",
        ),
    )
    p.add_argument(
        "--docs",
        type=int,
        default=10_000,
        metavar="N",
        help="search, cli, rebuild: archive size (10000)",
    )
    p.add_argument(
        "--queries", type=int, default=30, metavar="N", help="search: proposals of each kind (30)"
    )
    p.add_argument("--rounds", type=int, default=3, metavar="N", help="search, cli: repeats (3)")
    p.add_argument(
        "--cache",
        metavar="DIR",
        help="search, cli, rebuild: where the synthetic archive is kept (./bench-cache)",
    )
    p.add_argument(
        "--reuse-index",
        action="store_true",
        help="search: keep the cached archive's index when it is of the current format "
        "(the rebuild is then not timed)",
    )
    p.add_argument(
        "--corpus",
        metavar="DIR",
        help="draft: real replies to leave out one by one, beside the seeds (default: the seeds); "
        "'fixtures': the tests' own corpus of replies and new proposals, built on the spot; "
        "search: real texts (*.txt) whose sentences join the synthetic replies' prose",
    )
    p.add_argument(
        "--desktops", type=int, default=4, metavar="N", help="import: desktops at once (4)"
    )
    p.add_argument(
        "--files", type=int, default=1000, metavar="N", help="import: files per desktop (1000)"
    )
    p.add_argument(
        "--seconds", type=float, default=60.0, metavar="N", help="fuzz: how long to run (60)"
    )
    p.add_argument(
        "--seed", type=int, default=18, metavar="N", help="fuzz: the seed of the inputs (18)"
    )

    return parser


class _SafeStream:
    """Standard output or error with control characters, bidi overrides and undecodable
    file-name bytes written as \\uXXXX escapes (newlines and tabs pass): a name holding a
    newline or a terminal escape cannot forge or hide a line, and the escapes are still
    valid inside a --json string."""

    _UNSAFE = re.compile(
        "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
    )

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        return self._stream.write(self._UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def main(argv: Sequence[str] | None = None) -> int:
    streams = sys.stdout, sys.stderr
    if sys.stdout is not None and not isinstance(sys.stdout, _SafeStream):
        sys.stdout = cast(TextIO, _SafeStream(sys.stdout))
    if sys.stderr is not None and not isinstance(sys.stderr, _SafeStream):
        sys.stderr = cast(TextIO, _SafeStream(sys.stderr))
    try:
        return _main(argv)
    finally:
        if isinstance(sys.stdout, _SafeStream):  # not replaced meanwhile (BrokenPipeError)
            sys.stdout = streams[0]
        sys.stderr = streams[1]


def _main(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `replydraft list | head`: the reader has all it wanted
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - keep the interpreter's flush quiet
        return EXIT_OK
    except Exception as exc:  # one clear line for every problem the user can act on
        if is_known(exc):
            print(f"replydraft: {safe_line(str(exc))}", file=sys.stderr)
            return EXIT_FAILED
        if os.environ.get("REPLYDRAFT_DEBUG"):
            raise
        print(
            f"replydraft: internal error: {type(exc).__name__}: {safe_line(str(exc))} "
            "(set REPLYDRAFT_DEBUG=1 for the details and report them)",
            file=sys.stderr,
        )
        return EXIT_FAILED


def gui_main() -> int:
    return main(["gui", *sys.argv[1:]])
