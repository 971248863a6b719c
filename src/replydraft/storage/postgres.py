"""A district's shared archive on a PostgreSQL server (psycopg 3).

The same records as the desktop's SQLite file (the file's SHA-256 stays the identity), plus
who owns each record. Who may do what is the database's business, not only the app's:
every bureau's role is a member of `replydraft_bureau`, reads every published record, and
adds, changes and deletes only records its role owns (row-level security); members of
`replydraft_admin` may change any. The schema is created and upgraded only by
`replydraft db init` / `db migrate` (`prepare_server`), never silently on open.

The app stores no password: the URL names a server, a libpq service (`?service=…`) or
relies on ~/.pgpass, as the IT department sets it up.
"""

from __future__ import annotations

import builtins
import functools
import json
import threading
import time
import zlib
from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from typing import Any, TypeVar

import psycopg
from psycopg import errors as pgerrors

from replydraft.records import Kind, Parsed, Record
from replydraft.storage.base import (
    MIN_PREFIX,
    SUMMARY_COLUMNS,
    ArchiveError,
    ArchiveUnreachable,
    RecordNotFound,
    RecordSummary,
    StoredParagraph,
    join_tokens,
    kind_of,
    now_iso,
    redact,
    summary_of,
)

T = TypeVar("T")

ADMIN_ROLE = "replydraft_admin"
BUREAU_ROLE = "replydraft_bureau"
RETRIES = 3  # reconnections tried before telling the user the server is gone
RETRY_WAIT = 0.5  # seconds before the first retry; doubled each time
CONNECT_TIMEOUT = 10  # seconds
MIGRATION_LOCK = 0x52504C59  # pg_advisory_xact_lock key: two `db migrate` at once take turns

# --- Schema migrations ---------------------------------------------------------------------
# MIGRATIONS[n] takes the schema from version n to n + 1, in one transaction, run by
# `replydraft db init` or `db migrate`. To change the schema, append; never edit a shipped one.

