"""The documents' postings as numpy arrays: what a weighted document search walks.

Per term, the sorted numbers (`dnum`) of the documents holding it, uint32, in one file in the
index folder (`postings-<state>.bin`), memory-mapped: opening reads its header only. Built from the
store's rows by a counting sort over each term's document count, and a cache of them: its
header records the store's change counter (`state`) and the highest document number it
covers (`top`).

Why not tantivy: a weighted search adds each term's weight to the documents holding it, a
const-score OR that tantivy walks posting by posting (no block skipping for const scores):
3.1 ms of a 5 ms document search at 100,000 replies. numpy adds a term's weight to all its
documents in one scatter.

Never wrong when stale: the file is a snapshot of the rows at `state`. When the store is at
another state, `Postings.refresh` reads what changed since: the documents numbered past
`top` (numbers only grow, a replaced document gets a new one) from their rows into a small
in-memory tail, and the numbers of the rows deleted (the store keeps them, written in the
deleting transaction) to mask out. Only when the tail and the masked grow past TAIL_SHARE
of the documents is the file written again; a file missing, cut short or not ours is built
again from the rows.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import struct
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

log = logging.getLogger(__name__)

FILE = "postings.bin"  # the files are named after it: postings-<state>.bin
MAGIC = b"RDPOSTv2"
# magic, store identity, store state, top dnum, term slots, pairs, length of the kinds' JSON
_HEADER = struct.Struct("<8sqqQQQQ")
TAIL_SHARE = 0.05  # documents added or removed since the file, past which it is written again
TAIL_MIN = 200  # ... and at least this many (a small archive: rewriting costs little anyway)
UNBOUNDED = 1 << 62  # a dnum past any
LIGHT_HELD = 0.25  # a term held by this share of the documents is weighed last (top_docs)
LIGHT_ASKED = 4  # times `limit` documents whose light terms are looked up first
LIGHT_REACH = 20_000  # documents past which the light terms are scattered instead
LEFT_OVER_S = 600  # a temporary file this old was left by a crash: removed

Dnums = npt.NDArray[np.uint32]
# (dnum, kind, the document's distinct term numbers, sorted), in ascending dnum
Rows = Iterable[tuple[int, str, npt.NDArray[np.int32]]]


@dataclass
class _Arrays:
    """A postings snapshot: `offsets[t]:offsets[t + 1]` of `dnums` hold term t's documents;
    `codes[d]` is document d's kind (1 + its place in `kinds`), 0 where there is none."""

    identity: int  # the store's (a new store numbers its documents from 1 again)
    state: int
    top: int
    offsets: npt.NDArray[np.uint64]
    dnums: Dnums
    codes: npt.NDArray[np.uint8]
    kinds: list[str]

    @property
    def terms(self) -> int:
        return int(self.offsets.size) - 1

    def of(self, term: int) -> Dnums:
        if term < 0 or term >= self.terms:
            return self.dnums[:0]
        return self.dnums[int(self.offsets[term]) : int(self.offsets[term + 1])]


def _layout(terms: int, top: int, pairs: int, kinds_len: int) -> tuple[int, int, int, int]:
    """Byte offsets of the offsets, dnums and codes arrays, and the file's size."""
    at_offsets = _HEADER.size + (kinds_len + 7) // 8 * 8
    at_dnums = at_offsets + 8 * (terms + 1)
    at_codes = at_dnums + 4 * pairs
    return at_offsets, at_dnums, at_codes, at_codes + top + 1


def _named(path: Path, state: int) -> Path:
    """The file of the postings at `state` (postings-<state>.bin beside `path`)."""
    return path.with_name(f"{path.stem}-{state}{path.suffix}")


def _files(path: Path) -> dict[int, Path]:
    """The postings files beside `path`, by the state their names say."""
    found: dict[int, Path] = {}
    for file in path.parent.glob(f"{path.stem}-*{path.suffix}"):
        number = file.name[len(path.stem) + 1 : len(file.name) - len(path.suffix)]
        if number.isdigit():
            found[int(number)] = file
    return found


def newest(path: Path) -> Path | None:
    """The file of the latest state beside `path`, if any."""
    found = _files(path)
    return found[max(found)] if found else None


