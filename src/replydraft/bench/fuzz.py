"""Fuzzing: generated hostile inputs through the real entry points, seeded and repeatable.

Each case builds one input (damaged text in some encoding, a mutated .docx, a template
made of random constructs, a profile of odd values, a mutated draft file) and runs what
the app runs on it. The only acceptable outcomes are success or one of the project's
known errors (ReplydraftError, a Chinese message); anything else is a bug, and so is a
case slower than CASE_SECONDS. The test suite runs a few hundred cases; `replydraft bench
fuzz --seconds N` runs as many as fit in N seconds and exits 1 on any failure.
"""

from __future__ import annotations

import io
import json
import random
import tempfile
import time
import traceback
import zipfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from replydraft import paths
from replydraft.errors import is_known

CASE_SECONDS = 30.0  # the floor for any one input


@dataclass
class FuzzFailure:
    target: str
    case: int  # run(seed, …) with the same seed reaches it again
    seconds: float
    problem: str  # the exception and where it was raised, or "too slow"

    def __str__(self) -> str:
        return f"{self.target} #{self.case} ({self.seconds:.1f} s): {self.problem}"


@dataclass
class FuzzReport:
    cases: Counter[str] = field(default_factory=Counter)
    known: Counter[str] = field(default_factory=Counter)  # ended in a known error (fine)
    failures: list[FuzzFailure] = field(default_factory=list)
    slowest: tuple[float, str] = (0.0, "")

    def summary(self) -> str:
        per = ", ".join(f"{t} {n} ({self.known[t]} refused)" for t, n in sorted(self.cases.items()))
        return (
            f"fuzz: {sum(self.cases.values())} cases: {per}; {len(self.failures)} failures; "
            f"slowest {self.slowest[0]:.2f} s ({self.slowest[1]})"
        )


# --- Generators ------------------------------------------------------------------------------


def _seed_texts() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(paths.seeds_dir().glob("*.txt"))]


def _mutate_bytes(rng: random.Random, data: bytes) -> bytes:
    """A few of the damages files meet: flipped bits, a cut end, inserted or lost bytes."""
    out = bytearray(data)
    for _ in range(rng.choice([1, 1, 2, 3, 8, 40])):
        if not out:
            break
        what = rng.random()
        at = rng.randrange(len(out))
        if what < 0.4:
            out[at] ^= 1 << rng.randrange(8)
        elif what < 0.55:
            del out[at:]
        elif what < 0.7:
            out[at:at] = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 16)))
        elif what < 0.85:
            del out[at : at + rng.randrange(1, 64)]
        else:
            chunk = out[at : at + rng.randrange(1, 4096)]
            out[at:at] = chunk * rng.randrange(1, 50)
    return bytes(out)


_ODD_TEXT = [
    "\x00",
    "\x1b[2J",
    "\r",
    "\u202e",
    "\ufeff",
    "\ufffd",
    "\ud800",
    "𠀀𪚥",
    "《",
    "（一）",
    "一、",
    "第195号",
    "\t" * 50,
    "\n" * 30,
    "答复" * 500,
    "。" * 200,
    "<w:t>",
    "{{ x }}",
    "%s%n",
]


def _mutate_text(rng: random.Random, text: str) -> str:
    parts = list(text)
    for _ in range(rng.randrange(1, 12)):
        at = rng.randrange(len(parts) + 1)
        parts[at:at] = [rng.choice(_ODD_TEXT)]
    return "".join(parts)


def fuzz_text(rng: random.Random, folder: Path, seeds: list[str]) -> None:
    from replydraft.ingest import ingest_bytes

    text = rng.choice(seeds)
    if rng.random() < 0.5:
        text = text[: rng.randrange(1, len(text) + 1)]
    if rng.random() < 0.3:
        text = _mutate_text(rng, text)
    encoding = rng.choice(["utf-8", "utf-8", "utf-8-sig", "gb18030", "utf-16", "big5", "utf-32"])
    data = text.encode(encoding, "surrogatepass" if encoding.startswith("utf") else "ignore")
    if rng.random() < 0.8:
        data = _mutate_bytes(rng, data)
    if rng.random() < 0.05:
        data = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 5000)))
    ingest_bytes(data, rng.choice(["答复.txt", "a.text", "提案.TXT"]))


