"""What the rest of the code asks of an archive, whatever holds it, and how one is chosen.

An archive is named by a URL: a path (or ``sqlite:///path``, or ``:memory:``) is the desktop's
own SQLite file (`replydraft.archive.Archive`); ``postgresql://…`` (or ``postgres://…``) is a
district's shared archive on a PostgreSQL server (`replydraft.storage.postgres`). Both answer
the `ArchiveStore` protocol, and one contract test class (tests/core/storage) runs on both.
"""

from __future__ import annotations

import builtins
import hashlib
from collections.abc import Collection, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit, urlunsplit

from replydraft.errors import ReplydraftError
from replydraft.records import Kind, Parsed, Record

MIN_PREFIX = 4  # shorter id prefixes match too much to be useful
SEEDED_KEY = "seeded"  # meta key: when the bundled seeds were imported
POSTGRES_SCHEMES = ("postgresql", "postgres")


class ArchiveError(ReplydraftError):
    """The archive cannot be used; the message is one line naming the file or server."""


class ArchiveUnreachable(ArchiveError):
    """The server stopped answering (network, restart); what was not yet stored is kept."""


class RecordNotFound(ReplydraftError, KeyError):
    """No record (or no single record) answers to an id or id prefix."""

    def __str__(self) -> str:
        # KeyError's own str() quotes the message; users should read it plain.
        return str(self.args[0]) if self.args else "未找到记录"


@dataclass
class RecordSummary:
    """One line of `replydraft list`."""

    id: str
    kind: Kind
    title: str
    bureau: str
    date: str
    proposal_number: str
    source: str
    format: str = ""
    imported_at: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind.value,
            "title": self.title,
            "bureau": self.bureau,
            "date": self.date,
            "proposal_number": self.proposal_number,
            "source": self.source,
            "format": self.format,
            "imported_at": self.imported_at,
        }


@dataclass
class StoredParagraph:
    """A paragraph as stored; `tokens` is None when none were computed at import (or they
    were made by another tokenizer than the archive was opened with)."""

    doc_id: str
    seq: int
    text: str
    tokens: list[str] | None


def now_iso() -> str:
    """The local time with its offset, to the second: what `imported_at` holds."""
    return datetime.now().astimezone().isoformat(timespec="seconds")


def join_tokens(tokens: list[str]) -> str:
    """Tokens as stored: space-separated. A token holding whitespace (jieba makes none) would
    come back as its pieces, so it is split here and the stored form reads back exactly."""
    return " ".join(" ".join(tokens).split())


def kind_of(value: str) -> Kind:
    try:
        return Kind(value)
    except ValueError:
        return Kind.OTHER


# The columns `list` reads, in the order `summary_of` takes them: both backends' tables name
# them alike.
SUMMARY_COLUMNS = "id, kind, title, bureau, date, proposal_number, source, format, imported_at"


def summary_of(row: Sequence[Any]) -> RecordSummary:
    """A RecordSummary from a row of SUMMARY_COLUMNS."""
    id, kind, title, bureau, date, number, source, format, imported_at = row
    return RecordSummary(
        id=id,
        kind=kind_of(kind),
        title=title,
        bureau=bureau,
        date=date,
        proposal_number=number,
        source=source,
        format=format,
        imported_at=imported_at,
    )


