"""Completeness: the parts a reply must have (signature, date, contact, 抄送, 文号… as the
profile requires), and coverage: each suggestion of the proposal answered somewhere."""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from replydraft.check.document import _TITLE_END, _Doc
from replydraft.check.findings import RULES, Severity

# --- Completeness ---------------------------------------------------------------------------

# profile.require keys -> the rule that checks them.
_REQUIREMENTS = {
    "title": "complete.title",
    "salutation": "complete.salutation",
    "signature": "complete.signature",
    "date": "complete.date",
    "contact": "complete.contact",
    "cc": "complete.cc",
    "doc_number": "complete.doc-number",
    "signer": "complete.signer",
    "result": "complete.result",
    "disclosure": "complete.disclosure",
}
DEFAULT_REQUIRE = ("signature", "date", "contact")


_PRESENT: dict[str, re.Pattern[str]] = {
    "contact.name": re.compile(r"联系人|承办人|联系单位|联\s*系\s*人"),
    # A 【待填写】 gap stands for the number: the gap is reported, not a missing phone.
    "contact.phone": re.compile(r"(?:电话|手机)\s*[:：]?\s*[\d（(【]"),
    "cc": re.compile(r"^\s*抄\s*送\s*[:：]"),
    "doc_number": re.compile(
        r"〔(?:19|20)\d{2}〕\s*\d+\s*号|[（(【\[](?:19|20)\d{2}[）)】\]]\s*第?\d+\s*号"
    ),
    "signer": re.compile(r"签发人\s*[:：]\s*\S"),
    "result": re.compile(r"办理结果\s*[:：]\s*\S|类\s*别\s*[:：]\s*\S|[（(][A-D][）)]\s*类"),
    "disclosure": re.compile(r"公开属性|公开类别|此件公开发布|主动公开|依申请公开|不予公开"),
}


def _check_completeness(doc: _Doc) -> None:
    profile = doc.ctx.profile
    if doc.ctx.require is not None:
        require = list(doc.ctx.require)
    else:
        require = list(profile.require) if profile is not None else list(DEFAULT_REQUIRE)
    severity = None if doc.ctx.draft else Severity.INFO
    paragraphs = doc.paragraphs
    last = len(paragraphs) - 1
    end = len(paragraphs[last]) if paragraphs else 0

    def has(key: str) -> bool:
        return any(_PRESENT[key].search(t) for t in paragraphs)

    def role_or(role: str, fallback: bool) -> bool:
        if doc.has_roles:
            return any(r == role and paragraphs[k].strip() for k, r in enumerate(doc.roles))
        return fallback

    for key in require:
        rule = _REQUIREMENTS.get(key)
        if rule is None:
            continue
        if key == "title":
            present = role_or(
                "title", any(_TITLE_END.search(t.strip()) for t in paragraphs[: doc.text_start])
            )
            at = (0, 0)
        elif key == "salutation":
            present = doc.salutation is not None
            at = (0, 0)
        elif key == "signature":
            present = role_or("signature", doc.signature is not None)
            if not present and profile is not None and profile.name.strip():
                present = any(t.strip() == profile.name.strip() for t in paragraphs)
            at = (last, end)
        elif key == "date":
            present = role_or("date", bool(doc.date_lines))
            at = (last, end)
        elif key == "contact":
            missing = [
                label
                for label, k in (("联系人", "contact.name"), ("联系电话", "contact.phone"))
                if not has(k)
            ]
            if missing:
                doc.add(rule, last, end, end, f"缺少{'、'.join(missing)}", severity=severity)
            continue
        else:
            present = has(key) or (key == "cc" and role_or("cc", False))
            at = (0, 0) if key in ("doc_number", "signer", "result", "disclosure") else (last, end)
        if not present:
            doc.add(rule, at[0], at[1], at[1], RULES[rule].description, severity=severity)


# --- Coverage of the proposal's suggestions -------------------------------------------------


def _tokens(doc: _Doc, text: str) -> set[str]:
    tokenizer = doc.ctx.tokenizer
    if tokenizer is not None:
        return set(tokenizer.tokens(text))
    # Without jieba: Han bigrams and Latin words, good enough to compare overlap.
    out: set[str] = set()
    for run in re.findall(r"[\u4e00-\u9fff]+", text):
        out.update(run[k : k + 2] for k in range(len(run) - 1))
    out.update(w.lower() for w in re.findall(r"[A-Za-z]{2,}", text))
    return out


def _check_coverage(doc: _Doc) -> None:
    proposal = doc.ctx.proposal
    if proposal is None or not proposal.suggestions:
        return
    start = (doc.opening + 1) if doc.opening is not None else doc.text_start
    body = [k for k in range(start, len(doc.paragraphs)) if doc.is_text(k)]
    if not body:
        return
    units: list[tuple[int, str, str]] = []  # (paragraph, heading text, whole text)
    for k in body:
        units.append((k, "", doc.paragraphs[k]))
        h = doc.headings[k]
        if h is not None:
            block = [doc.paragraphs[k]]
            for j in body:
                hj = doc.headings[j]
                if j > k:
                    if hj is not None and hj.level <= h.level:
                        break
                    block.append(doc.paragraphs[j])
            units.append((k, h.text, "".join(block)))
    unit_tokens = [(k, _tokens(doc, head), _tokens(doc, whole)) for k, head, whole in units]
    level_one = [k for k in body if (h := doc.headings[k]) is not None and h.level == 1]
    anchor = level_one[-1] if level_one else body[0]  # 二、对提案建议的答复, as a rule
    for n, suggestion in enumerate(proposal.suggestions, start=1):
        wanted = _tokens(doc, suggestion)
        if not wanted:
            continue
        best, best_at = 0.0, anchor
        for k, head_tokens, tokens in unit_tokens:
            shared = len(wanted & tokens) / len(wanted)
            if head_tokens:
                joined = " ".join(sorted(head_tokens))
                heading_score = fuzz.token_set_ratio(" ".join(sorted(wanted)), joined) / 100
                shared = max(shared, heading_score if len(head_tokens) >= 2 else 0.0)
            if shared > best:
                best, best_at = shared, k
        if best < 0.5:
            short = suggestion.strip()
            short = short if len(short) <= 30 else short[:30] + "……"
            doc.add(
                "coverage.suggestion",
                anchor,
                0,
                0,
                f"提案第{n}条建议“{short}”在答复中没有找到对应的答复"
                f"（最接近的是第{best_at + 1}段，用词重合{best:.0%}）",
            )
