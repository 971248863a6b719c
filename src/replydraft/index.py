"""The persisted candidate index: tantivy postings over the jieba tokens stored at import,
and beside them, in SQLite, what re-ranking and showing a candidate need.

A tantivy index in a folder beside the archive (archive path + ".index"; in memory for an
in-memory archive) holds a *paragraph* unit per non-empty paragraph a search may find (not
a reply's own title, heading or contact lines: roles.SEARCHED_ROLES): its tokens in one of
five body fields by what it is (`PARA_FIELDS`: a reply's answer body, a reply's other
paragraphs, a policy's, a proposal's, any other document's), its document's and its own
number (`at`) and its role (`role`: roles.py, what it does in its reply). The usual asks (a
reply's answer bodies for a suggestion, replies' paragraphs for the side panel, policy
passages) are then a plain OR of term queries over one or two fields, which tantivy answers
with block-max WAND, skipping what cannot reach the top; a filter clause (kind = reply AND
role = body) made it walk every posting of every term: 3x slower at 10,000 replies, and more
the larger the archive.

A document search (the sum of the weights of the terms a document holds) does not walk
tantivy: its const-score OR was walked posting by posting. It scores numpy arrays of
per-term document numbers instead (`postings-<state>.bin`, see postings.py), a cache of the
store's rows that knows the store's change counter it matches. So documents have no tantivy
unit of their own (format 14): it held every token a second time, a third of the build.

A paragraph unit carries its numbers in a fast field and stores nothing: a search reads the
numbers of its hits from the fast fields, then the documents from `store.sqlite3`, one row
per document: title, bureau, date, subject line and every paragraph's tokens, once (what
re-ranking needs; a paragraph's tokens are a slice of its document's). Tokens are stored as
term numbers (a `terms` table numbers each term once, and counts the documents and the
paragraphs holding it: the idf the searcher weighs with): a document's distinct terms,
sorted, and each token's place among them, packed in bytes and bits (see `_pack`), read back
as numpy arrays that the searcher compares with a query without sorting anything. The texts
a search shows (paragraphs, section headings) are not kept here but read from the archive
(see `SearchIndex.doc_texts`): the index held them a second time, a third of its size.

Why SQLite and not tantivy's own document store: a stored tantivy document is read by
decompressing its block out of a memory-mapped file, and every page so touched stays in the
process's resident memory; a paragraph search reads ~80 candidates from as many documents,
and over a session of a 100,000-reply archive that made most of a 1.4 GB store resident.
SQLite reads into a small cache of its own.

The body fields use tantivy's whitespace tokenizer: the tokens were cut by jieba once, at
import, and are indexed as they are (term frequencies, no positions). A manifest
(`manifest.txt`) records the format version, the ids indexed and the archive's change
counter (`generation`) they match, so `sync(archive)` learns that nothing changed from one
integer, and otherwise brings the index up to date by comparing id sets instead of reading
every record; `reindex(archive, ids)` indexes records again after a re-parse changed their
fields. A build of many records (a whole one beside the index in use, `build_beside`, or a
big sync) reads them and works out their sections, roles and subjects in a helper process
while this one numbers their terms and feeds tantivy and the store: the two halves of the
work on two cores (see `_prepared_batches`). A build beside the index in use
copies what the update left as it was (`build_beside`), by three versions its store keeps:
the rows' layout (`STORE_VERSION`: else it builds from nothing), the rules deriving their
data (`RULES_VERSION`: else that data is derived again in two helpers, the rows' terms and
counts kept) and how tantivy's units are made (`UNITS_VERSION`: else they are made from the
rows). Rows of records changed since (another digest) are made again.

The writer (and its lock) is taken for each change and let go after it; the rows of
`store.sqlite3` are written while it is held and committed after the postings. When another
process holds it, `add`/`remove` raise SearchIndexError and `sync` reports `busy` and leaves
the index as it is: the archive is the source of truth, and the next `sync` catches up.
"""

from __future__ import annotations

import contextlib
import errno
import gc
import json
import logging
import math
import multiprocessing
import operator
import os
import re
import secrets
import shutil
import sqlite3
import struct
import threading
import time
import unicodedata
import weakref
from bisect import bisect_right
from collections import Counter, OrderedDict, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from itertools import accumulate, chain, pairwise, repeat
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol, overload

import numpy as np
import numpy.typing as npt
import tantivy

from replydraft.errors import ReplydraftError
from replydraft.lazy import lazy, shared
from replydraft.postings import FILE as POSTINGS_FILE
from replydraft.postings import Postings, Source
from replydraft.postings import newest as newest_postings
from replydraft.records import Kind, Parsed, Record
from replydraft.roles import SEARCHED_ROLES, SLOT_ROLES, Role, TextKeys, paragraph_roles
from replydraft.storage.base import ArchiveError

if TYPE_CHECKING:
    from replydraft.storage.base import ArchiveStore as Archive
    from replydraft.tokenize import Tokenizer

log = logging.getLogger(__name__)

INDEX_VERSION = 16  # bump when the schema or what is stored changes: the index is rebuilt
# The store's rows as they are laid out (docs, terms, units; `_pack`'s bytes; the tokens
# numbered and counted). Bump it with any change, and INDEX_VERSION with it. A build beside an
# index whose store has the same STORE_VERSION starts from a copy of that store, keeping the
# rows of records whose digest is unchanged (`build_beside`).
STORE_VERSION = 1
# The rules deriving a row's data from a record (subject, sections, roles: roles.py,
# numbering.py, genre.py's cues, the functions `_doc_of` and `_doc_data` call). Bump it with
# any change to what they make, and INDEX_VERSION with it: a build beside a store of the same
# STORE_VERSION made by other rules keeps its rows' terms and counts and derives their data
# again (in two helper processes), where a store of the same rules keeps its rows whole.
# tests/core/test_index_reuse.py pins the digests of the three versions' source.
RULES_VERSION = 1
# How tantivy's units are made from a row (the schema, `_units_of`, `_para_field`, SEQ_BITS).
# Bump it with any change, and INDEX_VERSION with it: a build beside an index whose store
# says the same copies tantivy's files too, and makes units only for documents whose roles
# or tokens changed. tests/core/test_index_reuse.py pins its source's digest.
UNITS_VERSION = 2
MANIFEST = "manifest.txt"
DIRTY = "dirty.json"  # the ids of a commit under way (see SearchIndex._writing)
STORE = "store.sqlite3"
TERMS_INDEX = "terms_term"  # the store's index of its terms by text
UNIT_DOC = "d"
UNIT_PARA = "p"
UNIT_SEARCHED = "s"  # the paragraph units tantivy holds (SEARCHED_ROLES'), counted from the rows
UNIT_STATE = "g"  # not a unit: the store's change counter, kept in the same table
UNIT_IDENTITY = "i"  # nor this: the store's own number, drawn at its first write
UNIT_STORE_VERSION = "v"  # nor this: the STORE_VERSION of the code that made the store
# Nor this: the RULES_VERSION that derived the rows' data (a store without it: rules 1, those
# of every store made before the rules had a version of their own).
UNIT_RULES_VERSION = "r"
UNIT_UNITS_VERSION = "t"  # nor this: the UNITS_VERSION of tantivy's units beside the store
# A paragraph's tokens go to one of these, by what it is (see _para_field).
P_SLOT, P_REPLY, P_POLICY = "pslot", "preply", "ppolicy"
P_PROPOSAL, P_OTHER = "pproposal", "pother"
PARA_FIELDS = (P_SLOT, P_REPLY, P_POLICY, P_PROPOSAL, P_OTHER)
# A unit's document number and paragraph number in one fast field (`at`): the paragraph's in
# the low bits (ingest.py refuses a text of more than 120,000 lines).
SEQ_BITS = 20
READ_AHEAD = 128  # paragraphs recalled whose rows are read with the postings walk
LOCAL_WITHIN = 64  # documents `within` which paragraphs are found from their rows, not postings
VOCAB_KEPT = 200_000  # terms kept read between writes (a few MB)
VOCAB_ABSENT_KEPT = 100_000  # tokens remembered as not stored (see _Vocab)
READER_CACHE_KB = 16_384  # SQLite's page cache of each thread's read connection
ROW_CACHE = 2048  # decoded document rows kept (a for_proposal touches a few hundred)
TEXT_CACHE = 256  # documents' shown texts kept
WRITER_HEAP = 48_000_000  # one add or delete at a time needs little
BULK_HEAP = 256_000_000  # a full build: fewer, larger segments
MAX_SEGMENTS = 16  # past this many segments a write waits for the merges it started
# Documents between commits of a bulk build (a crash loses at most these: seconds of work).
# Each commit is a tantivy segment, merged with the others meanwhile: 50 commits at 100,000
# replies left 8 segments and took ~10 s more CPU than 10 did (3 segments).
BULK_BATCH = 10_000
# The same for a build deriving kept rows' data again (no rows packed and held per commit):
# at 100,000 replies its four segments need no merge, 1-2 s less than ten commits' merges.
# (A build from nothing took longer in commits of 25,000, and 250 MB more memory.)
DERIVE_BATCH = 25_000
# A build deriving data again makes all of tantivy's units anew, not only those of documents
# whose roles changed, when more than this share of its first batch's did (see _build_beside).
REUNIT_FROM = 0.1
READ_BATCH = 200  # records read from the archive at once while indexing
HELPER_FROM = 4_000  # records from which a build reads them in a helper process
# Records read and prepared at once (in a helper process or here): the build looks at
# `cancel` and calls `progress` between them, and a commit takes whole batches.
HELPER_BATCH = 250
HELPER_AHEAD = 4  # helper batches asked for ahead of the one being indexed
# The same for a build that copies an index first (~2 s at 100,000 replies): its helpers
# read meanwhile.
HELPER_AHEAD_COPYING = 24
HELPERS_DERIVING = 2  # helper processes of a build deriving kept rows' data again
HELPER_NICENESS = 5  # how much a helper yields to the window's process (see _helping)
# A build beside starts from a copy of the index's store when it holds at least this share of
# the records as this code would make them (`_reusable`); else from nothing.
REUSE_FROM = 0.5


READ_ROWS = 5_000  # store rows read at once while the postings are built
READ_TERMS = 50_000  # terms' counts read at once (see `_Store.doc_counts`)
# The store's page cache while a build runs (KiB; SQLite's default is 2,000): the terms
# table's unique index takes every new term at a random place, 40 MB at 100,000 replies.
BULK_CACHE_KB = 65_536
DEFAULT_CACHE_KB = 2_000
Progress = Callable[[int, int], None]


class SearchIndexError(ReplydraftError):
    """The index folder cannot be used; the message is one line naming the folder."""


def _disk_full_text(e: BaseException) -> bool:
    """tantivy says ENOSPC only in its English text; SQLite says "database or disk is full"."""
    text = str(e)
    return getattr(e, "errno", None) == errno.ENOSPC or "No space left" in text or "full" in text


def _write_problem(e: BaseException) -> str:
    """Why a write to the index failed, in Chinese."""
    if _disk_full_text(e):
        return "无法写入检索索引（磁盘已满，请腾出空间后再试）"
    text = str(e)
    if getattr(e, "errno", None) in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "无法写入检索索引（没有写入权限，或磁盘为只读）"
    first = text.splitlines()[0][:200] if text.strip() else type(e).__name__
    return f"无法写入检索索引（{first}）"


def index_path_for(archive_path: Path | str) -> Path | None:
    """Where the index of an archive file lives: beside it; None for an in-memory archive."""
    if str(archive_path) == ":memory:":
        return None
    path = Path(archive_path).expanduser()
    return path.with_name(path.name + ".index")


# --- What is indexed --------------------------------------------------------------------------


@dataclass
class IndexDoc:
    """One document as the index sees it: metadata and the tokens of each paragraph."""

    doc_id: str
    kind: str
    title: str = ""
    bureau: str = ""
    date: str = ""
    subject: str = ""  # what the document is about in one line: title, proposal title, ...
    subject_tokens: list[str] = field(default_factory=list)
    # texts, parallel to `tokens` (not stored: shown texts are read from the archive)
    paragraphs: list[str] = field(default_factory=list)
    tokens: list[list[str]] = field(default_factory=list)
    sections: list[str] = field(default_factory=list)  # heading of each paragraph's section
    roles: list[str] = field(default_factory=list)  # each paragraph's role (roles.Role values)


# The proposal's title as an opening quotes it: 《关于…的建议》, or “关于…的建议” (seed 002).
_QUOTED = re.compile(r"《([^《》]{4,80})》|“(关于[^“”]{4,80})”")


def _squash(text: str) -> str:
    """Text compared loosely: NFKC (full-width to half-width), no whitespace, no markdown."""
    # split() drops what the regex \s matches (both are str.isspace), in a third of the time
    return "".join(unicodedata.normalize("NFKC", text).split()).replace("*", "")


def subject_of(parsed: Parsed, paragraphs: Sequence[str]) -> str:
    """A one-line subject: the proposal's title quoted in a reply's opening, else the title.

    A reply's own title says only which proposal it answers (对…第195号提案的答复); the
    proposal's title in its opening (《关于…的建议》) says what it is about.
    """
    parts: list[str] = []
    for text in [parsed.opening, *parsed.preamble[:1], *paragraphs[:12]]:
        m = _QUOTED.search(text or "")
        quoted = (m.group(1) or m.group(2)) if m else ""
        if quoted and ("建议" in quoted or "提案" in quoted or parsed.kind != Kind.REPLY):
            parts.append(quoted)
            break
    if parsed.title and parsed.title not in parts:
        parts.append(parsed.title)
    return "；".join(parts)


def sections_of(
    parsed: Parsed, paragraphs: Sequence[str], known: TextKeys | None = None
) -> list[str]:
    """The heading of the section each paragraph stands in ("" before the first heading).

    The parser keeps headings without their numerals; the heading shown gets back the numeral
    printed in the paragraph, e.g. "（三）持续加大 AI 人才引育，强化专业队伍建设". `known`:
    keys and numerals to share with paragraph_roles over the same document.
    """
    known = TextKeys() if known is None else known
    squash, split = known.key, known.split  # _squash is roles' _key
    headings = [(squash(s.heading), s.heading) for s in parsed.all_sections() if s.heading]
    by_start: dict[str, list[tuple[str, str]]] = {}  # first character -> headings
    for key, heading in headings:
        if key:
            by_start.setdefault(key[0], []).append((key, heading))
    longest = max((len(k) for k, _ in headings), default=0)
    out: list[str] = []
    current = ""
    for text in paragraphs:
        c = text[:1]
        if "\u4e00" <= c <= "\u9fff" and c not in by_start and c not in _HEADING_STARTS:
            out.append(current)  # an ideograph no heading or numeral starts with: most
            continue
        numbered = split(text) if c in _HEADING_STARTS else None
        body = numbered[1] if numbered else text.lstrip()
        first = body[:1]
        # An ideograph is its own squashed self (see _first_squashed): most paragraphs.
        if not "\u4e00" <= first <= "\u9fff":
            first = _first_squashed(body)
        candidates = by_start.get(first)
        if candidates:
            # Only the start of a paragraph can be a heading: squash no more than that.
            start = squash(body[: longest * 2 + 8])
            for key, heading in candidates:
                # A heading is its own paragraph, or the start of a paragraph it runs on into.
                if start == key or (len(key) >= 4 and start.startswith(key)):
                    current = (numbered[0] if numbered else "") + heading
                    break
        out.append(current)
    return out


def _first_squashed(text: str) -> str:
    """The first character of `_squash(text[:3])`, without squashing when the text is
    already NFKC (nearly every paragraph: a third of `sections_of`'s time went here)."""
    head = text[:3]
    first = head[:1]
    if not (first in _SQUASHED_OUT or first.isspace()) and unicodedata.is_normalized("NFKC", head):
        return first
    return _squash(head)[:1]


# What `_squash` takes out of a text, besides whitespace (see its regex).
_SQUASHED_OUT = frozenset("*")

# What a numbered heading can start with (see numbering.match_heading).
_HEADING_STARTS = frozenset("（(、一二三四五六七八九十0123456789 \t\u3000")


def title_shown(record: Record, subject: str | None = None) -> str:
    """How lists and sources name a record: its title; for a reply printed without one (a web
    page starting at 吴雄委员：), the proposal its opening quotes, 《关于…的建议》的答复; else its
    file. `subject`: subject_of's, when already worked out."""
    p = record.parsed
    if p.title:
        return p.title
    if p.kind == Kind.REPLY:
        subject = subject_of(p, record.paragraphs) if subject is None else subject
        if subject:
            return f"《{subject}》的答复"
    return record.source


def doc_from_record(record: Record, tokens: list[list[str]]) -> IndexDoc:
    """What the index keeps of an archived record and its stored tokens."""
    # The lists themselves are only read: not copied one by one.
    return _doc_of(record, tokens, list(tokens))


def _doc_of(record: Record, words: Sequence[Sequence[str]], tokens: list[list[str]]) -> IndexDoc:
    """`doc_from_record`, each paragraph's tokens read from `words` (lists, or lines split
    when asked: `_SplitLines`) and kept as `tokens`."""
    if len(words) != len(record.paragraphs):
        raise ValueError(
            f"{record.id}: {len(words)} token lists for {len(record.paragraphs)} paragraphs"
        )
    p = record.parsed
    subject = subject_of(p, record.paragraphs)
    known = TextKeys()
    sections = sections_of(p, record.paragraphs, known)
    return IndexDoc(
        doc_id=record.id,
        kind=p.kind.value,
        title=title_shown(record, subject),
        bureau=p.bureau,
        date=p.date,
        subject=subject,
        subject_tokens=_subject_tokens(subject, record.paragraphs, words),
        paragraphs=list(record.paragraphs),
        tokens=tokens,
        sections=sections,
        roles=paragraph_roles(p, record.paragraphs, sections, known),
    )


def _subject_tokens(
    subject: str, paragraphs: Sequence[str], tokens: Sequence[Sequence[str]]
) -> list[str]:
    """The subject's tokens, taken from the stored tokens of the paragraphs it was read from
    (no second jieba pass, so the index is built from stored tokens alone). `tokens[i]` is
    read only for the paragraphs the subject was read from."""
    if not subject:
        return []
    flat = subject.replace(" ", "")
    quoted = [q for q in flat.split("；") if len(q) >= 4]
    lower = flat.lower()
    texts = paragraphs[: len(tokens)]
    # Spaces taken out of the document at once (a paragraph at a time was half of this).
    joined = "\n".join(texts).replace(" ", "")
    parts = joined.split("\n")
    if len(parts) != len(texts):  # a paragraph holds a line break
        parts = [text.replace(" ", "") for text in texts]
        joined = "\n".join(parts)
    # The paragraphs the subject holds (none longer than it), and those holding a quoted
    # part, found in all paragraphs at once (a search a paragraph was most of the time).
    size = len(flat)
    read = {i for i, n in enumerate(map(len, parts)) if 0 < n <= size and parts[i] in flat}
    starts = list(accumulate(map((1).__add__, map(len, parts)), initial=0))
    for q in quoted:
        if "\n" in q:  # a line break: it could run across two paragraphs joined
            read.update(i for i, part in enumerate(parts) if q in part)
            continue
        at = joined.find(q)
        while at >= 0:
            read.add(bisect_right(starts, at) - 1)
            at = joined.find(q, at + 1)
    words: list[str] = []
    for i in sorted(read):
        words.extend(t for t in tokens[i] if t in lower)
    return list(dict.fromkeys(words))


