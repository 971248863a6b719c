"""Reply templates: a strict, sandboxed Jinja environment over a built-in and a user folder.

A reply template words the parts of a reply in named blocks (title, salutation, opening, …);
the drafter (draft.py) renders each block on its own and builds the reply's structure in
code. The blocks and the variables a template sees are documented at the top of
templates/replies/base.j2 and in BLOCKS / template_context() below.

Templates are plain text (no autoescape), StrictUndefined (a misspelt field is an error, not
an empty string) and sandboxed (no reaching Python internals), since a bureau may share its
template files with others.
"""

from __future__ import annotations

import builtins
import contextlib
import functools
import operator
import os
import re
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from types import TracebackType
from typing import Any

import jinja2
import jinja2.runtime
from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError
from jinja2.utils import missing

from replydraft import genre, paths
from replydraft.atomic import write_text_atomic
from replydraft.errors import ReplydraftError
from replydraft.numbering import match_heading
from replydraft.profiles import BureauProfile, ExportStyle
from replydraft.records import Contact, Kind, Parsed

TEMPLATE_SUFFIX = ".j2"
REPLIES_FOLDER = "replies"  # the built-in kinds: replies/member.j2, replies/huiban.j2, …
BASE_TEMPLATE = f"{REPLIES_FOLDER}/base.j2"
KINDS = ("member", "members", "organisation", "huiban", "deputy")

# The marker of text the officer still has to write (genre.py's; the proofreader flags it).
TODO_OPEN = genre.GAP_OPEN


def todo(label: str = "") -> str:
    """A visible gap for the officer: 【待填写：label】, or 【待填写】 without a label."""
    return f"{TODO_OPEN}：{label}】" if label else f"{TODO_OPEN}】"


# --- The blocks the drafter renders, in reading order ----------------------------------------

# Rendered once per reply.
REPLY_BLOCKS = (
    "result",
    "title",
    "salutation",
    "opening",
    "overview_heading",
    "overview",
    "answers_heading",
    "answers_intro",
    "next_steps_heading",
    "next_steps",
    "thanks",
)
# Rendered once per suggestion, with `suggestion`, `index` and `gist` in the context.
SUGGESTION_BLOCKS = ("suggestion_heading", "suggestion_placeholder")
# Words other blocks use through self.<name>(): a kind changes them in one place.
WORD_BLOCKS = ("pronoun", "pronoun_all", "honorific", "doc_word", "proposer_phrase")
BLOCKS = REPLY_BLOCKS + SUGGESTION_BLOCKS + WORD_BLOCKS


# --- Errors ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class TemplateProblem:
    """One thing wrong with a template, located where possible."""

    name: str  # the template's name, e.g. replies/members.j2
    line: int | None
    message: str
    severity: str = "error"  # "error" stops drafting and saving; "warning" does not

    def __str__(self) -> str:
        # "replies/members.j2: 第 12 行：…": the GUI shows "第 12 行：" + message the same way.
        where = f"第 {self.line} 行：" if self.line else ""
        return f"{self.name}: {where}{self.message}"


class TemplateError(ReplydraftError):
    """A template that cannot be used: "members.j2: 第 12 行：'proposal' 没有属性 …"."""

    def __init__(self, name: str, line: int | None, message: str) -> None:
        self.name = name
        self.line = line
        self.message = message
        super().__init__(str(self.problem))

    @property
    def problem(self) -> TemplateProblem:
        return TemplateProblem(self.name, self.line, self.message)

    @classmethod
    def from_problem(cls, problem: TemplateProblem) -> TemplateError:
        return cls(problem.name, problem.line, problem.message)


# Friendly names for the objects templates see, used in "'proposal' 没有属性 …".
_OBJECT_NAMES: dict[type, str] = {
    Parsed: "proposal",
    BureauProfile: "profile",
    Contact: "contact",
    ExportStyle: "style",
    jinja2.runtime.TemplateReference: "self",  # self.<block>() of a block that is not there
}


class _Undefined(jinja2.StrictUndefined):
    """StrictUndefined whose messages name template variables, not Python classes."""

    @property
    def _undefined_message(self) -> str:
        if self._undefined_hint:
            return self._undefined_hint
        if self._undefined_obj is missing:
            return f"变量 {self._undefined_name!r} 未定义"
        owner = _OBJECT_NAMES.get(type(self._undefined_obj), type(self._undefined_obj).__name__)
        if not isinstance(self._undefined_name, str):
            return f"'{owner}' 中没有元素 {self._undefined_name!r}"
        return f"'{owner}' 没有属性 {self._undefined_name!r}"


_UNSAFE_ATTRIBUTE = re.compile(r"access to attribute '([^']+)'")
_MAX_TEXT = 100_000  # longest string or list a template may build with * (a bomb otherwise)