def _docx_bytes(paragraphs: list[str]) -> bytes:
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "联系人"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def fuzz_docx(rng: random.Random, folder: Path, seeds: list[str]) -> None:
    from replydraft.ingest import ingest_bytes

    lines = [p for p in rng.choice(seeds).split("\n") if p.strip()]
    start = rng.randrange(len(lines))
    paragraphs = [_mutate_text(rng, p) if rng.random() < 0.1 else p for p in lines[start:]]
    # XML refuses control characters (python-docx raises): keep those for the zip level.
    paragraphs = ["".join(c for c in p if c >= " " and c != "\ud800") for p in paragraphs]
    data = _docx_bytes(paragraphs)
    what = rng.random()
    if what < 0.4:
        data = _mutate_bytes(rng, data)
    elif what < 0.8:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            members = {i.filename: zf.read(i) for i in zf.infolist()}
        name = rng.choice(sorted(members))
        members[name] = _mutate_bytes(rng, members[name])
        if rng.random() < 0.2:
            depth = rng.randrange(10, 5000)
            members["word/document.xml"] = (
                b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
                + b"<w:sdt><w:sdtContent>" * depth
                + b"<w:p><w:r><w:t>x</w:t></w:r></w:p>"
            )
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
            for member, body in members.items():
                zf.writestr(member, body)
        data = out.getvalue()
    ingest_bytes(data, "答复.docx")


_TEMPLATE_PIECES = [
    "{{ proposal.title }}",
    "{{ proposal.titel }}",
    "{{ x }}",
    "{{ ''.__class__ }}",
    "{{ cycler.__init__ }}",
    "{% for i in range(N) %}{{ i }}{% endfor %}",
    "{% for i in range(N) %}{% for j in range(N) %}{% endfor %}{% endfor %}",
    "{{ 'x'|center(N) }}",
    "{{ 'x'.ljust(N) }}",
    "{{ '%Nd' % 1 }}",
    "{{ '{:>N}'.format(1) }}",
    "{{ ('x' * N)|replace('x', 'xx') }}",
    "{{ range(N)|join('-') }}",
    "{% set ns = namespace(s='ab') %}{% for i in range(N) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}",
    "{{ proposal.suggestions|join('；')|indent(N) }}",
    "{{ todo('某') }}",
    "{% if proposal.proposers %}{{ proposal.proposers|names }}{% endif %}",
    "{{ 1 / 0 }}",
    "{{ 2 ** N }}",
    "{% macro m(n) %}{{ m(n) }}{% endmacro %}{{ m(1) }}",
    "{% for %}",
    "{{ }}",
    "{% block x %}",
    "谢谢。",
]


def fuzz_template(rng: random.Random, folder: Path, seeds: list[str]) -> None:
    from replydraft.templates import TemplateStore

    body = "".join(
        rng.choice(_TEMPLATE_PIECES).replace(
            "N", str(rng.choice([0, 1, 3, 100, 5000, 99999, 10**6, 2**31, 10**12]))
        )
        for _ in range(rng.randrange(1, 5))
    )
    block = rng.choice(["thanks", "title", "opening", "overview", "suggestion_heading"])
    source = f'{{% extends "replies/base.j2" %}}\n{{% block {block} %}}\n{body}\n{{% endblock %}}\n'
    path = folder / "fuzz.j2"
    path.write_text(source, encoding="utf-8", errors="surrogatepass")
    TemplateStore(paths.templates_dir(), folder / "user").check(path)


_PROFILE_KEYS = [
    "name",
    "self_reference",
    "signer",
    "cc",
    "aliases",
    "notes",
    "result_labels",
    "default_result",
    "show_header",
    "template",
    "doc_number_pattern",
    "style.paper_width_mm",
    "style.margin_left_mm",
    "style.body_size_pt",
    "style.line_pitch_pt",
    "style.chars_per_line",
    "style.font_body",
    "style.page_numbers",
    "contact.phone",
]


