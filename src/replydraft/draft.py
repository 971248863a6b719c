"""The pre-filled reply draft: a proposal, a bureau profile and a template make a Draft.

The structure (title, salutation, sections per suggestion, closing, signature, contact,
版记) is built here; the wording comes from the template's blocks (see templates/replies/
base.j2). Reused paragraphs found by search are placed under the suggestion they answer,
with their Source kept. Whatever is not known stays empty or becomes a visible
【待填写：…】 gap (templates.todo) for the officer; nothing is invented.

Draft files are JSON, versioned, UTF-8 (not ASCII-escaped), written atomically.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from replydraft.atomic import write_text_atomic
from replydraft.errors import ReplydraftError
from replydraft.numbering import match_heading
from replydraft.profiles import BureauProfile
from replydraft.records import (
    DRAFT_FORMAT_VERSION,
    Contact,
    Draft,
    DraftHeader,
    DraftParagraph,
    DraftSection,
    Kind,
    Parsed,
    Source,
)
from replydraft.templates import (
    TemplateStore,
    proposer_facts,
    suggestion_context,
    template_context,
    todo,
)

if TYPE_CHECKING:
    from replydraft.search import ProposalMatches

DRAFT_FILE_FORMAT = "replydraft-draft"  # the "format" key that marks a draft file


def reusable_text(text: str) -> str:
    """A found paragraph as it goes into a draft: cleaned as reuse.clean_text says (without
    its source's numeral and Markdown, full-width punctuation, brackets balanced)."""
    from replydraft.reuse import clean_text

    return clean_text(text)[0]


def matches_for_draft(
    found: ProposalMatches,
    *,
    per_suggestion: int = 2,
    policies: int = 1,
    profile: BureauProfile | None = None,
) -> dict[int, list[DraftParagraph]]:
    """The paragraphs search found, placed per suggestion, each with its Source.

    Up to `per_suggestion` answer-body paragraphs a suggestion, chosen, cleaned and adapted
    to the drafting bureau `profile` by reuse.plan_reuse (which also keeps the candidates
    and policy citations); a suggestion no paragraph fits gets none (the template's gap).
    Policy passages are cited, not inserted: `policies` is how many plan_reuse keeps.
    """
    from replydraft.reuse import plan_reuse

    plan = plan_reuse(found, profile=profile, per_suggestion=per_suggestion, policies=policies)
    return plan.placed


def choose_kind(proposal: Parsed, *, bureau: BureauProfile | None = None) -> str:
    """member / members / organisation / deputy / huiban, from the proposal's facts.

    huiban when `bureau` is named among the co-handling units and not as the lead unit;
    deputy for an NPC deputy's suggestion (代表, 人大); organisation when the (first)
    proposer is a party committee or another organisation; members for several names or
    "等"; member otherwise.
    """
    if (
        bureau is not None
        and any(bureau.is_named(u) for u in proposal.co_units)
        and not bureau.is_named(proposal.lead_unit)
    ):
        return "huiban"
    facts = proposer_facts(proposal)
    if facts.is_deputy:
        return "deputy"
    if facts.type in ("organisation", "party"):
        return "organisation"
    if len(facts.names) > 1 or facts.more:
        return "members"
    return "member"


def doc_number(pattern: str, year: int) -> str:
    """The 文号 from a profile's pattern; the number itself is the officer's to fill in."""
    if not pattern:
        return ""
    return pattern.format(year=year, number=todo("编号"))


def _heading_text(text: str) -> str:
    """A heading without a numeral a template may have written (一、 / （一）)."""
    heading = match_heading(text)
    return heading.text if heading is not None and heading.text else text


def _contact(profile: BureauProfile) -> Contact:
    """The profile's contact block; a name or phone the profile lacks (but requires) is a
    gap for the officer, so the reply never goes out without one unnoticed."""
    contact = copy.deepcopy(profile.contact)
    if "contact" in profile.require:
        contact.name = contact.name or todo("联系人姓名")
        contact.phone = contact.phone or todo("联系电话")
    return contact


def build_draft(
    proposal: Parsed,
    profile: BureauProfile,
    templates: TemplateStore,
    *,
    kind: str | None = None,
    matches: Mapping[int, Sequence[DraftParagraph]] | None = None,
    today: date | None = None,
) -> Draft:
    """The pre-filled reply to `proposal` from `profile`'s bureau.

    `kind` picks the template (default: choose_kind). `matches[i]` holds the reused
    paragraphs for suggestion i (counting from 0, as in proposal.suggestions); a suggestion
    without any gets the template's placeholder. Raises TemplateError when the template is
    broken and ValueError for matches of a suggestion the proposal does not have.
    """
    today = today or date.today()
    kind = kind or choose_kind(proposal, bureau=profile)
    matches = matches or {}
    suggestions = list(proposal.suggestions) or [""]  # one section to write in, even so
    unknown = sorted(i for i in matches if not 0 <= i < len(suggestions))
    if unknown:
        raise ValueError(
            f"matches for suggestion(s) {unknown}, but the proposal has "
            f"{len(proposal.suggestions)} suggestion(s), numbered from 0"
        )

    template = templates.load_kind(kind, profile.template)
    ctx = template_context(proposal, profile, kind=kind, today=today)

    title = template.line("title", ctx)
    salutation = template.line("salutation", ctx).rstrip("：:")
    opening_paragraphs = template.paragraphs("opening", ctx)
    preamble = [DraftParagraph(p) for p in opening_paragraphs[1:]]
    sections: list[DraftSection] = []

    overview_heading = _heading_text(template.line("overview_heading", ctx))
    overview = [DraftParagraph(p) for p in template.paragraphs("overview", ctx)]
    if overview_heading:
        sections.append(DraftSection(overview_heading, 1, overview))
    else:
        preamble.extend(overview)

    answers_heading = _heading_text(template.line("answers_heading", ctx))
    intro = [DraftParagraph(p) for p in template.paragraphs("answers_intro", ctx)]
    level = 2 if answers_heading else 1
    answers: list[DraftSection] = []
    for i, suggestion in enumerate(suggestions):
        sub = suggestion_context(ctx, i + 1, suggestion)
        heading = _heading_text(template.line("suggestion_heading", sub)) or todo("建议要点")
        reused = [copy.deepcopy(p) for p in matches.get(i, ())]
        body = reused or [
            DraftParagraph(p) for p in template.paragraphs("suggestion_placeholder", sub)
        ]
        answers.append(DraftSection(heading, level, body, suggestion=suggestion))
    if answers_heading:
        sections.append(DraftSection(answers_heading, 1, intro, answers))
    else:
        preamble.extend(intro)
        sections.extend(answers)

    closing: list[str] = []
    next_heading = _heading_text(template.line("next_steps_heading", ctx))
    next_steps = template.paragraphs("next_steps", ctx)
    if next_heading:
        sections.append(DraftSection(next_heading, 1, [DraftParagraph(p) for p in next_steps]))
    else:
        # A 下一步 paragraph follows the last answer; a section's paragraphs come before its
        # subsections, so it belongs with the closing paragraphs.
        closing.extend(next_steps)
    closing.extend(template.paragraphs("thanks", ctx))

    return Draft(
        bureau=profile.id,
        template=kind,
        header=DraftHeader(
            doc_number=doc_number(profile.doc_number_pattern, today.year),
            signer=profile.signer,
            # The profile's default 办理结果, else the template's gap: the officer chooses.
            result=profile.default_result
            or (template.line("result", ctx) if "result" in template.block_names() else ""),
            disclosure=profile.default_disclosure,
        ),
        title=title,
        salutation=salutation,
        opening=opening_paragraphs[0] if opening_paragraphs else "",
        preamble=preamble,
        sections=sections,
        closing=closing,
        signature=profile.name,
        date=today.isoformat(),
        notes=list(profile.notes),
        contact=_contact(profile),
        cc=list(profile.cc),
        print_office=profile.print_office,
        proposal=copy.deepcopy(proposal),
    )


# --- Draft files -----------------------------------------------------------------------------


_CUT_SHORT = "内容不完整，文件可能被截断"


class DraftFileError(ReplydraftError):
    """A draft file that cannot be read; str() is one line naming the file."""

    def __init__(self, path: Path, message: str) -> None:
        self.path = path
        self.message = message
        super().__init__(f"{path}: {message}")


def draft_to_json(draft: Draft) -> str:
    data: dict[str, Any] = {"format": DRAFT_FILE_FORMAT, **draft.to_dict()}
    data["version"] = DRAFT_FORMAT_VERSION
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def save_draft(draft: Draft, path: str | Path) -> None:
    """Write `draft` as JSON; the previous file stays whole if writing fails."""
    write_text_atomic(Path(path), draft_to_json(draft))


# What a draft file may hold. A reply is a few pages: these bounds are generous, and keep a
# hostile or broken file (100 MB, JSON nested 100,000 deep, hundreds of sections) from
# taking minutes and gigabytes before it is refused.
MAX_DRAFT_BYTES = 16 * 1024 * 1024
MAX_DRAFT_CHARS = 2_000_000  # every text together
MAX_DRAFT_TEXT = 200_000  # one text (a paragraph, the proposal's own text)
MAX_DRAFT_ITEMS = 5_000  # items in one list (paragraphs of a section, 抄送 units, ...)
MAX_DRAFT_SECTIONS = 99  # sections on one level: numerals stop at 九十九
MAX_DRAFT_DEPTH = 4  # levels of sections: 一、（一）1.（1）


def load_draft(path: str | Path) -> Draft:
    """Read a draft file; DraftFileError says what is wrong with it."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_DRAFT_BYTES:
            raise DraftFileError(
                path,
                f"文件过大（{size / 1048576:.1f} MB，草稿文件上限为 {MAX_DRAFT_BYTES // 1048576} MB）",
            )
        raw = path.read_bytes()
    except OSError as exc:
        raise DraftFileError(path, f"无法读取文件（{exc.strerror or exc}）") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data":  # cut off inside a character
            raise DraftFileError(path, f"草稿文件已损坏：{_CUT_SHORT}") from None
        raise DraftFileError(path, "不是草稿文件：不是 UTF-8 文本") from None
    if not text.strip():
        raise DraftFileError(path, "文件是空的")
    try:
        data = json.loads(text)
    except RecursionError:
        raise DraftFileError(path, "草稿文件已损坏：JSON 嵌套过深") from None
    except json.JSONDecodeError as exc:
        why = _CUT_SHORT if _is_unfinished(text) else exc.msg
        raise DraftFileError(
            path,
            f"草稿文件已损坏：第 {exc.lineno} 行第 {exc.colno} 列不是有效的 JSON（{why}）",
        ) from None
    if not isinstance(data, dict) or data.get("format") != DRAFT_FILE_FORMAT:
        raise DraftFileError(path, "不是 replydraft 草稿文件")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise DraftFileError(path, f"草稿文件已损坏：格式版本 {version!r} 无效")
    if version > DRAFT_FORMAT_VERSION:
        raise DraftFileError(
            path,
            f"由较新版本的 replydraft 保存（草稿格式 {version}，本版本最高只能读取 "
            f"{DRAFT_FORMAT_VERSION}），请更新 replydraft 后再打开",
        )
    problem = _DraftChecker().draft(data)
    if problem:
        raise DraftFileError(path, f"草稿文件已损坏：{problem}")
    try:
        return Draft.from_dict(data)
    except (TypeError, ValueError, AttributeError, KeyError, RecursionError) as exc:
        raise DraftFileError(path, f"草稿文件已损坏：{exc}") from None


class _DraftChecker:
    """The draft file's schema: each key's type, and sizes and ranges, checked before the
    draft is built (Draft.from_dict would coerce: a `cc` string became one 抄送 line per
    character). Each method returns the first problem ("" when none), naming the key."""

    _TEXTS = (
        "bureau",
        "template",
        "title",
        "salutation",
        "opening",
        "signature",
        "date",
        "print_office",
    )
    _TEXT_LISTS = ("closing", "notes", "cc")

    def __init__(self) -> None:
        self.chars = 0

    def draft(self, data: dict[str, Any]) -> str:
        for key in self._TEXTS:
            if key in data and (problem := self.text(data[key], key)):
                return problem
        for key in self._TEXT_LISTS:
            if key in data and (problem := self.texts(data[key], key)):
                return problem
        for key in ("header", "contact"):
            if key in data and (problem := self.text_table(data[key], key)):
                return problem
        if "preamble" in data and (problem := self.paragraphs(data["preamble"], "preamble")):
            return problem
        if "sections" in data and (problem := self.sections(data["sections"], "sections", 1)):
            return problem
        if "proposal" in data:
            return self.proposal(data["proposal"], "proposal")
        return ""

    def text(self, value: object, key: str) -> str:
        if not isinstance(value, str):
            return f"'{key}' 应为文字，而不是{_json_type(value)}"
        if len(value) > MAX_DRAFT_TEXT:
            return f"'{key}' 过长（{len(value):,} 个字符，上限为 {MAX_DRAFT_TEXT:,}）"
        if "\x00" in value:
            return f"'{key}' 含有 NUL 字符"
        self.chars += len(value)
        if self.chars > MAX_DRAFT_CHARS:
            return f"文字总量超过上限（{MAX_DRAFT_CHARS:,} 个字符），在 '{key}' 处"
        return ""

    def items(self, value: object, key: str, limit: int = MAX_DRAFT_ITEMS) -> str:
        if not isinstance(value, list):
            return f"'{key}' 应为列表，而不是{_json_type(value)}"
        if len(value) > limit:
            return f"'{key}' 最多 {limit:,} 项，而不是 {len(value):,} 项"
        return ""

    def texts(self, value: object, key: str) -> str:
        if not isinstance(value, list):
            return self.items(value, key)
        return self.items(value, key) or next(
            (p for i, v in enumerate(value) if (p := self.text(v, f"{key}[{i}]"))), ""
        )

    def text_table(self, value: object, key: str) -> str:
        if value is None:
            return ""
        if not isinstance(value, dict):
            return f"'{key}' 应为表（{{…}}），而不是{_json_type(value)}"
        return next((p for k, v in value.items() if (p := self.text(v, f"{key}.{k}"))), "")

    def paragraphs(self, value: object, key: str) -> str:
        if not isinstance(value, list) or (problem := self.items(value, key)):
            return self.items(value, key)
        for i, item in enumerate(value):
            where = f"{key}[{i}]"
            if not isinstance(item, dict):
                return f"'{where}' 应为表（{{\"text\": …}}），而不是{_json_type(item)}"
            if problem := self.text(item.get("text", ""), f"{where}.text"):
                return problem
            source = item.get("source")
            if source is not None and (problem := self.source(source, f"{where}.source")):
                return problem
        return ""

    def source(self, value: object, key: str) -> str:
        """By the type of each Source field's default, so a field added later is checked
        too; keys this version does not know are left out by Source.from_dict."""
        if not isinstance(value, dict):
            return f"'{key}' 应为表，而不是{_json_type(value)}"
        defaults = Source(doc_id="", title="")
        for k, v in value.items():
            where = f"{key}.{k}"
            default = getattr(defaults, k, None)
            problem = ""
            if k == "score":
                if not isinstance(v, int | float) or isinstance(v, bool) or not 0 <= v <= 100:
                    problem = f"'{where}' 应为 0 到 100 之间的数，而不是 {v!r}"
            elif isinstance(default, int) and not isinstance(default, bool):
                if not isinstance(v, int) or isinstance(v, bool) or not -1 <= v <= 10_000_000:
                    problem = f"'{where}' 应为 -1 到 10000000 之间的整数，而不是 {v!r}"
            elif isinstance(default, str):
                problem = self.text(v, where)
            elif isinstance(default, list):
                problem = self.texts(v, where)
            if problem:
                return problem
        return ""

    def level(self, value: object, key: str) -> str:
        if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 4:
            return f"'{key}' 应为 1 到 4 之间的整数，而不是 {value!r}"
        return ""

    def sections(self, value: object, key: str, depth: int, plain: bool = False) -> str:
        """Sections of a draft (paragraphs with sources) or, `plain`, of a parsed proposal."""
        if depth > MAX_DRAFT_DEPTH:
            return f"'{key}' 嵌套超过 {MAX_DRAFT_DEPTH} 层"
        if not isinstance(value, list) or self.items(value, key, MAX_DRAFT_SECTIONS):
            return self.items(value, key, MAX_DRAFT_SECTIONS)
        for i, item in enumerate(value):
            where = f"{key}[{i}]"
            if not isinstance(item, dict):
                return f"'{where}' 应为表，而不是{_json_type(item)}"
            problem = (
                self.text(item.get("heading", ""), f"{where}.heading")
                or self.level(item.get("level", 1), f"{where}.level")
                or self.text(item.get("suggestion", ""), f"{where}.suggestion")
                or (
                    self.texts(item.get("paragraphs", []), f"{where}.paragraphs")
                    if plain
                    else self.paragraphs(item.get("paragraphs", []), f"{where}.paragraphs")
                )
                or self.sections(item.get("sections", []), f"{where}.sections", depth + 1, plain)
            )
            if problem:
                return problem
        return ""

    def proposal(self, value: object, key: str) -> str:
        if value is None:
            return ""
        if not isinstance(value, dict):
            return f"'{key}' 应为表，而不是{_json_type(value)}"
        defaults = Parsed()
        for k, v in value.items():
            where = f"{key}.{k}"
            default = getattr(defaults, k, None)
            problem = ""
            if k == "kind":
                if v not in {kind.value for kind in Kind}:
                    kinds = "、".join(kind.value for kind in Kind)
                    problem = f"'{where}' 应为 {kinds} 之一，而不是 {v!r}"
            elif k == "contact":
                problem = self.text_table(v, where)
            elif k == "sections":
                problem = self.sections(v, where, 1, plain=True)
            elif isinstance(default, str):
                problem = self.text(v, where)
            elif isinstance(default, list):
                problem = self.texts(v, where)
            # else: a key of a newer version; Parsed.from_dict leaves it out
            if problem:
                return problem
        return ""


def _json_type(value: object) -> str:
    """What a JSON value is, in the user's words."""
    if isinstance(value, bool):
        return "逻辑值"
    if isinstance(value, int | float):
        return "数字"
    if isinstance(value, str):
        return "文字"
    if isinstance(value, list):
        return "列表"
    if isinstance(value, dict):
        return "表"
    return "空值（null）"


def _is_unfinished(text: str) -> bool:
    """Whether JSON text stops inside a string or an open {…} / […], as a cut file does."""
    depth = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "{[":
            depth += 1
        elif char in "}]":
            depth -= 1
    return in_string or depth > 0
