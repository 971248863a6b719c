"""Search benchmark: a synthetic archive of N replies, then speed, memory and accuracy figures.

`run(docs, cache_dir)` builds (once; cached in `cache_dir`) an archive of `docs` replies of
about 3,000 characters stitched deterministically from the seeds' sentences, with districts,
bureaus, titles and numbers varied, then prints: import throughput, index build time, memory,
index size, time to open ready to search, time to add one reply, p50/p95 of document and
paragraph search over fixed queries (500- and 3,000-character excerpts with sentences
swapped), the rank of each query's source, and plain rapidfuzz over every document for
comparison. Run it with `python -m replydraft.bench_search 10000 --cache DIR`.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import re
import resource
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from replydraft import paths
from replydraft.archive import Archive
from replydraft.importer import default_workers, import_paths
from replydraft.index import SearchIndex, index_path_for
from replydraft.parse import PARSER_VERSION, parse
from replydraft.records import Record
from replydraft.search import Searcher
from replydraft.tokenize import Tokenizer

SEED = 20250421
TARGET_CHARS = 3000
CORPUS_VERSION = 1  # bump when the generator changes: cached archives are rebuilt
Out = Callable[[str], None]

DISTRICTS = [
    "浦东新区", "黄浦区", "静安区", "徐汇区", "长宁区", "普陀区", "虹口区", "杨浦区",
    "闵行区", "宝山区", "嘉定区", "金山区", "松江区", "青浦区", "奉贤区", "崇明区",
]  # fmt: skip
UNITS = [
    "科技和经济委员会", "科学技术委员会", "发展和改革委员会", "商务委员会", "经济委员会",
    "人力资源和社会保障局", "教育局", "数据局", "投资促进办公室", "财政局",
]  # fmt: skip
TOPICS = [
    "打造人工智能技术创业和产业发展高地", "促进AIGC产业高质量发展", "加快集聚人工智能人才",
    "推进人工智能产业高质量发展", "优化人工智能产业发展生态", "加强产学研用合作",
    "完善科技金融服务体系", "发挥产业引导基金作用", "推动数据要素市场建设",
    "强化算力基础设施建设", "培育链主企业打造产业集群", "深化人工智能应用场景开放",
]  # fmt: skip
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
_PLACE = re.compile(r"浦东新区|浦东|长宁区|长宁")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_SENTENCE = re.compile(r"[^。；！？]+[。；！？]?")
_HEADING = re.compile(r"^[（(][一二三四五六七八九十]+[)）](.{6,40})$")


# --- The synthetic corpus ---------------------------------------------------------------------


@dataclass
class _Pool:
    sentences: list[str]
    headings: list[str]


def _pool() -> _Pool:
    """Sentences and subsection headings of the seed documents."""
    sentences: list[str] = []
    headings: list[str] = []
    for seed in sorted(paths.seeds_dir().glob("*.txt")):
        raw = seed.read_text(encoding="utf-8")
        # 002 is hard-wrapped every ~30 characters: join its lines into paragraphs first.
        text = (
            re.sub(r"(?<=[^。；：！？\n])\n\s*\n?(?=\S)", "", raw) if "002_" in seed.name else raw
        )
        for line in text.splitlines():
            line = line.strip().replace("**", "")
            m = _HEADING.match(line)
            if m:
                headings.append(m.group(1))
                continue
            if len(line) < 40:
                continue
            for s in _SENTENCE.findall(line):
                s = s.strip()
                if 12 <= len(s) <= 260:
                    sentences.append(s)
    return _Pool(sorted(set(sentences)), sorted(set(headings)))


def _vary(sentence: str, rng: random.Random, district: str) -> str:
    short = district[:-1] if district.endswith("区") and len(district) > 3 else district
    text = _PLACE.sub(lambda m: district if m.group().endswith("区") else short, sentence)
    return _NUMBER.sub(lambda _: str(rng.randint(2, 999)), text)


def synthetic_reply(n: int, pool: _Pool) -> list[str]:
    """Reply number `n` as paragraphs: the same `n` always gives the same text."""
    rng = random.Random(SEED * 1_000_003 + n)
    district = rng.choice(DISTRICTS)
    bureau = district.replace("新区", "新区") + rng.choice(UNITS)
    number = rng.randint(1, 400)
    topic = rng.choice(TOPICS)
    name = rng.choice(SURNAMES) + rng.choice("晓建文海明丽华军国平") + rng.choice("东南西北中林森")
    paras = [
        f"对{district}政协{rng.randint(5, 15)}届{rng.randint(1, 5)}次会议第{number}号提案的答复",
        f"{name}委员：",
        f"您提出的《关于{district.replace('新区', '')}{topic}的建议》提案（第{number}号）收悉，"
        "经研究，现将办理情况答复如下：",
        "一、对本提案的办理概述",
        f"收到您的提案后，我委高度重视，会同{rng.choice(UNITS)}等部门认真研究，积极采纳。",
        "二、对提案建议的答复",
    ]
    size = sum(len(p) for p in paras)
    numerals = "一二三四五六七八九"
    section = 0
    while size < TARGET_CHARS - 200 and section < len(numerals):
        heading = f"（{numerals[section]}）{_vary(rng.choice(pool.headings), rng, district)}"
        paras.append(heading)
        size += len(heading)
        section += 1
        for _ in range(rng.randint(1, 3)):
            body = "".join(_vary(s, rng, district) for s in rng.sample(pool.sentences, 4))
            paras.append(body)
            size += len(body)
            if size >= TARGET_CHARS - 200:
                break
    paras += [
        f"下一步，{district}将充分发挥自身优势，全力推动{topic}。",
        "再次感谢您的宝贵建议，希望能继续得到您的关心和支持。",
        bureau,
        f"{rng.randint(2021, 2025)}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日",
    ]
    return paras


def _record(paragraphs: list[str], source: str) -> Record:
    data = "\n\n".join(paragraphs).encode("utf-8")
    sha = hashlib.sha256(data).hexdigest()
    return Record(
        id=sha[:12],
        sha256=sha,
        source=source,
        format="txt",
        encoding="utf-8",
        paragraphs=paragraphs,
        parsed=parse(paragraphs),
    )


_worker_state: tuple[Tokenizer, _Pool] | None = None


def _init_worker() -> None:
    global _worker_state
    tk = Tokenizer()
    tk.words("预热")
    _worker_state = (tk, _pool())


def _prepare_batch(numbers: list[int]) -> list[tuple[Record, list[list[str]]]]:
    """What the importer's worker does for a file, minus reading it: parse and tokenize."""
    assert _worker_state is not None
    tk, pool = _worker_state
    out = []
    for n in numbers:
        paragraphs = synthetic_reply(n, pool)
        record = _record(paragraphs, f"synthetic-{n:06d}.txt")
        out.append((record, [tk.tokens(p) for p in paragraphs]))
    return out


