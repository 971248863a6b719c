"""Similar-reply search: documents, paragraphs, policy passages and reused paragraphs.

Two stages. The index (index.py) recalls candidates from the tokens stored at import, queried
with the few dozen distinct terms of the query that weigh most (tf x idf, idf from the index's
document frequencies, as Elasticsearch's more_like_this chooses them): documents by the summed
idf of the terms each holds (tantivy const-score clauses: the weighted share of the query it
covers), paragraphs by BM25. Only those candidates are then scored here, as numpy arrays of
term numbers (the index stores tokens so): a dozen documents of ~1,000 tokens each compared
with a query in about a millisecond, where Python sets of strings took four.

How a score (0-100) is made
---------------------------
Every term weighs its idf, ln(1 + (N - df + 0.5) / (df + 0.5)): over the N documents for
documents, over the paragraphs for paragraphs (in a small archive every document holds
揭榜挂帅, but few paragraphs do). A word most texts hold (发展, 产业) counts little, a rare one
(人才公寓) a lot; the genre's formula words never reach the index (tokenize.py).

score = 100 x max(topical, contained), the same for documents and paragraphs, where

- topical = sqrt(cosine) of the two tf-idf vectors (tf as 1 + ln tf): how alike the two
  texts' words are as wholes. The square root spreads the low cosines that texts on one
  subject have (0.1-0.3) over 30-55; a text on another subject stays near 10-25.
- contained = the share of the smaller text's words (weighted) that the larger holds, half,
  plus the share of its word pairs (two tokens in a row) the larger holds, half: the smaller
  text standing in the larger one, written the same way. It is damped for a query of under
  12 distinct words (a few words are easily all found) and, harder, for a heading or
  fragment held by a longer query.

For a suggestion (`for_proposal`) the verbs that say what to do (加快, 强化, 确保: ACTION_WORDS)
weigh a quarter of their idf: in a small archive they are rarer than the subject word, and a
paragraph sharing them answers nothing. Its paragraphs come from the replies that fit the
whole proposal first, the rest of the archive below them.

The reasons say which of the two made the score. Measured: the same text, or an excerpt of a
document against it, 95-100; seeds 000 and 001 (several paragraphs shared) 70 in a mixed
archive, 50 among the five seeds alone; a reply on the same subject in other words 30-55
(dev corpus: 饮水 28-39, AI 教育 46, 旅游 39); a reply on another subject 10-25, under 40 in all
the pairs tried. A document's subject line (the proposal title quoted in a reply's opening)
breaks ties and is named in the reasons, but does not add to the score: titles are formulaic.

Reuse (`reuse_pairs`) compares sentences, not words: a paragraph of one reply is often merged
from several of another, so sentences of the two paragraphs are matched with rapidfuzz's ratio
on their normalised characters, and a pair of paragraphs reports the share of the shorter one
found, sentence by sentence, in the other.
"""

from __future__ import annotations

import math
import operator
import re
import unicodedata
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz, process

from replydraft.genre import SUGGESTION_VERBS
from replydraft.index import (
    UNIT_DOC,
    UNIT_PARA,
    DocUnit,
    ParaUnit,
    Recalled,
    SearchIndex,
    TermIds,
    Terms,
    distinct_sorted,
)
from replydraft.lazy import lazy
from replydraft.records import Kind, Parsed
from replydraft.reuse import FIT_DOC_SCORE, policy_title
from replydraft.roles import SLOT_ROLES
from replydraft.storage.base import ArchiveStore as Archive
from replydraft.tokenize import Tokenizer

DOC_TERMS = 40  # distinct query terms sent to the index for documents (see _Weights.chosen)
PARA_TERMS = 32  # ... and for paragraphs
EARLIER_CANDIDATES = 50  # replies holding the proposer's name looked at for an earlier round
NAME_WEIGHT = 1000.0  # a proposer's name outweighs any title's words (see _holding_names)
EARLIER_SUBJECT = 0.8  # weighted share of a title's words in a subject: the same, reworded little
DOC_CANDIDATES = 12  # documents recalled (more when `top` asks for more) and re-ranked
PARA_CANDIDATES = 80  # paragraphs recalled by BM25 and re-ranked by words
PARA_FINE = 25  # of those, scored in full
POOL_CANDIDATES = 240  # paragraphs recalled at once for all the suggestions of a proposal
POOL_BLOCK = 32  # of those, decoded and looked through at a time (see _Pooled)
PASSAGES_PER_MATCH = 3
PASSAGE_MATCHES = 3  # matches that get their passages by default (each costs a fetch)
MIN_PASSAGE_SCORE = 30.0  # a passage below this is not shown as a reason
SHORT_UNIT = 12  # distinct words under which a paragraph counts as a heading or fragment
SHARED_TERMS_SHOWN = 8
REUSE_THRESHOLD = 80.0  # rapidfuzz ratio from which two sentences count as the same
REUSE_MIN_CHARS = 16  # shorter sentences ("一是出台各项人才政策") prove nothing alone
TOKENS_KEPT = 64  # texts whose tokens a Searcher keeps (a proposal has a few dozen)
QUERIES_KEPT = 16  # paragraph queries a Searcher keeps, with their scores (see _ParaQuery)
REUSE_CANDIDATES = 12  # paragraphs of other documents compared with each paragraph
# The replies that fit the whole proposal, whose paragraphs are searched first for each
# suggestion: those scoring FIT_DOC_SCORE and this share of the best reply's score (in a small
# archive every reply scores 20 or more against a proposal on their common subject).
FIRST_DOC_SHARE = 0.6

LIGHT_WEIGHT = 0.25  # share of its idf a suggestion's verb weighs (search_paragraph_tokens)
COSINE_POWER = 0.5  # maps cosines 0.05 / 0.15 / 0.5 / 0.9 to 22 / 39 / 71 / 95
P_COVER, P_PAIRS = 0.5, 0.5


# --- Results ----------------------------------------------------------------------------------


@dataclass
class Passage:
    """A paragraph that matched, with why: the shared terms and where they stand in it."""

    doc_id: str
    seq: int  # the paragraph's position in its document (0-based)
    text: str
    score: float  # 0-100
    terms: list[str]  # shared terms, rarest first
    spans: list[tuple[int, int]]  # [start, end) of the shared terms in `text`, merged
    section: str = ""  # heading of the section the paragraph stands in


@dataclass
class ParagraphMatch(Passage):
    """A passage found by paragraph search, with its source document."""

    title: str = ""
    kind: str = ""
    bureau: str = ""
    date: str = ""
    rank: int = 0
    reasons: list[str] = field(default_factory=list)
    role: str = ""  # what the paragraph does in its document (roles.Role value)


@dataclass
class Match:
    """A document that matched a query."""

    id: str
    title: str
    kind: str
    bureau: str
    date: str
    score: float  # 0-100
    rank: int  # 1 = best
    reasons: list[str] = field(default_factory=list)
    passages: list[Passage] = field(default_factory=list)
    subject: str = ""


@dataclass
class SuggestionMatches:
    """For one suggestion of a proposal: reply paragraphs to reuse and policy passages to cite."""

    suggestion: str
    paragraphs: list[ParagraphMatch]
    policies: list[ParagraphMatch]


@dataclass
class ProposalMatches:
    documents: list[Match]  # replies similar to the whole proposal
    suggestions: list[SuggestionMatches]
    # The documents whose paragraphs were searched first for each suggestion (those of
    # `documents` that fit the whole proposal): reuse ranks their paragraphs first too.
    first: list[str] = field(default_factory=list)


@dataclass
class SentencePair:
    """Two sentences found the same; spans are [start, end) in each paragraph's text."""

    a_span: tuple[int, int]
    b_span: tuple[int, int]
    similarity: float


@dataclass
class ReusePair:
    """Paragraph `a_seq` of `a_id` and paragraph `b_seq` of `b_id` share sentences."""

    a_id: str
    a_seq: int
    b_id: str
    b_seq: int
    similarity: float  # 0-100: the share of the shorter paragraph found in the other
    a_text: str
    b_text: str
    sentences: list[SentencePair] = field(default_factory=list)


