"""The use cases both faces call: open a proposal, choose the bureau and template, draft with
reuse, check with the word list and tokenizer, export.

`cli.py` and the window call these functions and nothing below them, so the same proposal
and bureau give the same draft in both (tests/core/test_session.py; tests/gui/test_one_path.py:
the window's draft equals `replydraft draft`'s). No Qt here: the window runs these on its workers.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from replydraft.errors import ReplydraftError
from replydraft.records import (
    Draft,
    DraftParagraph,
    DraftSection,
    Kind,
    Parsed,
    ProposalScan,
    Source,
    UnsureLine,
)
from replydraft.reuse import MARK
from replydraft.templates import TODO_OPEN

if TYPE_CHECKING:
    from replydraft.check import Finding
    from replydraft.profiles import BureauProfile, ProfileStore
    from replydraft.readers.base import CancelCheck, PageProgress
    from replydraft.readers.ocr import Recognised
    from replydraft.reuse import ReusePlan
    from replydraft.sent import Archived
    from replydraft.templates import TemplateStore
    from replydraft.workspace import Workspace

# Every 【待填写…】 gap, however long its label: the officer's text still to write.
GAP = re.compile(re.escape(TODO_OPEN) + r"[^】]*】")
# Every 【核实：…】 mark reuse left on another district's or bureau's name (reuse.MARK): a
# sentence about somewhere else, still to rewrite. An export refuses both alike.
MARKED = re.compile(re.escape(MARK) + r"[^】]*】")
PER_SUGGESTION = 2  # reused paragraphs per suggestion, in the CLI and the window alike
EXPORT_SUFFIXES = (".docx", ".txt", ".json")


# --- opening a proposal ---------------------------------------------------------------------


@dataclass
class OpenedProposal:
    """A proposal as read: its parsed fields and the paragraphs they came from."""

    proposal: Parsed
    paragraphs: list[str]
    name: str  # the file name, the archive id, or 粘贴的文本
    recognised: Recognised | None = None  # read from a scan by OCR: the officer checks it

    @property
    def unsure(self) -> list[str]:
        """Fields guessed from weak cues (the parser's `Parsed.unsure`)."""
        return list(self.proposal.unsure)


def open_proposal_file(
    path: Path, *, progress: PageProgress | None = None, cancel: CancelCheck | None = None
) -> OpenedProposal:
    """A proposal file in any format ingest reads. A scan is recognised page by page:
    `progress(done, total)` after each page, `cancel()` before each (True: Cancelled)."""
    from replydraft.ingest import ingest_file
    from replydraft.parse import parse
    from replydraft.readers.registry import ReadOptions

    ingested = ingest_file(path, ReadOptions(progress=progress, cancel=cancel))
    paragraphs = list(ingested.paragraphs)
    parsed = parse(paragraphs, kind=Kind.PROPOSAL)
    return OpenedProposal(parsed, paragraphs, path.name, ingested.recognised)


def open_proposal_text(text: str) -> OpenedProposal:
    """Pasted text; IngestError when there is nothing to read."""
    from replydraft.ingest import ingest_text
    from replydraft.parse import parse

    paragraphs = list(ingest_text(text).paragraphs)
    return OpenedProposal(parse(paragraphs, kind=Kind.PROPOSAL), paragraphs, "粘贴的文本")


def open_proposal_record(ws: Workspace, record_id: str) -> OpenedProposal:
    """A proposal stored in the archive (RecordNotFound / KeyError when there is none)."""
    record = ws.archive.get(record_id)
    return OpenedProposal(copy.deepcopy(record.parsed), record.text.split("\n"), record.id)


# --- bureau and template --------------------------------------------------------------------


def bureau_for(proposal: Parsed, profiles: ProfileStore, default: str) -> str:
    """The bureau the proposal names as lead unit, else as co-unit, else `default`."""
    from replydraft.profiles import ProfileError

    loaded: list[BureauProfile] = []
    for info in profiles.list():
        if info.error:
            continue
        try:
            loaded.append(profiles.load(info.id))
        except ProfileError:
            continue
    for units in ([proposal.lead_unit], proposal.co_units):
        for profile in loaded:
            if any(profile.is_named(u) for u in units if u):
                return profile.id
    return default


# --- drafting -------------------------------------------------------------------------------


def draft_reply(
    ws: Workspace,
    proposal: Parsed,
    bureau: str,
    *,
    kind: str | None = None,
    use: Iterable[str] | None = None,
    per_suggestion: int = PER_SUGGESTION,
    today: date | None = None,
    recognised: Recognised | None = None,
) -> Draft:
    """The pre-filled reply with the archive's best paragraphs per suggestion.

    `use` limits reuse to these archive ids (`draft --use`). Searching opens the index
    (a long build the first time): callers that show progress open it first. `recognised`
    (the proposal was read by OCR) goes into the draft, for the proofreader.
    """
    from replydraft.draft import build_draft

    profile = ws.profiles.load(bureau)
    plan = plan_for(ws, proposal, profile, use=use, per_suggestion=per_suggestion)
    draft = build_draft(
        proposal, profile, ws.templates, kind=kind or None, matches=plan.placed, today=today
    )
    draft.bureau = bureau
    draft.proposal_scan = proposal_scan(recognised)
    return draft


def proposal_scan(recognised: Recognised | None) -> ProposalScan | None:
    """What a draft keeps of the OCR that read its proposal: pages and unsure lines."""
    if recognised is None:
        return None
    return ProposalScan(
        pages=list(recognised.numbers or range(1, recognised.pages + 1)),
        unsure=[UnsureLine(u.page, u.text, u.score) for u in recognised.low_confidence],
        engine=recognised.engine,
    )


def take_paragraph(text: str, source: Source, profile: BureauProfile | None) -> DraftParagraph:
    """A paragraph the officer picked in the side panel, as the draft's own reuse would put
    it in for `profile`'s bureau (reuse.take_paragraph): cleaned, adapted, marked, its
    changes and notes in its Source."""
    from replydraft.reuse import take_paragraph as take

    return take(text, source, profile)


def plan_for(
    ws: Workspace,
    proposal: Parsed,
    profile: BureauProfile | None,
    *,
    use: Iterable[str] | None = None,
    per_suggestion: int = PER_SUGGESTION,
) -> ReusePlan:
    """Reuse for `proposal` drafted by `profile`'s bureau: the paragraphs placed (draft_reply
    puts them in), the candidates kept for the slots left as gaps and the policies to cite
    (the side panel shows both), from one search of the archive."""
    from replydraft.reuse import plan_reuse

    found = ws.searcher.for_proposal(proposal, only=None if use is None else list(use))
    return plan_reuse(found, profile=profile, per_suggestion=per_suggestion)


def reused_paragraphs(
    draft: Draft, suggestions: list[str] | None = None
) -> dict[int, list[DraftParagraph]]:
    """The reused paragraphs under each suggestion, by the suggestion's index in
    `suggestions` (default: the draft's proposal's)."""
    suggestions = draft.proposal.suggestions if suggestions is None else suggestions
    out: dict[int, list[DraftParagraph]] = {}
    for section in draft.all_sections():
        if section.suggestion in suggestions:
            kept = [copy.deepcopy(p) for p in section.paragraphs if p.source is not None]
            if kept:
                out.setdefault(suggestions.index(section.suggestion), []).extend(kept)
    return out


def redraft(
    current: Draft,
    proposal: Parsed,
    profile: BureauProfile,
    templates: TemplateStore,
    *,
    base_proposal: Parsed | None = None,
    base_profile: BureauProfile | None = None,
    base_kind: str | None = None,
    kind: str | None = None,
    today: date | None = None,
) -> Draft:
    """`current` drafted again for an edited `proposal` (or another bureau or template),
    keeping what the officer wrote.

    The template's text for the draft as it was (`base_*`, default: as now) tells generated
    text from the officer's: a part still equal to it is replaced by the new template text,
    anything the officer typed, changed or inserted stays (reused paragraphs with their
    source too). Sections follow the suggestions: an edited suggestion keeps its section.
    """
    from replydraft.draft import build_draft

    old_proposal = base_proposal if base_proposal is not None else current.proposal
    old_kind = base_kind or current.template or kind
    when = today or _date_of(current.date)
    # Sections still carry the suggestion they were drafted for (the old text): the reuse
    # they hold goes with that suggestion into the new draft.
    reused = reused_paragraphs(current, old_proposal.suggestions)
    base = build_draft(
        old_proposal,
        base_profile or profile,
        templates,
        kind=old_kind,
        matches=reused,
        today=when,
    )
    new = build_draft(
        proposal,
        profile,
        templates,
        kind=kind,
        matches=_reuse_for(reused, old_proposal.suggestions, proposal.suggestions),
        today=when,
    )
    return merge_drafts(current, base, new)


def _date_of(iso: str) -> date | None:
    try:
        return date.fromisoformat(iso)
    except ValueError:
        return None


def _reuse_for(
    reused: dict[int, list[DraftParagraph]], had: list[str], wanted: list[str]
) -> dict[int, list[DraftParagraph]]:
    """Reused paragraphs re-keyed from the suggestions `had` to those `wanted`."""
    pairs = _pair_suggestions(had, wanted)
    return {j: copy.deepcopy(reused[i]) for j, i in pairs.items() if i is not None and i in reused}


def _pair_suggestions(old: list[str], new: list[str]) -> dict[int, int | None]:
    """For each new suggestion the old one it continues: the same text, else (an edit in
    place) the old one at the same position whose text is gone from the new list."""
    pairs: dict[int, int | None] = {}
    taken: set[int] = set()
    for j, text in enumerate(new):
        if text in old and old.index(text) not in taken:
            pairs[j] = old.index(text)
            taken.add(old.index(text))
    for j, _text in enumerate(new):
        if j in pairs:
            continue
        if j < len(old) and j not in taken and old[j] not in new:
            pairs[j] = j
            taken.add(j)
        else:
            pairs[j] = None
    return pairs


def merge_drafts(current: Draft, base: Draft, new: Draft) -> Draft:
    """Three-way: where `current` still equals the template's `base`, take `new`; keep the rest."""

    def pick(cur: Any, old: Any, fresh: Any) -> Any:
        return copy.deepcopy(fresh if cur == old else cur)

    out = copy.deepcopy(new)
    out.proposal_scan = copy.deepcopy(current.proposal_scan)  # the same proposal file
    for name in ("title", "salutation", "opening", "signature", "print_office", "date"):
        setattr(out, name, pick(getattr(current, name), getattr(base, name), getattr(new, name)))
    for name in ("result", "disclosure", "doc_number", "signer"):
        setattr(
            out.header,
            name,
            pick(
                getattr(current.header, name), getattr(base.header, name), getattr(new.header, name)
            ),
        )
    out.contact = pick(current.contact, base.contact, new.contact)
    out.cc = pick(current.cc, base.cc, new.cc)
    out.notes = pick(current.notes, base.notes, new.notes)
    out.preamble = _merge_paragraphs(current.preamble, base.preamble, new.preamble)
    closing = _merge_paragraphs(
        [DraftParagraph(t) for t in current.closing],
        [DraftParagraph(t) for t in base.closing],
        [DraftParagraph(t) for t in new.closing],
    )
    out.closing = [p.text for p in closing]
    out.sections = _merge_sections(
        current.sections, base.sections, new.sections, base.proposal, new.proposal
    )
    return out


def _merge_paragraphs(
    current: list[DraftParagraph], base: list[DraftParagraph], new: list[DraftParagraph]
) -> list[DraftParagraph]:
    """The officer's paragraphs stay where they are; template paragraphs still as generated
    become their new wording (or go, when the new template has none there)."""
    base_at = {p.text: k for k, p in reversed(list(enumerate(base))) if p.source is None}
    out: list[DraftParagraph] = []
    used: set[int] = set()
    for p in current:
        k = base_at.get(p.text) if p.source is None else None
        if k is None or k in used:
            out.append(copy.deepcopy(p))
            continue
        used.add(k)
        if k < len(new) and new[k].source is None:
            out.append(copy.deepcopy(new[k]))
    # Reused paragraphs the new draft brings that the officer does not have yet.
    have = {(p.source.doc_id, p.source.original) for p in out if p.source is not None}
    for k, p in enumerate(new):
        brought = p.source is not None and (p.source.doc_id, p.source.original) not in have
        if brought or (p.source is None and k >= len(base)):
            out.append(copy.deepcopy(p))
    return out


def _merge_sections(
    current: list[DraftSection],
    base: list[DraftSection],
    new: list[DraftSection],
    old_proposal: Parsed,
    new_proposal: Parsed,
) -> list[DraftSection]:
    """Sections matched by suggestion (answers) or by heading (the template's own), merged
    one by one; the officer's own sections and those holding the officer's text stay."""
    pairs = _pair_suggestions(old_proposal.suggestions, new_proposal.suggestions)
    old_suggestions = old_proposal.suggestions

    # Each current section's template counterpart: the same suggestion, else the same
    # heading, else (a heading the officer renamed) the unclaimed template section at its place.
    counterpart: dict[int, DraftSection] = {}
    claimed: set[int] = set()
    for k, cur in enumerate(current):
        for b in base:
            same = (
                b.suggestion == cur.suggestion
                if cur.suggestion
                else not b.suggestion and b.heading == cur.heading
            )
            if same and id(b) not in claimed:
                counterpart[k] = b
                claimed.add(id(b))
                break
    for k, cur in enumerate(current):
        if k in counterpart or cur.suggestion or k >= len(base):
            continue
        if not base[k].suggestion and id(base[k]) not in claimed:
            counterpart[k] = base[k]
            claimed.add(id(base[k]))

    def new_match(b: DraftSection) -> DraftSection | None:
        if b.suggestion:
            if b.suggestion not in old_suggestions:
                return None
            i = old_suggestions.index(b.suggestion)
            j = next((j for j, old_i in pairs.items() if old_i == i), None)
            if j is None:
                return None
            return next((n for n in new if n.suggestion == new_proposal.suggestions[j]), None)
        same = [n for n in new if not n.suggestion and n.heading == b.heading]
        if same:
            return same[0]
        position = base.index(b)
        return new[position] if position < len(new) and not new[position].suggestion else None

    out: list[DraftSection] = []
    placed: set[int] = set()
    for k, cur in enumerate(current):
        found = counterpart.get(k)
        if found is None:
            out.append(copy.deepcopy(cur))  # the officer's own section
            continue
        b = found
        n = new_match(b)
        if n is None or id(n) in placed:
            if _holds_officer_text(cur, b):
                out.append(copy.deepcopy(cur))  # its suggestion went, the officer's answer stays
            continue
        placed.add(id(n))
        merged = copy.deepcopy(n)
        merged.heading = cur.heading if cur.heading != b.heading else n.heading
        merged.paragraphs = _merge_paragraphs(cur.paragraphs, b.paragraphs, n.paragraphs)
        merged.sections = _merge_sections(
            cur.sections, b.sections, n.sections, old_proposal, new_proposal
        )
        out.append(merged)
    # Sections the new draft has and the old did not (a suggestion added), in the new order.
    for k, n in enumerate(new):
        if id(n) in placed:
            continue
        before = new[k - 1] if k > 0 else None
        at = next(
            (i + 1 for i, s in enumerate(out) if before is not None and _same(s, before)), None
        )
        out.insert(len(out) if at is None else at, copy.deepcopy(n))
        placed.add(id(n))
    return out


def _same(a: DraftSection, b: DraftSection) -> bool:
    return (a.suggestion or a.heading) == (b.suggestion or b.heading)


def _holds_officer_text(current: DraftSection, base: DraftSection) -> bool:
    base_texts = {p.text for p in base.paragraphs}
    return (
        current.heading != base.heading
        or any(p.source is not None or p.text not in base_texts for p in current.paragraphs)
        or bool(current.sections)
    )


# --- checking -------------------------------------------------------------------------------


def check_reply(ws: Workspace, draft: Draft, profile: BureauProfile | None = None) -> list[Finding]:
    """Proofread a draft as the CLI's `check` does: its bureau's profile (or `profile`, the
    one the window holds), the officer's word list and the tokenizer."""
    from replydraft.check import check_draft

    if profile is None and draft.bureau:
        profile = ws.profiles.load(draft.bureau)
    return check_draft(draft, profile, ws.wordlist, tokenizer=ws.tokenizer)


# --- gaps and exporting ---------------------------------------------------------------------


@dataclass(frozen=True)
class Gap:
    """One 【待填写…】 gap or 【核实：…】 mark left in a draft: where it is (as the officer
    sees it) and its text."""

    place: str
    text: str

    @property
    def is_mark(self) -> bool:
        """A reused paragraph's mark on another district's name, not a gap to fill."""
        return self.text.startswith(MARK)


_PART_NAMES = {
    "header.result": "办理结果",
    "header.disclosure": "公开属性",
    "header.doc_number": "文号",
    "header.signer": "签发人",
    "title": "标题",
    "salutation": "称呼",
    "opening": "开头语",
    "preamble": "正文开头",
    "closing": "结束语",
    "signature": "落款",
    "date": "日期",
    "notes": "附注",
    "contact": "联系方式",
    "cc": "抄送",
    "print_office": "印发机关",
}


def find_gaps(draft: Draft) -> list[Gap]:
    """Every 【待填写…】 and 【核实：…】 in the draft as it will print, in order, with the
    place it stands in."""
    from replydraft.render import render_blocks

    gaps: list[Gap] = []
    headings: dict[int, str] = {}
    for block in render_blocks(draft):
        if block.is_heading:
            headings[block.level] = block.text[: block.head_len or None]
            for deeper in [lv for lv in headings if lv > block.level]:
                del headings[deeper]
        found = [*GAP.finditer(block.text), *MARKED.finditer(block.text)]
        for m in sorted(found, key=lambda m: m.start()):
            if block.part == "sections" and headings:
                place = _short(headings[max(headings)])
            else:
                place = _PART_NAMES.get(block.part, block.part or block.role)
            gaps.append(Gap(place, m.group(0)))
    return gaps


def _short(text: str, limit: int = 24) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def gaps_message(gaps: list[Gap]) -> str:
    """'还有 3 处【待填写】未填写，在“办理结果”、“（一）加大…”' and/or '1 处【核实】标记
    未处理（沿用段落写的是其他地区或单位），在“（二）…”' (places once each, in order)."""
    todo = [g for g in gaps if not g.is_mark]
    marks = [g for g in gaps if g.is_mark]
    parts = []
    if todo:
        parts.append(f"{len(todo)} 处【待填写】未填写，在{_places(todo)}")
    if marks:
        parts.append(
            f"{len(marks)} 处【核实】标记未处理（沿用段落写的是其他地区或单位），在{_places(marks)}"
        )
    return "还有 " + "；".join(parts)


def _places(gaps: list[Gap]) -> str:
    places = list(dict.fromkeys(g.place for g in gaps))
    return "、".join(f"“{p}”" for p in places[:6]) + ("等" if len(places) > 6 else "")


class GapsLeft(ReplydraftError):
    """An export refused because the draft still has 【待填写】 gaps or 【核实】 marks;
    str() is Chinese."""

    def __init__(self, target: Path, gaps: list[Gap]) -> None:
        self.target = target
        self.gaps = gaps
        super().__init__(f"{target.name}: 未导出：{gaps_message(gaps)}。请填写后再导出")


@dataclass
class Exported:
    """What an export wrote, the gaps it let through and the fonts this machine lacks."""

    path: Path
    gaps: list[Gap] = field(default_factory=list)
    missing_fonts: list[str] = field(default_factory=list)
    sheet: Path | None = None  # the approval sheet (发文稿纸) written beside it


def export_draft(
    ws: Workspace,
    draft: Draft,
    target: Path,
    *,
    allow_gaps: bool = False,
    approval_sheet: bool | None = None,
) -> Exported:
    """Write `draft` as .docx (GB/T 9704), .txt or a draft file (.json), atomically.

    A .docx or .txt with 【待填写】 gaps or 【核实】 marks is refused (GapsLeft) unless
    `allow_gaps`: such a file goes out to be signed or published, and a marked paragraph
    still describes another district. A draft file may hold both; it is work in progress.
    `approval_sheet` writes the 发文稿纸 beside a .docx or .txt as `<name>.稿纸.docx`; None
    leaves it to the bureau profile (`approval_sheet = true`), for a .docx.
    """
    suffix = target.suffix.lower()
    gaps = find_gaps(draft)
    if suffix == ".json":
        from replydraft.draft import save_draft

        save_draft(draft, target)
        return Exported(target, gaps)
    if gaps and not allow_gaps:
        raise GapsLeft(target, gaps)
    if suffix == ".txt":
        from replydraft.text_export import export_text

        export_text(draft, target)
        return Exported(
            target, gaps, sheet=_write_sheet(ws, draft, target) if approval_sheet else None
        )
    from replydraft.docx_export import export_docx
    from replydraft.fonts import missing_fonts
    from replydraft.profiles import ExportStyle

    profile = ws.profiles.load(draft.bureau) if draft.bureau else None
    style = profile.style if profile is not None else ExportStyle()
    export_docx(draft, style, target, tokenizer=ws.tokenizer)
    if approval_sheet is None:
        approval_sheet = profile is not None and profile.approval_sheet
    sheet = _write_sheet(ws, draft, target, profile) if approval_sheet else None
    return Exported(target, gaps, missing_fonts(style), sheet)


def _write_sheet(
    ws: Workspace, draft: Draft, target: Path, profile: BureauProfile | None = None
) -> Path:
    """The 发文稿纸 beside `target` (profile: the draft's bureau, loaded when not given)."""
    from replydraft.approval_sheet import approval_sheet_path, export_approval_sheet

    if profile is None and draft.bureau:
        profile = ws.profiles.load(draft.bureau)
    sheet = approval_sheet_path(target)
    export_approval_sheet(draft, sheet, profile=profile)
    return sheet


# --- the signed reply back into the archive -------------------------------------------------


def archive_sent_reply(
    ws: Workspace,
    final: Path,
    draft: Draft,
    doc_number: str,
    sent_date: str,
    *,
    draft_path: Path | None = None,
) -> Archived:
    """`archive-sent` and the window's 已发出，归档: check the final .docx, mark `draft` sent
    under `doc_number` on `sent_date` (ISO), save it to `draft_path` when given, then store
    the final reply in the archive as a past reply of the bureau (sent.py).

    In that order, so a reply is never archived from a draft not marked sent, and nothing is
    touched when the final cannot be read or still has gaps (SentError, IngestError: Chinese,
    naming the file). The caller brings the search index up to date afterwards.
    """
    from replydraft.sent import archive_sent, mark_sent, read_final

    read_final(final)  # unreadable or with gaps: said before the draft is touched
    mark_sent(draft, doc_number, sent_date, where=draft_path or "草稿")
    if draft_path is not None:
        from replydraft.draft import save_draft

        save_draft(draft, draft_path)
    return archive_sent(ws.archive, ws.tokenizer, final, draft)


# --- what was read ---------------------------------------------------------------------------

PROPOSAL_FIELDS = (
    "title",
    "session",
    "proposal_number",
    "proposers",
    "lead_unit",
    "co_units",
    "suggestions",
)


def reading_report(opened: OpenedProposal, draft: Draft) -> dict[str, Any]:
    """What was read from the proposal, what is unsure or missing, and what the draft reused
    (`draft --json`; the window shows the same)."""
    proposal = opened.proposal
    gaps = find_gaps(draft)
    reused: list[dict[str, Any]] = []
    for section in draft.all_sections():
        for p in section.paragraphs:
            if p.source is None:
                continue
            index = (
                proposal.suggestions.index(section.suggestion)
                if section.suggestion in proposal.suggestions
                else None
            )
            reused.append(
                {
                    "suggestion": index,
                    "section": section.heading,
                    "text": p.text,
                    "source": asdict(p.source),
                }
            )
    return {
        "proposal": {name: copy.deepcopy(getattr(proposal, name)) for name in PROPOSAL_FIELDS},
        "read_from": opened.name,
        "unsure": opened.unsure,
        "missing": [name for name in PROPOSAL_FIELDS if not getattr(proposal, name)],
        "bureau": draft.bureau,
        "template": draft.template,
        "reused": reused,
        "gaps": [{"place": g.place, "text": g.text} for g in gaps if not g.is_mark],
        "marks": [{"place": g.place, "text": g.text} for g in gaps if g.is_mark],
        # Read by OCR: the pages recognised and the lines it was unsure of; null when typed.
        "recognised": None if draft.proposal_scan is None else asdict(draft.proposal_scan),
    }
