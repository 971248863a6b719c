"""jieba's part-of-speech tagger, started from a cache of its tables (for local_names.py).

jieba.posseg costs a process about 0.35 s before its first cut: importing its HMM tables
(Python modules of dict literals) and reading its 350,000 word tags from dict.txt (0.15 s,
once for its default tagger at import and once more for ours). Both are written once, marshalled, beside tokenize's split dictionary: the HMM
tables whole (10 ms to read), the tags by first character, read for the characters of the
texts cut (a word's tag is only looked up for words that start with one of the text's
characters). The words and their counts come from tokenize's split dictionary. The tags,
and so the marks, are jieba's own.
"""

from __future__ import annotations

import contextlib
import logging
import marshal
import os
import sys
import tempfile
import types
from collections import defaultdict
from pathlib import Path
from typing import Any

import platformdirs

from replydraft import paths
from replydraft.tokenize import Tokenizer

TAGS_FORMAT = 1  # bump when the cache file's layout changes
CACHES_KEPT = 3  # as tokenize's: this install's and a couple of others'
# jieba.posseg's HMM tables, each a module whose P is the table.
_HMM_MODULES = ("char_state_tab", "prob_start", "prob_trans", "prob_emit")


class Tagger:
    """Cuts a text into (word, tag) as jieba.posseg does with the project's words."""

    def __init__(self, cache_dir: Path | None = None) -> None:
        # tokenize first: it imports jieba without pkg_resources (50 ms)
        self._words = Tokenizer()
        import jieba

        jieba.setLogLevel(logging.WARNING)
        folder = cache_dir or Path(platformdirs.user_cache_dir(paths.APP_NAME, appauthor=False))
        path = folder / f"posseg-{TAGS_FORMAT}-{self._words.version}.tags"
        try:
            hmm, self._shards = marshal.loads(path.read_bytes())
            _import_posseg(hmm)
        except (OSError, ValueError, EOFError, TypeError, KeyError):  # missing or damaged
            hmm, self._shards = _build(self._words.userdict)
            _save(path, (hmm, self._shards))
        import jieba.posseg

        self.freq, total = self._words.prefix_dictionary("")
        tk = jieba.Tokenizer()
        tk.FREQ, tk.total, tk.initialized = self.freq, total, True
        # Not POSTokenizer(tk): its __init__ reads all of dict.txt's tags.
        self._pos = jieba.posseg.POSTokenizer.__new__(jieba.posseg.POSTokenizer)
        self._pos.tokenizer = tk
        self._pos.word_tag_tab = {}
        self._loaded: set[str] = set()

    def cut(self, text: str) -> list[tuple[str, str]]:
        self._words.prefix_dictionary(text)
        tags = self._pos.word_tag_tab
        for c in set(text) - self._loaded:
            shard = self._shards.get(c)
            if shard is not None:
                tags.update(marshal.loads(shard))
        self._loaded |= set(text)
        return [(p.word, p.flag) for p in self._pos.cut(text)]


def _import_posseg(hmm: dict[str, Any]) -> None:
    """Import jieba.posseg without its two costs: its HMM table modules (the cached tables
    are put where the import looks for them) and its module-level default tagger's reading
    of dict.txt's tags (its tokenizer reads an empty file for that moment). That default
    tagger (jieba.posseg.cut) is left without tags: the project cuts with Tagger only, and
    jieba.posseg.initialize() would read them."""
    if "jieba.posseg" in sys.modules:
        return
    import jieba

    tables = {name: hmm[name] for name in _HMM_MODULES}  # a KeyError before any is put
    for name, table in tables.items():
        module = types.ModuleType(f"jieba.posseg.{name}")
        module.P = table  # type: ignore[attr-defined]
        sys.modules[module.__name__] = module
    dictionary = jieba.dt.dictionary
    jieba.dt.dictionary = os.devnull
    try:
        import jieba.posseg  # its classes, ready for Tagger
    finally:
        jieba.dt.dictionary = dictionary


def _build(userdict: Path) -> tuple[dict[str, Any], dict[str, bytes]]:
    """jieba.posseg's HMM tables and its word tags (then the project's, which win), the tags
    marshalled by first character."""
    import importlib

    import jieba

    hmm = {n: importlib.import_module(f"jieba.posseg.{n}").P for n in _HMM_MODULES}
    tags: dict[str, str] = {}
    with open(Path(jieba.__file__).with_name("dict.txt"), encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) == 3:
                tags[parts[0]] = parts[2]
    with contextlib.suppress(OSError):  # no word list: jieba's tags alone
        for line in userdict.read_text(encoding="utf-8").splitlines():
            parts = line.split()
            if len(parts) == 3:
                tags[parts[0]] = parts[2]
    by_char: dict[str, dict[str, str]] = defaultdict(dict)
    for word, tag in tags.items():
        by_char[word[0]][word] = tag
    return hmm, {c: marshal.dumps(d) for c, d in by_char.items()}


def _save(path: Path, data: tuple[dict[str, Any], dict[str, bytes]]) -> None:
    """Write the cache whole, then rename it into place; keep the CACHES_KEPT latest."""
    with contextlib.suppress(OSError):  # a read-only cache folder: build it each time
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(marshal.dumps(data))
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
        old = sorted(path.parent.glob("posseg-*.tags"), key=lambda c: c.stat().st_mtime)
        for stale in [c for c in old if c != path][: max(0, len(old) - CACHES_KEPT)]:
            stale.unlink()