class _SplitLines(Sequence[list[str]]):
    """Stored token lines read as token lists, each split only when read."""

    def __init__(self, lines: Sequence[str]) -> None:
        self._lines = lines

    def __len__(self) -> int:
        return len(self._lines)

    @overload
    def __getitem__(self, i: int) -> list[str]: ...
    @overload
    def __getitem__(self, i: slice) -> list[list[str]]: ...
    def __getitem__(self, i: int | slice) -> list[str] | list[list[str]]:
        if isinstance(i, slice):
            return [line.split() for line in self._lines[i]]
        return self._lines[i].split()


def _canonical_lines(stored: list[str]) -> list[str]:
    """`_canonical` of each line, checked for the document at once: nearly always all are."""
    joined = "|".join(stored)
    # A line starting or ending with a space leaves "| " or " |" (a token's own "|" beside
    # a space only sends it to the check a line at a time).
    if (
        joined.isprintable()
        and "  " not in joined
        and "| " not in joined
        and " |" not in joined
        and joined[:1] != " "
        and joined[-1:] != " "
    ):
        return stored
    return [_canonical(line) for line in stored]


def _canonical(line: str) -> str:
    """A stored token line as joining its tokens by single spaces makes it (as the archive
    stores them: checked, since splitting and joining each line cost a fifth of a build's
    reading)."""
    # isprintable: no whitespace but the ASCII space (the rest is Unicode's Cc/Z*).
    if line.isprintable() and "  " not in line and line[:1] != " " and line[-1:] != " ":
        return line
    return " ".join(line.split())


@dataclass
class _Prepared:
    """A document as `add_many` stores it: what a helper process sends (see `_prepare`),
    far less to pickle than an IndexDoc with its texts and token lists."""

    doc_id: str
    kind: str
    data: str  # the store row's data (`_doc_data`)
    lines: list[str]  # each paragraph's tokens joined by spaces (tokens hold none)
    roles: list[str]
    tokens: list[str] | None = None  # all tokens in order; None: split from `lines`
    digest: int | None = None  # of the archived record `data` was derived from (None: unknown)

    @classmethod
    def of(cls, doc: IndexDoc) -> _Prepared:
        """`doc` prepared in this process, its tokens kept (a helper sends `from_stored`'s:
        a string a paragraph pickles in a fraction of the time)."""
        lines = [" ".join(para) for para in doc.tokens]
        flat = list(chain.from_iterable(doc.tokens))
        return cls(doc.doc_id, doc.kind, _doc_data(doc), lines, doc.roles, flat)

    @classmethod
    def from_stored(cls, record: Record, stored: list[str], digest: int | None = None) -> _Prepared:
        """`of(doc_from_record(record, tokens))`, its tokens left in the lines, where
        `stored` is each paragraph's tokens as the archive stores them (joined by spaces):
        the lines sent as they are, a paragraph's tokens split only when the subject is read
        from it."""
        lines = _canonical_lines(stored)
        doc = _doc_of(record, _SplitLines(lines), [])
        # A canonical line holds a space fewer than tokens, an empty one none: count + 1 or 0.
        counts = list(map(operator.add, map(str.count, lines, repeat(" ")), map(bool, lines)))
        return cls(doc.doc_id, doc.kind, _doc_data(doc, counts), lines, doc.roles, None, digest)

    def all_tokens(self) -> list[str]:
        return " ".join(self.lines).split() if self.tokens is None else self.tokens

    def __getstate__(self) -> tuple[Any, ...]:
        # The lines and the roles as a string each (neither holds a line break): a helper's
        # batch pickled and unpickled in half the time of lists of strings (~34 us a reply).
        return (self.doc_id, self.kind, self.data, _joined(self.lines), _joined(self.roles),
                self.tokens, self.digest)  # fmt: skip

    def __setstate__(self, state: tuple[Any, ...]) -> None:
        doc_id, kind, data, lines, roles, tokens, digest = state
        self.doc_id, self.kind, self.data, self.tokens, self.digest = (
            doc_id, kind, data, tokens, digest
        )  # fmt: skip
        self.lines, self.roles = _split(lines), _split(roles)


def _joined(texts: list[str]) -> str | list[str]:
    """`texts` joined by line breaks, or as they are when one holds a line break or there
    are none (see `_split`)."""
    joined = "\n".join(texts)
    return joined if texts and joined.count("\n") == len(texts) - 1 else texts


def _split(joined: str | list[str]) -> list[str]:
    return joined.split("\n") if isinstance(joined, str) else joined


def _helping() -> None:
    """A build's helper process starting: its garbage collector off (a helper allocates a
    few million short-lived lists that reference counting frees, and collections walking
    them were ~8% of its time), and it yields the processor to the window's: searches
    answered during a build waited for two helpers busy on two cores."""
    gc.disable()
    if hasattr(os, "nice"):  # not on Windows, where the helpers keep the normal priority
        with contextlib.suppress(OSError):
            os.nice(HELPER_NICENESS)


def _prepare(address: str, tokens_version: str, ids: list[str]) -> list[_Prepared] | None:
    """In a helper process: `_prepared_from` the archive at `address` (a file, or a
    server's URL: see ArchiveStore.address)."""
    from replydraft.storage.base import open_archive

    with open_archive(address, tokens_version=tokens_version) as archive:
        return _prepared_from(archive, ids)


def _prepared_from(archive: Archive, ids: Sequence[str]) -> list[_Prepared] | None:
    """The archived records of `ids` made into documents, with their digests; None when one
    was stored without tokens this archive can use (tokenized by `_docs_from_archive`)."""
    found = archive.get_many_with_token_lines(ids)
    out: list[_Prepared] = []
    for record, stored, digest in found:
        lines = [line for line in stored if line is not None]
        if len(lines) != len(stored):
            return None
        out.append(_Prepared.from_stored(record, lines, digest))
    return out


# --- What comes back --------------------------------------------------------------------------


def distinct_sorted(values: npt.NDArray[Any]) -> npt.NDArray[Any]:
    """The distinct values, sorted. np.sort and a mask: numpy 2's np.unique hashes, several
    times slower on arrays of a few thousand numbers, and with return_index or return_inverse
    it sorts by a stable argsort, slower still."""
    ordered = np.sort(values)
    if ordered.size == 0:
        return ordered
    return ordered[np.concatenate(([True], ordered[1:] != ordered[:-1]))]


TermIds = npt.NDArray[np.int32]  # a token sequence as term numbers (see _Vocab)
Places = (
    npt.NDArray[np.uint8] | npt.NDArray[np.uint16] | npt.NDArray[np.uint32]
)  # places in an array of term numbers


@dataclass
class DocUnit:
    """A document unit as stored: enough to re-rank it without the archive.

    Its tokens, paragraph lengths and metadata are decoded from the stored row when first
    asked: a proposal's searches make units of ~300 documents, and most are asked for
    their metadata alone (an earlier round's reply looked for among 100) or for one or two
    paragraphs' tokens."""

    doc_id: str
    kind: str
    # Its tokens as stored (see _pack) and its metadata line and paragraph lengths (see
    # _doc_data).
    packed: bytes = field(repr=False, compare=False)
    data: str = field(repr=False)
    terms: Terms = field(repr=False, compare=False)  # term number -> term
    bm25: float = 0.0
    # What its properties decoded (`lazy.shared`): shared by the copies a search hands out.
    cache: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def scored(self, bm25: float) -> DocUnit:
        """A copy with a search's score, sharing the row's data and what is decoded of it
        (its `cache`): a dict copied, where copy.copy took 1.7 us a unit."""
        unit = object.__new__(DocUnit)
        unit.__dict__.update(self.__dict__)
        unit.bm25 = bm25
        return unit

    @shared
    def _distinct_at(self) -> tuple[TermIds, int]:
        return _distinct_of(self.packed)

    @property
    def distinct(self) -> TermIds:
        """The terms it holds, sorted."""
        return self._distinct_at[0]

    @shared
    def inverse(self) -> Places:
        """Each token's place in `distinct`."""
        return _places_of(self.packed, self._distinct_at[1])

    @shared
    def lengths(self) -> list[int]:
        """How many tokens each paragraph has, by seq."""
        return list(map(int, _lengths(self.data).split()))

    @shared
    def meta(self) -> dict[str, Any]:
        """The metadata decoded: t(itle), b(ureau), d(ate), s(ubject), st (subject tokens),
        r(oles), h(eading runs)."""
        meta: dict[str, Any] = json.loads(self.data.partition("\n")[0])
        return meta

    @property
    def title(self) -> str:
        return str(self.meta.get("t", ""))

    @property
    def bureau(self) -> str:
        return str(self.meta.get("b", ""))

    @property
    def date(self) -> str:
        return str(self.meta.get("d", ""))

    @property
    def subject(self) -> str:
        return str(self.meta.get("s", ""))

    @shared
    def subject_tokens(self) -> list[str]:
        return str(self.meta.get("st", "")).split()

    @shared
    def roles(self) -> list[str]:
        """Each paragraph's role (roles.Role value), by seq."""
        return str(self.meta.get("r", "")).split()

    def role(self, seq: int) -> str:
        """The role of paragraph `seq` (roles.Role value; body when not known)."""
        return self.roles[seq] if 0 <= seq < len(self.roles) else Role.BODY.value

    @shared
    def ids(self) -> TermIds:
        """Every paragraph's tokens, in order, as term numbers."""
        ids: TermIds = self.distinct[self.inverse]
        return ids

    @shared
    def starts(self) -> list[int]:
        """Where each paragraph's tokens start in `ids`, and where the last ends."""
        return list(accumulate(self.lengths, initial=0))  # numpy took 3 us more for ~30

    def paragraph_ids(self, seq: int) -> TermIds:
        """The term numbers of paragraph `seq` (empty past the last)."""
        if not 0 <= seq < len(self.lengths):
            return self.distinct[:0]
        # From the paragraph's places alone: a search reads one or two paragraphs of most
        # documents it touches, and the whole document's numbers would cost ten times more;
        # nor are the whole document's places decoded unless a search decoded them already
        # (a proposal's pooled paragraphs are each most of what is read of its document).
        start, end = self.starts[seq], self.starts[seq + 1]
        whole: TermIds | None = self.cache.get("ids")
        if whole is not None:  # the document's numbers worked out already: a view of them
            return whole[start:end]
        places = self.cache.get("inverse")
        if places is None:
            places = _places_between(self.packed, self._distinct_at[1], start, end)
        else:
            places = places[start:end]
        ids: TermIds = self.distinct[places]
        return ids

    def tokens_holding(self, terms: npt.NDArray[np.int64]) -> npt.NDArray[np.bool_]:
        """For each of its tokens, in order, whether it is one of `terms`: looked up among
        its few hundred distinct terms, not token by token (np.isin over the tokens took
        ~40 us a document, this ~10)."""
        distinct = self.distinct
        pos = np.searchsorted(distinct, terms)
        inside = pos < distinct.size
        pos = pos[inside]
        held = np.zeros(distinct.size, np.bool_)
        held[pos[distinct[pos] == terms[inside]]] = True
        holding: npt.NDArray[np.bool_] = held[self.inverse]
        return holding

    @property
    def tokens(self) -> list[str]:
        """Every paragraph's tokens, in order."""
        return self.terms.many(self.ids.tolist())

    @property
    def paragraph_tokens(self) -> list[list[str]]:
        """The tokens of each paragraph, by seq (an empty list for an empty paragraph)."""
        return [self.terms.many(self.paragraph_ids(s).tolist()) for s in range(len(self.lengths))]

    @property
    def counts(self) -> dict[str, int]:
        """term -> how often the document holds it."""
        return dict(Counter(self.tokens))


@dataclass
class ParaUnit:
    """A paragraph unit, with its text and its document's metadata when `complete`."""

    doc_id: str
    seq: int
    text: str
    doc: DocUnit = field(repr=False, compare=False)  # its document's tokens and terms
    section: str
    kind: str
    title: str
    bureau: str
    date: str
    bm25: float = 0.0
    complete: bool = True  # False: text, section, title, bureau and date not read yet

    @lazy
    def ids(self) -> TermIds:
        """Its tokens as term numbers."""
        return self.doc.paragraph_ids(self.seq)

    @property
    def tokens(self) -> list[str]:
        return self.doc.terms.many(self.ids.tolist())

    @property
    def role(self) -> str:
        """What the paragraph does in its document (roles.Role value)."""
        return self.doc.role(self.seq)


@dataclass
class DocText:
    """What a document shows: its paragraphs' texts and section headings, and its metadata."""

    doc_id: str
    kind: str
    title: str
    bureau: str
    date: str
    texts: list[str]  # by seq (a paragraph's line breaks become spaces)
    sections: list[str]  # heading of the section each paragraph stands in, by seq


def _schema() -> tantivy.Schema:
    b = tantivy.SchemaBuilder()
    b.add_text_field("doc_id", stored=False, tokenizer_name="raw", index_option="basic")
    b.add_text_field("role", stored=False, tokenizer_name="raw", index_option="basic")
    # Fast fields: read for a page of hits at once, without the document store.
    b.add_integer_field("at", stored=False, indexed=False, fast=True)  # dnum, seq: SEQ_BITS
    # Term frequencies for BM25; no positions: nothing asks for phrases.
    for name in PARA_FIELDS:
        b.add_text_field(name, stored=False, tokenizer_name="whitespace", index_option="freq")
    return b.build()


def _para_field(kind: str, role: str) -> str:
    """The body field of a paragraph of this kind and role."""
    if kind == Kind.REPLY.value:
        return P_SLOT if role in _SLOT_VALUES else P_REPLY
    if kind == Kind.POLICY.value:
        return P_POLICY
    return P_PROPOSAL if kind == Kind.PROPOSAL.value else P_OTHER


_SLOT_VALUES = frozenset(r.value for r in SLOT_ROLES)
_BODY = Role.BODY.value
_SEARCHED = frozenset(r.value for r in SEARCHED_ROLES)
# Worked out once: a build asks for the field of each of ~3 million paragraphs.
_PARA_FIELD = {(k.value, r.value): _para_field(k.value, r.value) for k in Kind for r in Role}


def _para_fields(kind: str | None, roles: Iterable[str] | None) -> tuple[list[str], bool]:
    """The body fields a paragraph search of this kind and these roles reads, and whether it
    still needs a role filter (the fields alone do not say). Each kind has fields of its
    own: no unit carries its kind."""
    wanted = None if roles is None else frozenset(roles)
    if kind == Kind.REPLY.value:
        if wanted is None:
            return [P_SLOT, P_REPLY], False
        fields = [P_SLOT] if wanted <= _SLOT_VALUES else [P_SLOT, P_REPLY]
        if not wanted & _SLOT_VALUES:
            fields = [P_REPLY]
        return fields, wanted != _SLOT_VALUES
    if kind is None:
        return list(PARA_FIELDS), wanted is not None
    return [_para_field(kind, Role.BODY.value)], wanted is not None


class _Numbering(dict[str, int]):
    """Term -> number, which while `numbering` gives a term it lacks the next number (a
    build's lookups, one per token, then stay in C: `map(numbering.__getitem__, tokens)`).
    Only `[]` numbers; `get` and `in` do not."""

    def __init__(self) -> None:
        super().__init__()
        self._next = 0  # 0: not numbering
        self._new: list[tuple[int, str]] = []

    def numbering(self, first: int) -> None:
        self._next = first

    def numbered(self) -> list[tuple[int, str]]:
        """The terms numbered since `numbering`, which ends."""
        rows, self._new, self._next = self._new, [], 0
        return rows

    def __missing__(self, term: str) -> int:
        if not self._next:
            raise KeyError(term)
        number = self[term] = self._next
        self._next += 1
        self._new.append((number, term))
        return number


