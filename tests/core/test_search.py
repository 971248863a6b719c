"""Similar-reply search on the seeds: documents, paragraphs, policy passages, reuse, scores, JSON."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from replydraft.archive import Archive
from replydraft.importer import seed_archive
from replydraft.index import UNIT_PARA, IndexDoc, SearchIndex
from replydraft.records import Kind, Parsed
from replydraft.search import (
    ACTION_WORDS,
    Match,
    Searcher,
    _Weights,
    matches_to_json,
    paragraph_match_to_json,
    reuse_pair_to_json,
    sentences,
    sequence_similarities,
    similarities,
    term_spans,
)
from replydraft.tokenize import Tokenizer
from tests.seedfiles import (
    SEED_POLICIES,
    SEED_REPLY_CHANGNING_035,
    SEED_REPLY_PUDONG_057,
    SEED_REPLY_PUDONG_195,
)

TALENT_QUESTION = "建议加大人工智能人才引进和培养力度，完善人才公寓等安居保障"
PLATFORM_QUESTION = "建议完善揭榜挂帅机制，搭建企业与高校对接的公共服务平台，促进成果转化"
# A reply on another subject, written for this test.
WATER_REPLY = (
    "关于加强农村饮水安全管理的答复。近年来，我县实施农村饮水安全巩固提升工程，新建集中供水站"
    "12处，改造老化供水管网85公里，解决了3.2万农村群众的饮水困难问题。我局会同卫健部门每季度"
    "开展水质检测，对水源地设立保护标志和隔离设施，落实供水工程管护责任和管护经费。下一步，"
    "我们将推进城乡供水一体化，实施小型水厂提标改造，加强水费收缴和维修养护，确保农村群众"
    "喝上安全水、放心水。"
)


@dataclass
class Seeds:
    archive: Archive
    index: SearchIndex
    searcher: Searcher
    ids: dict[str, str]  # seed file name -> record id


@pytest.fixture(scope="module")
def seeds() -> Iterator[Seeds]:
    tokenizer = Tokenizer()
    archive = Archive(":memory:")
    seed_archive(archive, tokenizer=tokenizer)
    index = SearchIndex(None)
    index.sync(archive)
    ids = {s.source: s.id for s in archive.list()}
    yield Seeds(archive, index, Searcher(archive, index, tokenizer), ids)
    index.close()
    archive.close()


def text_of(seeds: Seeds, name: str) -> str:
    return seeds.archive.get(seeds.ids[name]).text


def test_seeds_000_and_001_find_each_other_first(seeds: Seeds) -> None:
    a, b = SEED_REPLY_PUDONG_195.name, SEED_REPLY_PUDONG_057.name
    for query, expected in ((a, b), (b, a)):
        matches = seeds.searcher.search(text_of(seeds, query), exclude={seeds.ids[query]})
        assert matches[0].id == seeds.ids[expected]
        assert seeds.ids[query] not in {m.id for m in matches}
        assert all(m.kind == Kind.REPLY.value for m in matches)
        # They share whole paragraphs: clearly related, yet far from the same text.
        assert 40 <= matches[0].score < 90
        assert matches[0].passages and matches[0].reasons


def test_a_reply_against_itself_scores_as_a_near_duplicate(seeds: Seeds) -> None:
    name = SEED_REPLY_CHANGNING_035.name
    top = seeds.searcher.search(text_of(seeds, name), top=1)[0]
    assert top.id == seeds.ids[name]
    assert top.score >= 95


def test_an_unrelated_reply_scores_low_against_the_ai_seeds(seeds: Seeds) -> None:
    matches = seeds.searcher.search(WATER_REPLY, top=10, kind=None)
    assert matches, "common words still recall some candidates"
    assert max(m.score for m in matches) < 40
    # An excerpt of a seed reply scores high against its source.
    excerpt = "\n".join(text_of(seeds, SEED_REPLY_PUDONG_057.name).split("\n")[14:18])
    top = seeds.searcher.search(excerpt, top=1)[0]
    assert top.id == seeds.ids[SEED_REPLY_PUDONG_057.name]
    assert top.score >= 85


def test_ranks_follow_scores_and_reasons_name_what_matched(seeds: Seeds) -> None:
    matches = seeds.searcher.search(TALENT_QUESTION, top=5)
    assert [m.rank for m in matches] == list(range(1, len(matches) + 1))
    scores = [m.score for m in matches]
    assert scores == sorted(scores, reverse=True)
    assert all(0 <= s <= 100 for s in scores)
    top = matches[0]
    assert top.id == seeds.ids[SEED_REPLY_PUDONG_195.name]  # the one with 人才公寓
    assert any(r.startswith("共有词") and "人才公寓" in r for r in top.reasons)
    assert any(r.startswith("段落") for r in top.reasons)


def test_a_talent_question_finds_the_talent_paragraphs(seeds: Seeds) -> None:
    found = seeds.searcher.search_paragraphs(TALENT_QUESTION, top=5, kind=Kind.REPLY)
    assert any("人才公寓" in p.text for p in found[:3])
    assert all("人才" in p.text for p in found[:3])
    for p in found:
        assert p.doc_id in seeds.ids.values()
        assert p.title and p.kind == Kind.REPLY.value and p.date
        assert p.terms and p.spans
        # Every span covers one of the shared terms, as printed in the paragraph.
        for start, end in p.spans:
            assert any(t in p.text[start:end].lower() for t in p.terms)
        assert "人才" in p.terms
    talent = next(p for p in found if "人才公寓" in p.text)
    assert "人才" in talent.section  # （一）持续加大产业人才招引和培养


def test_a_question_on_jiebang_guashuai_finds_the_platform_and_the_policy(seeds: Seeds) -> None:
    found = seeds.searcher.search_paragraphs(PLATFORM_QUESTION, top=5, kind=Kind.REPLY)
    assert any("揭榜挂帅公共服务平台" in p.text for p in found[:3])
    policies = seeds.searcher.policy_passages(PLATFORM_QUESTION, top=5)
    policy_ids = {seeds.ids[p.name] for p in SEED_POLICIES}
    assert policies and all(p.doc_id in policy_ids for p in policies)
    assert any("揭榜挂帅" in p.text and "揭榜挂帅" in p.terms for p in policies)
    assert all(any(r.startswith("政策文件") for r in p.reasons) for p in policies)


def test_reuse_between_000_and_001_is_reported_sentence_by_sentence(seeds: Seeds) -> None:
    a, b = seeds.ids[SEED_REPLY_PUDONG_195.name], seeds.ids[SEED_REPLY_PUDONG_057.name]
    pairs = [p for p in seeds.searcher.reuse_pairs(a) if {p.a_id, p.b_id} == {a, b}]

    def text_in_000(p: object) -> str:
        return p.a_text if p.a_id == a else p.b_text  # type: ignore[attr-defined]

    for phrase in (
        "一是出台各项人才政策",
        "二是打造“1+1+N”人才体系",
        "三是重点聚焦海外高精尖人才",
        "三是加强校企合作优化创新生态",
        "率先建设完成了国内首个人工智能应用场景公共服务平台",
    ):
        assert any(phrase in text_in_000(p) for p in pairs), phrase
    # 001 merged 000's talent paragraphs into one: several of 000's paragraphs pair with it.
    merged = [p for p in pairs if "打造“1+1+N”人才体系" in (p.b_text if p.a_id == a else p.a_text)]
    assert len(merged) >= 3
    for p in pairs:
        assert 0 < p.similarity <= 100
        for s in p.sentences:
            assert s.similarity >= 80
            a_text = p.a_text[s.a_span[0] : s.a_span[1]]
            b_text = p.b_text[s.b_span[0] : s.b_span[1]]
            assert a_text and b_text
    # Every pair once, whichever document is asked about.
    all_pairs = seeds.searcher.reuse_pairs()
    keys = [(p.a_id, p.a_seq, p.b_id, p.b_seq) for p in all_pairs]
    assert len(keys) == len(set(keys))
    assert len([p for p in all_pairs if {p.a_id, p.b_id} == {a, b}]) == len(pairs)
    json.dumps([reuse_pair_to_json(p) for p in pairs], ensure_ascii=False)


def test_for_proposal_answers_each_suggestion(seeds: Seeds) -> None:
    proposal = Parsed(
        kind=Kind.PROPOSAL,
        title="关于加快人工智能产业人才集聚的建议",
        suggestions=[TALENT_QUESTION, PLATFORM_QUESTION],
    )
    result = seeds.searcher.for_proposal(proposal, top=3, policies=3)
    assert result.documents and result.documents[0].kind == Kind.REPLY.value
    assert [s.suggestion for s in result.suggestions] == proposal.suggestions
    talent, platform = result.suggestions
    assert any("人才" in p.text for p in talent.paragraphs)
    assert any("揭榜挂帅" in p.text for p in platform.policies)
    assert all(p.kind == Kind.POLICY.value for s in result.suggestions for p in s.policies)
    # `only` keeps the reply paragraphs to the documents the officer chose (draft --use).
    chosen = seeds.ids[SEED_REPLY_PUDONG_057.name]
    limited = seeds.searcher.for_proposal(proposal, top=3, only=[chosen])
    assert all(p.doc_id == chosen for s in limited.suggestions for p in s.paragraphs)
    assert any(s.paragraphs for s in limited.suggestions)


def test_json_follows_the_cli_contract(seeds: Seeds) -> None:
    matches: list[Match] = seeds.searcher.search(TALENT_QUESTION, top=3)
    data = json.loads(json.dumps(matches_to_json(matches), ensure_ascii=False))
    assert [d["rank"] for d in data] == [1, 2, 3][: len(data)]
    for d, m in zip(data, matches, strict=True):
        assert {"id", "title", "score", "rank", "passages"} <= set(d)
        assert d["id"] == m.id and isinstance(d["score"], float) and 0 <= d["score"] <= 100
        for p in d["passages"]:
            assert {"text", "score", "terms", "spans", "seq", "section"} <= set(p)
            assert isinstance(p["terms"], list) and all(isinstance(t, str) for t in p["terms"])
    para = seeds.searcher.search_paragraphs(TALENT_QUESTION, top=1)[0]
    assert paragraph_match_to_json(para)["title"] == para.title


def test_empty_and_formula_only_queries_find_nothing(seeds: Seeds) -> None:
    assert seeds.searcher.search("") == []
    assert seeds.searcher.search("收悉，经研究，现将办理情况答复如下：感谢您的宝贵建议。") == []
    assert seeds.searcher.search_paragraphs("   ") == []


def test_index_updates_reach_the_searcher(seeds: Seeds) -> None:
    index = SearchIndex(None)
    searcher = Searcher(seeds.archive, index, seeds.searcher.tokenizer)
    assert searcher.search(TALENT_QUESTION) == []
    index.sync(seeds.archive)
    assert searcher.search(TALENT_QUESTION)
    index.remove(seeds.ids[SEED_REPLY_PUDONG_195.name])
    found = {m.id for m in searcher.search(TALENT_QUESTION, top=10)}
    assert seeds.ids[SEED_REPLY_PUDONG_195.name] not in found


def test_helpers_split_sentences_and_merge_spans() -> None:
    text = "一是出台政策。围绕资金支持；二是打造体系"
    assert [text[s:e] for s, e in sentences(text)] == [
        "一是出台政策。",
        "围绕资金支持；",
        "二是打造体系",
    ]
    assert term_spans("AI人才与人才公寓", ["人才", "人才公寓", "ai"]) == [(0, 4), (5, 9)]


def test_the_tokenizer_cuts_as_jieba_does(seeds: Seeds) -> None:
    """`tokens` cuts in one pass of its own; it must keep jieba's words exactly, or queries
    would not meet the tokens stored at import."""
    from replydraft.tokenize import _token

    tokenizer = seeds.searcher.tokenizer
    texts = [seeds.archive.get(doc_id).text for doc_id in seeds.ids.values()]
    texts.append(
        "吴佳桢委员：AI人工智能、AIGC和C++；十四五规划第十五届四次会议，一是、二是。"
        "２０２４年Ｋ线 e-commerce 3.5% 打造“1+1+N”人才体系\r\n\t（一）揭榜挂帅"
    )
    for text in texts:
        expected = [t for w in tokenizer.words(text) if (t := _token(w))]
        assert tokenizer.tokens(text) == expected


# --- The earlier round of a proposal (续办) ------------------------------------------------------


def _synthetic_archive(tmp_path: Path, count: int) -> tuple[Archive, SearchIndex, Searcher]:
    from replydraft.bench import corpus
    from replydraft.bench.search import _record
    from replydraft.parse import PARSER_VERSION

    tk = Tokenizer()
    pool = corpus.Pool()
    archive = Archive(tmp_path / "a.sqlite3")
    with archive.transaction():
        for n in range(count):
            paragraphs = corpus.reply(n, pool)
            record = _record(paragraphs, f"synthetic-{n:07d}.txt")
            archive.add(record, tk.tokens_of_all(paragraphs), parser_version=PARSER_VERSION)
    index = SearchIndex(None)
    index.sync(archive)
    return archive, index, Searcher(archive, index, tk)


def test_the_earlier_reply_of_a_continued_proposal_comes_first(tmp_path: Path) -> None:
    from replydraft.bench import corpus
    from replydraft.bench.search import reply_id
    from replydraft.parse import parse

    archive, index, searcher = _synthetic_archive(tmp_path, 60)
    try:
        pool = corpus.Pool()
        for n in (3, 17, 42):
            proposal = corpus.continued(n)
            parsed = parse(proposal.text.splitlines())
            found = searcher.for_proposal(parsed)
            assert found.documents[0].id == reply_id(n, pool)
            assert found.first[:1] == [reply_id(n, pool)]  # searched first per suggestion
            # Its paragraphs are among those offered for the suggestions.
            offered = {p.doc_id for s in found.suggestions for p in s.paragraphs}
            assert reply_id(n, pool) in offered
            # Named by session and number in the text: found even under another title.
            parsed.title = "关于另一件事的建议"
            text = proposal.text
            assert [u.doc_id for u in searcher.earlier_replies(parsed, text)][:1] == [
                reply_id(n, pool)
            ]
            # A proposer with no earlier reply has none, whatever the subject.
            parsed.proposers = ["尚无此人"]
            assert searcher.earlier_replies(parsed, text) == []
            # A name that makes no token (two dropped characters): the cited session and
            # number, on the same subject, still find it.
            parsed = parse(proposal.text.splitlines())
            parsed.proposers = ["于霏"]
            assert searcher.tokenizer.tokens("于霏") == []
            assert [u.doc_id for u in searcher.earlier_replies(parsed, text)][:1] == [
                reply_id(n, pool)
            ]
    finally:
        index.close()
        archive.close()


def test_the_earlier_reply_comes_first_when_many_replies_hold_the_proposers_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # In a large archive a proposer's name (丰华) is held by more replies than are looked at;
    # those on the proposal's subject must be looked at first, whatever BM25 makes of the name.
    import replydraft.search as search_module
    from replydraft.bench import corpus
    from replydraft.bench.search import _record, reply_id
    from replydraft.parse import PARSER_VERSION, parse

    tk = Tokenizer()
    pool = corpus.Pool()
    n = next(m for m in range(1, 60, 2) if tk.tokens(corpus.plan(m).proposer))
    proposer = corpus.plan(n).proposer
    with Archive(tmp_path / "a.sqlite3") as archive:
        with archive.transaction():
            for m in range(50):
                paragraphs = corpus.reply(m, pool)
                if m % 2 == 0:  # another reply by someone of the same name
                    paragraphs[1] = f"{proposer}委员："
                record = _record(paragraphs, f"synthetic-{m:07d}.txt")
                archive.add(record, tk.tokens_of_all(paragraphs), parser_version=PARSER_VERSION)
        with SearchIndex(None) as index:
            index.sync(archive)
            searcher = Searcher(archive, index, tk)
            holding = index.search_docs(tk.tokens(proposer), limit=100, kind=Kind.REPLY.value)
            assert len(holding) >= 26
            monkeypatch.setattr(search_module, "EARLIER_CANDIDATES", 3)
            parsed = parse(corpus.continued(n).text.splitlines())
            # The same proposer on the same subject, no session and number cited.
            earlier = searcher.earlier_replies(parsed, "")
            assert [u.doc_id for u in earlier][:1] == [reply_id(n, pool)]
            found = searcher.for_proposal(parsed)
            assert [m.id for m in found.documents[:1]] == [reply_id(n, pool)]


def test_a_proposal_opened_with_its_pool_walked_beside_finds_what_one_thread_finds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # for_proposal walks the suggestions' pool on a helper thread while it searches the
    # documents; done in turn on one thread, every list must come out the same.
    from concurrent.futures import Executor, Future

    from replydraft import search as search_module
    from replydraft.bench import corpus
    from replydraft.parse import parse

    class InTurn(Executor):
        def __init__(self, workers: int, **options: Any) -> None:
            pass

        def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Future[Any]:
            done: Future[Any] = Future()
            done.set_result(fn(*args, **kwargs))
            return done

    def lists(searcher: Searcher, text: str) -> list[Any]:
        found = searcher.for_proposal(parse(text.splitlines()))
        assert len(found.suggestions) >= 2  # so that there is a pool to walk
        return [
            [(m.id, m.score, [(p.seq, p.score) for p in m.passages]) for m in found.documents],
            found.first,
            [
                [(p.doc_id, p.seq, p.score, p.rank) for p in s.paragraphs + s.policies]
                for s in found.suggestions
            ],
        ]

    archive, index, searcher = _synthetic_archive(tmp_path, 80)
    try:
        texts = [corpus.on_topic(k).text for k in range(3)] + [corpus.continued(5).text]
        beside = [lists(searcher, text) for text in texts]
        monkeypatch.setattr(search_module, "ThreadPoolExecutor", InTurn)
        in_turn = [lists(Searcher(archive, index, searcher.tokenizer), text) for text in texts]
        assert beside == in_turn
        assert any(s for found in beside for s in found[2])  # paragraphs were found
    finally:
        index.close()
        archive.close()


def test_texts_as_token_numbers_compare_as_their_bags_do() -> None:
    """sequence_similarities (one sort for all the texts) scores as similarities does over
    each text's distinct words and places."""
    rng = np.random.default_rng(7)
    index = SearchIndex(None)
    vocabulary = [f"词{k}" for k in range(60)]
    index.add_many(
        [
            IndexDoc(
                doc_id=f"d{k}",
                kind=Kind.REPLY.value,
                title=f"答复{k}",
                paragraphs=["段"] * 3,
                tokens=[list(rng.choice(vocabulary, 40)) for _ in range(3)],
            )
            for k in range(20)
        ]
    )
    weights = _Weights(index, UNIT_PARA)
    q = weights.bag(index.term_ids(list(rng.choice(vocabulary, 30))))
    seqs = [index.term_ids(list(rng.choice(vocabulary, size))) for size in (1, 5, 40, 12, 3)]
    bags = []
    for seq in seqs:
        distinct, places = np.unique(seq, return_inverse=True)
        bags.append((distinct, places))
    expected = similarities(q, bags, weights)
    found = sequence_similarities(q, seqs, weights)
    assert [s.score for s in found] == [s.score for s in expected]
    assert [s.shared.tolist() for s in found] == [s.shared.tolist() for s in expected]
    assert len({s.score for s in found}) > 1  # texts that differ score apart


