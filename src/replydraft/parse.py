"""Read the genre's parts out of a document's normalised paragraphs.

`parse` takes what ingest produced (one paragraph per item) and returns a `Parsed`: the kind
of document, its title, the proposal it answers, the salutation, the numbered sections as a
tree, the signature, contact block and 版记. Published pages are messy (web metadata tables,
lost numerals, damaged dates, texts cut short), so every field is looked for in the few places
the genre puts it and left empty when it is not printed there: nothing is guessed.

Headings are recognised only by `replydraft.numbering`, which the drafter and the proofreader
share, so the three agree on what a heading is.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from datetime import date

from replydraft import genre, numbering
from replydraft.records import Contact, Kind, Parsed, Section

# Bump whenever the output for the same paragraphs changes, so the archive re-parses.
PARSER_VERSION = 5  # 5: 第2025-031号, bullets ——/●, 1)…2)… in a line; 4: a proposal's ending leaves its suggestions

_CJK = genre.CJK

# --- Cleaning ---------------------------------------------------------------------------------

_ODD_SPACES = re.compile(r"[\u00a0\u2000-\u200b\u3000\ufeff\t]")
# A list's bullet: a sign and a space, or a sign a text runs on from (●进一步…, ——加强…:
# a pair of dashes is the list sign of Chinese official prose).
_BULLET = re.compile(r"^(?:[-•·●▪◆■□◇○★☆➢➤►▶]\s+|[•●▪◆■◇★➢➤►▶]\s*|[—－]{1,2}\s*)")
_TABLE_END = re.compile(r"\s*\|\s*$")
_SOURCE_LINE = re.compile(r"^SOURCE:\s*\S+$")
# Web page furniture that marks the end of the document text.
_FOOTER = re.compile(
    r"ICP备|技术支持[:：]|版权所有|网站标识码|Copyright|©|最佳分辨率|扫一扫|网民留言"
    r"|打印本页|关闭窗口|【关闭】|【打印】"
)
# The site's own imprint sits right above the footer ("主办单位:XX委员会" on every page).
_FOOTER_LEAD = re.compile(r"^(主办单位|承办单位|主办|承办|联系我们)\s*[:：]")


def _clean(paragraphs: list[str]) -> list[str]:
    """Stripped, non-empty lines without table pipes, list bullets and the site footer."""
    lines: list[str] = []
    for paragraph in paragraphs:
        for raw in paragraph.splitlines():
            line = _ODD_SPACES.sub(" ", raw).strip()
            line = _TABLE_END.sub("", _BULLET.sub("", line)).strip()
            line = _CELL_LABEL.sub(r"\g<label>：", line)  # a form row "建议 | 1.…"
            if line and line != "|" and not _SOURCE_LINE.match(line):
                lines.append(line)
    cut = len(lines)
    for i, line in enumerate(lines):
        # Furniture in the upper half is navigation; in the lower half it ends the text.
        if _FOOTER.search(line) and i >= len(lines) // 2:
            cut = i
            while cut > 0 and _FOOTER_LEAD.match(lines[cut - 1]):
                cut -= 1
            break
    return [line for line in lines[:cut] if not _FOOTER.search(line)]


# Markdown that web copies and chat tools bring: **bold**, # headings, > quotes, [links](…),
# rules and table separators. A proposal's fields are read without the marks; a reply keeps
# them in its paragraphs, where the proofreader reports them.
_MD_LINK = re.compile(r"!\[[^\]]*\]\([^)]*\)|\[([^\]]+)\]\((?:https?:|javascript:|/|#)[^)]*\)")
_MD_LEAD = re.compile(r"^\s{0,3}(?:#{1,6}\s+|>\s?)")
_MD_RULE = re.compile(r"^\s*(?:[-*_]\s*){3,}$|^\s*\|?(?:\s*:?-{3,}:?\s*\|)+\s*:?-*:?\s*$")


def _strip_markdown(line: str) -> str:
    if _MD_RULE.match(line):
        return ""
    line = _MD_LINK.sub(lambda m: m.group(1) or "", line)
    return re.sub(r"\s+", " ", _MD_LEAD.sub("", line).replace("**", "")).strip()


def _cell_label_pattern() -> re.Pattern[str]:
    labels = sorted({lab for labels in genre.FIELD_LABELS.values() for lab in labels}, key=len)
    return re.compile(rf"^(?P<label>{'|'.join(reversed(labels))})\s*\|\s*(?=\S)")


_CELL_LABEL = _cell_label_pattern()


def _squeeze(text: str) -> str:
    """Drop the spaces PDF extraction leaves between Chinese characters and digits."""
    text = text.replace("**", "").strip()
    return re.sub(rf"(?<=[{_CJK}\d])\s+(?=[{_CJK}\d])", "", text)


# --- Labelled fields ("发布机构 科经委", "联系电话：…", "文 号 | …") ----------------------------


@dataclass(frozen=True)
class _Field:
    key: str
    label: str  # as printed, without spaces
    value: str
    line: int  # index of the line the label stands on


_LABELS = genre.FIELD_LABELS
_NEEDS_COLON = genre.LABELS_NEED_COLON
# Single characters left of a label whose other characters were lost ("  题:", "  人:"):
# labels only at the start of a line with a colon.
_STRICT = {"题": "title", "由": "content", "议": "suggest", "人": "contact_name"}

_KEY_OF = {label: key for key, labels in _LABELS.items() for label in labels}
_LABEL_RE = re.compile(
    r"(?:^|(?<=[\s|；;，,：:]))(?P<label>"
    + "|".join(
        r"\s*".join(map(re.escape, label)) for label in sorted(_KEY_OF, key=len, reverse=True)
    )
    + r")(?P<sep>\s*[:：]|\s+|$)"
)
_STRICT_RE = re.compile(r"^(?P<label>[题由议人])\s*[:：]")
# An unknown "label:" ends the value before it ("发布机构:随州市商务局 编辑:…").
_OTHER_LABEL = re.compile(rf"\s+[{_CJK}]{{1,8}}\s*[:：]")


def _label_matches(line: str) -> list[re.Match[str]]:
    out = []
    for m in _LABEL_RE.finditer(line):
        label = re.sub(r"\s", "", m.group("label"))
        sep = m.group("sep")
        colon = ":" in sep or "：" in sep
        if label in _NEEDS_COLON and not (colon or m.end() == len(line)):
            continue
        if m.start() > 0 and line[m.start() - 1] in "；;，,：:" and not colon:
            continue  # after punctuation only "label：" is a field ("…；会办：区财政局")
        out.append(m)
    return out


def _unbracketed(line: str) -> str:
    """A line of fields printed in brackets ("（联系人：李明，联系电话：64120000）", under a
    reply's date) without them; other lines as they are."""
    inside = line.strip()
    if len(inside) > 2 and inside[0] in "（(" and inside[-1] in "）)":
        inside = inside[1:-1].strip()
        first = next(iter(_label_matches(inside)), None)
        if first is not None and first.start() == 0:
            return inside
    return line


def _line_fields(line: str) -> list[tuple[str, str, str]]:
    """(key, label, value) for each label on the line; value "" when none follows."""
    line = _unbracketed(line)
    strict = _STRICT_RE.match(line)
    if strict:
        label = strict.group("label")
        return [(_STRICT[label], label, line[strict.end() :].strip())]
    matches = _label_matches(line)
    out = []
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(line)
        value = line[m.end() : end]
        other = _OTHER_LABEL.search(value)
        if other:
            value = value[: other.start()]
        label = re.sub(r"\s", "", m.group("label"))
        key = _KEY_OF[label]
        value = value.strip()
        if key not in ("content", "suggest"):  # "主办：区教育局；会办：…": the separator goes
            value = value.rstrip("；;，,").strip()
        out.append((key, label, value))
    return out


def _starts_with_label(line: str) -> bool:
    line = _unbracketed(line)
    if _STRICT_RE.match(line):
        return True
    matches = _label_matches(line)
    return bool(matches) and matches[0].start() == 0


def _fields(lines: list[str], start: int, end: int) -> list[_Field]:
    """The labelled fields of lines[start:end]; a label alone on a line takes the next line."""
    out: list[_Field] = []
    i = start
    while i < end:
        found = _line_fields(lines[i])
        if not found or not _starts_with_label(lines[i]):
            # A label in mid-line only counts in a line that starts with one ("… 签发人：詹镭"
            # is fine after "办理结果：…"); body sentences never start with a label.
            i += 1
            continue
        if (
            len(found) == 1
            and not found[0][2]
            and i + 1 < end
            and not _starts_with_label(lines[i + 1])
        ):
            # "- 发文机构" / "- 隆阳区水务局": a list of labels and values, one per line.
            key, label, _ = found[0]
            out.append(_Field(key, label, lines[i + 1].replace("**", "").strip(), i))
            i += 2
            continue
        out.extend(_Field(k, lab, v.replace("**", "").strip(), i) for k, lab, v in found)
        i += 1
    return out


def _first_token(value: str) -> str:
    return value.split()[0] if value.split() else ""


# --- Dates ---------------------------------------------------------------------------------

_DATE_CN = genre.DATE_CN
_DATE_NUM = genre.DATE_NUM
# A signature date on a line of its own, possibly with its separators lost ("2025421").
_DATE_LINE = re.compile(
    r"^(?:\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{5,8})$"
)


def _iso(year: int, month: int, day: int) -> str:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return ""


_DATE_HAN = genre.DATE_HAN
_HAN_DIGITS = str.maketrans("〇零○一二三四五六七八九", "000123456789")


def parse_date(text: str) -> str:
    """The first date written 2025年5月7日 / 2025-05-07 / 2014/4/29 / 二〇二五年五月七日 in
    `text`, as ISO, or ""."""
    for pattern in (_DATE_CN, _DATE_NUM):
        for m in pattern.finditer(text):
            iso = _iso(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            if iso:
                return iso
    for m in _DATE_HAN.finditer(text):
        month, day = numbering.from_chinese(m.group(2)), numbering.from_chinese(m.group(3))
        if month and day:
            iso = _iso(int(m.group(1).translate(_HAN_DIGITS)), month, day)
            if iso:
                return iso
    return ""


def damaged_date(digits: str) -> str:
    """A date whose separators were lost ("2025421"), when only one reading is a real date.

    The first four digits are the year; the rest split into a month of one or two digits and
    a day of one or two digits. "2025421" reads only as 2025-04-21 (there is no month 42);
    "2025111" could be 1 November or 11 January, so it gives "" and the caller falls back.
    """
    if not re.fullmatch(r"\d{5,8}", digits):
        return ""
    year, rest = int(digits[:4]), digits[4:]
    readings = {_iso(year, int(rest[:m]), int(rest[m:])) for m in (1, 2) if 0 < len(rest) - m <= 2}
    readings.discard("")
    return readings.pop() if len(readings) == 1 else ""


def _line_date(line: str) -> str:
    """The date of a line that holds nothing but a date (the signature's), else ""."""
    compact = re.sub(r"\s", "", line)
    if _DATE_LINE.match(compact):
        return parse_date(compact) or damaged_date(compact)
    m = _DATE_HAN.fullmatch(compact)
    return parse_date(compact) if m else ""


# --- Recognisers shared by the kinds ---------------------------------------------------------

_ORG_END = "(" + "|".join(genre.ORG_ENDINGS) + ")"
_ORG = re.compile(rf"^[{_CJK}（）()]{{2,40}}{_ORG_END}$")
_DOC_NUMBER = re.compile(
    rf"[{_CJK}A-Za-z]{{1,12}}\s*[〔\[【（(［]\s*\d{{4}}\s*[〕\]】）)］]\s*第?\s*\d{{1,5}}\s*[号號]"
)
# 第195号, 第A12号, 第2025-031号 (a year and the number in it)
_NUMBER = re.compile(r"第\s*([A-Za-z]{0,2}\s*[-－]?\s*\d{1,10}(?:\s*[-－]\s*\d{1,6})?)\s*[号號]")


def _number_text(text: str) -> str:
    """A proposal number as a reply cites it: no spaces, an ASCII hyphen (2025-031)."""
    return re.sub(r"\s", "", text).replace("－", "-")


_RESULT_WORDS = re.compile("|".join(genre.RESULT_TERMS))
_RESULT_LETTER = re.compile(r"^[（(]?\s*([A-DＡ-Ｄ])\s*[）)]?\s*类?$")
_RESULT_IN_LINE = re.compile(r"[（(]\s*([A-D])\s*[）)]\s*类|(?<![A-Za-z])([A-D])\s*类(?![别型])")
_DISCLOSURE = re.compile("|".join(genre.DISCLOSURE_TERMS))

_REPLY_END = re.compile("(" + "|".join(genre.REPLY_TITLE_ENDINGS) + ")$")
_POLICY_END = re.compile(
    "(" + "|".join(genre.POLICY_TITLE_ENDINGS) + ")》?"
    r"(\s*[（(]\s*\d{4}\s*[-—–至]\s*\d{4}\s*年?\s*[)）])?》?$"
)
_PROPOSAL_TITLE = re.compile(r"^关于.{2,80}(建议|提案|议案|建議)$")
_OPENING = re.compile("|".join(genre.OPENING_FORMULAS))
_TITLE_AT_END = genre.ADDRESSEE_TITLE + "$"  # "李四委员" -> 李四
# Thanks further into a long closing line than roles looks (感谢…, 40 characters, …支持).
_THANKS = re.compile(rf"感谢.{{0,40}}(?:{'|'.join(genre.THANKED_FOR)})")
_PERSON_SALUTATION = re.compile(
    r"^(?:尊敬的)?(?P<names>.{1,40}?)(?P<etc>等\s*(?:\d+|[一二三四五六七八九十]+)?\s*[名位]?)?"
    rf"(?P<role>{genre.ADDRESSEE_TITLE})\s*[:：,，]?\s*(?:您好[!！]?)?$"
)
_CLOSING = re.compile(
    r"^(?:最后[，,]\s*)?(?:我们)?(?:再次|非常|衷心|诚挚|真诚|由衷)?(?:地)?(?:感谢|谢谢|感謝)"
    "|^(?:" + "|".join(genre.CLOSING_STARTS) + ")"
)


def _is_title_like(line: str) -> bool:
    return len(line) <= 120 and "。" not in line and numbering.match_heading(line) is None


def _split_doc_number(line: str) -> tuple[str, str]:
    """("浦府办〔2021〕31号", rest) when the line starts with a doc number, else ("", line)."""
    m = _DOC_NUMBER.match(line)
    if not m:
        return "", line
    return re.sub(r"\s", "", m.group(0)), line[m.end() :].strip()


def _titles(lines: list[str], end: int, ending: re.Pattern[str]) -> list[tuple[int, str]]:
    """Title candidates in lines[:end] as (index, text), joining a title broken over lines."""
    out: list[tuple[int, str]] = []
    i = 0
    while i < end:
        _, line = _split_doc_number(lines[i])
        if not line or not _is_title_like(line) or _starts_with_label(line):
            i += 1
            continue
        if ending.search(line):
            out.append((i, _squeeze(line)))
            i += 1
            continue
        if re.search(r"^(对|對)|关于", line):
            # 对浦东新区政协七届四次会议 / 第 057 号提案的答复
            parts = [line]
            for j in range(i + 1, min(i + 4, end)):
                nxt = lines[j]
                if not _is_title_like(nxt) or _starts_with_label(nxt) or _ORG.match(nxt):
                    break
                parts.append(nxt)
                if ending.search(nxt):
                    out.append((i, _squeeze("".join(parts))))
                    i = j
                    break
        i += 1
    return out


def _session_and_number(text: str) -> tuple[str, str]:
    """("浦东新区政协七届四次会议", "195") from a title or a header line."""
    m = _NUMBER.search(text)
    number = _number_text(m.group(1)) if m else ""
    prefix = text[: m.start()] if m else text
    cut = 0
    for word in ("关于对", "关于", "对", "對"):
        pos = prefix.rfind(word)
        if pos >= 0:
            cut = max(cut, pos + len(word))
    session = _squeeze(prefix[cut:])
    session = re.sub(r"(委员提案|代表建议|提案|建议|上)$", "", session)
    m2 = re.search(r"[^\s，。,:：|]*(?:会议|全委会|委员会|大会)", session.lstrip("0123456789"))
    if not m2 or not re.search(r"政协|人大|人民代表大会|委员会|全委会|会议", m2.group(0)):
        return "", number
    return m2.group(0), number


def _recipients(salutation: str, opening: str) -> list[str]:
    """Names in the salutation (等 = and others), or the organisation it addresses."""
    text = re.sub(r"^尊敬的", "", salutation).strip()
    names: list[str] = []
    m = _PERSON_SALUTATION.match(salutation)
    if m:
        for part in re.split(r"[、，,]", m.group("names")):
            name = re.sub(_TITLE_AT_END, "", part.strip()).strip()
            if name:
                names.append(name)
    elif text:
        names.append(re.sub(r"[:：]$", "", text).strip())
    # "您和白雪委员提出的…": the other members are named in the opening.
    m = re.match(
        r"^(?:您|你)(?:和|与|及|同)(.+?)(?:等\s*\d*\s*[名位]?)?(?:委员|代表)(?:共同|联名)?提出",
        opening,
    )
    if m:
        for part in re.split(r"[、，,]", m.group(1)):
            name = re.sub(r"(委员|代表)$", "", part.strip())
            if name and name not in names:
                names.append(name)
    return names


def _is_salutation(line: str, directly_above_opening: bool) -> bool:
    if len(line) > 40 or "。" in line or numbering.match_heading(line) is not None:
        return False
    if _line_date(line) or _DOC_NUMBER.match(line) or _starts_with_label(line):
        return False
    if _PERSON_SALUTATION.match(line):
        return True
    if re.search(r"[:：]$", line):
        return not _REPLY_END.search(line[:-1])
    # 会办意见 go to the lead unit, printed without a colon on some pages.
    return directly_above_opening and bool(_ORG.match(line))


# --- Sections --------------------------------------------------------------------------------


def _split_heading(text: str) -> tuple[str, str]:
    """(heading, run-on text) of a heading line's text after its numeral.

    "依托创新平台，构建……生态。厚植培育……" keeps the first sentence as the heading. A numbered
    paragraph whose first sentence is long ("AED又称……，是一种……。") keeps only a short first
    clause, or no heading at all when even that is long.
    """
    text = text.replace("**", "").strip()
    stop = text.find("。")
    first = text if stop < 0 else text[:stop]
    rest = "" if stop < 0 else text[stop + 1 :].strip()
    if len(first) <= 40:
        return first.rstrip("：:；;，, "), rest
    clause = re.split(r"[，,；;：:]", text, maxsplit=1)[0]
    if len(clause) <= 20:
        return clause, text[len(clause) + 1 :].strip()
    return "", text


def build_sections(lines: list[str]) -> tuple[list[str], list[Section]]:
    """The text before the first heading, and the headings as a tree (一、 ⊃ （一） ⊃ 1. ⊃ （1）)."""
    preamble: list[str] = []
    roots: list[Section] = []
    stack: list[Section] = []
    for line in lines:
        heading = numbering.match_heading(line)
        if heading is None:
            (stack[-1].paragraphs if stack else preamble).append(line)
            continue
        title, rest = _split_heading(heading.text)
        section = Section(heading=title, level=heading.level)
        if rest:
            section.paragraphs.append(rest)
        while stack and stack[-1].level >= heading.level:
            stack.pop()
        (stack[-1].sections if stack else roots).append(section)
        stack.append(section)
    return preamble, roots


# --- Kind --------------------------------------------------------------------------------------

_PROPOSAL_LABEL = re.compile(
    r"^(?:"
    + "|".join(r"\s*".join(word) for word in genre.PROPOSAL_FORM_LABELS)
    + r"|题|议|由)\s*(?:[:：]|$)"
)
_NAMES_LINE = re.compile(rf"^[{_CJK}]{{2,4}}(?:[、，,][{_CJK}]{{2,4}})*$")
_PROPOSERS_LINE = re.compile(rf"^([{_CJK}]{{2,4}}(?:[、，,][{_CJK}]{{2,4}})*)等\s*\d+\s*[人名位]$")
_POLICY_HEADINGS = re.compile("|".join(genre.POLICY_HEADINGS))
_POLICY_PHRASE = re.compile("|".join(genre.POLICY_PHRASES))


def _kind(lines: list[str]) -> Kind:
    head = lines[:40]
    reply_title = any(_REPLY_END.search(t) for _, t in _titles(head, len(head), _REPLY_END))
    opening = any(
        _OPENING.search(line) and numbering.match_heading(line) is None for line in lines[:60]
    )
    if reply_title or opening:
        return Kind.REPLY
    if any(_PROPOSAL_LABEL.match(line) for line in lines) or any(
        _PROPOSERS_LINE.match(line) for line in head
    ):
        return Kind.PROPOSAL
    policy_titles = [t for _, t in _titles(head, len(head), _POLICY_END) if _POLICY_END.search(t)]
    headings = [
        h.text for line in lines if (h := numbering.match_heading(line)) and len(h.text) <= 40
    ]
    policy_headings = sum(1 for text in headings if _POLICY_HEADINGS.search(text))
    if policy_titles or policy_headings >= 2 or any(_POLICY_PHRASE.search(x) for x in lines):
        return Kind.POLICY
    # A title may have the session line run into it ("关于……的建议长宁区政协…第0101号").
    if any(_PROPOSAL_TITLE.match(part) for line in head for part in _untangle(line)):
        return Kind.PROPOSAL
    return Kind.OTHER


def detect_kind(paragraphs: list[str]) -> Kind:
    """reply, proposal, policy or other, from the document's own wording."""
    return _kind([line for line in map(_strip_markdown, _clean(paragraphs)) if line])


# --- Replies ---------------------------------------------------------------------------------


def _opening_span(lines: list[str]) -> tuple[int | None, int, int]:
    """(salutation index or None, first opening line, last opening line); (None, -1, -1)."""
    found = next(
        (
            i
            for i, line in enumerate(lines[:60])
            if _OPENING.search(line) and numbering.match_heading(line) is None
        ),
        None,
    )
    if found is None:
        for i, line in enumerate(lines[:40]):
            if _PERSON_SALUTATION.match(line) and _is_salutation(line, False):
                return i, -1, -1
        return None, -1, -1
    salutation = None
    for i in range(found - 1, max(found - 5, -1), -1):
        if _is_salutation(lines[i], i == found - 1):
            salutation = i
            break
    start = found if salutation is None else salutation + 1
    end = found
    # Without re-joined lines the formula may end on the next line ("…现将办理情 / 况答复如下：").
    if "如下" not in lines[end] and end + 1 < len(lines) and "如下" in lines[end + 1][:20]:
        end += 1
    return salutation, start, end


def _signature(lines: list[str], start: int) -> tuple[int, str, str]:
    """(index of the signature block, unit, date) after `start`; (-1, "", "") if none."""
    for i in range(start, len(lines)):
        # "东湖区民政局  2024年6月3日" on one line
        both = re.match(r"^(\S+)\s+(\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)$", lines[i])
        if both and _ORG.match(both.group(1)):
            return i, both.group(1), parse_date(both.group(2))
        if not _line_date(lines[i]):
            continue
        if i > start and _ORG.match(lines[i - 1]):
            return i - 1, lines[i - 1], _line_date(lines[i])
        return i, "", _line_date(lines[i])
    return -1, "", ""


def _tail_start(lines: list[str], body_start: int, end: int) -> tuple[int, list[str]]:
    """Walk back from `end` over contact lines and thanks; (first tail line, closing lines)."""
    closing: list[str] = []
    i = end
    while i > body_start:
        line = lines[i - 1]
        if _starts_with_label(line):
            i -= 1
        elif _CLOSING.search(line) or (len(line) <= 150 and _THANKS.search(line)):
            closing.insert(0, line)
            i -= 1
        else:
            break
    return i, closing


# A phone number written beside the contact's name ("李明 64120000", "李明（021-64120000）").
_PHONE_BESIDE = re.compile(r"(?<!\d)(?:\d{3,4}-)?\d{7,8}(?:-\d{1,6})?(?!\d)|(?<!\d)1\d{10}(?!\d)")


def _contact(fields: list[_Field]) -> Contact:
    contact = Contact()
    beside = ""  # a phone number on the name's line, if no phone field gives one
    for f in fields:
        if not f.value:
            continue
        if f.key == "contact_name" and not contact.name:
            contact.name = re.split(r"[（(，,、;；]", _first_token(f.value), maxsplit=1)[0]
            m = _PHONE_BESIDE.search(f.value)
            beside = m.group(0) if m else ""
        elif f.key == "phone" and not contact.phone:
            contact.phone = _first_token(f.value)
        elif f.key == "address" and not contact.address:
            contact.address = f.value
        elif f.key == "postcode" and not contact.postcode:
            m = re.search(r"\d{6}", f.value)
            contact.postcode = m.group(0) if m else ""
    contact.phone = contact.phone or beside
    return contact


def _part_units(text: str) -> list[str]:
    """ "区市场监管局区税务局" -> both units: cut after 局/委/办 where 区/市/县 begins the next
    unit, each piece at least four characters (so 区委区政府办公室 stays whole)."""
    pieces: list[str] = []
    start = 0
    for m in re.finditer(r"(?<=[局委办])(?=[区市县])", text):
        if m.start() - start >= 4 and len(text) - m.start() >= 4:
            pieces.append(text[start : m.start()])
            start = m.start()
    return [*pieces, text[start:]]


def _units(value: str) -> list[str]:
    return [u.strip() for u in re.split(r"[、，,；;\s]+", value.rstrip("。.")) if u.strip()]


def _result(fields: list[_Field], head: list[str]) -> str:
    for f in fields:
        if f.key != "result" or not f.value:
            continue
        value = _first_token(f.value)
        letter = _RESULT_LETTER.match(value)
        if letter:
            return letter.group(1).translate(str.maketrans("ＡＢＣＤ", "ABCD"))
        if f.label == "办理结果" or _RESULT_WORDS.fullmatch(value):
            return value
    for line in head:
        doc, rest = _split_doc_number(line)
        m = _RESULT_IN_LINE.search(rest) if doc else None
        if m:
            return m.group(1) or m.group(2)
    return ""


def _header_fields(parsed: Parsed, fields: list[_Field], head: list[str]) -> None:
    """Fields every kind may print in its header or 版记."""
    for f in fields:
        if f.key == "disclosure" and not parsed.disclosure:
            m = _DISCLOSURE.search(f.value)
            parsed.disclosure = m.group(0) if m else ""
        elif f.key == "signer" and not parsed.signer:
            parsed.signer = _first_token(f.value)
        elif f.key == "cc" and not parsed.cc:
            parsed.cc = _units(f.value)
    if not parsed.doc_number:
        printed = next((d for d in (_split_doc_number(x)[0] for x in head) if d), "")
        labelled = next(
            (
                m.group(0)
                for f in fields
                # The 信函格式 prints the 文号 flush right on the 办理结果 line, after a tab.
                if f.key in ("doc_number", "result") and (m := _DOC_NUMBER.search(f.value))
            ),
            "",
        )
        parsed.doc_number = printed or re.sub(r"\s", "", labelled)
    parsed.result = parsed.result or _result(fields, head)


def _published(fields: list[_Field], head: list[str]) -> str:
    """The page's publication date: a fallback when the document's own date is missing."""
    for f in fields:
        if f.key == "published":
            iso = parse_date(f.value)
            if iso:
                return iso
    for line in head:
        if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}(\s+\d{1,2}:\d{2}(:\d{2})?)?", line):
            return parse_date(line)
    return ""


def _issuer(fields: list[_Field]) -> str:
    for f in fields:
        value = _first_token(f.value)
        if f.key == "issuer" and _ORG.match(value):
            return value
    return ""


def _parse_reply(lines: list[str]) -> Parsed:
    parsed = Parsed(kind=Kind.REPLY)
    salutation, open_start, open_end = _opening_span(lines)
    if salutation is not None:
        head_end = salutation
    elif open_start >= 0:
        head_end = open_start
    else:
        head_end = min(len(lines), 15)

    titles = _titles(lines, head_end, _REPLY_END)
    numbered = [t for t in titles if _NUMBER.search(t[1])]
    if numbered or titles:
        title_at, parsed.title = (numbered or titles)[0]
    else:
        title_at = -1

    if salutation is not None:
        parsed.salutation = re.sub(r"[:：,，]?\s*(您好[!！]?)?$", "", lines[salutation]).strip()
    if open_start >= 0:
        parsed.opening = "".join(lines[open_start : open_end + 1])
        inline = re.match(
            rf"^((?:尊敬的)?[^，。：:]{{1,30}}?{genre.ADDRESSEE_TITLE})\s*[:：]", parsed.opening
        )
        if not parsed.salutation and inline:  # "张伟委员：您提出的……" on one line
            parsed.salutation = inline.group(1)
            parsed.opening = parsed.opening[inline.end() :].strip()
    parsed.recipients = _recipients(parsed.salutation, parsed.opening)

    if open_start >= 0:
        body_start = open_end + 1
    elif salutation is not None:
        body_start = salutation + 1
    else:
        # No salutation (a text cut short at the top): the body starts at its first real
        # paragraph or heading after the title and the page's metadata.
        body_start = title_at + 1
        while body_start < len(lines):
            line = lines[body_start]
            if numbering.match_heading(line) or (len(line) >= 30 and not _starts_with_label(line)):
                break
            body_start += 1
        head_end = body_start

    sig_at, sig_unit, sig_date = _signature(lines, body_start)
    body_end = sig_at if sig_at >= 0 else len(lines)
    tail_at, parsed.closing = _tail_start(lines, body_start, body_end)
    parsed.preamble, parsed.sections = build_sections(lines[body_start:tail_at])

    head_fields = _fields(lines, 0, head_end)
    tail_fields = [
        f for f in _fields(lines, tail_at, len(lines)) if not lines[f.line].startswith("主办单位")
    ]
    _header_fields(parsed, head_fields + tail_fields, lines[:head_end])
    parsed.contact = _contact(tail_fields)

    session, number = _session_and_number(parsed.title) if parsed.title else ("", "")
    if not number:
        number = next(
            (_number_text(m.group(1)) for x in [parsed.opening, *lines[:head_end]]
             if (m := _NUMBER.search(x))),
            "",
        )  # fmt: skip
    if not session:
        m = re.search(r"在(.{2,40}?(?:会议|全委会))上", parsed.opening)
        session = _squeeze(m.group(1)) if m else ""
    parsed.session, parsed.proposal_number = session, number

    before_title = lines[title_at - 1] if title_at > 0 else ""
    title_prefix = re.match(r"^(.{2,40}?)(?:关于|对)", parsed.title)
    parsed.bureau = (
        sig_unit
        or (before_title if _ORG.match(before_title) else "")
        or (title_prefix.group(1) if title_prefix and _ORG.match(title_prefix.group(1)) else "")
        or _issuer(head_fields)
    )
    parsed.date = sig_date or _published(head_fields, lines[:head_end])
    return parsed


# --- Proposals -------------------------------------------------------------------------------

# Verbs that open a suggestion: a one-sentence 建议 "加强…，加强…，畅通…" splits before them.
_VERBS = "|".join(genre.SUGGESTION_VERBS)
_CLAUSE_SPLIT = re.compile(rf"[，,](?=(?:{_VERBS}))")


def _sentences(text: str) -> list[str]:
    out: list[str] = []
    for sentence in re.split(r"[。；;！!]", text):
        sentence = sentence.strip(" ，,：:")
        if len(sentence) < 4:
            continue
        if re.match(rf"^(?:{_VERBS})", sentence):
            out.extend(c.strip() for c in _CLAUSE_SPLIT.split(sentence) if len(c.strip()) >= 4)
        else:
            out.append(sentence)
    return out


def split_suggestions(lines: list[str]) -> list[str]:
    """Each concrete suggestion of a 建议 part: numbered items, 一是…二是…, else sentences."""
    return _split_suggestions(lines)[0]


def _split_suggestions(lines: list[str]) -> tuple[list[str], bool]:
    """(suggestions, whether they were cut from plain sentences: a weaker reading)."""
    found, weak = _split_numbered(lines)
    # "一是完善…；二是建设…": 一是 numbers the suggestion as 一、 does; the suggestion is
    # what follows it. 一要… the same, in a series that starts so (not "三要素…" alone).
    lead = _ORDINAL_LEAD_YAO if found and found[0].startswith("一要") else _ORDINAL_LEAD
    return [lead.sub("", s) or s for s in found], weak


_ORDINAL_LEAD = re.compile(r"^[一二三四五六七八九十]{1,3}是\s*[，,：:]?\s*")
_ORDINAL_LEAD_YAO = re.compile(r"^[一二三四五六七八九十]{1,3}[是要]\s*[，,：:]?\s*")


def _split_numbered(lines: list[str]) -> tuple[list[str], bool]:
    items: list[str] = []
    top: str | None = None  # the style of the first item; other numerals stay inside an item
    for line in lines:
        item = _list_item(line)
        if item is not None and item[1] and top in (None, item[0]):
            top = item[0]
            items.append(item[1].replace("**", ""))
        elif items and _concludes(line):
            break  # "总之，……": the proposal's closing words, after its last suggestion
        elif items:
            items[-1] += line
    text = "".join(lines)
    # A list run into one paragraph, or wrapped so that some numerals start no line.
    inline = _inline_items(text)
    if len(inline) >= 2 and len(inline) > len(items):
        return inline, False
    if items:
        return [item.strip().rstrip("。；;") for item in items if item.strip()], False
    clauses = numbering.ordinal_clauses(text)
    if len(clauses) >= 2:
        starts = [offset for _, offset in clauses] + [len(text)]
        return [
            text[a:b].strip().rstrip("。；;")
            for a, b in itertools.pairwise(starts)
            if text[a:b].strip()
        ], False
    paragraphs = [line.strip() for line in lines if len(line.strip()) >= 4]
    if len(paragraphs) >= 2 and all(p.endswith(("。", "；", ";", "！", "!")) for p in paragraphs):
        # Unnumbered paragraphs under the label: one suggestion each, as the author set them
        # apart (lines that do not end a sentence are a wrapped text's: read as one text).
        return [p.rstrip("。；;") for p in paragraphs], False
    sentences = _sentences(text)
    # Clauses set apart by "；" are the author's own list; bare sentences are a guess.
    listed = len(re.findall(r"[；;]", text)) >= max(1, len(sentences) - 1)
    return sentences, len(sentences) > 1 and not listed


def _concludes(line: str) -> bool:
    """Whether a paragraph opens a proposal's closing words ("总之，……")."""
    return line.lstrip().startswith(genre.PROPOSAL_CONCLUSION_STARTS)


def _before_conclusion(paragraphs: list[str]) -> list[str]:
    """The paragraphs before a proposal's closing words, if any."""
    end = next((i for i, p in enumerate(paragraphs) if _concludes(p)), len(paragraphs))
    return paragraphs[:end]


_CN_NUMERAL = "[一二三四五六七八九十]{1,3}"
# List numerals the section headings do not use: "1）", "①", "第一，", "其一，".
_ITEM_MARKERS = (
    ("paren", re.compile(r"^\s*\d{1,2}\s*[)）]\s*")),
    ("circled", re.compile("^\\s*[\u2460-\u2473]\\s*")),
    ("ordinal", re.compile(rf"^\s*[第其]{_CN_NUMERAL}\s*[，,、：:]\s*")),
)


def _list_item(line: str) -> tuple[str, str] | None:
    """(style, text) of a line that starts a numbered item; None for other lines."""
    heading = numbering.match_heading(line)
    if heading is not None:
        return f"level{heading.level}", heading.text
    for style, pattern in _ITEM_MARKERS:
        m = pattern.match(line)
        if m:
            return style, line[m.end() :].strip()
    return None


# Numerals of a list run into one paragraph: "（一）…；（二）…", "1.…。2.…", "一、…；二、…".
_INLINE_MARKERS = (
    re.compile(rf"[（(]\s*({_CN_NUMERAL})\s*[）)]"),
    re.compile(r"[（(]\s*(\d{1,2})\s*[）)]"),
    re.compile(rf"(?<![{_CJK}])({_CN_NUMERAL})、|(?<=[。；;：:])({_CN_NUMERAL})、"),
    re.compile(r"(?<![\d.．])(\d{1,2})[.．、](?!\d)"),
    re.compile(r"(?<![\d.．(（])(\d{1,2})[)）]"),  # "1)…；2)…", a bracket closed alone
    re.compile(rf"[第其]({_CN_NUMERAL})(?:[，,、：:]|是)"),
    re.compile("([\u2460-\u2473])"),  # ①②③
)


# "首先，…。其次，…。最后，…": a sequence told by words instead of numerals.
_SEQUENCE = re.compile(r"(?:^|(?<=[。；;：:]))\s*(首先|其次|再次|然后|此外|最后)\s*[，,、]?")


def _inline_items(text: str) -> list[str]:
    """The items of a list numbered 1, 2, 3… inside one paragraph, each numeral at the start
    or after a full stop, semicolon or colon; [] when there is no such run."""
    steps = list(_SEQUENCE.finditer(text))
    if len(steps) >= 2 and steps[0].group(1) == "首先":
        ends = [m.start() for m in steps[1:]] + [len(text)]
        return [
            item
            for m, end in zip(steps, ends, strict=True)
            if (item := text[m.end() : end].strip().rstrip("。；;"))
        ]
    for pattern in _INLINE_MARKERS:
        spans: list[tuple[int, int]] = []
        for m in pattern.finditer(text):
            raw = next(g for g in m.groups() if g)
            if "\u2460" <= raw <= "\u2473":
                n: int | None = ord(raw) - 0x2460 + 1
            else:
                n = int(raw) if raw.isdigit() else numbering.from_chinese(raw)
            before = text[: m.start()].rstrip()
            if n == len(spans) + 1 and (not before or before[-1] in "。；;：:！!"):
                spans.append((m.start(), m.end()))
        if len(spans) >= 2:
            ends = [start for start, _ in spans[1:]] + [len(text)]
            items = [
                text[a:b].strip().rstrip("。；;") for (_, a), b in zip(spans, ends, strict=True)
            ]
            return [item for item in items if item]
    return []


# A party committee, 工商联, 界别 or another body: a proposer's name kept whole.
_WHOLE_ORG = re.compile(
    "^(?:" + "|".join(genre.PARTIES) + ")|工商联|界别|政协|委员会|联合会|商会|协会|总工会|妇联"
    "|科协|侨联|团委|小组|[区市县]委$|界(?:别)?(?:组|小组)?$"
)
_POSITIONS = tuple(genre.POSITIONS)
_MORE = re.compile(
    r"等\s*(?:(?P<count>\d+|[一二三四五六七八九十两]+)\s*(?P<unit>[人名位])?|(?P<bare>[人名位]))?"
    r"\s*(?:委员|代表|同志)?\s*$"
)


_NEXT_PARTY = re.compile(rf"(?<=[委会部社])(?=(?:{'|'.join(genre.PARTIES)}))")


def _proposers(value: str, text: str) -> tuple[list[str], bool]:
    """Names from "徐亦波等10人", "张三、李四委员", "民建长宁区委" or "单家发紫阳县家发房产开发公司"
    (a name run into its unit), and whether a name was cut from its unit (a guess).

    "等N人" stays on the last name: it says there are more proposers than those named.
    """
    value = value.replace("**", "").strip().rstrip("。.")
    value = re.sub(r"[（(][^（）()]*[)）]", "", value)  # 张三（市政协委员、某大学教授）
    more = _MORE.search(value)
    suffix = ""
    if more and more.start() > 0:
        count = more.group("count")
        suffix = f"等{count}{more.group('unit') or '人'}" if count else "等"
        value = value[: more.start()]
    out: list[str] = []
    cut = False
    for part in re.split(r"[、，,；;\s]+", value):
        if not part or part in ("委员", "委員", "代表", "同志"):  # "陈志远 委员"
            continue
        if out and part.endswith(_POSITIONS):  # "张三，某公司董事长": a post, not a proposer
            continue
        # "区政协委员王刚": the member's title before the name
        part = re.sub(rf"^[{_CJK}]{{0,8}}?政协(?:常委|委员)(?=[{_CJK}]{{2,4}}$)", "", part)
        if _WHOLE_ORG.search(part):
            # "农工党长宁区委民盟长宁区委": bodies whose space a reader lost part where the next
            # party's name begins.
            pieces = _NEXT_PARTY.split(part)
            out.extend(pieces[:-1])
            part = pieces[-1]
        else:
            if len(part) >= 4:
                part = re.sub(_TITLE_AT_END, "", part)
            # A name run into its unit: split where a place printed elsewhere in the text begins.
            for k in (2, 3):
                place = re.match(rf"^[{_CJK}]{{2,4}}?[省市县区]", part[k:])
                if len(part) > 5 and place and text.count(place.group(0)) > 1:
                    part, cut = part[:k], True
                    break
            # "张伟李娜王磊": names whose spaces were lost; no one can tell where they part.
            cut = cut or bool(re.fullmatch(rf"[{_CJK}]{{5,}}", part) and not _ORG.match(part))
        out.append(part)
    if out and suffix:
        out[-1] += suffix
    return out, cut


# "办理单位：主办：区交通委 会办：区建管委" / "主办：… 会办：…" in one cell: the inner labels count.
_ASSIGNED = re.compile(
    r"^(?:办理单位|承办单位|办理)\s*[:：|]?\s*(?=(?:主办|会办|协办)(?:单位)?\s*[:：])"
)


def _assignment(text: str) -> tuple[str, list[str]]:
    """(lead, co-units) from "区卫生健康委主办，区教育局、区民政局会办" or "建议交县民政局办理，
    县教育局、县妇联协办"; ("", []) if not so."""
    text = re.sub(r"^(?:建议|拟|请)?(?:交|由|请)?", "", text.strip())
    lead = re.match(rf"([{_CJK}（）()]{{2,30}}?)(?:牵头)?(?:主办|研究办理|办理|承办)", text)
    co = re.search(rf"[，,；;]\s*([{_CJK}（）()、]{{2,80}}?)(?:会办|协办|配合办理|配合)", text)
    if not lead:
        return "", []
    return lead.group(1), _units(co.group(1)) if co else []


@dataclass
class _Block:
    key: str
    label: str
    value: list[str]


# A label line glued to the end of the paragraph above it ("…存在较大差距,议:"), as a
# re-wrapper may do when that paragraph was cut short without a full stop.
_GLUED_LABEL = re.compile(r"^(.{8,}[，,。；;”])\s*((?:具体)?建议|议|理由|由)\s*[:：]\s*$")


def _unglue(line: str) -> list[str]:
    m = _GLUED_LABEL.match(line)
    return [m.group(1), m.group(2) + ":"] if m else [line]


def _is_title_text(line: str) -> bool:
    return bool(re.match(r"^[《“]?关于", line)) and _looks_like_title(line)


@dataclass
class _Text:
    """A line of running text (not a one-line field), and the multi-line field it is in."""

    at: int
    text: str
    key: str  # "" for plain text, else content / suggest / title (a 案由 that holds reasons)


def _read_blocks(lines: list[str]) -> tuple[list[_Block], list[_Text]]:
    """The labelled fields, and the running text with the multi-line field each line is in.

    A one-line field ("提案人：张三") holds the rest of its line, or the next line when the label
    stands alone ("代表姓名" / "陈晓红"); 内容/理由/建议 hold the lines up to the next label.
    """
    blocks: list[_Block] = []
    texts: list[_Text] = []
    key = ""
    pending: _Block | None = None
    wrapped: _Block | None = None  # a one-line field on a line long enough to have wrapped
    for i, line in enumerate(lines):
        if wrapped is not None and wrapped.key == "title" and line in ("建议", "提案", "议案"):
            wrapped.value[0] += line  # "题目：关于……并重的" / "建议": not the 建议 label
            wrapped = None
            continue
        found = _line_fields(line) if _starts_with_label(line) else []
        if not found:
            if pending is not None:
                pending.value.append(line)
                pending = None
            elif wrapped is not None and _wraps_on(wrapped, line):
                wrapped.value[0] += line  # "会办：区城管执法局、区建设" / "管理委"
                if wrapped.key == "title":
                    key = ""  # the title is whole now: what follows is not its reasons
            else:
                texts.append(_Text(i, line, key))
            wrapped = None
            continue
        pending = None
        wrapped = None
        key = ""
        for k, label, value in found:
            block = _Block(k, label, [value] if value else [])
            blocks.append(block)
            reasons = k == "title" and not (value and _looks_like_title(value))
            if k in ("content", "suggest") or reasons:
                key = k
                if value:
                    texts.append(_Text(i, value, k))
            elif not value and len(found) == 1:
                pending = block
        if len(line) >= 20 and blocks[-1].value and not key:
            wrapped = blocks[-1]
        elif blocks[-1].key == "title" and _cut_short(blocks[-1].value):
            # "题目：关于进一步优化营商环境" / "促进民营经济高质量发展的提案": a title cut short.
            wrapped = blocks[-1]
    return blocks, texts


def _cut_short(value: list[str]) -> bool:
    """Whether a title field holds the start of a 关于… title without its 建议/提案 ending."""
    return (
        bool(value)
        and bool(re.match(r"^[《“]?关于", value[0]))
        and not re.search(f"({'|'.join(genre.PROPOSAL_TITLE_ENDINGS)})》?$", value[0])
    )


def _wraps_on(field: _Block, line: str) -> bool:
    """Whether `line` is the rest of a one-line field cut at the margin (hard-wrapped text):
    short, no sentence, no heading, no date, no session; for a title, it ends the title."""
    if len(line) > 16 or re.search(r"[。：:]|会议|全委会", line) or _line_date(line):
        return False
    if numbering.match_heading(line) is not None or _is_title_text(line):
        return False
    if field.key == "title":
        return bool(re.search(f"({'|'.join(genre.PROPOSAL_TITLE_ENDINGS)})》?$", line))
    return len(line) <= 10 and not re.fullmatch(r"[A-Za-z]?\d+", line)


def _suggestions_after_label(texts: list[_Text]) -> list[str] | None:
    """The lines after "为此建议：" / "特提出如下建议：" / "建议如下：" …; None without a label."""
    for n, t in enumerate(texts):
        if numbering.match_heading(t.text) is not None:
            continue  # "三、对策建议：" heads a section: read as one below
        m = genre.SUGGESTION_LABEL.search(t.text) or genre.SUGGESTION_LABEL_AT_END.search(t.text)
        if not m:
            continue
        rest = t.text[m.end() :].strip()
        out = [rest] if rest else []
        last = t.at
        for x in texts[n + 1 :]:
            if x.at != last + 1:
                break  # a field (主办单位：…) ends the suggestions
            out.append(x.text)
            last = x.at
        return out
    return None


# "关于……的建议长宁区政协十五届四次会议第0210号": a title run into the session line below it.
_TITLE_THEN_SESSION = re.compile(
    rf"^((?:关于|《关于).{{4,80}}?(?:{'|'.join(genre.PROPOSAL_TITLE_ENDINGS)})》?)"
    rf"((?:上海市)?[{_CJK}]{{0,12}}(?:政协|人大|人民代表大会).*(?:会议|全委会).*)$"
)


# "政协……第四次会议第112号提案：关于……的提案": the session and number run into the title.
_SESSION_THEN_TITLE = re.compile(
    rf"^([{_CJK}（）()]{{4,60}}?(?:会议|全委会)\s*(?:第\s*[A-Za-z0-9\-－]{{1,12}}\s*号)?"
    r"\s*(?:提案|建议|议案)?)\s*[:：]?\s*"
    rf"((?:关于|《关于).{{4,80}}?(?:{'|'.join(genre.PROPOSAL_TITLE_ENDINGS)})》?)$"
)


# "关于……的建议（第45号）" and "提案第45号：关于……的建议": the number beside the title.
_TITLE_ENDING = rf"(?:{'|'.join(genre.PROPOSAL_TITLE_ENDINGS)})》?"
_TITLE_THEN_NUMBER = re.compile(
    rf"^((?:关于|《关于).{{4,80}}?{_TITLE_ENDING})\s*[（(]\s*"
    r"(第\s*[A-Za-z0-9\-－]{1,12}\s*号(?:提案|建议)?)\s*[)）]$"
)
_NUMBER_THEN_TITLE = re.compile(
    r"^((?:提案|建议|议案)?\s*第\s*[A-Za-z0-9\-－]{1,12}\s*号(?:提案|建议)?)\s*[:：]?\s*"
    rf"((?:关于|《关于).{{4,80}}?{_TITLE_ENDING})$"
)


def _untangle(line: str) -> list[str]:
    m = _TITLE_THEN_SESSION.match(line) or _TITLE_THEN_NUMBER.match(line)
    if m:
        return [m.group(1), m.group(2)]
    m = _NUMBER_THEN_TITLE.match(line)
    if m:
        return [m.group(1), m.group(2)]
    m = _SESSION_THEN_TITLE.match(line)
    if m and _SESSION_BODY.search(m.group(1)):
        return [m.group(1), m.group(2)]
    return [line]


# A page's number alone on a line after a sentence (a PDF's, pasted as text): it ran into
# the suggestion it stood in ("……组织社工参与协调。1"). Not a form's number under its label,
# nor one above the title: no sentence ends before those.
_BARE_PAGE_NUMBER = re.compile(r"\d{1,3}")
_SENTENCE_ENDS = ("。", "；", ";", "！", "!", "？", "?")


def _without_page_numbers(lines: list[str]) -> list[str]:
    return [
        line
        for i, line in enumerate(lines)
        if not (
            i
            and _BARE_PAGE_NUMBER.fullmatch(line.strip())
            and lines[i - 1].rstrip().endswith(_SENTENCE_ENDS)
        )
    ]


def _parse_proposal(lines: list[str]) -> Parsed:
    parsed = Parsed(kind=Kind.PROPOSAL)
    lines = [
        part
        for line in lines
        for untangled in _untangle(_ASSIGNED.sub("", line))
        for part in _unglue(untangled)
    ]
    lines = _without_page_numbers(lines)
    blocks, texts = _read_blocks(lines)
    title_at = _proposal_title(parsed, lines, blocks)
    head_end = _header_end(lines, title_at)
    blocks += _midline_fields(lines[: max(head_end, 1)], {b.key for b in blocks})
    head = [x for x in lines[: max(head_end, 1)] if x != parsed.title]
    # "第 0056 号" may stand below the form's labels, still above the text.
    text_at = next((i for i, x in enumerate(lines) if _is_body_line(x)), len(lines))
    form = [x for x in lines[max(head_end, 1) : text_at] if _NUMBER.fullmatch(x)]
    parsed.proposal_number = _proposal_number(parsed, _values(blocks, "number"), head + form)
    parsed.session = _proposal_session(head)
    _proposal_proposers(parsed, lines, blocks, lines[: max(head_end, title_at + 2)], title_at)
    _proposal_units(parsed, blocks)
    body_start = max(head_end, title_at + 1)
    body = [t for t in texts if t.at >= body_start]
    if not parsed.proposers:
        # Signed at its end only ("九三学社闵行区委" above the date): the names there, left
        # marked unsure as any proposer not read from a label.
        signers = " ".join(t.text for t in _ending(body, [])[1])
        if signers:
            parsed.proposers = _proposers(signers, "\n".join(lines))[0]
    _proposal_text(parsed, body)

    fields = _fields(lines, 0, len(lines))
    _header_fields(parsed, fields, lines[:head_end])
    parsed.date = _published(fields, lines[:head_end])
    return parsed


def _values(blocks: list[_Block], *keys: str) -> list[str]:
    return [v for b in blocks if b.key in keys for v in b.value]


def _proposal_title(parsed: Parsed, lines: list[str], blocks: list[_Block]) -> int:
    """Sets the title: 题目/案由 when it holds one, else the 关于……建议 line (joined when
    wrapped). Returns the index of its last printing (a page repeats it above the text)."""
    labelled = [b.value[0] for b in blocks if b.key == "title" and b.value]
    title_label = next((v for v in labelled if _looks_like_title(v)), "")
    ending = re.compile("(" + "|".join(genre.PROPOSAL_TITLE_ENDINGS) + ")$")
    titles = _titles(lines, len(lines), ending)
    # "宝山区政协十届三次会议提案" ends like a title but names the session: 关于… comes first.
    titles.sort(key=lambda t: not _is_title_text(t[1]))
    if title_label:
        parsed.title = _unquote(_squeeze(title_label))
    elif titles:
        parsed.title = _unquote(titles[0][1])
        if not _is_title_text(parsed.title):
            parsed.unsure.append("title")
    else:
        # No 建议/提案 ending ("关于……的意见"): the first 关于 line, to be confirmed.
        first = next((x for x in lines[:20] if _is_title_text(x) and not _starts_with_label(x)), "")
        if first:
            parsed.title = _unquote(_squeeze(first))
            titles = [(lines.index(first), parsed.title)]
            parsed.unsure.append("title")
    return max((i for i, t in titles if _unquote(t) == parsed.title), default=-1)


def _header_end(lines: list[str], title_at: int) -> int:
    """Where the header (session, number, proposers, title) ends and the text begins."""
    first_label = next(
        (i for i, line in enumerate(lines) if _PROPOSAL_LABEL.match(line)), len(lines)
    )
    if title_at < 0:
        if first_label < len(lines):
            return first_label
        # No label this parser knows heads the form ("代表：" / "建议题目：…"): the header
        # runs to the text.
        return next((i for i, line in enumerate(lines) if _is_body_line(line)), 0)
    # Without labels, the header runs from the top to the text ("关于……的建议" / "长宁区政协
    # 十五届四次会议 第0260号 提案人：…" / the text); a form's labels printed after the text
    # ("提案人：周建华" above the date) do not make the text a header.
    text_at = next(
        (
            i
            for i in range(title_at + 1, len(lines))
            if _is_body_line(lines[i]) or _labelled_text(lines[i])
        ),
        len(lines),
    )
    return min(first_label, text_at)


def _labelled_text(line: str) -> bool:
    """Whether a line is the text under a label of its own ("建议内容：我区现有……。建议：
    1.…"): the text begins there, not after it."""
    found = _line_fields(line) if _starts_with_label(line) else []
    return bool(found) and found[0][0] in ("content", "suggest") and "。" in found[0][2]


def _midline_fields(head: list[str], known: set[str]) -> list[_Block]:
    """Header fields with their label in mid-line ("…会议第0260号提案人：九三学社长宁区委"),
    with the rest of the value when the line was cut at the margin."""
    out: list[_Block] = []
    for i, line in enumerate(head):
        if _starts_with_label(line):
            continue
        for mid in _HEADER_FIELD.finditer(line):
            key = _KEY_OF[mid.group("label")]
            if key in known:
                continue
            field = _Block(key, mid.group("label"), [mid.group("value")])
            if i + 1 < len(head) and len(line) >= 20 and _wraps_on(field, head[i + 1]):
                field.value[0] += head[i + 1]
            out.append(field)
    return out


_YEAR_BRACKETS = re.compile(r"[〔［\[（(【]\s*(?:19|20)\d\d\s*[〕］\]）)】]")


def _proposal_number(parsed: Parsed, labelled: list[str], head: list[str]) -> str:
    """A 提案号/编号 field, "第67号" / "…委员提案第70号" in the header, else a number alone on
    a line (a weak cue: a page may print other numbers so)."""
    numbers = [
        _number_text(n.group(1) if (n := _NUMBER.search(v)) else m.group(0))
        # "静政协〔2025〕第78号": the year in its brackets is not the number.
        for v in labelled
        if (
            m := re.search(r"[A-Za-z]{0,3}\d[\d\-－]*\d|[A-Za-z]{0,3}\d", _YEAR_BRACKETS.sub("", v))
        )
    ]
    numbers += [
        _number_text(m.group(1)) for line in head if len(line) <= 40 and (m := _NUMBER.search(line))
    ]
    if numbers:
        return numbers[0]
    bare = [line for line in head if re.fullmatch(r"[A-Za-z]?\d{1,8}", line)]
    if bare:
        parsed.unsure.append("proposal_number")
    return bare[0] if bare else ""


_PART_WORD = re.compile("|".join(genre.PROPOSAL_PART_WORDS))


def _alone_proposers(line: str, *, spaced: bool = False) -> bool:
    """Whether a bare line is nothing but proposers: names, or bodies kept whole (民建长宁区委,
    区政协教育界别, "农工党长宁区委 民盟长宁区委"); with `spaced`, people parted by spaces too
    ("王建国 李秀梅", where a line stands for the proposers: not "上海市 静安区" above a
    session's line)."""
    if _NAMES_LINE.match(re.sub(r"\s+", "、", line.strip()) if spaced else line):
        return True
    if re.search("会议|全委会", line):  # 中国人民政治协商会议…委员会 names the 政协
        return False
    parts = [p for p in re.split(r"[、，,\s]+", line) if p]
    return bool(parts) and all(
        _WHOLE_ORG.search(p) and (_ORG.match(p) or re.search("界别(?:组|小组)?$", p)) for p in parts
    )


def _proposal_proposers(
    parsed: Parsed, lines: list[str], blocks: list[_Block], head: list[str], title_at: int
) -> None:
    """提案人/领衔代表 and 附议人/附议代表 fields, else a "张三等4人" line in the header, else
    names alone on a line above the title or right below it (unsure)."""
    text = "\n".join(lines)
    named = [b for b in blocks if b.key in ("proposers", "co_proposers") and b.value]
    doubt = False  # a name cut from its unit, or names read from a bare line
    for b in named:
        names, guessed = _proposers(b.value[0], text)
        doubt = doubt or guessed
        parsed.proposers.extend(n for n in names if n not in parsed.proposers)
    if not named:
        line = next((x for x in head if _PROPOSERS_LINE.match(x)), "")
        if line:
            parsed.proposers, doubt = _proposers(line, text)
    if not parsed.proposers and title_at >= 0:
        # "0118" / "陈建平" / 关于……: names alone on a line above the title, or right below
        # it ("关于……的提案" / "王建国" / the text).
        for line in [*lines[:title_at], *head[title_at + 1 :]]:
            if _alone_proposers(line, spaced=True) and not (
                re.search("会议|全委会|提案$|建议$", line) or _PART_WORD.search(line)
            ):
                parsed.proposers, _ = _proposers(line, text)
                doubt = True
                break
    if doubt or not parsed.proposers:  # no one found: the officer names them
        parsed.unsure.append("proposers")
    deputy_form = any(b.label in genre.DEPUTY_LABELS for b in named)
    if deputy_form and not re.search("人大|人民代表大会", parsed.session):
        # The form calls them 代表: say so where the template choice reads it.
        parsed.proposers = [n if n.endswith("代表") else n + "代表" for n in parsed.proposers]


def _proposal_units(parsed: Parsed, blocks: list[_Block]) -> None:
    """主办/会办 units: labelled, several under one label (marked （主办）/（会办）), or named in
    the 审查意见 ("区卫生健康委主办，区教育局会办")."""
    lead, co, review = (_values(blocks, k) for k in ("lead_unit", "co_units", "review"))
    bracket = re.compile(r"[（(][^()（）]*[)）]$")
    if lead and len(_units(lead[0])) > 1:
        # The marks say who leads; unmarked, the first named leads (the usual order): a guess.
        units = _units(lead[0])
        marked = [u for u in units if re.search(r"[（(](主办|牵头)[)）]$", u)]
        first = marked[0] if marked else units[0]
        parsed.lead_unit = bracket.sub("", first)
        co = ["、".join(bracket.sub("", u) for u in units if u != first), *co]
        if not marked:
            parsed.unsure.append("lead_unit")
    elif lead:
        parsed.lead_unit = _first_token(lead[0])
    elif review:
        parsed.lead_unit, assigned = _assignment(review[0])
        if assigned and not co:
            co = ["、".join(assigned)]
        if not parsed.lead_unit:
            unit = re.sub(
                r"^(交|由|请|建议)|(办理|承办|主办|研究办理)$", "", _first_token(review[0])
            )
            parsed.lead_unit = unit if _ORG.match(unit) else ""
    parsed.co_units = [u for value in co for u in _units(value)]
    # "区市场监管局区税务局": units whose separator a PDF lost; parted where a unit's ending
    # meets the next one's 区/市/县, which the officer confirms.
    run_together = [_part_units(u) for u in parsed.co_units]
    if any(len(parts) > 1 for parts in run_together):
        parsed.co_units = [p for parts in run_together for p in parts]
        parsed.unsure.append("co_units")


def _proposal_text(parsed: Parsed, texts: list[_Text]) -> None:
    """Preamble, sections and suggestions of the text below the header.

    Suggestions: a 建议 field; else the lines after a label in the text ("为此建议："); else
    a 建议/对策 section. Plain sentences split at full stops are marked unsure.
    """
    body = [t for t in texts if t.text != parsed.title and not _PROPOSERS_LINE.match(t.text)]
    body = _unsigned(body, parsed.proposers)
    suggest = [t.text for t in body if t.key == "suggest"]
    running = [t for t in body if t.key != "suggest"]
    parsed.preamble, parsed.sections = build_sections([t.text for t in body])
    if any(t.key in ("content", "title", "suggest") for t in body):
        parsed.preamble = [t.text for t in body if t.key in ("content", "title")
                           and numbering.match_heading(t.text) is None]  # fmt: skip
    after_label = _suggestions_after_label(running)
    guessed = False
    if suggest:
        parsed.suggestions, guessed = _split_suggestions(suggest)
    elif after_label is not None:
        parsed.suggestions, guessed = _split_suggestions(after_label)
    else:
        _, sections = build_sections([t.text for t in running])
        parsed.suggestions = _suggestions_in_sections(sections)
        if not parsed.suggestions:
            # A deputy's 建议内容 with its points numbered and no label before them: the
            # last numbered list is the likeliest, but only a guess.
            parsed.suggestions = _last_numbered_list([t.text for t in running])
            guessed = bool(parsed.suggestions)
    if guessed or not parsed.suggestions:  # every proposal suggests: none found is a doubt
        parsed.unsure.append("suggestions")


# A proposal signed at its end: the proposer's or unit's name on a line of its own, the
# date below it. Read with the text, they ran into the last suggestion ("……资金池。王建国
# 2025年1月10日").
SIGNATURE_LINES = 2  # names above the date (a unit, a person)
_SIGNATURE_CHARS = 30
_SENTENCE_MARKS = re.compile(r"[。；;，,：:！？!?]")


def _signature_line(text: str) -> bool:
    """Whether `text` may be a signature's line: short, no sentence, no numbered item."""
    compact = _squeeze(text)
    return (
        0 < len(compact) <= _SIGNATURE_CHARS
        and not _SENTENCE_MARKS.search(compact)
        and _list_item(text) is None
        and not genre.SUGGESTION_LABEL.search(text)
    )


# A signature dated by its month alone: "2025年1月", "二〇二五年一月".
_SIGNED_MONTH = re.compile(
    r"(?:\d{4}|[〇零○一二三四五六七八九]{4})年(?:\d{1,2}|[一二三四五六七八九十]{1,3})月"
)


def _signed_date(text: str) -> bool:
    """Whether `text` is a date alone on its line, as a signature dates (a day or a month)."""
    return bool(_line_date(text) or _SIGNED_MONTH.fullmatch(_squeeze(text)))


def _signer_line(text: str) -> bool:
    """Whether `text` names who signs: people or bodies alone on the line (not a short
    unnumbered suggestion "加大财政补贴力度" above the date), "（盖章）" aside."""
    names = genre.SIGNATURE_MARK.sub("", text).strip()
    return _signature_line(text) and bool(
        _alone_proposers(names, spaced=True) or _PROPOSERS_LINE.match(names)
    )


def _signature_at(texts: list[_Text], proposers: list[str]) -> int:
    """Where the signature at the end of `texts` starts (len(texts) when unsigned): a date
    alone on a line among the last SIGNATURE_LINES + 1, only signature lines after it, and
    up to SIGNATURE_LINES names above it; without a date, lines naming a proposer or marked
    as signed ("（盖章）")."""
    end = len(texts)
    dated = next(
        (
            i
            for i in range(end - 1, max(end - SIGNATURE_LINES - 2, -1), -1)
            if _signed_date(texts[i].text)
        ),
        None,
    )
    if dated is not None and all(_signature_line(t.text) for t in texts[dated + 1 :]):
        start = dated
        while start > max(dated - SIGNATURE_LINES, 0) and _signer_line(texts[start - 1].text):
            start -= 1
        return start
    # "王建国代表" read from 代表：王建国 signs as 王建国.
    names = {_squeeze(re.sub("(代表|委员)$", "", p)) for p in proposers if p}
    start = end
    while start > max(end - SIGNATURE_LINES, 0) and _signature_line(texts[start - 1].text):
        compact = _squeeze(texts[start - 1].text)
        signed = genre.SIGNATURE_MARK.search(compact)
        if not signed and not any(name and name in compact for name in names):
            break
        start -= 1
    return start


def _ending(texts: list[_Text], proposers: list[str]) -> tuple[int, list[_Text]]:
    """Where the text of `texts` ends, before what follows its suggestions (attachments
    "附件：…", a note "（此件公开发布）", the signature, see _signature_at, and a closing
    formula "以上建议，请予研究。" above it); and the signature's lines other than its date."""
    end = next((i for i, t in enumerate(texts) if genre.ATTACHMENT_LINE.match(t.text)), len(texts))
    while end and genre.DOCUMENT_NOTE.fullmatch(_squeeze(texts[end - 1].text)):
        end -= 1
    signed = _signature_at(texts[:end], proposers)
    names = [t for t in texts[signed:end] if not _signed_date(t.text)]
    end = signed
    for i in range(end - 1, max(end - SIGNATURE_LINES - 3, -1), -1):
        text = texts[i].text
        if (
            len(_squeeze(text)) <= genre.PROPOSAL_CLOSING_CHARS
            and genre.PROPOSAL_CLOSING.match(_squeeze(text))
            and _list_item(text) is None
        ):
            end = i
            break
    return end, names


def _unsigned(texts: list[_Text], proposers: list[str]) -> list[_Text]:
    """`texts` without what follows the suggestions at their end (see _ending)."""
    return texts[: _ending(texts, proposers)[0]]


_SESSION_BODY = re.compile("|".join(genre.SESSION_BODIES))
_NUMBERED_SESSION = re.compile(
    r"^[一二三四五六七八九十]{1,3}届[一二三四五六七八九十]{1,3}次(?:全体)?会议$"
)
_HEADER_KEYS = ("number", "proposers", "co_proposers", "lead_unit", "co_units")
_HEADER_FIELD = re.compile(
    "(?P<label>"
    + "|".join(sorted((x for k in _HEADER_KEYS for x in _LABELS[k]), key=len, reverse=True))
    + r")\s*[:：]\s*(?P<value>[^\s:：]+)"
)


def _is_body_line(line: str) -> bool:
    """A line of the proposal's own text: a sentence, a numbered part or a suggestion label."""
    return (
        "。" in line
        or len(line) > 40
        or numbering.match_heading(line) is not None
        or bool(genre.SUGGESTION_LABEL.search(line))
    ) and not _starts_with_label(line)


_SESSION_LEAD = re.compile(rf"^(?:{_NUMBER.pattern}|(?:19|20)\d\d年度?)+")


def _proposal_session(head: list[str]) -> str:
    """The longest header line (or two joined) naming a 会议 / 全委会 of 政协 or 人大."""
    sessions: list[str] = []
    for i, line in enumerate(head):
        if _is_title_text(line):
            continue  # a title first: the session line below is not its continuation
        candidates = [line]
        joinable = i + 1 < len(head) and not _is_title_text(head[i + 1])
        joinable = joinable and not _alone_proposers(line)  # "民建长宁区委" / the session
        if joinable and not re.search("(?<!政治协商)(?:会议|全委会)", line):
            candidates.append(line + head[i + 1])
        for candidate in candidates:
            # Not the number or the year before it: "第45号" on the line above, "2025年".
            named = _SESSION_LEAD.sub("", _squeeze(candidate))
            # 中国人民政治协商会议 is the name of the 政协, not the session's 会议.
            m = re.search(rf"[{_CJK}][^\s，。,:：|>/]*?(?<!政治协商)(?:会议|全委会)", named)
            # "（十四届二次会议）" names no body, but no other meeting is numbered so.
            if m and (_SESSION_BODY.search(m.group(0)) or _NUMBERED_SESSION.search(m.group(0))):
                sessions.append(m.group(0))
    return max(sessions, key=len, default="")


def _unquote(title: str) -> str:
    """A title without the 《》 or “” around all of it."""
    m = re.fullmatch(r"《([^《》]+)》|“([^“”]+)”", title)
    return (m.group(1) or m.group(2)) if m else title


def _looks_like_title(line: str) -> bool:
    """A title is one short line without a full stop, e.g. 关于……的建议."""
    line = line.strip()
    return 0 < len(line) <= 60 and not line.endswith(("。", "；", ";"))


def _join_sentences(parts: list[str]) -> str:
    return "。".join(p.strip().rstrip("。") for p in parts if p.strip())


def _marker_style(heading: numbering.Heading) -> str:
    """A heading numeral's style without its number: "1." and "2." alike, "（一）" not "一、"."""
    return _NUMERAL_DIGITS.sub("#", heading.marker) + str(heading.level)


_NUMERAL_DIGITS = re.compile("[0-9０-９〇零一二三四五六七八九十百]+")


def _last_numbered_list(lines: list[str]) -> list[str]:
    """The items of the last run of lines numbered 1, 2, 3… in one style (at least two)."""
    runs: list[list[str]] = []
    style, expected = "", 0
    for line in lines:
        heading = numbering.match_heading(line)
        if heading is not None and heading.number == 1 and heading.text:
            runs.append([heading.text])
            style, expected = _marker_style(heading), 2
        elif (
            heading is not None
            and heading.number == expected
            and _marker_style(heading) == style
            and heading.text
        ):
            runs[-1].append(heading.text)
            expected += 1
    found = [run for run in runs if len(run) >= 2]
    return [item.rstrip("。；;") for item in found[-1]] if found else []


def _suggestions_in_sections(sections: list[Section]) -> list[str]:
    """Suggestions under a 建议/对策 section heading ("三、对策建议", "二、几点建议")."""
    # Shallow headings first: "三、对策建议" wins over "1．保障措施不到位" under 存在的问题.
    level = sections
    ordered: list[Section] = []
    while level:
        ordered.extend(level)
        level = [child for s in level for child in s.sections]
    for section in ordered:
        if len(section.heading) > 15:
            continue
        if genre.SUGGESTION_HEADING.search(section.heading) and (
            section.sections or section.paragraphs
        ):
            if section.sections:
                return [
                    _join_sentences([s.heading, *_before_conclusion(s.paragraphs)])
                    for s in section.sections
                ]
            return split_suggestions(section.paragraphs)
    return []


# --- Policies and the rest -------------------------------------------------------------------


def _parse_policy(lines: list[str], kind: Kind = Kind.POLICY) -> Parsed:
    parsed = Parsed(kind=kind)
    ending = (
        _POLICY_END
        if kind is Kind.POLICY
        else re.compile(f"{_POLICY_END.pattern}|{_REPLY_END.pattern}|(建议|提案)$")
    )
    first_heading = next(
        (i for i, line in enumerate(lines) if numbering.match_heading(line)), len(lines)
    )
    titles = _titles(lines, min(first_heading, 40), ending)
    title_at = titles[0][0] if titles else -1
    parsed.title = titles[0][1] if titles else ""
    head_end = max(title_at + 1, 0)
    while head_end < first_heading and len(lines[head_end]) < 60 and "。" not in lines[head_end]:
        head_end += 1

    fields = _fields(lines, 0, len(lines))
    _header_fields(parsed, fields, lines[:head_end])
    prefix = re.match(r"^(.{2,40}?)关于", parsed.title)
    _, sig_unit, sig_date = _signature(lines, 0)
    parsed.bureau = (
        (prefix.group(1) if prefix and _ORG.match(prefix.group(1)) else "")
        or sig_unit
        or _issuer(fields)
    )
    parsed.date = sig_date or _published(fields, lines[:head_end])

    squeezed_title = re.sub(r"\s", "", parsed.title)
    field_lines = {f.line for f in fields if f.key != "other" or f.label == "索引号"}
    body = []
    for i, line in enumerate(lines):
        compact = _squeeze(line)
        if (
            i in field_lines
            or _starts_with_label(line)
            or _line_date(line)
            or (_split_doc_number(line)[0] and not _split_doc_number(line)[1])
            or (compact and len(compact) >= 4 and compact in squeezed_title)
            or re.search(r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*印发$|\d\s*印发$", line)
            or genre.DOCUMENT_NOTE.fullmatch(line)
        ):
            continue
        body.append(line)
    parsed.preamble, parsed.sections = build_sections(body)
    return parsed


def parse(paragraphs: list[str], kind: Kind | None = None) -> Parsed:
    """The parts of a document; `kind` overrides the detected kind (e.g. ``import --kind``)."""
    lines = _clean(paragraphs)
    plain = [line for line in map(_strip_markdown, lines) if line]
    kind = kind or _kind(plain)
    if kind is Kind.PROPOSAL:
        return _parse_proposal(plain)
    if kind is Kind.REPLY:
        return _parse_reply(lines)
    return _parse_policy(lines, kind)
