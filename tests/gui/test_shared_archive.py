"""The window on a district's shared archive: search from the server's records, and a server
that goes away said in Chinese while the draft stays as it was."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from pytestqt.qtbot import QtBot

from replydraft.importer import import_paths
from replydraft.settings import Settings
from replydraft.storage.base import open_archive
from tests.core.storage.conftest import (  # noqa: F401 - fixtures: a real PostgreSQL server
    admin_connect,
    pg_archive_url,
    pg_database,
    pg_server,
)
from tests.gui.conftest import ScriptedPrompter, open_window
from tests.seedfiles import SEED_POLICIES, SEED_REPLIES


def test_a_lost_server_is_said_and_the_draft_kept(
    qtbot: QtBot,
    home: Path,
    pg_server: str,  # noqa: F811
    pg_archive_url: str,  # noqa: F811
    prompter: ScriptedPrompter,
    proposal_file: Path,
) -> None:
    with open_archive(pg_archive_url) as server:
        import_paths(server, [*SEED_REPLIES, *SEED_POLICIES], workers=1)
        first = server.ids()[0]
    Settings(archive=pg_archive_url).save(home / "settings.toml")
    window = open_window(qtbot, prompter)
    assert window.services.record_count == 5
    # The first start on a server builds the local index from it, then loads jieba.
    qtbot.waitUntil(lambda: window.services.is_search_ready, timeout=120_000)
    with qtbot.waitSignal(window.proposal_opened, timeout=60_000):
        window.open_path(proposal_file)
    # Similar replies come from the server's records, through the synced local index.
    qtbot.waitUntil(lambda: window.side.similar.results.topLevelItemCount() > 0, timeout=60_000)
    before = window.document.draft

    database = urlsplit(pg_archive_url).path.strip("/")
    with admin_connect(pg_server) as raw:
        raw.execute(f"ALTER DATABASE {database} ALLOW_CONNECTIONS false")
        raw.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
            (database,),
        )
    try:
        window.search.load_record(first)
        status = window.side.similar.status
        qtbot.waitUntil(lambda: "连接中断" in status.text(), timeout=30_000)
        assert "草稿不受影响" in status.text()
        assert window.document.draft == before
    finally:
        with admin_connect(pg_server) as raw:
            raw.execute(f"ALTER DATABASE {database} ALLOW_CONNECTIONS true")
    # The server is back: the next request reconnects.
    with qtbot.waitSignal(window.search.record_shown, timeout=30_000):
        window.search.load_record(first)