_V1 = f"""
DO $$ BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{BUREAU_ROLE}') THEN
        CREATE ROLE {BUREAU_ROLE} NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{ADMIN_ROLE}') THEN
        CREATE ROLE {ADMIN_ROLE} NOLOGIN IN ROLE {BUREAU_ROLE};
    END IF;
END $$;

CREATE SCHEMA replydraft;
CREATE TABLE replydraft.schema_version (version integer NOT NULL);
INSERT INTO replydraft.schema_version VALUES (0);

CREATE TABLE replydraft.documents (
    seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,  -- import order
    id text PRIMARY KEY,
    sha256 text NOT NULL UNIQUE,                       -- the identity: the file's bytes
    source text NOT NULL DEFAULT '',
    format text NOT NULL DEFAULT '',
    encoding text NOT NULL DEFAULT '',
    kind text NOT NULL DEFAULT 'other',
    kind_forced boolean NOT NULL DEFAULT false,
    title text NOT NULL DEFAULT '',
    bureau text NOT NULL DEFAULT '',
    date text NOT NULL DEFAULT '',
    proposal_number text NOT NULL DEFAULT '',
    session text NOT NULL DEFAULT '',
    parsed text NOT NULL,
    parser_version integer NOT NULL DEFAULT 0,
    imported_at text NOT NULL DEFAULT '',
    tokenizer text,                                    -- which tokenizer made the tokens
    owner name NOT NULL DEFAULT current_user,          -- the bureau's role
    published boolean NOT NULL DEFAULT true
);
CREATE INDEX documents_kind ON replydraft.documents (kind);
CREATE INDEX documents_id_prefix ON replydraft.documents (id text_pattern_ops);
CREATE TABLE replydraft.paragraphs (
    doc_id text NOT NULL REFERENCES replydraft.documents (id) ON DELETE CASCADE,
    seq integer NOT NULL,
    text text NOT NULL,
    tokens text,
    PRIMARY KEY (doc_id, seq)
);
CREATE TABLE replydraft.meta (key text PRIMARY KEY, value text NOT NULL);

-- May the current role write a record its owner role holds? An owner role that was dropped
-- leaves its records to the administrators.
CREATE FUNCTION replydraft.may_write(owner name) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT pg_has_role(current_user, '{ADMIN_ROLE}', 'MEMBER')
        OR CASE WHEN EXISTS (SELECT FROM pg_roles WHERE rolname = owner)
                THEN pg_has_role(current_user, owner, 'MEMBER') ELSE false END
$$;

-- Whether a file's bytes are stored, by anyone, published or not: a bureau importing a file
-- another keeps unpublished learns it is a duplicate (its hash, nothing more), not a clash.
CREATE FUNCTION replydraft.sha_stored(wanted text) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT EXISTS (SELECT FROM replydraft.documents WHERE sha256 = wanted)
$$;
REVOKE EXECUTE ON FUNCTION replydraft.sha_stored(text) FROM PUBLIC;

GRANT USAGE ON SCHEMA replydraft TO {BUREAU_ROLE};
GRANT SELECT ON replydraft.schema_version, replydraft.meta TO {BUREAU_ROLE};
GRANT SELECT, INSERT, UPDATE, DELETE ON replydraft.documents, replydraft.paragraphs
    TO {BUREAU_ROLE};
GRANT INSERT, UPDATE, DELETE ON replydraft.meta TO {ADMIN_ROLE};
GRANT EXECUTE ON FUNCTION replydraft.may_write(name), replydraft.sha_stored(text)
    TO {BUREAU_ROLE};

ALTER TABLE replydraft.documents ENABLE ROW LEVEL SECURITY;
CREATE POLICY read_published ON replydraft.documents FOR SELECT
    USING (published OR replydraft.may_write(owner));
CREATE POLICY add_own ON replydraft.documents FOR INSERT
    WITH CHECK (replydraft.may_write(owner));
CREATE POLICY change_own ON replydraft.documents FOR UPDATE
    USING (replydraft.may_write(owner)) WITH CHECK (replydraft.may_write(owner));
CREATE POLICY delete_own ON replydraft.documents FOR DELETE
    USING (replydraft.may_write(owner));

-- A paragraph is seen with its document (the documents' policy applies inside EXISTS) and
-- written by whoever may write its document.
ALTER TABLE replydraft.paragraphs ENABLE ROW LEVEL SECURITY;
CREATE POLICY read_with_document ON replydraft.paragraphs FOR SELECT
    USING (EXISTS (SELECT FROM replydraft.documents d WHERE d.id = doc_id));
CREATE POLICY write_with_document ON replydraft.paragraphs FOR ALL
    USING (EXISTS (SELECT FROM replydraft.documents d
                   WHERE d.id = doc_id AND replydraft.may_write(d.owner)))
    WITH CHECK (EXISTS (SELECT FROM replydraft.documents d
                        WHERE d.id = doc_id AND replydraft.may_write(d.owner)));
"""

# A change counter: one integer that grows in the same transaction as any change of a record
# (a row, not a sequence: a sequence moves before the commit is seen, and an index reading
# it then would miss the records). Bureau roles may not write it: a SECURITY DEFINER trigger
# function does, once per document row (a statement trigger would fire for an import that
# ON CONFLICT turned into nothing; paragraphs change only with their document).
_V2 = f"""
CREATE TABLE replydraft.generation (value bigint NOT NULL);
INSERT INTO replydraft.generation VALUES (0);
CREATE FUNCTION replydraft.bump_generation() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    UPDATE replydraft.generation SET value = value + 1;
    RETURN NULL;
END $$;
REVOKE EXECUTE ON FUNCTION replydraft.bump_generation() FROM PUBLIC;
CREATE TRIGGER documents_generation AFTER INSERT OR UPDATE OR DELETE ON replydraft.documents
    FOR EACH ROW EXECUTE FUNCTION replydraft.bump_generation();
GRANT SELECT ON replydraft.generation TO {BUREAU_ROLE};
"""

MIGRATIONS: tuple[str, ...] = (_V1, _V2)
SCHEMA_VERSION = len(MIGRATIONS)

# A documents row's version: the transaction that wrote it (xmin) and where (ctid), which
# an UPDATE changes even within the transaction that inserted the row. Frozen rows keep
# their xmin (PostgreSQL 9.4+); a dump restored or VACUUM FULL gives every row another
# version, and the next index build then reads every record again: never a stale one kept.
_ROW_VERSION = "xmin::text || ':' || ctid::text"


def _version_digest(doc_id: str, version: str, made_by: str | None) -> int:
    """A record's digest (`PostgresArchive.digests`): CRC-32 of its id, its row's version
    and the tokenizer of its stored tokens."""
    return zlib.crc32(f"{doc_id}\0{version}\0{made_by or ''}".encode())


