"""Which found paragraphs go into a draft, and how they are made fit to sign.

Search (search.py) finds answer-body paragraphs per suggestion; this module decides:

- *fit*: a paragraph's score against its suggestion, raised a little when its document fits
  the whole proposal and when it comes from the drafting bureau (more) or its district;
  paragraphs of the replies that fit the whole proposal best (ProposalMatches.first) rank
  before the rest of the archive's, fit deciding within each; under REUSE_MIN_FIT a slot
  stays a gap and the best candidates are kept for the panel;
- *place*: a paragraph naming another district or bureau is adapted where that is safe
  (the source's self-reference 我局 becomes the drafting bureau's 我委) and otherwise marked
  in the text (【核实：长宁区】), which the proofreader flags (check/reuse.py), with a note in
  its Source; in a paragraph of another place's reply, that place's towns, markets, firms
  and its own organs too (local_names.py: 【核实：古岳峰镇】, 【核实：市政府（原指随州市）】); paragraphs of one source stay together, in their order, renumbered (一是…二是…);
- *clean*: Markdown, ASCII punctuation, unbalanced brackets, the source's own numeral; each
  change is recorded in Source.changes;
- *cite*: policy passages are not body text: they are offered as citations by the policy's
  title (never a file name).

Nothing here imports Qt. The drafting profile is optional: without it no bureau is preferred
and nothing is adapted or marked (there is no "own" district to tell another from).
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from replydraft import genre
from replydraft.local_names import Levels, LocalName, local_names, not_a_name
from replydraft.numbering import match_heading
from replydraft.places import Gazetteer, district_short
from replydraft.records import DraftParagraph, Source
from replydraft.roles import SLOT_ROLES, is_frame, is_policy_line

if TYPE_CHECKING:
    from replydraft.profiles import BureauProfile
    from replydraft.search import ParagraphMatch, ProposalMatches

# A reused paragraph must fit its slot at least this well (`fit`: search's 0-100 score with
# the bonuses below) and share at least two terms with its suggestion (one will do when its
# reply fits the whole proposal): below that, a 【待填写】 gap serves the officer better than a
# loosely related paragraph (one shared word like 监测 is not a subject). Tuned by
# `replydraft bench draft` on the seeds and the dev corpus.
REUSE_MIN_FIT = 33.0
REUSE_MIN_SCORE = 25.0  # ... and its own score against the suggestion at least this
REUSE_MIN_TERMS = 2
REUSE_MIN_CHARS = 30  # shorter text is a heading or a fragment, not a paragraph to reuse
# ... and text this short that stops mid-sentence (no 。；！？ or closing bracket or quote at its
# end) was cut short in its source: "明晰工程产权……标准化管理。为加强农村饮".
REUSE_CUT_CHARS = 80
CANDIDATE_MIN_SCORE = 20.0  # below this a paragraph is not even offered in the side panel
CANDIDATES_KEPT = 5
RUN_EXTRA = 2  # points of a chosen point's run placed beside it, past per_suggestion
CITE_MIN_SCORE = 35.0  # a policy passage less like the suggestion is not worth citing
# Fit bonuses (points on the 0-100 scale): the drafting bureau's own words first, then its
# district's, then the rest; a paragraph of a reply like the whole proposal before one of a
# reply on another subject (a suggestion's few words alone often cannot tell them apart).
# A reply scoring this against the whole proposal, and near the best reply's score, fits it
# (search.py too). Low, because a proposal of a title and a few suggestions scores its own
# subject's replies at 12-15 in a small archive; the share of the best does the sorting.
FIT_DOC_SCORE = 12.0
OWN_BUREAU_BONUS = 12.0
OWN_DISTRICT_BONUS = 6.0
DOC_FIT_WEIGHT = 0.5  # x (the document's score against the whole proposal - DOC_FIT_NEUTRAL)
DOC_FIT_NEUTRAL = 20.0  # a document scoring this neither helps nor hurts (not found: 0)
MARK = "【核实："  # opens the visible mark put on what the officer must check

_CUT = re.compile(r"[^。；;！!？?）)”’」』】.…\s]\s*$")
_CUT_CHINESE = re.compile(r"[\u4e00-\u9fff、，]\s*$")  # ... in the middle of a Chinese sentence


# --- Places and bureaus -----------------------------------------------------------------------


# A unit name's own place when the country's table does not know it (a district made after
# the table, or a fixture's 某县): its leading 省/市/区/县 words.
_PROVINCE = re.compile(r"^[\u4e00-\u9fff]{2,8}?(?:省|自治区)")
_CITY = re.compile(r"^[\u4e00-\u9fff]{2,4}?市(?!场|民|政|级|委|局|区)")
_DISTRICT = re.compile(r"^[\u4e00-\u9fff]{1,5}?(?:新区|区|县|旗)(?!域|位|块)")


def district_of(name: str) -> str:
    """The lowest place a unit's name starts with: 上海市浦东新区科技和经济委员会 -> 浦东新区,
    长宁区科学技术委员会 -> 长宁区, 随州市商务局 -> 随州市; "" when it names none. The
    country's table (places.py) first; a name it does not hold, by its 省/市/区/县 words."""
    place = Gazetteer.national().lowest_in(name)
    if place is not None:
        return place.name
    rest = re.sub(r"\s+", "", name)
    province = _PROVINCE.match(rest)
    if province:
        rest = rest[province.end() :]
    city = _CITY.match(rest)
    if city:
        rest = rest[city.end() :]
    district = _DISTRICT.match(rest)
    if district and len(district.group(0)) >= 2:
        return district.group(0)
    return city.group(0) if city else ""