def _batches(total: int, size: int) -> Iterator[list[int]]:
    for start in range(0, total, size):
        yield list(range(start, min(total, start + size)))


def build_archive(path: Path, docs: int, out: Out) -> float:
    """Create the synthetic archive at `path`; returns characters per second."""
    workers = default_workers()
    chars = 0
    started = time.perf_counter()
    import multiprocessing

    with (
        Archive(path) as archive,
        ProcessPoolExecutor(
            workers, mp_context=multiprocessing.get_context("spawn"), initializer=_init_worker
        ) as pool,
    ):
        for i, batch in enumerate(pool.map(_prepare_batch, _batches(docs, 200))):
            with archive.transaction():
                for record, tokens in batch:
                    archive.add(record, tokens, parser_version=PARSER_VERSION)
                    chars += sum(len(p) for p in record.paragraphs)
            if (i + 1) % 50 == 0:
                out(f"  ... {min(docs, (i + 1) * 200):,} replies stored")
        archive.set_meta("bench_corpus", f"{CORPUS_VERSION}:{docs}")
    return chars / (time.perf_counter() - started)


# --- Measuring --------------------------------------------------------------------------------


def _status_kb(key: str) -> int:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def memory_mb() -> tuple[float, float]:
    """(peak, resident) MB of this process: VmHWM and VmRSS, or getrusage's peak."""
    peak = _status_kb("VmHWM") or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024, _status_kb("VmRSS") / 1024


