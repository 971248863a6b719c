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
    assert 0 < loaded < len(cold._dictionary.freq) / 5  # a query loads a small part
    assert [warm.tokens(t) for t in _texts()] == expected
    # The project's own words come with it (resources/jieba_userdict.txt).
    assert warm._dictionary.freq == {
        w: c for w, c in cold._dictionary.freq.items() if w[0] in warm._dictionary._loaded
    }


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