def _short(place: str) -> str:
    """浦东新区 -> 浦东, 长宁区 -> 长宁, 随州市 -> 随州 (what texts also say)."""
    for tail in ("新片区", "新区", "区", "县", "市", "旗"):
        if place.endswith(tail) and len(place) - len(tail) >= 2:
            return place[: -len(tail)]
    return place


def _same_place(a: str, b: str) -> bool:
    return bool(a and b) and _short(a) == _short(b)


@dataclass
class Drafting:
    """Who drafts: the bureau's name, what it calls itself, its district (all may be "")."""

    name: str = ""
    self_reference: str = ""
    district: str = ""
    aliases: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, profile: BureauProfile | None) -> Drafting:
        if profile is None:
            return cls()
        return cls(
            name=profile.name,
            self_reference=profile.self_reference.strip(),
            district=district_of(profile.name),
            aliases=list(profile.aliases),
        )

    def is_self(self, bureau: str) -> bool:
        """Whether `bureau` (a reply's answering unit) is the drafting bureau."""
        b = re.sub(r"\s+", "", bureau)
        if not b or not self.name:
            return False
        if b == self.name or b in self.aliases:
            return True
        # 浦东新区科技和经济委员会 is 上海市浦东新区科技和经济委员会 without the city.
        return len(b) >= 6 and (self.name.endswith(b) or b.endswith(self.name))


def foreign_places(text: str, own: str, extra: Iterable[str] = ()) -> list[tuple[int, int]]:
    """[start, end) of the places `text` names that are not where `own` (a unit's name, or
    its district) stands, nor above or inside it: any province, city, district or county of
    the country and new zones (places.py), and the `extra` names given (a source's bureau and
    district). With no own place, every place is foreign. Marked text (【核实：…】) is skipped."""
    gazetteer = Gazetteer.national()
    mine = gazetteer.own_names(own) if own else frozenset()
    found = [
        (n.start, n.end)
        for n in gazetteer.named_in(text, near=own)
        if n.text not in mine and n.place not in mine
    ]
    for name in extra:
        if len(name) >= 2 and name not in mine:
            found += [m.span() for m in re.finditer(re.escape(name), text)]
    # Longest first: 长宁区科学技术委员会 rather than the 长宁区 inside it.
    spans: list[tuple[int, int]] = []
    for s, e in sorted(set(found), key=lambda span: span[0] - span[1]):
        if any(a < e and s < b for a, b in spans) or _inside_mark(text, s):
            continue
        spans.append((s, e))
    return sorted(spans)


def _inside_mark(text: str, pos: int) -> bool:
    start = text.rfind(MARK, 0, pos)
    return start >= 0 and text.find("】", start) >= pos


# --- Cleaning ---------------------------------------------------------------------------------

_MARKDOWN = re.compile(r"\*\*|__|`+|^#{1,6}\s*")
_ORDINAL = re.compile(r"(^|[。；;！？\s])([一二三四五六七八九十]{1,3})(是)")
_CN = "一二三四五六七八九十"


