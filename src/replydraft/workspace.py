"""The composition root: builds the archive, index, searcher and stores for one user.

The CLI and the GUI each make one Workspace and pass its parts on; nothing here is global,
so a test makes its own Workspace on a scratch folder. Parts are built on first use, so a
command that only lists the archive never loads jieba or the search index.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from replydraft import paths
from replydraft.settings import Settings

if TYPE_CHECKING:
    from replydraft.archive import Archive
    from replydraft.check import WordList
    from replydraft.index import Progress, SearchIndex
    from replydraft.profiles import ProfileStore
    from replydraft.search import Searcher
    from replydraft.templates import TemplateStore
    from replydraft.tokenize import Tokenizer


class Workspace:
    def __init__(self, dirs: paths.UserDirs, archive_path: Path, settings: Settings) -> None:
        self.dirs = dirs
        self.archive_path = archive_path
        self.settings = settings

    @classmethod
    def open(cls, home: str | Path | None = None, archive: str | Path | None = None) -> Workspace:
        """`home` (or $REPLYDRAFT_HOME) holds everything; `archive` overrides the archive file."""
        dirs = paths.UserDirs.resolve(home)
        settings = Settings.load(dirs.settings_file)
        chosen = archive or settings.archive
        archive_path = Path(chosen).expanduser() if chosen else dirs.archive
        return cls(dirs, archive_path, settings)

    @property
    def index_path(self) -> Path:
        return self.archive_path.with_name(self.archive_path.name + ".index")

    @cached_property
    def tokenizer(self) -> Tokenizer:
        from replydraft.tokenize import Tokenizer

        return Tokenizer()

    @cached_property
    def archive(self) -> Archive:
        """The archive, created from the bundled seeds the first time it is opened."""
        from replydraft.archive import Archive
        from replydraft.importer import ensure_seeded

        archive = Archive(self.archive_path)
        ensure_seeded(archive, tokenizer=self.tokenizer)  # jieba loads only if seeding happens
        return archive

    @cached_property
    def index(self) -> SearchIndex:
        """The search index, brought up to date with the archive (cheap when it already is)."""
        return self._open_index(None)

    def load_index(self, progress: Progress | None = None) -> SearchIndex:
        """`index`, opened now with `progress(done, total)` told how a long build goes: the
        first open of a big archive, or of one whose index format changed with an update,
        indexes every reply again (a minute and a half at 100,000)."""
        if "index" not in self.__dict__:
            self.__dict__["index"] = self._open_index(progress)
        return self.index

    def _open_index(self, progress: Progress | None) -> SearchIndex:
        from replydraft.index import SearchIndex

        index = SearchIndex(self.index_path)
        index.sync(self.archive, progress=progress)
        return index

    def refresh_index(self, progress: Progress | None = None) -> None:
        """Bring the index up to date after imports or deletions (opening it does that)."""
        if "index" in self.__dict__:
            self.index.sync(self.archive, progress=progress)
        else:
            self.load_index(progress)

    @cached_property
    def searcher(self) -> Searcher:
        from replydraft.search import Searcher

        return Searcher(self.archive, self.index, self.tokenizer)

    @cached_property
    def profiles(self) -> ProfileStore:
        from replydraft.profiles import ProfileStore

        return ProfileStore.default(self.dirs)

    @cached_property
    def templates(self) -> TemplateStore:
        from replydraft.templates import TemplateStore

        return TemplateStore.default(self.dirs)

    @cached_property
    def wordlist(self) -> WordList:
        """The officer's list of unit, official and place names the proofreader trusts."""
        from replydraft.check import WordList

        path = self.dirs.wordlist
        return WordList.load(path) if path.is_file() else WordList([])

    def close(self) -> None:
        if "archive" in self.__dict__:
            self.archive.close()
        if "index" in self.__dict__:
            self.index.close()
