"""The archive: every imported document, its paragraphs and their search tokens, in SQLite.

One file (WAL journal, foreign keys on). A document's row holds what lists and filters read
(title, bureau, kind, ...); its body (paragraphs, their tokens, the parsed fields) is one
zlib-compressed blob in `bodies`, read whole when the record is. The parsed fields repeat
the text and the tokens are the text cut up: compressed together they take a fifth of
what paragraphs and tokens as text rows and the parsed JSON beside them took (26 KB a reply
at 10,000 replies, 5.7 KB now). `PRAGMA user_version` is the schema version and
`PRAGMA application_id` marks the file as ours, so a stray SQLite file is refused instead of
being written into. Every write runs inside a transaction: a failure leaves the archive as
it was before the write.
"""

from __future__ import annotations

import builtins
import json
import operator
import sqlite3
import threading
import time
import zlib
from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any, cast

import orjson
from zlib_ng import zlib_ng

from replydraft.records import Kind, Parsed, Record
from replydraft.storage.base import (
    MIN_PREFIX,
    SEEDED_KEY,
    SUMMARY_COLUMNS,
    ArchiveError,
    RecordNotFound,
    RecordSummary,
    StoredParagraph,
    now_iso,
    summary_of,
)
from replydraft.storage.base import join_tokens as _join
from replydraft.storage.base import kind_of as _kind

# "RPLY": tells our archive apart from any other SQLite file.
APPLICATION_ID = 0x52504C59
__all__ = [  # the shared names, re-exported for the callers that import them from here
    "MIN_PREFIX",
    "SEEDED_KEY",
    "Archive",
    "ArchiveError",
    "RecordNotFound",
    "RecordSummary",
    "StoredParagraph",
    "now_iso",
]


# What the user reads for SQLite's commonest failures, by primary result code
# (https://sqlite.org/rescode.html); SQLite's own text is English and names no remedy.
_SQLITE_REASONS = {
    3: "没有访问权限",  # SQLITE_PERM
    5: "档案库正被另一个程序（或另一个 replydraft）使用，请稍后再试",  # SQLITE_BUSY
    6: "档案库正被另一个程序（或另一个 replydraft）使用，请稍后再试",  # SQLITE_LOCKED
    8: "档案库文件是只读的，无法写入",  # SQLITE_READONLY
    10: "读写磁盘出错",  # SQLITE_IOERR
    11: "档案库文件已损坏",  # SQLITE_CORRUPT
    13: "磁盘已满，请腾出空间后再试",  # SQLITE_FULL
    14: "找不到或无权访问该文件，请检查所在文件夹和访问权限",  # SQLITE_CANTOPEN
    23: "没有访问权限",  # SQLITE_AUTH
    26: "不是 replydraft 档案库（不是 SQLite 数据库文件）",  # SQLITE_NOTADB
}
_SQLITE_NOTADB = 26
_SQLITE_BUSY, _SQLITE_LOCKED = 5, 6
OPEN_WAIT = 10.0  # seconds to wait for another process holding the file


def sqlite_reason(e: sqlite3.Error) -> str:
    """One line in Chinese saying why an SQLite call failed (SQLite's text when unknown)."""
    message = str(e).splitlines()[0] if str(e) else type(e).__name__
    if isinstance(e, sqlite3.ProgrammingError) and "closed" in message:
        return "档案库已关闭"
    code = getattr(e, "sqlite_errorcode", None)
    if isinstance(code, int) and (code & 0xFF) in _SQLITE_REASONS:
        return _SQLITE_REASONS[code & 0xFF]
    return f"数据库出错：{message}"


# --- Schema migrations ---------------------------------------------------------------------
# MIGRATIONS[n] takes the schema from version n to n + 1 inside one transaction. To change the
# schema, append a function; never edit one that has shipped.


def _migrate_0_to_1(conn: sqlite3.Connection) -> None:
    conn.execute(
        """
        CREATE TABLE documents (
            id TEXT PRIMARY KEY,
            sha256 TEXT NOT NULL UNIQUE,
            source TEXT NOT NULL DEFAULT '',
            format TEXT NOT NULL DEFAULT '',
            encoding TEXT NOT NULL DEFAULT '',
            kind TEXT NOT NULL DEFAULT 'other',
            kind_forced INTEGER NOT NULL DEFAULT 0,
            title TEXT NOT NULL DEFAULT '',
            bureau TEXT NOT NULL DEFAULT '',
            date TEXT NOT NULL DEFAULT '',
            proposal_number TEXT NOT NULL DEFAULT '',
            session TEXT NOT NULL DEFAULT '',
            parsed TEXT NOT NULL,
            parser_version INTEGER NOT NULL DEFAULT 0,
            imported_at TEXT NOT NULL DEFAULT ''
        )
        """
    )
    conn.execute("CREATE INDEX documents_kind ON documents(kind)")
    conn.execute(
        """
        CREATE TABLE paragraphs (
            doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            text TEXT NOT NULL,
            tokens TEXT,
            PRIMARY KEY (doc_id, seq)
        )
        """
    )
    conn.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")


