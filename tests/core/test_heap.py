"""heap.settle: what exists is frozen out of the collector's walks, young collections come
rarer; settled() puts the collector back as it was (a benchmark inside the test run)."""

from __future__ import annotations

import gc

from replydraft import heap


class _Cycle:
    def __init__(self) -> None:
        self.me = self


def test_settled_freezes_then_puts_the_collector_back() -> None:
    before = gc.get_threshold()
    loaded = [_Cycle() for _ in range(100)]  # start-up's long-lived objects
    with heap.settled():
        assert gc.get_threshold()[0] == heap.YOUNG
        assert gc.get_freeze_count() >= len(loaded)
        frozen = gc.get_freeze_count()
        garbage = _Cycle()  # made after settling: the collector still frees it
        del garbage
        gc.collect()
        assert gc.get_freeze_count() == frozen
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0
    assert loaded


def test_settle_collects_start_up_garbage_before_freezing() -> None:
    collected = []
    gc.callbacks.append(
        lambda phase, info: collected.append(info["collected"]) if phase == "stop" else None
    )
    try:
        dead = _Cycle()
        del dead  # a cycle only the collector frees: it must not be frozen for good
        with heap.settled():
            assert sum(collected) >= 1
    finally:
        gc.callbacks.pop()