class _Vocab:
    """Every term the store holds, numbered from 1 in the order first stored (0 is none).

    A document is stored as the numbers of its tokens: read back in one call, and compared
    with a query as arrays (search.py), where strings would be hashed token by token.

    The terms are read from the `terms` table as they are asked for, not all at open: an
    archive of 100,000 replies holds a million terms or two (invented names, places, figures),
    150-300 MB as a Python list and dict and a quarter of a second per 100,000 to load, of
    which a search needs a few thousand. What was read is kept; past VOCAB_KEPT terms the
    memory is let go when no write is under way (a full build asks for every term).

    A build into an empty store knows every term it numbered: inside its write transactions a
    term it does not know is new, not looked up in SQLite (those lookups, all misses in the
    growing unique index, went from 0.13 to 0.35 ms a document over a 100,000-reply build).
    """

    def __init__(
        self, reading: Callable[[], contextlib.AbstractContextManager[sqlite3.Connection]]
    ):
        self._reading = reading  # the store's `_reading`: entered here, never by the caller
        self._ids = _Numbering()
        self._terms: dict[int, str] = {}
        # Tokens looked up and not stored, until the store changes (`forget_absent`): a
        # proposal asks for its unknown words (names, figures) a dozen times, one query each.
        self._absent: set[str] = set()
        # The dicts hold every term numbered below this (0: not known). Trusted only inside a
        # write transaction that found the table this size (see `begin_write`): outside one,
        # another process may number terms.
        self._whole_below = 0
        self._whole = False

    def size(self) -> int:
        """One past the largest number given (read from the table: another process may
        have numbered terms)."""
        with self._reading() as conn:
            row = conn.execute("SELECT max(id) FROM terms").fetchone()
        return 1 + int(row[0] or 0)

    def begin_write(self, size: int) -> None:
        """A write transaction began, the table holding terms numbered below `size`."""
        self._absent.clear()
        if size == 1:  # empty: whatever the dicts hold was rolled back or is gone
            self._ids.clear()
            self._terms.clear()
            self._whole_below = 1
        elif size != self._whole_below:  # another process numbered terms, or never known
            self._whole_below = 0
        self._whole = self._whole_below > 0

    def end_write(self) -> None:
        self._whole = False

    def ids_of(self, tokens: Sequence[str]) -> list[int | None]:
        """The number of each of `tokens` (None for a term not stored)."""
        # A copy of what is known: another thread may trim the shared dicts meanwhile.
        found = dict(zip(tokens, map(self._ids.get, tokens), strict=True))
        absent = self._absent
        missing = (
            [] if self._whole else [t for t, n in found.items() if n is None and t not in absent]
        )
        if missing:
            with self._reading() as conn:
                rows = _select_in(conn, "SELECT id, term FROM terms WHERE term IN ", missing)
            found.update((term, number) for number, term in rows)
            self.remember(rows)
            if len(absent) > VOCAB_ABSENT_KEPT:
                absent.clear()
            absent.update(t for t in missing if found[t] is None)
        return list(map(found.__getitem__, tokens))

    def forget_absent(self) -> None:
        """Forget which tokens were not stored (the store changed: they may be now)."""
        self._absent.clear()

    def number(self, tokens: Sequence[str], first: int) -> tuple[list[int], list[tuple[int, str]]]:
        """The number of each of `tokens`, numbering the terms not stored from `first` on
        (inside a write transaction), and those new terms as (number, term)."""
        if self._whole:
            # Every term stored is known: one pass of lookups numbers the new ones as met.
            ids = self._ids
            ids.numbering(first)
            try:
                numbers = list(map(ids.__getitem__, tokens))
            finally:
                rows = ids.numbered()
            self._terms.update(rows)
        else:
            found = dict(zip(tokens, self.ids_of(tokens), strict=True))
            rows = list(enumerate([t for t, n in found.items() if n is None], start=first))
            self.remember(rows)
            found.update((term, n) for n, term in rows)
            numbers = [n or 0 for n in map(found.__getitem__, tokens)]  # none is 0 now
        if rows and self._whole_below:
            self._whole_below = first + len(rows)
        return numbers, rows

    def many(self, numbers: Iterable[int]) -> list[str]:
        """The terms of `numbers` ("" for a number no term has)."""
        numbers = list(numbers)
        found = dict(zip(numbers, map(self._terms.get, numbers), strict=True))
        missing = [n for n, t in found.items() if t is None]
        if missing:
            with self._reading() as conn:
                rows = _select_in(conn, "SELECT id, term FROM terms WHERE id IN ", missing)
            found.update(rows)
            self.remember(rows)
        return [found[n] or "" for n in numbers]

    def __getitem__(self, number: int) -> str:
        term = self._terms.get(number)
        return self.many([number])[0] if term is None else term

    def remember(self, rows: Iterable[tuple[int, str]]) -> None:
        for number, term in rows:
            self._ids[term] = number
            self._terms[number] = term

    def trim(self) -> None:
        """Let go of what was read, when that is much (after a write)."""
        if len(self._terms) > VOCAB_KEPT:
            self._ids.clear()
            self._terms.clear()
            self._whole_below = 0

    def truncate(self, size: int) -> None:
        """Forget the terms numbered from `size` (a write that was rolled back)."""
        for number in [n for n in self._terms if n >= size]:
            self._ids.pop(self._terms.pop(number), None)
        if self._whole_below:
            self._whole_below = min(self._whole_below, size)
        self._whole = False


class Terms(Protocol):
    """Term number -> term (see _Vocab)."""

    def __getitem__(self, number: int) -> str: ...

    def many(self, numbers: Iterable[int]) -> list[str]: ...


def _read_only(path: Path) -> str:
    """The URI SQLite opens `path` with to read only (any name: percent-encoded)."""
    return path.resolve().as_uri() + "?mode=ro"


@dataclass(frozen=True)
class _Reuse:
    """What a build beside takes from the store in use (see `_reusable`)."""

    digests: dict[str, int]  # the archive's records' (`Archive.digests`), by id
    rederive: bool  # its rows' data was derived by other rules: derived again, terms kept
    units: bool  # tantivy's units beside it are made as this code makes them: copied too


class _Kept(NamedTuple):
    """A row of a copied store whose data a build derives again (`_Store.kept_rows`)."""

    dnum: int
    digest: int | None
    lengths: str  # its data's second line: the token count of each paragraph
    roles: str  # its paragraphs' roles (data's "r")
    units: bool  # its tantivy units are there (copied with the store, not deleted since)


def _reusable(
    store: Path, archive: Archive, *, rederive: bool = False, units: bool = True
) -> _Reuse | None:
    """What a build beside can take from the store at `store`: its rows, when it holds at
    least REUSE_FROM of the archive's records as this code lays them out (the same
    STORE_VERSION, records of the same digest); their data derived again when other rules
    (RULES_VERSION) derived it, or when asked (`rederive`); tantivy's units beside it when
    made as this code makes them (UNITS_VERSION), unless asked not to (`units`). None when
    it does not, or cannot be read (none, another format)."""
    if not store.is_file():
        return None
    try:
        with contextlib.closing(sqlite3.connect(_read_only(store), uri=True, timeout=5)) as conn:
            made_by = dict(
                conn.execute(
                    "SELECT unit, n FROM units WHERE unit IN (?, ?, ?)",
                    (UNIT_STORE_VERSION, UNIT_RULES_VERSION, UNIT_UNITS_VERSION),
                )
            )
            if made_by.get(UNIT_STORE_VERSION) != STORE_VERSION:
                return None
            rows = conn.execute("SELECT doc_id, digest FROM docs").fetchall()
    except sqlite3.Error:
        return None
    digests = archive.digests()
    kept = sum(1 for doc_id, digest in rows if digest is not None and digests.get(doc_id) == digest)
    if not kept or kept < REUSE_FROM * len(digests):
        return None
    # A store without a rules' or units' version was made before they had versions: by the
    # first of each.
    return _Reuse(
        digests,
        rederive=rederive or made_by.get(UNIT_RULES_VERSION, 1) != RULES_VERSION,
        units=units and made_by.get(UNIT_UNITS_VERSION, 1) == UNITS_VERSION,
    )


def _stored_lines(unit: DocUnit, terms: npt.NDArray[np.object_]) -> list[str]:
    """A stored document's paragraphs' tokens joined by spaces, with `terms` by number (an
    array: a dict lookup a token cost twice as much)."""
    tokens = terms[unit.ids].tolist()
    return [" ".join(tokens[start:end]) for start, end in pairwise(unit.starts)]


def _select_in(conn: sqlite3.Connection, sql: str, values: Sequence[Any]) -> list[Any]:
    """The rows of `sql`, which ends in "IN ", for `values`: 500 at a time, within SQLite's
    bound on parameters. The caller holds the store's lock."""
    rows: list[Any] = []
    for start in range(0, len(values), 500):
        part = values[start : start + 500]
        rows += conn.execute(sql + "(" + ",".join("?" * len(part)) + ")", part).fetchall()
    return rows


def _one_line(text: str) -> str:
    """A paragraph's text on one stored line."""
    return text.replace("\r", " ").replace("\n", " ")


# A row's packed tokens (see _pack): how many distinct terms, tokens and wide gaps it holds.
_HEAD = struct.Struct("<III")
_WIDE = 255  # a gap between distinct terms of this or more is stored apart, in four bytes


RANKS_MAX = 1 << 24  # the largest table `_Ranks` keeps: 64 MB


class _Ranks:
    """Each term's place among a document's distinct terms, looked up in a table indexed by
    term number: one gather (packing a bench reply's row took 46 us with np.searchsorted,
    23 us so). The table keeps what earlier documents wrote: only the places of the
    document's own terms, written just before, are read."""

    def __init__(self) -> None:
        self._table: npt.NDArray[np.int32] = np.zeros(0, np.int32)

    def places(self, distinct: TermIds, ids: TermIds) -> npt.NDArray[np.int32]:
        """The place of each of `ids` among `distinct` (their distinct values, sorted)."""
        top = int(distinct[-1]) + 1 if distinct.size else 0
        if top > RANKS_MAX:  # numbers are dense from 1 on: a store of ~17 million terms
            return np.searchsorted(distinct, ids).astype(np.int32)
        if top > self._table.size:
            self._table = np.zeros(max(top, 2 * self._table.size), np.int32)
        self._table[distinct] = np.arange(distinct.size, dtype=np.int32)
        return self._table[ids]


def _high_bits(count: int) -> int:
    """How many bits past the first byte a token's place among `count` terms needs."""
    return max(0, (count - 1).bit_length() - 8)


def _pack(ids: TermIds, ranks: _Ranks | None = None) -> bytes:
    """A token sequence as stored: the distinct terms (sorted) as the gaps between them, one
    byte each (a gap of 255 or more is 255 there, and its four bytes follow the rest), then
    each token's place among the distinct terms: its low byte, then its higher bits as bit
    planes (one bit per token for 257 to 512 distinct terms, the usual reply), after a
    header of the three counts. Nothing is compressed: what re-ranking needs of a document
    (its distinct words, their counts) comes back by a few numpy views and no sorting.

    Why this form: zlib over the gaps and places (format 11) took 1.0 KB a bench reply and
    ~15 us to read back, half of it zlib's, and a cold proposal reads ~300 rows; this takes
    1.24 KB (gaps are a byte in 95 cases of 100, places 9 bits) and ~5 us. `ranks`: a
    table to find the places in, for a build packing many documents."""
    distinct = distinct_sorted(ids)
    places = np.searchsorted(distinct, ids) if ranks is None else ranks.places(distinct, ids)
    gaps = distinct.astype(np.int64)
    gaps[1:] -= gaps[:-1].copy()
    wide = gaps[gaps >= _WIDE].astype("<u4")
    high = places >> 8
    return b"".join(
        [
            _HEAD.pack(distinct.size, ids.size, wide.size),
            np.minimum(gaps, _WIDE).astype(np.uint8).tobytes(),
            wide.tobytes(),
            (places & 0xFF).astype(np.uint8).tobytes(),
            *(
                np.packbits((high >> k) & 1, bitorder="little").tobytes()
                for k in range(_high_bits(distinct.size))
            ),
        ]
    )


def _distinct_of(blob: bytes) -> tuple[TermIds, int]:
    """The distinct terms of a packed row (see _pack), and where its places start."""
    count, _, wide = _HEAD.unpack_from(blob)
    at = _HEAD.size
    distinct: TermIds = np.frombuffer(blob, np.uint8, count, at).astype(np.int32)
    at += count
    if wide:
        distinct[distinct == _WIDE] = np.frombuffer(blob, "<u4", wide, at)
        at += 4 * wide
    # The gaps summed in place: np.add.accumulate, not np.cumsum, which costs a microsecond
    # more (a tenth of a row's decoding) in its Python wrapper.
    np.add.accumulate(distinct, out=distinct)
    return distinct, at


def _unpack(blob: bytes) -> tuple[TermIds, Places]:
    """The distinct terms and each token's place among them (see _pack)."""
    distinct, at = _distinct_of(blob)
    return distinct, _places_of(blob, at)


def _places_of(blob: bytes, at: int) -> Places:
    """Each token's place among the distinct terms of a packed row, whose places start at
    `at` (see _distinct_of): apart, for a row whose distinct terms are decoded already."""
    count, n, _ = _HEAD.unpack_from(blob)
    low = np.frombuffer(blob, np.uint8, n, at)
    high = _high_bits(count)
    if not high:
        return low
    step = (n + 7) // 8  # bytes a bit plane takes
    if high == 1:  # 257 to 512 distinct terms: one plane
        top = np.unpackbits(np.frombuffer(blob, np.uint8, step, at + n), count=n, bitorder="little")
    else:
        planes = np.frombuffer(blob, np.uint8, step * high, at + n).reshape(high, step)
        bits = np.unpackbits(planes, axis=1, count=n, bitorder="little")
        if high > 8:  # over 65,536 distinct terms: a giant document
            shifts = np.arange(8, 8 + high, dtype=np.uint32)[:, None]
            wider: Places = low | np.bitwise_or.reduce(bits.astype(np.uint32) << shifts, axis=0)
            return wider
        top = np.bitwise_or.reduce(bits << np.arange(high, dtype=np.uint8)[:, None], axis=0)
    # Low and high bytes side by side: little-endian two-byte places without arithmetic.
    places = np.empty(n, "<u2")
    halves = places.view(np.uint8)
    halves[0::2] = low
    halves[1::2] = top
    return places