_DOC_COLUMNS = (
    "id, sha256, source, format, encoding, kind, title, bureau, date, proposal_number, "
    "session, parsed, parser_version, imported_at"
)


def _first_line(e: BaseException) -> str:
    text = str(e).strip()
    return text.splitlines()[0] if text else type(e).__name__


def server_reason(e: psycopg.Error) -> str:
    """One line in Chinese saying why a call to the server failed."""
    if isinstance(e, pgerrors.InsufficientPrivilege):
        return "没有权限（本单位的数据库角色不能做这项操作，请联系管理员）"
    if isinstance(e, psycopg.OperationalError):
        return f"无法连接档案库服务器（{_first_line(e)}）"
    return f"数据库出错：{_first_line(e)}"


def client_version() -> str:
    """psycopg's version and the libpq it uses: "binary" is the libpq its wheel carries, which
    the frozen app must use (an officer's machine has no PostgreSQL client installed)."""
    pq = psycopg.pq
    return f"psycopg {psycopg.__version__}, libpq {pq.version_pretty(pq.version())} ({pq.__impl__})"


def _connect(url: str) -> psycopg.Connection[Any]:
    return psycopg.connect(
        url, autocommit=True, connect_timeout=CONNECT_TIMEOUT, application_name="replydraft"
    )


def _server_version(conn: psycopg.Connection[Any]) -> int | None:
    """The schema version on the server; None when `db init` never ran there."""
    row = conn.execute("SELECT to_regclass('replydraft.schema_version') IS NOT NULL").fetchone()
    if row is None or not row[0]:
        return None
    found = conn.execute("SELECT version FROM replydraft.schema_version").fetchone()
    return 0 if found is None else int(found[0])


def setup_sql() -> str:
    """The whole setup as one SQL script, for an IT department that runs it with psql
    (what `replydraft db init` does)."""
    steps = [
        f"{sql.strip()}\nUPDATE replydraft.schema_version SET version = {n + 1};"
        for n, sql in enumerate(MIGRATIONS)
    ]
    return "-- replydraft: a district's shared archive\nBEGIN;\n" + "\n\n".join(steps) + "\nCOMMIT;"


def prepare_server(url: str, *, migrate_only: bool = False) -> tuple[int, int]:
    """Create the schema and roles (`db init`) or bring them up to date (`db migrate`);
    returns the versions before and after. Runs as a role that may create schemas and
    roles (the database's owner with CREATEROLE, or a superuser)."""
    where = redact(url)
    try:
        with _connect(url) as conn, conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
            before = _server_version(conn)
            if before is None and migrate_only:
                raise ArchiveError(
                    f"{where}: 服务器上还没有 replydraft 档案库，请先运行 replydraft db init"
                )
            current = before or 0
            if current > SCHEMA_VERSION:
                raise ArchiveError(
                    f"{where}: 档案库格式版本为 {current}，本程序只支持到版本 "
                    f"{SCHEMA_VERSION}，请更新 replydraft"
                )
            for step in range(current, SCHEMA_VERSION):
                conn.execute(MIGRATIONS[step])
                conn.execute("UPDATE replydraft.schema_version SET version = %s", (step + 1,))
    except psycopg.Error as e:
        raise ArchiveError(f"{where}: {server_reason(e)}") from e
    return before or 0, SCHEMA_VERSION