def _pct(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


@dataclass
class Query:
    source: str  # the id of the reply the excerpt was taken from
    text: str
    length: int  # 500 or 3000


def make_queries(archive: Archive, ids: list[str], count: int) -> list[Query]:
    """Excerpts of `count` replies, 500 and 3,000 characters, with some sentences swapped."""
    rng = random.Random(SEED)
    chosen = rng.sample(ids, min(count, len(ids)))
    queries = []
    for doc_id in chosen:
        record = archive.get(doc_id)
        body = [p for p in record.paragraphs[6:-4] if len(p) > 40]
        sents = [s for p in body for s in _SENTENCE.findall(p)]
        for length in (500, 3000):
            start = rng.randrange(max(1, len(sents) - 8)) if length == 500 else 0
            picked: list[str] = []
            for s in sents[start:]:
                picked.append(s)
                if sum(map(len, picked)) >= length:
                    break
            for _ in range(1 if length == 500 else 3):  # swap two neighbouring sentences
                if len(picked) > 2:
                    k = rng.randrange(len(picked) - 1)
                    picked[k], picked[k + 1] = picked[k + 1], picked[k]
            queries.append(Query(doc_id, "".join(picked), length))
    return queries


@dataclass
class Figures:
    lines: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)


FLOORS = {  # docs -> (doc p95 ms, paragraph p95 ms, index build s, RSS MB)
    10_000: (10.0, 30.0, 10.0, 300.0),
    100_000: (30.0, 100.0, 120.0, 800.0),
}


def run(docs: int, cache_dir: Path, queries: int = 50, out: Out = print) -> Figures:
    """Build (or reuse) the synthetic archive of `docs` replies and print the figures."""
    figures = Figures()

    def say(line: str) -> None:
        figures.lines.append(line)
        out(line)

    cache_dir.mkdir(parents=True, exist_ok=True)
    archive_path = cache_dir / f"bench-{docs}.sqlite3"
    if archive_path.exists():
        with Archive(archive_path) as probe:
            if probe.get_meta("bench_corpus") != f"{CORPUS_VERSION}:{docs}":
                probe.close()
                archive_path.unlink()
                for extra in cache_dir.glob(f"bench-{docs}.sqlite3-*"):
                    extra.unlink()
    say(f"== search benchmark: {docs:,} synthetic replies (cache {cache_dir})")
    if not archive_path.exists():
        say("building the synthetic archive (once; parse + tokenize in a process pool, ")
        say("  the importer's worker steps minus reading files) ...")
        started = time.perf_counter()
        rate = build_archive(archive_path, docs, out)
        say(
            f"built in {time.perf_counter() - started:.1f} s: {rate:,.0f} chars/s "
            f"with {default_workers()} worker processes"
        )
    else:
        say("synthetic archive cached from an earlier run")
    say(f"archive file: {archive_path.stat().st_size / 1e6:,.0f} MB")

    _import_throughput(say)

    index_dir = index_path_for(archive_path)
    assert index_dir is not None
    shutil.rmtree(index_dir, ignore_errors=True)
    with Archive(archive_path) as archive:
        started = time.perf_counter()
        with SearchIndex(index_dir) as index:
            index.sync(archive)
        build_s = time.perf_counter() - started
    say(f"index build from stored tokens: {build_s:.1f} s")

    # The app's side in a fresh process, so memory counts what opening and searching take,
    # not the build above.
    import multiprocessing

    with multiprocessing.get_context("spawn").Pool(1) as child:
        m: Measured = child.apply(_measure, (archive_path, docs, queries))
    for line in m.lines:
        say(line)
    say(f"index on disk: {m.index_bytes / 1e6:,.0f} MB")
    say(
        f"open ready to search (archive + index + sync): {m.open_s * 1000:.0f} ms; "
        f"jieba dictionary load: {m.jieba_s * 1000:.0f} ms (once per process)"
    )
    say(
        f"memory of a fresh process that opened and searched: peak {m.peak:,.0f} MB, "
        f"resident {m.rss:,.0f} MB (of which Python + jieba's dictionary: {m.base_rss:,.0f} MB)"
    )

    with Archive(archive_path) as archive:
        tokenizer = Tokenizer()
        qs = make_queries(archive, archive.ids(), queries)
        baseline = _rapidfuzz_baseline(archive, qs, tokenizer, say)
    if baseline:
        say(
            f"speed ratio, plain rapidfuzz / this search (3,000-char queries, p50): "
            f"{baseline / max(m.doc3000_p50, 1e-6):,.0f}x"
        )
    all_doc, all_para, at1, rss, add_s, open_s = (
        m.doc_p95,
        m.para_p95,
        m.at1,
        m.rss,
        m.add_s,
        m.open_s,
    )

    floor = FLOORS.get(docs)
    if floor is not None:
        checks = [
            ("document search p95", all_doc, floor[0], "ms"),
            ("paragraph search p95", all_para, floor[1], "ms"),
            ("index build", build_s, floor[2], "s"),
            ("resident memory", rss, floor[3], "MB"),
            ("add one reply", add_s * 1000, 200.0, "ms"),
            ("open ready", open_s, 3.0, "s"),
        ]
        for name, value, limit, unit in checks:
            if value > limit:
                figures.failures.append(f"{name} {value:.1f} {unit} > {limit:g} {unit}")
        if at1 < 0.95:
            figures.failures.append(f"source at rank 1 {at1:.1%} < 95%")
        say("floors: " + ("all met" if not figures.failures else "; ".join(figures.failures)))
    return figures


