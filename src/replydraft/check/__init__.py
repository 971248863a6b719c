"""Proofreading (校对) and completeness checks for replies, offline.

`check_paragraphs` runs every rule over a list of paragraphs and returns findings that point at
characters (paragraph index, start, end), each with a stable rule id, a severity, a Chinese
message and, where the correction is mechanical, a `Fix`. `apply_fixes` applies the fixes the
caller asks for and nothing else.

The rules catch the defects that reached published replies (reply-anatomy.md): heading
numerals that skip or vanish, dates with lost separators, ASCII punctuation inside Chinese
text, unbalanced brackets and quotes, Markdown and template leftovers, words split and
paragraphs broken by hard line breaks; plus consistency (proposal number, pronouns, 办理结果),
completeness (signature, date, contact, 抄送), coverage of the proposal's suggestions and
stale figures in reused paragraphs. Rules that need a fact (the proposal, the reply year, the
provenance of paragraphs) skip when the context does not give it. The rules are tuned for few
false alarms: anything that is only probably wrong is a warning or an info, never an error.

One module per rule family: headings (and inline ordinals), dates, punctuation, doc_numbers
(文号), leftovers, layout, consistency, completeness (and coverage), stale, names, reuse
(what reused paragraphs bring along), recognised (the OCR's doubts about proposal text a
draft copied); `document`
holds what they share, `findings` the result types and the rule table, `fixes` apply_fixes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from replydraft.check.completeness import DEFAULT_REQUIRE, _check_completeness, _check_coverage
from replydraft.check.consistency import _check_consistency
from replydraft.check.dates import _check_dates
from replydraft.check.doc_numbers import _check_doc_numbers
from replydraft.check.document import CheckContext, _Doc, _year_of
from replydraft.check.findings import RULES, Finding, Fix, RuleInfo, Severity
from replydraft.check.fixes import apply_fixes
from replydraft.check.headings import _check_headings, _check_ordinals
from replydraft.check.layout import _check_layout
from replydraft.check.leftovers import _check_garbled, _check_leftovers, _check_pinyin
from replydraft.check.names import _check_names
from replydraft.check.punctuation import _check_punctuation, _check_salutation_colon
from replydraft.check.recognised import check_recognised
from replydraft.check.reuse import _check_reuse
from replydraft.check.stale import _check_stale
from replydraft.check.wordlist import WordList
from replydraft.profiles import BureauProfile
from replydraft.records import Draft, Kind, Parsed

if TYPE_CHECKING:
    from replydraft.tokenize import Tokenizer

__all__ = [
    "DEFAULT_REQUIRE",
    "RULES",
    "CheckContext",
    "Finding",
    "Fix",
    "RuleInfo",
    "Severity",
    "WordList",
    "apply_fixes",
    "check_draft",
    "check_paragraphs",
    "check_parsed_record",
]

# --- Entry points ---------------------------------------------------------------------------

_RULE_FUNCS: tuple[Callable[[_Doc], None], ...] = (
    _check_headings,  # first: it marks heading numerals as owned
    _check_doc_numbers,  # marks 文号 brackets as owned
    _check_pinyin,  # marks pinyin annotations as owned
    _check_garbled,  # marks lost characters' question marks as owned
    _check_ordinals,
    _check_dates,
    _check_punctuation,
    _check_leftovers,
    _check_layout,
    _check_consistency,
    _check_salutation_colon,  # a punctuation rule that needs the salutation
    _check_completeness,
    _check_coverage,
    _check_stale,
    _check_names,
    _check_reuse,
)
# Findings of these rules stand even inside a word-list name (a district the officer listed is
# still another district's in this bureau's reply).
_NOT_SPAN_RULES = ("complete.", "coverage.", "names.", "reuse.")


def check_paragraphs(paragraphs: list[str], ctx: CheckContext | None = None) -> list[Finding]:
    """Run every rule over `paragraphs`; findings sorted by position."""
    ctx = ctx or CheckContext()
    if not any(p.strip() for p in paragraphs):
        return [Finding("complete.title", RULES["complete.title"].severity, "文档是空的", 0, 0, 0)]
    doc = _Doc(list(paragraphs), ctx)
    for rule in _RULE_FUNCS:
        rule(doc)
    findings = doc.findings
    if ctx.wordlist is not None and len(ctx.wordlist):
        findings = _drop_known_names(findings, paragraphs, ctx.wordlist)
    return sorted(findings, key=lambda f: (f.paragraph, f.start, f.end, f.rule))


def _drop_known_names(
    findings: list[Finding], paragraphs: list[str], wordlist: WordList
) -> list[Finding]:
    spans = {i: wordlist.spans(text) for i, text in enumerate(paragraphs)}
    return [
        f
        for f in findings
        if f.rule.startswith(_NOT_SPAN_RULES)
        or not any(a <= f.start and f.end <= b for a, b in spans.get(f.paragraph, []))
    ]


def check_draft(
    draft: Draft,
    profile: BureauProfile | None = None,
    wordlist: WordList | None = None,
    *,
    tokenizer: Tokenizer | None = None,
    year: int | None = None,
) -> list[Finding]:
    """Check a draft as it will print: the rendered blocks, their roles and provenance."""
    from replydraft import render  # the reader sees rendered text; check exactly that

    blocks = render.render_blocks(draft)
    proposal = draft.proposal
    has_proposal = bool(proposal.suggestions or proposal.proposal_number or proposal.title)
    ctx = CheckContext(
        proposal=proposal if has_proposal else None,
        profile=profile,
        wordlist=wordlist,
        sources=[b.source for b in blocks],
        roles=[b.role for b in blocks],
        year=year if year is not None else _year_of(draft.date),
        tokenizer=tokenizer,
        draft=True,
        result=draft.header.result,
    )
    findings = check_paragraphs([b.text for b in blocks], ctx)
    # The OCR's doubts need the draft's provenance, which the paragraphs alone do not carry.
    findings += check_recognised(draft, blocks)
    return sorted(findings, key=lambda f: (f.paragraph, f.start, f.end, f.rule))


def check_parsed_record(
    paragraphs: list[str],
    parsed: Parsed,
    *,
    tokenizer: Tokenizer | None = None,
    wordlist: WordList | None = None,
    profile: BureauProfile | None = None,
) -> list[Finding]:
    """Check imported (published) text, using what the parser read out of it."""
    reference = Parsed(kind=Kind.PROPOSAL, proposal_number=parsed.proposal_number)
    ctx = CheckContext(
        require=None if parsed.kind == Kind.REPLY else [],  # only a reply has a signature block
        proposal=reference if parsed.proposal_number else None,
        profile=profile,
        wordlist=wordlist,
        year=_year_of(parsed.date),
        tokenizer=tokenizer,
        draft=False,
        result=parsed.result,
    )
    return check_paragraphs(paragraphs, ctx)
