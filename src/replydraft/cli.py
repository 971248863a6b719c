"""The command line: the same core as the desktop app, scriptable.

The names, flags and --json fields are a contract (docs: architecture.md); keep them stable.
Exit status: 0 success, 1 some input failed (or `check` found an error), 2 usage errors.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TextIO

from replydraft import __version__

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2

KINDS = ("reply", "proposal", "policy")


class UserError(Exception):
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

    def __call__(self, done: int, total: int, path: Path) -> None:
        if self.live:
            name = path.name if len(path.name) <= 40 else "…" + path.name[-39:]
            self.stream.write(f"\r\033[K[{done}/{total}] {name}")
            self.stream.flush()

    def finish(self) -> None:
        if self.live:
            self.stream.write("\r\033[K")
            self.stream.flush()


def cmd_import(args: argparse.Namespace) -> int:
    from replydraft.importer import import_paths
    from replydraft.records import Kind

    ws = _workspace(args)
    progress = _Progress(sys.stderr)
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
            ws.index.sync(ws.archive)  # the index is kept current, so the next start is ready
    finally:
        ws.close()
    for failure in report.failures:
        print(f"failed: {failure}", file=sys.stderr)
    print(report.summary())
    return EXIT_OK if report.ok else EXIT_FAILED


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
    print(f"{len(rows)} record(s) in {ws.archive_path}", file=sys.stderr)
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
        ws.index.sync(ws.archive)
    finally:
        ws.close()
    print(f"deleted {len(ids)} record(s)")
    return EXIT_OK


def cmd_reparse(args: argparse.Namespace) -> int:
    from replydraft.importer import reparse

    ws = _workspace(args)
    try:
        count = reparse(ws.archive, args.ids or None)
    finally:
        ws.close()
    print(f"re-parsed {count} record(s)")
    return EXIT_OK


def cmd_gui(args: argparse.Namespace) -> int:
    try:
        from replydraft.gui.app import run
    except ImportError as exc:
        raise UserError(f"the desktop app cannot start: {exc}") from exc
    return run(archive=args.archive)


# --- the parser -------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    archive_help = (
        "the archive file (default: archive.sqlite3 in $REPLYDRAFT_HOME or the user data folder)"
    )
    # --archive works before or after the command; SUPPRESS keeps the subcommand's absent
    # option from overwriting a value given before the command.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--archive", metavar="PATH", default=argparse.SUPPRESS, help=archive_help)
    parser = argparse.ArgumentParser(
        prog="replydraft",
        description="Draft replies to CPPCC proposals and NPC deputies' suggestions.",
        epilog="Environment: REPLYDRAFT_HOME puts the archive, settings and user templates "
        "in one folder. Exit status: 0 ok, 1 some input failed, 2 usage error.",
    )
    parser.add_argument("--archive", metavar="PATH", default=None, help=archive_help)
    parser.add_argument("--version", action="version", version=f"replydraft {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def add(
        name: str, func: Callable[[argparse.Namespace], int], help: str
    ) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help, description=help, parents=[common])
        p.set_defaults(func=func)
        return p

    add("gui", cmd_gui, "open the desktop app")

    p = add("import", cmd_import, "import files and folders (.txt, .docx, .pdf) into the archive")
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

    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # one clear line for every problem the user can act on
        if isinstance(exc, _known_errors()):
            print(f"replydraft: {exc}", file=sys.stderr)
            return EXIT_FAILED
        if os.environ.get("REPLYDRAFT_DEBUG"):
            raise
        print(
            f"replydraft: internal error: {type(exc).__name__}: {exc} "
            "(set REPLYDRAFT_DEBUG=1 for the details and report them)",
            file=sys.stderr,
        )
        return EXIT_FAILED


def _known_errors() -> tuple[type[BaseException], ...]:
    """Error types whose message is written for the user (imported lazily: start-up speed)."""
    from replydraft.archive import ArchiveError, RecordNotFound
    from replydraft.settings import SettingsError

    found: list[type[BaseException]] = [UserError, ArchiveError, RecordNotFound, SettingsError]
    for module, names in (
        ("replydraft.ingest", ["IngestError"]),
        ("replydraft.profiles", ["ProfileError"]),
        ("replydraft.templates", ["TemplateError"]),
        ("replydraft.draft", ["DraftFileError"]),
        ("replydraft.atomic", ["WriteError"]),
    ):
        try:
            mod = __import__(module, fromlist=names)
        except ImportError:
            continue
        found.extend(getattr(mod, n) for n in names if hasattr(mod, n))
    return tuple(found)


def gui_main() -> int:
    return main(["gui", *sys.argv[1:]])