class ArchiveStore(Protocol):
    """An archive: records by id (the first 12 hex digits of the file's SHA-256, which is the
    identity: the same bytes are never stored twice), with paragraphs and their tokens.

    `tokens_version` is the tokenizer the archive was opened for: tokens stored by another
    (another jieba dictionary on another desktop) read back as None, so they are made again.
    `digests` numbers each record's version (any change of it or its tokens gives another):
    an index build keeps what it derived from the records whose number is unchanged.
    """

    location: str  # the file or the server (without password) as the user reads it
    tokens_version: str
    created: bool  # this open created the archive

    # transactions and life
    def transaction(self) -> AbstractContextManager[None]: ...
    def close(self) -> None: ...
    def __enter__(self) -> ArchiveStore: ...
    def __exit__(self, *exc: object) -> None: ...
    @property
    def schema_version(self) -> int: ...
    @property
    def address(self) -> str | None:
        """What open_archive opens it by, in another process too (None: in memory)."""
        ...

    # meta
    def get_meta(self, key: str) -> str | None: ...
    def set_meta(self, key: str, value: str) -> None: ...

    # writing
    def add(
        self,
        record: Record,
        tokens: builtins.list[builtins.list[str]] | None = None,
        *,
        parser_version: int = 0,
        kind_forced: bool = False,
    ) -> bool: ...
    def update_parsed(
        self, id: str, parsed: Parsed, *, parser_version: int | None = None
    ) -> None: ...
    def delete(self, id: str) -> None: ...

    # reading
    def has_sha(self, sha256: str) -> bool: ...
    def resolve(self, id_or_prefix: str) -> str: ...
    def get(self, id_or_prefix: str) -> Record: ...
    def get_with_tokens(
        self, id: str
    ) -> tuple[Record, builtins.list[builtins.list[str] | None]]: ...
    def get_many_with_tokens(
        self, ids: Sequence[str]
    ) -> builtins.list[tuple[Record, builtins.list[builtins.list[str] | None]]]: ...
    def get_many_with_token_lines(
        self, ids: Sequence[str]
    ) -> builtins.list[tuple[Record, builtins.list[str | None], int]]: ...
    def digests(self) -> dict[str, int]: ...
    def get_many(self, ids: Sequence[str]) -> builtins.list[Record]: ...
    def paragraphs_many(self, ids: Sequence[str]) -> dict[str, builtins.list[str]]: ...
    def list(self, kind: Kind | None = None) -> builtins.list[RecordSummary]: ...
    def count(self, kind: Kind | None = None) -> int: ...
    def generation(self) -> int: ...
    def ids(self) -> builtins.list[str]: ...
    def id_set(self) -> set[str]: ...
    def in_import_order(self, ids: Collection[str]) -> builtins.list[str]: ...
    def forced_kind(self, id: str) -> Kind | None: ...
    def stale_ids(self, parser_version: int) -> builtins.list[str]: ...
    def iter_records(self) -> Iterator[Record]: ...
    def paragraphs(self, doc_id: str | None = None) -> Iterator[StoredParagraph]: ...


# --- choosing a backend by URL -----------------------------------------------------------------


def is_server_url(url: str) -> bool:
    return urlsplit(url.strip()).scheme.lower() in POSTGRES_SCHEMES


def sqlite_path(url: str) -> str:
    """The file (or ":memory:") a non-server archive URL names."""
    url = url.strip()
    if url.lower().startswith("sqlite:///"):
        return url[len("sqlite://") :]
    if url.lower().startswith("sqlite:"):
        return url[len("sqlite:") :]
    return url


def redact(url: str) -> str:
    """The URL without its password, for messages and window titles."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.rsplit("@", 1)
    user = netloc[0].split(":", 1)[0]
    return urlunsplit(parts._replace(netloc=f"{user}@{netloc[1]}"))


def has_password(url: str) -> bool:
    """True when a server URL carries a password (which the app must not store)."""
    parts = urlsplit(url.strip())
    return parts.password is not None or "password=" in parts.query.lower()


def archive_problem(url: str) -> str | None:
    """Why an archive URL cannot be kept in the settings (in Chinese), or None."""
    text = url.strip()
    if is_server_url(text):
        if has_password(text):
            return (
                "档案库地址中含有密码：本程序不保存密码，请删去密码，"
                "改由 ~/.pgpass（Windows 为 %APPDATA%\\postgresql\\pgpass.conf）或 pg_service.conf 提供"
            )
        return None
    scheme = urlsplit(text).scheme.lower()
    if "://" in text and scheme != "sqlite":
        return (
            f"不支持的档案库地址 {redact(text)}：请填写档案库文件的路径或 postgresql:// 服务器地址"
        )
    return None


def url_key(url: str) -> str:
    """A short stable name for a server archive: where its local search index is kept."""
    return hashlib.sha256(redact(url.strip()).encode()).hexdigest()[:16]


def open_archive(url: str | Path, *, tokens_version: str = "") -> ArchiveStore:
    """The archive a URL names. A server archive must have been set up (`replydraft db init`)
    and be at this program's schema version (`replydraft db migrate`): it is never changed
    silently on open. A desktop file is created and brought up to date on open."""
    text = str(url)
    if is_server_url(text):
        from replydraft.storage.postgres import PostgresArchive

        return PostgresArchive(text, tokens_version=tokens_version)
    from replydraft.archive import Archive

    return Archive(sqlite_path(text), tokens_version=tokens_version)


def prepare_archive(url: str | Path, *, migrate_only: bool = False) -> tuple[int, int]:
    """Create (`db init`) or upgrade (`db migrate`) the archive a URL names; returns the
    schema versions before and after."""
    text = str(url)
    if is_server_url(text):
        from replydraft.storage.postgres import prepare_server

        return prepare_server(text, migrate_only=migrate_only)
    from replydraft.archive import Archive

    path = sqlite_path(text)
    if migrate_only and path != ":memory:" and not Path(path).expanduser().is_file():
        raise ArchiveError(f"{path}: 档案库文件不存在，请先运行 replydraft db init")
    before = Archive.file_schema_version(path)
    with Archive(path) as archive:
        return before, archive.schema_version
