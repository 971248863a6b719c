"""Benchmark of reuse: leave-one-out drafting over real replies (`replydraft bench draft`).

The archive holds the seeds and, with `--corpus DIR`, that folder's documents too. For each
complete real reply in it (one whose answer body stands under headings or numbered points),
a pseudo-proposal is made of its title and the suggestions its sections answer (the
headings, or the first sentence of each numbered point); it is drafted as the reply's own
bureau would, against the archive without that reply (its id excluded from every search).

Printed: the share of reused paragraphs taken from a same-topic reply (a document scoring
at least SAME_TOPIC_SCORE against the held-out reply's body: search.py measured 30-55 for
one subject in other words, 10-25 for other subjects; the dev corpus's two 饮水 replies score
28 against each other), the share of suggestions given at least one paragraph from a
same-topic reply (over all suggestions, and over those of replies whose topic the archive
holds at all, the floor's: where it holds none, a gap is the right answer), the recall of the real reply's body sentences (a reused sentence at least
search.REUSE_THRESHOLD alike, by rapidfuzz), and the share of reused paragraphs naming
another district without a mark (any district of the archive's bureaus, Shanghai's, new
zones). Beside them, as a peer, the same figures for the unfiltered reuse of before: the
best-scoring paragraphs of any role, as they are, no bureau preferred. Exit 1 when a floor
fails (issue 12). With `--corpus fixtures` the corpus is the tests' own (tests/core/
reuse_corpus.py, in a checkout), whose topics are known: the same topic is the known one, and
its new proposals are drafted against the whole archive too, with the same floors (over the
suggestions the archive answers); as its paragraphs are known, it also prints the share of
suggestions given the very measure they ask for, and of those nobody answered left as gaps.
Intake accuracy is printed beside them from the intake fixtures (tests/core/
intake_cases.py, in a checkout) or an installed INTAKE_HOOK module.
"""

from __future__ import annotations

import importlib
import re
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from rapidfuzz import fuzz, process

from replydraft import paths
from replydraft.numbering import match_heading
from replydraft.records import DraftParagraph, Kind, Parsed, Source
from replydraft.reuse import (
    REUSE_MIN_FIT,
    district_of,
    foreign_places,
    plan_reuse,
)
from replydraft.roles import Role

if TYPE_CHECKING:
    from replydraft.search import ProposalMatches, Searcher
    from replydraft.workspace import Workspace

SAME_TOPIC_SCORE = 25.0
SENTENCE_MIN_CHARS = 16
UNKNOWN_BUREAU = "（未署名单位）"
PEER_MIN_SCORE = 35.0  # the peer's threshold: reuse's before roles and fit
ANSWER_QUERY_CHARS = 600  # a real answer's opening, as the query for an answer elsewhere
# A module with `intake_accuracy() -> tuple[int, int]` (fields right, fields checked) on the
# intake fixtures, printed when it can be imported: an installed one, else the tests' own.
INTAKE_HOOK = "replydraft.bench_intake"
INTAKE_FIXTURES = "tests.core.intake_cases"
FIXTURES = "fixtures"  # `--corpus fixtures`: the tests' reuse corpus (FIXTURE_CORPUS), built here
FIXTURE_CORPUS = "tests.core.reuse_corpus"
# Headings that say where the answers stand, not what they answer (主要工作情况 over a run
# of 一是、二是: the points are the suggestions then), and those of a situation report
# (全市农村供水基本情况, 近年来工作开展情况; in traditional characters too): no suggestion.
_GENERIC_HEADING = re.compile(
    r"对.{0,8}(?:提案|建议).{0,6}(?:答复|回复)|办理|答复如下|回复如下"
    r"|^(?:主要|有关|相关|具体)?(?:工作)?(?:情况|做法|措施|举措|成效)$|^主要工作"
    r"|(?:基本|总体|展|工作)情[况況]$"
)
_POINT = re.compile(r"^\s*[一二三四五六七八九十]{1,3}是\s*")
_FIRST_SENTENCE = re.compile(r"^[^。；！？]{4,60}")
_SELF = re.compile(r"我(?:委(?!员)|局|办(?![理事公结])|厅|中心)")


