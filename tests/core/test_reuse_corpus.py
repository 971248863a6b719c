"""Reuse on replies and proposals nobody here wrote for the seeds: the fixture corpus
(reuse_corpus.py) read as the genre's layouts, and `bench draft --corpus fixtures` holding
issue 12's floors on it (same-topic reuse, fitting suggestions, no district unmarked)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from replydraft.cli import main
from replydraft.ingest import ingest_file, ingest_text
from replydraft.parse import parse
from replydraft.records import Kind
from replydraft.reuse import district_of
from tests.core.reuse_corpus import answers, proposals, reply_text, write_corpus


def test_the_corpus_spans_topics_districts_and_layouts(tmp_path: Path) -> None:
    written = write_corpus(tmp_path)
    assert len(written) >= 20
    assert len({w.topic for w in written}) >= 4 and len({w.district for w in written}) >= 3
    texts = [w.path.read_text(encoding="utf-8") for w in written]
    # The layouts: 办理概述 with （一）, 办理结果 of a deputy's reply, numbered points in a
    # letter, a web page with its clutter, running 一是/二是.
    for cue in ("一、办理概述", "办理结果：", "1.", "【打印本页】", "二是"):
        assert sum(cue in t for t in texts) >= 3, cue
    for w in written:
        parsed = parse(list(ingest_file(w.path).paragraphs))
        assert parsed.kind == Kind.REPLY, w.path.name
        assert district_of(parsed.bureau) == w.district, (w.path.name, parsed.bureau)
        assert parsed.opening and parsed.all_sections(), w.path.name
    # Replies on one topic share their subject, not their sentences: a sentence found in two
    # replies is one bureau's own, used again another year.
    districts: dict[str, set[str]] = {}
    for w, t in zip(written, texts, strict=True):
        for s in re.split("[。；\n]", t):
            if len(s) > 30 and "下一步" not in s:
                districts.setdefault(s, set()).add(w.district)
    assert all(len(d) == 1 for d in districts.values())
    assert len(districts) >= 60


def test_the_new_proposals_read_as_proposals() -> None:
    for p in proposals():
        parsed = parse(list(ingest_text(p.text).paragraphs), kind=Kind.PROPOSAL)
        assert parsed.title.endswith("的建议"), p.name
        assert parsed.suggestions == p.suggestions, p.name
        assert parsed.lead_unit == p.bureau, p.name
        assert len(p.answerable) == len(p.suggestions) and not all(p.answerable)


def test_bench_draft_holds_the_floors_on_the_fixture_corpus(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["bench", "draft", "--corpus", "fixtures"])
    out = capsys.readouterr().out
    assert "seeds + the fixture corpus" in out and "new proposals of the fixture corpus" in out
    assert "FAILED" not in out and code == 0, out
    # Every figure row of both tables is printed with its floor verdict.
    assert out.count(">= 80% ok") == 2 and out.count(">= 60% ok") == 2
    assert out.count("= 0% ok") == 2
    # What each suggestion asks is known here: every answered one gets its own measure.
    asked = next(line for line in out.splitlines() if line.startswith("suggestions given"))
    assert asked.split()[-2] == "100%", asked
    assert "suggestions nobody answered left as gaps" in out


def test_each_paragraph_of_a_measure_is_known_as_that_measure() -> None:
    """The bench's ground truth: answers() names the measure a reply's paragraph tells of."""
    text, topic, _d, _b = reply_text(0)
    told = {answers(p) for p in text.split("\n\n")} - {None}
    assert told == {(topic.key, 0), (topic.key, 1), (topic.key, 2)}
    assert answers("下一步，我局将继续完善加装电梯政策。") is None