def load(path: Path) -> _Arrays | None:
    """The arrays of the newest file beside `path`, memory-mapped; None when there is none,
    or it is truncated or not ours."""
    file = newest(path)
    if file is None:
        return None
    path = file
    try:
        size = path.stat().st_size
        with path.open("rb") as f:
            head = f.read(_HEADER.size)
            magic, identity, state, top, terms, pairs, kinds_len = _HEADER.unpack(head)
            if magic != MAGIC:
                return None
            kinds = json.loads(f.read(kinds_len).decode("utf-8"))
        at_offsets, at_dnums, at_codes, end = _layout(terms, top, pairs, kinds_len)
        if size != end or not isinstance(kinds, list):
            return None
        # Plain views of the maps: a memmap's slices cost a Python call more each.
        offsets = np.memmap(path, np.uint64, "r", at_offsets, terms + 1).view(np.ndarray)
        # The two ends say the counts add up; a torn middle would need reading it all.
        if int(offsets[0]) != 0 or int(offsets[-1]) != pairs:
            return None
        dnums = np.zeros(0, np.uint32)
        if pairs:
            dnums = np.memmap(path, np.uint32, "r", at_dnums, pairs).view(np.ndarray)
        codes = np.memmap(path, np.uint8, "r", at_codes, top + 1).view(np.ndarray)
    except (OSError, ValueError, struct.error, UnicodeDecodeError):
        return None
    kept = [str(k) for k in kinds]
    return _Arrays(int(identity), int(state), int(top), offsets, dnums, codes, kept)


def build(
    rows: Rows,
    counts: npt.NDArray[np.int64],
    store: tuple[int, int],
    top: int,
    path: Path | None,
) -> _Arrays:
    """The postings of `rows` (counting-sorted by term: `counts[t]` documents hold term t,
    exactly), of the `store` (identity, state), written to `path` once at the end (None:
    kept in memory). ValueError when the counts do not match the rows."""
    offsets = np.zeros(counts.size + 1, np.uint64)
    np.cumsum(counts, out=offsets[1:])
    dnums = np.empty(int(offsets[-1]), np.uint32)
    # Every page written once here, where numpy lets go of the GIL: the first rows below
    # touched them all, page fault after page fault (~0.4 s at 100,000 replies on a virtual
    # machine) in calls holding it, and a search on another thread waited as long.
    dnums.fill(0)
    fill = offsets[:-1].astype(np.int64)  # where each term's next document goes
    codes = np.zeros(top + 1, np.uint8)
    kinds: dict[str, int] = {}
    # A document at a time, in ascending dnum: each term's documents come out sorted. (An
    # argsort of a million pairs at a time took twice as long: 2.4 s at 100,000 replies.)
    try:
        for dnum, kind, distinct in rows:
            if dnum > top or (distinct.size and distinct[-1] >= counts.size):
                raise ValueError("postings: a row past the numbers asked for")
            codes[dnum] = kinds.setdefault(kind, len(kinds) + 1)
            at = fill[distinct]
            dnums[at] = dnum
            fill[distinct] = at + 1
    except IndexError as e:  # counts too small for the last term's documents
        raise ValueError("postings: the terms' document counts do not match the rows") from e
    # Any count off leaves its term's end elsewhere than where the next term starts.
    if not np.array_equal(fill, offsets[1:].astype(np.int64)):
        raise ValueError("postings: the terms' document counts do not match the rows")
    arrays = _Arrays(*store, top, offsets, dnums, codes, list(kinds))
    if path is not None and _write(arrays, path):
        loaded = load(path)
        # Not another process's, written since; memory-mapped: the pages go back to the file.
        if loaded is not None and (loaded.identity, loaded.state) == store:
            return loaded
    return arrays