def passage_to_json(p: Passage) -> dict[str, Any]:
    data = asdict(p)
    data["score"] = round(p.score, 1)
    data["spans"] = [list(s) for s in p.spans]
    return data


def match_to_json(m: Match) -> dict[str, Any]:
    """The contract's form of a document match: id, title, score, rank, passages, and more."""
    return {
        "id": m.id,
        "title": m.title,
        "score": round(m.score, 1),
        "rank": m.rank,
        "kind": m.kind,
        "bureau": m.bureau,
        "date": m.date,
        "subject": m.subject,
        "reasons": list(m.reasons),
        "passages": [passage_to_json(p) for p in m.passages],
    }


def matches_to_json(matches: Iterable[Match]) -> list[dict[str, Any]]:
    """What `replydraft search --json` prints: one dict per match, best first."""
    return [match_to_json(m) for m in matches]


def paragraph_match_to_json(p: ParagraphMatch) -> dict[str, Any]:
    return passage_to_json(p)


def reuse_pair_to_json(r: ReusePair) -> dict[str, Any]:
    data = asdict(r)
    data["similarity"] = round(r.similarity, 1)
    data["sentences"] = [
        {"a_span": list(s.a_span), "b_span": list(s.b_span), "similarity": round(s.similarity, 1)}
        for s in r.sentences
    ]
    return data


# --- Weighted bags of words -------------------------------------------------------------------

Ids = npt.NDArray[np.int64]  # term numbers (index.SearchIndex.term_ids)
Floats = npt.NDArray[np.float64]

# 1 + ln(tf), looked up; a word found more often than this (none in a reply) counts as often.
_LOG_TF: Floats = np.concatenate(([0.0], 1.0 + np.log(np.arange(1, 4096))))
_MAX_TF = len(_LOG_TF) - 1
# A word pair's key: first * _PAIR + second. Term numbers stay within ±2**30 (a vocabulary of
# a billion terms), so keys are distinct and fit in 64 bits.
_PAIR = 1 << 31


def _find(keys: Ids, values: Ids) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.bool_]]:
    """For each of `values`: its position in the sorted `keys`, and whether it is there."""
    if keys.size == 0:
        return np.zeros(values.shape, np.intp), np.zeros(values.shape, np.bool_)
    pos = np.searchsorted(keys, values)
    pos[pos == keys.size] = 0
    return pos, keys[pos] == values