def _message_for(exc: BaseException) -> str:
    if isinstance(exc, TemplateBudgetError):
        return str(exc)
    if isinstance(exc, SecurityError):
        m = _UNSAFE_ATTRIBUTE.search(str(exc))
        if m and m.group(1).startswith("_"):
            return f"模板中不能访问内部属性 '{m.group(1)}'"
        if m:
            return f"模板中不能访问属性 '{m.group(1)}'"
        return f"模板中不允许此操作：{exc}"
    if isinstance(exc, jinja2.TemplateNotFound):
        return f"找不到模板 '{exc.name}'"
    text = str(exc).strip() or type(exc).__name__
    if isinstance(exc, jinja2.UndefinedError) and not text.isascii():
        return text  # worded by _Undefined above (an English text is one of Jinja's hints)
    # Anything else is Python's or Jinja's own English text: kept, but said in a sentence.
    return f"模板运行出错：{text}"


def _template_error(exc: BaseException, fallback_name: str) -> TemplateError:
    """Locate an exception raised while compiling or rendering: innermost template frame."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        # Jinja's own text, kept as it says it; the location goes into name and line.
        text = exc.message or str(exc)
        return TemplateError(exc.name or fallback_name, exc.lineno, f"语法错误：{text}")
    name, line = fallback_name, None
    tb: TracebackType | None = exc.__traceback__
    while tb is not None:
        template = tb.tb_frame.f_globals.get("__jinja_template__")
        if isinstance(template, jinja2.Template):
            name = template.name or fallback_name
            line = template.get_corresponding_lineno(tb.tb_lineno)
        tb = tb.tb_next
    return TemplateError(name, line, _message_for(exc))


# --- What a template sees --------------------------------------------------------------------

# 民建长宁区委, 某某界别组: an organisation ends so. Person names are 2-4 characters and
# almost never end in these, so the suffix rule needs at least 4 characters.
_ORG_SUFFIXES = ("委", "会", "联", "组")
_MORE = re.compile(r"等(?:[\d一二三四五六七八九十两]+)?(?:人|位|名)?(?:委员|代表)?$")
_NAME_SPLIT = re.compile(r"[、，,；;／/]+")
_BRACKETED = re.compile(r"[（(][^）)]*[）)]")


@dataclass(frozen=True)
class ProposerFacts:
    """Who proposed, read from the proposal's proposers and session."""

    names: list[str]  # cleaned: no 委员/代表 suffix, no 等N人
    more: bool  # the proposal says 等…: more proposers than the names listed
    type: str  # "person", "organisation" or "party" (a democratic party's committee)
    is_deputy: bool  # an NPC deputy's suggestion (代表建议) rather than a CPPCC proposal


def is_organisation(name: str) -> bool:
    name = re.sub(r"\s+", "", name)
    if any(p in name for p in genre.PARTIES) or any(w in name for w in genre.ORGANISATION_WORDS):
        return True
    return len(name) >= 4 and name.endswith(_ORG_SUFFIXES)


def is_party(name: str) -> bool:
    return any(p in name for p in genre.PARTIES)


def proposer_facts(proposal: Parsed) -> ProposerFacts:
    names: list[str] = []
    more = False
    deputy_suffix = False
    for raw in proposal.proposers:
        for part in _NAME_SPLIT.split(_BRACKETED.sub("", raw)):
            name = re.sub(r"\s+", "", part)
            if not name:
                continue
            if name.endswith("代表") and not is_organisation(name[:-2]):
                deputy_suffix = True
            m = _MORE.search(name)
            if m and m.start() > 0:
                more = True
                name = name[: m.start()]
            for suffix in ("委员", "代表"):
                if name.endswith(suffix) and len(name) > len(suffix) + 1:
                    name = name[: -len(suffix)]
            if name and name not in names:
                names.append(name)
    session = re.sub(r"\s+", "", proposal.session)
    is_deputy = deputy_suffix or "人大" in session or "人民代表大会" in session
    kind = "person"
    if names and is_organisation(names[0]):
        kind = "party" if is_party(names[0]) else "organisation"
    return ProposerFacts(names, more, kind, is_deputy)


def clean_title(title: str) -> str:
    """The proposal's title as it goes between 《》: without brackets, quotes and spaces."""
    title = re.sub(r"\s+", " ", title).strip()
    title = title.strip("《》〈〉“”\"' ")
    # Spaces survive only between Latin letters or digits (PDF text spaces out 'AIGC 产业').
    return re.sub(r"(?<![A-Za-z0-9]) | (?![A-Za-z0-9])", "", title)


def clean_number(number: str) -> str:
    """The proposal number as printed, without 第/号/spaces: "第 057 号" -> "057"."""
    return re.sub(r"[\s第号]", "", number)


_GIST_CUTS = "。；;！!？?，,：:\n"
_OPEN_QUOTES = "“‘《（(「〔["
_CLOSE_QUOTES = "”’》）)」〕]"
_GIST_PREFIXES = (
    "我们建议",
    "为此建议",
    "具体建议",
    "建议",
    "希望",
    "应当",
    "应该",
    "需要",
    "必须",
    "要",
    "应",
)
# Words that start with 要/应 but are not "should": 应用示范 must not become 用示范.
_NOT_PREFIXES = ("应用", "应对", "应急", "应届", "应收", "应有", "要素", "要点", "要件", "要害")
# A first clause that only sets the frame (按照……的思路，集中财力……): the gist is the next.
_LEAD_INS = (
    "按照",
    "根据",
    "依据",
    "依照",
    "围绕",
    "针对",
    "结合",
    "对照",
    "基于",
    "鉴于",
    "随着",
)
_ORDINAL = re.compile(r"^[一二三四五六七八九十]+是")
GIST_MAX = 20


