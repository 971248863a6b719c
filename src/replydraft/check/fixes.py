"""Applying fixes: only those of the rules the caller asks for; of overlapping fixes the first
in reading order wins."""

from __future__ import annotations

from collections.abc import Iterable

from replydraft.check.findings import Finding


def apply_fixes(
    paragraphs: list[str], findings: Iterable[Finding], rules: set[str] | None = None
) -> tuple[list[str], list[Finding]]:
    """Apply the fixes of the findings whose rule is asked for (all fixable ones when `rules`
    is None). A rule family such as "punct" selects all its rules. Overlapping fixes: the
    first in reading order wins. Returns the new paragraphs and the findings applied."""
    chosen = [
        f
        for f in findings
        if f.fix is not None
        and (rules is None or f.rule in rules or f.rule.split(".", 1)[0] in rules)
        and 0 <= f.paragraph < len(paragraphs)
    ]
    out = list(paragraphs)
    applied: list[Finding] = []
    by_paragraph: dict[int, list[Finding]] = {}
    for f in chosen:
        by_paragraph.setdefault(f.paragraph, []).append(f)
    for i, items in by_paragraph.items():
        items.sort(key=lambda f: (f.fix.start, f.fix.end) if f.fix else (0, 0))
        kept: list[Finding] = []
        reach = -1
        for f in items:
            assert f.fix is not None
            if f.fix.start < reach or (kept and f.fix == kept[-1].fix):
                continue  # overlaps a fix already taken
            if not 0 <= f.fix.start <= f.fix.end <= len(out[i]):
                continue
            kept.append(f)
            reach = max(reach, f.fix.end)
        text = out[i]
        for f in reversed(kept):
            assert f.fix is not None
            text = text[: f.fix.start] + f.fix.replacement + text[f.fix.end :]
        out[i] = text
        applied.extend(kept)
    applied.sort(key=lambda f: (f.paragraph, f.start))
    return out, applied