def _migrate_1_to_2(conn: sqlite3.Connection) -> None:
    # Which tokenizer made a record's stored tokens; NULL (records stored before) is trusted.
    conn.execute("ALTER TABLE documents ADD COLUMN tokenizer TEXT")


def _migrate_2_to_3(conn: sqlite3.Connection) -> None:
    # Paragraphs, tokens and parsed fields move into one compressed body per document. The
    # `parsed` column stays, empty: dropping a column needs SQLite 3.35, which not every
    # desktop's Python has. The space the old rows held is given back by VACUUM on open.
    conn.execute(
        """
        CREATE TABLE bodies (
            doc_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
            data BLOB NOT NULL
        )
        """
    )
    documents = conn.execute("SELECT id, parsed FROM documents ORDER BY rowid")
    for doc_id, parsed_json in documents:
        rows = conn.execute(
            "SELECT text, tokens FROM paragraphs WHERE doc_id = ? ORDER BY seq", (doc_id,)
        ).fetchall()
        try:
            parsed = json.loads(parsed_json)
        except ValueError:
            parsed = None  # damaged before: reading the record says so, as it did
        tokens = [t for _, t in rows]
        conn.execute(
            "INSERT INTO bodies (doc_id, data) VALUES (?, ?)",
            (
                doc_id,
                _pack_body(
                    [str(text) for text, _ in rows],
                    None if all(t is None for t in tokens) else tokens,
                    parsed,
                ),
            ),
        )
    conn.execute("UPDATE documents SET parsed = ''")
    conn.execute("DROP TABLE paragraphs")


def _migrate_3_to_4(conn: sqlite3.Connection) -> None:
    # A change counter: one integer that grows in the same transaction as any change of a
    # record, so a search index learns whether it is up to date from one read instead of
    # comparing 100,000 ids on every CLI call. Triggers, not the app, bump it: whatever
    # writes the tables (a later replydraft, a repair by hand) moves it too.
    conn.execute("CREATE TABLE generation (value INTEGER NOT NULL)")
    conn.execute("INSERT INTO generation (value) VALUES (0)")
    for table in ("documents", "bodies"):
        for event in ("INSERT", "UPDATE", "DELETE"):
            conn.execute(
                f"CREATE TRIGGER {table}_{event.lower()}_generation AFTER {event} ON {table} "
                "BEGIN UPDATE generation SET value = value + 1; END"
            )


MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (
    _migrate_0_to_1,
    _migrate_1_to_2,
    _migrate_2_to_3,
    _migrate_3_to_4,
)
SCHEMA_VERSION = len(MIGRATIONS)
BODIES_SINCE = 3  # the schema version that compressed the bodies (an older file is vacuumed)


# --- Bodies --------------------------------------------------------------------------------
# zlib (the standard library's) at its default level 6: on the bench's replies 22 KB of JSON
# become 5.0 KB in 0.47 ms (level 9: the same size; level 1: 5.7 KB in half the time), and
# reading one back costs 0.1 ms.


def _pack_body(
    paragraphs: Sequence[str], tokens: Sequence[str | None] | None, parsed: Any
) -> bytes:
    """A document's body as stored: its paragraphs, each one's tokens as `join_tokens` makes
    them (None where none were computed; the whole list None when none were), its parsed
    fields; JSON, compressed."""
    body = {"paragraphs": list(paragraphs), "tokens": tokens, "parsed": parsed}
    return zlib.compress(json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode())


# zlib-ng's error class (its stub calls it an instance).
_INFLATE_ERROR = cast("type[Exception]", zlib_ng.error)


def _unpack_body(data: bytes) -> tuple[list[str], list[str | None], Any]:
    """Paragraphs, their tokens (None each where none were stored) and the parsed fields;
    ValueError when the blob is damaged."""
    try:
        # zlib-ng: the same bytes in half of zlib's time (a fifth of reading a body)
        text = zlib_ng.decompress(data)
    except _INFLATE_ERROR as e:
        raise ValueError(str(e)) from e
    try:
        # orjson: the same values from UTF-8 in two thirds of json's time (whose decoding
        # alone cost as much as the inflating)
        body = orjson.loads(text)
    except orjson.JSONDecodeError:
        body = json.loads(text)  # what orjson refuses and json takes (NaN), or json's error
    if not isinstance(body, dict) or not isinstance(body.get("paragraphs"), list):
        raise ValueError("not a body")
    paragraphs = [str(p) for p in body["paragraphs"]]
    tokens = body.get("tokens")
    if tokens is None:
        tokens = [None] * len(paragraphs)
    if not isinstance(tokens, list) or len(tokens) != len(paragraphs):
        raise ValueError("tokens do not match the paragraphs")
    return paragraphs, tokens, body.get("parsed")