@dataclass
class Measured:
    """What the child process measured."""

    lines: list[str]
    index_bytes: int
    open_s: float
    jieba_s: float
    peak: float
    rss: float
    base_rss: float
    add_s: float
    doc_p95: float
    para_p95: float
    doc3000_p50: float
    at1: float


def _measure(archive_path: Path, docs: int, queries: int) -> Measured:
    """Open the archive ready to search, run the queries, add a reply (in a fresh process)."""
    lines: list[str] = []
    tokenizer = Tokenizer()
    started = time.perf_counter()
    tokenizer.tokens("预热")
    jieba_s = time.perf_counter() - started
    _, base_rss = memory_mb()
    index_dir = index_path_for(archive_path)
    started = time.perf_counter()
    archive = Archive(archive_path)
    index = SearchIndex(index_dir)
    index.sync(archive)
    open_s = time.perf_counter() - started
    searcher = Searcher(archive, index, tokenizer)

    qs = make_queries(archive, archive.ids(), queries)
    searcher.search(qs[0].text)  # the first query of a session fills the idf cache
    doc_times: dict[int, list[float]] = {500: [], 3000: []}
    para_times: dict[int, list[float]] = {500: [], 3000: []}
    ranks: list[int] = []
    para_hits = 0
    for q in qs:
        t = time.perf_counter()
        matches = searcher.search(q.text, top=10)
        doc_times[q.length].append((time.perf_counter() - t) * 1000)
        found = [m.id for m in matches]
        ranks.append(found.index(q.source) + 1 if q.source in found else 0)
        t = time.perf_counter()
        paras = searcher.search_paragraphs(q.text, top=10)
        para_times[q.length].append((time.perf_counter() - t) * 1000)
        para_hits += bool(paras) and paras[0].doc_id == q.source
    peak, rss = memory_mb()

    rss_anon = _status_kb("RssAnon") / 1024
    rss_file = _status_kb("RssFile") / 1024

    # Adding one reply: the archive write, then the index's share, by the importer's hook
    # (add_record) and by a sync that compares id sets.
    new_reply = _record(synthetic_reply(docs + 1, _pool()), "synthetic-extra.txt")
    new_tokens = [tokenizer.tokens(p) for p in new_reply.paragraphs]
    started = time.perf_counter()
    archive.add(new_reply, new_tokens, parser_version=PARSER_VERSION)
    index.add_record(new_reply, new_tokens)
    add_s = time.perf_counter() - started
    archive.delete(new_reply.id)
    index.remove(new_reply.id)
    started = time.perf_counter()
    archive.add(new_reply, new_tokens, parser_version=PARSER_VERSION)
    index.sync(archive)
    add_sync_s = time.perf_counter() - started
    archive.delete(new_reply.id)
    index.sync(archive)
    lines.append(
        f"add one reply: archive write + index.add_record {add_s * 1000:.0f} ms; "
        f"archive write + index.sync {add_sync_s * 1000:.0f} ms"
    )
    lines.append(
        f"resident memory split: {rss_anon:,.0f} MB anonymous (heap), {rss_file:,.0f} MB "
        "file-backed (the index's mapped pages, which the system can drop)"
    )

    for length in (500, 3000):
        d, p = doc_times[length], para_times[length]
        lines.append(
            f"document search, {length:>5}-char queries: p50 {_pct(d, 0.5):.1f} ms, "
            f"p95 {_pct(d, 0.95):.1f} ms   paragraph search: p50 {_pct(p, 0.5):.1f} ms, "
            f"p95 {_pct(p, 0.95):.1f} ms  (jieba included)"
        )
    at1 = sum(1 for r in ranks if r == 1) / len(ranks)
    lines.append(
        f"rank of the known source: {at1:.1%} at rank 1, "
        f"{sum(1 for r in ranks if 1 < r <= 10)} at 2-10, "
        f"{sum(1 for r in ranks if r == 0)} not in the top 10 ({len(ranks)} queries); "
        f"paragraph search's top hit from the source: {para_hits / len(qs):.1%}"
    )
    size = index.disk_size()
    index.close()
    archive.close()
    return Measured(
        lines=lines,
        index_bytes=size,
        open_s=open_s,
        jieba_s=jieba_s,
        peak=peak,
        rss=rss,
        base_rss=base_rss,
        add_s=add_s,
        doc_p95=_pct(doc_times[500] + doc_times[3000], 0.95),
        para_p95=_pct(para_times[500] + para_times[3000], 0.95),
        doc3000_p50=_pct(doc_times[3000], 0.5),
        at1=at1,
    )