def _clauses(text: str) -> list[str]:
    """`text` cut at clause punctuation, except inside quotes and brackets."""
    out: list[str] = []
    current = ""
    depth = 0
    for char in text:
        if char in _OPEN_QUOTES:
            depth += 1
        elif char in _CLOSE_QUOTES:
            depth = max(0, depth - 1)
        elif depth == 0 and char in _GIST_CUTS:
            if current:
                out.append(current)
            current = ""
            continue
        current += char
    if current:
        out.append(current)
    return out


def _strip_prefixes(text: str) -> str:
    text = _ORDINAL.sub("", text)
    for _ in range(3):  # "建议：要……" takes two rounds
        text = text.lstrip("：:，,、 ")
        for prefix in _GIST_PREFIXES:
            if text.startswith(prefix) and not text.startswith(_NOT_PREFIXES):
                text = text[len(prefix) :]
                break
        else:
            break
    return text.lstrip("：:，,、 ")


def suggestion_gist(suggestion: str, limit: int = GIST_MAX) -> str:
    """A short heading from a suggestion: its first clause without numbering or 建议/要/应.

    "一、建议早日启动实施二路农贸市场建设项目。" -> "早日启动实施二路农贸市场建设项目".
    A first clause that only frames the rest (按照……的思路) gives way to the next. A clause
    longer than `limit` is cut at a 、 where one falls well inside it, else ends in …… so
    it reads as a stub to edit.
    """
    text = re.sub(r"\s+", "", suggestion)
    heading = match_heading(text)
    if heading is not None:
        text = heading.text
    clauses = _clauses(_strip_prefixes(text))
    if not clauses:
        return ""
    clause = clauses[0]
    if clause.startswith(_LEAD_INS) and len(clauses) > 1:
        clause = _strip_prefixes(clauses[1])
    if len(clause) <= limit + 4:
        return clause
    cut = clause.rfind("、", 0, limit + 1)
    if cut >= limit // 2:
        return clause[:cut]
    return clause[:limit] + "……"


def template_context(
    proposal: Parsed, profile: BureauProfile, *, kind: str, today: date
) -> dict[str, Any]:
    """The variables every block sees (documented at the top of replies/base.j2)."""
    facts = proposer_facts(proposal)
    co_units = [u.strip() for u in proposal.co_units if u.strip() and not profile.is_named(u)]
    return {
        "proposal": proposal,
        "profile": profile,
        "kind": kind,
        "proposal_title": clean_title(proposal.title),
        "number": clean_number(proposal.proposal_number),
        "session": re.sub(r"\s+", "", proposal.session),
        "proposers": facts.names,
        "lead_proposer": facts.names[0] if facts.names else "",
        "co_proposers": facts.names[1:],
        "more_proposers": facts.more,
        "proposer_type": facts.type,
        "is_deputy": facts.is_deputy,
        "lead_unit": proposal.lead_unit.strip(),
        "co_units": co_units,
        "self_reference": profile.self_reference,
        "bureau": profile.name,
        "date": today.isoformat(),
        "year": today.year,
    }


def suggestion_context(context: Mapping[str, Any], index: int, suggestion: str) -> dict[str, Any]:
    """The context of the per-suggestion blocks; `index` counts from 1."""
    return {
        **context,
        "suggestion": suggestion,
        "index": index,
        "gist": suggestion_gist(suggestion),
    }


def _or_todo(value: object, label: str = "") -> object:
    """`{{ x|or_todo("编号") }}`: the value, or a 【待填写：编号】 gap when it is empty."""
    if value is None or (isinstance(value, str | list | tuple) and not value):
        return todo(label)
    return value


def _names(value: Iterable[str], more: bool = False, limit: int = 3) -> str:
    """`{{ proposers|names(more_proposers) }}`: 郭某、陈某 for a few, 张某等 for many."""
    items = [str(v) for v in value]
    if not items:
        return ""
    if more or len(items) > limit:
        return items[0] + "等"
    return "、".join(items)


# --- Environment and store -------------------------------------------------------------------


class _SearchLoader(jinja2.FileSystemLoader):
    """FileSystemLoader whose cached templates also go stale when a file appears in an
    earlier folder, so a user template dropped in beside a running program takes over."""

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        source, filename, uptodate = super().get_source(environment, template)
        earlier: list[Path] = []
        for folder in self.searchpath:
            candidate = Path(folder, *template.split("/"))
            if os.path.normpath(candidate) == os.path.normpath(filename):
                break
            earlier.append(candidate)

        def still_current() -> bool:
            return uptodate() and not any(p.is_file() for p in earlier)

        return source, filename, still_current