@dataclass
class Case:
    """One held-out reply: its pseudo-proposal and its body sentences."""

    doc_id: str
    title: str
    bureau: str
    self_reference: str
    proposal: Parsed
    sentences: list[str]
    body: str
    # The real reply's answer to each suggestion (the text under its heading, or the 一是…
    # point itself), to tell whether the archive holds any answer to it.
    answers: list[str] = field(default_factory=list)


@dataclass
class Tally:
    """Counts over all cases, for one way of reusing."""

    reused: int = 0
    same_topic: int = 0
    suggestions: int = 0
    answered: int = 0  # suggestions given any paragraph
    fitting: int = 0  # ... given one from a same-topic reply
    held: int = 0  # suggestions of replies whose topic the archive holds
    held_fitting: int = 0
    answerable: int = 0  # suggestions whose real answer the rest of the archive holds
    answerable_fitting: int = 0
    sentences: int = 0
    recalled: int = 0
    reachable: int = 0  # real sentences found in another reply's body at all (recall's ceiling)
    unmarked: int = 0
    # New proposals of a corpus whose paragraphs are known (the fixtures): suggestions asking
    # for what a reply did, given a paragraph telling of it; suggestions nobody answered, left
    # as gaps (a same-topic paragraph there is loosely related, not an answer).
    asked: int = 0
    asked_answered: int = 0
    unasked: int = 0
    unasked_gaps: int = 0
    lines: list[str] = field(default_factory=list)


def _norm(text: str) -> str:
    return re.sub(r"[\W_]+", "", text).lower()


def _sentences(text: str) -> list[str]:
    out = []
    for part in re.split(r"[。！？；]", text):
        norm = _norm(part)
        if len(norm) >= SENTENCE_MIN_CHARS:
            out.append(norm)
    return out


def cases(searcher: Searcher) -> list[Case]:
    """The complete replies of the archive, each as a pseudo-proposal."""
    index = searcher.index
    out: list[Case] = []
    for doc_id in sorted(index.ids()):
        doc = index.get_doc(doc_id)
        shown = index.doc_text(doc_id)
        if doc is None or shown is None or doc.kind != Kind.REPLY.value:
            continue
        suggestions: list[str] = []
        answers: dict[str, list[str]] = {}
        body: list[str] = []
        for seq, text in enumerate(shown.texts):
            if doc.role(seq) != Role.BODY.value or not text.strip():
                continue
            body.append(text)
            heading = shown.sections[seq]
            numbered = match_heading(heading) if heading else None
            point = numbered.text if numbered and numbered.text else heading
            if point and not _GENERIC_HEADING.search(point):
                if point not in suggestions:
                    suggestions.append(point)
                answers.setdefault(point, []).append(text)
                continue
            lead = match_heading(text)
            bullet = _POINT.match(text)
            rest = (
                lead.text
                if lead is not None and lead.number is not None
                else text[bullet.end() :]
                if bullet
                else ""
            )
            first = _FIRST_SENTENCE.match(rest)
            if first and first.group(0) not in suggestions:
                suggestions.append(first.group(0))
                answers[first.group(0)] = [rest]
        sentences = [s for text in body for s in _sentences(text)]
        if not suggestions or not sentences:
            continue  # not a complete reply: nothing says what it answered
        whole = "\n".join(body)
        self_ref = _SELF.search(whole)
        out.append(
            Case(
                doc_id=doc_id,
                title=shown.title,
                bureau=shown.bureau,
                self_reference=self_ref.group(0) if self_ref else "我委",
                proposal=Parsed(kind=Kind.PROPOSAL, title=doc.subject, suggestions=suggestions),
                sentences=sentences,
                body=whole,
                answers=["\n".join(answers.get(x, [])) for x in suggestions],
            )
        )
    return out


def _baseline(found: ProposalMatches, per_suggestion: int) -> dict[int, list[DraftParagraph]]:
    """The peer: reuse as it was before roles, bureau and cleaning (best scores, any role)."""
    out: dict[int, list[DraftParagraph]] = {}
    used: set[tuple[str, int]] = set()
    for i, s in enumerate(found.suggestions):
        taken: list[DraftParagraph] = []
        for m in [*s.paragraphs, *s.policies[:1]]:
            key = (m.doc_id, m.seq)
            if m.score < PEER_MIN_SCORE or len(m.text) < 30 or key in used:
                continue
            if len(taken) >= per_suggestion and m.kind != Kind.POLICY.value:
                continue
            used.add(key)
            taken.append(DraftParagraph(m.text, Source(m.doc_id, m.title, m.kind, m.bureau)))
        if taken:
            out[i] = taken
    return out


