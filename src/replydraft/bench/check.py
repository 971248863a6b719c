"""Benchmark of the proofreader: a 10-page reply (about 8,000 characters) checked with every
rule on, the proposal's suggestions and the provenance of reused paragraphs included.

Run by `replydraft bench check`; prints the median of repeated runs with one warm tokenizer.
"""

from __future__ import annotations

import re
import statistics
import time

from replydraft import paths
from replydraft.check import CheckContext, check_paragraphs
from replydraft.records import Kind, Parsed, Source
from replydraft.tokenize import Tokenizer

TARGET_CHARS = 8000
RUNS = 21
BUDGET_MS = 200.0


def sample_reply(target: int = TARGET_CHARS) -> list[str]:
    """The bundled replies' paragraphs, repeated in order until about `target` characters."""
    texts = [
        (paths.seeds_dir() / name).read_text(encoding="utf-8")
        for name in ("001_29da6a50d8cace22.txt", "000_3d568412657743f2.txt")
    ]
    pool = [p.strip() for text in texts for p in re.split(r"\n\s*\n", text) if p.strip()]
    out: list[str] = []
    total = 0
    while total < target:
        for paragraph in pool:
            out.append(paragraph)
            total += len(paragraph)
            if total >= target:
                break
    return out


def bench_check(runs: int = RUNS) -> None:
    paragraphs = sample_reply()
    proposal = Parsed(
        kind=Kind.PROPOSAL,
        proposal_number="057",
        suggestions=[
            "强化产业政策和专项基金联动支持",
            "加强产学研用合作，打造创新示范标杆",
            "加大人工智能人才引育力度",
            "用好浦东立法优势，抢抓数据要素市场机遇",
            "发挥龙头企业头雁效应",
            "建设人工智能伦理审查和安全评估机制",
        ],
    )
    reused = Source(doc_id="bench", title="对第195号提案的答复", date="2023-05-01")
    sources: list[Source | None] = [reused if i % 3 == 0 else None for i in range(len(paragraphs))]
    tokenizer = Tokenizer()
    ctx = CheckContext(proposal=proposal, sources=sources, year=2025, tokenizer=tokenizer)
    check_paragraphs(paragraphs, ctx)  # warm-up: loads jieba's dictionary once
    times: list[float] = []
    findings = 0
    for _ in range(runs):
        start = time.perf_counter()
        findings = len(check_paragraphs(paragraphs, ctx))
        times.append((time.perf_counter() - start) * 1000)
    chars = sum(len(p) for p in paragraphs)
    median = statistics.median(times)
    verdict = "ok" if median < BUDGET_MS else f"OVER the {BUDGET_MS:.0f} ms budget"
    print(
        f"check: {chars} characters in {len(paragraphs)} paragraphs, {findings} findings; "
        f"median {median:.1f} ms over {runs} runs (min {min(times):.1f}, max {max(times):.1f}) "
        f"[{verdict}]"
    )


if __name__ == "__main__":
    bench_check()
