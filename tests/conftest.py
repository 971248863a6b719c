"""Shared fixtures: the bundled seeds and scratch homes. Tests build any other data themselves."""

from __future__ import annotations

from pathlib import Path

import pytest

from replydraft import paths


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh REPLYDRAFT_HOME, so no test touches the user's real archive."""
    root = tmp_path / "home"
    root.mkdir()
    monkeypatch.setenv(paths.HOME_ENV, str(root))
    return root


@pytest.fixture
def seeds_index(home: Path) -> Path:
    """The index folder of `home`'s workspace, built from the bundled seeds and closed."""
    from replydraft.workspace import Workspace

    ws = Workspace.open()
    try:
        ws.index  # noqa: B018 - builds the seeds' index
        return ws.index_path
    finally:
        ws.close()