def _tally(
    tally: Tally,
    case: Case,
    placed: dict[int, list[DraftParagraph]],
    topic: dict[str, float],
    places: list[str],
    own_district: str,
    answerable: Sequence[bool] = (),
) -> None:
    def same_topic(p: DraftParagraph) -> bool:
        return p.source is not None and topic.get(p.source.doc_id, 0.0) >= SAME_TOPIC_SCORE

    reused = [p for ps in placed.values() for p in ps]
    tally.reused += len(reused)
    count = len(case.proposal.suggestions)
    tally.suggestions += count
    tally.answered += sum(1 for ps in placed.values() if ps)
    fitting = sum(1 for ps in placed.values() if any(map(same_topic, ps)))
    tally.fitting += fitting
    if any(score >= SAME_TOPIC_SCORE for score in topic.values()):
        tally.held += count
        tally.held_fitting += fitting
    for i, held in enumerate(answerable):
        if held:
            tally.answerable += 1
            tally.answerable_fitting += any(map(same_topic, placed.get(i, [])))
    same = sum(map(same_topic, reused))
    tally.same_topic += same
    unmarked = sum(1 for p in reused if foreign_places(p.text, own_district, places))
    tally.unmarked += unmarked
    drafted = [
        s for p in reused for s in _sentences((p.source.original if p.source else "") or p.text)
    ]
    recalled = 0
    for s in case.sentences:
        if drafted and process.extractOne(s, drafted, scorer=fuzz.ratio, score_cutoff=80):
            recalled += 1
    tally.sentences += len(case.sentences)
    tally.recalled += recalled
    tally.lines.append(
        f"  {case.doc_id}  {case.title[:28]:<28}  reused {len(reused):2d}  same-topic {same:2d}  "
        f"fitting {fitting}/{count}  "
        f"recall {recalled}/{len(case.sentences)}  unmarked {unmarked}"
    )


def measure(
    ws: Workspace, *, per_suggestion: int = 2, topics: dict[str, str] | None = None
) -> tuple[Tally, Tally, int]:
    """Leave-one-out over the workspace's archive: (reuse now, the peer, cases).

    `topics` (doc id -> topic, for a corpus whose topics are known) decides what is the
    same topic instead of the search score."""
    from replydraft.profiles import BureauProfile

    searcher = ws.searcher
    all_cases = cases(searcher)
    places = sorted({district_of(b) for b in _bureaus(searcher)} - {""})
    now, peer = Tally(), Tally()
    bodies = _body_sentences(searcher)
    for case in all_cases:
        others = [s for doc_id, sents in bodies.items() if doc_id != case.doc_id for s in sents]
        now.reachable += sum(
            1
            for s in case.sentences
            if others and process.extractOne(s, others, scorer=fuzz.ratio, score_cutoff=80)
        )
        # A reply that does not say who wrote it is drafted by a bureau of nowhere: every
        # source's district is another one (reuse marks rather than guesses).
        name = case.bureau or UNKNOWN_BUREAU
        profile = BureauProfile(id="bench", name=name, self_reference=case.self_reference)
        own = district_of(case.bureau)
        found = searcher.for_proposal(case.proposal, exclude={case.doc_id})
        if topics is not None:
            topic = _known_topic(topics, topics.get(case.doc_id, ""))
        else:
            topic = {
                m.id: m.score
                for m in searcher.search(case.body, top=50, exclude={case.doc_id}, passages_for=0)
            }
        plan = plan_reuse(found, profile=profile, per_suggestion=per_suggestion)
        held = _answer_held(searcher, case, topic)
        _tally(now, case, plan.placed, topic, places, own, held)
        unfiltered = _unfiltered(searcher, case, found)
        _tally(peer, case, _baseline(unfiltered, per_suggestion), topic, places, own, held)
    return now, peer, len(all_cases)