# --- Budgets: a template is data a bureau may share, so it must not hang or exhaust memory ---

_MAX_OUTPUT = 1_000_000  # characters one filter, operator, call or block may produce
_MAX_PRODUCED = 20_000_000  # characters all of them together may produce in one render
_MAX_STEPS = 1_000_000  # template lines run in one render (a reply needs a few thousand)
_MAX_SECONDS = 5.0  # wall time of one render
_MAX_CHECK_SECONDS = 10.0  # wall time of checking a template (it renders every block often)
# Widths and precisions in %-formats (%9999999d) and format specs ({:>9999999}).
_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[-+ #0]*(\d*)(?:\.(\d*))?")
_BRACE_SPEC = re.compile(r"\{[^{}]*:([^{}]*)\}")
_NUMBER = re.compile(r"\d+")


class TemplateBudgetError(SecurityError):
    """A render went past one of the budgets above; the message says which, in Chinese."""


class _Budget:
    """What one render may still spend: template lines, time, characters produced.

    Lines are counted by a trace function on the template's own frames only (Jinja compiles
    a template to Python; a loop with an empty body runs no filter, call or output that a
    check could sit in, but it runs lines).
    """

    def __init__(self, deadline: float | None = None) -> None:
        self.steps = 0
        self.produced = 0
        self.deadline = time.monotonic() + _MAX_SECONDS
        if deadline is not None:  # a check's deadline, shared by all its renders
            self.deadline = min(self.deadline, deadline)

    def charge(self, size: int) -> None:
        if size > _MAX_OUTPUT:
            raise TemplateBudgetError(
                f"模板生成的文字过长（{size:,} 个字符，一处上限为 {_MAX_OUTPUT:,}）"
            )
        self.produced += size
        if self.produced > _MAX_PRODUCED:
            raise TemplateBudgetError(f"模板生成的文字总量超过上限（{_MAX_PRODUCED:,} 个字符）")

    def trace(self, frame: Any, event: str, arg: Any) -> Any:
        """sys.settrace's global function: follow template code, nothing else."""
        return self._line if "__jinja_template__" in frame.f_globals else None

    def _line(self, frame: Any, event: str, arg: Any) -> Any:
        if event == "line":
            self.steps += 1
            if self.steps > _MAX_STEPS:
                raise TemplateBudgetError(
                    f"模板运行步数超过上限（{_MAX_STEPS:,} 步），可能有过大的循环"
                )
            if self.steps % 1024 == 0 and time.monotonic() > self.deadline:
                raise TemplateBudgetError(f"模板运行超过 {_MAX_SECONDS:g} 秒，可能有过大的循环")
        return self._line


def _size(value: Any) -> int:
    """Characters (or items) a value holds; 0 when unknown (an iterator)."""
    try:
        return len(value) if isinstance(value, str | list | tuple | dict | range) else 0
    except (TypeError, OverflowError):
        return 0


def _format_width(fmt: Any) -> int:
    """The largest width or precision a %-format or a format spec asks for."""
    if not isinstance(fmt, str):
        return 0
    numbers = [int(n) for m in _PERCENT_SPEC.finditer(fmt) for n in m.groups() if n]
    for m in _BRACE_SPEC.finditer(fmt):
        numbers.extend(int(n) for n in _NUMBER.findall(m.group(1)))
    return max(numbers, default=0)


def _precheck(value: Any, args: Sequence[Any], kwargs: Mapping[str, Any]) -> None:
    """Refuse, before it runs, a call whose arguments say its result would be too long:
    center(10**9), a join over many items with a long separator, a replace or indent with
    a long new text."""
    extra = [*args, *kwargs.values()]
    for arg in extra:
        if isinstance(arg, int | float) and not isinstance(arg, bool) and abs(arg) > _MAX_OUTPUT:
            raise TemplateBudgetError(f"模板中的数值 {arg:,} 过大（上限为 {_MAX_OUTPUT:,}）")
    widest = max((_size(a) for a in extra), default=0)
    if (_size(value) + 1) * max(1, widest) > _MAX_OUTPUT:
        raise TemplateBudgetError(f"模板生成的文字会超过上限（{_MAX_OUTPUT:,} 个字符）")


class _CheckedCodeGenerator(CodeGenerator):
    """Jinja's code generator, but `a ~ b` goes through the environment's checked join."""

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self.write("environment.checked_join((")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")


class _ReplyEnvironment(ImmutableSandboxedEnvironment):
    """The sandbox, with every way to make text long checked against the render's budget:
    `*`, `+`, `%` and `~`, every filter (wrapped in make_environment), every method call,
    str.format, and the joins of captured output ({% set %} blocks, macros)."""

    intercepted_binops = frozenset(["*", "**", "+", "%"])
    code_generator_class = _CheckedCodeGenerator

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._local = threading.local()  # the budget of the render running on each thread

    @property
    def budget(self) -> _Budget:
        budget: _Budget | None = getattr(self._local, "budget", None)
        return budget if budget is not None else _Budget()  # outside render(): a fresh one

    def run_budgeted(self, make: Callable[[], Iterable[str]]) -> str:
        """Run a render under a fresh budget: its output, checked as it comes."""
        budget = _Budget(getattr(self._local, "overall", None))
        if time.monotonic() > budget.deadline:
            raise TemplateBudgetError(f"模板检查超过 {_MAX_CHECK_SECONDS:g} 秒，可能有过大的循环")
        self._local.budget = budget
        previous = sys.gettrace()
        sys.settrace(budget.trace)
        try:
            parts: list[str] = []
            total = 0
            for part in make():
                total += len(part)
                if total > _MAX_OUTPUT:
                    raise TemplateBudgetError(f"模板生成的文字过长（超过 {_MAX_OUTPUT:,} 个字符）")
                parts.append(part)
            return "".join(parts)
        finally:
            sys.settrace(previous)
            self._local.budget = None

    @contextlib.contextmanager
    def overall(self, seconds: float) -> Iterator[None]:
        """Every render inside shares one deadline too (a check renders each block often)."""
        self._local.overall = time.monotonic() + seconds
        try:
            yield
        finally:
            self._local.overall = None

    def _checked(self, result: Any) -> Any:
        self.budget.charge(_size(result))
        return result

    def concat(self, parts: Iterable[Any]) -> str:
        """Captured output ({% set %}…{% endset %}, macros, call blocks), joined."""
        items = list(parts)
        self.budget.charge(sum(len(str(p)) for p in items))
        return "".join(items)

    def checked_join(self, parts: Sequence[Any]) -> str:
        """`a ~ b ~ c`, charged before it is joined."""
        texts = [str(p) for p in parts]
        self.budget.charge(sum(map(len, texts)))
        return "".join(texts)

    def call_binop(self, context: jinja2.runtime.Context, op: str, left: Any, right: Any) -> Any:
        if op == "*":
            for seq, count in ((left, right), (right, left)):
                sized = isinstance(seq, str | list | tuple) and isinstance(count, int)
                if sized and len(seq) * count > _MAX_TEXT:
                    raise SecurityError(f"生成的文字超过 {_MAX_TEXT} 个字符")
            return self._checked(operator.mul(left, right))
        if op == "**" and isinstance(right, int) and abs(right) > 100:
            raise SecurityError("指数过大")
        if op == "+":
            self.budget.charge(_size(left) + _size(right))
            return left + right
        if op == "%" and isinstance(left, str):
            _precheck("", [_format_width(left)], {})
            _precheck("", list(right) if isinstance(right, tuple) else [right], {})
        return self._checked(super().call_binop(context, op, left, right))

    def call(
        __self, __context: jinja2.runtime.Context, __obj: Any, *args: Any, **kwargs: Any
    ) -> Any:
        _precheck(getattr(__obj, "__self__", None), args, kwargs)
        return __self._checked(super().call(__context, __obj, *args, **kwargs))

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        _precheck("", [_format_width(value.__self__)], {})

        def checked(*args: Any, **kwargs: Any) -> str:
            _precheck("", args, kwargs)
            return str(self._checked(wrapped(*args, **kwargs)))

        return checked

    def guarded_filter(self, name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        """`function` (a filter) with its arguments checked first and its result after."""

        @functools.wraps(function)
        def checked(*args: Any, **kwargs: Any) -> Any:
            # Context- or environment-taking filters get that first; the value comes next.
            values = [
                a
                for a in args
                if not isinstance(
                    a, jinja2.runtime.Context | jinja2.Environment | jinja2.nodes.EvalContext
                )
            ]
            value, rest = (values[0], values[1:]) if values else (None, [])
            if name == "format":
                rest = [*rest, _format_width(value)]
            _precheck(value, rest, kwargs)
            return self._checked(function(*args, **kwargs))

        return checked


def make_environment(loader: jinja2.BaseLoader) -> jinja2.Environment:
    env = _ReplyEnvironment(
        loader=loader,
        undefined=_Undefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        auto_reload=True,
    )
    env.filters["or_todo"] = _or_todo
    env.filters["names"] = _names
    env.filters = {name: env.guarded_filter(name, f) for name, f in env.filters.items()}
    env.globals["todo"] = todo
    return env


class ReplyTemplate:
    """A loaded template with its parents, rendering one named block at a time."""

    def __init__(self, name: str, chain: Sequence[jinja2.Template]) -> None:
        self.name = name
        self.template = chain[0]
        self.chain = list(chain)  # the template first, then what it extends, up to base.j2

    def block_names(self) -> set[str]:
        return {n for t in self.chain for n in t.blocks}

    def _context(self, variables: Mapping[str, Any]) -> jinja2.runtime.Context:
        # What Jinja's own render does for {% extends %}: stack every parent's blocks under
        # the child's, so both the child's override and super() resolve.
        ctx = self.template.new_context(dict(variables))
        for parent in self.chain[1:]:
            for block_name, render in parent.blocks.items():
                ctx.blocks.setdefault(block_name, []).append(render)
        return ctx

    def render(self, block: str, variables: Mapping[str, Any]) -> str:
        """The block's text ("" if no template in the chain defines it)."""
        ctx = self._context(variables)
        if block not in ctx.blocks:
            return ""
        env = self.template.environment
        try:
            if isinstance(env, _ReplyEnvironment):
                return env.run_budgeted(lambda: ctx.blocks[block][0](ctx))
            return "".join(ctx.blocks[block][0](ctx))
        except Exception as exc:
            raise _template_error(exc, self.name) from None

    def paragraphs(self, block: str, variables: Mapping[str, Any]) -> list[str]:
        """The block's text as paragraphs: blank lines separate paragraphs; the lines of one
        paragraph are joined without a space, as Chinese text needs none."""
        return split_paragraphs(self.render(block, variables))

    def line(self, block: str, variables: Mapping[str, Any]) -> str:
        """The block's text on one line (title, salutation, headings)."""
        return "".join(self.paragraphs(block, variables))


def split_paragraphs(text: str) -> list[str]:
    out: list[str] = []
    current: list[str] = []
    for raw in text.splitlines():
        line = raw.strip()
        if line:
            current.append(line)
        elif current:
            out.append("".join(current))
            current = []
    if current:
        out.append("".join(current))
    return out


@dataclass(frozen=True)
class TemplateInfo:
    name: str  # replies/member.j2
    kind: str  # the file's stem: member, members, …, base
    description: str  # the first line of the template's leading {# … #} comment
    origin: str  # "builtin" or "user"
    path: Path
    overrides_builtin: bool = False  # a user file hiding the built-in of the same name


_LEADING_COMMENT = re.compile(r"^\s*\{#-?\s*(.*?)\s*-?#\}", re.DOTALL)
_SAFE_NAME = re.compile(r"^[\w.-]+(?:/[\w.-]+)*\.j2$")


def _description(source: str) -> str:
    """The first paragraph of the template's leading {# … #} comment, on one line."""
    m = _LEADING_COMMENT.match(source)
    if not m:
        return ""
    out = ""
    for raw in m.group(1).strip().splitlines():
        line = raw.strip()
        if not line:
            break
        # Chinese lines join directly; a space only between two Latin words.
        out += (
            " " if out[-1:].isascii() and out[-1:].isalnum() and line[0].isascii() else ""
        ) + line
    return out


class TemplateStore:
    """Reply templates from a built-in folder and a user folder laid out alike
    (replies/*.j2, <bureau>/*.j2); a user file overrides the built-in of the same name.
    Saving only ever writes to the user folder, and only a template that checks clean."""

    def __init__(self, builtin_dir: Path, user_dir: Path) -> None:
        self.builtin_dir = Path(builtin_dir)
        self.user_dir = Path(user_dir)
        self.loader = _SearchLoader([str(self.user_dir), str(self.builtin_dir)])
        self.env = make_environment(self.loader)

    @classmethod
    def default(cls, user_dirs: paths.UserDirs) -> TemplateStore:
        return cls(paths.templates_dir(), user_dirs.templates)

    # -- finding ---------------------------------------------------------------------------

    def names(self) -> builtins.list[str]:
        found: set[str] = set()
        for root in (self.builtin_dir, self.user_dir):
            if root.is_dir():
                for p in root.rglob(f"*{TEMPLATE_SUFFIX}"):
                    rel = p.relative_to(root).as_posix()
                    if p.is_file() and _SAFE_NAME.match(rel):
                        found.add(rel)
        return sorted(found)

    def normalise_name(self, name: str) -> str:
        """'members' or 'members.j2' -> 'replies/members.j2'; refuses paths leaving the root."""
        name = name.replace("\\", "/").strip("/")
        if not name.endswith(TEMPLATE_SUFFIX):
            name += TEMPLATE_SUFFIX
        if "/" not in name:
            name = f"{REPLIES_FOLDER}/{name}"
        if not _SAFE_NAME.match(name) or ".." in name.split("/"):
            raise TemplateError(name, None, "不是有效的模板名称（应为 文件夹/名称.j2）")
        return name

    def resolve(self, kind: str, bureau_folder: str = "") -> str:
        """The template for a kind: <bureau_folder>/<kind>.j2 if there is one, else
        replies/<kind>.j2."""
        candidates = [f"{REPLIES_FOLDER}/{kind}{TEMPLATE_SUFFIX}"]
        if bureau_folder:
            candidates.insert(0, f"{bureau_folder}/{kind}{TEMPLATE_SUFFIX}")
        available = set(self.names())
        for name in candidates:
            if name in available:
                return name
        kinds = sorted({Path(n).stem for n in available if n.startswith(REPLIES_FOLDER + "/")})
        raise TemplateError(
            candidates[0],
            None,
            f"没有类型 '{kind}' 的模板（查找了 {'、'.join(candidates)}；"
            f"已有类型：{'、'.join(kinds)}）",
        )

    def load(self, name: str) -> ReplyTemplate:
        return _load_chain(self.env, self.normalise_name(name))

    def load_kind(self, kind: str, bureau_folder: str = "") -> ReplyTemplate:
        return self.load(self.resolve(kind, bureau_folder))

    # -- checking --------------------------------------------------------------------------

    def check(self, path_or_name: str | Path) -> builtins.list[TemplateProblem]:
        """Problems of one template: syntax, what it extends, its blocks, and a render of
        every block against sample proposals, so a misspelt field is caught before use.
        A path to a file (anywhere) is checked as it is on disk; a name as the store has it.
        """
        path = Path(path_or_name)
        if isinstance(path_or_name, Path) or path.is_file():
            try:
                source = path.read_text(encoding="utf-8-sig")
            except UnicodeDecodeError:
                message = "不是 UTF-8 编码的文本，请将文件另存为 UTF-8 编码"
                return [TemplateProblem(str(path), None, message)]
            except OSError as exc:
                return [TemplateProblem(str(path), None, f"无法读取文件（{exc.strerror or exc}）")]
            return self._check_source(self._name_for_path(path), source)
        try:
            name = self.normalise_name(str(path_or_name))
        except TemplateError as exc:
            return [exc.problem]
        if name not in self.names():
            return [TemplateProblem(name, None, "没有这个模板")]
        return _check(self.env, name)

    def check_all(self) -> builtins.list[TemplateProblem]:
        out: builtins.list[TemplateProblem] = []
        for name in self.names():
            out.extend(_check(self.env, name))
        return out

    def _name_for_path(self, path: Path) -> str:
        resolved = path.resolve()
        for root in (self.user_dir, self.builtin_dir):
            try:
                return resolved.relative_to(root.resolve()).as_posix()
            except ValueError:
                continue
        return path.name

    def _check_source(self, name: str, source: str) -> builtins.list[TemplateProblem]:
        """Check `source` as if it were the template `name`, plus every template that
        extends it (a broken base.j2 breaks every kind)."""
        env = self.env.overlay(
            loader=jinja2.ChoiceLoader([jinja2.DictLoader({name: source}), self.loader])
        )
        problems = _check(env, name)
        if any(p.severity == "error" for p in problems):
            return problems
        for other in self.names():
            if other != name and name in _ancestors(env, other):
                problems.extend(p for p in _check(env, other) if p not in problems)
        return problems

    # -- saving ----------------------------------------------------------------------------

    def save(self, name: str, source: str) -> Path:
        """Write a template to the user folder after checking it; a template with an error
        is refused with a TemplateError and the file on disk stays as it was."""
        name = self.normalise_name(name)
        for problem in self._check_source(name, source):
            if problem.severity == "error":
                raise TemplateError.from_problem(problem)
        target = self.user_dir.joinpath(*name.split("/"))
        target.parent.mkdir(parents=True, exist_ok=True)
        write_text_atomic(target, source)
        return target

    # -- listing ---------------------------------------------------------------------------

    def list(self) -> builtins.list[TemplateInfo]:
        out: builtins.list[TemplateInfo] = []
        for name in self.names():
            user_path = self.user_dir.joinpath(*name.split("/"))
            builtin_path = self.builtin_dir.joinpath(*name.split("/"))
            is_user = user_path.is_file()
            path = user_path if is_user else builtin_path
            try:
                description = _description(path.read_text(encoding="utf-8-sig"))
            except (OSError, UnicodeDecodeError):
                description = ""
            out.append(
                TemplateInfo(
                    name=name,
                    kind=Path(name).stem,
                    description=description,
                    origin="user" if is_user else "builtin",
                    path=path,
                    overrides_builtin=is_user and builtin_path.is_file(),
                )
            )
        return out


def _parent_name(env: jinja2.Environment, name: str) -> tuple[str | None, int]:
    """The template `name` extends (None for none) and the line of its {% extends %}."""
    source = env.loader.get_source(env, name)[0] if env.loader else ""
    tree = env.parse(source, name=name)
    for node in tree.find_all(nodes.Extends):
        if isinstance(node.template, nodes.Const) and isinstance(node.template.value, str):
            return node.template.value, node.lineno
        raise TemplateError(name, node.lineno, "{% extends %} 后面应写用引号括起的模板名称")
    return None, 0


def _load_chain(env: jinja2.Environment, name: str) -> ReplyTemplate:
    chain: list[jinja2.Template] = []
    seen: list[str] = []
    current: str | None = name
    try:
        while current is not None:
            if current in seen:
                chain_text = " → ".join([*seen, current])
                raise TemplateError(name, None, f"模板之间循环继承：{chain_text}")
            seen.append(current)
            chain.append(env.get_template(current))
            child = current
            current, line = _parent_name(env, child)
            if current is not None and not _exists(env, current):
                raise TemplateError(child, line, f"继承的模板 '{current}' 不存在")
    except TemplateError:
        raise
    except Exception as exc:
        raise _template_error(exc, seen[-1] if seen else name) from None
    return ReplyTemplate(name, chain)


def _exists(env: jinja2.Environment, name: str) -> bool:
    if env.loader is None:
        return False
    try:
        env.loader.get_source(env, name)
    except jinja2.TemplateNotFound:
        return False
    return True


def _ancestors(env: jinja2.Environment, name: str) -> list[str]:
    out: list[str] = []
    current: str | None = name
    try:
        while current is not None and current not in out:
            out.append(current)
            current = _parent_name(env, current)[0]
    except Exception:  # a broken template has no known ancestors; its own check says why
        return out[1:]
    return out[1:]


def _block_lines(env: jinja2.Environment, name: str) -> dict[str, int]:
    source = env.loader.get_source(env, name)[0] if env.loader else ""
    tree = env.parse(source, name=name)
    return {node.name: node.lineno for node in tree.find_all(nodes.Block)}


def _check(env: jinja2.Environment, name: str) -> list[TemplateProblem]:
    try:
        template = _load_chain(env, name)
        own_blocks = _block_lines(env, name)
    except TemplateError as exc:
        return [exc.problem]
    problems: list[TemplateProblem] = []
    missing = [b for b in REPLY_BLOCKS + SUGGESTION_BLOCKS if b not in template.block_names()]
    if missing:
        problems.append(
            TemplateProblem(
                name,
                None,
                f"缺少以下块：{'、'.join(missing)}；请在模板开头写 "
                f'{{% extends "{BASE_TEMPLATE}" %}}',
            )
        )
    # A block nobody renders is most likely a misspelt name: its text would never appear.
    used_elsewhere = _called_blocks(env, template)
    for block, line in sorted(own_blocks.items(), key=lambda item: item[1]):
        if block not in BLOCKS and block not in used_elsewhere:
            problems.append(
                TemplateProblem(
                    name,
                    line,
                    f"块 '{block}' 不是起草时使用的块，其内容不会进入草稿（见 {BASE_TEMPLATE}）",
                    "warning",
                )
            )
    overall = (
        env.overall(_MAX_CHECK_SECONDS)
        if isinstance(env, _ReplyEnvironment)
        else contextlib.nullcontext()
    )
    with overall:
        for context in _sample_contexts(Path(name).stem):
            for problem in _render_all(template, context):
                if problem not in problems:
                    problems.append(problem)
    return problems


def _called_blocks(env: jinja2.Environment, template: ReplyTemplate) -> set[str]:
    """Blocks reached through self.<name>() somewhere in the chain."""
    called: set[str] = set()
    for t in template.chain:
        if not t.name or env.loader is None:
            continue
        tree = env.parse(env.loader.get_source(env, t.name)[0], name=t.name)
        for node in tree.find_all(nodes.Getattr):
            if isinstance(node.node, nodes.Name) and node.node.name == "self":
                called.add(node.attr)
    return called


def _render_all(template: ReplyTemplate, context: dict[str, Any]) -> Iterator[TemplateProblem]:
    blocks = template.block_names()
    for block in REPLY_BLOCKS + WORD_BLOCKS:
        if block in blocks:
            try:
                template.render(block, context)
            except TemplateError as exc:
                yield exc.problem
    for index, suggestion in enumerate(context["proposal"].suggestions or [""], start=1):
        sub = suggestion_context(context, index, suggestion)
        for block in SUGGESTION_BLOCKS:
            if block in blocks:
                try:
                    template.render(block, sub)
                except TemplateError as exc:
                    yield exc.problem


# Sample proposals a template is checked against: one member, several, a group, a deputy,
# and one where the parser found almost nothing, since drafts are made from all of these.
SAMPLE_PROFILE = BureauProfile(
    id="sample",
    name="示例区某某局",
    self_reference="我局",
    doc_number_pattern="示某办理〔{year}〕{number}号",
    contact=Contact("张某", "12345678", "示例区示例路1号", "200000"),
    cc=["区政府办公室"],
    print_office="示例区某某局办公室",
)


def sample_proposals() -> list[Parsed]:
    common: dict[str, Any] = {
        "kind": Kind.PROPOSAL,
        "title": "关于加强示例工作的建议",
        "session": "示例区政协一届一次会议",
        "proposal_number": "001",
        "lead_unit": "示例区某某局",
        "co_units": ["示例区某某办", "示例区某某中心"],
        "suggestions": ["建议加强示例工作的统筹。", "二、完善示例机制，提高效率。"],
    }
    return [
        Parsed(**{**common, "proposers": ["张某"]}),
        Parsed(**{**common, "proposers": ["张某", "李某"], "co_units": []}),
        Parsed(**{**common, "proposers": ["王某等5人"]}),
        Parsed(**{**common, "proposers": ["民建示例区委"]}),
        Parsed(**{**common, "proposers": ["示例区工商联"], "lead_unit": "示例区另一局"}),
        Parsed(**{**common, "proposers": ["赵某代表"], "session": "示例区一届人大一次会议"}),
        Parsed(kind=Kind.PROPOSAL),
    ]


def _sample_contexts(kind: str) -> list[dict[str, Any]]:
    today = date(2025, 5, 7)
    return [template_context(p, SAMPLE_PROFILE, kind=kind, today=today) for p in sample_proposals()]
