"""Chinese tokens for search: jieba with the bureau-term dictionary, minus genre formulas.

Every reply says 收悉, 高度重视, 现将办理情况答复如下 and 感谢; left in, those words would
make every reply look like every other, so they are dropped with punctuation and particles.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from functools import cached_property
from pathlib import Path

import jieba

from replydraft import paths

# The genre's formula words and the most common function words: present in nearly every
# reply, they carry no subject.
FORMULA_WORDS = frozenset(
    """
    收悉 经 研究 现将 办理 情况 答复 如下 答复如下 高度重视 感谢 再次 宝贵 建议 提案 希望 继续
    得到 关心 支持 委员 代表 你们 您 我们 我委 我局 我办 我区 我市 我县 贵会 提出 关于 进一步
    的 了 和 与 及 以及 等 在 是 为 对 将 也 并 从 向 把 被 或 而 其 之 于 以 由 这 该 此 各 就
    有 个 中 上 下 年 月 日 一是 二是 三是 四是 五是 方面 工作 有关 相关 开展 加强 推进 推动 持续
    目前 已 已经 同时 通过 进行 充分 积极 不断 一批 一些 主要 重要 重点 全面 切实 深入 更加
    感谢您 感谢你们 衷心 谢谢 认真 采纳 积极采纳 会同 下一步 一步 您好 尊敬 函复 复函 回复
    答复函 意见 会议 全体会议 政协 人大 届 次 号 第 办理概述 办理结果 解决或采纳 留作参考
    提案委 区政协提案委 政协提案 代表建议 会办意见 协办意见 主办单位 会办单位 协办单位 签发人
    公开 主动公开 依申请公开 不予公开 属性 公开属性 联系人 姓名 联系人姓名 联系电话 联系地址
    通讯地址 邮政编码 抄送 印发 共印 此件 发布 索引 索引号 文号 发布机构 发布日期 发布时间
    成文日期 日期 浏览 浏览次数 点击数 字号 打印 关闭 当前位置 首页 正文 来源 附件
    source http https www com cn gov html htm shtml jhtml asp aspx php
    """.split()
)
# Counted things of the genre's titles and lists: 七届 四次会议 第十五届 十九 三次 一是; but
# the five-year plans (十四五) are a subject.
_FIVE_YEAR = re.compile(r"^十[一二三四五六七八九]五$")
_NUMBERED = re.compile(
    r"^第?[一二三四五六七八九十百零〇两]+(届|次|号|条|项|是|个|次会议|届人大|届政协)?$"
    r"|^[一二三四五六七八九十]+次会议$"
)

_KEEP = re.compile(r"[\u4e00-\u9fffA-Za-z]")  # a token must hold a CJK character or a letter


class Tokenizer:
    """A jieba tokenizer with the project's dictionary. Build one and pass it around."""

    def __init__(self, userdict: Path | None = None) -> None:
        self._userdict = userdict or paths.resources_dir() / "jieba_userdict.txt"

    @cached_property
    def _jieba(self) -> jieba.Tokenizer:
        jieba.setLogLevel(logging.WARNING)  # its "Building prefix dict" chatter is noise on a CLI
        tk = jieba.Tokenizer()
        tk.initialize()
        if self._userdict.is_file():
            tk.load_userdict(str(self._userdict))
        return tk

    def words(self, text: str) -> list[str]:
        """All jieba words of `text`, punctuation and formulas included (for highlighting)."""
        return [w for w in self._jieba.lcut(text, HMM=True) if w.strip()]

    def tokens(self, text: str) -> list[str]:
        """The words that carry the subject: lower-cased, no formulas, no punctuation."""
        out: list[str] = []
        for word in self._jieba.lcut(text, HMM=True):
            w = word.strip().lower()
            if len(w) < 2 and not ("a" <= w <= "z"):
                continue  # single characters are mostly particles; single letters are kept
            if (
                w in FORMULA_WORDS
                or not _KEEP.search(w)
                or (_NUMBERED.match(w) and not _FIVE_YEAR.match(w))
            ):
                continue
            out.append(w)
        return out

    def tokens_of_all(self, texts: Iterable[str]) -> list[list[str]]:
        return [self.tokens(t) for t in texts]