def _write(arrays: _Arrays, path: Path) -> bool:
    """Write the file of the arrays' state whole under another name, then give it its own
    (a new one: Windows renames nothing over a file mapped, and readers of the old one keep
    reading it), and remove the older ones it can; False when it could not be written."""
    kinds = json.dumps(arrays.kinds).encode("utf-8")
    at_offsets, _, _, _ = _layout(arrays.terms, arrays.top, arrays.dnums.size, len(kinds))
    for old in path.parent.glob(f"{path.name}.*.tmp"):
        with contextlib.suppress(OSError):
            if time.time() - old.stat().st_mtime > LEFT_OVER_S:
                old.unlink()
    # Another thread or process may be writing one too: each its own name.
    tmp = path.with_name(f"{path.name}.{os.getpid()}-{threading.get_ident()}.tmp")
    try:
        with tmp.open("wb") as f:
            f.write(
                _HEADER.pack(
                    MAGIC,
                    arrays.identity,
                    arrays.state,
                    arrays.top,
                    arrays.terms,
                    arrays.dnums.size,
                    len(kinds),
                )
            )
            f.write(kinds.ljust(at_offsets - _HEADER.size, b"\0"))
            # The arrays' own memory, not a copy (tobytes held the GIL ~50 ms at 100,000).
            for array in (arrays.offsets, arrays.dnums, arrays.codes):
                f.write(np.ascontiguousarray(array).data)
        os.replace(tmp, _named(path, arrays.state))
    except OSError as e:  # a full disk or read-only folder: searched from memory this time
        log.warning("%s: %s", path, e)
        tmp.unlink(missing_ok=True)
        return False
    for state, old in _files(path).items():
        if state < arrays.state:
            with contextlib.suppress(OSError):  # still mapped on Windows: removed next time
                old.unlink()
    return True


@dataclass
class Source:
    """What the postings are read from: the store, through these calls."""

    identity: Callable[[], int]  # the store's, drawn at random when it was made
    state: Callable[[], int]  # the store's change counter
    top: Callable[[], int]  # the highest dnum stored
    gone: Callable[[], list[int]]  # every dnum removed (or replaced) since the store began
    rows: Callable[[int, int], Rows]  # the rows past a dnum up to another, ascending
    counts: Callable[[], npt.NDArray[np.int64]]  # documents per term number (exact)


def _too_stale(changed: int, count: int) -> bool:
    return changed > max(TAIL_MIN, TAIL_SHARE * count)


@dataclass
class _View:
    """The postings at one state of the store: the file's, the documents stored (`codes`,
    as in _Arrays, 0 for the removed ones), and the tail's (term, dnum) pairs by term."""

    base: _Arrays
    state: int
    kinds: list[str]
    codes: npt.NDArray[np.uint8]
    tail_terms: npt.NDArray[np.int64]
    tail_dnums: Dnums
    count: int = 0  # documents stored
    _unwanted: dict[str | None, npt.NDArray[np.intp]] = field(default_factory=dict)

    @classmethod
    def of(
        cls,
        base: _Arrays,
        state: int,
        kinds: list[str] | None = None,
        codes: npt.NDArray[np.uint8] | None = None,
        tail: Sequence[tuple[int, str, npt.NDArray[np.int32]]] = (),
    ) -> _View:
        codes = np.array(base.codes) if codes is None else codes
        terms, docs = np.zeros(0, np.int64), np.zeros(0, np.uint32)
        if tail:  # each term's dnums stay ascending: the rows come by dnum
            lens = [r[2].size for r in tail]
            terms = np.concatenate([r[2] for r in tail]).astype(np.int64)
            docs = np.repeat(np.array([r[0] for r in tail], np.uint32), lens)
            order = np.argsort(terms, kind="stable")
            terms, docs = terms[order], docs[order]
        kinds = list(base.kinds) if kinds is None else kinds
        return cls(base, state, kinds, codes, terms, docs, int(np.count_nonzero(codes)))

    def holders(self, term: int) -> list[Dnums]:
        """The documents holding `term`: the file's, and the tail's."""
        parts = [self.base.of(term)]
        if self.tail_terms.size:
            lo, hi = np.searchsorted(self.tail_terms, [term, term + 1])
            parts.append(self.tail_dnums[lo:hi])
        return parts

    def unwanted(self, kind: str | None) -> npt.NDArray[np.intp]:
        """The numbers a search of `kind` leaves out (no document stored there: removed,
        never numbered, or of another kind)."""
        found = self._unwanted.get(kind)
        if found is None:
            codes = self.codes
            if kind is None:
                found = np.flatnonzero(codes == 0)
            else:
                code = self.kinds.index(kind) + 1 if kind in self.kinds else -1
                found = np.flatnonzero(codes != code)
            self._unwanted[kind] = found
        return found

    def masked(
        self,
        scores: npt.NDArray[np.float64],
        kind: str | None,
        exclude: Sequence[int],
        within: Sequence[int] | None,
    ) -> npt.NDArray[np.float64]:
        """`scores` with those of the documents not stored, not of `kind`, not `within` or
        excluded set to 0 (in place, unless `within`)."""
        scores[self.unwanted(kind)] = 0.0
        out = np.array(exclude, np.int64)
        scores[out[out < scores.size]] = 0.0
        if within is None:
            return scores
        allowed = np.array(within, np.int64)
        allowed = allowed[allowed < scores.size]
        kept = np.zeros_like(scores)
        kept[allowed] = scores[allowed]
        return kept


