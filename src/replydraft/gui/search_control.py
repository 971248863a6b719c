"""Searching the archive for the side panel: off the GUI thread, newest request wins.

SearchControl asks the core's Searcher (on the serial worker) for replies like the proposal,
or like the text the officer typed, and hands the results to the 相似答复 and 政策依据 tabs
as plain rows (DocHit), so the tabs never see the core's objects.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from replydraft import session
from replydraft.gui.services import CoreServices
from replydraft.gui.side_panel import DocHit, PolicyTab, SimilarTab
from replydraft.gui.workers import Task
from replydraft.records import Kind, Parsed, Record
from replydraft.workspace import Workspace

if TYPE_CHECKING:
    from replydraft.profiles import BureauProfile
    from replydraft.reuse import Candidate, ReusePlan
    from replydraft.search import Match, Passage, ProposalMatches

SEARCH_TOP = 8
POLICY_TOP = 5
Groups = list[tuple[str, list[tuple[DocHit, list[DocHit]]]]]


def doc_hit(m: Match) -> DocHit:
    return DocHit(m.id, m.title, m.kind, m.bureau, m.date, float(m.score))


def passage_hit(m: Match, p: Passage) -> DocHit:
    return DocHit(
        m.id,
        m.title,
        m.kind,
        m.bureau,
        m.date,
        float(p.score),
        p.seq,
        p.text,
        tuple(p.terms),
        tuple((a, b) for a, b in p.spans),
    )


def paragraph_hits(paragraphs: list[Any]) -> list[DocHit]:
    """Rows for search.ParagraphMatch results (a passage with its document's facts)."""
    return [
        DocHit(
            p.doc_id,
            p.title,
            p.kind,
            p.bureau,
            p.date,
            float(p.score),
            p.seq,
            p.text,
            tuple(p.terms),
            tuple((a, b) for a, b in p.spans),
        )
        for p in paragraphs
    ]


def candidate_hits(candidates: list[Candidate]) -> list[DocHit]:
    """Rows for the paragraphs reuse kept but did not place, with why (reuse.Candidate)."""
    out = []
    for c in candidates:
        s = c.source
        if s is None:
            continue
        reasons = tuple([*c.reasons, *s.notes])
        out.append(
            DocHit(
                s.doc_id,
                s.title,
                s.kind,
                s.bureau,
                s.date,
                c.fit,
                s.seq,
                s.original,
                reasons=reasons,
            )
        )
    return out


def groups_for_proposal(found: ProposalMatches, plan: ReusePlan | None = None) -> Groups:
    """The whole proposal's replies, then per suggestion its paragraphs; a suggestion the
    draft's reuse left as a gap shows the candidates it kept instead, with their reasons."""
    docs = [(doc_hit(m), [passage_hit(m, p) for p in m.passages]) for m in found.documents]
    per_suggestion = []
    for i, s in enumerate(found.suggestions):
        kept = plan.candidates.get(i, []) if plan is not None and i not in plan.placed else []
        if kept:
            label = f"建议{i + 1}：{s.suggestion}（草稿留空，候选段落）"
            per_suggestion.append((DocHit("", label, "", "", "", 0.0), candidate_hits(kept)))
        else:
            label = f"建议{i + 1}：{s.suggestion}"
            per_suggestion.append(
                (DocHit("", label, "", "", "", 0.0), paragraph_hits(s.paragraphs))
            )
    groups: Groups = [("整篇相似的往年答复", docs)]
    if per_suggestion:
        groups.append(("逐条建议可用的段落", per_suggestion))
    return groups


def policy_rows(found: ProposalMatches, plan: ReusePlan | None) -> list[tuple[str, list[DocHit]]]:
    """Per suggestion, the policies the draft cites (by their title, reuse.Citation) first,
    then the other passages found."""
    from replydraft.reuse import policy_title

    rows: list[tuple[str, list[DocHit]]] = []
    for i, s in enumerate(found.suggestions):
        cites = plan.citations.get(i, []) if plan is not None else []
        cited = {(c.doc_id, c.seq) for c in cites}
        by_key = {(m.doc_id, m.seq): m for m in s.policies}
        hits = [
            DocHit(
                c.doc_id,
                c.title,
                "policy",
                by_key[c.doc_id, c.seq].bureau if (c.doc_id, c.seq) in by_key else "",
                by_key[c.doc_id, c.seq].date if (c.doc_id, c.seq) in by_key else "",
                c.score,
                c.seq,
                c.passage,
                reasons=("草稿引用的政策依据",),
            )
            for c in cites
        ]
        for m, hit in zip(s.policies, paragraph_hits(s.policies), strict=True):
            if (m.doc_id, m.seq) not in cited:
                hits.append(replace(hit, title=policy_title(m) or hit.title))
        rows.append((s.suggestion, hits))
    return rows


def groups_for_query(matches: list[Match], paragraphs: list[Any]) -> Groups:
    docs = [(doc_hit(m), [passage_hit(m, p) for p in m.passages]) for m in matches]
    return [("相关的往年答复", docs), ("相关段落", [(h, []) for h in paragraph_hits(paragraphs)])]


class SearchControl(QObject):
    """`done` after each search's results (or failure) reached the tabs; `working(bool)`."""

    done = Signal()
    working = Signal(bool)
    record_shown = Signal(str)

    def __init__(
        self,
        services: CoreServices,
        similar: SimilarTab,
        policy: PolicyTab,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.similar = similar
        self.policy = policy
        self._generation = 0
        self.searched: Parsed | None = None  # the proposal the shown results are for
        similar.record_wanted.connect(self.load_record)

    def refresh(
        self, query: str, proposal: Parsed | None, profile: BureauProfile | None = None
    ) -> bool:
        """Search for `query`, or (when empty) for `proposal` (with reuse's choice for
        `profile`'s bureau: candidates for its gaps, citations); False when there is nothing
        to search for. Results of an older request arriving late are dropped."""
        if not query and (proposal is None or not (proposal.title or proposal.suggestions)):
            return False
        self._generation += 1
        generation = self._generation
        self.searched = proposal
        self.working.emit(True)

        def search(ws: Workspace, _task: Task) -> tuple[Groups, list[tuple[str, list[DocHit]]]]:
            if query:
                matches, paragraphs = ws.searcher.side_panel(query, top=SEARCH_TOP, kind=Kind.REPLY)
                policies = ws.searcher.policy_passages(query, top=POLICY_TOP)
                return groups_for_query(matches, paragraphs), [(query, paragraph_hits(policies))]
            assert proposal is not None
            found = ws.searcher.for_proposal(proposal, top=SEARCH_TOP)
            plan = session.plan_for(ws, proposal, profile)  # what the draft chose, as it did
            return groups_for_proposal(found, plan), policy_rows(found, plan)

        def show(result: tuple[Groups, list[tuple[str, list[DocHit]]]]) -> None:
            if generation != self._generation:
                return  # a newer search is under way
            groups, policies = result
            count = len(groups[0][1]) if groups else 0
            status = (
                f"“{query[:20]}”：找到 {count} 篇相关答复。"
                if query
                else f"按当前提案找到 {count} 篇相似答复；选中一段即可插入。"
            )
            self.similar.show_results(groups, status)
            self.policy.show_policies(policies)
            self.working.emit(False)
            self.done.emit()

        def failed(exc: BaseException) -> None:
            if generation == self._generation:
                self.similar.status.setText(f"搜索失败：{exc}")
                self.working.emit(False)
                self.done.emit()

        self.services.run("search", search, show, failed)
        return True

    def load_record(self, doc_id: str) -> None:
        """Fetch a record for the 相似答复 viewer (on the serial worker)."""
        if not doc_id:
            return

        def shown(record: Record) -> None:
            self.similar.show_record(record)
            self.record_shown.emit(doc_id)

        def failed(exc: BaseException) -> None:
            self.similar.status.setText(str(exc))

        self.services.run("get-record", lambda ws, _t: ws.archive.get(doc_id), shown, failed)
