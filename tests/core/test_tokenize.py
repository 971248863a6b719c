"""The tokenizer's dictionary, split by first character and cached: the same tokens, less loaded."""

from __future__ import annotations

from pathlib import Path

import pytest

from replydraft import paths
from replydraft.tokenize import Tokenizer


@pytest.fixture
def temp_dir(tmp_path: Path) -> Path:
    """A cache folder of the test's own, so the cache starts cold."""
    return tmp_path


def _texts() -> list[str]:
    return [f.read_text(encoding="utf-8") for f in sorted(paths.seeds_dir().glob("*.txt"))]


def test_cached_dictionary_gives_jiebas_tokens_loading_only_what_a_text_needs(
    temp_dir: Path,
) -> None:
    cold = Tokenizer(cache_dir=temp_dir)
    expected = [cold.tokens(t) for t in _texts()]
    assert len(list(temp_dir.glob("jieba-*.dict"))) == 1

    warm = Tokenizer(cache_dir=temp_dir)
    short = "建议加大人工智能人才引进力度"
    assert warm.tokens(short) == cold.tokens(short)
    loaded = len(warm._dictionary.freq)
    assert 0 < loaded < len(cold._dictionary.freq) / 100  # a query loads a small part
    # Exactly the entries its cut can look up: each character alone, each neighbouring pair.
    pairs = {short[i : i + 2] for i in range(len(short) - 1)}
    assert warm._dictionary.freq == {
        w: c
        for w, c in cold._dictionary.freq.items()
        if (w in short and len(w) == 1) or w[:2] in pairs
    }
    assert [warm.tokens(t) for t in _texts()] == expected
    # The project's own words come with it (resources/jieba_userdict.txt).
    assert "揭榜挂帅" in Tokenizer(cache_dir=temp_dir).tokens("推行揭榜挂帅机制")


def test_a_damaged_cache_is_built_again(temp_dir: Path) -> None:
    text = _texts()[0]
    expected = Tokenizer(cache_dir=temp_dir).tokens(text)
    (cache,) = temp_dir.glob("jieba-*.dict")
    cache.write_bytes(b"\x00" * 4)
    assert Tokenizer(cache_dir=temp_dir).tokens(text) == expected
    assert cache.stat().st_size > 1_000_000


def test_another_word_list_has_its_own_cache(temp_dir: Path) -> None:
    words = temp_dir / "words.txt"
    words.write_text("揭榜挂帅机制 100000\n", encoding="utf-8")
    assert "揭榜挂帅机制" in Tokenizer(words, cache_dir=temp_dir).tokens("完善揭榜挂帅机制")
    Tokenizer(cache_dir=temp_dir).tokens("完善揭榜挂帅机制")
    assert len(list(temp_dir.glob("jieba-*.dict"))) == 2


def test_the_cache_folder_keeps_the_dictionaries_used_lately_and_no_crash_leftovers(
    temp_dir: Path,
) -> None:
    import os
    import time

    from replydraft.tokenize import CACHES_KEPT

    Tokenizer(cache_dir=temp_dir).tokens("完善揭榜挂帅机制")
    (ours,) = temp_dir.glob("jieba-*.dict")
    day = 86_400
    now = time.time()
    # Other installs' caches, last used 10 to 40 days ago; ours last marked used 5 days ago.
    others = []
    for n in range(1, 5):
        other = temp_dir / f"jieba-{n:016x}.dict"
        other.write_bytes(b"old")
        os.utime(other, (now - 10 * n * day, now - 10 * n * day))
        others.append(other)
    os.utime(ours, (now - 5 * day, now - 5 * day))
    crashed = temp_dir / f"{ours.name}.abc123"  # a write cut short two hours ago
    crashed.write_bytes(b"half")
    os.utime(crashed, (now - 7200, now - 7200))
    writing = temp_dir / f"{ours.name}.def456"  # another process writing now
    writing.write_bytes(b"half")

    assert Tokenizer(cache_dir=temp_dir).tokens("完善揭榜挂帅机制")
    assert ours.stat().st_mtime > now - 60  # reading it marked it used
    words = temp_dir / "words.txt"
    words.write_text("揭榜挂帅机制 100000\n", encoding="utf-8")
    Tokenizer(words, cache_dir=temp_dir).tokens("完善揭榜挂帅机制")  # writes a new cache
    left = set(temp_dir.glob("jieba-*.dict"))
    assert len(left) == CACHES_KEPT == 3
    assert ours in left and others[0] in left  # the new one, ours, the latest other
    assert not crashed.exists() and writing.exists()
