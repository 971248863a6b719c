"""The signed reply back into the archive, as next year's precedent.

The officer exports the draft, the leader edits and signs the .docx (often with tracked
changes), the reply is sent under a 文号 on a date. `archive_sent` reads that final .docx
(insertions accepted, deletions dropped, both listed for the officer), marks the draft as
sent with its 文号 and date, and stores the reply as a past reply of the bureau, with the
proposal's session, number and proposers from the draft, so a search finds it. A draft is
never archived before it is marked sent: marking comes first and is checked again.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from replydraft.errors import ReplydraftError
from replydraft.genre import GAP_OPEN
from replydraft.ingest import Ingested, ingest_file
from replydraft.parse import PARSER_VERSION, parse
from replydraft.records import Draft, Kind, Record
from replydraft.storage.base import ArchiveStore
from replydraft.tokenize import Tokenizer

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


class SentError(ReplydraftError):
    """A final reply or a sending that cannot be archived; str() names the file."""

    def __init__(self, where: Path | str, problem: str) -> None:
        self.problem = problem
        super().__init__(f"{where}: {problem}")


@dataclass(frozen=True)
class TrackedChange:
    """A revision the leader left in the final .docx."""

    kind: str  # "insert" (accepted) or "delete" (dropped)
    text: str
    author: str = ""


@dataclass
class Archived:
    """What `archive_sent` did."""

    record: Record
    added: bool  # False: these exact bytes were archived before
    changes: list[TrackedChange] = field(default_factory=list)


def tracked_changes(final: Path) -> list[TrackedChange]:
    """Insertions and deletions in the body of `final`, in document order."""
    import docx

    try:
        root: Any = docx.Document(str(final)).element
    except Exception:  # ingest_file has said (or will say) what is wrong with the file
        return []
    out = []
    for element in root.iter(_W + "ins", _W + "del"):
        tag = "t" if element.tag == _W + "ins" else "delText"
        text = "".join(t.text or "" for t in element.iter(_W + tag))
        if text.strip():
            kind = "insert" if element.tag == _W + "ins" else "delete"
            out.append(TrackedChange(kind, text, element.get(_W + "author", "")))
    return out


def mark_sent(draft: Draft, doc_number: str, date: str, *, where: Path | str = "") -> None:
    """Record that the reply left under `doc_number` on `date` (ISO); refuses a gap, a
    malformed date, or a draft already sent under another 文号."""
    doc_number = doc_number.strip()
    where = where or "草稿"
    if not doc_number or GAP_OPEN in doc_number:
        raise SentError(where, "请填写发出时的文号（--doc-number）")
    try:
        iso = dt.date.fromisoformat(date.strip()).isoformat()
    except ValueError:
        raise SentError(where, f"发出日期“{date}”应写作 YYYY-MM-DD，例如 2025-05-07") from None
    if draft.is_sent and draft.sent_doc_number != doc_number:
        raise SentError(
            where,
            f"该草稿已于 {draft.sent_date} 以 {draft.sent_doc_number} 发出，不能再以其他文号归档",
        )
    draft.sent_doc_number = doc_number
    draft.sent_date = iso
    draft.header.doc_number = doc_number


def read_final(final: Path) -> Ingested:
    """The final reply's text (IngestError when unreadable); SentError for another format
    than .docx (a scan or a PDF is not the reply as signed) or while gaps remain."""
    if final.suffix.lower() != ".docx":
        raise SentError(final, "定稿应为 Word 文档（.docx），请在 Word/WPS 中另存为 .docx 后再归档")
    ingested = ingest_file(final)
    if any(GAP_OPEN in p for p in ingested.paragraphs):
        raise SentError(final, "定稿中仍有【待填写】内容，请补全后再归档")
    return ingested


def suggested_doc_number(draft: Draft) -> str:
    """The 文号 to offer when marking sent: the one it went out under, else the draft's with
    its 【待填写】 number taken out ("浦科经委办理〔2026〕号": the officer types it in)."""
    if draft.sent_doc_number:
        return draft.sent_doc_number
    return re.sub(re.escape(GAP_OPEN) + r"[^】]*】", "", draft.header.doc_number).strip()


def sent_record(final: Path, draft: Draft) -> Record:
    """The final .docx as a reply record, its fields completed from the sent draft."""
    if not draft.is_sent:
        raise SentError(final, "草稿尚未标记为已发出，不能作为答复归档")
    ingested = read_final(final)
    parsed = parse(ingested.paragraphs, Kind.REPLY)
    parsed.kind = Kind.REPLY
    parsed.doc_number = draft.sent_doc_number  # the 文号 it went out under wins
    parsed.date = draft.sent_date if not parsed.date else parsed.date
    proposal = draft.proposal
    parsed.title = parsed.title or draft.title
    parsed.bureau = parsed.bureau or draft.signature
    parsed.session = parsed.session or proposal.session
    parsed.proposal_number = parsed.proposal_number or proposal.proposal_number
    parsed.recipients = parsed.recipients or list(proposal.proposers)
    parsed.result = parsed.result or draft.header.result
    parsed.disclosure = parsed.disclosure or draft.header.disclosure
    return Record(
        id=ingested.sha256[:12],
        sha256=ingested.sha256,
        source=ingested.source,
        format=ingested.format,
        encoding=ingested.encoding,
        paragraphs=list(ingested.paragraphs),
        parsed=parsed,
    )


def archive_sent(
    archive: ArchiveStore, tokenizer: Tokenizer, final: Path, draft: Draft
) -> Archived:
    """Store the final reply of a draft marked sent (see `mark_sent`) in `archive`."""
    record = sent_record(final, draft)
    tokens = [tokenizer.tokens(p) for p in record.paragraphs]
    # kind_forced: a later re-parse keeps it a reply whatever the parser then thinks.
    added = archive.add(record, tokens, parser_version=PARSER_VERSION, kind_forced=True)
    return Archived(record, added, tracked_changes(final))