def _answer_held(searcher: Searcher, case: Case, topic: dict[str, float]) -> list[bool]:
    """For each suggestion, whether another same-topic reply holds a paragraph that fits the
    real reply's own answer to it as well as reuse asks a paragraph to fit its suggestion
    (REUSE_MIN_FIT): a suggestion nobody else answered is rightly left a gap, and only the
    others can show whether reuse finds what is there."""
    out = []
    for answer in case.answers:
        found = (
            searcher.search_paragraphs(
                answer[:ANSWER_QUERY_CHARS],
                top=3,
                kind=Kind.REPLY,
                exclude={case.doc_id},
                roles=[Role.BODY.value],
            )
            if answer
            else []
        )
        out.append(
            any(
                m.score >= REUSE_MIN_FIT and topic.get(m.doc_id, 0.0) >= SAME_TOPIC_SCORE
                for m in found
            )
        )
    return out


def _known_topic(topics: dict[str, str], key: str) -> dict[str, float]:
    """Scores as _tally reads them, from known topics: 100 on the same topic, else 0."""
    return {doc_id: 100.0 if key and t == key else 0.0 for doc_id, t in topics.items()}


def measure_proposals(
    ws: Workspace,
    proposals: list[NewProposal],
    topics: dict[str, str],
    answers: Callable[[str], tuple[str, int] | None],
    *,
    per_suggestion: int = 2,
) -> tuple[Tally, Tally]:
    """New proposals (nobody's reply held out: the whole archive answers), drafted by the
    bureau each names; same topic by the known topics. (reuse now, the peer)."""
    from replydraft.ingest import ingest_text
    from replydraft.parse import parse
    from replydraft.profiles import BureauProfile

    searcher = ws.searcher
    places = sorted({district_of(b) for b in _bureaus(searcher)} - {""})
    now, peer = Tally(), Tally()
    for p in proposals:
        parsed = parse(list(ingest_text(p.text).paragraphs), kind=Kind.PROPOSAL)
        profile = BureauProfile(id="bench", name=p.bureau, self_reference=p.self_reference)
        case = Case(p.name, parsed.title, p.bureau, p.self_reference, parsed, [], "")
        found = searcher.for_proposal(parsed)
        topic = _known_topic(topics, p.topic)
        plan = plan_reuse(found, profile=profile, per_suggestion=per_suggestion)
        unfiltered = _unfiltered(searcher, case, found)
        for tally, placed in ((now, plan.placed), (peer, _baseline(unfiltered, per_suggestion))):
            held, held_fitting = tally.held, tally.held_fitting
            _tally(tally, case, placed, topic, places, district_of(p.bureau), p.answerable)
            # The floor counts the suggestions the archive answers: a gap is right elsewhere.
            answerable = [i for i, yes in enumerate(p.answerable) if yes]
            _tally_answers(tally, p, placed, answers)
            tally.held = held + len(answerable)
            tally.held_fitting = held_fitting + sum(
                1
                for i in answerable
                if any(
                    x.source and topic.get(x.source.doc_id, 0.0) >= SAME_TOPIC_SCORE
                    for x in placed.get(i, [])
                )
            )
    return now, peer


def _tally_answers(
    tally: Tally,
    p: NewProposal,
    placed: dict[int, list[DraftParagraph]],
    answers: Callable[[str], tuple[str, int] | None],
) -> None:
    for i, asked in enumerate(p.measures):
        given = [
            answers((x.source.original if x.source else "") or x.text) for x in placed.get(i, [])
        ]
        if asked is None:
            tally.unasked += 1
            tally.unasked_gaps += not given
        else:
            tally.asked += 1
            tally.asked_answered += (p.topic, asked) in given


def _bureaus(searcher: Searcher) -> list[str]:
    index = searcher.index
    return [d.bureau for d in (index.get_doc(i) for i in index.ids()) if d]


def _body_sentences(searcher: Searcher) -> dict[str, list[str]]:
    """The sentences of every reply's answer body, by document."""
    index = searcher.index
    out: dict[str, list[str]] = {}
    for doc_id in index.ids():
        doc, shown = index.get_doc(doc_id), index.doc_text(doc_id)
        if doc is None or shown is None or doc.kind != Kind.REPLY.value:
            continue
        out[doc_id] = [
            s
            for seq, text in enumerate(shown.texts)
            if doc.role(seq) == Role.BODY.value
            for s in _sentences(text)
        ]
    return out