def _cn_number(n: int) -> str:
    if n <= 10:
        return _CN[n - 1]
    if n < 20:
        return "十" + _CN[n - 11]
    return _CN[n // 10 - 1] + "十" + (_CN[n % 10 - 1] if n % 10 else "")


def _balance_brackets(text: str) -> tuple[str, list[str]]:
    """Close a bracket left open before the next comma or stop (“（GOI，” -> “（GOI），”);
    drop a closing bracket that closes nothing."""
    changes: list[str] = []
    out: list[str] = []
    depth = 0
    i = 0
    while i < len(text):
        c = text[i]
        if c in "（(":
            close = re.search(r"[）)]|[，。；！？,;]", text[i + 1 :])
            if close is None or close.group(0) not in "）)":
                end = i + 1 + (close.start() if close else len(text) - i - 1)
                inner = text[i + 1 : end]
                out.append("（" + inner + "）")
                changes.append(f"补上未闭合的括号：“（{inner}”")
                i = end
                continue
            depth += 1
        elif c in "）)":
            if depth == 0:
                changes.append(f"删去多余的“{c}”")
                i += 1
                continue
            depth -= 1
        out.append(c)
        i += 1
    return "".join(out), changes


def clean_text(text: str) -> tuple[str, list[str]]:
    """A found paragraph as it goes into a draft, and what was changed (in Chinese).

    Without the numeral it had in its source ("2.加强水质监督……" was item 2 there; here the
    officer's structure decides), without Markdown, with half-width punctuation between
    Chinese words made full-width (as the proofreader would fix it), brackets balanced and
    a run of points that starts at 一是 numbered without gaps.
    """
    from replydraft.check import apply_fixes, check_paragraphs

    changes: list[str] = []
    heading = match_heading(text)
    body = text
    if heading and heading.number is not None and heading.text:
        body = heading.text
        changes.append(f"去掉原文的序号“{heading.marker}”")
    unmarked = _MARKDOWN.sub("", body)
    if unmarked != body:
        changes.append("去掉 Markdown 标记（**）")
        body = unmarked
    fixed, _ = apply_fixes([body], check_paragraphs([body]), {"punct.ascii"})
    if fixed[0] != body:
        changes.append("半角标点改为全角")
        body = fixed[0]
    body, bracket_changes = _balance_brackets(body)
    changes += bracket_changes
    body, tail_changes = _drop_unfinished(body)
    changes += tail_changes
    first = _ORDINAL.search(body)
    if first and first.group(2) == "一":  # a run of its own: 一是…三是 becomes 一是…二是
        (body,), _, renumbered = renumber([body])
        changes += renumbered
    return body, changes


def _finished(text: str) -> str:
    """`text` up to its last finished sentence when its source cut it off in the middle of a
    Chinese sentence ("……集中供水规模化、因地"); "" when no finished sentence long enough
    stands before the cut (a fragment, not a paragraph)."""
    if not _CUT_CHINESE.search(text):
        return text
    end = max(text.rfind(c) for c in "。；！")  # a ？ in a reply is more often a damaged byte
    return text[: end + 1] if end + 1 >= REUSE_MIN_CHARS else ""


def _drop_unfinished(text: str) -> tuple[str, list[str]]:
    """A paragraph without the half sentence its source cut it off in, and that change."""
    kept = _finished(text)
    if not kept or kept == text:
        return text, []
    return kept, [f"去掉原文末尾不完整的半句“{text[len(kept) :]}”"]


def reusable_text(text: str) -> str:
    """A found paragraph as it goes into a draft (see clean_text)."""
    return clean_text(text)[0]


def renumber(texts: Sequence[str], start: int = 1) -> tuple[list[str], int, list[str]]:
    """Number the 一是、二是… of consecutive paragraphs in one run from `start`: a run taken
    whole or in part (一是 and 三是 of a source) reads 一是、二是 in the draft. Returns the
    texts, the next number and the changes."""
    n = start
    out: list[str] = []
    changes: list[str] = []

    def sub(m: re.Match[str]) -> str:
        nonlocal n
        new = _cn_number(n)
        if new != m.group(2):
            changes.append(f"序数“{m.group(2)}是”改为“{new}是”")
        n += 1
        return m.group(1) + new + m.group(3)

    for text in texts:
        out.append(_ORDINAL.sub(sub, text))
    return out, n, changes


# --- Adapting to the drafting bureau -----------------------------------------------------------

# 我区 and 全区 (全市, 全县) of another bureau's reply are its place: "全区39处农村饮水工程".
_OUR_PLACE = re.compile(r"我(?:区|市|县)|(?<![安健完])全(?:区|市|县)(?!域|级)")


def _unit_of(bureau: str) -> list[str]:
    """How a reply names its own bureau without its place: 株洲市渌口区水利局 -> 区水利局,
    随州市商务局 -> 市商务局 ("区水利局每年委托……" is that district's bureau); [] when the
    name starts with no place."""
    place = district_of(bureau)
    at = bureau.find(place) if place else -1
    rest = bureau[at + len(place) :] if at >= 0 else ""
    return [place[-1] + rest] if len(rest) >= 2 else []


def adapt(text: str, source_bureau: str, drafting: Drafting) -> tuple[str, list[str], list[str]]:
    """`text` of `source_bureau`'s reply made fit for `drafting`'s: the source's self-reference
    becomes the drafting bureau's (a change), names of another district or bureau get a
    visible mark (a note). Returns text, changes, notes."""
    changes: list[str] = []
    notes: list[str] = []
    if not drafting.name:
        return text, changes, notes  # nobody to adapt to: no bureau, no district of its own
    same_bureau = drafting.is_self(source_bureau)
    source_district = district_of(source_bureau)
    other_place = from_elsewhere(source_bureau, drafting)
    if not same_bureau and drafting.self_reference:
        own = drafting.self_reference

        def self_sub(m: re.Match[str]) -> str:
            if m.group(0) != own:
                changes.append(
                    f"自称“{m.group(0)}”改为“{own}”（原文出自{source_bureau or '其他单位'}）"
                )
            return own

        text = genre.SELF_REFERENCE.sub(self_sub, text)
    extra: list[str] = []
    if source_bureau and not same_bureau:
        short = re.sub(
            r"^[\u4e00-\u9fff]{2,4}?[省市](?=[\u4e00-\u9fff]{2,}(?:区|县))", "", source_bureau
        )
        extra.extend(n for n in (source_bureau, short) if len(n) >= 4)
        extra.extend(_unit_of(source_bureau))
    if source_district and other_place:
        # Its replies call it by its short name too ("对紫阳重点旅游区进行策划"), which the
        # national table counts only beside its city: here the source vouches for it.
        extra += [n for n in (source_district, district_short(source_district)) if n]
    spans = foreign_places(text, drafting.name or drafting.district, extra)
    organs: set[tuple[int, int]] = set()
    levels = Levels()
    if other_place:
        ours = [m.span() for m in _OUR_PLACE.finditer(text)]
        # Below the table's districts: its towns, markets, roads and its own organs.
        levels = Levels.of(source_bureau, drafting.name)
        found = local_names_beside(text, levels, drafting, spans)
        local = [(n.start, n.end) for n in found]
        organs = {(n.start, n.end) for n in found if n.organ}
        for extra_spans in (ours, local):
            spans = sorted(
                spans
                + [(s, e) for s, e in extra_spans if not any(a < e and s < b for a, b in spans)]
            )
    if spans:
        names = list(dict.fromkeys(text[s:e] for s, e in spans))
        for s, e in reversed(spans):
            name = text[s:e]
            if _OUR_PLACE.fullmatch(name) or (s, e) in organs:
                meant = source_district or source_bureau or "其他地区"
                if name.startswith("省") and levels.source_province:
                    meant = levels.source_province
                name += f"（原指{meant}）"
            text = text[:s] + f"{MARK}{name}】" + text[e:]
        own = drafting.district or drafting.name or "本单位"
        notes.append(f"段落写的是{'、'.join(names)}的情况，不是{own}的：请改写或删去后再用")
    return text, changes, notes


def from_elsewhere(source_bureau: str, drafting: Drafting) -> bool:
    """Whether a paragraph of `source_bureau`'s reply tells of another place than
    `drafting`'s: 我区/我市 of another bureau means its place, unless both stand in the same
    one; a source whose bureau is unknown may be anywhere."""
    if drafting.is_self(source_bureau):
        return False
    source_district = district_of(source_bureau)
    return not (source_district and _same_place(source_district, drafting.district))


def local_names_beside(
    text: str, levels: Levels, drafting: Drafting, places: list[tuple[int, int]]
) -> list[LocalName]:
    """The names of its own place (local_names.py) a paragraph from elsewhere gives, beside
    the table's `places` it names and outside marks: what adapt marks and the proofreader
    flags once the officer has taken the marks off."""
    found: list[LocalName] = []
    for name in local_names(text, levels, _own_names(drafting)):
        if _inside_mark(text, name.start):
            continue
        span = _after_places(text, name, places)
        if span is not None:
            found.append(LocalName(span[0], span[1], name.organ))
    return found


def _own_names(drafting: Drafting) -> frozenset[str]:
    """The drafting bureau's names and its places' (a local name holding one is its own)."""
    names = {drafting.name, drafting.district, *drafting.aliases}
    names.add(district_short(drafting.district) if drafting.district else "")
    if drafting.name:
        names |= Gazetteer.national().own_names(drafting.name)
    return frozenset(n for n in names if len(n) >= 2)


def _after_places(
    text: str, name: LocalName, places: list[tuple[int, int]]
) -> tuple[int, int] | None:
    """A local name without the place the table marks at its start: 蒙自北大街 is 蒙自's
    北大街, marked as 【核实：蒙自】【核实：北大街】; None when what is left is no name
    (上海交通大学: 交通大学; 玉林街道: 街道) or an organ the place's mark names already
    (姑苏区政协: 政协)."""
    s, e = name.start, name.end
    for a, b in places:
        if a <= s < b < e:
            s = b
    if s != name.start and (name.organ or not_a_name(text[s:e])):
        return None
    return s, e


# --- Choosing ---------------------------------------------------------------------------------


@dataclass
class Citation:
    """A policy worth citing under 政策依据: its title and the passage that matched."""

    title: str
    doc_id: str
    seq: int
    passage: str
    score: float

    @property
    def text(self) -> str:
        return f"《{self.title}》"


@dataclass
class Candidate:
    """A paragraph offered in the side panel but not placed: prepared as it would go in,
    with its fit and the reasons (in Chinese) why it was found and why it was not placed."""

    paragraph: DraftParagraph
    fit: float
    reasons: list[str] = field(default_factory=list)

    @property
    def source(self) -> Source | None:
        return self.paragraph.source

    @property
    def text(self) -> str:
        return self.paragraph.text


@dataclass
class ReusePlan:
    """What reuse gives a draft, per suggestion (numbered from 0): the paragraphs placed, the
    candidates kept for the side panel (not placed), and the policies to cite."""

    placed: dict[int, list[DraftParagraph]] = field(default_factory=dict)
    candidates: dict[int, list[Candidate]] = field(default_factory=dict)
    citations: dict[int, list[Citation]] = field(default_factory=dict)


_FILE_NAME = re.compile(r"\.(?:txt|docx?|pdf|wps|ofd|html?)$|^[0-9a-f_]{8,}", re.IGNORECASE)


_ISSUING = re.compile(r"关于(?:印发|转发|发布)《(.+)》的通知$")


def policy_title(m: ParagraphMatch) -> str:
    """The title a policy is cited by: 《…行动方案》 rather than the notice that issued it
    (……关于印发《…》的通知); "" when only a file name is known."""
    title = (m.title or "").strip().strip("《》")
    if not title or _FILE_NAME.search(title) or title == m.doc_id:
        return ""
    issued = _ISSUING.search(title)
    return issued.group(1) if issued else title


def _usable(m: ParagraphMatch, first: set[str]) -> bool:
    """An answer body, long enough, sharing enough with its suggestion: two terms, or one
    when its reply is one of those that fit the whole proposal best (ProposalMatches.first:
    the proposal vouches for the subject then)."""
    terms = 1 if m.doc_id in first else REUSE_MIN_TERMS
    return (
        (not m.role or m.role in SLOT_ROLES)
        and len(m.text) >= REUSE_MIN_CHARS
        and not (len(m.text) < REUSE_CUT_CHARS and _CUT.search(m.text))
        and bool(_finished(m.text))  # cut off before its first sentence ended
        # The frame (another reply's opening, thanks) and task lines, also where the index
        # did not know the role.
        and not is_frame(m.text)
        and not is_policy_line(m.text)
        and len(m.terms) >= terms
    )


def fit(m: ParagraphMatch, drafting: Drafting, doc_scores: dict[str, float]) -> float:
    """How well a paragraph fits its slot: its score against the suggestion, plus the
    bonuses for the bureau, its district and a document like the whole proposal."""
    bonus = 0.0
    if doc_scores:  # without documents found for the whole proposal, nothing to weigh
        bonus = DOC_FIT_WEIGHT * (doc_scores.get(m.doc_id, 0.0) - DOC_FIT_NEUTRAL)
    if drafting.is_self(m.bureau):
        bonus += OWN_BUREAU_BONUS
    elif drafting.district and _same_place(district_of(m.bureau), drafting.district):
        bonus += OWN_DISTRICT_BONUS
    return m.score + bonus


def _source(m: ParagraphMatch) -> Source:
    return Source(
        doc_id=m.doc_id,
        title=m.title,
        kind=m.kind,
        bureau=m.bureau,
        date=m.date,
        score=round(m.score, 1),
        original=m.text,
        seq=m.seq,
        role=m.role,
    )


def prepare(m: ParagraphMatch, drafting: Drafting) -> DraftParagraph:
    """A found paragraph cleaned and adapted, its changes and notes in its Source."""
    return _prepared(m.text, _source(m), drafting)


def take_paragraph(text: str, source: Source, profile: BureauProfile | None) -> DraftParagraph:
    """A paragraph the officer picked (the side panel's 相似答复 or 政策依据) as it goes into
    the draft: cleaned, and adapted and marked for `profile`'s bureau exactly as the draft's
    own reuse does (prepare), its changes and notes in its Source. A policy passage is only
    cleaned: its 我市 is the city that issued it, which binds every district in it."""
    source = copy.deepcopy(source)
    source.original = source.original or text
    if source.kind == "policy":
        cleaned, changes = clean_text(text)
        source.changes = changes
        return DraftParagraph(text=cleaned, source=source)
    return _prepared(text, source, Drafting.of(profile))


def _prepared(text: str, source: Source, drafting: Drafting) -> DraftParagraph:
    cleaned, changes = clean_text(text)
    adapted_text, adapted, notes = adapt(cleaned, source.bureau, drafting)
    source.changes = changes + adapted
    source.notes = notes
    return DraftParagraph(text=adapted_text, source=source)


def plan_reuse(
    found: ProposalMatches,
    *,
    profile: BureauProfile | None = None,
    per_suggestion: int = 2,
    policies: int = 1,
) -> ReusePlan:
    """Choose, clean and adapt the paragraphs search found, per suggestion (see module doc).

    A paragraph is placed once, under the suggestion it fits best: the best fits of the
    whole proposal are placed first, so a paragraph on 护学岗 found for an earlier suggestion
    on 交通设施 too goes to the suggestion on 护学岗.
    """
    drafting = Drafting.of(profile)
    doc_scores = {d.id: d.score for d in found.documents}
    # The replies that fit the whole proposal (search.py searched them first): their
    # paragraphs come before the rest of the archive's, fit deciding within each tier.
    first = set(found.first)

    def tier(m: ParagraphMatch) -> int:
        return 0 if m.doc_id in first else 1

    plan = ReusePlan()
    fits: list[dict[tuple[str, int], float]] = []
    ranked: list[list[ParagraphMatch]] = []
    for s in found.suggestions:
        f = {(m.doc_id, m.seq): fit(m, drafting, doc_scores) for m in s.paragraphs}
        usable = [m for m in s.paragraphs if _usable(m, first)]
        usable.sort(key=lambda m: m.seq)
        usable.sort(key=lambda m: m.doc_id)
        usable.sort(key=lambda m: -f[m.doc_id, m.seq])  # stable: best fit, then doc, seq
        usable.sort(key=tier)
        fits.append(f)
        ranked.append(usable)
    good = sorted(
        (
            (tier(m), -fits[i][m.doc_id, m.seq], i, m.doc_id, m.seq, m)
            for i, ms in enumerate(ranked)
            for m in ms
            if fits[i][m.doc_id, m.seq] >= REUSE_MIN_FIT and m.score >= REUSE_MIN_SCORE
        ),
        key=lambda t: t[:5],
    )
    chosen: list[list[ParagraphMatch]] = [[] for _ in ranked]
    placed_in: dict[tuple[str, int], int] = {}
    for _t, _f, i, doc_id, seq, m in good:
        if len(chosen[i]) < per_suggestion and (doc_id, seq) not in placed_in:
            chosen[i].append(m)
            placed_in[doc_id, seq] = i
    used = set(placed_in)
    for i, s in enumerate(found.suggestions):
        mates = _run_mates(chosen[i], ranked[i], used)
        placed_in.update(((m.doc_id, m.seq), i) for m in mates)
        placed = _in_runs([prepare(m, drafting) for m in [*chosen[i], *mates]])
        if placed:
            plan.placed[i] = placed
        offered: list[tuple[ParagraphMatch, str]] = []
        for m in ranked[i]:
            key = (m.doc_id, m.seq)
            if placed_in.get(key) == i:
                continue
            if m.score < CANDIDATE_MIN_SCORE or len(offered) >= CANDIDATES_KEPT:
                continue
            other = placed_in.get(key)
            full = len(chosen[i]) >= per_suggestion
            # Placed ahead of a better-scoring paragraph only for its reply's fit to the
            # whole proposal: say so.
            behind = full and tier(m) > min(map(tier, chosen[i]))
            why = _why_not(fits[i][key], m.score, full, other, behind=behind)
            offered.append((m, why))
        kept = [
            Candidate(prepare(m, drafting), round(fits[i][m.doc_id, m.seq], 1), [why, *m.reasons])
            for m, why in offered
        ]
        if kept:
            plan.candidates[i] = kept
        cites: list[Citation] = []
        for m in s.policies:
            title = policy_title(m)
            # Another district's policy binds that district only: not a basis for this reply.
            elsewhere = drafting.district and foreign_places(
                f"{m.bureau} {title}", drafting.name, [district_of(m.bureau)]
            )
            if (
                title
                and not elsewhere
                and m.score >= CITE_MIN_SCORE
                and len(m.terms) >= REUSE_MIN_TERMS
                and len(cites) < policies
                and all(c.doc_id != m.doc_id for c in cites)
            ):
                cites.append(Citation(title, m.doc_id, m.seq, m.text, round(m.score, 1)))
        if cites:
            plan.citations[i] = cites
    return plan


def _why_not(
    fit_: float, score: float, full: bool, elsewhere: int | None, *, behind: bool = False
) -> str:
    """Why a usable paragraph is not placed under its suggestion, for the side panel."""
    if elsewhere is not None:
        return f"已用于第{elsewhere + 1}条建议（与那一条更契合）"
    if fit_ < REUSE_MIN_FIT:
        return f"契合度 {fit_:.0f}，低于采用线 {REUSE_MIN_FIT:.0f}"
    if score < REUSE_MIN_SCORE:
        return f"与本条建议的相似度 {score:.0f}，低于 {REUSE_MIN_SCORE:.0f}"
    if behind:
        return "本条已采用与整件提案最相近的答复中的段落"
    return "本条已采用更契合的段落" if full else "同一来源的段落已采用"


_RUN_START = re.compile(
    r"^\s*(?:[一二三四五六七八九十]{1,3}是|[（(]?[一二三四五六七八九十0-9]{1,3}[）)、.．])"
)


def _run_mates(
    chosen: list[ParagraphMatch], ranked: list[ParagraphMatch], used: set[tuple[str, int]]
) -> list[ParagraphMatch]:
    """The other points of a numbered run (一是、二是… under one heading of one reply) that a
    chosen point belongs to, when they fit the suggestion too (CANDIDATE_MIN_SCORE): a run
    answers a suggestion together, and one point of it alone reads as torn out."""
    out: list[ParagraphMatch] = []
    runs = {(m.doc_id, m.section) for m in chosen if _RUN_START.match(m.text)}
    for m in ranked:
        key = (m.doc_id, m.seq)
        if len(out) >= RUN_EXTRA or key in used or m.score < CANDIDATE_MIN_SCORE:
            continue
        if (m.doc_id, m.section) in runs and _RUN_START.match(m.text):
            out.append(m)
            used.add(key)
    return out


def _in_runs(paragraphs: list[DraftParagraph]) -> list[DraftParagraph]:
    """Paragraphs of one source together, in their source's order (at the place of the best
    of them); the 一是、二是… of the slot numbered on from 一, so that two sources' points
    read 一是…二是…三是, never 一是…三是 nor 一是…一是."""
    groups: dict[str, list[DraftParagraph]] = {}
    for p in paragraphs:
        assert p.source is not None
        groups.setdefault(p.source.doc_id, []).append(p)
    out: list[DraftParagraph] = []
    for group in groups.values():
        group.sort(key=lambda p: p.source.seq if p.source else 0)
        out.extend(group)
    number = 1
    for p in out:
        (text,), number, changes = renumber([p.text], number)
        if p.source is not None:
            p.source.changes.extend(changes)
        p.text = text
    return out
