"""Records for the storage tests, built from the seed files' real text (split at lines)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from replydraft.records import Contact, Kind, Parsed, Record, Section


def record_from_bytes(data: bytes, source: str, kind: Kind = Kind.REPLY) -> Record:
    text = data.decode("utf-8")
    paragraphs = [p.strip() for p in text.split("\n") if p.strip()]
    sha = hashlib.sha256(data).hexdigest()
    parsed = Parsed(
        kind=kind,
        title=paragraphs[0],
        bureau="浦东新区科技和经济委员会",
        date="2025-04-21",
        proposal_number="195",
        session="浦东新区政协七届四次会议",
        recipients=["吴佳桢"],
        contact=Contact(name="张三", phone="021-12345678"),
        sections=[Section(heading="对本提案的办理概述", level=1, paragraphs=paragraphs[2:4])],
    )
    return Record(
        id=sha[:12],
        sha256=sha,
        source=source,
        format="txt",
        encoding="utf-8",
        paragraphs=paragraphs,
        parsed=parsed,
    )


def seed_record(path: Path, kind: Kind = Kind.REPLY) -> Record:
    return record_from_bytes(path.read_bytes(), path.name, kind)


def variant(path: Path, n: int, kind: Kind = Kind.REPLY) -> Record:
    """Another file: the seed's text with a line of its own, so other bytes and another id."""
    data = path.read_bytes() + f"\n附件{n}：第{n}号补充说明\n".encode()
    return record_from_bytes(data, f"{path.stem}-{n}.txt", kind)


def crude_tokens(record: Record) -> list[list[str]]:
    # Not jieba: the archive stores whatever token lists it is given.
    words = ["".join(p.split()) for p in record.paragraphs]
    return [[w[i : i + 2] for i in range(0, min(len(w), 8), 2)] for w in words]