def _digest(source: str, made_by: str | None, body: bytes | None) -> int:
    """A record's digest (see `Archive.digests`): CRC-32 of its body, file name and
    tokenizer, ~1 us a body."""
    return zlib_ng.crc32(body or b"", zlib_ng.crc32(f"{source}\0{made_by or ''}".encode()))


_DOC_COLUMNS = (
    "id, sha256, source, format, encoding, kind, title, bureau, date, proposal_number, "
    "session, parsed, parser_version, imported_at"
)


_PARAGRAPHS_HEAD = b'{"paragraphs":'
# Where the paragraphs end in a body's JSON (see _pack_body): outside any string, since a
# quote inside one is escaped, and the first such place since the paragraphs are strings.
_PARAGRAPHS_END = b'],"tokens":'


def _body_paragraphs(data: bytes) -> list[str]:
    """The paragraphs of a body, decompressing and parsing no more than they take: the
    tokens and parsed fields after them are three quarters of it (at 100,000 bench replies
    a whole body cost ~140 us to read, its paragraphs ~60). ValueError when damaged."""
    try:
        unzip = zlib.decompressobj()
        text = unzip.decompress(data, 8192)
        end = text.find(_PARAGRAPHS_END)
        while end < 0 and unzip.unconsumed_tail:
            text += unzip.decompress(unzip.unconsumed_tail, 8192)
            end = text.find(_PARAGRAPHS_END)
    except zlib.error as e:
        raise ValueError(str(e)) from e
    if end < 0 or not text.startswith(_PARAGRAPHS_HEAD):  # not the usual order: read it all
        return _unpack_body(data)[0]
    paragraphs = json.loads(text[len(_PARAGRAPHS_HEAD) : end + 1])
    return [str(p) for p in paragraphs]