class Postings:
    """The postings a search walks: the file's snapshot, less the documents removed since,
    plus a tail of those added since (see the module doc). Safe to share between threads."""

    def __init__(self, path: Path | None, source: Source) -> None:
        self.path = path
        self.source = source
        self._view: _View | None = None
        self._lock = threading.Lock()  # one refresh at a time; searches read `_view` once

    def forget(self) -> None:
        """Drop what is held (another build took the folder's place)."""
        self._view = None

    def refresh(self) -> _View:
        """The view at the store's state (see the module doc)."""
        state = self.source.state()  # read first: a change meanwhile moves it past this
        view = self._view
        if view is not None and view.state == state:
            return view
        with self._lock:
            view = self._view
            if view is None or view.state != state:
                view = self._view = self._at(state, view)
            return view

    def _at(self, state: int, view: _View | None) -> _View:
        identity = self.source.identity()
        base = None if view is None else view.base
        if self.path is not None and (
            base is None or max(_files(self.path), default=-1) > base.state
        ):
            # A newer file (another process's sync wrote it): less to read than from ours.
            loaded = load(self.path)
            if loaded is not None and (base is None or loaded.identity == identity):
                base = loaded
        if base is None or base.identity != identity or base.state > state:
            return self._rebuild(state)  # none, or another store's: its numbers mean others
        if state == base.state:
            return _View.of(base, state)
        # The tail before the numbers gone: one removed meanwhile is then among them.
        tail = list(self.source.rows(base.top, UNBOUNDED))
        gone = np.array(self.source.gone(), np.int64)
        kinds = list(base.kinds)
        codes = np.zeros(max([base.top, *(r[0] for r in tail)]) + 1, np.uint8)
        codes[: base.top + 1] = base.codes
        for dnum, kind, _ in tail:
            if kind not in kinds:
                kinds.append(kind)
            codes[dnum] = kinds.index(kind) + 1
        old = gone[gone <= base.top]
        removed = int(np.count_nonzero(base.codes[old]))
        codes[gone[gone < codes.size]] = 0
        if _too_stale(removed + len(tail), int(np.count_nonzero(codes))):
            return self._rebuild(state)
        return _View.of(base, state, kinds, codes, tail)

    def _rebuild(self, state: int) -> _View:
        at = (self.source.identity(), state)
        top = self.source.top()
        try:
            base = build(self.source.rows(0, top), self.source.counts(), at, top, self.path)
        except ValueError:  # a write landed between the counts and the rows: count them
            rows = list(self.source.rows(0, top))
            held = [r[2] for r in rows]
            counts = np.bincount(np.concatenate(held)) if held else np.zeros(0, np.int64)
            base = build(rows, counts.astype(np.int64), at, top, self.path)
        return _View.of(base, state)

    def top_docs(
        self,
        terms: Sequence[int],
        weights: Sequence[float],
        limit: int,
        *,
        kind: str | None = None,
        exclude: Sequence[int] = (),
        within: Sequence[int] | None = None,
    ) -> list[tuple[int, float]]:
        """The `limit` documents with the largest sums of the weights of the `terms` they
        hold (those holding none left out), as (dnum, weight), best first, ties by dnum.

        MaxScore: the terms held by LIGHT_HELD of the documents or more (the words nearly
        every reply holds, 85% of the postings of a proposal's terms at 100,000 replies)
        are not scattered; the LIGHT_ASKED * `limit` best by the rest get their weights
        looked up, and so do the others that could reach the `limit`-th of those with every
        light term; when even that cannot be shown, the light terms are scattered too."""
        view = self.refresh()
        pairs = [(t, w) for t, w in zip(terms, weights, strict=True) if t >= 0]
        if limit <= 0 or not pairs:
            return []
        if any(w <= 0 for _, w in pairs):  # a document holding such terms alone counts too
            return _every(view, pairs, limit, kind, exclude, within)
        scores = np.zeros(view.codes.size, np.float64)
        common = LIGHT_HELD * view.count
        light: list[tuple[list[Dnums], float]] = []
        for term, weight in pairs:
            parts = view.holders(term)
            if sum(p.size for p in parts) >= common:
                light.append((parts, weight))
                continue
            for docs in parts:
                scores[docs] += weight  # each document once per term: no np.add.at needed
        scores = view.masked(scores, kind, exclude, within)
        if light:
            picked = _with_light(scores, light, limit)
            if picked is not None:
                return picked
            for parts, weight in light:  # not shown to be the same: the full walk
                for docs in parts:
                    scores[docs] += weight
            scores = view.masked(scores, kind, exclude, within)
        best = _heaviest(scores, limit)
        order = np.lexsort((best, -scores[best]))[:limit]
        best = best[order]
        return list(zip(best.tolist(), scores[best].tolist(), strict=True))


