"""The search benchmark: its synthetic archive, its queries, its BM25 peer, its exit status."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from replydraft.archive import Archive
from replydraft.bench import corpus
from replydraft.bench import search as bench
from replydraft.bench.peer import Fts5Peer
from replydraft.cli import main
from replydraft.parse import PARSER_VERSION, parse
from replydraft.records import Kind
from replydraft.tokenize import Tokenizer


@pytest.fixture(scope="module")
def tokenizer() -> Tokenizer:
    return Tokenizer()


@pytest.fixture(scope="module")
def pool() -> corpus.Pool:
    return corpus.Pool()


def test_replies_are_fixed_by_their_number_and_spread_over_topics(pool: corpus.Pool) -> None:
    assert corpus.reply(7, pool) == corpus.reply(7, pool)
    assert corpus.reply(7, pool) != corpus.reply(8, pool)
    assert len({corpus.plan(n).topic for n in range(400)}) == len(corpus.topics()) >= 30
    text = "".join(corpus.reply(7, pool))
    assert 2000 <= len(text) <= 4000
    assert parse(corpus.reply(7, pool)).kind is Kind.REPLY


def test_the_vocabulary_keeps_growing(pool: corpus.Pool, tokenizer: Tokenizer) -> None:
    # Invented names give each reply terms no other reply has, as a real archive's do.
    df: Counter[str] = Counter()
    for n in range(60):
        df.update({t for p in corpus.reply(n, pool) for t in tokenizer.tokens(p)})
    once = sum(1 for count in df.values() if count == 1)
    assert once >= 5 * 60


def test_a_continued_proposal_names_the_earlier_session_and_proposer() -> None:
    plan = corpus.plan(12)
    proposal = corpus.continued(12)
    parsed = parse(proposal.text.splitlines())
    assert parsed.kind is Kind.PROPOSAL
    assert parsed.proposers == [plan.proposer]
    assert f"{plan.session}届{plan.meeting}次会议第{plan.number}号" in proposal.text
    assert len(parsed.suggestions) == 3
    assert proposal.earlier == 12 and proposal.topic == plan.topic
    # New words, not an excerpt: no sentence of the reply's body is in the proposal.
    body = corpus.reply(12, corpus.Pool())[6:-4]
    assert not any(s in proposal.text for p in body for s in p.split("。") if len(s) > 20)


def test_the_peer_ranks_by_bm25_over_the_stored_tokens(
    tmp_path: Path, pool: corpus.Pool, tokenizer: Tokenizer
) -> None:
    with Archive(tmp_path / "a.sqlite3") as archive:
        for n in range(30):
            paragraphs = corpus.reply(n, pool)
            record = bench._record(paragraphs, f"synthetic-{n:07d}.txt")
            archive.add(record, tokenizer.tokens_of_all(paragraphs), parser_version=PARSER_VERSION)
        peer = Fts5Peer.build(tmp_path / "peer.sqlite3", archive)
    try:
        # A reply's own rare words find it first.
        own = [t for t in tokenizer.tokens("".join(corpus.reply(3, pool))) if len(t) > 1]
        assert peer.search(own, top=3)[0] == bench.reply_id(3, pool)
        assert peer.search(["不存在的词语"]) == []
        assert peer.vocabulary() > 1000
    finally:
        peer.close()


def test_percentiles() -> None:
    values = [float(v) for v in range(1, 101)]
    assert bench.pct(values, 0.5) in (50.0, 51.0)
    assert bench.pct(values, 0.95) in (95.0, 96.0)
    assert bench.pct([], 0.5) == 0.0


def test_bench_search_prints_its_figures_and_exits_1_when_a_floor_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("REPLYDRAFT_HOME", str(tmp_path / "home"))
    # A tiny archive, its floors checked as if it were large, one floor no run can meet.
    monkeypatch.setattr(bench, "FLOOR_FROM_SIZE", 0)
    monkeypatch.setattr(bench, "FLOOR_OPEN_P95_MS", 0.0)
    monkeypatch.setattr(bench, "FLOOR_DISK_MB", 0.0)
    monkeypatch.setattr(bench, "SMALL", 30)
    cache = str(tmp_path / "cache")
    code = main(
        ["bench", "search", "--docs", "40", "--queries", "2", "--rounds", "3", "--cache", cache]
    )
    out = capsys.readouterr().out
    assert code == 1
    assert "floors: " in out and "opening a proposal p95" in out.split("floors: ")[1]
    assert re.search(r"disk [0-9.]+ MB > 0\.0 MB", out.split("floors: ")[1])
    assert re.search(r"on disk: .* \(archive .* MB, index store .* MB, tantivy .* MB\)", out)
    for figure in (
        "opening a proposal (parse + for_proposal): p50",
        "side-panel search",
        "document search, whole proposal",
        "document ranking alone, whole proposal (search_tokens, no passages): p50",
        "BM25 peer (SQLite FTS5, same tokens): p50",
        "BM25 peer (bm25s, same tokens): p50",
        "CLI `replydraft search FILE`, whole process",
        "distinct terms",
        "load average",
        "[40 replies] 续办: earlier reply at rank 1",
        "[30 replies] new proposals",
    ):
        assert figure in out
    # 2 续办 + 2 new proposals, 3 rounds each
    assert "opening a proposal (parse + for_proposal): " in out and "(12 runs)" in out
    # The archive and the peer are kept for the next run (a 100k build takes many minutes).
    assert len(list((tmp_path / "cache").glob("bench-40-v*.sqlite3"))) == 2
    assert len(list((tmp_path / "cache").glob("bench-40-v*.bm25s"))) == 1
    # The CLI calls it timed did not add the bundled seeds to it.
    (archive_file,) = [
        f for f in (tmp_path / "cache").glob("bench-40-v*.sqlite3") if ".fts5." not in f.name
    ]
    with Archive(archive_file) as archive:
        assert len(archive.ids()) == 40
