"""A real PostgreSQL server for the storage tests, and a fresh database for each test.

$REPLYDRAFT_TEST_PG (a postgresql:// URL of a role that may create databases and roles)
names a server to use. Without it, a throwaway cluster is started from Debian's (or the
PATH's) initdb in a temporary folder, listening only on a socket there; as root it runs as
`nobody`, since PostgreSQL refuses to run as root. With neither, the tests skip and say why.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

TEST_PG_ENV = "REPLYDRAFT_TEST_PG"


def _pg_bin() -> Path | None:
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    # Debian keeps the server's programs off PATH, one folder per major version.
    versions = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4])
    )
    return Path(versions[-1]).parent if versions else None


def with_database(url: str, name: str) -> str:
    # Built by hand: urlunsplit drops the empty host of postgresql:///db?host=/socket/dir.
    parts = urlsplit(url)
    query = f"?{parts.query}" if parts.query else ""
    return f"{parts.scheme}://{parts.netloc}/{name}{query}"


def admin_connect(url: str) -> Any:
    import psycopg

    return psycopg.connect(url, autocommit=True)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """The URL of a server where the tests may create databases and roles."""
    given = os.environ.get(TEST_PG_ENV)
    if given:
        yield given
        return
    bin_dir = _pg_bin()
    if bin_dir is None:
        pytest.skip(f"no PostgreSQL server: install postgresql (initdb) or set {TEST_PG_ENV}")
    # A short path: a socket's path must fit in 107 bytes.
    folder = Path(tempfile.mkdtemp(prefix="rdpg-"))
    as_user: dict[str, Any] = {}
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        shutil.chown(folder, "nobody")
        as_user = {"user": "nobody", "cwd": folder}
    data, log = folder / "data", folder / "server.log"
    subprocess.run(
        [bin_dir / "initdb", "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8",
         "--locale=C", "--no-sync"],
        check=True, capture_output=True, **as_user,
    )  # fmt: skip
    options = f"-k {folder} -c listen_addresses='' -c fsync=off -c max_connections=60"
    subprocess.run(
        [bin_dir / "pg_ctl", "-D", data, "-l", log, "-o", options, "-w", "start"],
        check=True, capture_output=True, **as_user,
    )  # fmt: skip
    try:
        yield f"postgresql:///postgres?host={folder}&user=postgres"
    finally:
        subprocess.run(
            [bin_dir / "pg_ctl", "-D", data, "-m", "immediate", "stop"],
            capture_output=True, **as_user,
        )  # fmt: skip
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def pg_database(pg_server: str) -> Iterator[str]:
    """The URL of a new, empty database on the test server (dropped afterwards)."""
    name = f"rdtest_{uuid.uuid4().hex[:12]}"
    with admin_connect(pg_server) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    try:
        yield with_database(pg_server, name)
    finally:
        with admin_connect(pg_server) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def pg_archive_url(pg_database: str) -> str:
    """A database set up as a shared archive (`replydraft db init`)."""
    from replydraft.storage.base import prepare_archive

    prepare_archive(pg_database)
    return pg_database
