"""How long an export takes: `replydraft bench export`.

The reply is seed 001 (浦东新区科经委's answer to proposal 057, about five pages in the
GB/T 9704 layout), rebuilt as a Draft from the bundled seed file. Each run exports the whole
file to a temporary folder (atomic write included); the median of the runs is reported.
"""

from __future__ import annotations

import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from replydraft import paths
from replydraft.docx_export import build_document, export_docx
from replydraft.numbering import match_heading
from replydraft.profiles import ExportStyle
from replydraft.records import Contact, Draft, DraftHeader, DraftParagraph, DraftSection
from replydraft.text_export import export_text

SEED_FILE = "001_29da6a50d8cace22.txt"
_SENTENCE_END = ("。", "：", "；", "！", "？", "”")
# Spaces a PDF extraction put between Chinese and Latin text: "浦东新区 AIGC 产业".
_CJK_SPACE = re.compile(
    r"(?<=[\u3000-\u9fff\uff00-\uffef])[ ]+|[ ]+(?=[\u3000-\u9fff\uff00-\uffef])"
)


@dataclass(frozen=True)
class ExportTimes:
    runs: int
    docx_ms: float  # median, the whole export (build, save, fsync, rename)
    docx_build_ms: float  # median, the document in memory only
    txt_ms: float  # median
    docx_bytes: int
    txt_bytes: int
    body_chars: int


def seed_draft(seed: Path | None = None) -> Draft:
    """Seed 001 as a Draft: header, title, body sections from the seed text, 版记."""
    path = seed or paths.seeds_dir() / SEED_FILE
    paragraphs = _paragraphs(path.read_text(encoding="utf-8"))
    start = next(i for i, p in enumerate(paragraphs) if p.endswith("答复如下："))
    end = next(i for i, p in enumerate(paragraphs) if p.startswith("再次感谢"))
    draft = Draft(
        bureau="pudong-kjw",
        template="organisation",
        header=DraftHeader(
            doc_number="浦科经委办理〔2025〕61号", result="解决或采纳", disclosure="主动公开"
        ),
        title="对浦东新区政协七届四次会议第057号提案的答复",
        salutation="浦东新区工商联",
        opening=paragraphs[start],
        signature="上海市浦东新区科技和经济委员会",
        date="2025-05-07",
        contact=Contact("卿逸男", "58788388-64516", "浦东新区世纪大道2001号", "200135"),
        cc=["区政府办公室", "区政协提案委"],
        print_office="上海市浦东新区科技和经济委员会办公室",
    )
    current: list[DraftSection] = []
    for text in paragraphs[start + 1 : end]:
        heading = match_heading(text)
        if heading is not None and heading.level in (1, 2) and len(text) < 40:
            section = DraftSection(heading.text, heading.level)
            if heading.level == 1 or not current:
                draft.sections.append(section)
                current = [section]
            else:
                current[0].sections.append(section)
                current = [current[0], section]
        elif text.startswith("下一步"):
            draft.closing.append(text)
        elif current:
            current[-1].paragraphs.append(DraftParagraph(text))
    draft.closing.append(paragraphs[end])
    return draft


def _paragraphs(text: str) -> list[str]:
    """Non-empty lines, Markdown bold removed, page-break splits ("加" / "大…") re-joined."""
    out: list[str] = []
    for line in text.splitlines():
        line = _CJK_SPACE.sub("", line.replace("**", "").strip())
        if not line:
            continue
        split_word = (
            out
            and not out[-1].endswith(_SENTENCE_END)
            and len(out[-1]) > 60
            and match_heading(line) is None
            and match_heading(out[-1]) is None
        )
        if split_word:
            out[-1] += line
            continue
        out.append(line)
    return out


def bench_export(
    runs: int = 20,
    *,
    draft: Draft | None = None,
    style: ExportStyle | None = None,
    out: TextIO | None = None,
) -> ExportTimes:
    """Export the sample reply `runs` times as .docx and as .txt; print and return medians."""
    out = out or sys.stdout
    draft = draft or seed_draft()
    style = style or ExportStyle()
    runs = max(runs, 1)
    with tempfile.TemporaryDirectory(prefix="replydraft-bench-") as tmp:
        docx_path, txt_path = Path(tmp) / "reply.docx", Path(tmp) / "reply.txt"
        docx_ms = _median_ms(lambda: export_docx(draft, style, docx_path), runs)
        build_ms = _median_ms(lambda: build_document(draft, style), runs)
        txt_ms = _median_ms(lambda: export_text(draft, txt_path), runs)
        times = ExportTimes(
            runs=runs,
            docx_ms=docx_ms,
            docx_build_ms=build_ms,
            txt_ms=txt_ms,
            docx_bytes=docx_path.stat().st_size,
            txt_bytes=txt_path.stat().st_size,
            body_chars=sum(len(p.text) for s in draft.all_sections() for p in s.paragraphs),
        )
    print(
        f"export docx: {times.docx_ms:.1f} ms median of {runs} "
        f"({times.docx_bytes} bytes, {times.body_chars} body characters; "
        f"{times.docx_build_ms:.1f} ms to build it in memory)",
        file=out,
    )
    print(
        f"export txt:  {times.txt_ms:.2f} ms median of {runs} ({times.txt_bytes} bytes)", file=out
    )
    return times


def _median_ms(action: Callable[[], None], runs: int) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)