def _unfiltered(searcher: Searcher, case: Case, found: ProposalMatches) -> ProposalMatches:
    """The same searches with paragraphs of every role (what reuse saw before roles)."""
    from replydraft.search import ProposalMatches, SuggestionMatches

    return ProposalMatches(
        documents=found.documents,
        suggestions=[
            SuggestionMatches(
                suggestion=s.suggestion,
                paragraphs=searcher.search_paragraphs(
                    s.suggestion, top=5, kind=Kind.REPLY, exclude={case.doc_id}
                ),
                policies=s.policies,
            )
            for s in found.suggestions
        ],
    )


@dataclass
class Row:
    """One figure: its label, (part, whole) now and for the peer, and its floor (a share)."""

    label: str
    now: tuple[int, int]
    peer: tuple[int, int]
    floor: float | None = None
    at_most: bool = False  # the floor is a ceiling: 0% of paragraphs naming another district


def _rows(now: Tally, peer: Tally) -> list[Row]:
    return [
        Row(
            "from a same-topic reply",
            (now.same_topic, now.reused),
            (peer.same_topic, peer.reused),
            0.80,
        ),
        Row(
            "suggestions with any paragraph",
            (now.answered, now.suggestions),
            (peer.answered, peer.suggestions),
        ),
        Row(
            "suggestions with a fitting paragraph",
            (now.fitting, now.suggestions),
            (peer.fitting, peer.suggestions),
        ),
        Row(
            "  where the archive holds the topic",
            (now.held_fitting, now.held),
            (peer.held_fitting, peer.held),
        ),
        Row(
            "  where another reply holds an answer",
            (now.answerable_fitting, now.answerable),
            (peer.answerable_fitting, peer.answerable),
            0.60,
        ),
        Row(
            "recall of the real sentences",
            (now.recalled, now.sentences),
            (peer.recalled, peer.sentences),
        ),
        Row(
            "  found in another reply at all (ceiling)",
            (now.reachable, now.sentences),
            (now.reachable, now.sentences),
        ),
        Row(
            "another district unmarked",
            (now.unmarked, now.reused),
            (peer.unmarked, peer.reused),
            0.0,
            at_most=True,
        ),
    ]


def _intake_hook() -> Callable[[], tuple[int, int]] | None:
    """The intake benchmark: INTAKE_HOOK if installed, else, in a checkout, the intake
    fixtures of the tests (INTAKE_FIXTURES), which are not part of an installed package."""
    for name in (INTAKE_HOOK, INTAKE_FIXTURES):
        if name == INTAKE_FIXTURES:
            root = paths.bundle_root()
            if not (root / "tests" / "core" / "intake_cases.py").is_file():
                continue
            if str(root) not in sys.path:
                sys.path.insert(0, str(root))
        try:
            hook: Callable[[], tuple[int, int]] = importlib.import_module(name).intake_accuracy
        except (ImportError, AttributeError):
            continue
        return hook
    return None


def _intake_line() -> str:
    hook = _intake_hook()
    if hook is None:
        return "intake accuracy: not measured here (no intake fixtures in this installation)"
    right, checked = hook()
    return f"intake accuracy on the intake fixtures: {right}/{checked} fields = {right / max(checked, 1):.1%}"


@dataclass
class NewProposal:
    """A proposal nobody answered yet (the fixtures'): its text, topic and drafting bureau."""

    name: str
    topic: str
    text: str
    bureau: str
    self_reference: str
    answerable: list[bool]  # per suggestion: whether a reply of the archive answers it
    measures: list[int | None]  # per suggestion: the measure it asks for (None: unanswered)


@dataclass
class Fixtures:
    """The reuse corpus of the tests (tests/core/reuse_corpus.py), written to a folder."""

    topics: dict[str, str]  # file name -> topic
    proposals: list[NewProposal]
    answers: Callable[[str], tuple[str, int] | None]  # the measure a paragraph tells of


def _write_fixtures(folder: Path) -> Fixtures | None:
    """The tests' reuse corpus written to `folder` (in a checkout only); None without it."""
    root = paths.bundle_root()
    if not (root / "tests" / "core" / "reuse_corpus.py").is_file():
        return None
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    corpus = importlib.import_module(FIXTURE_CORPUS)
    written = corpus.write_corpus(folder)
    return Fixtures(
        {w.path.name: w.topic for w in written},
        [
            NewProposal(
                p.name, p.topic, p.text, p.bureau, p.self_reference, p.answerable, p.measures
            )
            for p in corpus.proposals()
        ],
        corpus.answers,
    )


