"""The storage contract on a district's PostgreSQL server (a real one: see conftest.py)."""

from __future__ import annotations

import pytest

from tests.core.storage.contract import ArchiveContract


class TestPostgresArchive(ArchiveContract):
    @pytest.fixture
    def archive_url(self, pg_archive_url: str) -> str:
        return pg_archive_url
