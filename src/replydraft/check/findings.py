"""What the proofreader reports: a finding (rule id, severity, place, message, maybe a fix)
and the table of every rule with its usual severity and whether it can fix what it finds."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    ERROR = "error"  # the text must not go out like this
    WARNING = "warning"  # very probably wrong: look at it
    INFO = "info"  # worth a look; often deliberate


@dataclass(frozen=True)
class Fix:
    """Replace paragraph[start:end] with `replacement`."""

    start: int
    end: int
    replacement: str


@dataclass(frozen=True)
class Finding:
    """One problem: `paragraph` is a 0-based index into the checked paragraphs, `start`/`end`
    character offsets in that paragraph (start == end marks a place, e.g. where a part is
    missing). Messages count paragraphs from 1, as a reader does."""

    rule: str
    severity: Severity
    message: str
    paragraph: int
    start: int
    end: int
    fix: Fix | None = None
    excerpt: str = ""

    def to_dict(self) -> dict[str, Any]:
        fix = self.fix
        return {
            "rule": self.rule,
            "severity": self.severity.value,
            "message": self.message,
            "paragraph": self.paragraph,
            "start": self.start,
            "end": self.end,
            "excerpt": self.excerpt,
            "fix": None
            if fix is None
            else {"start": fix.start, "end": fix.end, "replacement": fix.replacement},
        }


@dataclass(frozen=True)
class RuleInfo:
    id: str
    severity: Severity  # the usual severity; a few rules lower it where the text is not a draft
    description: str
    fixable: bool = False


_E, _W, _I = Severity.ERROR, Severity.WARNING, Severity.INFO
_RULE_TABLE: list[tuple[str, Severity, str, bool]] = [
    ("heading.lost-numeral", _E, "标题序号丢失（如“、对提案建议的答复”）", True),
    ("heading.gap", _E, "标题序号跳号，或同级第一个序号不是一", False),
    ("heading.duplicate", _E, "标题序号重复或倒序", False),
    ("heading.marker", _W, "标题序号格式不规范：半角括号(一)、“一.”等", True),
    ("heading.empty", _W, "标题下没有正文", False),
    ("ordinal.sequence", _W, "“一是、二是……”顺序有误：跳号、重复或缺少“一是”", False),
    ("date.lost-separator", _E, "日期丢了“年月日”（如“2025421”）", True),
    ("date.invalid", _E, "不存在的日期（如2月30日、13月）", False),
    ("date.zero-padding", _W, "月、日前补了零（应写2025年5月7日）", True),
    ("date.iso", _I, "中文行文中使用“2025-05-07”式日期", True),
    ("date.short-year", _W, "年份未写全（如“23年7月”）", True),
    ("date.far", _W, "落款日期与答复年度不符", False),
    ("punct.ascii", _W, "中文之间使用了半角标点，应为全角", True),
    ("punct.mixed-width", _I, "全文混用全角和半角标点（汇总）", False),
    ("punct.unbalanced", _E, "括号、引号、书名号不成对", False),
    ("punct.doubled", _W, "标点重复（“，，”“。。”）", True),
    ("punct.salutation-colon", _W, "主送称谓后缺少全角冒号", True),
    ("docnum.bracket", _E, "文号年份应使用六角括号〔〕", True),
    ("docnum.format", _W, "文号序号不加“第”、不编虚位（不写061）", True),
    ("leftover.markdown", _E, "残留Markdown标记（**加粗**、# 标题）", True),
    ("leftover.template", _E, "残留未渲染的模板字段（{{ }}、{% %}）", False),
    ("leftover.pinyin", _W, "汉字后夹带拼音注音（如“關(guān)”），网页转载的残留", True),
    ("leftover.garbled", _E, "疑似乱码（“？;”“\ufffd”“锟斤拷”），字符在转载或转码时丢失", False),
    ("leftover.placeholder", _E, "残留占位符（【待填写】、XXX、×××、某某）", False),
    ("layout.line-break", _W, "段落内有换行符", True),
    ("layout.broken-paragraph", _W, "一段话被硬换行拆成了几段", False),
    ("layout.split-word", _W, "词语被断行拆开（如“加/大”）", False),
    ("consistency.number", _E, "标题与正文中的提案编号不一致", True),
    ("consistency.title", _W, "开头引用的提案标题与所答复提案不一致", False),
    ("consistency.pronoun", _W, "称谓（您/你们）与主送不一致", True),
    ("consistency.salutation", _I, "主送与提案人不一致", False),
    ("consistency.result", _W, "办理结果与答复措辞不符", False),
    ("consistency.self-reference", _W, "自称（我委/我局……）与本单位不符", True),
    ("complete.title", _E, "缺少标题", False),
    ("complete.salutation", _E, "缺少主送", False),
    ("complete.signature", _E, "缺少落款单位", False),
    ("complete.date", _E, "缺少成文日期", False),
    ("complete.contact", _E, "缺少联系人或联系电话", False),
    ("complete.cc", _E, "缺少抄送", False),
    ("complete.doc-number", _E, "缺少文号", False),
    ("complete.signer", _E, "缺少签发人", False),
    ("complete.result", _E, "缺少办理结果", False),
    ("complete.disclosure", _E, "缺少公开属性", False),
    ("coverage.suggestion", _W, "提案的建议没有逐条答复", False),
    ("stale.year", _W, "沿用的段落含有较早年份的数据", False),
    ("stale.relative", _W, "沿用的段落含“目前、今年”等时间词和数据", False),
    ("stale.period", _W, "沿用的段落引用已到期的政策期限", False),
    ("names.near-miss", _W, "单位名称与词表中的名称相近，可能写错", True),
    ("reuse.marked", _E, "沿用段落中标出待核实的其他地区或单位名称（【核实：…】）", False),
    (
        "reuse.foreign-place",
        _W,
        "正文提到其他区县、新区或单位的名称（沿用了其他地区的段落？）",
        False,
    ),
    (
        "reuse.foreign-name",
        _W,
        "沿用其他地区的段落中留有当地的镇村、市场、道路或机构名称",
        False,
    ),
    ("reuse.duplicate", _W, "同一段落出现两次", False),
    ("reuse.other-proposal", _W, "段落出自其他提案的答复（开头套话、其他编号或标题）", False),
    ("reuse.double-guanyu", _W, "“关于“关于…”：“关于”重复", True),
    ("reuse.salutation", _W, "主送单位与提案人（组织）不一致", True),
    ("recognised.unsure", _W, "引用的提案内容来自扫描件中识别把握不大的一行，需与原件核对", False),
]
RULES: dict[str, RuleInfo] = {r[0]: RuleInfo(*r) for r in _RULE_TABLE}
