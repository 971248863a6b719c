"""The composition root: builds the archive, index, searcher and stores for one user.

The CLI and the GUI each make one Workspace and pass its parts on; nothing here is global,
so a test makes its own Workspace on a scratch folder. Parts are built on first use, so a
command that only lists the archive never loads jieba or the search index.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from replydraft import paths
from replydraft.settings import Settings
from replydraft.storage.base import (
    SEEDED_KEY,
    ArchiveStore,
    is_server_url,
    redact,
    sqlite_path,
    url_key,
)

if TYPE_CHECKING:
    from replydraft.check import WordList
    from replydraft.index import Progress, SearchIndex
    from replydraft.profiles import ProfileStore
    from replydraft.search import Searcher
    from replydraft.templates import TemplateStore
    from replydraft.tokenize import Tokenizer


class Workspace:
    def __init__(self, dirs: paths.UserDirs, archive_url: str | Path, settings: Settings) -> None:
        self.dirs = dirs
        self.archive_url = str(archive_url)  # a file, or a postgresql:// server (storage/)
        self.settings = settings
        # A whole index build runs beside the index in use (the window's): syncing that one
        # meanwhile would only duplicate the build's work; the swap brings it up to date.
        self.rebuilding = False

    @classmethod
    def open(cls, home: str | Path | None = None, archive: str | Path | None = None) -> Workspace:
        """`home` (or $REPLYDRAFT_HOME) holds everything; `archive` (a file or a server URL)
        overrides the settings' archive."""
        dirs = paths.UserDirs.resolve(home)
        settings = Settings.load(dirs.settings_file)
        chosen = str(archive or settings.archive or dirs.archive)
        return cls(dirs, chosen, settings)

    @property
    def shared(self) -> bool:
        """True when the archive is a district's server, not this desktop's file."""
        return is_server_url(self.archive_url)

    @property
    def archive_location(self) -> str:
        """The archive as the user reads it: the file, or the server URL without password."""
        if self.shared:
            return redact(self.archive_url)
        return str(Path(sqlite_path(self.archive_url)).expanduser())

    @property
    def archive_path(self) -> Path:
        """The archive file; for a server archive, the folder its local search index is in."""
        if self.shared:
            return self.dirs.data / "server-index" / url_key(self.archive_url)
        return Path(sqlite_path(self.archive_url)).expanduser()

    @property
    def index_path(self) -> Path:
        # A server's replies are searched on the desktop: the index is synced from the server
        # through the storage protocol and kept in the user's data folder, one per server.
        return self.archive_path.with_name(self.archive_path.name + ".index")

    @cached_property
    def tokenizer(self) -> Tokenizer:
        from replydraft.tokenize import Tokenizer

        return Tokenizer()

    @cached_property
    def archive(self) -> ArchiveStore:
        """The archive. A desktop file gets the bundled seeds the first time it is opened; a
        district's server does not (its records belong to the bureaus that import them)."""
        from replydraft.storage.base import open_archive

        archive = open_archive(self.archive_url, tokens_version=self.tokenizer.version)
        # The importer (ingest, parse, readers: a tenth of a CLI search) loads only when the
        # archive was never seeded; the seeded mark is one read.
        if not self.shared and archive.get_meta(SEEDED_KEY) is None:
            from replydraft.importer import ensure_seeded

            try:
                ensure_seeded(archive, tokenizer=self.tokenizer)
            except BaseException:
                archive.close()
                raise
        return archive

    @cached_property
    def index(self) -> SearchIndex:
        """The search index, brought up to date with the archive (cheap when it already is)."""
        return self._open_index(None)

    def load_index(
        self, progress: Progress | None = None, waiting: Callable[[], None] | None = None
    ) -> SearchIndex:
        """`index`, opened now with `progress(done, total)` told how a long build goes: the
        first open of a big archive, or of one whose index format changed with an update,
        indexes every reply again, beside the old index (the window does not wait for it:
        `open_index_now`). `waiting()` is called if it first waits for another replydraft's
        build."""
        if "index" not in self.__dict__:
            self.__dict__["index"] = self._open_index(progress, waiting)
        return self.index

    def _open_index(
        self, progress: Progress | None, waiting: Callable[[], None] | None = None
    ) -> SearchIndex:
        from replydraft.index import (
            SearchIndex,
            build_beside,
            index_usable,
            swap_in,
            wait_for_other_build,
        )

        path = self.index_path
        # The window building it: its build is put in place.
        wait_for_other_build(path, waiting=waiting)
        if not index_usable(path):
            # Another format (an update) or none yet: built whole beside, then put in place,
            # so a build cut short leaves nothing half-made where searches look.
            build_beside(path, self.archive, tokenizer=self.tokenizer, progress=progress)
            swap_in(path)
        index = SearchIndex(path, self.archive)  # its texts are the archive's
        # Records whose tokens another tokenizer made are tokenized again with this one.
        index.sync(self.archive, tokenizer=self.tokenizer, progress=progress)
        return index

    def open_index_now(self, progress: Progress | None = None) -> bool:
        """Open the index without waiting for a whole build (the window): True when one is
        due, which `build_index_beside` then does on another thread while this index
        answers, from what it holds, or (another format, or none yet) with nothing."""
        from replydraft.index import REBUILD_FROM, SearchIndex, index_usable

        if "index" in self.__dict__:
            return self.rebuilding
        path = self.index_path
        if not index_usable(path):
            if self.archive.count() <= REBUILD_FROM:  # seconds: built now, as the CLI does
                self.__dict__["index"] = self._open_index(progress)
                return False
            self.__dict__["index"] = SearchIndex(None, self.archive)
            self.rebuilding = True
            return True
        index = SearchIndex(path, self.archive)
        self.__dict__["index"] = index
        if index.behind(self.archive) > REBUILD_FROM:
            self.rebuilding = True
            return True
        index.sync(self.archive, tokenizer=self.tokenizer, progress=progress)
        return False

    def build_index_beside(
        self, progress: Progress | None = None, cancel: Callable[[], bool] | None = None
    ) -> None:
        """The whole build `open_index_now` asked for, into the sibling folder; any thread
        but the one searching (the archive takes turns between them). Its own tokenizer,
        made only if a record lacks tokens: jieba is not shared across threads."""
        from replydraft.index import build_beside

        build_beside(self.index_path, self.archive, progress=progress, cancel=cancel)

    def swap_index(self) -> None:
        """Put the finished build in place of the index in use, and bring it up to date with
        what changed meanwhile; the searcher is made anew on first use."""
        from replydraft.index import SearchIndex, SearchIndexError, index_usable, swap_in

        self.__dict__.pop("searcher", None)
        old = self.__dict__.pop("index", None)
        if old is not None:
            old.close()  # where open folders cannot be renamed, it must be closed first
        self.rebuilding = False
        try:
            swap_in(self.index_path)
        except SearchIndexError:
            if not index_usable(self.index_path):
                raise  # nothing usable in place: the window says search is unavailable
        index = SearchIndex(self.index_path, self.archive)
        self.__dict__["index"] = index
        index.sync(self.archive, tokenizer=self.tokenizer)

    def refresh_index(
        self, progress: Progress | None = None, waiting: Callable[[], None] | None = None
    ) -> None:
        """Bring the index up to date after imports or deletions (opening it does that);
        while a whole build runs beside, its swap does. `waiting`: see `load_index`."""
        if self.rebuilding:
            return
        if "index" in self.__dict__:
            self.index.sync(self.archive, tokenizer=self.tokenizer, progress=progress)
        else:
            self.load_index(progress, waiting)

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