def _toml_value(rng: random.Random) -> str:
    choice = rng.randrange(12)
    if choice == 0:
        return rng.choice(["nan", "inf", "-inf", "-16", "0", "1e308", "99999999999999999999"])
    if choice == 1:
        return str(rng.uniform(-1000, 1000))
    if choice == 2:
        return str(rng.randrange(-10, 400))
    if choice == 3:
        return rng.choice(["true", "false"])
    if choice == 4:
        depth = rng.randrange(1, 800)
        return "[" * depth + "]" * depth
    if choice == 5:
        return json.dumps(["甲"] * rng.randrange(0, 300), ensure_ascii=False)
    if choice == 6:
        return json.dumps("长" * rng.choice([1, 100, 600, 100_000]), ensure_ascii=False)
    if choice == 7:
        return json.dumps(rng.choice(["仿宋\x00", "a\nb", "\u202e", "{year}{x}", "{", ""]))
    if choice == 8:
        return "{ a = 1 }"
    if choice == 9:
        return '"""' + "多行" * rng.randrange(5) + '"""'
    return json.dumps(
        rng.choice(["示例区某某局", "我局", "A", "楷体", "区政府办公室"]), ensure_ascii=False
    )


def fuzz_profile(rng: random.Random, folder: Path, seeds: list[str]) -> None:
    from replydraft.profiles import load_profile

    lines = ['name = "示例区某某局"'] if rng.random() < 0.9 else []
    tables: dict[str, list[str]] = {"": lines, "style": [], "contact": []}
    for _ in range(rng.randrange(1, 6)):
        key = rng.choice(_PROFILE_KEYS)
        table, _, short = key.rpartition(".")
        tables[table].append(f"{short} = {_toml_value(rng)}")
    text = "\n".join(tables[""])
    for table in ("style", "contact"):
        if tables[table]:
            text += f"\n[{table}]\n" + "\n".join(tables[table])
    data = text.encode("utf-8", "surrogatepass")
    if rng.random() < 0.2:
        data = _mutate_bytes(rng, data)
    path = folder / "fuzz.toml"
    path.write_bytes(data)
    load_profile(path)


def _json_value(rng: random.Random, depth: int = 0) -> Any:
    choice = rng.randrange(10 if depth < 4 else 7)
    if choice == 0:
        return None
    if choice == 1:
        return rng.choice([True, False])
    if choice == 2:
        return rng.choice([0, -1, 5, 99, 2**63, 1e308, -0.0, 3.5])
    if choice == 3:
        return rng.choice(_ODD_TEXT)
    if choice in (4, 5, 6):
        return rng.choice(["", "示例", "一、", "2025-13-45", "x" * rng.randrange(0, 3000)])
    if choice == 7:
        return [_json_value(rng, depth + 1) for _ in range(rng.randrange(0, 5))]
    if choice == 8:
        keys = ["text", "heading", "level", "paragraphs", "sections", "source", "score"]
        return {rng.choice(keys): _json_value(rng, depth + 1) for _ in range(rng.randrange(0, 4))}
    return [{"heading": "x", "level": rng.randrange(-1, 7)}] * rng.randrange(0, 150)


def _replace_somewhere(rng: random.Random, node: Any, value: Any) -> Any:
    """`node` with one of its values (at a random depth) replaced by `value`."""
    if isinstance(node, dict) and node and rng.random() < 0.8:
        key = rng.choice(sorted(node))
        node[key] = _replace_somewhere(rng, node[key], value)
        return node
    if isinstance(node, list) and node and rng.random() < 0.8:
        at = rng.randrange(len(node))
        node[at] = _replace_somewhere(rng, node[at], value)
        return node
    return value


def _sample_draft() -> dict[str, Any]:
    from replydraft.draft import draft_to_json
    from replydraft.records import Contact, Draft, DraftParagraph, DraftSection, Source

    source = Source(doc_id="abc", title="对第1号提案的答复", score=80.0)
    draft = Draft(
        bureau="example",
        title="对示例区政协一届二次会议第012号提案的答复",
        salutation="赵明委员",
        opening="您提出的提案收悉，现答复如下：",
        sections=[
            DraftSection(
                "办理概述",
                1,
                [DraftParagraph("收到提案后，我局高度重视。", source)],
                [DraftSection("延长服务时间", 2, [DraftParagraph("我局将延长服务时间。")])],
            )
        ],
        closing=["感谢您对我局工作的关心和支持。"],
        signature="示例区某某局",
        date="2025-05-07",
        contact=Contact("张某", "12345678"),
        cc=["区政府办公室"],
    )
    data: dict[str, Any] = json.loads(draft_to_json(draft))
    return data