def _import_throughput(say: Out) -> None:
    """The real importer on generated files, with its process pool."""
    count = 400
    pool = _pool()
    with tempfile.TemporaryDirectory(prefix="replydraft-bench-") as tmp:
        folder = Path(tmp) / "files"
        folder.mkdir()
        chars = 0
        for n in range(count):
            paragraphs = synthetic_reply(10_000_000 + n, pool)
            chars += sum(len(p) for p in paragraphs)
            (folder / f"r{n:04d}.txt").write_text("\n\n".join(paragraphs), encoding="utf-8")
        with Archive(Path(tmp) / "a.sqlite3") as archive:
            started = time.perf_counter()
            report = import_paths(archive, [folder])
            took = time.perf_counter() - started
    say(
        f"import through the real importer ({count} files, {default_workers()} processes, "
        f"{len(report.added)} added): {chars / took:,.0f} chars/s"
    )


def _rapidfuzz_baseline(
    archive: Archive, qs: list[Query], tokenizer: Tokenizer, say: Out
) -> float | None:
    """token_set_ratio of each sampled query against every document's tokens."""
    from rapidfuzz import fuzz, process

    sample = [q for q in qs if q.length == 3000][:3]
    if not sample:
        return None
    docs: dict[str, list[str]] = {}
    for para in archive.paragraphs():
        docs.setdefault(para.doc_id, []).extend(para.tokens or [])
    ids = list(docs)
    choices = [" ".join(docs[i]) for i in ids]
    del docs
    times = []
    ranks = []
    for q in sample:
        query = " ".join(tokenizer.tokens(q.text))
        t = time.perf_counter()
        # cdist(choices, [query], workers=-1) would use both cores but needs numpy.
        best = process.extract(query, choices, scorer=fuzz.token_set_ratio, limit=10)
        times.append((time.perf_counter() - t) * 1000)
        top = [ids[i] for _, _, i in best]
        ranks.append(top.index(q.source) + 1 if q.source in top else 0)
    p50 = statistics.median(times)
    say(
        f"plain rapidfuzz token_set_ratio over all {len(ids):,} documents "
        f"({len(sample)} queries of 3,000 chars, one core): p50 {p50:,.0f} ms; "
        f"source ranks {ranks}"
    )
    return p50


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("docs", type=int, nargs="?", default=10_000)
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "rd-bench")
    parser.add_argument("--queries", type=int, default=50)
    args = parser.parse_args(argv)
    figures = run(args.docs, args.cache, args.queries)
    return 1 if figures.failures else 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    raise SystemExit(main())