class Archive:
    """The store of imported documents. Use it as a context manager, or call close().

    One connection, guarded by a lock, so an Archive may be handed to a worker thread; two
    threads wanting to write at once take turns. Another process may open the same file.
    """

    def __init__(self, path: Path | str, *, tokens_version: str = "") -> None:
        self._memory = str(path) == ":memory:"
        self.path: Path | None = None if self._memory else Path(path).expanduser()
        self._name = ":memory:" if self.path is None else str(self.path)
        self.location = self._name
        # Tokens stored by another tokenizer read back as None; "" trusts every stored token.
        self.tokens_version = tokens_version
        self._lock = threading.RLock()
        self._depth = 0  # nesting of transaction(); inner levels are savepoints
        self.created = False  # True when this open created the schema in a new or empty file
        if self.path is not None:
            if self.path.is_dir():
                raise ArchiveError(f"{self._name}: 是文件夹，不是档案库文件")
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as e:
                raise ArchiveError(f"{self._name}: 无法创建所在文件夹：{e}") from e
        try:
            # Autocommit mode: transactions are begun and ended explicitly in transaction().
            self._conn = sqlite3.connect(
                self._name, isolation_level=None, check_same_thread=False, timeout=OPEN_WAIT
            )
        except sqlite3.Error as e:
            raise ArchiveError(f"{self._name}: 无法打开档案库：{sqlite_reason(e)}") from e
        try:
            self._setup()
        except BaseException:
            self._conn.close()
            raise

    # --- opening ---------------------------------------------------------------------------

    @staticmethod
    def file_schema_version(path: Path | str) -> int:
        """The schema version of an archive file without changing it (0: none or new)."""
        if str(path) == ":memory:" or not Path(path).expanduser().is_file():
            return 0
        try:
            conn = sqlite3.connect(f"{Path(path).expanduser().as_uri()}?mode=ro", uri=True)
            try:
                return int(conn.execute("PRAGMA user_version").fetchone()[0])
            finally:
                conn.close()
        except sqlite3.Error as e:
            raise ArchiveError(f"{path}: 无法打开档案库：{sqlite_reason(e)}") from e

    def _setup(self) -> None:
        try:
            self._conn.execute("PRAGMA foreign_keys = ON")
            version, app_id, tables = self._header()
        except sqlite3.DatabaseError as e:
            code = getattr(e, "sqlite_errorcode", None)
            if isinstance(code, int) and code & 0xFF != _SQLITE_NOTADB:
                # Locked, damaged, unreadable: say that, not "not an archive".
                raise ArchiveError(f"{self._name}: 无法打开档案库：{sqlite_reason(e)}") from e
            raise ArchiveError(
                f"{self._name}: 不是 replydraft 档案库（不是 SQLite 数据库文件）"
            ) from e
        self._check_header(version, app_id, tables)
        if not self._memory:
            try:
                self._wal()
                # In WAL mode NORMAL never corrupts the file; a power cut can at worst undo the
                # last commits, while FULL would fsync once per imported file.
                self._conn.execute("PRAGMA synchronous = NORMAL")
            except sqlite3.Error as e:
                raise ArchiveError(f"{self._name}: 无法打开档案库：{sqlite_reason(e)}") from e
        if version < SCHEMA_VERSION:
            self._migrate()
            if 0 < version < BODIES_SINCE and not self._memory:
                self._compact()

    def _wal(self) -> None:
        # Switching a new file to WAL needs it alone for a moment, and SQLite answers "busy"
        # at once instead of waiting when another process is opening it too: wait here.
        deadline = time.monotonic() + OPEN_WAIT
        while True:
            try:
                self._conn.execute("PRAGMA journal_mode = WAL")
                return
            except sqlite3.OperationalError as e:
                code = getattr(e, "sqlite_errorcode", 0) & 0xFF
                if code not in (_SQLITE_BUSY, _SQLITE_LOCKED) or time.monotonic() > deadline:
                    raise
                time.sleep(0.02)

    def _header(self) -> tuple[int, int, set[str]]:
        # One read transaction: read one by one, another process creating the schema
        # meanwhile could show tables but not yet its marker, a file that looks foreign.
        outer = self._conn.in_transaction
        if not outer:
            self._conn.execute("BEGIN")
        try:
            version = int(self._conn.execute("PRAGMA user_version").fetchone()[0])
            app_id = int(self._conn.execute("PRAGMA application_id").fetchone()[0])
            tables = {
                str(r[0])
                for r in self._conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            }
        finally:
            if not outer and self._conn.in_transaction:
                self._conn.execute("COMMIT")
        return version, app_id, tables

    def _check_header(self, version: int, app_id: int, tables: set[str]) -> None:
        blank = version == 0 and app_id == 0 and not tables  # a new or empty file
        if app_id != APPLICATION_ID and not blank:
            raise ArchiveError(f"{self._name}: 不是 replydraft 档案库")
        if version > SCHEMA_VERSION:
            raise ArchiveError(
                f"{self._name}: 档案库格式版本为 {version}，本程序只支持到版本 "
                f"{SCHEMA_VERSION}，请更新 replydraft"
            )

    def _migrate(self) -> None:
        with self.transaction():
            # Read again inside the write lock: another process may have migrated meanwhile.
            version, app_id, tables = self._header()
            self._check_header(version, app_id, tables)
            self.created = version == 0
            for step in range(version, SCHEMA_VERSION):
                MIGRATIONS[step](self._conn)
                self._conn.execute(f"PRAGMA user_version = {step + 1}")

    def _compact(self) -> None:
        """Give the disk back what the rows a migration replaced held (VACUUM rewrites the
        file; the WAL it went through is cut back). Once, after the migration; another
        process holding the file open makes it wait for a later migration-free day:
        SQLite reuses the free pages for what is imported next."""
        try:
            self._conn.execute("VACUUM")
            self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.Error:
            pass

    @property
    def address(self) -> str | None:
        """What open_archive opens it by: its path (None in memory)."""
        return None if self.path is None else str(self.path)

    @property
    def schema_version(self) -> int:
        with self._reading():
            return int(self._conn.execute("PRAGMA user_version").fetchone()[0])

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Archive({self._name!r})"

    # --- transactions ----------------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One transaction: committed at the end, rolled back on any exception.

        Nested use is allowed; an inner block is a savepoint, undone alone if it fails.
        """
        with self._lock:
            level = self._depth
            try:
                if level == 0:
                    self._conn.execute("BEGIN IMMEDIATE")
                else:
                    self._conn.execute(f"SAVEPOINT level{level}")
            except sqlite3.Error as e:
                raise self._error(e) from e
            self._depth += 1
            try:
                yield
            except BaseException as exc:
                self._depth = level
                self._undo(level)
                if isinstance(exc, sqlite3.Error):
                    raise self._error(exc) from exc
                raise
            self._depth = level
            try:
                if level == 0:
                    self._conn.execute("COMMIT")
                else:
                    self._conn.execute(f"RELEASE level{level}")
            except sqlite3.Error as e:
                self._undo(level)
                raise self._error(e) from e

    def _undo(self, level: int) -> None:
        try:
            if level == 0:
                self._conn.execute("ROLLBACK")
            else:
                self._conn.execute(f"ROLLBACK TO level{level}")
                self._conn.execute(f"RELEASE level{level}")
        except sqlite3.Error:
            pass  # SQLite already rolled back on its own (e.g. after a full disk)

    @contextmanager
    def _reading(self) -> Iterator[None]:
        with self._lock:
            try:
                yield
            except sqlite3.Error as e:
                raise self._error(e) from e

    def _error(self, e: sqlite3.Error) -> ArchiveError:
        return ArchiveError(f"{self._name}: {sqlite_reason(e)}")

    # --- meta --------------------------------------------------------------------------------

    def get_meta(self, key: str) -> str | None:
        with self._reading():
            row = self._conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        with self.transaction():
            self._conn.execute(
                "INSERT INTO meta(key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    # --- writing -----------------------------------------------------------------------------

    def add(
        self,
        record: Record,
        tokens: list[list[str]] | None = None,
        *,
        parser_version: int = 0,
        kind_forced: bool = False,
    ) -> bool:
        """Store a record with its paragraphs (and their tokens); False if its bytes are known.

        `kind_forced` marks a kind the user chose (import --kind): re-parsing keeps it.
        """
        if tokens is not None and len(tokens) != len(record.paragraphs):
            raise ValueError(
                f"{record.source}: {len(tokens)} token lists "
                f"for {len(record.paragraphs)} paragraphs"
            )
        p = record.parsed
        with self.transaction():
            if self.has_sha(record.sha256):
                return False
            other = self._conn.execute(
                "SELECT sha256 FROM documents WHERE id = ?", (record.id,)
            ).fetchone()
            if other is not None:
                raise ArchiveError(
                    f"{self._name}: {record.source} 的 ID {record.id} 已被另一份文件使用"
                )
            self._conn.execute(
                f"INSERT INTO documents ({_DOC_COLUMNS}, kind_forced, tokenizer) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    record.id,
                    record.sha256,
                    record.source,
                    record.format,
                    record.encoding,
                    p.kind.value,
                    p.title,
                    p.bureau,
                    p.date,
                    p.proposal_number,
                    p.session,
                    "",  # the parsed fields are in the body
                    parser_version,
                    record.imported_at or now_iso(),
                    int(kind_forced),
                    None if tokens is None else self.tokens_version or None,
                ),
            )
            body = _pack_body(
                record.paragraphs,
                None if tokens is None else [_join(t) for t in tokens],
                p.to_dict(),
            )
            self._conn.execute("INSERT INTO bodies (doc_id, data) VALUES (?, ?)", (record.id, body))
        return True

    def update_parsed(self, id: str, parsed: Parsed, *, parser_version: int | None = None) -> None:
        """Replace a record's parsed fields (after re-parsing). A kind the user forced stays."""
        with self.transaction():
            full = self.resolve(id)
            forced, kind = self._conn.execute(
                "SELECT kind_forced, kind FROM documents WHERE id = ?", (full,)
            ).fetchone()
            if forced:
                parsed = replace(parsed, kind=_kind(kind))
            paragraphs, tokens, _ = self._body(full)
            self._conn.execute(
                "UPDATE documents SET kind = ?, title = ?, bureau = ?, date = ?, "
                "proposal_number = ?, session = ?, "
                "parser_version = COALESCE(?, parser_version) WHERE id = ?",
                (
                    parsed.kind.value,
                    parsed.title,
                    parsed.bureau,
                    parsed.date,
                    parsed.proposal_number,
                    parsed.session,
                    parser_version,
                    full,
                ),
            )
            stored = None if all(t is None for t in tokens) else tokens
            self._conn.execute(
                "UPDATE bodies SET data = ? WHERE doc_id = ?",
                (_pack_body(paragraphs, stored, parsed.to_dict()), full),
            )

    def delete(self, id: str) -> None:
        """Remove a record and (by cascade) its paragraphs."""
        with self.transaction():
            full = self.resolve(id)
            self._conn.execute("DELETE FROM documents WHERE id = ?", (full,))

    # --- reading -----------------------------------------------------------------------------

    def has_sha(self, sha256: str) -> bool:
        with self._reading():
            row = self._conn.execute(
                "SELECT 1 FROM documents WHERE sha256 = ?", (sha256.lower(),)
            ).fetchone()
        return row is not None

    def resolve(self, id_or_prefix: str) -> str:
        """The full id for an id or a unique prefix of at least 4 characters."""
        wanted = id_or_prefix.strip().lower()
        with self._reading():
            if self._conn.execute("SELECT 1 FROM documents WHERE id = ?", (wanted,)).fetchone():
                return wanted
            if len(wanted) < MIN_PREFIX:
                raise RecordNotFound(
                    f"没有 ID 为 {wanted!r} 的记录（请至少输入 ID 的前 {MIN_PREFIX} 个字符）"
                )
            rows = self._conn.execute(
                "SELECT id FROM documents WHERE substr(id, 1, ?) = ? ORDER BY id LIMIT 6",
                (len(wanted), wanted),
            ).fetchall()
        if not rows:
            raise RecordNotFound(f"没有 ID 为 {wanted!r} 的记录")
        if len(rows) > 1:
            shown = "、".join(str(r[0]) for r in rows[:5]) + (" 等" if len(rows) > 5 else "")
            raise RecordNotFound(f"ID 前缀 {wanted!r} 对应多条记录：{shown}；请多输入几个字符")
        return str(rows[0][0])

    def get(self, id_or_prefix: str) -> Record:
        with self._reading():
            return self._record(self.resolve(id_or_prefix), with_tokens=False)[0]

    def get_with_tokens(self, id: str) -> tuple[Record, builtins.list[builtins.list[str] | None]]:
        """The record of exactly `id` and each paragraph's stored tokens (None where none were
        computed): what indexing a record needs, its paragraphs read once."""
        with self._reading():
            return self._record(id, with_tokens=True)

    def get_many_with_tokens(
        self, ids: Sequence[str]
    ) -> builtins.list[tuple[Record, builtins.list[builtins.list[str] | None]]]:
        """`get_with_tokens` for each of `ids` that is stored, in the order given, each
        once; an id no longer stored (deleted meanwhile) is left out. One lock for the lot."""
        return self._many(ids, with_tokens=True)

    def get_many_with_token_lines(
        self, ids: Sequence[str]
    ) -> builtins.list[tuple[Record, builtins.list[str | None], int]]:
        """`get_many_with_tokens` with each paragraph's tokens as stored: one string, the
        tokens joined by single spaces (what an index build sends on, unsplit); and the
        record's digest (`digests`)."""
        wanted = list(dict.fromkeys(ids))
        rows: dict[str, tuple[Any, ...]] = {}
        with self._reading():
            # One query for a few hundred, documents and bodies together (two queries a
            # record were a tenth of reading it).
            for start in range(0, len(wanted), 500):
                part = wanted[start : start + 500]
                marks = ",".join("?" * len(part))
                sql = (
                    "SELECT d.id, d.sha256, d.source, d.format, d.encoding, d.imported_at, "
                    "d.tokenizer, b.data FROM documents d LEFT JOIN bodies b ON b.doc_id = d.id "
                    f"WHERE d.id IN ({marks})"
                )
                rows.update((row[0], row) for row in self._conn.execute(sql, part))
        found = []
        for doc_id in wanted:
            if doc_id in rows:
                row = rows[doc_id]
                record, lines = self._stored_of(row, with_tokens=True)
                found.append((record, lines, _digest(row[2], row[6], row[7])))
        return found

    def digests(self) -> dict[str, int]:
        """Each record's digest, which changes whenever the record or its stored tokens do
        (its body, file name, tokenizer): an index build keeps what it derived from a record
        whose digest is unchanged (`index.build_beside`). Records whose tokens this archive's
        tokenizer cannot use are left out: they are tokenized again."""
        found: dict[str, int] = {}
        ids = self.ids()
        # 500 at a time (SQLite's bound on parameters), the lock let go between: a search
        # meanwhile reads texts.
        for start in range(0, len(ids), 500):
            part = ids[start : start + 500]
            sql = (
                "SELECT d.id, d.source, d.tokenizer, b.data FROM documents d "
                f"JOIN bodies b ON b.doc_id = d.id WHERE d.id IN ({','.join('?' * len(part))})"
            )
            with self._reading():
                rows = self._conn.execute(sql, part).fetchall()
            for doc_id, source, made_by, data in rows:
                if self._tokens_usable(made_by):
                    found[doc_id] = _digest(source, made_by, data)
        return found

    def get_many(self, ids: Sequence[str]) -> builtins.list[Record]:
        """The records of `ids` that are stored, in the order given, each once, without
        their tokens: what showing a search's passages needs."""
        return [record for record, _ in self._many(ids, with_tokens=False)]

    def paragraphs_many(self, ids: Sequence[str]) -> dict[str, builtins.list[str]]:
        """The paragraphs of each of `ids` that is stored: what showing a search's passages
        needs, read without the rest of their bodies."""
        wanted = list(dict.fromkeys(ids))
        data: dict[str, bytes] = {}
        with self._reading():
            # One query for a few hundred (a query each cost ~30 us more of a proposal's
            # dozen documents shown).
            for start in range(0, len(wanted), 500):
                part = wanted[start : start + 500]
                marks = ",".join("?" * len(part))
                sql = f"SELECT doc_id, data FROM bodies WHERE doc_id IN ({marks})"
                data.update(self._conn.execute(sql, part).fetchall())
        found: dict[str, builtins.list[str]] = {}
        for doc_id in wanted:
            if doc_id in data:
                try:
                    found[doc_id] = _body_paragraphs(data[doc_id])
                except ValueError as e:
                    raise ArchiveError(f"{self._name}: 记录 {doc_id} 的正文已损坏：{e}") from e
        return found

    def _many(
        self, ids: Sequence[str], *, with_tokens: bool
    ) -> builtins.list[tuple[Record, builtins.list[builtins.list[str] | None]]]:
        found = []
        with self._reading():
            for doc_id in dict.fromkeys(ids):
                try:
                    found.append(self._record(doc_id, with_tokens=with_tokens))
                except RecordNotFound:
                    continue
        return found

    def _record(
        self, full: str, *, with_tokens: bool
    ) -> tuple[Record, builtins.list[builtins.list[str] | None]]:
        record, lines = self._stored(full, with_tokens=with_tokens)
        return record, [None if t is None else t.split() for t in lines]

    def _stored(self, full: str, *, with_tokens: bool) -> tuple[Record, builtins.list[str | None]]:
        """The record of `full` and its paragraphs' tokens as stored (None where none were,
        or all None without `with_tokens` or when they are another tokenizer's)."""
        row = self._conn.execute(
            "SELECT id, sha256, source, format, encoding, imported_at, tokenizer "
            "FROM documents WHERE id = ?",
            (full,),
        ).fetchone()
        if row is None:
            raise RecordNotFound(f"没有 ID 为 {full!r} 的记录")
        body = self._conn.execute("SELECT data FROM bodies WHERE doc_id = ?", (full,)).fetchone()
        return self._stored_of((*row, None if body is None else body[0]), with_tokens=with_tokens)

    def _stored_of(
        self, row: tuple[Any, ...], *, with_tokens: bool
    ) -> tuple[Record, builtins.list[str | None]]:
        """`_stored` of a documents row with its body's data (None: no body)."""
        doc_id, sha, source, fmt, encoding, imported, made_by, data = row
        if data is None:
            raise ArchiveError(f"{self._name}: 记录 {doc_id} 的正文缺失")
        try:
            paragraphs, tokens, parsed_dict = _unpack_body(data)
        except ValueError as e:
            raise ArchiveError(f"{self._name}: 记录 {doc_id} 的正文已损坏：{e}") from e
        try:
            parsed = Parsed.from_dict(parsed_dict)
        except (ValueError, TypeError, AttributeError) as e:
            raise ArchiveError(f"{self._name}: 记录 {doc_id} 的解析字段已损坏：{e}") from e
        record = Record(
            id=doc_id,
            sha256=sha,
            source=source,
            format=fmt,
            encoding=encoding,
            paragraphs=paragraphs,
            parsed=parsed,
            imported_at=imported,
        )
        if not (with_tokens and self._tokens_usable(made_by)):
            return record, [None] * len(paragraphs)
        return record, tokens

    def _body(self, doc_id: str) -> tuple[builtins.list[str], builtins.list[str | None], Any]:
        """The stored body of `doc_id`: paragraphs, tokens as stored, parsed fields."""
        row = self._conn.execute("SELECT data FROM bodies WHERE doc_id = ?", (doc_id,)).fetchone()
        if row is None:
            raise ArchiveError(f"{self._name}: 记录 {doc_id} 的正文缺失")
        try:
            return _unpack_body(row[0])
        except ValueError as e:
            raise ArchiveError(f"{self._name}: 记录 {doc_id} 的正文已损坏：{e}") from e

    def _tokens_usable(self, made_by: str | None) -> bool:
        """Whether tokens a tokenizer stored match this archive's tokenizer."""
        # "" is an archive opened for no tokenizer in particular (a script, a benchmark),
        # as unknown as None: trusted, not every record tokenized again at the next build.
        return not made_by or not self.tokens_version or made_by == self.tokens_version

    def list(self, kind: Kind | None = None) -> builtins.list[RecordSummary]:
        """Every record (or every one of a kind), in import order."""
        sql = f"SELECT {SUMMARY_COLUMNS} FROM documents"
        args: tuple[str, ...] = ()
        if kind is not None:
            sql += " WHERE kind = ?"
            args = (Kind(kind).value,)
        with self._reading():
            rows = self._conn.execute(sql + " ORDER BY rowid", args).fetchall()
        return [summary_of(r) for r in rows]

    def generation(self) -> int:
        """The change counter: grows with every record added, changed or removed (in the
        same transaction), so an equal number means nothing changed since it was read."""
        with self._reading():
            return int(self._conn.execute("SELECT value FROM generation").fetchone()[0])

    def count(self, kind: Kind | None = None) -> int:
        with self._reading():
            if kind is None:
                row = self._conn.execute("SELECT count(*) FROM documents").fetchone()
            else:
                row = self._conn.execute(
                    "SELECT count(*) FROM documents WHERE kind = ?", (Kind(kind).value,)
                ).fetchone()
        return int(row[0])

    def ids(self) -> builtins.list[str]:
        """Every id, in import order."""
        with self._reading():
            # Read from the index on id (which holds the rowid too), sorted here: ORDER BY
            # rowid scans the table itself, every document's text, 0.5 s at 100,000 replies.
            rows = self._conn.execute("SELECT rowid, id FROM documents").fetchall()
        rows.sort(key=operator.itemgetter(0))
        return list(map(operator.itemgetter(1), rows))

    def id_set(self) -> set[str]:
        """Every id, unordered: what keeping an index up to date compares (from the index on
        id alone)."""
        with self._reading():
            return set(map(operator.itemgetter(0), self._conn.execute("SELECT id FROM documents")))

    def in_import_order(self, ids: Collection[str]) -> builtins.list[str]:
        """Those of `ids` the archive holds, in import order."""
        if len(ids) > 5_000:  # most of the archive: one pass over all ids
            wanted = set(ids)
            return [i for i in self.ids() if i in wanted]
        unique = builtins.list(dict.fromkeys(ids))
        rows: builtins.list[tuple[int, str]] = []
        with self._reading():
            for start in range(0, len(unique), 500):  # within SQLite's bound on parameters
                part = unique[start : start + 500]
                marks = ",".join("?" * len(part))
                rows += self._conn.execute(
                    f"SELECT rowid, id FROM documents WHERE id IN ({marks})", part
                ).fetchall()
        rows.sort(key=operator.itemgetter(0))
        return builtins.list(map(operator.itemgetter(1), rows))

    def forced_kind(self, id: str) -> Kind | None:
        """The kind the user chose at import (--kind), or None when the parser decided."""
        with self._reading():
            full = self.resolve(id)
            forced, kind = self._conn.execute(
                "SELECT kind_forced, kind FROM documents WHERE id = ?", (full,)
            ).fetchone()
        return _kind(kind) if forced else None

    def stale_ids(self, parser_version: int) -> builtins.list[str]:
        """The records parsed by another parser version than `parser_version`."""
        with self._reading():
            rows = self._conn.execute(
                "SELECT id FROM documents WHERE parser_version != ? ORDER BY rowid",
                (parser_version,),
            ).fetchall()
        return [str(r[0]) for r in rows]

    def iter_records(self) -> Iterator[Record]:
        """Every record in import order, loaded one at a time."""
        for doc_id in self.ids():
            try:
                yield self.get(doc_id)
            except RecordNotFound:
                continue  # deleted by another thread while we iterated

    def paragraphs(self, doc_id: str | None = None) -> Iterator[StoredParagraph]:
        """Every stored paragraph with its tokens (for building the search index), in batches."""
        last = 0
        where = "d.rowid > ?"
        args: tuple[Any, ...] = ()
        if doc_id is not None:
            where += " AND d.id = ?"
            args = (doc_id,)
        while True:
            with self._reading():
                rows = self._conn.execute(
                    "SELECT d.rowid, d.id, d.tokenizer, b.data FROM documents d "
                    f"JOIN bodies b ON b.doc_id = d.id WHERE {where} ORDER BY d.rowid LIMIT 100",
                    (last, *args),
                ).fetchall()
            if not rows:
                return
            for rowid, doc, made_by, data in rows:
                try:
                    paragraphs, tokens, _ = _unpack_body(data)
                except ValueError as e:
                    raise ArchiveError(f"{self._name}: 记录 {doc} 的正文已损坏：{e}") from e
                usable = self._tokens_usable(made_by)
                for seq, (text, words) in enumerate(zip(paragraphs, tokens, strict=True)):
                    yield StoredParagraph(
                        doc_id=doc,
                        seq=seq,
                        text=text,
                        tokens=words.split() if usable and words is not None else None,
                    )
                last = rowid