def test_the_side_panel_finds_what_the_two_searches_find_in_turn(tmp_path: Path) -> None:
    # side_panel walks the paragraphs' postings on the helper thread while it ranks the
    # documents; it must find what search and search_paragraphs find one after the other.
    from replydraft.bench import corpus

    def documents(found: list[Match]) -> list[Any]:
        return [(m.id, m.score, [(p.seq, p.score) for p in m.passages]) for m in found]

    def paragraphs(found: list[Any]) -> list[Any]:
        return [(p.doc_id, p.seq, p.score, p.rank, p.text, p.title) for p in found]

    archive, index, searcher = _synthetic_archive(tmp_path, 80)
    try:
        texts = [corpus.typed(k) for k in range(6)] + [corpus.on_topic(1).text, "，", ""]
        for text in texts:
            docs, paras = searcher.side_panel(text, top=8)
            alone = Searcher(archive, index, searcher.tokenizer)
            assert documents(docs) == documents(alone.search(text, top=8))
            expected = alone.search_paragraphs(text, top=8, kind=Kind.REPLY)
            assert paragraphs(paras) == paragraphs(expected)
            assert bool(paras) == bool(text.strip("，"))
    finally:
        index.close()
        archive.close()


def test_a_suggestion_searched_again_scores_each_paragraph_once_and_finds_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A suggestion is searched among the replies that fit and then among all: the second
    # search takes the scores the first worked out, and finds what a fresh searcher finds.
    from replydraft import search as search_module
    from replydraft.bench import corpus
    from replydraft.roles import SLOT_ROLES

    def shown(found: list[Any]) -> list[Any]:
        return [(p.doc_id, p.seq, p.score, p.terms, p.spans, p.text) for p in found]

    archive, index, searcher = _synthetic_archive(tmp_path, 60)
    try:
        options: dict[str, Any] = dict(kind=Kind.REPLY, roles=SLOT_ROLES, light=ACTION_WORDS)
        text = corpus.on_topic(1).text
        tokens = searcher._tokens(text)
        within = [m.id for m in searcher.search(text, top=4)]
        scored: list[int] = []
        real = search_module.sequence_similarities

        def counted(q: Any, seqs: Any, weights: Any) -> Any:
            scored.append(len(seqs))
            return real(q, seqs, weights)

        monkeypatch.setattr(search_module, "sequence_similarities", counted)
        first = searcher.search_paragraph_tokens(tokens, top=5, within=within, **options)
        alone = sum(scored)
        again = searcher.search_paragraph_tokens(tokens, top=5, **options)
        shared = {(p.doc_id, p.seq) for p in first} & {(p.doc_id, p.seq) for p in again}
        assert first and shared  # the two searches have paragraphs in common ...
        assert sum(scored) - alone <= search_module.PARA_FINE - len(shared)  # ... scored once
        fresh = Searcher(archive, index, searcher.tokenizer)
        assert shown(again) == shown(fresh.search_paragraph_tokens(tokens, top=5, **options))
    finally:
        index.close()
        archive.close()


def test_a_proposal_whose_pool_is_read_and_decoded_a_few_at_a_time_finds_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from replydraft import index as index_module
    from replydraft import search as search_module
    from replydraft.bench import corpus
    from replydraft.parse import parse

    def lists(searcher: Searcher, text: str) -> list[Any]:
        found = searcher.for_proposal(parse(text.splitlines()))
        assert len(found.suggestions) >= 2  # so that there is a pool to walk
        return [[(p.doc_id, p.seq, p.score) for p in s.paragraphs] for s in found.suggestions]

    archive, index, searcher = _synthetic_archive(tmp_path, 80)
    try:
        texts = [corpus.on_topic(k).text for k in range(3)]
        whole = [lists(searcher, text) for text in texts]
        monkeypatch.setattr(index_module, "READ_AHEAD", 3)
        monkeypatch.setattr(search_module, "POOL_BLOCK", 2)
        index._store.forget()
        parts = [lists(Searcher(archive, index, searcher.tokenizer), text) for text in texts]
        assert parts == whole
        assert any(whole)
    finally:
        index.close()
        archive.close()
