"""Where bundled files and the user's files live.

Bundled folders (templates/, seeds/, resources/) sit at the top of a checkout, or inside the
bundle of a frozen build (PyInstaller's sys._MEIPASS). User folders come from platformdirs,
or all under one folder when REPLYDRAFT_HOME (or --archive) says so.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "replydraft"
HOME_ENV = "REPLYDRAFT_HOME"
ARCHIVE_FILE = "archive.sqlite3"


def bundle_root() -> Path:
    """The folder that holds templates/, seeds/ and resources/."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    checkout = Path(__file__).resolve().parents[2]
    if (checkout / "seeds").is_dir():
        return checkout
    # A non-editable install puts the data folders under <prefix>/share/replydraft.
    return Path(sys.prefix) / "share" / APP_NAME


def templates_dir() -> Path:
    return bundle_root() / "templates"


def seeds_dir() -> Path:
    return bundle_root() / "seeds"


def resources_dir() -> Path:
    return bundle_root() / "resources"


@dataclass(frozen=True)
class UserDirs:
    """The user's own folders: data (archive, autosave) and config (settings, templates)."""

    data: Path
    config: Path

    @property
    def archive(self) -> Path:
        return self.data / ARCHIVE_FILE

    @property
    def autosave(self) -> Path:
        return self.data / "autosave"

    @property
    def templates(self) -> Path:
        return self.config / "templates"

    @property
    def wordlist(self) -> Path:
        return self.config / "wordlist.txt"

    @property
    def settings_file(self) -> Path:
        return self.config / "settings.toml"

    @classmethod
    def resolve(cls, home: str | os.PathLike[str] | None = None) -> UserDirs:
        """`home` (or $REPLYDRAFT_HOME) puts everything in one folder; else the platform's."""
        chosen = home or os.environ.get(HOME_ENV)
        if chosen:
            root = Path(chosen).expanduser()
            return cls(data=root, config=root)
        return cls(
            data=Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
            config=Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
        )
