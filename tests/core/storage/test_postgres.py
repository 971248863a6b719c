"""The storage contract on a district's PostgreSQL server (a real one: see conftest.py)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import pytest

from replydraft.storage.base import ArchiveError, ArchiveUnreachable, open_archive, prepare_archive
from replydraft.storage.postgres import ADMIN_ROLE, BUREAU_ROLE, SCHEMA_VERSION
from tests.core.storage.conftest import admin_connect
from tests.core.storage.contract import ArchiveContract
from tests.core.storage.records import seed_record
from tests.seedfiles import SEED_REPLIES


class TestPostgresArchive(ArchiveContract):
    @pytest.fixture
    def archive_url(self, pg_archive_url: str) -> str:
        return pg_archive_url


# --- who may do what: enforced by the server ---------------------------------------------------


def _bureau(server_url: str, name: str, *, admin: bool = False) -> None:
    """A bureau's login role (roles belong to the whole server, so made once)."""
    group = ADMIN_ROLE if admin else BUREAU_ROLE
    with admin_connect(server_url) as conn:
        exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (name,)).fetchone()
        if not exists:
            conn.execute(f"CREATE ROLE {name} LOGIN IN ROLE {group}")


def as_role(url: str, role: str) -> str:
    return url.replace("user=postgres", f"user={role}") if "user=" in url else f"{url}&user={role}"


@pytest.fixture
def bureaus(pg_server: str, pg_archive_url: str) -> dict[str, str]:
    """The archive's URL as seen by two bureaus and an administrator."""
    for name, admin in (("rd_bureau_a", False), ("rd_bureau_b", False), ("rd_admin", True)):
        _bureau(pg_server, name, admin=admin)
    return {
        "a": as_role(pg_archive_url, "rd_bureau_a"),
        "b": as_role(pg_archive_url, "rd_bureau_b"),
        "admin": as_role(pg_archive_url, "rd_admin"),
    }


def test_a_bureau_cannot_delete_another_bureaus_record(bureaus: dict[str, str]) -> None:
    record = seed_record(SEED_REPLIES[0])
    with open_archive(bureaus["a"]) as a, open_archive(bureaus["b"]) as b:
        assert a.add(record)
        assert b.get(record.id).paragraphs == record.paragraphs  # every bureau reads it
        with pytest.raises(ArchiveError, match="属于 rd_bureau_a，本单位无权删除"):
            b.delete(record.id)
        with pytest.raises(ArchiveError, match="无权修改"):
            b.update_parsed(record.id, record.parsed, parser_version=9)
        assert a.count() == 1 and a.stale_ids(9) == [record.id]
    # Not only the app: the bureau's role itself is refused by the server.
    with admin_connect(bureaus["b"]) as raw:
        deleted = raw.execute(
            "DELETE FROM replydraft.documents WHERE id = %s RETURNING id", (record.id,)
        ).fetchall()
        assert deleted == []
        assert (
            raw.execute(
                "DELETE FROM replydraft.paragraphs WHERE doc_id = %s RETURNING seq", (record.id,)
            ).fetchall()
            == []
        )
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            raw.execute(
                "INSERT INTO replydraft.documents (id, sha256, parsed, owner) "
                "VALUES ('x1', 'x1', '{}', 'rd_bureau_a')"
            )
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            raw.execute("UPDATE replydraft.meta SET value = 'x'")
    with open_archive(bureaus["a"]) as a:
        assert len(a.get(record.id).paragraphs) == len(record.paragraphs)


def test_a_bureau_deletes_its_own_and_an_administrator_any(bureaus: dict[str, str]) -> None:
    mine, theirs = seed_record(SEED_REPLIES[0]), seed_record(SEED_REPLIES[1])
    with open_archive(bureaus["a"]) as a, open_archive(bureaus["b"]) as b:
        a.add(mine)
        b.add(theirs)
        a.delete(mine.id)
        assert a.ids() == [theirs.id]
    with open_archive(bureaus["admin"]) as admin:
        admin.delete(theirs.id)
        admin.set_meta("note", "只有管理员可以写")
        assert admin.count() == 0


def test_a_bureaus_unpublished_record_is_its_own(bureaus: dict[str, str]) -> None:
    record = seed_record(SEED_REPLIES[0])
    with open_archive(bureaus["a"]) as a:
        a.add(record)
    with admin_connect(bureaus["admin"]) as raw:
        raw.execute("UPDATE replydraft.documents SET published = false")
    with open_archive(bureaus["a"]) as a, open_archive(bureaus["b"]) as b:
        assert a.ids() == [record.id]
        assert b.ids() == [] and b.count() == 0
        assert list(b.paragraphs()) == []
        # The same file imported by the other bureau is a duplicate, not a clash of ids.
        assert b.has_sha(record.sha256)
        assert not b.add(record)


