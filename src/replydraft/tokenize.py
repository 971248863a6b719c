"""Chinese tokens for search: jieba with the bureau-term dictionary, minus genre formulas.

Every reply says 收悉, 高度重视, 现将办理情况答复如下 and 感谢; left in, those words would
make every reply look like every other, so they are dropped with punctuation and particles.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Iterable
from functools import cached_property
from pathlib import Path

import jieba
from jieba import finalseg

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
# jieba's blocks: what it cuts into words; everything between is punctuation or space.
_HAN = jieba.re_han_default


class Tokenizer:
    """A jieba tokenizer with the project's dictionary. Build one and pass it around.

    `tokens` cuts with jieba's own model (dictionary, route by word frequency, HMM for unknown
    runs) but in one pass per block instead of jieba's three (prefix DAG, route, walk): the
    same words at twice the speed. A search tokenizes its query first, so this counts.
    """

    def __init__(self, userdict: Path | None = None) -> None:
        self._userdict = userdict or paths.resources_dir() / "jieba_userdict.txt"
        # word -> its token, "" when dropped: a text's words repeat, the checks need not
        self._kept: dict[str, str] = {}

    @cached_property
    def _jieba(self) -> jieba.Tokenizer:
        jieba.setLogLevel(logging.WARNING)  # its "Building prefix dict" chatter is noise on a CLI
        tk = jieba.Tokenizer()
        tk.initialize()
        if self._userdict.is_file():
            tk.load_userdict(str(self._userdict))
        return tk

    @cached_property
    def _model(self) -> tuple[dict[str, int], float]:
        """jieba's prefix dictionary (word -> count; 0 for a mere prefix) and log(total)."""
        tk = self._jieba
        return tk.FREQ, math.log(tk.total)

    def words(self, text: str) -> list[str]:
        """All jieba words of `text`, punctuation and formulas included (for highlighting)."""
        return [w for w in self._jieba.lcut(text, HMM=True) if w.strip()]

    def tokens(self, text: str) -> list[str]:
        """The words that carry the subject: lower-cased, no formulas, no punctuation."""
        kept = self._kept
        if len(kept) > 200_000:  # a bound on what a long session remembers
            kept.clear()
        out: list[str] = []
        for block in _HAN.split(text):
            if not block:
                continue
            # Between blocks jieba makes a word of each character (punctuation, mostly).
            words = self._cut_block(block) if _HAN.match(block) else block
            for word in words:
                token = kept.get(word)
                if token is None:
                    token = kept[word] = _token(word)
                if token:
                    out.append(token)
        return out

    def tokens_of_all(self, texts: Iterable[str]) -> list[list[str]]:
        return [self.tokens(t) for t in texts]

    def _cut_block(self, block: str) -> list[str]:
        """jieba's cut of one block of CJK characters, letters and digits (HMM on).

        The best route is worked out from the end, as jieba's `calc` does, with the words
        starting at each position found as jieba's `get_DAG` finds them, and ties resolved
        the same way (the longer word wins); unknown runs of single characters go to jieba's
        HMM (finalseg) as in jieba's `__cut_DAG`.
        """
        freq, log_total = self._model
        log = math.log
        n = len(block)
        score = [0.0] * (n + 1)
        end = [0] * (n + 1)
        for start in range(n - 1, -1, -1):
            best = 0.0
            best_end = -1
            i = start
            frag = block[start]
            while frag in freq:
                count = freq[frag]
                if count:
                    value = log(count) - log_total + score[i + 1]
                    if best_end < 0 or value >= best:
                        best, best_end = value, i
                i += 1
                if i >= n:
                    break
                frag = block[start : i + 1]
            if best_end < 0:  # no word starts here: the character alone
                best = log(freq.get(block[start]) or 1) - log_total + score[start + 1]
                best_end = start
            score[start] = best
            end[start] = best_end
        out: list[str] = []
        buf = ""
        x = 0
        while x < n:
            y = end[x] + 1
            if y - x == 1:
                buf += block[x]
            else:
                if buf:
                    _flush(buf, freq, out)
                    buf = ""
                out.append(block[x:y])
            x = y
        if buf:
            _flush(buf, freq, out)
        return out


def _flush(buf: str, freq: dict[str, int], out: list[str]) -> None:
    """A run of single characters: as they are, or through the HMM when it is no word."""
    if len(buf) == 1:
        out.append(buf)
    elif not freq.get(buf):
        out.extend(finalseg.cut(buf))
    else:
        out.extend(buf)


def _token(word: str) -> str:
    """The token a jieba word makes, or "" when it carries no subject."""
    w = word.strip().lower()
    if len(w) < 2 and not ("a" <= w <= "z"):
        return ""  # single characters are mostly particles; single letters are kept
    if (
        w in FORMULA_WORDS
        or not _KEEP.search(w)
        or (_NUMBERED.match(w) and not _FIVE_YEAR.match(w))
    ):
        return ""
    return w