def fuzz_draft(rng: random.Random, folder: Path, seeds: list[str]) -> None:
    from replydraft.draft import load_draft
    from replydraft.render import render_blocks
    from replydraft.text_export import to_plain_text

    data = _sample_draft()
    for _ in range(rng.randrange(1, 4)):
        data = _replace_somewhere(rng, data, _json_value(rng))
    raw = json.dumps(data, ensure_ascii=False).encode("utf-8", "surrogatepass")
    if rng.random() < 0.15:
        raw = _mutate_bytes(rng, raw)
    if rng.random() < 0.03:
        depth = rng.randrange(1000, 200_000)
        raw = b'{"format": "replydraft-draft", "version": 1, "x": ' + b"[" * depth
    path = folder / "fuzz.rdraft.json"
    path.write_bytes(raw)
    draft = load_draft(path)
    render_blocks(draft)
    to_plain_text(draft, header=True, footer=True)
    if rng.random() < 0.1:
        from replydraft.docx_export import export_docx
        from replydraft.profiles import ExportStyle

        export_docx(draft, ExportStyle(), folder / "fuzz.docx")


Target = Callable[[random.Random, Path, list[str]], None]
TARGETS: dict[str, Target] = {
    "text": fuzz_text,
    "docx": fuzz_docx,
    "template": fuzz_template,
    "profile": fuzz_profile,
    "draft": fuzz_draft,
}
# A round: how many cases of each target (templates are the slowest to check).
ROUND = {"text": 6, "docx": 3, "template": 2, "profile": 4, "draft": 4}


def run(
    seed: int = 18,
    *,
    rounds: int | None = None,
    seconds: float | None = None,
    targets: dict[str, Target] | None = None,
) -> FuzzReport:
    """Run rounds of cases (all, or until `seconds` have passed); the same seed runs the
    same cases."""
    targets = targets or TARGETS
    report = FuzzReport()
    seeds = _seed_texts()
    stop = None if seconds is None else time.monotonic() + seconds
    with tempfile.TemporaryDirectory(prefix="replydraft-fuzz-") as tmp:
        folder = Path(tmp)
        case = 0
        done = 0
        while (rounds is None or done < rounds) and (stop is None or time.monotonic() < stop):
            for name, target in targets.items():
                for _ in range(ROUND.get(name, 1)):
                    case += 1
                    _one_case(report, name, target, case, seed, folder, seeds)
            done += 1
    return report


def _one_case(
    report: FuzzReport,
    name: str,
    target: Target,
    case: int,
    seed: int,
    folder: Path,
    seeds: list[str],
) -> None:
    rng = random.Random(f"{seed}:{case}")
    report.cases[name] += 1
    start = time.monotonic()
    problem = ""
    try:
        target(rng, folder, seeds)
    except Exception as exc:
        if is_known(exc):
            report.known[name] += 1
        else:
            where = traceback.extract_tb(exc.__traceback__)[-1]
            problem = f"{type(exc).__name__}: {str(exc)[:200]} at {where.filename}:{where.lineno}"
    seconds = time.monotonic() - start
    if seconds > CASE_SECONDS and not problem:
        problem = f"too slow (over {CASE_SECONDS:g} s)"
    if problem:
        report.failures.append(FuzzFailure(name, case, seconds, problem))
    if seconds > report.slowest[0]:
        report.slowest = (seconds, f"{name} #{case}")


def bench_fuzz(seconds: float, seed: int) -> int:
    """`replydraft bench fuzz`: print the figures; 1 when any case failed."""
    report = run(seed, seconds=seconds)
    for failure in report.failures:
        print(f"FAILED {failure}")
    print(report.summary())
    print(f"seed {seed}; floor: 0 internal errors, no case over {CASE_SECONDS:g} s")
    return 1 if report.failures else 0