class PostgresArchive:
    """A shared archive on a PostgreSQL server. One connection, guarded by a lock, so it may
    be handed to a worker thread. A lost connection is opened again and the call retried
    (every call is one transaction, and adding is idempotent: the same bytes are stored
    once); when the server stays away, ArchiveUnreachable says so in Chinese."""

    def __init__(self, url: str, *, tokens_version: str = "") -> None:
        self._url = url
        self.location = redact(url)
        self.tokens_version = tokens_version
        self.created = False  # the server's archive is made by `db init`, never on open
        self._lock = threading.RLock()
        self._depth = 0
        self._closed = False
        self._conn = self._open()

    def _open(self) -> psycopg.Connection[Any]:
        try:
            conn = _connect(self._url)
        except psycopg.Error as e:
            raise ArchiveUnreachable(f"{self.location}: {server_reason(e)}") from e
        try:
            version = _server_version(conn)
        except psycopg.Error as e:
            conn.close()
            raise ArchiveError(f"{self.location}: {server_reason(e)}") from e
        if version != SCHEMA_VERSION:
            conn.close()
            if version is None:
                problem = "服务器上还没有 replydraft 档案库，请管理员运行 replydraft db init"
            elif version < SCHEMA_VERSION:
                problem = (
                    f"服务器上的档案库格式版本为 {version}，本程序需要版本 {SCHEMA_VERSION}，"
                    "请管理员运行 replydraft db migrate"
                )
            else:
                problem = (
                    f"服务器上的档案库格式版本为 {version}，本程序只支持到版本 "
                    f"{SCHEMA_VERSION}，请更新 replydraft"
                )
            raise ArchiveError(f"{self.location}: {problem}")
        return conn

    # --- life ------------------------------------------------------------------------------

    @property
    def address(self) -> str:
        """What open_archive opens it by: the URL given (a password in it stays out of logs:
        `location` is what is shown)."""
        return self._url

    @property
    def schema_version(self) -> int:
        def read(conn: psycopg.Connection[Any]) -> int:
            return _server_version(conn) or 0

        return self._run(read)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            self._conn.close()

    def __enter__(self) -> PostgresArchive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"PostgresArchive({self.location!r})"

    # --- running statements ------------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One transaction; nested use is a savepoint, undone alone if it fails. A connection
        lost inside one is not retried here: the caller's whole transaction failed."""
        with self._lock:
            self._check_open()
            if self._depth == 0 and (self._conn.broken or self._conn.closed):
                self._reconnect(None)
            self._depth += 1
            try:
                with self._conn.transaction():
                    yield
            except psycopg.Error as e:
                raise self._error(e) from e
            finally:
                self._depth -= 1

    def _run(self, fn: Callable[[psycopg.Connection[Any]], T]) -> T:
        """`fn` in one transaction (or inside the caller's), retried on a new connection
        when the old one was lost."""
        with self._lock:
            self._check_open()
            if self._depth > 0:
                try:
                    return fn(self._conn)
                except psycopg.Error as e:
                    raise self._error(e) from e
            last: psycopg.Error | None = None
            for attempt in range(RETRIES + 1):
                if attempt or self._conn.broken or self._conn.closed:
                    self._reconnect(last, wait=RETRY_WAIT * 2 ** max(attempt - 1, 0))
                try:
                    with self._conn.transaction():
                        return fn(self._conn)
                except psycopg.OperationalError as e:
                    if not self._conn.broken and not self._conn.closed:
                        raise self._error(e) from e  # the server answered: not a lost line
                    last = e
                except psycopg.Error as e:
                    raise self._error(e) from e
            raise self._unreachable(last)

    def _reconnect(self, cause: psycopg.Error | None, wait: float = 0.0) -> None:
        time.sleep(wait)
        try:
            self._conn.close()
            self._conn = self._open()
        except ArchiveUnreachable:
            if cause is None:
                raise
            # keep the broken connection: the next call tries again

    def _unreachable(self, cause: psycopg.Error | None) -> ArchiveUnreachable:
        detail = f"（{_first_line(cause)}）" if cause is not None else ""
        return ArchiveUnreachable(
            f"{self.location}: 与档案库服务器的连接中断{detail}，已重试 {RETRIES} 次；"
            "尚未存入的内容仍在本机（草稿不受影响），请检查网络后再试"
        )

    def _check_open(self) -> None:
        if self._closed:
            raise ArchiveError(f"{self.location}: 档案库已关闭")

    def _error(self, e: psycopg.Error) -> ArchiveError:
        if isinstance(e, psycopg.OperationalError) and (self._conn.broken or self._conn.closed):
            return self._unreachable(e)
        return ArchiveError(f"{self.location}: {server_reason(e)}")

    # --- meta --------------------------------------------------------------------------------

    def get_meta(self, key: str) -> str | None:
        def read(conn: psycopg.Connection[Any]) -> str | None:
            row = conn.execute("SELECT value FROM replydraft.meta WHERE key = %s", (key,))
            found = row.fetchone()
            return None if found is None else str(found[0])

        return self._run(read)

    def set_meta(self, key: str, value: str) -> None:
        def write(conn: psycopg.Connection[Any]) -> None:
            conn.execute(
                "INSERT INTO replydraft.meta (key, value) VALUES (%s, %s) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

        self._run(write)

    # --- writing -----------------------------------------------------------------------------

    def add(
        self,
        record: Record,
        tokens: builtins.list[builtins.list[str]] | None = None,
        *,
        parser_version: int = 0,
        kind_forced: bool = False,
    ) -> bool:
        """Store a record with its paragraphs; False if its bytes are stored already (by
        anyone: two desktops importing one file at once store it once)."""
        if tokens is not None and len(tokens) != len(record.paragraphs):
            raise ValueError(
                f"{record.source}: {len(tokens)} token lists "
                f"for {len(record.paragraphs)} paragraphs"
            )
        p = record.parsed
        values = (
            record.id,
            record.sha256.lower(),
            record.source,
            record.format,
            record.encoding,
            p.kind.value,
            p.title,
            p.bureau,
            p.date,
            p.proposal_number,
            p.session,
            json.dumps(p.to_dict(), ensure_ascii=False),
            parser_version,
            record.imported_at or now_iso(),
            kind_forced,
            None if tokens is None else self.tokens_version or None,
        )

        def write(conn: psycopg.Connection[Any]) -> bool:
            added = conn.execute(
                f"INSERT INTO replydraft.documents ({_DOC_COLUMNS}, kind_forced, tokenizer) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s) "
                "ON CONFLICT DO NOTHING RETURNING id",
                values,
            ).fetchone()
            if added is None:
                same = conn.execute("SELECT replydraft.sha_stored(%s)", (values[1],)).fetchone()
                if same and same[0]:
                    return False
                raise ArchiveError(
                    f"{self.location}: {record.source} 的 ID {record.id} 已被另一份文件使用"
                )
            with conn.cursor() as cur:
                cur.executemany(
                    "INSERT INTO replydraft.paragraphs (doc_id, seq, text, tokens) "
                    "VALUES (%s, %s, %s, %s)",
                    [
                        (record.id, seq, text, None if tokens is None else join_tokens(tokens[seq]))
                        for seq, text in enumerate(record.paragraphs)
                    ],
                )
            return True

        return self._run(write)

    def update_parsed(self, id: str, parsed: Parsed, *, parser_version: int | None = None) -> None:
        """Replace a record's parsed fields (after re-parsing). A kind the user forced stays."""

        def write(conn: psycopg.Connection[Any]) -> None:
            full = self._resolve(conn, id)
            row = conn.execute(
                "SELECT kind_forced, kind FROM replydraft.documents WHERE id = %s", (full,)
            ).fetchone()
            new = replace(parsed, kind=kind_of(row[1])) if row and row[0] else parsed
            changed = conn.execute(
                "UPDATE replydraft.documents SET kind = %s, title = %s, bureau = %s, "
                "date = %s, proposal_number = %s, session = %s, parsed = %s, "
                "parser_version = COALESCE(%s, parser_version) WHERE id = %s RETURNING id",
                (
                    new.kind.value,
                    new.title,
                    new.bureau,
                    new.date,
                    new.proposal_number,
                    new.session,
                    json.dumps(new.to_dict(), ensure_ascii=False),
                    parser_version,
                    full,
                ),
            ).fetchone()
            if changed is None:
                raise self._not_ours(conn, full, "修改")

        self._run(write)

    def delete(self, id: str) -> None:
        """Remove a record and (by cascade) its paragraphs; only the owner's role (or an
        administrator) may: the server refuses anyone else."""

        def write(conn: psycopg.Connection[Any]) -> None:
            full = self._resolve(conn, id)
            gone = conn.execute(
                "DELETE FROM replydraft.documents WHERE id = %s RETURNING id", (full,)
            ).fetchone()
            if gone is None:
                raise self._not_ours(conn, full, "删除")

        self._run(write)

    def _not_ours(self, conn: psycopg.Connection[Any], full: str, what: str) -> ArchiveError:
        row = conn.execute(
            "SELECT owner FROM replydraft.documents WHERE id = %s", (full,)
        ).fetchone()
        owner = f"属于 {row[0]}，" if row else ""
        return ArchiveError(f"{self.location}: 记录 {full} {owner}本单位无权{what}")

    # --- reading -----------------------------------------------------------------------------

    def has_sha(self, sha256: str) -> bool:
        def read(conn: psycopg.Connection[Any]) -> bool:
            row = conn.execute("SELECT replydraft.sha_stored(%s)", (sha256.lower(),)).fetchone()
            return bool(row and row[0])

        return self._run(read)

    def resolve(self, id_or_prefix: str) -> str:
        """The full id for an id or a unique prefix of at least 4 characters."""
        return self._run(lambda conn: self._resolve(conn, id_or_prefix))

    def _resolve(self, conn: psycopg.Connection[Any], id_or_prefix: str) -> str:
        wanted = id_or_prefix.strip().lower()
        if conn.execute("SELECT 1 FROM replydraft.documents WHERE id = %s", (wanted,)).fetchone():
            return wanted
        if len(wanted) < MIN_PREFIX:
            raise RecordNotFound(
                f"没有 ID 为 {wanted!r} 的记录（请至少输入 ID 的前 {MIN_PREFIX} 个字符）"
            )
        pattern = wanted.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        rows = conn.execute(
            "SELECT id FROM replydraft.documents WHERE id LIKE %s ORDER BY id LIMIT 6", (pattern,)
        ).fetchall()
        if not rows:
            raise RecordNotFound(f"没有 ID 为 {wanted!r} 的记录")
        if len(rows) > 1:
            shown = "、".join(str(r[0]) for r in rows[:5]) + (" 等" if len(rows) > 5 else "")
            raise RecordNotFound(f"ID 前缀 {wanted!r} 对应多条记录：{shown}；请多输入几个字符")
        return str(rows[0][0])

    def get(self, id_or_prefix: str) -> Record:
        return self._run(
            lambda conn: self._record(conn, self._resolve(conn, id_or_prefix), with_tokens=False)
        )[0]

    def get_with_tokens(self, id: str) -> tuple[Record, builtins.list[builtins.list[str] | None]]:
        """The record of exactly `id` and each paragraph's stored tokens (None where none were
        made, or another tokenizer made them)."""
        return self._run(lambda conn: self._record(conn, id, with_tokens=True))

    def get_many_with_tokens(
        self, ids: Sequence[str]
    ) -> builtins.list[tuple[Record, builtins.list[builtins.list[str] | None]]]:
        """`get_with_tokens` for each of `ids` that is stored, in the order given, each once;
        an id no longer stored (deleted by another desktop) is left out. Two queries for the lot, not
        two per record: a first index build reads every record over the network."""
        return self._many(ids, with_tokens=True)

    def get_many(self, ids: Sequence[str]) -> builtins.list[Record]:
        """The records of `ids` that are stored, in the order given, each once, without
        their tokens (not sent over the network): what showing a search's passages needs."""
        return [record for record, _ in self._many(ids, with_tokens=False)]

    def paragraphs_many(self, ids: Sequence[str]) -> dict[str, builtins.list[str]]:
        """The paragraphs of each of `ids` that is stored: what showing a search's passages
        needs, without the parsed fields."""
        wanted = builtins.list(dict.fromkeys(ids))

        def read(conn: psycopg.Connection[Any]) -> dict[str, builtins.list[str]]:
            found: dict[str, builtins.list[str]] = {
                r[0]: []
                for r in conn.execute(
                    "SELECT id FROM replydraft.documents WHERE id = ANY(%s)", (wanted,)
                )
            }
            for doc_id, text in conn.execute(
                "SELECT doc_id, text FROM replydraft.paragraphs "
                "WHERE doc_id = ANY(%s) ORDER BY doc_id, seq",
                (builtins.list(found),),
            ):
                found[doc_id].append(text)
            return found

        return self._run(read)

    def get_many_with_token_lines(
        self, ids: Sequence[str]
    ) -> builtins.list[tuple[Record, builtins.list[str | None], int]]:
        """`get_many_with_tokens` with each paragraph's tokens as stored: one string, the
        tokens joined by single spaces (what an index build sends on, unsplit); and the
        record's digest (`digests`), read with it."""
        found = []
        for row, texts in self._many_rows(ids, with_tokens=True):
            record, _ = self._from_rows(row[:-1], [(text, None) for text, _ in texts])
            usable = self._tokens_usable(row[-2])
            lines = [t if usable else None for _, t in texts]
            found.append((record, lines, _version_digest(row[0], row[-1], row[-2])))
        return found

    def _many(
        self, ids: Sequence[str], *, with_tokens: bool
    ) -> builtins.list[tuple[Record, builtins.list[builtins.list[str] | None]]]:
        return [
            self._from_rows(row[:-1], texts)
            for row, texts in self._many_rows(ids, with_tokens=with_tokens)
        ]

    def _many_rows(
        self, ids: Sequence[str], *, with_tokens: bool
    ) -> builtins.list[tuple[tuple[Any, ...], builtins.list[tuple[str, str | None]]]]:
        """The documents rows of `ids` that are stored (their columns, tokenizer and row
        version, see `digests`), in the order asked, each once, with their paragraphs'
        (text, tokens): two queries for the lot."""
        wanted = builtins.list(dict.fromkeys(ids))
        tokens_column = "tokens" if with_tokens else "NULL"

        def read(
            conn: psycopg.Connection[Any],
        ) -> builtins.list[tuple[tuple[Any, ...], builtins.list[tuple[str, str | None]]]]:
            rows = conn.execute(
                f"SELECT {_DOC_COLUMNS}, tokenizer, {_ROW_VERSION} "
                "FROM replydraft.documents WHERE id = ANY(%s)",
                (wanted,),
            ).fetchall()
            texts: dict[str, builtins.list[tuple[str, str | None]]] = {r[0]: [] for r in rows}
            for doc_id, text, tokens in conn.execute(
                f"SELECT doc_id, text, {tokens_column} FROM replydraft.paragraphs "
                "WHERE doc_id = ANY(%s) ORDER BY doc_id, seq",
                (builtins.list(texts),),
            ):
                texts[doc_id].append((text, tokens))
            by_id = {r[0]: (tuple(r), texts[r[0]]) for r in rows}
            return [by_id[i] for i in wanted if i in by_id]

        return self._run(read)

    def _record(
        self, conn: psycopg.Connection[Any], full: str, *, with_tokens: bool
    ) -> tuple[Record, builtins.list[builtins.list[str] | None]]:
        row = conn.execute(
            f"SELECT {_DOC_COLUMNS}, tokenizer FROM replydraft.documents WHERE id = %s", (full,)
        ).fetchone()
        if row is None:
            raise RecordNotFound(f"没有 ID 为 {full!r} 的记录")
        columns = "text, tokens" if with_tokens else "text, NULL"
        paragraphs = conn.execute(
            f"SELECT {columns} FROM replydraft.paragraphs WHERE doc_id = %s ORDER BY seq",
            (full,),
        ).fetchall()
        return self._from_rows(row, paragraphs)

    def _from_rows(
        self, row: tuple[Any, ...], paragraphs: Sequence[tuple[str, str | None]]
    ) -> tuple[Record, builtins.list[builtins.list[str] | None]]:
        """A record from its documents row and its paragraphs' (text, tokens) in order; the
        tokens are dropped when another tokenizer made them."""
        (doc_id, sha, source, fmt, encoding, *_, parsed_json, _, imported, made_by) = row
        try:
            parsed = Parsed.from_dict(json.loads(parsed_json))
        except (ValueError, TypeError) as e:
            raise ArchiveError(f"{self.location}: 记录 {doc_id} 的解析字段已损坏：{e}") from e
        record = Record(
            id=doc_id,
            sha256=sha,
            source=source,
            format=fmt,
            encoding=encoding,
            paragraphs=[str(text) for text, _ in paragraphs],
            parsed=parsed,
            imported_at=imported,
        )
        usable = self._tokens_usable(made_by)
        return record, [None if t is None or not usable else t.split() for _, t in paragraphs]

    def _tokens_usable(self, made_by: str | None) -> bool:
        # "" is an archive opened for no tokenizer in particular (a script, a benchmark),
        # as unknown as None: trusted, not every record tokenized again at the next build.
        return not made_by or not self.tokens_version or made_by == self.tokens_version

    def list(self, kind: Kind | None = None) -> builtins.list[RecordSummary]:
        """Every record this role may read (or every one of a kind), in import order."""
        sql = f"SELECT {SUMMARY_COLUMNS} FROM replydraft.documents"
        args: tuple[str, ...] = ()
        if kind is not None:
            sql += " WHERE kind = %s"
            args = (Kind(kind).value,)
        rows = self._run(lambda conn: conn.execute(sql + " ORDER BY seq", args).fetchall())
        return [summary_of(r) for r in rows]

    def digests(self) -> dict[str, int]:
        """Each record's digest, which changes whenever the record or its stored tokens do:
        an index build keeps what it derived from a record whose digest is unchanged
        (`index.build_beside`). The server works it out from its documents row's version
        (`_ROW_VERSION`), not from the record: a record's paragraphs are written once, with
        its row (its id is its file's bytes), and every change of it writes the row anew, so
        one query of 100,000 short rows, not every record read over the network. Records
        whose tokens this archive's tokenizer cannot use are left out."""
        rows = self._run(
            lambda conn: conn.execute(
                f"SELECT id, tokenizer, {_ROW_VERSION} FROM replydraft.documents"
            ).fetchall()
        )
        return {
            doc_id: _version_digest(doc_id, version, made_by)
            for doc_id, made_by, version in rows
            if self._tokens_usable(made_by)
        }

    def generation(self) -> int:
        """The change counter (see Archive.generation)."""

        def read(conn: psycopg.Connection[Any]) -> int:
            row = conn.execute("SELECT value FROM replydraft.generation").fetchone()
            return int(row[0]) if row else 0

        return self._run(read)

    def count(self, kind: Kind | None = None) -> int:
        def read(conn: psycopg.Connection[Any]) -> int:
            if kind is None:
                row = conn.execute("SELECT count(*) FROM replydraft.documents").fetchone()
            else:
                row = conn.execute(
                    "SELECT count(*) FROM replydraft.documents WHERE kind = %s",
                    (Kind(kind).value,),
                ).fetchone()
            return int(row[0]) if row else 0

        return self._run(read)

    def ids(self) -> builtins.list[str]:
        """Every id, in import order."""
        rows = self._run(
            lambda conn: conn.execute("SELECT id FROM replydraft.documents ORDER BY seq").fetchall()
        )
        return [str(r[0]) for r in rows]

    def id_set(self) -> set[str]:
        rows = self._run(
            lambda conn: conn.execute("SELECT id FROM replydraft.documents").fetchall()
        )
        return {str(r[0]) for r in rows}

    def in_import_order(self, ids: Collection[str]) -> builtins.list[str]:
        """Those of `ids` the archive holds, in import order."""
        wanted = builtins.list(dict.fromkeys(ids))
        rows = self._run(
            lambda conn: conn.execute(
                "SELECT id FROM replydraft.documents WHERE id = ANY(%s) ORDER BY seq", (wanted,)
            ).fetchall()
        )
        return [str(r[0]) for r in rows]

    def forced_kind(self, id: str) -> Kind | None:
        """The kind the user chose at import (--kind), or None when the parser decided."""

        def read(conn: psycopg.Connection[Any]) -> Kind | None:
            full = self._resolve(conn, id)
            row = conn.execute(
                "SELECT kind_forced, kind FROM replydraft.documents WHERE id = %s", (full,)
            ).fetchone()
            return kind_of(row[1]) if row and row[0] else None

        return self._run(read)

    def stale_ids(self, parser_version: int) -> builtins.list[str]:
        """The records parsed by another parser version than `parser_version`."""
        rows = self._run(
            lambda conn: conn.execute(
                "SELECT id FROM replydraft.documents WHERE parser_version != %s ORDER BY seq",
                (parser_version,),
            ).fetchall()
        )
        return [str(r[0]) for r in rows]

    def iter_records(self) -> Iterator[Record]:
        """Every record in import order, loaded one at a time."""
        for doc_id in self.ids():
            try:
                yield self.get(doc_id)
            except RecordNotFound:
                continue  # deleted by another desktop while we iterated

    def paragraphs(self, doc_id: str | None = None) -> Iterator[StoredParagraph]:
        """Every stored paragraph with its tokens, in import order, in batches."""
        after = (0, -1)  # (document's import order, paragraph's seq) of the last one read
        while True:
            rows = self._run(functools.partial(self._paragraph_batch, after, doc_id))
            if not rows:
                return
            for doc_seq, seq, doc, text, tokens, made_by in rows:
                usable = tokens is not None and self._tokens_usable(made_by)
                yield StoredParagraph(
                    doc_id=doc, seq=seq, text=text, tokens=tokens.split() if usable else None
                )
                after = (doc_seq, seq)

    @staticmethod
    def _paragraph_batch(
        after: tuple[int, int], doc_id: str | None, conn: psycopg.Connection[Any]
    ) -> builtins.list[tuple[Any, ...]]:
        only = "" if doc_id is None else " AND p.doc_id = %s"
        return conn.execute(
            "SELECT d.seq, p.seq, p.doc_id, p.text, p.tokens, d.tokenizer "
            "FROM replydraft.paragraphs p JOIN replydraft.documents d ON d.id = p.doc_id "
            f"WHERE (d.seq, p.seq) > (%s, %s){only} ORDER BY d.seq, p.seq LIMIT 2000",
            (*after, *(() if doc_id is None else (doc_id,))),
        ).fetchall()
