"""文号: the year in 六角括号〔〕 and the serial number without 第 or leading zeros (GB/T 9704).
Marks the brackets as owned so that the punctuation rules leave them alone."""

from __future__ import annotations

import re

from replydraft.check.document import _Doc
from replydraft.check.findings import Fix

_DOCNUM = re.compile(
    r"[\u4e00-\u9fff]\s*([（(【\[［〔〖])\s*((?:19|20)\d{2})\s*([）)】\]］〕〗])\s*(第?)\s*(\d+)\s*号"
)


def _check_doc_numbers(doc: _Doc) -> None:
    for i, text in enumerate(doc.paragraphs):
        if "号" not in text:
            continue
        for m in _DOCNUM.finditer(text):
            a, b = m.start(1), m.end(3)
            doc.owned[i].append((a, b))
            if m.group(1) != "〔" or m.group(3) != "〕":
                good = f"〔{m.group(2)}〕"
                doc.add(
                    "docnum.bracket",
                    i,
                    a,
                    b,
                    f"文号年份“{text[a:b]}”应使用六角括号：“{good}”",
                    Fix(a, b, good),
                )
            number = m.group(5)
            if m.group(4) or (len(number) > 1 and number.startswith("0")):
                s, e = m.start(4), m.end(5)
                good = str(int(number))
                doc.add(
                    "docnum.format",
                    i,
                    s,
                    e,
                    f"文号序号“{text[s:e]}”不加“第”、不编虚位，应为“{good}”",
                    Fix(s, e, good),
                )
