"""Dates: lost 年月日 (“2025421”), impossible dates, zero padding, ISO dates and two-digit
years in Chinese text, and a signature date far from the reply year."""

from __future__ import annotations

import datetime as dt
import re

from replydraft.check.document import _FIELD, _FULL_DATE, _HAN, _LABEL, _Doc
from replydraft.check.findings import Fix

_ISO_LIKE = re.compile(r"(?<![\d\-/.])((?:19|20)\d{2})([-/.])(\d{1,2})\2(\d{1,2})(?![\d\-/.])")
_LOST_DATE = re.compile(r"^\s*((?:19|20)\d{2})(\d{2,4})\s*$")
_PADDED_YM = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年\s*0([1-9])\s*月(?!\s*\d{1,2}\s*日)")
_SHORT_YEAR = re.compile(r"(?<![\d０-９.])(\d{2})\s*年\s*(\d{1,2})\s*月")


def _valid_date(y: int, m: int, d: int) -> bool:
    try:
        dt.date(y, m, d)
    except ValueError:
        return False
    return True


def _cn_date(y: int, m: int, d: int) -> str:
    return f"{y}年{m}月{d}日"


def _date_splits(year: int, rest: str) -> list[tuple[int, int]]:
    out = []
    for k in (1, 2):
        month, day = rest[:k], rest[k:]
        if not day or len(day) > 2 or (month.startswith("0") and k == 1):
            continue
        if _valid_date(year, int(month), int(day)):
            out.append((int(month), int(day)))
    return out


def _check_dates(doc: _Doc) -> None:
    for i, text in enumerate(doc.paragraphs):
        if not any(c.isdigit() for c in text):
            continue
        has_han = bool(_HAN.search(text))
        for m in _FULL_DATE.finditer(text):
            y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
            if not _valid_date(y, mo, d):
                doc.add("date.invalid", i, m.start(), m.end(), f"“{m.group(0)}”不是存在的日期")
            elif m.group(2).startswith("0") or m.group(3).startswith("0"):
                good = _cn_date(y, mo, d)
                doc.add(
                    "date.zero-padding",
                    i,
                    m.start(),
                    m.end(),
                    f"月、日不编虚位：“{m.group(0)}”应写作“{good}”",
                    Fix(m.start(), m.end(), good),
                )
        for m in _PADDED_YM.finditer(text):
            good = f"{m.group(1)}年{m.group(2)}月"
            doc.add(
                "date.zero-padding",
                i,
                m.start(),
                m.end(),
                f"月份不编虚位：“{m.group(0)}”应写作“{good}”",
                Fix(m.start(), m.end(), good),
            )
        metadata = bool(_LABEL.match(text) or _FIELD.match(text))  # 发布日期：2025-01-07
        for m in _ISO_LIKE.finditer(text):
            if doc.is_owned(i, m.start()):
                continue
            y, mo, d = int(m.group(1)), int(m.group(3)), int(m.group(4))
            if not _valid_date(y, mo, d):
                if m.group(2) == "-":
                    doc.add("date.invalid", i, m.start(), m.end(), f"“{m.group(0)}”不是存在的日期")
                continue
            if has_han and not metadata:
                good = _cn_date(y, mo, d)
                doc.add(
                    "date.iso",
                    i,
                    m.start(),
                    m.end(),
                    f"中文行文中的日期宜写作“{good}”",
                    Fix(m.start(), m.end(), good),
                )
        for m in _SHORT_YEAR.finditer(text):
            if not has_han or not 1 <= int(m.group(2)) <= 12:
                continue
            full = 2000 + int(m.group(1))
            if doc.year is not None and full > doc.year + 1:
                continue  # "85年" and the like: no safe guess of the century
            doc.add(
                "date.short-year",
                i,
                m.start(1),
                m.end(1) + 1,
                f"年份应写全称：“{m.group(1)}年”应为“{full}年”",
                Fix(m.start(1), m.end(1), str(full)),
            )
    for i in doc.date_lines:
        _check_date_line(doc, i)


def _check_date_line(doc: _Doc, i: int) -> None:
    text = doc.paragraphs[i]
    m = _LOST_DATE.match(text.split("\n", 1)[0])
    if m:
        year, rest = int(m.group(1)), m.group(2)
        splits = _date_splits(year, rest)
        if not splits:
            return
        span = (m.start(1), m.end(2))
        if len(splits) == 1:
            good = _cn_date(year, *splits[0])
            doc.add(
                "date.lost-separator",
                i,
                *span,
                f"日期“{m.group(1)}{rest}”丢了“年月日”，应为“{good}”",
                Fix(*span, good),
            )
        else:
            options = "或".join(f"“{_cn_date(year, *s)}”" for s in splits)
            doc.add(
                "date.lost-separator",
                i,
                *span,
                f"日期“{m.group(1)}{rest}”丢了“年月日”，可能是{options}",
            )
        date_year: int | None = year
        start, end = span
    else:
        fm = _FULL_DATE.search(text)
        if not fm:
            return
        date_year, start, end = int(fm.group(1)), fm.start(), fm.end()
    y = doc.ctx.year
    if y is not None and date_year is not None and not y <= date_year <= y + 1:
        doc.add("date.far", i, start, end, f"落款日期是{date_year}年，答复年度是{y}年：请核对日期")