def _print_rows(rows: list[Row]) -> bool:
    """The rows with their verdicts; True when a floor failed."""
    failed = False
    for row in rows:
        share = row.now[0] / row.now[1] if row.now[1] else 0.0
        peer_share = row.peer[0] / row.peer[1] if row.peer[1] else 0.0
        verdict = ""
        if not row.now[1]:  # nothing counted: no share to judge
            print(f"{row.label:<44}{'–':>8}{'–':>8}  (none here)")
            continue
        if row.floor is not None:
            ok = share <= row.floor if row.at_most else share >= row.floor
            failed |= not ok
            sign = "=" if row.at_most else ">="
            verdict = f"{sign} {row.floor:.0%} {'ok' if ok else 'FAILED'}"
        print(f"{row.label:<44}{share:>8.0%}{peer_share:>8.0%}  {verdict}".rstrip())
    return failed


def run(corpus: Path | None = None, *, home: Path | None = None, verbose: bool = True) -> int:
    """Build a scratch archive (seeds, plus `corpus`), measure, print; 0 when the floors hold.

    `corpus` may be FIXTURES ("fixtures"): the tests' own reuse corpus, written here, whose
    topics are known; its new proposals are drafted too."""
    from replydraft.importer import import_paths
    from replydraft.workspace import Workspace

    fixtures: Fixtures | None = None
    fresh: tuple[Tally, Tally] | None = None
    with tempfile.TemporaryDirectory(prefix="replydraft-bench-draft-") as scratch:
        if corpus is not None and str(corpus) == FIXTURES:
            fixtures = _write_fixtures(Path(scratch) / "fixtures")
            if fixtures is None:
                print("bench draft: no fixture corpus in this installation", file=sys.stderr)
                return 1
            corpus = Path(scratch) / "fixtures"
        ws = Workspace.open(home or Path(scratch) / "home")
        try:
            if corpus is not None:
                import_paths(ws.archive, [corpus], tokenizer=ws.tokenizer, workers=1)
            ws.refresh_index()
            topics = None
            if fixtures is not None:
                # The seeds are a topic of their own (AI talent), none of the fixtures'.
                topics = {
                    s.id: fixtures.topics.get(Path(s.source).name, "seeds")
                    for s in ws.archive.list()
                }
            now, peer, count = measure(ws, topics=topics)
            if fixtures is not None and topics is not None:
                fresh = measure_proposals(ws, fixtures.proposals, topics, fixtures.answers)
        finally:
            ws.close()
    where = f"seeds + {'the fixture corpus' if fixtures else corpus}" if corpus else "seeds"
    print(f"bench draft: leave-one-out over {count} complete replies ({where})")
    if verbose:
        print("reuse now, per reply:")
        print("\n".join(now.lines))
    print(_intake_line())
    print(f"{'':44}{'now':>8}{'peer':>8}  floor")
    print(f"{'reused paragraphs':<44}{now.reused:>8d}{peer.reused:>8d}")
    failed = _print_rows(_rows(now, peer))
    if fresh is not None:
        fresh_now, fresh_peer = fresh
        print(
            f"new proposals of the fixture corpus ({len(fresh_now.lines)}), drafted against "
            "the whole archive, same topic as known:"
        )
        if verbose:
            print("\n".join(fresh_now.lines))
        print(f"{'reused paragraphs':<44}{fresh_now.reused:>8d}{fresh_peer.reused:>8d}")
        rows = [r for r in _rows(fresh_now, fresh_peer) if "ceiling" not in r.label]
        rows = [r for r in rows if not r.label.startswith("recall")]
        rows += [
            Row(
                "suggestions given the measure they ask for",
                (fresh_now.asked_answered, fresh_now.asked),
                (fresh_peer.asked_answered, fresh_peer.asked),
            ),
            Row(
                "suggestions nobody answered left as gaps",
                (fresh_now.unasked_gaps, fresh_now.unasked),
                (fresh_peer.unasked_gaps, fresh_peer.unasked),
            ),
        ]
        failed |= _print_rows(rows)
    if count == 0:
        print("no complete reply to measure", file=sys.stderr)
        return 1
    return 1 if failed else 0
