"""Stale reuse: paragraphs taken over from an older text that still cite old years, expired
policy periods, or 目前/今年 with figures. Needs the provenance (CheckContext.sources)."""

from __future__ import annotations

import re

from replydraft import genre
from replydraft.check.document import _Doc, _year_of

_YEAR = re.compile(r"(?<![\d\-—–~～])((?:19|20)\d{2})\s*年")
_PERIOD = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*[-－—–~～至到]\s*((?:19|20)\d{2})\s*年?")
_FIGURE = re.compile(
    r"\d|[一二三四五六七八九十百千万亿两]+\s*[个家项件人元万亿所次张台套批户名位笔座]"
)


def _check_stale(doc: _Doc) -> None:
    sources = doc.ctx.sources
    if not sources:
        return
    year = doc.year
    for i, source in enumerate(sources[: len(doc.paragraphs)]):
        if source is None:
            continue
        text = doc.paragraphs[i]
        title = f"《{source.title}》" if source.title else "其他文件"
        periods: list[tuple[int, int]] = []
        if year is not None:
            for m in _PERIOD.finditer(text):
                periods.append(m.span())
                first, last = int(m.group(1)), int(m.group(2))
                if first < last < year:
                    doc.add(
                        "stale.period",
                        i,
                        m.start(),
                        m.end(),
                        f"沿用自{title}的段落引用了{first}—{last}年的期限，"
                        f"到{year}年已经结束：请核实是否有新的政策或数据",
                    )
                    break
            for m in _YEAR.finditer(text):
                if any(a <= m.start() < b for a, b in periods):
                    continue
                old = int(m.group(1))
                if old <= year - 2:
                    doc.add(
                        "stale.year",
                        i,
                        m.start(),
                        m.end(),
                        f"沿用自{title}的段落提到{old}年，答复年度是{year}年：请核实数据是否需要更新",
                    )
                    break
        source_year = _year_of(source.date)
        if year is not None and source_year is not None and source_year == year:
            continue  # written the same year: 今年 still means this year
        for m in genre.RELATIVE_TIME.finditer(text):
            sentence_start = max(text.rfind(c, 0, m.start()) for c in "。；！？") + 1
            ends = [e for e in (text.find(c, m.end()) for c in "。；！？") if e >= 0]
            sentence = text[sentence_start : min(ends) if ends else len(text)]
            if _FIGURE.search(sentence):
                when = f"（原文写于{source_year}年）" if source_year else ""
                doc.add(
                    "stale.relative",
                    i,
                    m.start(),
                    m.end(),
                    f"沿用自{title}{when}的段落写着“{m.group(0)}”并给出数据：请更新为答复时的情况",
                )
                break
