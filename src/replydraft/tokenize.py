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
    """.split()
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
            if w in FORMULA_WORDS or not _KEEP.search(w):
                continue
            out.append(w)
        return out

    def tokens_of_all(self, texts: Iterable[str]) -> list[list[str]]:
        return [self.tokens(t) for t in texts]
