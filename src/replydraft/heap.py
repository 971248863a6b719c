"""The heap once the app is ready to search.

What start-up builds (jieba's tables, the index's caches, the window's widgets) lives as long
as the process, yet CPython's cyclic collector walks all of it on every full pass, and with
its default threshold (700 allocations) it ran about seven times a proposal. At 100,000
replies, over 120 bench proposals: 878 collections, 868 ms in all, full passes 30-67 ms each;
opening a proposal p95 100 ms. Frozen and with young collections every 20,000 allocations:
one collection, 5 ms; p95 59-66 ms. Almost everything a search allocates is freed by
reference counting, so the rarer collections leave little to find.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

YOUNG = 20_000  # allocations between young collections (CPython's default: 700)


def settle() -> None:
    """Freeze what exists now out of the collector's walks and make young collections
    rarer. Called once the archive, index and tokenizer are loaded (the window's search
    ready, a benchmark's searcher built); a short CLI run does not need it."""
    gc.collect()  # garbage from start-up must not be frozen with the rest
    gc.freeze()
    gc.set_threshold(YOUNG, 20, 10)


@contextmanager
def settled() -> Iterator[None]:
    """`settle` for a while, then the collector as it was: a benchmark inside a longer
    process (the tests') measures the window's heap without changing the rest."""
    before = gc.get_threshold()
    settle()
    try:
        yield
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)
