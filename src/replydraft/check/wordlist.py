"""A bureau's word list (units, officials, places): names in it are never flagged, and the
names rule reports a name close to one of them as a probable misspelling."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from rapidfuzz import fuzz, process

from replydraft.atomic import write_text_atomic
from replydraft.ingest import os_error_text


class WordList:
    """A bureau's word list: names of units, officials and places, one per line.

    The file is plain UTF-8 text; blank lines and lines starting with '#' are ignored. Known
    names are never flagged, and a name in the salutation, signature or 抄送 that is close to
    a known one but not equal is reported as a probable misspelling.
    """

    HEADER = "# replydraft 词表：单位、人名、地名，每行一个；以 # 开头的行是注释\n"

    def __init__(self, terms: Iterable[str] = ()) -> None:
        self._terms: list[str] = []
        self._known: set[str] = set()
        self._pattern: re.Pattern[str] | None = None
        for term in terms:
            self.add(term)

    @classmethod
    def parse(cls, text: str) -> WordList:
        lines = (line.strip() for line in text.splitlines())
        return cls(line for line in lines if line and not line.startswith("#"))

    @classmethod
    def load(cls, path: str | Path) -> WordList:
        """Read a word list; a file that cannot be read or is not UTF-8 text raises ValueError
        naming it."""
        path = Path(path)
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except OSError as exc:
            raise ValueError(f"{path.name}: 无法读取词表（{os_error_text(exc)}）") from exc
        except UnicodeDecodeError as exc:
            raise ValueError(
                f"{path.name}: 词表不是 UTF-8 文本（第{exc.start + 1}个字节无法解码），请另存为 UTF-8 编码后再试"
            ) from exc
        return cls.parse(text)

    def save(self, path: str | Path) -> None:
        """Write the list (one term a line), atomically. Comments of the old file are not kept."""
        write_text_atomic(Path(path), self.HEADER + "".join(t + "\n" for t in self._terms))

    def add(self, term: str) -> None:
        term = term.strip()
        if term and term not in self._known:
            self._terms.append(term)
            self._known.add(term)
            self._pattern = None

    @property
    def terms(self) -> list[str]:
        return list(self._terms)

    def __contains__(self, term: object) -> bool:
        return isinstance(term, str) and term.strip() in self._known

    def __len__(self) -> int:
        return len(self._terms)

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._terms))

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Where known terms occur in `text` (longest first at each place)."""
        if not self._terms:
            return []
        if self._pattern is None:
            ordered = sorted(self._terms, key=len, reverse=True)
            self._pattern = re.compile("|".join(re.escape(t) for t in ordered))
        return [m.span() for m in self._pattern.finditer(text)]

    def nearest(self, name: str, extra: Iterable[str] = (), cutoff: float = 85.0) -> str | None:
        """A known term close to `name` but not equal to it, or None."""
        pool = [*self._terms, *(e for e in extra if e)]
        if not pool or name in pool:
            return None
        best = process.extractOne(name, pool, scorer=fuzz.ratio, score_cutoff=cutoff)
        return None if best is None else str(best[0])
