"""Cached properties without a lock (lazy.py), and the documents a search hands out sharing
what one of them decoded."""

from __future__ import annotations

from replydraft.index import SearchIndex
from replydraft.lazy import lazy
from tests.core.test_index import market_doc, water_doc


class _Counted:
    def __init__(self) -> None:
        self.calls = 0

    @lazy
    def value(self) -> list[int]:
        self.calls += 1
        return [self.calls]


def test_a_lazy_property_is_worked_out_once_per_instance() -> None:
    a, b = _Counted(), _Counted()
    assert a.value is a.value
    assert (a.calls, b.calls) == (1, 0)
    assert b.value == [1]
    assert isinstance(_Counted.value, lazy)


def test_copies_of_a_stored_document_share_what_one_decoded() -> None:
    index = SearchIndex(None)
    index.add_many([water_doc(), market_doc()])
    (first,) = index.search_docs(["供水"])
    assert first.title == "关于农村饮水安全的答复"
    (second,) = index.search_docs(["水质"], weights=[1.0])
    assert second is not first and second.bm25 == 1.0 != first.bm25
    # The metadata decoded for the first copy is the second's, not decoded again.
    assert second.meta is first.meta
    assert second.subject_tokens is first.subject_tokens
    assert second.roles is first.roles