def _every(
    view: _View,
    pairs: list[tuple[int, float]],
    limit: int,
    kind: str | None,
    exclude: Sequence[int],
    within: Sequence[int] | None,
) -> list[tuple[int, float]]:
    """top_docs when some weights are not positive: every term scattered, and a document
    counted by the terms it holds, not by its weight."""
    scores = np.zeros(view.codes.size, np.float64)
    held = np.zeros(view.codes.size, np.float64)
    for term, weight in pairs:
        for docs in view.holders(term):
            scores[docs] += weight
            held[docs] = 1.0
    found = np.flatnonzero(view.masked(held, kind, exclude, within))
    order = np.lexsort((found, -scores[found]))[:limit]
    best = found[order]
    return list(zip(best.tolist(), scores[best].tolist(), strict=True))


def _with_light(
    scores: npt.NDArray[np.float64], light: list[tuple[list[Dnums], float]], limit: int
) -> list[tuple[int, float]] | None:
    """The `limit` best with the `light` terms' weights looked up for those that may need
    them; None when that cannot be shown to be the answer."""
    ceiling = sum(w for _, w in light)  # what the light terms can add to anyone
    best = _heaviest(scores, LIGHT_ASKED * limit)
    if best.size < limit:
        return None  # documents holding light terms alone may make up the number
    full = scores[best] + _held_weight(best, light)
    floor = float(-np.partition(-full, limit - 1)[limit - 1])  # the answer weighs this
    if floor <= ceiling * (1 + 1e-9):
        return None  # a document holding light terms alone may reach it
    # Only a document whose weight plus every light term's reaches the floor can be in
    # the answer: those are looked up too (a few hundred at 100,000 replies).
    reach = np.flatnonzero(scores >= (floor - ceiling) * (1 - 1e-9))
    if reach.size > LIGHT_REACH:
        return None
    full = scores[reach] + _held_weight(reach, light)
    order = np.lexsort((reach, -full))[:limit]
    return list(zip(reach[order].tolist(), full[order].tolist(), strict=True))


def _heaviest(scores: npt.NDArray[np.float64], count: int) -> npt.NDArray[np.intp]:
    """The `count` documents weighing most (any order), and all those tied with the last;
    none weighing 0."""
    if count < scores.size:
        kth = scores[np.argpartition(-scores, count - 1)[count - 1]]
        if kth > 0:
            return np.flatnonzero(scores >= kth)
    return np.flatnonzero(scores)


def _held_weight(docs: npt.NDArray[np.intp], light: list[tuple[list[Dnums], float]]) -> Any:
    """The summed weight of the `light` terms each of `docs` holds (looked up in their
    sorted postings)."""
    out = np.zeros(docs.size, np.float64)
    # Keys of the postings' own type: searchsorted would otherwise convert the whole list.
    keys = np.sort(docs).astype(np.uint32)
    for parts, weight in light:
        for postings in parts:
            if postings.size:
                at = np.minimum(np.searchsorted(postings, keys), postings.size - 1)
                out += weight * (postings[at] == keys)
    return out[np.searchsorted(keys, docs.astype(np.uint32))]