class _Bag:
    """A query: its distinct words and word pairs with their weights, as arrays of term
    numbers (numpy), worked out once and compared with many texts (`similarities`).

    A pair weighs the mean idf of its two words; a word repeated (a a) makes no pair.
    """

    def __init__(
        self, uniq: Ids, inverse: npt.NDArray[np.integer[Any]], idf_of: Callable[[Ids], Floats]
    ) -> None:
        self.uniq = uniq  # the distinct words, sorted (a query's unknown words negative)
        self.inverse = inverse  # each token's place in `uniq`
        self.tf = np.bincount(inverse, minlength=uniq.size)
        self.idf = idf_of(uniq)  # of each distinct word

    def reweighed(self, idf_of: Callable[[Ids], Floats]) -> _Bag:
        """The same text weighed with other idf (over paragraphs instead of documents)."""
        return _Bag(self.uniq, self.inverse, idf_of)

    @property
    def size(self) -> int:
        return int(self.uniq.size)

    def find(
        self, ids: Ids | npt.NDArray[np.int32]
    ) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.bool_]]:
        """For each of `ids` (none negative): its place in `uniq`, and whether it is there.

        A binary search in the query's few hundred words: a table from term number to place
        would be as long as the vocabulary (a million numbers and more in a large archive),
        made anew for every query.
        """
        return _find(self.uniq, ids.astype(np.int64, copy=False))

    @lazy
    def mass(self) -> float:
        return float(self.idf.sum())

    @lazy
    def weights(self) -> Floats:
        """Each distinct word's tf-idf weight: (1 + ln tf) x idf."""
        weights: Floats = _LOG_TF[np.minimum(self.tf, _MAX_TF)] * self.idf
        return weights

    @lazy
    def norm(self) -> float:
        """Length of the tf-idf vector."""
        return float(np.sqrt(self.weights @ self.weights))

    @lazy
    def pairs(self) -> tuple[Ids, Floats]:
        """The distinct word pairs, as sorted keys a x size + b of the places a, b of their
        words in `uniq`, and their weights."""
        first, second = self.inverse[:-1].astype(np.int64), self.inverse[1:].astype(np.int64)
        keep = first != second
        keys = distinct_sorted(first[keep] * self.size + second[keep])
        weights: Floats = (self.idf[keys // self.size] + self.idf[keys % self.size]) / 2
        return keys, weights

    @lazy
    def pair_mass(self) -> float:
        return float(self.pairs[1].sum())


class _Weights:
    """idf and df of terms, by term number, over the index's documents (or paragraphs):
    looked up from the index once per term and kept in arrays until the index changes."""

    def __init__(self, index: SearchIndex, unit: str = UNIT_DOC) -> None:
        self._index = index
        self._unit = unit
        # The weights over the other unit, told the counts read with this one's (`_known`).
        self.other: _Weights | None = None
        self.generation = index.generation
        # Paragraphs are weighed over paragraphs: in a small archive nearly every document
        # holds 揭榜挂帅, but few of its paragraphs do.
        self._n = index.doc_count() if unit == UNIT_DOC else index.unit_count(UNIT_PARA)
        # By term number: df + 1 (0: not looked up yet) and idf. Zeros, so that only the pages
        # of the terms looked up are ever touched: the arrays are as long as the vocabulary.
        self._df1: npt.NDArray[np.int64] = np.zeros(0, np.int64)
        self._idf: Floats = np.zeros(0)
        # A term no document holds weighs as one held by a single document.
        self._unknown_idf = float(self._idf_of_df(np.ones(1, np.int64))[0])

    def _idf_of_df(self, df: npt.NDArray[np.int64]) -> Floats:
        d = np.maximum(df, 1)
        idf: Floats = np.log(1.0 + (self._n - d + 0.5) / (d + 0.5))
        return idf

    @property
    def terms(self) -> Terms:
        return self._index.terms

    def _reach(self, top: int) -> None:
        """Make the arrays hold term number `top`."""
        if top >= self._df1.size:
            size = top + 1 + 4096 + top // 4  # amortised
            df1, idf = np.zeros(size, np.int64), np.zeros(size)
            df1[: self._df1.size] = self._df1
            idf[: self._idf.size] = self._idf
            self._df1, self._idf = df1, idf

    def _learn(self, ids: Ids, df: npt.NDArray[np.int64]) -> None:
        """Keep the counts `df` of the terms `ids` (distinct, sorted)."""
        self._reach(int(ids[-1]))
        self._df1[ids] = df + 1
        self._idf[ids] = self._idf_of_df(df)

    def _known(self, ids: Ids) -> None:
        """Look up the df and idf of those of `ids` (none negative) not known yet; the other
        unit's weights learn their counts too (both are read at once)."""
        if ids.size == 0:
            return
        self._reach(int(ids.max()))
        missing = ids[self._df1[ids] == 0]
        if missing.size:
            missing = distinct_sorted(missing)
            docs, paras = self._index.unit_freqs(missing.tolist())
            mine, theirs = (docs, paras) if self._unit == UNIT_DOC else (paras, docs)
            self._learn(missing, np.array(mine, dtype=np.int64))
            other = self.other
            if other is not None and other.generation == self.generation:
                other._learn(missing, np.array(theirs, dtype=np.int64))

    def _stored(self, ids: Ids) -> npt.NDArray[np.bool_] | None:
        """Look up those of `ids` not known yet; which of them are stored terms, or None
        when all are (a query's unknown terms are negative)."""
        if ids.size and ids.min() < 0:
            stored = ids >= 0
            self._known(ids[stored])
            return stored
        self._known(ids)
        return None

    def idf_of(self, ids: Ids) -> Floats:
        """The idf of each of `ids`."""
        stored = self._stored(ids)
        if stored is None:
            return self._idf[ids]
        out = np.full(ids.size, self._unknown_idf)
        out[stored] = self._idf[ids[stored]]
        return out

    def df_of(self, ids: Ids) -> npt.NDArray[np.int64]:
        """How many documents (paragraphs) hold each of `ids` (an unknown term: none)."""
        stored = self._stored(ids)
        if stored is None:
            return self._df1[ids] - 1
        out = np.zeros(ids.size, np.int64)
        out[stored] = self._df1[ids[stored]] - 1
        return out

    def bag(self, seq: npt.NDArray[np.int64] | npt.NDArray[np.int32]) -> _Bag:
        """The bag of a token sequence given as term numbers."""
        uniq, inverse = np.unique(seq.astype(np.int64, copy=False), return_inverse=True)
        return _Bag(uniq, inverse, self.idf_of)

    def chosen(self, bag: _Bag, count: int, excluded: int = 0) -> list[str]:
        """The query terms worth sending to the index, as more_like_this chooses them.

        The `count` distinct terms of highest tf x idf (ties by term). A term held by no more
        documents than are excluded may be held by those alone, and one held by none finds
        nothing.
        """
        usable = self.df_of(bag.uniq) > excluded
        ids = bag.uniq[usable]
        score = bag.tf[usable] * bag.idf[usable]
        if ids.size > count:  # only those at or above the count-th best need sorting
            cut = np.partition(score, ids.size - count)[ids.size - count]
            ids, score = ids[score >= cut], score[score >= cut]
        ranked = sorted(zip((-score).tolist(), self.terms.many(ids.tolist()), strict=True))
        return [term for _, term in ranked[:count]]

    def rarest(self, ids: Ids, limit: int | None = None) -> list[str]:
        """The terms `ids` (distinct, sorted), rarest first (longer first among equals, then
        by term); the `limit` rarest, if given."""
        df = self.df_of(ids)
        if limit is not None and ids.size > limit:
            cut = np.partition(df, limit - 1)[limit - 1]
            ids, df = ids[df <= cut], df[df <= cut]
        names = self.terms.many(ids.tolist())
        longer_first = map(operator.neg, map(len, names))  # tuples built and compared in C
        ranked = sorted(zip(df.tolist(), longer_first, names, strict=True))
        return [term for _, _, term in ranked[:limit]]


class _Lightened:
    """Weights with some terms (a suggestion's verbs: what to do, not what about) weighing
    LIGHT_WEIGHT of their idf, on both sides of a comparison so that scores stay in 0-100."""

    def __init__(self, weights: _Weights, light: Ids) -> None:
        self._weights = weights
        self._light = distinct_sorted(light)

    def idf_of(self, ids: Ids) -> Floats:
        idf = self._weights.idf_of(ids).copy()
        idf[_find(self._light, ids)[1]] *= LIGHT_WEIGHT  # np.isin: 13 us on such arrays, this 3
        return idf


TextBag = tuple[npt.NDArray[np.int32] | Ids, npt.NDArray[np.integer[Any]]]


def _held_by(
    q: _Bag, ids: npt.NDArray[np.int64] | npt.NDArray[np.int32], part: Ids, parts: int
) -> tuple[Floats, npt.NDArray[np.int64]]:
    """For each of `parts` parts of a token sequence (`part[i]` says which part token i is
    in): the summed idf of the query's distinct words the part holds, and how many of them."""
    words: Ids = ids.astype(np.int64, copy=False)
    hit = q.find(words)[1]
    keys = distinct_sorted(part[hit] * _PAIR + words[hit])  # a part's word counted once
    where = keys // _PAIR
    idf = q.idf[q.find(keys - where * _PAIR)[0]]
    held: Floats = np.bincount(where, idf, parts).astype(np.float64)
    return held, np.bincount(where, minlength=parts).astype(np.int64)


@dataclass
class Similarity:
    """How two texts compare; `score` (0-100) is what users see (see the module doc)."""

    score: float
    cosine: float  # of the tf-idf vectors
    cover: float  # weighted share of the smaller text's words the larger holds
    pairs: float  # weighted share of the smaller text's word pairs the larger holds
    contained: bool  # True when the containment, not the cosine, made the score
    shared: Ids  # the words both hold (term numbers, sorted)


def similarities(
    q: _Bag, texts: Sequence[TextBag], weights: _Weights | _Lightened
) -> list[Similarity]:
    """Compare a query with each of several texts: max(sqrt(cosine), containment of the
    smaller), see the module doc. A text comes as its distinct terms (sorted) and each of its
    tokens' place among them (as the index stores documents).

    All texts at once: their distinct words in one array, every sum a bincount by text, so a
    dozen candidates cost about what one did.
    """
    n = len(texts)
    if n == 0:
        return []
    size = np.array([d.size for d, _ in texts], dtype=np.int64)  # distinct words of each
    word: Ids = np.concatenate([d for d, _ in texts]).astype(np.int64, copy=False)
    starts = np.cumsum(size) - size
    lengths = [p.size for _, p in texts]
    place = np.concatenate(
        [p.astype(np.int64) + s for (_, p), s in zip(texts, starts.tolist(), strict=True)]
    )
    return _similarities(q, word, size, place, lengths, weights)


def sequence_similarities(
    q: _Bag, seqs: Sequence[TermIds | Ids], weights: _Weights | _Lightened
) -> list[Similarity]:
    """`similarities` of texts given as their tokens' term numbers (none negative), in order:
    their distinct words and places found in one sort for all of them (one each, for a
    search's 25 paragraphs, took a sixth of a proposal's paragraph searches)."""
    n = len(seqs)
    if n == 0:
        return []
    lengths = [s.size for s in seqs]
    token_of = np.repeat(np.arange(n, dtype=np.int64), lengths)
    keys = token_of * _PAIR + np.concatenate(seqs).astype(np.int64, copy=False)
    distinct = distinct_sorted(keys)  # by text, then by word
    text_of = distinct // _PAIR
    size = np.bincount(text_of, minlength=n).astype(np.int64)
    place = np.searchsorted(distinct, keys)  # already counted from the first text's first word
    return _similarities(q, distinct - text_of * _PAIR, size, place, lengths, weights)


def _similarities(
    q: _Bag,
    word: Ids,
    size: npt.NDArray[np.int64],
    place: npt.NDArray[np.int64] | npt.NDArray[np.intp],
    lengths: list[int],
    weights: _Weights | _Lightened,
) -> list[Similarity]:
    """`similarities` of texts laid end to end: the distinct words of each (`size` of them,
    sorted) in `word`, and each token's place in `word`, text by text (`lengths`)."""
    n = size.size
    of = np.repeat(np.arange(n, dtype=np.int64), size)  # the text each distinct word is of
    token_of = np.repeat(np.arange(n, dtype=np.int64), lengths)
    tf = np.bincount(place, minlength=word.size)
    idf = weights.idf_of(word)
    tfidf = _LOG_TF[np.minimum(tf, _MAX_TF)] * idf
    norm = np.sqrt(np.bincount(of, tfidf * tfidf, n))
    mass = np.bincount(of, idf, n)
    in_q, hit = q.find(word)  # the query's own place of each word it holds
    dot = np.bincount(of[hit], tfidf[hit] * q.weights[in_q[hit]], n)
    cosine = np.minimum(1.0, dot / np.maximum(norm * q.norm, 1e-300))
    # The smaller by distinct words: cheaper to tell than by weight, and nearly always the same.
    query_smaller = q.size <= size
    small_mass = np.where(query_smaller, q.mass, mass)
    cover = np.bincount(of[hit], idf[hit], n) / np.maximum(small_mass, 1e-300)
    # Word pairs, keyed by the places of their two words in `word` (which says the text).
    first, second = place[:-1], place[1:]
    ok = (token_of[:-1] == token_of[1:]) & (first != second)
    keys = distinct_sorted(first[ok] * word.size + second[ok])
    a, b = keys // word.size, keys % word.size
    pair_weight = (idf[a] + idf[b]) / 2
    pair_of = of[a]
    pair_mass = np.bincount(pair_of, pair_weight, n)
    # A pair both texts hold: both its words the query's, and the pair among the query's.
    q_place = np.where(hit, in_q, -1)
    qa, qb = q_place[a], q_place[b]
    both = np.flatnonzero((qa >= 0) & (qb >= 0))
    held = both[_find(q.pairs[0], qa[both] * q.size + qb[both])[1]]
    held_mass = np.bincount(pair_of[held], pair_weight[held], n)
    small_pair_mass = np.where(query_smaller, q.pair_mass, pair_mass)
    pairs = np.where(small_pair_mass > 0, held_mass / np.maximum(small_pair_mass, 1e-300), cover)
    # A short query's few words are easily all found; a heading or fragment held by a longer
    # query proves little more.
    damping = np.where(
        query_smaller,
        min(1.0, math.sqrt(q.size / SHORT_UNIT)),
        np.minimum(1.0, size / (2 * SHORT_UNIT)),
    )
    contained = (P_COVER * cover + P_PAIRS * pairs) * damping
    topical = cosine**COSINE_POWER
    # A heading's few words make a high cosine by chance.
    topical *= np.where(size < SHORT_UNIT, np.sqrt(size / SHORT_UNIT), 1.0)
    score = np.minimum(100.0, 100.0 * np.maximum(topical, contained))
    empty = small_mass <= 0
    shared = np.split(word[hit], np.cumsum(np.bincount(of[hit], minlength=n))[:-1])
    return [
        Similarity(0.0, 0.0, 0.0, 0.0, False, shared[i])
        if empty[i]
        else Similarity(
            float(score[i]),
            float(cosine[i]),
            float(cover[i]),
            float(pairs[i]),
            bool(contained[i] > topical[i]),
            shared[i],
        )
        for i in range(n)
    ]


# --- Highlighting -------------------------------------------------------------------------------


def term_spans(text: str, terms: Iterable[str]) -> list[tuple[int, int]]:
    """Every place in `text` where one of `terms` stands, as merged [start, end) spans.

    The places are marked in a mask and its runs read back by a regular expression (in C):
    a passage shares dozens of terms with a long query, and sorting and merging their
    hundred-odd places in Python cost more than finding them.
    """
    lowered = text.lower()
    if len(lowered) != len(text):  # a rare character changed length when lowered
        lowered = text
    mask = bytearray(len(text))
    for term in terms:
        n = len(term)
        if not n:
            continue
        mark = _MARK * n
        start = lowered.find(term)
        while start >= 0:
            mask[start : start + n] = mark
            start = lowered.find(term, start + n)
    return [m.span() for m in _MARKED.finditer(mask)]


_MARK = b"\x01"
_MARKED = re.compile(b"\x01+")


# --- Sentences, for reuse -----------------------------------------------------------------------

_SENTENCE_END = re.compile(r"[^。！？；;!?]+[。！？；;!?]*")
_NOT_WORD = re.compile(r"[\W_]+")


def sentences(text: str) -> list[tuple[int, int]]:
    """[start, end) of each sentence of `text` (split after 。！？；)."""
    return [(m.start(), m.end()) for m in _SENTENCE_END.finditer(text) if m.group().strip()]


def _norm(text: str) -> str:
    """Characters compared for reuse: NFKC, no punctuation, spaces or markdown."""
    return _NOT_WORD.sub("", unicodedata.normalize("NFKC", text)).lower()


# --- The searcher ---------------------------------------------------------------------------------


class Searcher:
    """Ranks archived documents and paragraphs against a text.

    Holds idf caches between queries (dropped when the index changes); give each thread its
    own Searcher over the shared archive and index.
    """

    def __init__(self, archive: Archive, index: SearchIndex, tokenizer: Tokenizer) -> None:
        self.archive = archive
        self.index = index
        self.tokenizer = tokenizer
        self._weights: dict[str, _Weights] = {}
        self._pool: dict[tuple[Any, ...], _Pooled] = {}  # see _pool_paragraphs
        self._helper: Executor | None = None  # the thread the pool is walked on (for_proposal)
        # The tokens of the last texts cut: for_proposal cuts each suggestion three times.
        self._cut: OrderedDict[str, list[str]] = OrderedDict()
        # The last paragraph queries: a suggestion is searched among the replies that fit
        # and then among all, with the same words.
        self._queries: OrderedDict[tuple[Any, ...], _ParaQuery] = OrderedDict()

    def _tokens(self, text: str) -> list[str]:
        """Tokenizer.tokens of `text`, kept for the next few asks of the same text (the list
        is shared: not to be changed)."""
        tokens = self._cut.get(text)
        if tokens is None:
            tokens = self._cut[text] = self.tokenizer.tokens(text)
            if len(self._cut) > TOKENS_KEPT:
                self._cut.popitem(last=False)
        return tokens

    def _weights_for(self, unit: str) -> _Weights:
        """idf weights, kept from query to query until the index changes."""
        weights = self._weights.get(unit)
        if weights is None or weights.generation != self.index.generation:
            weights = self._weights[unit] = _Weights(self.index, unit)
            other = self._weights.get(UNIT_PARA if unit == UNIT_DOC else UNIT_DOC)
            if other is not None and other.generation == weights.generation:
                weights.other, other.other = other, weights
        return weights

    # --- documents ---------------------------------------------------------------------------

    def search(
        self,
        text: str,
        *,
        top: int = 10,
        kind: Kind | str | None = Kind.REPLY,
        exclude: Iterable[str] = (),
        passages_for: int = PASSAGE_MATCHES,
    ) -> list[Match]:
        """The documents most like `text`, best first, with reasons; the first
        `passages_for` matches also carry their best passages."""
        tokens = self._tokens(text)
        return self.search_tokens(
            tokens, top=top, kind=kind, exclude=exclude, passages_for=passages_for
        )

    def search_tokens(
        self,
        tokens: Sequence[str],
        *,
        top: int = 10,
        kind: Kind | str | None = Kind.REPLY,
        exclude: Iterable[str] = (),
        passages_for: int = PASSAGE_MATCHES,
        first: Sequence[DocUnit] = (),
    ) -> list[Match]:
        """`search` for a text already tokenized with `Tokenizer.tokens`; the documents
        `first` (earlier replies to the same proposal) rank ahead of all others."""
        if not tokens or top <= 0:
            return []
        weights = self._weights_for(UNIT_DOC)
        ids = self.index.term_ids(tokens)
        q = weights.bag(ids)
        excluded = set(exclude)
        terms = weights.chosen(q, DOC_TERMS, len(excluded))
        kind_value = None if kind is None else Kind(kind).value
        # Recall by weighted coverage, not BM25: among many documents that share some of an
        # excerpt's sentences, the one holding all of them must not drown (BM25 favours short
        # documents holding a few terms often).
        units = self.index.search_docs(
            terms,
            limit=max(DOC_CANDIDATES, top),
            kind=kind_value,
            exclude=excluded,
            weights=weights.idf_of(self.index.term_ids(terms)).tolist(),
        )
        ahead = {u.doc_id: i for i, u in enumerate(first) if u.doc_id not in excluded}
        units = [u for u in units if u.doc_id not in ahead]
        units[:0] = [u for u in first if u.doc_id in ahead]
        if not units:
            return []
        # Each candidate is scored in full (cosine, word pairs, subject).
        sims = similarities(q, [(unit.distinct, unit.inverse) for unit in units], weights)
        subjects = self._subject_similarity(q, [unit.subject_tokens for unit in units], weights)
        scored = list(zip(sims, subjects, units, strict=True))
        scored.sort(
            key=lambda s: (ahead.get(s[2].doc_id, len(ahead)), -s[0].score, -s[1], s[2].doc_id)
        )
        scored = scored[:top]
        # Passages for the first few only: they cost a fetch each, and lists show those.
        shown = [unit for _, _, unit in scored[: max(passages_for, 0)]]
        passages: list[list[Passage]] = []
        if shown:
            para_weights = self._weights_for(UNIT_PARA)
            passages = self._passages(q.reweighed(para_weights.idf_of), shown, para_weights)
        matches: list[Match] = []
        for rank, (sim, subject, unit) in enumerate(scored, start=1):
            found = passages[rank - 1] if rank <= len(passages) else []
            shared = weights.rarest(sim.shared, SHARED_TERMS_SHOWN)
            matches.append(
                Match(
                    id=unit.doc_id,
                    title=unit.title,
                    kind=unit.kind,
                    bureau=unit.bureau,
                    date=unit.date,
                    score=round(sim.score, 1),
                    rank=rank,
                    reasons=_doc_reasons(sim, subject, shared, unit, found),
                    passages=found,
                    subject=unit.subject,
                )
            )
        return matches

    def _subject_similarity(
        self, q: _Bag, subjects: Sequence[list[str]], weights: _Weights
    ) -> list[float]:
        """For each subject (its tokens): 0-1, the weighted share of its distinct words the
        query holds."""
        n = len(subjects)
        ids = self.index.term_ids([w for words in subjects for w in words])
        part = np.repeat(np.arange(n, dtype=np.int64), [len(words) for words in subjects])
        stored = ids >= 0  # stored with the document: always known
        keys = distinct_sorted(part[stored] * _PAIR + ids[stored])  # a word counted once
        where = keys // _PAIR
        words = keys - where * _PAIR
        idf = weights.idf_of(words)
        total = np.bincount(where, idf, n)
        hit = q.find(words)[1]
        held = np.bincount(where[hit], idf[hit], n)
        return [h / t if t > 0 else 0.0 for h, t in zip(held.tolist(), total.tolist(), strict=True)]

    def _passages(
        self, q: _Bag, units: Sequence[DocUnit], weights: _Weights
    ) -> list[list[Passage]]:
        """For each of `units`, its paragraphs that match the query best: preselected by the
        weight of the words they share with it, the few best then scored in full (all the
        documents' in one batch)."""
        picked: list[tuple[int, int]] = []  # (unit, seq)
        for i, unit in enumerate(units):
            picked.extend((i, seq) for seq in self._preselect(q, unit))
        sims = sequence_similarities(q, [units[i].paragraph_ids(seq) for i, seq in picked], weights)
        found: list[list[tuple[float, int, Similarity]]] = [[] for _ in units]
        for (i, seq), sim in zip(picked, sims, strict=True):
            if sim.score >= MIN_PASSAGE_SCORE:
                found[i].append((sim.score, seq, sim))
        return [self._shown(unit, best, weights) for unit, best in zip(units, found, strict=True)]

    @staticmethod
    def _preselect(q: _Bag, unit: DocUnit) -> list[int]:
        """The paragraphs of `unit` sharing the most weight of words with the query, best
        first (the first of equals first)."""
        if unit.ids.size == 0:
            return []
        lengths = np.array(unit.lengths, dtype=np.int64)
        part = np.repeat(np.arange(lengths.size, dtype=np.int64), lengths)
        held, count = _held_by(q, unit.ids, part, lengths.size)
        need = min(2, q.size)
        eligible = np.flatnonzero((count >= need) & (lengths >= need))
        order = eligible[np.argsort(-held[eligible], kind="stable")]
        seqs: list[int] = order[: PASSAGES_PER_MATCH + 1].tolist()
        return seqs

    def _shown(
        self, unit: DocUnit, best: list[tuple[float, int, Similarity]], weights: _Weights
    ) -> list[Passage]:
        """The passages shown of a document: the best scored, with their texts and terms."""
        best.sort(key=lambda b: (-b[0], b[1]))
        best = best[:PASSAGES_PER_MATCH]
        if not best:
            return []
        texts = self._texts(unit.doc_id, [seq for _, seq, _ in best])
        out: list[Passage] = []
        for score, seq, sim in best:
            text, section = texts.get(seq, ("", ""))
            terms = weights.rarest(sim.shared)
            out.append(
                Passage(
                    doc_id=unit.doc_id,
                    seq=seq,
                    text=text,
                    score=round(score, 1),
                    terms=terms,
                    spans=term_spans(text, terms),
                    section=section,
                )
            )
        return out

    def _texts(self, doc_id: str, seqs: list[int]) -> dict[int, tuple[str, str]]:
        """Text and section heading of some paragraphs of a document, from the index."""
        shown = self.index.doc_text(doc_id)
        if shown is None:
            return {}
        return {
            seq: (shown.texts[seq], shown.sections[seq]) for seq in seqs if seq < len(shown.texts)
        }

    # --- paragraphs ---------------------------------------------------------------------------

    def search_paragraphs(
        self,
        text: str,
        *,
        top: int = 10,
        kind: Kind | str | None = None,
        exclude: Iterable[str] = (),
        within: Iterable[str] | None = None,
        roles: Iterable[str] | None = None,
    ) -> list[ParagraphMatch]:
        """The paragraphs across the archive (or of the documents `within`; of the `roles`,
        if given) most like `text`: a suggestion, a draft paragraph."""
        tokens = self._tokens(text)
        return self.search_paragraph_tokens(
            tokens, top=top, kind=kind, exclude=exclude, within=within, roles=roles
        )

    def search_paragraph_tokens(
        self,
        tokens: Sequence[str],
        *,
        top: int = 10,
        kind: Kind | str | None = None,
        exclude: Iterable[str] = (),
        within: Iterable[str] | None = None,
        roles: Iterable[str] | None = None,
        light: frozenset[str] = frozenset(),
    ) -> list[ParagraphMatch]:
        """`search_paragraphs` for tokens; those of them in `light` (a suggestion's verbs,
        ACTION_WORDS) weigh LIGHT_WEIGHT of their idf."""
        if not tokens or top <= 0:
            return []
        excluded = set(exclude)
        query = self._paragraph_query(tokens, light, len(excluded))
        q, terms = query.q, query.terms
        weights = self._weights_for(UNIT_PARA)
        kind_value = None if kind is None else Kind(kind).value
        units = self._candidates(
            tokens,
            terms,
            limit=max(PARA_CANDIDATES, top * 3),
            kind=kind_value,
            exclude=excluded,
            within=None if within is None else list(within),
            roles=None if roles is None else list(roles),
        )
        if not units:
            return []
        # Stage 1: the share of the query's words each holds; stage 2, the best: the full score.
        lengths = np.array([u.ids.size for u in units], dtype=np.int64)
        part = np.repeat(np.arange(len(units), dtype=np.int64), lengths)
        held, _ = _held_by(q, np.concatenate([u.ids for u in units]), part, len(units))
        coarse = np.argsort(-held, kind="stable")[: max(PARA_FINE, top * 2)]  # equals: BM25's order
        fine = [units[i] for i in coarse.tolist()]
        scored = list(zip(query.similarities(fine), fine, strict=True))
        scored.sort(key=lambda s: (-s[0].score, s[1].doc_id, s[1].seq))
        scored = scored[:top]
        self.index.complete_units(u for _, u in scored)  # texts for those shown only
        out: list[ParagraphMatch] = []
        for rank, (sim, u) in enumerate(scored, start=1):
            terms_shared = weights.rarest(sim.shared)
            out.append(
                ParagraphMatch(
                    doc_id=u.doc_id,
                    seq=u.seq,
                    text=u.text,
                    score=round(sim.score, 1),
                    terms=terms_shared,
                    spans=term_spans(u.text, terms_shared),
                    section=u.section,
                    title=u.title,
                    kind=u.kind,
                    bureau=u.bureau,
                    date=u.date,
                    rank=rank,
                    reasons=_paragraph_reasons(u, terms_shared),
                    role=u.role,
                )
            )
        return out

    def _paragraph_query(
        self, tokens: Sequence[str], light: frozenset[str], excluded: int
    ) -> _ParaQuery:
        """A paragraph search's query (weighed over paragraphs, the `light` tokens lighter),
        kept for the next searches of the same words (`QUERIES_KEPT`)."""
        weights = self._weights_for(UNIT_PARA)
        key = (weights.generation, tuple(tokens), light, excluded)
        kept = self._queries.get(key)
        if kept is not None:
            self._queries.move_to_end(key)
            return kept
        ids = self.index.term_ids(tokens)
        q = weights.bag(ids)
        scoring: _Weights | _Lightened = weights
        lightened = ids[np.fromiter((t in light for t in tokens), bool, len(tokens))]
        lightened = lightened[lightened >= 0]
        if lightened.size:
            scoring = _Lightened(weights, lightened)
            q = q.reweighed(scoring.idf_of)
        query = self._queries[key] = _ParaQuery(q, scoring, weights.chosen(q, PARA_TERMS, excluded))
        if len(self._queries) > QUERIES_KEPT:
            self._queries.popitem(last=False)
        return query

    def side_panel(
        self, text: str, *, top: int = 10, kind: Kind | str = Kind.REPLY
    ) -> tuple[list[Match], list[ParagraphMatch]]:
        """What the side panel shows for a typed text: `search` and `search_paragraphs`
        (of `kind`), the paragraphs' postings walked on the helper thread while the
        documents are ranked (the walk was a third of a typed search at 100,000 replies)."""
        tokens = self._tokens(text)
        self._pool.clear()
        kind_value = Kind(kind).value
        if tokens and top > 0:
            terms = self._paragraph_query(tokens, frozenset(), 0).terms
            limit = max(PARA_CANDIDATES, top * 3)
            index = self.index  # the index alone is shared with the helper: it is thread-safe

            def recall() -> Recalled:
                return index.recall_paragraphs(terms, limit=limit, kind=kind_value)

            # Each recalled paragraph holds one of the terms: the search takes them all.
            key = _pool_key(self.index.generation, tokens, kind_value, set(), None, None)
            self._pool[key] = _Pooled(self._helper_thread().submit(recall))
        try:
            documents = self.search_tokens(tokens, top=top, kind=kind)
            return documents, self.search_paragraph_tokens(tokens, top=top, kind=kind)
        finally:
            self._pool.clear()

    def _helper_thread(self) -> Executor:
        """The thread postings are walked on beside the caller's work. Kept from search to
        search: one started and ended for each cost 1-2 ms more of garbage collection
        after it, and the GIL handed to it as it ended."""
        if self._helper is None:
            self._helper = ThreadPoolExecutor(1, thread_name_prefix="replydraft-pool")
        return self._helper

    def _candidates(
        self,
        tokens: Sequence[str],
        terms: Sequence[str],
        *,
        limit: int,
        kind: str | None,
        exclude: set[str],
        within: list[str] | None,
        roles: list[str] | None,
    ) -> list[ParaUnit]:
        """The paragraphs a search re-ranks: from the pool a proposal's suggestions share
        (`_pool_paragraphs`) when this very search was pooled, else from the index."""
        key = _pool_key(self.index.generation, tokens, kind, exclude, within, roles)
        pooled = self._pool.get(key)
        if pooled is None:
            return self.index.search_paragraphs(
                terms,
                limit=limit,
                kind=kind,
                exclude=exclude,
                within=within,
                complete=False,
                roles=roles,
            )
        return pooled.holding(self.index.term_ids(terms), limit)

    def _pool_paragraphs(
        self,
        suggestions: Sequence[str],
        excluded: set[str],
        within: list[str] | None,
        helper: Executor,
    ) -> None:
        """Recall the answer-body paragraphs for all of a proposal's suggestions at once.

        One postings walk with the words every suggestion would send (in a large archive each
        walk costs several milliseconds), then each suggestion's search takes, from those, the
        paragraphs holding its own words, in the walk's order (`_candidates`). The walk runs
        on `helper`'s thread (tantivy lets go of the GIL while it searches), beside the
        proposal's document search: at 100,000 replies it took a quarter of for_proposal.
        """
        self._pool.clear()
        if len(suggestions) < 2:
            return
        token_lists = [self._tokens(s) for s in suggestions]
        union: dict[str, None] = {}
        for tokens in token_lists:
            if tokens:  # the query kept is the one its policy passages are searched with
                query = self._paragraph_query(tokens, frozenset(), len(excluded))
                union.update(dict.fromkeys(query.terms))
        if not union:
            return
        kind, roles = Kind.REPLY.value, sorted(SLOT_ROLES)
        index = self.index  # the index alone is shared with the helper: it is thread-safe

        def recall() -> Recalled:
            return index.recall_paragraphs(
                list(union),
                limit=min(POOL_CANDIDATES, PARA_CANDIDATES * len(token_lists)),
                kind=kind,
                exclude=excluded,
                within=within,
                roles=roles,
            )

        pooled = _Pooled(helper.submit(recall))
        for tokens in token_lists:
            key = _pool_key(self.index.generation, tokens, kind, excluded, within, roles)
            self._pool[key] = pooled

    def policy_passages(self, text: str, *, top: int = 5) -> list[ParagraphMatch]:
        """Passages of policy documents worth citing for `text` (a suggestion), best first.

        Each is titled as it is cited (reuse.policy_title: the plan, not the notice that
        issued it; "" rather than a file name, for a policy imported without a title).
        """
        found = self.search_paragraphs(text, top=top, kind=Kind.POLICY)
        for p in found:
            p.title = policy_title(p)
        return [p for p in found if p.score >= MIN_PASSAGE_SCORE]

    def for_proposal(
        self,
        proposal: Parsed,
        *,
        top: int = 5,
        policies: int = 3,
        exclude: Iterable[str] = (),
        only: Iterable[str] | None = None,
    ) -> ProposalMatches:
        """Replies like the whole proposal, and per suggestion paragraphs and policy passages.

        `only` restricts the reply paragraphs to those documents (`draft --use ID,...`).
        Reply paragraphs are answer bodies only (roles.SLOT_ROLES): another reply's opening,
        概述, 下一步 or thanks answers that proposal, not a suggestion of this one.
        """
        whole = "\n".join(
            [
                proposal.title,
                *proposal.preamble,
                *(p for s in proposal.all_sections() for p in [s.heading, *s.paragraphs]),
                *proposal.suggestions,
            ]
        )
        items = proposal.suggestions or [whole]
        excluded = set(exclude)
        within = None if only is None else list(only)
        # One postings walk for all the suggestions, beside the document search.
        self._pool_paragraphs(items, excluded, within, self._helper_thread())
        earlier = self.earlier_replies(proposal, whole)
        documents = self.search_tokens(
            self._tokens(whole), top=top, exclude=excluded, first=earlier
        )
        return self._proposal_matches(items, documents, earlier, top, policies, excluded, within)

    def _proposal_matches(
        self,
        items: list[str],
        documents: list[Match],
        earlier: list[DocUnit],
        top: int,
        policies: int,
        excluded: set[str],
        within: list[str] | None,
    ) -> ProposalMatches:
        """for_proposal's result, once its documents are found and its pool is recalled."""
        # Each suggestion's paragraphs come from the replies that fit the whole proposal
        # first: a suggestion's few words alone find other subjects' paragraphs in a large
        # archive (issue 14), and in a small one its subject word weighs little.
        # An earlier reply to this very proposal (a 续办) is one of them whatever its score.
        best = max((m.score for m in documents), default=0.0)
        earlier_ids = {u.doc_id for u in earlier}
        first = [
            m.id
            for m in documents
            if m.id in earlier_ids or m.score >= max(FIT_DOC_SCORE, FIRST_DOC_SHARE * best)
        ]
        if within is not None:
            first = [d for d in first if d in within]
        # What needs no pool first, while the helper may still be walking its postings:
        # each suggestion's paragraphs in the replies that fit, and its policy passages.
        firsts = [self._first_paragraphs(s, top, first) for s in items]
        cited = [self.policy_passages(s, top=policies) for s in items]
        return ProposalMatches(
            documents=documents,
            suggestions=[
                SuggestionMatches(
                    suggestion=s,
                    paragraphs=self._suggestion_paragraphs(s, top, excluded, within, found),
                    policies=policy,
                )
                for s, found, policy in zip(items, firsts, cited, strict=True)
            ],
            first=first,
        )

    def earlier_replies(self, proposal: Parsed, text: str) -> list[DocUnit]:
        """Archived replies to this proposal's earlier round (a 续办/续复, or the same
        proposer again on the same subject), best first.

        Ranking by words alone loses them in a large archive: a new proposal shares few
        sentences with the earlier reply, and many replies share its subject. What ties
        them is exact: the proposer's name held by the reply, and either the session and
        number the proposal names in the reply's title, or the same subject.
        """
        names = [t for name in proposal.proposers for t in self._tokens(name)]
        own = _number(proposal.proposal_number)
        named = {
            (session, meeting, _number(number))
            for session, meeting, number in _EARLIER.findall(text)
            if _number(number) != own
        }
        title = _CONTINUED.sub("", proposal.title)
        title_tokens = self._tokens(title)
        reply = Kind.REPLY.value
        by_name = self._holding_names(names, title_tokens)
        name_ids = self.index.term_ids(names)
        holding_name = _holding(by_name, name_ids)
        candidates = list(by_name)
        if named:
            # Some names are no token (于霏 is cut into two dropped characters): a cited
            # session and number is looked for among the replies on the subject too.
            more = self.index.search_docs(title_tokens, limit=EARLIER_CANDIDATES, kind=reply)
            candidates += [u for u in more if u.doc_id not in holding_name]
        if not candidates:
            return []
        # The title's words, weighted by rarity, that a reply's subject holds.
        words = list(dict.fromkeys(title_tokens))
        ids = self.index.term_ids(words)
        known = ids >= 0
        words = [w for w, k in zip(words, known.tolist(), strict=True) if k]
        idf = self._weights_for(UNIT_DOC).idf_of(ids[known]).tolist()
        total = sum(idf)
        found: list[tuple[int, float, DocUnit]] = []
        for unit in candidates:
            holds_name = unit.doc_id in holding_name
            cited = False
            if named:
                heading = unit.title + unit.subject
                cited = bool(named & {(a, b, _number(n)) for a, b, n in _EARLIER.findall(heading)})
            if not (holds_name or cited):
                continue  # neither test below can pass: its subject need not be read
            held = set(unit.subject_tokens)
            subject = (
                sum(w for t, w in zip(words, idf, strict=True) if t in held) / total
                if total
                else 0.0
            )
            same_subject = subject >= EARLIER_SUBJECT
            if cited and (holds_name or same_subject):
                found.append((0, -subject, unit))
            elif holds_name and same_subject:
                found.append((1, -subject, unit))
        found.sort(key=lambda f: (f[0], f[1], f[2].doc_id))
        return [unit for _, _, unit in found]

    def _holding_names(self, names: list[str], title_tokens: list[str]) -> list[DocUnit]:
        """Replies holding the proposer's name, those holding most of the title's words
        first. In a large archive a name's tokens (丰华) are held by more replies than are
        looked at: the name alone would leave the earlier reply out at random."""
        words = [w for w in dict.fromkeys(names + title_tokens) if w]
        ids = self.index.term_ids(words)
        known = (ids >= 0).tolist()
        words = [w for w, k in zip(words, known, strict=True) if k]
        if not names or not words:
            return []
        idf = self._weights_for(UNIT_DOC).idf_of(self.index.term_ids(words)).tolist()
        name_set = set(names)
        weights = [NAME_WEIGHT if w in name_set else i for w, i in zip(words, idf, strict=True)]
        return self.index.search_docs(
            words, limit=EARLIER_CANDIDATES, kind=Kind.REPLY.value, weights=weights
        )

    def _first_paragraphs(
        self, suggestion: str, top: int, first: list[str]
    ) -> list[ParagraphMatch]:
        """A suggestion's best answer-body paragraphs in the replies `first` (those that fit
        the whole proposal). Its verbs weigh little (ACTION_WORDS): what it is about decides."""
        if not first:
            return []
        return self.search_paragraph_tokens(
            self._tokens(suggestion),
            top=top,
            kind=Kind.REPLY,
            within=first,
            roles=SLOT_ROLES,
            light=ACTION_WORDS,
        )

    def _suggestion_paragraphs(
        self,
        suggestion: str,
        top: int,
        excluded: set[str],
        within: list[str] | None,
        found: list[ParagraphMatch],
    ) -> list[ParagraphMatch]:
        """Answer-body paragraphs for a suggestion: those `found` in the replies that fit
        (_first_paragraphs), then below them the best of the rest (`within`), each once."""
        tokens = self._tokens(suggestion)
        seen = {(m.doc_id, m.seq) for m in found}
        rest = self.search_paragraph_tokens(
            tokens,
            top=top,
            kind=Kind.REPLY,
            exclude=excluded,
            within=within,
            roles=SLOT_ROLES,
            light=ACTION_WORDS,
        )
        found.extend(m for m in rest if (m.doc_id, m.seq) not in seen)
        for rank, m in enumerate(found, start=1):
            m.rank = rank
        return found

    # --- reuse ----------------------------------------------------------------------------------

    def reuse_pairs(
        self,
        doc_id: str | None = None,
        *,
        threshold: float = REUSE_THRESHOLD,
        min_chars: int = REUSE_MIN_CHARS,
    ) -> list[ReusePair]:
        """Paragraphs one document shares with another, sentence by sentence.

        With `doc_id`, the pairs between that document and every other; without, every pair
        in the archive (each once). `threshold` is the rapidfuzz ratio (0-100) from which two
        sentences count as the same; sentences shorter than `min_chars` are not counted.
        """
        ids = sorted(self.index.ids()) if doc_id is None else [self.archive.resolve(doc_id)]
        seen: set[tuple[str, int, str, int]] = set()
        out: list[ReusePair] = []
        cache: dict[str, list[ParaUnit]] = {}
        for a_id in ids:
            for pair in self._reuse_of(a_id, threshold, min_chars, cache):
                key = (pair.a_id, pair.a_seq, pair.b_id, pair.b_seq)
                flipped = (pair.b_id, pair.b_seq, pair.a_id, pair.a_seq)
                if key in seen or flipped in seen:
                    continue
                seen.add(key)
                out.append(pair)
        out.sort(key=lambda p: (-p.similarity, p.a_id, p.a_seq, p.b_id, p.b_seq))
        return out

    def _reuse_of(
        self, a_id: str, threshold: float, min_chars: int, cache: dict[str, list[ParaUnit]]
    ) -> list[ReusePair]:
        weights = self._weights_for(UNIT_PARA)
        pairs: list[ReusePair] = []
        for a in self._paras(a_id, cache):
            a_sents = _long_sentences(a.text, min_chars)
            if not a_sents:
                continue
            terms = weights.chosen(weights.bag(a.ids), PARA_TERMS, 1)
            found = self.index.search_paragraphs(terms, limit=REUSE_CANDIDATES, exclude={a_id})
            for b in found:
                pair = _compare(a, b, a_sents, threshold, min_chars)
                if pair is not None:
                    pairs.append(pair)
        return pairs

    def _paras(self, doc_id: str, cache: dict[str, list[ParaUnit]]) -> list[ParaUnit]:
        if doc_id not in cache:
            cache[doc_id] = self.index.paragraphs_of(doc_id)
        return cache[doc_id]


class _ParaQuery:
    """A paragraph search's query (see Searcher._paragraph_query): its words and their
    weights, the terms it sends to the index, and the scores of the paragraphs compared with
    it so far. A proposal's suggestion is searched twice (among the replies that fit, then
    among all) and the two searches share candidates: each is scored once."""

    def __init__(self, q: _Bag, scoring: _Weights | _Lightened, terms: list[str]) -> None:
        self.q = q
        self.scoring = scoring
        self.terms = terms
        self._scored: dict[tuple[str, int], Similarity] = {}  # by (doc_id, seq)

    def similarities(self, units: Sequence[ParaUnit]) -> list[Similarity]:
        """`sequence_similarities` of these paragraphs, those not scored before in one
        batch (a text's score does not depend on the others scored beside it)."""
        scored = self._scored
        new = {(u.doc_id, u.seq): u for u in units if (u.doc_id, u.seq) not in scored}
        if new:
            sims = sequence_similarities(self.q, [u.ids for u in new.values()], self.scoring)
            scored.update(zip(new, sims, strict=True))
        return [scored[(u.doc_id, u.seq)] for u in units]


class _Pooled:
    """Paragraphs recalled once for several searches (Searcher._pool_paragraphs). Each search
    takes the first of them holding its words, looked through a block at a time in recall
    order, the blocks' term numbers laid end to end (one pass over an array each). The helper
    thread walks the postings and reads the rows; they are decoded on the thread that asks,
    as far as a search looks: a suggestion's first PARA_CANDIDATES lay among the first ~90
    of 240 at 100,000 replies, and decoding the rest took ~2 ms a proposal."""

    def __init__(self, recalled: Future[Recalled]) -> None:
        self._recalled = recalled
        self._units: list[ParaUnit] = []  # those made so far, in recall order
        self._blocks: list[tuple[npt.NDArray[Any], npt.NDArray[np.int64]]] = []

    def _block(self, k: int) -> tuple[npt.NDArray[Any], npt.NDArray[np.int64]]:
        """The term numbers of block `k`'s units end to end, and each one's unit in the
        block (none past the last unit)."""
        while len(self._blocks) <= k:
            start = len(self._blocks) * POOL_BLOCK
            if len(self._units) < start + POOL_BLOCK:
                self._units = self._recalled.result()(start + POOL_BLOCK)
            units = self._units[start : start + POOL_BLOCK]
            ids = [u.ids for u in units]
            part = np.repeat(np.arange(len(ids), dtype=np.int64), [i.size for i in ids])
            laid = np.concatenate(ids) if ids else np.zeros(0, np.int32)
            self._blocks.append((laid, part))
        return self._blocks[k]

    def holding(self, ids: Ids, limit: int) -> list[ParaUnit]:
        """The first `limit` units holding any of `ids`, in recall order."""
        wanted = ids[ids >= 0]
        out: list[ParaUnit] = []
        k = 0
        while len(out) < limit:
            laid, part = self._block(k)
            start = k * POOL_BLOCK
            if start >= len(self._units):
                break  # past the last
            hit = np.isin(laid, wanted)
            held = np.flatnonzero(np.bincount(part[hit], minlength=POOL_BLOCK))
            out.extend(self._units[start + i] for i in held[: limit - len(out)].tolist())
            k += 1
        return out


def _pool_key(
    generation: int,
    tokens: Sequence[str],
    kind: str | None,
    exclude: Iterable[str],
    within: Sequence[str] | None,
    roles: Iterable[str] | None,
) -> tuple[Any, ...]:
    """What a pooled search must match exactly: the index as it was, the text, the filters."""
    return (
        generation,
        tuple(tokens),
        kind,
        frozenset(exclude),
        None if within is None else tuple(within),
        None if roles is None else frozenset(roles),
    )


# An earlier proposal named in a text: 七届四次会议第195号, 11届4次全体会议第36号(提案).
# What a suggestion asks to do rather than what it is about (genre.SUGGESTION_VERBS and the
# like): in a small archive these are rarer than its subject word (人才 in every reply), so a
# paragraph sharing 加快…解决…难题 outranked the one on 人才公寓; they weigh LIGHT_WEIGHT.
ACTION_WORDS = frozenset(
    [
        *SUGGESTION_VERBS,
        *"""深化 发挥 充分发挥 营造 助力 助推 构建 着力 抢抓 争取 解决 做实 做强 做优 夯实 拓展
        拓宽 促进 提供 实现 形成 立足 聚焦 围绕 注重 坚持 力争 力度 作用 效应 水平 建设 问题 难题""".split(),
    ]
)
_EARLIER = re.compile(
    r"([0-9一二三四五六七八九十]+)届([0-9一二三四五六七八九十]+)次(?:全体)?会议"
    r"[^，。；\n]{0,4}?第\s*([0-9A-Za-z]{1,8})\s*号"
)
_CONTINUED = re.compile(r"[（(](?:续办|续复|续)[)）]")


def _holding(units: Sequence[DocUnit], ids: Ids) -> set[str]:
    """The documents of `units` holding any of the terms `ids` (as a search for them finds
    them): their distinct terms laid end to end and looked up at once, not unit by unit."""
    ids = distinct_sorted(ids[ids >= 0])
    if not ids.size or not units:
        return set()
    laid = np.concatenate([u.distinct for u in units]).astype(np.int64, copy=False)
    part = np.repeat(np.arange(len(units)), [u.distinct.size for u in units])
    held = np.flatnonzero(np.bincount(part[_find(ids, laid)[1]], minlength=len(units)))
    return {units[i].doc_id for i in held.tolist()}


def _number(number: str) -> str:
    """A proposal number compared loosely: 057 is 57."""
    return number.lstrip("0") or number


def _long_sentences(text: str, min_chars: int) -> list[tuple[int, int, str]]:
    out = []
    for s, e in sentences(text):
        norm = _norm(text[s:e])
        if len(norm) >= min_chars:
            out.append((s, e, norm))
    return out


def _compare(
    a: ParaUnit,
    b: ParaUnit,
    a_sents: list[tuple[int, int, str]],
    threshold: float,
    min_chars: int,
) -> ReusePair | None:
    b_sents = _long_sentences(b.text, min_chars)
    if not b_sents:
        return None
    matched: list[SentencePair] = []
    used_b: set[int] = set()
    a_chars = 0.0
    b_chars = 0.0
    b_norms = [sb[2] for sb in b_sents]
    for sa in a_sents:
        # extractOne is rapidfuzz's loop in C; the cutoff skips hopeless pairs early.
        best = process.extractOne(sa[2], b_norms, scorer=fuzz.ratio, score_cutoff=threshold)
        if best is None and len(sa[2]) >= 2 * min_chars:
            # One sentence may run on into the next where the other ends (a lost 。): the
            # shorter one standing almost whole inside the longer counts too.
            best = process.extractOne(
                sa[2], b_norms, scorer=fuzz.partial_ratio, score_cutoff=max(threshold, 90.0)
            )
        if best is None or best[2] in used_b:
            continue
        _, ratio, j = best
        used_b.add(j)
        sb = b_sents[j]
        matched.append(SentencePair((sa[0], sa[1]), (sb[0], sb[1]), round(float(ratio), 1)))
        same = min(len(sa[2]), len(sb[2])) * ratio / 100
        a_chars += same
        b_chars += same
    if not matched or a_chars < 2 * min_chars:
        return None  # a shared address line or title fragment is not a reused paragraph
    a_len = len(_norm(a.text)) or 1
    b_len = len(_norm(b.text)) or 1
    similarity = 100.0 * max(a_chars / a_len, b_chars / b_len)
    return ReusePair(
        a_id=a.doc_id,
        a_seq=a.seq,
        b_id=b.doc_id,
        b_seq=b.seq,
        similarity=round(min(similarity, 100.0), 1),
        a_text=a.text,
        b_text=b.text,
        sentences=matched,
    )


# --- Reasons -------------------------------------------------------------------------------------


def _doc_reasons(
    sim: Similarity, subject: float, shared: list[str], unit: DocUnit, passages: list[Passage]
) -> list[str]:
    reasons: list[str] = []
    if shared:
        reasons.append(f"共有词：{'、'.join(shared[:SHARED_TERMS_SHOWN])}")
    if sim.contained:
        reasons.append(f"正文：含较短一方约{sim.cover:.0%}的关键词、{sim.pairs:.0%}的相连词语")
    else:
        reasons.append(f"正文：用词相近（加权余弦 {sim.cosine:.2f}）")
    if subject >= 0.5 and unit.subject:
        reasons.append(f"标题：{unit.subject}")
    for p in passages:
        where = f"（{p.section}）" if p.section else ""
        reasons.append(f"段落：第{p.seq + 1}段{where}相近，{p.score:.0f}分")
    return reasons


def _paragraph_reasons(u: ParaUnit, shared: list[str]) -> list[str]:
    reasons = []
    if shared:
        reasons.append(f"共有词：{'、'.join(shared[:SHARED_TERMS_SHOWN])}")
    source = u.title or u.doc_id
    where = f"，{u.section}" if u.section else ""
    label = "政策文件" if u.kind == Kind.POLICY.value else "段落"
    reasons.append(f"{label}：《{source}》第{u.seq + 1}段{where}")
    return reasons
