"""Chinese tokens for search: jieba with the bureau-term dictionary, minus genre formulas.

Every reply says 收悉, 高度重视, 现将办理情况答复如下 and 感谢; left in, those words would
make every reply look like every other, so they are dropped with punctuation and particles.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import marshal
import math
import mmap
import os
import re
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from functools import cached_property
from pathlib import Path

import platformdirs

from replydraft import paths

# jieba's _compat imports pkg_resources (setuptools) only to open jieba's own data files:
# 50-70 ms of every CLI call. Without it jieba opens them by path, as it does wherever
# setuptools is not installed; so pkg_resources is hidden for jieba's import alone, and only
# when nothing imported it before.
_HIDE_PKG_RESOURCES = "pkg_resources" not in sys.modules
if _HIDE_PKG_RESOURCES:
    sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # makes import fail
try:
    import jieba
    from jieba import finalseg
finally:
    if _HIDE_PKG_RESOURCES:
        del sys.modules["pkg_resources"]

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
_NUMERAL_START = frozenset("第一二三四五六七八九十百零〇两")  # where a _NUMBERED match starts

_KEEP = re.compile(r"[\u4e00-\u9fffA-Za-z]")  # a token must hold a CJK character or a letter
# jieba's blocks: what it cuts into words; everything between is punctuation or space.
_HAN = jieba.re_han_default
RULES_VERSION = 1  # bump when what tokens() keeps, drops or joins changes
DICTIONARY_FORMAT = 2  # bump when the split dictionary's file changes (see _Dictionary)
# Split dictionaries kept in the cache folder, the most lately used: this install's and a
# couple of others' (another word list, the app beside a development copy). Each is 12 MB (9.5
# MB in format 1), and each update or moved install writes its own: unpruned, 22 of them (200 MB) piled up
# on the development machine in an hour of test runs from several checkouts.
CACHES_KEPT = 3
_TOUCH_AFTER_S = 86_400  # a cache read is marked used (its mtime) at most once a day
_STALE_TEMP_S = 3_600  # a half-written cache file this old is a crashed write's


class Tokenizer:
    """A jieba tokenizer with the project's dictionary. Build one and pass it around.

    `tokens` cuts with jieba's own model (dictionary, route by word frequency, HMM for unknown
    runs) but in one pass per block instead of jieba's three (prefix DAG, route, walk), with
    log probabilities looked up instead of computed and the HMM without finalseg's generators
    and copied paths: the same words in 40% of jieba's time. A search tokenizes its query
    first. Most of what is left is the dictionary lookups themselves.
    """

    def __init__(self, userdict: Path | None = None, *, cache_dir: Path | None = None) -> None:
        self._userdict = userdict or paths.resources_dir() / "jieba_userdict.txt"
        # The user's own cache folder, not the shared temp folder: on a machine several
        # officers use, another account could leave a crafted file there under the
        # predictable name for marshal to read.
        self._cache_dir = cache_dir or Path(
            platformdirs.user_cache_dir(paths.APP_NAME, appauthor=False)
        )
        # word -> its token, "" when dropped: a text's words repeat, the checks need not
        self._kept: dict[str, str] = {}

    @cached_property
    def version(self) -> str:
        """Names what this tokenizer makes (jieba, these rules, the user dictionary), stored
        beside the tokens so that a desktop with another dictionary makes its own again."""
        digest = hashlib.sha256(str(RULES_VERSION).encode())
        if self._userdict.is_file():
            digest.update(self._userdict.read_bytes())
        return f"jieba-{jieba.__version__}-{digest.hexdigest()[:12]}"

    @cached_property
    def _jieba(self) -> jieba.Tokenizer:
        jieba.setLogLevel(logging.WARNING)  # its "Building prefix dict" chatter is noise on a CLI
        tk = jieba.Tokenizer()
        tk.initialize()
        if self._userdict.is_file():
            tk.load_userdict(str(self._userdict))
        return tk

    @cached_property
    def _dictionary(self) -> _Dictionary:
        return _Dictionary.open(self._userdict, self._cache_dir, lambda: self._jieba)

    @property
    def _model(self) -> tuple[dict[str, int], dict[int, float], float]:
        """jieba's prefix dictionary (word -> count; 0 for a mere prefix) as far as loaded,
        the log probability of each count and log(total) (see _Dictionary)."""
        d = self._dictionary
        return d.freq, d.logp, d.log_total

    def prefix_dictionary(self, text: str) -> tuple[dict[str, int], int]:
        """jieba's prefix dictionary (word -> count, this tokenizer's words too) holding at
        least the entries a cut of `text` looks up, and the total count: for another jieba
        tokenizer (local_names' part-of-speech tagger) without loading all 500,000 entries.
        The same dictionary each call, merged into."""
        d = self._dictionary
        d.load(text)
        return d.freq, round(math.exp(d.log_total))

    @property
    def userdict(self) -> Path:
        """The project's word list ("word count tag" a line) jieba reads after its own."""
        return self._userdict

    def words(self, text: str) -> list[str]:
        """All jieba words of `text`, punctuation and formulas included (for highlighting)."""
        return [w for w in self._jieba.lcut(text, HMM=True) if w.strip()]

    def tokens(self, text: str) -> list[str]:
        """The words that carry the subject: lower-cased, no formulas, no punctuation."""
        kept = self._kept
        if len(kept) > 200_000:  # a bound on what a long session remembers
            kept.clear()
        words: list[str] = []
        self._dictionary.load(text)
        # A split on a capturing pattern alternates: text between blocks, a block, between, ...
        for i, piece in enumerate(_HAN.split(text)):
            if i % 2:
                self._cut_block(piece, words)
            else:
                words.extend(piece)  # jieba makes a word of each character (punctuation)
        out: list[str] = []
        for word in words:
            token = kept.get(word)
            if token is None:
                token = kept[word] = _token(word)
            if token:
                out.append(token)
        return out

    def tokens_of_all(self, texts: Iterable[str]) -> list[list[str]]:
        return [self.tokens(t) for t in texts]

    def _cut_block(self, block: str, out: list[str]) -> None:
        """Append jieba's cut of one block of CJK characters, letters and digits (HMM on).

        The best route is worked out from the end, as jieba's `calc` does, with the words
        starting at each position found as jieba's `get_DAG` finds them, and ties resolved
        the same way (the longer word wins); unknown runs of single characters go to jieba's
        HMM as in jieba's `__cut_DAG`. The additions are jieba's, in its order, so the
        scores and the words are exactly jieba's.
        """
        n = len(block)
        if n == 1:
            out.append(block)
            return
        freq, logp, log_total = self._model
        get = freq.get
        no_route = -math.inf
        score = [0.0] * (n + 1)  # score[i]: best log probability of block[i:]
        end = [0] * (n + 1)  # end[i]: where the best route's word at i ends
        for start in range(n - 1, -1, -1):
            best = no_route
            best_end = 0
            j = start + 1  # the candidate word is block[start:j]
            count = get(block[start])
            while count is not None:  # None: no word starts with block[start:j]
                if count:  # a word, not a mere prefix
                    value = logp[count] + score[j]
                    if value >= best:
                        best = value
                        best_end = j
                if j == n:
                    break
                j += 1
                count = get(block[start:j])
            if not best_end:  # no word starts here: the character alone, count 1
                best = score[start + 1] - log_total
                best_end = start + 1
            score[start] = best
            end[start] = best_end
        run = 0  # start of the current run of single characters
        x = 0
        while x < n:
            y = end[x]
            if y - x > 1:
                if run < x:
                    _cut_run(block[run:x], freq, out)
                out.append(block[x:y])
                run = y
            x = y
        if run < n:
            _cut_run(block[run:], freq, out)


class _Dictionary:
    """jieba's prefix dictionary with the project's words, loaded a pair of characters at a time.

    Loading all 500,000 entries costs 0.35 s, most of a CLI search; a text's cut looks up
    only its own substrings, so it needs each of its characters alone and the entries that
    start with each pair of neighbouring characters it holds: 1,000-3,500 entries for a
    proposal, loaded in 4-8 ms (by first character alone, as before, it was 58,000-104,000 in
    26-39 ms). So the dictionary is kept, split by first character and then by second, in a
    cache file in the user's cache folder (named for jieba's version, its dictionary and our
    word list), mapped into memory; a character's table of pairs is read the first time a
    text holds it, a pair's entries the first time a text holds the pair.

    `logp` is the log probability of each count (log(count) - log(total), as jieba computes
    it): the 500,000 entries share about 5,000 counts, so a table by count spares a log() per
    candidate word.
    """

    def __init__(self, total: int, counts: Iterable[int]) -> None:
        self.freq: dict[str, int] = {}
        self.log_total = math.log(total)
        self.logp = {c: math.log(c) - self.log_total for c in counts if c > 0}
        self._complete = False  # every entry is in `freq` (built here, not read)
        self._loaded: set[str] = set()  # the characters whose tables of pairs were read
        # first character -> second -> that pair's marshalled entries, until they are read
        self._pairs: dict[str, dict[str, bytes]] = {}
        self._places: dict[str, tuple[int, int]] = {}
        self._data: mmap.mmap | bytes = b""

    @classmethod
    def open(cls, userdict: Path, folder: Path, full: Callable[[], jieba.Tokenizer]) -> _Dictionary:
        """The cached split dictionary, written first from `full()` when missing or stale."""
        path = folder / f"jieba-{_dictionary_key(userdict)}.dict"
        try:
            return cls._read(path)
        except (OSError, ValueError, EOFError, TypeError):
            pass  # missing, cut short or from another version: build it again
        tk = full()
        alone: dict[str, int] = {}
        by_pair: dict[str, dict[str, dict[str, int]]] = defaultdict(lambda: defaultdict(dict))
        for word, count in tk.FREQ.items():
            if len(word) == 1:
                alone[word] = count
            else:
                by_pair[word[0]][word[1]][word] = count
        shards = {
            c: marshal.dumps(
                (alone.get(c), {second: marshal.dumps(w) for second, w in by_pair[c].items()})
            )
            for c in alone.keys() | by_pair.keys()
        }
        counts = sorted(set(tk.FREQ.values()))
        with contextlib.suppress(OSError):  # a read-only cache folder: keep what was built
            folder.mkdir(parents=True, exist_ok=True)
            _write(path, tk.total, counts, shards)
            _prune(folder, path)
        d = cls(tk.total, counts)
        d.freq = tk.FREQ  # everything is loaded already
        d._complete = True
        return d

    @classmethod
    def _read(cls, path: Path) -> _Dictionary:
        with path.open("rb") as f:
            data = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
            if time.time() - os.fstat(f.fileno()).st_mtime > _TOUCH_AFTER_S:
                with contextlib.suppress(OSError):  # used now: _prune keeps the used ones
                    os.utime(path)
        size = int.from_bytes(data[:8], "little")
        total, counts, places = marshal.loads(data[8 : 8 + size])
        d = cls(total, counts)
        d._places = places
        d._data = data
        return d

    def load(self, text: str) -> None:
        """Merge the entries `text`'s cut can look up that were not loaded before."""
        if self._complete:
            return
        new = set(text) - self._loaded
        if new:
            self._loaded |= new
            for c in new:
                place = self._places.get(c)
                if place is not None:
                    start, end = place
                    count, pairs = marshal.loads(self._data[start:end])
                    if count is not None:
                        self.freq[c] = count
                    self._pairs[c] = pairs
        tables = self._pairs
        for pair in set(map(str.__add__, text, text[1:])):
            pairs = tables.get(pair[0])
            if pairs:
                blob = pairs.pop(pair[1], None)  # read once: popped, not read again
                if blob is not None:
                    self.freq.update(marshal.loads(blob))


def _dictionary_key(userdict: Path) -> str:
    """What the split dictionary is made of: jieba's version and dictionary, our words."""
    digest = hashlib.sha256(f"{DICTIONARY_FORMAT}:{jieba.__version__}".encode())
    main = Path(jieba.__file__).with_name("dict.txt")
    for f in (main, userdict):
        if f.is_file():
            stat = f.stat()
            digest.update(f"{f}:{stat.st_size}:{stat.st_mtime_ns}".encode())
            if f == userdict:
                digest.update(f.read_bytes())
    return digest.hexdigest()[:16]


def _prune(folder: Path, keep: Path) -> None:
    """Remove all but the CACHES_KEPT most lately used split dictionaries (`keep`, just
    written, among them) and half-written ones left by a crash. One still mapped by another
    process stays readable there (POSIX) or is left for next time (Windows refuses)."""

    def mtime(f: Path) -> float:
        try:
            return f.stat().st_mtime
        except OSError:
            return 0.0

    others = sorted((f for f in folder.glob("jieba-*.dict") if f != keep), key=mtime)
    old = others[: max(0, len(others) - (CACHES_KEPT - 1))]
    now = time.time()
    old += [f for f in folder.glob("jieba-*.dict.*") if now - mtime(f) > _STALE_TEMP_S]
    for f in old:
        with contextlib.suppress(OSError):
            f.unlink()


def _write(path: Path, total: int, counts: list[int], shards: dict[str, bytes]) -> None:
    """The cache file: header size, header (total, counts, each character's byte range), the
    characters' marshalled dictionaries. Written whole, then renamed into place."""
    places: dict[str, tuple[int, int]] = {}
    offset = 0
    for c, blob in shards.items():
        places[c] = (offset, offset + len(blob))
        offset += len(blob)
    header = marshal.dumps((total, counts, places))
    start = 8 + len(header)
    places = {c: (a + start, b + start) for c, (a, b) in places.items()}
    header = marshal.dumps((total, counts, places))
    if 8 + len(header) != start:  # the shifted numbers changed the header's size
        raise OSError("dictionary cache header size changed")
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(len(header).to_bytes(8, "little"))
            f.write(header)
            for blob in shards.values():
                f.write(blob)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _cut_run(run: str, freq: dict[str, int], out: list[str]) -> None:
    """A run of single characters: as they are, or through the HMM when it is no word."""
    if len(run) == 1:
        out.append(run)
    elif not freq.get(run):
        _hmm_cut(run, out)
    else:
        out.extend(run)


# jieba's HMM for unknown words (jieba.finalseg), its tables read once. States: 0 B(egin),
# 1 M(iddle), 2 E(nd), 3 S(ingle character word).
_MIN = finalseg.MIN_FLOAT
_START = tuple(finalseg.start_P[s] for s in "BMES")
_EMIT = tuple(finalseg.emit_P[s] for s in "BMES")
# The transitions that can happen (the others are finalseg.MIN_FLOAT): B->M B->E M->M M->E
# E->B E->S S->B S->S.
_TRANS = tuple(
    finalseg.trans_P[a].get(b, _MIN) for a, b in ("BM", "BE", "MM", "ME", "EB", "ES", "SB", "SS")
)
_HMM_HAN = finalseg.re_han  # what the HMM cuts; letters and digits go by _HMM_SKIP
_HMM_SKIP = finalseg.re_skip


def _hmm_cut(run: str, out: list[str]) -> None:
    """Append `finalseg.cut(run)`: the same words, without its generators and copied paths."""
    force_split = finalseg.Force_Split_Words  # words jieba was told to keep apart
    for i, part in enumerate(_HMM_HAN.split(run)):
        if i % 2:
            for word in _hmm_words(part):
                if word in force_split:
                    out.extend(word)
                else:
                    out.append(word)
        elif part:
            out.extend(x for x in _HMM_SKIP.split(part) if x)


def _hmm_words(chars: str) -> list[str]:
    """finalseg's Viterbi cut of CJK `chars`.

    Back-pointers replace finalseg's copied path lists (quadratic on long runs); each choice
    adds in finalseg's order and breaks ties as its max() over (prob, state letter) tuples
    does: the later letter wins. So the states, and the words, are finalseg's.
    """
    emit_b, emit_m, emit_e, emit_s = (e.get for e in _EMIT)
    t_bm, t_be, t_mm, t_me, t_eb, t_es, t_sb, t_ss = _TRANS
    c = chars[0]
    vb = _START[0] + emit_b(c, _MIN)
    vm = _START[1] + emit_m(c, _MIN)
    ve = _START[2] + emit_e(c, _MIN)
    vs = _START[3] + emit_s(c, _MIN)
    back: list[tuple[int, int, int, int]] = []  # per character, the best previous state of each
    for c in chars[1:]:
        em = emit_b(c, _MIN)  # B follows E or S
        x, y = ve + t_eb + em, vs + t_sb + em
        nb, pb = (x, 2) if x > y else (y, 3)
        em = emit_m(c, _MIN)  # M follows M or B
        x, y = vm + t_mm + em, vb + t_bm + em
        nm, pm = (y, 0) if y > x else (x, 1)
        em = emit_e(c, _MIN)  # E follows B or M
        x, y = vb + t_be + em, vm + t_me + em
        ne, pe = (x, 0) if x > y else (y, 1)
        em = emit_s(c, _MIN)  # S follows S or E
        x, y = vs + t_ss + em, ve + t_es + em
        ns, ps = (y, 2) if y > x else (x, 3)
        vb, vm, ve, vs = nb, nm, ne, ns
        back.append((pb, pm, pe, ps))
    state = 2 if ve > vs else 3  # the last character ends a word
    states = [state]
    for pointers in reversed(back):
        state = pointers[state]
        states.append(state)
    states.reverse()
    words: list[str] = []
    begin = after = 0
    for i, state in enumerate(states):
        if state == 0:
            begin = i
        elif state == 2:
            words.append(chars[begin : i + 1])
            after = i + 1
        elif state == 3:
            words.append(chars[i])
            after = i + 1
    if after < len(chars):
        words.append(chars[after:])
    return words


def _token(word: str) -> str:
    """The token a jieba word makes, or "" when it carries no subject."""
    w = word.strip().lower()
    if len(w) < 2 and not ("a" <= w <= "z"):
        return ""  # single characters are mostly particles; single letters are kept
    # The cheap tests on the first character spare most words the regular expressions.
    if (
        w in FORMULA_WORDS
        or not ("\u4e00" <= w[0] <= "\u9fff" or _KEEP.search(w))
        or (w[0] in _NUMERAL_START and _NUMBERED.match(w) and not _FIVE_YEAR.match(w))
    ):
        return ""
    return w