def _places_between(blob: bytes, at: int, start: int, end: int) -> Places:
    """`_places_of` for tokens `start` to `end` alone: their low bytes and the bits of their
    higher planes (a paragraph of a document whose other places are not asked for)."""
    count, n, _ = _HEAD.unpack_from(blob)
    if end <= start:
        return np.zeros(0, np.uint8)
    low = np.frombuffer(blob, np.uint8, end - start, at + start)
    high = _high_bits(count)
    if not high:
        return low
    step = (n + 7) // 8  # bytes a bit plane takes
    first = start // 8
    if high == 1:  # 257 to 512 distinct terms (the usual reply): one plane, as _places_of
        plane = np.frombuffer(blob, np.uint8, (end + 7) // 8 - first, at + n + first)
        top = np.unpackbits(plane, count=end - 8 * first, bitorder="little")[start - 8 * first :]
        two = np.empty(end - start, "<u2")
        halves = two.view(np.uint8)
        halves[0::2] = low
        halves[1::2] = top
        return two
    planes = np.frombuffer(blob, np.uint8, step * high, at + n).reshape(high, step)
    bits = np.unpackbits(planes[:, first : (end + 7) // 8], axis=1, bitorder="little")
    bits = bits[:, start - 8 * first : end - 8 * first].astype(np.uint32)
    top = np.bitwise_or.reduce(bits << np.arange(8, 8 + high, dtype=np.uint32)[:, None], axis=0)
    places: Places = low | top
    return places


def _holders(
    ids: TermIds, lengths: Sequence[int] | npt.NDArray[np.int64]
) -> tuple[TermIds, TermIds]:
    """The terms a document's unit holds (each once) and those its paragraph units hold
    (each once per paragraph holding it): what the per-term unit counts add up."""
    paragraph = np.repeat(np.arange(len(lengths), dtype=np.int64), lengths)
    pairs = distinct_sorted((paragraph << 32) | ids.astype(np.int64))
    return distinct_sorted(ids), (pairs & 0xFFFFFFFF).astype(np.int32)


def _lengths(data: str) -> str:
    """The token count of each paragraph, as a row's data keeps them (see `_doc_data`)."""
    return data.partition("\n")[2]


def _searched_units(roles: Iterable[str], lengths: Iterable[int]) -> int:
    """How many tantivy units `_units_of` makes of a document whose paragraphs have these
    roles and token counts (those past the roles are body)."""
    padded = chain(roles, repeat(_BODY))
    return sum(1 for role, n in zip(padded, lengths, strict=False) if n and role in _SEARCHED)


def _searched_in(data: str) -> int:
    """`_searched_units` of a row's data (see `_doc_data`)."""
    meta, _, lengths = data.partition("\n")
    return _searched_units(json.loads(meta)["r"].split(), map(int, lengths.split()))


def _doc_data(doc: IndexDoc, counts: Sequence[int] | None = None) -> str:
    """What re-ranking and showing read of a document besides its tokens: a JSON line of
    metadata (with its section headings, see `_heading_runs`), then each paragraph's token
    count (`counts`, when doc.tokens were not split)."""
    meta: dict[str, Any] = {"t": doc.title, "b": doc.bureau, "d": doc.date, "s": doc.subject}
    meta["st"] = " ".join(doc.subject_tokens)
    meta["r"] = " ".join(doc.roles)
    meta["h"] = _heading_runs(doc.sections, doc.paragraphs)
    counts = [len(para) for para in doc.tokens] if counts is None else counts
    lengths = " ".join(map(str, counts))
    return json.dumps(meta, ensure_ascii=False) + "\n" + lengths


def _heading_runs(sections: Sequence[str], paragraphs: Sequence[str]) -> list[Any]:
    """Where each section heading starts, as [seq, heading], or [seq, its length] when the
    paragraph starts with it (nearly always: 1/5 of the size): what a search shows of a
    document's sections, kept so that showing needs only its paragraphs from the archive
    (working them out again from the parsed fields cost ~200 us a document)."""
    runs: list[Any] = []
    current = ""
    for seq, heading in enumerate(sections[: len(paragraphs)]):
        if heading != current:  # sections_of repeats one string: most are the one before
            text = paragraphs[seq]
            runs.append([seq, len(heading) if heading and text.startswith(heading) else heading])
            current = heading
    return runs


def _sections(runs: Sequence[Any], paragraphs: Sequence[str]) -> list[str]:
    """Each paragraph's section heading, from `_heading_runs`."""
    out = [""] * len(paragraphs)
    ends = [seq for seq, _ in runs[1:]] + [len(out)]
    for (seq, heading), end in zip(runs, ends, strict=False):
        if 0 <= seq < min(end, len(out)):
            text = paragraphs[seq][:heading] if isinstance(heading, int) else str(heading)
            out[seq:end] = [text] * (min(end, len(out)) - seq)
    return out


class Recalled(Protocol):
    """Paragraphs recalled (SearchIndex.recall_paragraphs): the first `count` of them, best
    first (all of them without), made into units when asked."""

    def __call__(self, count: int = ...) -> list[ParaUnit]: ...


@dataclass
class _Row:
    """A document's row of the store, decoded as far as asked (see DocUnit)."""

    dnum: int
    doc_id: str
    kind: str
    data: str
    packed: bytes
    terms: Terms

    @property
    def meta(self) -> dict[str, Any]:
        return self.unit.meta

    @lazy
    def unit(self) -> DocUnit:
        return DocUnit(
            doc_id=self.doc_id, kind=self.kind, packed=self.packed, data=self.data, terms=self.terms
        )

    @property
    def lengths(self) -> list[int]:
        return self.unit.lengths


@dataclass
class _Fetched:
    """Rows of the store as `_Store.fetch` found them: decoded (kept from an earlier read)
    or as read, the store's `forgotten` count when they were looked up."""

    kept: dict[int, _Row]
    read: list[tuple[int, str, str, str, bytes]]
    forgotten: int


def _count_changes(
    counted: Sequence[tuple[TermIds, TermIds, int]], size: int
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """(term numbers, sorted; how many document units and paragraph units each gains or
    loses) by the units counted in (+1) and out (-1); `size`: one past the largest number.

    Added up with np.bincount by term number, not term by term in Python; over the whole
    vocabulary for a bulk write, over the distinct terms for a few documents (whose arrays
    would otherwise be as long as the vocabulary)."""
    parts = [ids for c in counted for ids in c[:2] if ids.size]
    if not parts:
        nothing = np.zeros(0, np.int64)
        return nothing, nothing, nothing
    size = max([size, *(int(ids.max()) + 1 for ids in parts)])
    compact = sum(ids.size for ids in parts) * 8 < size
    terms = distinct_sorted(np.concatenate(parts)) if compact else np.arange(size)
    docs, paras = np.zeros(terms.size, np.int64), np.zeros(terms.size, np.int64)
    for column, total in ((0, docs), (1, paras)):
        for sign in (1, -1):
            held = [c[column] for c in counted if c[2] == sign]
            if held:
                places = np.concatenate(held)
                if compact:
                    places = np.searchsorted(terms, places)
                total += sign * np.bincount(places, minlength=terms.size)
    return terms.astype(np.int64), docs, paras


@dataclass
class _Deferred:
    """A fresh build's terms and their counts, added up commit by commit and written once
    at its end (see `_Store.bulk`)."""

    new: list[tuple[int, str]] = field(default_factory=list)  # (number, term)
    size: int = 1  # one past the largest number given
    docs: npt.NDArray[np.int64] = field(default_factory=lambda: np.zeros(1, np.int64))
    paras: npt.NDArray[np.int64] = field(default_factory=lambda: np.zeros(1, np.int64))

    def add(
        self,
        new: list[tuple[int, str]],
        terms: npt.NDArray[np.int64],
        docs: npt.NDArray[np.int64],
        paras: npt.NDArray[np.int64],
    ) -> None:
        """A commit's terms numbered (in number order), and what the counts of `terms`
        (distinct) gained."""
        self.new += new
        self.size = max(self.size, new[-1][0] + 1 if new else 0)
        size = max(self.size, int(terms.max()) + 1 if terms.size else 0)
        if size > self.docs.size:
            grown = max(size, 2 * self.docs.size)
            self.docs = np.concatenate([self.docs, np.zeros(grown - self.docs.size, np.int64)])
            self.paras = np.concatenate([self.paras, np.zeros(grown - self.paras.size, np.int64)])
        self.docs[terms] += docs
        self.paras[terms] += paras


class _Batches(Iterator[list[_Prepared]]):
    """Batches of records prepared for a build, in turn: in helper processes, started at
    once (see `_prepared_batches`), or here with `here`."""

    def __init__(
        self,
        batches: list[Sequence[str]],
        here: Callable[[Sequence[str]], list[_Prepared]],
        source: tuple[str, str] | None = None,  # the archive's address and tokens version
        helpers: int = 1,
        ahead: int = HELPER_AHEAD,
    ) -> None:
        self._batches, self._here, self._source, self._ahead = batches, here, source, ahead
        self._next = 0
        self._asked: deque[Future[list[_Prepared] | None]] = deque()
        self._pool: ProcessPoolExecutor | None = None
        self._finished = False
        self._peeked: list[_Prepared] | None = None
        if source is not None:
            # "spawn" everywhere, as the importer's pool: what Windows and frozen apps get
            # anyway, and forking a process that runs Qt threads is unsafe.
            self._pool = ProcessPoolExecutor(
                helpers, mp_context=multiprocessing.get_context("spawn"), initializer=_helping
            )
            try:
                self._ask()
            except (BrokenProcessPool, OSError) as e:
                self._alone(e)

    def _alone(self, e: BaseException) -> None:
        """No helper can read: the batches are read here."""
        # Not the address: a server's URL may hold a password.
        log.info("检索索引改在本进程中读取记录（%s）", e)
        self.close()

    def _ask(self) -> None:
        """Keep `ahead` batches asked for, from the next one on."""
        assert self._pool is not None and self._source is not None
        path, version = self._source
        while len(self._asked) < self._ahead and self._next + len(self._asked) < len(self._batches):
            batch = list(self._batches[self._next + len(self._asked)])
            self._asked.append(self._pool.submit(_prepare, path, version, batch))

    def peek(self) -> list[_Prepared]:
        """The next batch, left to be taken ([] when none is left)."""
        if self._peeked is None:
            try:
                self._peeked = next(self)
            except StopIteration:
                return []
        return self._peeked

    def __next__(self) -> list[_Prepared]:
        if self._peeked is not None:
            peeked, self._peeked = self._peeked, None
            return peeked
        if self._next >= len(self._batches):
            self._finished = True
            raise StopIteration
        batch = self._batches[self._next]
        prepared = None
        if self._pool is not None:
            try:
                self._ask()
                prepared = self._asked.popleft().result()
            except (BrokenProcessPool, OSError, ArchiveError) as e:
                # A helper that cannot reach the archive (a server refusing one more
                # connection): here, where the error is raised again if it is the archive's.
                self._alone(e)
        self._next += 1
        return self._here(batch) if prepared is None else prepared

    def close(self) -> None:
        """Stop the helpers: stopped early (cancelled, failed), the batch under way is not
        waited for."""
        if self._pool is not None:
            self._pool.shutdown(wait=self._finished, cancel_futures=True)
            self._pool = None
            self._asked.clear()


def _prepared_batches(
    archive: Archive,
    ids: Sequence[str],
    tokenizer: Tokenizer | None,
    *,
    helper: bool | None = None,
    helpers: int = 1,
    ahead: int = HELPER_AHEAD,
) -> _Batches:
    """The records of `ids` as documents ready to store, one list for each HELPER_BATCH of
    `ids` in turn (deleted ones left out). A build of HELPER_FROM records or more (`helper`
    None), or any (`helper` True), reads and prepares them in `helpers` helper processes,
    started now, `ahead` batches ahead, while this one indexes: half the work on the other
    core. Here instead when the archive is in memory, or no process can be started (a
    frozen app without freeze_support, no right to start processes). Closing it stops the
    helpers."""
    size = HELPER_BATCH
    batches = [ids[start : start + size] for start in range(0, len(ids), size)]

    def here(batch: Sequence[str]) -> list[_Prepared]:
        prepared = _prepared_from(archive, batch)
        if prepared is not None:
            return prepared
        return [_Prepared.of(doc) for doc in _docs_from_archive(archive, batch, tokenizer)]

    use = len(ids) >= HELPER_FROM if helper is None else helper
    if not use or archive.address is None:
        return _Batches(batches, here)
    return _Batches(batches, here, (archive.address, archive.tokens_version), helpers, ahead)


def _docs_from_archive(
    archive: Archive, ids: Sequence[str], tokenizer: Tokenizer | None
) -> Iterator[IndexDoc]:
    """The records of `ids` as index documents, read READ_BATCH at a time (a server answers
    a batch in two round trips, not two per record); deleted ones are skipped."""
    for start in range(0, len(ids), READ_BATCH):
        for record, stored in archive.get_many_with_tokens(ids[start : start + READ_BATCH]):
            tokens: list[list[str]] = []
            for text, words in zip(record.paragraphs, stored, strict=True):
                if words is None:  # stored without tokens: tokenized now
                    if tokenizer is None:
                        from replydraft.tokenize import Tokenizer

                        tokenizer = Tokenizer()
                    words = tokenizer.tokens(text)
                tokens.append(words)
            yield doc_from_record(record, tokens)


class _Reader(sqlite3.Connection):
    """A thread's read connection to the store (a subclass: sqlite3.Connection itself takes
    no weak reference)."""


class _Store:
    """The documents' rows and the vocabulary (see the module doc): SQLite in the index
    folder, or in memory.

    Written only by the holder of the tantivy writer, in a transaction committed after the
    postings; `dnum` is never reused, so postings whose row was lost in a crash point at no
    row (and are skipped) rather than at another document's. Terms are numbered inside that
    transaction too, after reading those another process numbered meanwhile.
    """

    def __init__(self, path: Path | None) -> None:
        # The connection that writes, and reads inside a write (it sees what the write put);
        # shared by the threads of a process under `_lock`.
        self._lock = threading.Lock()
        self._path = path
        self._conn = sqlite3.connect(
            ":memory:" if path is None else str(path),
            timeout=30,
            isolation_level=None,
            check_same_thread=False,
        )
        # Each thread reads on a connection of its own (`_reading`): WAL lets readers run
        # side by side, so the main thread no longer waits while the pool's helper thread
        # runs its SQL and decodes rows under one lock (0.4 ms a call at 100,000 replies).
        self._local = threading.local()
        # Weakly: a thread's connection closes with the thread (a Qt pool's threads expire).
        self._readers: weakref.WeakSet[_Reader] = weakref.WeakSet()
        self._writer: int | None = None  # the thread inside a write transaction
        # The caches below are guarded by their own lock, held for dict work only.
        self._cache_lock = threading.Lock()
        self._forgotten = 0  # grows with each `forget`: rows read before it are not kept
        if path is not None:
            # Only a new file takes these, before its first table. Pages freed by removes go
            # back to the file system (see `reclaim`). A row (~1.5 KB) never spans two leaf
            # pages: at 4 KB two fit a page and a quarter of the file was slack; at 16 KB
            # the store of 100,000 bench replies took 219 MB instead of 253.
            self._conn.execute("PRAGMA page_size=16384")
            self._conn.execute("PRAGMA auto_vacuum=INCREMENTAL")
            self._conn.execute("PRAGMA journal_mode=WAL")
            # The WAL grows to a full build's largest commit; cut it back after checkpoints.
            self._conn.execute("PRAGMA journal_size_limit=16777216")
            # A crash may lose the last commit, never corrupt: it is only a cache of the archive.
            self._conn.execute("PRAGMA synchronous=NORMAL")
        self._conn.execute(
            "CREATE TABLE IF NOT EXISTS docs (dnum INTEGER PRIMARY KEY AUTOINCREMENT, "
            "doc_id TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, data TEXT NOT NULL, "
            "digest INTEGER, ids BLOB NOT NULL)"  # digest: see STORE_VERSION
        )
        # `docs` and `paras`: how many documents and paragraph units hold the term (idf).
        self._conn.execute(
            "CREATE TABLE IF NOT EXISTS terms (id INTEGER PRIMARY KEY, term TEXT NOT NULL, "
            "docs INTEGER NOT NULL DEFAULT 0, paras INTEGER NOT NULL DEFAULT 0)"
        )
        # Its own statement, not UNIQUE in the table: a fresh build drops it and makes it
        # again once its terms are in (see `bulk`).
        self._conn.execute(f"CREATE UNIQUE INDEX IF NOT EXISTS {TERMS_INDEX} ON terms (term)")
        # The numbers of the rows deleted, in the same transaction: a postings file older
        # than the store masks them (see postings.py). A number a row, ~10 bytes.
        self._conn.execute("CREATE TABLE IF NOT EXISTS gone (dnum INTEGER PRIMARY KEY)")
        # How many document and paragraph units there are (the N of idf), kept with them.
        self._conn.execute(
            "CREATE TABLE IF NOT EXISTS units (unit TEXT PRIMARY KEY, n INTEGER NOT NULL)"
        )
        if (
            self._conn.execute(
                "SELECT 1 FROM units WHERE unit = ?", (UNIT_STORE_VERSION,)
            ).fetchone()
            is None
            and self.count() == 0
        ):
            # A new store: how its rows are laid out and derived (read by a build beside).
            # Only then, so that opening one to read never waits for a write lock.
            self._conn.executemany(
                "INSERT INTO units (unit, n) VALUES (?, ?)",
                [
                    (UNIT_STORE_VERSION, STORE_VERSION),
                    (UNIT_RULES_VERSION, RULES_VERSION),
                    (UNIT_UNITS_VERSION, UNITS_VERSION),
                ],
            )
        self.vocab = _Vocab(self._reading)
        self._vocab_size_at_begin = 1
        # Decoded rows by number, and shown texts by id, most recent last: a proposal's
        # searches read the same few hundred documents again and again. Dropped on any change.
        self._rows: OrderedDict[int, _Row] = OrderedDict()
        self._dnums: dict[str, int] = {}
        self._texts: OrderedDict[str, DocText] = OrderedDict()
        self._next_term = 1
        self._new_terms: list[tuple[int, str]] = []  # numbered, not yet inserted
        # Terms whose unit counts a write changes: (doc-unit terms, paragraph-unit terms, +1/-1)
        self._counted: list[tuple[TermIds, TermIds, int]] = []
        self._units = Counter[str]()  # and how the number of units changes
        self._deferred: _Deferred | None = None  # a fresh build's terms (see `bulk`)

    @contextlib.contextmanager
    def bulk(self, *, fresh: bool = False) -> Iterator[None]:
        """A larger page cache while a build numbers terms and counts them, given back after.

        Measured: numbering the 1.3 million terms of 100,000 replies in 50 commits took 6.2 s
        with SQLite's 2 MB cache (0.6 s the first 10 commits, 1.7 s the last 10), 2.9 s
        with 64 MB (0.4 s, 0.8 s).

        `fresh`: a whole build into this store, empty, which nothing reads until it is
        complete (`build_beside`): the terms and their counts are then written once, at the
        end, in number order, and the index on `term` made after them (at 100,000 replies,
        1.3 million terms: 0.9 s and 1.2 s, where the commits' inserts into the index took
        4.0 s and the updates of their counts 0.8 s; inserted sorted by term, 4.6 s). Left
        unfinished (an error, cancelled), its rows lack their terms: a half-built sibling,
        thrown away at the next open.
        """
        if fresh and self.count() == 0 and self.vocab.size() == 1:
            self._deferred = _Deferred()
            with self._lock:
                self._conn.execute(f"DROP INDEX IF EXISTS {TERMS_INDEX}")
        with self._lock:
            self._conn.execute(f"PRAGMA cache_size = -{BULK_CACHE_KB}")
        try:
            yield
            if self._deferred is not None:
                self._write_deferred(self._deferred)
        finally:
            self._deferred = None
            with self._lock:
                self._conn.execute(f"PRAGMA cache_size = -{DEFAULT_CACHE_KB}")
                self._conn.execute("PRAGMA shrink_memory")

    def _write_deferred(self, deferred: _Deferred) -> None:
        """A fresh build's terms and their counts, in a transaction of their own."""
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
        try:
            size = deferred.docs.size
            self._write_terms(
                deferred.new, np.arange(size), deferred.docs, deferred.paras, 1, by_term=False
            )
            with self._lock:
                self._conn.execute(f"CREATE UNIQUE INDEX {TERMS_INDEX} ON terms (term)")
                self._conn.execute(
                    "INSERT INTO units (unit, n) VALUES (?, 1) "
                    "ON CONFLICT (unit) DO UPDATE SET n = n + 1",
                    (UNIT_STATE,),
                )
                self._conn.execute("COMMIT")
        except BaseException:
            with self._lock, contextlib.suppress(sqlite3.Error):
                self._conn.execute("ROLLBACK")
            raise

    def cache_kb(self) -> int:
        """The page cache's bound, in KiB."""
        with self._lock:
            return -int(self._conn.execute("PRAGMA cache_size").fetchone()[0])

    def begin(self) -> None:
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            self._conn.execute(
                "INSERT OR IGNORE INTO units (unit, n) VALUES (?, ?)",
                (UNIT_IDENTITY, 1 + secrets.randbelow(1 << 62)),
            )
        self._writer = threading.get_ident()
        # Inside the transaction: no other process numbers terms until it ends.
        size = self.vocab.size() if self._deferred is None else self._deferred.size
        self._next_term = self._vocab_size_at_begin = size
        self.vocab.begin_write(size)
        self._counted = []
        self._units = Counter()

    def commit(self) -> None:
        self._units[UNIT_STATE] += 1  # in the same transaction as the rows it counts
        self._write_counts()
        with self._lock:
            self._conn.execute("COMMIT")
        self._writer = None
        self.vocab.end_write()

    def _count(self, ids: TermIds, data: str, sign: int) -> None:
        """Count a document's units in (sign 1) or out (-1) of its terms' unit counts."""
        lengths = np.array(_lengths(data).split(), np.int64)
        self._counted.append((*_holders(ids, lengths), sign))
        self._units[UNIT_DOC] += sign
        self._units[UNIT_PARA] += sign * int(np.count_nonzero(lengths))
        self._units[UNIT_SEARCHED] += sign * _searched_in(data)

    def _write_counts(self) -> None:
        """Add up the unit counts this write changed and store them, with the terms it
        numbered (inside its transaction).

        The terms numbered go in once, with their counts, sorted by term so that the unique
        index on `term` is written in order (an INSERT a document, at random places in that
        index, then an UPDATE of each, was a tenth of a full build); the counts are added up
        by term number with np.bincount, not per term in Python.
        """
        counted, self._counted = self._counted, []
        units, self._units = self._units, Counter()
        new, self._new_terms = self._new_terms, []
        with self._lock:
            self._conn.executemany(
                "INSERT INTO units (unit, n) VALUES (?, ?) "
                "ON CONFLICT (unit) DO UPDATE SET n = n + excluded.n",
                [(unit, n) for unit, n in units.items() if n],
            )
        terms, docs, paras = _count_changes(counted, self._next_term)
        if self._deferred is not None:
            self._deferred.add(new, terms, docs, paras)
        else:
            self._write_terms(new, terms, docs, paras, self._vocab_size_at_begin)

    def _write_terms(
        self,
        new: list[tuple[int, str]],
        terms: npt.NDArray[np.int64],
        docs: npt.NDArray[np.int64],
        paras: npt.NDArray[np.int64],
        before: int,
        *,
        by_term: bool = True,
    ) -> None:
        """Insert the terms `new` (number, term) with their counts and add to the counts of
        those numbered `before` them: `docs` and `paras` are what `terms` gain or lose.
        `by_term`: inserted in the order of the index on `term` (else of their numbers)."""
        new.sort(key=itemgetter(1) if by_term else itemgetter(0))
        # Each term numbered is counted in with its document (0 where that was undone).
        numbers = np.array([n for n, _ in new], np.int64)
        at = np.minimum(np.searchsorted(terms, numbers), max(terms.size - 1, 0))
        held = terms[at] == numbers if terms.size else np.zeros(numbers.size, bool)
        rows = zip(
            numbers.tolist(),
            [term for _, term in new],
            np.where(held, docs[at] if terms.size else 0, 0).tolist(),
            np.where(held, paras[at] if terms.size else 0, 0).tolist(),
            strict=True,
        )
        # The terms numbered before this write: their counts change.
        old = (terms < before) & ((docs != 0) | (paras != 0))
        updates = zip(docs[old].tolist(), paras[old].tolist(), terms[old].tolist(), strict=True)
        with self._lock:
            self._conn.executemany(
                "INSERT INTO terms (id, term, docs, paras) VALUES (?, ?, ?, ?)", rows
            )
            self._conn.executemany(
                "UPDATE terms SET docs = docs + ?, paras = paras + ? WHERE id = ?", updates
            )

    def units(self, unit: str) -> int:
        """How many document (UNIT_DOC) or paragraph (UNIT_PARA) units are stored."""
        with self._reading() as conn:
            row = conn.execute("SELECT n FROM units WHERE unit = ?", (unit,)).fetchone()
        return 0 if row is None else int(row[0])

    def unit_counts(self, terms: Sequence[str], unit: str) -> dict[str, int]:
        """How many documents (UNIT_DOC) or paragraphs (UNIT_PARA) hold each of `terms`."""
        column = "docs" if unit == UNIT_DOC else "paras"
        found = dict.fromkeys(terms, 0)
        with self._reading() as conn:
            found.update(
                _select_in(conn, f"SELECT term, {column} FROM terms WHERE term IN ", list(found))
            )
        return found

    def counts_of(self, ids: Sequence[int]) -> dict[int, tuple[int, int]]:
        """How many documents and paragraphs hold each term, by term number: no names to
        look up first, the integer key the table's own (a rowid), and both counts in the
        one read (a search weighs the same words over both)."""
        with self._reading() as conn:
            rows = _select_in(conn, "SELECT id, docs, paras FROM terms WHERE id IN ", ids)
        return {n: (docs, paras) for n, docs, paras in rows}

    def state(self) -> int:
        """The store's change counter: one more at every commit (see postings.py)."""
        return self.units(UNIT_STATE)

    def identity(self) -> int:
        """The store's own number (0 before its first write): a postings file of another
        store, whose numbers name other documents, is told apart by it."""
        return self.units(UNIT_IDENTITY)

    def last_number(self) -> int:
        """The highest number of a stored document (0: none)."""
        with self._reading() as conn:  # as `state` reads: the same commits seen
            row = conn.execute("SELECT max(dnum) FROM docs").fetchone()
        return int(row[0] or 0)

    def gone(self) -> list[int]:
        """The numbers of every document removed or replaced (see postings.py)."""
        with self._reading() as conn:
            return [row[0] for row in conn.execute("SELECT dnum FROM gone")]

    def distinct_rows(self, after: int, upto: int) -> Iterator[tuple[int, str, TermIds]]:
        """(dnum, kind, distinct term numbers) of the documents numbered past `after` up to
        `upto`, by number, read READ_ROWS at a time (the lock let go between)."""
        sql = "SELECT dnum, kind, ids FROM docs WHERE dnum > ? AND dnum <= ? ORDER BY dnum LIMIT ?"
        while True:
            with self._reading() as conn:
                batch = conn.execute(sql, (after, upto, READ_ROWS)).fetchall()
            for dnum, kind, ids in batch:
                yield dnum, kind, _distinct_of(ids)[0]
            if len(batch) < READ_ROWS:
                return
            after = batch[-1][0]

    def doc_counts(self) -> npt.NDArray[np.int64]:
        """How many documents hold each term, by term number."""
        counts = np.zeros(self.vocab.size(), np.int64)
        with self._reading() as conn:
            cursor = conn.execute("SELECT id, docs FROM terms")
            # A slice at a time: numpy turning 1.3 million rows into an array at once held
            # the GIL for ~250 ms, and a search on another thread waited as long.
            while rows := cursor.fetchmany(READ_TERMS):
                pairs = np.array(rows, np.int64)
                counts[pairs[:, 0]] = pairs[:, 1]
        return counts

    def dnums_of(self, doc_ids: Iterable[str]) -> list[int]:
        """The numbers of the stored documents among `doc_ids`."""
        with self._reading() as conn:
            found = _select_in(conn, "SELECT dnum FROM docs WHERE doc_id IN ", list(doc_ids))
        return [row[0] for row in found]

    def rollback(self) -> None:
        with self._lock:
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")
                self.vocab.truncate(self._vocab_size_at_begin)
        self._writer = None
        self.forget()  # rows read inside the transaction may be gone now
        self._counted = []
        self._units = Counter()
        self._new_terms = []

    def encode(self, tokens: Sequence[str]) -> TermIds:
        """The term numbers of `tokens`, numbering new terms (inside a write transaction;
        they are stored at the next `put` or `commit`)."""
        numbers, rows = self.vocab.number(tokens, self._next_term)
        if rows:
            self._next_term += len(rows)
            self._new_terms += rows
        return np.array(numbers, dtype=np.int32)

    def next_number(self) -> int:
        """The number the next document stored gets (numbers only grow)."""
        with self._lock:
            row = self._conn.execute(
                "SELECT seq FROM sqlite_sequence WHERE name = 'docs'"
            ).fetchone()
        return 1 + (int(row[0]) if row else 0)

    def put(self, rows: Iterable[tuple[int, str, str, str, int | None, bytes, TermIds]]) -> None:
        """Store documents as (number, id, kind, data, digest, packed ids, ids), replacing
        earlier rows, and count their units in their terms' counts (and the replaced rows'
        out)."""
        rows = list(rows)
        doc_ids = [row[1] for row in rows]
        with self._lock:
            stored = _select_in(self._conn, "SELECT doc_id FROM docs WHERE doc_id IN ", doc_ids)
        insert = (
            "INSERT INTO docs (dnum, doc_id, kind, data, digest, ids) VALUES (?, ?, ?, ?, ?, ?)"
        )
        if not stored and len(set(doc_ids)) == len(doc_ids):
            # New documents (a build): one statement for all, no row to count out.
            with self._lock:
                self._conn.executemany(insert, [row[:6] for row in rows])
            for _, _, _, data, _, _, ids in rows:
                self._count(ids, data, 1)
            return
        for dnum, doc_id, kind, data, digest, packed, ids in rows:
            self._count_out(doc_id)
            with self._lock:
                self._conn.execute(insert, (dnum, doc_id, kind, data, digest, packed))
            self._count(ids, data, 1)

    def _count_out(self, doc_id: str) -> None:
        """Delete a document's row, counting its units out of its terms' counts."""
        with self._lock:
            old = self._conn.execute(
                "SELECT dnum, data, ids FROM docs WHERE doc_id = ?", (doc_id,)
            ).fetchone()
            if old is None:
                return
            self._conn.execute("DELETE FROM docs WHERE doc_id = ?", (doc_id,))
            self._conn.execute("INSERT OR IGNORE INTO gone (dnum) VALUES (?)", (old[0],))
        distinct, places = _unpack(old[2])
        self._count(distinct[places], old[1], -1)

    def count(self) -> int:
        with self._lock:
            return int(self._conn.execute("SELECT count(*) FROM docs").fetchone()[0])

    def reclaim(self) -> None:
        """Give the pages removed rows left free back to the file system (after a commit)."""
        with self._lock:
            # Each step of the statement frees one page, and execute() steps a statement
            # that returns no rows once: executescript steps it to the end.
            self._conn.executescript("PRAGMA incremental_vacuum;")

    def delete(self, doc_id: str) -> None:
        self._count_out(doc_id)
        self.forget()

    def clear(self) -> None:
        with self._lock:
            self._conn.execute("INSERT OR IGNORE INTO gone (dnum) SELECT dnum FROM docs")
            self._conn.execute("DELETE FROM docs")
            self._conn.execute("UPDATE terms SET docs = 0, paras = 0")
            # The change counter goes on: a postings file of the rows before must not match.
            self._conn.execute(
                "DELETE FROM units WHERE unit NOT IN (?, ?, ?, ?, ?)",
                (
                    UNIT_STATE,
                    UNIT_IDENTITY,
                    UNIT_STORE_VERSION,
                    UNIT_RULES_VERSION,
                    UNIT_UNITS_VERSION,
                ),
            )
        self._counted = []
        self._units = Counter()
        self.forget()

    def _row(self, dnum: int, doc_id: str, kind: str, data: str, ids: bytes) -> _Row:
        return _Row(dnum, doc_id, kind, data, ids, self.vocab)

    def doc_digests(self) -> list[tuple[str, int | None]]:
        """Each row's document id and the digest of the record it was made from (None:
        not known, see `_Prepared.digest`)."""
        with self._reading() as conn:
            return conn.execute("SELECT doc_id, digest FROM docs").fetchall()

    def kept_rows(self, *, units: bool) -> dict[str, _Kept]:
        """Each row's document: what a build deriving the data again keeps, with each
        paragraph's role (`units`: whether its tantivy units are there, to be kept where
        they stay)."""
        # The roles read by SQLite from the data's JSON line: 0.3 s at 100,000 replies.
        sql = (
            "SELECT doc_id, dnum, digest, substr(data, instr(data, char(10)) + 1), "
            "json_extract(substr(data, 1, instr(data, char(10)) - 1), '$.r') FROM docs"
        )
        with self._reading() as conn:
            return {
                row[0]: _Kept(row[1], row[2], row[3], row[4] or "", units)
                for row in conn.execute(sql)
            }

    def update_data(self, rows: Sequence[tuple[str, int]], searched: int = 0) -> None:
        """Rows' data derived again, as (data, number): their terms and lengths, and so the
        terms' counts, are as they were; `searched`: how many more of their paragraphs are
        of SEARCHED_ROLES than before (inside a write)."""
        if rows:
            with self._lock:
                self._conn.executemany("UPDATE docs SET data = ? WHERE dnum = ?", rows)
            self._units[UNIT_SEARCHED] += searched
            self.forget()

    def mark_versions(self) -> None:
        """Say that this code's rules derived every row's data and made tantivy's units
        beside them (inside a write); the units counted from the rows when other code made
        those of the store copied (it counted others, or none)."""
        with self._lock:
            made = self._conn.execute(
                "SELECT n FROM units WHERE unit = ?", (UNIT_UNITS_VERSION,)
            ).fetchone()
            if (1 if made is None else made[0]) != UNITS_VERSION:
                rows = self._conn.execute("SELECT data FROM docs")
                searched = sum(_searched_in(data) for (data,) in rows)
                self._conn.execute(
                    "INSERT OR REPLACE INTO units (unit, n) VALUES (?, ?)",
                    (UNIT_SEARCHED, searched),
                )
            self._conn.executemany(
                "INSERT OR REPLACE INTO units (unit, n) VALUES (?, ?)",
                [(UNIT_RULES_VERSION, RULES_VERSION), (UNIT_UNITS_VERSION, UNITS_VERSION)],
            )

    def term_array(self) -> npt.NDArray[np.object_]:
        """Every term by its number ("" for none): what a build making tantivy's units from
        the rows reads (`_stored_lines`)."""
        terms = np.full(self.vocab.size(), "", dtype=object)
        with self._reading() as conn:
            for number, term in conn.execute("SELECT id, term FROM terms"):
                terms[number] = term
        return terms

    def stored_rows(self) -> Iterator[tuple[int, str, str, str, bytes]]:
        """Every row as (dnum, doc_id, kind, data, packed ids), by number, READ_ROWS at a
        time."""
        sql = "SELECT dnum, doc_id, kind, data, ids FROM docs WHERE dnum > ? ORDER BY dnum LIMIT ?"
        after = 0
        while True:
            with self._reading() as conn:
                batch = conn.execute(sql, (after, READ_ROWS)).fetchall()
            yield from batch
            if len(batch) < READ_ROWS:
                return
            after = batch[-1][0]

    def forget(self) -> None:
        """Drop the decoded rows and texts kept (the store changed)."""
        with self._cache_lock:
            self._forgotten += 1
            self.vocab.forget_absent()
            self._rows.clear()
            self._dnums.clear()
            self._texts.clear()

    @contextlib.contextmanager
    def _reading(self) -> Iterator[sqlite3.Connection]:
        """A connection to read with: this thread's own, or inside this thread's write (and
        in memory, where there is one database to a connection) the writing one."""
        if self._path is None or self._writer == threading.get_ident():
            with self._lock:
                yield self._conn
            return
        conn: _Reader | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(
                str(self._path),
                timeout=30,
                isolation_level=None,
                check_same_thread=False,
                factory=_Reader,
            )
            conn.execute("PRAGMA query_only=1")
            # A proposal looks up the counts of a few thousand terms and ~280 rows, scattered
            # through a store of 260 MB at 100,000 replies: SQLite's default 2 MB of pages
            # read most of them from the file again at each proposal.
            conn.execute(f"PRAGMA cache_size = -{READER_CACHE_KB}")
            with self._cache_lock:  # not the writing one's lock: that may be held long
                self._readers.add(conn)
            self._local.conn = conn
        yield conn

    def _keep(self, row: _Row) -> _Row:
        """Remember a decoded row (the cache lock held)."""
        self._rows[row.dnum] = row
        self._dnums[row.doc_id] = row.dnum
        if len(self._rows) > ROW_CACHE:
            _, old = self._rows.popitem(last=False)
            if self._dnums.get(old.doc_id) == old.dnum:
                del self._dnums[old.doc_id]
        return row

    def rows(self, dnums: Iterable[int]) -> dict[int, _Row]:
        return self.decode(self.fetch(dnums))

    def fetch(self, dnums: Iterable[int]) -> _Fetched:
        """The rows of `dnums`: those kept, and the others read but not decoded (`decode`).
        Reading lets the process's other threads run; decoding holds the GIL."""
        fetched = _Fetched({}, [], 0)
        wanted: list[int] = []
        with self._cache_lock:
            fetched.forgotten = self._forgotten
            for dnum in dict.fromkeys(dnums):
                kept = self._rows.get(dnum)
                if kept is None:
                    wanted.append(dnum)
                else:
                    self._rows.move_to_end(dnum)
                    fetched.kept[dnum] = kept
        if wanted:
            sql = "SELECT dnum, doc_id, kind, data, ids FROM docs WHERE dnum IN "
            with self._reading() as conn:
                fetched.read = _select_in(conn, sql, wanted)
        return fetched

    def fetch_more(self, fetched: _Fetched, dnums: Iterable[int | None]) -> None:
        """`fetch` these rows too, into `fetched` (those it holds not again)."""
        held = {row[0] for row in fetched.read}.union(fetched.kept)
        more = self.fetch(d for d in dnums if d is not None and d not in held)
        fetched.kept.update(more.kept)
        fetched.read.extend(more.read)
        # The earlier count: rows read across a change are used, not kept (see decode).
        fetched.forgotten = min(fetched.forgotten, more.forgotten)

    def decode(self, fetched: _Fetched, dnums: Iterable[int] | None = None) -> dict[int, _Row]:
        """The rows `fetch` found, by number, those it read decoded now (and kept); with
        `dnums`, those of them alone (decoded rows move to `fetched.kept`)."""
        if dnums is not None:
            wanted = set(dnums).difference(fetched.kept)
            now = [row for row in fetched.read if row[0] in wanted]
            fetched.read = [row for row in fetched.read if row[0] not in wanted]
            decoded = self.decode(_Fetched({}, now, fetched.forgotten))
            fetched.kept.update(decoded)
            return fetched.kept
        out = dict(fetched.kept)
        if not fetched.read:
            return out
        found = [self._row(*row) for row in fetched.read]
        with self._cache_lock:
            # Read before a change was forgotten: used this once, not kept.
            keep = fetched.forgotten == self._forgotten
            for row in found:
                out[row.dnum] = self._keep(row) if keep else row
        return out

    def row(self, doc_id: str) -> _Row | None:
        with self._cache_lock:
            forgotten = self._forgotten
            dnum = self._dnums.get(doc_id)
            kept = None if dnum is None else self._rows.get(dnum)
            if kept is not None:
                self._rows.move_to_end(kept.dnum)
                return kept
        with self._reading() as conn:
            found = conn.execute(
                "SELECT dnum, doc_id, kind, data, ids FROM docs WHERE doc_id = ?", (doc_id,)
            ).fetchone()
        if found is None:
            return None
        row = self._row(*found)
        with self._cache_lock:
            return self._keep(row) if forgotten == self._forgotten else row

    def kept_texts(self, doc_ids: Iterable[str]) -> dict[str, DocText]:
        """The shown texts kept of these documents (see `keep_texts`)."""
        out: dict[str, DocText] = {}
        with self._cache_lock:
            for doc_id in doc_ids:
                kept = self._texts.get(doc_id)
                if kept is not None:
                    self._texts.move_to_end(doc_id)
                    out[doc_id] = kept
        return out

    def keep_texts(self, shown: Iterable[DocText]) -> None:
        """Remember documents' shown texts, read from the archive, until the store changes."""
        with self._cache_lock:
            for one in shown:
                self._texts[one.doc_id] = one
            while len(self._texts) > TEXT_CACHE:
                self._texts.popitem(last=False)

    def close(self) -> None:
        with self._cache_lock:
            readers = list(self._readers)
            self._readers.clear()
        for conn in readers:
            conn.close()
        with self._lock:
            self._conn.close()


def _numbers(values: Sequence[int | float | bool | None]) -> list[int | None]:
    """Integer fast-field values as ints (None where a unit has none)."""
    return [None if v is None else int(v) for v in values]


class SearchIndex:
    """The candidate index of one archive. `path=None` keeps it in memory.

    Open it, `sync(archive)` (cheap when nothing changed), search through a `Searcher`, and
    `close()` it (or use it as a context manager) so the writer lock is released.
    """

    def __init__(self, path: Path | str | None, archive: Archive | None = None) -> None:
        self.path = None if path is None or str(path) == ":memory:" else Path(path).expanduser()
        # Where documents' texts are read (the index keeps none): this archive, or else the
        # one `sync` is first given.
        self.archive = archive
        self._schema = _schema()
        self._writer: Any = None
        self._id_set: set[str] | None = set()  # the ids indexed; None: not read yet (see _ids)
        self._count = 0  # how many, as the manifest's first line says
        self._generation: int | None = None  # the archive's change counter the ids match
        self._build = ""  # names this folder's build: another one swapped in means reopen
        self._touched: set[str] | None = set()  # ids the current write changes (None: all)
        self._counted = False  # the open-time count check has run (see _check_counts)
        self._df_cache: dict[str, int] = {}
        self.generation = 0  # grows with every change the searcher sees: caches key on it
        self._manifest_mtime = 0.0
        self._index = self._open()
        try:
            self._store = _Store(None if self.path is None else self.path / STORE)
        except sqlite3.Error as e:
            raise SearchIndexError(f"{self.path}: 无法打开检索索引：{e}") from e
        self._searcher = self._index.searcher()
        self._postings = self._new_postings()

    def _new_postings(self) -> Postings:
        """The documents' postings a weighted search walks, read from this store's rows."""
        store = self._store
        return Postings(
            None if self.path is None else self.path / POSTINGS_FILE,
            Source(
                store.identity,
                store.state,
                store.last_number,
                store.gone,
                store.distinct_rows,
                store.doc_counts,
            ),
        )

    def _open(self) -> tantivy.Index:
        if self.path is None:
            return tantivy.Index(self._schema)
        name = str(self.path)
        if self.path.exists() and not self.path.is_dir():
            raise SearchIndexError(f"{name}: 是文件，不是检索索引文件夹")
        settle_beside(self.path)
        manifest = self._read_manifest(ids=False)
        if self.path.is_dir() and (manifest is None or manifest.get("version") != INDEX_VERSION):
            # Another format (or a half-written folder): it is only a cache of the archive.
            shutil.rmtree(self.path, ignore_errors=True)
            manifest = None
        try:
            self.path.mkdir(parents=True, exist_ok=True)
            index = tantivy.Index(self._schema, path=name, reuse=True)
        except (OSError, ValueError) as e:
            reason = "磁盘已满，请腾出空间后再试" if _disk_full_text(e) else str(e)
            raise SearchIndexError(f"{name}: 无法打开检索索引：{reason}") from e
        if manifest is None:
            self._ids = set()
            self._build = _new_build()
            self._write_manifest()  # so that another process opening it does not start over
        else:
            self._take_head(manifest)
        return index

    # --- manifest ----------------------------------------------------------------------------

    def _manifest_file(self) -> Path | None:
        return None if self.path is None else self.path / MANIFEST

    @property
    def _ids(self) -> set[str]:
        """The ids indexed, read from the manifest when first needed: a CLI search whose
        archive did not change never reads the 100,000 lines."""
        if self._id_set is None:
            manifest = self._read_manifest(ids=True)
            if manifest is None or manifest.get("version") != INDEX_VERSION:
                raise SearchIndexError(f"{self.path}: 检索索引的清单文件无法读取，请重新打开")
            self._take_head(manifest)
            self._id_set = set(manifest.get("ids", []))
        return self._id_set

    @_ids.setter
    def _ids(self, ids: set[str]) -> None:
        self._id_set = ids

    def _take_head(self, manifest: dict[str, Any]) -> None:
        """The manifest's first line as this index's view; its ids are read when needed."""
        self._id_set = None
        self._count = int(manifest.get("count") or 0)
        generation = manifest.get("generation")
        self._generation = generation if isinstance(generation, int) else None
        self._build = str(manifest.get("build") or "")

    def _read_manifest(self, *, ids: bool = True) -> dict[str, Any] | None:
        """The manifest: a first line of JSON ({"version": ..., "count": ..., "generation":
        ...}), then one indexed id a line (read only when `ids`)."""
        file = self._manifest_file()
        if file is None or not file.is_file():
            return None
        try:
            mtime = file.stat().st_mtime
            with file.open(encoding="utf-8") as f:
                head = f.readline()
                rest = f.read() if ids else ""
            data = json.loads(head)
        except (OSError, ValueError):
            return None
        if not isinstance(data, dict):
            return None
        self._manifest_mtime = mtime
        data["ids"] = rest.split()
        return data

    def _write_manifest(self) -> None:
        file = self._manifest_file()
        if file is None:
            return
        tmp = file.with_name(file.name + ".tmp")
        ids = self._ids
        head = json.dumps(
            {
                "version": INDEX_VERSION,
                "count": len(ids),
                "generation": self._generation,
                "build": self._build,
            }
        )
        try:
            tmp.write_text(head + "\n" + "\n".join(ids), encoding="utf-8")
            os.replace(tmp, file)
        except OSError as e:  # a full disk: the old list stays, and the dirty mark with it
            tmp.unlink(missing_ok=True)
            raise SearchIndexError(f"{self.path}: {_write_problem(e)}") from e
        self._count = len(ids)
        self._manifest_mtime = file.stat().st_mtime

    def _reload_ids(self) -> None:
        """Pick up another process's changes to the manifest."""
        file = self._manifest_file()
        if file is None or not file.is_file():
            return
        if file.stat().st_mtime != self._manifest_mtime:
            manifest = self._read_manifest(ids=False)
            if manifest and manifest.get("version") == INDEX_VERSION:
                swapped = str(manifest.get("build") or "") != self._build
                self._take_head(manifest)
                if swapped:  # another replydraft's rebuild took this folder's place
                    self._reopen()
                self._refresh_searcher()

    def _reopen(self) -> None:
        """Open the folder's files again: the ones held are those of the build it replaced."""
        if self.path is None:
            return
        self._release_writer(wait=False)
        self._store.close()
        try:
            self._index = tantivy.Index(self._schema, path=str(self.path), reuse=True)
            self._store = _Store(self.path / STORE)
        except (OSError, ValueError, sqlite3.Error) as e:
            raise SearchIndexError(f"{self.path}: 无法打开检索索引：{e}") from e
        self._postings = self._new_postings()

    # --- writing -----------------------------------------------------------------------------

    def _get_writer(self, heap: int = WRITER_HEAP) -> Any:
        if self._writer is None:
            try:
                # One indexing thread, a bulk build's too: beside this process's thread and
                # the build's helper process on two cores, a second one only made more
                # segments to merge (6% more CPU at 10k, the 100k build slower).
                self._writer = self._index.writer(heap, 1)
            except ValueError as e:
                raise SearchIndexError(
                    f"{self.path or ':memory:'}: 另一个 replydraft 正在写入检索索引（{e}）"
                ) from e
        return self._writer

    # --- consistency ---------------------------------------------------------------------------
    #
    # A commit touches three things in turn: the postings (tantivy), the rows (SQLite), the id
    # list (manifest). A crash between them left postings the id list did not know, and the
    # next sync added those documents a second time. So a dirty mark naming the ids being
    # changed is written before the postings are committed and removed only after the id list
    # is: whoever next holds the writer and finds the mark knows its writer died mid-commit,
    # and removes every trace of those ids (the next sync adds them back from the archive).

    def _dirty_file(self) -> Path | None:
        return None if self.path is None else self.path / DIRTY

    def _mark_dirty(self, ids: set[str] | None) -> None:
        file = self._dirty_file()
        if file is not None:
            try:
                file.write_text(json.dumps(None if ids is None else sorted(ids)), encoding="utf-8")
            except OSError as e:  # raised before the commit: the commit is rolled back
                file.unlink(missing_ok=True)  # a half-written mark reads as "everything"
                raise SearchIndexError(f"{self.path}: {_write_problem(e)}") from e

    def _clear_dirty(self) -> None:
        file = self._dirty_file()
        if file is not None:
            file.unlink(missing_ok=True)

    def _read_dirty(self) -> tuple[bool, set[str] | None]:
        """(marked, ids): ids None when the mark says "everything" or cannot be read."""
        file = self._dirty_file()
        if file is None or not file.exists():
            return False, set()
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return True, None
        if isinstance(data, list) and all(isinstance(i, str) for i in data):
            return True, set(data)
        return True, None

    def heal(self) -> bool:
        """Repair what a writer that died mid-commit, or an older replydraft, left behind;
        True when something was repaired. Only under the writer lock: a mark held by a
        live writer is its commit under way, and left alone (SearchIndexError when busy)."""
        marked, _ = self._read_dirty()
        # Counting every unit (~10 ms at 100k, each CLI call) is for what a crash of an
        # older replydraft left: a manifest with the archive's change counter was written
        # by a sync of this one that ended well, and a commit cut short leaves its mark.
        counted = self._counted or self._generation is not None
        suspicious = marked or (not counted and self._counts_disagree())
        if not suspicious:
            self._counted = True
            return False
        self._get_writer()  # SearchIndexError while another writer works: asked again next sync
        self._counted = True
        self._reload_ids()
        marked, ids = self._read_dirty()  # the mark may have been cleared while we waited
        if marked and ids is not None:
            log.warning("%s: 检索索引上次写入中断，正在修复 %d 篇", self.path, len(ids))
            self._forget(ids)
            if not self._counts_disagree():
                return True
        elif not marked and not self._counts_disagree():
            self._release_writer(wait=False)
            return False
        log.warning("%s: 检索索引不一致，正在重建", self.path)
        self.clear()  # the next sync adds everything back from the archive
        return True

    def _forget(self, ids: set[str]) -> None:
        """Remove every posting and row of `ids`, whatever the id list says."""
        with self._writing() as writer:
            self._touched = set(ids)
            for doc_id in ids:
                writer.delete_documents_by_term("doc_id", doc_id)
                self._store.delete(doc_id)
                self._ids.discard(doc_id)

    def _units_agree(self) -> bool:
        """Whether the live paragraph units are as many as the store's rows make (in a
        copied index: whether its tantivy files are of its store's commit)."""
        return int(self._searcher.num_docs) == self._store.units(UNIT_SEARCHED)

    def _counts_disagree(self) -> bool:
        """True when the live paragraph units and those the store's rows make, or the
        stored rows and the id list, differ in number (e.g. every document indexed twice)."""
        if self.path is None:
            return False
        units = int(self._searcher.num_docs)
        return not (units == self._store.units(UNIT_SEARCHED) and self._store.count() == len(self))

    @contextlib.contextmanager
    def _writing(self, heap: int = WRITER_HEAP, *, keep: bool = False) -> Iterator[Any]:
        """A writer for one commit. Unless `keep`, it is let go afterwards, so that another
        replydraft (the GUI beside a CLI import) can write too."""
        writer = self._get_writer(heap)
        ids_before = set(self._ids)
        generation_before = self._generation
        self._generation = None  # the manifest claims no archive state while it changes
        self._touched = set()
        try:
            self._store.begin()
            yield writer
            self._mark_dirty(self._touched)
            writer.commit()
        except BaseException as e:
            with contextlib.suppress(Exception):
                writer.rollback()
            with contextlib.suppress(sqlite3.Error):
                self._store.rollback()
            # A search meanwhile (this connection) may have read the rows rolled back.
            self._postings.forget()
            self._ids = ids_before  # what the index holds, as the manifest still says
            self._generation = generation_before
            self._release_writer(wait=False)
            if isinstance(e, OSError | ValueError | sqlite3.Error) and not isinstance(
                e, SearchIndexError
            ):
                # A full disk, a read-only folder: tantivy says so in English, SQLite too.
                raise SearchIndexError(f"{self.path or ':memory:'}: {_write_problem(e)}") from e
            raise
        self._store.commit()
        self._write_manifest()
        self._clear_dirty()
        self._refresh_searcher()
        if not keep:  # a bulk build goes on, reading the terms it numbered
            self._store.vocab.trim()
            # Merges run after a commit; waiting for them only when segments pile up keeps
            # a single add fast and searches from slowing down after many single adds.
            self._release_writer(wait=self._searcher.num_segments > MAX_SEGMENTS)

    def _refresh_searcher(self) -> None:
        self._index.reload()
        self._searcher = self._index.searcher()
        self._df_cache.clear()
        self._store.forget()
        self.generation += 1

    def _units(self, doc: IndexDoc, dnum: int) -> Iterator[tantivy.Document]:
        return self._units_of(_Prepared.of(doc), dnum)

    def _units_of(self, doc: _Prepared, dnum: int) -> Iterator[tantivy.Document]:
        """A tantivy unit per non-empty paragraph of SEARCHED_ROLES (`_searched_units`
        counts them). A document has none of its own: its searches walk postings.py's
        arrays, and its unit (every token a second time) was a third of tantivy's work in a
        build."""
        lines, kind, doc_id, at = doc.lines, doc.kind, doc.doc_id, dnum << SEQ_BITS
        roles = doc.roles + [_BODY] * (len(lines) - len(doc.roles))
        for seq, (line, role) in enumerate(zip(lines, roles, strict=False)):
            if line and role in _SEARCHED:
                field = _PARA_FIELD.get((kind, role)) or _para_field(kind, role)
                unit = tantivy.Document(doc_id=doc_id, at=at | seq, role=role)
                unit.add_text(field, line)
                yield unit

    def add(self, doc: IndexDoc) -> None:
        """Index one document (replacing any earlier version of it) and commit."""
        self.add_many([doc])

    def add_record(self, record: Record, tokens: list[list[str]]) -> None:
        """Index one archived record with the tokens stored beside it, and commit."""
        self.add(doc_from_record(record, tokens))

    def add_many(
        self, docs: Iterable[IndexDoc], *, heap: int = WRITER_HEAP, keep: bool = False
    ) -> int:
        """Index documents in one commit; returns how many."""
        return self._add_prepared(map(_Prepared.of, docs), heap=heap, keep=keep)

    def _add_prepared(
        self,
        docs: Iterable[_Prepared],
        *,
        heap: int = WRITER_HEAP,
        keep: bool = False,
        kept: dict[str, _Kept] | None = None,
    ) -> int:
        """Store and index `docs` in one commit; returns how many. `kept` (`_Store.kept_rows`,
        taken from as used): rows whose terms stay, the data of each derived again; a
        document whose record changed since (another digest) is stored anew."""
        rows: list[tuple[int, str, str, str, int | None, bytes, TermIds]] = []
        updated: list[tuple[str, int]] = []
        searched = 0  # units the data updated makes more than before (see _Store.update_data)
        # The term numbers are packed here: a thread packing them meanwhile paid for itself
        # when one process did the whole build, not beside a helper process on two cores.
        with self._writing(heap, keep=keep) as writer:
            dnum = self._store.next_number()
            ranks = _Ranks()
            for doc in docs:
                self._touch(doc.doc_id)
                self._ids.add(doc.doc_id)
                row = kept.pop(doc.doc_id, None) if kept else None
                if (
                    row is not None
                    and row.digest == doc.digest
                    and _lengths(doc.data) == row.lengths
                ):
                    # The same tokens: only the data is new (numbering and counting them
                    # again was two fifths of a build from nothing). Its tantivy units, when
                    # copied, stay as they are unless its paragraphs' roles changed (each
                    # role has fields of its own).
                    updated.append((doc.data, row.dnum))
                    same_roles = row.roles == " ".join(doc.roles)
                    if not same_roles:
                        counts = list(map(int, row.lengths.split()))
                        searched += _searched_units(doc.roles, counts)
                        searched -= _searched_units(row.roles.split(), counts)
                    if not (row.units and same_roles):
                        if row.units:
                            writer.delete_documents_by_term("doc_id", doc.doc_id)
                        for unit in self._units_of(doc, row.dnum):
                            writer.add_document(unit)
                    continue
                # Always, even when the id list does not know it: postings of a commit the
                # id list missed must not stay beside the new ones.
                writer.delete_documents_by_term("doc_id", doc.doc_id)
                ids = self._store.encode(doc.all_tokens())
                packed = _pack(ids, ranks)
                rows.append((dnum, doc.doc_id, doc.kind, doc.data, doc.digest, packed, ids))
                for unit in self._units_of(doc, dnum):
                    writer.add_document(unit)
                dnum += 1
            self._store.put(rows)
            self._store.update_data(updated, searched)
        return len(rows) + len(updated)

    def _touch(self, doc_id: str) -> None:
        if self._touched is not None:
            self._touched.add(doc_id)

    def remove(self, doc_id: str) -> bool:
        """Drop a document and its paragraphs; False if it was not indexed."""
        return self.remove_many([doc_id]) > 0

    def remove_many(self, doc_ids: Iterable[str]) -> int:
        gone = [d for d in doc_ids if d in self._ids]
        if not gone:
            return 0
        with self._writing() as writer:
            for doc_id in gone:
                self._touch(doc_id)
                writer.delete_documents_by_term("doc_id", doc_id)
                self._store.delete(doc_id)
                self._ids.discard(doc_id)
        self._store.reclaim()
        return len(gone)

    def clear(self) -> None:
        with self._writing() as writer:
            self._touched = None
            writer.delete_all_documents()
            self._store.clear()
            self._ids.clear()
        self._store.reclaim()

    # --- keeping up with the archive -----------------------------------------------------------

    def sync(
        self,
        archive: Archive,
        *,
        tokenizer: Tokenizer | None = None,
        progress: Progress | None = None,
    ) -> SyncReport:
        """Bring the index up to date with the archive by comparing id sets.

        New records are read with the tokens stored at import (a record stored without tokens
        is tokenized now, with `tokenizer` or a new one); records gone from the archive are
        dropped. Cheap when nothing changed: one read of the archive's change counter, equal
        to the one the manifest recorded at the last sync.
        """
        if self.archive is None:
            self.archive = archive  # the archive the index mirrors shows its texts
        self._reload_ids()
        try:
            self.heal()
        except SearchIndexError as e:  # another replydraft is writing: it is not dead
            log.info("%s", e)
        # Read before the ids: a change made meanwhile moves the counter past the one
        # recorded below, and the next sync looks again.
        generation = archive.generation()
        if generation == self._generation:
            return SyncReport(added=0, removed=0)
        wanted = archive.id_set()
        missing = archive.in_import_order(wanted - self._ids)
        stale = list(self._ids - wanted)
        report = SyncReport(added=len(missing), removed=len(stale))
        try:
            if stale:
                self.remove_many(stale)
            if missing:
                self.reindex(archive, missing, tokenizer=tokenizer, progress=progress)
        except SearchIndexError as e:
            # Another replydraft is writing the index: search what is there; the next sync
            # catches up.
            log.warning("%s", e)
            report.busy = str(e)
            self._reload_ids()
            return report
        self._generation = generation
        try:
            self._write_manifest()
        except SearchIndexError as e:  # a read-only folder: the next sync compares ids again
            log.warning("%s", e)
        self._postings.refresh()  # the file written again now if the changes outgrew it
        return report

    def behind(self, archive: Archive) -> int:
        """How many records a sync would add or drop (0 at once when the archive's change
        counter is the one the index was synced at)."""
        self._reload_ids()
        if archive.generation() == self._generation:
            return 0
        return len(archive.id_set() ^ self._ids)

    def reindex(
        self,
        archive: Archive,
        ids: Sequence[str],
        *,
        tokenizer: Tokenizer | None = None,
        progress: Progress | None = None,
    ) -> int:
        """Index (again) these archived records, e.g. after a re-parse changed their fields."""
        heap = BULK_HEAP if len(ids) > 50 else WRITER_HEAP
        done = 0
        with self._store.bulk() if heap == BULK_HEAP else contextlib.nullcontext():
            if ids:
                done = self._index_archived(archive, ids, tokenizer, heap=heap, progress=progress)
        self._release_writer(wait=heap != WRITER_HEAP)  # a bulk build leaves merged segments
        self._store.vocab.trim()
        return done

    def _index_stored(
        self,
        digests: dict[str, int],
        *,
        total: int,
        progress: Progress | None = None,
        cancel: Callable[[], bool] | None = None,
    ) -> set[str]:
        """In a store copied from another index (`build_beside`): the rows of records whose
        digest is not the archive's (`digests`) removed, the others given their tantivy
        units, made from their stored tokens and roles (no record read, no term numbered);
        returns the ids indexed. Progress counts them out of `total`."""
        store = self._store
        self._drop_stale(digests)
        terms = store.term_array()
        rows = store.stored_rows()
        done: set[str] = set()
        more = True
        while more:
            more = False
            with self._writing(BULK_HEAP, keep=True) as writer:
                for count, (dnum, doc_id, kind, data, packed) in enumerate(rows, 1):
                    row = DocUnit(doc_id, kind, packed, data, store.vocab)
                    doc = _Prepared(doc_id, kind, data, _stored_lines(row, terms), row.roles)
                    for unit in self._units_of(doc, dnum):
                        writer.add_document(unit)
                    self._touch(doc_id)
                    self._ids.add(doc_id)
                    done.add(doc_id)
                    if len(done) % HELPER_BATCH == 0:
                        if cancel is not None and cancel():
                            raise Cancelled(f"{self.path}: 检索索引重建已取消")
                        if progress is not None:
                            progress(len(done), total)
                    if count == BULK_BATCH:  # the next rows in a commit of their own
                        more = True
                        break
        if progress is not None and len(done) % HELPER_BATCH:  # the last batch, not full
            progress(len(done), total)
        return done

    def _drop_stale(self, digests: dict[str, int]) -> set[str]:
        """In a store copied from another index: the rows of records whose digest is not
        the archive's (`digests`: changed or deleted since) removed; the ids of the others."""
        kept, stale = set(), []
        for doc_id, digest in self._store.doc_digests():
            if digest is not None and digests.get(doc_id) == digest:
                kept.add(doc_id)
            else:
                stale.append(doc_id)
        self._drop(stale)
        return kept

    def _drop(self, doc_ids: Sequence[str]) -> None:
        """The rows and units of `doc_ids` removed, in one commit."""
        if doc_ids:
            with self._writing(BULK_HEAP, keep=True) as writer:
                for doc_id in doc_ids:
                    self._touch(doc_id)
                    writer.delete_documents_by_term("doc_id", doc_id)
                    self._store.delete(doc_id)

    def _index_archived(
        self,
        archive: Archive,
        ids: Sequence[str],
        tokenizer: Tokenizer | None,
        *,
        heap: int,
        progress: Progress | None = None,
        cancel: Callable[[], bool] | None = None,
        helper: bool | None = None,
        kept: dict[str, _Kept] | None = None,
        batches: _Batches | None = None,
        commit: int = BULK_BATCH,
    ) -> int:
        """Index the archived records of `ids` in commits of `commit`, read in a helper
        process when there are many (`_prepared_batches`, unless `batches` of `ids` are
        given; closed at the end); returns how many. Between two batches of records
        `progress` is called, and `Cancelled` raised (the commit under way rolled back)
        when `cancel()` turned True. `kept`: see `_add_prepared`."""
        if batches is None:
            batches = _prepared_batches(archive, ids, tokenizer, helper=helper)
        size = HELPER_BATCH
        sizes = deque(min(size, len(ids) - start) for start in range(0, len(ids), size))
        covered = 0

        def documents() -> Iterator[_Prepared]:
            """A commit's documents, batch by batch."""
            nonlocal covered
            for _ in range(max(1, commit // size)):
                if not sizes:
                    return
                if cancel is not None and cancel():
                    raise Cancelled(f"{self.path}: 检索索引重建已取消")
                yield from next(batches)
                covered += sizes.popleft()
                if progress is not None:
                    progress(covered, len(ids))

        done = 0
        with contextlib.closing(batches):
            while True:  # at least one commit, empty for no ids (a build of an empty archive)
                done += self._add_prepared(documents(), heap=heap, keep=True, kept=kept)
                if not sizes:
                    return done

    # --- reading -----------------------------------------------------------------------------

    def ids(self) -> set[str]:
        return set(self._ids)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._ids

    def __len__(self) -> int:
        return self._count if self._id_set is None else len(self._id_set)

    @property
    def terms(self) -> Terms:
        """Term number -> term, for every term stored (number 0 is none)."""
        return self._store.vocab

    def term_count(self) -> int:
        """How many terms the index has numbered."""
        with self._store._lock:
            return int(self._store._conn.execute("SELECT count(*) FROM terms").fetchone()[0])

    def all_terms(self) -> list[str]:
        """Every term stored, by number ("" for number 0): all of it read, for checks only."""
        with self._store._lock:
            rows = self._store._conn.execute("SELECT term FROM terms ORDER BY id").fetchall()
        return ["", *(term for (term,) in rows)]

    def term_ids(self, tokens: Sequence[str]) -> npt.NDArray[np.int64]:
        """The term numbers of `tokens`; a term the index has never stored gets a negative
        number of its own (-1, -2, ...), so that it still counts in the query it stands in."""
        numbers = self._store.vocab.ids_of(tokens)
        if None in numbers:
            unknown: dict[str, int] = {}
            for i, number in enumerate(numbers):
                if number is None:
                    numbers[i] = unknown.setdefault(tokens[i], -1 - len(unknown))
        return np.array(numbers, dtype=np.int64)

    def doc_count(self) -> int:
        """Documents in the index (what document idf is computed over)."""
        return max(1, len(self))

    def unit_count(self, unit: str = UNIT_DOC) -> int:
        """Document (UNIT_DOC) or paragraph (UNIT_PARA) units: counted in the store beside
        the words' counts (`doc_freqs`), so that idf's two figures agree."""
        key = "\0" + unit  # no term starts with NUL
        n = self._df_cache.get(key)
        if n is None:
            n = self._df_cache[key] = self._store.units(unit)
        return max(1, n)

    def doc_freqs(self, terms: Iterable[str], unit: str = UNIT_DOC) -> dict[str, int]:
        """How many documents (or paragraphs) hold each term: the counts the store keeps
        beside each term (exact: a removed document no longer counts), read in one query
        for the terms not asked before. Asking tantivy cost four calls a term (one a body
        field), 250-425 ms of a cold CLI query at 100,000 replies."""
        terms = list(terms)
        cache = self._df_cache
        missing = [t for t in dict.fromkeys(terms) if unit + t not in cache]
        if missing:
            if len(cache) > 400_000:
                cache.clear()
            for term, df in self._store.unit_counts(missing, unit).items():
                cache[unit + term] = df
        return {term: cache[unit + term] for term in terms}

    def unit_freqs(self, ids: Sequence[int]) -> tuple[list[int], list[int]]:
        """`doc_freqs` of terms by number over documents and over paragraphs (0 for a number
        no term has)."""
        found = self._store.counts_of(ids)
        none = (0, 0)
        return [found.get(n, none)[0] for n in ids], [found.get(n, none)[1] for n in ids]

    def _query(
        self,
        bodies: Sequence[str],
        terms: Sequence[str],
        exclude: Iterable[str],
        within: Iterable[str] | None = None,
        roles: Iterable[str] | None = None,
    ) -> tantivy.Query:
        """BM25 over `bodies` (a weighted search walks postings.py's arrays instead)."""
        schema = self._schema
        Q = tantivy.Query
        should = [
            (tantivy.Occur.Should, Q.term_query(schema, body, t)) for body in bodies for t in terms
        ]
        exclude = list(exclude)
        if not exclude and within is None and roles is None:
            # A plain OR of term queries: tantivy skips blocks that cannot reach the top.
            return Q.boolean_query(should)
        clauses: list[tuple[tantivy.Occur, tantivy.Query]] = [
            (tantivy.Occur.Must, Q.boolean_query(should))
        ]
        for doc_id in exclude:
            clauses.append(
                (tantivy.Occur.MustNot, tantivy.Query.term_query(schema, "doc_id", doc_id))
            )
        if within is not None:  # only these documents (a filter, adding nothing to the score)
            allowed = [
                (tantivy.Occur.Should, Q.term_query(schema, "doc_id", doc_id)) for doc_id in within
            ]
            clauses.append((tantivy.Occur.Must, Q.const_score_query(Q.boolean_query(allowed), 0.0)))
        if roles is not None:  # only paragraphs of these roles (a filter)
            wanted = [(tantivy.Occur.Should, Q.term_query(schema, "role", r)) for r in roles]
            clauses.append((tantivy.Occur.Must, Q.const_score_query(Q.boolean_query(wanted), 0.0)))
        return tantivy.Query.boolean_query(clauses)

    def search_docs(
        self,
        terms: Sequence[str],
        *,
        limit: int = 50,
        kind: str | None = None,
        exclude: Iterable[str] = (),
        weights: Sequence[float] | None = None,
        within: Iterable[str] | None = None,
    ) -> list[DocUnit]:
        """Documents holding any of `terms`, best first: by the sum of `weights` (one per
        term) of the terms each holds; without, of their idf (BM25's, with k1 = 0: the
        postings hold which documents hold a term, not how often)."""
        if not terms:
            return []
        if weights is None:
            weights = self._idf(terms)
        return self._weighted_docs(terms, weights, limit, kind, exclude, within)

    def _idf(self, terms: Sequence[str]) -> list[float]:
        """BM25's idf of each of `terms` over the documents (0 for a term not stored)."""
        numbers = self._store.vocab.ids_of(terms)
        counts = self._store.counts_of([n for n in numbers if n is not None])
        total = self._store.units(UNIT_DOC)
        out = []
        for n in numbers:
            held = counts[n][0] if n is not None and n in counts else 0
            out.append(math.log1p((total - held + 0.5) / (held + 0.5)) if held else 0.0)
        return out

    def _weighted_docs(
        self,
        terms: Sequence[str],
        weights: Sequence[float],
        limit: int,
        kind: str | None,
        exclude: Iterable[str],
        within: Iterable[str] | None,
    ) -> list[DocUnit]:
        """The `limit` documents with the largest sums of the weights of the terms they
        hold, from the numpy postings (postings.py): tantivy walks a const-score OR posting
        by posting, 3.1 ms of a 5 ms search at 100,000 replies. Ties go by number (the
        document indexed first)."""
        ids = self._store.vocab.ids_of(terms)
        store = self._store
        excluded = store.dnums_of(exclude) if exclude else []
        allowed = None if within is None else store.dnums_of(within)
        # Rows removed meanwhile (by another process, or lost in a crash: see _Store) are
        # replaced by the next documents: four times as many asked for each round.
        asked = limit
        units: list[DocUnit] = []
        for _ in range(4):
            best = self._postings.top_docs(
                [-1 if n is None else n for n in ids],
                weights,
                asked,
                kind=kind,
                exclude=excluded,
                within=allowed,
            )
            rows = store.rows(d for d, _ in best)
            units = [rows[d].unit.scored(weight) for d, weight in best if d in rows]
            if len(units) >= limit or len(best) < asked:
                break
            asked *= 4
        return units[:limit]

    def _hits(
        self, query: tantivy.Query, limit: int
    ) -> Iterator[tuple[list[tuple[Any, Any]], list[int | None], list[int | None], int]]:
        """Hits with their dnum and seq (and how many were asked for), first `limit`, then (while the caller finds hits
        whose rows are gone, and asks again) four times as many each round: a discarded
        candidate is replaced by the next one, never leaving a short or empty result."""
        searcher = self._searcher
        asked = limit
        for _ in range(4):
            hits = searcher.search(query, asked, count=False).hits
            at = _numbers(searcher.fast_field_values("at", [addr for _, addr in hits]))
            mask = (1 << SEQ_BITS) - 1
            yield (
                hits,
                [None if v is None else v >> SEQ_BITS for v in at],
                [None if v is None else v & mask for v in at],
                asked,
            )
            asked *= 4

    def search_paragraphs(
        self,
        terms: Sequence[str],
        *,
        limit: int = 100,
        kind: str | None = None,
        exclude: Iterable[str] = (),
        within: Iterable[str] | None = None,
        complete: bool = True,
        roles: Iterable[str] | None = None,
    ) -> list[ParaUnit]:
        """Paragraphs holding any of `terms`, best BM25 first (of documents `within`, and of
        the `roles`, if given).

        Unless `complete`, only their ids, kinds and tokens are read (what re-ranking needs):
        `complete_units` reads the rest for the few that are shown.
        """
        if not terms:
            return []
        within = None if within is None else list(dict.fromkeys(within))
        if within is not None and len(within) <= LOCAL_WITHIN:
            units = self._paragraphs_within(terms, limit, kind, exclude, within, roles)
        else:
            units = self._walk_paragraphs(terms, limit, kind, exclude, within, roles)()
        if complete:
            self.complete_units(units)
        return units

    def recall_paragraphs(
        self,
        terms: Sequence[str],
        *,
        limit: int = 100,
        kind: str | None = None,
        exclude: Iterable[str] = (),
        within: Iterable[str] | None = None,
        roles: Iterable[str] | None = None,
    ) -> Recalled:
        """`search_paragraphs` (not complete) for a helper thread: the postings walk and the
        read of the rows now (both let the process's other threads run), the rows decoded
        into units when the function returned is called, on the thread that uses them, as
        far as it asks (`Recalled`).

        Decoding holds the GIL: done on the helper, it held up the main thread (at 100,000
        replies the main thread waited 4-5 ms a proposal for the pool's helper).
        """
        found: list[ParaUnit] = []
        within = None if within is None else list(dict.fromkeys(within))
        if terms and within is not None and len(within) <= LOCAL_WITHIN:
            found = self._paragraphs_within(terms, limit, kind, exclude, within, roles)
        elif terms:
            return self._walk_paragraphs(terms, limit, kind, exclude, within, roles)

        def first(count: int = limit) -> list[ParaUnit]:
            return found[:count]

        return first

    def _paragraphs_within(
        self,
        terms: Sequence[str],
        limit: int,
        kind: str | None,
        exclude: Iterable[str],
        within: list[str],
        roles: Iterable[str] | None,
    ) -> list[ParaUnit]:
        """Paragraphs of a few documents holding any of `terms`, those holding most first: read
        from the documents' rows, which a search has mostly just read (no postings walked)."""
        excluded = set(exclude)
        # What tantivy's units hold, as a search through them finds (see _units_of).
        wanted = _SEARCHED if roles is None else _SEARCHED & frozenset(roles)
        query = self.term_ids(terms)
        found: list[tuple[int, int, ParaUnit]] = []
        for order, doc_id in enumerate(within):
            doc = None if doc_id in excluded else self.get_doc(doc_id)
            if doc is None or (kind is not None and doc.kind != kind):
                continue
            # Query tokens each paragraph holds: a running count read at the paragraphs' ends.
            running = np.concatenate(([0], np.cumsum(doc.tokens_holding(query))))
            # The document's term numbers, once: most of its paragraphs are compared, and a
            # proposal's suggestions each look through the same few documents.
            _ = doc.ids
            ends = np.array(doc.starts)
            counts = (running[ends[1:]] - running[ends[:-1]]).tolist()
            for seq, n in enumerate(doc.lengths):
                if not n or not counts[seq] or doc.role(seq) not in wanted:
                    continue
                unit = ParaUnit(
                    doc_id=doc.doc_id, seq=seq, text="", doc=doc, section="", kind=doc.kind,
                    title="", bureau="", date="", bm25=float(counts[seq]), complete=False,
                )  # fmt: skip
                found.append((-int(counts[seq]), order, unit))
        found.sort(key=lambda f: (f[0], f[1], f[2].seq))
        return [unit for _, _, unit in found[:limit]]

    def _walk_paragraphs(
        self,
        terms: Sequence[str],
        limit: int,
        kind: str | None,
        exclude: Iterable[str],
        within: list[str] | None,
        roles: Iterable[str] | None,
    ) -> Recalled:
        """Paragraphs holding any of `terms`, best BM25 first, from the postings, in two
        steps: the postings walk and the read of its rows now, the units made when the
        function returned is called, as far as it asks (walking further if rows were lost):
        a proposal's suggestions look through ~90 of the 240 paragraphs pooled for them, and
        decoding the rest took ~1 ms a proposal at 100,000 replies."""
        fields, by_role = _para_fields(kind, roles)
        query = self._query(
            fields,
            terms,
            exclude,
            within=within,
            roles=roles if by_role else None,
        )
        rounds = self._hits(query, limit)
        walked = next(rounds)
        # The rows of the first READ_AHEAD hits are read now (on the walking thread), the
        # others when asked: a proposal's pool is looked through to ~90 of its 240.
        fetched = self._store.fetch(d for d in walked[1][:READ_AHEAD] if d is not None)
        read_to = READ_AHEAD  # hits of the round `walked` whose rows are read

        made: list[ParaUnit] = []
        done = 0  # hits of the round `walked` made into units (or lost)

        def units(count: int = limit) -> list[ParaUnit]:
            nonlocal walked, fetched, done, read_to
            count = min(count, limit)
            while len(made) < count:
                hits, dnums, _, asked = walked
                if done < len(hits):  # the next hits, as many as may be missing
                    end = min(len(hits), done + count - len(made))
                    if end > read_to:
                        self._store.fetch_more(fetched, dnums[read_to:end])
                        read_to = end
                    part = (hits[done:end], dnums[done:end], walked[2][done:end], asked)
                    taking = (d for d in part[1] if d is not None)
                    made.extend(self._para_units(part, self._store.decode(fetched, taking)))
                    done = end
                    continue
                if len(hits) < asked:  # no more to ask for
                    break
                further = next(rounds, None)
                if further is None:
                    break
                # Rows were lost: the next round's hits begin with this one's, made again.
                walked, done, read_to = further, 0, len(further[1])
                made.clear()
                fetched = self._store.fetch(d for d in walked[1] if d is not None)
            return made[:count]

        return units

    @staticmethod
    def _para_units(
        walked: tuple[list[tuple[Any, Any]], list[int | None], list[int | None], int],
        rows: dict[int, _Row],
    ) -> list[ParaUnit]:
        """The paragraph units of a round of hits (`_hits`), not complete."""
        hits, dnums, seqs, _ = walked
        units: list[ParaUnit] = []
        for (score, _), d, seq in zip(hits, dnums, seqs, strict=True):
            row = None if d is None or seq is None else rows.get(d)
            if row is None or seq is None:
                continue  # postings whose row was lost (see _Store)
            units.append(
                ParaUnit(
                    doc_id=row.doc_id,
                    seq=seq,
                    text="",
                    doc=row.unit,
                    section="",
                    kind=row.kind,
                    title="",
                    bureau="",
                    date="",
                    bm25=float(score),
                    complete=False,
                )
            )
        return units

    def complete_units(self, units: Iterable[ParaUnit]) -> None:
        """Fill in the texts, sections and document metadata of paragraph units (in place)."""
        units = [u for u in units if not u.complete]
        texts = self.doc_texts(u.doc_id for u in units)
        for unit in units:
            shown = texts.get(unit.doc_id)
            if shown is not None and unit.seq < len(shown.texts):
                unit.text = shown.texts[unit.seq]
                unit.section = shown.sections[unit.seq]
                unit.title, unit.bureau, unit.date = shown.title, shown.bureau, shown.date
            unit.complete = True

    def get_doc(self, doc_id: str) -> DocUnit | None:
        row = self._store.row(doc_id)
        return None if row is None else row.unit

    def doc_text(self, doc_id: str) -> DocText | None:
        """The texts, sections and metadata of a document; None when it is not indexed."""
        return self.doc_texts([doc_id]).get(doc_id)

    def doc_texts(self, doc_ids: Iterable[str]) -> dict[str, DocText]:
        """`doc_text` of each of these documents that is indexed.

        The texts are the archive's (the index keeps none: they took a third of it), read
        in one call for those not kept from an earlier ask (their paragraphs alone), with
        the section headings worked out at indexing (`sections_of`), kept in the row. A
        document the archive no longer holds (or an index without an archive) shows its
        title and empty paragraphs until the next sync, and so does every document while the
        archive cannot be read (a server out of reach): the search still answers.
        """
        wanted = list(dict.fromkeys(doc_ids))
        out = self._store.kept_texts(wanted)
        rows: dict[str, _Row] = {}
        for doc_id in wanted:
            row = None if doc_id in out else self._store.row(doc_id)
            if row is not None:
                rows[doc_id] = row
        paragraphs: dict[str, list[str]] = {}
        read = True
        if rows and self.archive is not None:
            try:
                paragraphs = self.archive.paragraphs_many(list(rows))
            except ArchiveError as e:  # a server out of reach: titles now, texts when it is back
                log.warning("%s", e)
                read = False
        shown: list[DocText] = []
        for doc_id, row in rows.items():
            stored = paragraphs.get(doc_id)
            count = len(row.lengths)
            if stored is not None and len(stored) == count:
                texts = [_one_line(p) for p in stored]
                sections = _sections(row.meta.get("h", []), stored)
            else:  # changed or gone since it was indexed: the next sync indexes it again
                texts, sections = [""] * count, [""] * count
            meta = row.meta
            shown.append(
                DocText(
                    doc_id=doc_id,
                    kind=row.kind,
                    title=meta.get("t", ""),
                    bureau=meta.get("b", ""),
                    date=meta.get("d", ""),
                    texts=texts,
                    sections=sections,
                )
            )
        if read:
            self._store.keep_texts(shown)
        out.update((one.doc_id, one) for one in shown)
        return {d: out[d] for d in wanted if d in out}

    def some_paragraphs(self, doc_id: str, seqs: Iterable[int]) -> list[ParaUnit]:
        """Paragraphs `seqs` of a document (those indexed: with tokens), in order."""
        wanted = set(seqs)
        return [u for u in self.paragraphs_of(doc_id) if u.seq in wanted]

    def paragraphs_of(self, doc_id: str) -> list[ParaUnit]:
        """The indexed (non-empty) paragraphs of a document, in order."""
        doc = self.get_doc(doc_id)
        shown = self.doc_text(doc_id) if doc is not None else None
        if doc is None or shown is None:
            return []
        return [
            ParaUnit(
                doc_id=doc_id,
                seq=seq,
                text=shown.texts[seq] if seq < len(shown.texts) else "",
                doc=doc,
                section=shown.sections[seq] if seq < len(shown.sections) else "",
                kind=doc.kind,
                title=doc.title,
                bureau=doc.bureau,
                date=doc.date,
            )
            for seq, n in enumerate(doc.lengths)
            if n
        ]

    # --- closing -----------------------------------------------------------------------------

    def _release_writer(self, *, wait: bool = True) -> None:
        """Let the writer (and its lock) go, after its merges finish when `wait`."""
        writer, self._writer = self._writer, None
        if writer is not None and wait:
            with contextlib.suppress(Exception):
                writer.wait_merging_threads()
        del writer  # dropping a tantivy writer abandons unfinished merges and unlocks

    def close(self) -> None:
        self._release_writer()
        self._store.close()

    def __enter__(self) -> SearchIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def disk_size(self) -> int:
        """Bytes the index folder takes (0 in memory)."""
        if self.path is None or not self.path.is_dir():
            return 0
        return sum(f.stat().st_size for f in self.path.rglob("*") if f.is_file())


@dataclass
class SyncReport:
    added: int = 0
    removed: int = 0
    busy: str = ""  # why the index could not be written now ("" when it was)

    @property
    def changed(self) -> bool:
        return bool(self.added or self.removed)


# --- rebuilding beside ----------------------------------------------------------------------
#
# A whole build (an update changed the format, a big archive opened for the first time, a big
# import) goes into a sibling folder (`<index>.next`) while the index in place keeps
# answering; the sibling then takes its place in two renames. The sibling's manifest records
# the archive's change counter only once the build is complete, so a crash leaves either a
# half-built sibling (thrown away at the next open) or a finished one not yet in place (put
# in place at the next open).

NEXT = ".next"
OLD = ".old"
PART = ".part"  # the suffix of a sibling being copied (see _copy_beside)
PART_LEFT_S = 3600  # a sibling's copy this long untouched was left by a crash
REBUILD_FROM = 2_000  # records missing from the index past which the window rebuilds beside


def next_path(path: Path) -> Path:
    """The sibling folder a whole build goes into."""
    return path.with_name(path.name + NEXT)


def _head(path: Path) -> dict[str, Any] | None:
    try:
        with (path / MANIFEST).open(encoding="utf-8") as f:
            data = json.loads(f.readline())
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def index_usable(path: Path) -> bool:
    """True when `path` holds an index of this format: it answers searches as it is."""
    head = _head(path)
    return head is not None and head.get("version") == INDEX_VERSION


def _complete(path: Path) -> bool:
    head = _head(path)
    return (
        head is not None
        and head.get("version") == INDEX_VERSION
        and isinstance(head.get("generation"), int)
    )


def _being_built(path: Path) -> bool:
    """True while a replydraft (this one or another) holds the sibling's writer."""
    with _writer_lock(path) as held:
        return held is False


@contextlib.contextmanager
def _writer_lock(path: Path) -> Iterator[bool | None]:
    """Hold the writer's lock of the tantivy index at `path`: True; False when another
    writer holds it; None when it cannot be opened (none there, another schema)."""
    try:
        index = tantivy.Index(_schema(), path=str(path), reuse=True)
        writer = index.writer(15_000_000, 1)
    except ValueError as e:
        yield False if "lock" in str(e).lower() else None
        return
    except OSError:
        yield None
        return
    try:
        yield True
    finally:
        del writer, index  # unlocks


def settle_beside(path: Path) -> None:
    """Finish what a crash (or a folder in use) left: a complete sibling takes the place of
    `path`; a half-built one nobody is building is thrown away, as is a copy for one left
    for an hour; a replaced one is removed."""
    nxt, old = next_path(path), path.with_name(path.name + OLD)
    part = nxt.with_name(nxt.name + PART)
    with contextlib.suppress(OSError):  # a copy a crash left (one under way is newer)
        if part.is_dir() and time.time() - part.stat().st_mtime > PART_LEFT_S:
            shutil.rmtree(part, ignore_errors=True)
    if nxt.is_dir():
        if _complete(nxt):
            with contextlib.suppress(SearchIndexError):  # in use elsewhere: next time
                swap_in(path)
        elif not _being_built(nxt):
            shutil.rmtree(nxt, ignore_errors=True)
    if old.exists():
        shutil.rmtree(old, ignore_errors=True)


def build_beside(
    path: Path,
    archive: Archive,
    *,
    tokenizer: Tokenizer | None = None,
    progress: Progress | None = None,
    cancel: Callable[[], bool] | None = None,
    helper: bool | None = None,
    reuse: bool = True,
    rederive: bool = False,
    copy_units: bool = True,
) -> Path:
    """Index every record of `archive` in the sibling of `path`, which keeps answering
    meanwhile; returns the sibling, complete (`swap_in` puts it in place). SearchIndexError
    when another replydraft is building it; `Cancelled` (a half-built sibling, thrown away
    at the next open) when `cancel()` turned True between batches. `helper`: whether the
    records are read in a helper process (None: when there are many, see
    `_prepared_batches`).

    With `reuse`, when the store at `path` holds most records as this code lays them out
    (`_reusable`), the sibling starts from a copy of the index: its rows keep their terms
    and counts, and tantivy's units are copied too when made as this code makes them
    (UNITS_VERSION; not with `copy_units` False), else made again from the rows
    (`_index_stored`). When other rules derived the rows' data (RULES_VERSION), or
    `rederive` asks, every record is read and derived again as in a build from nothing, but
    the rows kept are not numbered, packed or counted again, and their copied units are
    made again only where roles changed. Records changed or added since are read and
    derived as in a build from nothing. A copy that fails (a damaged store: SQLite copies
    its pages as they are) is given up for a build from nothing."""
    nxt = next_path(path)
    found = _reusable(path / STORE, archive, rederive=rederive, units=copy_units) if reuse else None
    if found is not None:
        try:
            return _build_beside(path, archive, found, tokenizer, progress, cancel, helper)
        except (SearchIndexError, sqlite3.Error) as e:
            if isinstance(e, Cancelled) or (nxt.is_dir() and _being_built(nxt)):
                raise  # cancelled, or another replydraft's build
            log.warning("%s: 沿用检索索引的已存数据失败（%s），改为完整重建", path, e)
    return _build_beside(path, archive, None, tokenizer, progress, cancel, helper)


def _build_beside(
    path: Path,
    archive: Archive,
    reuse: _Reuse | None,
    tokenizer: Tokenizer | None,
    progress: Progress | None,
    cancel: Callable[[], bool] | None,
    helper: bool | None,
) -> Path:
    """`build_beside`, from a copy of the index at `path` when `reuse` says so."""
    nxt = next_path(path)
    if nxt.exists():
        if _being_built(nxt):
            raise SearchIndexError(f"{path}: 另一个 replydraft 正在重建检索索引，请稍后再试")
        shutil.rmtree(nxt, ignore_errors=True)
    # Read before the ids: what changes during the build moves the counter past this one,
    # and the first sync after the swap catches up.
    generation = archive.generation()
    ids = archive.ids()
    with contextlib.ExitStack() as stack:
        batches = None
        if reuse is None or reuse.rederive:
            # Every record is read: the helpers start now, beside the copy, as many batches
            # ahead as they read meanwhile. Deriving data again for rows kept, this thread
            # has little to do (no numbering, no packing): the reading and deriving, the bulk
            # of the work, gets two of them.
            batches = _prepared_batches(
                archive,
                ids,
                tokenizer,
                helper=helper,
                helpers=1 if reuse is None else HELPERS_DERIVING,
                ahead=HELPER_AHEAD if reuse is None else HELPER_AHEAD_COPYING,
            )
            stack.callback(batches.close)
        units = reuse is not None and _copy_beside(path, nxt, units=reuse.units)
        index = stack.enter_context(SearchIndex(nxt, archive))
        index._get_writer(BULK_HEAP)  # held from the start: the folder is being built
        done: set[str] = set()
        kept: dict[str, _Kept] | None = None
        if units and not index._units_agree():
            log.warning("%s: 复制的检索单元与其数据不一致，改为重新生成", path)
            with index._writing(BULK_HEAP, keep=True) as writer:
                writer.delete_all_documents()
            units = False
        if reuse is not None and reuse.rederive:
            index._drop_stale(reuse.digests)
            kept = index._store.kept_rows(units=units)
            if units and batches is not None and _roles_changed(batches.peek(), kept) > REUNIT_FROM:
                # New roles for many documents: their units deleted and added again would
                # leave the copied segments as many deleted units (tantivy counts them in
                # its statistics until segments merge), and took longer than making them all.
                with index._writing(BULK_HEAP, keep=True) as writer:
                    writer.delete_all_documents()  # drops the segments themselves
                kept = {doc_id: row._replace(units=False) for doc_id, row in kept.items()}
                units = False
            log.info("%s: 检索索引重建沿用了 %d 条记录的词项，重新推导其数据", path, len(kept))
        elif reuse is not None:
            if units:
                done = index._drop_stale(reuse.digests)
                index._ids.update(done)
                if progress is not None:
                    progress(len(done), len(ids))
            else:
                done = index._index_stored(
                    reuse.digests, total=len(ids), progress=progress, cancel=cancel
                )
            log.info("%s: 检索索引重建沿用了 %d 条记录的已存数据", path, len(done))

        def on(covered: int, _: int) -> None:
            if progress is not None:
                progress(len(done) + covered, len(ids))

        with index._store.bulk(fresh=True):
            index._index_archived(
                archive,
                [doc_id for doc_id in ids if doc_id not in done],
                tokenizer,
                heap=BULK_HEAP,
                progress=on,
                cancel=cancel,
                helper=helper,
                kept=kept,
                batches=batches,
                commit=BULK_BATCH if kept is None else DERIVE_BATCH,
            )
        if kept is not None:
            index._drop(list(kept))  # records deleted while the build ran
        if reuse is not None:
            with index._writing(BULK_HEAP, keep=True):
                index._store.mark_versions()
        index._release_writer(wait=True)
        index._store.vocab.trim()
        index._postings.refresh()  # written once, at the end
        index._generation = generation  # complete: from now on it may take the place
        index._write_manifest()
    return nxt


def _roles_changed(docs: Sequence[_Prepared], kept: dict[str, _Kept]) -> float:
    """The share of `docs` kept whose paragraphs' roles are not those of their copied units
    (0 when none is kept)."""
    old = [(doc, kept[doc.doc_id].roles) for doc in docs if doc.doc_id in kept]
    changed = sum(1 for doc, roles in old if roles != " ".join(doc.roles))
    return changed / len(old) if old else 0.0


def _copy_beside(path: Path, nxt: Path, *, units: bool) -> bool:
    """Make `nxt` a copy of the index at `path`, not yet complete: its store (one snapshot,
    checked), its postings file and, with `units`, tantivy's files, all taken under the
    writer's lock of the index at `path`, so that they are of the same commit. Returns
    whether tantivy's files were copied (not when another writer was at work: the units are
    then made from the rows). Made in a folder of its own and put in place whole: never
    taken for a sibling half-built by nobody (and thrown away) while it is copied.
    SearchIndexError when it cannot be copied."""
    part = nxt.with_name(nxt.name + PART)
    shutil.rmtree(part, ignore_errors=True)
    try:
        part.mkdir(parents=True)
        with _writer_lock(path) if units else contextlib.nullcontext(None) as held:
            # Not the units of a commit a crash cut short (its ids marked, see `heal`).
            copied = held is True and not (path / DIRTY).exists() and _copy_units(path, part)
            _copy_store(path / STORE, part / STORE)
            # Its postings too (postings.py checks them against the copy's state): building
            # them again took ~3 s at 100,000 replies, where copying takes a tenth of that.
            postings_file = newest_postings(path / POSTINGS_FILE)
            if postings_file is not None:
                with contextlib.suppress(OSError):  # then built at the end, as from nothing
                    shutil.copyfile(postings_file, part / postings_file.name)
        # A head of this format, no ids, no archive state: SearchIndex opens it as it is,
        # and nothing takes it for complete; a build name of its own, by which a window that
        # opened the index before sees it swapped in.
        head = {"version": INDEX_VERSION, "count": 0, "generation": None, "build": _new_build()}
        (part / MANIFEST).write_text(json.dumps(head) + "\n", encoding="utf-8")
        os.replace(part, nxt)
    except (OSError, sqlite3.Error) as e:
        shutil.rmtree(part, ignore_errors=True)
        raise SearchIndexError(f"{path}: 复制检索索引失败：{e}") from e
    return copied


def _new_build() -> str:
    """A name for a folder's build (see SearchIndex._build)."""
    return os.urandom(8).hex()


def _copy_units(path: Path, part: Path) -> bool:
    """Copy tantivy's index at `path` into `part` (its writer's lock held): the segments its
    meta.json lists (uuid.ext, uuid.opstamp.del), and a list of the files tantivy manages
    naming those alone (no file a merge left behind). False, none copied, when its meta.json
    cannot be read."""
    try:
        meta = json.loads((path / TANTIVY_META).read_text(encoding="utf-8"))
        live = {str(segment["segment_id"]).replace("-", "") for segment in meta["segments"]}
    except (ValueError, KeyError, TypeError):
        return False
    copied = [TANTIVY_META]
    shutil.copyfile(path / TANTIVY_META, part / TANTIVY_META)
    for file in path.iterdir():
        if file.name.split(".", 1)[0] in live and file.is_file():
            shutil.copyfile(file, part / file.name)
            copied.append(file.name)
    (part / TANTIVY_MANAGED).write_text(json.dumps(copied), encoding="utf-8")
    return True


TANTIVY_META, TANTIVY_MANAGED = "meta.json", ".managed.json"  # tantivy's own files


def _copy_store(source: Path, dest: Path) -> None:
    """Copy the store at `source` (read as one snapshot while others may write it) to a new
    file at `dest`, its identity too: a postings file of the source's is valid for the copy
    as far as their states agree (see postings.py). sqlite3.DatabaseError when the copy is
    damaged: SQLite copies pages as they are, and a build from nothing also mended a
    damaged store (0.4 s at 100,000 replies to check)."""
    with contextlib.closing(sqlite3.connect(dest)) as copy:
        with contextlib.closing(sqlite3.connect(_read_only(source), uri=True)) as src:
            src.backup(copy)
        found = copy.execute("PRAGMA quick_check(1)").fetchone()
        if found is None or found[0] != "ok":
            raise sqlite3.DatabaseError(f"quick_check: {found and found[0]}")


def copies_store(path: Path, archive: Archive) -> str:
    """What a build beside the index at `path` would take from it: "units" (its rows and
    tantivy's units), "rows" (its rows, the units made from them), "terms" (its rows'
    terms, their data derived again, see RULES_VERSION), or "" (nothing: from nothing)."""
    found = _reusable(path / STORE, archive)
    if found is None:
        return ""
    return "terms" if found.rederive else "units" if found.units else "rows"


def wait_for_other_build(
    path: Path, poll: float = 0.5, waiting: Callable[[], None] | None = None
) -> None:
    """Wait while another replydraft builds the sibling of `path` (the window, in the
    background): the CLI then searches the index it put in place. `waiting()` is called
    once, when there is a wait (so that the CLI can say why it is silent)."""
    nxt = next_path(path)
    while nxt.is_dir() and not _complete(nxt) and _being_built(nxt):
        if waiting is not None:
            waiting()
            waiting = None
        time.sleep(poll)


def swap_in(path: Path) -> None:
    """Put the complete sibling in place of `path` (whose users close it first where the
    system keeps open folders from being renamed)."""
    nxt, old = next_path(path), path.with_name(path.name + OLD)
    if not _complete(nxt):
        return  # another replydraft opening the folder put it in place already
    shutil.rmtree(old, ignore_errors=True)
    try:
        if path.exists():
            os.replace(path, old)
        os.replace(nxt, path)
    except OSError as e:
        raise SearchIndexError(
            f"{path}: 新的检索索引暂时无法替换旧的（{e}），下次打开时替换"
        ) from e
    shutil.rmtree(old, ignore_errors=True)


class Cancelled(SearchIndexError):
    """A build beside was cancelled (the window closing)."""