def test_a_bureaus_desktop_reads_the_digests_of_the_records_it_may_read(
    bureaus: dict[str, str],
) -> None:
    # The row versions digests are made of are read under row-level security as the
    # records are: a bureau's index keeps what it made of the records it sees.
    mine, theirs = seed_record(SEED_REPLIES[0]), seed_record(SEED_REPLIES[1])
    with open_archive(bureaus["a"]) as a, open_archive(bureaus["b"]) as b:
        a.add(mine)
        b.add(theirs)
        seen = b.digests()
        assert set(seen) == {mine.id, theirs.id} and seen == a.digests()
        assert [d for _, _, d in b.get_many_with_token_lines([mine.id])] == [seen[mine.id]]
    with admin_connect(bureaus["admin"]) as raw:
        raw.execute("UPDATE replydraft.documents SET published = false WHERE id = %s", (mine.id,))
    with open_archive(bureaus["a"]) as a, open_archive(bureaus["b"]) as b:
        assert set(b.digests()) == {theirs.id} and b.digests()[theirs.id] == seen[theirs.id]
        assert a.digests()[mine.id] != seen[mine.id]  # its row written again: read again


def test_a_bureau_cannot_set_up_or_write_meta(bureaus: dict[str, str]) -> None:
    with open_archive(bureaus["b"]) as b, pytest.raises(ArchiveError, match="没有权限"):
        b.set_meta("seeded", "now")


# --- opening: set up by a command, never silently ------------------------------------------------


def test_a_server_without_the_archive_says_to_run_db_init(pg_database: str) -> None:
    with pytest.raises(ArchiveError, match="replydraft db init"):
        open_archive(pg_database)
    with pytest.raises(ArchiveError, match="请先运行 replydraft db init"):
        prepare_archive(pg_database, migrate_only=True)
    assert prepare_archive(pg_database) == (0, SCHEMA_VERSION)
    assert prepare_archive(pg_database, migrate_only=True) == (SCHEMA_VERSION, SCHEMA_VERSION)
    with open_archive(pg_database) as archive:
        assert archive.schema_version == SCHEMA_VERSION and archive.count() == 0


def test_an_archive_from_a_newer_program_is_refused(pg_archive_url: str) -> None:
    with admin_connect(pg_archive_url) as raw:
        raw.execute("UPDATE replydraft.schema_version SET version = 99")
    with pytest.raises(ArchiveError, match=r"版本为 99.*请更新 replydraft"):
        open_archive(pg_archive_url)


# --- a lost connection -------------------------------------------------------------------------


def _drop_connections(admin_url: str, database: str) -> None:
    with admin_connect(admin_url) as raw:
        raw.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid != pg_backend_pid()",
            (database,),
        )


def test_a_lost_connection_is_opened_again(pg_server: str, pg_archive_url: str) -> None:
    record = seed_record(SEED_REPLIES[0])
    database = urlsplit(pg_archive_url).path.strip("/")
    with open_archive(pg_archive_url) as archive:
        archive.add(record)
        _drop_connections(pg_server, database)  # the server restarted, or the line dropped
        assert archive.count() == 1
        _drop_connections(pg_server, database)
        assert not archive.add(record)  # retried: stored once, not twice
        assert archive.ids() == [record.id]


def test_a_server_that_stays_away_is_said_in_chinese(pg_server: str, pg_archive_url: str) -> None:
    database = urlsplit(pg_archive_url).path.strip("/")
    with open_archive(pg_archive_url) as archive:
        archive.add(seed_record(SEED_REPLIES[0]))
        with admin_connect(pg_server) as raw:
            raw.execute(f"ALTER DATABASE {database} ALLOW_CONNECTIONS false")
        _drop_connections(pg_server, database)
        with pytest.raises(ArchiveUnreachable) as err:
            archive.count()
        assert "连接中断" in str(err.value) and "草稿不受影响" in str(err.value)
        with admin_connect(pg_server) as raw:
            raw.execute(f"ALTER DATABASE {database} ALLOW_CONNECTIONS true")
        assert archive.count() == 1  # back: the next call reconnects


def test_an_unreachable_server_is_refused_in_chinese(tmp_path: Path) -> None:
    with pytest.raises(ArchiveUnreachable, match="无法连接档案库服务器"):
        open_archive(f"postgresql:///nothing?host={tmp_path}&user=nobody")


def test_a_bureaus_changes_move_the_generation_it_may_not_write(bureaus: dict[str, str]) -> None:
    record = seed_record(SEED_REPLIES[0])
    with open_archive(bureaus["a"]) as a, open_archive(bureaus["b"]) as b:
        before = b.generation()
        a.add(record)  # a bureau's role: the trigger writes the counter on its behalf
        assert b.generation() > before
        moved = b.generation()
        a.delete(record.id)
        assert b.generation() > moved
    with admin_connect(bureaus["a"]) as raw, pytest.raises(psycopg.errors.InsufficientPrivilege):
        raw.execute("UPDATE replydraft.generation SET value = 0")
